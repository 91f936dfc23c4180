// Package importer reads other people's spreadsheets — a risk register or a
// sheet of systems with recovery targets, as CSV or Excel — and turns them
// into an import plan: it finds the table and its header, proposes how the
// columns and their values map onto the workspace, and checks every row
// against the domain's rules before anything is written. It knows nothing
// of storage or of the screen: the workspace layer applies a plan, and the
// app and the command line only show it.
package importer

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"riskbook/i18n"
	"riskbook/risk"
)

// MaxImportRows is the most rows a sheet may have (header and titles
// included) to be imported: beyond it a register is a data dump, and the
// wizard's preview and the one-transaction import would crawl.
const MaxImportRows = 100000

// maxUnzipSize bounds what an XLSX may expand to in memory, against zip
// bombs; real registers are a few megabytes.
const maxUnzipSize = 200 << 20

// Source is a spreadsheet read into memory, every sheet as rows of cell text.
type Source struct {
	Name   string
	SHA256 string
	Sheets []Sheet
}

// Sheet is one sheet of a Source; a CSV file's only sheet is named after the
// file. Ragged rows are padded to the sheet's
// width, merged cells are expanded into every cell they cover, and trailing
// blank rows and columns are dropped.
type Sheet struct {
	Name string
	Rows [][]SourceCell
	// Lines[i] is the line of the file where row i+1 starts, and Fields[i]
	// how many fields it had before padding: CSV only (nil for a
	// workbook, whose rows are its lines and have no fields to miss).
	Lines  []int
	Fields []int
	// Damage is what reading found broken in the file's structure (a
	// quote never closed); the plan adds ragged rows and repeated headers.
	Damage []Damage
}

// Damage is one place where a file's structure is broken.
type Damage struct {
	Row  int // 1-based row of the sheet
	Line int // line of the file (CSV), 0 for a workbook
	// Message says what is broken, written in the reader's language by
	// its In.
	Message risk.Msg
}

// Where names a damaged place as people find it, in the default language:
// "line 7" in a text file, "row 7" in a workbook.
func (d Damage) Where() string { return d.WhereIn(i18n.Default()) }

// WhereIn is Where in p's language.
func (d Damage) WhereIn(p *i18n.Printer) string { return d.where().In(p) }

func (d Damage) where() risk.Msg {
	if d.Line > 0 {
		return risk.T("importer.where.line", risk.Args{"Line": d.Line})
	}
	return risk.T("importer.where.row", risk.Args{"Row": d.Row})
}

// LineOf is the line of the file where row (1-based) starts, 0 when the
// sheet is a workbook's.
func (s *Sheet) LineOf(row int) int {
	if row < 1 || row > len(s.Lines) {
		return 0
	}
	return s.Lines[row-1]
}

// MaxCellChars is the most characters a spreadsheet cell can hold: a longer
// one is a damaged file (a quote never closed swallowing the rest), not a
// register.
const MaxCellChars = 32767

// SourceCell is one cell of a Source (not Cell: that is the report model's
// cell in this package). Text is what a person reads (an ISO date for a date
// cell, "75%" for a percentage); Number and Date are set when the file says
// the cell is a number or a date (XLSX only: CSV is all text).
type SourceCell struct {
	Text   string
	Number *float64
	Date   *risk.Date
}

// Sheet returns the sheet called name, or nil.
func (s *Source) Sheet(name string) *Sheet {
	for i := range s.Sheets {
		if s.Sheets[i].Name == name {
			return &s.Sheets[i]
		}
	}
	return nil
}

// Width is the number of columns of the sheet.
func (s *Sheet) Width() int {
	if len(s.Rows) == 0 {
		return 0
	}
	return len(s.Rows[0])
}

var (
	oleSignature = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
	zipSignature = []byte("PK\x03\x04")
	// An encrypted OOXML package is an OLE file with an EncryptionInfo
	// stream; a legacy .xls has a Workbook stream instead.
	encryptionInfo = utf16le("EncryptionInfo")
)

func utf16le(s string) []byte {
	b := make([]byte, 0, 2*len(s))
	for _, r := range s {
		b = append(b, byte(r), 0)
	}
	return b
}

// ReadSource reads a CSV (or TSV, or text) file or an XLSX workbook, told
// apart by content first and extension second. Errors are one sentence for
// a person: not a spreadsheet, empty, password-protected, legacy .xls, too
// large when unpacked, or more than MaxImportRows rows.
func ReadSource(name string, data []byte) (*Source, error) {
	return readSource(name, data, maxUnzipSize)
}

