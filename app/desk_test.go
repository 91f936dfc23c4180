package app

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"riskbook/risk"
)

// keyColumns are the columns the register keeps at every width.
var keyColumns = []string{"Ref", "Title", "Inherent", "Residual", "Owner", "Status", "Next review"}

// shownColumns are the titles of the register's columns on screen.
func shownColumns(s *risksScreen) []string {
	var out []string
	for _, i := range s.visible {
		out = append(out, s.columns[i].title)
	}
	return out
}

// TestRegisterBesideEditor: with a risk open beside the register, at
// 1440×900 and at 1024×700, the register keeps its key columns whole, the
// editor keeps a usable width, and both fit the window.
func TestRegisterBesideEditor(t *testing.T) {
	for _, size := range []fyne.Size{{Width: 1440, Height: 900}, {Width: 1024, Height: 700}} {
		t.Run(fmt.Sprintf("%.0fx%.0f", size.Width, size.Height), func(t *testing.T) {
			s, _ := registerOn(t)
			s.app.win.Resize(size)
			s.openRisk(s.rows[0].ID)
			s.app.win.Content().Refresh()
			if got := shownColumns(s); !containsAll(got, keyColumns) {
				t.Errorf("columns shown: got %v, want all of %v", got, keyColumns)
			}
			reg, ed := s.split.Leading.Size(), s.editor.view().Size()
			if reg.Width < s.minRegisterWidth()-1 {
				t.Errorf("register %.0f wide, below the %.0f its key columns need", reg.Width, s.minRegisterWidth())
			}
			for j, w := range s.widths {
				if i := s.visible[j]; w < s.columns[i].width-0.5 {
					t.Errorf("column %s %.0f wide, below its smallest %.0f", s.columns[i].title, w, s.columns[i].width)
				}
			}
			if !s.editor.view().Visible() || ed.Width < 280 {
				t.Errorf("editor visible %v, %.0f wide; want visible and at least 280", s.editor.view().Visible(), ed.Width)
			}
			if min := s.app.win.Content().MinSize(); min.Width > size.Width {
				t.Errorf("the window needs %.0f, more than its %.0f", min.Width, size.Width)
			}
			if size.Width < navNarrowBelow && s.app.navWide {
				t.Error("the navigation keeps its names in a narrow window")
			}
		})
	}
}

func containsAll(got, want []string) bool {
	for _, w := range want {
		if !slices.Contains(got, w) {
			return false
		}
	}
	return true
}

// TestRegisterDropsOptionalColumnsFirst: as the register narrows, the
// category and the treatment give way, never a key column.
func TestRegisterDropsOptionalColumnsFirst(t *testing.T) {
	s, _ := registerOn(t)
	s.fitColumns(2000)
	if got := len(s.visible); got != len(s.columns) {
		t.Fatalf("at 2000 px: %d columns, want all %d", got, len(s.columns))
	}
	s.fitColumns(s.minRegisterWidth())
	if got := shownColumns(s); !slices.Equal(got, keyColumns) {
		t.Errorf("at its smallest: got %v, want %v", got, keyColumns)
	}
}

// Given the room, the status and the treatment columns hold their longest
// names whole ("monitoring" was cut at the window's first size).
func TestRegisterStatusNamesFitWhenThereIsRoom(t *testing.T) {
	s, _ := registerOn(t)
	s.fitColumns(1100)
	for j, i := range s.visible {
		c := s.columns[i]
		for _, name := range c.names {
			// A label's insets beside the text.
			if need := fyne.MeasureText(name, theme.TextSize(), fyne.TextStyle{}).Width + 2*theme.InnerPadding(); s.widths[j] < need {
				t.Errorf("at 1100 px the %s column is %.0f px, and %q needs %.0f", c.title, s.widths[j], name, need)
			}
		}
	}
}

