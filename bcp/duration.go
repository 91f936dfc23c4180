package bcp

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"

	"riskbook/risk"
)

// Units people write durations in. A month is 30 days, a week 7 and a year
// 365: BIA horizons are planning figures, not calendar arithmetic.
const (
	Day   = 24 * time.Hour
	Week  = 7 * Day
	Month = 30 * Day
	Year  = 365 * Day
)

var units = []struct {
	d     time.Duration
	names []string
}{
	{Year, []string{"year", "years", "yr", "yrs", "y"}},
	{Month, []string{"month", "months", "mo", "mos", "mth", "mths"}},
	{Week, []string{"week", "weeks", "w", "wk", "wks"}},
	{Day, []string{"day", "days", "d"}},
	{time.Hour, []string{"hour", "hours", "h", "hr", "hrs"}},
	{time.Minute, []string{"minute", "minutes", "min", "mins", "m"}},
}

// ParseDuration reads a duration the way people write one: "4h", "4 hours",
// "2 hrs", "2 hrs.", "2 days", "30 min", "1 week", "3 mths", "1 year",
// "1.5 h", "1 day 12 hours". The empty string
// is zero (not set).
func ParseDuration(s string) (time.Duration, error) {
	in := strings.ToLower(strings.TrimSpace(s))
	if in == "" {
		return 0, nil
	}
	var total time.Duration
	rest := in
	for rest != "" {
		rest = strings.TrimLeft(rest, " ,")
		if strings.HasPrefix(rest, "and ") {
			rest = rest[4:]
		}
		i := 0
		for i < len(rest) && (rest[i] >= '0' && rest[i] <= '9' || rest[i] == '.') {
			i++
		}
		if i == 0 {
			return 0, durationError(s)
		}
		n, err := strconv.ParseFloat(rest[:i], 64)
		if err != nil || n < 0 {
			return 0, durationError(s)
		}
		rest = strings.TrimLeft(rest[i:], " ")
		j := strings.IndexFunc(rest, func(r rune) bool { return !unicode.IsLetter(r) })
		if j < 0 {
			j = len(rest)
		}
		unit, ok := unitOf(rest[:j])
		if !ok {
			return 0, durationError(s)
		}
		// Spreadsheets abbreviate with a full stop: "4 hrs.", "30 min.".
		if j < len(rest) && rest[j] == '.' && (j+1 == len(rest) || rest[j+1] == ' ' || rest[j+1] == ',') {
			j++
		}
		// Bound each term and the running total so that a huge number
		// cannot overflow int64 and wrap round to a plausible duration.
		v := n * float64(unit)
		if v > float64(maxDuration) {
			return 0, durationError(s)
		}
		if total += time.Duration(v); total > maxDuration {
			return 0, durationError(s)
		}
		rest = rest[j:]
	}
	// Round first: less than half a minute would otherwise come back as
	// zero, which means "not set", without an error.
	total = total.Round(time.Minute)
	if total <= 0 || total > maxDuration {
		return 0, durationError(s)
	}
	return total, nil
}

// maxDuration is the longest duration ParseDuration accepts; anything
// longer is a typing mistake, not a BIA figure.
const maxDuration = 10 * 365 * Day

func unitOf(name string) (time.Duration, bool) {
	for _, u := range units {
		for _, n := range u.names {
			if name == n {
				return u.d, true
			}
		}
	}
	return 0, false
}

func durationError(s string) error {
	return risk.Errorf(risk.EINVALID, "%q is not a duration; write it as people do, for example 30 min, 4h, 2 days or 1 week", s)
}

// FormatDuration writes d as people read it: "30 min", "4 h", "2 days",
// "1 week", "1 month", "1 day 12 h". Zero is "".
func FormatDuration(d time.Duration) string {
	if d <= 0 {
		return ""
	}
	d = d.Round(time.Minute)
	for _, u := range []struct {
		d          time.Duration
		one, other string
	}{{Month, "month", "months"}, {Week, "week", "weeks"}} {
		if d >= u.d && d%u.d == 0 {
			return count(int(d/u.d), u.one, u.other)
		}
	}
	var parts []string
	if days := d / Day; days > 0 {
		parts = append(parts, count(int(days), "day", "days"))
		d -= days * Day
	}
	if h := d / time.Hour; h > 0 {
		parts = append(parts, fmt.Sprintf("%d h", h))
		d -= h * time.Hour
	}
	if m := d / time.Minute; m > 0 {
		parts = append(parts, fmt.Sprintf("%d min", m))
	}
	return strings.Join(parts, " ")
}

func count(n int, one, other string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, other)
}

// Duration is a BIA duration (MTPD, RTO, RPO, horizons). It is written and
// read as people write durations, in forms and in the workspace JSON alike.
// Zero means not set.
type Duration time.Duration

// Hours makes a Duration of n hours.
func Hours(n int) Duration { return Duration(time.Duration(n) * time.Hour) }

// String formats d with FormatDuration.
func (d Duration) String() string { return FormatDuration(time.Duration(d)) }

// MarshalText writes the human form ("4 h", "2 days").
func (d Duration) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText reads any form ParseDuration accepts.
func (d *Duration) UnmarshalText(b []byte) error {
	v, err := ParseDuration(string(b))
	if err != nil {
		return err
	}
	*d = Duration(v)
	return nil
}
