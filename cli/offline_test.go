package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"riskbook/risk"
	"riskbook/sqlite/pgtest"
	"riskbook/workspace"
)

// TestOfflineCopy: opening a server workspace in the app refreshes its
// local copy; when the server cannot be reached, the commands that read
// read that copy, saying whose copy it is and from when, and nothing can
// be changed in it. Without a copy, the server's refusal stands.
func TestOfflineCopy(t *testing.T) {
	ctx := context.Background()
	url := pgtest.EmptyURL(t)
	dir, data := t.TempDir(), t.TempDir()
	ws := newWorkspace(t, dir, "w.riskbook", "cctld")
	wantSuccess(t, riskbook(t, "", "push", ws, url), ExitOK)
	conn := filepath.Join(dir, "team.riskbook-server")
	writeConnection(t, conn, url)

	copies := workspace.NewOfflineCopies(data)
	at := time.Date(2026, time.December, 5, 10, 42, 0, 0, time.Local)
	copies.Now = func() time.Time { return at }
	w, err := workspace.OpenOrRead(ctx, conn)
	if err != nil {
		t.Fatal(err)
	}
	// An edit on the server before the copy is made is in it.
	r, err := w.RiskByRef(ctx, "R-001")
	if err != nil {
		t.Fatal(err)
	}
	r.Title = "Edited on the server"
	if err := w.UpdateRisk(ctx, &r); err != nil {
		t.Fatal(err)
	}
	if wrote, err := copies.Refresh(ctx, w); err != nil || !wrote {
		t.Fatalf("Refresh: wrote %v, %v", wrote, err)
	}
	// Opened again with nothing changed, the copy is only marked as made
	// now; a change on the server has it written again.
	earlier := at.Add(-time.Hour)
	copies.Now = func() time.Time { return earlier }
	if wrote, err := copies.Refresh(ctx, w); err != nil || wrote {
		t.Fatalf("Refresh of an unchanged workspace: wrote %v, %v; want only the copy's time set", wrote, err)
	}
	if st, err := os.Stat(copies.Path(conn)); err != nil || !st.ModTime().Equal(earlier) {
		t.Fatalf("the unchanged copy's time: %v, %v; want %v", st.ModTime(), err, earlier)
	}
	r.Title = "Edited on the server"
	r.Description += " Again."
	if err := w.UpdateRisk(ctx, &r); err != nil {
		t.Fatal(err)
	}
	copies.Now = func() time.Time { return at }
	if wrote, err := copies.Refresh(ctx, w); err != nil || !wrote {
		t.Fatalf("Refresh after a change on the server: wrote %v, %v", wrote, err)
	}
	w.Close()
	onServer := riskbookEnv(t, &Env{DataDir: data}, "check", conn)
	serverDump := dumpOf(t, conn)
	if n := len(leftovers(t, copies.Dir)); n != 1 {
		t.Errorf("%d files in the copies' folder, want the one copy", n)
	}

	// The server goes out of reach.
	writeConnection(t, conn, "postgres://riskbook@127.0.0.1:1/nothing?connect_timeout=5")
	down := riskbookEnv(t, &Env{DataDir: data}, "check", conn)
	if down.code != onServer.code || down.stdout != onServer.stdout {
		t.Errorf("check of the copy:\n%s\nwant as on the server:\n%s", down.stdout, onServer.stdout)
	}
	for _, want := range []string{"riskbook: The server " + conn + " cannot be reached: this is its copy of", "5 December 2026", "10:42", "read-only"} {
		if !strings.Contains(down.stderr, want) {
			t.Errorf("check of the copy said %q, want %q in it", down.stderr, want)
		}
	}
	if got := riskbookEnv(t, &Env{DataDir: data}, "dump", conn); got.stdout != serverDump {
		t.Error("the copy dumps differently from the server workspace it copies")
	}

	c, err := copies.Fallback(ctx, conn, openError(t, ctx, conn))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if c.Offline() == nil || !c.Offline().At.Equal(at) || c.Name() != "team" || !strings.Contains(c.ReadOnly(), "this is its copy of") {
		t.Errorf("the copy: offline %+v, name %q, read-only %q", c.Offline(), c.Name(), c.ReadOnly())
	}
	r, err = c.RiskByRef(ctx, "R-001")
	if err != nil || r.Title != "Edited on the server" {
		t.Fatalf("the copy's R-001: %q, %v", r.Title, err)
	}
	r.Title = "Edited in the copy"
	if err := c.UpdateRisk(ctx, &r); risk.ErrorCode(err) == "" {
		t.Error("an edit of the copy was saved")
	}

	// No copy kept: the server's refusal stands.
	wantRefusal(t, riskbookEnv(t, &Env{DataDir: t.TempDir()}, "check", conn), "Could not reach the server")
	wantRefusal(t, riskbook(t, "", "check", conn), "Could not reach the server")
}

// openError is the error opening target gives.
func openError(t *testing.T, ctx context.Context, target string) error {
	t.Helper()
	w, err := workspace.OpenReadOnly(ctx, target)
	if err == nil {
		w.Close()
		t.Fatalf("%s opened", target)
	}
	return err
}

func writeConnection(t *testing.T, path, url string) {
	t.Helper()
	if err := os.WriteFile(path, []byte("# the team's workspace\n"+url+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
}

func leftovers(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return names
}
