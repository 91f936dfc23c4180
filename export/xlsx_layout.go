package export

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Layout constants, in Excel units: widths in characters of the default
// font (Calibri 11), heights in points.
const (
	xlMinWidth     = 8.0
	xlMaxWidth     = 60.0
	xlDefaultWidth = 12.0
	xlLineHeight   = 15.0
	xlMaxHeight    = 409.0 // Excel's largest row
	xlSpacer       = 8.0   // the gap row between blocks
	xlTitleHeight  = 24.0
	xlHeadHeight   = 21.0
	xlLabelTarget  = 26.0  // width a fact label spans at least
	xlValueTarget  = 60.0  // width a fact value spans at least
	xlProseTarget  = 100.0 // width a paragraph spans at least
	xlFreezeMax    = 170.0 // freeze a table's header only if the rows above it fit in this height
)

type xlKind int

const (
	xlTitleItem xlKind = iota
	xlHeadingItem
	xlParagraphItem
	xlFactsItem
	xlTableItem
	xlMatrixItem
)

// xlItem is one block placed on a sheet.
type xlItem struct {
	kind    xlKind
	text    string
	facts   []Fact
	table   *xlTable
	mats    []*xlMatrix // one, or two side by side
	row     int         // first row
	heights []float64   // one per row; 0 lets the spreadsheet size the row
	// more are rows after heights whose heights are decided as they are
	// written: a table's data rows, read from the workspace only then.
	more  int
	span  int // last column of a paragraph, of a fact label
	vspan int // last column of a fact value
}

// xlSheet is one worksheet: its blocks laid out on rows and columns.
type xlSheet struct {
	b      *xlBook
	name   string
	title  string
	blocks []Block
	front  bool // the first sheet: title page, document control, digest

	items  []*xlItem
	widths map[int]float64 // column (1-based) → width
	last   int             // last column used
	tables int
	freeze *xlTable // the table whose header is frozen and printed on every page
}

// plan lays out the sheet: items, column widths, row positions and the
// frozen header, before anything is written (a streamed sheet needs its
// widths and panes before its first row).
func (s *xlSheet) plan() error {
	s.widths = map[int]float64{}
	if s.title != "" {
		s.items = append(s.items, &xlItem{kind: xlTitleItem, text: s.title})
	}
	blocks := s.blocks
	if s.front {
		blocks = slices.Concat(s.blocks, s.frontBlocks())
	}
	for _, bl := range blocks {
		if bl.Table != nil {
			s.tables++
		}
	}
	for i := 0; i < len(blocks); i++ {
		bl := blocks[i]
		switch {
		case bl.Heading != "":
			s.items = append(s.items, &xlItem{kind: xlHeadingItem, text: bl.Heading})
		case bl.Paragraph != "":
			s.items = append(s.items, &xlItem{kind: xlParagraphItem, text: bl.Paragraph})
		case len(bl.Facts) > 0:
			s.items = append(s.items, &xlItem{kind: xlFactsItem, facts: bl.Facts})
		case bl.Table != nil:
			if s.tables > 1 && (i == 0 || blocks[i-1].Heading == "") {
				s.items = append(s.items, &xlItem{kind: xlHeadingItem, text: xlFirst(bl.Table.Title, xlHumanise(bl.Table.Name))})
			}
			t, err := s.b.newTable(bl.Table)
			if err != nil {
				return err
			}
			s.items = append(s.items, &xlItem{kind: xlTableItem, table: t})
		case bl.Matrix != nil:
			it := &xlItem{kind: xlMatrixItem, mats: []*xlMatrix{newXLMatrix(bl.Matrix)}}
			// Two matrices in a row (inherent and residual) sit side by side.
			if i+1 < len(blocks) && xlOnlyMatrix(blocks[i+1]) {
				it.mats = append(it.mats, newXLMatrix(blocks[i+1].Matrix))
				i++
			}
			s.items = append(s.items, it)
		}
	}
	s.columns()
	s.rows()
	if s.last > excelize.MaxColumns {
		return fmt.Errorf("%d columns do not fit in a worksheet (at most %d)", s.last, excelize.MaxColumns)
	}
	if n := len(s.items); n > 0 {
		if last := s.items[n-1]; last.row+last.size()-1 > excelize.TotalRows {
			return fmt.Errorf("%d rows do not fit in a worksheet (at most %d)", last.row+last.size()-1, excelize.TotalRows)
		}
	}
	return nil
}

// xlRef is the A1 reference of a cell; xlCol the letters of a column.
func xlRef(col, row int) string { return xlCol(col) + strconv.Itoa(row) }

func xlCol(col int) string {
	var b []byte
	for ; col > 0; col = (col - 1) / 26 {
		b = append([]byte{byte('A' + (col-1)%26)}, b...)
	}
	return string(b)
}

// xlOnlyMatrix reports whether a block is a matrix and nothing else.
func xlOnlyMatrix(b Block) bool {
	return b.Matrix != nil && b.Heading == "" && b.Paragraph == "" && len(b.Facts) == 0 && b.Table == nil
}

// frontBlocks are what the first sheet adds to its section: the document
// control table and, unless the section shows it already, the digest.
func (s *xlSheet) frontBlocks() []Block {
	r := s.b.r
	var out []Block
	if len(r.Revisions) > 0 {
		out = append(out, Block{Heading: r.printer().T("export.control.title")}, Block{Table: r.RevisionTable()})
	}
	if r.Digest != "" && !xlShows(s.blocks, r.Digest) {
		out = append(out, Block{Heading: r.fingerprintTitle()}, Block{Facts: []Fact{{Label: r.digestLabel(), Value: r.Digest}}})
	}
	return out
}

