package export

import (
	"slices"
	"strconv"
	"strings"

	"riskbook/bcp"
	"riskbook/i18n"
	"riskbook/risk"
)

// The BIA sections: the business impact analysis of ISO 22301 8.2.2 (the
// activities and their targets), the impact grids, the resources the
// activities depend on, and the ICT readiness view of ISO/IEC 27031.

// biaData is what the BIA sections derive from the input, once.
type biaData struct {
	docLang
	bia      *bcp.BIA
	settings *bcp.Settings
	// shown is settings with its default texts in the document's
	// language, for the names it prints; impacts are keyed by the stored.
	shown     bcp.Settings
	threats   map[string][]string // activity or resource ref, upper case → refs of the risks threatening it
	neededBy  map[string][]string // resource ref, upper case → refs of the activities needing it
	resources map[string]*bcp.Resource
	readiness []bcp.ReadinessRow
	spofs     []bcp.SinglePoint
	findings  []risk.Finding
}

// Colours of the readiness verdicts, as the default impact scale's.
const (
	biaGapColour     = "#C62828"
	biaUnknownColour = "#F9A825"
	biaReadyColour   = "#2E7D32"
)

// newBIAData indexes in.BIA, or returns nil when there is no BIA to show.
// threats maps an activity or resource reference, upper case, to the
// references of the risks threatening it.
func newBIAData(in *Input, l docLang, threats map[string][]string, today risk.Date) *biaData {
	b := in.BIA
	if b == nil || len(b.Activities)+len(b.Resources) == 0 {
		return nil
	}
	d := &biaData{docLang: l, bia: b, settings: &b.Settings, shown: b.Settings.Localised(l.p), threats: threats, neededBy: map[string][]string{},
		resources: map[string]*bcp.Resource{}}
	for k := range d.threats {
		slices.SortFunc(d.threats[k], risk.CompareRefs)
		d.threats[k] = slices.Compact(d.threats[k])
	}
	for i := range b.Resources {
		d.resources[strings.ToUpper(b.Resources[i].Ref)] = &b.Resources[i]
	}
	for _, a := range b.Activities {
		for _, r := range a.Resources {
			d.neededBy[strings.ToUpper(r)] = append(d.neededBy[strings.ToUpper(r)], a.Ref)
		}
	}
	d.readiness = bcp.Readiness(b)
	d.spofs = bcp.SinglePoints(b)
	d.findings = bcp.Check(b, today)
	return d
}

// biaSections are the full report's BIA sections, none without a BIA.
func (b *builder) biaSections() []Section {
	if b.bia == nil {
		return nil
	}
	return []Section{b.biaRegister(), b.impacts(), b.resources(), b.readinessSection()}
}

// biaCounts are the figures the overview, the summary and the readiness
// section share.
type biaCounts struct {
	activities, assessed, withMTPD, rtoWithin, rtoAbove int
	gaps, unknown, gapActivities                        int
	spofs, resources                                    int
}

func (d *biaData) counts() biaCounts {
	c := biaCounts{activities: len(d.bia.Activities), spofs: len(d.spofs), resources: len(d.bia.Resources)}
	for i := range d.bia.Activities {
		a := &d.bia.Activities[i]
		if len(a.Impacts) > 0 {
			c.assessed++
		}
		mtpd, ok := a.MTPD(d.settings)
		if ok {
			c.withMTPD++
		}
		switch {
		case ok && a.RTO > 0 && a.RTO <= mtpd:
			c.rtoWithin++
		case ok && a.RTO > mtpd:
			c.rtoAbove++
		}
	}
	for _, row := range d.readiness {
		gap := false
		for _, g := range row.GapTexts {
			if g.Unknown {
				c.unknown++
			} else {
				c.gaps++
				gap = true
			}
		}
		if gap {
			c.gapActivities++
		}
	}
	return c
}

// glance is the overview's line about the BIA.
func (d *biaData) glance() Fact {
	c := d.counts()
	v := d.N("export.bia.glance", c.activities, i18n.Args{"MTPD": d.p.Int(c.withMTPD),
		"Gaps": d.N("export.bia.gaps", c.gaps), "SPOFs": d.N("export.bia.spofs", c.spofs)})
	return Fact{d.T("export.bia.title"), v}
}

// mtpdText is an activity's MTPD as the register shows it.
func (d *biaData) mtpdText(a *bcp.Activity) string {
	mtpd, ok := a.MTPD(d.settings)
	switch {
	case a.MTPDOverride > 0:
		return d.T("export.bia.mtpd.by_hand", i18n.Args{"MTPD": d.duration(mtpd)})
	case ok:
		return d.duration(mtpd)
	case len(a.Impacts) == 0:
		return d.T("export.bia.not_assessed")
	}
	if n := len(d.settings.Horizons); n > 0 {
		return d.T("export.bia.mtpd.none_within", i18n.Args{"Horizon": d.duration(d.settings.Horizons[n-1])})
	}
	return d.T("export.bia.mtpd.none")
}

