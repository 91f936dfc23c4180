package importer

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"riskbook/risk"
)

// readXLSX reads every worksheet with the Rows iterator and raw cell values:
// formatted text ("03-15-24", "12.50%") would lose what the cell holds.
// Numbers carry their value; date-formatted numbers become dates;
// percentages read "75%"; formula cells without a cached value (files never
// opened in a spreadsheet program) are calculated.
func readXLSX(base string, data []byte, unzipLimit int64) (sheets []Sheet, err error) {
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		UnzipSizeLimit:    unzipLimit,
		UnzipXMLSizeLimit: min(unzipLimit, 16<<20),
	})
	if err != nil {
		if strings.Contains(err.Error(), "unzip size exceeds") {
			return nil, risk.Err(risk.EINVALID, risk.T("importer.source.zip_bomb", risk.Args{"Name": base, "MB": unzipLimit >> 20}))
		}
		if errors.Is(err, excelize.ErrWorkbookFileFormat) {
			return nil, legacyXLS(base)
		}
		return nil, notSpreadsheet(base)
	}
	defer func() {
		if cerr := f.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("read %s: close: %w", base, cerr)
		}
	}()
	x := &xlReader{f: f, base: base, formats: map[int]numKind{}}
	if props, err := f.GetWorkbookProps(); err == nil && props.Date1904 != nil {
		x.date1904 = *props.Date1904
	}
	names := f.GetSheetList()
	if len(names) == 0 {
		return nil, notSpreadsheet(base)
	}
	for _, name := range names {
		sh, err := x.sheet(name)
		if err != nil {
			return nil, err
		}
		sheets = append(sheets, sh)
	}
	return sheets, nil
}

// maxImportColumns is how many columns of a worksheet are read; beyond
// them lies formatting, not a register.
const maxImportColumns = 1000

type numKind int

const (
	plainNumber numKind = iota
	dateNumber
	timeNumber
	percentNumber
)

type xlReader struct {
	f        *excelize.File
	base     string
	date1904 bool
	formats  map[int]numKind // by style index
}

func (x *xlReader) sheet(name string) (sh Sheet, err error) {
	rows, err := x.f.Rows(name)
	if err != nil {
		return Sheet{Name: name}, nil // a chart sheet: nothing to import
	}
	defer func() {
		if cerr := rows.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("read %s: sheet %s: %w", x.base, name, cerr)
		}
	}()
	var out [][]SourceCell
	blanks := 0
	for r := 1; rows.Next(); r++ {
		cols, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return Sheet{}, notSpreadsheet(x.base)
		}
		if len(cols) > maxImportColumns {
			cols = cols[:maxImportColumns] // styling reaching to column XFD
		}
		row := make([]SourceCell, len(cols))
		empty := true
		for j, v := range cols {
			if cellTooLong(v) {
				axis, _ := excelize.CoordinatesToCellName(j+1, r)
				return Sheet{}, tooLongCell(x.base, risk.T("importer.where.cell", risk.Args{"Cell": axis, "Sheet": risk.Quote(name)}), utf8.RuneCountInString(v))
			}
			row[j] = x.cell(name, r, j+1, strings.TrimSpace(v))
			if row[j].Text != "" {
				empty = false
			}
		}
		if empty {
			// Formatting often reaches far below the data: count blank rows
			// but keep them only when data follows.
			blanks++
			continue
		}
		if r > MaxImportRows {
			return Sheet{}, tooManyRows(x.base)
		}
		for ; blanks > 0; blanks-- {
			out = append(out, nil)
		}
		out = append(out, row)
	}
	if err := rows.Error(); err != nil {
		return Sheet{}, notSpreadsheet(x.base)
	}
	if err := x.expandMerges(name, out); err != nil {
		return Sheet{}, err
	}
	return finish(x.base, name, out)
}

