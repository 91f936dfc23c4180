package workspace

import (
	"context"

	"riskbook/i18n"
	"riskbook/risk"
	"riskbook/sqlite"
)

// A team on a server workspace: who may do what is the database's to
// enforce (see sqlite/team.go). These are the use cases of its
// administrator, which the command line offers as riskbook server.

// TeamRole is a role of a server workspace's team: admin, editor, owner
// (a risk owner) or auditor.
type TeamRole = sqlite.TeamRole

// The team's roles.
const (
	RoleAdmin   = sqlite.RoleAdmin
	RoleEditor  = sqlite.RoleEditor
	RoleOwner   = sqlite.RoleOwner
	RoleAuditor = sqlite.RoleAuditor
)

// Team is a server workspace's team: its group roles on the server, the
// logins holding them, the owner names no risk owner answers for.
type Team = sqlite.Team

// TeamMember is a login of the team with its role.
type TeamMember = sqlite.TeamMember

// TeamRoles lists the team's roles, the most rights first.
func TeamRoles() []TeamRole { return sqlite.TeamRoles }

// QuotedNames lists owner names in quotation marks, or says there are
// none, in the default language.
func QuotedNames(names []string) string { return sqlite.QuotedNames(names) }

// ShownName is how a workspace is named to a person: a connection string
// never with its password.
func ShownName(target string) string { return sqlite.ShownName(target) }

// ParseTeamRole reads a role's keyword: admin, editor, owner or auditor.
func ParseTeamRole(s string) (TeamRole, error) { return sqlite.ParseTeamRole(s) }

// SetupTeam creates the schema (or brings it up to date) and the team's
// roles on the server target, making the login running it an
// administrator; running it again keeps what exists.
func SetupTeam(ctx context.Context, target string) (*Team, error) {
	if err := serverOnly(target); err != nil {
		return nil, err
	}
	return sqlite.SetupTeam(ctx, target)
}

// ShowTeam returns the team of the server workspace target.
func ShowTeam(ctx context.Context, target string) (*Team, error) {
	if err := serverOnly(target); err != nil {
		return nil, err
	}
	return sqlite.ShowTeam(ctx, target)
}

// Grant gives login a role on the server workspace target, in place of
// any it held; a risk owner answers for the owner names given.
func Grant(ctx context.Context, target, login string, role TeamRole, owners []string) (*TeamMember, error) {
	if err := serverOnly(target); err != nil {
		return nil, err
	}
	return sqlite.GrantRole(ctx, target, login, role, owners)
}

// Revoke takes every role of the server workspace target from login and
// returns the one it held.
func Revoke(ctx context.Context, target, login string) (TeamRole, error) {
	if err := serverOnly(target); err != nil {
		return sqlite.RoleNone, err
	}
	return sqlite.RevokeRoles(ctx, target, login)
}

// serverOnly refuses a workspace file: a file has one writer at a time and
// no roles.
func serverOnly(target string) error {
	if IsServer(target) {
		return nil
	}
	return risk.Errorf(risk.EINVALID, "%s", i18n.T("team.not_server", i18n.Args{"Target": target}))
}
