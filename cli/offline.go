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
	var copies *workspace.OfflineCopies
	if e.DataDir != "" {
		copies = workspace.NewOfflineCopies(e.DataDir)
	}
	w, err := copies.OpenOrCopy(ctx, target, workspace.OpenReadOnly)
	if err != nil {
		return nil, err
	}
	if o := w.Offline(); o != nil {
		fmt.Fprintf(e.Stderr, "riskbook: %s\n", o.Notice())
	}
	return w, nil
}
