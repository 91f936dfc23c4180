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
	"riskbook/risk"
)

// exerciseWriter is what the exercise editor writes through.
type exerciseWriter interface {
	UpdateExercise(ctx context.Context, ex *bcp.Exercise) error
	RaiseRiskFromFinding(ctx context.Context, exerciseID int64, findingIndex int) (risk.Risk, error)
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
		onSaved:  onSaved,
		ref:      func(x *bcp.Exercise) string { return x.Ref },
		history:  a.showHistory,
	}, "Report written on")
	e.build()
	return e
}

func (e *exerciseEditor) build() {
	x := &e.draft
	e.title = e.entry(false, "e.g. Tabletop: DDoS on the name servers", func(v string) { x.Title = v })
	var typeNames []string
	for _, t := range bcp.ExerciseTypes {
		typeNames = append(typeNames, bcp.ExerciseTypeName(t))
	}
	e.kind = e.choice(typeNames, func(i int) { x.Type = bcp.ExerciseTypes[i] })
	e.date = e.dateField(func(d risk.Date) { x.Date = d })
	e.played = e.links("Add a playbook the exercise plays", "Plays no playbook yet.", func(refs []string) { x.Playbooks = refs })
	e.scenario = e.entry(true, "The situation the team is given at the start", func(v string) { x.Scenario = v })
	e.injects = e.entry(true, "One per line, with the time after the start: 15 min: the anycast provider's NOC does not answer",
		func(v string) { x.Injects = parseInjects(v) })
	e.participants = e.entry(true, "One person per line", func(v string) { x.Participants = strings.Split(v, "\n") })
	e.objectives = e.entry(true, "One objective per line, e.g. declare within 30 minutes", func(v string) { x.Objectives = strings.Split(v, "\n") })
	e.resultBox = container.NewVBox()
	e.findingBox = container.NewVBox()
	e.actionBox = container.NewVBox()
	addResult := widget.NewButtonWithIcon("Add result", theme.ContentAddIcon(), e.addResult)
	addFinding := widget.NewButtonWithIcon("Add finding", theme.ContentAddIcon(), e.addFinding)
	addAction := widget.NewButtonWithIcon("Add improvement action", theme.ContentAddIcon(), e.addAction)
	e.reportDate = e.dateField(func(d risk.Date) { x.ReportDate = d })
	e.reportToday = e.todayButton("Report written today", e.reportDate, func(d risk.Date) { x.ReportDate = d })
	e.reportDue = widget.NewLabel("")

	m := e.messages
	body := container.NewVBox(
		m.label(""),
		formOf(
			m.row("Title", e.title, "title"),
			m.row("Type", e.kind, "type"),
			m.row("Date", e.date, "date"),
			m.row("Playbooks", e.played.view(), "playbooks"),
			m.row("Scenario", e.scenario, "scenario"),
			m.row("Injects", e.injects, "injects"),
			m.row("Participants", e.participants, "participants"),
			m.row("Objectives", e.objectives, "objectives"),
		),
		heading("Results"),
		wrapLabel("What the exercise achieved for each activity, against the recovery objectives of the business impact analysis."),
		e.resultBox,
		container.NewHBox(addResult),
		heading("Findings"),
		wrapLabel("What the exercise showed needs attention. Raise a risk from a finding to carry it into the register."),
		e.findingBox,
		container.NewHBox(addFinding),
		heading("Improvement actions"),
		e.actionBox,
		container.NewHBox(addAction),
		heading("Report"),
		formOf(
			m.row("Report due", e.reportDue, "report_due"),
			m.row("Report written on", dateAndButton(e.reportDate, e.reportToday), "report_date"),
		),
		e.meta,
	)
	// The kit of the playbook exercised, to run the exercise on paper.
	e.kit = widget.NewButtonWithIcon("Tabletop kit…", theme.DocumentPrintIcon(), func() {
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
			lines = append(lines, in.At.String()+": "+in.Text)
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
		detail := "never exercised"
		if !p.LastExercised.IsZero() {
			detail = "last exercised " + p.LastExercised.String()
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
		e.reportDue.SetText("Set the exercise's date")
	default:
		e.reportDue.SetText(fmt.Sprintf("%s (%d days after the exercise)", due, bcp.ExerciseReportDays))
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
		"No result yet. After the exercise, add the recovery time and data loss achieved for each activity it tested.")
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
	rto := newDurationField("e.g. 3 h", func() { e.edited(false) }, func(d bcp.Duration) { e.draft.Results[i].AchievedRTO = d }, e.flush)
	rpo := newDurationField("e.g. 15 min", func() { e.edited(false) }, func(d bcp.Duration) { e.draft.Results[i].AchievedRPO = d }, e.flush)
	rto.set(r.AchievedRTO)
	rpo.set(r.AchievedRPO)
	e.durations = append(e.durations, rto, rpo)
	note := e.entry(false, "What helped or held the recovery up", func(v string) { e.draft.Results[i].Note = v })
	note.setQuietly(r.Note)
	remove := rowButton(theme.DeleteIcon(), func() { removeRow(e, &e.draft.Results, i, e.fillResults) })
	m := e.messages
	return container.NewVBox(formOf(
		m.row("Activity", container.NewBorder(nil, nil, nil, remove, activity), key("activity")),
		m.row("Objectives", target, key("targets")),
		m.row("Achieved RTO", rto.view(), key("achieved_rto")),
		m.row("Achieved RPO", rpo.view(), key("achieved_rpo")),
		m.row("Note", note, key("note")),
	), widget.NewSeparator())
}

// targets says what the BIA asks of the activity with the ref.
func (e *exerciseEditor) targets(ref string) string {
	for _, a := range e.bia.Activities {
		if strings.EqualFold(a.Ref, ref) {
			return fmt.Sprintf("RTO %s · RPO %s", orDash(a.RTO.String()), orDash(a.RPO.String()))
		}
	}
	return "Choose an activity to see its RTO and RPO"
}

// fillFindings rebuilds the finding rows from the draft.
func (e *exerciseEditor) fillFindings() {
	e.fillRows(e.findingBox, "findings", len(e.draft.Findings), e.findingRow, "No finding yet.")
}

func (e *exerciseEditor) findingRow(i int) fyne.CanvasObject {
	f := e.draft.Findings[i]
	key := func(field string) string { return fmt.Sprintf("findings[%d].%s", i, field) }
	text := e.entry(true, "What the exercise showed, e.g. nobody had the NOC's out-of-hours number", func(v string) { e.draft.Findings[i].Text = v })
	setProse(text, f.Text, 2)
	severity := e.choice(bcp.FindingSeverities, func(j int) { e.draft.Findings[i].Severity = bcp.FindingSeverities[j] })
	if f.Severity != "" {
		severity.Selected = f.Severity
	}
	var riskField fyne.CanvasObject
	if f.Risk != "" {
		open := widget.NewButtonWithIcon("Open "+f.Risk, theme.NavigateNextIcon(), func() { e.openRisk(f.Risk) })
		riskField = container.NewHBox(open)
	} else {
		raise := widget.NewButtonWithIcon("Raise risk", theme.ContentAddIcon(), func() { e.raiseRisk(i) })
		riskField = container.NewHBox(raise)
	}
	closed := e.dateField(func(d risk.Date) { e.draft.Findings[i].Closed = d })
	closed.setDate(f.Closed)
	status := e.choice(bcp.FindingStatuses, func(j int) {
		e.draft.Findings[i].Status = bcp.FindingStatuses[j]
		if e.draft.Findings[i].IsClosed() && e.draft.Findings[i].Closed.IsZero() {
			e.draft.Findings[i].Closed = e.today()
			closed.setDate(e.draft.Findings[i].Closed)
		}
	})
	status.Selected = bcp.FindingOpen
	if f.IsClosed() {
		status.Selected = bcp.FindingClosed
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
		m.row("Severity", severity, key("severity")),
		m.row("Status", container.NewVBox(status, state), key("status")),
		m.row("Closed on", closed, key("closed")),
		m.row("Risk", riskField, key("risk")),
	), widget.NewSeparator())
}

// findingState says where finding i stands and which actions close it.
func findingState(ex *bcp.Exercise, i int, today risk.Date) string {
	var closing []string
	for k, a := range ex.Actions {
		if a.Closes(ex.Findings[i].ID) {
			closing = append(closing, fmt.Sprintf("action %d", k+1))
		}
	}
	s := "State: " + string(ex.State(i, today))
	if len(closing) > 0 {
		return s + "; closed by " + strings.Join(closing, ", ")
	}
	return s + "; no improvement action closes it yet"
}

// raiseRisk saves the draft, creates the risk finding i raises and opens
// it in the Risks section.
func (e *exerciseEditor) raiseRisk(i int) {
	e.flush()
	if e.dirty {
		e.app.showError(risk.Errorf(risk.EINVALID, "Save the exercise first: %s", strings.TrimPrefix(e.banner.Text, "Not saved yet: ")))
		return
	}
	r, err := e.store.RaiseRiskFromFinding(context.Background(), e.draft.ID, i)
	if err != nil {
		e.app.showError(err)
		return
	}
	e.draft.Findings[i].Risk = r.Ref
	e.draft.Updated = r.Updated
	e.fillFindings()
	e.showDerived()
	e.risks = append(e.risks, r)
	e.onSaved(e.draft.Clone())
	e.app.notify(fmt.Sprintf("Raised %s from finding %d of %s. Score it, name its owner and plan its treatment.", r.Ref, i+1, e.draft.Ref))
	e.app.showRisk(r.ID)
}

func (e *exerciseEditor) openRisk(ref string) {
	e.leaveFor(func() {
		if !e.app.openRef(ref, nil, e.risks) {
			e.app.notify("Risk " + ref + " is not in the register any more.")
		}
	})
}

// fillActions rebuilds the improvement action rows from the draft.
func (e *exerciseEditor) fillActions() {
	e.fillRows(e.actionBox, "actions", len(e.draft.Actions), e.actionRow,
		"No improvement action yet. For each finding, say what will be done, by whom and by when.")
}

func (e *exerciseEditor) actionRow(i int) fyne.CanvasObject {
	a := e.draft.Actions[i]
	key := func(field string) string { return fmt.Sprintf("actions[%d].%s", i, field) }
	title := e.entry(false, "What will be done", func(v string) { e.draft.Actions[i].Title = v })
	title.setQuietly(a.Title)
	owner := e.entry(false, "Who does it", func(v string) { e.draft.Actions[i].Owner = v })
	owner.setQuietly(a.Owner)
	due := e.dateField(func(d risk.Date) { e.draft.Actions[i].Due = d })
	due.setDate(a.Due)
	var statuses []string
	for _, s := range risk.ActionStatuses {
		statuses = append(statuses, string(s))
	}
	status := e.choice(statuses, func(j int) { e.draft.Actions[i].Status = risk.ActionStatuses[j] })
	status.Selected = string(a.Status)
	remove := rowButton(theme.DeleteIcon(), func() {
		removeRow(e, &e.draft.Actions, i, e.fillActions)
		e.fillFindings()
	})
	m := e.messages
	return container.NewVBox(formOf(
		m.row("Action", container.NewBorder(nil, nil, nil, remove, title), key("title")),
		m.row("Closes", e.closesField(i), key("findings")),
		m.row("Owner", owner, key("owner")),
		m.row("Due", due, key("due")),
		m.row("Status", status, key("status")),
	), widget.NewSeparator())
}

// closesField is the findings improvement action i closes, one check box
// per finding of the exercise.
func (e *exerciseEditor) closesField(i int) fyne.CanvasObject {
	if len(e.draft.Findings) == 0 {
		return lowLabel("Record a finding first: an action closes findings.")
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
