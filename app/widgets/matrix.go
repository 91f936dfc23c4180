// Package widgets holds Riskbook's reusable Fyne widgets: the risk matrix
// (score picker and heat map), the level chip and the BIA impact grid. They
// know the risk and bcp domains but nothing of the workspace or the screens
// that use them.
package widgets

import (
	"image/color"
	"slices"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"riskbook/i18n"
	"riskbook/risk"
)

// Matrix draws the risk matrix of a risk.Criteria: likelihood rows with the
// highest likelihood at the top, consequence columns from left to right,
// each cell in its level's colour. Cells above the appetite carry a corner
// mark and a thick line separates them from the cells within appetite.
//
// In picker mode (no counts) the selected cell has a strong outline; in
// heat-map mode (SetCounts with a non-nil map) each cell shows its count and
// empty cells are muted. A tap never changes the selection by itself: the
// owner decides whether the score is allowed and calls SetSelected.
type Matrix struct {
	widget.BaseWidget

	criteria risk.Criteria
	onTapped func(risk.Score)
	selected risk.Score
	counts   map[risk.Score]int
	compact  bool
	// grid is where the last layout put the cells, for what is drawn over
	// them (CellBox).
	grid struct {
		x, y, step, cell float32
		nL               int
	}
}

// CellBox returns where the last layout put the cell of s, in the
// matrix's coordinates: its top-left corner and its side; false when s is
// outside the scales or the matrix was not laid out yet.
func (m *Matrix) CellBox(s risk.Score) (fyne.Position, float32, bool) {
	g := m.grid
	if g.cell == 0 || !m.criteria.InRange(s) || s.Likelihood > g.nL {
		return fyne.Position{}, 0, false
	}
	row, col := g.nL-s.Likelihood, s.Consequence-1
	return fyne.NewPos(g.x+float32(col)*g.step, g.y+float32(row)*g.step), g.cell, true
}

// NewMatrix returns a matrix for c in picker mode; onTapped, which may be
// nil, is called with the score of a clicked cell.
func NewMatrix(c risk.Criteria, onTapped func(risk.Score)) *Matrix {
	m := &Matrix{criteria: c, onTapped: onTapped}
	m.ExtendBaseWidget(m)
	return m
}

// SetCriteria shows the matrix of c. A selection outside c's scales is dropped.
func (m *Matrix) SetCriteria(c risk.Criteria) {
	m.criteria = c
	if !c.InRange(m.selected) {
		m.selected = risk.Score{}
	}
	m.Refresh()
}

// Criteria returns the criteria the matrix shows.
func (m *Matrix) Criteria() risk.Criteria { return m.criteria }

// SetSelected outlines the cell of s; the zero Score selects none.
func (m *Matrix) SetSelected(s risk.Score) {
	if !m.criteria.InRange(s) {
		s = risk.Score{}
	}
	m.selected = s
	m.Refresh()
}

// Selected returns the outlined cell's score, or the zero Score.
func (m *Matrix) Selected() risk.Score { return m.selected }

// SetCounts switches to heat-map mode with the number of risks per cell; nil
// switches back to picker mode.
func (m *Matrix) SetCounts(counts map[risk.Score]int) {
	m.counts = counts
	m.Refresh()
}

// SetCompact chooses small cells with numbered axes, for forms.
func (m *Matrix) SetCompact(compact bool) {
	m.compact = compact
	m.Refresh()
}

// SetOnTapped replaces the function called when a cell is clicked.
func (m *Matrix) SetOnTapped(f func(risk.Score)) { m.onTapped = f }

// TapCell does what a click on the cell of s does.
func (m *Matrix) TapCell(s risk.Score) {
	if m.onTapped != nil && m.criteria.InRange(s) {
		m.onTapped(s)
	}
}

// CellText returns the text shown in the cell of s: its count in heat-map
// mode ("" for none), the level's label in the full-size picker.
func (m *Matrix) CellText(s risk.Score) string {
	if m.counts != nil {
		if n := m.counts[s]; n > 0 {
			return strconv.Itoa(n)
		}
		return ""
	}
	if m.compact {
		return ""
	}
	l, _ := m.criteria.LevelOf(s)
	return l.Label
}

