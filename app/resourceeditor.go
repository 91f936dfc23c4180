package app

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"riskbook/bcp"
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

// standbyLabels say what each stand-by type means for recovery.
var standbyLabels = map[bcp.Standby]string{
	bcp.NoStandby:   "None: rebuilt from backups",
	bcp.ColdStandby: "Cold: hardware ready, restored from backups",
	bcp.WarmStandby: "Warm: running, data restored or slightly behind",
	bcp.HotStandby:  "Hot: running in sync, switched over",
}

// resourceEditor edits one resource, showing the fields its kind has, with
// the shared editor machinery (draftEditor).
type resourceEditor struct {
	draftEditor[bcp.Resource]
	app      *App
	onClose  func()
	onDelete func()

	bia *bcp.BIA

	spof        *widget.Label
	name        *commitEntry
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
		onSaved:  onSaved,
		ref:      func(x *bcp.Resource) string { return x.Ref },
		history:  a.showHistory,
	}, "Capacity confirmed")
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
	var kinds []string
	for _, k := range bcp.Kinds {
		kinds = append(kinds, capitalise(kindSingular(k)))
	}
	e.kind = e.choice(kinds, func(i int) {
		x.Kind = bcp.Kinds[i]
		e.showKind()
	})
	e.description = e.text(true, "", func(v string) { x.Description = v })
	e.alternates = e.text(true, "Who or what stands in, or the workaround. Leave empty only when there is none.",
		func(v string) { x.Alternates = v })
	e.contacts = e.text(true, "Names, phone numbers, e-mail, and a channel that works when the network does not",
		func(v string) { x.Contacts = v })
	e.region = e.text(false, "e.g. Northern Europe", func(v string) { x.Region = v })
	e.rto = e.duration("How soon it can run again, e.g. 4 h", func(d bcp.Duration) { x.AchievableRTO = d })
	e.rpo = e.duration("How much data a restore can lose, e.g. 1 h", func(d bcp.Duration) { x.AchievableRPO = d })
	e.backup = e.duration("e.g. 24 h", func(d bcp.Duration) { x.BackupInterval = d })
	e.replication = e.text(true, "e.g. streaming replica at the second site", func(v string) { x.Replication = v })
	var standbys []string
	for _, sb := range bcp.Standbys {
		standbys = append(standbys, standbyLabels[sb])
	}
	e.standby = e.choice(standbys, func(i int) { x.Standby = bcp.Standbys[i] })
	e.sites = e.links("Add a site it runs at", "Runs at no recorded site.", func(refs []string) { e.draft.Sites = refs })
	e.sites.open = func(ref string) { e.leaveFor(func() { e.app.openRef(ref, e.bia, nil) }) }
	e.sla = e.text(true, "e.g. 99.9 % monthly, 4 h response", func(v string) { x.SLA = v })
	e.contractRTO = e.duration("What the contract promises, e.g. 8 h", func(d bcp.Duration) { x.ContractRTO = d })
	e.confirmed = e.dateField(func(d risk.Date) { x.CapacityConfirmed = d })
	e.confirmedToday = e.todayButton("Confirmed today", e.confirmed, func(d risk.Date) { x.CapacityConfirmed = d })
	e.readiness = container.NewVBox()
	e.neededBy = container.NewVBox()
	e.threats = container.NewVBox()

	m := e.messages
	e.altLabel = widget.NewLabel("Alternates")
	alternates := m.rowWith(e.altLabel, e.alternates, "alternates")
	ict, supplier := []bcp.Kind{bcp.ICT}, []bcp.Kind{bcp.Supplier}
	e.rows = []kindRow{
		{row: m.row("Name", e.name, "name")},
		{row: m.row("Kind", e.kind, "kind")},
		{row: m.row("Description", e.description, "description")},
		{row: alternates},
		{row: m.row("Contacts", e.contacts, "contacts"), kinds: []bcp.Kind{bcp.Person, bcp.Supplier}},
		{row: m.row("Region", e.region, "region"), kinds: []bcp.Kind{bcp.Site}},
		{row: m.row("Achievable RTO", e.rto.view(), "achievable_rto"), kinds: ict},
		{row: m.row("Achievable RPO", e.rpo.view(), "achievable_rpo"), kinds: ict},
		{row: m.row("Backup interval", e.backup.view(), "backup_interval"), kinds: ict},
		{row: m.row("Replication", e.replication, "replication"), kinds: ict},
		{row: m.row("Stand-by", e.standby, "standby"), kinds: ict},
		{row: m.row("Runs at", e.sites.view(), "sites"), kinds: ict},
		{row: m.row("SLA", e.sla, "sla"), kinds: supplier},
		{row: m.row("Contract RTO", e.contractRTO.view(), "contract_rto"), kinds: supplier},
		{row: m.row("Capacity confirmed", dateAndButton(e.confirmed, e.confirmedToday), "capacity_confirmed"), kinds: supplier},
	}
	var rows []formRow
	for _, r := range e.rows {
		rows = append(rows, r.row)
	}
	body := container.NewVBox(e.spof, m.label(""), formOf(rows...), e.readiness,
		heading("Needed by"), e.neededBy, heading("Threatened by"), e.threats, e.meta)
	e.frame(body, func() { e.onDelete() }, func() { e.onClose() }, e.historyButton("resource"))
}

// show loads a resource with the BIA it belongs to, the activities that
// need it and the risks that threaten it. A pending edit of the same
// resource is kept.
func (e *resourceEditor) show(r bcp.Resource, b *bcp.BIA, neededBy []*bcp.Activity, threats []linkedRisk) {
	e.bia = b
	e.fillNeededBy(neededBy)
	fillRiskLinks(e.threats, threats, "No risk names this resource yet. Link it from a risk's editor on the Risks screen (Threatens).",
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
	selectQuietly(e.kind, capitalise(kindSingular(r.Kind)))
	selectQuietly(e.standby, standbyLabels[r.Standby])
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
		e.altLabel.SetText("Trained alternates")
	} else {
		e.altLabel.SetText("Alternates")
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
		e.neededBy.Add(wrapLabel("No activity needs this resource yet. Add it to an activity's resources on the Activities screen."))
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
			e.spof.SetText("Single point of failure")
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
				gaps = append(gaps, fmt.Sprintf("• %s %s: %s", row.Activity.Ref, row.Activity.Name, g))
			}
		}
	}
	switch {
	case len(gaps) > 0:
		l := wrapLabel("ICT readiness gaps:\n" + strings.Join(gaps, "\n"))
		l.Importance = widget.DangerImportance
		e.readiness.Add(l)
	case needed:
		e.readiness.Add(dashGoodNews("ICT readiness: it meets the RTO and RPO of every activity that needs it."))
	default:
		e.readiness.Add(wrapLabel("ICT readiness: no activity needs it yet, so there is no target to meet."))
	}
}

// focusName puts the cursor in the name with the placeholder name selected,
// so typing replaces it.
func (e *resourceEditor) focusName() {
	focusSelected(e.app.win.Canvas(), e.name)
}
