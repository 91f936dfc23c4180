package importer

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"riskbook/bcp"
	"riskbook/risk"
)

// PlannedRisk is one risk an import would create or update.
type PlannedRisk struct {
	Row  int // 1-based row in the sheet
	Risk risk.Risk
	// Notes are the unmapped columns as "Header: value" lines; they are
	// also appended to the risk's description, so nothing is dropped.
	Notes    string
	Problems []string
	// Blocking is set when a problem makes the risk invalid: the import
	// may not be applied until the row is fixed or skipped.
	Blocking bool
	// UpdateOf is the existing risk's reference when the row's reference
	// matches one: the import updates it instead of adding a duplicate.
	// Risk then holds only what the row gives: its status is not defaulted
	// to open, nor its residual score to the inherent one, so that the
	// store keeps the stored risk's (sqlite.Import.Update).
	UpdateOf string
}

// RowProblem is something a person should know about a row (Row 0: the
// whole sheet).
type RowProblem struct {
	Row      int
	Column   string
	Message  string
	Blocking bool
	Skipped  bool // the row is left out of the import
}

// ImportPlan is what an import would do, computed without touching the
// workspace: the wizard's preview and --dry-run show it, the store applies
// it in one transaction.
type ImportPlan struct {
	Source, SHA256, Sheet string
	Risks                 []PlannedRisk
	Problems              []RowProblem
	// Disagreements are rows whose own level or score differs from what
	// the workspace matrix gives for the mapped scores.
	Disagreements []RowProblem
	// BIA sheets.
	Activities []bcp.Activity
	Resources  []bcp.Resource
}

// Blocking returns the number of blocking problems: an import with any may
// not be applied.
func (p *ImportPlan) Blocking() int {
	n := 0
	for _, pr := range p.Problems {
		if pr.Blocking {
			n++
		}
	}
	return n
}

// Plan applies a mapping to a source: it builds each row's risk (or, on a
// BIA sheet, activity or ICT system), checks it against the criteria, and
// lists every problem by row. References matching existing risks become
// updates. Nothing is written.
func Plan(src *Source, m Mapping, c *risk.Criteria, existing []risk.Risk, today risk.Date) (*ImportPlan, error) {
	sh := src.Sheet(m.Sheet)
	if sh == nil {
		return nil, risk.Errorf(risk.EINVALID, "%s has no sheet called %q; choose one of %s.", src.Name, m.Sheet, sheetNames(src))
	}
	if m.HeaderRow < 1 || m.HeaderRow > len(sh.Rows) {
		return nil, risk.Errorf(risk.EINVALID, "Sheet %q has %d rows, so row %d cannot be its header; choose the row with the column names.", sh.Name, len(sh.Rows), m.HeaderRow)
	}
	if err := checkHeader(sh, m); err != nil {
		return nil, err
	}
	if err := m.checkFields("the mapping"); err != nil {
		return nil, err
	}
	p := &ImportPlan{Source: src.Name, SHA256: src.SHA256, Sheet: sh.Name}
	pl := &planner{plan: p, m: m, c: c, sheet: sh, cols: map[string]int{}}
	for j, col := range m.Columns {
		if col.Field != "" {
			pl.cols[col.Field] = j
		}
	}
	if pl.has(FieldActivity) || pl.has(FieldSystem) {
		pl.bia(src.Name)
		return p, nil
	}
	if !pl.has(FieldTitle) && !pl.has(FieldRef) {
		return nil, risk.Errorf(risk.EINVALID, "No column is mapped to the risk title or reference; map the column that names each risk to title.")
	}
	if !pl.has(FieldResidualLikelihood) && !pl.has(FieldResidualConsequence) && (pl.has(FieldInherentLikelihood) || pl.has(FieldInherentConsequence)) {
		p.Problems = append(p.Problems, RowProblem{Message: "The sheet has no residual scores, so each risk's residual score is set to its inherent score; review them once the controls are assessed."})
	}
	byRef := map[string]string{}
	for _, r := range existing {
		byRef[strings.ToLower(r.Ref)] = r.Ref
	}
	seen := map[string]int{}
	for i := m.HeaderRow; i < len(sh.Rows); i++ {
		if blankRow(sh.Rows[i]) {
			continue
		}
		pr, ok := pl.risk(i)
		if !ok {
			continue
		}
		if key := strings.ToLower(pr.Risk.Ref); key != "" {
			if first, dup := seen[key]; dup {
				pl.problem(&pr, "ref", fmt.Sprintf("reference %s is also on row %d; give each risk its own reference", pr.Risk.Ref, first), true)
			} else {
				seen[key] = pr.Row
			}
			pr.UpdateOf = byRef[key]
			if pr.UpdateOf != "" {
				pl.leaveStored(&pr)
			}
		}
		p.Risks = append(p.Risks, pr)
	}
	return p, nil
}

