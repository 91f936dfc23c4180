package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"riskbook/bcp"
	"riskbook/sqlite"
)

func TestExport(t *testing.T) {
	t.Setenv("SOURCE_DATE_EPOCH", "1767225600") // 2026-01-01
	dir := t.TempDir()
	ws := newWorkspace(t, dir, "w.riskbook", "cctld")
	out := t.TempDir()
	pdf, xlsx := filepath.Join(out, "r.pdf"), filepath.Join(out, "r.xlsx")
	r := riskbook(t, "", "export", ws, "--pdf", pdf, "--xlsx", xlsx)
	wantSuccess(t, r, ExitOK)
	if !strings.Contains(r.stdout, "Wrote "+pdf) || !strings.Contains(r.stdout, "Wrote "+xlsx) {
		t.Errorf("stdout: got %q", r.stdout)
	}
	if b := readFile(t, pdf); !strings.HasPrefix(b, "%PDF-") {
		t.Errorf("%s is not a PDF", pdf)
	}
	f, err := excelize.OpenFile(xlsx)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got, want := strings.Join(f.GetSheetList(), ","), "Summary,Criteria,Heat map,Risks,Register (print),Actions,SoA,BIA,Impacts,Resources,Readiness,Playbooks,Steps,Contacts,Change log"; !strings.HasPrefix(got, want) {
		t.Errorf("sheets: got %s, want %s first", got, want)
	}
	title, err := f.GetCellValue("Risks", "B6")
	if err != nil || !strings.Contains(title, "DDoS") {
		t.Errorf("first risk title: got %q, %v", title, err)
	}
	// The starter kit's BIA reaches the workbook: its first activity, and
	// what only the operator can measure, how long a signer rebuild takes.
	if ref, err := f.GetCellValue("BIA", "A6"); err != nil || ref != "ACT-01" {
		t.Errorf("first activity: got %q, %v", ref, err)
	}
	if rows, _ := f.GetRows("Readiness"); !exportRowsHold(rows, "unknown") {
		t.Error("the Readiness sheet shows no unknown achievable recovery for the starter kit")
	}
	wantDir(t, out, "r.pdf", "r.xlsx")

	// The same workspace and SOURCE_DATE_EPOCH give the same bytes.
	again := filepath.Join(out, "again")
	if err := os.Mkdir(again, 0o755); err != nil {
		t.Fatal(err)
	}
	wantSuccess(t, riskbook(t, "", "export", ws, "--pdf", filepath.Join(again, "r.pdf"), "--xlsx", filepath.Join(again, "r.xlsx")), ExitOK)
	for _, name := range []string{"r.pdf", "r.xlsx"} {
		if readFile(t, filepath.Join(out, name)) != readFile(t, filepath.Join(again, name)) {
			t.Errorf("%s differs between two exports with SOURCE_DATE_EPOCH set", name)
		}
	}

	// The public summary names no risk and no person.
	sum := filepath.Join(out, "summary.xlsx")
	wantSuccess(t, riskbook(t, "", "export", ws, "--level", "summary", "--xlsx", sum), ExitOK)
	s, err := excelize.OpenFile(sum)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if !slices.Contains(s.GetSheetList(), "Continuity") {
		t.Errorf("summary sheets %v: want the BIA's counts on Continuity", s.GetSheetList())
	}
	for _, sheet := range s.GetSheetList() {
		rows, _ := s.GetRows(sheet)
		for _, row := range rows {
			for _, cell := range row {
				for _, secret := range []string{"R-001", "DDoS", "Technical lead", "root", "ACT-01", "RES-01", "Authoritative DNS"} {
					if strings.Contains(cell, secret) {
						t.Errorf("summary sheet %s shows %q in %q", sheet, secret, cell)
					}
				}
			}
		}
	}
}

func TestExportRefuses(t *testing.T) {
	dir := t.TempDir()
	ws := newWorkspace(t, dir, "w.riskbook", "blank")
	tests := []struct {
		name  string
		args  []string
		wants []string
	}{
		{"NoOutput", []string{"export", ws}, []string{"--pdf", "--pack"}},
		{"PackInASummary", []string{"export", ws, "--level", "summary", "--pack", filepath.Join(dir, "p.pdf")}, []string{"names people", "summary"}},
		{"SameFileTwice", []string{"export", ws, "--pdf", filepath.Join(dir, "a.pdf"), "--pack", filepath.Join(dir, "a.pdf")}, []string{"a.pdf", "twice"}},
		{"BadLevel", []string{"export", ws, "--level", "secret", "--pdf", filepath.Join(dir, "a.pdf")}, []string{"secret", "full or summary"}},
		{"MissingFolder", []string{"export", ws, "--pdf", filepath.Join(dir, "nope", "a.pdf")}, []string{"does not exist"}},
		{"OntoTheWorkspace", []string{"export", ws, "--xlsx", ws}, []string{"is a database"}},
		{"NotAWorkspace", []string{"export", filepath.Join(dir, "missing.riskbook"), "--pdf", filepath.Join(dir, "a.pdf")}, []string{"does not exist"}},
		{"BadSourceDateEpoch", []string{"export", ws, "--pdf", filepath.Join(dir, "a.pdf")}, []string{"SOURCE_DATE_EPOCH"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.name == "BadSourceDateEpoch" {
				t.Setenv("SOURCE_DATE_EPOCH", "soon")
			}
			before := snapshotDir(t, dir)
			wantRefusal(t, riskbook(t, "", tt.args...), tt.wants...)
			if after := snapshotDir(t, dir); len(after) != len(before) {
				t.Errorf("the refused export changed %s: %v", dir, keys(after))
			}
		})
	}
}

