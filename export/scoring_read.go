package export

import (
	"bytes"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"riskbook/i18n"
	"riskbook/risk"
)

// ScoringSheet is a scoring workbook read back.
type ScoringSheet struct {
	Workspace string    // the file name of the workspace it was exported from
	Exported  time.Time // when
	Owner     string    // whose risks it holds
	// Lang is the language the workbook was written in, which its cells'
	// values are read in.
	Lang i18n.Lang
	Rows []ScoringRow
}

// ScoringRow is one risk's row: what the workbook holds now beside what
// was exported.
type ScoringRow struct {
	Row   int // the row on the Scoring sheet
	Ref   string
	Title string
	// Cells are the field cells as found; Exported as written.
	Cells, Exported [scoringFieldCount]string
	// Next review is read-only: an edit is reported, never imported.
	NextReview, ExportedNextReview string
	ExportedTitle                  string
	Comment                        string
}

// Limits of a workbook ReadScoring opens: a scoring workbook of a thousand
// risks is well under a megabyte.
const (
	scoringMaxFile     = 20 << 20
	scoringMaxUnzipped = 200 << 20
)

func scoringNotOurs() error {
	return risk.Err(risk.EINVALID, risk.T("scoring.err.not_ours"))
}

// ReadScoring reads a scoring workbook that WriteScoring wrote and its
// owner filled in. It refuses, in one sentence, a file that is not such a
// workbook, one whose hidden Riskbook sheet was changed, and one whose Ref
// column was edited.
func ReadScoring(data []byte) (*ScoringSheet, error) {
	if len(data) > scoringMaxFile {
		return nil, risk.Err(risk.EINVALID, risk.T("scoring.err.too_large", risk.Args{"MB": len(data) >> 20}))
	}
	if !bytes.HasPrefix(data, []byte("PK\x03\x04")) {
		return nil, risk.Err(risk.EINVALID, risk.T("scoring.err.not_xlsx"))
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: scoringMaxUnzipped, UnzipXMLSizeLimit: scoringMaxUnzipped})
	if err != nil {
		return nil, scoringNotOurs()
	}
	defer f.Close()
	meta, err := f.GetRows(scoringMetaSheet, excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, scoringNotOurs()
	}
	lay, err := scoringLayoutOf(meta)
	if err != nil {
		return nil, err
	}
	rows, err := f.GetRows(lay.sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, scoringNotOurs()
	}
	return readScoringCells(meta, rows)
}

// scoringLayout is what the hidden Riskbook sheet says about the rest of
// its workbook: the language it was written in, the name of its Scoring
// sheet, and the row of the header of the exported copy (1-based), which
// is the Scoring sheet's header.
type scoringLayout struct {
	lang    i18n.Lang
	sheet   string
	header  int
	headers []string
}

// scoringLayoutOf reads the layout of a workbook from its hidden sheet's
// cells: format 2 records its language and Scoring sheet; format 1 is
// English, its sheet named Scoring, its copy's header on row 7.
func scoringLayoutOf(meta [][]string) (scoringLayout, error) {
	var lay scoringLayout
	switch scoringAt(scoringAtRow(meta, 0), 1) {
	case scoringFormat1:
		lay = scoringLayout{lang: i18n.English, sheet: "Scoring", header: 7}
	case scoringFormat:
		lang, err := i18n.Parse(scoringAt(scoringAtRow(meta, 5), 1))
		sheet := strings.TrimSpace(scoringAt(scoringAtRow(meta, 6), 1))
		if err != nil || sheet == "" {
			return lay, scoringTampered()
		}
		lay = scoringLayout{lang: lang, sheet: sheet, header: scoringMetaHeader}
	default:
		return lay, scoringNotOurs()
	}
	if len(meta) < lay.header {
		return lay, scoringNotOurs()
	}
	for i := range scoringColumns {
		lay.headers = append(lay.headers, strings.Join(strings.Fields(scoringAt(meta[lay.header-1], i)), " "))
	}
	if lay.headers[0] == "" || lay.headers[1] == "" {
		return lay, scoringTampered()
	}
	return lay, nil
}

// args are the names a refusal gives of the workbook's Scoring sheet and
// its Ref and Title columns, as the workbook writes them.
func (lay scoringLayout) args(a risk.Args) risk.Args {
	out := risk.Args{"Sheet": lay.sheet, "RefCol": lay.headers[0], "TitleCol": lay.headers[1]}
	for k, v := range a {
		out[k] = v
	}
	return out
}

