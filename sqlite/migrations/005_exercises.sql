-- Exercises (issue 6): rehearsals of the playbooks (ISO 22301 8.5).
--
-- The scalar fields have columns; the playbooks played, injects,
-- participants, objectives, results, findings and improvement actions are
-- read and written whole, so they are one canonical JSON object in body.
-- The references they hold (PB-01, ACT-01, R-001) are text: an exercise is
-- a record of what was played on the day, and the rules report a reference
-- that names nothing any more.

CREATE TABLE exercises (
	id          INTEGER PRIMARY KEY,
	ref         TEXT NOT NULL UNIQUE COLLATE NOCASE,
	title       TEXT NOT NULL,
	type        TEXT NOT NULL,
	date        TEXT NOT NULL,
	scenario    TEXT NOT NULL DEFAULT '',
	report_date TEXT NOT NULL DEFAULT '',
	-- {"actions": …, "findings": …, "injects": …, "objectives": …,
	--  "participants": …, "playbooks": …, "results": …}
	body        TEXT NOT NULL,
	created     TEXT NOT NULL,
	updated     TEXT NOT NULL
) STRICT;
