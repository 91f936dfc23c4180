package app

import (
	"math"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"riskbook/app/widgets"
	"riskbook/i18n"
	"riskbook/risk"
)

// column is one column of the register table.
type column struct {
	title string
	key   risk.SortKey
	text  func(r *riskRow) string // nil for level chips
	level func(r *riskRow) risk.Level
	// sample is the widest text the column usually holds, for its
	// smallest width; longer text is cut with an ellipsis.
	sample string
	// drop is the order in which optional columns give way when the table
	// is narrow (1 first); 0 for a column that always shows.
	drop int
	// grow is how much of the spare width the column takes, relative to
	// the others (the title takes most).
	grow float32
	// names are every text the column can hold when they are few (the
	// statuses, the treatments): given the room, it is as wide as the
	// widest of them, so that none is cut. The status column, which always
	// shows, is at its smallest as wide as its header: the register keeps
	// its key columns beside the editor in a 1024-pixel window.
	names []string
	// width is the column's smallest width, and full its width with room
	// for every name, measured once.
	width, full float32
}

// The register's columns. Ref, the title, both levels, the owner, the
// status and the next review always show, down to a register a third of
// a 1024-pixel window wide; the category and the treatment give way first.
func registerColumns() []column {
	// A status and a treatment are named once, not for every cell.
	statuses, status := fixedNamer("status", risk.Statuses)
	treatments, treatment := fixedNamer("treatment", risk.Treatments)
	return []column{
		{title: i18n.T("risks.col.ref"), key: risk.ByRef, sample: "R-0000", text: func(r *riskRow) string { return r.Ref }},
		{title: i18n.T("risks.col.title"), key: risk.ByTitle, sample: "Registry", grow: 6, text: func(r *riskRow) string { return r.Title }},
		{title: i18n.T("risks.col.inherent"), key: risk.ByInherent, level: func(r *riskRow) risk.Level { return r.inherent }},
		{title: i18n.T("risks.col.residual"), key: risk.ByResidual, level: func(r *riskRow) risk.Level { return r.residual }},
		{title: i18n.T("risks.col.owner"), key: risk.ByOwner, sample: "Registry ma", grow: 2, text: func(r *riskRow) string { return r.Owner }},
		{title: i18n.T("risks.col.status"), key: risk.ByStatus, names: statuses, text: func(r *riskRow) string { return status(r.Status) }},
		{title: i18n.T("risks.col.next_review"), key: risk.ByNextReview, sample: "2026-12-31", text: nil},
		{title: i18n.T("risks.col.category"), key: risk.ByCategory, sample: "Data integrity", drop: 2, grow: 1, text: func(r *riskRow) string { return r.Category }},
		{title: i18n.T("risks.col.treatment"), key: risk.ByTreatment, sample: fixedName("treatment", risk.Transfer), names: treatments, drop: 1, text: func(r *riskRow) string { return treatment(r.Treatment) }},
	}
}

// measureColumns sets each column's smallest width: its header, or its
// sample, or the widest level chip, or the widest reference of refs. The
// sort arrow's room is added to the sorted column only (fitColumns).
func measureColumns(cols []column, levels []risk.Level, dates dateFormat, refs []string) {
	pad := 2*theme.InnerPadding() + theme.Padding() // a label's insets, and air
	header := func(title string) float32 {
		return fyne.MeasureText(title, theme.TextSize(), fyne.TextStyle{}).Width + pad
	}
	chip := widgets.NewChip()
	for i := range cols {
		c := &cols[i]
		w := header(c.title)
		if c.level != nil {
			for _, l := range levels {
				chip.SetLevel(l.Label, l.Colour)
				w = max(w, chip.MinSize().Width+pad)
			}
		}
		sample := c.sample
		switch c.key {
		case risk.ByNextReview:
			sample = dates.show(risk.Date{Year: 2026, Month: 12, Day: 31})
		case risk.ByRef:
			for _, r := range refs {
				if len(r) > len(sample) {
					sample = r
				}
			}
		}
		if sample != "" {
			w = max(w, fyne.MeasureText(sample, theme.TextSize(), fyne.TextStyle{}).Width+pad)
		}
		c.width, c.full = w, w
		for _, name := range c.names {
			c.full = max(c.full, fyne.MeasureText(name, theme.TextSize(), fyne.TextStyle{}).Width+pad)
		}
	}
}

