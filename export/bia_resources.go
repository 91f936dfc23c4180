package export

import (
	"fmt"
	"slices"
	"strings"

	"riskbook/bcp"
	"riskbook/risk"
)

// resources lists what the activities depend on, one table per kind: each
// kind has its own facts (a site its region, an ICT system its achievable
// recovery, a supplier its terms).
func (b *builder) resources() Section {
	d := b.bia
	byKind := map[bcp.Kind][]*bcp.Resource{}
	var other []*bcp.Resource
	for i := range d.bia.Resources {
		r := &d.bia.Resources[i]
		if slices.Contains(bcp.Kinds, r.Kind) {
			byKind[r.Kind] = append(byKind[r.Kind], r)
		} else {
			other = append(other, r)
		}
	}
	var counts []string
	for _, k := range bcp.Kinds {
		counts = append(counts, kindCount(k, len(byKind[k])))
	}
	region := ""
	if p := strings.TrimSpace(d.settings.PrimaryRegion); p != "" {
		region = fmt.Sprintf(" Primary region: %s.", p)
	}
	blocks := []Block{{Paragraph: fmt.Sprintf("%s the activities depend on (%s). Alternates names who or what stands in, or the workaround; "+
		"\"none\" means nothing does. SPOF marks a single point of failure: a resource with no alternate that a top-priority activity needs. "+
		"Needed by lists the activities that need the resource, threatened by the risks of the register that name it. "+
		"Sites carry their region, ICT systems the recovery they can achieve, suppliers their terms and when they last confirmed "+
		"their capacity in a crisis.%s The workbook adds descriptions and contacts.",
		risk.Count(len(d.bia.Resources), "resource", "resources"), strings.Join(counts, ", "), region)}}
	if len(d.bia.Resources) == 0 {
		return Section{ID: "resources", Title: "Resources and dependencies", Sheet: "Resources", Blocks: append(blocks,
			Block{Table: d.resourceTable("", nil)})}
	}
	for _, k := range bcp.Kinds {
		if len(byKind[k]) > 0 {
			blocks = append(blocks, Block{Heading: bcp.KindName(k)}, Block{Table: d.resourceTable(k, byKind[k])})
		}
	}
	if len(other) > 0 {
		blocks = append(blocks, Block{Heading: "Resources of no known kind"}, Block{Table: d.resourceTable("", other)})
	}
	return Section{ID: "resources", Title: "Resources and dependencies", Sheet: "Resources", Blocks: blocks}
}

// kindCount is "1 person", "2 ICT systems", "no equipment".
func kindCount(k bcp.Kind, n int) string {
	if n == 0 && k == bcp.Equipment {
		return "no equipment"
	}
	switch k {
	case bcp.Person:
		return risk.Count(n, "person", "people")
	case bcp.Site:
		return risk.Count(n, "site", "sites")
	case bcp.ICT:
		return risk.Count(n, "ICT system", "ICT systems")
	case bcp.Supplier:
		return risk.Count(n, "supplier", "suppliers")
	case bcp.Equipment:
		return risk.Count(n, "item of equipment", "items of equipment")
	}
	return risk.Count(n, string(k), string(k))
}

