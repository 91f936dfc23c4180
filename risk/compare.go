package risk

import (
	"cmp"
	"slices"
	"strings"
)

// ChangeKind names one kind of change between two points of a workspace's
// records (two closed assessments, or one and the live records). A record
// may change in several kinds at once: a risk re-scored below the appetite
// after its treatment changed is listed under each.
type ChangeKind string

// The kinds of change of the register and the Statement of Applicability,
// in the order a reader goes through them.
const (
	RiskNew        ChangeKind = "risk-new"       // in the later register only
	RiskRemoved    ChangeKind = "risk-removed"   // in the earlier register only
	NowAbove       ChangeKind = "appetite-above" // residual level now above the appetite
	NowWithin      ChangeKind = "appetite-within"
	ResidualUp     ChangeKind = "residual-up" // residual level higher
	ResidualDown   ChangeKind = "residual-down"
	InherentUp     ChangeKind = "inherent-up"
	InherentDown   ChangeKind = "inherent-down"
	Rescored       ChangeKind = "rescored" // a score moved within its level, or was given or cleared
	TreatmentKind  ChangeKind = "treatment"
	AcceptanceKind ChangeKind = "acceptance"
	StatusKind     ChangeKind = "status"
	SoADecision    ChangeKind = "soa-decision" // applicability decided, reversed or cleared
	SoAStatus      ChangeKind = "soa-status"   // implementation status changed
)

// RegisterKinds lists the kinds of change of the register and the SoA in
// the order they are read.
var RegisterKinds = []ChangeKind{RiskNew, RiskRemoved, NowAbove, NowWithin, ResidualUp, ResidualDown,
	InherentUp, InherentDown, Rescored, TreatmentKind, AcceptanceKind, StatusKind, SoADecision, SoAStatus}

// RiskChange is how one risk changed between an earlier and a later
// register. Levels are read with each register's own criteria; a zero
// Level (rank 0) is an unscored score.
type RiskChange struct {
	Ref string
	// Before is the risk in the earlier register, nil when it is new;
	// After the risk in the later one, nil when it was removed.
	Before, After                *Risk
	Kinds                        []ChangeKind
	InherentFrom, InherentTo     Level
	ResidualFrom, ResidualTo     Level
	AboveBefore, AboveAfter      bool // residual level above the appetite
	AcceptanceFrom, AcceptanceTo Acceptance
}

// Has reports whether the risk changed in kind k.
func (c *RiskChange) Has(k ChangeKind) bool { return slices.Contains(c.Kinds, k) }

// Title is the risk's title, as the later register has it when it still
// holds the risk.
func (c *RiskChange) Title() string {
	if c.After != nil {
		return c.After.Title
	}
	return c.Before.Title
}

// CompareRisks lists how the risks changed from the register before to
// the register after, in reference order: the risks new, removed, and
// those whose levels, appetite standing, treatment, acceptance or status
// changed. Risks are matched by reference; a risk whose reference was
// changed shows as removed under the old one and new under the other.
func CompareRisks(before, after *Register) []RiskChange {
	old := make(map[string]*Risk, len(before.Risks))
	for i := range before.Risks {
		old[before.Risks[i].Ref] = &before.Risks[i]
	}
	var out []RiskChange
	for i := range after.Risks {
		a := &after.Risks[i]
		b, ok := old[a.Ref]
		if !ok {
			out = append(out, newRisk(nil, a, &before.Criteria, &after.Criteria))
			continue
		}
		delete(old, a.Ref)
		if c := compareRisk(b, a, &before.Criteria, &after.Criteria); len(c.Kinds) > 0 {
			out = append(out, c)
		}
	}
	for i := range before.Risks {
		if b := &before.Risks[i]; old[b.Ref] != nil {
			out = append(out, newRisk(b, nil, &before.Criteria, &after.Criteria))
		}
	}
	slices.SortFunc(out, func(x, y RiskChange) int { return CompareRefs(x.Ref, y.Ref) })
	return out
}

