package risk

import (
	"fmt"
	"time"
)

// Date is a calendar day with no time of day and no time zone: due dates,
// review dates and acceptance expiries mean the same day wherever the file is
// opened. The zero Date means "not set".
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// DateOf returns the calendar day of t in t's own location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

// ParseDate reads an ISO 8601 calendar date (2026-03-31). The empty string is
// the zero Date.
func ParseDate(s string) (Date, error) {
	if s == "" {
		return Date{}, nil
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Date{}, Err(EINVALID, T("rules.date_invalid", Args{"Value": Quote(s)}))
	}
	return DateOf(t), nil
}

// IsZero reports whether d is unset.
func (d Date) IsZero() bool { return d == Date{} }

// String formats d as YYYY-MM-DD, or "" when unset.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
}

func (d Date) time() time.Time { return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC) }

// Before reports whether d is an earlier day than e.
func (d Date) Before(e Date) bool { return d.time().Before(e.time()) }

// After reports whether d is a later day than e.
func (d Date) After(e Date) bool { return d.time().After(e.time()) }

// InFuture reports whether d is later than the day after today: a date a
// record cannot yet carry for something done (a review held, an approval
// given). The day after today is allowed because the calendar day of an
// instant depends on the time zone: east of UTC it is already tomorrow.
// A zero d or a zero today judges nothing.
func (d Date) InFuture(today Date) bool {
	return !d.IsZero() && !today.IsZero() && d.After(today.AddDays(1))
}

// AddDays returns the day n days after d (before, for negative n).
func (d Date) AddDays(n int) Date { return DateOf(d.time().AddDate(0, 0, n)) }

// AddMonths returns the day n months after d. The day of month is clamped so
// that 31 January plus one month is the last day of February, not 3 March.
func (d Date) AddMonths(n int) Date {
	first := time.Date(d.Year, d.Month, 1, 0, 0, 0, 0, time.UTC).AddDate(0, n, 0)
	last := first.AddDate(0, 1, -1).Day()
	return Date{first.Year(), first.Month(), min(d.Day, last)}
}

// DaysUntil returns the number of days from d to e (negative when e is earlier).
// It counts in Unix seconds because a time.Duration saturates at about 292
// years, which a mistyped year easily exceeds.
func (d Date) DaysUntil(e Date) int {
	return int((e.time().Unix() - d.time().Unix()) / 86400)
}

// MarshalText writes the ISO form, so dates read naturally in JSON.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText reads the ISO form.
func (d *Date) UnmarshalText(b []byte) error {
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// Valid reports whether d is unset or a day of the calendar that reads
// back from its ISO form: 2026-02-30 and the year 12026 are not.
func (d Date) Valid() bool {
	v, err := ParseDate(d.String())
	return err == nil && v == d
}
