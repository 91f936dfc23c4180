package export

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"

	"riskbook/risk"
)

// xlTable is a Table placed on a sheet.
type xlTable struct {
	t       *Table
	name    string   // the Excel table name, unique in the workbook
	headers []string // unique column names, as Excel tables require
	lists   []string // per column: the formula of a drop-down list kept on the Lists sheet
	header  int      // header row
	last    int      // last data row; an empty table keeps one blank row
	rows    int      // data rows, as the table said when laid out
	headerH float64  // the header row's height
	widths  []float64
	// coloured are, per level column, the labels and fills of its cells
	// met while writing the rows, in order, for the conditional formats.
	coloured map[int][][2]string
}

func (b *xlBook) newTable(t *Table) (*xlTable, error) {
	if len(t.Columns) == 0 {
		return nil, fmt.Errorf("table %s has no columns", t.Name)
	}
	x := &xlTable{t: t, name: b.tableName(t.Name), lists: make([]string, len(t.Columns))}
	seen := map[string]bool{}
	for i, c := range t.Columns {
		h := strings.Join(strings.Fields(c.Title), " ")
		if h == "" {
			h = fmt.Sprintf("Column %d", i+1)
		}
		name := h
		for n := 2; seen[strings.ToLower(name)]; n++ {
			name = fmt.Sprintf("%s (%d)", h, n)
		}
		seen[strings.ToLower(name)] = true
		x.headers = append(x.headers, name)
		if c.Kind == Enum && len(c.Options) > 0 && !xlInlineList(c.Options) {
			x.lists[i] = b.lists.ref(x.name+": "+name, c.Options)
		}
	}
	return x, nil
}

// xlInlineList reports whether options fit in an inline drop-down list:
// at most 255 characters joined by commas, none holding a comma or quote,
// none empty, the list not starting like a formula.
func xlInlineList(options []string) bool {
	for _, o := range options {
		if o == "" || strings.ContainsAny(o, `,"`) {
			return false
		}
	}
	joined := strings.Join(options, ",")
	return len(utf16.Encode([]rune(joined))) <= 255 && !strings.HasPrefix(joined, "=")
}

var xlCellRef = regexp.MustCompile(`^(?i:[a-z]{1,3}[0-9]+|r[0-9]*c?[0-9]*|c[0-9]*)$`)

// tableName makes name a valid Excel table name, unused in the workbook:
// ASCII letters, digits and underscores, not starting with a digit, not
// readable as a cell reference.
func (b *xlBook) tableName(name string) string {
	s := strings.Map(func(c rune) rune {
		if c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' {
			return c
		}
		return '_'
	}, name)
	if s == "" {
		s = "Table"
	}
	if s[0] >= '0' && s[0] <= '9' || xlCellRef.MatchString(s) {
		s = "T_" + s
	}
	s = xlTruncate(s, 200)
	candidate := s
	for i := 2; b.tables[strings.ToLower(candidate)]; i++ {
		candidate = fmt.Sprintf("%s_%d", s, i)
	}
	b.tables[strings.ToLower(candidate)] = true
	return candidate
}

// layout places the table from row: the empty sentence when it has no
// rows, the header, the data rows. It returns the heights of the rows
// before the data and how many data rows follow, whose heights rowHeight
// decides as they are written.
func (x *xlTable) layout(s *xlSheet, row int) (heights []float64, more int) {
	x.rows = x.t.Len()
	if x.rows == 0 {
		heights = append(heights, xlHeadHeight)
		row++
	}
	x.header = row
	x.last = row + max(x.rows, 1)
	x.widths = make([]float64, len(x.t.Columns))
	header := 0.0
	for i := range x.t.Columns {
		x.widths[i] = s.width(i + 1)
		// the filter button takes about two characters of the header
		header = max(header, xlHeight(x.headers[i], x.widths[i]-2, true))
	}
	x.headerH = header
	heights = append(heights, header)
	if x.rows == 0 {
		return append(heights, 0), 0
	}
	return heights, x.rows
}

