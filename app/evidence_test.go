package app

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"riskbook/bcp"
	"riskbook/risk"
)

func TestHistoryText(t *testing.T) {
	at := time.Date(2026, 3, 1, 9, 30, 0, 0, time.UTC)
	h := []risk.HistoryEntry{
		{At: at, Actor: "Ana Lima", Action: "create", Key: "R-001", Fields: []risk.FieldChange{{Field: "title", After: "Outage"}}},
		{At: at.Add(time.Hour), Actor: "Bo", Action: "update", Key: "R-010", Fields: []risk.FieldChange{
			{Field: "ref", Before: "R-001", After: "R-010"}, {Field: "acceptance.expiry", After: "2026-12-31"}}},
	}
	s, _ := registerOn(t)
	s.openRisk(s.rows[0].ID)
	got := historyText(h, s.editor.messages, dateFormat{})
	for _, want := range []string{
		"Bo changed R-010\n    Reference: R-001 → R-010\n    Expires on: — → 2026-12-31",
		"Ana Lima created R-001\n    Title: Outage",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("history text lacks %q:\n%s", want, got)
		}
	}
	if strings.Index(got, "Bo changed") > strings.Index(got, "Ana Lima created") {
		t.Error("the newest change is not first")
	}
	if historyText(nil, s.editor.messages, dateFormat{}) != "No change is recorded for it yet." {
		t.Error("empty history")
	}
}

// TestRiskEditorHistoryAndIdentified: the risk editor records the day a
// risk was identified, and its History button shows the saved record's
// history under its reference.
func TestRiskEditorHistoryAndIdentified(t *testing.T) {
	s, db := registerOn(t)
	s.openRisk(s.rows[0].ID)
	e := s.editor
	e.identified.SetText("2026-01-05")
	if got := storedRisk(t, db, s.rows[0].ID).Identified; got != (risk.Date{Year: 2026, Month: 1, Day: 5}) {
		t.Errorf("identified stored as %v", got)
	}
	var entity, key string
	e.spec.history = func(en, k string, _ fieldShower) { entity, key = en, k }
	e.historyButton("risk").OnTapped()
	if entity != "risk" || key != e.draft.Ref {
		t.Errorf("history asked for %s %s, want risk %s", entity, key, e.draft.Ref)
	}
	h, err := db.History(context.Background(), "risk", e.draft.Ref)
	if err != nil || len(h) < 2 || h[len(h)-1].Fields[0].Field != "identified" {
		t.Errorf("history: %+v, %v", h, err)
	}
}

// TestExerciseFindingClosedByAction: an action is linked to the finding it
// closes, and a finding closed gets today's date.
func TestExerciseFindingClosedByAction(t *testing.T) {
	db := newTestWorkspace(t, "cctld")
	a := newTestApp(t, db)
	s := exercisesOf(t, a)
	today := risk.Date{Year: 2030, Month: 5, Day: 17}
	onDay(db, today)
	s.today = func() risk.Date { return today }
	s.newExercise()
	e := s.editor
	e.today = s.today
	e.addFinding()
	e.addFinding()
	e.draft.Findings[0].Text = "Nobody had the NOC's number."
	e.draft.Findings[1].Text = "The statement was not approved."
	e.addAction()
	e.draft.Actions[0].Title = "Put the NOC number in the call tree"
	e.edited(true)
	e.fillActions()
	group := findCheckGroup(t, e.actionBox)
	group.SetSelected([]string{group.Options[0]})
	e.flush()
	stored := storedExercise(t, db, e.draft.Ref)
	if stored.Findings[0].ID != 1 || stored.Findings[1].ID != 2 || len(stored.Actions[0].Findings) != 1 || stored.Actions[0].Findings[0] != 1 {
		t.Fatalf("stored findings %+v, actions %+v", stored.Findings, stored.Actions)
	}
	e.draft.Findings[0].Status = bcp.FindingClosed
	e.draft.Actions[0].Status = risk.Done
	e.draft.Findings[0].Closed = today
	e.edited(true)
	e.flush()
	if got := storedExercise(t, db, e.draft.Ref); !got.Findings[0].IsClosed() || got.State(0, today) != bcp.StateClosed || got.Findings[0].Closed != today {
		t.Errorf("finding after closing: %+v", got.Findings[0])
	}
	e.draft.RemoveFinding(0)
	if len(e.draft.Actions[0].Findings) != 0 {
		t.Errorf("removing F1 left the action closing %v", e.draft.Actions[0].Findings)
	}
}

// TestPlaybookStepBringsBack: a step says which of the playbook's
// activities it brings back.
func TestPlaybookStepBringsBack(t *testing.T) {
	db := newTestWorkspace(t, "cctld")
	a := newTestApp(t, db)
	s := playbooksOf(t, a)
	s.createFromTemplate(templateNamed(t, s, "DDoS attack on the name servers"))
	e := s.editor
	if len(e.draft.Activities) == 0 {
		t.Fatal("the template restores no activity in the starter workspace")
	}
	group, ok := e.restoresField(0, 0).(*widget.CheckGroup)
	if !ok {
		t.Fatal("the step has no Brings back field")
	}
	group.SetSelected([]string{e.draft.Activities[0]})
	e.flush()
	got := storedPlaybook(t, db, e.draft.Ref)
	if r := got.Phases[0].Steps[0].Restores; len(r) != 1 || r[0] != e.draft.Activities[0] {
		t.Errorf("stored restores %v", r)
	}
}

// findCheckGroup returns the first check group under o.
func findCheckGroup(t *testing.T, o fyne.CanvasObject) *widget.CheckGroup {
	t.Helper()
	var found *widget.CheckGroup
	var walk func(fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if found != nil || o == nil {
			return
		}
		switch x := o.(type) {
		case *widget.CheckGroup:
			found = x
		case *fyne.Container:
			for _, c := range x.Objects {
				walk(c)
			}
		case fyne.Widget:
			r := test.WidgetRenderer(x)
			for _, c := range r.Objects() {
				walk(c)
			}
		}
	}
	walk(o)
	if found == nil {
		t.Fatal("no check group")
	}
	return found
}
