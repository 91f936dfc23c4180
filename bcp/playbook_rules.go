package bcp

import (
	"fmt"
	"slices"
	"strings"

	"riskbook/risk"
)

// Rules of playbooks. They follow what continuity tests of registries keep
// finding: roles without trained alternates, one person nobody can stand in
// for, no channel when the network is down, no statement ready for
// registrars and the public, and plans nobody has rehearsed.
//
// Whether the activities, resources and risks a playbook lists exist is
// checked by the store, which sees the whole workspace; these rules judge
// the playbook itself and its coverage of the BIA.

// PlaybookExerciseAge is how long ago a playbook may last have been
// exercised before it needs exercising again (ISO 22301 8.5).
const PlaybookExerciseAge = 12 // months

// ValidatePlaybook returns the first blocking finding about p as an error:
// what a store refuses to save. A template must pass it as it is, with no
// people assigned.
func ValidatePlaybook(p *Playbook) error {
	c := newChecker(&BIA{}, risk.Date{})
	c.playbook(p)
	return firstBlocking(c.out)
}

// CheckPlaybooks applies every playbook rule, judging the key-person check
// and coverage against b's top-priority activities. b may be nil when there
// is no BIA yet. With a zero today, the age of the last exercise is not
// judged, but a playbook never exercised still is.
func CheckPlaybooks(pbs []Playbook, b *BIA, today risk.Date) []risk.Finding {
	if b == nil {
		b = &BIA{}
	}
	c := newChecker(b, today)
	seen := map[string]int{}
	first := map[string]string{}
	for i := range pbs {
		c.playbook(&pbs[i])
		key := strings.ToUpper(pbs[i].Ref)
		if seen[key]++; seen[key] == 1 {
			first[key] = pbs[i].Ref
		}
	}
	for key, n := range seen {
		if n > 1 && key != "" {
			c.block("playbook-reference-duplicate", first[key], "ref", risk.N("rules.bcp.playbook_reference_duplicate", n))
		}
	}
	c.coverage(pbs)
	risk.SortFindings(c.out)
	return c.out
}

// playbook checks one playbook on its own and against the BIA's
// priorities.
func (c *checker) playbook(p *Playbook) {
	ref := p.Ref
	if ref == "" {
		ref = risk.NoRef()
		c.block("playbook-reference-missing", ref, "ref", risk.T("rules.bcp.playbook_reference_missing"))
	}
	c.recorded(ref, p.recorded()...)
	if p.Title == "" {
		c.block("playbook-title-missing", ref, "title", risk.T("rules.bcp.playbook_title_missing"))
	}
	if strings.TrimSpace(p.ActivationCriteria) == "" {
		c.add(risk.SeverityWarning, "activation-criteria-missing", ref, "activation_criteria", risk.T("rules.bcp.activation_criteria_missing"))
	}
	if p.Owner == "" {
		c.add(risk.SeverityWarning, "playbook-owner-missing", ref, "owner", risk.T("rules.bcp.playbook_owner_missing"))
	}
	c.roles(ref, p)
	c.phases(ref, p)
	c.communications(ref, p)
	c.keyPeople(ref, p)
	c.exercised(ref, p)
	c.timing(ref, p)
	c.future(p.Approved, "playbook-approved-in-future", ref, "approved", risk.T("rules.bcp.what.playbook_approval"))
	c.future(p.LastExercised, "playbook-exercised-in-future", ref, "last_exercised", risk.T("rules.bcp.what.playbook_exercise"))
}

// timing holds the steps that restore each activity to its RTO: a plan
// that cannot meet its RTO is an error, a restoring step without a target
// time a warning, and an activity no step says it restores a note.
func (c *checker) timing(ref string, p *Playbook) {
	var unmarked []string
	for _, t := range PlanTiming(p, c.bia) {
		a := t.Activity
		switch {
		case a.RTO <= 0:
			// rto-missing says so on the activity
		case !t.Marked:
			unmarked = append(unmarked, a.Ref)
		case !t.Timed:
			c.add(risk.SeverityWarning, "plan-timing-missing", ref, fmt.Sprintf("phases[%d].steps[%d].when", t.At.Phase, t.At.Step),
				risk.T("rules.bcp.plan_timing_missing", risk.Args{"Ref": a.Ref, "Name": a.Name, "RTO": a.RTO}))
		default:
			if meets, _ := t.Meets(); !meets {
				s := &p.Phases[t.At.Phase].Steps[t.At.Step]
				c.add(risk.SeverityError, "plan-misses-rto", ref, fmt.Sprintf("phases[%d].steps[%d].when", t.At.Phase, t.At.Step),
					risk.T("rules.bcp.plan_misses_rto", risk.Args{"Ref": a.Ref, "Name": a.Name, "Recovery": t.Recovery,
						"Step": stepName(p.Phases[t.At.Phase].Phase, t.At.Step, s), "RTO": a.RTO}))
			}
		}
	}
	if len(unmarked) > 0 && p.StepCount() > 0 {
		c.add(risk.SeverityInfo, "plan-restore-unmarked", ref, "phases",
			risk.N("rules.bcp.plan_restore_unmarked", len(unmarked), risk.Args{"Refs": joinAnd(unmarked)}))
	}
}

