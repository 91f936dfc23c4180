package app

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"riskbook/export"
	"riskbook/i18n"
	"riskbook/risk"
)

// fieldMessages are the labels where rule findings appear next to the
// fields they are about, keyed by the findings' Field; "" is the editor's
// general place for findings about no field it shows. It also lays out the
// editor's form rows, with one label width for all of the editor's forms
// so that fields line up from section to section.
type fieldMessages struct {
	labels map[string]*widget.Label
	labelW float32
}

// newFieldMessages sizes row labels for the widest of the label texts.
func newFieldMessages(labels ...string) *fieldMessages {
	w := float32(0)
	for _, l := range labels {
		w = max(w, fyne.MeasureText(l, theme.TextSize(), fyne.TextStyle{}).Width+2*theme.InnerPadding())
	}
	return &fieldMessages{labels: map[string]*widget.Label{}, labelW: w}
}

// label returns the place for findings about key, made on first use.
func (m *fieldMessages) label(key string) *widget.Label {
	if l, ok := m.labels[key]; ok {
		return l
	}
	l := widget.NewLabel("")
	l.Wrapping = fyne.TextWrapWord
	l.Hide()
	m.labels[key] = l
	return l
}

// row pairs a label with a field and the place for its findings.
func (m *fieldMessages) row(label string, field fyne.CanvasObject, key string) formRow {
	return m.rowWith(widget.NewLabel(label), field, key)
}

// rowWith is row with a label the editor keeps to change its text.
func (m *fieldMessages) rowWith(label *widget.Label, field fyne.CanvasObject, key string) formRow {
	label.Alignment = fyne.TextAlignTrailing
	return formRow{atLeastWide(m.labelW, label), container.NewVBox(field, m.label(key))}
}

// show puts each finding next to its field, worst colour first, and hides
// the places with nothing to say.
func (m *fieldMessages) show(findings []risk.Finding) {
	byField := map[string][]risk.Finding{}
	for _, f := range findings {
		key := m.place(f.Field)
		byField[key] = append(byField[key], f)
	}
	for key, l := range m.labels {
		fs := byField[key]
		if len(fs) == 0 {
			l.Hide()
			continue
		}
		var lines []string
		l.Importance = widget.MediumImportance
		for _, f := range fs {
			lines = append(lines, "• "+sentence(f.Message))
			switch {
			case f.Severity == risk.SeverityError:
				l.Importance = widget.DangerImportance
			case f.Severity == risk.SeverityWarning && l.Importance != widget.DangerImportance:
				l.Importance = widget.WarningImportance
			}
		}
		l.SetText(strings.Join(lines, "\n"))
		l.Show()
	}
}

// forget drops the places of the fields whose keys start with prefix, for
// rows about to be rebuilt, so that findings about rows that no longer
// exist go to the list's or the general place rather than to a label
// nobody sees.
func (m *fieldMessages) forget(prefix string) {
	for key := range m.labels {
		if strings.HasPrefix(key, prefix) {
			delete(m.labels, key)
		}
	}
}

// place is where findings about field go: its own place, else the place
// of the list it is in ("actions" for "actions[2].due"), else the
// editor's general place.
func (m *fieldMessages) place(field string) string {
	for key := field; key != ""; {
		if _, ok := m.labels[key]; ok {
			return key
		}
		i := strings.LastIndex(key, "[")
		if i < 0 {
			break
		}
		key = key[:i]
	}
	return ""
}

// sentence capitalises a finding's message and ends it with a full stop.
func sentence(msg string) string {
	msg = capitalise(strings.TrimSpace(msg))
	if msg != "" && !strings.HasSuffix(msg, ".") {
		msg += "."
	}
	return msg
}

// formRow is a labelled field.
type formRow struct {
	label fyne.CanvasObject
	field fyne.CanvasObject
}

// heading is a section title inside an editor.
func heading(text string) fyne.CanvasObject {
	l := widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	l.SizeName = theme.SizeNameSubHeadingText
	// A heading longer in another language wraps rather than widening
	// its form past the editor.
	l.Wrapping = fyne.TextWrapWord
	return container.NewVBox(widget.NewSeparator(), l)
}

// capitalise writes s with a capital first letter, whatever its script
// ("équipement" gives "Équipement").
func capitalise(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 || r == utf8.RuneError {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}

// names are the strings of a list of enumeration values, for a choice.
func names[T ~string](vs []T) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = string(v)
	}
	return out
}

// formOf lays rows out with their labels in one aligned column.
func formOf(rows ...formRow) *fyne.Container {
	var objs []fyne.CanvasObject
	for _, r := range rows {
		objs = append(objs, r.label, r.field)
	}
	return container.New(layout.NewFormLayout(), objs...)
}

// blockingFinding returns the first finding that keeps a record from being
// saved.
func blockingFinding(fs []risk.Finding) (risk.Finding, bool) {
	for _, f := range fs {
		if f.Blocking {
			return f, true
		}
	}
	return risk.Finding{}, false
}

// wrapLabel is a label that wraps, so it never widens its container.
func wrapLabel(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	return l
}

// findingsAbout keeps the findings about the entity with reference ref (and
// about one with no reference yet, named "(no reference)" by the rules).
func findingsAbout(fs []risk.Finding, ref string) []risk.Finding {
	var out []risk.Finding
	for _, f := range fs {
		if strings.EqualFold(f.Ref, ref) || f.Ref == "(no reference)" {
			out = append(out, f)
		}
	}
	return out
}

// focusSelected puts the cursor in entry with its text selected, so that
// typing replaces a placeholder such as "New step".
func focusSelected(c fyne.Canvas, entry fyne.Focusable) {
	c.Focus(entry)
	if s, ok := entry.(fyne.Shortcutable); ok {
		s.TypedShortcut(&fyne.ShortcutSelectAll{})
	}
}

// scoreName writes a score as the app's language abbreviates it, as the
// documents do: "L4×C5", "V4×C5" in French, "P4×C5" in Spanish.
func scoreName(s risk.Score) string { return export.ScoreIn(i18n.Default(), s) }

// fixedName is how a person reads a fixed value of a kind — a risk's
// status, a treatment option, a review frequency — in the language in
// use: the words the documents print (the export.value.KIND.VALUE
// messages), or the value as stored when the catalogue has no words for
// it; "" for none.
func fixedName[T ~string](kind string, v T) string {
	if v == "" {
		return ""
	}
	id := "export.value." + kind + "." + strings.ReplaceAll(string(v), "-", "_")
	if i18n.Has(id) {
		return i18n.T(id)
	}
	return string(v)
}

// fixedNames are the names of values, in their order.
func fixedNames[T ~string](kind string, vs []T) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = fixedName(kind, v)
	}
	return out
}