// scoringAtRow is rows[i], or no cells past the end.
func scoringAtRow(rows [][]string, i int) []string {
	if i < len(rows) {
		return rows[i]
	}
	return nil
}

// readScoringCells reads a scoring workbook from the raw cells of its
// hidden Riskbook sheet (meta) and of its Scoring sheet (rows): all of
// ReadScoring that does not depend on the file being a workbook, so that
// it can be fuzzed at the speed of the cells.
func readScoringCells(meta, rows [][]string) (*ScoringSheet, error) {
	lay, err := scoringLayoutOf(meta)
	if err != nil {
		return nil, err
	}
	sheet := &ScoringSheet{Workspace: scoringAt(meta[1], 1), Owner: scoringAt(meta[3], 1), Lang: lay.lang}
	if sheet.Exported, err = time.Parse(time.RFC3339, scoringAt(meta[2], 1)); err != nil {
		return nil, scoringTampered()
	}
	var exported [][]string
	for _, row := range meta[lay.header:] {
		cells := make([]string, scoringColumns)
		for i := range cells {
			cells[i] = scoringAt(row, i)
		}
		exported = append(exported, cells)
	}
	if scoringDigest(exported) != scoringAt(meta[4], 1) {
		return nil, scoringTampered()
	}
	byRef := map[string][]string{}
	for _, row := range exported {
		byRef[row[0]] = row
	}
	header := -1
	for i, row := range rows[:min(len(rows), 30)] {
		if strings.TrimSpace(scoringAt(row, 0)) == lay.headers[0] && strings.TrimSpace(scoringAt(row, 1)) == lay.headers[1] {
			header = i
			break
		}
	}
	if header < 0 {
		return nil, risk.Err(risk.EINVALID, risk.T("scoring.err.no_header", lay.args(nil)))
	}
	cols := map[string]int{}
	for i, h := range rows[header] {
		cols[strings.ToLower(strings.Join(strings.Fields(h), " "))] = i
	}
	index := make([]int, scoringColumns)
	for i, h := range lay.headers {
		c, ok := cols[strings.ToLower(h)]
		if !ok || h == "" {
			return nil, risk.Err(risk.EINVALID, risk.T("scoring.err.no_column", lay.args(risk.Args{"Column": h})))
		}
		index[i] = c
	}
	seen := map[string]int{}
	for i, row := range rows[header+1:] {
		n := header + 2 + i
		cell := func(col int) string { return scoringAt(row, index[col-1]) }
		blank := true
		for col := 1; col <= scoringColumns; col++ {
			if strings.TrimSpace(cell(col)) != "" {
				blank = false
			}
		}
		if blank {
			continue
		}
		ref := strings.TrimSpace(cell(scoringColRef))
		was := ""
		if k := n - header - 2; k < len(exported) {
			was = exported[k][0]
		}
		exp, ok := byRef[ref]
		switch {
		case ref == "":
			return nil, scoringRefEdited(lay, n, "", was)
		case !ok:
			return nil, scoringRefEdited(lay, n, ref, was)
		case seen[ref] != 0:
			return nil, risk.Err(risk.EINVALID, risk.T("scoring.err.ref_twice", lay.args(risk.Args{"Ref": ref, "First": seen[ref], "Second": n})))
		}
		seen[ref] = n
		r := ScoringRow{Row: n, Ref: ref, Title: cell(scoringColTitle), ExportedTitle: exp[scoringColTitle-1],
			NextReview: scoringDate(cell(scoringColNext)), ExportedNextReview: exp[scoringColNext-1],
			Comment: strings.TrimSpace(cell(scoringColComment))}
		for j := range ScoringFields {
			r.Cells[j] = strings.TrimSpace(cell(scoringColField + j))
			r.Exported[j] = exp[scoringColField-1+j]
		}
		sheet.Rows = append(sheet.Rows, r)
	}
	return sheet, nil
}

func scoringTampered() error {
	return risk.Err(risk.EINVALID, risk.T("scoring.err.tampered"))
}

