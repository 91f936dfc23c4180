package export

import (
	"math"
	"slices"
	"strconv"
)

// Arrow colours of a movement matrix: to a higher level, to a lower one,
// within the same level.
var (
	pdfMoveUp   = pdfRGB{183, 28, 28}
	pdfMoveDown = pdfRGB{27, 94, 32}
	pdfMoveSame = pdfRGB{21, 101, 192}
)

// matrixMoves draws a movement matrix's arrows over its cells, the busiest
// last, each from inside its first cell to inside its last, a little to
// the right of its direction so that opposite moves do not hide each
// other, on a white halo so that it reads on every level's colour, with
// the number of risks beside it when there is more than one.
func (d *pdfDoc) matrixMoves(g *pdfMatrixGeom, gx, gy float64) {
	moves := slices.Clone(g.m.Moves)
	slices.SortStableFunc(moves, func(a, b MatrixMove) int { return a.Count - b.Count })
	centre := func(row, col int) (float64, float64) {
		return gx + (float64(col)+0.5)*g.cellW, gy + (float64(row)+0.5)*g.cellH
	}
	st := pdfStyle{size: 6.5, bold: true, colour: pdfInk}
	for _, mv := range moves {
		x1, y1 := centre(mv.FromRow, mv.FromCol)
		x2, y2 := centre(mv.ToRow, mv.ToCol)
		dx, dy := x2-x1, y2-y1
		length := math.Hypot(dx, dy)
		if length == 0 {
			continue
		}
		ux, uy := dx/length, dy/length
		inset, side := 0.26*min(g.cellW, g.cellH), 0.7
		sx, sy := x1+ux*inset-uy*side, y1+uy*inset+ux*side
		tx, ty := x2-ux*inset-uy*side, y2-uy*inset+ux*side
		w := min(1.8, 0.45+0.35*math.Log2(float64(mv.Count)))
		head := 1.5 + w
		ex, ey := tx-ux*head, ty-uy*head
		ink := pdfMoveSame
		switch {
		case mv.Up:
			ink = pdfMoveUp
		case mv.Down:
			ink = pdfMoveDown
		}
		px, py := -uy*head*0.6, ux*head*0.6
		d.line(sx, sy, ex, ey, pdfWhite, w+0.7)
		d.triangle(tx+ux*0.4, ty+uy*0.4, ex+px*1.3, ey+py*1.3, ex-px*1.3, ey-py*1.3, pdfWhite)
		d.line(sx, sy, ex, ey, ink, w)
		d.triangle(tx, ty, ex+px, ey+py, ex-px, ey-py, ink)
		if mv.Count > 1 {
			text := strconv.Itoa(mv.Count)
			bw := d.fonts.textWidth(text, true, st.size) + 1.4
			bh := st.lineHeight()
			off := w/2 + bh/2 + 0.4
			mx, my := (sx+ex)/2-uy*off, (sy+ey)/2+ux*off
			d.fill(mx-bw/2, my-bh/2, bw, bh, pdfWhite)
			d.frame(mx-bw/2, my-bh/2, bw, bh, ink, 0.3)
			d.textCentre(mx, my-bh/2, text, st)
		}
	}
}
