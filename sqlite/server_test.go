package sqlite

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"riskbook/risk"
	"riskbook/sqlite/pgtest"
)

// column is one column of a table as both backends can describe it: its
// name, its kind of value (integer, text, bytes) and whether it may be
// NULL, in the table's order.
type column struct {
	name    string
	kind    string
	notNull bool
}

// fileSchema describes the tables of a workspace file.
func fileSchema(t *testing.T, db *DB) map[string][]column {
	t.Helper()
	ctx := context.Background()
	rows, err := db.read.QueryContext(ctx, `SELECT m.name, p.name, upper(p.type), p."notnull" OR p.pk > 0
		FROM sqlite_schema m, pragma_table_info(m.name) p
		WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'
		ORDER BY m.name, p.cid`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string][]column{}
	for rows.Next() {
		var table, typ string
		var c column
		if err := rows.Scan(&table, &c.name, &typ, &c.notNull); err != nil {
			t.Fatal(err)
		}
		switch typ {
		case "INTEGER":
			c.kind = "integer"
		case "TEXT":
			c.kind = "text"
		case "BLOB":
			c.kind = "bytes"
		default:
			c.kind = "file type " + typ
		}
		out[table] = append(out[table], c)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// serverSchemaOf describes the tables of a server workspace's schema.
func serverSchemaOf(t *testing.T, db *DB) map[string][]column {
	t.Helper()
	rows, err := db.read.QueryContext(context.Background(), `SELECT c.table_name, c.column_name, c.data_type, c.udt_name, c.is_nullable = 'NO'
		FROM information_schema.columns c
		JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
		WHERE c.table_schema = ? AND t.table_type = 'BASE TABLE'
		ORDER BY c.table_name, c.ordinal_position`, serverSchema)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string][]column{}
	for rows.Next() {
		var table, typ, udt string
		var c column
		if err := rows.Scan(&table, &c.name, &typ, &udt, &c.notNull); err != nil {
			t.Fatal(err)
		}
		switch {
		case typ == "bigint":
			c.kind = "integer"
		case typ == "text", typ == "USER-DEFINED" && udt == "citext":
			c.kind = "text"
		case typ == "bytea":
			c.kind = "bytes"
		default:
			c.kind = "server type " + typ + " " + udt
		}
		out[table] = append(out[table], c)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestServerSchemaMatchesFile: a server workspace has the same tables as a
// workspace file, with the same columns in the same order holding the same
// kind of value, NOT NULL alike. A
// migration of the file without its counterpart in sqlite/postgres fails
// here. The table of applied migrations is each backend's own, the team's
// tables the server's alone.
func TestServerSchemaMatchesFile(t *testing.T) {
	serverTest(t)
	ctx := context.Background()
	file, err := CreateFromTemplate(ctx, fileTarget(t), TemplateBlank)
	if err != nil {
		t.Fatal(err)
	}
	closeOnCleanup(t, file)
	server, err := CreateFromTemplate(ctx, pgtest.EmptyURL(t), TemplateBlank)
	if err != nil {
		t.Fatal(err)
	}
	closeOnCleanup(t, server)

	want, got := fileSchema(t, file), serverSchemaOf(t, server)
	delete(want, "migrations")
	delete(got, "migrations")
	// Who may do what is the server's alone: a file has one writer.
	for _, team := range []string{"team_roles", "risk_owners"} {
		if _, ok := got[team]; !ok {
			t.Errorf("the server has no table %s", team)
		}
		delete(got, team)
	}
	if len(want) < 20 {
		t.Fatalf("the file has only %d tables: the description of its schema is broken", len(want))
	}
	for table, cols := range want {
		if _, ok := got[table]; !ok {
			t.Errorf("table %s of the file is missing on the server", table)
			continue
		}
		if a, b := describe(cols), describe(got[table]); a != b {
			t.Errorf("table %s differs:\nfile:   %s\nserver: %s", table, a, b)
		}
	}
	for table := range got {
		if _, ok := want[table]; !ok {
			t.Errorf("table %s of the server is not in the file", table)
		}
	}
}

func describe(cols []column) string {
	var b strings.Builder
	for i, c := range cols {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%s %s", c.name, c.kind)
		if c.notNull {
			b.WriteString(" not null")
		}
	}
	return b.String()
}

// TestServerOpenRefusals: what a server workspace refuses to open, each in
// one sentence saying what to do, changing nothing.
func TestServerOpenRefusals(t *testing.T) {
	serverTest(t)
	ctx := context.Background()
	refused := func(t *testing.T, target, code string, fragments ...string) {
		t.Helper()
		for _, write := range []bool{true, false} {
			open := Open
			if !write {
				open = OpenReadOnly
			}
			db, err := open(ctx, target)
			if err == nil {
				db.Close()
				t.Fatalf("opened %s (write %v), want it refused", target, write)
			}
			if risk.ErrorCode(err) != code {
				t.Errorf("open %s (write %v): got %v (%s), want %s", target, write, err, risk.ErrorCode(err), code)
			}
			for _, f := range fragments {
				if !strings.Contains(err.Error(), f) {
					t.Errorf("open %s (write %v): %q does not say %q", target, write, err, f)
				}
			}
		}
	}

	t.Run("EmptyDatabase", func(t *testing.T) {
		url := pgtest.EmptyURL(t)
		refused(t, url, risk.ENOTFOUND, "holds no Riskbook workspace", "riskbook push")
		// Opening for writing did not create the schema.
		db, err := connectServer(ctx, url, false)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if v, err := db.serverVersion(ctx); err != nil || v != 0 {
			t.Errorf("after the refusals: schema version %d, %v; want none", v, err)
		}
	})
	t.Run("SchemaWithoutWorkspace", func(t *testing.T) {
		// What a push stopped before its records leaves.
		refused(t, pgtest.URL(t), risk.ENOTFOUND, "holds no Riskbook workspace")
	})
	t.Run("NewerSchema", func(t *testing.T) {
		_, url := newServerWorkspace(t)
		pgtest.Exec(t, url, fmt.Sprintf("INSERT INTO riskbook.migrations VALUES (%d, 'future', '2030-01-01T00:00:00Z')", ServerSchemaVersion()+1))
		refused(t, url, risk.EINVALID, "newer Riskbook", "update Riskbook")
	})
	t.Run("OlderSchemaReadOnly", func(t *testing.T) {
		_, url := newServerWorkspace(t)
		// The schema as migration 1 left it: without the closed
		// assessments (2), the trend memo (3), the team (4) and the
		// change log's notifications (5).
		pgtest.Exec(t, url, "DROP TABLE riskbook.trend_memo", "DROP TABLE riskbook.assessments", "DROP FUNCTION riskbook.assessments_frozen",
			"DROP FUNCTION riskbook.only_risk_owner, riskbook.answers_for, riskbook.owns_risk, riskbook.team_member, riskbook.changelog_actor, riskbook.grant_team CASCADE",
			"DROP POLICY everyone_reads ON riskbook.risks", "DROP POLICY everyone_reads ON riskbook.actions",
			"DROP POLICY everyone_reads ON riskbook.risk_controls", "DROP POLICY everyone_reads ON riskbook.risk_threats",
			"ALTER TABLE riskbook.risks DISABLE ROW LEVEL SECURITY", "ALTER TABLE riskbook.actions DISABLE ROW LEVEL SECURITY",
			"ALTER TABLE riskbook.risk_controls DISABLE ROW LEVEL SECURITY", "ALTER TABLE riskbook.risk_threats DISABLE ROW LEVEL SECURITY",
			"DROP TABLE riskbook.team_roles, riskbook.risk_owners",
			"DROP TRIGGER changelog_notify ON riskbook.changelog", "DROP FUNCTION riskbook.changelog_notify",
			"DELETE FROM riskbook.migrations WHERE version >= 2")
		db, err := OpenReadOnly(ctx, url)
		if err == nil {
			db.Close()
			t.Fatal("an older schema opened for reading only, want it refused")
		}
		if !strings.Contains(err.Error(), "open it once for writing") {
			t.Errorf("got %v", err)
		}
		// Opened for writing, it is brought up to date.
		db = openRW(t, url)
		if v, err := db.serverVersion(ctx); err != nil || v != ServerSchemaVersion() {
			t.Errorf("after opening for writing: schema %d, %v; want %d", v, err, ServerSchemaVersion())
		}
		if _, err := db.CloseAssessment(ctx, "Q1"); err != nil {
			t.Errorf("close an assessment after the migration: %v", err)
		}
		closeDB(t, db)
	})
	t.Run("NoSuchDatabase", func(t *testing.T) {
		url := pgtest.EmptyURL(t)
		i := strings.LastIndex(url, "/")
		j := strings.Index(url[i:], "?")
		refused(t, url[:i]+"/nosuchdb"+url[i+j:], risk.ENOTFOUND, "has no such database", "administrator")
	})
	t.Run("Unreachable", func(t *testing.T) {
		refused(t, "postgres://nobody@127.0.0.1:1/w?sslmode=disable&connect_timeout=5", risk.EINVALID, "Could not reach the server", "127.0.0.1:1")
	})
	t.Run("UnknownLogin", func(t *testing.T) {
		url := pgtest.UserURL(pgtest.EmptyURL(t), "nosuchlogin")
		refused(t, url, risk.EINVALID, "refused the login", "nosuchlogin", "PGPASSWORD")
	})
	t.Run("NotAConnectionString", func(t *testing.T) {
		refused(t, "postgres://a@b:notaport/w", risk.EINVALID, "not a connection string", "postgres://USER@HOST:PORT/DATABASE")
	})
}

// TestServerCreateRefusesAWorkspace: a new workspace goes only into a
// database holding none; the one there is left as it was.
func TestServerCreateRefusesAWorkspace(t *testing.T) {
	serverTest(t)
	ctx := context.Background()
	_, url := newServerWorkspace(t)
	before := stateOf(t, url)
	_, err := CreateFromTemplate(ctx, url, TemplateBlank)
	if risk.ErrorCode(err) != risk.ECONFLICT || !strings.Contains(err.Error(), "already holds a workspace") {
		t.Fatalf("create over a workspace: got %v, want a conflict", err)
	}
	assertUnchanged(t, url, before)
}

// TestConnectionFile: a connection file is opened like the connection
// string it holds, and refused when it holds a password or nothing.
func TestConnectionFile(t *testing.T) {
	serverTest(t)
	ctx := context.Background()
	_, url := newServerWorkspace(t)
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name+ServerFileExtension)
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	good := write("team", "# Our registry's workspace\n\n"+url+"\n")
	if !IsServer(good) {
		t.Fatalf("IsServer(%s) = false", good)
	}
	db, err := OpenReadOnly(ctx, good)
	if err != nil {
		t.Fatal(err)
	}
	if db.Path() != good {
		t.Errorf("shown as %q, want the connection file", db.Path())
	}
	if _, err := db.Risks(ctx); err != nil {
		t.Error(err)
	}
	db.Close()

	withPassword := write("secret", strings.Replace(url, "postgres://postgres@", "postgres://postgres:hunter2@", 1)+"\n")
	for _, tt := range []struct{ path, says string }{
		{withPassword, "holds a password"},
		{write("keyword", "host=127.0.0.1 password=hunter2 dbname=w\n"), "holds a password"},
		{write("empty", "# nothing yet\n"), "holds no connection string"},
	} {
		_, err := OpenReadOnly(ctx, tt.path)
		if risk.ErrorCode(err) != risk.EINVALID || !strings.Contains(err.Error(), tt.says) {
			t.Errorf("open %s: got %v, want %q", filepath.Base(tt.path), err, tt.says)
		}
		if err != nil && strings.Contains(err.Error(), "hunter2") {
			t.Errorf("the refusal shows the password: %v", err)
		}
	}
}

// TestServerNameHidesPassword: a connection string's password is never
// shown as the workspace's name.
func TestServerNameHidesPassword(t *testing.T) {
	serverTest(t)
	_, url := newServerWorkspace(t)
	with := strings.Replace(url, "postgres://postgres@", "postgres://postgres:hunter2@", 1)
	db := openRW(t, with)
	defer closeDB(t, db)
	if strings.Contains(db.Path(), "hunter2") || !strings.Contains(db.Path(), "postgres@127.0.0.1") {
		t.Errorf("shown as %q", db.Path())
	}
}

// newServerWorkspace makes a blank workspace on a fresh database of the
// test server, whichever store the run tests.
func newServerWorkspace(t *testing.T) (*DB, string) {
	t.Helper()
	url := pgtest.URL(t)
	db, err := CreateFromTemplate(context.Background(), url, TemplateBlank)
	if err != nil {
		t.Fatal(err)
	}
	closeOnCleanup(t, db)
	return db, url
}

// serverTest skips t when no test server can be started (see pgtest), and
// in the contract's server run, where it already ran in the file run.
func serverTest(t *testing.T) {
	t.Helper()
	if onServer() {
		t.Skip("a test of server workspaces: it ran in the file run")
	}
	pgtest.Available(t)
}

// TestServerWritersTakeTurns: several Riskbooks write to one server
// workspace at once, on the same records and on others. Every edit is
// its own transaction, made on the record as the writer read it a moment
// before; writers take turns, so each edit saved was made on the record as
// the one before left it (the change log's rows of a record link, the
// before of each the after of the last). An edit made on a record another
// writer changed since it was read is refused, never saved over the other
// change: the writer reads the record again and makes its edit anew. No
// edit is lost (each leaves its mark in the record), the log is one chain
// that verifies, and the records are what their last rows say.
func TestServerWritersTakeTurns(t *testing.T) {
	serverTest(t)
	ctx := context.Background()
	first, url := newServerWorkspace(t)
	const writers, edits, shared = 4, 300, 5
	var refs []string
	for i := 0; i < shared+writers; i++ {
		r := validRisk()
		r.Title = fmt.Sprintf("Risk %d", i)
		r.Description = ""
		if err := first.CreateRisk(ctx, &r); err != nil {
			t.Fatal(err)
		}
		refs = append(refs, r.Ref)
	}
	rowsBefore := len(changeRows(t, first))

	type outcome struct {
		marks map[string][]string // the marks of the edits saved, by risk
		stale int                 // edits refused as made on a stale read
		err   error
	}
	out := make(chan outcome, writers)
	for w := 0; w < writers; w++ {
		db := openRW(t, url)
		closeOnCleanup(t, db)
		go func() {
			o := outcome{marks: map[string][]string{}}
			defer func() { out <- o }()
			for n := 0; n < edits; n++ {
				// Half the edits on the shared risks, half on the writer's own.
				ref := refs[shared+w]
				if n%2 == 0 {
					ref = refs[n/2%shared]
				}
				mark := fmt.Sprintf("[%d.%d]", w, n)
				for {
					r, err := db.RiskByRef(ctx, ref)
					if err == nil {
						r.Title = fmt.Sprintf("writer %d edit %d", w, n)
						r.Description += mark
						err = db.UpdateRisk(ctx, &r)
					}
					var stale *risk.Stale
					if errors.As(err, &stale) && risk.ErrorCode(err) == risk.ECONFLICT {
						if stale.Ref != ref || stale.Theirs.(risk.Risk).Ref != ref {
							o.err = fmt.Errorf("writer %d, edit %d of %s refused as a stale edit of %s", w, n, ref, stale.Ref)
							return
						}
						o.stale++
						continue
					}
					if err != nil {
						o.err = fmt.Errorf("writer %d, edit %d of %s: %w", w, n, ref, err)
						return
					}
					o.marks[ref] = append(o.marks[ref], mark)
					break
				}
			}
		}()
	}
	marks := map[string][]string{}
	stale := 0
	for w := 0; w < writers; w++ {
		o := <-out
		if o.err != nil {
			t.Fatal(o.err)
		}
		for ref, m := range o.marks {
			marks[ref] = append(marks[ref], m...)
		}
		stale += o.stale
	}
	t.Logf("%d edits saved, %d refused as made on a stale read and made again", writers*edits, stale)

	for _, ref := range refs {
		r, err := first.RiskByRef(ctx, ref)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range marks[ref] {
			if strings.Count(r.Description, m) != 1 {
				t.Fatalf("%s: the edit %s was lost or saved twice: %q", ref, m, r.Description)
			}
		}
		if got, want := strings.Count(r.Description, "["), len(marks[ref]); got != want {
			t.Errorf("%s holds %d edits, want %d", ref, got, want)
		}
	}
	rows := changeRows(t, first)
	if got, want := len(rows)-rowsBefore, writers*edits; got != want {
		t.Errorf("%d change-log rows for %d edits", got, want)
	}
	last := map[string]string{}
	for _, c := range rows[rowsBefore:] {
		if c.Entity != "risk" || c.Action != ActionUpdate {
			t.Fatalf("row %d: %s %s %s, want risk updates only", c.ID, c.Action, c.Entity, c.Key)
		}
		if prev, ok := last[c.Key]; ok && prev != c.Before {
			t.Fatalf("row %d of %s was written from a stale read: its before is not the after of the row before", c.ID, c.Key)
		}
		last[c.Key] = c.After
	}
	assertLogMatchesState(t, first)
	assertVerifies(t, first)
}
