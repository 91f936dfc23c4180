package bcp

import (
	"slices"
	"strings"
	"testing"
	"time"

	"riskbook/risk"
)

// validPlaybooks returns playbooks that break no rule on checkToday against
// validBIA: PB-01 restores the top-priority ACT-01 and ACT-02 with an
// incident lead (Ana, alternate Bo) and a technical lead (Carla, alternate
// Dan); PB-02 covers the newsletter ACT-03, with one role.
func validPlaybooks(t *testing.T) []Playbook {
	t.Helper()
	exercised := risk.Date{Year: 2025, Month: time.June, Day: 15}
	comms := func() []Communication {
		return []Communication{
			{Audience: AudienceInternal, Channel: "Phone bridge", OutOfBand: "Signal group"},
			{Audience: AudienceRegistrars, Channel: "Registrar mailing list", Statement: "We are aware of a disruption.", ApprovedBy: "Board"},
			{Audience: AudiencePublic, Channel: "Website banner", Statement: "Some domains may not resolve.", ApprovedBy: "Board"},
		}
	}
	return []Playbook{
		{
			Ref: "PB-01", Title: "DDoS on the name servers", Scenario: "Name servers saturated.",
			Activities: []string{"ACT-01", "ACT-02"}, Resources: []string{"RES-10"},
			ActivationCriteria: "Resolution fails from two monitoring points for 15 minutes.",
			MayDeclare:         []string{"Incident lead"},
			Roles: []Role{
				{Name: "Incident lead", Primary: "Ana", Alternate: "Bo"},
				{Name: "Technical lead", Primary: "Carla", Alternate: "Dan"},
			},
			Phases: []PhaseSteps{
				{Phase: PhaseDetect, Steps: []Step{{What: "Confirm the outage", Who: "Technical lead", When: Duration(5 * time.Minute)}}},
				{Phase: PhaseActivate, Steps: []Step{{What: "Declare the incident", Who: "Incident lead", When: Duration(10 * time.Minute)}}},
				{Phase: PhaseContain, Steps: []Step{{What: "Call the anycast provider's NOC", Who: "Technical lead", When: Duration(30 * time.Minute),
					Checklist: []string{"Ticket number noted", "Scrubbing enabled"}}}},
				{Phase: PhaseRecover, Steps: []Step{{What: "Confirm resolution from all nodes", Who: "technical lead", When: Duration(45 * time.Minute),
					Restores: []string{"ACT-01", "ACT-02"}}}},
				{Phase: PhaseReturn, Steps: []Step{{What: "Stand down", Who: "Incident lead"}}},
				{Phase: PhaseReview, Steps: []Step{{What: "Write the incident report", Who: "Incident lead", When: Duration(Week)}}},
			},
			Communications: comms(),
			OutOfBand:      []string{"Satellite phone +881 000"},
			Version:        "1.0", Owner: "Ana", LastExercised: exercised,
		},
		{
			Ref: "PB-02", Title: "Newsletter platform lost", Activities: []string{"ACT-03"},
			ActivationCriteria: "The newsletter cannot be sent.",
			MayDeclare:         []string{"Editor"},
			Roles:              []Role{{Name: "Editor", Primary: "Carla", Alternate: "Ana"}},
			Phases:             []PhaseSteps{{Phase: PhaseRecover, Steps: []Step{{What: "Send from the backup tool", Who: "Editor", When: Hours(24), Restores: []string{"ACT-03"}}}}},
			Communications:     comms(),
			Owner:              "Carla", LastExercised: exercised,
		},
	}
}

// pb returns the playbook of pbs with the reference, failing t when there
// is none.
func pb(t *testing.T, pbs []Playbook, ref string) *Playbook {
	t.Helper()
	for i := range pbs {
		if pbs[i].Ref == ref {
			return &pbs[i]
		}
	}
	t.Fatalf("no playbook %s in the test playbooks", ref)
	return nil
}

func TestCheckPlaybooksValid(t *testing.T) {
	for _, today := range []risk.Date{checkToday(), {}} {
		t.Run("Today"+today.String(), func(t *testing.T) {
			b := validBIA(t)
			assertFindings(t, CheckPlaybooks(validPlaybooks(t), &b, today), nil)
		})
	}
}

