package export

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"riskbook/i18n"
	"riskbook/risk"
)

// A scoring workbook is the round trip of one risk owner's risks through
// Excel: WriteScoring writes them with drop-down lists for the scores, the
// treatment and the status; the owner fills it in without Riskbook;
// ReadScoring and ScoringDiff read it back as per-risk changes of those
// fields only, which Apply makes.
//
// The workbook carries on a hidden sheet, Riskbook, the workspace's file
// name, the export time and every row as it was exported, with a SHA-256
// of those rows: a cell the owner changed is one that differs from its
// exported copy, so a value changed in Riskbook meanwhile is neither
// overwritten by an untouched cell nor silently lost to a touched one.
//
// Its sheets, headers, texts and list values are written in the language
// asked for (ScoringInput.Printer); the hidden sheet records that language
// and the Scoring sheet's name, and its header row is the Scoring sheet's,
// so a workbook is read back whatever the language it was written in and
// whatever the reader's. A workbook of format 1 (before the languages) is
// English, its Scoring sheet named Scoring.

// Names of the scoring workbook.
const (
	scoringMetaSheet = "Riskbook"
	scoringFormat1   = "riskbook-scoring 1"
	scoringFormat    = "riskbook-scoring 2"
	scoringTable     = "Scoring"
)

// ScoringField is a field of a risk the scoring workbook lets its owner
// change.
type ScoringField int

// The fields, in column order.
const (
	InherentLikelihood ScoringField = iota
	InherentConsequence
	ResidualLikelihood
	ResidualConsequence
	TargetLikelihood
	TargetConsequence
	TreatmentField
	StatusField
	scoringFieldCount
)

// ScoringFields lists the fields in column order.
var ScoringFields = []ScoringField{InherentLikelihood, InherentConsequence, ResidualLikelihood,
	ResidualConsequence, TargetLikelihood, TargetConsequence, TreatmentField, StatusField}

var scoringFieldIDs = [scoringFieldCount]string{"inherent_likelihood", "inherent_consequence",
	"residual_likelihood", "residual_consequence", "target_likelihood", "target_consequence", "treatment", "status"}

// In is the field's name in a sentence in p's language: "residual
// likelihood", « vraisemblance résiduelle ».
func (f ScoringField) In(p *i18n.Printer) string {
	if f < 0 || f >= scoringFieldCount {
		return fmt.Sprintf("field %d", int(f))
	}
	return p.T("scoring.field." + scoringFieldIDs[f])
}

// String is the field's name in a sentence in the reader's language.
func (f ScoringField) String() string { return f.In(i18n.Default()) }

// header is the field's column header: "Residual likelihood".
func (f ScoringField) header(p *i18n.Printer) string { return risk.UpperFirst(f.In(p)) }

// kind is the kind of fixed value (export.value.KIND.…) an enum field
// holds; "" for a score.
func (f ScoringField) kind() string {
	switch f {
	case TreatmentField:
		return "treatment"
	case StatusField:
		return "status"
	}
	return ""
}

// score returns the part of r's score the field is, or nil for an enum.
func (f ScoringField) score(r *risk.Risk) *int {
	switch f {
	case InherentLikelihood:
		return &r.Inherent.Likelihood
	case InherentConsequence:
		return &r.Inherent.Consequence
	case ResidualLikelihood:
		return &r.Residual.Likelihood
	case ResidualConsequence:
		return &r.Residual.Consequence
	case TargetLikelihood:
		return &r.Target.Likelihood
	case TargetConsequence:
		return &r.Target.Consequence
	}
	return nil
}

// scale is the scale a score field is on.
func (f ScoringField) scale(c *risk.Criteria) []risk.ScaleLevel {
	switch f {
	case InherentLikelihood, ResidualLikelihood, TargetLikelihood:
		return c.Likelihood
	case InherentConsequence, ResidualConsequence, TargetConsequence:
		return c.Consequence
	}
	return nil
}

// get is the field's value in r in canonical form: a scale index ("3",
// "" when unscored) or the enum's stored value ("reduce").
func (f ScoringField) get(r *risk.Risk) string {
	switch f {
	case TreatmentField:
		return string(r.Treatment)
	case StatusField:
		return string(r.Status)
	}
	if p := f.score(r); p != nil && *p != 0 {
		return strconv.Itoa(*p)
	}
	return ""
}

