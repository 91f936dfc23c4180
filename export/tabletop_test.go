package export

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"riskbook/bcp"
	"riskbook/risk"
)

// kitTable returns the first table of the section whose name starts with
// prefix.
func kitTable(t *testing.T, s *Section, prefix string) *Table {
	t.Helper()
	for _, b := range s.Blocks {
		if b.Table != nil && strings.HasPrefix(b.Table.Name, prefix) {
			return b.Table
		}
	}
	t.Fatalf("section %s has no table %s…", s.ID, prefix)
	return nil
}

func TestTabletopKitFromThePlaybook(t *testing.T) {
	in := sampleInput(t, Full)
	r, err := BuildTabletop(in, "pb-01")
	if err != nil {
		t.Fatal(err)
	}
	p := in.Playbooks[0]
	if r.Meta.Title != "Tabletop exercise: "+p.Title || r.Meta.Level != Tabletop || r.Meta.Organisation != "Registry of .xx" ||
		r.Meta.Classification != "Confidential" || r.Meta.Date.IsZero() {
		t.Errorf("meta: %+v", r.Meta)
	}
	var ids []string
	for _, s := range r.Sections {
		ids = append(ids, s.ID)
	}
	want := "tabletop-facilitator,tabletop-scenario,tabletop-roles,tabletop-injects,tabletop-questions,tabletop-notes,tabletop-findings"
	if got := strings.Join(ids, ","); got != want {
		t.Fatalf("sections: %s", got)
	}
	facilitator := sectionByID(r, "tabletop-facilitator")
	var all []string
	for _, b := range facilitator.Blocks {
		all = append(all, b.Heading, b.Paragraph)
		for _, f := range b.Facts {
			all = append(all, f.Label, f.Value)
		}
	}
	for _, w := range []string{"60 to 90 minutes", "Ground rules", "Incident lead, Technical lead", "Afterwards, in Riskbook", "Findings", "Improvement actions"} {
		if !strings.Contains(strings.Join(all, "\n"), w) {
			t.Errorf("facilitator notes lack %q", w)
		}
	}
	if s := sectionByID(r, "tabletop-scenario"); s.Blocks[0].Paragraph != p.Scenario {
		t.Errorf("scenario: %+v", s.Blocks[0])
	}

	// One card per role, with room for who plays it.
	roles := sectionByID(r, "tabletop-roles")
	var cards []*Table
	for _, b := range roles.Blocks {
		if b.Table != nil {
			cards = append(cards, b.Table)
		}
	}
	if len(cards) != len(p.Roles) {
		t.Fatalf("%d role cards for %d roles", len(cards), len(p.Roles))
	}
	for i, c := range cards {
		if c.Columns[1].Title != p.Roles[i].Name || c.Rows[0][1].Text != p.Roles[i].Responsibilities ||
			c.Rows[2][0].Text != "Played by" || strings.Count(c.Rows[2][1].Text, "\n") < 1 || strings.TrimSpace(c.Rows[2][1].Text) != "" {
			t.Errorf("card %d: %+v", i, c)
		}
	}
	if !strings.Contains(cards[1].Rows[4][1].Text, "Call the anycast provider's NOC") {
		t.Errorf("the technical lead's card does not list its steps: %q", cards[1].Rows[4][1].Text)
	}

	// Injects derived from the phases: one per phase, at the first step's
	// target time, never running backwards.
	injects := kitTable(t, sectionByID(r, "tabletop-injects"), "Injects")
	if len(injects.Rows) != 2 {
		t.Fatalf("injects: %+v", injects.Rows)
	}
	if injects.Rows[0][0].Text != "T+10\u00a0min" || injects.Rows[1][0].Text != "T+10\u00a0min" ||
		!strings.Contains(injects.Rows[0][1].Text, p.Scenario) || !strings.Contains(injects.Rows[1][2].Text, "Call the anycast provider's NOC") {
		t.Errorf("derived injects: %+v", injects.Rows)
	}

	// Questions per phase: the general ones in their phase (or the next
	// the playbook has), and one per step.
	qs := sectionByID(r, "tabletop-questions")
	var headings []string
	for _, b := range qs.Blocks {
		if b.Heading != "" {
			headings = append(headings, b.Heading)
		}
	}
	if got := strings.Join(headings, "|"); got != "Phase 1 of 2: Detect and assess|Phase 2 of 2: Contain and continue" {
		t.Errorf("question headings: %s", got)
	}
	detect, contain := kitTable(t, qs, "Questionsdetect"), kitTable(t, qs, "Questionscontain")
	var dq, cq []string
	for _, row := range detect.Rows {
		dq = append(dq, row[1].Text)
		if strings.TrimSpace(row[2].Text) != "" || strings.Count(row[2].Text, "\n") < 2 {
			t.Errorf("answer cell %q is not a blank of three lines", row[2].Text)
		}
	}
	for _, row := range contain.Rows {
		cq = append(cq, row[1].Text)
	}
	wantIn := func(list []string, sub string) {
		t.Helper()
		if !slices.ContainsFunc(list, func(q string) bool { return strings.Contains(q, sub) }) {
			t.Errorf("no question with %q in %q", sub, list)
		}
	}
	wantIn(dq, "stop and escalate")
	wantIn(dq, "Who does “Confirm names fail from outside” if the Technical lead is unreachable?")
	wantIn(cq, "Who declares the incident (the playbook says Incident lead)")
	wantIn(cq, "e-mail and chat are down")
	wantIn(cq, "pre-approved statement")
	wantIn(cq, "MTPD")
	wantIn(cq, "third party")
	wantIn(cq, "Who does “Tell registrars” if the Incident lead is unreachable?")
	if detect.Rows[0][0].Text != "1." || contain.Rows[0][0].Text != fmt.Sprintf("%d.", len(detect.Rows)+1) {
		t.Errorf("questions are not numbered through: %q, %q", detect.Rows[0][0].Text, contain.Rows[0][0].Text)
	}

	notes := kitTable(t, sectionByID(r, "tabletop-notes"), "Notes")
	findings := kitTable(t, sectionByID(r, "tabletop-findings"), "Findings")
	if len(notes.Rows) < 20 || len(findings.Rows) < 6 {
		t.Errorf("forms: %d note lines, %d finding rows", len(notes.Rows), len(findings.Rows))
	}
	var titles []string
	for _, c := range findings.Columns {
		titles = append(titles, c.Title)
	}
	if got := strings.Join(titles, "|"); got != "#|Finding|Severity (low, medium, high)|Owner|Due" {
		t.Errorf("findings form: %s", got)
	}
	for _, row := range findings.Rows {
		for _, c := range row[1:] {
			if strings.TrimSpace(c.Text) != "" {
				t.Errorf("findings form cell %q is not empty", c.Text)
			}
		}
	}
}

