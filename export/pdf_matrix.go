package export

import "strings"

// Matrix text styles and geometry, in millimetres.
var (
	pdfMatrixTitleStyle = pdfStyle{size: 10, bold: true, colour: pdfInk}
	pdfMatrixLabelStyle = pdfStyle{size: 8, colour: pdfInk}
	pdfMatrixAxisStyle  = pdfStyle{size: 8.5, bold: true, colour: pdfMuted}
	pdfMatrixCellStyle  = pdfStyle{size: 8, bold: true}
	pdfMatrixNoteStyle  = pdfStyle{size: 8, colour: pdfMuted}
)

const (
	pdfMatrixMaxCell = 26.0
	pdfMatrixMinCell = 13.0
	pdfMatrixPairGap = 12.0
	pdfMarkerSize    = 3.0
	// pdfMatrixCountSize sets short cell texts, such as heat-map counts.
	pdfMatrixCountSize = 11.0
)

// pdfMatrixGeom is a matrix measured for a given width.
type pdfMatrixGeom struct {
	m                    *Matrix
	axisW, labelW        float64
	cellW, cellH         float64
	title                []string
	titleH               float64
	rowLabels, colLabels [][]string
	colLabelH, colTitleH float64
	cells                [][][]string
	cellStyle            pdfStyle
	note                 []string
	noteH                float64
	marked               bool
	w, h                 float64
}

// pdfMatrixNote is the caption without a leading "▲": the renderer draws
// the marker itself, since the font has no such glyph.
func pdfMatrixNote(n string) string {
	return strings.TrimLeft(strings.TrimPrefix(strings.TrimSpace(n), "▲"), " ")
}

// matrixGeom lays m out within avail millimetres; ok is false when its
// cells would be too narrow to read.
func (d *pdfDoc) matrixGeom(m *Matrix, avail float64) (g pdfMatrixGeom, ok bool) {
	g.m = m
	f := d.fonts
	if m.RowTitle != "" {
		g.axisW = 7
	}
	for _, r := range m.Rows {
		g.labelW = max(g.labelW, f.textWidth(f.clean(r), false, pdfMatrixLabelStyle.size))
	}
	g.labelW = min(max(g.labelW+3, 16), 34)
	ncols := max(len(m.Cols), 1)
	for _, row := range m.Cells {
		ncols = max(ncols, len(row))
	}
	g.cellW = min(pdfMatrixMaxCell, (avail-g.axisW-g.labelW)/float64(ncols))
	ok = g.cellW >= pdfMatrixMinCell
	g.cellW = max(g.cellW, 8)
	g.cellH = 12.0
	if len(m.Rows) > 5 {
		g.cellH = 10
	}
	g.w = g.axisW + g.labelW + float64(ncols)*g.cellW

	g.title = f.wrap(f.clean(m.Title), true, pdfMatrixTitleStyle.size, g.w)
	g.titleH = float64(len(g.title))*pdfMatrixTitleStyle.lineHeight() + 2
	if m.Title == "" {
		g.title, g.titleH = nil, 0
	}
	for _, r := range m.Rows {
		g.rowLabels = append(g.rowLabels, f.wrap(f.clean(r), false, pdfMatrixLabelStyle.size, g.labelW-3))
	}
	n := 1
	for _, c := range m.Cols {
		l := f.wrap(f.clean(c), false, pdfMatrixLabelStyle.size, g.cellW-1.5)
		g.colLabels = append(g.colLabels, l)
		n = max(n, len(l))
	}
	g.colLabelH = float64(n)*pdfMatrixLabelStyle.lineHeight() + 1.5
	if m.ColTitle != "" {
		g.colTitleH = pdfMatrixAxisStyle.lineHeight() + 1
	}
	// Counts read better large; level names must fit the cell.
	g.cellStyle = pdfMatrixCellStyle
	g.cellStyle.size = pdfMatrixCountSize
	for _, row := range m.Cells {
		for _, c := range row {
			if len([]rune(c.Text)) > 4 {
				g.cellStyle.size = pdfMatrixCellStyle.size
			}
		}
	}
	for _, row := range m.Cells {
		var texts [][]string
		for _, c := range row {
			texts = append(texts, f.wrap(f.clean(c.Text), true, g.cellStyle.size, g.cellW-2))
			g.marked = g.marked || c.AboveAppetite
		}
		g.cells = append(g.cells, texts)
	}
	if note := pdfMatrixNote(m.Note); note != "" || g.marked {
		indent := 0.0
		if g.marked {
			indent = pdfMarkerSize + 1.5
		}
		g.note = f.wrap(f.clean(note), false, pdfMatrixNoteStyle.size, g.w-indent)
		g.noteH = float64(len(g.note))*pdfMatrixNoteStyle.lineHeight() + 2
	}
	g.h = g.titleH + float64(len(m.Cells))*g.cellH + g.colLabelH + g.colTitleH + g.noteH
	return g, ok
}

