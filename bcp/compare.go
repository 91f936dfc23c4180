package bcp

import (
	"slices"
	"strings"
	"time"

	"riskbook/i18n"
	"riskbook/risk"
)

// The kinds of change of the business impact analysis and the playbooks,
// after those of the register (risk.RegisterKinds).
const (
	ActivityNew      risk.ChangeKind = "activity-new"
	ActivityRemoved  risk.ChangeKind = "activity-removed"
	ActivityTargets  risk.ChangeKind = "activity-targets" // MTPD, RTO or RPO changed
	PlaybookNew      risk.ChangeKind = "playbook-new"
	PlaybookRemoved  risk.ChangeKind = "playbook-removed"
	PlaybookExercise risk.ChangeKind = "playbook-exercised" // exercised since the earlier point
)

// ChangeKinds lists every kind of change in the order a reader goes
// through them: the register, the Statement of Applicability, the
// activities, the playbooks.
var ChangeKinds = append(slices.Clone(risk.RegisterKinds),
	ActivityNew, ActivityRemoved, ActivityTargets, PlaybookNew, PlaybookRemoved, PlaybookExercise)

// Point is one of the two points a comparison reads: a closed assessment,
// or the live records (Assessment nil) as they are at At.
type Point struct {
	Assessment *risk.Assessment
	At         time.Time
}

// Name is the assessment's name, or risk.Today for the live records.
func (p Point) Name() string {
	if p.Assessment == nil {
		return risk.Today
	}
	return p.Assessment.Name
}

// Comparison is what changed in a workspace's records from one point to a
// later one.
type Comparison struct {
	From, To Point
	// Before and After are the records at each point.
	Before, After *Workspace
	Changes
}

// Changes are the records that changed between two points, each list in
// reference order.
type Changes struct {
	Risks      []risk.RiskChange
	Controls   []risk.ControlChange
	Activities []ActivityChange
	Playbooks  []PlaybookChange
	// CriteriaChanged says that the scales, levels, matrix or appetite
	// differ: each point's levels are read with its own criteria.
	CriteriaChanged bool
	// SameScales says that a score names the same cell at both points, so
	// that movements on the matrix can be followed.
	SameScales bool
}

// Count is how many records changed in kind k.
func (c *Changes) Count(k risk.ChangeKind) int {
	n := 0
	for i := range c.Risks {
		if c.Risks[i].Has(k) {
			n++
		}
	}
	for i := range c.Controls {
		if c.Controls[i].Has(k) {
			n++
		}
	}
	for i := range c.Activities {
		if slices.Contains(c.Activities[i].Kinds, k) {
			n++
		}
	}
	for i := range c.Playbooks {
		if slices.Contains(c.Playbooks[i].Kinds, k) {
			n++
		}
	}
	return n
}

// Empty reports whether nothing changed.
func (c *Changes) Empty() bool {
	return len(c.Risks)+len(c.Controls)+len(c.Activities)+len(c.Playbooks) == 0 && !c.CriteriaChanged
}

// Compare lists what changed in the records from before to after; from
// and to say which points they are, and must come in the order they were
// taken (CheckOrder).
func Compare(from, to Point, before, after *Workspace) *Comparison {
	cmp := &Comparison{From: from, To: to, Before: before, After: after}
	rb, ra := register(before), register(after)
	cmp.Risks = risk.CompareRisks(rb, ra)
	cmp.Controls = risk.CompareSoA(rb.SoA, ra.SoA)
	cmp.CriteriaChanged = !sameCriteria(&rb.Criteria, &ra.Criteria)
	cmp.SameScales = risk.SameScales(&rb.Criteria, &ra.Criteria)
	cmp.Activities = CompareActivities(bia(before), bia(after))
	cmp.Playbooks = ComparePlaybooks(before, after)
	return cmp
}

// Moves are the movements of the risks on the residual matrix between the
// two points, or none when the scales changed (SameScales).
func (c *Comparison) Moves() []risk.Move {
	if !c.SameScales {
		return nil
	}
	return risk.Movements(register(c.Before), register(c.After), true)
}

