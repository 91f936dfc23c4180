package app

import (
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"riskbook/bcp"
)

func TestAchievableRTOAboveActivityRTOShowsReadinessGap(t *testing.T) {
	db := newTestWorkspace(t, "cctld")
	a := newTestApp(t, db)
	a.selectSection("Readiness")
	rs := readinessOf(t, a)
	if gaps := readinessGaps(rs, "ACT-04"); len(gaps) != 0 {
		t.Fatalf("test data: ACT-04 already has gaps %q", gaps)
	}

	e := openResource(t, a, db, "RES-13") // the EPP server ACT-04 needs; its RTO is 8 h
	e.rto.entry.SetText("")
	test.Type(e.rto.entry, "2 days")
	e.rto.entry.FocusLost()
	if got := storedResource(t, db, "RES-13").AchievableRTO; got != bcp.Duration(2*bcp.Day) {
		t.Fatalf("stored achievable RTO: got %s, want 2 days", got)
	}
	if texts := dashTexts(e.readiness); !slices.ContainsFunc(texts, func(s string) bool { return strings.Contains(s, "ACT-04") }) {
		t.Errorf("editor's readiness: got %q, want the gap of ACT-04", texts)
	}

	a.selectSection("Readiness")
	gaps := readinessGaps(rs, "ACT-04")
	want := "ICT readiness gap: RES-13 (EPP server and registrar portal) can be recovered in 2 days, but the activity's RTO is 8 h"
	if !slices.Contains(gaps, want) {
		t.Fatalf("ACT-04 gaps: got %q, want %q", gaps, want)
	}
	row := rs.createRow()
	for i, r := range rs.data.rows {
		if r.Activity.Ref == "ACT-04" {
			rs.updateRow(i, row)
		}
	}
	cells := row.(*fyne.Container).Objects[0].(*fyne.Container).Objects
	if achievable := cells[3].(*widget.Label); achievable.Text != "2 days" || achievable.Importance != widget.DangerImportance {
		t.Errorf("achievable RTO cell: %q in importance %v, want 2 days in danger", achievable.Text, achievable.Importance)
	}
	if gap := row.(*fyne.Container).Objects[1].(*widget.Label); gap.Text != want || gap.Importance != widget.DangerImportance {
		t.Errorf("gap line: %q in importance %v", gap.Text, gap.Importance)
	}
	// ACT-04 and ACT-02, whose signer's rebuild time is still to measure.
	if !strings.HasPrefix(rs.summary.Text, "2 of 10 activities with an ICT readiness gap") {
		t.Errorf("summary: got %q", rs.summary.Text)
	}
}

func readinessOf(t *testing.T, a *App) *readinessScreen {
	t.Helper()
	for _, s := range a.sections {
		if r, ok := s.scr.(*readinessScreen); ok {
			return r
		}
	}
	t.Fatal("no Readiness screen")
	return nil
}

func readinessGaps(s *readinessScreen, ref string) []string {
	for _, r := range s.data.rows {
		if r.Activity.Ref == ref {
			return r.Gaps
		}
	}
	return nil
}

func TestReadinessListsSinglePointsPeopleFirst(t *testing.T) {
	db := newTestWorkspace(t, "cctld")
	withoutAlternate(t, db, "RES-01")
	a := newTestApp(t, db)
	a.selectSection("Readiness")
	rs := readinessOf(t, a)
	if len(rs.data.spofs) == 0 || rs.data.spofs[0].Resource.Ref != "RES-01" {
		t.Fatalf("single points: got %d, want RES-01 (a person) first", len(rs.data.spofs))
	}
	// Giving the technical lead an alternate removes the single point.
	e := openResource(t, a, db, "RES-01")
	test.Type(e.alternates, "The registry manager, trained on the runbooks")
	e.flush()
	a.selectSection("Readiness")
	for _, sp := range rs.data.spofs {
		if sp.Resource.Ref == "RES-01" {
			t.Errorf("RES-01 is still a single point of failure after recording an alternate")
		}
	}
	if len(rs.data.spofs) == 0 && rs.noSpofs.Visible() == false {
		t.Error("no single points of failure, but the good news is hidden")
	}
	// A row opens its activity.
	rs.openActivity(0)
	if a.sections[a.current].name != "Activities" || a.activities.editor.draft.Ref != rs.data.rows[0].Activity.Ref {
		t.Errorf("opening row 0: section %s, activity %s", a.sections[a.current].name, a.activities.editor.draft.Ref)
	}
}
