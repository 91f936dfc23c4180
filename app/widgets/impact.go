package widgets

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"riskbook/bcp"
	"riskbook/i18n"
)

// ImpactGrid is an activity's impact over time: one row per impact
// category, one column per time horizon, each cell a severity of the BIA's
// scale in the severity's colour. A click raises a cell to the next
// severity (after the highest it goes back to not assessed); a right-click
// offers the scale to pick from. The first horizon at which any impact is
// intolerable — the derived MTPD — is marked with a line before its column
// and a corner mark on every cell from there on.
type ImpactGrid struct {
	widget.BaseWidget

	settings bcp.Settings
	// shown is settings with its default texts in the reader's language,
	// for the labels only: impacts are keyed by the stored names.
	shown     bcp.Settings
	values    [][]int // [category][horizon], 0 = not assessed
	onChanged func(category string, horizon, severity int)
}

// NewImpactGrid returns an empty grid; onChanged, which may be nil, is
// called after a cell changed with its category, horizon index and new
// severity.
func NewImpactGrid(onChanged func(category string, horizon, severity int)) *ImpactGrid {
	g := &ImpactGrid{onChanged: onChanged}
	g.ExtendBaseWidget(g)
	return g
}

// Set shows the impacts on the scale and axes of s. Impacts recorded for a
// category s does not have are not shown.
func (g *ImpactGrid) Set(s bcp.Settings, impacts []bcp.Impact) {
	g.settings, g.shown = s, s.Localised(i18n.Default())
	a := bcp.Activity{Impacts: impacts}
	g.values = make([][]int, len(s.Categories))
	for c, name := range s.Categories {
		g.values[c] = make([]int, len(s.Horizons))
		for h := range s.Horizons {
			g.values[c][h] = a.Severity(name, h)
		}
	}
	g.Refresh()
}

// Severity returns the severity shown in a cell, 0 when not assessed or
// outside the grid.
func (g *ImpactGrid) Severity(category, horizon int) int {
	if !g.inside(category, horizon) {
		return 0
	}
	return g.values[category][horizon]
}

func (g *ImpactGrid) inside(category, horizon int) bool {
	return category >= 0 && category < len(g.values) && horizon >= 0 && horizon < len(g.values[category])
}

// SetSeverity changes a cell as a person would, reporting the change.
// Severities outside the scale are ignored.
func (g *ImpactGrid) SetSeverity(category, horizon, severity int) {
	if !g.inside(category, horizon) || severity < 0 || severity > len(g.settings.Severities) ||
		g.values[category][horizon] == severity {
		return
	}
	g.values[category][horizon] = severity
	g.Refresh()
	if g.onChanged != nil {
		g.onChanged(g.settings.Categories[category], horizon, severity)
	}
}

// TapCell does what a click on a cell does: the next severity, or back to
// not assessed after the highest.
func (g *ImpactGrid) TapCell(category, horizon int) {
	if g.inside(category, horizon) {
		g.SetSeverity(category, horizon, (g.values[category][horizon]+1)%(len(g.settings.Severities)+1))
	}
}

// CellText returns what a cell shows: the severity's label, or an em dash
// when not assessed.
func (g *ImpactGrid) CellText(category, horizon int) string {
	v := g.Severity(category, horizon)
	if v < 1 || v > len(g.settings.Severities) {
		return "—"
	}
	return g.shown.Severities[v-1].Label
}

// MTPDHorizon returns the index of the first horizon at which an impact is
// intolerable, or -1 when none is.
func (g *ImpactGrid) MTPDHorizon() int {
	for h := range g.settings.Horizons {
		for c := range g.values {
			if g.values[c][h] >= g.settings.Intolerable && g.settings.Intolerable > 0 {
				return h
			}
		}
	}
	return -1
}

// Marked reports whether a cell is at or after the MTPD horizon.
func (g *ImpactGrid) Marked(category, horizon int) bool {
	m := g.MTPDHorizon()
	return g.inside(category, horizon) && m >= 0 && horizon >= m
}

