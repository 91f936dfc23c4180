package cli

import (
	"encoding/json"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// scoringRows maps each risk reference on the Scoring sheet to its row.
func scoringRows(t *testing.T, f *excelize.File) map[string]int {
	t.Helper()
	rows, err := f.GetRows("Scoring")
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]int{}
	for i, r := range rows {
		if len(r) > 0 && strings.HasPrefix(r[0], "R-") {
			out[r[0]] = i + 1
		}
	}
	return out
}

// editWorkbook changes cells of the Scoring sheet ("E" + row of R-001 …)
// and saves the workbook to out, as the owner would in Excel.
func editWorkbook(t *testing.T, in, out string, edit func(f *excelize.File, row map[string]int)) {
	t.Helper()
	f, err := excelize.OpenFile(in)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	edit(f, scoringRows(t, f))
	if err := f.SaveAs(out); err != nil {
		t.Fatal(err)
	}
}

func setScoringCell(t *testing.T, f *excelize.File, ref string, v any) {
	t.Helper()
	if err := f.SetCellValue("Scoring", ref, v); err != nil {
		t.Fatal(err)
	}
}

// storedRisk is the part of a dumped risk the tests look at.
type storedRisk struct {
	Ref         string `json:"ref"`
	Description string `json:"description"`
	Owner       string `json:"owner"`
	Residual    struct {
		Likelihood  int `json:"likelihood"`
		Consequence int `json:"consequence"`
	} `json:"residual"`
	Status string `json:"status"`
}

func storedRisks(t *testing.T, ws string) (map[string]storedRisk, dumpDoc) {
	t.Helper()
	d := readDump(t, ws)
	out := map[string]storedRisk{}
	for _, raw := range d.Risks {
		var r storedRisk
		if err := json.Unmarshal(raw, &r); err != nil {
			t.Fatal(err)
		}
		out[r.Ref] = r
	}
	return out, d
}

