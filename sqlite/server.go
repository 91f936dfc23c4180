package sqlite

import (
	"bufio"
	"context"
	"database/sql"
	"database/sql/driver"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"

	"riskbook/i18n"
	"riskbook/risk"
)

// A workspace on a PostgreSQL server is the same store as a workspace
// file: the same Go code and the same SQL run on both, through
// database/sql. What differs is said here once: how a server is named and
// reached, its schema and migrations (postgres/*.sql, in the database
// schema riskbook), the translation of the few spellings SQLite and
// PostgreSQL write differently (serverSQL), and the writer discipline —
// where SQLite lets one connection write, every write transaction on a
// server first takes one transaction-level lock, so that writers from
// every computer are serialised and the change log is appended in one
// order.

// ServerFileExtension names a connection file: a small text file holding
// the connection string of a server workspace (never a password), which
// can be opened like a workspace file.
const ServerFileExtension = ".riskbook-server"

// serverSchema is the database schema a server workspace lives in.
const serverSchema = "riskbook"

// writerLock is the key of the transaction-level advisory lock every write
// transaction on a server takes first ("RskB" and "wrtr").
const writerLock int64 = 0x52736B42_77727472

//go:embed postgres/*.sql
var serverMigrationFS embed.FS

// IsServer reports whether target names a workspace on a PostgreSQL
// server rather than a file: a postgres:// or postgresql:// connection
// string, or a connection file (NAME.riskbook-server).
func IsServer(target string) bool {
	l := strings.ToLower(strings.TrimSpace(target))
	return strings.HasPrefix(l, "postgres://") || strings.HasPrefix(l, "postgresql://") ||
		strings.EqualFold(filepath.Ext(target), ServerFileExtension)
}

// server is what a DB on a server knows besides its pools.
type server struct {
	config *pgx.ConnConfig
	// seat is who the session is in the workspace's team (team.go).
	seat seat
	// mayWrite and mayIssue say whether the login may write the change
	// log (any edit) and document issues.
	mayWrite, mayIssue bool
}

// serverConfig reads target (a connection string or a connection file)
// into a connection configuration, and returns the name the workspace is
// shown by: the connection string without any password, or the file.
// The password comes from the connection string, PGPASSWORD or the
// pgpass file (as for psql), or from the context's prompt when the
// server asks for one; Riskbook never stores it.
func serverConfig(target string) (*pgx.ConnConfig, string, error) {
	target = strings.TrimSpace(target)
	conn, name := target, target
	if strings.EqualFold(filepath.Ext(target), ServerFileExtension) && !strings.Contains(target, "://") {
		var err error
		if conn, err = readConnectionFile(target); err != nil {
			return nil, target, err
		}
	} else {
		name = withoutPassword(target)
	}
	cfg, err := pgx.ParseConfig(conn)
	if err != nil {
		return nil, name, risk.Errorf(risk.EINVALID, "%s", i18n.T("server.url.unreadable", i18n.Args{"Name": name, "Reason": pgErrorText(err)}))
	}
	if cfg.RuntimeParams == nil {
		cfg.RuntimeParams = map[string]string{}
	}
	cfg.RuntimeParams["search_path"] = serverSchema
	cfg.RuntimeParams["application_name"] = sessionName()
	if cfg.ConnectTimeout == 0 {
		cfg.ConnectTimeout = 15 * time.Second
	}
	return cfg, name, nil
}

// readConnectionFile returns the connection string a connection file
// holds: its first line that is neither empty nor a # comment. A file
// holding a password is refused: passwords go in PGPASSWORD or the pgpass
// file, never beside the workspace's name.
func readConnectionFile(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", explain(risk.OpOpen, path, err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if withoutPassword(line) != line || strings.Contains(line, "password=") {
			return "", risk.Errorf(risk.EINVALID, "%s", i18n.T("server.file.password", i18n.Args{"Path": path}))
		}
		return line, nil
	}
	if err := sc.Err(); err != nil {
		return "", explain(risk.OpRead, path, err)
	}
	return "", risk.Errorf(risk.EINVALID, "%s", i18n.T("server.file.empty", i18n.Args{"Path": path}))
}

