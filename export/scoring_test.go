package export

import (
	"bytes"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"riskbook/i18n"
	"riskbook/risk"
)

var scoringTestNow = time.Date(2026, 3, 31, 9, 30, 0, 0, time.UTC)

// scoringTestRisks is a small register: three risks of the technical lead
// (one spelled differently), one of someone else.
func scoringTestRisks() []risk.Risk {
	base := func(ref, title, owner string) risk.Risk {
		return risk.Risk{Ref: ref, Title: title, Owner: owner, Description: "What could happen.",
			Inherent: risk.Score{Likelihood: 4, Consequence: 4}, Residual: risk.Score{Likelihood: 3, Consequence: 3},
			Target: risk.Score{Likelihood: 2, Consequence: 3}, Treatment: risk.Reduce, Status: risk.Treating,
			ReviewFrequency: risk.Quarterly, LastReview: risk.Date{Year: 2026, Month: 1, Day: 15},
			Confidence: risk.ConfidenceB,
			Actions:    []risk.Action{{Title: "Do it", Owner: owner, Status: risk.Planned}}}
	}
	rs := []risk.Risk{
		base("R-001", "DDoS overwhelms the name servers", "Technical lead"),
		base("R-002", "Registrar data leaks", "Registry manager"),
		base("R-003", "=DNSSEC signatures expire", " technical LEAD"),
		base("R-010", "Zone file corrupted during generation, published before anyone notices, and resolvers cache it", "Technical lead"),
	}
	rs[2].Residual = risk.Score{} // not scored yet
	for i := range rs {
		rs[i].Normalize()
	}
	return rs
}

func scoringTestInput() ScoringInput {
	return ScoringInput{Owner: "technical lead", Risks: scoringTestRisks(), Criteria: risk.DefaultCriteria(),
		Workspace: "registry.riskbook", Organisation: "Registry of .xx", Classification: "Confidential",
		Author: "Ana", Creator: "Riskbook test", Now: scoringTestNow}
}

