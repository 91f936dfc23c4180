package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"riskbook/bcp"
	"riskbook/risk"
)

// Contacts (migration 006). The scalar fields have columns; the channels,
// the resources the contact is and the contacts it calls next are one
// canonical JSON body. A call to a contact that does not exist is refused;
// renaming or deleting a contact rewrites the calls of the contacts that
// call it, each such change logged. Resource references are text, judged
// by the rules.

var contactColumns = []string{"ref", "name", "kind", "organisation", "role", "notes", "body", "created", "updated"}

// contactBody is what the body column holds.
type contactBody struct {
	Channels  []bcp.Channel `json:"channels"`
	Resources []string      `json:"resources"`
	CallsNext []string      `json:"calls_next"`
}

var (
	insertContactSQL = fmt.Sprintf("INSERT INTO contacts (%s) VALUES (%s) RETURNING id",
		strings.Join(contactColumns, ", "), strings.TrimSuffix(strings.Repeat("?, ", len(contactColumns)), ", "))
	updateContactSQL = fmt.Sprintf("UPDATE contacts SET %s = ? WHERE id = ?", strings.Join(contactColumns, " = ?, "))
	selectContactSQL = "SELECT id, " + strings.Join(contactColumns, ", ") + " FROM contacts"
)

func contactValues(c *bcp.Contact) ([]any, error) {
	body, err := canonicalJSON(contactBody{Channels: c.Channels, Resources: c.Resources, CallsNext: c.CallsNext})
	if err != nil {
		return nil, fmt.Errorf("encode contact %s: %w", c.Ref, err)
	}
	return []any{c.Ref, c.Name, c.Kind, c.Organisation, c.Role, c.Notes, body, formatTime(c.Created), formatTime(c.Updated)}, nil
}

func scanContact(s rowScanner) (bcp.Contact, error) {
	var c bcp.Contact
	var body, created, updated string
	if err := s.Scan(&c.ID, &c.Ref, &c.Name, &c.Kind, &c.Organisation, &c.Role, &c.Notes, &body, &created, &updated); err != nil {
		return c, err
	}
	var b contactBody
	if err := json.Unmarshal([]byte(body), &b); err != nil {
		return c, fmt.Errorf("contact %s: malformed body: %w", c.Ref, err)
	}
	c.Channels, c.Resources, c.CallsNext = b.Channels, b.Resources, b.CallsNext
	if err := parseStamps("contact", c.Ref, created, updated, &c.Created, &c.Updated); err != nil {
		return c, err
	}
	return c, nil
}

// Contacts returns every contact in natural reference order.
func (db *DB) Contacts(ctx context.Context) ([]bcp.Contact, error) {
	v, err := contacts(ctx, db.read, "", nil)
	return v, db.readErr(err)
}

func contacts(ctx context.Context, q queryer, where string, arg any) ([]bcp.Contact, error) {
	rows, err := loadEntities(ctx, q, "contacts", selectContactSQL, where, arg, 0, scanContact,
		func(c *bcp.Contact) int64 { return c.ID })
	if err != nil {
		return nil, err
	}
	slices.SortFunc(rows.list, func(a, b bcp.Contact) int { return risk.CompareRefs(a.Ref, b.Ref) })
	return rows.list, nil
}

// contact reads the contact with the ID inside a transaction.
func (tx *Tx) contact(ctx context.Context, id int64, ref string) (bcp.Contact, error) {
	old, err := contacts(ctx, tx, "id = ?", id)
	if err != nil {
		return bcp.Contact{}, err
	}
	if len(old) == 0 {
		return bcp.Contact{}, gone("contact", ref)
	}
	return old[0], nil
}

// CreateContact validates c and stores it as a new contact, filling in its
// ID, timestamps and, when empty, its reference (the next C-NN).
func (db *DB) CreateContact(ctx context.Context, c *bcp.Contact) error {
	return db.update(ctx, func(tx *Tx) error { return tx.createContact(ctx, c) })
}

func (tx *Tx) createContact(ctx context.Context, c *bcp.Contact) error {
	err := tx.stampNew(&c.Ref, &c.Created, &c.Updated, func() (string, error) { return nextContactRef(ctx, tx) })
	if err != nil {
		return err
	}
	if err := tx.checkContact(ctx, c, 0, nil); err != nil {
		return err
	}
	if err := tx.admitContact(ctx, nil, c); err != nil {
		return err
	}
	if err := tx.insertContact(ctx, c); err != nil {
		return err
	}
	return tx.logChange(ctx, "contact", c.Ref, ActionCreate, nil, c)
}

