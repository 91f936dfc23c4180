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

// editorChoices are the suggestions the editor offers.
type editorChoices struct {
	owners     []string
	categories []string
	bia        *bcp.BIA // what a risk can threaten; nil before it is loaded
}

// riskEditor edits one risk with the shared editor machinery
// (draftEditor): every change is saved at once (text when the field is left
// or typing pauses); a change that breaks a blocking rule is kept on screen
// with the rule's message and saved once it is fixed.
type riskEditor struct {
	draftEditor[risk.Risk]
	store    RiskStore
	app      *App
	onDelete func()
	onClose  func()

	criteria risk.Criteria
	controls []risk.Control
	bia      *bcp.BIA // what a risk can threaten; nil before it is loaded
	choices  editorChoices

	ref, title    *commitEntry
	category      *widget.SelectEntry
	owner         *widget.SelectEntry
	identified    *dateEntry
	description   *commitEntry
	cause         *commitEntry
	vulnerability *commitEntry
	consequence   *commitEntry
	threatens     *refPicker
	inherent      *scorePicker
	residual      *scorePicker
	target        *scorePicker
	justification *commitEntry
	effectiveness *widget.Select
	controlList   *fyne.Container
	controlPick   *widget.SelectEntry
	treatment     *widget.RadioGroup
	appetite      *widget.Label
	actions       *actionList
	approver      *commitEntry
	accDate       *dateEntry
	accExpiry     *dateEntry
	rationale     *commitEntry
	acceptance    *fyne.Container
	frequency     *widget.Select
	lastReview    *dateEntry
	nextReview    *widget.Label
	status        *widget.Select
	source        *commitEntry
	confidence    *widget.Select
}

func newRiskEditor(store RiskStore, a *App, onSaved func(risk.Risk), onClose, onDelete func()) *riskEditor {
	e := &riskEditor{store: store, app: a, onClose: onClose, onDelete: onDelete}
	e.init(draftSpec[risk.Risk]{
		dates: a.dates,
		key:   func(r *risk.Risk) any { return r.ID },
		clone: risk.Risk.Clone,
		title: func(r *risk.Risk) string { return r.Ref + " — " + r.Title },
		stamps: func(r *risk.Risk) (time.Time, time.Time) {
			return r.Created, r.Updated
		},
		check: func(r risk.Risk) []risk.Finding {
			r.Normalize()
			return risk.Check(&r, &e.criteria, e.today())
		},
		fill:    e.fill,
		refresh: e.fillChoices,
		derived: e.showEvaluation,
		store:   func(ctx context.Context, r *risk.Risk) error { return store.UpdateRisk(ctx, r) },
		copyBack: func(draft *risk.Risk, stored risk.Risk) {
			draft.Updated, draft.NextReview = stored.Updated, stored.NextReview
			for i := range stored.Actions {
				draft.Actions[i].ID = stored.Actions[i].ID
			}
		},
		stamp:    func(x *risk.Risk) *time.Time { return &x.Updated },
		awaiting: a.awaitChoice,
		onSaved:  onSaved,
		ref:      func(x *risk.Risk) string { return x.Ref },
		history:  a.showHistory,
	}, i18n.T("risks.field.cause"), i18n.T("risks.field.effectiveness"), i18n.T("risks.field.justification"), i18n.T("risks.field.last_reviewed"), i18n.T("risks.field.vulnerability"), i18n.T("risks.field.consequence"))
	e.build()
	return e
}