// fitColumns chooses the columns the table shows at width and their
// widths: every column when they fit, else without the optional ones in
// their order of giving way; the spare width goes first to the status and
// the treatment until none of their names is cut, then to the title, the
// owner and the category. It touches the table only when something changed.
func (s *risksScreen) fitColumns(width float32) {
	s.tableWidth = width
	visible := make([]int, 0, len(s.columns))
	for i := range s.columns {
		visible = append(visible, i)
	}
	// Each column has the table's gap after it, and the vertical scroll
	// bar covers the right edge.
	width -= theme.Size(theme.SizeNameScrollBar)
	need := func() float32 {
		total := float32(0)
		for _, i := range visible {
			total += s.columnWidth(i) + columnGap()
		}
		return total
	}
	// An optional column shows only when the title keeps room to be read.
	for drop := 1; need()+titleRoom > width; drop++ {
		at := slices.IndexFunc(visible, func(i int) bool { return s.columns[i].drop == drop })
		if at < 0 {
			break
		}
		visible = slices.Delete(visible, at, at+1)
	}
	spare, shares := max(0, width-need()), float32(0)
	widths := make([]float32, len(visible))
	for j, i := range visible {
		shares += s.columns[i].grow
		// First room for every name of a column of few names.
		c := s.columns[i]
		more := min(spare, c.full-c.width)
		widths[j] = s.columnWidth(i) + more
		spare -= more
	}
	for j, i := range visible {
		if shares > 0 {
			widths[j] += spare * s.columns[i].grow / shares
		}
		widths[j] = float32(math.Ceil(float64(widths[j]))) // whole pixels, so that widths repeat exactly
	}
	if slices.Equal(visible, s.visible) && slices.Equal(widths, s.widths) {
		return
	}
	s.visible, s.widths = visible, widths
	for j, w := range widths {
		s.table.SetColumnWidth(j, w)
	}
	s.table.Refresh()
}

// columnGap is the room a table leaves between two columns, its divider
// drawn in the middle: the theme's padding, not the divider's thickness.
func columnGap() float32 { return theme.Padding() }

// titleRoom is how much wider than its smallest the title column stays
// before an optional column may show.
const titleRoom = 120

// columnWidth is the smallest width of column i, with room for the sort
// arrow when the table is sorted by it.
func (s *risksScreen) columnWidth(i int) float32 {
	w := s.columns[i].width
	if s.columns[i].key == s.sortBy {
		w += theme.IconInlineSize() + theme.InnerPadding()/2
	}
	return w
}

// minRegisterWidth is the width of the columns that always show.
func (s *risksScreen) minRegisterWidth() float32 {
	w := theme.Size(theme.SizeNameScrollBar)
	for i, c := range s.columns {
		if c.drop == 0 {
			w += s.columnWidth(i) + columnGap()
		}
	}
	return w
}

// registerLayout gives the table its width and fits the columns to it;
// its smallest width is that of the columns that always show, which keeps
// a split from squeezing the register below them.
type registerLayout struct{ s *risksScreen }

func (l registerLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	l.s.fitColumns(size.Width)
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

func (l registerLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	h := float32(0)
	for _, o := range objs {
		h = max(h, o.MinSize().Height)
	}
	return fyne.NewSize(l.s.minRegisterWidth(), h)
}

func (s *risksScreen) tableSize() (int, int) { return len(s.showing.shown), len(s.visible) }

func (s *risksScreen) createCell() fyne.CanvasObject {
	label := widget.NewLabel("")
	label.Truncation = fyne.TextTruncateEllipsis
	// The table selects one cell; the background marks the whole row of
	// the risk in the editor.
	bg := canvas.NewRectangle(theme.Color(theme.ColorNameSelection))
	return container.NewStack(bg, label, widgets.NewChip())
}

func (s *risksScreen) updateCell(id widget.TableCellID, o fyne.CanvasObject) {
	if id.Row >= len(s.showing.shown) || id.Col >= len(s.visible) {
		return
	}
	row := s.showing.row(id.Row)
	c := s.columns[s.visible[id.Col]]
	stack := o.(*fyne.Container)
	bg, label, chip := stack.Objects[0].(*canvas.Rectangle), stack.Objects[1].(*widget.Label), stack.Objects[2].(*widgets.Chip)
	bg.FillColor = theme.Color(theme.ColorNameSelection)
	bg.Hidden = row.ID != s.selected
	bg.Refresh()
	if c.level != nil {
		l := c.level(row)
		chip.SetLevel(l.Label, l.Colour)
		label.Hide()
		chip.Show()
		return
	}
	chip.Hide()
	label.Show()
	label.Importance = widget.MediumImportance
	if c.key == risk.ByNextReview {
		label.SetText(s.app.dates.show(row.NextReview))
		if row.ReviewLate(s.today()) {
			label.Importance = widget.DangerImportance
		}
		label.Refresh()
		return
	}
	label.SetText(c.text(row))
	label.Refresh()
}

func (s *risksScreen) updateHeader(id widget.TableCellID, o fyne.CanvasObject) {
	b := o.(*widget.Button)
	if id.Col < 0 || id.Col >= len(s.visible) {
		b.SetText("")
		b.SetIcon(nil)
		b.OnTapped = nil
		return
	}
	c := s.columns[s.visible[id.Col]]
	b.SetIcon(nil)
	if c.key == s.sortBy {
		if s.desc {
			b.SetIcon(theme.MenuDropDownIcon())
		} else {
			b.SetIcon(theme.MenuDropUpIcon())
		}
	}
	b.SetText(c.title)
	b.OnTapped = func() { s.sortOn(c.key) }
}
