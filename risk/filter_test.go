package risk

import (
	"slices"
	"strings"
	"testing"
	"time"
)

// filterRisks are risks that differ in each thing a filter or the
// register's order looks at.
func filterRisks() []Risk {
	d := func(y, m, day int) Date { return Date{Year: y, Month: time.Month(m), Day: day} }
	return []Risk{
		{ID: 1, Ref: "R-010", Title: "DNS outage", Description: "Zone signing keys expire", Category: "Technical",
			Owner: "Technical lead", Status: Open, Treatment: Reduce, Inherent: Score{4, 4}, Residual: Score{3, 3},
			NextReview: d(2026, 1, 10), Controls: []string{"A.5.30"}, Threatens: []string{"ACT-1"},
			Actions: []Action{{Title: "Roll the KSK", Owner: "Ops team", Due: d(2026, 2, 1), Status: Planned}}},
		{ID: 2, Ref: "R-2", Title: "Staff leave", Cause: "Key person", Category: "People", Owner: "director",
			Status: Treating, Treatment: Accept, Inherent: Score{2, 3}, Residual: Score{2, 2}, NextReview: d(2026, 6, 1),
			Actions: []Action{{Title: "Cross-train", Owner: "HR", Due: d(2025, 12, 1), Status: Done},
				{Title: "Write runbook", Owner: "HR", Due: d(2026, 1, 15), Status: InProgress}}},
		{ID: 3, Ref: "R-3", Title: "Power", Vulnerability: "One feed", Category: "technical", Owner: "Technical Lead",
			Status: Closed, Inherent: Score{5, 5}, Residual: Score{5, 4}, NextReview: d(2025, 1, 1),
			Actions: []Action{{Title: "Generator", Owner: "Facilities", Due: d(2025, 6, 1), Status: Planned}}},
		{ID: 4, Ref: "R-1", Title: "Vendor lock-in", Consequence: "Costs rise", Source: "Audit 2025", Owner: "CFO",
			Status: Monitoring, Treatment: Transfer, Residual: Score{1, 1},
			Actions: []Action{{Title: "Second quote", Owner: "Buyer", Status: Planned}, {Title: "Exit plan", Owner: "CFO", Due: d(2026, 3, 1), Status: Cancelled}}},
		{ID: 5, Ref: "R-4", Title: "Unscored", Status: Accepted},
	}
}

