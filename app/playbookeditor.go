package app

import (
	"context"
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"riskbook/bcp"
	"riskbook/risk"
)

// playbookWriter is what the playbook editor writes through.
type playbookWriter interface {
	UpdatePlaybook(ctx context.Context, p *bcp.Playbook) error
}

// playbookEditor edits one playbook like the activity editor edits an
// activity: choices and buttons are saved at once, text when the field is
// left or typing pauses, and an edit that breaks a blocking rule stays on
// screen with a banner until it is fixed. The roles, steps and
// communications are rows built from the draft, rebuilt when one is added,
// moved or removed.
type playbookEditor struct {
	store    playbookWriter
	app      *App
	onSaved  func(bcp.Playbook)
	onClose  func()
	onDelete func()
	today    func() risk.Date

	bia   *bcp.BIA // as loaded: what the playbook can link to and the priorities
	risks []risk.Risk
	// contacts are suggested for the roles, after the BIA's people.
	contacts []bcp.Contact
	draft    bcp.Playbook
	autosave

	heading     *widget.Label
	title       *commitEntry
	scenario    *commitEntry
	scope       *commitEntry
	criteria    *commitEntry
	declare     *widget.CheckGroup
	roleBox     *fyne.Container
	roles       []*roleFields
	phaseBox    *fyne.Container
	phases      *widget.Accordion
	phaseOrder  []bcp.Phase        // the phases the accordion shows, in its order
	open        map[bcp.Phase]bool // the phases left open, kept over rebuilds
	steps       []*stepFields      // every step's fields, phase by phase
	commBox     *fyne.Container
	outOfBand   *commitEntry
	activities  *refPicker
	resources   *refPicker
	linkedRisks *refPicker
	version     *commitEntry
	owner       *widget.SelectEntry
	approved    *widget.DateEntry
	exercised   *widget.DateEntry
	meta        *widget.Label
	messages    *fieldMessages
	activations *playbookActivations // the Activate button and the playbook's activations
	scroll      *container.Scroll
	root        fyne.CanvasObject
}

func newPlaybookEditor(store playbookWriter, a *App, onSaved func(bcp.Playbook), onClose, onDelete func()) *playbookEditor {
	e := &playbookEditor{store: store, app: a, onSaved: onSaved, onClose: onClose, onDelete: onDelete,
		today: func() risk.Date { return risk.DateOf(time.Now()) }, open: map[bcp.Phase]bool{},
		bia: &bcp.BIA{Settings: bcp.DefaultSettings()}, messages: newFieldMessages("Out-of-band channels")}
	e.build()
	return e
}

func (e *playbookEditor) view() fyne.CanvasObject { return e.root }

// entry makes a text field whose edits go to the draft through set.
func (e *playbookEditor) entry(multiLine bool, placeholder string, set func(string)) *commitEntry {
	return draftEntry(e, multiLine, placeholder, set)
}

// suggest makes a text field with suggestions whose edits go to the draft
// through set.
func (e *playbookEditor) suggest(placeholder string, set func(string)) *widget.SelectEntry {
	s := widget.NewSelectEntry(nil)
	s.SetPlaceHolder(placeholder)
	s.OnChanged = func(v string) {
		if !e.loading {
			set(v)
			e.edited(false)
		}
	}
	s.OnSubmitted = func(string) { e.flush() }
	return s
}

func (e *playbookEditor) date(set func(risk.Date)) *widget.DateEntry {
	d := widget.NewDateEntry()
	d.OnChanged = func(t *time.Time) {
		if !e.loading {
			set(dateOf(t))
			e.edited(true)
		}
	}
	return d
}

