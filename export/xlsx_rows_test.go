package export

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"riskbook/risk"
)

// countingRisks is a register that counts how many times it was read.
type countingRisks struct {
	RiskList
	reads int
}

func (c *countingRisks) Each(fn func(*risk.Risk) error) error {
	c.reads++
	return c.RiskList.Each(fn)
}

// The workbook reads the register once for its three tables of it (the
// register, its print layout and the treatment actions) besides the count,
// and writes the same bytes as from the same rows held in memory: the rows
// one table's read keeps for the others are those the others would have
// read, formula-like texts, dates, numbers and level colours included.
func TestWriteXLSXReadsTheRegisterOnce(t *testing.T) {
	in := sampleInput(t, Full)
	var risks RiskList
	for i := range 30 {
		for _, r := range in.Risks.(RiskList) {
			r.Ref = fmt.Sprintf("R-%03d", len(risks)+1)
			if i%3 == 1 {
				r.Actions = nil
			}
			risks = append(risks, r)
		}
	}
	in.Risks = RiskList(risks)
	r, err := Build(in)
	if err != nil {
		t.Fatal(err)
	}
	var want bytes.Buffer
	if err := WriteXLSX(&want, materialized(t, r)); err != nil {
		t.Fatal(err)
	}

	reg := &countingRisks{RiskList: risks}
	in.Risks = reg
	if r, err = Build(in); err != nil {
		t.Fatal(err)
	}
	var got bytes.Buffer
	if err := WriteXLSX(&got, r); err != nil {
		t.Fatal(err)
	}
	if reg.reads != 2 {
		t.Errorf("the register was read %d times, want twice: to count it, then once for the workbook's tables", reg.reads)
	}
	if !bytes.Equal(got.Bytes(), want.Bytes()) {
		t.Error("the workbook differs from the one written from the same rows held in memory")
	}
	// A second workbook of the same report reads the register again, and
	// is the same.
	var again bytes.Buffer
	if err := WriteXLSX(&again, r); err != nil {
		t.Fatal(err)
	}
	if reg.reads != 3 || !bytes.Equal(again.Bytes(), want.Bytes()) {
		t.Errorf("a second workbook read the register %d times in all (want 3) and is the same: %v", reg.reads, bytes.Equal(again.Bytes(), want.Bytes()))
	}
}

// Rows kept compactly come back cell for cell: texts, numbers (a negative
// zero included), dates and colours, rows of any length, from any row on.
func TestKeptRowsGiveBackTheRows(t *testing.T) {
	negZero := math.Copysign(0, -1)
	rows := [][]Cell{
		{text("R-1"), {Text: "High", Colour: "#FF0000"}, date(risk.Date{Year: 2026, Month: 3, Day: 1}), {Text: "40 %", Number: 40}},
		{},
		{text(""), {Number: negZero}, {Text: "=SUM(A1)"}},
		{{Text: "Ünïcödé 🔥", Colour: "#00FF00", Number: 1.5, Date: risk.Date{Year: 1999, Month: 12, Day: 31}}},
	}
	var k keptRows
	for _, r := range rows {
		k.add(slices.Clone(r))
	}
	for from := range len(rows) + 1 {
		var got [][]Cell
		if err := k.each(from, func(r []Cell) error { got = append(got, slices.Clone(r)); return nil }); err != nil {
			t.Fatal(err)
		}
		want := rows[from:]
		if len(got) != len(want) {
			t.Fatalf("from %d: %d rows, want %d", from, len(got), len(want))
		}
		for i := range want {
			same := len(got[i]) == len(want[i])
			for j := 0; same && j < len(want[i]); j++ {
				g, w := got[i][j], want[i][j]
				same = g.Text == w.Text && math.Float64bits(g.Number) == math.Float64bits(w.Number) && g.Date == w.Date && g.Colour == w.Colour
			}
			if !same {
				t.Errorf("from %d, row %d: got %+v, want %+v", from, i, got[i], want[i])
			}
		}
	}
}

