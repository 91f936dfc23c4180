package workspace

import (
	"context"
	"path/filepath"
	"strings"

	"riskbook/i18n"
	"riskbook/risk"
	"riskbook/sqlite"
)

// SalvageReport says what a salvage recovered and what it could not.
type SalvageReport = sqlite.SalvageReport

// Salvage writes a new workspace at out with every record that can still
// be read from the damaged workspace at src, which is only read.
func Salvage(ctx context.Context, src, out string) (*SalvageReport, error) {
	return sqlite.Salvage(ctx, src, out)
}

// SalvageLines are the sentences both front ends show after a salvage,
// in the default language: what came back, what came back possibly out of
// date, what was lost.
func SalvageLines(r *SalvageReport) []string { return SalvageLinesIn(i18n.Default(), r) }

// SalvageLinesIn is SalvageLines in p's language.
func SalvageLinesIn(p *i18n.Printer, r *SalvageReport) []string {
	var out []string
	add := func(m risk.Msg) { out = append(out, m.In(p)) }
	add(risk.T("salvage.done", risk.Args{"Source": filepath.Base(r.Source), "Out": r.Out}))
	if r.Missing > 0 {
		add(risk.T("salvage.cut_short", risk.Args{"Missing": r.Missing, "Pages": r.Pages}))
	}
	var got []string
	for _, c := range r.Counts {
		s := recordCount(c.Noun, c.Total).In(p)
		if n := c.FromHistory + c.AsRecorded; n > 0 {
			s = p.T("salvage.from_log", i18n.Args{"Count": s, "N": n})
		}
		got = append(got, s)
	}
	if len(got) > 0 {
		add(risk.T("salvage.recovered", risk.Args{"List": strings.Join(got, p.T("rules.list.sep"))}))
	}
	switch {
	case len(r.Gaps) > 0:
		add(risk.N("salvage.log.gaps", r.Changes, risk.Args{"Gaps": gapList(r.Gaps)}))
	default:
		add(risk.N("salvage.log", r.Changes))
	}
	if r.Missing > 0 {
		add(risk.T("salvage.missing_lost"))
	}
	if damaged := r.Missing > 0 || r.UnreadableRows > 0 || r.UnassignedPages > 0; damaged && len(r.None) > 0 {
		var kinds []risk.Localizer
		for _, n := range r.None {
			kinds = append(kinds, recordKinds(n))
		}
		add(risk.T("salvage.none", risk.Args{"Kinds": risk.And(kinds...)}))
	}
	if len(r.Stale) > 0 {
		add(risk.T("salvage.stale", risk.Args{"List": recordList(r.Stale)}))
	}
	if len(r.Lost) > 0 {
		add(risk.T("salvage.lost", risk.Args{"List": recordList(r.Lost)}))
	}
	for _, u := range r.Unrestored {
		add(risk.T("salvage.unrestored", risk.Args{"Record": record(u.Kind, u.Ref), "Why": strings.TrimSuffix(u.Why, ".")}))
	}
	var unread []risk.Localizer
	if r.UnreadableRows > 0 {
		unread = append(unread, risk.N("salvage.unreadable.rows", r.UnreadableRows))
	}
	if r.UnassignedPages > 0 {
		unread = append(unread, risk.N("salvage.unreadable.pages", r.UnassignedPages))
	}
	if len(unread) > 0 {
		add(risk.T("salvage.unreadable", risk.Args{"List": risk.And(unread...)}))
	}
	for _, pr := range r.Problems {
		out = append(out, strings.TrimSuffix(risk.UpperFirst(pr), ".")+".")
	}
	add(risk.T("salvage.check"))
	return out
}

// recordCount is a count of records of a kind the report names by its
// English noun ("incident record"): "3 incident records".
func recordCount(noun string, n int) risk.Localizer {
	switch noun {
	case "risk":
		return risk.N("salvage.count.risk", n)
	case "activity":
		return risk.N("salvage.count.activity", n)
	case "resource":
		return risk.N("salvage.count.resource", n)
	case "playbook":
		return risk.N("salvage.count.playbook", n)
	case "exercise":
		return risk.N("salvage.count.exercise", n)
	case "incident record":
		return risk.N("salvage.count.incident", n)
	case "contact":
		return risk.N("salvage.count.contact", n)
	case "Statement of Applicability entry":
		return risk.N("salvage.count.soa", n)
	case "control catalog":
		return risk.N("salvage.count.catalog", n)
	case "setting":
		return risk.N("salvage.count.setting", n)
	case "risk criteria":
		return risk.N("salvage.count.criteria", n)
	case "BIA settings":
		return risk.N("salvage.count.bia_settings", n)
	}
	return risk.Text(risk.Count(n, noun, plural(noun)))
}

