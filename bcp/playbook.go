package bcp

import (
	"slices"
	"strings"
	"time"

	"riskbook/i18n"
	"riskbook/risk"
)

// Phase is a stage of a playbook, from the first alarm to the lessons
// learned.
type Phase string

// Phases of a playbook.
const (
	PhaseDetect   Phase = "detect"
	PhaseActivate Phase = "activate"
	PhaseContain  Phase = "contain"
	PhaseRecover  Phase = "recover"
	PhaseReturn   Phase = "return"
	PhaseReview   Phase = "review"
)

// Phases lists the phases in the order a team goes through them.
var Phases = []Phase{PhaseDetect, PhaseActivate, PhaseContain, PhaseRecover, PhaseReturn, PhaseReview}

// PhaseName names a phase for people.
func PhaseName(p Phase) string { return PhaseText(p).In(i18n.Default()) }

// PhaseText is PhaseName in any language.
func PhaseText(p Phase) risk.Localizer {
	switch p {
	case PhaseDetect:
		return risk.T("rules.bcp.phase.detect")
	case PhaseActivate:
		return risk.T("rules.bcp.phase.activate")
	case PhaseContain:
		return risk.T("rules.bcp.phase.contain")
	case PhaseRecover:
		return risk.T("rules.bcp.phase.recover")
	case PhaseReturn:
		return risk.T("rules.bcp.phase.return")
	case PhaseReview:
		return risk.T("rules.bcp.phase.review")
	}
	return risk.Text(p)
}

// Audience is a group a playbook's communications are addressed to.
type Audience string

// Audiences of a registry in a crisis.
const (
	AudienceInternal   Audience = "internal"
	AudienceRegistrars Audience = "registrars"
	AudiencePublic     Audience = "public"
	AudienceRegulator  Audience = "regulator"
	AudienceIANA       Audience = "iana"
	AudienceCERT       Audience = "cert"
)

// Audiences lists the audiences in the order screens show them.
var Audiences = []Audience{AudienceInternal, AudienceRegistrars, AudiencePublic, AudienceRegulator, AudienceIANA, AudienceCERT}

// externalAudiences hear from the registry in public words: what is said
// to them must be prepared and approved before the crisis, not at 3 a.m.
var externalAudiences = []Audience{AudienceRegistrars, AudiencePublic}

// AudienceName names an audience for people.
func AudienceName(a Audience) string { return AudienceText(a).In(i18n.Default()) }

// AudienceText is AudienceName in any language.
func AudienceText(a Audience) risk.Localizer {
	switch a {
	case AudienceInternal:
		return risk.T("rules.bcp.audience.internal")
	case AudienceRegistrars:
		return risk.T("rules.bcp.audience.registrars")
	case AudiencePublic:
		return risk.T("rules.bcp.audience.public")
	case AudienceRegulator:
		return risk.T("rules.bcp.audience.regulator")
	case AudienceIANA:
		return risk.T("rules.bcp.audience.iana")
	case AudienceCERT:
		return risk.T("rules.bcp.audience.cert")
	}
	return risk.Text(a)
}

// Role is a part someone plays when a playbook runs (incident lead,
// technical lead, communications). Primary and Alternate name people or
// contacts (C-01); templates leave them empty for the workspace to fill.
type Role struct {
	Name             string `json:"name"`
	Responsibilities string `json:"responsibilities"`
	Primary          string `json:"primary"`
	Alternate        string `json:"alternate"`
}

// Step is one thing to do in a phase.
type Step struct {
	What string `json:"what"`
	Who  string `json:"who"` // the name of one of the playbook's roles
	// When is the target time after activation by which the step is done;
	// zero means as soon as possible.
	When      Duration `json:"when"`
	Where     string   `json:"where"`
	How       string   `json:"how"`
	Checklist []string `json:"checklist"`
	// Restores are the activities of the playbook (refs) that are running
	// again once this step is done: the step whose target time is held to
	// each one's RTO.
	Restores []string `json:"restores,omitempty"`
}

// PhaseSteps are a phase's steps in the order they are done.
type PhaseSteps struct {
	Phase Phase  `json:"phase"`
	Steps []Step `json:"steps"`
}