// set sets the field of r from its canonical form.
func (f ScoringField) set(r *risk.Risk, v string) {
	switch f {
	case TreatmentField:
		r.Treatment = risk.Treatment(v)
		return
	case StatusField:
		r.Status = risk.Status(v)
		return
	}
	if p := f.score(r); p != nil {
		n, _ := strconv.Atoi(v)
		*p = n
	}
}

// values are the canonical values of an enum field, in list order.
func (f ScoringField) values() []string {
	var out []string
	switch f {
	case TreatmentField:
		for _, t := range risk.Treatments {
			out = append(out, string(t))
		}
	case StatusField:
		for _, s := range risk.Statuses {
			out = append(out, string(s))
		}
	}
	return out
}

// options are the drop-down list of the field in p's language: "3 —
// Possible" for a score, "Reduce" for an enum.
func (f ScoringField) options(c *risk.Criteria, p *i18n.Printer) []string {
	var out []string
	if f.score(&risk.Risk{}) != nil {
		for i := range f.scale(c) {
			out = append(out, f.cell(strconv.Itoa(i+1), c, p))
		}
		return out
	}
	for _, v := range f.values() {
		out = append(out, f.cell(v, c, p))
	}
	return out
}

// enumText is an enum field's value as p's language names it, capital
// first ("Reduce", « Réduire »); a value Riskbook does not know as stored.
func (f ScoringField) enumText(v string, p *i18n.Printer) string {
	if slices.Contains(f.values(), v) {
		return risk.UpperFirst(p.T(risk.FixedID(f.kind(), v)))
	}
	return risk.UpperFirst(v)
}

// cell is how a canonical value is written in the workbook, in p's
// language; c's level labels are written as they are (the caller gives
// criteria already Localised).
func (f ScoringField) cell(v string, c *risk.Criteria, p *i18n.Printer) string {
	if v == "" {
		return ""
	}
	if f.score(&risk.Risk{}) == nil {
		return f.enumText(v, p)
	}
	n, _ := strconv.Atoi(v)
	if scale := f.scale(c); n >= 1 && n <= len(scale) {
		return fmt.Sprintf("%d — %s", n, strings.TrimSpace(scale[n-1].Label))
	}
	return v
}

// label is how a canonical value reads in a diff, in p's language:
// "Possible (3)", "Reduce", "not set".
func (f ScoringField) label(v string, c *risk.Criteria, p *i18n.Printer) string {
	if v == "" {
		if f.score(&risk.Risk{}) != nil {
			return p.T("scoring.value.unscored")
		}
		return p.T("scoring.value.unset")
	}
	if f.score(&risk.Risk{}) == nil {
		return f.enumText(v, p)
	}
	n, _ := strconv.Atoi(v)
	if scale := f.scale(c); n >= 1 && n <= len(scale) {
		return fmt.Sprintf("%s (%d)", strings.TrimSpace(scale[n-1].Label), n)
	}
	return v
}

// parse reads what a person put in a cell of a workbook in p's language:
// the list's text, or for a score its number or its label alone ("3",
// "Possible", "3 - possible"); for an enum its label in p's language or its
// stored value, in any case.
func (f ScoringField) parse(text string, c *risk.Criteria, p *i18n.Printer) (string, bool) {
	t := strings.Join(strings.Fields(text), " ")
	if f.score(&risk.Risk{}) == nil {
		for _, v := range f.values() {
			if strings.EqualFold(t, v) || strings.EqualFold(t, f.enumText(v, p)) {
				return v, true
			}
		}
		return "", false
	}
	scale := f.scale(c)
	digits := strings.IndexFunc(t, func(r rune) bool { return r < '0' || r > '9' })
	if digits == -1 {
		digits = len(t)
	}
	if digits > 0 {
		n, err := strconv.Atoi(t[:digits])
		if err != nil || n < 1 || n > len(scale) {
			return "", false
		}
		rest := strings.TrimSpace(strings.TrimLeft(t[digits:], " —–-:.)"))
		if rest == "" || strings.EqualFold(rest, strings.TrimSpace(scale[n-1].Label)) {
			return strconv.Itoa(n), true
		}
		// "3.0", as a number typed into a cell can come back
		if v, err := strconv.ParseFloat(t, 64); err == nil && v == float64(n) {
			return strconv.Itoa(n), true
		}
		return "", false
	}
	for i, l := range scale {
		if strings.EqualFold(t, strings.TrimSpace(l.Label)) {
			return strconv.Itoa(i + 1), true
		}
	}
	return "", false
}

