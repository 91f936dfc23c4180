package cli

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"riskbook/importer"
	"riskbook/risk"
)

// planRowsShown is how many rows of an import plan are listed without
// --all.
const planRowsShown = 20

// printImportMapping writes a proposed mapping: a line per column, then
// the value mapping per field.
func printImportMapping(w io.Writer, m importer.Mapping, c *risk.Criteria) {
	fmt.Fprintln(w, "\nColumn mapping (proposed; --save-map OUT.json to edit it):")
	width := 0
	for _, col := range m.Columns {
		width = max(width, len([]rune(col.Header)))
	}
	for j, col := range m.Columns {
		field := col.Field
		if field == "" {
			field = "(kept in the notes)"
		}
		fmt.Fprintf(w, "  %-3s %-*s → %s\n", columnLetters(j), width+2, fmt.Sprintf("%q", col.Header), field)
	}
	fields := slices.Sorted(func(yield func(string) bool) {
		for f := range m.Values {
			if !yield(f) {
				return
			}
		}
	})
	if len(fields) == 0 {
		return
	}
	fmt.Fprintln(w, "Value mapping (proposed):")
	for _, f := range fields {
		vals := m.Values[f]
		keys := slices.Sorted(func(yield func(string) bool) {
			for k := range vals {
				if !yield(k) {
					return
				}
			}
		})
		parts := make([]string, len(keys))
		for i, k := range keys {
			parts[i] = fmt.Sprintf("%q → %s", k, valueLabel(f, vals[k], c))
		}
		fmt.Fprintf(w, "  %s: %s\n", f, strings.Join(parts, ", "))
	}
}

// valueLabel shows a mapped score with its label: 4 (Likely).
func valueLabel(field, v string, c *risk.Criteria) string {
	levels := c.Likelihood
	switch field {
	case importer.FieldInherentConsequence, importer.FieldResidualConsequence:
		levels = c.Consequence
	case importer.FieldInherentLikelihood, importer.FieldResidualLikelihood:
	default:
		return v
	}
	var i int
	if _, err := fmt.Sscan(v, &i); err == nil && i >= 1 && i <= len(levels) {
		return fmt.Sprintf("%d (%s)", i, levels[i-1].Label)
	}
	return v
}

func columnLetters(j int) string {
	s := ""
	for j++; j > 0; j = (j - 1) / 26 {
		s = string(rune('A'+(j-1)%26)) + s
	}
	return s
}

