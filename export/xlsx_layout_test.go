package export

import (
	"archive/zip"
	"bytes"
	"io"
	"math/rand/v2"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"riskbook/risk"
)

func TestWriteXLSXPrintSetUp(t *testing.T) {
	r, f := xlsxSample(t)
	titles := map[string]string{}
	for _, dn := range f.GetDefinedName() {
		if dn.Name == "_xlnm.Print_Titles" {
			titles[dn.Scope] = dn.RefersTo
		}
	}
	for _, sheet := range f.GetSheetList() {
		if sheet == "Lists" {
			continue
		}
		t.Run(sheet, func(t *testing.T) {
			layout, err := f.GetPageLayout(sheet)
			if err != nil {
				t.Fatal(err)
			}
			props, err := f.GetSheetProps(sheet)
			if err != nil {
				t.Fatal(err)
			}
			// A sheet too wide to fit a page readably (the full register)
			// prints at full size; Register (print) is its paper form.
			wantFit := true
			for _, sec := range r.Sections {
				for _, b := range sec.Blocks {
					if b.Table != nil && sec.Sheet == sheet {
						w := 0.0
						for _, c := range b.Table.Columns {
							w += xlColumnWidth(c)
						}
						wantFit = wantFit && w <= xlFitWidth
					}
				}
			}
			if sheet == "Risks" && wantFit || sheet == "Register (print)" && !wantFit {
				t.Errorf("the full register fits a page, or its print layout does not")
			}
			if fit := props.FitToPage != nil && *props.FitToPage; fit != wantFit {
				t.Errorf("FitToPage: got %v, want %v", fit, wantFit)
			}
			if *layout.Orientation != "landscape" || wantFit && (layout.FitToWidth == nil || *layout.FitToWidth != 1 || *layout.FitToHeight != 0) {
				t.Errorf("page layout: got %s, fit %v×%v; want landscape, 1×0", *layout.Orientation, layout.FitToWidth, layout.FitToHeight)
			}
			hf, err := f.GetHeaderFooter(sheet)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(hf.OddHeader, r.Meta.Classification) || !strings.Contains(hf.OddFooter, "Page &P of &N") ||
				!strings.Contains(hf.OddFooter, r.Meta.Title) || !strings.Contains(hf.OddHeader, "Registry of .xx && partners") {
				t.Errorf("header %q, footer %q: want classification, escaped organisation, title and page numbers", hf.OddHeader, hf.OddFooter)
			}
		})
	}
	for _, tc := range []struct{ sheet, titles string }{
		{"Risks", "'Risks'!$5:$5"}, {"Register (print)", "'Register (print)'!$5:$5"}, {"Actions", "'Actions'!$5:$5"}, {"Change log", "'Change log'!$5:$5"},
	} {
		if got := titles[tc.sheet]; got != tc.titles {
			t.Errorf("print titles of %s: got %q, want %q", tc.sheet, got, tc.titles)
		}
	}
	if _, ok := titles["Criteria"]; ok {
		t.Error("Criteria repeats a header on every page, but its tables sit below the matrix")
	}
}

func TestWriteXLSXFrozenHeader(t *testing.T) {
	_, f := xlsxSample(t)
	for _, tc := range []struct {
		sheet        string
		freeze       bool
		xSplit, rows int
	}{
		{"Risks", true, 1, 5}, {"Actions", true, 0, 5}, {"Change log", true, 0, 5},
		{"Summary", false, 0, 0}, {"Criteria", false, 0, 0}, {"Heat map", false, 0, 0},
	} {
		t.Run(tc.sheet, func(t *testing.T) {
			p, err := f.GetPanes(tc.sheet)
			if err != nil {
				t.Fatal(err)
			}
			if p.Freeze != tc.freeze || p.XSplit != tc.xSplit || p.YSplit != tc.rows {
				t.Errorf("panes: got freeze %v at %d×%d, want %v at %d×%d", p.Freeze, p.XSplit, p.YSplit, tc.freeze, tc.xSplit, tc.rows)
			}
		})
	}
}

