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
	m.Title = "Tabletop exercise: " + or(p.Title, p.Ref)
	m.Subject = "Facilitator's kit for playbook " + playbookTitle(p) + ": scenario, roles, timed injects, discussion questions, notes and findings forms"
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
func injectClock(d bcp.Duration) string {
	if d <= 0 {
		return "T+0"
	}
	return "T+" + strings.ReplaceAll(d.String(), " ", "\u00a0")
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
		return "The first alarm came in at T+0. " + firstSentence(or(p.Scenario, "Something matching this playbook's scenario is happening.")) +
			" Nobody knows yet how bad it is or how long it will last."
	case bcp.PhaseActivate:
		return "It is not going away: the first checks confirm the problem, and it now meets the playbook's activation criteria. " +
			"Nobody has declared the incident yet."
	case bcp.PhaseContain:
		return "The incident is declared. It is getting worse: registrars and the press start asking what is going on, " +
			"and the usual e-mail and chat are slow or down."
	case bcp.PhaseRecover:
		return "The damage is contained but the service is still degraded. The provider you depend on says a fix takes hours, not minutes, " +
			"and one key person has stopped answering the phone."
	case bcp.PhaseReturn:
		return "From inside, everything looks normal again, but some registrars still report problems and the workaround is still running."
	case bcp.PhaseReview:
		return "The incident is closed. Management asks for a written account of what happened and what will change."
	}
	return "The situation moves on to " + bcp.PhaseName(ph) + "."
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
		when := ""
		if !ex.Date.IsZero() {
			when = " on " + ex.Date.String()
		}
		return out, fmt.Sprintf("These are the injects of %s%s, the latest exercise of this playbook with injects. "+
			"Edit them in that exercise, or record a new exercise with its own, to change them.", strings.TrimSpace(ex.Ref+" "+ex.Title), when)
	}
	var last bcp.Duration
	for _, ph := range orderedPlaybookPhases(p) {
		s := ph.Steps[0]
		at := max(s.When, last) // the clock never runs backwards
		last = at
		out = append(out, kitInject{At: at, Text: l.phaseSituation(p, ph.Phase),
			Expect: fmt.Sprintf("%s: “%s”, %s", or(s.Who, "No role named"), s.What, l.targetTime(s.When))})
	}
	return out, "No exercise of this playbook has injects yet, so these are made from the playbook's phases: one per phase, " +
		"at the target time of its first step. Adapt them to your scenario before the exercise; record them in Riskbook " +
		"(Exercises, Injects) to print them next time."
}

// facilitatorNotes say how to run the exercise.
func (l docLang) facilitatorNotes(p *bcp.Playbook, ex *bcp.Exercise) Section {
	var roles []string
	for _, r := range p.Roles {
		roles = append(roles, r.Name)
	}
	roleLine := "The playbook defines no role yet: agree before the exercise who leads, who handles the technical side and who communicates."
	if len(roles) > 0 {
		roleLine = "Hand out one role card per player (" + strings.Join(roles, ", ") + "). Give the roles to the people named in the " +
			"playbook, or on purpose to their alternates, to test whether the alternates can do it. Keep the facilitator and a note-taker outside the roles."
	}
	return Section{ID: "tabletop-facilitator", Title: "Facilitator notes", Blocks: []Block{
		{Paragraph: "This kit runs a tabletop exercise of playbook " + playbookTitle(p) + ": the team talks through what it would do, " +
			"minute by minute, as the facilitator brings in the injects. Nothing is switched off and nothing real is sent."},
		{Facts: []Fact{
			{"Time", "60 to 90 minutes: 10 to brief, 40 to 60 for the injects and questions, 15 to 20 to collect the findings."},
			{"People", "A facilitator (reads the injects, keeps time, asks the questions), a note-taker (fills in the notes sheet and the findings form) and one player per role."},
			{"Roles", roleLine},
			{"You need", "This kit printed once for the facilitator; the role cards cut out; the scenario page for every player; the playbook itself or the network-down pack (Export in Riskbook's File menu, or riskbook export) on paper, as the team would have it."},
		}},
		{Heading: "How to run it"},
		{Paragraph: "1. Brief (10 minutes): read the scenario aloud, hand out the role cards, state the ground rules and the objectives.\n" +
			"2. Play (40 to 60 minutes): read each inject at its time. After each, let the players say what they do, who does it and how they reach each other; then ask that phase's questions. Do not rescue them: silence and confusion are findings.\n" +
			"3. Hot wash (15 to 20 minutes): go round the table — what worked, what did not, what is missing from the playbook — and fill in the findings form with an owner and a due date for each."},
		{Heading: "Ground rules"},
		{Paragraph: "• No fault, no blame: the exercise tests the plan, not the people.\n" +
			"• Play with what you would really have: if a phone number is not in the playbook or the pack, you do not have it.\n" +
			"• Say it out loud: who you call, on which channel, what you decide and why.\n" +
			"• The facilitator's word on the scenario is final; ask, do not invent facts.\n" +
			"• Anyone may call a time-out to write down a finding."},
		{Heading: "Afterwards, in Riskbook"},
		{Paragraph: l.recordAfterwards(ex)},
	}}
}

