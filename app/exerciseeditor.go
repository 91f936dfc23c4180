package app

import (
	"context"
	"fmt"
	"slices"
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

// exerciseWriter is what the exercise editor writes through.
type exerciseWriter interface {
	UpdateExercise(ctx context.Context, ex *bcp.Exercise) error
	RaiseRiskFromFinding(ctx context.Context, exerciseID int64, findingIndex int) (risk.Risk, bcp.Exercise, error)
}

// exerciseEditor edits one exercise with the shared editor machinery
// (draftEditor): choices and buttons are saved at once, text when the field
// is left or typing pauses, and an edit that breaks a blocking rule stays
// on screen with a banner until it is fixed. Injects, participants and
// objectives are one per line; results, findings and improvement actions
// are rows rebuilt when one is added or removed.
type exerciseEditor struct {
	draftEditor[bcp.Exercise]
	store    exerciseWriter
	app      *App
	onSaved  func(bcp.Exercise)
	onClose  func()
	onDelete func()

	playbooks []bcp.Playbook
	bia       *bcp.BIA
	risks     []risk.Risk

	severities, statuses, actionStatuses valueNames

	title        *commitEntry
	kind         *widget.Select
	date         *dateEntry
	played       *refPicker
	scenario     *commitEntry
	injects      *commitEntry
	participants *commitEntry
	objectives   *commitEntry
	resultBox    *fyne.Container
	durations    []*durationField // the results' achieved RTOs and RPOs
	findingBox   *fyne.Container
	actionBox    *fyne.Container
	reportDate   *dateEntry
	reportDue    *widget.Label
	reportToday  *widget.Button
	kit          *widget.Button // the tabletop kit of the playbook exercised
}

func newExerciseEditor(store exerciseWriter, a *App, onSaved func(bcp.Exercise), onClose, onDelete func()) *exerciseEditor {
	e := &exerciseEditor{store: store, app: a, onSaved: onSaved, onClose: onClose, onDelete: onDelete,
		bia: &bcp.BIA{Settings: bcp.DefaultSettings()}}
	e.init(draftSpec[bcp.Exercise]{
		dates:  a.dates,
		key:    func(x *bcp.Exercise) any { return x.ID },
		clone:  bcp.Exercise.Clone,
		title:  func(x *bcp.Exercise) string { return x.Ref + " — " + x.Title },
		stamps: func(x *bcp.Exercise) (time.Time, time.Time) { return x.Created, x.Updated },
		check: func(x bcp.Exercise) []risk.Finding {
			x.Normalize()
			return findingsAbout(bcp.CheckExercises([]bcp.Exercise{x}, e.playbooks, e.bia, e.today()), x.Ref)
		},
		fill:     e.fill,
		refresh:  e.fillChoices,
		derived:  e.showFollowing,
		commit:   e.commitDurations,
		store:    store.UpdateExercise,
		copyBack: func(draft *bcp.Exercise, stored bcp.Exercise) { draft.Updated = stored.Updated },
		stamp:    func(x *bcp.Exercise) *time.Time { return &x.Updated },
		awaiting: a.awaitChoice,
		onSaved:  onSaved,
		ref:      func(x *bcp.Exercise) string { return x.Ref },
		history:  a.showHistory,
	}, i18n.T("exercises.field.title"), i18n.T("exercises.field.type"), i18n.T("exercises.field.date"),
		i18n.T("exercises.field.playbooks"), i18n.T("exercises.field.scenario"), i18n.T("exercises.field.injects"),
		i18n.T("exercises.field.participants"), i18n.T("exercises.field.objectives"), i18n.T("exercises.field.reportdue"),
		i18n.T("exercises.field.reportdate"), i18n.T("exercises.field.activity"), i18n.T("exercises.field.achievedrto"),
		i18n.T("exercises.field.achievedrpo"), i18n.T("exercises.field.note"), i18n.T("exercises.field.severity"),
		i18n.T("exercises.field.status"), i18n.T("exercises.field.closed"), i18n.T("exercises.field.risk"),
		i18n.T("exercises.field.action"), i18n.T("exercises.field.closes"), i18n.T("exercises.field.owner"),
		i18n.T("exercises.field.due"))
	e.severities = newValueNames(bcp.FindingSeverities, severityName)
	e.statuses = newValueNames(bcp.FindingStatuses, findingStatusName)
	e.actionStatuses = newValueNames(names(risk.ActionStatuses), actionStatusName)
	e.build()
	return e
}

func (e *exerciseEditor) build() {
	x := &e.draft
	e.title = e.entry(false, i18n.T("exercises.title.hint"), func(v string) { x.Title = v })
	var typeNames []string
	for _, t := range bcp.ExerciseTypes {
		typeNames = append(typeNames, bcp.ExerciseTypeName(t))
	}
	e.kind = e.choice(typeNames, func(v string) string { return bcp.ExerciseTypeName(bcp.ExerciseType(v)) }, func(i int) { x.Type = bcp.ExerciseTypes[i] })
	e.date = e.dateField(func(d risk.Date) { x.Date = d })
	e.played = e.links(i18n.T("exercises.played.hint"), i18n.T("exercises.played.none"), func(refs []string) { x.Playbooks = refs })
	e.scenario = e.entry(true, i18n.T("exercises.scenario.hint"), func(v string) { x.Scenario = v })
	e.injects = e.entry(true, i18n.T("exercises.injects.hint"),
		func(v string) { x.Injects = parseInjects(v) })
	e.participants = e.entry(true, i18n.T("exercises.participants.hint"), func(v string) { x.Participants = strings.Split(v, "\n") })
	e.objectives = e.entry(true, i18n.T("exercises.objectives.hint"), func(v string) { x.Objectives = strings.Split(v, "\n") })
	e.resultBox = container.NewVBox()
	e.findingBox = container.NewVBox()
	e.actionBox = container.NewVBox()
	addResult := widget.NewButtonWithIcon(i18n.T("exercises.addresult"), theme.ContentAddIcon(), e.addResult)
	addFinding := widget.NewButtonWithIcon(i18n.T("exercises.addfinding"), theme.ContentAddIcon(), e.addFinding)
	addAction := widget.NewButtonWithIcon(i18n.T("exercises.addaction"), theme.ContentAddIcon(), e.addAction)
	e.reportDate = e.dateField(func(d risk.Date) { x.ReportDate = d })
	e.reportToday = e.todayButton(i18n.T("exercises.reporttoday"), e.reportDate, func(d risk.Date) { x.ReportDate = d })
	e.reportDue = widget.NewLabel("")

	m := e.messages
	body := container.NewVBox(
		m.label(""),
		formOf(
			m.row(i18n.T("exercises.field.title"), e.title, "title"),
			m.row(i18n.T("exercises.field.type"), e.kind, "type"),
			m.row(i18n.T("exercises.field.date"), e.date, "date"),
			m.row(i18n.T("exercises.field.playbooks"), e.played.view(), "playbooks"),
			m.row(i18n.T("exercises.field.scenario"), e.scenario, "scenario"),
			m.row(i18n.T("exercises.field.injects"), e.injects, "injects"),
			m.row(i18n.T("exercises.field.participants"), e.participants, "participants"),
			m.row(i18n.T("exercises.field.objectives"), e.objectives, "objectives"),
		),
		heading(i18n.T("exercises.heading.results")),
		wrapLabel(i18n.T("exercises.results.explain")),
		e.resultBox,
		container.NewHBox(addResult),
		heading(i18n.T("exercises.heading.findings")),
		wrapLabel(i18n.T("exercises.findings.explain")),
		e.findingBox,
		container.NewHBox(addFinding),
		heading(i18n.T("exercises.heading.actions")),
		e.actionBox,
		container.NewHBox(addAction),
		heading(i18n.T("exercises.heading.report")),
		formOf(
			m.row(i18n.T("exercises.field.reportdue"), e.reportDue, "report_due"),
			m.row(i18n.T("exercises.field.reportdate"), dateAndButton(e.reportDate, e.reportToday), "report_date"),
		),
		e.meta,
	)
	// The kit of the playbook exercised, to run the exercise on paper.
	e.kit = widget.NewButtonWithIcon(i18n.T("exercises.kit"), theme.DocumentPrintIcon(), func() {
		e.flush()
		if len(e.draft.Playbooks) > 0 {
			e.app.exportDialogFor(kindTabletop, e.draft.Playbooks[0])
		}
	})
	e.frame(body, func() { e.onDelete() }, func() { e.onClose() }, e.kit, e.historyButton("exercise"))
}

// showFollowing shows what follows from the draft: the report's due date,
// and a kit to print once a playbook is chosen.
func (e *exerciseEditor) showFollowing() {
	e.showReportDue()
	if e.kit == nil {
		return
	}
	if len(e.draft.Playbooks) == 0 {
		e.kit.Disable()
	} else {
		e.kit.Enable()
	}
}

// parseInjects reads one inject per line, "15 min: text"; a line whose
// start is no duration is an inject at no particular time.
func parseInjects(text string) []bcp.Inject {
	var out []bcp.Inject
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		in := bcp.Inject{Text: line}
		if at, rest, ok := strings.Cut(line, ":"); ok {
			if d, err := bcp.ParseDuration(at); err == nil && d > 0 {
				in = bcp.Inject{At: bcp.Duration(d), Text: strings.TrimSpace(rest)}
			}
		}
		out = append(out, in)
	}
	return out
}

