package risk

import (
	"encoding/json"
	"fmt"
	"reflect"
	"testing"
	"time"
)

func TestCountRegister(t *testing.T) {
	low, medium, high, critical := Score{1, 1}, Score{2, 3}, Score{3, 4}, Score{5, 5}
	today := Date{2026, time.June, 15}
	tests := []struct {
		name  string
		risks []Risk
		want  RegisterFigures
		// levels are the residual counts, Critical first.
		levels []int
	}{
		{name: "Empty", want: RegisterFigures{}, levels: []int{0, 0, 0, 0}},
		{name: "WithinAndAboveAppetite",
			risks:  []Risk{{Inherent: high, Residual: low}, {Inherent: critical, Residual: medium}, {Inherent: critical, Residual: high}},
			want:   RegisterFigures{Open: 3, Scored: 3, WithinAppetite: 2},
			levels: []int{0, 1, 1, 1}},
		{name: "ClosedCountNowhere",
			risks:  []Risk{{Inherent: critical, Residual: critical, Status: Closed, NextReview: Date{2020, 1, 1}}, {Inherent: low, Residual: low}},
			want:   RegisterFigures{Open: 1, Scored: 1, WithinAppetite: 1},
			levels: []int{0, 0, 0, 1}},
		{name: "UnscoredResidualIsNoShare",
			risks:  []Risk{{Inherent: high}, {}},
			want:   RegisterFigures{Open: 2, Unscored: 2},
			levels: []int{0, 0, 0, 0}},
		{name: "OverdueReviewsAndActions",
			risks: []Risk{
				{Residual: low, NextReview: Date{2026, time.June, 14}, Actions: []Action{
					{Due: Date{2026, time.June, 1}, Status: Planned},
					{Due: Date{2026, time.June, 1}, Status: Done},
					{Due: Date{2026, time.June, 15}, Status: InProgress},
					{Due: Date{2026, time.May, 1}, Status: Cancelled},
				}},
				{Residual: low, NextReview: today},
			},
			want:   RegisterFigures{Open: 2, Scored: 2, WithinAppetite: 2, Unscored: 2, OverdueReviews: 1, OverdueActions: 1},
			levels: []int{0, 0, 0, 2}},
	}
	c := DefaultCriteria()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := CountRegister(&Register{Criteria: c, Risks: tt.risks}, today)
			var levels []int
			for _, l := range got.Levels {
				levels = append(levels, l.Residual)
			}
			if got.Levels[0].Level.Label != "Critical" {
				t.Errorf("first level: got %q, want Critical", got.Levels[0].Level.Label)
			}
			got.Levels, got.Appetite = nil, 0
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
			if !reflect.DeepEqual(levels, tt.levels) {
				t.Errorf("residual per level: got %v, want %v", levels, tt.levels)
			}
		})
	}
}