// severityName is "severity 4 (Major)".
func (d *biaData) severityName(v int) string {
	if v >= 1 && v <= len(d.settings.Severities) {
		return d.T("export.bia.severity.named", i18n.Args{"N": v, "Label": d.shown.Severities[v-1].Label})
	}
	return d.T("export.bia.severity", i18n.Args{"N": v})
}

// refList joins refs in natural order.
func refList(refs []string) string {
	refs = slices.Clone(refs)
	slices.SortFunc(refs, risk.CompareRefs)
	return strings.Join(slices.Compact(refs), ", ")
}

// biaRegister is the list of activities with their recovery targets.
func (b *builder) biaRegister() Section {
	d := b.bia
	s := d.settings
	t := &Table{Name: "Activities", Empty: b.T("export.bia.activities.empty"), Columns: []Column{
		{Title: b.T("export.col.ref"), Kind: Text, Width: 8},
		{Title: b.T("export.col.activity"), Kind: LongText, Width: 22},
		{Title: b.T("export.col.description"), Kind: LongText, Width: 50, SheetOnly: true},
		{Title: b.T("export.col.owner"), Kind: Text, Width: 12},
		{Title: b.T("export.col.priority"), Kind: Number, Width: 8},
		{Title: b.T("export.col.mtpd"), Kind: Text, Width: 11},
		{Title: b.T("export.col.mtpd_reason"), Kind: LongText, Width: 36, SheetOnly: true},
		{Title: "RTO", Kind: Text, Width: 8},
		{Title: "RPO", Kind: Text, Width: 8},
		{Title: "MBCO", Kind: LongText, Width: 32},
		{Title: b.T("export.col.upstream"), Kind: LongText, Width: 10},
		{Title: b.T("export.col.resources"), Kind: LongText, Width: 14, SheetOnly: true},
		{Title: b.T("export.col.peak_periods"), Kind: LongText, Width: 24, SheetOnly: true},
		{Title: b.T("export.col.approved"), Kind: Date, Width: 11},
		{Title: b.T("export.col.risks"), Kind: LongText, Width: 13},
	}}
	c := d.counts()
	unapproved := 0
	for i := range d.bia.Activities {
		a := &d.bia.Activities[i]
		if a.Approved.IsZero() {
			unapproved++
		}
		priority := Cell{}
		if a.Priority > 0 {
			priority = number(a.Priority)
		}
		t.Rows = append(t.Rows, []Cell{
			text(a.Ref), text(a.Name), text(a.Description), text(a.Owner), priority,
			text(d.mtpdText(a)), text(a.MTPDReason), text(d.duration(a.RTO)), text(d.duration(a.RPO)), text(a.MBCO),
			text(refList(a.Upstream)), text(refList(a.Resources)), text(a.PeakPeriods), b.date(a.Approved),
			text(strings.Join(d.threats[strings.ToUpper(a.Ref)], ", ")),
		})
	}
	first, last := b.T("export.bia.horizon.start"), b.T("export.bia.horizon.end")
	if n := len(s.Horizons); n > 0 {
		first, last = b.duration(s.Horizons[0]), b.duration(s.Horizons[n-1])
	}
	top := b.T("export.bia.top.one")
	if s.TopPriority > 1 {
		top = b.T("export.bia.top", i18n.Args{"N": s.TopPriority})
	}
	intro := b.T("export.bia.intro", i18n.Args{
		"Categories": b.N("export.bia.categories", len(s.Categories)), "Horizons": b.N("export.bia.horizons", len(s.Horizons)),
		"First": first, "Last": last, "Levels": len(s.Severities), "Intolerable": d.severityName(s.Intolerable), "Top": top,
		"Activities": b.N("export.bia.activities", c.activities), "MTPD": b.p.Int(c.withMTPD), "Within": b.p.Int(c.rtoWithin),
		"Beyond": b.p.Int(c.rtoAbove), "Unapproved": b.p.Int(unapproved)})
	return Section{ID: "bia", Title: b.T("export.bia.title"), Sheet: b.T("export.bia.sheet"), Blocks: []Block{
		{Paragraph: intro},
		{Table: t},
	}}
}

