package app

import (
	"image/color"
	"math"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// luminance is the relative luminance of WCAG 2.1.
func luminance(c color.Color) float64 {
	r, g, b, _ := c.RGBA()
	lin := func(v uint32) float64 {
		s := float64(v) / 0xffff
		if s <= 0.03928 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
}

// contrast is the WCAG 2.1 contrast ratio of two colours.
func contrast(a, b color.Color) float64 {
	la, lb := luminance(a), luminance(b)
	return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
}

// TestThemeContrast: in both variants every control's outline stands out
// from what it is drawn on by 3:1, and text — helper texts, placeholders —
// by 4.5:1 (WCAG 2.1, 1.4.3 and 1.4.11).
func TestThemeContrast(t *testing.T) {
	th := newContrastTheme()
	pairs := []struct {
		what   string
		fg, bg fyne.ThemeColorName
		min    float64
	}{
		{"RadioAndCheckOutline", theme.ColorNameInputBorder, theme.ColorNameBackground, 3},
		{"FieldBorder", theme.ColorNameInputBorder, theme.ColorNameInputBackground, 3},
		{"HelperText", theme.ColorNameDisabled, theme.ColorNameBackground, 4.5},
		{"Placeholder", theme.ColorNamePlaceHolder, theme.ColorNameInputBackground, 4.5},
		{"WarningText", theme.ColorNameWarning, theme.ColorNameBackground, 4.5},
		{"SuccessText", theme.ColorNameSuccess, theme.ColorNameBackground, 4.5},
		{"ErrorText", theme.ColorNameError, theme.ColorNameBackground, 4.5},
		{"Text", theme.ColorNameForeground, theme.ColorNameBackground, 7},
		{"TextInField", theme.ColorNameForeground, theme.ColorNameInputBackground, 7},
	}
	for _, v := range []struct {
		name    string
		variant fyne.ThemeVariant
	}{{"Light", theme.VariantLight}, {"Dark", theme.VariantDark}} {
		for _, p := range pairs {
			t.Run(v.name+p.what, func(t *testing.T) {
				got := contrast(th.Color(p.fg, v.variant), th.Color(p.bg, v.variant))
				if got < p.min {
					t.Errorf("%s on %s: got %.2f:1, want at least %.1f:1", p.fg, p.bg, got, p.min)
				}
			})
		}
		// Enabled and disabled text must still look different.
		if got := contrast(th.Color(theme.ColorNameForeground, v.variant), th.Color(theme.ColorNameDisabled, v.variant)); got < 1.5 {
			t.Errorf("%s: enabled and disabled text differ by %.2f:1, want at least 1.5:1", v.name, got)
		}
	}
}
