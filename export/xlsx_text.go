package export

import (
	"strings"
	"unicode"
)

// xlHumanise turns a table name such as "LikelihoodScale" into a heading.
func xlHumanise(name string) string {
	var b strings.Builder
	for i, r := range name {
		switch {
		case r == '_':
			b.WriteRune(' ')
		case i > 0 && unicode.IsUpper(r):
			b.WriteRune(' ')
			b.WriteRune(unicode.ToLower(r))
		default:
			b.WriteRune(r)
		}
	}
	return strings.TrimSpace(b.String())
}

// xlHeight estimates the height of text wrapped in a cell width characters
// wide. It errs on the tall side: a little white space is better than a
// clipped line.
func xlHeight(text string, width float64, bold bool) float64 {
	return min(float64(xlLines(text, width, bold))*xlLineHeight+3, xlMaxHeight)
}

// xlLines counts the lines text takes when wrapped at word boundaries in a
// cell width characters of '0' wide.
func xlLines(text string, width float64, bold bool) int {
	wr := newXLWrap(width, bold)
	// Words are runs of anything but white space (as strings.Fields has
	// them), each new line starts a line: found in place, as this runs for
	// every cell of a register.
	start := -1
	for i, r := range text {
		switch {
		case unicode.IsSpace(r):
			if start >= 0 {
				wr.word(text[start:i])
				start = -1
			}
			if r == '\n' {
				wr.newline()
			}
		case start < 0:
			start = i
		}
	}
	if start >= 0 {
		wr.word(text[start:])
	}
	return wr.lines
}

// xlWrap lays words out on the lines of a cell, counting the lines.
type xlWrap struct {
	avail, scale, used float64
	lines              int
}

func newXLWrap(width float64, bold bool) xlWrap {
	w := xlWrap{avail: max(width-1.2, 1), scale: 1.03, lines: 1} // a small margin for other renderers' fonts
	if bold {
		w.scale = 1.1
	}
	return w
}

// word takes the next word of a line.
func (x *xlWrap) word(s string) {
	w := xlTextWidth(s) * x.scale
	switch {
	case x.used == 0:
		x.used = w
	case x.used+0.5*x.scale+w <= x.avail:
		x.used += 0.5*x.scale + w
	default:
		x.lines++
		x.used = w
	}
	for x.used > x.avail { // a word longer than the line breaks anywhere
		x.lines++
		x.used -= x.avail
	}
}

// newline starts a line.
func (x *xlWrap) newline() {
	x.lines++
	x.used = 0
}

// xlTextWidth approximates the width of s in widths of the digit '0' of
// Calibri 11, Excel's default font: per character for ASCII (Calibri's
// advance widths), an average for other letters, two for CJK ideographs.
func xlTextWidth(s string) float64 {
	w := 0.0
	for _, r := range s {
		switch {
		case r < 128:
			w += xlASCIIWidth[r]
		case unicode.Is(unicode.Mn, r):
		case unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hangul, r) ||
			unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r):
			w += 2
		case r == '—' || r == '…':
			w += 1.75
		case unicode.IsUpper(r):
			w += 1.15
		default:
			w += 1
		}
	}
	return w
}

// xlASCIIWidth holds Calibri's advance widths relative to its digits.
var xlASCIIWidth = func() (w [128]float64) {
	for i := range w {
		w[i] = 1
	}
	for _, g := range []struct {
		chars string
		width float64
	}{
		{" ", 0.45}, {".,:;!'|", 0.5}, {"il", 0.45}, {"jI", 0.5}, {"ft", 0.66}, {"()[]{}-", 0.6},
		{"r", 0.7}, {"szJ", 0.8}, {"c\"/", 0.85}, {"vxyk", 0.9}, {"aegFETYZ", 0.96},
		{"bdhnopqu", 1.04}, {"BCPRSXKL", 1.05}, {"AV", 1.12}, {"DGHNU", 1.24}, {"OQ", 1.3},
		{"&%", 1.35}, {"w", 1.42}, {"m", 1.58}, {"MW@", 1.7},
	} {
		for _, c := range g.chars {
			w[c] = g.width
		}
	}
	return w
}()
