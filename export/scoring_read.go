package export

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"riskbook/risk"
)

// ScoringSheet is a scoring workbook read back.
type ScoringSheet struct {
	Workspace string    // the file name of the workspace it was exported from
	Exported  time.Time // when
	Owner     string    // whose risks it holds
	Rows      []ScoringRow
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
	rows, err := f.GetRows(ScoringSheetName, excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, scoringNotOurs()
	}
	return readScoringCells(meta, rows)
}

// readScoringCells reads a scoring workbook from the raw cells of its
// hidden Riskbook sheet (meta) and of its Scoring sheet (rows): all of
// ReadScoring that does not depend on the file being a workbook, so that
// it can be fuzzed at the speed of the cells.
func readScoringCells(meta, rows [][]string) (*ScoringSheet, error) {
	if len(meta) < scoringMetaHeader || scoringAt(meta[0], 1) != scoringFormat {
		return nil, scoringNotOurs()
	}
	var err error
	sheet := &ScoringSheet{Workspace: scoringAt(meta[1], 1), Owner: scoringAt(meta[3], 1)}
	if sheet.Exported, err = time.Parse(time.RFC3339, scoringAt(meta[2], 1)); err != nil {
		return nil, scoringTampered()
	}
	var exported [][]string
	for _, row := range meta[scoringMetaHeader:] {
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
		if strings.TrimSpace(scoringAt(row, 0)) == "Ref" && strings.TrimSpace(scoringAt(row, 1)) == "Title" {
			header = i
			break
		}
	}
	if header < 0 {
		return nil, risk.Err(risk.EINVALID, risk.T("scoring.err.no_header"))
	}
	cols := map[string]int{}
	for i, h := range rows[header] {
		cols[strings.ToLower(strings.Join(strings.Fields(h), " "))] = i
	}
	index := make([]int, scoringColumns)
	for i, h := range scoringHeaders() {
		c, ok := cols[strings.ToLower(h)]
		if !ok {
			return nil, risk.Err(risk.EINVALID, risk.T("scoring.err.no_column", risk.Args{"Column": h}))
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
			return nil, scoringRefEdited(n, "", was)
		case !ok:
			return nil, scoringRefEdited(n, ref, was)
		case seen[ref] != 0:
			return nil, risk.Err(risk.EINVALID, risk.T("scoring.err.ref_twice", risk.Args{"Ref": ref, "First": seen[ref], "Second": n}))
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

func scoringRefEdited(row int, ref, was string) error {
	switch {
	case was != "" && ref == "":
		return risk.Err(risk.EINVALID, risk.T("scoring.err.ref_lost", risk.Args{"Row": row, "Was": was}))
	case was != "" && ref != was:
		return risk.Err(risk.EINVALID, risk.T("scoring.err.ref_changed", risk.Args{"Row": row, "Ref": ref, "Was": was}))
	case ref == "":
		return risk.Err(risk.EINVALID, risk.T("scoring.err.ref_missing", risk.Args{"Row": row}))
	}
	return risk.Err(risk.EINVALID, risk.T("scoring.err.ref_added", risk.Args{"Row": row, "Ref": ref}))
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
	// changed risk breaks.
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
			if now == "" {
				ch.Problems = append(ch.Problems, fmt.Sprintf("the %s was cleared; choose a value from the list, or put back %s to keep it", f, scoringQuote(f.cell(cur, c))))
				continue
			}
			v, ok := f.parse(now, c)
			if !ok {
				ch.Problems = append(ch.Problems, fmt.Sprintf("the %s %q is not in the list; choose one of %s", f, now, scoringJoin(f.options(c))))
				continue
			}
			if exp, _ := f.parse(was, c); exp != cur && v != cur {
				ch.Problems = append(ch.Problems, fmt.Sprintf("the %s was changed in Riskbook to %s since the workbook was exported; agree which is right and set it in Riskbook, or export a new workbook",
					f, f.Label(cur, c)))
				continue
			}
			if v != cur {
				ch.Fields = append(ch.Fields, FieldChange{Field: f, Old: f.Label(cur, c), New: f.Label(v, c), value: v})
			}
		}
		if row.Title != row.ExportedTitle {
			ch.Notes = append(ch.Notes, "the title was edited in the workbook; that is not imported, so change it in Riskbook if it should change")
		}
		if row.NextReview != row.ExportedNextReview {
			ch.Notes = append(ch.Notes, "the next review date was edited in the workbook; it is worked out from the last review and the review frequency, so record the review in Riskbook instead")
		}
		if len(ch.Problems) == 0 && len(ch.Fields) > 0 {
			after := r.Clone()
			Apply(&after, ch)
			after.Normalize()
			ch.Problems = append(ch.Problems, scoringRuleProblems(&after, c)...)
		}
		if ch.Empty() && len(ch.Problems) == 0 && len(ch.Notes) == 0 {
			continue
		}
		out = append(out, ch)
	}
	return out, nil
}

// scoringRuleProblems are the reasons the changed risk r could not be
// saved: a score with one half chosen, a blocking rule.
func scoringRuleProblems(r *risk.Risk, c *risk.Criteria) []string {
	var out []string
	for _, s := range []struct {
		name  string
		score risk.Score
	}{{"inherent", r.Inherent}, {"residual", r.Residual}, {"target", r.Target}} {
		switch {
		case s.score.Likelihood == 0 && s.score.Consequence != 0:
			out = append(out, fmt.Sprintf("the %s score has a consequence but no likelihood; choose the %s likelihood too", s.name, s.name))
		case s.score.Likelihood != 0 && s.score.Consequence == 0:
			out = append(out, fmt.Sprintf("the %s score has a likelihood but no consequence; choose the %s consequence too", s.name, s.name))
		}
	}
	if len(out) > 0 {
		return out
	}
	for _, f := range risk.Check(r, c, risk.Date{}) {
		if f.Blocking {
			out = append(out, f.Message)
		}
	}
	return out
}

func scoringQuote(s string) string {
	if s == "" {
		return "the empty cell"
	}
	return strconv.Quote(s)
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
