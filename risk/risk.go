// Package risk is Riskbook's ISO 31000 domain: risk criteria, risks, their
// treatment actions, the control catalog and the Statement of Applicability,
// and the rules a register must keep. It imports only the standard library.
package risk

import (
	"slices"
	"strings"
	"time"
)

// Treatment is the option chosen to modify a risk (ISO 31000 6.5.2).
type Treatment string

// Treatment options.
const (
	Reduce   Treatment = "reduce"
	Avoid    Treatment = "avoid"
	Transfer Treatment = "transfer"
	Accept   Treatment = "accept"
)

// Treatments lists the treatment options in the order a form offers them.
var Treatments = []Treatment{Reduce, Avoid, Transfer, Accept}

// Effectiveness is how well the existing controls work.
type Effectiveness string

// Control effectiveness grades.
const (
	Ineffective        Effectiveness = "ineffective"
	PartiallyEffective Effectiveness = "partial"
	Effective          Effectiveness = "effective"
)

// Effectivenesses lists the grades, weakest first.
var Effectivenesses = []Effectiveness{Ineffective, PartiallyEffective, Effective}

// Status is where a risk is in its life.
type Status string

// Risk statuses.
const (
	Open       Status = "open"       // identified, not yet treated
	Treating   Status = "treating"   // treatment actions under way
	Monitoring Status = "monitoring" // treated or within appetite, watched
	Accepted   Status = "accepted"   // formally accepted
	Closed     Status = "closed"     // no longer relevant
)

// Statuses lists risk statuses in life order.
var Statuses = []Status{Open, Treating, Monitoring, Accepted, Closed}

// Confidence grades the evidence behind a risk's scores.
type Confidence string

// Evidence confidence grades.
const (
	ConfidenceA Confidence = "A" // high: direct sources
	ConfidenceB Confidence = "B" // strong
	ConfidenceC Confidence = "C" // medium
	ConfidenceD Confidence = "D" // weak signal or internal monitoring only
)

// Confidences lists the grades, strongest first.
var Confidences = []Confidence{ConfidenceA, ConfidenceB, ConfidenceC, ConfidenceD}

// ConfidenceMeaning says in words what a grade means.
func ConfidenceMeaning(c Confidence) string {
	switch c {
	case ConfidenceA:
		return "high — direct sources"
	case ConfidenceB:
		return "strong"
	case ConfidenceC:
		return "medium"
	case ConfidenceD:
		return "weak — signal or internal monitoring only"
	}
	return ""
}

// Acceptance is the formal decision to retain a risk above appetite.
type Acceptance struct {
	Approver  string `json:"approver"`
	Date      Date   `json:"date"`
	Expiry    Date   `json:"expiry"`
	Rationale string `json:"rationale"`
}

// IsZero reports whether no part of the acceptance is filled in.
func (a Acceptance) IsZero() bool { return a == Acceptance{} }

// Expired reports whether the acceptance has an expiry date before today.
// A zero today judges nothing.
func (a Acceptance) Expired(today Date) bool {
	return !today.IsZero() && !a.Expiry.IsZero() && a.Expiry.Before(today)
}

// Risk is one entry of the risk register.
type Risk struct {
	ID    int64  `json:"-"`
	Ref   string `json:"ref"`
	Title string `json:"title"`
	// Identified is the day the risk was identified, which may be long
	// before it was recorded here (a register brought over from a
	// spreadsheet); zero means the day it was recorded (Created). Reviews,
	// acceptances and actions cannot predate it.
	Identified    Date   `json:"identified,omitzero"`
	Description   string `json:"description"`
	Category      string `json:"category"`
	Cause         string `json:"cause"`
	Vulnerability string `json:"vulnerability"`
	Consequence   string `json:"consequence"`
	Owner         string `json:"owner"`
	Inherent      Score  `json:"inherent"`
	Residual      Score  `json:"residual"`
	Target        Score  `json:"target"`
	// Justification explains a residual score above the inherent one (controls
	// that add exposure, for instance); without it that score is refused.
	Justification string    `json:"justification"`
	Treatment     Treatment `json:"treatment"`
	Controls      []string  `json:"controls"` // control identifiers, sorted
	// Threatens names the BIA activities and resources the risk threatens,
	// by reference (ACT-01, RES-03), sorted.
	Threatens            []string      `json:"threatens"`
	ControlEffectiveness Effectiveness `json:"control_effectiveness"`
	Acceptance           Acceptance    `json:"acceptance"`
	ReviewFrequency      Frequency     `json:"review_frequency"`
	LastReview           Date          `json:"last_review"`
	NextReview           Date          `json:"next_review"`
	Status               Status        `json:"status"`
	Source               string        `json:"source"`
	Confidence           Confidence    `json:"confidence"`
	Actions              []Action      `json:"actions"`
	Created              time.Time     `json:"created"`
	Updated              time.Time     `json:"updated"`
}

