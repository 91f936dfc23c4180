package export

import (
	"strings"
	"time"

	"riskbook/bcp"
	"riskbook/i18n"
	"riskbook/risk"
)

// A document is written in the language it was asked for, whatever the
// language of the app or the command line that asked: an operator may work
// in French and send the auditor an English pack. The fixed texts of a
// document — headings, column names, sheet names, sentences, the names of
// the default criteria's levels and the metadata — come from the i18n
// catalogue (the export.* messages) through the Printer of Input and
// Report; the user's own text is printed as written. A nil Printer writes
// English.

// printerOr is p, or the English printer when p is nil.
func printerOr(p *i18n.Printer) *i18n.Printer {
	if p == nil {
		return i18n.For(i18n.English)
	}
	return p
}

// printer is the printer of the document's language.
func (in *Input) printer() *i18n.Printer { return printerOr(in.Printer) }

// printer is the printer of the document's language.
func (r *Report) printer() *i18n.Printer { return printerOr(r.Printer) }

// docLang is the document's language as the builders use it: its printer
// and the layout of a day in its tables, worked out once.
type docLang struct {
	p      *i18n.Printer
	layout string
	fixed  map[string]string // see value
}

func newDocLang(p *i18n.Printer) docLang {
	p = printerOr(p)
	l := docLang{p: p, layout: dayLayout(p, "02", "01", "2006")}
	l.loadValues()
	return l
}

// dayLayout writes message export.date.short — how a table writes a day,
// {{.Day}}, {{.Month}} and {{.Year}} in the language's order — with the
// placeholders of a layout: Go's (02, 01, 2006) or Excel's (dd, mm, yyyy).
func dayLayout(p *i18n.Printer, day, month, year string) string {
	return p.T("export.date.short", i18n.Args{"Day": day, "Month": month, "Year": year})
}

// day writes d as the document's tables do: 2027-03-04 in English,
// 04/03/2027 in French and Spanish; "" when unset.
func (l docLang) day(d risk.Date) string { return dayWith(l.layout, d) }

// dayIn writes d as a document in p's language writes a day in its
// tables (docLang.day), for the texts written outside a document's
// builder: its Trends and Changes since sections.
func dayIn(p *i18n.Printer, d risk.Date) string {
	return dayWith(dayLayout(printerOr(p), "02", "01", "2006"), d)
}

func dayWith(layout string, d risk.Date) string {
	if layout == time.DateOnly || d.IsZero() {
		return d.String()
	}
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC).Format(layout)
}

// dayOf writes the day of t (in UTC) as day does.
func (l docLang) dayOf(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return l.day(risk.DateOf(t.UTC()))
}

// date is a cell of day d.
func (l docLang) date(d risk.Date) Cell { return Cell{Text: l.day(d), Date: d} }

// T writes a message in the document's language.
func (l docLang) T(id string, args ...i18n.Args) string { return l.p.T(id, args...) }

// N writes a counted message in the document's language.
func (l docLang) N(id string, n int, args ...i18n.Args) string { return l.p.N(id, n, args...) }

// dayTime writes the minute of t, in UTC, as the document's tables do:
// 2027-03-04 14:05 in English, 04/03/2027 14:05 in French and Spanish.
func (l docLang) dayTime(t time.Time) string {
	return t.UTC().Format(l.layout + " 15:04")
}

// percent writes a whole percentage (50 for half) in the document's
// language: 50% in English, 50 % in French.
func (l docLang) percent(n int) string { return l.p.Percent(float64(n) / 100) }

// xlDateFormatOf is the number format of a day in a workbook of p's
// language: yyyy-mm-dd in English, dd/mm/yyyy in French and Spanish.
func xlDateFormatOf(p *i18n.Printer) string {
	return dayLayout(printerOr(p), "dd", "mm", "yyyy")
}

// duration writes a BIA duration as bcp.FormatDuration does, in the
// document's language: "4 h", "2 days 4 h", "1 week"; "" when unset.
func (l docLang) duration(v bcp.Duration) string {
	d := time.Duration(v)
	if d <= 0 {
		return ""
	}
	d = d.Round(time.Minute)
	if d >= bcp.Month && d%bcp.Month == 0 {
		return l.N("export.duration.months", int(d/bcp.Month))
	}
	if d >= bcp.Week && d%bcp.Week == 0 {
		return l.N("export.duration.weeks", int(d/bcp.Week))
	}
	var parts []string
	if days := d / bcp.Day; days > 0 {
		parts = append(parts, l.N("unit.days", int(days)))
		d -= days * bcp.Day
	}
	if h := d / time.Hour; h > 0 {
		parts = append(parts, l.T("export.duration.hours", i18n.Args{"N": int(h)}))
		d -= h * time.Hour
	}
	if m := d / time.Minute; m > 0 {
		parts = append(parts, l.T("export.duration.minutes", i18n.Args{"N": int(m)}))
	}
	return strings.Join(parts, " ")
}
