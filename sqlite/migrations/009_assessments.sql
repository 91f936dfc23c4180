-- Closed assessments (issue 17): a named, dated, read-only copy of the
-- records — the register with its criteria and Statement of Applicability,
-- the business impact analysis, the playbooks, exercises, incident records
-- and contacts — never the change log, which only grows and is shared.
-- records is the canonical JSON of riskbook dump holding only those parts,
-- compressed with gzip; digest is the SHA-256 of that JSON uncompressed.
-- through is the last change-log row before the closing, which the change
-- log also records (entity "assessment", key the name).
CREATE TABLE assessments (
	id        INTEGER PRIMARY KEY,
	name      TEXT NOT NULL UNIQUE COLLATE NOCASE,
	closed    TEXT NOT NULL,
	closed_by TEXT NOT NULL,
	through   INTEGER NOT NULL,
	digest    TEXT NOT NULL,
	records   BLOB NOT NULL
) STRICT;

-- A closed assessment is evidence: it is never changed or removed.
CREATE TRIGGER assessments_frozen BEFORE UPDATE ON assessments
BEGIN
	SELECT RAISE(ABORT, 'a closed assessment is never changed');
END;

CREATE TRIGGER assessments_kept BEFORE DELETE ON assessments
BEGIN
	SELECT RAISE(ABORT, 'a closed assessment is never removed');
END;
