package export

import (
	"bytes"
	"io"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"riskbook/bcp"
	"riskbook/risk"
)

// biaSection returns the section with the given ID.
func biaSection(t *testing.T, r *Report, id string) *Section {
	t.Helper()
	for i := range r.Sections {
		if r.Sections[i].ID == id {
			return &r.Sections[i]
		}
	}
	t.Fatalf("the report has no section %q", id)
	return nil
}

// biaTable returns the section's table with the given name.
func biaTable(t *testing.T, s *Section, name string) *Table {
	t.Helper()
	for _, b := range s.Blocks {
		if b.Table != nil && b.Table.Name == name {
			return b.Table
		}
	}
	t.Fatalf("section %s has no table %s", s.ID, name)
	return nil
}

// biaRow returns the row whose first cell is ref, as a map by column title.
func biaRow(t *testing.T, tb *Table, ref string) map[string]Cell {
	t.Helper()
	for _, row := range tb.Rows {
		if row[0].Text == ref {
			out := map[string]Cell{}
			for i, c := range tb.Columns {
				out[c.Title] = row[i]
			}
			return out
		}
	}
	t.Fatalf("table %s has no row %s", tb.Name, ref)
	return nil
}

func TestBIASectionsComeAfterTheSoAWithTheirSheets(t *testing.T) {
	r, err := Build(sampleInput(t, Full))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range r.Sections {
		got = append(got, s.ID+":"+s.Sheet)
	}
	want := []string{"soa:SoA", "bia:BIA", "impacts:Impacts", "resources:Resources", "readiness:Readiness", "playbooks:Playbooks", "playbook-PB-01:", "steps:Steps", "changes:Change log"}
	if i := slices.Index(got, "soa:SoA"); i < 0 || !slices.Equal(got[i:], want) {
		t.Errorf("sections: got %v, want them to end with %v", got, want)
	}
}

func TestBIASectionsNeedABIA(t *testing.T) {
	for name, bia := range map[string]*bcp.BIA{
		"Nil":   nil,
		"Empty": {Settings: bcp.DefaultSettings()},
	} {
		for _, level := range []Level{Full, Summary} {
			t.Run(name+string(level), func(t *testing.T) {
				in := sampleInput(t, level)
				in.BIA = bia
				r, err := Build(in)
				if err != nil {
					t.Fatal(err)
				}
				for _, s := range r.Sections {
					if slices.Contains([]string{"bia", "impacts", "resources", "readiness", "continuity"}, s.ID) {
						t.Errorf("section %s without a BIA", s.ID)
					}
				}
				if strings.Contains(r.Meta.Subject, "22301") {
					t.Errorf("subject %q mentions the BIA", r.Meta.Subject)
				}
			})
		}
	}
}

func TestBIAReadinessGapShowsBothFigures(t *testing.T) {
	r, err := Build(sampleInput(t, Full))
	if err != nil {
		t.Fatal(err)
	}
	s := biaSection(t, r, "readiness")
	row := biaRow(t, biaTable(t, s, "Readiness"), "ACT-02")
	if row["Required RTO"].Text != "4 h" || row["Achievable RTO"].Text != "1 day" {
		t.Errorf("RTO: got required %q, achievable %q; want 4 h and 1 day", row["Required RTO"].Text, row["Achievable RTO"].Text)
	}
	if v := row["Readiness"]; v.Text != "gap" || v.Colour == "" {
		t.Errorf("verdict: got %+v, want a coloured gap", v)
	}
	if g := row["Gap"].Text; !strings.Contains(g, "1 day") || !strings.Contains(g, "4 h") || !strings.Contains(g, "RES-04") {
		t.Errorf("gap %q: want the system and both figures", g)
	}
	if g := biaRow(t, biaTable(t, s, "Readiness"), "ACT-01")["Gap"].Text; !strings.HasPrefix(g, "none") {
		t.Errorf("ACT-01 has no gap, but the table says %q", g)
	}
	spofs := biaTable(t, s, "SinglePoints")
	if len(spofs.Rows) != 1 || spofs.Rows[0][0].Text != "RES-01" {
		t.Errorf("single points of failure: got %v, want RES-01 alone", spofs.Rows)
	}
	var rules []string
	for _, row := range biaTable(t, s, "BIAFindings").Rows {
		rules = append(rules, row[2].Text)
	}
	if want := []string{"impacts-not-assessed", "no-site-outside-region", "supplier-capacity-stale"}; !slices.Equal(rules, want) {
		t.Errorf("other findings: got %v, want %v (gaps and single points are shown above them)", rules, want)
	}
}

