// Package sqlite is the Riskbook workspace file: one SQLite database holding
// the risk register, opened with the pragmas, migrations and single-writer
// discipline the design asks for. It speaks in domain terms; nothing outside
// it sees SQL.
package sqlite

import (
	"bytes"
	"context"
	"database/sql"
	"embed"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"modernc.org/sqlite" // registers the "sqlite" driver
	sqlite3 "modernc.org/sqlite/lib"

	"riskbook/risk"
)

// ApplicationID marks a SQLite file as a Riskbook workspace ("RskB").
const ApplicationID = 0x52736B42

// Extension is the file extension of a workspace.
const Extension = ".riskbook"

//go:embed migrations/*.sql
var migrationFS embed.FS

type migration struct {
	version int
	name    string
	sql     string
}

// migrations returns the embedded migrations in version order. A file is
// named NNN_name.sql; a shipped migration is never edited, only added to.
func migrations() ([]migration, error) {
	entries, err := fs.ReadDir(migrationFS, "migrations")
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
		body, err := migrationFS.ReadFile("migrations/" + e.Name())
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

// SchemaVersion is the schema this build writes: the number of the newest
// embedded migration.
func SchemaVersion() int {
	ms, err := migrations()
	if err != nil || len(ms) == 0 {
		panic(fmt.Sprintf("embedded migrations are broken: %v", err))
	}
	return ms[len(ms)-1].version
}

// DB is an open workspace. Reads go through a small pool of read-only
// connections; every write goes through the single writer connection, one
// transaction per user edit.
type DB struct {
	path  string
	write *sql.DB
	read  *sql.DB
	lock  *lockFile

	// Now returns the current time; tests replace it.
	Now func() time.Time
}

// Path returns the workspace file's path.
func (db *DB) Path() string { return db.path }

// dsn builds the connection string. The path is escaped for a file: URI;
// nothing else in it comes from outside, since pragma values run as SQL.
func dsn(path string, readOnly bool) string {
	p := filepath.ToSlash(path)
	if vol := filepath.VolumeName(path); vol != "" {
		p = "/" + p
	}
	p = strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(p)
	q := "_pragma=busy_timeout(5000)&_pragma=foreign_keys(1)&_time_format=sqlite"
	if readOnly {
		// query_only rather than mode=ro: a reader that closes last must be
		// able to checkpoint and remove the -wal and -shm files, or they are
		// left next to the workspace. The journal mode is left as the file
		// has it, so reading a backup does not convert it.
		return "file:" + p + "?" + q + "&_pragma=query_only(1)"
	}
	return "file:" + p + "?" + q + "&_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)&_txlock=immediate"
}

// build makes a workspace in a temporary file next to path, lets fill write
// into it, closes it (checkpointing the WAL) and renames it to path.
func build(ctx context.Context, path string, fill func(*DB) error) (err error) {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return risk.Errorf(risk.EINVALID, "Cannot create a file in %s (%v); choose a folder you can write to.", dir, unwrapPathError(err))
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			removeWorkspaceFiles(tmp)
		}
	}()
	if err := f.Chmod(0o600); err != nil {
		f.Close()
		return fmt.Errorf("restrict permissions of %s: %w", tmp, err)
	}
	if err := f.Close(); err != nil {
		return err
	}
	db, err := connect(tmp, false)
	if err != nil {
		return err
	}
	db.Now = time.Now
	if err = db.initSchema(ctx); err == nil {
		err = fill(db)
	}
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	if err := createNew(path); err != nil {
		return err
	}
	if err := placeNew(tmp, path); err != nil {
		return err
	}
	return syncDir(dir)
}

