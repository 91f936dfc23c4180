-- The change log moves behind every table of records. Compaction (VACUUM)
-- writes the tables in the order they were created, so the records then
-- come first in the file and their history after them: a file cut short —
-- a copy stopped halfway — loses history before records, and a salvage
-- brings the lost records back from the history that remains. The rows and
-- their hashes are copied as they are.

CREATE TABLE changelog_moved (
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

INSERT INTO changelog_moved SELECT id, at, actor, entity, key, action, before, after, prev_hash, hash FROM changelog;
DROP TABLE changelog;
ALTER TABLE changelog_moved RENAME TO changelog;
CREATE INDEX changelog_entity_key ON changelog (entity, key);