func scoringRefEdited(lay scoringLayout, row int, ref, was string) error {
	switch {
	case was != "" && ref == "":
		return risk.Err(risk.EINVALID, risk.T("scoring.err.ref_lost", lay.args(risk.Args{"Row": row, "Was": was})))
	case was != "" && ref != was:
		return risk.Err(risk.EINVALID, risk.T("scoring.err.ref_changed", lay.args(risk.Args{"Row": row, "Ref": ref, "Was": was})))
	case ref == "":
		return risk.Err(risk.EINVALID, risk.T("scoring.err.ref_missing", lay.args(risk.Args{"Row": row})))
	}
	return risk.Err(risk.EINVALID, risk.T("scoring.err.ref_added", lay.args(risk.Args{"Row": row, "Ref": ref})))
}

// scoringAt is row[i], or "" past the row's end.
func scoringAt(row []string, i int) string {
	if i < len(row) {
		return row[i]
	}
	return ""
}

// scoringDate reads a Next review cell: an Excel date serial as
// YYYY-MM-DD, anything else as typed.
func scoringDate(v string) string {
	v = strings.TrimSpace(v)
	if n, err := strconv.ParseFloat(v, 64); err == nil {
		if t, err := excelize.ExcelDateToTime(n, false); err == nil {
			return t.Format(time.DateOnly)
		}
	}
	return v
}

// ScoringChange is what a scoring workbook changes in one risk.
type ScoringChange struct {
	Ref, Title string
	Fields     []FieldChange
	// Comment is the owner's comment, which Apply adds to the description
	// on a dated "Owner comment" line.
	Comment string
	// On is the date Apply gives a comment; zero leaves it undated.
	On risk.Date
	// Problems keep the change from being applied: a value not in the
	// list, a value changed in Riskbook since the export, a rule the
	// changed risk breaks. They, the notes and the fields' Old and New are
	// written in the reader's language (i18n.Default) when ScoringDiff
	// runs; a value the owner is told to choose or put back in a cell, in
	// the workbook's.
	Problems []string
	// Notes are edits that are not imported (Title, Next review).
	Notes []string
}

// FieldChange is one changed field: Old is the workspace's value now, New
// the workbook's, both as a person reads them ("Possible (3)").
type FieldChange struct {
	Field    ScoringField
	Old, New string
	value    string // canonical
}

// Empty reports whether the change would change nothing.
func (ch *ScoringChange) Empty() bool { return len(ch.Fields) == 0 && ch.Comment == "" }

// ScoringDiff compares a scoring workbook with the workspace's risks now:
// per risk, the fields the owner changed in the workbook (a cell that
// differs from its exported copy), the comment, and the problems that keep
// the change from being applied. Risks the workbook leaves as they were
// are left out. A changed row whose risk is no longer in the workspace is
// refused.
func ScoringDiff(sheet *ScoringSheet, current []risk.Risk, c *risk.Criteria) ([]ScoringChange, error) {
	// pw and cw read the workbook's cells in its language; pr and cr write
	// what the reader is told in theirs.
	pw, pr := i18n.For(sheet.Lang), i18n.Default()
	cwv, crv := c.Localised(pw), c.Localised(pr)
	cw, cr := &cwv, &crv
	byRef := map[string]*risk.Risk{}
	for i := range current {
		byRef[strings.ToLower(current[i].Ref)] = &current[i]
	}
	var out []ScoringChange
	for _, row := range sheet.Rows {
		touched := row.Comment != "" || row.Title != row.ExportedTitle || row.NextReview != row.ExportedNextReview
		for i := range ScoringFields {
			if row.Cells[i] != row.Exported[i] {
				touched = true
			}
		}
		if !touched {
			continue
		}
		r, ok := byRef[strings.ToLower(row.Ref)]
		if !ok {
			return nil, risk.Err(risk.EINVALID, risk.T("scoring.err.not_in_workspace", risk.Args{"Ref": row.Ref}))
		}
		ch := ScoringChange{Ref: r.Ref, Title: r.Title, Comment: row.Comment}
		if scoringCommentRecorded(r.Description, ch.Comment) {
			ch.Comment = "" // the same workbook read back twice
		}
		for i, f := range ScoringFields {
			now, was := row.Cells[i], row.Exported[i]
			if now == was {
				continue
			}
			cur := f.get(r)
			problem := func(id string, args risk.Args) {
				args["Field"] = f
				ch.Problems = append(ch.Problems, risk.T(id, args).In(pr))
			}
			if now == "" {
				problem("scoring.problem.cleared", risk.Args{"Value": scoringQuote(f.cell(cur, cw, pw))})
				continue
			}
			v, ok := f.parse(now, cw, pw)
			if !ok {
				problem("scoring.problem.not_in_list", risk.Args{"Value": risk.Quote(now), "Options": scoringList(f.options(cw, pw))})
				continue
			}
			if exp, _ := f.parse(was, cw, pw); exp != cur && v != cur {
				problem("scoring.problem.changed", risk.Args{"Value": f.label(cur, cr, pr)})
				continue
			}
			if v != cur {
				ch.Fields = append(ch.Fields, FieldChange{Field: f, Old: f.label(cur, cr, pr), New: f.label(v, cr, pr), value: v})
			}
		}
		if row.Title != row.ExportedTitle {
			ch.Notes = append(ch.Notes, pr.T("scoring.note.title"))
		}
		if row.NextReview != row.ExportedNextReview {
			ch.Notes = append(ch.Notes, pr.T("scoring.note.next_review"))
		}
		if len(ch.Problems) == 0 && len(ch.Fields) > 0 {
			after := r.Clone()
			Apply(&after, ch)
			after.Normalize()
			ch.Problems = append(ch.Problems, scoringRuleProblems(&after, c, pr)...)
		}
		if ch.Empty() && len(ch.Problems) == 0 && len(ch.Notes) == 0 {
			continue
		}
		out = append(out, ch)
	}
	return out, nil
}

