package app

import (
	"context"
	"fmt"
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"riskbook/app/widgets"
	"riskbook/i18n"
	"riskbook/risk"
)

// heatmapStore is what the heat map reads.
type heatmapStore interface {
	Criteria(ctx context.Context) (risk.Criteria, error)
	Risks(ctx context.Context) ([]risk.Risk, error)
}

// heatmapModel is the heat map's data, built off the UI goroutine.
type heatmapModel struct {
	criteria risk.Criteria
	// risks are those not closed, in reference order: a closed risk no
	// longer exposes the organisation.
	risks              []risk.Risk
	inherent, residual map[risk.Score]int
}

// scoreSide says which of a risk's scores a matrix shows.
type scoreSide int

const (
	inherentSide scoreSide = iota
	residualSide
)

func (s scoreSide) name() string {
	if s == inherentSide {
		return i18n.T("dash.heatmap.inherent")
	}
	return i18n.T("dash.heatmap.residual")
}

func (s scoreSide) of(r *risk.Risk) risk.Score {
	if s == inherentSide {
		return r.Inherent
	}
	return r.Residual
}

// loadHeatmap counts the risks that are not closed per inherent and
// residual cell.
func loadHeatmap(ctx context.Context, st heatmapStore) (heatmapModel, error) {
	c, err := st.Criteria(ctx)
	if err != nil {
		return heatmapModel{}, fmt.Errorf("load criteria: %w", err)
	}
	all, err := st.Risks(ctx)
	if err != nil {
		return heatmapModel{}, fmt.Errorf("load risks: %w", err)
	}
	m := heatmapModel{criteria: c.Localised(i18n.Default()), inherent: map[risk.Score]int{}, residual: map[risk.Score]int{}}
	for _, r := range all {
		if r.Status == risk.Closed {
			continue
		}
		m.risks = append(m.risks, r)
		if c.InRange(r.Inherent) {
			m.inherent[r.Inherent]++
		}
		if c.InRange(r.Residual) {
			m.residual[r.Residual]++
		}
	}
	risk.SortRisks(m.risks, risk.ByRef, false, &c)
	return m, nil
}

// scored counts the risks in a matrix.
func scored(counts map[risk.Score]int) int {
	n := 0
	for _, v := range counts {
		n += v
	}
	return n
}

// heatmapScreen shows the inherent and residual heat maps side by side and
// lists the risks of a clicked cell.
type heatmapScreen struct {
	store heatmapStore
	a     *App
	model heatmapModel

	side      scoreSide
	cell      risk.Score // the clicked cell; zero for none
	cellRisks []risk.Risk

	inherent, residual           *widgets.Matrix
	inherentCount, residualCount *widget.Label
	legend                       *fyne.Container
	cellTitle                    *widget.Label
	list                         *widget.List
	body, empty                  fyne.CanvasObject
	root                         *fyne.Container
}

func newHeatMapScreen(ws Workspace, a *App) *heatmapScreen {
	return &heatmapScreen{store: ws, a: a}
}

func (s *heatmapScreen) view() fyne.CanvasObject {
	if s.root != nil {
		return s.root
	}
	s.inherent = widgets.NewMatrix(risk.Criteria{}, s.tapInherent)
	s.residual = widgets.NewMatrix(risk.Criteria{}, s.tapResidual)
	s.inherentCount, s.residualCount = widget.NewLabel(""), widget.NewLabel("")
	s.legend = container.NewHBox()
	s.cellTitle = widget.NewLabel("")
	s.cellTitle.Wrapping = fyne.TextWrapWord
	s.list = widget.NewList(s.listLength, newHeatmapRow, s.updateRow)
	s.list.OnSelected = s.openRisk
	matrices := container.NewGridWithColumns(2,
		matrixCard(i18n.T("dash.heatmap.inherent_risk"), s.inherentCount, s.inherent),
		matrixCard(i18n.T("dash.heatmap.residual_risk"), s.residualCount, s.residual))
	top := container.NewVBox(matrices, s.legend, widget.NewSeparator(), s.cellTitle)
	s.body = container.NewBorder(top, nil, nil, nil, s.list)
	s.empty = s.emptyState()
	s.root = container.NewStack(s.body, s.empty)
	s.empty.Hide()
	return s.root
}

