package export

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"riskbook/bcp"
	"riskbook/i18n"
	"riskbook/risk"
)

// The tabletop kit (ISO 22301 8.5): everything a facilitator needs to run
// one playbook's exercise on paper — how to run it, the scenario, a card
// per role, the injects in time order, questions per phase with room for
// the answers, a notes sheet and a findings form to copy into Riskbook
// afterwards.

// Sizes of the kit's text, in points. The forms' text size sets the
// height of their writing lines: 12 points gives lines about 7.7 mm apart.
const (
	kitTextSize = 9.5
	kitFormSize = 12
)

// kitBlank is an empty cell lines tall, to write in. A no-break space
// ends it: the renderer drops trailing blank lines.
func kitBlank(lines int) Cell {
	return text(strings.Repeat("\n", max(lines-1, 0)) + "\u00a0")
}

// kitFindingRows is how many rows the findings form has.
const kitFindingRows = 8

// kitNoteLines is how many writing lines the notes sheet has.
const kitNoteLines = 24

// kitInject is one timed inject of a kit.
type kitInject struct {
	At     bcp.Duration
	Text   string
	Expect string // what the facilitator listens for, not read aloud
}

// BuildTabletop makes the printable tabletop kit of the playbook with the
// reference playbookRef.
func BuildTabletop(in *Input, playbookRef string) (*Report, error) {
	if in == nil {
		return nil, risk.Errorf(risk.EINVALID, "nothing to build a tabletop kit from")
	}
	var p *bcp.Playbook
	for i := range in.Playbooks {
		if strings.EqualFold(in.Playbooks[i].Ref, strings.TrimSpace(playbookRef)) {
			p = &in.Playbooks[i]
		}
	}
	if p == nil {
		return nil, risk.Errorf(risk.ENOTFOUND, "there is no playbook %s in this workspace%s", strings.TrimSpace(playbookRef), refsHint(in.Playbooks))
	}
	pin := *in
	pin.Level = Tabletop
	b := newBuilder(&pin)
	m := b.meta()
	m.Title = b.T("export.tabletop.title", i18n.Args{"Playbook": or(p.Title, p.Ref)})
	m.Subject = b.T("export.tabletop.subject", i18n.Args{"Playbook": playbookTitle(p)})
	r := &Report{Meta: m, Revisions: b.revisions(), Digest: in.Digest, Printer: b.p}
	ex := latestExerciseWithInjects(in.Exercises, p.Ref)
	injects, source := b.tabletopInjects(p, ex)
	r.Sections = []Section{
		b.facilitatorNotes(p, ex),
		b.tabletopScenario(p, newPlaybookData(&pin, b.docLang), ex),
		b.roleCards(p),
		b.injectSection(injects, source),
		b.questionSections(p, &pin),
		b.notesSheet(),
		b.findingsForm(p),
	}
	return r, nil
}

// refsHint is "; the playbooks are PB-01, PB-02" for an error message.
func refsHint(ps []bcp.Playbook) string {
	if len(ps) == 0 {
		return "; it has no playbook yet"
	}
	var refs []string
	for _, p := range ps {
		refs = append(refs, p.Ref)
	}
	return "; its playbooks are " + strings.Join(refs, ", ")
}

// latestExerciseWithInjects is the most recent exercise of the playbook
// that has injects, or nil.
func latestExerciseWithInjects(exs []bcp.Exercise, ref string) *bcp.Exercise {
	var best *bcp.Exercise
	for i := range exs {
		ex := &exs[i]
		if len(ex.Injects) == 0 || !slices.ContainsFunc(ex.Playbooks, func(r string) bool { return strings.EqualFold(r, ref) }) {
			continue
		}
		if best == nil || !ex.Date.Before(best.Date) {
			best = ex
		}
	}
	return best
}

// injectClock is "T+15 min", or "T+0" at the start, with no break
// between a number and its unit.
func (l docLang) injectClock(d bcp.Duration) string {
	if d <= 0 {
		return "T+0"
	}
	return "T+" + strings.ReplaceAll(l.duration(d), " ", "\u00a0")
}

