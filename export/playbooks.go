package export

import (
	"fmt"
	"strings"

	"riskbook/bcp"
	"riskbook/i18n"
	"riskbook/risk"
)

// The playbook sections: each continuity plan (ISO 22301 8.4) on its own
// pages, set to be followed at 3 a.m. with the network down — large step
// numbers, who does each step and by when, checklists with boxes to tick
// — and, in the workbook, every playbook and every step as a register.

// pdfBox is a checklist item's box. Noto Sans, the PDF's font, has no
// U+2610 BALLOT BOX, so a box that prints everywhere is typed.
const pdfBox = "[ ]"

// Sizes of the playbook tables' text, in points: larger than the
// registers', for reading under stress.
const (
	playbookTextSize = 9.5
	packTextSize     = 9
)

// notAssigned stands for a role no one is named to (English).
const notAssigned = "not assigned"

// notAssigned stands for a role no one is named to.
func (l docLang) notAssigned() string { return l.T("export.playbook.not_assigned") }

// playbookData is what the playbook sections derive from the input.
type playbookData struct {
	docLang
	list       []bcp.Playbook
	activities map[string]*bcp.Activity // upper-case ref → activity
	top        []string                 // refs of the top-priority activities
	covered    int                      // how many of them a playbook restores
	bia        *bcp.BIA
}

func newPlaybookData(in *Input, l docLang) *playbookData {
	d := &playbookData{docLang: l, list: in.Playbooks, activities: map[string]*bcp.Activity{}, bia: in.BIA}
	if in.BIA == nil {
		return d
	}
	for i := range in.BIA.Activities {
		a := &in.BIA.Activities[i]
		d.activities[strings.ToUpper(a.Ref)] = a
		if in.BIA.Settings.IsTop(a) {
			d.top = append(d.top, a.Ref)
			for j := range in.Playbooks {
				if in.Playbooks[j].Covers(a.Ref) {
					d.covered++
					break
				}
			}
		}
	}
	return d
}

// coverage is "2 of 3 top-priority activities", or "" without any.
func (d *playbookData) coverage() string {
	if len(d.top) == 0 {
		return ""
	}
	return d.N("export.playbooks.coverage", len(d.top), i18n.Args{"Covered": d.p.Int(d.covered)})
}

// glance is the overview's line about the playbooks.
func (d *playbookData) glance() Fact {
	v := d.N("export.entity.playbook", len(d.list))
	if len(d.list) == 0 {
		v = d.T("export.playbooks.none")
	}
	if c := d.coverage(); c != "" {
		v += "; " + d.T("export.playbooks.restored", i18n.Args{"Coverage": c})
	}
	return Fact{d.T("export.playbooks.continuity"), v}
}

// summaryFacts are the public summary's counts: no playbook, role or
// person named.
func (d *playbookData) summaryFacts() []Fact {
	facts := []Fact{{d.T("export.playbooks.continuity"), d.p.Int(len(d.list))}}
	if len(d.top) > 0 {
		facts = append(facts, Fact{d.T("export.playbooks.top"), d.T("export.continuity.of", i18n.Args{"N": d.p.Int(d.covered), "Total": d.p.Int(len(d.top))})})
	}
	return facts
}

