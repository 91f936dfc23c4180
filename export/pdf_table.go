package export

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Table text and cell geometry.
var (
	pdfCellStyle   = pdfStyle{size: 8, colour: pdfInk}
	pdfHeaderStyle = pdfStyle{size: 8, bold: true, colour: pdfWhite}
	pdfHeaderRule  = pdfRGB{78, 104, 130}
)

const (
	pdfCellPadX = 1.4
	pdfCellPadY = 1.1
	// pdfMaxUnitMM caps how far a narrow table is stretched: a two-column
	// table across a landscape page is hard to read.
	pdfMaxUnitMM = 2.4
	// pdfLeadLines is how many lines of a tall first row must fit under
	// the header before a page break is preferred.
	pdfLeadLines = 3
	// pdfShortTable is the most rows a table may have to be kept whole.
	pdfShortTable = 12
)

// pdfColumn is a column as drawn: its place on the page and its alignment.
type pdfColumn struct {
	col   *Column
	index int // into Table.Columns and each row
	x, w  float64
	align byte
}

// pdfTableLayout is a table's columns and wrapped header.
type pdfTableLayout struct {
	cols    []pdfColumn
	header  [][]string
	headerH float64
	width   float64
	cell    pdfStyle // the cells' text
	large   pdfStyle // the text of Large columns
}

// pdfLargeScale is how much larger than the cells a Large column prints.
const pdfLargeScale = 1.9

// rowHeight is the height of a row of n lines of cell text.
func (lay *pdfTableLayout) rowHeight(lines int) float64 {
	return float64(lines)*lay.cell.lineHeight() + 2*pdfCellPadY
}

// pdfRowPart is where (part of) a row was placed: lines [From, To) of its
// cells, on page Page from Y to Y+H.
type pdfRowPart struct {
	Page     int
	Y, H     float64
	From, To int
}

// pdfRowPlacement records where a table row went. A row has one part
// unless it is taller than a page.
type pdfRowPlacement struct {
	Row   int // index into the rows shown
	Parts []pdfRowPart
}

// pdfTableUnits is the width of the columns a PDF shows, in Column.Width units.
func pdfTableUnits(t *Table) float64 {
	u := 0.0
	for i := range t.Columns {
		if !t.Columns[i].SheetOnly {
			u += max(t.Columns[i].Width, 4)
		}
	}
	return u
}

// pdfMaxTokenShare caps the width a column is given for its longest
// word: a URL or a hash longer than this is cut, rather than crowd out
// every other column.
const pdfMaxTokenShare = 0.4

type pdfLayoutCacheKey struct {
	t     *Table
	width float64
}

func (d *pdfDoc) tableLayout(t *Table) pdfTableLayout {
	key := pdfLayoutCacheKey{t, d.width()}
	if lay, ok := d.tableLayouts[key]; ok {
		return lay
	}
	// The second pass lays tables out as the first did.
	if lay, ok := d.prev.layoutOf(key); ok {
		return lay
	}
	lay := d.newTableLayout(t)
	if d.tableLayouts == nil {
		d.tableLayouts = map[pdfLayoutCacheKey]pdfTableLayout{}
	}
	d.tableLayouts[key] = lay
	return lay
}

// columnWidths gives each shown column its share of the width by its
// relative Width, then widens every column whose longest word or date
// would not fit, taking the room from the columns that have some to
// spare: a word is never broken across lines, unless it alone is wider
// than pdfMaxTokenShare of the page (a URL, a hash).
func (d *pdfDoc) columnWidths(t *Table, shown []int, cell pdfStyle) []float64 {
	scale := min(d.width()/max(pdfTableUnits(t), 1), pdfMaxUnitMM)
	natural := make([]float64, len(shown))
	need := make([]float64, len(shown))
	header := pdfHeaderStyle
	header.size = cell.size
	for k, i := range shown {
		c := &t.Columns[i]
		natural[k] = max(c.Width, 4) * scale
		need[k] = d.longestWord(c.Title, true, header.size)
	}
	// One pass through the rows for every column: a register's rows are
	// read from the workspace.
	from, n, _ := pdfShown(t)
	d.shownRows(t, from, n, func(row []Cell) {
		for k, i := range shown {
			if i < len(row) {
				c := &t.Columns[i]
				bold := c.Kind == RiskLevel || c.Large || c.Lead
				size := cell.size
				if c.Large {
					size *= pdfLargeScale
				}
				need[k] = max(need[k], d.longestWord(pdfCellText(c, &row[i]), bold, size))
			}
		}
	})
	for k := range shown {
		need[k] = min(need[k]+2*pdfCellPadX+0.2, d.width()*pdfMaxTokenShare)
	}
	return fitWidths(natural, need, d.width())
}

