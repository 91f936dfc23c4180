package sqlite

import (
	"context"
	"testing"
	"time"

	"riskbook/risk"
)

func TestCatalogs(t *testing.T) {
	ctx := context.Background()
	db, _ := newWorkspace(t, TemplateBlank)
	cats, err := db.Catalogs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(cats) != 1 {
		t.Fatalf("got %d catalogs, want 1", len(cats))
	}
	c := cats[0]
	if err := c.Validate(); err != nil {
		t.Errorf("stored catalog: %v", err)
	}
	perTheme := map[string]int{}
	for _, ctl := range c.Controls {
		perTheme[ctl.Theme]++
	}
	// ISO/IEC 27001:2022 Annex A: 37 organisational, 8 people, 14 physical,
	// 34 technological controls.
	want := map[string]int{"A.5": 37, "A.6": 8, "A.7": 14, "A.8": 34}
	for theme, n := range want {
		if perTheme[theme] != n {
			t.Errorf("theme %s: got %d controls, want %d", theme, perTheme[theme], n)
		}
	}
	if first, last := c.Controls[0].ID, c.Controls[len(c.Controls)-1].ID; first != "A.5.1" || last != "A.8.34" {
		t.Errorf("got controls %s … %s, want A.5.1 … A.8.34", first, last)
	}
	all, err := db.Controls(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 93 {
		t.Fatalf("got %d controls, want 93", len(all))
	}
	for i := range all {
		if all[i] != c.Controls[i] {
			t.Errorf("control %d: got %+v, want %+v (catalog order)", i, all[i], c.Controls[i])
		}
	}
	soa, err := db.SoA(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(soa) != 93 || soa[0].Control != "A.5.1" || soa[92].Control != "A.8.34" {
		t.Errorf("got %d SoA entries, want one per control in catalog order", len(soa))
	}
}

func TestAddCatalog(t *testing.T) {
	ctx := context.Background()
	nist := risk.Catalog{ID: "nist-csf-2.0", Name: "NIST CSF 2.0",
		Themes: []risk.Theme{{ID: "GV", Name: "Govern"}, {ID: "PR", Name: "Protect"}},
		Controls: []risk.Control{
			{ID: "GV.OC-01", Theme: "GV", Title: "The organizational mission is understood"},
			{ID: "PR.DS-11", Theme: "PR", Title: "Backups of data are created, protected, maintained, and tested"},
		}}
	db, _ := newWorkspace(t, TemplateBlank)
	newClock(db)
	if err := db.AddCatalog(ctx, nist); err != nil {
		t.Fatal(err)
	}
	rows := changeRows(t, db)
	if last := rows[len(rows)-1]; last.Entity != "catalog" || last.Key != nist.ID || last.Action != ActionCreate {
		t.Errorf("got last change %s %s %s, want catalog %s create", last.Entity, last.Key, last.Action, nist.ID)
	}
	cats, err := db.Catalogs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(cats) != 2 || cats[1].ID != nist.ID || mustJSON(t, cats[1]) != mustJSON(t, nist) {
		t.Errorf("got catalogs %d, second %+v; want ISO then %s as added", len(cats), cats[len(cats)-1], nist.ID)
	}
	r := validRisk()
	r.Controls = []string{"PR.DS-11", "A.8.13"}
	createRisk(t, db, r)
	assertLogMatchesState(t, db)

	refused := []struct {
		name     string
		catalog  risk.Catalog
		code     string
		fragment string
	}{
		{"SameCatalogAgain", nist, risk.ECONFLICT, "already has catalog"},
		{"ControlInAnotherCatalog", risk.Catalog{ID: "mine", Name: "Mine", Themes: []risk.Theme{{ID: "T", Name: "T"}},
			Controls: []risk.Control{{ID: "X-1", Theme: "T", Title: "Fine"}, {ID: "A.5.1", Theme: "T", Title: "Clash"}}}, risk.ECONFLICT, "A.5.1"},
		{"NoName", risk.Catalog{ID: "anon"}, risk.EINVALID, "no identifier or name"},
		{"UnknownTheme", risk.Catalog{ID: "t", Name: "T", Controls: []risk.Control{{ID: "T-1", Theme: "Z", Title: "x"}}}, risk.EINVALID, `"Z"`},
	}
	for _, tt := range refused {
		t.Run(tt.name, func(t *testing.T) {
			n := len(changeRows(t, db))
			wantErr(t, db.AddCatalog(ctx, tt.catalog), tt.code, tt.fragment)
			if got := count(t, db.read, "SELECT count(*) FROM catalogs"); got != 2 {
				t.Errorf("got %d catalogs, want 2", got)
			}
			if got := count(t, db.read, "SELECT count(*) FROM controls"); got != 95 {
				t.Errorf("got %d controls, want 95", got)
			}
			if got := len(changeRows(t, db)); got != n {
				t.Errorf("got %d change-log rows, want %d", got, n)
			}
		})
	}
}

func TestUpdateSoA(t *testing.T) {
	ctx := context.Background()
	db, _ := newWorkspace(t, TemplateBlank)
	clk := newClock(db)
	decided := clk.now()
	entry := risk.SoAEntry{Control: "A.8.13", Applicable: risk.Applicable, Justification: "  Backups are how we recover the registry.\n", Implementation: risk.PartlyImplemented}
	if err := db.UpdateSoA(ctx, &entry); err != nil {
		t.Fatal(err)
	}
	want := risk.SoAEntry{Control: "A.8.13", Applicable: risk.Applicable, Justification: "Backups are how we recover the registry.",
		Implementation: risk.PartlyImplemented, Updated: decided}
	assertSoA := func(t *testing.T, want risk.SoAEntry) {
		t.Helper()
		soa, err := db.SoA(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range soa {
			if e.Control == want.Control {
				if mustJSON(t, e) != mustJSON(t, want) {
					t.Errorf("got SoA entry %+v, want %+v", e, want)
				}
				return
			}
		}
		t.Errorf("no SoA entry for %s", want.Control)
	}
	assertSoA(t, want)

	t.Run("Idempotent", func(t *testing.T) {
		n := len(changeRows(t, db))
		clk.advance(time.Hour)
		if err := db.UpdateSoA(ctx, &entry); err != nil {
			t.Fatal(err)
		}
		if got := len(changeRows(t, db)); got != n {
			t.Errorf("got %d change-log rows, want %d", got, n)
		}
		assertSoA(t, want)
	})

	refused := []struct {
		name      string
		entry     risk.SoAEntry
		code      string
		fragments []string
	}{
		{"NotApplicableWithImplementation", risk.SoAEntry{Control: "A.8.13", Applicable: risk.NotApplicable, Justification: "No", Implementation: risk.Implemented},
			risk.EINVALID, []string{"A.8.13", "not applicable"}},
		{"UnknownApplicability", risk.SoAEntry{Control: "A.8.13", Applicable: "maybe"}, risk.EINVALID, []string{`"maybe"`}},
		{"UnknownImplementation", risk.SoAEntry{Control: "A.8.13", Applicable: risk.Applicable, Implementation: "done"}, risk.EINVALID, []string{`"done"`}},
		{"UnknownControl", risk.SoAEntry{Control: "A.99.1", Applicable: risk.Applicable}, risk.ENOTFOUND, []string{"A.99.1"}},
	}
	for _, tt := range refused {
		t.Run(tt.name, func(t *testing.T) {
			n := len(changeRows(t, db))
			wantErr(t, db.UpdateSoA(ctx, &tt.entry), tt.code, tt.fragments...)
			assertSoA(t, want)
			if got := count(t, db.read, "SELECT count(*) FROM soa"); got != 1 {
				t.Errorf("got %d SoA rows, want 1", got)
			}
			if got := len(changeRows(t, db)); got != n {
				t.Errorf("got %d change-log rows, want %d", got, n)
			}
		})
	}

	t.Run("Change", func(t *testing.T) {
		at := clk.advance(time.Hour)
		e := want
		e.Implementation = risk.Implemented
		if err := db.UpdateSoA(ctx, &e); err != nil {
			t.Fatal(err)
		}
		e.Updated = at
		assertSoA(t, e)
		assertLogMatchesState(t, db)
	})
}
