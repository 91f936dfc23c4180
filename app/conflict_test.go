package app

import (
	"context"
	"regexp"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"riskbook/i18n"
	"riskbook/risk"
)

// unnamed lists the fields of the record in the editor that the editor
// has no name for: the conflict choice would show them as field paths.
func (d *draftEditor[T]) unnamed(t *testing.T) (fields, names []string) {
	t.Helper()
	all, err := risk.DiffJSON("", recordJSON(d.draft))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range all {
		name := d.messages.fieldName(f.Field)
		names = append(names, name)
		if name == f.Field || strings.ContainsAny(name, "[_") {
			fields = append(fields, f.Field)
		}
	}
	return fields, names
}

// storedCode is a value as the store keeps it and no editor shows it in
// French: a code ("in-progress", "ict-system"), a day in ISO 8601, a
// duration in English ("4h", "1d 2h").
var storedCode = regexp.MustCompile(`^([a-z]+(-[a-z]+)*|\d{4}-\d{2}-\d{2}|(\d+[a-z]+ ?)+)$`)

// codesShown lists the fields of the record in the editor whose value the
// editor would write as stored: "field = value as shown".
func (d *draftEditor[T]) codesShown(t *testing.T) (codes, values []string) {
	t.Helper()
	all, err := risk.DiffJSON("", recordJSON(d.draft))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range all {
		v := d.messages.fieldValue(f.Field, f.After)
		values = append(values, f.Field+" = "+v)
		// A name may be the code ("mobile" in French): the editor names
		// it, so the value is as it shows it.
		if _, named := d.messages.shows[anyItem(f.Field)]; !named && (storedCode.MatchString(v) || v == "yes") {
			codes = append(codes, f.Field+" = "+v)
		}
	}
	return codes, values
}

// editorOf is the editor of screen scr, and the kind of record it edits;
// nil for a screen without an editor.
func editorOf(scr screen) (ed interface {
	unnamed(*testing.T) (fields, names []string)
	codesShown(*testing.T) (codes, values []string)
}, kind string) {
	switch scr := scr.(type) {
	case *activitiesScreen:
		return scr.editor, "activity"
	case *playbooksScreen:
		return scr.editor, "playbook"
	case *exercisesScreen:
		return scr.editor, "exercise"
	case *contactsScreen:
		return scr.editor, "contact"
	case *resourcesScreen:
		return scr.editor, "resource"
	}
	return nil, ""
}

