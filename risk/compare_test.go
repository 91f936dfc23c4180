package risk

import (
	"slices"
	"testing"
)

func TestCompareRisks(t *testing.T) {
	base := Risk{Ref: "R-001", Title: "DDoS", Inherent: Score{4, 4}, Residual: Score{2, 2},
		Treatment: Reduce, Status: Treating}
	with := func(edit func(r *Risk)) Risk {
		r := base.Clone()
		edit(&r)
		return r
	}
	tests := []struct {
		name          string
		before, after []Risk
		criteria      func(c *Criteria) // applied to the later criteria
		want          []ChangeKind
		ref           string
	}{
		{"Unchanged", []Risk{base}, []Risk{base}, nil, nil, ""},
		{"TextEdited", []Risk{base}, []Risk{with(func(r *Risk) { r.Title, r.Description = "Bigger DDoS", "more" })}, nil, nil, ""},
		{"New", nil, []Risk{base}, nil, []ChangeKind{RiskNew}, "R-001"},
		{"Removed", []Risk{base}, nil, nil, []ChangeKind{RiskRemoved}, "R-001"},
		{"ResidualUpAcrossAppetite", []Risk{base}, []Risk{with(func(r *Risk) { r.Residual = Score{4, 3} })}, nil,
			[]ChangeKind{NowAbove, ResidualUp}, "R-001"},
		{"ResidualDownIntoAppetite", []Risk{with(func(r *Risk) { r.Residual = Score{4, 4} })}, []Risk{base}, nil,
			[]ChangeKind{NowWithin, ResidualDown}, "R-001"},
		{"ResidualUpWithinAppetite", []Risk{base}, []Risk{with(func(r *Risk) { r.Residual = Score{2, 3} })}, nil,
			[]ChangeKind{ResidualUp}, "R-001"},
		{"InherentUp", []Risk{base}, []Risk{with(func(r *Risk) { r.Inherent = Score{5, 5} })}, nil,
			[]ChangeKind{InherentUp}, "R-001"},
		{"InherentDown", []Risk{base}, []Risk{with(func(r *Risk) { r.Inherent = Score{1, 1} })}, nil,
			[]ChangeKind{InherentDown}, "R-001"},
		{"SameLevelOtherCell", []Risk{base}, []Risk{with(func(r *Risk) { r.Residual = Score{1, 2} })}, nil,
			[]ChangeKind{Rescored}, "R-001"},
		{"ScoredForTheFirstTime", []Risk{with(func(r *Risk) { r.Residual = Score{} })}, []Risk{base}, nil,
			[]ChangeKind{Rescored}, "R-001"},
		{"AppetiteLowered", []Risk{with(func(r *Risk) { r.Residual = Score{3, 3} })}, []Risk{with(func(r *Risk) { r.Residual = Score{3, 3} })},
			func(c *Criteria) { c.Appetite = 1 }, []ChangeKind{NowAbove}, "R-001"},
		{"MatrixChangedLevel", []Risk{base}, []Risk{base}, func(c *Criteria) { c.Matrix[1][1] = 3 },
			[]ChangeKind{NowAbove, ResidualUp}, "R-001"},
		{"Treatment", []Risk{base}, []Risk{with(func(r *Risk) { r.Treatment = Transfer })}, nil,
			[]ChangeKind{TreatmentKind}, "R-001"},
		{"AcceptanceGranted", []Risk{base}, []Risk{with(func(r *Risk) {
			r.Treatment, r.Status = Accept, Accepted
			r.Acceptance = Acceptance{Approver: "Board", Date: mustDate(t, "2026-03-01"), Expiry: mustDate(t, "2027-03-01")}
		})}, nil, []ChangeKind{TreatmentKind, AcceptanceKind, StatusKind}, "R-001"},
		{"RationaleReworded", []Risk{with(func(r *Risk) { r.Acceptance = Acceptance{Approver: "Board", Rationale: "a"} })},
			[]Risk{with(func(r *Risk) { r.Acceptance = Acceptance{Approver: "Board", Rationale: "b"} })}, nil, nil, ""},
		{"AcceptanceRenewed", []Risk{with(func(r *Risk) { r.Acceptance = Acceptance{Approver: "Board", Expiry: mustDate(t, "2026-03-01")} })},
			[]Risk{with(func(r *Risk) { r.Acceptance = Acceptance{Approver: "Board", Expiry: mustDate(t, "2027-03-01")} })}, nil,
			[]ChangeKind{AcceptanceKind}, "R-001"},
		{"Closed", []Risk{base}, []Risk{with(func(r *Risk) { r.Status = Closed })}, nil, []ChangeKind{StatusKind}, "R-001"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := &Register{Criteria: DefaultCriteria(), Risks: tt.before}
			a := &Register{Criteria: DefaultCriteria(), Risks: tt.after}
			if tt.criteria != nil {
				tt.criteria(&a.Criteria)
			}
			got := CompareRisks(b, a)
			if tt.want == nil {
				if len(got) != 0 {
					t.Fatalf("got %d changes (%v), want none", len(got), got[0].Kinds)
				}
				return
			}
			if len(got) != 1 {
				t.Fatalf("got %d changes, want 1", len(got))
			}
			if got[0].Ref != tt.ref || !slices.Equal(got[0].Kinds, tt.want) {
				t.Errorf("got %s %v, want %s %v", got[0].Ref, got[0].Kinds, tt.ref, tt.want)
			}
		})
	}
}

