package widgets

import (
	"image/color"
	"os"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"riskbook/i18n"
	"riskbook/risk"
)

// TestMain runs the widgets' tests in English, whatever the machine's
// language: they read the texts the widgets show.
func TestMain(m *testing.M) {
	i18n.SetDefault(i18n.English)
	os.Exit(m.Run())
}

// criteria3x4 has three likelihood and four consequence levels, so rows and
// columns cannot be swapped unnoticed.
func criteria3x4() risk.Criteria {
	return risk.Criteria{
		Version:     1,
		Likelihood:  []risk.ScaleLevel{{Label: "Low"}, {Label: "Medium"}, {Label: "High"}},
		Consequence: []risk.ScaleLevel{{Label: "Minor"}, {Label: "Moderate"}, {Label: "Major"}, {Label: "Extreme"}},
		Levels: []risk.Level{
			{Label: "Low", Colour: "#2E7D32", Rank: 1},
			{Label: "High", Colour: "#C62828", Rank: 2},
		},
		Matrix:   [][]int{{1, 1, 1, 2}, {1, 1, 2, 2}, {1, 2, 2, 2}},
		Appetite: 1,
	}
}

// showMatrix puts m in a test window so it is laid out as on screen.
func showMatrix(t *testing.T, m *Matrix) (fyne.Window, *matrixRenderer) {
	t.Helper()
	test.NewTempApp(t)
	w := test.NewTempWindow(t, m)
	w.Resize(m.MinSize().Add(fyne.NewSquareSize(40)))
	return w, test.WidgetRenderer(m).(*matrixRenderer)
}

func TestMatrixTapCorners(t *testing.T) {
	for _, tc := range []struct {
		name     string
		criteria risk.Criteria
	}{
		{"Default5x5", risk.DefaultCriteria()},
		{"Custom3x4", criteria3x4()},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got risk.Score
			m := NewMatrix(tc.criteria, func(s risk.Score) { got = s })
			w, r := showMatrix(t, m)
			nL, nC := len(tc.criteria.Likelihood), len(tc.criteria.Consequence)
			corners := []struct {
				name     string
				row, col int
				want     risk.Score
			}{
				{"TopLeft", 0, 0, risk.Score{Likelihood: nL, Consequence: 1}},
				{"TopRight", 0, nC - 1, risk.Score{Likelihood: nL, Consequence: nC}},
				{"BottomLeft", nL - 1, 0, risk.Score{Likelihood: 1, Consequence: 1}},
				{"BottomRight", nL - 1, nC - 1, risk.Score{Likelihood: 1, Consequence: nC}},
			}
			for _, c := range corners {
				// Tap the window where the cell is drawn, so the test also
				// checks that the highest likelihood is at the top.
				cell := r.cells[c.row][c.col]
				pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(cell)
				got = risk.Score{}
				test.TapCanvas(w.Canvas(), pos.Add(fyne.NewPos(cell.Size().Width/2, cell.Size().Height/2)))
				if got != c.want {
					t.Errorf("%s: tapped %v, want %v", c.name, got, c.want)
				}
			}
			top := r.cells[0][0].Position()
			bottomRight := r.cells[nL-1][nC-1].Position()
			if top.Y >= bottomRight.Y || top.X >= bottomRight.X {
				t.Errorf("top-left cell at %v is not above and left of bottom-right at %v", top, bottomRight)
			}
		})
	}
}

func TestMatrixTapCellOutOfRange(t *testing.T) {
	called := false
	m := NewMatrix(criteria3x4(), func(risk.Score) { called = true })
	m.TapCell(risk.Score{Likelihood: 4, Consequence: 1})
	m.TapCell(risk.Score{})
	if called {
		t.Error("a score outside the scales was reported")
	}
	m.TapCell(risk.Score{Likelihood: 3, Consequence: 4})
	if !called {
		t.Error("a score inside the scales was not reported")
	}
}

// cellTexts maps each cell's score to the text its renderer draws.
func cellTexts(r *matrixRenderer) map[risk.Score]string {
	out := map[risk.Score]string{}
	for _, row := range r.cells {
		for _, c := range row {
			out[c.score] = test.WidgetRenderer(c).(*cellRenderer).text.Text
		}
	}
	return out
}