// TestConflictShowsValues: the conflict choice and the history write each
// value as its editor shows it, in French here: a risk's status and
// treatment, an action's status and due day, a resource's kind, a
// contact's channels, durations, days — never as stored.
func TestConflictShowsValues(t *testing.T) {
	db := newTestWorkspace(t, "cctld")
	a := newTestApp(t, db)
	speak(t, a, i18n.French)
	for i, s := range a.sections {
		a.nav.Select(i)
		if _, ok := openFirst(s.scr); !ok {
			continue
		}
		if ed, kind := editorOf(s.scr); ed != nil {
			if codes, values := ed.codesShown(t); len(codes) > 0 {
				t.Errorf("%s: %s shown as stored (all: %s)", kind, strings.Join(codes, ", "), strings.Join(values, " | "))
			}
		}
	}
	a.selectSection("Risks")
	if r, ok := storedRiskWhere(t, a.risks, func(r *risk.Risk) bool { return len(r.Actions) > 1 }); ok {
		a.risks.openRisk(r.ID)
	}
	e := a.risks.editor
	e.draft.Status, e.draft.Actions[0].Status, e.draft.Actions[0].Due = risk.Treating, risk.InProgress, risk.Date{Year: 2031, Month: 3, Day: 1}
	if codes, values := e.codesShown(t); len(codes) > 0 {
		t.Errorf("risk: %s shown as stored (all: %s)", strings.Join(codes, ", "), strings.Join(values, " | "))
	}
	for field, want := range map[string]string{"status": fixedName("status", risk.Treating),
		"actions[0].status": fixedName("action", risk.InProgress), "actions[0].due": "01/03/2031"} {
		if got := e.messages.fieldValue(field, map[string]string{"status": "treating", "actions[0].status": "in-progress", "actions[0].due": "2031-03-01"}[field]); got != want {
			t.Errorf("%s shown as %q, want %q", field, got, want)
		}
	}

	// The choice and the history, of the risk edited meanwhile.
	theirs := e.draft
	theirs.Actions = slices.Clone(theirs.Actions)
	theirs.Status, theirs.Actions[0].Status, theirs.Actions[0].Due = risk.Monitoring, risk.Done, risk.Date{Year: 2031, Month: 4, Day: 15}
	c := newConflict(nil)
	c.show("R-001", &risk.Stale{By: "Ana"}, recordJSON(e.draft), recordJSON(theirs), e.messages, a.dates, func() {}, func() {})
	fields, _ := risk.DiffJSON(recordJSON(e.draft), recordJSON(theirs))
	history := historyText([]risk.HistoryEntry{{Action: "update", Key: "R-001", Fields: fields}}, e.messages, a.dates)
	for what, shown := range map[string]string{"the choice": strings.Join(texts(c.box), " | "), "the history": history} {
		for _, want := range []string{fixedName("status", risk.Treating), fixedName("status", risk.Monitoring), fixedName("action", risk.Done), "01/03/2031", "15/04/2031", "Statut"} {
			if !strings.Contains(shown, want) {
				t.Errorf("%s says %q, want %q in it", what, shown, want)
			}
		}
		for _, code := range []string{"treating", "monitoring", "in-progress", "done", "2031-", "status", "actions["} {
			if strings.Contains(shown, code) {
				t.Errorf("%s says %q, with %q as stored", what, shown, code)
			}
		}
	}
}

// TestConflictNamesFields: the conflict choice names every field of every
// kind of record by the label its editor shows it under, in the person's
// language, with the item's number for a field of a list item; never by
// the change log's field path.
func TestConflictNamesFields(t *testing.T) {
	for _, l := range []i18n.Lang{i18n.English, i18n.French} {
		t.Run(string(l), func(t *testing.T) {
			db := newTestWorkspace(t, "cctld")
			a := newTestApp(t, db)
			speak(t, a, l)
			check := func(kind string, fields, names []string) {
				t.Helper()
				if len(names) == 0 {
					t.Errorf("%s: no field to name", kind)
				}
				if len(fields) > 0 {
					t.Errorf("%s: no name for %s (names: %s)", kind, strings.Join(fields, ", "), strings.Join(names, " | "))
				}
			}
			for i, s := range a.sections {
				a.nav.Select(i)
				if _, ok := openFirst(s.scr); !ok {
					continue
				}
				ed, kind := editorOf(s.scr)
				if ed == nil {
					continue
				}
				f, n := ed.unnamed(t)
				check(kind, f, n)
			}
			a.selectSection("Risks")
			withActions, _ := storedRiskWhere(t, a.risks, func(r *risk.Risk) bool { return len(r.Actions) > 1 })
			if withActions.ID == 0 {
				t.Fatal("no risk of the starter workspace has two actions")
			}
			a.risks.openRisk(withActions.ID)
			f, n := a.risks.editor.unnamed(t)
			check("risk", f, n)
			due := a.risks.editor.messages.fieldName("actions[1].due")
			want := map[i18n.Lang]string{i18n.English: "Due (no. 2)", i18n.French: "Échéance (n° 2)"}[l]
			if due != want {
				t.Errorf("actions[1].due is named %q, want %q", due, want)
			}
		})
	}
}

