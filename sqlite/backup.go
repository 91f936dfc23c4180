package sqlite

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"modernc.org/sqlite"

	"riskbook/risk"
	"riskbook/safefile"
)

// Backup writes a consistent copy of the workspace to out, even while
// another process is editing it: SQLite's online backup copies one
// snapshot of the file, page by page; a server workspace is read in one
// snapshot and written as a workspace file, its change log as it is. The copy is made under a temporary
// name next to out, readable by its owner only, checked, and renamed over
// out, so out is either the old file or a complete new one.
func (db *DB) Backup(ctx context.Context, out string) error {
	if db.server == nil && safefile.Same(db.path, out) {
		return risk.Err(risk.EINVALID, risk.T("store.backup.same_file", risk.Args{"Path": db.path}))
	}
	if st, err := os.Stat(out); err == nil && st.IsDir() {
		return risk.Err(risk.EINVALID, risk.T("store.backup.folder", risk.Args{"Path": out}))
	}
	tmp, err := db.writeCopy(ctx, out)
	if err != nil {
		return err
	}
	if err := os.Rename(tmp, out); err != nil {
		removeWorkspaceFiles(tmp)
		return safefile.Explain(risk.OpWrite, out, err)
	}
	return syncDir(filepath.Dir(out))
}

// writeCopy writes a checked copy of the workspace to a temporary file
// beside out, readable by its owner only, and returns its path; on failure
// nothing is left.
func (db *DB) writeCopy(ctx context.Context, out string) (tmp string, err error) {
	f, err := safefile.CreateTemp(filepath.Dir(out), filepath.Base(out))
	if err != nil {
		return "", safefile.Explain(risk.OpWrite, out, err)
	}
	tmp = f.Name()
	f.Close()
	defer func() {
		if err != nil {
			removeWorkspaceFiles(tmp)
		}
	}()
	if err := db.onlineCopy(ctx, tmp); err != nil {
		return "", explain(risk.OpWrite, out, err)
	}
	if err := syncFile(tmp); err != nil {
		return "", safefile.Explain(risk.OpWrite, out, err)
	}
	if err := checkCopy(ctx, tmp); err != nil {
		return "", err
	}
	return tmp, nil
}

// checkCopy opens a copy just made and runs SQLite's integrity check on it.
func checkCopy(ctx context.Context, path string) error {
	check, err := connect(path, modeImmutable)
	if err != nil {
		return fmt.Errorf("check the copy: %w", err)
	}
	defer check.Close()
	if err := check.checkStamp(ctx); err != nil {
		return fmt.Errorf("check the copy: %w", err)
	}
	result, err := check.integrity(ctx)
	if err != nil {
		return fmt.Errorf("check the copy: %w", err)
	}
	if result != "ok" {
		return risk.Err(risk.EINVALID, risk.T("store.backup.integrity", risk.Args{"Result": result}))
	}
	return nil
}

// backuper is what the driver's connection offers for SQLite's online
// backup.
type backuper interface {
	NewBackup(dstURI string) (*sqlite.Backup, error)
}

// onlineCopy copies the workspace into the empty file at path with
// SQLite's online backup, in one step: one consistent snapshot, taken
// through a reader connection so that it never waits for the writer.
func (db *DB) onlineCopy(ctx context.Context, path string) error {
	if db.server != nil {
		return db.serverCopy(ctx, path)
	}
	conn, err := db.read.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	return conn.Raw(func(dc any) error {
		b, ok := dc.(backuper)
		if !ok {
			return fmt.Errorf("the SQLite driver offers no online backup")
		}
		bk, err := b.NewBackup(dsn(path, modeCopy))
		if err != nil {
			return err
		}
		for more := true; more; {
			if more, err = bk.Step(-1); err != nil {
				bk.Finish()
				return err
			}
		}
		return bk.Finish()
	})
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
