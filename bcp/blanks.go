package bcp

import (
	"reflect"
	"strconv"
	"strings"
	"sync"

	"riskbook/i18n"
	"riskbook/risk"
)

// The starter kit cannot know an operator's people, numbers and providers.
// Where it needs one it writes a blank, "[to fill in]" or "[to fill in:
// what to write]", which prints as it reads in every document and which
// the check counts until the operator has written their own value. The
// starter kit in another language writes its blanks in that language:
// "[à compléter : …]", "[por completar: …]".

// ToFillIn is the blank the starter kit leaves for a value only the
// operator knows.
const ToFillIn = "[to fill in]"

// toFillInMarks are how every blank starts, with or without a hint, in
// each language the starter kit is written in, lower-case.
var toFillInMarks = []string{"[to fill in", "[à compléter", "[por completar"}

// IsToFillIn reports whether s still holds a blank.
func IsToFillIn(s string) bool {
	_, n := findMark(s)
	return n > 0
}

// findMark returns where the first blank of s starts and the length of
// its mark; a length of 0 when s holds none.
func findMark(s string) (at, n int) {
	if strings.IndexByte(s, '[') < 0 {
		return -1, 0 // every mark opens a bracket: most text has none
	}
	lower := strings.ToLower(s)
	at = -1
	for _, m := range toFillInMarks {
		if i := strings.Index(lower, m); i >= 0 && (at < 0 || i < at) {
			at, n = i, len(m)
		}
	}
	return at, n
}

// ToFillInHint returns a blank for a value, with what to write: "[to fill
// in: the CERT's 24/7 number]".
func ToFillInHint(hint string) string {
	if hint = strings.TrimSpace(hint); hint == "" {
		return ToFillIn
	}
	return "[to fill in: " + hint + "]"
}

// Blank is one field of a record that still holds a blank.
type Blank struct {
	// Field is the field's path as the JSON dump writes it:
	// "channels[0].value", "roles[1].primary".
	Field string
	// Hint is what to write, from "[to fill in: …]"; empty when the blank
	// has none.
	Hint string
}

// Blanks lists the text fields of a record (a struct or a pointer to one)
// that still hold a blank, in field order. Every text field counts, nested
// lists and structs included, so a blank can go anywhere in the starter
// kit and still be found.
func Blanks(record any) []Blank {
	var out []Blank
	walkText(reflect.ValueOf(record), "", func(path, s string) {
		if IsToFillIn(s) {
			out = append(out, Blank{Field: path, Hint: blankHint(s)})
		}
	})
	return out
}

// walkText calls fn with the path and value of every string under v.
func walkText(v reflect.Value, path string, fn func(path, s string)) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			walkText(v.Elem(), path, fn)
		}
	case reflect.String:
		fn(path, v.String())
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			walkText(v.Index(i), path+"["+strconv.Itoa(i)+"]", fn)
		}
	case reflect.Struct:
		for _, f := range textFields(v.Type()) {
			name := path
			if f.name != "" {
				name = joinPath(path, f.name)
			}
			walkText(v.Field(f.index), name, fn)
		}
	}
}

// textField is a field of a struct that walkText visits: an exported one
// its JSON name does not leave out, with the name a path gives it ("" for
// an embedded struct, whose fields stand for themselves).
type textField struct {
	index int
	name  string
}

// textFieldsOf holds the text fields of each struct type walked: reading
// them from the type for every record was most of a check's time.
var textFieldsOf sync.Map // reflect.Type → []textField

func textFields(t reflect.Type) []textField {
	if fs, ok := textFieldsOf.Load(t); ok {
		return fs.([]textField)
	}
	var fs []textField
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if !f.IsExported() || name == "-" {
			continue
		}
		switch {
		case f.Anonymous:
			name = ""
		case name == "":
			name = f.Name
		}
		fs = append(fs, textField{index: i, name: name})
	}
	textFieldsOf.Store(t, fs)
	return fs
}

func joinPath(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

// blankHint returns the hint of the first blank in s.
func blankHint(s string) string {
	at, n := findMark(s)
	rest := s[at+n:]
	end := strings.Index(rest, "]")
	if end < 0 {
		return ""
	}
	hint := strings.TrimSpace(rest[:end])
	hint = strings.TrimSpace(strings.TrimPrefix(hint, ":"))
	return hint
}

// blankFinding is the one finding about a record's blanks: what is still
// to fill in, pointing at the first field.
func blankFinding(ref string, blanks []Blank) risk.Finding {
	var what []string
	for _, b := range blanks {
		w := b.Hint
		if w == "" {
			w = b.Field
		}
		if !containsFold(what, w) {
			what = append(what, w)
		}
	}
	return risk.NewFinding(risk.SeverityWarning, "to-fill-in", ref, blanks[0].Field, risk.T("rules.bcp.to_fill_in", risk.Args{"What": semicolons(what)}))
}

// semicolons lists texts of the user's or the starter kit's, separated as
// p's language separates the items of a list that hold commas.
type semicolons []string

func (s semicolons) In(p *i18n.Printer) string { return strings.Join(s, p.T("rules.list.semicolon")) }

// ToFillInIn is the blank the starter kit in p's language leaves: "[to
// fill in]", "[à compléter]", "[por completar]", for a person told what
// to look for.
func ToFillInIn(p *i18n.Printer) string { return p.T("rules.bcp.blank") }

func containsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}

// CheckBlanks reports, once per record, the blanks the starter kit left in
// the workspace: the risks, activities, resources, playbooks, exercises and
// contacts. Each blank counts until the operator writes their own value.
func (w *Workspace) CheckBlanks() []risk.Finding {
	var out []risk.Finding
	w.eachRecord(func(ref string, record any) {
		if bs := Blanks(record); len(bs) > 0 {
			out = append(out, blankFinding(ref, bs))
		}
	})
	return out
}

// CountBlanks counts the fields still holding a blank over the whole
// workspace, for the line riskbook check ends with.
func (w *Workspace) CountBlanks() int {
	n := 0
	w.eachRecord(func(_ string, record any) { n += len(Blanks(record)) })
	return n
}

// eachRecord calls fn with every record of the workspace a blank can be
// left in, and its reference.
func (w *Workspace) eachRecord(fn func(ref string, record any)) {
	if w.Register != nil {
		for i := range w.Register.Risks {
			fn(w.Register.Risks[i].Ref, &w.Register.Risks[i])
		}
	}
	w.eachRecordBesideRisks(fn)
}

// eachRecordBesideRisks is eachRecord without the register's risks.
func (w *Workspace) eachRecordBesideRisks(fn func(ref string, record any)) {
	if w.BIA != nil {
		for i := range w.BIA.Activities {
			fn(w.BIA.Activities[i].Ref, &w.BIA.Activities[i])
		}
		for i := range w.BIA.Resources {
			fn(w.BIA.Resources[i].Ref, &w.BIA.Resources[i])
		}
	}
	for i := range w.Playbooks {
		fn(w.Playbooks[i].Ref, &w.Playbooks[i])
	}
	for i := range w.Exercises {
		fn(w.Exercises[i].Ref, &w.Exercises[i])
	}
	for i := range w.Contacts {
		fn(w.Contacts[i].Ref, &w.Contacts[i])
	}
}
