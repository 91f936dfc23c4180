package cli

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"riskbook/importer"
	"riskbook/risk"
)

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

// printImportPlan writes the plan row by row:
//
//	row 2    create  R-01   Phishing Attack
//	         problem: …
//	         disagrees: …
//	         notes kept: Asset/Area: Employee Email
//
// then the sheet's own problems, the BIA rows and a summary.
func printImportPlan(w io.Writer, p *importer.ImportPlan, update bool) {
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
		row  int
		text []string
	}
	var lines []line
	t := p.Tally()
	creates, updates := 0, 0
	for _, pr := range p.Risks {
		action, ref := "create", pr.Risk.Ref
		switch {
		case pr.Blocking:
			action = "REFUSED"
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
		l := line{row: pr.Row, text: []string{fmt.Sprintf("%-7s  %-8s %s", action, ref, pr.Risk.Title)}}
		if pr.UpdateOf != "" && !update && !pr.Blocking {
			l.text = append(l.text, "already in the workspace: --update to update it")
		}
		for _, msg := range pr.Problems {
			l.text = append(l.text, "problem: "+msg)
		}
		for _, d := range disagree[pr.Row] {
			l.text = append(l.text, "disagrees: "+d.Column+": "+d.Message)
		}
		for n := range strings.SplitSeq(pr.Notes, "\n") {
			if n != "" {
				l.text = append(l.text, "notes kept: "+n)
			}
		}
		lines = append(lines, l)
	}
	for row, msg := range skipped {
		lines = append(lines, line{row: row, text: []string{"skip     " + msg}})
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
	for _, a := range p.Activities {
		fmt.Fprintf(w, "  activity  %-8s %s  RTO %s, RPO %s, MTPD %s\n", orNew(a.Ref), a.Name, a.RTO, a.RPO, a.MTPDOverride)
	}
	for _, r := range p.Resources {
		fmt.Fprintf(w, "  system    %-8s %s  RTO %s, RPO %s\n", orNew(r.Ref), r.Name, r.AchievableRTO, r.AchievableRPO)
	}
	if len(p.Activities)+len(p.Resources) > 0 {
		// BIA rows carry no row number: their problems are listed here.
		for _, pr := range p.Problems {
			if pr.Row != 0 && !pr.Skipped {
				fmt.Fprintf(w, "  row %-5d problem: %s\n", pr.Row, pr.Message)
			}
		}
	}
	for _, msg := range sheetProblems {
		fmt.Fprintf(w, "  sheet     %s\n", msg)
	}
	fmt.Fprintf(w, "%d to create, %d to update, %d skipped, %d refused", creates, updates, t.Skipped, len(t.BlockingRows))
	if n := len(p.Activities) + len(p.Resources); n > 0 {
		fmt.Fprintf(w, ", %d activities and %d ICT systems to create", len(p.Activities), len(p.Resources))
	}
	if n := len(p.Disagreements); n > 0 {
		fmt.Fprintf(w, ", %s with the workspace matrix", plural(n, "disagreement"))
	}
	fmt.Fprintln(w, ".")
}

func orNew(ref string) string {
	if ref == "" {
		return "(new)"
	}
	return ref
}
