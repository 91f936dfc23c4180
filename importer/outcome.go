package importer

import (
	"path/filepath"

	"riskbook/i18n"
	"riskbook/risk"
)

// Outcome is what an applied import wrote: the references created and
// updated, and the change-log row that records it.
type Outcome struct {
	Source     string
	SHA256     string
	Created    []string
	Updated    []string
	Unchanged  int // rows that updated a risk already holding what they give
	Unscored   int // new risks without an inherent score
	Activities []string
	Resources  []string
	// LogRow and Actor are the change-log row of the import and who made it.
	LogRow int64
	Actor  string
}

// Summary says in one sentence what the import wrote, in the default
// language.
func (o *Outcome) Summary() string { return o.SummaryIn(i18n.Default()) }

// SummaryIn is Summary in p's language.
func (o *Outcome) SummaryIn(p *i18n.Printer) string {
	var created, parts []risk.Localizer
	if n := len(o.Created); n > 0 || len(o.Updated)+o.Unchanged+len(o.Activities)+len(o.Resources) == 0 {
		risks := risk.N("importer.outcome.risks", n)
		switch {
		case o.Unscored == 1 && n == 1:
			risks = risk.T("importer.outcome.risk_unscored")
		case o.Unscored > 0 && o.Unscored == n:
			risks = risk.N("importer.outcome.risks_unscored", n)
		case o.Unscored > 0:
			risks = risk.N("importer.outcome.risks_some_unscored", n, risk.Args{"Unscored": o.Unscored})
		}
		created = append(created, risks)
	}
	if len(o.Activities) > 0 {
		created = append(created, risk.N("importer.outcome.activities", len(o.Activities)))
	}
	if len(o.Resources) > 0 {
		created = append(created, risk.N("importer.outcome.systems", len(o.Resources)))
	}
	if len(created) > 0 {
		parts = append(parts, risk.T("importer.outcome.created", risk.Args{"List": risk.And(created...)}))
	}
	if len(o.Updated) > 0 {
		parts = append(parts, risk.N("importer.outcome.updated", len(o.Updated)))
	}
	if o.Unchanged > 0 {
		parts = append(parts, risk.N("importer.outcome.unchanged", o.Unchanged))
	}
	return risk.T("importer.outcome.summary", risk.Args{"Name": filepath.Base(o.Source), "Parts": risk.And(parts...)}).In(p)
}

// Lines lists the references written, one kind a line, each with at most
// a few references and a count of the rest, so that a 10,000-row import
// stays readable; in the default language.
func (o *Outcome) Lines() []string {
	var out []string
	for _, l := range []struct {
		id   string
		refs []string
	}{{"importer.outcome.line.created", o.Created}, {"importer.outcome.line.updated", o.Updated},
		{"importer.outcome.line.activities", o.Activities}, {"importer.outcome.line.systems", o.Resources}} {
		if len(l.refs) > 0 {
			out = append(out, risk.T(l.id, risk.Args{"Count": len(l.refs), "Refs": risk.Refs(l.refs, 5)}).String())
		}
	}
	return out
}
