package export

import (
	"container/heap"
	"fmt"
	"slices"
	"strings"

	"riskbook/risk"
)

// The risk register beyond its table: a detail card per risk in the PDF
// (identification, scores, controls, treatment, acceptance, review,
// evidence and what needs attention), and the workbook's print layout of
// the register.

// acceptanceState says where a risk's acceptance stands on today: "" for
// a risk that is not accepted and records none.
func acceptanceState(r *risk.Risk, c *risk.Criteria, today risk.Date) string {
	a := r.Acceptance
	switch {
	case !r.Accepting() && a.IsZero():
		return ""
	case !r.Accepting():
		return "recorded, but the risk is not accepted"
	case a.Expired(today):
		return "EXPIRED on " + a.Expiry.String()
	case a.Approver == "" && c.AboveAppetite(r.Residual):
		return "not approved: no approver is named"
	case a.Expiry.IsZero() && c.AboveAppetite(r.Residual):
		return "no expiry date"
	case a.Expiry.IsZero():
		return "in force"
	}
	return "in force until " + a.Expiry.String()
}

// acceptanceLine writes an acceptance on one line: "Board, 2026-01-20,
// until 2026-12-31 (EXPIRED)".
func acceptanceLine(r *risk.Risk, c *risk.Criteria, today risk.Date) string {
	a := r.Acceptance
	if !r.Accepting() && a.IsZero() {
		return ""
	}
	var parts []string
	parts = append(parts, or(a.Approver, "approver not named"))
	if !a.Date.IsZero() {
		parts = append(parts, "on "+a.Date.String())
	}
	if !a.Expiry.IsZero() {
		parts = append(parts, "until "+a.Expiry.String())
	}
	s := strings.Join(parts, ", ")
	if a.Expired(today) && r.Accepting() {
		s += " (EXPIRED)"
	}
	return s
}

