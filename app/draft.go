package app

import (
	"context"
	"slices"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"riskbook/bcp"
	"riskbook/i18n"
	"riskbook/risk"
)

// draftEditor is the machinery every editor shares, whatever record it
// edits: it loads the record into a draft that the fields write to, checks
// the draft against the domain's rules after every edit and shows each
// finding next to its field, saves the draft at once (choices, clicks) or
// once typing pauses, and when a rule or the store refuses the draft says
// why in the banner and keeps every edit in the draft until a later save
// succeeds. An editor embeds it, describes its record once in a
// draftSpec, and adds only its own fields and layout.
type draftEditor[T any] struct {
	autosave
	draft  T
	spec   draftSpec[T]
	loaded bool // a record is in the draft
	// today is the date the rules check against; tests set it.
	today func() risk.Date

	heading  *widget.Label // the record's reference and name
	meta     *widget.Label // when the record was created and changed
	messages *fieldMessages
	// conflict offers the choice when someone else changed the record
	// since it was read.
	conflict *conflict
	scroll   *container.Scroll // the fields, scrolled to the top on load; may be nil
	root     fyne.CanvasObject
}

// draftSpec describes one kind of record to the machinery. Only the
// optional hooks may be nil.
type draftSpec[T any] struct {
	// dates is the app's date format, for the date fields and the stamps
	// (the zero value is ISO 8601).
	dates dateFormat
	// key identifies a record: reloading the record being edited keeps a
	// pending edit.
	key   func(*T) any
	clone func(T) T
	// title is the heading: the reference and the name.
	title func(*T) string
	// stamps are when the record was created and last changed, for the
	// line at the foot of the editor (optional).
	stamps func(*T) (created, updated time.Time)
	// check returns the rules' findings about draft, a copy the check may
	// normalise, in the workspace the editor was loaded with (optional: a
	// record with no rule a person can break in it has none).
	check func(draft T) []risk.Finding
	// fill sets every field from the draft, quietly.
	fill func()
	// refresh sets, quietly, what depends on the rest of the workspace: the
	// choices a field offers, what links here (optional). It runs when the
	// record is reloaded while an edit is pending.
	refresh func()
	// derived shows what follows from the draft beyond the heading and the
	// stamps (optional).
	derived func()
	// commit takes into the draft what fields hold until they are left,
	// such as durations, before a save (optional).
	commit func()
	// shown receives the findings after they are shown next to the fields
	// (optional).
	shown func([]risk.Finding)
	store func(ctx context.Context, draft *T) error
	// copyBack copies into the draft what the store set on saving: the
	// time of the change, new IDs (optional).
	copyBack func(draft *T, stored T)
	// stamp is the record's Updated stamp, which the store compares with
	// the stored one to refuse an edit made on a stale read; an edit kept
	// over the other person's takes theirs (optional: without it, such a
	// refusal shows in the banner like any other).
	stamp func(*T) *time.Time
	// onSaved tells the screen what was stored.
	onSaved func(T)
	// ref is the record's reference, under which the change log keeps its
	// history; history shows it, its fields named and their values written
	// as the editor does (both optional: no History button works without
	// them).
	ref     func(*T) string
	history func(entity, key string, fields fieldShower)
	// awaiting tells the app whose edit of which record waits for the
	// person's choice ("": no longer), for the status bar (optional).
	awaiting func(editor any, ref string)
}

// init readies the machinery before the editor builds its fields; the
// labels of the editor's forms are as wide as the widest of labels.
func (d *draftEditor[T]) init(spec draftSpec[T], labels ...string) {
	d.spec = spec
	d.today = func() risk.Date { return risk.DateOf(time.Now()) }
	d.heading = editorHeading()
	d.banner = fieldErrorLabel()
	d.meta = widget.NewLabel("")
	d.meta.Importance = widget.LowImportance
	d.meta.Wrapping = fyne.TextWrapWord
	d.messages = newFieldMessages(labels...)
	d.messages.name("ref", i18n.T("risks.field.reference"))
	d.conflict = newConflict(d.awaiting)
}

// awaiting tells the app that the edit in the draft waits for the person's
// choice about the record stored as ref, or no longer does (""); a record
// the refusal names by no reference goes by its heading.
func (d *draftEditor[T]) awaiting(ref string) {
	if d.spec.awaiting == nil {
		return
	}
	if ref == "" && d.conflict.pending() {
		ref = d.spec.title(&d.draft)
	}
	d.spec.awaiting(d, ref)
}

// frame lays the editor out around body with editorFrame and keeps its
// scroll to show a newly loaded record from the top.
func (d *draftEditor[T]) frame(body fyne.CanvasObject, onDelete, onClose func(), actions ...fyne.CanvasObject) {
	// The choice scrolls with the fields it is about: however many it
	// lists, it never makes the editor taller than its window.
	d.scroll, d.root = editorFrame(d.heading, d.banner, container.NewVBox(d.conflict.box, body), onDelete, onClose, actions...)
}

