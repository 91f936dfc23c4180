package sqlite

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"riskbook/risk"
	"riskbook/safefile"
	"riskbook/safefile/disktest"
)

// folderState is every file of a folder as it was: what a failure must
// leave as it found it.
type folderState map[string]fileState

func stateOfFolder(t testing.TB, dir string) folderState {
	t.Helper()
	s := folderState{}
	for _, name := range dirNames(t, dir) {
		s[name] = stateOf(t, filepath.Join(dir, name))
	}
	return s
}

func assertFolderUnchanged(t testing.TB, dir string, before folderState) {
	t.Helper()
	after := dirNames(t, dir)
	want := make([]string, 0, len(before))
	for name := range before {
		want = append(want, name)
	}
	slices.Sort(want)
	slices.Sort(after)
	if !slices.Equal(after, want) {
		t.Errorf("%s holds %q, want %q", dir, after, want)
		return
	}
	for name, st := range before {
		assertUnchanged(t, filepath.Join(dir, name), st)
	}
}

// wantFault checks that err is a fault of the kind, told in one sentence
// that names the file and holds every fragment.
func wantFault(t testing.TB, err error, fault risk.Fault, path string, fragments ...string) {
	t.Helper()
	var fe *risk.FileError
	if !errors.As(err, &fe) || fe.Fault != fault {
		t.Fatalf("got %v, want fault %d", err, fault)
	}
	msg := risk.ErrorMessage(err)
	t.Logf("sentence: %s", msg)
	for _, f := range append(fragments, path) {
		if !strings.Contains(msg, f) {
			t.Errorf("got %q, want it to contain %q", msg, f)
		}
	}
	for _, tech := range []string{"(8)", "(11)", "(13)", "(14)", "(1544)", "sqlite", "SQLITE", "errno"} {
		if strings.Contains(msg, tech) {
			t.Errorf("got %q: the technical detail %q belongs in the log", msg, tech)
		}
	}
}

// privateTemp points the temporary folder at an empty folder of the test,
// so that it can check that private copies go away.
func privateTemp(t *testing.T) string {
	dir := t.TempDir()
	t.Setenv("TMPDIR", dir)
	return dir
}

// TestReadOnlyMedia: a workspace on a stick with its write switch on, a
// read-only share or a CD opens read-only — everything can be read, dumped
// and verified — without anything left beside it, and says why it cannot
// be changed.
func TestReadOnlyMedia(t *testing.T) {
	fileOnly(t)
	ctx := context.Background()
	tmp := privateTemp(t)
	var path string
	dir := disktest.ReadOnlyDir(t, func(dir string) {
		path = filepath.Join(dir, "w"+Extension)
		db, err := CreateFromTemplate(ctx, path, TemplateCcTLD)
		if err != nil {
			t.Fatal(err)
		}
		closeDB(t, db)
	})
	before := stateOfFolder(t, dir)

	_, err := Open(ctx, path)
	wantFault(t, err, risk.FaultReadOnly, path, "cannot be changed")

	db := openRO(t, path)
	if why := db.ReadOnly(); why == "" {
		t.Error("ReadOnly() is empty, want why the workspace cannot be changed")
	}
	rs, err := db.Risks(ctx)
	if err != nil || len(rs) == 0 {
		t.Fatalf("Risks: %d, %v", len(rs), err)
	}
	if v, err := db.Verify(ctx); err != nil || !v.OK() {
		t.Errorf("Verify: %+v, %v", v, err)
	}
	if _, err := db.Dump(ctx); err != nil {
		t.Error(err)
	}
	r := rs[0]
	r.Title = "Changed on a read-only stick"
	err = db.UpdateRisk(ctx, &r)
	wantFault(t, err, risk.FaultReadOnly, path, "cannot be changed")
	closeDB(t, db)
	assertFolderUnchanged(t, dir, before)
	if left := dirNames(t, tmp); len(left) != 0 {
		t.Errorf("the temporary folder holds %q", left)
	}
}

