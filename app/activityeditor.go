package app

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"riskbook/app/widgets"
	"riskbook/bcp"
	"riskbook/risk"
)

// activityWriter is what the activity editor writes through.
type activityWriter interface {
	UpdateActivity(ctx context.Context, a *bcp.Activity) error
}

// activityEditor edits one activity like the risk editor edits a risk:
// choices and grid clicks are saved at once, text when the field is left or
// typing pauses; an edit that breaks a blocking rule stays on screen with a
// banner and is saved once fixed.
type activityEditor struct {
	store    activityWriter
	app      *App
	onSaved  func(bcp.Activity)
	onClose  func()
	onDelete func()
	today    func() risk.Date

	bia   *bcp.BIA // as loaded: the other activities, the resources, the criteria
	draft bcp.Activity
	autosave

	heading     *widget.Label
	name        *commitEntry
	owner       *widget.SelectEntry
	priority    *widget.Select
	description *commitEntry
	peak        *commitEntry
	grid        *widgets.ImpactGrid
	mtpd        *widget.Label
	override    *durationField
	reason      *commitEntry
	rto, rpo    *durationField
	mbco        *commitEntry
	approved    *widget.DateEntry
	upstream    *refPicker
	resources   *refPicker
	threats     *fyne.Container
	meta        *widget.Label
	messages    *fieldMessages
	scroll      *container.Scroll
	root        fyne.CanvasObject
}

func newActivityEditor(store activityWriter, a *App, onSaved func(bcp.Activity), onClose, onDelete func()) *activityEditor {
	e := &activityEditor{store: store, app: a, onSaved: onSaved, onClose: onClose, onDelete: onDelete,
		today: func() risk.Date { return risk.DateOf(time.Now()) }, messages: newFieldMessages("MTPD set by hand")}
	e.build()
	return e
}

func (e *activityEditor) view() fyne.CanvasObject { return e.root }

// text makes a text field bound to one string of the draft.
func (e *activityEditor) text(multiLine bool, field func(*bcp.Activity) *string) *commitEntry {
	entry := newCommitEntry(multiLine, e.flush)
	entry.OnChanged = func(v string) {
		*field(&e.draft) = v
		e.edited(false)
	}
	return entry
}

func (e *activityEditor) duration(placeholder string, field func(*bcp.Activity) *bcp.Duration) *durationField {
	return newDurationField(placeholder, func() { e.edited(false) },
		func(d bcp.Duration) { *field(&e.draft) = d; e.showMTPD() }, e.flush)
}

