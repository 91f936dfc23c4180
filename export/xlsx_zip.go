package export

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"fmt"
	"hash"
	"hash/crc32"
	"io"
	"io/fs"
	"slices"
	"time"

	"github.com/xuri/excelize/v2"
)

// xlZip is the zip writer excelize saves through. excelize writes streamed
// worksheets in map order, so two saves of the same workbook can differ in
// the order of their zip entries; xlZip collects the parts and writes them
// in a fixed order ([Content_Types].xml first, then by name), each stamped
// with the report's date. Each part is compressed as excelize writes it,
// so that only the compressed workbook is ever held in memory: a register
// of 50,000 risks is some 80 MB of worksheet XML, and a tenth of that
// compressed. (Deflate gives the same bytes however its input is split
// into writes.)
type xlZip struct {
	w     io.Writer
	at    time.Time
	names []string
	parts map[string]*xlPart
	open  *xlPart // the part being written
	// rows are the streamed sheets' own rows by part name (xlRows), placed
	// in their parts as excelize writes them.
	rows map[string]*xlRows
	// fw compresses one part after the other: a compressor is a megabyte
	// of state, reset for each part rather than made anew (the same bytes).
	fw *flate.Writer
}

// xlPart is one part, compressed as it is written; a part that receives a
// sheet's own rows is compressed on a goroutine of its own once excelize
// has written it, while excelize goes on with the next parts (a register's
// sheets are most of the workbook's bytes).
type xlPart struct {
	data  bytes.Buffer
	fw    *flate.Writer
	crc   hash.Hash32
	size  int
	err   error
	name  string
	place xlPlace
	// pieces take a part with rows to its goroutine as excelize writes it;
	// done is closed when the goroutine has compressed them all, with
	// zerr its error (nil for a part compressed as written).
	pieces chan []byte
	done   chan struct{}
	zerr   error
}

func (p *xlPart) Write(b []byte) (int, error) {
	if p.err != nil {
		return 0, p.err
	}
	if p.pieces != nil {
		p.err = p.place.write(b, p.copy, p.keep)
	} else {
		p.err = p.place.write(b, p.write, p.write)
	}
	if p.err != nil {
		return 0, p.err
	}
	return len(b), nil
}

// write compresses b.
func (p *xlPart) write(b []byte) error { return p.compress(p.fw, b) }

// compress compresses b with fw.
func (p *xlPart) compress(fw *flate.Writer, b []byte) error {
	p.crc.Write(b)
	p.size += len(b)
	_, err := fw.Write(b)
	return err
}

// copy hands the goroutine a copy of what excelize wrote (a writer must
// not keep it).
func (p *xlPart) copy(b []byte) error { return p.keep(bytes.Clone(b)) }

// keep hands the goroutine b, which nothing else writes to.
func (p *xlPart) keep(b []byte) error {
	p.pieces <- b
	return nil
}

// compressAll compresses the pieces handed to the part until they end.
func (p *xlPart) compressAll(pieces <-chan []byte) {
	defer close(p.done)
	fw, err := flate.NewWriter(&p.data, flate.BestSpeed)
	for b := range pieces {
		if err == nil {
			err = p.compress(fw, b)
		}
	}
	if err == nil {
		err = fw.Close()
	}
	p.zerr = err
}

// finish ends the part's compressed stream (a part with rows ends its
// goroutine's).
func (p *xlPart) finish() error {
	if p.err == nil {
		p.err = p.place.placed(p.name)
	}
	switch {
	case p.pieces != nil:
		close(p.pieces)
		p.pieces = nil
	case p.err == nil && p.fw != nil:
		p.err = p.fw.Close()
	}
	p.fw = nil // the compressor goes on to the next part
	return p.err
}

// wait waits until the part is compressed.
func (p *xlPart) wait() error {
	if p.done != nil {
		<-p.done
		if p.err == nil {
			p.err = p.zerr
		}
	}
	return p.err
}

var _ excelize.ZipWriter = (*xlZip)(nil)

func newXLZip(w io.Writer, at time.Time, rows map[string]*xlRows) *xlZip {
	// An MS-DOS date runs from 1980 to 2107.
	switch {
	case at.Year() < 1980:
		at = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)
	case at.Year() > 2107:
		at = time.Date(2107, 12, 31, 23, 59, 58, 0, time.UTC)
	}
	return &xlZip{w: w, at: at.UTC(), parts: map[string]*xlPart{}, rows: rows}
}

// Create starts a part, which ends the one before; a second Create of the
// same name replaces it.
func (z *xlZip) Create(name string) (io.Writer, error) {
	if z.open != nil {
		if err := z.open.finish(); err != nil {
			return nil, err
		}
	}
	if _, ok := z.parts[name]; !ok {
		z.names = append(z.names, name)
	}
	p := &xlPart{crc: crc32.NewIEEE(), name: name, place: xlPlace{rows: z.rows[name]}}
	z.parts[name], z.open = p, p
	if p.place.rows != nil {
		p.pieces, p.done = make(chan []byte, 4), make(chan struct{})
		go p.compressAll(p.pieces)
		return p, nil
	}
	if z.fw == nil {
		var err error
		if z.fw, err = flate.NewWriter(&p.data, flate.BestSpeed); err != nil {
			return nil, err
		}
	} else {
		z.fw.Reset(&p.data)
	}
	p.fw = z.fw
	return p, nil
}

// AddFS is part of excelize's interface; a workbook save never calls it.
func (z *xlZip) AddFS(fs.FS) error {
	return errors.New("xlsx zip: adding a file system is not supported")
}

// Close writes every part.
func (z *xlZip) Close() error {
	if z.open != nil {
		if err := z.open.finish(); err != nil {
			return err
		}
	}
	names := slices.Clone(z.names)
	slices.SortFunc(names, func(a, b string) int {
		const first = "[Content_Types].xml"
		switch {
		case a == first:
			return -1
		case b == first:
			return 1
		}
		return bytes.Compare([]byte(a), []byte(b))
	})
	zw := zip.NewWriter(z.w)
	for _, name := range names {
		p := z.parts[name]
		// A part compressed on a goroutine of its own is waited for here;
		// after an error, the goroutines of the parts left end by
		// themselves (finish closed what they read).
		if err := p.wait(); err != nil {
			return fmt.Errorf("compress %s: %w", name, err)
		}
		fh := &zip.FileHeader{Name: name, Method: zip.Deflate, Modified: z.at,
			ModifiedDate: xlDOSDate(z.at), ModifiedTime: xlDOSTime(z.at),
			CRC32: p.crc.Sum32(), CompressedSize64: uint64(p.data.Len()), UncompressedSize64: uint64(p.size)}
		pw, err := zw.CreateRaw(fh)
		if err != nil {
			return fmt.Errorf("add %s: %w", name, err)
		}
		if _, err := pw.Write(p.data.Bytes()); err != nil {
			return fmt.Errorf("write %s: %w", name, err)
		}
		// What is written need not be kept.
		p.data = bytes.Buffer{}
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("finish zip: %w", err)
	}
	return nil
}

// xlDOSDate and xlDOSTime are the MS-DOS date and time a zip header carries
// (CreateRaw, unlike CreateHeader, does not derive them from Modified).
func xlDOSDate(t time.Time) uint16 {
	return uint16((t.Year()-1980)<<9 | int(t.Month())<<5 | t.Day())
}

func xlDOSTime(t time.Time) uint16 {
	return uint16(t.Hour()<<11 | t.Minute()<<5 | t.Second()/2)
}
