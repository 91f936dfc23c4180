package sqlite

import (
	"bytes"
	"encoding/binary"
	"errors"
	"math"
	"os"
)

// rawFile is a SQLite database file read page by page without SQLite, for
// salvaging a damaged workspace: what SQLite refuses as a whole (a file
// cut short, a page of garbage) still holds pages whose rows can be read.
// Only the parts of the file format that tables are made of are read: the
// b-tree pages of tables and of WITHOUT ROWID tables, overflow pages and
// the freelist (https://www.sqlite.org/fileformat2.html).
type rawFile struct {
	data     []byte
	pageSize int
	usable   int // page size less the bytes reserved at the end of each page
	pages    int // whole pages present
}

// Page types.
const (
	pageIndexInterior = 0x02
	pageTableInterior = 0x05
	pageIndexLeaf     = 0x0a
	pageTableLeaf     = 0x0d
)

func readRawFile(path string) (*rawFile, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	f := &rawFile{data: data, pageSize: 4096}
	if len(data) >= 100 && bytes.Equal(data[:16], sqliteMagic) {
		ps := int(binary.BigEndian.Uint16(data[16:18]))
		if ps == 1 {
			ps = 65536
		}
		if ps >= 512 && ps <= 65536 && ps&(ps-1) == 0 {
			f.pageSize = ps
		}
		f.usable = f.pageSize - int(data[20])
	}
	if f.usable < 480 {
		f.usable = f.pageSize
	}
	f.pages = len(data) / f.pageSize
	return f, nil
}

// page returns page n (numbered from 1), or nil when the file lacks it.
func (f *rawFile) page(n int) []byte {
	if n < 1 || n > f.pages {
		return nil
	}
	return f.data[(n-1)*f.pageSize : n*f.pageSize]
}

// headerAt is where the b-tree header of page n starts: page 1 holds the
// file header first.
func headerAt(n int) int {
	if n == 1 {
		return 100
	}
	return 0
}

func (f *rawFile) pageType(n int) byte {
	p := f.page(n)
	if p == nil {
		return 0
	}
	return p[headerAt(n)]
}

// cellOffsets returns where the cells of b-tree page n start, or false
// when the page header makes no sense.
func (f *rawFile) cellOffsets(n int) ([]int, bool) {
	p := f.page(n)
	if p == nil {
		return nil, false
	}
	h := headerAt(n)
	typ := p[h]
	hdrLen := 8
	if typ == pageTableInterior || typ == pageIndexInterior {
		hdrLen = 12
	} else if typ != pageTableLeaf && typ != pageIndexLeaf {
		return nil, false
	}
	count := int(binary.BigEndian.Uint16(p[h+3:]))
	start := h + hdrLen
	if start+2*count > f.usable {
		return nil, false
	}
	out := make([]int, 0, count)
	for i := range count {
		off := int(binary.BigEndian.Uint16(p[start+2*i:]))
		if off < start+2*count || off >= f.usable {
			return nil, false
		}
		out = append(out, off)
	}
	return out, true
}

// children returns the pages an interior page points to, right-most last.
func (f *rawFile) children(n int) []int {
	offs, ok := f.cellOffsets(n)
	if !ok {
		return nil
	}
	p := f.page(n)
	h := headerAt(n)
	if typ := p[h]; typ != pageTableInterior && typ != pageIndexInterior {
		return nil
	}
	var out []int
	for _, off := range offs {
		if off+4 <= f.usable {
			out = append(out, int(binary.BigEndian.Uint32(p[off:])))
		}
	}
	return append(out, int(binary.BigEndian.Uint32(p[h+8:])))
}

// walk visits the leaf pages of the b-tree rooted at root, as far as its
// interior pages can be read; seen collects every page of the tree.
func (f *rawFile) walk(root int, seen map[int]bool, leaf func(n int)) {
	if seen[root] || f.page(root) == nil {
		return
	}
	seen[root] = true
	switch f.pageType(root) {
	case pageTableLeaf, pageIndexLeaf:
		leaf(root)
	case pageTableInterior, pageIndexInterior:
		for _, c := range f.children(root) {
			f.walk(c, seen, leaf)
		}
	}
}

// freePages returns the pages on the freelist: deleted content that must
// not come back.
func (f *rawFile) freePages() map[int]bool {
	free := map[int]bool{}
	if f.pages == 0 || len(f.data) < 40 {
		return free
	}
	trunk := int(binary.BigEndian.Uint32(f.data[32:36]))
	for trunk != 0 && !free[trunk] {
		p := f.page(trunk)
		if p == nil {
			break
		}
		free[trunk] = true
		n := int(binary.BigEndian.Uint32(p[4:8]))
		for i := 0; i < n && 8+4*i+4 <= f.usable; i++ {
			free[int(binary.BigEndian.Uint32(p[8+4*i:]))] = true
		}
		trunk = int(binary.BigEndian.Uint32(p[:4]))
	}
	return free
}

// rawRow is one row read from a leaf page: its rowid (0 in a WITHOUT
// ROWID table) and its values — nil, int64, float64, string or []byte.
type rawRow struct {
	rowid  int64
	values []any
	page   int
}

