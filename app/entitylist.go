package app

import (
	"context"
	"riskbook/i18n"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// listEditor is what an entity list needs of the editor beside it.
type listEditor interface {
	view() fyne.CanvasObject
	// flush saves what is pending.
	flush()
	// discard drops what is pending, before the item is deleted.
	discard()
}

// entityWords are the texts a list of one kind of item shows.
type entityWords struct {
	kind   entityKind
	search string // the search field's placeholder
	none   string // the empty state when there is no item at all
	// refSample, titleSample, detailSample and markerSample size a row.
	refSample, titleSample, detailSample, markerSample string
	marker                                             widget.Importance
	// deleted tells, in the delete question, what goes with the item.
	deleted string
}

// entityList is the list half of a list-and-editor screen: it filters the
// loaded items by the search field, shows a row per item, opens the one
// selected in the editor and deletes it after asking. The screen keeps its
// model and says through the functions here how to read an item.
type entityList[T any] struct {
	app   *App
	owner screen // the screen, for telling the others what changed
	words entityWords

	items  func() []T // the loaded items; the rows point into them
	id     func(*T) int64
	ref    func(*T) string
	title  func(*T) string // the row's first line and the delete question's name
	detail func(*T) string // the row's second line
	match  func(*T) string // what the search looks in
	// marker is the row's trailing marker and whether it shows.
	marker func(*T) (string, bool)
	// show fills the editor with the item before the editor is shown.
	show func(*T)
	// closed, when set, hides what else the editor's side holds.
	closed func()
	remove func(ctx context.Context, id int64) error
	reload func()
	ed     listEditor

	shown    []int // indexes into items()
	selected int64 // ID of the item in the editor, 0 when closed

	search *widget.Entry
	count  *widget.Label
	list   *widget.List
	empty  *widget.Label
	// pick asks for an item where the editor is while right shows nothing.
	pick  *widget.Label
	right fyne.CanvasObject
	split *container.Split
	// edits are what changes the workspace: the actions beside the count
	// and the editor.
	edits []fyne.CanvasObject
}

// buildSplit makes the list with actions beside its count, and the split
// with right, where the editor is, at offset.
func (l *entityList[T]) buildSplit(actions, right fyne.CanvasObject, offset float64) {
	l.search = widget.NewEntry()
	l.search.SetPlaceHolder(l.words.search)
	l.search.OnChanged = func(string) { l.refilter() }
	l.count = widget.NewLabel("")
	l.list = widget.NewList(func() int { return len(l.shown) }, l.createRow, l.updateRow)
	l.list.OnSelected = func(id widget.ListItemID) {
		if id >= 0 && id < len(l.shown) {
			l.open(l.id(&l.items()[l.shown[id]]))
		}
	}
	l.empty = wrapLabel("")
	l.empty.Alignment = fyne.TextAlignCenter
	l.empty.Hide()
	// The count and the actions fold onto two lines when the list is
	// narrow, rather than widen it.
	top := container.NewVBox(newFlow(false, l.count, actions), l.search)
	left := container.NewBorder(top, nil, nil, nil,
		container.NewStack(l.list, container.NewVBox(layout.NewSpacer(), l.empty, layout.NewSpacer())))
	l.pick = wrapLabel(l.words.kind.pick())
	l.pick.Alignment = fyne.TextAlignCenter
	l.pick.Importance = widget.LowImportance
	l.pick.Hide()
	l.right = right
	l.split = container.NewHSplit(left, container.NewStack(
		container.NewVBox(layout.NewSpacer(), l.pick, layout.NewSpacer()), right))
	l.edits = []fyne.CanvasObject{actions, right}
	l.split.Offset = offset
	l.ed.view().Hide()
}

// failed shows that the items could not be read; false when err is nil.
func (l *entityList[T]) failed(err error) bool {
	if err == nil {
		return false
	}
	l.count.SetText(l.words.kind.unreadable())
	l.app.showError(err)
	return true
}

// reopen shows the item in the editor again after a load, or closes the
// editor when the item is gone.
func (l *entityList[T]) reopen() {
	if l.selected == 0 {
		return
	}
	if _, ok := l.find(l.selected); ok {
		l.showEditor()
	} else {
		l.closeEditor()
	}
}

func (l *entityList[T]) find(id int64) (*T, bool) {
	items := l.items()
	for i := range items {
		if l.id(&items[i]) == id {
			return &items[i], true
		}
	}
	return nil, false
}

// refilter recomputes the rows the search shows.
func (l *entityList[T]) refilter() {
	text := strings.ToLower(strings.TrimSpace(l.search.Text))
	items := l.items()
	l.shown = l.shown[:0]
	for i := range items {
		if text == "" || strings.Contains(strings.ToLower(l.match(&items[i])), text) {
			l.shown = append(l.shown, i)
		}
	}
	total := len(items)
	l.count.SetText(l.words.kind.count(len(l.shown), total))
	switch {
	case total == 0:
		l.empty.SetText(l.words.none)
		l.empty.Show()
	case len(l.shown) == 0:
		l.empty.SetText(l.words.kind.noMatch())
		l.empty.Show()
	default:
		l.empty.Hide()
	}
	l.showPick()
	l.list.UnselectAll()
	l.list.Refresh()
	l.markSelection()
}

func (l *entityList[T]) markSelection() {
	items := l.items()
	for row, i := range l.shown {
		if l.id(&items[i]) == l.selected {
			on := l.list.OnSelected
			l.list.OnSelected = nil
			l.list.Select(row)
			l.list.OnSelected = on
			return
		}
	}
}

// createRow builds a row: the reference, the title over the detail, and
// the marker.
func (l *entityList[T]) createRow() fyne.CanvasObject {
	w := &l.words
	ref := widget.NewLabelWithStyle(w.refSample, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title := widget.NewLabel(w.titleSample)
	title.Truncation = fyne.TextTruncateEllipsis
	detail := widget.NewLabel(w.detailSample)
	detail.SizeName = theme.SizeNameCaptionText
	detail.Truncation = fyne.TextTruncateEllipsis
	marker := widget.NewLabelWithStyle(w.markerSample, fyne.TextAlignTrailing, fyne.TextStyle{Bold: true})
	marker.Importance = w.marker
	lines := container.New(layout.NewCustomPaddedVBoxLayout(-2*theme.InnerPadding()), title, detail)
	return container.NewBorder(nil, nil, atLeastWide(refSlotWidth(w.refSample+"0"), ref), marker, lines)
}

func (l *entityList[T]) updateRow(id widget.ListItemID, o fyne.CanvasObject) {
	if id >= len(l.shown) {
		return
	}
	it := &l.items()[l.shown[id]]
	row := o.(*fyne.Container)
	lines := row.Objects[0].(*fyne.Container)
	lines.Objects[0].(*widget.Label).SetText(l.title(it))
	lines.Objects[1].(*widget.Label).SetText(l.detail(it))
	row.Objects[1].(*fyne.Container).Objects[1].(*widget.Label).SetText(l.ref(it))
	marker := row.Objects[2].(*widget.Label)
	text, on := l.marker(it)
	marker.SetText(text)
	marker.Hidden = !on
	marker.Refresh()
}

// open shows the item in the editor; before the list is loaded it is
// remembered and opened once it is.
func (l *entityList[T]) open(id int64) {
	if l.selected != 0 && l.selected != id {
		l.ed.flush()
	}
	l.selected = id
	if _, ok := l.find(id); !ok {
		return
	}
	l.showEditor()
	l.markSelection()
	items := l.items()
	for row, i := range l.shown {
		if l.id(&items[i]) == id {
			l.list.ScrollTo(row)
		}
	}
}

func (l *entityList[T]) showEditor() {
	it, _ := l.find(l.selected)
	l.show(it)
	l.ed.view().Show()
	l.showPick()
	l.split.Refresh()
	l.app.freeze()
}

// closeEditor saves what is pending and hides the editor.
func (l *entityList[T]) closeEditor() {
	l.ed.flush()
	l.selected = 0
	l.ed.view().Hide()
	if l.closed != nil {
		l.closed()
	}
	l.list.UnselectAll()
	l.showPick()
	l.split.Refresh()
}

// showPick asks for an item while the editor's place shows nothing (no
// editor, activation or call tree) and the list has some; screens that
// show or hide something there call it after.
func (l *entityList[T]) showPick() {
	shown := l.right.Visible()
	if c, ok := l.right.(*fyne.Container); ok && shown {
		// A stack of views (editor, activation, call tree) shows one.
		shown = false
		for _, o := range c.Objects {
			shown = shown || o.Visible()
		}
	}
	if shown || len(l.items()) == 0 {
		l.pick.Hide()
	} else {
		l.pick.Show()
	}
}

// flush saves what the editor holds; the app calls it before closing.
func (l *entityList[T]) flush() { l.ed.flush() }

// created shows a new item, already stored and added to the model: apply
// shows the model, then the item opens with the search cleared.
func (l *entityList[T]) created(id int64, apply func()) {
	l.search.SetText("")
	l.selected = id
	apply()
	l.open(id)
	l.app.changed(l.owner)
}

// deleteSelected asks, then deletes the item in the editor.
func (l *entityList[T]) deleteSelected() {
	it, ok := l.find(l.selected)
	if !ok {
		return
	}
	id, ref := l.id(it), l.ref(it)
	l.app.confirm(l.app.win, i18n.T("risks.delete.title", i18n.Args{"Ref": ref}),
		i18n.T("ui.entity.delete", i18n.Args{"Ref": ref, "Title": l.title(it), "What": l.words.deleted}),
		i18n.T("risks.delete.action"), func() { l.confirmDelete(id, ref) })
}

func (l *entityList[T]) confirmDelete(id int64, ref string) {
	l.ed.discard()
	if err := l.remove(context.Background(), id); err != nil {
		l.app.showError(err)
		return
	}
	l.selected = 0
	l.ed.view().Hide()
	l.showPick()
	l.split.Refresh()
	l.reload()
	l.app.changed(l.owner)
	l.app.notify(i18n.T("risks.deleted", i18n.Args{"Ref": ref}))
}

// entityKind is the kind of item a list shows; it chooses the list's
// sentences, each written whole in every language.
type entityKind int

const (
	activityKind entityKind = iota
	contactKind
	exerciseKind
	playbookKind
)

// entityNames are the plural names of the kinds, the last part of the ids
// of their sentences (ui.entity.count.contacts, ui.entity.pick.contacts).
var entityNames = [...]string{activityKind: "activities", contactKind: "contacts",
	exerciseKind: "exercises", playbookKind: "playbooks"}

// say is the kind's sentence of what: count, unreadable, pick, no_match.
func (k entityKind) say(what string) string {
	return i18n.T("ui.entity." + what + "." + entityNames[k])
}

// count says how many items the search shows out of how many:
// "3 of 5 contacts".
func (k entityKind) count(shown, total int) string {
	return i18n.N("ui.entity.count."+entityNames[k], total, i18n.Args{"Shown": i18n.Default().Int(shown)})
}

// unreadable says the items could not be read.
func (k entityKind) unreadable() string { return k.say("unreadable") }

// pick asks, where the editor is, for an item to open.
func (k entityKind) pick() string { return k.say("pick") }

// noMatch is the empty state of a search that matches no item.
func (k entityKind) noMatch() string { return k.say("no_match") }
