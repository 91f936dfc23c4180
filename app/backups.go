package app

import (
	"context"
	"log"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"riskbook/i18n"
)

// keepSafe runs when a workspace is opened (whose opening swept away the
// temporary files a crash left, see workspace.OpenOrRead): a workspace that
// can be written gets its automatic backup of the day, off the UI
// goroutine. A backup that fails is said in the status bar.
func (a *App) keepSafe() {
	ws := a.ws
	a.keepOffline(ws)
	if ws.ReadOnly() != "" {
		return
	}
	a.background(func() {
		err := a.workspaces.TakeBackup(context.Background(), ws, false)
		if err == nil {
			return
		}
		a.failedOffUI(ws, "automatic backup of", err,
			i18n.T("shell.backups.auto_failed", i18n.Args{"Name": filepath.Base(ws.Path()), "Error": message(err)}))
	})
}

// failedOffUI reports what failed, off the UI goroutine, for ws: err goes
// to the log ("what path: err"), and msg to the status bar when ws is
// still the workspace open.
func (a *App) failedOffUI(ws Workspace, what string, err error, msg string) {
	log.Printf("%s %s: %v", what, ws.Path(), err)
	fyne.Do(func() {
		if a.ws == ws {
			a.notify(msg)
		}
	})
}

// keepOffline refreshes, off the UI goroutine, the local copy of ws when
// it is on a server, so that it can be read when the network is down. A
// refresh that fails is said in the status bar.
func (a *App) keepOffline(ws Workspace) {
	a.background(func() {
		err := a.workspaces.KeepOffline(context.Background(), ws)
		if err == nil {
			return
		}
		a.failedOffUI(ws, "local copy of", err, i18n.T("live.offline.failed", i18n.Args{"Error": message(err)}))
	})
}

// backUpOnClosing replaces today's automatic backup with the workspace as
// it is closed, when it changed since.
func (a *App) backUpOnClosing() {
	if a.ws == nil || a.ws.ReadOnly() != "" || a.noClosingBackup {
		return
	}
	if err := a.workspaces.TakeBackup(context.Background(), a.ws, true); err != nil {
		log.Printf("automatic backup of %s on closing: %v", a.ws.Path(), err)
	}
}

// backupsDialog lists the automatic backups of the workspace with their
// dates and restores the one chosen, after asking.
func (a *App) backupsDialog() {
	if a.ws == nil {
		return
	}
	path := a.ws.Path()
	list, err := a.workspaces.Backups(path)
	if err != nil {
		a.showError(err)
		return
	}
	intro := wrapLabel(i18n.T("shell.backups.intro"))
	empty := wrapLabel(i18n.T("shell.backups.none", i18n.Args{"Name": filepath.Base(path)}))
	selected := -1
	restore := widget.NewButtonWithIcon(i18n.T("shell.backups.restore"), theme.HistoryIcon(), nil)
	restore.Importance = widget.HighImportance
	restore.Disable()
	rows := widget.NewList(func() int { return len(list) },
		func() fyne.CanvasObject {
			return widget.NewLabel(i18n.T("shell.backups.template"))
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			text := list[i].Label
			if i == 0 {
				text = i18n.T("shell.backups.newest", i18n.Args{"Label": text})
			}
			o.(*widget.Label).SetText(text)
		})
	rows.OnSelected = func(i widget.ListItemID) {
		selected = i
		if why := a.readOnly(); why == "" {
			restore.Enable()
		}
	}
	note := wrapLabel("")
	note.Hide()
	if why := a.readOnly(); why != "" {
		note.SetText(i18n.T("shell.backups.read_only", i18n.Args{"Why": strings.TrimSuffix(why, ".")}))
		note.Show()
	}
	var d *dialog.CustomDialog
	restore.OnTapped = func() {
		if selected < 0 || selected >= len(list) {
			return
		}
		bk := list[selected]
		d.Hide()
		a.confirmRestore(path, bk)
	}
	body := container.NewStack(rows)
	if len(list) == 0 {
		body = container.NewStack(empty)
	}
	closeBtn := widget.NewButton(i18n.T("shell.close"), func() { d.Hide() })
	buttons := container.NewCenter(container.NewHBox(closeBtn, restore))
	content := container.NewBorder(container.NewVBox(intro, note), buttons, nil, nil, body)
	d = dialog.NewCustomWithoutButtons(i18n.T("shell.backups.title", i18n.Args{"Name": filepath.Base(path)}), content, a.win)
	d.Resize(fyne.NewSize(min(620, a.win.Canvas().Size().Width-40), min(480, a.win.Canvas().Size().Height-60)))
	a.present(a.win, d, nil, nil)
}