// Communication is how and what a playbook tells one audience.
type Communication struct {
	Audience  Audience `json:"audience"`
	Channel   string   `json:"channel"`
	OutOfBand string   `json:"out_of_band"` // the channel when the usual one is down
	// Statement is the pre-approved text, ready to send with the blanks
	// filled in.
	Statement  string `json:"statement"`
	ApprovedBy string `json:"approved_by"`
}

// Playbook is a continuity plan for one scenario (ISO 22301 8.4): who may
// declare it, the roles, the steps of each phase, what to tell whom, and
// how to reach people when the network is down.
type Playbook struct {
	ID       int64  `json:"-"`
	Ref      string `json:"ref"` // PB-01
	Title    string `json:"title"`
	Scenario string `json:"scenario"`
	Scope    string `json:"scope"`
	// Activities and Resources are the refs of what the playbook restores,
	// Risks those of the risks it answers.
	Activities         []string        `json:"activities"`
	Resources          []string        `json:"resources"`
	Risks              []string        `json:"risks"`
	ActivationCriteria string          `json:"activation_criteria"`
	MayDeclare         []string        `json:"may_declare"` // role names
	Roles              []Role          `json:"roles"`
	Phases             []PhaseSteps    `json:"phases"`
	Communications     []Communication `json:"communications"`
	// OutOfBand are the channels that work when the usual network does not
	// (satellite phone, SMS, a messaging group on personal phones).
	OutOfBand     []string  `json:"out_of_band"`
	Version       string    `json:"version"`
	Owner         string    `json:"owner"`
	Approved      risk.Date `json:"approved"`
	LastExercised risk.Date `json:"last_exercised"`
	Created       time.Time `json:"created"`
	Updated       time.Time `json:"updated"`
}

// Normalize trims names and short text, sorts and de-duplicates the
// references, drops empty list entries and makes empty lists nil. Prose
// (scenario, scope, criteria, responsibilities, how, statements) is kept as
// written.
func (p *Playbook) Normalize() {
	p.Ref, p.Title = strings.TrimSpace(p.Ref), strings.TrimSpace(p.Title)
	p.Version, p.Owner = strings.TrimSpace(p.Version), strings.TrimSpace(p.Owner)
	p.Activities, p.Resources, p.Risks = refs(p.Activities), refs(p.Resources), refs(p.Risks)
	p.MayDeclare = texts(p.MayDeclare)
	p.OutOfBand = texts(p.OutOfBand)
	for i := range p.Roles {
		r := &p.Roles[i]
		r.Name, r.Primary, r.Alternate = strings.TrimSpace(r.Name), strings.TrimSpace(r.Primary), strings.TrimSpace(r.Alternate)
	}
	for i := range p.Phases {
		ph := &p.Phases[i]
		ph.Phase = Phase(strings.TrimSpace(string(ph.Phase)))
		for j := range ph.Steps {
			s := &ph.Steps[j]
			s.What, s.Who, s.Where = strings.TrimSpace(s.What), strings.TrimSpace(s.Who), strings.TrimSpace(s.Where)
			s.Checklist = texts(s.Checklist)
			// A step restores only what the playbook restores: an activity
			// unlinked (or deleted) since is dropped.
			s.Restores = nilIfEmpty(slices.DeleteFunc(refs(s.Restores), func(r string) bool { return !p.Covers(r) }))
		}
		ph.Steps = nilIfEmpty(ph.Steps)
	}
	for i := range p.Communications {
		c := &p.Communications[i]
		c.Audience = Audience(strings.TrimSpace(string(c.Audience)))
		c.Channel, c.OutOfBand = strings.TrimSpace(c.Channel), strings.TrimSpace(c.OutOfBand)
		c.ApprovedBy = strings.TrimSpace(c.ApprovedBy)
	}
	p.Roles = nilIfEmpty(p.Roles)
	p.Phases = nilIfEmpty(p.Phases)
	p.Communications = nilIfEmpty(p.Communications)
}