// UpdateContact validates c and saves it over the stored contact with the
// same ID. Saving an unchanged contact changes nothing and logs nothing. A
// new reference is carried into the calls of the contacts that call it.
func (db *DB) UpdateContact(ctx context.Context, c *bcp.Contact) error {
	return db.update(ctx, func(tx *Tx) error { return tx.updateContact(ctx, c) })
}

func (tx *Tx) updateContact(ctx context.Context, c *bcp.Contact) error {
	before, err := tx.contact(ctx, c.ID, c.Ref)
	if err != nil {
		return err
	}
	read := c.Updated
	c.Created, c.Updated = before.Created, before.Updated
	if err := tx.checkContact(ctx, c, c.ID, nil); err != nil {
		return err
	}
	if err := tx.admitContact(ctx, &before, c); err != nil {
		return err
	}
	if same, err := equalJSON(before, *c); err != nil || same {
		return err
	}
	if err := tx.unchanged(ctx, "contact", before.Ref, &c.Updated, read, before.Updated, before); err != nil {
		return err
	}
	c.Updated = tx.restamp(before.Updated)
	if err := tx.saveContact(ctx, c); err != nil {
		return err
	}
	if err := tx.logChange(ctx, "contact", c.Ref, ActionUpdate, before, c); err != nil {
		return err
	}
	if err := tx.rewriteRoles(ctx, &before, c); err != nil {
		return err
	}
	if before.Ref == c.Ref {
		return nil
	}
	return tx.rewriteCalls(ctx, c.ID, before.Ref, c.Ref)
}

// rewriteRoles carries a contact's new name or reference into the
// playbook roles that named it by the old one, each playbook changed
// logged: a role given to a contact stays with the contact, and a name
// filled in over a starter kit's blank reaches every playbook at once.
func (tx *Tx) rewriteRoles(ctx context.Context, before, after *bcp.Contact) error {
	renames := map[string]string{}
	if before.Name != "" && before.Name != after.Name && after.Name != "" {
		renames[strings.ToLower(before.Name)] = after.Name
	}
	if before.Ref != after.Ref {
		renames[strings.ToLower(before.Ref)] = after.Ref
	}
	if len(renames) == 0 {
		return nil
	}
	pbs, err := playbooks(ctx, tx, "", nil)
	if err != nil {
		return err
	}
	for _, p := range pbs {
		changed := false
		for i := range p.Roles {
			for _, who := range []*string{&p.Roles[i].Primary, &p.Roles[i].Alternate} {
				if to, ok := renames[strings.ToLower(strings.TrimSpace(*who))]; ok {
					*who, changed = to, true
				}
			}
		}
		if changed {
			if err := tx.updatePlaybook(ctx, &p); err != nil {
				return fmt.Errorf("follow contact %s in playbook %s: %w", after.Ref, p.Ref, err)
			}
		}
	}
	return nil
}

func (tx *Tx) saveContact(ctx context.Context, c *bcp.Contact) error {
	vals, err := contactValues(c)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, updateContactSQL, append(vals, c.ID)...); err != nil {
		return fmt.Errorf("save contact %s: %w", c.Ref, err)
	}
	return nil
}

// DeleteContact removes a contact and takes it out of the calls of the
// contacts that call it, each of those changes logged; the change log
// keeps what it was.
func (db *DB) DeleteContact(ctx context.Context, id int64) error {
	return db.update(ctx, func(tx *Tx) error {
		old, err := tx.contact(ctx, id, "")
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM contacts WHERE id = ?", id); err != nil {
			return fmt.Errorf("delete contact %s: %w", old.Ref, err)
		}
		if err := tx.logChange(ctx, "contact", old.Ref, ActionDelete, old, nil); err != nil {
			return err
		}
		return tx.rewriteCalls(ctx, id, old.Ref, "")
	})
}

