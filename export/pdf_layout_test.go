package export

import (
	"fmt"
	"strings"
	"testing"

	"riskbook/risk"
)

func pdfTestFonts(tb testing.TB) *pdfFonts {
	tb.Helper()
	f, err := loadPDFFonts()
	if err != nil {
		tb.Fatal(err)
	}
	return f
}

// pdfLayoutDoc is a layout-only document on a fresh landscape page.
func pdfLayoutDoc(tb testing.TB) *pdfDoc {
	tb.Helper()
	d := newPDFDoc(&Report{}, pdfTestFonts(tb), nil, nil)
	d.newPage(true)
	return d
}

func TestPDFClean(t *testing.T) {
	f := pdfTestFonts(t)
	for _, tc := range []struct{ name, in, want string }{
		{"ASCII", "=SUM(A1) +1 -1 @x", "=SUM(A1) +1 -1 @x"},
		{"VietnameseDecomposed", "Ma\u0323\u0302t đie\u0323\u0302n", "Mật điện"},
		{"Cyrillic", "Отказ поставщика", "Отказ поставщика"},
		{"Emoji", "fire 🔥 here", "fire \uFFFD here"},
		{"EmojiSequence", "👍🏽 and 👩‍👩‍👧", "\uFFFD and \uFFFD"},
		{"ArabicWords", "عبد الله", "عبد الله"},
		{"HebrewWords", "שלום עולם", "שלום עולם"},
		{"CJKHasNoFont", "域名 registry", "\uFFFD registry"},
		{"Lines", "a\r\nb\rc\td", "a\nb\nc d"},
		{"Controls", "a\x00b\x1bc", "abc"},
		{"InvalidUTF8", "a\xffb", "a\uFFFDb"},
		{"NoBreakSpace", "10\u00a0%", "10\u00a0%"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := f.clean(tc.in); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestPDFWrap(t *testing.T) {
	f := pdfTestFonts(t)
	long := strings.Repeat("resolution ", 40) + strings.Repeat("x", 300) + " end"
	for _, tc := range []struct {
		name  string
		in    string
		width float64
		lines int // 0: do not check
	}{
		{"Empty", "", 50, 1},
		{"Short", "Registry", 50, 1},
		{"BlankLineKept", "one\n\ntwo", 50, 3},
		{"TrailingNewlines", "one\n\n", 50, 1},
		{"Long", long, 40, 0},
		{"Narrow", "Effectiveness", 5, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			lines := f.wrap(f.clean(tc.in), false, 8, tc.width)
			if tc.lines > 0 && len(lines) != tc.lines {
				t.Errorf("got %d lines %q, want %d", len(lines), lines, tc.lines)
			}
			for _, l := range lines {
				if w := f.textWidth(l, false, 8); w > tc.width+0.01 && len([]rune(l)) > 1 {
					t.Errorf("line %q is %.1f mm wide, more than %.1f", l, w, tc.width)
				}
			}
			if got, want := strings.Join(strings.Fields(strings.Join(lines, "")), ""), strings.Join(strings.Fields(tc.in), ""); got != want {
				t.Errorf("wrapping lost or added text:\n got %q\nwant %q", got, want)
			}
		})
	}
}

func TestPDFCellText(t *testing.T) {
	day := risk.Date{Year: 2026, Month: 3, Day: 1}
	for _, tc := range []struct {
		name string
		kind Kind
		cell Cell
		want string
	}{
		{"Date", Date, Cell{Date: day}, "2026-03-01"},
		{"DateText", Date, Cell{Text: "2026-03-01", Date: day}, "2026-03-01"},
		{"NoDate", Date, Cell{}, ""},
		{"Percent", Percent, Cell{Text: "40", Number: 40}, "40%"},
		{"PercentText", Percent, Cell{Text: "40%", Number: 40}, "40%"},
		{"NoPercent", Percent, Cell{}, ""},
		{"Number", Number, Cell{Text: "12", Number: 12}, "12"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := pdfCellText(&Column{Kind: tc.kind}, &tc.cell); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestPDFContrast(t *testing.T) {
	for colour, want := range map[string]pdfRGB{"#2E7D32": pdfWhite, "#F9A825": pdfBlack, "#EF6C00": pdfBlack, "#C62828": pdfWhite, "#FFFFFF": pdfBlack} {
		c, ok := pdfParseColour(colour)
		if !ok {
			t.Fatalf("%s does not parse", colour)
		}
		if got := c.contrast(); got != want {
			t.Errorf("text on %s: got %v, want %v", colour, got, want)
		}
	}
}

// pdfLongTable has n rows whose text wraps to several lines.
func pdfLongTable(n int) *Table {
	t := &Table{Columns: []Column{{Title: "Ref", Width: 8}, {Title: "Risk", Kind: LongText, Width: 30}, {Title: "Owner", Width: 14}}}
	for i := range n {
		text := strings.Repeat(fmt.Sprintf("Row %d wraps over several lines of the cell. ", i), 1+i%7)
		t.Rows = append(t.Rows, []Cell{{Text: fmt.Sprint(i)}, {Text: text}, {Text: "Nguyễn Thị Minh"}})
	}
	return t
}

func TestPDFTableNeverSplitsARow(t *testing.T) {
	d := pdfLayoutDoc(t)
	d.y = 120 // start part-way down the page
	tbl := pdfLongTable(200)
	lay := d.tableLayout(tbl)
	placed := d.table(tbl)
	if len(placed) != 200 {
		t.Fatalf("got %d placements, want 200", len(placed))
	}
	pages := map[int]bool{}
	prevPage, prevEnd := 0, 0.0
	for _, p := range placed {
		if len(p.Parts) != 1 {
			t.Fatalf("row %d was split into %d parts", p.Row, len(p.Parts))
		}
		part := p.Parts[0]
		if part.Y+part.H > d.bottom()+0.01 {
			t.Errorf("row %d ends at %.1f mm, below the bottom margin %.1f", p.Row, part.Y+part.H, d.bottom())
		}
		switch {
		case part.Page == prevPage && part.Y < prevEnd-0.01:
			t.Errorf("row %d overlaps the row above", p.Row)
		case part.Page != prevPage && prevPage != 0:
			if part.Page != prevPage+1 {
				t.Errorf("row %d skips from page %d to %d", p.Row, prevPage, part.Page)
			}
			if want := pdfTop + lay.headerH; part.Y != want {
				t.Errorf("row %d opens page %d at %.1f mm, want %.1f (under the repeated header)", p.Row, part.Page, part.Y, want)
			}
		}
		pages[part.Page] = true
		prevPage, prevEnd = part.Page, part.Y+part.H
	}
	if len(pages) < 5 {
		t.Errorf("the table took %d pages; the test needs several", len(pages))
	}
}

func TestPDFTableSplitsOnlyARowTallerThanAPage(t *testing.T) {
	d := pdfLayoutDoc(t)
	tbl := pdfLongTable(3)
	tbl.Rows[1][1].Text = strings.Repeat("A line that goes on. ", 600)
	lay := d.tableLayout(tbl)
	placed := d.table(tbl)
	if n := len(placed[0].Parts); n != 1 {
		t.Fatalf("the first row has %d parts, want 1", n)
	}
	tall := placed[1].Parts
	if len(tall) < 2 {
		t.Fatalf("the tall row has %d parts, want it split across pages", len(tall))
	}
	_, lines := d.cellLines(&lay, tbl.Rows[1])
	next := 0
	for i, part := range tall {
		if part.From != next || part.To <= part.From {
			t.Errorf("part %d holds lines %d–%d, want it to start at %d", i, part.From, part.To, next)
		}
		if part.Y+part.H > d.bottom()+0.01 {
			t.Errorf("part %d ends below the bottom margin", i)
		}
		if i > 0 && (part.Page != tall[i-1].Page+1 || part.Y != pdfTop+lay.headerH) {
			t.Errorf("part %d is on page %d at %.1f mm, want the top of the next page under the header", i, part.Page, part.Y)
		}
		next = part.To
	}
	if next != lines {
		t.Errorf("the parts hold %d lines, want %d", next, lines)
	}
}

func TestPDFHeadingStaysWithWhatFollows(t *testing.T) {
	for name, next := range map[string]Block{
		"Table":     {Table: pdfLongTable(3)},
		"Paragraph": {Paragraph: strings.Repeat("Words that wrap. ", 40)},
		"Matrix":    {Matrix: pdfTestReport(t, 1).Sections[1].Blocks[2].Matrix},
	} {
		t.Run(name, func(t *testing.T) {
			d := pdfLayoutDoc(t)
			d.y = d.bottom() - 14 // room for the heading, not for what follows
			d.blocks([]Block{{Heading: "Sub-heading"}, next})
			h := d.anchors[len(d.anchors)-1]
			if h.Page != 2 || h.Y != pdfTop {
				t.Errorf("the heading is on page %d at %.1f mm; want the top of page 2", h.Page, h.Y)
			}
		})
	}
}

func TestPDFSectionOrientation(t *testing.T) {
	r := pdfTestReport(t, 3)
	want := map[string]bool{"overview": false, "criteria": false, "heatmap": true, "risks": true, "actions": false, "changes": false, "tabletop": false}
	for i := range r.Sections {
		s := &r.Sections[i]
		if w, ok := want[s.ID]; ok && pdfLandscape(s) != w {
			t.Errorf("section %s: landscape %v, want %v", s.ID, !w, w)
		}
	}
}

func TestFitWidths(t *testing.T) {
	sum := func(ws []float64) float64 {
		s := 0.0
		for _, w := range ws {
			s += w
		}
		return s
	}
	for _, tc := range []struct {
		name          string
		natural, need []float64
		limit         float64
		want          []float64
	}{
		{"AllFit", []float64{10, 20, 30}, []float64{5, 5, 5}, 60, []float64{10, 20, 30}},
		{"OneTooNarrowTakesFromTheSpare", []float64{10, 20, 30}, []float64{16, 5, 5}, 60, []float64{16, 17.75, 26.25}},
		{"GrowsIntoThePage", []float64{10, 10}, []float64{18, 9}, 40, []float64{18, 9}},
		{"NotEnoughRoomAnywhere", []float64{10, 10}, []float64{30, 30}, 30, []float64{15, 15}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := fitWidths(append([]float64(nil), tc.natural...), tc.need, tc.limit)
			for i := range got {
				if d := got[i] - tc.want[i]; d > 0.01 || d < -0.01 {
					t.Fatalf("got %v, want %v", got, tc.want)
				}
			}
			if s := sum(got); s > max(tc.limit, sum(tc.natural))+0.01 {
				t.Errorf("total %.1f wider than the page's %.1f", s, tc.limit)
			}
		})
	}
}

// TestPDFTableNeverBreaksWords: narrow columns are widened so that no word
// and no date is split across lines ("Exercis e", "2026-10-1 5").
func TestPDFTableNeverBreaksWords(t *testing.T) {
	d := pdfLayoutDoc(t)
	d.newPage(false)
	tb := &Table{Columns: []Column{
		{Title: "Issue", Kind: Text, Width: 4},
		{Title: "Kind", Kind: Text, Width: 4},
		{Title: "Date", Kind: Date, Width: 4},
		{Title: "Acceptance expires", Kind: Date, Width: 5},
		{Title: "What changed", Kind: LongText, Width: 90},
	}}
	for i := 0; i < 3; i++ {
		tb.Rows = append(tb.Rows, []Cell{text("12"), text("Exercise walkthrough"), date(risk.Date{Year: 2026, Month: 10, Day: 15}),
			date(risk.Date{Year: 2026, Month: 12, Day: 31}), text(strings.Repeat("Registrars were told late; ", 12))})
	}
	lay := d.tableLayout(tb)
	for i, c := range lay.cols {
		for _, word := range strings.Fields(c.col.Title) {
			if !slicesContainsWord(lay.header[i], word) {
				t.Errorf("column %q: header word %q is broken: %q", c.col.Title, word, lay.header[i])
			}
		}
	}
	lines, _ := d.cellLines(&lay, tb.Rows[0])
	for i, c := range lay.cols {
		for _, word := range strings.Fields(pdfCellText(c.col, &tb.Rows[0][c.index])) {
			if !slicesContainsWord(lines[i], word) {
				t.Errorf("column %q: word %q is broken across lines %q", c.col.Title, word, lines[i])
			}
		}
	}
	if lay.width > d.width()+0.01 {
		t.Errorf("table %.1f mm wide, page %.1f mm", lay.width, d.width())
	}
}

// slicesContainsWord reports whether one of the lines holds word whole.
func slicesContainsWord(lines []string, word string) bool {
	for _, l := range lines {
		for _, w := range strings.Fields(l) {
			if w == word {
				return true
			}
		}
	}
	return false
}
