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
			if err := e.Desktop(path); err != nil {
				// Why no window can show here: a sentence for the person.
				return ExitUsage, risk.Errorf(risk.EINVALID, "%s", err)
			}
			return ExitOK, nil
		},
	}
}
