package importer

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"riskbook/bcp"
	"riskbook/i18n"
	"riskbook/risk"
)

// PlannedRisk is one risk an import would create or update.
type PlannedRisk struct {
	Row  int // 1-based row in the sheet
	Risk risk.Risk
	// Notes are the unmapped columns as "Header: value" lines; they are
	// also appended to the risk's description, so nothing is dropped.
	Notes string
	// Problems are the row's problems, each a sentence of the catalogue
	// written in the reader's language (risk.Msg.In).
	Problems []risk.Msg
	// Blocking is set when a problem makes the risk invalid: the import
	// may not be applied until the row is fixed or skipped.
	Blocking bool
	// UpdateOf is the existing risk's reference when the row's reference
	// matches one: the import updates it instead of adding a duplicate.
	// Risk then holds only what the row gives: its status is not defaulted
	// to open, nor its residual score to the inherent one, so that the
	// store keeps the stored risk's (risk.MergeImported).
	UpdateOf string
	// Changes are what an update does to the stored risk, field by field
	// (old → new); empty when it changes nothing. StoredTitle is the
	// updated risk's title, for a row that gives none.
	Changes     []Change
	StoredTitle string
}

// Change is one field an update changes.
type Change struct {
	// Field names the field as English does: "title", "review frequency".
	Field string
	// Old and New are the field's values, nil when empty.
	Old, New risk.Localizer
}

// In writes the change in p's language: "inherent L3×C4 High → L2×C3
// Medium", "owner (none) → Ana".
func (c Change) In(p *i18n.Printer) string {
	return p.T("importer.change", i18n.Args{"Field": changeField(c.Field).In(p), "Old": orNone(p, c.Old), "New": orNone(p, c.New)})
}

// String writes the change in the default language.
func (c Change) String() string { return c.In(i18n.Default()) }

func orNone(p *i18n.Printer, v risk.Localizer) string {
	if v == nil {
		return p.T("importer.change.none")
	}
	return Excerpt(v.In(p), 60)
}

// changeField names a field of Change in a sentence.
func changeField(f string) risk.Localizer {
	switch f {
	case "title":
		return risk.T("importer.change.field.title")
	case "description":
		return risk.T("importer.change.field.description")
	case "category":
		return risk.T("importer.change.field.category")
	case "cause":
		return risk.T("importer.change.field.cause")
	case "vulnerability":
		return risk.T("importer.change.field.vulnerability")
	case "consequence":
		return risk.T("importer.change.field.consequence")
	case "owner":
		return risk.T("importer.change.field.owner")
	case "source":
		return risk.T("importer.change.field.source")
	case "inherent":
		return risk.T("importer.change.field.inherent")
	case "residual":
		return risk.T("importer.change.field.residual")
	case "treatment":
		return risk.T("importer.change.field.treatment")
	case "status":
		return risk.T("importer.change.field.status")
	case "review frequency":
		return risk.T("importer.change.field.review_frequency")
	case "last review":
		return risk.T("importer.change.field.last_review")
	case "next review":
		return risk.T("importer.change.field.next_review")
	case "controls":
		return risk.T("importer.change.field.controls")
	case "action":
		return risk.T("importer.change.field.action")
	}
	return risk.Text(f)
}

// Excerpt shortens text to at most n characters on one line, ending in
// "…" when cut: a plan never prints a whole 30,000-character cell.
func Excerpt(text string, n int) string {
	text = strings.Join(strings.Fields(text), " ")
	if utf8.RuneCountInString(text) <= n {
		return text
	}
	r := []rune(text)
	return strings.TrimSpace(string(r[:n-1])) + "…"
}

// RowProblem is something a person should know about a row (Row 0: the
// whole sheet).
type RowProblem struct {
	Row    int
	Column string
	// Message is a sentence of the catalogue, written in the reader's
	// language by its In (String: the default language).
	Message  risk.Msg
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
	// Damage is where the file's structure is broken: quotes never closed,
	// ragged rows, the header repeated inside the data. A damaged sheet is
	// refused unless the person accepts it as read.
	Damage []Damage
	// Evidence says what the value mapping rests on, one sentence each.
	Evidence []risk.Msg
	// Bandings are the score columns that hold amounts (money,
	// percentages) placed in bands; Quantitative is the person's answer
	// (Mapping.Quantitative): unanswered, a real import is refused.
	Bandings     []Banding
	Quantitative string
	// BIA sheets: what the rows became (BIAActivities or BIASystems), and
	// which new activity needs which new ICT system (by index).
	BIA        string
	Activities []bcp.Activity
	Resources  []bcp.Resource
	Needs      []Need
	// Rows is the number of data rows the plan read.
	Rows int
	// Scored says a column gives the inherent likelihood or consequence.
	Scored bool
}

// Banding is a score column whose amounts are placed in bands.
type Banding struct {
	Field, Column string
	Bands         Bands
	Scale         []risk.ScaleLevel
}

// Describe writes the banding in the default language: "Probability
// (percentages): up to 20% → 1 Rare, …".
func (b Banding) Describe() string { return b.In(i18n.Default()) }

// In writes the banding in p's language.
func (b Banding) In(p *i18n.Printer) string {
	return p.T("importer.banding", i18n.Args{"Column": b.Column, "Unit": unitName(b.Bands.Unit).In(p), "Bands": b.Bands.In(p, b.Scale)})
}

