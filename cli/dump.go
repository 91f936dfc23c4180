package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"

	"riskbook/export"
	"riskbook/risk"
	"riskbook/safefile"
	"riskbook/workspace"
)

type dumpOptions struct{ out string }

func dumpCommand() *command {
	return &command{
		name: "dump", args: "FILE", summary: "write the whole workspace as JSON (to keep in version control)",
		detail: `The JSON is stable: keys and rows sorted, dates in ISO 8601, so two dumps of the
same workspace are identical and dumps diff cleanly year to year. The format is
described in docs/workspace-json.md. riskbook load turns a dump back into a workspace.`,
		nargs: 1,
		flags: func(fs *flag.FlagSet) any {
			o := &dumpOptions{}
			fs.StringVar(&o.out, "out", "", "write to this file instead of standard output")
			return o
		},
		run: runDump,
	}
}

func runDump(ctx context.Context, e *Env, args []string, opts any) (int, error) {
	o := opts.(*dumpOptions)
	if o.out != "" {
		if err := refuseOverwritingWorkspace(o.out); err != nil {
			return ExitUsage, err
		}
	}
	w, err := workspace.OpenReadOnly(ctx, args[0])
	if err != nil {
		return ExitUsage, err
	}
	defer w.Close()
	write := func(out io.Writer) error { return w.WriteDump(ctx, out) }
	if o.out == "" {
		return ExitOK, write(e.Stdout)
	}
	return ExitOK, export.WritePrivate(o.out, write)
}

func loadCommand() *command {
	return &command{
		name: "load", args: "DUMP.json FILE", summary: "make a new workspace FILE from a JSON dump",
		detail: `FILE must not exist yet. The change log is restored as it was, so riskbook verify
still passes; anything in the JSON that its change log does not explain (a hand
edit) is recorded as a change made by you. A dump written by any earlier Riskbook
loads; dates that cannot be (a review in the future, an action due before its
risk was identified) and references to records that do not exist are kept as
written and listed, for you to correct.`,
		nargs: 2,
		run:   runLoad,
	}
}

func runLoad(ctx context.Context, e *Env, args []string, _ any) (int, error) {
	src, dst := args[0], args[1]
	var r io.Reader = e.Stdin
	name := "standard input"
	if src != "-" {
		name = src
		f, err := os.Open(src)
		if err != nil {
			return ExitUsage, safefile.Explain(risk.OpRead, src, err)
		}
		defer f.Close()
		r = f
	}
	res, err := workspace.Load(ctx, r, name, dst, e.Now())
	if err != nil {
		return ExitUsage, err
	}
	fmt.Fprintf(e.Stdout, "Loaded %s into %s: %d risks, %d change-log rows.\n", src, dst, res.Risks, res.Changes)
	if n := len(res.Kept); n > 0 {
		fmt.Fprintf(e.Stdout, "\nThe dump holds %s that Riskbook would refuse to save today; they are kept as written, for you to correct:\n",
			risk.Count(n, "date or reference", "dates and references"))
		for _, f := range res.Kept {
			fmt.Fprintf(e.Stdout, "  %-8s %s [%s]\n", f.Ref, f.Message, f.Rule)
		}
		fmt.Fprintf(e.Stdout, "riskbook check %s lists them with everything else that needs attention.\n", dst)
	}
	return ExitOK, nil
}
