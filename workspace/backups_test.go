package workspace

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"riskbook/i18n"
	"riskbook/risk"
)

// newTestWorkspace makes a blank workspace in a folder of its own.
func newTestWorkspace(t *testing.T) (*Workspace, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "registry.riskbook")
	w, err := Create(context.Background(), path, TemplateBlank, "Ana")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	return w, path
}

// clock is a test clock that a test moves on.
type clock struct{ now time.Time }

func (c *clock) Now() time.Time { return c.now }

func days(list []Backup) []string {
	var out []string
	for _, b := range list {
		out = append(out, b.Day.Format(dayLayout))
	}
	slices.Sort(out)
	return out
}

// TestBackupLabel: a backup is named in the reader's language, with its
// day of the week, day and minute, and says when it was kept before a
// restore.
func TestBackupLabel(t *testing.T) {
	taken := time.Date(2026, time.March, 5, 14, 2, 0, 0, time.Local)
	tests := []struct {
		lang         i18n.Lang
		copy, before string
	}{
		{i18n.English, "Thursday 5 March 2026, 14:02", "Thursday 5 March 2026, 14:02 (kept before a restore)"},
		{i18n.French, "jeudi 5 mars 2026, 14:02", "jeudi 5 mars 2026, 14:02 (conservée avant une restauration)"},
		{i18n.Spanish, "jueves, 5 de marzo de 2026, 14:02", "jueves, 5 de marzo de 2026, 14:02 (conservada antes de una restauración)"},
	}
	for _, tt := range tests {
		p := i18n.For(tt.lang)
		if got := (Backup{Taken: taken}).LabelIn(p); got != tt.copy {
			t.Errorf("%s: %q, want %q", tt.lang, got, tt.copy)
		}
		if got := (Backup{Taken: taken, BeforeRestore: true}).LabelIn(p); got != tt.before {
			t.Errorf("%s, kept before a restore: %q, want %q", tt.lang, got, tt.before)
		}
	}
}

// TestBackupRotation: a workspace opened over fifteen months keeps
// a backup for each of the last seven days and the first of each of the
// last twelve months, owner-only.
func TestBackupRotation(t *testing.T) {
	ctx := context.Background()
	w, path := newTestWorkspace(t)
	c := &clock{now: time.Date(2025, time.January, 1, 9, 0, 0, 0, time.Local)}
	b := &Backups{Dir: t.TempDir(), Now: c.Now}
	end := time.Date(2026, time.March, 15, 9, 0, 0, 0, time.Local)
	for ; !c.now.After(end); c.now = c.now.AddDate(0, 0, 1) {
		// Every day of the last month; before that a few days a month,
		// the first among them, which is enough to tell the rotation.
		if d := c.now.Day(); c.now.Before(end.AddDate(0, -1, 0)) && d != 1 && d != 10 && d != 20 {
			continue
		}
		if _, err := b.Take(ctx, w, false); err != nil {
			t.Fatalf("%s: %v", c.now.Format(dayLayout), err)
		}
	}
	list, err := b.List(path)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"2025-04-01", "2025-05-01", "2025-06-01", "2025-07-01", "2025-08-01", "2025-09-01",
		"2025-10-01", "2025-11-01", "2025-12-01", "2026-01-01", "2026-02-01", "2026-03-01",
		"2026-03-09", "2026-03-10", "2026-03-11", "2026-03-12", "2026-03-13", "2026-03-14", "2026-03-15",
	}
	if got := days(list); !slices.Equal(got, want) {
		t.Errorf("kept %q,\nwant %q", got, want)
	}
	if list[0].Day.Format(dayLayout) != "2026-03-15" {
		t.Errorf("the first listed is of %s, want the newest", list[0].Day.Format(dayLayout))
	}
	for _, bk := range list {
		if st, err := os.Stat(bk.Path); err != nil || st.Mode().Perm() != 0o600 {
			t.Errorf("%s: mode %v, %v; want owner-only", bk.Path, st.Mode(), err)
		}
	}
	if st, err := os.Stat(b.Folder(path)); err != nil || st.Mode().Perm() != 0o700 {
		t.Errorf("backup folder: %v, %v; want owner-only", st.Mode(), err)
	}

	t.Run("NewestStaysHoweverOld", func(t *testing.T) {
		c.now = end.AddDate(3, 0, 0)
		if err := b.prune(path, c.now); err != nil {
			t.Fatal(err)
		}
		list, _ := b.List(path)
		if got := days(list); !slices.Equal(got, []string{"2026-03-15"}) {
			t.Errorf("three years on, kept %q; want only the newest", got)
		}
	})
}

