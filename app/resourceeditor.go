package app

import (
	"context"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"riskbook/bcp"
	"riskbook/i18n"
	"riskbook/risk"
)

// resourceWriter is what the resource editor writes through.
type resourceWriter interface {
	UpdateResource(ctx context.Context, r *bcp.Resource) error
}

// kindRow is a form row shown only for some kinds of resource (all when
// kinds is empty).
type kindRow struct {
	row   formRow
	kinds []bcp.Kind
}

// standbyLabel says what a stand-by type means for recovery.
func standbyLabel(sb string) string {
	switch bcp.Standby(sb) {
	case bcp.NoStandby:
		return i18n.T("bia.standby.none")
	case bcp.ColdStandby:
		return i18n.T("bia.standby.cold")
	case bcp.WarmStandby:
		return i18n.T("bia.standby.warm")
	case bcp.HotStandby:
		return i18n.T("bia.standby.hot")
	}
	return sb
}

// resourceEditor edits one resource, showing the fields its kind has, with
// the shared editor machinery (draftEditor).
type resourceEditor struct {
	draftEditor[bcp.Resource]
	app      *App
	onClose  func()
	onDelete func()

	bia *bcp.BIA

	spof            *widget.Label
	name            *commitEntry
	kinds, standbys valueNames

	kind        *widget.Select
	description *commitEntry
	alternates  *commitEntry
	altLabel    *widget.Label
	contacts    *commitEntry
	region      *commitEntry
	rto, rpo    *durationField
	backup      *durationField
	replication *commitEntry
	standby     *widget.Select
	sites       *refPicker
	sla         *commitEntry
	contractRTO *durationField
	confirmed   *dateEntry
	// confirmedToday records that the capacity was confirmed today.
	confirmedToday *widget.Button
	rows           []kindRow
	readiness      *fyne.Container
	neededBy       *fyne.Container
	threats        *fyne.Container
}

func newResourceEditor(store resourceWriter, a *App, onSaved func(bcp.Resource), onClose, onDelete func()) *resourceEditor {
	e := &resourceEditor{app: a, onClose: onClose, onDelete: onDelete}
	e.init(draftSpec[bcp.Resource]{
		dates:  a.dates,
		key:    func(r *bcp.Resource) any { return r.ID },
		clone:  bcp.Resource.Clone,
		title:  func(r *bcp.Resource) string { return r.Ref + " — " + r.Name },
		stamps: func(r *bcp.Resource) (time.Time, time.Time) { return r.Created, r.Updated },
		check: func(r bcp.Resource) []risk.Finding {
			r.Normalize()
			return findingsAbout(bcp.Check(e.bia.WithResource(r), e.today()), r.Ref)
		},
		fill:    e.fill,
		derived: e.showStanding,
		commit: func() {
			for _, f := range []*durationField{e.rto, e.rpo, e.backup, e.contractRTO} {
				f.commit()
			}
		},
		store:    store.UpdateResource,
		copyBack: func(draft *bcp.Resource, stored bcp.Resource) { draft.Updated = stored.Updated },
		stamp:    func(x *bcp.Resource) *time.Time { return &x.Updated },
		awaiting: a.awaitChoice,
		onSaved:  onSaved,
		ref:      func(x *bcp.Resource) string { return x.Ref },
		history:  a.showHistory,
	}, i18n.T("bia.field.name"), i18n.T("bia.field.kind"), i18n.T("bia.field.description"), i18n.T("bia.field.trainedalternates"),
		i18n.T("bia.field.contacts"), i18n.T("bia.field.region"), i18n.T("bia.field.achievablerto"), i18n.T("bia.field.achievablerpo"),
		i18n.T("bia.field.backup"), i18n.T("bia.field.replication"), i18n.T("bia.field.standby"), i18n.T("bia.field.runsat"),
		i18n.T("bia.field.sla"), i18n.T("bia.field.contractrto"), i18n.T("bia.field.capacity"))
	e.kinds = newValueNames(names(bcp.Kinds), func(k string) string { return kindMenuName(bcp.Kind(k)) })
	e.standbys = newValueNames(names(bcp.Standbys), standbyLabel)
	e.build()
	return e
}

// text makes a text field; a multi-line one shows two lines.
func (e *resourceEditor) text(multiLine bool, placeholder string, set func(string)) *commitEntry {
	en := e.entry(multiLine, placeholder, set)
	if multiLine {
		en.setRows(2)
	}
	return en
}

