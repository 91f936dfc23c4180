package export

import (
	"fmt"
	"strings"

	"riskbook/bcp"
	"riskbook/risk"
)

// The exercise sections (ISO 22301 8.5): every exercise with what it
// played and achieved, then every finding and improvement action, so an
// auditor sees the programme and whether its lessons were acted on.

// exerciseCounts are what the overview and the public summary count.
type exerciseCounts struct {
	exercises, findings, risks, actions, open, overdue, reportsDue int
	findingsOpen, findingsOverdue                                  int
}

func countExercises(exs []bcp.Exercise, today risk.Date) exerciseCounts {
	c := exerciseCounts{exercises: len(exs)}
	for i := range exs {
		ex := &exs[i]
		c.findings += len(ex.Findings)
		for j, f := range ex.Findings {
			if f.Risk != "" {
				c.risks++
			}
			switch ex.State(j, today) {
			case bcp.StateOverdue:
				c.findingsOverdue++
				c.findingsOpen++
			case bcp.StateOpen, bcp.StateReady:
				c.findingsOpen++
			}
		}
		c.actions += len(ex.Actions)
		c.open += ex.OpenActions()
		for _, a := range ex.Actions {
			if a.Overdue(today) {
				c.overdue++
			}
		}
		if ex.ReportDate.IsZero() && !ex.Date.IsZero() && today.After(ex.ReportDue()) {
			c.reportsDue++
		}
	}
	return c
}

// exerciseGlance is the overview's line about the exercises.
func exerciseGlance(exs []bcp.Exercise, today risk.Date) Fact {
	c := countExercises(exs, today)
	if c.exercises == 0 {
		return Fact{"Exercises", "none recorded yet"}
	}
	v := fmt.Sprintf("%s with %s (%d open, %d overdue); %s, %d open, %d overdue",
		risk.Count(c.exercises, "exercise", "exercises"), risk.Count(c.findings, "finding", "findings"), c.findingsOpen, c.findingsOverdue,
		risk.Count(c.actions, "improvement action", "improvement actions"), c.open, c.overdue)
	if c.reportsDue > 0 {
		v += fmt.Sprintf("; %s past due", risk.Count(c.reportsDue, "report", "reports"))
	}
	return Fact{"Exercises", v}
}

// exerciseSummaryFacts are the public summary's counts: no exercise,
// person or finding named.
func exerciseSummaryFacts(exs []bcp.Exercise, today risk.Date) []Fact {
	c := countExercises(exs, today)
	facts := []Fact{{"Exercises held", fmt.Sprint(c.exercises)}}
	if c.exercises == 0 {
		return facts
	}
	return append(facts,
		Fact{"Exercise findings", fmt.Sprintf("%d (%d carried into the risk register; %d open, %d of them overdue)", c.findings, c.risks, c.findingsOpen, c.findingsOverdue)},
		Fact{"Improvement actions", fmt.Sprintf("%d, of which %d open and %d overdue", c.actions, c.open, c.overdue)},
		Fact{"Exercise reports past due", fmt.Sprint(c.reportsDue)},
	)
}