// formatInjects writes injects as parseInjects reads them.
func formatInjects(ins []bcp.Inject) string {
	var lines []string
	for _, in := range ins {
		if in.At > 0 {
			lines = append(lines, durationName(in.At)+": "+in.Text)
		} else {
			lines = append(lines, in.Text)
		}
	}
	return strings.Join(lines, "\n")
}

// show loads an exercise into the editor with what it can link to. A
// reload while an edit of the same exercise is pending keeps the edit.
func (e *exerciseEditor) show(ex bcp.Exercise, pbs []bcp.Playbook, b *bcp.BIA, risks []risk.Risk) {
	e.playbooks, e.bia, e.risks = pbs, b, risks
	e.load(ex)
}

// fill sets every widget from the draft.
func (e *exerciseEditor) fill() {
	x := &e.draft
	e.title.setQuietly(x.Title)
	e.kind.Selected = ""
	if i := slices.Index(bcp.ExerciseTypes, x.Type); i >= 0 {
		e.kind.Selected = e.kind.Options[i]
	}
	e.kind.Refresh()
	e.date.setDate(x.Date)
	setProse(e.scenario, x.Scenario, 2)
	setProse(e.injects, formatInjects(x.Injects), 2)
	setProse(e.participants, strings.Join(x.Participants, "\n"), 2)
	setProse(e.objectives, strings.Join(x.Objectives, "\n"), 2)
	e.reportDate.setDate(x.ReportDate)
	e.fillResults()
	e.fillFindings()
	e.fillActions()
	e.fillChoices()
}

