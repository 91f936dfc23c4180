package bcp

import (
	"strings"
	"time"

	"riskbook/risk"
)

// References between records come in two sorts. Links (a risk's controls
// and what it threatens, a playbook's activities, resources and risks, an
// activity's upstream activities and resources, a resource's sites, a
// contact's calls) are stored by row and follow renames and deletions, so
// they cannot dangle; a store refuses one that names nothing. Record
// references are kept as written because they are history: the playbooks
// an exercise played, the activity or resource a result measured, the risk
// a finding raised, the playbook an incident followed, the resources a
// contact is. They follow renames, but a deletion leaves them naming
// nothing: the rules report that (Finding.Guard, so a save cannot bring a
// new one in) and the exports mark it.

// RefKind is a kind of record a reference can name.
type RefKind string

// Kinds of record references name.
const (
	RefRisk     RefKind = "risk"
	RefActivity RefKind = "activity"
	RefResource RefKind = "resource"
	RefPlaybook RefKind = "playbook"
	RefContact  RefKind = "contact"
)

// Refs are the references of a workspace's records, by kind, upper-cased:
// what the rules look a record reference up in. A nil *Refs judges no
// reference.
type Refs struct {
	known map[RefKind]map[string]bool
}

// NewRefs returns an index that judges no kind yet.
func NewRefs() *Refs { return &Refs{known: map[RefKind]map[string]bool{}} }

// Add records that a record of the kind has the reference; from then on,
// references to that kind are judged.
func (r *Refs) Add(kind RefKind, ref string) {
	r.Judge(kind)
	r.known[kind][strings.ToUpper(strings.TrimSpace(ref))] = true
}

// Judge makes references to the kind judged, even when no record of it
// exists: then every such reference names nothing.
func (r *Refs) Judge(kind RefKind) {
	if r.known[kind] == nil {
		r.known[kind] = map[string]bool{}
	}
}

// Has reports whether a record of the kind has the reference. A kind the
// index does not judge (and a nil index) counts every reference as
// existing.
func (r *Refs) Has(kind RefKind, ref string) bool {
	if r == nil || r.known[kind] == nil {
		return true
	}
	return r.known[kind][strings.ToUpper(strings.TrimSpace(ref))]
}

// refsOf indexes the playbooks and, when b is not nil, the activities and
// resources.
func refsOf(pbs []Playbook, b *BIA) *Refs {
	r := NewRefs()
	r.Judge(RefPlaybook)
	for _, p := range pbs {
		r.Add(RefPlaybook, p.Ref)
	}
	if b != nil {
		r.Judge(RefActivity)
		r.Judge(RefResource)
		for _, a := range b.Activities {
			r.Add(RefActivity, a.Ref)
		}
		for _, x := range b.Resources {
			r.Add(RefResource, x.Ref)
		}
	}
	return r
}

// Refs indexes every record of the workspace by reference.
func (w *Workspace) Refs() *Refs {
	r := w.refsBesideRisks()
	if w.Register != nil {
		for _, x := range w.Register.Risks {
			r.Add(RefRisk, x.Ref)
		}
	}
	w.addContactRefs(r)
	return r
}

// refsBesideRisks indexes the playbooks, activities and resources, and
// judges references to risks, which the caller adds.
func (w *Workspace) refsBesideRisks() *Refs {
	r := refsOf(w.Playbooks, w.BIA)
	if w.BIA == nil {
		r = refsOf(w.Playbooks, &BIA{})
	}
	r.Judge(RefRisk)
	return r
}

// addContactRefs adds the contacts to r, which then judges references to
// contacts.
func (w *Workspace) addContactRefs(r *Refs) {
	r.Judge(RefContact)
	for _, c := range w.Contacts {
		r.Add(RefContact, c.Ref)
	}
}

// renameIn replaces old by new in refs, without regard to case, and
// reports whether it did.
func renameIn(refs []string, old, new string) bool {
	changed := false
	for i, r := range refs {
		if strings.EqualFold(r, old) {
			refs[i], changed = new, true
		}
	}
	return changed
}

