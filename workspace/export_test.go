package workspace

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"riskbook/bcp"
	"riskbook/export"
	"riskbook/sqlite"
)

// TestExportPermissions: a document with single risks, names or numbers is
// created readable by its owner only, like the workspace; the summary, meant
// to be handed out, is readable by anyone.
func TestExportPermissions(t *testing.T) {
	w := newStarter(t, bcp.Setup{})
	dir := t.TempDir()
	path := func(name string) string { return filepath.Join(dir, name) }
	requests := []struct {
		name string
		req  export.Request
		want os.FileMode
	}{
		{"Full", export.Request{Level: export.Full, PDF: path("full.pdf"), XLSX: path("full.xlsx")}, 0o600},
		{"Pack", export.Request{Pack: path("pack.pdf")}, 0o600},
		{"Tabletop", export.Request{Level: export.Summary, Tabletop: "PB-01", PDF: path("tabletop.pdf")}, 0o600},
		{"Summary", export.Request{Level: export.Summary, PDF: path("summary.pdf"), XLSX: path("summary.xlsx")}, 0o644},
	}
	for _, tt := range requests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := w.Export(context.Background(), tt.req); err != nil {
				t.Fatal(err)
			}
			for _, p := range tt.req.Paths() {
				st, err := os.Stat(p)
				if err != nil {
					t.Fatal(err)
				}
				if got := st.Mode().Perm(); got != tt.want {
					t.Errorf("%s: got mode %v, want %v", filepath.Base(p), got, tt.want)
				}
			}
		})
	}
}

// TestUserNameSettingKey: the profile edits the same setting the store
// records edits under.
func TestUserNameSettingKey(t *testing.T) {
	if export.SettingUserName != sqlite.SettingUserName {
		t.Errorf("export.SettingUserName %q, sqlite.SettingUserName %q", export.SettingUserName, sqlite.SettingUserName)
	}
}