// rowHeight is the height of a row whose wrapped text needs more than a
// line, 0 (the default height) for others: LibreOffice does not size rows
// on opening.
func (x *xlTable) rowHeight(cells []Cell) float64 {
	lines := 1
	for i, c := range x.t.Columns {
		if i < len(cells) && xlWraps(c.Kind) && cells[i].Text != "" {
			lines = max(lines, xlLines(cells[i].Text, x.widths[i], c.Kind == RiskLevel))
		}
	}
	if lines > 1 {
		return min(float64(lines)*xlLineHeight+3, xlMaxHeight)
	}
	return 0
}

// xlWraps reports whether cells of a kind wrap their text.
func xlWraps(k Kind) bool {
	switch k {
	case Number, Percent, Date:
		return false
	}
	return true
}

// ref is the table's range.
func (x *xlTable) ref() string {
	return xlRef(1, x.header) + ":" + xlRef(len(x.t.Columns), x.last)
}

// column is the data range of column i.
func (x *xlTable) column(i int) string {
	return xlRef(i+1, x.header+1) + ":" + xlRef(i+1, x.last)
}

func (x *xlTable) emit(s *xlSheet, w xlSink, heights []float64) error {
	st := s.b.st
	if x.rows == 0 {
		text := xlFirst(x.t.Empty, s.b.r.printer().T("export.table.no_entries"))
		style, err := st.textStyle(st.empty, text)
		if err != nil {
			return err
		}
		if err := w.row(x.header-1, []xlCell{{col: 1, style: style, value: text}}, heights[0]); err != nil {
			return err
		}
	}
	cells := make([]xlCell, len(x.t.Columns))
	for i, h := range x.headers {
		// Left-aligned even over numbers: Excel's filter button covers the
		// right end of a header cell.
		style, err := st.textStyle(st.header, h)
		if err != nil {
			return err
		}
		cells[i] = xlCell{col: i + 1, style: style, value: h}
	}
	if err := w.row(x.header, cells, x.headerH); err != nil {
		return err
	}
	if x.rows == 0 {
		for i, c := range x.t.Columns {
			cells[i] = xlCell{col: i + 1, style: st.body[c.Kind]}
		}
		return w.row(x.header+1, cells, 0)
	}
	type label struct {
		col          int
		text, colour string
	}
	seen := map[label]bool{}
	x.coloured = map[int][][2]string{}
	r := 0
	err := eachRowKeeping(x.t, 0, func(row []Cell) error {
		if r == x.rows {
			return errTableGrew
		}
		for i, c := range x.t.Columns {
			var v Cell
			if i < len(row) {
				v = row[i]
			}
			cell, err := xlValue(st, c.Kind, v)
			if err != nil {
				return err
			}
			cell.col = i + 1
			cells[i] = cell
			if k := (label{i, v.Text, v.Colour}); c.Kind == RiskLevel && v.Text != "" && !seen[k] {
				seen[k] = true
				x.coloured[i] = append(x.coloured[i], [2]string{v.Text, v.Colour})
			}
		}
		if err := w.row(x.header+1+r, cells, x.rowHeight(row)); err != nil {
			return err
		}
		r++
		return s.b.progress.tick()
	}, s.b.unwritten(x))
	if err == nil && r != x.rows {
		err = errTableGrew
	}
	return err
}

// unwritten are the workbook's tables written after x: a table read from
// the register keeps their rows as it goes (eachRowKeeping), so that the
// register is read once for all of them.
func (b *xlBook) unwritten(x *xlTable) []*Table {
	var later []*Table
	seen := false
	for _, sh := range b.sheets {
		for _, it := range sh.items {
			if it.kind != xlTableItem {
				continue
			}
			if seen {
				later = append(later, it.table.t)
			}
			seen = seen || it.table == x
		}
	}
	return later
}

// errTableGrew is a table whose rows are not as many as it said when it
// was laid out: the workspace changed under a read that should not see it.
var errTableGrew = errors.New("internal error: a table gave more or fewer rows than it counted")

// xlExcelEpoch is day 0 of Excel's 1900 date system (as corrected for its
// 1900 leap-year bug, valid from March 1900).
var xlExcelEpoch = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)