func TestCompareRisksLevelsAndOrder(t *testing.T) {
	c := DefaultCriteria()
	b := &Register{Criteria: c, Risks: []Risk{
		{Ref: "R-010", Residual: Score{5, 5}, Inherent: Score{5, 5}},
		{Ref: "R-002", Residual: Score{1, 1}},
	}}
	a := &Register{Criteria: c, Risks: []Risk{
		{Ref: "R-010", Residual: Score{1, 1}, Inherent: Score{5, 5}},
		{Ref: "R-003", Residual: Score{3, 3}},
	}}
	got := CompareRisks(b, a)
	var refs []string
	for _, ch := range got {
		refs = append(refs, ch.Ref)
	}
	if want := []string{"R-002", "R-003", "R-010"}; !slices.Equal(refs, want) {
		t.Fatalf("got %v, want %v", refs, want)
	}
	r := got[2]
	if r.ResidualFrom.Label != "Critical" || r.ResidualTo.Label != "Low" || !r.AboveBefore || r.AboveAfter {
		t.Errorf("got %s → %s (above %v → %v), want Critical → Low (above true → false)", r.ResidualFrom.Label, r.ResidualTo.Label, r.AboveBefore, r.AboveAfter)
	}
	if got[0].Before == nil || got[0].After != nil || got[0].Title() != "" {
		t.Errorf("removed risk: got before %v after %v", got[0].Before, got[0].After)
	}
	if got[1].ResidualTo.Label != "Medium" {
		t.Errorf("new risk's residual level: got %q, want Medium", got[1].ResidualTo.Label)
	}
}