func (e *riskEditor) build() {
	x := &e.draft
	e.ref = e.entry(false, "", func(v string) { x.Ref = v })
	e.title = e.entry(false, "", func(v string) { x.Title = v })
	e.category = e.suggest("", func(v string) { x.Category = v })
	e.owner = e.suggest("", func(v string) { x.Owner = v })
	e.identified = e.dateField(func(d risk.Date) { x.Identified = d })
	e.description = e.entry(true, "", func(v string) { x.Description = v })
	e.cause = e.entry(true, "", func(v string) { x.Cause = v })
	e.vulnerability = e.entry(true, "", func(v string) { x.Vulnerability = v })
	e.consequence = e.entry(true, "", func(v string) { x.Consequence = v })
	e.threatens = e.links(i18n.T("risks.threatens.hint"),
		i18n.T("risks.threatens.none"), func(refs []string) { x.Threatens = refs })
	e.threatens.open = e.openThreatened
	e.inherent = newScorePicker(false, func(s risk.Score) { x.Inherent = s; e.edited(true) })
	e.residual = newScorePicker(false, func(s risk.Score) { x.Residual = s; e.edited(true) })
	e.target = newScorePicker(true, func(s risk.Score) { x.Target = s; e.edited(true) })
	e.justification = e.entry(true, i18n.T("risks.justification.hint"), func(v string) { x.Justification = v })
	e.effectiveness = e.choice(fixedNames("effectiveness", risk.Effectivenesses), fixedShown("effectiveness"), func(i int) { x.ControlEffectiveness = risk.Effectivenesses[i] })
	e.controlList = container.NewVBox()
	e.controlPick = widget.NewSelectEntry(nil)
	e.controlPick.SetPlaceHolder(i18n.T("risks.controls.hint"))
	e.controlPick.OnChanged = e.onControlPicked
	e.treatment = e.radio(fixedNames("treatment", risk.Treatments), fixedShown("treatment"), func(i int) {
		x.Treatment = risk.Treatments[i]
		e.showAcceptance()
	})
	e.treatment.Horizontal = false // four choices do not fit a narrow editor side by side
	e.appetite = wrapLabel("")
	e.actions = newActionList(e)
	e.approver = e.entry(false, "", func(v string) { x.Acceptance.Approver = v })
	e.accDate = e.dateField(func(d risk.Date) { x.Acceptance.Date = d })
	e.accExpiry = e.dateField(func(d risk.Date) { x.Acceptance.Expiry = d })
	e.rationale = e.entry(true, "", func(v string) { x.Acceptance.Rationale = v })
	e.frequency = e.choice(fixedNames("frequency", risk.Frequencies), fixedShown("frequency"), func(i int) { x.ReviewFrequency = risk.Frequencies[i] })
	e.lastReview = e.dateField(func(d risk.Date) { x.LastReview = d })
	reviewed := e.todayButton(i18n.T("risks.reviewed_today"), e.lastReview, func(d risk.Date) { x.LastReview = d })
	e.nextReview = widget.NewLabel("")
	e.messages.showsAs(e.nextReview, e.spec.dates.shown)
	e.status = e.choice(fixedNames("status", risk.Statuses), fixedShown("status"), func(i int) { x.Status = risk.Statuses[i] })
	e.source = e.entry(false, "", func(v string) { x.Source = v })
	var grades []string
	for _, c := range risk.Confidences {
		grades = append(grades, confidenceGrade(c))
	}
	e.confidence = e.choice(grades, func(v string) string { return confidenceGrade(risk.Confidence(v)) }, func(i int) { x.Confidence = risk.Confidences[i] })

	m := e.messages
	e.acceptance = formOf(
		m.row(i18n.T("risks.field.approver"), e.approver, "acceptance.approver"),
		m.row(i18n.T("risks.field.approved_on"), e.accDate, "acceptance.date"),
		m.row(i18n.T("risks.field.expires_on"), e.accExpiry, "acceptance.expiry"),
		m.row(i18n.T("risks.field.rationale"), e.rationale, "acceptance.rationale"),
	)
	// The matrices sit side by side when the editor is wide and fold
	// under each other when it is narrow.
	scores := newFlow(true,
		e.scoreBox(i18n.T("risks.score.inherent"), e.inherent, "inherent"),
		e.scoreBox(i18n.T("risks.score.residual"), e.residual, "residual"),
		e.scoreBox(i18n.T("risks.score.target"), e.target, "target"))
	body := container.NewVBox(
		m.label(""),
		heading(i18n.T("risks.heading.identification")),
		formOf(
			m.row(i18n.T("risks.field.reference"), e.ref, "ref"),
			m.row(i18n.T("risks.field.title"), e.title, "title"),
			m.row(i18n.T("risks.field.category"), e.category, "category"),
			m.row(i18n.T("risks.field.owner"), e.owner, "owner"),
			m.row(i18n.T("risks.field.identified"), e.identified, "identified"),
			m.row(i18n.T("risks.field.description"), e.description, "description"),
			m.row(i18n.T("risks.field.cause"), e.cause, "cause"),
			m.row(i18n.T("risks.field.vulnerability"), e.vulnerability, "vulnerability"),
			m.row(i18n.T("risks.field.consequence"), e.consequence, "consequence"),
			m.row(i18n.T("risks.field.threatens"), e.threatens.view(), "threatens"),
		),
		heading(i18n.T("risks.heading.analysis")),
		scores,
		formOf(
			m.row(i18n.T("risks.field.justification"), e.justification, "justification"),
			m.row(i18n.T("risks.field.controls"), container.NewVBox(e.controlList, e.controlPick), "controls"),
			m.row(i18n.T("risks.field.effectiveness"), e.effectiveness, "control_effectiveness"),
		),
		heading(i18n.T("risks.heading.evaluation")),
		e.appetite,
		formOf(
			m.row(i18n.T("risks.field.source"), e.source, "source"),
			m.row(i18n.T("risks.field.confidence"), e.confidence, "confidence"),
		),
		heading(i18n.T("risks.heading.treatment")),
		formOf(m.row(i18n.T("risks.field.option"), e.treatment, "treatment")),
		e.actions.view(),
		m.label("actions"),
		e.acceptance,
		heading(i18n.T("risks.heading.monitoring")),
		formOf(
			m.row(i18n.T("risks.field.status"), e.status, "status"),
			m.row(i18n.T("risks.field.review"), e.frequency, "review_frequency"),
			m.row(i18n.T("risks.field.last_reviewed"), dateAndButton(e.lastReview, reviewed), "last_review"),
			m.row(i18n.T("risks.field.next_review"), e.nextReview, "next_review"),
		),
		e.meta,
	)
	e.frame(body, func() { e.onDelete() }, func() { e.onClose() }, e.historyButton("risk"))
}

