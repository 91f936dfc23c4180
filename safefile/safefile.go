// Package safefile writes files so that a failure never leaves half a file
// or a stray temporary one beside it, and tells a failure of the file
// system by its fault (disk full, read-only, permission…) for the sentence
// a person reads. Every file Riskbook writes goes through a temporary file
// named so that it is recognisably Riskbook's — ".NAME.riskbook-123.tmp"
// beside its destination — which is renamed into place once complete; a
// temporary left by a crash is swept away on a later start.
package safefile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"riskbook/risk"
)

// tempMark is in the name of every temporary file Riskbook makes, so that a
// sweep removes only Riskbook's own.
const tempMark = ".riskbook-"

// CreateTemp makes an empty temporary file, readable by its owner only, in
// dir for a file that will be named base once complete. Riskbook's own
// temporary files left in dir by a crash go first (see Sweep).
func CreateTemp(dir, base string) (*os.File, error) {
	Sweep(dir, time.Now(), StaleAge)
	f, err := os.CreateTemp(dir, "."+base+tempMark+"*.tmp")
	if err != nil {
		return nil, err
	}
	if err := f.Chmod(0o600); err != nil {
		f.Close()
		os.Remove(f.Name())
		return nil, err
	}
	return f, nil
}

// IsTemp reports whether a file name is one of Riskbook's temporary files,
// or a SQLite journal of one.
func IsTemp(name string) bool {
	for _, suffix := range []string{"-wal", "-shm", "-journal"} {
		name = strings.TrimSuffix(name, suffix)
	}
	if !strings.HasPrefix(name, ".") || !strings.HasSuffix(name, ".tmp") {
		return false
	}
	i := strings.LastIndex(name, tempMark)
	if i < 1 {
		return false
	}
	digits := strings.TrimSuffix(name[i+len(tempMark):], ".tmp")
	return digits != "" && strings.Trim(digits, "0123456789") == ""
}

// StaleAge is how old a temporary file must be before a sweep removes it:
// far longer than any export or backup takes, so a sweep never removes one
// another Riskbook is still writing.
const StaleAge = time.Hour

// Sweep removes Riskbook's temporary files in dir last modified before
// now minus age, and returns the names it removed. Other files are never
// touched; a folder that cannot be read is left alone.
func Sweep(dir string, now time.Time, age time.Duration) []string {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	var removed []string
	for _, e := range entries {
		if e.IsDir() || !IsTemp(e.Name()) {
			continue
		}
		info, err := e.Info()
		if err != nil || !info.Mode().IsRegular() || now.Sub(info.ModTime()) < age {
			continue
		}
		if os.Remove(filepath.Join(dir, e.Name())) == nil {
			removed = append(removed, e.Name())
		}
	}
	return removed
}

// Write writes a file under a temporary name in the destination folder and
// renames it into place once it is complete and flushed, so the
// destination is never half-written: a failure leaves the old file (or
// none) and no temporary file. A failure of the file system is told by its
// fault; a failure of write itself (a document that could not be built) is
// returned as it is, never blamed on the disk.
func Write(path string, write func(io.Writer) error) error {
	return WriteMode(path, 0o644, write)
}

// WriteMode is Write giving the file mode once it is in place; until then
// the temporary file is its owner's only, so a file meant to stay private
// (mode 0600) is never readable by others, not even half-written.
func WriteMode(path string, mode os.FileMode, write func(io.Writer) error) (err error) {
	dir := filepath.Dir(path)
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		return risk.Errorf(risk.EINVALID, "%s is a folder; give a file name to write", path)
	}
	f, err := CreateTemp(dir, filepath.Base(path))
	if err != nil {
		return Explain(risk.OpWrite, path, err)
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	w := &recorder{w: f}
	if err := write(w); err != nil {
		if w.err != nil {
			return Explain(risk.OpWrite, path, w.err)
		}
		return err
	}
	if err := f.Sync(); err != nil {
		return Explain(risk.OpWrite, path, err)
	}
	if err := f.Close(); err != nil {
		return Explain(risk.OpWrite, path, err)
	}
	if err := os.Chmod(f.Name(), mode); err != nil {
		return Explain(risk.OpWrite, path, err)
	}
	if err := os.Rename(f.Name(), path); err != nil {
		return Explain(risk.OpWrite, path, err)
	}
	return nil
}

