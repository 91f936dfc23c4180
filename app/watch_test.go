package app

import (
	"context"
	"strings"
	"testing"
	"time"

	"riskbook/risk"
)

// watchedWorkspace tells of one change by others when kicked.
type watchedWorkspace struct {
	testWorkspace
	kick chan []string
}

func (w watchedWorkspace) Watch(ctx context.Context, changed func([]string)) error {
	for {
		select {
		case kinds := <-w.kick:
			changed(kinds)
		case <-ctx.Done():
			return nil
		}
	}
}

// TestOthersChangesShow: a risk someone else adds shows on the dashboard
// shown as soon as the workspace tells of it; watching stops when the
// workspace is closed.
func TestOthersChangesShow(t *testing.T) {
	db := newTestWorkspace(t, "cctld")
	a := newTestApp(t, nil)
	w := watchedWorkspace{testWorkspace: testWorkspace{Workspace: db}, kick: make(chan []string)}
	a.setWorkspace(w)
	dash := a.sections[a.current].scr.(*dashboardScreen)
	if !strings.HasPrefix(dash.summary.Text, "22 risks") {
		t.Fatalf("dashboard says %q, want 22 risks", dash.summary.Text)
	}
	r := risk.Risk{Title: "Registrar portal defaced", Status: risk.Open}
	if err := db.CreateRisk(context.Background(), &r); err != nil {
		t.Fatal(err)
	}
	w.kick <- []string{"risk"}
	deadline := time.Now().Add(10 * time.Second)
	for !strings.HasPrefix(dash.summary.Text, "23 risks") {
		if time.Now().After(deadline) {
			t.Fatalf("dashboard says %q after another person's new risk, want 23 risks", dash.summary.Text)
		}
		time.Sleep(20 * time.Millisecond)
	}
	a.closeWorkspace()
	select {
	case w.kick <- []string{"risk"}:
		t.Error("the closed workspace is still watched")
	case <-time.After(200 * time.Millisecond):
	}
}