func (e *riskEditor) scoreBox(label string, p *scorePicker, key string) fyne.CanvasObject {
	title := widget.NewLabelWithStyle(label, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.Wrapping = fyne.TextWrapWord // no wider than its matrix, in any language
	e.messages.name(key+".likelihood", label+" — "+i18n.T("ui.matrix.likelihood"))
	e.messages.name(key+".consequence", label+" — "+i18n.T("ui.matrix.consequence"))
	// A score's levels by the names the matrix shows, with their numbers.
	e.messages.showsAt(key+".likelihood", scaleShown(func() []risk.ScaleLevel { return e.criteria.Likelihood }))
	e.messages.showsAt(key+".consequence", scaleShown(func() []risk.ScaleLevel { return e.criteria.Consequence }))
	return container.NewVBox(title, p.view(), e.messages.label(key))
}

// confidenceGrade is a confidence as the editor offers it: "B — strong".
func confidenceGrade(c risk.Confidence) string {
	if c == "" {
		return ""
	}
	return string(c) + " — " + risk.ConfidenceMeaning(c)
}

// show loads a risk into the editor with the criteria, the control catalog
// and the suggestions.
func (e *riskEditor) show(r risk.Risk, c risk.Criteria, controls []risk.Control, ch editorChoices) {
	e.criteria, e.controls, e.bia, e.choices = c, controls, ch.bia, ch
	e.load(r)
}

// fillChoices sets the suggestions and what can be linked.
func (e *riskEditor) fillChoices() {
	e.category.SetOptions(e.choices.categories)
	e.owner.SetOptions(e.choices.owners)
	e.actions.owners = e.choices.owners
	e.filterControlOptions("")
	e.threatens.set(e.draft.Threatens, e.threatOptions())
}

// fill sets every widget from the draft.
func (e *riskEditor) fill() {
	r := &e.draft
	for entry, v := range map[*commitEntry]string{e.ref: r.Ref, e.title: r.Title, e.description: r.Description,
		e.cause: r.Cause, e.vulnerability: r.Vulnerability, e.consequence: r.Consequence,
		e.justification: r.Justification, e.approver: r.Acceptance.Approver, e.rationale: r.Acceptance.Rationale,
		e.source: r.Source} {
		entry.setQuietly(v)
	}
	e.category.SetText(r.Category)
	e.owner.SetText(r.Owner)
	e.inherent.set(e.criteria, r.Inherent)
	e.residual.set(e.criteria, r.Residual)
	e.target.set(e.criteria, r.Target)
	selectQuietly(e.effectiveness, fixedName("effectiveness", r.ControlEffectiveness))
	e.treatment.SetSelected(fixedName("treatment", r.Treatment))
	e.accDate.setDate(r.Acceptance.Date)
	e.accExpiry.setDate(r.Acceptance.Expiry)
	e.lastReview.setDate(r.LastReview)
	e.identified.setDate(r.Identified)
	// Not set, it is the day the risk was recorded: say so.
	e.identified.SetPlaceHolder(e.spec.dates.placeholder())
	if r.Identified.IsZero() && !r.Created.IsZero() {
		e.identified.SetPlaceHolder(i18n.T("risks.identified.hint", i18n.Args{"Day": e.spec.dates.show(risk.DateOf(r.Created))}))
	}
	selectQuietly(e.frequency, fixedName("frequency", r.ReviewFrequency))
	selectQuietly(e.status, fixedName("status", r.Status))
	selectQuietly(e.confidence, confidenceGrade(r.Confidence))
	e.fillChoices()
	e.fillControls()
	e.actions.refill()
	e.showAcceptance()
}

// showEvaluation shows what follows from the draft: the next review and
// the residual level against the appetite.
func (e *riskEditor) showEvaluation() {
	r := &e.draft
	r.NextReview = risk.NextReview(r.LastReview, risk.DateOf(r.Created), r.ReviewFrequency)
	next := e.spec.dates.show(r.NextReview)
	if next == "" {
		next = "—"
	} else if r.NextReview.Before(e.today()) {
		next = i18n.T("risks.next_review.overdue", i18n.Args{"Day": next})
	}
	e.nextReview.SetText(next)
	appetite, _ := e.criteria.Level(e.criteria.Appetite)
	res, ok := e.criteria.LevelOf(r.Residual)
	switch {
	case !ok:
		e.appetite.SetText(i18n.T("risks.appetite.unscored", i18n.Args{"Appetite": appetite.Label}))
		e.appetite.Importance = widget.MediumImportance
	case res.Rank > e.criteria.Appetite:
		e.appetite.SetText(i18n.T("risks.appetite.above", i18n.Args{"Level": res.Label, "Appetite": appetite.Label}))
		e.appetite.Importance = widget.WarningImportance
	default:
		e.appetite.SetText(i18n.T("risks.appetite.within", i18n.Args{"Level": res.Label, "Appetite": appetite.Label}))
		e.appetite.Importance = widget.SuccessImportance
	}
	e.appetite.Refresh()
}

func (e *riskEditor) showAcceptance() {
	if e.draft.Treatment == risk.Accept || e.draft.Status == risk.Accepted || !e.draft.Acceptance.IsZero() {
		e.acceptance.Show()
	} else {
		e.acceptance.Hide()
	}
}

func (e *riskEditor) focusTitle() { e.app.win.Canvas().Focus(e.title) }

// fillControls lists the linked controls, each with a button to unlink it.
func (e *riskEditor) fillControls() {
	e.controlList.RemoveAll()
	titles := map[string]string{}
	for _, c := range e.controls {
		titles[c.ID] = c.Title
	}
	for _, id := range e.draft.Controls {
		label := widget.NewLabel(id + "  " + titles[id])
		label.Truncation = fyne.TextTruncateEllipsis
		unlink := widget.NewButtonWithIcon("", theme.ContentRemoveIcon(), func() { e.unlinkControl(id) })
		unlink.Importance = widget.LowImportance
		e.controlList.Add(container.NewBorder(nil, nil, nil, unlink, label))
	}
	if len(e.draft.Controls) == 0 {
		none := widget.NewLabel(i18n.T("risks.controls.none"))
		none.Importance = widget.LowImportance
		e.controlList.Add(none)
	}
}

// onControlPicked links the control chosen in the picker. Typing filters
// the suggestions; picking one of them links it.
func (e *riskEditor) onControlPicked(v string) {
	if e.loading {
		return
	}
	id, _, _ := strings.Cut(v, " ")
	for _, c := range e.controls {
		if c.ID == id && strings.HasPrefix(v, c.ID+" ") {
			e.linkControl(id)
			return
		}
	}
	e.filterControlOptions(v)
}

func (e *riskEditor) filterControlOptions(text string) {
	text = strings.ToLower(strings.TrimSpace(text))
	var opts []string
	for _, c := range e.controls {
		line := c.ID + " " + c.Title
		if text == "" || strings.Contains(strings.ToLower(line), text) {
			opts = append(opts, line)
		}
	}
	e.controlPick.SetOptions(opts)
}

func (e *riskEditor) linkControl(id string) {
	for _, c := range e.draft.Controls {
		if c == id {
			e.clearControlPick()
			return
		}
	}
	e.draft.Controls = append(e.draft.Controls, id)
	e.draft.Controls = sortedRefs(e.draft.Controls)
	e.clearControlPick()
	e.fillControls()
	e.edited(true)
}

func (e *riskEditor) clearControlPick() {
	e.quietly(func() { e.controlPick.SetText("") })
	e.filterControlOptions("")
}

func (e *riskEditor) unlinkControl(id string) {
	var keep []string
	for _, c := range e.draft.Controls {
		if c != id {
			keep = append(keep, c)
		}
	}
	e.draft.Controls = keep
	e.fillControls()
	e.edited(true)
}

// threatOptions lists the activities and resources a risk can threaten.
func (e *riskEditor) threatOptions() []refOption {
	if e.bia == nil {
		return nil
	}
	var out []refOption
	for _, a := range e.bia.Activities {
		out = append(out, refOption{Ref: a.Ref, Name: a.Name, Detail: i18n.T("risks.threatens.activity")})
	}
	for _, r := range e.bia.Resources {
		out = append(out, refOption{Ref: r.Ref, Name: r.Name, Detail: kindSingular(r.Kind)})
	}
	return out
}

// openThreatened opens an activity or resource the risk threatens, saving
// the risk first.
func (e *riskEditor) openThreatened(ref string) {
	e.leaveFor(func() { e.app.openRef(ref, e.bia, nil) })
}