func (l docLang) recordAfterwards(ex *bcp.Exercise) string {
	s := "Open Exercises and choose New exercise: type Tabletop, today's date, this playbook, the participants, the objectives and the injects as played. " +
		"Enter each row of the findings form under Findings with its severity, and choose Raise risk where a finding is a risk; " +
		"enter each fix under Improvement actions with its owner and due date. "
	if ex != nil {
		s += "The injects in this kit come from " + ex.Ref + ": copy it as a start. "
	}
	return s + fmt.Sprintf("The exercise report is due %d days after the exercise; mark it with Report written today.", bcp.ExerciseReportDays)
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
	blocks := []Block{{Paragraph: or(p.Scenario, "The playbook has no scenario written yet: the facilitator describes it in a few sentences.")}}
	if ex != nil && strings.TrimSpace(ex.Scenario) != "" && strings.TrimSpace(ex.Scenario) != strings.TrimSpace(p.Scenario) {
		blocks = append(blocks, Block{Heading: "As played in " + ex.Ref}, Block{Paragraph: ex.Scenario})
	}
	blocks = append(blocks, Block{Heading: "What the playbook says"}, Block{Facts: []Fact{
		{"Playbook", playbookTitle(p)},
		{"Scope", or(p.Scope, "not written yet")},
		{"Activate when", or(p.ActivationCriteria, "not written yet")},
		{"Who may declare", or(strings.Join(p.MayDeclare, " or "), "not named yet")},
		{"Restores", or(strings.Join(restores, "; "), "no activity linked")},
		{"Out-of-band channels", or(strings.Join(p.OutOfBand, "; "), "none recorded")},
	}})
	return Section{ID: "tabletop-scenario", Title: "Scenario", Blocks: blocks}
}

// roleCards are one card per role, with room for who plays it.
func (l docLang) roleCards(p *bcp.Playbook) Section {
	blocks := []Block{{Paragraph: "Cut along the tables and give each player their card. Write who plays the role before the exercise starts."}}
	if len(p.Roles) == 0 {
		blocks = append(blocks, Block{Paragraph: "The playbook defines no role yet; use the blank card for each role you agree on."})
	}
	roles := p.Roles
	if len(roles) == 0 {
		roles = []bcp.Role{{}}
	}
	for i, r := range roles {
		t := &Table{Name: tableName("RoleCard", fmt.Sprint(i+1)), TextSize: kitTextSize, Columns: []Column{
			{Title: "Role card", Kind: LongText, Width: 30},
			{Title: or(r.Name, "Role: ____________"), Kind: LongText, Width: 80},
		}}
		named := "Primary: " + or(r.Primary, notAssigned) + "; alternate: " + or(r.Alternate, notAssigned)
		t.Rows = [][]Cell{
			{text("Responsibilities"), text(or(r.Responsibilities, "\n\u00a0"))},
			{text("Named in the playbook"), text(named)},
			{text("Played by"), kitBlank(2)},
			{text("Reach me during the exercise on"), kitBlank(2)},
			{text("Steps this role leads"), text(l.roleSteps(p, r.Name))},
		}
		blocks = append(blocks, Block{Table: t})
	}
	return Section{ID: "tabletop-roles", Title: "Role cards", Blocks: blocks}
}

// roleSteps lists the steps a role leads, one per line.
func (l docLang) roleSteps(p *bcp.Playbook, role string) string {
	var lines []string
	for _, ph := range orderedPlaybookPhases(p) {
		for j, s := range ph.Steps {
			if role != "" && strings.EqualFold(s.Who, role) {
				lines = append(lines, fmt.Sprintf("%s %d. %s (%s)", bcp.PhaseName(ph.Phase), j+1, s.What, l.targetTime(s.When)))
			}
		}
	}
	if len(lines) == 0 {
		return "None in the playbook."
	}
	return strings.Join(lines, "\n")
}

