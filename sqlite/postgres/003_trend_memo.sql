-- What the indicators over time already computed, as the file's migration
-- 010: derived from the change log up to the row through (whose hash it
-- keeps), at most one row, never in the change log or a dump.

CREATE TABLE trend_memo (
	version bigint NOT NULL,
	through bigint NOT NULL,
	hash    text COLLATE "C" NOT NULL,
	data    bytea NOT NULL
);
