-- Playbooks (issue 6): a continuity plan for one scenario each.
--
-- The scalar fields have columns; the roles, phases and their steps,
-- communications, out-of-band channels and the roles that may declare are
-- read and written whole, so they are one canonical JSON object in body.
-- The activities and resources a playbook restores and the risks it answers
-- are links by row ID, as in migration 002: a rename carries along, a
-- deletion removes the link.

CREATE TABLE playbooks (
	id                  INTEGER PRIMARY KEY,
	ref                 TEXT NOT NULL UNIQUE COLLATE NOCASE,
	title               TEXT NOT NULL,
	scenario            TEXT NOT NULL DEFAULT '',
	scope               TEXT NOT NULL DEFAULT '',
	activation_criteria TEXT NOT NULL DEFAULT '',
	version             TEXT NOT NULL DEFAULT '',
	owner               TEXT NOT NULL DEFAULT '',
	approved            TEXT NOT NULL DEFAULT '',
	last_exercised      TEXT NOT NULL DEFAULT '',
	-- {"communications": …, "may_declare": …, "out_of_band": …, "phases": …, "roles": …}
	body                TEXT NOT NULL,
	created             TEXT NOT NULL,
	updated             TEXT NOT NULL
) STRICT;

-- The activities a playbook restores.
CREATE TABLE playbook_activities (
	playbook_id INTEGER NOT NULL REFERENCES playbooks (id) ON DELETE CASCADE,
	activity_id INTEGER NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
	PRIMARY KEY (playbook_id, activity_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX playbook_activities_activity ON playbook_activities (activity_id);

-- The resources a playbook restores.
CREATE TABLE playbook_resources (
	playbook_id INTEGER NOT NULL REFERENCES playbooks (id) ON DELETE CASCADE,
	resource_id INTEGER NOT NULL REFERENCES resources (id) ON DELETE CASCADE,
	PRIMARY KEY (playbook_id, resource_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX playbook_resources_resource ON playbook_resources (resource_id);

-- The risks a playbook answers.
CREATE TABLE playbook_risks (
	playbook_id INTEGER NOT NULL REFERENCES playbooks (id) ON DELETE CASCADE,
	risk_id     INTEGER NOT NULL REFERENCES risks (id) ON DELETE CASCADE,
	PRIMARY KEY (playbook_id, risk_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX playbook_risks_risk ON playbook_risks (risk_id);