// TestRowMatchesAsTheRisk: a filter lets a register row through exactly
// when the risk it was made of passes the filter's rule, written out here
// against the whole risk.
func TestRowMatchesAsTheRisk(t *testing.T) {
	c := DefaultCriteria()
	today := Date{Year: 2026, Month: 2, Day: 1}
	high, _ := c.LevelOf(Score{5, 4})
	tests := []struct {
		name string
		f    Filter
		want []string
	}{
		{"All", Filter{}, []string{"R-010", "R-2", "R-3", "R-1", "R-4"}},
		{"TextInDescription", Filter{Text: "SIGNING"}, []string{"R-010"}},
		{"TextInCauseAndVulnerability", Filter{Text: "key"}, []string{"R-010", "R-2"}},
		{"TextInOne", Filter{Text: "one feed"}, []string{"R-3"}},
		{"TextInActionOwner", Filter{Text: "facilities"}, []string{"R-3"}},
		{"TextInActionTitle", Filter{Text: "runbook"}, []string{"R-2"}},
		{"TextInControlAndThreat", Filter{Text: "a.5.30 act-1"}, []string{"R-010"}},
		{"TextInSourceAndConsequence", Filter{Text: "audit costs"}, []string{"R-1"}},
		{"TextInTreatmentAndStatus", Filter{Text: "transfer monitoring"}, []string{"R-1"}},
		{"WordsAllMust", Filter{Text: "dns staff"}, nil},
		{"Owner", Filter{Owner: "technical lead"}, []string{"R-010", "R-3"}},
		{"Category", Filter{Category: "TECHNICAL"}, []string{"R-010", "R-3"}},
		{"Status", Filter{Status: Treating}, []string{"R-2"}},
		{"Level", Filter{Level: high.Rank}, []string{"R-3"}},
		{"Overdue", Filter{Overdue: true}, []string{"R-010", "R-2"}},
		{"OverdueAndOwner", Filter{Overdue: true, Owner: "director"}, []string{"R-2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := tt.f.Compile(&c, today)
			var got []string
			for _, r := range filterRisks() {
				row := RowOf(&r)
				if m.Match(&row) {
					got = append(got, r.Ref)
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

// TestRowIsTheRisk: a row shows what the risk says, its search text is
// SearchText, and its overdue answer is IsOverdue's on any day.
func TestRowIsTheRisk(t *testing.T) {
	days := []Date{{2024, 1, 1}, {2025, 6, 1}, {2025, 6, 2}, {2026, 1, 10}, {2026, 1, 11}, {2026, 1, 16}, {2026, 2, 2}, {2027, 1, 1}}
	for _, r := range filterRisks() {
		row := RowOf(&r)
		if row.ID != r.ID || row.Ref != r.Ref || row.Title != r.Title || row.Owner != r.Owner || row.Category != r.Category ||
			row.Status != r.Status || row.Treatment != r.Treatment || row.Inherent != r.Inherent || row.Residual != r.Residual ||
			row.NextReview != r.NextReview || row.Search != SearchText(&r) {
			t.Errorf("%s: row %+v does not show the risk", r.Ref, row)
		}
		var owners []string
		for _, a := range r.Actions {
			if !slices.Contains(owners, a.Owner) {
				owners = append(owners, a.Owner)
			}
		}
		if !slices.Equal(row.ActionOwners, owners) {
			t.Errorf("%s: action owners %v, want %v", r.Ref, row.ActionOwners, owners)
		}
		for _, day := range days {
			if got, want := row.Overdue(day), IsOverdue(&r, day); got != want {
				t.Errorf("%s on %s: row overdue %v, risk overdue %v", r.Ref, day, got, want)
			}
			late := false
			for _, a := range r.Actions {
				late = late || a.Overdue(day)
			}
			reviewLate := r.Status != Closed && !r.NextReview.IsZero() && r.NextReview.Before(day)
			if want := reviewLate || r.Status != Closed && late; IsOverdue(&r, day) != want {
				t.Errorf("%s on %s: IsOverdue %v, want %v", r.Ref, day, !want, want)
			}
			if row.ReviewLate(day) != reviewLate || IsReviewLate(&r, day) != reviewLate {
				t.Errorf("%s on %s: review late %v, want %v", r.Ref, day, !reviewLate, reviewLate)
			}
		}
	}
}

// TestRowsSortAsRisks: the register's order of rows is SortRisks' order
// of the risks, for every column both ways.
func TestRowsSortAsRisks(t *testing.T) {
	c := DefaultCriteria()
	for key := ByRef; key <= ByNextReview; key++ {
		for _, desc := range []bool{false, true} {
			rs := filterRisks()
			SortRisks(rs, key, desc, &c)
			rows := make([]Row, 0, len(rs))
			for _, r := range filterRisks() {
				rows = append(rows, RowOf(&r))
			}
			slices.SortStableFunc(rows, func(a, b Row) int { return OrderRows(&a, &b, key, desc, &c) })
			var want, got []string
			for i := range rs {
				want, got = append(want, rs[i].Ref), append(got, rows[i].Ref)
			}
			if !slices.Equal(got, want) {
				t.Errorf("key %d desc %v: rows %v, risks %v", key, desc, got, want)
			}
			if key == ByRef && !desc && strings.Join(got, " ") != "R-1 R-2 R-3 R-4 R-010" {
				t.Errorf("by reference: %v, want natural order", got)
			}
		}
	}
}
