package export

import (
	"flag"
	"os"
	"strings"
	"testing"

	"riskbook/bcp"
)

var writePDFs = flag.String("write-pdfs", "", "write the sample's full PDF and pack to this folder, to look at")

func sectionByID(r *Report, id string) *Section {
	for i := range r.Sections {
		if r.Sections[i].ID == id {
			return &r.Sections[i]
		}
	}
	return nil
}

func TestPlaybookPageReadsAtThreeInTheMorning(t *testing.T) {
	r, err := Build(sampleInput(t, Full))
	if err != nil {
		t.Fatal(err)
	}
	s := sectionByID(r, "playbook-PB-01")
	if s == nil || s.Sheet != "" || s.Title != "PB-01 DDoS attack on the name servers" {
		t.Fatalf("playbook section: got %+v", s)
	}
	facts := map[string]string{}
	for _, f := range s.Blocks[0].Facts {
		facts[f.Label] = f.Value
	}
	for label, want := range map[string]string{
		"Scenario":        "A flood of queries saturates the name servers.",
		"Activate when":   "Names fail to resolve from two monitoring points for 10 minutes.",
		"Who may declare": "Incident lead",
		"Restores":        "ACT-01 Authoritative DNS resolution",
		"Document":        "Version 1.0; owner Registry manager; approved 2026-02-01; last exercised 2025-11-20",
	} {
		if facts[label] != want {
			t.Errorf("fact %s: got %q, want %q", label, facts[label], want)
		}
	}
	var headings []string
	var steps []*Table
	var roles *Table
	for _, b := range s.Blocks {
		if b.Heading != "" {
			headings = append(headings, b.Heading)
		}
		if b.Table != nil && strings.HasPrefix(b.Table.Name, "Steps") {
			steps = append(steps, b.Table)
		}
		if b.Table != nil && strings.HasPrefix(b.Table.Name, "Roles") {
			roles = b.Table
		}
	}
	if got, want := strings.Join(headings, "|"), "Roles|Out-of-band channels|Phase 1 of 2: Detect and assess|Phase 2 of 2: Contain and continue|Communications"; got != want {
		t.Errorf("headings: got %s, want %s", got, want)
	}
	if roles == nil || roles.Rows[1][2].Text != notAssigned || roles.Rows[1][3].Text != notAssigned || roles.Rows[0][2].Text != "Lê Văn Hùng" {
		t.Errorf("roles: got %+v", roles)
	}
	if len(steps) != 2 || !steps[0].Columns[0].Large || steps[0].TextSize <= pdfCellStyle.size {
		t.Fatalf("step tables: got %+v", steps)
	}
	first := steps[0].Rows[0]
	if first[0].Text != "1." || first[1].Text != "Technical lead\nwithin 10\u00a0min" ||
		first[2].Text != "Confirm names fail from outside\nWhere: A laptop on mobile data\nHow: dig @ns1 xx SOA from two networks" ||
		first[3].Text != "[ ] Query every name server\n[ ] Note the start time" {
		t.Errorf("first step: got %+v", first)
	}
	if second := steps[1].Rows[1]; second[0].Text != "2." || second[1].Text != "Incident lead\nwithin 1\u00a0h" {
		t.Errorf("second step of contain: got %+v", second)
	}
	if at := steps[1].Rows[0][1].Text; at != "Technical lead\nat once" {
		t.Errorf("a step without a target: got %q, want at once", at)
	}

	// The workbook: one row per playbook, one per step.
	list := sectionByID(r, "playbooks")
	if list == nil || list.Sheet != "Playbooks" || len(list.Blocks[1].Table.Rows) != 1 {
		t.Fatalf("playbooks section: got %+v", list)
	}
	sheet := sectionByID(r, "steps")
	if sheet == nil || !sheet.SheetOnly || sheet.Sheet != "Steps" {
		t.Fatalf("steps section: got %+v", sheet)
	}
	rows := sheet.Blocks[1].Table.Rows
	if len(rows) != 3 || rows[2][2].Text != "Contain and continue" || rows[2][3].Number != 2 || rows[2][4].Text != "Incident lead" {
		t.Errorf("steps sheet: got %+v", rows)
	}
}

func TestPlaybooksEmptyIsSaidHonestly(t *testing.T) {
	in := sampleInput(t, Full)
	in.Playbooks = nil
	r, err := Build(in)
	if err != nil {
		t.Fatal(err)
	}
	s := sectionByID(r, "playbooks")
	if s == nil || !strings.HasPrefix(s.Blocks[0].Paragraph, "No continuity playbook is written yet") {
		t.Errorf("playbooks section without playbooks: got %+v", s)
	}
	pack, err := BuildPack(in)
	if err != nil {
		t.Fatal(err)
	}
	if len(pack.Sections) != 1 || !strings.HasPrefix(pack.Sections[0].Blocks[0].Paragraph, "No continuity playbook is written yet") {
		t.Errorf("empty pack: got %+v", pack.Sections)
	}
	all := strings.Join(pdfTestPages(t, pdfRender(t, pack)), "\n")
	if !strings.Contains(all, "No continuity playbook is written yet") {
		t.Error("the empty pack does not say it is empty")
	}
}