func (x *xlReader) cell(sheet string, row, col int, v string) SourceCell {
	axis, err := excelize.CoordinatesToCellName(col, row)
	if err != nil {
		return SourceCell{Text: v}
	}
	if v == "" {
		if formula, err := x.f.GetCellFormula(sheet, axis); err != nil || formula == "" {
			return SourceCell{}
		}
		calc, err := x.f.CalcCellValue(sheet, axis, excelize.Options{RawCellValue: true})
		if err != nil {
			return SourceCell{}
		}
		v = strings.TrimSpace(calc)
		if n, err := strconv.ParseFloat(v, 64); err == nil {
			return SourceCell{Text: v, Number: &n}
		}
		return SourceCell{Text: v}
	}
	n, err := strconv.ParseFloat(v, 64)
	if err != nil {
		return SourceCell{Text: v}
	}
	switch t, _ := x.f.GetCellType(sheet, axis); t {
	case excelize.CellTypeSharedString, excelize.CellTypeInlineString, excelize.CellTypeFormula:
		return SourceCell{Text: v} // text that looks like a number: "001"
	case excelize.CellTypeBool:
		if n != 0 {
			return SourceCell{Text: "TRUE"}
		}
		return SourceCell{Text: "FALSE"}
	}
	c := SourceCell{Text: v, Number: &n}
	switch x.kind(sheet, axis) {
	case dateNumber:
		if t, err := excelize.ExcelDateToTime(n, x.date1904); err == nil && n >= 1 {
			d := risk.DateOf(t)
			c.Date, c.Text = &d, d.String()
		}
	case percentNumber:
		c.Text = strconv.FormatFloat(n*100, 'f', -1, 64) + "%"
	}
	return c
}

// kind classifies a numeric cell by its number format.
func (x *xlReader) kind(sheet, axis string) numKind {
	idx, err := x.f.GetCellStyle(sheet, axis)
	if err != nil || idx == 0 {
		return plainNumber
	}
	if k, ok := x.formats[idx]; ok {
		return k
	}
	k := plainNumber
	if st, err := x.f.GetStyle(idx); err == nil && st != nil {
		k = numFmtKind(st.NumFmt, st.CustomNumFmt)
	}
	x.formats[idx] = k
	return k
}

func numFmtKind(id int, custom *string) numKind {
	if custom != nil {
		return customFmtKind(*custom)
	}
	switch {
	case id == 9 || id == 10:
		return percentNumber
	case id >= 14 && id <= 17, id == 22, id >= 27 && id <= 36, id >= 50 && id <= 58:
		return dateNumber
	case id >= 18 && id <= 21, id >= 45 && id <= 47:
		return timeNumber
	}
	return plainNumber
}

// customFmtKind reads a custom format code, ignoring quoted text, escaped
// characters and [colour]/[locale] sections: "d" or "y" make a date (an "m"
// alone may be minutes), "h" or "s" a time, "%" a percentage.
func customFmtKind(code string) numKind {
	var b strings.Builder
	quoted, bracket := false, false
	for i := 0; i < len(code); i++ {
		ch := code[i]
		switch {
		case ch == '"':
			quoted = !quoted
		case quoted:
		case ch == '\\':
			i++
		case ch == '[':
			bracket = true
		case ch == ']':
			bracket = false
		case bracket:
		default:
			b.WriteByte(ch | 0x20) // lower-case letters; other bytes are ignored below
		}
	}
	s := b.String()
	switch {
	case strings.ContainsAny(s, "dy"):
		return dateNumber
	case strings.ContainsAny(s, "hs"):
		return timeNumber
	case strings.Contains(code, "%"):
		return percentNumber
	}
	return plainNumber
}

// expandMerges copies each merged range's top-left cell into every cell of
// the range, within the rows and columns the sheet already has (a range
// reaching to XFD1048576 must not make a million rows).
func (x *xlReader) expandMerges(sheet string, rows [][]SourceCell) error {
	merges, err := x.f.GetMergeCells(sheet, true)
	if err != nil {
		return fmt.Errorf("read %s: merged cells of sheet %s: %w", x.base, sheet, err)
	}
	width := 0
	for _, r := range rows {
		width = max(width, len(r))
	}
	for _, m := range merges {
		c1, r1, err1 := excelize.CellNameToCoordinates(m.GetStartAxis())
		c2, r2, err2 := excelize.CellNameToCoordinates(m.GetEndAxis())
		if err1 != nil || err2 != nil || r1 > len(rows) || c1 > len(rows[r1-1]) {
			continue
		}
		top := rows[r1-1][c1-1]
		for r := r1; r <= min(r2, len(rows)); r++ {
			for c := c1; c <= min(c2, width); c++ {
				for len(rows[r-1]) < c {
					rows[r-1] = append(rows[r-1], SourceCell{})
				}
				if rows[r-1][c-1].Text == "" {
					rows[r-1][c-1] = top
				}
			}
		}
	}
	return nil
}
