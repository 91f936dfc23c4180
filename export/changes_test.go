package export

import (
	"strings"
	"testing"
	"time"

	"riskbook/bcp"
	"riskbook/i18n"
	"riskbook/risk"
)

// everyChange is a comparison with at least one record changed in every
// kind.
func everyChange(t *testing.T) *bcp.Comparison {
	t.Helper()
	day := func(s string) risk.Date {
		d, err := risk.ParseDate(s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	crit := risk.DefaultCriteria()
	s := bcp.DefaultSettings()
	before := &bcp.Workspace{
		Register: &risk.Register{Criteria: crit, Catalog: []risk.Control{{ID: "A.5.1", Title: "Policies"}}, Risks: []risk.Risk{
			{Ref: "R-1", Title: "Up", Inherent: risk.Score{Likelihood: 2, Consequence: 2}, Residual: risk.Score{Likelihood: 2, Consequence: 2}, Treatment: risk.Reduce, Status: risk.Open},
			{Ref: "R-2", Title: "Down", Inherent: risk.Score{Likelihood: 5, Consequence: 5}, Residual: risk.Score{Likelihood: 5, Consequence: 5}},
			{Ref: "R-3", Title: "Same level", Residual: risk.Score{Likelihood: 1, Consequence: 1}},
			{Ref: "R-4", Title: "Gone", Residual: risk.Score{Likelihood: 1, Consequence: 1}},
		}, SoA: []risk.SoAEntry{{Control: "A.5.1", Applicable: risk.Applicable, Implementation: risk.ImplPlanned}}},
		BIA:       &bcp.BIA{Settings: s, Activities: []bcp.Activity{{Ref: "ACT-1", Name: "DNS", RTO: bcp.Hours(4)}, {Ref: "ACT-2", Name: "Old"}}},
		Playbooks: []bcp.Playbook{{Ref: "PB-1", Title: "DDoS"}, {Ref: "PB-2", Title: "Old"}},
	}
	after := &bcp.Workspace{
		Register: &risk.Register{Criteria: crit, Catalog: []risk.Control{{ID: "A.5.1", Title: "Policies"}}, Risks: []risk.Risk{
			{Ref: "R-1", Title: "Up", Inherent: risk.Score{Likelihood: 5, Consequence: 5}, Residual: risk.Score{Likelihood: 5, Consequence: 5},
				Treatment: risk.Accept, Status: risk.Accepted, Acceptance: risk.Acceptance{Approver: "Board", Expiry: day("2027-06-30")}},
			{Ref: "R-2", Title: "Down", Inherent: risk.Score{Likelihood: 1, Consequence: 1}, Residual: risk.Score{Likelihood: 1, Consequence: 1}},
			{Ref: "R-3", Title: "Same level", Residual: risk.Score{Likelihood: 2, Consequence: 1}},
			{Ref: "R-5", Title: "New", Residual: risk.Score{Likelihood: 3, Consequence: 3}, Owner: "Ana"},
		}, SoA: []risk.SoAEntry{{Control: "A.5.1", Applicable: risk.NotApplicable}}},
		BIA:       &bcp.BIA{Settings: s, Activities: []bcp.Activity{{Ref: "ACT-1", Name: "DNS", RTO: bcp.Hours(1)}, {Ref: "ACT-3", Name: "New"}}},
		Playbooks: []bcp.Playbook{{Ref: "PB-1", Title: "DDoS"}, {Ref: "PB-3", Title: "New"}},
		Exercises: []bcp.Exercise{{Ref: "EX-1", Date: day("2026-05-01"), Playbooks: []string{"PB-1"}}},
	}
	from := bcp.Point{Assessment: &risk.Assessment{Name: "2025 annual", Closed: time.Date(2025, 12, 1, 9, 0, 0, 0, time.UTC), By: "Ana"}}
	to := bcp.Point{At: time.Date(2026, 12, 5, 9, 0, 0, 0, time.UTC)}
	return bcp.Compare(from, to, before, after)
}

// TestChangesOf: every kind of change is written, in every language, with
// no message left as its identifier, and what each row says in English.
func TestChangesOf(t *testing.T) {
	c := everyChange(t)
	for _, l := range i18n.Langs() {
		ch := ChangesOf(c, i18n.For(l))
		if len(ch.Groups) != len(bcp.ChangeKinds) {
			t.Fatalf("%s: got %d groups, want %d", l, len(ch.Groups), len(bcp.ChangeKinds))
		}
		for _, g := range ch.Groups {
			if len(g.Rows) == 0 {
				t.Errorf("%s: no row of kind %s", l, g.Kind)
			}
			texts := []string{g.Title, ch.Title, ch.From, ch.To}
			for _, r := range g.Rows {
				texts = append(texts, r.Before, r.After, r.Note)
			}
			for _, s := range texts {
				if strings.Contains(s, "compare.") {
					t.Errorf("%s: %s: %q holds a message identifier", l, g.Kind, s)
				}
			}
		}
	}
	ch := ChangesOf(c, i18n.For(i18n.English))
	if ch.Title != "Changes since “2025 annual”" || ch.From != "“2025 annual”, closed on 2025-12-01 by Ana" || ch.To != "today, 2026-12-05" {
		t.Errorf("got %q from %q to %q", ch.Title, ch.From, ch.To)
	}
	want := map[risk.ChangeKind]ChangeRow{
		risk.RiskNew:        {Ref: "R-5", Title: "New", After: "residual Medium (L3×C3)", Note: "owner Ana"},
		risk.NowAbove:       {Ref: "R-1", Title: "Up", Before: "Low (L2×C2)", After: "Critical (L5×C5)", Note: "appetite Medium"},
		risk.InherentDown:   {Ref: "R-2", Title: "Down", Before: "Critical (L5×C5)", After: "Low (L1×C1)"},
		risk.Rescored:       {Ref: "R-3", Title: "Same level", Before: "residual Low (L1×C1)", After: "residual Low (L2×C1)"},
		risk.TreatmentKind:  {Ref: "R-1", Title: "Up", Before: "reduce", After: "accept"},
		risk.AcceptanceKind: {Ref: "R-1", Title: "Up", Before: "no acceptance", After: "accepted by Board until 2027-06-30", Note: "granted"},
		risk.SoADecision:    {Ref: "A.5.1", Title: "Policies", Before: "applicable", After: "not applicable"},
		risk.SoAStatus:      {Ref: "A.5.1", Title: "Policies", Before: "planned", After: "no status"},
		bcp.ActivityTargets: {Ref: "ACT-1", Title: "DNS", Before: "RTO 4 h", After: "RTO 1 h"},
		bcp.ActivityNew:     {Ref: "ACT-3", Title: "New", After: "MTPD not set; RTO not set; RPO not set"},
		bcp.PlaybookExercise: {Ref: "PB-1", Title: "DDoS", Before: "never exercised", After: "last exercised 2026-05-01",
			Note: "played in EX-1"},
	}
	for _, g := range ch.Groups {
		if w, ok := want[g.Kind]; ok && g.Rows[0] != w {
			t.Errorf("%s: got %+v, want %+v", g.Kind, g.Rows[0], w)
		}
	}
	if ch.Total != 12 {
		t.Errorf("Total: got %d, want 12 (5 risks, 1 control, 3 activities, 3 playbooks)", ch.Total)
	}
}
