package export

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"riskbook/i18n"
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
		desc := b.T("export.revision.first")
		if i > 0 {
			desc = b.T("export.revision.since", i18n.Args{"Issue": in.Issues[i-1].Number, "Changes": b.changesBetween(prev, is.Through)})
		}
		r := Revision{Issue: is.Number, Version: is.Version, Date: is.Exported, Author: is.By, Description: desc}
		if is.Number == in.Issue {
			r.Current, r.Description = true, b.T("export.revision.this", i18n.Args{"Description": desc})
		}
		out = append(out, r)
		prev = is.Through
	}
	if in.Issue == 0 {
		var desc string
		switch {
		case in.Assessment != nil:
			desc = b.T("export.revision.assessment", i18n.Args{"Assessment": b.assessmentLine(in.Assessment)})
		case in.NotRecorded != "":
			desc = b.T("export.revision.not_recorded.why", i18n.Args{"Why": in.NotRecorded})
		default:
			desc = b.T("export.revision.not_recorded")
		}
		if n := len(in.Issues); n > 0 {
			desc += " " + b.T("export.revision.since", i18n.Args{"Issue": in.Issues[n-1].Number, "Changes": b.changesBetween(prev, 1<<62)})
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
	args := i18n.Args{"Workspace": b.in.Workspace, "Day": b.dayOf(b.in.Now)}
	if n := len(b.in.Issues); n > 0 {
		last := b.in.Issues[n-1]
		args["Issue"], args["Version"], args["Issued"] = last.Number, last.Version, b.dayOf(last.Exported)
		return b.T("export.revision.made_from.issued", args)
	}
	return b.T("export.revision.made_from", args)
}

// entityOrder is the order the kinds of record the change log holds are
// listed in, the register first. Each is named, with its count, by
// message export.entity.KIND (a hyphen written as an underscore); a test
// checks each has its message.
var entityOrder = []string{"risk", "soa", "criteria", "catalog", "activity", "resource", "bia-settings",
	"playbook", "exercise", "activation", "contact", "import", "setting", "team"}

// changeActions are the change log's actions, each with its message
// export.revision.ACTION that says how many records of a kind it changed.
var changeActions = []string{"create", "update", "delete"}

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
		return b.T("export.revision.nothing")
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
		records := b.p.Int(len(g.keys)) + " " + g.entity
		if slices.Contains(entityOrder, g.entity) {
			records = b.N("export.entity."+strings.ReplaceAll(g.entity, "-", "_"), len(g.keys))
		}
		part := records + " " + g.action
		switch {
		case g.entity == "import":
			part = records
		case slices.Contains(changeActions, g.action):
			part = b.T("export.revision."+g.action, i18n.Args{"Records": records})
		}
		if b.in.Level == Full && g.entity != "criteria" && g.entity != "bia-settings" {
			keys := slices.Clone(g.keys)
			slices.SortFunc(keys, risk.CompareRefs)
			shown := keys[:min(len(keys), revisionRefsShown)]
			list := strings.Join(shown, ", ")
			if rest := len(keys) - len(shown); rest > 0 {
				list += " " + b.N("export.revision.more", rest)
			}
			part += " (" + list + ")"
		}
		parts = append(parts, part)
	}
	return strings.Join(parts, "; ") + "."
}

// RevisionTable is the document-control table as both renderers print it.
func (r *Report) RevisionTable() *Table {
	l := newDocLang(r.Printer)
	t := &Table{Name: "DocumentControl", Empty: l.T("export.revision.empty"), Columns: []Column{
		{Title: l.T("export.col.issue"), Kind: Text, Width: 6},
		{Title: l.T("export.col.version"), Kind: Text, Width: 9},
		{Title: l.T("export.fact.date"), Kind: Date, Width: 12},
		{Title: l.T("export.col.by"), Kind: Text, Width: 20},
		{Title: l.T("export.col.what_changed"), Kind: LongText, Width: 70},
	}}
	for _, v := range r.Revisions {
		issue := text("—")
		if v.Issue > 0 {
			issue = text(fmt.Sprint(v.Issue))
		}
		var day Cell
		if !v.Date.IsZero() {
			d := v.Date.UTC()
			day = l.date(risk.DateOf(d))
		}
		t.Rows = append(t.Rows, []Cell{issue, text(v.Version), day, text(v.Author), text(v.Description)})
	}
	return t
}