// fillChoices sets what depends on the rest of the workspace: the
// playbooks that can be played.
func (e *exerciseEditor) fillChoices() {
	var opts []refOption
	for _, p := range e.playbooks {
		detail := i18n.T("exercises.playbook.never")
		if !p.LastExercised.IsZero() {
			detail = i18n.T("exercises.playbook.last", i18n.Args{"Date": p.LastExercised.String()})
		}
		opts = append(opts, refOption{Ref: p.Ref, Name: p.Title, Detail: detail})
	}
	e.played.set(e.draft.Playbooks, opts)
}

// showReportDue shows when the report is due.
func (e *exerciseEditor) showReportDue() {
	due := e.draft.ReportDue()
	switch {
	case due.IsZero():
		e.reportDue.SetText(i18n.T("exercises.reportdue.nodate"))
	default:
		e.reportDue.SetText(i18n.T("exercises.reportdue", i18n.Args{"Date": due.String(), "Days": bcp.ExerciseReportDays}))
	}
}

// commitDurations takes the durations typed but not yet committed into
// the draft, before saving or rebuilding the rows.
func (e *exerciseEditor) commitDurations() {
	for _, f := range e.durations {
		f.commit()
	}
}

// focusTitle puts the cursor in the title with the title selected, so
// typing replaces it.
func (e *exerciseEditor) focusTitle() {
	focusSelected(e.app.win.Canvas(), e.title)
}

