package export

import (
	"errors"
	"math"
	"strings"
	"time"

	"riskbook/risk"
)

// A registry group's workspace holds tens of thousands of risks and a
// change log longer still: more than a document can hold in memory at
// once and still be made in seconds. So a report never holds them. The
// builder reads the register once to count what the sections say of it
// (Build), and the tables that list it are RowSources, which read it again
// each time a renderer goes through them, a row at a time; the change log
// is read only where it is printed, and only the rows printed. A new
// section over the register follows the same pattern: its counts in
// registerStats, its rows in a rowStream.

// Risks is the register a report is built from, in reference order.
// Each may be called several times (to count, then to print each table);
// the workspace reads it from the store a batch at a time.
type Risks interface {
	// Len is how many risks Each gives.
	Len() int
	// Each calls fn with every risk in reference order and stops at the
	// first error fn returns, returning it. fn must not keep r.
	Each(fn func(r *risk.Risk) error) error
}

// RiskList is a register held in memory.
type RiskList []risk.Risk

// Len is how many risks the list holds.
func (l RiskList) Len() int { return len(l) }

// Each calls fn with every risk of the list in order.
func (l RiskList) Each(fn func(*risk.Risk) error) error {
	for i := range l {
		if err := fn(&l[i]); err != nil {
			return err
		}
	}
	return nil
}

// ChangeSummary is the change log's extent: how many rows, by how many
// people, from when to when.
type ChangeSummary struct {
	Rows        int
	Actors      int
	First, Last time.Time
}

// ChangeLog is the change log as a report reads it: its extent, and the
// rows a document prints or sums up, read from the store only then.
type ChangeLog interface {
	Summary() ChangeSummary
	// Each calls fn with the rows from the from-th on (counting from 0),
	// oldest first, and stops at the first error fn returns.
	Each(from int, fn func(*Change) error) error
	// Between calls fn with the rows whose ID is above from and at most
	// to, oldest first, and stops at the first error fn returns.
	Between(from, to int64, fn func(*Change) error) error
}

// ChangeList is a change log held in memory, oldest first.
type ChangeList []Change

// Summary counts the rows and the people who made them.
func (l ChangeList) Summary() ChangeSummary {
	s := ChangeSummary{Rows: len(l)}
	actors := map[string]bool{}
	for _, c := range l {
		actors[c.Actor] = true
	}
	s.Actors = len(actors)
	if len(l) > 0 {
		s.First, s.Last = l[0].At, l[len(l)-1].At
	}
	return s
}

// Between calls fn with the rows whose ID is above from and at most to.
func (l ChangeList) Between(from, to int64, fn func(*Change) error) error {
	for i := range l {
		if l[i].ID > from && l[i].ID <= to {
			if err := fn(&l[i]); err != nil {
				return err
			}
		}
	}
	return nil
}

// Each calls fn with the rows from the from-th on.
func (l ChangeList) Each(from int, fn func(*Change) error) error {
	for i := max(from, 0); i < len(l); i++ {
		if err := fn(&l[i]); err != nil {
			return err
		}
	}
	return nil
}

// RowSource gives a table's rows when a renderer goes through them,
// instead of holding them: a register too long to keep in memory.
type RowSource interface {
	// Len is how many rows Each gives from the start.
	Len() int
	// Each calls fn with the rows from the from-th on (counting from 0)
	// and stops at the first error fn returns, returning it. The row is
	// valid only during the call.
	Each(from int, fn func(row []Cell) error) error
}

// rowStream is a RowSource made of a function.
type rowStream struct {
	n    int
	each func(from int, fn func([]Cell) error) error
}

func (s rowStream) Len() int                                   { return s.n }
func (s rowStream) Each(from int, fn func([]Cell) error) error { return s.each(from, fn) }

// Len is how many rows the table has.
func (t *Table) Len() int {
	if t.Source != nil {
		return t.Source.Len()
	}
	return len(t.Rows)
}

// EachRow calls fn with the table's rows from the from-th on, from Rows or
// from Source, and stops at the first error fn returns.
func (t *Table) EachRow(from int, fn func(row []Cell) error) error {
	if t.Source != nil {
		return t.Source.Each(max(from, 0), fn)
	}
	for i := max(from, 0); i < len(t.Rows); i++ {
		if err := fn(t.Rows[i]); err != nil {
			return err
		}
	}
	return nil
}

// errEnough stops a walk through rows early; the walk then succeeded.
var errEnough = errors.New("enough rows")

// firstRows calls fn with up to n rows from the from-th on.
func (t *Table) firstRows(from, n int, fn func(row []Cell)) error {
	if n <= 0 {
		return nil
	}
	seen := 0
	err := t.EachRow(from, func(row []Cell) error {
		fn(row)
		if seen++; seen >= n {
			return errEnough
		}
		return nil
	})
	if errors.Is(err, errEnough) {
		return nil
	}
	return err
}

