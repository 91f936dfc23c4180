package risk

import (
	"path/filepath"

	"riskbook/i18n"
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
	// to say: who holds a locked file, how a damaged one is damaged; nil
	// when there is none.
	Detail Localizer
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
	return &Error{Code: code, Message: e.Sentence(), Text: e, Err: e}
}

// Sentence is what happened and what to do, in words that hold whichever
// front end shows them.
func (e *FileError) Sentence() string { return e.In(i18n.Default()) }

// In writes Sentence in p's language.
func (e *FileError) In(p *i18n.Printer) string {
	return p.T("rules.file.sentence", Args{"What": e.WhatIn(p), "Advice": e.AdviceIn(p)})
}

// What says what happened to which file, without advice.
func (e *FileError) What() string { return e.WhatIn(i18n.Default()) }

// Advice is what to do, in words that hold for every front end.
func (e *FileError) Advice() string { return e.AdviceIn(i18n.Default()) }

// WhatIn writes What in p's language.
func (e *FileError) WhatIn(p *i18n.Printer) string { return e.what().In(p) }

// what is What as a message; the detail, when there is one, completes it.
func (e *FileError) what() Msg {
	args := Args{"Path": e.Path}
	detailed := func(plain, withDetail string) string {
		if e.Detail == nil {
			return plain
		}
		args["Detail"] = e.Detail
		return withDetail
	}
	id := "rules.file.unusable"
	switch e.Fault {
	case FaultDiskFull:
		switch e.Op {
		case OpSave:
			id = "rules.file.disk_full.save"
		case OpOpen:
			id = "rules.file.disk_full.open"
		default:
			id = "rules.file.disk_full.write"
		}
	case FaultReadOnly:
		switch {
		case e.Op == OpWrite:
			id = "rules.file.read_only.write"
		default:
			id = detailed("rules.file.read_only", "rules.file.read_only.detail")
		}
	case FaultLocked:
		id = detailed("rules.file.busy", "rules.file.locked.detail")
	case FaultDamaged:
		id = detailed("rules.file.damaged", "rules.file.damaged.detail")
	case FaultPermission:
		switch e.Op {
		case OpOpen, OpRead:
			id = "rules.file.permission.read"
		case OpSave:
			id = "rules.file.permission.save"
		default:
			id = "rules.file.permission.write"
		}
	case FaultPathTooLong:
		id = "rules.file.path_too_long"
	case FaultMoved:
		id = "rules.file.moved"
	case FaultMissing:
		if e.Op == OpWrite {
			return T("rules.file.missing.folder", Args{"Folder": filepath.Dir(e.Path), "Name": filepath.Base(e.Path)})
		}
		id = "rules.file.missing"
	case FaultDevice:
		id = detailed("rules.file.device", "rules.file.device.detail")
	case FaultNotWorkspace:
		id = detailed("rules.file.not_workspace", "rules.file.not_workspace.detail")
	default:
		id = detailed("rules.file.unusable", "rules.file.unusable.detail")
	}
	return T(id, args)
}

// AdviceIn writes Advice in p's language.
func (e *FileError) AdviceIn(p *i18n.Printer) string { return T(e.adviceID()).In(p) }

func (e *FileError) adviceID() string {
	switch e.Fault {
	case FaultDiskFull:
		return "rules.file.advice.free_space"
	case FaultReadOnly:
		if e.Op == OpWrite {
			return "rules.file.advice.writable_folder"
		}
		return "rules.file.advice.copy_to_edit"
	case FaultLocked:
		if e.Detail != nil {
			return "rules.file.advice.close_there"
		}
		return "rules.file.advice.wait"
	case FaultDamaged:
		return "rules.file.advice.restore"
	case FaultPermission:
		if e.Op == OpWrite {
			return "rules.file.advice.own_folder"
		}
		return "rules.file.advice.ask_owner"
	case FaultPathTooLong:
		return "rules.file.advice.shorter_path"
	case FaultMoved:
		return "rules.file.advice.open_again"
	case FaultMissing:
		switch e.Op {
		case OpWrite:
			return "rules.file.advice.existing_folder"
		case OpOpen:
			return "rules.file.advice.check_path_or_new"
		}
		return "rules.file.advice.check_path"
	case FaultDevice:
		return "rules.file.advice.check_disk"
	case FaultNotWorkspace:
		return "rules.file.advice.open_riskbook"
	}
	return "rules.file.advice.try_again"
}
