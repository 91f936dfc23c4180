package export

import (
	"math"
	"strings"

	"riskbook/bcp"
	"riskbook/i18n"
	"riskbook/risk"
)

// Trends is the indicators over time (issue 17) as a person reads them, in
// one language: an indicator per column, a point in time per row, oldest
// first. The command line prints it, the dashboard draws its charts, the
// full PDF has its "Trends" page and the workbook its "Indicators" sheet,
// so that they all say the same.
type Trends struct {
	Indicators []Indicator
	Rows       []TrendRow
}

// Indicator is one indicator: its name, what it counts, whether a higher
// or a lower value is better, and its values at each row.
type Indicator struct {
	Name       string
	Definition string
	// Share indicators are percentages; the others counts (or days).
	Share bool
	// Better is +1 when a higher value is better, -1 when a lower one is,
	// 0 when neither (risks at a level within appetite).
	Better int
	// Colour draws the indicator's chart: a risk level's colour, or ""
	// for the accent.
	Colour string
	value  func(p *bcp.TrendPoint) (float64, bool)
}

// TrendRow is one point in time.
type TrendRow struct {
	Point  bcp.TrendPoint
	Label  string // "March 2026", "“2026 annual”", "Today"
	Kind   string // "End of month", "Closed assessment", "Live records"
	Values []TrendValue
	// Caveat says why the row's figures may not be exact; "" when they are.
	Caveat string
}

// TrendValue is an indicator's value at a point: Number (a percentage
// from 0 to 100 for a share) and its text; OK false when there is none, a
// share of nothing.
type TrendValue struct {
	Number float64
	Text   string
	OK     bool
}

