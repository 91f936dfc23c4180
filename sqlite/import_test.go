package sqlite

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"riskbook/bcp"
	"riskbook/i18n"
	"riskbook/risk"
)

const importSHA = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

func importedRisk(title string) risk.Risk {
	r := validRisk()
	r.Title = title
	return r
}

func assertVerified(t *testing.T, db *DB) {
	t.Helper()
	v, err := db.Verify(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if !v.OK() {
		t.Fatalf("verify: integrity %s, broken %+v (%s), drift %+v", v.Integrity, v.Broken, v.Reason, v.Drift)
	}
}

func TestImportAllOrNothing(t *testing.T) {
	ctx := context.Background()
	db, _ := newWorkspace(t, TemplateBlank)
	createRisk(t, db, importedRisk("Already here"))
	before := changeRows(t, db)
	bad := importedRisk("Broken row")
	bad.Inherent = risk.Score{Likelihood: 9, Consequence: 2}
	cases := map[string]Import{
		"bad create": {Create: []risk.Risk{importedRisk("Good one"), bad, importedRisk("Good two")},
			Activities: []bcp.Activity{{Name: "Registrations"}}},
		"duplicate ref": {Create: []risk.Risk{importedRisk("Good one"), func() risk.Risk {
			r := importedRisk("Clashing row")
			r.Ref = "r-001"
			return r
		}()}},
		"update of nothing": {Create: []risk.Risk{importedRisk("Good one")},
			Update: []risk.Risk{{Ref: "R-404", Title: "Missing row"}}},
	}
	wants := map[string][]string{
		"bad create":        {"Nothing was imported", "Broken row", "R-003"},
		"duplicate ref":     {"Nothing was imported", "Clashing row", "r-001", "already used"},
		"update of nothing": {"Nothing was imported", "R-404", "Missing row", "no risk R-404"},
	}
	for name, imp := range cases {
		t.Run(name, func(t *testing.T) {
			imp.Source, imp.SHA256 = "register.csv", importSHA
			res, err := db.ImportRegister(ctx, imp)
			if err == nil {
				t.Fatalf("got %+v, want a refusal", res)
			}
			msg := risk.ErrorMessage(err)
			for _, w := range wants[name] {
				if !strings.Contains(msg, w) {
					t.Errorf("got %q, want it to contain %q", msg, w)
				}
			}
			if strings.Count(msg, ". ") > 0 || !strings.HasSuffix(msg, ".") {
				t.Errorf("got %q, want one sentence", msg)
			}
			rs, err := db.Risks(ctx)
			if err != nil {
				t.Fatal(err)
			}
			as, err := db.Activities(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if len(rs) != 1 || len(as) != 0 || len(changeRows(t, db)) != len(before) {
				t.Errorf("got %d risks, %d activities, %d change-log rows; want 1, 0, %d: nothing written", len(rs), len(as), len(changeRows(t, db)), len(before))
			}
			if _, ok, err := db.ImportedBefore(ctx, importSHA); ok || err != nil {
				t.Errorf("got imported before %v (%v) after a refused import", ok, err)
			}
		})
	}
	if _, err := db.ImportRegister(ctx, Import{Source: "empty.csv"}); risk.ErrorCode(err) != risk.EINVALID {
		t.Errorf("empty import: got %v, want a refusal", err)
	}
}

func TestImportLogRow(t *testing.T) {
	ctx := context.Background()
	db, _ := newWorkspace(t, TemplateBlank)
	clk := newClock(db)
	createRisk(t, db, importedRisk("Existing"))
	withRef := importedRisk("Given a reference")
	withRef.Ref = "R-002" // the next in the series: the others skip it
	imp := Import{Source: filepath.Join(t.TempDir(), "Register 2026.xlsx"), SHA256: strings.ToUpper(importSHA),
		Create:     []risk.Risk{importedRisk("First"), withRef, importedRisk("Third")},
		Update:     []risk.Risk{{Ref: "r-001", Owner: "Bea"}},
		Activities: []bcp.Activity{{Name: "Registrations", RTO: bcp.Hours(4)}},
		Resources:  []bcp.Resource{{Name: "Registry DB", Kind: bcp.ICT, AchievableRTO: bcp.Hours(2)}},
	}
	at := clk.advance(time.Hour)
	res, err := db.ImportRegister(ctx, imp)
	if err != nil {
		t.Fatal(err)
	}
	want := ImportResult{Created: []string{"R-003", "R-002", "R-004"}, Updated: []string{"R-001"},
		Activities: []string{"ACT-01"}, Resources: []string{"RES-01"}}
	if fmt.Sprint(res) != fmt.Sprint(want) {
		t.Errorf("got %+v, want %+v", res, want)
	}
	cs := changeRows(t, db)
	last := cs[len(cs)-1]
	if last.Entity != EntityImport || last.Key != "Register 2026.xlsx" || last.Action != ActionCreate || !last.At.Equal(at) {
		t.Errorf("got last row %s %s %s at %v, want the import of Register 2026.xlsx", last.Action, last.Entity, last.Key, last.At)
	}
	var rec map[string]any
	if err := json.Unmarshal([]byte(last.After), &rec); err != nil {
		t.Fatal(err)
	}
	wantAfter := `{"activities":["ACT-01"],"created":["R-003","R-002","R-004"],"resources":["RES-01"],"sha256":"` + importSHA + `","updated":["R-001"]}`
	if last.After != wantAfter {
		t.Errorf("got after %s, want %s", last.After, wantAfter)
	}
	// Each entity is logged as an edit would log it, before the import row.
	logged := map[string]bool{}
	for _, c := range cs[len(cs)-7 : len(cs)-1] {
		logged[c.Entity+" "+c.Key+" "+c.Action] = true
	}
	for _, k := range []string{"risk R-003 create", "risk R-002 create", "risk R-004 create", "risk R-001 update", "activity ACT-01 create", "resource RES-01 create"} {
		if !logged[k] {
			t.Errorf("no change-log row %q among %v", k, logged)
		}
	}
	when, ok, err := db.ImportedBefore(ctx, importSHA)
	if err != nil || !ok || !when.Equal(at) {
		t.Errorf("got imported before %v %v %v, want %v", when, ok, err, at)
	}
	if _, ok, err := db.ImportedBefore(ctx, strings.Repeat("f", 64)); ok || err != nil {
		t.Errorf("another file: got imported before %v (%v)", ok, err)
	}
	assertVerified(t, db)
	// The import row survives a dump and load, and the loaded workspace
	// verifies too: load does not take it for drift.
	path := filepath.Join(t.TempDir(), "loaded"+Extension)
	if err := loadJSON(dumpJSON(t, db), path); err != nil {
		t.Fatal(err)
	}
	loaded, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer loaded.Close()
	assertVerified(t, loaded)
	if n1, n2 := len(cs), len(changeRows(t, loaded)); n2 != n1 { // nothing drifted: no row added
		t.Errorf("got %d change-log rows after load, want %d", n2, n1)
	}
	if _, ok, _ := loaded.ImportedBefore(ctx, importSHA); !ok {
		t.Error("the loaded workspace forgot the import")
	}
	// Editing an imported risk behind Riskbook's back is still drift.
	execRaw(t, db, "UPDATE risks SET owner = 'Mallory' WHERE ref = 'R-003'")
	v, err := db.Verify(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(v.Drift) != 1 || v.Drift[0].Key != "R-003" {
		t.Errorf("got drift %+v, want R-003 only", v.Drift)
	}
}

func execRaw(t *testing.T, db *DB, query string) {
	t.Helper()
	raw := rawDB(t, db.Path())
	if _, err := raw.Exec(query); err != nil {
		t.Fatal(err)
	}
}

func TestImportUpdateMerges(t *testing.T) {
	ctx := context.Background()
	db, _ := newWorkspace(t, TemplateBlank)
	stored := importedRisk("Registry database lost")
	stored.Description = "Kept"
	stored.Category = "Availability"
	stored.LastReview = risk.Date{Year: 2026, Month: time.January, Day: 15}
	stored.Identified = risk.Date{Year: 2025, Month: time.October, Day: 1}
	stored.Actions = []risk.Action{{Title: "Restore drill", Owner: "Ana", Status: risk.InProgress, Progress: 40}}
	stored = createRisk(t, db, stored)
	in := risk.Risk{
		Ref:      strings.ToLower(stored.Ref),
		Title:    "  ",                                      // blank: kept
		Owner:    "Bea",                                     // replaces
		Inherent: risk.Score{Likelihood: 4, Consequence: 4}, // replaces
		Residual: risk.Score{Likelihood: 3},                 // half a score: kept
		Controls: []string{"A.8.13"},                        // replaces the (empty) list
		Actions: []risk.Action{{Title: "restore DRILL", Status: risk.Planned}, // already there: kept as is
			{Title: "Second site", Owner: "Bea", Status: risk.Planned}}, // added
	}
	res, err := db.ImportRegister(ctx, Import{Source: "owners.csv", SHA256: importSHA, Update: []risk.Risk{in}})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(res.Updated, " ") != stored.Ref || len(res.Created) != 0 {
		t.Errorf("got %+v, want %s updated", res, stored.Ref)
	}
	got, err := db.RiskByRef(ctx, stored.Ref)
	if err != nil {
		t.Fatal(err)
	}
	want := stored.Clone()
	want.Owner, want.Inherent, want.Controls = "Bea", in.Inherent, []string{"A.8.13"}
	want.Actions = append(want.Actions, risk.Action{ID: got.Actions[len(got.Actions)-1].ID, Title: "Second site", Owner: "Bea", Status: risk.Planned})
	want.Updated = got.Updated
	assertSameRisk(t, got, want)
	// The same update again changes nothing: the import row lists no update.
	res, err = db.ImportRegister(ctx, Import{Source: "owners.csv", SHA256: importSHA, Update: []risk.Risk{in}})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Updated) != 0 {
		t.Errorf("got updated %v for an unchanged risk, want none", res.Updated)
	}
	cs := changeRows(t, db)
	if last, prev := cs[len(cs)-1], cs[len(cs)-2]; last.Entity != EntityImport || prev.Entity != EntityImport {
		t.Errorf("got the last rows %s %s and %s %s, want two imports with no risk row between", prev.Entity, prev.Key, last.Entity, last.Key)
	}
	assertVerified(t, db)
}

// BenchmarkImport10000 measures ImportRegister creating 10,000 risks (one
// in five with an action) in a blank workspace, in one transaction, each
// risk logged; the store picks the references.
func BenchmarkImport10000(b *testing.B) {
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		db, _ := newWorkspace(b, TemplateBlank)
		controls, err := db.Controls(ctx)
		if err != nil {
			b.Fatal(err)
		}
		imp := Import{Source: "big.xlsx", SHA256: importSHA, Create: make([]risk.Risk, benchRisks)}
		for i := range imp.Create {
			imp.Create[i] = benchRisk(i, controls)
			imp.Create[i].Ref = ""
		}
		b.StartTimer()
		res, err := db.ImportRegister(ctx, imp)
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		if len(res.Created) != benchRisks || res.Created[benchRisks-1] != "R-10000" {
			b.Fatalf("created %d risks, the last %s", len(res.Created), res.Created[len(res.Created)-1])
		}
		b.StartTimer()
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*benchRisks), "µs/risk")
}

