package sqlite

import (
	"errors"
	"fmt"
	"os"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"riskbook/risk"
	"riskbook/safefile"
)

// explain tells a failure met while doing op on the workspace at path as a
// fault a person can act on (a full disk, a read-only or damaged file…),
// the driver's own words kept behind it for the log. An error already meant
// for a person, and one with no such fault, are returned as they are.
func explain(op risk.FileOp, path string, err error) error {
	if err == nil {
		return nil
	}
	if re := (*risk.Error)(nil); errors.As(err, &re) {
		return err
	}
	if IsServer(path) {
		return serverError(path, err)
	}
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return safefile.Explain(op, path, err)
	}
	fe := &risk.FileError{Op: op, Path: path, Err: err}
	switch code := se.Code(); {
	case code == sqlite3.SQLITE_READONLY_DBMOVED:
		fe.Fault = risk.FaultMoved
	case code&0xff == sqlite3.SQLITE_FULL:
		fe.Fault = risk.FaultDiskFull
	case code&0xff == sqlite3.SQLITE_READONLY:
		fe.Fault = risk.FaultReadOnly
	case code&0xff == sqlite3.SQLITE_CORRUPT, code&0xff == sqlite3.SQLITE_NOTADB:
		fe.Fault = risk.FaultDamaged
		fe.Detail = risk.T("store.detail.unreadable_part")
	case code&0xff == sqlite3.SQLITE_BUSY, code&0xff == sqlite3.SQLITE_LOCKED:
		fe.Fault = risk.FaultLocked
	case code&0xff == sqlite3.SQLITE_PERM, code&0xff == sqlite3.SQLITE_AUTH:
		fe.Fault = risk.FaultPermission
	case code&0xff == sqlite3.SQLITE_CANTOPEN:
		fe.Fault = cantOpen(path)
		if fe.Fault == risk.FaultReadOnly && safefile.NearlyFull(path) {
			fe.Fault = risk.FaultDiskFull
		}
	case code == sqlite3.SQLITE_IOERR_SHORT_READ:
		fe.Fault = risk.FaultDamaged
		fe.Detail = risk.T("store.detail.cut_short")
	case code&0xff == sqlite3.SQLITE_IOERR:
		fe.Fault = risk.FaultDevice
		if f, ok := faultOfDisk(path); ok {
			fe.Fault = f
		} else if safefile.NearlyFull(path) {
			fe.Fault = risk.FaultDiskFull
		}
	default:
		return fmt.Errorf("%s: %w", path, err)
	}
	return fe.Person()
}

// cantOpen finds out why SQLite could not open a file, which it does not
// say: the file or its folder is missing, out of reach, or read-only.
func cantOpen(path string) risk.Fault {
	if _, err := os.Stat(path); err != nil {
		if f, ok := safefile.FaultOf(err); ok {
			return f
		}
		return risk.FaultMissing
	}
	if f, ok := faultOfDisk(path); ok {
		return f
	}
	return risk.FaultReadOnly
}

// faultOfDisk asks the system whether the file and its folder can be
// written, for a failure SQLite reports only as an input/output error.
func faultOfDisk(path string) (risk.Fault, bool) {
	if err := safefile.Writable(path); err != nil {
		return safefile.FaultOf(err)
	}
	return 0, false
}

// sameFileInfo reports whether path still names the file that was opened.
func sameFileInfo(path string, opened os.FileInfo) bool {
	st, err := os.Stat(path)
	return err == nil && os.SameFile(st, opened)
}

// readErr tells a failure to read the workspace by its fault: a damaged
// file, a disk gone away.
func (db *DB) readErr(err error) error { return explain(risk.OpRead, db.path, err) }