// Normalize trims text fields, sorts and de-duplicates control links, and
// derives the next review date from the frequency. Stores call it before
// validating, so every saved risk is in the same shape.
func (r *Risk) Normalize() {
	for _, s := range []*string{&r.Ref, &r.Title, &r.Category, &r.Owner, &r.Source,
		&r.Acceptance.Approver} {
		*s = strings.TrimSpace(*s)
	}
	for _, s := range []*string{&r.Description, &r.Cause, &r.Vulnerability, &r.Consequence,
		&r.Justification, &r.Acceptance.Rationale} {
		*s = strings.TrimRight(*s, " \t\r\n")
	}
	for i := range r.Controls {
		r.Controls[i] = strings.TrimSpace(r.Controls[i])
	}
	slices.SortFunc(r.Controls, CompareRefs)
	r.Controls = slices.Compact(r.Controls)
	r.Controls = slices.DeleteFunc(r.Controls, func(s string) bool { return s == "" })
	if len(r.Controls) == 0 {
		r.Controls = nil // an empty list and no list are the same thing
	}
	for i := range r.Threatens {
		r.Threatens[i] = strings.TrimSpace(r.Threatens[i])
	}
	slices.SortFunc(r.Threatens, CompareRefs)
	r.Threatens = slices.Compact(slices.DeleteFunc(r.Threatens, func(s string) bool { return s == "" }))
	if len(r.Threatens) == 0 {
		r.Threatens = nil
	}
	if len(r.Actions) == 0 {
		r.Actions = nil
	}
	for i := range r.Actions {
		r.Actions[i].Normalize()
	}
	// A risk never reviewed is due one cycle after it was identified.
	r.NextReview = NextReview(r.LastReview, r.IdentifiedOn(), r.ReviewFrequency)
}

// IdentifiedOn is the day the risk was identified: Identified when set,
// else the day it was recorded, else zero (a draft not saved yet).
func (r *Risk) IdentifiedOn() Date {
	if !r.Identified.IsZero() || r.Created.IsZero() {
		return r.Identified
	}
	return DateOf(r.Created)
}

// KnownBy is the earliest day the risk's own record shows it was known: its
// last review, its acceptance, or the due date of one of its actions; zero
// when it holds none. A risk brought in from a spreadsheet or a template
// has no recorded day of identification, but cannot have been identified
// later than this.
func (r *Risk) KnownBy() Date {
	var d Date
	earlier := func(e Date) {
		if !e.IsZero() && (d.IsZero() || e.Before(d)) {
			d = e
		}
	}
	earlier(r.LastReview)
	earlier(r.Acceptance.Date)
	for _, a := range r.Actions {
		earlier(a.Due)
	}
	return d
}

// Accepting reports whether the risk is retained by a formal acceptance:
// accept is its treatment or accepted its status.
func (r *Risk) Accepting() bool { return r.Treatment == Accept || r.Status == Accepted }

// OpenActions returns the actions that are neither done nor cancelled.
func (r *Risk) OpenActions() []Action {
	var out []Action
	for _, a := range r.Actions {
		if a.IsOpen() {
			out = append(out, a)
		}
	}
	return out
}

// Clone returns a deep copy of r.
func (r Risk) Clone() Risk {
	r.Controls = slices.Clone(r.Controls)
	r.Threatens = slices.Clone(r.Threatens)
	r.Actions = slices.Clone(r.Actions)
	return r
}

// ActionStatus is where a treatment action stands.
type ActionStatus string

// Action statuses.
const (
	Planned    ActionStatus = "planned"
	InProgress ActionStatus = "in-progress"
	Done       ActionStatus = "done"
	Cancelled  ActionStatus = "cancelled"
)

// ActionStatuses lists action statuses in life order.
var ActionStatuses = []ActionStatus{Planned, InProgress, Done, Cancelled}

// Action is a treatment action of a risk, ordered within its risk.
type Action struct {
	ID       int64        `json:"-"`
	Title    string       `json:"title"`
	Owner    string       `json:"owner"`
	Due      Date         `json:"due"`
	Status   ActionStatus `json:"status"`
	Progress int          `json:"progress"` // percent, 0–100
}

// Normalize trims text and makes a done action 100% complete.
func (a *Action) Normalize() {
	a.Title = strings.TrimSpace(a.Title)
	a.Owner = strings.TrimSpace(a.Owner)
	if a.Status == "" {
		a.Status = Planned
	}
	if a.Status == Done {
		a.Progress = 100
	}
}

// IsOpen reports whether the action still has work to do.
func (a Action) IsOpen() bool { return a.Status != Done && a.Status != Cancelled }

// Overdue reports whether an open action's due date is before today.
func (a Action) Overdue(today Date) bool {
	return a.IsOpen() && !a.Due.IsZero() && a.Due.Before(today)
}
