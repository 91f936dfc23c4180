package app

import (
	"errors"
	"log"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"riskbook/risk"
)

// Dialogs behave as on any desktop: Escape closes the dialog on top, Enter
// presses its default button, and there is one at a time — a command that
// would open a second (a shortcut, a menu, a button in the editor's own
// window) brings the open one back to the front instead. Only what the
// open dialog raises itself, a question or an error, goes on top of it.
// Every dialog the app shows goes through present, which keeps the stack.

// shownDialog is what the app needs of a Fyne dialog, file dialogs
// included.
type shownDialog interface {
	Show()
	Hide()
	SetOnClosed(func())
}

// modal is a dialog on screen.
type modal struct {
	d   shownDialog
	win fyne.Window
	// confirm presses the default button; nil when Enter has nothing to do.
	confirm func()
	// focus is the field the dialog starts in, and goes back to when it is
	// asked for again; may be nil.
	focus fyne.Focusable
	// stay keeps the dialog on Escape: it shows work under way.
	stay bool
}

// modals is the stack of open dialogs, the first one opened first.
type modals struct {
	open []*modal
	// keyed remembers the windows whose keys the app handles.
	keyed map[fyne.Window]bool
}

// top is the dialog on top, or nil.
func (m *modals) top() *modal {
	if len(m.open) == 0 {
		return nil
	}
	return m.open[len(m.open)-1]
}

// dialogOpen reports whether a dialog is open; a command asking for another
// one should call request instead of checking this.
func (a *App) dialogOpen() bool { return a.dialogs.top() != nil }

// request runs a command that may open a dialog, unless one is open: then
// the open one comes back to the front and the command does nothing.
func (a *App) request(f func()) func() {
	return func() {
		if a.dialogOpen() {
			a.raiseDialog()
			return
		}
		f()
	}
}

// raiseDialog brings the open dialogs' window to the front with the
// cursor in the top dialog's first field.
func (a *App) raiseDialog() {
	m := a.dialogs.top()
	if m == nil {
		return
	}
	m.win.RequestFocus()
	if m.focus != nil {
		m.win.Canvas().Focus(m.focus)
	}
}

// present shows d in win as the top dialog. confirm is what Enter does
// (nil for nothing), focus the field the cursor starts in (nil for none).
func (a *App) present(win fyne.Window, d shownDialog, confirm func(), focus fyne.Focusable) {
	m := &modal{d: d, win: win, confirm: confirm, focus: focus}
	a.dialogs.open = append(a.dialogs.open, m)
	d.SetOnClosed(func() {
		a.dialogs.open = slices.DeleteFunc(a.dialogs.open, func(x *modal) bool { return x == m })
	})
	a.handleKeys(win)
	d.Show()
	if focus != nil {
		win.Canvas().Focus(focus)
	} else {
		win.Canvas().Unfocus()
	}
}

// handleKeys makes Escape and Enter reach the top dialog of win when no
// field has the keyboard (fields in dialogs forward them: dialogEntry).
func (a *App) handleKeys(win fyne.Window) {
	if a.dialogs.keyed == nil {
		a.dialogs.keyed = map[fyne.Window]bool{}
	}
	if a.dialogs.keyed[win] {
		return
	}
	a.dialogs.keyed[win] = true
	win.Canvas().SetOnTypedKey(func(ev *fyne.KeyEvent) { a.dialogKey(win, ev.Name) })
}

// dialogKey closes the top dialog of win on Escape and presses its default
// button on Enter, and reports whether it used the key.
func (a *App) dialogKey(win fyne.Window, key fyne.KeyName) bool {
	m := a.dialogs.top()
	if m == nil || m.win != win {
		return false
	}
	switch key {
	case fyne.KeyEscape:
		if !m.stay {
			m.d.Hide()
		}
		return true
	case fyne.KeyReturn, fyne.KeyEnter:
		if m.confirm != nil {
			m.confirm()
			return true
		}
	}
	return false
}

// dialogEntry is a text field for dialogs: Escape in it closes the
// dialog and, on one line, Enter presses the default button, as they do
// when no field has the keyboard.
type dialogEntry struct {
	widget.Entry
	app *App
}