func (d *pdfDoc) matrixHeight(m *Matrix) float64 {
	g, _ := d.matrixGeom(m, d.width())
	return pdfBlockGap + 1 + g.h
}

// pairHeight is the height of two matrices side by side, if they fit so.
func (d *pdfDoc) pairHeight(a, b *Matrix) (float64, bool) {
	half := (d.width() - pdfMatrixPairGap) / 2
	ga, okA := d.matrixGeom(a, half)
	gb, okB := d.matrixGeom(b, half)
	return pdfBlockGap + 1 + max(ga.h, gb.h), okA && okB
}

// matrix draws one matrix, never split across pages.
func (d *pdfDoc) matrix(m *Matrix) {
	if len(m.Cells) == 0 {
		d.paragraph(d.r.printer().T("export.matrix.empty"), pdfParagraphStyle)
		return
	}
	g, _ := d.matrixGeom(m, d.width())
	d.gap(pdfBlockGap + 1)
	if !d.fits(g.h) && !d.atTop() {
		d.newPage(d.landscape)
	}
	d.drawMatrix(&g, d.left(), d.y)
	d.y += g.h
}

// matrixPair draws two matrices side by side and reports whether they fit.
func (d *pdfDoc) matrixPair(a, b *Matrix) bool {
	if len(a.Cells) == 0 || len(b.Cells) == 0 {
		return false
	}
	half := (d.width() - pdfMatrixPairGap) / 2
	ga, okA := d.matrixGeom(a, half)
	gb, okB := d.matrixGeom(b, half)
	if !okA || !okB {
		return false
	}
	h := max(ga.h, gb.h)
	d.gap(pdfBlockGap + 1)
	if !d.fits(h) && !d.atTop() {
		d.newPage(d.landscape)
	}
	d.drawMatrix(&ga, d.left(), d.y)
	d.drawMatrix(&gb, d.left()+half+pdfMatrixPairGap, d.y)
	d.y += h
	return true
}