func TestShare(t *testing.T) {
	for _, tt := range []struct {
		name     string
		n, total int
		want     float64
		ok       bool
	}{
		{"Half", 1, 2, 0.5, true},
		{"All", 3, 3, 1, true},
		{"NoneOfSome", 0, 4, 0, true},
		{"OfNothing", 0, 0, 0, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got, ok := Share(tt.n, tt.total); got != tt.want || ok != tt.ok {
				t.Errorf("Share(%d, %d): got %v, %v; want %v, %v", tt.n, tt.total, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestSoAProgressOf(t *testing.T) {
	catalog := []Control{{ID: "A.5.1"}, {ID: "A.5.2"}, {ID: "A.5.3"}, {ID: "A.5.4"}}
	tests := []struct {
		name string
		soa  []SoAEntry
		want SoAProgress
	}{
		{name: "NothingDecided", want: SoAProgress{Total: 4}},
		{name: "Mixed", soa: []SoAEntry{
			{Control: "A.5.1", Applicable: Applicable, Implementation: Implemented},
			{Control: "A.5.2", Applicable: Applicable, Implementation: PartlyImplemented},
			{Control: "A.5.3", Applicable: NotApplicable},
			{Control: "A.5.4"},
		}, want: SoAProgress{Total: 4, Decided: 3, Applicable: 2, Implemented: 1}},
		{name: "EntryOutsideTheCatalogIgnored", soa: []SoAEntry{{Control: "X.1", Applicable: Applicable, Implementation: Implemented}},
			want: SoAProgress{Total: 4}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := SoAProgressOf(&Register{Catalog: catalog, SoA: tt.soa}); got != tt.want {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestClosingTracker(t *testing.T) {
	at := func(m time.Month, d int) time.Time { return time.Date(2026, m, d, 10, 0, 0, 0, time.UTC) }
	act := func(title string, s ActionStatus) Action { return Action{Title: title, Status: s} }
	r := func(ref string, as ...Action) *Risk { return &Risk{Ref: ref, Actions: as} }
	type step struct {
		at            time.Time
		before, after *Risk
	}
	tests := []struct {
		name  string
		steps []step
		want  []string // "risk action opened→closed"
	}{
		{name: "OpenedThenDone", steps: []step{
			{at(time.January, 10), nil, r("R-1", act("Patch", Planned))},
			{at(time.February, 1), r("R-1", act("Patch", Planned)), r("R-1", act("Patch", InProgress))},
			{at(time.March, 1), r("R-1", act("Patch", InProgress)), r("R-1", act("Patch", Done))},
		}, want: []string{"R-1 Patch 2026-01-10→2026-03-01"}},
		{name: "FirstRecordedDoneIsNoClosing", steps: []step{
			{at(time.January, 10), nil, r("R-1", act("Patch", Done))},
		}},
		{name: "CancelledIsNoClosing", steps: []step{
			{at(time.January, 10), nil, r("R-1", act("Patch", Planned))},
			{at(time.February, 1), r("R-1", act("Patch", Planned)), r("R-1", act("Patch", Cancelled))},
		}},
		{name: "TitleWhateverTheCase", steps: []step{
			{at(time.January, 10), nil, r("R-1", act("Patch", Planned))},
			{at(time.January, 20), r("R-1", act("Patch", Planned)), r("R-1", act(" PATCH ", Done))},
		}, want: []string{"R-1 PATCH 2026-01-10→2026-01-20"}},
		{name: "RenamedRiskKeepsItsActions", steps: []step{
			{at(time.January, 10), nil, r("R-1", act("Patch", Planned))},
			{at(time.January, 15), r("R-1", act("Patch", Planned)), r("R-9", act("Patch", Planned))},
			{at(time.January, 20), r("R-9", act("Patch", Planned)), r("R-9", act("Patch", Done))},
		}, want: []string{"R-9 Patch 2026-01-10→2026-01-20"}},
		{name: "DeletedRiskForgotten", steps: []step{
			{at(time.January, 10), nil, r("R-1", act("Patch", Planned))},
			{at(time.January, 15), r("R-1", act("Patch", Planned)), nil},
			{at(time.January, 20), nil, r("R-1", act("Patch", Done))},
		}},
		{name: "ReopenedAndClosedAgain", steps: []step{
			{at(time.January, 1), nil, r("R-1", act("Patch", Planned))},
			{at(time.January, 5), nil, r("R-1", act("Patch", Done))},
			{at(time.February, 1), nil, r("R-1", act("Patch", Planned))},
			{at(time.February, 11), nil, r("R-1", act("Patch", Done))},
		}, want: []string{"R-1 Patch 2026-01-01→2026-01-05", "R-1 Patch 2026-02-01→2026-02-11"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Straight through, then stopped after each step and resumed
			// from what MarshalJSON kept: the same closings either way.
			for stop := 0; stop <= len(tt.steps); stop++ {
				tr := NewClosingTracker()
				for i, s := range tt.steps {
					if i == stop {
						kept, err := json.Marshal(tr)
						if err != nil {
							t.Fatal(err)
						}
						tr = &ClosingTracker{}
						if err := json.Unmarshal(kept, tr); err != nil {
							t.Fatal(err)
						}
					}
					tr.Record(int64(i+1), s.at, s.before, s.after)
				}
				var got []string
				for _, c := range tr.Closings {
					got = append(got, c.Risk+" "+c.Action+" "+c.Opened.String()+"→"+c.Closed.String())
				}
				if !reflect.DeepEqual(got, tt.want) {
					t.Errorf("resumed before step %d: got %q, want %q", stop, got, tt.want)
				}
			}
		})
	}
}

func TestClosingTrackerForget(t *testing.T) {
	jan1 := Date{2025, time.January, 1}
	tr := NewClosingTracker()
	tr.Closings = []Closing{
		{Risk: "R-1", Opened: jan1, Closed: Date{2025, time.June, 30}, Seq: 1},
		{Risk: "R-2", Opened: jan1, Closed: Date{2025, time.July, 1}, Seq: 2},
		{Risk: "R-3", Opened: jan1, Closed: Date{2026, time.March, 1}, Seq: 3},
	}
	today := Date{2026, time.June, 30}
	before := fmt.Sprint(MedianDaysToClose(tr.Closings, today, 0))
	tr.Forget(today)
	if len(tr.Closings) != 2 || tr.Closings[0].Risk != "R-2" {
		t.Errorf("got %+v, want R-2 and R-3 kept", tr.Closings)
	}
	// Nothing a point on that day or later counts is lost.
	for _, day := range []Date{today, today.AddDays(1), today.AddMonths(3)} {
		all := []Closing{{Opened: jan1, Closed: Date{2025, time.June, 30}}, {Opened: jan1, Closed: Date{2025, time.July, 1}}, {Opened: jan1, Closed: Date{2026, time.March, 1}}}
		if a, b := fmt.Sprint(MedianDaysToClose(all, day, 0)), fmt.Sprint(MedianDaysToClose(tr.Closings, day, 0)); a != b {
			t.Errorf("on %s: got %s after forgetting, want %s", day, b, a)
		}
	}
	if got := fmt.Sprint(MedianDaysToClose(tr.Closings, today, 0)); got != before {
		t.Errorf("got %s, want %s", got, before)
	}
}

func TestMedianDaysToClose(t *testing.T) {
	closing := func(opened, closed Date, seq int64) Closing { return Closing{Opened: opened, Closed: closed, Seq: seq} }
	jan1 := Date{2026, time.January, 1}
	today := Date{2026, time.June, 30}
	tests := []struct {
		name   string
		cs     []Closing
		seq    int64
		median float64
		n      int
		ok     bool
	}{
		{name: "None", ok: false},
		{name: "Odd", cs: []Closing{closing(jan1, jan1.AddDays(10), 1), closing(jan1, jan1.AddDays(2), 2), closing(jan1, jan1.AddDays(30), 3)},
			median: 10, n: 3, ok: true},
		{name: "EvenAveragesTheMiddle", cs: []Closing{closing(jan1, jan1.AddDays(4), 1), closing(jan1, jan1.AddDays(7), 2)},
			median: 5.5, n: 2, ok: true},
		{name: "OlderThanTheWindowLeftOut", cs: []Closing{closing(Date{2024, 1, 1}, Date{2025, 6, 30}, 1), closing(jan1, jan1.AddDays(3), 2)},
			median: 3, n: 1, ok: true},
		{name: "ClosedAfterTheDayLeftOut", cs: []Closing{closing(jan1, Date{2026, time.July, 1}, 1)}, ok: false},
		{name: "RecordedAfterTheSeqLeftOut", cs: []Closing{closing(jan1, jan1.AddDays(3), 1), closing(jan1, jan1.AddDays(9), 5)},
			seq: 4, median: 3, n: 1, ok: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, n, ok := MedianDaysToClose(tt.cs, today, tt.seq)
			if m != tt.median || n != tt.n || ok != tt.ok {
				t.Errorf("got %v over %d (%v), want %v over %d (%v)", m, n, ok, tt.median, tt.n, tt.ok)
			}
		})
	}
}

func TestReviewsDueSince(t *testing.T) {
	since := Date{2026, time.January, 31}
	today := Date{2026, time.June, 15}
	rs := []Risk{
		{Ref: "R-1", NextReview: Date{2026, time.March, 1}},
		{Ref: "R-2", NextReview: Date{2025, time.December, 1}},
		{Ref: "R-3", NextReview: Date{2026, time.July, 1}},
		{Ref: "R-4", NextReview: Date{2026, time.February, 1}, Status: Closed},
		{Ref: "R-5", NextReview: since},
		{Ref: "R-6", NextReview: today},
		{Ref: "R-7"},
		{Ref: "R-8", NextReview: Date{2026, time.February, 1}},
	}
	var got []string
	for _, r := range ReviewsDueSince(rs, since, today) {
		s := r.Ref + " " + r.Due.String()
		if r.Carried {
			s += " carried"
		}
		got = append(got, s)
	}
	want := []string{"R-8 2026-02-01", "R-1 2026-03-01", "R-6 2026-06-15", "R-2 2025-12-01 carried", "R-5 2026-01-31 carried"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q,\nwant %q", got, want)
	}
}