// playbookSections are the full report's: a list of the playbooks, each
// playbook on its own pages, and every step for the workbook.
func (b *builder) playbookSections() []Section {
	d := b.playbooks
	list := &Table{Name: "Playbooks", Empty: b.T("export.playbooks.empty"), Columns: []Column{
		{Title: b.T("export.col.ref"), Kind: Text, Width: 8},
		{Title: b.T("export.col.playbook"), Kind: LongText, Width: 30},
		{Title: b.T("export.col.scenario"), Kind: LongText, Width: 60, SheetOnly: true},
		{Title: b.T("export.col.scope"), Kind: LongText, Width: 50, SheetOnly: true},
		{Title: b.T("export.col.restores"), Kind: LongText, Width: 14},
		{Title: b.T("export.col.resources"), Kind: LongText, Width: 14, SheetOnly: true},
		{Title: b.T("export.col.answers_risks"), Kind: LongText, Width: 14, SheetOnly: true},
		{Title: b.T("export.col.activation"), Kind: LongText, Width: 60, SheetOnly: true},
		{Title: b.T("export.col.may_declare"), Kind: LongText, Width: 20, SheetOnly: true},
		{Title: b.T("export.col.roles"), Kind: LongText, Width: 44, SheetOnly: true},
		{Title: b.T("export.col.steps"), Kind: Number, Width: 7},
		{Title: b.T("export.col.meets_rto"), Kind: LongText, Width: 16},
		{Title: b.T("export.playbook.oob"), Kind: LongText, Width: 44, SheetOnly: true},
		{Title: b.T("export.col.version"), Kind: Text, Width: 8},
		{Title: b.T("export.col.owner"), Kind: Text, Width: 14},
		{Title: b.T("export.col.approved"), Kind: Date, Width: 11},
		{Title: b.T("export.col.last_exercised"), Kind: Date, Width: 11},
	}}
	steps := &Table{Name: "Steps", Empty: b.T("export.steps.empty"), Columns: []Column{
		{Title: b.T("export.col.ref"), Kind: Text, Width: 8},
		{Title: b.T("export.col.playbook"), Kind: LongText, Width: 28},
		{Title: b.T("export.col.phase"), Kind: Text, Width: 20},
		{Title: "#", Kind: Number, Width: 5},
		{Title: b.T("export.col.role"), Kind: Text, Width: 18},
		{Title: b.T("export.col.target_time"), Kind: Text, Width: 14},
		{Title: b.T("export.col.what"), Kind: LongText, Width: 40},
		{Title: b.T("export.col.where"), Kind: LongText, Width: 26},
		{Title: b.T("export.col.how"), Kind: LongText, Width: 60},
		{Title: b.T("export.col.checklist"), Kind: LongText, Width: 60},
		{Title: b.T("export.col.brings_back"), Kind: LongText, Width: 14},
	}}
	var pages []Section
	for i := range d.list {
		p := &d.list[i]
		var roles []string
		for _, r := range p.Roles {
			roles = append(roles, b.T("export.playbook.role_line", i18n.Args{"Role": r.Name, "Primary": or(r.Primary, b.notAssigned()), "Alternate": or(r.Alternate, b.notAssigned())}))
		}
		list.Rows = append(list.Rows, []Cell{
			text(p.Ref), text(p.Title), text(p.Scenario), text(p.Scope), text(refList(p.Activities)),
			text(refList(p.Resources)), text(refList(p.Risks)), text(p.ActivationCriteria),
			text(strings.Join(p.MayDeclare, ", ")), text(strings.Join(roles, "\n")), number(p.StepCount()),
			text(d.timingVerdict(p)),
			text(strings.Join(p.OutOfBand, "\n")), text(p.Version), text(p.Owner), b.date(p.Approved), b.date(p.LastExercised),
		})
		for _, ph := range p.Phases {
			for j, s := range ph.Steps {
				steps.Rows = append(steps.Rows, []Cell{
					text(p.Ref), text(p.Title), text(b.value("phase", string(ph.Phase))), number(j + 1), text(s.Who),
					text(b.targetTime(s.When)), text(s.What), text(s.Where), text(s.How), text(checklist(s.Checklist)), text(refList(s.Restores)),
				})
			}
		}
		pages = append(pages, d.playbookPage(p))
	}
	intro := b.T("export.playbooks.intro.none")
	if len(d.list) > 0 {
		intro = b.N("export.playbooks.intro", len(d.list))
		if c := d.coverage(); c != "" {
			intro += " " + b.T("export.playbooks.intro.restore", i18n.Args{"Coverage": c})
		}
		intro += " " + b.T("export.playbooks.intro.workbook")
	}
	out := []Section{{ID: "playbooks", Title: b.T("export.playbooks.title"), Sheet: b.T("export.playbooks.sheet"), Blocks: []Block{
		{Paragraph: intro},
		{Table: list},
	}}}
	out = append(out, pages...)
	return append(out, Section{ID: "steps", Title: b.T("export.steps.title"), Sheet: b.T("export.steps.sheet"), SheetOnly: true, Blocks: []Block{
		{Paragraph: b.T("export.steps.intro")},
		{Table: steps},
	}})
}