// menu is the scale to pick a cell's severity from, the current one ticked.
func (g *ImpactGrid) menu(category, horizon int) *fyne.Menu {
	current := g.Severity(category, horizon)
	none := fyne.NewMenuItem(i18n.T("ui.impact.not_assessed"), func() { g.SetSeverity(category, horizon, 0) })
	none.Checked = current == 0
	items := []*fyne.MenuItem{none}
	for i, s := range g.shown.Severities {
		it := fyne.NewMenuItem(s.Label, func() { g.SetSeverity(category, horizon, i+1) })
		it.Checked = current == i+1
		items = append(items, it)
	}
	return fyne.NewMenu("", items...)
}

// CreateRenderer builds the headers and cells.
func (g *ImpactGrid) CreateRenderer() fyne.WidgetRenderer {
	r := &impactRenderer{g: g, line: canvas.NewRectangle(color.Black)}
	r.rebuild()
	return r
}

// impactCell is one clickable cell of the grid.
type impactCell struct {
	widget.BaseWidget
	g       *ImpactGrid
	c, h    int
	hovered bool
}

var (
	_ fyne.Tappable          = (*impactCell)(nil)
	_ fyne.SecondaryTappable = (*impactCell)(nil)
	_ desktop.Hoverable      = (*impactCell)(nil)
	_ desktop.Cursorable     = (*impactCell)(nil)
)

func newImpactCell(g *ImpactGrid, c, h int) *impactCell {
	cell := &impactCell{g: g, c: c, h: h}
	cell.ExtendBaseWidget(cell)
	return cell
}

// Tapped raises the cell to the next severity.
func (c *impactCell) Tapped(*fyne.PointEvent) { c.g.TapCell(c.c, c.h) }

// TappedSecondary offers the whole scale to pick from.
func (c *impactCell) TappedSecondary(e *fyne.PointEvent) {
	cv := fyne.CurrentApp().Driver().CanvasForObject(c)
	if cv == nil {
		return
	}
	widget.ShowPopUpMenuAtPosition(c.g.menu(c.c, c.h), cv, e.AbsolutePosition)
}

// MouseIn outlines the cell under the pointer.
func (c *impactCell) MouseIn(*desktop.MouseEvent) { c.hovered = true; c.Refresh() }

// MouseMoved is needed for desktop.Hoverable.
func (c *impactCell) MouseMoved(*desktop.MouseEvent) {}

// MouseOut removes the outline.
func (c *impactCell) MouseOut() { c.hovered = false; c.Refresh() }

// Cursor shows a pointing hand: every cell can be clicked.
func (c *impactCell) Cursor() desktop.Cursor { return desktop.PointerCursor }

func (c *impactCell) CreateRenderer() fyne.WidgetRenderer {
	r := &impactCellRenderer{c: c, bg: canvas.NewRectangle(color.Transparent),
		text: canvas.NewText("", color.Black), mark: canvas.NewPolygon(3, color.Black)}
	r.text.Alignment = fyne.TextAlignCenter
	r.Refresh()
	return r
}

// impactCellRenderer draws a cell's fill, outline, label and MTPD mark.
type impactCellRenderer struct {
	c    *impactCell
	bg   *canvas.Rectangle
	text *canvas.Text
	mark *canvas.Polygon
}

func (r *impactCellRenderer) Layout(size fyne.Size) {
	r.bg.Resize(size)
	th := r.text.MinSize().Height
	r.text.Move(fyne.NewPos(0, (size.Height-th)/2))
	r.text.Resize(fyne.NewSize(size.Width, th))
	m := min(10, size.Height/3)
	r.mark.Resize(fyne.NewSquareSize(m))
	r.mark.Move(fyne.NewPos(size.Width-m-2, 2))
}

func (r *impactCellRenderer) MinSize() fyne.Size { return fyne.NewSquareSize(16) }