// registerRows is a table made from the register's risks as it is read
// (builder.rowsOf). The workbook holds several (the register, its print
// layout, the treatment actions): the first one written reads the
// register once for all, keeping the others' rows (keepFor), so that a
// workbook reads the register once besides the count, not once per sheet.
type registerRows struct {
	n     int
	risks Risks
	of    *builder // the report it belongs to: tables of one report read one register
	rows  func(r *risk.Risk, row []Cell, emit func([]Cell) error) error
	row   []Cell    // reused from row to row
	kept  *keptRows // the rows another table's read kept, for the next read
}

func (s *registerRows) Len() int { return s.n }

// Each gives the rows kept by another table's read, once, or reads the
// register.
func (s *registerRows) Each(from int, fn func([]Cell) error) error {
	if k := s.kept; k != nil {
		s.kept = nil
		return k.each(from, fn)
	}
	return s.read(from, fn, nil)
}

// read reads the register once, calling fn with this table's rows from the
// from-th on and keeping every row of the others, which their next Each
// gives without reading the register again.
func (s *registerRows) read(from int, fn func([]Cell) error, others []*registerRows) error {
	keep := make([]*keptRows, len(others))
	for i := range keep {
		keep[i] = &keptRows{}
	}
	i := 0
	err := s.risks.Each(func(r *risk.Risk) error {
		for k, o := range others {
			err := o.rows(r, o.row, func(cells []Cell) error {
				o.row = cells[:0]
				keep[k].add(cells)
				return nil
			})
			if err != nil {
				return err
			}
		}
		return s.rows(r, s.row, func(cells []Cell) error {
			s.row = cells[:0]
			i++
			if i <= from {
				return nil
			}
			return fn(cells)
		})
	})
	if err != nil {
		return err
	}
	for k, o := range others {
		o.kept = keep[k]
	}
	return nil
}

// sharesRegister reports whether o reads the same register as s, and
// has rows to keep.
func (s *registerRows) sharesRegister(o *registerRows) bool {
	return o != s && o.of == s.of && o.n > 0
}

// eachRowKeeping calls fn with the rows of t from the from-th on, as
// EachRow does; when t and some of others are tables of the same
// register, read from its start, one read of the register gives t's rows
// and keeps those of the others for their next read.
func eachRowKeeping(t *Table, from int, fn func([]Cell) error, others []*Table) error {
	s, ok := t.Source.(*registerRows)
	if !ok || from > 0 || s.kept != nil {
		return t.EachRow(from, fn)
	}
	var sharing []*registerRows
	for _, o := range others {
		if os, ok := o.Source.(*registerRows); ok && s.sharesRegister(os) && os.kept == nil {
			sharing = append(sharing, os)
		}
	}
	return s.read(from, fn, sharing)
}

// keptRows are a table's rows held compactly: per row, the text of its
// cells in one string, and the numbers, dates and colours of the few
// cells that have one.
type keptRows struct {
	text   []string   // per row, its cells' texts one after the other
	ends   []uint32   // per cell, where its text ends in its row's text
	rowEnd []uint32   // per row, where its cells end in ends
	extras []keptCell // the cells with a number, a date or a colour, in order
	b      strings.Builder
	row    []Cell // the row handed out, reused
}

// keptCell is what a cell holds besides its text.
type keptCell struct {
	at     uint32 // the cell, as an index in ends
	number float64
	date   risk.Date
	colour string
}

func (k *keptRows) add(cells []Cell) {
	k.b.Reset()
	for i := range cells {
		c := &cells[i]
		k.b.WriteString(c.Text)
		if math.Float64bits(c.Number) != 0 || !c.Date.IsZero() || c.Colour != "" {
			k.extras = append(k.extras, keptCell{at: uint32(len(k.ends)), number: c.Number, date: c.Date, colour: c.Colour})
		}
		k.ends = append(k.ends, uint32(k.b.Len()))
	}
	k.text = append(k.text, k.b.String())
	k.rowEnd = append(k.rowEnd, uint32(len(k.ends)))
}

// each calls fn with the rows from the from-th on, each as it was kept;
// the row is valid only during the call.
func (k *keptRows) each(from int, fn func([]Cell) error) error {
	x := 0
	for r := max(from, 0); r < len(k.text); r++ {
		first := uint32(0)
		if r > 0 {
			first = k.rowEnd[r-1]
		}
		k.row = k.row[:0]
		start, s := uint32(0), k.text[r]
		for at := first; at < k.rowEnd[r]; at++ {
			end := k.ends[at]
			c := Cell{Text: s[start:end]}
			start = end
			for x < len(k.extras) && k.extras[x].at < at {
				x++
			}
			if x < len(k.extras) && k.extras[x].at == at {
				e := &k.extras[x]
				c.Number, c.Date, c.Colour = e.number, e.date, e.colour
			}
			k.row = append(k.row, c)
		}
		if err := fn(k.row); err != nil {
			return err
		}
	}
	return nil
}
