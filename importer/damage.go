package importer

import (
	"strings"
	"unicode"

	"riskbook/risk"
)

// checkYesNo refuses a yes/no column mapped to a score, however the
// mapping was made: "Yes" is not a likelihood.
func (pl *planner) checkYesNo() error {
	for _, f := range scoreFields {
		j, ok := pl.cols[f]
		if !ok {
			continue
		}
		if classify(pl.m.Columns[j].Header, distinct(pl.data(), j), false) == kindYesNo {
			return risk.Err(risk.EINVALID, risk.T("importer.yes_no_score", risk.Args{"Letters": columnLetters(j), "Header": risk.Quote(pl.m.Columns[j].Header), "Field": scoreFieldName(f)}))
		}
	}
	return nil
}

// data are the sheet's rows below the header.
func (pl *planner) data() [][]SourceCell { return pl.sheet.Rows[pl.m.HeaderRow:] }

// structure reports the sheet's broken structure: what reading found (a
// quote never closed), rows with more or fewer fields than the header
// (CSV), and rows that repeat the header (two tables pasted one under the
// other), which are skipped.
func (pl *planner) structure() {
	sh, hr := pl.sheet, pl.m.HeaderRow
	quoted := map[int]bool{}
	for _, d := range sh.Damage {
		if d.Row > hr {
			pl.plan.Damage = append(pl.plan.Damage, d)
			quoted[d.Row] = true
		}
	}
	width := 0
	if hr-1 < len(sh.Fields) {
		width = sh.Fields[hr-1]
	}
	header := make([]string, len(sh.Rows[hr-1]))
	named := 0
	for j, c := range sh.Rows[hr-1] {
		header[j], _ = normHeader(c.Text)
		if header[j] != "" {
			named++
		}
	}
	pl.repeats = map[int]bool{}
	for i := hr; i < len(sh.Rows); i++ {
		row, n := sh.Rows[i], i+1
		if blankRow(row) {
			continue
		}
		same := 0
		for j, c := range row {
			if j >= len(header) || header[j] == "" || c.Text == "" {
				continue
			}
			// Cheap first: a data cell much longer or shorter than the
			// header's name cannot repeat it.
			raw := sh.Rows[hr-1][j].Text
			if strings.EqualFold(c.Text, raw) {
				same++
				continue
			}
			if d := len(c.Text) - len(raw); d > 4 || d < -4 || unicode.ToLower(firstAlnum(c.Text)) != rune(header[j][0]) {
				continue
			}
			if h, _ := normHeader(c.Text); h == header[j] {
				same++
			}
		}
		if named >= 2 && 2*same > named {
			pl.repeats[n] = true
			pl.plan.Damage = append(pl.plan.Damage, Damage{Row: n, Line: sh.LineOf(n),
				Message: risk.T("importer.damage.repeated_header", risk.Args{"Row": n, "Header": hr})})
			continue
		}
		if width == 0 || i >= len(sh.Fields) || quoted[n] || sh.Fields[i] == width {
			continue
		}
		got := sh.Fields[i]
		msg := risk.N("importer.damage.fewer_fields", got, risk.Args{"Row": n, "Width": width})
		if got > width {
			msg = risk.N("importer.damage.more_fields", got, risk.Args{"Row": n, "Width": width, "Letters": columnLetters(width - 1)})
		}
		pl.plan.Damage = append(pl.plan.Damage, Damage{Row: n, Line: sh.LineOf(n), Message: msg})
	}
}

// duplicateHeaders reports columns that share a name: each is imported as
// mapped (or kept in the notes), named by its letter as well.
func (pl *planner) duplicateHeaders() {
	byName := map[string][]int{}
	var order []string
	hr := pl.sheet.Rows[pl.m.HeaderRow-1]
	for j, c := range hr {
		key, _ := normHeader(c.Text)
		if key == "" {
			continue
		}
		if len(byName[key]) == 0 {
			order = append(order, key)
		}
		byName[key] = append(byName[key], j)
	}
	for _, key := range order {
		cols := byName[key]
		if len(cols) < 2 {
			continue
		}
		letters := make([]string, len(cols))
		for i, j := range cols {
			letters[i] = columnLetters(j)
			pl.dupHeader[j] = true
		}
		id := "importer.sheet.same_name_all"
		if len(cols) == 2 {
			id = "importer.sheet.same_name_both"
		}
		pl.plan.Problems = append(pl.plan.Problems, RowProblem{Message: risk.T(id, risk.Args{"Letters": userTexts(letters), "Name": risk.Quote(hr[cols[0]].Text)})})
	}
}

// bandings lists the banded score columns of the plan.
func (pl *planner) bandings() {
	for _, f := range scoreFields {
		b, ok := pl.m.Bands[f]
		j, mapped := pl.cols[f]
		if !ok || !mapped {
			continue
		}
		scale := pl.c.Likelihood
		if strings.HasSuffix(f, "consequence") {
			scale = pl.c.Consequence
		}
		if b.From.IsZero() {
			b.From = risk.T("importer.bands.from_mapping")
		}
		pl.plan.Bandings = append(pl.plan.Bandings, Banding{Field: f, Column: pl.columnName(j), Bands: b, Scale: scale})
	}
	if len(pl.plan.Bandings) > 0 && pl.m.Quantitative == QuantitativeUnscored {
		pl.plan.Problems = append(pl.plan.Problems, RowProblem{Message: risk.T("importer.sheet.amounts_unscored")})
	}
}

// firstAlnum is the first letter or digit of s, 0 when it has none.
func firstAlnum(s string) rune {
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return r
		}
	}
	return 0
}

// scoreFieldName names a score field in a sentence: "inherent likelihood".
func scoreFieldName(f string) risk.Msg {
	switch f {
	case FieldInherentConsequence:
		return risk.T("importer.field.inherent_consequence")
	case FieldResidualLikelihood:
		return risk.T("importer.field.residual_likelihood")
	case FieldResidualConsequence:
		return risk.T("importer.field.residual_consequence")
	}
	return risk.T("importer.field.inherent_likelihood")
}
