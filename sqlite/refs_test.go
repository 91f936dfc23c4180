package sqlite

import (
	"context"
	"strings"
	"testing"
	"time"

	"riskbook/bcp"
	"riskbook/risk"
)

// TestRenamesFollowRecordReferences: renaming a playbook, an activity, a
// resource or a risk carries the new reference into the exercises and
// contacts that name it, each logged as an update.
func TestRenamesFollowRecordReferences(t *testing.T) {
	ctx := context.Background()
	db, _ := newWorkspace(t, TemplateBlank)
	newClock(db)
	f := addBIA(t, db)
	addExercisePlaybooks(t, db, f)
	ex := createExercise(t, db, fullExercise(f))
	c := createContact(t, db, fullContact(f))
	n := len(changeRows(t, db))

	pbs, err := db.Playbooks(ctx)
	if err != nil {
		t.Fatal(err)
	}
	pbs[0].Ref = "PB-10"
	if err := db.UpdatePlaybook(ctx, &pbs[0]); err != nil {
		t.Fatal(err)
	}
	dns := activityByRef(t, db, f.dns.Ref)
	dns.Ref = "ACT-20"
	if err := db.UpdateActivity(ctx, &dns); err != nil {
		t.Fatal(err)
	}
	person := resourceByRef(t, db, f.person.Ref)
	person.Ref = "RES-30"
	if err := db.UpdateResource(ctx, &person); err != nil {
		t.Fatal(err)
	}
	r, err := db.RiskByRef(ctx, f.risk.Ref)
	if err != nil {
		t.Fatal(err)
	}
	r.Ref = "R-100"
	if err := db.UpdateRisk(ctx, &r); err != nil {
		t.Fatal(err)
	}
	got := storedExercise(t, db, ex.ID)
	if got.Playbooks[1] != "PB-10" && got.Playbooks[0] != "PB-10" || got.Results[0].Activity != "ACT-20" || got.Findings[1].Risk != "R-100" {
		t.Errorf("exercise after renames: playbooks %v, result %s, finding risk %s", got.Playbooks, got.Results[0].Activity, got.Findings[1].Risk)
	}
	if gc := storedContact(t, db, c.ID); gc.Resources[0] != "RES-30" {
		t.Errorf("contact after the rename: %v", gc.Resources)
	}
	var exUpdates, contactUpdates int
	for _, row := range changeRows(t, db)[n:] {
		switch {
		case row.Entity == "exercise" && row.Action == ActionUpdate:
			exUpdates++
		case row.Entity == "contact" && row.Action == ActionUpdate:
			contactUpdates++
		}
	}
	if exUpdates != 3 || contactUpdates != 1 {
		t.Errorf("logged %d exercise and %d contact updates, want 3 and 1", exUpdates, contactUpdates)
	}
	assertLogMatchesState(t, db)
	assertVerifies(t, db)
}

