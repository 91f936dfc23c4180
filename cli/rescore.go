package cli

import (
	"cmp"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"unicode/utf8"

	"riskbook/export"
	"riskbook/i18n"
	"riskbook/risk"
	"riskbook/safefile"
	"riskbook/workspace"
)

type rescoreOptions struct{ apply, all bool }

func rescoreCommand() *command {
	return &command{
		name: "rescore", args: "FILE SCORING.xlsx", summary: i18n.T("cli.rescore.summary"),
		detail: i18n.T("cli.rescore.detail"),
		nargs:  2,
		flags: func(fs *flag.FlagSet) any {
			o := &rescoreOptions{}
			fs.BoolVar(&o.apply, "apply", false, i18n.T("cli.rescore.flag.apply"))
			fs.BoolVar(&o.all, "all", false, i18n.T("cli.rescore.flag.all", i18n.Args{"N": planRowsShown}))
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
			fmt.Fprintln(out, i18n.T("cli.rescore.none", i18n.Args{"Book": book, "Path": path, "Owner": s.Owner}))
		case s.Problems > 0:
			fmt.Fprintf(out, "\n%s\n", i18n.N("cli.rescore.problems", s.Changed, i18n.Args{"Problems": i18n.N("cli.count.problems", s.Problems)}))
			return ExitFindings, nil
		default:
			fmt.Fprintf(out, "\n%s\n", i18n.N("cli.rescore.would", s.Changed, i18n.Args{"Path": path, "Book": book}))
		}
		return ExitOK, nil
	}
	backupBeforeChanging(ctx, e, "rescore", w)
	n, err := w.ApplyScoring(ctx, s, book, risk.DateOf(e.Now()))
	if err != nil {
		return ExitUsage, err
	}
	printScoringChanges(out, s.Changes, false, o.all)
	fmt.Fprintf(out, "\n%s\n", i18n.T("cli.rescore.updated", i18n.Args{"Risks": i18n.N("cli.count.risks", n), "Path": path, "Book": book}))
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
			fmt.Fprintln(w, i18n.N("cli.rescore.more", hidden))
		}()
	}
	comment, problem, note := i18n.T("cli.rescore.comment"), i18n.T("cli.rescore.problem"), i18n.T("cli.rescore.note")
	width := max(utf8.RuneCountInString(comment), utf8.RuneCountInString(problem), utf8.RuneCountInString(note))
	for _, ch := range changes {
		for _, f := range ch.Fields {
			width = max(width, utf8.RuneCountInString(f.Field.String()))
		}
	}
	for _, ch := range changes {
		line := func(what, text string) {
			fmt.Fprintf(w, "%-7s  %s  %s\n", ch.Ref, pad(what, width), text)
		}
		if !onlyProblems {
			for _, f := range ch.Fields {
				line(f.Field.String(), f.Old+" → "+f.New)
			}
			if ch.Comment != "" {
				line(comment, fmt.Sprintf("%q", ch.Comment))
			}
		}
		for _, p := range ch.Problems {
			line(problem, p)
		}
		if !onlyProblems {
			for _, n := range ch.Notes {
				line(note, n)
			}
		}
	}
}
