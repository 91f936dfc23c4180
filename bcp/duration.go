package bcp

import (
	"strconv"
	"strings"
	"time"
	"unicode"

	"riskbook/i18n"
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

// units are the names of the units in every language Riskbook speaks, in
// lower case: a duration typed in French or Spanish reads as one typed in
// English, and the value stored is the same whatever the language.
var units = []struct {
	d     time.Duration
	names []string
}{
	{Year, []string{"year", "years", "yr", "yrs", "y", "an", "ans", "année", "années", "año", "años"}},
	{Month, []string{"month", "months", "mo", "mos", "mth", "mths", "mois", "mes", "meses"}},
	{Week, []string{"week", "weeks", "w", "wk", "wks", "semaine", "semaines", "sem", "semana", "semanas"}},
	{Day, []string{"day", "days", "d", "jour", "jours", "j", "día", "días", "dia", "dias"}},
	{time.Hour, []string{"hour", "hours", "h", "hr", "hrs", "heure", "heures", "hora", "horas"}},
	{time.Minute, []string{"minute", "minutes", "min", "mins", "m", "mn", "minuto", "minutos"}},
}

// connectors are the words that may join two terms: "1 day and 12 hours",
// "1 jour et 12 heures", "1 día y 12 horas".
var connectors = []string{"and ", "et ", "y "}

// ParseDuration reads a duration the way people write one, in English,
// French or Spanish: "4h", "4 hours", "2 hrs", "2 hrs.", "2 days", "30
// min", "1 week", "3 mths", "1 year", "1.5 h", "1 day 12 hours", "2 jours",
// "1 sem.", "1,5 h", "3 días", "1 día y 12 horas". A comma followed by one
// or two digits is a decimal comma ("1,5 h"); any other separates terms.
// The empty string is zero (not set).
func ParseDuration(s string) (time.Duration, error) {
	in := strings.ToLower(strings.TrimSpace(s))
	if in == "" {
		return 0, nil
	}
	var total time.Duration
	rest := in
	for rest != "" {
		rest = strings.TrimLeft(rest, " ,")
		for _, c := range connectors {
			if strings.HasPrefix(rest, c) {
				rest = rest[len(c):]
				break
			}
		}
		i := 0
		for i < len(rest) && (rest[i] >= '0' && rest[i] <= '9' || rest[i] == '.' || decimalComma(rest, i)) {
			i++
		}
		if i == 0 {
			return 0, durationError(s)
		}
		n, err := strconv.ParseFloat(strings.Replace(rest[:i], ",", ".", 1), 64)
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

// decimalComma reports whether the comma at s[i] is a decimal comma: a
// digit before it, one or two after it and no more ("1,5 h", "2,25 h"; not
// "1,500 min", which is a thousands separator and refused).
func decimalComma(s string, i int) bool {
	if s[i] != ',' || i == 0 || s[i-1] < '0' || s[i-1] > '9' {
		return false
	}
	j := i + 1
	for j < len(s) && s[j] >= '0' && s[j] <= '9' {
		j++
	}
	return j-i-1 >= 1 && j-i-1 <= 2
}

func durationError(s string) error {
	return risk.Err(risk.EINVALID, risk.T("rules.duration_invalid", risk.Args{"Value": risk.Quote(s)}))
}

// FormatDuration writes d as people read it, in English, the form the
// workspace stores: "30 min", "4 h", "2 days", "1 week", "1 month", "1 day
// 12 h". Zero is "".
func FormatDuration(d time.Duration) string {
	return FormatDurationIn(i18n.For(i18n.English), d)
}

// FormatDurationIn writes d as people read it in p's language: "2 jours",
// "1 semaine", "3 días", "1 jour 12 h". Zero is "".
func FormatDurationIn(p *i18n.Printer, d time.Duration) string {
	if d <= 0 {
		return ""
	}
	d = d.Round(time.Minute)
	if d >= Month && d%Month == 0 {
		return p.N("rules.duration.months", int(d/Month), risk.Args{"Count": risk.Num(d / Month).In(p)})
	}
	if d >= Week && d%Week == 0 {
		return p.N("rules.duration.weeks", int(d/Week), risk.Args{"Count": risk.Num(d / Week).In(p)})
	}
	var parts []string
	if days := d / Day; days > 0 {
		parts = append(parts, p.N("rules.duration.days", int(days), risk.Args{"Count": risk.Num(days).In(p)}))
		d -= days * Day
	}
	if h := d / time.Hour; h > 0 {
		parts = append(parts, p.T("rules.duration.hours", risk.Args{"N": risk.Num(h).In(p)}))
		d -= h * time.Hour
	}
	if m := d / time.Minute; m > 0 {
		parts = append(parts, p.T("rules.duration.minutes", risk.Args{"N": risk.Num(m).In(p)}))
	}
	return strings.Join(parts, " ")
}

// Duration is a BIA duration (MTPD, RTO, RPO, horizons). It is written and
// read as people write durations, in forms and in the workspace JSON alike.
// Zero means not set.
type Duration time.Duration

// Hours makes a Duration of n hours.
func Hours(n int) Duration { return Duration(time.Duration(n) * time.Hour) }

// String formats d with FormatDuration, in English as it is stored.
func (d Duration) String() string { return FormatDuration(time.Duration(d)) }

// In writes d in p's language (FormatDurationIn): what a person reads.
func (d Duration) In(p *i18n.Printer) string { return FormatDurationIn(p, time.Duration(d)) }

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
