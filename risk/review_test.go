package risk

import (
	"reflect"
	"slices"
	"testing"
	"time"
)

func TestFrequencyMonths(t *testing.T) {
	tests := []struct {
		name string
		f    Frequency
		want int
	}{
		{name: "Monthly", f: Monthly, want: 1},
		{name: "Quarterly", f: Quarterly, want: 3},
		{name: "Semiannual", f: Semiannual, want: 6},
		{name: "Annual", f: Annual, want: 12},
		{name: "Empty", f: "", want: 0},
		{name: "Weekly", f: "weekly", want: 0},
		{name: "WrongCase", f: "Annual", want: 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.f.Months(); got != tt.want {
				t.Errorf("Months(%q): got %d, want %d", tt.f, got, tt.want)
			}
		})
	}
}

func TestNextReview(t *testing.T) {
	tests := []struct {
		name          string
		last, created string
		f             Frequency
		want          string
	}{
		{name: "MonthlyFromLastReview", last: "2026-01-31", created: "2025-06-01", f: Monthly, want: "2026-02-28"},
		{name: "QuarterlyFromLastReview", last: "2026-01-15", created: "2025-06-01", f: Quarterly, want: "2026-04-15"},
		{name: "SemiannualFromLastReview", last: "2025-08-31", created: "2025-06-01", f: Semiannual, want: "2026-02-28"},
		{name: "AnnualFromLastReview", last: "2024-02-29", created: "2023-01-01", f: Annual, want: "2025-02-28"},
		{name: "FromCreatedWhenNeverReviewed", last: "", created: "2026-03-10", f: Quarterly, want: "2026-06-10"},
		{name: "AnnualFromCreated", last: "", created: "2026-03-10", f: Annual, want: "2027-03-10"},
		{name: "NoFrequency", last: "2026-01-15", created: "2025-06-01", f: "", want: ""},
		{name: "UnknownFrequency", last: "2026-01-15", created: "2025-06-01", f: "weekly", want: ""},
		{name: "NoStartingDay", last: "", created: "", f: Monthly, want: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := NextReview(day(t, tt.last), day(t, tt.created), tt.f)
			if got.String() != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestRiskNormalize(t *testing.T) {
	created := time.Date(2026, 1, 10, 9, 30, 0, 0, time.UTC)
	tests := []struct {
		name  string
		in    Risk
		check func(t *testing.T, r *Risk)
	}{
		{name: "TrimsText", in: Risk{
			Ref: "  R-001 ", Title: "\tDNS outage\n", Category: " Ops ", Owner: " Ana ", Source: " audit ",
			Description: "  Keep leading\n", Cause: "cause \t", Vulnerability: "vuln\r\n", Consequence: "cons ",
			Justification: "why  ", Acceptance: Acceptance{Approver: " CEO ", Rationale: "because\n"},
		}, check: func(t *testing.T, r *Risk) {
			t.Helper()
			got := []string{r.Ref, r.Title, r.Category, r.Owner, r.Source, r.Acceptance.Approver,
				r.Description, r.Cause, r.Vulnerability, r.Consequence, r.Justification, r.Acceptance.Rationale}
			want := []string{"R-001", "DNS outage", "Ops", "Ana", "audit", "CEO",
				"  Keep leading", "cause", "vuln", "cons", "why", "because"}
			if !slices.Equal(got, want) {
				t.Errorf("got %q, want %q", got, want)
			}
		}},
		{name: "SortsDedupsAndDropsEmptyControls", in: Risk{
			Controls: []string{" A.8.1", "A.5.1", "", "A.5.1 ", "  ", "A.5.2"},
		}, check: func(t *testing.T, r *Risk) {
			t.Helper()
			if want := []string{"A.5.1", "A.5.2", "A.8.1"}; !slices.Equal(r.Controls, want) {
				t.Errorf("got controls %q, want %q", r.Controls, want)
			}
		}},
		{name: "OnlyEmptyControls", in: Risk{Controls: []string{"", " "}}, check: func(t *testing.T, r *Risk) {
			t.Helper()
			if len(r.Controls) != 0 {
				t.Errorf("got controls %q, want none", r.Controls)
			}
		}},
		{name: "NormalizesActions", in: Risk{Actions: []Action{
			{Title: " Patch ", Owner: " Bo ", Status: Done, Progress: 40},
			{Title: "Plan", Status: "", Progress: 10},
			{Title: "Drop", Status: Cancelled, Progress: 30},
			{Title: "Work", Status: InProgress, Progress: 60},
		}}, check: func(t *testing.T, r *Risk) {
			t.Helper()
			want := []Action{
				{Title: "Patch", Owner: "Bo", Status: Done, Progress: 100},
				{Title: "Plan", Status: Planned, Progress: 10},
				{Title: "Drop", Status: Cancelled, Progress: 30},
				{Title: "Work", Status: InProgress, Progress: 60},
			}
			if !slices.Equal(r.Actions, want) {
				t.Errorf("got actions %+v, want %+v", r.Actions, want)
			}
		}},
		{name: "NextReviewFromLastReview", in: Risk{
			ReviewFrequency: Quarterly, LastReview: Date{2026, time.February, 1}, Created: created,
			NextReview: Date{2030, time.January, 1},
		}, check: func(t *testing.T, r *Risk) {
			t.Helper()
			if got, want := r.NextReview.String(), "2026-05-01"; got != want {
				t.Errorf("got next review %s, want %s", got, want)
			}
		}},
		{name: "NextReviewFromCreated", in: Risk{ReviewFrequency: Semiannual, Created: created},
			check: func(t *testing.T, r *Risk) {
				t.Helper()
				if got, want := r.NextReview.String(), "2026-07-10"; got != want {
					t.Errorf("got next review %s, want %s", got, want)
				}
			}},
		{name: "NextReviewClearedWithoutFrequency", in: Risk{
			LastReview: Date{2026, time.February, 1}, Created: created, NextReview: Date{2026, time.May, 1},
		}, check: func(t *testing.T, r *Risk) {
			t.Helper()
			if !r.NextReview.IsZero() {
				t.Errorf("got next review %s, want none", r.NextReview)
			}
		}},
		// A risk normalized before a store stamps Created must not get a
		// review date in year 1, which would read as long overdue.
		{name: "NextReviewZeroWithoutCreatedOrLastReview", in: Risk{ReviewFrequency: Quarterly},
			check: func(t *testing.T, r *Risk) {
				t.Helper()
				if !r.NextReview.IsZero() {
					t.Errorf("got next review %s, want none", r.NextReview)
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := tt.in
			r.Normalize()
			tt.check(t, &r)
		})
	}
}

func TestRiskNormalizeIdempotent(t *testing.T) {
	r := Risk{
		Ref: " R-1 ", Controls: []string{"b", "a", "a"}, ReviewFrequency: Monthly,
		Created: time.Date(2026, 1, 31, 0, 0, 0, 0, time.UTC),
		Actions: []Action{{Title: " x ", Status: Done}},
	}
	r.Normalize()
	once := r.Clone()
	r.Normalize()
	if !reflect.DeepEqual(r, once) {
		t.Errorf("second Normalize: got %+v, want %+v", r, once)
	}
}

func TestRiskClone(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(c *Risk)
	}{
		{name: "ControlElement", mutate: func(c *Risk) { c.Controls[0] = "A.9.9" }},
		{name: "ControlAppend", mutate: func(c *Risk) { c.Controls = append(c.Controls[:1], "A.9.9") }},
		{name: "ActionField", mutate: func(c *Risk) { c.Actions[0].Title = "changed"; c.Actions[1].Progress = 99 }},
		{name: "ActionAppend", mutate: func(c *Risk) { c.Actions = append(c.Actions[:1], Action{Title: "new"}) }},
		{name: "Acceptance", mutate: func(c *Risk) { c.Acceptance.Approver = "someone else" }},
		{name: "Scores", mutate: func(c *Risk) { c.Residual.Likelihood = 5 }},
	}
	orig := func() Risk {
		return Risk{
			Ref: "R-001", Controls: []string{"A.5.1", "A.5.2"}, Residual: Score{2, 3},
			Acceptance: Acceptance{Approver: "CEO"},
			Actions:    []Action{{Title: "one", Progress: 10}, {Title: "two", Progress: 20}},
		}
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := orig()
			c := r.Clone()
			if !reflect.DeepEqual(c, r) {
				t.Fatalf("clone: got %+v, want %+v", c, r)
			}
			tt.mutate(&c)
			if want := orig(); !reflect.DeepEqual(r, want) {
				t.Errorf("original after mutating the clone: got %+v, want %+v", r, want)
			}
		})
	}
}

func TestRiskOpenActions(t *testing.T) {
	r := Risk{Actions: []Action{
		{Title: "a", Status: Planned},
		{Title: "b", Status: Done},
		{Title: "c", Status: InProgress},
		{Title: "d", Status: Cancelled},
		{Title: "e", Status: ""},
	}}
	var got []string
	for _, a := range r.OpenActions() {
		got = append(got, a.Title)
	}
	if want := []string{"a", "c", "e"}; !slices.Equal(got, want) {
		t.Errorf("got open actions %q, want %q", got, want)
	}
}

func TestActionOverdue(t *testing.T) {
	today := Date{2026, time.March, 1}
	tests := []struct {
		name  string
		a     Action
		today Date
		want  bool
	}{
		{name: "PlannedPastDue", a: Action{Status: Planned, Due: Date{2026, time.February, 28}}, today: today, want: true},
		{name: "InProgressPastDue", a: Action{Status: InProgress, Due: Date{2025, time.December, 31}}, today: today, want: true},
		{name: "DueToday", a: Action{Status: Planned, Due: today}, today: today, want: false},
		{name: "DueLater", a: Action{Status: Planned, Due: Date{2026, time.March, 2}}, today: today, want: false},
		{name: "NoDueDate", a: Action{Status: Planned}, today: today, want: false},
		{name: "DonePastDue", a: Action{Status: Done, Due: Date{2026, time.January, 1}}, today: today, want: false},
		{name: "CancelledPastDue", a: Action{Status: Cancelled, Due: Date{2026, time.January, 1}}, today: today, want: false},
		{name: "NoToday", a: Action{Status: Planned, Due: Date{2026, time.January, 1}}, today: Date{}, want: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.a.Overdue(tt.today); got != tt.want {
				t.Errorf("Overdue(%s) for %+v: got %v, want %v", tt.today, tt.a, got, tt.want)
			}
		})
	}
}

func TestConfidenceMeaning(t *testing.T) {
	tests := []struct {
		name string
		c    Confidence
		want string
	}{
		{name: "A", c: ConfidenceA, want: "high — direct sources"},
		{name: "B", c: ConfidenceB, want: "strong"},
		{name: "C", c: ConfidenceC, want: "medium"},
		{name: "D", c: ConfidenceD, want: "weak — signal or internal monitoring only"},
		{name: "Unknown", c: "E", want: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ConfidenceMeaning(tt.c); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}