// ScoreText describes s in words, "Likely × Major (High)", for captions next
// to a compact matrix whose axes only show numbers. It is "" for an
// unscored or out-of-range score.
func ScoreText(c risk.Criteria, s risk.Score) string {
	if !c.InRange(s) {
		return ""
	}
	text := c.Likelihood[s.Likelihood-1].Label + " × " + c.Consequence[s.Consequence-1].Label
	if l, ok := c.LevelOf(s); ok {
		text += " (" + l.Label + ")"
	}
	return text
}

// CreateRenderer builds the matrix's cells, labels and boundary lines.
func (m *Matrix) CreateRenderer() fyne.WidgetRenderer {
	r := &matrixRenderer{m: m}
	r.rebuild()
	return r
}

// above reports whether the cell at likelihood l, consequence c is above
// the appetite; cells outside the matrix are not.
func (m *Matrix) above(l, c int) bool {
	return m.criteria.AboveAppetite(risk.Score{Likelihood: l, Consequence: c})
}

// appetiteText is the legend's explanation of the corner mark and line.
func (m *Matrix) appetiteText() string {
	if m.compact {
		return i18n.T("ui.matrix.above")
	}
	if l, ok := m.criteria.Level(m.criteria.Appetite); ok {
		return i18n.T("ui.matrix.above.level", i18n.Args{"Level": l.Label})
	}
	return i18n.T("ui.matrix.above")
}

// cellLook is how one cell is drawn at the moment.
type cellLook struct {
	fill, ink   color.Color
	text        string
	textSize    float32
	bold        bool
	stroke      color.Color
	strokeWidth float32
	mark        bool // above appetite
	dot         bool // selected in the compact picker, where there is no text
}

// look computes the appearance of the cell of s.
func (m *Matrix) look(s risk.Score, hovered bool) cellLook {
	fill := color.Color(color.NRGBA{R: 0x9e, G: 0x9e, B: 0x9e, A: 0xff})
	if l, ok := m.criteria.LevelOf(s); ok {
		fill = ParseColour(l.Colour)
	}
	lk := cellLook{text: m.CellText(s), textSize: theme.TextSize(), mark: m.criteria.AboveAppetite(s)}
	switch {
	case m.counts != nil:
		lk.bold = true
		lk.textSize = theme.TextSize() * 1.5
		if m.counts[s] == 0 {
			// Empty cells recede so the eye goes to where the risks are,
			// but keep their level's colour as a frame: blended into a
			// dark background alone, every level turned the same mud.
			lk.stroke, lk.strokeWidth = fill, 2
			fill = blend(fill, theme.Color(theme.ColorNameBackground), 0.6)
		}
	case m.compact:
		lk.dot = s == m.selected
	}
	if m.compact {
		lk.textSize = theme.CaptionTextSize()
	}
	lk.fill, lk.ink = fill, Contrast(fill)
	switch {
	case s == m.selected:
		// Primary, not foreground: the appetite boundary is drawn in the
		// foreground colour and the two must not be confused.
		lk.stroke, lk.strokeWidth = theme.Color(theme.ColorNamePrimary), 4
		lk.bold = true
	case hovered && m.onTapped != nil:
		lk.stroke, lk.strokeWidth = lk.ink, 1
	}
	return lk
}

// geometry is the size of the parts of the matrix for one mode.
type geometry struct {
	cellMin, cellMax float32
	gap, line        float32 // between cells; thickness of the appetite line
	labelSize        float32 // axis label text size
	maxLabelWidth    float32 // row labels wrap past this
}

func (m *Matrix) geometry() geometry {
	if m.compact {
		return geometry{cellMin: 28, cellMax: 32, gap: 2, line: 3, labelSize: theme.CaptionTextSize(), maxLabelWidth: 24}
	}
	n := max(len(m.criteria.Likelihood), len(m.criteria.Consequence))
	// Bigger scales get smaller cells so two matrices still fit side by side.
	cellMin := float32(72)
	if n > 5 {
		cellMin = max(52, 360/float32(n))
	}
	return geometry{cellMin: cellMin, cellMax: 96, gap: 3, line: 4, labelSize: theme.TextSize(), maxLabelWidth: 128}
}

// cell is one clickable square of the matrix.
type cell struct {
	widget.BaseWidget
	m       *Matrix
	score   risk.Score
	hovered bool
}

var (
	_ fyne.Tappable      = (*cell)(nil)
	_ desktop.Hoverable  = (*cell)(nil)
	_ desktop.Cursorable = (*cell)(nil)
)

