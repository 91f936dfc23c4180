package widgets

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"riskbook/bcp"
)

// impactSettings has two categories and three horizons, intolerable from
// the third of four severities.
func impactSettings() bcp.Settings {
	return bcp.Settings{
		Categories: []string{"Service", "Money"},
		Horizons:   []bcp.Duration{bcp.Hours(1), bcp.Hours(4), bcp.Hours(24)},
		Severities: []bcp.Severity{{Label: "Low", Colour: "#2E7D32"}, {Label: "Medium", Colour: "#F9A825"},
			{Label: "High", Colour: "#EF6C00"}, {Label: "Extreme", Colour: "#C62828"}},
		Intolerable: 3,
		TopPriority: 1,
	}
}

type impactChange struct {
	category          string
	horizon, severity int
}

func showImpactGrid(t *testing.T, impacts []bcp.Impact) (*ImpactGrid, *impactRenderer, *[]impactChange) {
	t.Helper()
	var changes []impactChange
	g := NewImpactGrid(func(c string, h, s int) { changes = append(changes, impactChange{c, h, s}) })
	g.Set(impactSettings(), impacts)
	test.NewTempApp(t)
	w := test.NewTempWindow(t, g)
	w.Resize(g.MinSize().Add(fyne.NewSquareSize(40)))
	return g, test.WidgetRenderer(g).(*impactRenderer), &changes
}

func TestImpactGridTapCycles(t *testing.T) {
	g, r, changes := showImpactGrid(t, nil)
	cell := r.cells[1][2] // Money at 24 h
	var got []string
	for range 5 {
		test.Tap(cell)
		got = append(got, g.CellText(1, 2))
	}
	want := []string{"Low", "Medium", "High", "Extreme", "—"}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("texts after taps: got %q, want %q", got, want)
		}
	}
	if n := len(*changes); n != 5 || (*changes)[0] != (impactChange{"Money", 2, 1}) || (*changes)[4] != (impactChange{"Money", 2, 0}) {
		t.Errorf("changes: got %+v", *changes)
	}
}

func TestImpactGridMarksMTPD(t *testing.T) {
	g, r, _ := showImpactGrid(t, []bcp.Impact{{Category: "Service", Severities: []int{1, 2, 3}}})
	if got := g.MTPDHorizon(); got != 2 {
		t.Fatalf("MTPD horizon: got %d, want 2", got)
	}
	if r.line.Hidden || r.tag.Hidden {
		t.Error("MTPD line or tag hidden")
	}
	if g.Marked(0, 1) || !g.Marked(1, 2) {
		t.Errorf("marks: 4 h %v, 24 h %v; want only from 24 h", g.Marked(0, 1), g.Marked(1, 2))
	}
	if x, cellX := r.line.Position().X, r.cells[0][2].Position().X; x >= cellX || x < cellX-impactGap-1 {
		t.Errorf("MTPD line at x %v, want in the gap before the 24 h column at %v", x, cellX)
	}
	// Raising an earlier cell moves the MTPD.
	test.Tap(r.cells[1][1]) // Money at 4 h: Low
	test.Tap(r.cells[1][1])
	test.Tap(r.cells[1][1])
	if got := g.MTPDHorizon(); got != 1 {
		t.Errorf("MTPD horizon after raising Money at 4 h to High: got %d, want 1", got)
	}
	// Bringing every cell below the threshold removes the mark.
	g.SetSeverity(0, 2, 0)
	g.SetSeverity(1, 1, 0)
	if g.MTPDHorizon() != -1 || !r.line.Hidden || g.Marked(0, 2) {
		t.Errorf("no intolerable impact: horizon %d, line hidden %v", g.MTPDHorizon(), r.line.Hidden)
	}
}

func TestImpactGridMenuPicks(t *testing.T) {
	g, _, changes := showImpactGrid(t, nil)
	m := g.menu(0, 1)
	if len(m.Items) != 5 || !m.Items[0].Checked || m.Items[4].Label != "Extreme" {
		t.Fatalf("menu: %d items, first checked %v", len(m.Items), m.Items[0].Checked)
	}
	m.Items[4].Action()
	if got := g.Severity(0, 1); got != 4 {
		t.Errorf("picked Extreme: severity %d, want 4", got)
	}
	if !g.menu(0, 1).Items[4].Checked {
		t.Error("menu does not tick the current severity")
	}
	g.SetSeverity(0, 1, 9) // outside the scale: ignored
	if got := g.Severity(0, 1); got != 4 || len(*changes) != 1 {
		t.Errorf("out-of-scale severity: got %d after %d changes", got, len(*changes))
	}
}

func TestImpactGridFollowsSettings(t *testing.T) {
	g, r, _ := showImpactGrid(t, nil)
	s := impactSettings()
	s.Horizons = append(s.Horizons, bcp.Hours(72))
	g.Set(s, []bcp.Impact{{Category: "Money", Severities: []int{0, 0, 0, 4}}})
	r = test.WidgetRenderer(g).(*impactRenderer)
	if len(r.cells[0]) != 4 || g.CellText(1, 3) != "Extreme" || g.MTPDHorizon() != 3 {
		t.Errorf("after a fourth horizon: %d columns, Money at 72 h %q, MTPD %d", len(r.cells[0]), g.CellText(1, 3), g.MTPDHorizon())
	}
	if min := g.MinSize(); min.Width < 4*44 {
		t.Errorf("min width %v too small for four columns", min.Width)
	}
}
