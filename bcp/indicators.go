package bcp

import (
	"strings"

	"riskbook/risk"
)

// Indicators of the continuity programme and of the whole workspace
// (issue 17), each defined once here or in package risk.

// IsTop reports whether an activity is of top priority: ranked, and at or
// above the rank the settings call top priority.
func (s *Settings) IsTop(a *Activity) bool {
	return a.Priority >= 1 && a.Priority <= s.TopPriority
}

// Exercised is the day playbook p was last exercised as of today: the
// later of its recorded last exercise and the latest exercise held on or
// before today that played it; zero when it never was.
func Exercised(p *Playbook, exs []Exercise, today risk.Date) risk.Date {
	d := p.LastExercised
	if d.After(today) {
		d = risk.Date{}
	}
	for i := range exs {
		ex := &exs[i]
		if ex.Date.IsZero() || ex.Date.After(today) || !ex.Plays(p.Ref) {
			continue
		}
		if d.IsZero() || ex.Date.After(d) {
			d = ex.Date
		}
	}
	return d
}

// Plays reports whether the exercise played the playbook ref.
func (ex *Exercise) Plays(ref string) bool {
	for _, r := range ex.Playbooks {
		if strings.EqualFold(r, ref) {
			return true
		}
	}
	return false
}

// ExercisedRecently reports whether a playbook last exercised on d was
// exercised within PlaybookExerciseAge months of today, as the rule that
// warns about a playbook not exercised judges it.
func ExercisedRecently(d, today risk.Date) bool {
	return !d.IsZero() && !d.After(today) && !d.AddMonths(PlaybookExerciseAge).Before(today)
}

// Coverage counts the top-priority activities, and how many of them a
// playbook exercised in the last PlaybookExerciseAge months restores.
type Coverage struct{ Top, Covered int }

// Share is the share of the top-priority activities covered.
func (c Coverage) Share() (float64, bool) { return risk.Share(c.Covered, c.Top) }

// CoverageOf counts the coverage of w's top-priority activities by
// recently exercised playbooks, as of today.
func CoverageOf(w *Workspace, today risk.Date) Coverage {
	var c Coverage
	if w.BIA == nil {
		return c
	}
	var fresh []*Playbook
	for i := range w.Playbooks {
		p := &w.Playbooks[i]
		if ExercisedRecently(Exercised(p, w.Exercises, today), today) {
			fresh = append(fresh, p)
		}
	}
	for i := range w.BIA.Activities {
		a := &w.BIA.Activities[i]
		if !w.BIA.Settings.IsTop(a) {
			continue
		}
		c.Top++
		for _, p := range fresh {
			if p.Covers(a.Ref) {
				c.Covered++
				break
			}
		}
	}
	return c
}

// OpenFindings counts the findings of exercises that the team has not
// closed.
func OpenFindings(exs []Exercise) int {
	n := 0
	for i := range exs {
		for j := range exs[i].Findings {
			if !exs[i].Findings[j].IsClosed() {
				n++
			}
		}
	}
	return n
}

// Indicators are the figures a programme is judged on over time, as of
// one day: the register's (risks within appetite, per level, overdue
// reviews and actions), the Statement of Applicability's decisions, the
// coverage of top-priority activities by recently exercised playbooks,
// the open findings of exercises and how long actions take to close.
type Indicators struct {
	Day      risk.Date
	Register risk.RegisterFigures
	SoA      risk.SoAProgress
	Coverage Coverage
	// OpenFindings counts the exercises' findings not closed.
	OpenFindings int
	// MedianDays is the median number of days the actions closed in the
	// risk.ClosingWindow months up to Day stayed open, over Closed
	// actions; HasMedian is false when none was closed then.
	MedianDays float64
	Closed     int
	HasMedian  bool
}

// Measure computes the indicators of w as of today; closings are the
// actions closed in the workspace's history, of which those recorded at
// or before seq count (all when seq is 0).
func Measure(w *Workspace, today risk.Date, closings []risk.Closing, seq int64) Indicators {
	var f risk.RegisterFigures
	if w.Register != nil {
		f = risk.CountRegister(w.Register, today)
	}
	return MeasureCounted(w, f, today, closings, seq)
}

// MeasureCounted is Measure with the register's figures already counted,
// by a risk.Tally fed one risk at a time as they are read: w's risks are
// not read, the rest of its records are.
func MeasureCounted(w *Workspace, register risk.RegisterFigures, today risk.Date, closings []risk.Closing, seq int64) Indicators {
	in := Indicators{Day: today, Register: register, OpenFindings: OpenFindings(w.Exercises), Coverage: CoverageOf(w, today)}
	if w.Register != nil {
		in.SoA = risk.SoAProgressOf(w.Register)
	}
	in.MedianDays, in.Closed, in.HasMedian = risk.MedianDaysToClose(closings, today, seq)
	return in
}