// TestExportPack writes the network-down pack of a workspace with a
// playbook made from a template and one role assigned, alongside the
// full PDF and workbook.
func TestExportPack(t *testing.T) {
	t.Setenv("SOURCE_DATE_EPOCH", "1767225600")
	dir := t.TempDir()
	ws := newWorkspace(t, dir, "w.riskbook", "cctld")
	db, err := sqlite.Open(t.Context(), ws)
	if err != nil {
		t.Fatal(err)
	}
	p, err := db.CreatePlaybookFromTemplate(t.Context(), "communications-loss")
	if err != nil {
		t.Fatal(err)
	}
	p.Roles[0].Primary, p.Roles[0].Alternate = "Lê Văn Hùng", "Ana Pereira"
	if err := db.UpdatePlaybook(t.Context(), p); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	out := t.TempDir()
	pack, pdf, xlsx := filepath.Join(out, "pack.pdf"), filepath.Join(out, "r.pdf"), filepath.Join(out, "r.xlsx")
	r := riskbook(t, "", "export", ws, "--pack", pack, "--pdf", pdf, "--xlsx", xlsx)
	wantSuccess(t, r, ExitOK)
	if !strings.Contains(r.stdout, "Wrote "+pack) {
		t.Errorf("stdout: got %q", r.stdout)
	}
	wantDir(t, out, "pack.pdf", "r.pdf", "r.xlsx")
	if b := readFile(t, pack); !strings.HasPrefix(b, "%PDF-") {
		t.Fatalf("%s is not a PDF", pack)
	}
	f, err := excelize.OpenFile(xlsx)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if rows, _ := f.GetRows("Steps"); !exportRowsHold(rows, p.Ref) || len(rows) < p.StepCount() {
		t.Errorf("the Steps sheet does not list the %d steps of %s", p.StepCount(), p.Ref)
	}
	if rows, _ := f.GetRows("Playbooks"); !exportRowsHold(rows, p.Title) {
		t.Errorf("the Playbooks sheet does not list %s", p.Title)
	}

	// The pack alone is a document of its own, the same every time.
	alone := filepath.Join(t.TempDir(), "pack.pdf")
	wantSuccess(t, riskbook(t, "", "export", ws, "--pack", alone), ExitOK)
	if readFile(t, alone) != readFile(t, pack) {
		t.Error("the pack differs when written alone")
	}

	tool, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Skip("pdftotext (poppler-utils) is not installed; the export package reads the pack's text without it")
	}
	text := func(path string) string {
		b, err := exec.Command(tool, "-enc", "UTF-8", path, "-").CombinedOutput()
		if err != nil {
			t.Fatalf("pdftotext: %v\n%s", err, b)
		}
		return strings.Join(strings.Fields(string(b)), " ")
	}
	got := text(pack)
	for _, want := range []string{
		"Network-down pack", p.Ref + " " + p.Title, "Out-of-band channels", "1. " + p.OutOfBand[0],
		"Call tree", p.Roles[0].Name, "Lê Văn Hùng", "Ana Pereira", "not assigned",
		"Pre-approved statements", "Communications incident declared at [time].",
		"Checklists — Phase 1 of", "[ ] " + p.Phases[0].Steps[0].Checklist[0],
	} {
		if !strings.Contains(got, strings.Join(strings.Fields(want), " ")) {
			t.Errorf("the pack does not show %q", want)
		}
	}
	for _, unwanted := range []string{"Risk register", "Statement of Applicability", "Business impact analysis", "ACT-01",
		"DDoS attack overwhelms the TLD's name servers", // a risk's title: no register in the pack
		p.Scenario[:40], p.Roles[0].Responsibilities[:30], "Where:", "How:"} {
		if strings.Contains(got, unwanted) {
			t.Errorf("the pack shows %q", unwanted)
		}
	}
	full := text(pdf)
	for _, want := range []string{p.Ref + " " + p.Title, "Activate when", "Who may declare", "Phase 1 of", "What, where, how", "Communications"} {
		if !strings.Contains(full, want) {
			t.Errorf("the full PDF does not show %q", want)
		}
	}
}

// exportRowsHold reports whether any cell of rows is exactly v.
func exportRowsHold(rows [][]string, v string) bool {
	for _, row := range rows {
		for _, c := range row {
			if c == v {
				return true
			}
		}
	}
	return false
}