func readSource(name string, data []byte, unzipLimit int64) (*Source, error) {
	base := filepath.Base(name)
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, risk.Err(risk.EINVALID, risk.T("importer.source.empty", risk.Args{"Name": base}))
	}
	sum := sha256.Sum256(data)
	src := &Source{Name: base, SHA256: hex.EncodeToString(sum[:])}
	ext := strings.ToLower(filepath.Ext(name))
	var err error
	switch {
	case bytes.HasPrefix(data, oleSignature):
		if bytes.Contains(data, encryptionInfo) {
			return nil, risk.Err(risk.EINVALID, risk.T("importer.source.password", risk.Args{"Name": base}))
		}
		return nil, legacyXLS(base)
	case bytes.HasPrefix(data, zipSignature):
		src.Sheets, err = readXLSX(base, data, unzipLimit)
	case ext == ".xls":
		return nil, legacyXLS(base)
	case ext == ".xlsx" || ext == ".xlsm" || !looksLikeText(data):
		return nil, notSpreadsheet(base)
	default:
		var sh Sheet
		sh, err = readCSV(base, data, ext == ".tsv")
		src.Sheets = []Sheet{sh}
	}
	if err != nil {
		return nil, err
	}
	empty := true
	for _, sh := range src.Sheets {
		if len(sh.Rows) > 0 {
			empty = false
		}
	}
	if empty {
		return nil, risk.Err(risk.EINVALID, risk.T("importer.source.no_data", risk.Args{"Name": base}))
	}
	return src, nil
}

func legacyXLS(base string) error {
	return risk.Err(risk.EINVALID, risk.T("importer.source.xls", risk.Args{"Name": base}))
}

func notSpreadsheet(base string) error {
	return risk.Err(risk.EINVALID, risk.T("importer.source.unknown", risk.Args{"Name": base}))
}

// tooLongCell refuses a cell longer than a spreadsheet cell can hold.
func tooLongCell(base string, where risk.Localizer, chars int) error {
	return risk.Err(risk.EINVALID, risk.T("importer.source.cell_too_long", risk.Args{"Name": base, "Chars": thousandsSep(chars), "Where": where, "Max": thousandsSep(MaxCellChars)}))
}

func cellTooLong(s string) bool {
	return len(s) > MaxCellChars && utf8.RuneCountInString(s) > MaxCellChars
}

// thousandsSep writes 5242880 as 5,242,880.
func thousandsSep(n int) string { return formatAmount(UnitMoney, float64(n)) }

func tooManyRows(base string) error {
	return risk.Err(risk.EINVALID, risk.T("importer.source.too_many_rows", risk.Args{"Name": base, "Max": MaxImportRows}))
}

// looksLikeText reports whether data is plausibly a text file: no NUL bytes
// (other than UTF-16's, which has its BOM) and few control characters in
// its first 8 KB.
func looksLikeText(data []byte) bool {
	if bytes.HasPrefix(data, []byte{0xFF, 0xFE}) || bytes.HasPrefix(data, []byte{0xFE, 0xFF}) {
		return true
	}
	head := data[:min(len(data), 8192)]
	bad := 0
	for _, b := range head {
		switch {
		case b == 0:
			return false
		case b < 0x20 && b != '\t' && b != '\n' && b != '\r' && b != '\f':
			bad++
		}
	}
	return bad*100 <= len(head)
}

// maxImportCells bounds rows × columns after padding: a stray value in
// column XFD or row 100,000 must not make billions of empty cells.
const maxImportCells = 5_000_000

// finish pads ragged rows to the widest, drops trailing blank rows and
// columns, and returns the sheet; a sheet too large to pad is refused.
func finish(base, name string, rows [][]SourceCell) (Sheet, error) {
	for len(rows) > 0 && blankRow(rows[len(rows)-1]) {
		rows = rows[:len(rows)-1]
	}
	rows = rows[:len(rows):len(rows)]
	width := 0
	for _, r := range rows {
		for j := len(r) - 1; j >= width; j-- {
			if r[j].Text != "" {
				width = j + 1
				break
			}
		}
	}
	if width*len(rows) > maxImportCells {
		return Sheet{}, risk.Err(risk.EINVALID, risk.T("importer.source.sheet_too_large", risk.Args{"Name": base, "Rows": len(rows), "Columns": width}))
	}
	for i, r := range rows {
		switch {
		case len(r) > width:
			rows[i] = r[:width:width]
		case len(r) < width:
			rows[i] = append(r, make([]SourceCell, width-len(r))...)
		}
	}
	return Sheet{Name: name, Rows: rows}, nil
}

func blankRow(r []SourceCell) bool {
	for _, c := range r {
		if strings.TrimSpace(c.Text) != "" {
			return false
		}
	}
	return true
}
