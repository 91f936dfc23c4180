package workspace

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"slices"

	"riskbook/i18n"
	"riskbook/risk"
	"riskbook/safefile"
	"riskbook/sqlite"
)

// A workspace can live on a PostgreSQL server instead of in a file (see
// sqlite/server.go): every use case of this package works on both, and a
// workspace moves between them with Push and Pull, its change log hash for
// hash, so that the copy verifies as the original does.

// IsServer reports whether target names a workspace on a server: a
// postgres:// connection string or a connection file (.riskbook-server).
func IsServer(target string) bool { return sqlite.IsServer(target) }

// WithPasswordPrompt returns ctx carrying ask, which opening a server
// workspace calls with the server's name when the server wants a password
// that neither the connection string, PGPASSWORD nor the pgpass file
// gives. Riskbook never stores the answer.
func WithPasswordPrompt(ctx context.Context, ask func(server string) (string, error)) context.Context {
	return sqlite.WithPasswordPrompt(ctx, ask)
}

// Verification is what verifying a workspace found: its integrity, its
// change log's hash chain, records that differ from their history.
type Verification = sqlite.Verification

// Moved is what a push or a pull copied, and how the copy verified.
type Moved struct {
	// From and To are the workspaces' names as shown: a connection
	// string never with its password.
	From, To                    string
	Risks, Changes, Assessments int
	// Verified is the verification of the copy, read back from where it
	// was written.
	Verified *Verification
	// Regrant, for a push, are the logins the copy's change log last
	// records in a team (a copy pulled from another server) that hold no
	// such role on the server pushed to: roles are the server's and never
	// move with a workspace, so an administrator gives them again.
	// TeamReady says the team of the server pushed to is set up already.
	Regrant   []TeamMember
	TeamReady bool
}

// Push copies the workspace file at file to target, a database on a
// server that holds no workspace: its records, closed assessments,
// document issues and change log as they are. A database that holds one
// is refused and left as it was.
func Push(ctx context.Context, file, target string) (*Moved, error) {
	if IsServer(file) {
		return nil, risk.Errorf(risk.EINVALID, "%s", i18n.T("server.push.from_server", i18n.Args{"Source": sqlite.ShownName(file)}))
	}
	if !IsServer(target) {
		return nil, risk.Errorf(risk.EINVALID, "%s", i18n.T("server.push.not_server", i18n.Args{"Target": target}))
	}
	src, err := OpenReadOnly(ctx, file)
	if err != nil {
		return nil, err
	}
	d, err := src.Dump(ctx)
	src.Close()
	if err != nil {
		return nil, err
	}
	logged, err := d.LoggedTeam()
	if err != nil {
		return nil, err
	}
	if err := sqlite.Load(ctx, d, target); err != nil {
		return nil, err
	}
	m, err := verifyCopy(ctx, file, target, d)
	if err != nil || len(logged) == 0 {
		return m, err
	}
	// Nothing of the team is made from the log: it only says whom to
	// give a role again, unless they hold that role here already (a team
	// set up before the push).
	held := map[string]TeamMember{}
	t, err := sqlite.ShowTeam(ctx, target)
	switch {
	case err == nil:
		m.TeamReady = true
		for _, x := range t.Members {
			held[x.Login] = x
		}
	case risk.ErrorCode(err) != risk.ENOTFOUND:
		// A team is there that this login cannot read (it holds no role
		// in it): the roles are given again by one who does, without a
		// setup first. Only a server without a team needs one.
		m.TeamReady = true
	}
	for _, x := range logged {
		if h, ok := held[x.Login]; !ok || h.Role != x.Role || x.Role == RoleOwner && !slices.Equal(h.Owners, x.Owners) {
			m.Regrant = append(m.Regrant, x)
		}
	}
	return m, nil
}

// Pull copies the workspace on the server target to a new workspace file
// at file, read in one snapshot while others may be editing it. An
// existing file is refused and left as it was.
func Pull(ctx context.Context, target, file string) (*Moved, error) {
	if !IsServer(target) {
		return nil, risk.Errorf(risk.EINVALID, "%s", i18n.T("server.pull.not_server", i18n.Args{"Source": target}))
	}
	if IsServer(file) {
		return nil, risk.Errorf(risk.EINVALID, "%s", i18n.T("server.pull.to_server", i18n.Args{"Target": sqlite.ShownName(file)}))
	}
	if _, err := os.Lstat(file); err == nil {
		return nil, risk.Errorf(risk.ECONFLICT, "%s", i18n.T("server.pull.exists", i18n.Args{"Target": sqlite.ShownName(file)}))
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, safefile.Explain(risk.OpWrite, file, err)
	}
	src, err := OpenReadOnly(ctx, target)
	if err != nil {
		return nil, err
	}
	defer src.Close()
	d, err := src.Dump(ctx)
	if err != nil {
		return nil, err
	}
	if err := sqlite.Load(ctx, d, file); err != nil {
		return nil, err
	}
	return verifyCopy(ctx, src.Path(), file, d)
}

// verifyCopy opens the copy of from just written to path and verifies it.
func verifyCopy(ctx context.Context, from, path string, d *sqlite.Dump) (*Moved, error) {
	w, err := OpenReadOnly(ctx, path)
	if err != nil {
		return nil, err
	}
	defer w.Close()
	v, err := w.Verify(ctx)
	if err != nil {
		return nil, err
	}
	return &Moved{From: from, To: w.Path(), Risks: len(d.Risks), Changes: len(d.ChangeLog), Assessments: len(d.Assessments), Verified: v}, nil
}
