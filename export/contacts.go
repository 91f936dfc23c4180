package export

import (
	"fmt"
	"strings"

	"riskbook/bcp"
	"riskbook/risk"
)

// The contacts: every person and organisation to call, with their
// channels (those that work with the network down marked), and the call
// tree — who calls whom. They name people and their numbers, so only the
// full report and the network-down pack carry them; the public summary
// does not even count them.

// callIndent indents a call-tree line by its level, with no-break spaces
// that neither renderer trims.
func callIndent(level int) string {
	return strings.Repeat("\u00a0", 4*level)
}

// channelText writes one channel, "mobile +351 912 (personal) — out of
// band".
func channelText(ch bcp.Channel) string {
	s := bcp.ChannelLine(ch)
	if ch.OutOfBand {
		s += " — out of band"
	}
	return s
}

func contactName(c *bcp.Contact) string {
	s := c.Ref + " " + c.Name
	if c.Organisation != "" && c.Kind == bcp.ContactPerson {
		s += " (" + c.Organisation + ")"
	}
	return s
}

// contactSections are the full report's Contacts and call tree, when
// there is a contact.
func (b *builder) contactSections() []Section {
	cs := b.in.Contacts
	if len(cs) == 0 {
		return nil
	}
	list := &Table{Name: "Contacts", TextSize: playbookTextSize, Columns: []Column{
		{Title: "Ref", Kind: Text, Width: 7},
		{Title: "Name", Kind: LongText, Width: 22},
		{Title: "Kind", Kind: Text, Width: 12, SheetOnly: true},
		{Title: "Organisation, role", Kind: LongText, Width: 22},
		{Title: "Channels", Kind: LongText, Width: 46},
		{Title: "Out-of-band channels", Kind: Number, Width: 10, SheetOnly: true},
		{Title: "Calls next", Kind: LongText, Width: 12},
		{Title: "Resources", Kind: LongText, Width: 12},
		{Title: "Notes", Kind: LongText, Width: 40, SheetOnly: true},
	}}
	noOOB := 0
	for i := range cs {
		c := &cs[i]
		var chans []string
		for _, ch := range c.Channels {
			chans = append(chans, channelText(ch))
		}
		if len(c.OutOfBand()) == 0 {
			noOOB++
		}
		org := strings.TrimSpace(strings.Join(nonEmpty(c.Organisation, c.Role), ", "))
		list.Rows = append(list.Rows, []Cell{
			text(c.Ref), text(c.Name), text(c.Kind), text(org), text(or(strings.Join(chans, "\n"), "none recorded")),
			number(len(c.OutOfBand())), text(refList(c.CallsNext)), text(b.markList(bcp.RefResource, c.Resources)), text(c.Notes),
		})
	}
	intro := fmt.Sprintf("%s to call in a crisis, with every channel to reach them; those marked out of band work when the "+
		"registry's network, e-mail and chat do not.", capitalFirst(risk.Count(len(cs), "contact", "contacts")))
	if noOOB > 0 {
		intro += fmt.Sprintf(" %s no out-of-band channel yet.", capitalFirst(risk.Count(noOOB, "contact has", "contacts have")))
	}
	return []Section{{ID: "contacts", Title: "Contacts and call tree", Sheet: "Contacts", Blocks: append([]Block{
		{Paragraph: intro},
		{Table: list},
		{Heading: "Call tree"},
		{Paragraph: "Who calls whom when a playbook is declared: each contact calls those on the next level under it. " +
			"A contact shown a second time is called by more than one; its own calls are listed the first time."},
		{Table: callTreeTable(cs, false)},
	}, b.missingBlocks()...)}}
}

// nonEmpty drops the blank strings.
func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			out = append(out, s)
		}
	}
	return out
}

// callTreeTable is the call tree, one contact a row, indented by level.
// compact (the pack) lists only the out-of-band channels, or the first
// channel when there is none.
func callTreeTable(cs []bcp.Contact, compact bool) *Table {
	t := &Table{Name: "CallTree", TextSize: playbookTextSize, Empty: "No contact is recorded yet.", Columns: []Column{
		{Title: "Level", Kind: Number, Width: 6},
		{Title: "Contact", Kind: LongText, Width: 36},
		{Title: "Out-of-band channels", Kind: LongText, Width: 44},
	}}
	if compact {
		t.TextSize = packTextSize
	} else {
		t.Columns = append(t.Columns, Column{Title: "Calls next", Kind: LongText, Width: 14})
	}
	for _, l := range bcp.CallLines(bcp.CallTree(cs)) {
		c := l.Contact
		name := callIndent(l.Level) + contactName(c)
		var chans []string
		for _, ch := range c.OutOfBand() {
			chans = append(chans, bcp.ChannelLine(ch))
		}
		switch {
		case l.Repeat:
			name += " (see above)"
			chans = nil
		case len(chans) == 0 && len(c.Channels) > 0:
			chans = []string{"none; usual: " + bcp.ChannelLine(c.Channels[0])}
		case len(chans) == 0:
			chans = []string{"none recorded"}
		}
		row := []Cell{number(l.Level + 1), text(name), text(strings.Join(chans, "\n"))}
		if !compact {
			calls := ""
			if !l.Repeat {
				calls = refList(c.CallsNext)
			}
			row = append(row, text(calls))
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

// packCallTree is the pack's first section: the call tree with each
// contact's out-of-band channels; nil without contacts.
func packCallTree(cs []bcp.Contact) *Section {
	if len(cs) == 0 {
		return nil
	}
	return &Section{ID: "pack-call-tree", Title: "Call tree", Blocks: []Block{
		{Paragraph: "Each contact calls those on the next level under it, on these channels when the network is down."},
		{Table: callTreeTable(cs, true)},
	}}
}
