package risk

import "slices"

// Frequency is how often a risk is reviewed.
type Frequency string

// Review frequencies.
const (
	Monthly    Frequency = "monthly"
	Quarterly  Frequency = "quarterly"
	Semiannual Frequency = "semiannual"
	Annual     Frequency = "annual"
)

// Frequencies lists review frequencies, most frequent first.
var Frequencies = []Frequency{Monthly, Quarterly, Semiannual, Annual}

// Months returns the length of the review cycle, or 0 for an unknown frequency.
func (f Frequency) Months() int {
	switch f {
	case Monthly:
		return 1
	case Quarterly:
		return 3
	case Semiannual:
		return 6
	case Annual:
		return 12
	}
	return 0
}

// NextReview derives the next review date: one cycle after the last review,
// or after the day the risk was recorded when it was never reviewed. It is
// zero when there is no frequency or no starting day.
func NextReview(last, created Date, f Frequency) Date {
	from := last
	if from.IsZero() {
		from = created
	}
	if from.IsZero() || f.Months() == 0 {
		return Date{}
	}
	return from.AddMonths(f.Months())
}

// ReviewDue is an open risk whose review has come due and was not held:
// Carried when it was already due on the day a baseline was taken, so
// that it was carried over from the last assessment.
type ReviewDue struct {
	ID                int64
	Ref, Title, Owner string
	Due, LastReview   Date
	Carried           bool
}

// SinceBaseline is the work due since the last closed assessment.
type SinceBaseline struct {
	// Baseline is the last closed assessment; HasBaseline is false when no
	// assessment was closed yet, and then nothing is listed.
	Baseline    Assessment
	HasBaseline bool
	// Reviews are the open risks whose review has come due and was not
	// held, those due since the baseline first.
	Reviews []ReviewDue
}

// Since counts the reviews that fell due after the baseline was closed;
// the others were already due then and were carried over.
func (s *SinceBaseline) Since() int {
	n := 0
	for _, r := range s.Reviews {
		if !r.Carried {
			n++
		}
	}
	return n
}

// ReviewsDueSince lists the reviews to hold since the baseline taken on
// the day since: the open risks whose next review is on or before today,
// those that fell due after since first, each list by due date then
// reference. A risk reviewed since then and not due again is not listed.
func ReviewsDueSince(rs []Risk, since, today Date) []ReviewDue {
	var out []ReviewDue
	for i := range rs {
		r := &rs[i]
		if r.Status == Closed || r.NextReview.IsZero() || r.NextReview.After(today) {
			continue
		}
		out = append(out, ReviewDue{ID: r.ID, Ref: r.Ref, Title: r.Title, Owner: r.Owner, Due: r.NextReview,
			LastReview: r.LastReview, Carried: !r.NextReview.After(since)})
	}
	slices.SortFunc(out, func(a, b ReviewDue) int {
		if a.Carried != b.Carried {
			if a.Carried {
				return 1
			}
			return -1
		}
		if c := a.Due.DaysUntil(b.Due); c != 0 {
			return -c
		}
		return CompareRefs(a.Ref, b.Ref)
	})
	return out
}