func newCell(m *Matrix, s risk.Score) *cell {
	c := &cell{m: m, score: s}
	c.ExtendBaseWidget(c)
	return c
}

// Tapped reports the cell's score to the matrix's owner.
func (c *cell) Tapped(*fyne.PointEvent) { c.m.TapCell(c.score) }

// MouseIn highlights the cell under the pointer so a click target is obvious.
func (c *cell) MouseIn(*desktop.MouseEvent) { c.hovered = true; c.Refresh() }

// MouseMoved is needed for desktop.Hoverable.
func (c *cell) MouseMoved(*desktop.MouseEvent) {}

// MouseOut removes the highlight.
func (c *cell) MouseOut() { c.hovered = false; c.Refresh() }

// Cursor shows a pointing hand over clickable cells.
func (c *cell) Cursor() desktop.Cursor {
	if c.m.onTapped == nil {
		return desktop.DefaultCursor
	}
	return desktop.PointerCursor
}

func (c *cell) CreateRenderer() fyne.WidgetRenderer {
	r := &cellRenderer{c: c, bg: canvas.NewRectangle(color.Transparent),
		text: canvas.NewText("", color.Black), mark: canvas.NewPolygon(3, color.Black),
		dot: canvas.NewCircle(color.Black)}
	r.text.Alignment = fyne.TextAlignCenter
	r.Refresh()
	return r
}

// cellRenderer draws a cell: its fill and outline, its text, the
// above-appetite corner mark and the compact picker's selection dot.
type cellRenderer struct {
	c    *cell
	bg   *canvas.Rectangle
	text *canvas.Text
	mark *canvas.Polygon
	dot  *canvas.Circle
}

func (r *cellRenderer) Layout(size fyne.Size) {
	r.bg.Resize(size)
	r.text.Resize(size)
	r.text.Move(fyne.NewPos(0, (size.Height-r.text.MinSize().Height)/2))
	r.text.Resize(fyne.NewSize(size.Width, r.text.MinSize().Height))
	m := max(7, min(12, size.Width/7))
	r.mark.Resize(fyne.NewSquareSize(m))
	r.mark.Move(fyne.NewPos(size.Width-m-2, 2))
	d := size.Width / 3
	r.dot.Resize(fyne.NewSquareSize(d))
	r.dot.Move(fyne.NewPos((size.Width-d)/2, (size.Height-d)/2))
}

func (r *cellRenderer) MinSize() fyne.Size { return fyne.NewSquareSize(16) }

func (r *cellRenderer) Refresh() {
	lk := r.c.m.look(r.c.score, r.c.hovered)
	r.bg.FillColor, r.bg.StrokeColor, r.bg.StrokeWidth = lk.fill, lk.stroke, lk.strokeWidth
	r.text.Text, r.text.Color, r.text.TextSize = lk.text, lk.ink, lk.textSize
	r.text.TextStyle = fyne.TextStyle{Bold: lk.bold}
	r.mark.FillColor = lk.ink
	r.mark.Hidden = !lk.mark
	r.dot.FillColor = lk.ink
	r.dot.Hidden = !lk.dot
	r.Layout(r.c.Size())
	for _, o := range r.Objects() {
		o.Refresh()
	}
}

func (r *cellRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{r.bg, r.text, r.mark, r.dot}
}

func (r *cellRenderer) Destroy() {}

// axisLabel is a scale label wrapped to at most two lines.
type axisLabel [2]*canvas.Text

func newAxisLabel(align fyne.TextAlign) axisLabel {
	var l axisLabel
	for i := range l {
		l[i] = canvas.NewText("", color.Black)
		l[i].Alignment = align
	}
	return l
}

// set wraps text to width and styles both lines. A word wider than width
// ("Négligeable", "Insignificante" under a narrow column) is written
// smaller, down to the caption size, before it would be cut short.
func (l axisLabel) set(text string, width, size float32, ink color.Color) {
	for size > theme.CaptionTextSize() && slices.ContainsFunc(strings.Fields(text), func(w string) bool { return measure(w, size) > width }) {
		size = max(theme.CaptionTextSize(), size-1)
	}
	first, second := wrap(text, width, size)
	for i, line := range []string{first, second} {
		l[i].Text, l[i].TextSize, l[i].Color = line, size, ink
		l[i].Hidden = line == ""
		l[i].Refresh()
	}
}

