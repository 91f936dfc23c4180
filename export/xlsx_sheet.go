package export

import (
	"fmt"
	"strconv"

	"github.com/xuri/excelize/v2"
)

// xlCell is one cell to write: a value (string or float64; nil leaves the
// cell blank but styled) and its style.
type xlCell struct {
	col   int
	style int
	value any
}

// xlSink writes a sheet's rows in ascending order. A sheet with at most one
// table is streamed (fast, and the only way to stay within budget for big
// registers); a sheet with several tables is written cell by cell, because
// a stream can hold only one table.
type xlSink interface {
	colWidth(col int, w float64) error
	panes(p *excelize.Panes) error
	row(r int, cells []xlCell, height float64) error
	merge(from, to string) error
	addTable(t *excelize.Table) error
	flush() error
}

// xlStream writes a sheet through excelize's stream writer, but for its
// rows after the table's header (all of them on a sheet without a table),
// which it writes itself (xlRows): the table's header must be in the stream,
// where AddTable reads the column names.
type xlStream struct {
	sw   *excelize.StreamWriter
	vals []any
	f    *excelize.File
	// own are the rows from row from on; parts receives them by part name
	// when the sheet ends.
	own   *xlRows
	from  int
	parts map[string]*xlRows
}

func (s *xlStream) colWidth(col int, w float64) error { return s.sw.SetColWidth(col, col, w) }
func (s *xlStream) panes(p *excelize.Panes) error     { return s.sw.SetPanes(p) }
func (s *xlStream) merge(from, to string) error       { return s.sw.MergeCell(from, to) }
func (s *xlStream) addTable(t *excelize.Table) error  { return s.sw.AddTable(t) }

// flush ends the stream. excelize lets go of the parsed sheet when its
// stream ends: the one part gone from f.Sheet is the sheet's, where the
// workbook's zip writer places the rows written here.
func (s *xlStream) flush() error {
	before := map[any]bool{}
	s.f.Sheet.Range(func(k, _ any) bool { before[k] = true; return true })
	if err := s.sw.Flush(); err != nil {
		return err
	}
	var gone []string
	for k := range before {
		if _, ok := s.f.Sheet.Load(k); !ok {
			gone = append(gone, fmt.Sprint(k))
		}
	}
	if len(gone) != 1 {
		return fmt.Errorf("internal error: the sheet's part is not known (%d candidates)", len(gone))
	}
	s.parts[gone[0]] = s.own
	return nil
}

func (s *xlStream) row(r int, cells []xlCell, height float64) error {
	if len(cells) == 0 && height == 0 {
		return nil
	}
	if r >= s.from {
		return s.own.add(r, cells, height)
	}
	if len(cells) == 0 {
		return s.sw.SetRow("A"+strconv.Itoa(r), nil, excelize.RowOpts{Height: height})
	}
	first := cells[0].col
	s.vals = s.vals[:0]
	for _, c := range cells {
		for len(s.vals) < c.col-first {
			s.vals = append(s.vals, nil)
		}
		s.vals = append(s.vals, excelize.Cell{StyleID: c.style, Value: c.value})
	}
	ref, err := excelize.CoordinatesToCellName(first, r)
	if err != nil {
		return err
	}
	return s.sw.SetRow(ref, s.vals, excelize.RowOpts{Height: height})
}

type xlDirect struct {
	f     *excelize.File
	sheet string
}

func (d *xlDirect) colWidth(col int, w float64) error {
	name, err := excelize.ColumnNumberToName(col)
	if err != nil {
		return err
	}
	return d.f.SetColWidth(d.sheet, name, name, w)
}

func (d *xlDirect) panes(p *excelize.Panes) error    { return d.f.SetPanes(d.sheet, p) }
func (d *xlDirect) merge(from, to string) error      { return d.f.MergeCell(d.sheet, from, to) }
func (d *xlDirect) addTable(t *excelize.Table) error { return d.f.AddTable(d.sheet, t) }
func (d *xlDirect) flush() error                     { return nil }

func (d *xlDirect) row(r int, cells []xlCell, height float64) error {
	for _, c := range cells {
		ref, err := excelize.CoordinatesToCellName(c.col, r)
		if err != nil {
			return err
		}
		if c.value != nil {
			if err := d.f.SetCellValue(d.sheet, ref, c.value); err != nil {
				return err
			}
		}
		if c.style != 0 {
			if err := d.f.SetCellStyle(d.sheet, ref, ref, c.style); err != nil {
				return err
			}
		}
	}
	if height > 0 {
		return d.f.SetRowHeight(d.sheet, r, height)
	}
	return nil
}