// injectSection lists the injects in time order with a column to note
// the time each was read.
func (l docLang) injectSection(injects []kitInject, source string) Section {
	t := &Table{Name: "Injects", TextSize: kitTextSize, Empty: "There is no inject: the playbook has no steps yet.", Columns: []Column{
		{Title: "Scenario time", Kind: LongText, Width: 16, Lead: true},
		{Title: "Situation update, read aloud", Kind: LongText, Width: 50},
		{Title: "Listen for (not read aloud)", Kind: LongText, Width: 32},
		{Title: "Read at (clock)", Kind: LongText, Width: 14},
	}}
	for _, in := range injects {
		t.Rows = append(t.Rows, []Cell{text(injectClock(in.At)), text(in.Text), text(in.Expect), kitBlank(2)})
	}
	return Section{ID: "tabletop-injects", Title: "Timed injects", Blocks: []Block{
		{Paragraph: "T+0 is the moment the scenario starts. The times are scenario time, not the clock on the wall: the exercise " +
			"moves from one inject to the next when the discussion of the last one is done, so say the jump aloud (\"It is now six hours later\") " +
			"and note the real clock time you read each inject. " + source},
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
	declare := "Who declares the incident, and how: by what words, to whom, on which channel?"
	if len(p.MayDeclare) > 0 {
		declare = "Who declares the incident (the playbook says " + strings.Join(p.MayDeclare, " or ") + "), and how: by what words, to whom, on which channel?"
	}
	return []kitQuestion{
		{bcp.PhaseDetect, "What would make you stop and escalate now, and to whom?"},
		{bcp.PhaseActivate, declare},
		{bcp.PhaseActivate, "How do you reach each other if e-mail and chat are down? Which number do you actually have on paper?"},
		{bcp.PhaseContain, "Which pre-approved statement goes out first, to whom, and who approves any change to its wording?"},
		{bcp.PhaseContain, "What would make you stop, change course or escalate beyond the team?"},
		{bcp.PhaseRecover, "What does the BIA say about the maximum tolerable period of disruption (MTPD) and the recovery time (RTO) here? " + l.biaTargets(p, in)},
		{bcp.PhaseRecover, "Which third party must confirm it has the capacity to help, and who calls them? " + l.suppliersOf(p, in)},
		{bcp.PhaseReturn, "What must be true before you stand down, and who decides it?"},
		{bcp.PhaseReview, "What in the playbook was wrong, missing or out of date?"},
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
			lines = append(lines, fmt.Sprintf("%s %s: MTPD %s, RTO %s", a.Ref, a.Name, or(mtpd.String(), "not set"), or(a.RTO.String(), "not set")))
		}
	}
	if len(lines) == 0 {
		return ""
	}
	return "(The BIA: " + strings.Join(lines, "; ") + ".)"
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
				n := r.Ref + " " + r.Name
				if r.CapacityConfirmed.IsZero() {
					n += ", capacity never confirmed"
				} else {
					n += ", capacity confirmed " + r.CapacityConfirmed.String()
				}
				names = append(names, n)
			}
		}
	}
	if len(names) == 0 {
		return ""
	}
	return "(The playbook relies on " + strings.Join(names, "; ") + ".)"
}

// stepQuestion asks who does a step when its role cannot be reached.
func (l docLang) stepQuestion(s bcp.Step) string {
	if s.Who == "" {
		return fmt.Sprintf("Who does “%s”? The playbook names no role for it.", s.What)
	}
	return fmt.Sprintf("Who does “%s” if the %s is unreachable?", s.What, s.Who)
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
	blocks := []Block{{Paragraph: "Ask these after the phase's inject, once the players have said what they would do. " +
		"Write the answer, or that there was none, in the space beside each question."}}
	n := 0
	table := func(name string, qs []string) *Table {
		t := &Table{Name: tableName("Questions", name), TextSize: kitTextSize, Columns: []Column{
			{Title: "#", Kind: Number, Width: 6},
			{Title: "Question", Kind: LongText, Width: 52},
			{Title: "Answer, decision, who said it", Kind: LongText, Width: 52},
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
		blocks = append(blocks, Block{Heading: "For the whole exercise"}, Block{Table: table("All", qs)})
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
	return Section{ID: "tabletop-questions", Title: "Discussion questions", Blocks: blocks}
}

// notesSheet is lined paper for the note-taker.
func (l docLang) notesSheet() Section {
	t := &Table{Name: "Notes", TextSize: kitFormSize, Columns: []Column{
		{Title: "Time", Kind: Text, Width: 16},
		{Title: "Who", Kind: Text, Width: 24},
		{Title: "What was said, decided or missing", Kind: LongText, Width: 70},
	}}
	for range kitNoteLines {
		t.Rows = append(t.Rows, []Cell{kitBlank(1), kitBlank(1), kitBlank(1)})
	}
	return Section{ID: "tabletop-notes", Title: "Answers and notes", Blocks: []Block{
		{Paragraph: "For the note-taker: one line per decision, surprise or gap, with the time and who said it. Mark with an F what should become a finding."},
		{Table: t},
	}}
}

// findingsForm is the hot wash's form, in the shape Riskbook records a
// finding and its improvement action.
func (l docLang) findingsForm(p *bcp.Playbook) Section {
	t := &Table{Name: "Findings", TextSize: kitTextSize, Columns: []Column{
		{Title: "#", Kind: Number, Width: 6},
		{Title: "Finding", Kind: LongText, Width: 46},
		{Title: "Severity (low, medium, high)", Kind: LongText, Width: 16},
		{Title: "Owner", Kind: LongText, Width: 22},
		{Title: "Due", Kind: LongText, Width: 16},
	}}
	for i := range kitFindingRows {
		t.Rows = append(t.Rows, []Cell{{Text: fmt.Sprintf("%d.", i+1), Number: float64(i + 1)}, kitBlank(4), kitBlank(4), kitBlank(4), kitBlank(4)})
	}
	return Section{ID: "tabletop-findings", Title: "Findings", Blocks: []Block{
		{Paragraph: "Fill this in during the hot wash: what the exercise of " + playbookTitle(p) + " showed that must change, how serious it is, " +
			"who will fix it and by when. Enter each row in Riskbook afterwards (Exercises, Findings and Improvement actions)."},
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
