package export

import (
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"riskbook/risk"
)

func TestWriteXLSXTables(t *testing.T) {
	r, f := xlsxSample(t)
	for _, tc := range []struct{ sheet, name string }{
		{"Summary", "LevelCounts"}, {"Summary", "DocumentControl"},
		{"Criteria", "RiskLevels"}, {"Criteria", "LikelihoodScale"}, {"Criteria", "ConsequenceScale"},
		{"Risks", "Risks"}, {"Actions", "Actions"}, {"SoA", "SoA"}, {"Change log", "ChangeLog"},
		{"Exercises", "PlannedExercises"}, {"Exercises", "HeldExercises"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tb := xlsxFindTable(t, f, tc.sheet, tc.name)
			from, to, _ := strings.Cut(tb.Range, ":")
			c1, r1, _ := excelize.CellNameToCoordinates(from)
			c2, r2, _ := excelize.CellNameToCoordinates(to)
			want := xlsxTableOf(r, tc.name)
			if tc.name == "DocumentControl" {
				want = r.RevisionTable()
			}
			if want == nil {
				t.Fatalf("the report has no table %s", tc.name)
			}
			if c1 != 1 || c2 != len(want.Columns) {
				t.Errorf("range %s: got columns %d..%d, want 1..%d (every column, SheetOnly too)", tb.Range, c1, c2, len(want.Columns))
			}
			if rows := r2 - r1; rows != max(len(want.Rows), 1) {
				t.Errorf("range %s: got %d data rows, want %d", tb.Range, rows, max(len(want.Rows), 1))
			}
			if tb.StyleName == "" {
				t.Error("table has no style")
			}
			for i, c := range want.Columns {
				if c.Title == "" {
					continue
				}
				ref, _ := excelize.CoordinatesToCellName(1+i, r1)
				if got, _ := f.GetCellValue(tc.sheet, ref); got != c.Title {
					t.Errorf("header %s: got %q, want %q", ref, got, c.Title)
				}
			}
		})
	}
}

func TestWriteXLSXEmptyTableShowsItsSentence(t *testing.T) {
	_, f := xlsxSample(t)
	tb := xlsxFindTable(t, f, "Exercises", "HeldExercises")
	from, _, _ := strings.Cut(tb.Range, ":")
	_, row, _ := excelize.CellNameToCoordinates(from)
	got, err := f.GetCellValue("Exercises", "A"+strconv.Itoa(row-1))
	if err != nil || got != "No exercise is recorded yet." {
		t.Errorf("above the empty table: got %q (%v), want its Empty sentence", got, err)
	}
}

func TestWriteXLSXValidationsOnEnumerations(t *testing.T) {
	r, f := xlsxSample(t)
	dvs, err := f.GetDataValidations("Risks")
	if err != nil {
		t.Fatal(err)
	}
	tb := xlsxFindTable(t, f, "Risks", "Risks")
	for _, c := range xlsxTableOf(r, "Risks").Columns {
		if c.Kind != Enum {
			continue
		}
		t.Run(c.Title, func(t *testing.T) {
			first := xlsxColumn(t, f, "Risks", tb, c.Title, 0)
			var found *excelize.DataValidation
			for _, dv := range dvs {
				if strings.HasPrefix(dv.Sqref, first+":") {
					found = dv
				}
			}
			if found == nil {
				t.Fatalf("no validation starting at %s among %d", first, len(dvs))
			}
			if want := `"` + strings.Join(c.Options, ",") + `"`; found.Type != "list" || found.Formula1 != want {
				t.Errorf("validation: got %s %s, want list %s", found.Type, found.Formula1, want)
			}
		})
	}
	t.Run("LongListOnTheListsSheet", func(t *testing.T) {
		dvs, err := f.GetDataValidations("Exercises")
		if err != nil {
			t.Fatal(err)
		}
		if len(dvs) != 1 || dvs[0].Formula1 != "'Lists'!$A$2:$A$31" {
			t.Fatalf("got %d validations, first %+v; want one referring to 'Lists'!$A$2:$A$31", len(dvs), dvs)
		}
		if v, _ := f.GetCellValue("Lists", "A31"); !strings.HasPrefix(v, "Playbook 30:") {
			t.Errorf("Lists!A31: got %q, want the 30th playbook", v)
		}
	})
}

func TestWriteXLSXLevelColours(t *testing.T) {
	r, f := xlsxSample(t)
	formats, err := f.GetConditionalFormats("Risks")
	if err != nil {
		t.Fatal(err)
	}
	tb := xlsxFindTable(t, f, "Risks", "Risks")
	for _, title := range []string{"Inherent", "Residual", "Target"} {
		t.Run(title, func(t *testing.T) {
			first := xlsxColumn(t, f, "Risks", tb, title, 0)
			last := xlsxColumn(t, f, "Risks", tb, title, 24)
			rules := formats[first+":"+last]
			if len(rules) != len(r.Levels) {
				t.Fatalf("got %d rules on %s:%s, want one per level (%d)", len(rules), first, last, len(r.Levels))
			}
			for i, l := range r.Levels {
				rule := rules[i]
				if rule.Type != "cell" || rule.Value != `"`+l.Label+`"` || rule.Format == nil {
					t.Errorf("rule %d: got %+v, want cell == %q", i, rule, l.Label)
					continue
				}
				style, err := f.GetConditionalStyle(*rule.Format)
				if err != nil {
					t.Fatal(err)
				}
				if len(style.Fill.Color) == 0 || "#"+strings.ToUpper(style.Fill.Color[0]) != strings.ToUpper(l.Colour) {
					t.Errorf("rule %d fill: got %v, want %s", i, style.Fill.Color, l.Colour)
				}
			}
		})
	}
}

