package sqlite

import (
	"context"
	"reflect"
	"testing"
	"time"

	"riskbook/risk"
)

// TestTallyRisks: counting the risks as TallyRisks reads them gives the
// figures of the whole register as the store reads it, on days when
// reviews and actions are due or overdue, with a risk closed and one
// unscored.
func TestTallyRisks(t *testing.T) {
	ctx := context.Background()
	db, _ := newWorkspace(t, TemplateCcTLD)
	rs, err := db.Risks(ctx)
	if err != nil || len(rs) < 3 {
		t.Fatalf("starter risks: %d, %v", len(rs), err)
	}
	rs[0].Status = risk.Closed
	rs[1].Residual = risk.Score{}
	rs[2].Actions = append(rs[2].Actions, risk.Action{Title: "Overdue soon", Owner: "Ana", Due: risk.DateOf(time.Now()).AddDays(10)},
		risk.Action{Title: "Done", Owner: "Ana", Due: risk.DateOf(time.Now()).AddDays(5), Status: risk.Done})
	for i := range 3 {
		if err := db.UpdateRisk(ctx, &rs[i]); err != nil {
			t.Fatal(err)
		}
	}
	reg, err := db.Register(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, days := range []int{0, 30, 400} {
		today := risk.DateOf(time.Now()).AddDays(days)
		want := risk.CountRegister(reg, today)
		s, err := db.Snapshot(ctx)
		if err != nil {
			t.Fatal(err)
		}
		tally := risk.NewTally(&reg.Criteria, today)
		err = s.TallyRisks(ctx, tally)
		s.Close()
		if err != nil {
			t.Fatal(err)
		}
		if got := tally.Figures(); !reflect.DeepEqual(got, want) {
			t.Errorf("in %d days: got %+v, want %+v", days, got, want)
		}
		if days == 400 && (want.OverdueActions == 0 || want.OverdueReviews == 0 || want.Unscored == 0) {
			t.Errorf("in %d days: %+v counts nothing overdue or unscored: the test shows nothing", days, want)
		}
	}
}
