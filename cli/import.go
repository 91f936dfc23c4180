package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"riskbook/export"
	"riskbook/i18n"
	"riskbook/importer"
	"riskbook/risk"
	"riskbook/safefile"
	"riskbook/workspace"
)

func importCommand() *command {
	return &command{
		name: "import", args: "FILE SOURCE.(csv|xlsx)", summary: i18n.T("cli.import.summary"),
		detail: i18n.T("cli.import.detail"),
		nargs:  2,
		flags: func(fs *flag.FlagSet) any {
			o := &importOptions{}
			fs.StringVar(&o.sheet, "sheet", "", i18n.T("cli.import.flag.sheet"))
			fs.StringVar(&o.mapFile, "map", "", i18n.T("cli.import.flag.map"))
			fs.StringVar(&o.saveMap, "save-map", "", i18n.T("cli.import.flag.save_map"))
			fs.BoolVar(&o.dryRun, "dry-run", false, i18n.T("cli.import.flag.dry_run"))
			fs.BoolVar(&o.all, "all", false, i18n.T("cli.import.flag.all", i18n.Args{"N": planRowsShown}))
			fs.BoolVar(&o.update, "update", false, i18n.T("cli.import.flag.update"))
			fs.BoolVar(&o.band, "band", false, i18n.T("cli.import.flag.band"))
			fs.BoolVar(&o.unscored, "unscored", false, i18n.T("cli.import.flag.unscored"))
			fs.BoolVar(&o.acceptDisagreements, "accept-disagreements", false, i18n.T("cli.import.flag.accept_disagreements"))
			fs.BoolVar(&o.acceptDamage, "accept-damage", false, i18n.T("cli.import.flag.accept_damage"))
			fs.StringVar(&o.bia, "bia", "", i18n.T("cli.import.flag.bia"))
			return o
		},
		run: runImport,
	}
}

func runImport(ctx context.Context, e *Env, args []string, opts any) (int, error) {
	o := opts.(*importOptions)
	path, file := args[0], args[1]
	if err := o.check(); err != nil {
		return ExitUsage, err
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return ExitUsage, safefile.Explain(risk.OpRead, file, err)
	}
	src, err := importer.ReadSource(file, data)
	if err != nil {
		return ExitUsage, err
	}
	open := workspace.Open
	if o.dryRun {
		open = workspace.OpenReadOnly
	}
	w, err := open(ctx, path)
	if err != nil {
		return ExitUsage, err
	}
	defer w.Close()
	ic, err := w.ImportContext(ctx, src.SHA256)
	if err != nil {
		return ExitUsage, err
	}
	m, proposed, err := importMapping(src, o, &ic.Criteria)
	if err != nil {
		return ExitUsage, err
	}
	o.answer(&m)
	if o.saveMap != "" {
		if err := export.WriteFile(o.saveMap, func(w io.Writer) error { _, err := w.Write(m.JSON()); return err }); err != nil {
			return ExitUsage, err
		}
	}
	plan, err := importer.Plan(src, m, &ic.Criteria, ic.Existing, risk.DateOf(e.Now()))
	if err != nil {
		return ExitUsage, err
	}
	out := e.Stdout
	fmt.Fprintln(out, i18n.T("cli.import.source", i18n.Args{"Name": src.Name, "Sheet": fmt.Sprintf("%q", m.Sheet), "Row": m.HeaderRow, "SHA256": src.SHA256}))
	if proposed {
		printImportMapping(out, m, &ic.Criteria)
	} else {
		fmt.Fprintln(out, i18n.T("cli.import.map_read", i18n.Args{"Path": o.mapFile}))
	}
	if o.saveMap != "" {
		fmt.Fprintln(out, i18n.T("cli.import.map_saved", i18n.Args{"Path": o.saveMap}))
	}
	printImportPlan(out, plan, o.update, o.all, &ic.Criteria)

	if o.dryRun {
		if !ic.ImportedAt.IsZero() {
			fmt.Fprintln(out, i18n.T("cli.import.again", i18n.Args{"At": ic.ImportedAt.Local().Format("2006-01-02 15:04")}))
		}
		if r := plan.Refuse(o.consent(), ic.ImportedAt); r != nil {
			fmt.Fprintf(out, "\n%s\n", i18n.T("cli.import.would_refuse", i18n.Args{"Reason": importAdvice(r, false)}))
			return ExitFindings, nil
		}
		fmt.Fprintf(out, "\n%s", i18n.T("cli.import.dry_run", i18n.Args{"Path": path, "File": file}))
		if !proposed {
			fmt.Fprintf(out, " --map %s", o.mapFile)
		} else if o.sheet != "" {
			fmt.Fprintf(out, " --sheet %q", o.sheet)
		}
		for _, f := range []struct {
			on   bool
			flag string
		}{{o.update, "--update"}, {o.band, "--band"}, {o.unscored, "--unscored"}, {o.acceptDisagreements, "--accept-disagreements"},
			{o.acceptDamage, "--accept-damage"}, {o.bia != "", "--bia " + o.bia}} {
			if f.on {
				fmt.Fprint(out, " "+f.flag)
			}
		}
		fmt.Fprintln(out)
		return ExitOK, nil
	}
	backupBeforeChanging(ctx, e, "import", w)
	ctx, done := e.showProgress(ctx, i18n.T("cli.import.progress"))
	res, err := w.Import(ctx, plan, o.consent())
	done()
	if r := (*importer.Refusal)(nil); errors.As(err, &r) {
		return ExitUsage, risk.Errorf(risk.EINVALID, "%s", importAdvice(r, true))
	}
	if err != nil {
		return ExitUsage, err
	}
	fmt.Fprintln(out)
	for _, l := range res.Lines() {
		fmt.Fprintln(out, l)
	}
	if res.Unscored > 0 {
		fmt.Fprintln(out, i18n.N("cli.import.unscored", res.Unscored))
	}
	if res.Unchanged > 0 {
		fmt.Fprintln(out, i18n.N("cli.import.unchanged", res.Unchanged))
	}
	if res.LogRow > 0 {
		fmt.Fprintln(out, i18n.T("cli.import.logged", i18n.Args{"Row": res.LogRow, "Name": src.Name, "SHA256": src.SHA256, "Actor": res.Actor}))
	}
	return ExitOK, nil
}