// timingVerdict says, for the Playbooks list, whether the playbook meets
// the RTO of every activity it restores.
func (d *playbookData) timingVerdict(p *bcp.Playbook) string {
	ts := bcp.PlanTiming(p, d.bia)
	var missed []string
	judged := 0
	for _, t := range ts {
		meets, ok := t.Meets()
		if ok {
			judged++
		}
		if ok && !meets {
			missed = append(missed, t.Activity.Ref+" ("+d.duration(t.Activity.RTO)+")")
		}
	}
	switch {
	case len(missed) > 0:
		return d.T("export.playbook.timing.misses", i18n.Args{"Missed": strings.Join(missed, ", ")})
	case judged > 0:
		return d.T("export.yes")
	case len(ts) > 0:
		return d.T("export.playbook.timing.unknown")
	}
	return ""
}

// timingLines are the playbook page's lines comparing its recovery time
// with each activity's RTO.
func (d *playbookData) timingLines(p *bcp.Playbook) []string {
	var out []string
	for _, t := range bcp.PlanTiming(p, d.bia) {
		a := t.Activity
		name := strings.TrimSpace(a.Ref + " " + a.Name)
		meets, ok := t.Meets()
		args := i18n.Args{"Activity": name, "RTO": d.duration(a.RTO), "Recovery": d.duration(t.Recovery), "By": d.duration(t.Recovery - a.RTO)}
		switch {
		case a.RTO <= 0:
			out = append(out, d.T("export.playbook.timing.no_rto", args))
		case !t.Marked:
			out = append(out, d.T("export.playbook.timing.unmarked", args))
		case !t.Timed:
			out = append(out, d.T("export.playbook.timing.untimed", args))
		case ok && meets:
			out = append(out, d.T("export.playbook.timing.meets", args))
		default:
			out = append(out, d.T("export.playbook.timing.missed", args))
		}
	}
	return out
}

// playbookPage is one playbook as the team follows it.
func (d *playbookData) playbookPage(p *bcp.Playbook) Section {
	var restores []string
	for _, ref := range p.Activities {
		if a := d.activities[strings.ToUpper(ref)]; a != nil && a.Name != "" {
			restores = append(restores, a.Ref+" "+a.Name)
		} else {
			restores = append(restores, ref)
		}
	}
	facts := []Fact{
		{d.T("export.col.scenario"), p.Scenario},
		{d.T("export.col.scope"), p.Scope},
		{d.T("export.playbook.activate_when"), or(p.ActivationCriteria, d.T("export.playbook.not_written"))},
		{d.T("export.playbook.who_declares"), or(strings.Join(p.MayDeclare, " "+d.T("export.playbook.or")+" "), d.T("export.playbook.not_named"))},
		{d.T("export.col.restores"), or(strings.Join(restores, "; "), d.T("export.playbook.no_activity"))},
	}
	if len(p.Resources) > 0 {
		facts = append(facts, Fact{d.T("export.col.resources"), refList(p.Resources)})
	}
	if len(p.Risks) > 0 {
		facts = append(facts, Fact{d.T("export.col.answers_risks"), refList(p.Risks)})
	}
	if lines := d.timingLines(p); len(lines) > 0 {
		facts = append(facts, Fact{d.T("export.playbook.recovery"), strings.Join(lines, "\n")})
	}
	facts = append(facts, Fact{d.T("export.playbook.document"), d.playbookDocument(p)})
	blocks := []Block{
		{Facts: facts},
		{Heading: d.T("export.playbook.roles")},
		{Table: d.rolesTable(p, nil, true)},
		{Heading: d.T("export.playbook.oob")},
		{Paragraph: d.outOfBand(p)},
	}
	for _, ph := range p.Phases {
		if len(ph.Steps) == 0 {
			continue
		}
		blocks = append(blocks, Block{Heading: d.phaseHeading(p, ph.Phase)}, Block{Table: d.stepsTable(p.Ref, ph, false)})
	}
	if p.StepCount() == 0 {
		blocks = append(blocks, Block{Heading: d.T("export.col.steps")}, Block{Paragraph: d.T("export.playbook.no_step")})
	}
	blocks = append(blocks, Block{Heading: d.T("export.playbook.communications")}, Block{Table: d.communicationsTable(p, true)})
	return Section{ID: "playbook-" + p.Ref, Title: playbookTitle(p), Blocks: blocks}
}

