package workspace

import (
	"context"
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"riskbook/bcp"
	"riskbook/risk"
)

// TestTrendMemo: a trend read from the memo, resumed from the rows after
// it, is the trend replayed from the whole change log: as computed, after
// edits in the month, after an assessment closed since, and once a month
// has ended since (which replays it all again). A memo of another version
// is none.
func TestTrendMemo(t *testing.T) {
	ctx := context.Background()
	w := newStarter(t, bcp.Setup{Organisation: "Registry of .xx"})
	start := time.Now().UTC()
	at := start
	w.DB.Now = func() time.Time { return at }
	r, err := w.RiskByRef(ctx, "R-001")
	if err != nil {
		t.Fatal(err)
	}
	edit := func(days int, fn func(r *risk.Risk)) {
		t.Helper()
		at = start.AddDate(0, 0, days)
		fn(&r)
		if err := w.UpdateRisk(ctx, &r); err != nil {
			t.Fatal(err)
		}
	}
	edit(35, func(r *risk.Risk) {
		r.Actions = append(r.Actions, risk.Action{Title: "Second provider", Owner: "Ana", Due: risk.DateOf(at).AddDays(60)})
	})
	edit(65, func(r *risk.Risk) { r.Actions[len(r.Actions)-1].Status = risk.Done })
	// compare computes the trend at now twice, from the memo and then
	// from the whole change log, and wants them equal.
	compare := func(name string, now time.Time) *bcp.Trend {
		t.Helper()
		memo, err := w.trend(ctx, now, nil)
		if err != nil {
			t.Fatal(err)
		}
		forgetTrendMemo(t, w)
		whole, err := w.trend(ctx, now, nil)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(memo, whole) {
			t.Errorf("%s: from the memo\n%+v\nfrom the whole change log\n%+v", name, memo.Points, whole.Points)
		}
		return whole
	}
	now := start.AddDate(0, 0, 100)
	first := compare("Computed", now)
	if _, err := w.trend(ctx, now, nil); err != nil { // keeps the memo
		t.Fatal(err)
	}
	compare("MemoOfThisMonth", now)

	// The memo is what is read: a point changed in it shows.
	s, err := w.Snapshot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	m, through, err := readTrendMemo(ctx, s)
	s.Close()
	if err != nil || m == nil || len(m.Months) == 0 {
		t.Fatalf("memo: got %+v, %v; want the months of the trend", m, err)
	}
	m.Months[0].OpenFindings = 999
	keepMemo(t, w, trendMemoVersion, through, m)
	if tr, err := w.trend(ctx, now, nil); err != nil || tr.Points[0].OpenFindings != 999 {
		t.Fatalf("a trend with a memo: got %+v, %v; want the memo's first month", tr.Points[0], err)
	}
	// Of another version, it is none.
	keepMemo(t, w, trendMemoVersion+1, through, m)
	if tr, err := w.trend(ctx, now, nil); err != nil || !reflect.DeepEqual(tr, first) {
		t.Fatalf("a memo of another version: got %+v, %v; want the trend replayed", tr.Points, err)
	}

	// Edits after the memo, in the month of now: an action opened, one done.
	if _, err := w.trend(ctx, now, nil); err != nil {
		t.Fatal(err)
	}
	edit(98, func(r *risk.Risk) {
		r.Actions = append(r.Actions, risk.Action{Title: "Third provider", Owner: "Ana", Due: risk.DateOf(at).AddDays(60)})
	})
	edit(99, func(r *risk.Risk) { r.Actions[len(r.Actions)-1].Status = risk.Done })
	tr := compare("EditsAfterTheMemo", now)
	if last, _ := tr.Last(); last.Closed != 2 {
		t.Errorf("today: got %d actions closed, want 2", last.Closed)
	}

	// An assessment closed after the memo.
	if _, err := w.trend(ctx, now, nil); err != nil {
		t.Fatal(err)
	}
	at = start.AddDate(0, 0, 99)
	if _, err := w.CloseAssessment(ctx, "Q2"); err != nil {
		t.Fatal(err)
	}
	compare("AssessmentAfterTheMemo", now)

	// A month later: the month just ended is replayed.
	if _, err := w.trend(ctx, now, nil); err != nil {
		t.Fatal(err)
	}
	later := now.AddDate(0, 1, 0)
	n := len(compare("MonthEndedSince", later).Points)
	if n <= len(first.Points) {
		t.Errorf("a month later: got %d points, want more than %d", n, len(first.Points))
	}
}

// forgetTrendMemo makes the workspace's memo void, as a memo of another
// version is.
func forgetTrendMemo(t *testing.T, w *Workspace) {
	t.Helper()
	s, err := w.Snapshot(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	head, err := s.Head(context.Background())
	s.Close()
	if err != nil {
		t.Fatal(err)
	}
	keepMemo(t, w, -1, head, &trendMemo{Closings: risk.NewClosingTracker()})
}

func keepMemo(t *testing.T, w *Workspace, version int, through int64, m *trendMemo) {
	t.Helper()
	data, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.DB.KeepTrendMemo(context.Background(), version, through, data); err != nil {
		t.Fatal(err)
	}
}
