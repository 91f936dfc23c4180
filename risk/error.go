package risk

import (
	"errors"
	"fmt"
	"strings"

	"riskbook/i18n"
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
	// Text is Message kept as a message of the catalogue, to write it in
	// another language (In); nil for a message made with Errorf, which
	// every language shows as it was written.
	Text Localizer
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

// Err returns an *Error with the code and a message of the catalogue,
// written in the default language and kept to write it in another.
func Err(code string, m Localizer) *Error {
	return &Error{Code: code, Message: m.In(i18n.Default()), Text: m}
}

// In writes e's message in p's language.
func (e *Error) In(p *i18n.Printer) string {
	if e.Text == nil {
		return e.Message
	}
	return e.Text.In(p)
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
		return i18n.T("rules.internal_error", Args{"Detail": err.Error()})
	}
}

// ErrorMessageIn is ErrorMessage written in p's language.
func ErrorMessageIn(p *i18n.Printer, err error) string {
	var e *Error
	switch {
	case err == nil:
		return ""
	case errors.As(err, &e):
		return e.In(p)
	default:
		return p.T("rules.internal_error", Args{"Detail": err.Error()})
	}
}

// ErrorText is the message of err as a Localizer, for a message that
// quotes another's: an *Error writes itself in the reader's language, any
// other error as ErrorMessageIn does.
func ErrorText(err error) Localizer { return errText{err} }

type errText struct{ err error }

func (e errText) In(p *i18n.Printer) string { return ErrorMessageIn(p, e.err) }

// RefList names up to max references, then how many more there are:
// "R-001, R-002 and 3 more".
func RefList(refs []string, max int) string {
	return Refs(refs, max).In(i18n.Default())
}

// Refs is RefList as a Localizer, for a message that lists references.
func Refs(refs []string, max int) Localizer { return refList{refs, max} }

type refList struct {
	refs []string
	max  int
}

func (r refList) In(p *i18n.Printer) string {
	if len(r.refs) <= r.max {
		return strings.Join(r.refs, ", ")
	}
	return p.N("rules.refs.more", len(r.refs)-r.max, Args{"Refs": strings.Join(r.refs[:r.max], ", "),
		"Count": Num(len(r.refs) - r.max).In(p)})
}

// Count writes a count with its noun, singular or plural: "1 risk",
// "3 risks", "2 activities". Messages are sentences a person reads.
func Count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
