package importer

import (
	"math"
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"riskbook/i18n"
	"riskbook/risk"
)

// This file handles score columns that hold amounts rather than scale
// steps — money, percentages, probabilities — and yes/no columns, which
// are never scores. Amounts are placed on the workspace scales in bands,
// proposed from the scale's descriptions or the data's spread, and only
// when the person says so (Mapping.Quantitative).

// Kinds of a score column's values.
type valueKind int

const (
	kindSteps valueKind = iota // scale steps: numbers, labels, Low/Medium/High words
	kindPercent
	kindFraction
	kindMoney
	kindNumber // large plain numbers: amounts of no known unit
	kindYesNo
)

var yesNoWords = map[string]bool{"yes": true, "no": true, "y": true, "n": true, "true": true, "false": true}

var (
	currencyPattern = regexp.MustCompile(`[$€£¥₹]|\b(?i:usd|eur|gbp|chf|jpy|aud|cad|nzd|sek|nok|dkk)\b`)
	moneyHeader     = regexp.MustCompile(`(?i)\b(cost|costs|amount|loss|losses|value|financial|money|budget|eur|usd|gbp)\b|[$€£¥]`)
	percentHeader   = regexp.MustCompile(`(?i)%|percent|pct`)
	thousands       = regexp.MustCompile(`^\d{1,3}([,.' ]\d{3})+([.,]\d+)?$`)
)

// classify tells what a score column holds from its header and distinct
// values (lower-cased).
func classify(header string, vals []string, likelihood bool) valueKind {
	if len(vals) == 0 {
		return kindSteps
	}
	yesNo := true
	for _, v := range vals {
		if !yesNoWords[words(v)] {
			yesNo = false
			break
		}
	}
	if yesNo {
		return kindYesNo
	}
	if _, ok := headerScale(header); ok {
		return kindSteps
	}
	money, percent, amounts := false, false, 0
	hi, frac := math.Inf(-1), false
	for _, v := range vals {
		t := strings.TrimSpace(v)
		switch {
		case currencyPattern.MatchString(t):
			money = true
		case strings.HasSuffix(t, "%"):
			percent = true
		case thousands.MatchString(strings.TrimSpace(strings.TrimLeft(t, "-"))):
			money = true
		}
		if x, ok := parseAmount(t); ok {
			amounts++
			hi = max(hi, x)
			frac = frac || x != math.Trunc(x)
		}
	}
	if amounts*2 < len(vals) {
		return kindSteps // mostly words: scale labels
	}
	switch {
	case money:
		return kindMoney
	case percent:
		return kindPercent
	case hi <= 1 && frac:
		return kindFraction
	case hi <= 10:
		return kindSteps
	case moneyHeader.MatchString(header):
		return kindMoney
	case percentHeader.MatchString(header) || likelihood && hi <= 100:
		return kindPercent
	}
	return kindNumber
}

// kindUnit is the Bands unit of a quantitative kind.
func kindUnit(k valueKind) string {
	switch k {
	case kindPercent:
		return UnitPercent
	case kindFraction:
		return UnitFraction
	case kindMoney:
		return UnitMoney
	}
	return UnitNumber
}

