package cli

import (
	"context"
	"flag"
	"fmt"
	"path/filepath"

	"riskbook/sqlite"
	"riskbook/workspace"
)

type initOptions struct {
	template string
	user     string
}

func initCommand() *command {
	return &command{
		name: "init", args: "FILE", summary: "create a new workspace file",
		detail: `The blank template holds the default 5×5 risk criteria and the ISO/IEC 27001:2022
Annex A control catalog. The cctld template adds a starter register of the risks
a small ccTLD registry faces, scored, with owners, controls and treatment actions,
and a starter Statement of Applicability. Review and rescore it for your registry.`,
		nargs: 1,
		flags: func(fs *flag.FlagSet) any {
			o := &initOptions{}
			fs.StringVar(&o.template, "template", workspace.TemplateCcTLD, "starter content: cctld or blank")
			fs.StringVar(&o.user, "user", "", "the name recorded in the change log for edits to this workspace (default: your login name)")
			return o
		},
		run: runInit,
	}
}

func runInit(ctx context.Context, e *Env, args []string, opts any) (int, error) {
	o := opts.(*initOptions)
	path := args[0]
	if filepath.Ext(path) == "" {
		path += sqlite.Extension
	}
	if err := templateOf(o.template); err != nil {
		return ExitUsage, err
	}
	w, err := workspace.Create(ctx, path, o.template, o.user)
	if err != nil {
		return ExitUsage, err
	}
	defer w.Close()
	rs, err := w.Risks(ctx)
	if err != nil {
		return ExitUsage, err
	}
	bia, err := w.BIA(ctx)
	if err != nil {
		return ExitUsage, err
	}
	fmt.Fprintf(e.Stdout, "Created %s from the %s template: %d risks, %d activities and %d resources, the ISO/IEC 27001:2022 Annex A catalog.\n",
		path, o.template, len(rs), len(bia.Activities), len(bia.Resources))
	fmt.Fprintf(e.Stdout, "Next: riskbook check %s   (what needs attention)\n      riskbook open %s    (work in the app)\n", path, path)
	return ExitOK, nil
}
