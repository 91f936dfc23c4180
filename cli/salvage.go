package cli

import (
	"context"
	"flag"
	"fmt"

	"riskbook/risk"
	"riskbook/workspace"
)

func salvageCommand() *command {
	return &command{
		name: "salvage", args: "FILE OUT", summary: "rescue what can still be read of a damaged workspace into a new one",
		detail: `For a workspace that is damaged (cut short by an interrupted copy, pages that cannot
be read). FILE is only read. Its pages are read one by one, without trusting the
file's structure, and every row that can still be read goes into the new workspace
OUT, completed from the states the change log recorded. What could not be recovered
is listed. Where rows of the change log were lost, the new workspace's history
records the salvage and the rows lost, so riskbook verify tells that break of the
hash chain from tampering. OUT must not exist.`,
		nargs: 2,
		run:   runSalvage,
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
		name: "backups", args: "FILE", summary: "list the automatic backups of a workspace",
		detail: `Riskbook keeps rolling copies of every workspace it changes, in its data folder:
one a day for a week and the first of each month for a year, readable by you only.
riskbook restore puts one back.`,
		nargs: 1,
		run:   runBackups,
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
		fmt.Fprintf(e.Stdout, "No automatic backups of %s yet; Riskbook makes one the first time it changes the workspace each day.\n", args[0])
		return ExitOK, nil
	}
	fmt.Fprintf(e.Stdout, "Automatic backups of %s, newest first:\n", args[0])
	for _, bk := range list {
		fmt.Fprintf(e.Stdout, "  %-48s %s\n", bk.Label(), bk.Path)
	}
	return ExitOK, nil
}

func backupsOf(e *Env) (*workspace.Backups, error) {
	if e.DataDir == "" {
		return nil, risk.Errorf(risk.EINVALID, "Riskbook's data folder, where the automatic backups are, is not known here; set RISKBOOK_DATA to it")
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
		name: "restore", args: "FILE", summary: "put an automatic backup back in place of FILE",
		detail: `Restores the newest automatic backup of FILE (riskbook backups FILE lists them), or
the one --from names. FILE is replaced only with --replace; the file replaced is first
kept among the backups, so a restore can itself be undone. FILE must not be open
for writing in the app.`,
		nargs: 1,
		flags: func(fs *flag.FlagSet) any {
			o := &restoreOptions{}
			fs.StringVar(&o.from, "from", "", "the backup to restore (default: the newest)")
			fs.BoolVar(&o.replace, "replace", false, "replace FILE, which exists")
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
	fmt.Fprintf(e.Stdout, "Restored %s from the backup of %s.\n", path, bk.Label())
	if kept != "" {
		fmt.Fprintf(e.Stdout, "The file it replaced is kept as %s.\n", kept)
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
		fmt.Fprintf(e.Stderr, "riskbook %s: note: today's automatic backup could not be made (%s); going ahead.\n", name, sentence(err))
	}
}
