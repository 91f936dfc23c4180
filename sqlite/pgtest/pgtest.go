// Package pgtest starts a real PostgreSQL server for the tests of server
// workspaces: one per test process, in a temporary data directory of its
// own, on a port of its own, stopped by Stop. Each test gets a fresh empty
// database on it. Only tests import it.
//
// Where PostgreSQL is not installed the tests that need it are skipped
// with a message saying so, unless RISKBOOK_POSTGRES=required (CI sets
// it), which makes a missing server a failure.
package pgtest

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/stdlib"
)

// Required is the value of RISKBOOK_POSTGRES that makes a missing server a
// test failure instead of a skip.
const Required = "required"

var (
	once     sync.Once
	srv      *server
	startErr error
	dbSeq    atomic.Int64

	prepare  func(url string) error // set by Template
	tmplOnce sync.Once
	tmplName string
	tmplErr  error
)

// Template sets prepare, which runs once on a template database from which
// every database URL returns is then copied (CREATE DATABASE … TEMPLATE):
// a schema made once instead of once per test. Call it from TestMain before
// the tests run; prepare must close its connections before it returns.
// EmptyURL still gives an empty database.
func Template(p func(url string) error) { prepare = p }

type server struct {
	dir  string   // the data directory (also the socket directory)
	port int      // on 127.0.0.1
	as   []string // the command prefix that runs a program as the server's owner
	bin  string   // the folder of initdb, pg_ctl and postgres
}

// Available reports whether a test server runs or can be started, and
// otherwise skips t (or fails it when the server is required).
func Available(t testing.TB) {
	t.Helper()
	once.Do(func() { srv, startErr = start() })
	if startErr == nil {
		return
	}
	if os.Getenv("RISKBOOK_POSTGRES") == Required {
		t.Fatalf("PostgreSQL is required (RISKBOOK_POSTGRES=%s) but no test server could be started: %v", Required, startErr)
	}
	t.Skipf("no PostgreSQL for the server-workspace tests (%v); install the postgresql package to run them", startErr)
}

// URL returns the connection string of a new database on the test server,
// as its superuser: a copy of the template Template prepared, else empty.
// The database is dropped when the test ends.
func URL(t testing.TB) string {
	t.Helper()
	Available(t)
	if prepare == nil {
		return newDatabase(t, "")
	}
	tmplOnce.Do(func() {
		tmplName = fmt.Sprintf("rbtemplate_%d", os.Getpid())
		admin := srv.url("postgres", "postgres")
		if tmplErr = exec1(admin, "CREATE DATABASE "+tmplName); tmplErr == nil {
			tmplErr = prepare(srv.url("postgres", tmplName))
		}
	})
	if tmplErr != nil {
		t.Fatalf("prepare the template database: %v", tmplErr)
	}
	return newDatabase(t, tmplName)
}

// EmptyURL returns the connection string of a new empty database on the
// test server, as its superuser, dropped when the test ends.
func EmptyURL(t testing.TB) string {
	t.Helper()
	Available(t)
	return newDatabase(t, "")
}

func newDatabase(t testing.TB, template string) string {
	t.Helper()
	name := fmt.Sprintf("rbtest_%d_%d", os.Getpid(), dbSeq.Add(1))
	admin := srv.url("postgres", "postgres")
	create := "CREATE DATABASE " + name
	if template != "" {
		create += " TEMPLATE " + template
	}
	if err := exec1(admin, create); err != nil {
		t.Fatalf("create test database: %v", err)
	}
	t.Cleanup(func() {
		exec1(admin, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
	})
	return srv.url("postgres", name)
}

// UserURL returns the connection string of db (a URL from URL) for another
// login, which the test creates.
func UserURL(db, login string) string {
	return strings.Replace(db, "postgres://postgres@", "postgres://"+login+"@", 1)
}

func (s *server) url(login, db string) string {
	return fmt.Sprintf("postgres://%s@127.0.0.1:%d/%s?sslmode=disable", login, s.port, db)
}

// Exec runs statements on the database of url (a URL from URL or
// UserURL), failing t on error.
func Exec(t testing.TB, url string, statements ...string) {
	t.Helper()
	for _, s := range statements {
		if err := exec1(url, s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
}

func exec1(url, statement string) error {
	db, err := sql.Open("pgx", url)
	if err != nil {
		return err
	}
	defer db.Close()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	_, err = db.ExecContext(ctx, statement)
	return err
}

var _ = stdlib.GetDefaultDriver // registers the "pgx" driver

// Stop stops the server this process started, if any, and removes its
// data directory. Call it from TestMain after the tests ran.
func Stop() {
	if srv == nil {
		return
	}
	srv.run("pg_ctl", "-D", srv.dir, "-m", "immediate", "-w", "stop")
	os.RemoveAll(srv.dir)
	srv = nil
}

// binDir finds PostgreSQL's server programs: on the PATH, else in
// Debian's /usr/lib/postgresql/VERSION/bin (the newest).
func binDir() (string, error) {
	if p, err := exec.LookPath("pg_ctl"); err == nil {
		if _, err := exec.LookPath("initdb"); err == nil {
			if real, err := filepath.EvalSymlinks(p); err == nil {
				return filepath.Dir(real), nil
			}
			return filepath.Dir(p), nil
		}
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool {
		a, _ := strconv.Atoi(filepath.Base(filepath.Dir(dirs[i])))
		b, _ := strconv.Atoi(filepath.Base(filepath.Dir(dirs[j])))
		return a > b
	})
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "initdb")); err == nil {
			return d, nil
		}
	}
	return "", errors.New("initdb and pg_ctl were not found on the PATH or in /usr/lib/postgresql")
}

