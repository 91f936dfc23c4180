package sqlite

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"riskbook/i18n"
	"riskbook/risk"
)

// Who may do what on a server workspace is the database's to enforce
// (postgres/004_team.sql): four group roles of the server, the owner
// names each risk owner's login answers for, grants per table and
// row-level security on the risks. This file sets them up and changes
// them, tells an open workspace which role its login holds, and turns
// the database's refusals into sentences saying which role allows what
// was refused.

// TeamRole is a role of a server workspace's team.
type TeamRole string

// The team's roles, from the most rights to the fewest; RoleNone is a
// login that holds none of them.
const (
	RoleAdmin   TeamRole = "admin"
	RoleEditor  TeamRole = "editor"
	RoleOwner   TeamRole = "owner"
	RoleAuditor TeamRole = "auditor"
	RoleNone    TeamRole = ""
)

// TeamRoles lists the team's roles, the most rights first.
var TeamRoles = []TeamRole{RoleAdmin, RoleEditor, RoleOwner, RoleAuditor}

// ParseTeamRole reads a role's keyword (admin, editor, owner, auditor).
func ParseTeamRole(s string) (TeamRole, error) {
	for _, r := range TeamRoles {
		if strings.EqualFold(strings.TrimSpace(s), string(r)) {
			return r, nil
		}
	}
	return RoleNone, risk.Errorf(risk.EINVALID, "%s", i18n.T("team.role.unknown", i18n.Args{"Role": s}))
}

// Described is the role as a sentence names it ("an editor"), in the
// default language.
func (r TeamRole) Described() string { return r.DescribedIn(i18n.Default()) }

// DescribedIn is the role as a sentence names it in p's language.
func (r TeamRole) DescribedIn(p *i18n.Printer) string {
	if r == RoleNone {
		return p.T("team.role.none")
	}
	return p.T("team.role." + string(r))
}

// Label is the role's name in a list ("editor"), in the default language.
func (r TeamRole) Label() string {
	if r == RoleNone {
		return ""
	}
	return i18n.T("team.label." + string(r))
}

// TeamMember is a login holding one of the team's roles, with the owner
// names a risk owner answers for.
type TeamMember struct {
	Login  string
	Role   TeamRole
	Owners []string
}

// Team is a server workspace's team: the server's group role of each of
// its roles, the logins holding them, and the owner names of risks that no
// risk owner answers for.
type Team struct {
	Server     string
	Groups     map[TeamRole]string
	Members    []TeamMember
	Unanswered []string
}

// seat is who a server workspace's session is: its login, the team role
// it holds and the owner names it answers for.
type seat struct {
	login  string
	role   TeamRole
	owners []string
}

// Login returns the login a server workspace is open with; "" for a file.
func (db *DB) Login() string {
	if db.server == nil {
		return ""
	}
	return db.server.seat.login
}

// TeamRole returns the team role the login of a server workspace holds
// (RoleNone for a file, or a server workspace without a team).
func (db *DB) TeamRole() TeamRole {
	if db.server == nil {
		return RoleNone
	}
	return db.server.seat.role
}

// RoleForbidsIssues reports whether the login of a server workspace may
// not record the issue of a document (a risk owner, an auditor).
func (db *DB) RoleForbidsIssues() bool { return db.server != nil && !db.server.mayIssue }

// MayRecordIssues reports whether edits of this session may record the
// issue of a document: on a server, when the login may write document
// issues (an editor or an administrator).
func (db *DB) MayRecordIssues() bool {
	if db.write == nil {
		return false
	}
	return db.server == nil || db.server.mayIssue
}