func TestCheckPlaybooks(t *testing.T) {
	tests := []struct {
		name   string
		modify func(t *testing.T, pbs []Playbook, b *BIA) []Playbook
		want   []want
		msgs   []string
	}{
		// Identity.
		{name: "ReferenceMissing", modify: func(t *testing.T, pbs []Playbook, b *BIA) []Playbook {
			pb(t, pbs, "PB-02").Ref = ""
			return pbs
		}, want: []want{blk("(no reference)", "playbook-reference-missing", "ref")},
			msgs: []string{"the playbook has no reference; give it one such as PB-01"}},
		{name: "TitleMissing", modify: func(t *testing.T, pbs []Playbook, b *BIA) []Playbook {
			pb(t, pbs, "PB-02").Title = ""
			return pbs
		}, want: []want{blk("PB-02", "playbook-title-missing", "title")}},
		{name: "ReferenceDuplicate", modify: func(t *testing.T, pbs []Playbook, b *BIA) []Playbook {
			pb(t, pbs, "PB-02").Ref = "pb-01"
			return pbs
		}, want: []want{blk("PB-01", "playbook-reference-duplicate", "ref")},
			msgs: []string{"2 playbooks share this reference"}},
		{name: "OwnerMissing", modify: func(t *testing.T, pbs []Playbook, b *BIA) []Playbook {
			pb(t, pbs, "PB-02").Owner = ""
			return pbs
		}, want: []want{warn("PB-02", "playbook-owner-missing", "owner")}},
		{name: "ActivationCriteriaMissing", modify: func(t *testing.T, pbs []Playbook, b *BIA) []Playbook {
			pb(t, pbs, "PB-02").ActivationCriteria = " \n"
			return pbs
		}, want: []want{warn("PB-02", "activation-criteria-missing", "activation_criteria")}},

		// Who may declare.
		{name: "DeclarerMissing", modify: func(t *testing.T, pbs []Playbook, b *BIA) []Playbook {
			pb(t, pbs, "PB-02").MayDeclare = nil
			return pbs
		}, want: []want{warn("PB-02", "declarer-missing", "may_declare")}},
		{name: "DeclarerUnknown", modify: func(t *testing.T, pbs []Playbook, b *BIA) []Playbook {
			pb(t, pbs, "PB-01").MayDeclare = []string{"Incident lead", "CEO"}
			return pbs
		}, want: []want{blk("PB-01", "declarer-unknown", "may_declare")},
			msgs: []string{"CEO may declare the playbook, but it is not one of its roles"}},
		{name: "DeclarerOtherCase", modify: func(t *testing.T, pbs []Playbook, b *BIA) []Playbook {
			pb(t, pbs, "PB-01").MayDeclare = []string{"INCIDENT LEAD"}
			return pbs
		}},

		// Roles.
		{name: "RoleNameMissing", modify: func(t *testing.T, pbs []Playbook, b *BIA) []Playbook {
			p := pb(t, pbs, "PB-02")
			p.Roles = append(p.Roles, Role{Primary: "Bo", Alternate: "Dan"})
			return pbs
		}, want: []want{blk("PB-02", "role-name-missing", "roles[1].name")},
			msgs: []string{"role 2 has no name"}},
		{name: "RoleNameDuplicate", modify: func(t *testing.T, pbs []Playbook, b *BIA) []Playbook {
			p := pb(t, pbs, "PB-02")
			p.Roles = append(p.Roles, Role{Name: "editor", Primary: "Bo", Alternate: "Dan"})
			return pbs
		}, want: []want{blk("PB-02", "role-name-duplicate", "roles[1].name")}},
		{name: "RoleUnassigned", modify: func(t *testing.T, pbs []Playbook, b *BIA) []Playbook {
			pb(t, pbs, "PB-01").Roles[1] = Role{Name: "Technical lead"}
			return pbs
		}, want: []want{warn("PB-01", "role-unassigned", "roles[1].primary")},
			msgs: []string{"nobody is assigned to the role Technical lead"}},
		{name: "RoleUnassignedWithAlternate", modify: func(t *testing.T, pbs []Playbook, b *BIA) []Playbook {
			pb(t, pbs, "PB-02").Roles[0].Primary = ""
			return pbs
		}, want: []want{warn("PB-02", "role-unassigned", "roles[0].primary")}},
		{name: "RoleAlternateMissing", modify: func(t *testing.T, pbs []Playbook, b *BIA) []Playbook {
			pb(t, pbs, "PB-02").Roles[0].Alternate = ""
			return pbs
		}, want: []want{errf("PB-02", "role-alternate-missing", "roles[0].alternate")},
			msgs: []string{"the role Editor has no alternate; name and train someone to stand in for Carla"}},
		{name: "RoleAlternateSamePerson", modify: func(t *testing.T, pbs []Playbook, b *BIA) []Playbook {
			pb(t, pbs, "PB-02").Roles[0].Alternate = " carla "
			return pbs
		}, want: []want{errf("PB-02", "role-alternate-same-person", "roles[0].alternate")},
			msgs: []string{"the primary again"}},
		{name: "AlternateInAnotherRoleIsFine", modify: func(t *testing.T, pbs []Playbook, b *BIA) []Playbook {
			// Carla is primary technical lead and Ana's alternate: a
			// different person stands in for each role.
			pb(t, pbs, "PB-01").Roles[0].Alternate = "Carla"
			return pbs
		}},

		// Phases and steps.
		{name: "PhaseUnknown", modify: func(t *testing.T, pbs []Playbook, b *BIA) []Playbook {
			pb(t, pbs, "PB-02").Phases[0].Phase = "restore"
			return pbs
		}, want: []want{blk("PB-02", "phase-unknown", "phases[0].phase")},
			msgs: []string{`phase "restore" is not one of detect, activate, contain, recover, return, review`}},
		{name: "PhaseEmpty", modify: func(t *testing.T, pbs []Playbook, b *BIA) []Playbook {
			pb(t, pbs, "PB-02").Phases[0].Phase = ""
			return pbs
		}, want: []want{blk("PB-02", "phase-unknown", "phases[0].phase")}},
		{name: "PhaseDuplicate", modify: func(t *testing.T, pbs []Playbook, b *BIA) []Playbook {
			p := pb(t, pbs, "PB-01")
			p.Phases = append(p.Phases, PhaseSteps{Phase: PhaseDetect, Steps: []Step{{What: "Check again", Who: "Technical lead"}}})
			return pbs
		}, want: []want{blk("PB-01", "phase-duplicate", "phases[6].phase")},
			msgs: []string{"the phase Detect and assess appears twice"}},
		{name: "PhasesOutOfOrderAreFine", modify: func(t *testing.T, pbs []Playbook, b *BIA) []Playbook {
			p := pb(t, pbs, "PB-01")
			p.Phases[0], p.Phases[5] = p.Phases[5], p.Phases[0]
			return pbs
		}},
		{name: "StepWhatMissing", modify: func(t *testing.T, pbs []Playbook, b *BIA) []Playbook {
			pb(t, pbs, "PB-01").Phases[3].Steps[0].What = ""
			return pbs
		}, want: []want{blk("PB-01", "step-what-missing", "phases[3].steps[0].what")},
			msgs: []string{"step 1 of Recover does not say what to do"}},
		{name: "StepRoleMissing", modify: func(t *testing.T, pbs []Playbook, b *BIA) []Playbook {
			pb(t, pbs, "PB-01").Phases[2].Steps[0].Who = ""
			return pbs
		}, want: []want{blk("PB-01", "step-role-missing", "phases[2].steps[0].who")},
			msgs: []string{"step 1 of Contain and continue (Call the anycast provider's NOC) does not say which role does it"}},
		{name: "StepRoleUnknown", modify: func(t *testing.T, pbs []Playbook, b *BIA) []Playbook {
			p := pb(t, pbs, "PB-01")
			p.Phases[2].Steps = append(p.Phases[2].Steps, Step{What: "Tell the press", Who: "Press officer"})
			return pbs
		}, want: []want{blk("PB-01", "step-role-unknown", "phases[2].steps[1].who")},
			msgs: []string{"step 2 of Contain and continue (Tell the press) is for Press officer, which is not one of the playbook's roles"}},
		{name: "StepRoleIsAPersonNotARole", modify: func(t *testing.T, pbs []Playbook, b *BIA) []Playbook {
			pb(t, pbs, "PB-02").Phases[0].Steps[0].Who = "Carla"
			return pbs
		}, want: []want{blk("PB-02", "step-role-unknown", "phases[0].steps[0].who")}},
		{name: "StepsMissing", modify: func(t *testing.T, pbs []Playbook, b *BIA) []Playbook {
			pb(t, pbs, "PB-02").Phases = []PhaseSteps{{Phase: PhaseRecover}}
			return pbs
		}, want: []want{warn("PB-02", "playbook-steps-missing", "phases")}},

		// Communications.
		{name: "AudienceUnknown", modify: func(t *testing.T, pbs []Playbook, b *BIA) []Playbook {
			p := pb(t, pbs, "PB-02")
			p.Communications = append(p.Communications, Communication{Audience: "press", Channel: "Email"})
			return pbs
		}, want: []want{blk("PB-02", "audience-unknown", "communications[3].audience")},
			msgs: []string{`audience "press" is not one of internal, registrars, public, regulator, iana, cert`}},
		{name: "StatementMissingForRegistrars", modify: func(t *testing.T, pbs []Playbook, b *BIA) []Playbook {
			pb(t, pbs, "PB-02").Communications[1].Statement = ""
			return pbs
		}, want: []want{warn("PB-02", "statement-missing", "communications")},
			msgs: []string{"there is no pre-approved statement for registrars"}},
		{name: "StatementMissingForPublic", modify: func(t *testing.T, pbs []Playbook, b *BIA) []Playbook {
			p := pb(t, pbs, "PB-02")
			p.Communications = p.Communications[:2]
			return pbs
		}, want: []want{warn("PB-02", "statement-missing", "communications")},
			msgs: []string{"there is no pre-approved statement for registrants and the public"}},
		{name: "StatementsMissing", modify: func(t *testing.T, pbs []Playbook, b *BIA) []Playbook {
			p := pb(t, pbs, "PB-02")
			p.Communications = p.Communications[:1]
			return pbs
		}, want: []want{
			warn("PB-02", "statement-missing", "communications"),
			warn("PB-02", "statement-missing", "communications"),
		}},
		{name: "StatementForOtherAudienceDoesNotCount", modify: func(t *testing.T, pbs []Playbook, b *BIA) []Playbook {
			p := pb(t, pbs, "PB-02")
			p.Communications[1].Audience = AudienceRegulator
			return pbs
		}, want: []want{warn("PB-02", "statement-missing", "communications")},
			msgs: []string{"for registrars"}},
		{name: "StatementNotApproved", modify: func(t *testing.T, pbs []Playbook, b *BIA) []Playbook {
			p := pb(t, pbs, "PB-02")
			p.Communications = append(p.Communications, Communication{Audience: AudienceIANA, Statement: "Please expedite our NS change."})
			return pbs
		}, want: []want{info("PB-02", "statement-not-approved", "communications[3].approved_by")},
			msgs: []string{"the statement for IANA is not approved yet"}},
		{name: "NoOutOfBand", modify: func(t *testing.T, pbs []Playbook, b *BIA) []Playbook {
			p := pb(t, pbs, "PB-01")
			p.OutOfBand, p.Communications[0].OutOfBand = nil, ""
			return pbs
		}, want: []want{warn("PB-01", "no-out-of-band", "out_of_band")},
			msgs: []string{"no out-of-band channel is recorded"}},
		{name: "OutOfBandInPlaybookOnly", modify: func(t *testing.T, pbs []Playbook, b *BIA) []Playbook {
			pb(t, pbs, "PB-01").Communications[0].OutOfBand = ""
			return pbs
		}},

		// The key-person check.
		{name: "KeyPersonNoAlternate", modify: func(t *testing.T, pbs []Playbook, b *BIA) []Playbook {
			pb(t, pbs, "PB-01").Roles[1].Alternate = ""
			return pbs
		}, want: []want{
			errf("PB-01", "role-alternate-missing", "roles[1].alternate"),
			errf("PB-01", "key-person", "phases[0].steps[0].who"),
			errf("PB-01", "key-person", "phases[2].steps[0].who"),
			errf("PB-01", "key-person", "phases[3].steps[0].who"),
		}, msgs: []string{
			"Carla is the only one who can do step 1 of Contain and continue (Call the anycast provider's NOC) as Technical lead, and the playbook restores top-priority ACT-01, ACT-02",
		}},
		{name: "KeyPersonSamePerson", modify: func(t *testing.T, pbs []Playbook, b *BIA) []Playbook {
			pb(t, pbs, "PB-01").Roles[0].Alternate = "ANA"
			return pbs
		}, want: []want{
			errf("PB-01", "role-alternate-same-person", "roles[0].alternate"),
			errf("PB-01", "key-person", "phases[1].steps[0].who"),
			errf("PB-01", "key-person", "phases[4].steps[0].who"),
			errf("PB-01", "key-person", "phases[5].steps[0].who"),
		}, msgs: []string{"Ana is the only one who can do step 1 of Activate (Declare the incident) as Incident lead"}},
		{name: "KeyPersonOnlyTopPriority", modify: func(t *testing.T, pbs []Playbook, b *BIA) []Playbook {
			pb(t, pbs, "PB-02").Roles[0].Alternate = ""
			return pbs
		}, want: []want{errf("PB-02", "role-alternate-missing", "roles[0].alternate")}},
		{name: "KeyPersonTopPriorityRaised", modify: func(t *testing.T, pbs []Playbook, b *BIA) []Playbook {
			b.Settings.TopPriority = 3
			pb(t, pbs, "PB-02").Roles[0].Alternate = ""
			return pbs
		}, want: []want{
			errf("PB-02", "role-alternate-missing", "roles[0].alternate"),
			errf("PB-02", "key-person", "phases[0].steps[0].who"),
		}, msgs: []string{"restores top-priority ACT-03"}},
		{name: "KeyPersonActivityRefOtherCase", modify: func(t *testing.T, pbs []Playbook, b *BIA) []Playbook {
			p := pb(t, pbs, "PB-01")
			p.Activities = []string{"act-01", "act-02"}
			p.Roles[0].Alternate = ""
			return pbs
		}, want: []want{
			errf("PB-01", "role-alternate-missing", "roles[0].alternate"),
			errf("PB-01", "key-person", "phases[1].steps[0].who"),
			errf("PB-01", "key-person", "phases[4].steps[0].who"),
			errf("PB-01", "key-person", "phases[5].steps[0].who"),
		}, msgs: []string{"restores top-priority ACT-01, ACT-02"}},
		{name: "KeyPersonUnassignedRoleIsNotAKeyPerson", modify: func(t *testing.T, pbs []Playbook, b *BIA) []Playbook {
			pb(t, pbs, "PB-01").Roles[1] = Role{Name: "Technical lead"}
			return pbs
		}, want: []want{warn("PB-01", "role-unassigned", "roles[1].primary")}},
		{name: "KeyPersonUnrankedActivity", modify: func(t *testing.T, pbs []Playbook, b *BIA) []Playbook {
			act(t, b, "ACT-01").Priority = 0
			act(t, b, "ACT-02").Priority = 0
			pb(t, pbs, "PB-01").Roles[1].Alternate = ""
			return pbs
		}, want: []want{errf("PB-01", "role-alternate-missing", "roles[1].alternate")}},

		// Coverage of the BIA.
		{name: "ActivityWithoutPlaybook", modify: func(t *testing.T, pbs []Playbook, b *BIA) []Playbook {
			pb(t, pbs, "PB-01").Activities = []string{"ACT-01"}
			return pbs
		}, want: []want{warn("ACT-02", "activity-without-playbook", "")},
			msgs: []string{"top-priority activity ACT-02 (Registry database) is not restored by any playbook"}},
		{name: "NoPlaybooks", modify: func(t *testing.T, pbs []Playbook, b *BIA) []Playbook {
			return nil
		}, want: []want{
			warn("ACT-01", "activity-without-playbook", ""),
			warn("ACT-02", "activity-without-playbook", ""),
		}},
		{name: "LowPriorityActivityNeedsNoPlaybook", modify: func(t *testing.T, pbs []Playbook, b *BIA) []Playbook {
			return pbs[:1]
		}},
		{name: "CoveredInAnotherPlaybook", modify: func(t *testing.T, pbs []Playbook, b *BIA) []Playbook {
			pb(t, pbs, "PB-01").Activities = []string{"ACT-01"}
			pb(t, pbs, "PB-02").Activities = []string{"ACT-02", "ACT-03"}
			pb(t, pbs, "PB-02").Phases[0].Steps[0].When = Duration(50 * time.Minute)
			pb(t, pbs, "PB-02").Phases[0].Steps[0].Restores = []string{"ACT-02", "ACT-03"}
			return pbs
		}},

		// Exercises.
		{name: "NeverExercised", modify: func(t *testing.T, pbs []Playbook, b *BIA) []Playbook {
			pb(t, pbs, "PB-02").LastExercised = risk.Date{}
			return pbs
		}, want: []want{warn("PB-02", "playbook-not-exercised", "last_exercised")},
			msgs: []string{"the playbook has never been exercised"}},
		{name: "ExercisedTwelveMonthsAgo", modify: func(t *testing.T, pbs []Playbook, b *BIA) []Playbook {
			pb(t, pbs, "PB-02").LastExercised = risk.Date{Year: 2025, Month: time.March, Day: 1}
			return pbs
		}},
		{name: "ExercisedMoreThanTwelveMonthsAgo", modify: func(t *testing.T, pbs []Playbook, b *BIA) []Playbook {
			pb(t, pbs, "PB-02").LastExercised = risk.Date{Year: 2025, Month: time.February, Day: 28}
			return pbs
		}, want: []want{warn("PB-02", "playbook-not-exercised", "last_exercised")},
			msgs: []string{"the playbook was last exercised on 2025-02-28, more than 12 months ago"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := validBIA(t)
			pbs := tt.modify(t, validPlaybooks(t), &b)
			assertFindings(t, CheckPlaybooks(pbs, &b, checkToday()), tt.want, tt.msgs...)
		})
	}
}

