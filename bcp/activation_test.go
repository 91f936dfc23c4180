package bcp

import (
	"strings"
	"testing"
	"time"

	"riskbook/risk"
)

var declaredAt = time.Date(2026, time.November, 21, 14, 2, 0, 0, time.UTC)

func TestNewActivationCopiesSteps(t *testing.T) {
	p := pb(t, validPlaybooks(t), "PB-01")
	// Phases out of order in the playbook come out in the team's order.
	p.Phases[0], p.Phases[1] = p.Phases[1], p.Phases[0]
	a := NewActivation(p, "Resolution fails", "Ana", declaredAt)
	if a.Playbook != "PB-01" || a.Trigger != "Resolution fails" || a.DeclaredBy != "Ana" || !a.DeclaredAt.Equal(declaredAt) {
		t.Fatalf("activation: %+v", a)
	}
	if len(a.Steps) != p.StepCount() {
		t.Fatalf("steps: got %d, want %d", len(a.Steps), p.StepCount())
	}
	if s := a.Steps[0]; s.Phase != PhaseDetect || s.Index != 1 || s.What != "Confirm the outage" || s.Who != "Technical lead" {
		t.Errorf("first step: %+v", s)
	}
	if s := a.Steps[1]; s.Phase != PhaseActivate || s.What != "Declare the incident" {
		t.Errorf("second step: %+v", s)
	}
	a.Ref = "ACV-01" // the store gives it one before it validates
	if err := ValidateActivation(&a, p); err != nil {
		t.Errorf("valid activation refused: %v", err)
	}
	a.Tick(0, "Carla", declaredAt.Add(10*time.Minute))
	a.AddLog("Ana", "Called the NOC", declaredAt.Add(12*time.Minute))
	if a.DoneCount() != 1 || len(a.Log) != 1 || !a.Open() {
		t.Errorf("after a tick and a log entry: done %d, log %d, open %v", a.DoneCount(), len(a.Log), a.Open())
	}
	a.Untick(0)
	if a.DoneCount() != 0 || a.Steps[0].By != "" {
		t.Errorf("after untick: %+v", a.Steps[0])
	}
}

func TestDeclarers(t *testing.T) {
	p := pb(t, validPlaybooks(t), "PB-01")
	if got := strings.Join(Declarers(p), ","); got != "Incident lead,Ana,Bo" {
		t.Errorf("declarers: %s", got)
	}
	p.MayDeclare = nil
	if got := strings.Join(Declarers(p), ","); got != "Incident lead,Ana,Bo,Technical lead,Carla,Dan" {
		t.Errorf("declarers when the playbook names none: %s", got)
	}
}

func TestValidateActivation(t *testing.T) {
	p := pb(t, validPlaybooks(t), "PB-01")
	for _, tc := range []struct {
		name  string
		edit  func(a *Activation)
		nilPB bool
		rule  string // a word of the message; "" for valid
	}{
		{name: "Valid"},
		{name: "RoleDeclares", edit: func(a *Activation) { a.DeclaredBy = "incident LEAD" }},
		{name: "AlternateDeclares", edit: func(a *Activation) { a.DeclaredBy = "Bo" }},
		{name: "TriggerMissing", edit: func(a *Activation) { a.Trigger = " " }, rule: "triggered"},
		{name: "DeclarerMissing", edit: func(a *Activation) { a.DeclaredBy = "" }, rule: "who declared"},
		{name: "DeclarerNotAllowed", edit: func(a *Activation) { a.DeclaredBy = "Carla" }, rule: "may not declare"},
		{name: "DeclarerUncheckedWithoutPlaybook", edit: func(a *Activation) { a.DeclaredBy = "Carla" }, nilPB: true},
		{name: "TimeMissing", edit: func(a *Activation) { a.DeclaredAt = time.Time{} }, rule: "when it was declared"},
		{name: "StepBeforeDeclared", edit: func(a *Activation) { a.Tick(2, "Dan", declaredAt.Add(-time.Minute)) }, rule: "before the playbook was declared"},
		{name: "StepAtDeclaration", edit: func(a *Activation) { a.Tick(2, "Dan", declaredAt) }},
		{name: "ClosedBeforeDeclared", edit: func(a *Activation) { a.ClosedAt = declaredAt.Add(-time.Hour) }, rule: "before it was declared"},
		{name: "Closed", edit: func(a *Activation) { a.ClosedAt = declaredAt.Add(time.Hour) }},
		{name: "PlaybookMissing", edit: func(a *Activation) { a.Playbook = "" }, nilPB: true, rule: "which playbook"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := NewActivation(p, "Resolution fails", "Ana", declaredAt)
			a.Ref = "ACV-01"
			if tc.edit != nil {
				tc.edit(&a)
			}
			against := p
			if tc.nilPB {
				against = nil
			}
			err := ValidateActivation(&a, against)
			switch {
			case tc.rule == "" && err != nil:
				t.Errorf("refused: %v", err)
			case tc.rule != "" && err == nil:
				t.Errorf("accepted, want a finding about %q", tc.rule)
			case tc.rule != "" && !strings.Contains(risk.ErrorMessage(err), tc.rule):
				t.Errorf("got %q, want it to mention %q", risk.ErrorMessage(err), tc.rule)
			}
		})
	}
}

func TestCheckActivationsOpenLong(t *testing.T) {
	p := pb(t, validPlaybooks(t), "PB-01")
	open := NewActivation(p, "Resolution fails", "Ana", declaredAt)
	open.Ref = "ACV-01"
	closed := open.Clone()
	closed.Ref, closed.ClosedAt = "ACV-02", declaredAt.Add(48*time.Hour)
	for _, tc := range []struct {
		name string
		now  time.Time
		want int
	}{
		{"SixDays", declaredAt.Add(6 * 24 * time.Hour), 0},
		{"EightDays", declaredAt.Add(8 * 24 * time.Hour), 1},
		{"NoToday", time.Time{}, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fs := CheckActivations([]Activation{open, closed}, tc.now)
			if len(fs) != tc.want {
				t.Fatalf("findings: %+v", fs)
			}
			if tc.want == 1 && (fs[0].Rule != "activation-open-long" || fs[0].Ref != "ACV-01" || fs[0].Severity != risk.SeverityInfo) {
				t.Errorf("finding: %+v", fs[0])
			}
		})
	}
}

func TestActivationNormalize(t *testing.T) {
	a := Activation{Ref: " ACV-01 ", Trigger: " x ", DeclaredAt: time.Date(2026, 1, 2, 3, 4, 5, 600, time.FixedZone("X", 3600)),
		Steps: []StepRecord{{What: " a ", By: "Ana"}}, Log: []LogEntry{{Text: " "}, {Text: "kept", By: " Bo "}}}
	a.Normalize()
	if a.Ref != "ACV-01" || a.Trigger != "x" || a.DeclaredAt.Location() != time.UTC || a.DeclaredAt.Nanosecond() != 0 || a.DeclaredAt.Hour() != 2 {
		t.Errorf("normalized: %+v", a)
	}
	if a.Steps[0].By != "" || a.Steps[0].What != "a" {
		t.Errorf("step not done keeps no ticker: %+v", a.Steps[0])
	}
	if len(a.Log) != 1 || a.Log[0].By != "Bo" {
		t.Errorf("log: %+v", a.Log)
	}
}