// resourceTable is one kind's table. The columns every kind shares come
// first (the workbook's alone included), so that the workbook's columns
// keep one width down the sheet.
func (d *biaData) resourceTable(k bcp.Kind, rs []*bcp.Resource) *Table {
	name := map[bcp.Kind]string{bcp.Person: "People", bcp.Site: "Sites", bcp.ICT: "ICTSystems",
		bcp.Supplier: "Suppliers", bcp.Equipment: "Equipment"}[k]
	t := &Table{Name: or(name, "Resources"), Empty: "No resource is recorded yet.", Columns: []Column{
		{Title: "Ref", Kind: Text, Width: 8},
		{Title: "Name", Kind: LongText, Width: 20},
		{Title: "Alternates", Kind: LongText, Width: 24},
		{Title: "SPOF", Kind: RiskLevel, Width: 7},
		{Title: "Needed by", Kind: LongText, Width: 11},
		{Title: "Threatened by", Kind: LongText, Width: 12},
		{Title: "Description", Kind: LongText, Width: 40, SheetOnly: true},
		{Title: "Contacts", Kind: LongText, Width: 30, SheetOnly: true},
	}}
	switch k {
	case bcp.Site:
		t.Columns = append(t.Columns, Column{Title: "Region", Kind: Text, Width: 16})
	case bcp.ICT:
		t.Columns = append(t.Columns,
			Column{Title: "Achievable RTO", Kind: Text, Width: 13},
			Column{Title: "Achievable RPO", Kind: Text, Width: 13},
			Column{Title: "Backup interval", Kind: Text, Width: 10},
			Column{Title: "Replication", Kind: LongText, Width: 24},
			Column{Title: "Stand-by", Kind: Enum, Width: 10, Options: names(bcp.Standbys)},
			Column{Title: "Sites", Kind: LongText, Width: 14})
	case bcp.Supplier:
		t.Columns = append(t.Columns,
			Column{Title: "SLA", Kind: LongText, Width: 24},
			Column{Title: "Contract RTO", Kind: Text, Width: 9},
			Column{Title: "Capacity confirmed", Kind: Date, Width: 11})
	}
	spof := map[string]bool{}
	for _, sp := range d.spofs {
		spof[strings.ToUpper(sp.Resource.Ref)] = true
	}
	for _, r := range rs {
		key := strings.ToUpper(r.Ref)
		row := []Cell{text(r.Ref), text(r.Name), text(or(r.Alternates, "none")), text("no"),
			text(refList(d.neededBy[key])), text(strings.Join(d.threats[key], ", ")), text(r.Description), text(r.Contacts)}
		if spof[key] {
			row[3] = Cell{Text: "yes", Colour: biaGapColour}
		}
		switch k {
		case bcp.Site:
			row = append(row, text(r.Region))
		case bcp.ICT:
			row = append(row, text(r.AchievableRTO.String()), text(r.AchievableRPO.String()), text(r.BackupInterval.String()),
				text(r.Replication), text(string(r.Standby)), text(d.siteList(r.Sites)))
		case bcp.Supplier:
			row = append(row, text(r.SLA), text(r.ContractRTO.String()), date(r.CapacityConfirmed))
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

// siteList names sites with their regions, so the page shows whether a
// system runs outside the primary region.
func (d *biaData) siteList(refs []string) string {
	var out []string
	for _, ref := range refs {
		s := ref
		if site := d.resources[strings.ToUpper(ref)]; site != nil && site.Region != "" {
			s += " (" + site.Region + ")"
		}
		out = append(out, s)
	}
	return strings.Join(out, ", ")
}

// readinessSection is the ICT readiness view: required against achievable
// recovery per activity, the single points of failure, the other findings.
func (b *builder) readinessSection() Section {
	d := b.bia
	c := d.counts()
	// The verdict and the gap come before the figures, and the other two
	// tables put their long text in the same column: the workbook gives a
	// column one width down the sheet.
	t := &Table{Name: "Readiness", Empty: "No activity is recorded yet.", Columns: []Column{
		{Title: "Ref", Kind: Text, Width: 8},
		{Title: "Activity", Kind: LongText, Width: 22},
		{Title: "Readiness", Kind: RiskLevel, Width: 11},
		{Title: "Gap", Kind: LongText, Width: 40},
		{Title: "Priority", Kind: Number, Width: 8},
		{Title: "Required RTO", Kind: Text, Width: 10},
		{Title: "Achievable RTO", Kind: Text, Width: 13},
		{Title: "Required RPO", Kind: Text, Width: 10},
		{Title: "Achievable RPO", Kind: Text, Width: 13},
		{Title: "Systems", Kind: LongText, Width: 18},
		{Title: "MTPD", Kind: Text, Width: 9, SheetOnly: true},
	}}
	for _, row := range d.readiness {
		a := row.Activity
		priority := Cell{}
		if a.Priority > 0 {
			priority = number(a.Priority)
		}
		var systems []string
		for _, r := range row.Systems {
			systems = append(systems, r.Ref+" "+r.Name)
		}
		verdict, gaps := readinessVerdict(&row)
		t.Rows = append(t.Rows, []Cell{text(a.Ref), text(a.Name), verdict, text(gaps), priority,
			text(a.RTO.String()), text(row.AchievableRTO.String()), text(a.RPO.String()), text(row.AchievableRPO.String()),
			text(strings.Join(systems, "; ")), text(row.MTPD.String())})
	}
	unknown := ""
	if c.unknown > 0 {
		unknown = fmt.Sprintf(", and %d where a system's achievable recovery is not recorded", c.unknown)
	}
	blocks := []Block{
		{Paragraph: fmt.Sprintf("ISO/IEC 27031 asks whether the ICT behind each activity can be recovered as fast as the activity needs (its RTO) "+
			"and with no more data lost than it can bear (its RPO); the achievable figures are the slowest of the ICT systems the activity needs. "+
			"%s: %s in %s%s. A single point of failure is a resource with no alternate or workaround that a top-priority activity (%s) needs; "+
			"people come first, since a person with no trained stand-in is the hardest gap to close in a crisis. "+
			"Other findings are what riskbook check finds in the BIA besides these.",
			risk.Count(c.activities, "activity", "activities"), risk.Count(c.gaps, "readiness gap", "readiness gaps"),
			risk.Count(c.gapActivities, "activity", "activities"), unknown, topPriority(d.settings.TopPriority))},
		{Heading: "Required and achievable recovery"},
		{Table: t},
		{Heading: "Single points of failure"},
		{Table: d.spofTable()},
		{Heading: "Other findings"},
		{Table: d.findingsTable()},
	}
	return Section{ID: "readiness", Title: "ICT readiness", Sheet: "Readiness", Blocks: blocks}
}

// readinessVerdict is a row's coloured verdict and its gaps, one a line.
func readinessVerdict(row *bcp.ReadinessRow) (Cell, string) {
	a := row.Activity
	var gap, unknown bool
	var lines []string
	for _, g := range row.Gaps {
		if strings.HasPrefix(g, biaUnknownPrefix) {
			unknown = true
			g = strings.TrimPrefix(g, biaUnknownPrefix)
		} else {
			gap = true
			g = strings.TrimPrefix(g, biaGapPrefix)
		}
		lines = append(lines, g)
	}
	switch {
	case gap:
		return Cell{Text: "gap", Colour: biaGapColour}, strings.Join(lines, "\n")
	case unknown:
		return Cell{Text: "unknown", Colour: biaUnknownColour}, strings.Join(lines, "\n")
	case len(row.Systems) == 0:
		return text("no ICT"), "none: no ICT system is recorded as needed"
	case a.RTO == 0 && a.RPO == 0:
		return text("no target"), "none can be shown: the activity has no RTO or RPO to compare with"
	}
	return Cell{Text: "ready", Colour: biaReadyColour}, "none"
}

// spofTable lists the single points of failure with the activities at
// stake.
func (d *biaData) spofTable() *Table {
	t := &Table{Name: "SinglePoints", Columns: []Column{
		{Title: "Ref", Kind: Text, Width: 8},
		{Title: "Resource", Kind: LongText, Width: 22},
		{Title: "Kind", Kind: Text, Width: 18},
		{Title: "Needed by", Kind: LongText, Width: 56},
	}, Empty: "No single point of failure: every resource a top-priority activity needs has an alternate or a workaround."}
	acts := map[string]string{}
	for _, a := range d.bia.Activities {
		acts[strings.ToUpper(a.Ref)] = a.Name
	}
	for _, sp := range d.spofs {
		var needed []string
		for _, ref := range sp.Activities {
			needed = append(needed, strings.TrimSpace(ref+" "+acts[strings.ToUpper(ref)]))
		}
		t.Rows = append(t.Rows, []Cell{text(sp.Resource.Ref), text(sp.Resource.Name), text(bcp.KindName(sp.Resource.Kind)),
			text(strings.Join(needed, "; "))})
	}
	return t
}

// findingsTable lists bcp.Check's findings other than those the readiness
// and single-point tables show already.
func (d *biaData) findingsTable() *Table {
	t := &Table{Name: "BIAFindings", Columns: []Column{
		{Title: "Severity", Kind: Enum, Width: 9, Options: []string{"error", "warning", "info"}},
		{Title: "Subject", Kind: LongText, Width: 22},
		{Title: "Rule", Kind: Text, Width: 22},
		{Title: "Finding", Kind: LongText, Width: 56},
	}, Empty: "The other BIA checks find nothing to fix: targets, owners, dependencies, sites and supplier confirmations are in order."}
	subjects := map[string]string{}
	for _, a := range d.bia.Activities {
		subjects[strings.ToUpper(a.Ref)] = a.Name
	}
	for _, r := range d.bia.Resources {
		subjects[strings.ToUpper(r.Ref)] = r.Name
	}
	for _, f := range d.findings {
		if f.Rule == "ict-readiness-gap" || f.Rule == "ict-readiness-unknown" || f.Rule == "single-point-of-failure" {
			continue
		}
		subject := strings.TrimSpace(f.Ref + " " + subjects[strings.ToUpper(f.Ref)])
		if subject == "" {
			subject = "BIA settings"
		}
		t.Rows = append(t.Rows, []Cell{text(f.Severity.String()), text(subject), text(f.Rule), text(sentence(f.Message))})
	}
	return t
}

// sentence starts s with a capital and ends it with a full stop, as a
// finding reads on its own.
func sentence(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return s
	}
	r := []rune(s)
	if r[0] >= 'a' && r[0] <= 'z' {
		r[0] -= 'a' - 'A'
	}
	s = string(r)
	if !strings.HasSuffix(s, ".") {
		s += "."
	}
	return s
}

// continuity is the public summary's view of the BIA: counts only, no
// activity, resource, person or contact named.
func (b *builder) continuity() Section {
	var facts []Fact
	if b.bia != nil {
		c := b.bia.counts()
		unknown := ""
		if c.unknown > 0 {
			unknown = fmt.Sprintf(" (and %d where the achievable recovery is not recorded yet)", c.unknown)
		}
		facts = []Fact{
			{"Activities analysed", fmt.Sprint(c.activities)},
			{"Impacts over time assessed", fmt.Sprintf("%d of %d", c.assessed, c.activities)},
			{"Activities with an MTPD", fmt.Sprint(c.withMTPD)},
			{"RTO within the MTPD", fmt.Sprintf("%d of %d", c.rtoWithin, c.withMTPD)},
			{"Resources depended on", fmt.Sprint(c.resources)},
			{"ICT readiness gaps", fmt.Sprintf("%d%s", c.gaps, unknown)},
			{"Single points of failure", fmt.Sprint(c.spofs)},
		}
	}
	facts = append(facts, b.playbooks.summaryFacts()...)
	if len(b.in.Exercises) > 0 || len(b.in.Playbooks) > 0 {
		facts = append(facts, exerciseSummaryFacts(b.in.Exercises, b.today)...)
	}
	if b.bia == nil {
		return Section{ID: "playbooks", Title: "Continuity", Sheet: "Continuity", Blocks: []Block{
			{Paragraph: fmt.Sprintf("%s writes continuity playbooks (ISO 22301 8.4) for the scenarios it fears most: who declares an incident, "+
				"who does what by when, and how the team reaches each other with the network down. Like the rest of this summary, these "+
				"figures name no playbook, person or supplier.", or(b.in.Profile.Organisation, "The organisation"))},
			{Facts: facts},
		}}
	}
	return Section{ID: "continuity", Title: "Continuity", Sheet: "Continuity", Blocks: []Block{
		{Paragraph: fmt.Sprintf("%s analyses the impact of disrupting its activities (ISO 22301): how long each can be down before "+
			"the harm becomes intolerable (its maximum tolerable period of disruption, MTPD) and how soon it must run again (its "+
			"recovery time objective, RTO). It also checks that its ICT can be recovered in time (ISO/IEC 27031), and writes "+
			"continuity playbooks for the scenarios it fears most. These figures show how far that work has come and how many gaps "+
			"remain open; like the rest of this summary, they name no activity, system, playbook, person or supplier.",
			or(b.in.Profile.Organisation, "The organisation"))},
		{Facts: facts},
	}}
}
