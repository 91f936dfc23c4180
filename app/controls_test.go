package app

import (
	"context"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"riskbook/risk"
	"riskbook/workspace"
)

// newControlsTest opens the Controls & SoA screen on a fresh ccTLD workspace
// in a test window.
func newControlsTest(t *testing.T) (*controlsScreen, *workspace.Workspace, *App) {
	t.Helper()
	db := newTestWorkspace(t, "cctld")
	a := newTestApp(t, db)
	s := newControlsScreen(testWorkspace{Workspace: db}, a)
	test.NewTempWindow(t, s.view())
	s.reload()
	return s, db, a
}

// selectControl selects a control's row as a click would.
func selectControl(t *testing.T, s *controlsScreen, id string) {
	t.Helper()
	for i, r := range s.rows {
		if r.theme == nil && r.control.ID == id {
			s.list.Select(i)
			if s.detail.draft.Control != id {
				t.Fatalf("detail shows %q after selecting %s", s.detail.draft.Control, id)
			}
			return
		}
	}
	t.Fatalf("control %s is not among the %d rows shown", id, len(s.rows))
}

// storedEntry reads a control's SoA entry back from the workspace.
func storedEntry(t *testing.T, db *workspace.Workspace, id string) risk.SoAEntry {
	t.Helper()
	soa, err := db.SoA(context.Background())
	if err != nil {
		t.Fatalf("read SoA: %v", err)
	}
	for _, e := range soa {
		if e.Control == id {
			return e
		}
	}
	t.Fatalf("control %s is not in the stored SoA", id)
	return risk.SoAEntry{}
}

// shownControls lists the control IDs of the rows shown, without headers.
func shownControls(s *controlsScreen) []string {
	var ids []string
	for _, r := range s.rows {
		if r.theme == nil {
			ids = append(ids, r.control.ID)
		}
	}
	return ids
}

func TestControlsSetApplicable(t *testing.T) {
	s, db, _ := newControlsTest(t)
	if got := storedEntry(t, db, "A.5.2"); got.Applicable != "" {
		t.Fatalf("starter kit already decides A.5.2: %+v", got)
	}
	selectControl(t, s, "A.5.2")
	s.detail.applicability.SetSelected("Applicable")
	c := test.NewTempWindow(t, s.view()).Canvas()
	c.Focus(s.detail.justification)
	test.Type(s.detail.justification, "Two people share every duty, so each role is written down.")
	c.Unfocus() // leaving the field saves it
	s.detail.implementation.SetSelected("Planned")

	got := storedEntry(t, db, "A.5.2")
	want := risk.SoAEntry{Control: "A.5.2", Applicable: risk.Applicable,
		Justification: "Two people share every duty, so each role is written down.", Implementation: risk.ImplPlanned}
	got.Updated = want.Updated
	if got != want {
		t.Errorf("stored %+v, want %+v", got, want)
	}
	if !strings.Contains(s.progress.Text, "applicable") || !strings.HasPrefix(s.progress.Text, "34 of 93 controls decided") {
		t.Errorf("progress %q, want 34 of 93 decided", s.progress.Text)
	}
}

func TestControlsNotApplicableClearsImplementation(t *testing.T) {
	s, db, _ := newControlsTest(t)
	if got := storedEntry(t, db, "A.5.1"); got.Implementation != risk.Implemented {
		t.Fatalf("starter kit A.5.1 is %+v, want implemented", got)
	}
	selectControl(t, s, "A.5.1")
	s.detail.applicability.SetSelected("Not applicable")

	got := storedEntry(t, db, "A.5.1")
	if got.Applicable != risk.NotApplicable || got.Implementation != "" {
		t.Errorf("stored %q/%q, want not-applicable with no implementation", got.Applicable, got.Implementation)
	}
	if !s.detail.implementation.Disabled() || s.detail.implementation.Selected != "" {
		t.Errorf("implementation select disabled=%v selected=%q, want disabled and empty",
			s.detail.implementation.Disabled(), s.detail.implementation.Selected)
	}
}

func TestControlsJustificationKeptOnSwitch(t *testing.T) {
	s, db, _ := newControlsTest(t)
	selectControl(t, s, "A.5.3")
	s.detail.justification.SetText("Segregation is impossible with two staff; the board reviews instead.")
	selectControl(t, s, "A.5.4") // switching control must not lose the typing
	if got := storedEntry(t, db, "A.5.3").Justification; got != "Segregation is impossible with two staff; the board reviews instead." {
		t.Errorf("stored justification %q after switching control", got)
	}

	s.detail.justification.SetText("Management signs the policy.")
	s.reload() // another screen's change must not eat the typing either
	if got := storedEntry(t, db, "A.5.4").Justification; got != "Management signs the policy." {
		t.Errorf("stored justification %q after reload", got)
	}
	if got := s.detail.justification.Text; got != "Management signs the policy." {
		t.Errorf("entry shows %q after reload", got)
	}
}

