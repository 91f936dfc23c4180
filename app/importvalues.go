package app

import (
	"slices"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"riskbook/i18n"
	"riskbook/importer"
	"riskbook/risk"
)

// valueFields are the fields whose source values are translated through
// Mapping.Values, in the order the wizard shows them.
var valueFields = []string{importer.FieldInherentLikelihood, importer.FieldInherentConsequence,
	importer.FieldResidualLikelihood, importer.FieldResidualConsequence,
	importer.FieldTreatment, importer.FieldStatus, importer.FieldReviewFrequency}

// maxShownValues bounds the values listed per field: more is a text
// column mapped by mistake, not a scale.
const maxShownValues = 60

func isScoreField(f string) bool {
	return f == importer.FieldInherentLikelihood || f == importer.FieldInherentConsequence ||
		f == importer.FieldResidualLikelihood || f == importer.FieldResidualConsequence
}

// valueTarget is a workspace value a source value can map to: value is
// what the mapping records, label what the list shows (in the reader's
// language, as the editors show it) and names the words a sheet may write
// it as (the stored name and the shown one).
type valueTarget struct {
	value, label string
	names        []string
}

// valueStep is step 4: for each mapped score and enumeration column, its
// distinct values, each with the workspace value it becomes.
type valueStep struct {
	box *fyne.Container
	// selects are by field, then source value key; tests set them.
	selects map[string]map[string]*widget.Select
}

func (w *importWizard) buildValues() fyne.CanvasObject {
	intro := wrapLabel(i18n.T("wizard.values.intro"))
	w.values.box = container.NewVBox()
	return container.NewBorder(intro, nil, nil, nil, container.NewVScroll(w.values.box))
}

// targets are the workspace values of field f, "not mapped" first.
func (w *importWizard) targets(f string) []valueTarget {
	if isScoreField(f) {
		scale := w.crit.Likelihood
		if f == importer.FieldInherentConsequence || f == importer.FieldResidualConsequence {
			scale = w.crit.Consequence
		}
		out := []valueTarget{{value: "", label: i18n.T("wizard.values.unscored")}}
		for i, l := range scale {
			shown := risk.DefaultCriteriaText(i18n.Default(), l.Label)
			out = append(out, valueTarget{strconv.Itoa(i + 1), levelName(i+1, shown), []string{l.Label, shown}})
		}
		return out
	}
	var vals []string
	switch f {
	case importer.FieldTreatment:
		vals = names(risk.Treatments)
	case importer.FieldStatus:
		vals = names(risk.Statuses)
	default:
		vals = names(risk.Frequencies)
	}
	out := []valueTarget{{value: "", label: i18n.T("wizard.values.empty")}}
	for _, v := range vals {
		shown := fixedName(importer.ValueKind(f), v)
		out = append(out, valueTarget{v, shown, []string{v, shown}})
	}
	return out
}

// guess is what a value not in the proposed mapping becomes: a workspace
// value or scale label written as such, else nothing.
func guess(key string, targets []valueTarget) string {
	for _, t := range targets[1:] {
		if key == t.value || slices.ContainsFunc(t.names, func(n string) bool { return strings.EqualFold(key, n) }) {
			return t.value
		}
	}
	return ""
}

// showValues lists the values of every mapped value field. Values the
// proposal left out get their guess recorded, so the review plans exactly
// what the selects show.
func (w *importWizard) showValues() {
	v := &w.values
	v.box.Objects = nil
	v.selects = map[string]map[string]*widget.Select{}
	if ev := evidenceText(w.m.Evidence); ev != "" {
		v.box.Add(wrapLabel(ev))
	}
	for _, f := range valueFields {
		j := w.m.Column(f)
		if j < 0 {
			continue
		}
		v.box.Add(w.valueSection(f, j))
	}
	if len(v.box.Objects) == 0 || len(v.box.Objects) == 1 && len(w.m.Evidence) > 0 {
		v.box.Add(wrapLabel(i18n.T("wizard.values.none")))
	}
	v.box.Refresh()
}

func (w *importWizard) valueSection(f string, j int) fyne.CanvasObject {
	title := i18n.T("wizard.values.section", i18n.Args{"Field": fieldLabel(f), "Column": columnTitle(w.m.Columns[j].Header, j)})
	if b, ok := w.m.Bands[f]; ok {
		scale := w.crit.Likelihood
		if f == importer.FieldInherentConsequence || f == importer.FieldResidualConsequence {
			scale = w.crit.Consequence
		}
		return container.NewVBox(boldLabel(title), wrapLabel(i18n.T("wizard.values.bands", i18n.Args{"Bands": b.Describe(scale)})))
	}
	targets := w.targets(f)
	labels := make([]string, len(targets))
	for i, t := range targets {
		labels[i] = t.label
	}
	if w.m.Values[f] == nil {
		w.m.Values[f] = map[string]string{}
	}
	vals := w.m.Values[f]
	w.values.selects[f] = map[string]*widget.Select{}
	box := container.NewVBox(boldLabel(title))
	all := w.distinct(j)
	for _, sv := range all[:min(len(all), maxShownValues)] {
		cur, ok := vals[sv.key]
		if !ok || !slices.ContainsFunc(targets, func(t valueTarget) bool { return t.value == cur }) {
			cur = guess(sv.key, targets)
			vals[sv.key] = cur
		}
		sel := widget.NewSelect(labels, nil)
		for _, t := range targets {
			if t.value == cur {
				selectQuietly(sel, t.label)
			}
		}
		sel.OnChanged = func(label string) { w.mapValue(f, sv.key, label) }
		w.values.selects[f][sv.key] = sel
		value := widget.NewLabel(sv.text)
		value.Truncation = fyne.TextTruncateEllipsis
		box.Add(container.NewGridWithColumns(2, value, sel))
	}
	if len(all) > maxShownValues {
		box.Add(wrapLabel(i18n.T("wizard.values.more", i18n.Args{"N": len(all) - maxShownValues})))
	}
	return box
}

// mapValue maps a source value of field f to the workspace value labelled.
func (w *importWizard) mapValue(f, key, label string) {
	for _, t := range w.targets(f) {
		if t.label == label {
			w.m.Values[f][key] = t.value
		}
	}
}
