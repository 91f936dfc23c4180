package app

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"riskbook/bcp"
	"riskbook/sqlite"
)

// TestActivatePlaybook activates a playbook made from a template, ticks two
// steps, notes one, unticks and ticks again, adds to the decision log and
// closes the incident, checking what is stored at each stage.
func TestActivatePlaybook(t *testing.T) {
	ctx := context.Background()
	db := newTestWorkspace(t, "cctld")
	if err := db.SetSetting(ctx, sqlite.SettingUserName, "Bruno Costa"); err != nil {
		t.Fatal(err)
	}
	a := newTestApp(t, db)
	s := playbooksOf(t, a)
	s.createFromTemplate(templateNamed(t, s, "DDoS attack on the name servers"))
	e := s.editor
	test.Type(e.roles[0].primary.name, "Ana Silva")
	e.flush()
	p := storedPlaybook(t, db, e.draft.Ref)
	if got := bcp.Declarers(&p); len(got) < 2 || got[1] != "Ana Silva" {
		t.Fatalf("declarers offered: %q", got)
	}
	if !e.activations.activate.Visible() || e.activations.box.Visible() {
		t.Errorf("before activation: button visible %v, activations listed %v", e.activations.activate.Visible(), e.activations.box.Visible())
	}

	clock := time.Date(2026, time.November, 21, 14, 2, 0, 0, time.UTC)
	s.clock = func() time.Time { return clock }
	s.activate(&p, "Resolution fails from two monitoring points", "Ana Silva")
	v := s.activationView
	if !v.view().Visible() || e.view().Visible() {
		t.Fatalf("after activating: activation view visible %v, editor visible %v", v.view().Visible(), e.view().Visible())
	}
	if v.draft.Ref != "ACV-01" || len(v.checks) != p.StepCount() || !strings.Contains(v.status.Text, "Open") {
		t.Fatalf("activation view: %s, %d checks for %d steps, status %q", v.draft.Ref, len(v.checks), p.StepCount(), v.status.Text)
	}

	clock = clock.Add(10 * time.Minute)
	v.checks[0].SetChecked(true)
	clock = clock.Add(5 * time.Minute)
	v.checks[1].SetChecked(true)
	test.Type(v.notes[1], "NOC ticket 4711")
	v.flush()
	v.untick(0) // as the confirmation's Yes does
	clock = clock.Add(time.Minute)
	v.checks[0].SetChecked(true)
	v.logEntry.SetText("Decided to ask the anycast provider for scrubbing.")
	v.addLog(v.logEntry.Text)
	if v.logEntry.Text != "" || !strings.Contains(v.stamps[0].Text, "Bruno Costa") {
		t.Errorf("after logging: entry %q, stamp %q", v.logEntry.Text, v.stamps[0].Text)
	}
	clock = clock.Add(3 * time.Hour)
	v.closeIncident()

	acts, err := db.Activations(ctx)
	if err != nil || len(acts) != 1 {
		t.Fatalf("stored activations: %v, %d", err, len(acts))
	}
	got := acts[0]
	declared := time.Date(2026, time.November, 21, 14, 2, 0, 0, time.UTC)
	if got.Playbook != p.Ref || got.DeclaredBy != "Ana Silva" || !got.DeclaredAt.Equal(declared) || got.Trigger == "" {
		t.Errorf("stored declaration: %+v", got)
	}
	if s0 := got.Steps[0]; !s0.Done.Equal(declared.Add(16*time.Minute)) || s0.By != "Bruno Costa" {
		t.Errorf("stored step 1: %+v", s0)
	}
	if s1 := got.Steps[1]; !s1.Done.Equal(declared.Add(15*time.Minute)) || s1.Note != "NOC ticket 4711" {
		t.Errorf("stored step 2: %+v", s1)
	}
	if got.DoneCount() != 2 {
		t.Errorf("stored done steps: %d, want 2", got.DoneCount())
	}
	if len(got.Log) != 1 || got.Log[0].By != "Bruno Costa" || !strings.Contains(got.Log[0].Text, "scrubbing") || !got.Log[0].At.Equal(declared.Add(16*time.Minute)) {
		t.Errorf("stored log: %+v", got.Log)
	}
	if !got.ClosedAt.Equal(declared.Add(3*time.Hour + 16*time.Minute)) {
		t.Errorf("stored closing time: %v", got.ClosedAt)
	}
	if !strings.Contains(v.status.Text, "Closed") || v.closeBtn.Text != "Reopen" {
		t.Errorf("after closing: status %q, button %q", v.status.Text, v.closeBtn.Text)
	}

	// Back in the editor, the activation is listed.
	v.onClose()
	if !e.view().Visible() || v.view().Visible() || !e.activations.box.Visible() {
		t.Fatalf("back: editor visible %v, activation visible %v, list visible %v", e.view().Visible(), v.view().Visible(), e.activations.box.Visible())
	}
	if line := activationLine(&s.data.activations[0], dateFormat{}); !strings.Contains(line, "ACV-01") || !strings.Contains(line, "closed") || !strings.Contains(line, "2/") {
		t.Errorf("activation line: %q", line)
	}
	// A reload with the activation open keeps it open.
	s.openActivation(got.ID)
	s.reload()
	if !v.view().Visible() || v.draft.ID != got.ID {
		t.Errorf("after reload: activation visible %v", v.view().Visible())
	}
}

// TestActivateRefusedDeclarer: the store refuses a declarer the playbook
// does not allow, and nothing opens.
func TestActivateRefusedDeclarer(t *testing.T) {
	db := newTestWorkspace(t, "cctld")
	a := newTestApp(t, db)
	s := playbooksOf(t, a)
	s.createFromTemplate(templateNamed(t, s, "DDoS attack on the name servers"))
	p := storedPlaybook(t, db, s.editor.draft.Ref)
	s.activate(&p, "Something", "Communications")
	if s.activationView.view().Visible() {
		t.Error("an activation by a role that may not declare was opened")
	}
	if acts, _ := db.Activations(context.Background()); len(acts) != 0 {
		t.Errorf("stored: %d", len(acts))
	}
}
