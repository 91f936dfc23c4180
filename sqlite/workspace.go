// Package sqlite is the Riskbook workspace file: one SQLite database holding
// every record of the workspace, opened with the pragmas, migrations and
// single-writer discipline the design asks for, with the hash-chained
// change log, dump and load, backups and the lock. It speaks in domain
// terms; nothing outside it sees SQL. It stores and decides nothing: it
// normalises a record as it is stored, resolves its links, and refuses
// what the domain's rules (risk, bcp) refuse, by calling them.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	// registers the "sqlite" driver

	"riskbook/risk"
	"riskbook/safefile"
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
func migrations() ([]migration, error) { return readMigrations(migrationFS, "migrations") }

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
	write *sql.DB // nil when the workspace is open read-only
	read  *sql.DB
	lock  *lockFile
	// opened is the file as opened for writing, to notice it moving away.
	opened os.FileInfo
	// readOnly says why a workspace opened read-only cannot be changed.
	readOnly risk.Localizer
	// copy is the private copy a read-only workspace is read from, if any.
	copy string
	// openedPages is the size of the file in pages when it was opened for
	// writing, to compact it on closing when it grew much.
	openedPages int64
	// server is set for a workspace on a PostgreSQL server (server.go);
	// nil for a file.
	server *server

	// Now returns the current time; tests replace it.
	Now func() time.Time
}

// Path returns the workspace file's path.
func (db *DB) Path() string { return db.path }

// build makes a workspace in a temporary file next to path, lets fill write
// into it, closes it (checkpointing the WAL) and renames it to path.
func build(ctx context.Context, path string, fill func(*DB) error) (err error) {
	if IsServer(path) {
		return buildServer(ctx, path, fill)
	}
	dir := filepath.Dir(path)
	f, err := safefile.CreateTemp(dir, filepath.Base(path))
	if err != nil {
		return safefile.Explain(risk.OpWrite, path, err)
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			removeWorkspaceFiles(tmp)
		}
	}()
	if err := f.Close(); err != nil {
		return safefile.Explain(risk.OpWrite, path, err)
	}
	if err := fillFile(ctx, tmp, fill); err != nil {
		return explain(risk.OpWrite, path, err)
	}
	// What the checkpoint wrote must all be there: a full disk can cut
	// the file short without SQLite saying so on closing.
	if _, err := readHeader(tmp); err != nil {
		return risk.FileErr(risk.FaultDiskFull, risk.OpWrite, path, err)
	}
	if err := createNew(path); err != nil {
		return err
	}
	if err := placeNew(tmp, path); err != nil {
		return err
	}
	return syncDir(dir)
}

// fillFile makes the empty file at path a new workspace and lets fill
// write into it; the file is compacted and checkpointed, whole when it
// is closed.
func fillFile(ctx context.Context, path string, fill func(*DB) error) error {
	db, err := connect(path, modeWrite)
	if err != nil {
		return err
	}
	db.Now = time.Now
	if err = db.initSchema(ctx); err == nil {
		err = fill(db)
	}
	if err == nil {
		// A new file starts compacted: its records before their history.
		_, err = db.write.ExecContext(ctx, "VACUUM")
	}
	if err == nil {
		err = db.checkpoint(ctx)
	}
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	return err
}

// checkpoint copies everything the write-ahead log holds into the file
// itself, failing when it cannot (a full disk): a new file must be whole
// before it takes its name, since its log would not follow it.
func (db *DB) checkpoint(ctx context.Context) error {
	var busy, logged, done int
	if err := db.write.QueryRowContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)").Scan(&busy, &logged, &done); err != nil {
		return err
	}
	if busy != 0 || done < logged {
		return fmt.Errorf("checkpoint left %d of %d pages in the log", logged-done, logged)
	}
	return nil
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
		return risk.Err(risk.ECONFLICT, risk.T("store.file_exists", risk.Args{"Path": path}))
	}
	if err := os.Rename(tmp, path); err != nil {
		return safefile.Explain(risk.OpWrite, path, err)
	}
	return nil
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

// migrate applies the migrations the file lacks, each in its own
// transaction together with its record and the new user_version.
func (db *DB) migrate(ctx context.Context) error { return db.migrateTo(ctx, SchemaVersion()) }

// migrateTo applies the migrations up to version upto.
func (db *DB) migrateTo(ctx context.Context, upto int) error {
	ms, err := migrations()
	if err != nil {
		return err
	}
	if _, err := db.write.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied TEXT NOT NULL) STRICT`); err != nil {
		return fmt.Errorf("create migrations table: %w", err)
	}
	for _, m := range ms[:min(upto, len(ms))] {
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
