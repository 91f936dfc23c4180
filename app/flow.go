package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// flowLayout places objects left to right at their smallest size and
// wraps to a new line when the next one does not fit, like words in a
// paragraph: a row of filters or two score matrices never clip or force a
// wide window, they fold onto more lines. With stretch set, each object
// on a line grows by an equal share of the line's spare width.
//
// A Fyne layout's smallest size cannot depend on the width it will get, so
// the height is the one needed at the width of the last layout; the canvas
// lays the parent out again when that changes.
type flowLayout struct {
	stretch bool
	width   float32 // of the last layout; 0 before it
}

// newFlow returns a container that flows objects onto lines.
func newFlow(stretch bool, objs ...fyne.CanvasObject) *fyne.Container {
	return fyne.NewContainerWithLayout(&flowLayout{stretch: stretch}, objs...)
}

// lines splits the visible objects into lines that fit width.
func (l *flowLayout) lines(objs []fyne.CanvasObject, width float32) [][]fyne.CanvasObject {
	gap := theme.Padding()
	var out [][]fyne.CanvasObject
	var line []fyne.CanvasObject
	used := float32(0)
	for _, o := range objs {
		if !o.Visible() {
			continue
		}
		w := o.MinSize().Width
		if len(line) > 0 && used+gap+w > width {
			out = append(out, line)
			line, used = nil, 0
		}
		if len(line) > 0 {
			used += gap
		}
		line = append(line, o)
		used += w
	}
	if len(line) > 0 {
		out = append(out, line)
	}
	return out
}

func (l *flowLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	l.width = size.Width
	gap := theme.Padding()
	y := float32(0)
	for _, line := range l.lines(objs, size.Width) {
		h, used := float32(0), gap*float32(len(line)-1)
		for _, o := range line {
			h = max(h, o.MinSize().Height)
			used += o.MinSize().Width
		}
		extra := float32(0)
		if l.stretch {
			extra = max(0, size.Width-used) / float32(len(line))
		}
		x := float32(0)
		for _, o := range line {
			w := o.MinSize().Width + extra
			o.Move(fyne.NewPos(x, y))
			o.Resize(fyne.NewSize(w, h))
			x += w + gap
		}
		y += h + gap
	}
}

// MinSize is as wide as the widest object and as high as the lines need
// at the last width (one line before the first layout).
func (l *flowLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	width, widest := l.width, float32(0)
	for _, o := range objs {
		if o.Visible() {
			widest = max(widest, o.MinSize().Width)
		}
	}
	if width == 0 {
		width = 1e9 // not laid out yet: one line
	}
	gap := theme.Padding()
	h := float32(0)
	for i, line := range l.lines(objs, width) {
		lh := float32(0)
		for _, o := range line {
			lh = max(lh, o.MinSize().Height)
		}
		if i > 0 {
			h += gap
		}
		h += lh
	}
	return fyne.NewSize(widest, h)
}