// orderedPlaybookPhases are the playbook's phases that have steps, in the
// order a team goes through them.
func orderedPlaybookPhases(p *bcp.Playbook) []bcp.PhaseSteps {
	var out []bcp.PhaseSteps
	for _, ph := range p.Phases {
		if len(ph.Steps) > 0 {
			out = append(out, ph)
		}
	}
	slices.SortStableFunc(out, func(a, b bcp.PhaseSteps) int {
		ia, ib := slices.Index(bcp.Phases, a.Phase), slices.Index(bcp.Phases, b.Phase)
		if ia < 0 {
			ia = len(bcp.Phases)
		}
		if ib < 0 {
			ib = len(bcp.Phases)
		}
		return ia - ib
	})
	return out
}

// phaseSituation is a situation update that fits any playbook at the
// start of a phase.
func (l docLang) phaseSituation(p *bcp.Playbook, ph bcp.Phase) string {
	switch ph {
	case bcp.PhaseDetect:
		return l.T("export.tabletop.situation.detect", i18n.Args{"Scenario": firstSentence(or(p.Scenario, l.T("export.tabletop.situation.scenario")))})
	case bcp.PhaseActivate:
		return l.T("export.tabletop.situation.activate")
	case bcp.PhaseContain:
		return l.T("export.tabletop.situation.contain")
	case bcp.PhaseRecover:
		return l.T("export.tabletop.situation.recover")
	case bcp.PhaseReturn:
		return l.T("export.tabletop.situation.return")
	case bcp.PhaseReview:
		return l.T("export.tabletop.situation.review")
	}
	return l.T("export.tabletop.situation.other", i18n.Args{"Phase": l.value("phase", string(ph))})
}

// firstSentence is s up to and including its first full stop.
func firstSentence(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.Index(s, ". "); i >= 0 {
		return s[:i+1]
	}
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = strings.TrimSpace(s[:i])
	}
	if s != "" && !strings.HasSuffix(s, ".") {
		s += "."
	}
	return s
}

// tabletopInjects are the exercise's injects in time order, or one per
// phase of the playbook at the target time of its first step; source
// says where they come from.
func (l docLang) tabletopInjects(p *bcp.Playbook, ex *bcp.Exercise) ([]kitInject, string) {
	var out []kitInject
	if ex != nil {
		for _, in := range ex.Injects {
			out = append(out, kitInject{At: in.At, Text: in.Text})
		}
		slices.SortStableFunc(out, func(a, b kitInject) int { return cmp.Compare(a.At, b.At) })
		args := i18n.Args{"Exercise": strings.TrimSpace(ex.Ref + " " + ex.Title), "Day": l.day(ex.Date)}
		if ex.Date.IsZero() {
			return out, l.T("export.tabletop.injects.source", args)
		}
		return out, l.T("export.tabletop.injects.source.day", args)
	}
	var last bcp.Duration
	for _, ph := range orderedPlaybookPhases(p) {
		s := ph.Steps[0]
		at := max(s.When, last) // the clock never runs backwards
		last = at
		out = append(out, kitInject{At: at, Text: l.phaseSituation(p, ph.Phase),
			Expect: l.T("export.tabletop.expect", i18n.Args{"Who": or(s.Who, l.T("export.tabletop.no_role")), "What": s.What, "When": l.targetTime(s.When)})})
	}
	return out, l.T("export.tabletop.injects.made")
}

