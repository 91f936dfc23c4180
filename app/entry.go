package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// commitEntry is an Entry that reports when the user leaves it, so an edit
// is saved as one change rather than one per keystroke. Multi-line entries
// let Tab move to the next field, as in any form.
type commitEntry struct {
	widget.Entry
	onCommit func()
}

func newCommitEntry(multiLine bool, onCommit func()) *commitEntry {
	e := &commitEntry{onCommit: onCommit}
	e.MultiLine = multiLine
	if multiLine {
		e.Wrapping = fyne.TextWrapWord
		e.SetMinRowsVisible(3)
	}
	e.ExtendBaseWidget(e)
	return e
}

// FocusLost commits the edit.
func (e *commitEntry) FocusLost() {
	e.Entry.FocusLost()
	if e.onCommit != nil {
		e.onCommit()
	}
}

// AcceptsTab is false so that Tab leaves a multi-line entry.
func (e *commitEntry) AcceptsTab() bool { return false }

// setQuietly sets the text without calling OnChanged.
func (e *commitEntry) setQuietly(text string) {
	onChanged := e.OnChanged
	e.OnChanged = nil
	e.SetText(text)
	e.OnChanged = onChanged
}

// selectQuietly sets a Select's value without calling OnChanged.
func selectQuietly(s *widget.Select, v string) {
	onChanged := s.OnChanged
	s.OnChanged = nil
	if v == "" {
		s.ClearSelected()
	} else {
		s.SetSelected(v)
	}
	s.OnChanged = onChanged
}
