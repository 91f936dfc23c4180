package app

import (
	"errors"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"riskbook/i18n"
	"riskbook/risk"
)

// dateFormat is how the app writes and reads a calendar day, the same in
// every list, label and date field, so that an action due 2027-03-01 never
// sits next to a review on 01/03/2027. The App holds the one in use
// (dateFormatFor); the zero value is ISO 8601.
type dateFormat struct {
	layout string // a time layout; "" is time.DateOnly
	// reads is the layout days are read with when it differs from
	// layout: one that also takes a day or a month of one digit (5/3/2027).
	reads string
	hint  string // the layout as a person reads it, for placeholders
}

// dateFormats are the date formats by language, the one place where a
// language chooses its format; a language not listed writes ISO 8601,
// which every reader understands and which sorts.
var dateFormats = map[i18n.Lang]dateFormat{
	"":           {layout: time.DateOnly, hint: "YYYY-MM-DD"},
	i18n.French:  {layout: "02/01/2006", reads: "2/1/2006", hint: "JJ/MM/AAAA"},
	i18n.Spanish: {layout: "02/01/2006", reads: "2/1/2006", hint: "DD/MM/AAAA"},
}

// dateFormatFor is the date format of a language ("" for the default).
func dateFormatFor(language i18n.Lang) dateFormat {
	if f, ok := dateFormats[language]; ok {
		return f
	}
	return dateFormats[""]
}

func (f dateFormat) layoutOrISO() string {
	if f.layout == "" {
		return time.DateOnly
	}
	return f.layout
}

// show writes d, or "" for the zero date.
func (f dateFormat) show(d risk.Date) string {
	if d.IsZero() {
		return ""
	}
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC).Format(f.layoutOrISO())
}

// shown writes a day as stored (ISO 8601) in the format; anything else as
// it is.
func (f dateFormat) shown(stored string) string {
	d, err := risk.ParseDate(stored)
	if err != nil {
		return stored
	}
	return f.show(d)
}

// stamp writes a stored time in the person's time zone with its minute,
// "—" for none.
func (f dateFormat) stamp(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.Local().Format(f.layoutOrISO() + " 15:04")
}

// parse reads a day written in the format, or in ISO 8601 (2027-03-04,
// which no other format can be mistaken for); "" is the zero date.
func (f dateFormat) parse(s string) (risk.Date, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return risk.Date{}, nil
	}
	layout := f.layoutOrISO()
	if f.reads != "" {
		layout = f.reads
	}
	t, err := time.Parse(layout, s)
	if err != nil {
		t, err = time.Parse(time.DateOnly, s)
	}
	if err != nil {
		return risk.Date{}, errors.New(i18n.T("ui.date.invalid", i18n.Args{"Format": f.placeholder()}))
	}
	return risk.DateOf(t), nil
}

func (f dateFormat) placeholder() string {
	if f.hint == "" {
		return "YYYY-MM-DD"
	}
	return f.hint
}

// dateEntry is a date field: the day typed in the app's date format, or
// picked from a calendar opened by the button at its end. A day that cannot
// be read is marked on the field and changes nothing; clearing the field
// sets the zero date.
type dateEntry struct {
	widget.Entry
	format dateFormat
	date   risk.Date
	// onChanged receives each new day, typed or picked, but not one set by
	// setDate.
	onChanged func(risk.Date)
	popUp     *widget.PopUp
}

func newDateEntry(format dateFormat, onChanged func(risk.Date)) *dateEntry {
	e := &dateEntry{format: format, onChanged: onChanged}
	e.ExtendBaseWidget(e)
	e.SetPlaceHolder(format.placeholder())
	e.ActionItem = widget.NewButtonWithIcon("", theme.CalendarIcon(), e.openCalendar)
	e.Entry.OnChanged = e.typed
	return e
}

// setDate shows d without calling onChanged.
func (e *dateEntry) setDate(d risk.Date) {
	e.date = d
	e.markInvalid(nil)
	on := e.Entry.OnChanged
	e.Entry.OnChanged = nil
	e.SetText(e.format.show(d))
	e.Entry.OnChanged = on
}

// typed takes a day once the text reads as one, and marks the field while
// it does not. The validator is set only then: a field whose date is fine
// carries no mark at all.
func (e *dateEntry) typed(text string) {
	d, err := e.format.parse(text)
	e.markInvalid(err)
	if err != nil || d == e.date {
		return
	}
	e.picked(d)
}

// markInvalid shows err on the field, or clears the mark.
func (e *dateEntry) markInvalid(err error) {
	switch {
	case err != nil:
		e.Validator = func(s string) error { _, err := e.format.parse(s); return err }
		e.SetValidationError(err)
	case e.Validator != nil:
		e.Validator = nil
		e.SetValidationError(nil)
		e.Refresh()
	}
}

func (e *dateEntry) picked(d risk.Date) {
	e.date = d
	if e.onChanged != nil {
		e.onChanged(d)
	}
}

// openCalendar shows a month calendar under the field, on the field's day
// or today, with Today and Clear beside it.
func (e *dateEntry) openCalendar() {
	c := fyne.CurrentApp().Driver().CanvasForObject(e)
	if c == nil || e.Disabled() {
		return
	}
	start := time.Now()
	if !e.date.IsZero() {
		start = time.Date(e.date.Year, e.date.Month, e.date.Day, 12, 0, 0, 0, time.Local)
	}
	choose := func(d risk.Date) {
		e.popUp.Hide()
		e.setDate(d)
		e.picked(d)
	}
	cal := widget.NewCalendar(start, func(t time.Time) { choose(risk.DateOf(t)) })
	today := widget.NewButton(i18n.T("ui.date.today"), func() { choose(risk.DateOf(time.Now())) })
	clear := widget.NewButton(i18n.T("ui.date.clear"), func() { choose(risk.Date{}) })
	e.popUp = widget.NewPopUp(container.NewBorder(nil, container.NewGridWithColumns(2, today, clear), nil, nil, cal), c)
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(e).Add(fyne.NewPos(0, e.Size().Height))
	e.popUp.ShowAtPosition(pos)
}