func (e *playbookEditor) build() {
	e.heading = editorHeading()
	e.banner = fieldErrorLabel()
	e.activations = newPlaybookActivations()
	p := &e.draft
	e.title = e.entry(false, "The scenario in a few words, e.g. DDoS on the name servers", func(v string) { p.Title = v })
	e.scenario = e.entry(true, "What happens, as the team would first see it", func(v string) { p.Scenario = v })
	e.scope = e.entry(true, "What the playbook keeps running or restores", func(v string) { p.Scope = v })
	e.criteria = e.entry(true, "What must happen for the playbook to be declared", func(v string) { p.ActivationCriteria = v })
	e.declare = widget.NewCheckGroup(nil, e.onDeclare)
	e.declare.Horizontal = true
	e.roleBox = container.NewVBox()
	addRole := widget.NewButtonWithIcon("Add role", theme.ContentAddIcon(), e.addRole)
	e.phaseBox = container.NewVBox()
	e.commBox = container.NewVBox()
	addComm := widget.NewButtonWithIcon("Add communication", theme.ContentAddIcon(), e.addCommunication)
	e.outOfBand = e.entry(true, "One channel per line, e.g. satellite phone, SMS, a Signal group on personal phones",
		func(v string) { p.OutOfBand = strings.Split(v, "\n") })
	e.activities = newRefPicker("Add an activity the playbook restores", "Restores no activity yet.", func(refs []string) {
		p.Activities = refs
		e.edited(true)
	})
	e.activities.open = e.openActivity
	e.resources = newRefPicker("Add a resource the playbook restores", "Restores no resource yet.", func(refs []string) {
		p.Resources = refs
		e.edited(true)
	})
	e.resources.open = e.openResource
	e.linkedRisks = newRefPicker("Add a risk the playbook answers", "Answers no risk yet.", func(refs []string) {
		p.Risks = refs
		e.edited(true)
	})
	e.linkedRisks.open = e.openRisk
	e.version = e.entry(false, "e.g. 1.0", func(v string) { p.Version = v })
	e.owner = e.suggest("Who keeps the playbook up to date", func(v string) { p.Owner = v })
	e.approved = e.date(func(d risk.Date) { p.Approved = d })
	e.exercised = e.date(func(d risk.Date) { p.LastExercised = d })
	approvedToday := widget.NewButtonWithIcon("Approved today", theme.ConfirmIcon(), e.markApproved)
	exercisedToday := widget.NewButtonWithIcon("Exercised today", theme.ConfirmIcon(), e.markExercised)
	// One width for both buttons keeps the two dates lined up.
	buttonW := max(approvedToday.MinSize().Width, exercisedToday.MinSize().Width)
	e.meta = widget.NewLabel("")
	e.meta.Importance = widget.LowImportance

	m := e.messages
	body := container.NewVBox(
		e.activations.box,
		m.label(""),
		formOf(
			m.row("Title", e.title, "title"),
			m.row("Scenario", e.scenario, "scenario"),
			m.row("Scope", e.scope, "scope"),
			m.row("Activation criteria", e.criteria, "activation_criteria"),
			m.row("Who may declare", e.declare, "may_declare"),
		),
		heading("Roles"),
		wrapLabel("Each role needs a primary and a trained alternate who is a different person."),
		e.roleBox,
		container.NewHBox(addRole),
		heading("Phases and steps"),
		wrapLabel("Open a phase to see and edit its steps, in the order they are done. Target times count from activation."),
		m.label("phases"),
		e.phaseBox,
		heading("Communications"),
		m.label("communications"),
		e.commBox,
		container.NewHBox(addComm),
		formOf(m.row("Out-of-band channels", e.outOfBand, "out_of_band")),
		heading("Restores and answers"),
		formOf(
			m.row("Activities", e.activities.view(), "activities"),
			m.row("Resources", e.resources.view(), "resources"),
			m.row("Risks", e.linkedRisks.view(), "risks"),
		),
		heading("Document"),
		formOf(
			m.row("Version", e.version, "version"),
			m.row("Owner", e.owner, "owner"),
			m.row("Approved on", container.NewBorder(nil, nil, nil, atLeastWide(buttonW, approvedToday), e.approved), "approved"),
			m.row("Last exercised", container.NewBorder(nil, nil, nil, atLeastWide(buttonW, exercisedToday), e.exercised), "last_exercised"),
		),
		e.meta,
	)
	e.scroll, e.root = editorFrame(e.heading, e.banner, body, func() { e.onDelete() }, func() { e.onClose() }, e.activations.activate)
}