// RenameRef carries a record's new reference into the exercise: the
// playbooks it played, the activities and resources its results measured,
// the risks its findings raised. It reports whether anything changed.
func (ex *Exercise) RenameRef(kind RefKind, old, new string) bool {
	changed := false
	switch kind {
	case RefPlaybook:
		changed = renameIn(ex.Playbooks, old, new)
	case RefActivity, RefResource:
		for i := range ex.Results {
			if strings.EqualFold(ex.Results[i].Activity, old) {
				ex.Results[i].Activity, changed = new, true
			}
		}
	case RefRisk:
		for i := range ex.Findings {
			if strings.EqualFold(ex.Findings[i].Risk, old) {
				ex.Findings[i].Risk, changed = new, true
			}
		}
	}
	return changed
}

// RenameRef carries a resource's new reference into the contact.
func (c *Contact) RenameRef(kind RefKind, old, new string) bool {
	return kind == RefResource && renameIn(c.Resources, old, new)
}

// RenameRef carries a playbook's new reference into the incident record,
// so that it still names the plan the team followed.
func (a *Activation) RenameRef(kind RefKind, old, new string) bool {
	if kind == RefPlaybook && strings.EqualFold(a.Playbook, old) {
		a.Playbook = new
		return true
	}
	return false
}

// admit is risk.AdmitFindings over the findings a check function gives
// for the record as stored (when there is one) and as it would be saved.
func admit[T any](before, after *T, check func(*T) []risk.Finding) error {
	var old []risk.Finding
	if before != nil {
		old = check(before)
	}
	return risk.AdmitFindings(old, check(after))
}

// AdmitExercise returns the first finding a store must refuse when ex is
// saved over before (nil for a new exercise): a blocking one, or a guard
// one (an impossible date, a reference that names nothing) that before did
// not have. refs are the workspace's records; today is the day of the
// save.
func AdmitExercise(before, ex *Exercise, refs *Refs, today risk.Date) error {
	return admit(before, ex, func(x *Exercise) []risk.Finding {
		c := newChecker(&BIA{}, today)
		c.refs = refs
		c.exercise(x)
		return c.out
	})
}

// AdmitPlaybook is AdmitExercise for a playbook.
func AdmitPlaybook(before, p *Playbook, today risk.Date) error {
	return admit(before, p, func(x *Playbook) []risk.Finding {
		c := newChecker(&BIA{}, today)
		c.playbook(x)
		return c.out
	})
}

// AdmitActivity is AdmitExercise for an activity, judged against b.
func AdmitActivity(before, a *Activity, b *BIA, today risk.Date) error {
	if err := b.Settings.Validate(); err != nil {
		return err
	}
	return admit(before, a, func(x *Activity) []risk.Finding {
		c := newChecker(b, today)
		c.activity(x)
		return c.out
	})
}

// AdmitResource is AdmitExercise for a resource, judged against b.
func AdmitResource(before, r *Resource, b *BIA, today risk.Date) error {
	return admit(before, r, func(x *Resource) []risk.Finding {
		c := newChecker(b, today)
		c.resource(x)
		return c.out
	})
}

// AdmitContact is AdmitExercise for a contact; refs give the resources it
// may name.
func AdmitContact(before, x *Contact, refs *Refs) error {
	return admit(before, x, func(y *Contact) []risk.Finding {
		c := newChecker(&BIA{}, risk.Date{})
		c.refs = refs
		c.contact(y, nil)
		return c.out
	})
}

// AdmitActivation is AdmitExercise for an incident record; p is the
// playbook declared (nil to skip the declarer check) and now the time of
// the save.
func AdmitActivation(before, a *Activation, p *Playbook, now time.Time) error {
	return admit(before, a, func(x *Activation) []risk.Finding {
		c := &checker{}
		c.activation(x, p, now)
		return c.out
	})
}