// ScoringInput is what a scoring workbook is written from.
type ScoringInput struct {
	// Owner names whose risks the workbook holds, matched regardless of
	// case and surrounding spaces.
	Owner    string
	Risks    []risk.Risk // the register; only the owner's risks are written
	Criteria risk.Criteria
	// Workspace is the workspace's file name, which an import checks.
	Workspace      string
	Organisation   string
	Classification string
	Author         string // who exported it
	Creator        string // "Riskbook 0.1.0"
	Now            time.Time
	// Printer writes the workbook's fixed texts in the language it was
	// asked for; nil writes English.
	Printer *i18n.Printer
}

// Columns of the Scoring sheet.
const (
	scoringColRef     = 1
	scoringColTitle   = 2
	scoringColField   = 3 // the first of the fields
	scoringColNext    = scoringColField + int(scoringFieldCount)
	scoringColComment = scoringColNext + 1
	scoringColumns    = scoringColComment
	scoringHeaderRow  = 4
	scoringMetaHeader = 9 // the header row of the exported copy on the Riskbook sheet (7 in format 1)
)

// scoringHeaders are the Scoring sheet's column headers in p's language.
func scoringHeaders(p *i18n.Printer) []string {
	h := []string{p.T("scoring.col.ref"), p.T("scoring.col.title")}
	for _, f := range ScoringFields {
		h = append(h, f.header(p))
	}
	return append(h, p.T("scoring.col.next_review"), p.T("scoring.col.comment"))
}

// Owners lists the owners the risks name, each once however it is spaced
// or capitalised, sorted as people read them: whom a scoring workbook can
// be made for.
func Owners(rs []risk.Risk) []string {
	var owners []string
	seen := map[string]bool{}
	for _, r := range rs {
		o := strings.Join(strings.Fields(r.Owner), " ")
		if o != "" && !seen[strings.ToLower(o)] {
			seen[strings.ToLower(o)] = true
			owners = append(owners, o)
		}
	}
	slices.SortFunc(owners, func(a, b string) int { return strings.Compare(strings.ToLower(a), strings.ToLower(b)) })
	return owners
}

// OwnerRisks returns the risks of owner (regardless of case and spaces),
// in reference order, with the owner's name as the risks spell it; it
// refuses, in one sentence listing the owners there are, an owner with no
// risk.
func OwnerRisks(rs []risk.Risk, owner string) ([]risk.Risk, string, error) {
	want := strings.Join(strings.Fields(owner), " ")
	if want == "" {
		return nil, "", risk.Err(risk.EINVALID, risk.T("scoring.err.no_owner"))
	}
	var out []risk.Risk
	name := ""
	for _, r := range rs {
		if o := strings.Join(strings.Fields(r.Owner), " "); strings.EqualFold(o, want) {
			if name == "" {
				name = strings.TrimSpace(r.Owner)
			}
			out = append(out, r)
		}
	}
	if len(out) == 0 {
		owners := Owners(rs)
		if len(owners) == 0 {
			return nil, "", risk.Err(risk.EINVALID, risk.T("scoring.err.owner_unknown_none", risk.Args{"Name": risk.Quote(want)}))
		}
		return nil, "", risk.Err(risk.EINVALID, risk.T("scoring.err.owner_unknown", risk.Args{"Name": risk.Quote(want), "Owners": scoringList(owners)}))
	}
	slices.SortStableFunc(out, func(a, b risk.Risk) int { return risk.CompareRefs(a.Ref, b.Ref) })
	return out, name, nil
}

