package cli

import (
	"context"

	"riskbook/risk"
)

func openCommand() *command {
	return &command{
		name: "open", args: "[FILE]", summary: "start the desktop app on FILE (or on the last workspace)",
		detail: `Without FILE, the app reopens the last workspace; on the very first run it creates
one from the ccTLD starter kit in your documents folder (Documents/Riskbook/Riskbook.riskbook).`,
		nargs: -1,
		run: func(ctx context.Context, e *Env, args []string, _ any) (int, error) {
			if len(args) > 1 {
				return ExitUsage, risk.Errorf(risk.EINVALID, "open takes one workspace file, not %d", len(args))
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
