package export

import (
	"fmt"
	"slices"
	"strings"

	"riskbook/risk"
)

// overview is the first section of the full report: what the document
// covers and the register at a glance.
func (b *builder) overview() Section {
	p := b.in.Profile
	facts := []Fact{{"Organisation", or(p.Organisation, "not named yet")}}
	if p.TLDs != "" {
		facts = append(facts, Fact{"Top-level domains", p.TLDs})
	}
	facts = append(facts,
		Fact{"Document version", p.Version},
		Fact{"Date", b.in.Now.Format("2006-01-02")},
		Fact{"Classification", p.Classification},
		Fact{"Risk owner of the register", or(p.Owner, "not named")},
		Fact{"Approved by", or(p.Approver, "not yet approved")},
		Fact{"Workspace", b.in.Workspace},
		Fact{"Criteria version", fmt.Sprint(b.in.Criteria.Version)},
	)
	if a := assessmentLine(b.in.Assessment); a != "" {
		facts = append([]Fact{{"Closed assessment", a}}, facts...)
	}
	return Section{ID: "overview", Title: "Overview", Sheet: "Summary", Blocks: []Block{
		{Facts: facts},
		{Paragraph: b.scope()},
		{Heading: "The register at a glance"},
		{Facts: b.glance()},
		{Table: b.levelCounts()},
	}}
}

// scope says what the document covers.
func (b *builder) scope() string {
	s := fmt.Sprintf("This document records how %s assesses and treats its information-security and continuity risks, following ISO 31000 and clause 6.1 of ISO/IEC 27001: the risk criteria, every risk with its inherent and residual level, the treatment plan, and the Statement of Applicability of the ISO/IEC 27001:2022 Annex A controls.", or(b.in.Profile.Organisation, "the organisation"))
	if b.bia != nil {
		s += " It then sets out the business impact analysis of ISO 22301 (the activities, their impacts over time, recovery targets and the resources they depend on) and the ICT readiness of ISO/IEC 27031: whether the systems behind each activity can recover in time, and where single points of failure remain."
	}
	s += " The continuity playbooks follow, each on its own pages: for each scenario, who declares it, who does what by when, and how the team reaches each other with the network down."
	return s
}

func or(v, fallback string) string {
	if strings.TrimSpace(v) == "" {
		return fallback
	}
	return v
}

// glance counts what an auditor asks first.
func (b *builder) glance() []Fact {
	c := &b.in.Criteria
	st := b.stats
	appetite, _ := c.Level(c.Appetite)
	facts := []Fact{
		{"Risks in the register", fmt.Sprintf("%d (%d open, %d closed)", st.risks, st.open, st.risks-st.open)},
		{"Risk appetite", appetite.Label + " — higher levels need treatment or formal acceptance"},
		{"Open risks above appetite", fmt.Sprintf("%d, of which %d without a complete treatment decision", st.above, st.undecided)},
		{"Risks with overdue reviews or actions", fmt.Sprint(st.overdue)},
	}
	if b.bia != nil {
		facts = append(facts, b.bia.glance())
	}
	facts = append(facts, b.playbooks.glance())
	if len(b.in.Exercises) > 0 || len(b.in.Playbooks) > 0 {
		facts = append(facts, exerciseGlance(b.in.Exercises, b.today))
	}
	return facts
}

// levelCounts is the table of open risks per level, inherent and residual.
func (b *builder) levelCounts() *Table {
	t := &Table{Name: "LevelCounts", Columns: []Column{
		{Title: "Risk level", Kind: RiskLevel, Width: 14},
		{Title: "Inherent", Kind: Number, Width: 10},
		{Title: "Residual", Kind: Number, Width: 10},
		{Title: "Within appetite", Kind: Text, Width: 14},
	}, Empty: "No open risk is scored yet."}
	c := &b.in.Criteria
	for i := len(c.Levels) - 1; i >= 0; i-- {
		l := c.Levels[i]
		inh, res := b.stats.inherentRank[l.Rank], b.stats.residualRank[l.Rank]
		within := "yes"
		if l.Rank > c.Appetite {
			within = "no"
		}
		t.Rows = append(t.Rows, []Cell{{Text: l.Label, Colour: l.Colour}, number(inh), number(res), text(within)})
	}
	return t
}

