package export

import (
	"fmt"
	"slices"
	"strings"

	"riskbook/i18n"
	"riskbook/risk"
)

// overview is the first section of the full report: what the document
// covers and the register at a glance.
func (b *builder) overview() Section {
	p := b.in.Profile
	facts := []Fact{{b.T("export.fact.organisation"), or(p.Organisation, b.T("export.fact.organisation.none"))}}
	if p.TLDs != "" {
		facts = append(facts, Fact{b.T("export.fact.tlds"), p.TLDs})
	}
	facts = append(facts,
		Fact{b.T("export.fact.version"), p.Version},
		Fact{b.T("export.fact.date"), b.dayOf(b.in.Now)},
		Fact{b.T("export.fact.classification"), b.classification(p.Classification)},
		Fact{b.T("export.fact.register_owner"), or(p.Owner, b.T("export.fact.register_owner.none"))},
		Fact{b.T("export.fact.approver"), or(p.Approver, b.T("export.fact.approver.none"))},
		Fact{b.T("export.fact.workspace"), b.in.Workspace},
		Fact{b.T("export.fact.criteria_version"), fmt.Sprint(b.crit.Version)},
	)
	if a := b.assessmentLine(b.in.Assessment); a != "" {
		facts = append([]Fact{{b.T("export.fact.assessment"), a}}, facts...)
	}
	return Section{ID: "overview", Title: b.T("export.overview.title"), Sheet: b.T("export.overview.sheet"), Blocks: []Block{
		{Facts: facts},
		{Paragraph: b.scope()},
		{Heading: b.T("export.overview.glance")},
		{Facts: b.glance()},
		{Table: b.levelCounts()},
	}}
}

// scope says what the document covers.
func (b *builder) scope() string {
	var s string
	if org := strings.TrimSpace(b.in.Profile.Organisation); org != "" {
		s = b.T("export.overview.scope", i18n.Args{"Org": org})
	} else {
		s = b.T("export.overview.scope.unnamed")
	}
	if b.bia != nil {
		s += " " + b.T("export.overview.scope.bia")
	}
	s += " " + b.T("export.overview.scope.playbooks")
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
	c := &b.crit
	st := b.stats
	appetite, _ := c.Level(c.Appetite)
	facts := []Fact{
		{b.T("export.glance.risks"), b.T("export.glance.risks.value", i18n.Args{"Risks": b.p.Int(st.risks), "Open": b.p.Int(st.open), "Closed": b.p.Int(st.risks - st.open)})},
		{b.T("export.glance.appetite"), b.T("export.glance.appetite.value", i18n.Args{"Level": appetite.Label})},
		{b.T("export.glance.above"), b.N("export.glance.above.value", st.above, i18n.Args{"Undecided": b.p.Int(st.undecided)})},
		{b.T("export.glance.overdue"), b.p.Int(st.overdue)},
	}
	if b.bia != nil {
		facts = append(facts, b.bia.glance())
	}
	facts = append(facts, b.playbooks.glance())
	if len(b.in.Exercises) > 0 || len(b.in.Playbooks) > 0 {
		facts = append(facts, b.exerciseGlance(b.in.Exercises, b.today))
	}
	return facts
}

// levelCounts is the table of open risks per level, inherent and residual.
func (b *builder) levelCounts() *Table {
	t := &Table{Name: "LevelCounts", Columns: []Column{
		{Title: b.T("export.col.risk_level"), Kind: RiskLevel, Width: 14},
		{Title: b.T("export.col.inherent"), Kind: Number, Width: 10},
		{Title: b.T("export.col.residual"), Kind: Number, Width: 10},
		{Title: b.T("export.col.within_appetite"), Kind: Text, Width: 14},
	}, Title: b.T("export.table.level_counts"), Empty: b.T("export.levelcounts.empty")}
	c := &b.crit
	for i := len(c.Levels) - 1; i >= 0; i-- {
		l := c.Levels[i]
		inh, res := b.stats.inherentRank[l.Rank], b.stats.residualRank[l.Rank]
		within := b.T("export.yes")
		if l.Rank > c.Appetite {
			within = b.T("export.no")
		}
		t.Rows = append(t.Rows, []Cell{{Text: l.Label, Colour: l.Colour}, number(inh), number(res), text(within)})
	}
	return t
}

