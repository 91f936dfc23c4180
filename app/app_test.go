package app

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// newStartApp returns an App with no workspace open, its home folder in a
// temporary directory.
func newStartApp(t *testing.T) (*App, string) {
	t.Helper()
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("USERPROFILE", home)
	a := New(test.NewTempApp(t), testWorkspaces{}, "test")
	a.background = func(f func()) { f() }
	t.Cleanup(a.closeWorkspace)
	return a, home
}

func TestFirstRunCreatesStarterWorkspaceInDocuments(t *testing.T) {
	a, home := newStartApp(t)
	if err := os.Mkdir(filepath.Join(home, "Documents"), 0o700); err != nil {
		t.Fatal(err)
	}
	a.Start("")
	want := filepath.Join(home, "Documents", "Riskbook", "Riskbook.riskbook")
	if a.ws == nil || a.ws.Path() != want {
		t.Fatalf("first run opened %v, want %s", a.ws, want)
	}
	if got := a.win.Title(); got != "Riskbook — Riskbook" {
		t.Errorf("window title: got %q", got)
	}
	if got := a.fyne.Preferences().String(prefLastWorkspace); got != want {
		t.Errorf("last workspace preference: got %q, want %q", got, want)
	}
	rs, err := a.ws.Risks(t.Context())
	if err != nil || len(rs) < 15 {
		t.Errorf("starter kit: got %d risks (err %v), want at least 15", len(rs), err)
	}
}

func TestLaterRunReopensLastWorkspace(t *testing.T) {
	a, home := newStartApp(t)
	path := filepath.Join(home, "Register.riskbook")
	if err := a.createPath(path, "blank"); err != nil {
		t.Fatal(err)
	}
	a.closeWorkspace()
	a.Start("")
	if a.ws == nil || a.ws.Path() != path {
		t.Fatalf("second start opened %v, want %s", a.ws, path)
	}
	if got := a.fyne.Preferences().StringList(prefRecent); !slices.Contains(got, path) {
		t.Errorf("recent workspaces %v lack %s", got, path)
	}
}

func TestMissingWorkspaceOffersOpenNewQuit(t *testing.T) {
	a, home := newStartApp(t)
	a.fyne.Preferences().SetString(prefLastWorkspace, filepath.Join(home, "moved.riskbook"))
	a.Start("")
	if a.ws != nil {
		t.Fatal("a workspace is open although the file is missing")
	}
	overlay := a.win.Canvas().Overlays().Top()
	if overlay == nil {
		t.Fatal("no dialog explains the missing workspace")
	}
	text := strings.Join(texts(overlay), "\n")
	for _, want := range []string{"moved.riskbook does not exist", "Open…", "New…", "Quit"} {
		if !strings.Contains(text, want) {
			t.Errorf("dialog lacks %q; it says:\n%s", want, text)
		}
	}
}

func TestRefusedFileIsExplainedAndChangesNothing(t *testing.T) {
	a, home := newStartApp(t)
	path := filepath.Join(home, "notes.riskbook")
	if err := os.WriteFile(path, []byte("meeting notes"), 0o600); err != nil {
		t.Fatal(err)
	}
	a.Start(path)
	if a.ws != nil {
		t.Fatal("a text file was opened as a workspace")
	}
	if b, _ := os.ReadFile(path); string(b) != "meeting notes" {
		t.Errorf("the refused file changed: %q", b)
	}
	if text := strings.Join(texts(a.win.Canvas().Overlays().Top()), "\n"); !strings.Contains(text, "not a Riskbook workspace") {
		t.Errorf("dialog does not say why: %s", text)
	}
}

func TestMenusNeedAWorkspace(t *testing.T) {
	a, home := newStartApp(t)
	find := func(label string) *fyne.MenuItem {
		for _, m := range a.win.MainMenu().Items {
			for _, it := range m.Items {
				if it.Label == label {
					return it
				}
			}
		}
		t.Fatalf("no menu item %q", label)
		return nil
	}
	if !find("New Risk").Disabled || !find("Back Up…").Disabled {
		t.Error("risk and backup items are enabled without a workspace")
	}
	if err := a.createPath(filepath.Join(home, "w.riskbook"), "blank"); err != nil {
		t.Fatal(err)
	}
	if find("New Risk").Disabled || find("Back Up…").Disabled {
		t.Error("risk and backup items are disabled with a workspace open")
	}
	if find("Export…").Disabled {
		t.Error("export is disabled with a workspace open")
	}
}

func TestSectionsSwitchAndReload(t *testing.T) {
	db := newTestWorkspace(t, "cctld")
	a := newTestApp(t, db)
	for i, s := range a.sections {
		a.nav.Select(i)
		if a.current != i || a.body.Objects[0] != s.scr.view() {
			t.Errorf("section %s is not shown after selecting it", s.name)
		}
	}
}

// texts returns every text shown in a tree of canvas objects.
func texts(o fyne.CanvasObject) []string {
	var out []string
	var walk func(fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch w := o.(type) {
		case *widget.Label:
			out = append(out, w.Text)
		case *widget.Button:
			out = append(out, w.Text)
		case *fyne.Container:
			for _, c := range w.Objects {
				walk(c)
			}
			return
		}
		if w, ok := o.(fyne.Widget); ok {
			for _, c := range test.WidgetRenderer(w).Objects() {
				walk(c)
			}
		}
	}
	if o != nil {
		walk(o)
	}
	return out
}

func TestBackupFromTheApp(t *testing.T) {
	db := newTestWorkspace(t, "cctld")
	a := newTestApp(t, db)
	out := filepath.Join(t.TempDir(), "copy.riskbook")
	if err := a.backup(out); err != nil {
		t.Fatal(err)
	}
	if st, err := os.Stat(out); err != nil || st.Size() == 0 {
		t.Fatalf("backup file: %v, %v", st, err)
	}
	if err := a.backup(db.Path()); err == nil {
		t.Error("backing up onto the open workspace was allowed")
	}
}