// ServerLabel is a short name of a server workspace for titles and file
// names, the same in every language: a connection file's name without
// its extension, or the database's name at its server's
// ("registry@db.example.org").
func ServerLabel(target string) string {
	target = strings.TrimSpace(target)
	if strings.EqualFold(filepath.Ext(target), ServerFileExtension) && !strings.Contains(target, "://") {
		return strings.TrimSuffix(filepath.Base(target), filepath.Ext(target))
	}
	cfg, err := pgx.ParseConfig(target)
	if err != nil {
		return "server"
	}
	return cfg.Database + "@" + cfg.Host
}

// ShownName is how a workspace target is shown: a connection string
// without its password, anything else as it is.
func ShownName(target string) string { return withoutPassword(strings.TrimSpace(target)) }

// withoutPassword removes the password from a connection URL.
func withoutPassword(s string) string {
	u, err := url.Parse(s)
	if err != nil || u.User == nil {
		return s
	}
	if _, has := u.User.Password(); !has {
		return s
	}
	u.User = url.User(u.User.Username())
	return u.String()
}

type passwordPromptKey struct{}

// WithPasswordPrompt returns ctx carrying ask, which is called with the
// server's name when a server asks for a password that neither the
// connection string, PGPASSWORD nor the pgpass file gives.
func WithPasswordPrompt(ctx context.Context, ask func(server string) (string, error)) context.Context {
	return context.WithValue(ctx, passwordPromptKey{}, ask)
}

// openServer opens the workspace on a server: for writing (migrating its
// schema when it is older) or for reading only.
func openServer(ctx context.Context, target string, write bool) (*DB, error) {
	db, err := connectServer(ctx, target, write)
	if err != nil {
		return nil, err
	}
	version, err := db.serverVersion(ctx)
	if err == nil && version > 0 {
		// The schema without a workspace in it: a push that stopped
		// before its records were written.
		var holds bool
		if holds, err = db.serverHoldsWorkspace(ctx); err == nil && !holds {
			version = 0
		}
	}
	if err == nil && version == 0 {
		if db.outsideTeam(ctx) {
			err = db.noRoleErr()
		} else {
			err = risk.Errorf(risk.ENOTFOUND, "%s", i18n.T("server.open.none", i18n.Args{"Server": db.path}))
		}
	}
	if err == nil && version > ServerSchemaVersion() {
		err = risk.Errorf(risk.EINVALID, "%s", i18n.T("server.open.newer", i18n.Args{"Server": db.path, "Version": version, "Max": ServerSchemaVersion()}))
	}
	if err == nil && version < ServerSchemaVersion() {
		var may bool
		if may, err = db.mayMigrate(ctx); err == nil {
			switch {
			case !may:
				err = risk.Errorf(risk.EINVALID, "%s", i18n.T("team.older.admin", i18n.Args{"Server": db.path}))
			case write:
				err = db.migrateServer(ctx)
			default:
				err = risk.Errorf(risk.EINVALID, "%s", i18n.T("server.open.older", i18n.Args{"Server": db.path}))
			}
		}
	}
	if err == nil {
		err = db.readSeat(ctx)
	}
	if err != nil {
		db.Close()
		return nil, err
	}
	switch {
	case !write:
		db.readOnly = risk.T("store.read_only.opened")
	case !db.server.mayWrite:
		// An auditor, or a login the database lets read only: opened as
		// a workspace that cannot be written, saying why.
		db.write.Close()
		db.write = nil
		db.readOnly = risk.T("team.read_only", risk.Args{"Login": db.server.seat.login, "Role": db.server.seat.role.Described()})
	}
	return db, nil
}

// connectServer opens the pools of a server workspace and makes sure the
// server answers, asking for a password when it wants one.
func connectServer(ctx context.Context, target string, write bool) (*DB, error) {
	cfg, name, err := serverConfig(target)
	if err != nil {
		return nil, err
	}
	db := &DB{path: name, Now: time.Now, server: &server{config: cfg}}
	for asked := false; ; asked = true {
		db.read = sql.OpenDB(serverConnector{stdlib.GetConnector(*cfg)})
		db.read.SetMaxOpenConns(4)
		err = db.read.PingContext(ctx)
		if err == nil || asked || !needsPassword(err) {
			break
		}
		db.read.Close()
		ask, _ := ctx.Value(passwordPromptKey{}).(func(string) (string, error))
		if ask == nil {
			break
		}
		pw, aerr := ask(name)
		if aerr != nil {
			return nil, aerr
		}
		cfg.Password = pw
	}
	if err == nil {
		err = db.read.QueryRowContext(ctx, "SELECT session_user").Scan(&db.server.seat.login)
	}
	if err != nil {
		db.read.Close()
		return nil, serverError(name, err)
	}
	if write {
		db.write = sql.OpenDB(serverConnector{stdlib.GetConnector(*cfg)})
		db.write.SetMaxOpenConns(4)
	}
	return db, nil
}

