package cli

import (
	"context"
	"fmt"

	"riskbook/workspace"
)

// openToRead opens a workspace for a command that only reads it. When the
// server of a server workspace cannot be reached, the command reads the
// local copy the desktop app keeps of it (workspace.OfflineCopies), and
// says so on standard error: whose copy it is and from when.
func openToRead(ctx context.Context, e *Env, target string) (*workspace.Workspace, error) {
	w, err := workspace.OpenReadOnly(ctx, target)
	return readCopyIfDown(ctx, e, target, w, err)
}

// readCopyIfDown returns w, or the local copy of target when err says its
// server could not be reached and a copy is kept.
func readCopyIfDown(ctx context.Context, e *Env, target string, w *workspace.Workspace, err error) (*workspace.Workspace, error) {
	if err == nil || e.DataDir == "" {
		return w, err
	}
	c, err := workspace.NewOfflineCopies(e.DataDir).Fallback(ctx, target, err)
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(e.Stderr, "riskbook: %s\n", c.Offline().Notice())
	return c, nil
}
