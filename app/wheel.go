package app

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// wheelRouter lies over an editor's fields and takes every turn of the
// wheel or swipe of the touchpad there, because Fyne gives it to the
// innermost scrollable thing under the pointer — and every text field has
// a scroll of its own, which swallows the turn even when its text fits, so
// the editor stopped scrolling wherever a field was. The router passes the
// turn to the editor's scroll, except over a multi-line field whose own
// text is longer than it shows: that field scrolls itself. It takes no
// click, so the fields under it work as ever.
type wheelRouter struct {
	widget.BaseWidget
	outer  *container.Scroll
	fields fyne.CanvasObject // what it lies over, at the same place
}

func newWheelRouter(outer *container.Scroll, fields fyne.CanvasObject) *wheelRouter {
	w := &wheelRouter{outer: outer, fields: fields}
	w.ExtendBaseWidget(w)
	return w
}

// Scrolled passes the turn on.
func (w *wheelRouter) Scrolled(ev *fyne.ScrollEvent) {
	if e := overflowingAt(w.fields, ev.Position); e != nil {
		e.inner.Scrolled(ev)
		return
	}
	w.outer.Scrolled(ev)
}

func (w *wheelRouter) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(canvas.NewRectangle(color.Transparent))
}

// overflowingAt finds the multi-line field under pos, relative to o, whose
// text is longer than it shows.
func overflowingAt(o fyne.CanvasObject, pos fyne.Position) *commitEntry {
	if !o.Visible() || pos.X < 0 || pos.Y < 0 || pos.X >= o.Size().Width || pos.Y >= o.Size().Height {
		return nil
	}
	switch x := o.(type) {
	case *commitEntry:
		if x.MultiLine && x.overflows() {
			return x
		}
	case *fyne.Container:
		for _, child := range x.Objects {
			if e := overflowingAt(child, pos.Subtract(child.Position())); e != nil {
				return e
			}
		}
	}
	return nil
}