// TestReadOnlyMediaWithJournal: a workspace copied while Riskbook had it
// open carries a -wal file with the latest changes; on read-only media
// SQLite cannot read it in place, so it is read from a private copy that
// goes when the workspace is closed.
func TestReadOnlyMediaWithJournal(t *testing.T) {
	fileOnly(t)
	ctx := context.Background()
	tmp := privateTemp(t)
	var path string
	dir := disktest.ReadOnlyDir(t, func(dir string) {
		db, src := newWorkspace(t, TemplateCcTLD)
		rawExec(t, db.write, "PRAGMA wal_autocheckpoint = 0")
		if err := db.SetSetting(ctx, "organisation", "Registry in the journal"); err != nil {
			t.Fatal(err)
		}
		path = filepath.Join(dir, "copy"+Extension)
		for _, suffix := range []string{"", "-wal"} {
			if err := copyFile(src+suffix, path+suffix); err != nil {
				t.Fatal(err)
			}
		}
		closeDB(t, db)
	})
	before := stateOfFolder(t, dir)
	db := openRO(t, path)
	if got, err := db.Setting(ctx, "organisation"); err != nil || got != "Registry in the journal" {
		t.Errorf("got %q, %v; want the change held in the -wal file", got, err)
	}
	if len(dirNames(t, tmp)) == 0 {
		t.Error("no private copy in the temporary folder")
	}
	closeDB(t, db)
	assertFolderUnchanged(t, dir, before)
	if left := dirNames(t, tmp); len(left) != 0 {
		t.Errorf("the temporary folder holds %q after closing", left)
	}
}

// TestOlderWorkspaceReadOnly: a workspace of an older schema is read as it
// would be after upgrading, from a private copy, without upgrading the
// file itself.
func TestOlderWorkspaceReadOnly(t *testing.T) {
	fileOnly(t)
	ctx := context.Background()
	tmp := privateTemp(t)
	db, path := newWorkspace(t, TemplateBlank)
	closeDB(t, db)
	raw := rawDB(t, path)
	for _, q := range []string{"DROP TABLE contacts", "DELETE FROM migrations WHERE version = 6", "PRAGMA user_version = 5"} {
		rawExec(t, raw, q)
	}
	raw.Close()
	ageFile(t, path)
	before := stateOfFolder(t, filepath.Dir(path))
	ro := openRO(t, path)
	if cs, err := ro.Contacts(ctx); err != nil || len(cs) != 0 {
		t.Errorf("Contacts: %v, %v; want none, read from the upgraded copy", cs, err)
	}
	closeDB(t, ro)
	assertFolderUnchanged(t, filepath.Dir(path), before)
	if v, _ := header(t, path); v != 5 {
		t.Errorf("the file was upgraded to %d", v)
	}
	if left := dirNames(t, tmp); len(left) != 0 {
		t.Errorf("the temporary folder holds %q", left)
	}
}

// TestReadingLeavesNothingBeside: reading a workspace that can be written
// (what check, dump and export do) leaves nothing beside it once closed.
func TestReadingLeavesNothingBeside(t *testing.T) {
	fileOnly(t)
	db, path := newWorkspace(t, TemplateCcTLD)
	closeDB(t, db)
	ageFile(t, path)
	before := stateOfFolder(t, filepath.Dir(path))
	ro := openRO(t, path)
	if _, err := ro.Dump(context.Background()); err != nil {
		t.Fatal(err)
	}
	closeDB(t, ro)
	assertFolderUnchanged(t, filepath.Dir(path), before)
}