// scoringRow is one risk's row as written: the Scoring sheet's cells as
// text (Next review as YYYY-MM-DD), the same for the exported copy.
func scoringRow(r *risk.Risk, c *risk.Criteria, p *i18n.Printer) []string {
	row := []string{r.Ref, r.Title}
	for _, f := range ScoringFields {
		row = append(row, f.cell(f.get(r), c, p))
	}
	return append(row, r.NextReview.String(), "")
}

// scoringDigest is the SHA-256 of rows: each cell followed by a unit
// separator, each row by a record separator.
func scoringDigest(rows [][]string) string {
	h := sha256.New()
	for _, row := range rows {
		for _, cell := range row {
			io.WriteString(h, cell)
			io.WriteString(h, "\x1f")
		}
		io.WriteString(h, "\x1e")
	}
	return hex.EncodeToString(h.Sum(nil))
}

// WriteScoring writes the scoring workbook of in.Owner's risks: a Scoring
// sheet with a title, the instructions and an Excel table of the risks
// whose score, treatment and status cells have drop-down lists (the rest
// locked and grey), a Scales sheet saying what each level means, and the
// hidden Lists and Riskbook sheets. The same input gives the same bytes.
// Nothing is written to w until the workbook is complete.
func WriteScoring(w io.Writer, in ScoringInput) (err error) {
	if err := in.Criteria.Validate(); err != nil {
		return err
	}
	rs, owner, err := OwnerRisks(in.Risks, in.Owner)
	if err != nil {
		return err
	}
	f := excelize.NewFile()
	defer func() {
		if cerr := f.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("write scoring workbook: close: %w", cerr)
		}
	}()
	f.SetZipWriter(func(w io.Writer) excelize.ZipWriter { return newXLZip(w, in.Now, nil) })
	p := printerOr(in.Printer)
	s := &scoringBook{f: f, in: &in, p: p, c: in.Criteria.Localised(p), owner: owner, risks: rs,
		sheet: p.T("scoring.sheet.scoring"), scales: p.T("scoring.sheet.scales")}
	for i := range rs {
		s.rows = append(s.rows, scoringRow(&rs[i], &s.c, p))
	}
	s.digest = scoringDigest(s.rows)
	if err := s.render(); err != nil {
		return fmt.Errorf("write scoring workbook: %w", err)
	}
	if err := f.Write(w); err != nil {
		return fmt.Errorf("write scoring workbook: %w", err)
	}
	return nil
}

type scoringBook struct {
	f  *excelize.File
	in *ScoringInput
	p  *i18n.Printer // the workbook's language
	// c is the criteria with the default ones' texts in the workbook's
	// language.
	c             risk.Criteria
	sheet, scales string // the names of the Scoring and Scales sheets
	owner         string
	risks         []risk.Risk
	rows          [][]string
	digest        string
	st            *xlStyles

	locked, lockedDate, editable, editableWrap, instructions int
}

func (s *scoringBook) meta() Meta {
	return Meta{Title: s.p.T("scoring.doc_title", i18n.Args{"Owner": s.owner}), Organisation: s.in.Organisation,
		Classification: docLang{p: s.p}.classification(s.in.Classification), Date: s.in.Now, Author: s.in.Author,
		Creator: s.in.Creator, Workspace: s.in.Workspace}
}

func (s *scoringBook) render() error {
	f := s.f
	st, err := newXLStyles(f, s.in.Printer)
	if err != nil {
		return err
	}
	s.st = st
	if err := s.styles(); err != nil {
		return err
	}
	if err := f.SetSheetName("Sheet1", s.sheet); err != nil {
		return fmt.Errorf("name sheet %s: %w", s.sheet, err)
	}
	for _, name := range []string{s.scales, scoringMetaSheet} {
		if _, err := f.NewSheet(name); err != nil {
			return fmt.Errorf("add sheet %s: %w", name, err)
		}
	}
	lists := &xlLists{name: "Lists", refs: map[string]string{}}
	if err := s.scoring(lists); err != nil {
		return fmt.Errorf("sheet %s: %w", s.sheet, err)
	}
	if err := s.scalesSheet(); err != nil {
		return fmt.Errorf("sheet %s: %w", s.scales, err)
	}
	if err := s.metaSheet(); err != nil {
		return fmt.Errorf("sheet %s: %w", scoringMetaSheet, err)
	}
	if err := lists.render(f); err != nil {
		return err
	}
	if err := f.SetSheetVisible(scoringMetaSheet, false); err != nil {
		return fmt.Errorf("hide sheet %s: %w", scoringMetaSheet, err)
	}
	return s.properties()
}

