package widgets

import (
	"image/color"
	"math"
	"slices"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"riskbook/risk"
)

// MovementMap is the risk matrix with arrows over it: where risks went from
// one cell to another (between two assessments, or from their inherent
// score to their residual one). One arrow per pair of cells, as thick as the
// number of risks it carries allows and labelled with that number when it
// carries more than one; red when the risks went to a higher level, green
// to a lower one, the text colour within the same level. Risks that stayed
// in their cell draw no arrow: the cell's count says how many risks end
// there. With hundreds of risks the arrows stay few (one per pair of cells),
// and SetMinCount hides the thin ones.
type MovementMap struct {
	widget.BaseWidget

	matrix    *Matrix
	moves     []risk.Move
	minCount  int
	highlight int // index in moves, or -1
}

// NewMovementMap returns a movement map of c with no arrows.
func NewMovementMap(c risk.Criteria) *MovementMap {
	m := &MovementMap{matrix: NewMatrix(c, nil), highlight: -1, minCount: 1}
	m.matrix.SetCounts(map[risk.Score]int{})
	m.ExtendBaseWidget(m)
	return m
}

// Set shows the matrix of c with counts per cell and the moves as arrows;
// the highlight is dropped.
func (m *MovementMap) Set(c risk.Criteria, counts map[risk.Score]int, moves []risk.Move) {
	if counts == nil {
		counts = map[risk.Score]int{}
	}
	m.matrix.SetCriteria(c)
	m.matrix.SetCounts(counts)
	m.moves, m.highlight = moves, -1
	m.Refresh()
}

// SetOnCellTapped sets what a click on a cell does.
func (m *MovementMap) SetOnCellTapped(f func(risk.Score)) { m.matrix.SetOnTapped(f) }

// SetMinCount hides the arrows of fewer than n risks.
func (m *MovementMap) SetMinCount(n int) {
	m.minCount = max(1, n)
	m.Refresh()
}

// SetHighlight draws move i of those given to Set on top and in the
// primary colour, the others faded; -1 highlights none.
func (m *MovementMap) SetHighlight(i int) {
	m.highlight = i
	m.Refresh()
}

// Shown lists the indexes of the moves drawn as arrows: not staying in
// their cell, carrying at least the minimum count, or highlighted.
func (m *MovementMap) Shown() []int {
	var out []int
	for i, mv := range m.moves {
		if !mv.Stayed() && (len(mv.Refs) >= m.minCount || i == m.highlight) {
			out = append(out, i)
		}
	}
	return out
}

// CreateRenderer draws the matrix and the arrows over it.
func (m *MovementMap) CreateRenderer() fyne.WidgetRenderer {
	r := &movementRenderer{m: m}
	r.rebuild()
	return r
}

// arrow is the canvas objects of one move: a halo under the shaft and the
// head so that they read on any cell colour, the shaft, the head, and the
// count on a small plate.
type arrow struct {
	move            int
	halo, shaft     *canvas.Line
	haloHead, head  *canvas.Polygon
	plate           *canvas.Rectangle
	count           *canvas.Text
	from, to        fyne.Position
	width, headSize float32
}

type movementRenderer struct {
	m       *MovementMap
	arrows  []*arrow
	objects []fyne.CanvasObject
}

