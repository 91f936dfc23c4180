package app

import (
	"encoding/json"
	"errors"
	"path/filepath"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"riskbook/i18n"
	"riskbook/risk"
)

// conflictRows is how many changed fields the choice lists before it
// counts the rest.
const conflictRows = 12

// conflict is the choice an editor offers when the store refuses its edit
// because someone else changed the record since it was read (risk.Stale):
// the other person's values beside the edit's, field by field, and two
// buttons, keep my version (saved over theirs, knowingly) or take theirs
// (the edit is dropped). Until the person chooses, the edit stays in the
// draft and nothing is saved.
type conflict struct {
	box *fyne.Container // shown under the banner while a choice is pending
	// waiting is told the reference of the record when a choice about it
	// comes on screen, and "" when it goes; may be nil.
	waiting func(ref string)
}

func newConflict(waiting func(ref string)) *conflict {
	c := &conflict{box: container.NewVBox(), waiting: waiting}
	c.box.Hide()
	return c
}

// pending reports whether a choice is on screen.
func (c *conflict) pending() bool { return c.box.Visible() }

// clear takes the choice away.
func (c *conflict) clear() {
	was := c.pending()
	c.box.RemoveAll()
	c.box.Hide()
	if was && c.waiting != nil {
		c.waiting("")
	}
}

// fieldShower names the fields of a record and writes their values as
// the record's editor does (fieldMessages).
type fieldShower interface {
	fieldName(path string) string
	fieldValue(path, stored string) string
}

// show offers the choice: why is the store's sentence, mine and theirs the
// two versions as JSON, stale who changed the record and when; fields
// names each field and writes its values as the editor does.
func (c *conflict) show(why string, stale *risk.Stale, mine, theirs string, fields fieldShower, dates dateFormat, keep, take func()) {
	c.box.RemoveAll()
	changed, err := risk.DiffJSON(theirs, mine)
	if err != nil {
		changed = nil // the sentence and the buttons still stand; nothing to list
	}
	title := widget.NewLabelWithStyle(why, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.Wrapping = fyne.TextWrapWord
	title.Importance = widget.WarningImportance
	by := stale.By
	if by == "" {
		by = i18n.T("live.conflict.someone")
	}
	// Each field's name on a line of its own, then the two versions side
	// by side, each column half the editor's width: in a narrow editor the
	// values still wrap between words.
	pair := func(mine, theirs *widget.Label) {
		mine.Wrapping, theirs.Wrapping = fyne.TextWrapWord, fyne.TextWrapWord
		c.box.Add(container.NewGridWithColumns(2, mine, theirs))
	}
	c.box.Add(title)
	pair(boldLabel(i18n.T("live.conflict.mine")),
		boldLabel(i18n.T("live.conflict.theirs", i18n.Args{"Actor": by, "When": dates.stamp(stale.At)})))
	for i, f := range changed {
		if i == conflictRows {
			break
		}
		c.box.Add(widget.NewSeparator())
		name := boldLabel(fields.fieldName(f.Field))
		name.Wrapping = fyne.TextWrapWord
		c.box.Add(name)
		pair(widget.NewLabel(orDash(oneLine(fields.fieldValue(f.Field, f.After)))), widget.NewLabel(orDash(oneLine(fields.fieldValue(f.Field, f.Before)))))
	}
	if n := len(changed) - conflictRows; n > 0 {
		c.box.Add(lowLabel(i18n.N("live.conflict.more", n, i18n.Args{"Count": n})))
	}
	keepButton := widget.NewButtonWithIcon(i18n.T("live.conflict.keep"), theme.DocumentSaveIcon(), keep)
	takeButton := widget.NewButtonWithIcon(i18n.T("live.conflict.take"), theme.ViewRefreshIcon(), take)
	takeButton.Importance = widget.HighImportance
	// Side by side, or one under the other in a narrow editor.
	c.box.Add(newFlow(false, keepButton, takeButton))
	c.box.Add(widget.NewSeparator())
	c.box.Show()
	if c.waiting != nil {
		c.waiting(stale.Ref)
	}
}

// waitingEdit is an editor whose edit of the record ref waits for the
// person to choose between their version and another person's.
type waitingEdit struct {
	editor any
	ref    string
}

// awaitChoice tells the app that editor's edit of the record ref waits
// for the person's choice, or no longer does (ref ""): meanwhile the
// status bar says that edit is not saved instead of every change being
// saved.
func (a *App) awaitChoice(editor any, ref string) {
	a.waiting = slices.DeleteFunc(a.waiting, func(w waitingEdit) bool { return w.editor == editor })
	if ref != "" {
		a.waiting = append(a.waiting, waitingEdit{editor: editor, ref: ref})
	}
	if a.status.owner == -1 {
		a.status.idle()
	}
}

// waitingState is what the status bar says between messages while edits
// wait for a choice: which records' edits are not saved, then where the
// workspace is (a server's where and login, or a file's path).
func (a *App) waitingState(where, login string) string {
	n := len(a.waiting)
	args := i18n.Args{"Refs": a.waitingRefs(), "Count": n, "Where": where, "Login": login}
	if where != "" {
		return i18n.N("choice.status.server", n, args)
	}
	args["File"], args["Folder"] = filepath.Base(a.ws.Path()), filepath.Dir(a.ws.Path())
	return i18n.N("choice.status.file", n, args)
}

// waitingRefs names the records whose edits wait for a choice.
func (a *App) waitingRefs() string {
	refs := make([]string, len(a.waiting))
	for i, w := range a.waiting {
		refs[i] = w.ref
	}
	return strings.Join(refs, ", ")
}

// staleOf returns the refusal behind err when the store refused an edit
// of a record of type T as made on a stale read, with the record as it is
// stored now.
func staleOf[T any](err error) (*risk.Stale, T, bool) {
	var s *risk.Stale
	var zero T
	if !errors.As(err, &s) {
		return nil, zero, false
	}
	theirs, ok := s.Theirs.(T)
	return s, theirs, ok
}

// recordJSON is a record as the change log writes it, for DiffJSON.
func recordJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return ""
	}
	return string(b)
}
