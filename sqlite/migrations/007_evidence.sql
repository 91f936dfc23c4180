-- Evidence an auditor relies on (issue 12).
--
-- The day a risk was identified, which may be long before it was recorded
-- here; empty means the day it was recorded (created).
ALTER TABLE risks ADD COLUMN identified TEXT NOT NULL DEFAULT '';

-- The issues of the full document: every full export of a workspace that
-- changed since the previous one records an issue, so that the document's
-- revision table can list every version with what changed in between.
-- through is the last change-log row the issue covers; the change log
-- itself also records each issue (entity "document", key the issue).
CREATE TABLE documents (
	issue       INTEGER PRIMARY KEY,
	version     TEXT NOT NULL,
	exported    TEXT NOT NULL,
	exported_by TEXT NOT NULL,
	through     INTEGER NOT NULL
) STRICT;