func TestMatrixCounts(t *testing.T) {
	c := risk.DefaultCriteria()
	m := NewMatrix(c, nil)
	_, r := showMatrix(t, m)
	counts := map[risk.Score]int{{Likelihood: 5, Consequence: 5}: 3, {Likelihood: 2, Consequence: 3}: 12, {Likelihood: 1, Consequence: 1}: 0}
	m.SetCounts(counts)
	for s, text := range cellTexts(r) {
		want := ""
		if counts[s] > 0 {
			want = map[int]string{3: "3", 12: "12"}[counts[s]]
		}
		if text != want {
			t.Errorf("cell %v shows %q, want %q", s, text, want)
		}
		if got := m.CellText(s); got != text {
			t.Errorf("CellText(%v) = %q, renderer shows %q", s, got, text)
		}
	}
	empty := test.WidgetRenderer(r.cells[4][0]).(*cellRenderer).bg.FillColor
	full := test.WidgetRenderer(r.cells[0][4]).(*cellRenderer).bg.FillColor
	if empty == ParseColour("#2E7D32") {
		t.Errorf("an empty cell keeps its level's full colour %v", empty)
	}
	if full != ParseColour("#C62828") {
		t.Errorf("a cell with risks is %v, want its level's colour #C62828", full)
	}

	m.SetCounts(nil)
	if got := cellTexts(r)[risk.Score{Likelihood: 5, Consequence: 5}]; got != "Critical" {
		t.Errorf("picker cell shows %q, want the level label Critical", got)
	}
}

func TestMatrixSelected(t *testing.T) {
	m := NewMatrix(risk.DefaultCriteria(), nil)
	_, r := showMatrix(t, m)
	want := risk.Score{Likelihood: 4, Consequence: 2}
	m.SetSelected(want)
	if m.Selected() != want {
		t.Fatalf("Selected() = %v, want %v", m.Selected(), want)
	}
	for _, row := range r.cells {
		for _, c := range row {
			outlined := test.WidgetRenderer(c).(*cellRenderer).bg.StrokeWidth > 0
			if outlined != (c.score == want) {
				t.Errorf("cell %v outlined = %v", c.score, outlined)
			}
		}
	}
	m.SetCriteria(criteria3x4())
	if !m.Selected().IsZero() {
		t.Errorf("selection %v outside the new scales kept", m.Selected())
	}
}

func TestMatrixAppetiteBoundary(t *testing.T) {
	m := NewMatrix(risk.DefaultCriteria(), nil)
	_, r := showMatrix(t, m)
	// Default matrix, appetite Medium (2): row L2 is 1 1 2 2 3, row L1 is
	// 1 1 1 2 2, row L3 is 1 2 2 3 3. Row index 3 is L2, row index 4 is L1.
	for _, tc := range []struct {
		name  string
		edge  *canvas.Rectangle
		shown bool
	}{
		{"L2C4|L2C5", r.vEdges[3][3], true},
		{"L2C3|L2C4", r.vEdges[3][2], false},
		{"L2C5 over L1C5", r.hEdges[3][4], true},
		{"L3C4 over L2C4", r.hEdges[2][3], true},
		{"L3C2 over L2C2", r.hEdges[2][1], false},
		{"last column right edge", r.vEdges[0][4], false},
	} {
		if tc.edge.Visible() != tc.shown {
			t.Errorf("%s: boundary shown = %v, want %v", tc.name, tc.edge.Visible(), tc.shown)
		}
	}
	for _, row := range r.cells {
		for _, c := range row {
			marked := test.WidgetRenderer(c).(*cellRenderer).mark.Visible()
			if want := m.criteria.AboveAppetite(c.score); marked != want {
				t.Errorf("cell %v marked = %v, want %v", c.score, marked, want)
			}
		}
	}
	if !strings.Contains(r.legendText.Text, "Above appetite") || !strings.Contains(r.legendText.Text, "Medium") {
		t.Errorf("legend %q does not explain the appetite", r.legendText.Text)
	}
}

func TestMatrixMinSize(t *testing.T) {
	test.NewTempApp(t)
	m := NewMatrix(risk.DefaultCriteria(), nil)
	m.SetCompact(true)
	if got := m.MinSize(); got.Width > 270 || got.Height > 210 {
		t.Errorf("compact 5×5 needs %v, want about 260×200 or less", got)
	}
	m.SetCompact(false)
	w := test.NewTempWindow(t, m)
	w.SetPadded(false)
	w.Resize(m.MinSize())
	r := test.WidgetRenderer(m).(*matrixRenderer)
	if size := r.cells[0][0].Size(); size.Width < 72 || size.Width > 96 {
		t.Errorf("full cells are %v at the minimum size, want 72–96 px", size)
	}
	if got := r.colLabels[4][0].Text; got != "Severe" {
		t.Errorf("last column is labelled %q, want Severe", got)
	}
	if got := r.rowLabels[0][0].Text; got != "Almost certain" {
		t.Errorf("top row is labelled %q, want Almost certain", got)
	}
}

