package bcp

import "riskbook/risk"

// The indicators over time (issue 17): the points the trend of a
// workspace is made of, each the Indicators as of one day.

// PointKind says where a point of the trend comes from.
type PointKind int

// Kinds of points, in the order points of one day are listed.
const (
	// MonthEnd is the end of a month, rebuilt from the change log.
	MonthEnd PointKind = iota
	// AssessmentPoint is a closed assessment, from its frozen records.
	AssessmentPoint
	// TodayPoint is the live records, as of today.
	TodayPoint
)

// TrendPoint is the indicators as of one day.
type TrendPoint struct {
	Kind PointKind
	// Assessment is the closed assessment the point is, for an
	// AssessmentPoint.
	Assessment string
	Indicators
	// Caveat says why the point's figures may not be exact; zero when they
	// are.
	Caveat Caveat
}

// Caveat is what keeps a point rebuilt from the change log from being
// exact: a salvage after it, which may have lost changes of that time, or
// rows whose state could not be read.
type Caveat struct {
	// Salvaged is the day of the first salvage after the point, zero when
	// there was none.
	Salvaged risk.Date
	// Unreadable counts the change-log rows up to the point whose state
	// could not be read.
	Unreadable int
}

// IsZero reports whether nothing keeps the point from being exact.
func (c Caveat) IsZero() bool { return c == Caveat{} }

// Trend is the indicators over time, oldest first.
type Trend struct {
	Points []TrendPoint
}

// Last returns the newest point, false when there is none.
func (t *Trend) Last() (TrendPoint, bool) {
	if len(t.Points) == 0 {
		return TrendPoint{}, false
	}
	return t.Points[len(t.Points)-1], true
}
