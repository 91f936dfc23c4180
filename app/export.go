package app

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"riskbook/bcp"
	"riskbook/export"
	"riskbook/i18n"
	"riskbook/risk"
)

// exportKind is one kind of document the Export dialog writes: every
// document riskbook export can write, from the same use cases
// (Workspace.Export and Workspace.ScoringWorkbook).
type exportKind int

const (
	kindDocument exportKind = iota // the full or summary document, PDF and/or Excel
	kindPack                       // the network-down pack to print
	kindTabletop                   // the tabletop exercise kit of a playbook
	kindIncident                   // the record of one incident
	kindScoring                    // the scoring workbook of one risk owner
)

// exportKinds are the kinds in the order the dialog offers them, each
// with its label.
func exportKinds() []struct {
	kind  exportKind
	label string
} {
	return []struct {
		kind  exportKind
		label string
	}{
		{kindDocument, i18n.T("export.dialog.kind.document")},
		{kindPack, i18n.T("export.dialog.kind.pack")},
		{kindTabletop, i18n.T("export.dialog.kind.tabletop")},
		{kindIncident, i18n.T("export.dialog.kind.incident")},
		{kindScoring, i18n.T("export.dialog.kind.scoring")},
	}
}

// exportForm is what the Export dialog asks.
type exportForm struct {
	kind      exportKind
	pdf, xlsx bool // the document's formats
	level     export.Level
	// subject is the playbook (PB-01) of a tabletop kit, the incident
	// (ACV-01) of a record, or the owner of a scoring workbook.
	subject string
	folder  string
	name    string    // file name without extension
	lang    i18n.Lang // the language the document is written in
}

// exportJob is what an export form asks to write: a request of
// Workspace.Export, or one owner's scoring workbook.
type exportJob struct {
	req     export.Request
	owner   string
	scoring string // the scoring workbook's path
}

// paths are the files the job writes.
func (j exportJob) paths() []string {
	if j.scoring != "" {
		return []string{j.scoring}
	}
	return j.req.Paths()
}

