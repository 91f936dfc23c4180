package app

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"riskbook/bcp"
	"riskbook/i18n"
	"riskbook/risk"
)

// contactWriter is what the contact editor writes through.
type contactWriter interface {
	UpdateContact(ctx context.Context, c *bcp.Contact) error
}

// contactEditor edits one contact with the shared editor machinery
// (draftEditor): choices and buttons are saved at once, text when the field
// is left or typing pauses, and an edit that breaks a blocking rule stays
// on screen with a banner until it is fixed. Channels are rows rebuilt when
// one is added or removed.
type contactEditor struct {
	draftEditor[bcp.Contact]
	app      *App
	onClose  func()
	onDelete func()

	contacts  []bcp.Contact
	playbooks []bcp.Playbook
	bia       *bcp.BIA

	kinds, channelKinds valueNames

	name         *commitEntry
	kind         *widget.Select
	organisation *commitEntry
	role         *commitEntry
	channelBox   *fyne.Container
	resources    *refPicker
	calls        *refPicker
	calledBy     *widget.Label
	namedBy      *widget.Label
	notes        *commitEntry
}

func newContactEditor(store contactWriter, a *App, onSaved func(bcp.Contact), onClose, onDelete func()) *contactEditor {
	e := &contactEditor{app: a, onClose: onClose, onDelete: onDelete, bia: &bcp.BIA{Settings: bcp.DefaultSettings()}}
	e.init(draftSpec[bcp.Contact]{
		dates:    a.dates,
		key:      func(c *bcp.Contact) any { return c.ID },
		clone:    bcp.Contact.Clone,
		title:    func(c *bcp.Contact) string { return c.Ref + " — " + c.Name },
		stamps:   func(c *bcp.Contact) (time.Time, time.Time) { return c.Created, c.Updated },
		check:    e.findings,
		fill:     e.fill,
		refresh:  e.fillChoices,
		store:    store.UpdateContact,
		copyBack: func(draft *bcp.Contact, stored bcp.Contact) { draft.Updated = stored.Updated },
		stamp:    func(x *bcp.Contact) *time.Time { return &x.Updated },
		awaiting: a.awaitChoice,
		onSaved:  onSaved,
		ref:      func(x *bcp.Contact) string { return x.Ref },
		history:  a.showHistory,
	}, i18n.T("contacts.field.name"), i18n.T("contacts.field.kind"), i18n.T("contacts.field.organisation"),
		i18n.T("contacts.field.role"), i18n.T("contacts.field.callsnext"), i18n.T("contacts.field.calledby"),
		i18n.T("contacts.field.resources"), i18n.T("contacts.field.playbooks"), i18n.T("contacts.field.notes"))
	e.kinds = newValueNames(bcp.ContactKinds, contactKindName)
	e.channelKinds = newValueNames(bcp.ChannelKinds, channelKindName)
	e.build()
	return e
}

