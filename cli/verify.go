package cli

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"riskbook/risk"
	"riskbook/workspace"
)

func verifyCommand() *command {
	return &command{
		name: "verify", args: "FILE", summary: "check the file's integrity and its change log's hash chain",
		detail: `Runs SQLite's integrity check and recomputes the SHA-256 chain of the change log.
If a row was edited, removed or inserted outside Riskbook, names the first such row.
The exit status is 1 when anything is wrong.`,
		nargs: 1,
		run:   runVerify,
	}
}

// driftShown is how many records verify names that differ from their
// change log; the rest are counted.
const driftShown = 10

func runVerify(ctx context.Context, e *Env, args []string, _ any) (int, error) {
	w, err := workspace.OpenReadOnly(ctx, args[0])
	if damaged(err) {
		return reportDamage(e, err)
	}
	if err != nil {
		return ExitUsage, err
	}
	defer w.Close()
	v, err := w.Verify(ctx)
	if damaged(err) {
		return reportDamage(e, err)
	}
	if err != nil {
		return ExitUsage, err
	}
	fmt.Fprintf(e.Stdout, "File integrity: %s\n", v.Integrity)
	if v.Integrity != "ok" {
		fmt.Fprintf(e.Stdout, "The file is damaged; %s.\n", fileAdvice(&risk.FileError{Fault: risk.FaultDamaged, Path: args[0]}))
	}
	for _, g := range v.Salvaged {
		fmt.Fprintf(e.Stdout, "Change log: rows %d–%d were lost to damage; the salvage that made this workspace marked the break.\n", g.From, g.To)
	}
	if v.Broken != nil {
		b := v.Broken
		fmt.Fprintf(e.Stdout, "Change log: BROKEN at row %d (%s, %s %s %s by %s): %s.\n", b.ID,
			b.At.Format(time.RFC3339), b.Action, b.Entity, b.Key, b.Actor, v.Reason)
		fmt.Fprintln(e.Stdout, "The history from that row on cannot be trusted; restore the workspace from a backup.")
	} else {
		fmt.Fprintf(e.Stdout, "Change log: %d rows, hash chain intact.\n", v.Changes)
	}
	for i, d := range v.Drift {
		if i == driftShown {
			fmt.Fprintf(e.Stdout, "Content: %s differ from their change log.\n", risk.Count(len(v.Drift)-i, "more record", "more records"))
			break
		}
		fmt.Fprintf(e.Stdout, "Content: %s %s differs from its change log (as if %sd outside Riskbook).\n", d.Entity, d.Key, strings.TrimSuffix(d.Action, "e"))
	}
	if len(v.Drift) > 0 {
		fmt.Fprintln(e.Stdout, "The workspace was edited outside Riskbook; compare it with a backup before trusting it.")
	}
	if !v.OK() {
		return ExitFindings, nil
	}
	return ExitOK, nil
}

func damaged(err error) bool {
	fe := (*risk.FileError)(nil)
	return errors.As(err, &fe) && fe.Fault == risk.FaultDamaged
}

// reportDamage is verify's answer for a file too damaged to check: what
// is wrong, and what to do, as findings rather than a failure.
func reportDamage(e *Env, err error) (int, error) {
	fe := (*risk.FileError)(nil)
	errors.As(err, &fe)
	e.logf("riskbook verify: %v", err)
	detail := fe.Detail
	if detail == "" {
		detail = "part of it cannot be read"
	}
	fmt.Fprintf(e.Stdout, "File integrity: damaged (%s)\n", detail)
	fmt.Fprintf(e.Stdout, "To go on: %s.\n", fileAdvice(fe))
	return ExitFindings, nil
}