// summaryOverview is the public summary's first section: counts only.
func (b *builder) summaryOverview() Section {
	p := b.in.Profile
	facts := []Fact{{b.T("export.fact.organisation"), or(p.Organisation, b.T("export.fact.organisation.none"))}}
	if p.TLDs != "" {
		facts = append(facts, Fact{b.T("export.fact.tlds"), p.TLDs})
	}
	facts = append(facts, Fact{b.T("export.fact.date"), b.dayOf(b.in.Now)}, Fact{b.T("export.fact.version"), p.Version})
	intro := b.T("export.summary.intro.unnamed")
	if org := strings.TrimSpace(p.Organisation); org != "" {
		intro = b.T("export.summary.intro", i18n.Args{"Org": org})
	}
	return Section{ID: "overview", Title: b.T("export.overview.title"), Sheet: b.T("export.overview.sheet"), Blocks: []Block{
		{Facts: facts},
		{Paragraph: intro},
		{Facts: b.glance()},
		{Table: b.levelCounts()},
		{Heading: b.T("export.summary.differences.heading")},
		{Paragraph: b.T("export.summary.differences")},
	}}
}

// criteria documents the scales, the levels, the matrix and the appetite.
func (b *builder) criteria() Section {
	c := &b.crit
	scale := func(name, title string, levels []risk.ScaleLevel, frequency bool) *Table {
		t := &Table{Name: name + "Scale", Title: title, Columns: []Column{
			{Title: b.T("export.col.level"), Kind: Number, Width: 7},
			{Title: b.T("export.col.label"), Kind: Text, Width: 16},
			{Title: b.T("export.col.description"), Kind: LongText, Width: 60},
		}}
		if frequency {
			t.Columns = append(t.Columns, Column{Title: b.T("export.col.frequency"), Kind: Text, Width: 24})
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
	levels := &Table{Name: "RiskLevels", Title: b.T("export.criteria.levels"), Columns: []Column{
		{Title: b.T("export.col.rank"), Kind: Number, Width: 7},
		{Title: b.T("export.col.level"), Kind: RiskLevel, Width: 14},
		{Title: b.T("export.col.colour"), Kind: Text, Width: 10},
		{Title: b.T("export.col.decision"), Kind: LongText, Width: 60},
	}}
	for i := len(c.Levels) - 1; i >= 0; i-- {
		l := c.Levels[i]
		rule := b.T("export.criteria.within")
		if l.Rank > c.Appetite {
			rule = b.T("export.criteria.above")
		}
		levels.Rows = append(levels.Rows, []Cell{number(l.Rank), {Text: l.Label, Colour: l.Colour}, text(l.Colour), text(rule)})
	}
	appetite, _ := c.Level(c.Appetite)
	return Section{ID: "criteria", Title: b.T("export.criteria.title"), Sheet: b.T("export.criteria.sheet"), Blocks: []Block{
		{Paragraph: b.T("export.criteria.intro", i18n.Args{"L": len(c.Likelihood), "C": len(c.Consequence), "Appetite": appetite.Label, "Version": c.Version})},
		{Heading: b.T("export.criteria.matrix")},
		{Matrix: b.matrix(b.T("export.criteria.matrix.title"), func(s risk.Score) string {
			l, _ := c.LevelOf(s)
			return l.Label
		})},
		{Heading: b.T("export.criteria.levels")},
		{Table: levels},
		{Heading: b.T("export.criteria.likelihood")},
		{Table: scale("Likelihood", b.T("export.criteria.likelihood"), c.Likelihood, true)},
		{Heading: b.T("export.criteria.consequence")},
		{Table: scale("Consequence", b.T("export.criteria.consequence"), c.Consequence, false)},
	}}
}

// matrix draws the criteria's matrix with the given text in each cell.
func (b *builder) matrix(title string, cellText func(risk.Score) string) *Matrix {
	c := &b.crit
	m := &Matrix{Title: title, RowTitle: b.T("export.matrix.likelihood"), ColTitle: b.T("export.matrix.consequence")}
	appetite, _ := c.Level(c.Appetite)
	m.Note = b.T("export.matrix.note", i18n.Args{"Appetite": appetite.Label})
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
			return b.p.Int(n[s])
		}
	}
	return Section{ID: "heatmap", Title: b.T("export.heatmap.title"), Sheet: b.T("export.heatmap.sheet"), Blocks: []Block{
		{Paragraph: b.T("export.heatmap.intro")},
		{Matrix: b.matrix(b.T("export.heatmap.inherent"), count(b.stats.inherentScore))},
		{Matrix: b.matrix(b.T("export.heatmap.residual"), count(b.stats.residualScore))},
	}}
}