// summaryOverview is the public summary's first section: counts only.
func (b *builder) summaryOverview() Section {
	p := b.in.Profile
	facts := []Fact{{"Organisation", or(p.Organisation, "not named yet")}}
	if p.TLDs != "" {
		facts = append(facts, Fact{"Top-level domains", p.TLDs})
	}
	facts = append(facts, Fact{"Date", b.in.Now.Format("2006-01-02")}, Fact{"Document version", p.Version})
	return Section{ID: "overview", Title: "Overview", Sheet: "Summary", Blocks: []Block{
		{Facts: facts},
		{Paragraph: fmt.Sprintf("%s manages its information-security and continuity risks following ISO 31000 and ISO/IEC 27001. This summary shows the criteria risks are assessed against, how many risks sit at each level before and after controls, and how far their treatment has progressed. It deliberately names no individual risk, person or contact.", or(p.Organisation, "The organisation"))},
		{Facts: b.glance()},
		{Table: b.levelCounts()},
		{Heading: "How this summary differs from the full document"},
		{Paragraph: summaryDifferences},
	}}
}

// summaryDifferences says, on the summary's first page, what the full
// document has that the summary leaves out and which counts differ.
const summaryDifferences = "The full document, for auditors, lists every risk with its scores, owner, treatment, acceptance " +
	"and review, each risk in full, every treatment action, every control of the Statement of Applicability with its " +
	"justification, the business impact analysis, each playbook, the contacts, the exercises and their findings, the " +
	"incident records and the change log, and names the people responsible. This summary keeps the counts only. Where a " +
	"count differs, it is said where it appears: the summary counts the treatment actions of open risks only, while the " +
	"full document also lists those of closed risks; its revision table counts the records changed between issues without " +
	"naming them or the people who made the changes; and it is always classified Public."

// criteria documents the scales, the levels, the matrix and the appetite.
func (b *builder) criteria() Section {
	c := &b.in.Criteria
	scale := func(name string, levels []risk.ScaleLevel, frequency bool) *Table {
		t := &Table{Name: name + "Scale", Columns: []Column{
			{Title: "Level", Kind: Number, Width: 7},
			{Title: "Label", Kind: Text, Width: 16},
			{Title: "Description", Kind: LongText, Width: 60},
		}}
		if frequency {
			t.Columns = append(t.Columns, Column{Title: "Frequency", Kind: Text, Width: 24})
		}
		for i, l := range levels {
			row := []Cell{number(i + 1), text(l.Label), text(l.Description)}
			if frequency {
				row = append(row, text(l.Frequency))
			}
			t.Rows = append(t.Rows, row)
		}
		return t
	}
	levels := &Table{Name: "RiskLevels", Columns: []Column{
		{Title: "Rank", Kind: Number, Width: 7},
		{Title: "Level", Kind: RiskLevel, Width: 14},
		{Title: "Colour", Kind: Text, Width: 10},
		{Title: "Decision required", Kind: LongText, Width: 60},
	}}
	for i := len(c.Levels) - 1; i >= 0; i-- {
		l := c.Levels[i]
		rule := "May be retained without treatment; reviewed at its review date."
		if l.Rank > c.Appetite {
			rule = "Above the risk appetite: needs treatment actions with owners and due dates, or a formal acceptance with approver and expiry."
		}
		levels.Rows = append(levels.Rows, []Cell{number(l.Rank), {Text: l.Label, Colour: l.Colour}, text(l.Colour), text(rule)})
	}
	appetite, _ := c.Level(c.Appetite)
	return Section{ID: "criteria", Title: "Risk criteria", Sheet: "Criteria", Blocks: []Block{
		{Paragraph: fmt.Sprintf("Risks are scored on a %d-level likelihood scale and a %d-level consequence scale. The matrix turns each score into a risk level. The risk appetite is %s: risks at or below it may be retained; risks above it must be treated or formally accepted. Criteria version %d.", len(c.Likelihood), len(c.Consequence), appetite.Label, c.Version)},
		{Heading: "Risk matrix"},
		{Matrix: b.matrix("Risk levels by likelihood and consequence", func(s risk.Score) string {
			l, _ := c.LevelOf(s)
			return l.Label
		})},
		{Heading: "Risk levels"},
		{Table: levels},
		{Heading: "Likelihood scale"},
		{Table: scale("Likelihood", c.Likelihood, true)},
		{Heading: "Consequence scale"},
		{Table: scale("Consequence", c.Consequence, false)},
	}}
}

