package app

import (
	"fmt"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"riskbook/bcp"
	"riskbook/i18n"
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
		i18n.T("playbooks.comms.none"))
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
	e.messages.showsAs(audience, func(v string) string { return bcp.AudienceName(bcp.Audience(v)) })
	channel := e.entry(false, i18n.T("playbooks.comm.channel.hint"), func(v string) { comm().Channel = v })
	oob := e.entry(false, i18n.T("playbooks.comm.oob.hint"), func(v string) { comm().OutOfBand = v })
	statement := e.entry(true, i18n.T("playbooks.comm.statement.hint"), func(v string) { comm().Statement = v })
	approvedBy := e.entry(false, i18n.T("playbooks.comm.approvedby.hint"), func(v string) { comm().ApprovedBy = v })
	channel.setQuietly(c.Channel)
	oob.setQuietly(c.OutOfBand)
	setProse(statement, c.Statement, 3)
	approvedBy.setQuietly(c.ApprovedBy)
	remove := widget.NewButtonWithIcon("", theme.DeleteIcon(), func() { e.confirmRemoveCommunication(i) })
	remove.Importance = widget.LowImportance
	m := e.messages
	return container.NewVBox(formOf(
		m.row(i18n.T("playbooks.field.audience"), container.NewBorder(nil, nil, nil, remove, audience), key("audience")),
		m.row(i18n.T("playbooks.field.channel"), channel, key("channel")),
		m.row(i18n.T("playbooks.field.oob"), oob, key("out_of_band")),
		m.row(i18n.T("playbooks.field.statement"), statement, key("statement")),
		m.row(i18n.T("playbooks.field.approvedby"), approvedBy, key("approved_by")),
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
	e.app.confirm(e.app.win, i18n.T("playbooks.comm.remove.title"),
		i18n.T("playbooks.comm.remove.message", i18n.Args{"Audience": bcp.AudienceName(e.draft.Communications[i].Audience)}),
		i18n.T("playbooks.remove"), func() {
			e.draft.Communications = slices.Delete(e.draft.Communications, i, i+1)
			e.fillCommunications()
			e.edited(true)
		})
}
