package export

import (
	"fmt"
	"strings"

	"riskbook/bcp"
	"riskbook/i18n"
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
func (l docLang) exerciseGlance(exs []bcp.Exercise, today risk.Date) Fact {
	c := countExercises(exs, today)
	if c.exercises == 0 {
		return Fact{l.T("export.exercises.title"), l.T("export.exercises.glance.none")}
	}
	args := i18n.Args{"Findings": l.N("export.exercises.findings", c.findings), "FindingsOpen": l.p.Int(c.findingsOpen),
		"FindingsOverdue": l.p.Int(c.findingsOverdue), "Actions": l.N("export.exercises.actions", c.actions),
		"Open": l.p.Int(c.open), "Overdue": l.p.Int(c.overdue)}
	v := l.N("export.exercises.glance", c.exercises, args)
	if c.reportsDue > 0 {
		v += "; " + l.N("export.exercises.glance.reports_due", c.reportsDue)
	}
	return Fact{l.T("export.exercises.title"), v}
}

// exerciseSummaryFacts are the public summary's counts: no exercise,
// person or finding named.
func (l docLang) exerciseSummaryFacts(exs []bcp.Exercise, today risk.Date) []Fact {
	c := countExercises(exs, today)
	facts := []Fact{{l.T("export.exercises.held"), l.p.Int(c.exercises)}}
	if c.exercises == 0 {
		return facts
	}
	return append(facts,
		Fact{l.T("export.exercises.summary.findings"), l.T("export.exercises.summary.findings.value", i18n.Args{"N": l.p.Int(c.findings),
			"Risks": l.p.Int(c.risks), "Open": l.p.Int(c.findingsOpen), "Overdue": l.p.Int(c.findingsOverdue)})},
		Fact{l.T("export.exercises.summary.actions"), l.T("export.exercises.summary.actions.value", i18n.Args{"N": l.p.Int(c.actions),
			"Open": l.p.Int(c.open), "Overdue": l.p.Int(c.overdue)})},
		Fact{l.T("export.exercises.summary.reports"), l.p.Int(c.reportsDue)},
	)
}

// exerciseSections are the full report's Exercises and Findings, when
// there is an exercise; without one, the overview says none is recorded.
func (b *builder) exerciseSections() []Section {
	exs := b.in.Exercises
	if len(exs) == 0 {
		return nil
	}
	list := &Table{Name: "Exercises", Empty: b.T("export.exercises.empty"), Columns: []Column{
		{Title: b.T("export.col.ref"), Kind: Text, Width: 8},
		{Title: b.T("export.col.exercise"), Kind: LongText, Width: 30},
		{Title: b.T("export.col.type"), Kind: Text, Width: 12},
		{Title: b.T("export.fact.date"), Kind: Date, Width: 11},
		{Title: b.T("export.col.playbooks"), Kind: LongText, Width: 12},
		{Title: b.T("export.col.scenario"), Kind: LongText, Width: 60, SheetOnly: true},
		{Title: b.T("export.col.injects"), Kind: LongText, Width: 60, SheetOnly: true},
		{Title: b.T("export.col.participants"), Kind: LongText, Width: 30, SheetOnly: true},
		{Title: b.T("export.col.objectives"), Kind: LongText, Width: 40, SheetOnly: true},
		{Title: b.T("export.col.results"), Kind: LongText, Width: 34},
		{Title: b.T("export.col.findings"), Kind: Number, Width: 9},
		{Title: b.T("export.col.open_actions"), Kind: Number, Width: 9},
		{Title: b.T("export.col.report_due"), Kind: Date, Width: 11},
		{Title: b.T("export.col.report_written"), Kind: Date, Width: 11},
	}}
	findings := &Table{Name: "Findings", Empty: b.T("export.findings.empty"), Columns: []Column{
		{Title: b.T("export.col.exercise"), Kind: Text, Width: 8},
		{Title: b.T("export.fact.date"), Kind: Date, Width: 11},
		{Title: b.T("export.col.finding"), Kind: Text, Width: 7},
		{Title: b.T("export.col.severity"), Kind: Text, Width: 9},
		{Title: b.T("export.col.found"), Kind: LongText, Width: 50},
		{Title: b.T("export.col.state"), Kind: Enum, Width: 10, Options: b.values("finding_state", findingStates)},
		{Title: b.T("export.col.closed"), Kind: Date, Width: 11},
		{Title: b.T("export.col.closing_actions"), Kind: LongText, Width: 20},
		{Title: b.T("export.col.risk"), Kind: Text, Width: 9},
	}}
	actions := &Table{Name: "ImprovementActions", Title: b.T("export.findings.actions"), Empty: b.T("export.findings.actions.empty"), Columns: []Column{
		{Title: b.T("export.col.exercise"), Kind: Text, Width: 8},
		{Title: b.T("export.col.action"), Kind: LongText, Width: 50},
		{Title: b.T("export.col.closes"), Kind: Text, Width: 9},
		{Title: b.T("export.col.owner"), Kind: Text, Width: 16},
		{Title: b.T("export.col.due"), Kind: Date, Width: 11},
		{Title: b.T("export.col.status"), Kind: Text, Width: 11},
		{Title: b.T("export.col.overdue"), Kind: Text, Width: 8},
	}}
	yes := b.T("export.yes")
	for i := range exs {
		ex := &exs[i]
		var injects []string
		for _, in := range ex.Injects {
			at := ""
			if in.At > 0 {
				at = "+" + b.duration(in.At) + ": "
			}
			injects = append(injects, at+in.Text)
		}
		report := b.date(ex.ReportDate)
		list.Rows = append(list.Rows, []Cell{
			text(ex.Ref), text(ex.Title), text(b.value("exercise", string(ex.Type))), b.date(ex.Date), text(b.markList(bcp.RefPlaybook, ex.Playbooks)),
			text(ex.Scenario), text(strings.Join(injects, "\n")), text(strings.Join(ex.Participants, "\n")),
			text(strings.Join(ex.Objectives, "\n")), text(b.results(ex)), number(len(ex.Findings)), number(ex.OpenActions()),
			b.date(ex.ReportDue()), report,
		})
		for j, f := range ex.Findings {
			var closing []string
			for k, a := range ex.Actions {
				if a.Closes(f.ID) {
					closing = append(closing, fmt.Sprintf("%d. %s", k+1, a.Title))
				}
			}
			findings.Rows = append(findings.Rows, []Cell{
				text(ex.Ref), b.date(ex.Date), text(f.Label(j)), text(b.value("severity", f.Severity)), text(f.Text),
				text(b.value("finding_state", string(ex.State(j, b.today)))),
				b.date(f.Closed), text(strings.Join(closing, "\n")), text(b.mark(bcp.RefRisk, f.Risk)),
			})
		}
		ids := map[int]bool{}
		for _, f := range ex.Findings {
			ids[f.ID] = true
		}
		for _, a := range ex.Actions {
			overdue := ""
			if a.Overdue(b.today) {
				overdue = yes
			}
			var closes []string
			for _, id := range a.Findings {
				label := fmt.Sprintf("F%d", id)
				if !ids[id] {
					label += b.missingMark()
					b.missing = true
				}
				closes = append(closes, label)
			}
			actions.Rows = append(actions.Rows, []Cell{
				text(ex.Ref), text(a.Title), text(strings.Join(closes, ", ")), text(a.Owner), b.date(a.Due), text(b.value("action", string(a.Status))), text(overdue),
			})
		}
	}
	intro := b.N("export.exercises.intro", len(exs), i18n.Args{"Days": bcp.ExerciseReportDays, "All": b.exerciseGlance(exs, b.today).Value})
	note := b.missingBlocks()
	return []Section{
		{ID: "exercises", Title: b.T("export.exercises.title"), Sheet: b.T("export.exercises.sheet"), Blocks: append([]Block{{Paragraph: intro}, {Table: list}}, note...)},
		{ID: "findings", Title: b.T("export.findings.title"), Sheet: b.T("export.findings.sheet"), Blocks: append([]Block{
			{Paragraph: b.findingsIntro()},
			{Table: findings},
			{Heading: b.T("export.findings.actions")},
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
	return b.N("export.findings.intro", total, i18n.Args{"Open": b.p.Int(n[bcp.StateOpen]), "Overdue": b.p.Int(n[bcp.StateOverdue]),
		"Ready": b.p.Int(n[bcp.StateReady]), "Closed": b.p.Int(n[bcp.StateClosed])})
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
		line := b.T("export.exercises.result", i18n.Args{"Activity": b.markAny(r.Activity, bcp.RefActivity, bcp.RefResource),
			"RTO": or(b.duration(r.AchievedRTO), "—"), "TargetRTO": or(b.duration(rto), "—"),
			"RPO": or(b.duration(r.AchievedRPO), "—"), "TargetRPO": or(b.duration(rpo), "—")})
		if r.AchievedRTO > 0 && rto > 0 && r.AchievedRTO > rto {
			line += " " + b.T("export.exercises.result.missed")
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
