package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"riskbook/export"
	"riskbook/risk"
	"riskbook/sqlite"
)

// refuseScoringCombinations refuses what does not go with --scoring, and
// --owner without it: the scoring workbook is one owner's, written alone.
func refuseScoringCombinations(o *exportOptions) error {
	switch {
	case o.scoring == "" && o.owner != "":
		return risk.Errorf(risk.EINVALID, "--owner says whose scoring workbook to write; give it with --scoring OUT.xlsx")
	case o.scoring == "":
		return nil
	case o.pdf != "" || o.xlsx != "" || o.pack != "" || o.tabletop != "" || o.incident != "" || o.levelSet:
		return risk.Errorf(risk.EINVALID, "--scoring writes one owner's scoring workbook on its own, so --pdf, --xlsx, --pack, --tabletop, --incident and --level do not go with it; write those in a separate run")
	case strings.TrimSpace(o.owner) == "":
		return risk.Errorf(risk.EINVALID, "say whose risks go in the scoring workbook: --scoring %s --owner NAME", o.scoring)
	}
	return nil
}

// runScoringExport writes the scoring workbook of one owner's risks.
func runScoringExport(ctx context.Context, e *env, path string, o *exportOptions) (int, error) {
	if err := refuseOverwritingWorkspace(o.scoring); err != nil {
		return exitUsage, err
	}
	now, err := export.Now()
	if err != nil {
		return exitUsage, err
	}
	db, err := sqlite.OpenReadOnly(ctx, path)
	if err != nil {
		return exitUsage, err
	}
	defer db.Close()
	rs, err := db.Risks(ctx)
	if err != nil {
		return exitUsage, err
	}
	mine, owner, err := export.OwnerRisks(rs, o.owner)
	if err != nil {
		return exitUsage, err
	}
	c, err := db.Criteria(ctx)
	if err != nil {
		return exitUsage, err
	}
	settings, err := db.Settings(ctx)
	if err != nil {
		return exitUsage, err
	}
	author, err := db.Actor(ctx)
	if err != nil {
		return exitUsage, err
	}
	profile := export.ProfileFrom(settings)
	in := export.ScoringInput{Owner: o.owner, Risks: rs, Criteria: c, Workspace: filepath.Base(db.Path()),
		Organisation: profile.Organisation, Classification: profile.Classification, Author: author,
		Creator: "Riskbook " + version, Now: now}
	if err := export.WriteFile(o.scoring, func(w io.Writer) error { return export.WriteScoring(w, in) }); err != nil {
		return exitUsage, err
	}
	fmt.Fprintf(e.stdout, "Wrote %s: %s of %s to score in Excel.\n", o.scoring, plural(len(mine), "risk"), owner)
	fmt.Fprintf(e.stdout, "When it comes back: riskbook rescore %s %s   (see the changes)\n", path, o.scoring)
	return exitOK, nil
}

type rescoreOptions struct{ apply bool }

func rescoreCommand() *command {
	return &command{
		name: "rescore", args: "FILE SCORING.xlsx", summary: "read back a scoring workbook a risk owner filled in: show, then apply, the changes",
		detail: `SCORING.xlsx is a workbook riskbook export FILE --scoring OUT.xlsx --owner NAME wrote,
with the owner's scores, treatments and statuses chosen in Excel. Without --apply,
rescore prints per risk each field the owner changed (old → new), their comments,
and the problems that keep a change from being saved: a value not in the list, a
value changed in Riskbook since the export, a rule the changed risk would break
(a residual score above the inherent one, for instance). The exit status is 1 when
there is a problem. With --apply, the changes are saved in one transaction, each
risk logged in the change log, or none if there is any problem. A cell left as it
was keeps what Riskbook has now; comments are added to the risk's description on a
dated "Owner comment" line. Nothing else of a risk changes.`,
		nargs: 2,
		flags: func(fs *flag.FlagSet) any {
			o := &rescoreOptions{}
			fs.BoolVar(&o.apply, "apply", false, "save the changes (without it, only show them)")
			return o
		},
		run: runRescore,
	}
}