// printImportPlan writes the plan: how the values were read, the
// questions and damage, then row by row:
//
//	row 2    create  R-01   Phishing Attack
//	         problem: …
//	         disagrees: …
//	         change: inherent L3×C4 High → L2×C3 Medium
//	         notes kept: Asset/Area: Employee Email
//
// then the sheet's own problems, the BIA rows and a summary. Unless all is
// set, only the first planRowsShown rows are listed, those that need
// attention first, and the rest are counted: the output stays a screenful
// at any size.
func printImportPlan(w io.Writer, p *importer.ImportPlan, update, all bool, c *risk.Criteria) {
	if len(p.Evidence) > 0 {
		fmt.Fprintln(w, "\nHow the values were read:")
		for _, e := range p.Evidence {
			fmt.Fprintf(w, "  %s\n", e)
		}
	}
	if len(p.Bandings) > 0 {
		state := map[string]string{"": "proposed; --band to use them, --unscored to leave these risks unscored",
			importer.QuantitativeBand: "used, as --band asks", importer.QuantitativeUnscored: "not used: --unscored"}[p.Quantitative]
		fmt.Fprintf(w, "\nBands (%s):\n", state)
		for _, b := range p.Bandings {
			fmt.Fprintf(w, "  %s\n", b.Describe())
		}
	}
	if len(p.Damage) > 0 {
		fmt.Fprintln(w, "\nDamage in the file:")
		for _, d := range p.Damage {
			fmt.Fprintf(w, "  %-9s %s\n", d.Where(), d.Message)
		}
	}
	fmt.Fprintln(w, "\nPlan:")
	disagree := map[int][]importer.RowProblem{}
	for _, d := range p.Disagreements {
		disagree[d.Row] = append(disagree[d.Row], d)
	}
	skipped := map[int]string{}
	var sheetProblems []string
	for _, pr := range p.Problems {
		switch {
		case pr.Row == 0:
			sheetProblems = append(sheetProblems, pr.Message)
		case pr.Skipped:
			skipped[pr.Row] = pr.Message
		}
	}
	type line struct {
		row       int
		text      []string
		attention bool // refused, a problem, a disagreement, unscored
	}
	var lines []line
	t := p.Tally()
	creates, updates := 0, 0
	scored := p.Scored
	for _, pr := range p.Risks {
		action, ref := "create", pr.Risk.Ref
		switch {
		case pr.Blocking:
			action = "REFUSED"
		case pr.UpdateOf != "" && update && len(pr.Changes) == 0:
			action, ref = "same", pr.UpdateOf
		case pr.UpdateOf != "" && update:
			action, ref = "update", pr.UpdateOf
			updates++
		case pr.UpdateOf != "":
			action, ref = "exists", pr.UpdateOf
		default:
			creates++
		}
		if ref == "" {
			ref = "(new)"
		}
		title := pr.Risk.Title
		if pr.UpdateOf != "" && title == "" {
			title = pr.StoredTitle
		}
		l := line{row: pr.Row, text: []string{fmt.Sprintf("%-7s  %-8s %s", action, ref, importer.Excerpt(title, 70))}}
		if len(p.Bandings) > 0 && !pr.Risk.Inherent.IsZero() {
			l.text = append(l.text, "scored: "+scoreText(pr.Risk.Inherent, c))
		}
		if d := datesText(pr.Risk); d != "" && pr.UpdateOf == "" {
			l.text = append(l.text, "dates: "+d)
		}
		if pr.UpdateOf == "" && pr.Risk.Inherent.IsZero() && !pr.Blocking && scored {
			l.text = append(l.text, "UNSCORED: no likelihood and consequence could be read")
		}
		if pr.UpdateOf != "" && !update && !pr.Blocking {
			l.text = append(l.text, "already in the workspace: --update to update it")
		}
		for _, ch := range pr.Changes {
			l.text = append(l.text, "change: "+ch.String())
		}
		if pr.UpdateOf != "" && len(pr.Changes) == 0 && !pr.Blocking {
			l.text = append(l.text, "no change: the risk already holds what the row gives")
		}
		for _, msg := range pr.Problems {
			l.text = append(l.text, "problem: "+msg)
		}
		for _, d := range disagree[pr.Row] {
			l.text = append(l.text, "disagrees: "+d.Column+": "+d.Message)
		}
		for n := range strings.SplitSeq(pr.Notes, "\n") {
			if n != "" {
				l.text = append(l.text, "notes kept: "+importer.Excerpt(n, 90))
			}
		}
		l.attention = pr.Blocking || len(pr.Problems) > 0 || len(disagree[pr.Row]) > 0 || strings.HasPrefix(l.text[len(l.text)-1], "UNSCORED")
		lines = append(lines, l)
	}
	for row, msg := range skipped {
		lines = append(lines, line{row: row, text: []string{"skip     " + msg}, attention: true})
	}
	hidden := 0
	if !all && len(lines) > planRowsShown {
		slices.SortStableFunc(lines, func(a, b line) int {
			if a.attention != b.attention {
				if a.attention {
					return -1
				}
				return 1
			}
			return a.row - b.row
		})
		hidden = len(lines) - planRowsShown
		lines = lines[:planRowsShown]
	}
	slices.SortFunc(lines, func(a, b line) int { return a.row - b.row })
	for _, l := range lines {
		for i, t := range l.text {
			if i == 0 {
				fmt.Fprintf(w, "  row %-5d %s\n", l.row, t)
			} else {
				fmt.Fprintf(w, "            %s\n", t)
			}
		}
	}
	if hidden > 0 {
		fmt.Fprintf(w, "  … and %s, counted below (--all lists every row).\n", risk.Count(hidden, "more row", "more rows"))
	}
	printBIA(w, p)
	for _, msg := range sheetProblems {
		fmt.Fprintf(w, "  sheet     %s\n", msg)
	}
	fmt.Fprintf(w, "%d to create", creates)
	if t.Unscored > 0 {
		fmt.Fprintf(w, " (%d UNSCORED)", t.Unscored)
	}
	fmt.Fprintf(w, ", %d to update, %d skipped, %d refused", updates, t.Skipped, len(t.BlockingRows))
	if t.Unchanged > 0 && update {
		fmt.Fprintf(w, ", %d unchanged", t.Unchanged)
	}
	if n := len(p.Activities) + len(p.Resources); n > 0 {
		fmt.Fprintf(w, ", %s and %s to create", risk.Count(len(p.Activities), "activity", "activities"), plural(len(p.Resources), "ICT system"))
	}
	if n := len(t.DisagreeingRows); n > 0 {
		fmt.Fprintf(w, ", %s disagreeing with the sheet's own ratings or scores", plural(n, "row"))
	}
	if n := len(p.Damage); n > 0 {
		fmt.Fprintf(w, ", %s of damage", plural(n, "place"))
	}
	fmt.Fprintln(w, ".")
}

