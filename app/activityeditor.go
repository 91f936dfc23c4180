package app

import (
	"context"
	"slices"
	"strconv"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"riskbook/app/widgets"
	"riskbook/bcp"
	"riskbook/i18n"
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
		stamp:    func(x *bcp.Activity) *time.Time { return &x.Updated },
		awaiting: a.awaitChoice,
		onSaved:  onSaved,
		ref:      func(x *bcp.Activity) string { return x.Ref },
		history:  a.showHistory,
	}, i18n.T("bia.field.name"), i18n.T("bia.field.owner"), i18n.T("bia.field.priority"), i18n.T("bia.field.description"),
		i18n.T("bia.field.peak"), i18n.T("bia.field.override"), i18n.T("bia.field.reason"), i18n.T("bia.field.approved"),
		i18n.T("bia.field.upstream"), i18n.T("bia.field.resources"))
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
	e.priority = e.choice(nil, nil, func(i int) { x.Priority = i })
	e.priority.PlaceHolder = i18n.T("bia.activities.unranked")
	e.description = e.entry(true, "", func(v string) { x.Description = v })
	e.peak = e.entry(false, i18n.T("bia.activity.peak.hint"), func(v string) { x.PeakPeriods = v })
	e.grid = widgets.NewImpactGrid(e.onImpact)
	e.mtpd = wrapLabel("")
	e.mtpd.TextStyle = fyne.TextStyle{Bold: true}
	e.override = e.duration(i18n.T("bia.activity.override.hint"), func(d bcp.Duration) { x.MTPDOverride = d })
	e.reason = e.prose(i18n.T("bia.activity.reason.hint"), func(v string) { x.MTPDReason = v })
	e.rto = e.duration(i18n.T("bia.activity.rto.hint"), func(d bcp.Duration) { x.RTO = d })
	e.rpo = e.duration(i18n.T("bia.activity.rpo.hint"), func(d bcp.Duration) { x.RPO = d })
	e.mbco = e.prose(i18n.T("bia.activity.mbco.hint"), func(v string) { x.MBCO = v })
	e.approved = e.dateField(func(d risk.Date) { x.Approved = d })
	approvedToday := e.todayButton(i18n.T("bia.activity.approvedtoday"), e.approved, func(d risk.Date) { x.Approved = d })
	e.upstream = e.links(i18n.T("bia.activity.upstream.hint"), i18n.T("bia.activity.upstream.none"), func(refs []string) { x.Upstream = refs })
	e.upstream.open = e.openRef
	e.resources = e.links(i18n.T("bia.activity.resources.hint"), i18n.T("bia.activity.resources.none"), func(refs []string) { x.Resources = refs })
	e.resources.open = e.openRef
	e.threats = container.NewVBox()

	m := e.messages
	m.name("impacts", i18n.T("bia.heading.impact"))
	body := container.NewVBox(
		m.label(""),
		formOf(
			m.row(i18n.T("bia.field.name"), e.name, "name"),
			m.row(i18n.T("bia.field.owner"), e.owner, "owner"),
			m.row(i18n.T("bia.field.priority"), e.priority, "priority"),
			m.row(i18n.T("bia.field.description"), e.description, "description"),
			m.row(i18n.T("bia.field.peak"), e.peak, "peak_periods"),
		),
		heading(i18n.T("bia.heading.impact")),
		wrapLabel(i18n.T("bia.impact.explain")),
		// Not in a scroll of its own: it would take the mouse wheel from the
		// editor whenever the pointer crosses the grid.
		e.grid,
		e.mtpd,
		m.label("impacts"),
		heading(i18n.T("bia.heading.recovery")),
		formOf(
			m.row(i18n.T("bia.field.override"), e.override.view(), "mtpd_override"),
			m.row(i18n.T("bia.field.reason"), e.reason, "mtpd_reason"),
			m.row(i18n.T("bia.field.rto"), e.rto.view(), "rto"),
			m.row(i18n.T("bia.field.rpo"), e.rpo.view(), "rpo"),
			m.row(i18n.T("bia.field.mbco"), e.mbco, "mbco"),
			m.row(i18n.T("bia.field.approved"), dateAndButton(e.approved, approvedToday), "approved"),
		),
		heading(i18n.T("bia.heading.dependencies")),
		formOf(
			m.row(i18n.T("bia.field.upstream"), e.upstream.view(), "upstream"),
			m.row(i18n.T("bia.field.resources"), e.resources.view(), "resources"),
		),
		heading(i18n.T("bia.heading.threatened")),
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
		resources = append(resources, refOption{Ref: r.Ref, Name: r.Name, Detail: fixedName("kind", r.Kind)})
	}
	slices.Sort(owners)
	e.owner.SetOptions(owners)
	ranks := []string{i18n.T("bia.activities.unranked")}
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
		return i18n.T("bia.activities.unranked")
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
	fillRiskLinks(e.threats, threats, i18n.T("bia.threats.none"),
		func(id int64) { e.flush(); e.app.showRisk(id) })
}

func (e *activityEditor) showMTPD() {
	e.mtpd.SetText(mtpdText(&e.draft, &e.bia.Settings))
}

// mtpdText says what the MTPD is and where it comes from: "MTPD 4 h — DNS
// and operational stability reaches Major at 4 h".
func mtpdText(a *bcp.Activity, s *bcp.Settings) string {
	derived, ok := a.DerivedMTPD(s)
	shown := s.Localised(i18n.Default()) // the default texts in the reader's language
	why := ""
	for h := range s.Horizons {
		for ci, c := range s.Categories {
			if v := a.Severity(c, h); ok && why == "" && v >= s.Intolerable && v <= len(s.Severities) {
				why = i18n.T("bia.mtpd.why", i18n.Args{"Category": shown.Categories[ci], "Severity": shown.Severities[v-1].Label, "Horizon": durationName(s.Horizons[h])})
			}
		}
	}
	intolerable := i18n.T("bia.mtpd.intolerable")
	if s.Intolerable >= 1 && s.Intolerable <= len(s.Severities) {
		intolerable = shown.Severities[s.Intolerable-1].Label
	}
	switch {
	case a.MTPDOverride > 0 && ok:
		return i18n.T("bia.mtpd.override.derived", i18n.Args{"MTPD": durationName(a.MTPDOverride), "Derived": durationName(derived), "Why": why})
	case a.MTPDOverride > 0:
		return i18n.T("bia.mtpd.override.none", i18n.Args{"MTPD": durationName(a.MTPDOverride), "Level": intolerable})
	case ok:
		return i18n.T("bia.mtpd.derived", i18n.Args{"MTPD": durationName(derived), "Why": why})
	case !assessed(a):
		return i18n.T("bia.mtpd.notyet")
	case len(s.Horizons) > 0:
		return i18n.T("bia.mtpd.unreached", i18n.Args{"Level": intolerable, "Horizon": durationName(s.Horizons[len(s.Horizons)-1])})
	}
	return i18n.T("bia.mtpd.none")
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
