package export

import (
	"errors"
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
