package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"golang.org/x/term"

	"riskbook/i18n"
	"riskbook/workspace"
)

func pushCommand() *command {
	return &command{
		name: "push", args: "FILE postgres://…", summary: i18n.T("server.cli.push.summary"),
		detail: i18n.T("server.cli.push.detail"),
		nargs:  2,
		run: func(ctx context.Context, e *Env, args []string, _ any) (int, error) {
			m, err := workspace.Push(ctx, args[0], args[1])
			if err != nil {
				return ExitUsage, err
			}
			code := printMoved(e, m)
			printRegrant(e, m)
			return code, nil
		},
	}
}

func pullCommand() *command {
	return &command{
		name: "pull", args: "postgres://… FILE", summary: i18n.T("server.cli.pull.summary"),
		detail: i18n.T("server.cli.pull.detail"),
		nargs:  2,
		run: func(ctx context.Context, e *Env, args []string, _ any) (int, error) {
			m, err := workspace.Pull(ctx, args[0], args[1])
			if err != nil {
				return ExitUsage, err
			}
			return printMoved(e, m), nil
		},
	}
}

// printMoved says what a push or pull copied and how the copy verified.
func printMoved(e *Env, m *workspace.Moved) int {
	fmt.Fprintln(e.Stdout, i18n.T("server.cli.copied", i18n.Args{"From": m.From, "To": m.To,
		"Risks": i18n.N("cli.count.risks", m.Risks), "Assessments": i18n.N("server.cli.count.assessments", m.Assessments)}))
	return printVerification(e, m.To, m.Verified)
}

// printRegrant says, after a push of a copy whose change log records a
// team, whom to give a role again on the server pushed to, as the
// arguments of riskbook server grant.
func printRegrant(e *Env, m *workspace.Moved) {
	if len(m.Regrant) == 0 {
		return
	}
	grants := make([]string, len(m.Regrant))
	for i, x := range m.Regrant {
		grants[i] = x.Login + " " + string(x.Role)
		if x.Role == workspace.RoleOwner {
			for _, o := range x.Owners {
				grants[i] += " --owner " + strconv.Quote(o)
			}
		}
	}
	id := "regrant.push.setup"
	if m.TeamReady {
		id = "regrant.push"
	}
	fmt.Fprintln(e.Stdout, i18n.T(id, i18n.Args{"Target": m.To, "Grants": strings.Join(grants, ", ")}))
}

// TerminalPassword returns the question for a server's password that
// opening a server workspace asks on a terminal (in, with out where the
// question is written), without echoing the answer; nil when in is not a
// terminal, where nothing is ever asked.
func TerminalPassword(in *os.File, out io.Writer) func(server string) (string, error) {
	fd := int(in.Fd())
	if !term.IsTerminal(fd) {
		return nil
	}
	return func(server string) (string, error) {
		fmt.Fprint(out, i18n.T("server.cli.password", i18n.Args{"Server": server}))
		pw, err := term.ReadPassword(fd)
		fmt.Fprintln(out)
		return string(pw), err
	}
}