func (e *resourceEditor) build() {
	x := &e.draft
	e.spof = wrapLabel("")
	e.spof.TextStyle = fyne.TextStyle{Bold: true}
	e.name = e.text(false, "", func(v string) { x.Name = v })
	e.kind = e.choice(e.kinds.names, e.kinds.name, func(i int) {
		x.Kind = bcp.Kind(e.kinds.values[i])
		e.showKind()
	})
	e.description = e.text(true, "", func(v string) { x.Description = v })
	e.alternates = e.text(true, i18n.T("bia.resource.alternates.hint"),
		func(v string) { x.Alternates = v })
	e.contacts = e.text(true, i18n.T("bia.resource.contacts.hint"),
		func(v string) { x.Contacts = v })
	e.region = e.text(false, i18n.T("bia.resource.region.hint"), func(v string) { x.Region = v })
	e.rto = e.duration(i18n.T("bia.resource.rto.hint"), func(d bcp.Duration) { x.AchievableRTO = d })
	e.rpo = e.duration(i18n.T("bia.resource.rpo.hint"), func(d bcp.Duration) { x.AchievableRPO = d })
	e.backup = e.duration(i18n.T("bia.resource.backup.hint"), func(d bcp.Duration) { x.BackupInterval = d })
	e.replication = e.text(true, i18n.T("bia.resource.replication.hint"), func(v string) { x.Replication = v })
	e.standby = e.choice(e.standbys.names, e.standbys.name, func(i int) { x.Standby = bcp.Standby(e.standbys.values[i]) })
	e.sites = e.links(i18n.T("bia.resource.sites.hint"), i18n.T("bia.resource.sites.none"), func(refs []string) { e.draft.Sites = refs })
	e.sites.open = func(ref string) { e.leaveFor(func() { e.app.openRef(ref, e.bia, nil) }) }
	e.sla = e.text(true, i18n.T("bia.resource.sla.hint"), func(v string) { x.SLA = v })
	e.contractRTO = e.duration(i18n.T("bia.resource.contractrto.hint"), func(d bcp.Duration) { x.ContractRTO = d })
	e.confirmed = e.dateField(func(d risk.Date) { x.CapacityConfirmed = d })
	e.confirmedToday = e.todayButton(i18n.T("bia.resource.confirmedtoday"), e.confirmed, func(d risk.Date) { x.CapacityConfirmed = d })
	e.readiness = container.NewVBox()
	e.neededBy = container.NewVBox()
	e.threats = container.NewVBox()

	m := e.messages
	e.altLabel = widget.NewLabel(i18n.T("bia.field.alternates"))
	alternates := m.rowWith(e.altLabel, e.alternates, "alternates")
	ict, supplier := []bcp.Kind{bcp.ICT}, []bcp.Kind{bcp.Supplier}
	e.rows = []kindRow{
		{row: m.row(i18n.T("bia.field.name"), e.name, "name")},
		{row: m.row(i18n.T("bia.field.kind"), e.kind, "kind")},
		{row: m.row(i18n.T("bia.field.description"), e.description, "description")},
		{row: alternates},
		{row: m.row(i18n.T("bia.field.contacts"), e.contacts, "contacts"), kinds: []bcp.Kind{bcp.Person, bcp.Supplier}},
		{row: m.row(i18n.T("bia.field.region"), e.region, "region"), kinds: []bcp.Kind{bcp.Site}},
		{row: m.row(i18n.T("bia.field.achievablerto"), e.rto.view(), "achievable_rto"), kinds: ict},
		{row: m.row(i18n.T("bia.field.achievablerpo"), e.rpo.view(), "achievable_rpo"), kinds: ict},
		{row: m.row(i18n.T("bia.field.backup"), e.backup.view(), "backup_interval"), kinds: ict},
		{row: m.row(i18n.T("bia.field.replication"), e.replication, "replication"), kinds: ict},
		{row: m.row(i18n.T("bia.field.standby"), e.standby, "standby"), kinds: ict},
		{row: m.row(i18n.T("bia.field.runsat"), e.sites.view(), "sites"), kinds: ict},
		{row: m.row(i18n.T("bia.field.sla"), e.sla, "sla"), kinds: supplier},
		{row: m.row(i18n.T("bia.field.contractrto"), e.contractRTO.view(), "contract_rto"), kinds: supplier},
		{row: m.row(i18n.T("bia.field.capacity"), dateAndButton(e.confirmed, e.confirmedToday), "capacity_confirmed"), kinds: supplier},
	}
	var rows []formRow
	for _, r := range e.rows {
		rows = append(rows, r.row)
	}
	body := container.NewVBox(e.spof, m.label(""), formOf(rows...), e.readiness,
		heading(i18n.T("bia.heading.neededby")), e.neededBy, heading(i18n.T("bia.heading.threatened.resource")), e.threats, e.meta)
	e.frame(body, func() { e.onDelete() }, func() { e.onClose() }, e.historyButton("resource"))
}

// show loads a resource with the BIA it belongs to, the activities that
// need it and the risks that threaten it. A pending edit of the same
// resource is kept.
func (e *resourceEditor) show(r bcp.Resource, b *bcp.BIA, neededBy []*bcp.Activity, threats []linkedRisk) {
	e.bia = b
	e.fillNeededBy(neededBy)
	fillRiskLinks(e.threats, threats, i18n.T("bia.resource.threats.none"),
		func(id int64) { e.leaveFor(func() { e.app.showRisk(id) }) })
	e.load(r)
}

