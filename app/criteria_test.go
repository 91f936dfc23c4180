package app

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"riskbook/risk"
	"riskbook/workspace"
)

// newCriteriaTest opens the Criteria screen on a fresh ccTLD workspace in a
// test window.
func newCriteriaTest(t *testing.T) (*criteriaScreen, *workspace.Workspace) {
	t.Helper()
	db := newTestWorkspace(t, "cctld")
	a := newTestApp(t, db)
	s := newCriteriaScreen(testWorkspace{Workspace: db}, a)
	test.NewTempWindow(t, s.view())
	s.reload()
	if s.stored.Version == 0 || s.dirty() {
		t.Fatalf("screen loaded version %d, dirty %v", s.stored.Version, s.dirty())
	}
	return s, db
}

func storedCriteria(t *testing.T, db *workspace.Workspace) risk.Criteria {
	t.Helper()
	c, err := db.Criteria(context.Background())
	if err != nil {
		t.Fatalf("read criteria: %v", err)
	}
	return c
}

// riskScores lists every risk's inherent and residual score.
func riskScores(t *testing.T, db *workspace.Workspace) []risk.Score {
	t.Helper()
	rs, err := db.Risks(context.Background())
	if err != nil {
		t.Fatalf("read risks: %v", err)
	}
	var out []risk.Score
	for _, r := range rs {
		out = append(out, r.Inherent, r.Residual)
	}
	return out
}

func TestCriteriaApplyLabelAndCell(t *testing.T) {
	s, db := newCriteriaTest(t)
	before := storedCriteria(t, db)
	want := cloneCriteria(before)
	want.Levels[3].Label = "Severe"
	want.Matrix[3][3]++ // L4×C4: High → Critical, where several starter risks sit

	s.levels.labels[3].SetText("Severe")
	s.matrix.TapCell(risk.Score{Likelihood: 4, Consequence: 4})
	if !reflect.DeepEqual(s.draft, want) {
		t.Fatalf("draft %+v, want %+v", s.draft, want)
	}
	n := before.Changed(&want, riskScores(t, db))
	if n < 2 {
		t.Fatalf("the change moves %d scores; the test needs several", n)
	}
	if wantText := fmt.Sprintf("%d risk scores change level", n); !strings.Contains(s.status.Text, wantText) {
		t.Errorf("status %q, want it to say %q", s.status.Text, wantText)
	}

	test.Tap(s.applyBtn)
	if s.confirm == nil {
		t.Fatal("Apply asked for no confirmation")
	}
	if got := storedCriteria(t, db); got.Version != before.Version {
		t.Fatalf("stored version %d before confirming", got.Version)
	}
	s.confirm.Confirm()

	got := storedCriteria(t, db)
	want.Version = before.Version + 1
	if !reflect.DeepEqual(got, want) {
		t.Errorf("stored %+v, want %+v", got, want)
	}
	if s.dirty() || !strings.Contains(s.title.Text, fmt.Sprintf("version %d", want.Version)) {
		t.Errorf("after apply: dirty %v, title %q", s.dirty(), s.title.Text)
	}
}

func TestCriteriaRemoveLikelihoodLevelInUse(t *testing.T) {
	s, db := newCriteriaTest(t)
	before := storedCriteria(t, db)
	test.Tap(s.likelihood.remove)
	if got := len(s.draft.Likelihood); got != 4 || len(s.draft.Matrix) != 4 {
		t.Fatalf("draft has %d likelihood levels and %d matrix rows, want 4", got, len(s.draft.Matrix))
	}
	test.Tap(s.applyBtn)

	if s.confirm != nil {
		t.Error("a refused change still asked for confirmation")
	}
	if !s.problem.Visible() || !strings.Contains(s.problem.Text, "R-001") || !strings.Contains(s.problem.Text, "cannot be applied") {
		t.Errorf("problem %q (visible %v), want a refusal naming R-001", s.problem.Text, s.problem.Visible())
	}
	if got := storedCriteria(t, db); !reflect.DeepEqual(got, before) {
		t.Errorf("stored criteria changed to %+v", got)
	}

	test.Tap(s.discard)
	if s.dirty() || len(s.likelihood.labels) != 5 || s.problem.Visible() {
		t.Errorf("after discard: dirty %v, %d likelihood rows, problem %q", s.dirty(), len(s.likelihood.labels), s.problem.Text)
	}
}