// impacts shows each activity's impact grid in colour, with the scale
// before them and, for the workbook, every grid as one table.
func (b *builder) impacts() Section {
	d := b.bia
	s := d.settings
	scale := &Table{Name: "ImpactScale", Columns: []Column{
		{Title: b.T("export.col.severity"), Kind: Number, Width: 9},
		{Title: b.T("export.col.label"), Kind: RiskLevel, Width: 13},
		{Title: b.T("export.col.description"), Kind: LongText, Width: 44},
		{Title: b.T("export.col.intolerable"), Kind: Text, Width: 11},
	}}
	for i, sv := range d.shown.Severities {
		intolerable := b.T("export.no")
		if s.Intolerable > 0 && i+1 >= s.Intolerable {
			intolerable = b.T("export.yes")
		}
		scale.Rows = append(scale.Rows, []Cell{number(i + 1), {Text: sv.Label, Colour: sv.Colour}, text(sv.Description), text(intolerable)})
	}
	grids := &Table{Name: "ImpactGrids", Title: b.T("export.bia.grids.table"), SheetOnly: true, Empty: b.T("export.bia.grids.empty"), Columns: []Column{
		{Title: b.T("export.col.ref"), Kind: Text, Width: 8},
		{Title: b.T("export.col.activity"), Kind: LongText, Width: 26},
		{Title: b.T("export.col.category"), Kind: Text, Width: 30},
	}}
	for _, h := range s.Horizons {
		grids.Columns = append(grids.Columns, Column{Title: b.duration(h), Kind: Number, Width: 11})
	}
	var mats []Block
	var unassessed []string
	for i := range d.bia.Activities {
		a := &d.bia.Activities[i]
		if len(a.Impacts) == 0 {
			unassessed = append(unassessed, a.Ref+" "+a.Name)
			continue
		}
		mats = append(mats, Block{Matrix: d.impactMatrix(a)})
		for ci, c := range s.Categories {
			row := []Cell{text(a.Ref), text(a.Name), text(d.shown.Categories[ci])}
			for h := range s.Horizons {
				v := Cell{}
				if sv := a.Severity(c, h); sv > 0 {
					v = number(sv)
				}
				row = append(row, v)
			}
			grids.Rows = append(grids.Rows, row)
		}
	}
	blocks := []Block{
		{Paragraph: b.T("export.bia.impacts.intro", i18n.Args{"Intolerable": d.severityName(s.Intolerable)})},
		{Heading: b.T("export.bia.scale")},
		{Table: scale},
	}
	if len(unassessed) > 0 {
		blocks = append(blocks, Block{Paragraph: b.T("export.bia.unassessed", i18n.Args{"Activities": strings.Join(unassessed, "; ")})})
	}
	blocks = append(blocks, Block{Table: grids})
	if len(mats) > 0 {
		blocks = append(blocks, Block{Heading: b.T("export.bia.grids")})
	}
	return Section{ID: "impacts", Title: b.T("export.bia.impacts.title"), Sheet: b.T("export.bia.impacts.sheet"), Blocks: append(blocks, mats...)}
}

// impactMatrix is one activity's grid: categories by horizons, coloured
// by severity, intolerable cells marked.
func (d *biaData) impactMatrix(a *bcp.Activity) *Matrix {
	s := d.settings
	title := d.T("export.bia.grid.title", i18n.Args{"Ref": a.Ref, "Name": a.Name, "MTPD": d.mtpdText(a)})
	if _, ok := a.MTPD(s); !ok {
		title = d.T("export.bia.grid.title.none", i18n.Args{"Ref": a.Ref, "Name": a.Name, "MTPD": d.mtpdText(a)})
	}
	// No axis titles: the paragraph above says what rows and columns are,
	// and without them two rows of grids fit on a landscape page.
	m := &Matrix{Title: title}
	for _, h := range s.Horizons {
		m.Cols = append(m.Cols, d.duration(h))
	}
	marked := false
	for ci, c := range s.Categories {
		m.Rows = append(m.Rows, d.shown.Categories[ci])
		row := make([]MatrixCell, 0, len(s.Horizons))
		for h := range s.Horizons {
			v := a.Severity(c, h)
			cell := MatrixCell{}
			if v > 0 {
				cell.Text = strconv.Itoa(v)
				cell.AboveAppetite = s.Intolerable > 0 && v >= s.Intolerable
				marked = marked || cell.AboveAppetite
			}
			if v >= 1 && v <= len(s.Severities) {
				cell.Colour = s.Severities[v-1].Colour
			}
			row = append(row, cell)
		}
		m.Cells = append(m.Cells, row)
	}
	// The mark is explained only where it appears.
	var note []string
	if marked {
		note = append(note, d.T("export.bia.grid.intolerable", i18n.Args{"Intolerable": d.severityName(s.Intolerable)}))
	}
	if a.MTPDOverride > 0 {
		derived := d.T("export.bia.grid.derived.none")
		if v, ok := a.DerivedMTPD(s); ok {
			derived = d.T("export.bia.grid.derived", i18n.Args{"MTPD": d.duration(v)})
		}
		note = append(note, d.T("export.bia.grid.by_hand", i18n.Args{"Derived": derived, "Reason": sentence(a.MTPDReason)}))
	}
	m.Note = strings.Join(note, " ")
	return m
}