// newDialogEntry returns a one-line field for a dialog of a.
func (a *App) newDialogEntry() *dialogEntry {
	e := &dialogEntry{app: a}
	e.ExtendBaseWidget(e)
	return e
}

// newDialogText returns a multi-line field for a dialog of a.
func (a *App) newDialogText() *dialogEntry {
	e := a.newDialogEntry()
	e.MultiLine = true
	e.Wrapping = fyne.TextWrapWord
	return e
}

// TypedKey gives Escape and Enter to the dialog.
func (e *dialogEntry) TypedKey(ev *fyne.KeyEvent) {
	if ev.Name == fyne.KeyEscape || (!e.MultiLine && (ev.Name == fyne.KeyReturn || ev.Name == fyne.KeyEnter)) {
		if win := e.app.windowOf(e); win != nil && e.app.dialogKey(win, ev.Name) {
			return
		}
	}
	e.Entry.TypedKey(ev)
}

// windowOf is the app's window showing o: the main window or the risk
// editor's.
func (a *App) windowOf(o fyne.CanvasObject) fyne.Window {
	c := a.fyne.Driver().CanvasForObject(o)
	for _, m := range a.dialogs.open {
		if m.win.Canvas() == c {
			return m.win
		}
	}
	if a.risks != nil && a.risks.window != nil && a.risks.window.Canvas() == c {
		return a.risks.window
	}
	return a.win
}

// dialogWindow is where a dialog raised now goes: over the open dialog,
// else in the main window.
func (a *App) dialogWindow() fyne.Window {
	if m := a.dialogs.top(); m != nil {
		return m.win
	}
	return a.win
}

// confirm asks a question in win with the action as the default button,
// and runs onConfirm if the person chooses it.
func (a *App) confirm(win fyne.Window, title, message, action string, onConfirm func()) {
	a.ask(win, title, message, action, func(ok bool) {
		if ok {
			onConfirm()
		}
	})
}

// ask asks a question in win with the action as the default button and
// Cancel beside it; answer learns which was chosen (Escape is Cancel).
func (a *App) ask(win fyne.Window, title, message, action string, answer func(ok bool)) {
	msg := widget.NewLabel(message)
	msg.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustomConfirm(title, action, "Cancel", container.NewPadded(msg), answer, win)
	d.SetConfirmImportance(widget.HighImportance)
	d.Resize(fyne.NewSize(min(560, max(320, win.Canvas().Size().Width-40)), d.MinSize().Height))
	a.present(win, d, d.Confirm, nil)
}

// working shows a dialog titled title with a moving bar while work runs,
// and returns what hides it once the work is done: the bar stops with it
// (a hidden dialog's bar would otherwise go on redrawing the window).
func (a *App) working(title string) (done func()) {
	bar := widget.NewProgressBarInfinite()
	d := dialog.NewCustomWithoutButtons(title, bar, a.win)
	a.busy(a.win, d)
	return func() {
		bar.Stop()
		d.Hide()
	}
}

// busy shows a dialog with no buttons while work runs: Escape does not
// close it, the work does (d.Hide).
func (a *App) busy(win fyne.Window, d *dialog.CustomDialog) {
	a.present(win, d, nil, nil)
	a.dialogs.top().stay = true
}

// inform tells something in win; Enter and Escape both close it.
func (a *App) inform(win fyne.Window, title, message string) {
	d := dialog.NewInformation(title, message, win)
	a.present(win, d, d.Hide, nil)
}

// showError shows err as one sentence in a dialog, over the open dialog if
// there is one.
func (a *App) showError(err error) {
	if err == nil {
		return
	}
	log.Printf("error: %v", err)
	if fe := (*risk.FileError)(nil); errors.As(err, &fe) && fe.Fault == risk.FaultDamaged && a.ws != nil && fe.Path == a.ws.Path() {
		a.damaged(fe)
		return
	}
	win := a.dialogWindow()
	d := dialog.NewError(errors.New(message(err)), win)
	a.present(win, d, d.Hide, nil)
}
