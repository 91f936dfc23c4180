package sqlite

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"

	"riskbook/i18n"
	"riskbook/risk"
	"riskbook/sqlite/pgtest"
)

// teamFixture is a server workspace with its team set up by the test
// server's superuser, two risks of different owners with an action each,
// and a login for each role.
type teamFixture struct {
	url          string
	admin        *DB // the superuser's, an administrator
	mine, theirs risk.Risk
	logins       map[TeamRole]string // role → login
	nobody       string              // a login with no role
}

// newTeam makes a teamFixture; its group roles and logins are dropped
// when the test ends.
func newTeam(t *testing.T) *teamFixture {
	t.Helper()
	ctx := context.Background()
	admin, url := newServerWorkspace(t)
	f := &teamFixture{url: url, admin: admin, logins: map[TeamRole]string{}}
	for _, o := range []struct {
		r     *risk.Risk
		owner string
	}{{&f.mine, "Technical lead"}, {&f.theirs, "Registry manager"}} {
		r := validRisk()
		r.Owner = o.owner
		r.Actions = []risk.Action{{Title: "Second site for the database", Owner: o.owner, Status: risk.Planned}}
		if err := admin.CreateRisk(ctx, &r); err != nil {
			t.Fatal(err)
		}
		*o.r = r
	}
	team, err := SetupTeam(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range team.Groups {
		pgtest.DropAtEnd(t, url, g)
	}
	for _, r := range TeamRoles {
		f.logins[r] = pgtest.Login(t, url, string(r))
		var owners []string
		if r == RoleOwner {
			owners = []string{" technical LEAD "}
		}
		if _, err := GrantRole(ctx, url, f.logins[r], r, owners); err != nil {
			t.Fatalf("grant %s: %v", r, err)
		}
	}
	f.nobody = pgtest.Login(t, url, "nobody")
	return f
}

// execAs runs one statement on url (a login's URL) and returns the rows it
// changed.
func execAs(url, statement string) (int64, error) {
	db, err := sql.Open("pgx", url)
	if err != nil {
		return 0, err
	}
	defer db.Close()
	res, err := db.Exec(statement)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// as opens the workspace as login for writing.
func (f *teamFixture) as(t *testing.T, login string) *DB {
	t.Helper()
	db, err := Open(context.Background(), pgtest.UserURL(f.url, login))
	if err != nil {
		t.Fatalf("open as %s: %v", login, err)
	}
	closeOnCleanup(t, db)
	return db
}

// refusedByDatabase fails t unless err is the database's refusal
// (insufficient privilege).
func refusedByDatabase(t *testing.T, what string, err error) {
	t.Helper()
	var pe *pgconn.PgError
	if !errors.As(err, &pe) || pe.Code != "42501" {
		t.Errorf("%s: got %v, want the database's refusal (42501)", what, err)
	}
}

// refusedSaying fails t unless err is a refusal saying every fragment.
func refusedSaying(t *testing.T, what string, err error, fragments ...string) {
	t.Helper()
	if err == nil {
		t.Errorf("%s: done, want it refused", what)
		return
	}
	for _, f := range fragments {
		if !strings.Contains(risk.ErrorMessage(err), f) {
			t.Errorf("%s: %q does not say %q", what, risk.ErrorMessage(err), f)
		}
	}
}

// lastLogged returns who the change log's last row names.
func lastLogged(t *testing.T, db *DB) string {
	t.Helper()
	cs, err := db.Changes(context.Background(), ChangeFilter{Limit: 1})
	if err != nil || len(cs) != 1 {
		t.Fatalf("last change: %v, %d rows", err, len(cs))
	}
	return cs[0].Actor
}

// TestTeamSetup: setting up a team makes the four group roles, hands the
// schema to the administrators' role, makes the login running it an
// administrator, lists the owner names nobody answers for, and can run
// again.
func TestTeamSetup(t *testing.T) {
	serverTest(t)
	ctx := context.Background()
	f := newTeam(t)
	team, err := SetupTeam(ctx, f.url)
	if err != nil {
		t.Fatalf("set up again: %v", err)
	}
	for _, r := range TeamRoles {
		if want := "riskbook_" + f.admin.server.config.Database + "_" + string(r); team.Groups[r] != want {
			t.Errorf("group role of %s: got %q, want %q", r, team.Groups[r], want)
		}
	}
	var owner string
	if err := f.admin.read.QueryRowContext(ctx, "SELECT tableowner FROM pg_tables WHERE schemaname = 'riskbook' AND tablename = 'risks'").Scan(&owner); err != nil {
		t.Fatal(err)
	}
	if owner != team.Groups[RoleAdmin] {
		t.Errorf("risks owned by %s, want %s", owner, team.Groups[RoleAdmin])
	}
	got := map[string]TeamRole{}
	for _, m := range team.Members {
		got[m.Login] = m.Role
	}
	want := map[string]TeamRole{"postgres": RoleAdmin}
	for r, l := range f.logins {
		want[l] = r
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("members: got %v, want %v", got, want)
	}
	if fmt.Sprint(team.Unanswered) != "[Registry manager]" {
		t.Errorf("owner names nobody answers for: got %q, want [Registry manager]", team.Unanswered)
	}
	for _, m := range team.Members {
		if m.Role == RoleOwner && fmt.Sprint(m.Owners) != "[technical LEAD]" {
			t.Errorf("the risk owner answers for %q, want the name as given, trimmed", m.Owners)
		}
	}

	t.Run("WithoutCreateRole", func(t *testing.T) {
		_, url := newServerWorkspace(t)
		login := pgtest.Login(t, url, "plain")
		_, err := SetupTeam(ctx, pgtest.UserURL(url, login))
		refusedSaying(t, "setup by a plain login", err, "CREATEROLE", login)
	})
	t.Run("NotAnAdministrator", func(t *testing.T) {
		_, err := SetupTeam(ctx, pgtest.UserURL(f.url, f.logins[RoleEditor]))
		refusedSaying(t, "setup by an editor", err, f.logins[RoleEditor])
	})
}

// TestTeamAdministrator: an administrator changes records and manages the
// team; the last one cannot be removed.
func TestTeamAdministrator(t *testing.T) {
	serverTest(t)
	ctx := context.Background()
	f := newTeam(t)
	admin := f.logins[RoleAdmin]
	url := pgtest.UserURL(f.url, admin)
	db := f.as(t, admin)
	if db.TeamRole() != RoleAdmin || db.Login() != admin {
		t.Errorf("open as %s: role %q, login %q", admin, db.TeamRole(), db.Login())
	}
	r := f.theirs
	r.Title = "Edited by an administrator"
	if err := db.UpdateRisk(ctx, &r); err != nil {
		t.Fatal(err)
	}
	if a := lastLogged(t, db); a != admin {
		t.Errorf("change log names %q, want the login %q", a, admin)
	}
	if _, err := GrantRole(ctx, url, f.nobody, RoleAuditor, nil); err != nil {
		t.Fatalf("an administrator grants: %v", err)
	}
	if _, err := GrantRole(ctx, url, f.nobody, RoleOwner, []string{"Registry manager", "Security officer"}); err != nil {
		t.Fatalf("an administrator changes a role: %v", err)
	}
	team, err := ShowTeam(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range team.Members {
		if m.Login == f.nobody && (m.Role != RoleOwner || fmt.Sprint(m.Owners) != "[Registry manager Security officer]") {
			t.Errorf("after the second grant: %s is %s for %q, want only a risk owner for both names", m.Login, m.Role, m.Owners)
		}
	}
	if len(team.Unanswered) != 0 {
		t.Errorf("owner names nobody answers for: %q, want none", team.Unanswered)
	}
	if held, err := RevokeRoles(ctx, url, f.nobody); err != nil || held != RoleOwner {
		t.Fatalf("revoke: %s, %v", held, err)
	}
	_, err = RevokeRoles(ctx, url, f.nobody)
	refusedSaying(t, "revoke from a login without a role", err, "holds no role")

	// The superuser and the fixture's administrator: removing one leaves
	// the last, who stays.
	if _, err := RevokeRoles(ctx, f.url, "postgres"); err != nil {
		t.Fatal(err)
	}
	_, err = RevokeRoles(ctx, url, admin)
	refusedSaying(t, "revoke the last administrator", err, "last administrator")

	for _, tt := range []struct {
		name, login string
		role        TeamRole
		owners      []string
		says        string
	}{
		{"UnknownLogin", "nosuchlogin", RoleEditor, nil, "no login nosuchlogin"},
		{"GroupRole", team.Groups[RoleEditor], RoleEditor, nil, "group roles"},
		{"OwnerWithoutNames", f.nobody, RoleOwner, []string{" "}, "--owner"},
		{"NamesForAnEditor", f.nobody, RoleEditor, []string{"Technical lead"}, "--owner"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := GrantRole(ctx, url, tt.login, tt.role, tt.owners)
			refusedSaying(t, "grant", err, tt.says)
		})
	}
}

// TestTeamEditor: an editor changes every record, in their own name, but
// not the team, whether through Riskbook or in plain SQL.
func TestTeamEditor(t *testing.T) {
	serverTest(t)
	ctx := context.Background()
	f := newTeam(t)
	editor := f.logins[RoleEditor]
	db := f.as(t, editor)
	if !db.Writable() || db.TeamRole() != RoleEditor {
		t.Fatalf("open as an editor: writable %v, role %q", db.Writable(), db.TeamRole())
	}
	for _, r := range []risk.Risk{f.mine, f.theirs} {
		r.Title = "Edited by an editor"
		if err := db.UpdateRisk(ctx, &r); err != nil {
			t.Errorf("an editor edits %s: %v", r.Ref, err)
		}
	}
	n := validRisk()
	if err := db.CreateRisk(ctx, &n); err != nil {
		t.Errorf("an editor adds a risk: %v", err)
	}
	soa, err := db.SoA(ctx)
	if err != nil || len(soa) == 0 {
		t.Fatalf("SoA: %v, %d entries", err, len(soa))
	}
	e := soa[0]
	e.Justification = "Decided by the editor"
	if err := db.UpdateSoA(ctx, &e); err != nil {
		t.Errorf("an editor decides the SoA: %v", err)
	}
	if a := lastLogged(t, db); a != editor {
		t.Errorf("change log names %q, want the login %q", a, editor)
	}

	_, err = GrantRole(ctx, pgtest.UserURL(f.url, editor), f.nobody, RoleEditor, nil)
	refusedSaying(t, "an editor grants a role", err, editor, "an editor", "managing the team takes an administrator")
	_, err = RevokeRoles(ctx, pgtest.UserURL(f.url, f.logins[RoleEditor]), f.logins[RoleAuditor])
	refusedSaying(t, "an editor revokes a role", err, "managing the team takes an administrator")

	as := pgtest.UserURL(f.url, editor)
	team, err := ShowTeam(ctx, f.url)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{
		fmt.Sprintf("GRANT %s TO %s", team.Groups[RoleAdmin], editor),
		fmt.Sprintf("GRANT %s TO %s", team.Groups[RoleEditor], f.nobody),
		"INSERT INTO riskbook.risk_owners VALUES ('" + editor + "', 'Registry manager')",
		"UPDATE riskbook.team_roles SET name = 'x'",
		"UPDATE riskbook.changelog SET actor = 'someone else'",
		"DELETE FROM riskbook.changelog",
		"DELETE FROM riskbook.documents",
		"DROP TABLE riskbook.risks",
		"INSERT INTO riskbook.changelog (id, at, actor, entity, key, action, before, after, prev_hash, hash) VALUES (100000, '', 'Ana', 'risk', 'R-009', 'create', '', '', '', '')",
	} {
		_, err := execAs(as, s)
		if err == nil {
			t.Errorf("as an editor, %s: done, want it refused", s)
		} else if !strings.Contains(s, "GRANT") {
			refusedByDatabase(t, s, err)
		}
	}
}

// TestTeamRiskOwner: a risk owner changes the risks whose owner they
// answer for, with their actions, and nothing else: not another owner's
// risk or action, not the SoA, not a new or deleted risk, not handing a
// risk over — refused by the database whether through Riskbook or SQL.
func TestTeamRiskOwner(t *testing.T) {
	serverTest(t)
	ctx := context.Background()
	f := newTeam(t)
	owner := f.logins[RoleOwner]
	db := f.as(t, owner)
	if !db.Writable() || db.TeamRole() != RoleOwner {
		t.Fatalf("open as a risk owner: writable %v, role %q", db.Writable(), db.TeamRole())
	}
	mine := f.mine
	mine.Title = "Scored by its owner"
	mine.Residual = risk.Score{Likelihood: 1, Consequence: 3}
	mine.Actions[0].Progress = 50
	mine.Actions[0].Status = risk.InProgress
	mine.Actions = append(mine.Actions, risk.Action{Title: "Test the restore", Owner: "Technical lead", Status: risk.Planned})
	if err := db.UpdateRisk(ctx, &mine); err != nil {
		t.Fatalf("a risk owner edits their risk: %v", err)
	}
	if a := lastLogged(t, db); a != owner {
		t.Errorf("change log names %q, want the login %q", a, owner)
	}

	before := stateOf(t, f.url)
	theirs := f.theirs
	theirs.Title = "Taken over"
	err := db.UpdateRisk(ctx, &theirs)
	refusedSaying(t, "edit another owner's risk", err, theirs.Ref, "Registry manager", owner, "technical LEAD")
	theirs = f.theirs
	theirs.Actions[0].Progress = 90
	err = db.UpdateRisk(ctx, &theirs)
	refusedSaying(t, "edit another owner's action", err, theirs.Ref)
	handed := mine
	handed.Owner = "Registry manager"
	err = db.UpdateRisk(ctx, &handed)
	refusedSaying(t, "hand a risk over", err, "risk owner", "hands over")
	n := validRisk()
	n.Owner = "Technical lead"
	err = db.CreateRisk(ctx, &n)
	refusedSaying(t, "add a risk", err, "never adds")
	err = db.DeleteRisk(ctx, mine.ID)
	refusedSaying(t, "delete a risk", err, "deletes")
	soa, err := db.SoA(ctx)
	if err != nil {
		t.Fatal(err)
	}
	e := soa[0]
	e.Justification = "Decided by a risk owner"
	err = db.UpdateSoA(ctx, &e)
	refusedSaying(t, "decide the SoA", err, "the Statement of Applicability", "a risk owner", "an editor or an administrator")
	assertUnchanged(t, f.url, before)

	as := pgtest.UserURL(f.url, owner)
	for _, s := range []string{
		fmt.Sprintf("UPDATE riskbook.risks SET title = 'x' WHERE id = %d", f.theirs.ID),
		fmt.Sprintf("UPDATE riskbook.actions SET progress = 99 WHERE risk_id = %d", f.theirs.ID),
		fmt.Sprintf("DELETE FROM riskbook.actions WHERE risk_id = %d", f.theirs.ID),
		fmt.Sprintf("DELETE FROM riskbook.risk_controls WHERE risk_id = %d", f.theirs.ID),
	} {
		// Row-level security hides the rows from a change: none changes.
		if n, err := execAs(as, s); err != nil || n != 0 {
			t.Errorf("as a risk owner, %s: %d rows, %v; want none changed", s, n, err)
		}
	}
	for _, s := range []string{
		fmt.Sprintf("INSERT INTO riskbook.actions (risk_id, position, title) VALUES (%d, 9, 'x')", f.theirs.ID),
		fmt.Sprintf("UPDATE riskbook.actions SET risk_id = %d WHERE risk_id = %d", f.theirs.ID, f.mine.ID),
		fmt.Sprintf("UPDATE riskbook.risks SET owner = 'Registry manager' WHERE id = %d", f.mine.ID),
		"DELETE FROM riskbook.risks",
		"UPDATE riskbook.soa SET justification = 'x'",
		"UPDATE riskbook.settings SET value = 'x'",
		"INSERT INTO riskbook.risk_owners VALUES ('" + owner + "', 'Registry manager')",
	} {
		_, err := execAs(as, s)
		refusedByDatabase(t, "as a risk owner, "+s, err)
	}
	assertUnchanged(t, f.url, before)

	t.Run("InFrench", func(t *testing.T) {
		defer i18n.SetDefault(i18n.Default().Lang())
		i18n.SetDefault(i18n.French)
		theirs := f.theirs
		theirs.Title = "Repris"
		err := db.UpdateRisk(ctx, &theirs)
		refusedSaying(t, "edit another owner's risk", err, "a refusé la modification de "+theirs.Ref, "«\u00a0Registry manager\u00a0»")
	})
}

// TestTeamAuditor: an auditor reads, dumps and verifies the workspace but
// can change nothing: Riskbook opens it read-only saying why, and the
// database refuses every write to every table.
func TestTeamAuditor(t *testing.T) {
	serverTest(t)
	ctx := context.Background()
	f := newTeam(t)
	auditor := f.logins[RoleAuditor]
	db := f.as(t, auditor)
	if db.Writable() || !strings.Contains(db.ReadOnly(), "an auditor") || !strings.Contains(db.ReadOnly(), auditor) {
		t.Errorf("open as an auditor: writable %v, read-only because %q", db.Writable(), db.ReadOnly())
	}
	if db.MayRecordIssues() {
		t.Error("an auditor may record document issues")
	}
	if a, b := dumpJSON(t, db), dumpJSON(t, f.admin); !bytes.Equal(a, b) {
		t.Error("an auditor's dump differs from the administrator's")
	}
	if v, err := db.Verify(ctx); err != nil || !v.OK() {
		t.Errorf("an auditor verifies: %+v, %v", v, err)
	}
	r := f.mine
	r.Title = "Audited"
	if err := db.UpdateRisk(ctx, &r); err == nil {
		t.Error("an auditor edited a risk")
	}

	// Past Riskbook, in plain SQL: every table refuses every write.
	rows, err := f.admin.read.QueryContext(ctx, `SELECT table_name, (SELECT column_name FROM information_schema.columns c
		WHERE c.table_schema = t.table_schema AND c.table_name = t.table_name ORDER BY ordinal_position LIMIT 1)
		FROM information_schema.tables t WHERE table_schema = 'riskbook' AND table_type = 'BASE TABLE' ORDER BY 1`)
	if err != nil {
		t.Fatal(err)
	}
	var statements []string
	for rows.Next() {
		var table, column string
		if err := rows.Scan(&table, &column); err != nil {
			t.Fatal(err)
		}
		statements = append(statements,
			fmt.Sprintf("INSERT INTO riskbook.%s DEFAULT VALUES", table),
			fmt.Sprintf("UPDATE riskbook.%s SET %s = %s", table, column, column),
			fmt.Sprintf("DELETE FROM riskbook.%s", table))
	}
	rows.Close()
	if len(statements) < 3*25 {
		t.Fatalf("only %d statements: the tables were not found", len(statements))
	}
	before := stateOf(t, f.url)
	as := pgtest.UserURL(f.url, auditor)
	for _, s := range statements {
		_, err := execAs(as, s)
		refusedByDatabase(t, "as an auditor, "+s, err)
	}
	assertUnchanged(t, f.url, before)
}

// TestTeamOutsider: a login without a role is told so, not that the
// database holds no workspace.
func TestTeamOutsider(t *testing.T) {
	serverTest(t)
	f := newTeam(t)
	for _, write := range []bool{true, false} {
		open := Open
		if !write {
			open = OpenReadOnly
		}
		_, err := open(context.Background(), pgtest.UserURL(f.url, f.nobody))
		refusedSaying(t, "open without a role", err, f.nobody, "holds no role", "riskbook server grant")
	}
}

// TestTeamActorIsTheLogin: on a server, the change log names the login,
// whatever the workspace's user name says; a row naming someone else is
// refused by the database.
func TestTeamActorIsTheLogin(t *testing.T) {
	serverTest(t)
	ctx := context.Background()
	f := newTeam(t)
	editor := f.logins[RoleEditor]
	db := f.as(t, editor)
	if err := db.SetSetting(ctx, SettingUserName, "Ana Lima"); err != nil {
		t.Fatal(err)
	}
	if a := lastLogged(t, db); a != editor {
		t.Errorf("change log names %q, want the login %q", a, editor)
	}
	if a, err := db.Actor(ctx); err != nil || a != editor {
		t.Errorf("Actor: %q, %v; want %q", a, err, editor)
	}
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	_, err = tx.ExecContext(ctx, `INSERT INTO changelog (id, at, actor, entity, key, action, before, after, prev_hash, hash)
		VALUES (100000, '2026-01-01T00:00:00Z', 'Ana Lima', 'risk', 'R-009', 'create', '', '', '', '')`)
	refusedByDatabase(t, "a change-log row in another name", err)
}

// TestTeamOlderSchema: only an administrator brings a server workspace's
// schema up to date; anyone else is told to ask one, and nothing changes.
func TestTeamOlderSchema(t *testing.T) {
	serverTest(t)
	f := newTeam(t)
	pgtest.Exec(t, f.url, fmt.Sprintf("DELETE FROM riskbook.migrations WHERE version = %d", ServerSchemaVersion()))
	for _, r := range []TeamRole{RoleEditor, RoleOwner} {
		_, err := Open(context.Background(), pgtest.UserURL(f.url, f.logins[r]))
		refusedSaying(t, "open an older schema as "+string(r), err, "only an administrator", "riskbook server setup")
	}
	var n int
	if err := f.admin.read.QueryRow("SELECT count(*) FROM migrations").Scan(&n); err != nil || n != ServerSchemaVersion()-1 {
		t.Errorf("after the refusals: %d migrations, %v; want %d", n, err, ServerSchemaVersion()-1)
	}
}

// TestTeamChangeLog: every change to the team is a row of the change log,
// chained with the rest, naming the administrator's login: who gave which
// role (and owner names) to whom, and who took it back. The log verifies
// on the server and in a file copy (the team is not the workspace's
// content, so no drift); a team row edited afterwards fails verify.
func TestTeamChangeLog(t *testing.T) {
	serverTest(t)
	ctx := context.Background()
	f := newTeam(t)
	admin := f.logins[RoleAdmin]
	url := pgtest.UserURL(f.url, admin)
	if _, err := GrantRole(ctx, url, f.nobody, RoleAuditor, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := GrantRole(ctx, url, f.nobody, RoleOwner, []string{"Security officer", "Registry manager"}); err != nil {
		t.Fatal(err)
	}
	// The same role again changes nothing, and logs nothing.
	if _, err := GrantRole(ctx, url, f.nobody, RoleOwner, []string{"Registry manager", "Security officer"}); err != nil {
		t.Fatal(err)
	}
	if _, err := RevokeRoles(ctx, url, f.nobody); err != nil {
		t.Fatal(err)
	}
	db := f.as(t, f.logins[RoleAuditor])
	rows, err := db.Changes(ctx, ChangeFilter{Entity: EntityTeam})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range rows {
		got = append(got, fmt.Sprintf("%s %s %s %s → %s", c.Actor, c.Action, c.Key, c.Before, c.After))
	}
	var want []string
	want = append(want, `postgres create postgres  → {"role":"admin"}`)
	for _, r := range TeamRoles {
		owners := ""
		if r == RoleOwner {
			owners = `"owners":["technical LEAD"],`
		}
		want = append(want, fmt.Sprintf(`postgres create %s  → {%s"role":"%s"}`, f.logins[r], owners, r))
	}
	want = append(want,
		fmt.Sprintf(`%s create %s  → {"role":"auditor"}`, admin, f.nobody),
		fmt.Sprintf(`%s update %s {"role":"auditor"} → {"owners":["Registry manager","Security officer"],"role":"owner"}`, admin, f.nobody),
		fmt.Sprintf(`%s delete %s {"owners":["Registry manager","Security officer"],"role":"owner"} → `, admin, f.nobody))
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("team rows of the change log:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	h, err := db.History(ctx, EntityTeam, f.nobody)
	if err != nil || len(h) != 3 {
		t.Errorf("history of %s: %d entries, %v; want 3", f.nobody, len(h), err)
	}

	verified := func(what string, db *DB) *Verification {
		t.Helper()
		v, err := db.Verify(ctx)
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		return v
	}
	if v := verified("verify on the server", db); !v.OK() {
		t.Errorf("verify on the server: broken %v (%s), drift %v", v.Broken, v.Reason, v.Drift)
	}
	copyPath := filepath.Join(t.TempDir(), "copy.riskbook")
	if err := db.Backup(ctx, copyPath); err != nil {
		t.Fatal(err)
	}
	if v := verified("verify the file copy", openRO(t, copyPath)); !v.OK() {
		t.Errorf("verify the file copy: broken %v (%s), drift %v", v.Broken, v.Reason, v.Drift)
	}

	// Someone with the superuser's rights makes the log say that the
	// auditor was made an administrator.
	rawExec(t, rawDB(t, f.url), "UPDATE changelog SET after = replace(after, 'auditor', 'admin') WHERE entity = 'team' AND key = ? AND action = 'create'", f.nobody)
	v := verified("verify after tampering", db)
	if v.Broken == nil || v.Broken.Entity != EntityTeam || v.Broken.Key != f.nobody {
		t.Errorf("a team row edited: verify found %v (%s), want the row of %s broken", v.Broken, v.Reason, f.nobody)
	}
}