func TestScoringRoundTripCLI(t *testing.T) {
	t.Setenv("SOURCE_DATE_EPOCH", "1767225600") // 2026-01-01
	dir := t.TempDir()
	ws := newWorkspace(t, dir, "w.riskbook", "cctld")
	book := filepath.Join(dir, "lead.xlsx")
	r := riskbook(t, "", "export", ws, "--scoring", book, "--owner", "technical LEAD")
	wantSuccess(t, r, ExitOK)
	if !strings.Contains(r.stdout, "Wrote "+book+": 6 risks of Technical lead") {
		t.Errorf("stdout: %q", r.stdout)
	}
	again := filepath.Join(dir, "again.xlsx")
	wantSuccess(t, riskbook(t, "", "export", ws, "--scoring", again, "--owner", "Technical lead"), ExitOK)
	if readFile(t, book) != readFile(t, again) {
		t.Error("two scoring exports with SOURCE_DATE_EPOCH set differ")
	}

	// Untouched, it changes nothing.
	r = riskbook(t, "", "rescore", ws, book)
	wantSuccess(t, r, ExitOK)
	if !strings.HasPrefix(r.stdout, "No changes") {
		t.Errorf("untouched workbook: got %q", r.stdout)
	}

	before, _ := storedRisks(t, ws)
	edited := filepath.Join(dir, "edited.xlsx")
	editWorkbook(t, book, edited, func(f *excelize.File, row map[string]int) {
		setScoringCell(t, f, "E"+scoringItoa(row["R-001"]), "3 — Possible") // residual likelihood, was 4
		setScoringCell(t, f, "J"+scoringItoa(row["R-001"]), "Monitoring")
		setScoringCell(t, f, "L"+scoringItoa(row["R-001"]), "Second anycast provider signed in March.")
	})
	dumpBefore := dumpOf(t, ws)
	r = riskbook(t, "", "rescore", ws, edited)
	wantSuccess(t, r, ExitOK)
	for _, want := range []string{
		`(?m)^R-001\s+residual likelihood\s+Likely \(4\) → Possible \(3\)$`,
		`(?m)^R-001\s+status\s+Treating → Monitoring$`,
		`(?m)^R-001\s+comment\s+"Second anycast provider signed in March."$`,
		`1 risk would change\. To save: riskbook rescore .* --apply`,
	} {
		if !regexp.MustCompile(want).MatchString(r.stdout) {
			t.Errorf("stdout %q: want %s", r.stdout, want)
		}
	}
	if strings.Count(r.stdout, "R-0") != 3 {
		t.Errorf("stdout %q: want exactly the three changes of R-001", r.stdout)
	}
	if dumpOf(t, ws) != dumpBefore {
		t.Error("rescore without --apply changed the workspace")
	}

	r = riskbook(t, "", "rescore", ws, edited, "--apply")
	wantSuccess(t, r, ExitOK)
	if !strings.Contains(r.stdout, "Updated 1 risk in "+ws) {
		t.Errorf("stdout: %q", r.stdout)
	}
	after, d := storedRisks(t, ws)
	got := after["R-001"]
	if got.Residual.Likelihood != 3 || got.Residual.Consequence != before["R-001"].Residual.Consequence || got.Status != "monitoring" {
		t.Errorf("R-001 stored: %+v", got)
	}
	// The comment is dated by the clock, not by the export.
	if !regexp.MustCompile(`\n\nOwner comment, \d{4}-\d\d-\d\d \(Technical lead\): Second anycast provider signed in March\.$`).MatchString(got.Description) {
		t.Errorf("R-001 description: %q", got.Description)
	}
	last := d.ChangeLog[len(d.ChangeLog)-1]
	if last.Entity != "risk" || last.Key != "R-001" || last.Action != "update" {
		t.Errorf("last change: %+v", last)
	}
	for ref, r := range after {
		if ref != "R-001" && r != before[ref] {
			t.Errorf("%s changed: %+v", ref, r)
		}
	}
	wantSuccess(t, riskbook(t, "", "verify", ws), ExitOK)

	// The same workbook again: nothing left to change, the comment not added twice.
	n := len(d.ChangeLog)
	r = riskbook(t, "", "rescore", ws, edited, "--apply")
	wantSuccess(t, r, ExitOK)
	if !strings.HasPrefix(r.stdout, "No changes") {
		t.Errorf("second apply: got %q", r.stdout)
	}
	if _, d := storedRisks(t, ws); len(d.ChangeLog) != n {
		t.Errorf("second apply logged %d changes", len(d.ChangeLog)-n)
	}
}