// register is the risk register, one row per risk.
func (b *builder) register() Section {
	cols := []Column{
		{Title: b.T("export.col.ref"), Kind: Text, Width: 8},
		{Title: b.T("export.col.risk"), Kind: LongText, Width: 34},
		{Title: b.T("export.col.category"), Kind: Text, Width: 13},
		{Title: b.T("export.col.owner"), Kind: Text, Width: 15},
		{Title: b.T("export.col.identified"), Kind: Date, Width: 11, SheetOnly: true},
		{Title: b.T("export.col.description"), Kind: LongText, Width: 50, SheetOnly: true},
		{Title: b.T("export.col.cause"), Kind: LongText, Width: 40, SheetOnly: true},
		{Title: b.T("export.col.vulnerability"), Kind: LongText, Width: 40, SheetOnly: true},
		{Title: b.T("export.col.consequence"), Kind: LongText, Width: 40, SheetOnly: true},
		{Title: b.T("export.col.inherent_l"), Kind: Number, Width: 6, SheetOnly: true},
		{Title: b.T("export.col.inherent_c"), Kind: Number, Width: 6, SheetOnly: true},
		{Title: b.T("export.col.inherent"), Kind: RiskLevel, Width: 10},
		{Title: b.T("export.col.controls"), Kind: LongText, Width: 16},
		{Title: b.T("export.col.effectiveness"), Kind: Enum, Width: 12, Options: b.values("effectiveness", names(risk.Effectivenesses)), SheetOnly: true},
		{Title: b.T("export.col.residual_l"), Kind: Number, Width: 6, SheetOnly: true},
		{Title: b.T("export.col.residual_c"), Kind: Number, Width: 6, SheetOnly: true},
		{Title: b.T("export.col.residual"), Kind: RiskLevel, Width: 10},
		{Title: b.T("export.col.target"), Kind: RiskLevel, Width: 10, SheetOnly: true},
		{Title: b.T("export.col.treatment"), Kind: Enum, Width: 10, Options: b.values("treatment", names(risk.Treatments))},
		{Title: b.T("export.col.accepted_by"), Kind: Text, Width: 16, SheetOnly: true},
		{Title: b.T("export.col.accepted_on"), Kind: Date, Width: 12, SheetOnly: true},
		{Title: b.T("export.col.acceptance_expires"), Kind: Date, Width: 12, SheetOnly: true},
		{Title: b.T("export.col.acceptance"), Kind: Text, Width: 22, SheetOnly: true},
		{Title: b.T("export.col.acceptance_rationale"), Kind: LongText, Width: 40, SheetOnly: true},
		{Title: b.T("export.col.status"), Kind: Enum, Width: 10, Options: b.values("status", names(risk.Statuses))},
		{Title: b.T("export.col.last_review"), Kind: Date, Width: 11, SheetOnly: true},
		{Title: b.T("export.col.next_review"), Kind: Date, Width: 11},
		{Title: b.T("export.col.confidence"), Kind: Enum, Width: 8, Options: names(risk.Confidences), SheetOnly: true},
		{Title: b.T("export.col.source"), Kind: LongText, Width: 30, SheetOnly: true},
	}
	t := &Table{Name: "Risks", Columns: cols, Empty: b.T("export.register.empty")}
	t.Source = b.riskRows(b.stats.risks, func(row []Cell, r *risk.Risk) ([]Cell, error) {
		return append(row,
			text(r.Ref), text(r.Title), text(r.Category), text(r.Owner), b.date(r.IdentifiedOn()),
			text(r.Description), text(r.Cause), text(r.Vulnerability), text(r.Consequence),
			scoreNumber(r.Inherent.Likelihood), scoreNumber(r.Inherent.Consequence), b.levelCell(r.Inherent),
			text(strings.Join(r.Controls, ", ")), text(b.value("effectiveness", string(r.ControlEffectiveness))),
			scoreNumber(r.Residual.Likelihood), scoreNumber(r.Residual.Consequence), b.levelCell(r.Residual),
			b.levelCell(r.Target), text(b.value("treatment", string(r.Treatment))), text(r.Acceptance.Approver), b.date(r.Acceptance.Date),
			b.date(r.Acceptance.Expiry), text(b.acceptanceState(r, &b.crit, b.today)), text(r.Acceptance.Rationale),
			text(b.value("status", string(r.Status))), b.date(r.LastReview), b.date(r.NextReview), text(string(r.Confidence)), text(r.Source),
		), nil
	})
	return Section{ID: "risks", Title: b.T("export.register.title"), Sheet: b.T("export.register.sheet"), Blocks: []Block{
		{Paragraph: b.N("export.register.intro", b.stats.risks)},
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
		{Title: b.T("export.col.risk"), Kind: Text, Width: 8},
		{Title: b.T("export.col.risk_title"), Kind: LongText, Width: 28},
		{Title: b.T("export.col.action"), Kind: LongText, Width: 44},
		{Title: b.T("export.col.owner"), Kind: Text, Width: 16},
		{Title: b.T("export.col.due"), Kind: Date, Width: 11},
		{Title: b.T("export.col.status"), Kind: Enum, Width: 11, Options: b.values("action", names(risk.ActionStatuses))},
		{Title: b.T("export.col.progress"), Kind: Percent, Width: 9},
		{Title: b.T("export.col.overdue"), Kind: Text, Width: 8},
	}, Empty: b.T("export.actions.empty")}
	st := b.stats
	yes := b.T("export.yes")
	t.Source = b.rowsOf(st.actions, func(r *risk.Risk, row []Cell, emit func([]Cell) error) error {
		for _, a := range r.Actions {
			late := ""
			if a.Overdue(b.today) {
				late = yes
			}
			row = append(row[:0], text(r.Ref), text(r.Title), text(a.Title), text(a.Owner), b.date(a.Due),
				text(b.value("action", string(a.Status))), Cell{Text: b.percent(a.Progress), Number: float64(a.Progress)}, text(late))
			if err := emit(row); err != nil {
				return err
			}
		}
		return nil
	})
	intro := b.N("export.actions.intro", st.actions, i18n.Args{"Open": b.p.Int(st.actionsOpen), "Overdue": b.p.Int(st.actionsOverdue), "Done": b.p.Int(st.actionsDone)})
	if ofClosed := st.actions - st.openActionsTotal; ofClosed > 0 {
		intro += " " + b.N("export.actions.of_closed", ofClosed, i18n.Args{"OfOpen": b.N("export.actions.count", st.actions-ofClosed)})
	}
	return Section{ID: "actions", Title: b.T("export.actions.title"), Sheet: b.T("export.actions.sheet"), Blocks: []Block{
		{Paragraph: intro},
		{Table: t},
	}}
}