// styles adds the scoring sheet's own cell formats: grey locked cells for
// what the owner reads, white unlocked ones for what they choose.
func (s *scoringBook) styles() error {
	grid := xlBorder(xlGridInk, 1)
	grey := excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"E7E9EC"}}
	date := xlDateFormatOf(s.in.Printer)
	top := func(wrap bool) *excelize.Alignment {
		return &excelize.Alignment{Horizontal: "left", Vertical: "top", WrapText: wrap}
	}
	open := &excelize.Protection{Locked: false}
	for _, d := range []struct {
		id    *int
		style excelize.Style
	}{
		{&s.locked, excelize.Style{Border: grid, Fill: grey, Font: &excelize.Font{Color: xlNoteInk}, Alignment: top(true)}},
		{&s.lockedDate, excelize.Style{Border: grid, Fill: grey, Font: &excelize.Font{Color: xlNoteInk}, Alignment: top(false), CustomNumFmt: &date}},
		{&s.editable, excelize.Style{Border: grid, Alignment: top(false), Protection: open}},
		{&s.editableWrap, excelize.Style{Border: grid, Alignment: top(true), Protection: open}},
		{&s.instructions, excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}}},
	} {
		xlFontFamily(&d.style)
		id, err := s.f.NewStyle(&d.style)
		if err != nil {
			return fmt.Errorf("create style: %w", err)
		}
		*d.id = id
		s.st.specs[id] = d.style
	}
	return nil
}

// widths are the column widths of the Scoring sheet.
func (s *scoringBook) widths() []float64 {
	c := &s.c
	ws := []float64{10, 42}
	for _, f := range ScoringFields {
		w := 13.0
		for _, o := range f.options(c, s.p) {
			w = max(w, xlTextWidth(o)*1.05+4) // room for the drop-down arrow
		}
		ws = append(ws, min(w, 32))
	}
	return append(ws, 12, 40)
}

