package importer

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"riskbook/risk"
)

// Fields a column can map to. The empty field ignores the column: its
// values are kept in the risk's notes. Level and score are computed by the
// workspace matrix: a source's own are only cross-checked.
const (
	FieldIgnore              = ""
	FieldRef                 = "ref"
	FieldTitle               = "title"
	FieldDescription         = "description"
	FieldCategory            = "category"
	FieldCause               = "cause"
	FieldVulnerability       = "vulnerability"
	FieldConsequence         = "consequence"
	FieldOwner               = "owner"
	FieldInherentLikelihood  = "inherent_likelihood"
	FieldInherentConsequence = "inherent_consequence"
	FieldResidualLikelihood  = "residual_likelihood"
	FieldResidualConsequence = "residual_consequence"
	FieldTreatment           = "treatment"
	FieldControls            = "controls"
	FieldActions             = "actions" // a mitigation text becomes one planned action
	FieldActionDue           = "action_due"
	FieldStatus              = "status"
	FieldReviewFrequency     = "review_frequency"
	FieldNextReview          = "next_review"
	FieldSource              = "source"
	FieldLevel               = "level"
	FieldScore               = "score"
	// BIA sheets.
	FieldActivity = "activity"
	FieldRTO      = "rto"
	FieldRPO      = "rpo"
	FieldMTPD     = "mtpd"
	FieldSystem   = "system"
)

// Fields lists every field a column can map to, in the order the wizard
// offers them; the empty field (ignore) is not listed.
var Fields = []string{FieldRef, FieldTitle, FieldDescription, FieldCategory, FieldCause,
	FieldVulnerability, FieldConsequence, FieldOwner, FieldInherentLikelihood,
	FieldInherentConsequence, FieldResidualLikelihood, FieldResidualConsequence, FieldTreatment,
	FieldControls, FieldActions, FieldActionDue, FieldStatus, FieldReviewFrequency,
	FieldNextReview, FieldSource, FieldLevel, FieldScore,
	FieldActivity, FieldRTO, FieldRPO, FieldMTPD, FieldSystem}

// valueFields are the fields whose source text is translated through
// Mapping.Values.
var valueFields = []string{FieldInherentLikelihood, FieldInherentConsequence,
	FieldResidualLikelihood, FieldResidualConsequence, FieldTreatment, FieldStatus,
	FieldReviewFrequency}

// Mapping says how a sheet's columns and values become risks. It is saved
// as JSON and reused with --map.
type Mapping struct {
	Sheet     string      `json:"sheet"`
	HeaderRow int         `json:"header_row"` // 1-based row of the header in the sheet
	Columns   []ColumnMap `json:"columns"`    // one per source column, in order
	// Values maps field → source text (lower-cased, trimmed) → workspace
	// value: a scale index "1".."N" for scores, an enum value for treatment,
	// status and review frequency.
	Values map[string]map[string]string `json:"values"`
}

// ColumnMap maps one source column to a field.
type ColumnMap struct {
	Header string `json:"header"`
	Field  string `json:"field"`
}

// Field returns the field of column j, "" when j is out of range.
func (m *Mapping) Field(j int) string {
	if j < 0 || j >= len(m.Columns) {
		return ""
	}
	return m.Columns[j].Field
}

// Column returns the index of the first column mapped to field, or -1.
func (m *Mapping) Column(field string) int {
	for j, c := range m.Columns {
		if c.Field == field {
			return j
		}
	}
	return -1
}

// JSON returns the mapping as indented JSON, the form --map reads.
func (m Mapping) JSON() []byte {
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		// A Mapping is strings and ints only: marshalling cannot fail.
		panic(fmt.Sprintf("marshal mapping: %v", err))
	}
	return append(b, '\n')
}

// LoadMapping reads a mapping saved by JSON. Unknown keys, unknown fields,
// a missing header row and trailing data are refused with one sentence.
func LoadMapping(data []byte) (Mapping, error) {
	var m Mapping
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&m); err != nil {
		return Mapping{}, risk.Errorf(risk.EINVALID, "The mapping file is not a valid mapping (%v); save it again from the import wizard or --dry-run.", err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return Mapping{}, risk.Errorf(risk.EINVALID, "The mapping file has data after the mapping; keep only one JSON object in it.")
	}
	if m.HeaderRow < 1 {
		return Mapping{}, risk.Errorf(risk.EINVALID, "The mapping file has no header_row; give the 1-based row of the header, for example 1.")
	}
	if len(m.Columns) == 0 {
		return Mapping{}, risk.Errorf(risk.EINVALID, "The mapping file maps no columns; list one entry per column of the sheet.")
	}
	if err := m.checkFields("the mapping file"); err != nil {
		return Mapping{}, err
	}
	return m, nil
}

// checkFields refuses a mapping whose columns name unknown fields or map
// two columns to one field, or whose values are for fields that take none:
// the rules hold however the mapping was made (a file, the wizard, code).
func (m *Mapping) checkFields(where string) error {
	seen := map[string]int{}
	for j, c := range m.Columns {
		if c.Field != "" && !slices.Contains(Fields, c.Field) {
			return risk.Errorf(risk.EINVALID, "Column %d (%q) of %s maps to %q, which is not a field; use one of %s, or \"\" to keep it in the notes.", j+1, c.Header, where, c.Field, strings.Join(Fields, ", "))
		}
		if k, dup := seen[c.Field]; dup && c.Field != "" {
			return risk.Errorf(risk.EINVALID, "Columns %d and %d of %s both map to %q; map one of them to \"\".", k+1, j+1, where, c.Field)
		}
		seen[c.Field] = j
	}
	for f := range m.Values {
		if !slices.Contains(valueFields, f) {
			return risk.Errorf(risk.EINVALID, "%s has values for %q, which takes none; values are for %s.", strings.ToUpper(where[:1])+where[1:], f, strings.Join(valueFields, ", "))
		}
	}
	return nil
}

