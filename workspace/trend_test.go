package workspace

import (
	"context"
	"fmt"
	"testing"
	"time"

	"riskbook/bcp"
	"riskbook/risk"
)

// TestTrend: months of history give a point at the end of each month,
// rebuilt as the records stood then; a closed assessment gives a point
// from its frozen records; today gives the last. An action opened in one
// month and done in the next is closed in 30 days.
func TestTrend(t *testing.T) {
	ctx := context.Background()
	w := newStarter(t, bcp.Setup{Organisation: "Registry of .xx"})
	start := time.Now().UTC()
	at := start
	w.DB.Now = func() time.Time { return at }
	month := func(d int) risk.Date { // the last day of the month d days after the start
		t := start.AddDate(0, 0, d)
		return risk.DateOf(time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, 1, -1))
	}

	r, err := w.RiskByRef(ctx, "R-001")
	if err != nil {
		t.Fatal(err)
	}
	c := risk.DefaultCriteria()
	wasWithin := !r.Residual.IsZero() && !c.AboveAppetite(r.Residual)
	at = start.AddDate(0, 0, 40)
	r.Residual = risk.Score{Likelihood: 1, Consequence: 1}
	r.Actions = append(r.Actions, risk.Action{Title: "Move the secondary name server to a second provider", Owner: "Ana", Due: risk.DateOf(at).AddDays(60)})
	if err := w.UpdateRisk(ctx, &r); err != nil {
		t.Fatal(err)
	}
	at = start.AddDate(0, 0, 70)
	r.Actions[len(r.Actions)-1].Status = risk.Done
	if err := w.UpdateRisk(ctx, &r); err != nil {
		t.Fatal(err)
	}
	if _, err := w.CloseAssessment(ctx, "Q1"); err != nil {
		t.Fatal(err)
	}
	now := start.AddDate(0, 0, 100)
	tr, err := w.Trend(ctx, now)
	if err != nil {
		t.Fatalf("Trend: %v", err)
	}

	var months []bcp.TrendPoint
	var assessment, today *bcp.TrendPoint
	for i := range tr.Points {
		p := &tr.Points[i]
		if i > 0 && p.Day.Before(tr.Points[i-1].Day) {
			t.Errorf("point %d (%v) comes after a later one (%v)", i, p.Day, tr.Points[i-1].Day)
		}
		if !p.Caveat.IsZero() {
			t.Errorf("point %v: caveat %+v, want none", p.Day, p.Caveat)
		}
		switch p.Kind {
		case bcp.MonthEnd:
			months = append(months, *p)
		case bcp.AssessmentPoint:
			assessment = p
		case bcp.TodayPoint:
			today = p
		}
	}
	// Three or four month ends, from the month of the start to the last
	// one ended before now.
	if len(months) < 3 || months[0].Day != month(0) || months[len(months)-1].Day.After(risk.DateOf(now)) {
		t.Fatalf("month ends: got %d from %v, want one a month from %v", len(months), months[0].Day, month(0))
	}
	first, second := months[0].Register, months[1].Register
	if months[1].Day != month(40) {
		t.Fatalf("second month end: got %v, want %v", months[1].Day, month(40))
	}
	want := first.WithinAppetite
	if !wasWithin {
		want++
	}
	if second.WithinAppetite != want || second.Scored != first.Scored {
		t.Errorf("within appetite at the end of the month R-001 was lowered: got %d of %d, want %d of %d",
			second.WithinAppetite, second.Scored, want, first.Scored)
	}
	if months[0].HasMedian || !months[2].HasMedian || months[2].MedianDays != 30 || months[2].Closed != 1 {
		t.Errorf("median days to close: got %v over %d at %v, %v over %d at %v; want none, then 30 over 1",
			months[0].MedianDays, months[0].Closed, months[0].Day, months[2].MedianDays, months[2].Closed, months[2].Day)
	}
	if assessment == nil || assessment.Assessment != "Q1" || assessment.Day != risk.DateOf(start.AddDate(0, 0, 70)) ||
		!assessment.HasMedian || assessment.Register.WithinAppetite != second.WithinAppetite {
		t.Errorf("assessment point: got %+v; want Q1 as of its closing day, with the action's closing", assessment)
	}
	if today == nil || today.Day != risk.DateOf(now) || tr.Points[len(tr.Points)-1].Kind != bcp.TodayPoint {
		t.Fatalf("today's point: got %+v, want the last, as of %v", today, risk.DateOf(now))
	}
	rec, err := w.Records(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// As it stood at the closing of Q1: the months before it, and Q1 last.
	asOf, err := w.AssessmentTrend(ctx, "q1")
	if err != nil {
		t.Fatalf("AssessmentTrend: %v", err)
	}
	before := 0
	for _, m := range months {
		if m.Day.Before(assessment.Day) {
			before++
		}
	}
	if n := len(asOf.Points); n != before+1 || asOf.Points[n-1].Kind != bcp.AssessmentPoint || asOf.Points[n-1].Register.WithinAppetite != assessment.Register.WithinAppetite ||
		asOf.Points[0].Day != months[0].Day || asOf.Points[1].Register.WithinAppetite != months[1].Register.WithinAppetite {
		t.Errorf("trend as of Q1: got %d points %+v; want the %d month ends before it and Q1 itself", n, asOf.Points, before)
	}
	if _, err := w.AssessmentTrend(ctx, "Q9"); err == nil {
		t.Error("AssessmentTrend of an unknown assessment: no error")
	}
	if live := bcp.Measure(rec, risk.DateOf(now), nil, 0); live.Register.WithinAppetite != today.Register.WithinAppetite ||
		live.SoA != today.SoA || live.Coverage != today.Coverage || live.OpenFindings != today.OpenFindings {
		t.Errorf("today: got %+v, want the live records' %+v", today.Indicators, live)
	}
}