// facilitatorNotes say how to run the exercise.
func (l docLang) facilitatorNotes(p *bcp.Playbook, ex *bcp.Exercise) Section {
	var roles []string
	for _, r := range p.Roles {
		roles = append(roles, r.Name)
	}
	roleLine := l.T("export.tabletop.roles.none")
	if len(roles) > 0 {
		roleLine = l.T("export.tabletop.roles", i18n.Args{"Roles": strings.Join(roles, ", ")})
	}
	return Section{ID: "tabletop-facilitator", Title: l.T("export.tabletop.facilitator"), Blocks: []Block{
		{Paragraph: l.T("export.tabletop.facilitator.intro", i18n.Args{"Playbook": playbookTitle(p)})},
		{Facts: []Fact{
			{l.T("export.tabletop.time"), l.T("export.tabletop.time.value")},
			{l.T("export.tabletop.people"), l.T("export.tabletop.people.value")},
			{l.T("export.playbook.roles"), roleLine},
			{l.T("export.tabletop.need"), l.T("export.tabletop.need.value")},
		}},
		{Heading: l.T("export.tabletop.how")},
		{Paragraph: l.T("export.tabletop.how.steps")},
		{Heading: l.T("export.tabletop.rules")},
		{Paragraph: l.T("export.tabletop.rules.list")},
		{Heading: l.T("export.tabletop.afterwards")},
		{Paragraph: l.recordAfterwards(ex)},
	}}
}

func (l docLang) recordAfterwards(ex *bcp.Exercise) string {
	s := l.T("export.tabletop.afterwards.record") + " "
	if ex != nil {
		s += l.T("export.tabletop.afterwards.copy", i18n.Args{"Exercise": ex.Ref}) + " "
	}
	return s + l.T("export.tabletop.afterwards.report", i18n.Args{"Days": bcp.ExerciseReportDays})
}

// tabletopScenario is what the players are told.
func (l docLang) tabletopScenario(p *bcp.Playbook, d *playbookData, ex *bcp.Exercise) Section {
	var restores []string
	for _, ref := range p.Activities {
		if a := d.activities[strings.ToUpper(ref)]; a != nil && a.Name != "" {
			restores = append(restores, a.Ref+" "+a.Name)
		} else {
			restores = append(restores, ref)
		}
	}
	blocks := []Block{{Paragraph: or(p.Scenario, l.T("export.tabletop.scenario.none"))}}
	if ex != nil && strings.TrimSpace(ex.Scenario) != "" && strings.TrimSpace(ex.Scenario) != strings.TrimSpace(p.Scenario) {
		blocks = append(blocks, Block{Heading: l.T("export.tabletop.scenario.played", i18n.Args{"Exercise": ex.Ref})}, Block{Paragraph: ex.Scenario})
	}
	notWritten := l.T("export.playbook.not_written")
	blocks = append(blocks, Block{Heading: l.T("export.tabletop.scenario.playbook")}, Block{Facts: []Fact{
		{l.T("export.col.playbook"), playbookTitle(p)},
		{l.T("export.col.scope"), or(p.Scope, notWritten)},
		{l.T("export.playbook.activate_when"), or(p.ActivationCriteria, notWritten)},
		{l.T("export.playbook.who_declares"), or(strings.Join(p.MayDeclare, " "+l.T("export.playbook.or")+" "), l.T("export.playbook.not_named"))},
		{l.T("export.col.restores"), or(strings.Join(restores, "; "), l.T("export.playbook.no_activity"))},
		{l.T("export.playbook.oob"), or(strings.Join(p.OutOfBand, "; "), l.T("export.contacts.none"))},
	}})
	return Section{ID: "tabletop-scenario", Title: l.T("export.col.scenario"), Blocks: blocks}
}

// roleCards are one card per role, with room for who plays it.
func (l docLang) roleCards(p *bcp.Playbook) Section {
	blocks := []Block{{Paragraph: l.T("export.tabletop.cards.intro")}}
	if len(p.Roles) == 0 {
		blocks = append(blocks, Block{Paragraph: l.T("export.tabletop.cards.none")})
	}
	roles := p.Roles
	if len(roles) == 0 {
		roles = []bcp.Role{{}}
	}
	for i, r := range roles {
		t := &Table{Name: tableName("RoleCard", fmt.Sprint(i+1)), TextSize: kitTextSize, Columns: []Column{
			{Title: l.T("export.tabletop.card"), Kind: LongText, Width: 30},
			{Title: or(r.Name, l.T("export.tabletop.card.blank")), Kind: LongText, Width: 80},
		}}
		named := l.T("export.tabletop.card.named", i18n.Args{"Primary": or(r.Primary, l.notAssigned()), "Alternate": or(r.Alternate, l.notAssigned())})
		t.Rows = [][]Cell{
			{text(l.T("export.col.responsibilities")), text(or(r.Responsibilities, "\n\u00a0"))},
			{text(l.T("export.tabletop.card.named.label")), text(named)},
			{text(l.T("export.tabletop.card.played_by")), kitBlank(2)},
			{text(l.T("export.tabletop.card.reach")), kitBlank(2)},
			{text(l.T("export.tabletop.card.steps")), text(l.roleSteps(p, r.Name))},
		}
		blocks = append(blocks, Block{Table: t})
	}
	return Section{ID: "tabletop-roles", Title: l.T("export.tabletop.cards"), Blocks: blocks}
}