func TestControlsFilter(t *testing.T) {
	s, db, _ := newControlsTest(t)
	if got := len(shownControls(s)); got != 93 {
		t.Fatalf("%d controls shown unfiltered, want 93", got)
	}
	if got := len(s.rows); got != 97 {
		t.Errorf("%d rows unfiltered, want 93 controls and 4 theme headers", got)
	}

	test.Type(s.search, "backup")
	if got := shownControls(s); !slices.Equal(got, []string{"A.8.13"}) {
		t.Errorf("filter backup shows %v, want [A.8.13]", got)
	}
	if len(s.rows) != 2 || s.rows[0].theme == nil || s.rows[0].theme.ID != "A.8" {
		t.Errorf("filter backup: want the A.8 header then A.8.13, got %d rows", len(s.rows))
	}

	s.search.SetText("a.7.1")
	if got := shownControls(s); !slices.Equal(got, []string{"A.7.1", "A.7.10", "A.7.11", "A.7.12", "A.7.13", "A.7.14"}) {
		t.Errorf("filter a.7.1 shows %v", got)
	}

	s.search.SetText("")
	s.applSel.SetSelected("Not applicable")
	if got := shownControls(s); !slices.Equal(got, []string{"A.7.6", "A.7.12", "A.8.30"}) {
		t.Errorf("not applicable filter shows %v", got)
	}

	s.applSel.SetSelected("Applicable")
	s.implSel.SetSelected("Implemented")
	soa, err := db.SoA(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var implemented []string
	for _, e := range soa {
		if e.Applicable == risk.Applicable && e.Implementation == risk.Implemented {
			implemented = append(implemented, e.Control)
		}
	}
	if got := shownControls(s); len(implemented) == 0 || !slices.Equal(got, implemented) {
		t.Errorf("applicable and implemented: shown %v, want %v", got, implemented)
	}

	s.search.SetText("no such control")
	if len(s.rows) != 0 || !s.empty.Visible() {
		t.Errorf("no match: %d rows, empty state visible %v", len(s.rows), s.empty.Visible())
	}
	s.clearFilters()
	if got := len(shownControls(s)); got != 93 || s.empty.Visible() {
		t.Errorf("cleared filters: %d shown, empty state visible %v", got, s.empty.Visible())
	}
}

func TestControlsLinkedRisks(t *testing.T) {
	s, db, a := newControlsTest(t)
	risks, err := db.Risks(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, r := range risks {
		if slices.Contains(r.Controls, "A.5.30") {
			want = append(want, r.Ref)
		}
	}
	if len(want) < 2 {
		t.Fatalf("starter kit links A.5.30 to %d risks; the test needs several", len(want))
	}

	selectControl(t, s, "A.5.30")
	var got []string
	for _, r := range s.detail.risks {
		got = append(got, r.Ref)
	}
	if !slices.Equal(got, want) {
		t.Errorf("linked risks %v, want %v", got, want)
	}
	if s.detail.linked.Length() != len(want) || !strings.Contains(s.detail.linkedTitle.Text, "(") {
		t.Errorf("linked list has %d rows, title %q; want %d", s.detail.linked.Length(), s.detail.linkedTitle.Text, len(want))
	}
	row := s.list.CreateItem()
	for i, r := range s.rows {
		if r.theme == nil && r.control.ID == "A.5.30" {
			s.updateRow(i, row)
		}
	}
	if got := test.RenderObjectToMarkup(row); !strings.Contains(got, linkedRiskCount(len(want))) {
		t.Errorf("row does not show %d linked risks:\n%s", len(want), got)
	}

	s.detail.linked.Select(0)
	if a.sections[a.current].name != "Risks" {
		t.Errorf("tapping a linked risk shows %s, want Risks", a.sections[a.current].name)
	}
}

func TestControlsRefusedEntry(t *testing.T) {
	s, db, _ := newControlsTest(t)
	selectControl(t, s, "A.7.6") // not applicable in the starter kit
	before := storedEntry(t, db, "A.7.6")
	if before.Applicable != risk.NotApplicable || !s.detail.implementation.Disabled() {
		t.Fatalf("A.7.6 is %q, implementation disabled %v", before.Applicable, s.detail.implementation.Disabled())
	}
	// The select is disabled for excluded controls; force it to check that
	// the refusal reaches the person, changes nothing stored and keeps the
	// edit on screen until it is fixed.
	s.detail.implementation.Enable()
	s.detail.implementation.SetSelected("Implemented")

	if got := storedEntry(t, db, "A.7.6"); got != before {
		t.Errorf("stored %+v, want unchanged %+v", got, before)
	}
	msg := s.detail.messages.label("implementation")
	if !msg.Visible() || !strings.Contains(msg.Text, "cannot have an implementation status") {
		t.Errorf("implementation message %q (visible %v)", msg.Text, msg.Visible())
	}
	if !s.detail.banner.Visible() || !strings.Contains(s.detail.banner.Text, "Not saved yet") {
		t.Errorf("banner %q (visible %v), want the refusal", s.detail.banner.Text, s.detail.banner.Visible())
	}
	if s.detail.implementation.Selected != "Implemented" {
		t.Errorf("select shows %q; want the edit kept", s.detail.implementation.Selected)
	}

	s.detail.applicability.SetSelected("Applicable") // the fix saves the kept edit with it
	if got := storedEntry(t, db, "A.7.6"); got.Applicable != risk.Applicable || got.Implementation != risk.Implemented {
		t.Errorf("stored %q/%q after the fix, want applicable/implemented", got.Applicable, got.Implementation)
	}
	if s.detail.banner.Visible() || msg.Visible() {
		t.Errorf("banner %q and message %q still shown after the fix", s.detail.banner.Text, msg.Text)
	}
}
