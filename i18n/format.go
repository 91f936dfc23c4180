package i18n

import (
	"strconv"
	"time"
)

// Int writes n as p's language groups its digits: 10,000 in English,
// 10 000 in French (a no-break space), 10.000 in Spanish.
func (p *Printer) Int(n int) string { return p.nums.Sprintf("%d", n) }

// Percent writes a share (0.5 is half) as a whole percentage: 50%,
// 50 % in French.
func (p *Printer) Percent(share float64) string {
	return p.T("number.percent", Args{"N": p.nums.Sprintf("%.0f", share*100)})
}

type dateNames struct {
	months   [12]string
	weekdays [7]string
	first    string // the first of a month: 1, 1er in French
}

func loadDateNames(p *Printer) dateNames {
	var d dateNames
	for i := range d.months {
		d.months[i] = p.T("date.month." + strconv.Itoa(i+1))
	}
	for i := range d.weekdays {
		d.weekdays[i] = p.T("date.weekday." + strconv.Itoa(i))
	}
	d.first = p.T("date.first", Args{"Day": 1})
	return d
}

// LongDate writes a day with its month in words, as a heading or a title
// page writes it: 5 December 2026, 5 décembre 2026, 5 de diciembre de 2026;
// the first of a month as the language writes it (1er janvier 2026).
func (p *Printer) LongDate(t time.Time) string {
	var day any = t.Day()
	if t.Day() == 1 {
		day = p.dates.first
	}
	return p.T("date.long", Args{"Day": day, "Month": p.dates.months[t.Month()-1], "Year": t.Year()})
}

// Month is the name of a month in p's language.
func (p *Printer) Month(m time.Month) string { return p.dates.months[m-1] }

// Weekday is the name of a day of the week in p's language.
func (p *Printer) Weekday(d time.Weekday) string { return p.dates.weekdays[d] }

// When writes a moment as a list of dated copies names it, with the day
// of the week, the day and the minute in t's own time zone: Thursday 5
// March 2026, 14:02; jeudi 5 mars 2026, 14:02; jueves, 5 de marzo de
// 2026, 14:02.
func (p *Printer) When(t time.Time) string {
	return p.T("date.when", Args{"Weekday": p.Weekday(t.Weekday()), "Date": p.LongDate(t), "Time": t.Format("15:04")})
}
