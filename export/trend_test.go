package export

import (
	"strings"
	"testing"
	"time"

	"riskbook/bcp"
	"riskbook/i18n"
	"riskbook/risk"
)

// sampleTrend is three points: the end of March, an assessment closed in
// April, today; in April a Critical risk went down to Medium, an action
// was closed in 12 days and every control was decided.
func sampleTrend() []bcp.TrendPoint {
	c := risk.DefaultCriteria()
	figures := func(critical, medium int) risk.RegisterFigures {
		reg := &risk.Register{Criteria: c}
		for range critical {
			reg.Risks = append(reg.Risks, risk.Risk{Inherent: risk.Score{Likelihood: 5, Consequence: 5}, Residual: risk.Score{Likelihood: 5, Consequence: 5}})
		}
		for range medium {
			reg.Risks = append(reg.Risks, risk.Risk{Inherent: risk.Score{Likelihood: 5, Consequence: 5}, Residual: risk.Score{Likelihood: 2, Consequence: 3}})
		}
		return risk.CountRegister(reg, risk.Date{Year: 2026, Month: time.April, Day: 1})
	}
	return []bcp.TrendPoint{
		{Kind: bcp.MonthEnd, Indicators: bcp.Indicators{Day: risk.Date{Year: 2026, Month: time.March, Day: 31},
			Register: figures(2, 1), SoA: risk.SoAProgress{Total: 4, Decided: 2, Applicable: 2}}},
		{Kind: bcp.AssessmentPoint, Assessment: "Q2", Indicators: bcp.Indicators{Day: risk.Date{Year: 2026, Month: time.April, Day: 20},
			Register: figures(1, 2), SoA: risk.SoAProgress{Total: 4, Decided: 4, Applicable: 3, Implemented: 1},
			MedianDays: 12, Closed: 1, HasMedian: true},
			Caveat: bcp.Caveat{Salvaged: risk.Date{Year: 2026, Month: time.May, Day: 2}}},
		{Kind: bcp.TodayPoint, Indicators: bcp.Indicators{Day: risk.Date{Year: 2026, Month: time.May, Day: 5},
			Register: figures(1, 2), SoA: risk.SoAProgress{Total: 4, Decided: 4, Applicable: 3, Implemented: 1},
			MedianDays: 12, Closed: 1, HasMedian: true}},
	}
}

func TestTrendsOf(t *testing.T) {
	p := i18n.For(i18n.English)
	tr := TrendsOf(sampleTrend(), p)
	var names []string
	for _, ind := range tr.Indicators {
		names = append(names, ind.Name)
	}
	want := "Within appetite,Critical risks,High risks,Medium risks,Low risks,Overdue reviews,Overdue actions,Days to close an action," +
		"Top-priority activities covered,SoA decided,SoA implemented,Open findings"
	if got := strings.Join(names, ","); got != want {
		t.Fatalf("indicators:\n got %s\nwant %s", got, want)
	}
	var rows []string
	for _, r := range tr.Rows {
		var vs []string
		for _, v := range r.Values {
			vs = append(vs, v.Text)
		}
		rows = append(rows, r.Label+" "+strings.Join(vs, "|"))
	}
	wantRows := []string{
		"March 2026 33%|2|0|1|0|0|0|—|—|50%|0%|0",
		"“Q2” 67%|1|0|2|0|0|0|12|—|100%|33%|0",
		"Today 67%|1|0|2|0|0|0|12|—|100%|33%|0",
	}
	if strings.Join(rows, "\n") != strings.Join(wantRows, "\n") {
		t.Errorf("rows:\n got %q\nwant %q", rows, wantRows)
	}
	if tr.Rows[1].Caveat == "" || !strings.Contains(tr.Rows[1].Caveat, "2026-05-02") || tr.Rows[2].Caveat != "" {
		t.Errorf("caveats: got %q and %q; want the salvage on the assessment's row only", tr.Rows[1].Caveat, tr.Rows[2].Caveat)
	}
	for _, tc := range []struct {
		name string
		i    int
		text string
		sign int
	}{
		{"ShareUnchanged", 0, "unchanged since “Q2”", 0},
		{"CriticalDown", 1, "unchanged since “Q2”", 0},
		{"NoValueNoChange", 8, "", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			text, sign, _ := tr.Change(tc.i, p)
			if text != tc.text || sign != tc.sign {
				t.Errorf("got %q (%d), want %q (%d)", text, sign, tc.text, tc.sign)
			}
		})
	}
	// From March to the assessment: the decided share rose 50 points.
	two := TrendsOf(sampleTrend()[:2], p)
	if text, sign, _ := two.Change(9, p); text != "+50 pts since March 2026" || sign != 1 {
		t.Errorf("SoA decided: got %q (%d), want +50 pts since March 2026 (1)", text, sign)
	}
	if text, sign, _ := two.Change(1, p); text != "-1 since March 2026" || sign != -1 {
		t.Errorf("Critical risks: got %q (%d), want -1 since March 2026 (-1)", text, sign)
	}
	charts := two.Charts(p)
	if c := charts[1]; c.Good() != 1 || c.Colour != "#C62828" || c.Value != "1" {
		t.Errorf("Critical chart: got %+v; want a change for the better, in the level's colour, at 1", c)
	}
	if c := charts[2]; c.Better != -1 {
		t.Errorf("High is above appetite, so lower is better: got Better %d", c.Better)
	}
	if c := charts[3]; c.Better != 0 {
		t.Errorf("Medium is within appetite, so neither: got Better %d", c.Better)
	}
}