// matrix draws the criteria's matrix with the given text in each cell.
func (b *builder) matrix(title string, cellText func(risk.Score) string) *Matrix {
	c := &b.in.Criteria
	m := &Matrix{Title: title, RowTitle: "Likelihood", ColTitle: "Consequence"}
	appetite, _ := c.Level(c.Appetite)
	m.Note = fmt.Sprintf("▲ marks cells above the risk appetite (%s).", appetite.Label)
	for _, l := range c.Consequence {
		m.Cols = append(m.Cols, l.Label)
	}
	for li := len(c.Likelihood); li >= 1; li-- {
		m.Rows = append(m.Rows, c.Likelihood[li-1].Label)
		var row []MatrixCell
		for ci := 1; ci <= len(c.Consequence); ci++ {
			s := risk.Score{Likelihood: li, Consequence: ci}
			l, _ := c.LevelOf(s)
			row = append(row, MatrixCell{Text: cellText(s), Colour: l.Colour, AboveAppetite: l.Rank > c.Appetite})
		}
		m.Cells = append(m.Cells, row)
	}
	return m
}

// heatMap counts open risks per cell, inherent and residual.
func (b *builder) heatMap() Section {
	count := func(n map[risk.Score]int) func(risk.Score) string {
		return func(s risk.Score) string {
			if n[s] == 0 {
				return ""
			}
			return fmt.Sprint(n[s])
		}
	}
	return Section{ID: "heatmap", Title: "Heat maps", Sheet: "Heat map", Blocks: []Block{
		{Paragraph: "Each cell shows how many open risks have that score: before controls (inherent) and with the current controls (residual)."},
		{Matrix: b.matrix("Inherent risk", count(b.stats.inherentScore))},
		{Matrix: b.matrix("Residual risk", count(b.stats.residualScore))},
	}}
}

