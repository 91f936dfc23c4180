package export

import (
	"os"
	"strings"
	"testing"
	"time"

	"riskbook/bcp"
)

// sampleActivation is an activation of the sample playbook: two steps
// done, one noted, two decisions logged, closed.
func sampleActivation() bcp.Activation {
	p := samplePlaybook()
	at := time.Date(2026, time.March, 20, 2, 40, 0, 0, time.UTC)
	a := bcp.NewActivation(&p, "Names under .xx fail to resolve from both monitoring points since 02:25.", "Lê Văn Hùng", at)
	a.Ref = "ACV-01"
	a.Tick(0, "Ana", at.Add(8*time.Minute))
	a.Steps[0].Note = "All four name servers time out from outside."
	a.Tick(1, "Lê Văn Hùng", at.Add(25*time.Minute))
	a.AddLog("Lê Văn Hùng", "Asked the anycast provider to enable scrubbing; ticket 4711.", at.Add(20*time.Minute))
	a.AddLog("Ana", "Resolution back from all nodes; keeping scrubbing on for 24 hours.", at.Add(95*time.Minute))
	a.ClosedAt = at.Add(2 * time.Hour)
	return a
}

func TestIncidentRecords(t *testing.T) {
	in := sampleInput(t, Full)
	open := sampleActivation()
	open.Ref, open.ClosedAt, open.Log = "ACV-02", time.Time{}, nil
	in.Activations = []bcp.Activation{sampleActivation(), open}
	r, err := Build(in)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, s := range r.Sections {
		ids = append(ids, s.ID)
	}
	if got := strings.Join(ids, ","); !strings.HasSuffix(got, ",steps,incidents,incident-ACV-01,incident-ACV-02,changes") {
		t.Errorf("sections: %s", got)
	}
	list := sectionByID(r, "incidents")
	if list.Sheet != "Incidents" || len(list.Blocks[1].Table.Rows) != 2 || list.Blocks[1].Table.Rows[1][5].Text != "open" {
		t.Errorf("incidents section: %+v", list)
	}
	// Declared, two steps (one with a note), two decisions, closed; then
	// ACV-02 declared and its two steps.
	if got := len(list.Blocks[2].Table.Rows); got != 6+3 {
		t.Errorf("record rows: got %d, want 9", got)
	}
	all := strings.Join(pdfTestPages(t, pdfRender(t, r)), "\n")
	for _, want := range []string{"Incident records", "ACV-01 incident record", "Names under .xx fail to resolve", "2026-03-20 02:40 UTC by Lê Văn Hùng",
		"Closed 2026-03-20 04:40 UTC, 2 h after it was declared", "Decision log", "ticket 4711", "02:48", "Note: All four name servers",
		"not done", "Nothing was logged."} {
		if !strings.Contains(all, want) {
			t.Errorf("the PDF does not show %q", want)
		}
	}
	f := xlsxOpen(t, xlsxRender(t, r))
	xlsxFindTable(t, f, "Incidents", "Incidents")
	xlsxFindTable(t, f, "Incidents", "IncidentRecord")

	summary := sampleInput(t, Summary)
	summary.Activations = in.Activations
	s, err := Build(summary)
	if err != nil {
		t.Fatal(err)
	}
	if sectionByID(s, "incidents") != nil {
		t.Error("the public summary has the incident records")
	}
	if *writePDFs != "" {
		if err := os.WriteFile(*writePDFs+"/incidents.pdf", pdfRender(t, r), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