// xlTrickyRows are rows with every kind of value a workbook writes and the
// texts XML, excelize and Excel treat specially.
func xlTrickyRows() (rows [][]xlCell, heights []float64) {
	long := strings.Repeat("é😀", 11000) // over 32,767 UTF-16 units, cut inside a pair
	texts := []string{
		"plain", "", " leading", "trailing ", "\ttab", "line\nbreak", "cr\r\nlf\n", `<b>&"quoted"'</b>`,
		"ctrl\x01\x1f", "bad \xff utf-8", "not a char \uFFFE", "nor \uFFFF", "surrogate \xed\xa0\x80", "replacement \uFFFD", "_x0041_ and _x005F_x0041_",
		"_x005F_", "_x12G4_", "_x", "x_x_", "é à ü ß Ω 中文 😀", "\u2028 line sep", "=SUM(A1)", long, long + " ",
	}
	numbers := []float64{0, -0.0, 1, -1.5, 0.1, 1e21, 1e-7, 45678, math.NaN(), math.Inf(1), math.Inf(-1), 123456789.123}
	for i, s := range texts {
		rows = append(rows, []xlCell{{col: 1, style: i % 3, value: s}, {col: 2, value: numbers[i%len(numbers)]},
			{col: 3, style: 7}, {col: 5, style: 2, value: s}, {col: 28, value: float64(i)}})
		heights = append(heights, []float64{0, 15, 31.5, 409, 0.75}[i%5])
	}
	for _, n := range numbers {
		rows = append(rows, []xlCell{{col: 1, value: n}, {col: 3, style: 1, value: n}})
		heights = append(heights, 0)
	}
	// a row of nothing but a height, and a row of blank styled cells
	rows = append(rows, nil, []xlCell{{col: 2, style: 4}, {col: 3, style: 5}})
	heights = append(heights, 20, 0)
	return rows, heights
}

// TestOwnRowsAsExcelizeWritesThem: the rows a streamed sheet writes itself
// are byte for byte those excelize's stream writer writes for the same
// cells.
func TestOwnRowsAsExcelizeWritesThem(t *testing.T) {
	rows, heights := xlTrickyRows()
	f := excelize.NewFile()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	var own xlRows
	for i, cells := range rows {
		r := i + 1
		if cells == nil {
			if err := sw.SetRow(fmt.Sprintf("A%d", r), nil, excelize.RowOpts{Height: heights[i]}); err != nil {
				t.Fatal(err)
			}
		} else {
			first := cells[0].col
			var vals []any
			for _, c := range cells {
				for len(vals) < c.col-first {
					vals = append(vals, nil)
				}
				vals = append(vals, excelize.Cell{StyleID: c.style, Value: c.value})
			}
			ref, _ := excelize.CoordinatesToCellName(first, r)
			if err := sw.SetRow(ref, vals, excelize.RowOpts{Height: heights[i]}); err != nil {
				t.Fatal(err)
			}
		}
		if err := own.add(r, cells, heights[i]); err != nil {
			t.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		t.Fatal(err)
	}
	var file bytes.Buffer
	if err := f.Write(&file); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(file.Bytes()), int64(file.Len()))
	if err != nil {
		t.Fatal(err)
	}
	rc, err := zr.Open("xl/worksheets/sheet1.xml")
	if err != nil {
		t.Fatal(err)
	}
	sheet, _ := io.ReadAll(rc)
	from, to := bytes.Index(sheet, []byte("<sheetData>")), bytes.Index(sheet, xlSheetDataEnd)
	if from < 0 || to < 0 {
		t.Fatalf("no sheet data in %.200s", sheet)
	}
	want := sheet[from+len("<sheetData>") : to]
	var got []byte
	if err := own.writeTo(func(b []byte) error { got = append(got, b...); return nil }); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		i := 0
		for i < len(got) && i < len(want) && got[i] == want[i] {
			i++
		}
		t.Fatalf("rows differ at byte %d of %d/%d:\n got %.160q\nwant %.160q", i, len(got), len(want), got[max(i-40, 0):], want[max(i-40, 0):])
	}
	if err := own.add(len(rows), nil, 15); err == nil {
		t.Error("a row written after a later one was accepted")
	}
	if err := own.add(len(rows)+5, nil, 410); err == nil {
		t.Error("a row higher than Excel allows was accepted")
	}
}

