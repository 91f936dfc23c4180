package export

import (
	"slices"
	"strings"

	"riskbook/bcp"
	"riskbook/i18n"
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
		counts = append(counts, d.kindCount(k, len(byKind[k])))
	}
	args := i18n.Args{"Resources": d.N("export.entity.resource", len(d.bia.Resources)), "Kinds": strings.Join(counts, ", ")}
	intro := d.T("export.resources.intro", args)
	if p := strings.TrimSpace(d.settings.PrimaryRegion); p != "" {
		args["Region"] = p
		intro = d.T("export.resources.intro.region", args)
	}
	blocks := []Block{{Paragraph: intro}}
	title, sheet := b.T("export.resources.title"), b.T("export.resources.sheet")
	if len(d.bia.Resources) == 0 {
		return Section{ID: "resources", Title: title, Sheet: sheet, Blocks: append(blocks,
			Block{Table: d.resourceTable("", nil)})}
	}
	for _, k := range bcp.Kinds {
		if len(byKind[k]) > 0 {
			blocks = append(blocks, Block{Heading: d.value("kind", string(k))}, Block{Table: d.resourceTable(k, byKind[k])})
		}
	}
	if len(other) > 0 {
		blocks = append(blocks, Block{Heading: d.T("export.resources.other")}, Block{Table: d.resourceTable("", other)})
	}
	return Section{ID: "resources", Title: title, Sheet: sheet, Blocks: blocks}
}

// kindCount is "1 person", "2 ICT systems", "no equipment".
func (l docLang) kindCount(k bcp.Kind, n int) string {
	switch k {
	case bcp.Person:
		return l.N("export.resources.count.person", n)
	case bcp.Site:
		return l.N("export.resources.count.site", n)
	case bcp.ICT:
		return l.N("export.resources.count.ict", n)
	case bcp.Supplier:
		return l.N("export.resources.count.supplier", n)
	case bcp.Equipment:
		if n == 0 {
			return l.T("export.resources.count.equipment.none")
		}
		return l.N("export.resources.count.equipment", n)
	}
	return l.p.Int(n) + " " + string(k)
}