// readSeat learns who the session is and what it may write.
func (db *DB) readSeat(ctx context.Context) error {
	s := &db.server.seat
	err := db.read.QueryRowContext(ctx, `SELECT session_user,
		has_table_privilege('riskbook.changelog', 'INSERT'),
		has_table_privilege('riskbook.documents', 'INSERT')`).Scan(&s.login, &db.server.mayWrite, &db.server.mayIssue)
	if err != nil {
		return db.serverErr(err)
	}
	if !db.hasTeamTables(ctx) {
		return nil
	}
	rows, err := db.read.QueryContext(ctx, `SELECT t.role FROM team_roles t JOIN pg_catalog.pg_roles r ON r.rolname = t.name
		WHERE pg_catalog.pg_has_role(current_user, r.oid, 'USAGE')`)
	if err != nil {
		return db.serverErr(err)
	}
	held := map[TeamRole]bool{}
	for rows.Next() {
		var r string
		if err := rows.Scan(&r); err != nil {
			rows.Close()
			return db.serverErr(err)
		}
		held[TeamRole(r)] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return db.serverErr(err)
	}
	for _, r := range TeamRoles {
		if held[r] {
			s.role = r
			break
		}
	}
	s.owners, err = ownerNames(ctx, db.read, s.login)
	return db.serverErr(err)
}

// hasTeamTables reports whether the schema has the team's tables (its
// migration 4), which a schema read before being brought up to date lacks.
func (db *DB) hasTeamTables(ctx context.Context) bool {
	var ok bool
	err := db.read.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_class c
		JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relname = 'team_roles')`, serverSchema).Scan(&ok)
	return err == nil && ok
}

// ownerNames returns the owner names login answers for, sorted.
func ownerNames(ctx context.Context, q queryer, login string) ([]string, error) {
	rows, err := q.QueryContext(ctx, "SELECT owner FROM risk_owners WHERE login = ? ORDER BY lower(owner), owner", login)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

// mayMigrate reports whether the login may bring the schema up to date:
// whether it has the rights of the schema's owner (or there is no schema
// yet).
func (db *DB) mayMigrate(ctx context.Context) (bool, error) {
	var may bool
	err := db.read.QueryRowContext(ctx, `SELECT coalesce((SELECT pg_catalog.pg_has_role(current_user, nspowner, 'USAGE')
		FROM pg_catalog.pg_namespace WHERE nspname = ?), true)`, serverSchema).Scan(&may)
	return may, db.serverErr(err)
}

// outsideTeam reports whether the database has a workspace's schema that
// the login may not even look into: a login without a role.
func (db *DB) outsideTeam(ctx context.Context) bool {
	var outside bool
	err := db.read.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = ?)
		AND NOT has_schema_privilege(?, 'USAGE')`, serverSchema, serverSchema).Scan(&outside)
	return err == nil && outside
}

// teamGroupName is the name of the server's group role of role for the
// database: riskbook_DATABASE_ROLE, since a server's roles serve every
// database on it; a name too long for the server ends in a digest of the
// database's name instead.
func teamGroupName(database string, role TeamRole) string {
	name := "riskbook_" + database + "_" + string(role)
	if len(name) <= 63 {
		return name
	}
	sum := sha256.Sum256([]byte(database))
	short := database
	for len("riskbook_"+short+"_"+hex.EncodeToString(sum[:4])+"_"+string(role)) > 63 {
		short = short[:len(short)-1]
	}
	return "riskbook_" + short + "_" + hex.EncodeToString(sum[:4]) + "_" + string(role)
}

