package risk

import "riskbook/i18n"

// FindingGroup is the findings of one cause: one rule saying the same
// thing about several records, such as a role without an alternate in six
// playbooks or the same gap in two thousand risks. A report shows it once,
// with the records it affects, so that one thing to fix reads as one line.
type FindingGroup struct {
	// Finding is the group's first finding: its severity, rule, field and
	// message are the group's; its Ref is the first record affected.
	Finding
	// Refs are the records affected, each once, in the order the findings
	// came; a finding about no record in particular adds none.
	Refs []string
	// Count is how many findings the group holds.
	Count int
}

// GroupFindings gathers the findings with the same severity, rule and
// cause — or message, for findings with no cause of their own — into one
// group each, in the order their first finding came (so findings sorted
// errors first give groups sorted errors first). A group of a cause says
// the cause as its message.
func GroupFindings(fs []Finding) []FindingGroup {
	type key struct {
		sev           Severity
		rule, message string
	}
	type seen struct {
		group int
		ref   string
	}
	at := map[key]int{}
	named := map[seen]bool{}
	var out []FindingGroup
	for _, f := range fs {
		k := key{f.Severity, f.Rule, f.Message}
		if f.Cause != "" {
			k.message = f.Cause
		}
		i, ok := at[k]
		if !ok {
			i = len(out)
			at[k] = i
			g := FindingGroup{Finding: f}
			g.Message = k.message
			if f.Cause != "" {
				g.Text = f.CauseText
			}
			out = append(out, g)
		}
		g := &out[i]
		g.Count++
		if f.Ref != "" && !named[seen{i, f.Ref}] {
			named[seen{i, f.Ref}] = true
			g.Refs = append(g.Refs, f.Ref)
		}
	}
	return out
}

// GroupRefsShown is how many references a one-line report of a group names
// before it counts the rest ("and 2208 more").
const GroupRefsShown = 5

// Affects lists the records the group is about for a one-line report: the
// first few, then how many more ("PB-01, PB-02 and 4 more"), or "" when
// the group is about no record in particular.
func (g FindingGroup) Affects() string {
	return RefList(g.Refs, GroupRefsShown)
}

// AffectsIn is Affects written in p's language.
func (g FindingGroup) AffectsIn(p *i18n.Printer) string {
	return Refs(g.Refs, GroupRefsShown).In(p)
}
