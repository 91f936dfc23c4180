package app

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"riskbook/app/widgets"
	"riskbook/bcp"
	"riskbook/risk"
)

// activityWriter is what the activity editor writes through.
type activityWriter interface {
	UpdateActivity(ctx context.Context, a *bcp.Activity) error
}

// activityEditor edits one activity with the shared editor machinery
// (draftEditor): choices and grid clicks are saved at once, text when the
// field is left or typing pauses; an edit that breaks a blocking rule stays
// on screen with a banner and is saved once fixed.
type activityEditor struct {
	draftEditor[bcp.Activity]
	app      *App
	onClose  func()
	onDelete func()

	bia *bcp.BIA // as loaded: the other activities, the resources, the criteria

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
	approved    *dateEntry
	upstream    *refPicker
	resources   *refPicker
	threats     *fyne.Container
}

func newActivityEditor(store activityWriter, a *App, onSaved func(bcp.Activity), onClose, onDelete func()) *activityEditor {
	e := &activityEditor{app: a, onClose: onClose, onDelete: onDelete}
	e.init(draftSpec[bcp.Activity]{
		dates:   a.dates,
		key:     func(a *bcp.Activity) any { return a.ID },
		clone:   bcp.Activity.Clone,
		title:   func(a *bcp.Activity) string { return a.Ref + " — " + a.Name },
		stamps:  func(a *bcp.Activity) (time.Time, time.Time) { return a.Created, a.Updated },
		check:   e.findings,
		fill:    e.fill,
		refresh: e.fillChoices,
		derived: e.showMTPD,
		commit: func() {
			for _, f := range []*durationField{e.override, e.rto, e.rpo} {
				f.commit()
			}
		},
		store:    store.UpdateActivity,
		copyBack: func(draft *bcp.Activity, stored bcp.Activity) { draft.Updated = stored.Updated },
		onSaved:  onSaved,
		ref:      func(x *bcp.Activity) string { return x.Ref },
		history:  a.showHistory,
	}, "MTPD set by hand")
	e.build()
	return e
}

// prose makes a text field of a few lines.
func (e *activityEditor) prose(placeholder string, set func(string)) *commitEntry {
	en := e.entry(true, placeholder, set)
	en.setRows(2)
	return en
}

func (e *activityEditor) build() {
	x := &e.draft
	e.name = e.entry(false, "", func(v string) { x.Name = v })
	e.owner = e.suggest("", func(v string) { x.Owner = v })
	// The ranks offered grow with the activities; the index of a rank is
	// the priority, "Not ranked" being 0.
	e.priority = e.choice(nil, func(i int) { x.Priority = i })
	e.priority.PlaceHolder = "Not ranked"
	e.description = e.entry(true, "", func(v string) { x.Description = v })
	e.peak = e.entry(false, "When a disruption would hurt most, e.g. month-end billing", func(v string) { x.PeakPeriods = v })
	e.grid = widgets.NewImpactGrid(e.onImpact)
	e.mtpd = wrapLabel("")
	e.mtpd.TextStyle = fyne.TextStyle{Bold: true}
	e.override = e.duration("Leave empty to use the MTPD from the impacts", func(d bcp.Duration) { x.MTPDOverride = d })
	e.reason = e.prose("Why the MTPD differs from what the impacts give", func(v string) { x.MTPDReason = v })
	e.rto = e.duration("How soon it must run again, e.g. 4 h", func(d bcp.Duration) { x.RTO = d })
	e.rpo = e.duration("How much data may be lost, e.g. 15 min", func(d bcp.Duration) { x.RPO = d })
	e.mbco = e.prose("The minimum service to run at during a disruption", func(v string) { x.MBCO = v })
	e.approved = e.dateField(func(d risk.Date) { x.Approved = d })
	approvedToday := e.todayButton("Approved today", e.approved, func(d risk.Date) { x.Approved = d })
	e.upstream = e.links("Add an activity this one needs", "Needs no other activity.", func(refs []string) { x.Upstream = refs })
	e.upstream.open = e.openRef
	e.resources = e.links("Add a person, site, system, supplier or equipment", "No resource recorded yet.", func(refs []string) { x.Resources = refs })
	e.resources.open = e.openRef
	e.threats = container.NewVBox()

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
			m.row("Approved on", dateAndButton(e.approved, approvedToday), "approved"),
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
	e.frame(body, func() { e.onDelete() }, func() { e.onClose() }, e.historyButton("activity"))
}

// show loads an activity into the editor, with the BIA it belongs to and
// the risks that threaten it. A reload while an edit of the same activity
// is pending keeps the edit.
func (e *activityEditor) show(a bcp.Activity, b *bcp.BIA, threats []linkedRisk) {
	e.bia = b
	e.fillThreats(threats)
	e.load(a)
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
	e.approved.setDate(a.Approved)
	e.grid.Set(e.bia.Settings, a.Impacts)
	e.fillChoices()
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

// onImpact records a clicked cell; the MTPD beside the grid follows at once.
func (e *activityEditor) onImpact(category string, horizon, severity int) {
	if e.loading {
		return
	}
	e.draft.SetSeverity(category, horizon, severity)
	e.edited(true)
}

// fillThreats lists the risks that threaten the activity, each opening it.
func (e *activityEditor) fillThreats(threats []linkedRisk) {
	fillRiskLinks(e.threats, threats, "No risk names this activity yet. Link it from a risk's editor on the Risks screen (Threatens).",
		func(id int64) { e.flush(); e.app.showRisk(id) })
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

// findings checks the draft against the BIA rules, in the BIA it belongs
// to, and keeps those about this activity.
func (e *activityEditor) findings(draft bcp.Activity) []risk.Finding {
	draft.Normalize()
	return findingsAbout(bcp.Check(e.bia.WithActivity(draft), e.today()), draft.Ref)
}

// focusName puts the cursor in the name with the placeholder name selected,
// so typing replaces it.
func (e *activityEditor) focusName() {
	focusSelected(e.app.win.Canvas(), e.name)
}

// openRef saves the activity and opens the activity or resource named.
func (e *activityEditor) openRef(ref string) {
	e.leaveFor(func() { e.app.openRef(ref, e.bia, nil) })
}
