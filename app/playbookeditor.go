package app

import (
	"context"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"riskbook/bcp"
	"riskbook/i18n"
	"riskbook/risk"
)

// playbookWriter is what the playbook editor writes through: the
// playbook, and the contacts whose numbers are typed at a role.
type playbookWriter interface {
	UpdatePlaybook(ctx context.Context, p *bcp.Playbook) error
	holderContacts
}

// playbookEditor edits one playbook with the shared editor machinery
// (draftEditor): choices and buttons are saved at once, text when the field
// is left or typing pauses, and an edit that breaks a blocking rule stays
// on screen with a banner until it is fixed. The roles, steps and
// communications are rows built from the draft, rebuilt when one is added,
// moved or removed.
type playbookEditor struct {
	draftEditor[bcp.Playbook]
	app      *App
	onClose  func()
	onDelete func()

	bia   *bcp.BIA // as loaded: what the playbook can link to and the priorities
	risks []risk.Risk
	// contacts are suggested for the roles, after the BIA's people.
	contacts     []bcp.Contact
	contactStore holderContacts
	// onContact tells the screen of a contact written from a role.
	onContact func(bcp.Contact)

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
	approved    *dateEntry
	exercised   *dateEntry
	// exercisedToday sets the last exercise to today.
	exercisedToday *widget.Button
	activations    *playbookActivations // the Activate button and the playbook's activations
}

func newPlaybookEditor(store playbookWriter, a *App, onSaved func(bcp.Playbook), onClose, onDelete func()) *playbookEditor {
	e := &playbookEditor{app: a, onClose: onClose, onDelete: onDelete, open: map[bcp.Phase]bool{},
		bia: &bcp.BIA{Settings: bcp.DefaultSettings()}, contactStore: store}
	e.init(draftSpec[bcp.Playbook]{
		dates:  a.dates,
		key:    func(p *bcp.Playbook) any { return p.ID },
		clone:  bcp.Playbook.Clone,
		title:  func(p *bcp.Playbook) string { return p.Ref + " — " + p.Title },
		stamps: func(p *bcp.Playbook) (time.Time, time.Time) { return p.Created, p.Updated },
		check: func(p bcp.Playbook) []risk.Finding {
			p.Normalize()
			fs := bcp.CheckPlaybooks([]bcp.Playbook{p}, e.bia, e.today())
			// The contacts' rules about the playbook: holders with no number.
			fs = append(fs, bcp.CheckContacts(e.contacts, []bcp.Playbook{p}, e.bia)...)
			return findingsAbout(fs, p.Ref)
		},
		fill:     e.fill,
		refresh:  e.fillChoices,
		commit:   e.commitTimes,
		shown:    e.showPhaseTitles,
		store:    store.UpdatePlaybook,
		copyBack: func(draft *bcp.Playbook, stored bcp.Playbook) { draft.Updated = stored.Updated },
		stamp:    func(x *bcp.Playbook) *time.Time { return &x.Updated },
		awaiting: a.awaitChoice,
		onSaved:  onSaved,
		ref:      func(x *bcp.Playbook) string { return x.Ref },
		history:  a.showHistory,
	}, i18n.T("playbooks.field.title"), i18n.T("playbooks.field.scenario"), i18n.T("playbooks.field.scope"),
		i18n.T("playbooks.field.criteria"), i18n.T("playbooks.field.declare"), i18n.T("playbooks.field.outofband"),
		i18n.T("playbooks.field.activities"), i18n.T("playbooks.field.resources"), i18n.T("playbooks.field.risks"),
		i18n.T("playbooks.field.version"), i18n.T("playbooks.field.owner"), i18n.T("playbooks.field.approved"),
		i18n.T("playbooks.field.exercised"), i18n.T("playbooks.field.role"), i18n.T("playbooks.field.duties"),
		i18n.T("playbooks.field.primary"), i18n.T("playbooks.field.alternate"), i18n.T("playbooks.field.what"),
		i18n.T("playbooks.field.who"), i18n.T("playbooks.field.when"), i18n.T("playbooks.field.restores"),
		i18n.T("playbooks.field.where"), i18n.T("playbooks.field.how"), i18n.T("playbooks.field.checklist"),
		i18n.T("playbooks.field.audience"), i18n.T("playbooks.field.channel"), i18n.T("playbooks.field.oob"),
		i18n.T("playbooks.field.statement"), i18n.T("playbooks.field.approvedby"))
	e.build()
	return e
}