// show loads a playbook into the editor, with the BIA and risks it can
// link to. A reload while an edit of the same playbook is pending keeps
// the edit.
func (e *playbookEditor) show(p bcp.Playbook, b *bcp.BIA, risks []risk.Risk) {
	e.bia, e.risks = b, risks
	if e.dirty && e.draft.ID == p.ID {
		e.fillChoices()
		e.validate()
		return
	}
	e.stopTimer()
	e.loading = true
	defer func() { e.loading = false }()
	if e.draft.ID != p.ID {
		e.open = map[bcp.Phase]bool{}
		e.phases = nil
	}
	e.draft, e.dirty = p.Clone(), false
	e.banner.Hide()
	e.fill()
	e.scroll.ScrollToTop()
}

// fill sets every widget from the draft.
func (e *playbookEditor) fill() {
	p := &e.draft
	e.title.setQuietly(p.Title)
	setProse(e.scenario, p.Scenario, 3)
	setProse(e.scope, p.Scope, 2)
	setProse(e.criteria, p.ActivationCriteria, 3)
	setProse(e.outOfBand, strings.Join(p.OutOfBand, "\n"), 2)
	e.version.setQuietly(p.Version)
	e.owner.SetText(p.Owner)
	setDate(e.approved, p.Approved)
	setDate(e.exercised, p.LastExercised)
	e.fillRoles()
	e.fillPhases()
	e.fillCommunications()
	e.fillChoices()
	e.showDerived()
	e.validate()
}

// fillChoices sets what depends on the rest of the workspace: what can be
// linked, the people to suggest for roles, and the role names.
func (e *playbookEditor) fillChoices() {
	var acts, res, rs []refOption
	for _, a := range e.bia.Activities {
		detail := ""
		if a.Priority > 0 {
			detail = fmt.Sprintf("priority %d", a.Priority)
		}
		acts = append(acts, refOption{Ref: a.Ref, Name: a.Name, Detail: detail})
	}
	for _, r := range e.bia.Resources {
		res = append(res, refOption{Ref: r.Ref, Name: r.Name, Detail: kindSingular(r.Kind)})
	}
	for _, r := range e.risks {
		rs = append(rs, refOption{Ref: r.Ref, Name: r.Title})
	}
	e.activities.set(e.draft.Activities, acts)
	e.resources.set(e.draft.Resources, res)
	e.linkedRisks.set(e.draft.Risks, rs)
	people := e.people()
	for _, f := range e.roles {
		f.primary.SetOptions(people)
		f.alternate.SetOptions(people)
	}
	e.fillRoleChoices()
}

// people are the names to suggest for roles: the people of the BIA, the
// contacts, and those the playbook already names.
func (e *playbookEditor) people() []string {
	var out []string
	for _, r := range e.bia.Resources {
		if r.Kind == bcp.Person {
			out = appendUnique(out, r.Name)
		}
	}
	for _, c := range e.contacts {
		out = appendUnique(out, c.Name)
	}
	for _, r := range e.draft.Roles {
		out = appendUnique(appendUnique(out, strings.TrimSpace(r.Primary)), strings.TrimSpace(r.Alternate))
	}
	return out
}

// onDeclare records who may declare the playbook.
func (e *playbookEditor) onDeclare(selected []string) {
	if e.loading {
		return
	}
	e.draft.MayDeclare = append([]string(nil), selected...)
	e.edited(true)
}