// placeNew moves a finished file to path without replacing a file that
// appeared there meanwhile: a hard link fails if path exists. Filesystems
// without hard links fall back to a rename.
func placeNew(tmp, path string) error {
	// A -wal or -shm file without its database belongs to a deleted
	// workspace. SQLite would replay that old journal into the new file, so
	// it goes before the new file takes the name.
	if !exists(path) {
		for _, suffix := range []string{"-wal", "-shm", "-journal"} {
			if err := os.Remove(path + suffix); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return fmt.Errorf("remove the leftover %s: %w", path+suffix, err)
			}
		}
	}
	if err := os.Link(tmp, path); err == nil {
		return os.Remove(tmp)
	} else if exists(path) {
		return risk.Errorf(risk.ECONFLICT, "%s already exists; choose another file name or move the existing file away.", path)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("move new file into place: %w", err)
	}
	return nil
}

func exists(path string) bool {
	_, err := os.Lstat(path)
	return err == nil
}

func removeWorkspaceFiles(path string) {
	for _, suffix := range []string{"", "-wal", "-shm", "-journal"} {
		os.Remove(path + suffix)
	}
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return nil // not every platform can open a directory; the rename is still done
	}
	defer d.Close()
	d.Sync() // best effort: some filesystems refuse to sync a directory
	return nil
}

// initSchema stamps a fresh file as a workspace and applies every migration.
func (db *DB) initSchema(ctx context.Context) error {
	if _, err := db.write.ExecContext(ctx, fmt.Sprintf("PRAGMA application_id = %d", ApplicationID)); err != nil {
		return fmt.Errorf("stamp application id: %w", err)
	}
	return db.migrate(ctx)
}

// Open opens an existing workspace for reading and writing, applying any
// migrations it lacks. It refuses, without changing the file, anything that is
// not a workspace of a schema this build knows, and a workspace that another
// process has open for writing.
func Open(ctx context.Context, path string) (*DB, error) {
	if err := checkHeader(path); err != nil {
		return nil, err
	}
	lock, err := acquireLock(path)
	if err != nil {
		return nil, err
	}
	db, err := connect(path, false)
	if err != nil {
		lock.release()
		return nil, err
	}
	db.lock = lock
	if err := db.checkStamp(ctx); err != nil {
		db.Close()
		return nil, err
	}
	if err := db.migrate(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("upgrade %s: %w", path, err)
	}
	return db, nil
}

// OpenReadOnly opens a workspace for reading only, without taking the writer
// lock: dump, check, verify and export work while the app has the file open.
func OpenReadOnly(ctx context.Context, path string) (*DB, error) {
	if err := checkHeader(path); err != nil {
		return nil, err
	}
	db, err := connect(path, true)
	if err != nil {
		return nil, err
	}
	if err := db.checkStamp(ctx); err != nil {
		db.Close()
		return nil, err
	}
	var v int
	if err := db.read.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil {
		db.Close()
		return nil, err
	}
	if v < SchemaVersion() {
		db.Close()
		return nil, risk.Errorf(risk.EINVALID, "%s was made by an older Riskbook; open it once in the app (riskbook open) to upgrade it, then try again.", path)
	}
	return db, nil
}

func connect(path string, readOnly bool) (*DB, error) {
	db := &DB{path: path, Now: time.Now}
	var err error
	if db.read, err = sql.Open("sqlite", dsn(path, true)); err != nil {
		return nil, err
	}
	db.read.SetMaxOpenConns(4)
	if !readOnly {
		if db.write, err = sql.Open("sqlite", dsn(path, false)); err != nil {
			db.read.Close()
			return nil, err
		}
		db.write.SetMaxOpenConns(1)
		db.write.SetConnMaxIdleTime(0)
		// Open the writer first: it puts the file in WAL mode before any
		// reader looks at it.
		if err := db.write.Ping(); err != nil {
			db.Close()
			return nil, openError(path, err)
		}
	}
	return db, nil
}

// Close closes the connections and releases the writer lock.
func (db *DB) Close() error {
	var errs []error
	if db.read != nil {
		errs = append(errs, db.read.Close())
	}
	if db.write != nil {
		errs = append(errs, db.write.Close())
	}
	if db.lock != nil {
		db.lock.release()
		db.lock = nil
	}
	return errors.Join(errs...)
}