func TestBIARegisterShowsTargetsAndRisks(t *testing.T) {
	r, err := Build(sampleInput(t, Full))
	if err != nil {
		t.Fatal(err)
	}
	acts := biaTable(t, biaSection(t, r, "bia"), "Activities")
	for _, tc := range []struct{ ref, col, want string }{
		{"ACT-01", "MTPD", "4 h"},
		{"ACT-01", "Risks", "R-001, R-003"},
		{"ACT-01", "Upstream", "ACT-02"},
		{"ACT-02", "MTPD", "3 days (set by hand)"},
		{"ACT-02", "MTPD set by hand because", "Signatures stay valid for seven days, so the last signed zone keeps resolving"},
		{"ACT-03", "MTPD", "not assessed"},
		{"ACT-03", "Approved", ""},
	} {
		if got := biaRow(t, acts, tc.ref)[tc.col].Text; got != tc.want {
			t.Errorf("%s %s: got %q, want %q", tc.ref, tc.col, got, tc.want)
		}
	}
	res := biaSection(t, r, "resources")
	for _, tc := range []struct{ table, ref, col, want string }{
		{"People", "RES-01", "Alternates", "none"},
		{"People", "RES-01", "SPOF", "yes"},
		{"Sites", "RES-02", "SPOF", "no"},
		{"ICTSystems", "RES-04", "Sites", "RES-02 (Hanoi)"},
		{"Suppliers", "RES-05", "Threatened by", "R-001, R-003"},
		{"Suppliers", "RES-05", "Capacity confirmed", "2024-11-02"},
	} {
		if got := biaRow(t, biaTable(t, res, tc.table), tc.ref)[tc.col].Text; got != tc.want {
			t.Errorf("%s %s %s: got %q, want %q", tc.table, tc.ref, tc.col, got, tc.want)
		}
	}
}

func TestBIAImpactGrids(t *testing.T) {
	r, err := Build(sampleInput(t, Full))
	if err != nil {
		t.Fatal(err)
	}
	s := biaSection(t, r, "impacts")
	var mats []*Matrix
	for _, b := range s.Blocks {
		if b.Matrix != nil {
			mats = append(mats, b.Matrix)
		}
	}
	if len(mats) != 2 {
		t.Fatalf("got %d grids, want one per assessed activity (2)", len(mats))
	}
	if got, want := mats[0].Title, "ACT-01 Authoritative DNS resolution — MTPD 4 h"; got != want {
		t.Errorf("title: got %q, want %q", got, want)
	}
	if !strings.Contains(mats[1].Note, "set by hand") || !strings.Contains(mats[1].Note, "the grid alone gives 1 day") {
		t.Errorf("an MTPD set by hand gives no reason beside its grid: %q", mats[1].Note)
	}
	// The intolerable severity is 4: exactly the cells at 4 or 5 are marked.
	for i, row := range mats[0].Cells {
		for j, c := range row {
			if want := c.Text == "4" || c.Text == "5"; c.AboveAppetite != want {
				t.Errorf("cell %s at %s: marked %v, want %v", mats[0].Rows[i], mats[0].Cols[j], c.AboveAppetite, want)
			}
			if c.Colour == "" {
				t.Errorf("cell %s at %s has no colour", mats[0].Rows[i], mats[0].Cols[j])
			}
		}
	}
	grids := biaTable(t, s, "ImpactGrids")
	if !grids.SheetOnly || len(grids.Rows) != 10 || grids.Rows[0][4].Number != 4 {
		t.Errorf("flat grids: sheet only %v, %d rows, ACT-01 DNS at 4 h %v; want true, 10, 4", grids.SheetOnly, len(grids.Rows), grids.Rows[0][4].Number)
	}
}

func TestContinuitySummaryCountsOnly(t *testing.T) {
	r, err := Build(sampleInput(t, Summary))
	if err != nil {
		t.Fatal(err)
	}
	s := biaSection(t, r, "continuity")
	if s.Sheet != "Continuity" {
		t.Errorf("sheet: got %q, want Continuity", s.Sheet)
	}
	got := map[string]string{}
	for _, b := range s.Blocks {
		for _, f := range b.Facts {
			got[f.Label] = f.Value
		}
	}
	for label, want := range map[string]string{
		"Activities analysed":        "3",
		"Impacts over time assessed": "2 of 3",
		"Activities with an MTPD":    "2",
		"RTO within the MTPD":        "2 of 2",
		"ICT readiness gaps":         "1",
		"Single points of failure":   "1",
	} {
		if got[label] != want {
			t.Errorf("%s: got %q, want %q", label, got[label], want)
		}
	}
}

func TestBIAInTheWorkbook(t *testing.T) {
	r, err := Build(sampleInput(t, Full))
	if err != nil {
		t.Fatal(err)
	}
	f := xlsxOpen(t, xlsxRender(t, r))
	sheets := f.GetSheetList()
	for _, want := range []string{"BIA", "Impacts", "Resources", "Readiness"} {
		if !slices.Contains(sheets, want) {
			t.Errorf("no sheet %s in %v", want, sheets)
		}
	}
	// The impact grids are a real table of numbers as well as coloured grids.
	tb := xlsxFindTable(t, f, "Impacts", "ImpactGrids")
	from, _, _ := strings.Cut(tb.Range, ":")
	col, row, err := excelize.CellNameToCoordinates(from)
	if err != nil {
		t.Fatal(err)
	}
	cell, _ := excelize.CoordinatesToCellName(col+4, row+1)
	if v, _ := f.GetCellValue("Impacts", cell, excelize.Options{RawCellValue: true}); v != "4" {
		t.Errorf("%s: got %q, want 4", cell, v)
	}
	if typ, _ := f.GetCellType("Impacts", cell); typ == excelize.CellTypeInlineString || typ == excelize.CellTypeSharedString {
		t.Errorf("%s: a severity stored as text", cell)
	}
	// One table freezes its header; several do not, or the frozen header
	// would stand over another table's rows.
	for sheet, frozen := range map[string]bool{"BIA": true, "Readiness": false, "Resources": false} {
		p, err := f.GetPanes(sheet)
		if err != nil {
			t.Fatal(err)
		}
		if p.Freeze != frozen {
			t.Errorf("%s: frozen %v, want %v", sheet, p.Freeze, frozen)
		}
	}
}