// recorder keeps the first error of the file it writes to, so that a
// failure of the disk is told apart from a failure of whatever produced
// the bytes, however that wraps the error.
type recorder struct {
	w   io.Writer
	err error
}

func (r *recorder) Write(p []byte) (int, error) {
	n, err := r.w.Write(p)
	if err != nil && r.err == nil {
		r.err = err
	}
	return n, err
}

// Explain tells an error of the file system met while doing op on path as
// its fault, for a person; an error that is already meant for a person is
// returned as it is, and one with no fault a person can act on is wrapped
// with the operation and path for the log.
func Explain(op risk.FileOp, path string, err error) error {
	if err == nil {
		return nil
	}
	if re := (*risk.Error)(nil); errors.As(err, &re) {
		return err
	}
	if fault, ok := FaultOf(err); ok {
		return risk.FileErr(fault, op, path, err)
	}
	return fmt.Errorf("%s: %w", path, err)
}

// FaultOf tells the fault behind an error of the operating system.
func FaultOf(err error) (risk.Fault, bool) {
	switch {
	case isDiskFull(err):
		return risk.FaultDiskFull, true
	case isReadOnly(err):
		return risk.FaultReadOnly, true
	case isNameTooLong(err):
		return risk.FaultPathTooLong, true
	case errors.Is(err, fs.ErrPermission):
		return risk.FaultPermission, true
	case errors.Is(err, fs.ErrNotExist):
		return risk.FaultMissing, true
	case isDeviceError(err):
		return risk.FaultDevice, true
	}
	return 0, false
}

// Writable reports whether a file can be opened for writing and whether
// files can be made beside it — what a SQLite workspace needs for its
// journal. If not, the error is a *ReadOnlyError saying why.
func Writable(path string) error {
	if err := canWrite(path); err != nil {
		return &ReadOnlyError{Path: path, Err: err}
	}
	if err := canWrite(filepath.Dir(path)); err != nil {
		return &ReadOnlyError{Path: path, Folder: true, Err: err}
	}
	return nil
}

// FolderWritable reports whether new files can be made in dir.
func FolderWritable(dir string) bool { return canWrite(dir) == nil }

// ReadOnlyError says why a file cannot be written: the file itself, its
// folder, or the disk they are on.
type ReadOnlyError struct {
	Path   string
	Folder bool // the folder refuses new files; the file itself may be writable
	Err    error
}

func (e *ReadOnlyError) Error() string { return e.Reason() + ": " + e.Err.Error() }
func (e *ReadOnlyError) Unwrap() error { return e.Err }

// Reason says in a person's words why the file cannot be written.
func (e *ReadOnlyError) Reason() string { return e.ReasonText().String() }

// ReasonText is Reason as a message, to write in any language.
func (e *ReadOnlyError) ReasonText() risk.Msg {
	switch {
	case isReadOnly(e.Err):
		return risk.T("rules.read_only.disk")
	case errors.Is(e.Err, fs.ErrNotExist):
		return risk.T("rules.read_only.gone")
	case e.Folder:
		return risk.T("rules.read_only.folder")
	}
	return risk.T("rules.read_only.file")
}

// fsError is a refusal to write found without trying to: it wraps the
// system's answer like an *fs.PathError does.
type fsError struct {
	op, path string
	err      error
}

func (e *fsError) Error() string { return e.op + " " + e.path + ": " + e.err.Error() }
func (e *fsError) Unwrap() error { return e.err }

// NearlyFull reports whether the disk holding path has less room left
// than SQLite needs to open a file for writing (its shared-memory index):
// what an input/output error on a full disk really means.
func NearlyFull(path string) bool {
	free, err := freeSpace(filepath.Dir(path))
	return err == nil && free < 64<<10
}

// Same reports whether two paths name the same file; false when either
// cannot be found.
func Same(a, b string) bool {
	sa, err := os.Stat(a)
	if err != nil {
		return false
	}
	sb, err := os.Stat(b)
	return err == nil && os.SameFile(sa, sb)
}
