package bcp

import (
	"strings"
	"testing"
	"time"

	"riskbook/risk"
)

// feb30 is a date no calendar has.
var feb30 = risk.Date{Year: 2026, Month: time.February, Day: 30}

// tooLong is a duration beyond the ten years a record holds.
const tooLong = Duration(11 * Year)

// TestRecordedValues: every duration and date of every kind of record is
// refused next to its field when it cannot be written and read back.
func TestRecordedValues(t *testing.T) {
	bia := func(t *testing.T, modify func(*BIA)) []risk.Finding {
		b := validBIA(t)
		modify(&b)
		return Check(&b, checkToday())
	}
	playbook := func(t *testing.T, modify func(*Playbook)) []risk.Finding {
		b := validBIA(t)
		pbs := validPlaybooks(t)
		modify(&pbs[0])
		return findingsOf(CheckPlaybooks(pbs, &b, risk.Date{}), "PB-01")
	}
	exercise := func(t *testing.T, modify func(*Exercise)) []risk.Finding {
		b := validBIA(t)
		ex := validExercise()
		modify(&ex)
		return findingsOf(CheckExercises([]Exercise{ex}, validPlaybooks(t), &b, risk.Date{}), "EX-01")
	}
	tests := []struct {
		name  string
		check func(t *testing.T) []risk.Finding
		want  []want
		msgs  []string
	}{
		{name: "ActivityNegativeRTO", check: func(t *testing.T) []risk.Finding {
			return bia(t, func(b *BIA) { act(t, b, "ACT-01").RTO = -Duration(time.Hour) })
		}, want: []want{blk("ACT-01", "duration-negative", "rto")}, msgs: []string{"the RTO cannot be negative"}},
		{name: "ActivityMTPDTooLong", check: func(t *testing.T) []risk.Finding {
			return bia(t, func(b *BIA) {
				a := act(t, b, "ACT-03")
				a.MTPDOverride, a.MTPDReason = tooLong, "Contract"
			})
		}, want: []want{blk("ACT-03", "duration-too-long", "mtpd_override")}, msgs: []string{"the MTPD of", "durations go up to 10 years"}},
		{name: "ActivityApprovalNotCalendar", check: func(t *testing.T) []risk.Finding {
			return bia(t, func(b *BIA) { act(t, b, "ACT-01").Approved = feb30 })
		}, want: []want{blk("ACT-01", "date-not-calendar", "approved")}, msgs: []string{"approval date 2026-02-30 is not a calendar date"}},
		{name: "ActivityNegativePriority", check: func(t *testing.T) []risk.Finding {
			return bia(t, func(b *BIA) { act(t, b, "ACT-01").Priority = -2 })
		}, want: []want{blk("ACT-01", "priority-negative", "priority")}, msgs: []string{"a rank from 1 (highest), or 0"}},
		{name: "ResourceNegativeBackupInterval", check: func(t *testing.T) []risk.Finding {
			return bia(t, func(b *BIA) { res(t, b, "RES-10").BackupInterval = -1 })
		}, want: []want{blk("RES-10", "duration-negative", "backup_interval")}, msgs: []string{"the backup interval cannot be negative"}},
		{name: "ResourceConfirmationNotCalendar", check: func(t *testing.T) []risk.Finding {
			return bia(t, func(b *BIA) { res(t, b, "RES-10").CapacityConfirmed = feb30 })
		}, want: []want{blk("RES-10", "date-not-calendar", "capacity_confirmed")}},
		{name: "ResourceRunsAtItself", check: func(t *testing.T) []risk.Finding {
			return bia(t, func(b *BIA) { res(t, b, "RES-10").Sites = []string{"RES-20", "RES-21", "res-10"} })
		}, want: []want{blk("RES-10", "site-self", "sites")}, msgs: []string{"cannot run at itself; remove res-10"}},
		{name: "SiteInUseChangesKind", check: func(t *testing.T) []risk.Finding {
			return bia(t, func(b *BIA) { res(t, b, "RES-20").Kind = Equipment })
		}, want: []want{blk("RES-20", "site-in-use", "kind"), blk("RES-10", "site-not-a-site", "sites"), blk("RES-11", "site-not-a-site", "sites")},
			msgs: []string{"RES-20 is a site that RES-10, RES-11 run at; remove it from their sites"}},
		{name: "PlaybookStepTimeNegative", check: func(t *testing.T) []risk.Finding {
			return playbook(t, func(p *Playbook) { p.Phases[0].Steps[0].When = -Duration(time.Minute) })
		}, want: []want{blk("PB-01", "duration-negative", "phases[0].steps[0].when")}, msgs: []string{"target time of step 1 of"}},
		{name: "PlaybookLastExercisedNotCalendar", check: func(t *testing.T) []risk.Finding {
			return playbook(t, func(p *Playbook) { p.LastExercised = feb30 })
		}, want: []want{blk("PB-01", "date-not-calendar", "last_exercised")}, msgs: []string{"date of the last exercise 2026-02-30"}},
		{name: "ExerciseInjectTooLong", check: func(t *testing.T) []risk.Finding {
			return exercise(t, func(ex *Exercise) { ex.Injects[0].At = tooLong })
		}, want: []want{blk("EX-01", "duration-too-long", "injects")}, msgs: []string{"time of inject 1"}},
		{name: "ExerciseResultNegative", check: func(t *testing.T) []risk.Finding {
			return exercise(t, func(ex *Exercise) { ex.Results[0].AchievedRPO = -1 })
		}, want: []want{blk("EX-01", "duration-negative", "results[0].achieved_rpo")}},
		{name: "ExerciseActionDueNotCalendar", check: func(t *testing.T) []risk.Finding {
			return exercise(t, func(ex *Exercise) { ex.Actions[0].Due = risk.Date{Year: 2026, Month: 13, Day: 1} })
		}, want: []want{blk("EX-01", "date-not-calendar", "actions[0].due")}},
		{name: "ExerciseReportNotCalendar", check: func(t *testing.T) []risk.Finding {
			return exercise(t, func(ex *Exercise) { ex.ReportDate = feb30 })
		}, want: []want{blk("EX-01", "date-not-calendar", "report_date")}, msgs: []string{"report date 2026-02-30"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assertFindings(t, tt.check(t), tt.want, tt.msgs...)
		})
	}
}