func (e *playbookEditor) build() {
	e.activations = newPlaybookActivations(e.spec.dates)
	p := &e.draft
	e.title = e.entry(false, i18n.T("playbooks.title.hint"), func(v string) { p.Title = v })
	e.scenario = e.entry(true, i18n.T("playbooks.scenario.hint"), func(v string) { p.Scenario = v })
	e.scope = e.entry(true, i18n.T("playbooks.scope.hint"), func(v string) { p.Scope = v })
	e.criteria = e.entry(true, i18n.T("playbooks.criteria.hint"), func(v string) { p.ActivationCriteria = v })
	e.declare = widget.NewCheckGroup(nil, e.onDeclare)
	// One role a line: side by side, five roles would widen the editor
	// past a 1024-pixel window.
	e.roleBox = container.NewVBox()
	addRole := widget.NewButtonWithIcon(i18n.T("playbooks.addrole"), theme.ContentAddIcon(), e.addRole)
	e.phaseBox = container.NewVBox()
	e.commBox = container.NewVBox()
	addComm := widget.NewButtonWithIcon(i18n.T("playbooks.addcomm"), theme.ContentAddIcon(), e.addCommunication)
	e.outOfBand = e.entry(true, i18n.T("playbooks.outofband.hint"),
		func(v string) { p.OutOfBand = strings.Split(v, "\n") })
	e.activities = e.links(i18n.T("playbooks.activities.hint"), i18n.T("playbooks.activities.none"), func(refs []string) {
		p.Activities = refs
		// The steps say which of these they bring back.
		e.commitTimes()
		e.fillPhases()
		e.validate()
	})
	e.activities.open = e.openRef
	e.resources = e.links(i18n.T("playbooks.resources.hint"), i18n.T("playbooks.resources.none"), func(refs []string) { p.Resources = refs })
	e.resources.open = e.openRef
	e.linkedRisks = e.links(i18n.T("playbooks.risks.hint"), i18n.T("playbooks.risks.none"), func(refs []string) { p.Risks = refs })
	e.linkedRisks.open = e.openRef
	e.version = e.entry(false, i18n.T("playbooks.version.hint"), func(v string) { p.Version = v })
	e.owner = e.suggest(i18n.T("playbooks.owner.hint"), func(v string) { p.Owner = v })
	e.approved = e.dateField(func(d risk.Date) { p.Approved = d })
	e.exercised = e.dateField(func(d risk.Date) { p.LastExercised = d })
	approvedToday := e.todayButton(i18n.T("playbooks.approvedtoday"), e.approved, func(d risk.Date) { p.Approved = d })
	e.exercisedToday = e.todayButton(i18n.T("playbooks.exercisedtoday"), e.exercised, func(d risk.Date) { p.LastExercised = d })
	// One width for both buttons keeps the two dates lined up.
	buttonW := max(approvedToday.MinSize().Width, e.exercisedToday.MinSize().Width)

	m := e.messages
	m.name("phases", i18n.T("playbooks.heading.phases"))
	m.showsAt("phases[].phase", func(v string) string { return bcp.PhaseName(bcp.Phase(v)) })
	body := container.NewVBox(
		e.activations.box,
		m.label(""),
		formOf(
			m.row(i18n.T("playbooks.field.title"), e.title, "title"),
			m.row(i18n.T("playbooks.field.scenario"), e.scenario, "scenario"),
			m.row(i18n.T("playbooks.field.scope"), e.scope, "scope"),
			m.row(i18n.T("playbooks.field.criteria"), e.criteria, "activation_criteria"),
			m.row(i18n.T("playbooks.field.declare"), e.declare, "may_declare"),
		),
		heading(i18n.T("playbooks.heading.roles")),
		wrapLabel(i18n.T("playbooks.roles.explain")),
		e.roleBox,
		container.NewHBox(addRole),
		heading(i18n.T("playbooks.heading.phases")),
		wrapLabel(i18n.T("playbooks.phases.explain")),
		m.label("phases"),
		e.phaseBox,
		heading(i18n.T("playbooks.heading.comms")),
		m.label("communications"),
		e.commBox,
		container.NewHBox(addComm),
		formOf(m.row(i18n.T("playbooks.field.outofband"), e.outOfBand, "out_of_band")),
		heading(i18n.T("playbooks.heading.restores")),
		formOf(
			m.row(i18n.T("playbooks.field.activities"), e.activities.view(), "activities"),
			m.row(i18n.T("playbooks.field.resources"), e.resources.view(), "resources"),
			m.row(i18n.T("playbooks.field.risks"), e.linkedRisks.view(), "risks"),
		),
		heading(i18n.T("playbooks.heading.document")),
		formOf(
			m.row(i18n.T("playbooks.field.version"), e.version, "version"),
			m.row(i18n.T("playbooks.field.owner"), e.owner, "owner"),
			m.row(i18n.T("playbooks.field.approved"), container.NewBorder(nil, nil, nil, atLeastWide(buttonW, approvedToday), e.approved), "approved"),
			m.row(i18n.T("playbooks.field.exercised"), container.NewBorder(nil, nil, nil, atLeastWide(buttonW, e.exercisedToday), e.exercised), "last_exercised"),
			// The kit to exercise the playbook on paper, from the same
			// export as File → Export.
			formRow{label: widget.NewLabel(""), field: container.NewHBox(widget.NewButtonWithIcon(i18n.T("playbooks.kit"), theme.DocumentPrintIcon(), func() {
				e.flush()
				e.app.exportDialogFor(kindTabletop, e.draft.Ref)
			}))},
		),
		e.meta,
	)
	e.frame(body, func() { e.onDelete() }, func() { e.onClose() }, e.activations.activate, e.historyButton("playbook"))
}

