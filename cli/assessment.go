package cli

import (
	"context"
	"flag"
	"fmt"
	"unicode/utf8"

	"riskbook/i18n"
	"riskbook/risk"
	"riskbook/workspace"
)

type assessmentOptions struct{ name string }

func assessmentCommand() *command {
	return &command{
		name: "assessment", args: "close|list|compare FILE", summary: i18n.T("cli.assessment.summary"),
		detail: i18n.T("cli.assessment.detail") + "\n" + i18n.T("compare.cli.detail"),
		nargs:  -1,
		flags: func(fs *flag.FlagSet) any {
			o := &assessmentOptions{}
			fs.StringVar(&o.name, "name", "", i18n.T("cli.assessment.flag.name"))
			return o
		},
		run: runAssessment,
	}
}

func runAssessment(ctx context.Context, e *Env, args []string, opts any) (int, error) {
	o := opts.(*assessmentOptions)
	if err := o.check(args); err != nil {
		return ExitUsage, err
	}
	switch args[0] {
	case "close":
		return runAssessmentClose(ctx, e, args[1], o.name)
	case "compare":
		return runAssessmentCompare(ctx, e, args[1:])
	default:
		return runAssessmentList(ctx, e, args[1])
	}
}

func runAssessmentClose(ctx context.Context, e *Env, path, name string) (int, error) {
	w, err := workspace.Open(ctx, path)
	if err != nil {
		return ExitUsage, err
	}
	defer w.Close()
	ctx, done := e.showProgress(ctx, i18n.T("cli.assessment.progress"))
	a, err := w.CloseAssessment(ctx, name)
	done()
	if err != nil {
		return ExitUsage, err
	}
	fmt.Fprintln(e.Stdout, i18n.T("cli.assessment.closed", i18n.Args{"Name": fmt.Sprintf("%q", a.Name),
		"Closed": a.Closed.Format("2006-01-02 15:04 UTC"), "By": a.By, "Digest": a.Digest}))
	return ExitOK, nil
}

func runAssessmentList(ctx context.Context, e *Env, path string) (int, error) {
	w, err := openToRead(ctx, e, path)
	if err != nil {
		return ExitUsage, err
	}
	defer w.Close()
	list, err := w.Assessments(ctx)
	if err != nil {
		return ExitUsage, err
	}
	if len(list) == 0 {
		fmt.Fprintln(e.Stdout, i18n.T("cli.assessment.none", i18n.Args{"Name": w.Name(), "Path": path}))
		return ExitOK, nil
	}
	head := []string{i18n.T("cli.assessment.col.name"), i18n.T("cli.assessment.col.closed"), i18n.T("cli.assessment.col.by"), i18n.T("cli.assessment.col.digest")}
	width := utf8.RuneCountInString(head[0])
	for _, a := range list {
		width = max(width, utf8.RuneCountInString(a.Name))
	}
	fmt.Fprintf(e.Stdout, "%s  %s  %s  %s\n", pad(head[0], width), pad(head[1], 10), pad(head[2], 24), head[3])
	for _, a := range list {
		fmt.Fprintf(e.Stdout, "%s  %-10s  %s  %s\n", pad(a.Name, width), a.Closed.Format("2006-01-02"), pad(a.By, 24), a.Digest)
	}
	if last, ok := risk.Baseline(list); ok {
		fmt.Fprintln(e.Stdout, i18n.T("cli.assessment.baseline", i18n.Args{"Name": last.Name}))
	}
	if err := printReviewsSince(ctx, e, w); err != nil {
		return ExitUsage, err
	}
	return ExitOK, nil
}
