package bcp

import (
	"strings"
	"testing"
	"time"

	"riskbook/risk"
)

func TestRefs(t *testing.T) {
	var none *Refs
	if !none.Has(RefRisk, "R-404") {
		t.Error("a nil index judged a reference")
	}
	r := NewRefs()
	if !r.Has(RefRisk, "R-404") {
		t.Error("a kind not indexed judged a reference")
	}
	r.Judge(RefRisk)
	if r.Has(RefRisk, "R-404") {
		t.Error("a judged kind with no record found R-404")
	}
	r.Add(RefRisk, " r-001 ")
	if !r.Has(RefRisk, "R-001") {
		t.Error("R-001 not found without regard to case and spaces")
	}
}

// brokenWorkspace is a workspace whose records name records that do not
// exist: what a deletion, or a hand-edited dump, leaves behind.
func brokenWorkspace(t *testing.T) *Workspace {
	t.Helper()
	b := validBIA(t)
	ex := validExercise()
	ex.Playbooks = []string{"PB-01", "PB-99"}
	ex.Results = append(ex.Results, Result{Activity: "ACT-77"}, Result{Activity: "RES-404"})
	ex.Findings[0].Risk = "R-999"
	acv := NewActivation(pb(t, validPlaybooks(t), "PB-01"), "Resolution fails", "Ana", declaredAt)
	acv.Ref, acv.Playbook = "ACV-01", "PB-07"
	return &Workspace{
		Register:    &risk.Register{Criteria: risk.DefaultCriteria(), Risks: []risk.Risk{{Ref: "R-001", Title: "Outage"}}},
		BIA:         &b,
		Playbooks:   validPlaybooks(t),
		Exercises:   []Exercise{ex},
		Activations: []Activation{acv},
		Contacts:    []Contact{{Ref: "C-01", Name: "Ana", Resources: []string{"RES-01", "RES-404"}}},
	}
}

func TestWorkspaceCheckReportsDanglingReferences(t *testing.T) {
	w := brokenWorkspace(t)
	fs := w.Check(time.Date(2026, time.December, 1, 12, 0, 0, 0, time.UTC))
	for _, tc := range []struct{ ref, rule, field, msg string }{
		{"EX-01", "exercise-playbook-unknown", "playbooks[1]", "playbook PB-99 does not exist"},
		{"EX-01", "result-activity-unknown", "results[1].activity", "result 2 is for ACT-77"},
		{"EX-01", "result-activity-unknown", "results[2].activity", "result 3 is for RES-404"},
		{"EX-01", "finding-risk-unknown", "findings[0].risk", "F1 names risk R-999"},
		{"ACV-01", "activation-playbook-unknown", "playbook", "playbook PB-07, which no longer exists"},
		{"C-01", "contact-resource-unknown", "resources[1]", "resource RES-404"},
	} {
		found := false
		for _, f := range fs {
			if f.Ref == tc.ref && f.Rule == tc.rule && f.Field == tc.field && strings.Contains(f.Message, tc.msg) {
				found = true
			}
		}
		if !found {
			t.Errorf("check does not report %s %s %s (%q)", tc.ref, tc.rule, tc.field, tc.msg)
		}
	}
}

func TestRenameRef(t *testing.T) {
	ex := validExercise()
	ex.Findings[0].Risk = "R-001"
	for _, tc := range []struct {
		kind     RefKind
		old, new string
	}{{RefPlaybook, "pb-01", "PB-10"}, {RefActivity, "ACT-01", "ACT-11"}, {RefRisk, "R-001", "R-100"}} {
		if !ex.RenameRef(tc.kind, tc.old, tc.new) {
			t.Errorf("renaming %s %s changed nothing", tc.kind, tc.old)
		}
	}
	if ex.Playbooks[0] != "PB-10" || ex.Results[0].Activity != "ACT-11" || ex.Findings[0].Risk != "R-100" {
		t.Errorf("after renames: %v %v %v", ex.Playbooks, ex.Results[0].Activity, ex.Findings[0].Risk)
	}
	if ex.RenameRef(RefContact, "C-01", "C-02") {
		t.Error("an exercise names no contact")
	}
	c := Contact{Resources: []string{"RES-01"}}
	if !c.RenameRef(RefResource, "RES-01", "RES-09") || c.Resources[0] != "RES-09" {
		t.Errorf("contact resources after rename: %v", c.Resources)
	}
	a := Activation{Playbook: "PB-01"}
	if !a.RenameRef(RefPlaybook, "PB-01", "PB-10") || a.Playbook != "PB-10" {
		t.Errorf("activation playbook after rename: %s", a.Playbook)
	}
}