func writeScoringTest(t *testing.T, in ScoringInput) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteScoring(&buf, in); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// editScoring opens a scoring workbook as Excel would, lets edit change
// cells and saves it.
func editScoring(t *testing.T, data []byte, edit func(f *excelize.File)) []byte {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	edit(f)
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func setCell(t *testing.T, f *excelize.File, sheet, ref string, v any) {
	t.Helper()
	if err := f.SetCellValue(sheet, ref, v); err != nil {
		t.Fatal(err)
	}
}

func TestWriteScoring(t *testing.T) {
	in := scoringTestInput()
	data := writeScoringTest(t, in)
	if again := writeScoringTest(t, in); !bytes.Equal(data, again) {
		t.Error("two writes of the same input differ")
	}
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got, want := f.GetSheetList(), []string{"Scoring", "Scales", "Riskbook"}; !slices.Equal(got, want) {
		t.Errorf("sheets: got %v, want %v", got, want)
	}
	for _, hidden := range []string{"Riskbook"} {
		if v, _ := f.GetSheetVisible(hidden); v {
			t.Errorf("sheet %s is visible", hidden)
		}
	}
	title, _ := f.GetCellValue("Scoring", "A1")
	if !strings.Contains(title, "Technical lead") || !strings.Contains(title, "31 March 2026") {
		t.Errorf("title: got %q", title)
	}
	if got, _ := f.GetCellValue("Scoring", "A2"); !strings.HasPrefix(got, "Choose from the lists; leave a cell unchanged to keep it; do not edit the Ref column.") {
		t.Errorf("instructions: got %q", got)
	}
	rows, err := f.GetRows("Scoring")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := rows[3], scoringHeaders(i18n.For(i18n.English)); !slices.Equal(got, want) {
		t.Errorf("header: got %v, want %v", got, want)
	}
	var refs []string
	for _, r := range rows[4:] {
		refs = append(refs, r[0])
	}
	if want := []string{"R-001", "R-003", "R-010"}; !slices.Equal(refs, want) {
		t.Errorf("rows: got %v, want %v (the owner's risks, regardless of case)", refs, want)
	}
	if got := rows[4][4]; got != "3 — Possible" {
		t.Errorf("R-001 residual likelihood: got %q, want 3 — Possible", got)
	}
	if got := rows[4][8]; got != "Reduce" {
		t.Errorf("R-001 treatment: got %q", got)
	}
	if got := rows[4][10]; got != "2026-04-15" {
		t.Errorf("R-001 next review: got %q", got)
	}
	if got := rows[5][4]; got != "" {
		t.Errorf("R-003 unscored residual: got %q", got)
	}
	dvs, err := f.GetDataValidations("Scoring")
	if err != nil {
		t.Fatal(err)
	}
	if len(dvs) != len(ScoringFields) {
		t.Errorf("got %d drop-down lists, want %d", len(dvs), len(ScoringFields))
	}
	for _, dv := range dvs {
		if dv.Type != "list" || !strings.Contains(dv.Formula1, "—") && !strings.Contains(dv.Formula1, "Reduce") && !strings.Contains(dv.Formula1, "Treating") && !strings.Contains(dv.Formula1, "Lists") {
			t.Errorf("validation %s: %s %s", dv.Sqref, dv.Type, dv.Formula1)
		}
	}
	// The Ref column is locked, the score columns are not.
	for ref, locked := range map[string]bool{"A5": true, "B5": true, "E5": false, "J5": false, "K5": true, "L5": false} {
		id, _ := f.GetCellStyle("Scoring", ref)
		st, err := f.GetStyle(id)
		if err != nil {
			t.Fatal(err)
		}
		got := st.Protection == nil || st.Protection.Locked
		if got != locked {
			t.Errorf("%s: locked %v, want %v", ref, got, locked)
		}
	}
	props, err := f.GetDocProps()
	if err != nil {
		t.Fatal(err)
	}
	if props.Created != "2026-03-31T09:30:00Z" || !strings.Contains(props.Title, "Technical lead") {
		t.Errorf("properties: %+v", props)
	}
}

func TestWriteScoringLongLists(t *testing.T) {
	in := scoringTestInput()
	for i := range in.Criteria.Consequence {
		in.Criteria.Consequence[i].Label = strings.Repeat("Very, very serious ", 3) + in.Criteria.Consequence[i].Label
	}
	f, err := excelize.OpenReader(bytes.NewReader(writeScoringTest(t, in)))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if !slices.Contains(f.GetSheetList(), "Lists") {
		t.Fatalf("sheets %v: want a Lists sheet for the long consequence labels", f.GetSheetList())
	}
	if v, _ := f.GetSheetVisible("Lists"); v {
		t.Error("the Lists sheet is visible")
	}
	dvs, _ := f.GetDataValidations("Scoring")
	n := 0
	for _, dv := range dvs {
		if strings.Contains(dv.Formula1, "Lists") {
			n++
		}
	}
	if n != 3 {
		t.Errorf("got %d lists on the Lists sheet, want the 3 consequence columns", n)
	}
}

func TestWriteScoringUnknownOwner(t *testing.T) {
	in := scoringTestInput()
	in.Owner = "Bob"
	err := WriteScoring(&bytes.Buffer{}, in)
	msg := risk.ErrorMessage(err)
	if risk.ErrorCode(err) != risk.EINVALID || !strings.Contains(msg, `"Bob"`) ||
		!strings.Contains(msg, "Registry manager and Technical lead") {
		t.Errorf("got %v", err)
	}
}

func TestScoringRoundTrip(t *testing.T) {
	in := scoringTestInput()
	c := &in.Criteria
	data := writeScoringTest(t, in)

	t.Run("Unchanged", func(t *testing.T) {
		sheet, err := ReadScoring(editScoring(t, data, func(*excelize.File) {}))
		if err != nil {
			t.Fatal(err)
		}
		if sheet.Workspace != "registry.riskbook" || sheet.Owner != "Technical lead" || !sheet.Exported.Equal(scoringTestNow) || len(sheet.Rows) != 3 {
			t.Errorf("sheet: %+v", sheet)
		}
		chs, err := ScoringDiff(sheet, in.Risks, c)
		if err != nil || len(chs) != 0 {
			t.Errorf("got %+v, %v; want no changes", chs, err)
		}
	})

	t.Run("Edited", func(t *testing.T) {
		edited := editScoring(t, data, func(f *excelize.File) {
			setCell(t, f, "Scoring", "E5", "2 — Unlikely")  // R-001 residual likelihood
			setCell(t, f, "Scoring", "J5", "Monitoring")    // R-001 status
			setCell(t, f, "Scoring", "E6", 2)               // R-003 residual likelihood, typed
			setCell(t, f, "Scoring", "F6", "minor")         // R-003 residual consequence, typed
			setCell(t, f, "Scoring", "L6", "Signer fixed.") // R-003 comment
			setCell(t, f, "Scoring", "I7", "Reduce")        // R-010 treatment: the same value
		})
		sheet, err := ReadScoring(edited)
		if err != nil {
			t.Fatal(err)
		}
		chs, err := ScoringDiff(sheet, in.Risks, c)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, ch := range chs {
			if len(ch.Problems) > 0 {
				t.Errorf("%s: problems %v", ch.Ref, ch.Problems)
			}
			for _, f := range ch.Fields {
				got = append(got, ch.Ref+" "+f.Field.String()+": "+f.Old+" → "+f.New)
			}
			if ch.Comment != "" {
				got = append(got, ch.Ref+" comment: "+ch.Comment)
			}
		}
		want := []string{
			"R-001 residual likelihood: Possible (3) → Unlikely (2)",
			"R-001 status: Treating → Monitoring",
			"R-003 residual likelihood: not scored → Unlikely (2)",
			"R-003 residual consequence: not scored → Minor (2)",
			"R-003 comment: Signer fixed.",
		}
		if !slices.Equal(got, want) {
			t.Errorf("diff:\n got %q\nwant %q", got, want)
		}
		r := in.Risks[2].Clone()
		ch := chs[1]
		ch.On = risk.Date{Year: 2026, Month: 4, Day: 2}
		Apply(&r, ch)
		if r.Residual != (risk.Score{Likelihood: 2, Consequence: 2}) {
			t.Errorf("applied residual: got %v", r.Residual)
		}
		if want := "What could happen.\n\nOwner comment, 2026-04-02 (technical LEAD): Signer fixed."; r.Description != want {
			t.Errorf("description: got %q, want %q", r.Description, want)
		}
		before := in.Risks[2]
		r.Residual, r.Description = before.Residual, before.Description
		if !slices.Equal(r.Controls, before.Controls) || r.Title != before.Title || r.Treatment != before.Treatment {
			t.Error("Apply changed other fields")
		}
	})

	t.Run("Problems", func(t *testing.T) {
		edited := editScoring(t, data, func(f *excelize.File) {
			setCell(t, f, "Scoring", "E5", "5 — Almost certain") // R-001 residual above inherent L4
			setCell(t, f, "Scoring", "H5", "Catastrophic")       // not in the list
			setCell(t, f, "Scoring", "E6", "3 — Possible")       // half a residual score
			setCell(t, f, "Scoring", "D7", "")                   // cleared
			setCell(t, f, "Scoring", "B7", "A new title")        // not imported
		})
		sheet, err := ReadScoring(edited)
		if err != nil {
			t.Fatal(err)
		}
		chs, err := ScoringDiff(sheet, in.Risks, c)
		if err != nil {
			t.Fatal(err)
		}
		if len(chs) != 3 {
			t.Fatalf("got %d changes, want 3: %+v", len(chs), chs)
		}
		wants := [][]string{{`"Catastrophic" is not in the list`}, {"no consequence"}, {"cleared"}}
		for i, ch := range chs {
			for _, w := range wants[i] {
				if !strings.Contains(strings.Join(ch.Problems, "|"), w) {
					t.Errorf("%s: problems %q, want %q", ch.Ref, ch.Problems, w)
				}
			}
		}
		if len(chs[2].Notes) != 1 || !strings.Contains(chs[2].Notes[0], "title") {
			t.Errorf("R-010 notes: %q", chs[2].Notes)
		}
		// Alone, the residual above the inherent score breaks the rule.
		edited = editScoring(t, data, func(f *excelize.File) { setCell(t, f, "Scoring", "E5", "5 — Almost certain") })
		sheet, _ = ReadScoring(edited)
		chs, _ = ScoringDiff(sheet, in.Risks, c)
		if len(chs) != 1 || len(chs[0].Problems) != 1 || !strings.Contains(chs[0].Problems[0], "above the inherent score") {
			t.Errorf("got %+v, want the residual-above-inherent rule", chs)
		}
	})

	t.Run("ChangedInRiskbookMeanwhile", func(t *testing.T) {
		current := scoringTestRisks()
		current[0].Residual.Likelihood = 1
		current[0].Status = risk.Monitoring
		edited := editScoring(t, data, func(f *excelize.File) {
			setCell(t, f, "Scoring", "E5", "2 — Unlikely")
			setCell(t, f, "Scoring", "J5", "Monitoring")
		})
		sheet, _ := ReadScoring(edited)
		chs, err := ScoringDiff(sheet, current, c)
		if err != nil {
			t.Fatal(err)
		}
		// The status agrees with Riskbook's; the likelihood conflicts.
		if len(chs) != 1 || len(chs[0].Fields) != 0 || len(chs[0].Problems) != 1 || !strings.Contains(chs[0].Problems[0], "changed in Riskbook to Rare (1)") {
			t.Errorf("got %+v", chs)
		}
		// A cell left alone keeps what Riskbook has now.
		sheet, _ = ReadScoring(data)
		if chs, _ := ScoringDiff(sheet, current, c); len(chs) != 0 {
			t.Errorf("untouched workbook: got %+v", chs)
		}
	})

	t.Run("UnknownRef", func(t *testing.T) {
		edited := editScoring(t, data, func(f *excelize.File) { setCell(t, f, "Scoring", "J7", "Closed") })
		sheet, _ := ReadScoring(edited)
		_, err := ScoringDiff(sheet, in.Risks[:2], c)
		if !strings.Contains(risk.ErrorMessage(err), "R-010 is changed in the workbook but is not in this workspace") {
			t.Errorf("got %v", err)
		}
	})
}

func TestReadScoringRefuses(t *testing.T) {
	data := writeScoringTest(t, scoringTestInput())
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"NotAWorkbook", []byte("Ref,Title\nR-001,x\n"), "not an Excel workbook"},
		{"BrokenZip", []byte("PK\x03\x04garbage"), "not a Riskbook scoring workbook"},
		{"OtherWorkbook", func() []byte {
			f := excelize.NewFile()
			var buf bytes.Buffer
			f.Write(&buf)
			return buf.Bytes()
		}(), "not a Riskbook scoring workbook"},
		{"EditedRef", editScoring(t, data, func(f *excelize.File) { setCell(t, f, "Scoring", "A6", "R-030") }), "Row 6 of the Scoring sheet has Ref R-030, which this workbook did not export (it was R-003)"},
		{"ClearedRef", editScoring(t, data, func(f *excelize.File) { setCell(t, f, "Scoring", "A6", "") }), "lost its Ref (it was R-003)"},
		{"DuplicateRef", editScoring(t, data, func(f *excelize.File) { setCell(t, f, "Scoring", "A6", "R-001") }), "R-001 is on rows 5 and 6"},
		{"AddedRow", editScoring(t, data, func(f *excelize.File) { setCell(t, f, "Scoring", "A8", "R-002") }), "did not export"},
		{"TamperedCopy", editScoring(t, data, func(f *excelize.File) { setCell(t, f, "Riskbook", "E10", "1 — Rare") }), "hidden Riskbook sheet"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadScoring(tt.data)
			msg := risk.ErrorMessage(err)
			if risk.ErrorCode(err) != risk.EINVALID || !strings.Contains(msg, tt.want) {
				t.Errorf("got %v, want %q", err, tt.want)
			}
			if strings.Count(msg, ". ") > 0 {
				t.Errorf("%q is more than one sentence", msg)
			}
		})
	}
}

func TestScoringParse(t *testing.T) {
	c := risk.DefaultCriteria()
	for _, tt := range []struct {
		f    ScoringField
		in   string
		want string
		ok   bool
	}{
		{ResidualLikelihood, "3 — Possible", "3", true},
		{ResidualLikelihood, "3 - possible", "3", true},
		{ResidualLikelihood, "3", "3", true},
		{ResidualLikelihood, "  Almost   certain ", "5", true},
		{ResidualLikelihood, "6", "", false},
		{ResidualLikelihood, "3 — Likely", "", false},
		{InherentConsequence, "Severe", "5", true},
		{TreatmentField, "accept", "accept", true},
		{StatusField, "Monitoring", "monitoring", true},
		{StatusField, "Done", "", false},
	} {
		got, ok := tt.f.parse(tt.in, &c, i18n.For(i18n.English))
		if got != tt.want || ok != tt.ok {
			t.Errorf("%s %q: got %q %v, want %q %v", tt.f, tt.in, got, ok, tt.want, tt.ok)
		}
	}
}
