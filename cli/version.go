package cli

import (
	"context"
	"fmt"

	"riskbook/workspace"
)

func versionCommand() *command {
	return &command{
		name: "version", summary: "print Riskbook's version and the workspace schema it writes",
		run: func(_ context.Context, e *Env, _ []string, _ any) (int, error) {
			fmt.Fprintf(e.Stdout, "riskbook %s (workspace schema %d, dump format %d)\n", workspace.Version, workspace.SchemaVersion(), workspace.DumpVersion)
			return ExitOK, nil
		},
	}
}