// leafRows reads the rows of leaf page n. Rows whose payload runs into a
// missing or broken overflow page are left out and counted as lost;
// overflow collects the overflow pages used.
func (f *rawFile) leafRows(n int, overflow map[int]bool) (rows []rawRow, lost int) {
	offs, ok := f.cellOffsets(n)
	if !ok {
		return nil, 0
	}
	p := f.page(n)
	table := p[headerAt(n)] == pageTableLeaf
	for _, off := range offs {
		r, err := f.cell(p, off, table, overflow)
		if err != nil {
			lost++
			continue
		}
		r.page = n
		rows = append(rows, r)
	}
	return rows, lost
}

var errBadCell = errors.New("unreadable cell")

func (f *rawFile) cell(p []byte, off int, table bool, overflow map[int]bool) (rawRow, error) {
	var r rawRow
	size, k := varint(p[off:f.usable])
	if k == 0 || size < 0 || size > math.MaxInt32 {
		return r, errBadCell
	}
	off += k
	if table {
		rowid, k := varint(p[off:f.usable])
		if k == 0 {
			return r, errBadCell
		}
		r.rowid, off = rowid, off+k
	}
	payload, err := f.payload(p, off, int(size), table, overflow)
	if err != nil {
		return r, err
	}
	r.values, err = decodeRecord(payload)
	return r, err
}

// payload gathers a cell's payload: what fits on the page, then the chain
// of overflow pages.
func (f *rawFile) payload(p []byte, off, size int, table bool, overflow map[int]bool) ([]byte, error) {
	u := f.usable
	x := u - 35
	if !table {
		x = (u-12)*64/255 - 23
	}
	local := size
	if size > x {
		m := (u-12)*32/255 - 23
		local = m + (size-m)%(u-4)
		if local > x {
			local = m
		}
	}
	if off+local > u {
		return nil, errBadCell
	}
	out := append([]byte(nil), p[off:off+local]...)
	if local == size {
		return out, nil
	}
	if off+local+4 > u {
		return nil, errBadCell
	}
	next := int(binary.BigEndian.Uint32(p[off+local:]))
	seen := map[int]bool{}
	for len(out) < size {
		op := f.page(next)
		if op == nil || seen[next] {
			return nil, errBadCell
		}
		seen[next] = true
		overflow[next] = true
		n := min(size-len(out), u-4)
		out = append(out, op[4:4+n]...)
		next = int(binary.BigEndian.Uint32(op[:4]))
	}
	return out, nil
}

// varint reads a SQLite variable-length integer; k is 0 when b ends first.
func varint(b []byte) (v int64, k int) {
	var u uint64
	for i := 0; i < 9; i++ {
		if i >= len(b) {
			return 0, 0
		}
		if i == 8 {
			return int64(u<<8 | uint64(b[i])), 9
		}
		u = u<<7 | uint64(b[i]&0x7f)
		if b[i] < 0x80 {
			return int64(u), i + 1
		}
	}
	return 0, 0
}

// decodeRecord reads a record: its header of serial types, then the values.
func decodeRecord(b []byte) ([]any, error) {
	hlen, k := varint(b)
	if k == 0 || hlen < int64(k) || hlen > int64(len(b)) {
		return nil, errBadCell
	}
	var types []int64
	for pos := k; pos < int(hlen); {
		t, n := varint(b[pos:hlen])
		if n == 0 {
			return nil, errBadCell
		}
		types = append(types, t)
		pos += n
	}
	vals := make([]any, 0, len(types))
	pos := int(hlen)
	for _, t := range types {
		n := serialSize(t)
		if n < 0 || pos+n > len(b) {
			return nil, errBadCell
		}
		v := b[pos : pos+n]
		pos += n
		switch {
		case t == 0:
			vals = append(vals, nil)
		case t >= 1 && t <= 6:
			vals = append(vals, bigEndianInt(v))
		case t == 7:
			vals = append(vals, math.Float64frombits(binary.BigEndian.Uint64(v)))
		case t == 8:
			vals = append(vals, int64(0))
		case t == 9:
			vals = append(vals, int64(1))
		case t >= 12 && t%2 == 0:
			vals = append(vals, append([]byte(nil), v...))
		default:
			vals = append(vals, string(v))
		}
	}
	if pos != len(b) {
		return nil, errBadCell
	}
	return vals, nil
}

func serialSize(t int64) int {
	switch {
	case t >= 0 && t <= 4:
		return []int{0, 1, 2, 3, 4}[t]
	case t == 5:
		return 6
	case t == 6 || t == 7:
		return 8
	case t == 8 || t == 9:
		return 0
	case t >= 12 && t < math.MaxInt32:
		return int((t - 12) / 2)
	}
	return -1
}

// bigEndianInt reads a signed big-endian integer of 1 to 8 bytes.
func bigEndianInt(b []byte) int64 {
	var v int64
	if len(b) > 0 && b[0]&0x80 != 0 {
		v = -1
	}
	for _, c := range b {
		v = v<<8 | int64(c)
	}
	return v
}