// SetupTeam creates what a team needs on the server target: the
// workspace's schema (or brings it up to date), the four group roles, and
// their rights; the login running it becomes an administrator. It may be
// run again at any time: what exists is kept. The database may hold a
// workspace already, or none yet (riskbook push then puts one there).
func SetupTeam(ctx context.Context, target string) (*Team, error) {
	db, err := connectServer(ctx, target, true)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	if err := db.checkSetup(ctx); err != nil {
		return nil, err
	}
	if err := db.migrateServer(ctx); err != nil {
		return nil, err
	}
	err = db.teamUpdate(ctx, func(tx *Tx) error {
		var login string
		if err := tx.QueryRowContext(ctx, "SELECT session_user").Scan(&login); err != nil {
			return err
		}
		before, err := memberOf(ctx, tx, login)
		if err != nil {
			return err
		}
		groups, err := teamGroups(ctx, tx)
		if err != nil {
			return err
		}
		if len(groups) == 0 {
			var database string
			if err := tx.QueryRowContext(ctx, "SELECT current_database()").Scan(&database); err != nil {
				return err
			}
			groups = map[TeamRole]string{}
			for _, r := range TeamRoles {
				groups[r] = teamGroupName(database, r)
				if _, err := tx.ExecContext(ctx, "INSERT INTO team_roles (role, name) VALUES (?, ?)", string(r), groups[r]); err != nil {
					return err
				}
			}
		}
		for _, r := range TeamRoles {
			var exists bool
			if err := tx.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = ?)", groups[r]).Scan(&exists); err != nil {
				return err
			}
			if exists {
				continue
			}
			if _, err := tx.ExecContext(ctx, "CREATE ROLE "+ident(groups[r])+" NOLOGIN"); err != nil {
				return err
			}
		}
		admin := ident(groups[RoleAdmin])
		statements := []string{
			fmt.Sprintf("GRANT %s, %s, %s TO %s WITH ADMIN OPTION", ident(groups[RoleEditor]), ident(groups[RoleOwner]), ident(groups[RoleAuditor]), admin),
			fmt.Sprintf("GRANT %s TO session_user WITH ADMIN OPTION", admin),
			fmt.Sprintf("ALTER SCHEMA %s OWNER TO %s", serverSchema, admin),
		}
		rows, err := tx.QueryContext(ctx, `SELECT c.relname FROM pg_catalog.pg_class c
			WHERE c.relnamespace = 'riskbook'::regnamespace AND c.relkind IN ('r', 'p')
			AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
			ORDER BY c.relname`)
		if err != nil {
			return err
		}
		for rows.Next() {
			var t string
			if err := rows.Scan(&t); err != nil {
				rows.Close()
				return err
			}
			statements = append(statements, fmt.Sprintf("ALTER TABLE %s.%s OWNER TO %s", serverSchema, ident(t), admin))
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		rows, err = tx.QueryContext(ctx, `SELECT p.oid::regprocedure::text FROM pg_catalog.pg_proc p
			WHERE p.pronamespace = 'riskbook'::regnamespace
			AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
			ORDER BY 1`)
		if err != nil {
			return err
		}
		for rows.Next() {
			var f string
			if err := rows.Scan(&f); err != nil {
				rows.Close()
				return err
			}
			statements = append(statements, fmt.Sprintf("ALTER FUNCTION %s OWNER TO %s", f, admin))
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		statements = append(statements, "SELECT riskbook.grant_team()")
		for _, s := range statements {
			if _, err := tx.ExecContext(ctx, s); err != nil {
				return fmt.Errorf("%s: %w", s, err)
			}
		}
		after, err := memberOf(ctx, tx, login)
		if err != nil {
			return err
		}
		return tx.logTeam(ctx, login, before, after)
	})
	if err != nil {
		return nil, db.serverErr(err)
	}
	return db.team(ctx)
}

// checkSetup refuses, before anything is changed, a login that could not
// set up the team: one that may not create the roles still missing, or
// that has not the rights of the schema's owner.
func (db *DB) checkSetup(ctx context.Context) error {
	missing := !db.hasTeamTables(ctx) || db.outsideTeam(ctx)
	var err error
	if !missing {
		err = db.read.QueryRowContext(ctx, `SELECT count(*) < ? FROM team_roles t JOIN pg_catalog.pg_roles r ON r.rolname = t.name`,
			len(TeamRoles)).Scan(&missing)
	}
	var mayCreate bool
	if err == nil {
		err = db.read.QueryRowContext(ctx, "SELECT rolsuper OR rolcreaterole FROM pg_catalog.pg_roles WHERE rolname = current_user").Scan(&mayCreate)
	}
	if err != nil {
		return db.serverErr(err)
	}
	if missing && !mayCreate {
		return risk.Errorf(risk.EINVALID, "%s", i18n.T("team.setup.createrole", i18n.Args{"Server": db.path, "Login": db.server.seat.login}))
	}
	may, err := db.mayMigrate(ctx)
	if err != nil || may {
		return err
	}
	var owner string
	if err := db.read.QueryRowContext(ctx, `SELECT pg_catalog.pg_get_userbyid(nspowner) FROM pg_catalog.pg_namespace WHERE nspname = ?`, serverSchema).Scan(&owner); err != nil {
		return db.serverErr(err)
	}
	return risk.Errorf(risk.EINVALID, "%s", i18n.T("team.setup.owner", i18n.Args{"Server": db.path, "Login": db.server.seat.login, "Owner": owner}))
}