// render writes the planned sheet.
func (s *xlSheet) render() error {
	f := s.b.f
	// Sheet properties and print set-up go first: a stream writes them
	// when it starts.
	if err := s.printSetup(); err != nil {
		return err
	}
	var w xlSink = &xlDirect{f: f, sheet: s.name}
	if s.tables <= 1 {
		sw, err := f.NewStreamWriter(s.name)
		if err != nil {
			return fmt.Errorf("stream: %w", err)
		}
		st := &xlStream{sw: sw, f: f, own: &xlRows{}, from: 1, parts: s.b.rows}
		s.b.own = append(s.b.own, st.own)
		for _, it := range s.items {
			if it.kind == xlTableItem {
				st.from = it.table.header + 1
			}
		}
		w = st
	}
	// excelize puts each new column before those set already; going from
	// the last column leaves them in the ascending order Excel requires.
	for col := s.last; col >= 1; col-- {
		if err := w.colWidth(col, s.width(col)); err != nil {
			return fmt.Errorf("column width: %w", err)
		}
	}
	if s.freeze != nil {
		if err := w.panes(s.panes()); err != nil {
			return fmt.Errorf("freeze header: %w", err)
		}
	}
	for i, it := range s.items {
		if err := s.emit(w, it); err != nil {
			return err
		}
		if it.kind != xlHeadingItem && i+1 < len(s.items) {
			if err := w.row(it.row+it.size(), nil, xlSpacer); err != nil {
				return err
			}
		}
	}
	for _, it := range s.items {
		if it.kind == xlTableItem {
			if err := it.table.finish(s, w); err != nil {
				return err
			}
		}
	}
	if err := w.flush(); err != nil {
		return fmt.Errorf("flush: %w", err)
	}
	return s.printTitles()
}

// emit writes one item's rows.
func (s *xlSheet) emit(w xlSink, it *xlItem) error {
	st := s.b.st
	one := func(style int, text string, last int) error {
		style, err := st.textStyle(style, text)
		if err != nil {
			return err
		}
		if err := w.row(it.row, []xlCell{{col: 1, style: style, value: text}}, it.heights[0]); err != nil {
			return err
		}
		return s.merge(w, it.row, 1, last)
	}
	switch it.kind {
	case xlTitleItem:
		return one(st.title, it.text, 1)
	case xlHeadingItem:
		return one(st.heading, it.text, 1)
	case xlParagraphItem:
		return one(st.paragraph, it.text, it.span)
	case xlFactsItem:
		return s.emitFacts(w, it)
	case xlTableItem:
		return it.table.emit(s, w, it.heights)
	case xlMatrixItem:
		return s.emitMatrices(w, it)
	}
	return nil
}

// merge merges columns from..to of row, if that is more than one cell.
func (s *xlSheet) merge(w xlSink, row, from, to int) error {
	if to <= from {
		return nil
	}
	a, b := xlRef(from, row), xlRef(to, row)
	if err := w.merge(a, b); err != nil {
		return fmt.Errorf("merge %s:%s: %w", a, b, err)
	}
	return nil
}

// emitFacts writes label and value pairs, each spanning enough columns to
// read; the blank cells of a span carry its style so borders close.
func (s *xlSheet) emitFacts(w xlSink, it *xlItem) error {
	st := s.b.st
	for i, f := range it.facts {
		row := it.row + i
		label, err := st.textStyle(st.factLabel, f.Label)
		if err != nil {
			return err
		}
		value, err := st.textStyle(st.factValue, f.Value)
		if err != nil {
			return err
		}
		cells := make([]xlCell, 0, it.vspan)
		for c := 1; c <= it.vspan; c++ {
			switch {
			case c == 1:
				cells = append(cells, xlCell{col: c, style: label, value: f.Label})
			case c <= it.span:
				cells = append(cells, xlCell{col: c, style: st.factLabel})
			case c == it.span+1:
				cells = append(cells, xlCell{col: c, style: value, value: f.Value})
			default:
				cells = append(cells, xlCell{col: c, style: st.factValue})
			}
		}
		if err := w.row(row, cells, it.heights[i]); err != nil {
			return err
		}
		if err := s.merge(w, row, 1, it.span); err != nil {
			return err
		}
		if err := s.merge(w, row, it.span+1, it.vspan); err != nil {
			return err
		}
	}
	return nil
}

// emitMatrices writes one matrix, or two side by side, row by row.
func (s *xlSheet) emitMatrices(w xlSink, it *xlItem) error {
	for i, h := range it.heights {
		row := it.row + i
		var cells []xlCell
		var merges [][2]string
		for _, m := range it.mats {
			c, mg, err := m.cells(s.b.st, i, row)
			if err != nil {
				return err
			}
			cells = append(cells, c...)
			merges = append(merges, mg...)
		}
		if err := w.row(row, cells, h); err != nil {
			return err
		}
		for _, mg := range merges {
			if err := w.merge(mg[0], mg[1]); err != nil {
				return fmt.Errorf("merge %s:%s: %w", mg[0], mg[1], err)
			}
		}
	}
	return nil
}

// panes freeze the rows down to the main table's header and, for a wide
// register, its first column (the reference).
func (s *xlSheet) panes() *excelize.Panes {
	x := s.freeze
	cols, pane := 0, "bottomLeft"
	if len(x.t.Columns) >= 10 {
		cols, pane = 1, "bottomRight"
	}
	top := xlRef(cols+1, x.header+1)
	return &excelize.Panes{Freeze: true, XSplit: cols, YSplit: x.header, TopLeftCell: top, ActivePane: pane,
		Selection: []excelize.Selection{{SQRef: top, ActiveCell: top, Pane: pane}}}
}
