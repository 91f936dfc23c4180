package risk

import (
	"encoding/json"
	"testing"
	"time"
)

func TestDiffJSON(t *testing.T) {
	jsonOf := func(t *testing.T, r *Risk) string {
		t.Helper()
		b, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	base := func() *Risk {
		return &Risk{Ref: "R-001", Title: "Registry database lost", Owner: "Ana", Controls: []string{"A.5.1"},
			Residual:   Score{2, 3},
			Acceptance: Acceptance{Approver: "Board"},
			Actions:    []Action{{Title: "Standby database", Due: Date{2026, time.June, 30}, Status: Planned}},
			Created:    time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC), Updated: time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)}
	}
	tests := []struct {
		name   string
		before func() *Risk // nil: created
		after  func() *Risk // nil: deleted
		want   []FieldChange
	}{
		{name: "Unchanged", before: base, after: func() *Risk { r := base(); r.Updated = r.Updated.Add(time.Hour); return r }},
		{name: "TitleAndNestedFields", before: base, after: func() *Risk {
			r := base()
			r.Title = "Registry database lost or corrupted"
			r.Acceptance.Expiry = Date{2026, time.December, 31}
			r.Residual.Likelihood = 3
			return r
		}, want: []FieldChange{
			{"acceptance.expiry", "", "2026-12-31"},
			{"residual.likelihood", "2", "3"},
			{"title", "Registry database lost", "Registry database lost or corrupted"},
		}},
		{name: "ListOfValuesIsOneField", before: base, after: func() *Risk {
			r := base()
			r.Controls = []string{"A.5.1", "A.8.13"}
			return r
		}, want: []FieldChange{{"controls", "A.5.1", "A.5.1, A.8.13"}}},
		{name: "ListOfObjectsItemByItem", before: base, after: func() *Risk {
			r := base()
			r.Actions[0].Status = Done
			r.Actions[0].Progress = 100
			r.Actions = append(r.Actions, Action{Title: "Drill", Status: Planned})
			return r
		}, want: []FieldChange{
			{"actions[0].progress", "", "100"},
			{"actions[0].status", "planned", "done"},
			{"actions[1].status", "", "planned"},
			{"actions[1].title", "", "Drill"},
		}},
		{name: "Created", after: func() *Risk { return &Risk{Ref: "R-002", Title: "New"} },
			want: []FieldChange{{"ref", "", "R-002"}, {"title", "", "New"}}},
		{name: "Deleted", before: func() *Risk { return &Risk{Ref: "R-002", Title: "Gone"} },
			want: []FieldChange{{"ref", "R-002", ""}, {"title", "Gone", ""}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b, a string
			if tt.before != nil {
				b = jsonOf(t, tt.before())
			}
			if tt.after != nil {
				a = jsonOf(t, tt.after())
			}
			got, err := DiffJSON(b, a)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %+v, want %+v", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("change %d: got %+v, want %+v", i, got[i], tt.want[i])
				}
			}
		})
	}
	if _, err := DiffJSON("{", ""); err == nil {
		t.Error("malformed JSON accepted")
	}
}
