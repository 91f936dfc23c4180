package export

import (
	"slices"

	"riskbook/bcp"
	"riskbook/i18n"
	"riskbook/risk"
)

// Riskbook's fixed values — a risk's status, a treatment option, an
// action's status, a playbook's phase — are stored in English and printed
// in the document's language: message export.value.KIND.VALUE (a hyphen
// of the value written as an underscore). valueKinds lists every value a
// document prints; a test checks each has its message.
var valueKinds = map[string][]string{
	"status":         names(risk.Statuses),
	"treatment":      names(risk.Treatments),
	"effectiveness":  names(risk.Effectivenesses),
	"action":         names(risk.ActionStatuses),
	"applicability":  append(names(risk.Applicabilities), undecidedSoA),
	"implementation": names(risk.Implementations),
	"severity":       bcp.FindingSeverities,
	"frequency":      names(risk.Frequencies),
	"confidence":     names(risk.Confidences),
	"kind":           names(bcp.Kinds),
	"standby":        names(bcp.Standbys),
	"phase":          names(bcp.Phases),
	"audience":       names(bcp.Audiences),
	"exercise":       names(bcp.ExerciseTypes),
	"channel":        bcp.ChannelKinds,
	"finding_state":  findingStates,
	"contact":        bcp.ContactKinds,
	"level":          names([]Level{Full, Summary, Pack, Tabletop, Incident}),
	"entity":         changeEntities,
	"change":         changeActions,
}

// changeEntities are the kinds of record the change log names, as it
// stores them: the revision table's entityOrder and the events it leaves
// out (an issue of the document, a closed assessment, a salvage).
var changeEntities = append(slices.Clone(entityOrder), "document", "assessment", "salvage")

// namedKinds are the kinds of valueKinds whose English is a name bcp gives
// them (bcp.KindName), not the value as stored.
var namedKinds = map[string]func(string) string{
	"kind":     func(v string) string { return bcp.KindName(bcp.Kind(v)) },
	"phase":    func(v string) string { return bcp.PhaseName(bcp.Phase(v)) },
	"audience": func(v string) string { return bcp.AudienceName(bcp.Audience(v)) },
	"exercise": func(v string) string { return bcp.ExerciseTypeName(bcp.ExerciseType(v)) },
}

// undecided is the SoA's applicability of a control not yet decided.
const undecidedSoA = "undecided"

// finding writes a rule's finding as a document prints it: its severity,
// then what it says, both in the document's language.
func (l docLang) finding(f risk.Finding) string {
	return l.T("export.finding", i18n.Args{"Severity": f.Severity.In(l.p), "Message": f.In(l.p)})
}

// severities are the severities of findings, as a drop-down list offers
// them.
func (l docLang) severities() []string {
	return []string{risk.SeverityError.In(l.p), risk.SeverityWarning.In(l.p), risk.SeverityInfo.In(l.p)}
}

// loadValues writes every value of valueKinds in the document's language,
// once per document: a register prints them on every row.
func (l *docLang) loadValues() {
	l.fixed = map[string]string{}
	for kind, vs := range valueKinds {
		for _, v := range vs {
			l.fixed[kind+"\x00"+v] = l.p.T(risk.FixedID(kind, v))
		}
	}
}

// value writes a fixed value of a kind of valueKinds in the document's
// language; a value Riskbook does not know (a newer file's) as stored.
func (l docLang) value(kind, v string) string {
	if s, ok := l.fixed[kind+"\x00"+v]; ok {
		return s
	}
	return v
}

// values writes each of vs as value does: the options of a drop-down list.
func (l docLang) values(kind string, vs []string) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = l.value(kind, v)
	}
	return out
}
