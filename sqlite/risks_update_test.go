package sqlite

import (
	"context"
	"strings"
	"testing"

	"riskbook/risk"
)

// TestUpdateRisks saves several risks in one transaction, each logged, and
// saves none when one of them breaks a rule.
func TestUpdateRisks(t *testing.T) {
	ctx := context.Background()
	db, _ := newWorkspace(t, TemplateBlank)
	a := createRisk(t, db, validRisk())
	b := createRisk(t, db, validRisk())
	c := createRisk(t, db, validRisk())
	n := len(changeRows(t, db))

	a.Residual = risk.Score{Likelihood: 1, Consequence: 3}
	b.Status = risk.Monitoring
	if err := db.UpdateRisks(ctx, []risk.Risk{a, b, c}); err != nil {
		t.Fatal(err)
	}
	got := changeRows(t, db)
	if len(got) != n+2 {
		t.Fatalf("got %d change-log rows, want %d (c is unchanged)", len(got), n+2)
	}
	for i, ref := range []string{a.Ref, b.Ref} {
		if ch := got[n+i]; ch.Key != ref || ch.Action != ActionUpdate {
			t.Errorf("change %d: got %s %s, want update %s", i, ch.Action, ch.Key, ref)
		}
	}
	if s, _ := db.Risk(ctx, a.ID); s.Residual != a.Residual {
		t.Errorf("%s residual: got %v, want %v", a.Ref, s.Residual, a.Residual)
	}

	// One bad risk: nothing is saved.
	n = len(got)
	a.Status = risk.Closed
	b.Residual = risk.Score{Likelihood: 5, Consequence: 5} // above the inherent L3×C4, no justification
	err := db.UpdateRisks(ctx, []risk.Risk{a, b})
	if risk.ErrorCode(err) != risk.EINVALID || !strings.Contains(risk.ErrorMessage(err), b.Ref) {
		t.Fatalf("got %v, want a refusal naming %s", err, b.Ref)
	}
	if s, _ := db.Risk(ctx, a.ID); s.Status == risk.Closed {
		t.Errorf("%s was closed although the batch was refused", a.Ref)
	}
	if got := changeRows(t, db); len(got) != n {
		t.Errorf("got %d change-log rows after a refused batch, want %d", len(got), n)
	}
}
