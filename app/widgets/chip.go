package widgets

import (
	"image/color"
	"math"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Chip is a risk level shown as a small rounded label in the level's colour,
// as in a register row. It is cheap to create because Table and List cells
// make many of them.
type Chip struct {
	widget.BaseWidget
	label, colour string
}

// NewChip returns an empty chip, shown as an em dash.
func NewChip() *Chip {
	c := &Chip{}
	c.ExtendBaseWidget(c)
	return c
}

// SetLevel shows label on colour ("#RRGGBB"); an empty label shows an em
// dash with no fill, for an unscored risk.
func (c *Chip) SetLevel(label, colour string) {
	if c.label == label && c.colour == colour {
		return
	}
	c.label, c.colour = label, colour
	c.Refresh()
}

// Text returns what the chip shows.
func (c *Chip) Text() string {
	if c.label == "" {
		return "—"
	}
	return c.label
}

// CreateRenderer draws the rounded background and the label.
func (c *Chip) CreateRenderer() fyne.WidgetRenderer {
	r := &chipRenderer{c: c, bg: canvas.NewRectangle(color.Transparent), text: canvas.NewText("", color.Black)}
	r.text.TextStyle = fyne.TextStyle{Bold: true}
	r.Refresh()
	return r
}

// chipRenderer draws the chip's rounded background and label.
type chipRenderer struct {
	c    *Chip
	bg   *canvas.Rectangle
	text *canvas.Text
}

func (r *chipRenderer) padding() fyne.Size {
	return fyne.NewSize(theme.Padding()*2, theme.Padding()/2)
}

func (r *chipRenderer) MinSize() fyne.Size {
	return r.text.MinSize().Add(r.padding().Add(r.padding()))
}

// Layout keeps the chip at its natural size, left-aligned and vertically
// centred, so a wide table column does not stretch it into a bar.
func (r *chipRenderer) Layout(size fyne.Size) {
	min := r.MinSize()
	pos := fyne.NewPos(0, max(0, (size.Height-min.Height)/2))
	r.bg.Move(pos)
	r.bg.Resize(fyne.NewSize(min.Width, min.Height))
	r.text.Move(pos.Add(r.padding()))
	r.text.Resize(r.text.MinSize())
}

func (r *chipRenderer) Refresh() {
	r.text.Text = r.c.Text()
	r.text.TextSize = theme.TextSize() * 0.9
	if r.c.label == "" {
		r.bg.FillColor = color.Transparent
		r.text.Color = theme.Color(theme.ColorNameForeground)
	} else {
		fill := ParseColour(r.c.colour)
		r.bg.FillColor, r.text.Color = fill, Contrast(fill)
	}
	r.bg.CornerRadius = r.MinSize().Height / 2
	r.Layout(r.c.Size())
	r.bg.Refresh()
	r.text.Refresh()
}

func (r *chipRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.bg, r.text} }

func (r *chipRenderer) Destroy() {}

// neutral is the colour of a level whose colour cannot be read, so a bad
// value in the criteria shows as grey rather than breaking the screen.
var neutral = color.NRGBA{R: 0x9e, G: 0x9e, B: 0x9e, A: 0xff}

// ParseColour reads "#RRGGBB"; anything else gives a neutral grey.
func ParseColour(hex string) color.Color {
	if len(hex) != 7 || hex[0] != '#' {
		return neutral
	}
	v, err := strconv.ParseUint(hex[1:], 16, 32)
	if err != nil {
		return neutral
	}
	return color.NRGBA{R: uint8(v >> 16), G: uint8(v >> 8), B: uint8(v), A: 0xff}
}

// Contrast returns black or white, whichever reads better on c: black when
// c's relative luminance (WCAG) is above the point where both give the same
// contrast ratio.
func Contrast(c color.Color) color.Color {
	if luminance(c) > 0.179 {
		return color.Black
	}
	return color.White
}

func luminance(c color.Color) float64 {
	r, g, b, _ := color.NRGBAModel.Convert(c).RGBA()
	return 0.2126*linear(r) + 0.7152*linear(g) + 0.0722*linear(b)
}

// linear turns a 16-bit sRGB channel into linear light.
func linear(v uint32) float64 {
	s := float64(v) / 0xffff
	if s <= 0.04045 {
		return s / 12.92
	}
	return math.Pow((s+0.055)/1.055, 2.4)
}

// blend mixes a towards b by t (0 keeps a, 1 gives b), both as opaque colours.
func blend(a, b color.Color, t float64) color.Color {
	ca := color.NRGBAModel.Convert(a).(color.NRGBA)
	cb := color.NRGBAModel.Convert(b).(color.NRGBA)
	mix := func(x, y uint8) uint8 { return uint8(float64(x)*(1-t) + float64(y)*t + 0.5) }
	return color.NRGBA{R: mix(ca.R, cb.R), G: mix(ca.G, cb.G), B: mix(ca.B, cb.B), A: 0xff}
}
