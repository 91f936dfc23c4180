package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestExport(t *testing.T) {
	t.Setenv("SOURCE_DATE_EPOCH", "1767225600") // 2026-01-01
	dir := t.TempDir()
	ws := newWorkspace(t, dir, "w.riskbook", "cctld")
	out := t.TempDir()
	pdf, xlsx := filepath.Join(out, "r.pdf"), filepath.Join(out, "r.xlsx")
	r := riskbook(t, "", "export", ws, "--pdf", pdf, "--xlsx", xlsx)
	wantSuccess(t, r, exitOK)
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
	if got, want := strings.Join(f.GetSheetList(), ","), "Summary,Criteria,Heat map,Risks,Actions,SoA,BIA,Impacts,Resources,Readiness,Change log"; !strings.HasPrefix(got, want) {
		t.Errorf("sheets: got %s, want %s first", got, want)
	}
	title, err := f.GetCellValue("Risks", "B6")
	if err != nil || !strings.Contains(title, "DDoS") {
		t.Errorf("first risk title: got %q, %v", title, err)
	}
	// The starter kit's BIA reaches the workbook: its first activity, and
	// the honest gap of a small registry, one person signing the zone.
	if ref, err := f.GetCellValue("BIA", "A6"); err != nil || ref != "ACT-01" {
		t.Errorf("first activity: got %q, %v", ref, err)
	}
	if rows, _ := f.GetRows("Readiness"); !exportRowsHold(rows, "gap") {
		t.Error("the Readiness sheet shows no ICT readiness gap for the starter kit")
	}
	wantDir(t, out, "r.pdf", "r.xlsx")

	// The same workspace and SOURCE_DATE_EPOCH give the same bytes.
	again := filepath.Join(out, "again")
	if err := os.Mkdir(again, 0o755); err != nil {
		t.Fatal(err)
	}
	wantSuccess(t, riskbook(t, "", "export", ws, "--pdf", filepath.Join(again, "r.pdf"), "--xlsx", filepath.Join(again, "r.xlsx")), exitOK)
	for _, name := range []string{"r.pdf", "r.xlsx"} {
		if readFile(t, filepath.Join(out, name)) != readFile(t, filepath.Join(again, name)) {
			t.Errorf("%s differs between two exports with SOURCE_DATE_EPOCH set", name)
		}
	}

	// The public summary names no risk and no person.
	sum := filepath.Join(out, "summary.xlsx")
	wantSuccess(t, riskbook(t, "", "export", ws, "--level", "summary", "--xlsx", sum), exitOK)
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
		{"NoOutput", []string{"export", ws}, []string{"--pdf"}},
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