func (e *resourceEditor) fill() {
	r := &e.draft
	for entry, v := range map[*commitEntry]string{e.name: r.Name, e.description: r.Description, e.alternates: r.Alternates,
		e.contacts: r.Contacts, e.region: r.Region, e.replication: r.Replication, e.sla: r.SLA} {
		entry.setQuietly(v)
	}
	e.rto.set(r.AchievableRTO)
	e.rpo.set(r.AchievableRPO)
	e.backup.set(r.BackupInterval)
	e.contractRTO.set(r.ContractRTO)
	selectQuietly(e.kind, e.kinds.name(string(r.Kind)))
	selectQuietly(e.standby, e.standbys.name(string(r.Standby)))
	e.confirmed.setDate(r.CapacityConfirmed)
	var sites []refOption
	for _, s := range e.bia.Resources {
		if s.Kind == bcp.Site {
			sites = append(sites, refOption{Ref: s.Ref, Name: s.Name, Detail: s.Region})
		}
	}
	e.sites.set(r.Sites, sites)
	e.showKind()
}

// showKind shows the rows the resource's kind has.
func (e *resourceEditor) showKind() {
	for _, r := range e.rows {
		show := len(r.kinds) == 0 || slices.Contains(r.kinds, e.draft.Kind)
		r.row.label.(*fyne.Container).Hidden = !show
		r.row.field.(*fyne.Container).Hidden = !show
	}
	if e.draft.Kind == bcp.Person {
		e.altLabel.SetText(i18n.T("bia.field.trainedalternates"))
	} else {
		e.altLabel.SetText(i18n.T("bia.field.alternates"))
	}
	e.root.Refresh()
}

func (e *resourceEditor) fillNeededBy(acts []*bcp.Activity) {
	e.neededBy.RemoveAll()
	for _, a := range acts {
		l := widget.NewHyperlink(a.Ref+"  "+a.Name, nil)
		l.Truncation = fyne.TextTruncateEllipsis
		id := a.ID
		l.OnTapped = func() { e.leaveFor(func() { e.app.showActivity(id) }) }
		e.neededBy.Add(l)
	}
	if len(acts) == 0 {
		e.neededBy.Add(wrapLabel(i18n.T("bia.resource.neededby.none")))
	}
}

// fillRiskLinks lists risks in box, each opening its risk; empty says what
// no risk means.
func fillRiskLinks(box *fyne.Container, risks []linkedRisk, empty string, open func(id int64)) {
	box.RemoveAll()
	for _, r := range risks {
		l := widget.NewHyperlink(r.Ref+"  "+r.Title, nil)
		l.Truncation = fyne.TextTruncateEllipsis
		l.OnTapped = func() { open(r.ID) }
		box.Add(l)
	}
	if len(risks) == 0 {
		box.Add(wrapLabel(empty))
	}
}

// draftBIA is the loaded BIA with the draft in place of the stored
// resource, for the rules to look at.
func (e *resourceEditor) draftBIA() *bcp.BIA {
	draft := e.draft.Clone()
	draft.Normalize()
	return e.bia.WithResource(draft)
}

// showStanding shows what follows from the draft: whether it is a single
// point of failure, and the ICT readiness it gives.
func (e *resourceEditor) showStanding() {
	b := e.draftBIA()
	e.spof.Hide()
	for _, sp := range bcp.SinglePoints(b) {
		if sp.Resource.ID == e.draft.ID {
			e.spof.SetText(i18n.T("bia.resources.spof"))
			e.spof.Importance = widget.WarningImportance
			if e.draft.Kind == bcp.Person {
				e.spof.Importance = widget.DangerImportance
			}
			e.spof.Show()
		}
	}
	e.showReadiness(b)
}

// showReadiness lists, for an ICT system, the readiness gaps it causes.
func (e *resourceEditor) showReadiness(b *bcp.BIA) {
	e.readiness.RemoveAll()
	if e.draft.Kind != bcp.ICT {
		return
	}
	var gaps []string
	needed := false
	for _, row := range bcp.Readiness(b) {
		for _, sys := range row.Systems {
			if sys.ID == e.draft.ID {
				needed = true
			}
		}
		for _, g := range row.Gaps {
			if strings.Contains(g, e.draft.Ref+" (") {
				gaps = append(gaps, i18n.T("bia.resource.gap", i18n.Args{"Ref": row.Activity.Ref, "Name": row.Activity.Name, "Gap": g}))
			}
		}
	}
	switch {
	case len(gaps) > 0:
		l := wrapLabel(i18n.T("bia.resource.gaps", i18n.Args{"Gaps": strings.Join(gaps, "\n")}))
		l.Importance = widget.DangerImportance
		e.readiness.Add(l)
	case needed:
		e.readiness.Add(dashGoodNews(i18n.T("bia.resource.ready")))
	default:
		e.readiness.Add(wrapLabel(i18n.T("bia.resource.unneeded")))
	}
}

// focusName puts the cursor in the name with the placeholder name selected,
// so typing replaces it.
func (e *resourceEditor) focusName() {
	focusSelected(e.app.win.Canvas(), e.name)
}
