package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"riskbook/export"
	"riskbook/importer"
	"riskbook/risk"
	"riskbook/safefile"
	"riskbook/workspace"
)

func importCommand() *command {
	return &command{
		name: "import", args: "FILE SOURCE.(csv|xlsx)", summary: "bring an existing register (CSV or Excel) into the workspace",
		detail: `import reads SOURCE, finds the table (the header need not be row 1; in a workbook
the sheet that looks like a register is proposed, or give --sheet), maps its columns
and values onto the workspace (proposed from the headers and values, or read from
--map MAP.json, which --save-map OUT.json writes for editing), and prints the plan row
by row: each risk to create or update, its problems, where the sheet's own level or
score disagrees with the workspace matrix, and the columns kept in its notes (the
rows with problems first, up to a screenful; --all lists every row). It says
on what evidence the numbers of the score columns were read (a scale in the header,
the range of the values, the sheet's own score and rating). With --dry-run it stops
there: the exit status is 1 when the import would be refused.

Otherwise the rows are imported in one transaction, all or none, and the change log
records the import with the file's name and SHA-256. The import is refused, with what
to do, when:
  - the file is damaged (a quote never closed, rows with more or fewer fields than
    the header, the header repeated inside the data): fix it, or --accept-damage to
    import it as read;
  - score columns hold money amounts or percentages: --band to score them in the
    proposed bands (edit them in a --save-map file), or --unscored;
  - a row has a blocking problem;
  - the mapping does not reproduce the sheet's own ratings or scores on more than
    a few rows: correct the value mapping with --save-map and --map, or
    --accept-disagreements to let the workspace matrix rate them;
  - a row's reference is already a risk's (--update updates those risks instead:
    only the fields the row fills in are changed, each shown old → new), or the
    same file was imported before (--update to import it again).
A sheet of recovery targets (RTO, RPO, MTPD) becomes BIA activities, each needing an
ICT system named in the row; --bia systems makes each row an ICT system whose
figures are what it can achieve.`,
		nargs: 2,
		flags: func(fs *flag.FlagSet) any {
			o := &importOptions{}
			fs.StringVar(&o.sheet, "sheet", "", "the sheet to import (default: the one that looks like a register)")
			fs.StringVar(&o.mapFile, "map", "", "read the column and value mapping from this JSON file")
			fs.StringVar(&o.saveMap, "save-map", "", "write the mapping used to this JSON file, to edit and reuse with --map")
			fs.BoolVar(&o.dryRun, "dry-run", false, "only print what the import would do")
			fs.BoolVar(&o.all, "all", false, fmt.Sprintf("list every row of the plan (without it, the first %d rows, those with problems first)", planRowsShown))
			fs.BoolVar(&o.update, "update", false, "update the risks whose reference a row repeats, and allow importing a file again")
			fs.BoolVar(&o.band, "band", false, "score money, percentage and probability columns in the proposed bands")
			fs.BoolVar(&o.unscored, "unscored", false, "import the risks of money, percentage and probability columns unscored")
			fs.BoolVar(&o.acceptDisagreements, "accept-disagreements", false, "import although the sheet's own ratings or scores disagree with the mapping on more than a few rows")
			fs.BoolVar(&o.acceptDamage, "accept-damage", false, "import a damaged file (unclosed quote, ragged rows, repeated header) as read")
			fs.StringVar(&o.bia, "bia", "", "what the rows of a recovery-target sheet become: activities or systems")
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
	fmt.Fprintf(out, "%s: sheet %q, header on row %d, SHA-256 %s\n", src.Name, m.Sheet, m.HeaderRow, src.SHA256)
	if proposed {
		printImportMapping(out, m, &ic.Criteria)
	} else {
		fmt.Fprintf(out, "Mapping: read from %s.\n", o.mapFile)
	}
	if o.saveMap != "" {
		fmt.Fprintf(out, "Mapping saved to %s: edit it and import again with --map %s.\n", o.saveMap, o.saveMap)
	}
	printImportPlan(out, plan, o.update, o.all, &ic.Criteria)

	if o.dryRun {
		if !ic.ImportedAt.IsZero() {
			fmt.Fprintf(out, "Note: this file was already imported on %s.\n", ic.ImportedAt.Local().Format("2006-01-02 15:04"))
		}
		if r := plan.Refuse(o.consent(), ic.ImportedAt); r != nil {
			fmt.Fprintf(out, "\nThe import would be refused: %s.\n", importAdvice(r, false))
			return ExitFindings, nil
		}
		fmt.Fprintf(out, "\nDry run: nothing was written. To import: riskbook import %s %s", path, file)
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
	ctx, done := e.showProgress(ctx, "Importing")
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
		fmt.Fprintf(out, "UNSCORED: %s came in without an inherent score; score them in the register.\n", risk.Count(res.Unscored, "risk", "risks"))
	}
	if res.Unchanged > 0 {
		fmt.Fprintf(out, "Unchanged: %d of the risks to update already held what the file gives.\n", res.Unchanged)
	}
	if res.LogRow > 0 {
		fmt.Fprintf(out, "Change log: row %d, import of %s (SHA-256 %s) by %s.\n", res.LogRow, src.Name, src.SHA256, res.Actor)
	}
	return ExitOK, nil
}

// importAdvice is a refusal's sentence with what to do on the command
// line; done says the import was tried, and nothing was written.
func importAdvice(r *importer.Refusal, done bool) string {
	s := r.Error()
	if done {
		s += ", so nothing was imported"
	}
	switch r.Kind {
	case importer.RefusedDamaged:
		return s + "; repair the file and import again, or run again with --accept-damage to import it as read"
	case importer.RefusedQuestion:
		return s + "; run again with --band to score them in the bands shown above (to change the bands, --save-map OUT.json, edit its \"bands\", then --map OUT.json), or with --unscored to import the risks unscored"
	case importer.RefusedDisagreement:
		return s + "; correct the value mapping (--save-map OUT.json, edit its \"values\", then --map OUT.json), or run again with --accept-disagreements to let the workspace matrix rate those risks"
	case importer.RefusedBlocking:
		return s + "; fix the rows (or map their columns differently) and import again"
	case importer.RefusedEmpty:
		return s + "; check that --sheet names the sheet of your register"
	case importer.RefusedAgain:
		return s + "; run again with --update to update the risks it holds instead of adding them twice"
	case importer.RefusedExisting:
		return s + "; run again with --update to update them, or give the rows new references"
	}
	return s
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
		return m, false, risk.Errorf(risk.EINVALID, "Cannot read %s (%v)", o.mapFile, errors.Unwrap(err))
	}
	if m, err = importer.LoadMapping(data); err != nil {
		return m, false, err
	}
	if o.sheet != "" {
		m.Sheet = o.sheet
	}
	return m, false, nil
}
