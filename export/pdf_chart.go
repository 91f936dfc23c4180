package export

// Small line charts of indicators over time, drawn as tiles three to a
// row: the indicator, its newest value large, how it moved since the
// previous point, and the line of its values with the closed assessments
// marked.

const (
	pdfChartMinW   = 55.0 // the narrowest tile, in millimetres
	pdfChartGap    = 4.0  // between tiles, in millimetres
	pdfChartPad    = 2.5  // inside a tile
	pdfChartLineH  = 15.0 // height of the line's box
	pdfChartTitleN = 2    // lines kept for an indicator's name
	// pdfChartAxisGap keeps the top of the scale clear of the change.
	pdfChartAxisGap = 2.5
)

var (
	pdfChartTitle  = pdfStyle{size: 8, bold: true, colour: pdfInk}
	pdfChartValue  = pdfStyle{size: 14, bold: true, colour: pdfAccent}
	pdfChartChange = pdfStyle{size: 7.5, colour: pdfMuted}
	pdfChartAxis   = pdfStyle{size: 6, colour: pdfMuted}
	// Changes for the better and for the worse, dark enough to read as
	// text on white.
	pdfChartGood = pdfRGB{46, 125, 50}
	pdfChartBad  = pdfRGB{183, 28, 28}
)

// chartCols is how many tiles a row holds: three on a portrait page,
// four on a landscape one.
func (d *pdfDoc) chartCols() int {
	return max(1, int((d.width()+pdfChartGap)/(pdfChartMinW+pdfChartGap)))
}

func (d *pdfDoc) chartWidth() float64 {
	n := float64(d.chartCols())
	return (d.width() - pdfChartGap*(n-1)) / n
}

// chartHeight is the height of one row of tiles.
func (d *pdfDoc) chartHeight() float64 {
	return 2*pdfChartPad + pdfChartTitleN*pdfChartTitle.lineHeight() + pdfChartValue.lineHeight() +
		pdfChartChange.lineHeight() + pdfChartAxisGap + pdfChartLineH + pdfChartAxis.lineHeight()
}

// charts draws the tiles, a row at a time; a row never splits.
func (d *pdfDoc) charts(cs []Chart) {
	d.gap(pdfBlockGap)
	w, h, cols := d.chartWidth(), d.chartHeight(), d.chartCols()
	for i := 0; i < len(cs); i += cols {
		if !d.fits(h) && !d.atTop() {
			d.newPage(d.landscape)
		}
		for j := i; j < min(i+cols, len(cs)); j++ {
			d.chart(&cs[j], d.left()+float64(j-i)*(w+pdfChartGap), d.y, w, h)
		}
		d.y += h + pdfChartGap
	}
}

func (d *pdfDoc) chart(c *Chart, x, y, w, h float64) {
	d.frame(x, y, w, h, pdfRule, 0.2)
	inner := w - 2*pdfChartPad
	x += pdfChartPad
	y += pdfChartPad
	title := d.fonts.wrap(d.fonts.clean(c.Title), true, pdfChartTitle.size, inner)
	if len(title) > pdfChartTitleN {
		title = title[:pdfChartTitleN]
	}
	d.lines(x, y, inner, title, pdfChartTitle, 'L')
	y += pdfChartTitleN * pdfChartTitle.lineHeight()
	d.text(x, y, d.fit(d.fonts.clean(c.Value), pdfChartValue, inner), pdfChartValue)
	y += pdfChartValue.lineHeight()
	st := pdfChartChange
	switch c.Good() {
	case 1:
		st.colour = pdfChartGood
	case -1:
		st.colour = pdfChartBad
	}
	d.text(x, y, d.fit(d.fonts.clean(c.Change), st, inner), st)
	y += st.lineHeight() + pdfChartAxisGap
	d.sparkline(c, x, y, inner, pdfChartLineH)
}

// sparkline draws the chart's line in a box, on a baseline at zero, with
// the top and bottom of its scale at the left and its first and last days
// under it.
func (d *pdfDoc) sparkline(c *Chart, x, y, w, h float64) {
	ax := pdfChartAxis
	lh := ax.lineHeight()
	labelW := max(d.fonts.textWidth(c.High, false, ax.size), d.fonts.textWidth(c.Low, false, ax.size)) + 1.5
	d.textRight(x+labelW-1.5, y-lh/2, c.High, ax)
	d.textRight(x+labelW-1.5, y+h-lh/2, c.Low, ax)
	x, w = x+labelW, w-labelW
	if n := len(c.Points); n > 0 {
		d.text(x, y+h+0.8, c.First, ax)
		if n > 1 {
			d.textRight(x+w, y+h+0.8, c.Last, ax)
		}
	}
	d.rule(x, y+h, x+w, pdfRule, 0.2)
	d.rule(x, y, x+w, pdfZebra, 0.2)
	colour := pdfAccent
	if rgb, ok := pdfParseColour(c.Colour); ok {
		colour = rgb
	}
	xs, ys, marks := c.Place(w, h)
	for i := 1; i < len(xs); i++ {
		d.line(x+xs[i-1], y+ys[i-1], x+xs[i], y+ys[i], colour, 0.5)
	}
	if !d.drawing() {
		return
	}
	for i := range xs {
		r := 0.45
		if marks[i] {
			r = 0.9 // a closed assessment
		} else if i != len(xs)-1 {
			continue
		}
		d.pdf.SetFillColor(colour.r, colour.g, colour.b)
		d.pdf.Circle(x+xs[i], y+ys[i], r, "F")
	}
}