// TrendsOf writes the points of a trend in p's language. The levels are
// those of the newest point's criteria; a point whose criteria have no
// level of that name has no value for it.
func TrendsOf(points []bcp.TrendPoint, p *i18n.Printer) *Trends {
	t := &Trends{Indicators: indicators(points, p)}
	for i := range points {
		pt := points[i]
		row := TrendRow{Point: pt, Label: pointLabel(&pt, p), Kind: pointKind(pt.Kind, p), Caveat: caveat(pt.Caveat, p)}
		for _, ind := range t.Indicators {
			v, ok := ind.value(&pt)
			row.Values = append(row.Values, trendValue(v, ok, ind.Share, p))
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

func trendValue(v float64, ok, share bool, p *i18n.Printer) TrendValue {
	switch {
	case !ok:
		return TrendValue{Text: "—"}
	case share:
		return TrendValue{Number: v * 100, Text: p.Percent(v), OK: true}
	}
	return TrendValue{Number: v, Text: p.Int(int(math.Round(v))), OK: true}
}

func indicators(points []bcp.TrendPoint, p *i18n.Printer) []Indicator {
	count := func(f func(p *bcp.TrendPoint) int) func(p *bcp.TrendPoint) (float64, bool) {
		return func(p *bcp.TrendPoint) (float64, bool) { return float64(f(p)), true }
	}
	out := []Indicator{{
		Name: p.T("trend.ind.appetite"), Definition: p.T("trend.def.appetite"), Share: true, Better: 1,
		value: func(p *bcp.TrendPoint) (float64, bool) { return p.Register.WithinAppetiteShare() },
	}}
	if len(points) > 0 {
		last := points[len(points)-1].Register
		for _, l := range last.Levels {
			better := 0
			if l.Level.Rank > last.Appetite {
				better = -1
			}
			label := l.Level.Label
			shown := risk.DefaultCriteriaText(p, label)
			out = append(out, Indicator{
				Name: p.T("trend.ind.level", i18n.Args{"Level": shown}), Definition: p.T("trend.def.level", i18n.Args{"Level": shown}),
				Better: better, Colour: l.Level.Colour,
				value: func(p *bcp.TrendPoint) (float64, bool) {
					for _, c := range p.Register.Levels {
						if strings.EqualFold(c.Level.Label, label) {
							return float64(c.Residual), true
						}
					}
					return 0, false
				},
			})
		}
	}
	return append(out,
		Indicator{Name: p.T("trend.ind.reviews"), Definition: p.T("trend.def.reviews"), Better: -1,
			value: count(func(p *bcp.TrendPoint) int { return p.Register.OverdueReviews })},
		Indicator{Name: p.T("trend.ind.actions"), Definition: p.T("trend.def.actions"), Better: -1,
			value: count(func(p *bcp.TrendPoint) int { return p.Register.OverdueActions })},
		Indicator{Name: p.T("trend.ind.median"), Definition: p.T("trend.def.median"), Better: -1,
			value: func(p *bcp.TrendPoint) (float64, bool) { return p.MedianDays, p.HasMedian }},
		Indicator{Name: p.T("trend.ind.coverage"), Definition: p.T("trend.def.coverage"), Share: true, Better: 1,
			value: func(p *bcp.TrendPoint) (float64, bool) { return p.Coverage.Share() }},
		Indicator{Name: p.T("trend.ind.decided"), Definition: p.T("trend.def.decided"), Share: true, Better: 1,
			value: func(p *bcp.TrendPoint) (float64, bool) { return p.SoA.DecidedShare() }},
		Indicator{Name: p.T("trend.ind.implemented"), Definition: p.T("trend.def.implemented"), Share: true, Better: 1,
			value: func(p *bcp.TrendPoint) (float64, bool) { return p.SoA.ImplementedShare() }},
		Indicator{Name: p.T("trend.ind.findings"), Definition: p.T("trend.def.findings"), Better: -1,
			value: count(func(p *bcp.TrendPoint) int { return p.OpenFindings })},
	)
}

// pointLabel names a point as a row heads it.
func pointLabel(pt *bcp.TrendPoint, p *i18n.Printer) string {
	switch pt.Kind {
	case bcp.AssessmentPoint:
		return p.T("trend.point.assessment", i18n.Args{"Name": pt.Assessment})
	case bcp.TodayPoint:
		return p.T("trend.point.today")
	}
	return p.T("trend.point.month", i18n.Args{"Month": p.Month(pt.Day.Month), "Year": pt.Day.Year})
}

func pointKind(k bcp.PointKind, p *i18n.Printer) string {
	switch k {
	case bcp.AssessmentPoint:
		return p.T("trend.kind.assessment")
	case bcp.TodayPoint:
		return p.T("trend.kind.today")
	}
	return p.T("trend.kind.month")
}

func caveat(c bcp.Caveat, p *i18n.Printer) string {
	var out []string
	if !c.Salvaged.IsZero() {
		out = append(out, p.T("trend.caveat.salvaged", i18n.Args{"Date": dayIn(p, c.Salvaged)}))
	}
	if c.Unreadable > 0 {
		out = append(out, p.N("trend.caveat.unreadable", c.Unreadable))
	}
	return strings.Join(out, " ")
}

// Change says how an indicator moved from the previous point that has a
// value to the newest: "+3 since March 2026", "unchanged since Today".
// Sign is the direction (+1, -1, 0); ok is false without two values.
func (t *Trends) Change(i int, p *i18n.Printer) (text string, sign int, ok bool) {
	n := len(t.Rows)
	if n < 2 || !t.Rows[n-1].Values[i].OK {
		return "", 0, false
	}
	last := t.Rows[n-1].Values[i]
	for j := n - 2; j >= 0; j-- {
		prev := t.Rows[j].Values[i]
		if !prev.OK {
			continue
		}
		d := math.Round(last.Number - prev.Number)
		if d == 0 {
			return p.T("trend.change.none", i18n.Args{"Point": t.Rows[j].Label}), 0, true
		}
		sign = 1
		num := "+" + p.Int(int(d))
		if d < 0 {
			sign, num = -1, p.Int(int(d))
		}
		if t.Indicators[i].Share {
			num = p.T("trend.change.points", i18n.Args{"N": num})
		}
		return p.T("trend.change.since", i18n.Args{"Change": num, "Point": t.Rows[j].Label}), sign, true
	}
	return "", 0, false
}

// Charts are the indicators as small line charts, one per indicator, over
// the rows' days.
func (t *Trends) Charts(p *i18n.Printer) []Chart {
	out := make([]Chart, 0, len(t.Indicators))
	for i, ind := range t.Indicators {
		c := Chart{Title: ind.Name, Share: ind.Share, Better: ind.Better, Colour: ind.Colour, Value: "—"}
		if n := len(t.Rows); n > 0 {
			c.Value = t.Rows[n-1].Values[i].Text
		}
		c.Change, c.Sign, _ = t.Change(i, p)
		for _, r := range t.Rows {
			v := r.Values[i]
			c.Points = append(c.Points, ChartPoint{Day: r.Point.Day, Y: v.Number, OK: v.OK,
				Assessment: r.Point.Kind == bcp.AssessmentPoint})
		}
		if n := len(c.Points); n > 0 {
			c.First, c.Last = dayIn(p, c.Points[0].Day), dayIn(p, c.Points[n-1].Day)
		}
		lo, hi := c.Scale()
		if c.Share {
			c.Low, c.High = p.Percent(lo/100), p.Percent(hi/100)
		} else {
			c.Low, c.High = p.Int(int(lo)), p.Int(int(math.Round(hi)))
		}
		out = append(out, c)
	}
	return out
}

// Table is the trend as a register: a row per point, a column per
// indicator, with a note where a row is not exact.
func (t *Trends) Table(p *i18n.Printer) *Table {
	tb := &Table{Name: "Indicators", Columns: []Column{
		{Title: p.T("trend.col.point"), Kind: Text, Width: 16},
		{Title: p.T("trend.col.kind"), Kind: Text, Width: 12, SheetOnly: true},
		{Title: p.T("trend.col.date"), Kind: Date, Width: 10},
	}}
	for _, ind := range t.Indicators {
		k := Number
		if ind.Share {
			k = Percent
		}
		tb.Columns = append(tb.Columns, Column{Title: ind.Name, Kind: k, Width: 8})
	}
	tb.Columns = append(tb.Columns, Column{Title: p.T("trend.col.note"), Kind: LongText, Width: 24, SheetOnly: !t.hasCaveats()})
	for _, r := range t.Rows {
		row := []Cell{{Text: r.Label}, {Text: r.Kind}, {Text: dayIn(p, r.Point.Day), Date: r.Point.Day}}
		for _, v := range r.Values {
			row = append(row, Cell{Text: v.Text, Number: v.Number})
		}
		tb.Rows = append(tb.Rows, append(row, Cell{Text: r.Caveat}))
	}
	return tb
}

func (t *Trends) hasCaveats() bool {
	for _, r := range t.Rows {
		if r.Caveat != "" {
			return true
		}
	}
	return false
}

// Definitions say what each indicator counts, as facts.
func (t *Trends) Definitions() []Fact {
	out := make([]Fact, 0, len(t.Indicators))
	for _, ind := range t.Indicators {
		out = append(out, Fact{Label: ind.Name, Value: ind.Definition})
	}
	return out
}

// Chart is a small line chart of one indicator over time: the PDF's
// trends and the dashboard draw it.
type Chart struct {
	Title string
	// Value is the newest value as written; Change how it moved since the
	// previous point ("+3 since March 2026"), Sign its direction.
	Value, Change string
	Sign          int
	// Better is +1 when up is good, -1 when down is, 0 when neither: it
	// colours the change.
	Better int
	Share  bool // a percentage: the scale runs from 0 to 100
	// Low and High are the bottom and the top of the scale, as written.
	Low, High string
	Colour    string
	Points    []ChartPoint // oldest first
	// First and Last are the days of the first and the last point, as
	// written.
	First, Last string
}

// ChartPoint is one value of a chart, on its day; OK false for none.
// Assessment points are marked.
type ChartPoint struct {
	Day        risk.Date
	Y          float64
	OK         bool
	Assessment bool
}

// Good reports whether the chart's last change is for the better: +1
// better, -1 worse, 0 neither or no change.
func (c *Chart) Good() int { return c.Sign * c.Better }

// Scale is the range of the chart's values: 0 to 100 for a share, else 0
// to the largest value (at least 1).
func (c *Chart) Scale() (lo, hi float64) {
	if c.Share {
		return 0, 100
	}
	hi = 1
	for _, pt := range c.Points {
		if pt.OK {
			hi = max(hi, pt.Y)
		}
	}
	return 0, hi
}

// Place maps the chart's points to a box w wide and h high, the first day
// at the left and the newest at the right, the top of the scale at the
// top: the coordinates of the points that have a value.
func (c *Chart) Place(w, h float64) (xs, ys []float64, marks []bool) {
	if len(c.Points) == 0 {
		return nil, nil, nil
	}
	first, last := c.Points[0].Day, c.Points[len(c.Points)-1].Day
	span := float64(first.DaysUntil(last))
	lo, hi := c.Scale()
	for _, pt := range c.Points {
		if !pt.OK {
			continue
		}
		x := w / 2
		if span > 0 {
			x = w * float64(first.DaysUntil(pt.Day)) / span
		}
		y := h - h*(min(max(pt.Y, lo), hi)-lo)/(hi-lo)
		xs, ys, marks = append(xs, x), append(ys, y), append(marks, pt.Assessment)
	}
	return xs, ys, marks
}

// trendMinPoints is the fewest points a document shows a trend of: one
// point is where things stand, which the overview already says.
const trendMinPoints = 2

// trends is the full document's "Trends" section and "Indicators" sheet:
// the charts, the values at every point, and what each indicator counts.
func (b *builder) trends() (Section, bool) {
	if len(b.in.Trend) < trendMinPoints {
		return Section{}, false
	}
	p := b.p
	t := TrendsOf(b.in.Trend, p)
	return Section{ID: "trends", Title: p.T("trend.section.title"), Sheet: p.T("trend.section.sheet"), Blocks: []Block{
		{Paragraph: p.T("trend.section.intro")},
		{Charts: t.Charts(p)},
		{Heading: p.T("trend.section.values")},
		{Table: t.Table(p)},
		{Heading: p.T("trend.section.definitions")},
		{Facts: t.Definitions()},
	}}, true
}
