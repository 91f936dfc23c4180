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

// exportKinds are the kinds in the order the dialog offers them.
var exportKinds = []struct {
	kind  exportKind
	label string
}{
	{kindDocument, "Risk register and continuity document (PDF, Excel)"},
	{kindPack, "Network-down pack to print (PDF)"},
	{kindTabletop, "Tabletop exercise kit of a playbook (PDF)"},
	{kindIncident, "Record of an incident (PDF)"},
	{kindScoring, "Scoring workbook for a risk owner (Excel)"},
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
	name    string // file name without extension
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
		return exportJob{}, risk.Errorf(risk.EINVALID, "Give the export a file name, without folders")
	}
	base := filepath.Join(f.folder, name)
	subject := strings.TrimSpace(f.subject)
	var j exportJob
	switch f.kind {
	case kindDocument:
		if !f.pdf && !f.xlsx {
			return exportJob{}, risk.Errorf(risk.EINVALID, "Choose PDF, Excel or both")
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
			return exportJob{}, risk.Errorf(risk.EINVALID, "Choose the playbook whose tabletop kit to write")
		}
		j.req = export.Request{Level: export.Full, PDF: base + ".pdf", Tabletop: subject}
	case kindIncident:
		if subject == "" {
			return exportJob{}, risk.Errorf(risk.EINVALID, "Choose the incident whose record to write")
		}
		j.req = export.Request{Level: export.Full, PDF: base + ".pdf", Incident: subject}
	case kindScoring:
		if subject == "" {
			return exportJob{}, risk.Errorf(risk.EINVALID, "Choose the owner whose risks go in the scoring workbook")
		}
		j.owner, j.scoring = subject, base+".xlsx"
	}
	return j, nil
}

// exportChoices are what the dialog offers to export: the playbooks, the
// incidents and the risk owners of the workspace.
type exportChoices struct {
	organisation string   // for the names the dialog suggests
	playbooks    []string // "PB-01 DDoS attack on the name servers"
	incidents    []string // "ACV-01 PB-01, declared 2026-11-21 14:02"
	owners       []string
}

func (a *App) exportChoices(ctx context.Context) (exportChoices, error) {
	var c exportChoices
	settings, err := a.ws.Settings(ctx)
	if err != nil {
		return c, err
	}
	c.organisation = export.ProfileFrom(settings).Organisation
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
		s += ", declared " + x.DeclaredAt.Local().Format("2006-01-02 15:04")
	}
	return s
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

var exportLevels = []struct {
	label string
	level export.Level
}{
	{"Full — the audit document: every risk, action, control and the change log", export.Full},
	{"Summary — public evidence: criteria, counts and progress; no risks, no names", export.Summary},
}

