package bcp

import (
	"cmp"
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
			c.block("playbook-reference-duplicate", first[key], "ref", "%d playbooks share this reference; give each its own", n)
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
		ref = "(no reference)"
		c.block("playbook-reference-missing", ref, "ref", "the playbook has no reference; give it one such as PB-01")
	}
	c.recorded(ref, p.recorded()...)
	if p.Title == "" {
		c.block("playbook-title-missing", ref, "title", "the playbook has no title; name the scenario, e.g. DDoS on the name servers")
	}
	if strings.TrimSpace(p.ActivationCriteria) == "" {
		c.add(risk.SeverityWarning, "activation-criteria-missing", ref, "activation_criteria", "no activation criteria are written; say what must happen for the playbook to be declared")
	}
	if p.Owner == "" {
		c.add(risk.SeverityWarning, "playbook-owner-missing", ref, "owner", "no owner is named to keep the playbook up to date")
	}
	c.roles(ref, p)
	c.phases(ref, p)
	c.communications(ref, p)
	c.keyPeople(ref, p)
	c.exercised(ref, p)
	c.timing(ref, p)
	c.future(p.Approved, "playbook-approved-in-future", ref, "approved", "the playbook's approval")
	c.future(p.LastExercised, "playbook-exercised-in-future", ref, "last_exercised", "the playbook's last exercise")
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
				"a step that restores %s (%s) has no target time, so nobody can tell whether the playbook meets its RTO of %s; give it one",
				a.Ref, a.Name, a.RTO)
		default:
			if meets, _ := t.Meets(); !meets {
				s := &p.Phases[t.At.Phase].Steps[t.At.Step]
				c.add(risk.SeverityError, "plan-misses-rto", ref, fmt.Sprintf("phases[%d].steps[%d].when", t.At.Phase, t.At.Step),
					"the steps bring %s (%s) back only at %s (%s), after its RTO of %s; shorten the steps, run them in parallel, or revisit the RTO",
					a.Ref, a.Name, t.Recovery, stepName(p.Phases[t.At.Phase].Phase, t.At.Step, s), a.RTO)
			}
		}
	}
	if len(unmarked) > 0 && p.StepCount() > 0 {
		c.add(risk.SeverityInfo, "plan-restore-unmarked", ref, "phases",
			"no step says when %s %s back; mark the step that restores each, so that its target time is held to the RTO",
			joinAnd(unmarked), map[bool]string{true: "is", false: "are"}[len(unmarked) == 1])
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
			c.block("role-name-missing", ref, field("name"), "role %d has no name; call it what the team calls it, e.g. Incident lead", i+1)
		case names[key]:
			c.block("role-name-duplicate", ref, field("name"), "the role %s appears twice; steps could not say which one they mean", r.Name)
		}
		names[key] = true
		name := cmp.Or(r.Name, fmt.Sprintf("role %d", i+1))
		switch {
		case r.Primary == "":
			c.add(risk.SeverityWarning, "role-unassigned", ref, field("primary"), "nobody is assigned to the role %s; name who does it", name)
		case r.Alternate == "":
			c.add(risk.SeverityError, "role-alternate-missing", ref, field("alternate"), "the role %s has no alternate; name and train someone to stand in for %s", name, r.Primary)
		case samePerson(r.Primary, r.Alternate):
			c.add(risk.SeverityError, "role-alternate-same-person", ref, field("alternate"), "the alternate for the role %s is %s, the primary again; name a different person", name, r.Alternate)
		}
	}
	if len(p.MayDeclare) == 0 {
		c.add(risk.SeverityWarning, "declarer-missing", ref, "may_declare", "nobody is named who may declare the playbook; name the roles that may")
	}
	for _, d := range p.MayDeclare {
		if p.Role(d) == nil {
			c.block("declarer-unknown", ref, "may_declare", "%s may declare the playbook, but it is not one of its roles", d)
		}
	}
}

// stepName names a step for people: step 2 of Recover (Restore the
// database).
func stepName(ph Phase, j int, s *Step) string {
	name := fmt.Sprintf("step %d of %s", j+1, PhaseName(ph))
	if s.What != "" {
		name += " (" + s.What + ")"
	}
	return name
}