// exerciseSections are the full report's Exercises and Findings, when
// there is an exercise; without one, the overview says none is recorded.
func (b *builder) exerciseSections() []Section {
	exs := b.in.Exercises
	if len(exs) == 0 {
		return nil
	}
	list := &Table{Name: "Exercises", Empty: "No exercise is recorded yet.", Columns: []Column{
		{Title: "Ref", Kind: Text, Width: 8},
		{Title: "Exercise", Kind: LongText, Width: 30},
		{Title: "Type", Kind: Text, Width: 12},
		{Title: "Date", Kind: Date, Width: 11},
		{Title: "Playbooks", Kind: LongText, Width: 12},
		{Title: "Scenario", Kind: LongText, Width: 60, SheetOnly: true},
		{Title: "Injects", Kind: LongText, Width: 60, SheetOnly: true},
		{Title: "Participants", Kind: LongText, Width: 30, SheetOnly: true},
		{Title: "Objectives", Kind: LongText, Width: 40, SheetOnly: true},
		{Title: "Results (achieved / target)", Kind: LongText, Width: 34},
		{Title: "Findings", Kind: Number, Width: 9},
		{Title: "Open actions", Kind: Number, Width: 9},
		{Title: "Report due", Kind: Date, Width: 11},
		{Title: "Report written", Kind: Date, Width: 11},
	}}
	findings := &Table{Name: "Findings", Empty: "No exercise has findings yet.", Columns: []Column{
		{Title: "Exercise", Kind: Text, Width: 8},
		{Title: "Date", Kind: Date, Width: 11},
		{Title: "Finding", Kind: Text, Width: 7},
		{Title: "Severity", Kind: Text, Width: 9},
		{Title: "What the exercise found", Kind: LongText, Width: 50},
		{Title: "State", Kind: Enum, Width: 10, Options: findingStates},
		{Title: "Closed", Kind: Date, Width: 11},
		{Title: "Closing actions", Kind: LongText, Width: 20},
		{Title: "Risk", Kind: Text, Width: 9},
	}}
	actions := &Table{Name: "ImprovementActions", Empty: "No improvement action is planned yet.", Columns: []Column{
		{Title: "Exercise", Kind: Text, Width: 8},
		{Title: "Action", Kind: LongText, Width: 50},
		{Title: "Closes", Kind: Text, Width: 9},
		{Title: "Owner", Kind: Text, Width: 16},
		{Title: "Due", Kind: Date, Width: 11},
		{Title: "Status", Kind: Text, Width: 11},
		{Title: "Overdue", Kind: Text, Width: 8},
	}}
	for i := range exs {
		ex := &exs[i]
		var injects []string
		for _, in := range ex.Injects {
			at := ""
			if in.At > 0 {
				at = "+" + in.At.String() + ": "
			}
			injects = append(injects, at+in.Text)
		}
		report := date(ex.ReportDate)
		list.Rows = append(list.Rows, []Cell{
			text(ex.Ref), text(ex.Title), text(bcp.ExerciseTypeName(ex.Type)), date(ex.Date), text(b.markList(bcp.RefPlaybook, ex.Playbooks)),
			text(ex.Scenario), text(strings.Join(injects, "\n")), text(strings.Join(ex.Participants, "\n")),
			text(strings.Join(ex.Objectives, "\n")), text(b.results(ex)), number(len(ex.Findings)), number(ex.OpenActions()),
			date(ex.ReportDue()), report,
		})
		for j, f := range ex.Findings {
			var closing []string
			for k, a := range ex.Actions {
				if a.Closes(f.ID) {
					closing = append(closing, fmt.Sprintf("%d. %s", k+1, a.Title))
				}
			}
			findings.Rows = append(findings.Rows, []Cell{
				text(ex.Ref), date(ex.Date), text(f.Label(j)), text(f.Severity), text(f.Text), text(string(ex.State(j, b.today))),
				date(f.Closed), text(strings.Join(closing, "\n")), text(b.mark(bcp.RefRisk, f.Risk)),
			})
		}
		ids := map[int]bool{}
		for _, f := range ex.Findings {
			ids[f.ID] = true
		}
		for _, a := range ex.Actions {
			overdue := ""
			if a.Overdue(b.today) {
				overdue = "yes"
			}
			var closes []string
			for _, id := range a.Findings {
				label := fmt.Sprintf("F%d", id)
				if !ids[id] {
					label += MissingMark
					b.missing = true
				}
				closes = append(closes, label)
			}
			actions.Rows = append(actions.Rows, []Cell{
				text(ex.Ref), text(a.Title), text(strings.Join(closes, ", ")), text(a.Owner), date(a.Due), text(string(a.Status)), text(overdue),
			})
		}
	}
	intro := fmt.Sprintf("%s of the continuity playbooks (ISO 22301 8.5): what was played, by whom, and what it achieved "+
		"against the recovery time (RTO) and data loss (RPO) objectives of the business impact analysis. Each report is due %d days "+
		"after its exercise. In all: %s.", capitalFirst(risk.Count(len(exs), "exercise", "exercises")), bcp.ExerciseReportDays,
		exerciseGlance(exs, b.today).Value)
	note := b.missingBlocks()
	return []Section{
		{ID: "exercises", Title: "Exercises", Sheet: "Exercises", Blocks: append([]Block{{Paragraph: intro}, {Table: list}}, note...)},
		{ID: "findings", Title: "Exercise findings and improvement actions", Sheet: "Findings", Blocks: append([]Block{
			{Paragraph: b.findingsIntro()},
			{Table: findings},
			{Heading: "Improvement actions"},
			{Table: actions},
		}, note...)},
	}
}

// findingStates are the states a finding's row can show.
var findingStates = []string{string(bcp.StateOpen), string(bcp.StateOverdue), string(bcp.StateReady), string(bcp.StateClosed)}

// findingsIntro says how findings are tracked, with the count per state.
func (b *builder) findingsIntro() string {
	n := map[bcp.FindingState]int{}
	total := 0
	for i := range b.in.Exercises {
		ex := &b.in.Exercises[i]
		for j := range ex.Findings {
			n[ex.State(j, b.today)]++
			total++
		}
	}
	return fmt.Sprintf("What the exercises found, tracked to closure: each finding names the improvement actions that close it "+
		"and the risk it raised in the register. A finding is overdue when an action that closes it is past its due date, "+
		"ready to close when every such action is finished. Of %s: %d open, %d overdue, %d ready to close, %d closed.",
		risk.Count(total, "finding", "findings"), n[bcp.StateOpen], n[bcp.StateOverdue], n[bcp.StateReady], n[bcp.StateClosed])
}

// results writes an exercise's results, one activity per line: "ACT-01:
// RTO 3 h / 1 h, RPO 10 min / 15 min".
func (b *builder) results(ex *bcp.Exercise) string {
	targets := map[string]*bcp.Activity{}
	if b.in.BIA != nil {
		for i := range b.in.BIA.Activities {
			a := &b.in.BIA.Activities[i]
			targets[strings.ToUpper(a.Ref)] = a
		}
	}
	var lines []string
	for _, r := range ex.Results {
		var rto, rpo bcp.Duration
		if a := targets[strings.ToUpper(r.Activity)]; a != nil {
			rto, rpo = a.RTO, a.RPO
		}
		line := fmt.Sprintf("%s: RTO %s / %s, RPO %s / %s", b.markAny(r.Activity, bcp.RefActivity, bcp.RefResource),
			or(r.AchievedRTO.String(), "—"), or(rto.String(), "—"),
			or(r.AchievedRPO.String(), "—"), or(rpo.String(), "—"))
		if r.AchievedRTO > 0 && rto > 0 && r.AchievedRTO > rto {
			line += " (RTO missed)"
		}
		if r.Note != "" {
			line += " — " + r.Note
		}
		lines = append(lines, line)
	}
	return strings.Join(lines, "\n")
}

func capitalFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
