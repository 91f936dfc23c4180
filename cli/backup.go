package cli

import (
	"context"
	"fmt"

	"riskbook/workspace"
)

func backupCommand() *command {
	return &command{
		name: "backup", args: "FILE OUT", summary: "write a consistent copy of FILE to OUT, even while it is open",
		detail: `The copy is checked before it is put in place; an existing OUT is replaced only
by a complete, verified copy.`,
		nargs: 2,
		run:   runBackup,
	}
}

func runBackup(ctx context.Context, e *Env, args []string, _ any) (int, error) {
	w, err := workspace.OpenReadOnly(ctx, args[0])
	if err != nil {
		return ExitUsage, err
	}
	defer w.Close()
	if err := w.Backup(ctx, args[1]); err != nil {
		return ExitUsage, err
	}
	fmt.Fprintf(e.Stdout, "Backed up %s to %s.\n", args[0], args[1])
	return ExitOK, nil
}