func (r *impactCellRenderer) Refresh() {
	g, c := r.c.g, r.c
	v := g.Severity(c.c, c.h)
	fill := theme.Color(theme.ColorNameInputBackground)
	ink := theme.Color(theme.ColorNamePlaceHolder)
	if v > 0 && v <= len(g.settings.Severities) {
		fill = ParseColour(g.settings.Severities[v-1].Colour)
		ink = Contrast(fill)
	}
	r.bg.FillColor = fill
	r.bg.StrokeWidth = 0
	if c.hovered {
		r.bg.StrokeColor = theme.Color(theme.ColorNameForeground)
		if v > 0 {
			r.bg.StrokeColor = ink
		}
		r.bg.StrokeWidth = 1
	}
	r.text.Text, r.text.Color = g.CellText(c.c, c.h), ink
	r.text.TextSize = theme.CaptionTextSize()
	r.text.TextStyle = fyne.TextStyle{Bold: v >= g.settings.Intolerable && v > 0}
	r.mark.FillColor = ink
	r.mark.Hidden = !g.Marked(c.c, c.h)
	r.Layout(c.Size())
	r.bg.Refresh()
	r.text.Refresh()
	r.mark.Refresh()
}

func (r *impactCellRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{r.bg, r.text, r.mark}
}

func (r *impactCellRenderer) Destroy() {}

// impactRenderer lays out the horizon headers, category labels, cells and
// the MTPD line. Cells are rebuilt only when the axes change size.
type impactRenderer struct {
	g      *ImpactGrid
	nC, nH int

	cells   [][]*impactCell
	rows    []axisLabel
	cols    []*canvas.Text
	tag     *canvas.Text // "MTPD" over the marked column
	line    *canvas.Rectangle
	objects []fyne.CanvasObject
}

// Sizes of the grid's parts.
const (
	impactGap       = 3
	impactLine      = 3
	impactLabelMaxW = 170
	impactCellMaxW  = 112
	impactRowMinH   = 30
)

func (r *impactRenderer) rebuild() {
	s := &r.g.settings
	r.nC, r.nH = len(s.Categories), len(s.Horizons)
	r.cells = make([][]*impactCell, r.nC)
	r.objects = nil
	for c := range r.nC {
		for h := range r.nH {
			cell := newImpactCell(r.g, c, h)
			r.cells[c] = append(r.cells[c], cell)
			r.objects = append(r.objects, cell)
		}
	}
	r.rows, r.cols = nil, nil
	for range r.nC {
		l := newAxisLabel(fyne.TextAlignLeading)
		r.rows = append(r.rows, l)
		r.objects = append(r.objects, l[0], l[1])
	}
	for range r.nH {
		t := canvas.NewText("", color.Black)
		t.Alignment = fyne.TextAlignCenter
		r.cols = append(r.cols, t)
		r.objects = append(r.objects, t)
	}
	r.tag = canvas.NewText(i18n.T("bia.grid.mtpd"), color.Black)
	r.tag.Alignment = fyne.TextAlignCenter
	r.tag.TextStyle = fyne.TextStyle{Bold: true}
	r.objects = append(r.objects, r.tag, r.line)
	r.refreshContent()
}

func (r *impactRenderer) Objects() []fyne.CanvasObject { return r.objects }

func (r *impactRenderer) Destroy() {}

func (r *impactRenderer) Refresh() {
	s := &r.g.settings
	if len(s.Categories) != r.nC || len(s.Horizons) != r.nH {
		r.rebuild()
	} else {
		r.refreshContent()
	}
	r.Layout(r.g.Size())
	canvas.Refresh(r.g)
}

