package app

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// serverWorkspace stands for a workspace on a server: a real workspace
// that says where it is and who is connected.
type serverWorkspace struct {
	testWorkspace
	target string
}

func (w serverWorkspace) Path() string                      { return w.target }
func (w serverWorkspace) Connection() (where, login string) { return "registry@db.example.org", "ana" }

// connectingWorkspaces connects to a server by opening a workspace file,
// recording each connection asked for with its password.
type connectingWorkspaces struct {
	testWorkspaces
	file  string
	tries *[]string
}

func (ws connectingWorkspaces) Connect(ctx context.Context, target, password string) (Workspace, error) {
	*ws.tries = append(*ws.tries, target+" "+password)
	w, err := ws.Open(ctx, ws.file)
	if err != nil {
		return nil, err
	}
	return serverWorkspace{testWorkspace: w.(testWorkspace), target: target}, nil
}

func (ws connectingWorkspaces) KeepOffline(ctx context.Context, w Workspace) error { return nil }

// TestConnectToServer: File → Connect to Server… takes a connection string
// and a password, which goes to the connection and nowhere else; the
// window and the status bar then say where the workspace is and as whom
// the person is connected, and the recent list names the server without
// the password. What is not a server is refused in the dialog.
func TestConnectToServer(t *testing.T) {
	var tries []string
	file := newTestWorkspace(t, "blank")
	file.Close()
	a := newTestApp(t, nil)
	a.workspaces = connectingWorkspaces{testWorkspaces: a.workspaces.(testWorkspaces), file: file.Path(), tries: &tries}

	a.connectDialog("", "")
	d := topDialogContent(t, a)
	entries := dialogEntries(d)
	if len(entries) != 2 || !entries[1].Password {
		t.Fatalf("the dialog has %d fields, want the connection and a password field", len(entries))
	}
	test.Type(entries[0], "registry.riskbook")
	test.Tap(findButton(t, d, "Connect"))
	if len(tries) != 0 || !strings.Contains(strings.Join(texts(d), " "), "This is not a server") {
		t.Fatalf("a file name was taken for a server: tries %q, dialog %q", tries, texts(d))
	}

	entries[0].SetText("postgres://ana@db.example.org/registry")
	test.Type(entries[1], "s3cret")
	test.Tap(findButton(t, d, "Connect"))
	if len(tries) != 1 || tries[0] != "postgres://ana@db.example.org/registry s3cret" {
		t.Fatalf("connections asked: %q", tries)
	}
	if a.ws == nil || entries[1].Text != "" {
		t.Fatalf("workspace %v, password field %q; want connected and the password forgotten", a.ws, entries[1].Text)
	}
	if got := a.win.Title(); got != "registry@db.example.org — Riskbook" {
		t.Errorf("title %q", got)
	}
	if got := a.status.label.Text; got != "registry@db.example.org — connected as ana; every change is saved" {
		t.Errorf("status bar %q", got)
	}
	recent := a.fyne.Preferences().StringList(prefRecent)
	if len(recent) == 0 || recent[0] != "postgres://ana@db.example.org/registry" {
		t.Errorf("recent %q, want the server first", recent)
	}
	for _, key := range []string{prefRecent, prefLastWorkspace} {
		if v := strings.Join(append(a.fyne.Preferences().StringList(key), a.fyne.Preferences().String(key)), " "); strings.Contains(v, "s3cret") {
			t.Errorf("the password is kept in the settings (%s): %q", key, v)
		}
	}
}

// topDialogContent is what the top dialog of the window shows.
func topDialogContent(t *testing.T, a *App) fyne.CanvasObject {
	t.Helper()
	top := a.win.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no dialog open")
	}
	return top
}

// dialogEntries are the text fields under o, in order.
func dialogEntries(o fyne.CanvasObject) []*dialogEntry {
	var out []*dialogEntry
	dashWalk(o, func(o fyne.CanvasObject) {
		if e, ok := o.(*dialogEntry); ok {
			out = append(out, e)
		}
	})
	return out
}
