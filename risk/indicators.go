package risk

import (
	"encoding/json"
	"slices"
	"strings"
	"time"
)

// Indicators of the register (issue 17): the figures an ISMS is judged on
// over time. Each is defined here once; the dashboard, the documents, the
// trend of closed assessments and of the change log's months all count
// with these functions, so they cannot disagree.

// LevelCount is how many open risks sit in a level before and after
// controls.
type LevelCount struct {
	Level              Level
	Inherent, Residual int
}

// RegisterFigures are the register's indicators as of one day, over the
// risks that are not closed.
type RegisterFigures struct {
	// Open counts the risks that are not closed.
	Open int
	// Scored counts the open risks with a residual score, of which
	// WithinAppetite have a residual level at or below the appetite.
	Scored, WithinAppetite int
	// Unscored counts the open risks missing an inherent or a residual
	// score.
	Unscored int
	// Levels counts the open risks per level, highest rank first;
	// Appetite is the rank of the highest level within appetite.
	Levels   []LevelCount
	Appetite int
	// OverdueReviews counts the open risks whose next review is before the
	// day; OverdueActions the open actions of open risks whose due date is.
	OverdueReviews, OverdueActions int
}

// WithinAppetiteShare is the share of the scored open risks within
// appetite, from 0 to 1; false when no open risk is scored.
func (f *RegisterFigures) WithinAppetiteShare() (float64, bool) {
	return Share(f.WithinAppetite, f.Scored)
}

// Share is n of total as a fraction, false when total is zero: a share of
// nothing is no figure, not 0 %.
func Share(n, total int) (float64, bool) {
	if total <= 0 {
		return 0, false
	}
	return float64(n) / float64(total), true
}

// Tally counts the register's figures one risk at a time, so that a
// register read a batch at a time need not be held whole.
type Tally struct {
	c        *Criteria
	today    Date
	inherent map[int]int
	residual map[int]int
	f        RegisterFigures
}

// NewTally starts counting a register scored with c, as of today.
func NewTally(c *Criteria, today Date) *Tally {
	return &Tally{c: c, today: today, inherent: map[int]int{}, residual: map[int]int{}}
}

// Add counts one risk; closed risks count nowhere.
func (t *Tally) Add(r *Risk) {
	if r.Status == Closed {
		return
	}
	f := &t.f
	f.Open++
	li, okI := t.c.LevelOf(r.Inherent)
	lr, okR := t.c.LevelOf(r.Residual)
	if okI {
		t.inherent[li.Rank]++
	}
	if okR {
		t.residual[lr.Rank]++
		f.Scored++
		if !t.c.AboveAppetite(r.Residual) {
			f.WithinAppetite++
		}
	}
	if !okI || !okR {
		f.Unscored++
	}
	if !r.NextReview.IsZero() && r.NextReview.Before(t.today) {
		f.OverdueReviews++
	}
	for _, a := range r.Actions {
		if a.Overdue(t.today) {
			f.OverdueActions++
		}
	}
}

// Figures returns what was counted.
func (t *Tally) Figures() RegisterFigures {
	f := t.f
	f.Appetite = t.c.Appetite
	f.Levels = make([]LevelCount, 0, len(t.c.Levels))
	for i := len(t.c.Levels) - 1; i >= 0; i-- {
		l := t.c.Levels[i]
		f.Levels = append(f.Levels, LevelCount{Level: l, Inherent: t.inherent[l.Rank], Residual: t.residual[l.Rank]})
	}
	return f
}

// CountRegister counts the figures of a whole register as of today.
func CountRegister(reg *Register, today Date) RegisterFigures {
	t := NewTally(&reg.Criteria, today)
	for i := range reg.Risks {
		t.Add(&reg.Risks[i])
	}
	return t.Figures()
}

// SoAProgress counts the Statement of Applicability's decisions over the
// controls of the catalog: how many are decided, how many applicable, and
// how many of those implemented.
type SoAProgress struct{ Total, Decided, Applicable, Implemented int }

// SoAProgressOf counts the decisions of reg's Statement of Applicability.
func SoAProgressOf(reg *Register) SoAProgress {
	entries := make(map[string]*SoAEntry, len(reg.SoA))
	for i := range reg.SoA {
		entries[reg.SoA[i].Control] = &reg.SoA[i]
	}
	p := SoAProgress{Total: len(reg.Catalog)}
	for _, c := range reg.Catalog {
		e := entries[c.ID]
		if e == nil || e.Applicable == "" {
			continue
		}
		p.Decided++
		if e.Applicable == Applicable {
			p.Applicable++
			if e.Implementation == Implemented {
				p.Implemented++
			}
		}
	}
	return p
}

// DecidedShare is the share of the catalog's controls with a decision.
func (p SoAProgress) DecidedShare() (float64, bool) { return Share(p.Decided, p.Total) }