// register is the risk register, one row per risk.
func (b *builder) register() Section {
	cols := []Column{
		{Title: "Ref", Kind: Text, Width: 8},
		{Title: "Risk", Kind: LongText, Width: 34},
		{Title: "Category", Kind: Text, Width: 13},
		{Title: "Owner", Kind: Text, Width: 15},
		{Title: "Identified", Kind: Date, Width: 11, SheetOnly: true},
		{Title: "Description", Kind: LongText, Width: 50, SheetOnly: true},
		{Title: "Cause", Kind: LongText, Width: 40, SheetOnly: true},
		{Title: "Vulnerability", Kind: LongText, Width: 40, SheetOnly: true},
		{Title: "Consequence", Kind: LongText, Width: 40, SheetOnly: true},
		{Title: "Inherent L", Kind: Number, Width: 6, SheetOnly: true},
		{Title: "Inherent C", Kind: Number, Width: 6, SheetOnly: true},
		{Title: "Inherent", Kind: RiskLevel, Width: 10},
		{Title: "Controls", Kind: LongText, Width: 16},
		{Title: "Effectiveness", Kind: Enum, Width: 12, Options: names(risk.Effectivenesses), SheetOnly: true},
		{Title: "Residual L", Kind: Number, Width: 6, SheetOnly: true},
		{Title: "Residual C", Kind: Number, Width: 6, SheetOnly: true},
		{Title: "Residual", Kind: RiskLevel, Width: 10},
		{Title: "Target", Kind: RiskLevel, Width: 10, SheetOnly: true},
		{Title: "Treatment", Kind: Enum, Width: 10, Options: names(risk.Treatments)},
		{Title: "Accepted by", Kind: Text, Width: 16, SheetOnly: true},
		{Title: "Accepted on", Kind: Date, Width: 12, SheetOnly: true},
		{Title: "Acceptance expires", Kind: Date, Width: 12, SheetOnly: true},
		{Title: "Acceptance", Kind: Text, Width: 22, SheetOnly: true},
		{Title: "Acceptance rationale", Kind: LongText, Width: 40, SheetOnly: true},
		{Title: "Status", Kind: Enum, Width: 10, Options: names(risk.Statuses)},
		{Title: "Last review", Kind: Date, Width: 11, SheetOnly: true},
		{Title: "Next review", Kind: Date, Width: 11},
		{Title: "Confidence", Kind: Enum, Width: 8, Options: names(risk.Confidences), SheetOnly: true},
		{Title: "Source", Kind: LongText, Width: 30, SheetOnly: true},
	}
	t := &Table{Name: "Risks", Columns: cols, Empty: "The register holds no risk yet."}
	t.Source = b.riskRows(b.stats.risks, func(row []Cell, r *risk.Risk) ([]Cell, error) {
		return append(row,
			text(r.Ref), text(r.Title), text(r.Category), text(r.Owner), date(r.IdentifiedOn()),
			text(r.Description), text(r.Cause), text(r.Vulnerability), text(r.Consequence),
			scoreNumber(r.Inherent.Likelihood), scoreNumber(r.Inherent.Consequence), b.levelCell(r.Inherent),
			text(strings.Join(r.Controls, ", ")), text(string(r.ControlEffectiveness)),
			scoreNumber(r.Residual.Likelihood), scoreNumber(r.Residual.Consequence), b.levelCell(r.Residual),
			b.levelCell(r.Target), text(string(r.Treatment)), text(r.Acceptance.Approver), date(r.Acceptance.Date),
			date(r.Acceptance.Expiry), text(acceptanceState(r, &b.in.Criteria, b.today)), text(r.Acceptance.Rationale),
			text(string(r.Status)), date(r.LastReview), date(r.NextReview), text(string(r.Confidence)), text(r.Source),
		), nil
	})
	return Section{ID: "risks", Title: "Risk register", Sheet: "Risks", Blocks: []Block{
		{Paragraph: fmt.Sprintf("%s, in reference order. Inherent is the level before controls, residual with the current controls. "+
			"Each risk follows in full under Risk details. The workbook's Risks sheet holds every field, to sort and filter; "+
			"its Register (print) sheet is the register laid out for paper.", risk.Count(b.stats.risks, "risk", "risks"))},
		{Table: t},
	}}
}

func scoreNumber(n int) Cell {
	if n == 0 {
		return Cell{}
	}
	return number(n)
}

func names[T ~string](vs []T) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = string(v)
	}
	return out
}

// treatmentPlan lists every treatment action with its risk.
func (b *builder) treatmentPlan() Section {
	t := &Table{Name: "Actions", Columns: []Column{
		{Title: "Risk", Kind: Text, Width: 8},
		{Title: "Risk title", Kind: LongText, Width: 28},
		{Title: "Action", Kind: LongText, Width: 44},
		{Title: "Owner", Kind: Text, Width: 16},
		{Title: "Due", Kind: Date, Width: 11},
		{Title: "Status", Kind: Enum, Width: 11, Options: names(risk.ActionStatuses)},
		{Title: "Progress", Kind: Percent, Width: 9},
		{Title: "Overdue", Kind: Text, Width: 8},
	}, Empty: "No treatment action is recorded."}
	st := b.stats
	t.Source = b.rowsOf(st.actions, func(r *risk.Risk, row []Cell, emit func([]Cell) error) error {
		for _, a := range r.Actions {
			late := ""
			if a.Overdue(b.today) {
				late = "yes"
			}
			row = append(row[:0], text(r.Ref), text(r.Title), text(a.Title), text(a.Owner), date(a.Due),
				text(string(a.Status)), Cell{Text: fmt.Sprintf("%d%%", a.Progress), Number: float64(a.Progress)}, text(late))
			if err := emit(row); err != nil {
				return err
			}
		}
		return nil
	})
	intro := fmt.Sprintf("%s: %d open (%d overdue), %d done. Each action names its owner and due date.", risk.Count(st.actions, "treatment action", "treatment actions"), st.actionsOpen, st.actionsOverdue, st.actionsDone)
	if ofClosed := st.actions - st.openActionsTotal; ofClosed > 0 {
		intro += fmt.Sprintf(" %s to closed risks, listed as the record of what was done; the public summary counts only the %s of open risks.",
			capitalFirst(risk.Count(ofClosed, "action belongs", "actions belong")), risk.Count(st.actions-ofClosed, "action", "actions"))
	}
	return Section{ID: "actions", Title: "Risk treatment plan", Sheet: "Actions", Blocks: []Block{
		{Paragraph: intro},
		{Table: t},
	}}
}