func (d *draftEditor[T]) view() fyne.CanvasObject { return d.root }

// load shows x in the editor. Reloading the record being edited while an
// edit is pending keeps the edit: only what depends on the rest of the
// workspace is refreshed, and the draft is checked again.
func (d *draftEditor[T]) load(x T) {
	if d.loaded && d.dirty && d.spec.key(&d.draft) == d.spec.key(&x) {
		if d.spec.refresh != nil {
			d.quietly(d.spec.refresh)
		}
		d.validate()
		return
	}
	d.stopTimer()
	d.quietly(func() {
		d.draft, d.dirty, d.loaded = d.spec.clone(x), false, true
		d.banner.Hide()
		d.conflict.clear()
		d.spec.fill()
		d.showDerived()
		d.validate()
	})
	if d.scroll != nil {
		d.scroll.ScrollToTop()
	}
}

// unload empties the editor: nothing is shown, so nothing is saved.
func (d *draftEditor[T]) unload() {
	d.discard()
	d.conflict.clear()
	d.loaded = false
	var zero T
	d.draft = zero
}

// edited records a change to the draft: show what follows from it, check
// it, and save now (choices, clicks) or after a pause in typing.
func (d *draftEditor[T]) edited(now bool) {
	if d.loading {
		return
	}
	d.dirty = true
	d.showDerived()
	d.validate()
	d.schedule(now, d.flush)
}

// showDerived updates the heading, the stamps and what follows from the
// draft.
func (d *draftEditor[T]) showDerived() {
	d.heading.SetText(d.spec.title(&d.draft))
	if d.spec.stamps != nil {
		created, updated := d.spec.stamps(&d.draft)
		d.meta.SetText(i18n.T("shell.draft.stamps", i18n.Args{"Created": d.spec.dates.stamp(created), "Changed": d.spec.dates.stamp(updated)}))
	}
	if d.spec.derived != nil {
		d.spec.derived()
	}
}

// validate shows the rules' findings about the draft next to their fields
// and returns them.
func (d *draftEditor[T]) validate() []risk.Finding {
	var fs []risk.Finding
	if d.spec.check != nil {
		fs = d.spec.check(d.spec.clone(d.draft))
	}
	d.messages.show(fs)
	if d.spec.shown != nil {
		d.spec.shown(fs)
	}
	return fs
}

// flush is every editor's save. It does nothing while the draft is clean.
// Otherwise it commits the fields that keep their text until left, refuses
// a draft that breaks a blocking rule with the rule's sentence, and stores
// a copy of the draft; a refusal by the store is shown the same way, and
// the edit stays in the draft either way.
func (d *draftEditor[T]) flush() {
	d.stopTimer()
	if !d.dirty || !d.loaded {
		return
	}
	if d.spec.commit != nil {
		d.spec.commit()
	}
	if f, ok := blockingFinding(d.validate()); ok {
		d.blocked(sentence(f.Message))
		return
	}
	v := d.spec.clone(d.draft)
	err := d.spec.store(context.Background(), &v)
	if d.offerChoice(err) {
		return
	}
	if !d.outcome(err) {
		return
	}
	d.conflict.clear()
	if d.spec.copyBack != nil {
		d.spec.copyBack(&d.draft, v)
	}
	d.showDerived()
	d.spec.onSaved(v)
}

// offerChoice shows the choice between the edit and the record as
// someone else left it when err is the store's refusal of an edit made on
// a stale read, and reports whether it did. The edit stays in the draft,
// unsaved, until the person chooses: keep mine saves it over theirs,
// knowingly (it takes their version's stamp); take theirs drops it and
// shows their version.
func (d *draftEditor[T]) offerChoice(err error) bool {
	stale, theirs, ok := staleOf[T](err)
	if !ok || d.spec.stamp == nil {
		return false
	}
	d.banner.Hide()
	keep := func() {
		*d.spec.stamp(&d.draft) = stale.At
		d.conflict.clear()
		d.dirty = true
		d.flush()
	}
	take := func() {
		d.conflict.clear()
		d.dirty = false
		d.load(theirs)
		d.spec.onSaved(d.spec.clone(theirs))
	}
	d.conflict.show(message(err), stale, recordJSON(d.draft), recordJSON(theirs), d.messages, d.spec.dates, keep, take)
	if d.scroll != nil {
		d.scroll.ScrollToTop()
	}
	return true
}

// fillRows rebuilds in box the rows of one list of the draft, named list
// in the rules' findings ("channels"): row(i) for each of its n items, or
// the empty text when there is none. Rows are rebuilt whenever an item is
// added, moved or removed, so the indexes their callbacks hold stay right.
func (d *draftEditor[T]) fillRows(box *fyne.Container, list string, n int, row func(i int) fyne.CanvasObject, empty string) {
	d.quietly(func() {
		d.messages.forget(list + "[")
		box.RemoveAll()
		for i := range n {
			box.Add(row(i))
		}
		if n == 0 {
			box.Add(lowLabel(empty))
		}
	})
}

