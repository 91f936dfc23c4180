package bcp

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"riskbook/risk"
)

// An activation is the record of one time a playbook was declared: why,
// by whom and when, the playbook's steps ticked off as they are done, and
// the decision log. Closed, it is the incident record (issue 6, item 4).
//
// The steps are copied from the playbook when it is declared, so that the
// record keeps what the team was asked to do even after the playbook is
// edited or deleted; Playbook keeps the playbook's reference for the same
// reason (references of deleted playbooks are never reused).

// ActivationOpenAge is how many days an activation may stay open before the
// rules remind the team to close it or keep its log going.
const ActivationOpenAge = 7 // days

// StepRecord is one step of the playbook as the activation tracks it.
type StepRecord struct {
	Phase Phase `json:"phase"`
	// Index is the step's number within its phase, from 1.
	Index int    `json:"index"`
	What  string `json:"what"` // copied from the playbook at activation
	Who   string `json:"who"`  // the role, copied from the playbook
	// Done is when the step was ticked as done, zero while it is not; By
	// is who ticked it.
	Done time.Time `json:"done,omitzero"`
	By   string    `json:"by"`
	Note string    `json:"note"`
}

// LogEntry is one entry of the decision log: what was decided or learned,
// when and by whom.
type LogEntry struct {
	At   time.Time `json:"at"`
	By   string    `json:"by"`
	Text string    `json:"text"`
}

// Activation is the record of a playbook declared for an incident.
type Activation struct {
	ID         int64     `json:"-"`
	Ref        string    `json:"ref"`      // ACV-01
	Playbook   string    `json:"playbook"` // the playbook's reference, PB-01
	Trigger    string    `json:"trigger"`  // what happened that made someone declare it
	DeclaredBy string    `json:"declared_by"`
	DeclaredAt time.Time `json:"declared_at"`
	// ClosedAt is when the incident was closed, zero while it is open.
	ClosedAt time.Time    `json:"closed_at,omitzero"`
	Steps    []StepRecord `json:"steps"`
	Log      []LogEntry   `json:"log"`
	Created  time.Time    `json:"created"`
	Updated  time.Time    `json:"updated"`
}

// NewActivation starts the record of p declared at the time by declaredBy
// for the trigger, with every step of the playbook to do, phase by phase.
func NewActivation(p *Playbook, trigger, declaredBy string, at time.Time) Activation {
	a := Activation{Playbook: p.Ref, Trigger: trigger, DeclaredBy: declaredBy, DeclaredAt: at}
	for _, ph := range orderedPhases(p) {
		for j, s := range ph.Steps {
			a.Steps = append(a.Steps, StepRecord{Phase: ph.Phase, Index: j + 1, What: s.What, Who: s.Who})
		}
	}
	return a
}

// orderedPhases returns p's phases in the order a team goes through them,
// unknown phases last.
func orderedPhases(p *Playbook) []PhaseSteps {
	out := slices.Clone(p.Phases)
	slices.SortStableFunc(out, func(a, b PhaseSteps) int { return phaseRank(a.Phase) - phaseRank(b.Phase) })
	return out
}

func phaseRank(ph Phase) int {
	if i := slices.Index(Phases, ph); i >= 0 {
		return i
	}
	return len(Phases)
}

// Open reports whether the incident is not closed yet.
func (a *Activation) Open() bool { return a.ClosedAt.IsZero() }

// DoneCount is the number of steps ticked as done.
func (a *Activation) DoneCount() int {
	n := 0
	for _, s := range a.Steps {
		if !s.Done.IsZero() {
			n++
		}
	}
	return n
}

// Tick marks step i done at the time by the person.
func (a *Activation) Tick(i int, by string, at time.Time) {
	a.Steps[i].Done, a.Steps[i].By = at, by
}

// Untick marks step i not done; its note is kept.
func (a *Activation) Untick(i int) {
	a.Steps[i].Done, a.Steps[i].By = time.Time{}, ""
}

// AddLog appends an entry to the decision log.
func (a *Activation) AddLog(by, text string, at time.Time) {
	a.Log = append(a.Log, LogEntry{At: at, By: by, Text: text})
}

// Clone returns a deep copy of a.
func (a Activation) Clone() Activation {
	a.Steps = slices.Clone(a.Steps)
	a.Log = slices.Clone(a.Log)
	return a
}

