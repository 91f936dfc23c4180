package sqlite

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"riskbook/risk"
)

// salvaged runs Salvage and checks what every salvage must do: the
// damaged file and its folder are left as they were, and the new
// workspace verifies, its chain broken only where the salvage marked it.
func salvaged(t *testing.T, src string) (*SalvageReport, *DB) {
	t.Helper()
	ctx := context.Background()
	dir := filepath.Dir(src)
	before := stateOfFolder(t, dir)
	out := filepath.Join(t.TempDir(), "salvaged"+Extension)
	rep, err := Salvage(ctx, src, out)
	if err != nil {
		t.Fatalf("Salvage: %v", err)
	}
	assertFolderUnchanged(t, dir, before)
	db := openRO(t, out)
	v, err := db.Verify(ctx)
	if err != nil || !v.OK() {
		t.Fatalf("the salvaged workspace does not verify: %+v, %v", v, err)
	}
	if !slices.Equal(v.Salvaged, rep.Gaps) {
		t.Errorf("verify passed over %v, want the gaps the salvage found %v", v.Salvaged, rep.Gaps)
	}
	return rep, db
}

func refsOf(rs []risk.Risk) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.Ref)
	}
	return out
}

// TestSalvageHalfTruncated: a 1,000-risk workspace cut in half gives up
// most of its risks, from the pages that remain and from the states its
// change log recorded; the report says how many. Compacted (as Riskbook
// leaves a workspace that grew much while open), the records come before
// their history and nearly all survive; written as an import into a
// workspace without risks leaves them (the records first, their history
// after, not compacted again) too; with rows and history interleaved, what
// lay in the lost half is lost.
func TestSalvageHalfTruncated(t *testing.T) {
	fileOnly(t)
	for _, layout := range []string{"Compacted", "Interleaved", "Imported"} {
		t.Run(layout, func(t *testing.T) {
			ctx := context.Background()
			var db *DB
			var path string
			if layout == "Imported" {
				db, path = newWorkspace(t, TemplateBlank)
				controls, err := db.Controls(ctx)
				if err != nil {
					t.Fatal(err)
				}
				imp := Import{Source: "register.csv", SHA256: importSHA, Create: make([]risk.Risk, 1000)}
				for i := range imp.Create {
					imp.Create[i] = benchRisk(i, controls)
				}
				if _, err := db.ImportRegister(ctx, imp); err != nil {
					t.Fatal(err)
				}
				if n := db.pageCount(ctx); db.openedPages != n {
					t.Fatalf("after the import the file has %d pages and %d count toward compaction, want none", n, n-db.openedPages)
				}
			} else {
				db, path = newWorkspace(t, TemplateCcTLD)
				base, err := db.Risks(ctx)
				if err != nil {
					t.Fatal(err)
				}
				fillRisks(t, db, len(base), len(base)+1000)
			}
			all, err := db.Risks(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if layout == "Interleaved" {
				db.openedPages = 0
			}
			closeDB(t, db)
			cutInHalf(t, path)

			rep, got := salvaged(t, path)
			rs, err := got.Risks(ctx)
			if err != nil {
				t.Fatal(err)
			}
			complete := checkSalvagedRisks(t, all, rs)
			t.Logf("recovered %d of %d risks, %d of them with every link and action (%d from the history only, %d as last recorded); %d change-log rows, gaps %v; %d of %d pages missing",
				len(rs), len(all), complete, rep.count("risk").FromHistory, rep.count("risk").AsRecorded, rep.Changes, rep.Gaps, rep.Missing, rep.Pages)
			if n := rep.count("risk").Total; n != len(rs) {
				t.Errorf("the report counts %d risks, the workspace holds %d", n, len(rs))
			}
			if rep.Missing == 0 {
				t.Error("the report does not say that pages are missing")
			}
			switch {
			case layout != "Interleaved" && len(rs) <= len(all)*9/10:
				t.Errorf("recovered %d of %d risks from the %s workspace, want nearly all", len(rs), len(all), strings.ToLower(layout))
			case len(rs) < len(all)/3:
				t.Errorf("recovered %d of %d risks, want at least the third that lies in the remaining half", len(rs), len(all))
			}
		})
	}
}

// checkSalvagedRisks checks that every salvaged risk is one the workspace
// had, as it was but for links and actions that may be lost, and returns
// how many are exactly as they were.
func checkSalvagedRisks(t *testing.T, all, got []risk.Risk) int {
	t.Helper()
	want := map[string]risk.Risk{}
	for _, r := range all {
		want[r.Ref] = r
	}
	complete := 0
	for _, r := range got {
		w, ok := want[r.Ref]
		if !ok {
			t.Errorf("salvaged %s, which the workspace never had", r.Ref)
			continue
		}
		if jsonOf(t, w) == jsonOf(t, r) {
			complete++
		}
		w.Controls, w.Threatens, w.Actions = nil, nil, nil
		r.Controls, r.Threatens, r.Actions = nil, nil, nil
		if a, b := jsonOf(t, w), jsonOf(t, r); a != b {
			t.Errorf("%s differs from the original:\n got %s\nwant %s", r.Ref, b, a)
		}
	}
	return complete
}

func jsonOf(t *testing.T, r risk.Risk) string {
	t.Helper()
	r.ID = 0
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestSalvageBitFlipped: a workspace whose risks table cannot be read
// from its root gives back every risk: the leaf pages are read on their
// own and matched to the table by the shape of their rows.
func TestSalvageBitFlipped(t *testing.T) {
	fileOnly(t)
	ctx := context.Background()
	db, path := newWorkspace(t, TemplateCcTLD)
	fillRisks(t, db, 100, 400)
	all, err := db.Risks(ctx)
	if err != nil {
		t.Fatal(err)
	}
	closeDB(t, db)
	flipBit(t, path, "risks")

	rep, got := salvaged(t, path)
	rs, err := got.Risks(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(refsOf(rs), refsOf(all)) {
		t.Errorf("recovered %d risks, want all %d", len(rs), len(all))
	}
	if len(rep.Gaps) != 0 || len(rep.Lost) != 0 {
		t.Errorf("report: gaps %v, lost %v; want nothing lost", rep.Gaps, rep.Lost)
	}
}

// TestSalvageIntact: salvaging a workspace that is not damaged gives the
// same workspace, with the salvage recorded.
func TestSalvageIntact(t *testing.T) {
	fileOnly(t)
	ctx := context.Background()
	db, path := newWorkspace(t, TemplateCcTLD)
	orig, err := db.Dump(ctx)
	if err != nil {
		t.Fatal(err)
	}
	closeDB(t, db)
	_, got := salvaged(t, path)
	d, err := got.Dump(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if last := d.ChangeLog[len(d.ChangeLog)-1]; last.Entity != EntitySalvage || len(d.ChangeLog) != len(orig.ChangeLog)+1 {
		t.Errorf("the change log ends with %s %s and has %d rows, want the %d of the original and the salvage",
			last.Entity, last.Key, len(d.ChangeLog), len(orig.ChangeLog))
	}
	d.ChangeLog, orig.ChangeLog = nil, nil
	var a, b []byte
	if a, err = json.Marshal(orig); err == nil {
		b, err = json.Marshal(d)
	}
	if err != nil || string(a) != string(b) {
		t.Errorf("the salvaged workspace differs from the intact one (%v)", err)
	}
}

// zeroLeaf overwrites with zeros a leaf page in the middle of a table of
// a closed workspace, losing the rows it held.
func zeroLeaf(t testing.TB, path, table string) {
	t.Helper()
	raw := rawDB(t, path)
	var root int
	if err := raw.QueryRow("SELECT rootpage FROM sqlite_schema WHERE name = ?", table).Scan(&root); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	f, err := readRawFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var leaves []int
	f.walk(root, map[int]bool{}, func(n int) { leaves = append(leaves, n) })
	if len(leaves) < 3 {
		t.Fatalf("%s has %d leaf pages, too few to lose one in the middle", table, len(leaves))
	}
	w, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if _, err := w.WriteAt(make([]byte, f.pageSize), int64(leaves[len(leaves)/2]-1)*int64(f.pageSize)); err != nil {
		t.Fatal(err)
	}
}

// TestSalvagedChain: rows of the history lost in the middle break the hash
// chain; the salvage marks the break, verification passes over it and
// over nothing else: a row edited afterwards is still found.
func TestSalvagedChain(t *testing.T) {
	fileOnly(t)
	ctx := context.Background()
	db, path := newWorkspace(t, TemplateCcTLD)
	fillRisks(t, db, 100, 300)
	closeDB(t, db)
	zeroLeaf(t, path, "changelog")
	rep, got := salvaged(t, path)
	if len(rep.Gaps) != 1 {
		t.Fatalf("gaps %v, want the one lost page's rows", rep.Gaps)
	}
	rs, err := got.Risks(ctx)
	if err != nil || len(rs) != 222 {
		t.Errorf("got %d risks, %v; want all 222", len(rs), err)
	}
	out := got.Path()
	closeDB(t, got)
	raw := rawDB(t, out)
	rawExec(t, raw, "UPDATE changelog SET actor = 'Mallory' WHERE id = (SELECT max(id) FROM changelog WHERE entity = 'risk')")
	raw.Close()
	ro := openRO(t, out)
	v, err := ro.Verify(ctx)
	if err != nil || v.Broken == nil || v.Broken.Actor != "Mallory" {
		t.Errorf("Verify after tampering: %+v, %v; want the edited row found", v, err)
	}
}

func TestSalvageRefusals(t *testing.T) {
	fileOnly(t)
	ctx := context.Background()
	db, path := newWorkspace(t, TemplateBlank)
	closeDB(t, db)
	_, err := Salvage(ctx, path, path)
	wantErr(t, err, risk.ECONFLICT, "already exists")
	empty := filepath.Join(t.TempDir(), "empty"+Extension)
	if err := os.WriteFile(empty, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	_, err = Salvage(ctx, empty, filepath.Join(t.TempDir(), "out"+Extension))
	wantFault(t, err, risk.FaultDamaged, empty, "nothing")
}
