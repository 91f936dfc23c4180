package widgets

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// SparkPoint is a point of a sparkline, in a unit box: X from 0 (left) to
// 1 (right), Y from 0 (top) to 1 (bottom). Marked points are drawn as
// larger dots.
type SparkPoint struct {
	X, Y   float32
	Marked bool
}

// Sparkline is a small line chart without axes: how a value moved, at a
// glance. The newest point ends the line with a dot.
type Sparkline struct {
	widget.BaseWidget
	points []SparkPoint
	colour color.Color // nil: the theme's primary colour
}

// NewSparkline returns an empty sparkline.
func NewSparkline() *Sparkline {
	s := &Sparkline{}
	s.ExtendBaseWidget(s)
	return s
}

// SetPoints shows points, oldest first, in colour (nil for the theme's
// primary colour).
func (s *Sparkline) SetPoints(points []SparkPoint, colour color.Color) {
	s.points, s.colour = points, colour
	s.Refresh()
}

// Points returns the points shown.
func (s *Sparkline) Points() []SparkPoint { return s.points }

// MinSize is room for a readable line.
func (s *Sparkline) MinSize() fyne.Size { return fyne.NewSize(64, 28) }

// CreateRenderer draws the baseline, the line and its dots.
func (s *Sparkline) CreateRenderer() fyne.WidgetRenderer {
	r := &sparkRenderer{s: s, base: canvas.NewLine(color.Transparent)}
	r.Refresh()
	return r
}

type sparkRenderer struct {
	s     *Sparkline
	base  *canvas.Line
	lines []*canvas.Line
	dots  []*canvas.Circle
	size  fyne.Size
}

func (r *sparkRenderer) colour() color.Color {
	if r.s.colour != nil {
		return r.s.colour
	}
	return theme.Color(theme.ColorNamePrimary)
}

func (r *sparkRenderer) Refresh() {
	pts := r.s.points
	c := r.colour()
	r.base.StrokeColor = theme.Color(theme.ColorNameSeparator)
	r.base.StrokeWidth = 1
	for len(r.lines) < max(len(pts)-1, 0) {
		r.lines = append(r.lines, canvas.NewLine(c))
	}
	r.lines = r.lines[:max(len(pts)-1, 0)]
	for _, l := range r.lines {
		l.StrokeColor, l.StrokeWidth = c, 2
	}
	r.dots = r.dots[:0]
	for i, p := range pts {
		if p.Marked || i == len(pts)-1 {
			r.dots = append(r.dots, canvas.NewCircle(c))
		}
	}
	r.Layout(r.size)
	canvas.Refresh(r.s)
}

func (r *sparkRenderer) Layout(size fyne.Size) {
	r.size = size
	const pad = 4 // room for the dots at the edges
	w, h := size.Width-2*pad, size.Height-2*pad
	at := func(p SparkPoint) fyne.Position { return fyne.NewPos(pad+p.X*w, pad+p.Y*h) }
	r.base.Position1 = fyne.NewPos(0, size.Height-pad)
	r.base.Position2 = fyne.NewPos(size.Width, size.Height-pad)
	pts := r.s.points
	for i, l := range r.lines {
		l.Position1, l.Position2 = at(pts[i]), at(pts[i+1])
	}
	d := 0
	for i, p := range pts {
		if !p.Marked && i != len(pts)-1 {
			continue
		}
		radius := float32(2.5)
		if p.Marked {
			radius = 4
		}
		c := at(p)
		r.dots[d].Position1 = fyne.NewPos(c.X-radius, c.Y-radius)
		r.dots[d].Position2 = fyne.NewPos(c.X+radius, c.Y+radius)
		d++
	}
}

func (r *sparkRenderer) MinSize() fyne.Size { return r.s.MinSize() }

func (r *sparkRenderer) Objects() []fyne.CanvasObject {
	out := []fyne.CanvasObject{r.base}
	for _, l := range r.lines {
		out = append(out, l)
	}
	for _, d := range r.dots {
		out = append(out, d)
	}
	return out
}

func (r *sparkRenderer) Destroy() {}
