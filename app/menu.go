package app

import (
	"context"
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"riskbook/bcp"
	"riskbook/i18n"
)

func shortcut(key fyne.KeyName) fyne.Shortcut {
	return &desktop.CustomShortcut{KeyName: key, Modifier: fyne.KeyModifierShortcutDefault}
}

func shiftShortcut(key fyne.KeyName) fyne.Shortcut {
	return &desktop.CustomShortcut{KeyName: key, Modifier: fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift}
}

// mainMenu builds the menu bar; items that need a workspace are disabled
// without one. Keyboard shortcuts live on menu items, which Fyne tries
// before a focused entry swallows the keys.
func (a *App) mainMenu() *fyne.MainMenu {
	open := a.ws != nil
	// What changes the workspace is off in a read-only one.
	writable := open && a.readOnly() == ""
	item := a.menuItem

	newWS := fyne.NewMenuItem(i18n.T("shell.menu.new_workspace"), nil)
	newWS.ChildMenu = fyne.NewMenu("",
		fyne.NewMenuItem(i18n.T("shell.menu.from_starter"), a.request(func() { a.newDialog("cctld") })),
		fyne.NewMenuItem(i18n.T("shell.menu.blank"), a.request(func() { a.newDialog("blank") })),
	)
	recent := fyne.NewMenuItem(i18n.T("shell.menu.open_recent"), nil)
	var recentItems []*fyne.MenuItem
	for _, p := range a.fyne.Preferences().StringList(prefRecent) {
		open := func() { a.switchTo(p) }
		if a.workspaces.IsServer(p) {
			// The password is asked again: it is never kept.
			open = func() { a.connectDialog(p, "") }
		}
		recentItems = append(recentItems, fyne.NewMenuItem(p, a.request(open)))
	}
	if len(recentItems) == 0 {
		none := fyne.NewMenuItem(i18n.T("shell.menu.no_recent"), nil)
		none.Disabled = true
		recentItems = append(recentItems, none)
	}
	recent.ChildMenu = fyne.NewMenu("", recentItems...)
	exportItem := item(i18n.T("shell.menu.export"), shortcut(fyne.KeyE), open, a.exportDialog)
	quit := fyne.NewMenuItem(i18n.T("shell.menu.quit"), a.quit) // quitting saves everything, dialog or not
	quit.Shortcut = shortcut(fyne.KeyQ)
	quit.IsQuit = true
	if a.viewing {
		// An assessment's window shows it, exports it, and closes.
		return fyne.NewMainMenu(fyne.NewMenu(i18n.T("shell.menu.file"), exportItem, fyne.NewMenuItemSeparator(), fyne.NewMenuItem(i18n.T("shell.menu.close_window"), a.closeViewer)),
			a.riskMenu(), a.viewMenu())
	}
	file := fyne.NewMenu(i18n.T("shell.menu.file"),
		newWS,
		item(i18n.T("shell.open"), shortcut(fyne.KeyO), true, a.openDialog),
		item(i18n.T("live.menu.connect"), nil, true, func() { a.connectDialog("", "") }),
		recent,
		fyne.NewMenuItemSeparator(),
		item(i18n.T("shell.menu.back_up"), nil, open, a.backupDialog),
		item(i18n.T("shell.menu.backups"), nil, open, a.backupsDialog),
		item(i18n.T("shell.menu.salvage"), nil, true, a.salvageDialog),
		fyne.NewMenuItemSeparator(),
		item(i18n.T("shell.menu.import"), shortcut(fyne.KeyI), writable, a.importDialog),
		exportItem,
		item(i18n.T("shell.menu.profile"), nil, writable, a.profileDialog),
		fyne.NewMenuItemSeparator(),
		item(i18n.T("shell.menu.close_assessment"), nil, writable, a.closeAssessmentDialog),
		item(i18n.T("shell.menu.assessments"), nil, open, a.assessmentsDialog),
		item(i18n.T("compare.app.menu"), nil, open, a.compareDialog),
		fyne.NewMenuItemSeparator(),
		quit,
	)
	help := fyne.NewMenu(i18n.T("shell.menu.help"), fyne.NewMenuItem(i18n.T("shell.menu.show_log"), a.request(a.showLog)), fyne.NewMenuItem(i18n.T("shell.menu.about"), a.request(a.about)))
	return fyne.NewMainMenu(file, a.riskMenu(), a.viewMenu(), help)
}