// xlValue types one cell: numbers and dates as numbers with a format,
// everything else as a string, never a formula.
func xlValue(st *xlStyles, k Kind, v Cell) (xlCell, error) {
	base := st.body[k]
	switch k {
	case Number, Percent:
		switch {
		case v.Text == "" && v.Number == 0:
			return xlCell{style: base}, nil
		case v.Text != "" && !strings.ContainsAny(v.Text, "0123456789"):
			// "—" or "n/a": not a number, keep the words
			base = st.body[Text]
		case k == Percent:
			return xlCell{style: base, value: v.Number / 100}, nil
		default:
			return xlCell{style: base, value: v.Number}, nil
		}
	case Date:
		if !v.Date.IsZero() {
			if serial, ok := xlSerial(v.Date); ok {
				return xlCell{style: base, value: serial}, nil
			}
		}
		if v.Text == "" {
			return xlCell{style: base}, nil
		}
		base = st.body[Text]
	}
	if v.Text == "" {
		return xlCell{style: base}, nil
	}
	style, err := st.textStyle(base, v.Text)
	return xlCell{style: style, value: v.Text}, err
}

// xlSerial is the Excel serial number of a calendar day.
func xlSerial(d risk.Date) (float64, bool) {
	t := time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC)
	if t.Before(time.Date(1900, 3, 1, 0, 0, 0, 0, time.UTC)) || t.Year() > 9999 {
		return 0, false
	}
	return float64(t.Sub(xlExcelEpoch) / (24 * time.Hour)), true
}

// finish makes the rows an Excel table (with its autofilter), colours
// level columns by conditional formatting and puts drop-down lists on
// enumerations. On a streamed sheet this must come after the rows and
// before Flush.
func (x *xlTable) finish(s *xlSheet, w xlSink) error {
	stripes := true
	if err := w.addTable(&excelize.Table{Range: x.ref(), Name: x.name, StyleName: "TableStyleMedium2", ShowRowStripes: &stripes}); err != nil {
		return fmt.Errorf("add table %s: %w", x.name, err)
	}
	for i, c := range x.t.Columns {
		switch c.Kind {
		case RiskLevel:
			if err := x.levelFormats(s, i); err != nil {
				return err
			}
		case Enum:
			if len(c.Options) == 0 {
				continue
			}
			dv := excelize.NewDataValidation(true)
			dv.Sqref = x.column(i)
			if x.lists[i] != "" {
				dv.SetSqrefDropList(x.lists[i])
			} else if err := dv.SetDropList(c.Options); err != nil {
				return fmt.Errorf("list of %s: %w", x.headers[i], err)
			}
			p := s.b.r.printer()
			dv.SetError(excelize.DataValidationErrorStyleStop, p.T("export.list.error.title"), p.T("export.list.error"))
			if err := s.b.f.AddDataValidation(s.name, dv); err != nil {
				return fmt.Errorf("list of %s: %w", x.headers[i], err)
			}
		}
	}
	return nil
}

// levelFormats adds one rule per risk level (and per other coloured label
// the column holds): a cell equal to the label gets the level's fill and a
// contrasting ink.
func (x *xlTable) levelFormats(s *xlSheet, col int) error {
	type rule struct{ label, colour string }
	var rules []rule
	seen := map[string]bool{}
	add := func(label, colour string) {
		if label == "" || seen[label] {
			return
		}
		if _, ok := xlHex(colour); !ok {
			return
		}
		seen[label] = true
		rules = append(rules, rule{label, colour})
	}
	for _, l := range s.b.r.Levels {
		add(l.Label, l.Colour)
	}
	for _, lc := range x.coloured[col] {
		add(lc[0], lc[1])
	}
	var opts []excelize.ConditionalFormatOptions
	for _, r := range rules {
		id, err := s.b.st.level(r.colour)
		if err != nil {
			return err
		}
		opts = append(opts, excelize.ConditionalFormatOptions{Type: "cell", Criteria: "==", Format: &id,
			Value: `"` + strings.ReplaceAll(r.label, `"`, `""`) + `"`})
	}
	if len(opts) == 0 {
		return nil
	}
	if err := s.b.f.SetConditionalFormat(s.name, x.column(col), opts); err != nil {
		return fmt.Errorf("level colours of %s: %w", x.headers[col], err)
	}
	return nil
}