// The register's columns fit across the table, whatever its width: Fyne's
// table leaves its padding between two columns, and the vertical scroll
// bar covers the right edge. (With the divider's thickness counted
// instead, the treatment column was cut and the table scrolled sideways.)
func TestRegisterColumnsFitAcross(t *testing.T) {
	s, _ := registerOn(t)
	for _, width := range []float32{s.minRegisterWidth(), 800, 1100, 1300, 2000} {
		s.fitColumns(width)
		used := theme.Size(theme.SizeNameScrollBar)
		for _, w := range s.widths {
			used += w + theme.Size(theme.SizeNamePadding)
		}
		// Widths are rounded up to whole pixels, one at most per column.
		if used > width+float32(len(s.widths)) {
			t.Errorf("at %.0f px the columns take %.0f", width, used)
		}
	}
}

// TestEditorPlacements: the editor opens in a tab or a window of its own
// as chosen, the choice is remembered, and closing it comes back to the
// register.
func TestEditorPlacements(t *testing.T) {
	s, _ := registerOn(t)
	a := s.app
	id := s.rows[2].ID
	a.setRiskEditorPlacement(placeTab)
	s = a.risks
	s.openRisk(id)
	if !s.tabs.editor.Visible() || !s.tabs.showing() || !strings.HasPrefix(s.tabs.editor.Text, s.rows[2].Ref) || s.register.Visible() {
		t.Fatalf("in a tab: editor tab %v named %q, shown %v, register shown %v", s.tabs.editor.Visible(), s.tabs.editor.Text, s.tabs.showing(), s.register.Visible())
	}
	s.tabs.register.OnTapped()
	if !s.register.Visible() || s.tabs.showing() {
		t.Error("the register's tab does not show the register")
	}
	s.closeEditor()
	if s.tabs.editor.Visible() || !s.register.Visible() {
		t.Errorf("after closing: the editor's tab is still there (%v) or the register hidden", s.tabs.editor.Visible())
	}

	a.setRiskEditorPlacement(placeWindow)
	s.openRisk(id)
	if s.window == nil || !strings.Contains(s.window.Title(), s.rows[2].Ref) {
		t.Fatal("the editor did not open in a window of its own named after the risk")
	}
	if s.editorWindow() != s.window {
		t.Error("the editor's questions would not be asked in its own window")
	}
	if got := a.fyne.Preferences().String(prefRiskEditor); got != string(placeWindow) {
		t.Errorf("remembered placement %q, want %q", got, placeWindow)
	}
	s.closeEditor()
	a.setRiskEditorPlacement(placeBeside)
	s.openRisk(id)
	if !s.editor.view().Visible() || s.split == nil {
		t.Error("back beside the register: the editor is not shown in the split")
	}
}

// tableOffset is how far the register table is scrolled (Fyne has no
// getter for it).
func tableOffset(s *risksScreen) float64 {
	return reflect.ValueOf(s.table).Elem().FieldByName("offset").FieldByName("Y").Float()
}

// TestFilterAndSortScrollToTop: in a long register, a new search, filter or
// sort shows the first rows, not the old scroll position.
func TestFilterAndSortScrollToTop(t *testing.T) {
	a := newTestApp(t, nil)
	a.win.Resize(fyne.NewSize(1440, 900))
	s := newRisksScreen(nil, a)
	a.win.SetContent(s.view())
	s.apply(benchRegister(2000), nil)
	steps := []struct {
		name string
		do   func()
	}{
		{"Search", func() { test.Type(s.search, "dns") }},
		{"Sort", func() { s.sortOn(risk.ByTitle) }},
		{"Filter", func() { s.owner.SetSelected("Owner 3") }},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			s.table.ScrollToBottom()
			if tableOffset(s) == 0 {
				t.Fatal("test set-up: the table did not scroll down")
			}
			st.do()
			if got := tableOffset(s); got != 0 {
				t.Errorf("after %s: scrolled %.0f px down, want the top", st.name, got)
			}
		})
	}
}

