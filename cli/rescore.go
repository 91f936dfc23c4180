package cli

import (
	"cmp"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"

	"riskbook/export"
	"riskbook/risk"
	"riskbook/safefile"
	"riskbook/workspace"
)

type rescoreOptions struct{ apply, all bool }

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
			fs.BoolVar(&o.all, "all", false, fmt.Sprintf("list the changes of every risk (without it, of the first %d, those with problems first)", planRowsShown))
			return o
		},
		run: runRescore,
	}
}

func runRescore(ctx context.Context, e *Env, args []string, opts any) (int, error) {
	o := opts.(*rescoreOptions)
	path, book := args[0], args[1]
	data, err := os.ReadFile(book)
	if err != nil {
		return ExitUsage, safefile.Explain(risk.OpRead, book, err)
	}
	open := workspace.OpenReadOnly
	if o.apply {
		open = workspace.Open
	}
	w, err := open(ctx, path)
	if err != nil {
		return ExitUsage, err
	}
	defer w.Close()
	s, err := w.ReadScoring(ctx, book, data)
	if err != nil {
		return ExitUsage, err
	}
	out := e.Stdout
	if o.apply && s.Problems > 0 {
		printScoringChanges(out, s.Changes, true, o.all)
		_, err := w.ApplyScoring(ctx, s, book, risk.DateOf(e.Now()))
		return ExitUsage, err
	}
	if !o.apply || s.Changed == 0 {
		printScoringChanges(out, s.Changes, false, o.all)
		switch {
		case s.Changed == 0 && s.Problems == 0:
			fmt.Fprintf(out, "No changes: %s holds what %s has for %s's risks.\n", book, path, s.Owner)
		case s.Problems > 0:
			fmt.Fprintf(out, "\n%s would change, %s; fix them before applying.\n", plural(s.Changed, "risk"), plural(s.Problems, "problem"))
			return ExitFindings, nil
		default:
			fmt.Fprintf(out, "\n%s would change. To save: riskbook rescore %s %s --apply\n", plural(s.Changed, "risk"), path, book)
		}
		return ExitOK, nil
	}
	backupBeforeChanging(ctx, e, "rescore", w)
	n, err := w.ApplyScoring(ctx, s, book, risk.DateOf(e.Now()))
	if err != nil {
		return ExitUsage, err
	}
	printScoringChanges(out, s.Changes, false, o.all)
	fmt.Fprintf(out, "\nUpdated %s in %s from %s.\n", plural(n, "risk"), path, book)
	return ExitOK, nil
}

// printScoringChanges writes the diff, a line per changed field:
//
//	R-003  residual likelihood  Possible (3) → Unlikely (2)
//
// and the comment, problems and notes of each risk. With onlyProblems, it
// writes only the problems. Unless all is set, it writes the risks with
// problems first, up to planRowsShown risks, and counts the rest.
func printScoringChanges(w io.Writer, changes []export.ScoringChange, onlyProblems, all bool) {
	hidden := 0
	if !all && len(changes) > planRowsShown {
		changes = slices.Clone(changes)
		slices.SortStableFunc(changes, func(a, b export.ScoringChange) int {
			return cmp.Compare(min(len(b.Problems), 1), min(len(a.Problems), 1))
		})
		hidden = len(changes) - planRowsShown
		changes = changes[:planRowsShown]
		defer func() {
			fmt.Fprintf(w, "… and %s (--all lists every change).\n", risk.Count(hidden, "more risk", "more risks"))
		}()
	}
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
