package risk

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"riskbook/i18n"
)

// Args are the values of a message's placeholders. A value that is itself
// a fixed text (a field's name, a severity, a kind of record) is given as a
// Localizer, so that it is written in the reader's language too; the
// user's own text (a title, a reference) is given as a string and never
// translated.
type Args = i18n.Args

// A Localizer is a text that can be written in any language Riskbook
// speaks: a message with its arguments, a duration, a quoted value.
type Localizer interface {
	In(p *i18n.Printer) string
}

// Msg is a sentence of the catalogue (package i18n) with its arguments:
// what a finding, an error or a report says, kept so that it can be
// written again in another language than the one it was made in — an
// export in French from an app in English. The zero Msg is no message.
type Msg struct {
	ID   string
	Args Args
	// Plural says the message has plural forms, chosen by Count.
	Plural bool
	Count  int
}

// T is message id with its arguments.
func T(id string, args ...Args) Msg { return Msg{ID: id, Args: mergeArgs(args)} }

// N is message id, whose plural form count chooses; {{.Count}} is count.
func N(id string, count int, args ...Args) Msg {
	return Msg{ID: id, Args: mergeArgs(args), Plural: true, Count: count}
}

func mergeArgs(args []Args) Args {
	if len(args) == 1 {
		return args[0]
	}
	var out Args
	for _, a := range args {
		for k, v := range a {
			if out == nil {
				out = Args{}
			}
			out[k] = v
		}
	}
	return out
}

// IsZero reports whether m is no message.
func (m Msg) IsZero() bool { return m.ID == "" }

// In writes m in p's language, its arguments too.
func (m Msg) In(p *i18n.Printer) string {
	if m.ID == "" {
		return ""
	}
	args := make(Args, len(m.Args)+1)
	for k, v := range m.Args {
		args[k] = argIn(p, v)
	}
	if !m.Plural {
		return p.T(m.ID, args)
	}
	if _, ok := args["Count"]; !ok {
		args["Count"] = Num(m.Count).In(p)
	}
	return p.N(m.ID, m.Count, args)
}

// String writes m in the default language.
func (m Msg) String() string { return m.In(i18n.Default()) }

func argIn(p *i18n.Printer, v any) any {
	switch v := v.(type) {
	case Localizer:
		return v.In(p)
	case int:
		return Num(v).In(p)
	case []Localizer:
		parts := make([]string, len(v))
		for i, x := range v {
			parts[i] = x.In(p)
		}
		return strings.Join(parts, p.T("rules.list.sep"))
	case error:
		return ErrorMessageIn(p, v)
	}
	return v
}

// Num is a whole number in a message. English writes its digits as
// Riskbook always has (10000); French and Spanish group numbers of five
// digits and more as their typography does (10 000, 10.000) and leave
// those of four alone (1096), as both do.
type Num int

// In writes n in p's language.
func (n Num) In(p *i18n.Printer) string {
	if p.Lang() != i18n.English && (n >= 10000 || n <= -10000) {
		return p.Int(int(n))
	}
	return strconv.Itoa(int(n))
}

// Quote is a value quoted in a message: "4 hourz" in English (as Go's %q
// writes it, escapes included), « 4 hourz » in French, «4 hourz» in
// Spanish.
type Quote string

// In writes q between the quotation marks of p's language.
func (q Quote) In(p *i18n.Printer) string {
	s := strconv.Quote(string(q))
	return p.T("rules.quoted", Args{"Text": s[1 : len(s)-1]})
}

// Capital writes a text that opens a sentence with a capital letter.
type Capital struct{ Localizer }

// In writes c's text in p's language, its first letter a capital.
func (c Capital) In(p *i18n.Printer) string { return UpperFirst(c.Localizer.In(p)) }

// UpperFirst returns s with its first letter a capital ("élevé" gives
// "Élevé").
func UpperFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 || unicode.IsUpper(r) {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}

// Text is a text of the user's, or one already written, given where a
// Localizer is expected: it is written as it is in every language.
type Text string

// In writes t as it is.
func (t Text) In(*i18n.Printer) string { return string(t) }

// And joins texts as a sentence lists them: "a", "a and b", "a, b and c".
func And(parts ...Localizer) Localizer { return andList(parts) }

type andList []Localizer

func (l andList) In(p *i18n.Printer) string {
	switch len(l) {
	case 0:
		return ""
	case 1:
		return l[0].In(p)
	}
	init := make([]string, len(l)-1)
	for i, x := range l[:len(l)-1] {
		init[i] = x.In(p)
	}
	return p.T("rules.list.and", Args{"Init": strings.Join(init, p.T("rules.list.sep")), "Last": l[len(l)-1].In(p)})
}

// ActionStatusText names an action's status in a sentence: "in-progress"
// in English, as it is stored; "en cours" in French.
func ActionStatusText(s ActionStatus) Localizer {
	switch s {
	case Planned:
		return T("rules.action_status.planned")
	case InProgress:
		return T("rules.action_status.in_progress")
	case Done:
		return T("rules.action_status.done")
	case Cancelled:
		return T("rules.action_status.cancelled")
	}
	return Text(s)
}
