package export

import (
	"slices"
	"strconv"
	"strings"

	"riskbook/bcp"
	"riskbook/i18n"
	"riskbook/risk"
)

// Changes is a comparison of two points of a workspace (issue 17) as a
// person reads it, in one language: what each point is, the notes a reader
// needs before the figures, how many records changed in each kind, and a
// row per record and kind. The command line prints it, the app shows it and
// the full documents hold it as their "Changes since" section and sheet, so
// that they all say the same.
type Changes struct {
	Title    string // "Changes since “2025 annual”"
	From, To string // "“2025 annual”, closed on 2025-12-01 by Ana Silva"; "today, 2026-12-05"
	// Notes warn of what changes the reading: the criteria changed, the
	// scales changed size.
	Notes []string
	// Scales is the note that the scales changed size, when they did: no
	// movement on the matrix can be followed then.
	Scales string
	Groups []ChangeGroup // every kind, in reading order, empty ones too
	// Total is how many records changed, each counted once whatever the
	// number of kinds it changed in.
	Total int
	// Criteria are the later point's criteria, Moves where the risks went
	// on its residual matrix (none when the scales changed size) and
	// Effect how the controls move them there from their inherent cell.
	Criteria risk.Criteria
	Moves    []risk.Move
	Effect   []risk.Move
}

// ChangeGroup is one kind of change with its rows.
type ChangeGroup struct {
	Kind  risk.ChangeKind
	Title string // "New risks"
	Rows  []ChangeRow
}

// ChangeRow is one record that changed in a kind: what it was, what it is,
// and a note (the appetite, the exercises that played a playbook).
type ChangeRow struct {
	Ref, Title, Before, After, Note string
}

// ChangesOf writes comparison c in p's language.
func ChangesOf(c *bcp.Comparison, p *i18n.Printer) *Changes {
	w := changeWriter{p: p, c: c}
	out := &Changes{From: w.point(c.From), To: w.point(c.To),
		Total: len(c.Risks) + len(c.Controls) + len(c.Activities) + len(c.Playbooks)}
	if c.To.Assessment == nil {
		out.Title = p.T("compare.title.since", i18n.Args{"From": c.From.Name()})
	} else {
		out.Title = p.T("compare.title.between", i18n.Args{"From": c.From.Name(), "To": c.To.Name()})
	}
	if c.CriteriaChanged {
		out.Notes = append(out.Notes, p.T("compare.note.criteria"))
	}
	rb, ra := w.register(c.Before), w.register(c.After)
	if !c.SameScales {
		out.Scales = p.T("compare.note.scales", i18n.Args{"From": scaleSize(&rb.Criteria), "To": scaleSize(&ra.Criteria)})
		out.Notes = append(out.Notes, out.Scales)
	}
	// The default criteria's names in p's language, the organisation's own
	// as written.
	lb, la := rb.Criteria.Localised(p), ra.Criteria.Localised(p)
	out.Criteria = la
	out.Moves, out.Effect = c.Moves(), c.ControlEffect()
	titles := map[string]string{}
	for _, reg := range []*risk.Register{rb, ra} {
		for _, ctl := range reg.Catalog {
			titles[ctl.ID] = ctl.Title
		}
	}
	w.criteria = [2]*risk.Criteria{&lb, &la}
	for _, k := range bcp.ChangeKinds {
		g := ChangeGroup{Kind: k, Title: p.T("compare.kind." + string(k))}
		for i := range c.Risks {
			if r := &c.Risks[i]; r.Has(k) {
				g.Rows = append(g.Rows, w.risk(k, r))
			}
		}
		for i := range c.Controls {
			if ctl := &c.Controls[i]; ctl.Has(k) {
				g.Rows = append(g.Rows, w.control(k, ctl, titles[ctl.Control]))
			}
		}
		for i := range c.Activities {
			if a := &c.Activities[i]; hasKind(a.Kinds, k) {
				g.Rows = append(g.Rows, w.activity(a))
			}
		}
		for i := range c.Playbooks {
			if pb := &c.Playbooks[i]; hasKind(pb.Kinds, k) {
				g.Rows = append(g.Rows, w.playbook(k, pb))
			}
		}
		out.Groups = append(out.Groups, g)
	}
	return out
}

