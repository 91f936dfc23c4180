-- The risk register: settings, criteria, control catalogs, the Statement of
-- Applicability, risks with their control links and treatment actions, and
-- the hash-chained change log.

CREATE TABLE settings (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
) STRICT;

-- One row: the criteria are small and always read and written whole.
CREATE TABLE criteria (
	id      INTEGER PRIMARY KEY CHECK (id = 1),
	version INTEGER NOT NULL,
	body    TEXT NOT NULL
) STRICT;

CREATE TABLE catalogs (
	id       TEXT PRIMARY KEY,
	name     TEXT NOT NULL,
	themes   TEXT NOT NULL,
	position INTEGER NOT NULL
) STRICT;

CREATE TABLE controls (
	id       TEXT PRIMARY KEY,
	catalog  TEXT NOT NULL REFERENCES catalogs (id) ON DELETE CASCADE,
	theme    TEXT NOT NULL,
	title    TEXT NOT NULL,
	position INTEGER NOT NULL
) STRICT;

CREATE TABLE soa (
	control        TEXT PRIMARY KEY REFERENCES controls (id) ON DELETE CASCADE,
	applicable     TEXT NOT NULL DEFAULT '',
	justification  TEXT NOT NULL DEFAULT '',
	implementation TEXT NOT NULL DEFAULT '',
	updated        TEXT NOT NULL
) STRICT;

CREATE TABLE risks (
	id                    INTEGER PRIMARY KEY,
	ref                   TEXT NOT NULL UNIQUE COLLATE NOCASE,
	title                 TEXT NOT NULL,
	description           TEXT NOT NULL DEFAULT '',
	category              TEXT NOT NULL DEFAULT '',
	cause                 TEXT NOT NULL DEFAULT '',
	vulnerability         TEXT NOT NULL DEFAULT '',
	consequence           TEXT NOT NULL DEFAULT '',
	owner                 TEXT NOT NULL DEFAULT '',
	inherent_l            INTEGER NOT NULL DEFAULT 0,
	inherent_c            INTEGER NOT NULL DEFAULT 0,
	residual_l            INTEGER NOT NULL DEFAULT 0,
	residual_c            INTEGER NOT NULL DEFAULT 0,
	target_l              INTEGER NOT NULL DEFAULT 0,
	target_c              INTEGER NOT NULL DEFAULT 0,
	justification         TEXT NOT NULL DEFAULT '',
	treatment             TEXT NOT NULL DEFAULT '',
	control_effectiveness TEXT NOT NULL DEFAULT '',
	acceptance_approver   TEXT NOT NULL DEFAULT '',
	acceptance_date       TEXT NOT NULL DEFAULT '',
	acceptance_expiry     TEXT NOT NULL DEFAULT '',
	acceptance_rationale  TEXT NOT NULL DEFAULT '',
	review_frequency      TEXT NOT NULL DEFAULT '',
	last_review           TEXT NOT NULL DEFAULT '',
	next_review           TEXT NOT NULL DEFAULT '',
	status                TEXT NOT NULL DEFAULT '',
	source                TEXT NOT NULL DEFAULT '',
	confidence            TEXT NOT NULL DEFAULT '',
	created               TEXT NOT NULL,
	updated               TEXT NOT NULL
) STRICT;

CREATE TABLE risk_controls (
	risk_id INTEGER NOT NULL REFERENCES risks (id) ON DELETE CASCADE,
	control TEXT NOT NULL REFERENCES controls (id),
	PRIMARY KEY (risk_id, control)
) STRICT, WITHOUT ROWID;

CREATE INDEX risk_controls_control ON risk_controls (control);

CREATE TABLE actions (
	id       INTEGER PRIMARY KEY,
	risk_id  INTEGER NOT NULL REFERENCES risks (id) ON DELETE CASCADE,
	position INTEGER NOT NULL,
	title    TEXT NOT NULL,
	owner    TEXT NOT NULL DEFAULT '',
	due      TEXT NOT NULL DEFAULT '',
	status   TEXT NOT NULL DEFAULT 'planned',
	progress INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE INDEX actions_risk ON actions (risk_id, position);

-- Append-only. hash = SHA-256 over prev_hash and this row's fields; see
-- changelog.go for the exact encoding.
CREATE TABLE changelog (
	id        INTEGER PRIMARY KEY,
	at        TEXT NOT NULL,
	actor     TEXT NOT NULL,
	entity    TEXT NOT NULL,
	key       TEXT NOT NULL,
	action    TEXT NOT NULL,
	before    TEXT NOT NULL,
	after     TEXT NOT NULL,
	prev_hash TEXT NOT NULL,
	hash      TEXT NOT NULL
) STRICT;

-- A risk's history, and the references ever used (never reused).
CREATE INDEX changelog_entity_key ON changelog (entity, key);