// treatmentProgress is the summary's view of treatment: counts only.
func (b *builder) treatmentProgress() Section {
	st := b.stats
	counts, overdue, total, ofClosed := st.openActions, st.openActionsOverdue, st.openActionsTotal, st.actions-st.openActionsTotal
	t := &Table{Name: "TreatmentProgress", Columns: []Column{
		{Title: b.T("export.col.action_status"), Kind: Text, Width: 16},
		{Title: b.T("export.col.actions"), Kind: Number, Width: 10},
	}, Empty: b.T("export.actions.empty")}
	for _, st := range risk.ActionStatuses {
		if total > 0 {
			t.Rows = append(t.Rows, []Cell{text(b.value("action", string(st))), number(counts[st])})
		}
	}
	treated := st.treated
	var options []string
	for _, tr := range risk.Treatments {
		options = append(options, b.T("export.treatment.option", i18n.Args{"Option": b.value("treatment", string(tr)), "N": b.p.Int(treated[tr])}))
	}
	intro := b.N("export.treatment.intro", total, i18n.Args{"Options": strings.Join(options, ", "), "Undecided": b.p.Int(treated[""]), "Overdue": b.p.Int(overdue)})
	if ofClosed > 0 {
		intro += " " + b.N("export.treatment.of_closed", ofClosed, i18n.Args{"Total": b.p.Int(total + ofClosed)})
	}
	return Section{ID: "treatment", Title: b.T("export.treatment.title"), Sheet: b.T("export.treatment.sheet"), Blocks: []Block{
		{Paragraph: intro},
		{Table: t},
	}}
}

