package export

import (
	"fmt"
	"strings"
	"time"

	"riskbook/bcp"
	"riskbook/risk"
)

// The incident records: each activation of a playbook — what triggered it,
// who declared it and when, the steps with the time each was done, and the
// decision log — as the record of the incident (ISO 22301 8.4.4, 10.1).
// Times are in UTC, as in the change log.

// incidentTime formats an activation's time; zero is "—".
func incidentTime(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.UTC().Format("2006-01-02 15:04")
}

// incidentSections are the full report's: a list of the activations (the
// Incidents sheet, with every step and log entry) and each activation's
// record on its own pages. Without activations there is no section.
func (b *builder) incidentSections() []Section {
	acts := b.in.Activations
	if len(acts) == 0 {
		return nil
	}
	titles := map[string]string{}
	for _, p := range b.in.Playbooks {
		titles[strings.ToUpper(p.Ref)] = p.Title
	}
	list := &Table{Name: "Incidents", Columns: []Column{
		{Title: "Ref", Kind: Text, Width: 8},
		{Title: "Playbook", Kind: LongText, Width: 26},
		{Title: "Trigger", Kind: LongText, Width: 40},
		{Title: "Declared by", Kind: LongText, Width: 16},
		{Title: "Declared (UTC)", Kind: Text, Width: 17},
		{Title: "Closed (UTC)", Kind: Text, Width: 17},
		{Title: "Steps done", Kind: Text, Width: 10},
		{Title: "Log entries", Kind: Number, Width: 8, SheetOnly: true},
	}}
	record := &Table{Name: "IncidentRecord", SheetOnly: true, Columns: []Column{
		{Title: "Ref", Kind: Text, Width: 8},
		{Title: "Time (UTC)", Kind: Text, Width: 17},
		{Title: "Entry", Kind: Text, Width: 10},
		{Title: "Phase", Kind: Text, Width: 20},
		{Title: "#", Kind: Number, Width: 5},
		{Title: "What", Kind: LongText, Width: 60},
		{Title: "By", Kind: Text, Width: 18},
		{Title: "Note", Kind: LongText, Width: 40},
	}}
	var pages []Section
	for i := range acts {
		a := &acts[i]
		pb := strings.TrimSpace(b.mark(bcp.RefPlaybook, a.Playbook) + " " + titles[strings.ToUpper(a.Playbook)])
		closed := incidentTime(a.ClosedAt)
		if a.Open() {
			closed = "open"
		}
		list.Rows = append(list.Rows, []Cell{text(a.Ref), text(pb), text(a.Trigger), text(a.DeclaredBy),
			text(incidentTime(a.DeclaredAt)), text(closed), text(fmt.Sprintf("%d of %d", a.DoneCount(), len(a.Steps))), number(len(a.Log))})
		record.Rows = append(record.Rows, []Cell{text(a.Ref), text(incidentTime(a.DeclaredAt)), text("Declared"), text(""), text(""),
			text(a.Trigger), text(a.DeclaredBy), text("")})
		for _, s := range a.Steps {
			if s.Done.IsZero() && s.Note == "" {
				continue
			}
			record.Rows = append(record.Rows, []Cell{text(a.Ref), text(incidentTime(s.Done)), text("Step"), text(bcp.PhaseName(s.Phase)),
				number(s.Index), text(s.What), text(s.By), text(s.Note)})
		}
		for _, e := range a.Log {
			record.Rows = append(record.Rows, []Cell{text(a.Ref), text(incidentTime(e.At)), text("Decision"), text(""), text(""),
				text(e.Text), text(e.By), text("")})
		}
		if !a.Open() {
			record.Rows = append(record.Rows, []Cell{text(a.Ref), text(incidentTime(a.ClosedAt)), text("Closed"), text(""), text(""),
				text(""), text(""), text("")})
		}
		pages = append(pages, incidentPage(a, pb))
	}
	intro := fmt.Sprintf("%s: each time a playbook was declared, what triggered it, who declared it and when, "+
		"the steps with the time each was done and by whom, and the decision log. Times are in UTC. "+
		"The Incidents sheet of the workbook lists every step done and every decision in time order per incident.",
		risk.Count(len(acts), "incident record", "incident records"))
	out := []Section{{ID: "incidents", Title: "Incident records", Sheet: "Incidents", Blocks: append([]Block{
		{Paragraph: intro},
		{Table: list},
		{Table: record},
	}, b.missingBlocks()...)}}
	return append(out, pages...)
}

// incidentPage is one activation's record.
func incidentPage(a *bcp.Activation, playbook string) Section {
	status := "Open"
	if !a.Open() {
		status = "Closed " + incidentTime(a.ClosedAt) + " UTC, " + bcp.Duration(a.ClosedAt.Sub(a.DeclaredAt).Round(time.Minute)).String() + " after it was declared"
	}
	facts := []Fact{
		{"Playbook", playbook},
		{"Trigger", a.Trigger},
		{"Declared", incidentTime(a.DeclaredAt) + " UTC by " + a.DeclaredBy},
		{"Status", status},
		{"Steps done", fmt.Sprintf("%d of %d", a.DoneCount(), len(a.Steps))},
	}
	steps := &Table{Name: "Steps" + tableName(a.Ref), TextSize: playbookTextSize, Empty: "The playbook had no steps.", Columns: []Column{
		{Title: "Phase", Kind: LongText, Width: 16},
		{Title: "#", Kind: Number, Width: 5},
		{Title: "Step, note", Kind: LongText, Width: 50, Lead: true},
		{Title: "Done (UTC)", Kind: LongText, Width: 18},
		{Title: "By", Kind: LongText, Width: 16},
	}}
	for _, s := range a.Steps {
		what := s.What
		if s.Note != "" {
			what += "\nNote: " + s.Note
		}
		done := "not done"
		if !s.Done.IsZero() {
			done = incidentTime(s.Done)
		}
		steps.Rows = append(steps.Rows, []Cell{text(bcp.PhaseName(s.Phase)), {Text: fmt.Sprintf("%d.", s.Index), Number: float64(s.Index)},
			text(what), text(done), text(s.By)})
	}
	log := &Table{Name: "Log" + tableName(a.Ref), TextSize: playbookTextSize, Empty: "Nothing was logged.", Columns: []Column{
		{Title: "Time (UTC)", Kind: LongText, Width: 18},
		{Title: "By", Kind: LongText, Width: 16},
		{Title: "Decision or event", Kind: LongText, Width: 71},
	}}
	for _, e := range a.Log {
		log.Rows = append(log.Rows, []Cell{text(incidentTime(e.At)), text(e.By), text(e.Text)})
	}
	return Section{ID: "incident-" + a.Ref, Title: a.Ref + " incident record", Blocks: []Block{
		{Facts: facts},
		{Heading: "Decision log"},
		{Table: log},
		{Heading: "Steps"},
		{Table: steps},
	}}
}