// TestRowsPlacedWhereverThePartIsCut: the rows go just before
// </sheetData>, however the part's writes cut it, and a part without one
// is an error.
func TestRowsPlacedWhereverThePartIsCut(t *testing.T) {
	part := []byte(`<worksheet><sheetData><row r="1"></row></sheetData><tableParts/></worksheet>`)
	for size := 1; size <= len(part); size++ {
		var rows xlRows
		for r := 2; r < 6; r++ { // more than a chunk
			if err := rows.add(r, []xlCell{{col: 1, value: strings.Repeat("x", xlRowsChunk/3)}}, 0); err != nil {
				t.Fatal(err)
			}
		}
		var want []byte
		want = append(want, part[:bytes.Index(part, xlSheetDataEnd)]...)
		for _, c := range append(slices.Clone(rows.chunks), rows.b) {
			want = append(want, c...)
		}
		want = append(want, part[bytes.Index(part, xlSheetDataEnd):]...)
		var got []byte
		p := xlPlace{rows: &rows}
		write := func(b []byte) error { got = append(got, b...); return nil }
		for i := 0; i < len(part); i += size {
			if err := p.write(part[i:min(i+size, len(part))], write, write); err != nil {
				t.Fatal(err)
			}
		}
		if err := p.placed("sheet"); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Fatalf("pieces of %d: got %d bytes, want %d", size, len(got), len(want))
		}
	}
	// through the workbook's zip writer, which compresses such a part on
	// a goroutine of its own
	var big xlRows
	for r := 2; r < 6; r++ {
		if err := big.add(r, []xlCell{{col: 1, value: strings.Repeat("y", xlRowsChunk/3)}}, 0); err != nil {
			t.Fatal(err)
		}
	}
	want := append(slices.Clone(part[:bytes.Index(part, xlSheetDataEnd)]), slices.Concat(append(slices.Clone(big.chunks), big.b)...)...)
	want = append(want, part[bytes.Index(part, xlSheetDataEnd):]...)
	var file bytes.Buffer
	z := newXLZip(&file, time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), map[string]*xlRows{"xl/worksheets/sheet2.xml": &big})
	for _, name := range []string{"xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml", "xl/worksheets/sheet3.xml"} {
		w, err := z.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(part); err != nil {
			t.Fatal(err)
		}
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(file.Bytes()), int64(file.Len()))
	if err != nil {
		t.Fatal(err)
	}
	for i, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(rc)
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		if w := map[bool][]byte{true: want, false: part}[i == 1]; !bytes.Equal(got, w) {
			t.Errorf("%s: %d bytes, want %d", f.Name, len(got), len(w))
		}
	}

	var rows xlRows
	_ = rows.add(1, nil, 12)
	p := xlPlace{rows: &rows}
	if err := p.write([]byte(`<worksheet><sheetData/></worksheet>`), func([]byte) error { return nil }, nil); err != nil {
		t.Fatal(err)
	}
	if p.placed("sheet") == nil {
		t.Error("rows with no place to go were not reported")
	}
}

// TestRowsPastMemoryGoToAFile: rows past what a sheet keeps in memory go
// to a temporary file and come back in order; the file goes with them, or
// when the workbook is closed unwritten.
func TestRowsPastMemoryGoToAFile(t *testing.T) {
	var rows xlRows
	var want []byte
	text := strings.Repeat("z", xlRowsChunk/2+1)
	for r := 1; len(want) < xlRowsInMemory+5*xlRowsChunk; r++ {
		if err := rows.add(r, []xlCell{{col: 1, value: text}, {col: 2, value: float64(r)}}, 0); err != nil {
			t.Fatal(err)
		}
		want = append(want, rows.row...)
	}
	if rows.tmp == nil {
		t.Fatal("no temporary file")
	}
	name := rows.tmp.Name()
	if rows.kept > xlRowsInMemory {
		t.Errorf("%d bytes kept in memory", rows.kept)
	}
	var got []byte
	if err := rows.writeTo(func(b []byte) error { got = append(got, b...); return nil }); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("got %d bytes back, want %d", len(got), len(want))
	}
	if _, err := os.Stat(name); !os.IsNotExist(err) {
		t.Errorf("temporary file left: %v", err)
	}

	var left xlRows
	for r := 1; left.tmp == nil; r++ {
		if err := left.add(r, []xlCell{{col: 1, value: text}}, 0); err != nil {
			t.Fatal(err)
		}
	}
	name = left.tmp.Name()
	if err := left.close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(name); !os.IsNotExist(err) {
		t.Errorf("temporary file left: %v", err)
	}
}
