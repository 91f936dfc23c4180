package cli

import (
	"context"
	"fmt"

	"riskbook/i18n"
	"riskbook/workspace"
)

func backupCommand() *command {
	return &command{
		name: "backup", args: "FILE OUT", summary: i18n.T("cli.backup.summary"),
		detail: i18n.T("cli.backup.detail"),
		nargs:  2,
		run:    runBackup,
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
	fmt.Fprintln(e.Stdout, i18n.T("cli.backup.done", i18n.Args{"Path": args[0], "Out": args[1]}))
	return ExitOK, nil
}
