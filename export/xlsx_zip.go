package export

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"slices"
	"sync"
	"time"

	"github.com/xuri/excelize/v2"
)

// xlZip is the zip writer excelize saves through. excelize writes streamed
// worksheets in map order, so two saves of the same workbook can differ in
// the order of their zip entries; xlZip collects the parts and writes them
// in a fixed order ([Content_Types].xml first, then by name), each stamped
// with the report's date. Parts are compressed in parallel: the big sheets
// dominate the time of an export.
type xlZip struct {
	w     io.Writer
	at    time.Time
	names []string
	parts map[string]*bytes.Buffer
}

var _ excelize.ZipWriter = (*xlZip)(nil)

func newXLZip(w io.Writer, at time.Time) *xlZip {
	// An MS-DOS date runs from 1980 to 2107.
	switch {
	case at.Year() < 1980:
		at = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)
	case at.Year() > 2107:
		at = time.Date(2107, 12, 31, 23, 59, 58, 0, time.UTC)
	}
	return &xlZip{w: w, at: at.UTC(), parts: map[string]*bytes.Buffer{}}
}

// Create starts a part; a second Create of the same name replaces it.
func (z *xlZip) Create(name string) (io.Writer, error) {
	if _, ok := z.parts[name]; !ok {
		z.names = append(z.names, name)
	}
	b := new(bytes.Buffer)
	z.parts[name] = b
	return b, nil
}

// AddFS is part of excelize's interface; a workbook save never calls it.
func (z *xlZip) AddFS(fs.FS) error {
	return errors.New("xlsx zip: adding a file system is not supported")
}

// Close compresses and writes every part.
func (z *xlZip) Close() error {
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
	type packed struct {
		data []byte
		crc  uint32
		size int
		err  error
	}
	out := make([]packed, len(names))
	var wg sync.WaitGroup
	sem := make(chan struct{}, 4)
	for i, name := range names {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			raw := z.parts[name].Bytes()
			var buf bytes.Buffer
			fw, err := flate.NewWriter(&buf, flate.BestSpeed)
			if err == nil {
				_, err = fw.Write(raw)
			}
			if err == nil {
				err = fw.Close()
			}
			out[i] = packed{data: buf.Bytes(), crc: crc32.ChecksumIEEE(raw), size: len(raw), err: err}
		}()
	}
	wg.Wait()
	zw := zip.NewWriter(z.w)
	for i, name := range names {
		p := out[i]
		if p.err != nil {
			return fmt.Errorf("compress %s: %w", name, p.err)
		}
		fh := &zip.FileHeader{Name: name, Method: zip.Deflate, Modified: z.at,
			ModifiedDate: xlDOSDate(z.at), ModifiedTime: xlDOSTime(z.at),
			CRC32: p.crc, CompressedSize64: uint64(len(p.data)), UncompressedSize64: uint64(p.size)}
		pw, err := zw.CreateRaw(fh)
		if err != nil {
			return fmt.Errorf("add %s: %w", name, err)
		}
		if _, err := pw.Write(p.data); err != nil {
			return fmt.Errorf("write %s: %w", name, err)
		}
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