func (e *contactEditor) build() {
	x := &e.draft
	e.name = e.entry(false, i18n.T("contacts.editor.name.hint"), func(v string) { x.Name = v })
	e.kind = e.choice(e.kinds.names, e.kinds.name, func(i int) { x.Kind = e.kinds.values[i] })
	e.organisation = e.entry(false, i18n.T("contacts.editor.organisation.hint"), func(v string) { x.Organisation = v })
	e.role = e.entry(false, i18n.T("contacts.editor.role.hint"), func(v string) { x.Role = v })
	e.channelBox = container.NewVBox()
	addChannel := widget.NewButtonWithIcon(i18n.T("contacts.editor.addchannel"), theme.ContentAddIcon(), e.addChannel)
	e.resources = e.links(i18n.T("contacts.editor.resources.hint"), i18n.T("contacts.editor.resources.none"), func(refs []string) { x.Resources = refs })
	e.calls = e.links(i18n.T("contacts.editor.calls.hint"), i18n.T("contacts.editor.calls.none"), func(refs []string) { x.CallsNext = refs })
	e.calledBy = lowLabel("")
	e.namedBy = lowLabel("")
	e.notes = e.entry(true, i18n.T("contacts.editor.notes.hint"), func(v string) { x.Notes = v })

	m := e.messages
	body := container.NewVBox(
		m.label(""),
		formOf(
			m.row(i18n.T("contacts.field.name"), e.name, "name"),
			m.row(i18n.T("contacts.field.kind"), e.kind, "kind"),
			m.row(i18n.T("contacts.field.organisation"), e.organisation, "organisation"),
			m.row(i18n.T("contacts.field.role"), e.role, "role"),
		),
		heading(i18n.T("contacts.heading.channels")),
		wrapLabel(i18n.T("contacts.channels.explain")),
		m.label("channels"),
		e.channelBox,
		container.NewHBox(addChannel),
		heading(i18n.T("contacts.calltree")),
		formOf(
			m.row(i18n.T("contacts.field.callsnext"), e.calls.view(), "calls_next"),
			m.row(i18n.T("contacts.field.calledby"), e.calledBy, "called_by"),
		),
		heading(i18n.T("contacts.heading.links")),
		formOf(
			m.row(i18n.T("contacts.field.resources"), e.resources.view(), "resources"),
			m.row(i18n.T("contacts.field.playbooks"), e.namedBy, "playbooks"),
			m.row(i18n.T("contacts.field.notes"), e.notes, "notes"),
		),
		e.meta,
	)
	e.frame(body, func() { e.onDelete() }, func() { e.onClose() }, e.historyButton("contact"))
}

// show loads a contact into the editor with the rest of the contacts, the
// playbooks and the BIA. A reload while an edit of the same contact is
// pending keeps the edit.
func (e *contactEditor) show(c bcp.Contact, cs []bcp.Contact, pbs []bcp.Playbook, b *bcp.BIA) {
	e.contacts, e.playbooks, e.bia = cs, pbs, b
	e.load(c)
}

func (e *contactEditor) fill() {
	x := &e.draft
	e.name.setQuietly(x.Name)
	selectQuietly(e.kind, e.kinds.name(x.Kind))
	e.organisation.setQuietly(x.Organisation)
	e.role.setQuietly(x.Role)
	setProse(e.notes, x.Notes, 2)
	e.fillChannels()
	e.fillChoices()
}

// fillChoices sets what depends on the rest of the workspace: the
// resources and contacts that can be linked, who calls this contact, and
// the playbook roles that name it.
func (e *contactEditor) fillChoices() {
	var res, others []refOption
	for _, r := range e.bia.Resources {
		if r.Kind == bcp.Person || r.Kind == bcp.Supplier {
			res = append(res, refOption{Ref: r.Ref, Name: r.Name, Detail: kindSingular(r.Kind)})
		}
	}
	var callers []string
	for _, c := range e.contacts {
		if c.ID == e.draft.ID {
			continue
		}
		others = append(others, refOption{Ref: c.Ref, Name: c.Name, Detail: c.Organisation})
		if slices.ContainsFunc(c.CallsNext, func(r string) bool { return strings.EqualFold(r, e.draft.Ref) }) {
			callers = append(callers, c.Ref+" "+c.Name)
		}
	}
	e.resources.set(e.draft.Resources, res)
	e.calls.set(e.draft.CallsNext, others)
	if len(callers) == 0 {
		e.calledBy.SetText(i18n.T("contacts.calledby.none"))
	} else {
		e.calledBy.SetText(strings.Join(callers, "\n"))
	}
	var roles []string
	for _, p := range e.playbooks {
		for _, r := range p.Roles {
			if e.draft.Is(r.Primary) {
				roles = append(roles, i18n.T("contacts.role.primary", i18n.Args{"Playbook": p.Ref, "Role": r.Name}))
			}
			if e.draft.Is(r.Alternate) {
				roles = append(roles, i18n.T("contacts.role.alternate", i18n.Args{"Playbook": p.Ref, "Role": r.Name}))
			}
		}
	}
	if len(roles) == 0 {
		e.namedBy.SetText(i18n.T("contacts.roles.none"))
	} else {
		e.namedBy.SetText(strings.Join(roles, "\n"))
	}
}

