package workspace

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"riskbook/importer"
	"riskbook/risk"
)

// TestImport checks the import both front ends run: a row matching an
// existing reference is refused without update, updates with it, and the
// summary is one sentence.
func TestImport(t *testing.T) {
	ctx := context.Background()
	w, err := Create(ctx, filepath.Join(t.TempDir(), "w.riskbook"), TemplateCcTLD, "")
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	c, err := w.Criteria(ctx)
	if err != nil {
		t.Fatal(err)
	}
	existing, err := w.Risks(ctx)
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
	_, err = w.Import(ctx, plan, importer.Consent{})
	var refusal *importer.Refusal
	if !errors.As(err, &refusal) || refusal.Kind != importer.RefusedExisting || !strings.Contains(err.Error(), "R-001") {
		t.Fatalf("without update: got %v, want a refusal naming R-001", err)
	}
	res, err := w.Import(ctx, plan, importer.Consent{Update: true})
	if err != nil {
		t.Fatal(err)
	}
	if summary, want := res.Summary(), "Imported reg.csv: created 1 risk (UNSCORED) and updated 1 risk."; summary != want {
		t.Errorf("summary %q, want %q", summary, want)
	}
	r, err := w.RiskByRef(ctx, "R-001")
	if err != nil {
		t.Fatal(err)
	}
	if r.Owner != "Ops lead" {
		t.Errorf("R-001 owner %q, want the imported one", r.Owner)
	}
}