// findingsOf keeps the findings about the record ref.
func findingsOf(fs []risk.Finding, ref string) []risk.Finding {
	var out []risk.Finding
	for _, f := range fs {
		if f.Ref == ref {
			out = append(out, f)
		}
	}
	return out
}

func TestValidateActivationReference(t *testing.T) {
	p := &validPlaybooks(t)[0]
	a := NewActivation(p, "Resolution fails", "Incident lead", time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC))
	err := ValidateActivation(&a, nil)
	if risk.ErrorCode(err) != risk.EINVALID || risk.ErrorMessage(err) != "The activation has no reference; give it one such as ACV-01" {
		t.Errorf("got %v, want the missing reference refused", err)
	}
	a.Ref = "ACV-01"
	if err := ValidateActivation(&a, nil); err != nil {
		t.Errorf("with a reference: %v", err)
	}
}

func TestSettingsValidateFor(t *testing.T) {
	acts := []Activity{
		{Ref: "ACT-01", Impacts: []Impact{{Category: "Financial", Severities: []int{1, 5}}}},
		{Ref: "ACT-02", Impacts: []Impact{{Category: "Financial", Severities: []int{4}}}},
		{Ref: "ACT-03"},
	}
	tests := []struct {
		name    string
		levels  int
		wantErr string
	}{
		{name: "ScaleHoldsAll", levels: 5},
		{name: "OneAbove", levels: 4, wantErr: "The new impact scale has 4 levels, which leaves 1 activity with higher impacts; lower the impacts of ACT-01 first"},
		{name: "TwoAbove", levels: 3, wantErr: "leaves 2 activities with higher impacts; lower the impacts of ACT-01, ACT-02 first"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := DefaultSettings()
			s.Severities = s.Severities[:tt.levels]
			s.Intolerable = min(s.Intolerable, tt.levels)
			err := s.ValidateFor(acts)
			if tt.wantErr == "" && err != nil || tt.wantErr != "" && !strings.Contains(risk.ErrorMessage(err), tt.wantErr) {
				t.Errorf("got %v, want %q", err, tt.wantErr)
			}
		})
	}
}