// scoringRuleProblems are the reasons the changed risk r could not be
// saved, in p's language: a score with one half chosen, a blocking rule.
func scoringRuleProblems(r *risk.Risk, c *risk.Criteria, p *i18n.Printer) []string {
	var out []string
	for _, s := range []struct {
		kind  string
		score risk.Score
	}{{"inherent", r.Inherent}, {"residual", r.Residual}, {"target", r.Target}} {
		kind := risk.Args{"Kind": p.T("scoring.kind." + s.kind)}
		switch {
		case s.score.Likelihood == 0 && s.score.Consequence != 0:
			out = append(out, p.T("scoring.problem.no_likelihood", kind))
		case s.score.Likelihood != 0 && s.score.Consequence == 0:
			out = append(out, p.T("scoring.problem.no_consequence", kind))
		}
	}
	if len(out) > 0 {
		return out
	}
	for _, f := range risk.Check(r, c, risk.Date{}) {
		if f.Blocking {
			out = append(out, f.In(p))
		}
	}
	return out
}

// scoringQuote is a cell's value quoted in a sentence, or "the empty cell".
func scoringQuote(s string) risk.Localizer {
	if s == "" {
		return risk.T("scoring.value.empty")
	}
	return risk.Quote(s)
}

// scoringList lists names or a drop-down list's values in a sentence of
// any language: "a, b and c".
func scoringList(options []string) risk.Localizer {
	parts := make([]risk.Localizer, len(options))
	for i, o := range options {
		parts[i] = risk.Text(o)
	}
	return risk.And(parts...)
}

// scoringCommentRecorded reports whether desc holds comment on an "Owner
// comment" line already.
func scoringCommentRecorded(desc, comment string) bool {
	if comment == "" {
		return false
	}
	want := ": " + strings.Join(strings.Fields(comment), " ")
	for _, line := range strings.Split(desc, "\n") {
		if strings.HasPrefix(line, "Owner comment") && strings.HasSuffix(strings.TrimSpace(line), want) {
			return true
		}
	}
	return false
}

// Apply sets the fields ch changes in r, and adds its comment to r's
// description on a line of its own: "Owner comment, 2026-03-31 (Technical
// lead): …". Nothing else of r changes.
func Apply(r *risk.Risk, ch ScoringChange) {
	for _, fc := range ch.Fields {
		fc.Field.set(r, fc.value)
	}
	if ch.Comment == "" {
		return
	}
	line := "Owner comment"
	if !ch.On.IsZero() {
		line += ", " + ch.On.String()
	}
	if owner := strings.TrimSpace(r.Owner); owner != "" {
		line += " (" + owner + ")"
	}
	line += ": " + strings.Join(strings.Fields(ch.Comment), " ")
	desc := strings.TrimRight(r.Description, " \t\r\n")
	if desc != "" {
		desc += "\n\n"
	}
	r.Description = desc + line
}