func (r *movementRenderer) rebuild() {
	r.arrows = nil
	r.objects = []fyne.CanvasObject{r.m.matrix}
	shown := r.m.Shown()
	// Thin arrows first, the busiest over them, the highlighted one last.
	slices.SortStableFunc(shown, func(a, b int) int {
		if a == r.m.highlight || b == r.m.highlight {
			return boolInt(a == r.m.highlight) - boolInt(b == r.m.highlight)
		}
		return len(r.m.moves[a].Refs) - len(r.m.moves[b].Refs)
	})
	for _, i := range shown {
		a := &arrow{move: i, halo: canvas.NewLine(color.Black), shaft: canvas.NewLine(color.Black),
			haloHead: canvas.NewPolygon(3, color.Black), head: canvas.NewPolygon(3, color.Black),
			plate: canvas.NewRectangle(color.Black), count: canvas.NewText("", color.Black)}
		a.count.Alignment = fyne.TextAlignCenter
		a.count.TextStyle = fyne.TextStyle{Bold: true}
		r.arrows = append(r.arrows, a)
		r.objects = append(r.objects, a.halo, a.haloHead, a.shaft, a.head, a.plate, a.count)
	}
	r.style()
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// style colours the arrows for the theme.
func (r *movementRenderer) style() {
	m := r.m
	bg := theme.Color(theme.ColorNameBackground)
	fg := theme.Color(theme.ColorNameForeground)
	c := m.matrix.Criteria()
	for _, a := range r.arrows {
		mv := m.moves[a.move]
		ink := theme.Color(theme.ColorNamePrimary)
		from, _ := c.LevelOf(mv.From)
		to, _ := c.LevelOf(mv.To)
		switch {
		case to.Rank > from.Rank:
			ink = theme.Color(theme.ColorNameError)
		case to.Rank < from.Rank:
			ink = theme.Color(theme.ColorNameSuccess)
		}
		halo := bg
		if m.highlight >= 0 && a.move != m.highlight {
			ink = blend(ink, bg, 0.65)
		}
		n := len(mv.Refs)
		a.width = min(10, 3+2*float32(math.Log2(float64(n))))
		if a.move == m.highlight {
			a.width += 2
		}
		a.headSize = 10 + 2*a.width
		a.shaft.StrokeColor, a.shaft.StrokeWidth = ink, a.width
		a.halo.StrokeColor, a.halo.StrokeWidth = halo, a.width+5
		a.head.FillColor = ink
		a.haloHead.FillColor, a.haloHead.StrokeColor, a.haloHead.StrokeWidth = halo, halo, 5
		a.plate.FillColor, a.plate.StrokeColor, a.plate.StrokeWidth, a.plate.CornerRadius = bg, ink, 1.5, 4
		a.count.Text, a.count.Color, a.count.TextSize = strconv.Itoa(n), fg, theme.CaptionTextSize()
		showCount := n > 1 || a.move == m.highlight
		a.plate.Hidden, a.count.Hidden = !showCount, !showCount
	}
}

func (r *movementRenderer) Objects() []fyne.CanvasObject { return r.objects }

func (r *movementRenderer) Destroy() {}

func (r *movementRenderer) MinSize() fyne.Size { return r.m.matrix.MinSize() }

func (r *movementRenderer) Refresh() {
	r.rebuild()
	r.m.matrix.Refresh()
	r.Layout(r.m.Size())
	for _, o := range r.objects[1:] {
		o.Refresh()
	}
	canvas.Refresh(r.m)
}

// Layout lays the matrix out, then draws each arrow from inside its first
// cell to inside its last, clear of the counts in the cells' centres, and
// a little to the right of its direction so that two opposite moves
// between the same cells do not hide each other.
func (r *movementRenderer) Layout(size fyne.Size) {
	r.m.matrix.Resize(size)
	r.m.matrix.Move(fyne.Position{})
	for _, a := range r.arrows {
		mv := r.m.moves[a.move]
		p1, cell, ok1 := r.m.matrix.CellBox(mv.From)
		p2, _, ok2 := r.m.matrix.CellBox(mv.To)
		if !ok1 || !ok2 {
			for _, o := range []fyne.CanvasObject{a.halo, a.shaft, a.haloHead, a.head, a.plate, a.count} {
				o.Hide()
			}
			continue
		}
		c1 := fyne.NewPos(p1.X+cell/2, p1.Y+cell/2)
		c2 := fyne.NewPos(p2.X+cell/2, p2.Y+cell/2)
		dx, dy := float64(c2.X-c1.X), float64(c2.Y-c1.Y)
		length := math.Hypot(dx, dy)
		ux, uy := float32(dx/length), float32(dy/length)
		side := min(cell*0.12, 6)
		inset := cell * 0.22
		from := fyne.NewPos(c1.X+ux*inset-uy*side, c1.Y+uy*inset+ux*side)
		tip := fyne.NewPos(c2.X-ux*inset-uy*side, c2.Y-uy*inset+ux*side)
		head := min(a.headSize, cell*0.4)
		end := fyne.NewPos(tip.X-ux*head*0.6, tip.Y-uy*head*0.6)
		for _, l := range []*canvas.Line{a.halo, a.shaft} {
			l.Position1, l.Position2 = from, end
			l.Show()
		}
		// A regular triangle points up at angle 0; turn it along the arrow.
		angle := float32(math.Atan2(dy, dx)*180/math.Pi) + 90
		centre := fyne.NewPos(tip.X-ux*head/2, tip.Y-uy*head/2)
		for _, h := range []*canvas.Polygon{a.haloHead, a.head} {
			h.Angle = angle
			h.Resize(fyne.NewSquareSize(head))
			h.Move(fyne.NewPos(centre.X-head/2, centre.Y-head/2))
			h.Show()
		}
		ts := a.count.MinSize()
		w, h := max(ts.Width+8, ts.Height+2), ts.Height+2
		// The count sits beside the middle of the shaft, on the side the
		// arrow is shifted to, so that it never hides the shaft.
		off := a.width/2 + max(w, h)/2 + 1
		mid := fyne.NewPos(from.X+(end.X-from.X)*0.5-uy*off, from.Y+(end.Y-from.Y)*0.5+ux*off)
		a.plate.Resize(fyne.NewSize(w, h))
		a.plate.Move(fyne.NewPos(mid.X-w/2, mid.Y-h/2))
		a.count.Resize(fyne.NewSize(w, h))
		a.count.Move(fyne.NewPos(mid.X-w/2, mid.Y-h/2+1))
	}
}
