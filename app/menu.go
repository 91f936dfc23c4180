package app

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"riskbook/i18n"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"riskbook/bcp"
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

	newWS := fyne.NewMenuItem("New Workspace", nil)
	newWS.ChildMenu = fyne.NewMenu("",
		fyne.NewMenuItem("From the ccTLD Starter Kit…", a.request(func() { a.newDialog("cctld") })),
		fyne.NewMenuItem("Blank…", a.request(func() { a.newDialog("blank") })),
	)
	recent := fyne.NewMenuItem("Open Recent", nil)
	var recentItems []*fyne.MenuItem
	for _, p := range a.fyne.Preferences().StringList(prefRecent) {
		recentItems = append(recentItems, fyne.NewMenuItem(p, a.request(func() { a.switchTo(p) })))
	}
	if len(recentItems) == 0 {
		none := fyne.NewMenuItem("No recent workspaces", nil)
		none.Disabled = true
		recentItems = append(recentItems, none)
	}
	recent.ChildMenu = fyne.NewMenu("", recentItems...)
	exportItem := item("Export…", shortcut(fyne.KeyE), open, a.exportDialog)
	quit := fyne.NewMenuItem("Quit", a.quit) // quitting saves everything, dialog or not
	quit.Shortcut = shortcut(fyne.KeyQ)
	quit.IsQuit = true
	if a.viewing {
		// An assessment's window shows it, exports it, and closes.
		return fyne.NewMainMenu(fyne.NewMenu("File", exportItem, fyne.NewMenuItemSeparator(), fyne.NewMenuItem("Close Window", a.closeViewer)),
			a.riskMenu(), a.viewMenu())
	}
	file := fyne.NewMenu("File",
		newWS,
		item("Open…", shortcut(fyne.KeyO), true, a.openDialog),
		recent,
		fyne.NewMenuItemSeparator(),
		item("Back Up…", nil, open, a.backupDialog),
		item("Backups…", nil, open, a.backupsDialog),
		item("Salvage a Damaged Workspace…", nil, true, a.salvageDialog),
		fyne.NewMenuItemSeparator(),
		item("Import…", shortcut(fyne.KeyI), writable, a.importDialog),
		exportItem,
		item("Organisation and Document…", nil, writable, a.profileDialog),
		fyne.NewMenuItemSeparator(),
		item("Close Assessment…", nil, writable, a.closeAssessmentDialog),
		item("Assessments…", nil, open, a.assessmentsDialog),
		item(i18n.T("compare.app.menu"), nil, open, a.compareDialog),
		fyne.NewMenuItemSeparator(),
		quit,
	)
	help := fyne.NewMenu("Help", fyne.NewMenuItem("Show Log", a.request(a.showLog)), fyne.NewMenuItem("About Riskbook", a.request(a.about)))
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
		views = append(views, item(s.name, sc, open, func() { a.nav.Select(i) }))
	}
	views = append(views, fyne.NewMenuItemSeparator())
	current := a.riskEditorPlacement()
	for _, p := range placements {
		it := item(p.label, nil, true, func() { a.setRiskEditorPlacement(p.place) })
		it.Checked = p.place == current
		views = append(views, it)
	}
	return fyne.NewMenu("View", views...)
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
	return fyne.NewMenu("Risk",
		a.menuItem("New Risk", shortcut(fyne.KeyN), writable, onRisks((*risksScreen).newRisk)),
		a.menuItem("Duplicate Risk", shortcut(fyne.KeyD), writable, onRisks((*risksScreen).duplicateRisk)),
		a.menuItem("Delete Risk…", shortcut(fyne.KeyDelete), writable, onRisks((*risksScreen).deleteRisk)),
		fyne.NewMenuItemSeparator(),
		a.menuItem("Find", shortcut(fyne.KeyF), open, onRisks((*risksScreen).focusSearch)),
		a.menuItem("Next Risk", shortcut(fyne.KeyPageDown), open, onRisks(func(s *risksScreen) { s.step(1) })),
		a.menuItem("Previous Risk", shortcut(fyne.KeyPageUp), open, onRisks(func(s *risksScreen) { s.step(-1) })),
		a.menuItem("Close Editor", shortcut(fyne.KeyW), open, onRisks((*risksScreen).closeEditor)),
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

func workspaceFilter() storage.FileFilter {
	return storage.NewExtensionFileFilter([]string{workspaceExt})
}

func (a *App) startLocation() fyne.ListableURI {
	dir := documentsDir()
	if a.ws != nil {
		dir = filepath.Dir(a.ws.Path())
	}
	l, err := storage.ListerForURI(storage.NewFileURI(dir))
	if err != nil {
		return nil
	}
	return l
}

// openDialog asks for a workspace file and opens it.
func (a *App) openDialog() {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			a.showError(err)
			return
		}
		path := r.URI().Path()
		r.Close()
		a.switchTo(path)
	}, a.win)
	a.showFileDialog(d)
}

func (a *App) showFileDialog(d *dialog.FileDialog) {
	d.SetFilter(workspaceFilter())
	d.SetLocation(a.startLocation())
	d.Resize(fyne.NewSize(820, 560))
	a.present(a.win, d, nil, nil)
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
	choose := widget.NewButtonWithIcon("Choose…", theme.FolderOpenIcon(), func() {
		a.chooseFolder(folder, func(dir string) { folder = dir; where.SetText(dir) })
	})
	items := []*widget.FormItem{
		widget.NewFormItem("File name", name),
		widget.NewFormItem("Folder", container.NewBorder(nil, nil, nil, choose, where)),
	}
	d := dialog.NewForm(title, "Save", "Cancel", items, func(ok bool) {
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
	title := "New workspace from the ccTLD starter kit"
	if template == "blank" {
		title = "New blank workspace"
	}
	a.saveDialog(title, "Risk register"+workspaceExt, func(path string) error {
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
	a.saveDialog("Back up the workspace", base+" backup"+workspaceExt, func(path string) error {
		if _, err := os.Stat(path); err == nil {
			a.confirm(a.win, "Replace "+filepath.Base(path)+"?",
				"A file with this name exists. The backup replaces it once the copy is complete and checked.",
				"Replace", func() { a.showError(a.backup(path)) })
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
	a.notify("Backed up to " + path + ".")
	return nil
}

// about shows the version and the licences of what Riskbook bundles.
func (a *App) about() {
	text := fmt.Sprintf(`**Riskbook %s**

Risk register, Statement of Applicability, business impact analysis and continuity playbooks for small organisations, in one local file.

Control catalog: ISO/IEC 27001:2022 Annex A control identifiers and titles only.

**Bundled software and fonts**

- Fyne toolkit — BSD 3-Clause licence
- Noto Sans font (in the app and embedded in PDF exports) — SIL Open Font License 1.1
- modernc.org/sqlite (SQLite, public domain) — BSD 3-Clause licence
- excelize (Excel workbooks) — BSD 3-Clause licence
- go-pdf/fpdf (PDF documents) — MIT licence
- Go standard library and golang.org/x modules — BSD 3-Clause licence
`, a.version)
	body := widget.NewRichTextFromMarkdown(text)
	body.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustom("About Riskbook", "Close", container.NewVScroll(body), a.win)
	d.Resize(fyne.NewSize(560, 420))
	a.present(a.win, d, d.Hide, nil)
}