func runRescore(ctx context.Context, e *env, args []string, opts any) (int, error) {
	o := opts.(*rescoreOptions)
	path, book := args[0], args[1]
	data, err := os.ReadFile(book)
	if err != nil {
		return exitUsage, risk.Errorf(risk.EINVALID, "Cannot read %s (%v)", book, errors.Unwrap(err))
	}
	sheet, err := export.ReadScoring(data)
	if err != nil {
		return exitUsage, err
	}
	var db *sqlite.DB
	if o.apply {
		db, err = sqlite.Open(ctx, path)
	} else {
		db, err = sqlite.OpenReadOnly(ctx, path)
	}
	if err != nil {
		return exitUsage, err
	}
	defer db.Close()
	if name := filepath.Base(db.Path()); sheet.Workspace != name {
		return exitUsage, risk.Errorf(risk.EINVALID, "%s was exported from %s, not from %s; read it back into the workspace it came from", book, sheet.Workspace, name)
	}
	rs, err := db.Risks(ctx)
	if err != nil {
		return exitUsage, err
	}
	c, err := db.Criteria(ctx)
	if err != nil {
		return exitUsage, err
	}
	changes, err := export.ScoringDiff(sheet, rs, &c)
	if err != nil {
		return exitUsage, err
	}
	problems, changed := 0, 0
	for _, ch := range changes {
		problems += len(ch.Problems)
		if !ch.Empty() {
			changed++
		}
	}
	w := e.stdout
	if o.apply && problems > 0 {
		printScoringChanges(w, changes, true)
		return exitUsage, risk.Errorf(risk.EINVALID, "%s in %s, so nothing was changed; fix them in the workbook (or in Riskbook) and run rescore again", plural(problems, "problem"), book)
	}
	if !o.apply || changed == 0 {
		printScoringChanges(w, changes, false)
		switch {
		case changed == 0 && problems == 0:
			fmt.Fprintf(w, "No changes: %s holds what %s has for %s's risks.\n", book, path, sheet.Owner)
		case problems > 0:
			fmt.Fprintf(w, "\n%s would change, %s; fix them before applying.\n", plural(changed, "risk"), plural(problems, "problem"))
			return exitFindings, nil
		default:
			fmt.Fprintf(w, "\n%s would change. To save: riskbook rescore %s %s --apply\n", plural(changed, "risk"), path, book)
		}
		return exitOK, nil
	}
	byRef := map[string]risk.Risk{}
	for _, r := range rs {
		byRef[r.Ref] = r
	}
	today := risk.DateOf(e.now())
	var updated []risk.Risk
	for _, ch := range changes {
		if ch.Empty() {
			continue
		}
		r := byRef[ch.Ref].Clone()
		ch.On = today
		export.Apply(&r, ch)
		updated = append(updated, r)
	}
	if err := db.UpdateRisks(ctx, updated); err != nil {
		return exitUsage, err
	}
	printScoringChanges(w, changes, false)
	fmt.Fprintf(w, "\nUpdated %s in %s from %s.\n", plural(len(updated), "risk"), path, book)
	return exitOK, nil
}

// printScoringChanges writes the diff, a line per changed field:
//
//	R-003  residual likelihood  Possible (3) → Unlikely (2)
//
// and the comment, problems and notes of each risk. With onlyProblems, it
// writes only the problems.
func printScoringChanges(w io.Writer, changes []export.ScoringChange, onlyProblems bool) {
	width := len("comment")
	for _, ch := range changes {
		for _, f := range ch.Fields {
			width = max(width, len(f.Field.String()))
		}
	}
	for _, ch := range changes {
		line := func(what, text string) {
			fmt.Fprintf(w, "%-7s  %-*s  %s\n", ch.Ref, width, what, text)
		}
		if !onlyProblems {
			for _, f := range ch.Fields {
				line(f.Field.String(), f.Old+" → "+f.New)
			}
			if ch.Comment != "" {
				line("comment", fmt.Sprintf("%q", ch.Comment))
			}
		}
		for _, p := range ch.Problems {
			line("problem", p)
		}
		if !onlyProblems {
			for _, n := range ch.Notes {
				line("note", n)
			}
		}
	}
}
