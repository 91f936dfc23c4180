-- Activations (issue 6, item 4): the record of each time a playbook was
-- declared, which becomes the incident record once it is closed.
--
-- playbook is the declared playbook's reference as text, not a link: the
-- record outlives the playbook, and references of deleted playbooks are
-- never reused. A rename of the playbook is carried to its activations by
-- the store. The steps (copied from the playbook when it was declared, then
-- ticked) and the decision log are read and written whole, so they are one
-- canonical JSON object in body.

CREATE TABLE activations (
	id          INTEGER PRIMARY KEY,
	ref         TEXT NOT NULL UNIQUE COLLATE NOCASE,
	playbook    TEXT NOT NULL COLLATE NOCASE,
	trigger     TEXT NOT NULL,
	declared_by TEXT NOT NULL,
	declared_at TEXT NOT NULL,
	closed_at   TEXT NOT NULL DEFAULT '',
	-- {"log": …, "steps": …}
	body        TEXT NOT NULL,
	created     TEXT NOT NULL,
	updated     TEXT NOT NULL
) STRICT;

CREATE INDEX activations_playbook ON activations (playbook);
