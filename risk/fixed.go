package risk

import (
	"strings"

	"riskbook/i18n"
)

// Fixed is a value of one of Riskbook's fixed lists as stored — a risk's
// status ("treating"), a treatment option, an action's status
// ("in-progress"), a review frequency, a playbook's phase — named as
// people read it in their language: the words the app, the command line
// and the documents all use, message export.value.KIND.VALUE (FixedID).
// A value the catalogue has no words for (a newer file's) is written as
// stored; no value is "".
type Fixed struct {
	Kind, Value string
}

// In names the value in p's language.
func (f Fixed) In(p *i18n.Printer) string {
	if f.Value == "" {
		return ""
	}
	if id := FixedID(f.Kind, f.Value); i18n.Has(id) {
		return p.T(id)
	}
	return f.Value
}

// FixedID is the message naming value v of kind: a hyphen or a space of
// the value written as an underscore.
func FixedID(kind, v string) string {
	return "export.value." + kind + "." + fixedIDChars.Replace(v)
}

var fixedIDChars = strings.NewReplacer("-", "_", " ", "_")
