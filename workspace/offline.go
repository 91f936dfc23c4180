package workspace

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"time"

	"riskbook/i18n"
	"riskbook/risk"
	"riskbook/safefile"
	"riskbook/sqlite"
)

// A server workspace is read from a local copy when its server cannot be
// reached: the playbooks, the call tree and the network-down pack are
// needed most when the network is down. Each time the app opens a server
// workspace it refreshes that copy, a workspace file in Riskbook's data
// folder written the way riskbook pull writes one (a dump loaded into a
// new file, then renamed over the last copy); the app and the commands
// that only read open it read-only when the server does not answer, and
// say whose copy it is and from when.

// OfflineCopies are the local read-only copies of the server workspaces,
// one file per server workspace in a folder of Riskbook's data folder.
type OfflineCopies struct {
	Dir string
	// Now is the time a copy is made; tests replace it.
	Now func() time.Time
}

// offlineFolder is the folder of the copies in the data folder.
const offlineFolder = "offline"

// NewOfflineCopies are the copies kept in the data folder dataDir.
func NewOfflineCopies(dataDir string) *OfflineCopies {
	return &OfflineCopies{Dir: filepath.Join(dataDir, offlineFolder), Now: time.Now}
}

// Path is the file of the copy of the server workspace target: its label
// and a digest of its name, so that two servers with databases of the
// same name never share a copy.
func (o *OfflineCopies) Path(target string) string {
	sum := sha256.Sum256([]byte(sqlite.ShownName(target)))
	return filepath.Join(o.Dir, sqlite.ServerLabel(target)+"-"+hex.EncodeToString(sum[:4])+Extension)
}

// Refresh brings the copy of w, a workspace on a server, up to date: when
// the copy's change log ends where the server's does, it holds the same
// records and is only marked as made now; otherwise w as it is now is
// written in place of the last copy. It does nothing for a workspace file
// (a copy included) and reports whether it wrote a copy.
func (o *OfflineCopies) Refresh(ctx context.Context, w *Workspace) (bool, error) {
	if !IsServer(w.Path()) {
		return false, nil
	}
	final := o.Path(w.Path())
	if current, err := o.current(ctx, w, final); err != nil || current {
		return false, err
	}
	if err := os.MkdirAll(o.Dir, 0o700); err != nil {
		return false, safefile.Explain(risk.OpWrite, final, err)
	}
	d, err := w.Dump(ctx)
	if err != nil {
		return false, err
	}
	f, err := safefile.CreateTemp(o.Dir, filepath.Base(final))
	if err != nil {
		return false, safefile.Explain(risk.OpWrite, final, err)
	}
	// Load writes a new file only where none is: the name is taken, then
	// freed for it.
	tmp := f.Name()
	f.Close()
	os.Remove(tmp)
	if err := sqlite.Load(ctx, d, tmp); err != nil {
		return false, err
	}
	now := o.Now()
	if err := os.Chtimes(tmp, now, now); err != nil {
		os.Remove(tmp)
		return false, safefile.Explain(risk.OpWrite, final, err)
	}
	if err := os.Rename(tmp, final); err != nil {
		os.Remove(tmp)
		return false, safefile.Explain(risk.OpWrite, final, err)
	}
	return true, nil
}

// current reports whether the copy at path holds the records of w as they
// are now, both change logs ending on the same row, and if so marks it as
// made now. A copy that cannot be read is not current: it is written again.
func (o *OfflineCopies) current(ctx context.Context, w *Workspace, path string) (bool, error) {
	if _, err := os.Stat(path); err != nil {
		return false, nil
	}
	head, err := w.ChangeHead(ctx)
	if err != nil {
		return false, err
	}
	c, err := sqlite.OpenReadOnly(ctx, path)
	if err != nil {
		return false, nil
	}
	kept, err := c.ChangeHead(ctx)
	c.Close()
	if err != nil || kept != head {
		return false, nil
	}
	now := o.Now()
	if err := os.Chtimes(path, now, now); err != nil {
		return false, safefile.Explain(risk.OpWrite, path, err)
	}
	return true, nil
}

// Opener opens a workspace: Open, OpenReadOnly or OpenOrRead.
type Opener func(ctx context.Context, target string) (*Workspace, error)

// OpenOrCopy opens target with open or, when target is a workspace on a
// server that cannot be reached and a copy of it was made, that copy,
// read-only (Fallback). The one way the app and the commands open a
// workspace that may be on a server.
func (o *OfflineCopies) OpenOrCopy(ctx context.Context, target string, open Opener) (*Workspace, error) {
	w, err := open(ctx, target)
	if err != nil {
		return o.Fallback(ctx, target, err)
	}
	return w, nil
}

// Fallback opens, read-only, the copy of the server workspace target when
// err says its server could not be reached and a copy was made; it
// returns err as it is otherwise.
func (o *OfflineCopies) Fallback(ctx context.Context, target string, err error) (*Workspace, error) {
	if o == nil || !IsServer(target) || !errors.Is(err, sqlite.ErrUnreachable) {
		return nil, err
	}
	path := o.Path(target)
	st, serr := os.Stat(path)
	if serr != nil {
		return nil, err
	}
	w, oerr := OpenReadOnly(ctx, path)
	if oerr != nil {
		return nil, err
	}
	w.offline = &Offline{Server: sqlite.ShownName(target), Label: sqlite.ServerLabel(target), At: st.ModTime()}
	w.why = w.offline
	return w, nil
}

// Offline says which server workspace a local copy stands for, and when
// it was made.
type Offline struct {
	Server string // the server workspace's name, never with a password
	Label  string // its short name (sqlite.ServerLabel)
	At     time.Time
}

// In says, in p's language, why the copy is read-only, as the reason a
// read-only workspace gives ("its server … cannot be reached and this is
// its copy of …").
func (o *Offline) In(p *i18n.Printer) string { return p.T("live.offline.why", o.args(p)) }

// Notice says in a sentence, in the default language, that the workspace
// read is the copy, whose and from when: what a command prints first.
func (o *Offline) Notice() string {
	p := i18n.Default()
	return p.T("live.offline.notice", o.args(p))
}

func (o *Offline) args(p *i18n.Printer) i18n.Args {
	return i18n.Args{"Server": o.Server, "Date": p.LongDate(o.At), "Time": o.At.Local().Format("15:04")}
}

// Offline is the server workspace w is the local copy of, or nil when w
// is no such copy.
func (w *Workspace) Offline() *Offline { return w.offline }

// Connection says where a workspace on a server is and as whom it is
// connected; the local copy of one says where its server workspace is,
// connected as nobody; a file says nothing.
func (w *Workspace) Connection() (where, login string) {
	if w.offline != nil {
		return w.offline.Label, ""
	}
	return w.DB.Connection()
}