// teamUpdate runs fn in a transaction of the team's administration,
// writers taking turns as for any edit, so that what fn changes in the
// team and the change log's rows saying so are committed together.
func (db *DB) teamUpdate(ctx context.Context, fn func(*Tx) error) error {
	sqlTx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer sqlTx.Rollback()
	if _, err := sqlTx.ExecContext(ctx, "SELECT pg_advisory_xact_lock(?)", writerLock); err != nil {
		return err
	}
	if err := fn(&Tx{Tx: sqlTx, db: db, now: db.Now().UTC().Truncate(time.Second)}); err != nil {
		return err
	}
	return sqlTx.Commit()
}

// EntityTeam is the change log's entity of a change to a server
// workspace's team, keyed by the login: its role and the owner names it
// answers for before and after (teamEntry), empty when it held or holds
// no role. The actor is the login of the administrator who made the
// change. The team is the server's, not the workspace's content, so a
// drift check passes these rows over.
const EntityTeam = "team"

// teamEntry is a login's place in the team as the change log records it.
type teamEntry struct {
	Role   TeamRole `json:"role"`
	Owners []string `json:"owners,omitempty"`
}

// memberOf returns login's place in the team as q reads it, nil when it
// holds no role.
func memberOf(ctx context.Context, q queryer, login string) (*teamEntry, error) {
	roles, _, err := memberRoles(ctx, q, login)
	if err != nil || roles[login] == "" {
		return nil, err
	}
	e := &teamEntry{Role: roles[login]}
	e.Owners, err = ownerNames(ctx, q, login)
	return e, err
}

// logTeam records in the change log that login went from before to after
// in the team (nil: no role), unless the database holds no workspace yet:
// a team may be set up before its workspace is pushed, whose change log
// then starts with the push.
func (tx *Tx) logTeam(ctx context.Context, login string, before, after *teamEntry) error {
	if holds, err := holdsWorkspace(ctx, tx); err != nil || !holds {
		return err
	}
	if tx.actor == "" {
		// The change log names the login, which a team set up by its
		// first administrator has not read yet.
		if err := tx.QueryRowContext(ctx, "SELECT session_user").Scan(&tx.actor); err != nil {
			return err
		}
	}
	switch {
	case before == nil && after == nil:
		return nil
	case before == nil:
		return tx.logChange(ctx, EntityTeam, login, ActionCreate, nil, after)
	case after == nil:
		return tx.logChange(ctx, EntityTeam, login, ActionDelete, before, nil)
	}
	return tx.logChange(ctx, EntityTeam, login, ActionUpdate, before, after)
}

// teamGroups returns the server's group role of each team role, none
// before the team is set up.
func teamGroups(ctx context.Context, q queryer) (map[TeamRole]string, error) {
	rows, err := q.QueryContext(ctx, "SELECT role, name FROM team_roles")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[TeamRole]string{}
	for rows.Next() {
		var r, n string
		if err := rows.Scan(&r, &n); err != nil {
			return nil, err
		}
		out[TeamRole(r)] = n
	}
	return out, rows.Err()
}

// ident quotes a name for a statement, as PostgreSQL's quote_ident does.
func ident(name string) string { return pgx.Identifier{name}.Sanitize() }