// treatmentProgress is the summary's view of treatment: counts only.
func (b *builder) treatmentProgress() Section {
	st := b.stats
	counts, overdue, total, ofClosed := st.openActions, st.openActionsOverdue, st.openActionsTotal, st.actions-st.openActionsTotal
	t := &Table{Name: "TreatmentProgress", Columns: []Column{
		{Title: "Action status", Kind: Text, Width: 16},
		{Title: "Actions", Kind: Number, Width: 10},
	}, Empty: "No treatment action is recorded."}
	for _, st := range risk.ActionStatuses {
		if total > 0 {
			t.Rows = append(t.Rows, []Cell{text(string(st)), number(counts[st])})
		}
	}
	treated := st.treated
	var options []string
	for _, tr := range risk.Treatments {
		options = append(options, fmt.Sprintf("%s %d", tr, treated[tr]))
	}
	intro := fmt.Sprintf("Open risks by treatment option: %s; %d not yet decided. Of %s, %d are overdue.",
		strings.Join(options, ", "), treated[""], risk.Count(total, "treatment action", "treatment actions"), overdue)
	if ofClosed > 0 {
		intro += fmt.Sprintf(" These are the actions of open risks only: the full document also lists the %s of closed risks, as the record of what was done, so its total is %d.",
			risk.Count(ofClosed, "action", "actions"), total+ofClosed)
	}
	return Section{ID: "treatment", Title: "Treatment progress", Sheet: "Treatment", Blocks: []Block{
		{Paragraph: intro},
		{Table: t},
	}}
}

// soa is the Statement of Applicability, one row per control.
func (b *builder) soa() Section {
	t := &Table{Name: "SoA", Columns: []Column{
		{Title: "Control", Kind: Text, Width: 8},
		{Title: "Theme", Kind: Text, Width: 16, SheetOnly: true},
		{Title: "Title", Kind: LongText, Width: 34},
		{Title: "Applicable", Kind: Enum, Width: 12, Options: append(names(risk.Applicabilities), "undecided")},
		{Title: "Justification", Kind: LongText, Width: 52},
		{Title: "Implementation", Kind: Enum, Width: 13, Options: names(risk.Implementations)},
		{Title: "Linked risks", Kind: LongText, Width: 14},
	}}
	entries := map[string]risk.SoAEntry{}
	for _, e := range b.in.SoA {
		entries[e.Control] = e
	}
	decided, applicable, implemented := 0, 0, 0
	for _, c := range b.in.Catalogs {
		for _, ctl := range c.Controls {
			e := entries[ctl.ID]
			if e.Applicable != "" {
				decided++
			}
			if e.Applicable == risk.Applicable {
				applicable++
			}
			if e.Implementation == risk.Implemented {
				implemented++
			}
			decision := string(e.Applicable)
			if decision == "" {
				decision = "undecided"
			}
			refs := slices.Clone(b.stats.linked[ctl.ID])
			slices.SortFunc(refs, risk.CompareRefs)
			t.Rows = append(t.Rows, []Cell{text(ctl.ID), text(b.themes[ctl.Theme]), text(ctl.Title), text(decision),
				text(e.Justification), text(string(e.Implementation)), text(strings.Join(refs, ", "))})
		}
	}
	return Section{ID: "soa", Title: "Statement of Applicability", Sheet: "SoA", Blocks: []Block{
		{Paragraph: fmt.Sprintf("ISO/IEC 27001:2022 Annex A: %d of %d controls decided, %d applicable, %d implemented. Control titles only; the text of the standard is not reproduced.", decided, len(t.Rows), applicable, implemented)},
		{Table: t},
	}}
}