// openError turns a failure to open a file SQLite recognised into a
// sentence: a damaged file is the one failure a person can act on.
func openError(path string, err error) error {
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff {
		case sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB:
			return risk.Errorf(risk.EINVALID, "%s is damaged (%v); restore it from a backup, or run riskbook verify on it for details.", path, err)
		}
	}
	return fmt.Errorf("open %s: %w", path, err)
}

func (db *DB) checkStamp(ctx context.Context) error {
	conn := db.read
	if db.write != nil {
		conn = db.write
	}
	var app, version int
	if err := conn.QueryRowContext(ctx, "PRAGMA application_id").Scan(&app); err != nil {
		return openError(db.path, err)
	}
	if err := conn.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return fmt.Errorf("read %s: %w", db.path, err)
	}
	return stampError(db.path, uint32(app), version)
}

func stampError(path string, app uint32, version int) error {
	if app != ApplicationID {
		return risk.Errorf(risk.EINVALID, "%s is a SQLite database but not a Riskbook workspace; open a .riskbook file or create one with riskbook init.", path)
	}
	if version > SchemaVersion() {
		return risk.Errorf(risk.EINVALID, "%s was saved by a newer Riskbook (schema %d; this one reads up to %d); update Riskbook to open it.", path, version, SchemaVersion())
	}
	return nil
}

// sqliteMagic starts every SQLite database file.
var sqliteMagic = []byte("SQLite format 3\x00")

// checkHeader reads the 100-byte database header without opening the file as
// a database, so files Riskbook refuses are never touched.
func checkHeader(path string) error {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return risk.Errorf(risk.ENOTFOUND, "%s does not exist; check the path, or create a workspace with riskbook init.", path)
	}
	if err != nil {
		return risk.Errorf(risk.EINVALID, "Cannot read %s (%v); check its permissions.", path, unwrapPathError(err))
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.IsDir() {
		return risk.Errorf(risk.EINVALID, "%s is a folder, not a workspace file; give the path of a .riskbook file.", path)
	}
	var h [100]byte
	n, err := io.ReadFull(f, h[:])
	if err != nil && n == 0 {
		if errors.Is(err, io.EOF) {
			return risk.Errorf(risk.EINVALID, "%s is empty, not a Riskbook workspace; open a .riskbook file or create one with riskbook init.", path)
		}
		return risk.Errorf(risk.EINVALID, "Cannot read %s (%v); check its permissions.", path, err)
	}
	if n < len(h) || !bytes.Equal(h[:16], sqliteMagic) {
		return risk.Errorf(risk.EINVALID, "%s is not a Riskbook workspace (it is not a SQLite database); open a .riskbook file or create one with riskbook init.", path)
	}
	version := int(binary.BigEndian.Uint32(h[60:64]))
	app := binary.BigEndian.Uint32(h[68:72])
	return stampError(path, app, version)
}

func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// migrate applies the migrations the file lacks, each in its own
// transaction together with its record and the new user_version.
func (db *DB) migrate(ctx context.Context) error {
	ms, err := migrations()
	if err != nil {
		return err
	}
	if _, err := db.write.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied TEXT NOT NULL) STRICT`); err != nil {
		return fmt.Errorf("create migrations table: %w", err)
	}
	for _, m := range ms {
		if err := db.applyMigration(ctx, m); err != nil {
			return fmt.Errorf("migration %03d_%s: %w", m.version, m.name, err)
		}
	}
	return nil
}

func (db *DB) applyMigration(ctx context.Context, m migration) error {
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM migrations WHERE version = ?", m.version).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return nil
	}
	if _, err := tx.ExecContext(ctx, m.sql); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO migrations (version, name, applied) VALUES (?, ?, ?)",
		m.version, m.name, formatTime(db.Now())); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", m.version)); err != nil {
		return err
	}
	return tx.Commit()
}

// formatTime stores instants as RFC 3339 in UTC, to the second.
func formatTime(t time.Time) string { return t.UTC().Truncate(time.Second).Format(time.RFC3339) }

func parseTime(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	return time.Parse(time.RFC3339, s)
}
