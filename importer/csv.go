package importer

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"

	"riskbook/risk"
)

// readCSV reads delimited text: UTF-8 (with or without a BOM), UTF-16 with
// a BOM (Excel's "Unicode text"), or else Windows-1252 (old Excel's "CSV");
// the delimiter is whichever of , ; tab | splits the first lines most
// consistently. Row numbers are those a spreadsheet program shows: a blank
// line is a row, a line break inside quotes is not.
func readCSV(base string, data []byte, tsv bool) (Sheet, error) {
	text, err := decodeText(data)
	if err != nil {
		return Sheet{}, notSpreadsheet(base)
	}
	delim := sniffDelimiter(text, tsv)
	r := csv.NewReader(strings.NewReader(text))
	r.Comma = delim
	r.LazyQuotes = true
	r.FieldsPerRecord = -1
	var rows [][]SourceCell
	prevEnd := 0 // the line the previous record ended on
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return Sheet{}, risk.Errorf(risk.EINVALID, "%s cannot be read at line %d (%v); check the quotes on that line and save it again.", base, pe.StartLine, pe.Err)
			}
			return Sheet{}, notSpreadsheet(base)
		}
		// csv skips blank lines, but a spreadsheet program shows them as
		// rows: keep them, so that row numbers match what people see.
		line, _ := r.FieldPos(0)
		for ; prevEnd+1 < line; prevEnd++ {
			rows = append(rows, nil)
		}
		last, _ := r.FieldPos(len(rec) - 1)
		prevEnd = last + strings.Count(rec[len(rec)-1], "\n")
		if len(rows) >= MaxImportRows {
			return Sheet{}, tooManyRows(base)
		}
		row := make([]SourceCell, len(rec))
		for i, f := range rec {
			row[i].Text = strings.TrimSpace(f)
		}
		rows = append(rows, row)
	}
	return finish(base, base, rows)
}

func decodeText(data []byte) (string, error) {
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		data = data[3:]
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}), bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		b, err := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder().Bytes(data)
		if err != nil {
			return "", err
		}
		return string(b), nil
	}
	if utf8.Valid(data) {
		return string(data), nil
	}
	b, err := charmap.Windows1252.NewDecoder().Bytes(data)
	if err != nil {
		return "", err
	}
	return string(b), nil
}

// sniffDelimiter counts each candidate on the first lines, outside quotes,
// and picks the one that gives the same non-zero count on most lines, then
// the most fields.
func sniffDelimiter(text string, tsv bool) rune {
	candidates := []rune{',', ';', '\t', '|'}
	if tsv {
		candidates = []rune{'\t', ',', ';', '|'}
	}
	lines := sampleLines(text, 20)
	best, bestSame, bestCount := candidates[0], 0, 0
	for _, c := range candidates {
		first, same := -1, 0
		for _, l := range lines {
			n := l[c]
			if first < 0 {
				first = n
			}
			if n == first && n > 0 {
				same++
			}
		}
		if first > 0 && (same > bestSame || same == bestSame && first > bestCount) {
			best, bestSame, bestCount = c, same, first
		}
	}
	return best
}

// sampleLines counts the delimiter candidates on each of the first n
// non-blank records, treating quoted text (newlines included) as content.
func sampleLines(text string, n int) []map[rune]int {
	var out []map[rune]int
	cur := map[rune]int{}
	inQuote, blank := false, true
	for _, r := range text[:min(len(text), 1<<16)] {
		switch {
		case r == '"':
			inQuote = !inQuote
			blank = false
		case inQuote:
		case r == '\n':
			if !blank {
				out = append(out, cur)
				if len(out) == n {
					return out
				}
			}
			cur, blank = map[rune]int{}, true
		case r == ',' || r == ';' || r == '\t' || r == '|':
			cur[r]++
			blank = false
		case r != '\r' && r != ' ':
			blank = false
		}
	}
	if !blank {
		out = append(out, cur)
	}
	return out
}