func playbookTitle(p *bcp.Playbook) string {
	return strings.TrimSpace(p.Ref + " " + p.Title)
}

// playbookDocument is a playbook's version, owner, approval and last
// exercise in one line.
func (l docLang) playbookDocument(p *bcp.Playbook) string {
	approved := l.T("export.playbook.document.unapproved")
	if !p.Approved.IsZero() {
		approved = l.T("export.playbook.document.approved", i18n.Args{"Day": l.day(p.Approved)})
	}
	exercised := l.T("export.playbook.document.unexercised")
	if !p.LastExercised.IsZero() {
		exercised = l.T("export.playbook.document.exercised", i18n.Args{"Day": l.day(p.LastExercised)})
	}
	return l.T("export.playbook.document.line", i18n.Args{"Version": or(p.Version, l.T("export.detail.not_set")),
		"Owner": or(p.Owner, l.T("export.detail.not_named")), "Approved": approved, "Exercised": exercised})
}

// phaseHeading is "Phase 3 of 6: Contain and continue", counting the
// phases the playbook has.
func (l docLang) phaseHeading(p *bcp.Playbook, ph bcp.Phase) string {
	n, at := 0, 0
	for _, x := range p.Phases {
		if len(x.Steps) == 0 {
			continue
		}
		n++
		if x.Phase == ph {
			at = n
		}
	}
	return l.T("export.playbook.phase", i18n.Args{"N": at, "Of": n, "Phase": l.value("phase", string(ph))})
}

// targetTime is a step's target as a reader acts on it.
func (l docLang) targetTime(d bcp.Duration) string {
	if d <= 0 {
		return l.T("export.playbook.at_once")
	}
	return l.T("export.playbook.within", i18n.Args{"Duration": l.duration(d)})
}

// pdfTargetTime is targetTime with no break between a number and its
// unit: "within 10 min" may wrap after "within", never before "min".
func (l docLang) pdfTargetTime(d bcp.Duration) string {
	if d <= 0 {
		return l.targetTime(d)
	}
	return l.T("export.playbook.within", i18n.Args{"Duration": strings.ReplaceAll(l.duration(d), " ", "\u00a0")})
}

// checklist is one "[ ] item" line per item.
func checklist(items []string) string {
	var lines []string
	for _, it := range items {
		lines = append(lines, pdfBox+" "+it)
	}
	return strings.Join(lines, "\n")
}

func (l docLang) outOfBand(p *bcp.Playbook) string {
	if len(p.OutOfBand) == 0 {
		return l.T("export.playbook.oob.none")
	}
	var lines []string
	for i, c := range p.OutOfBand {
		lines = append(lines, fmt.Sprintf("%d. %s", i+1, c))
	}
	return l.T("export.playbook.oob.order") + "\n" + strings.Join(lines, "\n")
}

// holderCell names who holds a role and, for the pack, the numbers to call
// them on: every phone, mobile and satellite number of the contact the
// role names, a blank still to fill in included, so that the printed call
// tree shows at once whom it cannot reach.
func (l docLang) holderCell(cs []bcp.Contact, who string, withNumbers bool) string {
	if who == "" {
		return l.notAssigned()
	}
	if !withNumbers {
		return who
	}
	c := bcp.FindContact(cs, who)
	if c == nil {
		return who + "\n" + l.T("export.playbook.holder.unknown")
	}
	var lines []string
	for _, ch := range c.Channels {
		if bcp.IsNumber(ch) {
			lines = append(lines, bcp.ChannelLine(ch))
		}
	}
	if len(lines) == 0 {
		lines = []string{l.T("export.playbook.holder.no_number")}
	}
	return who + "\n" + strings.Join(lines, "\n")
}

