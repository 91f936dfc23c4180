package sqlite

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"riskbook/risk"
)

// TestCloseAssessment closes an assessment, changes the live records, and
// reads the assessment back as it was: listed, with its digest, who closed
// it and the closing in the change log, and neither the change log nor the
// document issues copied.
func TestCloseAssessment(t *testing.T) {
	ctx := context.Background()
	db, path := newWorkspace(t, TemplateCcTLD)
	clk := newClock(db)
	if _, _, err := db.RecordDocument(ctx, "1.0", "Ana", clk.now()); err != nil {
		t.Fatal(err)
	}
	before := mustRisk(t, db, "R-001")
	clk.advance(time.Hour)
	a, err := db.CloseAssessment(ctx, "  2026 annual ")
	if err != nil {
		t.Fatalf("CloseAssessment: %v", err)
	}
	if a.Name != "2026 annual" || !a.Closed.Equal(clk.now()) || a.By == "" || len(a.Digest) != 64 || a.Through == 0 {
		t.Errorf("got %+v; want the trimmed name, the clock's time, a closer, a digest and the change log's head", a)
	}

	// Work goes on in the live records.
	clk.advance(24 * time.Hour)
	live := before
	live.Title = "Changed after the closing"
	if err := db.UpdateRisk(ctx, &live); err != nil {
		t.Fatal(err)
	}

	list, err := db.Assessments(ctx)
	if err != nil || len(list) != 1 || list[0] != a {
		t.Fatalf("Assessments: got %+v, %v; want [%+v]", list, err, a)
	}
	got, d, err := db.AssessmentRecords(ctx, "2026 ANNUAL")
	if err != nil {
		t.Fatalf("AssessmentRecords: %v", err)
	}
	if got != a {
		t.Errorf("AssessmentRecords: got %+v, want %+v", got, a)
	}
	var frozen *risk.Risk
	for i := range d.Risks {
		if d.Risks[i].Ref == "R-001" {
			frozen = &d.Risks[i]
		}
	}
	if frozen == nil || frozen.Title != before.Title {
		t.Errorf("the assessment's R-001: got %+v, want the title before the change, %q", frozen, before.Title)
	}
	if len(d.ChangeLog) != 0 || len(d.Documents) != 0 || len(d.Assessments) != 0 {
		t.Errorf("the assessment copied %d change-log rows, %d document issues, %d assessments; want only the records",
			len(d.ChangeLog), len(d.Documents), len(d.Assessments))
	}
	if len(d.Playbooks) == 0 || len(d.Activities) == 0 || len(d.SoA) == 0 || len(d.Contacts) == 0 || d.Criteria.Validate() != nil {
		t.Errorf("the assessment lacks records: %d playbooks, %d activities, %d SoA entries, %d contacts",
			len(d.Playbooks), len(d.Activities), len(d.SoA), len(d.Contacts))
	}
	logged, err := db.Changes(ctx, ChangeFilter{Entity: EntityAssessment})
	if err != nil || len(logged) != 1 || logged[0].Key != a.Name || logged[0].Action != ActionCreate || logged[0].ID != a.Through+1 {
		t.Errorf("change log of the closing: got %+v, %v", logged, err)
	}

	// The same name, in another case, is refused and changes nothing.
	if _, err := db.CloseAssessment(ctx, "2026 Annual"); risk.ErrorCode(err) != risk.ECONFLICT {
		t.Errorf("closing a second \"2026 Annual\": got %v, want a conflict", err)
	}
	if _, _, err := db.AssessmentRecords(ctx, "2025 annual"); risk.ErrorCode(err) != risk.ENOTFOUND {
		t.Errorf("an assessment never closed: got %v, want not found", err)
	}
	assertLogMatchesState(t, db)
	assertVerifies(t, db)

	// Nothing edits or removes a closed assessment, not even plain SQL.
	raw := rawDB(t, path)
	for _, stmt := range []string{"UPDATE assessments SET name = 'x'", "DELETE FROM assessments"} {
		if _, err := raw.Exec(stmt); err == nil || !strings.Contains(err.Error(), "closed assessment") {
			t.Errorf("%s: got %v, want it refused", stmt, err)
		}
	}
}

func mustRisk(t testing.TB, db *DB, ref string) risk.Risk {
	t.Helper()
	r, err := db.RiskByRef(context.Background(), ref)
	if err != nil {
		t.Fatalf("RiskByRef(%s): %v", ref, err)
	}
	return r
}

// TestAssessmentDigestIsTheRecordsDump: the digest is the SHA-256 of the
// records in the dump's canonical JSON, so it can be checked from a dump.
func TestAssessmentDigestIsTheRecordsDump(t *testing.T) {
	ctx := context.Background()
	db, _ := newWorkspace(t, TemplateCcTLD)
	a, err := db.CloseAssessment(ctx, "Q1")
	if err != nil {
		t.Fatal(err)
	}
	_, raw, err := assessmentJSON(ctx, db.read, "Q1")
	if err != nil {
		t.Fatal(err)
	}
	if err := checkDigest(a, raw); err != nil {
		t.Fatal(err)
	}
	whole := string(dumpJSON(t, db))
	// The records are the dump's members but the history.
	for _, member := range []string{"\n  \"risks\": [", "\n  \"playbooks\": [", "\n  \"criteria\": {"} {
		if !strings.Contains(string(raw), member) {
			t.Errorf("the records lack %q", member)
		}
	}
	for _, member := range []string{"\"changelog\"", "\"documents\"", "\"assessments\""} {
		if strings.Contains(string(raw), member) {
			t.Errorf("the records hold %s", member)
		}
	}
	if !strings.Contains(whole, `"digest": "`+a.Digest+`"`) {
		t.Error("the dump does not carry the assessment's digest")
	}
}

