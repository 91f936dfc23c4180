package export

import (
	"container/heap"
	"slices"
	"strings"

	"riskbook/i18n"
	"riskbook/risk"
)

// The risk register beyond its table: a detail card per risk in the PDF
// (identification, scores, controls, treatment, acceptance, review,
// evidence and what needs attention), and the workbook's print layout of
// the register.

// acceptanceState says where a risk's acceptance stands on today: "" for
// a risk that is not accepted and records none.
func (l docLang) acceptanceState(r *risk.Risk, c *risk.Criteria, today risk.Date) string {
	a := r.Acceptance
	switch {
	case !r.Accepting() && a.IsZero():
		return ""
	case !r.Accepting():
		return l.T("export.acceptance.not_accepted")
	case a.Expired(today):
		return l.T("export.acceptance.expired", i18n.Args{"Day": l.day(a.Expiry)})
	case a.Approver == "" && c.AboveAppetite(r.Residual):
		return l.T("export.acceptance.no_approver")
	case a.Expiry.IsZero() && c.AboveAppetite(r.Residual):
		return l.T("export.acceptance.no_expiry")
	case a.Expiry.IsZero():
		return l.T("export.acceptance.in_force")
	}
	return l.T("export.acceptance.in_force_until", i18n.Args{"Day": l.day(a.Expiry)})
}

// acceptanceLine writes an acceptance on one line: "Board, 2026-01-20,
// until 2026-12-31 (EXPIRED)".
func (l docLang) acceptanceLine(r *risk.Risk, today risk.Date) string {
	a := r.Acceptance
	if !r.Accepting() && a.IsZero() {
		return ""
	}
	var parts []string
	parts = append(parts, or(a.Approver, l.T("export.acceptance.approver.none")))
	if !a.Date.IsZero() {
		parts = append(parts, l.T("export.acceptance.on", i18n.Args{"Day": l.day(a.Date)}))
	}
	if !a.Expiry.IsZero() {
		parts = append(parts, l.T("export.acceptance.until", i18n.Args{"Day": l.day(a.Expiry)}))
	}
	s := strings.Join(parts, ", ")
	if a.Expired(today) && r.Accepting() {
		s += " " + l.T("export.acceptance.expired_mark")
	}
	return s
}

// actionsLine counts a risk's actions: "3 (2 open, 1 overdue)".
func (l docLang) actionsLine(r *risk.Risk, today risk.Date) string {
	if len(r.Actions) == 0 {
		return l.T("export.actions.line.none")
	}
	open, overdue := 0, 0
	for _, a := range r.Actions {
		if a.IsOpen() {
			open++
		}
		if a.Overdue(today) {
			overdue++
		}
	}
	args := i18n.Args{"N": l.p.Int(len(r.Actions)), "Open": l.p.Int(open), "Overdue": l.p.Int(overdue)}
	if overdue > 0 {
		return l.T("export.actions.line.overdue", args)
	}
	return l.T("export.actions.line", args)
}

// score writes a score as the document's language abbreviates it:
// "L4×C5" in English, "V4×C5" in French.
func (l docLang) score(s risk.Score) string { return ScoreIn(l.p, s) }

// ScoreIn writes a score as p's language abbreviates it: "L4×C5" in
// English, "V4×C5" in French, "P4×C5" in Spanish; "" when unscored.
func ScoreIn(p *i18n.Printer, s risk.Score) string {
	if s.IsZero() {
		return ""
	}
	return p.T("export.score", i18n.Args{"L": s.Likelihood, "C": s.Consequence})
}

// scoreText writes a score with its level: "L4×C5 Critical".
func (b *builder) scoreText(s risk.Score) string {
	if s.IsZero() {
		return b.T("export.score.none")
	}
	if l, ok := b.crit.LevelOf(s); ok {
		return b.score(s) + " " + l.Label
	}
	return b.score(s)
}

// pdfDetailLimit is the most risks the PDF sets out in full: a card is
// a third of a page, and a register of thousands is read in the workbook.
const pdfDetailLimit = 400

// riskDetails is a card per risk, in reference order; a register larger
// than pdfDetailLimit has cards for the risks that need a decision or
// attention, the most severe first, and says so. The cards' risks were
// picked while the register was counted (registerStats.details).
func (b *builder) riskDetails() Section {
	intro := b.T("export.details.intro")
	chosen := b.stats.details
	if len(chosen) < b.stats.risks {
		intro += " " + b.T("export.details.chosen", i18n.Args{"Risks": b.p.Int(b.stats.risks), "Chosen": b.p.Int(len(chosen))})
	}
	blocks := []Block{{Paragraph: intro}}
	names := b.bcpNames()
	for i := range chosen {
		blocks = append(blocks, Block{Detail: b.riskDetail(&chosen[i], names)})
	}
	if b.stats.risks == 0 {
		blocks = append(blocks, Block{Paragraph: b.T("export.register.empty")})
	}
	return Section{ID: "risk-details", Title: b.T("export.details.title"), Blocks: blocks}
}