func (l axisLabel) lines() int {
	if l[1].Text != "" {
		return 2
	}
	return 1
}

func (l axisLabel) width() float32 {
	return max(l[0].MinSize().Width, l[1].MinSize().Width)
}

// place puts the lines in a box of width w at pos, centred vertically on
// height h.
func (l axisLabel) place(pos fyne.Position, w, h float32) {
	lineH := l[0].MinSize().Height
	y := pos.Y + (h-lineH*float32(l.lines()))/2
	for i := range l {
		l[i].Move(fyne.NewPos(pos.X, y+lineH*float32(i)))
		l[i].Resize(fyne.NewSize(w, lineH))
	}
}

// wrap splits text into two lines no wider than width, shortening the
// second with an ellipsis when the text is longer still.
func wrap(text string, width, size float32) (string, string) {
	words := strings.Fields(text)
	line := ""
	for i, w := range words {
		next := w
		if line != "" {
			next = line + " " + w
		}
		if line != "" && measure(next, size) > width {
			return line, ellipsize(strings.Join(words[i:], " "), width, size)
		}
		line = next
	}
	return ellipsize(line, width, size), ""
}

func ellipsize(text string, width, size float32) string {
	if measure(text, size) <= width {
		return text
	}
	r := []rune(text)
	for len(r) > 1 && measure(string(r)+"…", size) > width {
		r = r[:len(r)-1]
	}
	return string(r) + "…"
}

func measure(text string, size float32) float32 {
	return fyne.MeasureText(text, size, fyne.TextStyle{}).Width
}

// matrixRenderer lays out the cells, axis labels, appetite boundary and
// legend. Cells and labels are rebuilt only when the scales change size.
type matrixRenderer struct {
	m       *Matrix
	nL, nC  int
	compact bool

	cells     [][]*cell // [row][col]; row 0 is the highest likelihood
	rowLabels []axisLabel
	colLabels []axisLabel
	colLines  int // lines of the longest column label at the smallest cell
	// hEdges[row][col] is the boundary below a cell, vEdges[row][col] the
	// one to its right; only edges between within and above appetite show.
	hEdges, vEdges [][]*canvas.Rectangle
	lTitle, cTitle *canvas.Text
	legendLine     *canvas.Rectangle
	legendMark     *canvas.Polygon
	legendText     *canvas.Text
	objects        []fyne.CanvasObject
}

func (r *matrixRenderer) rebuild() {
	c := &r.m.criteria
	r.nL, r.nC, r.compact = len(c.Likelihood), len(c.Consequence), r.m.compact
	r.objects = nil
	r.cells = make([][]*cell, r.nL)
	r.hEdges = make([][]*canvas.Rectangle, r.nL)
	r.vEdges = make([][]*canvas.Rectangle, r.nL)
	for row := range r.nL {
		for col := range r.nC {
			ce := newCell(r.m, risk.Score{Likelihood: r.nL - row, Consequence: col + 1})
			r.cells[row] = append(r.cells[row], ce)
			r.objects = append(r.objects, ce)
		}
	}
	for row := range r.nL {
		for range r.nC {
			h, v := canvas.NewRectangle(color.Black), canvas.NewRectangle(color.Black)
			r.hEdges[row] = append(r.hEdges[row], h)
			r.vEdges[row] = append(r.vEdges[row], v)
			r.objects = append(r.objects, h, v)
		}
	}
	r.rowLabels, r.colLabels = nil, nil
	for range r.nL {
		l := newAxisLabel(fyne.TextAlignTrailing)
		r.rowLabels = append(r.rowLabels, l)
		r.objects = append(r.objects, l[0], l[1])
	}
	for range r.nC {
		l := newAxisLabel(fyne.TextAlignCenter)
		r.colLabels = append(r.colLabels, l)
		r.objects = append(r.objects, l[0], l[1])
	}
	r.lTitle = canvas.NewText(i18n.T("ui.matrix.likelihood"), color.Black)
	r.cTitle = canvas.NewText(i18n.T("ui.matrix.consequence"), color.Black)
	r.legendLine = canvas.NewRectangle(color.Black)
	r.legendMark = canvas.NewPolygon(3, color.Black)
	r.legendText = canvas.NewText("", color.Black)
	r.objects = append(r.objects, r.lTitle, r.cTitle, r.legendLine, r.legendMark, r.legendText)
	r.refreshContent()
}

