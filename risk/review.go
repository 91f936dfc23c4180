package risk

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
