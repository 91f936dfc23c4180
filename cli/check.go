package cli

import (
	"cmp"
	"context"
	"flag"
	"fmt"
	"strings"

	"riskbook/risk"
	"riskbook/workspace"
)

type checkOptions struct {
	min string
}

func checkCommand() *command {
	return &command{
		name: "check", args: "FILE", summary: "list what needs attention: rule breaches, gaps an auditor will find",
		detail: `Checks the risk register, the Statement of Applicability, the business impact
analysis (RTO within MTPD, upstream recovery, ICT readiness gaps, single points of
failure, recovery sites outside the home region, supplier confirmations), the
playbooks (trained alternates, key people, top-priority activities covered, approved
statements, exercised within a year), the exercises (achieved RTOs against the
BIA, reports due 90 days after, overdue improvement actions), the incident records
and the contacts. Each finding names the risk, control, activity, resource,
playbook or exercise, what is wrong and what to do, and the rule's identifier in
brackets. One cause is one line: a finding about several records (a role without
an alternate in six playbooks) names the first few and counts the rest. The starter kit leaves blanks, "[to fill in: …]", where only you know
the answer (your people's names and numbers, your providers, who approved a
statement); each record with a blank is a to-fill-in finding until it is
filled in, and the last lines count them. The desktop app's dashboard counts
the same findings. The exit status is 1 when there is any error.`,
		nargs: 1,
		flags: func(fs *flag.FlagSet) any {
			o := &checkOptions{}
			fs.StringVar(&o.min, "min", "info", "show findings of at least this severity: info, warning or error")
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
	w, err := workspace.OpenReadOnly(ctx, args[0])
	if err != nil {
		return ExitUsage, err
	}
	defer w.Close()
	rec, findings, err := w.Check(ctx, e.Now())
	if err != nil {
		return ExitUsage, err
	}
	counts := map[risk.Severity]int{}
	for _, f := range findings {
		counts[f.Severity]++
	}
	for _, g := range risk.GroupFindings(findings) {
		if g.Severity < floor {
			continue
		}
		if len(g.Refs) > 1 || g.Count > 1 {
			affects := g.Affects()
			if g.Count > len(g.Refs) {
				affects += fmt.Sprintf(" (%d findings)", g.Count)
			}
			fmt.Fprintf(e.Stdout, "%-8s %s: %s [%s]\n", g.Severity, strings.TrimSpace(affects), g.Message, g.Rule)
			continue
		}
		fmt.Fprintf(e.Stdout, "%-8s %-8s %s [%s]\n", g.Severity, cmp.Or(g.Affects(), "-"), g.Message, g.Rule)
	}
	reg := rec.Register
	fmt.Fprintf(e.Stdout, "\n%s: %d risks, %d of %d controls decided in the Statement of Applicability, %d activities and %d resources in the business impact analysis, %s.\n",
		args[0], len(reg.Risks), rec.Decided(), len(reg.Catalog), len(rec.BIA.Activities), len(rec.BIA.Resources), plural(len(rec.Playbooks), "playbook"))
	if n := rec.CountBlanks(); n > 0 {
		fmt.Fprintf(e.Stdout, "%s of the starter kit still to fill in: write your own names, numbers and providers where the workspace says [to fill in].\n", plural(n, "blank"))
	}
	fmt.Fprintf(e.Stdout, "%s, %s, %s.\n", plural(counts[risk.SeverityError], "error"),
		plural(counts[risk.SeverityWarning], "warning"), plural(counts[risk.SeverityInfo], "note"))
	if counts[risk.SeverityError] > 0 {
		return ExitFindings, nil
	}
	return ExitOK, nil
}
