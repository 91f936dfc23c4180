package app

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"riskbook/assets"
	"riskbook/bcp"
	"riskbook/i18n"
)

// The very first start: Riskbook asks three things, each skippable — the
// organisation, its top-level domains and its people — and makes the
// starter workspace out to them, so that its roles, owners, contacts, call
// tree and first documents carry real names from the first line of the
// change log. File → New from the starter kit asks the same.

// firstRun opens the workspace of an earlier first start, or asks the
// three questions and creates it in the documents folder.
func (a *App) firstRun() {
	path := filepath.Join(documentsDir(), "Riskbook", "Riskbook"+workspaceExt)
	if _, err := os.Stat(path); err == nil {
		if err := a.openPath(path); err != nil {
			a.cannotOpen(err)
		}
		return
	}
	a.setupDialog(path, "cctld", true)
}

// createFor creates the workspace at path, in a folder made for it if
// need be, from the template made out to the setup's answers, and opens it.
func (a *App) createFor(path, template string, s bcp.Setup) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("%s: %w", i18n.T("shell.create.no_folder", i18n.Args{"Folder": filepath.Dir(path)}), err)
	}
	ws, err := a.workspaces.Create(context.Background(), path, template, s)
	if err != nil {
		return err
	}
	a.setWorkspace(ws)
	msg := i18n.T("shell.created.blank", i18n.Args{"Path": path})
	switch {
	case template != "blank" && len(s.People) > 0:
		msg = i18n.T("shell.created.starter.people", i18n.Args{"Path": path})
	case template != "blank":
		msg = i18n.T("shell.created.starter", i18n.Args{"Path": path})
	}
	a.notify(msg)
	return nil
}

// setupForm is the first start's questions: the fields and the rows of
// people.
type setupForm struct {
	app      *App
	path     string
	template string
	first    bool // the very first start: skipping still creates the workspace
	jobs     []string
	// langs are the languages the starter content is written in; lang is
	// the one chosen, whose jobs jobs are.
	langs    []string
	lang     string
	language *widget.Select

	org, tlds *dialogEntry
	people    []*personRow
	peopleBox *fyne.Container
	add       *widget.Button
	problem   *widget.Label
	create    *widget.Button
	dlg       *dialog.CustomDialog
}

// personRow is one person's fields.
type personRow struct {
	name, phone, email *dialogEntry
	job                *widget.Select
}

// setupDialog asks the three questions before the workspace at path is
// made from template.
func (a *App) setupDialog(path, template string, first bool) {
	langs, lang := a.workspaces.ContentLanguages()
	// The starter kit is offered first in the language chosen for the
	// app (View → Language), when it is written in it; else in the
	// system's.
	if l := a.fyne.Preferences().String(prefLanguage); l != "" && slices.Contains(langs, l) {
		lang = l
	}
	jobs, err := a.workspaces.Jobs(template, lang)
	if err != nil {
		a.showError(err)
		return
	}
	f := &setupForm{app: a, path: path, template: template, first: first, jobs: jobs, langs: langs, lang: lang}
	f.build()
	a.setup = f
	f.dlg.Resize(fyne.NewSize(min(900, a.win.Canvas().Size().Width-40), min(700, a.win.Canvas().Size().Height-40)))
	a.present(a.win, f.dlg, func() {
		if !f.create.Disabled() {
			f.onCreate()
		}
	}, f.org)
	// On the first start there is nothing behind the dialog to go back to:
	// Escape does not close it (Skip the questions does).
	a.dialogs.top().stay = first
}