func (s *scoringBook) scoring(lists *xlLists) error {
	f, name, st, c, p := s.f, s.sheet, s.st, &s.c, s.p
	widths := s.widths()
	for i := len(widths); i >= 1; i-- {
		col := xlCol(i)
		if err := f.SetColWidth(name, col, col, widths[i-1]); err != nil {
			return fmt.Errorf("column width: %w", err)
		}
	}
	total := 0.0
	for _, w := range widths {
		total += w
	}
	last := xlCol(scoringColumns)
	title := p.T("scoring.title", i18n.Args{"Owner": s.owner, "Date": p.LongDate(s.in.Now.UTC())})
	if err := s.text(name, "A1", title, st.title); err != nil {
		return err
	}
	if err := f.SetRowHeight(name, 1, xlTitleHeight); err != nil {
		return err
	}
	instructions := p.T("scoring.instructions", i18n.Args{"Ref": p.T("scoring.col.ref"), "Scales": s.scales})
	if err := s.text(name, "A2", instructions, s.instructions); err != nil {
		return err
	}
	if err := f.MergeCell(name, "A2", last+"2"); err != nil {
		return err
	}
	if err := f.SetRowHeight(name, 2, xlHeight(instructions, total, true)); err != nil {
		return err
	}
	headers := scoringHeaders(p)
	head := 0.0
	for i, h := range headers {
		if err := s.text(name, xlRef(i+1, scoringHeaderRow), h, st.header); err != nil {
			return err
		}
		head = max(head, xlHeight(h, widths[i]-2, true))
	}
	if err := f.SetRowHeight(name, scoringHeaderRow, head); err != nil {
		return err
	}
	first := scoringHeaderRow + 1
	lastRow := scoringHeaderRow + len(s.rows)
	for i, row := range s.rows {
		r := first + i
		lines := 1
		for col, v := range row {
			ref := xlRef(col+1, r)
			switch {
			case col+1 == scoringColRef || col+1 == scoringColTitle:
				if err := s.text(name, ref, v, s.locked); err != nil {
					return err
				}
				lines = max(lines, xlLines(v, widths[col], false))
			case col+1 == scoringColNext:
				if err := f.SetCellStyle(name, ref, ref, s.lockedDate); err != nil {
					return err
				}
				if serial, ok := xlSerial(s.risks[i].NextReview); ok && !s.risks[i].NextReview.IsZero() {
					if err := f.SetCellValue(name, ref, serial); err != nil {
						return err
					}
				}
			case col+1 == scoringColComment:
				if err := f.SetCellStyle(name, ref, ref, s.editableWrap); err != nil {
					return err
				}
			default:
				if err := s.text(name, ref, v, s.editable); err != nil {
					return err
				}
			}
		}
		if lines > 1 {
			if err := f.SetRowHeight(name, r, min(float64(lines)*xlLineHeight+3, xlMaxHeight)); err != nil {
				return err
			}
		}
	}
	stripes := false
	if err := f.AddTable(name, &excelize.Table{Range: "A" + strconv.Itoa(scoringHeaderRow) + ":" + xlRef(scoringColumns, lastRow),
		Name: scoringTable, StyleName: "TableStyleLight1", ShowRowStripes: &stripes}); err != nil {
		return fmt.Errorf("add table: %w", err)
	}
	for i, fl := range ScoringFields {
		options := fl.options(c, p)
		dv := excelize.NewDataValidation(true)
		col := scoringColField + i
		dv.Sqref = xlRef(col, first) + ":" + xlRef(col, lastRow)
		if xlInlineList(options) {
			if err := dv.SetDropList(options); err != nil {
				return fmt.Errorf("list of %s: %w", fl, err)
			}
		} else {
			dv.SetSqrefDropList(lists.ref(fl.header(p), options))
		}
		dv.SetError(excelize.DataValidationErrorStyleStop, p.T("scoring.list.error_title"), p.T("scoring.list.error"))
		if err := f.AddDataValidation(name, dv); err != nil {
			return fmt.Errorf("list of %s: %w", fl, err)
		}
	}
	top := xlRef(scoringColTitle, first)
	if err := f.SetPanes(name, &excelize.Panes{Freeze: true, XSplit: 1, YSplit: scoringHeaderRow, TopLeftCell: top,
		ActivePane: "bottomRight", Selection: []excelize.Selection{{SQRef: xlRef(scoringColField, first), ActiveCell: xlRef(scoringColField, first), Pane: "bottomRight"}}}); err != nil {
		return fmt.Errorf("freeze header: %w", err)
	}
	if err := xlPrintSetup(f, name, s.meta(), s.in.Printer, true); err != nil {
		return err
	}
	if err := xlPrintTitles(f, name, scoringHeaderRow); err != nil {
		return err
	}
	// No password: the lock keeps the Ref column from being typed over by
	// mistake, not from a person who means to.
	if err := f.ProtectSheet(name, &excelize.SheetProtectionOptions{AutoFilter: true, Sort: true,
		FormatColumns: true, FormatRows: true, SelectLockedCells: true, SelectUnlockedCells: true}); err != nil {
		return fmt.Errorf("protect sheet: %w", err)
	}
	return nil
}

// text writes a string cell, quoted if a spreadsheet would read it as a
// formula.
func (s *scoringBook) text(sheet, ref, v string, style int) error {
	style, err := s.st.textStyle(style, v)
	if err != nil {
		return err
	}
	if v != "" {
		if err := s.f.SetCellStr(sheet, ref, v); err != nil {
			return err
		}
	}
	return s.f.SetCellStyle(sheet, ref, ref, style)
}