// TestDiskFull: a change that does not fit on the disk is refused with a
// sentence, and the workspace keeps everything it had.
func TestDiskFull(t *testing.T) {
	fileOnly(t)
	ctx := context.Background()
	dir := disktest.SmallDisk(t, 4<<20)
	path := filepath.Join(dir, "w"+Extension)
	db, err := CreateFromTemplate(ctx, path, TemplateCcTLD)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	before, err := db.Risks(ctx)
	if err != nil {
		t.Fatal(err)
	}
	disktest.Fill(t, dir, 0)
	// An import of many long risks: far more than the space left.
	err = db.update(ctx, func(tx *Tx) error {
		for i := range 2000 {
			r := validRisk()
			r.Ref = ""
			r.Description = strings.Repeat("A long description that takes space. ", 40) + string(rune('a'+i%26))
			if err := tx.createRisk(ctx, &r); err != nil {
				return err
			}
		}
		return nil
	})
	wantFault(t, err, risk.FaultDiskFull, path, "disk", "full", "nothing was saved")
	after, err := db.Risks(ctx)
	if err != nil || len(after) != len(before) {
		t.Errorf("after the refused change: %d risks, %v; want the %d there were", len(after), err, len(before))
	}
	if v, err := db.Verify(ctx); err != nil || !v.OK() {
		t.Errorf("Verify: %+v, %v", v, err)
	}
	for _, name := range dirNames(t, dir) {
		if safefile.IsTemp(name) {
			t.Errorf("%s was left behind", name)
		}
	}
}

// TestMovedWhileOpen: a workspace moved or deleted while open takes no
// more changes — they would be lost with the old file — and says so.
func TestMovedWhileOpen(t *testing.T) {
	fileOnly(t)
	ctx := context.Background()
	db, path := newWorkspace(t, TemplateBlank)
	defer db.Close()
	moved := filepath.Join(filepath.Dir(path), "moved"+Extension)
	if err := os.Rename(path, moved); err != nil {
		t.Fatal(err)
	}
	r := validRisk()
	err := db.CreateRisk(ctx, &r)
	wantFault(t, err, risk.FaultMoved, path, "moved", "open it again")
}

// cutInHalf truncates a closed workspace to half its size, as a copy
// stopped halfway would leave it.
func cutInHalf(t testing.TB, path string) {
	t.Helper()
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(path, st.Size()/2); err != nil {
		t.Fatal(err)
	}
}

// flipBit flips one bit of a closed workspace: the first byte of the root
// page of table, which makes that page unreadable.
func flipBit(t testing.TB, path, table string) {
	t.Helper()
	raw := rawDB(t, path)
	var root, pageSize int64
	if err := raw.QueryRow("SELECT rootpage FROM sqlite_schema WHERE name = ?", table).Scan(&root); err != nil {
		t.Fatal(err)
	}
	if err := raw.QueryRow("PRAGMA page_size").Scan(&pageSize); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	b := make([]byte, 1)
	off := (root - 1) * pageSize
	if _, err := f.ReadAt(b, off); err != nil {
		t.Fatal(err)
	}
	b[0] ^= 0x04
	if _, err := f.WriteAt(b, off); err != nil {
		t.Fatal(err)
	}
}

// TestDamagedWorkspace: a workspace cut short or with a flipped bit is
// refused for writing with a diagnosis and what to do, and left as it is.
func TestDamagedWorkspace(t *testing.T) {
	fileOnly(t)
	ctx := context.Background()
	tests := []struct {
		name   string
		damage func(t testing.TB, path string)
		detail string
	}{
		{"CutInHalf", cutInHalf, "cut short"},
		{"BitFlipped", func(t testing.TB, path string) { flipBit(t, path, "risks") }, "cannot be read"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db, path := newWorkspace(t, TemplateCcTLD)
			closeDB(t, db)
			tt.damage(t, path)
			ageFile(t, path)
			dir := filepath.Dir(path)
			before := stateOfFolder(t, dir)
			_, err := Open(ctx, path)
			wantFault(t, err, risk.FaultDamaged, path, "damaged", tt.detail, "restore", "salvage")
			if ro, err := OpenReadOnly(ctx, path); err == nil {
				_, err = ro.Risks(ctx)
				wantFault(t, err, risk.FaultDamaged, path, "damaged", "salvage")
				closeDB(t, ro)
			} else {
				wantFault(t, err, risk.FaultDamaged, path, "damaged", tt.detail)
			}
			assertFolderUnchanged(t, dir, before)
		})
	}
}
