package bcp

import (
	"slices"
	"strings"
	"testing"
	"time"

	"riskbook/risk"
)

func TestCompareActivities(t *testing.T) {
	s := DefaultSettings()
	base := Activity{Ref: "ACT-01", Name: "DNS", RTO: Hours(4), RPO: Hours(1)}
	base.SetSeverity(s.Categories[0], 2, 5) // intolerable at 24 hours
	with := func(edit func(a *Activity)) Activity {
		a := base.Clone()
		edit(&a)
		return a
	}
	tests := []struct {
		name          string
		before, after []Activity
		settings      func(s *Settings) // applied to the later settings
		want          []risk.ChangeKind
		mtpd          [2]Target
	}{
		{"Unchanged", []Activity{base}, []Activity{with(func(a *Activity) { a.Description = "edited" })}, nil, nil, [2]Target{}},
		{"New", nil, []Activity{base}, nil, []risk.ChangeKind{ActivityNew}, [2]Target{{}, {Hours(24), true}}},
		{"Removed", []Activity{base}, nil, nil, []risk.ChangeKind{ActivityRemoved}, [2]Target{{Hours(24), true}, {}}},
		{"RTO", []Activity{base}, []Activity{with(func(a *Activity) { a.RTO = Hours(2) })}, nil,
			[]risk.ChangeKind{ActivityTargets}, [2]Target{{Hours(24), true}, {Hours(24), true}}},
		{"RPOCleared", []Activity{base}, []Activity{with(func(a *Activity) { a.RPO = 0 })}, nil,
			[]risk.ChangeKind{ActivityTargets}, [2]Target{{Hours(24), true}, {Hours(24), true}}},
		{"MTPDFromImpacts", []Activity{base}, []Activity{with(func(a *Activity) { a.SetSeverity(s.Categories[1], 1, 4) })}, nil,
			[]risk.ChangeKind{ActivityTargets}, [2]Target{{Hours(24), true}, {Hours(4), true}}},
		{"MTPDOverridden", []Activity{base}, []Activity{with(func(a *Activity) { a.MTPDOverride, a.MTPDReason = Hours(72), "contract" })}, nil,
			[]risk.ChangeKind{ActivityTargets}, [2]Target{{Hours(24), true}, {Hours(72), true}}},
		{"MTPDFromSettings", []Activity{base}, []Activity{base}, func(s *Settings) { s.Intolerable = 5 + 1 },
			[]risk.ChangeKind{ActivityTargets}, [2]Target{{Hours(24), true}, {}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := &BIA{Settings: s, Activities: tt.before}
			a := &BIA{Settings: DefaultSettings(), Activities: tt.after}
			if tt.settings != nil {
				tt.settings(&a.Settings)
			}
			got := CompareActivities(b, a)
			if tt.want == nil {
				if len(got) != 0 {
					t.Fatalf("got %+v, want no change", got)
				}
				return
			}
			if len(got) != 1 || got[0].Ref != "ACT-01" || !slices.Equal(got[0].Kinds, tt.want) {
				t.Fatalf("got %+v, want ACT-01 %v", got, tt.want)
			}
			if m := [2]Target{got[0].MTPDFrom, got[0].MTPDTo}; m != tt.mtpd {
				t.Errorf("MTPD: got %v, want %v", m, tt.mtpd)
			}
		})
	}
}

