package workspace

import (
	"context"
	"slices"
	"sync"
	"time"

	"riskbook/bcp"
	"riskbook/risk"
	"riskbook/sqlite"
)

// Indicators over time (issue 17): the figures of bcp.Indicators for every
// closed assessment, from its frozen records as of its closing day; for
// the end of every month of the change log's history, from the records
// rebuilt as they stood then; and for today. The dashboard, the documents
// and riskbook assessment trend all read them from here.

// Trend computes the indicators for every closed assessment, for the end
// of every month from the first of the change log's history to the last
// before now, and for now.
// The trend returned is shared with later callers: read it, never change
// it.
func (w *Workspace) Trend(ctx context.Context, now time.Time) (*bcp.Trend, error) {
	s, err := w.Snapshot(ctx)
	if err != nil {
		return nil, err
	}
	head, err := s.Head(ctx)
	s.Close()
	if err != nil {
		return nil, err
	}
	key := trendKey{head: head, day: risk.DateOf(now)}
	if t, ok := w.trends.get(key); ok {
		return t, nil
	}
	t, err := w.trend(ctx, now, nil)
	if err == nil {
		w.trends.put(key, t)
	}
	return t, err
}

// trendCache is the last trend computed and what it was computed on: the
// change log's head (no change since, no change at all) and the day.
type trendCache struct {
	mu    sync.Mutex
	key   trendKey
	trend *bcp.Trend
}

type trendKey struct {
	head int64
	day  risk.Date
}

func (c *trendCache) get(k trendKey) (*bcp.Trend, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.trend, c.trend != nil && c.key == k
}

func (c *trendCache) put(k trendKey, t *bcp.Trend) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.key, c.trend = k, t
}

// AssessmentTrend is the trend as it stood when the assessment called name
// was closed: the ends of the months before, the assessments closed
// before it, and itself last. It never changes, like the assessment.
func (w *Workspace) AssessmentTrend(ctx context.Context, name string) (*bcp.Trend, error) {
	list, err := w.Assessments(ctx)
	if err != nil {
		return nil, err
	}
	a, ok := risk.FindAssessment(list, name)
	if !ok {
		// The store's refusal names the assessments there are.
		_, _, err := w.DB.AssessmentRecords(ctx, name)
		return nil, err
	}
	return w.trend(ctx, a.Closed, &a)
}

// trend computes the points up to now, or, for an assessment, as they
// stood when it was closed: the change log up to its closing, the
// assessments closed before it, and itself instead of the live records.
// Up to now, what the memo kept serves: the months that were over when
// it was made and the assessments it measured, with its account of the
// actions closed, resumed from the rows after it; the change log is
// replayed only when a month has ended since, or when there is no memo.
func (w *Workspace) trend(ctx context.Context, now time.Time, upTo *risk.Assessment) (*bcp.Trend, error) {
	s, err := w.Snapshot(ctx)
	if err != nil {
		return nil, err
	}
	defer s.Close()
	var memo *trendMemo
	var memoThrough int64
	if upTo == nil {
		if memo, memoThrough, err = readTrendMemo(ctx, s); err != nil {
			return nil, err
		}
	}
	next := &trendMemo{Until: lastMonthEnd(now)}
	var through int64
	if memo != nil && memo.Until == next.Until {
		next.Months, next.Closings, next.Salvaged = memo.Months, memo.Closings, memo.Salvaged
		last, salvaged, err := s.RiskChanges(ctx, memoThrough, next.Closings.Record)
		if err != nil {
			return nil, err
		}
		next.Salvaged = append(next.Salvaged, salvaged...)
		through = last
	} else {
		var upToRow int64
		if upTo != nil {
			upToRow = upTo.Through
		}
		if through, err = replayMonths(ctx, s, now, upToRow, next); err != nil {
			return nil, err
		}
	}
	t := &bcp.Trend{Points: slices.Clone(next.Months)}
	noteSalvages(t.Points, next.Salvaged)

	list, err := w.Assessments(ctx)
	if err != nil {
		return nil, err
	}
	measured := 0
	for _, a := range list {
		if upTo != nil && a.Through > upTo.Through {
			continue
		}
		p, ok := memo.assessment(a)
		if !ok {
			_, rec, err := w.AssessmentRecords(ctx, a.Name)
			if err != nil {
				return nil, err
			}
			p = bcp.TrendPoint{Kind: bcp.AssessmentPoint, Assessment: a.Name,
				Indicators: bcp.Measure(rec, risk.DateOf(a.Closed), next.Closings.Closings, a.Through)}
			measured++
		}
		next.Assessments = append(next.Assessments, memoAssessment{Name: a.Name, Through: a.Through, Point: p})
		t.Points = append(t.Points, p)
	}
	if upTo == nil {
		today, err := w.today(ctx, s, risk.DateOf(now), next.Closings.Closings)
		if err != nil {
			return nil, err
		}
		t.Points = append(t.Points, bcp.TrendPoint{Kind: bcp.TodayPoint, Indicators: today})
		if memo == nil || memo.Until != next.Until || measured > 0 || through-memoThrough >= trendMemoRows {
			w.keepTrendMemo(ctx, through, next)
		}
	}
	slices.SortStableFunc(t.Points, func(a, b bcp.TrendPoint) int {
		if c := b.Day.DaysUntil(a.Day); c != 0 {
			return c
		}
		return int(a.Kind) - int(b.Kind)
	})
	return t, ctx.Err()
}

