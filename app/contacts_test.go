package app

import (
	"context"
	"slices"
	"strings"
	"testing"

	"riskbook/bcp"
	"riskbook/workspace"
)

// contactsOf opens the Contacts section and returns its screen.
func contactsOf(t *testing.T, a *App) *contactsScreen {
	t.Helper()
	a.selectSection("Contacts")
	for _, s := range a.sections {
		if x, ok := s.scr.(*contactsScreen); ok {
			return x
		}
	}
	t.Fatal("no Contacts section")
	return nil
}

func storedContact(t *testing.T, db *workspace.Workspace, ref string) bcp.Contact {
	t.Helper()
	cs, err := db.Contacts(context.Background())
	if err != nil {
		t.Fatalf("read contacts: %v", err)
	}
	for _, c := range cs {
		if c.Ref == ref {
			return c
		}
	}
	t.Fatalf("no stored contact %s", ref)
	return bcp.Contact{}
}

// TestContactsCallTree creates three contacts through the editor, gives
// them channels, builds a call tree, sees it, and deletes a contact from it.
func TestContactsCallTree(t *testing.T) {
	db := newTestWorkspace(t, "blank")
	a := newTestApp(t, db)
	s := contactsOf(t, a)

	names := []string{"Ana Silva", "Bruno Costa", "Anycast NOC"}
	for i, name := range names {
		s.newContact()
		e := s.editor
		if !e.view().Visible() || len(s.shown) != i+1 {
			t.Fatalf("after New contact %d: editor visible %v, %d rows", i+1, e.view().Visible(), len(s.shown))
		}
		e.name.SetText(name)
		e.addChannel()
		e.draft.Channels[0].Value = "+351 91" + string(rune('0'+i))
		e.draft.Channels[0].OutOfBand = i != 2
		e.edited(true)
	}
	ana, bruno, noc := storedContact(t, db, "C-01"), storedContact(t, db, "C-02"), storedContact(t, db, "C-03")
	if ana.Name != "Ana Silva" || len(ana.Channels) != 1 || !ana.Channels[0].OutOfBand || noc.Channels[0].OutOfBand {
		t.Fatalf("stored contacts: %+v %+v", ana, noc)
	}
	// A person with one channel is told to add an alternative.
	s.open(bruno.ID)
	if l := s.editor.messages.label("channels"); !l.Visible() || !strings.Contains(l.Text, "only one way") {
		t.Errorf("single-channel finding: visible %v, %q", l.Visible(), l.Text)
	}

	// Ana calls Bruno and the NOC; Bruno calls no one.
	s.open(ana.ID)
	s.editor.calls.link("C-02")
	s.editor.calls.link("C-03")
	if got := storedContact(t, db, "C-01").CallsNext; strings.Join(got, ",") != "C-02,C-03" {
		t.Fatalf("stored calls: %q", got)
	}
	if s.pick.Visible() {
		t.Error("the editor is open, yet its place asks for a contact")
	}
	s.showTree()
	if !s.treeView.Visible() || s.editor.view().Visible() || s.pick.Visible() {
		t.Errorf("call tree visible %v, editor visible %v, ask for a contact %v",
			s.treeView.Visible(), s.editor.view().Visible(), s.pick.Visible())
	}
	s.hideRight()
	if !s.pick.Visible() || s.pick.Text != "Choose a contact in the list to see and edit it here." {
		t.Errorf("nothing open: ask for a contact visible %v, %q", s.pick.Visible(), s.pick.Text)
	}
	var lines []string
	for _, l := range callTreeLines(s.data.contacts) {
		lines = append(lines, strings.Repeat("  ", l.level)+l.text)
	}
	want := []string{
		"C-01  Ana Silva — out of band: mobile +351 910",
		"  C-02  Bruno Costa — out of band: mobile +351 911",
		"  C-03  Anycast NOC — mobile +351 912 (no out-of-band channel)",
	}
	if !slices.Equal(lines, want) {
		t.Errorf("call tree:\n%s\nwant\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
	if n := len(s.tree.Objects); n != 3 {
		t.Errorf("call tree shows %d lines, want 3", n)
	}

	// Deleting Bruno takes him out of Ana's calls.
	s.open(storedContact(t, db, "C-02").ID)
	s.confirmDelete(s.selected, "C-02")
	if got := storedContact(t, db, "C-01").CallsNext; strings.Join(got, ",") != "C-03" {
		t.Errorf("calls after delete: %q", got)
	}
}

// TestPlaybookRolesSuggestContacts: the role fields of the playbook editor
// suggest the contacts' names, and a role naming a contact without an
// out-of-band channel is reported on the contact.
func TestPlaybookRolesSuggestContacts(t *testing.T) {
	db := newTestWorkspace(t, "cctld")
	ctx := context.Background()
	noc := bcp.Contact{Name: "Anycast NOC", Kind: bcp.ContactOrganisation, Channels: []bcp.Channel{{Kind: "phone", Value: "+44 20"}}}
	if err := db.CreateContact(ctx, &noc); err != nil {
		t.Fatal(err)
	}
	a := newTestApp(t, db)
	s := playbooksOf(t, a)
	s.createFromTemplate(templateNamed(t, s, "DDoS attack on the name servers"))
	role := s.editor.roles[0]
	if people := s.editor.people(); !slices.Contains(people, "Anycast NOC") {
		t.Fatalf("role suggestions %q lack the contact", people)
	}
	role.primary.name.SetText("Anycast NOC")
	s.editor.flush()

	c := contactsOf(t, a)
	c.open(noc.ID)
	if l := c.editor.messages.label("channels"); !l.Visible() || !strings.Contains(l.Text, "out-of-band") {
		t.Errorf("out-of-band finding: visible %v, %q", l.Visible(), l.Text)
	}
	if !strings.Contains(c.editor.namedBy.Text, s.editor.draft.Ref) {
		t.Errorf("named by: %q", c.editor.namedBy.Text)
	}
}

// TestDashboardCountsContactFindings: the dashboard's checks count the
// contact rules, as riskbook check does.
func TestDashboardCountsContactFindings(t *testing.T) {
	db := newTestWorkspace(t, "blank")
	a := newTestApp(t, db)
	counts := func() string {
		s := showDashboard(t, a, dashToday())
		return dashTexts(s.checks.Content)[0]
	}
	before := counts()
	if err := db.CreateContact(context.Background(), &bcp.Contact{Name: "Ana"}); err != nil {
		t.Fatal(err)
	}
	if after := counts(); after == before || !strings.Contains(after, "warning") {
		t.Errorf("checks card: before %q, after adding a contact without a channel %q", before, after)
	}
}