// TestTypingDoesNotWait: a keystroke only starts the filter; a run
// overtaken by a newer keystroke is dropped, so the table shows what the
// field says, whatever order the runs finish in.
func TestTypingDoesNotWait(t *testing.T) {
	a := newTestApp(t, nil)
	s := newRisksScreen(nil, a)
	s.apply(benchRegister(1000), nil)
	var runs []func()
	a.background = func(f func()) { runs = append(runs, f) }
	before := s.shownRefs()
	test.Type(s.search, "staff")
	if len(runs) != len("staff") {
		t.Fatalf("got %d filter runs for 5 keystrokes", len(runs))
	}
	if !slices.Equal(s.shownRefs(), before) {
		t.Error("a keystroke changed the table before its run finished: the work ran on the UI goroutine")
	}
	for i := len(runs) - 1; i >= 0; i-- { // the newest finishes first
		runs[i]()
	}
	for _, ref := range s.shownRefs() {
		r, _ := s.find(s.showing.row(slices.Index(s.shownRefs(), ref)).ID)
		if !strings.Contains(r.Search, "staff") {
			t.Fatalf("%s shown for the search \"staff\": an older run's result replaced the newest", ref)
		}
	}
	if len(s.shownRefs()) == 0 || len(s.shownRefs()) == len(before) {
		t.Errorf("%d of %d rows shown for \"staff\"; want some, not all", len(s.shownRefs()), len(before))
	}
}

// TestStatusMessagesExpire: a message shows for a few seconds and then the
// workspace's state; going to another screen takes it away.
func TestStatusMessagesExpire(t *testing.T) {
	db := newTestWorkspace(t, "cctld")
	a := newTestApp(t, db)
	var timers []func()
	a.status.after = func(d time.Duration, f func()) {
		if d != messageFor {
			t.Errorf("message shown for %v, want %v", d, messageFor)
		}
		timers = append(timers, f)
	}
	state := a.status.label.Text
	if !strings.Contains(state, "w.riskbook") || !strings.Contains(state, "every change is saved") {
		t.Fatalf("state: got %q, want the workspace and that it is saved", state)
	}
	a.selectSection("Exercises")
	a.notify("Raised R-023 from finding 1.")
	if a.status.label.Text != "Raised R-023 from finding 1." {
		t.Fatalf("message not shown: %q", a.status.label.Text)
	}
	a.notify("Saved EX-01.")
	timers[0]() // the first message's time runs out: the newer one stays
	if a.status.label.Text != "Saved EX-01." {
		t.Errorf("an older message's expiry took a newer one away: %q", a.status.label.Text)
	}
	timers[1]()
	if a.status.label.Text != state {
		t.Errorf("after expiry: got %q, want the state %q", a.status.label.Text, state)
	}
	a.notify("Saved EX-01.")
	a.selectSection("Playbooks")
	if a.status.label.Text != state {
		t.Errorf("on Playbooks: got %q, want the state, not the Exercises screen's message", a.status.label.Text)
	}
}

// escape and enter press a key where no field has the keyboard.
func escape(w fyne.Window) { w.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyEscape}) }
func enter(w fyne.Window)  { w.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyReturn}) }

// TestDialogKeys: Escape closes the dialog on top, also from its text
// field; Enter presses its default button.
func TestDialogKeys(t *testing.T) {
	s, db := registerOn(t)
	a := s.app
	a.exportDialog()
	if !a.dialogOpen() {
		t.Fatal("the export dialog did not open")
	}
	escape(a.win)
	if a.dialogOpen() || a.win.Canvas().Overlays().Top() != nil {
		t.Fatal("Escape did not close the export dialog")
	}

	a.newDialog("blank")
	name := a.dialogs.top().focus.(*dialogEntry)
	if a.win.Canvas().Focused() != name {
		t.Fatal("the save dialog did not start in its file name")
	}
	name.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if a.dialogOpen() {
		t.Fatal("Escape in the file name did not close the dialog")
	}

	r := s.rows[3]
	s.openRisk(r.ID)
	s.deleteRisk()
	enter(a.win)
	if _, err := db.Risk(t.Context(), r.ID); risk.ErrorCode(err) != risk.ENOTFOUND {
		t.Errorf("Enter did not press Delete: %s still there (err %v)", r.Ref, err)
	}
	if a.dialogOpen() {
		t.Error("the question stayed open after Enter")
	}
}

