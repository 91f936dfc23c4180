package workspace

import (
	"context"
	"encoding/json"
	"time"

	"riskbook/bcp"
	"riskbook/risk"
	"riskbook/sqlite"
)

// The trend's memo: what a trend computed that never changes, kept in the
// workspace (sqlite.KeepTrendMemo) so that the next document, dashboard
// or riskbook trend reads it instead of replaying the whole change log
// and reading every closed assessment's records again. The months that
// are over come from rows that are never changed, an assessment from its
// frozen records and the rows up to its closing; only the account of the
// actions closed goes on, and it resumes from the rows after the memo.

// trendMemoVersion is the version of the memo's content: raise it when an
// indicator's definition or what the memo holds changes, so that a memo
// counted the old way is computed again instead of read.
const trendMemoVersion = 1

// trendMemoRows is how many change-log rows after the memo a trend reads
// before it keeps a new memo, though nothing else changed: the account of
// the actions closed then resumes from there.
const trendMemoRows = 1000

// trendMemo is what the memo holds.
type trendMemo struct {
	// Until is the end of the last month its months run to: the memo
	// serves the trends measured in the month after.
	Until risk.Date `json:"until"`
	// Months are the points of the months ended, without the salvages'
	// caveats: a later salvage marks them too.
	Months      []bcp.TrendPoint     `json:"months"`
	Assessments []memoAssessment     `json:"assessments"`
	Closings    *risk.ClosingTracker `json:"closings"`
	Salvaged    []time.Time          `json:"salvaged"`
}

// memoAssessment is the point of a closed assessment, known by its name
// and the change-log row it was closed after.
type memoAssessment struct {
	Name    string         `json:"name"`
	Through int64          `json:"through"`
	Point   bcp.TrendPoint `json:"point"`
}

// assessment returns the point the memo has of a, false when it has none
// (or there is no memo).
func (m *trendMemo) assessment(a risk.Assessment) (bcp.TrendPoint, bool) {
	if m == nil {
		return bcp.TrendPoint{}, false
	}
	for _, k := range m.Assessments {
		if k.Name == a.Name && k.Through == a.Through {
			return k.Point, true
		}
	}
	return bcp.TrendPoint{}, false
}

// readTrendMemo returns the memo that still holds and the last change-log
// row it counts; nil when there is none. A memo that cannot be read is
// none: it is computed again.
func readTrendMemo(ctx context.Context, s *sqlite.Snapshot) (*trendMemo, int64, error) {
	data, through, ok, err := s.TrendMemo(ctx, trendMemoVersion)
	if err != nil || !ok {
		return nil, 0, err
	}
	m := &trendMemo{}
	if json.Unmarshal(data, m) != nil || m.Closings == nil {
		return nil, 0, nil
	}
	return m, through, nil
}

// keepTrendMemo keeps m, counting the change log up to the row through,
// when the workspace can be written. The memo only saves time: a trend is
// the same without it, so a memo that cannot be kept (a read-only
// workspace, another writer holding the file, a full disk) leaves the
// next trend to compute it again, and is not an error of the trend's.
func (w *Workspace) keepTrendMemo(ctx context.Context, through int64, m *trendMemo) {
	if through == 0 || w.DB.ReadOnly() != "" || ctx.Err() != nil {
		return
	}
	// Points measured in the month after Until or later never count the
	// actions closed a whole window before it.
	m.Closings.Forget(m.Until)
	data, err := json.Marshal(m)
	if err != nil {
		return
	}
	_ = w.DB.KeepTrendMemo(ctx, trendMemoVersion, through, data)
}

// lastMonthEnd is the last day of the month before the month of now, in
// UTC as the change log dates its rows.
func lastMonthEnd(now time.Time) risk.Date {
	now = now.UTC()
	return risk.DateOf(time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, -1))
}