// today measures the live records as of today: the register counted as
// it is read, without holding it, and the other records whole.
func (w *Workspace) today(ctx context.Context, s *sqlite.Snapshot, today risk.Date, closings []risk.Closing) (bcp.Indicators, error) {
	var in bcp.Indicators
	reg := &risk.Register{}
	var err error
	if reg.Criteria, err = w.DB.Criteria(ctx); err != nil {
		return in, err
	}
	if reg.Catalog, err = w.DB.Controls(ctx); err != nil {
		return in, err
	}
	if reg.SoA, err = w.DB.SoA(ctx); err != nil {
		return in, err
	}
	tally := risk.NewTally(&reg.Criteria, today)
	if err := s.TallyRisks(ctx, tally); err != nil {
		return in, err
	}
	rec := &bcp.Workspace{Register: reg}
	if rec.BIA, err = w.BIA(ctx); err != nil {
		return in, err
	}
	if rec.Playbooks, err = w.Playbooks(ctx); err != nil {
		return in, err
	}
	if rec.Exercises, err = w.Exercises(ctx); err != nil {
		return in, err
	}
	return bcp.MeasureCounted(rec, tally.Figures(), today, closings, 0), nil
}

// replayMonths replays the change log up to the row through (all of it
// when 0), putting in m the points of the months that ended before now,
// the actions closed and the salvages, and returns the last row read.
func replayMonths(ctx context.Context, s *sqlite.Snapshot, now time.Time, through int64, m *trendMemo) (int64, error) {
	m.Closings = risk.NewClosingTracker()
	months := newMonthCuts(now)
	st, err := s.Replay(ctx, through, sqlite.Replay{
		Before: func(at time.Time, st *sqlite.ReplayState) error {
			for day, ok := months.passed(at); ok; day, ok = months.passed(at) {
				m.Months = append(m.Months, monthPoint(st, day, m.Closings))
			}
			return nil
		},
		Risk: m.Closings.Record,
	})
	if err != nil {
		return 0, err
	}
	// Months with no change after the last row: the records stayed as
	// they were, so one rebuild serves them all.
	var rec *bcp.Workspace
	for day, ok := months.passed(now); ok; day, ok = months.passed(now) {
		if rec == nil {
			rec = recordsOf(st.Records())
		}
		m.Months = append(m.Months, bcp.TrendPoint{Kind: bcp.MonthEnd, Indicators: bcp.Measure(rec, day, m.Closings.Closings, 0),
			Caveat: bcp.Caveat{Unreadable: st.Unreadable}})
	}
	m.Salvaged = st.Salvaged
	return st.Seq, nil
}

// monthPoint measures the records a replay has rebuilt, as of the last day
// of a month.
func monthPoint(st *sqlite.ReplayState, day risk.Date, closings *risk.ClosingTracker) bcp.TrendPoint {
	return bcp.TrendPoint{Kind: bcp.MonthEnd, Indicators: bcp.Measure(recordsOf(st.Records()), day, closings.Closings, st.Seq),
		Caveat: bcp.Caveat{Unreadable: st.Unreadable}}
}

// noteSalvages marks the months before a salvage: it may have lost
// changes made then.
func noteSalvages(points []bcp.TrendPoint, salvaged []time.Time) {
	for i := range points {
		p := &points[i]
		for _, at := range salvaged {
			if d := risk.DateOf(at); p.Day.Before(d) {
				p.Caveat.Salvaged = d
				break
			}
		}
	}
}

// monthCuts are the ends of the months of a history, in UTC, as the
// change log dates its rows: from the month of the first row to the last
// month that ended before now.
type monthCuts struct {
	now  time.Time
	next time.Time // the first instant of the month after the next end
}

func newMonthCuts(now time.Time) *monthCuts { return &monthCuts{now: now.UTC()} }

// passed returns the last day of the next month that ended at or before
// at (and before now), false when none did.
func (m *monthCuts) passed(at time.Time) (risk.Date, bool) {
	at = at.UTC()
	if m.next.IsZero() {
		// The history starts in the month of its first row.
		m.next = time.Date(at.Year(), at.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, 1, 0)
		return risk.Date{}, false
	}
	if at.Before(m.next) || m.now.Before(m.next) {
		return risk.Date{}, false
	}
	day := risk.DateOf(m.next.AddDate(0, 0, -1))
	m.next = m.next.AddDate(0, 1, 0)
	return day, true
}