// roleSteps lists the steps a role leads, one per line.
func (l docLang) roleSteps(p *bcp.Playbook, role string) string {
	var lines []string
	for _, ph := range orderedPlaybookPhases(p) {
		for j, s := range ph.Steps {
			if role != "" && strings.EqualFold(s.Who, role) {
				lines = append(lines, fmt.Sprintf("%s %d. %s (%s)", l.value("phase", string(ph.Phase)), j+1, s.What, l.targetTime(s.When)))
			}
		}
	}
	if len(lines) == 0 {
		return l.T("export.tabletop.card.steps.none")
	}
	return strings.Join(lines, "\n")
}

// injectSection lists the injects in time order with a column to note
// the time each was read.
func (l docLang) injectSection(injects []kitInject, source string) Section {
	t := &Table{Name: "Injects", TextSize: kitTextSize, Empty: l.T("export.tabletop.injects.empty"), Columns: []Column{
		{Title: l.T("export.col.scenario_time"), Kind: LongText, Width: 16, Lead: true},
		{Title: l.T("export.col.situation"), Kind: LongText, Width: 50},
		{Title: l.T("export.col.listen_for"), Kind: LongText, Width: 32},
		{Title: l.T("export.col.read_at"), Kind: LongText, Width: 14},
	}}
	for _, in := range injects {
		t.Rows = append(t.Rows, []Cell{text(l.injectClock(in.At)), text(in.Text), text(in.Expect), kitBlank(2)})
	}
	return Section{ID: "tabletop-injects", Title: l.T("export.tabletop.injects"), Blocks: []Block{
		{Paragraph: l.T("export.tabletop.injects.intro") + " " + source},
		{Table: t},
	}}
}

// kitQuestion is a discussion question and the phase it belongs to.
type kitQuestion struct {
	phase bcp.Phase
	text  string
}

// generalQuestions fit any playbook, each in the phase it belongs to.
func (l docLang) generalQuestions(p *bcp.Playbook, in *Input) []kitQuestion {
	declare := l.T("export.tabletop.q.declare")
	if len(p.MayDeclare) > 0 {
		declare = l.T("export.tabletop.q.declare.named", i18n.Args{"Who": strings.Join(p.MayDeclare, " "+l.T("export.playbook.or")+" ")})
	}
	return []kitQuestion{
		{bcp.PhaseDetect, l.T("export.tabletop.q.escalate")},
		{bcp.PhaseActivate, declare},
		{bcp.PhaseActivate, l.T("export.tabletop.q.reach")},
		{bcp.PhaseContain, l.T("export.tabletop.q.statement")},
		{bcp.PhaseContain, l.T("export.tabletop.q.stop")},
		{bcp.PhaseRecover, l.T("export.tabletop.q.bia") + " " + l.biaTargets(p, in)},
		{bcp.PhaseRecover, l.T("export.tabletop.q.supplier") + " " + l.suppliersOf(p, in)},
		{bcp.PhaseReturn, l.T("export.tabletop.q.stand_down")},
		{bcp.PhaseReview, l.T("export.tabletop.q.review")},
	}
}