func newExportDialog(a *App, choices exportChoices) *exportDialog {
	d := &exportDialog{app: a, choices: choices, now: time.Now(), org: choices.organisation,
		stem: strings.TrimSuffix(filepath.Base(a.ws.Path()), workspaceExt)}
	d.form = exportForm{pdf: true, xlsx: true, level: export.Full, folder: filepath.Dir(a.ws.Path())}
	var kinds []string
	for _, k := range exportKinds {
		kinds = append(kinds, k.label)
	}
	// Choices and ticks give the keyboard back (unfocus), so that Escape
	// and Enter still reach the dialog.
	unfocus := func() { a.win.Canvas().Unfocus() }
	d.what = widget.NewSelect(kinds, func(v string) {
		for _, k := range exportKinds {
			if k.label == v {
				d.setKind(k.kind, "")
			}
		}
		unfocus()
	})
	d.pdf = widget.NewCheck("PDF document", func(on bool) { d.form.pdf = on; d.check(); unfocus() })
	d.xlsx = widget.NewCheck("Excel workbook", func(on bool) { d.form.xlsx = on; d.check(); unfocus() })
	d.pdf.Checked, d.xlsx.Checked = true, true
	d.formats = container.NewHBox(d.pdf, d.xlsx)
	var levels []string
	for _, l := range exportLevels {
		levels = append(levels, l.label)
	}
	d.level = widget.NewRadioGroup(levels, func(v string) {
		for _, l := range exportLevels {
			if l.label == v {
				d.form.level = l.level
			}
		}
		d.suggest()
		unfocus()
	})
	d.level.Selected = levels[0]
	d.playbook = d.subjectSelect(choices.playbooks, "No playbook yet: write one on the Playbooks screen first", true)
	d.incident = d.subjectSelect(choices.incidents, "No incident recorded yet: activate a playbook first", true)
	d.owner = d.subjectSelect(choices.owners, "No risk has an owner yet", false)
	d.name = a.newDialogEntry()
	d.name.OnChanged = func(v string) { d.form.name = v; d.check() }
	where := widget.NewLabel(d.form.folder)
	where.Truncation = fyne.TextTruncateEllipsis
	choose := widget.NewButtonWithIcon("Choose…", theme.FolderOpenIcon(), func() {
		a.chooseFolder(d.form.folder, func(dir string) { d.form.folder = dir; where.SetText(dir) })
	})
	d.place = container.NewBorder(nil, nil, nil, choose, where)
	d.items = container.NewStack()
	d.problem = fieldErrorLabel()
	d.run = widget.NewButtonWithIcon("Export", theme.DocumentSaveIcon(), d.export)
	d.run.Importance = widget.HighImportance
	cancel := widget.NewButton("Cancel", func() { d.dlg.Hide() })
	body := container.NewBorder(nil, container.NewVBox(d.problem, container.NewCenter(container.NewHBox(cancel, d.run))), nil, nil, d.items)
	d.dlg = dialog.NewCustomWithoutButtons("Export", body, a.win)
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
	d.what.Selected = exportKinds[kind].label // set directly: the change is being made here
	d.what.Refresh()
	items := []*widget.FormItem{widget.NewFormItem("What", d.what)}
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
		items = append(items, widget.NewFormItem("Formats", d.formats), widget.NewFormItem("Level", d.level))
	case kindPack:
		items = append(items, widget.NewFormItem("", wrapLabel("Each playbook's out-of-band channels, the call tree with everyone's numbers, "+
			"the pre-approved statements and the step checklists: to print and keep where the team can reach it with the network down.")))
	case kindTabletop:
		pick(d.playbook, "Playbook", true)
	case kindIncident:
		pick(d.incident, "Incident", true)
	case kindScoring:
		pick(d.owner, "Owner", false)
	}
	items = append(items, widget.NewFormItem("File name", d.name), widget.NewFormItem("Folder", d.place))
	// A form lays its rows out once: a new kind gets a new form.
	d.items.Objects = []fyne.CanvasObject{widget.NewForm(items...)}
	d.items.Refresh()
	d.suggest()
}

// suggestedName is the file name the dialog suggests for the form: the
// organisation, what the document is and the day (export.DocumentName).
func (d *exportDialog) suggestedName() string {
	f := d.form
	what := "risk register"
	switch f.kind {
	case kindDocument:
		if f.level == export.Summary {
			what = "risk summary"
		}
	case kindPack:
		what = "network-down pack"
	case kindTabletop:
		what = strings.TrimSpace(f.subject + " tabletop kit")
	case kindIncident:
		what = strings.TrimSpace(f.subject + " incident record")
	case kindScoring:
		what = strings.TrimSpace(f.subject + " scoring workbook")
	}
	return export.DocumentName(d.org, d.stem, what, d.now)
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
	files := existing[len(existing)-1]
	if n := len(existing); n > 1 {
		files = i18n.T("replace.and", i18n.Args{"List": strings.Join(existing[:n-1], ", "), "Last": existing[n-1]})
	}
	a.confirm(a.win, i18n.N("replace.title", len(existing)),
		i18n.N("replace.question", len(existing), i18n.Args{"Files": files}),
		i18n.T("replace.button"), func() { a.runExport(j) })
}

// runExport writes the export off the UI goroutine behind a dialog that
// shows how far it has got and can stop it; the window stays usable.
func (a *App) runExport(j exportJob) {
	a.flush()
	ws := a.ws
	runLong(a, "Exporting…", "Building the documents from the workspace as it is now; a large register takes a few seconds.",
		func(ctx context.Context) (*export.Outcome, error) {
			if j.scoring != "" {
				n, owner, err := ws.ScoringWorkbook(ctx, j.owner, j.scoring, j.req.Lang)
				return &export.Outcome{Note: fmt.Sprintf("It holds %s of %s to score in Excel; when it comes back, riskbook rescore shows the changes and applies them.",
					risk.Count(n, "risk", "risks"), owner)}, err
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
		a.notify("Export stopped; no document was left half-written.")
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
	msg := fmt.Sprintf("Wrote %s to %s.", strings.Join(files, " and "), dir)
	a.notify(msg)
	lines := append([]string{msg}, out.Notes()...)
	body := widget.NewLabel(strings.Join(lines, "\n\n"))
	body.Wrapping = fyne.TextWrapWord
	title := "Export finished"
	if len(out.Unprintable) > 0 || out.NotRecorded != "" {
		title = "Export finished, with warnings"
	}
	d := dialog.NewCustomConfirm(title, "Open folder", "Close", body, func(open bool) {
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
		a.showError(fmt.Errorf("cannot open %s: %w", dir, err))
	}
}