// needsCard reports whether an open risk is one a large register's
// details set out: above the appetite, accepted, or with a rule finding of
// at least a warning among findings.
func needsCard(r *risk.Risk, c *risk.Criteria, findings []risk.Finding) bool {
	return c.AboveAppetite(r.Residual) || r.Accepting() || slices.ContainsFunc(findings, func(f risk.Finding) bool {
		return f.Severity >= risk.SeverityWarning
	})
}

// detailPicker keeps, as the register goes by in reference order, the
// risks that get a detail card: every risk while there are no more than
// pdfDetailLimit, and the pdfDetailLimit candidates of highest residual
// rank (the earlier first among equals) otherwise. It holds at most twice
// pdfDetailLimit risks, whatever the register's size.
type detailPicker struct {
	first []risk.Risk // the register's first risks, while they may be all
	seen  int
	picks detailHeap
}

type detailPick struct {
	r     risk.Risk
	rank  int
	index int
}

// detailHeap is a heap of picks with the one to drop first on top: the
// lowest rank, the latest among equals.
type detailHeap []detailPick

func (h detailHeap) Len() int { return len(h) }
func (h detailHeap) Less(i, j int) bool {
	return h[i].rank < h[j].rank || h[i].rank == h[j].rank && h[i].index > h[j].index
}
func (h detailHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *detailHeap) Push(x any)   { *h = append(*h, x.(detailPick)) }
func (h *detailHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// add sees the next risk of the register; candidate says whether it is
// one a large register's details set out, rank its residual level's rank.
func (p *detailPicker) add(r *risk.Risk, candidate bool, rank int) {
	index := p.seen
	p.seen++
	if p.seen <= pdfDetailLimit {
		p.first = append(p.first, r.Clone())
	} else {
		p.first = nil
	}
	if !candidate {
		return
	}
	switch {
	case len(p.picks) < pdfDetailLimit:
		heap.Push(&p.picks, detailPick{r: r.Clone(), rank: rank, index: index})
	case rank > p.picks[0].rank:
		p.picks[0] = detailPick{r: r.Clone(), rank: rank, index: index}
		heap.Fix(&p.picks, 0)
	}
}

// chosen are the risks that get a card, in reference order.
func (p *detailPicker) chosen() []risk.Risk {
	if p.seen <= pdfDetailLimit {
		return p.first
	}
	picks := slices.Clone(p.picks)
	slices.SortFunc(picks, func(a, b detailPick) int { return a.index - b.index })
	out := make([]risk.Risk, len(picks))
	for i := range picks {
		out[i] = picks[i].r
	}
	return out
}

// bcpNames maps activity and resource references to their names.
func (b *builder) bcpNames() map[string]string {
	names := map[string]string{}
	if b.in.BIA != nil {
		for _, a := range b.in.BIA.Activities {
			names[strings.ToUpper(a.Ref)] = a.Name
		}
		for _, r := range b.in.BIA.Resources {
			names[strings.ToUpper(r.Ref)] = r.Name
		}
	}
	return names
}

func (b *builder) riskDetail(r *risk.Risk, names map[string]string) *Detail {
	c := &b.crit
	d := &Detail{Title: r.Ref + "  " + r.Title}
	chip := func(label string, s risk.Score) {
		if s.IsZero() {
			return
		}
		l, _ := c.LevelOf(s)
		d.Levels = append(d.Levels, DetailLevel{Label: label, Text: b.scoreText(s), Colour: l.Colour})
	}
	chip(b.T("export.col.inherent"), r.Inherent)
	chip(b.T("export.col.residual"), r.Residual)
	chip(b.T("export.col.target"), r.Target)
	add := func(label, value string, wide bool) {
		d.Facts = append(d.Facts, DetailFact{Label: label, Value: value, Wide: wide})
	}
	optional := func(label, value string) {
		if strings.TrimSpace(value) != "" {
			add(label, value, true)
		}
	}
	identified := b.day(r.IdentifiedOn())
	if r.Identified.IsZero() && identified != "" {
		identified += " " + b.T("export.detail.identified.recorded")
	}
	add(b.T("export.col.owner"), or(r.Owner, b.T("export.detail.not_named")), false)
	add(b.T("export.col.category"), r.Category, false)
	add(b.T("export.col.status"), b.value("status", string(r.Status)), false)
	add(b.T("export.col.identified"), identified, false)
	optional(b.T("export.col.description"), r.Description)
	optional(b.T("export.detail.cause"), r.Cause)
	optional(b.T("export.col.vulnerability"), r.Vulnerability)
	optional(b.T("export.col.consequence"), r.Consequence)
	var threats []string
	for _, ref := range r.Threatens {
		threats = append(threats, strings.TrimSpace(ref+" "+names[strings.ToUpper(ref)]))
	}
	optional(b.T("export.detail.threatens"), strings.Join(threats, "; "))
	controls := or(strings.Join(r.Controls, ", "), b.T("export.detail.controls.none"))
	if r.ControlEffectiveness != "" {
		controls += " — " + b.T("export.detail.effectiveness", i18n.Args{"Effectiveness": b.value("effectiveness", string(r.ControlEffectiveness))})
	}
	add(b.T("export.detail.controls"), controls, true)
	optional(b.T("export.detail.justification"), r.Justification)
	add(b.T("export.col.treatment"), or(b.value("treatment", string(r.Treatment)), b.T("export.detail.treatment.none")), false)
	add(b.T("export.detail.actions"), b.actionsLine(r, b.today), false)
	var acts []string
	for _, a := range r.Actions {
		line := a.Title + " — " + or(a.Owner, b.T("export.detail.action.no_owner"))
		if !a.Due.IsZero() {
			line += ", " + b.T("export.detail.action.due", i18n.Args{"Day": b.day(a.Due)})
		}
		line += ", " + b.value("action", string(a.Status)) + " " + b.percent(a.Progress)
		if a.Overdue(b.today) {
			line += " " + b.T("export.detail.overdue_mark")
		}
		acts = append(acts, line)
	}
	optional(b.T("export.col.actions"), strings.Join(acts, "\n"))
	if state := b.acceptanceState(r, c, b.today); state != "" {
		a := r.Acceptance
		add(b.T("export.col.accepted_by"), or(a.Approver, b.T("export.detail.not_named")), false)
		add(b.T("export.col.acceptance"), state, false)
		add(b.T("export.detail.approved_on"), or(b.day(a.Date), b.T("export.detail.not_recorded")), false)
		add(b.T("export.detail.expires_on"), or(b.day(a.Expiry), b.T("export.detail.not_set")), false)
		add(b.T("export.detail.rationale"), or(a.Rationale, b.T("export.detail.not_recorded")), true)
	}
	review := or(b.value("frequency", string(r.ReviewFrequency)), b.T("export.detail.review.no_frequency"))
	if !r.LastReview.IsZero() {
		review += "; " + b.T("export.detail.review.last", i18n.Args{"Day": b.day(r.LastReview)})
	} else {
		review += "; " + b.T("export.detail.review.never")
	}
	if !r.NextReview.IsZero() {
		review += "; " + b.T("export.detail.review.next", i18n.Args{"Day": b.day(r.NextReview)})
		if r.Status != risk.Closed && r.NextReview.Before(b.today) {
			review += " " + b.T("export.detail.overdue_mark")
		}
	}
	add(b.T("export.detail.review"), review, true)
	confidence := b.T("export.detail.confidence.none")
	if r.Confidence != "" {
		confidence = string(r.Confidence) + " — " + b.value("confidence", string(r.Confidence))
	}
	add(b.T("export.detail.confidence"), confidence, false)
	add(b.T("export.col.source"), or(r.Source, b.T("export.detail.not_recorded")), false)
	var attention []string
	for _, f := range risk.Check(r, c, b.today) {
		if f.Severity >= risk.SeverityWarning {
			attention = append(attention, b.finding(f))
		}
	}
	optional(b.T("export.detail.attention"), strings.Join(attention, "\n"))
	return d
}

// registerPrint is the workbook's register for paper: the columns a
// reader needs, on a sheet that prints at a readable size; the Risks sheet
// keeps every column for filtering.
func (b *builder) registerPrint() Section {
	t := &Table{Name: "RegisterPrint", Empty: b.T("export.register.empty"), Columns: []Column{
		{Title: b.T("export.col.ref"), Kind: Text, Width: 8},
		{Title: b.T("export.col.risk"), Kind: LongText, Width: 38},
		{Title: b.T("export.col.owner"), Kind: LongText, Width: 16},
		{Title: b.T("export.col.inherent"), Kind: RiskLevel, Width: 10},
		{Title: b.T("export.col.residual"), Kind: RiskLevel, Width: 10},
		{Title: b.T("export.col.treatment"), Kind: Text, Width: 10},
		{Title: b.T("export.col.actions"), Kind: Text, Width: 14},
		{Title: b.T("export.col.acceptance"), Kind: LongText, Width: 26},
		{Title: b.T("export.col.status"), Kind: Text, Width: 11},
		{Title: b.T("export.col.next_review"), Kind: Date, Width: 12},
	}}
	t.Source = b.riskRows(b.stats.risks, func(row []Cell, r *risk.Risk) ([]Cell, error) {
		return append(row, text(r.Ref), text(r.Title), text(r.Owner), b.levelCell(r.Inherent), b.levelCell(r.Residual),
			text(b.value("treatment", string(r.Treatment))), text(b.actionsLine(r, b.today)), text(b.acceptanceLine(r, b.today)),
			text(b.value("status", string(r.Status))), b.date(r.NextReview)), nil
	})
	return Section{ID: "register-print", Title: b.T("export.registerprint.title"), Sheet: b.T("export.registerprint.sheet"), SheetOnly: true, Blocks: []Block{
		{Paragraph: b.T("export.registerprint.intro")},
		{Table: t},
	}}
}
