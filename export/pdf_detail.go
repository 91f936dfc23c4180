package export

// A detail card: a title in bold, a row of coloured level chips, then the
// facts in a grid, two short facts to a row and wide facts across the
// card, each a muted label beside its value. A short card is never split
// across pages; a long one flows row by row, its title never alone at the
// foot of a page.

var (
	pdfDetailTitleStyle = pdfStyle{size: 10.5, bold: true, colour: pdfAccent}
	pdfDetailLabelStyle = pdfStyle{size: 7, bold: true, colour: pdfMuted}
	pdfDetailValueStyle = pdfStyle{size: 8.5, colour: pdfInk}
	pdfDetailChipStyle  = pdfStyle{size: 7.5, bold: true, colour: pdfInk}
)

const (
	pdfDetailGap    = 4.0  // between cards
	pdfDetailColGap = 6.0  // between the two columns of short facts
	pdfDetailRowGap = 1.0  // between rows of facts
	pdfDetailLabelW = 24.0 // the label column of each fact
	pdfChipPadX     = 1.8
	pdfChipGap      = 2.0
	// pdfDetailKeep is the share of a page up to which a card is kept
	// whole: a longer one would leave too much of a page blank.
	pdfDetailKeep = 0.45
)

// pdfDetailRow is one row of a card's grid: one wide fact, or one or two
// short ones.
type pdfDetailRow struct {
	cells []pdfDetailCell
	h     float64
}

type pdfDetailCell struct {
	x, w          float64
	label, value  []string
	labelH, lineH float64
}

// detailLayout lays out a card's rows for the current page width.
func (d *pdfDoc) detailLayout(c *Detail) (title []string, rows []pdfDetailRow) {
	f := d.fonts
	title = f.wrap(f.clean(c.Title), true, pdfDetailTitleStyle.size, d.width())
	half := (d.width() - pdfDetailColGap) / 2
	cell := func(fact DetailFact, x, w float64) pdfDetailCell {
		v := f.clean(fact.Value)
		if v == "" {
			v = "—"
		}
		return pdfDetailCell{x: x, w: w,
			label:  f.wrap(f.clean(fact.Label), true, pdfDetailLabelStyle.size, pdfDetailLabelW-2),
			value:  f.wrap(v, false, pdfDetailValueStyle.size, w-pdfDetailLabelW),
			labelH: pdfDetailValueStyle.lineHeight(), lineH: pdfDetailValueStyle.lineHeight()}
	}
	height := func(cs []pdfDetailCell) float64 {
		h := 0.0
		for _, c := range cs {
			h = max(h, float64(len(c.label))*c.labelH, float64(len(c.value))*c.lineH)
		}
		return h + pdfDetailRowGap
	}
	var pending *DetailFact
	flush := func() {
		if pending != nil {
			cs := []pdfDetailCell{cell(*pending, d.left(), half)}
			rows = append(rows, pdfDetailRow{cells: cs, h: height(cs)})
			pending = nil
		}
	}
	for i := range c.Facts {
		fact := c.Facts[i]
		switch {
		case fact.Wide:
			flush()
			cs := []pdfDetailCell{cell(fact, d.left(), d.width())}
			rows = append(rows, pdfDetailRow{cells: cs, h: height(cs)})
		case pending == nil:
			pending = &c.Facts[i]
		default:
			cs := []pdfDetailCell{cell(*pending, d.left(), half), cell(fact, d.left()+half+pdfDetailColGap, half)}
			rows = append(rows, pdfDetailRow{cells: cs, h: height(cs)})
			pending = nil
		}
	}
	flush()
	return title, rows
}

func (d *pdfDoc) chipHeight() float64 { return pdfDetailChipStyle.lineHeight() + 1.2 }

// detailHeight is the height of a whole card.
func (d *pdfDoc) detailHeight(c *Detail) float64 {
	title, rows := d.detailLayout(c)
	h := pdfDetailGap + float64(len(title))*pdfDetailTitleStyle.lineHeight() + 1.5
	if len(c.Levels) > 0 {
		h += d.chipHeight() + 2
	}
	for _, r := range rows {
		h += r.h
	}
	return h + 1
}

// detail draws a card at the cursor.
func (d *pdfDoc) detail(c *Detail) {
	title, rows := d.detailLayout(c)
	room := d.bottom() - pdfTop
	head := pdfDetailGap + float64(len(title))*pdfDetailTitleStyle.lineHeight() + 1.5 + d.chipHeight() + 2
	for i := 0; i < min(2, len(rows)); i++ {
		head += rows[i].h
	}
	if h := d.detailHeight(c); !d.atTop() && (h <= room*pdfDetailKeep && !d.fits(h) || !d.fits(head)) {
		d.newPage(d.landscape)
	}
	d.gap(pdfDetailGap)
	d.rule(d.left(), d.y, d.right(), pdfAccent, 0.35)
	d.y += 1.5
	d.ensure(float64(len(title)) * pdfDetailTitleStyle.lineHeight())
	d.anchor(c.Title, 1, false)
	d.lines(d.left(), d.y, d.width(), title, pdfDetailTitleStyle, 'L')
	d.y += float64(len(title)) * pdfDetailTitleStyle.lineHeight()
	if len(c.Levels) > 0 {
		d.y += 1
		d.chips(c.Levels)
		d.y += d.chipHeight() + 1
	}
	for _, r := range rows {
		if !d.fits(r.h) && r.h <= d.bottom()-pdfTop {
			d.newPage(d.landscape)
		}
		for _, cell := range r.cells {
			// The label sits on the value's first baseline.
			d.lines(cell.x, d.y+0.4, pdfDetailLabelW-2, cell.label, pdfDetailLabelStyle, 'L')
			d.lines(cell.x+pdfDetailLabelW, d.y, cell.w-pdfDetailLabelW, cell.value, pdfDetailValueStyle, 'L')
		}
		d.y += r.h
	}
	d.y++
}

// chips draws the level chips in a row: the label in muted text, then the
// value on the level's colour.
func (d *pdfDoc) chips(levels []DetailLevel) {
	f := d.fonts
	x := d.left()
	h := d.chipHeight()
	st := pdfDetailChipStyle
	label := pdfStyle{size: st.size, colour: pdfMuted}
	for _, l := range levels {
		lt := f.clean(l.Label)
		vt := f.clean(l.Text)
		lw := f.textWidth(lt, false, label.size)
		vw := f.textWidth(vt, true, st.size) + 2*pdfChipPadX
		if x+lw+1.5+vw > d.right() {
			break
		}
		d.text(x, d.y+0.6, lt, label)
		x += lw + 1.5
		vs := st
		if fill, ok := pdfParseColour(l.Colour); ok {
			d.fill(x, d.y, vw, h, fill)
			vs.colour = fill.contrast()
		} else {
			d.frame(x, d.y, vw, h, pdfRule, 0.2)
		}
		d.text(x+pdfChipPadX, d.y+0.6, vt, vs)
		x += vw + pdfChipGap*2
	}
}