// confirmRestore asks before a backup replaces the workspace at path.
func (a *App) confirmRestore(path string, bk BackupCopy) {
	msg := i18n.T("shell.backups.confirm", i18n.Args{"Name": filepath.Base(path), "When": bk.Label})
	a.confirm(a.win, i18n.T("shell.backups.confirm.title"), msg, i18n.T("shell.backups.confirm.action"), func() { a.restore(path, bk) })
}

// restore closes the workspace at path, puts the backup in its place and
// opens it again; when the restore fails, the workspace as it was is
// opened again.
func (a *App) restore(path string, bk BackupCopy) {
	if a.ws != nil && a.ws.Path() == path {
		// Today's backup must not be replaced by the file being replaced:
		// it may be the one chosen. The restore keeps that file itself.
		a.noClosingBackup = true
		a.closeWorkspace()
		a.noClosingBackup = false
	}
	kept, err := a.workspaces.Restore(context.Background(), bk.Path, path)
	if oerr := a.openPath(path); oerr != nil {
		a.cannotOpen(oerr)
		if err != nil {
			a.showError(err)
		}
		return
	}
	if err != nil {
		a.showError(err)
		return
	}
	msg := i18n.T("shell.backups.restored", i18n.Args{"Name": filepath.Base(path), "When": bk.Label})
	if kept != "" {
		msg = i18n.T("shell.backups.restored.kept", i18n.Args{"Name": filepath.Base(path), "When": bk.Label})
	}
	a.notify(msg)
}

// salvageDialog asks for a damaged workspace, then salvages it.
func (a *App) salvageDialog() {
	a.chooseFile(a.workspaceDir(), []string{workspaceExt}, a.salvage)
}

// salvage asks where to write the new workspace, writes it with what can
// still be read of src, and says what came back.
func (a *App) salvage(src string) {
	base := strings.TrimSuffix(filepath.Base(src), filepath.Ext(src))
	a.saveDialogIn(filepath.Dir(src), i18n.T("shell.salvage.title"), i18n.T("shell.salvage.file_name", i18n.Args{"Name": base})+workspaceExt, func(out string) error {
		lines, err := a.workspaces.Salvage(context.Background(), src, out)
		if err != nil {
			return err
		}
		a.salvaged(out, lines)
		return nil
	})
}

// salvaged shows what a salvage recovered and offers to open the result.
func (a *App) salvaged(out string, lines []string) {
	text := widget.NewLabel(strings.Join(lines, "\n\n"))
	text.Wrapping = fyne.TextWrapWord
	var d *dialog.CustomDialog
	open := widget.NewButtonWithIcon(i18n.T("shell.salvage.open"), theme.FolderOpenIcon(), func() {
		d.Hide()
		if err := a.openPath(out); err != nil {
			a.showError(err)
		}
	})
	open.Importance = widget.HighImportance
	closeBtn := widget.NewButton(i18n.T("shell.close"), func() { d.Hide() })
	d = dialog.NewCustomWithoutButtons(i18n.T("shell.salvage.recovered"),
		container.NewBorder(nil, container.NewCenter(container.NewHBox(closeBtn, open)), nil, nil, container.NewVScroll(text)), a.win)
	d.Resize(fyne.NewSize(min(640, a.win.Canvas().Size().Width-40), min(480, a.win.Canvas().Size().Height-60)))
	a.present(a.win, d, open.OnTapped, nil)
}
