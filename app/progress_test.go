package app

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"riskbook/risk"
)

// TestLongWorkShowsProgressAndStops runs long work as the export and the
// import do: the dialog shows the step and how far it got, Stop cancels
// the work's context, and the result says it was stopped.
func TestLongWorkShowsProgressAndStops(t *testing.T) {
	a := newTestApp(t, nil)
	var runs []func()
	a.background = func(f func()) { runs = append(runs, f) }
	var (
		got     string
		stopped bool
		l       *longWork
	)
	l = runLong(a, "Exporting…", "Building the documents.", func(ctx context.Context) (string, error) {
		risk.ReportProgress(ctx, risk.Progress{Step: "Writing register.pdf", Done: 40, Total: 100})
		if l.bar.Value != 0.4 || !strings.Contains(l.step.Text, "Writing register.pdf") {
			t.Errorf("dialog shows %q at %v, want the step at 0.4", l.step.Text, l.bar.Value)
		}
		test.Tap(l.stop)
		if ctx.Err() == nil {
			t.Error("Stop did not cancel the work")
		}
		return "", ctx.Err()
	}, func(v string, err error, s bool) {
		got, stopped = v, s
	})
	if top := a.win.Canvas().Overlays().Top(); top == nil {
		t.Fatal("no progress dialog while the work runs")
	}
	if len(runs) != 1 {
		t.Fatalf("got %d background runs, want 1", len(runs))
	}
	runs[0]()
	if !stopped || got != "" {
		t.Errorf("got %q, stopped %v; want stopped", got, stopped)
	}
	if !l.stop.Disabled() || l.step.Text != "Stopping…" {
		t.Errorf("after Stop: button disabled %v, step %q", l.stop.Disabled(), l.step.Text)
	}
}