// recordKinds names the records of a kind: "incident records".
func recordKinds(noun string) risk.Localizer {
	switch noun {
	case "risk":
		return risk.T("salvage.kinds.risk")
	case "activity":
		return risk.T("salvage.kinds.activity")
	case "resource":
		return risk.T("salvage.kinds.resource")
	case "playbook":
		return risk.T("salvage.kinds.playbook")
	case "exercise":
		return risk.T("salvage.kinds.exercise")
	case "incident record":
		return risk.T("salvage.kinds.incident")
	case "contact":
		return risk.T("salvage.kinds.contact")
	case "Statement of Applicability entry":
		return risk.T("salvage.kinds.soa")
	}
	return risk.Text(plural(noun))
}

// record names one record: "incident record ACV-01". kind is the noun the
// report gives, or the change log's name of the entity ("activation").
func record(kind, ref string) risk.Localizer {
	var k risk.Localizer = risk.Text(kind)
	switch kind {
	case "risk":
		k = risk.T("salvage.kind.risk")
	case "activity":
		k = risk.T("salvage.kind.activity")
	case "resource":
		k = risk.T("salvage.kind.resource")
	case "activity or resource":
		k = risk.T("salvage.kind.activity_or_resource")
	case "playbook":
		k = risk.T("salvage.kind.playbook")
	case "exercise":
		k = risk.T("salvage.kind.exercise")
	case "incident record":
		k = risk.T("salvage.kind.incident")
	case "activation":
		k = risk.T("salvage.kind.activation")
	case "contact":
		k = risk.T("salvage.kind.contact")
	case "Statement of Applicability entry":
		k = risk.T("salvage.kind.soa_entry")
	case "soa":
		k = risk.T("salvage.kind.soa")
	case "control":
		k = risk.T("salvage.kind.control")
	case "control catalog":
		k = risk.T("salvage.kind.control_catalog")
	case "catalog":
		k = risk.T("salvage.kind.catalog")
	case "setting":
		k = risk.T("salvage.kind.setting")
	case "risk criteria":
		k = risk.T("salvage.kind.criteria")
	case "BIA settings":
		k = risk.T("salvage.kind.bia_settings")
	}
	return risk.T("salvage.record", risk.Args{"Kind": k, "Ref": ref})
}

func plural(noun string) string {
	switch {
	case strings.HasSuffix(noun, "y") && !strings.HasSuffix(noun, "ey"):
		return noun[:len(noun)-1] + "ies"
	case strings.HasSuffix(noun, "s"):
		return noun + "es"
	}
	return noun + "s"
}

// gapList writes "rows 120–180 and 300" for the ranges of rows lost.
func gapList(gaps []sqlite.Gap) risk.Localizer {
	var parts []risk.Localizer
	for _, g := range gaps {
		if g.From == g.To {
			parts = append(parts, risk.T("salvage.gap.one", risk.Args{"Row": g.From}))
		} else {
			parts = append(parts, risk.T("salvage.gap.range", risk.Args{"From": g.From, "To": g.To}))
		}
	}
	return risk.T("salvage.gaps", risk.Args{"List": risk.And(parts...)})
}

// recordList names up to twelve records, then says how many more.
func recordList(list []sqlite.LostRecord) risk.Localizer {
	var parts []risk.Localizer
	for _, l := range list[:min(len(list), 12)] {
		var s risk.Localizer = record(l.Kind, l.Ref)
		if l.Why != "" {
			s = risk.T("salvage.record.why", risk.Args{"Record": s, "Why": l.Why})
		}
		parts = append(parts, s)
	}
	if n := len(list) - 12; n > 0 {
		parts = append(parts, risk.N("salvage.more", n))
	}
	return risk.And(parts...)
}