// importAdvice is a refusal's sentence with what to do on the command
// line; done says the import was tried, and nothing was written.
func importAdvice(r *importer.Refusal, done bool) string {
	s := r.Error()
	if done {
		s = i18n.T("cli.import.nothing_imported", i18n.Args{"Reason": s})
	}
	var todo string
	switch r.Kind {
	case importer.RefusedDamaged:
		todo = i18n.T("cli.import.todo.damaged")
	case importer.RefusedQuestion:
		todo = i18n.T("cli.import.todo.question")
	case importer.RefusedDisagreement:
		todo = i18n.T("cli.import.todo.disagreement")
	case importer.RefusedBlocking:
		todo = i18n.T("cli.import.todo.blocking")
	case importer.RefusedEmpty:
		todo = i18n.T("cli.import.todo.empty")
	case importer.RefusedAgain:
		todo = i18n.T("cli.import.todo.again")
	case importer.RefusedExisting:
		todo = i18n.T("cli.import.todo.existing")
	default:
		return s
	}
	return s + "; " + todo
}

// importMapping reads the mapping from --map, or proposes one; proposed
// says which.
func importMapping(src *importer.Source, o *importOptions, c *risk.Criteria) (m importer.Mapping, proposed bool, err error) {
	if o.mapFile == "" {
		m, err = importer.ProposeMapping(src, o.sheet, c)
		return m, true, err
	}
	data, err := os.ReadFile(o.mapFile)
	if err != nil {
		return m, false, risk.Errorf(risk.EINVALID, "%s", i18n.T("cli.import.map_unreadable", i18n.Args{"Path": o.mapFile, "Reason": errors.Unwrap(err)}))
	}
	if m, err = importer.LoadMapping(data); err != nil {
		return m, false, err
	}
	if o.sheet != "" {
		m.Sheet = o.sheet
	}
	return m, false, nil
}
