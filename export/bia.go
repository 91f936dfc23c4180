package export

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"riskbook/bcp"
	"riskbook/risk"
)

// The BIA sections: the business impact analysis of ISO 22301 8.2.2 (the
// activities and their targets), the impact grids, the resources the
// activities depend on, and the ICT readiness view of ISO/IEC 27031.

// biaData is what the BIA sections derive from the input, once.
type biaData struct {
	bia       *bcp.BIA
	settings  *bcp.Settings
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
func newBIAData(in *Input, threats map[string][]string, today risk.Date) *biaData {
	b := in.BIA
	if b == nil || len(b.Activities)+len(b.Resources) == 0 {
		return nil
	}
	d := &biaData{bia: b, settings: &b.Settings, threats: threats, neededBy: map[string][]string{},
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
		for _, g := range row.Gaps {
			if strings.HasPrefix(g, biaUnknownPrefix) {
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

// Prefixes of bcp.Readiness's sentences; a table's verdict column says as
// much, so the gap column leaves them out. A sentence that is not known to
// be an unknown counts as a gap: a reworded sentence must never read as
// ready.
const (
	biaGapPrefix     = "ICT readiness gap: "
	biaUnknownPrefix = bcp.ReadinessUnknown
)

// glance is the overview's line about the BIA.
func (d *biaData) glance() Fact {
	c := d.counts()
	v := fmt.Sprintf("%s, %d with an MTPD; %s; %s", risk.Count(c.activities, "activity", "activities"), c.withMTPD,
		risk.Count(c.gaps, "ICT readiness gap", "ICT readiness gaps"), risk.Count(c.spofs, "single point of failure", "single points of failure"))
	return Fact{"Business impact analysis", v}
}

// mtpdText is an activity's MTPD as the register shows it.
func (d *biaData) mtpdText(a *bcp.Activity) string {
	mtpd, ok := a.MTPD(d.settings)
	switch {
	case a.MTPDOverride > 0:
		return mtpd.String() + " (set by hand)"
	case ok:
		return mtpd.String()
	case len(a.Impacts) == 0:
		return "not assessed"
	}
	return "none within " + d.lastHorizon()
}

func (d *biaData) lastHorizon() string {
	if n := len(d.settings.Horizons); n > 0 {
		return d.settings.Horizons[n-1].String()
	}
	return "the horizons"
}

// severityName is "severity 4 (Major)".
func (d *biaData) severityName(v int) string {
	if v >= 1 && v <= len(d.settings.Severities) {
		return fmt.Sprintf("severity %d (%s)", v, d.settings.Severities[v-1].Label)
	}
	return fmt.Sprintf("severity %d", v)
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
	t := &Table{Name: "Activities", Empty: "No activity is recorded yet.", Columns: []Column{
		{Title: "Ref", Kind: Text, Width: 8},
		{Title: "Activity", Kind: LongText, Width: 22},
		{Title: "Description", Kind: LongText, Width: 50, SheetOnly: true},
		{Title: "Owner", Kind: Text, Width: 12},
		{Title: "Priority", Kind: Number, Width: 8},
		{Title: "MTPD", Kind: Text, Width: 11},
		{Title: "MTPD set by hand because", Kind: LongText, Width: 36, SheetOnly: true},
		{Title: "RTO", Kind: Text, Width: 8},
		{Title: "RPO", Kind: Text, Width: 8},
		{Title: "MBCO", Kind: LongText, Width: 32},
		{Title: "Upstream", Kind: LongText, Width: 10},
		{Title: "Resources", Kind: LongText, Width: 14, SheetOnly: true},
		{Title: "Peak periods", Kind: LongText, Width: 24, SheetOnly: true},
		{Title: "Approved", Kind: Date, Width: 11},
		{Title: "Risks", Kind: LongText, Width: 13},
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
			text(d.mtpdText(a)), text(a.MTPDReason), text(a.RTO.String()), text(a.RPO.String()), text(a.MBCO),
			text(refList(a.Upstream)), text(refList(a.Resources)), text(a.PeakPeriods), date(a.Approved),
			text(strings.Join(d.threats[strings.ToUpper(a.Ref)], ", ")),
		})
	}
	intro := fmt.Sprintf("Following ISO 22301 (8.2.2), each activity's impact is rated in %s at %s (%s to %s) on a %d-level scale. Its maximum tolerable period "+
		"of disruption (MTPD) is the first horizon at which an impact reaches %s, unless set by hand with a reason. The recovery "+
		"time objective (RTO) must not exceed the MTPD; the recovery point objective (RPO) is the most data that may be lost; the "+
		"minimum business continuity objective (MBCO) is the service level to run at until full recovery. Priority 1 is the highest; "+
		"%s are top priority. %s: %d with an MTPD, %d with an RTO within it, %d beyond it; %d not yet approved. Risks are those "+
		"of the register that name the activity; the workbook adds descriptions, resources, peak periods and why an MTPD was set by hand.",
		risk.Count(len(s.Categories), "impact category", "impact categories"), risk.Count(len(s.Horizons), "time horizon", "time horizons"),
		firstHorizon(s), d.lastHorizon(), len(s.Severities), d.severityName(s.Intolerable), topPriority(s.TopPriority),
		risk.Count(c.activities, "activity", "activities"), c.withMTPD, c.rtoWithin, c.rtoAbove, unapproved)
	return Section{ID: "bia", Title: "Business impact analysis", Sheet: "BIA", Blocks: []Block{
		{Paragraph: intro},
		{Table: t},
	}}
}

func firstHorizon(s *bcp.Settings) string {
	if len(s.Horizons) > 0 {
		return s.Horizons[0].String()
	}
	return "the start"
}

func topPriority(n int) string {
	if n <= 1 {
		return "priority 1 activities"
	}
	return fmt.Sprintf("priorities 1 to %d", n)
}

// impacts shows each activity's impact grid in colour, with the scale
// before them and, for the workbook, every grid as one table.
func (b *builder) impacts() Section {
	d := b.bia
	s := d.settings
	scale := &Table{Name: "ImpactScale", Columns: []Column{
		{Title: "Severity", Kind: Number, Width: 9},
		{Title: "Label", Kind: RiskLevel, Width: 13},
		{Title: "Description", Kind: LongText, Width: 44},
		{Title: "Intolerable", Kind: Text, Width: 11},
	}}
	for i, sv := range s.Severities {
		intolerable := "no"
		if s.Intolerable > 0 && i+1 >= s.Intolerable {
			intolerable = "yes"
		}
		scale.Rows = append(scale.Rows, []Cell{number(i + 1), {Text: sv.Label, Colour: sv.Colour}, text(sv.Description), text(intolerable)})
	}
	grids := &Table{Name: "ImpactGrids", SheetOnly: true, Empty: "No impact is assessed yet.", Columns: []Column{
		{Title: "Ref", Kind: Text, Width: 8},
		{Title: "Activity", Kind: LongText, Width: 26},
		{Title: "Category", Kind: Text, Width: 30},
	}}
	for _, h := range s.Horizons {
		grids.Columns = append(grids.Columns, Column{Title: h.String(), Kind: Number, Width: 11})
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
		for _, c := range s.Categories {
			row := []Cell{text(a.Ref), text(a.Name), text(c)}
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
		{Paragraph: fmt.Sprintf("Each grid rates how badly a disruption of the activity would hurt in each impact category (rows) as it lasts longer "+
			"(columns: the time since the disruption began), "+
			"on the scale below; a blank cell is not assessed. Cells at %s or above are intolerable and marked; the heavy line borders them. "+
			"The MTPD in each grid's title is the first column holding an intolerable impact, unless it was set by hand. "+
			"The workbook also lists every grid as one table, to sort and filter.", d.severityName(s.Intolerable))},
		{Heading: "Impact scale"},
		{Table: scale},
	}
	if len(unassessed) > 0 {
		blocks = append(blocks, Block{Paragraph: fmt.Sprintf("Not assessed yet, so without an MTPD: %s.", strings.Join(unassessed, "; "))})
	}
	blocks = append(blocks, Block{Table: grids})
	if len(mats) > 0 {
		blocks = append(blocks, Block{Heading: "Impact grids by activity"})
	}
	return Section{ID: "impacts", Title: "Impacts over time", Sheet: "Impacts", Blocks: append(blocks, mats...)}
}

// impactMatrix is one activity's grid: categories by horizons, coloured
// by severity, intolerable cells marked.
func (d *biaData) impactMatrix(a *bcp.Activity) *Matrix {
	s := d.settings
	title := fmt.Sprintf("%s %s — MTPD %s", a.Ref, a.Name, d.mtpdText(a))
	if _, ok := a.MTPD(s); !ok {
		title = fmt.Sprintf("%s %s — no MTPD: %s", a.Ref, a.Name, d.mtpdText(a))
	}
	// No axis titles: the paragraph above says what rows and columns are,
	// and without them two rows of grids fit on a landscape page.
	m := &Matrix{Title: title}
	for _, h := range s.Horizons {
		m.Cols = append(m.Cols, h.String())
	}
	marked := false
	for _, c := range s.Categories {
		m.Rows = append(m.Rows, c)
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
		note = append(note, fmt.Sprintf("▲ intolerable: %s or above.", d.severityName(s.Intolerable)))
	}
	if a.MTPDOverride > 0 {
		derived := "the grid alone gives none"
		if v, ok := a.DerivedMTPD(s); ok {
			derived = "the grid alone gives " + v.String()
		}
		note = append(note, fmt.Sprintf("MTPD set by hand (%s): %s", derived, sentence(a.MTPDReason)))
	}
	m.Note = strings.Join(note, " ")
	return m
}