func (r *matrixRenderer) Objects() []fyne.CanvasObject { return r.objects }

func (r *matrixRenderer) Destroy() {}

func (r *matrixRenderer) Refresh() {
	c := &r.m.criteria
	if len(c.Likelihood) != r.nL || len(c.Consequence) != r.nC || r.m.compact != r.compact {
		r.rebuild()
	} else {
		r.refreshContent()
	}
	r.Layout(r.m.Size())
	canvas.Refresh(r.m)
}

// refreshContent sets texts, colours and boundary edges from the matrix.
func (r *matrixRenderer) refreshContent() {
	m, g := r.m, r.m.geometry()
	fg := theme.Color(theme.ColorNameForeground)
	for row, l := range r.rowLabels {
		text := m.criteria.Likelihood[r.nL-1-row].Label
		if m.compact {
			text = strconv.Itoa(r.nL - row)
		}
		l.set(text, g.maxLabelWidth, g.labelSize, fg)
	}
	r.colLines = 1
	for col, l := range r.colLabels {
		l.set(r.colText(col), g.cellMin, g.labelSize, fg)
		r.colLines = max(r.colLines, l.lines())
	}
	for _, t := range []*canvas.Text{r.lTitle, r.cTitle, r.legendText} {
		t.Color, t.TextSize = fg, g.labelSize
	}
	r.lTitle.TextStyle, r.cTitle.TextStyle = fyne.TextStyle{Bold: true}, fyne.TextStyle{Bold: true}
	r.legendText.Text = m.appetiteText()
	r.legendLine.FillColor, r.legendMark.FillColor = fg, fg
	for row := range r.nL {
		l := r.nL - row
		for col := range r.nC {
			above := m.above(l, col+1)
			r.hEdges[row][col].FillColor = fg
			r.hEdges[row][col].Hidden = row == r.nL-1 || above == m.above(l-1, col+1)
			r.vEdges[row][col].FillColor = fg
			r.vEdges[row][col].Hidden = col == r.nC-1 || above == m.above(l, col+2)
			r.cells[row][col].Refresh()
		}
	}
	for _, o := range r.objects[r.nL*r.nC:] {
		o.Refresh()
	}
}

// colText is what column col is labelled: its consequence's name, or its
// number on the compact matrix.
func (r *matrixRenderer) colText(col int) string {
	if r.m.compact {
		return strconv.Itoa(col + 1)
	}
	return r.m.criteria.Consequence[col].Label
}

// parts measures what surrounds the grid.
type parts struct {
	g                    geometry
	pad                  float32
	labelW, topH, colH   float32 // row-label column, title line, column labels
	bottomH, extraW      float32 // below the column labels; right of the grid
	topW                 float32 // title and legend line
	legendMarkW, legendH float32
}

func (r *matrixRenderer) parts() parts {
	p := parts{g: r.m.geometry(), pad: theme.Padding()}
	for _, l := range r.rowLabels {
		p.labelW = max(p.labelW, l.width())
	}
	lineH := r.lTitle.MinSize().Height
	p.topH, p.colH = lineH, lineH*float32(r.colLines)
	p.legendH = lineH * 0.8
	p.legendMarkW = p.g.line + p.pad + p.legendH
	p.topW = r.lTitle.MinSize().Width + 2*p.pad + p.legendMarkW + p.pad + r.legendText.MinSize().Width
	if r.m.compact {
		// The consequence title sits right of the column numbers to keep the
		// compact matrix short enough for a form.
		p.extraW = p.pad + r.cTitle.MinSize().Width
	} else {
		p.bottomH = p.pad/2 + r.cTitle.MinSize().Height
	}
	return p
}

func (p parts) width(nC int, cell float32) float32 {
	grid := float32(nC)*cell + float32(nC-1)*p.g.gap
	return max(p.labelW+p.pad+grid+p.extraW, p.topW)
}

func (p parts) height(nL int, cell float32) float32 {
	grid := float32(nL)*cell + float32(nL-1)*p.g.gap
	return p.topH + p.pad + grid + p.pad/2 + p.colH + p.bottomH
}

func (r *matrixRenderer) MinSize() fyne.Size {
	p := r.parts()
	return fyne.NewSize(p.width(r.nC, p.g.cellMin), p.height(r.nL, p.g.cellMin))
}