// xlShows reports whether any text of blocks contains v.
func xlShows(blocks []Block, v string) bool {
	for _, b := range blocks {
		if strings.Contains(b.Paragraph, v) || strings.Contains(b.Heading, v) {
			return true
		}
		for _, f := range b.Facts {
			if strings.Contains(f.Value, v) {
				return true
			}
		}
	}
	return false
}

// columns sets the column widths: each table asks for its columns' widths,
// matrices look for columns of even width, text blocks span columns until
// they are wide enough to read.
func (s *xlSheet) columns() {
	for _, it := range s.items {
		if it.kind != xlTableItem {
			continue
		}
		for i, c := range it.table.t.Columns {
			s.want(i+1, xlColumnWidth(c))
		}
	}
	for _, it := range s.items {
		if it.kind != xlMatrixItem {
			continue
		}
		from := 1
		for _, m := range it.mats {
			m.place(s, from)
			from = m.last() + 2
			if _, ok := s.widths[from-1]; !ok {
				s.want(from-1, 3) // a narrow gap between two matrices
			}
		}
	}
	// Facts first: on a sheet of facts alone they shape the columns, which
	// paragraphs then span.
	for _, it := range s.items {
		if it.kind == xlFactsItem {
			it.span = s.spanFrom(1, xlLabelTarget)
			it.vspan = s.spanFrom(it.span+1, xlValueTarget)
		}
	}
	for _, it := range s.items {
		if it.kind == xlParagraphItem {
			it.span = s.spanFrom(1, xlProseTarget)
		}
	}
}

// want asks for column col to be at least w wide.
func (s *xlSheet) want(col int, w float64) {
	s.widths[col] = max(s.widths[col], w)
	s.last = max(s.last, col)
}

// width is a column's width; one nothing asked for keeps the default.
func (s *xlSheet) width(col int) float64 {
	if w, ok := s.widths[col]; ok {
		return w
	}
	return xlDefaultWidth
}

// spanFrom returns the last column of a span starting at from that is at
// least target wide; a column nothing asked for yet is claimed at the
// width the span still lacks.
func (s *xlSheet) spanFrom(from int, target float64) int {
	total := 0.0
	for col := from; ; col++ {
		if _, ok := s.widths[col]; !ok {
			s.want(col, max(target-total, xlMinWidth))
		}
		if total += s.width(col); total >= target {
			return col
		}
	}
}

// spanWidth is the width of columns from..to together.
func (s *xlSheet) spanWidth(from, to int) float64 {
	w := 0.0
	for c := from; c <= to; c++ {
		w += s.width(c)
	}
	return w
}

// xlColumnWidth is a column's Excel width: the model's width, within
// bounds, and wide enough that no word of the header breaks (with room for
// the filter button).
func xlColumnWidth(c Column) float64 {
	w := c.Width
	if w <= 0 {
		w = map[Kind]float64{Text: 14, LongText: 40, Number: 10, Percent: 10, Date: 12, RiskLevel: 12, Enum: 14}[c.Kind]
	}
	for _, word := range strings.Fields(c.Title) {
		w = max(w, xlTextWidth(word)*1.15+3.5)
	}
	return min(max(w, xlMinWidth), xlMaxWidth)
}

// rows gives every item its rows and heights, one spacer row between
// items (none after a heading, which belongs to what follows), and decides
// which table header, if any, is frozen.
func (s *xlSheet) rows() {
	row := 1
	for i, it := range s.items {
		it.row = row
		switch it.kind {
		case xlTitleItem:
			it.heights = []float64{xlTitleHeight}
		case xlHeadingItem:
			it.heights = []float64{xlHeadHeight}
		case xlParagraphItem:
			it.heights = []float64{xlHeight(it.text, s.spanWidth(1, it.span), false)}
		case xlFactsItem:
			for _, f := range it.facts {
				it.heights = append(it.heights, max(xlHeight(f.Label, s.spanWidth(1, it.span), true),
					xlHeight(f.Value, s.spanWidth(it.span+1, it.vspan), false)))
			}
		case xlTableItem:
			it.heights, it.more = it.table.layout(s, row)
		case xlMatrixItem:
			it.heights = xlMatrixHeights(s, it.mats)
		}
		row += it.size()
		if it.kind != xlHeadingItem && i+1 < len(s.items) {
			row++
		}
	}
	// Only a sheet's one table freezes its header: with more, the frozen
	// (and printed) header would stand over the wrong table's rows.
	for _, it := range s.items {
		if it.kind != xlTableItem {
			continue
		}
		if s.tables == 1 && s.above(it.table.header) <= xlFreezeMax {
			s.freeze = it.table
		}
		break
	}
}

// above is the height of the rows above row.
func (s *xlSheet) above(row int) float64 {
	h := 0.0
	for i, it := range s.items {
		for j := range it.size() {
			if it.row+j >= row {
				return h
			}
			ht := 0.0
			if j < len(it.heights) {
				ht = it.heights[j]
			}
			h += max(ht, xlLineHeight)
		}
		if it.kind != xlHeadingItem && i+1 < len(s.items) {
			h += xlSpacer
		}
	}
	return h
}

// size is how many rows the item takes.
func (it *xlItem) size() int { return len(it.heights) + it.more }