// fitWidths widens the columns below their need, taking the room from
// those above theirs in proportion to their spare room; when there is not
// enough, the table grows up to limit, and only then are columns left
// narrower than their need (in proportion).
func fitWidths(natural, need []float64, limit float64) []float64 {
	out := make([]float64, len(natural))
	total, deficit, spare := 0.0, 0.0, 0.0
	for i := range natural {
		total += natural[i]
		if need[i] > natural[i] {
			deficit += need[i] - natural[i]
		} else {
			spare += natural[i] - need[i]
		}
	}
	if deficit == 0 {
		return append(out[:0], natural...)
	}
	if deficit > spare {
		// Grow the table into the page's unused width first.
		grow := min(deficit-spare, max(limit-total, 0))
		total += grow
		spare += grow
		if deficit > spare {
			sumNeed := 0.0
			for _, n := range need {
				sumNeed += n
			}
			for i := range need {
				out[i] = need[i] * total / sumNeed
			}
			return out
		}
		// The growth is shared as spare room of every column.
		extra := grow / float64(len(natural))
		for i := range natural {
			natural[i] += extra
		}
		spare = 0
		for i := range natural {
			if need[i] < natural[i] {
				spare += natural[i] - need[i]
			}
		}
		deficit = 0
		for i := range natural {
			if need[i] > natural[i] {
				deficit += need[i] - natural[i]
			}
		}
	}
	share := 0.0
	if spare > 0 {
		share = deficit / spare
	}
	for i := range natural {
		switch {
		case need[i] >= natural[i]:
			out[i] = need[i]
		default:
			out[i] = natural[i] - (natural[i]-need[i])*share
		}
	}
	return out
}

// longestWord is the width, in millimetres, of the widest word of s: the
// narrowest a column can be without breaking one.
func (d *pdfDoc) longestWord(s string, bold bool, size float64) float64 {
	w := 0
	if pdfPlainASCII(s) {
		// The common case, measured without allocating: a register has
		// tens of thousands of cells.
		f, cur := d.fonts.face(bold), 0
		for i := 0; i < len(s); i++ {
			if s[i] == ' ' {
				w, cur = max(w, cur), 0
				continue
			}
			cw, _ := f.width(rune(s[i]))
			cur += cw
		}
		return float64(max(w, cur)) * size * pdfPtMM / 1000
	}
	s = d.fonts.clean(s)
	for _, line := range strings.Split(s, "\n") {
		for _, word := range strings.FieldsFunc(line, pdfBreakable) {
			w = max(w, d.fonts.width(word, bold))
		}
	}
	return float64(w) * size * pdfPtMM / 1000
}

func (d *pdfDoc) newTableLayout(t *Table) pdfTableLayout {
	lay := pdfTableLayout{cell: pdfCellStyle}
	if t.TextSize > 0 {
		lay.cell.size = t.TextSize
	}
	lay.large = pdfStyle{size: lay.cell.size * pdfLargeScale, bold: true, colour: pdfInk}
	header := pdfHeaderStyle
	header.size = lay.cell.size
	var shown []int
	for i := range t.Columns {
		if !t.Columns[i].SheetOnly {
			shown = append(shown, i)
		}
	}
	widths := d.columnWidths(t, shown, lay.cell)
	x := d.left()
	for k, i := range shown {
		c := &t.Columns[i]
		w := widths[k]
		align := byte('L')
		switch c.Kind {
		case Number, Percent:
			align = 'R'
		case RiskLevel:
			align = 'C'
		}
		lay.cols = append(lay.cols, pdfColumn{col: c, index: i, x: x, w: w, align: align})
		x += w
	}
	lay.width = x - d.left()
	n := 1
	for _, c := range lay.cols {
		h := d.fonts.wrap(d.fonts.clean(c.col.Title), true, header.size, c.w-2*pdfCellPadX)
		lay.header = append(lay.header, h)
		n = max(n, len(h))
	}
	lay.headerH = float64(n)*header.lineHeight() + 2*pdfCellPadY
	return lay
}

// pdfCellText is what a cell prints: its text, with dates in ISO form and
// percentages with their sign.
func pdfCellText(c *Column, cell *Cell) string {
	switch c.Kind {
	case Date:
		if cell.Text == "" && !cell.Date.IsZero() {
			return cell.Date.String()
		}
	case Percent:
		if cell.Text != "" && !strings.HasSuffix(cell.Text, "%") {
			return strconv.FormatFloat(math.Round(cell.Number), 'f', 0, 64) + "%"
		}
	}
	return cell.Text
}

