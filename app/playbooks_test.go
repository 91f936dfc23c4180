package app

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"riskbook/bcp"
	"riskbook/i18n"
	"riskbook/risk"
	"riskbook/workspace"
)

// playbooksOf opens the Playbooks section and returns its screen.
func playbooksOf(t *testing.T, a *App) *playbooksScreen {
	t.Helper()
	a.selectSection("Playbooks")
	for _, s := range a.sections {
		if p, ok := s.scr.(*playbooksScreen); ok {
			return p
		}
	}
	t.Fatal("no Playbooks section")
	return nil
}

func storedPlaybook(t *testing.T, db *workspace.Workspace, ref string) bcp.Playbook {
	t.Helper()
	pbs, err := db.Playbooks(context.Background())
	if err != nil {
		t.Fatalf("read playbooks: %v", err)
	}
	for _, p := range pbs {
		if p.Ref == ref {
			return p
		}
	}
	t.Fatalf("no stored playbook %s", ref)
	return bcp.Playbook{}
}

// templateNamed returns the name of the dialog's template with the title.
func templateNamed(t *testing.T, s *playbooksScreen, title string) string {
	t.Helper()
	for _, tp := range s.templates {
		if tp.title == title {
			return tp.name
		}
	}
	t.Fatalf("the dialog offers no template %q", title)
	return ""
}

func TestPlaybookTemplatesOffered(t *testing.T) {
	tps := playbookTemplates("en")
	if len(tps) != 9 || tps[len(tps)-1].name != "" || tps[len(tps)-1].title != "Blank playbook" {
		t.Fatalf("templates: got %d, want 8 and Blank playbook last: %+v", len(tps), tps)
	}
	if tps[0].title != "DDoS attack on the name servers" {
		t.Errorf("first template: got %q, want the DDoS one (PB-01)", tps[0].title)
	}
	for _, tp := range tps {
		if tp.title == "" || tp.why == "" {
			t.Errorf("template %q: title %q, scenario %q", tp.name, tp.title, tp.why)
		}
	}
}