func (f *setupForm) build() {
	f.org = f.app.newDialogEntry()
	f.org.SetPlaceHolder(i18n.T("shell.setup.org.hint"))
	f.org.OnChanged = func(string) { f.check() }
	f.tlds = f.app.newDialogEntry()
	f.tlds.SetPlaceHolder(i18n.T("shell.setup.tlds.hint"))
	f.tlds.OnChanged = func(string) { f.check() }
	f.language = widget.NewSelect(nil, nil)
	for _, l := range f.langs {
		f.language.Options = append(f.language.Options, assets.LanguageName(l))
	}
	f.language.SetSelectedIndex(max(0, slices.Index(f.langs, f.lang)))
	f.language.OnChanged = func(string) { f.changeLanguage(f.langs[f.language.SelectedIndex()]) }
	f.peopleBox = container.NewVBox()
	f.add = widget.NewButtonWithIcon(i18n.T("shell.setup.add_person"), theme.ContentAddIcon(), f.addPerson)
	f.problem = fieldErrorLabel()
	f.addPerson()

	intro := wrapLabel(i18n.T("shell.setup.intro"))
	header := container.NewGridWithColumns(4, boldLabel(i18n.T("shell.setup.name")), boldLabel(i18n.T("shell.setup.job")),
		boldLabel(i18n.T("shell.setup.phone")), boldLabel(i18n.T("shell.setup.email")))
	where := wrapLabel(i18n.T("shell.setup.where", i18n.Args{"Path": f.path}))
	language := container.NewBorder(nil, nil, widget.NewLabel(i18n.T("shell.setup.language")), nil, container.NewHBox(f.language))
	body := container.NewVBox(intro, language,
		heading(i18n.T("shell.setup.q1")), f.org,
		heading(i18n.T("shell.setup.q2")), f.tlds,
		heading(i18n.T("shell.setup.q3")),
		wrapLabel(i18n.T("shell.setup.people")),
		header, f.peopleBox, container.NewHBox(f.add),
		f.problem)
	skip := widget.NewButton(i18n.T("shell.setup.skip"), f.skip)
	cancel := widget.NewButton(i18n.T("shell.cancel"), func() { f.dlg.Hide() })
	f.create = widget.NewButtonWithIcon(i18n.T("shell.setup.create"), theme.ConfirmIcon(), f.onCreate)
	f.create.Importance = widget.HighImportance
	buttons := container.NewHBox(skip, f.create)
	if !f.first {
		buttons = container.NewHBox(cancel, skip, f.create)
	}
	content := container.NewBorder(nil, container.NewVBox(where, container.NewCenter(buttons)), nil, nil, container.NewVScroll(body))
	f.dlg = dialog.NewCustomWithoutButtons(i18n.T("shell.setup.welcome"), content, f.app.win)
	if !f.first {
		f.dlg = dialog.NewCustomWithoutButtons(i18n.T("shell.new.starter.title"), content, f.app.win)
	}
}

// addPerson adds a row, its job the first nobody has yet.
func (f *setupForm) addPerson() {
	if len(f.people) >= bcp.MaxSetupPeople {
		return
	}
	r := &personRow{name: f.app.newDialogEntry(), phone: f.app.newDialogEntry(), email: f.app.newDialogEntry()}
	r.name.SetPlaceHolder(i18n.T("shell.setup.name.hint"))
	r.phone.SetPlaceHolder("+xx …")
	r.email.SetPlaceHolder("name@example.org")
	r.job = widget.NewSelect(f.jobs, func(string) { f.check(); f.app.win.Canvas().Unfocus() })
	for _, j := range f.jobs {
		if !slices.ContainsFunc(f.people, func(o *personRow) bool { return o.job.Selected == j }) {
			r.job.Selected = j
			break
		}
	}
	for _, e := range []*dialogEntry{r.name, r.phone, r.email} {
		e.OnChanged = func(string) { f.check() }
	}
	f.people = append(f.people, r)
	f.peopleBox.Add(container.NewGridWithColumns(4, r.name, r.job, r.phone, r.email))
	if len(f.people) >= bcp.MaxSetupPeople {
		f.add.Disable()
	}
	f.check()
}

