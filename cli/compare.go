package cli

import (
	"context"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"riskbook/export"
	"riskbook/i18n"
	"riskbook/risk"
)

// riskbook assessment compare FILE [A [B]]: what changed from one point to
// a later one, as an auditor reads it — the two points, the notes that
// change the reading, a count per kind of change, the records of each kind
// with what they were and what they are, and where the risks moved on the
// residual matrix.

// checkCompare checks the arguments of assessment compare.
func (o *assessmentOptions) checkCompare(args []string) error {
	if len(args) < 1 || len(args) > 3 {
		return risk.Errorf(risk.EINVALID, "%s", i18n.T("compare.cli.usage"))
	}
	if o.name != "" {
		return risk.Errorf(risk.EINVALID, "%s", i18n.T("compare.cli.no_name"))
	}
	return nil
}

func runAssessmentCompare(ctx context.Context, e *Env, args []string) (int, error) {
	w, err := openToRead(ctx, e, args[0])
	if err != nil {
		return ExitUsage, err
	}
	defer w.Close()
	var from, to string
	if len(args) > 1 {
		from = args[1]
	}
	if len(args) > 2 {
		to = args[2]
	}
	now, err := export.Now()
	if err != nil {
		return ExitUsage, err
	}
	c, err := w.Compare(ctx, from, to, now)
	if err != nil {
		return ExitUsage, err
	}
	printChanges(e.Stdout, w.Name(), export.ChangesOf(c, i18n.Default()), i18n.Default())
	return ExitOK, nil
}

// refsShown is how many references a line of movements names before
// saying how many more there are.
const refsShown = 8

// printChanges writes the comparison as text: headings, then one aligned
// line per record.
func printChanges(out io.Writer, name string, ch *export.Changes, p *i18n.Printer) {
	fmt.Fprintf(out, "%s — %s\n", ch.Title, name)
	fmt.Fprintf(out, "%s: %s\n%s: %s\n", p.T("compare.from"), ch.From, p.T("compare.to"), ch.To)
	for _, n := range ch.Notes {
		fmt.Fprintf(out, "\n%s\n", n)
	}
	if ch.Total == 0 {
		fmt.Fprintf(out, "\n%s\n", p.T("compare.nothing"))
		return
	}
	fmt.Fprintf(out, "\n%s (%s)\n", p.T("compare.summary"), p.N("compare.records_changed", ch.Total))
	width := 0
	for _, g := range ch.Groups {
		width = max(width, utf8.RuneCountInString(g.Title))
	}
	for _, g := range ch.Groups {
		if len(g.Rows) > 0 {
			fmt.Fprintf(out, "  %s  %s\n", pad(g.Title, width), p.Int(len(g.Rows)))
		}
	}
	for _, g := range ch.Groups {
		if len(g.Rows) == 0 {
			continue
		}
		fmt.Fprintf(out, "\n%s (%s)\n", g.Title, p.Int(len(g.Rows)))
		refWidth := 0
		for _, r := range g.Rows {
			refWidth = max(refWidth, utf8.RuneCountInString(r.Ref))
		}
		for _, r := range g.Rows {
			fmt.Fprintf(out, "  %s  %s\n", pad(r.Ref, refWidth), r.Title)
			if line := changeLine(r); line != "" {
				fmt.Fprintf(out, "  %s  %s\n", strings.Repeat(" ", refWidth), line)
			}
		}
	}
	printMoves(out, ch, p)
}

// changeLine is "before → after (note)", or the side there is.
func changeLine(r export.ChangeRow) string {
	var s string
	switch {
	case r.Before != "" && r.After != "":
		s = r.Before + " → " + r.After
	default:
		s = r.Before + r.After
	}
	if r.Note != "" {
		if s != "" {
			s += " · "
		}
		s += r.Note
	}
	return s
}

// printMoves writes where the risks moved on the residual matrix, the
// busiest paths first.
func printMoves(out io.Writer, ch *export.Changes, p *i18n.Printer) {
	if ch.Moves == nil {
		return
	}
	fmt.Fprintf(out, "\n%s\n", p.T("compare.moves.title"))
	stayed, moved := 0, 0
	for _, m := range ch.Moves {
		if m.Stayed() {
			stayed += len(m.Refs)
			continue
		}
		moved++
		refs := m.Refs
		more := ""
		if len(refs) > refsShown {
			more = " " + p.N("compare.more", len(refs)-refsShown)
			refs = refs[:refsShown]
		}
		fmt.Fprintf(out, "  %s\n", p.N("compare.moves.line", len(m.Refs), i18n.Args{
			"From": cellName(&ch.Criteria, m.From), "To": cellName(&ch.Criteria, m.To), "Refs": strings.Join(refs, ", ") + more}))
	}
	if moved == 0 {
		fmt.Fprintf(out, "  %s\n", p.T("compare.moves.none"))
	}
	if stayed > 0 {
		fmt.Fprintf(out, "  %s\n", p.N("compare.moves.stayed", stayed))
	}
}

// cellName is a cell of the matrix with its level: "L4×C4 High".
func cellName(c *risk.Criteria, s risk.Score) string {
	if l, ok := c.LevelOf(s); ok {
		return s.String() + " " + l.Label
	}
	return s.String()
}
