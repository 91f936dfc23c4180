package app

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"riskbook/i18n"
)

// saveDelay is how long typing may pause before the edit is saved anyway.
const saveDelay = 1500 * time.Millisecond

// autosave is the saving state of an editor: an edit is saved at once
// (choices, clicks) or after a pause in typing, and a save that is refused
// stays in the banner, with the edits kept in the draft, until a later save
// succeeds.
type autosave struct {
	dirty   bool // the draft has edits not yet saved
	loading bool // the fields are being filled from the draft, not edited
	timer   *time.Timer
	banner  *widget.Label
}

// filling tells that the fields are being filled from the draft, not
// edited.
func (s *autosave) filling() bool { return s.loading }

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
	s.banner.SetText(i18n.T("shell.autosave.blocked", i18n.Args{"Rule": rule}))
	s.banner.Show()
}

// outcome records the outcome of saving the draft, err being the store's
// answer, and reports whether it was saved. A refusal leaves the draft
// dirty, so the edit stays on screen and is saved again with the next one.
func (s *autosave) outcome(err error) bool {
	if err != nil {
		s.banner.SetText(i18n.T("shell.autosave.refused", i18n.Args{"Error": message(err)}))
		s.banner.Show()
		return false
	}
	s.banner.Hide()
	s.dirty = false
	return true
}

// fieldErrorLabel shows a rule's message next to the field it is about;
// it is hidden while there is nothing to say.
func fieldErrorLabel() *widget.Label {
	l := widget.NewLabel("")
	l.Importance = widget.DangerImportance
	l.Wrapping = fyne.TextWrapWord
	l.Hide()
	return l
}