// rowButton is a small button at the end of a row.
func rowButton(icon fyne.Resource, f func()) *widget.Button {
	b := widget.NewButtonWithIcon("", icon, f)
	b.Importance = widget.LowImportance
	return b
}

// activityChoices are the activities a result can be for, as "ACT-01 —
// Authoritative DNS".
func (e *exerciseEditor) activityChoices() []string {
	var out []string
	for _, a := range e.bia.Activities {
		out = append(out, a.Ref+" — "+a.Name)
	}
	return out
}

// fillResults rebuilds the result rows from the draft.
func (e *exerciseEditor) fillResults() {
	e.durations = nil
	e.fillRows(e.resultBox, "results", len(e.draft.Results), e.resultRow,
		i18n.T("exercises.results.none"))
}

func (e *exerciseEditor) resultRow(i int) fyne.CanvasObject {
	r := e.draft.Results[i]
	key := func(field string) string { return fmt.Sprintf("results[%d].%s", i, field) }
	choices := e.activityChoices()
	activity := widget.NewSelectEntry(choices)
	activity.SetPlaceHolder("ACT-01")
	activity.SetText(r.Activity)
	activity.OnChanged = func(v string) {
		if e.loading {
			return
		}
		ref, _, _ := strings.Cut(v, " — ")
		e.draft.Results[i].Activity = strings.TrimSpace(ref)
		e.edited(true)
	}
	target := lowLabel(e.targets(r.Activity))
	rto := newDurationField(i18n.T("exercises.rto.hint"), func() { e.edited(false) }, func(d bcp.Duration) { e.draft.Results[i].AchievedRTO = d }, e.flush)
	rpo := newDurationField(i18n.T("exercises.rpo.hint"), func() { e.edited(false) }, func(d bcp.Duration) { e.draft.Results[i].AchievedRPO = d }, e.flush)
	rto.set(r.AchievedRTO)
	rpo.set(r.AchievedRPO)
	e.messages.showsAs(rto.view(), durationShown)
	e.messages.showsAs(rpo.view(), durationShown)
	e.durations = append(e.durations, rto, rpo)
	note := e.entry(false, i18n.T("exercises.note.hint"), func(v string) { e.draft.Results[i].Note = v })
	note.setQuietly(r.Note)
	remove := rowButton(theme.DeleteIcon(), func() { removeRow(e, &e.draft.Results, i, e.fillResults) })
	m := e.messages
	return container.NewVBox(formOf(
		m.row(i18n.T("exercises.field.activity"), container.NewBorder(nil, nil, nil, remove, activity), key("activity")),
		m.row(i18n.T("exercises.field.objectives"), target, key("targets")),
		m.row(i18n.T("exercises.field.achievedrto"), rto.view(), key("achieved_rto")),
		m.row(i18n.T("exercises.field.achievedrpo"), rpo.view(), key("achieved_rpo")),
		m.row(i18n.T("exercises.field.note"), note, key("note")),
	), widget.NewSeparator())
}

// targets says what the BIA asks of the activity with the ref.
func (e *exerciseEditor) targets(ref string) string {
	for _, a := range e.bia.Activities {
		if strings.EqualFold(a.Ref, ref) {
			return fmt.Sprintf("RTO %s · RPO %s", orDash(durationName(a.RTO)), orDash(durationName(a.RPO)))
		}
	}
	return i18n.T("exercises.targets.none")
}

// fillFindings rebuilds the finding rows from the draft.
func (e *exerciseEditor) fillFindings() {
	e.fillRows(e.findingBox, "findings", len(e.draft.Findings), e.findingRow, i18n.T("exercises.findings.none"))
}

