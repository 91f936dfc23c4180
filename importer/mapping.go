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
	FieldLastReview          = "last_review"
	FieldIdentified          = "identified" // the date the risk was identified: its creation date
	FieldSource              = "source"
	FieldLevel               = "level"
	FieldScore               = "score"
	FieldResidualLevel       = "residual_level"
	FieldResidualScore       = "residual_score"
	// BIA sheets.
	FieldActivity      = "activity"
	FieldRTO           = "rto"
	FieldRPO           = "rpo"
	FieldMTPD          = "mtpd"
	FieldSystem        = "system"
	FieldAchievableRTO = "achievable_rto"
	FieldAchievableRPO = "achievable_rpo"
)

// Fields lists every field a column can map to, in the order the wizard
// offers them; the empty field (ignore) is not listed.
var Fields = []string{FieldRef, FieldTitle, FieldDescription, FieldCategory, FieldCause,
	FieldVulnerability, FieldConsequence, FieldOwner, FieldInherentLikelihood,
	FieldInherentConsequence, FieldResidualLikelihood, FieldResidualConsequence, FieldTreatment,
	FieldControls, FieldActions, FieldActionDue, FieldStatus, FieldReviewFrequency,
	FieldIdentified, FieldLastReview, FieldNextReview, FieldSource, FieldLevel, FieldScore,
	FieldResidualLevel, FieldResidualScore,
	FieldActivity, FieldRTO, FieldRPO, FieldMTPD, FieldSystem, FieldAchievableRTO, FieldAchievableRPO}

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
	// Bands place the amounts of a quantitative score column (money,
	// percentages, probabilities) on the workspace scale, by field.
	Bands map[string]Bands `json:"bands,omitempty"`
	// Quantitative answers the question a register with amounts for scores
	// asks: QuantitativeBand scores them in Bands, QuantitativeUnscored
	// leaves them unscored. Unanswered, a real import is refused.
	Quantitative string `json:"quantitative,omitempty"`
	// BIA says what each row of a sheet with recovery targets becomes:
	// BIAActivities or BIASystems.
	BIA string `json:"bia,omitempty"`
	// Evidence says, one sentence each, what the proposal of the value
	// mapping rests on (the headers, the range of the values, the sheet's
	// own scores and ratings). It is not saved: a saved mapping is the
	// person's own.
	Evidence []risk.Msg `json:"-"`
}

// The answers to a quantitative register's question.
const (
	QuantitativeBand     = "band"
	QuantitativeUnscored = "unscored"
)

// What the rows of a sheet with recovery targets become.
const (
	// BIAActivities: each row is an activity with those recovery targets;
	// a row naming a system also gives an ICT system (with the achievable
	// figures, when the sheet has them) that the activity needs, so that
	// the readiness view compares the two.
	BIAActivities = "activities"
	// BIASystems: each row is an ICT system, and its recovery figures are
	// what it can achieve.
	BIASystems = "systems"
)

// Bands are the upper bounds (inclusive) of each step of a scale but the
// last, in the column's unit: an amount above the last bound is the top
// step.
type Bands struct {
	Unit  string    `json:"unit"` // UnitPercent, UnitFraction, UnitMoney or UnitNumber
	Upper []float64 `json:"upper"`
	// From says where the bounds came from, for the plan: the scale
	// descriptions, equal bands or the data's spread.
	From risk.Msg `json:"-"`
}

// Units of a quantitative column.
const (
	UnitPercent  = "percent"  // 0–100, with or without %
	UnitFraction = "fraction" // probabilities 0–1
	UnitMoney    = "money"
	UnitNumber   = "number"
)

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
		return Mapping{}, risk.Err(risk.EINVALID, risk.T("importer.mapping.invalid", risk.Args{"Detail": err.Error()}))
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return Mapping{}, risk.Err(risk.EINVALID, risk.T("importer.mapping.trailing"))
	}
	if m.HeaderRow < 1 {
		return Mapping{}, risk.Err(risk.EINVALID, risk.T("importer.mapping.no_header_row"))
	}
	if len(m.Columns) == 0 {
		return Mapping{}, risk.Err(risk.EINVALID, risk.T("importer.mapping.no_columns"))
	}
	if err := m.checkFields(risk.T("importer.where.mapping_file")); err != nil {
		return Mapping{}, err
	}
	return m, nil
}