// openTeam connects to the server target for managing its team, refusing
// one without a workspace's schema or without a team.
func openTeam(ctx context.Context, target string) (*DB, map[TeamRole]string, error) {
	db, err := connectServer(ctx, target, true)
	if err != nil {
		return nil, nil, err
	}
	fail := func(err error) (*DB, map[TeamRole]string, error) {
		db.Close()
		return nil, nil, err
	}
	if db.outsideTeam(ctx) {
		return fail(db.noRoleErr())
	}
	if !db.hasTeamTables(ctx) {
		return fail(risk.Errorf(risk.ENOTFOUND, "%s", i18n.T("team.none", i18n.Args{"Server": db.path})))
	}
	groups, err := teamGroups(ctx, db.read)
	if err != nil {
		return fail(db.serverErr(err))
	}
	if len(groups) < len(TeamRoles) {
		return fail(risk.Errorf(risk.ENOTFOUND, "%s", i18n.T("team.none", i18n.Args{"Server": db.path})))
	}
	if err := db.readSeat(ctx); err != nil {
		return fail(err)
	}
	return db, groups, nil
}

// noRoleErr says that the login holds no role in the workspace's team.
func (db *DB) noRoleErr() error {
	return risk.Errorf(risk.EINVALID, "%s", i18n.T("team.no_role", i18n.Args{"Server": db.path, "Login": db.server.seat.login}))
}

// ShowTeam returns the team of the server workspace target.
func ShowTeam(ctx context.Context, target string) (*Team, error) {
	db, _, err := openTeam(ctx, target)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	return db.team(ctx)
}

// team reads the team: its group roles, their members (logins, not the
// roles they hold through another) and the owner names no member answers
// for.
func (db *DB) team(ctx context.Context) (*Team, error) {
	groups, err := teamGroups(ctx, db.read)
	if err != nil {
		return nil, db.serverErr(err)
	}
	t := &Team{Server: db.path, Groups: groups}
	best, logins, err := memberRoles(ctx, db.read, "")
	if err != nil {
		return nil, db.serverErr(err)
	}
	answered := map[string]bool{}
	for _, l := range logins {
		m := TeamMember{Login: l, Role: best[l]}
		if m.Owners, err = ownerNames(ctx, db.read, l); err != nil {
			return nil, db.serverErr(err)
		}
		if m.Role == RoleOwner {
			for _, o := range m.Owners {
				answered[foldCase(o)] = true
			}
		}
		t.Members = append(t.Members, m)
	}
	sort.SliceStable(t.Members, func(i, j int) bool { return rank(t.Members[i].Role) < rank(t.Members[j].Role) })
	rows, err := db.read.QueryContext(ctx, "SELECT DISTINCT btrim(owner) FROM risks WHERE btrim(owner) <> '' ORDER BY 1")
	if err != nil {
		return nil, db.serverErr(err)
	}
	defer rows.Close()
	for rows.Next() {
		var o string
		if err := rows.Scan(&o); err != nil {
			return nil, db.serverErr(err)
		}
		if !answered[foldCase(o)] {
			t.Unanswered = append(t.Unanswered, o)
		}
	}
	return t, db.serverErr(rows.Err())
}

// memberRoles returns the role each login of the team holds (the one
// with the most rights, of those it holds directly), and the logins in
// order of name: every login, or only login when given.
func memberRoles(ctx context.Context, q queryer, login string) (map[string]TeamRole, []string, error) {
	rows, err := q.QueryContext(ctx, `SELECT m.rolname, t.role FROM team_roles t
		JOIN pg_catalog.pg_roles g ON g.rolname = t.name
		JOIN pg_catalog.pg_auth_members a ON a.roleid = g.oid
		JOIN pg_catalog.pg_roles m ON m.oid = a.member
		WHERE m.rolname NOT IN (SELECT name FROM team_roles) AND (? = '' OR m.rolname = ?)
		ORDER BY m.rolname`, login, login)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	best := map[string]TeamRole{}
	var logins []string
	for rows.Next() {
		var l, role string
		if err := rows.Scan(&l, &role); err != nil {
			return nil, nil, err
		}
		if _, seen := best[l]; !seen {
			logins = append(logins, l)
			best[l] = TeamRole(role)
		} else if rank(TeamRole(role)) < rank(best[l]) {
			best[l] = TeamRole(role)
		}
	}
	return best, logins, rows.Err()
}

