package export

import (
	"archive/zip"
	"bytes"
	"errors"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func xlsxRender(tb testing.TB, r *Report) []byte {
	tb.Helper()
	var buf bytes.Buffer
	if err := WriteXLSX(&buf, r); err != nil {
		tb.Fatalf("WriteXLSX: %v", err)
	}
	if path := os.Getenv("XLSX_TEST_OUT"); path != "" { // to look at it: XLSX_TEST_OUT=/tmp/x.xlsx
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	return buf.Bytes()
}

func xlsxOpen(tb testing.TB, b []byte) *excelize.File {
	tb.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		tb.Fatalf("open the workbook: %v", err)
	}
	tb.Cleanup(func() {
		if err := f.Close(); err != nil {
			tb.Errorf("close the workbook: %v", err)
		}
	})
	return f
}

// xlsxSample is the 25-risk report and its workbook, read back.
func xlsxSample(t *testing.T) (*Report, *excelize.File) {
	t.Helper()
	r := xlsxTestReport(t, 25)
	return materialized(t, r), xlsxOpen(t, xlsxRender(t, r))
}

// xlsxFindTable returns the table named name on sheet.
func xlsxFindTable(t *testing.T, f *excelize.File, sheet, name string) excelize.Table {
	t.Helper()
	tables, err := f.GetTables(sheet)
	if err != nil {
		t.Fatalf("tables of %s: %v", sheet, err)
	}
	for _, tb := range tables {
		if tb.Name == name {
			return tb
		}
	}
	t.Fatalf("sheet %s has no table %s", sheet, name)
	return excelize.Table{}
}

// xlsxColumn returns the cell of column title in the index-th data row of
// a table (0 is the first row).
func xlsxColumn(t *testing.T, f *excelize.File, sheet string, tb excelize.Table, title string, index int) string {
	t.Helper()
	first, _, _ := strings.Cut(tb.Range, ":")
	col, row, err := excelize.CellNameToCoordinates(first)
	if err != nil {
		t.Fatal(err)
	}
	for c := col; c < col+60; c++ {
		ref, _ := excelize.CoordinatesToCellName(c, row)
		if v, _ := f.GetCellValue(sheet, ref); v == title {
			cell, _ := excelize.CoordinatesToCellName(c, row+1+index)
			return cell
		}
	}
	t.Fatalf("table %s has no column %q", tb.Name, title)
	return ""
}

func xlsxTableOf(r *Report, name string) *Table {
	for _, s := range r.Sections {
		for _, b := range s.Blocks {
			if b.Table != nil && b.Table.Name == name {
				return b.Table
			}
		}
	}
	return nil
}

func TestWriteXLSXSheetsInOrder(t *testing.T) {
	_, f := xlsxSample(t)
	want := []string{"Summary", "Criteria", "Heat map", "Risks", "Register (print)", "Actions", "SoA", "Playbooks", "Steps", "Change log", "Exercises", "Tabletop", "Lists"}
	if got := f.GetSheetList(); !slices.Equal(got, want) {
		t.Fatalf("sheets: got %q, want %q", got, want)
	}
	if visible, err := f.GetSheetVisible("Lists"); err != nil || visible {
		t.Errorf("Lists sheet visible: got %v (%v), want hidden", visible, err)
	}
	if got := f.GetActiveSheetIndex(); got != 0 {
		t.Errorf("active sheet: got %d, want 0 (Summary)", got)
	}
}

func TestWriteXLSXSummaryLevel(t *testing.T) {
	in := xlsxTestInput(t, 12)
	in.Level = Summary
	r, err := Build(in)
	if err != nil {
		t.Fatal(err)
	}
	f := xlsxOpen(t, xlsxRender(t, r))
	want := []string{"Summary", "Criteria", "Heat map", "Treatment", "Controls"}
	if got := f.GetSheetList(); !slices.Equal(got, want) {
		t.Fatalf("sheets: got %q, want %q", got, want)
	}
	// The public summary's section leaves the digest out; the sheet adds it.
	rows, err := f.GetRows("Summary")
	if err != nil {
		t.Fatal(err)
	}
	if !xlsxRowsHold(rows, r.digestLabel()) || !xlsxRowsHold(rows, r.Digest) {
		t.Errorf("Summary sheet does not show %q and the digest %s", r.digestLabel(), r.Digest)
	}
}

func xlsxRowsHold(rows [][]string, v string) bool {
	for _, row := range rows {
		for _, c := range row {
			if strings.Contains(c, v) {
				return true
			}
		}
	}
	return false
}

func TestWriteXLSXShowsTheDigestOnTheSummary(t *testing.T) {
	r, f := xlsxSample(t)
	rows, err := f.GetRows("Summary")
	if err != nil {
		t.Fatal(err)
	}
	if !xlsxRowsHold(rows, r.digestLabel()) || !xlsxRowsHold(rows, r.Digest) {
		t.Errorf("Summary sheet does not show %q and the digest %s", r.digestLabel(), r.Digest)
	}
	if !xlsxRowsHold(rows, "Document control") {
		t.Error("Summary sheet has no document control")
	}
}

func TestWriteXLSXDocumentProperties(t *testing.T) {
	r, f := xlsxSample(t)
	p, err := f.GetDocProps()
	if err != nil {
		t.Fatal(err)
	}
	want := excelize.DocProperties{Title: r.Meta.Title, Subject: r.Meta.Subject, Creator: "Ana", LastModifiedBy: "Ana",
		Category: "Risk register", Version: "1.2", Created: "2026-03-31T09:30:00Z", Modified: "2026-03-31T09:30:00Z", Language: "en"}
	got := *p
	got.Description, got.Keywords = "", ""
	if got != want {
		t.Errorf("properties:\n got %+v\nwant %+v", got, want)
	}
	if !strings.Contains(p.Description, r.Digest) || !strings.Contains(p.Keywords, "ISO 31000") {
		t.Errorf("description %q, keywords %q: want the digest and the standards", p.Description, p.Keywords)
	}
	app, err := f.GetAppProps()
	if err != nil || app.Application != "Riskbook 0.1.0" || app.Company != r.Meta.Organisation {
		t.Errorf("application properties: got %+v (%v)", app, err)
	}
}

func TestWriteXLSXIsDeterministic(t *testing.T) {
	r := xlsxTestReport(t, 40)
	a, b := xlsxRender(t, r), xlsxRender(t, r)
	if !bytes.Equal(a, b) {
		t.Fatal("two renders of the same report differ")
	}
	z, err := zip.NewReader(bytes.NewReader(a), int64(len(a)))
	if err != nil {
		t.Fatal(err)
	}
	if z.File[0].Name != "[Content_Types].xml" {
		t.Errorf("first part: got %s, want [Content_Types].xml", z.File[0].Name)
	}
	for _, zf := range z.File {
		if !zf.Modified.Equal(r.Meta.Date) {
			t.Errorf("%s dated %v, want %v", zf.Name, zf.Modified, r.Meta.Date)
		}
	}
}

var errXLSXDiskFull = errors.New("disk full")

type xlsxFailingWriter struct{}

func (xlsxFailingWriter) Write([]byte) (int, error) { return 0, errXLSXDiskFull }

func TestWriteXLSXReportsErrors(t *testing.T) {
	r := xlsxTestReport(t, 3)
	if err := WriteXLSX(xlsxFailingWriter{}, r); !errors.Is(err, errXLSXDiskFull) {
		t.Errorf("failing writer: got %v, want %v", err, errXLSXDiskFull)
	}
	r.Sections = append(r.Sections, Section{Sheet: "Broken", Blocks: []Block{{Table: &Table{Name: "NoColumns"}}}})
	if err := WriteXLSX(&bytes.Buffer{}, r); err == nil || !strings.Contains(err.Error(), "NoColumns") {
		t.Errorf("table without columns: got %v, want an error naming it", err)
	}
	if err := WriteXLSX(&bytes.Buffer{}, nil); err == nil {
		t.Error("nil report: got no error")
	}
}

func BenchmarkWriteXLSX10000(b *testing.B) {
	r := xlsxTestReport(b, 10000)
	if n := len(xlsxTableOf(r, "Actions").Rows); n != 2000 {
		b.Fatalf("got %d actions, want 2000", n)
	}
	b.ReportAllocs()
	b.ResetTimer()
	var size int
	for b.Loop() {
		var buf bytes.Buffer
		if err := WriteXLSX(&buf, r); err != nil {
			b.Fatal(err)
		}
		size = buf.Len()
	}
	b.ReportMetric(float64(size)/1e6, "MB")
}
