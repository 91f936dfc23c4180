package cli

import (
	"context"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"riskbook/export"
	"riskbook/i18n"
	"riskbook/workspace"
)

func trendCommand() *command {
	return &command{
		name: "trend", args: "FILE", summary: i18n.T("trend.cli.summary"),
		detail: i18n.T("trend.cli.detail"),
		nargs:  1,
		run:    runTrend,
	}
}

func runTrend(ctx context.Context, e *Env, args []string, _ any) (int, error) {
	w, err := openToRead(ctx, e, args[0])
	if err != nil {
		return ExitUsage, err
	}
	defer w.Close()
	ctx, done := e.showProgress(ctx, i18n.T("trend.cli.progress"))
	t, err := w.Trend(ctx, e.Now())
	done()
	if err != nil {
		return ExitUsage, err
	}
	p := i18n.Default()
	tr := export.TrendsOf(t.Points, p)
	fmt.Fprintln(e.Stdout, p.N("trend.cli.head", len(tr.Rows), i18n.Args{"Name": w.Name()}))
	fmt.Fprintln(e.Stdout)
	printTrendTable(e.Stdout, tr)
	if len(tr.Rows) < 2 {
		fmt.Fprintln(e.Stdout, "\n"+p.T("trend.cli.one_point"))
	}
	var notes []string
	for _, r := range tr.Rows {
		if r.Caveat != "" {
			notes = append(notes, "* "+r.Label+": "+r.Caveat)
		}
	}
	if len(notes) > 0 {
		fmt.Fprintln(e.Stdout, "\n"+strings.Join(notes, "\n"))
	}
	fmt.Fprintln(e.Stdout, "\n"+p.T("trend.section.definitions"))
	for _, d := range tr.Definitions() {
		fmt.Fprintf(e.Stdout, "  %s: %s\n", d.Label, d.Value)
	}
	return ExitOK, nil
}

// trendColumnWidth is the width the indicators' names wrap to over the
// columns of values.
const trendColumnWidth = 10

// printTrendTable prints a row per point in time, a column per
// indicator, the indicators' names wrapped over a few lines; a row whose
// figures may not be exact is starred.
func printTrendTable(out io.Writer, tr *export.Trends) {
	type column struct {
		head  []string
		width int
		right bool
		cell  func(r *export.TrendRow) string
	}
	p := i18n.Default()
	cols := []column{
		{head: []string{p.T("trend.col.point")}, cell: func(r *export.TrendRow) string {
			if r.Caveat != "" {
				return r.Label + " *"
			}
			return r.Label
		}},
		{head: []string{p.T("trend.col.date")}, cell: func(r *export.TrendRow) string { return r.Point.Day.String() }},
	}
	for i, ind := range tr.Indicators {
		cols = append(cols, column{head: wrapWords(ind.Name, trendColumnWidth), right: true,
			cell: func(r *export.TrendRow) string { return r.Values[i].Text }})
	}
	lines := 0
	for i := range cols {
		c := &cols[i]
		lines = max(lines, len(c.head))
		for _, h := range c.head {
			c.width = max(c.width, utf8.RuneCountInString(h))
		}
		for j := range tr.Rows {
			c.width = max(c.width, utf8.RuneCountInString(c.cell(&tr.Rows[j])))
		}
	}
	cell := func(c *column, s string) string {
		if c.right {
			return strings.Repeat(" ", c.width-utf8.RuneCountInString(s)) + s
		}
		return pad(s, c.width)
	}
	for l := 0; l < lines; l++ {
		var parts []string
		for i := range cols {
			c := &cols[i]
			// Names sit on the last lines, over their values.
			h := ""
			if k := l - (lines - len(c.head)); k >= 0 {
				h = c.head[k]
			}
			parts = append(parts, cell(c, h))
		}
		fmt.Fprintln(out, strings.TrimRight(strings.Join(parts, "  "), " "))
	}
	for j := range tr.Rows {
		var parts []string
		for i := range cols {
			parts = append(parts, cell(&cols[i], cols[i].cell(&tr.Rows[j])))
		}
		fmt.Fprintln(out, strings.TrimRight(strings.Join(parts, "  "), " "))
	}
}

// wrapWords breaks s into lines of at most width characters, between
// words; a longer word has a line of its own.
func wrapWords(s string, width int) []string {
	var lines []string
	line := ""
	for _, w := range strings.Fields(s) {
		switch {
		case line == "":
			line = w
		case utf8.RuneCountInString(line)+1+utf8.RuneCountInString(w) <= width:
			line += " " + w
		default:
			lines = append(lines, line)
			line = w
		}
	}
	return append(lines, line)
}

// printReviewsSince lists the reviews due since the last closed
// assessment, as riskbook assessment list ends.
func printReviewsSince(ctx context.Context, e *Env, w *workspace.Workspace) error {
	s, err := w.ReviewsSinceBaseline(ctx, e.Now())
	if err != nil || !s.HasBaseline {
		return err
	}
	p := i18n.Default()
	fmt.Fprintln(e.Stdout)
	if len(s.Reviews) == 0 {
		fmt.Fprintln(e.Stdout, p.T("trend.since.none", i18n.Args{"Name": s.Baseline.Name}))
		return nil
	}
	args := i18n.Args{"Name": s.Baseline.Name, "Closed": s.Baseline.Closed.Format("2006-01-02")}
	if carried := len(s.Reviews) - s.Since(); carried > 0 {
		args["Carried"] = p.N("trend.since.carried", carried)
		fmt.Fprintln(e.Stdout, p.N("trend.since.head_carried", s.Since(), args))
	} else {
		fmt.Fprintln(e.Stdout, p.N("trend.since.head", s.Since(), args))
	}
	width := 0
	for _, r := range s.Reviews {
		width = max(width, utf8.RuneCountInString(r.Ref))
	}
	for _, r := range s.Reviews {
		line := fmt.Sprintf("  %s  %s  %s", pad(r.Ref, width), r.Due, r.Title)
		if r.Owner != "" {
			line += " · " + r.Owner
		}
		if r.Carried {
			line += " " + p.T("trend.since.carried_mark")
		}
		fmt.Fprintln(e.Stdout, line)
	}
	return nil
}