// TestSavesRefuseNewImpossibleDatesAndDanglingReferences: a save may not
// bring in a date that cannot be or a reference to nothing, but a record
// that already has one (here, left by a deletion) can still be edited.
func TestSavesRefuseNewImpossibleDatesAndDanglingReferences(t *testing.T) {
	ctx := context.Background()
	db, _ := newWorkspace(t, TemplateBlank)
	newClock(db) // 2026-03-01
	f := addBIA(t, db)
	addExercisePlaybooks(t, db, f)
	ex := createExercise(t, db, fullExercise(f))

	future := ex
	future.ReportDate = risk.Date{Year: 2026, Month: time.May, Day: 1}
	wantErr(t, db.UpdateExercise(ctx, &future), risk.EINVALID, "EX-01", "report is dated 2026-05-01, which has not come yet")
	missing := storedExercise(t, db, ex.ID)
	missing.Playbooks = append(missing.Playbooks, "PB-99")
	wantErr(t, db.UpdateExercise(ctx, &missing), risk.EINVALID, "playbook PB-99 does not exist")
	noRisk := storedExercise(t, db, ex.ID)
	noRisk.Findings[0].Risk = "R-999"
	wantErr(t, db.UpdateExercise(ctx, &noRisk), risk.EINVALID, "R-999")
	c := fullContact(f)
	c.Resources = []string{"RES-404"}
	wantErr(t, db.CreateContact(ctx, &c), risk.EINVALID, "resource RES-404")

	rk, err := db.RiskByRef(ctx, f.risk.Ref)
	if err != nil {
		t.Fatal(err)
	}
	rk.LastReview = risk.Date{Year: 2026, Month: time.June, Day: 1}
	wantErr(t, db.UpdateRisk(ctx, &rk), risk.EINVALID, "has not come yet")

	// Deleting the playbook leaves the exercise naming it; the exercise
	// can still be edited, and check reports the reference.
	pbs, err := db.Playbooks(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.DeletePlaybook(ctx, pbs[0].ID); err != nil {
		t.Fatal(err)
	}
	kept := storedExercise(t, db, ex.ID)
	kept.Title = "Tabletop: the signer fails"
	if err := db.UpdateExercise(ctx, &kept); err != nil {
		t.Fatalf("editing an exercise that names a deleted playbook: %v", err)
	}
	w := &bcp.Workspace{}
	if w.Playbooks, err = db.Playbooks(ctx); err != nil {
		t.Fatal(err)
	}
	if w.Exercises, err = db.Exercises(ctx); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, fd := range w.Check(time.Date(2026, time.March, 1, 12, 0, 0, 0, time.UTC)) {
		found = found || fd.Rule == "exercise-playbook-unknown" && fd.Ref == "EX-01"
	}
	if !found {
		t.Error("check does not report the exercise naming the deleted playbook")
	}
}

// TestHistory: a record's history lists each change with who, when and
// the fields changed, and follows the record through a rename.
func TestHistory(t *testing.T) {
	ctx := context.Background()
	db, _ := newWorkspace(t, TemplateBlank)
	if err := db.SetSetting(ctx, SettingUserName, "Ana Lima"); err != nil {
		t.Fatal(err)
	}
	clk := newClock(db)
	r := createRisk(t, db, validRisk())
	clk.advance(time.Hour)
	r.Title = "Registry database lost or corrupted"
	r.Ref = "R-050"
	if err := db.UpdateRisk(ctx, &r); err != nil {
		t.Fatal(err)
	}
	when := clk.advance(time.Hour)
	r.Owner = "Bo"
	if err := db.UpdateRisk(ctx, &r); err != nil {
		t.Fatal(err)
	}
	h, err := db.History(ctx, "risk", "R-050")
	if err != nil {
		t.Fatal(err)
	}
	who := "Ana Lima"
	if onServer() {
		who = db.Login() // a server names the login
	}
	if len(h) != 3 || h[0].Action != ActionCreate || h[1].Key != "R-050" || h[2].Actor != who || !h[2].At.Equal(when) {
		t.Fatalf("history: %+v", h)
	}
	if got := h[2].Fields; len(got) != 1 || got[0] != (risk.FieldChange{Field: "owner", Before: validRisk().Owner, After: "Bo"}) {
		t.Errorf("last change: %+v", got)
	}
	var fields []string
	for _, f := range h[1].Fields {
		fields = append(fields, f.Field)
	}
	if strings.Join(fields, ",") != "ref,title" {
		t.Errorf("rename changed %v, want ref and title", fields)
	}
	// A deleted risk's reference is never reused, so its history ends with
	// the deletion.
	if err := db.DeleteRisk(ctx, r.ID); err != nil {
		t.Fatal(err)
	}
	if h, err = db.History(ctx, "risk", "R-050"); err != nil || len(h) != 4 || h[3].Action != ActionDelete {
		t.Errorf("history after deletion: %+v, %v", h, err)
	}
}
