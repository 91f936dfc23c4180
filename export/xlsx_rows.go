package export

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"os"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// xlRows are a streamed sheet's rows written as worksheet XML by the
// workbook itself, byte for byte as excelize's StreamWriter.SetRow would
// write them, but straight into memory of a fixed size per chunk: excelize
// keeps each stream in one buffer that grows by doubling (a 10,000-risk
// register is 14 MB of XML), which cost a fifth of a workbook's time in
// copying and clearing memory. xlZip places the rows in the sheet's part,
// just before its </sheetData>, when the workbook is saved: every row
// excelize wrote itself (those up to the table's header, which its AddTable
// reads back) comes before them.
//
// Past xlRowsInMemory, full chunks go to a temporary file (a register of
// 50,000 risks is some 70 MB of XML), as excelize's streams did.
type xlRows struct {
	chunks [][]byte // full chunks, in order
	kept   int      // their bytes
	tmp    *os.File // full chunks past xlRowsInMemory, in order, after chunks
	b      []byte   // the chunk being filled
	row    []byte   // the row being written
	last   int      // the last row number written
	cols   []string // column names by number, as met
}

const (
	// xlRowsChunk is the size of a chunk of rows.
	xlRowsChunk = 1 << 20
	// xlRowsInMemory is how many bytes of rows a sheet keeps in memory.
	xlRowsInMemory = excelize.StreamChunkSize
)

// add writes one row of cells (ascending columns) of the given height (0
// for the default).
func (x *xlRows) add(r int, cells []xlCell, height float64) error {
	if r <= x.last {
		return fmt.Errorf("internal error: row %d written after row %d", r, x.last)
	}
	if height > excelize.MaxRowHeight {
		return excelize.ErrMaxRowHeight
	}
	x.last = r
	num := strconv.Itoa(r)
	b := append(x.row[:0], `<row r="`...)
	b = append(b, num...)
	b = append(b, '"')
	if height > 0 {
		b = append(b, ` ht="`...)
		b = strconv.AppendFloat(b, height, 'f', -1, 64)
		b = append(b, `" customHeight="1"`...)
	}
	b = append(b, '>')
	for _, c := range cells {
		b = append(b, `<c r="`...)
		b = append(b, x.col(c.col)...)
		b = append(b, num...)
		b = append(b, '"')
		if c.style != 0 {
			b = append(b, ` s="`...)
			b = strconv.AppendInt(b, int64(c.style), 10)
			b = append(b, '"')
		}
		switch v := c.value.(type) {
		case nil:
			b = append(b, '>')
		case float64:
			if math.IsNaN(v) || math.IsInf(v, 0) {
				b = xlAppendInline(b, fmt.Sprint(v))
				break
			}
			b = append(b, `><v>`...)
			b = strconv.AppendFloat(b, v, 'f', -1, 64)
			b = append(b, `</v>`...)
		case string:
			b = xlAppendInline(b, v)
		default:
			return fmt.Errorf("internal error: a cell holds a %T", c.value)
		}
		b = append(b, `</c>`...)
	}
	b = append(b, `</row>`...)
	x.row = b
	if len(x.b)+len(b) > cap(x.b) {
		if err := x.push(len(b)); err != nil {
			return err
		}
	}
	x.b = append(x.b, b...)
	return nil
}

// push puts the chunk being filled with the full ones and starts one with
// room for n bytes.
func (x *xlRows) push(n int) error {
	switch {
	case len(x.b) == 0:
	case x.kept+len(x.b) <= xlRowsInMemory && x.tmp == nil:
		x.chunks = append(x.chunks, x.b)
		x.kept += len(x.b)
	default:
		if x.tmp == nil {
			tmp, err := os.CreateTemp("", "riskbook-rows-")
			if err != nil {
				return fmt.Errorf("keep rows: %w", err)
			}
			x.tmp = tmp
		}
		if _, err := x.tmp.Write(x.b); err != nil {
			return fmt.Errorf("keep rows: %w", err)
		}
		if cap(x.b) >= n {
			x.b = x.b[:0] // written out: the chunk is free again
			return nil
		}
	}
	x.b = make([]byte, 0, max(xlRowsChunk, n))
	return nil
}

// close removes the temporary file, if any.
func (x *xlRows) close() error {
	if x.tmp == nil {
		return nil
	}
	err := x.tmp.Close()
	if rerr := os.Remove(x.tmp.Name()); err == nil {
		err = rerr
	}
	x.tmp = nil
	return err
}

// col is the name of column n (A, B, … AA).
func (x *xlRows) col(n int) string {
	for len(x.cols) <= n {
		x.cols = append(x.cols, xlCol(len(x.cols)))
	}
	return x.cols[n]
}

