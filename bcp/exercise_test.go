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
		Findings: []Finding{{ID: 1, Text: "Nobody had the NOC's out-of-hours number.", Severity: "high"}},
		Actions: []ImprovementAction{{Title: "Put the NOC number in the call tree", Owner: "Ana",
			Due: risk.Date{Year: 2026, Month: time.April, Day: 1}, Status: risk.InProgress, Findings: []int{1}}},
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
			[]want{stale, grd("EX-01", "result-activity-unknown", "results[0].activity")}, nil},
		{"result for an ICT system", func(ex *Exercise) { ex.Results[0].Activity = "RES-10" }, checkToday(),
			[]want{stale}, nil},
		{"report overdue", func(ex *Exercise) { ex.Date = risk.Date{Year: 2025, Month: time.November, Day: 1} }, checkToday(),
			[]want{stale, warn("EX-01", "exercise-report-overdue", "report_date")}, []string{"due on 2026-01-30"}},
		{"report written", func(ex *Exercise) {
			ex.Date = risk.Date{Year: 2025, Month: time.November, Day: 1}
			ex.ReportDate = risk.Date{Year: 2025, Month: time.December, Day: 1}
		}, checkToday(), []want{stale}, nil},
		{"action overdue", func(ex *Exercise) { ex.Actions[0].Due = risk.Date{Year: 2026, Month: time.February, Day: 1} }, checkToday(),
			[]want{stale, warn("EX-01", "improvement-action-overdue", "actions[0].due"), warn("EX-01", "finding-overdue", "findings[0].status")},
			[]string{"Put the NOC number in the call tree", "F1 is open and an improvement action that closes it is past its due date"}},
		{"done action not overdue", func(ex *Exercise) {
			ex.Actions[0].Due = risk.Date{Year: 2026, Month: time.February, Day: 1}
			ex.Actions[0].Status = risk.Done
		}, checkToday(), []want{stale, info("EX-01", "finding-ready-to-close", "findings[0].status")}, nil},
		{"action status unknown", func(ex *Exercise) { ex.Actions[0].Status = "later" }, checkToday(),
			[]want{stale, blk("EX-01", "improvement-action-status-unknown", "actions[0].status")}, nil},
		{"finding severity unknown", func(ex *Exercise) { ex.Findings[0].Severity = "dire" }, checkToday(),
			[]want{stale, blk("EX-01", "finding-severity-unknown", "findings[0].severity")}, nil},
		{"finding empty", func(ex *Exercise) { ex.Findings[0].Text = "" }, checkToday(),
			[]want{stale, warn("EX-01", "finding-text-missing", "findings[0].text")}, nil},
		{"playbook unknown", func(ex *Exercise) { ex.Playbooks = []string{"PB-09"} }, checkToday(),
			[]want{grd("EX-01", "exercise-playbook-unknown", "playbooks[0]")}, []string{"playbook PB-09 does not exist"}},
		{"planned exercise does not date the playbook", func(ex *Exercise) {
			ex.Date = risk.Date{Year: 2026, Month: time.June, Day: 1}
			ex.Results, ex.Findings, ex.Actions = nil, nil, nil
		}, checkToday(), nil, nil},
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

