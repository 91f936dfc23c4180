package importer

import (
	"math"
	"strconv"
	"strings"
	"time"

	"riskbook/risk"
)

var monthNames = map[string]time.Month{
	"jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
	"may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9,
	"september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}

// ParseLooseDate reads a date in the forms spreadsheets hold:
//
//   - ISO: "2026-07-03", "2026/07/03", "2026-07-03T09:00:00";
//   - numeric, day first: "03/07/2026", "3.7.2026", "03-07-26" (two-digit
//     years are 20yy); month first only when the day-first reading is
//     impossible, as in "07/31/2026";
//   - written: "3 July 2026", "3rd Jul 2026", "July 3, 2026";
//   - a month: "Jul 2026", "May 2027", "Jul-26", meaning the last day of
//     that month, because "due May 2027" means by the end of May;
//   - an Excel serial day number (1900 date system) from 3000 (1908) on,
//     so that a bare year such as 2026 is not taken for a day in 1905.
//
// The empty string is the zero Date.
func ParseLooseDate(s string) (risk.Date, error) {
	in := strings.TrimSpace(s)
	if in == "" {
		return risk.Date{}, nil
	}
	if d, ok := looseDate(in); ok {
		return d, nil
	}
	return risk.Date{}, risk.Err(risk.EINVALID, risk.T("importer.date_invalid", risk.Args{"Value": risk.Quote(s)}))
}

func looseDate(in string) (risk.Date, bool) {
	if v, err := strconv.ParseFloat(in, 64); err == nil {
		return excelSerial(v)
	}
	if len(in) > 10 && (in[10] == 'T' || in[10] == ' ') {
		in = in[:10] // a date-time: keep the day
	}
	parts := strings.FieldsFunc(strings.ToLower(in), func(r rune) bool {
		return r == '/' || r == '-' || r == '.' || r == ' ' || r == ','
	})
	for i, p := range parts { // 3rd July 2026, July 3rd
		for _, suffix := range []string{"st", "nd", "rd", "th"} {
			if n, ok := strings.CutSuffix(p, suffix); ok && n != "" && n[0] >= '0' && n[0] <= '9' {
				parts[i] = n
			}
		}
	}
	switch len(parts) {
	case 2:
		return monthYear(parts[0], parts[1])
	case 3:
	default:
		return risk.Date{}, false
	}
	a, errA := strconv.Atoi(parts[0])
	b, errB := strconv.Atoi(parts[1])
	c, errC := strconv.Atoi(parts[2])
	switch {
	case errA == nil && errB == nil && errC == nil:
		if len(parts[0]) == 4 {
			return makeDate(a, b, c)
		}
		if len(parts[2]) != 4 && len(parts[2]) != 2 {
			return risk.Date{}, false
		}
		y := year(c, parts[2])
		if d, ok := makeDate(y, b, a); ok {
			return d, true
		}
		return makeDate(y, a, b) // 07/31/2026: only month-first makes sense
	case errA != nil && errB == nil && errC == nil: // July 3, 2026
		if m, ok := monthNames[parts[0]]; ok && len(parts[2]) == 4 {
			return makeDate(c, int(m), b)
		}
	case errA == nil && errB != nil && errC == nil: // 3 July 2026, 03-Jul-26
		if m, ok := monthNames[parts[1]]; ok && (len(parts[2]) == 4 || len(parts[2]) == 2) {
			return makeDate(year(c, parts[2]), int(m), a)
		}
	}
	return risk.Date{}, false
}

func year(n int, text string) int {
	if len(text) == 2 {
		return 2000 + n
	}
	return n
}

func monthYear(m, y string) (risk.Date, bool) {
	month, ok := monthNames[m]
	if !ok || len(y) != 4 && len(y) != 2 {
		return risk.Date{}, false
	}
	n, err := strconv.Atoi(y)
	if err != nil {
		return risk.Date{}, false
	}
	first, ok := makeDate(year(n, y), int(month), 1)
	if !ok {
		return risk.Date{}, false
	}
	return first.AddMonths(1).AddDays(-1), true
}

// makeDate builds a date only when the day exists: 31/02 is refused, not
// rolled into March.
func makeDate(y, m, d int) (risk.Date, bool) {
	if y < 1900 || y > 9999 || m < 1 || m > 12 || d < 1 || d > 31 {
		return risk.Date{}, false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d {
		return risk.Date{}, false
	}
	return risk.DateOf(t), true
}

// excelSerial converts an Excel 1900-system day number; serials start on
// 1899-12-30 once past Excel's phantom 29 February 1900.
func excelSerial(v float64) (risk.Date, bool) {
	if math.IsNaN(v) || v < 3000 || v > 2958465 {
		return risk.Date{}, false
	}
	t := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC).AddDate(0, 0, int(v))
	return risk.DateOf(t), true
}