func (e *activityEditor) build() {
	e.heading = editorHeading()
	e.banner = fieldErrorLabel()
	e.name = e.text(false, func(a *bcp.Activity) *string { return &a.Name })
	e.owner = widget.NewSelectEntry(nil)
	e.owner.OnChanged = func(v string) {
		if !e.loading {
			e.draft.Owner = v
			e.edited(false)
		}
	}
	e.owner.OnSubmitted = func(string) { e.flush() }
	e.priority = widget.NewSelect(nil, e.onPriority)
	e.priority.PlaceHolder = "Not ranked"
	e.description = e.text(true, func(a *bcp.Activity) *string { return &a.Description })
	e.peak = e.text(false, func(a *bcp.Activity) *string { return &a.PeakPeriods })
	e.peak.SetPlaceHolder("When a disruption would hurt most, e.g. month-end billing")
	e.grid = widgets.NewImpactGrid(e.onImpact)
	e.mtpd = wrapLabel("")
	e.mtpd.TextStyle = fyne.TextStyle{Bold: true}
	e.override = e.duration("Leave empty to use the MTPD from the impacts", func(a *bcp.Activity) *bcp.Duration { return &a.MTPDOverride })
	e.reason = e.text(true, func(a *bcp.Activity) *string { return &a.MTPDReason })
	e.reason.SetMinRowsVisible(2)
	e.reason.SetPlaceHolder("Why the MTPD differs from what the impacts give")
	e.rto = e.duration("How soon it must run again, e.g. 4 h", func(a *bcp.Activity) *bcp.Duration { return &a.RTO })
	e.rpo = e.duration("How much data may be lost, e.g. 15 min", func(a *bcp.Activity) *bcp.Duration { return &a.RPO })
	e.mbco = e.text(true, func(a *bcp.Activity) *string { return &a.MBCO })
	e.mbco.SetMinRowsVisible(2)
	e.mbco.SetPlaceHolder("The minimum service to run at during a disruption")
	e.approved = widget.NewDateEntry()
	e.approved.OnChanged = func(t *time.Time) {
		if !e.loading {
			e.draft.Approved = dateOf(t)
			e.edited(true)
		}
	}
	approvedToday := widget.NewButtonWithIcon("Approved today", theme.ConfirmIcon(), e.markApproved)
	e.upstream = newRefPicker("Add an activity this one needs", "Needs no other activity.", func(refs []string) {
		e.draft.Upstream = refs
		e.edited(true)
	})
	e.upstream.open = e.openActivity
	e.resources = newRefPicker("Add a person, site, system, supplier or equipment", "No resource recorded yet.", func(refs []string) {
		e.draft.Resources = refs
		e.edited(true)
	})
	e.resources.open = e.openResource
	e.threats = container.NewVBox()
	e.meta = widget.NewLabel("")
	e.meta.Importance = widget.LowImportance

	m := e.messages
	body := container.NewVBox(

		m.label(""),
		formOf(
			m.row("Name", e.name, "name"),
			m.row("Owner", e.owner, "owner"),
			m.row("Priority", e.priority, "priority"),
			m.row("Description", e.description, "description"),
			m.row("Peak periods", e.peak, "peak_periods"),
		),
		heading("Impact over time"),
		wrapLabel("How bad a disruption of this activity gets as it lasts. Click a cell to raise its severity; right-click to choose one."),
		// Not in a scroll of its own: it would take the mouse wheel from the
		// editor whenever the pointer crosses the grid.
		e.grid,
		e.mtpd,
		m.label("impacts"),
		heading("Recovery"),
		formOf(
			m.row("MTPD set by hand", e.override.view(), "mtpd_override"),
			m.row("Reason", e.reason, "mtpd_reason"),
			m.row("RTO", e.rto.view(), "rto"),
			m.row("RPO", e.rpo.view(), "rpo"),
			m.row("MBCO", e.mbco, "mbco"),
			m.row("Approved on", container.NewBorder(nil, nil, nil, approvedToday, e.approved), "approved"),
		),
		heading("Dependencies"),
		formOf(
			m.row("Upstream", e.upstream.view(), "upstream"),
			m.row("Resources", e.resources.view(), "resources"),
		),
		heading("Threatened by"),
		e.threats,
		e.meta,
	)
	e.scroll, e.root = editorFrame(e.heading, e.banner, body, func() { e.onDelete() }, func() { e.onClose() })
}

// show loads an activity into the editor, with the BIA it belongs to and
// the risks that threaten it. A reload while an edit of the same activity
// is pending keeps the edit.
func (e *activityEditor) show(a bcp.Activity, b *bcp.BIA, threats []linkedRisk) {
	e.bia = b
	e.fillThreats(threats)
	if e.dirty && e.draft.ID == a.ID {
		e.fillChoices()
		e.validate()
		return
	}
	e.stopTimer()
	e.loading = true
	defer func() { e.loading = false }()
	e.draft, e.dirty = cloneActivity(a), false
	e.banner.Hide()
	e.fill()
	e.scroll.ScrollToTop()
}