// TestPlaybookFromTemplateRolesAndSteps creates a playbook from a template
// as the dialog's Create button does, assigns a role's people through the
// editor, sees the same-person alternate reported, adds a step, and deletes
// the playbook.
func TestPlaybookFromTemplateRolesAndSteps(t *testing.T) {
	db := newTestWorkspace(t, "cctld")
	a := newTestApp(t, db)
	s := playbooksOf(t, a)
	today := risk.Date{Year: 2030, Month: 5, Day: 17}
	onDay(db, today) // the store judges dates against the same day as the screen
	s.today = func() risk.Date { return today }

	starter := len(s.shown) // the starter kit's own playbooks
	s.createFromTemplate(templateNamed(t, s, "DDoS attack on the name servers"))
	e := s.editor
	ref := e.draft.Ref
	if ref != fmt.Sprintf("PB-%02d", starter+1) || !e.view().Visible() {
		t.Fatalf("editor after create: %q, visible %v", e.draft.Ref, e.view().Visible())
	}
	if got := storedPlaybook(t, db, ref); got.Title != "DDoS attack on the name servers" || got.StepCount() == 0 {
		t.Fatalf("stored playbook: %q with %d steps", got.Title, got.StepCount())
	}
	if len(s.shown) != starter+1 {
		t.Errorf("list rows: got %d, want %d", len(s.shown), starter+1)
	}

	role := e.roles[0]
	test.Type(role.primary.name, "Ana Silva")
	test.Type(role.alternate.name, "Ana Silva")
	alt := e.messages.label("roles[0].alternate")
	if !alt.Visible() || !strings.Contains(alt.Text, "primary again") {
		t.Errorf("alternate finding: visible %v, %q", alt.Visible(), alt.Text)
	}
	e.flush() // an error, not a blocking one: it is saved and the list marks it
	if s.data.errors[ref] == 0 {
		t.Error("the list marks no error for a role whose alternate is its primary")
	}
	role.alternate.name.SetText("")
	test.Type(role.alternate.name, "Bruno Costa")
	e.flush()
	// Bruno is not in the contacts: the pack would print no number for him.
	if !alt.Visible() || strings.Contains(alt.Text, "primary again") || !strings.Contains(alt.Text, "not in the contacts") {
		t.Errorf("alternate finding: visible %v, %q; want only that Bruno is not in the contacts", alt.Visible(), alt.Text)
	}
	got := storedPlaybook(t, db, ref).Roles[0]
	if got.Primary != "Ana Silva" || got.Alternate != "Bruno Costa" {
		t.Errorf("stored role: primary %q, alternate %q", got.Primary, got.Alternate)
	}

	before := len(storedPlaybook(t, db, ref).Phases[0].Steps)
	e.addStep(bcp.PhaseDetect)
	last := e.steps[before] // the new step, the last of the first phase
	last.what.SetText("Call the anycast provider's NOC")
	last.when.entry.SetText("45 min")
	e.flush()
	steps := storedPlaybook(t, db, ref).Phases[0].Steps
	if len(steps) != before+1 {
		t.Fatalf("stored steps of Detect: got %d, want %d", len(steps), before+1)
	}
	if st := steps[before]; st.What != "Call the anycast provider's NOC" || st.When.String() != "45 min" || st.Who == "" {
		t.Errorf("stored new step: %+v", st)
	}
	e.moveStep(0, before, -1)
	e.flush()
	if st := storedPlaybook(t, db, ref).Phases[0].Steps[before-1]; st.What != "Call the anycast provider's NOC" {
		t.Errorf("step moved up: step %d is %q", before, st.What)
	}

	test.Tap(e.exercisedToday)
	if got := storedPlaybook(t, db, ref).LastExercised; got != today {
		t.Errorf("stored last exercise: got %s, want %s", got, today)
	}
	// The list writes the day as every other list of the app does.
	pb := storedPlaybook(t, db, ref)
	if got, want := playbookSummary(&pb, dateFormatFor(i18n.Spanish)), dateFormatFor(i18n.Spanish).show(today); !strings.Contains(got, want) || strings.Contains(got, today.String()) {
		t.Errorf("row summary with Spanish dates: %q, want %s in it", got, want)
	}

	s.confirmDelete(e.draft.ID, ref)
	if pbs, _ := db.Playbooks(context.Background()); len(pbs) != starter {
		t.Errorf("playbooks after delete: %d, want the starter's %d", len(pbs), starter)
	}
	if e.view().Visible() || len(s.shown) != starter {
		t.Errorf("after delete: editor visible %v, %d rows", e.view().Visible(), len(s.shown))
	}
}

// TestRenamingARoleFollowsItsSteps: steps and declarers keep pointing at a
// role that is renamed, so the playbook stays valid and is saved.
func TestRenamingARoleFollowsItsSteps(t *testing.T) {
	db := newTestWorkspace(t, "cctld")
	a := newTestApp(t, db)
	s := playbooksOf(t, a)
	s.createFromTemplate(templateNamed(t, s, "DDoS attack on the name servers"))
	e := s.editor
	old := e.draft.Roles[1].Name
	e.roles[1].name.SetText("Tech lead")
	e.flush()
	p := storedPlaybook(t, db, e.draft.Ref)
	if p.Roles[1].Name != "Tech lead" {
		t.Fatalf("stored role name: %q (banner %q)", p.Roles[1].Name, e.banner.Text)
	}
	for _, ph := range p.Phases {
		for _, st := range ph.Steps {
			if strings.EqualFold(st.Who, old) {
				t.Errorf("step %q still for %s", st.What, old)
			}
		}
	}
	if p.Role("Tech lead") == nil || len(p.MayDeclare) == 0 {
		t.Errorf("may declare: %v", p.MayDeclare)
	}
}

