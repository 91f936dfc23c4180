-- The business impact analysis: its settings, activities and resources, the
-- links between them, and the activities and resources risks threaten.
--
-- Links are stored by row ID, so that renaming an activity or a resource
-- carries every reference to it along, and deleting one removes its links
-- (foreign keys are on in every connection). Durations (MTPD, RTO, RPO,
-- backup interval, contract RTO) are whole minutes, 0 meaning not set;
-- calendar dates are YYYY-MM-DD or ''; instants are RFC 3339 in UTC.

-- One row, absent until the settings are first saved (workspaces made before
-- this migration use bcp.DefaultSettings): small and read and written whole.
CREATE TABLE bia_settings (
	id   INTEGER PRIMARY KEY CHECK (id = 1),
	body TEXT NOT NULL
) STRICT;

CREATE TABLE activities (
	id            INTEGER PRIMARY KEY,
	ref           TEXT NOT NULL UNIQUE COLLATE NOCASE,
	name          TEXT NOT NULL,
	description   TEXT NOT NULL DEFAULT '',
	owner         TEXT NOT NULL DEFAULT '',
	priority      INTEGER NOT NULL DEFAULT 0,
	peak_periods  TEXT NOT NULL DEFAULT '',
	-- The impact grid as canonical JSON: [{"category": …, "severities": […]}] or null.
	impacts       TEXT NOT NULL DEFAULT 'null',
	mtpd_override INTEGER NOT NULL DEFAULT 0,
	mtpd_reason   TEXT NOT NULL DEFAULT '',
	rto           INTEGER NOT NULL DEFAULT 0,
	rpo           INTEGER NOT NULL DEFAULT 0,
	mbco          TEXT NOT NULL DEFAULT '',
	approved      TEXT NOT NULL DEFAULT '',
	created       TEXT NOT NULL,
	updated       TEXT NOT NULL
) STRICT;

CREATE TABLE resources (
	id                 INTEGER PRIMARY KEY,
	ref                TEXT NOT NULL UNIQUE COLLATE NOCASE,
	name               TEXT NOT NULL,
	kind               TEXT NOT NULL,
	description        TEXT NOT NULL DEFAULT '',
	alternates         TEXT NOT NULL DEFAULT '',
	contacts           TEXT NOT NULL DEFAULT '',
	region             TEXT NOT NULL DEFAULT '',
	achievable_rto     INTEGER NOT NULL DEFAULT 0,
	achievable_rpo     INTEGER NOT NULL DEFAULT 0,
	backup_interval    INTEGER NOT NULL DEFAULT 0,
	replication        TEXT NOT NULL DEFAULT '',
	standby            TEXT NOT NULL DEFAULT '',
	sla                TEXT NOT NULL DEFAULT '',
	contract_rto       INTEGER NOT NULL DEFAULT 0,
	capacity_confirmed TEXT NOT NULL DEFAULT '',
	created            TEXT NOT NULL,
	updated            TEXT NOT NULL
) STRICT;

-- The activities an activity needs.
CREATE TABLE activity_upstream (
	activity_id INTEGER NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
	upstream_id INTEGER NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
	PRIMARY KEY (activity_id, upstream_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX activity_upstream_upstream ON activity_upstream (upstream_id);

-- The resources an activity needs.
CREATE TABLE activity_resources (
	activity_id INTEGER NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
	resource_id INTEGER NOT NULL REFERENCES resources (id) ON DELETE CASCADE,
	PRIMARY KEY (activity_id, resource_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX activity_resources_resource ON activity_resources (resource_id);

-- The sites an ICT system runs at.
CREATE TABLE resource_sites (
	resource_id INTEGER NOT NULL REFERENCES resources (id) ON DELETE CASCADE,
	site_id     INTEGER NOT NULL REFERENCES resources (id) ON DELETE CASCADE,
	PRIMARY KEY (resource_id, site_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX resource_sites_site ON resource_sites (site_id);

-- The activities and resources a risk threatens (risk.Risk.Threatens): each
-- row names exactly one of them.
CREATE TABLE risk_threats (
	risk_id     INTEGER NOT NULL REFERENCES risks (id) ON DELETE CASCADE,
	activity_id INTEGER REFERENCES activities (id) ON DELETE CASCADE,
	resource_id INTEGER REFERENCES resources (id) ON DELETE CASCADE,
	CHECK ((activity_id IS NULL) != (resource_id IS NULL)),
	UNIQUE (risk_id, activity_id),
	UNIQUE (risk_id, resource_id)
) STRICT;

CREATE INDEX risk_threats_activity ON risk_threats (activity_id);
CREATE INDEX risk_threats_resource ON risk_threats (resource_id);