// InherentMoves are the movements of the risks on the inherent matrix
// between the two points, or none when the scales changed (SameScales).
func (c *Comparison) InherentMoves() []risk.Move {
	if !c.SameScales {
		return nil
	}
	return risk.Movements(register(c.Before), register(c.After), false)
}

// ControlEffect is how the controls move each risk from its inherent cell
// to its residual one at the later point.
func (c *Comparison) ControlEffect() []risk.Move {
	return risk.ControlEffect(register(c.After).Risks)
}

// CheckOrder refuses to compare a later point with an earlier one: a
// comparison reads from the earlier to the later, and the live records are
// always the latest.
func CheckOrder(from, to Point) error {
	switch {
	case from.Assessment == nil && to.Assessment != nil:
		return risk.Errorf(risk.EINVALID, "%s", i18n.T("compare.err.today_first", i18n.Args{"Name": to.Assessment.Name}))
	case from.Assessment != nil && to.Assessment != nil && after(*from.Assessment, *to.Assessment):
		return risk.Errorf(risk.EINVALID, "%s", i18n.T("compare.err.later_first", i18n.Args{"From": from.Assessment.Name, "To": to.Assessment.Name}))
	}
	return nil
}

func after(a, b risk.Assessment) bool {
	return a.Closed.After(b.Closed) || (a.Closed.Equal(b.Closed) && a.Through > b.Through)
}

func register(w *Workspace) *risk.Register {
	if w == nil || w.Register == nil {
		return &risk.Register{}
	}
	return w.Register
}

func bia(w *Workspace) *BIA {
	if w == nil || w.BIA == nil {
		return &BIA{}
	}
	return w.BIA
}

func sameCriteria(a, b *risk.Criteria) bool {
	if a.Appetite != b.Appetite || !slices.Equal(a.Levels, b.Levels) || len(a.Matrix) != len(b.Matrix) ||
		!slices.Equal(a.Likelihood, b.Likelihood) || !slices.Equal(a.Consequence, b.Consequence) {
		return false
	}
	for i := range a.Matrix {
		if !slices.Equal(a.Matrix[i], b.Matrix[i]) {
			return false
		}
	}
	return true
}

// Target is an activity's recovery figure at one point; Set is false when
// it was not set (an MTPD neither derived nor overridden, an RTO or RPO
// left blank).
type Target struct {
	Value Duration
	Set   bool
}

// ActivityChange is how one activity of the business impact analysis
// changed: added, removed, or its MTPD, RTO or RPO.
type ActivityChange struct {
	Ref, Name        string
	Kinds            []risk.ChangeKind
	MTPDFrom, MTPDTo Target
	RTOFrom, RTOTo   Target
	RPOFrom, RPOTo   Target
	Before, After    *Activity
}

// CompareActivities lists the activities added, removed, or whose MTPD
// (derived with each point's settings, or overridden), RTO or RPO changed,
// in reference order.
func CompareActivities(before, after *BIA) []ActivityChange {
	old := map[string]*Activity{}
	for i := range before.Activities {
		old[before.Activities[i].Ref] = &before.Activities[i]
	}
	var out []ActivityChange
	targets := func(a *Activity, s *Settings) (mtpd, rto, rpo Target) {
		if a == nil {
			return
		}
		d, ok := a.MTPD(s)
		return Target{d, ok}, Target{a.RTO, a.RTO > 0}, Target{a.RPO, a.RPO > 0}
	}
	add := func(b, a *Activity) {
		c := ActivityChange{Before: b, After: a}
		c.MTPDFrom, c.RTOFrom, c.RPOFrom = targets(b, &before.Settings)
		c.MTPDTo, c.RTOTo, c.RPOTo = targets(a, &after.Settings)
		switch {
		case b == nil:
			c.Ref, c.Name, c.Kinds = a.Ref, a.Name, []risk.ChangeKind{ActivityNew}
		case a == nil:
			c.Ref, c.Name, c.Kinds = b.Ref, b.Name, []risk.ChangeKind{ActivityRemoved}
		default:
			c.Ref, c.Name = a.Ref, a.Name
			if c.MTPDFrom != c.MTPDTo || c.RTOFrom != c.RTOTo || c.RPOFrom != c.RPOTo {
				c.Kinds = []risk.ChangeKind{ActivityTargets}
			}
		}
		if len(c.Kinds) > 0 {
			out = append(out, c)
		}
	}
	for i := range after.Activities {
		a := &after.Activities[i]
		b := old[a.Ref]
		delete(old, a.Ref)
		add(b, a)
	}
	for i := range before.Activities {
		if b := &before.Activities[i]; old[b.Ref] != nil {
			add(b, nil)
		}
	}
	slices.SortFunc(out, func(x, y ActivityChange) int { return risk.CompareRefs(x.Ref, y.Ref) })
	return out
}