func TestBlankPlaybook(t *testing.T) {
	db := newTestWorkspace(t, "blank")
	a := newTestApp(t, db)
	s := playbooksOf(t, a)
	if !s.empty.Visible() {
		t.Error("no empty-state text without playbooks")
	}
	s.createFromTemplate("")
	e := s.editor
	e.title.SetText("Flood at the office")
	e.addStep(bcp.PhaseRecover)
	e.flush()
	p := storedPlaybook(t, db, e.draft.Ref)
	if p.Title != "Flood at the office" || len(p.Roles) != 3 || p.StepCount() != 1 || p.Phases[0].Phase != bcp.PhaseRecover {
		t.Errorf("stored blank playbook: %q, %d roles, %d steps, phases %+v", p.Title, len(p.Roles), p.StepCount(), p.Phases)
	}
	if e.banner.Visible() {
		t.Errorf("banner: %q", e.banner.Text)
	}
}

// TestRoleHolderNumberInPlace: at a role, the person picks a contact or
// types a name, and types the phone number beside it; the number goes on
// the contact, which is created for a holder the contacts do not know,
// and the finding that the role cannot be called goes away.
func TestRoleHolderNumberInPlace(t *testing.T) {
	db := newTestWorkspace(t, "cctld")
	ctx := context.Background()
	a := newTestApp(t, db)
	s := playbooksOf(t, a)
	pbs, err := db.Playbooks(ctx)
	if err != nil {
		t.Fatal(err)
	}
	s.open(pbs[0].ID)
	e := s.editor
	lead := e.roles[0].primary // Incident lead, held by the registry manager's contact

	// A holder the contacts do not know is a finding until a number is typed.
	lead.name.SetText("")
	test.Type(lead.name, "Dora Mendes")
	msg := e.messages.label("roles[0].primary")
	if !msg.Visible() || !strings.Contains(msg.Text, "not in the contacts") || !strings.Contains(lead.hint.Text, "type the phone number to add") {
		t.Fatalf("unknown holder: finding %q, hint %q", msg.Text, lead.hint.Text)
	}
	test.Type(lead.phone, "call me")
	lead.phone.FocusLost()
	if !strings.Contains(lead.hint.Text, "is not a phone number") {
		t.Errorf("a bad number: hint %q", lead.hint.Text)
	}
	lead.phone.SetText("")
	test.Type(lead.phone, "+351 913 000 004")
	lead.phone.FocusLost()
	cs, err := db.Contacts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	dora := bcp.FindContact(cs, "Dora Mendes")
	if dora == nil || dora.Number() != "+351 913 000 004" || !dora.Channels[0].OutOfBand {
		t.Fatalf("stored contact: %+v", dora)
	}
	if msg.Visible() {
		t.Errorf("finding still shown once Dora has a number: %q", msg.Text)
	}
	if !strings.Contains(lead.hint.Text, dora.Ref+" in the contacts") {
		t.Errorf("hint after adding: %q", lead.hint.Text)
	}
	if got := storedPlaybook(t, db, pbs[0].Ref).Roles[0].Primary; got != "Dora Mendes" {
		t.Errorf("stored holder: %q", got)
	}

	// A contact's number is typed over the starter kit's blank.
	alt := e.roles[0].alternate
	c := bcp.FindContact(cs, alt.name.Text)
	if c == nil || alt.phone.Text != "" || !strings.Contains(alt.hint.Text, "number still to fill in") {
		t.Fatalf("the technical lead's contact: %+v, phone %q, hint %q", c, alt.phone.Text, alt.hint.Text)
	}
	test.Type(alt.phone, "+351 913 000 005")
	alt.phone.OnSubmitted(alt.phone.Text)
	cs, _ = db.Contacts(ctx)
	if got := bcp.FindContact(cs, c.Ref); got.Number() != "+351 913 000 005" || len(got.Channels) != len(c.Channels) {
		t.Errorf("stored number: %q over %d channels, want it in place of the blank", got.Number(), len(got.Channels))
	}
	// Every role the contact holds shows the number.
	for i, f := range e.roles {
		if f.primary.name.Text == c.Name && f.primary.phone.Text != "+351 913 000 005" {
			t.Errorf("role %d shows %q for %s", i, f.primary.phone.Text, c.Name)
		}
	}
}
