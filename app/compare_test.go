package app

import (
	"context"
	"strings"
	"testing"

	"riskbook/export"
	"riskbook/risk"
	"riskbook/workspace"
)

// TestCompareWindow: File → Compare Assessments… opens the baseline against
// today, lists the changed risk under its kind with the count, filters by
// kind and by text, opens a changed risk in the main window, draws the
// move on the matrix, and closes with the workspace.
func TestCompareWindow(t *testing.T) {
	ctx := context.Background()
	db := newTestWorkspace(t, workspace.TemplateCcTLD)
	if _, err := db.CloseAssessment(ctx, "2025 annual"); err != nil {
		t.Fatal(err)
	}
	r, err := db.RiskByRef(ctx, "R-001")
	if err != nil {
		t.Fatal(err)
	}
	r.Residual = risk.Score{Likelihood: 5, Consequence: 5}
	if err := db.UpdateRisk(ctx, &r); err != nil {
		t.Fatal(err)
	}
	a := newTestApp(t, db)
	it := menuItem(a.win.MainMenu(), "File", "Compare Assessments…")
	if it == nil || it.Disabled {
		t.Fatal("File → Compare Assessments… is missing or off")
	}
	it.Action()
	c := a.comparing
	if c == nil || c.ch == nil {
		t.Fatal("the Compare window shows no comparison")
	}
	if c.from.Selected != "2025 annual" || c.to.Selected != "Today" || c.title.Text != "Changes since “2025 annual”" {
		t.Errorf("got %q → %q titled %q, want the baseline to today", c.from.Selected, c.to.Selected, c.title.Text)
	}
	up := slicesIndex(c.ch.Groups, risk.ResidualUp)
	if up < 0 || len(c.ch.Groups[up].Rows) != 1 || c.ch.Groups[up].Rows[0].Ref != "R-001" {
		t.Fatalf("residual level up: got %+v, want R-001", c.ch.Groups)
	}
	c.kinds.Select(up + 1)
	if len(c.shown) != 2 || c.shown[1].row == nil || c.shown[1].row.Ref != "R-001" {
		t.Errorf("filtered by kind: got %d lines, want the heading and R-001", len(c.shown))
	}
	c.kinds.Select(0)
	c.search.SetText("no such risk anywhere")
	if len(c.shown) != 1 || c.shown[0].group != nil {
		t.Errorf("a search matching nothing: got %d lines, want the one saying nothing changed", len(c.shown))
	}
	c.search.SetText("r-001")
	for _, l := range c.shown {
		if l.row != nil && l.row.Ref != "R-001" {
			t.Errorf("searching r-001 shows %s", l.row.Ref)
		}
	}
	// A risk's row opens the risk in the main window.
	for i, l := range c.shown {
		if l.row != nil && l.row.Ref == "R-001" {
			c.rows.Select(i)
			break
		}
	}
	if a.risks == nil || a.sections[a.current].name != "Risks" || a.risks.editor.draft.Ref != "R-001" {
		t.Error("selecting R-001's row does not open it in the main window")
	}
	if len(c.moveShown) != 1 || c.moveShown[0].To != r.Residual || len(c.movement.Shown()) != 1 {
		t.Errorf("movement: got %+v, want one arrow to L5×C5", c.moveShown)
	}
	c.moveMode.SetSelected(c.moveMode.Options[2])
	if len(c.moveShown) == 0 {
		t.Error("the effect of the controls draws no arrow on the starter register")
	}
	// The later point first is refused in the window, not in a dialog.
	c.to.SetSelected("2025 annual")
	c.from.SetSelected("Today")
	if c.ch != nil || !strings.Contains(c.points.Text, "name the assessment first") {
		t.Errorf("today before the assessment: got %q", c.points.Text)
	}
	a.closeWorkspace()
	if a.comparing != nil {
		t.Error("the Compare window stays open after its workspace closed")
	}
}

func slicesIndex(gs []export.ChangeGroup, k risk.ChangeKind) int {
	for i := range gs {
		if gs[i].Kind == k {
			return i
		}
	}
	return -1
}
