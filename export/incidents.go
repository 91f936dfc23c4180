package export

import (
	"fmt"
	"strings"
	"time"

	"riskbook/bcp"
	"riskbook/i18n"
)

// The incident records: each activation of a playbook — what triggered it,
// who declared it and when, the steps with the time each was done, and the
// decision log — as the record of the incident (ISO 22301 8.4.4, 10.1).
// Times are in UTC, as in the change log.

// incidentTime formats an activation's time; zero is "—".
func (l docLang) incidentTime(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return l.dayTime(t)
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
		{Title: b.T("export.col.ref"), Kind: Text, Width: 8},
		{Title: b.T("export.col.playbook"), Kind: LongText, Width: 26},
		{Title: b.T("export.col.trigger"), Kind: LongText, Width: 40},
		{Title: b.T("export.col.declared_by"), Kind: LongText, Width: 16},
		{Title: b.T("export.col.declared_utc"), Kind: Text, Width: 17},
		{Title: b.T("export.col.closed_utc"), Kind: Text, Width: 17},
		{Title: b.T("export.col.steps_done"), Kind: Text, Width: 10},
		{Title: b.T("export.col.log_entries"), Kind: Number, Width: 8, SheetOnly: true},
	}}
	record := &Table{Name: "IncidentRecord", Title: b.T("export.incidents.record.table"), SheetOnly: true, Columns: []Column{
		{Title: b.T("export.col.ref"), Kind: Text, Width: 8},
		{Title: b.T("export.col.time_utc"), Kind: Text, Width: 17},
		{Title: b.T("export.col.entry"), Kind: Text, Width: 10},
		{Title: b.T("export.col.phase"), Kind: Text, Width: 20},
		{Title: "#", Kind: Number, Width: 5},
		{Title: b.T("export.col.what"), Kind: LongText, Width: 60},
		{Title: b.T("export.col.by"), Kind: Text, Width: 18},
		{Title: b.T("export.col.note"), Kind: LongText, Width: 40},
	}}
	var pages []Section
	for i := range acts {
		a := &acts[i]
		pb := strings.TrimSpace(b.mark(bcp.RefPlaybook, a.Playbook) + " " + titles[strings.ToUpper(a.Playbook)])
		closed := b.incidentTime(a.ClosedAt)
		if a.Open() {
			closed = b.T("export.incidents.open")
		}
		list.Rows = append(list.Rows, []Cell{text(a.Ref), text(pb), text(a.Trigger), text(a.DeclaredBy),
			text(b.incidentTime(a.DeclaredAt)), text(closed), text(b.stepsDone(a)), number(len(a.Log))})
		record.Rows = append(record.Rows, []Cell{text(a.Ref), text(b.incidentTime(a.DeclaredAt)), text(b.T("export.incidents.entry.declared")), text(""), text(""),
			text(a.Trigger), text(a.DeclaredBy), text("")})
		for _, s := range a.Steps {
			if s.Done.IsZero() && s.Note == "" {
				continue
			}
			record.Rows = append(record.Rows, []Cell{text(a.Ref), text(b.incidentTime(s.Done)), text(b.T("export.incidents.entry.step")), text(b.value("phase", string(s.Phase))),
				number(s.Index), text(s.What), text(s.By), text(s.Note)})
		}
		for _, e := range a.Log {
			record.Rows = append(record.Rows, []Cell{text(a.Ref), text(b.incidentTime(e.At)), text(b.T("export.incidents.entry.decision")), text(""), text(""),
				text(e.Text), text(e.By), text("")})
		}
		if !a.Open() {
			record.Rows = append(record.Rows, []Cell{text(a.Ref), text(b.incidentTime(a.ClosedAt)), text(b.T("export.incidents.entry.closed")), text(""), text(""),
				text(""), text(""), text("")})
		}
		pages = append(pages, b.incidentPage(a, pb))
	}
	intro := b.N("export.incidents.intro", len(acts))
	out := []Section{{ID: "incidents", Title: b.T("export.incidents.title"), Sheet: b.T("export.incidents.sheet"), Blocks: append([]Block{
		{Paragraph: intro},
		{Table: list},
		{Table: record},
	}, b.missingBlocks()...)}}
	return append(out, pages...)
}

// incidentPage is one activation's record.
func (l docLang) incidentPage(a *bcp.Activation, playbook string) Section {
	status := l.T("export.incidents.status.open")
	if !a.Open() {
		status = l.T("export.incidents.status.closed", i18n.Args{"At": l.incidentTime(a.ClosedAt),
			"After": l.duration(bcp.Duration(a.ClosedAt.Sub(a.DeclaredAt).Round(time.Minute)))})
	}
	facts := []Fact{
		{l.T("export.col.playbook"), playbook},
		{l.T("export.col.trigger"), a.Trigger},
		{l.T("export.incidents.declared"), l.T("export.incidents.declared.value", i18n.Args{"At": l.incidentTime(a.DeclaredAt), "By": a.DeclaredBy})},
		{l.T("export.col.status"), status},
		{l.T("export.col.steps_done"), l.stepsDone(a)},
	}
	steps := &Table{Name: "Steps" + tableName(a.Ref), TextSize: playbookTextSize, Empty: l.T("export.incidents.steps.empty"), Columns: []Column{
		{Title: l.T("export.col.phase"), Kind: LongText, Width: 16},
		{Title: "#", Kind: Number, Width: 5},
		{Title: l.T("export.col.step_note"), Kind: LongText, Width: 50, Lead: true},
		{Title: l.T("export.col.done_utc"), Kind: LongText, Width: 18},
		{Title: l.T("export.col.by"), Kind: LongText, Width: 16},
	}}
	for _, s := range a.Steps {
		what := s.What
		if s.Note != "" {
			what += "\n" + l.T("export.incidents.note", i18n.Args{"Note": s.Note})
		}
		done := l.T("export.incidents.not_done")
		if !s.Done.IsZero() {
			done = l.incidentTime(s.Done)
		}
		steps.Rows = append(steps.Rows, []Cell{text(l.value("phase", string(s.Phase))), {Text: fmt.Sprintf("%d.", s.Index), Number: float64(s.Index)},
			text(what), text(done), text(s.By)})
	}
	log := &Table{Name: "Log" + tableName(a.Ref), TextSize: playbookTextSize, Empty: l.T("export.incidents.log.empty"), Columns: []Column{
		{Title: l.T("export.col.time_utc"), Kind: LongText, Width: 18},
		{Title: l.T("export.col.by"), Kind: LongText, Width: 16},
		{Title: l.T("export.col.decision_event"), Kind: LongText, Width: 71},
	}}
	for _, e := range a.Log {
		log.Rows = append(log.Rows, []Cell{text(l.incidentTime(e.At)), text(e.By), text(e.Text)})
	}
	return Section{ID: "incident-" + a.Ref, Title: l.T("export.incidents.page.title", i18n.Args{"Ref": a.Ref}), Blocks: []Block{
		{Facts: facts},
		{Heading: l.T("export.incidents.log")},
		{Table: log},
		{Heading: l.T("export.col.steps")},
		{Table: steps},
	}}
}

// stepsDone is "3 of 12", the steps of an incident done.
func (l docLang) stepsDone(a *bcp.Activation) string {
	return l.T("export.continuity.of", i18n.Args{"N": l.p.Int(a.DoneCount()), "Total": l.p.Int(len(a.Steps))})
}