// needsPassword reports whether a connection failed for want of a
// password (or with a wrong one).
func needsPassword(err error) bool {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code == "28P01" || pe.Code == "28000"
	}
	return strings.Contains(err.Error(), "password")
}

// serverError says in one sentence why a server could not be reached or
// refused, keeping the driver's words behind it.
func serverError(name string, err error) error {
	if re := (*risk.Error)(nil); errors.As(err, &re) {
		return err
	}
	var pe *pgconn.PgError
	switch {
	case errors.As(err, &pe) && (pe.Code == "28P01" || pe.Code == "28000"):
		return risk.Errorf(risk.EINVALID, "%s", i18n.T("server.login.refused", i18n.Args{"Server": name, "Reason": pe.Message}))
	case errors.As(err, &pe) && pe.Code == "3D000":
		return risk.Errorf(risk.ENOTFOUND, "%s", i18n.T("server.database.missing", i18n.Args{"Server": name, "Reason": pe.Message}))
	case errors.As(err, &pe) && pe.Code == "42501":
		return risk.Errorf(risk.EINVALID, "%s", i18n.T("server.permission", i18n.Args{"Server": name, "Reason": pe.Message}))
	case errors.As(err, &pe):
		return fmt.Errorf("%s: %w", name, err)
	}
	var ce *pgconn.ConnectError
	if errors.As(err, &ce) || errors.Is(err, context.DeadlineExceeded) {
		e := risk.Errorf(risk.EINVALID, "%s", i18n.T("server.unreachable", i18n.Args{"Server": name, "Reason": pgErrorText(err)}))
		e.Err = ErrUnreachable
		return e
	}
	return fmt.Errorf("%s: %w", name, err)
}

// pgErrorText is the driver's message without the connection details it
// repeats.
func pgErrorText(err error) string {
	var ce *pgconn.ConnectError
	if errors.As(err, &ce) && ce.Unwrap() != nil {
		err = ce.Unwrap()
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Message
	}
	msg := err.Error()
	if i := strings.LastIndex(msg, ": "); i >= 0 && i+2 < len(msg) {
		msg = msg[i+2:]
	}
	return msg
}

// serverMigrations returns the server's embedded migrations in order.
func serverMigrations() ([]migration, error) { return readMigrations(serverMigrationFS, "postgres") }

// ServerSchemaVersion is the server schema this build writes.
func ServerSchemaVersion() int {
	ms, err := serverMigrations()
	if err != nil || len(ms) == 0 {
		panic(fmt.Sprintf("embedded server migrations are broken: %v", err))
	}
	return ms[len(ms)-1].version
}

// serverVersion returns the schema version of the workspace on the
// server, 0 when it holds none.
func (db *DB) serverVersion(ctx context.Context) (int, error) {
	var n int
	err := db.read.QueryRowContext(ctx, `SELECT count(*) FROM information_schema.tables
		WHERE table_schema = ? AND table_name = 'migrations'`, serverSchema).Scan(&n)
	if err != nil || n == 0 {
		return 0, db.serverErr(err)
	}
	var v int
	err = db.read.QueryRowContext(ctx, "SELECT coalesce(max(version), 0) FROM migrations").Scan(&v)
	return v, db.serverErr(err)
}

// serverHoldsWorkspace reports whether the server's schema holds a
// workspace: any setting or change-log row (a new workspace has both).
func (db *DB) serverHoldsWorkspace(ctx context.Context) (bool, error) {
	holds, err := holdsWorkspace(ctx, db.read)
	return holds, db.serverErr(err)
}

