package bcp

import (
	"strings"
	"testing"
	"time"

	"riskbook/risk"
)

// validExercise is a tabletop of PB-01 on 2026-01-10 (report due
// 2026-04-10, after checkToday) that breaks no rule against validBIA and
// validPlaybooks, whose PB-01 was last exercised in June 2025 — so CheckExercises
// suggests updating that date.
func validExercise() Exercise {
	return Exercise{
		Ref: "EX-01", Title: "Tabletop: DDoS on the name servers", Type: Tabletop,
		Date: risk.Date{Year: 2026, Month: time.January, Day: 10}, Playbooks: []string{"PB-01"},
		Scenario:     "Saturday 02:00, resolution fails from two monitoring points.",
		Injects:      []Inject{{At: Duration(15 * time.Minute), Text: "The anycast provider's NOC does not answer."}},
		Participants: []string{"Ana", "Bo"}, Objectives: []string{"Declare within 30 minutes"},
		Results:  []Result{{Activity: "ACT-01", AchievedRTO: Duration(45 * time.Minute), AchievedRPO: Duration(10 * time.Minute)}},
		Findings: []Finding{{Text: "Nobody had the NOC's out-of-hours number.", Severity: "high"}},
		Actions: []ImprovementAction{{Title: "Put the NOC number in the call tree", Owner: "Ana",
			Due: risk.Date{Year: 2026, Month: time.April, Day: 1}, Status: risk.InProgress}},
	}
}

func TestExerciseTypeNames(t *testing.T) {
	for _, ty := range ExerciseTypes {
		if name := ExerciseTypeName(ty); name == "" || name == string(ty) {
			t.Errorf("type %q has no name: %q", ty, name)
		}
	}
	if ExerciseTypeName(Failover) != "Full failover" {
		t.Errorf("failover: %q", ExerciseTypeName(Failover))
	}
}

func TestExerciseReportDue(t *testing.T) {
	ex := validExercise()
	if got, want := ex.ReportDue(), (risk.Date{Year: 2026, Month: time.April, Day: 10}); got != want {
		t.Errorf("report due: got %s, want %s", got, want)
	}
	if got := (&Exercise{}).ReportDue(); !got.IsZero() {
		t.Errorf("report due without a date: %s", got)
	}
}

func TestCheckExercises(t *testing.T) {
	stale := info("PB-01", "playbook-exercise-date-stale", "last_exercised")
	tests := []struct {
		name  string
		edit  func(*Exercise)
		today risk.Date
		want  []want
		msgs  []string
	}{
		{"valid", func(*Exercise) {}, checkToday(), []want{stale}, []string{"exercised on 2026-01-10"}},
		{"no date rules without today", func(*Exercise) {}, risk.Date{}, nil, nil},
		{"identity missing", func(ex *Exercise) { ex.Ref, ex.Title, ex.Type, ex.Date = "", "", "", risk.Date{} }, checkToday(), []want{
			blk("(no reference)", "exercise-reference-missing", "ref"),
			blk("(no reference)", "exercise-title-missing", "title"),
			blk("(no reference)", "exercise-type-missing", "type"),
			blk("(no reference)", "exercise-date-missing", "date"),
		}, nil},
		{"type unknown", func(ex *Exercise) { ex.Type = "drill" }, checkToday(), []want{stale, blk("EX-01", "exercise-type-unknown", "type")}, nil},
		{"rto missed", func(ex *Exercise) { ex.Results[0].AchievedRTO = Hours(3) }, checkToday(),
			[]want{stale, warn("EX-01", "exercise-rto-missed", "results[0].achieved_rto")}, []string{"recovered in 3 h, longer than its RTO of 1 h"}},
		{"rpo missed", func(ex *Exercise) { ex.Results[0].AchievedRPO = Hours(2) }, checkToday(),
			[]want{stale, warn("EX-01", "exercise-rpo-missed", "results[0].achieved_rpo")}, nil},
		{"result activity unknown", func(ex *Exercise) { ex.Results[0].Activity = "ACT-99" }, checkToday(),
			[]want{stale, warn("EX-01", "result-activity-unknown", "results[0].activity")}, nil},
		{"report overdue", func(ex *Exercise) { ex.Date = risk.Date{Year: 2025, Month: time.November, Day: 1} }, checkToday(),
			[]want{stale, warn("EX-01", "exercise-report-overdue", "report_date")}, []string{"due on 2026-01-30"}},
		{"report written", func(ex *Exercise) {
			ex.Date = risk.Date{Year: 2025, Month: time.November, Day: 1}
			ex.ReportDate = risk.Date{Year: 2025, Month: time.December, Day: 1}
		}, checkToday(), []want{stale}, nil},
		{"action overdue", func(ex *Exercise) { ex.Actions[0].Due = risk.Date{Year: 2026, Month: time.February, Day: 1} }, checkToday(),
			[]want{stale, warn("EX-01", "improvement-action-overdue", "actions[0].due")}, []string{"Put the NOC number in the call tree"}},
		{"done action not overdue", func(ex *Exercise) {
			ex.Actions[0].Due = risk.Date{Year: 2026, Month: time.February, Day: 1}
			ex.Actions[0].Status = risk.Done
		}, checkToday(), []want{stale}, nil},
		{"action status unknown", func(ex *Exercise) { ex.Actions[0].Status = "later" }, checkToday(),
			[]want{stale, blk("EX-01", "improvement-action-status-unknown", "actions[0].status")}, nil},
		{"finding severity unknown", func(ex *Exercise) { ex.Findings[0].Severity = "dire" }, checkToday(),
			[]want{stale, blk("EX-01", "finding-severity-unknown", "findings[0].severity")}, nil},
		{"finding empty", func(ex *Exercise) { ex.Findings[0].Text = "" }, checkToday(),
			[]want{stale, warn("EX-01", "finding-text-missing", "findings[0].text")}, nil},
		{"playbook unknown", func(ex *Exercise) { ex.Playbooks = []string{"PB-09"} }, checkToday(),
			[]want{warn("EX-01", "exercise-playbook-unknown", "playbooks")}, nil},
		{"planned exercise does not date the playbook", func(ex *Exercise) { ex.Date = risk.Date{Year: 2026, Month: time.June, Day: 1} },
			checkToday(), nil, nil},
		{"playbook date up to date", func(ex *Exercise) {
			ex.Date = risk.Date{Year: 2025, Month: time.June, Day: 15}
			ex.ReportDate = ex.Date
		},
			checkToday(), nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := validBIA(t)
			ex := validExercise()
			tt.edit(&ex)
			assertFindings(t, CheckExercises([]Exercise{ex}, validPlaybooks(t), &b, tt.today), tt.want, tt.msgs...)
		})
	}
}