// PlaybookChange is how one playbook changed: added, removed, or
// exercised since the earlier point.
type PlaybookChange struct {
	Ref, Title string
	Kinds      []risk.ChangeKind
	// ExercisedFrom and ExercisedTo are the day the playbook was last
	// exercised at each point (zero: never).
	ExercisedFrom, ExercisedTo risk.Date
	// Exercises are the references of the exercises that played the
	// playbook after ExercisedFrom, as the later records hold them.
	Exercises []string
}

// ComparePlaybooks lists the playbooks added, removed, or exercised
// between the two points, in reference order. A playbook was exercised
// when the day it was last exercised — its own record, or the latest
// exercise that played it — moved on.
func ComparePlaybooks(before, after *Workspace) []PlaybookChange {
	var pbBefore, pbAfter []Playbook
	var exBefore, exAfter []Exercise
	if before != nil {
		pbBefore, exBefore = before.Playbooks, before.Exercises
	}
	if after != nil {
		pbAfter, exAfter = after.Playbooks, after.Exercises
	}
	lastBefore, lastAfter := LatestExercises(exBefore), LatestExercises(exAfter)
	last := func(p *Playbook, latest map[string]risk.Date) risk.Date {
		d := p.LastExercised
		if e := latest[strings.ToUpper(p.Ref)]; d.IsZero() || d.Before(e) {
			d = e
		}
		return d
	}
	old := map[string]*Playbook{}
	for i := range pbBefore {
		old[pbBefore[i].Ref] = &pbBefore[i]
	}
	var out []PlaybookChange
	for i := range pbAfter {
		a := &pbAfter[i]
		c := PlaybookChange{Ref: a.Ref, Title: a.Title, ExercisedTo: last(a, lastAfter)}
		if b := old[a.Ref]; b != nil {
			c.ExercisedFrom = last(b, lastBefore)
			delete(old, a.Ref)
		} else {
			c.Kinds = append(c.Kinds, PlaybookNew)
		}
		if !c.ExercisedTo.IsZero() && (c.ExercisedFrom.IsZero() || c.ExercisedFrom.Before(c.ExercisedTo)) {
			c.Kinds = append(c.Kinds, PlaybookExercise)
			for _, ex := range exAfter {
				if slices.ContainsFunc(ex.Playbooks, func(r string) bool { return strings.EqualFold(r, a.Ref) }) &&
					(c.ExercisedFrom.IsZero() || c.ExercisedFrom.Before(ex.Date)) {
					c.Exercises = append(c.Exercises, ex.Ref)
				}
			}
			slices.SortFunc(c.Exercises, risk.CompareRefs)
		}
		if len(c.Kinds) > 0 {
			out = append(out, c)
		}
	}
	for i := range pbBefore {
		if b := &pbBefore[i]; old[b.Ref] != nil {
			out = append(out, PlaybookChange{Ref: b.Ref, Title: b.Title, Kinds: []risk.ChangeKind{PlaybookRemoved},
				ExercisedFrom: last(b, lastBefore)})
		}
	}
	slices.SortFunc(out, func(x, y PlaybookChange) int { return risk.CompareRefs(x.Ref, y.Ref) })
	return out
}