func TestCheckExerciseDatesAndFindings(t *testing.T) {
	stale := info("PB-01", "playbook-exercise-date-stale", "last_exercised")
	day := func(m time.Month, d int) risk.Date { return risk.Date{Year: 2026, Month: m, Day: d} }
	tests := []struct {
		name string
		edit func(*Exercise)
		want []want
		msgs []string
	}{
		{"future exercise with results and a report", func(ex *Exercise) {
			ex.Date, ex.ReportDate = day(time.October, 15), day(time.October, 20)
			ex.Actions[0].Due = day(time.December, 1)
		}, []want{grd("EX-01", "exercise-not-held-yet", "date"), grd("EX-01", "exercise-report-in-future", "report_date")},
			[]string{"the exercise is dated 2026-10-15, which has not come yet, but it already records results, findings and a report"}},
		{"report before the exercise", func(ex *Exercise) { ex.ReportDate = day(time.January, 5) },
			[]want{stale, grd("EX-01", "exercise-report-before-exercise", "report_date")},
			[]string{"the report is dated 2026-01-05, before the exercise on 2026-01-10"}},
		{"report in the future", func(ex *Exercise) { ex.ReportDate = day(time.March, 20) },
			[]want{stale, grd("EX-01", "exercise-report-in-future", "report_date")}, nil},
		{"report tomorrow is allowed", func(ex *Exercise) { ex.ReportDate = checkToday().AddDays(1) }, []want{stale}, nil},
		{"action due before the exercise", func(ex *Exercise) { ex.Actions[0].Due = day(time.January, 2) },
			[]want{stale, grd("EX-01", "improvement-action-due-before-exercise", "actions[0].due"), warn("EX-01", "finding-overdue", "findings[0].status")},
			[]string{"is due on 2026-01-02, before the exercise on 2026-01-10"}},
		{"finding closed with its action open", func(ex *Exercise) {
			ex.Findings[0].Status, ex.Findings[0].Closed = FindingClosed, day(time.February, 1)
		}, []want{stale, errf("EX-01", "finding-closed-action-open", "findings[0].status")},
			[]string{`F1 is closed, but the improvement action "Put the NOC number in the call tree" that closes it is still in-progress`}},
		{"finding closed, action done", func(ex *Exercise) {
			ex.Findings[0].Status, ex.Findings[0].Closed = FindingClosed, day(time.February, 1)
			ex.Actions[0].Status = risk.Done
		}, []want{stale}, nil},
		{"finding closed without a date", func(ex *Exercise) {
			ex.Findings[0].Status = FindingClosed
			ex.Actions[0].Status = risk.Done
		}, []want{stale, warn("EX-01", "finding-closed-undated", "findings[0].closed")}, nil},
		{"finding open with a closing date", func(ex *Exercise) { ex.Findings[0].Closed = day(time.February, 1) },
			[]want{stale, warn("EX-01", "finding-open-with-closing-date", "findings[0].status")}, nil},
		{"finding closed before the exercise", func(ex *Exercise) {
			ex.Findings[0].Status, ex.Findings[0].Closed = FindingClosed, day(time.January, 3)
			ex.Actions[0].Status = risk.Cancelled
		}, []want{stale, grd("EX-01", "finding-closed-before-exercise", "findings[0].closed")}, nil},
		{"finding closed in the future", func(ex *Exercise) {
			ex.Findings[0].Status, ex.Findings[0].Closed = FindingClosed, day(time.May, 3)
			ex.Actions[0].Status = risk.Done
		}, []want{stale, grd("EX-01", "finding-closed-in-future", "findings[0].closed")}, nil},
		{"finding without action or risk", func(ex *Exercise) { ex.Actions[0].Findings = nil },
			[]want{stale, warn("EX-01", "finding-unaddressed", "findings[0].text")},
			[]string{"F1 is open with no improvement action to close it and no risk raised"}},
		{"finding that raised a risk needs no action", func(ex *Exercise) {
			ex.Actions[0].Findings = nil
			ex.Findings[0].Risk = "R-001"
		}, []want{stale}, nil},
		{"finding status unknown", func(ex *Exercise) { ex.Findings[0].Status = "parked" },
			[]want{stale, blk("EX-01", "finding-status-unknown", "findings[0].status")}, nil},
		{"two findings share a number", func(ex *Exercise) {
			ex.Findings = append(ex.Findings, Finding{ID: 1, Text: "The statement was not approved.", Risk: "R-002"})
		}, []want{stale, blk("EX-01", "finding-id-duplicate", "findings[1].id")}, nil},
		{"action closes a finding the exercise lacks", func(ex *Exercise) { ex.Actions[0].Findings = []int{1, 7} },
			[]want{stale, grd("EX-01", "improvement-action-finding-unknown", "actions[0].findings")},
			[]string{"closes finding F7, which the exercise does not have"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := validBIA(t)
			ex := validExercise()
			tt.edit(&ex)
			assertFindings(t, CheckExercises([]Exercise{ex}, validPlaybooks(t), &b, checkToday()), tt.want, tt.msgs...)
		})
	}
}

func TestExerciseFindingState(t *testing.T) {
	day := func(m time.Month, d int) risk.Date { return risk.Date{Year: 2026, Month: m, Day: d} }
	tests := []struct {
		name string
		edit func(*Exercise)
		want FindingState
	}{
		{"action under way", func(*Exercise) {}, StateOpen},
		{"no action", func(ex *Exercise) { ex.Actions = nil }, StateOpen},
		{"action overdue", func(ex *Exercise) { ex.Actions[0].Due = day(time.February, 1) }, StateOverdue},
		{"action done", func(ex *Exercise) { ex.Actions[0].Status = risk.Done }, StateReady},
		{"closed", func(ex *Exercise) { ex.Findings[0].Status = FindingClosed }, StateClosed},
		{"closed with an overdue action", func(ex *Exercise) {
			ex.Findings[0].Status = FindingClosed
			ex.Actions[0].Due = day(time.February, 1)
		}, StateClosed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ex := validExercise()
			tt.edit(&ex)
			if got := ex.State(0, checkToday()); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestExerciseFindingNumbers(t *testing.T) {
	ex := validExercise()
	ex.Findings = append(ex.Findings, Finding{Text: "No statement for registrars."}, Finding{Text: "Escalation unclear.", Status: " Open "})
	ex.Actions = append(ex.Actions, ImprovementAction{Title: "Write the statement", Findings: []int{2, 3, 2}})
	ex.Normalize()
	if got := [3]int{ex.Findings[0].ID, ex.Findings[1].ID, ex.Findings[2].ID}; got != [3]int{1, 2, 3} {
		t.Fatalf("finding IDs %v, want 1 2 3", got)
	}
	if ex.Findings[2].Status != "" {
		t.Errorf("open status stored as %q, want empty", ex.Findings[2].Status)
	}
	if got := ex.Actions[1].Findings; len(got) != 2 || got[0] != 2 || got[1] != 3 {
		t.Errorf("action findings %v, want [2 3]", got)
	}
	ex.RemoveFinding(1) // F2
	if len(ex.Findings) != 2 || ex.Findings[1].ID != 3 {
		t.Fatalf("after removing F2: %+v", ex.Findings)
	}
	if got := ex.Actions[1].Findings; len(got) != 1 || got[0] != 3 {
		t.Errorf("after removing F2 the action closes %v, want [3]", got)
	}
	// A new finding never takes the number of one removed before it.
	ex.Findings = append(ex.Findings, Finding{Text: "New"})
	ex.Normalize()
	if id := ex.Findings[2].ID; id != 4 {
		t.Errorf("new finding numbered %d, want 4", id)
	}
	if got := (&Finding{}).Label(2); got != "finding 3" {
		t.Errorf("label of an unnumbered finding: %q", got)
	}
}
