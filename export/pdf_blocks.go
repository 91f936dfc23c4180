package export

// Text styles of the body.
var (
	pdfSectionStyle   = pdfStyle{size: 16, bold: true, colour: pdfAccent}
	pdfHeadingStyle   = pdfStyle{size: 11.5, bold: true, colour: pdfAccent}
	pdfParagraphStyle = pdfStyle{size: 9.5, colour: pdfInk}
	pdfNoteStyle      = pdfStyle{size: 8.5, colour: pdfMuted}
)

// Vertical space before blocks, in millimetres.
const (
	pdfHeadingGap = 5.0
	pdfBlockGap   = 3.0
)

// pdfPortraitUnits is the widest table, in Column.Width units, that a
// portrait page holds; a section with a wider table is set in landscape.
const pdfPortraitUnits = 115

// pdfLandscape decides a section's orientation: portrait reads best, so
// landscape only where a register needs the width or two matrices stand
// side by side.
func pdfLandscape(s *Section) bool {
	for i, b := range s.Blocks {
		if b.Table != nil && !b.Table.SheetOnly && pdfTableUnits(b.Table) > pdfPortraitUnits {
			return true
		}
		if b.Matrix != nil && i+1 < len(s.Blocks) && s.Blocks[i+1].Matrix != nil {
			return true
		}
	}
	return false
}

// section starts a page and draws the section's blocks in order.
func (d *pdfDoc) section(s *Section) {
	d.newPage(pdfLandscape(s))
	d.current = s.Title
	d.anchor(s.Title, 0, true)
	d.sectionTitle(d.fonts.clean(s.Title))
	if !pdfHasContent(s.Blocks) {
		d.paragraph(d.r.printer().T("export.section.empty"), pdfParagraphStyle)
		return
	}
	d.blocks(s.Blocks)
}

func pdfHasContent(bs []Block) bool {
	for _, b := range bs {
		if b.Heading != "" || b.Paragraph != "" || len(b.Facts) > 0 || b.Table != nil && !b.Table.SheetOnly || b.Matrix != nil || b.Detail != nil || len(b.Charts) > 0 {
			return true
		}
	}
	return false
}

func (d *pdfDoc) blocks(bs []Block) {
	for i := 0; i < len(bs); i++ {
		b := &bs[i]
		switch {
		case b.Heading != "":
			d.heading(b.Heading, bs[i+1:])
		case b.Paragraph != "":
			d.paragraph(b.Paragraph, pdfParagraphStyle)
		case len(b.Facts) > 0:
			d.facts(b.Facts, 9)
		case b.Detail != nil:
			d.detail(b.Detail)
		case len(b.Charts) > 0:
			d.charts(b.Charts)
		case b.Table != nil:
			if !b.Table.SheetOnly {
				d.table(b.Table)
			}
		case b.Matrix != nil:
			if i+1 < len(bs) && bs[i+1].Matrix != nil && d.matrixPair(b.Matrix, bs[i+1].Matrix) {
				i++
				continue
			}
			d.matrix(b.Matrix)
		}
	}
}

// sectionTitle draws a section's title under a rule's weight of accent.
func (d *pdfDoc) sectionTitle(title string) {
	st := pdfSectionStyle
	lines := d.fonts.wrap(title, true, st.size, d.width())
	d.lines(d.left(), d.y, d.width(), lines, st, 'L')
	d.y += float64(len(lines))*st.lineHeight() + 1
	d.rule(d.left(), d.y, d.right(), pdfAccent, 0.5)
	d.y += 4
}

// heading draws a sub-heading, on a new page unless the start of what
// follows fits under it: a heading never stands alone at a page's foot.
func (d *pdfDoc) heading(h string, rest []Block) {
	st := pdfHeadingStyle
	lines := d.fonts.wrap(d.fonts.clean(h), true, st.size, d.width())
	hh := float64(len(lines))*st.lineHeight() + 1.5
	d.gap(pdfHeadingGap)
	if !d.fits(hh+d.leadHeight(rest)) && !d.atTop() {
		d.newPage(d.landscape)
	}
	d.anchor(h, 1, false)
	d.lines(d.left(), d.y, d.width(), lines, st, 'L')
	d.y += hh
}

