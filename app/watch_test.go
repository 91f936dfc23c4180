package app

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"riskbook/risk"
	"riskbook/sqlite/pgtest"
	"riskbook/workspace"
)

// watchedWorkspace tells of one change by others when kicked.
type watchedWorkspace struct {
	testWorkspace
	kick chan []string
}

func (w watchedWorkspace) Watch(ctx context.Context, changed func([]string), paused func(error)) error {
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

// TestLiveUpdatesResume, on a real server: the server drops the
// connection the app listens on and refuses new ones for a while. The
// status bar says live updates are paused; a risk another person adds
// meanwhile is not notified, yet shows on the dashboard once the server
// answers again, and the status bar is back to the connection's state.
func TestLiveUpdatesResume(t *testing.T) {
	ctx := context.Background()
	url := pgtest.URL(t)
	mine, err := workspace.Create(ctx, url, "cctld", "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { mine.Close() })
	theirs, err := workspace.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { theirs.Close() })
	a := newTestApp(t, nil)
	a.setWorkspace(testWorkspace{Workspace: mine})
	dash := a.sections[a.current].scr.(*dashboardScreen)
	waitFor := func(what string, ok func() bool) {
		t.Helper()
		for deadline := time.Now().Add(30 * time.Second); !ok(); time.Sleep(20 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("%s: dashboard %q, status bar %q", what, dash.summary.Text, a.status.label.Text)
			}
		}
	}
	paused := func() bool {
		return strings.HasPrefix(a.status.label.Text, "Live updates paused: the server cannot be reached; retrying…")
	}
	// Listening once a change of theirs shows.
	risks := 22
	for listening := false; !listening; {
		if risks == 32 {
			t.Fatal("another person's risks never show")
		}
		r := risk.Risk{Title: fmt.Sprintf("Registrar portal defaced %d", risks), Status: risk.Open}
		if err := theirs.CreateRisk(ctx, &r); err != nil {
			t.Fatal(err)
		}
		risks++
		want := fmt.Sprintf("%d risks", risks)
		for deadline := time.Now().Add(2 * time.Second); !listening && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
			listening = strings.HasPrefix(dash.summary.Text, want)
		}
	}

	reachable := pgtest.Unreachable(t, url, "riskbook_changes")
	waitFor("the listening connection dropped", paused)
	r := risk.Risk{Title: "Zone signing key lost", Status: risk.Open}
	if err := theirs.CreateRisk(ctx, &r); err != nil {
		t.Fatal(err)
	}
	reachable()
	waitFor("the server answers again", func() bool {
		return strings.HasPrefix(dash.summary.Text, fmt.Sprintf("%d risks", risks+1)) && !paused()
	})
	if want := "connected as postgres"; !strings.Contains(a.status.label.Text, want) {
		t.Errorf("status bar %q once live again, want %q", a.status.label.Text, want)
	}
}
