package risk

import (
	"errors"
	"fmt"
	"strings"
)

// Error codes. A caller decides what to do from the code and shows the
// message to a person; anything that is not an *Error is an internal error.
const (
	EINVALID  = "invalid"  // the input breaks a rule; the message says which and how to fix it
	ENOTFOUND = "notfound" // the thing asked for does not exist
	ECONFLICT = "conflict" // the input clashes with what is stored (a duplicate reference)
	EINTERNAL = "internal"
)

// Error is an error meant for a person: Message is one sentence saying what is
// wrong and what to do.
type Error struct {
	Code    string
	Message string
	// Err is the condition behind the message, for callers that phrase
	// their own advice from it (errors.As); it may be nil.
	Err error
}

func (e *Error) Error() string { return e.Message }

// Unwrap returns the condition behind the message.
func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error with the code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL for
// any other error, and "" for nil.
func ErrorCode(err error) string {
	var e *Error
	switch {
	case err == nil:
		return ""
	case errors.As(err, &e):
		return e.Code
	default:
		return EINTERNAL
	}
}

// ErrorMessage returns the person-readable message of err. An internal error
// is shown as such with its detail, which is what a person would report.
func ErrorMessage(err error) string {
	var e *Error
	switch {
	case err == nil:
		return ""
	case errors.As(err, &e):
		return e.Message
	default:
		return "Internal error: " + err.Error()
	}
}

// RefList names up to max references, then how many more there are:
// "R-001, R-002 and 3 more".
func RefList(refs []string, max int) string {
	if len(refs) <= max {
		return strings.Join(refs, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(refs[:max], ", "), len(refs)-max)
}

// Count writes a count with its noun, singular or plural: "1 risk",
// "3 risks", "2 activities". Messages are sentences a person reads.
func Count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