// soaSummary is the summary's view of the SoA: counts per theme.
func (b *builder) soaSummary() Section {
	t := &Table{Name: "SoASummary", Columns: []Column{
		{Title: "Theme", Kind: Text, Width: 26},
		{Title: "Controls", Kind: Number, Width: 10},
		{Title: "Applicable", Kind: Number, Width: 11},
		{Title: "Implemented", Kind: Number, Width: 12},
		{Title: "Undecided", Kind: Number, Width: 11},
	}}
	entries := map[string]risk.SoAEntry{}
	for _, e := range b.in.SoA {
		entries[e.Control] = e
	}
	for _, c := range b.in.Catalogs {
		for _, th := range c.Themes {
			var n, app, impl, und int
			for _, ctl := range c.Controls {
				if ctl.Theme != th.ID {
					continue
				}
				n++
				switch e := entries[ctl.ID]; {
				case e.Applicable == "":
					und++
				case e.Applicable == risk.Applicable:
					app++
					if e.Implementation == risk.Implemented {
						impl++
					}
				}
			}
			t.Rows = append(t.Rows, []Cell{text(th.Name), number(n), number(app), number(impl), number(und)})
		}
	}
	return Section{ID: "soa", Title: "Controls", Sheet: "Controls", Blocks: []Block{
		{Paragraph: "The ISO/IEC 27001:2022 Annex A controls by theme: how many apply and how many are implemented."},
		{Table: t},
	}}
}

// changeLog summarises the change log: counts, then the changes themselves.
func (b *builder) changeLog() Section {
	t := &Table{Name: "ChangeLog", PrintLimit: 60, Columns: []Column{
		{Title: "#", Kind: Number, Width: 6},
		{Title: "When (UTC)", Kind: Text, Width: 17},
		{Title: "Who", Kind: Text, Width: 18},
		{Title: "What", Kind: Text, Width: 10},
		{Title: "Which", Kind: Text, Width: 16},
		{Title: "Change", Kind: Text, Width: 9},
	}, Empty: "The change log is empty."}
	log := b.in.Changes
	sum := log.Summary()
	var row []Cell
	t.Source = rowStream{n: sum.Rows, each: func(from int, fn func([]Cell) error) error {
		return log.Each(from, func(c *Change) error {
			row = append(row[:0], Cell{Text: fmt.Sprint(c.ID), Number: float64(c.ID)}, text(c.At.UTC().Format("2006-01-02 15:04")),
				text(c.Actor), text(c.Entity), text(c.Key), text(c.Action))
			return fn(row)
		})
	}}
	span := "no changes"
	if n := sum.Rows; n > 0 {
		span = fmt.Sprintf("%s from %s to %s", risk.Count(n, "change", "changes"),
			sum.First.UTC().Format("2006-01-02"), sum.Last.UTC().Format("2006-01-02"))
	}
	return Section{ID: "changes", Title: "Change log", Sheet: "Change log", Blocks: []Block{
		{Paragraph: fmt.Sprintf("The workspace records every change with who made it and when, before and after, in a log whose rows are chained with SHA-256 (riskbook verify checks the chain). It holds %s by %s.", span, risk.Count(sum.Actors, "person", "people"))},
		{Table: t},
	}}
}

// riskRows is a table with a row per risk, made by cells from each risk as
// the table is read.
func (b *builder) riskRows(n int, cells func(row []Cell, r *risk.Risk) ([]Cell, error)) RowSource {
	return b.rowsOf(n, func(r *risk.Risk, row []Cell, emit func([]Cell) error) error {
		row, err := cells(row[:0], r)
		if err != nil {
			return err
		}
		return emit(row)
	})
}

// rowsOf is a table of n rows that rows makes from the risks as the table
// is read: none, one or several per risk, handed to emit. The row slice is
// reused from row to row.
func (b *builder) rowsOf(n int, rows func(r *risk.Risk, row []Cell, emit func([]Cell) error) error) RowSource {
	var row []Cell
	return rowStream{n: n, each: func(from int, fn func([]Cell) error) error {
		i := 0
		return b.in.Risks.Each(func(r *risk.Risk) error {
			return rows(r, row, func(cells []Cell) error {
				row = cells[:0]
				i++
				if i <= from {
					return nil
				}
				return fn(cells)
			})
		})
	}}
}
