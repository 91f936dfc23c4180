package app

import (
	"context"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"riskbook/bcp"
	"riskbook/risk"
)

// contactsStore is what the Contacts screen needs: the contacts, the
// resources they can be and the playbooks whose roles name them.
type contactsStore interface {
	ContactStore
	BIA(ctx context.Context) (*bcp.BIA, error)
	Playbooks(ctx context.Context) ([]bcp.Playbook, error)
}

// contactsModel is what the screen loads, with the warnings the rules
// find in each contact counted once.
type contactsModel struct {
	contacts  []bcp.Contact
	playbooks []bcp.Playbook
	bia       *bcp.BIA
	warnings  map[string]int // by upper-cased contact ref
}

func newContactsModel(cs []bcp.Contact, pbs []bcp.Playbook, b *bcp.BIA) contactsModel {
	m := contactsModel{contacts: cs, playbooks: pbs, bia: b, warnings: map[string]int{}}
	for _, f := range bcp.CheckContacts(cs, pbs, b) {
		if f.Severity >= risk.SeverityWarning {
			m.warnings[strings.ToUpper(f.Ref)]++
		}
	}
	return m
}

// contactsScreen lists the contacts and edits the selected one, or shows
// the call tree.
type contactsScreen struct {
	store contactsStore
	app   *App

	data     contactsModel
	shown    []int // indexes into data.contacts
	selected int64 // ID of the contact in the editor, 0 when closed

	search   *widget.Entry
	count    *widget.Label
	list     *widget.List
	empty    *widget.Label
	editor   *contactEditor
	tree     *fyne.Container // the call tree's lines
	treeView fyne.CanvasObject
	right    *fyne.Container
	split    *container.Split
	root     fyne.CanvasObject
}

func newContactsScreen(store contactsStore, a *App) *contactsScreen {
	s := &contactsScreen{store: store, app: a, data: contactsModel{bia: &bcp.BIA{Settings: bcp.DefaultSettings()}}}
	s.build()
	return s
}

func (s *contactsScreen) build() {
	s.search = widget.NewEntry()
	s.search.SetPlaceHolder("Search reference, name, organisation, role or channel")
	s.search.OnChanged = func(string) { s.refilter() }
	s.count = widget.NewLabel("")
	add := widget.NewButtonWithIcon("New contact", theme.ContentAddIcon(), s.newContact)
	add.Importance = widget.HighImportance
	treeBtn := widget.NewButtonWithIcon("Call tree", theme.ListIcon(), s.showTree)
	s.list = widget.NewList(func() int { return len(s.shown) }, s.createRow, s.updateRow)
	s.list.OnSelected = func(id widget.ListItemID) {
		if id >= 0 && id < len(s.shown) {
			s.open(s.data.contacts[s.shown[id]].ID)
		}
	}
	s.empty = wrapLabel("")
	s.empty.Alignment = fyne.TextAlignCenter
	s.empty.Hide()
	s.editor = newContactEditor(s.store, s.app, s.saved, s.closeEditor, s.deleteContact)
	s.tree = container.NewVBox()
	closeTree := widget.NewButtonWithIcon("", theme.CancelIcon(), s.hideRight)
	treeTop := container.NewVBox(container.NewBorder(nil, nil, nil, closeTree,
		widget.NewLabelWithStyle("Call tree", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})),
		wrapLabel("Who calls whom when a playbook is declared: each contact calls the ones indented under it. "+
			"Out-of-band channels, which work with the network down, are listed with each contact."),
		widget.NewSeparator())
	s.treeView = container.NewBorder(treeTop, nil, nil, nil, container.NewVScroll(container.NewPadded(s.tree)))
	s.right = container.NewStack(s.editor.view(), s.treeView)
	top := container.NewVBox(container.NewBorder(nil, nil, nil, container.NewHBox(treeBtn, add), s.count), s.search)
	left := container.NewBorder(top, nil, nil, nil,
		container.NewStack(s.list, container.NewVBox(layout.NewSpacer(), s.empty, layout.NewSpacer())))
	s.split = container.NewHSplit(left, s.right)
	s.split.Offset = 0.36
	s.editor.view().Hide()
	s.treeView.Hide()
	s.root = s.split
}

func (s *contactsScreen) view() fyne.CanvasObject { return s.root }

// reload fetches the contacts, playbooks and BIA; an edit in progress is
// kept.
func (s *contactsScreen) reload() { async(s.app, s.fetch, s.apply) }

func (s *contactsScreen) fetch(ctx context.Context) (contactsModel, error) {
	cs, err := s.store.Contacts(ctx)
	if err != nil {
		return contactsModel{}, err
	}
	pbs, err := s.store.Playbooks(ctx)
	if err != nil {
		return contactsModel{}, err
	}
	b, err := s.store.BIA(ctx)
	if err != nil {
		return contactsModel{}, err
	}
	return newContactsModel(cs, pbs, b), nil
}

