package app

import (
	"path/filepath"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"riskbook/i18n"
)

// messageFor is how long the status bar shows a message before it goes
// back to the workspace's state.
const messageFor = 6 * time.Second

// statusBar shows a message for a few seconds, then the state of the
// workspace. A message belongs to the screen that raised it: going to
// another screen takes it away, so news about an exercise never sits under
// the playbooks.
type statusBar struct {
	label *widget.Label
	// owner is the section whose message is shown, -1 when the state is.
	owner int
	// shown numbers the messages, so that the expiry of an old one leaves
	// a newer one alone.
	shown int
	// state says how the workspace stands ("" with none open).
	state func() string
	// after runs f on the UI goroutine once d has passed; tests replace it
	// to make time pass at will.
	after func(d time.Duration, f func())
}

func newStatusBar(state func() string) *statusBar {
	b := &statusBar{label: widget.NewLabel(""), owner: -1, state: state,
		after: func(d time.Duration, f func()) { time.AfterFunc(d, func() { fyne.Do(f) }) }}
	b.label.Truncation = fyne.TextTruncateEllipsis
	return b
}

// say shows msg for section until it expires or the section is left.
func (b *statusBar) say(section int, msg string) {
	b.shown++
	n := b.shown
	b.owner = section
	b.label.SetText(msg)
	b.after(messageFor, func() {
		if b.shown == n {
			b.idle()
		}
	})
}

// left tells the bar that section i is now shown: a message of another
// section goes.
func (b *statusBar) left(i int) {
	if b.owner != -1 && b.owner != i {
		b.idle()
	}
}

// idle shows the workspace's state.
func (b *statusBar) idle() {
	b.shown++
	b.owner = -1
	b.label.SetText(b.state())
}

// workspaceState is what the status bar says between messages: the
// workspace file, and that every change is saved, with the time of the
// last one made in this session — or, for a workspace opened read-only,
// that nothing can be changed; while an edit waits for the person to choose
// between their version and another person's, that it is not saved.
func (a *App) workspaceState() string {
	if a.ws == nil {
		return ""
	}
	if a.viewState != nil {
		return a.viewState()
	}
	where, login := a.ws.Connection()
	if len(a.waiting) > 0 {
		return a.waitingState(where, login)
	}
	if where != "" {
		return a.serverState(where, login)
	}
	args := i18n.Args{"File": filepath.Base(a.ws.Path()), "Folder": filepath.Dir(a.ws.Path())}
	if a.ws.ReadOnly() != "" {
		return i18n.T("shell.status.read_only", args)
	}
	if !a.lastChange.IsZero() {
		args["Time"] = a.lastChange.Format("15:04")
		return i18n.T("shell.status.saved_at", args)
	}
	return i18n.T("shell.status.saved", args)
}