// writeTo hands the rows to write in order, each chunk once (write may
// keep it), letting go of them.
func (x *xlRows) writeTo(write func([]byte) error) error {
	for i, c := range x.chunks {
		if err := write(c); err != nil {
			return err
		}
		x.chunks[i] = nil
	}
	x.chunks = nil
	if x.tmp != nil {
		if _, err := x.tmp.Seek(0, io.SeekStart); err != nil {
			return fmt.Errorf("read rows back: %w", err)
		}
		for {
			c := make([]byte, xlRowsChunk)
			n, err := io.ReadFull(x.tmp, c)
			if n > 0 {
				if err := write(c[:n]); err != nil {
					return err
				}
			}
			if err == io.EOF || err == io.ErrUnexpectedEOF {
				break
			}
			if err != nil {
				return fmt.Errorf("read rows back: %w", err)
			}
		}
		if err := x.close(); err != nil {
			return err
		}
	}
	b := x.b
	x.b = nil
	return write(b)
}

// xlAppendInline appends the rest of a cell holding text, an inline
// string, as excelize writes it: at most 32,767 UTF-16 units, spaces kept
// when the text starts or ends with one, XML-escaped but for new lines,
// and "_xHHHH_" sequences escaped as Excel reads them.
func xlAppendInline(b []byte, s string) []byte {
	s = xlTruncate(s, excelize.TotalCellChars)
	b = append(b, ` t="inlineStr"><is><t`...)
	if s != "" && (xlSpaceByte(s[0]) || xlSpaceByte(s[len(s)-1])) {
		b = append(b, ` xml:space="preserve"`...)
	}
	b = append(b, '>')
	if xlPlainText(s) {
		b = append(b, s...)
	} else {
		var e strings.Builder
		_ = xml.EscapeText(&e, []byte(s))
		b = append(b, xlBstr(strings.ReplaceAll(e.String(), "&#xA;", "\n"))...)
	}
	return append(b, `</t></is>`...)
}

func xlSpaceByte(c byte) bool { return c == '\t' || c == '\n' || c == '\r' || c == ' ' }

// xlPlainText reports whether s is written as it is: nothing XML escapes or
// replaces, no "_x" that could start an escaped character.
func xlPlainText(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c < ' ', c == '&', c == '<', c == '>', c == '\'', c == '"':
				return false
			case c == '_' && i+1 < len(s) && s[i+1] == 'x':
				return false
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		// (A surrogate is not UTF-8: it decodes as an error too.)
		if r == utf8.RuneError && n == 1 || r == 0xFFFE || r == 0xFFFF {
			return false
		}
		i += n
	}
	return true
}

var (
	xlBstrExp       = regexp.MustCompile(`_x[a-fA-F\d]{4}_`)
	xlBstrEscapeExp = regexp.MustCompile(`x[a-fA-F\d]{4}_`)
)

// xlBstr escapes the "_xHHHH_" sequences of an escaped text as excelize's
// bstrMarshal does (Excel would read them as characters).
func xlBstr(s string) string {
	matches, l, cursor := xlBstrExp.FindAllStringSubmatchIndex(s, -1), len(s), 0
	var result strings.Builder
	for _, match := range matches {
		result.WriteString(s[cursor:match[0]])
		subStr := s[match[0]:match[1]]
		if subStr == "_x005F_" {
			cursor = match[1]
			if match[1]+6 <= l && xlBstrEscapeExp.MatchString(s[match[1]:match[1]+6]) {
				if _, err := strconv.Unquote(`"\u` + s[match[1]+1:match[1]+5] + `"`); err == nil {
					result.WriteString(subStr + "x005F" + subStr)
					continue
				}
			}
			result.WriteString(subStr + "x005F_")
			continue
		}
		// As bstrMarshal does, a sequence that is no character is dropped.
		cursor = match[1]
		if _, err := strconv.Unquote(`"\u` + s[match[0]+2:match[1]-1] + `"`); err == nil {
			result.WriteString("_x005F" + subStr)
		}
	}
	if cursor < l {
		result.WriteString(s[cursor:])
	}
	return result.String()
}

// xlSheetDataEnd is where a streamed sheet's own rows go in its part.
var xlSheetDataEnd = []byte(`</sheetData>`)

// xlPlace writes a part through write, the rows placed before its
// </sheetData> through keep (which may keep them: nothing else writes to
// them); the part may come in pieces of any size.
type xlPlace struct {
	rows *xlRows // nil once placed
	held []byte  // the end of the last piece, which may begin </sheetData>
}

func (p *xlPlace) write(b []byte, write, keep func([]byte) error) error {
	if p.rows == nil {
		return write(b)
	}
	if len(p.held) > 0 {
		b = append(p.held, b...)
		p.held = nil
	}
	if i := bytes.Index(b, xlSheetDataEnd); i >= 0 {
		if err := write(b[:i]); err != nil {
			return err
		}
		rows := p.rows
		p.rows = nil
		if err := rows.writeTo(keep); err != nil {
			return err
		}
		return write(b[i:])
	}
	n := min(len(b), len(xlSheetDataEnd)-1)
	p.held = append([]byte(nil), b[len(b)-n:]...)
	return write(b[:len(b)-n])
}

// placed reports an error if the part ended before its rows found their
// place.
func (p *xlPlace) placed(name string) error {
	if p.rows != nil {
		return fmt.Errorf("internal error: %s has no sheet data for its rows", name)
	}
	return nil
}