func hasKind(ks []risk.ChangeKind, k risk.ChangeKind) bool { return slices.Contains(ks, k) }

func scaleSize(c *risk.Criteria) string {
	return strconv.Itoa(len(c.Likelihood)) + "×" + strconv.Itoa(len(c.Consequence))
}

type changeWriter struct {
	p        *i18n.Printer
	c        *bcp.Comparison
	criteria [2]*risk.Criteria
}

func (w *changeWriter) register(rec *bcp.Workspace) *risk.Register {
	if rec == nil || rec.Register == nil {
		return &risk.Register{}
	}
	return rec.Register
}

func (w *changeWriter) point(pt bcp.Point) string {
	if pt.Assessment == nil {
		return w.p.T("compare.point.today", i18n.Args{"Date": dayIn(w.p, risk.DateOf(pt.At))})
	}
	a := pt.Assessment
	return w.p.T("compare.point.assessment", i18n.Args{"Name": a.Name, "Date": dayIn(w.p, risk.DateOf(a.Closed)), "By": a.By})
}

// level writes a score with its level, "High (L4×C4)", read with the
// criteria of the earlier (0) or later (1) point.
func (w *changeWriter) level(at int, s risk.Score) string {
	l, ok := w.criteria[at].LevelOf(s)
	if !ok {
		return w.p.T("compare.value.unscored")
	}
	return w.p.T("compare.value.level", i18n.Args{"Level": l.Label, "Score": ScoreIn(w.p, s)})
}

func (w *changeWriter) risk(k risk.ChangeKind, c *risk.RiskChange) ChangeRow {
	row := ChangeRow{Ref: c.Ref, Title: c.Title()}
	b, a := c.Before, c.After
	switch k {
	case risk.RiskNew:
		row.After = w.p.T("compare.value.residual", i18n.Args{"Value": w.level(1, a.Residual)})
		row.Note = w.riskNote(a)
	case risk.RiskRemoved:
		row.Before = w.p.T("compare.value.residual", i18n.Args{"Value": w.level(0, b.Residual)})
		row.Note = w.riskNote(b)
	case risk.NowAbove, risk.NowWithin, risk.ResidualUp, risk.ResidualDown:
		row.Before, row.After = w.level(0, b.Residual), w.level(1, a.Residual)
		if k == risk.NowAbove || k == risk.NowWithin {
			if l, ok := w.criteria[1].Level(w.criteria[1].Appetite); ok {
				row.Note = w.p.T("compare.note.appetite", i18n.Args{"Level": l.Label})
			}
		}
	case risk.InherentUp, risk.InherentDown:
		row.Before, row.After = w.level(0, b.Inherent), w.level(1, a.Inherent)
	case risk.Rescored:
		// The scores that moved without changing level, or were given or
		// cleared; a change of level is listed under its own kind.
		var before, after []string
		for _, m := range []struct {
			id       string
			from, to risk.Level
			sb, sa   risk.Score
		}{{"compare.value.inherent", c.InherentFrom, c.InherentTo, b.Inherent, a.Inherent},
			{"compare.value.residual", c.ResidualFrom, c.ResidualTo, b.Residual, a.Residual}} {
			if m.sb == m.sa || (m.from.Rank > 0 && m.to.Rank > 0 && m.from.Rank != m.to.Rank) {
				continue
			}
			before = append(before, w.p.T(m.id, i18n.Args{"Value": w.level(0, m.sb)}))
			after = append(after, w.p.T(m.id, i18n.Args{"Value": w.level(1, m.sa)}))
		}
		row.Before, row.After = strings.Join(before, "; "), strings.Join(after, "; ")
	case risk.TreatmentKind:
		row.Before, row.After = w.enum("treatment", string(b.Treatment)), w.enum("treatment", string(a.Treatment))
	case risk.AcceptanceKind:
		row.Before, row.After = w.acceptance(c.AcceptanceFrom), w.acceptance(c.AcceptanceTo)
		row.Note = w.p.T("compare.note.acceptance." + string(c.AcceptanceMove()))
	case risk.StatusKind:
		row.Before, row.After = w.enum("status", string(b.Status)), w.enum("status", string(a.Status))
	}
	return row
}