// findings checks the draft, among the other contacts, as the store would
// save it and keeps those about this contact.
func (e *contactEditor) findings(draft bcp.Contact) []risk.Finding {
	draft.Normalize()
	all := []bcp.Contact{draft}
	for _, c := range e.contacts {
		if c.ID != draft.ID {
			all = append(all, c)
		}
	}
	return findingsAbout(bcp.CheckContacts(all, e.playbooks, e.bia), draft.Ref)
}

// focusName puts the cursor in the name with the name selected, so typing
// replaces it.
func (e *contactEditor) focusName() {
	focusSelected(e.app.win.Canvas(), e.name)
}

// fillChannels rebuilds the channel rows from the draft.
func (e *contactEditor) fillChannels() {
	e.fillRows(e.channelBox, "channels", len(e.draft.Channels), e.channelRow,
		i18n.T("contacts.channels.none"))
}

// channelRow is one channel: its kind, the number or address, whether it
// is out of band, and a note.
func (e *contactEditor) channelRow(i int) fyne.CanvasObject {
	ch := e.draft.Channels[i]
	key := func(field string) string { return fmt.Sprintf("channels[%d].%s", i, field) }
	kind := e.choice(e.channelKinds.names, e.channelKinds.name, func(j int) { e.draft.Channels[i].Kind = e.channelKinds.values[j] })
	kind.Selected = e.channelKinds.name(ch.Kind)
	value := e.entry(false, i18n.T("contacts.channel.value.hint"), func(v string) { e.draft.Channels[i].Value = v })
	value.setQuietly(ch.Value)
	oob := widget.NewCheck(i18n.T("contacts.channel.oob"), func(on bool) {
		if !e.loading {
			e.draft.Channels[i].OutOfBand = on
			e.edited(true)
		}
	})
	oob.Checked = ch.OutOfBand
	note := e.entry(false, i18n.T("contacts.channel.note.hint"), func(v string) { e.draft.Channels[i].Note = v })
	note.setQuietly(ch.Note)
	remove := rowButton(theme.DeleteIcon(), func() { e.removeChannel(i) })
	m := e.messages
	// A channel's fields show by their hints and choices.
	m.name("channels[].kind", i18n.T("contacts.field.kind"))
	m.showsAt("channels[].kind", e.channelKinds.name)
	m.showsAt("channels[].out_of_band", yesShown)
	m.name("channels[].value", i18n.T("contacts.channel.value.hint"))
	m.name("channels[].out_of_band", i18n.T("contacts.channel.oob"))
	m.name("channels[].note", i18n.T("contacts.field.notes"))
	return container.NewVBox(
		container.NewBorder(nil, nil, atLeastWide(selectWidth(e.channelKinds.names), kind), container.NewHBox(oob, remove), value),
		m.label(key("kind")), m.label(key("value")),
		note,
		widget.NewSeparator())
}

func (e *contactEditor) addChannel() {
	kind := "mobile"
	if e.draft.Kind == bcp.ContactOrganisation {
		kind = "phone"
	}
	// An empty channel would be dropped on saving; the row waits for its
	// value before it is saved.
	e.draft.Channels = append(e.draft.Channels, bcp.Channel{Kind: kind})
	e.fillChannels()
	e.dirty = true
	e.validate()
}

func (e *contactEditor) removeChannel(i int) {
	e.draft.Channels = slices.Delete(e.draft.Channels, i, i+1)
	e.fillChannels()
	e.edited(true)
}
