package cli

import (
	"context"
	"flag"
	"fmt"
	"strings"
	"unicode/utf8"

	"riskbook/i18n"
	"riskbook/workspace"
)

type serverOptions struct {
	owners listFlag // --owner, for a risk owner
}

func serverCommand() *command {
	return &command{
		name: "server", args: "setup|team|grant|revoke postgres://… [LOGIN [ROLE]]", summary: i18n.T("team.cli.summary"),
		detail: i18n.T("team.cli.detail"),
		nargs:  -1,
		flags: func(fs *flag.FlagSet) any {
			o := &serverOptions{}
			fs.Var(&o.owners, "owner", i18n.T("team.cli.flag.owner"))
			return o
		},
		run: runServer,
	}
}

func runServer(ctx context.Context, e *Env, args []string, opts any) (int, error) {
	o := opts.(*serverOptions)
	role, err := o.check(args)
	if err != nil {
		return ExitUsage, err
	}
	target := args[1]
	switch args[0] {
	case "setup":
		t, err := workspace.SetupTeam(ctx, target)
		if err != nil {
			return ExitUsage, err
		}
		groups := make([]string, 0, len(workspace.TeamRoles()))
		for _, r := range workspace.TeamRoles() {
			groups = append(groups, t.Groups[r])
		}
		fmt.Fprintln(e.Stdout, i18n.T("team.cli.set_up", i18n.Args{"Server": t.Server, "Groups": strings.Join(groups, ", ")}))
		printTeam(e, t)
		fmt.Fprintln(e.Stdout, i18n.T("team.cli.next", i18n.Args{"Server": t.Server}))
	case "team":
		t, err := workspace.ShowTeam(ctx, target)
		if err != nil {
			return ExitUsage, err
		}
		printTeam(e, t)
	case "grant":
		m, err := workspace.Grant(ctx, target, args[2], role, o.owners)
		if err != nil {
			return ExitUsage, err
		}
		if m.Role == workspace.RoleOwner {
			fmt.Fprintln(e.Stdout, i18n.T("team.cli.granted_owner", i18n.Args{"Login": m.Login, "Server": workspace.ShownName(target),
				"Names": workspace.QuotedNames(m.Owners)}))
		} else {
			fmt.Fprintln(e.Stdout, i18n.T("team.cli.granted", i18n.Args{"Login": m.Login, "Server": workspace.ShownName(target),
				"Role": m.Role.Described()}))
		}
	case "revoke":
		held, err := workspace.Revoke(ctx, target, args[2])
		if err != nil {
			return ExitUsage, err
		}
		fmt.Fprintln(e.Stdout, i18n.T("team.cli.revoked", i18n.Args{"Login": args[2], "Server": workspace.ShownName(target),
			"Role": held.Described()}))
	}
	return ExitOK, nil
}

// printTeam lists who holds which role, and the owner names of risks no
// risk owner answers for.
func printTeam(e *Env, t *workspace.Team) {
	if len(t.Members) == 0 {
		fmt.Fprintln(e.Stdout, i18n.T("team.cli.nobody", i18n.Args{"Server": t.Server}))
	} else {
		fmt.Fprintln(e.Stdout, i18n.T("team.cli.members", i18n.Args{"Server": t.Server}))
		head := []string{i18n.T("team.cli.col.login"), i18n.T("team.cli.col.role"), i18n.T("team.cli.col.answers")}
		rows := [][]string{head}
		for _, m := range t.Members {
			names := ""
			if m.Role == workspace.RoleOwner {
				names = workspace.QuotedNames(m.Owners)
			}
			rows = append(rows, []string{m.Login, m.Role.Label(), names})
		}
		widths := make([]int, len(head))
		for _, r := range rows {
			for i, c := range r {
				widths[i] = max(widths[i], utf8.RuneCountInString(c))
			}
		}
		for _, r := range rows {
			line := "  "
			for i, c := range r {
				if i == len(r)-1 {
					line += c
					break
				}
				line += c + strings.Repeat(" ", widths[i]-utf8.RuneCountInString(c)+2)
			}
			fmt.Fprintln(e.Stdout, strings.TrimRight(line, " "))
		}
	}
	if len(t.Unanswered) > 0 {
		fmt.Fprintln(e.Stdout, i18n.T("team.cli.unanswered", i18n.Args{"Names": workspace.QuotedNames(t.Unanswered)}))
	}
}