// soa is the Statement of Applicability, one row per control.
func (b *builder) soa() Section {
	t := &Table{Name: "SoA", Columns: []Column{
		{Title: b.T("export.col.control"), Kind: Text, Width: 8},
		{Title: b.T("export.col.theme"), Kind: Text, Width: 16, SheetOnly: true},
		{Title: b.T("export.col.title"), Kind: LongText, Width: 34},
		{Title: b.T("export.col.applicable"), Kind: Enum, Width: 12, Options: b.values("applicability", valueKinds["applicability"])},
		{Title: b.T("export.col.justification"), Kind: LongText, Width: 52},
		{Title: b.T("export.col.implementation"), Kind: Enum, Width: 13, Options: b.values("implementation", names(risk.Implementations))},
		{Title: b.T("export.col.linked_risks"), Kind: LongText, Width: 14},
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
				decision = undecidedSoA
			}
			refs := slices.Clone(b.stats.linked[ctl.ID])
			slices.SortFunc(refs, risk.CompareRefs)
			t.Rows = append(t.Rows, []Cell{text(ctl.ID), text(b.themes[ctl.Theme]), text(ctl.Title), text(b.value("applicability", decision)),
				text(e.Justification), text(b.value("implementation", string(e.Implementation))), text(strings.Join(refs, ", "))})
		}
	}
	return Section{ID: "soa", Title: b.T("export.soa.title"), Sheet: b.T("export.soa.sheet"), Blocks: []Block{
		{Paragraph: b.N("export.soa.intro", len(t.Rows), i18n.Args{"Decided": b.p.Int(decided), "Applicable": b.p.Int(applicable), "Implemented": b.p.Int(implemented)})},
		{Table: t},
	}}
}

// soaSummary is the summary's view of the SoA: counts per theme.
func (b *builder) soaSummary() Section {
	t := &Table{Name: "SoASummary", Columns: []Column{
		{Title: b.T("export.col.theme"), Kind: Text, Width: 26},
		{Title: b.T("export.col.controls"), Kind: Number, Width: 10},
		{Title: b.T("export.col.applicable_n"), Kind: Number, Width: 11},
		{Title: b.T("export.col.implemented_n"), Kind: Number, Width: 12},
		{Title: b.T("export.col.undecided_n"), Kind: Number, Width: 11},
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
	return Section{ID: "soa", Title: b.T("export.soasummary.title"), Sheet: b.T("export.soasummary.sheet"), Blocks: []Block{
		{Paragraph: b.T("export.soasummary.intro")},
		{Table: t},
	}}
}

// changeLog summarises the change log: counts, then the changes themselves.
func (b *builder) changeLog() Section {
	t := &Table{Name: "ChangeLog", PrintLimit: 60, Columns: []Column{
		{Title: "#", Kind: Number, Width: 6},
		{Title: b.T("export.col.when_utc"), Kind: Text, Width: 17},
		{Title: b.T("export.col.who"), Kind: Text, Width: 18},
		{Title: b.T("export.col.what"), Kind: Text, Width: 10},
		{Title: b.T("export.col.which"), Kind: Text, Width: 16},
		{Title: b.T("export.col.change"), Kind: Text, Width: 9},
	}, Empty: b.T("export.changes.empty")}
	log := b.in.Changes
	sum := log.Summary()
	if sum.Rows > t.PrintLimit {
		t.LimitNote = b.T("export.changes.limit", i18n.Args{"Shown": b.p.Int(t.PrintLimit), "Rows": b.p.Int(sum.Rows)})
	}
	var row []Cell
	t.Source = rowStream{n: sum.Rows, each: func(from int, fn func([]Cell) error) error {
		return log.Each(from, func(c *Change) error {
			row = append(row[:0], Cell{Text: fmt.Sprint(c.ID), Number: float64(c.ID)}, text(b.dayTime(c.At)),
				text(c.Actor), text(b.value("entity", c.Entity)), text(b.changed(c)), text(b.value("change", c.Action)))
			return fn(row)
		})
	}}
	intro := b.T("export.changes.intro.none")
	if n := sum.Rows; n > 0 {
		intro = b.N("export.changes.intro", n, i18n.Args{"From": b.dayOf(sum.First), "To": b.dayOf(sum.Last), "People": b.N("export.changes.people", sum.Actors)})
	}
	return Section{ID: "changes", Title: b.T("export.changes.title"), Sheet: b.T("export.changes.sheet"), Blocks: []Block{
		{Paragraph: intro},
		{Table: t},
	}}
}

// changed is which record a change-log row changed: its reference, and
// for a change to a server workspace's team the role given or taken
// ("bo (auditor)").
func (b *builder) changed(c *Change) string {
	if c.Entity == "team" && c.Value != "" {
		return c.Key + " (" + b.T("team.label."+c.Value) + ")"
	}
	return c.Key
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
	return &registerRows{n: n, risks: b.in.Risks, of: b, rows: rows}
}