// biaTargets is the MTPD and RTO of the activities the playbook restores.
func (l docLang) biaTargets(p *bcp.Playbook, in *Input) string {
	if in.BIA == nil {
		return ""
	}
	var lines []string
	for _, ref := range p.Activities {
		for i := range in.BIA.Activities {
			a := &in.BIA.Activities[i]
			if !strings.EqualFold(a.Ref, ref) {
				continue
			}
			mtpd, _ := a.MTPD(&in.BIA.Settings)
			lines = append(lines, l.T("export.tabletop.bia.line", i18n.Args{"Activity": a.Ref + " " + a.Name,
				"MTPD": or(l.duration(mtpd), l.T("export.detail.not_set")), "RTO": or(l.duration(a.RTO), l.T("export.detail.not_set"))}))
		}
	}
	if len(lines) == 0 {
		return ""
	}
	return l.T("export.tabletop.bia", i18n.Args{"Lines": strings.Join(lines, "; ")})
}

// suppliersOf names the suppliers among the playbook's resources.
func (l docLang) suppliersOf(p *bcp.Playbook, in *Input) string {
	if in.BIA == nil {
		return ""
	}
	var names []string
	for _, ref := range p.Resources {
		for _, r := range in.BIA.Resources {
			if strings.EqualFold(r.Ref, ref) && r.Kind == bcp.Supplier {
				n := l.T("export.tabletop.supplier.never", i18n.Args{"Supplier": r.Ref + " " + r.Name})
				if !r.CapacityConfirmed.IsZero() {
					n = l.T("export.tabletop.supplier.confirmed", i18n.Args{"Supplier": r.Ref + " " + r.Name, "Day": l.day(r.CapacityConfirmed)})
				}
				names = append(names, n)
			}
		}
	}
	if len(names) == 0 {
		return ""
	}
	return l.T("export.tabletop.suppliers", i18n.Args{"Suppliers": strings.Join(names, "; ")})
}

// stepQuestion asks who does a step when its role cannot be reached.
func (l docLang) stepQuestion(s bcp.Step) string {
	if s.Who == "" {
		return l.T("export.tabletop.q.step.nobody", i18n.Args{"Step": s.What})
	}
	return l.T("export.tabletop.q.step", i18n.Args{"Step": s.What, "Role": s.Who})
}

// questionSections are the discussion questions of each phase, with room
// for the answers.
func (l docLang) questionSections(p *bcp.Playbook, in *Input) Section {
	general := l.generalQuestions(p, in)
	phases := orderedPlaybookPhases(p)
	has := func(ph bcp.Phase) bool {
		return slices.ContainsFunc(phases, func(x bcp.PhaseSteps) bool { return x.Phase == ph })
	}
	// A general question whose phase the playbook lacks goes to the next
	// phase it has, else to the last.
	home := func(ph bcp.Phase) bcp.Phase {
		for _, x := range bcp.Phases[max(slices.Index(bcp.Phases, ph), 0):] {
			if has(x) {
				return x
			}
		}
		if len(phases) > 0 {
			return phases[len(phases)-1].Phase
		}
		return ph
	}
	blocks := []Block{{Paragraph: l.T("export.tabletop.questions.intro")}}
	n := 0
	table := func(name string, qs []string) *Table {
		t := &Table{Name: tableName("Questions", name), TextSize: kitTextSize, Columns: []Column{
			{Title: "#", Kind: Number, Width: 6},
			{Title: l.T("export.col.question"), Kind: LongText, Width: 52},
			{Title: l.T("export.col.answer"), Kind: LongText, Width: 52},
		}}
		for _, q := range qs {
			n++
			t.Rows = append(t.Rows, []Cell{{Text: fmt.Sprintf("%d.", n), Number: float64(n)}, text(q), kitBlank(3)})
		}
		return t
	}
	if len(phases) == 0 {
		var qs []string
		for _, q := range general {
			qs = append(qs, q.text)
		}
		blocks = append(blocks, Block{Heading: l.T("export.tabletop.questions.all")}, Block{Table: table("All", qs)})
	}
	for _, ph := range phases {
		var qs []string
		for _, q := range general {
			if home(q.phase) == ph.Phase {
				qs = append(qs, q.text)
			}
		}
		for _, s := range ph.Steps {
			qs = append(qs, l.stepQuestion(s))
		}
		blocks = append(blocks, Block{Heading: l.phaseHeading(p, ph.Phase)}, Block{Table: table(string(ph.Phase), qs)})
	}
	return Section{ID: "tabletop-questions", Title: l.T("export.tabletop.questions"), Blocks: blocks}
}

