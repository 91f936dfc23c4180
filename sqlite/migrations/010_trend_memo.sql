-- What the indicators over time (issue 17) already computed: the points of
-- months that are over and of closed assessments never change, since
-- they come from change-log rows that are never changed and from frozen
-- records. data (gzip-compressed, its meaning the workspace layer's)
-- holds what the change log gave up to the row through, whose hash it
-- keeps: a history that no longer has that row as it was makes it void.
-- It is derived, never edited by a person, never in the change log or a
-- dump, and at most one row; deleting it only costs the next trend a
-- replay of the whole history.
CREATE TABLE trend_memo (
	version INTEGER NOT NULL,
	through INTEGER NOT NULL,
	hash    TEXT NOT NULL,
	data    BLOB NOT NULL
) STRICT;
