package export

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"

	"riskbook/risk"
)

// WriteFile writes a file under a temporary name in the destination folder
// and renames it into place once it is complete and flushed, so the
// destination is never half-written: a failure leaves the old file (or
// none) and no temporary file.
func WriteFile(path string, write func(io.Writer) error) (err error) {
	dir := filepath.Dir(path)
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		return risk.Errorf(risk.EINVALID, "%s is a folder; give a file name for the export", path)
	}
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return risk.Errorf(risk.EINVALID, "Cannot write in %s (%s); choose a folder you can write to", dir, reason(err))
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	if err := write(f); err != nil {
		var re *risk.Error
		if errors.As(err, &re) {
			return err
		}
		return risk.Errorf(risk.EINVALID, "Could not write %s (%s); check the free space in %s", path, reason(err), dir)
	}
	if err := f.Sync(); err != nil {
		return risk.Errorf(risk.EINVALID, "Could not write %s (%s); check the free space in %s", path, reason(err), dir)
	}
	if err := f.Close(); err != nil {
		return risk.Errorf(risk.EINVALID, "Could not write %s (%s); check the free space in %s", path, reason(err), dir)
	}
	if err := os.Chmod(f.Name(), 0o644); err != nil {
		return fmt.Errorf("set permissions of %s: %w", path, err)
	}
	if err := os.Rename(f.Name(), path); err != nil {
		return risk.Errorf(risk.EINVALID, "Could not put the export at %s (%s)", path, reason(err))
	}
	return nil
}

// reason is the part of an error a person can act on.
func reason(err error) string {
	switch {
	case errors.Is(err, syscall.ENOSPC):
		return "the disk is full"
	case errors.Is(err, fs.ErrPermission):
		return "permission denied"
	case errors.Is(err, fs.ErrNotExist):
		return "the folder does not exist"
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}
