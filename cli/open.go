package cli

import (
	"context"

	"riskbook/i18n"
	"riskbook/risk"
)

func openCommand() *command {
	return &command{
		name: "open", args: "[FILE]", summary: i18n.T("cli.open.summary"),
		detail: i18n.T("cli.open.detail"),
		nargs:  -1,
		run: func(ctx context.Context, e *Env, args []string, _ any) (int, error) {
			if len(args) > 1 {
				return ExitUsage, risk.Errorf(risk.EINVALID, "%s", i18n.T("cli.open.one", i18n.Args{"N": len(args)}))
			}
			path := ""
			if len(args) == 1 {
				path = args[0]
			}
			e.Desktop(path)
			return ExitOK, nil
		},
	}
}
