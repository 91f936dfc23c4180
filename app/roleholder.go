package app

import (
	"context"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"riskbook/bcp"
	"riskbook/i18n"
	"riskbook/risk"
)

// A role's holder in the playbook editor: whom the role names, picked from
// the contacts or typed, and beside it the number the call tree rings them
// on, typed in place. The number is the contact's: typing it updates the
// contact, or creates one for a holder the contacts do not know yet, so
// that the network-down pack prints it with the role.

// holderContacts is what the holder fields write to.
type holderContacts interface {
	CreateContact(ctx context.Context, c *bcp.Contact) error
	UpdateContact(ctx context.Context, c *bcp.Contact) error
}

// holderField is the holder, or the alternate, of one role.
type holderField struct {
	e         *playbookEditor
	role      int
	alternate bool
	name      *widget.SelectEntry
	phone     *commitEntry
	hint      *widget.Label
}

func (e *playbookEditor) holderField(i int, alternate bool, placeholder string) *holderField {
	h := &holderField{e: e, role: i, alternate: alternate}
	h.name = e.suggest(placeholder, func(v string) {
		*h.who() = v
		h.showContact()
	})
	h.phone = newCommitEntry(false, h.commitPhone)
	h.phone.SetPlaceHolder(i18n.T("playbooks.holder.phone.hint"))
	h.phone.OnSubmitted = func(string) { h.commitPhone() }
	h.hint = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Italic: true})
	h.hint.Wrapping = fyne.TextWrapWord
	return h
}

// who is the draft's field this holder writes.
func (h *holderField) who() *string {
	r := &h.e.draft.Roles[h.role]
	if h.alternate {
		return &r.Alternate
	}
	return &r.Primary
}

// view is the name with the phone beside it and what the contacts know of
// the holder under them.
func (h *holderField) view() fyne.CanvasObject {
	return container.NewVBox(
		container.NewBorder(nil, nil, nil, atLeastWide(180, h.phone), h.name),
		h.hint)
}

// fill shows the draft's holder, quietly.
func (h *holderField) fill(options []string) {
	h.name.SetOptions(options)
	h.name.SetText(*h.who())
	h.showContact()
}

// showContact shows, quietly, the holder's number and which contact they
// are, or how to add them.
func (h *holderField) showContact() {
	who := strings.TrimSpace(*h.who())
	c := bcp.FindContact(h.e.contacts, who)
	number := ""
	h.hint.Importance = widget.MediumImportance
	switch {
	case who == "":
		h.hint.SetText("")
	case c == nil && bcp.IsToFillIn(who):
		h.hint.SetText(i18n.T("playbooks.holder.blank"))
	case c == nil:
		h.hint.SetText(i18n.T("playbooks.holder.unknown", i18n.Args{"Name": who}))
		h.hint.Importance = widget.WarningImportance
	default:
		number = c.Number()
		parts := []string{i18n.T("playbooks.holder.contact", i18n.Args{"Ref": c.Ref})}
		if c.Organisation != "" {
			parts = append(parts, c.Organisation)
		}
		nameBlank := bcp.IsToFillIn(c.Name)
		switch {
		case number == "" && numberStillBlank(c) && nameBlank:
			parts = append(parts, i18n.T("playbooks.holder.blanks"))
		case number == "" && numberStillBlank(c):
			parts = append(parts, i18n.T("playbooks.holder.blanknumber"))
		case number == "":
			parts = append(parts, i18n.T("playbooks.holder.nonumber"))
			h.hint.Importance = widget.WarningImportance
		default:
			if nameBlank {
				parts = append(parts, i18n.T("playbooks.holder.blankname"))
			}
			ch := c.Numbers()[0]
			kind := channelKindName(ch.Kind)
			if ch.OutOfBand {
				kind = i18n.T("playbooks.holder.oob", i18n.Args{"Kind": kind})
			}
			parts = append(parts, kind)
		}
		h.hint.SetText(strings.Join(parts, " · "))
	}
	h.phone.setQuietly(number)
}

func numberStillBlank(c *bcp.Contact) bool {
	for _, ch := range c.Channels {
		if bcp.IsNumber(ch) && bcp.IsToFillIn(ch.Value) {
			return true
		}
	}
	return false
}

// commitPhone writes the number typed onto the holder's contact, creating
// the contact when the holder is not one yet. The role itself is saved as
// the draft is; the contact at once.
func (h *holderField) commitPhone() {
	e := h.e
	if e.loading || e.contactStore == nil {
		return
	}
	v := strings.TrimSpace(h.phone.Text)
	who := strings.TrimSpace(*h.who())
	c := bcp.FindContact(e.contacts, who)
	if v == "" || c != nil && v == c.Number() {
		return
	}
	if err := bcp.ValidateNumber(v); err != nil {
		h.refuse(risk.ErrorMessage(err))
		return
	}
	if who == "" || c == nil && bcp.IsToFillIn(who) {
		h.refuse(i18n.T("playbooks.holder.whofirst"))
		return
	}
	e.flush() // the role names the holder before the contact is written
	ctx := context.Background()
	var saved bcp.Contact
	if c == nil {
		saved = bcp.Contact{Name: who, Kind: bcp.ContactPerson}
		saved.SetNumber(v)
		if err := e.contactStore.CreateContact(ctx, &saved); err != nil {
			h.refuse(risk.ErrorMessage(err))
			return
		}
		e.app.notify(i18n.T("playbooks.holder.added", i18n.Args{"Ref": saved.Ref, "Name": saved.Name, "Number": v}))
	} else {
		saved = c.Clone()
		saved.SetNumber(v)
		if err := e.contactStore.UpdateContact(ctx, &saved); err != nil {
			h.refuse(risk.ErrorMessage(err))
			return
		}
		e.app.notify(i18n.T("playbooks.holder.saved", i18n.Args{"Ref": saved.Ref, "Name": saved.Name, "Number": v}))
	}
	e.contactSaved(saved)
}

// refuse says in the hint why the number was not kept, and keeps it in
// the field to correct.
func (h *holderField) refuse(msg string) {
	h.hint.SetText(sentence(msg))
	h.hint.Importance = widget.DangerImportance
	h.hint.Refresh()
}

// contactSaved takes a contact written from a role into the editor's
// contacts, shows it in every holder field, checks the draft again and
// tells the screen.
func (e *playbookEditor) contactSaved(c bcp.Contact) {
	found := false
	for i := range e.contacts {
		if e.contacts[i].ID == c.ID {
			e.contacts[i], found = c, true
		}
	}
	if !found {
		e.contacts = append(e.contacts, c)
	}
	people := e.people()
	e.quietly(func() {
		for _, f := range e.roles {
			for _, h := range []*holderField{f.primary, f.alternate} {
				h.name.SetOptions(people)
				h.showContact()
			}
		}
	})
	e.validate()
	if e.onContact != nil {
		e.onContact(c)
	}
}