// cellLines wraps every shown cell of row and returns the lines per column
// and the row's height in lines of cell text (a Large column's line counts
// as the cell lines it covers).
func (d *pdfDoc) cellLines(lay *pdfTableLayout, row []Cell) ([][]string, int) {
	out := make([][]string, len(lay.cols))
	n := 1
	for i, c := range lay.cols {
		if c.index >= len(row) {
			continue
		}
		cell := &row[c.index]
		s := d.fonts.clean(pdfCellText(c.col, cell))
		if s == "" {
			continue
		}
		if c.col.Lead {
			head, rest, _ := strings.Cut(s, "\n")
			out[i] = d.fonts.wrap(head, true, lay.cell.size, c.w-2*pdfCellPadX)
			if rest != "" {
				out[i] = append(out[i], d.fonts.wrap(rest, false, lay.cell.size, c.w-2*pdfCellPadX)...)
			}
			n = max(n, len(out[i]))
			continue
		}
		if c.col.Large {
			out[i] = d.fonts.wrap(s, true, lay.large.size, c.w-2*pdfCellPadX)
			n = max(n, int(math.Ceil(float64(len(out[i]))*lay.large.lineHeight()/lay.cell.lineHeight()-0.01)))
			continue
		}
		out[i] = d.fonts.wrap(s, c.col.Kind == RiskLevel, lay.cell.size, c.w-2*pdfCellPadX)
		n = max(n, len(out[i]))
	}
	return out, n
}

// pdfShown applies PrintLimit: the PDF shows n rows from the from-th on,
// the newest being the last ones, with a note when that is not all.
func pdfShown(t *Table) (from, n int, note string) {
	n = t.Len()
	if t.PrintLimit > 0 && n > t.PrintLimit {
		note = t.LimitNote
		if note == "" {
			note = fmt.Sprintf("Showing the latest %d of %d changes; the workbook has them all.", t.PrintLimit, n)
		}
		return n - t.PrintLimit, t.PrintLimit, note
	}
	return 0, n, ""
}

func (d *pdfDoc) emptySentence(t *Table) string {
	if strings.TrimSpace(t.Empty) != "" {
		return t.Empty
	}
	return d.r.printer().T("export.table.nothing")
}

// tableLead is the height a table needs to start: its note, header and
// (the first lines of) its first row, or its empty sentence.
func (d *pdfDoc) tableLead(t *Table) float64 {
	from, n, note := pdfShown(t)
	lay := d.tableLayout(t)
	if n == 0 || len(lay.cols) == 0 {
		st := pdfParagraphStyle
		return pdfBlockGap + st.lineHeight()
	}
	h := pdfBlockGap
	if note != "" {
		h += pdfBlockGap + pdfNoteStyle.lineHeight()
	}
	return h + d.tableStart(&lay, t, from, n)
}

// tableStart is the height that must fit for a table to begin on this
// page: a short table whole (so that three rows do not dangle at a page's
// foot), a long one its header and the first lines of its first row.
func (d *pdfDoc) tableStart(lay *pdfTableLayout, t *Table, from, rows int) float64 {
	room := d.bottom() - pdfTop
	if rows <= pdfShortTable {
		h := lay.headerH
		d.shownRows(t, from, rows, func(row []Cell) {
			_, n := d.cellLines(lay, row)
			h += lay.rowHeight(n)
		})
		if h <= room*0.4 {
			return h
		}
	}
	// A first row that fits on a page is never split, so all of it must
	// fit under the header: else the header would stand alone.
	n := 1
	d.shownRows(t, from, 1, func(row []Cell) { _, n = d.cellLines(lay, row) })
	if h := lay.headerH + lay.rowHeight(n); h <= room {
		return h
	}
	return lay.headerH + lay.rowHeight(min(n, pdfLeadLines))
}

