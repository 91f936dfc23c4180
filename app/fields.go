package app

import (
	"slices"
	"strconv"
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
// so that fields line up from section to section. It is also the one
// place that knows the name each field is shown under (names), which the
// conflict choice lists fields by.
type fieldMessages struct {
	labels map[string]*widget.Label
	// names are the labels of the fields by key, the item of a list
	// written "[]" ("actions[].due"): a label the editor changes the text
	// of names its field as it reads now.
	names map[string]*widget.Label
	// shows write a stored value of a field as the editor shows it (a
	// status by its name, a day in the person's date format), by key as
	// names; shownBy are those of the fields made, by field, which a row
	// files under its key.
	shows   map[string]func(stored string) string
	shownBy map[fyne.CanvasObject]func(stored string) string
	labelW  float32
}

// newFieldMessages sizes row labels for the widest of the label texts.
func newFieldMessages(labels ...string) *fieldMessages {
	w := float32(0)
	for _, l := range labels {
		w = max(w, fyne.MeasureText(l, theme.TextSize(), fyne.TextStyle{}).Width+2*theme.InnerPadding())
	}
	return &fieldMessages{labels: map[string]*widget.Label{}, names: map[string]*widget.Label{},
		shows: map[string]func(string) string{}, shownBy: map[fyne.CanvasObject]func(string) string{}, labelW: w}
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
	m.names[anyItem(key)] = label
	if show := m.shownIn(field); show != nil {
		m.shows[anyItem(key)] = show
	}
	return formRow{atLeastWide(m.labelW, label), container.NewVBox(field, m.label(key))}
}

// name gives the field at key the name label, for a field whose row is
// not a labelled form row (a list, a score, an item's field shown by its
// placeholder); key writes a list's item "[]".
func (m *fieldMessages) name(key, label string) {
	m.names[key] = widget.NewLabel(label)
}

// showsAs tells how field writes a stored value, for the row that will
// hold it: the editor's own naming of its choices, its date format.
func (m *fieldMessages) showsAs(field fyne.CanvasObject, show func(stored string) string) {
	m.shownBy[field] = show
}

// showsAt tells how the field at key, shown outside a labelled row (an
// item of a list), writes a stored value; key writes a list's item "[]".
func (m *fieldMessages) showsAt(key string, show func(stored string) string) {
	m.shows[key] = show
}

// shownIn finds how the field of a row, or a field inside it, writes a
// stored value; nil when it shows values as stored. The field is
// forgotten then: a list's rows are made again at each change.
func (m *fieldMessages) shownIn(o fyne.CanvasObject) func(string) string {
	if show, ok := m.shownBy[o]; ok {
		delete(m.shownBy, o)
		return show
	}
	if c, ok := o.(*fyne.Container); ok {
		for _, x := range c.Objects {
			if show := m.shownIn(x); show != nil {
				return show
			}
		}
	}
	return nil
}

// fieldValue writes v, a value of the field at path as the change log
// holds it (risk.DiffJSON's text), as the editor shows it: a status or a
// kind by its name, a day in the person's date format, a duration in
// their language; as stored when the editor shows it as stored.
func (m *fieldMessages) fieldValue(path, v string) string {
	if show, ok := m.shows[anyItem(path)]; ok && v != "" {
		return show(v)
	}
	return v
}

// fieldName is the field at path, a field path of the change log
// ("title", "inherent.likelihood", "phases[0].steps[1].what"), as the
// editor names it in the person's language: its label, with the numbers
// of the items it is in ("What (no. 1.2)"); a part of a field the editor
// does not name apart goes by the field's name; the path itself only
// when the editor shows no such field.
func (m *fieldMessages) fieldName(path string) string {
	name := ""
	for k := anyItem(path); k != ""; {
		if l, ok := m.names[k]; ok {
			name = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(l.Text), ":"))
			break
		}
		i := strings.LastIndexAny(k, ".[")
		if i < 0 {
			break
		}
		k = k[:i]
	}
	if name == "" {
		return path
	}
	if n := items(path); n != "" {
		name = i18n.T("live.conflict.item", i18n.Args{"Field": name, "N": n})
	}
	return name
}

// anyItem writes every item index of a field path as "[]":
// "actions[1].due" is "actions[].due".
func anyItem(path string) string {
	var b strings.Builder
	for i := 0; i < len(path); i++ {
		b.WriteByte(path[i])
		if path[i] == '[' {
			for i+1 < len(path) && path[i+1] >= '0' && path[i+1] <= '9' {
				i++
			}
		}
	}
	return b.String()
}

// items numbers the list items a field path goes through from 1, outer
// first: "phases[0].steps[1].what" is "1.2", a path through no list "".
func items(path string) string {
	var ns []string
	for rest := path; ; {
		i := strings.Index(rest, "[")
		if i < 0 {
			break
		}
		j := strings.Index(rest[i:], "]")
		if j < 0 {
			break
		}
		if n, err := strconv.Atoi(rest[i+1 : i+j]); err == nil {
			ns = append(ns, strconv.Itoa(n+1))
		}
		rest = rest[i+j+1:]
	}
	return strings.Join(ns, ".")
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
// use, as the command line and the documents name it (risk.Fixed); "" for
// none.
func fixedName[T ~string](kind string, v T) string {
	return risk.Fixed{Kind: kind, Value: string(v)}.In(i18n.Default())
}

// fixedNamer names the values vs of a fixed list once (fixedNames) and
// returns them with a function that names one value by them: for a table
// that writes one in every cell. A value not in the list is named as
// fixedName names it.
func fixedNamer[T ~string](kind string, vs []T) ([]string, func(T) string) {
	names := fixedNames(kind, vs)
	return names, func(v T) string {
		if i := slices.Index(vs, v); i >= 0 {
			return names[i]
		}
		return fixedName(kind, v)
	}
}

// yesShown writes a ticked box as the change log holds it ("yes") in the
// app's language.
func yesShown(stored string) string {
	if stored == "yes" {
		return i18n.T("export.yes")
	}
	return stored
}

// fixedShown writes a stored value of a kind as fixedName does.
func fixedShown(kind string) func(string) string {
	return func(v string) string { return fixedName(kind, v) }
}

// fixedNames are the names of values, in their order.
func fixedNames[T ~string](kind string, vs []T) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = fixedName(kind, v)
	}
	return out
}
