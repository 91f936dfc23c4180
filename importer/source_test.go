package importer

import (
	"archive/zip"
	"bytes"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"riskbook/risk"
)

// texts returns a sheet's cell texts, for comparing with a table.
func texts(sh *Sheet) [][]string {
	out := make([][]string, len(sh.Rows))
	for i, r := range sh.Rows {
		out[i] = make([]string, len(r))
		for j, c := range r {
			out[i][j] = c.Text
		}
	}
	return out
}

func TestReadSourceCSV(t *testing.T) {
	tests := []struct {
		name string
		file string
		data []byte
		want [][]string
	}{
		{"Plain", "r.csv", []byte("ID,Title\nR-1,Fire\n"), [][]string{{"ID", "Title"}, {"R-1", "Fire"}}},
		{"BOM", "r.csv", []byte("\xEF\xBB\xBFID,Title\r\nR-1,Fire\r\n"), [][]string{{"ID", "Title"}, {"R-1", "Fire"}}},
		{"Semicolon", "r.csv", []byte("ID;Title;Impact\nR-1;Fire, big;3,5\n"), [][]string{{"ID", "Title", "Impact"}, {"R-1", "Fire, big", "3,5"}}},
		{"Tab", "r.txt", []byte("ID\tTitle\nR-1\tFire, big\n"), [][]string{{"ID", "Title"}, {"R-1", "Fire, big"}}},
		{"TSVExtension", "r.tsv", []byte("ID\tTitle\n"), [][]string{{"ID", "Title"}}},
		{"Pipe", "r.csv", []byte("ID|Title\nR-1|Fire\n"), [][]string{{"ID", "Title"}, {"R-1", "Fire"}}},
		{"QuotedNewline", "r.csv", []byte("ID,Title\nR-1,\"Fire\nin the hall\"\nR-2,Flood\n"),
			[][]string{{"ID", "Title"}, {"R-1", "Fire\nin the hall"}, {"R-2", "Flood"}}},
		{"QuotedDelimiterDoesNotFoolTheSniffer", "r.csv", []byte("ID;Title\nR-1;\"a,b,c,d\"\n"), [][]string{{"ID", "Title"}, {"R-1", "a,b,c,d"}}},
		{"Windows1252", "r.csv", []byte("ID,Title\nR-1,Pr\xE9sence \x96 caf\xE9\n"), [][]string{{"ID", "Title"}, {"R-1", "Présence – café"}}},
		{"UTF16", "r.txt", utf16Bytes("ID\tTitle\r\nR-1\tCafé\r\n"), [][]string{{"ID", "Title"}, {"R-1", "Café"}}},
		{"RaggedPadded", "r.csv", []byte("ID,Title,Owner\nR-1\nR-2,Flood\n"), [][]string{{"ID", "Title", "Owner"}, {"R-1", "", ""}, {"R-2", "Flood", ""}}},
		{"TrailingEmptyColumnsDropped", "r.csv", []byte("ID,Title,,\nR-1,Fire,,\n"), [][]string{{"ID", "Title"}, {"R-1", "Fire"}}},
		{"BlankLinesKeepRowNumbers", "r.csv", []byte("Register\n\nID,Title\n\nR-1,Fire\n\n\n"), [][]string{{"Register", ""}, {"", ""}, {"ID", "Title"}, {"", ""}, {"R-1", "Fire"}}},
		{"CellsTrimmed", "r.csv", []byte("Owner ,Title\n Ann , Fire \n"), [][]string{{"Owner", "Title"}, {"Ann", "Fire"}}},
		{"BareQuote", "r.csv", []byte("ID,Title\nR-1,The \"big\" one\n"), [][]string{{"ID", "Title"}, {"R-1", "The \"big\" one"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src, err := ReadSource(tt.file, tt.data)
			if err != nil {
				t.Fatalf("ReadSource: %v", err)
			}
			if len(src.Sheets) != 1 {
				t.Fatalf("got %d sheets, want 1", len(src.Sheets))
			}
			if got := texts(&src.Sheets[0]); fmt.Sprintf("%q", got) != fmt.Sprintf("%q", tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
			if src.Sheets[0].Name != tt.file || src.Name != tt.file || len(src.SHA256) != 64 {
				t.Errorf("got name %q sheet %q sha %q", src.Name, src.Sheets[0].Name, src.SHA256)
			}
		})
	}
}

func utf16Bytes(s string) []byte {
	b := []byte{0xFF, 0xFE}
	for _, r := range s {
		b = append(b, byte(r), byte(r>>8))
	}
	return b
}

// workbook saves f and returns its bytes.
func workbook(t *testing.T, f *excelize.File, opts ...excelize.Options) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := f.Write(&buf, opts...); err != nil {
		t.Fatalf("write workbook: %v", err)
	}
	if err := f.Close(); err != nil {
		t.Fatalf("close workbook: %v", err)
	}
	return buf.Bytes()
}

func set(t *testing.T, f *excelize.File, sheet, axis string, v any) {
	t.Helper()
	if err := f.SetCellValue(sheet, axis, v); err != nil {
		t.Fatalf("set %s: %v", axis, err)
	}
}

func TestReadSourceRefuses(t *testing.T) {
	protected := func() []byte {
		f := excelize.NewFile()
		set(t, f, "Sheet1", "A1", "secret")
		return workbook(t, f, excelize.Options{Password: "pw"})
	}()
	ole := append(append([]byte{}, oleSignature...), make([]byte, 600)...)
	copy(ole[100:], "W\x00o\x00r\x00k\x00b\x00o\x00o\x00k\x00")
	var notXLSX bytes.Buffer
	zw := zip.NewWriter(&notXLSX)
	w, _ := zw.Create("word/document.xml")
	fmt.Fprint(w, "<doc/>")
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	var rows strings.Builder
	rows.WriteString("ID,Title\n")
	for i := range MaxImportRows {
		fmt.Fprintf(&rows, "R-%d,Risk %d\n", i, i)
	}
	tests := []struct {
		name string
		file string
		data []byte
		want string
	}{
		{"Empty", "r.csv", nil, "r.csv is empty"},
		{"Whitespace", "r.csv", []byte(" \r\n\t"), "is empty"},
		{"PasswordProtected", "r.xlsx", protected, "password-protected"},
		{"LegacyXLS", "r.xls", ole, "old Excel 97–2003 format"},
		{"LegacyXLSWithoutExtension", "r.dat", ole, "old Excel 97–2003 format"},
		{"XLSExtensionOnText", "r.xls", []byte("a,b\n"), "old Excel"},
		{"Binary", "r.csv", []byte{0x89, 'P', 'N', 'G', 0, 0, 1, 2}, "not a spreadsheet"},
		{"TextNamedXLSX", "r.xlsx", []byte("a,b\n1,2\n"), "not a spreadsheet"},
		{"ZipNotWorkbook", "r.xlsx", notXLSX.Bytes(), "not a spreadsheet"},
		{"TruncatedZip", "r.xlsx", protected[:0:0], "is empty"},
		{"TooManyRows", "big.csv", []byte(rows.String()), "more than 100000 rows"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadSource(tt.file, tt.data)
			if err == nil {
				t.Fatalf("got no error, want one containing %q", tt.want)
			}
			if risk.ErrorCode(err) != risk.EINVALID || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v (%s), want an invalid error containing %q", err, risk.ErrorCode(err), tt.want)
			}
			if n := strings.Count(strings.TrimSuffix(err.Error(), "."), ". "); n > 0 {
				t.Errorf("got %q, want one sentence", err)
			}
		})
	}
}

