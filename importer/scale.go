package importer

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"riskbook/i18n"
	"riskbook/risk"
)

// This file decides what the numbers of a score column mean, from the
// evidence the sheet holds: the scale a header names ("Likelihood (1-5)"),
// the range of the values, the sheet's own score (likelihood × impact) and
// the sheet's own rating of each row. Among the readings the evidence
// allows, the one that reproduces the sheet's own ratings on the most rows
// wins; without ratings to check against, numbers that fit the workspace
// scale are read as written. Columns of amounts (money, percentages,
// probabilities) are not scale steps: they get bands and a question; a
// yes/no column is never a score.

// stepScale is a numeric scale a column's numbers may be on.
type stepScale struct {
	lo, hi float64
	hinted bool // the header names it
}

// place puts v on an n-step scale proportionally, ends kept: 1–3 onto 5
// gives 1→1, 2→3, 3→5.
func (s stepScale) place(v float64, n int) int {
	if s.hi == s.lo {
		return clamp(int(math.Round(v)), n)
	}
	return clamp(int(math.Round(1+(v-s.lo)*float64(n-1)/(s.hi-s.lo))), n)
}

func (s stepScale) String() string {
	return fmt.Sprintf("%s–%s", fmtNum(s.lo), fmtNum(s.hi))
}

