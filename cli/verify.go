package cli

import (
	"context"
	"errors"
	"fmt"
	"time"

	"riskbook/i18n"
	"riskbook/risk"
	"riskbook/workspace"
)

func verifyCommand() *command {
	return &command{
		name: "verify", args: "FILE", summary: i18n.T("cli.verify.summary"),
		detail: i18n.T("cli.verify.detail"),
		nargs:  1,
		run:    runVerify,
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
	return printVerification(e, args[0], v), nil
}

// printVerification writes what verifying the workspace at path found
// and returns the exit status: ExitFindings unless all is well. A server
// keeps its own storage whole: only a file's integrity is reported.
func printVerification(e *Env, path string, v *workspace.Verification) int {
	if !workspace.IsServer(path) {
		fmt.Fprintln(e.Stdout, i18n.T("cli.verify.integrity", i18n.Args{"Integrity": integrityText(v.Integrity)}))
	}
	if v.Integrity != "ok" {
		fmt.Fprintln(e.Stdout, i18n.T("cli.verify.damaged", i18n.Args{"Advice": fileAdvice(&risk.FileError{Fault: risk.FaultDamaged, Path: path})}))
	}
	for _, g := range v.Salvaged {
		fmt.Fprintln(e.Stdout, i18n.T("cli.verify.salvaged", i18n.Args{"From": g.From, "To": g.To}))
	}
	if v.Broken != nil {
		b := v.Broken
		fmt.Fprintln(e.Stdout, i18n.T("cli.verify.broken", i18n.Args{"Row": b.ID, "At": b.At.Format(time.RFC3339),
			"Action": b.Action, "Entity": b.Entity, "Key": b.Key, "Actor": b.Actor, "Reason": v.Reason}))
		fmt.Fprintln(e.Stdout, i18n.T("cli.verify.broken_advice"))
	} else {
		fmt.Fprintln(e.Stdout, i18n.N("cli.verify.chain", int(v.Changes)))
	}
	for i, d := range v.Drift {
		if i == driftShown {
			fmt.Fprintln(e.Stdout, i18n.N("cli.verify.drift_more", len(v.Drift)-i))
			break
		}
		fmt.Fprintln(e.Stdout, driftLine(d.Entity, d.Key, d.Action))
	}
	if len(v.Drift) > 0 {
		fmt.Fprintln(e.Stdout, i18n.T("cli.verify.drift_advice"))
	}
	if !v.OK() {
		return ExitFindings
	}
	return ExitOK
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
	detail := i18n.T("cli.verify.unreadable")
	if fe.Detail != nil {
		detail = fe.Detail.In(i18n.Default())
	}
	fmt.Fprintln(e.Stdout, i18n.T("cli.verify.integrity", i18n.Args{"Integrity": i18n.T("cli.verify.damaged_detail", i18n.Args{"Detail": detail})}))
	fmt.Fprintln(e.Stdout, i18n.T("cli.verify.go_on", i18n.Args{"Advice": fileAdvice(fe)}))
	return ExitFindings, nil
}

// integrityText is SQLite's verdict on the file: "ok" in the messages'
// language, anything else (what is wrong, in SQLite's words) as it is.
func integrityText(integrity string) string {
	if integrity == "ok" {
		return i18n.T("cli.verify.ok")
	}
	return integrity
}

// driftLine says that a record differs from its change log, as if it had
// been created, updated or deleted outside Riskbook.
func driftLine(entity, key, action string) string {
	args := i18n.Args{"Entity": entity, "Key": key}
	switch action {
	case "create":
		return i18n.T("cli.verify.drift_create", args)
	case "delete":
		return i18n.T("cli.verify.drift_delete", args)
	}
	return i18n.T("cli.verify.drift_update", args)
}
