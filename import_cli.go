package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"riskbook/export"
	"riskbook/importer"
	"riskbook/risk"
	"riskbook/sqlite"
)

type importOptions struct {
	sheet, mapFile, saveMap string
	dryRun, update          bool
}

func importCommand() *command {
	return &command{
		name: "import", args: "FILE SOURCE.(csv|xlsx)", summary: "bring an existing register (CSV or Excel) into the workspace",
		detail: `import reads SOURCE, finds the table (the header need not be row 1; in a workbook
the sheet that looks like a register is proposed, or give --sheet), maps its columns
and values onto the workspace (proposed from the headers and values, or read from
--map MAP.json, which --save-map OUT.json writes for editing), and prints the plan row
by row: each risk to create or update, its problems, where the sheet's own level or
score disagrees with the workspace matrix, and the columns kept in its notes. With
--dry-run it stops there: the exit status is 1 when the import would be refused.

Otherwise the rows are imported in one transaction, all or none, and the change log
records the import with the file's name and SHA-256. The import is refused when a row
has a blocking problem, when a row's reference is already a risk's (--update updates
those risks instead: only the fields the row fills in are changed) and when the same
file was imported before (--update to import it again).`,
		nargs: 2,
		flags: func(fs *flag.FlagSet) any {
			o := &importOptions{}
			fs.StringVar(&o.sheet, "sheet", "", "the sheet to import (default: the one that looks like a register)")
			fs.StringVar(&o.mapFile, "map", "", "read the column and value mapping from this JSON file")
			fs.StringVar(&o.saveMap, "save-map", "", "write the mapping used to this JSON file, to edit and reuse with --map")
			fs.BoolVar(&o.dryRun, "dry-run", false, "only print what the import would do")
			fs.BoolVar(&o.update, "update", false, "update the risks whose reference a row repeats, and allow importing a file again")
			return o
		},
		run: runImport,
	}
}

