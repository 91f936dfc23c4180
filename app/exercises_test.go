package app

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"riskbook/bcp"
	"riskbook/i18n"
	"riskbook/risk"
	"riskbook/workspace"
)

// exercisesOf opens the Exercises section and returns its screen.
func exercisesOf(t *testing.T, a *App) *exercisesScreen {
	t.Helper()
	a.selectSection("Exercises")
	for _, s := range a.sections {
		if x, ok := s.scr.(*exercisesScreen); ok {
			return x
		}
	}
	t.Fatal("no Exercises section")
	return nil
}

func storedExercise(t *testing.T, db *workspace.Workspace, ref string) bcp.Exercise {
	t.Helper()
	exs, err := db.Exercises(context.Background())
	if err != nil {
		t.Fatalf("read exercises: %v", err)
	}
	for _, ex := range exs {
		if ex.Ref == ref {
			return ex
		}
	}
	t.Fatalf("no stored exercise %s", ref)
	return bcp.Exercise{}
}

// TestExerciseFindingRaisesRisk creates an exercise, records a result, a
// finding and an improvement action through the editor, raises a risk from
// the finding and finds it in the register with the exercise as its source.
func TestExerciseFindingRaisesRisk(t *testing.T) {
	db := newTestWorkspace(t, "cctld")
	a := newTestApp(t, db)
	s := exercisesOf(t, a)
	today := risk.Date{Year: 2030, Month: 5, Day: 17}
	onDay(db, today) // the store judges dates against the same day as the screen
	s.today = func() risk.Date { return today }

	s.newExercise()
	e := s.editor
	if e.draft.Ref != "EX-01" || !e.view().Visible() || len(s.shown) != 1 {
		t.Fatalf("after New exercise: ref %q, editor visible %v, %d rows", e.draft.Ref, e.view().Visible(), len(s.shown))
	}
	got := storedExercise(t, db, "EX-01")
	if got.Type != bcp.Tabletop || got.Date != today {
		t.Errorf("stored new exercise: type %q, date %s", got.Type, got.Date)
	}
	if pbs, _ := db.Playbooks(context.Background()); len(pbs) > 0 && len(got.Playbooks) != 1 {
		t.Errorf("the new exercise plays %q, want the playbook exercised longest ago", got.Playbooks)
	}

	test.Type(e.participants, "Ana Silva\nBruno Costa")
	test.Type(e.injects, "15 min: The anycast provider's NOC does not answer")
	e.addFinding()
	e.addAction()
	e.flush()
	e.draft.Findings[0].Text = "Nobody had the NOC's out-of-hours number."
	e.draft.Actions[0].Title = "Put the NOC number in the call tree"
	e.edited(true)
	stored := storedExercise(t, db, "EX-01")
	if len(stored.Participants) != 2 || len(stored.Injects) != 1 || stored.Injects[0].At.String() != "15 min" ||
		len(stored.Findings) != 1 || len(stored.Actions) != 1 || stored.Actions[0].Status != risk.Planned {
		t.Fatalf("stored exercise: %+v", stored)
	}

	e.raiseRisk(0)
	stored = storedExercise(t, db, "EX-01")
	ref := stored.Findings[0].Risk
	if ref == "" || e.draft.Findings[0].Risk != ref {
		t.Fatalf("the finding names no risk: stored %q, draft %q", ref, e.draft.Findings[0].Risk)
	}
	r, err := db.RiskByRef(context.Background(), ref)
	if err != nil {
		t.Fatal(err)
	}
	if r.Source != "Exercise EX-01 on 2030-05-17" || r.Title != "Nobody had the NOC's out-of-hours number" || r.Status != risk.Open {
		t.Errorf("raised risk: source %q, title %q, status %q", r.Source, r.Title, r.Status)
	}
	if a.risks == nil || a.sections[a.current].name != "Risks" || a.risks.editor.draft.Ref != ref {
		t.Errorf("the Risks section does not show the raised risk")
	}

	s = exercisesOf(t, a)
	s.confirmDelete(s.editor.draft.ID, "EX-01")
	if exs, _ := db.Exercises(context.Background()); len(exs) != 0 {
		t.Errorf("exercises after delete: %d", len(exs))
	}
	if _, err := db.RiskByRef(context.Background(), ref); err != nil {
		t.Errorf("the raised risk went with the exercise: %v", err)
	}
}

// TestExerciseReportOverdueShows: an exercise over 90 days old without a
// report shows the finding beside the report date and marks the list row,
// until the report is recorded.
func TestExerciseReportOverdueShows(t *testing.T) {
	db := newTestWorkspace(t, "blank")
	a := newTestApp(t, db)
	s := exercisesOf(t, a)
	today := risk.Date{Year: 2030, Month: 5, Day: 17}
	onDay(db, today) // the store judges dates against the same day as the screen
	s.today = func() risk.Date { return today }
	ex := bcp.Exercise{Title: "Walkthrough of the DNSSEC playbook", Type: bcp.Walkthrough, Date: risk.Date{Year: 2030, Month: 1, Day: 10}}
	if err := db.CreateExercise(context.Background(), &ex); err != nil {
		t.Fatal(err)
	}
	s.reload()
	if len(s.shown) != 1 || s.data.warnings["EX-01"] == 0 {
		t.Fatalf("list: %d rows, %d warnings on EX-01", len(s.shown), s.data.warnings["EX-01"])
	}
	if got := exerciseSummary(&s.data.exercises[0], a.dates); !strings.Contains(got, "report due 2030-04-10") || !strings.Contains(got, "Walkthrough") {
		t.Errorf("row summary: %q", got)
	}
	// The row writes its days as every other list of the app does.
	if got := exerciseSummary(&s.data.exercises[0], dateFormatFor(i18n.French)); !strings.Contains(got, "10/01/2030") || !strings.Contains(got, "10/04/2030") {
		t.Errorf("row summary with French dates: %q", got)
	}
	s.open(ex.ID)
	l := s.editor.messages.label("report_date")
	if !l.Visible() || !strings.Contains(l.Text, "was due on 2030-04-10") {
		t.Errorf("report finding: visible %v, %q", l.Visible(), l.Text)
	}
	test.Tap(s.editor.reportToday)
	if l.Visible() {
		t.Errorf("report finding still shown: %q", l.Text)
	}
	if got := storedExercise(t, db, "EX-01").ReportDate; got != today {
		t.Errorf("stored report date: %s", got)
	}
	if s.data.warnings["EX-01"] != 0 {
		t.Errorf("list still warns: %d", s.data.warnings["EX-01"])
	}
}

func TestInjectLines(t *testing.T) {
	ins := parseInjects("15 min: NOC silent\n\nSaturday 02:00, phones down\n2 h: press calls ")
	want := []bcp.Inject{{At: bcp.Duration(15 * 60e9), Text: "NOC silent"}, {Text: "Saturday 02:00, phones down"}, {At: bcp.Hours(2), Text: "press calls"}}
	if len(ins) != len(want) {
		t.Fatalf("got %+v", ins)
	}
	for i := range want {
		if ins[i] != want[i] {
			t.Errorf("inject %d: got %+v, want %+v", i, ins[i], want[i])
		}
	}
	if got := formatInjects(ins); got != "15 min: NOC silent\nSaturday 02:00, phones down\n2 h: press calls" {
		t.Errorf("formatted: %q", got)
	}
}