// rank orders roles from the most rights (0) to none.
func rank(r TeamRole) int {
	for i, x := range TeamRoles {
		if x == r {
			return i
		}
	}
	return len(TeamRoles)
}

// GrantRole gives login the role in the team of the server workspace
// target, in place of any other it held there; a risk owner answers for
// the owner names given (at least one), and only a risk owner does. Only
// an administrator may.
func GrantRole(ctx context.Context, target, login string, role TeamRole, owners []string) (*TeamMember, error) {
	owners = cleanNames(owners)
	switch {
	case role == RoleOwner && len(owners) == 0:
		return nil, risk.Errorf(risk.EINVALID, "%s", i18n.T("team.grant.owner_names", i18n.Args{"Login": login}))
	case role != RoleOwner && len(owners) > 0:
		return nil, risk.Errorf(risk.EINVALID, "%s", i18n.T("team.grant.names_for_owner", i18n.Args{"Role": role.Described()}))
	}
	db, groups, err := openTeam(ctx, target)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	if err := db.checkLogin(ctx, login, groups); err != nil {
		return nil, err
	}
	err = db.teamUpdate(ctx, func(tx *Tx) error {
		before, err := memberOf(ctx, tx, login)
		if err != nil {
			return err
		}
		for _, r := range TeamRoles {
			if r == role {
				continue
			}
			if err := revokeGroup(ctx, tx.Tx, groups[r], login); err != nil {
				return err
			}
		}
		grant := fmt.Sprintf("GRANT %s TO %s", ident(groups[role]), ident(login))
		if role == RoleAdmin {
			grant += " WITH ADMIN OPTION"
		}
		if _, err := tx.ExecContext(ctx, grant); err != nil {
			return err
		}
		if err := setOwnerNames(ctx, tx.Tx, login, owners); err != nil {
			return err
		}
		after, err := memberOf(ctx, tx, login)
		if err != nil {
			return err
		}
		return tx.logTeam(ctx, login, before, after)
	})
	if err != nil {
		return nil, db.teamErr(err)
	}
	return &TeamMember{Login: login, Role: role, Owners: owners}, nil
}

// RevokeRoles takes from login every role it holds in the team of the
// server workspace target, and the owner names it answered for. The last
// administrator keeps the role: someone must be able to manage the team.
func RevokeRoles(ctx context.Context, target, login string) (TeamRole, error) {
	db, groups, err := openTeam(ctx, target)
	if err != nil {
		return RoleNone, err
	}
	defer db.Close()
	t, err := db.team(ctx)
	if err != nil {
		return RoleNone, err
	}
	held, admins := RoleNone, 0
	for _, m := range t.Members {
		if m.Role == RoleAdmin {
			admins++
		}
		if m.Login == login {
			held = m.Role
		}
	}
	switch {
	case held == RoleNone:
		return RoleNone, risk.Errorf(risk.ENOTFOUND, "%s", i18n.T("team.revoke.none", i18n.Args{"Login": login, "Server": db.path}))
	case held == RoleAdmin && admins == 1:
		return RoleNone, risk.Errorf(risk.ECONFLICT, "%s", i18n.T("team.revoke.last_admin", i18n.Args{"Login": login, "Server": db.path}))
	}
	err = db.teamUpdate(ctx, func(tx *Tx) error {
		before, err := memberOf(ctx, tx, login)
		if err != nil {
			return err
		}
		for _, r := range TeamRoles {
			if err := revokeGroup(ctx, tx.Tx, groups[r], login); err != nil {
				return err
			}
		}
		if err := setOwnerNames(ctx, tx.Tx, login, nil); err != nil {
			return err
		}
		return tx.logTeam(ctx, login, before, nil)
	})
	return held, db.teamErr(err)
}