func TestChartPlace(t *testing.T) {
	c := Chart{Share: true, Points: []ChartPoint{
		{Day: risk.Date{Year: 2026, Month: 1, Day: 1}, Y: 0, OK: true},
		{Day: risk.Date{Year: 2026, Month: 1, Day: 11}, OK: false},
		{Day: risk.Date{Year: 2026, Month: 1, Day: 21}, Y: 100, OK: true, Assessment: true},
		{Day: risk.Date{Year: 2026, Month: 1, Day: 31}, Y: 50, OK: true},
	}}
	xs, ys, marks := c.Place(30, 10)
	want := [][2]float64{{0, 10}, {20, 0}, {30, 5}}
	if len(xs) != 3 || !marks[1] || marks[0] || marks[2] {
		t.Fatalf("got %v %v %v; want three points, the second marked", xs, ys, marks)
	}
	for i, w := range want {
		if xs[i] != w[0] || ys[i] != w[1] {
			t.Errorf("point %d: got (%v, %v), want (%v, %v)", i, xs[i], ys[i], w[0], w[1])
		}
	}
	count := Chart{Points: []ChartPoint{{Y: 4, OK: true}}}
	if lo, hi := count.Scale(); lo != 0 || hi != 4 {
		t.Errorf("count scale: got %v–%v, want 0–4", lo, hi)
	}
	if xs, _, _ := count.Place(30, 10); xs[0] != 15 {
		t.Errorf("a single point: got x %v, want the middle", xs[0])
	}
}

// TestFullReportShowsTrends: with two points or more the full document
// has a Trends section (charts, the values, the definitions) whose sheet
// is Indicators; with one, none; the summary never.
func TestFullReportShowsTrends(t *testing.T) {
	in := sampleInput(t, Full)
	in.Trend = sampleTrend()
	r, err := Build(in)
	if err != nil {
		t.Fatal(err)
	}
	if r.Sections[1].ID != "trends" {
		t.Fatalf("second section: got %s, want trends", r.Sections[1].ID)
	}
	s := r.Sections[1]
	if s.Title != "Trends" || s.Sheet != "Indicators" || len(s.Blocks[1].Charts) != 12 || len(s.Blocks[3].Table.Rows) != 3 {
		t.Errorf("trends section: got %q/%q with %d charts and %d rows", s.Title, s.Sheet, len(s.Blocks[1].Charts), len(s.Blocks[3].Table.Rows))
	}
	pdf := pdfRender(t, r)
	var text string
	for _, pg := range pdfTestPages(t, pdf) {
		text += pg
	}
	for _, w := range []string{"Trends", "Days to close an action", "unchanged since “Q2”", "What each indicator counts"} {
		if !strings.Contains(text, w) {
			t.Errorf("the PDF does not show %q", w)
		}
	}
	f := xlsxOpen(t, xlsxRender(t, r))
	rows, err := f.GetRows("Indicators")
	if err != nil {
		t.Fatalf("Indicators sheet: %v", err)
	}
	if !xlsxRowsHold(rows, "“Q2”") || !xlsxRowsHold(rows, "Closed assessment") || !xlsxRowsHold(rows, "Today") {
		t.Errorf("Indicators sheet rows: %q", rows)
	}

	in = sampleInput(t, Full)
	in.Trend = sampleTrend()[2:]
	if r, err = Build(in); err != nil || sectionByID(r, "trends") != nil {
		t.Errorf("one point: got a trends section (%v)", err)
	}
	in = sampleInput(t, Summary)
	in.Trend = sampleTrend()
	if r, err = Build(in); err != nil || sectionByID(r, "trends") != nil {
		t.Errorf("summary: got a trends section (%v)", err)
	}
}