// ImplementedShare is the share of the applicable controls implemented.
func (p SoAProgress) ImplementedShare() (float64, bool) {
	return Share(p.Implemented, p.Applicable)
}

// ClosingWindow is how far back the closings of actions are looked at:
// the median days to close an action is that of the actions closed in the
// twelve months up to the day it is measured on.
const ClosingWindow = 12 // months

// Closing is one treatment action that went from open to done: the day it
// was first recorded open and the day it was recorded done. Seq orders
// closings as the history recorded them (a change-log row), so that a
// point of the history counts only the closings it had seen.
type Closing struct {
	Risk, Action   string
	Opened, Closed Date
	Seq            int64
}

// Days is how long the action stayed open, in days.
func (c Closing) Days() int { return c.Opened.DaysUntil(c.Closed) }

// ClosingTracker follows the versions of each risk through its history
// and notes each action that goes from open to done. An action is known
// by its risk and its title (trimmed, whatever the case): an action whose
// title changes is, for this count, a new action recorded open that day.
// An action first recorded done, or cancelled, is no closing: the day it
// was opened is not known, or it was never done.
type ClosingTracker struct {
	opened   map[string]Date // risk ref + title → day first recorded open
	Closings []Closing
}

// NewClosingTracker starts following a history.
func NewClosingTracker() *ClosingTracker {
	return &ClosingTracker{opened: map[string]Date{}}
}

func actionKey(ref, title string) string {
	return strings.ToUpper(strings.TrimSpace(ref)) + "\x00" + strings.ToUpper(strings.TrimSpace(title))
}

// Record notes the version of a risk recorded at seq on the day at (nil
// once the risk is deleted; its open actions are then forgotten). A risk
// whose reference changes carries its actions' opening days with it when
// before is the version it replaces.
func (t *ClosingTracker) Record(seq int64, at time.Time, before, after *Risk) {
	day := DateOf(at)
	if before != nil && after != nil && !strings.EqualFold(before.Ref, after.Ref) {
		for _, a := range before.Actions {
			k := actionKey(before.Ref, a.Title)
			if d, ok := t.opened[k]; ok {
				t.opened[actionKey(after.Ref, a.Title)] = d
				delete(t.opened, k)
			}
		}
	}
	if after == nil {
		if before != nil {
			for _, a := range before.Actions {
				delete(t.opened, actionKey(before.Ref, a.Title))
			}
		}
		return
	}
	for _, a := range after.Actions {
		k := actionKey(after.Ref, a.Title)
		opened, known := t.opened[k]
		switch {
		case a.IsOpen():
			if !known {
				t.opened[k] = day
			}
		case known:
			delete(t.opened, k)
			if a.Status == Done {
				t.Closings = append(t.Closings, Closing{Risk: after.Ref, Action: strings.TrimSpace(a.Title),
					Opened: opened, Closed: day, Seq: seq})
			}
		}
	}
}

// MedianDaysToClose is the median number of days the actions closed in
// the ClosingWindow months up to today stayed open, counting only the
// closings recorded at or before seq (every one when seq is 0), and how
// many actions it is the median of; false when none was closed then.
func MedianDaysToClose(cs []Closing, today Date, seq int64) (median float64, n int, ok bool) {
	from := today.AddMonths(-ClosingWindow)
	var days []int
	for _, c := range cs {
		if (seq > 0 && c.Seq > seq) || c.Closed.After(today) || !c.Closed.After(from) {
			continue
		}
		days = append(days, c.Days())
	}
	if len(days) == 0 {
		return 0, 0, false
	}
	slices.Sort(days)
	mid := len(days) / 2
	if len(days)%2 == 1 {
		return float64(days[mid]), len(days), true
	}
	return float64(days[mid-1]+days[mid]) / 2, len(days), true
}

// trackerJSON is how a ClosingTracker is kept between runs.
type trackerJSON struct {
	Opened   map[string]Date `json:"opened"`
	Closings []Closing       `json:"closings"`
}

// MarshalJSON writes the tracker with the actions it knows open, so that
// it can be resumed where it stopped (the trend's memo).
func (t *ClosingTracker) MarshalJSON() ([]byte, error) {
	return json.Marshal(trackerJSON{Opened: t.opened, Closings: t.Closings})
}

// UnmarshalJSON reads a tracker MarshalJSON wrote.
func (t *ClosingTracker) UnmarshalJSON(b []byte) error {
	var v trackerJSON
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	if v.Opened == nil {
		v.Opened = map[string]Date{}
	}
	t.opened, t.Closings = v.Opened, v.Closings
	return nil
}

// Forget drops the closings that no point measured on today or later
// counts: those of the actions done ClosingWindow months or more before.
func (t *ClosingTracker) Forget(today Date) {
	from := today.AddMonths(-ClosingWindow)
	t.Closings = slices.DeleteFunc(t.Closings, func(c Closing) bool { return !c.Closed.After(from) })
}