func TestReadSourceZipBomb(t *testing.T) {
	f := excelize.NewFile()
	set(t, f, "Sheet1", "A1", strings.Repeat("x", 32000))
	for i := 2; i < 200; i++ {
		set(t, f, "Sheet1", fmt.Sprintf("A%d", i), strings.Repeat("y", 30000+i))
	}
	data := workbook(t, f)
	_, err := readSource("bomb.xlsx", data, 1<<20)
	if err == nil || !strings.Contains(err.Error(), "unpacks to more than 1 MB") {
		t.Fatalf("got %v, want the unpacked-size refusal", err)
	}
	if _, err := readSource("bomb.xlsx", data, maxUnzipSize); err != nil {
		t.Fatalf("within the real limit: got %v", err)
	}
}

func TestReadSourceXLSX(t *testing.T) {
	f := excelize.NewFile()
	sh := "Register"
	if err := f.SetSheetName("Sheet1", sh); err != nil {
		t.Fatal(err)
	}
	set(t, f, sh, "A1", "Risk register 2026")
	if err := f.MergeCell(sh, "A1", "F1"); err != nil {
		t.Fatal(err)
	}
	header := []any{"Ref", "Category", "Risk", "L", "I", "Score", "Due", "Done"}
	if err := f.SetSheetRow(sh, "A4", &header); err != nil {
		t.Fatal(err)
	}
	set(t, f, sh, "A5", "001") // text that looks like a number
	set(t, f, sh, "B5", "IT")
	if err := f.MergeCell(sh, "B5", "B6"); err != nil {
		t.Fatal(err)
	}
	set(t, f, sh, "C5", "Fire")
	set(t, f, sh, "D5", 3)
	set(t, f, sh, "E5", 4)
	if err := f.SetCellFormula(sh, "F5", "D5*E5"); err != nil { // no cached value
		t.Fatal(err)
	}
	set(t, f, sh, "G5", 46206) // 2026-07-03
	dateStyle, err := f.NewStyle(&excelize.Style{NumFmt: 14})
	if err != nil {
		t.Fatal(err)
	}
	pctStyle, err := f.NewStyle(&excelize.Style{NumFmt: 9})
	if err != nil {
		t.Fatal(err)
	}
	customDate := "d mmm yyyy"
	customStyle, err := f.NewStyle(&excelize.Style{CustomNumFmt: &customDate})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []struct {
		axis  string
		style int
	}{{"G5", dateStyle}, {"G6", customStyle}, {"D6", pctStyle}} {
		if err := f.SetCellStyle(sh, s.axis, s.axis, s.style); err != nil {
			t.Fatal(err)
		}
	}
	set(t, f, sh, "H5", true)
	set(t, f, sh, "C6", "Flood")
	set(t, f, sh, "D6", 0.75)
	set(t, f, sh, "G6", 46538.5) // 2027-05-31 noon
	data := workbook(t, f)

	src, err := ReadSource("reg.xlsx", data)
	if err != nil {
		t.Fatalf("ReadSource: %v", err)
	}
	got := texts(&src.Sheets[0])
	want := [][]string{
		{"Risk register 2026", "Risk register 2026", "Risk register 2026", "Risk register 2026", "Risk register 2026", "Risk register 2026", "", ""},
		{"", "", "", "", "", "", "", ""},
		{"", "", "", "", "", "", "", ""},
		{"Ref", "Category", "Risk", "L", "I", "Score", "Due", "Done"},
		{"001", "IT", "Fire", "3", "4", "12", "2026-07-03", "TRUE"},
		{"", "IT", "Flood", "75%", "", "", "2027-05-31", ""},
	}
	if fmt.Sprintf("%q", got) != fmt.Sprintf("%q", want) {
		t.Fatalf("got\n%q\nwant\n%q", got, want)
	}
	row := src.Sheets[0].Rows[4]
	if row[0].Number != nil {
		t.Errorf("text 001: got a number %v, want text only", *row[0].Number)
	}
	if row[3].Number == nil || *row[3].Number != 3 {
		t.Errorf("D5: got %v, want the number 3", row[3].Number)
	}
	if row[6].Date == nil || *row[6].Date != (risk.Date{Year: 2026, Month: 7, Day: 3}) {
		t.Errorf("G5: got date %v, want 2026-07-03", row[6].Date)
	}
	if n := src.Sheets[0].Rows[5][3].Number; n == nil || *n != 0.75 {
		t.Errorf("D6: got %v, want the number 0.75 behind 75%%", n)
	}
	if hr, ok := FindTable(&src.Sheets[0]); !ok || hr != 4 {
		t.Errorf("FindTable: got %d %v, want 4 true", hr, ok)
	}
}

