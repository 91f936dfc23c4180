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
func editorFrame(heading, banner *widget.Label, body fyne.CanvasObject, onDelete, onClose func(), actions ...fyne.CanvasObject) (*container.Scroll, fyne.CanvasObject) {
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
	top := container.NewVBox(container.NewBorder(nil, nil, nil, buttons, heading),
		container.NewPadded(banner), widget.NewSeparator())
	return scroll, container.NewBorder(top, nil, nil, nil, scroll)
}
