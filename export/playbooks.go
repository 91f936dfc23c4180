package export

import (
	"fmt"
	"strings"

	"riskbook/bcp"
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

// notAssigned stands for a role no one is named to.
const notAssigned = "not assigned"

// playbookData is what the playbook sections derive from the input.
type playbookData struct {
	list       []bcp.Playbook
	activities map[string]*bcp.Activity // upper-case ref → activity
	top        []string                 // refs of the top-priority activities
	covered    int                      // how many of them a playbook restores
	bia        *bcp.BIA
}

func newPlaybookData(in *Input) *playbookData {
	d := &playbookData{list: in.Playbooks, activities: map[string]*bcp.Activity{}, bia: in.BIA}
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
	return fmt.Sprintf("%d of %s", d.covered, risk.Count(len(d.top), "top-priority activity", "top-priority activities"))
}

// glance is the overview's line about the playbooks.
func (d *playbookData) glance() Fact {
	v := risk.Count(len(d.list), "playbook", "playbooks")
	if len(d.list) == 0 {
		v = "none written yet"
	}
	if c := d.coverage(); c != "" {
		v += "; " + c + " restored by one"
	}
	return Fact{"Continuity playbooks", v}
}

// summaryFacts are the public summary's counts: no playbook, role or
// person named.
func (d *playbookData) summaryFacts() []Fact {
	facts := []Fact{{"Continuity playbooks", fmt.Sprint(len(d.list))}}
	if len(d.top) > 0 {
		facts = append(facts, Fact{"Top-priority activities with a playbook", fmt.Sprintf("%d of %d", d.covered, len(d.top))})
	}
	return facts
}

// playbookSections are the full report's: a list of the playbooks, each
// playbook on its own pages, and every step for the workbook.
func (b *builder) playbookSections() []Section {
	d := b.playbooks
	list := &Table{Name: "Playbooks", Empty: "No playbook is written yet.", Columns: []Column{
		{Title: "Ref", Kind: Text, Width: 8},
		{Title: "Playbook", Kind: LongText, Width: 30},
		{Title: "Scenario", Kind: LongText, Width: 60, SheetOnly: true},
		{Title: "Scope", Kind: LongText, Width: 50, SheetOnly: true},
		{Title: "Restores", Kind: LongText, Width: 14},
		{Title: "Resources", Kind: LongText, Width: 14, SheetOnly: true},
		{Title: "Answers risks", Kind: LongText, Width: 14, SheetOnly: true},
		{Title: "Activation criteria", Kind: LongText, Width: 60, SheetOnly: true},
		{Title: "May declare", Kind: LongText, Width: 20, SheetOnly: true},
		{Title: "Roles (primary / alternate)", Kind: LongText, Width: 44, SheetOnly: true},
		{Title: "Steps", Kind: Number, Width: 7},
		{Title: "Meets the RTO", Kind: LongText, Width: 16},
		{Title: "Out-of-band channels", Kind: LongText, Width: 44, SheetOnly: true},
		{Title: "Version", Kind: Text, Width: 8},
		{Title: "Owner", Kind: Text, Width: 14},
		{Title: "Approved", Kind: Date, Width: 11},
		{Title: "Last exercised", Kind: Date, Width: 11},
	}}
	steps := &Table{Name: "Steps", Empty: "No playbook has steps yet.", Columns: []Column{
		{Title: "Ref", Kind: Text, Width: 8},
		{Title: "Playbook", Kind: LongText, Width: 28},
		{Title: "Phase", Kind: Text, Width: 20},
		{Title: "#", Kind: Number, Width: 5},
		{Title: "Role", Kind: Text, Width: 18},
		{Title: "Target time", Kind: Text, Width: 14},
		{Title: "What", Kind: LongText, Width: 40},
		{Title: "Where", Kind: LongText, Width: 26},
		{Title: "How", Kind: LongText, Width: 60},
		{Title: "Checklist", Kind: LongText, Width: 60},
		{Title: "Brings back", Kind: LongText, Width: 14},
	}}
	var pages []Section
	for i := range d.list {
		p := &d.list[i]
		var roles []string
		for _, r := range p.Roles {
			roles = append(roles, fmt.Sprintf("%s: %s / %s", r.Name, or(r.Primary, notAssigned), or(r.Alternate, notAssigned)))
		}
		list.Rows = append(list.Rows, []Cell{
			text(p.Ref), text(p.Title), text(p.Scenario), text(p.Scope), text(refList(p.Activities)),
			text(refList(p.Resources)), text(refList(p.Risks)), text(p.ActivationCriteria),
			text(strings.Join(p.MayDeclare, ", ")), text(strings.Join(roles, "\n")), number(p.StepCount()),
			text(d.timingVerdict(p)),
			text(strings.Join(p.OutOfBand, "\n")), text(p.Version), text(p.Owner), date(p.Approved), date(p.LastExercised),
		})
		for _, ph := range p.Phases {
			for j, s := range ph.Steps {
				steps.Rows = append(steps.Rows, []Cell{
					text(p.Ref), text(p.Title), text(bcp.PhaseName(ph.Phase)), number(j + 1), text(s.Who),
					text(targetTime(s.When)), text(s.What), text(s.Where), text(s.How), text(checklist(s.Checklist)), text(refList(s.Restores)),
				})
			}
		}
		pages = append(pages, d.playbookPage(p))
	}
	intro := "No continuity playbook is written yet: nothing here says who declares an incident, who does what by when, or " +
		"how to reach each other when the network is down. Start from one of the scenario templates (\"New playbook from template\")."
	if len(d.list) > 0 {
		intro = fmt.Sprintf("%s (ISO 22301 8.4), each on its own pages: when to activate it and who may declare it, the roles with "+
			"their primary and alternate, how to reach each other when the usual network is down, then the steps of each phase in order "+
			"— who does each one, by when after activation, and a checklist to tick — and what to tell whom.",
			risk.Count(len(d.list), "continuity playbook", "continuity playbooks"))
		if c := d.coverage(); c != "" {
			intro += " They restore " + c + "."
		}
		intro += " The workbook lists every step on the Steps sheet; Export in the File menu (or riskbook export --pack) prints the network-down pack."
	}
	out := []Section{{ID: "playbooks", Title: "Playbooks", Sheet: "Playbooks", Blocks: []Block{
		{Paragraph: intro},
		{Table: list},
	}}}
	out = append(out, pages...)
	return append(out, Section{ID: "steps", Title: "Playbook steps", Sheet: "Steps", SheetOnly: true, Blocks: []Block{
		{Paragraph: "Every step of every playbook, in order: its phase, its number within the phase, the role that does it, the target time after activation, and its checklist."},
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
			missed = append(missed, t.Activity.Ref+" ("+t.Activity.RTO.String()+")")
		}
	}
	switch {
	case len(missed) > 0:
		return "NO: misses " + strings.Join(missed, ", ")
	case judged > 0:
		return "yes"
	case len(ts) > 0:
		return "cannot tell: no timed step restores them, or no RTO"
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
		switch {
		case a.RTO <= 0:
			out = append(out, name+": no RTO set, so the plan's timing cannot be judged")
		case !t.Marked:
			out = append(out, fmt.Sprintf("%s: RTO %s; no step says when it is back", name, a.RTO))
		case !t.Timed:
			out = append(out, fmt.Sprintf("%s: RTO %s; the step that restores it has no target time", name, a.RTO))
		case ok && meets:
			out = append(out, fmt.Sprintf("%s: RTO %s; the steps bring it back by %s — meets it", name, a.RTO, t.Recovery))
		default:
			out = append(out, fmt.Sprintf("%s: RTO %s; the steps bring it back only by %s — MISSES it by %s", name, a.RTO, t.Recovery,
				bcp.Duration(t.Recovery-a.RTO)))
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
		{"Scenario", p.Scenario},
		{"Scope", p.Scope},
		{"Activate when", or(p.ActivationCriteria, "not written yet")},
		{"Who may declare", or(strings.Join(p.MayDeclare, " or "), "not named yet")},
		{"Restores", or(strings.Join(restores, "; "), "no activity linked")},
	}
	if len(p.Resources) > 0 {
		facts = append(facts, Fact{"Resources", refList(p.Resources)})
	}
	if len(p.Risks) > 0 {
		facts = append(facts, Fact{"Answers risks", refList(p.Risks)})
	}
	if lines := d.timingLines(p); len(lines) > 0 {
		facts = append(facts, Fact{"Recovery against the RTO", strings.Join(lines, "\n")})
	}
	facts = append(facts, Fact{"Document", playbookDocument(p)})
	blocks := []Block{
		{Facts: facts},
		{Heading: "Roles"},
		{Table: rolesTable(p, nil, true)},
		{Heading: "Out-of-band channels"},
		{Paragraph: outOfBand(p)},
	}
	for _, ph := range p.Phases {
		if len(ph.Steps) == 0 {
			continue
		}
		blocks = append(blocks, Block{Heading: phaseHeading(p, ph.Phase)}, Block{Table: stepsTable(p.Ref, ph, false)})
	}
	if p.StepCount() == 0 {
		blocks = append(blocks, Block{Heading: "Steps"}, Block{Paragraph: "No step is written yet."})
	}
	blocks = append(blocks, Block{Heading: "Communications"}, Block{Table: communicationsTable(p, true)})
	return Section{ID: "playbook-" + p.Ref, Title: playbookTitle(p), Blocks: blocks}
}

func playbookTitle(p *bcp.Playbook) string {
	return strings.TrimSpace(p.Ref + " " + p.Title)
}

// playbookDocument is a playbook's version, owner, approval and last
// exercise in one line.
func playbookDocument(p *bcp.Playbook) string {
	parts := []string{"version " + or(p.Version, "not set"), "owner " + or(p.Owner, "not named")}
	if p.Approved.IsZero() {
		parts = append(parts, "not approved yet")
	} else {
		parts = append(parts, "approved "+p.Approved.String())
	}
	if p.LastExercised.IsZero() {
		parts = append(parts, "never exercised")
	} else {
		parts = append(parts, "last exercised "+p.LastExercised.String())
	}
	s := strings.Join(parts, "; ")
	return strings.ToUpper(s[:1]) + s[1:]
}

// phaseHeading is "Phase 3 of 6: Contain and continue", counting the
// phases the playbook has.
func phaseHeading(p *bcp.Playbook, ph bcp.Phase) string {
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
	return fmt.Sprintf("Phase %d of %d: %s", at, n, bcp.PhaseName(ph))
}

// targetTime is a step's target as a reader acts on it.
func targetTime(d bcp.Duration) string {
	if d <= 0 {
		return "at once"
	}
	return "within " + d.String()
}

// pdfTargetTime is targetTime with no break between a number and its
// unit: "within 10 min" may wrap after "within", never before "min".
func pdfTargetTime(d bcp.Duration) string {
	if d <= 0 {
		return targetTime(d)
	}
	return "within " + strings.ReplaceAll(d.String(), " ", "\u00a0")
}

// checklist is one "[ ] item" line per item.
func checklist(items []string) string {
	var lines []string
	for _, it := range items {
		lines = append(lines, pdfBox+" "+it)
	}
	return strings.Join(lines, "\n")
}

func outOfBand(p *bcp.Playbook) string {
	if len(p.OutOfBand) == 0 {
		return "None recorded: agree now how the team reaches each other when e-mail, chat and the office phones are down."
	}
	var lines []string
	for i, c := range p.OutOfBand {
		lines = append(lines, fmt.Sprintf("%d. %s", i+1, c))
	}
	return "Try them in this order:\n" + strings.Join(lines, "\n")
}

// holderCell names who holds a role and, for the pack, the numbers to call
// them on: every phone, mobile and satellite number of the contact the
// role names, a blank still to fill in included, so that the printed call
// tree shows at once whom it cannot reach.
func holderCell(cs []bcp.Contact, who string, withNumbers bool) string {
	if who == "" {
		return notAssigned
	}
	if !withNumbers {
		return who
	}
	c := bcp.FindContact(cs, who)
	if c == nil {
		return who + "\nno number: not in the contacts"
	}
	var lines []string
	for _, ch := range c.Channels {
		if bcp.IsNumber(ch) {
			lines = append(lines, bcp.ChannelLine(ch))
		}
	}
	if len(lines) == 0 {
		lines = []string{"no number recorded"}
	}
	return who + "\n" + strings.Join(lines, "\n")
}

// rolesTable is the call tree as far as roles go: withDuties adds what
// each role is responsible for (the playbook's pages), without them (the
// pack) each holder comes with the numbers to call them on.
func rolesTable(p *bcp.Playbook, cs []bcp.Contact, withDuties bool) *Table {
	t := &Table{Name: tableName("Roles", p.Ref), TextSize: playbookTextSize, Empty: "No role is defined yet.", Columns: []Column{
		{Title: "Role", Kind: LongText, Width: 20},
	}}
	if withDuties {
		t.Columns = append(t.Columns, Column{Title: "Responsibilities", Kind: LongText, Width: 53})
	} else {
		t.TextSize = packTextSize
	}
	// In the pack the holders carry their numbers: the columns take the
	// width the duties leave.
	holder := 21.0
	if !withDuties {
		holder = 37
	}
	t.Columns = append(t.Columns, Column{Title: "Primary", Kind: LongText, Width: holder}, Column{Title: "Alternate", Kind: LongText, Width: holder})
	for _, r := range p.Roles {
		alt := holderCell(cs, r.Alternate, !withDuties)
		if r.Alternate != "" && !r.HasAlternate() {
			alt = r.Alternate + " (the primary: no alternate)"
		}
		row := []Cell{text(r.Name)}
		if withDuties {
			row = append(row, text(r.Responsibilities))
		}
		t.Rows = append(t.Rows, append(row, text(holderCell(cs, r.Primary, !withDuties)), text(alt)))
	}
	return t
}

// stepsTable is one phase's steps: large numbers, who does each step and
// by when (one column, the role over the time, so that both fit a portrait
// page unbroken), what to do and the checklist. compact (the pack) leaves
// out where and how.
func stepsTable(ref string, ph bcp.PhaseSteps, compact bool) *Table {
	t := &Table{Name: tableName("Steps", ref, string(ph.Phase)), TextSize: playbookTextSize, Columns: []Column{
		{Title: "#", Kind: Number, Width: 6, Large: true},
		{Title: "Who, by when", Kind: LongText, Width: 19},
	}}
	if compact {
		t.TextSize = packTextSize
		t.Columns = append(t.Columns, Column{Title: "Step", Kind: LongText, Width: 36, Lead: true}, Column{Title: "Checklist", Kind: LongText, Width: 54})
	} else {
		t.Columns = append(t.Columns, Column{Title: "What, where, how", Kind: LongText, Width: 52, Lead: true}, Column{Title: "Checklist", Kind: LongText, Width: 38})
	}
	for j, s := range ph.Steps {
		what := s.What
		if !compact {
			if s.Where != "" {
				what += "\nWhere: " + s.Where
			}
			if s.How != "" {
				what += "\nHow: " + s.How
			}
			if len(s.Restores) > 0 {
				what += "\nBrings back: " + refList(s.Restores)
			}
		}
		t.Rows = append(t.Rows, []Cell{
			{Text: fmt.Sprintf("%d.", j+1), Number: float64(j + 1)}, text(or(s.Who, notAssigned) + "\n" + pdfTargetTime(s.When)),
			text(what), text(checklist(s.Checklist)),
		})
	}
	return t
}

// communicationsTable is what to tell whom; the pack keeps the statements
// and how to send them with the network down. Under each statement, who
// approved it — or that no one has yet, which matters when it is sent.
func communicationsTable(p *bcp.Playbook, full bool) *Table {
	t := &Table{Name: tableName("Communications", p.Ref), TextSize: playbookTextSize, Empty: "No communication is planned yet.", Columns: []Column{
		{Title: "Audience", Kind: LongText, Width: 15},
	}}
	if full {
		t.Columns = append(t.Columns, Column{Title: "Channel", Kind: LongText, Width: 20})
	} else {
		t.TextSize = packTextSize
		t.Empty = "No statement is prepared yet."
	}
	t.Columns = append(t.Columns, Column{Title: "Out of band", Kind: LongText, Width: 20},
		Column{Title: "Pre-approved statement", Kind: LongText, Width: 60})
	for _, c := range p.Communications {
		if !full && strings.TrimSpace(c.Statement) == "" && c.OutOfBand == "" {
			continue
		}
		statement := "None prepared."
		if strings.TrimSpace(c.Statement) != "" {
			statement = c.Statement + "\nApproved by: " + or(c.ApprovedBy, "no one yet")
		}
		row := []Cell{text(bcp.AudienceName(c.Audience))}
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
	d := newPlaybookData(&pin)
	m := b.meta()
	m.Title = "Network-down pack"
	m.Subject = "For each continuity playbook: out-of-band channels, call tree, pre-approved statements and step checklists"
	r := &Report{Meta: m, Revisions: b.revisions(), Digest: in.Digest}
	if len(d.list) == 0 {
		r.Sections = []Section{{ID: "pack", Title: "Playbooks", Blocks: []Block{{Paragraph: "No continuity playbook is written yet, " +
			"so this pack holds nothing to act on. Write a playbook (start from one of the scenario templates) and print the pack again."}}}}
		return r, nil
	}
	// The call tree once, before the playbooks: the same people are called
	// whichever playbook runs.
	if ct := packCallTree(in.Contacts); ct != nil {
		r.Sections = append(r.Sections, *ct)
	}
	for i := range d.list {
		p := &d.list[i]
		blocks := []Block{
			{Heading: "Out-of-band channels"},
			{Paragraph: outOfBand(p)},
			{Heading: "Call tree"},
			{Table: rolesTable(p, in.Contacts, false)},
			{Heading: "Pre-approved statements"},
			{Table: communicationsTable(p, false)},
		}
		for _, ph := range p.Phases {
			if len(ph.Steps) > 0 {
				blocks = append(blocks, Block{Heading: "Checklists — " + phaseHeading(p, ph.Phase)}, Block{Table: stepsTable(p.Ref, ph, true)})
			}
		}
		r.Sections = append(r.Sections, Section{ID: "pack-" + p.Ref, Title: playbookTitle(p), Blocks: blocks})
	}
	return r, nil
}