// Layout grows the cells up to their largest size as space allows, keeping
// them square, and centres the matrix horizontally.
func (r *matrixRenderer) Layout(size fyne.Size) {
	if r.nL == 0 || r.nC == 0 {
		return
	}
	p := r.parts()
	fixedH := p.height(r.nL, 0) - float32(r.nL-1)*p.g.gap
	cell := min(p.g.cellMax,
		(size.Width-p.labelW-p.pad-p.extraW-float32(r.nC-1)*p.g.gap)/float32(r.nC),
		(size.Height-fixedH-float32(r.nL-1)*p.g.gap)/float32(r.nL))
	cell = max(cell, 8)
	x0 := max(0, (size.Width-p.width(r.nC, cell))/2)
	gridX, gridY := x0+p.labelW+p.pad, p.topH+p.pad
	step := cell + p.g.gap
	r.m.grid.x, r.m.grid.y, r.m.grid.step, r.m.grid.cell, r.m.grid.nL = gridX, gridY, step, cell, r.nL
	for row := range r.nL {
		y := gridY + float32(row)*step
		r.rowLabels[row].place(fyne.NewPos(x0, y), p.labelW, cell)
		for col := range r.nC {
			x := gridX + float32(col)*step
			r.cells[row][col].Move(fyne.NewPos(x, y))
			r.cells[row][col].Resize(fyne.NewSquareSize(cell))
			r.placeEdges(row, col, fyne.NewPos(x, y), cell, p.g)
		}
	}
	gridW, gridH := float32(r.nC)*step-p.g.gap, float32(r.nL)*step-p.g.gap
	colY := gridY + gridH + p.pad/2
	fg := theme.Color(theme.ColorNameForeground)
	for col, l := range r.colLabels {
		// Wider cells than the smallest leave a name room to be whole: wrap it
		// again to the cell, in no more lines than the smallest reserved.
		l.set(r.colText(col), max(cell, p.g.cellMin), p.g.labelSize, fg)
		l.place(fyne.NewPos(gridX+float32(col)*step-p.g.gap/2, colY), step, p.colH)
	}
	r.lTitle.Move(fyne.NewPos(max(x0, gridX-p.pad-r.lTitle.MinSize().Width), 0))
	r.lTitle.Resize(r.lTitle.MinSize())
	if r.m.compact {
		r.lTitle.Move(fyne.NewPos(x0, 0))
		r.cTitle.Move(fyne.NewPos(gridX+gridW+p.pad, colY))
	} else {
		r.cTitle.Move(fyne.NewPos(gridX+(gridW-r.cTitle.MinSize().Width)/2, colY+p.colH+p.pad/2))
	}
	r.cTitle.Resize(r.cTitle.MinSize())
	r.layoutLegend(p, x0+p.width(r.nC, cell))
}

// placeEdges positions the boundary bars below and right of a cell, centred
// in the gap and long enough to join at the corners.
func (r *matrixRenderer) placeEdges(row, col int, pos fyne.Position, cell float32, g geometry) {
	long := cell + g.gap + g.line
	h := r.hEdges[row][col]
	h.Move(fyne.NewPos(pos.X-(g.gap+g.line)/2, pos.Y+cell+(g.gap-g.line)/2))
	h.Resize(fyne.NewSize(long, g.line))
	v := r.vEdges[row][col]
	v.Move(fyne.NewPos(pos.X+cell+(g.gap-g.line)/2, pos.Y-(g.gap+g.line)/2))
	v.Resize(fyne.NewSize(g.line, long))
}

// layoutLegend right-aligns the legend on the title line, ending at right.
func (r *matrixRenderer) layoutLegend(p parts, right float32) {
	textW := r.legendText.MinSize().Width
	x := right - textW - p.pad - p.legendMarkW
	y := (p.topH - p.legendH) / 2
	r.legendLine.Move(fyne.NewPos(x, y))
	r.legendLine.Resize(fyne.NewSize(p.g.line, p.legendH))
	r.legendMark.Move(fyne.NewPos(x+p.g.line+p.pad, y))
	r.legendMark.Resize(fyne.NewSquareSize(p.legendH))
	r.legendText.Move(fyne.NewPos(right-textW, 0))
	r.legendText.Resize(fyne.NewSize(textW, p.topH))
}