// roles checks the roles and who may declare the playbook.
func (c *checker) roles(ref string, p *Playbook) {
	names := map[string]bool{}
	for i, r := range p.Roles {
		field := func(name string) string { return fmt.Sprintf("roles[%d].%s", i, name) }
		key := strings.ToLower(r.Name)
		switch {
		case r.Name == "":
			c.block("role-name-missing", ref, field("name"), risk.T("rules.bcp.role_name_missing", risk.Args{"N": i + 1}))
		case names[key]:
			c.block("role-name-duplicate", ref, field("name"), risk.T("rules.bcp.role_name_duplicate", risk.Args{"Role": r.Name}))
		}
		names[key] = true
		name := roleName(i, &r)
		switch {
		case r.Primary == "":
			c.add(risk.SeverityWarning, "role-unassigned", ref, field("primary"), risk.T("rules.bcp.role_unassigned", risk.Args{"Role": name}))
		case r.Alternate == "":
			c.add(risk.SeverityError, "role-alternate-missing", ref, field("alternate"), risk.T("rules.bcp.role_alternate_missing", risk.Args{"Role": name, "Primary": r.Primary}))
		case samePerson(r.Primary, r.Alternate):
			c.add(risk.SeverityError, "role-alternate-same-person", ref, field("alternate"), risk.T("rules.bcp.role_alternate_same_person", risk.Args{"Role": name, "Alternate": r.Alternate}))
		}
	}
	if len(p.MayDeclare) == 0 {
		c.add(risk.SeverityWarning, "declarer-missing", ref, "may_declare", risk.T("rules.bcp.declarer_missing"))
	}
	for _, d := range p.MayDeclare {
		if p.Role(d) == nil {
			c.block("declarer-unknown", ref, "may_declare", risk.T("rules.bcp.declarer_unknown", risk.Args{"Role": d}))
		}
	}
}

// stepName names a step for people: step 2 of Recover (Restore the
// database).
func stepName(ph Phase, j int, s *Step) risk.Msg {
	if s.What != "" {
		return risk.T("rules.bcp.step.what", risk.Args{"N": j + 1, "Phase": PhaseText(ph), "What": s.What})
	}
	return risk.T("rules.bcp.step", risk.Args{"N": j + 1, "Phase": PhaseText(ph)})
}

// roleName names a role in a sentence: its name, or "role 2" when it has
// none.
func roleName(i int, r *Role) risk.Localizer {
	if r.Name != "" {
		return risk.Text(r.Name)
	}
	return risk.T("rules.bcp.role_numbered", risk.Args{"N": i + 1})
}

// phases checks the phases and their steps.
func (c *checker) phases(ref string, p *Playbook) {
	seen := map[Phase]bool{}
	for i, ph := range p.Phases {
		switch {
		case !slices.Contains(Phases, ph.Phase):
			c.block("phase-unknown", ref, fmt.Sprintf("phases[%d].phase", i), risk.T("rules.bcp.phase_unknown", risk.Args{"Phase": risk.Quote(ph.Phase)}))
		case seen[ph.Phase]:
			c.block("phase-duplicate", ref, fmt.Sprintf("phases[%d].phase", i), risk.T("rules.bcp.phase_duplicate", risk.Args{"Phase": PhaseText(ph.Phase)}))
		}
		seen[ph.Phase] = true
		for j := range ph.Steps {
			s := &ph.Steps[j]
			field := func(name string) string { return fmt.Sprintf("phases[%d].steps[%d].%s", i, j, name) }
			if s.What == "" {
				c.block("step-what-missing", ref, field("what"), risk.T("rules.bcp.step_what_missing", risk.Args{"Step": stepName(ph.Phase, j, s)}))
			}
			switch {
			case s.Who == "":
				c.block("step-role-missing", ref, field("who"), risk.T("rules.bcp.step_role_missing", risk.Args{"Step": stepName(ph.Phase, j, s)}))
			case p.Role(s.Who) == nil:
				c.block("step-role-unknown", ref, field("who"), risk.T("rules.bcp.step_role_unknown", risk.Args{"Step": stepName(ph.Phase, j, s), "Role": s.Who}))
			}
		}
	}
	if p.StepCount() == 0 {
		c.add(risk.SeverityWarning, "playbook-steps-missing", ref, "phases", risk.T("rules.bcp.playbook_steps_missing"))
	}
}

