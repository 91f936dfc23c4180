package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"riskbook/i18n"
)

// editorHeading is the bold line naming what an editor edits.
func editorHeading() *widget.Label {
	h := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	h.Truncation = fyne.TextTruncateEllipsis
	return h
}

// editorFrame lays out an item's editor: the heading with the actions,
// Delete… and close beside it (each left out when its function is nil),
// the banner under them, and the body scrolling below. The banner stays
// above the scrolling fields, so a refused edit is explained wherever the
// person is in the form. The wheel scrolls the editor wherever the
// pointer is (wheelRouter).
func editorFrame(heading *widget.Label, banner, body fyne.CanvasObject, onDelete, onClose func(), actions ...fyne.CanvasObject) (*container.Scroll, fyne.CanvasObject) {
	fields := container.NewPadded(body)
	scroll := container.NewVScroll(nil)
	scroll.Content = container.NewStack(fields, newWheelRouter(scroll, fields))
	if onDelete != nil {
		del := widget.NewButtonWithIcon(i18n.T("shell.delete"), theme.DeleteIcon(), onDelete)
		del.Importance = widget.LowImportance
		actions = append(actions, del)
	}
	if onClose != nil {
		actions = append(actions, widget.NewButtonWithIcon("", theme.CancelIcon(), onClose))
	}
	buttons := container.NewHBox(actions...)
	top := container.NewVBox(container.New(&headerLayout{}, heading, buttons),
		container.NewPadded(banner), widget.NewSeparator())
	return scroll, container.NewBorder(top, nil, nil, nil, scroll)
}

// headingRoom is the width an editor's heading keeps beside its buttons:
// enough for a reference and the start of a title.
const headingRoom = 160

// headerLayout puts an editor's heading and its buttons on one line, the
// buttons at the right, while the heading keeps headingRoom beside them;
// in a narrower editor — or with buttons whose words are longer, in
// another language — the buttons go on a line of their own under the
// heading rather than pushing the editor wider than its window.
//
// As with flowLayout, the height is the one needed at the width of the
// last layout.
type headerLayout struct {
	width float32 // of the last layout; 0 before it
}

// folded reports whether the buttons go under the heading at width.
func (l *headerLayout) folded(buttons fyne.CanvasObject, width float32) bool {
	return width < headingRoom+theme.Padding()+buttons.MinSize().Width
}

func (l *headerLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	l.width = size.Width
	heading, buttons := objs[0], objs[1]
	hs, bs := heading.MinSize(), buttons.MinSize()
	if l.folded(buttons, size.Width) {
		heading.Move(fyne.NewPos(0, 0))
		heading.Resize(fyne.NewSize(size.Width, hs.Height))
		buttons.Move(fyne.NewPos(max(0, size.Width-bs.Width), hs.Height+theme.Padding()))
		buttons.Resize(bs)
		return
	}
	h := max(hs.Height, bs.Height)
	heading.Move(fyne.NewPos(0, (h-hs.Height)/2))
	heading.Resize(fyne.NewSize(size.Width-bs.Width-theme.Padding(), hs.Height))
	buttons.Move(fyne.NewPos(size.Width-bs.Width, (h-bs.Height)/2))
	buttons.Resize(bs)
}

func (l *headerLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	hs, bs := objs[0].MinSize(), objs[1].MinSize()
	width := max(hs.Width, bs.Width)
	if l.width > 0 && l.folded(objs[1], l.width) {
		return fyne.NewSize(width, hs.Height+theme.Padding()+bs.Height)
	}
	return fyne.NewSize(width, max(hs.Height, bs.Height))
}
