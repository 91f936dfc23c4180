package sqlite

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"riskbook/risk"
)

// busyWorkspace returns a workspace open for writing with edits made after
// it was created, so some of its content is still in the WAL.
func busyWorkspace(t *testing.T) (*DB, string) {
	t.Helper()
	ctx := context.Background()
	db, path := newWorkspace(t, TemplateCcTLD)
	r := fullRisk()
	r.Ref = "R-500"
	createRisk(t, db, r)
	if err := db.SetSetting(ctx, "organisation", "Example ccTLD"); err != nil {
		t.Fatal(err)
	}
	if err := db.UpdateSoA(ctx, &risk.SoAEntry{Control: "A.5.1", Applicable: risk.Applicable, Justification: "Policies", Implementation: risk.Implemented}); err != nil {
		t.Fatal(err)
	}
	return db, path
}

// assertGoodBackup checks that out is a complete, verified, owner-only copy
// holding what src holds.
func assertGoodBackup(t *testing.T, src *DB, out string) {
	t.Helper()
	st, err := os.Stat(out)
	if err != nil {
		t.Fatalf("backup: %v", err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("got backup mode %v, want 0600", st.Mode().Perm())
	}
	if _, app := header(t, out); app != ApplicationID {
		t.Errorf("got backup application_id %#x, want %#x", app, ApplicationID)
	}
	b := openRO(t, out)
	v, err := b.Verify(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if !v.OK() {
		t.Errorf("backup fails verification: %+v", v)
	}
	if got, want := dumpJSON(t, b), dumpJSON(t, src); !bytes.Equal(got, want) {
		t.Errorf("backup differs from its source:\n%s", firstDifference(want, got))
	}
	closeDB(t, b)
	assertNoSidecars(t, out)
}

func TestBackup(t *testing.T) {
	ctx := context.Background()
	writer, path := busyWorkspace(t)

	t.Run("FromReaderBesideWriter", func(t *testing.T) {
		ro := openRO(t, path)
		dir := t.TempDir()
		out := filepath.Join(dir, "copy"+Extension)
		if err := ro.Backup(ctx, out); err != nil {
			t.Fatal(err)
		}
		assertGoodBackup(t, writer, out)
		assertDir(t, dir, filepath.Base(out))
	})
	t.Run("FromWriter", func(t *testing.T) {
		dir := t.TempDir()
		out := filepath.Join(dir, "copy"+Extension)
		if err := writer.Backup(ctx, out); err != nil {
			t.Fatal(err)
		}
		assertGoodBackup(t, writer, out)
		assertDir(t, dir, filepath.Base(out))
		// The copy is a workspace like any other.
		db := openRW(t, out)
		createRisk(t, db, validRisk())
	})
	t.Run("ReplacesExisting", func(t *testing.T) {
		dir := t.TempDir()
		out := filepath.Join(dir, "copy"+Extension)
		writeFile(t, out, "an old backup")
		if err := writer.Backup(ctx, out); err != nil {
			t.Fatal(err)
		}
		assertGoodBackup(t, writer, out)
		// A newer backup replaces an older one with the edits made since.
		createRisk(t, writer, validRisk())
		if err := writer.Backup(ctx, out); err != nil {
			t.Fatal(err)
		}
		assertGoodBackup(t, writer, out)
		assertDir(t, dir, filepath.Base(out))
	})
	t.Run("WhileWriting", func(t *testing.T) {
		ro := openRO(t, path)
		done := make(chan error, 1)
		go func() {
			for i := range 30 {
				r := validRisk()
				r.Ref = fmt.Sprintf("W-%03d", i)
				if err := writer.CreateRisk(ctx, &r); err != nil {
					done <- err
					return
				}
			}
			done <- nil
		}()
		out := filepath.Join(t.TempDir(), "copy"+Extension)
		berr := ro.Backup(ctx, out)
		if err := <-done; err != nil {
			t.Fatalf("writing during the backup: %v", err)
		}
		if berr != nil {
			t.Fatal(berr)
		}
		b := openRO(t, out)
		if v, err := b.Verify(ctx); err != nil || !v.OK() {
			t.Errorf("backup taken during writes: %+v, %v", v, err)
		}
		// One snapshot: every risk in the copy has its change-log row, and
		// no row describes a risk the copy lacks.
		assertLogMatchesState(t, b)
	})

	refusals := []struct {
		name      string
		out       func(t *testing.T) (out, watch string) // watch: a folder that must stay as it was
		fragments []string
	}{
		{"SourceItself", func(t *testing.T) (string, string) { return path, filepath.Dir(path) }, []string{path, "another file"}},
		{"SourceThroughLink", func(t *testing.T) (string, string) {
			dir := t.TempDir()
			link := filepath.Join(dir, "link"+Extension)
			if err := os.Symlink(path, link); err != nil {
				t.Skipf("symlink: %v", err)
			}
			return link, dir
		}, []string{path, "another file"}},
		{"MissingFolder", func(t *testing.T) (string, string) {
			dir := t.TempDir()
			return filepath.Join(dir, "missing", "copy"+Extension), dir
		}, []string{"missing", "does not exist"}},
		{"OutIsFolder", func(t *testing.T) (string, string) {
			dir := t.TempDir()
			out := filepath.Join(dir, "copy"+Extension)
			if err := os.Mkdir(out, 0o755); err != nil {
				t.Fatal(err)
			}
			return out, dir
		}, []string{"copy" + Extension}},
	}
	for _, tt := range refusals {
		t.Run("Refuses"+tt.name, func(t *testing.T) {
			fileOnly(t)
			out, watch := tt.out(t)
			srcDir, watched := dirNames(t, filepath.Dir(path)), dirNames(t, watch)
			want := dumpJSON(t, writer)
			wantErr(t, writer.Backup(ctx, out), risk.EINVALID, tt.fragments...)
			if got := dumpJSON(t, writer); !bytes.Equal(got, want) {
				t.Errorf("refused backup changed the workspace:\n%s", firstDifference(want, got))
			}
			assertDir(t, filepath.Dir(path), srcDir...)
			assertDir(t, watch, watched...)
		})
	}
}
