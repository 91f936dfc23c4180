package app

import (
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"riskbook/bcp"
	"riskbook/risk"
)

// editorChoices are the suggestions the editor offers.
type editorChoices struct {
	owners     []string
	categories []string
	bia        *bcp.BIA // what a risk can threaten; nil before it is loaded
}

// riskEditor edits one risk. Every change is saved at once (text when the
// field is left or typing pauses); a change that breaks a blocking rule is
// kept on screen with the rule's message and saved once it is fixed.
type riskEditor struct {
	store   RiskStore
	app     *App
	onSaved func(risk.Risk)
	onClose func()
	today   func() risk.Date

	criteria risk.Criteria
	controls []risk.Control
	draft    risk.Risk
	autosave

	heading       *widget.Label
	ref, title    *commitEntry
	category      *widget.SelectEntry
	owner         *widget.SelectEntry
	description   *commitEntry
	cause         *commitEntry
	vulnerability *commitEntry
	consequence   *commitEntry
	threatens     *refPicker
	bia           *bcp.BIA
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
	accDate       *widget.DateEntry
	accExpiry     *widget.DateEntry
	rationale     *commitEntry
	acceptance    *fyne.Container
	frequency     *widget.Select
	lastReview    *widget.DateEntry
	nextReview    *widget.Label
	status        *widget.Select
	source        *commitEntry
	confidence    *widget.Select
	meta          *widget.Label
	messages      map[string]*widget.Label
	root          fyne.CanvasObject
	scroll        *container.Scroll
}

func newRiskEditor(store RiskStore, a *App, onSaved func(risk.Risk), onClose func()) *riskEditor {
	e := &riskEditor{store: store, app: a, onSaved: onSaved, onClose: onClose,
		today: func() risk.Date { return risk.DateOf(time.Now()) }, messages: map[string]*widget.Label{}}
	e.build()
	return e
}

func (e *riskEditor) view() fyne.CanvasObject { return e.root }

// text makes a text field bound to one string of the draft.
func (e *riskEditor) text(multiLine bool, field func(*risk.Risk) *string) *commitEntry {
	entry := newCommitEntry(multiLine, e.flush)
	entry.OnChanged = func(v string) {
		*field(&e.draft) = v
		e.edited(false)
	}
	return entry
}

func (e *riskEditor) suggest(field func(*risk.Risk) *string) *widget.SelectEntry {
	s := widget.NewSelectEntry(nil)
	s.OnChanged = func(v string) {
		if e.loading {
			return
		}
		*field(&e.draft) = v
		e.edited(false)
	}
	s.OnSubmitted = func(string) { e.flush() }
	return s
}

func (e *riskEditor) choice(options []string, set func(string)) *widget.Select {
	return widget.NewSelect(options, func(v string) {
		if e.loading {
			return
		}
		set(v)
		e.edited(true)
	})
}

func (e *riskEditor) date(set func(risk.Date)) *widget.DateEntry {
	d := widget.NewDateEntry()
	d.OnChanged = func(t *time.Time) {
		if e.loading {
			return
		}
		if t == nil {
			set(risk.Date{})
		} else {
			set(risk.DateOf(*t))
		}
		e.edited(true)
	}
	return d
}