// ProposeMapping proposes how the sheet's columns and values map onto the
// workspace: headers by the names people give them, values by the column's
// distinct values. An empty sheet name proposes the sheet too.
func ProposeMapping(src *Source, sheet string, c *risk.Criteria) (Mapping, error) {
	if sheet == "" {
		sheet = ProposeSheet(src)
	}
	sh := src.Sheet(sheet)
	if sh == nil {
		return Mapping{}, risk.Errorf(risk.EINVALID, "%s has no sheet called %q; choose one of %s.", src.Name, sheet, sheetNames(src))
	}
	hr, ok := FindTable(sh)
	if !ok {
		return Mapping{}, risk.Errorf(risk.EINVALID, "Sheet %q of %s has no header row followed by data; put the column names in one row above the risks.", sheet, src.Name)
	}
	header := sh.Rows[hr-1]
	m := Mapping{Sheet: sheet, HeaderRow: hr, Columns: make([]ColumnMap, len(header)),
		Values: map[string]map[string]string{}}
	for j, cell := range header {
		m.Columns[j].Header = cell.Text
	}
	fields := proposeFields(header, sh.Rows[hr:], c)
	for j := range m.Columns {
		m.Columns[j].Field = fields[j]
	}
	for _, f := range valueFields {
		j := m.Column(f)
		if j < 0 {
			continue
		}
		header, vals := m.Columns[j].Header, distinct(sh.Rows[hr:], j)
		// Residual scores are on the inherent scores' scale: guess it from
		// both columns, so that residual 2s and 3s are not taken for a 1–3
		// scale when the inherent column reaches 5.
		if k := m.Column(inherentOf[f]); k >= 0 {
			header += " " + m.Columns[k].Header
			vals = append(vals, distinct(sh.Rows[hr:], k)...)
		}
		proposed := proposeValues(f, header, vals, c)
		own := map[string]string{}
		for _, v := range distinct(sh.Rows[hr:], j) {
			if p, ok := proposed[v]; ok {
				own[v] = p
			}
		}
		if len(own) > 0 {
			m.Values[f] = own
		}
	}
	return m, nil
}

var inherentOf = map[string]string{
	FieldResidualLikelihood:  FieldInherentLikelihood,
	FieldResidualConsequence: FieldInherentConsequence,
}

func sheetNames(src *Source) string {
	var names []string
	for _, s := range src.Sheets {
		names = append(names, fmt.Sprintf("%q", s.Name))
	}
	return strings.Join(names, ", ")
}

// distinct returns column j's distinct non-empty values, lower-cased, in the
// order they first appear.
func distinct(rows [][]SourceCell, j int) []string {
	seen := map[string]bool{}
	var out []string
	for _, r := range rows {
		if j >= len(r) {
			continue
		}
		k := valueKey(r[j].Text)
		if k != "" && !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	return out
}

// valueKey is the form source values take as keys of Mapping.Values.
func valueKey(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// FindTable returns the 1-based row of the sheet's header: the first row,
// among the first 50, with at least two recognised column names, or else
// the first with at least two distinct text cells and at least half as many
// filled cells as the widest row, followed by a data row. Titles (one
// merged cell), notes and blank rows above it are skipped.
func FindTable(s *Sheet) (headerRow int, ok bool) {
	limit := min(len(s.Rows), 50)
	widest := 0
	for _, r := range s.Rows[:limit] {
		widest = max(widest, filled(r))
	}
	fallback := 0
	for i := 0; i < limit; i++ {
		r := s.Rows[i]
		texts := distinctTexts(r)
		if texts < 2 || !hasDataAfter(s.Rows, i) {
			continue
		}
		if known := recognised(r); known >= 2 {
			return i + 1, true
		}
		if fallback == 0 && 2*filled(r) >= widest {
			fallback = i + 1
		}
	}
	return fallback, fallback > 0
}

func filled(r []SourceCell) int {
	n := 0
	for _, c := range r {
		if c.Text != "" {
			n++
		}
	}
	return n
}

// distinctTexts counts the distinct non-numeric texts of a row: a merged
// title expanded over ten columns counts once.
func distinctTexts(r []SourceCell) int {
	seen := map[string]bool{}
	for _, c := range r {
		if c.Text != "" && c.Number == nil && c.Date == nil && !isNumber(c.Text) {
			seen[c.Text] = true
		}
	}
	return len(seen)
}

func hasDataAfter(rows [][]SourceCell, i int) bool {
	for _, r := range rows[i+1:] {
		if !blankRow(r) {
			return true
		}
	}
	return false
}

func recognised(r []SourceCell) int {
	n := 0
	for _, c := range r {
		if f, _ := headerField(c.Text, true); f != "" {
			n++
		}
	}
	return n
}

// ProposeSheet returns the sheet that looks most like a register: the most
// recognised risk columns (BIA columns count half), then the most data
// rows. It is "" only for a source without sheets.
func ProposeSheet(src *Source) string {
	best, bestScore := "", -1
	for _, sh := range src.Sheets {
		score := 0
		if hr, ok := FindTable(&sh); ok {
			for _, cell := range sh.Rows[hr-1] {
				switch f, _ := headerField(cell.Text, true); {
				case isBIAField(f):
					score += 5
				case f != "":
					score += 10
				}
			}
			score += min(len(sh.Rows)-hr, 9)
		}
		if score > bestScore {
			best, bestScore = sh.Name, score
		}
	}
	return best
}

func isBIAField(f string) bool {
	return f == FieldActivity || f == FieldRTO || f == FieldRPO || f == FieldMTPD || f == FieldSystem
}