func TestReadSourceXLSXCachedFormula(t *testing.T) {
	f := excelize.NewFile()
	set(t, f, "Sheet1", "A1", "Title")
	set(t, f, "Sheet1", "B1", "Score")
	set(t, f, "Sheet1", "A2", "Fire")
	set(t, f, "Sheet1", "B2", 7) // the cached value Excel saved
	if err := f.SetCellFormula("Sheet1", "B2", "2*3"); err != nil {
		t.Fatal(err)
	}
	src, err := ReadSource("r.xlsx", workbook(t, f))
	if err != nil {
		t.Fatal(err)
	}
	if got := src.Sheets[0].Rows[1][1].Text; got != "7" {
		t.Errorf("got %q, want the cached 7, not a recalculation", got)
	}
}

func TestReadSourceSamples(t *testing.T) {
	for _, name := range []string{"register-basic.xlsx", "register-text-levels.csv"} {
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("..", "..", "shared", "samples", name))
			if os.IsNotExist(err) {
				t.Skip("shared samples not present")
			}
			if err != nil {
				t.Fatal(err)
			}
			src, err := ReadSource(name, data)
			if err != nil {
				t.Fatalf("ReadSource: %v", err)
			}
			if hr, ok := FindTable(&src.Sheets[0]); !ok || hr != 1 {
				t.Errorf("FindTable: got %d %v, want 1 true", hr, ok)
			}
		})
	}
}

