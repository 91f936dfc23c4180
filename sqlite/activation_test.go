package sqlite

import (
	"context"
	"strings"
	"testing"
	"time"

	"riskbook/bcp"
	"riskbook/risk"
)

// activate stores a new activation of p declared by declarer now.
func activate(t testing.TB, db *DB, p *bcp.Playbook, declarer string) bcp.Activation {
	t.Helper()
	a := bcp.NewActivation(p, "Signatures expire in 40 hours; the signer is down.", declarer, db.Now())
	if err := db.CreateActivation(context.Background(), &a); err != nil {
		t.Fatalf("CreateActivation: %v", err)
	}
	return a
}

func mustActivation(t testing.TB, db *DB, id int64) bcp.Activation {
	t.Helper()
	a, err := db.Activation(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func TestActivationRoundTrip(t *testing.T) {
	ctx := context.Background()
	db, _ := newWorkspace(t, TemplateBlank)
	clk := newClock(db)
	f := addBIA(t, db)
	p := createPlaybook(t, db, fullPlaybook(f))
	declared := clk.advance(time.Minute)

	n := len(changeRows(t, db))
	a := activate(t, db, &p, "Trần Bảo") // the alternate of a role that may declare
	if a.ID == 0 || a.Ref != "ACV-01" || a.Playbook != "PB-01" || !a.DeclaredAt.Equal(declared) || len(a.Steps) != p.StepCount() {
		t.Fatalf("created: %+v", a)
	}
	assertSameJSON(t, "stored activation", mustActivation(t, db, a.ID), a)
	assertLogged(t, db, n, "activation ACV-01 create")

	// Tick two steps, note one, add to the log, close.
	clk.advance(10 * time.Minute)
	a.Tick(0, "Đặng Thị Cúc", db.Now())
	a.Steps[0].Note = "Both resolvers report SERVFAIL."
	a.Tick(1, "Trần Bảo", clk.advance(5*time.Minute))
	a.AddLog("Trần Bảo", "Decided to re-sign on the DR HSM rather than wait for the vendor.", db.Now())
	if err := db.UpdateActivation(ctx, &a); err != nil {
		t.Fatalf("tick: %v", err)
	}
	closed := clk.advance(3 * time.Hour)
	a.ClosedAt = closed
	if err := db.UpdateActivation(ctx, &a); err != nil {
		t.Fatalf("close: %v", err)
	}
	got := mustActivation(t, db, a.ID)
	assertNoZeroField(t, got)
	assertSameJSON(t, "stored activation after the ticks", got, a)
	if got.DoneCount() != 2 || got.Steps[0].By != "Đặng Thị Cúc" || got.Steps[0].Note == "" || len(got.Log) != 1 || !got.ClosedAt.Equal(closed) || got.Open() {
		t.Errorf("stored: %+v", got)
	}
	assertLogged(t, db, n, "activation ACV-01 create", "activation ACV-01 update", "activation ACV-01 update")

	// Saving unchanged logs nothing.
	if err := db.UpdateActivation(ctx, &got); err != nil {
		t.Fatal(err)
	}
	assertLogged(t, db, n, "activation ACV-01 create", "activation ACV-01 update", "activation ACV-01 update")

	// A second one gets the next reference; both are listed.
	activate(t, db, &p, "incident lead")
	as, err := db.Activations(ctx)
	if err != nil || len(as) != 2 || as[1].Ref != "ACV-02" || as[1].DeclaredBy != "incident lead" {
		t.Fatalf("activations: %v %+v", err, as)
	}

	// Renaming the playbook carries to its activations, logged.
	p = mustPlaybook(t, db, p.ID)
	p.Ref = "PB-07"
	if err := db.UpdatePlaybook(ctx, &p); err != nil {
		t.Fatal(err)
	}
	if got := mustActivation(t, db, a.ID); got.Playbook != "PB-07" {
		t.Errorf("activation's playbook after rename: %s", got.Playbook)
	}
	assertVerifies(t, db)
	// Deleting the playbook keeps the record.
	if err := db.DeletePlaybook(ctx, p.ID); err != nil {
		t.Fatal(err)
	}
	if got := mustActivation(t, db, a.ID); got.Playbook != "PB-07" || len(got.Steps) != p.StepCount() {
		t.Errorf("activation after the playbook is deleted: %+v", got)
	}
	assertVerifies(t, db)
	raw := assertRoundTrip(t, db)
	if !strings.Contains(string(raw), `"activations": [`) || !strings.Contains(string(raw), "DR HSM") {
		t.Error("the dump does not carry the activations")
	}
}

func TestActivationRefused(t *testing.T) {
	ctx := context.Background()
	db, _ := newWorkspace(t, TemplateBlank)
	newClock(db)
	f := addBIA(t, db)
	p := createPlaybook(t, db, fullPlaybook(f))
	for _, tc := range []struct {
		name string
		edit func(a *bcp.Activation)
		want string
	}{
		{"NoTrigger", func(a *bcp.Activation) { a.Trigger = "" }, "triggered"},
		{"NoDeclarer", func(a *bcp.Activation) { a.DeclaredBy = " " }, "who declared"},
		{"NotAllowed", func(a *bcp.Activation) { a.DeclaredBy = "Lê Dũng" }, "may not declare"},
		{"NoPlaybook", func(a *bcp.Activation) { a.Playbook = "PB-99" }, "does not exist"},
		{"StepBefore", func(a *bcp.Activation) { a.Tick(0, "x", a.DeclaredAt.Add(-time.Hour)) }, "before the playbook was declared"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := bcp.NewActivation(&p, "Signer down", "Nguyễn Văn Ánh", db.Now())
			tc.edit(&a)
			err := db.CreateActivation(ctx, &a)
			if err == nil || !strings.Contains(risk.ErrorMessage(err), tc.want) {
				t.Errorf("got %v, want a refusal mentioning %q", err, tc.want)
			}
		})
	}
	a := activate(t, db, &p, "Nguyễn Văn Ánh")
	a.AddLog("Nguyễn Văn Ánh", "First decision", db.Now())
	if err := db.UpdateActivation(ctx, &a); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		edit func(a *bcp.Activation)
		want string
	}{
		{"LogRewritten", func(a *bcp.Activation) { a.Log[0].Text = "Another decision" }, "only added to"},
		{"LogRemoved", func(a *bcp.Activation) { a.Log = nil }, "only added to"},
		{"StepRewritten", func(a *bcp.Activation) { a.Steps[0].What = "Something else" }, "cannot be rewritten"},
		{"StepRemoved", func(a *bcp.Activation) { a.Steps = a.Steps[1:] }, "cannot be added or removed"},
		{"PlaybookChanged", func(a *bcp.Activation) { a.Playbook = "PB-02" }, "cannot change"},
		{"ClosedBefore", func(a *bcp.Activation) { a.ClosedAt = a.DeclaredAt.Add(-time.Minute) }, "before it was declared"},
		{"DeclarerNotAllowed", func(a *bcp.Activation) { a.DeclaredBy = "Lê Dũng" }, "may not declare"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := mustActivation(t, db, a.ID)
			tc.edit(&b)
			err := db.UpdateActivation(ctx, &b)
			if err == nil || !strings.Contains(risk.ErrorMessage(err), tc.want) {
				t.Errorf("got %v, want a refusal mentioning %q", err, tc.want)
			}
		})
	}
	assertSameJSON(t, "after refusals", mustActivation(t, db, a.ID), a)
}

// TestVerifyFindsActivationEditedOutsideRiskbook: an activation changed
// with the change log left alone is reported.
func TestVerifyFindsActivationEditedOutsideRiskbook(t *testing.T) {
	ctx := context.Background()
	db, path := newWorkspace(t, TemplateBlank)
	f := addBIA(t, db)
	p := createPlaybook(t, db, fullPlaybook(f))
	activate(t, db, &p, "Incident lead")
	assertVerifies(t, db)
	closeDB(t, db)
	raw := rawDB(t, path)
	rawExec(t, raw, "UPDATE activations SET trigger = 'Nothing happened'")
	raw.Close()
	v, err := openRO(t, path).Verify(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(v.Drift) != 1 || v.Drift[0].Entity != "activation" || v.Drift[0].Key != "ACV-01" || v.Drift[0].Action != ActionUpdate {
		t.Errorf("drift: %+v", v.Drift)
	}
}