// parseAmount reads a quantity: "$1,200,000", "250k", "1.2M", "35%",
// "0.35", "EUR 40 000", "(5,000)" is refused. Percent signs are dropped:
// the column's unit says what the number is.
func parseAmount(s string) (float64, bool) {
	t := strings.TrimSpace(s)
	t = currencyPattern.ReplaceAllString(t, "")
	t = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(t), "%"))
	mult := 1.0
	lower := strings.ToLower(t)
	for _, suf := range []struct {
		s string
		m float64
	}{{"bn", 1e9}, {"b", 1e9}, {"m", 1e6}, {"mn", 1e6}, {"k", 1e3}} {
		if strings.HasSuffix(lower, suf.s) && len(lower) > len(suf.s) {
			if r := rune(lower[len(lower)-len(suf.s)-1]); unicode.IsDigit(r) || r == ' ' {
				t, mult = strings.TrimSpace(t[:len(t)-len(suf.s)]), suf.m
				break
			}
		}
	}
	if thousands.MatchString(t) {
		// 1,200,000 or 1.200.000 or 1 200 000: drop the group separators,
		// keep a decimal part after the last other separator.
		sep := t[strings.IndexFunc(t, func(r rune) bool { return r < '0' || r > '9' })]
		if i := strings.LastIndexAny(t, ".,"); i > 0 && t[i] != sep {
			t = strings.NewReplacer(string(sep), "").Replace(t[:i]) + "." + t[i+1:]
		} else {
			t = strings.NewReplacer(string(sep), "").Replace(t)
		}
	}
	v, err := strconv.ParseFloat(t, 64)
	if err != nil || v < 0 || math.IsInf(v, 0) || math.IsNaN(v) {
		return 0, false
	}
	return v * mult, true
}

// quantity reads a cell of a banded column in the bands' unit: a
// fraction column reads "35%" as 0.35, a percent column reads 0.35 as 35%
// only when the cell has no % sign and the bands are of percentages
// beyond 1.
func (b Bands) quantity(text string) (float64, bool) {
	v, ok := parseAmount(text)
	if !ok {
		return 0, false
	}
	pct := strings.HasSuffix(strings.TrimSpace(text), "%")
	switch b.Unit {
	case UnitFraction:
		if pct {
			v /= 100
		}
	case UnitPercent:
		if !pct && v <= 1 && v != math.Trunc(v) {
			v *= 100
		}
	}
	return v, true
}

// step is the scale step of an amount: the first band whose bound it does
// not exceed, else the top step.
func (b Bands) step(v float64) int {
	for i, u := range b.Upper {
		if v <= u {
			return i + 1
		}
	}
	return len(b.Upper) + 1
}

