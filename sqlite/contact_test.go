package sqlite

import (
	"context"
	"strings"
	"testing"
	"time"

	"riskbook/bcp"
	"riskbook/risk"
)

func createContact(t testing.TB, db *DB, c bcp.Contact) bcp.Contact {
	t.Helper()
	if err := db.CreateContact(context.Background(), &c); err != nil {
		t.Fatalf("CreateContact %s: %v", c.Name, err)
	}
	return c
}

func storedContact(t testing.TB, db *DB, id int64) bcp.Contact {
	t.Helper()
	cs, err := db.Contacts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cs {
		if c.ID == id {
			return c
		}
	}
	t.Fatalf("no contact %d", id)
	return bcp.Contact{}
}

// fullContact has every field set, with padded text, a blank channel and
// unsorted references.
func fullContact(f *biaFixture, calls ...string) bcp.Contact {
	return bcp.Contact{
		Name: " Nguyễn Văn Ánh ", Kind: bcp.ContactPerson, Organisation: " VNNIC ", Role: " Technical lead ",
		Channels: []bcp.Channel{{Kind: "Mobile", Value: " +84 912 000 000 ", OutOfBand: true, Note: "personal"}, {},
			{Kind: "email", Value: "anh@nic.example"}},
		Resources: []string{" " + f.person.Ref}, Notes: unicodeText, CallsNext: calls,
	}
}

func TestContactRoundTrip(t *testing.T) {
	ctx := context.Background()
	db, _ := newWorkspace(t, TemplateBlank)
	clk := newClock(db)
	f := addBIA(t, db)
	created := clk.advance(time.Minute)

	n := len(changeRows(t, db))
	noc := createContact(t, db, bcp.Contact{Name: "Anycast NOC", Kind: bcp.ContactOrganisation,
		Channels: []bcp.Channel{{Kind: "phone", Value: "+44 20 0000", Note: "24/7"}}})
	c := createContact(t, db, fullContact(f, "c-01"))
	assertNoZeroField(t, c)
	if noc.Ref != "C-01" || c.Ref != "C-02" || c.Name != "Nguyễn Văn Ánh" || !c.Created.Equal(created) {
		t.Errorf("got refs %s %s, name %q, created %v", noc.Ref, c.Ref, c.Name, c.Created)
	}
	if len(c.Channels) != 2 || c.Channels[0].Kind != "mobile" || c.Resources[0] != f.person.Ref {
		t.Errorf("not normalised: %+v", c)
	}
	assertSameJSON(t, "stored contact", storedContact(t, db, c.ID), c)
	assertLogged(t, db, n, "contact C-01 create", "contact C-02 create")

	// Unchanged: nothing logged.
	same := storedContact(t, db, c.ID)
	same.Name = " " + same.Name + " "
	if err := db.UpdateContact(ctx, &same); err != nil {
		t.Fatal(err)
	}
	assertLogged(t, db, n, "contact C-01 create", "contact C-02 create")

	// A renamed contact is renamed in the calls of those who call it.
	clk.advance(time.Hour)
	noc = storedContact(t, db, noc.ID)
	noc.Ref = "C-10"
	if err := db.UpdateContact(ctx, &noc); err != nil {
		t.Fatal(err)
	}
	if got := storedContact(t, db, c.ID); strings.Join(got.CallsNext, ",") != "C-10" {
		t.Errorf("after rename: calls %q", got.CallsNext)
	}
	assertLogged(t, db, n, "contact C-01 create", "contact C-02 create", "contact C-10 update", "contact C-02 update")
	assertLogMatchesState(t, db)
	assertVerifies(t, db)
	assertRoundTrip(t, db)

	// A deleted contact leaves the calls of those who called it.
	if err := db.DeleteContact(ctx, noc.ID); err != nil {
		t.Fatal(err)
	}
	if got := storedContact(t, db, c.ID); got.CallsNext != nil {
		t.Errorf("after delete: calls %q", got.CallsNext)
	}
	assertLogged(t, db, n, "contact C-01 create", "contact C-02 create", "contact C-10 update", "contact C-02 update",
		"contact C-10 delete", "contact C-02 update")
	wantErr(t, db.DeleteContact(ctx, noc.ID), risk.ENOTFOUND, "no longer exists")
	if again := createContact(t, db, bcp.Contact{Name: "Bảo"}); again.Ref != "C-11" {
		t.Errorf("got reference %s, want C-11: a deleted contact's is not reused", again.Ref)
	}
	assertLogMatchesState(t, db)
	assertVerifies(t, db)
	assertRoundTrip(t, db)
}

// TestContactCallsRestored: a dump whose contacts call contacts later in
// the dump loads.
func TestContactCallsRestored(t *testing.T) {
	ctx := context.Background()
	db, _ := newWorkspace(t, TemplateBlank)
	f := addBIA(t, db)
	a := createContact(t, db, bcp.Contact{Ref: "C-05", Name: "Lead"})
	b := createContact(t, db, fullContact(f, a.Ref))
	a.CallsNext = []string{b.Ref}
	if err := db.UpdateContact(ctx, &a); err != nil {
		t.Fatal(err)
	}
	assertRoundTrip(t, db)
}

func TestContactRefused(t *testing.T) {
	ctx := context.Background()
	db, _ := newWorkspace(t, TemplateBlank)
	f := addBIA(t, db)
	createContact(t, db, bcp.Contact{Ref: "C-02", Name: "Other"})
	stored := createContact(t, db, fullContact(f, "C-02"))
	tests := []struct {
		name      string
		edit      func(*bcp.Contact)
		code      string
		fragments []string
	}{
		{"NoName", func(c *bcp.Contact) { c.Name = " " }, risk.EINVALID, []string{"no name"}},
		{"UnknownKind", func(c *bcp.Contact) { c.Kind = "robot" }, risk.EINVALID, []string{"robot"}},
		{"UnknownChannel", func(c *bcp.Contact) { c.Channels[0].Kind = "pigeon" }, risk.EINVALID, []string{"pigeon"}},
		{"CallsUnknown", func(c *bcp.Contact) { c.CallsNext = []string{"C-99"} }, risk.EINVALID, []string{"C-99", "does not exist"}},
		{"DuplicateRef", func(c *bcp.Contact) { c.Ref = "c-02"; c.CallsNext = nil }, risk.ECONFLICT, []string{"already used", "C-02"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, update := range []bool{false, true} {
				c := storedContact(t, db, stored.ID)
				if !update {
					c.ID, c.Ref = 0, ""
				}
				tt.edit(&c)
				n, rows := len(changeRows(t, db)), count(t, db.read, "SELECT count(*) FROM contacts")
				err := db.CreateContact(ctx, &c)
				if update {
					err = db.UpdateContact(ctx, &c)
				}
				wantErr(t, err, tt.code, tt.fragments...)
				assertLogged(t, db, n)
				if got := count(t, db.read, "SELECT count(*) FROM contacts"); got != rows {
					t.Errorf("got %d contacts, want %d", got, rows)
				}
				assertSameJSON(t, "stored contact", storedContact(t, db, stored.ID), stored)
			}
		})
	}
}