// TestTrendOfANewWorkspace: a workspace made today has no month behind
// it, only today.
func TestTrendOfANewWorkspace(t *testing.T) {
	w := newStarter(t, bcp.Setup{})
	tr, err := w.Trend(context.Background(), time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if len(tr.Points) != 1 || tr.Points[0].Kind != bcp.TodayPoint {
		t.Errorf("got %d points, want today's only", len(tr.Points))
	}
}

func TestMonthCuts(t *testing.T) {
	at := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 12, 0, 0, 0, time.UTC) }
	m := newMonthCuts(at(2026, time.May, 10))
	if _, ok := m.passed(at(2026, time.January, 30)); ok {
		t.Fatal("the first row ends no month")
	}
	var got []string
	for _, row := range []time.Time{at(2026, time.January, 31), at(2026, time.April, 2), at(2026, time.December, 1)} {
		for d, ok := m.passed(row); ok; d, ok = m.passed(row) {
			got = append(got, d.String())
		}
	}
	want := "[2026-01-31 2026-02-28 2026-03-31 2026-04-30]"
	if s := fmt.Sprint(got); s != want {
		t.Errorf("month ends: got %s, want %s (none after now)", s, want)
	}
}

// TestReviewsSinceBaseline: without an assessment nothing is listed; a
// year after one was closed, the reviews that fell due since are listed,
// each due between the closing and now.
func TestReviewsSinceBaseline(t *testing.T) {
	ctx := context.Background()
	w := newStarter(t, bcp.Setup{})
	s, err := w.ReviewsSinceBaseline(ctx, time.Now())
	if err != nil || s.HasBaseline || len(s.Reviews) != 0 {
		t.Fatalf("without an assessment: got %+v, %v", s, err)
	}
	a, err := w.CloseAssessment(ctx, "2026 annual")
	if err != nil {
		t.Fatal(err)
	}
	later := a.Closed.AddDate(1, 0, 1)
	if s, err = w.ReviewsSinceBaseline(ctx, later); err != nil {
		t.Fatal(err)
	}
	if !s.HasBaseline || s.Baseline.Name != "2026 annual" || len(s.Reviews) == 0 || s.Since() != len(s.Reviews) {
		t.Fatalf("a year later: got baseline %q, %d reviews of which %d since", s.Baseline.Name, len(s.Reviews), s.Since())
	}
	for _, r := range s.Reviews {
		if r.Due.After(risk.DateOf(later)) || !r.Due.After(risk.DateOf(a.Closed)) {
			t.Errorf("%s due %v: not between the closing and now", r.Ref, r.Due)
		}
	}
}