// resourceTable is one kind's table. The columns every kind shares come
// first (the workbook's alone included), so that the workbook's columns
// keep one width down the sheet.
func (d *biaData) resourceTable(k bcp.Kind, rs []*bcp.Resource) *Table {
	name := map[bcp.Kind]string{bcp.Person: "People", bcp.Site: "Sites", bcp.ICT: "ICTSystems",
		bcp.Supplier: "Suppliers", bcp.Equipment: "Equipment"}[k]
	title := ""
	if k != "" {
		title = d.value("kind", string(k))
	}
	t := &Table{Name: or(name, "Resources"), Title: title, Empty: d.T("export.resources.empty"), Columns: []Column{
		{Title: d.T("export.col.ref"), Kind: Text, Width: 8},
		{Title: d.T("export.col.name"), Kind: LongText, Width: 20},
		{Title: d.T("export.col.alternates"), Kind: LongText, Width: 24},
		{Title: d.T("export.col.spof"), Kind: RiskLevel, Width: 7},
		{Title: d.T("export.col.needed_by"), Kind: LongText, Width: 11},
		{Title: d.T("export.col.threatened_by"), Kind: LongText, Width: 12},
		{Title: d.T("export.col.description"), Kind: LongText, Width: 40, SheetOnly: true},
		{Title: d.T("export.col.contacts"), Kind: LongText, Width: 30, SheetOnly: true},
	}}
	switch k {
	case bcp.Site:
		t.Columns = append(t.Columns, Column{Title: d.T("export.col.region"), Kind: Text, Width: 16})
	case bcp.ICT:
		t.Columns = append(t.Columns,
			Column{Title: d.T("export.col.achievable_rto"), Kind: Text, Width: 13},
			Column{Title: d.T("export.col.achievable_rpo"), Kind: Text, Width: 13},
			Column{Title: d.T("export.col.backup_interval"), Kind: Text, Width: 10},
			Column{Title: d.T("export.col.replication"), Kind: LongText, Width: 24},
			Column{Title: d.T("export.col.standby"), Kind: Enum, Width: 10, Options: d.values("standby", names(bcp.Standbys))},
			Column{Title: d.T("export.col.sites"), Kind: LongText, Width: 14})
	case bcp.Supplier:
		t.Columns = append(t.Columns,
			Column{Title: "SLA", Kind: LongText, Width: 24},
			Column{Title: d.T("export.col.contract_rto"), Kind: Text, Width: 9},
			Column{Title: d.T("export.col.capacity_confirmed"), Kind: Date, Width: 11})
	}
	yes, no := d.T("export.yes"), d.T("export.no")
	spof := map[string]bool{}
	for _, sp := range d.spofs {
		spof[strings.ToUpper(sp.Resource.Ref)] = true
	}
	for _, r := range rs {
		key := strings.ToUpper(r.Ref)
		row := []Cell{text(r.Ref), text(r.Name), text(or(r.Alternates, d.T("export.resources.alternates.none"))), text(no),
			text(refList(d.neededBy[key])), text(strings.Join(d.threats[key], ", ")), text(r.Description), text(r.Contacts)}
		if spof[key] {
			row[3] = Cell{Text: yes, Colour: biaGapColour}
		}
		switch k {
		case bcp.Site:
			row = append(row, text(r.Region))
		case bcp.ICT:
			row = append(row, text(d.duration(r.AchievableRTO)), text(d.duration(r.AchievableRPO)), text(d.duration(r.BackupInterval)),
				text(r.Replication), text(d.value("standby", string(r.Standby))), text(d.siteList(r.Sites)))
		case bcp.Supplier:
			row = append(row, text(r.SLA), text(d.duration(r.ContractRTO)), d.date(r.CapacityConfirmed))
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
	t := &Table{Name: "Readiness", Title: b.T("export.readiness.required"), Empty: b.T("export.bia.activities.empty"), Columns: []Column{
		{Title: b.T("export.col.ref"), Kind: Text, Width: 8},
		{Title: b.T("export.col.activity"), Kind: LongText, Width: 22},
		{Title: b.T("export.col.readiness"), Kind: RiskLevel, Width: 11},
		{Title: b.T("export.col.gap"), Kind: LongText, Width: 40},
		{Title: b.T("export.col.priority"), Kind: Number, Width: 8},
		{Title: b.T("export.col.required_rto"), Kind: Text, Width: 10},
		{Title: b.T("export.col.achievable_rto"), Kind: Text, Width: 13},
		{Title: b.T("export.col.required_rpo"), Kind: Text, Width: 10},
		{Title: b.T("export.col.achievable_rpo"), Kind: Text, Width: 13},
		{Title: b.T("export.col.systems"), Kind: LongText, Width: 18},
		{Title: b.T("export.col.mtpd"), Kind: Text, Width: 9, SheetOnly: true},
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
		verdict, gaps := d.readinessVerdict(&row)
		t.Rows = append(t.Rows, []Cell{text(a.Ref), text(a.Name), verdict, text(gaps), priority,
			text(d.duration(a.RTO)), text(d.duration(row.AchievableRTO)), text(d.duration(a.RPO)), text(d.duration(row.AchievableRPO)),
			text(strings.Join(systems, "; ")), text(d.duration(row.MTPD))})
	}
	args := i18n.Args{"Activities": b.N("export.bia.activities", c.activities), "Gaps": b.N("export.readiness.gaps", c.gaps),
		"In": b.N("export.bia.activities", c.gapActivities), "Top": d.topPriority(), "Unknown": b.p.Int(c.unknown)}
	intro := b.T("export.readiness.intro", args)
	if c.unknown > 0 {
		intro = b.T("export.readiness.intro.unknown", args)
	}
	blocks := []Block{
		{Paragraph: intro},
		{Heading: b.T("export.readiness.required")},
		{Table: t},
		{Heading: b.T("export.readiness.spofs")},
		{Table: d.spofTable()},
		{Heading: b.T("export.readiness.findings")},
		{Table: d.findingsTable()},
	}
	return Section{ID: "readiness", Title: b.T("export.readiness.title"), Sheet: b.T("export.readiness.sheet"), Blocks: blocks}
}

// topPriority names the top-priority activities: "priority 1 activities",
// "priorities 1 to 2".
func (d *biaData) topPriority() string {
	if n := d.settings.TopPriority; n > 1 {
		return d.T("export.bia.top", i18n.Args{"N": n})
	}
	return d.T("export.bia.top.one")
}

// readinessVerdict is a row's coloured verdict and its gaps, one a line.
func (l docLang) readinessVerdict(row *bcp.ReadinessRow) (Cell, string) {
	a := row.Activity
	var gap, unknown bool
	var lines []string
	for _, g := range row.GapTexts {
		// The verdict column says gap or unknown: the line says the rest.
		if g.Unknown {
			unknown = true
		} else {
			gap = true
		}
		lines = append(lines, g.Detail.In(l.p))
	}
	switch {
	case gap:
		return Cell{Text: l.T("export.readiness.gap"), Colour: biaGapColour}, strings.Join(lines, "\n")
	case unknown:
		return Cell{Text: l.T("export.readiness.unknown"), Colour: biaUnknownColour}, strings.Join(lines, "\n")
	case len(row.Systems) == 0:
		return text(l.T("export.readiness.no_ict")), l.T("export.readiness.no_ict.gap")
	case a.RTO == 0 && a.RPO == 0:
		return text(l.T("export.readiness.no_target")), l.T("export.readiness.no_target.gap")
	}
	return Cell{Text: l.T("export.readiness.ready"), Colour: biaReadyColour}, l.T("export.readiness.ready.gap")
}

// spofTable lists the single points of failure with the activities at
// stake.
func (d *biaData) spofTable() *Table {
	t := &Table{Name: "SinglePoints", Title: d.T("export.readiness.spofs"), Columns: []Column{
		{Title: d.T("export.col.ref"), Kind: Text, Width: 8},
		{Title: d.T("export.col.resource"), Kind: LongText, Width: 22},
		{Title: d.T("export.col.kind"), Kind: Text, Width: 18},
		{Title: d.T("export.col.needed_by"), Kind: LongText, Width: 56},
	}, Empty: d.T("export.readiness.spofs.empty")}
	acts := map[string]string{}
	for _, a := range d.bia.Activities {
		acts[strings.ToUpper(a.Ref)] = a.Name
	}
	for _, sp := range d.spofs {
		var needed []string
		for _, ref := range sp.Activities {
			needed = append(needed, strings.TrimSpace(ref+" "+acts[strings.ToUpper(ref)]))
		}
		t.Rows = append(t.Rows, []Cell{text(sp.Resource.Ref), text(sp.Resource.Name), text(d.value("kind", string(sp.Resource.Kind))),
			text(strings.Join(needed, "; "))})
	}
	return t
}

// findingsTable lists bcp.Check's findings other than those the readiness
// and single-point tables show already.
func (d *biaData) findingsTable() *Table {
	t := &Table{Name: "BIAFindings", Title: d.T("export.readiness.findings"), Columns: []Column{
		{Title: d.T("export.col.severity"), Kind: Enum, Width: 9, Options: d.severities()},
		{Title: d.T("export.col.subject"), Kind: LongText, Width: 22},
		{Title: d.T("export.col.rule"), Kind: Text, Width: 22},
		{Title: d.T("export.col.finding"), Kind: LongText, Width: 56},
	}, Empty: d.T("export.readiness.findings.empty")}
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
			subject = d.T("export.readiness.findings.settings")
		}
		t.Rows = append(t.Rows, []Cell{text(f.Severity.In(d.p)), text(subject), text(f.Rule), text(sentence(f.In(d.p)))})
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
		gaps := b.p.Int(c.gaps)
		if c.unknown > 0 {
			gaps = b.T("export.continuity.gaps.unknown", i18n.Args{"Gaps": gaps, "Unknown": b.p.Int(c.unknown)})
		}
		of := func(n, total int) string {
			return b.T("export.continuity.of", i18n.Args{"N": b.p.Int(n), "Total": b.p.Int(total)})
		}
		facts = []Fact{
			{b.T("export.continuity.activities"), b.p.Int(c.activities)},
			{b.T("export.continuity.assessed"), of(c.assessed, c.activities)},
			{b.T("export.continuity.mtpd"), b.p.Int(c.withMTPD)},
			{b.T("export.continuity.rto"), of(c.rtoWithin, c.withMTPD)},
			{b.T("export.continuity.resources"), b.p.Int(c.resources)},
			{b.T("export.continuity.gaps"), gaps},
			{b.T("export.readiness.spofs"), b.p.Int(c.spofs)},
		}
	}
	facts = append(facts, b.playbooks.summaryFacts()...)
	if len(b.in.Exercises) > 0 || len(b.in.Playbooks) > 0 {
		facts = append(facts, b.exerciseSummaryFacts(b.in.Exercises, b.today)...)
	}
	org := strings.TrimSpace(b.in.Profile.Organisation)
	title, sheet := b.T("export.continuity.title"), b.T("export.continuity.sheet")
	if b.bia == nil {
		intro := b.T("export.continuity.playbooks.unnamed")
		if org != "" {
			intro = b.T("export.continuity.playbooks", i18n.Args{"Org": org})
		}
		return Section{ID: "playbooks", Title: title, Sheet: sheet, Blocks: []Block{{Paragraph: intro}, {Facts: facts}}}
	}
	intro := b.T("export.continuity.intro.unnamed")
	if org != "" {
		intro = b.T("export.continuity.intro", i18n.Args{"Org": org})
	}
	return Section{ID: "continuity", Title: title, Sheet: sheet, Blocks: []Block{{Paragraph: intro}, {Facts: facts}}}
}