func TestValidateExercise(t *testing.T) {
	ex := validExercise()
	if err := ValidateExercise(&ex); err != nil {
		t.Fatalf("valid exercise refused: %v", err)
	}
	// Warnings do not block: an unknown activity, an overdue action.
	ex.Results[0].Activity = "ACT-99"
	if err := ValidateExercise(&ex); err != nil {
		t.Errorf("a warning blocked saving: %v", err)
	}
	ex.Type = ""
	if err := ValidateExercise(&ex); err == nil || risk.ErrorCode(err) != risk.EINVALID || !strings.Contains(err.Error(), "no type") {
		t.Errorf("no type: got %v", err)
	}
}

func TestExerciseNormalizeAndClone(t *testing.T) {
	ex := Exercise{Ref: " EX-01 ", Playbooks: []string{"PB-02", " PB-01", "PB-02", ""},
		Participants: []string{" Ana ", "", "Bo"}, Objectives: []string{""}, Injects: []Inject{},
		Findings: []Finding{{Text: " x ", Severity: " High "}}, Actions: []ImprovementAction{{Title: " a "}}}
	c := ex.Clone()
	c.Normalize()
	if ex.Participants[0] != " Ana " {
		t.Error("Normalize of a clone reached the original")
	}
	if c.Ref != "EX-01" || strings.Join(c.Playbooks, ",") != "PB-01,PB-02" || strings.Join(c.Participants, ",") != "Ana,Bo" ||
		c.Objectives != nil || c.Injects != nil || c.Findings[0].Severity != "high" || c.Actions[0].Status != risk.Planned {
		t.Errorf("normalized: %+v", c)
	}
	if n := (&Exercise{Actions: []ImprovementAction{{Status: risk.Done}, {Status: risk.Planned}, {Status: risk.Cancelled}}}).OpenActions(); n != 1 {
		t.Errorf("open actions: %d", n)
	}
}

func TestFindingRisk(t *testing.T) {
	ex := validExercise()
	r := FindingRisk(Finding{Text: "Nobody had the NOC's out-of-hours number.\nWe lost 40 minutes.", Severity: "high"}, &ex)
	if r.Title != "Nobody had the NOC's out-of-hours number" {
		t.Errorf("title: %q", r.Title)
	}
	if r.Source != "Exercise EX-01 on 2026-01-10" || r.Status != risk.Open || r.Confidence != risk.ConfidenceB {
		t.Errorf("source %q, status %q, confidence %q", r.Source, r.Status, r.Confidence)
	}
	if !strings.Contains(r.Description, "We lost 40 minutes.") || !strings.Contains(r.Description, "EX-01") {
		t.Errorf("description: %q", r.Description)
	}
	long := FindingRisk(Finding{Text: strings.Repeat("x", 300)}, &ex)
	if n := len([]rune(long.Title)); n > 120 {
		t.Errorf("long title kept %d characters", n)
	}
	c := risk.DefaultCriteria()
	r.Ref = "R-001"
	if err := risk.Validate(&r, &c); err != nil {
		t.Errorf("the drafted risk is refused: %v", err)
	}
}