func TestWriteXLSXTypedCells(t *testing.T) {
	r, f := xlsxSample(t)
	risks := xlsxFindTable(t, f, "Risks", "Risks")
	actions := xlsxFindTable(t, f, "Actions", "Actions")
	numFmt := func(sheet, cell string) string {
		t.Helper()
		id, err := f.GetCellStyle(sheet, cell)
		if err != nil {
			t.Fatal(err)
		}
		st, err := f.GetStyle(id)
		if err != nil {
			t.Fatal(err)
		}
		if st.CustomNumFmt != nil {
			return *st.CustomNumFmt
		}
		return strconv.Itoa(st.NumFmt)
	}
	raw := func(sheet, cell string) string {
		t.Helper()
		v, err := f.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	t.Run("Date", func(t *testing.T) {
		cell := xlsxColumn(t, f, "Risks", risks, "Next review", 0)
		serial, err := strconv.ParseFloat(raw("Risks", cell), 64)
		if err != nil {
			t.Fatalf("%s is not a number: %v", cell, err)
		}
		got, err := excelize.ExcelDateToTime(serial, false)
		if want := xlsxTestInput(t, 1).Risks.(RiskList)[0].NextReview; err != nil || risk.DateOf(got) != want {
			t.Errorf("%s: got %v (%v), want %v", cell, got, err, want)
		}
		if got := numFmt("Risks", cell); got != "yyyy-mm-dd" {
			t.Errorf("%s format: got %q, want yyyy-mm-dd", cell, got)
		}
	})
	t.Run("ZeroDateIsEmpty", func(t *testing.T) {
		cell := xlsxColumn(t, f, "Risks", risks, "Acceptance expires", 0)
		if v := raw("Risks", cell); v != "" {
			t.Errorf("%s: got %q, want empty", cell, v)
		}
	})
	t.Run("Number", func(t *testing.T) {
		cell := xlsxColumn(t, f, "Risks", risks, "Inherent C", 1)
		if v := raw("Risks", cell); v != "4" {
			t.Errorf("%s: got %q, want 4", cell, v)
		}
		if typ, _ := f.GetCellType("Risks", cell); typ == excelize.CellTypeInlineString || typ == excelize.CellTypeSharedString {
			t.Errorf("%s is stored as text", cell)
		}
	})
	t.Run("Percent", func(t *testing.T) {
		cell := xlsxColumn(t, f, "Actions", actions, "Progress", 0)
		if v := raw("Actions", cell); v != "0.4" {
			t.Errorf("%s: got %q, want 0.4 (a fraction shown as a percentage)", cell, v)
		}
		if got := numFmt("Actions", cell); got != "0%" {
			t.Errorf("%s format: got %q, want 0%%", cell, got)
		}
	})
	t.Run("Unicode", func(t *testing.T) {
		for i, want := range []string{xlsxTestVietnamese, xlsxTestCyrillic} {
			cell := xlsxColumn(t, f, "Risks", risks, "Risk", i)
			if got := raw("Risks", cell); got != want {
				t.Errorf("%s: got %q, want %q", cell, got, want)
			}
		}
		cell := xlsxColumn(t, f, "Risks", risks, "Owner", 2)
		if got := raw("Risks", cell); got != xlsxTestArabic {
			t.Errorf("%s: got %q, want %q", cell, got, xlsxTestArabic)
		}
	})
	_ = r
}

func TestWriteXLSXFormulaLikeTextStaysText(t *testing.T) {
	r, f := xlsxSample(t)
	risks := xlsxFindTable(t, f, "Risks", "Risks")
	rows := xlsxTableOf(r, "Risks").Rows
	checked := 0
	for i, row := range rows {
		for _, col := range []struct {
			title string
			index int
		}{{"Risk", 1}, {"Owner", 3}} {
			want := row[col.index].Text
			if !xlFormulaLike(want) {
				continue
			}
			checked++
			cell := xlsxColumn(t, f, "Risks", risks, col.title, i)
			got, _ := f.GetCellValue("Risks", cell, excelize.Options{RawCellValue: true})
			formula, err := f.GetCellFormula("Risks", cell)
			typ, _ := f.GetCellType("Risks", cell)
			if got != want || formula != "" || err != nil || (typ != excelize.CellTypeInlineString && typ != excelize.CellTypeSharedString) {
				t.Errorf("%s: got %q, formula %q (%v), type %v; want the text %q", cell, got, formula, err, typ, want)
			}
			id, _ := f.GetCellStyle("Risks", cell)
			if xf := f.Styles.CellXfs.Xf[id]; xf.QuotePrefix == nil || !*xf.QuotePrefix {
				t.Errorf("%s: style %d has no quote prefix", cell, id)
			}
		}
	}
	if checked < 5 {
		t.Fatalf("checked %d formula-like cells, want at least 5 (=, +, -, @)", checked)
	}
	cell := xlsxColumn(t, f, "Risks", risks, "Risk", 6)
	if got, _ := f.GetCellValue("Risks", cell); got != xlsxTestFormula {
		t.Errorf("%s: got %q, want %q", cell, got, xlsxTestFormula)
	}
}
