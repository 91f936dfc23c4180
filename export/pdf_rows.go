package export

import "strings"

// The PDF goes through a streamed table's rows three times: to size its
// columns, to lay it out, and to draw it. Reading a register of tens of
// thousands of risks from the workspace is most of an export's cost, so
// the rows are read once, when the columns are sized, and kept in a
// pdfRows: only what the PDF prints of them (the text of the shown cells,
// all of a row's in one string, and the colour of its level cells), some
// 200 bytes a risk instead of the whole risk.

// pdfRows are the shown rows of a streamed table as the PDF prints them.
type pdfRows struct {
	keep    []int    // the columns kept: those shown, and the first, which names a row
	levels  []int    // the kept columns of kind RiskLevel, whose cells are coloured
	text    []string // per row, the printed text of its kept cells, one after the other
	ends    []uint32 // per row and kept column, where the cell's text ends in the row's text
	colours []string // per row and level column, the cell's colour
	row     []Cell   // the row handed out, reused
}

// newPDFRows reads the rows of t the PDF shows, keeping what it prints.
func newPDFRows(t *Table) (*pdfRows, error) {
	p := &pdfRows{}
	for i := range t.Columns {
		if i == 0 || !t.Columns[i].SheetOnly {
			p.keep = append(p.keep, i)
			if t.Columns[i].Kind == RiskLevel {
				p.levels = append(p.levels, i)
			}
		}
	}
	from, n, _ := pdfShown(t)
	var b strings.Builder
	err := t.firstRows(from, n, func(row []Cell) {
		b.Reset()
		for _, i := range p.keep {
			var cell Cell
			if i < len(row) {
				cell = row[i]
			}
			b.WriteString(pdfCellText(&t.Columns[i], &cell))
			p.ends = append(p.ends, uint32(b.Len()))
		}
		for _, i := range p.levels {
			if i < len(row) {
				p.colours = append(p.colours, row[i].Colour)
			} else {
				p.colours = append(p.colours, "")
			}
		}
		p.text = append(p.text, b.String())
	})
	if err != nil {
		return nil, err
	}
	p.row = make([]Cell, len(t.Columns))
	return p, nil
}

// each calls fn with up to n rows from the from-th of those shown on
// (counting from 0), while more says to go on. A row's cells hold their
// printed text and colour; the row is valid only during the call.
func (p *pdfRows) each(from, n int, more func() bool, fn func(row []Cell)) {
	for r := max(from, 0); r < min(from+n, len(p.text)) && more(); r++ {
		s, at := p.text[r], r*len(p.keep)
		start := uint32(0)
		for k, i := range p.keep {
			end := p.ends[at+k]
			p.row[i] = Cell{Text: s[start:end]}
			start = end
		}
		for k, i := range p.levels {
			p.row[i].Colour = p.colours[r*len(p.levels)+k]
		}
		fn(p.row)
	}
}

// shownRows calls fn with up to n of the rows t shows from the from-th
// on, until an error stops the layout. A streamed table is read from the
// workspace the first time, by either pass, and kept for the other uses.
func (d *pdfDoc) shownRows(t *Table, from, n int, fn func(row []Cell)) {
	if t.Source == nil {
		d.check(t.firstRows(from, n, fn))
		return
	}
	p := d.rows[t]
	if p == nil && d.prev != nil {
		p = d.prev.rows[t]
	}
	if p == nil {
		var err error
		if p, err = newPDFRows(t); err != nil {
			d.check(err)
			return
		}
		if d.rows == nil {
			d.rows = map[*Table]*pdfRows{}
		}
		d.rows[t] = p
	}
	start, _, _ := pdfShown(t)
	p.each(from-start, n, func() bool { return d.err == nil }, fn)
}