func (e *exerciseEditor) findingRow(i int) fyne.CanvasObject {
	f := e.draft.Findings[i]
	key := func(field string) string { return fmt.Sprintf("findings[%d].%s", i, field) }
	text := e.entry(true, i18n.T("exercises.finding.hint"), func(v string) { e.draft.Findings[i].Text = v })
	setProse(text, f.Text, 2)
	severity := e.choice(e.severities.names, e.severities.name, func(j int) { e.draft.Findings[i].Severity = e.severities.values[j] })
	if f.Severity != "" {
		severity.Selected = e.severities.name(f.Severity)
	}
	var riskField fyne.CanvasObject
	if f.Risk != "" {
		open := widget.NewButtonWithIcon(i18n.T("exercises.finding.openrisk", i18n.Args{"Ref": f.Risk}), theme.NavigateNextIcon(), func() { e.openRisk(f.Risk) })
		riskField = container.NewHBox(open)
	} else {
		raise := widget.NewButtonWithIcon(i18n.T("exercises.finding.raise"), theme.ContentAddIcon(), func() { e.raiseRisk(i) })
		riskField = container.NewHBox(raise)
	}
	closed := e.dateField(func(d risk.Date) { e.draft.Findings[i].Closed = d })
	closed.setDate(f.Closed)
	status := e.choice(e.statuses.names, e.statuses.name, func(j int) {
		e.draft.Findings[i].Status = e.statuses.values[j]
		if e.draft.Findings[i].IsClosed() && e.draft.Findings[i].Closed.IsZero() {
			e.draft.Findings[i].Closed = e.today()
			closed.setDate(e.draft.Findings[i].Closed)
		}
	})
	status.Selected = e.statuses.name(bcp.FindingOpen)
	if f.IsClosed() {
		status.Selected = e.statuses.name(bcp.FindingClosed)
	}
	state := lowLabel(findingState(&e.draft, i, e.today()))
	remove := rowButton(theme.DeleteIcon(), func() {
		e.commitDurations()
		e.draft.RemoveFinding(i)
		e.fillFindings()
		e.fillActions()
		e.edited(true)
	})
	m := e.messages
	return container.NewVBox(formOf(
		m.row(f.Label(i), container.NewBorder(nil, nil, nil, remove, text), key("text")),
		m.row(i18n.T("exercises.field.severity"), severity, key("severity")),
		m.row(i18n.T("exercises.field.status"), container.NewVBox(status, state), key("status")),
		m.row(i18n.T("exercises.field.closed"), closed, key("closed")),
		m.row(i18n.T("exercises.field.risk"), riskField, key("risk")),
	), widget.NewSeparator())
}

// findingState says where finding i stands and which actions close it.
func findingState(ex *bcp.Exercise, i int, today risk.Date) string {
	var closing []string
	for k, a := range ex.Actions {
		if a.Closes(ex.Findings[i].ID) {
			closing = append(closing, i18n.T("exercises.finding.action", i18n.Args{"N": k + 1}))
		}
	}
	state := findingStateName(ex.State(i, today))
	if len(closing) > 0 {
		return i18n.T("exercises.finding.closedby", i18n.Args{"State": state, "Actions": strings.Join(closing, ", ")})
	}
	return i18n.T("exercises.finding.noaction", i18n.Args{"State": state})
}

// raiseRisk saves the draft, creates the risk finding i raises and opens
// it in the Risks section.
func (e *exerciseEditor) raiseRisk(i int) {
	e.flush()
	if e.dirty {
		e.app.showError(risk.Errorf(risk.EINVALID, "%s", i18n.T("exercises.savefirst", i18n.Args{"Reason": strings.TrimPrefix(e.banner.Text, "Not saved yet: ")})))
		return
	}
	r, stored, err := e.store.RaiseRiskFromFinding(context.Background(), e.draft.ID, i)
	if err != nil {
		e.app.showError(err)
		return
	}
	e.draft.Findings[i].Risk = r.Ref
	e.draft.Updated = stored.Updated
	e.fillFindings()
	e.showDerived()
	e.risks = append(e.risks, r)
	e.onSaved(e.draft.Clone())
	e.app.notify(i18n.T("exercises.raised", i18n.Args{"Risk": r.Ref, "N": i + 1, "Ref": e.draft.Ref}))
	e.app.showRisk(r.ID)
}

func (e *exerciseEditor) openRisk(ref string) {
	e.leaveFor(func() {
		if !e.app.openRef(ref, nil, e.risks) {
			e.app.notify(i18n.T("exercises.risk.gone", i18n.Args{"Ref": ref}))
		}
	})
}