func (r *impactRenderer) refreshContent() {
	s := &r.g.shown
	fg := theme.Color(theme.ColorNameForeground)
	for c, l := range r.rows {
		l.set(s.Categories[c], impactLabelMaxW, theme.TextSize(), fg)
	}
	m := r.g.MTPDHorizon()
	for h, t := range r.cols {
		t.Text, t.Color, t.TextSize = s.Horizons[h].In(i18n.Default()), fg, theme.TextSize()
		t.TextStyle = fyne.TextStyle{Bold: h == m}
		t.Refresh()
	}
	r.tag.Color, r.tag.TextSize = fg, theme.CaptionTextSize()
	r.tag.Hidden = m < 0
	r.line.FillColor = fg
	r.line.Hidden = m < 0
	r.tag.Refresh()
	r.line.Refresh()
	for _, row := range r.cells {
		for _, cell := range row {
			cell.Refresh()
		}
	}
}

// impactParts are the measured sizes the layout needs.
type impactParts struct {
	pad, labelW, tagH, headH, rowH, cellMinW float32
	// inset lines the category labels up with the text of the labels
	// around the grid, which Fyne insets by the inner padding.
	inset float32
}

func (r *impactRenderer) parts() impactParts {
	p := impactParts{pad: theme.Padding(), inset: theme.InnerPadding()}
	lines := 1
	for _, l := range r.rows {
		p.labelW = max(p.labelW, l.width())
		lines = max(lines, l.lines())
	}
	lineH := fyne.MeasureText("Mg", theme.TextSize(), fyne.TextStyle{}).Height
	p.tagH = r.tag.MinSize().Height
	p.headH = p.tagH + lineH
	p.rowH = max(impactRowMinH, float32(lines)*lineH)
	p.cellMinW = 44
	for _, sev := range r.g.shown.Severities {
		w := fyne.MeasureText(sev.Label, theme.CaptionTextSize(), fyne.TextStyle{Bold: true}).Width
		p.cellMinW = max(p.cellMinW, w+2*p.pad)
	}
	for _, t := range r.cols {
		p.cellMinW = max(p.cellMinW, fyne.MeasureText(t.Text, theme.TextSize(), fyne.TextStyle{Bold: true}).Width+p.pad)
	}
	return p
}

func (r *impactRenderer) MinSize() fyne.Size {
	if r.nC == 0 || r.nH == 0 {
		return fyne.Size{}
	}
	p := r.parts()
	w := p.inset + p.labelW + p.pad + float32(r.nH)*p.cellMinW + float32(r.nH-1)*impactGap
	h := p.headH + p.pad/2 + float32(r.nC)*p.rowH + float32(r.nC-1)*impactGap
	return fyne.NewSize(w, h)
}

// Layout widens the cells up to a comfortable reading width as space
// allows; the category labels keep their width on the left.
func (r *impactRenderer) Layout(size fyne.Size) {
	if r.nC == 0 || r.nH == 0 {
		return
	}
	p := r.parts()
	gridX := p.inset + p.labelW + p.pad
	cellW := (size.Width - gridX - float32(r.nH-1)*impactGap) / float32(r.nH)
	cellW = max(min(cellW, impactCellMaxW), p.cellMinW)
	gridY := p.headH + p.pad/2
	stepX, stepY := cellW+impactGap, p.rowH+impactGap
	for h, t := range r.cols {
		t.Move(fyne.NewPos(gridX+float32(h)*stepX, p.tagH))
		t.Resize(fyne.NewSize(cellW, p.headH-p.tagH))
	}
	for c := range r.nC {
		y := gridY + float32(c)*stepY
		r.rows[c].place(fyne.NewPos(p.inset, y), p.labelW, p.rowH)
		for h := range r.nH {
			r.cells[c][h].Move(fyne.NewPos(gridX+float32(h)*stepX, y))
			r.cells[c][h].Resize(fyne.NewSize(cellW, p.rowH))
		}
	}
	if m := r.g.MTPDHorizon(); m >= 0 {
		x := gridX + float32(m)*stepX
		r.tag.Move(fyne.NewPos(x, 0))
		r.tag.Resize(fyne.NewSize(cellW, p.tagH))
		bottom := gridY + float32(r.nC)*stepY - impactGap
		r.line.Move(fyne.NewPos(x-(impactGap+impactLine)/2, 0))
		r.line.Resize(fyne.NewSize(impactLine, bottom))
	}
}