func start() (*server, error) {
	if url := os.Getenv("RISKBOOK_POSTGRES_URL"); url != "" {
		return nil, errors.New("RISKBOOK_POSTGRES_URL is not supported: the tests start their own server")
	}
	bin, err := binDir()
	if err != nil {
		return nil, err
	}
	s := &server{bin: bin}
	dir, err := os.MkdirTemp("", "riskbook-pg-")
	if err != nil {
		return nil, err
	}
	s.dir = dir
	// PostgreSQL refuses to run as root: then it runs as the postgres
	// user, which owns the data directory.
	if os.Geteuid() == 0 {
		u, err := user.Lookup("postgres")
		if err != nil {
			os.RemoveAll(dir)
			return nil, fmt.Errorf("running as root, the server needs the postgres user: %v", err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		if err := os.Chown(dir, uid, gid); err != nil {
			os.RemoveAll(dir)
			return nil, err
		}
		s.as = []string{"runuser", "-u", "postgres", "--"}
	}
	if out, err := s.run("initdb", "-D", dir, "-U", "postgres", "--auth=trust", "--locale=C.UTF-8", "-E", "UTF8", "--no-sync"); err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("initdb: %v: %s", err, out)
	}
	// Every login trusted, but those PasswordLogin makes, which must give
	// their password.
	if err := s.requirePasswords(); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	for attempt := 0; ; attempt++ {
		if s.port, err = freePort(); err != nil {
			os.RemoveAll(dir)
			return nil, err
		}
		opts := fmt.Sprintf("-p %d -k %s -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c synchronous_commit=off -c max_connections=200", s.port, dir)
		out, err := s.run("pg_ctl", "-D", dir, "-o", opts, "-l", filepath.Join(dir, "server.log"), "-w", "-t", "60", "start")
		if err == nil {
			return s, nil
		}
		if attempt == 2 {
			log, _ := os.ReadFile(filepath.Join(dir, "server.log"))
			os.RemoveAll(dir)
			return nil, fmt.Errorf("pg_ctl start: %v: %s %s", err, out, log)
		}
	}
}

// passwordGroup is the role whose members must give a password.
const passwordGroup = "pgtest_password"

// requirePasswords makes the members of passwordGroup log in with a
// password (the first matching line of pg_hba.conf wins).
func (s *server) requirePasswords() error {
	hba := filepath.Join(s.dir, "pg_hba.conf")
	old, err := os.ReadFile(hba)
	if err != nil {
		return err
	}
	rule := fmt.Sprintf("host all +%s 127.0.0.1/32 scram-sha-256\n", passwordGroup)
	return os.WriteFile(hba, append([]byte(rule), old...), 0o600)
}

// PasswordLogin creates a login that must give password to connect (the
// others are trusted), with the rights of the server's superuser, and
// returns the connection string of url's database for it, without the
// password.
func PasswordLogin(t testing.TB, url, login, password string) string {
	t.Helper()
	admin := srv.url("postgres", "postgres")
	Exec(t, admin,
		fmt.Sprintf("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '%s') THEN CREATE ROLE %s; END IF; END $$", passwordGroup, passwordGroup),
		fmt.Sprintf("CREATE ROLE %s LOGIN SUPERUSER PASSWORD '%s' IN ROLE %s", login, password, passwordGroup))
	t.Cleanup(func() { exec1(admin, "DROP ROLE IF EXISTS "+login) })
	return UserURL(url, login)
}

// Login creates a login of the test server that connects without a
// password, named after url's database and name so that tests running at
// once never share one, and returns its name. It is dropped when the test
// ends.
func Login(t testing.TB, url, name string) string {
	t.Helper()
	login := databaseOf(url) + "_" + name
	Exec(t, url, "CREATE ROLE "+login+" LOGIN")
	t.Cleanup(func() { exec1(url, "DROP ROLE IF EXISTS "+login) })
	return login
}

// DropAtEnd drops roles the test made for url's database (group roles
// holding rights or objects there) when the test ends, before the
// database is dropped.
func DropAtEnd(t testing.TB, url string, roles ...string) {
	t.Helper()
	quoted := make([]string, len(roles))
	for i, r := range roles {
		quoted[i] = `"` + strings.ReplaceAll(r, `"`, `""`) + `"`
	}
	list := strings.Join(quoted, ", ")
	t.Cleanup(func() {
		exec1(url, "DROP OWNED BY "+list+" CASCADE")
		exec1(url, "DROP ROLE IF EXISTS "+list)
	})
}

// databaseOf returns the database a test URL names.
func databaseOf(url string) string {
	name := url[strings.LastIndex(url, "/")+1:]
	if i := strings.Index(name, "?"); i >= 0 {
		name = name[:i]
	}
	return name
}

func (s *server) run(program string, args ...string) ([]byte, error) {
	argv := append(append(append([]string{}, s.as...), filepath.Join(s.bin, program)), args...)
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Dir = os.TempDir()
	return cmd.CombinedOutput()
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// Unreachable drops the connections to url's database that listen on
// channel, as a network gone down would, and refuses new connections to
// that database until the returned function is called (or the test
// ends); the connections already open stay.
func Unreachable(t testing.TB, url, channel string) (reachable func()) {
	t.Helper()
	admin, name := srv.url("postgres", "postgres"), databaseOf(url)
	Exec(t, admin, "ALTER DATABASE "+name+" ALLOW_CONNECTIONS false",
		"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '"+name+"' AND query = 'LISTEN "+channel+"'")
	var once sync.Once
	reachable = func() {
		once.Do(func() { Exec(t, admin, "ALTER DATABASE "+name+" ALLOW_CONNECTIONS true") })
	}
	t.Cleanup(reachable)
	return reachable
}