// rewriteCalls replaces the reference from in the calls of every other
// contact than self with to, or removes it when to is empty, logging each
// contact changed.
func (tx *Tx) rewriteCalls(ctx context.Context, self int64, from, to string) error {
	all, err := contacts(ctx, tx, "id != ?", self)
	if err != nil {
		return err
	}
	for _, c := range all {
		if !slices.ContainsFunc(c.CallsNext, func(r string) bool { return strings.EqualFold(r, from) }) {
			continue
		}
		before := c.Clone()
		var calls []string
		for _, r := range c.CallsNext {
			switch {
			case !strings.EqualFold(r, from):
				calls = append(calls, r)
			case to != "":
				calls = append(calls, to)
			}
		}
		c.CallsNext = calls
		c.Normalize()
		c.Updated = tx.restamp(c.Updated)
		if err := tx.saveContact(ctx, &c); err != nil {
			return err
		}
		if err := tx.logChange(ctx, "contact", c.Ref, ActionUpdate, before, c); err != nil {
			return err
		}
	}
	return nil
}

// nextContactRef returns the next free reference in the C-01 series;
// references of deleted contacts are not reused.
func nextContactRef(ctx context.Context, q queryer) (string, error) {
	return nextInSeries(ctx, q, "SELECT ref FROM contacts UNION ALL SELECT key FROM changelog WHERE entity = 'contact'", "C-", 2)
}

// checkContact normalises c as it is stored and refuses what breaks a
// blocking rule, a reference another contact has, or a call to a contact
// that does not exist. id is c's row, zero when new; known are the
// upper-cased references of every contact when the caller has them (a
// restore), nil to read them from the workspace.
func (tx *Tx) checkContact(ctx context.Context, c *bcp.Contact, id int64, known map[string]bool) error {
	*c = c.Clone()
	c.Normalize()
	if err := bcp.ValidateContact(c); err != nil {
		return err
	}
	if len(c.CallsNext) > 0 && known == nil {
		known = map[string]bool{strings.ToUpper(c.Ref): true}
		others, err := contacts(ctx, tx, "id != ?", id)
		if err != nil {
			return err
		}
		for _, o := range others {
			known[strings.ToUpper(o.Ref)] = true
		}
	}
	for _, to := range c.CallsNext {
		if !known[strings.ToUpper(to)] {
			return risk.Err(risk.EINVALID, risk.T("store.contact.call_unknown", risk.Args{"Ref": c.Ref, "To": to}))
		}
	}
	var other string
	err := tx.QueryRowContext(ctx, "SELECT ref FROM contacts WHERE ref = ? AND id != ?", c.Ref, id).Scan(&other)
	switch {
	case err == nil:
		return risk.Err(risk.ECONFLICT, risk.T("store.ref_taken.contact", risk.Args{"Ref": c.Ref, "Other": other}))
	case !errors.Is(err, sql.ErrNoRows):
		return fmt.Errorf("check reference %s: %w", c.Ref, err)
	}
	return nil
}

// admitContact refuses a save of c over before (nil when new) that names a
// resource that does not exist (bcp.AdmitContact).
func (tx *Tx) admitContact(ctx context.Context, before, c *bcp.Contact) error {
	refs, err := recordRefs(ctx, tx)
	if err != nil {
		return err
	}
	return bcp.AdmitContact(before, c, refs)
}

func (tx *Tx) insertContact(ctx context.Context, c *bcp.Contact) error {
	vals, err := contactValues(c)
	if err != nil {
		return err
	}
	if err := tx.QueryRowContext(ctx, insertContactSQL, vals...).Scan(&c.ID); err != nil {
		return fmt.Errorf("save contact %s: %w", c.Ref, err)
	}
	return nil
}

// restoreContacts writes a dump's contacts; their calls are checked
// against the dump's contacts, in whatever order they come.
func (tx *Tx) restoreContacts(ctx context.Context, d *Dump) error {
	known := map[string]bool{}
	for _, c := range d.Contacts {
		known[strings.ToUpper(strings.TrimSpace(c.Ref))] = true
	}
	for i := range d.Contacts {
		c := &d.Contacts[i]
		err := tx.entity(ctx, "contact", c.Ref, func() error {
			if err := tx.checkContact(ctx, c, 0, known); err != nil {
				return err
			}
			return tx.insertContact(ctx, c)
		})
		if err != nil {
			return err
		}
	}
	return nil
}
