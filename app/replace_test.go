package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"riskbook/export"
)

// Before an export replaces files, it asks, naming them in a sentence
// that agrees with how many there are.
func TestExportAsksBeforeReplacingFiles(t *testing.T) {
	for _, tc := range []struct {
		name     string
		existing []string
		want     string
	}{
		{"One", []string{"Register.pdf"}, "Register.pdf already exists in this folder. Replace it with the new export?"},
		{"Two", []string{"Register.pdf", "Register.xlsx"}, "Register.pdf and Register.xlsx already exist in this folder. Replace them with the new export?"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := newTestApp(t, nil)
			dir := t.TempDir()
			for _, f := range tc.existing {
				if err := os.WriteFile(filepath.Join(dir, f), []byte("an earlier export"), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			a.confirmExport(exportJob{req: export.Request{Level: export.Full,
				PDF: filepath.Join(dir, "Register.pdf"), XLSX: filepath.Join(dir, "Register.xlsx")}})
			overlay := a.win.Canvas().Overlays().Top()
			if overlay == nil {
				t.Fatal("no question before replacing")
			}
			if text := strings.Join(texts(overlay), "\n"); !strings.Contains(text, tc.want) {
				t.Errorf("the question says:\n%s\nwant %q", text, tc.want)
			}
		})
	}
}
