package cli

import (
	"context"
	"flag"
	"fmt"

	"riskbook/export"
	"riskbook/i18n"
	"riskbook/risk"
	"riskbook/workspace"
)

func exportCommand() *command {
	return &command{
		name: "export", args: "FILE", summary: i18n.T("cli.export.summary"),
		detail: i18n.T("cli.export.detail") + "\n" + i18n.T("export.cli.detail"),
		nargs:  1,
		flags: func(fs *flag.FlagSet) any {
			o := &exportOptions{}
			fs.StringVar(&o.pdf, "pdf", "", i18n.T("cli.export.flag.pdf"))
			fs.StringVar(&o.xlsx, "xlsx", "", i18n.T("cli.export.flag.xlsx"))
			fs.StringVar(&o.pack, "pack", "", i18n.T("cli.export.flag.pack"))
			o.level = string(export.Full)
			fs.Var(setFlag{&o.level, &o.levelSet}, "level", i18n.T("cli.export.flag.level"))
			fs.StringVar(&o.tabletop, "tabletop", "", i18n.T("cli.export.flag.tabletop"))
			fs.StringVar(&o.incident, "incident", "", i18n.T("cli.export.flag.incident"))
			fs.StringVar(&o.scoring, "scoring", "", i18n.T("cli.export.flag.scoring"))
			fs.StringVar(&o.owner, "owner", "", i18n.T("cli.export.flag.owner"))
			fs.StringVar(&o.assessment, "assessment", "", i18n.T("cli.export.flag.assessment"))
			fs.StringVar(&o.lang, "lang", "", i18n.T("export.cli.flag.lang"))
			return o
		},
		run: runExport,
	}
}

func runExport(ctx context.Context, e *Env, args []string, opts any) (int, error) {
	o := opts.(*exportOptions)
	if err := o.checkScoring(); err != nil {
		return ExitUsage, err
	}
	if o.scoring != "" {
		return runScoringExport(ctx, e, args[0], o)
	}
	req, err := o.request()
	if err != nil {
		return ExitUsage, err
	}
	w, err := openForExport(ctx, e, args[0])
	if err != nil {
		return ExitUsage, err
	}
	defer w.Close()
	ctx, done := e.showProgress(ctx, i18n.T("cli.export.progress"))
	var out *export.Outcome
	if o.assessment != "" {
		out, err = w.ExportAssessment(ctx, o.assessment, req)
	} else {
		out, err = w.Export(ctx, req)
	}
	done()
	if err != nil {
		return ExitUsage, err
	}
	for _, path := range req.Paths() {
		fmt.Fprintln(e.Stdout, i18n.T("cli.export.wrote", i18n.Args{"Path": path}))
	}
	for _, note := range out.Notes() {
		if len(out.Unprintable) > 0 && note == export.UnprintableWarning(out.Unprintable) {
			fmt.Fprintln(e.Stderr, note)
		} else {
			fmt.Fprintln(e.Stdout, note)
		}
	}
	return ExitOK, nil
}

// openForExport opens the workspace for writing, so that a full export can
// record its issue of the document; a workspace another process has open
// for writing, or a file that cannot be written, is exported read-only
// (and the export says it was not recorded), and a server workspace whose
// server cannot be reached from its local copy.
func openForExport(ctx context.Context, e *Env, path string) (*workspace.Workspace, error) {
	w, err := workspace.Open(ctx, path)
	if err == nil {
		return w, nil
	}
	if code := risk.ErrorCode(err); code != risk.ECONFLICT && code != risk.EINVALID {
		return nil, err
	}
	return openToRead(ctx, e, path)
}

// runScoringExport writes the scoring workbook of one owner's risks.
func runScoringExport(ctx context.Context, e *Env, path string, o *exportOptions) (int, error) {
	lang, err := o.docLang()
	if err != nil {
		return ExitUsage, err
	}
	w, err := openToRead(ctx, e, path)
	if err != nil {
		return ExitUsage, err
	}
	defer w.Close()
	n, owner, err := w.ScoringWorkbook(ctx, o.owner, o.scoring, lang)
	if err != nil {
		return ExitUsage, err
	}
	fmt.Fprintln(e.Stdout, i18n.N("cli.export.scoring_wrote", n, i18n.Args{"Path": o.scoring, "Owner": owner}))
	fmt.Fprintln(e.Stdout, i18n.T("cli.export.scoring_back", i18n.Args{"Path": path, "Book": o.scoring}))
	return ExitOK, nil
}
