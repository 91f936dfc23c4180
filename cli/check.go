package cli

import (
	"cmp"
	"context"
	"flag"
	"fmt"
	"strings"
	"unicode/utf8"

	"riskbook/i18n"
	"riskbook/risk"
)

type checkOptions struct {
	min string
}

func checkCommand() *command {
	return &command{
		name: "check", args: "FILE", summary: i18n.T("cli.check.summary"),
		detail: i18n.T("cli.check.detail"),
		nargs:  1,
		flags: func(fs *flag.FlagSet) any {
			o := &checkOptions{}
			fs.StringVar(&o.min, "min", "info", i18n.T("cli.check.flag.min"))
			return o
		},
		run: runCheck,
	}
}

func runCheck(ctx context.Context, e *Env, args []string, opts any) (int, error) {
	o := opts.(*checkOptions)
	floor, err := severityOf(o.min)
	if err != nil {
		return ExitUsage, err
	}
	w, err := openToRead(ctx, e, args[0])
	if err != nil {
		return ExitUsage, err
	}
	defer w.Close()
	// Only the findings printed are kept; the last line counts them all.
	rec, checked, err := w.CheckEach(ctx, e.Now(), func(f *risk.Finding) bool { return f.Severity >= floor }, nil)
	if err != nil {
		return ExitUsage, err
	}
	findings := checked.Findings
	width := 8
	for _, s := range []risk.Severity{risk.SeverityError, risk.SeverityWarning, risk.SeverityInfo} {
		width = max(width, utf8.RuneCountInString(severityName(s)))
	}
	for _, g := range risk.GroupFindings(findings) {
		if g.Severity < floor {
			continue
		}
		if len(g.Refs) > 1 || g.Count > 1 {
			affects := g.Affects()
			if g.Count > len(g.Refs) {
				affects += " (" + i18n.N("cli.check.findings", g.Count) + ")"
			}
			fmt.Fprintf(e.Stdout, "%s %s: %s [%s]\n", pad(severityName(g.Severity), width), strings.TrimSpace(affects), g.Message, g.Rule)
			continue
		}
		fmt.Fprintf(e.Stdout, "%s %-8s %s [%s]\n", pad(severityName(g.Severity), width), cmp.Or(g.Affects(), "-"), g.Message, g.Rule)
	}
	reg := rec.Register
	fmt.Fprintf(e.Stdout, "\n%s\n", i18n.T("cli.check.totals", i18n.Args{"File": args[0],
		"Risks":      i18n.N("cli.count.risks", checked.Risks),
		"Decided":    i18n.Default().Int(rec.Decided()),
		"Controls":   i18n.N("cli.count.controls", len(reg.Catalog)),
		"Activities": i18n.N("cli.count.activities", len(rec.BIA.Activities)),
		"Resources":  i18n.N("cli.count.resources", len(rec.BIA.Resources)),
		"Playbooks":  i18n.N("cli.count.playbooks", len(rec.Playbooks))}))
	if n := checked.Blanks; n > 0 {
		fmt.Fprintf(e.Stdout, "%s\n", i18n.N("cli.check.blanks", n))
	}
	fmt.Fprintf(e.Stdout, "%s\n", i18n.T("cli.check.counts", i18n.Args{
		"Errors":   i18n.N("cli.count.errors", checked.Counts.Errors),
		"Warnings": i18n.N("cli.count.warnings", checked.Counts.Warnings),
		"Notes":    i18n.N("cli.count.notes", checked.Counts.Infos)}))
	if checked.Counts.Errors > 0 {
		return ExitFindings, nil
	}
	return ExitOK, nil
}

// severityName is a severity as check prints it, in the messages'
// language.
func severityName(s risk.Severity) string {
	switch s {
	case risk.SeverityError:
		return i18n.T("cli.severity.error")
	case risk.SeverityWarning:
		return i18n.T("cli.severity.warning")
	}
	return i18n.T("cli.severity.info")
}

// pad writes s left-aligned in a column of width characters (not bytes:
// "avertissement" and "erreur" line up like "warning").
func pad(s string, width int) string {
	if n := utf8.RuneCountInString(s); n < width {
		return s + strings.Repeat(" ", width-n)
	}
	return s
}
