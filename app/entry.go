package app

import (
	"math"
	"reflect"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// commitEntry is an Entry that reports when the user leaves it, so an edit
// is saved as one change rather than one per keystroke. Multi-line entries
// let Tab move to the next field, as in any form, and grow with their text
// up to maxRows lines, so that a description reads whole and the editor
// scrolls as one page; only a longer text scrolls inside its field.
type commitEntry struct {
	widget.Entry
	onCommit func()
	// minRows is the fewest lines shown, rowsShown those shown now.
	minRows, rowsShown int
	// inner is the entry's own scroll, once it is drawn (multi-line).
	inner fyne.Scrollable
}

// maxRows is how tall a multi-line field grows before it scrolls itself.
const maxRows = 12

func newCommitEntry(multiLine bool, onCommit func()) *commitEntry {
	e := &commitEntry{onCommit: onCommit}
	e.MultiLine = multiLine
	if multiLine {
		e.Wrapping = fyne.TextWrapWord
		e.setRows(3)
	}
	e.ExtendBaseWidget(e)
	return e
}

// setRows sets the fewest lines the field shows, however short its text.
func (e *commitEntry) setRows(n int) {
	e.minRows, e.rowsShown = n, n
	e.SetMinRowsVisible(n)
}

// CreateRenderer draws the entry and, for a multi-line one, keeps its
// height fitted to its text.
func (e *commitEntry) CreateRenderer() fyne.WidgetRenderer {
	r := e.Entry.CreateRenderer()
	if !e.MultiLine {
		return r
	}
	e.inner = nil
	for _, o := range r.Objects() {
		if s, ok := o.(fyne.Scrollable); ok {
			e.inner = s
		}
	}
	return &growingRenderer{WidgetRenderer: r, e: e}
}

// overflows reports whether the field's text is longer than it shows, so
// that the wheel over it scrolls the text rather than the editor.
func (e *commitEntry) overflows() bool {
	content, ok := scrollContent(e.inner)
	return ok && content.MinSize().Height > e.inner.(fyne.CanvasObject).Size().Height+1
}

// fit sets the lines shown to those the text needs, between minRows and
// maxRows.
func (e *commitEntry) fit() {
	content, ok := scrollContent(e.inner)
	if !ok || e.minRows == 0 || e.inner.(fyne.CanvasObject).Size().Width == 0 {
		return
	}
	line := fyne.MeasureText("M", theme.TextSize(), e.TextStyle).Height
	need := int(math.Ceil(float64((content.MinSize().Height - 2*theme.InnerPadding()) / line)))
	need = min(max(need, e.minRows), maxRows)
	if need != e.rowsShown {
		e.rowsShown = need
		e.SetMinRowsVisible(need)
	}
}

// growingRenderer fits a multi-line entry's height to its text after each
// layout (the text wraps at the new width) and refresh (the text changed).
type growingRenderer struct {
	fyne.WidgetRenderer
	e *commitEntry
}

func (r *growingRenderer) Layout(size fyne.Size) {
	r.WidgetRenderer.Layout(size)
	r.e.fit()
}

func (r *growingRenderer) Refresh() {
	r.WidgetRenderer.Refresh()
	r.e.fit()
}

// scrollContent is what a Fyne scroll holds. The entry's own scroll is of
// an internal type whose Content field is exported but not reachable by a
// type assertion; reflection reads it.
func scrollContent(s fyne.Scrollable) (fyne.CanvasObject, bool) {
	if s == nil {
		return nil, false
	}
	v := reflect.ValueOf(s)
	if v.Kind() != reflect.Pointer || v.IsNil() {
		return nil, false
	}
	f := v.Elem().FieldByName("Content")
	if !f.IsValid() || f.IsNil() {
		return nil, false
	}
	c, ok := f.Interface().(fyne.CanvasObject)
	return c, ok && c != nil
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