// showDerived updates what follows from the draft.
func (e *playbookEditor) showDerived() {
	e.heading.SetText(e.draft.Ref + " — " + e.draft.Title)
	e.meta.SetText(fmt.Sprintf("Created %s · last changed %s", localTime(e.draft.Created), localTime(e.draft.Updated)))
}

// edited records a change: check it, and save now or after a pause.
func (e *playbookEditor) edited(now bool) {
	if e.loading {
		return
	}
	e.dirty = true
	e.heading.SetText(e.draft.Ref + " — " + e.draft.Title)
	e.validate()
	e.schedule(now, e.flush)
}

// findings checks the draft as the store would save it, against the BIA's
// priorities, and keeps those about this playbook.
func (e *playbookEditor) findings() []risk.Finding {
	draft := e.draft.Clone()
	draft.Normalize()
	return findingsAbout(bcp.CheckPlaybooks([]bcp.Playbook{draft}, e.bia, e.today()), draft.Ref)
}

func (e *playbookEditor) validate() []risk.Finding {
	fs := e.findings()
	e.messages.show(fs)
	e.showPhaseTitles(fs)
	return fs
}

// flush saves the draft if it changed and breaks no blocking rule.
func (e *playbookEditor) flush() {
	saveDraft(&e.autosave, e.draft.ID, e.commitTimes, e.validate,
		func() bcp.Playbook { return e.draft.Clone() }, e.store.UpdatePlaybook,
		func(p bcp.Playbook) {
			e.draft.Updated = p.Updated
			e.showDerived()
			e.onSaved(p)
		})
}

// focusTitle puts the cursor in the title with the placeholder title
// selected, so typing replaces it.
func (e *playbookEditor) focusTitle() {
	focusSelected(e.app.win.Canvas(), e.title)
}

func (e *playbookEditor) markApproved() {
	e.draft.Approved = e.today()
	e.setDateQuietly(e.approved, e.draft.Approved)
	e.edited(true)
}

func (e *playbookEditor) markExercised() {
	e.draft.LastExercised = e.today()
	e.setDateQuietly(e.exercised, e.draft.LastExercised)
	e.edited(true)
}

func (e *playbookEditor) setDateQuietly(d *widget.DateEntry, v risk.Date) {
	e.loading = true
	setDate(d, v)
	e.loading = false
}

func (e *playbookEditor) openActivity(ref string) {
	for _, a := range e.bia.Activities {
		if strings.EqualFold(a.Ref, ref) {
			e.flush()
			e.app.showActivity(a.ID)
		}
	}
}

func (e *playbookEditor) openResource(ref string) {
	for _, r := range e.bia.Resources {
		if strings.EqualFold(r.Ref, ref) {
			e.flush()
			e.app.showResource(r.ID)
		}
	}
}

func (e *playbookEditor) openRisk(ref string) {
	for _, r := range e.risks {
		if strings.EqualFold(r.Ref, ref) {
			e.flush()
			e.app.showRisk(r.ID)
		}
	}
}

// setProse shows text in a multi-line field tall enough to read it whole,
// up to a limit, and at least atLeast rows: a plan read under stress should
// not hide half of each paragraph behind a scroll bar.
func setProse(en *commitEntry, text string, atLeast int) {
	en.setQuietly(text)
	const perLine, most = 72, 8 // characters a line holds in the editor at 1280 px
	rows := 0
	for _, line := range strings.Split(text, "\n") {
		rows += 1 + len([]rune(line))/perLine
	}
	en.SetMinRowsVisible(min(max(rows, atLeast), most))
}

// forgetMessages drops the finding places of rows about to be rebuilt, so
// that findings about rows that no longer exist go to the editor's general
// place rather than to a label nobody sees.
func forgetMessages(m *fieldMessages, prefix string) {
	for key := range m.labels {
		if strings.HasPrefix(key, prefix) {
			delete(m.labels, key)
		}
	}
}
