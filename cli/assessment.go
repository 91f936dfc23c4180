package cli

import (
	"context"
	"flag"
	"fmt"

	"riskbook/risk"
	"riskbook/workspace"
)

type assessmentOptions struct{ name string }

func assessmentCommand() *command {
	return &command{
		name: "assessment", args: "close|list FILE", summary: "close an assessment (a frozen, named copy of the records) or list those closed",
		detail: `riskbook assessment close FILE --name "2026 annual" freezes a read-only copy of the
register with its criteria and Statement of Applicability, the business impact
analysis, the playbooks, exercises, incident records and contacts inside the
workspace, with the SHA-256 digest of its content and who closed it; the change
log records the closing. Work goes on in the live records; a closed assessment is
never edited.
riskbook assessment list FILE lists the closed assessments, oldest first.
riskbook export FILE --assessment NAME writes an assessment's documents exactly as
it was closed.`,
		nargs: -1,
		flags: func(fs *flag.FlagSet) any {
			o := &assessmentOptions{}
			fs.StringVar(&o.name, "name", "", "with close, the name of the assessment, such as \"2026 annual\"")
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
	ctx, done := e.showProgress(ctx, "Closing the assessment")
	a, err := w.CloseAssessment(ctx, name)
	done()
	if err != nil {
		return ExitUsage, err
	}
	fmt.Fprintf(e.Stdout, "Closed the assessment %q on %s, by %s.\nSHA-256 of its records: %s\n",
		a.Name, a.Closed.Format("2006-01-02 15:04 UTC"), a.By, a.Digest)
	return ExitOK, nil
}

func runAssessmentList(ctx context.Context, e *Env, path string) (int, error) {
	w, err := workspace.OpenReadOnly(ctx, path)
	if err != nil {
		return ExitUsage, err
	}
	defer w.Close()
	list, err := w.Assessments(ctx)
	if err != nil {
		return ExitUsage, err
	}
	if len(list) == 0 {
		fmt.Fprintf(e.Stdout, "No assessment was closed in %s yet; riskbook assessment close %s --name \"2026 annual\" closes one.\n", w.Name(), path)
		return ExitOK, nil
	}
	width := len("Name")
	for _, a := range list {
		width = max(width, len([]rune(a.Name)))
	}
	fmt.Fprintf(e.Stdout, "%-*s  %-10s  %-24s  %s\n", width, "Name", "Closed", "By", "SHA-256 of the records")
	for _, a := range list {
		fmt.Fprintf(e.Stdout, "%s%*s  %-10s  %-24s  %s\n", a.Name, width-len([]rune(a.Name)), "", a.Closed.Format("2006-01-02"), a.By, a.Digest)
	}
	if last, ok := risk.Baseline(list); ok {
		fmt.Fprintf(e.Stdout, "%s: the baseline a comparison starts from.\n", last.Name)
	}
	return ExitOK, nil
}
