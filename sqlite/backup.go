package sqlite

import (
	"context"
	"database/sql/driver"
	"fmt"
	"os"
	"path/filepath"

	"riskbook/risk"
)

// Backup writes a consistent copy of the workspace to out, even while
// another process is editing it: SQLite copies one snapshot of the file.
// The copy is made under a temporary name next to out and renamed over it,
// so out is either the old file or a complete new one. The copy is checked
// before it replaces anything.
func (db *DB) Backup(ctx context.Context, out string) (err error) {
	if same, _ := sameFiles(db.path, out); same {
		return risk.Errorf(risk.EINVALID, "The backup must go to another file than %s; choose a different name.", db.path)
	}
	dir := filepath.Dir(out)
	f, err := os.CreateTemp(dir, "."+filepath.Base(out)+".*.tmp")
	if err != nil {
		return risk.Errorf(risk.EINVALID, "Cannot write in %s (%v); choose a folder you can write to.", dir, unwrapPathError(err))
	}
	tmp := f.Name()
	f.Close()
	defer func() {
		if err != nil {
			removeWorkspaceFiles(tmp)
		}
	}()
	// VACUUM INTO refuses to write over a file, even an empty one.
	if err := os.Remove(tmp); err != nil {
		return err
	}
	if err := db.vacuumInto(ctx, tmp); err != nil {
		return risk.Errorf(risk.EINVALID, "Could not write the backup to %s (%v); check the free space and permissions there.", dir, err)
	}
	if err := os.Chmod(tmp, 0o600); err != nil {
		return fmt.Errorf("restrict permissions of backup: %w", err)
	}
	if err := syncFile(tmp); err != nil {
		return fmt.Errorf("flush backup: %w", err)
	}
	check, err := OpenReadOnly(ctx, tmp)
	if err != nil {
		return fmt.Errorf("check backup: %w", err)
	}
	v, err := check.Verify(ctx)
	check.Close()
	if err != nil {
		return fmt.Errorf("check backup: %w", err)
	}
	if v.Integrity != "ok" {
		return risk.Errorf(risk.EINVALID, "The backup copy failed its integrity check (%s); nothing was replaced.", v.Integrity)
	}
	if err := os.Rename(tmp, out); err != nil {
		return risk.Errorf(risk.EINVALID, "Could not put the backup at %s (%v).", out, unwrapPathError(err))
	}
	return syncDir(dir)
}

// vacuumInto copies one consistent snapshot of the workspace to a new file.
// Reader connections are query-only; VACUUM INTO writes only the new file,
// so the guard is lifted for this one statement on one connection.
func (db *DB) vacuumInto(ctx context.Context, path string) error {
	conn, err := db.read.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "PRAGMA query_only = 0"); err != nil {
		return err
	}
	_, err = conn.ExecContext(ctx, "VACUUM INTO ?", path)
	if _, rerr := conn.ExecContext(ctx, "PRAGMA query_only = 1"); rerr != nil {
		conn.Raw(func(any) error { return driver.ErrBadConn }) // never hand a writable reader back to the pool
	}
	return err
}

func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func sameFiles(a, b string) (bool, error) {
	sa, err := os.Stat(a)
	if err != nil {
		return false, err
	}
	sb, err := os.Stat(b)
	if err != nil {
		return false, err
	}
	return os.SameFile(sa, sb), nil
}