func TestCriteriaInvalidDraftRefused(t *testing.T) {
	s, db := newCriteriaTest(t)
	before := storedCriteria(t, db)
	s.levels.colours[0].SetText("green")
	test.Tap(s.applyBtn)
	if s.confirm != nil || !strings.Contains(s.problem.Text, "write colours as #RRGGBB") {
		t.Errorf("problem %q, confirmation asked %v", s.problem.Text, s.confirm != nil)
	}
	if got := storedCriteria(t, db); !reflect.DeepEqual(got, before) {
		t.Errorf("stored criteria changed to %+v", got)
	}
}

func TestCriteriaLevelEdits(t *testing.T) {
	tests := []struct {
		name   string
		edit   func(s *criteriaScreen)
		levels []string
		// cell is the rank wanted at L5×C5 and L1×C1; appetite the rank.
		top, bottom, appetite int
	}{
		{name: "RemoveCritical", edit: func(s *criteriaScreen) { s.levels.removeLevel(3) },
			levels: []string{"Low", "Medium", "High"}, top: 3, bottom: 1, appetite: 2},
		{name: "RemoveLow", edit: func(s *criteriaScreen) { s.levels.removeLevel(0) },
			levels: []string{"Medium", "High", "Critical"}, top: 3, bottom: 1, appetite: 1},
		{name: "RemoveAppetite", edit: func(s *criteriaScreen) { s.levels.removeLevel(1) },
			levels: []string{"Low", "High", "Critical"}, top: 3, bottom: 1, appetite: 1},
		{name: "SwapHighCritical", edit: func(s *criteriaScreen) { s.levels.swap(2, 3) },
			levels: []string{"Low", "Medium", "Critical", "High"}, top: 3, bottom: 1, appetite: 2},
		{name: "AddLevel", edit: func(s *criteriaScreen) { test.Tap(s.levels.add) },
			levels: []string{"Low", "Medium", "High", "Critical", "Level 5"}, top: 4, bottom: 1, appetite: 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _ := newCriteriaTest(t)
			tt.edit(s)
			var labels []string
			for i, l := range s.draft.Levels {
				labels = append(labels, l.Label)
				if l.Rank != i+1 {
					t.Errorf("level %s has rank %d at position %d", l.Label, l.Rank, i+1)
				}
			}
			if !reflect.DeepEqual(labels, tt.levels) {
				t.Errorf("levels %v, want %v", labels, tt.levels)
			}
			if got := [3]int{s.draft.Matrix[4][4], s.draft.Matrix[0][0], s.draft.Appetite}; got != [3]int{tt.top, tt.bottom, tt.appetite} {
				t.Errorf("L5×C5, L1×C1, appetite = %v, want %v", got, [3]int{tt.top, tt.bottom, tt.appetite})
			}
			if len(s.levels.labels) != len(tt.levels) {
				t.Errorf("%d level rows shown, want %d", len(s.levels.labels), len(tt.levels))
			}
		})
	}
}

func TestCriteriaScaleLimits(t *testing.T) {
	s, _ := newCriteriaTest(t)
	for range 2 {
		test.Tap(s.consequence.add)
	}
	if len(s.draft.Consequence) != 7 || len(s.draft.Matrix[0]) != 7 || !s.consequence.add.Disabled() {
		t.Errorf("at 7 levels: %d levels, %d columns, add disabled %v", len(s.draft.Consequence), len(s.draft.Matrix[0]), s.consequence.add.Disabled())
	}
	if s.draft.Matrix[4][6] != s.draft.Matrix[4][4] {
		t.Errorf("new column got rank %d, want a copy of the one below (%d)", s.draft.Matrix[4][6], s.draft.Matrix[4][4])
	}
	for range 4 {
		test.Tap(s.consequence.remove)
	}
	if len(s.draft.Consequence) != 3 || !s.consequence.remove.Disabled() {
		t.Errorf("at 3 levels: %d levels, remove disabled %v", len(s.draft.Consequence), s.consequence.remove.Disabled())
	}
}
