package export

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"riskbook/risk"
)

// Issue is one issue of the full document as the workspace recorded it:
// every full export of a workspace that changed since the previous issue
// is one. Through is the last change-log row it covers.
type Issue struct {
	Number   int
	Version  string
	Exported time.Time
	By       string
	Through  int64
}

// revisions is the document-control table. The full document and the
// summary list every issue of the full document with what changed since
// the previous one; the pack, the tabletop kit and the incident record,
// which are not issues, say which state of the workspace they were made
// from.
func (b *builder) revisions() []Revision {
	in := b.in
	if in.Level != Full && in.Level != Summary {
		return []Revision{{Version: in.Profile.Version, Date: in.Now, Author: in.Author, Current: true,
			Description: b.madeFrom()}}
	}
	var out []Revision
	var prev int64
	for i, is := range in.Issues {
		desc := "First issue of the document."
		if i > 0 {
			desc = "Changed since issue " + fmt.Sprint(in.Issues[i-1].Number) + ": " + b.changesBetween(prev, is.Through)
		}
		r := Revision{Issue: is.Number, Version: is.Version, Date: is.Exported, Author: is.By, Description: desc}
		if is.Number == in.Issue {
			r.Current, r.Description = true, "This document. "+desc
		}
		out = append(out, r)
		prev = is.Through
	}
	if in.Issue == 0 {
		desc := "This document, not recorded as an issue"
		if in.Assessment != nil {
			desc = "This document: the closed assessment " + assessmentLine(in.Assessment) + ", as it was closed; not an issue of the document"
		}
		if in.NotRecorded != "" {
			desc += " (" + in.NotRecorded + ")"
		}
		desc += "."
		if n := len(in.Issues); n > 0 {
			desc += " Changed since issue " + fmt.Sprint(in.Issues[n-1].Number) + ": " + b.changesBetween(prev, 1<<62)
		}
		out = append(out, Revision{Version: in.Profile.Version, Date: in.Now, Author: in.Author, Current: true, Description: desc})
	}
	if in.Level == Summary {
		for i := range out {
			out[i].Author = "" // the summary names no one
		}
	}
	return out
}

// madeFrom says which state of the workspace a pack, kit or record shows.
func (b *builder) madeFrom() string {
	s := fmt.Sprintf("Made from the workspace %s on %s", b.in.Workspace, b.in.Now.Format("2006-01-02"))
	if n := len(b.in.Issues); n > 0 {
		last := b.in.Issues[n-1]
		s += fmt.Sprintf(", whose full document was last issued as issue %d (version %s) on %s", last.Number, last.Version, last.Exported.Format("2006-01-02"))
	}
	return s + "."
}

// entityNames name the kinds of record the change log holds, singular and
// plural, for the revision table.
var entityNames = map[string][2]string{
	"risk":         {"risk", "risks"},
	"soa":          {"Statement of Applicability decision", "Statement of Applicability decisions"},
	"setting":      {"setting", "settings"},
	"criteria":     {"risk criteria", "risk criteria"},
	"catalog":      {"control catalog", "control catalogs"},
	"bia-settings": {"BIA criteria", "BIA criteria"},
	"activity":     {"activity", "activities"},
	"resource":     {"resource", "resources"},
	"playbook":     {"playbook", "playbooks"},
	"exercise":     {"exercise", "exercises"},
	"activation":   {"incident record", "incident records"},
	"contact":      {"contact", "contacts"},
	"import":       {"spreadsheet import", "spreadsheet imports"},
}

// entityOrder is the order kinds are listed in: the register first.
var entityOrder = []string{"risk", "soa", "criteria", "catalog", "activity", "resource", "bia-settings",
	"playbook", "exercise", "activation", "contact", "import", "setting"}

var actionWords = map[string]string{"create": "added", "update": "changed", "delete": "deleted"}

// revisionRefsShown is how many references of one kind and action the
// revision table names before it only counts; the change log has them all.
const revisionRefsShown = 12

// changesBetween summarises the change-log rows after row from up to and
// including row to: per kind of record, how many were added, changed and
// deleted and, in the full document, which.
func (b *builder) changesBetween(from, to int64) string {
	type group struct {
		entity, action string
		keys           []string
	}
	var groups []*group
	find := func(entity, action string) *group {
		for _, g := range groups {
			if g.entity == entity && g.action == action {
				return g
			}
		}
		g := &group{entity: entity, action: action}
		groups = append(groups, g)
		return g
	}
	// Keys already counted, per group: a large import changes thousands.
	counted := map[[3]string]bool{}
	err := b.in.Changes.Between(from, to, func(c *Change) error {
		if c.Entity == "document" {
			return nil
		}
		g := find(c.Entity, c.Action)
		if k := [3]string{c.Entity, c.Action, c.Key}; !counted[k] {
			counted[k] = true
			g.keys = append(g.keys, c.Key)
		}
		return nil
	})
	b.check(err)
	if len(groups) == 0 {
		return "nothing."
	}
	rank := func(e string) int {
		if i := slices.Index(entityOrder, e); i >= 0 {
			return i
		}
		return len(entityOrder)
	}
	actionRank := map[string]int{"create": 0, "update": 1, "delete": 2}
	slices.SortStableFunc(groups, func(x, y *group) int {
		if d := rank(x.entity) - rank(y.entity); d != 0 {
			return d
		}
		return actionRank[x.action] - actionRank[y.action]
	})
	var parts []string
	for _, g := range groups {
		names, ok := entityNames[g.entity]
		if !ok {
			names = [2]string{g.entity, g.entity}
		}
		part := risk.Count(len(g.keys), names[0], names[1]) + " " + or(actionWords[g.action], g.action)
		if g.entity == "import" {
			part = risk.Count(len(g.keys), names[0], names[1])
		}
		if b.in.Level == Full && g.entity != "criteria" && g.entity != "bia-settings" {
			keys := slices.Clone(g.keys)
			slices.SortFunc(keys, risk.CompareRefs)
			shown := keys[:min(len(keys), revisionRefsShown)]
			list := strings.Join(shown, ", ")
			if rest := len(keys) - len(shown); rest > 0 {
				list += fmt.Sprintf(" and %d more", rest)
			}
			part += " (" + list + ")"
		}
		parts = append(parts, part)
	}
	return strings.Join(parts, "; ") + "."
}

// RevisionTable is the document-control table as both renderers print it.
func (r *Report) RevisionTable() *Table {
	t := &Table{Name: "DocumentControl", Empty: "No revision is recorded yet.", Columns: []Column{
		{Title: "Issue", Kind: Text, Width: 6},
		{Title: "Version", Kind: Text, Width: 9},
		{Title: "Date", Kind: Date, Width: 12},
		{Title: "By", Kind: Text, Width: 20},
		{Title: "What changed", Kind: LongText, Width: 70},
	}}
	for _, v := range r.Revisions {
		issue := text("—")
		if v.Issue > 0 {
			issue = text(fmt.Sprint(v.Issue))
		}
		var day Cell
		if !v.Date.IsZero() {
			d := v.Date.UTC()
			day = Cell{Text: d.Format("2006-01-02"), Date: risk.DateOf(d)}
		}
		t.Rows = append(t.Rows, []Cell{issue, text(v.Version), day, text(v.Author), text(v.Description)})
	}
	return t
}