func TestTakeOncePerDayUnlessChanged(t *testing.T) {
	ctx := context.Background()
	w, path := newTestWorkspace(t)
	c := &clock{now: time.Date(2026, time.March, 5, 9, 0, 0, 0, time.Local)}
	b := &Backups{Dir: t.TempDir(), Now: c.Now}
	if took, err := b.Take(ctx, w, false); !took || err != nil {
		t.Fatalf("first backup of the day: %v, %v", took, err)
	}
	c.now = c.now.Add(3 * time.Hour)
	if took, err := b.Take(ctx, w, false); took || err != nil {
		t.Errorf("second at opening: took %v, %v; want none", took, err)
	}
	if took, err := b.Take(ctx, w, true); took || err != nil {
		t.Errorf("at closing without changes: took %v, %v; want none", took, err)
	}
	r := risk.Risk{Title: "Added in the afternoon", Owner: "Ana"}
	if err := w.CreateRisk(ctx, &r); err != nil {
		t.Fatal(err)
	}
	if took, err := b.Take(ctx, w, true); !took || err != nil {
		t.Errorf("at closing after changes: took %v, %v; want today's replaced", took, err)
	}
	list, _ := b.List(path)
	if len(list) != 1 || !list[0].Taken.Equal(c.now) {
		t.Errorf("got %+v, want one backup taken at %v", list, c.now)
	}
}

// TestRestore: a restore puts the backup in place, keeps the replaced file
// among the backups, changes nothing else beside the workspace, and is
// refused while the workspace is open for writing.
func TestRestore(t *testing.T) {
	ctx := context.Background()
	w, path := newTestWorkspace(t)
	c := &clock{now: time.Date(2026, time.March, 5, 9, 0, 0, 0, time.Local)}
	b := &Backups{Dir: t.TempDir(), Now: c.Now}
	if _, err := b.Take(ctx, w, false); err != nil {
		t.Fatal(err)
	}
	r := risk.Risk{Title: "Added after the backup", Owner: "Ana"}
	if err := w.CreateRisk(ctx, &r); err != nil {
		t.Fatal(err)
	}
	list, _ := b.List(path)

	_, err := b.Restore(ctx, list[0].Path, path)
	var fe *risk.FileError
	if !errors.As(err, &fe) || fe.Fault != risk.FaultLocked {
		t.Fatalf("restore over a workspace open for writing: got %v, want it refused", err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	c.now = c.now.Add(time.Hour)
	kept, err := b.Restore(ctx, list[0].Path, path)
	if err != nil {
		t.Fatal(err)
	}
	if got := riskTitles(t, path); len(got) != 0 {
		t.Errorf("after the restore the workspace holds %q, want the backup's none", got)
	}
	if got := riskTitles(t, kept); !slices.Equal(got, []string{"Added after the backup"}) {
		t.Errorf("the copy kept before the restore holds %q", got)
	}
	if got := names(t, filepath.Dir(path)); !slices.Equal(got, []string{"registry.riskbook"}) {
		t.Errorf("beside the workspace: %q", got)
	}
	list, _ = b.List(path)
	if len(list) != 2 || !list[0].BeforeRestore {
		t.Errorf("backups after the restore: %+v, want the kept copy first", list)
	}
}

// TestRestoreOverDamagedFile: the file a restore replaces is kept byte for
// byte when it is too damaged to copy otherwise.
func TestRestoreOverDamagedFile(t *testing.T) {
	ctx := context.Background()
	w, path := newTestWorkspace(t)
	b := &Backups{Dir: t.TempDir(), Now: time.Now}
	if _, err := b.Take(ctx, w, false); err != nil {
		t.Fatal(err)
	}
	w.Close()
	st, _ := os.Stat(path)
	if err := os.Truncate(path, st.Size()/2); err != nil {
		t.Fatal(err)
	}
	damaged, _ := os.ReadFile(path)
	list, _ := b.List(path)
	kept, err := b.Restore(ctx, list[0].Path, path)
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(kept); string(got) != string(damaged) {
		t.Error("the damaged file was not kept as it was")
	}
	ro, err := OpenReadOnly(ctx, path)
	if err != nil {
		t.Fatalf("the restored workspace: %v", err)
	}
	ro.Close()
}

func riskTitles(t *testing.T, path string) []string {
	t.Helper()
	w, err := OpenReadOnly(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	rs, err := w.Risks(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, r := range rs {
		out = append(out, r.Title)
	}
	return out
}

func names(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	slices.Sort(out)
	return out
}

// TestOpeningSweepsCrashLeftovers: opening a workspace removes the stale
// temporary files of Riskbook's own beside it, and only those.
func TestOpeningSweepsCrashLeftovers(t *testing.T) {
	w, path := newTestWorkspace(t)
	w.Close()
	dir := filepath.Dir(path)
	old := time.Now().Add(-2 * time.Hour)
	for _, name := range []string{".report.pdf.riskbook-12.tmp", ".registry.riskbook.riskbook-7.tmp", "notes.tmp"} {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, nil, 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, old, old); err != nil {
			t.Fatal(err)
		}
	}
	w, err := OpenOrRead(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	w.Close()
	if got := names(t, dir); !slices.Equal(got, []string{"notes.tmp", "registry.riskbook"}) {
		t.Errorf("after opening the folder holds %q", got)
	}
}