// Normalize trims names and references, keeps times to the second in UTC,
// and makes empty lists nil. Notes, triggers and log texts are kept as
// written, but a log entry with no text is dropped.
func (a *Activation) Normalize() {
	a.Ref, a.Playbook = strings.TrimSpace(a.Ref), strings.TrimSpace(a.Playbook)
	a.Trigger, a.DeclaredBy = strings.TrimSpace(a.Trigger), strings.TrimSpace(a.DeclaredBy)
	a.DeclaredAt, a.ClosedAt = second(a.DeclaredAt), second(a.ClosedAt)
	for i := range a.Steps {
		s := &a.Steps[i]
		s.Phase = Phase(strings.TrimSpace(string(s.Phase)))
		s.What, s.Who, s.By = strings.TrimSpace(s.What), strings.TrimSpace(s.Who), strings.TrimSpace(s.By)
		s.Done = second(s.Done)
		if s.Done.IsZero() {
			s.By = ""
		}
	}
	a.Log = slices.DeleteFunc(a.Log, func(e LogEntry) bool { return strings.TrimSpace(e.Text) == "" })
	for i := range a.Log {
		e := &a.Log[i]
		e.At, e.By = second(e.At), strings.TrimSpace(e.By)
	}
	a.Steps, a.Log = nilIfEmpty(a.Steps), nilIfEmpty(a.Log)
}

// second is t to the second in UTC, or the zero time.
func second(t time.Time) time.Time {
	if t.IsZero() {
		return time.Time{}
	}
	return t.UTC().Truncate(time.Second)
}

// Declarers returns who may declare p: each role that may, followed by the
// people assigned to it (primary, then alternate). A playbook that names
// no role that may declare lets any of its roles and their people declare
// it: a missing choice is a warning on the playbook, and must not stop a
// team at 3 a.m.
func Declarers(p *Playbook) []string {
	roles := p.MayDeclare
	if len(roles) == 0 {
		for _, r := range p.Roles {
			roles = append(roles, r.Name)
		}
	}
	var out []string
	add := func(name string) {
		name = strings.TrimSpace(name)
		if name != "" && !slices.ContainsFunc(out, func(o string) bool { return strings.EqualFold(o, name) }) {
			out = append(out, name)
		}
	}
	for _, name := range roles {
		if r := p.Role(name); r != nil {
			add(r.Name)
			add(r.Primary)
			add(r.Alternate)
		}
	}
	return out
}

// ValidateActivation returns the first blocking finding about a as an
// error: what a store refuses to save. p is the playbook declared, against
// which the declarer is checked; nil skips that check (the playbook was
// deleted since, or the record is being restored as it was).
func ValidateActivation(a *Activation, p *Playbook) error {
	c := &checker{}
	c.activation(a, p, time.Time{})
	return firstBlocking(c.out)
}

// CheckActivations applies every activation rule; with a zero now, the age
// of open activations and times in the future are not judged.
func CheckActivations(acts []Activation, now time.Time) []risk.Finding {
	return checkActivations(acts, nil, now)
}

// checkActivations also reports, when refs judge playbooks, the records
// whose playbook was deleted since: the record keeps the steps it was
// given, but no longer leads to the plan.
func checkActivations(acts []Activation, refs *Refs, now time.Time) []risk.Finding {
	c := &checker{refs: refs}
	for i := range acts {
		a := &acts[i]
		c.activation(a, nil, now)
		if a.Playbook != "" && !refs.Has(RefPlaybook, a.Playbook) {
			c.add(risk.SeverityWarning, "activation-playbook-unknown", cmp.Or(a.Ref, risk.NoRef()), "playbook",
				risk.T("rules.bcp.activation_playbook_unknown", risk.Args{"Ref": a.Playbook}))
		}
	}
	risk.SortFindings(c.out)
	return c.out
}

// activation checks one activation record.
func (c *checker) activation(a *Activation, p *Playbook, now time.Time) {
	ref := a.Ref
	if ref == "" {
		ref = risk.NoRef()
		c.block("activation-reference-missing", ref, "ref", risk.T("rules.bcp.activation_reference_missing"))
	}
	if strings.TrimSpace(a.Playbook) == "" {
		c.block("activation-playbook-missing", ref, "playbook", risk.T("rules.bcp.activation_playbook_missing"))
	}
	if strings.TrimSpace(a.Trigger) == "" {
		c.block("activation-trigger-missing", ref, "trigger", risk.T("rules.bcp.activation_trigger_missing"))
	}
	switch {
	case strings.TrimSpace(a.DeclaredBy) == "":
		c.block("activation-declarer-missing", ref, "declared_by", risk.T("rules.bcp.activation_declarer_missing"))
	case p != nil && !slices.ContainsFunc(Declarers(p), func(d string) bool { return samePerson(d, a.DeclaredBy) }):
		c.block("activation-declarer-not-allowed", ref, "declared_by", orNobody(a.DeclaredBy, p.Ref, Declarers(p)))
	}
	if a.DeclaredAt.IsZero() {
		c.block("activation-time-missing", ref, "declared_at", risk.T("rules.bcp.activation_time_missing"))
	}
	if !a.ClosedAt.IsZero() && !a.DeclaredAt.IsZero() && a.ClosedAt.Before(a.DeclaredAt) {
		c.block("activation-closed-before-declared", ref, "closed_at", risk.T("rules.bcp.activation_closed_before_declared",
			risk.Args{"Closed": stamp(a.ClosedAt), "Declared": stamp(a.DeclaredAt)}))
	}
	for i, s := range a.Steps {
		if !s.Done.IsZero() && !a.DeclaredAt.IsZero() && s.Done.Before(a.DeclaredAt) {
			c.block("activation-step-before-declared", ref, fmt.Sprintf("steps[%d].done", i),
				risk.T("rules.bcp.activation_step_before_declared", risk.Args{"Step": activationStep(s), "Done": stamp(s.Done), "Declared": stamp(a.DeclaredAt)}))
		}
	}
	c.activationTimes(ref, a, now)
	if !now.IsZero() && a.Open() && !a.DeclaredAt.IsZero() && now.Sub(a.DeclaredAt) > ActivationOpenAge*24*time.Hour {
		c.add(risk.SeverityInfo, "activation-open-long", ref, "closed_at",
			risk.N("rules.bcp.activation_open_long", ActivationOpenAge, risk.Args{"Playbook": a.Playbook, "Declared": stamp(a.DeclaredAt)}))
	}
}