func (d *pdfDoc) drawMatrix(g *pdfMatrixGeom, x, y float64) {
	if !d.drawing() {
		return
	}
	m := g.m
	d.lines(x, y, g.w, g.title, pdfMatrixTitleStyle, 'L')
	gx, gy := x+g.axisW+g.labelW, y+g.titleH
	gridH := float64(len(m.Cells)) * g.cellH
	ncols := 0
	for r, row := range m.Cells {
		ncols = max(ncols, len(row))
		for c, cell := range row {
			cx, cy := gx+float64(c)*g.cellW, gy+float64(r)*g.cellH
			fill, ok := pdfParseColour(cell.Colour)
			if !ok {
				fill = pdfWhite
			}
			d.fill(cx, cy, g.cellW, g.cellH, fill)
			st := g.cellStyle
			st.colour = fill.contrast()
			lines := g.cells[r][c]
			ty := cy + (g.cellH-float64(len(lines))*st.lineHeight())/2
			d.lines(cx+1, ty, g.cellW-2, lines, st, 'C')
			if cell.AboveAppetite {
				d.marker(cx+g.cellW-0.6, cy+0.6, st.colour)
			}
		}
	}
	gridW := float64(ncols) * g.cellW
	// White gutters between cells, a frame round the grid.
	for c := 1; c < ncols; c++ {
		d.line(gx+float64(c)*g.cellW, gy, gx+float64(c)*g.cellW, gy+gridH, pdfWhite, 0.6)
	}
	for r := 1; r < len(m.Cells); r++ {
		d.rule(gx, gy+float64(r)*g.cellH, gx+gridW, pdfWhite, 0.6)
	}
	d.appetiteLine(g, gx, gy)
	d.frame(gx, gy, gridW, gridH, pdfMuted, 0.25)
	d.matrixMoves(g, gx, gy)

	for r, l := range g.rowLabels {
		st := pdfMatrixLabelStyle
		ty := gy + float64(r)*g.cellH + (g.cellH-float64(len(l))*st.lineHeight())/2
		d.lines(x+g.axisW, ty, g.labelW-3, l, st, 'R')
	}
	if m.RowTitle != "" {
		st := pdfMatrixAxisStyle
		cx, cy := x+g.axisW/2, gy+gridH/2
		d.pdf.TransformBegin()
		d.pdf.TransformRotate(90, cx, cy)
		d.textCentre(cx, cy-st.lineHeight()/2, d.fonts.clean(m.RowTitle), st)
		d.pdf.TransformEnd()
	}
	ly := gy + gridH + 1
	for c, l := range g.colLabels {
		d.lines(gx+float64(c)*g.cellW+0.75, ly, g.cellW-1.5, l, pdfMatrixLabelStyle, 'C')
	}
	if m.ColTitle != "" {
		d.textCentre(gx+gridW/2, ly+g.colLabelH-1, d.fonts.clean(m.ColTitle), pdfMatrixAxisStyle)
	}
	ny := gy + gridH + g.colLabelH + g.colTitleH + 1.5
	nx := x
	if g.marked {
		st := pdfMatrixNoteStyle
		d.marker(x+pdfMarkerSize, ny+(st.lineHeight()-pdfMarkerSize)/2, pdfInk)
		nx += pdfMarkerSize + 1.5
	}
	d.lines(nx, ny, g.w, g.note, pdfMatrixNoteStyle, 'L')
}

// marker draws the above-appetite mark: a triangle whose top-right corner
// is at (x, y).
func (d *pdfDoc) marker(x, y float64, c pdfRGB) {
	s := pdfMarkerSize
	d.triangle(x-s, y, x, y, x, y+s, c)
}

// appetiteLine draws a heavy line between cells within the appetite and
// cells above it, so the boundary reads at a glance.
func (d *pdfDoc) appetiteLine(g *pdfMatrixGeom, gx, gy float64) {
	cells := g.m.Cells
	above := func(r, c int) (bool, bool) {
		if r < 0 || r >= len(cells) || c < 0 || c >= len(cells[r]) {
			return false, false
		}
		return cells[r][c].AboveAppetite, true
	}
	for r, row := range cells {
		for c, cell := range row {
			if !cell.AboveAppetite {
				continue
			}
			x0, y0 := gx+float64(c)*g.cellW, gy+float64(r)*g.cellH
			x1, y1 := x0+g.cellW, y0+g.cellH
			if a, ok := above(r, c-1); ok && !a {
				d.line(x0, y0, x0, y1, pdfInk, 0.9)
			}
			if a, ok := above(r, c+1); ok && !a {
				d.line(x1, y0, x1, y1, pdfInk, 0.9)
			}
			if a, ok := above(r-1, c); ok && !a {
				d.rule(x0, y0, x1, pdfInk, 0.9)
			}
			if a, ok := above(r+1, c); ok && !a {
				d.rule(x0, y1, x1, pdfInk, 0.9)
			}
		}
	}
}
