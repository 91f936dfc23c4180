package app

import (
	"context"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"riskbook/i18n"
)

// serverFileExt names a connection file: a text file holding the
// connection string of a workspace on a server (never a password).
const serverFileExt = ".riskbook-server"

// connectDialog asks for a workspace on a PostgreSQL server — a
// connection string or a connection file — and the password, and opens
// it. The password goes to the server and nowhere else: it is not kept in
// the settings, the recent list or the log, and the dialog forgets it
// when it closes. target fills the connection field (a recent server),
// why says why the dialog is shown again (the server refused the last
// try); both may be empty.
func (a *App) connectDialog(target, why string) {
	conn := a.newDialogEntry()
	conn.SetPlaceHolder("postgres://USER@HOST:PORT/DATABASE")
	conn.SetText(target)
	password := a.newDialogEntry()
	password.Password = true
	password.SetPlaceHolder(i18n.T("live.connect.password.hint"))
	problem := fieldErrorLabel()
	if why != "" {
		problem.SetText(why)
		problem.Show()
	}
	busy := widget.NewProgressBarInfinite()
	busy.Hide()
	chooseFile := widget.NewButtonWithIcon(i18n.T("live.connect.file"), theme.FolderOpenIcon(), func() {
		a.chooseConnectionFile(func(path string) { conn.SetText(path) })
	})
	note := wrapLabel(i18n.T("live.connect.note"))
	note.Importance = widget.LowImportance
	form := widget.NewForm(
		widget.NewFormItem(i18n.T("live.connect.connection"), container.NewBorder(nil, nil, nil, chooseFile, conn)),
		widget.NewFormItem(i18n.T("live.connect.password"), password),
	)
	var d *dialog.CustomDialog
	var connect *widget.Button
	cancel := widget.NewButton(i18n.T("shell.cancel"), func() { d.Hide() })
	connect = widget.NewButtonWithIcon(i18n.T("live.connect.button"), theme.LoginIcon(), func() {
		t := strings.TrimSpace(conn.Text)
		if !a.workspaces.IsServer(t) {
			problem.SetText(i18n.T("live.connect.not_server"))
			problem.Show()
			return
		}
		problem.Hide()
		connect.Disable()
		busy.Show()
		pw := password.Text
		a.background(func() {
			ws, err := a.workspaces.Connect(context.Background(), t, pw)
			fyne.Do(func() {
				connect.Enable()
				busy.Hide()
				if err != nil {
					problem.SetText(message(err))
					problem.Show()
					return
				}
				password.SetText("")
				d.Hide()
				a.setWorkspace(ws)
			})
		})
	})
	connect.Importance = widget.HighImportance
	body := container.NewVBox(form, note, problem, busy)
	d = dialog.NewCustomWithoutButtons(i18n.T("live.connect.title"),
		container.NewBorder(nil, container.NewHBox(layout.NewSpacer(), cancel, connect), nil, nil, body), a.win)
	d.SetOnClosed(func() { password.SetText("") })
	d.Resize(fyne.NewSize(640, 300))
	focus := fyne.Focusable(conn)
	if target != "" {
		focus = password
	}
	a.present(a.win, d, connect.OnTapped, focus)
}

// chooseConnectionFile asks for a connection file.
func (a *App) chooseConnectionFile(chosen func(path string)) {
	a.chooseFile(a.workspaceDir(), []string{serverFileExt}, chosen)
}

// serverState is what the status bar says between messages about a
// workspace on a server: where it is, who is connected, and that every
// change is saved (with the time of the last one), or that it is
// read-only — or that it is the local copy, read while the server cannot
// be reached (connected as nobody).
func (a *App) serverState(where, login string) string {
	args := i18n.Args{"Where": where, "Login": login}
	switch {
	case login == "":
		return i18n.T("live.status.copy", args)
	case a.livePaused:
		return i18n.T("live.status.paused", args)
	case a.ws.ReadOnly() != "":
		return i18n.T("live.status.read_only", args)
	case !a.lastChange.IsZero():
		args["Time"] = a.lastChange.Format("15:04")
		return i18n.T("live.status.saved_at", args)
	}
	return i18n.T("live.status.saved", args)
}

// shownPath is path as the app opens it: a file's absolute path, a
// server's connection string or connection file as given.
func (a *App) shownPath(path string) string {
	if a.workspaces.IsServer(path) && !strings.HasSuffix(strings.ToLower(path), serverFileExt) {
		return path
	}
	if abs, err := filepath.Abs(path); err == nil {
		return abs
	}
	return path
}