// leaveStored clears what the planner filled in for a row that left it
// empty (the open status, the residual score copied from the inherent): an
// update sets only what the row gives, and keeps the stored risk's own.
func (pl *planner) leaveStored(pr *PlannedRisk) {
	row := pl.sheet.Rows[pr.Row-1]
	if pl.text(row, FieldStatus) == "" {
		pr.Risk.Status = ""
	}
	if pl.text(row, FieldResidualLikelihood) == "" && pl.text(row, FieldResidualConsequence) == "" {
		pr.Risk.Residual = risk.Score{}
	}
}

// checkHeader refuses a mapping made for another layout: reusing a saved
// mapping on a file whose columns moved would put owners in titles.
func checkHeader(sh *Sheet, m Mapping) error {
	header := sh.Rows[m.HeaderRow-1]
	for j, col := range m.Columns {
		got := ""
		if j < len(header) {
			got = header[j].Text
		}
		have, _ := normHeader(got)
		want, _ := normHeader(col.Header)
		if have != want {
			return risk.Errorf(risk.EINVALID, "Column %d of sheet %q is %q but the mapping expects %q; the file's layout has changed, so map its columns again.", j+1, sh.Name, got, col.Header)
		}
	}
	return nil
}

type planner struct {
	plan  *ImportPlan
	m     Mapping
	c     *risk.Criteria
	sheet *Sheet
	cols  map[string]int
}

func (pl *planner) has(field string) bool { _, ok := pl.cols[field]; return ok }

// cell returns the row's cell for field and whether the field is mapped.
func (pl *planner) cell(row []SourceCell, field string) SourceCell {
	j, ok := pl.cols[field]
	if !ok || j >= len(row) {
		return SourceCell{}
	}
	return row[j]
}

func (pl *planner) text(row []SourceCell, field string) string {
	return pl.cell(row, field).Text
}

func (pl *planner) header(field string) string {
	j, ok := pl.cols[field]
	if !ok {
		return field
	}
	return columnName(pl.m.Columns[j].Header, j)
}

func columnName(header string, j int) string {
	if header != "" {
		return header
	}
	return "Column " + columnLetters(j)
}

func columnLetters(j int) string {
	s := ""
	for j++; j > 0; j = (j - 1) / 26 {
		s = string(rune('A'+(j-1)%26)) + s
	}
	return s
}

func (pl *planner) problem(pr *PlannedRisk, field, msg string, blocking bool) {
	col := ""
	if field != "" {
		col = pl.header(field)
	}
	pr.Problems = append(pr.Problems, msg)
	pr.Blocking = pr.Blocking || blocking
	pl.plan.Problems = append(pl.plan.Problems, RowProblem{Row: pr.Row, Column: col, Message: msg, Blocking: blocking})
}