// ActivationClockSkew is how far ahead of the clock of the computer that
// judges it an incident record's time may be, before it counts as being
// in the future: records are written on the team's own laptops.
const ActivationClockSkew = 15 * time.Minute

// activationTimes refuses times that have not come yet: a declaration, a
// closure, a step done or a log entry in the future (judged only with a
// now).
func (c *checker) activationTimes(ref string, a *Activation, now time.Time) {
	if now.IsZero() {
		return
	}
	later := func(t time.Time) bool { return !t.IsZero() && t.After(now.Add(ActivationClockSkew)) }
	if later(a.DeclaredAt) {
		c.guard("activation-declared-in-future", ref, "declared_at", risk.T("rules.bcp.activation_declared_in_future", risk.Args{"Time": stamp(a.DeclaredAt)}))
	}
	if later(a.ClosedAt) {
		c.guard("activation-closed-in-future", ref, "closed_at", risk.T("rules.bcp.activation_closed_in_future", risk.Args{"Time": stamp(a.ClosedAt)}))
	}
	for i, s := range a.Steps {
		if later(s.Done) {
			c.guard("activation-step-in-future", ref, fmt.Sprintf("steps[%d].done", i),
				risk.T("rules.bcp.activation_step_in_future", risk.Args{"Step": activationStep(s), "Time": stamp(s.Done)}))
		}
	}
	for i, e := range a.Log {
		if later(e.At) {
			c.guard("activation-log-in-future", ref, fmt.Sprintf("log[%d].at", i),
				risk.T("rules.bcp.activation_log_in_future", risk.Args{"Time": stamp(e.At)}))
		}
	}
}

// orNobody is the finding about who declared playbook pb without being
// one of those who may.
func orNobody(who, pb string, names []string) risk.Msg {
	if len(names) == 0 {
		return risk.T("rules.bcp.activation_declarer_nobody", risk.Args{"Who": who, "Playbook": pb})
	}
	return risk.T("rules.bcp.activation_declarer_not_allowed", risk.Args{"Who": who, "Playbook": pb, "Declarers": strings.Join(names, ", ")})
}

// activationStep names a step of an incident record: step 2 of Recover
// (Restore the database).
func activationStep(s StepRecord) risk.Msg {
	return risk.T("rules.bcp.step.what", risk.Args{"N": s.Index, "Phase": PhaseText(s.Phase), "What": s.What})
}

// stamp formats a time of an activation for a message, in UTC.
func stamp(t time.Time) string { return t.UTC().Format("2006-01-02 15:04 UTC") }

// KeepFrame refuses a change of an activation from before to a that
// rewrites what the record keeps fixed: its reference and playbook, the
// steps as they were when it was declared, and the decision log's entries,
// which can only be added to. It keeps the playbook's reference as written
// at the declaration.
func KeepFrame(before, a *Activation) error {
	if a.Ref != before.Ref || !strings.EqualFold(a.Playbook, before.Playbook) {
		return risk.Err(risk.EINVALID, risk.T("rules.bcp.activation_frame_playbook", risk.Args{"Ref": before.Ref}))
	}
	a.Playbook = before.Playbook
	if len(a.Steps) != len(before.Steps) {
		return risk.Err(risk.EINVALID, risk.T("rules.bcp.activation_frame_steps", risk.Args{"Ref": before.Ref}))
	}
	for i, s := range a.Steps {
		b := before.Steps[i]
		if s.Phase != b.Phase || s.Index != b.Index || s.What != b.What || s.Who != b.Who {
			return risk.Err(risk.EINVALID, risk.T("rules.bcp.activation_frame_step", risk.Args{"Ref": before.Ref, "N": b.Index, "Phase": PhaseText(b.Phase)}))
		}
	}
	if len(a.Log) < len(before.Log) || !slices.Equal(a.Log[:len(before.Log)], before.Log) {
		return risk.Err(risk.EINVALID, risk.T("rules.bcp.activation_frame_log", risk.Args{"Ref": before.Ref}))
	}
	return nil
}