// rolesTable is the call tree as far as roles go: withDuties adds what
// each role is responsible for (the playbook's pages), without them (the
// pack) each holder comes with the numbers to call them on.
func (l docLang) rolesTable(p *bcp.Playbook, cs []bcp.Contact, withDuties bool) *Table {
	t := &Table{Name: tableName("Roles", p.Ref), TextSize: playbookTextSize, Empty: l.T("export.playbook.roles.empty"), Columns: []Column{
		{Title: l.T("export.col.role"), Kind: LongText, Width: 20},
	}}
	if withDuties {
		t.Columns = append(t.Columns, Column{Title: l.T("export.col.responsibilities"), Kind: LongText, Width: 53})
	} else {
		t.TextSize = packTextSize
	}
	// In the pack the holders carry their numbers: the columns take the
	// width the duties leave.
	holder := 21.0
	if !withDuties {
		holder = 37
	}
	t.Columns = append(t.Columns, Column{Title: l.T("export.col.primary"), Kind: LongText, Width: holder}, Column{Title: l.T("export.col.alternate"), Kind: LongText, Width: holder})
	for _, r := range p.Roles {
		alt := l.holderCell(cs, r.Alternate, !withDuties)
		if r.Alternate != "" && !r.HasAlternate() {
			alt = r.Alternate + " " + l.T("export.playbook.alternate.same")
		}
		row := []Cell{text(r.Name)}
		if withDuties {
			row = append(row, text(r.Responsibilities))
		}
		t.Rows = append(t.Rows, append(row, text(l.holderCell(cs, r.Primary, !withDuties)), text(alt)))
	}
	return t
}

// stepsTable is one phase's steps: large numbers, who does each step and
// by when (one column, the role over the time, so that both fit a portrait
// page unbroken), what to do and the checklist. compact (the pack) leaves
// out where and how.
func (l docLang) stepsTable(ref string, ph bcp.PhaseSteps, compact bool) *Table {
	t := &Table{Name: tableName("Steps", ref, string(ph.Phase)), TextSize: playbookTextSize, Columns: []Column{
		{Title: "#", Kind: Number, Width: 6, Large: true},
		{Title: l.T("export.col.who_when"), Kind: LongText, Width: 19},
	}}
	if compact {
		t.TextSize = packTextSize
		t.Columns = append(t.Columns, Column{Title: l.T("export.col.step"), Kind: LongText, Width: 36, Lead: true}, Column{Title: l.T("export.col.checklist"), Kind: LongText, Width: 54})
	} else {
		t.Columns = append(t.Columns, Column{Title: l.T("export.col.what_where_how"), Kind: LongText, Width: 52, Lead: true}, Column{Title: l.T("export.col.checklist"), Kind: LongText, Width: 38})
	}
	for j, s := range ph.Steps {
		what := s.What
		if !compact {
			if s.Where != "" {
				what += "\n" + l.T("export.step.where", i18n.Args{"Where": s.Where})
			}
			if s.How != "" {
				what += "\n" + l.T("export.step.how", i18n.Args{"How": s.How})
			}
			if len(s.Restores) > 0 {
				what += "\n" + l.T("export.step.brings_back", i18n.Args{"Refs": refList(s.Restores)})
			}
		}
		t.Rows = append(t.Rows, []Cell{
			{Text: fmt.Sprintf("%d.", j+1), Number: float64(j + 1)}, text(or(s.Who, l.notAssigned()) + "\n" + l.pdfTargetTime(s.When)),
			text(what), text(checklist(s.Checklist)),
		})
	}
	return t
}