// TestImportProgressAndCancel: an import tells how far it has got (each new
// risk counts twice: written, then logged), and one cancelled while it logs
// writes nothing at all; its steps are named in the reader's language.
func TestImportProgressAndCancel(t *testing.T) {
	defer i18n.SetDefault(i18n.Default().Lang())
	i18n.SetDefault(i18n.Spanish)
	db, _ := newWorkspace(t, TemplateBlank)
	controls, err := db.Controls(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	imp := Import{Source: "big.csv", SHA256: importSHA, Create: make([]risk.Risk, 40)}
	for i := range imp.Create {
		imp.Create[i] = benchRisk(i, controls)
		imp.Create[i].Ref = ""
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var seen []risk.Progress
	ctx = risk.WithProgress(ctx, func(p risk.Progress) {
		seen = append(seen, p)
		if p.Done == 60 {
			cancel()
		}
	})
	if _, err := db.ImportRegister(ctx, imp); !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want %v", err, context.Canceled)
	}
	if n := len(seen); n != 60 || seen[n-1].Total != 80 || seen[0].Done != 1 {
		t.Errorf("got progress %v, want 1..60 of 80", seen)
	}
	if seen[0].Step != "Escribiendo los registros" {
		t.Errorf("step %q, want it in Spanish", seen[0].Step)
	}
	if rs, err := db.Risks(context.Background()); err != nil || len(rs) != 0 {
		t.Errorf("after the cancelled import: %d risks (%v), want none", len(rs), err)
	}
	res, err := db.ImportRegister(context.Background(), imp)
	if err != nil || len(res.Created) != 40 {
		t.Errorf("the same import again: created %d (%v), want 40", len(res.Created), err)
	}
}
