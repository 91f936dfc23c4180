package app

import (
	"path/filepath"
	"strings"
	"testing"

	"riskbook/export"
	"riskbook/risk"
)

func TestExportFormPaths(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name      string
		form      exportForm
		pdf, xlsx string
		refused   bool
	}{
		{"Both", exportForm{pdf: true, xlsx: true, folder: dir, name: "Register"}, "Register.pdf", "Register.xlsx", false},
		{"PDFOnly", exportForm{pdf: true, folder: dir, name: "Summary"}, "Summary.pdf", "", false},
		{"NoFormat", exportForm{folder: dir, name: "x"}, "", "", true},
		{"NoName", exportForm{pdf: true, folder: dir, name: "  "}, "", "", true},
		{"FolderInName", exportForm{pdf: true, folder: dir, name: "a/b"}, "", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pdf, xlsx, err := tt.form.paths()
			if tt.refused {
				if risk.ErrorCode(err) != risk.EINVALID {
					t.Fatalf("got %v, want a refusal", err)
				}
				return
			}
			want := func(n string) string {
				if n == "" {
					return ""
				}
				return filepath.Join(dir, n)
			}
			if err != nil || pdf != want(tt.pdf) || xlsx != want(tt.xlsx) {
				t.Errorf("got %q, %q, %v; want %q, %q", pdf, xlsx, err, want(tt.pdf), want(tt.xlsx))
			}
		})
	}
}

func TestExportRunsInTheBackgroundAndReports(t *testing.T) {
	db := newTestWorkspace(t, "cctld")
	a := newTestApp(t, nil)
	var got []export.Request
	a.setWorkspace(testWorkspace{Workspace: db, exports: &got})
	pdf, xlsx := filepath.Join(t.TempDir(), "r.pdf"), filepath.Join(t.TempDir(), "r.xlsx")
	a.runExport(export.Summary, pdf, xlsx)
	if len(got) != 1 || got[0] != (export.Request{Level: export.Summary, PDF: pdf, XLSX: xlsx}) {
		t.Fatalf("exports: got %+v, want one summary to %s and %s", got, pdf, xlsx)
	}
	if !strings.Contains(a.status.Text, "Wrote r.pdf and r.xlsx") {
		t.Errorf("status: got %q", a.status.Text)
	}
}
