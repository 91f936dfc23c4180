package cli

import (
	"context"
	"slices"
	"testing"

	"riskbook/bcp"
	"riskbook/sqlite"
)

// TestCheckReportsContacts: check reports the contact rules.
func TestCheckReportsContacts(t *testing.T) {
	t.Parallel()
	path := newWorkspace(t, t.TempDir(), "w.riskbook", "blank")
	db, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.CreateContact(context.Background(), &bcp.Contact{Name: "Ana"}); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	r := riskbook(t, "", "check", path)
	wantSuccess(t, r, ExitOK)
	_, rules := findingLines(r.stdout)
	if !slices.Contains(rules["warning"], "contact-no-channel") {
		t.Errorf("check output lacks the contact without a channel:\n%s", r.stdout)
	}
}
