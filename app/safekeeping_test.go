package app

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"riskbook/bcp"
	"riskbook/risk"
	"riskbook/safefile/disktest"
	"riskbook/workspace"
)

func menuItem(m *fyne.MainMenu, menu, label string) *fyne.MenuItem {
	for _, mm := range m.Items {
		if mm.Label != menu {
			continue
		}
		for _, it := range mm.Items {
			if it.Label == label {
				return it
			}
		}
	}
	return nil
}

// TestReadOnlyWorkspaceInTheApp: a workspace on read-only media opens
// read-only: one sentence at the top says why, every screen shows, the
// editors' fields and the menu items that change it are off, viewing
// controls stay on, and nothing is left beside the file.
func TestReadOnlyWorkspaceInTheApp(t *testing.T) {
	a, _ := newStartApp(t)
	var path string
	dir := disktest.ReadOnlyDir(t, func(dir string) {
		path = filepath.Join(dir, "registry.riskbook")
		w, err := workspace.Create(context.Background(), path, workspace.TemplateCcTLD, "")
		if err != nil {
			t.Fatal(err)
		}
		w.Close()
	})
	before, _ := os.ReadDir(dir)
	if err := a.openPath(path); err != nil {
		t.Fatal(err)
	}
	if a.readOnly() == "" {
		t.Fatal("the workspace opened for writing")
	}
	if a.roBar.Hidden || !strings.Contains(a.roText.Text, "registry.riskbook is read-only here because") ||
		!strings.Contains(a.roText.Text, "view, check and export") {
		t.Errorf("read-only strip: hidden %v, %q", a.roBar.Hidden, a.roText.Text)
	}
	if got := a.workspaceState(); !strings.Contains(got, "read-only") || strings.Contains(got, "every change is saved") {
		t.Errorf("the status bar says %q, want that the workspace is read-only", got)
	}
	m := a.win.MainMenu()
	for _, it := range []struct{ menu, label string }{{"Risk", "New Risk"}, {"Risk", "Delete Risk…"}, {"File", "Import…"}} {
		if mi := menuItem(m, it.menu, it.label); mi == nil || !mi.Disabled {
			t.Errorf("%s → %s is not disabled", it.menu, it.label)
		}
	}
	for _, it := range []struct{ menu, label string }{{"File", "Export…"}, {"File", "Backups…"}, {"Risk", "Find"}} {
		if mi := menuItem(m, it.menu, it.label); mi == nil || mi.Disabled {
			t.Errorf("%s → %s is disabled", it.menu, it.label)
		}
	}
	for i := range a.sections {
		a.show(i)
	}
	a.selectSection("Risks")
	rs, err := a.ws.Risks(context.Background())
	if err != nil || len(rs) == 0 {
		t.Fatal(err)
	}
	a.risks.openRisk(rs[0].ID)
	if !a.risks.editor.title.Disabled() {
		t.Error("the risk editor's title can be edited")
	}
	if a.risks.newBtn == nil || !a.risks.newBtn.Disabled() {
		t.Error("New risk is enabled")
	}
	if a.risks.search.Disabled() || a.risks.level.Disabled() {
		t.Error("the register's search or filter is disabled: viewing needs them")
	}
	a.closeWorkspace()
	after, _ := os.ReadDir(dir)
	if len(after) != len(before) {
		t.Errorf("the read-only folder holds %d files, was %d", len(after), len(before))
	}
}

// TestAutomaticBackupsInTheApp: opening a workspace for writing makes the
// day's backup; File → Backups lists it; restoring it asks first, then
// puts it back and keeps the replaced file.
func TestAutomaticBackupsInTheApp(t *testing.T) {
	a, home := newStartApp(t)
	path := filepath.Join(home, "registry.riskbook")
	if err := a.createFor(path, "blank", bcp.Setup{}); err != nil {
		t.Fatal(err)
	}
	list, err := a.workspaces.Backups(path)
	if err != nil || len(list) != 1 {
		t.Fatalf("backups after opening: %v, %v; want one", list, err)
	}
	r := risk.Risk{Title: "Made after the backup", Owner: "Ana"}
	if err := a.ws.CreateRisk(context.Background(), &r); err != nil {
		t.Fatal(err)
	}
	a.backupsDialog()
	text := strings.Join(texts(a.win.Canvas().Overlays().Top()), "\n")
	if !strings.Contains(text, "Backups of registry.riskbook") || !strings.Contains(text, "Restore…") {
		t.Errorf("the backups dialog says:\n%s", text)
	}
	a.win.Canvas().Overlays().Top().Hide()
	a.restore(path, list[0])
	if a.ws == nil || a.ws.Path() != path {
		t.Fatalf("after the restore the app has %v open, want %s", a.ws, path)
	}
	rs, err := a.ws.Risks(context.Background())
	if err != nil || len(rs) != 0 {
		t.Errorf("after the restore: %d risks, %v; want the backup's none", len(rs), err)
	}
	if !strings.Contains(a.status.label.Text, "kept among the backups") {
		t.Errorf("status: %q", a.status.label.Text)
	}
	if list, _ := a.workspaces.Backups(path); len(list) != 2 || !list[0].BeforeRestore {
		t.Errorf("backups after the restore: %+v, want the replaced file kept first", list)
	}
	a.closeWorkspace()
	entries, _ := os.ReadDir(home)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), "registry") && e.Name() != "registry.riskbook" || strings.HasSuffix(e.Name(), ".tmp") {
			t.Errorf("%s was left beside the workspace", e.Name())
		}
	}
}