func (e *riskEditor) build() {
	e.heading = editorHeading()
	e.banner = widget.NewLabel("")
	e.banner.Wrapping = fyne.TextWrapWord
	e.banner.Importance = widget.DangerImportance
	e.banner.Hide()
	e.ref = e.text(false, func(r *risk.Risk) *string { return &r.Ref })
	e.title = e.text(false, func(r *risk.Risk) *string { return &r.Title })
	e.category = e.suggest(func(r *risk.Risk) *string { return &r.Category })
	e.owner = e.suggest(func(r *risk.Risk) *string { return &r.Owner })
	e.description = e.text(true, func(r *risk.Risk) *string { return &r.Description })
	e.cause = e.text(true, func(r *risk.Risk) *string { return &r.Cause })
	e.vulnerability = e.text(true, func(r *risk.Risk) *string { return &r.Vulnerability })
	e.consequence = e.text(true, func(r *risk.Risk) *string { return &r.Consequence })
	e.threatens = newRefPicker("Link an activity or resource (ACT-01, RES-04 or a word)",
		"Threatens no activity or resource of the BIA yet.", e.onThreatens)
	e.threatens.open = e.openThreatened
	e.inherent = newScorePicker(false, func(s risk.Score) { e.draft.Inherent = s; e.edited(true) })
	e.residual = newScorePicker(false, func(s risk.Score) { e.draft.Residual = s; e.edited(true) })
	e.target = newScorePicker(true, func(s risk.Score) { e.draft.Target = s; e.edited(true) })
	e.justification = e.text(true, func(r *risk.Risk) *string { return &r.Justification })
	e.justification.SetPlaceHolder("Only needed when the residual score is above the inherent one")
	e.effectiveness = e.choice(names(risk.Effectivenesses), func(v string) { e.draft.ControlEffectiveness = risk.Effectiveness(v) })
	e.controlList = container.NewVBox()
	e.controlPick = widget.NewSelectEntry(nil)
	e.controlPick.SetPlaceHolder("Link a control: type A.8.20 or a word of its title")
	e.controlPick.OnChanged = e.onControlPicked
	e.treatment = widget.NewRadioGroup(names(risk.Treatments), func(v string) {
		if e.loading {
			return
		}
		e.draft.Treatment = risk.Treatment(v)
		e.showAcceptance()
		e.edited(true)
	})
	e.treatment.Horizontal = true
	e.appetite = widget.NewLabel("")
	e.appetite.Wrapping = fyne.TextWrapWord
	e.actions = newActionList(e)
	e.approver = e.text(false, func(r *risk.Risk) *string { return &r.Acceptance.Approver })
	e.accDate = e.date(func(d risk.Date) { e.draft.Acceptance.Date = d })
	e.accExpiry = e.date(func(d risk.Date) { e.draft.Acceptance.Expiry = d })
	e.rationale = e.text(true, func(r *risk.Risk) *string { return &r.Acceptance.Rationale })
	e.frequency = e.choice(names(risk.Frequencies), func(v string) { e.draft.ReviewFrequency = risk.Frequency(v) })
	e.lastReview = e.date(func(d risk.Date) { e.draft.LastReview = d })
	e.nextReview = widget.NewLabel("")
	e.status = e.choice(names(risk.Statuses), func(v string) { e.draft.Status = risk.Status(v) })
	e.source = e.text(false, func(r *risk.Risk) *string { return &r.Source })
	var grades []string
	for _, c := range risk.Confidences {
		grades = append(grades, string(c)+" — "+risk.ConfidenceMeaning(c))
	}
	e.confidence = e.choice(grades, func(v string) { e.draft.Confidence = risk.Confidence(v[:1]) })
	e.meta = widget.NewLabel("")
	e.meta.Importance = widget.LowImportance
	e.meta.Wrapping = fyne.TextWrapWord

	reviewed := widget.NewButtonWithIcon("Reviewed today", theme.ConfirmIcon(), e.markReviewed)
	close := widget.NewButtonWithIcon("", theme.CancelIcon(), func() { e.onClose() })
	e.acceptance = e.form(
		e.row("Approver", e.approver, "acceptance.approver"),
		e.row("Approved on", e.accDate, "acceptance.date"),
		e.row("Expires on", e.accExpiry, "acceptance.expiry"),
		e.row("Rationale", e.rationale, "acceptance.rationale"),
	)
	scores := container.NewVBox(
		container.NewGridWithColumns(2,
			e.scoreBox("Inherent — before controls", e.inherent, "inherent"),
			e.scoreBox("Residual — with current controls", e.residual, "residual")),
		container.NewGridWithColumns(2, e.scoreBox("Target — after treatment", e.target, "target")))
	body := container.NewVBox(
		e.banner,
		e.messageFor(""),
		heading("Identification"),
		e.form(
			e.row("Reference", e.ref, "ref"),
			e.row("Title", e.title, "title"),
			e.row("Category", e.category, "category"),
			e.row("Owner", e.owner, "owner"),
			e.row("Description", e.description, "description"),
			e.row("Cause / threat", e.cause, "cause"),
			e.row("Vulnerability", e.vulnerability, "vulnerability"),
			e.row("Consequence", e.consequence, "consequence"),
			e.row("Threatens", e.threatens.view(), "threatens"),
		),
		heading("Analysis — click a cell to score"),
		scores,
		e.form(
			e.row("Justification", e.justification, "justification"),
			e.row("Controls", container.NewVBox(e.controlList, e.controlPick), "controls"),
			e.row("Effectiveness", e.effectiveness, "control_effectiveness"),
		),
		heading("Evaluation"),
		e.appetite,
		e.form(
			e.row("Source", e.source, "source"),
			e.row("Confidence", e.confidence, "confidence"),
		),
		heading("Treatment"),
		e.form(e.row("Option", e.treatment, "treatment")),
		e.actions.view(),
		e.messageFor("actions"),
		e.acceptance,
		heading("Monitoring"),
		e.form(
			e.row("Status", e.status, "status"),
			e.row("Review", e.frequency, "review_frequency"),
			e.row("Last reviewed", container.NewBorder(nil, nil, nil, reviewed, e.lastReview), "last_review"),
			e.row("Next review", e.nextReview, "next_review"),
		),
		e.meta,
	)
	e.scroll = container.NewVScroll(container.NewPadded(body))
	top := container.NewBorder(nil, widget.NewSeparator(), nil, close, e.heading)
	e.root = container.NewBorder(top, nil, nil, nil, e.scroll)
}

