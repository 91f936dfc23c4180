package risk

import (
	"fmt"
	"path/filepath"
)

// Fault is what went wrong with a file, in the terms a person acts on: the
// disk is full, the file is read-only, damaged, held by another program… The
// storage packages decide the fault from what the operating system or SQLite
// said; the front ends phrase their advice from it.
type Fault int

// The faults a file operation can meet.
const (
	FaultDiskFull     Fault = iota + 1 // the disk holding the file has no space left
	FaultReadOnly                      // the file, its folder or its disk cannot be written
	FaultLocked                        // another program has the file open for writing
	FaultDamaged                       // the file's content is damaged
	FaultPermission                    // the operating system refuses access
	FaultPathTooLong                   // the path is longer than the system allows
	FaultMoved                         // the file was moved, renamed or deleted while open
	FaultMissing                       // the file, or the folder it goes in, does not exist
	FaultDevice                        // the disk reported an error (a share or stick gone)
	FaultNotWorkspace                  // the file is not a Riskbook workspace
)

// FileOp is what was being done to a file when it failed.
type FileOp int

// The operations on files.
const (
	OpOpen  FileOp = iota + 1 // opening a workspace
	OpRead                    // reading an open workspace
	OpSave                    // saving a change to a workspace (an edit, an import)
	OpWrite                   // writing a new file: an export, a backup, a dump, a new workspace
)

// FileError is a failure of a file operation, told by its fault. Its
// Sentence is neutral advice that fits every front end; a front end that
// can say more in its own terms (a button, a command) phrases its own from
// What and the fault. Err, the technical cause, belongs in the log.
type FileError struct {
	Fault Fault
	Op    FileOp
	Path  string
	// Detail completes the fault in a person's words, when there is more
	// to say: who holds a locked file, how a damaged one is damaged.
	Detail string
	Err    error
}

func (e *FileError) Error() string {
	if e.Err == nil {
		return e.Sentence()
	}
	return e.Sentence() + " (" + e.Err.Error() + ")"
}

// Unwrap returns the technical cause.
func (e *FileError) Unwrap() error { return e.Err }

// FileErr returns err told as a fault of op on path: an *Error whose
// message is the fault's sentence, with the *FileError behind it.
func FileErr(fault Fault, op FileOp, path string, err error) *Error {
	return (&FileError{Fault: fault, Op: op, Path: path, Err: err}).Person()
}

// Person returns the error meant for a person: e's sentence, with e behind
// it for errors.As.
func (e *FileError) Person() *Error {
	code := EINVALID
	switch e.Fault {
	case FaultMissing:
		if e.Op != OpWrite {
			code = ENOTFOUND
		}
	case FaultLocked:
		code = ECONFLICT
	}
	return &Error{Code: code, Message: e.Sentence(), Err: e}
}

// Sentence is what happened and what to do, in words that hold whichever
// front end shows them.
func (e *FileError) Sentence() string {
	return e.What() + "; " + e.Advice() + "."
}

// What says what happened to which file, without advice.
func (e *FileError) What() string {
	p := e.Path
	detail := ""
	if e.Detail != "" {
		detail = " (" + e.Detail + ")"
	}
	switch e.Fault {
	case FaultDiskFull:
		switch e.Op {
		case OpSave:
			return fmt.Sprintf("The disk holding %s is full, so nothing was saved and the file is as it was", p)
		case OpOpen:
			return fmt.Sprintf("The disk holding %s is full, so it cannot be opened for changes", p)
		}
		return fmt.Sprintf("The disk is full, so %s was not written; any earlier file of that name is unchanged", p)
	case FaultReadOnly:
		switch {
		case e.Op == OpWrite:
		case e.Detail != "":
			return fmt.Sprintf("%s cannot be changed: %s", p, e.Detail)
		default:
			return fmt.Sprintf("%s is read-only (the file, its folder or its disk cannot be written), so it cannot be changed", p)
		}
		return fmt.Sprintf("%s cannot be written: its folder or disk is read-only", p)
	case FaultLocked:
		if e.Detail != "" {
			return fmt.Sprintf("%s is already open for writing %s", p, e.Detail)
		}
		return fmt.Sprintf("%s is busy: another program is writing to it", p)
	case FaultDamaged:
		return fmt.Sprintf("%s is damaged%s, so Riskbook will not change it", p, detail)
	case FaultPermission:
		switch e.Op {
		case OpOpen, OpRead:
			return fmt.Sprintf("You do not have permission to read %s", p)
		case OpSave:
			return fmt.Sprintf("You do not have permission to change %s, so your change was not saved", p)
		}
		return fmt.Sprintf("You do not have permission to write %s", p)
	case FaultPathTooLong:
		return fmt.Sprintf("The path %s is too long for this system", p)
	case FaultMoved:
		return fmt.Sprintf("%s was moved, renamed or deleted while it was open, so your change was not saved", p)
	case FaultMissing:
		if e.Op == OpWrite {
			return fmt.Sprintf("The folder %s does not exist, so %s was not written", filepath.Dir(p), filepath.Base(p))
		}
		return fmt.Sprintf("%s does not exist", p)
	case FaultDevice:
		return fmt.Sprintf("%s could not be read or written: the disk reported an error%s", p, detail)
	case FaultNotWorkspace:
		return fmt.Sprintf("%s is not a Riskbook workspace%s", p, detail)
	}
	return fmt.Sprintf("%s could not be used%s", p, detail)
}

// Advice is what to do, in words that hold for every front end.
func (e *FileError) Advice() string {
	switch e.Fault {
	case FaultDiskFull:
		return "free some space on that disk, then try again"
	case FaultReadOnly:
		if e.Op == OpWrite {
			return "choose a folder you can write to"
		}
		return "to edit it, copy it to a folder you can write to and open the copy"
	case FaultLocked:
		if e.Detail != "" {
			return "close it there first, or open a copy"
		}
		return "try again in a moment"
	case FaultDamaged:
		return "restore it from a backup, or salvage what can still be read into a new workspace"
	case FaultPermission:
		if e.Op == OpWrite {
			return "choose a folder of yours"
		}
		return "ask its owner for access, or work on a copy in a folder of yours"
	case FaultPathTooLong:
		return "move the file to a folder with a shorter path, or give it a shorter name"
	case FaultMoved:
		return "open it again from where it is now and make the change again"
	case FaultMissing:
		switch e.Op {
		case OpWrite:
			return "choose an existing folder"
		case OpOpen:
			return "check the path, or create a new workspace"
		}
		return "check the path"
	case FaultDevice:
		return "check that the disk or network share is still connected, then try again"
	case FaultNotWorkspace:
		return "open a .riskbook file, or create a new workspace"
	}
	return "try again"
}