// viewMenu is the View menu: the sections, and where the risk editor goes.
func (a *App) viewMenu() *fyne.Menu {
	open := a.ws != nil
	item := a.menuItem

	var views []*fyne.MenuItem
	keys := []fyne.KeyName{fyne.Key1, fyne.Key2, fyne.Key3, fyne.Key4, fyne.Key5, fyne.Key6, fyne.Key7, fyne.Key8, fyne.Key9}
	for i, s := range a.sections {
		var sc fyne.Shortcut
		if i < len(keys) {
			sc = shortcut(keys[i])
		}
		views = append(views, item(s.title(), sc, open, func() { a.nav.Select(i) }))
	}
	views = append(views, fyne.NewMenuItemSeparator())
	current := a.riskEditorPlacement()
	for _, p := range placements {
		it := item(p.label(), nil, true, func() { a.setRiskEditorPlacement(p.place) })
		it.Checked = p.place == current
		views = append(views, it)
	}
	views = append(views, fyne.NewMenuItemSeparator(), a.languageMenu())
	return fyne.NewMenu(i18n.T("shell.menu.view"), views...)
}

// menuItem makes a menu item; one that may open a dialog does nothing but
// bring the open dialog back while there is one (see request).
func (a *App) menuItem(label string, sc fyne.Shortcut, enabled bool, f func()) *fyne.MenuItem {
	it := fyne.NewMenuItem(label, a.request(f))
	it.Shortcut = sc
	it.Disabled = !enabled
	return it
}

// riskMenu is the Risk menu, in the main window and in the risk editor's
// own window, where its shortcuts work as well.
func (a *App) riskMenu() *fyne.Menu {
	open := a.ws != nil
	writable := open && a.readOnly() == ""
	onRisks := func(f func(*risksScreen)) func() {
		return func() {
			if a.risks == nil || a.risks.place != placeWindow {
				a.selectSection("Risks")
			}
			if a.risks != nil {
				f(a.risks)
			}
		}
	}
	return fyne.NewMenu(i18n.T("shell.menu.risk"),
		a.menuItem(i18n.T("shell.menu.new_risk"), shortcut(fyne.KeyN), writable, onRisks((*risksScreen).newRisk)),
		a.menuItem(i18n.T("shell.menu.duplicate_risk"), shortcut(fyne.KeyD), writable, onRisks((*risksScreen).duplicateRisk)),
		a.menuItem(i18n.T("shell.menu.delete_risk"), shortcut(fyne.KeyDelete), writable, onRisks((*risksScreen).deleteRisk)),
		fyne.NewMenuItemSeparator(),
		a.menuItem(i18n.T("shell.menu.find"), shortcut(fyne.KeyF), open, onRisks((*risksScreen).focusSearch)),
		a.menuItem(i18n.T("shell.menu.next_risk"), shortcut(fyne.KeyPageDown), open, onRisks(func(s *risksScreen) { s.step(1) })),
		a.menuItem(i18n.T("shell.menu.previous_risk"), shortcut(fyne.KeyPageUp), open, onRisks(func(s *risksScreen) { s.step(-1) })),
		a.menuItem(i18n.T("shell.menu.close_editor"), shortcut(fyne.KeyW), open, onRisks((*risksScreen).closeEditor)),
	)
}

// switchTo opens another workspace, keeping the current one when it fails.
func (a *App) switchTo(path string) {
	if a.ws != nil && a.ws.Path() == path {
		return
	}
	if err := a.openPath(path); err != nil {
		a.showError(err)
	}
}

// workspaceDir is where a file dialog starts: the open workspace's folder,
// or the documents folder.
func (a *App) workspaceDir() string {
	if a.ws != nil {
		return filepath.Dir(a.ws.Path())
	}
	return documentsDir()
}

// chooseFile asks, with Fyne's file-open dialog starting in dir, for a file
// whose name ends in one of exts, and calls chosen with its path.
func (a *App) chooseFile(dir string, exts []string, chosen func(path string)) {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			a.showError(err)
			return
		}
		path := r.URI().Path()
		r.Close()
		chosen(path)
	}, a.win)
	d.SetFilter(storage.NewExtensionFileFilter(exts))
	if l, err := storage.ListerForURI(storage.NewFileURI(dir)); err == nil {
		d.SetLocation(l)
	}
	d.Resize(fyne.NewSize(820, 560))
	a.present(a.win, d, nil, nil)
}