func TestAdmitExercise(t *testing.T) {
	refs := (&Workspace{Register: &risk.Register{Risks: []risk.Risk{{Ref: "R-001"}}}, Playbooks: []Playbook{{Ref: "PB-01"}},
		BIA: &BIA{Activities: []Activity{{Ref: "ACT-01"}}}}).Refs()
	today := checkToday()
	dangling := func(ex *Exercise) { ex.Playbooks = []string{"PB-99"} }
	tests := []struct {
		name          string
		before, after func(*Exercise) // before nil: a new exercise
		want          string
	}{
		{name: "New", after: func(*Exercise) {}},
		{name: "NewNamingAMissingPlaybook", after: dangling, want: "EX-01: playbook PB-99 does not exist"},
		{name: "NewWithAReportBeforeTheExercise", after: func(ex *Exercise) { ex.ReportDate = risk.Date{Year: 2025, Month: time.May, Day: 1} },
			want: "before the exercise"},
		{name: "KeepsADanglingReferenceItHad", before: dangling, after: func(ex *Exercise) { dangling(ex); ex.Title = "Renamed" }},
		{name: "BringsInADanglingReference", before: func(*Exercise) {}, after: dangling, want: "PB-99"},
		{name: "RaisesAMissingRisk", before: func(*Exercise) {}, after: func(ex *Exercise) { ex.Findings[0].Risk = "R-999" }, want: "R-999"},
		{name: "BlockingRefusedAlways", before: func(ex *Exercise) { ex.Type = "drill" }, after: func(ex *Exercise) { ex.Type = "drill" },
			want: "exercise type"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			after := validExercise()
			tt.after(&after)
			var before *Exercise
			if tt.before != nil {
				b := validExercise()
				tt.before(&b)
				before = &b
			}
			err := AdmitExercise(before, &after, refs, today)
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("got %v, want the save admitted", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Errorf("got %v, want a refusal containing %q", err, tt.want)
			}
		})
	}
}

func TestAdmitOthers(t *testing.T) {
	today := checkToday()
	b := validBIA(t)
	later := risk.Date{Year: 2026, Month: time.September, Day: 1}
	p := pb(t, validPlaybooks(t), "PB-01")
	future := p.Clone()
	future.Approved = later
	if err := AdmitPlaybook(nil, p, today); err != nil {
		t.Errorf("valid playbook refused: %v", err)
	}
	if err := AdmitPlaybook(p, &future, today); err == nil || !strings.Contains(err.Error(), "2026-09-01") {
		t.Errorf("playbook approved in the future: got %v", err)
	}
	if err := AdmitPlaybook(&future, &future, today); err != nil {
		t.Errorf("playbook keeping its date refused: %v", err)
	}
	a := *act(t, &b, "ACT-01")
	a2 := a
	a2.Approved = later
	if err := AdmitActivity(&a, &a2, &b, today); err == nil {
		t.Error("activity approved in the future admitted")
	}
	r := *res(t, &b, "RES-40")
	r2 := r
	r2.CapacityConfirmed = later
	if err := AdmitResource(nil, &r2, &b, today); err == nil {
		t.Error("capacity confirmed in the future admitted")
	}
	refs := (&Workspace{BIA: &b}).Refs()
	c := Contact{Ref: "C-01", Name: "Ana", Resources: []string{"RES-404"}}
	if err := AdmitContact(nil, &c, refs); err == nil || !strings.Contains(err.Error(), "RES-404") {
		t.Errorf("contact naming a missing resource: got %v", err)
	}
	if err := AdmitContact(&c, &c, refs); err != nil {
		t.Errorf("contact keeping a dangling resource refused: %v", err)
	}
	acv := NewActivation(p, "Resolution fails", "Ana", declaredAt)
	acv.Ref = "ACV-01"
	now := declaredAt.Add(time.Hour)
	if err := AdmitActivation(nil, &acv, p, now); err != nil {
		t.Errorf("activation refused: %v", err)
	}
	ticked := acv.Clone()
	ticked.Tick(0, "Ana", now.Add(2*time.Hour))
	if err := AdmitActivation(&acv, &ticked, p, now); err == nil || !strings.Contains(err.Error(), "has not come yet") {
		t.Errorf("step ticked in the future: got %v", err)
	}
	ticked = acv.Clone()
	ticked.Tick(0, "Ana", now.Add(10*time.Minute))
	if err := AdmitActivation(&acv, &ticked, p, now); err != nil {
		t.Errorf("a step ticked within the clock skew refused: %v", err)
	}
}

func TestCheckActivationsInTheFuture(t *testing.T) {
	p := pb(t, validPlaybooks(t), "PB-01")
	a := NewActivation(p, "Resolution fails", "Ana", declaredAt.Add(48*time.Hour))
	a.Ref = "ACV-01"
	a.AddLog("Ana", "Called the NOC", declaredAt.Add(50*time.Hour))
	a.Tick(0, "Ana", declaredAt.Add(49*time.Hour))
	a.ClosedAt = declaredAt.Add(72 * time.Hour)
	assertFindings(t, CheckActivations([]Activation{a}, declaredAt), []want{
		grd("ACV-01", "activation-declared-in-future", "declared_at"),
		grd("ACV-01", "activation-closed-in-future", "closed_at"),
		grd("ACV-01", "activation-step-in-future", "steps[0].done"),
		grd("ACV-01", "activation-log-in-future", "log[0].at"),
	}, "the playbook is declared at 2026-11-23 14:02 UTC, which has not come yet")
}
