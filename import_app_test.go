package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"riskbook/importer"
	"riskbook/risk"
	"riskbook/sqlite"
)

// TestWorkspaceImportRegister checks the desktop app's import: a row
// matching an existing reference is refused without update, updates with
// it, and the summary is one sentence.
func TestWorkspaceImportRegister(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.CreateFromTemplate(ctx, filepath.Join(t.TempDir(), "w.riskbook"), "cctld")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	c, err := db.Criteria(ctx)
	if err != nil {
		t.Fatal(err)
	}
	existing, err := db.Risks(ctx)
	if err != nil {
		t.Fatal(err)
	}
	src, err := importer.ReadSource("reg.csv", []byte("Ref,Title,Owner\nR-001,DDoS on the name servers,Ops lead\nX-1,New risk,Ops lead\n"))
	if err != nil {
		t.Fatal(err)
	}
	m, err := importer.ProposeMapping(src, "", &c)
	if err != nil {
		t.Fatal(err)
	}
	plan, err := importer.Plan(src, m, &c, existing, risk.Date{Year: 2026, Month: 3, Day: 1})
	if err != nil {
		t.Fatal(err)
	}
	w := workspace{db}
	if _, err := w.ImportRegister(ctx, plan, false); err == nil || !strings.Contains(err.Error(), "R-001") {
		t.Fatalf("without update: got %v, want a refusal naming R-001", err)
	}
	summary, err := w.ImportRegister(ctx, plan, true)
	if err != nil {
		t.Fatal(err)
	}
	if want := "Imported reg.csv: created 1 risk and updated 1 risk."; summary != want {
		t.Errorf("summary %q, want %q", summary, want)
	}
	r, err := db.RiskByRef(ctx, "R-001")
	if err != nil {
		t.Fatal(err)
	}
	if r.Owner != "Ops lead" {
		t.Errorf("R-001 owner %q, want the imported one", r.Owner)
	}
}