func (s *contactsScreen) apply(m contactsModel, err error) {
	if err != nil {
		s.count.SetText("The contacts could not be read.")
		s.app.showError(err)
		return
	}
	s.data = m
	s.refilter()
	if s.treeView.Visible() {
		s.fillTree()
	}
	if s.selected == 0 {
		return
	}
	if _, ok := s.find(s.selected); ok {
		s.showEditor()
	} else {
		s.closeEditor()
	}
}

func (s *contactsScreen) find(id int64) (*bcp.Contact, bool) {
	for i := range s.data.contacts {
		if s.data.contacts[i].ID == id {
			return &s.data.contacts[i], true
		}
	}
	return nil, false
}

// refilter recomputes the rows the search shows.
func (s *contactsScreen) refilter() {
	text := strings.ToLower(strings.TrimSpace(s.search.Text))
	s.shown = s.shown[:0]
	for i, c := range s.data.contacts {
		hay := []string{c.Ref, c.Name, c.Organisation, c.Role}
		for _, ch := range c.Channels {
			hay = append(hay, ch.Value)
		}
		if text == "" || strings.Contains(strings.ToLower(strings.Join(hay, " ")), text) {
			s.shown = append(s.shown, i)
		}
	}
	total := len(s.data.contacts)
	s.count.SetText(fmt.Sprintf("%d of %s", len(s.shown), countOf(total, "contact", "contacts")))
	switch {
	case total == 0:
		s.empty.SetText("No contact yet.\nChoose New contact to record the people and organisations to call in a crisis,\nwith a channel that works when the network is down.")
		s.empty.Show()
	case len(s.shown) == 0:
		s.empty.SetText("No contact matches the search. Clear the search field to see them all.")
		s.empty.Show()
	default:
		s.empty.Hide()
	}
	s.list.UnselectAll()
	s.list.Refresh()
	s.markSelection()
}

func (s *contactsScreen) markSelection() {
	for row, i := range s.shown {
		if s.data.contacts[i].ID == s.selected {
			on := s.list.OnSelected
			s.list.OnSelected = nil
			s.list.Select(row)
			s.list.OnSelected = on
			return
		}
	}
}