// openDialog asks for a workspace file and opens it.
func (a *App) openDialog() {
	a.chooseFile(a.workspaceDir(), []string{workspaceExt}, a.switchTo)
}

// saveDialog asks for a folder and a file name, then calls write with the
// path. Fyne's own save dialog is not used: it creates or empties the chosen
// file before Riskbook sees it, which would destroy a workspace chosen by
// mistake — even the one that is open.
func (a *App) saveDialog(title, fileName string, write func(path string) error) {
	folder := documentsDir()
	if a.ws != nil {
		folder = filepath.Dir(a.ws.Path())
	}
	a.saveDialogIn(folder, title, fileName, write)
}

// saveDialogIn is saveDialog starting in folder.
func (a *App) saveDialogIn(folder, title, fileName string, write func(path string) error) {
	name := a.newDialogEntry()
	name.SetText(fileName)
	where := widget.NewLabel(folder)
	where.Truncation = fyne.TextTruncateEllipsis
	choose := widget.NewButtonWithIcon(i18n.T("shell.choose"), theme.FolderOpenIcon(), func() {
		a.chooseFolder(folder, func(dir string) { folder = dir; where.SetText(dir) })
	})
	items := []*widget.FormItem{
		widget.NewFormItem(i18n.T("shell.save.file_name"), name),
		widget.NewFormItem(i18n.T("shell.save.folder"), container.NewBorder(nil, nil, nil, choose, where)),
	}
	d := dialog.NewForm(title, i18n.T("shell.save"), i18n.T("shell.cancel"), items, func(ok bool) {
		if !ok {
			return
		}
		path := filepath.Join(folder, strings.TrimSpace(name.Text))
		if !strings.EqualFold(filepath.Ext(path), workspaceExt) {
			path += workspaceExt
		}
		a.showError(write(path))
	}, a.win)
	d.Resize(fyne.NewSize(620, 220))
	a.present(a.win, d, d.Submit, name)
}

// newDialog asks where to create a new workspace from a template.
func (a *App) newDialog(template string) {
	title := i18n.T("shell.new.starter.title")
	if template == "blank" {
		title = i18n.T("shell.new.blank.title")
	}
	a.saveDialog(title, i18n.T("shell.new.file_name")+workspaceExt, func(path string) error {
		if template != "blank" {
			// The starter kit asks the first start's questions.
			a.setupDialog(path, template, false)
			return nil
		}
		return a.createFor(path, template, bcp.Setup{})
	})
}

// backupDialog asks where to write a backup copy of the workspace.
func (a *App) backupDialog() {
	if a.ws == nil {
		return
	}
	base := strings.TrimSuffix(filepath.Base(a.ws.Path()), workspaceExt)
	a.saveDialog(i18n.T("shell.backup.title"), i18n.T("shell.backup.file_name", i18n.Args{"Name": base})+workspaceExt, func(path string) error {
		if _, err := os.Stat(path); err == nil {
			a.confirm(a.win, i18n.T("shell.replace.title", i18n.Args{"Name": filepath.Base(path)}),
				i18n.T("shell.backup.replace"),
				i18n.T("shell.replace"), func() { a.showError(a.backup(path)) })
			return nil
		}
		return a.backup(path)
	})
}

func (a *App) backup(path string) error {
	a.flush()
	if err := a.ws.Backup(context.Background(), path); err != nil {
		return err
	}
	a.notify(i18n.T("shell.backup.done", i18n.Args{"Path": path}))
	return nil
}

// about shows the version and the licences of what Riskbook bundles.
func (a *App) about() {
	text := i18n.T("shell.about.text", i18n.Args{"Version": a.version})
	body := widget.NewRichTextFromMarkdown(text)
	body.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustom(i18n.T("shell.menu.about"), i18n.T("shell.close"), container.NewVScroll(body), a.win)
	d.Resize(fyne.NewSize(560, 420))
	a.present(a.win, d, d.Hide, nil)
}