// phases checks the phases and their steps.
func (c *checker) phases(ref string, p *Playbook) {
	seen := map[Phase]bool{}
	for i, ph := range p.Phases {
		switch {
		case !slices.Contains(Phases, ph.Phase):
			c.block("phase-unknown", ref, fmt.Sprintf("phases[%d].phase", i), "phase %q is not one of detect, activate, contain, recover, return, review", ph.Phase)
		case seen[ph.Phase]:
			c.block("phase-duplicate", ref, fmt.Sprintf("phases[%d].phase", i), "the phase %s appears twice; put all its steps under one heading", PhaseName(ph.Phase))
		}
		seen[ph.Phase] = true
		for j := range ph.Steps {
			s := &ph.Steps[j]
			field := func(name string) string { return fmt.Sprintf("phases[%d].steps[%d].%s", i, j, name) }
			if s.What == "" {
				c.block("step-what-missing", ref, field("what"), "%s does not say what to do", stepName(ph.Phase, j, s))
			}
			switch {
			case s.Who == "":
				c.block("step-role-missing", ref, field("who"), "%s does not say which role does it", stepName(ph.Phase, j, s))
			case p.Role(s.Who) == nil:
				c.block("step-role-unknown", ref, field("who"), "%s is for %s, which is not one of the playbook's roles", stepName(ph.Phase, j, s), s.Who)
			}
		}
	}
	if p.StepCount() == 0 {
		c.add(risk.SeverityWarning, "playbook-steps-missing", ref, "phases", "the playbook has no steps; write what to do in each phase")
	}
}

// communications checks the audiences, the pre-approved statements for
// the audiences outside the registry, and the out-of-band channels.
func (c *checker) communications(ref string, p *Playbook) {
	outOfBand := len(p.OutOfBand) > 0
	for i, m := range p.Communications {
		if !slices.Contains(Audiences, m.Audience) {
			c.block("audience-unknown", ref, fmt.Sprintf("communications[%d].audience", i), "audience %q is not one of internal, registrars, public, regulator, iana, cert", m.Audience)
		}
		if strings.TrimSpace(m.Statement) != "" && m.ApprovedBy == "" {
			c.add(risk.SeverityInfo, "statement-not-approved", ref, fmt.Sprintf("communications[%d].approved_by", i),
				"the statement for %s is not approved yet; have it approved before it is needed", inSentence(m.Audience))
		}
		outOfBand = outOfBand || m.OutOfBand != ""
	}
	for _, a := range externalAudiences {
		ready := slices.ContainsFunc(p.Communications, func(m Communication) bool {
			return m.Audience == a && strings.TrimSpace(m.Statement) != ""
		})
		if !ready {
			c.add(risk.SeverityWarning, "statement-missing", ref, "communications",
				"there is no pre-approved statement for %s; write it now rather than during the crisis", inSentence(a))
		}
	}
	if !outOfBand {
		c.add(risk.SeverityWarning, "no-out-of-band", ref, "out_of_band",
			"no out-of-band channel is recorded; say how the team and others are reached when the network or email is down")
	}
}

// inSentence names an audience inside a sentence.
func inSentence(a Audience) string {
	if a == AudienceIANA || a == AudienceCERT {
		return AudienceName(a)
	}
	return strings.ToLower(AudienceName(a))
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
				"%s is the only one who can do %s as %s, and the playbook restores top-priority %s; train an alternate for the role",
				r.Primary, stepName(ph.Phase, j, s), r.Name, strings.Join(top, ", ")).Cause =
				fmt.Sprintf("%s is the only one who can act as %s in playbooks that restore top-priority activities; train an alternate for the role", r.Primary, r.Name)
		}
	}
}

// exercised warns when a playbook was never exercised, or not within
// PlaybookExerciseAge months of today.
func (c *checker) exercised(ref string, p *Playbook) {
	switch {
	case p.LastExercised.IsZero():
		c.add(risk.SeverityWarning, "playbook-not-exercised", ref, "last_exercised",
			"the playbook has never been exercised; run a tabletop exercise and record the date")
	case !c.today.IsZero() && p.LastExercised.AddMonths(PlaybookExerciseAge).Before(c.today):
		c.add(risk.SeverityWarning, "playbook-not-exercised", ref, "last_exercised",
			"the playbook was last exercised on %s, more than %d months ago; exercise it again", p.LastExercised, PlaybookExerciseAge)
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
				"top-priority activity %s (%s) is not restored by any playbook; write one or add it to a playbook's activities", a.Ref, a.Name)
		}
	}
}
