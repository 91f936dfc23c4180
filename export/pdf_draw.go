package export

import (
	"math"
	"strconv"

	"codeberg.org/go-pdf/fpdf"
)

// pdfRGB is a colour as fpdf takes it.
type pdfRGB struct{ r, g, b int }

// The document's palette: dark ink on white, one accent, and a red that is
// kept for the classification marking.
var (
	pdfInk     = pdfRGB{30, 35, 41}
	pdfMuted   = pdfRGB{91, 101, 112}
	pdfAccent  = pdfRGB{31, 59, 87}
	pdfRule    = pdfRGB{201, 209, 218}
	pdfZebra   = pdfRGB{243, 245, 248}
	pdfMarking = pdfRGB{176, 0, 32}
	pdfWhite   = pdfRGB{255, 255, 255}
	pdfBlack   = pdfRGB{0, 0, 0}
)

// pdfParseColour reads "#RRGGBB".
func pdfParseColour(s string) (pdfRGB, bool) {
	if len(s) != 7 || s[0] != '#' {
		return pdfRGB{}, false
	}
	v, err := strconv.ParseUint(s[1:], 16, 32)
	if err != nil {
		return pdfRGB{}, false
	}
	return pdfRGB{int(v >> 16 & 0xFF), int(v >> 8 & 0xFF), int(v & 0xFF)}, true
}

// contrast returns black or white, whichever reads better on c (WCAG
// relative luminance; black wins from 0.179 up).
func (c pdfRGB) contrast() pdfRGB {
	lin := func(v int) float64 {
		x := float64(v) / 255
		if x <= 0.04045 {
			return x / 12.92
		}
		return math.Pow((x+0.055)/1.055, 2.4)
	}
	l := 0.2126*lin(c.r) + 0.7152*lin(c.g) + 0.0722*lin(c.b)
	if l > 0.179 {
		return pdfBlack
	}
	return pdfWhite
}

// pdfStyle is how a run of text is set.
type pdfStyle struct {
	size   float64 // points
	bold   bool
	colour pdfRGB
}

// lineHeight is the height of one line of st, in millimetres.
func (st pdfStyle) lineHeight() float64 { return st.size * pdfPtMM * 1.3 }

// text draws clean text s with the top of its line box at y.
func (d *pdfDoc) text(x, y float64, s string, st pdfStyle) {
	if !d.drawing() || s == "" {
		return
	}
	style := ""
	if st.bold {
		style = "B"
	}
	d.pdf.SetFont(pdfFamily, style, st.size)
	d.pdf.SetTextColor(st.colour.r, st.colour.g, st.colour.b)
	// Centre the capitals in the line box: cap height is 0.714 em.
	sizeMM := st.size * pdfPtMM
	base := y + (st.lineHeight()+0.714*sizeMM)/2
	if d.fonts.complex(s) {
		d.drawComplex(x, base, s, st)
		return
	}
	d.pdf.Text(x, base, s)
}

// textRight draws s ending at x.
func (d *pdfDoc) textRight(x, y float64, s string, st pdfStyle) {
	d.text(x-d.fonts.textWidth(s, st.bold, st.size), y, s, st)
}

// textCentre draws s centred on x.
func (d *pdfDoc) textCentre(x, y float64, s string, st pdfStyle) {
	d.text(x-d.fonts.textWidth(s, st.bold, st.size)/2, y, s, st)
}

// lines draws wrapped lines one under the other, aligned by align
// ('L', 'C' or 'R') in the box from x to x+w.
func (d *pdfDoc) lines(x, y, w float64, lines []string, st pdfStyle, align byte) {
	lh := st.lineHeight()
	for i, l := range lines {
		a := align
		if a == 'L' && rtlLine(l) {
			a = 'R' // right-to-left text starts at the right of its box
		}
		switch a {
		case 'R':
			d.textRight(x+w, y+float64(i)*lh, l, st)
		case 'C':
			d.textCentre(x+w/2, y+float64(i)*lh, l, st)
		default:
			d.text(x, y+float64(i)*lh, l, st)
		}
	}
}

// fill paints a rectangle.
func (d *pdfDoc) fill(x, y, w, h float64, c pdfRGB) {
	if !d.drawing() {
		return
	}
	d.pdf.SetFillColor(c.r, c.g, c.b)
	d.pdf.Rect(x, y, w, h, "F")
}

// frame outlines a rectangle.
func (d *pdfDoc) frame(x, y, w, h float64, c pdfRGB, width float64) {
	if !d.drawing() {
		return
	}
	d.pdf.SetDrawColor(c.r, c.g, c.b)
	d.pdf.SetLineWidth(width)
	d.pdf.Rect(x, y, w, h, "D")
}

// rule draws a horizontal line.
func (d *pdfDoc) rule(x1, y, x2 float64, c pdfRGB, width float64) {
	d.line(x1, y, x2, y, c, width)
}

func (d *pdfDoc) line(x1, y1, x2, y2 float64, c pdfRGB, width float64) {
	if !d.drawing() {
		return
	}
	d.pdf.SetDrawColor(c.r, c.g, c.b)
	d.pdf.SetLineWidth(width)
	d.pdf.Line(x1, y1, x2, y2)
}

// triangle fills the triangle through three points.
func (d *pdfDoc) triangle(x1, y1, x2, y2, x3, y3 float64, c pdfRGB) {
	if !d.drawing() {
		return
	}
	d.pdf.SetFillColor(c.r, c.g, c.b)
	d.pdf.Polygon([]fpdf.PointType{{X: x1, Y: y1}, {X: x2, Y: y2}, {X: x3, Y: y3}}, "F")
}