// newRisk is the change of a risk present on one side only.
func newRisk(b, a *Risk, cb, ca *Criteria) RiskChange {
	c := RiskChange{Before: b, After: a}
	if a != nil {
		c.Ref, c.Kinds = a.Ref, []ChangeKind{RiskNew}
		c.InherentTo, _ = ca.LevelOf(a.Inherent)
		c.ResidualTo, _ = ca.LevelOf(a.Residual)
		c.AboveAfter = ca.AboveAppetite(a.Residual)
		c.AcceptanceTo = a.Acceptance
	} else {
		c.Ref, c.Kinds = b.Ref, []ChangeKind{RiskRemoved}
		c.InherentFrom, _ = cb.LevelOf(b.Inherent)
		c.ResidualFrom, _ = cb.LevelOf(b.Residual)
		c.AboveBefore = cb.AboveAppetite(b.Residual)
		c.AcceptanceFrom = b.Acceptance
	}
	return c
}

func compareRisk(b, a *Risk, cb, ca *Criteria) RiskChange {
	c := newRisk(b, nil, cb, ca)
	c.Kinds = nil
	c.After = a
	c.InherentTo, _ = ca.LevelOf(a.Inherent)
	c.ResidualTo, _ = ca.LevelOf(a.Residual)
	c.AboveAfter = ca.AboveAppetite(a.Residual)
	c.AcceptanceTo = a.Acceptance
	switch {
	case c.AboveAfter && !c.AboveBefore:
		c.Kinds = append(c.Kinds, NowAbove)
	case c.AboveBefore && !c.AboveAfter:
		c.Kinds = append(c.Kinds, NowWithin)
	}
	rescored := false
	move := func(from, to Level, sb, sa Score, up, down ChangeKind) {
		switch {
		case from.Rank > 0 && to.Rank > from.Rank:
			c.Kinds = append(c.Kinds, up)
		case to.Rank > 0 && from.Rank > to.Rank:
			c.Kinds = append(c.Kinds, down)
		case sb != sa:
			rescored = true
		}
	}
	move(c.ResidualFrom, c.ResidualTo, b.Residual, a.Residual, ResidualUp, ResidualDown)
	move(c.InherentFrom, c.InherentTo, b.Inherent, a.Inherent, InherentUp, InherentDown)
	if rescored {
		c.Kinds = append(c.Kinds, Rescored)
	}
	if b.Treatment != a.Treatment {
		c.Kinds = append(c.Kinds, TreatmentKind)
	}
	if acceptanceMoved(b.Acceptance, a.Acceptance) {
		c.Kinds = append(c.Kinds, AcceptanceKind)
	}
	if b.Status != a.Status {
		c.Kinds = append(c.Kinds, StatusKind)
	}
	return c
}

// acceptanceMoved reports whether an acceptance was granted, withdrawn,
// or given another approver, date or expiry; a reworded rationale is not a
// change of the decision.
func acceptanceMoved(b, a Acceptance) bool {
	return !strings.EqualFold(strings.TrimSpace(b.Approver), strings.TrimSpace(a.Approver)) ||
		b.Date != a.Date || b.Expiry != a.Expiry
}

// AcceptanceMove says what happened to an acceptance between two points.
type AcceptanceMove string

// What can happen to an acceptance.
const (
	AcceptanceGranted   AcceptanceMove = "granted"   // none before, an approver now
	AcceptanceWithdrawn AcceptanceMove = "withdrawn" // an approver before, none now
	AcceptanceRenewed   AcceptanceMove = "renewed"   // another approver, date or expiry
)

// AcceptanceMove is what happened to the risk's acceptance.
func (c *RiskChange) AcceptanceMove() AcceptanceMove {
	had, has := c.AcceptanceFrom.Approver != "", c.AcceptanceTo.Approver != ""
	switch {
	case has && !had:
		return AcceptanceGranted
	case had && !has:
		return AcceptanceWithdrawn
	}
	return AcceptanceRenewed
}

// ControlChange is how one control's line of the Statement of
// Applicability changed.
type ControlChange struct {
	Control       string
	Before, After SoAEntry // zero when the control had no line
	Kinds         []ChangeKind
}

// Has reports whether the control changed in kind k.
func (c *ControlChange) Has(k ChangeKind) bool { return slices.Contains(c.Kinds, k) }

