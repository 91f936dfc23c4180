package export

import (
	"bytes"
	"errors"
	"io"
	"slices"
	"testing"
)

// countingSource gives rows held in memory as a streamed table does, and
// counts how many times they were read.
type countingSource struct {
	rows  [][]Cell
	reads int
}

func (s *countingSource) Len() int { return len(s.rows) }

func (s *countingSource) Each(from int, fn func([]Cell) error) error {
	s.reads++
	for _, row := range s.rows[from:] {
		// A copy, as a source builds each row afresh: the renderer must not keep it.
		if err := fn(slices.Clone(row)); err != nil {
			return err
		}
	}
	return nil
}

// streamed turns every table of r with rows into a streamed one.
func streamed(r *Report) []*countingSource {
	var sources []*countingSource
	for i := range r.Sections {
		for _, b := range r.Sections[i].Blocks {
			if t := b.Table; t != nil && len(t.Rows) > 0 {
				s := &countingSource{rows: t.Rows}
				t.Source, t.Rows = s, nil
				sources = append(sources, s)
			}
		}
	}
	return sources
}

// The PDF reads a streamed table once for its two passes, and prints it
// exactly as it prints the same rows held in memory.
func TestWritePDFReadsStreamedTablesOnce(t *testing.T) {
	want := pdfRender(t, pdfTestReport(t, 120))
	wantMissing, err := UnprintableIn(pdfTestReport(t, 120))
	if err != nil {
		t.Fatal(err)
	}
	r := pdfTestReport(t, 120)
	sources := streamed(r)
	if len(sources) < 3 {
		t.Fatalf("%d tables streamed, want the register, the actions and the change log at least", len(sources))
	}
	got := pdfRender(t, r)
	if !bytes.Equal(got, want) {
		t.Error("the PDF of streamed tables differs from that of the same rows in memory")
	}
	for i, s := range sources {
		if s.reads != 1 {
			t.Errorf("table %d was read %d times, want once", i, s.reads)
		}
	}
	missing, err := UnprintableIn(r)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(missing, wantMissing) {
		t.Errorf("unprintable characters %v, want %v", missing, wantMissing)
	}
}

// Stop ends the rendering of rows kept between the passes, which no longer
// come from the workspace's reads that a cancelled export interrupts.
func TestWritePDFStops(t *testing.T) {
	r := pdfTestReport(t, 300)
	streamed(r)
	errStop := errors.New("stopped")
	rows := 0
	r.Progress = func(done, total int) { rows = done }
	r.Stop = func() error {
		if rows >= 350 {
			return errStop
		}
		return nil
	}
	if err := WritePDF(io.Discard, r); !errors.Is(err, errStop) {
		t.Fatalf("got %v, want %v", err, errStop)
	}
	if rows != 350 {
		t.Errorf("went through %d rows, want to stop at 350", rows)
	}
}