// scalesSheet writes what each level of the two scales means.
func (s *scoringBook) scalesSheet() error {
	f, name, st, c, p := s.f, s.scales, s.st, &s.c, s.p
	for i, w := range []float64{10, 20, 70, 28} {
		col := xlCol(i + 1)
		if err := f.SetColWidth(name, col, col, w); err != nil {
			return err
		}
	}
	if err := s.text(name, "A1", p.T("scoring.scales.title"), st.title); err != nil {
		return err
	}
	if err := f.SetRowHeight(name, 1, xlTitleHeight); err != nil {
		return err
	}
	row := 3
	for _, sc := range []struct {
		title  string
		levels []risk.ScaleLevel
	}{{p.T("scoring.scales.likelihood"), c.Likelihood}, {p.T("scoring.scales.consequence"), c.Consequence}} {
		if err := s.text(name, xlRef(1, row), sc.title, st.heading); err != nil {
			return err
		}
		row++
		for i, h := range []string{p.T("export.col.level"), p.T("export.col.label"), p.T("export.col.description"), p.T("export.col.frequency")} {
			if err := s.text(name, xlRef(i+1, row), h, st.header); err != nil {
				return err
			}
		}
		row++
		for i, l := range sc.levels {
			ref := xlRef(1, row)
			if err := f.SetCellInt(name, ref, int64(i+1)); err != nil {
				return err
			}
			if err := f.SetCellStyle(name, ref, ref, st.body[Number]); err != nil {
				return err
			}
			for j, v := range []string{l.Label, l.Description, l.Frequency} {
				if err := s.text(name, xlRef(j+2, row), v, st.body[Text]); err != nil {
					return err
				}
			}
			if n := xlLines(l.Description, 70, false); n > 1 {
				if err := f.SetRowHeight(name, row, float64(n)*xlLineHeight+3); err != nil {
					return err
				}
			}
			row++
		}
		row++
	}
	return xlPrintSetup(f, name, s.meta(), s.in.Printer, true)
}

// metaSheet writes the hidden Riskbook sheet: what the workbook is, where
// it comes from, its language and the name of its Scoring sheet, and the
// rows as exported, under the Scoring sheet's headers, with their SHA-256.
func (s *scoringBook) metaSheet() error {
	f, name := s.f, scoringMetaSheet
	facts := [][]string{
		{"Format", scoringFormat},
		{"Workspace", s.in.Workspace},
		{"Exported", s.in.Now.UTC().Format(time.RFC3339)},
		{"Owner", s.owner},
		{"Rows SHA-256", s.digest},
		{"Language", string(s.p.Lang())},
		{"Sheet", s.sheet},
	}
	for i, fact := range facts {
		if err := f.SetSheetRow(name, xlRef(1, i+1), &fact); err != nil {
			return err
		}
	}
	headers := scoringHeaders(s.p)
	if err := f.SetSheetRow(name, xlRef(1, scoringMetaHeader), &headers); err != nil {
		return err
	}
	for i, row := range s.rows {
		if err := f.SetSheetRow(name, xlRef(1, scoringMetaHeader+1+i), &row); err != nil {
			return err
		}
	}
	return nil
}

func (s *scoringBook) properties() error {
	at := s.in.Now.UTC().Format(time.RFC3339)
	creator := xlFirst(s.in.Author, s.in.Organisation)
	p := s.p
	desc := p.N("scoring.props.description", len(s.rows), i18n.Args{"Owner": s.owner,
		"Workspace": xlFirst(s.in.Workspace, p.T("scoring.props.no_workspace")), "Digest": s.digest})
	if err := s.f.SetDocProps(&excelize.DocProperties{
		Title: p.T("scoring.doc_title", i18n.Args{"Owner": s.owner}), Subject: p.T("scoring.props.subject"),
		Creator: creator, LastModifiedBy: creator, Description: desc, Category: p.T("scoring.props.category"),
		Keywords: p.T("scoring.props.keywords", i18n.Args{"Owner": s.owner}),
		Language: string(p.Lang()), Created: at, Modified: at,
	}); err != nil {
		return fmt.Errorf("set document properties: %w", err)
	}
	if err := s.f.SetAppProps(&excelize.AppProperties{Application: xlFirst(s.in.Creator, "Riskbook"),
		Company: s.in.Organisation}); err != nil {
		return fmt.Errorf("set application properties: %w", err)
	}
	return nil
}