// show loads a playbook into the editor, with the BIA and risks it can
// link to. A reload while an edit of the same playbook is pending keeps
// the edit.
func (e *playbookEditor) show(p bcp.Playbook, b *bcp.BIA, risks []risk.Risk) {
	e.bia, e.risks = b, risks
	if e.draft.ID != p.ID {
		e.open = map[bcp.Phase]bool{}
		e.phases = nil
	}
	e.load(p)
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
	e.approved.setDate(p.Approved)
	e.exercised.setDate(p.LastExercised)
	e.fillRoles()
	e.fillPhases()
	e.fillCommunications()
	e.fillChoices()
}

// fillChoices sets what depends on the rest of the workspace: what can be
// linked, the people to suggest for roles, and the role names.
func (e *playbookEditor) fillChoices() {
	var acts, res, rs []refOption
	for _, a := range e.bia.Activities {
		detail := ""
		if a.Priority > 0 {
			detail = i18n.T("playbooks.activity.priority", i18n.Args{"N": a.Priority})
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
		f.primary.fill(people)
		f.alternate.fill(people)
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

// focusTitle puts the cursor in the title with the placeholder title
// selected, so typing replaces it.
func (e *playbookEditor) focusTitle() {
	focusSelected(e.app.win.Canvas(), e.title)
}

// openRef saves the playbook and opens the activity, resource or risk
// named.
func (e *playbookEditor) openRef(ref string) {
	e.leaveFor(func() { e.app.openRef(ref, e.bia, e.risks) })
}

// setProse shows text in a multi-line field of at least atLeast rows; the
// field grows to show the text whole (commitEntry): a plan read under
// stress should not hide half of each paragraph behind a scroll bar.
func setProse(en *commitEntry, text string, atLeast int) {
	en.setQuietly(text)
	en.setRows(atLeast)
}