func TestPackHoldsOnlyWhatTheNetworkDownNeeds(t *testing.T) {
	in := sampleInput(t, Full)
	pack, err := BuildPack(in)
	if err != nil {
		t.Fatal(err)
	}
	if pack.Meta.Title != "Network-down pack" || pack.Meta.Level != Pack || pack.Meta.Classification != "Confidential" {
		t.Errorf("pack meta: got %+v", pack.Meta)
	}
	if len(pack.Sections) != 1 || pack.Sections[0].Title != "PB-01 DDoS attack on the name servers" {
		t.Fatalf("pack sections: got %+v", pack.Sections)
	}
	b := pdfRender(t, pack)
	all := strings.Join(pdfTestPages(t, b), "\n")
	for _, want := range []string{
		"Network-down pack", "Out-of-band channels", "1. Signal group \"xx-incident\" on personal phones", "2. Satellite phone +870 000 000",
		"Call tree", "Incident lead", "Lê Văn Hùng", "Ana", notAssigned,
		"Pre-approved statements", "Names under .xx may fail to resolve; we are working with our DNS", "SMS to each registrar",
		"Checklists — Phase 1 of 2: Detect and assess", "1.", "Technical lead\nwithin 10\u00a0min", "[ ] Query every name server", "[ ] Ticket number noted",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("the pack does not show %q", want)
		}
	}
	for _, unwanted := range []string{
		"Risk register", "DDoS attack overwhelms", "Business impact analysis", "R-001", "ACT-01",
		"A flood of queries saturates", "Declares, keeps the decision log", "How:", "Where:", "Registrar mailing list", "Change log",
	} {
		if strings.Contains(all, unwanted) {
			t.Errorf("the pack shows %q", unwanted)
		}
	}
	if *writePDFs != "" {
		full, err := Build(in)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(*writePDFs+"/full.pdf", pdfRender(t, full), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(*writePDFs+"/pack.pdf", b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestPDFLargeColumnMakesTheRowTallEnough(t *testing.T) {
	d := pdfLayoutDoc(t)
	tbl := newDocLang(nil).stepsTable("PB-01", samplePlaybook().Phases[1], false)
	lay := d.tableLayout(tbl)
	lines, n := d.cellLines(&lay, tbl.Rows[1])
	if len(lines[0]) != 1 || lines[0][0] != "2." {
		t.Fatalf("number cell: got %q", lines[0])
	}
	if h := lay.rowHeight(n) - 2*pdfCellPadY; h < lay.large.lineHeight()-0.01 {
		t.Errorf("row of %d lines is %.1f mm high; the large number needs %.1f mm", n, h, lay.large.lineHeight())
	}
}

// TestPlaybookTimingInTheDocuments: the playbook page and the Playbooks
// list say whether the steps bring each restored activity back within its
// RTO (ACT-01's is 4 h).
func TestPlaybookTimingInTheDocuments(t *testing.T) {
	for _, tc := range []struct {
		name      string
		when      bcp.Duration
		page, row string
	}{
		{"Meets", bcp.Hours(1), "ACT-01 Authoritative DNS resolution: RTO 4 h; the steps bring it back by 1 h — meets it", "yes"},
		{"Unmarked", 0, "ACT-01 Authoritative DNS resolution: RTO 4 h; no step says when it is back", "cannot tell: no timed step restores them, or no RTO"},
		{"Misses", bcp.Hours(6), "ACT-01 Authoritative DNS resolution: RTO 4 h; the steps bring it back only by 6 h — MISSES it by 2 h", "NO: misses ACT-01 (4 h)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := sampleInput(t, Full)
			p := samplePlaybook()
			p.Phases[1].Steps[0].When = tc.when
			if tc.when > 0 {
				p.Phases[1].Steps[0].Restores = []string{"ACT-01"}
			}
			in.Playbooks = []bcp.Playbook{p}
			r, err := Build(in)
			if err != nil {
				t.Fatal(err)
			}
			var fact string
			for _, b := range sectionByID(r, "playbook-PB-01").Blocks {
				for _, f := range b.Facts {
					if f.Label == "Recovery against the RTO" {
						fact = f.Value
					}
				}
			}
			if fact != tc.page {
				t.Errorf("page: got %q, want %q", fact, tc.page)
			}
			list := sectionByID(r, "playbooks").Blocks[1].Table
			col := -1
			for i, c := range list.Columns {
				if c.Title == "Meets the RTO" {
					col = i
				}
			}
			if col < 0 || list.Rows[0][col].Text != tc.row {
				t.Errorf("list: got %+v, want %q", list.Rows[0], tc.row)
			}
		})
	}
}