// leadHeight is how much of the next block must share the page with a
// heading above it: two lines of a paragraph, a fact, a table's header
// and first row, a whole matrix.
func (d *pdfDoc) leadHeight(rest []Block) float64 {
	if len(rest) == 0 {
		return 0
	}
	if rest[0].Table != nil && rest[0].Table.SheetOnly {
		return d.leadHeight(rest[1:])
	}
	b := &rest[0]
	switch {
	case b.Heading != "":
		st := pdfHeadingStyle
		return pdfHeadingGap + st.lineHeight()
	case b.Paragraph != "":
		st := pdfParagraphStyle
		n := len(d.fonts.wrap(d.fonts.clean(b.Paragraph), false, st.size, d.width()))
		return pdfBlockGap + float64(min(n, 2))*st.lineHeight()
	case len(b.Facts) > 0:
		return pdfBlockGap + d.factHeight(b.Facts[0], d.factLabelWidth(b.Facts, 9), 9)
	case b.Detail != nil:
		return min(d.detailHeight(b.Detail), d.bottom()-pdfTop)
	case len(b.Charts) > 0:
		return pdfBlockGap + d.chartHeight()
	case b.Table != nil:
		return d.tableLead(b.Table)
	case b.Matrix != nil:
		if len(rest) > 1 && rest[1].Matrix != nil {
			if h, ok := d.pairHeight(b.Matrix, rest[1].Matrix); ok {
				return h
			}
		}
		return d.matrixHeight(b.Matrix)
	}
	return 0
}

// paragraph draws wrapped text; it may continue on the next page, but its
// first two lines stay together.
func (d *pdfDoc) paragraph(p string, st pdfStyle) {
	lines := d.fonts.wrap(d.fonts.clean(p), st.bold, st.size, d.width())
	lh := st.lineHeight()
	d.gap(pdfBlockGap)
	if !d.fits(float64(min(len(lines), 2))*lh) && !d.atTop() {
		d.newPage(d.landscape)
	}
	for _, l := range lines {
		d.ensure(lh)
		d.text(d.left(), d.y, l, st)
		d.y += lh
	}
}

// Facts: a bold label column and a value column, a hairline between rows.
const pdfFactPad = 1.0

func (d *pdfDoc) factLabelWidth(fs []Fact, size float64) float64 {
	w := 0.0
	for _, f := range fs {
		w = max(w, d.fonts.textWidth(d.fonts.clean(f.Label), true, size))
	}
	return min(max(w+5, 30), d.width()*0.38)
}

func (d *pdfDoc) factLines(f Fact, labelW, size float64) (label, value []string) {
	v := d.fonts.clean(f.Value)
	if v == "" {
		v = "—"
	}
	label = d.fonts.wrap(d.fonts.clean(f.Label), true, size, labelW-4)
	value = d.fonts.wrap(v, false, size, d.width()-labelW)
	return label, value
}

func (d *pdfDoc) factHeight(f Fact, labelW, size float64) float64 {
	label, value := d.factLines(f, labelW, size)
	lh := pdfStyle{size: size}.lineHeight()
	return float64(max(len(label), len(value)))*lh + 2*pdfFactPad
}

func (d *pdfDoc) facts(fs []Fact, size float64) {
	labelSt := pdfStyle{size: size, bold: true, colour: pdfMuted}
	valueSt := pdfStyle{size: size, colour: pdfInk}
	lh := valueSt.lineHeight()
	labelW := d.factLabelWidth(fs, size)
	d.gap(pdfBlockGap)
	for _, f := range fs {
		label, value := d.factLines(f, labelW, size)
		n := max(len(label), len(value))
		h := float64(n)*lh + 2*pdfFactPad
		if !d.fits(h) && !d.atTop() && h <= d.bottom()-pdfTop {
			d.newPage(d.landscape)
		}
		// A value longer than a page goes on line by line.
		for i := 0; i < n; i++ {
			if d.ensure(lh + pdfFactPad) {
				d.y += pdfFactPad
			}
			if i == 0 {
				d.y += pdfFactPad
			}
			if i < len(label) {
				d.text(d.left(), d.y, label[i], labelSt)
			}
			if i < len(value) {
				d.text(d.left()+labelW, d.y, value[i], valueSt)
			}
			d.y += lh
		}
		d.y += pdfFactPad
		d.rule(d.left(), d.y, d.right(), pdfRule, 0.15)
	}
}