func TestAcceptanceMove(t *testing.T) {
	tests := []struct {
		name     string
		from, to string
		want     AcceptanceMove
	}{
		{"Granted", "", "Board", AcceptanceGranted},
		{"Withdrawn", "Board", "", AcceptanceWithdrawn},
		{"Renewed", "Board", "CEO", AcceptanceRenewed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := RiskChange{AcceptanceFrom: Acceptance{Approver: tt.from}, AcceptanceTo: Acceptance{Approver: tt.to}}
			if got := c.AcceptanceMove(); got != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
}

func TestCompareSoA(t *testing.T) {
	tests := []struct {
		name          string
		before, after []SoAEntry
		want          []ChangeKind
	}{
		{"Unchanged", []SoAEntry{{Control: "5.1", Applicable: Applicable, Implementation: Implemented}},
			[]SoAEntry{{Control: "5.1", Applicable: Applicable, Implementation: Implemented, Justification: "reworded"}}, nil},
		{"Decided", nil, []SoAEntry{{Control: "5.1", Applicable: Applicable}}, []ChangeKind{SoADecision}},
		{"Excluded", []SoAEntry{{Control: "5.1", Applicable: Applicable, Implementation: ImplPlanned}},
			[]SoAEntry{{Control: "5.1", Applicable: NotApplicable}}, []ChangeKind{SoADecision, SoAStatus}},
		{"Implemented", []SoAEntry{{Control: "5.1", Applicable: Applicable, Implementation: PartlyImplemented}},
			[]SoAEntry{{Control: "5.1", Applicable: Applicable, Implementation: Implemented}}, []ChangeKind{SoAStatus}},
		{"Cleared", []SoAEntry{{Control: "5.1", Applicable: Applicable}}, nil, []ChangeKind{SoADecision}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := CompareSoA(tt.before, tt.after)
			if tt.want == nil {
				if len(got) != 0 {
					t.Fatalf("got %v, want no change", got)
				}
				return
			}
			if len(got) != 1 || got[0].Control != "5.1" || !slices.Equal(got[0].Kinds, tt.want) {
				t.Fatalf("got %+v, want 5.1 %v", got, tt.want)
			}
		})
	}
	got := CompareSoA([]SoAEntry{{Control: "8.10"}, {Control: "5.2"}}, []SoAEntry{{Control: "8.10", Applicable: Applicable}, {Control: "5.2", Applicable: Applicable}})
	if len(got) != 2 || got[0].Control != "5.2" || got[1].Control != "8.10" {
		t.Errorf("got %+v, want 5.2 then 8.10", got)
	}
}

func TestMovements(t *testing.T) {
	c := DefaultCriteria()
	b := &Register{Criteria: c, Risks: []Risk{
		{Ref: "R-1", Residual: Score{4, 4}}, {Ref: "R-2", Residual: Score{4, 4}}, {Ref: "R-3", Residual: Score{4, 4}},
		{Ref: "R-4", Residual: Score{2, 2}}, {Ref: "R-5", Residual: Score{}}, {Ref: "R-6", Residual: Score{1, 1}},
		{Ref: "R-7", Residual: Score{3, 3}, Status: Closed},
	}}
	a := &Register{Criteria: c, Risks: []Risk{
		{Ref: "R-2", Residual: Score{2, 3}}, {Ref: "R-1", Residual: Score{2, 3}}, {Ref: "R-3", Residual: Score{5, 5}},
		{Ref: "R-4", Residual: Score{2, 2}}, {Ref: "R-5", Residual: Score{3, 3}}, {Ref: "R-8", Residual: Score{1, 1}},
		{Ref: "R-7", Residual: Score{1, 1}, Status: Closed},
	}}
	got := Movements(b, a, true)
	want := []Move{
		{From: Score{4, 4}, To: Score{2, 3}, Refs: []string{"R-1", "R-2"}},
		{From: Score{2, 2}, To: Score{2, 2}, Refs: []string{"R-4"}},
		{From: Score{4, 4}, To: Score{5, 5}, Refs: []string{"R-3"}},
	}
	if len(got) != len(want) {
		t.Fatalf("got %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i].From != want[i].From || got[i].To != want[i].To || !slices.Equal(got[i].Refs, want[i].Refs) {
			t.Errorf("move %d: got %+v, want %+v", i, got[i], want[i])
		}
	}
	if !got[1].Stayed() || got[0].Stayed() {
		t.Errorf("Stayed: got %v and %v, want false and true", got[0].Stayed(), got[1].Stayed())
	}
	if in := Movements(b, a, false); len(in) != 0 {
		t.Errorf("inherent movements of risks never scored inherently: got %+v, want none", in)
	}
}

func TestControlEffect(t *testing.T) {
	got := ControlEffect([]Risk{
		{Ref: "R-1", Inherent: Score{5, 5}, Residual: Score{2, 5}},
		{Ref: "R-2", Inherent: Score{5, 5}, Residual: Score{2, 5}},
		{Ref: "R-3", Inherent: Score{3, 3}, Residual: Score{3, 3}},
		{Ref: "R-4", Inherent: Score{3, 3}},
		{Ref: "R-5", Inherent: Score{5, 5}, Residual: Score{1, 1}, Status: Closed},
	})
	if len(got) != 2 || len(got[0].Refs) != 2 || got[0].To != (Score{2, 5}) || !got[1].Stayed() {
		t.Errorf("got %+v, want R-1 and R-2 from 5×5 to 2×5, then R-3 staying", got)
	}
}

func TestSameScales(t *testing.T) {
	a, b := DefaultCriteria(), DefaultCriteria()
	if !SameScales(&a, &b) {
		t.Error("default criteria: got different scales")
	}
	b.Likelihood = b.Likelihood[:4]
	if SameScales(&a, &b) {
		t.Error("4 likelihood levels against 5: got the same scales")
	}
}

func mustDate(t *testing.T, s string) Date {
	t.Helper()
	d, err := ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}
