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

	"riskbook/bcp"
	"riskbook/export"
)

// newStartApp returns an App with no workspace open, its home folder in a
// temporary directory.
func newStartApp(t *testing.T) (*App, string) {
	t.Helper()
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("USERPROFILE", home)
	// The starter kit is offered in the system's language: English here.
	t.Setenv("LANGUAGE", "")
	t.Setenv("LC_ALL", "en_US.UTF-8")
	a := New(test.NewTempApp(t), newTestWorkspaces(t), "test")
	a.background = func(f func()) { f() }
	t.Cleanup(a.closeWorkspace)
	return a, home
}

// TestFirstStartAsksAndMakesTheWorkspaceTheirs answers the first start's
// three questions as a person would: the workspace is made in the
// documents folder with the organisation on its documents and the people
// in its contacts, roles and change log.
func TestFirstStartAsksAndMakesTheWorkspaceTheirs(t *testing.T) {
	a, home := newStartApp(t)
	if err := os.Mkdir(filepath.Join(home, "Documents"), 0o700); err != nil {
		t.Fatal(err)
	}
	a.Start("")
	want := filepath.Join(home, "Documents", "Riskbook", "Riskbook.riskbook")
	f := a.setup
	if a.ws != nil || f == nil {
		t.Fatalf("first start: workspace %v, questions %v; want the questions before any workspace", a.ws, f)
	}
	test.Type(f.org, "Registry of .xx")
	test.Type(f.tlds, "XX")
	p := f.people[0]
	test.Type(p.name, "Ana Silva")
	test.Type(p.phone, "+351 912 000 001")
	test.Type(p.email, "ana@nic.example")
	test.Tap(f.add)
	q := f.people[1]
	if q.job.Selected != "Technical lead" {
		t.Errorf("second person's job: got %q, want the next free one, Technical lead", q.job.Selected)
	}
	test.Type(q.name, "Bo Tran")
	test.Type(q.phone, "+351 912 000 002")
	if f.create.Disabled() {
		t.Fatalf("Create disabled: %q", f.problem.Text)
	}
	test.Tap(f.create)
	if a.ws == nil || a.ws.Path() != want {
		t.Fatalf("first start opened %v, want %s", a.ws, want)
	}
	if got := a.win.Title(); got != "Riskbook — Riskbook" {
		t.Errorf("window title: got %q", got)
	}
	if got := a.fyne.Preferences().String(prefLastWorkspace); got != want {
		t.Errorf("last workspace preference: got %q, want %q", got, want)
	}
	ctx := t.Context()
	settings, err := a.ws.Settings(ctx)
	if err != nil || settings[export.SettingOrganisation] != "Registry of .xx" || settings[export.SettingTLDs] != ".xx" {
		t.Errorf("profile: got %v, %v", settings, err)
	}
	if who, err := a.ws.Actor(ctx); err != nil || who != "Ana Silva" {
		t.Errorf("the change log names %q (%v), want Ana Silva", who, err)
	}
	cs, err := a.ws.Contacts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if c := bcp.FindContact(cs, "C-02"); c == nil || c.Name != "Bo Tran" || len(c.Numbers()) != 1 {
		t.Errorf("C-02: got %+v, want Bo Tran with his phone", c)
	}
	pbs, err := a.ws.Playbooks(ctx)
	if err != nil || len(pbs) == 0 || pbs[0].Role("Incident lead").Primary != "Ana Silva" {
		t.Errorf("the starter playbooks' incident lead is not Ana Silva: %v", err)
	}
	if !strings.Contains(a.status.label.Text, "Your people are in its roles") {
		t.Errorf("status: %q", a.status.label.Text)
	}
	if a.win.Canvas().Overlays().Top() != nil {
		t.Error("the questions are still open")
	}
}

// TestFirstStartInAnotherLanguage: the first start offers the starter kit
// in the system's language or another; choosing one offers that kit's
// jobs, each person keeping theirs, and makes the workspace in it.
func TestFirstStartInAnotherLanguage(t *testing.T) {
	a, _ := newStartApp(t)
	t.Setenv("LC_ALL", "fr_FR.UTF-8")
	a.Start("")
	f := a.setup
	if f.lang != "fr" || f.language.Selected != "Français" {
		t.Fatalf("a French system is offered %q (%q), want the French kit", f.lang, f.language.Selected)
	}
	french := slices.Clone(f.jobs)
	test.Tap(f.add)
	f.language.SetSelected("English")
	if f.people[1].job.Selected != "Technical lead" || !slices.Equal(f.people[1].job.Options, f.jobs) || slices.Equal(f.jobs, french) {
		t.Errorf("in English the second person's job is %q of %v", f.people[1].job.Selected, f.people[1].job.Options)
	}
	f.language.SetSelected("Français")
	if f.people[1].job.Selected != french[1] {
		t.Errorf("back in French the second person's job is %q, want %q", f.people[1].job.Selected, french[1])
	}
	test.Type(f.people[0].name, "Awa Diop")
	test.Tap(f.create)
	if a.ws == nil {
		t.Fatal("no workspace made")
	}
	if lang, err := a.ws.ContentLanguage(t.Context()); err != nil || lang != "fr" {
		t.Errorf("the workspace is in %q (%v), want fr", lang, err)
	}
	pbs, err := a.ws.Playbooks(t.Context())
	if err != nil || len(pbs) == 0 || pbs[0].Role("Incident lead") != nil {
		t.Errorf("the starter playbooks are not in French: %v", err)
	}
}

