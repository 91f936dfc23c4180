package risk

import (
	"slices"
	"testing"
)

func TestGroupFindings(t *testing.T) {
	noAlternate := func(ref string) Finding {
		return Finding{Severity: SeverityError, Rule: "role-alternate-missing", Ref: ref, Field: "roles[0].alternate",
			Message: "the role Technical lead has no alternate; name and train someone to stand in for Ana"}
	}
	tests := []struct {
		name     string
		in       []Finding
		want     [][]string // the refs of each group, in order
		counts   []int
		affected []string
	}{
		{"Empty", nil, nil, nil, nil},
		{"OneRoleSixPlaybooks",
			[]Finding{noAlternate("PB-01"), noAlternate("PB-02"), noAlternate("PB-03"), noAlternate("PB-04"), noAlternate("PB-05"), noAlternate("PB-06")},
			[][]string{{"PB-01", "PB-02", "PB-03", "PB-04", "PB-05", "PB-06"}}, []int{6},
			[]string{"PB-01, PB-02, PB-03, PB-04, PB-05 and 1 more"}},
		{"DifferentMessagesStayApart",
			[]Finding{noAlternate("PB-01"), {Severity: SeverityError, Rule: "role-alternate-missing", Ref: "PB-02", Message: "the role Registry manager has no alternate"}},
			[][]string{{"PB-01"}, {"PB-02"}}, []int{1, 1}, []string{"PB-01", "PB-02"}},
		{"SameMessageOtherSeverity",
			[]Finding{noAlternate("PB-01"), {Severity: SeverityWarning, Rule: "role-alternate-missing", Ref: "PB-02", Message: noAlternate("").Message}},
			[][]string{{"PB-01"}, {"PB-02"}}, []int{1, 1}, nil},
		{"RecordNamedOnceEvenTwice",
			[]Finding{noAlternate("PB-01"), noAlternate("PB-02"), noAlternate("PB-01")},
			[][]string{{"PB-01", "PB-02"}}, []int{3}, []string{"PB-01, PB-02"}},
		{"NoRecordInParticular",
			[]Finding{{Severity: SeverityInfo, Rule: "soa-undecided", Message: "60 of 93 controls have no decision"}},
			[][]string{nil}, []int{1}, []string{""}},
		{"OrderOfFirstFinding",
			[]Finding{{Severity: SeverityError, Rule: "b", Ref: "R-2", Message: "b"}, {Severity: SeverityError, Rule: "a", Ref: "R-1", Message: "a"}, {Severity: SeverityError, Rule: "b", Ref: "R-3", Message: "b"}},
			[][]string{{"R-2", "R-3"}, {"R-1"}}, []int{2, 1}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			gs := GroupFindings(tt.in)
			if len(gs) != len(tt.want) {
				t.Fatalf("got %d groups, want %d: %+v", len(gs), len(tt.want), gs)
			}
			for i, g := range gs {
				if !slices.Equal(g.Refs, tt.want[i]) {
					t.Errorf("group %d refs: got %v, want %v", i, g.Refs, tt.want[i])
				}
				if g.Count != tt.counts[i] {
					t.Errorf("group %d count: got %d, want %d", i, g.Count, tt.counts[i])
				}
				if tt.affected != nil && g.Affects() != tt.affected[i] {
					t.Errorf("group %d affects: got %q, want %q", i, g.Affects(), tt.affected[i])
				}
			}
		})
	}
}

// TestGroupFindingsByCause: the steps one person alone can do are one thing
// to fix, said once by the cause.
func TestGroupFindingsByCause(t *testing.T) {
	step := func(ref, step, cause string) Finding {
		return Finding{Severity: SeverityError, Rule: "key-person", Ref: ref, Message: "Ana is the only one who can do " + step, Cause: cause}
	}
	lead := "Ana is the only one who can act as Incident lead"
	finance := "Ana is the only one who can act as Support and finance"
	gs := GroupFindings([]Finding{step("PB-01", "step 1", lead), step("PB-01", "step 2", lead), step("PB-02", "step 1", lead), step("PB-02", "step 3", finance)})
	if len(gs) != 2 {
		t.Fatalf("got %d groups, want 2 (one per cause): %+v", len(gs), gs)
	}
	if gs[0].Message != lead || gs[0].Count != 3 || !slices.Equal(gs[0].Refs, []string{"PB-01", "PB-02"}) {
		t.Errorf("first group: got %q ×%d about %v, want the cause ×3 about PB-01, PB-02", gs[0].Message, gs[0].Count, gs[0].Refs)
	}
	if gs[1].Message != finance || gs[1].Count != 1 {
		t.Errorf("second group: got %q ×%d, want %q ×1", gs[1].Message, gs[1].Count, finance)
	}
}