// TestConflictStatusBar: while an edit waits for the person to choose
// between their version and another person's, the status bar says that
// edit is not saved, in the person's language, instead of every change
// being saved; it says so again once the choice is made, or the record
// left for another (the edit dropped).
func TestConflictStatusBar(t *testing.T) {
	ctx := context.Background()
	db := newTestWorkspace(t, "cctld")
	a := newTestApp(t, db)
	a.selectSection("Risks")
	first, second := a.risks.rows[0], a.risks.rows[1]
	playbooks := db.Playbooks
	status := func() string { return a.status.label.Text }
	saved := func(when string) {
		t.Helper()
		if got := status(); !strings.Contains(got, "every change is saved") || strings.Contains(got, "Not saved") {
			t.Errorf("%s: status bar %q, want every change saved", when, got)
		}
	}
	// Someone else changes the risk after the editor read it; the edit
	// typed into the editor is then refused and the choice shown.
	conflictOnRisk := func() *riskEditor {
		t.Helper()
		a.risks.openRisk(first.ID)
		theirs, err := db.Risk(ctx, first.ID)
		if err != nil {
			t.Fatal(err)
		}
		theirs.Description += " Checked by the registry manager."
		if err := db.UpdateRisk(ctx, &theirs); err != nil {
			t.Fatal(err)
		}
		e := a.risks.editor
		test.Type(e.title, " (mine)")
		e.flush()
		if !e.conflict.pending() {
			t.Fatalf("no choice shown: banner %q", e.banner.Text)
		}
		return e
	}
	saved("opened")

	e := conflictOnRisk()
	want := "Not saved: your edit of " + first.Ref + " waits until you keep your version or take theirs — w.riskbook · "
	if got := status(); !strings.HasPrefix(got, want) {
		t.Errorf("choice pending: status bar %q, want it to start with %q", got, want)
	}
	if got, want := a.waitingState("registry@db.example.org", "ana"), "Not saved: your edit of "+first.Ref+" waits until you keep your version or take theirs — registry@db.example.org, connected as ana"; got != want {
		t.Errorf("on a server: status bar %q, want %q", got, want)
	}
	a.status.say(a.current, "Exported")
	a.status.idle()
	if got := status(); !strings.HasPrefix(got, want) {
		t.Errorf("after a message: status bar %q, want %q", got, want)
	}
	// Changing the language would rebuild the editor and drop the edit
	// that waits: the person is asked to choose first, and nothing changes.
	a.chooseLanguage(i18n.French)
	if i18n.Default().Lang() != i18n.English || !e.conflict.pending() {
		t.Errorf("language changed to %s with a choice pending (still shown: %v)", i18n.Default().Lang(), e.conflict.pending())
	}
	if top := a.win.Canvas().Overlays().Top(); top == nil || !strings.Contains(strings.Join(texts(top), " "), "Keep your version of "+first.Ref+" or take theirs first") {
		t.Error("no dialog says to choose before changing the language")
	} else {
		top.Hide()
	}
	if got := status(); !strings.HasPrefix(got, want) {
		t.Errorf("after the refused language change: status bar %q, want %q", got, want)
	}
	test.Tap(findButton(t, e.conflict.box, "Keep my version"))
	saved("kept my version")

	e = conflictOnRisk()
	test.Tap(findButton(t, e.conflict.box, "Take their version"))
	saved("took their version")

	// Closing the editor keeps the edit waiting (opening the risk again
	// shows the choice again); opening another risk drops it.
	conflictOnRisk()
	a.risks.closeEditor()
	if got := status(); !strings.HasPrefix(got, want) {
		t.Errorf("editor closed, edit still waiting: status bar %q, want %q", got, want)
	}
	a.risks.openRisk(second.ID)
	saved("another risk opened")

	// Two records waiting, one of them a playbook, in French; the risk
	// is named by its reference as stored, not as edited.
	speak(t, a, i18n.French)
	conflictOnRisk()
	test.Type(a.risks.editor.ref, " bis")
	a.risks.editor.flush()
	a.selectSection("Playbooks")
	pbs, err := playbooks(ctx)
	if err != nil || len(pbs) < 2 {
		t.Fatalf("playbooks %d, %v", len(pbs), err)
	}
	scr := a.sections[a.current].scr.(*playbooksScreen)
	scr.open(pbs[0].ID)
	theirs := pbs[0]
	theirs.Title += " (revu)"
	if err := db.UpdatePlaybook(ctx, &theirs); err != nil {
		t.Fatal(err)
	}
	test.Type(scr.editor.title, " (moi)")
	scr.editor.flush()
	if !scr.editor.conflict.pending() {
		t.Fatalf("no choice shown in the playbook's editor: %q", scr.editor.banner.Text)
	}
	want = "Non enregistré\u00a0: vos modifications de " + first.Ref + ", " + pbs[0].Ref + " attendent que vous gardiez votre version ou adoptiez l'autre, pour chacune — w.riskbook · "
	if got := status(); !strings.HasPrefix(got, want) {
		t.Errorf("two choices pending: status bar %q, want %q", got, want)
	}
	scr.open(pbs[1].ID)
	want = "Non enregistré\u00a0: votre modification de " + first.Ref + " attend que"
	if got := status(); !strings.HasPrefix(got, want) {
		t.Errorf("one choice left: status bar %q, want %q", got, want)
	}
	a.selectSection("Risks")
	test.Tap(findButton(t, a.risks.editor.conflict.box, i18n.T("live.conflict.take")))
	if got := status(); !strings.Contains(got, "chaque modification est enregistrée") {
		t.Errorf("no choice left: status bar %q", got)
	}
}

