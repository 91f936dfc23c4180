package cli

import (
	"context"
	"fmt"

	"riskbook/i18n"
	"riskbook/workspace"
)

func versionCommand() *command {
	return &command{
		name: "version", summary: i18n.T("cli.version.summary"),
		run: func(_ context.Context, e *Env, _ []string, _ any) (int, error) {
			fmt.Fprintln(e.Stdout, i18n.T("cli.version.line", i18n.Args{"Version": workspace.Version, "Schema": workspace.SchemaVersion(), "Dump": workspace.DumpVersion}))
			return ExitOK, nil
		},
	}
}