// TestAssessmentRoundTrip: a dump carries the closed assessments with
// their records; dump → load → dump is identical, and the loaded
// workspace reads them back as they were.
func TestAssessmentRoundTrip(t *testing.T) {
	ctx := context.Background()
	db, _ := newWorkspace(t, TemplateCcTLD)
	edits["Unicode"](t, db)
	clk := newClock(db)
	for i, name := range []string{"2025 annual", "Đánh giá 2026"} {
		if _, err := db.CloseAssessment(ctx, name); err != nil {
			t.Fatal(err)
		}
		clk.advance(time.Hour)
		if i == 0 {
			edits["Edited"](t, db)
		}
	}
	first := assertRoundTrip(t, db)
	if !strings.Contains(string(first), version(5)) {
		t.Errorf("the dump is not version 5")
	}
	path := filepath.Join(t.TempDir(), "again"+Extension)
	if err := loadJSON(first, path); err != nil {
		t.Fatal(err)
	}
	loaded := openRO(t, path)
	want, err := db.Assessments(ctx)
	if err != nil {
		t.Fatal(err)
	}
	got, err := loaded.Assessments(ctx)
	if err != nil || len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
		t.Fatalf("loaded assessments: got %+v, %v; want %+v", got, err, want)
	}
	if _, _, err := loaded.AssessmentRecords(ctx, "Đánh giá 2026"); err != nil {
		t.Errorf("loaded records: %v", err)
	}
}

// TestLoadAssessmentRefusals: a dump whose assessment's records were edited
// after it was closed is refused; so is one naming two the same.
func TestLoadAssessmentRefusals(t *testing.T) {
	ctx := context.Background()
	db, _ := newWorkspace(t, TemplateCcTLD)
	if _, err := db.CloseAssessment(ctx, "2026 annual"); err != nil {
		t.Fatal(err)
	}
	good := dumpJSON(t, db)
	var d map[string]any
	if err := json.Unmarshal(good, &d); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		edit func(d map[string]any)
		says string
	}{
		{"EditedRecords", func(d map[string]any) {
			records := d["assessments"].([]any)[0].(map[string]any)["records"].(map[string]any)
			records["risks"].([]any)[0].(map[string]any)["title"] = "rewritten history"
		}, "do not match its digest"},
		{"SameNameTwice", func(d map[string]any) {
			as := d["assessments"].([]any)
			d["assessments"] = append(as, as[0])
		}, "already closed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var c map[string]any
			if err := json.Unmarshal(good, &c); err != nil {
				t.Fatal(err)
			}
			tt.edit(c)
			raw, err := json.Marshal(c)
			if err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			err = loadJSON(raw, filepath.Join(dir, "x"+Extension))
			if err == nil || !strings.Contains(risk.ErrorMessage(err), tt.says) {
				t.Fatalf("got %v, want it refused saying %q", err, tt.says)
			}
			assertDir(t, dir)
		})
	}
}

// TestDumpVersion4Loads: a dump written before version 5 (no closed
// assessments) still loads, and dumps as the current version.
func TestDumpVersion4Loads(t *testing.T) {
	db, _ := newWorkspace(t, TemplateCcTLD)
	var d map[string]any
	if err := json.Unmarshal(dumpJSON(t, db), &d); err != nil {
		t.Fatal(err)
	}
	d["version"] = 4
	delete(d, "assessments")
	raw, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "v4"+Extension)
	if err := loadJSON(raw, path); err != nil {
		t.Fatalf("a version 4 dump does not load: %v", err)
	}
	loaded := openRO(t, path)
	assertVerifies(t, loaded)
	out := dumpJSON(t, loaded)
	if !bytes.Contains(out, []byte(version(DumpVersion))) || !bytes.Contains(out, []byte("\"assessments\": null")) {
		t.Errorf("the loaded workspace does not dump as version %d with no assessments", DumpVersion)
	}
}

// TestAssessmentDumpSameBytes: a closed assessment is dumped by copying its
// records with their lines indented, not by making them canonical again;
// the bytes are those of making the whole assessment canonical, as the dump
// was first written, on the starter's records after every kind of edit (a
// text with new lines, tabs, quotes and a line separator among them) and on
// an assessment of another assessment's closing.
func TestAssessmentDumpSameBytes(t *testing.T) {
	ctx := context.Background()
	db, _ := newWorkspace(t, TemplateCcTLD)
	clk := newClock(db)
	names := make([]string, 0, len(edits))
	for name := range edits {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		edits[name](t, db)
		clk.advance(time.Hour)
		if _, err := db.CloseAssessment(ctx, "After "+name); err != nil {
			t.Fatal(err)
		}
	}
	seen := 0
	err := eachAssessmentDump(ctx, db.read, func(a *AssessmentDump) error {
		seen++
		raw, err := marshal(a, "")
		if err != nil {
			return err
		}
		want, err := canonical([]byte("prefix"), raw, dumpIndent, 2)
		if err != nil {
			return err
		}
		got, err := appendAssessment([]byte("prefix"), a)
		if err != nil {
			return err
		}
		if !bytes.Equal(got, want) {
			i := 0
			for i < min(len(got), len(want)) && got[i] == want[i] {
				i++
			}
			t.Errorf("assessment %q: differs at byte %d of %d: got …%q…, want …%q…", a.Name, i, len(want),
				got[max(i-40, 0):min(i+40, len(got))], want[max(i-40, 0):min(i+40, len(want))])
		}
		return nil
	})
	if err != nil || seen != len(names) {
		t.Fatalf("read %d assessments of %d: %v", seen, len(names), err)
	}
}
