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
	var lines, fields []int
	var spans []quoteSpan
	prevEnd := 0 // the line the previous record ended on
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return Sheet{}, risk.Err(risk.EINVALID, risk.T("importer.csv_unreadable", risk.Args{"Name": base, "Line": pe.StartLine, "Detail": pe.Err.Error()}))
			}
			return Sheet{}, notSpreadsheet(base)
		}
		// csv skips blank lines, but a spreadsheet program shows them as
		// rows: keep them, so that row numbers match what people see.
		line, _ := r.FieldPos(0)
		for ; prevEnd+1 < line; prevEnd++ {
			rows, lines, fields = append(rows, nil), append(lines, prevEnd+1), append(fields, 0)
		}
		last, _ := r.FieldPos(len(rec) - 1)
		prevEnd = last + strings.Count(rec[len(rec)-1], "\n")
		if len(rows) >= MaxImportRows {
			return Sheet{}, tooManyRows(base)
		}
		row := make([]SourceCell, len(rec))
		for i, f := range rec {
			if cellTooLong(f) {
				fl, _ := r.FieldPos(i)
				return Sheet{}, tooLongCell(base, risk.T("importer.where.line", risk.Args{"Line": fl}), utf8.RuneCountInString(f))
			}
			if strings.Contains(f, "\n") {
				fl, _ := r.FieldPos(i)
				spans = append(spans, quoteSpan{row: len(rows) + 1, line: fl, end: fl + strings.Count(f, "\n"), text: f, last: i == len(rec)-1})
			}
			row[i].Text = strings.TrimSpace(f)
		}
		rows, lines, fields = append(rows, row), append(lines, line), append(fields, len(rec))
	}
	sh, err := finish(base, base, rows)
	if err != nil {
		return Sheet{}, err
	}
	n := len(sh.Rows)
	sh.Lines, sh.Fields = lines[:n:n], fields[:n:n]
	sh.Damage = unclosedQuotes(spans, fields, delim, prevEnd, strings.Count(strings.TrimRight(text, "\r\n"), "\n")+1)
	return sh, nil
}

// quoteSpan is a quoted cell that runs over several lines.
type quoteSpan struct {
	row, line, end int
	text           string
	last           bool // the record's last field
}

// unclosedQuotes finds the quoted cells that swallowed rows: a cell over
// several lines whose inner lines look like rows of their own (as many
// delimiters as a row has), or that runs to the end of the file. A
// line break inside a real cell (an address, a list) has no such lines.
func unclosedQuotes(spans []quoteSpan, fields []int, delim rune, lastLine, fileLines int) []Damage {
	counts := map[int]int{}
	for _, f := range fields {
		if f > 0 {
			counts[f]++
		}
	}
	width, best := 0, 0
	for f, n := range counts {
		if n > best || n == best && f > width {
			width, best = f, n
		}
	}
	var out []Damage
	for _, sp := range spans {
		rowLike := 0
		inner := strings.Split(sp.text, "\n")[1:]
		for _, l := range inner {
			if strings.Count(l, string(delim)) >= max(1, width-1) {
				rowLike++
			}
		}
		toEnd := sp.last && sp.end >= lastLine && lastLine >= fileLines
		if rowLike == 0 {
			continue
		}
		msg := risk.T("importer.damage.quote_closed_late", risk.Args{"Line": sp.line, "End": sp.end})
		if toEnd {
			msg = risk.T("importer.damage.quote_never_closed", risk.Args{"Line": sp.line, "End": sp.end})
		}
		out = append(out, Damage{Row: sp.row, Line: sp.line, Message: msg})
	}
	return out
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