func TestRescoreProblems(t *testing.T) {
	t.Setenv("SOURCE_DATE_EPOCH", "1767225600")
	dir := t.TempDir()
	ws := newWorkspace(t, dir, "w.riskbook", "cctld")
	book := filepath.Join(dir, "lead.xlsx")
	wantSuccess(t, riskbook(t, "", "export", ws, "--scoring", book, "--owner", "Technical lead"), ExitOK)

	// A residual above the inherent score is the rule's problem; --apply
	// saves nothing, not even the other risk's sound change.
	bad := filepath.Join(dir, "bad.xlsx")
	editWorkbook(t, book, bad, func(f *excelize.File, row map[string]int) {
		setScoringCell(t, f, "C"+scoringItoa(row["R-001"]), "1 — Rare") // inherent likelihood below the residual 4
		setScoringCell(t, f, "J"+scoringItoa(row["R-003"]), "Monitoring")
	})
	dump := dumpOf(t, ws)
	r := riskbook(t, "", "rescore", ws, bad)
	if r.code != ExitFindings || r.stderr != "" {
		t.Errorf("got exit %d, stderr %q; want 1", r.code, r.stderr)
	}
	if !regexp.MustCompile(`(?m)^R-001\s+problem\s+the residual score L4×C4 is above the inherent score L1×C5`).MatchString(r.stdout) ||
		!strings.Contains(r.stdout, "1 problem; fix them before applying") {
		t.Errorf("stdout: %q", r.stdout)
	}
	r = riskbook(t, "", "rescore", ws, bad, "--apply")
	if r.code != ExitUsage || !strings.Contains(r.stderr, "1 problem in "+bad+", so nothing was changed") ||
		!strings.Contains(r.stdout, "problem") || strings.Contains(r.stdout, "R-003") {
		t.Errorf("got exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	if dumpOf(t, ws) != dump {
		t.Error("a refused --apply changed the workspace")
	}

	// An edited Ref, and a workbook from another workspace, are refused.
	edited := filepath.Join(dir, "ref.xlsx")
	editWorkbook(t, book, edited, func(f *excelize.File, row map[string]int) {
		setScoringCell(t, f, "A"+scoringItoa(row["R-001"]), "R-099")
	})
	wantRefusal(t, riskbook(t, "", "rescore", ws, edited), "Ref R-099", "do not edit the Ref column")
	other := newWorkspace(t, dir, "other.riskbook", "cctld")
	wantRefusal(t, riskbook(t, "", "rescore", other, book), "exported from w.riskbook, not from other.riskbook")
	wantRefusal(t, riskbook(t, "", "rescore", ws, filepath.Join(dir, "missing.xlsx")), "does not exist")
	writeFile(t, filepath.Join(dir, "x.xlsx"), "Ref,Title\n")
	wantRefusal(t, riskbook(t, "", "rescore", ws, filepath.Join(dir, "x.xlsx")), "not an Excel workbook")
}

func TestScoringExportRefuses(t *testing.T) {
	dir := t.TempDir()
	ws := newWorkspace(t, dir, "w.riskbook", "cctld")
	out := filepath.Join(dir, "s.xlsx")
	tests := []struct {
		name  string
		args  []string
		wants []string
	}{
		{"OwnerAlone", []string{"export", ws, "--owner", "Technical lead", "--pdf", filepath.Join(dir, "a.pdf")}, []string{"--owner", "--scoring OUT.xlsx"}},
		{"NoOwner", []string{"export", ws, "--scoring", out}, []string{"--owner NAME"}},
		{"WithPDF", []string{"export", ws, "--scoring", out, "--owner", "x", "--pdf", filepath.Join(dir, "a.pdf")}, []string{"--scoring", "do not go with it"}},
		{"WithLevel", []string{"export", ws, "--scoring", out, "--owner", "x", "--level", "full"}, []string{"--level"}},
		{"UnknownOwner", []string{"export", ws, "--scoring", out, "--owner", "Bob"}, []string{`"Bob"`, "the owners are Communications lead,", "and Technical lead"}},
		{"OntoTheWorkspace", []string{"export", ws, "--scoring", ws, "--owner", "Technical lead"}, []string{"is a database"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := snapshotDir(t, dir)
			wantRefusal(t, riskbook(t, "", tt.args...), tt.wants...)
			if after := snapshotDir(t, dir); len(after) != len(before) {
				t.Errorf("the refused export changed %s: %v", dir, keys(after))
			}
		})
	}
}

func TestRescoreHelp(t *testing.T) {
	r := riskbook(t, "", "--help")
	if !regexp.MustCompile(`(?m)^  rescore `).MatchString(r.stdout) {
		t.Errorf("rescore missing from the command list:\n%s", r.stdout)
	}
	r = riskbook(t, "", "rescore", "--help")
	wantSuccess(t, r, ExitOK)
	if !strings.HasPrefix(r.stdout, "Usage: riskbook rescore FILE SCORING.xlsx") || !strings.Contains(r.stdout, "-apply") {
		t.Errorf("help: %q", r.stdout)
	}
}

func scoringItoa(n int) string { return strconv.Itoa(n) }
