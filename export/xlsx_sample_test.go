package export

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"riskbook/assets"
	"riskbook/risk"
)

// Texts the workbook must keep exactly as written.
const (
	xlsxTestVietnamese = "Mất điện khu vực làm gián đoạn đăng ký tên miền"
	xlsxTestCyrillic   = "Отказ поставщика anycast DNS"
	xlsxTestArabic     = "عبد الله الحسن"
	xlsxTestFormula    = "=SUM(A1)"
)

var xlsxTestDate = time.Date(2026, 3, 31, 9, 30, 0, 0, time.UTC)

// xlsxTestInput is a workspace of n risks (with n/5 actions and a change
// log), built like a real one: unicode names, long text,
// titles that look like formulas, some risks not yet scored.
func xlsxTestInput(tb testing.TB, n int) *Input {
	tb.Helper()
	raw, err := assets.Catalog(assets.DefaultCatalog)
	if err != nil {
		tb.Fatal(err)
	}
	var catalog risk.Catalog
	if err := json.Unmarshal(raw, &catalog); err != nil {
		tb.Fatal(err)
	}
	owners := []string{"Nguyễn Thị Minh", "Технический руководитель", xlsxTestArabic, "Ana García", "@security"}
	titles := []string{xlsxTestVietnamese, xlsxTestCyrillic, xlsxTestFormula + " looks like a formula",
		"+44 hotline number changes without notice", "-1 day: DNSSEC signatures expire before re-signing",
		"@registrar list leaks credentials", xlsxTestFormula}
	long := "The zone-signing host loses power during the key rollover; the signer restarts with a stale key set, " +
		"signatures expire over the weekend and validating resolvers answer SERVFAIL for every name under the TLD " +
		"until someone on call notices, restores the key set from escrow and re-signs the zone by hand."
	created := xlsxTestDate.AddDate(0, -6, 0)
	day := func(i int) risk.Date { return risk.Date{Year: 2026, Month: time.Month(i%12 + 1), Day: i%28 + 1} }
	in := &Input{
		Profile: Profile{Organisation: "Registry of .xx & partners", TLDs: ".xx, .xn--p1ai", Title: "Risk register and Statement of Applicability",
			Version: "1.2", Classification: "Confidential", Owner: "Registry manager", Approver: xlsxTestArabic},
		Criteria: risk.DefaultCriteria(), Catalogs: []risk.Catalog{catalog},
		SoA: []risk.SoAEntry{
			{Control: "A.5.30", Applicable: risk.Applicable, Justification: "Registry services must survive incidents", Implementation: risk.PartlyImplemented},
			{Control: "A.7.6", Applicable: risk.NotApplicable, Justification: "No secure areas of our own"},
		},
		Digest: strings.Repeat("5e", 32), Workspace: "registry.riskbook", Author: "Ana", Creator: "Riskbook 0.1.0",
		Now: xlsxTestDate, Level: Full,
	}
	var risks RiskList
	var changes ChangeList
	for i := range n {
		title := fmt.Sprintf("Risk %d: registry service degraded by a failing dependency", i+1)
		if i < len(titles) {
			title = titles[i]
		}
		r := risk.Risk{Ref: fmt.Sprintf("R-%05d", i+1), Title: title, Category: []string{"Availability", "Security", "Supplier", "Facilities"}[i%4],
			Owner: owners[i%len(owners)], Description: "A flood of queries takes the name servers down.",
			Cause: "Botnets", Vulnerability: "One anycast provider", Consequence: "Names stop resolving",
			Inherent:  risk.Score{Likelihood: i%5 + 1, Consequence: (i*3)%5 + 1},
			Treatment: risk.Treatments[i%len(risk.Treatments)], Controls: []string{"A.5.30", "A.8.20"},
			ControlEffectiveness: risk.Effectivenesses[i%3], ReviewFrequency: risk.Quarterly,
			NextReview: day(i), Status: risk.Statuses[i%len(risk.Statuses)], Source: "TLD-OPS alerts",
			Confidence: risk.Confidences[i%4], Created: created, Updated: created}
		if i%9 == 8 {
			r.Description += " " + long
		}
		if i%11 != 10 { // some risks are not scored after controls yet
			r.Residual = risk.Score{Likelihood: max(r.Inherent.Likelihood-1, 1), Consequence: r.Inherent.Consequence}
		}
		switch i % 10 { // one risk in five has an action
		case 0:
			r.Actions = []risk.Action{{Title: "Contract a second anycast provider and test the failover twice a year",
				Owner: owners[(i+1)%len(owners)], Due: day(i + 3), Status: risk.InProgress, Progress: 40}}
		case 5:
			r.Actions = []risk.Action{{Title: "Rate-limit responses", Owner: owners[(i+2)%len(owners)], Status: risk.Planned}}
		}
		risks = append(risks, r)
		changes = append(changes, Change{ID: int64(i + 1), At: created.Add(time.Duration(i) * time.Minute),
			Actor: owners[i%len(owners)], Entity: "risk", Key: r.Ref, Action: "create"})
	}
	in.Risks, in.Changes = risks, changes
	return in
}

// xlsxTestReport builds the report of xlsxTestInput and adds a section of
// the kind later issues bring: an enumeration too long for an inline list
// and an empty register.
func xlsxTestReport(tb testing.TB, n int) *Report {
	tb.Helper()
	r, err := Build(xlsxTestInput(tb, n))
	if err != nil {
		tb.Fatal(err)
	}
	var playbooks []string
	for i := range 30 {
		playbooks = append(playbooks, fmt.Sprintf("Playbook %02d: restore service after a regional outage", i+1))
	}
	r.Sections = append(r.Sections, Section{ID: "exercises", Title: "Exercises", Sheet: "Exercises", Blocks: []Block{
		{Paragraph: "Tabletop exercises and the playbook each one tested."},
		{Heading: "Planned exercises"},
		{Table: &Table{Name: "PlannedExercises", Columns: []Column{
			{Title: "Date", Kind: Date, Width: 11},
			{Title: "Playbook", Kind: Enum, Width: 40, Options: playbooks},
			{Title: "Readiness", Kind: Percent, Width: 10},
		}, Rows: [][]Cell{{{Text: "2026-05-04", Date: risk.Date{Year: 2026, Month: 5, Day: 4}}, {Text: playbooks[3]}, {Text: "75%", Number: 75}}}}},
		{Heading: "Exercises held"},
		{Table: &Table{Name: "HeldExercises", Empty: "No exercise is recorded yet.", Columns: []Column{
			{Title: "Date", Kind: Date, Width: 11}, {Title: "Findings", Kind: LongText, Width: 50},
		}}},
	}}, Section{ID: "tabletop", Title: "Tabletop kit", Sheet: "Tabletop", Blocks: []Block{
		{Heading: "Regional power outage"},
		{Facts: []Fact{{Label: "Trigger", Value: "The primary site loses mains power for more than 30 minutes."},
			{Label: "First call", Value: xlsxTestArabic + ", registry manager; then the anycast provider's NOC."},
			{Label: "Pre-approved statement", Value: "Registrations are paused while we move to our standby site. Existing domains keep resolving."}}},
		{Paragraph: "Move registry services to the standby site, confirm the zone still signs, then tell registrars through the out-of-band contact list."},
	}})
	return r
}