// proposeBands proposes bands for n steps: from the scale's descriptions
// when each step but the last names a bound in the column's unit, else
// equal bands for percentages and probabilities, else the data's spread
// (geometric for money, whose amounts span orders of magnitude).
func proposeBands(unit string, amounts []float64, levels []risk.ScaleLevel) Bands {
	n := len(levels)
	if b, ok := bandsFromDescriptions(unit, levels); ok {
		return b
	}
	b := Bands{Unit: unit}
	switch unit {
	case UnitPercent, UnitFraction:
		top := 100.0
		if unit == UnitFraction {
			top = 1
		}
		for i := 1; i < n; i++ {
			b.Upper = append(b.Upper, roundSig(top*float64(i)/float64(n), 3))
		}
		b.From = risk.T("importer.bands.from_equal", risk.Args{"Size": amount{unit, top / float64(n)}})
		return b
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, a := range amounts {
		if a > 0 {
			lo = min(lo, a)
		}
		hi = max(hi, a)
	}
	if math.IsInf(lo, 1) || hi <= lo {
		lo, hi = max(hi/10, 1), max(hi, 10)
	}
	for i := 1; i < n; i++ {
		var u float64
		if unit == UnitMoney {
			u = lo * math.Pow(hi/lo, float64(i)/float64(n))
		} else {
			u = lo + (hi-lo)*float64(i)/float64(n)
		}
		u = roundSig(u, 2)
		if len(b.Upper) > 0 && u <= b.Upper[len(b.Upper)-1] {
			u = b.Upper[len(b.Upper)-1] * 1.01
		}
		b.Upper = append(b.Upper, u)
	}
	b.From = risk.T("importer.bands.from_spread", risk.Args{"Low": amount{unit, lo}, "High": amount{unit, hi}})
	return b
}

func roundSig(v float64, digits int) float64 {
	if v == 0 {
		return 0
	}
	p := math.Pow(10, float64(digits)-math.Ceil(math.Log10(math.Abs(v))))
	return math.Round(v*p) / p
}

var descriptionBound = regexp.MustCompile(`(\d[\d,.]*)\s*(%|k\b|m\b|bn\b|million|thousand)?`)

// bandsFromDescriptions reads a bound from each step's description but the
// last ("up to 10%", "< $50k"): the largest number written in the column's
// unit. It fails unless every bound is found and they increase.
func bandsFromDescriptions(unit string, levels []risk.ScaleLevel) (Bands, bool) {
	if unit == UnitNumber || len(levels) < 2 {
		return Bands{}, false
	}
	b := Bands{Unit: unit, From: risk.T("importer.bands.from_descriptions")}
	for _, l := range levels[:len(levels)-1] {
		text := l.Description + " " + l.Frequency
		best, found := 0.0, false
		for _, m := range descriptionBound.FindAllStringSubmatch(text, -1) {
			isPct := m[2] == "%"
			isMoney := m[2] != "" && !isPct || currencyPattern.MatchString(text)
			if (unit == UnitMoney) != isMoney || (unit != UnitMoney) != isPct {
				continue
			}
			v, ok := parseAmount(m[1] + map[string]string{"million": "m", "thousand": "k"}[m[2]] + strings.TrimSuffix(m[2], "%"))
			if !ok {
				continue
			}
			if unit == UnitFraction {
				v /= 100
			}
			best, found = max(best, v), true
		}
		if !found || len(b.Upper) > 0 && best <= b.Upper[len(b.Upper)-1] {
			return Bands{}, false
		}
		b.Upper = append(b.Upper, best)
	}
	return b, true
}

// formatAmount writes an amount in its unit: 20%, 0.2, 250,000.
func formatAmount(unit string, v float64) string {
	switch unit {
	case UnitPercent:
		return fmtNum(roundSig(v, 3)) + "%"
	case UnitFraction:
		return fmtNum(roundSig(v, 3))
	}
	s := strconv.FormatFloat(math.Round(v), 'f', 0, 64)
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Describe writes the bands against a scale in the default language: "up
// to 20% → 1 Rare, …, above 80% → 5 Almost certain".
func (b Bands) Describe(levels []risk.ScaleLevel) string { return b.In(i18n.Default(), levels) }

// In is Describe in p's language.
func (b Bands) In(p *i18n.Printer, levels []risk.ScaleLevel) string {
	var parts []string
	step := func(id string, u float64, i int) {
		label := ""
		if i <= len(levels) {
			label = levels[i-1].Label
		}
		parts = append(parts, strings.TrimSpace(risk.T(id, risk.Args{"Amount": amount{b.Unit, u}, "Step": i, "Label": label}).In(p)))
	}
	for i, u := range b.Upper {
		step("importer.bands.up_to", u, i+1)
	}
	if len(b.Upper) > 0 {
		step("importer.bands.above", b.Upper[len(b.Upper)-1], len(b.Upper)+1)
	}
	return strings.Join(parts, p.T("rules.list.sep"))
}

// proposeQuantitative proposes bands for the columns of one axis that hold
// amounts; a real import asks whether to use them (Mapping.Quantitative).
func proposeQuantitative(m *Mapping, rows [][]SourceCell, fields []string, k valueKind, levels []risk.ScaleLevel) {
	unit := kindUnit(k)
	var amounts []float64
	var cols []string
	for _, f := range fields {
		if j := m.Column(f); j >= 0 {
			cols = append(cols, columnName(m.Columns[j].Header, j))
			probe := Bands{Unit: unit}
			for _, r := range rows {
				if v, ok := probe.quantity(cellText(r, j)); ok {
					amounts = append(amounts, v)
				}
			}
		}
	}
	b := proposeBands(unit, amounts, levels)
	for _, f := range fields {
		if m.Column(f) >= 0 {
			if m.Bands == nil {
				m.Bands = map[string]Bands{}
			}
			m.Bands[f] = b
		}
	}
	m.Evidence = append(m.Evidence, risk.N("importer.evidence.amounts", len(cols), risk.Args{"Columns": quoted(cols), "Unit": unitName(unit), "From": b.From}))
}