func TestSettingsHorizonTooLong(t *testing.T) {
	s := DefaultSettings()
	s.Horizons = append(s.Horizons, tooLong)
	if err := s.Validate(); !strings.Contains(risk.ErrorMessage(err), "durations go up to 10 years") {
		t.Errorf("got %v, want the horizon refused", err)
	}
}

func TestKeepFrame(t *testing.T) {
	at := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	before := NewActivation(&validPlaybooks(t)[0], "Resolution fails", "Ana", at)
	before.Ref = "ACV-01"
	before.AddLog("Ana", "Called the NOC", at.Add(5*time.Minute))
	tests := []struct {
		name    string
		change  func(a *Activation)
		wantErr string
	}{
		{name: "TickAndLog", change: func(a *Activation) {
			a.Tick(0, "Bo", at.Add(10*time.Minute))
			a.AddLog("Bo", "Switched to the second provider", at.Add(11*time.Minute))
		}},
		{name: "PlaybookOtherCase", change: func(a *Activation) { a.Playbook = "pb-01" }},
		{name: "RefChanged", change: func(a *Activation) { a.Ref = "ACV-02" }, wantErr: "the reference and the playbook of an activation cannot change"},
		{name: "PlaybookChanged", change: func(a *Activation) { a.Playbook = "PB-02" }, wantErr: "activate the other playbook instead"},
		{name: "StepRemoved", change: func(a *Activation) { a.Steps = a.Steps[1:] }, wantErr: "cannot be added or removed"},
		{name: "StepRewritten", change: func(a *Activation) { a.Steps[0].Who = "Someone else" }, wantErr: "cannot be rewritten; add a note"},
		{name: "LogEdited", change: func(a *Activation) { a.Log[0].Text = "Called nobody" }, wantErr: "only added to"},
		{name: "LogRemoved", change: func(a *Activation) { a.Log = nil }, wantErr: "only added to"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := before.Clone()
			tt.change(&a)
			err := KeepFrame(&before, &a)
			if tt.wantErr == "" && err != nil || tt.wantErr != "" && !strings.Contains(risk.ErrorMessage(err), tt.wantErr) {
				t.Fatalf("got %v, want %q", err, tt.wantErr)
			}
			if err == nil && a.Playbook != before.Playbook {
				t.Errorf("playbook %q, want it kept as declared (%q)", a.Playbook, before.Playbook)
			}
		})
	}
}

func TestExerciseCanRaise(t *testing.T) {
	ex := validExercise()
	ex.Findings = append(ex.Findings, Finding{Text: "  "}, Finding{Text: "Backups untested", Risk: "R-023"})
	tests := []struct {
		name string
		i    int
		code string
		msg  string
	}{
		{name: "Ready", i: 0},
		{name: "Empty", i: 1, code: risk.EINVALID, msg: "Finding 2 of EX-01 says nothing yet"},
		{name: "AlreadyRaised", i: 2, code: risk.ECONFLICT, msg: "already raised risk R-023"},
		{name: "Gone", i: 3, code: risk.ENOTFOUND, msg: "EX-01 has no finding 4"},
		{name: "Negative", i: -1, code: risk.ENOTFOUND},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := ex.CanRaise(tt.i)
			if risk.ErrorCode(err) != tt.code || !strings.Contains(risk.ErrorMessage(err), tt.msg) {
				t.Errorf("got %v (code %q), want code %q with %q", err, risk.ErrorCode(err), tt.code, tt.msg)
			}
		})
	}
}
