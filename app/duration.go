package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"riskbook/bcp"
	"riskbook/i18n"
	"riskbook/risk"
)

// durationField is a text field for a BIA duration, written the way people
// write one ("4h", "2 days", "30 min"). What is typed counts when the field
// is committed (left, Enter, or the editor saving after a pause): a
// duration goes to the draft, anything else changes nothing and the field
// says why under it.
type durationField struct {
	entry    *commitEntry
	problem  *widget.Label
	onChange func(bcp.Duration)
	onTyped  func()
	pending  bool // typed since the last commit
	root     fyne.CanvasObject
}

// newDurationField calls onTyped on each keystroke, onChange with a valid
// committed value and onLeave when the field is left.
func newDurationField(placeholder string, onTyped func(), onChange func(bcp.Duration), onLeave func()) *durationField {
	f := &durationField{onChange: onChange, onTyped: onTyped, problem: fieldErrorLabel()}
	f.entry = newCommitEntry(false, onLeave)
	f.entry.SetPlaceHolder(placeholder)
	f.entry.OnChanged = f.typed
	f.entry.OnSubmitted = func(string) { onLeave() }
	f.root = container.NewVBox(f.entry, f.problem)
	return f
}

// durationName writes a duration in the app's language ("2 jours",
// "3 días"); the field reads it back in any of Riskbook's languages.
func durationName(d bcp.Duration) string { return d.In(i18n.Default()) }

// durationShown writes a duration as stored (in English, "4h") in the
// app's language, as the field shows it; anything else as it is.
func durationShown(stored string) string {
	d, err := bcp.ParseDuration(stored)
	if err != nil {
		return stored
	}
	return durationName(bcp.Duration(d))
}

func (f *durationField) view() fyne.CanvasObject { return f.root }

// set shows d without reporting it and forgets any bad text.
func (f *durationField) set(d bcp.Duration) {
	f.entry.setQuietly(durationName(d))
	f.pending = false
	f.problem.Hide()
}

func (f *durationField) typed(string) {
	f.pending = true
	f.onTyped()
}

// commit reads what was typed: a duration is reported, anything else shows
// the reason and is not. It reports whether the text is a duration.
func (f *durationField) commit() bool {
	d, err := bcp.ParseDuration(f.entry.Text)
	if err != nil {
		f.problem.SetText(sentence(risk.ErrorMessage(err)))
		f.problem.Show()
		return false
	}
	f.problem.Hide()
	if f.pending {
		f.pending = false
		f.onChange(bcp.Duration(d))
	}
	return true
}