// fillActions rebuilds the improvement action rows from the draft.
func (e *exerciseEditor) fillActions() {
	e.fillRows(e.actionBox, "actions", len(e.draft.Actions), e.actionRow,
		i18n.T("exercises.actions.none"))
}

func (e *exerciseEditor) actionRow(i int) fyne.CanvasObject {
	a := e.draft.Actions[i]
	key := func(field string) string { return fmt.Sprintf("actions[%d].%s", i, field) }
	title := e.entry(false, i18n.T("exercises.action.hint"), func(v string) { e.draft.Actions[i].Title = v })
	title.setQuietly(a.Title)
	owner := e.entry(false, i18n.T("exercises.owner.hint"), func(v string) { e.draft.Actions[i].Owner = v })
	owner.setQuietly(a.Owner)
	due := e.dateField(func(d risk.Date) { e.draft.Actions[i].Due = d })
	due.setDate(a.Due)
	status := e.choice(e.actionStatuses.names, e.actionStatuses.name, func(j int) { e.draft.Actions[i].Status = risk.ActionStatus(e.actionStatuses.values[j]) })
	status.Selected = e.actionStatuses.name(string(a.Status))
	remove := rowButton(theme.DeleteIcon(), func() {
		removeRow(e, &e.draft.Actions, i, e.fillActions)
		e.fillFindings()
	})
	m := e.messages
	return container.NewVBox(formOf(
		m.row(i18n.T("exercises.field.action"), container.NewBorder(nil, nil, nil, remove, title), key("title")),
		m.row(i18n.T("exercises.field.closes"), e.closesField(i), key("findings")),
		m.row(i18n.T("exercises.field.owner"), owner, key("owner")),
		m.row(i18n.T("exercises.field.due"), due, key("due")),
		m.row(i18n.T("exercises.field.status"), status, key("status")),
	), widget.NewSeparator())
}

// closesField is the findings improvement action i closes, one check box
// per finding of the exercise.
func (e *exerciseEditor) closesField(i int) fyne.CanvasObject {
	if len(e.draft.Findings) == 0 {
		return lowLabel(i18n.T("exercises.closes.none"))
	}
	var options []string
	ids := map[string]int{}
	for k, f := range e.draft.Findings {
		label := f.Label(k)
		if t := strings.TrimSpace(f.Text); t != "" {
			label += " — " + oneLine(t)
		}
		options = append(options, label)
		ids[label] = f.ID
	}
	var selected []string
	for _, o := range options {
		if e.draft.Actions[i].Closes(ids[o]) {
			selected = append(selected, o)
		}
	}
	group := widget.NewCheckGroup(options, nil)
	group.Selected = selected
	group.OnChanged = func(chosen []string) {
		if e.loading {
			return
		}
		var closes []int
		for _, c := range chosen {
			if id := ids[c]; id > 0 {
				closes = append(closes, id)
			}
		}
		e.draft.Actions[i].Findings = closes
		e.edited(true)
		e.fillFindings()
	}
	return group
}

func (e *exerciseEditor) addResult() {
	e.commitDurations()
	ref := ""
	if len(e.bia.Activities) > 0 && len(e.draft.Results) == 0 {
		ref = e.bia.Activities[0].Ref
	}
	e.draft.Results = append(e.draft.Results, bcp.Result{Activity: ref})
	e.fillResults()
	e.edited(true)
}

func (e *exerciseEditor) addFinding() {
	e.draft.AddFinding(bcp.Finding{Severity: "medium"})
	e.fillFindings()
	e.fillActions()
	e.edited(true)
}

func (e *exerciseEditor) addAction() {
	e.draft.Actions = append(e.draft.Actions, bcp.ImprovementAction{Status: risk.Planned, Due: e.today().AddDays(bcp.ExerciseReportDays)})
	e.fillActions()
	e.edited(true)
}

// removeRow deletes row i of a list of the draft and rebuilds its rows
// with refill.
func removeRow[T any](e *exerciseEditor, list *[]T, i int, refill func()) {
	e.commitDurations()
	*list = slices.Delete(*list, i, i+1)
	refill()
	e.edited(true)
}
