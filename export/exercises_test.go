package export

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"riskbook/bcp"
	"riskbook/i18n"
	"riskbook/risk"
)

// sampleExercise is a tabletop of PB-01 with a missed RTO, a finding that
// raised R-001 and one that did not, an overdue improvement action, and
// its report past due on the export date.
func sampleExercise() bcp.Exercise {
	day := func(m, d int) risk.Date { return risk.Date{Year: 2026, Month: time.Month(m), Day: d} }
	return bcp.Exercise{Ref: "EX-01", Title: "Tabletop: DDoS on the name servers", Type: bcp.Tabletop, Date: risk.Date{Year: 2025, Month: 12, Day: 1},
		Playbooks: []string{"PB-01"}, Scenario: "Saturday 02:00, resolution fails.",
		Injects:      []bcp.Inject{{At: bcp.Hours(1), Text: "The NOC does not answer."}},
		Participants: []string{"Nguyễn Thị Minh", "Trần Văn Bảo"}, Objectives: []string{"Declare within 30 minutes"},
		Results: []bcp.Result{{Activity: "ACT-01", AchievedRTO: bcp.Hours(30), Note: "Waited for the NOC"}},
		Findings: []bcp.Finding{{ID: 1, Text: "Nobody had the NOC's out-of-hours number.", Severity: "high", Risk: "R-001"},
			{ID: 2, Text: "The statement for registrars was not approved.", Severity: "medium"}},
		Actions: []bcp.ImprovementAction{{Title: "Put the NOC number in the call tree", Owner: "Trần Văn Bảo", Due: day(2, 1), Status: risk.Planned, Findings: []int{1}},
			{Title: "Approve the statement", Owner: "Nguyễn Thị Minh", Due: day(2, 1), Status: risk.Done, Findings: []int{2}}},
	}
}

func TestExerciseSectionsAndSheets(t *testing.T) {
	in := sampleInput(t, Full)
	in.Exercises = []bcp.Exercise{sampleExercise()}
	r, err := Build(in)
	if err != nil {
		t.Fatal(err)
	}
	ex, fs := sectionByID(r, "exercises"), sectionByID(r, "findings")
	if ex == nil || fs == nil || ex.Sheet != "Exercises" || fs.Sheet != "Findings" {
		t.Fatalf("sections: exercises %+v, findings %+v", ex, fs)
	}
	list := ex.Blocks[1].Table
	if len(list.Rows) != 1 {
		t.Fatalf("exercise rows: %d", len(list.Rows))
	}
	row := list.Rows[0]
	if row[0].Text != "EX-01" || row[2].Text != "Tabletop" || row[12].Date != (risk.Date{Year: 2026, Month: 3, Day: 1}) || row[11].Number != 1 {
		t.Errorf("exercise row: %+v", row)
	}
	if res := row[9].Text; !strings.Contains(res, "ACT-01: RTO 1 day 6 h / ") || !strings.Contains(res, "RTO missed") {
		t.Errorf("results: %q", res)
	}
	var findings, actions *Table
	for _, b := range fs.Blocks {
		if b.Table != nil && b.Table.Name == "Findings" {
			findings = b.Table
		}
		if b.Table != nil && b.Table.Name == "ImprovementActions" {
			actions = b.Table
		}
	}
	if findings == nil || len(findings.Rows) != 2 {
		t.Fatalf("findings table: %+v", findings)
	}
	for i, want := range [][]string{
		{"EX-01", "2025-12-01", "F1", "high", "Nobody had the NOC's out-of-hours number.", "overdue", "", "1. Put the NOC number in the call tree", "R-001"},
		{"EX-01", "2025-12-01", "F2", "medium", "The statement for registrars was not approved.", "ready to close", "", "2. Approve the statement", ""},
	} {
		var got []string
		for _, c := range findings.Rows[i] {
			got = append(got, c.Text)
		}
		if strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("finding row %d: got %q, want %q", i, got, want)
		}
	}
	if actions == nil || len(actions.Rows) != 2 || actions.Rows[0][2].Text != "F1" || actions.Rows[0][6].Text != "yes" || actions.Rows[1][6].Text != "" {
		t.Fatalf("actions table: %+v", actions)
	}
	var glance string
	for _, f := range sectionByID(r, "overview").Blocks {
		for _, fact := range f.Facts {
			if fact.Label == "Exercises" {
				glance = fact.Value
			}
		}
	}
	if glance != "1 exercise with 2 findings (2 open, 1 overdue); 2 improvement actions, 1 open, 1 overdue; 1 report past due" {
		t.Errorf("overview: %q", glance)
	}

	var pdf, xlsx bytes.Buffer
	if err := WritePDF(&pdf, r); err != nil {
		t.Fatal(err)
	}
	if err := WriteXLSX(&xlsx, r); err != nil {
		t.Fatal(err)
	}
	f := xlsxOpen(t, xlsx.Bytes())
	xlsxFindTable(t, f, "Exercises", "Exercises")
	xlsxFindTable(t, f, "Findings", "Findings")
	xlsxFindTable(t, f, "Findings", "ImprovementActions")
}