func fmtNum(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// preferredTops are the tops of common scales, most common first: with no
// rating to tell them apart, the first that holds every value is taken.
var preferredTops = []float64{5, 10, 4, 3, 7, 6}

// headerScale reads a scale a header names: "(1-5)", "1 to 10", "/10".
func headerScale(header string) (stepScale, bool) {
	if m := rangeHint.FindStringSubmatch(header); m != nil {
		lo, _ := strconv.ParseFloat(m[1], 64)
		hi, _ := strconv.ParseFloat(m[2], 64)
		if hi > lo && hi <= 100 {
			return stepScale{lo: lo, hi: hi, hinted: true}, true
		}
	}
	if m := outOfHint.FindStringSubmatch(strings.ToLower(header)); m != nil {
		if hi, _ := strconv.ParseFloat(m[1], 64); hi > 1 && hi <= 100 {
			return stepScale{lo: 1, hi: hi, hinted: true}, true
		}
	}
	return stepScale{}, false
}

// candidateScales are the scales numbers from lo to hi may be on, in
// order of preference: the header's, else the workspace's own n steps when
// they hold every value, then the common scales.
func candidateScales(header string, lo, hi float64, n int) []stepScale {
	if s, ok := headerScale(header); ok {
		return []stepScale{s}
	}
	bottom := 1.0
	if lo < 1 {
		bottom = 0
	}
	var out []stepScale
	for _, top := range append([]float64{float64(n)}, preferredTops...) {
		if top < hi || top <= bottom || slices.ContainsFunc(out, func(s stepScale) bool { return s.hi == top }) {
			continue
		}
		out = append(out, stepScale{lo: bottom, hi: top})
	}
	if len(out) == 0 {
		out = append(out, stepScale{lo: bottom, hi: math.Ceil(hi)})
	}
	return out
}

// sheetRank is the workspace level a sheet's own rating names: a level's
// label, or a Low/Medium/High word spread over the levels.
func sheetRank(text string, c *risk.Criteria) (int, bool) {
	if l, ok := levelByLabel(c, text); ok {
		return l.Rank, true
	}
	w := words(stripParens(text))
	if step, ok := lmhWords[w]; ok && len(c.Levels) > 0 {
		return lmhIndex(step, len(c.Levels)), true
	}
	if step, ok := ragWords[w]; ok && len(c.Levels) > 0 {
		return lmhIndex(step, len(c.Levels)), true
	}
	return 0, false
}

// ragWords are the traffic-light ratings, by step of five as lmhWords.
var ragWords = map[string]int{"green": 2, "amber": 3, "yellow": 3, "red": 4}

// scoreColumns are the columns of one score (inherent or residual) and the
// sheet's own rating and score of it.
type scoreColumns struct {
	l, c, rating, score int // -1 when not mapped
}

func (m *Mapping) scoreColumns(residual bool) scoreColumns {
	if residual {
		return scoreColumns{m.Column(FieldResidualLikelihood), m.Column(FieldResidualConsequence),
			m.Column(FieldResidualLevel), m.Column(FieldResidualScore)}
	}
	return scoreColumns{m.Column(FieldInherentLikelihood), m.Column(FieldInherentConsequence),
		m.Column(FieldLevel), m.Column(FieldScore)}
}

// cellText is row[j]'s text, "" when j is -1 or past the row.
func cellText(row []SourceCell, j int) string {
	if j < 0 || j >= len(row) {
		return ""
	}
	return row[j].Text
}

// proposeScores proposes the value mapping of the score columns, or their
// bands, and says on what evidence.
func proposeScores(m *Mapping, rows [][]SourceCell, c *risk.Criteria) {
	axes := []struct {
		fields []string
		levels []risk.ScaleLevel
		name   string
	}{
		{[]string{FieldInherentLikelihood, FieldResidualLikelihood}, c.Likelihood, "likelihood"},
		{[]string{FieldInherentConsequence, FieldResidualConsequence}, c.Consequence, "consequence"},
	}
	// Per axis: the columns, their kind, and the candidate scales of their
	// numbers.
	type axis struct {
		cols       []int
		headers    []string
		kind       valueKind
		candidates []stepScale
		numbers    bool
		lo, hi     float64
	}
	var ax [2]axis
	for i, a := range axes {
		x := &ax[i]
		var vals []string
		for _, f := range a.fields {
			if j := m.Column(f); j >= 0 {
				x.cols = append(x.cols, j)
				x.headers = append(x.headers, m.Columns[j].Header)
				vals = append(vals, distinct(rows, j)...)
			}
		}
		if len(x.cols) == 0 {
			continue
		}
		x.kind = classify(strings.Join(x.headers, " "), vals, i == 0)
		if x.kind != kindSteps {
			proposeQuantitative(m, rows, a.fields, x.kind, a.levels)
			continue
		}
		x.lo, x.hi = math.Inf(1), math.Inf(-1)
		for _, v := range vals {
			if _, ok := labelIndex(v, a.levels); ok {
				continue
			}
			if n, ok := parseNumber(v); ok && !n.percent {
				x.lo, x.hi, x.numbers = min(x.lo, n.v), max(x.hi, n.v), true
			}
		}
		if x.numbers {
			x.candidates = candidateScales(strings.Join(x.headers, " "), x.lo, x.hi, len(a.levels))
		}
	}
	// Choose the pair of scales that reproduces the sheet's own ratings on
	// the most rows; ties go to the more likely pair (earlier candidates).
	// Registers score both axes on one scale (a square matrix): between
	// readings that agree as often, the pair of equal scales wins.
	pick := [2]stepScale{}
	agree, rated, square := -1, 0, false
	var firstAgree int
	cand := func(i int) []stepScale {
		if len(ax[i].candidates) == 0 {
			return []stepScale{{}}
		}
		return ax[i].candidates
	}
	for a, sl := range cand(0) {
		for b, sc := range cand(1) {
			got, n := ratingAgreement(m, rows, c, sl, sc)
			sq := sl.hi == sc.hi || sl.hi == 0 || sc.hi == 0
			if a == 0 && b == 0 {
				firstAgree = got
			}
			if got > agree || got == agree && sq && !square {
				pick, agree, rated, square = [2]stepScale{sl, sc}, got, n, sq
			}
		}
	}
	// A reading that reproduces the ratings on fewer than half the rows is
	// no evidence against the likelier one: the ratings disagree either
	// way, and the person is asked.
	if first := [2]stepScale{cand(0)[0], cand(1)[0]}; pick != first && 2*agree <= rated {
		pick, agree = first, firstAgree
	}
	for i, a := range axes {
		x := &ax[i]
		if len(x.cols) == 0 || x.kind != kindSteps {
			continue
		}
		for _, f := range a.fields {
			j := m.Column(f)
			if j < 0 {
				continue
			}
			out := map[string]string{}
			for _, v := range distinct(rows, j) {
				if idx, ok := stepIndex(v, a.levels, pick[i]); ok {
					out[v] = strconv.Itoa(idx)
				}
			}
			if len(out) > 0 {
				m.Values[f] = out
			}
		}
	}
	m.Evidence = append(m.Evidence, scaleEvidence(m, c, ax[0].numbers, ax[1].numbers, pick, agree, rated, firstAgree,
		len(ax[0].candidates)*len(ax[1].candidates) > 1 || len(ax[0].candidates)+len(ax[1].candidates) > 2)...)
	m.Evidence = append(m.Evidence, scoreEvidence(m, rows)...)
}

// stepIndex is a value's step on an n-step scale: a scale label, a
// number on the source scale s, or a Low/Medium/High word.
func stepIndex(v string, levels []risk.ScaleLevel, s stepScale) (int, bool) {
	n := len(levels)
	if i, ok := labelIndex(v, levels); ok {
		return i, true
	}
	if x, ok := parseNumber(v); ok && !x.percent && s.hi > 0 {
		return s.place(x.v, n), true
	}
	if step, ok := lmhWords[words(stripParens(v))]; ok {
		return lmhIndex(step, n), true
	}
	return 0, false
}

// ratingAgreement counts the rows whose own rating the workspace matrix
// reproduces when the numbers are read on the scales sl and sc, and the
// rows with a rating to check.
func ratingAgreement(m *Mapping, rows [][]SourceCell, c *risk.Criteria, sl, sc stepScale) (agree, rated int) {
	// A register repeats a few values over many rows: read each once.
	type step struct {
		i  int
		ok bool
	}
	memo := [2]map[string]step{{}, {}}
	index := func(axis int, text string, levels []risk.ScaleLevel, s stepScale) (int, bool) {
		if st, ok := memo[axis][text]; ok {
			return st.i, st.ok
		}
		i, ok := stepIndex(valueKey(text), levels, s)
		memo[axis][text] = step{i, ok}
		return i, ok
	}
	ranks := map[string]step{}
	for _, residual := range []bool{false, true} {
		cols := m.scoreColumns(residual)
		if cols.rating < 0 || cols.l < 0 || cols.c < 0 {
			continue
		}
		for _, r := range rows {
			text := cellText(r, cols.rating)
			rank, seen := ranks[text]
			if !seen {
				rank.i, rank.ok = sheetRank(text, c)
				ranks[text] = rank
			}
			want := rank.i
			if !rank.ok {
				continue
			}
			l, okL := index(0, cellText(r, cols.l), c.Likelihood, sl)
			k, okC := index(1, cellText(r, cols.c), c.Consequence, sc)
			if !okL || !okC {
				continue
			}
			rated++
			if lvl, ok := c.LevelOf(risk.Score{Likelihood: l, Consequence: k}); ok && lvl.Rank == want {
				agree++
			}
		}
	}
	return agree, rated
}

// scaleEvidence says how the numbers of the score columns were read.
func scaleEvidence(m *Mapping, c *risk.Criteria, numL, numC bool, pick [2]stepScale, agree, rated, firstAgree int, choice bool) []risk.Msg {
	var cols []string
	for _, f := range scoreFields {
		if j := m.Column(f); j >= 0 && (numL && strings.HasSuffix(f, "likelihood") || numC && strings.HasSuffix(f, "consequence")) {
			cols = append(cols, columnName(m.Columns[j].Header, j))
		}
	}
	level := m.Column(FieldLevel)
	if level < 0 {
		level = m.Column(FieldResidualLevel)
	}
	if len(cols) == 0 {
		if rated == 0 {
			return nil
		}
		var words []string
		for _, f := range scoreFields {
			if j := m.Column(f); j >= 0 {
				words = append(words, columnName(m.Columns[j].Header, j))
			}
		}
		return []risk.Msg{risk.T("importer.evidence.words", risk.Args{"Columns": quoted(words),
			"Level": risk.Quote(columnName(m.Columns[level].Header, level)), "Agree": agree, "Rated": rated})}
	}
	var how []risk.Localizer
	for i, s := range pick {
		if s.hi == 0 {
			continue
		}
		n := len(c.Likelihood)
		if i == 1 {
			n = len(c.Consequence)
		}
		name := axisName(i == 1)
		switch {
		case s.hinted:
			how = append(how, risk.T("importer.evidence.scale_named", risk.Args{"Axis": name, "Scale": s.String()}))
		case s.lo == 1 && int(s.hi) == n:
			how = append(how, risk.T("importer.evidence.scale_as_written", risk.Args{"Axis": name, "N": n}))
		default:
			var steps []string
			for v := s.lo; v <= s.hi && len(steps) < 4; v++ {
				steps = append(steps, fmt.Sprintf("%s→%d", fmtNum(v), s.place(v, n)))
			}
			if s.hi-s.lo >= 4 {
				steps = append(steps, "…")
			}
			how = append(how, risk.T("importer.evidence.scale_placed", risk.Args{"Axis": name, "Scale": s.String(), "Steps": strings.Join(steps, ", ")}))
		}
	}
	args := risk.Args{"Columns": quoted(cols), "How": semicolons(how)}
	switch {
	case rated > 0 && choice && agree > firstAgree:
		args["Level"], args["Agree"], args["Rated"], args["Other"] = risk.Quote(columnName(m.Columns[level].Header, level)), agree, rated, firstAgree
		return []risk.Msg{risk.T("importer.evidence.numbers_chosen", args)}
	case rated > 0:
		args["Level"], args["Agree"], args["Rated"] = risk.Quote(columnName(m.Columns[level].Header, level)), agree, rated
		return []risk.Msg{risk.T("importer.evidence.numbers_checked", args)}
	case !pick[0].hinted && !pick[1].hinted:
		return []risk.Msg{risk.T("importer.evidence.numbers_unchecked", args)}
	}
	return []risk.Msg{risk.T("importer.evidence.numbers", args)}
}

// semicolons joins clauses with semicolons, as p's language writes them.
type semicolons []risk.Localizer

func (l semicolons) In(p *i18n.Printer) string {
	parts := make([]string, len(l))
	for i, x := range l {
		parts[i] = x.In(p)
	}
	return strings.Join(parts, p.T("rules.list.semicolon"))
}

// scoreEvidence says whether the sheet's own score is its likelihood ×
// impact: then its numbers are its own scores, taken as written.
func scoreEvidence(m *Mapping, rows [][]SourceCell) []risk.Msg {
	var out []risk.Msg
	for _, residual := range []bool{false, true} {
		cols := m.scoreColumns(residual)
		if cols.score < 0 || cols.l < 0 || cols.c < 0 {
			continue
		}
		same, total := 0, 0
		for _, r := range rows {
			got, err := strconv.ParseFloat(strings.TrimSpace(cellText(r, cols.score)), 64)
			l, okL := parseNumber(cellText(r, cols.l))
			k, okC := parseNumber(cellText(r, cols.c))
			if err != nil || !okL || !okC {
				continue
			}
			total++
			if got == l.v*k.v {
				same++
			}
		}
		if total > 0 {
			id := "importer.evidence.product"
			if same*2 > total {
				id = "importer.evidence.product_own"
			}
			out = append(out, risk.T(id, risk.Args{"Score": risk.Quote(columnName(m.Columns[cols.score].Header, cols.score)),
				"L": risk.Quote(columnName(m.Columns[cols.l].Header, cols.l)), "C": risk.Quote(columnName(m.Columns[cols.c].Header, cols.c)),
				"Same": same, "Total": total}))
		}
	}
	return out
}