func (w *changeWriter) riskNote(r *risk.Risk) string {
	if r.Owner == "" {
		return ""
	}
	return w.p.T("compare.note.owner", i18n.Args{"Owner": r.Owner})
}

// enum writes a value of one of the register's lists (treatment, status,
// applicability, implementation) in the reader's language; an empty value
// is the list's "none".
func (w *changeWriter) enum(list, v string) string {
	if v == "" {
		return w.p.T("compare." + list + ".none")
	}
	id := "compare." + list + "." + v
	if !i18n.Has(id) {
		return v
	}
	return w.p.T(id)
}

func (w *changeWriter) acceptance(a risk.Acceptance) string {
	switch {
	case a.Approver == "":
		return w.p.T("compare.value.no_acceptance")
	case a.Expiry.IsZero():
		return w.p.T("compare.value.acceptance_open", i18n.Args{"Approver": a.Approver})
	}
	return w.p.T("compare.value.acceptance", i18n.Args{"Approver": a.Approver, "Expiry": dayIn(w.p, a.Expiry)})
}

func (w *changeWriter) control(k risk.ChangeKind, c *risk.ControlChange, title string) ChangeRow {
	row := ChangeRow{Ref: c.Control, Title: title}
	if k == risk.SoADecision {
		row.Before, row.After = w.enum("applicable", string(c.Before.Applicable)), w.enum("applicable", string(c.After.Applicable))
	} else {
		row.Before, row.After = w.enum("implementation", string(c.Before.Implementation)), w.enum("implementation", string(c.After.Implementation))
	}
	return row
}

func (w *changeWriter) activity(c *bcp.ActivityChange) ChangeRow {
	row := ChangeRow{Ref: c.Ref, Title: c.Name}
	figures := []struct {
		id       string
		from, to bcp.Target
	}{{"compare.value.mtpd", c.MTPDFrom, c.MTPDTo}, {"compare.value.rto", c.RTOFrom, c.RTOTo}, {"compare.value.rpo", c.RPOFrom, c.RPOTo}}
	var before, after []string
	for _, f := range figures {
		if c.Before != nil && c.After != nil && f.from == f.to {
			continue
		}
		if c.Before != nil {
			before = append(before, w.p.T(f.id, i18n.Args{"Value": w.target(f.from)}))
		}
		if c.After != nil {
			after = append(after, w.p.T(f.id, i18n.Args{"Value": w.target(f.to)}))
		}
	}
	row.Before, row.After = strings.Join(before, "; "), strings.Join(after, "; ")
	return row
}

func (w *changeWriter) target(t bcp.Target) string {
	if !t.Set {
		return w.p.T("compare.value.not_set")
	}
	return t.Value.In(w.p)
}

func (w *changeWriter) playbook(k risk.ChangeKind, c *bcp.PlaybookChange) ChangeRow {
	row := ChangeRow{Ref: c.Ref, Title: c.Title}
	switch k {
	case bcp.PlaybookNew:
		row.After = w.exercised(c.ExercisedTo)
	case bcp.PlaybookRemoved:
		row.Before = w.exercised(c.ExercisedFrom)
	case bcp.PlaybookExercise:
		row.Before, row.After = w.exercised(c.ExercisedFrom), w.exercised(c.ExercisedTo)
		if len(c.Exercises) > 0 {
			row.Note = w.p.N("compare.note.exercises", len(c.Exercises), i18n.Args{"Refs": strings.Join(c.Exercises, ", ")})
		}
	}
	return row
}

func (w *changeWriter) exercised(d risk.Date) string {
	if d.IsZero() {
		return w.p.T("compare.value.never_exercised")
	}
	return w.p.T("compare.value.exercised", i18n.Args{"Date": dayIn(w.p, d)})
}
