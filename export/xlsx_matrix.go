package export

import (
	"strconv"
	"strings"
)

// xlAbove marks a matrix cell above the risk appetite, with a thick border.
const xlAbove = "▲"

// xlMatrix is a Matrix placed on a sheet: a title row, one row per
// likelihood with its label on the left, the consequence labels below, and
// the note. The cells sit in columns of one width, so the grid is even.
type xlMatrix struct {
	m      *Matrix
	col    int // the label column; the cells follow it
	cellW  float64
	labelW float64
}

func newXLMatrix(m *Matrix) *xlMatrix {
	x := &xlMatrix{m: m, cellW: 11, labelW: 14}
	widest := func(s string) float64 {
		w := 0.0
		for _, word := range strings.Fields(s) {
			w = max(w, xlTextWidth(word)*1.15)
		}
		return w
	}
	for _, c := range m.Cols {
		x.cellW = max(x.cellW, widest(c)+2)
	}
	for _, row := range m.Cells {
		for _, c := range row {
			x.cellW = max(x.cellW, widest(x.text(c))+2)
		}
	}
	for _, r := range m.Rows {
		x.labelW = max(x.labelW, xlTextWidth(r)*1.15+2)
	}
	x.labelW = max(x.labelW, xlTextWidth(m.ColTitle+" →")*1.1+2, xlTextWidth(m.RowTitle+" ↑")*1.1+2)
	x.cellW, x.labelW = min(x.cellW, 18), min(x.labelW, 30)
	return x
}

func (x *xlMatrix) text(c MatrixCell) string {
	if c.AboveAppetite {
		return strings.TrimSpace(c.Text + " " + xlAbove)
	}
	return c.Text
}

// note is the matrix's note, explaining the mark if the note does not.
func (x *xlMatrix) note() string {
	note := x.m.Note
	for _, row := range x.m.Cells {
		for _, c := range row {
			if c.AboveAppetite && !strings.Contains(note, xlAbove) {
				return strings.TrimSpace(note + " " + xlAbove + " marks cells above the risk appetite.")
			}
		}
	}
	return note
}

// place finds the first label column, from from on, whose following
// columns are free or about as wide as a matrix cell, so that a table's
// wide column does not stretch the grid; it then claims those columns.
func (x *xlMatrix) place(s *xlSheet, from int) {
	n := len(x.m.Cols)
	fits := func(c int) bool {
		w, ok := s.widths[c]
		return !ok || (w <= x.cellW*1.3 && w*1.3 >= x.cellW)
	}
	col := from
	for ; ; col++ {
		ok := true
		for c := col + 1; c <= col+n; c++ {
			ok = ok && fits(c)
		}
		if ok {
			break
		}
	}
	x.col = col
	for c := col + 1; c <= col+n; c++ {
		x.cellW = max(x.cellW, s.widths[c])
	}
	s.want(col, x.labelW)
	for c := col + 1; c <= col+n; c++ {
		s.want(c, x.cellW)
	}
}

// last is the matrix's last column.
func (x *xlMatrix) last() int { return x.col + len(x.m.Cols) }

// heights are the heights of the matrix's rows: title, grid, column
// labels, note.
func (x *xlMatrix) heights(s *xlSheet) []float64 {
	h := []float64{xlHeadHeight}
	for i, label := range x.m.Rows {
		row := max(36, xlHeight(label, x.labelW, true))
		if i < len(x.m.Cells) {
			for _, c := range x.m.Cells[i] {
				row = max(row, xlHeight(x.text(c), x.cellW, true)+6)
			}
		}
		h = append(h, row)
	}
	labels := xlHeight(x.corner(), x.labelW, false)
	for _, c := range x.m.Cols {
		labels = max(labels, xlHeight(c, x.cellW, true))
	}
	h = append(h, labels)
	if note := x.note(); note != "" {
		h = append(h, xlHeight(note, s.spanWidth(x.col, x.last()), false))
	}
	return h
}

// corner names the axes where the labels meet.
func (x *xlMatrix) corner() string {
	var lines []string
	if x.m.RowTitle != "" {
		lines = append(lines, x.m.RowTitle+" ↑")
	}
	if x.m.ColTitle != "" {
		lines = append(lines, x.m.ColTitle+" →")
	}
	return strings.Join(lines, "\n")
}

// xlMatrixHeights are the heights of matrices side by side: the taller
// row wins.
func xlMatrixHeights(s *xlSheet, mats []*xlMatrix) []float64 {
	var out []float64
	for _, m := range mats {
		for i, h := range m.heights(s) {
			if i < len(out) {
				out[i] = max(out[i], h)
			} else {
				out = append(out, h)
			}
		}
	}
	return out
}

// cells returns the cells of local row i (0 is the title) and the ranges
// to merge.
func (x *xlMatrix) cells(st *xlStyles, i int, row int) ([]xlCell, [][2]string, error) {
	rows := len(x.m.Rows)
	span := func() [2]string {
		return [2]string{xlRef(x.col, row), xlRef(x.last(), row)}
	}
	text := func(base int, col int, v string) (xlCell, error) {
		style, err := st.textStyle(base, v)
		return xlCell{col: col, style: style, value: v}, err
	}
	switch {
	case i == 0:
		c, err := text(st.matrixTitle, x.col, x.m.Title)
		return []xlCell{c}, [][2]string{span()}, err
	case i <= rows:
		out := make([]xlCell, 0, len(x.m.Cols)+1)
		c, err := text(st.matrixLabel, x.col, x.m.Rows[i-1])
		if err != nil {
			return nil, nil, err
		}
		out = append(out, c)
		for j := range x.m.Cols {
			var mc MatrixCell
			if i-1 < len(x.m.Cells) && j < len(x.m.Cells[i-1]) {
				mc = x.m.Cells[i-1][j]
			}
			cell, err := xlMatrixValue(st, mc)
			if err != nil {
				return nil, nil, err
			}
			cell.col = x.col + 1 + j
			out = append(out, cell)
		}
		return out, nil, nil
	case i == rows+1:
		c, err := text(st.matrixCorner, x.col, x.corner())
		if err != nil {
			return nil, nil, err
		}
		out := []xlCell{c}
		for j, label := range x.m.Cols {
			c, err := text(st.matrixColLabel, x.col+1+j, label)
			if err != nil {
				return nil, nil, err
			}
			out = append(out, c)
		}
		return out, nil, nil
	case i == rows+2 && x.note() != "":
		c, err := text(st.note, x.col, x.note())
		return []xlCell{c}, [][2]string{span()}, err
	}
	return nil, nil, nil
}

// xlMatrixValue is a matrix cell: a count stays a number; the mark of a
// cell above the appetite comes from its number format, or stands alone
// in an empty cell.
func xlMatrixValue(st *xlStyles, c MatrixCell) (xlCell, error) {
	v := strings.TrimSpace(c.Text)
	var value any = v
	if n, err := strconv.Atoi(v); err == nil {
		value = float64(n)
	}
	mark := true
	if v == "" {
		value, mark = nil, false
		if c.AboveAppetite {
			value = xlAbove
		}
	}
	style, err := st.matrix(c.Colour, c.AboveAppetite, mark)
	if err == nil && xlFormulaLike(v) {
		style, err = st.quote(style)
	}
	return xlCell{style: style, value: value}, err
}