func TestPDFLeavesOutSheetOnlyTables(t *testing.T) {
	r := &Report{Meta: Meta{Title: "Test", Classification: "Confidential", Date: exportTime}, Sections: []Section{
		{ID: "impacts", Title: "Impacts over time", Blocks: []Block{
			{Paragraph: "Printed paragraph."},
			{Table: &Table{Name: "Flat", SheetOnly: true, Columns: []Column{{Title: "Workbook column", Kind: Text, Width: 200}},
				Rows: [][]Cell{{{Text: "workbook value"}}}}},
		}},
	}}
	var buf bytes.Buffer
	if err := WritePDF(&buf, r); err != nil {
		t.Fatal(err)
	}
	all := strings.Join(pdfTestPages(t, buf.Bytes()), "\n")
	if !strings.Contains(all, "Printed paragraph.") {
		t.Error("the PDF lost the paragraph")
	}
	for _, unwanted := range []string{"Workbook column", "workbook value"} {
		if strings.Contains(all, unwanted) {
			t.Errorf("the PDF shows %q from a sheet-only table", unwanted)
		}
	}
}

func TestReadinessVerdict(t *testing.T) {
	sys := []*bcp.Resource{{Ref: "RES-04", Kind: bcp.ICT}}
	slow := bcp.ReadinessGap{Detail: risk.T("rules.bcp.readiness_gap_rto", risk.Args{"Ref": "RES-04", "Name": "DNS", "Achievable": bcp.Hours(48), "RTO": bcp.Hours(4)})}
	silent := bcp.ReadinessGap{Unknown: true, Detail: risk.T("rules.bcp.readiness_unknown_rto", risk.Args{"Ref": "RES-05", "Name": "EPP", "RTO": bcp.Hours(4)})}
	for _, tc := range []struct {
		name, want, gap string
		row             bcp.ReadinessRow
	}{
		{"Gap", "gap", "RES-04 (DNS) can be recovered in 2 days, but the activity's RTO is 4 h", bcp.ReadinessRow{Activity: &bcp.Activity{RTO: bcp.Hours(4)}, Systems: sys,
			GapTexts: []bcp.ReadinessGap{slow}}},
		{"Unknown", "unknown", "RES-05 (EPP) has no achievable RTO recorded, so the RTO of 4 h cannot be shown to be met", bcp.ReadinessRow{Activity: &bcp.Activity{RTO: bcp.Hours(4)}, Systems: sys,
			GapTexts: []bcp.ReadinessGap{silent}}},
		{"GapAndUnknown", "gap", "RES-04 (DNS) can be recovered in 2 days, but the activity's RTO is 4 h\nRES-05 (EPP) has no achievable RTO recorded, so the RTO of 4 h cannot be shown to be met",
			bcp.ReadinessRow{Activity: &bcp.Activity{RTO: bcp.Hours(4)}, Systems: sys, GapTexts: []bcp.ReadinessGap{slow, silent}}},
		{"NoSystem", "no ICT", "none: no ICT system is recorded as needed", bcp.ReadinessRow{Activity: &bcp.Activity{RTO: bcp.Hours(4)}}},
		{"NoTarget", "no target", "none can be shown: the activity has no RTO or RPO to compare with", bcp.ReadinessRow{Activity: &bcp.Activity{}, Systems: sys}},
		{"Ready", "ready", "none", bcp.ReadinessRow{Activity: &bcp.Activity{RTO: bcp.Hours(4)}, Systems: sys}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			verdict, gap := newDocLang(nil).readinessVerdict(&tc.row)
			if verdict.Text != tc.want || gap != tc.gap {
				t.Errorf("got %q, %q; want %q, %q", verdict.Text, gap, tc.want, tc.gap)
			}
		})
	}
}

func TestBIAWithBrokenSettingsStillExports(t *testing.T) {
	in := sampleInput(t, Full)
	in.BIA.Settings = bcp.Settings{}
	r, err := Build(in)
	if err != nil {
		t.Fatal(err)
	}
	rows := biaTable(t, biaSection(t, r, "readiness"), "BIAFindings").Rows
	if len(rows) == 0 || rows[0][2].Text != "bia-settings-invalid" {
		t.Errorf("findings: got %v, want the settings refused first", rows)
	}
	if err := WritePDF(io.Discard, r); err != nil {
		t.Errorf("PDF: %v", err)
	}
	if err := WriteXLSX(io.Discard, r); err != nil {
		t.Errorf("workbook: %v", err)
	}
}