// changeLanguage writes the starter kit in another language: the jobs
// offered are that kit's, each person keeping the job in the same place.
func (f *setupForm) changeLanguage(lang string) {
	if lang == f.lang {
		return
	}
	jobs, err := f.app.workspaces.Jobs(f.template, lang)
	if err != nil {
		f.app.showError(err)
		return
	}
	for _, r := range f.people {
		at := slices.Index(f.jobs, r.job.Selected)
		r.job.Options = jobs
		r.job.Selected = ""
		if at >= 0 && at < len(jobs) {
			r.job.Selected = jobs[at]
		}
		r.job.Refresh()
	}
	f.lang, f.jobs = lang, jobs
	f.check()
}

// setup is the answers as the form holds them.
func (f *setupForm) setup() bcp.Setup {
	s := bcp.Setup{Organisation: f.org.Text, TLDs: f.tlds.Text, Language: f.lang}
	for _, r := range f.people {
		s.People = append(s.People, bcp.Member{Name: r.name.Text, Job: r.job.Selected, Phone: r.phone.Text, Email: r.email.Text})
	}
	s.Normalize()
	return s
}

// check says under the questions what keeps the answers from being used,
// as the rules of bcp.CheckSetup say it.
func (f *setupForm) check() {
	s := f.setup()
	fs := bcp.CheckSetup(&s, f.jobs)
	if len(fs) == 0 {
		f.problem.Hide()
		if f.create != nil {
			f.create.Enable()
		}
		return
	}
	f.problem.SetText(sentence(fs[0].Message))
	f.problem.Show()
	if f.create != nil {
		f.create.Disable()
	}
}

func (f *setupForm) onCreate() {
	s := f.setup()
	if err := bcp.ValidateSetup(&s, f.jobs); err != nil {
		f.check()
		return
	}
	f.dlg.Hide()
	f.run(s)
}

// skip makes the workspace without answers: the starter kit as it is,
// with its blanks, in the language chosen.
func (f *setupForm) skip() {
	f.dlg.Hide()
	f.run(bcp.Setup{Language: f.lang})
}

func (f *setupForm) run(s bcp.Setup) {
	if err := f.app.createFor(f.path, f.template, s); err != nil {
		if f.first {
			f.app.cannotOpen(err)
			return
		}
		f.app.showError(err)
	}
}

const workspaceExt = ".riskbook"

// documentsDir is the user's documents folder: on Linux and the BSDs the
// one the desktop names (XDG_DOCUMENTS_DIR in ~/.config/user-dirs.dirs,
// often localised), elsewhere Documents in the home folder; the home
// folder itself when there is none.
func documentsDir() string {
	home, err := os.UserHomeDir()
	if err != nil {
		return "."
	}
	return documentsIn(home, runtime.GOOS, os.Getenv("XDG_CONFIG_HOME"))
}

func documentsIn(home, goos, xdgConfig string) string {
	isDir := func(p string) bool {
		st, err := os.Stat(p)
		return err == nil && st.IsDir()
	}
	if goos != "windows" && goos != "darwin" {
		if xdgConfig == "" {
			xdgConfig = filepath.Join(home, ".config")
		}
		if d := xdgUserDir(filepath.Join(xdgConfig, "user-dirs.dirs"), "XDG_DOCUMENTS_DIR", home); d != "" && d != home && isDir(d) {
			return d
		}
	}
	for _, name := range []string{"Documents", "My Documents"} {
		if p := filepath.Join(home, name); isDir(p) {
			return p
		}
	}
	return home
}

// xdgUserDir reads one folder of user-dirs.dirs: lines such as
// XDG_DOCUMENTS_DIR="$HOME/Dokumente". "" when the file or the key is not
// there.
func xdgUserDir(file, key, home string) string {
	fh, err := os.Open(file)
	if err != nil {
		return ""
	}
	defer fh.Close()
	sc := bufio.NewScanner(fh)
	for sc.Scan() {
		k, v, ok := strings.Cut(strings.TrimSpace(sc.Text()), "=")
		if !ok || strings.TrimSpace(k) != key {
			continue
		}
		v = strings.Trim(strings.TrimSpace(v), `"`)
		v = strings.Replace(v, "$HOME", home, 1)
		if !filepath.IsAbs(v) {
			return ""
		}
		return filepath.Clean(v)
	}
	return ""
}