// notesSheet is lined paper for the note-taker.
func (l docLang) notesSheet() Section {
	t := &Table{Name: "Notes", TextSize: kitFormSize, Columns: []Column{
		{Title: l.T("export.tabletop.time"), Kind: Text, Width: 16},
		{Title: l.T("export.col.who"), Kind: Text, Width: 24},
		{Title: l.T("export.col.said"), Kind: LongText, Width: 70},
	}}
	for range kitNoteLines {
		t.Rows = append(t.Rows, []Cell{kitBlank(1), kitBlank(1), kitBlank(1)})
	}
	return Section{ID: "tabletop-notes", Title: l.T("export.tabletop.notes"), Blocks: []Block{
		{Paragraph: l.T("export.tabletop.notes.intro")},
		{Table: t},
	}}
}

// findingsForm is the hot wash's form, in the shape Riskbook records a
// finding and its improvement action.
func (l docLang) findingsForm(p *bcp.Playbook) Section {
	t := &Table{Name: "Findings", TextSize: kitTextSize, Columns: []Column{
		{Title: "#", Kind: Number, Width: 6},
		{Title: l.T("export.col.finding"), Kind: LongText, Width: 46},
		{Title: l.T("export.col.severity_levels", i18n.Args{"Levels": strings.Join(l.values("severity", bcp.FindingSeverities), ", ")}), Kind: LongText, Width: 16},
		{Title: l.T("export.col.owner"), Kind: LongText, Width: 22},
		{Title: l.T("export.col.due"), Kind: LongText, Width: 16},
	}}
	for i := range kitFindingRows {
		t.Rows = append(t.Rows, []Cell{{Text: fmt.Sprintf("%d.", i+1), Number: float64(i + 1)}, kitBlank(4), kitBlank(4), kitBlank(4), kitBlank(4)})
	}
	return Section{ID: "tabletop-findings", Title: l.T("export.col.findings"), Blocks: []Block{
		{Paragraph: l.T("export.tabletop.findings.intro", i18n.Args{"Playbook": playbookTitle(p)})},
		{Table: t},
	}}
}

// BuildIncident makes the record of one activation, the incident with the
// reference ref, as its own document.
func BuildIncident(in *Input, ref string) (*Report, error) {
	if in == nil {
		return nil, risk.Errorf(risk.EINVALID, "nothing to build an incident record from")
	}
	var a *bcp.Activation
	for i := range in.Activations {
		if strings.EqualFold(in.Activations[i].Ref, strings.TrimSpace(ref)) {
			a = &in.Activations[i]
		}
	}
	if a == nil {
		hint := "; it has no incident record yet"
		if len(in.Activations) > 0 {
			var refs []string
			for _, x := range in.Activations {
				refs = append(refs, x.Ref)
			}
			hint = "; its incidents are " + strings.Join(refs, ", ")
		}
		return nil, risk.Errorf(risk.ENOTFOUND, "there is no incident %s in this workspace%s", strings.TrimSpace(ref), hint)
	}
	pin := *in
	pin.Level = Incident
	b := newBuilder(&pin)
	pb := a.Playbook + b.missingMark()
	for _, p := range in.Playbooks {
		if strings.EqualFold(p.Ref, a.Playbook) {
			pb = playbookTitle(&p)
		}
	}
	m := b.meta()
	m.Title = b.T("export.incident.title", i18n.Args{"Ref": a.Ref})
	m.Subject = b.T("export.incident.subject", i18n.Args{"Ref": a.Ref, "Playbook": pb})
	return &Report{Meta: m, Revisions: b.revisions(), Digest: in.Digest, Printer: b.p, Sections: []Section{b.incidentPage(a, pb)}}, nil
}