// fill sets every widget from the draft.
func (e *activityEditor) fill() {
	a := &e.draft
	e.name.setQuietly(a.Name)
	e.description.setQuietly(a.Description)
	e.peak.setQuietly(a.PeakPeriods)
	e.reason.setQuietly(a.MTPDReason)
	e.mbco.setQuietly(a.MBCO)
	e.owner.SetText(a.Owner)
	e.override.set(a.MTPDOverride)
	e.rto.set(a.RTO)
	e.rpo.set(a.RPO)
	setDate(e.approved, a.Approved)
	e.grid.Set(e.bia.Settings, a.Impacts)
	e.fillChoices()
	e.showDerived()
	e.validate()
}

// fillChoices sets what depends on the rest of the BIA: the owners to
// suggest, the priority ranks, and what can be linked.
func (e *activityEditor) fillChoices() {
	var owners []string
	var upstream, resources []refOption
	for _, o := range e.bia.Activities {
		owners = appendUnique(owners, o.Owner)
		if o.ID != e.draft.ID {
			upstream = append(upstream, refOption{Ref: o.Ref, Name: o.Name})
		}
	}
	for _, r := range e.bia.Resources {
		resources = append(resources, refOption{Ref: r.Ref, Name: r.Name, Detail: bcp.KindName(r.Kind)})
	}
	slices.Sort(owners)
	e.owner.SetOptions(owners)
	ranks := []string{"Not ranked"}
	for i := 1; i <= max(10, len(e.bia.Activities), e.draft.Priority); i++ {
		ranks = append(ranks, strconv.Itoa(i))
	}
	e.priority.Options = ranks
	selectQuietly(e.priority, priorityLabel(e.draft.Priority))
	e.upstream.set(e.draft.Upstream, upstream)
	e.resources.set(e.draft.Resources, resources)
}

func priorityLabel(p int) string {
	if p < 1 {
		return "Not ranked"
	}
	return strconv.Itoa(p)
}

func (e *activityEditor) onPriority(v string) {
	if e.loading {
		return
	}
	e.draft.Priority, _ = strconv.Atoi(v) // "Not ranked" is 0
	e.edited(true)
}

// onImpact records a clicked cell; the MTPD beside the grid follows at once.
func (e *activityEditor) onImpact(category string, horizon, severity int) {
	if e.loading {
		return
	}
	e.draft.SetSeverity(category, horizon, severity)
	e.showMTPD()
	e.edited(true)
}

// fillThreats lists the risks that threaten the activity, each opening it.
func (e *activityEditor) fillThreats(threats []linkedRisk) {
	fillRiskLinks(e.threats, threats, "No risk names this activity yet. Link it from a risk's editor on the Risks screen (Threatens).",
		func(id int64) { e.flush(); e.app.showRisk(id) })
}

// showDerived updates what follows from the draft.
func (e *activityEditor) showDerived() {
	e.heading.SetText(e.draft.Ref + " — " + e.draft.Name)
	e.showMTPD()
	e.meta.SetText(fmt.Sprintf("Created %s · last changed %s", localTime(e.draft.Created), localTime(e.draft.Updated)))
}

func (e *activityEditor) showMTPD() {
	e.mtpd.SetText(mtpdText(&e.draft, &e.bia.Settings))
}