func holdsWorkspace(ctx context.Context, q queryer) (bool, error) {
	var holds bool
	err := q.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM changelog) OR EXISTS (SELECT 1 FROM settings)").Scan(&holds)
	return holds, err
}

func (db *DB) serverErr(err error) error {
	if err == nil {
		return nil
	}
	return serverError(db.path, err)
}

// migrateServer creates the workspace's schema on the server, or brings
// it up to date, each migration in a transaction with its record; the
// writer lock keeps two Riskbooks from migrating at once.
func (db *DB) migrateServer(ctx context.Context) error {
	ms, err := serverMigrations()
	if err != nil {
		return err
	}
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return db.serverErr(err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock(?)", writerLock); err != nil {
		return db.serverErr(err)
	}
	var hasSchema bool
	if err := tx.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = ?)", serverSchema).Scan(&hasSchema); err != nil {
		return db.serverErr(err)
	}
	if !hasSchema {
		// Creating a schema takes a right on the database that the team's
		// administrators need not have: only the first migration asks it.
		for _, s := range []string{
			"CREATE SCHEMA " + serverSchema,
			"CREATE EXTENSION IF NOT EXISTS citext WITH SCHEMA " + serverSchema,
		} {
			if _, err := tx.ExecContext(ctx, s); err != nil {
				return db.serverErr(fmt.Errorf("prepare the schema: %w", err))
			}
		}
	}
	// Once a team is set up, what a migration creates belongs to its
	// administrators' role, as the rest of the schema does.
	var admin sql.NullString
	var team bool
	if err := tx.QueryRowContext(ctx, "SELECT to_regclass('riskbook.team_roles') IS NOT NULL").Scan(&team); err != nil {
		return db.serverErr(err)
	}
	if team {
		err := tx.QueryRowContext(ctx, `SELECT (SELECT t.name FROM team_roles t JOIN pg_catalog.pg_roles r ON r.rolname = t.name
			WHERE t.role = 'admin' AND pg_catalog.pg_has_role(current_user, r.oid, 'MEMBER'))`).Scan(&admin)
		if err != nil {
			return db.serverErr(err)
		}
	}
	if admin.Valid {
		if _, err := tx.ExecContext(ctx, "SET LOCAL ROLE "+ident(admin.String)); err != nil {
			return db.serverErr(err)
		}
	}
	if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS migrations (version bigint PRIMARY KEY, name text NOT NULL, applied text NOT NULL)`); err != nil {
		return db.serverErr(fmt.Errorf("prepare the schema: %w", err))
	}
	for _, m := range ms {
		var n int
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM migrations WHERE version = ?", m.version).Scan(&n); err != nil {
			return db.serverErr(err)
		}
		if n > 0 {
			continue
		}
		if _, err := tx.ExecContext(ctx, m.sql); err != nil {
			return db.serverErr(fmt.Errorf("migration %03d_%s: %w", m.version, m.name, err))
		}
		if _, err := tx.ExecContext(ctx, "INSERT INTO migrations (version, name, applied) VALUES (?, ?, ?)",
			m.version, m.name, formatTime(db.Now())); err != nil {
			return db.serverErr(err)
		}
	}
	if admin.Valid {
		// Rights on what the migrations added.
		if _, err := tx.ExecContext(ctx, "SELECT riskbook.grant_team()"); err != nil {
			return db.serverErr(err)
		}
	}
	return db.serverErr(tx.Commit())
}

// buildServer makes a new workspace on a server: it refuses a database
// that already holds one, creates the schema and lets fill write into it.
func buildServer(ctx context.Context, target string, fill func(*DB) error) error {
	db, err := connectServer(ctx, target, true)
	if err != nil {
		return err
	}
	db.Now = time.Now
	defer db.Close()
	version, err := db.serverVersion(ctx)
	if err != nil {
		return err
	}
	if version > 0 {
		holds, err := db.serverHoldsWorkspace(ctx)
		if err != nil {
			return err
		}
		if holds {
			return risk.Errorf(risk.ECONFLICT, "%s", i18n.T("server.create.occupied", i18n.Args{"Server": db.path}))
		}
	}
	if err := db.migrateServer(ctx); err != nil {
		return err
	}
	return fill(db)
}

// serverCopy writes the workspace, read in one snapshot, into the empty
// file at path: a workspace file with the same records and the same
// change log, hash for hash (the copy a pull or a backup makes).
func (db *DB) serverCopy(ctx context.Context, path string) error {
	d, err := db.Dump(ctx)
	if err != nil {
		return err
	}
	return fillFile(ctx, path, func(f *DB) error {
		return f.update(ctx, func(tx *Tx) error {
			if err := tx.restore(ctx, d); err != nil {
				return err
			}
			return tx.reconcile(ctx)
		})
	})
}

// Dropping a workspace from a server is left to its administrator
// (DROP SCHEMA riskbook CASCADE): Riskbook never deletes one.

// serverConnector hands out connections that speak serverSQL.
type serverConnector struct{ driver.Connector }

func (c serverConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.Connector.Connect(ctx)
	if err != nil {
		return nil, err
	}
	return &serverConn{conn.(*stdlib.Conn)}, nil
}

// serverConn is a pgx connection whose statements are translated from
// the store's SQL, and whose read-only transactions read one snapshot
// (as a SQLite read transaction does), not a new one per statement.
type serverConn struct{ *stdlib.Conn }

func (c *serverConn) Prepare(query string) (driver.Stmt, error) {
	return c.Conn.Prepare(serverSQL(query))
}

func (c *serverConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	return c.Conn.PrepareContext(ctx, serverSQL(query))
}

func (c *serverConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	return c.Conn.ExecContext(ctx, serverSQL(query), args)
}

func (c *serverConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	return c.Conn.QueryContext(ctx, serverSQL(query), args)
}

func (c *serverConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	if opts.ReadOnly && sql.IsolationLevel(opts.Isolation) == sql.LevelDefault {
		opts.Isolation = driver.IsolationLevel(sql.LevelRepeatableRead)
	}
	return c.Conn.BeginTx(ctx, opts)
}

// serverSQL translates a statement of the store from SQLite's spelling to
// PostgreSQL's: ? parameters become $1, $2… (and ?N becomes $N), LIMIT -1 (no limit)
// becomes LIMIT ALL. Quoted text and comments are left alone. Everything
// else the store writes is spelled the same in both.
func serverSQL(q string) string {
	if !strings.ContainsAny(q, "?") && !strings.Contains(q, "LIMIT -1") {
		return q
	}
	var b strings.Builder
	b.Grow(len(q) + 16)
	n := 0
	for i := 0; i < len(q); i++ {
		ch := q[i]
		switch {
		case ch == '\'' || ch == '"':
			end := strings.IndexByte(q[i+1:], ch)
			if end < 0 {
				b.WriteString(q[i:])
				return b.String()
			}
			b.WriteString(q[i : i+end+2])
			i += end + 1
			continue
		case ch == '-' && strings.HasPrefix(q[i:], "--"):
			end := strings.IndexByte(q[i:], '\n')
			if end < 0 {
				b.WriteString(q[i:])
				return b.String()
			}
			b.WriteString(q[i : i+end])
			i += end - 1
			continue
		case ch == '?' && i+1 < len(q) && q[i+1] >= '0' && q[i+1] <= '9':
			b.WriteByte('$') // ?N, a numbered parameter: $N
			continue
		case ch == '?':
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		case ch == 'L' && strings.HasPrefix(q[i:], "LIMIT -1"):
			b.WriteString("LIMIT ALL")
			i += len("LIMIT -1") - 1
			continue
		}
		b.WriteByte(ch)
	}
	return b.String()
}

// readMigrations reads the migrations NNN_name.sql of a folder of fsys in
// version order, refusing a gap.
func readMigrations(fsys embed.FS, dir string) ([]migration, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, err
	}
	var out []migration
	for _, e := range entries {
		num, name, ok := strings.Cut(strings.TrimSuffix(e.Name(), ".sql"), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			return nil, fmt.Errorf("migration %s: name must be NNN_name.sql", e.Name())
		}
		body, err := fsys.ReadFile(dir + "/" + e.Name())
		if err != nil {
			return nil, err
		}
		out = append(out, migration{v, name, string(body)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].version < out[j].version })
	for i, m := range out {
		if m.version != i+1 {
			return nil, fmt.Errorf("migration %d is missing", i+1)
		}
	}
	return out, nil
}