// TestExportTabletopAndIncident writes the tabletop kit of a playbook made
// from a template and the record of one incident, and refuses what does
// not go with them.
func TestExportTabletopAndIncident(t *testing.T) {
	t.Setenv("SOURCE_DATE_EPOCH", "1767225600")
	dir := t.TempDir()
	ws := newWorkspace(t, dir, "w.riskbook", "cctld")
	db, err := sqlite.Open(t.Context(), ws)
	if err != nil {
		t.Fatal(err)
	}
	p, err := db.CreatePlaybookFromTemplate(t.Context(), "ddos-name-servers")
	if err != nil {
		t.Fatal(err)
	}
	p.Roles[0].Primary = "Lê Văn Hùng"
	if err := db.UpdatePlaybook(t.Context(), p); err != nil {
		t.Fatal(err)
	}
	a := bcp.NewActivation(p, "Names fail to resolve from both monitoring points.", "Lê Văn Hùng", db.Now())
	if err := db.CreateActivation(t.Context(), &a); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	out := t.TempDir()
	kit, record := filepath.Join(out, "kit.pdf"), filepath.Join(out, "incident.pdf")
	r := riskbook(t, "", "export", ws, "--tabletop", strings.ToLower(p.Ref), "--pdf", kit)
	wantSuccess(t, r, ExitOK)
	if r.stdout != "Wrote "+kit+".\n" {
		t.Errorf("stdout: got %q", r.stdout)
	}
	wantSuccess(t, riskbook(t, "", "export", ws, "--incident", a.Ref, "--pdf", record), ExitOK)
	wantDir(t, out, "incident.pdf", "kit.pdf")

	for _, tt := range []struct {
		name  string
		args  []string
		wants []string
	}{
		{"KitWithXLSX", []string{"--tabletop", p.Ref, "--pdf", filepath.Join(dir, "k.pdf"), "--xlsx", filepath.Join(dir, "k.xlsx")}, []string{"--tabletop", "--xlsx"}},
		{"KitWithPack", []string{"--tabletop", p.Ref, "--pdf", filepath.Join(dir, "k.pdf"), "--pack", filepath.Join(dir, "p.pdf")}, []string{"--pack"}},
		{"KitWithLevel", []string{"--tabletop", p.Ref, "--pdf", filepath.Join(dir, "k.pdf"), "--level", "full"}, []string{"--level"}},
		{"KitWithoutPDF", []string{"--tabletop", p.Ref}, []string{"--pdf OUT.pdf"}},
		{"KitAndIncident", []string{"--tabletop", p.Ref, "--incident", a.Ref, "--pdf", filepath.Join(dir, "k.pdf")}, []string{"--tabletop", "--incident"}},
		{"IncidentWithSummary", []string{"--incident", a.Ref, "--pdf", filepath.Join(dir, "k.pdf"), "--level", "summary"}, []string{"--incident", "--level"}},
		{"UnknownPlaybook", []string{"--tabletop", "PB-99", "--pdf", filepath.Join(dir, "k.pdf")}, []string{"no playbook PB-99", p.Ref}},
		{"UnknownIncident", []string{"--incident", "ACV-99", "--pdf", filepath.Join(dir, "k.pdf")}, []string{"no incident ACV-99", a.Ref}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			before := snapshotDir(t, dir)
			wantRefusal(t, riskbook(t, "", append([]string{"export", ws}, tt.args...)...), tt.wants...)
			if after := snapshotDir(t, dir); len(after) != len(before) {
				t.Errorf("the refused export changed %s: %v", dir, keys(after))
			}
		})
	}

	tool, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Skip("pdftotext (poppler-utils) is not installed; the export package reads the kit's text without it")
	}
	text := func(path string) string {
		b, err := exec.Command(tool, "-enc", "UTF-8", path, "-").CombinedOutput()
		if err != nil {
			t.Fatalf("pdftotext: %v\n%s", err, b)
		}
		return strings.Join(strings.Fields(string(b)), " ")
	}
	got := text(kit)
	wants := []string{"Tabletop exercise: " + p.Title, "Facilitator notes", "60 to 90 minutes", "Ground rules", "Role cards",
		"Played by", "Timed injects", "T+0 is the moment", "Discussion questions", "Phase 1 of", "is unreachable?",
		"Answers and notes", "Findings", "Owner", "Due", firstWords(p.Scenario, 8)}
	for _, r := range p.Roles {
		wants = append(wants, r.Name)
	}
	for _, want := range wants {
		if !strings.Contains(got, want) {
			t.Errorf("the kit does not show %q", want)
		}
	}
	for _, unwanted := range []string{"Risk register", "Statement of Applicability", "Business impact analysis"} {
		if strings.Contains(got, unwanted) {
			t.Errorf("the kit shows %q", unwanted)
		}
	}
	inc := text(record)
	for _, want := range []string{"Incident record " + a.Ref, "Decision log", "Names fail to resolve from both monitoring points.", p.Ref + " " + p.Title} {
		if !strings.Contains(inc, want) {
			t.Errorf("the incident record does not show %q", want)
		}
	}
}

// firstWords is the first n words of s, single-spaced.
func firstWords(s string, n int) string {
	f := strings.Fields(s)
	return strings.Join(f[:min(n, len(f))], " ")
}