// At the minimum size, a French or Spanish scale name longer than its
// column ("Négligeable", "Insignificante") is written smaller, never cut.
func TestMatrixLongNamesAtMinSize(t *testing.T) {
	test.NewTempApp(t)
	for _, lang := range []i18n.Lang{i18n.French, i18n.Spanish} {
		m := NewMatrix(risk.DefaultCriteria().Localised(i18n.For(lang)), nil)
		w := test.NewTempWindow(t, m)
		w.SetPadded(false)
		w.Resize(m.MinSize())
		r := test.WidgetRenderer(m).(*matrixRenderer)
		for col, l := range r.colLabels {
			want := m.Criteria().Consequence[col].Label
			if got := strings.TrimSpace(l[0].Text + " " + l[1].Text); got != want {
				t.Errorf("%s column %d labelled %q, want %q", lang, col+1, got, want)
			}
			if l[0].TextSize < theme.CaptionTextSize() {
				t.Errorf("%s column %d written at %v, below the caption size", lang, col+1, l[0].TextSize)
			}
		}
		// With room to spare, the names are written at the text size.
		w.Resize(m.MinSize().AddWidthHeight(200, 200))
		if l := r.colLabels[0]; l[0].TextSize != theme.TextSize() {
			t.Errorf("%s: %q written at %v in a big window, want %v", lang, l[0].Text, l[0].TextSize, theme.TextSize())
		}
	}
}

func TestWrap(t *testing.T) {
	test.NewTempApp(t)
	first, second := wrap("Almost certain to happen every single week", 80, 14)
	if first == "" || second == "" || !strings.HasSuffix(second, "…") {
		t.Errorf("wrap gave %q / %q, want two lines, the second shortened", first, second)
	}
	if first, second := wrap("Rare", 80, 14); first != "Rare" || second != "" {
		t.Errorf("wrap(Rare) = %q / %q", first, second)
	}
}

func TestChip(t *testing.T) {
	test.NewTempApp(t)
	c := NewChip()
	test.NewTempWindow(t, c)
	r := test.WidgetRenderer(c).(*chipRenderer)
	c.SetLevel("High", "#EF6C00")
	if r.text.Text != "High" || c.Text() != "High" {
		t.Errorf("chip shows %q, want High", r.text.Text)
	}
	if r.bg.FillColor != ParseColour("#EF6C00") {
		t.Errorf("chip fill %v, want #EF6C00", r.bg.FillColor)
	}
	c.SetLevel("", "")
	if r.text.Text != "—" {
		t.Errorf("empty chip shows %q, want an em dash", r.text.Text)
	}
	if r.bg.FillColor != color.Transparent {
		t.Errorf("empty chip is filled with %v", r.bg.FillColor)
	}
}

func TestContrast(t *testing.T) {
	for _, tc := range []struct {
		hex  string
		want color.Color
	}{
		{"#C62828", color.White},
		{"#F9A825", color.Black},
		{"#2E7D32", color.White},
		{"#EF6C00", color.Black},
		{"#FFFFFF", color.Black},
		{"#000000", color.White},
	} {
		t.Run(tc.hex, func(t *testing.T) {
			if got := Contrast(ParseColour(tc.hex)); got != tc.want {
				t.Errorf("Contrast(%s) = %v, want %v", tc.hex, got, tc.want)
			}
		})
	}
}

func TestParseColour(t *testing.T) {
	if got, want := ParseColour("#C62828"), (color.NRGBA{R: 0xc6, G: 0x28, B: 0x28, A: 0xff}); got != want {
		t.Errorf("ParseColour(#C62828) = %v, want %v", got, want)
	}
	for _, bad := range []string{"", "red", "#12345", "#GGGGGG", "C62828X"} {
		if got := ParseColour(bad); got != neutral {
			t.Errorf("ParseColour(%q) = %v, want the neutral grey", bad, got)
		}
	}
}