func TestComparePlaybooks(t *testing.T) {
	day := func(s string) risk.Date {
		d, err := risk.ParseDate(s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	pb := Playbook{Ref: "PB-01", Title: "DDoS"}
	ex1 := Exercise{Ref: "EX-01", Date: day("2025-05-01"), Playbooks: []string{"PB-01"}}
	ex2 := Exercise{Ref: "EX-02", Date: day("2026-05-01"), Playbooks: []string{"pb-01"}}
	tests := []struct {
		name          string
		before, after *Workspace
		want          []risk.ChangeKind
		exercises     []string
		from, to      string
	}{
		{"Unchanged", &Workspace{Playbooks: []Playbook{pb}, Exercises: []Exercise{ex1}},
			&Workspace{Playbooks: []Playbook{pb}, Exercises: []Exercise{ex1}}, nil, nil, "", ""},
		{"Added", &Workspace{}, &Workspace{Playbooks: []Playbook{pb}}, []risk.ChangeKind{PlaybookNew}, nil, "", ""},
		{"AddedAndExercised", &Workspace{}, &Workspace{Playbooks: []Playbook{pb}, Exercises: []Exercise{ex2}},
			[]risk.ChangeKind{PlaybookNew, PlaybookExercise}, []string{"EX-02"}, "", "2026-05-01"},
		{"Removed", &Workspace{Playbooks: []Playbook{pb}, Exercises: []Exercise{ex1}}, &Workspace{},
			[]risk.ChangeKind{PlaybookRemoved}, nil, "2025-05-01", ""},
		{"ExercisedAgain", &Workspace{Playbooks: []Playbook{pb}, Exercises: []Exercise{ex1}},
			&Workspace{Playbooks: []Playbook{pb}, Exercises: []Exercise{ex1, ex2}},
			[]risk.ChangeKind{PlaybookExercise}, []string{"EX-02"}, "2025-05-01", "2026-05-01"},
		{"ExercisedByItsRecord", &Workspace{Playbooks: []Playbook{pb}},
			&Workspace{Playbooks: []Playbook{{Ref: "PB-01", LastExercised: day("2026-02-02")}}},
			[]risk.ChangeKind{PlaybookExercise}, nil, "", "2026-02-02"},
		{"ExerciseOfAnotherPlaybook", &Workspace{Playbooks: []Playbook{pb}},
			&Workspace{Playbooks: []Playbook{pb}, Exercises: []Exercise{{Ref: "EX-03", Date: day("2026-01-01"), Playbooks: []string{"PB-02"}}}},
			nil, nil, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ComparePlaybooks(tt.before, tt.after)
			if tt.want == nil {
				if len(got) != 0 {
					t.Fatalf("got %+v, want no change", got)
				}
				return
			}
			if len(got) != 1 || !slices.Equal(got[0].Kinds, tt.want) || !slices.Equal(got[0].Exercises, tt.exercises) {
				t.Fatalf("got %+v, want PB-01 %v played by %v", got, tt.want, tt.exercises)
			}
			if f, to := dateText(got[0].ExercisedFrom), dateText(got[0].ExercisedTo); f != tt.from || to != tt.to {
				t.Errorf("last exercised: got %q → %q, want %q → %q", f, to, tt.from, tt.to)
			}
		})
	}
}

func dateText(d risk.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.String()
}

func TestCheckOrder(t *testing.T) {
	at := func(name string, day int, through int64) Point {
		return Point{Assessment: &risk.Assessment{Name: name, Closed: time.Date(2026, 1, day, 0, 0, 0, 0, time.UTC), Through: through}}
	}
	today := Point{At: time.Date(2026, 12, 5, 0, 0, 0, 0, time.UTC)}
	tests := []struct {
		name     string
		from, to Point
		says     string
	}{
		{"AssessmentToToday", at("2025", 1, 1), today, ""},
		{"EarlierToLater", at("2025", 1, 1), at("2026", 2, 2), ""},
		{"SameSecondLaterHistory", at("a", 1, 1), at("b", 1, 2), ""},
		{"Itself", at("2025", 1, 1), at("2025", 1, 1), ""},
		{"TodayFirst", today, at("2025", 1, 1), "name the assessment first"},
		{"LaterFirst", at("2026", 2, 2), at("2025", 1, 1), "was closed after “2025”"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckOrder(tt.from, tt.to)
			if (err != nil) != (tt.says != "") || err != nil && !strings.Contains(err.Error(), tt.says) {
				t.Errorf("got %v, want an error saying %q", err, tt.says)
			}
		})
	}
}

func TestCompare(t *testing.T) {
	crit := risk.DefaultCriteria()
	before := &Workspace{
		Register: &risk.Register{Criteria: crit, Risks: []risk.Risk{{Ref: "R-001", Residual: risk.Score{Likelihood: 4, Consequence: 4}}},
			SoA: []risk.SoAEntry{{Control: "5.1"}}},
		BIA:       &BIA{Settings: DefaultSettings(), Activities: []Activity{{Ref: "ACT-01", RTO: Hours(4)}}},
		Playbooks: []Playbook{{Ref: "PB-01"}},
	}
	after := &Workspace{
		Register: &risk.Register{Criteria: crit, Risks: []risk.Risk{
			{Ref: "R-001", Residual: risk.Score{Likelihood: 2, Consequence: 2}}, {Ref: "R-002", Residual: risk.Score{Likelihood: 5, Consequence: 5}}},
			SoA: []risk.SoAEntry{{Control: "5.1", Applicable: risk.Applicable, Implementation: risk.Implemented}}},
		BIA:       &BIA{Settings: DefaultSettings(), Activities: []Activity{{Ref: "ACT-01", RTO: Hours(2)}}},
		Playbooks: []Playbook{{Ref: "PB-01"}, {Ref: "PB-02"}},
	}
	c := Compare(Point{}, Point{}, before, after)
	counts := map[risk.ChangeKind]int{}
	for _, k := range ChangeKinds {
		if n := c.Count(k); n > 0 {
			counts[k] = n
		}
	}
	want := map[risk.ChangeKind]int{risk.RiskNew: 1, risk.NowWithin: 1, risk.ResidualDown: 1, risk.SoADecision: 1,
		risk.SoAStatus: 1, ActivityTargets: 1, PlaybookNew: 1}
	if len(counts) != len(want) {
		t.Fatalf("got %v, want %v", counts, want)
	}
	for k, n := range want {
		if counts[k] != n {
			t.Errorf("%s: got %d, want %d", k, counts[k], n)
		}
	}
	if c.CriteriaChanged || !c.SameScales || c.Empty() {
		t.Errorf("got criteria changed %v, same scales %v, empty %v; want false, true, false", c.CriteriaChanged, c.SameScales, c.Empty())
	}
	if m := c.Moves(); len(m) != 1 || m[0].From != (risk.Score{Likelihood: 4, Consequence: 4}) {
		t.Errorf("moves: got %+v, want R-001 from 4×4", m)
	}
	after.Register.Criteria.Appetite = 3
	after.Register.Criteria.Consequence = after.Register.Criteria.Consequence[:4]
	if c := Compare(Point{}, Point{}, before, after); !c.CriteriaChanged || c.SameScales || c.Moves() != nil {
		t.Errorf("criteria changed: got changed %v, same scales %v, moves %v", c.CriteriaChanged, c.SameScales, c.Moves())
	}
	if c := Compare(Point{}, Point{}, before, before); !c.Empty() {
		t.Errorf("records compared with themselves: got %+v, want nothing changed", c.Changes)
	}
}
