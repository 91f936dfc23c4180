package app

import (
	"context"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"riskbook/bcp"
	"riskbook/i18n"
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
	*entityList[bcp.Contact]
	store contactsStore

	data     contactsModel
	editor   *contactEditor
	tree     *fyne.Container // the call tree's lines
	treeView fyne.CanvasObject
	right    *fyne.Container
	root     fyne.CanvasObject
}

func newContactsScreen(store contactsStore, a *App) *contactsScreen {
	s := &contactsScreen{store: store, data: contactsModel{bia: &bcp.BIA{Settings: bcp.DefaultSettings()}}}
	s.entityList = &entityList[bcp.Contact]{app: a, owner: s,
		words: entityWords{kind: contactKind,
			search: i18n.T("contacts.search"),
			none:   i18n.T("contacts.none"),
			// A row: the reference, the name over the organisation, role
			// and channels, and the marker of warnings.
			refSample: "C-00", titleSample: i18n.T("contacts.sample.title"), detailSample: i18n.T("contacts.sample.detail"),
			markerSample: warningCount(2), marker: widget.WarningImportance,
			deleted: i18n.T("contacts.deleted")},
		items:  func() []bcp.Contact { return s.data.contacts },
		id:     func(c *bcp.Contact) int64 { return c.ID },
		ref:    func(c *bcp.Contact) string { return c.Ref },
		title:  func(c *bcp.Contact) string { return c.Name },
		detail: contactSummary,
		match: func(c *bcp.Contact) string {
			hay := []string{c.Ref, c.Name, c.Organisation, c.Role}
			for _, ch := range c.Channels {
				hay = append(hay, ch.Value)
			}
			return strings.Join(hay, " ")
		},
		marker: func(c *bcp.Contact) (string, bool) {
			n := s.data.warnings[strings.ToUpper(c.Ref)]
			return warningCount(n), n > 0
		},
		show: func(c *bcp.Contact) {
			s.editor.show(*c, s.data.contacts, s.data.playbooks, s.data.bia)
			s.treeView.Hide()
		},
		remove: store.DeleteContact,
		reload: s.reload,
	}
	s.build()
	return s
}

func (s *contactsScreen) build() {
	add := widget.NewButtonWithIcon(i18n.T("contacts.new"), theme.ContentAddIcon(), s.newContact)
	add.Importance = widget.HighImportance
	treeBtn := widget.NewButtonWithIcon(i18n.T("contacts.calltree"), theme.ListIcon(), s.showTree)
	s.editor = newContactEditor(s.store, s.app, s.saved, s.closeEditor, s.deleteSelected)
	s.ed = s.editor
	s.tree = container.NewVBox()
	closeTree := widget.NewButtonWithIcon("", theme.CancelIcon(), s.hideRight)
	treeTop := container.NewVBox(container.NewBorder(nil, nil, nil, closeTree,
		widget.NewLabelWithStyle(i18n.T("contacts.calltree"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})),
		wrapLabel(i18n.T("contacts.calltree.explain")),
		widget.NewSeparator())
	s.treeView = container.NewBorder(treeTop, nil, nil, nil, container.NewVScroll(container.NewPadded(s.tree)))
	s.right = container.NewStack(s.editor.view(), s.treeView)
	s.buildSplit(container.NewHBox(treeBtn, add), s.right, 0.36)
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
	if s.failed(err) {
		return
	}
	s.data = m
	s.refilter()
	if s.treeView.Visible() {
		s.fillTree()
	}
	s.reopen()
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
	parts = append(parts, i18n.N("contacts.summary.channels", len(c.Channels)))
	parts = append(parts, i18n.N("contacts.summary.oob", len(c.OutOfBand())))
	if len(c.CallsNext) > 0 {
		parts = append(parts, i18n.T("contacts.summary.calls", i18n.Args{"Refs": strings.Join(c.CallsNext, ", ")}))
	}
	return strings.Join(parts, " · ")
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
	s.showPick()
	s.split.Refresh()
}

// fillTree rebuilds the call tree's lines.
func (s *contactsScreen) fillTree() {
	s.tree.RemoveAll()
	lines := callTreeLines(s.data.contacts)
	if len(lines) == 0 {
		s.tree.Add(lowLabel(i18n.T("contacts.calltree.empty")))
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
			out = append(out, callTreeLine{l.Level, i18n.T("contacts.calltree.repeat", i18n.Args{"Contact": text}), true})
			continue
		}
		var chans []string
		for _, ch := range c.OutOfBand() {
			chans = append(chans, bcp.ChannelLine(ch))
		}
		switch {
		case len(chans) > 0:
			text = i18n.T("contacts.calltree.oob", i18n.Args{"Contact": text, "Channels": strings.Join(chans, "; ")})
		case len(c.Channels) > 0:
			text = i18n.T("contacts.calltree.first", i18n.Args{"Contact": text, "Channel": bcp.ChannelLine(c.Channels[0])})
		default:
			text = i18n.T("contacts.calltree.nochannel", i18n.Args{"Contact": text})
		}
		out = append(out, callTreeLine{l.Level, text, false})
	}
	return out
}

// canvasSpacer is an empty object of a width, for indenting.
func canvasSpacer(w float32) fyne.CanvasObject {
	return atLeastWide(w, layout.NewSpacer())
}

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
	c := bcp.Contact{Name: i18n.T("contacts.new.name"), Kind: bcp.ContactPerson}
	if err := s.store.CreateContact(context.Background(), &c); err != nil {
		s.app.showError(err)
		return
	}
	s.data.contacts = append(s.data.contacts, c)
	s.created(c.ID, func() { s.apply(newContactsModel(s.data.contacts, s.data.playbooks, s.data.bia), nil) })
	s.editor.focusName()
	s.app.notify(i18n.T("contacts.created", i18n.Args{"Ref": c.Ref}))
}