// risk builds the risk of sheet row i (0-based); false for a row without
// title and reference, which is skipped and reported.
func (pl *planner) risk(i int) (PlannedRisk, bool) {
	row := pl.sheet.Rows[i]
	pr := PlannedRisk{Row: i + 1}
	r := &pr.Risk
	r.Ref, r.Title = pl.text(row, FieldRef), pl.text(row, FieldTitle)
	if r.Ref == "" && r.Title == "" {
		pl.plan.Problems = append(pl.plan.Problems, RowProblem{Row: pr.Row, Skipped: true,
			Message: "the row has no title and no reference, so it was skipped"})
		return pr, false
	}
	r.Description = pl.text(row, FieldDescription)
	r.Category = pl.text(row, FieldCategory)
	r.Cause = pl.text(row, FieldCause)
	r.Vulnerability = pl.text(row, FieldVulnerability)
	r.Consequence = pl.text(row, FieldConsequence)
	r.Owner = pl.text(row, FieldOwner)
	r.Source = pl.text(row, FieldSource)
	var notes []string
	r.Inherent = pl.score(&pr, row, FieldInherentLikelihood, FieldInherentConsequence, risk.Score{})
	r.Residual = pl.score(&pr, row, FieldResidualLikelihood, FieldResidualConsequence, r.Inherent)
	r.Treatment = risk.Treatment(pl.enum(&pr, row, FieldTreatment))
	r.Status = risk.Status(pl.enum(&pr, row, FieldStatus))
	if r.Status == "" {
		r.Status = risk.Open
	}
	r.ReviewFrequency = risk.Frequency(pl.enum(&pr, row, FieldReviewFrequency))
	if next := pl.date(&pr, row, FieldNextReview); !next.IsZero() {
		// The store derives the next review from the last one: record the
		// review one cycle earlier so that the next falls on the given day.
		if months := r.ReviewFrequency.Months(); months > 0 {
			r.LastReview = next.AddMonths(-months)
		} else {
			notes = append(notes, pl.header(FieldNextReview)+": "+next.String())
		}
	}
	if text := pl.text(row, FieldControls); text != "" {
		if ids, ok := controlIDs(text); ok {
			r.Controls = ids
		} else {
			notes = append(notes, pl.header(FieldControls)+": "+text)
		}
	}
	due := pl.date(&pr, row, FieldActionDue)
	if text := pl.text(row, FieldActions); text != "" {
		r.Actions = []risk.Action{{Title: text, Owner: r.Owner, Due: due, Status: risk.Planned}}
	} else if !due.IsZero() {
		notes = append(notes, pl.header(FieldActionDue)+": "+due.String())
	}
	for j, col := range pl.m.Columns {
		if col.Field == "" && j < len(row) && row[j].Text != "" {
			notes = append(notes, columnName(col.Header, j)+": "+row[j].Text)
		}
	}
	for j := len(pl.m.Columns); j < len(row); j++ {
		if row[j].Text != "" {
			notes = append(notes, columnName(pl.sheet.Rows[pl.m.HeaderRow-1][j].Text, j)+": "+row[j].Text)
		}
	}
	pr.Notes = strings.Join(notes, "\n")
	if pr.Notes != "" {
		if r.Description != "" {
			r.Description += "\n\n"
		}
		r.Description += pr.Notes
	}
	r.Normalize()
	pl.crossCheck(&pr, row)
	pl.validate(&pr)
	return pr, true
}

// validate applies the risk rules: blocking findings make the row
// blocking. A missing reference is not one: the store assigns it.
func (pl *planner) validate(pr *PlannedRisk) {
	v := pr.Risk.Clone()
	if v.Ref == "" {
		v.Ref = "(new)"
	}
	for _, f := range risk.Check(&v, pl.c, risk.Date{}) {
		if f.Blocking {
			pl.problem(pr, pl.ruleField(f.Field), f.Message, true)
		}
	}
}

// ruleField names the mapped field a rule's finding is about ("residual"
// → the residual likelihood column), "" when no column holds it.
func (pl *planner) ruleField(field string) string {
	field, _, _ = strings.Cut(field, ".")
	field, _, _ = strings.Cut(field, "[")
	candidates := []string{field}
	switch field {
	case "inherent":
		candidates = []string{FieldInherentLikelihood, FieldInherentConsequence}
	case "residual":
		candidates = []string{FieldResidualLikelihood, FieldResidualConsequence}
	}
	for _, f := range candidates {
		if pl.has(f) {
			return f
		}
	}
	return ""
}

// score reads a likelihood × consequence pair; a part not given is taken
// from def (the inherent score, for the residual). Half a score is no
// score: it is left unscored, with a problem saying which half is missing.
func (pl *planner) score(pr *PlannedRisk, row []SourceCell, lf, cf string, def risk.Score) risk.Score {
	s := risk.Score{Likelihood: pl.scale(pr, row, lf), Consequence: pl.scale(pr, row, cf)}
	if s.Likelihood == 0 {
		s.Likelihood = def.Likelihood
	}
	if s.Consequence == 0 {
		s.Consequence = def.Consequence
	}
	if (s.Likelihood == 0) == (s.Consequence == 0) {
		return s
	}
	missing := lf
	if s.Consequence == 0 {
		missing = cf
	}
	if pl.text(row, missing) == "" {
		pl.problem(pr, missing, fmt.Sprintf("%s is empty, so the score is left unscored", pl.header(missing)), false)
	}
	return risk.Score{}
}

// scale returns the workspace index for a score cell: through the value
// mapping, else a whole number already on the scale; 0 (unscored, with a
// problem) otherwise.
func (pl *planner) scale(pr *PlannedRisk, row []SourceCell, field string) int {
	text := pl.text(row, field)
	if text == "" {
		return 0
	}
	n := len(pl.c.Likelihood)
	name := "likelihood"
	if field == FieldInherentConsequence || field == FieldResidualConsequence {
		n, name = len(pl.c.Consequence), "consequence"
	}
	v, ok := pl.m.Values[field][valueKey(text)]
	if !ok {
		v = text
	}
	if i, err := strconv.Atoi(strings.TrimSpace(v)); err == nil && i >= 1 && i <= n {
		return i
	}
	pl.problem(pr, field, fmt.Sprintf("%q is not on the %s scale of 1–%d; map it to a level, or the risk stays unscored", text, name, n), false)
	return 0
}

