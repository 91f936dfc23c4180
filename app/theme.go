package app

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// contrastTheme is Fyne's theme with the colours that carry information
// made readable in both variants. The default draws the outline of an
// unticked radio button or check box, the border of a field, and helper
// texts (low-importance labels, drawn in the disabled colour) so close to
// the background that they vanish: a light grey on white, a dark grey on
// black. Here each meets WCAG 2.1 against the background it is drawn on —
// 4.5:1 for text, 3:1 for the outline of a control — which
// TestThemeContrast checks. The scroll bars are a little wider, so that the
// thumb of a 10,000-row table is something a mouse can catch.
type contrastTheme struct{ fyne.Theme }

func newContrastTheme() fyne.Theme { return contrastTheme{theme.DefaultTheme()} }

// Theme is the app's theme, for main to set on the Fyne app (tests keep
// Fyne's test theme, whose colour names their markup records).
func Theme() fyne.Theme { return newContrastTheme() }

// contrastColours are the colours contrastTheme changes, per variant.
var contrastColours = map[fyne.ThemeVariant]map[fyne.ThemeColorName]color.Color{
	theme.VariantLight: {
		// A darker ink than the default's grey keeps enabled text apart
		// from disabled and helper text once those are readable.
		theme.ColorNameForeground:  color.NRGBA{R: 0x26, G: 0x26, B: 0x26, A: 0xff},
		theme.ColorNameInputBorder: color.NRGBA{R: 0x8a, G: 0x8a, B: 0x8a, A: 0xff},
		theme.ColorNameDisabled:    color.NRGBA{R: 0x75, G: 0x75, B: 0x75, A: 0xff},
		theme.ColorNamePlaceHolder: color.NRGBA{R: 0x6e, G: 0x6e, B: 0x6e, A: 0xff},
		// Warning, success and error texts (a count of blanks, "within
		// the appetite", a rule's message) in inks dark enough to read on
		// white; the defaults are made for dark backgrounds.
		theme.ColorNameWarning: color.NRGBA{R: 0xa8, G: 0x54, B: 0x00, A: 0xff},
		theme.ColorNameSuccess: color.NRGBA{R: 0x2e, G: 0x7d, B: 0x32, A: 0xff},
		theme.ColorNameError:   color.NRGBA{R: 0xc6, G: 0x28, B: 0x28, A: 0xff},
	},
	theme.VariantDark: {
		theme.ColorNameInputBorder: color.NRGBA{R: 0x70, G: 0x70, B: 0x73, A: 0xff},
		theme.ColorNameDisabled:    color.NRGBA{R: 0x9a, G: 0x9a, B: 0x9d, A: 0xff},
	},
}

// Color returns the readable colour where the default is too faint.
func (t contrastTheme) Color(name fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	if c, ok := contrastColours[v][name]; ok {
		return c
	}
	return t.Theme.Color(name, v)
}

// Size widens the scroll bars: the thumb is never shorter than the bar is
// wide, and the resting bar is a line thick enough to see.
func (t contrastTheme) Size(name fyne.ThemeSizeName) float32 {
	switch name {
	case theme.SizeNameScrollBar:
		return 16
	case theme.SizeNameScrollBarSmall:
		return 5
	}
	return t.Theme.Size(name)
}