// printBIA writes the activities and ICT systems a recovery-target sheet
// gives, and their problems (BIA rows carry no row of their own).
func printBIA(w io.Writer, p *importer.ImportPlan) {
	if len(p.Activities)+len(p.Resources) == 0 {
		return
	}
	needs := map[int][]string{}
	for _, n := range p.Needs {
		needs[n.Activity] = append(needs[n.Activity], p.Resources[n.Resource].Name)
	}
	switch p.BIA {
	case importer.BIASystems:
		fmt.Fprintln(w, "  Each row is an ICT system, its figures what it can achieve (--bia activities makes each an activity with those targets).")
	default:
		fmt.Fprintln(w, "  Each row is a BIA activity with these recovery targets (--bia systems makes each an ICT system that can achieve them).")
	}
	for i, a := range p.Activities {
		fmt.Fprintf(w, "  activity  %-8s %s  required RTO %s, RPO %s, MTPD %s", orNew(a.Ref), importer.Excerpt(a.Name, 50), orDash(a.RTO.String()), orDash(a.RPO.String()), orDash(a.MTPDOverride.String()))
		if n := needs[i]; len(n) > 0 {
			fmt.Fprintf(w, "; needs %s", strings.Join(n, ", "))
		}
		fmt.Fprintln(w)
	}
	for _, r := range p.Resources {
		fmt.Fprintf(w, "  system    %-8s %s  achievable RTO %s, RPO %s\n", orNew(r.Ref), importer.Excerpt(r.Name, 50), orDash(r.AchievableRTO.String()), orDash(r.AchievableRPO.String()))
	}
	for _, pr := range p.Problems {
		if pr.Row != 0 && !pr.Skipped {
			fmt.Fprintf(w, "  row %-5d problem: %s\n", pr.Row, pr.Message)
		}
	}
}

func orDash(s string) string {
	if s == "" || s == "0s" {
		return "—"
	}
	return s
}

func orNew(ref string) string {
	if ref == "" {
		return "(new)"
	}
	return ref
}

// scoreText writes a score with its level: L2×C4 High.
func scoreText(s risk.Score, c *risk.Criteria) string {
	if l, ok := c.LevelOf(s); ok {
		return s.String() + " " + l.Label
	}
	return s.String()
}

// datesText lists a new risk's dates: identified, last and next review,
// action due.
func datesText(r risk.Risk) string {
	var parts []string
	if !r.Created.IsZero() {
		parts = append(parts, "identified "+risk.DateOf(r.Created).String())
	}
	if !r.LastReview.IsZero() {
		parts = append(parts, "last review "+r.LastReview.String())
	}
	if !r.NextReview.IsZero() {
		parts = append(parts, "next review "+r.NextReview.String())
	}
	for _, a := range r.Actions {
		if !a.Due.IsZero() {
			parts = append(parts, "action due "+a.Due.String())
		}
	}
	return strings.Join(parts, ", ")
}