func FuzzReadSource(f *testing.F) {
	f.Add("r.csv", []byte("ID,Title\nR-1,\"Fire\nhall\"\n"))
	f.Add("r.csv", []byte("\xEF\xBB\xBFa;b;c\n1;2;3\n"))
	f.Add("r.txt", utf16Bytes("a\tb\r\n"))
	f.Add("r.csv", []byte("a,\"b\n"))
	wb := excelize.NewFile()
	if err := wb.SetCellValue("Sheet1", "A1", "Risk"); err != nil {
		f.Fatal(err)
	}
	if err := wb.MergeCell("Sheet1", "A1", "C3"); err != nil {
		f.Fatal(err)
	}
	var buf bytes.Buffer
	if err := wb.Write(&buf); err != nil {
		f.Fatal(err)
	}
	f.Add("r.xlsx", buf.Bytes())
	f.Add("r.xls", oleSignature)
	for _, seed := range realSeeds(f) {
		f.Add(seed.name, seed.data)
	}
	f.Fuzz(fuzzReadSource)
}

// fuzzReadSource checks that any bytes give a sheet or a sentence, never a
// panic, ragged rows or an internal error, and that mapping and planning
// whatever was read does not fail either.
func fuzzReadSource(t *testing.T, name string, data []byte) {
	c := risk.DefaultCriteria()
	src, err := readSource(name, data, 8<<20)
	if err != nil {
		if risk.ErrorCode(err) != risk.EINVALID && !strings.Contains(err.Error(), "close") {
			t.Fatalf("got a non-person error %v", err)
		}
		return
	}
	for i := range src.Sheets {
		sh := &src.Sheets[i]
		if sh.Lines != nil && (len(sh.Lines) != len(sh.Rows) || len(sh.Fields) != len(sh.Rows)) {
			t.Fatalf("%d rows but %d lines and %d field counts", len(sh.Rows), len(sh.Lines), len(sh.Fields))
		}
		w := src.Sheets[i].Width()
		for _, r := range src.Sheets[i].Rows {
			if len(r) != w {
				t.Fatalf("ragged row: %d cells, width %d", len(r), w)
			}
		}
	}
	m, err := ProposeMapping(src, "", &c)
	if err != nil {
		return
	}
	for _, answer := range []string{"", QuantitativeBand, QuantitativeUnscored} {
		m.Quantitative = answer
		p, err := Plan(src, m, &c, nil, risk.Date{Year: 2026, Month: 1, Day: 1})
		if err != nil && risk.ErrorCode(err) != risk.EINVALID {
			t.Fatalf("Plan: %v", err)
		}
		if p != nil {
			if r := p.Refuse(Consent{}, time.Time{}); r != nil && r.Error() == "" {
				t.Fatal("a refusal without a sentence")
			}
		}
	}
}

// FuzzParseAmount checks that any text gives an amount that is a finite,
// non-negative number, or none.
func FuzzParseAmount(f *testing.F) {
	for _, s := range []string{"$1,200,000", "250k", "1.2M", "35%", "EUR 40 000", "1.200.000", "1,234.5", "0.35", "£5bn", "1,,2", "k", "$"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, ok := parseAmount(s)
		if ok && (v < 0 || math.IsNaN(v) || math.IsInf(v, 0)) {
			t.Fatalf("parseAmount(%q) = %v", s, v)
		}
	})
}