func TestTabletopInjectsFromTheLatestExercise(t *testing.T) {
	in := sampleInput(t, Full)
	older := sampleExercise()
	older.Ref, older.Date = "EX-01", risk.Date{Year: 2025, Month: 6, Day: 1}
	older.Injects = []bcp.Inject{{At: bcp.Hours(1), Text: "Old inject."}}
	latest := sampleExercise()
	latest.Ref, latest.Date = "EX-02", risk.Date{Year: 2025, Month: 12, Day: 1}
	latest.Injects = []bcp.Inject{
		{At: bcp.Hours(2), Text: "The provider asks for a signed order."},
		{At: bcp.Duration(15 * time.Minute), Text: "Monitoring shows resolution failures from two vantage points."},
		{At: 0, Text: "Saturday 02:00: the pager goes off."},
	}
	noInjects := sampleExercise()
	noInjects.Ref, noInjects.Date, noInjects.Injects = "EX-03", risk.Date{Year: 2026, Month: 1, Day: 5}, nil
	other := sampleExercise()
	other.Ref, other.Date, other.Playbooks = "EX-04", risk.Date{Year: 2026, Month: 2, Day: 1}, []string{"PB-02"}
	in.Exercises = []bcp.Exercise{older, latest, noInjects, other}
	r, err := BuildTabletop(in, "PB-01")
	if err != nil {
		t.Fatal(err)
	}
	s := sectionByID(r, "tabletop-injects")
	rows := kitTable(t, s, "Injects").Rows
	var got []string
	for _, row := range rows {
		got = append(got, row[0].Text+" "+row[1].Text)
	}
	want := []string{"T+0 Saturday 02:00: the pager goes off.", "T+15\u00a0min Monitoring shows resolution failures from two vantage points.",
		"T+2\u00a0h The provider asks for a signed order."}
	if !slices.Equal(got, want) {
		t.Errorf("injects:\n got %q\nwant %q", got, want)
	}
	if !strings.Contains(s.Blocks[0].Paragraph, "EX-02") {
		t.Errorf("the injects do not say where they come from: %q", s.Blocks[0].Paragraph)
	}
}

func TestTabletopAndIncidentRefuseUnknownRefs(t *testing.T) {
	in := sampleInput(t, Full)
	for _, f := range []func() error{
		func() error { _, err := BuildTabletop(in, "PB-99"); return err },
		func() error { _, err := BuildIncident(in, "ACV-09"); return err },
	} {
		err := f()
		var re *risk.Error
		if !errors.As(err, &re) || re.Code != risk.ENOTFOUND || strings.Count(err.Error(), ". ") > 0 {
			t.Errorf("got %v, want one sentence saying it is not found", err)
		}
	}
	if _, err := BuildTabletop(in, "PB-99"); !strings.Contains(err.Error(), "PB-99") || !strings.Contains(err.Error(), "PB-01") {
		t.Errorf("got %v, want it to name the ref and the playbooks there are", err)
	}
}

func TestIncidentRecordAlone(t *testing.T) {
	in := sampleInput(t, Full)
	in.Activations = []bcp.Activation{sampleActivation()}
	r, err := BuildIncident(in, "acv-01")
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Sections) != 1 || r.Sections[0].ID != "incident-ACV-01" || r.Meta.Title != "Incident record ACV-01" || r.Meta.Level != Incident {
		t.Fatalf("incident record: %+v", r)
	}
	text := strings.Join(pdfTestPages(t, pdfRender(t, r)), "\n")
	for _, w := range []string{"Incident record ACV-01", "Decision log", "ticket 4711", "PB-01 DDoS attack on the name servers"} {
		if !strings.Contains(text, w) {
			t.Errorf("the incident PDF does not show %q", w)
		}
	}
}

func TestTabletopKitPDF(t *testing.T) {
	in := sampleInput(t, Full)
	r, err := BuildTabletop(in, "PB-01")
	if err != nil {
		t.Fatal(err)
	}
	pages := pdfTestPages(t, pdfRender(t, r))
	text := strings.Join(pages, "\n")
	for _, w := range []string{"Tabletop exercise: DDoS attack on the name servers", "Tabletop exercise kit", "Facilitator notes",
		"Role cards", "Played by", "Timed injects", "Discussion questions", "Answers and notes", "Severity", "Owner", "Registry of .xx"} {
		if !strings.Contains(text, w) {
			t.Errorf("the kit PDF does not show %q", w)
		}
	}
	for i, p := range pages {
		if strings.Contains(p, "Risk register") || strings.Contains(p, "Statement of Applicability") {
			t.Errorf("page %d shows the audit document", i+1)
		}
	}
}