// enum returns the workspace value for an enumeration cell, "" with a
// problem when it is not mapped.
func (pl *planner) enum(pr *PlannedRisk, row []SourceCell, field string) string {
	text := pl.text(row, field)
	if text == "" {
		return ""
	}
	v, ok := pl.m.Values[field][valueKey(text)]
	if !ok {
		v = valueKey(text)
	}
	var allowed []string
	switch field {
	case FieldTreatment:
		allowed = enumNames(risk.Treatments)
	case FieldStatus:
		allowed = enumNames(risk.Statuses)
	default:
		allowed = enumNames(risk.Frequencies)
	}
	for _, a := range allowed {
		if v == a {
			return v
		}
	}
	pl.problem(pr, field, fmt.Sprintf("%q is not a %s Riskbook knows; map it to one of %s, or it is left empty", text, strings.ReplaceAll(field, "_", " "), strings.Join(allowed, ", ")), false)
	return ""
}

func enumNames[T ~string](vs []T) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = string(v)
	}
	return out
}

// date reads a date cell: a date the file typed, else the loose forms.
func (pl *planner) date(pr *PlannedRisk, row []SourceCell, field string) risk.Date {
	cell := pl.cell(row, field)
	if cell.Date != nil {
		return *cell.Date
	}
	d, err := ParseLooseDate(cell.Text)
	if err != nil {
		pl.problem(pr, field, risk.ErrorMessage(err)+"; the date is left empty", false)
		return risk.Date{}
	}
	return d
}

var controlIDPattern = regexp.MustCompile(`^(?i)[a-z]{1,4}[ .-]?\d+(\.\d+)*$`)

// controlIDs splits a controls cell into identifiers ("A.5.1, A.8.2";
// "CIS 4.1"), and false when it is free text, which goes to the notes.
func controlIDs(text string) ([]string, bool) {
	parts := strings.FieldsFunc(text, func(r rune) bool { return r == ',' || r == ';' || r == '\n' || r == '/' })
	var ids []string
	for _, p := range parts {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		if !controlIDPattern.MatchString(p) {
			return nil, false
		}
		ids = append(ids, p)
	}
	return ids, len(ids) > 0
}

// crossCheck compares the sheet's own level and score with the workspace
// matrix: a level against the level of the mapped inherent score; a score
// against the product of the sheet's own numbers when both are numbers
// (the sheet's arithmetic), else of the workspace indexes.
func (pl *planner) crossCheck(pr *PlannedRisk, row []SourceCell) {
	in := pr.Risk.Inherent
	if text := pl.text(row, FieldLevel); text != "" && !isNumber(text) && pl.c.InRange(in) {
		if lvl, ok := pl.c.LevelOf(in); ok && !strings.EqualFold(lvl.Label, text) {
			pl.disagree(pr.Row, FieldLevel, fmt.Sprintf("the sheet says %q; the workspace matrix gives %s for %s", text, lvl.Label, in))
		}
	}
	text := pl.text(row, FieldScore)
	got, err := strconv.ParseFloat(strings.TrimSpace(text), 64)
	if text == "" || err != nil {
		return
	}
	l, errL := strconv.ParseFloat(pl.text(row, FieldInherentLikelihood), 64)
	c, errC := strconv.ParseFloat(pl.text(row, FieldInherentConsequence), 64)
	switch {
	case errL == nil && errC == nil:
		if got != l*c {
			pl.disagree(pr.Row, FieldScore, fmt.Sprintf("the sheet's score is %s but its likelihood × impact is %s", text, strconv.FormatFloat(l*c, 'f', -1, 64)))
		}
	case pl.c.InRange(in):
		if want := float64(in.Likelihood * in.Consequence); got != want {
			pl.disagree(pr.Row, FieldScore, fmt.Sprintf("the sheet's score is %s but %s gives %d on the workspace scales", text, in, in.Likelihood*in.Consequence))
		}
	}
}

func (pl *planner) disagree(row int, field, msg string) {
	pl.plan.Disagreements = append(pl.plan.Disagreements, RowProblem{Row: row, Column: pl.header(field), Message: msg})
}