// formRow is a labelled field.
type formRow struct {
	label fyne.CanvasObject
	field fyne.CanvasObject
}

// form lays rows out with their labels in one aligned column.
func (e *riskEditor) form(rows ...formRow) *fyne.Container {
	var objs []fyne.CanvasObject
	for _, r := range rows {
		objs = append(objs, r.label, r.field)
	}
	return container.New(layout.NewFormLayout(), objs...)
}

func heading(text string) fyne.CanvasObject {
	l := widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	l.SizeName = theme.SizeNameSubHeadingText
	return container.NewVBox(widget.NewSeparator(), l)
}

// row pairs a label with a field and the place for its rule messages.
func (e *riskEditor) row(label string, field fyne.CanvasObject, key string) formRow {
	l := widget.NewLabel(label)
	l.Alignment = fyne.TextAlignTrailing
	return formRow{l, container.NewVBox(field, e.messageFor(key))}
}

func (e *riskEditor) scoreBox(label string, p *scorePicker, key string) fyne.CanvasObject {
	return container.NewVBox(widget.NewLabelWithStyle(label, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), p.view(), e.messageFor(key))
}

// messageFor returns the label where findings about a field appear.
func (e *riskEditor) messageFor(key string) *widget.Label {
	if l, ok := e.messages[key]; ok {
		return l
	}
	l := widget.NewLabel("")
	l.Wrapping = fyne.TextWrapWord
	l.Hide()
	e.messages[key] = l
	return l
}

func names[T ~string](vs []T) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = string(v)
	}
	return out
}

// show loads a risk into the editor.
func (e *riskEditor) show(r risk.Risk, c risk.Criteria, controls []risk.Control, ch editorChoices) {
	if e.dirty && e.draft.ID == r.ID {
		// A reload while an edit is pending keeps the edit.
		e.criteria, e.controls, e.bia = c, controls, ch.bia
		return
	}
	e.stopTimer()
	e.loading = true
	defer func() { e.loading = false }()
	e.draft, e.dirty = r.Clone(), false
	e.criteria, e.controls = c, controls
	e.banner.Hide()
	e.category.SetOptions(ch.categories)
	e.owner.SetOptions(ch.owners)
	e.actions.owners = ch.owners
	var opts []string
	for _, ctl := range controls {
		opts = append(opts, ctl.ID+" "+ctl.Title)
	}
	e.controlPick.SetOptions(opts)
	e.bia = ch.bia
	e.fill()
	e.scroll.ScrollToTop()
}

// fill sets every widget from the draft.
func (e *riskEditor) fill() {
	r := &e.draft
	e.heading.SetText(r.Ref + " — " + r.Title)
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
	selectQuietly(e.effectiveness, string(r.ControlEffectiveness))
	e.treatment.SetSelected(string(r.Treatment))
	setDate(e.accDate, r.Acceptance.Date)
	setDate(e.accExpiry, r.Acceptance.Expiry)
	setDate(e.lastReview, r.LastReview)
	selectQuietly(e.frequency, string(r.ReviewFrequency))
	selectQuietly(e.status, string(r.Status))
	grade := ""
	if r.Confidence != "" {
		grade = string(r.Confidence) + " — " + risk.ConfidenceMeaning(r.Confidence)
	}
	selectQuietly(e.confidence, grade)
	e.fillControls()
	e.threatens.set(r.Threatens, e.threatOptions())
	e.actions.fill(r.Actions)
	e.showAcceptance()
	e.showDerived()
	e.validate()
}

func setDate(d *widget.DateEntry, v risk.Date) {
	if v.IsZero() {
		d.SetDate(nil)
		return
	}
	t := time.Date(v.Year, v.Month, v.Day, 0, 0, 0, 0, time.Local)
	d.SetDate(&t)
}

