package workspace

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"riskbook/risk"
)

// trendBenchMonths and trendBenchPerMonth are the history the trend is
// measured on: a year in which a twelfth of the register is reviewed each
// month, re-scored, and given an action that the next review closes.
const (
	trendBenchMonths   = 12
	trendBenchPerMonth = 10_000 / 12
)

// growHistory gives the workspace at path months of history after its
// creation: each month, perMonth risks are reviewed, their residual
// likelihood moved, the action opened at their last review done and a new
// one opened, the first month after start. It returns five days after the
// last month, the now to measure the trend at.
func growHistory(tb testing.TB, path string, start time.Time, months, perMonth int) time.Time {
	tb.Helper()
	ctx := context.Background()
	w, err := Open(ctx, path)
	if err != nil {
		tb.Fatal(err)
	}
	defer w.Close()
	at := start
	w.DB.Now = func() time.Time { return at }
	rs, err := w.Risks(ctx)
	if err != nil {
		tb.Fatal(err)
	}
	c, err := w.Criteria(ctx)
	if err != nil {
		tb.Fatal(err)
	}
	next := 0
	for m := 1; m <= months; m++ {
		at = start.AddDate(0, m, 0)
		today := risk.DateOf(at)
		batch := make([]risk.Risk, 0, perMonth)
		for range perMonth {
			r := rs[next%len(rs)]
			next++
			r.LastReview = today
			for j := range r.Actions {
				if r.Actions[j].IsOpen() {
					r.Actions[j].Status = risk.Done
				}
			}
			r.Actions = append(r.Actions, risk.Action{Title: fmt.Sprintf("Review %d", m), Owner: r.Owner, Due: today.AddDays(45)})
			if r.Residual.IsZero() {
				r.Residual = r.Inherent
			}
			if l := r.Residual.Likelihood; l > 1 && m%3 != 0 {
				r.Residual.Likelihood = l - 1
			} else if l < len(c.Likelihood) {
				r.Residual.Likelihood = l + 1
			}
			r.Justification = "Controls measured at the review."
			batch = append(batch, r)
		}
		if err := w.UpdateRisks(ctx, batch); err != nil {
			tb.Fatal(err)
		}
		for i := range batch {
			rs[(next-len(batch)+i)%len(rs)] = batch[i]
		}
		if m == months/2 {
			if _, err := w.CloseAssessment(ctx, "Mid-year"); err != nil {
				tb.Fatal(err)
			}
		}
	}
	return start.AddDate(0, months, 5)
}

// BenchmarkTrend computes the indicators over time of a 10,000-risk
// workspace with a year of history (12 months of 833 reviews each, an
// assessment closed at mid-year): 12 month ends, the assessment and
// today. Replay: without the memo, the change log replayed and the
// assessment's records read (a workspace opened read-only keeps no memo),
// as the first trend of a month does. Memo: from the memo, as every other
// trend of the month does (the documents, the dashboard).
func BenchmarkTrend(b *testing.B) {
	src := benchWorkspace(b, 10_000)
	path := filepath.Join(b.TempDir(), "history.riskbook")
	copyFile(b, src, path)
	now := growHistory(b, path, time.Now().UTC(), trendBenchMonths, trendBenchPerMonth)
	ctx := context.Background()
	for _, name := range []string{"Replay", "Memo"} {
		b.Run(name, func(b *testing.B) {
			open := OpenReadOnly
			if name == "Memo" {
				open = Open
			}
			w, err := open(ctx, path)
			if err != nil {
				b.Fatal(err)
			}
			defer w.Close()
			if name == "Memo" {
				if _, err := w.trend(ctx, now, nil); err != nil { // keeps the memo
					b.Fatal(err)
				}
			}
			b.ReportAllocs()
			peak := startPeakHeap()
			var points int
			for b.Loop() {
				// Not w.Trend: it keeps the last trend in memory.
				t, err := w.trend(ctx, now, nil)
				if err != nil {
					b.Fatal(err)
				}
				points = len(t.Points)
			}
			peak.report(b)
			b.ReportMetric(float64(points), "points")
		})
	}
}