// matrixCard puts a title and a count of scored risks above a matrix.
func matrixCard(title string, count *widget.Label, m *widgets.Matrix) fyne.CanvasObject {
	heading := widget.NewLabelWithStyle(title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	heading.SizeName = theme.SizeNameSubHeadingText
	return container.NewVBox(container.NewHBox(heading, count), m)
}

func (s *heatmapScreen) emptyState() fyne.CanvasObject {
	msg := widget.NewLabel(i18n.T("dash.heatmap.none"))
	// One line: a wrapping label in a Center container is squeezed to the
	// button's width.
	msg.Alignment = fyne.TextAlignCenter
	open := widget.NewButtonWithIcon(i18n.T("dash.heatmap.open_risks"), theme.ListIcon(), func() { s.a.showRisks(risk.Filter{}) })
	return container.NewCenter(container.NewVBox(msg, container.NewCenter(open)))
}

func (s *heatmapScreen) reload() {
	async(s.a, func(ctx context.Context) (heatmapModel, error) { return loadHeatmap(ctx, s.store) }, s.apply)
}

func (s *heatmapScreen) apply(m heatmapModel, err error) {
	if err != nil {
		s.a.showError(err)
		return
	}
	s.view()
	s.model = m
	nIn, nRes := scored(m.inherent), scored(m.residual)
	if nIn+nRes == 0 {
		s.body.Hide()
		s.empty.Show()
		return
	}
	s.empty.Hide()
	s.body.Show()
	s.inherent.SetCriteria(m.criteria)
	s.inherent.SetCounts(m.inherent)
	s.residual.SetCriteria(m.criteria)
	s.residual.SetCounts(m.residual)
	s.inherentCount.SetText(scoredText(nIn, len(m.risks)))
	s.residualCount.SetText(scoredText(nRes, len(m.risks)))
	s.showLegend()
	s.selectCell(s.side, s.cell)
}

// scoredText says how many of the open risks a matrix counts.
func scoredText(n, open int) string {
	text := i18n.N("dash.heatmap.scored", n)
	if open > n {
		text += ", " + i18n.N("dash.heatmap.unscored", open-n)
	}
	return text
}

// showLegend lists each level with its inherent and residual counts, so the
// effect of treatment reads at a glance.
func (s *heatmapScreen) showLegend() {
	c := &s.model.criteria
	in, res := map[int]int{}, map[int]int{}
	for score, n := range s.model.inherent {
		if l, ok := c.LevelOf(score); ok {
			in[l.Rank] += n
		}
	}
	for score, n := range s.model.residual {
		if l, ok := c.LevelOf(score); ok {
			res[l.Rank] += n
		}
	}
	objs := []fyne.CanvasObject{widget.NewLabel(i18n.T("dash.heatmap.legend"))}
	for _, l := range c.Levels {
		chip := widgets.NewChip()
		chip.SetLevel(l.Label, l.Colour)
		objs = append(objs, chip, widget.NewLabel(i18n.Default().Int(in[l.Rank])+" → "+i18n.Default().Int(res[l.Rank])))
	}
	s.legend.Objects = objs
	s.legend.Refresh()
}

func (s *heatmapScreen) tapInherent(score risk.Score) { s.selectCell(inherentSide, score) }
func (s *heatmapScreen) tapResidual(score risk.Score) { s.selectCell(residualSide, score) }

// selectCell outlines the cell and lists the open risks with that score.
func (s *heatmapScreen) selectCell(side scoreSide, score risk.Score) {
	c := &s.model.criteria
	if !c.InRange(score) {
		score = risk.Score{}
	}
	s.side, s.cell = side, score
	s.cellRisks = nil
	for _, r := range s.model.risks {
		if !score.IsZero() && side.of(&r) == score {
			s.cellRisks = append(s.cellRisks, r)
		}
	}
	in, res := risk.Score{}, risk.Score{}
	if side == inherentSide {
		in = score
	} else {
		res = score
	}
	s.inherent.SetSelected(in)
	s.residual.SetSelected(res)
	s.cellTitle.SetText(s.cellTitleText())
	s.list.UnselectAll()
	s.list.Refresh()
	s.list.ScrollToTop()
}

func (s *heatmapScreen) cellTitleText() string {
	if s.cell.IsZero() {
		return i18n.T("dash.heatmap.hint")
	}
	args := i18n.Args{"Side": s.side.name(), "Score": widgets.ScoreText(s.model.criteria, s.cell)}
	if len(s.cellRisks) == 0 {
		return i18n.T("dash.heatmap.cell.none", args)
	}
	return i18n.N("dash.heatmap.cell", len(s.cellRisks), args)
}

func (s *heatmapScreen) listLength() int { return len(s.cellRisks) }

// newHeatmapRow is a list row: reference, title, owner and residual level.
func newHeatmapRow() fyne.CanvasObject {
	ref := widget.NewLabelWithStyle("R-000", fyne.TextAlignLeading, fyne.TextStyle{Monospace: true})
	title := widget.NewLabel("")
	title.Truncation = fyne.TextTruncateEllipsis
	owner := widget.NewLabel("")
	// Keeps the chip clear of the list's scroll bar.
	gutter := canvas.NewRectangle(color.Transparent)
	gutter.SetMinSize(fyne.NewSize(theme.ScrollBarSize(), 0))
	return container.NewBorder(nil, nil, ref, container.NewHBox(owner, widgets.NewChip(), gutter), title)
}

func (s *heatmapScreen) updateRow(id widget.ListItemID, o fyne.CanvasObject) {
	if id >= len(s.cellRisks) {
		return
	}
	r := &s.cellRisks[id]
	box := o.(*fyne.Container)
	box.Objects[0].(*widget.Label).SetText(r.Title)
	box.Objects[1].(*widget.Label).SetText(r.Ref)
	right := box.Objects[2].(*fyne.Container)
	right.Objects[0].(*widget.Label).SetText(r.Owner)
	l, _ := s.model.criteria.LevelOf(r.Residual)
	right.Objects[1].(*widgets.Chip).SetLevel(l.Label, l.Colour)
}

// openRisk shows the clicked risk in the editor.
func (s *heatmapScreen) openRisk(id widget.ListItemID) {
	s.list.UnselectAll()
	if id < len(s.cellRisks) {
		s.a.showRisk(s.cellRisks[id].ID)
	}
}
