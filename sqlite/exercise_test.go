package sqlite

import (
	"context"
	"strings"
	"testing"
	"time"

	"riskbook/bcp"
	"riskbook/risk"
)

// fullExercise has every field set, with padded text, blank list entries,
// unsorted playbook references and durations that are not whole minutes.
func fullExercise(f *biaFixture) bcp.Exercise {
	return bcp.Exercise{
		Title:     " Tabletop: DNSSEC signing failure ",
		Type:      bcp.Tabletop,
		Date:      risk.Date{Year: 2026, Month: time.February, Day: 12},
		Playbooks: []string{"PB-02", " PB-01", "PB-02"},
		Scenario:  unicodeText,
		Injects: []bcp.Inject{{At: bcp.Duration(10*time.Minute + 20*time.Second), Text: " The HSM does not answer. "},
			{At: bcp.Hours(1), Text: "A resolver operator reports validation failures."}},
		Participants: []string{" Nguyễn Văn Ánh ", "", "Trần Bảo"},
		Objectives:   []string{"Declare within 30 minutes", " "},
		Results: []bcp.Result{{Activity: " " + f.dns.Ref, AchievedRTO: bcp.Hours(3), AchievedRPO: bcp.Duration(5 * time.Minute),
			Note: " Re-signed on the DR HSM. "}},
		Findings: []bcp.Finding{{Text: "Nobody knew where the HSM's PIN envelope is kept.", Severity: " High "},
			{Text: "The runbook's step 3 is out of date.", Severity: "low", Risk: f.risk.Ref}},
		Actions: []bcp.ImprovementAction{{Title: " Record the PIN envelope's place ", Owner: "Trần Bảo",
			Due: risk.Date{Year: 2026, Month: time.April, Day: 1}, Status: risk.InProgress}},
		ReportDate: risk.Date{Year: 2026, Month: time.March, Day: 1},
	}
}

// addExercisePlaybooks stores PB-01 and PB-02, the playbooks fullExercise
// plays.
func addExercisePlaybooks(t testing.TB, db *DB, f *biaFixture) {
	t.Helper()
	for _, ref := range []string{"PB-01", "PB-02"} {
		p := fullPlaybook(f)
		p.Ref = ref
		createPlaybook(t, db, p)
	}
}

func createExercise(t testing.TB, db *DB, ex bcp.Exercise) bcp.Exercise {
	t.Helper()
	if err := db.CreateExercise(context.Background(), &ex); err != nil {
		t.Fatalf("CreateExercise %s: %v", ex.Title, err)
	}
	return ex
}

