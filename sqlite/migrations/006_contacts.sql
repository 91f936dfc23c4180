-- Contacts (issue 6, item 3): the people and organisations a playbook's
-- team calls in a crisis, with their channels and the call tree.
--
-- The scalar fields have columns; the channels, the resources the contact
-- is (RES refs) and the contacts it calls next (C refs) are read and
-- written whole, so they are one canonical JSON object in body. The store
-- refuses a call to a contact that does not exist and carries renames and
-- deletions of contacts into the others' calls; resource references are
-- text, judged by the rules.

CREATE TABLE contacts (
	id           INTEGER PRIMARY KEY,
	ref          TEXT NOT NULL UNIQUE COLLATE NOCASE,
	name         TEXT NOT NULL,
	kind         TEXT NOT NULL,
	organisation TEXT NOT NULL DEFAULT '',
	role         TEXT NOT NULL DEFAULT '',
	notes        TEXT NOT NULL DEFAULT '',
	-- {"calls_next": …, "channels": …, "resources": …}
	body         TEXT NOT NULL,
	created      TEXT NOT NULL,
	updated      TEXT NOT NULL
) STRICT;