// TestFirstStartSkipped: skipping the questions makes the starter kit as it
// is, with its blanks to fill in; without a documents folder it goes to
// Riskbook in the home folder.
func TestFirstStartSkipped(t *testing.T) {
	a, home := newStartApp(t)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(home, ".config"))
	a.Start("")
	test.Tap(findButton(t, a.win.Canvas().Overlays().Top(), "Skip the questions"))
	want := filepath.Join(home, "Riskbook", "Riskbook.riskbook")
	if a.ws == nil || a.ws.Path() != want {
		t.Fatalf("first start opened %v, want %s", a.ws, want)
	}
	rs, err := a.ws.Risks(t.Context())
	if err != nil || len(rs) < 15 {
		t.Errorf("starter kit: got %d risks (err %v), want at least 15", len(rs), err)
	}
	cs, err := a.ws.Contacts(t.Context())
	if err != nil || len(cs) == 0 || !bcp.IsToFillIn(cs[0].Name) {
		t.Errorf("contacts of a skipped start: %v, %v; want the starter's blanks", cs, err)
	}
}

// TestFirstStartRefusesBadAnswers: an answer that breaks a rule is said
// under the questions, Create waits, and nothing is made.
func TestFirstStartRefusesBadAnswers(t *testing.T) {
	a, home := newStartApp(t)
	a.Start("")
	f := a.setup
	test.Type(f.people[0].phone, "call me")
	if !f.create.Disabled() || !f.problem.Visible() || !strings.Contains(f.problem.Text, "no name") {
		t.Errorf("a phone without a name: Create disabled %v, problem %q", f.create.Disabled(), f.problem.Text)
	}
	test.Type(f.people[0].name, "Ana")
	if !strings.Contains(f.problem.Text, `"call me" is not a phone number`) {
		t.Errorf("problem: %q", f.problem.Text)
	}
	f.onCreate()
	if a.ws != nil {
		t.Error("a workspace was made from answers that break a rule")
	}
	if m, _ := filepath.Glob(filepath.Join(home, "*", "Riskbook*")); len(m) > 0 {
		t.Errorf("files made: %q", m)
	}
	for range 6 {
		test.Tap(f.add)
	}
	if len(f.people) != 5 || !f.add.Disabled() {
		t.Errorf("rows: %d, add enabled %v; want five at most", len(f.people), !f.add.Disabled())
	}
}

func TestDocumentsFolder(t *testing.T) {
	home := t.TempDir()
	mk := func(p string) string {
		t.Helper()
		if err := os.MkdirAll(filepath.Join(home, p), 0o700); err != nil {
			t.Fatal(err)
		}
		return filepath.Join(home, p)
	}
	if got := documentsIn(home, "linux", ""); got != home {
		t.Errorf("no documents folder: got %s, want the home folder", got)
	}
	docs := mk("Documents")
	if got := documentsIn(home, "linux", ""); got != docs {
		t.Errorf("Documents: got %s, want %s", got, docs)
	}
	dokumente := mk("Dokumente")
	mk(".config")
	if err := os.WriteFile(filepath.Join(home, ".config", "user-dirs.dirs"),
		[]byte("# written by xdg-user-dirs-update\nXDG_DESKTOP_DIR=\"$HOME/Schreibtisch\"\nXDG_DOCUMENTS_DIR=\"$HOME/Dokumente\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if got := documentsIn(home, "linux", ""); got != dokumente {
		t.Errorf("XDG documents folder: got %s, want %s", got, dokumente)
	}
	if got := documentsIn(home, "darwin", ""); got != docs {
		t.Errorf("macOS: got %s, want %s", got, docs)
	}
}

func TestLaterRunReopensLastWorkspace(t *testing.T) {
	a, home := newStartApp(t)
	path := filepath.Join(home, "Register.riskbook")
	if err := a.createFor(path, "blank", bcp.Setup{}); err != nil {
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
	if err := a.createFor(filepath.Join(home, "w.riskbook"), "blank", bcp.Setup{}); err != nil {
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

// TestAboutShowsTheVersion: Help → About shows the version main reads from
// FyneApp.toml and hands the app, the one riskbook version prints.
func TestAboutShowsTheVersion(t *testing.T) {
	a := New(test.NewTempApp(t), newTestWorkspaces(t), "9.8.7")
	a.about()
	top := a.win.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no About dialog")
	}
	found := false
	dashWalk(top, func(o fyne.CanvasObject) {
		if r, ok := o.(*widget.RichText); ok && strings.Contains(r.String(), "Riskbook 9.8.7") {
			found = true
		}
	})
	if !found {
		t.Error("About does not show Riskbook 9.8.7")
	}
}