func runImport(ctx context.Context, e *env, args []string, opts any) (int, error) {
	o := opts.(*importOptions)
	path, file := args[0], args[1]
	if o.saveMap != "" {
		if err := refuseOverwritingWorkspace(o.saveMap); err != nil {
			return exitUsage, err
		}
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return exitUsage, risk.Errorf(risk.EINVALID, "Cannot read %s (%v)", file, errors.Unwrap(err))
	}
	src, err := importer.ReadSource(file, data)
	if err != nil {
		return exitUsage, err
	}
	var db *sqlite.DB
	if o.dryRun {
		db, err = sqlite.OpenReadOnly(ctx, path)
	} else {
		db, err = sqlite.Open(ctx, path)
	}
	if err != nil {
		return exitUsage, err
	}
	defer db.Close()
	c, err := db.Criteria(ctx)
	if err != nil {
		return exitUsage, err
	}
	m, proposed, err := importMapping(src, o, &c)
	if err != nil {
		return exitUsage, err
	}
	if o.saveMap != "" {
		if err := export.WriteFile(o.saveMap, func(w io.Writer) error { _, err := w.Write(m.JSON()); return err }); err != nil {
			return exitUsage, err
		}
	}
	existing, err := db.Risks(ctx)
	if err != nil {
		return exitUsage, err
	}
	plan, err := importer.Plan(src, m, &c, existing, risk.DateOf(e.now()))
	if err != nil {
		return exitUsage, err
	}
	when, again, err := db.ImportedBefore(ctx, src.SHA256)
	if err != nil {
		return exitUsage, err
	}
	w := e.stdout
	fmt.Fprintf(w, "%s: sheet %q, header on row %d, SHA-256 %s\n", src.Name, m.Sheet, m.HeaderRow, src.SHA256)
	if proposed {
		printImportMapping(w, m, &c)
	} else {
		fmt.Fprintf(w, "Mapping: read from %s.\n", o.mapFile)
	}
	if o.saveMap != "" {
		fmt.Fprintf(w, "Mapping saved to %s: edit it and import again with --map %s.\n", o.saveMap, o.saveMap)
	}
	imp, matching := importOf(plan)
	printImportPlan(w, plan, o.update)

	var refusal string
	switch {
	case plan.Blocking() > 0:
		refusal = fmt.Sprintf("%s in %s, so nothing was imported; fix the rows (or map their columns differently) and import again",
			plural(plan.Blocking(), "blocking problem"), src.Name)
	case again && !o.update:
		refusal = fmt.Sprintf("%s: this file was already imported on %s; run again with --update to update the risks it holds instead of adding them twice",
			src.Name, when.Local().Format("2006-01-02 15:04"))
	case len(matching) > 0 && !o.update:
		refusal = fmt.Sprintf("%s %s already in the workspace (%s), so nothing was imported; run again with --update to update %s, or remove %s from the file",
			plural(len(matching), "row"), map[bool]string{true: "is", false: "are"}[len(matching) == 1],
			refList(matching), map[bool]string{true: "it", false: "them"}[len(matching) == 1], map[bool]string{true: "it", false: "them"}[len(matching) == 1])
	case len(imp.Create)+len(imp.Update)+len(imp.Activities)+len(imp.Resources) == 0:
		refusal = fmt.Sprintf("%s has no row to import; check that --sheet names the sheet of your register", src.Name)
	}
	if o.dryRun {
		if again {
			fmt.Fprintf(w, "Note: this file was already imported on %s.\n", when.Local().Format("2006-01-02 15:04"))
		}
		if refusal != "" {
			fmt.Fprintf(w, "\nThe import would be refused: %s.\n", strings.TrimSuffix(refusal, "."))
			return exitFindings, nil
		}
		fmt.Fprintf(w, "\nDry run: nothing was written. To import: riskbook import %s %s", path, file)
		if !proposed {
			fmt.Fprintf(w, " --map %s", o.mapFile)
		} else if o.sheet != "" {
			fmt.Fprintf(w, " --sheet %q", o.sheet)
		}
		if o.update {
			fmt.Fprint(w, " --update")
		}
		fmt.Fprintln(w)
		return exitOK, nil
	}
	if refusal != "" {
		return exitUsage, risk.Errorf(risk.EINVALID, "%s", refusal)
	}
	imp.Source = file
	res, err := db.ImportRegister(ctx, imp)
	if err != nil {
		return exitUsage, err
	}
	fmt.Fprintln(w)
	for _, l := range []struct {
		what string
		refs []string
	}{{"Created", res.Created}, {"Updated", res.Updated}, {"Created activities", res.Activities}, {"Created ICT systems", res.Resources}} {
		if len(l.refs) > 0 {
			fmt.Fprintf(w, "%s: %s\n", l.what, strings.Join(l.refs, ", "))
		}
	}
	if len(imp.Update) > len(res.Updated) {
		fmt.Fprintf(w, "Unchanged: %d of the risks to update already held what the file gives.\n", len(imp.Update)-len(res.Updated))
	}
	cs, err := db.Changes(ctx, sqlite.ChangeFilter{Entity: sqlite.EntityImport, Limit: 1})
	if err != nil {
		return exitUsage, err
	}
	if len(cs) == 1 {
		fmt.Fprintf(w, "Change log: row %d, import of %s (SHA-256 %s) by %s.\n", cs[0].ID, cs[0].Key, src.SHA256, cs[0].Actor)
	}
	return exitOK, nil
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

// importOf turns a plan into what the store writes: rows whose reference
// is an existing risk's become updates of that risk (matching lists their
// references), the others new risks. Blocking rows are the caller's to
// refuse. The desktop app's import (exporting.go) uses it too.
func importOf(plan *importer.ImportPlan) (imp sqlite.Import, matching []string) {
	imp = sqlite.Import{Source: plan.Source, SHA256: plan.SHA256, Activities: plan.Activities, Resources: plan.Resources}
	for _, pr := range plan.Risks {
		r := pr.Risk.Clone()
		if pr.UpdateOf != "" {
			r.Ref = pr.UpdateOf
			imp.Update = append(imp.Update, r)
			matching = append(matching, pr.UpdateOf)
			continue
		}
		imp.Create = append(imp.Create, r)
	}
	return imp, matching
}

// refList names up to five references, then how many more.
func refList(refs []string) string {
	if len(refs) <= 5 {
		return strings.Join(refs, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(refs[:5], ", "), len(refs)-5)
}

// printImportMapping writes a proposed mapping: a line per column, then
// the value mapping per field.
func printImportMapping(w io.Writer, m importer.Mapping, c *risk.Criteria) {
	fmt.Fprintln(w, "\nColumn mapping (proposed; --save-map OUT.json to edit it):")
	width := 0
	for _, col := range m.Columns {
		width = max(width, len([]rune(col.Header)))
	}
	for j, col := range m.Columns {
		field := col.Field
		if field == "" {
			field = "(kept in the notes)"
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
	fmt.Fprintln(w, "Value mapping (proposed):")
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

// valueLabel shows a mapped score with its label: 4 (Likely).
func valueLabel(field, v string, c *risk.Criteria) string {
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

// printImportPlan writes the plan row by row:
//
//	row 2    create  R-01   Phishing Attack
//	         problem: …
//	         disagrees: …
//	         notes kept: Asset/Area: Employee Email
//
// then the sheet's own problems, the BIA rows and a summary.
func printImportPlan(w io.Writer, p *importer.ImportPlan, update bool) {
	fmt.Fprintln(w, "\nPlan:")
	disagree := map[int][]importer.RowProblem{}
	for _, d := range p.Disagreements {
		disagree[d.Row] = append(disagree[d.Row], d)
	}
	skipped := map[int]string{}
	var sheetProblems []string
	for _, pr := range p.Problems {
		switch {
		case pr.Row == 0:
			sheetProblems = append(sheetProblems, pr.Message)
		case strings.Contains(pr.Message, "was skipped"):
			skipped[pr.Row] = pr.Message
		}
	}
	type line struct {
		row  int
		text []string
	}
	var lines []line
	creates, updates, blocking := 0, 0, 0
	for _, pr := range p.Risks {
		action, ref := "create", pr.Risk.Ref
		switch {
		case pr.Blocking:
			action = "REFUSED"
			blocking++
		case pr.UpdateOf != "" && update:
			action, ref = "update", pr.UpdateOf
			updates++
		case pr.UpdateOf != "":
			action, ref = "exists", pr.UpdateOf
		default:
			creates++
		}
		if ref == "" {
			ref = "(new)"
		}
		l := line{row: pr.Row, text: []string{fmt.Sprintf("%-7s  %-8s %s", action, ref, pr.Risk.Title)}}
		if pr.UpdateOf != "" && !update && !pr.Blocking {
			l.text = append(l.text, "already in the workspace: --update to update it")
		}
		for _, msg := range pr.Problems {
			l.text = append(l.text, "problem: "+msg)
		}
		for _, d := range disagree[pr.Row] {
			l.text = append(l.text, "disagrees: "+d.Column+": "+d.Message)
		}
		for n := range strings.SplitSeq(pr.Notes, "\n") {
			if n != "" {
				l.text = append(l.text, "notes kept: "+n)
			}
		}
		lines = append(lines, l)
	}
	for row, msg := range skipped {
		lines = append(lines, line{row: row, text: []string{"skip     " + msg}})
	}
	slices.SortFunc(lines, func(a, b line) int { return a.row - b.row })
	for _, l := range lines {
		for i, t := range l.text {
			if i == 0 {
				fmt.Fprintf(w, "  row %-5d %s\n", l.row, t)
			} else {
				fmt.Fprintf(w, "            %s\n", t)
			}
		}
	}
	for _, a := range p.Activities {
		fmt.Fprintf(w, "  activity  %-8s %s  RTO %s, RPO %s, MTPD %s\n", orNew(a.Ref), a.Name, a.RTO, a.RPO, a.MTPDOverride)
	}
	for _, r := range p.Resources {
		fmt.Fprintf(w, "  system    %-8s %s  RTO %s, RPO %s\n", orNew(r.Ref), r.Name, r.AchievableRTO, r.AchievableRPO)
	}
	if len(p.Activities)+len(p.Resources) > 0 {
		// BIA rows carry no row number: their problems are listed here.
		for _, pr := range p.Problems {
			if pr.Row != 0 && !strings.Contains(pr.Message, "was skipped") {
				fmt.Fprintf(w, "  row %-5d problem: %s\n", pr.Row, pr.Message)
				if pr.Blocking {
					blocking++
				}
			}
		}
	}
	for _, msg := range sheetProblems {
		fmt.Fprintf(w, "  sheet     %s\n", msg)
	}
	fmt.Fprintf(w, "%d to create, %d to update, %d skipped, %d refused", creates, updates, len(skipped), blocking)
	if n := len(p.Activities) + len(p.Resources); n > 0 {
		fmt.Fprintf(w, ", %d activities and %d ICT systems to create", len(p.Activities), len(p.Resources))
	}
	if n := len(p.Disagreements); n > 0 {
		fmt.Fprintf(w, ", %s with the workspace matrix", plural(n, "disagreement"))
	}
	fmt.Fprintln(w, ".")
}

func orNew(ref string) string {
	if ref == "" {
		return "(new)"
	}
	return ref
}