func storedExercise(t testing.TB, db *DB, id int64) bcp.Exercise {
	t.Helper()
	exs, err := db.Exercises(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, ex := range exs {
		if ex.ID == id {
			return ex
		}
	}
	t.Fatalf("no exercise %d", id)
	return bcp.Exercise{}
}

func TestExerciseRoundTrip(t *testing.T) {
	ctx := context.Background()
	db, _ := newWorkspace(t, TemplateBlank)
	clk := newClock(db)
	f := addBIA(t, db)
	addExercisePlaybooks(t, db, f)
	created := clk.advance(time.Minute)

	n := len(changeRows(t, db))
	ex := createExercise(t, db, fullExercise(f))
	assertNoZeroField(t, ex)
	if ex.Ref != "EX-01" || ex.Title != "Tabletop: DNSSEC signing failure" || !ex.Created.Equal(created) {
		t.Errorf("got ref %q, title %q, created %v", ex.Ref, ex.Title, ex.Created)
	}
	if strings.Join(ex.Playbooks, ",") != "PB-01,PB-02" || strings.Join(ex.Participants, ",") != "Nguyễn Văn Ánh,Trần Bảo" ||
		len(ex.Objectives) != 1 || ex.Findings[0].Severity != "high" || ex.Results[0].Activity != f.dns.Ref {
		t.Errorf("not normalised: %+v", ex)
	}
	if ex.Injects[0].At != bcp.Duration(10*time.Minute) {
		t.Errorf("inject time: got %s, want 10 min (stored to the minute)", ex.Injects[0].At)
	}
	assertSameJSON(t, "stored exercise", storedExercise(t, db, ex.ID), ex)
	assertLogged(t, db, n, "exercise EX-01 create")

	// Unchanged: nothing logged.
	same := storedExercise(t, db, ex.ID)
	same.Title = " " + same.Title + " "
	if err := db.UpdateExercise(ctx, &same); err != nil {
		t.Fatal(err)
	}
	assertLogged(t, db, n, "exercise EX-01 create")

	edited := clk.advance(time.Hour)
	ex.Ref, ex.Type = "EX-05", bcp.Failover
	if err := db.UpdateExercise(ctx, &ex); err != nil {
		t.Fatal(err)
	}
	if got := storedExercise(t, db, ex.ID); got.Type != bcp.Failover || !got.Updated.Equal(edited) || !got.Created.Equal(created) {
		t.Errorf("after update: %+v", got)
	}
	assertLogged(t, db, n, "exercise EX-01 create", "exercise EX-05 update")
	assertLogMatchesState(t, db)
	assertVerifies(t, db)
	assertRoundTrip(t, db)

	if err := db.DeleteExercise(ctx, ex.ID); err != nil {
		t.Fatal(err)
	}
	assertLogged(t, db, n, "exercise EX-01 create", "exercise EX-05 update", "exercise EX-05 delete")
	wantErr(t, db.DeleteExercise(ctx, ex.ID), risk.ENOTFOUND, "no longer exists")
	if again := createExercise(t, db, bcp.Exercise{Title: "Walkthrough", Type: bcp.Walkthrough, Date: ex.Date}); again.Ref != "EX-06" {
		t.Errorf("got reference %s, want EX-06: a deleted exercise's is not reused", again.Ref)
	}
	assertLogMatchesState(t, db)
	assertVerifies(t, db)
	assertRoundTrip(t, db)
}

func TestExerciseRefused(t *testing.T) {
	ctx := context.Background()
	db, _ := newWorkspace(t, TemplateBlank)
	f := addBIA(t, db)
	addExercisePlaybooks(t, db, f)
	stored := createExercise(t, db, fullExercise(f))
	other := fullExercise(f)
	other.Ref = "EX-02"
	createExercise(t, db, other)
	tests := []struct {
		name      string
		edit      func(*bcp.Exercise)
		code      string
		fragments []string
	}{
		{"NoTitle", func(ex *bcp.Exercise) { ex.Title = " " }, risk.EINVALID, []string{"no title"}},
		{"NoType", func(ex *bcp.Exercise) { ex.Type = "" }, risk.EINVALID, []string{"no type"}},
		{"UnknownType", func(ex *bcp.Exercise) { ex.Type = "drill" }, risk.EINVALID, []string{"drill"}},
		{"NoDate", func(ex *bcp.Exercise) { ex.Date = risk.Date{} }, risk.EINVALID, []string{"no date"}},
		{"NotACalendarDate", func(ex *bcp.Exercise) { ex.ReportDate = risk.Date{Year: 2026, Month: 2, Day: 30} }, risk.EINVALID,
			[]string{"report date", "not a calendar date"}},
		{"NegativeRTO", func(ex *bcp.Exercise) { ex.Results[0].AchievedRTO = -bcp.Hours(1) }, risk.EINVALID, []string{"achieved RTO", "negative"}},
		{"BadSeverity", func(ex *bcp.Exercise) { ex.Findings[0].Severity = "dire" }, risk.EINVALID, []string{"dire"}},
		{"BadActionStatus", func(ex *bcp.Exercise) { ex.Actions[0].Status = "later" }, risk.EINVALID, []string{"later"}},
		{"DuplicateRef", func(ex *bcp.Exercise) { ex.Ref = "ex-02" }, risk.ECONFLICT, []string{"already used", "EX-02"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, update := range []bool{false, true} {
				ex := storedExercise(t, db, stored.ID)
				if !update {
					ex.ID, ex.Ref = 0, ""
				}
				if tt.name == "DuplicateRef" {
					ex.Ref = "ex-02"
				}
				tt.edit(&ex)
				n, rows := len(changeRows(t, db)), count(t, db.read, "SELECT count(*) FROM exercises")
				err := db.CreateExercise(ctx, &ex)
				if update {
					err = db.UpdateExercise(ctx, &ex)
				}
				wantErr(t, err, tt.code, tt.fragments...)
				assertLogged(t, db, n)
				if got := count(t, db.read, "SELECT count(*) FROM exercises"); got != rows {
					t.Errorf("got %d exercises, want %d", got, rows)
				}
				assertSameJSON(t, "stored exercise", storedExercise(t, db, stored.ID), stored)
			}
		})
	}
	t.Run("Gone", func(t *testing.T) {
		ex := storedExercise(t, db, stored.ID)
		ex.ID = 999
		wantErr(t, db.UpdateExercise(ctx, &ex), risk.ENOTFOUND, "no longer exists")
	})
}

func TestRaiseRiskFromFinding(t *testing.T) {
	ctx := context.Background()
	db, _ := newWorkspace(t, TemplateBlank)
	newClock(db)
	f := addBIA(t, db)
	addExercisePlaybooks(t, db, f)
	ex := createExercise(t, db, fullExercise(f))
	n := len(changeRows(t, db))

	r, after, err := db.RaiseRiskFromFinding(ctx, ex.ID, 0)
	if err != nil {
		t.Fatal(err)
	}
	assertSameJSON(t, "the exercise returned", after, storedExercise(t, db, ex.ID))
	if r.ID == 0 || r.Ref == "" || r.Title != "Nobody knew where the HSM's PIN envelope is kept" ||
		r.Source != "Exercise EX-01 on 2026-02-12" || r.Status != risk.Open || r.Confidence != risk.ConfidenceB {
		t.Errorf("raised risk: %+v", r)
	}
	stored, err := db.Risk(ctx, r.ID)
	if err != nil || stored.Source != r.Source {
		t.Fatalf("stored risk: %+v, %v", stored, err)
	}
	if got := storedExercise(t, db, ex.ID).Findings[0].Risk; got != r.Ref {
		t.Errorf("finding's risk: got %q, want %q", got, r.Ref)
	}
	assertLogged(t, db, n, "risk "+r.Ref+" create", "exercise EX-01 update")

	n = len(changeRows(t, db))
	_, _, err = db.RaiseRiskFromFinding(ctx, ex.ID, 0)
	wantErr(t, err, risk.ECONFLICT, "already raised", r.Ref)
	_, _, err = db.RaiseRiskFromFinding(ctx, ex.ID, 1)
	wantErr(t, err, risk.ECONFLICT, "already raised", f.risk.Ref)
	_, _, err = db.RaiseRiskFromFinding(ctx, ex.ID, 5)
	wantErr(t, err, risk.ENOTFOUND, "no finding 6")
	_, _, err = db.RaiseRiskFromFinding(ctx, 999, 0)
	wantErr(t, err, risk.ENOTFOUND, "no longer exists")
	blank := storedExercise(t, db, ex.ID)
	blank.Findings = append(blank.Findings, bcp.Finding{Severity: "low"})
	if err := db.UpdateExercise(ctx, &blank); err != nil {
		t.Fatal(err)
	}
	n++
	_, _, err = db.RaiseRiskFromFinding(ctx, ex.ID, 2)
	wantErr(t, err, risk.EINVALID, "says nothing")
	assertLogged(t, db, n-1, "exercise EX-01 update")
	assertLogMatchesState(t, db)
	assertVerifies(t, db)
	assertRoundTrip(t, db)
}
