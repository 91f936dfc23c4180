package app

import (
	"fmt"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"riskbook/bcp"
)

// The communication rows of the playbook editor: what to tell each
// audience, how, and the statement approved in advance.

// audienceNames are the audiences as the audience choice offers them.
func audienceNames() []string {
	var out []string
	for _, a := range bcp.Audiences {
		out = append(out, bcp.AudienceName(a))
	}
	return out
}

// fillCommunications rebuilds the communication rows from the draft.
func (e *playbookEditor) fillCommunications() {
	e.fillRows(e.commBox, "communications", len(e.draft.Communications), e.communicationRow,
		"No communication yet. Add what to tell registrars, the public and the authorities, with statements approved in advance.")
}

func (e *playbookEditor) communicationRow(i int) fyne.CanvasObject {
	c := e.draft.Communications[i]
	key := func(field string) string { return fmt.Sprintf("communications[%d].%s", i, field) }
	comm := func() *bcp.Communication { return &e.draft.Communications[i] }
	audience := widget.NewSelect(audienceNames(), func(v string) {
		if !e.loading {
			comm().Audience = bcp.Audiences[slices.Index(audienceNames(), v)]
			e.edited(true)
		}
	})
	selectQuietly(audience, bcp.AudienceName(c.Audience))
	channel := e.entry(false, "The usual channel, e.g. email to the registrar list", func(v string) { comm().Channel = v })
	oob := e.entry(false, "When that is down, e.g. SMS to the emergency numbers", func(v string) { comm().OutOfBand = v })
	statement := e.entry(true, "The pre-approved text, with [blanks] to fill in", func(v string) { comm().Statement = v })
	approvedBy := e.entry(false, "Who approved the statement, and when", func(v string) { comm().ApprovedBy = v })
	channel.setQuietly(c.Channel)
	oob.setQuietly(c.OutOfBand)
	setProse(statement, c.Statement, 3)
	approvedBy.setQuietly(c.ApprovedBy)
	remove := widget.NewButtonWithIcon("", theme.DeleteIcon(), func() { e.confirmRemoveCommunication(i) })
	remove.Importance = widget.LowImportance
	m := e.messages
	return container.NewVBox(formOf(
		m.row("Audience", container.NewBorder(nil, nil, nil, remove, audience), key("audience")),
		m.row("Channel", channel, key("channel")),
		m.row("Out-of-band", oob, key("out_of_band")),
		m.row("Statement", statement, key("statement")),
		m.row("Approved by", approvedBy, key("approved_by")),
	), widget.NewSeparator())
}

// addCommunication adds a communication to the first audience the
// playbook does not address yet.
func (e *playbookEditor) addCommunication() {
	audience := bcp.AudienceInternal
	for _, a := range bcp.Audiences {
		if !slices.ContainsFunc(e.draft.Communications, func(c bcp.Communication) bool { return c.Audience == a }) {
			audience = a
			break
		}
	}
	e.draft.Communications = append(e.draft.Communications, bcp.Communication{Audience: audience})
	e.fillCommunications()
	e.edited(true)
}

func (e *playbookEditor) confirmRemoveCommunication(i int) {
	e.app.confirm(e.app.win, "Remove this communication?",
		"What to tell "+bcp.AudienceName(e.draft.Communications[i].Audience)+", and its statement, are removed.",
		"Remove", func() {
			e.draft.Communications = slices.Delete(e.draft.Communications, i, i+1)
			e.fillCommunications()
			e.edited(true)
		})
}