// communications checks the audiences, the pre-approved statements for
// the audiences outside the registry, and the out-of-band channels.
func (c *checker) communications(ref string, p *Playbook) {
	outOfBand := len(p.OutOfBand) > 0
	for i, m := range p.Communications {
		if !slices.Contains(Audiences, m.Audience) {
			c.block("audience-unknown", ref, fmt.Sprintf("communications[%d].audience", i), risk.T("rules.bcp.audience_unknown", risk.Args{"Audience": risk.Quote(m.Audience)}))
		}
		if strings.TrimSpace(m.Statement) != "" && m.ApprovedBy == "" {
			c.add(risk.SeverityInfo, "statement-not-approved", ref, fmt.Sprintf("communications[%d].approved_by", i),
				risk.T("rules.bcp.statement_not_approved", risk.Args{"Audience": inSentence(m.Audience)}))
		}
		outOfBand = outOfBand || m.OutOfBand != ""
	}
	for _, a := range externalAudiences {
		ready := slices.ContainsFunc(p.Communications, func(m Communication) bool {
			return m.Audience == a && strings.TrimSpace(m.Statement) != ""
		})
		if !ready {
			c.add(risk.SeverityWarning, "statement-missing", ref, "communications",
				risk.T("rules.bcp.statement_missing", risk.Args{"Audience": inSentence(a)}))
		}
	}
	if !outOfBand {
		c.add(risk.SeverityWarning, "no-out-of-band", ref, "out_of_band",
			risk.T("rules.bcp.no_out_of_band"))
	}
}

// inSentence names an audience inside a sentence: "the statement for
// registrars", "the statement for IANA".
func inSentence(a Audience) risk.Localizer {
	switch a {
	case AudienceInternal:
		return risk.T("rules.bcp.audience.in.internal")
	case AudienceRegistrars:
		return risk.T("rules.bcp.audience.in.registrars")
	case AudiencePublic:
		return risk.T("rules.bcp.audience.in.public")
	case AudienceRegulator:
		return risk.T("rules.bcp.audience.in.regulator")
	case AudienceIANA:
		return risk.T("rules.bcp.audience.in.iana")
	case AudienceCERT:
		return risk.T("rules.bcp.audience.in.cert")
	}
	return risk.Text(string(a))
}

// topPriority returns the refs of the top-priority activities the
// playbook restores.
func (c *checker) topPriority(p *Playbook) []string {
	var out []string
	for _, r := range p.Activities {
		if a := c.activities[strings.ToUpper(r)]; a != nil && c.isTop(a) {
			out = append(out, a.Ref)
		}
	}
	return out
}

func (c *checker) isTop(a *Activity) bool {
	return c.bia.Settings.IsTop(a)
}

// keyPeople reports each step of a playbook for a top-priority activity
// that only one person can do: the role's primary, with no alternate or
// with themselves as alternate. Unassigned roles are reported by roles.
func (c *checker) keyPeople(ref string, p *Playbook) {
	top := c.topPriority(p)
	if len(top) == 0 {
		return
	}
	for i, ph := range p.Phases {
		for j := range ph.Steps {
			s := &ph.Steps[j]
			r := p.Role(s.Who)
			if r == nil || r.Primary == "" || r.HasAlternate() {
				continue
			}
			c.add(risk.SeverityError, "key-person", ref, fmt.Sprintf("phases[%d].steps[%d].who", i, j),
				risk.T("rules.bcp.key_person", risk.Args{"Person": r.Primary, "Step": stepName(ph.Phase, j, s), "Role": r.Name, "Activities": strings.Join(top, ", ")})).
				Because(risk.T("rules.bcp.key_person.cause", risk.Args{"Person": r.Primary, "Role": r.Name}))
		}
	}
}

// exercised warns when a playbook was never exercised, or not within
// PlaybookExerciseAge months of today.
func (c *checker) exercised(ref string, p *Playbook) {
	switch {
	case p.LastExercised.IsZero():
		c.add(risk.SeverityWarning, "playbook-not-exercised", ref, "last_exercised",
			risk.T("rules.bcp.playbook_never_exercised"))
	case !c.today.IsZero() && p.LastExercised.AddMonths(PlaybookExerciseAge).Before(c.today):
		c.add(risk.SeverityWarning, "playbook-not-exercised", ref, "last_exercised",
			risk.N("rules.bcp.playbook_exercise_stale", PlaybookExerciseAge, risk.Args{"Date": p.LastExercised}))
	}
}

// coverage warns about top-priority activities no playbook restores.
func (c *checker) coverage(pbs []Playbook) {
	for i := range c.bia.Activities {
		a := &c.bia.Activities[i]
		if !c.isTop(a) || a.Ref == "" {
			continue
		}
		covered := slices.ContainsFunc(pbs, func(p Playbook) bool { return p.Covers(a.Ref) })
		if !covered {
			c.add(risk.SeverityWarning, "activity-without-playbook", a.Ref, "",
				risk.T("rules.bcp.activity_without_playbook", risk.Args{"Ref": a.Ref, "Name": a.Name}))
		}
	}
}