// TestOneDialogAtATime: a second command that opens a dialog brings the
// open one back instead; what the open one raises goes on top of it.
func TestOneDialogAtATime(t *testing.T) {
	s, _ := registerOn(t)
	a := s.app
	a.request(a.exportDialog)()
	first := a.dialogs.top()
	a.request(a.importDialog)()
	a.request(a.profileDialog)()
	if len(a.dialogs.open) != 1 || a.dialogs.top() != first {
		t.Fatalf("after asking for import and the profile over export: %d dialogs open, want export alone", len(a.dialogs.open))
	}
	a.showError(fmt.Errorf("the folder is full"))
	if len(a.dialogs.open) != 2 {
		t.Fatalf("an error raised while exporting: %d dialogs, want it on top of export", len(a.dialogs.open))
	}
	escape(a.win)
	if a.dialogs.top() != first {
		t.Error("Escape did not close the error alone")
	}
	escape(a.win)
	if a.dialogOpen() {
		t.Error("the export dialog stayed open")
	}
}

// TestWheelScrollsTheEditor: a turn of the wheel over a field scrolls the
// editor; over a multi-line field whose text overflows, it scrolls that
// text.
func TestWheelScrollsTheEditor(t *testing.T) {
	s, _ := registerOn(t)
	s.app.win.Resize(fyne.NewSize(1440, 900))
	s.openRisk(s.rows[0].ID)
	e := s.editor
	router := e.scroll.Content.(*fyne.Container).Objects[1].(*wheelRouter)
	fields := router.fields
	at := func(o fyne.CanvasObject) fyne.Position {
		return fyne.CurrentApp().Driver().AbsolutePositionForObject(o).
			Subtract(fyne.CurrentApp().Driver().AbsolutePositionForObject(fields)).Add(fyne.NewPos(5, 5))
	}
	before := e.scroll.Offset.Y
	router.Scrolled(&fyne.ScrollEvent{PointEvent: fyne.PointEvent{Position: at(e.vulnerability)}, Scrolled: fyne.NewDelta(0, -60)})
	if e.scroll.Offset.Y <= before {
		t.Fatalf("wheel over Vulnerability: the editor stayed at %.0f", e.scroll.Offset.Y)
	}
	if overflowingAt(fields, at(e.vulnerability)) != nil {
		t.Error("a field whose text fits counts as overflowing")
	}
	e.description.SetText(strings.Repeat("A long description line that wraps. ", 200))
	e.scroll.ScrollToTop()
	s.app.win.Content().Refresh()
	if overflowingAt(fields, at(e.description)) != e.description {
		t.Fatalf("a description of %d characters does not overflow its %d lines", len(e.description.Text), e.description.rowsShown)
	}
	if e.description.rowsShown != maxRows {
		t.Errorf("the long description shows %d lines, want it grown to %d", e.description.rowsShown, maxRows)
	}
}

// TestOneDateFormat: date fields show and read the app's date format and
// open a calendar.
func TestOneDateFormat(t *testing.T) {
	s, db := registerOn(t)
	// A review cannot predate the day the risk was identified.
	r := storedRisk(t, db, s.rows[0].ID)
	r.Identified = risk.Date{Year: 2026, Month: 1, Day: 5}
	if err := db.UpdateRisk(context.Background(), &r); err != nil {
		t.Fatal(err)
	}
	s.apply(s.load(context.Background(), 0))
	s.openRisk(s.rows[0].ID)
	e := s.editor
	test.Type(e.lastReview, "")
	e.lastReview.SetText("2026-03-01")
	if got := storedRisk(t, db, s.rows[0].ID).LastReview; got != (risk.Date{Year: 2026, Month: 3, Day: 1}) {
		t.Errorf("typed 2026-03-01: stored %v", got)
	}
	e.lastReview.SetText("01/03/2026")
	if e.lastReview.Validate() == nil {
		t.Error("a date in another format is accepted")
	}
	if got := storedRisk(t, db, s.rows[0].ID).LastReview; got != (risk.Date{Year: 2026, Month: 3, Day: 1}) {
		t.Errorf("an unreadable date changed the stored one to %v", got)
	}
	e.lastReview.ActionItem.(fyne.Tappable).Tapped(&fyne.PointEvent{})
	if top := s.app.win.Canvas().Overlays().Top(); top == nil {
		t.Error("the calendar did not open")
	}
	if got := (dateFormat{}).show(risk.Date{Year: 2027, Month: 3, Day: 4}); got != "2027-03-04" {
		t.Errorf("default format: got %q, want ISO 8601", got)
	}
}