// texts trims each entry and drops the blank ones, keeping the order: the
// order of channels and checklist items is the order to try or tick them.
func texts(in []string) []string {
	var out []string
	for _, s := range in {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

func nilIfEmpty[T any](s []T) []T {
	if len(s) == 0 {
		return nil
	}
	return s
}

// Clone returns a deep copy of p.
func (p Playbook) Clone() Playbook {
	p.Activities = slices.Clone(p.Activities)
	p.Resources = slices.Clone(p.Resources)
	p.Risks = slices.Clone(p.Risks)
	p.MayDeclare = slices.Clone(p.MayDeclare)
	p.Roles = slices.Clone(p.Roles)
	p.Communications = slices.Clone(p.Communications)
	p.OutOfBand = slices.Clone(p.OutOfBand)
	p.Phases = slices.Clone(p.Phases)
	for i := range p.Phases {
		p.Phases[i].Steps = slices.Clone(p.Phases[i].Steps)
		for j := range p.Phases[i].Steps {
			p.Phases[i].Steps[j].Checklist = slices.Clone(p.Phases[i].Steps[j].Checklist)
			p.Phases[i].Steps[j].Restores = slices.Clone(p.Phases[i].Steps[j].Restores)
		}
	}
	return p
}

// Role returns the playbook's role with the name, matched without regard
// to case, or nil.
func (p *Playbook) Role(name string) *Role {
	name = strings.TrimSpace(name)
	for i := range p.Roles {
		if name != "" && strings.EqualFold(p.Roles[i].Name, name) {
			return &p.Roles[i]
		}
	}
	return nil
}

// Covers reports whether the playbook restores the activity with the ref.
func (p *Playbook) Covers(activity string) bool {
	return slices.ContainsFunc(p.Activities, func(a string) bool { return strings.EqualFold(a, activity) })
}

// StepCount is the number of steps over all phases.
func (p *Playbook) StepCount() int {
	n := 0
	for _, ph := range p.Phases {
		n += len(ph.Steps)
	}
	return n
}

// StepAt names one step of a playbook by its place: Phases[Phase].Steps[Step].
type StepAt struct{ Phase, Step int }

// Timing is when a playbook brings one activity it restores back, against
// the activity's RTO.
type Timing struct {
	Activity *Activity
	// Marked is set when a step says it restores the activity (Step.Restores);
	// At is the last such step, Recovery its target time.
	Marked   bool
	At       StepAt
	Recovery Duration
	// Timed is set when every step that restores the activity has a target
	// time.
	Timed bool
}

// Meets reports whether the playbook brings the activity back within its
// RTO; judged is false when that cannot be told (no RTO, no step marked as
// restoring it, or such a step without a target time).
func (t Timing) Meets() (meets, judged bool) {
	if !t.Marked || !t.Timed || t.Activity.RTO <= 0 {
		return false, false
	}
	return t.Recovery <= t.Activity.RTO, true
}

// PlanTiming is, for each activity of b the playbook restores, in the
// order it lists them, when its steps bring it back: the latest target
// time of the steps that say they restore it.
func PlanTiming(p *Playbook, b *BIA) []Timing {
	if b == nil {
		return nil
	}
	var out []Timing
	for _, ref := range p.Activities {
		for i := range b.Activities {
			a := &b.Activities[i]
			if !strings.EqualFold(a.Ref, ref) {
				continue
			}
			t := Timing{Activity: a, Timed: true}
			for pi, ph := range p.Phases {
				for si, s := range ph.Steps {
					if !slices.ContainsFunc(s.Restores, func(r string) bool { return strings.EqualFold(r, ref) }) {
						continue
					}
					t.Marked = true
					t.Timed = t.Timed && s.When > 0
					if s.When >= t.Recovery {
						t.Recovery, t.At = s.When, StepAt{pi, si}
					}
				}
			}
			t.Timed = t.Timed && t.Marked
			out = append(out, t)
		}
	}
	return out
}

// RenameRef carries an activity's new reference into the steps that
// restore it.
func (p *Playbook) RenameRef(kind RefKind, old, new string) bool {
	changed := false
	if kind != RefActivity {
		return false
	}
	for i := range p.Phases {
		for j := range p.Phases[i].Steps {
			changed = renameIn(p.Phases[i].Steps[j].Restores, old, new) || changed
		}
	}
	return changed
}

// HasAlternate reports whether someone other than the primary is named to
// stand in for the role.
func (r *Role) HasAlternate() bool {
	return r.Alternate != "" && !samePerson(r.Primary, r.Alternate)
}

func samePerson(a, b string) bool {
	return strings.EqualFold(strings.TrimSpace(a), strings.TrimSpace(b))
}