// checkFields refuses a mapping whose columns name unknown fields or map
// two columns to one field, or whose values are for fields that take none:
// the rules hold however the mapping was made (a file, the wizard, code).
func (m *Mapping) checkFields(where risk.Msg) error {
	whereCap := risk.Capital{Localizer: where}
	seen := map[string]int{}
	for j, c := range m.Columns {
		if c.Field != "" && !slices.Contains(Fields, c.Field) {
			return risk.Err(risk.EINVALID, risk.T("importer.mapping.not_a_field", risk.Args{"N": j + 1, "Header": risk.Quote(c.Header), "Where": where, "Field": risk.Quote(c.Field), "Fields": strings.Join(Fields, ", ")}))
		}
		if k, dup := seen[c.Field]; dup && c.Field != "" {
			return risk.Err(risk.EINVALID, risk.T("importer.mapping.field_twice", risk.Args{"First": k + 1, "Second": j + 1, "Where": where, "Field": risk.Quote(c.Field)}))
		}
		seen[c.Field] = j
	}
	for f := range m.Values {
		if !slices.Contains(valueFields, f) {
			return risk.Err(risk.EINVALID, risk.T("importer.mapping.values", risk.Args{"Where": whereCap, "Field": risk.Quote(f), "Fields": strings.Join(valueFields, ", ")}))
		}
	}
	for f, b := range m.Bands {
		if !isScoreField(f) {
			return risk.Err(risk.EINVALID, risk.T("importer.mapping.bands", risk.Args{"Where": whereCap, "Field": risk.Quote(f), "Fields": strings.Join(scoreFields, ", ")}))
		}
		if !slices.Contains([]string{UnitPercent, UnitFraction, UnitMoney, UnitNumber}, b.Unit) || !slices.IsSorted(b.Upper) {
			return risk.Err(risk.EINVALID, risk.T("importer.mapping.band_unit", risk.Args{"Field": risk.Quote(f), "Where": where}))
		}
	}
	if m.Quantitative != "" && m.Quantitative != QuantitativeBand && m.Quantitative != QuantitativeUnscored {
		return risk.Err(risk.EINVALID, risk.T("importer.mapping.quantitative", risk.Args{"Where": whereCap, "Value": risk.Quote(m.Quantitative), "A": risk.Quote(QuantitativeBand), "B": risk.Quote(QuantitativeUnscored)}))
	}
	if m.BIA != "" && m.BIA != BIAActivities && m.BIA != BIASystems {
		return risk.Err(risk.EINVALID, risk.T("importer.mapping.bia", risk.Args{"Where": whereCap, "Value": risk.Quote(m.BIA), "A": risk.Quote(BIAActivities), "B": risk.Quote(BIASystems)}))
	}
	return nil
}

// scoreFields are the likelihood and consequence fields.
var scoreFields = []string{FieldInherentLikelihood, FieldInherentConsequence, FieldResidualLikelihood, FieldResidualConsequence}

func isScoreField(f string) bool { return slices.Contains(scoreFields, f) }

// ProposeMapping proposes how the sheet's columns and values map onto the
// workspace: headers by the names people give them, values by the column's
// distinct values. An empty sheet name proposes the sheet too.
func ProposeMapping(src *Source, sheet string, c *risk.Criteria) (Mapping, error) {
	if sheet == "" {
		sheet = ProposeSheet(src)
	}
	sh := src.Sheet(sheet)
	if sh == nil {
		return Mapping{}, risk.Err(risk.EINVALID, risk.T("importer.no_sheet", risk.Args{"Name": src.Name, "Sheet": risk.Quote(sheet), "Sheets": sheetNames(src)}))
	}
	hr, ok := FindTable(sh)
	if !ok {
		return Mapping{}, risk.Err(risk.EINVALID, risk.T("importer.no_header", risk.Args{"Sheet": risk.Quote(sheet), "Name": src.Name}))
	}
	header := sh.Rows[hr-1]
	m := Mapping{Sheet: sheet, HeaderRow: hr, Columns: make([]ColumnMap, len(header)),
		Values: map[string]map[string]string{}}
	for j, cell := range header {
		m.Columns[j].Header = cell.Text
	}
	fields, evidence := proposeFields(header, sh.Rows[hr:], c)
	for j := range m.Columns {
		m.Columns[j].Field = fields[j]
	}
	m.Evidence = evidence
	for _, f := range []string{FieldTreatment, FieldStatus, FieldReviewFrequency} {
		if j := m.Column(f); j >= 0 {
			if own := proposeValues(f, m.Columns[j].Header, distinct(sh.Rows[hr:], j), c); len(own) > 0 {
				m.Values[f] = own
			}
		}
	}
	proposeScores(&m, sh.Rows[hr:], c)
	if m.Column(FieldActivity) >= 0 || m.Column(FieldSystem) >= 0 {
		m.BIA = BIAActivities
		if m.Column(FieldActivity) < 0 {
			m.Evidence = append(m.Evidence, risk.T("importer.evidence.bia_systems", risk.Args{"Option": BIASystems}))
		}
	}
	return m, nil
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
	return f == FieldActivity || f == FieldSystem || isRecoveryField(f)
}

// isRecoveryField reports whether f is a recovery figure: RTO, RPO, MTPD.
func isRecoveryField(f string) bool {
	return f == FieldRTO || f == FieldRPO || f == FieldMTPD || f == FieldAchievableRTO || f == FieldAchievableRPO
}
