package bcp

import (
	"testing"
	"time"

	"riskbook/risk"
)

func TestExercised(t *testing.T) {
	today := risk.Date{Year: 2026, Month: time.June, Day: 15}
	d := func(m time.Month, day int) risk.Date { return risk.Date{Year: 2026, Month: m, Day: day} }
	tests := []struct {
		name string
		last risk.Date
		exs  []Exercise
		want risk.Date
	}{
		{name: "Never", want: risk.Date{}},
		{name: "RecordedDate", last: d(time.March, 1), want: d(time.March, 1)},
		{name: "LaterExercise", last: d(time.March, 1),
			exs: []Exercise{{Date: d(time.May, 2), Playbooks: []string{"pb-01"}}}, want: d(time.May, 2)},
		{name: "PlannedExerciseNotYet", last: d(time.March, 1),
			exs: []Exercise{{Date: d(time.July, 2), Playbooks: []string{"PB-01"}}}, want: d(time.March, 1)},
		{name: "OtherPlaybook",
			exs: []Exercise{{Date: d(time.May, 2), Playbooks: []string{"PB-02"}}}, want: risk.Date{}},
		{name: "RecordedInTheFutureIgnored", last: d(time.December, 1), want: risk.Date{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := &Playbook{Ref: "PB-01", LastExercised: tt.last}
			if got := Exercised(p, tt.exs, today); got != tt.want {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestExercisedRecently(t *testing.T) {
	today := risk.Date{Year: 2026, Month: time.June, Day: 15}
	tests := []struct {
		name string
		d    risk.Date
		want bool
	}{
		{"Never", risk.Date{}, false},
		{"LastMonth", risk.Date{Year: 2026, Month: time.May, Day: 15}, true},
		{"TwelveMonthsToTheDay", risk.Date{Year: 2025, Month: time.June, Day: 15}, true},
		{"TwelveMonthsAndADay", risk.Date{Year: 2025, Month: time.June, Day: 14}, false},
		{"Tomorrow", risk.Date{Year: 2026, Month: time.June, Day: 16}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ExercisedRecently(tt.d, today); got != tt.want {
				t.Errorf("ExercisedRecently(%v): got %v, want %v", tt.d, got, tt.want)
			}
		})
	}
}

func TestCoverageOf(t *testing.T) {
	today := risk.Date{Year: 2026, Month: time.June, Day: 15}
	recent := risk.Date{Year: 2026, Month: time.January, Day: 10}
	old := risk.Date{Year: 2024, Month: time.January, Day: 10}
	bia := &BIA{Settings: Settings{TopPriority: 2}, Activities: []Activity{
		{Ref: "ACT-01", Priority: 1}, {Ref: "ACT-02", Priority: 2}, {Ref: "ACT-03", Priority: 1}, {Ref: "ACT-04", Priority: 3}, {Ref: "ACT-05"},
	}}
	tests := []struct {
		name string
		pbs  []Playbook
		exs  []Exercise
		want Coverage
	}{
		{name: "NoPlaybook", want: Coverage{Top: 3}},
		{name: "RecentlyExercised", pbs: []Playbook{{Ref: "PB-01", Activities: []string{"act-01", "ACT-04"}, LastExercised: recent}},
			want: Coverage{Top: 3, Covered: 1}},
		{name: "ExercisedLongAgo", pbs: []Playbook{{Ref: "PB-01", Activities: []string{"ACT-01"}, LastExercised: old}},
			want: Coverage{Top: 3}},
		{name: "ExerciseRecordFreshensIt", pbs: []Playbook{{Ref: "PB-01", Activities: []string{"ACT-01", "ACT-02"}, LastExercised: old}},
			exs:  []Exercise{{Ref: "EX-01", Date: recent, Playbooks: []string{"PB-01"}}},
			want: Coverage{Top: 3, Covered: 2}},
		{name: "TwoPlaybooksOneActivityCountsOnce", pbs: []Playbook{
			{Ref: "PB-01", Activities: []string{"ACT-03"}, LastExercised: recent},
			{Ref: "PB-02", Activities: []string{"ACT-03"}, LastExercised: recent}},
			want: Coverage{Top: 3, Covered: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := CoverageOf(&Workspace{BIA: bia, Playbooks: tt.pbs, Exercises: tt.exs}, today)
			if got != tt.want {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
	if got := CoverageOf(&Workspace{}, today); got != (Coverage{}) {
		t.Errorf("without a BIA: got %+v, want nothing", got)
	}
}

func TestOpenFindings(t *testing.T) {
	exs := []Exercise{
		{Findings: []Finding{{Text: "a"}, {Text: "b", Status: FindingClosed}, {Text: "c", Status: FindingOpen}}},
		{Findings: []Finding{{Text: "d"}}},
		{},
	}
	if got := OpenFindings(exs); got != 3 {
		t.Errorf("got %d, want 3", got)
	}
}

func TestMeasure(t *testing.T) {
	today := risk.Date{Year: 2026, Month: time.June, Day: 15}
	c := risk.DefaultCriteria()
	w := &Workspace{
		Register: &risk.Register{Criteria: c, Catalog: []risk.Control{{ID: "A.5.1"}, {ID: "A.5.2"}},
			SoA:   []risk.SoAEntry{{Control: "A.5.1", Applicable: risk.Applicable, Implementation: risk.Implemented}},
			Risks: []risk.Risk{{Inherent: risk.Score{Likelihood: 5, Consequence: 5}, Residual: risk.Score{Likelihood: 1, Consequence: 1}}}},
		Exercises: []Exercise{{Findings: []Finding{{Text: "open"}}}},
	}
	closings := []risk.Closing{{Opened: today.AddDays(-20), Closed: today.AddDays(-10), Seq: 3}}
	got := Measure(w, today, closings, 0)
	if got.Day != today || got.Register.WithinAppetite != 1 || got.SoA.Decided != 1 || got.SoA.Implemented != 1 ||
		got.OpenFindings != 1 || !got.HasMedian || got.MedianDays != 10 || got.Closed != 1 {
		t.Errorf("got %+v; want one risk within appetite, one control decided and implemented, one open finding, a median of 10 days over 1", got)
	}
	if got := Measure(w, today, closings, 2); got.HasMedian {
		t.Errorf("with closings recorded after the point: got a median of %v, want none", got.MedianDays)
	}
}