// CompareSoA lists the controls whose applicability decision or
// implementation status changed from the Statement of Applicability
// before to the one after, in control order. A control without a line is
// undecided.
func CompareSoA(before, after []SoAEntry) []ControlChange {
	byID := map[string]*ControlChange{}
	for _, e := range before {
		byID[e.Control] = &ControlChange{Control: e.Control, Before: e}
	}
	for _, e := range after {
		c := byID[e.Control]
		if c == nil {
			c = &ControlChange{Control: e.Control}
			byID[e.Control] = c
		}
		c.After = e
	}
	var out []ControlChange
	for _, c := range byID {
		if c.Before.Applicable != c.After.Applicable {
			c.Kinds = append(c.Kinds, SoADecision)
		}
		if c.Before.Implementation != c.After.Implementation {
			c.Kinds = append(c.Kinds, SoAStatus)
		}
		if len(c.Kinds) > 0 {
			c.Before.Control, c.After.Control = c.Control, c.Control
			out = append(out, *c)
		}
	}
	slices.SortFunc(out, func(x, y ControlChange) int { return CompareRefs(x.Control, y.Control) })
	return out
}

// SameScales reports whether scores on a and on b name the same cells:
// the two likelihood and consequence scales have as many levels. When
// they do not, a score cannot be followed from one matrix to the other.
func SameScales(a, b *Criteria) bool {
	return len(a.Likelihood) == len(b.Likelihood) && len(a.Consequence) == len(b.Consequence)
}

// Move is where a number of risks went from one cell of the matrix to
// another: between two points in time, or from their inherent score to
// their residual one.
type Move struct {
	From, To Score
	Refs     []string // in reference order
}

// Stayed reports whether the risks stayed in their cell.
func (m Move) Stayed() bool { return m.From == m.To }

// Movements gathers where the risks that are in both registers and scored
// in both went between the two points, on the residual score (residual
// true) or the inherent one; one Move per pair of cells, the most
// populated first. Risks staying in their cell are counted too (Stayed);
// risks closed at both points are left out.
func Movements(before, after *Register, residual bool) []Move {
	score := func(r *Risk) Score {
		if residual {
			return r.Residual
		}
		return r.Inherent
	}
	old := make(map[string]*Risk, len(before.Risks))
	for i := range before.Risks {
		old[before.Risks[i].Ref] = &before.Risks[i]
	}
	var pairs []cellPair
	for i := range after.Risks {
		a := &after.Risks[i]
		b := old[a.Ref]
		if b == nil || score(b).IsZero() || score(a).IsZero() || (a.Status == Closed && b.Status == Closed) {
			continue
		}
		pairs = append(pairs, cellPair{score(b), score(a), a.Ref})
	}
	return gather(pairs)
}

// ControlEffect gathers how the controls move each scored risk of a
// register from its inherent cell to its residual one; one Move per pair
// of cells, the most populated first. Closed risks are left out.
func ControlEffect(risks []Risk) []Move {
	var pairs []cellPair
	for i := range risks {
		r := &risks[i]
		if r.Status == Closed || r.Inherent.IsZero() || r.Residual.IsZero() {
			continue
		}
		pairs = append(pairs, cellPair{r.Inherent, r.Residual, r.Ref})
	}
	return gather(pairs)
}

type cellPair struct {
	from, to Score
	ref      string
}

func gather(pairs []cellPair) []Move {
	idx := map[[2]Score]int{}
	var out []Move
	for _, p := range pairs {
		k := [2]Score{p.from, p.to}
		i, ok := idx[k]
		if !ok {
			i = len(out)
			idx[k] = i
			out = append(out, Move{From: p.from, To: p.to})
		}
		out[i].Refs = append(out[i].Refs, p.ref)
	}
	for i := range out {
		slices.SortFunc(out[i].Refs, CompareRefs)
	}
	slices.SortFunc(out, func(x, y Move) int {
		return cmp.Or(cmp.Compare(len(y.Refs), len(x.Refs)), compareScore(x.From, y.From), compareScore(x.To, y.To))
	})
	return out
}

func compareScore(a, b Score) int {
	return cmp.Or(cmp.Compare(a.Likelihood, b.Likelihood), cmp.Compare(a.Consequence, b.Consequence))
}