// job checks the form and returns what it asks to write.
func (f exportForm) job() (exportJob, error) {
	name := strings.TrimSpace(f.name)
	if name == "" || strings.ContainsAny(name, `/\`) {
		return exportJob{}, risk.Errorf(risk.EINVALID, "%s", i18n.T("export.dialog.error.name"))
	}
	base := filepath.Join(f.folder, name)
	subject := strings.TrimSpace(f.subject)
	var j exportJob
	switch f.kind {
	case kindDocument:
		if !f.pdf && !f.xlsx {
			return exportJob{}, risk.Errorf(risk.EINVALID, "%s", i18n.T("export.dialog.error.formats"))
		}
		j.req.Level = f.level
		if f.pdf {
			j.req.PDF = base + ".pdf"
		}
		if f.xlsx {
			j.req.XLSX = base + ".xlsx"
		}
	case kindPack:
		j.req = export.Request{Level: export.Full, Pack: base + ".pdf"}
	case kindTabletop:
		if subject == "" {
			return exportJob{}, risk.Errorf(risk.EINVALID, "%s", i18n.T("export.dialog.error.playbook"))
		}
		j.req = export.Request{Level: export.Full, PDF: base + ".pdf", Tabletop: subject}
	case kindIncident:
		if subject == "" {
			return exportJob{}, risk.Errorf(risk.EINVALID, "%s", i18n.T("export.dialog.error.incident"))
		}
		j.req = export.Request{Level: export.Full, PDF: base + ".pdf", Incident: subject}
	case kindScoring:
		if subject == "" {
			return exportJob{}, risk.Errorf(risk.EINVALID, "%s", i18n.T("export.dialog.error.owner"))
		}
		j.owner, j.scoring = subject, base+".xlsx"
	}
	j.req.Lang = f.lang
	return j, nil
}

// exportChoices are what the dialog offers to export: the playbooks, the
// incidents and the risk owners of the workspace.
type exportChoices struct {
	organisation string    // for the names the dialog suggests
	lang         i18n.Lang // the language the documents were last written in, or the workspace's
	playbooks    []string  // "PB-01 DDoS attack on the name servers"
	incidents    []string  // "ACV-01 PB-01, declared 2026-11-21 14:02"
	owners       []string
}

func (a *App) exportChoices(ctx context.Context) (exportChoices, error) {
	var c exportChoices
	settings, err := a.ws.Settings(ctx)
	if err != nil {
		return c, err
	}
	c.organisation = export.ProfileFrom(settings).Organisation
	if c.lang, err = a.exportLanguage(ctx); err != nil {
		return c, err
	}
	pbs, err := a.ws.Playbooks(ctx)
	if err != nil {
		return c, err
	}
	for _, p := range pbs {
		c.playbooks = append(c.playbooks, p.Ref+" "+p.Title)
	}
	acts, err := a.ws.Activations(ctx)
	if err != nil {
		return c, err
	}
	for _, x := range acts {
		c.incidents = append(c.incidents, incidentChoice(&x))
	}
	rs, err := a.ws.Risks(ctx)
	if err != nil {
		return c, err
	}
	c.owners = export.Owners(rs)
	return c, nil
}

func incidentChoice(x *bcp.Activation) string {
	s := x.Ref + " " + x.Playbook
	if !x.DeclaredAt.IsZero() {
		s = i18n.T("export.dialog.incident.declared", i18n.Args{"Incident": s, "At": x.DeclaredAt.Local().Format("2006-01-02 15:04")})
	}
	return s
}

// prefExportLang keeps, per workspace file, the language its documents
// were last written in: the key is this prefix and the workspace's path.
const prefExportLang = "export.lang:"

// exportLanguage is the language the Export dialog offers first: the one
// the workspace's documents were last written in, else the workspace's
// (Workspace.DocumentLanguage).
func (a *App) exportLanguage(ctx context.Context) (i18n.Lang, error) {
	if l, err := i18n.Parse(a.fyne.Preferences().String(prefExportLang + a.ws.Path())); err == nil {
		return l, nil
	}
	return a.ws.DocumentLanguage(ctx)
}

// refOf is the reference that starts a choice: "PB-01" of "PB-01 DDoS …".
func refOf(choice string) string {
	ref, _, _ := strings.Cut(choice, " ")
	return ref
}

// exportDialog asks what to export and where, then exports in the
// background with a progress dialog.
func (a *App) exportDialog() { a.exportDialogFor(kindDocument, "") }

// exportDialogFor opens the Export dialog on a kind of document and, for a
// tabletop kit, an incident record or a scoring workbook, on its playbook,
// incident or owner: the Playbooks and Exercises screens open it so.
func (a *App) exportDialogFor(kind exportKind, subject string) {
	if a.ws == nil {
		return
	}
	a.flush()
	choices, err := a.exportChoices(context.Background())
	if err != nil {
		a.showError(err)
		return
	}
	d := newExportDialog(a, choices)
	d.setKind(kind, subject)
	d.show()
}

// exportDialog is the Export dialog: what to write, about what, as which
// file in which folder. A form that cannot be written says why in the
// dialog, which stays open.
type exportDialog struct {
	app     *App
	form    exportForm
	choices exportChoices
	stem    string // the workspace's file name, for suggested names
	org     string // the organisation, which suggested names start with
	now     time.Time
	// suggested is the name the dialog last suggested: a name the person
	// typed is kept when the kind or subject changes.
	suggested string

	what      *widget.Select
	lang      *widget.Select
	formats   *fyne.Container
	pdf, xlsx *widget.Check
	level     *widget.RadioGroup
	playbook  *widget.Select
	incident  *widget.Select
	owner     *widget.Select
	name      *dialogEntry
	place     fyne.CanvasObject // the folder and the button to choose it
	items     *fyne.Container   // the form of the kind chosen, rebuilt when it changes
	problem   *widget.Label
	run       *widget.Button
	dlg       *dialog.CustomDialog
}

func exportLevels() []struct {
	label string
	level export.Level
} {
	return []struct {
		label string
		level export.Level
	}{
		{i18n.T("export.dialog.level.full"), export.Full},
		{i18n.T("export.dialog.level.summary"), export.Summary},
	}
}

func newExportDialog(a *App, choices exportChoices) *exportDialog {
	d := &exportDialog{app: a, choices: choices, now: time.Now(), org: choices.organisation,
		stem: strings.TrimSuffix(filepath.Base(a.ws.Path()), workspaceExt)}
	d.form = exportForm{pdf: true, xlsx: true, level: export.Full, folder: filepath.Dir(a.ws.Path()), lang: choices.lang}
	var kinds []string
	for _, k := range exportKinds() {
		kinds = append(kinds, k.label)
	}
	// Choices and ticks give the keyboard back (unfocus), so that Escape
	// and Enter still reach the dialog.
	unfocus := func() { a.win.Canvas().Unfocus() }
	d.what = widget.NewSelect(kinds, func(v string) {
		for _, k := range exportKinds() {
			if k.label == v {
				d.setKind(k.kind, "")
			}
		}
		unfocus()
	})
	// Each language by its own name, as a reader finds it.
	var langs []string
	for _, l := range i18n.Langs() {
		langs = append(langs, l.Name())
	}
	d.lang = widget.NewSelect(langs, func(v string) {
		for _, l := range i18n.Langs() {
			if l.Name() == v {
				d.form.lang = l
			}
		}
		d.suggest()
		unfocus()
	})
	d.lang.Selected = d.form.lang.Name()
	d.pdf = widget.NewCheck(i18n.T("export.dialog.pdf"), func(on bool) { d.form.pdf = on; d.check(); unfocus() })
	d.xlsx = widget.NewCheck(i18n.T("export.dialog.xlsx"), func(on bool) { d.form.xlsx = on; d.check(); unfocus() })
	d.pdf.Checked, d.xlsx.Checked = true, true
	d.formats = container.NewHBox(d.pdf, d.xlsx)
	var levels []string
	for _, l := range exportLevels() {
		levels = append(levels, l.label)
	}
	d.level = widget.NewRadioGroup(levels, func(v string) {
		for _, l := range exportLevels() {
			if l.label == v {
				d.form.level = l.level
			}
		}
		d.suggest()
		unfocus()
	})
	d.level.Selected = levels[0]
	d.playbook = d.subjectSelect(choices.playbooks, i18n.T("export.dialog.playbook.none"), true)
	d.incident = d.subjectSelect(choices.incidents, i18n.T("export.dialog.incident.none"), true)
	d.owner = d.subjectSelect(choices.owners, i18n.T("export.dialog.owner.none"), false)
	d.name = a.newDialogEntry()
	d.name.OnChanged = func(v string) { d.form.name = v; d.check() }
	where := widget.NewLabel(d.form.folder)
	where.Truncation = fyne.TextTruncateEllipsis
	choose := widget.NewButtonWithIcon(i18n.T("export.dialog.choose"), theme.FolderOpenIcon(), func() {
		a.chooseFolder(d.form.folder, func(dir string) { d.form.folder = dir; where.SetText(dir) })
	})
	d.place = container.NewBorder(nil, nil, nil, choose, where)
	d.items = container.NewStack()
	d.problem = fieldErrorLabel()
	d.run = widget.NewButtonWithIcon(i18n.T("export.dialog.export"), theme.DocumentSaveIcon(), d.export)
	d.run.Importance = widget.HighImportance
	cancel := widget.NewButton(i18n.T("export.dialog.cancel"), func() { d.dlg.Hide() })
	body := container.NewBorder(nil, container.NewVBox(d.problem, container.NewCenter(container.NewHBox(cancel, d.run))), nil, nil, d.items)
	d.dlg = dialog.NewCustomWithoutButtons(i18n.T("export.dialog.title"), body, a.win)
	return d
}

// subjectSelect is the drop-down of a kind's subject; withRef keeps only
// the reference of the choice (PB-01), not its title.
func (d *exportDialog) subjectSelect(options []string, none string, withRef bool) *widget.Select {
	s := widget.NewSelect(options, func(v string) {
		if withRef {
			v = refOf(v)
		}
		d.form.subject = v
		d.suggest()
		d.app.win.Canvas().Unfocus()
	})
	if len(options) == 0 {
		s.PlaceHolder = none
		s.Disable()
	}
	return s
}

// setKind shows the fields of a kind, with subject (a reference or an
// owner) chosen when it is one of the choices, else the first.
func (d *exportDialog) setKind(kind exportKind, subject string) {
	d.form.kind, d.form.subject = kind, ""
	d.what.Selected = exportKinds()[kind].label // set directly: the change is being made here
	d.what.Refresh()
	items := []*widget.FormItem{widget.NewFormItem(i18n.T("export.dialog.what"), d.what)}
	pick := func(s *widget.Select, label string, withRef bool) {
		items = append(items, widget.NewFormItem(label, s))
		chosen := ""
		for _, o := range s.Options {
			if subject != "" && (o == subject || withRef && refOf(o) == subject) {
				chosen = o
			}
		}
		if chosen == "" && len(s.Options) > 0 {
			chosen = s.Options[0]
		}
		s.Selected = chosen
		s.Refresh()
		if withRef {
			chosen = refOf(chosen)
		}
		d.form.subject = chosen
	}
	switch kind {
	case kindDocument:
		items = append(items, widget.NewFormItem(i18n.T("export.dialog.formats"), d.formats), widget.NewFormItem(i18n.T("export.dialog.level"), d.level))
	case kindPack:
		items = append(items, widget.NewFormItem("", wrapLabel(i18n.T("export.dialog.pack"))))
	case kindTabletop:
		pick(d.playbook, i18n.T("export.dialog.playbook"), true)
	case kindIncident:
		pick(d.incident, i18n.T("export.dialog.incident"), true)
	case kindScoring:
		pick(d.owner, i18n.T("export.dialog.owner"), false)
	}
	// The language comes before the name, which it writes.
	items = append(items, widget.NewFormItem(i18n.T("export.dialog.lang"), d.lang),
		widget.NewFormItem(i18n.T("export.dialog.name"), d.name), widget.NewFormItem(i18n.T("export.dialog.folder"), d.place))
	// A form lays its rows out once: a new kind gets a new form.
	d.items.Objects = []fyne.CanvasObject{widget.NewForm(items...)}
	d.items.Refresh()
	d.suggest()
}

// suggestedName is the file name the dialog suggests for the form: the
// organisation, what the document is (in the document's language) and the
// day (export.DocumentName).
func (d *exportDialog) suggestedName() string {
	f := d.form
	p := i18n.For(f.lang)
	what := p.T("export.dialog.file.register")
	args := i18n.Args{"Ref": f.subject}
	switch f.kind {
	case kindDocument:
		if f.level == export.Summary {
			what = p.T("export.dialog.file.summary")
		}
	case kindPack:
		what = p.T("export.dialog.file.pack")
	case kindTabletop:
		what = p.T("export.dialog.file.tabletop", args)
	case kindIncident:
		what = p.T("export.dialog.file.incident", args)
	case kindScoring:
		what = p.T("export.dialog.file.scoring", args)
	}
	return export.DocumentName(d.org, d.stem, strings.TrimSpace(what), d.now)
}

// suggest puts the suggested name in the file name, unless the person typed
// one of their own.
func (d *exportDialog) suggest() {
	if d.form.name == "" || d.form.name == d.suggested {
		d.suggested = d.suggestedName()
		d.name.SetText(d.suggested)
	}
	d.check()
}

// check says in the dialog what keeps the form from being written.
func (d *exportDialog) check() {
	if _, err := d.form.job(); err != nil {
		d.problem.SetText(risk.ErrorMessage(err) + ".")
		d.problem.Show()
		d.run.Disable()
		return
	}
	d.problem.Hide()
	d.run.Enable()
}

func (d *exportDialog) show() {
	d.dlg.Resize(fyne.NewSize(760, 380))
	d.app.present(d.app.win, d.dlg, func() {
		if !d.run.Disabled() {
			d.export()
		}
	}, nil)
}

// export closes the dialog and writes what the form asks.
func (d *exportDialog) export() {
	j, err := d.form.job()
	if err != nil {
		d.check()
		return
	}
	d.dlg.Hide()
	d.app.fyne.Preferences().SetString(prefExportLang+d.app.ws.Path(), string(j.req.Lang))
	d.app.confirmExport(j)
}

func (a *App) chooseFolder(start string, chosen func(string)) {
	d := dialog.NewFolderOpen(func(l fyne.ListableURI, err error) {
		if err == nil && l != nil {
			chosen(l.Path())
		}
	}, a.win)
	if l, err := storage.ListerForURI(storage.NewFileURI(start)); err == nil {
		d.SetLocation(l)
	}
	d.Resize(fyne.NewSize(820, 560))
	a.present(a.win, d, nil, nil)
}

// confirmExport asks before replacing existing files, then exports.
func (a *App) confirmExport(j exportJob) {
	var existing []string
	for _, p := range j.paths() {
		if _, err := os.Stat(p); err == nil {
			existing = append(existing, filepath.Base(p))
		}
	}
	if len(existing) == 0 {
		a.runExport(j)
		return
	}
	a.confirm(a.win, i18n.N("replace.title", len(existing)),
		i18n.N("replace.question", len(existing), i18n.Args{"Files": fileList(existing)}),
		i18n.T("replace.button"), func() { a.runExport(j) })
}

// runExport writes the export off the UI goroutine behind a dialog that
// shows how far it has got and can stop it; the window stays usable.
func (a *App) runExport(j exportJob) {
	a.flush()
	ws := a.ws
	runLong(a, i18n.T("export.dialog.running"), i18n.T("export.dialog.running.intro"),
		func(ctx context.Context) (*export.Outcome, error) {
			if j.scoring != "" {
				n, owner, err := ws.ScoringWorkbook(ctx, j.owner, j.scoring, j.req.Lang)
				return &export.Outcome{Note: i18n.N("export.dialog.scoring.note", n, i18n.Args{"Owner": owner})}, err
			}
			return ws.Export(ctx, j.req)
		}, func(out *export.Outcome, err error, stopped bool) {
			a.exportDone(j, out, err, stopped)
		})
}

// exportDone tells how an export ended.
func (a *App) exportDone(j exportJob, out *export.Outcome, err error, stopped bool) {
	switch {
	case stopped:
		a.notify(i18n.T("export.dialog.stopped"))
	case err != nil:
		a.showError(err)
	default:
		a.exported(j.paths(), out)
		if out.NewIssue {
			a.changed(nil) // the issue is a change the dashboard and history show
		}
	}
}

// exported says what was written, which issue of the document it is and
// what the PDF could not draw, and offers to open the folder.
func (a *App) exported(paths []string, out *export.Outcome) {
	var files []string
	dir := ""
	for _, p := range paths {
		files = append(files, filepath.Base(p))
		dir = filepath.Dir(p)
	}
	msg := i18n.N("export.dialog.wrote", len(files), i18n.Args{"Files": fileList(files), "Folder": dir})
	a.notify(msg)
	lines := append([]string{msg}, out.Notes()...)
	body := widget.NewLabel(strings.Join(lines, "\n\n"))
	body.Wrapping = fyne.TextWrapWord
	title := i18n.T("export.dialog.done")
	if len(out.Unprintable) > 0 || out.NotRecorded != "" {
		title = i18n.T("export.dialog.done.warnings")
	}
	d := dialog.NewCustomConfirm(title, i18n.T("export.dialog.open_folder"), i18n.T("export.dialog.close"), body, func(open bool) {
		if open {
			a.openFolder(dir)
		}
	}, a.win)
	d.Resize(fyne.NewSize(620, 260))
	a.present(a.win, d, d.Confirm, nil)
}

func (a *App) openFolder(dir string) {
	u := &url.URL{Scheme: "file", Path: filepath.ToSlash(dir)}
	if err := a.fyne.OpenURL(u); err != nil {
		a.showError(fmt.Errorf("%s: %w", i18n.T("export.dialog.open_folder.error", i18n.Args{"Folder": dir}), err))
	}
}

// fileList names files in a sentence, "a.pdf", "a.pdf and b.xlsx" or
// "a.pdf, b.xlsx and c.json", with the language's word for and.
func fileList(files []string) string {
	n := len(files)
	if n < 2 {
		return strings.Join(files, "")
	}
	return i18n.T("replace.and", i18n.Args{"List": strings.Join(files[:n-1], ", "), "Last": files[n-1]})
}
