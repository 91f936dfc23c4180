package app

import (
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"riskbook/bcp"
)

// Start shows the window at once, saying which workspace it opens, and
// opens it in the background: checking a large file takes seconds.
func TestStartOpensInTheBackground(t *testing.T) {
	a, home := newStartApp(t)
	path := filepath.Join(home, "registry.riskbook")
	if err := a.createFor(path, "blank", bcp.Setup{}); err != nil {
		t.Fatal(err)
	}
	a.closeWorkspace()
	var runs []func()
	a.background = func(f func()) { runs = append(runs, f) }
	a.Start(path)
	if a.ws != nil || len(runs) != 1 {
		t.Fatalf("Start opened the workspace on the UI goroutine (workspace %v, %d jobs in the background)", a.ws, len(runs))
	}
	if text := strings.Join(texts(a.body), "\n"); !strings.Contains(text, "Opening registry…") {
		t.Errorf("while opening, the window says:\n%s", text)
	}
	bar := movingBar(a.body)
	if bar == nil || !bar.Running() {
		t.Fatalf("while opening, no moving bar (%v)", bar)
	}
	runs[0]()
	if a.ws == nil || a.ws.Path() != path {
		t.Fatalf("after opening: workspace %v, want %s", a.ws, path)
	}
	// A bar left moving off screen redraws the window until the toolkit
	// drops it, a minute later: a core's worth of work meanwhile.
	if bar.Running() {
		t.Error("the opening bar still moves once the workspace shows")
	}
}

// movingBar is the moving bar in o, nil when there is none.
func movingBar(o fyne.CanvasObject) *widget.ProgressBarInfinite {
	var bar *widget.ProgressBarInfinite
	dashWalk(o, func(o fyne.CanvasObject) {
		if b, ok := o.(*widget.ProgressBarInfinite); ok {
			bar = b
		}
	})
	return bar
}

// The dialog shown while an assessment closes or opens stops its bar
// with it.
func TestWorkingDialogStopsItsBar(t *testing.T) {
	a, _ := newStartApp(t)
	done := a.working("Closing the assessment…")
	bar := movingBar(a.win.Canvas().Overlays().Top())
	if bar == nil || !bar.Running() {
		t.Fatalf("the dialog has no moving bar (%v)", bar)
	}
	done()
	if a.win.Canvas().Overlays().Top() != nil {
		t.Error("the dialog stays once the work is done")
	}
	if bar.Running() {
		t.Error("the dialog's bar still moves once it is gone")
	}
}

// A workspace opened in the background arrives too late when another was
// set meanwhile: the one set stays, the late one is closed.
func TestStartGivesWayToAWorkspaceSetMeanwhile(t *testing.T) {
	a, home := newStartApp(t)
	first, second := filepath.Join(home, "first.riskbook"), filepath.Join(home, "second.riskbook")
	if err := a.createFor(first, "blank", bcp.Setup{}); err != nil {
		t.Fatal(err)
	}
	a.closeWorkspace()
	var runs []func()
	a.background = func(f func()) { runs = append(runs, f) }
	a.Start(first)
	if err := a.createFor(second, "blank", bcp.Setup{}); err != nil {
		t.Fatal(err)
	}
	late := runs[0]
	late()
	if a.ws == nil || a.ws.Path() != second {
		t.Fatalf("workspace %v, want %s to stay", a.ws, second)
	}
	// The late one was closed: it opens again for writing.
	a.background = func(f func()) { f() }
	a.switchTo(first)
	if a.ws.Path() != first || a.ws.ReadOnly() != "" {
		t.Errorf("the late workspace was left open: %s, read-only %q", a.ws.Path(), a.ws.ReadOnly())
	}
}
