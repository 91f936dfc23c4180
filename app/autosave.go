package app

import (
	"context"
	"slices"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"riskbook/risk"
)

// saveDelay is how long typing may pause before the edit is saved anyway.
const saveDelay = 1500 * time.Millisecond

// autosave is the saving state every editor shares: an edit is saved at once (choices, clicks) or after a pause in
// typing, and a save that is refused stays in the banner, with the edits
// kept in the draft, until a later save succeeds.
type autosave struct {
	dirty   bool // the draft has edits not yet saved
	loading bool // the fields are being filled from the draft, not edited
	timer   *time.Timer
	banner  *widget.Label
}

// drafting is an editor whose fields write to its draft and are saved.
type drafting interface {
	filling() bool
	flush()
	edited(now bool)
}

// filling tells that the fields are being filled from the draft, not
// edited.
func (s *autosave) filling() bool { return s.loading }

// draftEntry makes a text field of e whose edits go to the draft through
// set, saved once typing pauses or the field is left.
func draftEntry(e drafting, multiLine bool, placeholder string, set func(string)) *commitEntry {
	en := newCommitEntry(multiLine, e.flush)
	en.SetPlaceHolder(placeholder)
	en.OnChanged = func(v string) {
		if !e.filling() {
			set(v)
			e.edited(false)
		}
	}
	return en
}

// draftChoice makes a drop-down of e whose choice, an index into options,
// goes to the draft through set and is saved at once.
func draftChoice(e drafting, options []string, set func(int)) *widget.Select {
	s := widget.NewSelect(options, nil)
	s.OnChanged = func(v string) {
		if i := slices.Index(s.Options, v); !e.filling() && i >= 0 {
			set(i)
			e.edited(true)
		}
	}
	return s
}

// quietly runs f as a fill of the widgets rather than an edit.
func (s *autosave) quietly(f func()) {
	was := s.loading
	s.loading = true
	defer func() { s.loading = was }()
	f()
}

// schedule saves with flush now, or once typing has paused for saveDelay.
func (s *autosave) schedule(now bool, flush func()) {
	if now {
		flush()
		return
	}
	s.stopTimer()
	s.timer = time.AfterFunc(saveDelay, func() { fyne.Do(flush) })
}

func (s *autosave) stopTimer() {
	if s.timer != nil {
		s.timer.Stop()
		s.timer = nil
	}
}

// discard drops unsaved edits, for an entity about to be deleted.
func (s *autosave) discard() {
	s.stopTimer()
	s.dirty = false
}

// blocked explains that the draft breaks a blocking rule, given as a
// sentence, and is not saved.
func (s *autosave) blocked(rule string) {
	s.banner.SetText("Not saved yet: " + rule + " Your other changes are kept here and saved as soon as this is fixed.")
	s.banner.Show()
}

// stored records the outcome of saving the draft, err being the store's
// answer, and reports whether it was saved.
func (s *autosave) stored(err error) bool {
	if err != nil {
		s.banner.SetText("Not saved yet: " + risk.ErrorMessage(err))
		s.banner.Show()
		return false
	}
	s.banner.Hide()
	s.dirty = false
	return true
}

// saveDraft is every editor's save. It does nothing while the draft is
// clean or not stored yet. Otherwise it commits the fields that keep their
// text until left (commit may be nil), refuses a draft that breaks a
// blocking rule with the rule's sentence, and stores a copy of the draft
// taken after the commit; saved receives the copy as the store left it.
func saveDraft[T any](s *autosave, id int64, commit func(), validate func() []risk.Finding,
	copyDraft func() T, store func(context.Context, *T) error, saved func(T)) {
	s.stopTimer()
	if !s.dirty || id == 0 {
		return
	}
	if commit != nil {
		commit()
	}
	if f, ok := blockingFinding(validate()); ok {
		s.blocked(sentence(f.Message))
		return
	}
	v := copyDraft()
	if s.stored(store(context.Background(), &v)) {
		saved(v)
	}
}
