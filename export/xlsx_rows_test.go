package export

import (
	"bytes"
	"fmt"
	"math"
	"slices"
	"testing"

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
