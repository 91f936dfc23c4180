package cli

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"riskbook/sqlite/pgtest"
)

// TestServerTeam: riskbook server sets up a team on a server workspace,
// gives people their roles, lists them and takes a role back; an auditor
// then reads and exports without recording an issue, and a login whose
// role was taken back is told so.
func TestServerTeam(t *testing.T) {
	url := pgtest.EmptyURL(t)
	dir := t.TempDir()
	ws := newWorkspace(t, dir, "w.riskbook", "cctld")
	wantSuccess(t, riskbook(t, "", "push", ws, url), ExitOK)

	r := riskbook(t, "", "server", "setup", url)
	wantSuccess(t, r, ExitOK)
	db := url[strings.LastIndex(url, "/")+1 : strings.Index(url, "?")]
	for _, role := range []string{"admin", "editor", "owner", "auditor"} {
		pgtest.DropAtEnd(t, url, "riskbook_"+db+"_"+role)
	}
	for _, w := range []string{"is set up", "riskbook_" + db + "_editor", "postgres  administrator", "riskbook server grant " + url + " LOGIN",
		"Owner names of risks that no risk owner answers for: “Communications lead”"} {
		if !strings.Contains(r.stdout, w) {
			t.Errorf("setup: %q does not say %q", r.stdout, w)
		}
	}

	owner, auditor := pgtest.Login(t, url, "owner"), pgtest.Login(t, url, "auditor")
	r = riskbook(t, "", "server", "grant", url, owner, "owner", "--owner", "Technical lead", "--owner", "Security officer")
	wantSuccess(t, r, ExitOK)
	if want := owner + " is now a risk owner of the workspace on " + url + ", answering for “Technical lead”, “Security officer”."; strings.TrimSpace(r.stdout) != want {
		t.Errorf("grant owner: got %q, want %q", r.stdout, want)
	}
	wantSuccess(t, riskbook(t, "", "server", "grant", url, auditor, "auditor"), ExitOK)
	r = riskbook(t, "", "server", "team", url)
	wantSuccess(t, r, ExitOK)
	for _, w := range []string{owner + "    risk owner     “Security officer”, “Technical lead”", auditor + "  auditor"} {
		if !strings.Contains(r.stdout, w) {
			t.Errorf("team: %q does not say %q", r.stdout, w)
		}
	}
	if strings.Contains(r.stdout, "“Technical lead”.") {
		t.Errorf("team: a name a risk owner answers for is listed as unanswered: %q", r.stdout)
	}

	// The auditor reads and exports; the issue is not recorded, and the
	// document says why.
	as := pgtest.UserURL(url, auditor)
	r = riskbook(t, "", "export", as, "--xlsx", filepath.Join(dir, "audit.xlsx"))
	wantSuccess(t, r, ExitOK)
	if !strings.Contains(r.stdout, "login "+auditor+" is an auditor, and recording the issue of a document takes an editor or an administrator") {
		t.Errorf("export as an auditor: %q", r.stdout)
	}
	// Its change log holds who gave which role to whom.
	f, err := excelize.OpenFile(filepath.Join(dir, "audit.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := f.GetRows("Change log")
	f.Close()
	var team []string
	for _, row := range rows {
		if len(row) == 6 && row[3] == "team" {
			team = append(team, strings.Join(row[2:], " | "))
		}
	}
	want := []string{"postgres | team | postgres (administrator) | create", "postgres | team | " + owner + " (risk owner) | create",
		"postgres | team | " + auditor + " (auditor) | create"}
	if strings.Join(team, "\n") != strings.Join(want, "\n") {
		t.Errorf("team rows of the export's change log:\n%s\nwant\n%s", strings.Join(team, "\n"), strings.Join(want, "\n"))
	}
	wantSuccess(t, riskbook(t, "", "check", as), ExitOK)
	wantRefusal(t, riskbook(t, "", "server", "grant", as, owner, "editor"), "managing the team takes an administrator")

	wantRefusal(t, riskbook(t, "", "server", "revoke", url, owner+"x"), "holds no role")
	r = riskbook(t, "", "server", "revoke", url, auditor)
	wantSuccess(t, r, ExitOK)
	if want := auditor + " is no longer an auditor of the workspace on " + url + "; the login itself stays on the server."; strings.TrimSpace(r.stdout) != want {
		t.Errorf("revoke: got %q, want %q", r.stdout, want)
	}
	wantRefusal(t, riskbook(t, "", "check", as), "holds no role", "riskbook server grant")
}

// TestServerTeamRefusals: what riskbook server refuses, in one sentence.
func TestServerTeamRefusals(t *testing.T) {
	dir := t.TempDir()
	ws := newWorkspace(t, dir, "w.riskbook", "blank")
	for _, tt := range []struct {
		args  []string
		wants []string
	}{
		{[]string{"server"}, []string{"Say what to do"}},
		{[]string{"server", "drop", "postgres://a@b/c"}, []string{`"drop"`, "setup, team, grant or revoke"}},
		{[]string{"server", "grant", "postgres://a@b/c", "bo"}, []string{"postgres://… LOGIN ROLE"}},
		{[]string{"server", "grant", "postgres://a@b/c", "bo", "boss"}, []string{"boss is not a role", "admin, editor, owner or auditor"}},
		{[]string{"server", "team", "postgres://a@b/c", "--owner", "X"}, []string{"--owner goes only with riskbook server grant"}},
		{[]string{"server", "setup", ws}, []string{"is a workspace file", "riskbook push"}},
	} {
		wantRefusal(t, riskbook(t, "", tt.args...), tt.wants...)
	}
}

// TestPushPulledCopyTeam: roles do not move with a workspace. A copy
// pulled off a server holds the team's history, not its roles; pushed to
// another database it makes no role, grants nothing, and says in one
// sentence whom to give which role again, from what its change log last
// records, leaving out who already holds that role there.
func TestPushPulledCopyTeam(t *testing.T) {
	dir := t.TempDir()
	ws := newWorkspace(t, dir, "w.riskbook", "cctld")
	url := pgtest.EmptyURL(t)
	r := riskbook(t, "", "push", ws, url)
	wantSuccess(t, r, ExitOK)
	if strings.Contains(r.stdout, "Roles") {
		t.Errorf("push of a file never on a server speaks of roles: %q", r.stdout)
	}
	dbName := func(url string) string { return url[strings.LastIndex(url, "/")+1 : strings.Index(url, "?")] }
	setup := func(url string) {
		t.Helper()
		wantSuccess(t, riskbook(t, "", "server", "setup", url), ExitOK)
		for _, role := range []string{"admin", "editor", "owner", "auditor"} {
			pgtest.DropAtEnd(t, url, "riskbook_"+dbName(url)+"_"+role)
		}
	}
	setup(url)
	editor, owner, auditor := pgtest.Login(t, url, "editor"), pgtest.Login(t, url, "owner"), pgtest.Login(t, url, "auditor")
	for _, args := range [][]string{{"grant", url, editor, "editor"}, {"grant", url, owner, "owner", "--owner", "Technical lead"},
		{"grant", url, auditor, "auditor"}, {"revoke", url, auditor}, {"grant", url, editor, "auditor"}} {
		wantSuccess(t, riskbook(t, "", append([]string{"server"}, args...)...), ExitOK)
	}

	// The pulled file holds the history, no roles.
	copyPath := filepath.Join(dir, "pulled.riskbook")
	r = riskbook(t, "", "pull", url, copyPath)
	wantSuccess(t, r, ExitOK)
	if strings.Contains(r.stdout, "Roles") || strings.Contains(r.stdout, "grant") {
		t.Errorf("pull speaks of roles: %q", r.stdout)
	}
	if r = riskbook(t, "", "server", "team", copyPath); r.code != ExitUsage || !strings.Contains(r.stderr, "is a workspace file, which has one writer at a time and no roles") {
		t.Errorf("team of the pulled file: exit %d, %q", r.code, r.stderr)
	}

	// Pushed to a new database: nothing of the team is made, the sentence
	// names every role to give again, the setup first.
	url2 := pgtest.EmptyURL(t)
	r = riskbook(t, "", "push", copyPath, url2)
	wantSuccess(t, r, ExitOK)
	grants := `postgres admin, ` + owner + ` owner --owner "Technical lead", ` + editor + ` auditor`
	want := "Roles stay on the server they were given on, so this copy brought none; to give again the roles its change log last records, run riskbook server setup " +
		url2 + ", then riskbook server grant " + url2 + " with: " + grants + ".\n"
	if !strings.HasSuffix(r.stdout, want) || strings.Count(r.stdout, "Roles") != 1 {
		t.Errorf("push of the pulled copy says %q, want it to end with %q", r.stdout, want)
	}
	if !strings.Contains(r.stdout, "hash chain intact") {
		t.Errorf("push of the pulled copy: %q", r.stdout)
	}
	pgtest.Exec(t, url2, `DO $$ BEGIN
		IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname LIKE 'riskbook\_`+dbName(url2)+`\_%') THEN
			RAISE EXCEPTION 'the push made the team''s group roles';
		END IF;
		IF has_table_privilege('`+editor+`', 'riskbook.risks', 'UPDATE') OR has_table_privilege('`+owner+`', 'riskbook.risks', 'SELECT') THEN
			RAISE EXCEPTION 'the push gave rights on the risks';
		END IF;
	END $$`)
	if r = riskbook(t, "", "server", "team", url2); r.code != ExitUsage || !strings.Contains(r.stderr, "has no team yet") {
		t.Errorf("team after the push: exit %d, %q %q", r.code, r.stdout, r.stderr)
	}

	// A team set up before the push: who already holds the role there is
	// left out, and the setup is not asked for.
	url3 := pgtest.EmptyURL(t)
	setup(url3)
	wantSuccess(t, riskbook(t, "", "server", "grant", url3, editor, "auditor"), ExitOK)
	r = riskbook(t, "", "push", copyPath, url3)
	wantSuccess(t, r, ExitOK)
	want = "Roles stay on the server they were given on, so this copy brought none; to give again the roles its change log last records, run riskbook server grant " +
		url3 + ` with: ` + owner + ` owner --owner "Technical lead".` + "\n"
	if !strings.HasSuffix(r.stdout, want) {
		t.Errorf("push onto a team set up: %q, want it to end with %q", r.stdout, want)
	}
}