// TestConflictShowsScores: the conflict choice and the history write a
// score's likelihood and consequence as the risk editor names the levels,
// by the workspace's criteria ("4 — Probable"), never as a bare number.
func TestConflictShowsScores(t *testing.T) {
	db := newTestWorkspace(t, "cctld")
	a := newTestApp(t, db)
	speak(t, a, i18n.French)
	a.selectSection("Risks")
	a.risks.openRisk(a.risks.rows[0].ID)
	e := a.risks.editor
	c := e.criteria
	e.draft.Inherent, e.draft.Residual = risk.Score{Likelihood: 4, Consequence: 5}, risk.Score{Likelihood: 2, Consequence: 3}
	theirs := e.draft
	theirs.Inherent, theirs.Residual = risk.Score{Likelihood: 3, Consequence: 4}, risk.Score{}
	ch := newConflict(nil)
	ch.show("R-001", &risk.Stale{By: "Ana"}, recordJSON(e.draft), recordJSON(theirs), e.messages, a.dates, func() {}, func() {})
	fields, _ := risk.DiffJSON(recordJSON(e.draft), recordJSON(theirs))
	history := historyText([]risk.HistoryEntry{{Action: "update", Key: "R-001", Fields: fields}}, e.messages, a.dates)
	choice := texts(ch.box)
	bare := regexp.MustCompile(`^\d+$`)
	for _, s := range choice {
		if bare.MatchString(s) {
			t.Errorf("the choice shows %q, a bare number (all: %q)", s, choice)
		}
	}
	want := []string{"4 — " + c.Likelihood[3].Label, "3 — " + c.Likelihood[2].Label, "5 — " + c.Consequence[4].Label,
		"4 — " + c.Consequence[3].Label, "2 — " + c.Likelihood[1].Label}
	for what, shown := range map[string]string{"the choice": strings.Join(choice, " | "), "the history": history} {
		for _, w := range want {
			if !strings.Contains(shown, w) {
				t.Errorf("%s says %q, want %q in it", what, shown, w)
			}
		}
	}
	// French puts a non-breaking space before the colon.
	if want := "Vraisemblance\u00a0: 4 — " + c.Likelihood[3].Label + " → 3 — " + c.Likelihood[2].Label; !strings.Contains(history, want) {
		t.Errorf("the history says %q, want %q in it", history, want)
	}
	if regexp.MustCompile(`(:|→)\s*\d+\s*(→|\n|$)`).MatchString(history) {
		t.Errorf("the history shows bare numbers: %q", history)
	}
}