// showDerived updates what follows from the draft: levels, appetite, next
// review, timestamps.
func (e *riskEditor) showDerived() {
	r := &e.draft
	e.heading.SetText(r.Ref + " — " + r.Title)
	r.NextReview = risk.NextReview(r.LastReview, risk.DateOf(r.Created), r.ReviewFrequency)
	next := r.NextReview.String()
	if next == "" {
		next = "—"
	} else if r.NextReview.Before(e.today()) {
		next += "  (overdue)"
	}
	e.nextReview.SetText(next)
	appetite, _ := e.criteria.Level(e.criteria.Appetite)
	res, ok := e.criteria.LevelOf(r.Residual)
	switch {
	case !ok:
		e.appetite.SetText("Score the residual risk to compare it with the appetite (" + appetite.Label + ").")
		e.appetite.Importance = widget.MediumImportance
	case res.Rank > e.criteria.Appetite:
		e.appetite.SetText(fmt.Sprintf("Residual level %s is above the risk appetite (%s): it needs treatment actions or a formal acceptance.", res.Label, appetite.Label))
		e.appetite.Importance = widget.WarningImportance
	default:
		e.appetite.SetText(fmt.Sprintf("Residual level %s is within the risk appetite (%s).", res.Label, appetite.Label))
		e.appetite.Importance = widget.SuccessImportance
	}
	e.appetite.Refresh()
	e.meta.SetText(fmt.Sprintf("Created %s · last changed %s", localTime(r.Created), localTime(r.Updated)))
}

func localTime(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.Local().Format("2006-01-02 15:04")
}

func (e *riskEditor) showAcceptance() {
	if e.draft.Treatment == risk.Accept || e.draft.Status == risk.Accepted || !e.draft.Acceptance.IsZero() {
		e.acceptance.Show()
	} else {
		e.acceptance.Hide()
	}
}

// edited records a change to the draft: check it, and save now (choices,
// clicks) or after a pause in typing.
func (e *riskEditor) edited(now bool) {
	if e.loading {
		return
	}
	e.dirty = true
	e.showDerived()
	e.validate()
	e.schedule(now, e.flush)
}

// validate shows the rules' findings next to their fields.
func (e *riskEditor) validate() []risk.Finding {
	check := e.draft.Clone()
	check.Normalize()
	findings := risk.Check(&check, &e.criteria, e.today())
	byField := map[string][]risk.Finding{}
	for _, f := range findings {
		key := f.Field
		if strings.HasPrefix(key, "actions[") {
			key = "actions"
		}
		if _, ok := e.messages[key]; !ok {
			key = ""
		}
		byField[key] = append(byField[key], f)
	}
	for key, l := range e.messages {
		fs := byField[key]
		if len(fs) == 0 {
			l.Hide()
			continue
		}
		var lines []string
		l.Importance = widget.MediumImportance
		for _, f := range fs {
			lines = append(lines, "• "+capitalise(f.Message)+".")
			switch {
			case f.Severity == risk.SeverityError:
				l.Importance = widget.DangerImportance
			case f.Severity == risk.SeverityWarning && l.Importance != widget.DangerImportance:
				l.Importance = widget.WarningImportance
			}
		}
		l.SetText(strings.Join(lines, "\n"))
		l.Show()
	}
	return findings
}

func capitalise(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// flush saves the draft if it changed and breaks no blocking rule.
func (e *riskEditor) flush() {
	saveDraft(&e.autosave, e.draft.ID, nil, e.validate,
		func() risk.Risk { return e.draft.Clone() }, e.store.UpdateRisk,
		func(r risk.Risk) {
			e.draft.Updated, e.draft.NextReview = r.Updated, r.NextReview
			for i := range r.Actions {
				e.draft.Actions[i].ID = r.Actions[i].ID
			}
			e.showDerived()
			e.onSaved(r)
		})
}

func (e *riskEditor) focusTitle() { e.app.win.Canvas().Focus(e.title) }

func (e *riskEditor) markReviewed() {
	e.draft.LastReview = e.today()
	e.loading = true
	setDate(e.lastReview, e.draft.LastReview)
	e.loading = false
	e.edited(true)
}

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
		none := widget.NewLabel("No control linked yet.")
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
	e.loading = true
	e.controlPick.SetText("")
	e.loading = false
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
		out = append(out, refOption{Ref: a.Ref, Name: a.Name, Detail: "activity"})
	}
	for _, r := range e.bia.Resources {
		out = append(out, refOption{Ref: r.Ref, Name: r.Name, Detail: kindSingular(r.Kind)})
	}
	return out
}

func (e *riskEditor) onThreatens(refs []string) {
	if e.loading {
		return
	}
	e.draft.Threatens = refs
	e.edited(true)
}

// openThreatened opens an activity or resource the risk threatens, saving
// the risk first.
func (e *riskEditor) openThreatened(ref string) {
	if e.bia == nil {
		return
	}
	for _, a := range e.bia.Activities {
		if strings.EqualFold(a.Ref, ref) {
			e.flush()
			e.app.showActivity(a.ID)
			return
		}
	}
	for _, r := range e.bia.Resources {
		if strings.EqualFold(r.Ref, ref) {
			e.flush()
			e.app.showResource(r.ID)
			return
		}
	}
}
