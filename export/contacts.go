package export

import (
	"strings"

	"riskbook/bcp"
	"riskbook/i18n"
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
func (l docLang) channelText(ch bcp.Channel) string {
	s := l.channelLine(ch)
	if ch.OutOfBand {
		s += " — " + l.T("export.contacts.oob")
	}
	return s
}

// channelLine is bcp.ChannelLine with the kind of channel in the
// document's language: "mobile +351 912 (personal)".
func (l docLang) channelLine(ch bcp.Channel) string {
	s := strings.TrimSpace(l.value("channel", ch.Kind) + " " + ch.Value)
	if ch.Note != "" {
		s += " (" + ch.Note + ")"
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
		{Title: b.T("export.col.ref"), Kind: Text, Width: 7},
		{Title: b.T("export.col.name"), Kind: LongText, Width: 22},
		{Title: b.T("export.col.kind"), Kind: Text, Width: 12, SheetOnly: true},
		{Title: b.T("export.col.org_role"), Kind: LongText, Width: 22},
		{Title: b.T("export.col.channels"), Kind: LongText, Width: 46},
		{Title: b.T("export.playbook.oob"), Kind: Number, Width: 10, SheetOnly: true},
		{Title: b.T("export.col.calls_next"), Kind: LongText, Width: 12},
		{Title: b.T("export.col.resources"), Kind: LongText, Width: 12},
		{Title: b.T("export.col.notes"), Kind: LongText, Width: 40, SheetOnly: true},
	}}
	noOOB := 0
	for i := range cs {
		c := &cs[i]
		var chans []string
		for _, ch := range c.Channels {
			chans = append(chans, b.channelText(ch))
		}
		if len(c.OutOfBand()) == 0 {
			noOOB++
		}
		org := strings.TrimSpace(strings.Join(nonEmpty(c.Organisation, c.Role), ", "))
		list.Rows = append(list.Rows, []Cell{
			text(c.Ref), text(c.Name), text(b.value("contact", c.Kind)), text(org), text(or(strings.Join(chans, "\n"), b.T("export.contacts.none"))),
			number(len(c.OutOfBand())), text(refList(c.CallsNext)), text(b.markList(bcp.RefResource, c.Resources)), text(c.Notes),
		})
	}
	intro := b.N("export.contacts.intro", len(cs))
	if noOOB > 0 {
		intro += " " + b.N("export.contacts.no_oob", noOOB)
	}
	return []Section{{ID: "contacts", Title: b.T("export.contacts.title"), Sheet: b.T("export.contacts.sheet"), Blocks: append([]Block{
		{Paragraph: intro},
		{Table: list},
		{Heading: b.T("export.pack.call_tree")},
		{Paragraph: b.T("export.contacts.tree.intro")},
		{Table: b.callTreeTable(cs, false)},
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
func (l docLang) callTreeTable(cs []bcp.Contact, compact bool) *Table {
	t := &Table{Name: "CallTree", TextSize: playbookTextSize, Empty: l.T("export.contacts.empty"), Columns: []Column{
		{Title: l.T("export.col.level"), Kind: Number, Width: 6},
		{Title: l.T("export.col.contact"), Kind: LongText, Width: 36},
		{Title: l.T("export.playbook.oob"), Kind: LongText, Width: 44},
	}}
	if compact {
		t.TextSize = packTextSize
	} else {
		t.Columns = append(t.Columns, Column{Title: l.T("export.col.calls_next"), Kind: LongText, Width: 14})
	}
	for _, line := range bcp.CallLines(bcp.CallTree(cs)) {
		c := line.Contact
		name := callIndent(line.Level) + contactName(c)
		var chans []string
		for _, ch := range c.OutOfBand() {
			chans = append(chans, l.channelLine(ch))
		}
		switch {
		case line.Repeat:
			name += " " + l.T("export.contacts.see_above")
			chans = nil
		case len(chans) == 0 && len(c.Channels) > 0:
			chans = []string{l.T("export.contacts.usual", i18n.Args{"Channel": l.channelLine(c.Channels[0])})}
		case len(chans) == 0:
			chans = []string{l.T("export.contacts.none")}
		}
		row := []Cell{number(line.Level + 1), text(name), text(strings.Join(chans, "\n"))}
		if !compact {
			calls := ""
			if !line.Repeat {
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
func (l docLang) packCallTree(cs []bcp.Contact) *Section {
	if len(cs) == 0 {
		return nil
	}
	return &Section{ID: "pack-call-tree", Title: l.T("export.pack.call_tree"), Blocks: []Block{
		{Paragraph: l.T("export.pack.call_tree.intro")},
		{Table: l.callTreeTable(cs, true)},
	}}
}