func TestCheckPlaybooksWithoutToday(t *testing.T) {
	tests := []struct {
		name      string
		exercised risk.Date
		want      []want
	}{
		{name: "LongAgo", exercised: risk.Date{Year: 2019, Month: time.January, Day: 1}},
		{name: "Never", want: []want{warn("PB-02", "playbook-not-exercised", "last_exercised")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := validBIA(t)
			pbs := validPlaybooks(t)
			pb(t, pbs, "PB-02").LastExercised = tt.exercised
			assertFindings(t, CheckPlaybooks(pbs, &b, risk.Date{}), tt.want)
		})
	}
}

func TestCheckPlaybooksWithoutBIA(t *testing.T) {
	pbs := validPlaybooks(t)
	pb(t, pbs, "PB-01").Roles[1].Alternate = ""
	// No BIA, so nothing is top priority: no key person, no coverage.
	assertFindings(t, CheckPlaybooks(pbs, nil, checkToday()),
		[]want{errf("PB-01", "role-alternate-missing", "roles[1].alternate")})
}

func TestCheckPlaybooksSorted(t *testing.T) {
	b := validBIA(t)
	pbs := validPlaybooks(t)
	pb(t, pbs, "PB-01").Activities = []string{"ACT-01"}
	p := pb(t, pbs, "PB-02")
	p.Title, p.Owner, p.Roles[0].Alternate = "", "", ""
	var got []string
	for _, f := range CheckPlaybooks(pbs, &b, checkToday()) {
		got = append(got, f.Severity.String()+" "+f.Ref+" "+f.Rule)
	}
	want := []string{
		"error PB-02 role-alternate-missing",
		"error PB-02 playbook-title-missing",
		"warning ACT-02 activity-without-playbook",
		"warning PB-02 playbook-owner-missing",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got findings in order\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// templatePlaybook is a playbook as a template ships it: complete, but with
// nobody assigned, no owner and never exercised.
func templatePlaybook() Playbook {
	return Playbook{
		Ref: "PB-01", Title: "Registry database loss", ActivationCriteria: "The database cannot be read.",
		MayDeclare: []string{"Incident lead"},
		Roles:      []Role{{Name: "Incident lead"}, {Name: "Technical lead"}},
		Phases: []PhaseSteps{{Phase: PhaseRecover, Steps: []Step{
			{What: "Restore the latest backup", Who: "Technical lead", When: Hours(2), Restores: []string{"ACT-01", "ACT-02"}},
			{What: "Tell registrars", Who: "Incident lead"},
		}}},
		Communications: []Communication{
			{Audience: AudienceRegistrars, Statement: "Registrations are paused."},
			{Audience: AudiencePublic, Statement: "Existing domains keep working."},
		},
		OutOfBand: []string{"SMS"},
	}
}

func TestValidatePlaybook(t *testing.T) {
	tests := []struct {
		name   string
		modify func(p *Playbook)
		msg    string // "" for nil
	}{
		{name: "Template", modify: func(p *Playbook) {}},
		{name: "OnlyWarnings", modify: func(p *Playbook) {
			p.Communications, p.OutOfBand, p.MayDeclare, p.ActivationCriteria = nil, nil, nil, ""
		}},
		{name: "NonBlockingErrors", modify: func(p *Playbook) {
			p.Roles[1].Primary = "Carla" // no alternate, and a key person if the BIA said so
		}},
		{name: "ReferenceMissing", modify: func(p *Playbook) { p.Ref = "" },
			msg: "The playbook has no reference; give it one such as PB-01"},
		{name: "TitleMissing", modify: func(p *Playbook) { p.Title = "" },
			msg: "PB-01: the playbook has no title"},
		{name: "FirstBlockingWins", modify: func(p *Playbook) { p.Title, p.Phases[0].Phase = "", "later" },
			msg: "PB-01: the playbook has no title"},
		{name: "PhaseUnknown", modify: func(p *Playbook) { p.Phases[0].Phase = "Recover" },
			msg: `PB-01: phase "Recover" is not one of`},
		{name: "PhaseDuplicate", modify: func(p *Playbook) { p.Phases = append(p.Phases, PhaseSteps{Phase: PhaseRecover}) },
			msg: "PB-01: the phase Recover appears twice"},
		{name: "StepRoleUnknown", modify: func(p *Playbook) { p.Phases[0].Steps[1].Who = "Communications" },
			msg: "PB-01: step 2 of Recover (Tell registrars) is for Communications, which is not one of the playbook's roles"},
		{name: "DeclarerUnknown", modify: func(p *Playbook) { p.MayDeclare = []string{"Board"} },
			msg: "PB-01: Board may declare the playbook"},
		{name: "AudienceUnknown", modify: func(p *Playbook) { p.Communications[0].Audience = "Registrars" },
			msg: `PB-01: audience "Registrars" is not one of`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := templatePlaybook()
			tt.modify(&p)
			err := ValidatePlaybook(&p)
			checkErr(t, err, tt.msg)
			if tt.msg != "" && !strings.HasPrefix(risk.ErrorMessage(err), tt.msg) {
				t.Errorf("got message %q, want it to start with %q", risk.ErrorMessage(err), tt.msg)
			}
		})
	}
}

func TestCheckTemplatePlaybook(t *testing.T) {
	b := validBIA(t)
	p := templatePlaybook()
	p.Activities = []string{"ACT-01", "ACT-02"}
	// A template's findings are what a team fills in after copying it.
	assertFindings(t, CheckPlaybooks([]Playbook{p}, &b, checkToday()), []want{
		warn("PB-01", "role-unassigned", "roles[0].primary"),
		warn("PB-01", "role-unassigned", "roles[1].primary"),
		warn("PB-01", "playbook-owner-missing", "owner"),
		warn("PB-01", "playbook-not-exercised", "last_exercised"),
		info("PB-01", "statement-not-approved", "communications[0].approved_by"),
		info("PB-01", "statement-not-approved", "communications[1].approved_by"),
		// The template's 2 h restore against the test BIA's 1 h RTOs.
		errf("PB-01", "plan-misses-rto", "phases[0].steps[0].when"),
		errf("PB-01", "plan-misses-rto", "phases[0].steps[0].when"),
	})
}

func TestCheckPlaybookTiming(t *testing.T) {
	tests := []struct {
		name   string
		modify func(t *testing.T, pbs []Playbook, b *BIA)
		want   []want
		msgs   []string
	}{
		{name: "WithinRTO", modify: func(*testing.T, []Playbook, *BIA) {}},
		{name: "RestoringStepAfterRTO", modify: func(t *testing.T, pbs []Playbook, b *BIA) {
			pb(t, pbs, "PB-01").Phases[3].Steps[0].When = Hours(6)
		}, want: []want{
			errf("PB-01", "plan-misses-rto", "phases[3].steps[0].when"),
			errf("PB-01", "plan-misses-rto", "phases[3].steps[0].when"),
		}, msgs: []string{"the steps bring ACT-02 (Registry database) back only at 6 h (step 1 of Recover (Confirm resolution from all nodes)), after its RTO of 1 h"}},
		{name: "EarlierStepRestores", modify: func(t *testing.T, pbs []Playbook, b *BIA) {
			p := pb(t, pbs, "PB-01")
			p.Phases[3].Steps[0].When, p.Phases[3].Steps[0].Restores = Hours(6), []string{"ACT-02"}
			p.Phases[2].Steps[0].Restores = []string{"ACT-01"} // contain, 30 min
		}, want: []want{errf("PB-01", "plan-misses-rto", "phases[3].steps[0].when")}},
		{name: "LaterStepsDoNotCount", modify: func(t *testing.T, pbs []Playbook, b *BIA) {
			p := pb(t, pbs, "PB-01")
			p.Phases[4].Steps[0].When = Hours(48)
			p.Phases[5].Steps[0].When = Duration(Month)
		}},
		{name: "RestoringStepUntimed", modify: func(t *testing.T, pbs []Playbook, b *BIA) {
			pb(t, pbs, "PB-02").Phases[0].Steps[0].When = 0
		}, want: []want{warn("PB-02", "plan-timing-missing", "phases[0].steps[0].when")}},
		{name: "NoStepRestores", modify: func(t *testing.T, pbs []Playbook, b *BIA) {
			pb(t, pbs, "PB-01").Phases[3].Steps[0].Restores = nil
		}, want: []want{info("PB-01", "plan-restore-unmarked", "phases")},
			msgs: []string{"no step says when ACT-01 and ACT-02 are back"}},
		{name: "ActivityWithoutRTOIsNotJudged", modify: func(t *testing.T, pbs []Playbook, b *BIA) {
			pb(t, pbs, "PB-02").Phases[0].Steps[0].When = 0
			act(t, b, "ACT-03").RTO = 0
		}, want: []want{warn("ACT-03", "rto-missing", "rto")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := validBIA(t)
			pbs := validPlaybooks(t)
			tt.modify(t, pbs, &b)
			var fs []risk.Finding
			for _, f := range append(CheckPlaybooks(pbs, &b, checkToday()), Check(&b, checkToday())...) {
				if f.Rule != "upstream-recovers-later" {
					fs = append(fs, f)
				}
			}
			assertFindings(t, fs, tt.want, tt.msgs...)
		})
	}
}

func TestPlanTiming(t *testing.T) {
	b := validBIA(t)
	p := pb(t, validPlaybooks(t), "PB-01")
	got := PlanTiming(p, &b)
	if len(got) != 2 || got[0].Activity.Ref != "ACT-01" || got[1].Activity.Ref != "ACT-02" {
		t.Fatalf("timing rows: %+v", got)
	}
	if got[0].Recovery != Duration(45*time.Minute) || got[0].At != (StepAt{3, 0}) || !got[0].Marked {
		t.Errorf("recovery %s at %+v, want 45 min at the Recover step", got[0].Recovery, got[0].At)
	}
	if meets, judged := got[0].Meets(); !meets || !judged {
		t.Errorf("meets %v judged %v, want a plan meeting its 1 h RTO", meets, judged)
	}
	p.Phases[3].Steps[0].Restores = nil
	if meets, judged := PlanTiming(p, &b)[0].Meets(); meets || judged {
		t.Errorf("no step restoring it: meets %v judged %v, want neither", meets, judged)
	}
	if PlanTiming(p, nil) != nil {
		t.Error("timing without a BIA")
	}
}

func TestPlaybookStepRestores(t *testing.T) {
	p := pb(t, validPlaybooks(t), "PB-01")
	p.Phases[3].Steps[0].Restores = []string{" act-02", "ACT-09", "ACT-01", "ACT-01"}
	p.Normalize()
	if got := p.Phases[3].Steps[0].Restores; len(got) != 2 || got[0] != "ACT-01" || got[1] != "act-02" {
		t.Errorf("restores after Normalize: %v, want the playbook's activities only, sorted", got)
	}
	if !p.RenameRef(RefActivity, "ACT-01", "ACT-11") || p.Phases[3].Steps[0].Restores[0] != "ACT-11" {
		t.Errorf("rename: %v", p.Phases[3].Steps[0].Restores)
	}
	c := p.Clone()
	c.Phases[3].Steps[0].Restores[0] = "X"
	if p.Phases[3].Steps[0].Restores[0] == "X" {
		t.Error("Clone shares the restores")
	}
}

func TestCheckFutureApprovals(t *testing.T) {
	later := risk.Date{Year: 2026, Month: time.September, Day: 1}
	b := validBIA(t)
	pbs := validPlaybooks(t)
	pb(t, pbs, "PB-01").Approved = later
	pb(t, pbs, "PB-02").LastExercised = later
	act(t, &b, "ACT-01").Approved = later
	res(t, &b, "RES-40").CapacityConfirmed = later
	var got []risk.Finding
	for _, f := range append(CheckPlaybooks(pbs, &b, checkToday()), Check(&b, checkToday())...) {
		if f.Guard {
			got = append(got, f)
		}
	}
	assertFindings(t, got, []want{
		grd("PB-01", "playbook-approved-in-future", "approved"),
		grd("PB-02", "playbook-exercised-in-future", "last_exercised"),
		grd("ACT-01", "activity-approved-in-future", "approved"),
		grd("RES-40", "capacity-confirmed-in-future", "capacity_confirmed"),
	}, "the playbook's approval is dated 2026-09-01, which has not come yet")
	if fs := CheckPlaybooks(pbs, &b, risk.Date{}); slices.ContainsFunc(fs, func(f risk.Finding) bool { return f.Guard }) {
		t.Errorf("dates in the future judged without a today: %v", fs)
	}
}