func TestExerciseSummaryCountsOnly(t *testing.T) {
	in := sampleInput(t, Summary)
	in.Exercises = []bcp.Exercise{sampleExercise()}
	r, err := Build(in)
	if err != nil {
		t.Fatal(err)
	}
	facts := map[string]string{}
	for _, s := range r.Sections {
		if sectionByID(r, "exercises") != nil {
			t.Fatal("the summary has the full Exercises section")
		}
		for _, b := range s.Blocks {
			for _, f := range b.Facts {
				facts[f.Label] = f.Value
			}
		}
	}
	for label, want := range map[string]string{
		"Exercises held":            "1",
		"Exercise findings":         "2 (1 carried into the risk register; 2 open, 1 of them overdue)",
		"Improvement actions":       "2, of which 1 open and 1 overdue",
		"Exercise reports past due": "1",
	} {
		if facts[label] != want {
			t.Errorf("summary fact %s: got %q, want %q", label, facts[label], want)
		}
	}
}

// TestExercisesMarkMissingRecords: an exercise naming a playbook,
// activity, resource or risk the workspace does not hold prints each with
// the mark, and the section explains it.
func TestExercisesMarkMissingRecords(t *testing.T) {
	in := sampleInput(t, Full)
	ex := sampleExercise()
	ex.Playbooks = []string{"PB-01", "PB-99"}
	ex.Results = append(ex.Results, bcp.Result{Activity: "ACT-77"}, bcp.Result{Activity: "RES-404"}, bcp.Result{Activity: "RES-05"})
	ex.Findings[0].Risk = "R-999"
	ex.Actions[1].Findings = []int{2, 7}
	in.Exercises = []bcp.Exercise{ex}
	r, err := Build(in)
	if err != nil {
		t.Fatal(err)
	}
	var all []string
	for _, id := range []string{"exercises", "findings"} {
		s := sectionByID(r, id)
		for _, b := range s.Blocks {
			all = append(all, b.Paragraph)
			if b.Table != nil {
				for _, row := range b.Table.Rows {
					for _, c := range row {
						all = append(all, c.Text)
					}
				}
			}
		}
	}
	text := strings.Join(all, "\n")
	for _, want := range []string{"PB-01, PB-99 (missing)", "ACT-77 (missing): RTO", "RES-404 (missing): RTO", "R-999 (missing)", "F2, F7 (missing)", i18n.For(i18n.English).T("export.missing.note")} {
		if !strings.Contains(text, want) {
			t.Errorf("the exercise sections do not show %q", want)
		}
	}
	for _, wrong := range []string{"PB-01 (missing)", "RES-05 (missing)"} {
		if strings.Contains(text, wrong) {
			t.Errorf("a record that exists is marked: %q", wrong)
		}
	}
}