// historyButton makes the button that shows the record's history: the
// draft is saved first, so the history ends with the last edit.
func (d *draftEditor[T]) historyButton(entity string) *widget.Button {
	return widget.NewButtonWithIcon(i18n.T("shell.draft.history"), theme.HistoryIcon(), func() {
		d.flush()
		if d.loaded && d.spec.ref != nil && d.spec.history != nil {
			d.spec.history(entity, d.spec.ref(&d.draft), d.messages)
		}
	})
}

// leaveFor saves the draft, then opens something else.
func (d *draftEditor[T]) leaveFor(open func()) {
	d.flush()
	open()
}

// The fields below write to the draft through set and count as edits
// only when the person makes them, not while the editor fills them.

// entry makes a text field, saved once typing pauses or the field is left.
func (d *draftEditor[T]) entry(multiLine bool, placeholder string, set func(string)) *commitEntry {
	en := newCommitEntry(multiLine, d.flush)
	en.SetPlaceHolder(placeholder)
	en.OnChanged = func(v string) {
		if !d.loading {
			set(v)
			d.edited(false)
		}
	}
	return en
}

// suggest makes a text field with suggestions, saved like an entry or when
// Enter is pressed.
func (d *draftEditor[T]) suggest(placeholder string, set func(string)) *widget.SelectEntry {
	s := widget.NewSelectEntry(nil)
	s.SetPlaceHolder(placeholder)
	s.OnChanged = func(v string) {
		if !d.loading {
			set(v)
			d.edited(false)
		}
	}
	s.OnSubmitted = func(string) { d.flush() }
	return s
}

// choice makes a drop-down whose choice, an index into its options, is
// saved at once; shown names a stored value as the options do (nil: as
// stored), for the conflict choice and the history.
func (d *draftEditor[T]) choice(options []string, shown func(string) string, set func(int)) *widget.Select {
	s := widget.NewSelect(options, nil)
	if shown != nil {
		d.messages.showsAs(s, shown)
	}
	s.OnChanged = func(v string) {
		if i := slices.Index(s.Options, v); !d.loading && i >= 0 {
			set(i)
			d.edited(true)
		}
	}
	return s
}

// radio makes a row of radio buttons whose choice, an index into options,
// is saved at once.
func (d *draftEditor[T]) radio(options []string, shown func(string) string, set func(int)) *widget.RadioGroup {
	r := widget.NewRadioGroup(options, nil)
	d.messages.showsAs(r, shown)
	r.Horizontal = true
	r.OnChanged = func(v string) {
		if i := slices.Index(r.Options, v); !d.loading && i >= 0 {
			set(i)
			d.edited(true)
		}
	}
	return r
}

// links makes a picker of references to other records, each linked or
// unlinked saved at once; open, when the editor sets it, opens a linked
// record.
func (d *draftEditor[T]) links(placeholder, empty string, set func([]string)) *refPicker {
	return newRefPicker(placeholder, empty, func(refs []string) {
		if !d.loading {
			set(refs)
			d.edited(true)
		}
	})
}

// dateField makes a date field in the app's date format, with a calendar
// to pick from, saved at once; clearing it sets the zero date.
func (d *draftEditor[T]) dateField(set func(risk.Date)) *dateEntry {
	e := newDateEntry(d.spec.dates, func(v risk.Date) {
		if !d.loading {
			set(v)
			d.edited(true)
		}
	})
	d.messages.showsAs(e, d.spec.dates.shown)
	return e
}

// todayButton makes a button that sets the date of field to today, as in
// "Reviewed today", and saves it.
func (d *draftEditor[T]) todayButton(label string, field *dateEntry, set func(risk.Date)) *widget.Button {
	return widget.NewButtonWithIcon(label, theme.ConfirmIcon(), func() {
		today := d.today()
		set(today)
		field.setDate(today)
		d.edited(true)
	})
}

// dateAndButton puts a date field and its button ("Reviewed today") on
// one line, or the button under the field when the editor is narrow.
func dateAndButton(field *dateEntry, button fyne.CanvasObject) fyne.CanvasObject {
	return newFlow(false, atLeastWide(dateFieldWidth(), field), button)
}

// dateFieldWidth shows a whole date with the calendar button.
func dateFieldWidth() float32 {
	return fyne.MeasureText("2026-12-31", theme.TextSize(), fyne.TextStyle{}).Width + theme.IconInlineSize() + 6*theme.InnerPadding()
}

// duration makes a field for a BIA duration, written as people write one;
// the draft changes when the field is committed (see durationField).
func (d *draftEditor[T]) duration(placeholder string, set func(bcp.Duration)) *durationField {
	f := newDurationField(placeholder, func() { d.edited(false) },
		func(v bcp.Duration) { set(v); d.showDerived() }, d.flush)
	d.messages.showsAs(f.view(), durationShown)
	return f
}
