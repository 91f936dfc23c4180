package sqlite

import (
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"riskbook/risk"
	"riskbook/safefile"
)

// Restore puts a copy of the backup at from in place of the workspace at
// to. The workspace must not be open for writing anywhere. When keep is
// not empty and to exists, the file being replaced is first copied to keep
// — with SQLite's online backup, or byte for byte when it is too damaged
// for that — so that a restore can itself be undone. The backup is checked
// before anything is replaced, and to is either the old file or the
// complete copy.
func Restore(ctx context.Context, from, to, keep string) error {
	src, err := OpenReadOnly(ctx, from)
	if err != nil {
		return err
	}
	defer src.Close()
	if safefile.Same(from, to) {
		return risk.Err(risk.EINVALID, risk.T("store.restore.onto_backup", risk.Args{"Path": to}))
	}
	if !exists(to) {
		tmp, err := src.writeCopy(ctx, to)
		if err != nil {
			return err
		}
		if err := placeNew(tmp, to); err != nil {
			removeWorkspaceFiles(tmp)
			return err
		}
		return syncDir(filepath.Dir(to))
	}
	lock, err := acquireLock(to)
	if err != nil {
		return err
	}
	defer lock.release()
	if keep != "" {
		if err := keepCopy(ctx, to, keep); err != nil {
			return err
		}
	}
	tmp, err := src.writeCopy(ctx, to)
	if err != nil {
		return err
	}
	// The journal of the file being replaced would be replayed into the
	// restored one; what it held is in the copy kept above.
	for _, suffix := range []string{"-wal", "-shm", "-journal"} {
		if err := os.Remove(to + suffix); err != nil && !errors.Is(err, fs.ErrNotExist) {
			removeWorkspaceFiles(tmp)
			return safefile.Explain(risk.OpWrite, to, err)
		}
	}
	if err := os.Rename(tmp, to); err != nil {
		removeWorkspaceFiles(tmp)
		return safefile.Explain(risk.OpWrite, to, err)
	}
	return syncDir(filepath.Dir(to))
}

// keepCopy copies the workspace at path to keep before it is replaced.
func keepCopy(ctx context.Context, path, keep string) error {
	if db, err := OpenReadOnly(ctx, path); err == nil {
		err = db.Backup(ctx, keep)
		db.Close()
		if err == nil {
			return nil
		}
	}
	// Too damaged for SQLite: keep the bytes as they are.
	err := safefile.Write(keep, func(w io.Writer) error {
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		_, err = io.Copy(w, f)
		return err
	})
	if err != nil {
		return err
	}
	return os.Chmod(keep, 0o600)
}