// Need says that Activities[Activity] needs Resources[Resource].
type Need struct{ Activity, Resource int }

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
// updates, checked as the stored risk would be once updated. Nothing is
// written.
func Plan(src *Source, m Mapping, c *risk.Criteria, existing []risk.Risk, today risk.Date) (*ImportPlan, error) {
	sh := src.Sheet(m.Sheet)
	if sh == nil {
		return nil, risk.Err(risk.EINVALID, risk.T("importer.no_sheet", risk.Args{"Name": src.Name, "Sheet": risk.Quote(m.Sheet), "Sheets": sheetNames(src)}))
	}
	if m.HeaderRow < 1 || m.HeaderRow > len(sh.Rows) {
		return nil, risk.Err(risk.EINVALID, risk.T("importer.header_row_outside", risk.Args{"Sheet": risk.Quote(sh.Name), "Rows": len(sh.Rows), "Row": m.HeaderRow}))
	}
	if err := checkHeader(sh, m); err != nil {
		return nil, err
	}
	if err := m.checkFields(risk.T("importer.where.mapping")); err != nil {
		return nil, err
	}
	p := &ImportPlan{Source: src.Name, SHA256: src.SHA256, Sheet: sh.Name, Evidence: m.Evidence, Quantitative: m.Quantitative}
	pl := &planner{plan: p, m: m, c: c, sheet: sh, cols: map[string]int{}, today: today, dupHeader: map[int]bool{}}
	for j, col := range m.Columns {
		if col.Field != "" {
			pl.cols[col.Field] = j
		}
	}
	if err := pl.checkYesNo(); err != nil {
		return nil, err
	}
	pl.structure()
	pl.duplicateHeaders()
	if pl.has(FieldActivity) || pl.has(FieldSystem) {
		pl.bia(src.Name)
		return p, nil
	}
	if !pl.has(FieldTitle) && !pl.has(FieldRef) {
		return nil, risk.Err(risk.EINVALID, risk.T("importer.no_title_column"))
	}
	pl.bandings()
	byRef := map[string]*risk.Risk{}
	for i := range existing {
		byRef[strings.ToLower(existing[i].Ref)] = &existing[i]
	}
	seen := map[string]int{}
	// One planned risk per row at most: made at that size, the list is not
	// copied as it grows (50,000 rows of about 600 bytes each).
	p.Risks = make([]PlannedRisk, 0, max(len(sh.Rows)-m.HeaderRow, 0))
	for i := m.HeaderRow; i < len(sh.Rows); i++ {
		if blankRow(sh.Rows[i]) || pl.repeats[i+1] {
			continue
		}
		p.Rows++
		base := byRef[strings.ToLower(strings.TrimSpace(pl.text(sh.Rows[i], FieldRef)))]
		pr, ok := pl.risk(i, base)
		if !ok {
			continue
		}
		if key := strings.ToLower(pr.Risk.Ref); key != "" {
			if first, dup := seen[key]; dup {
				pl.problem(&pr, FieldRef, risk.T("importer.row.ref_twice", risk.Args{"Ref": Excerpt(pr.Risk.Ref, 30), "Row": first}), true)
			} else {
				seen[key] = pr.Row
			}
		}
		p.Risks = append(p.Risks, pr)
	}
	p.Scored = pl.has(FieldInherentLikelihood) || pl.has(FieldInherentConsequence)
	if !p.Scored && len(p.Risks) > 0 {
		p.Problems = append(p.Problems, RowProblem{Message: risk.T("importer.sheet.unscored")})
	}
	if pl.defaultedResidual > 0 {
		p.Problems = append(p.Problems, RowProblem{Message: risk.N("importer.sheet.residual_defaulted", pl.defaultedResidual)})
	}
	if pl.backdated > 0 {
		p.Problems = append(p.Problems, RowProblem{Message: risk.N("importer.sheet.backdated", pl.backdated)})
	}
	return p, nil
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
			return risk.Err(risk.EINVALID, risk.T("importer.layout_changed", risk.Args{"N": j + 1, "Sheet": risk.Quote(sh.Name), "Got": risk.Quote(got), "Want": risk.Quote(col.Header)}))
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
	today risk.Date
	// repeats are the rows that repeat the header; dupHeader the columns
	// whose name another column shares.
	repeats   map[int]bool
	dupHeader map[int]bool
	// Counts for the sheet's notes: new risks whose residual score is
	// their inherent one, rows whose last review is a cycle before their
	// next.
	defaultedResidual, backdated int
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
	return pl.columnName(j)
}

// columnName names column j in messages and notes: its header, with its
// letter when another column has the same name.
func (pl *planner) columnName(j int) string {
	h := ""
	if j < len(pl.m.Columns) {
		h = pl.m.Columns[j].Header
	} else if hr := pl.sheet.Rows[pl.m.HeaderRow-1]; j < len(hr) {
		h = hr[j].Text
	}
	if pl.dupHeader[j] {
		return fmt.Sprintf("%s (%s)", columnName(h, j), columnLetters(j))
	}
	return columnName(h, j)
}

func columnName(header string, j int) string {
	if header != "" {
		return header
	}
	return i18n.T("importer.column.unnamed", i18n.Args{"Letters": columnLetters(j)})
}

func columnLetters(j int) string {
	s := ""
	for j++; j > 0; j = (j - 1) / 26 {
		s = string(rune('A'+(j-1)%26)) + s
	}
	return s
}

func (pl *planner) problem(pr *PlannedRisk, field string, msg risk.Msg, blocking bool) {
	col := ""
	if field != "" && pl.has(field) {
		col = pl.header(field)
	}
	pr.Problems = append(pr.Problems, msg)
	pr.Blocking = pr.Blocking || blocking
	pl.plan.Problems = append(pl.plan.Problems, RowProblem{Row: pr.Row, Column: col, Message: msg, Blocking: blocking})
}

func (pl *planner) disagree(row int, field string, msg risk.Msg) {
	pl.plan.Disagreements = append(pl.plan.Disagreements, RowProblem{Row: row, Column: pl.header(field), Message: msg})
}
