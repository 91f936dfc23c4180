package importer

import (
	"math"
	"strings"

	"riskbook/i18n"
	"riskbook/risk"
)

// This file holds the pieces the plan's sentences are written from: every
// sentence is a message of the catalogue (i18n, area importer) kept with
// its arguments (risk.Msg), so that the wizard and the command line write
// it in the reader's language; these are the arguments that are fixed
// texts themselves (a list of rows, a unit, an amount), written in the
// same language.

// quoted is a list of column names, each quoted, as a sentence lists them:
// "Likelihood", "Impact" and "Score".
func quoted(names []string) risk.Localizer {
	parts := make([]risk.Localizer, len(names))
	for i, n := range names {
		parts[i] = risk.Quote(n)
	}
	return risk.And(parts...)
}

// userTexts is a list of the user's texts, as a sentence lists them.
func userTexts(s []string) risk.Localizer {
	parts := make([]risk.Localizer, len(s))
	for i, x := range s {
		parts[i] = risk.Text(x)
	}
	return risk.And(parts...)
}

// rowList writes "row 7", "rows 7, 12 and 15", "rows 7, 12, 15 … and 9
// more" in the reader's language.
type rowList []int

func (rows rowList) In(p *i18n.Printer) string {
	shown := rows[:min(len(rows), 8)]
	s := make([]risk.Localizer, len(shown))
	for i, r := range shown {
		s[i] = risk.Num(r)
	}
	switch {
	case len(rows) == 0:
		return p.T("importer.rows.none")
	case len(rows) == 1:
		return risk.T("importer.rows.one", risk.Args{"Row": rows[0]}).In(p)
	case len(rows) > len(shown):
		list := make([]string, len(s))
		for i, x := range s {
			list[i] = x.In(p)
		}
		return risk.N("importer.rows.more", len(rows)-len(shown), risk.Args{"Rows": strings.Join(list, p.T("rules.list.sep"))}).In(p)
	}
	return risk.T("importer.rows.many", risk.Args{"Rows": risk.And(s...)}).In(p)
}

// RowList writes "row 7", "rows 7, 12 and 15", "rows 7, 12, 15 … and 9
// more", in the default language.
func RowList(rows []int) string { return rowList(rows).In(i18n.Default()) }

// Rows is RowList as a text of any language, for a message that lists rows.
func Rows(rows []int) risk.Localizer { return rowList(rows) }

// RefList names up to five references, then how many more.
func RefList(refs []string) string { return risk.Refs(refs, 5).In(i18n.Default()) }

// unitName names what a column of a unit holds: "percentages".
func unitName(unit string) risk.Msg {
	switch unit {
	case UnitPercent:
		return risk.T("importer.unit.percent")
	case UnitFraction:
		return risk.T("importer.unit.fraction")
	case UnitMoney:
		return risk.T("importer.unit.money")
	}
	return risk.T("importer.unit.number")
}

// axisName names a scale: "likelihood" or "consequence".
func axisName(consequence bool) risk.Msg {
	if consequence {
		return risk.T("importer.axis.consequence")
	}
	return risk.T("importer.axis.likelihood")
}

// amount is an amount of a unit in a sentence: 20%, 0.2, 250,000 in
// English; 20 %, 0,2, 250 000 in French.
type amount struct {
	unit string
	v    float64
}

func (a amount) In(p *i18n.Printer) string {
	if p.Lang() == i18n.English {
		return formatAmount(a.unit, a.v)
	}
	switch a.unit {
	case UnitPercent:
		return p.T("importer.amount.percent", i18n.Args{"N": decimal(p, roundSig(a.v, 3))})
	case UnitFraction:
		return decimal(p, roundSig(a.v, 3))
	}
	return p.Int(int(math.Round(a.v)))
}

// decimal writes a number with the decimal mark of p's language.
func decimal(p *i18n.Printer, v float64) string {
	s := fmtNum(v)
	if p.Lang() == i18n.English {
		return s
	}
	return strings.Replace(s, ".", ",", 1)
}

// score is a score in a sentence, abbreviated as the reader's language
// does: L3×C4 in English, V3×C4 in French.
type score risk.Score

func (s score) In(p *i18n.Printer) string {
	return p.T("export.score", i18n.Args{"L": s.Likelihood, "C": s.Consequence})
}

// scoreLevel is a score and its level's label: "L3×C4 High".
type scoreLevel struct {
	s     risk.Score
	label string
}

func (s scoreLevel) In(p *i18n.Printer) string {
	if s.label == "" {
		return score(s.s).In(p)
	}
	return score(s.s).In(p) + " " + s.label
}

// number is a number in a sentence, with the decimal mark of the reader's
// language: 2.5 in English, 2,5 in French.
type number float64

func (n number) In(p *i18n.Printer) string { return decimal(p, float64(n)) }
