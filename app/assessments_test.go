package app

import (
	"context"
	"os"
	"strings"
	"testing"

	"riskbook/risk"
	"riskbook/workspace"
)

// TestCloseAndOpenAssessment: File → Close Assessment… closes one under
// the name typed, refusing a name already taken; File → Assessments…
// lists it and opens it read-only in a window of its own, which shows the
// records as they were and closes without leaving its copy behind.
func TestCloseAndOpenAssessment(t *testing.T) {
	ctx := context.Background()
	db := newTestWorkspace(t, workspace.TemplateCcTLD)
	a := newTestApp(t, db)
	if it := menuItem(a.win.MainMenu(), "File", "Close Assessment…"); it == nil || it.Disabled {
		t.Fatal("File → Close Assessment… is missing or off")
	}
	menuItem(a.win.MainMenu(), "File", "Close Assessment…").Action()
	name := findDialogEntry(t, a)
	if !strings.HasSuffix(name.Text, " annual") {
		t.Errorf("the name starts as %q, want this year's annual assessment", name.Text)
	}
	name.SetText(name.Text + " (board)")
	a.dialogs.top().confirm()
	list, err := db.Assessments(ctx)
	if err != nil || len(list) != 1 || !strings.HasSuffix(list[0].Name, "annual (board)") {
		t.Fatalf("assessments after closing: %+v, %v", list, err)
	}
	if a.dialogOpen() {
		t.Error("a dialog is still open after closing the assessment")
	}

	// The same name again is refused next to the field, and nothing closes.
	menuItem(a.win.MainMenu(), "File", "Close Assessment…").Action()
	name = findDialogEntry(t, a)
	name.SetText(strings.ToUpper(list[0].Name))
	if name.Validate() == nil {
		t.Error("a name already taken is not refused")
	}
	a.dialogs.top().confirm()
	a.dialogs.top().d.Hide()
	if again, _ := db.Assessments(ctx); len(again) != 1 {
		t.Errorf("got %d assessments, want the one", len(again))
	}

	// Work goes on; the assessment keeps the records as they were.
	r, err := db.RiskByRef(ctx, "R-001")
	if err != nil {
		t.Fatal(err)
	}
	was := r.Title
	r.Title = "Changed after the closing"
	if err := db.UpdateRisk(ctx, &r); err != nil {
		t.Fatal(err)
	}
	menuItem(a.win.MainMenu(), "File", "Assessments…").Action()
	a.dialogs.top().confirm() // nothing selected: nothing opens
	if len(a.viewers) != 0 {
		t.Fatal("an assessment opened with none selected")
	}
	a.dialogs.top().d.Hide()
	a.openAssessment(list[0].Name)
	if len(a.viewers) != 1 {
		t.Fatal("the assessment did not open")
	}
	v := a.viewers[0]
	if !strings.Contains(v.win.Title(), list[0].Name) || v.readOnly() == "" || v.roBar.Hidden ||
		!strings.HasPrefix(v.roText.Text, "This is the assessment") || v.roCopy.Visible() {
		t.Errorf("viewer: title %q, read-only %q, strip %q", v.win.Title(), v.readOnly(), v.roText.Text)
	}
	got, err := v.ws.Risks(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if i := findRef(got, "R-001"); i < 0 || got[i].Title != was {
		t.Errorf("the assessment's R-001 is not as closed (want %q)", was)
	}
	if mi := menuItem(v.win.MainMenu(), "Risk", "New Risk"); mi == nil || !mi.Disabled {
		t.Error("Risk → New Risk is on in an assessment")
	}
	if mi := menuItem(v.win.MainMenu(), "File", "Close Assessment…"); mi != nil {
		t.Error("an assessment's window offers to close an assessment")
	}
	for i := range v.sections {
		v.show(i)
	}
	path := v.ws.Path()
	a.closeViewers()
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("the assessment's copy %s is left behind (%v)", path, err)
	}
	if last := a.fyne.Preferences().String(prefLastWorkspace); last != db.Path() {
		t.Errorf("the last workspace is %q, want the live one", last)
	}
}

func findRef(rs []risk.Risk, ref string) int {
	for i := range rs {
		if rs[i].Ref == ref {
			return i
		}
	}
	return -1
}

// findDialogEntry is the field the top dialog starts in.
func findDialogEntry(t *testing.T, a *App) *dialogEntry {
	t.Helper()
	m := a.dialogs.top()
	if m == nil {
		t.Fatal("no dialog is open")
	}
	e, ok := m.focus.(*dialogEntry)
	if !ok {
		t.Fatalf("the dialog starts in %T, want its name field", m.focus)
	}
	return e
}