// actionsLine counts a risk's actions: "3 (2 open, 1 overdue)".
func actionsLine(r *risk.Risk, today risk.Date) string {
	if len(r.Actions) == 0 {
		return "none"
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
	s := fmt.Sprintf("%d (%d open", len(r.Actions), open)
	if overdue > 0 {
		s += fmt.Sprintf(", %d overdue", overdue)
	}
	return s + ")"
}

// scoreText writes a score with its level: "L4×C5 Critical".
func (b *builder) scoreText(s risk.Score) string {
	if s.IsZero() {
		return "not scored"
	}
	if l, ok := b.in.Criteria.LevelOf(s); ok {
		return s.String() + " " + l.Label
	}
	return s.String()
}

// pdfDetailLimit is the most risks the PDF sets out in full: a card is
// a third of a page, and a register of thousands is read in the workbook.
const pdfDetailLimit = 400

// riskDetails is a card per risk, in reference order; a register larger
// than pdfDetailLimit has cards for the risks that need a decision or
// attention, the most severe first, and says so. The cards' risks were
// picked while the register was counted (registerStats.details).
func (b *builder) riskDetails() Section {
	intro := "Each risk in full, in reference order: what could happen and why, the scores before and " +
		"after controls, the treatment and its actions, any formal acceptance with its approver and expiry, the review, the " +
		"evidence behind the scores, and what the rules find still needs attention."
	chosen := b.stats.details
	if len(chosen) < b.stats.risks {
		intro += fmt.Sprintf(" The register holds %d risks, more than a document can set out one by one: these are the %d "+
			"that most need a decision or attention (open, above the appetite, accepted, or with a rule finding), the highest "+
			"residual levels first. The workbook's Risks sheet has every risk with every field.", b.stats.risks, len(chosen))
	}
	blocks := []Block{{Paragraph: intro}}
	names := b.bcpNames()
	for i := range chosen {
		blocks = append(blocks, Block{Detail: b.riskDetail(&chosen[i], names)})
	}
	if b.stats.risks == 0 {
		blocks = append(blocks, Block{Paragraph: "The register holds no risk yet."})
	}
	return Section{ID: "risk-details", Title: "Risk details", Blocks: blocks}
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
	c := &b.in.Criteria
	d := &Detail{Title: r.Ref + "  " + r.Title}
	chip := func(label string, s risk.Score) {
		if s.IsZero() {
			return
		}
		l, _ := c.LevelOf(s)
		d.Levels = append(d.Levels, DetailLevel{Label: label, Text: b.scoreText(s), Colour: l.Colour})
	}
	chip("Inherent", r.Inherent)
	chip("Residual", r.Residual)
	chip("Target", r.Target)
	add := func(label, value string, wide bool) {
		d.Facts = append(d.Facts, DetailFact{Label: label, Value: value, Wide: wide})
	}
	optional := func(label, value string) {
		if strings.TrimSpace(value) != "" {
			add(label, value, true)
		}
	}
	identified := r.IdentifiedOn().String()
	if r.Identified.IsZero() && identified != "" {
		identified += " (the day it was recorded)"
	}
	add("Owner", or(r.Owner, "not named"), false)
	add("Category", r.Category, false)
	add("Status", string(r.Status), false)
	add("Identified", identified, false)
	optional("Description", r.Description)
	optional("Cause or threat", r.Cause)
	optional("Vulnerability", r.Vulnerability)
	optional("Consequence", r.Consequence)
	var threats []string
	for _, ref := range r.Threatens {
		threats = append(threats, strings.TrimSpace(ref+" "+names[strings.ToUpper(ref)]))
	}
	optional("Threatens", strings.Join(threats, "; "))
	controls := or(strings.Join(r.Controls, ", "), "none linked")
	if r.ControlEffectiveness != "" {
		controls += " — " + string(r.ControlEffectiveness) + " effectiveness"
	}
	add("Existing controls", controls, true)
	optional("Why the residual score is above the inherent one", r.Justification)
	add("Treatment", or(string(r.Treatment), "not decided"), false)
	add("Treatment actions", actionsLine(r, b.today), false)
	var acts []string
	for _, a := range r.Actions {
		line := a.Title + " — " + or(a.Owner, "no owner")
		if !a.Due.IsZero() {
			line += ", due " + a.Due.String()
		}
		line += fmt.Sprintf(", %s %d%%", a.Status, a.Progress)
		if a.Overdue(b.today) {
			line += " (OVERDUE)"
		}
		acts = append(acts, line)
	}
	optional("Actions", strings.Join(acts, "\n"))
	if state := acceptanceState(r, c, b.today); state != "" {
		a := r.Acceptance
		add("Accepted by", or(a.Approver, "not named"), false)
		add("Acceptance", state, false)
		add("Approved on", or(a.Date.String(), "not recorded"), false)
		add("Expires on", or(a.Expiry.String(), "not set"), false)
		add("Rationale", or(a.Rationale, "not recorded"), true)
	}
	review := or(string(r.ReviewFrequency), "no frequency set")
	if !r.LastReview.IsZero() {
		review += "; last reviewed " + r.LastReview.String()
	} else {
		review += "; never reviewed"
	}
	if !r.NextReview.IsZero() {
		review += "; next due " + r.NextReview.String()
		if r.Status != risk.Closed && r.NextReview.Before(b.today) {
			review += " (OVERDUE)"
		}
	}
	add("Review", review, true)
	confidence := "not graded"
	if r.Confidence != "" {
		confidence = string(r.Confidence) + " — " + risk.ConfidenceMeaning(r.Confidence)
	}
	add("Evidence confidence", confidence, false)
	add("Source", or(r.Source, "not recorded"), false)
	var attention []string
	for _, f := range risk.Check(r, c, b.today) {
		if f.Severity >= risk.SeverityWarning {
			attention = append(attention, f.Severity.String()+": "+f.Message)
		}
	}
	optional("Needs attention", strings.Join(attention, "\n"))
	return d
}

// registerPrint is the workbook's register for paper: the columns a
// reader needs, on a sheet that prints at a readable size; the Risks sheet
// keeps every column for filtering.
func (b *builder) registerPrint() Section {
	t := &Table{Name: "RegisterPrint", Empty: "The register holds no risk yet.", Columns: []Column{
		{Title: "Ref", Kind: Text, Width: 8},
		{Title: "Risk", Kind: LongText, Width: 38},
		{Title: "Owner", Kind: LongText, Width: 16},
		{Title: "Inherent", Kind: RiskLevel, Width: 10},
		{Title: "Residual", Kind: RiskLevel, Width: 10},
		{Title: "Treatment", Kind: Text, Width: 10},
		{Title: "Actions", Kind: Text, Width: 14},
		{Title: "Acceptance", Kind: LongText, Width: 26},
		{Title: "Status", Kind: Text, Width: 11},
		{Title: "Next review", Kind: Date, Width: 12},
	}}
	t.Source = b.riskRows(b.stats.risks, func(row []Cell, r *risk.Risk) ([]Cell, error) {
		return append(row, text(r.Ref), text(r.Title), text(r.Owner), b.levelCell(r.Inherent), b.levelCell(r.Residual),
			text(string(r.Treatment)), text(actionsLine(r, b.today)), text(acceptanceLine(r, &b.in.Criteria, b.today)),
			text(string(r.Status)), date(r.NextReview)), nil
	})
	return Section{ID: "register-print", Title: "Risk register for printing", Sheet: "Register (print)", SheetOnly: true, Blocks: []Block{
		{Paragraph: "The register as it reads on paper: one row per risk with the columns that matter, printed across an A4 page. " +
			"The Risks sheet holds every column, to sort and filter; the PDF document has each risk in full."},
		{Table: t},
	}}
}
