package app

import (
	"context"
	"image/color"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"riskbook/app/widgets"
	"riskbook/bcp"
	"riskbook/export"
	"riskbook/i18n"
	"riskbook/risk"
)

// Trends is what the dashboard reads of the workspace's history: the
// indicators over time, and the reviews due since the last closed
// assessment.
type Trends interface {
	// Trend is the indicators at the end of each month of the history,
	// at each closed assessment and now.
	Trend(ctx context.Context, now time.Time) (*bcp.Trend, error)
	// ReviewsSinceBaseline lists the reviews due since the last closed
	// assessment.
	ReviewsSinceBaseline(ctx context.Context, now time.Time) (*risk.SinceBaseline, error)
}

// A tile of the trends card is as wide as the longest indicator's name,
// within these bounds: six to a row in a wide window, four or five in a
// 1024-pixel one.
const (
	dashTrendTileMin = 160
	dashTrendTileMax = 240
)

// dashHistory is what the trends card and the card of the reviews due
// since the last assessment show.
type dashHistory struct {
	Charts []export.Chart // the indicators worth watching, as charts
	Points int
	Since  *risk.SinceBaseline
}

// newDashHistory keeps the charts of the indicators a reader watches: all
// but the counts of levels within appetite, which the within-appetite
// share already tells.
func newDashHistory(t *bcp.Trend, since *risk.SinceBaseline, p *i18n.Printer) dashHistory {
	h := dashHistory{Points: len(t.Points), Since: since}
	for _, c := range export.TrendsOf(t.Points, p).Charts(p) {
		if c.Colour != "" && c.Better == 0 {
			continue
		}
		h.Charts = append(h.Charts, c)
	}
	return h
}

// reloadHistory reads the history off the UI goroutine: it takes longer
// than the rest of the dashboard on a big workspace, so the cards above
// it do not wait for it.
func (s *dashboardScreen) reloadHistory(now time.Time) {
	async(s.app, func(ctx context.Context) (dashHistory, error) {
		t, err := s.store.Trend(ctx, now)
		if err != nil {
			return dashHistory{}, err
		}
		since, err := s.store.ReviewsSinceBaseline(ctx, now)
		if err != nil {
			return dashHistory{}, err
		}
		return newDashHistory(t, since, i18n.Default()), nil
	}, s.applyHistory)
}

func (s *dashboardScreen) applyHistory(h dashHistory, err error) {
	if err != nil {
		s.trends.SetContent(dashNote(i18n.T("trend.dash.failed", i18n.Args{"Reason": message(err)})))
		s.app.showError(err)
		return
	}
	s.trends.SetContent(s.trendsView(h))
	s.since.SetContent(s.sinceView(h.Since))
	if h.Since.HasBaseline {
		s.since.SetSubTitle(i18n.T("trend.since.subtitle", i18n.Args{"Name": h.Since.Baseline.Name}))
	} else {
		s.since.SetSubTitle(i18n.T("trend.since.subtitle_none"))
	}
}

// trendsView is a tile per indicator, or what brings a trend when there
// is no history yet.
func (s *dashboardScreen) trendsView(h dashHistory) fyne.CanvasObject {
	if h.Points < 2 {
		return dashNote(i18n.T("trend.dash.empty"))
	}
	width := float32(dashTrendTileMin)
	for _, c := range h.Charts {
		name := fyne.MeasureText(c.Title, theme.CaptionTextSize(), fyne.TextStyle{Bold: true})
		width = max(width, name.Width+2*theme.InnerPadding()+4*theme.Padding())
	}
	width = min(width, dashTrendTileMax)
	tiles := make([]fyne.CanvasObject, 0, len(h.Charts))
	for i := range h.Charts {
		tiles = append(tiles, trendTile(&h.Charts[i], width))
	}
	return container.NewGridWrap(fyne.NewSize(width, tiles[0].MinSize().Height), tiles...)
}

// trendTile is one indicator: its name, its newest value, how it moved
// since the point before (green for the better, red for the worse) and
// its line.
func trendTile(c *export.Chart, width float32) fyne.CanvasObject {
	name := widget.NewLabelWithStyle(c.Title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	name.SizeName = theme.SizeNameCaptionText
	name.Truncation = fyne.TextTruncateEllipsis
	value := widget.NewLabelWithStyle(c.Value, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	value.SizeName = theme.SizeNameSubHeadingText
	change := widget.NewLabel(c.Change)
	change.SizeName = theme.SizeNameCaptionText
	change.Wrapping = fyne.TextWrapWord
	switch c.Good() {
	case 1:
		change.Importance = widget.SuccessImportance
	case -1:
		change.Importance = widget.DangerImportance
	}
	line := widgets.NewSparkline()
	var colour color.Color
	if c.Colour != "" {
		colour = widgets.ParseColour(c.Colour)
	}
	line.SetPoints(sparkPoints(c), colour)
	// The change takes two lines in every tile, so that the lines of a
	// row of tiles start at the same height.
	lineH := fyne.MeasureText("Ag", theme.CaptionTextSize(), fyne.TextStyle{}).Height
	slot := container.NewGridWrap(fyne.NewSize(width-4*theme.Padding(), 2*lineH+2*theme.InnerPadding()), change)
	tight := container.New(layout.NewCustomPaddedVBoxLayout(-theme.Padding()*2), name, value, slot)
	frame := canvas.NewRectangle(color.Transparent)
	frame.StrokeColor = theme.Color(theme.ColorNameSeparator)
	frame.StrokeWidth = 1
	frame.CornerRadius = theme.InputRadiusSize()
	return container.NewStack(frame, container.NewPadded(container.NewBorder(tight, nil, nil, nil, line)))
}

// sparkPoints places a chart's values in the unit box a sparkline draws.
func sparkPoints(c *export.Chart) []widgets.SparkPoint {
	xs, ys, marks := c.Place(1, 1)
	out := make([]widgets.SparkPoint, len(xs))
	for i := range xs {
		out[i] = widgets.SparkPoint{X: float32(xs[i]), Y: float32(ys[i]), Marked: marks[i]}
	}
	return out
}

// sinceView lists the reviews due since the last closed assessment, each
// opening its risk.
func (s *dashboardScreen) sinceView(since *risk.SinceBaseline) fyne.CanvasObject {
	switch {
	case !since.HasBaseline:
		return dashNote(i18n.T("trend.since.none_closed"))
	case len(since.Reviews) == 0:
		return dashGoodNews(i18n.T("trend.since.none", i18n.Args{"Name": since.Baseline.Name}))
	}
	box := container.NewVBox()
	shown := min(len(since.Reviews), dashListCap)
	for _, r := range since.Reviews[:shown] {
		detail := i18n.T("trend.since.item", i18n.Args{"Due": r.Due.String()})
		if r.Carried {
			detail = i18n.T("trend.since.item_carried", i18n.Args{"Due": r.Due.String()})
		}
		if r.Owner != "" {
			detail += " · " + r.Owner
		}
		box.Add(s.linkWithDetail(r.Ref+"  "+r.Title, r.ID, detail))
	}
	if more := len(since.Reviews) - shown; more > 0 {
		box.Add(dashNote(i18n.N("trend.since.more", more)))
	}
	return box
}