// communicationsTable is what to tell whom; the pack keeps the statements
// and how to send them with the network down. Under each statement, who
// approved it — or that no one has yet, which matters when it is sent.
func (l docLang) communicationsTable(p *bcp.Playbook, full bool) *Table {
	t := &Table{Name: tableName("Communications", p.Ref), TextSize: playbookTextSize, Empty: l.T("export.comms.empty"), Columns: []Column{
		{Title: l.T("export.col.audience"), Kind: LongText, Width: 15},
	}}
	if full {
		t.Columns = append(t.Columns, Column{Title: l.T("export.col.channel"), Kind: LongText, Width: 20})
	} else {
		t.TextSize = packTextSize
		t.Empty = l.T("export.comms.empty.statements")
	}
	t.Columns = append(t.Columns, Column{Title: l.T("export.col.out_of_band"), Kind: LongText, Width: 20},
		Column{Title: l.T("export.col.statement"), Kind: LongText, Width: 60})
	for _, c := range p.Communications {
		if !full && strings.TrimSpace(c.Statement) == "" && c.OutOfBand == "" {
			continue
		}
		statement := l.T("export.comms.none")
		if strings.TrimSpace(c.Statement) != "" {
			statement = c.Statement + "\n" + l.T("export.comms.approved_by", i18n.Args{"Who": or(c.ApprovedBy, l.T("export.comms.approved_by.none"))})
		}
		row := []Cell{text(l.value("audience", string(c.Audience)))}
		if full {
			row = append(row, text(c.Channel))
		}
		t.Rows = append(t.Rows, append(row, text(c.OutOfBand), text(statement)))
	}
	return t
}

// tableName makes an Excel-safe table name from parts.
func tableName(parts ...string) string {
	var b strings.Builder
	for _, p := range parts {
		for _, r := range p {
			if r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
				b.WriteRune(r)
			}
		}
	}
	return b.String()
}

// BuildPack makes the network-down pack: for each playbook, the out-of-band
// channels, the call tree (the roles with their primary and alternate), the
// pre-approved statements and the checklists of every step — what a team
// needs on paper when the network is gone, and nothing else: no risk, no
// BIA, no change log. With contacts, the call tree and each contact's
// out-of-band channels come first, once for all the playbooks.
func BuildPack(in *Input) (*Report, error) {
	if in == nil {
		return nil, risk.Errorf(risk.EINVALID, "nothing to build a pack from")
	}
	pin := *in
	pin.Level = Pack
	b := newBuilder(&pin)
	d := newPlaybookData(&pin, b.docLang)
	m := b.meta()
	m.Title = b.T("export.pack.title")
	m.Subject = b.T("export.pack.subject")
	r := &Report{Meta: m, Revisions: b.revisions(), Digest: in.Digest, Printer: b.p}
	if len(d.list) == 0 {
		r.Sections = []Section{{ID: "pack", Title: b.T("export.playbooks.title"), Blocks: []Block{{Paragraph: b.T("export.pack.empty")}}}}
		return r, nil
	}
	// The call tree once, before the playbooks: the same people are called
	// whichever playbook runs.
	if ct := b.packCallTree(in.Contacts); ct != nil {
		r.Sections = append(r.Sections, *ct)
	}
	for i := range d.list {
		p := &d.list[i]
		blocks := []Block{
			{Heading: b.T("export.playbook.oob")},
			{Paragraph: b.outOfBand(p)},
			{Heading: b.T("export.pack.call_tree")},
			{Table: b.rolesTable(p, in.Contacts, false)},
			{Heading: b.T("export.pack.statements")},
			{Table: b.communicationsTable(p, false)},
		}
		for _, ph := range p.Phases {
			if len(ph.Steps) > 0 {
				blocks = append(blocks, Block{Heading: b.T("export.pack.checklists", i18n.Args{"Phase": b.phaseHeading(p, ph.Phase)})}, Block{Table: b.stepsTable(p.Ref, ph, true)})
			}
		}
		r.Sections = append(r.Sections, Section{ID: "pack-" + p.Ref, Title: playbookTitle(p), Blocks: blocks})
	}
	return r, nil
}
