package app

import (
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"riskbook/i18n"
	"riskbook/risk"
)

// damaged explains that a workspace is damaged and offers the two ways
// on: put back its latest backup, or salvage what can still be read into
// a new workspace. Either leaves the damaged file as it was, or kept.
func (a *App) damaged(fe *risk.FileError) {
	path := fe.Path
	if a.ws != nil && a.ws.Path() == path {
		a.noClosingBackup = true // the damaged file must not replace a good backup
		a.closeWorkspace()
		a.noClosingBackup = false
		a.win.SetTitle("Riskbook")
		a.status.idle()
		a.roBar.Hide()
		a.showEmpty()
	}
	list, err := a.workspaces.Backups(path)
	if err != nil {
		list = nil
	}
	text := i18n.T("shell.damaged.no_backup", i18n.Args{"What": fe.What()})
	if len(list) > 0 {
		text = i18n.T("shell.damaged.backup", i18n.Args{"What": fe.What(), "When": list[0].Label})
	}
	msg := widget.NewLabel(text)
	msg.Wrapping = fyne.TextWrapWord
	var d *dialog.CustomDialog
	quit := widget.NewButton(i18n.T("shell.quit"), func() { d.Hide(); a.quit() })
	other := widget.NewButtonWithIcon(i18n.T("shell.damaged.open_another"), theme.FolderOpenIcon(), func() { d.Hide(); a.openDialog() })
	salvage := widget.NewButtonWithIcon(i18n.T("shell.damaged.salvage"), theme.DocumentCreateIcon(), func() { d.Hide(); a.salvage(path) })
	buttons := container.NewHBox(quit, other, salvage)
	if len(list) > 0 {
		restore := widget.NewButtonWithIcon(i18n.T("shell.damaged.restore"), theme.HistoryIcon(), func() {
			d.Hide()
			a.restore(path, list[0])
		})
		restore.Importance = widget.HighImportance
		buttons.Add(restore)
	} else {
		salvage.Importance = widget.HighImportance
	}
	d = dialog.NewCustomWithoutButtons(i18n.T("shell.damaged.title", i18n.Args{"Name": filepath.Base(path)}),
		container.NewBorder(nil, container.NewCenter(buttons), nil, nil, msg), a.win)
	d.Resize(fyne.NewSize(min(600, a.win.Canvas().Size().Width-40), 240))
	a.present(a.win, d, nil, nil)
}
