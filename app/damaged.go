package app

import (
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

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
	text := fe.What() + ". "
	if len(list) > 0 {
		text += "Riskbook can put back its latest backup, of " + list[0].Label + ", keeping the damaged file among the backups; or it can salvage what can still be read into a new workspace, leaving the damaged file as it is."
	} else {
		text += "There is no backup of it in Riskbook's backups. Riskbook can salvage what can still be read into a new workspace, leaving the damaged file as it is."
	}
	msg := widget.NewLabel(text)
	msg.Wrapping = fyne.TextWrapWord
	var d *dialog.CustomDialog
	quit := widget.NewButton("Quit", func() { d.Hide(); a.quit() })
	other := widget.NewButtonWithIcon("Open Another…", theme.FolderOpenIcon(), func() { d.Hide(); a.openDialog() })
	salvage := widget.NewButtonWithIcon("Salvage…", theme.DocumentCreateIcon(), func() { d.Hide(); a.salvage(path) })
	buttons := container.NewHBox(quit, other, salvage)
	if len(list) > 0 {
		restore := widget.NewButtonWithIcon("Restore the Latest Backup", theme.HistoryIcon(), func() {
			d.Hide()
			a.restore(path, list[0])
		})
		restore.Importance = widget.HighImportance
		buttons.Add(restore)
	} else {
		salvage.Importance = widget.HighImportance
	}
	d = dialog.NewCustomWithoutButtons(filepath.Base(path)+" is damaged",
		container.NewBorder(nil, container.NewCenter(buttons), nil, nil, msg), a.win)
	d.Resize(fyne.NewSize(min(600, a.win.Canvas().Size().Width-40), 240))
	a.present(a.win, d, nil, nil)
}