// mtpdText says what the MTPD is and where it comes from: "MTPD 4 h — DNS
// and operational stability reaches Major at 4 h".
func mtpdText(a *bcp.Activity, s *bcp.Settings) string {
	derived, ok := a.DerivedMTPD(s)
	why := ""
	for h := range s.Horizons {
		for _, c := range s.Categories {
			if v := a.Severity(c, h); ok && why == "" && v >= s.Intolerable && v <= len(s.Severities) {
				why = fmt.Sprintf("%s reaches %s at %s", c, s.Severities[v-1].Label, s.Horizons[h])
			}
		}
	}
	intolerable := "the intolerable level"
	if s.Intolerable >= 1 && s.Intolerable <= len(s.Severities) {
		intolerable = s.Severities[s.Intolerable-1].Label
	}
	switch {
	case a.MTPDOverride > 0 && ok:
		return fmt.Sprintf("MTPD %s, set by hand; the impacts give %s (%s)", a.MTPDOverride, derived, why)
	case a.MTPDOverride > 0:
		return fmt.Sprintf("MTPD %s, set by hand; no impact in the grid reaches %s", a.MTPDOverride, intolerable)
	case ok:
		return fmt.Sprintf("MTPD %s — %s", derived, why)
	case !assessed(a):
		return "No MTPD yet: fill in the grid to find when a disruption becomes intolerable."
	case len(s.Horizons) > 0:
		return fmt.Sprintf("No MTPD: no impact reaches %s within %s. Check the grid, or set the MTPD by hand.", intolerable, s.Horizons[len(s.Horizons)-1])
	}
	return "No MTPD."
}

func assessed(a *bcp.Activity) bool {
	for _, im := range a.Impacts {
		if slices.ContainsFunc(im.Severities, func(v int) bool { return v > 0 }) {
			return true
		}
	}
	return false
}

// edited records a change: check it, and save now or after a pause.
func (e *activityEditor) edited(now bool) {
	if e.loading {
		return
	}
	e.dirty = true
	e.heading.SetText(e.draft.Ref + " — " + e.draft.Name)
	e.validate()
	e.schedule(now, e.flush)
}

// findings checks the draft against the BIA rules, in the BIA it belongs
// to, and keeps those about this activity.
func (e *activityEditor) findings() []risk.Finding {
	b := *e.bia
	b.Activities = slices.Clone(e.bia.Activities)
	draft := cloneActivity(e.draft)
	draft.Normalize()
	for i := range b.Activities {
		if b.Activities[i].ID == draft.ID {
			b.Activities[i] = draft
		}
	}
	return findingsAbout(bcp.Check(&b, e.today()), draft.Ref)
}

func (e *activityEditor) validate() []risk.Finding {
	fs := e.findings()
	e.messages.show(fs)
	return fs
}

// flush saves the draft if it changed and breaks no blocking rule.
func (e *activityEditor) flush() {
	commit := func() {
		for _, f := range []*durationField{e.override, e.rto, e.rpo} {
			f.commit()
		}
	}
	saveDraft(&e.autosave, e.draft.ID, commit, e.validate,
		func() bcp.Activity { return cloneActivity(e.draft) }, e.store.UpdateActivity,
		func(a bcp.Activity) {
			e.draft.Updated = a.Updated
			e.showDerived()
			e.onSaved(a)
		})
}

// focusName puts the cursor in the name with the placeholder name selected,
// so typing replaces it.
func (e *activityEditor) focusName() {
	focusSelected(e.app.win.Canvas(), e.name)
}

func (e *activityEditor) markApproved() {
	e.draft.Approved = e.today()
	e.loading = true
	setDate(e.approved, e.draft.Approved)
	e.loading = false
	e.edited(true)
}

func (e *activityEditor) openActivity(ref string) {
	for _, a := range e.bia.Activities {
		if strings.EqualFold(a.Ref, ref) {
			e.flush()
			e.app.showActivity(a.ID)
		}
	}
}

func (e *activityEditor) openResource(ref string) {
	for _, r := range e.bia.Resources {
		if strings.EqualFold(r.Ref, ref) {
			e.flush()
			e.app.showResource(r.ID)
		}
	}
}

// cloneActivity copies a with its own slices, so a draft never shares
// memory with the loaded BIA.
func cloneActivity(a bcp.Activity) bcp.Activity {
	c := a
	c.Upstream = slices.Clone(a.Upstream)
	c.Resources = slices.Clone(a.Resources)
	c.Impacts = nil
	for _, im := range a.Impacts {
		c.Impacts = append(c.Impacts, bcp.Impact{Category: im.Category, Severities: slices.Clone(im.Severities)})
	}
	return c
}
