package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"

	"riskbook/export"
	"riskbook/i18n"
	"riskbook/risk"
	"riskbook/safefile"
	"riskbook/workspace"
)

type dumpOptions struct{ out string }

func dumpCommand() *command {
	return &command{
		name: "dump", args: "FILE", summary: i18n.T("cli.dump.summary"),
		detail: i18n.T("cli.dump.detail"),
		nargs:  1,
		flags: func(fs *flag.FlagSet) any {
			o := &dumpOptions{}
			fs.StringVar(&o.out, "out", "", i18n.T("cli.dump.flag.out"))
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
	w, err := openToRead(ctx, e, args[0])
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
		name: "load", args: "DUMP.json FILE", summary: i18n.T("cli.load.summary"),
		detail: i18n.T("cli.load.detail"),
		nargs:  2,
		run:    runLoad,
	}
}

func runLoad(ctx context.Context, e *Env, args []string, _ any) (int, error) {
	src, dst := args[0], args[1]
	var r io.Reader = e.Stdin
	name := i18n.T("cli.load.stdin")
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
	fmt.Fprintln(e.Stdout, i18n.T("cli.load.loaded", i18n.Args{"Dump": src, "Path": dst, "Risks": i18n.N("cli.count.risks", res.Risks), "Rows": i18n.N("cli.count.log_rows", int(res.Changes))}))
	if n := len(res.Kept); n > 0 {
		fmt.Fprintf(e.Stdout, "\n%s\n", i18n.N("cli.load.kept", n))
		for _, f := range res.Kept {
			fmt.Fprintf(e.Stdout, "  %-8s %s [%s]\n", f.Ref, f.Message, f.Rule)
		}
		fmt.Fprintln(e.Stdout, i18n.T("cli.load.check", i18n.Args{"Path": dst}))
	}
	return ExitOK, nil
}
