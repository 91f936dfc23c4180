package cli

import (
	"context"
	"flag"
	"fmt"

	"riskbook/i18n"
	"riskbook/risk"
	"riskbook/workspace"
)

func salvageCommand() *command {
	return &command{
		name: "salvage", args: "FILE OUT", summary: i18n.T("cli.salvage.summary"),
		detail: i18n.T("cli.salvage.detail"),
		nargs:  2,
		run:    runSalvage,
	}
}

func runSalvage(ctx context.Context, e *Env, args []string, _ any) (int, error) {
	if err := refuseOverwritingWorkspace(args[1]); err != nil {
		return ExitUsage, err
	}
	rep, err := workspace.Salvage(ctx, args[0], args[1])
	if err != nil {
		return ExitUsage, err
	}
	for _, line := range workspace.SalvageLines(rep) {
		fmt.Fprintln(e.Stdout, line)
	}
	return ExitOK, nil
}

func backupsCommand() *command {
	return &command{
		name: "backups", args: "FILE", summary: i18n.T("cli.backups.summary"),
		detail: i18n.T("cli.backups.detail"),
		nargs:  1,
		run:    runBackups,
	}
}

func runBackups(ctx context.Context, e *Env, args []string, _ any) (int, error) {
	b, err := backupsOf(e)
	if err != nil {
		return ExitUsage, err
	}
	list, err := b.List(args[0])
	if err != nil {
		return ExitUsage, err
	}
	if len(list) == 0 {
		fmt.Fprintln(e.Stdout, i18n.T("cli.backups.none", i18n.Args{"Path": args[0]}))
		return ExitOK, nil
	}
	fmt.Fprintln(e.Stdout, i18n.T("cli.backups.list", i18n.Args{"Path": args[0]}))
	for _, bk := range list {
		fmt.Fprintf(e.Stdout, "  %s %s\n", pad(bk.Label(), 48), bk.Path)
	}
	return ExitOK, nil
}

func backupsOf(e *Env) (*workspace.Backups, error) {
	if e.DataDir == "" {
		return nil, risk.Errorf(risk.EINVALID, "%s", i18n.T("cli.backups.no_data"))
	}
	b := workspace.NewBackups(e.DataDir)
	b.Now = e.Now
	return b, nil
}

// restoreOptions are riskbook restore's flags.
type restoreOptions struct {
	from    string
	replace bool
}

func restoreCommand() *command {
	return &command{
		name: "restore", args: "FILE", summary: i18n.T("cli.restore.summary"),
		detail: i18n.T("cli.restore.detail"),
		nargs:  1,
		flags: func(fs *flag.FlagSet) any {
			o := &restoreOptions{}
			fs.StringVar(&o.from, "from", "", i18n.T("cli.restore.flag.from"))
			fs.BoolVar(&o.replace, "replace", false, i18n.T("cli.restore.flag.replace"))
			return o
		},
		run: runRestore,
	}
}

func runRestore(ctx context.Context, e *Env, args []string, opts any) (int, error) {
	o := opts.(*restoreOptions)
	path := args[0]
	b, err := backupsOf(e)
	if err != nil {
		return ExitUsage, err
	}
	list, err := b.List(path)
	if err != nil {
		return ExitUsage, err
	}
	bk, err := o.backup(path, list)
	if err != nil {
		return ExitUsage, err
	}
	kept, err := b.Restore(ctx, bk.Path, path)
	if err != nil {
		return ExitUsage, err
	}
	fmt.Fprintln(e.Stdout, i18n.T("cli.restore.done", i18n.Args{"Path": path, "Backup": bk.Label()}))
	if kept != "" {
		fmt.Fprintln(e.Stdout, i18n.T("cli.restore.kept", i18n.Args{"Path": kept}))
	}
	return ExitOK, nil
}

// backupBeforeChanging makes the day's automatic backup of a workspace a
// command is about to change. A backup that cannot be made is said, and
// the change goes ahead: the workspace itself is intact.
func backupBeforeChanging(ctx context.Context, e *Env, name string, w *workspace.Workspace) {
	if e.DataDir == "" {
		return
	}
	b := workspace.NewBackups(e.DataDir)
	b.Now = e.Now
	if _, err := b.Take(ctx, w, false); err != nil {
		e.logf("automatic backup of %s: %v", w.Path(), err)
		fmt.Fprintf(e.Stderr, "riskbook %s: %s\n", name, i18n.T("cli.backup.failed", i18n.Args{"Reason": sentence(err)}))
	}
}
