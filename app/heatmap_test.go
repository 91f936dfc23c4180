package app

import (
	"context"
	"slices"
	"strconv"
	"testing"

	"riskbook/risk"
)

const heatmapSection = 2

// showHeatmap opens the Heat map section of a on its workspace and returns
// the screen the app built.
func showHeatmap(t *testing.T, a *App) *heatmapScreen {
	t.Helper()
	a.show(heatmapSection)
	s, ok := a.sections[heatmapSection].scr.(*heatmapScreen)
	if !ok {
		t.Fatalf("section %d is %T, want the heat map", heatmapSection, a.sections[heatmapSection].scr)
	}
	return s
}

// residualCounts counts the stored risks that are not closed per residual score.
func residualCounts(t *testing.T, ws CriteriaStore) map[risk.Score]int {
	t.Helper()
	rs, err := ws.Risks(context.Background())
	if err != nil {
		t.Fatalf("read risks: %v", err)
	}
	out := map[risk.Score]int{}
	for _, r := range rs {
		if r.Status != risk.Closed && !r.Residual.IsZero() {
			out[r.Residual]++
		}
	}
	return out
}

// checkResidualCells compares every residual cell's text with want.
func checkResidualCells(t *testing.T, s *heatmapScreen, want map[risk.Score]int) {
	t.Helper()
	c := s.model.criteria
	for l := 1; l <= len(c.Likelihood); l++ {
		for k := 1; k <= len(c.Consequence); k++ {
			score := risk.Score{Likelihood: l, Consequence: k}
			text := ""
			if n := want[score]; n > 0 {
				text = strconv.Itoa(n)
			}
			if got := s.residual.CellText(score); got != text {
				t.Errorf("residual cell %v shows %q, want %q", score, got, text)
			}
		}
	}
}

func TestHeatmapResidualCounts(t *testing.T) {
	db := newTestWorkspace(t, "cctld")
	a := newTestApp(t, db)
	s := showHeatmap(t, a)
	want := residualCounts(t, db)
	if len(want) < 2 {
		t.Fatalf("the starter kit has %d residual cells in use; the test needs several", len(want))
	}
	checkResidualCells(t, s, want)
	if s.empty.Visible() {
		t.Error("empty state shown for a workspace with scored risks")
	}

	// Closing a risk takes it off the map once the app hears of the change.
	ctx := context.Background()
	rs, err := db.Risks(ctx)
	if err != nil {
		t.Fatal(err)
	}
	r := rs[0]
	r.Status = risk.Closed
	if err := db.UpdateRisk(ctx, &r); err != nil {
		t.Fatalf("close %s: %v", r.Ref, err)
	}
	a.changed(nil)
	after := residualCounts(t, db)
	if after[r.Residual] != want[r.Residual]-1 {
		t.Fatalf("store count for %v is %d after closing %s, want %d", r.Residual, after[r.Residual], r.Ref, want[r.Residual]-1)
	}
	checkResidualCells(t, s, after)
}

func TestHeatmapTapCellListsRisks(t *testing.T) {
	db := newTestWorkspace(t, "cctld")
	a := newTestApp(t, db)
	s := showHeatmap(t, a)
	rs, err := db.Risks(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	// The busiest residual cell, so the list has more than one row.
	counts := residualCounts(t, db)
	var cell risk.Score
	for score, n := range counts {
		if n > counts[cell] {
			cell = score
		}
	}
	var want []string
	for _, r := range rs {
		if r.Status != risk.Closed && r.Residual == cell {
			want = append(want, r.Ref)
		}
	}
	slices.SortFunc(want, risk.CompareRefs)

	s.residual.TapCell(cell)
	var got []string
	for _, r := range s.cellRisks {
		got = append(got, r.Ref)
	}
	if !slices.Equal(got, want) {
		t.Fatalf("cell %v lists %v, want %v", cell, got, want)
	}
	if n := s.list.Length(); n != len(want) {
		t.Errorf("list has %d rows, want %d", n, len(want))
	}
	if s.residual.Selected() != cell || !s.inherent.Selected().IsZero() {
		t.Errorf("selected cells: residual %v, inherent %v; want residual %v only", s.residual.Selected(), s.inherent.Selected(), cell)
	}

	s.list.Select(0)
	if a.current != 1 {
		t.Errorf("clicking a listed risk shows section %d, want the Risks section (1)", a.current)
	}
}

func TestHeatmapEmptyWorkspace(t *testing.T) {
	db := newTestWorkspace(t, "blank")
	a := newTestApp(t, db)
	s := showHeatmap(t, a)
	if !s.empty.Visible() || s.body.Visible() {
		t.Errorf("blank workspace: empty state visible = %v, heat maps visible = %v", s.empty.Visible(), s.body.Visible())
	}
}