// TestDamagedWorkspaceInTheApp: a damaged workspace is diagnosed in a
// dialog offering its latest backup and a salvage; restoring it opens the
// workspace again.
func TestDamagedWorkspaceInTheApp(t *testing.T) {
	a, home := newStartApp(t)
	path := filepath.Join(home, "registry.riskbook")
	if err := a.createFor(path, "cctld", bcp.Setup{}); err != nil {
		t.Fatal(err)
	}
	a.closeWorkspace()
	st, _ := os.Stat(path)
	if err := os.Truncate(path, st.Size()/2); err != nil {
		t.Fatal(err)
	}
	a.Start(path)
	if a.ws != nil {
		t.Fatal("the damaged workspace opened")
	}
	overlay := a.win.Canvas().Overlays().Top()
	text := strings.Join(texts(overlay), "\n")
	for _, want := range []string{"registry.riskbook is damaged", "cut short", "latest backup", "Restore the Latest Backup", "Salvage…"} {
		if !strings.Contains(text, want) {
			t.Errorf("the dialog lacks %q; it says:\n%s", want, text)
		}
	}
	if command.MatchString(text) {
		t.Errorf("the dialog sends the user to a command:\n%s", text)
	}
	findButton(t, overlay, "Restore the Latest Backup").OnTapped()
	if a.ws == nil || a.ws.Path() != path {
		t.Fatalf("after restoring the backup: %v", a.ws)
	}
	if rs, err := a.ws.Risks(context.Background()); err != nil || len(rs) == 0 {
		t.Errorf("the restored workspace: %d risks, %v", len(rs), err)
	}
}

// TestSalvageInTheApp: the app salvages a damaged file into a new
// workspace and says what came back.
func TestSalvageInTheApp(t *testing.T) {
	a, home := newStartApp(t)
	path := filepath.Join(home, "registry.riskbook")
	w, err := workspace.Create(context.Background(), path, workspace.TemplateCcTLD, "")
	if err != nil {
		t.Fatal(err)
	}
	w.Close()
	st, _ := os.Stat(path)
	if err := os.Truncate(path, st.Size()*2/3); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(home, "salvaged.riskbook")
	lines, err := a.workspaces.Salvage(context.Background(), path, out)
	if err != nil {
		t.Fatal(err)
	}
	a.salvaged(out, lines)
	text := strings.Join(texts(a.win.Canvas().Overlays().Top()), "\n")
	for _, want := range []string{"Salvaged registry.riskbook", "Recovered:", "Open the Salvaged Workspace"} {
		if !strings.Contains(text, want) {
			t.Errorf("the salvage dialog lacks %q; it says:\n%s", want, text)
		}
	}
	findButton(t, a.win.Canvas().Overlays().Top(), "Open the Salvaged Workspace").OnTapped()
	if a.ws == nil || a.ws.Path() != out || a.readOnly() != "" {
		t.Errorf("the salvaged workspace is not open for editing: %v", a.ws)
	}
}

// command matches advice to run a command.
var command = regexp.MustCompile(`\briskbook (init|open|check|verify|export|import|dump|load|backup|backups|restore|salvage|rescore)\b`)

// TestFileErrorsInTheAppsTerms: no fault of a file sends a desktop user
// to a command; each names the file and says what to do in the app.
func TestFileErrorsInTheAppsTerms(t *testing.T) {
	for f := risk.FaultDiskFull; f <= risk.FaultNotWorkspace; f++ {
		for _, op := range []risk.FileOp{risk.OpOpen, risk.OpRead, risk.OpSave, risk.OpWrite} {
			for _, detail := range []risk.Localizer{nil, risk.Text("in another process (riskbook, process 42)")} {
				err := (&risk.FileError{Fault: f, Op: op, Path: "/home/ana/registry.riskbook", Detail: detail}).Person()
				msg := message(err)
				if command.MatchString(msg) {
					t.Errorf("fault %d, op %d: %q sends the user to a command", f, op, msg)
				}
				if !strings.Contains(msg, "registry.riskbook") || !strings.HasSuffix(msg, ".") || strings.Count(msg, ". ") > 0 {
					t.Errorf("fault %d, op %d: %q is not one sentence naming the file", f, op, msg)
				}
			}
		}
	}
	if msg := message(os.ErrClosed); !strings.Contains(msg, "Show Log") || strings.Contains(msg, "closed") {
		t.Errorf("an internal error reads %q, want the log named and no technical detail", msg)
	}
}

// TestShowLog: Help → Show Log shows the end of the log.
func TestShowLog(t *testing.T) {
	a, _ := newStartApp(t)
	p := a.workspaces.LogPath()
	if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte("2026-03-05 10:00:00 riskbook import: database or disk is full (13)\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	a.showLog()
	overlay := a.win.Canvas().Overlays().Top()
	if overlay == nil {
		t.Fatal("no log dialog")
	}
	var grid *widget.TextGrid
	var walk func(fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if g, ok := o.(*widget.TextGrid); ok {
			grid = g
			return
		}
		if c, ok := o.(*fyne.Container); ok {
			for _, child := range c.Objects {
				walk(child)
			}
		} else if w, ok := o.(fyne.Widget); ok {
			for _, child := range test.WidgetRenderer(w).Objects() {
				walk(child)
			}
		}
	}
	walk(overlay)
	if grid == nil || !strings.Contains(grid.Text(), "disk is full (13)") {
		t.Errorf("the log dialog does not show the log")
	}
}
