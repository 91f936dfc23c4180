package cli

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"riskbook/i18n"
	"riskbook/importer"
	"riskbook/risk"
)

// planRowsShown is how many rows of an import plan are listed without
// --all.
const planRowsShown = 20

// printImportMapping writes a proposed mapping: a line per column, then
// the value mapping per field.
func printImportMapping(w io.Writer, m importer.Mapping, c *risk.Criteria) {
	fmt.Fprintf(w, "\n%s\n", i18n.T("cli.import.columns"))
	width := 0
	for _, col := range m.Columns {
		width = max(width, len([]rune(col.Header)))
	}
	for j, col := range m.Columns {
		field := col.Field
		if field == "" {
			field = i18n.T("cli.import.kept_in_notes")
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
	fmt.Fprintln(w, i18n.T("cli.import.values"))
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

// valueLabel shows a mapped value as the app names it: a score with its
// label, 4 (Likely); a status, a treatment or a review frequency by its
// name in the reader's language (risk.Fixed).
func valueLabel(field, v string, c *risk.Criteria) string {
	if kind := importer.ValueKind(field); kind != "" {
		return risk.Fixed{Kind: kind, Value: v}.In(i18n.Default())
	}
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
		fmt.Fprintf(w, "\n%s\n", i18n.T("cli.import.evidence"))
		for _, e := range p.Evidence {
			fmt.Fprintf(w, "  %s\n", e)
		}
	}
	if len(p.Bandings) > 0 {
		state := i18n.T("cli.import.bands.proposed")
		switch p.Quantitative {
		case importer.QuantitativeBand:
			state = i18n.T("cli.import.bands.used")
		case importer.QuantitativeUnscored:
			state = i18n.T("cli.import.bands.unused")
		}
		fmt.Fprintf(w, "\n%s\n", i18n.T("cli.import.bands", i18n.Args{"State": state}))
		for _, b := range p.Bandings {
			fmt.Fprintf(w, "  %s\n", b.Describe())
		}
	}
	if len(p.Damage) > 0 {
		fmt.Fprintf(w, "\n%s\n", i18n.T("cli.import.damage"))
		for _, d := range p.Damage {
			fmt.Fprintf(w, "  %-9s %s\n", d.Where(), d.Message)
		}
	}
	fmt.Fprintf(w, "\n%s\n", i18n.T("cli.import.plan"))
	disagree := map[int][]importer.RowProblem{}
	for _, d := range p.Disagreements {
		disagree[d.Row] = append(disagree[d.Row], d)
	}
	skipped := map[int]string{}
	var sheetProblems []string
	for _, pr := range p.Problems {
		switch {
		case pr.Row == 0:
			sheetProblems = append(sheetProblems, pr.Message.String())
		case pr.Skipped:
			skipped[pr.Row] = pr.Message.String()
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
		action, ref := i18n.T("cli.import.row.create"), pr.Risk.Ref
		switch {
		case pr.Blocking:
			action = i18n.T("cli.import.row.refused")
		case pr.UpdateOf != "" && update && len(pr.Changes) == 0:
			action, ref = i18n.T("cli.import.row.same"), pr.UpdateOf
		case pr.UpdateOf != "" && update:
			action, ref = i18n.T("cli.import.row.update"), pr.UpdateOf
			updates++
		case pr.UpdateOf != "":
			action, ref = i18n.T("cli.import.row.exists"), pr.UpdateOf
		default:
			creates++
		}
		ref = orNew(ref)
		title := pr.Risk.Title
		if pr.UpdateOf != "" && title == "" {
			title = pr.StoredTitle
		}
		l := line{row: pr.Row, text: []string{fmt.Sprintf("%s  %-8s %s", pad(action, 7), ref, importer.Excerpt(title, 70))}}
		if len(p.Bandings) > 0 && !pr.Risk.Inherent.IsZero() {
			l.text = append(l.text, i18n.T("cli.import.row.scored", i18n.Args{"Score": scoreText(pr.Risk.Inherent, c)}))
		}
		if d := datesText(pr.Risk); d != "" && pr.UpdateOf == "" {
			l.text = append(l.text, i18n.T("cli.import.row.dates", i18n.Args{"Dates": d}))
		}
		unscored := pr.UpdateOf == "" && pr.Risk.Inherent.IsZero() && !pr.Blocking && scored
		if unscored {
			l.text = append(l.text, i18n.T("cli.import.row.unscored"))
		}
		if pr.UpdateOf != "" && !update && !pr.Blocking {
			l.text = append(l.text, i18n.T("cli.import.row.already"))
		}
		for _, ch := range pr.Changes {
			l.text = append(l.text, i18n.T("cli.import.row.change", i18n.Args{"Change": ch.String()}))
		}
		if pr.UpdateOf != "" && len(pr.Changes) == 0 && !pr.Blocking {
			l.text = append(l.text, i18n.T("cli.import.row.no_change"))
		}
		for _, msg := range pr.Problems {
			l.text = append(l.text, i18n.T("cli.import.row.problem", i18n.Args{"Problem": msg}))
		}
		for _, d := range disagree[pr.Row] {
			l.text = append(l.text, i18n.T("cli.import.row.disagrees", i18n.Args{"Column": d.Column, "Message": d.Message}))
		}
		for n := range strings.SplitSeq(pr.Notes, "\n") {
			if n != "" {
				l.text = append(l.text, i18n.T("cli.import.row.notes", i18n.Args{"Note": importer.Excerpt(n, 90)}))
			}
		}
		l.attention = pr.Blocking || len(pr.Problems) > 0 || len(disagree[pr.Row]) > 0 || unscored
		lines = append(lines, l)
	}
	for row, msg := range skipped {
		lines = append(lines, line{row: row, text: []string{pad(i18n.T("cli.import.row.skip"), 7) + "  " + msg}, attention: true})
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
				fmt.Fprintf(w, "  %s %s\n", rowLabel(l.row), t)
			} else {
				fmt.Fprintf(w, "            %s\n", t)
			}
		}
	}
	if hidden > 0 {
		fmt.Fprintf(w, "  %s\n", i18n.N("cli.import.more", hidden))
	}
	printBIA(w, p)
	for _, msg := range sheetProblems {
		fmt.Fprintf(w, "  %s %s\n", pad(i18n.T("cli.import.sheet"), 9), msg)
	}
	parts := []string{i18n.N("cli.import.total.create", creates)}
	if t.Unscored > 0 {
		parts[0] += " " + i18n.N("cli.import.total.unscored", t.Unscored)
	}
	parts = append(parts, i18n.N("cli.import.total.update", updates), i18n.N("cli.import.total.skipped", t.Skipped),
		i18n.N("cli.import.total.refused", len(t.BlockingRows)))
	if t.Unchanged > 0 && update {
		parts = append(parts, i18n.N("cli.import.total.unchanged", t.Unchanged))
	}
	if n := len(p.Activities) + len(p.Resources); n > 0 {
		parts = append(parts, i18n.T("cli.import.total.bia", i18n.Args{"Activities": i18n.N("cli.count.activities", len(p.Activities)),
			"Systems": i18n.N("cli.count.systems", len(p.Resources))}))
	}
	if n := len(t.DisagreeingRows); n > 0 {
		parts = append(parts, i18n.N("cli.import.total.disagreeing", n))
	}
	if n := len(p.Damage); n > 0 {
		parts = append(parts, i18n.N("cli.import.total.damage", n))
	}
	fmt.Fprintln(w, strings.Join(parts, ", ")+".")
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
		fmt.Fprintln(w, "  "+i18n.T("cli.import.bia_systems"))
	default:
		fmt.Fprintln(w, "  "+i18n.T("cli.import.bia_activities"))
	}
	for i, a := range p.Activities {
		fmt.Fprintf(w, "  %s %-8s %s  %s", pad(i18n.T("cli.import.activity"), 9), orNew(a.Ref), importer.Excerpt(a.Name, 50),
			i18n.T("cli.import.required", i18n.Args{"RTO": orDash(a.RTO.String()), "RPO": orDash(a.RPO.String()), "MTPD": orDash(a.MTPDOverride.String())}))
		if n := needs[i]; len(n) > 0 {
			fmt.Fprint(w, "; "+i18n.T("cli.import.needs", i18n.Args{"Systems": strings.Join(n, ", ")}))
		}
		fmt.Fprintln(w)
	}
	for _, r := range p.Resources {
		fmt.Fprintf(w, "  %s %-8s %s  %s\n", pad(i18n.T("cli.import.system"), 9), orNew(r.Ref), importer.Excerpt(r.Name, 50),
			i18n.T("cli.import.achievable", i18n.Args{"RTO": orDash(r.AchievableRTO.String()), "RPO": orDash(r.AchievableRPO.String())}))
	}
	for _, pr := range p.Problems {
		if pr.Row != 0 && !pr.Skipped {
			fmt.Fprintf(w, "  %s %s\n", rowLabel(pr.Row), i18n.T("cli.import.row.problem", i18n.Args{"Problem": pr.Message}))
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
		return i18n.T("cli.import.new")
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
		parts = append(parts, i18n.T("cli.import.date.identified", i18n.Args{"Date": risk.DateOf(r.Created).String()}))
	}
	if !r.LastReview.IsZero() {
		parts = append(parts, i18n.T("cli.import.date.last_review", i18n.Args{"Date": r.LastReview.String()}))
	}
	if !r.NextReview.IsZero() {
		parts = append(parts, i18n.T("cli.import.date.next_review", i18n.Args{"Date": r.NextReview.String()}))
	}
	for _, a := range r.Actions {
		if !a.Due.IsZero() {
			parts = append(parts, i18n.T("cli.import.date.action_due", i18n.Args{"Date": a.Due.String()}))
		}
	}
	return strings.Join(parts, ", ")
}

// rowLabel is the row column of the plan: "row 12   ".
func rowLabel(row int) string {
	return pad(i18n.T("cli.import.row", i18n.Args{"Row": row}), 9)
}