func TestWriteXLSXHeatMap(t *testing.T) {
	r, f := xlsxSample(t)
	rows, err := f.GetRows("Heat map")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Inherent risk", "Residual risk", "Almost certain", "Negligible", r.Sections[2].Blocks[1].Matrix.Note} {
		if !xlsxRowsHold(rows, want) {
			t.Errorf("heat map does not show %q", want)
		}
	}
	// Counts stay numbers; the mark above the appetite is a number format.
	m := r.Sections[2].Blocks[1].Matrix
	for i, row := range m.Cells {
		for j, c := range row {
			if c.Text == "" {
				continue
			}
			cell, _ := excelize.CoordinatesToCellName(2+j, 6+i)
			got, _ := f.GetCellValue("Heat map", cell, excelize.Options{RawCellValue: true})
			if got != c.Text {
				t.Errorf("%s: got %q, want %s", cell, got, c.Text)
			}
			if typ, _ := f.GetCellType("Heat map", cell); typ == excelize.CellTypeInlineString || typ == excelize.CellTypeSharedString {
				t.Errorf("%s: a count stored as text", cell)
			}
		}
	}
}

func TestXLSheetName(t *testing.T) {
	taken := map[string]bool{}
	for _, tc := range []struct{ name, in, want string }{
		{"Plain", "Risks", "Risks"},
		{"Duplicate", "risks", "risks (2)"},
		{"ForbiddenCharacters", "Risks: Q1/Q2 [draft]?", "Risks- Q1-Q2 -draft--"},
		{"Apostrophes", "'Quoted'", "Quoted"},
		{"Empty", "  ", "Sheet"},
		{"Reserved", "History", "History (1)"},
		{"Long", strings.Repeat("Ω", 40), strings.Repeat("Ω", 31)},
		{"LongDuplicate", strings.Repeat("Ω", 40), strings.Repeat("Ω", 27) + " (2)"},
		{"Astral", strings.Repeat("𝄞", 20), strings.Repeat("𝄞", 15)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := xlSheetName(tc.in, taken); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestXLTableName(t *testing.T) {
	b := &xlBook{tables: map[string]bool{}}
	for _, tc := range []struct{ name, in, want string }{
		{"Plain", "Risks", "Risks"},
		{"Duplicate", "RISKS", "RISKS_2"},
		{"Spaces", "Change log", "Change_log"},
		{"CellReference", "SOA1", "T_SOA1"},
		{"R1C1", "R1C1", "T_R1C1"},
		{"RowLetter", "R", "T_R"},
		{"Digit", "2026Plan", "T_2026Plan"},
		{"NonASCII", "Rủi_ro", "R_i_ro"},
		{"Empty", "", "Table"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := b.tableName(tc.in)
			if got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
			f := excelize.NewFile()
			t.Cleanup(func() {
				if err := f.Close(); err != nil {
					t.Error(err)
				}
			})
			if err := f.SetSheetRow("Sheet1", "A1", &[]string{"x"}); err != nil {
				t.Fatal(err)
			}
			if err := f.AddTable("Sheet1", &excelize.Table{Range: "A1:A2", Name: got}); err != nil {
				t.Errorf("excelize refuses %q: %v", got, err)
			}
		})
	}
}

func TestXLHeaderFooter(t *testing.T) {
	for _, tc := range []struct {
		name string
		meta Meta
	}{
		{"Short", Meta{Title: "Register", Organisation: "A & B", Classification: "Confidential", Version: "1", Date: time.Date(2026, 3, 31, 0, 0, 0, 0, time.UTC)}},
		{"Long", Meta{Title: strings.Repeat("Very long title & more ", 20), Organisation: strings.Repeat("Org & Co ", 40), Classification: "Restricted"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			header, footer := xlHeaderFooter(tc.meta, nil)
			for _, hf := range []string{header, footer} {
				if n := len([]rune(hf)); n > 255 {
					t.Errorf("%d characters, want at most 255: %q", n, hf)
				}
				if strings.Contains(strings.ReplaceAll(hf, "&&", ""), "& ") {
					t.Errorf("an unescaped & in %q", hf)
				}
			}
			if !strings.Contains(header, tc.meta.Classification) || !strings.Contains(footer, "Page &P of &N") {
				t.Errorf("header %q, footer %q: want the classification and page numbers", header, footer)
			}
		})
	}
}

func TestXLInlineList(t *testing.T) {
	for _, tc := range []struct {
		name    string
		options []string
		want    bool
	}{
		{"Short", []string{"reduce", "avoid"}, true},
		{"Comma", []string{"yes, partly", "no"}, false},
		{"Quote", []string{`"a"`}, false},
		{"Empty", []string{"a", ""}, false},
		{"Formula", []string{"=A1"}, false},
		{"At255", []string{strings.Repeat("a", 127), strings.Repeat("b", 127)}, true},
		{"Over255", []string{strings.Repeat("a", 128), strings.Repeat("b", 127)}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := xlInlineList(tc.options); got != tc.want {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

func TestXLInk(t *testing.T) {
	for _, tc := range []struct{ fill, want string }{
		{"#C62828", "FFFFFF"}, {"#2E7D32", "FFFFFF"}, {"#F9A825", "000000"}, {"#FFFFFF", "000000"}, {"nonsense", "000000"},
	} {
		if got := xlInk(tc.fill); got != tc.want {
			t.Errorf("ink on %s: got %s, want %s", tc.fill, got, tc.want)
		}
	}
}

func TestXLSerial(t *testing.T) {
	for _, tc := range []struct {
		d    risk.Date
		want float64
		ok   bool
	}{
		{risk.Date{Year: 2026, Month: 3, Day: 31}, 46112, true},
		{risk.Date{Year: 1900, Month: 3, Day: 1}, 61, true},
		{risk.Date{Year: 1900, Month: 2, Day: 28}, 0, false},
	} {
		if got, ok := xlSerial(tc.d); got != tc.want || ok != tc.ok {
			t.Errorf("%v: got %v %v, want %v %v", tc.d, got, ok, tc.want, tc.ok)
		}
	}
}

func TestXLLines(t *testing.T) {
	for _, tc := range []struct {
		name  string
		text  string
		width float64
		min   int
		max   int
	}{
		{"OneWord", "Low", 10, 1, 1},
		{"Fits", "Registry database lost", 40, 1, 1},
		{"Wraps", strings.Repeat("word ", 40), 20, 10, 16},
		{"NewLines", "a\nb\nc", 40, 3, 3},
		{"LongWord", strings.Repeat("x", 100), 20, 5, 7},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := xlLines(tc.text, tc.width, false); got < tc.min || got > tc.max {
				t.Errorf("got %d lines, want %d..%d", got, tc.min, tc.max)
			}
		})
	}
}

func TestXLRef(t *testing.T) {
	for _, tc := range []struct {
		col, row int
		want     string
	}{{1, 1, "A1"}, {26, 2, "Z2"}, {27, 3, "AA3"}, {52, 4, "AZ4"}, {703, 5, "AAA5"}, {16384, 6, "XFD6"}} {
		if got := xlRef(tc.col, tc.row); got != tc.want {
			t.Errorf("xlRef(%d, %d): got %s, want %s", tc.col, tc.row, got, tc.want)
		}
	}
}

// Excel asks to repair a sheet whose column definitions are out of order;
// excelize writes them in the reverse order of the calls.
func TestWriteXLSXColumnsInOrder(t *testing.T) {
	b := xlsxRender(t, xlsxTestReport(t, 5))
	z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	colMin := regexp.MustCompile(`<col min="(\d+)"`)
	for _, zf := range z.File {
		if !strings.HasPrefix(zf.Name, "xl/worksheets/sheet") {
			continue
		}
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		xml, err := io.ReadAll(rc)
		if cerr := rc.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			t.Fatal(err)
		}
		last := 0
		for _, m := range colMin.FindAllSubmatch(xml, -1) {
			n, err := strconv.Atoi(string(m[1]))
			if err != nil || n <= last {
				t.Errorf("%s: column %s after %d", zf.Name, m[1], last)
			}
			last = n
		}
	}
}

// TestLinesCountedInPlace: xlLines, which finds words in place, counts
// the lines that splitting into paragraphs and words (strings.Split and
// strings.Fields, as it did) counts, for every kind of white space; both
// lay the words out on lines the same way (xlWrap, tested by the heights).
func TestLinesCountedInPlace(t *testing.T) {
	split := func(text string, width float64, bold bool) int {
		wr := newXLWrap(width, bold)
		for i, para := range strings.Split(text, "\n") {
			if i > 0 {
				wr.newline()
			}
			for _, word := range strings.Fields(para) {
				wr.word(word)
			}
		}
		return wr.lines
	}
	pieces := []string{"a", "Risk", "WWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWW", "é", "e\u0301", "中文", "😀", " ", "  ", "\n", "\n\n",
		"\r\n", "\t", "\u00a0", "\u3000", "\u2028", "\u0085", "\xff", "-", "ii", ".", "Überprüfung"}
	rnd := rand.New(rand.NewPCG(16, 7))
	for n := 0; n < 5000; n++ {
		var b strings.Builder
		for k := rnd.IntN(40); k > 0; k-- {
			b.WriteString(pieces[rnd.IntN(len(pieces))])
		}
		text, width, bold := b.String(), 1+rnd.Float64()*60, rnd.IntN(2) == 0
		if got, want := xlLines(text, width, bold), split(text, width, bold); got != want {
			t.Fatalf("xlLines(%q, %v, %v) = %d, want %d", text, width, bold, got, want)
		}
	}
}