// table draws a register. Rows are measured first and never split across
// pages unless one is taller than a page; the header repeats on every page
// the table reaches. It returns where each row went, for tests.
func (d *pdfDoc) table(t *Table) []pdfRowPlacement {
	from, rows, note := pdfShown(t)
	lay := d.tableLayout(t)
	if rows == 0 || len(lay.cols) == 0 {
		d.paragraph(d.emptySentence(t), pdfParagraphStyle)
		return nil
	}
	if note != "" {
		d.paragraph(note, pdfNoteStyle)
	}
	d.gap(pdfBlockGap)
	if !d.fits(d.tableStart(&lay, t, from, rows)) && !d.atTop() {
		d.newPage(d.landscape)
	}
	d.tableHeader(&lay)
	lh := lay.cell.lineHeight()
	pageRoom := d.bottom() - pdfTop - lay.headerH
	var placed []pdfRowPlacement
	i := 0
	// What is drawn is scanned for characters no font has as it goes by,
	// so that UnprintableIn need not read a register again.
	var scan *unprintableScan
	if d.drawing() {
		scan = &unprintableScan{fonts: d.fonts, seen: map[rune]bool{}}
		for _, c := range t.Columns {
			if !c.SheetOnly {
				scan.scan(d.current, c.Title)
			}
		}
	}
	d.shownRows(t, from, rows, func(row []Cell) {
		if scan != nil {
			scan.scanRow(d.current, t, row)
		}
		lines, n := d.cellLines(&lay, row)
		h := lay.rowHeight(n)
		if !d.fits(h) && h <= pageRoom {
			d.continueTable(&lay)
		}
		p := pdfRowPlacement{Row: i}
		at := 0
		for at < n {
			fit := int((d.bottom() - d.y - 2*pdfCellPadY + 0.01) / lh)
			if fit < 1 {
				d.continueTable(&lay)
				continue
			}
			to := min(n, at+fit)
			ph := lay.rowHeight(to - at)
			d.tableRow(&lay, row, lines, at, to, ph, i%2 == 1)
			p.Parts = append(p.Parts, pdfRowPart{Page: d.page, Y: d.y, H: ph, From: at, To: to})
			d.y += ph
			at = to
		}
		placed = append(placed, p)
		i++
		d.check(d.progress.tick())
	})
	if scan != nil {
		if d.r.scanned == nil {
			d.r.scanned = map[*Table][]Unprintable{}
		}
		d.r.scanned[t] = scan.out
	}
	return placed
}

// continueTable carries a table over to a new page, header first.
func (d *pdfDoc) continueTable(lay *pdfTableLayout) {
	d.newPage(d.landscape)
	d.tableHeader(lay)
}

func (d *pdfDoc) tableHeader(lay *pdfTableLayout) {
	h := lay.headerH
	d.fill(d.left(), d.y, lay.width, h, pdfAccent)
	for i, c := range lay.cols {
		if i > 0 {
			d.line(c.x, d.y, c.x, d.y+h, pdfHeaderRule, 0.15)
		}
		st := pdfHeaderStyle
		st.size = lay.cell.size
		d.lines(c.x+pdfCellPadX, d.y+pdfCellPadY, c.w-2*pdfCellPadX, lay.header[i], st, c.align)
	}
	d.y += h
}

// tableRow draws lines [from, to) of a row at the cursor, h high.
func (d *pdfDoc) tableRow(lay *pdfTableLayout, row []Cell, lines [][]string, from, to int, h float64, zebra bool) {
	if !d.drawing() {
		return
	}
	y := d.y
	if zebra {
		d.fill(d.left(), y, lay.width, h, pdfZebra)
	}
	for i, c := range lay.cols {
		st := lay.cell
		if c.col.Large {
			st = lay.large
		}
		if c.col.Kind == RiskLevel && c.index < len(row) {
			if fill, ok := pdfParseColour(row[c.index].Colour); ok {
				d.fill(c.x, y, c.w, h, fill)
				st.colour = fill.contrast()
			}
			st.bold = true
		}
		ls := lines[i]
		if from < len(ls) {
			bold := 0 // how many lines of a Lead cell are its bold first line
			if c.col.Lead && c.index < len(row) {
				head, _, _ := strings.Cut(d.fonts.clean(pdfCellText(c.col, &row[c.index])), "\n")
				bold = len(d.fonts.wrap(head, true, st.size, c.w-2*pdfCellPadX))
			}
			for k := from; k < min(to, len(ls)); k++ {
				lst := st
				lst.bold = lst.bold || k < bold
				d.lines(c.x+pdfCellPadX, y+pdfCellPadY+float64(k-from)*st.lineHeight(), c.w-2*pdfCellPadX, ls[k:k+1], lst, c.align)
			}
		}
		d.line(c.x, y, c.x, y+h, pdfRule, 0.15)
	}
	d.line(d.left()+lay.width, y, d.left()+lay.width, y+h, pdfRule, 0.15)
	d.rule(d.left(), y+h, d.left()+lay.width, pdfRule, 0.15)
}

// layoutOf is a table layout this pass made, if any.
func (d *pdfDoc) layoutOf(key pdfLayoutCacheKey) (pdfTableLayout, bool) {
	if d == nil {
		return pdfTableLayout{}, false
	}
	lay, ok := d.tableLayouts[key]
	return lay, ok
}