// revokeGroup takes the group role from login when it is a direct member,
// and makes sure it is gone: on PostgreSQL 16 and later only the one who
// granted a role (or a superuser) takes it back, which the server says
// only as a warning.
func revokeGroup(ctx context.Context, tx *sql.Tx, group, login string) error {
	member := func() (bool, error) {
		var is bool
		err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_auth_members a
			JOIN pg_catalog.pg_roles g ON g.oid = a.roleid JOIN pg_catalog.pg_roles m ON m.oid = a.member
			WHERE g.rolname = ? AND m.rolname = ?)`, group, login).Scan(&is)
		return is, err
	}
	is, err := member()
	if err != nil || !is {
		return err
	}
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("REVOKE %s FROM %s", ident(group), ident(login))); err != nil {
		return err
	}
	if is, err = member(); err != nil || !is {
		return err
	}
	return risk.Errorf(risk.ECONFLICT, "%s", i18n.T("team.revoke.grantor", i18n.Args{"Login": login, "Group": group}))
}

// setOwnerNames makes owners the names login answers for.
func setOwnerNames(ctx context.Context, tx *sql.Tx, login string, owners []string) error {
	if _, err := tx.ExecContext(ctx, "DELETE FROM risk_owners WHERE login = ?", login); err != nil {
		return err
	}
	for _, o := range owners {
		if _, err := tx.ExecContext(ctx, "INSERT INTO risk_owners (login, owner) VALUES (?, ?)", login, o); err != nil {
			return err
		}
	}
	return nil
}

// cleanNames trims owner names and drops empty ones and repeats (without
// regard to case).
func cleanNames(names []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, n := range names {
		n = strings.TrimSpace(n)
		if n == "" || seen[foldCase(n)] {
			continue
		}
		seen[foldCase(n)] = true
		out = append(out, n)
	}
	return out
}

// checkLogin refuses a name that is not a login of the server, or one of
// the team's own group roles.
func (db *DB) checkLogin(ctx context.Context, login string, groups map[TeamRole]string) error {
	for _, g := range groups {
		if g == login {
			return risk.Errorf(risk.EINVALID, "%s", i18n.T("team.login.group", i18n.Args{"Login": login}))
		}
	}
	var canLogin sql.NullBool
	err := db.read.QueryRowContext(ctx, "SELECT (SELECT rolcanlogin FROM pg_catalog.pg_roles WHERE rolname = ?)", login).Scan(&canLogin)
	switch {
	case err != nil:
		return db.serverErr(err)
	case !canLogin.Valid:
		return risk.Errorf(risk.ENOTFOUND, "%s", i18n.T("team.login.missing", i18n.Args{"Login": login, "Server": db.path}))
	case !canLogin.Bool:
		return risk.Errorf(risk.EINVALID, "%s", i18n.T("team.login.nologin", i18n.Args{"Login": login}))
	}
	return nil
}

// teamErr says why a change to the team was refused: managing it takes
// an administrator.
func (db *DB) teamErr(err error) error {
	if err == nil {
		return nil
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) && pe.Code == "42501" {
		return risk.Errorf(risk.EINVALID, "%s", i18n.T("team.refused.team", i18n.Args{"Server": db.path,
			"Login": db.server.seat.login, "Role": db.server.seat.role.Described()}))
	}
	return db.serverErr(err)
}

// refusedTables maps each table to what a refusal to change it names
// (team.what.*); the tables of the risks say a risk owner's limits.
var refusedTables = map[string]string{
	"risks": "risks", "actions": "risks", "risk_controls": "risks", "risk_threats": "risks",
	"soa": "soa", "controls": "catalog", "catalogs": "catalog", "criteria": "criteria",
	"settings": "settings", "activities": "bia", "resources": "bia", "bia_settings": "bia",
	"activity_upstream": "bia", "activity_resources": "bia", "resource_sites": "bia",
	"playbooks": "playbooks", "playbook_activities": "playbooks", "playbook_resources": "playbooks",
	"playbook_risks": "playbooks", "activations": "activations", "exercises": "exercises",
	"contacts": "contacts", "documents": "documents", "assessments": "assessments",
	"changelog": "changelog", "team_roles": "team", "risk_owners": "team", "migrations": "schema",
}

var tableWord = regexp.MustCompile(`[a-z_]+`)

// refusal turns the database's refusal of a change (permission denied by
// a grant, a row-level security policy or a trigger: SQLSTATE 42501) into
// one sentence in the user's language: what was refused, who the login
// is, which role allows it. The server writes its own message in its own
// language, so the table is found as the last of the workspace's table
// names it mentions.
func (s *server) refusal(name string, err error) error {
	var pe *pgconn.PgError
	if !errors.As(err, &pe) || pe.Code != "42501" {
		return err
	}
	what := ""
	for _, w := range tableWord.FindAllString(pe.Message, -1) {
		if k, ok := refusedTables[w]; ok {
			what = k
		}
	}
	args := i18n.Args{"Server": name, "Login": s.seat.login, "Role": s.seat.role.Described()}
	switch {
	case what == "team":
		return risk.Errorf(risk.EINVALID, "%s", i18n.T("team.refused.team", args))
	case what == "risks" && s.seat.role == RoleOwner:
		args["Names"] = QuotedNames(s.seat.owners)
		return risk.Errorf(risk.EINVALID, "%s", i18n.T("team.refused.owner_risks", args))
	case what == "":
		return risk.Errorf(risk.EINVALID, "%s", i18n.T("team.refused.change", args))
	}
	args["What"] = i18n.T("team.what." + what)
	return risk.Errorf(risk.EINVALID, "%s", i18n.T("team.refused.records", args))
}

// refusedRisk is the refusal of a change to a risk the login does not
// answer for, which row-level security skips rather than refuses.
func (s *server) refusedRisk(name, ref, owner string) error {
	return risk.Errorf(risk.EINVALID, "%s", i18n.T("team.refused.risk", i18n.Args{"Server": name, "Login": s.seat.login,
		"Ref": ref, "Owner": owner, "Names": QuotedNames(s.seat.owners)}))
}

// quotedNames lists owner names in quotation marks, or says there are
// none.
func QuotedNames(names []string) string {
	if len(names) == 0 {
		return i18n.T("team.names.none")
	}
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = i18n.T("team.names.quoted", i18n.Args{"Name": n})
	}
	return strings.Join(q, ", ")
}

// foldCase lowers ASCII letters only, as the server's lower() does on the
// owner names' "C" collation (and SQLite's NOCASE on a file's references).
func foldCase(s string) string {
	return strings.Map(func(r rune) rune {
		if 'A' <= r && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	}, s)
}

// LoggedTeam is the team the change log's team rows of d last record:
// each login with the role its last row gives it, none when that row took
// its role away; the roles with the most rights first, then by login. A
// workspace copied off its server (pull, then push elsewhere) carries
// these rows but not the roles: they are the server's.
func (d *Dump) LoggedTeam() ([]TeamMember, error) {
	last := map[string]*teamEntry{}
	var logins []string
	for _, c := range d.ChangeLog {
		if c.Entity != EntityTeam {
			continue
		}
		if _, seen := last[c.Key]; !seen {
			logins = append(logins, c.Key)
		}
		last[c.Key] = nil
		if c.Action == ActionDelete || len(c.After) == 0 || string(c.After) == "null" {
			continue
		}
		var e teamEntry
		if err := json.Unmarshal(c.After, &e); err != nil {
			return nil, fmt.Errorf("change log row %d (team %s): %w", c.ID, c.Key, err)
		}
		last[c.Key] = &e
	}
	var out []TeamMember
	for _, l := range logins {
		if e := last[l]; e != nil && e.Role != RoleNone {
			out = append(out, TeamMember{Login: l, Role: e.Role, Owners: e.Owners})
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if ri, rj := rank(out[i].Role), rank(out[j].Role); ri != rj {
			return ri < rj
		}
		return out[i].Login < out[j].Login
	})
	return out, nil
}