// createRow builds a row: the reference, the name over the organisation,
// role and channels, and the marker of warnings.
func (s *contactsScreen) createRow() fyne.CanvasObject {
	ref := widget.NewLabelWithStyle("C-00", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	name := widget.NewLabel("Name")
	name.Truncation = fyne.TextTruncateEllipsis
	detail := widget.NewLabel("Organisation · role · channels")
	detail.SizeName = theme.SizeNameCaptionText
	detail.Truncation = fyne.TextTruncateEllipsis
	warn := widget.NewLabelWithStyle("2 warnings", fyne.TextAlignTrailing, fyne.TextStyle{Bold: true})
	warn.Importance = widget.WarningImportance
	lines := container.New(layout.NewCustomPaddedVBoxLayout(-2*theme.InnerPadding()), name, detail)
	return container.NewBorder(nil, nil, atLeastWide(refSlotWidth("C-000"), ref), warn, lines)
}

func (s *contactsScreen) updateRow(id widget.ListItemID, o fyne.CanvasObject) {
	if id >= len(s.shown) {
		return
	}
	c := &s.data.contacts[s.shown[id]]
	row := o.(*fyne.Container)
	lines := row.Objects[0].(*fyne.Container)
	lines.Objects[0].(*widget.Label).SetText(c.Name)
	lines.Objects[1].(*widget.Label).SetText(contactSummary(c))
	row.Objects[1].(*fyne.Container).Objects[1].(*widget.Label).SetText(c.Ref)
	warn := row.Objects[2].(*widget.Label)
	n := s.data.warnings[strings.ToUpper(c.Ref)]
	warn.SetText(countOf(n, "warning", "warnings"))
	warn.Hidden = n == 0
	warn.Refresh()
}

// contactSummary is the line under a contact's name: organisation, role,
// channels and how many of them are out of band.
func contactSummary(c *bcp.Contact) string {
	var parts []string
	for _, p := range []string{c.Organisation, c.Role} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	parts = append(parts, countOf(len(c.Channels), "channel", "channels"))
	parts = append(parts, fmt.Sprintf("%d out of band", len(c.OutOfBand())))
	if len(c.CallsNext) > 0 {
		parts = append(parts, "calls "+strings.Join(c.CallsNext, ", "))
	}
	return strings.Join(parts, " · ")
}

// open shows the contact in the editor.
func (s *contactsScreen) open(id int64) {
	if s.selected != 0 && s.selected != id {
		s.editor.flush()
	}
	s.selected = id
	if _, ok := s.find(id); !ok {
		return
	}
	s.showEditor()
	s.markSelection()
	for row, i := range s.shown {
		if s.data.contacts[i].ID == id {
			s.list.ScrollTo(row)
		}
	}
}

func (s *contactsScreen) showEditor() {
	c, _ := s.find(s.selected)
	s.editor.show(*c, s.data.contacts, s.data.playbooks, s.data.bia)
	s.treeView.Hide()
	s.editor.view().Show()
	s.split.Refresh()
}

// closeEditor saves what is pending and hides the editor.
func (s *contactsScreen) closeEditor() {
	s.editor.flush()
	s.selected = 0
	s.editor.view().Hide()
	s.list.UnselectAll()
	s.split.Refresh()
}

// hideRight closes the call tree or the editor.
func (s *contactsScreen) hideRight() {
	s.treeView.Hide()
	s.closeEditor()
}

// showTree saves the edit in progress and shows the call tree.
func (s *contactsScreen) showTree() {
	if s.selected != 0 {
		s.closeEditor()
	}
	s.fillTree()
	s.treeView.Show()
	s.split.Refresh()
}

// fillTree rebuilds the call tree's lines.
func (s *contactsScreen) fillTree() {
	s.tree.RemoveAll()
	lines := callTreeLines(s.data.contacts)
	if len(lines) == 0 {
		s.tree.Add(lowLabel("No contact yet, so no call tree. Add contacts, then say on each whom it calls next."))
	}
	for _, l := range lines {
		label := wrapLabel(l.text)
		if l.level == 0 {
			label.TextStyle = fyne.TextStyle{Bold: true}
		}
		if l.repeat {
			label.Importance = widget.LowImportance
		}
		indent := canvasSpacer(float32(l.level) * 6 * theme.Padding())
		s.tree.Add(container.NewBorder(nil, nil, indent, nil, label))
	}
	s.tree.Refresh()
}

// callTreeLine is one line of the call tree as the screen shows it.
type callTreeLine struct {
	level  int
	text   string
	repeat bool
}

// callTreeLines writes the call tree: each contact with its out-of-band
// channels (or its first channel, when none is out of band), and a contact
// shown before as a pointer to it.
func callTreeLines(cs []bcp.Contact) []callTreeLine {
	var out []callTreeLine
	for _, l := range bcp.CallLines(bcp.CallTree(cs)) {
		c := l.Contact
		text := c.Ref + "  " + c.Name
		if c.Organisation != "" && c.Kind == bcp.ContactPerson {
			text += " (" + c.Organisation + ")"
		}
		if l.Repeat {
			out = append(out, callTreeLine{l.Level, text + " — see above", true})
			continue
		}
		var chans []string
		for _, ch := range c.OutOfBand() {
			chans = append(chans, bcp.ChannelLine(ch))
		}
		switch {
		case len(chans) > 0:
			text += " — out of band: " + strings.Join(chans, "; ")
		case len(c.Channels) > 0:
			text += " — " + bcp.ChannelLine(c.Channels[0]) + " (no out-of-band channel)"
		default:
			text += " — no channel"
		}
		out = append(out, callTreeLine{l.Level, text, false})
	}
	return out
}

// canvasSpacer is an empty object of a width, for indenting.
func canvasSpacer(w float32) fyne.CanvasObject {
	return atLeastWide(w, layout.NewSpacer())
}

// flush saves what the editor holds; the app calls it before closing.
func (s *contactsScreen) flush() { s.editor.flush() }

// saved puts a stored contact back in the list and tells other screens.
func (s *contactsScreen) saved(c bcp.Contact) {
	if cur, ok := s.find(c.ID); ok {
		*cur = c
	}
	s.data = newContactsModel(s.data.contacts, s.data.playbooks, s.data.bia)
	s.list.Refresh()
	s.app.changed(s)
}

// newContact stores a new person and opens it.
func (s *contactsScreen) newContact() {
	s.editor.flush()
	c := bcp.Contact{Name: "New contact", Kind: bcp.ContactPerson}
	if err := s.store.CreateContact(context.Background(), &c); err != nil {
		s.app.showError(err)
		return
	}
	s.data.contacts = append(s.data.contacts, c)
	s.search.SetText("")
	s.selected = c.ID
	s.apply(newContactsModel(s.data.contacts, s.data.playbooks, s.data.bia), nil)
	s.open(c.ID)
	s.app.changed(s)
	s.editor.focusName()
	s.app.notify(fmt.Sprintf("Created %s. Name the person or organisation and add the channels to reach them, one that works with the network down.", c.Ref))
}

// deleteContact asks, then deletes the contact in the editor.
func (s *contactsScreen) deleteContact() {
	c, ok := s.find(s.selected)
	if !ok {
		return
	}
	id, ref := c.ID, c.Ref
	dialog.ShowConfirm("Delete "+ref+"?",
		fmt.Sprintf("%s — %s\n\nThe contact is removed, and from the call tree of those who call it.\nThe change log keeps a record of what it was.", ref, c.Name),
		func(ok bool) {
			if ok {
				s.confirmDelete(id, ref)
			}
		}, s.app.win)
}

func (s *contactsScreen) confirmDelete(id int64, ref string) {
	s.editor.discard()
	if err := s.store.DeleteContact(context.Background(), id); err != nil {
		s.app.showError(err)
		return
	}
	s.selected = 0
	s.editor.view().Hide()
	s.split.Refresh()
	s.reload()
	s.app.changed(s)
	s.app.notify(fmt.Sprintf("Deleted %s.", ref))
}
