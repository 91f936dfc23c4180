package cli

import (
	"context"
	"strings"
	"testing"

	"riskbook/risk"
	"riskbook/workspace"
)

// TestAssessmentCompare: compare refuses without an assessment, says when
// nothing changed, lists a changed risk under its kinds with both levels,
// and refuses an unknown name listing the known ones.
func TestAssessmentCompare(t *testing.T) {
	t.Parallel()
	ws := newWorkspace(t, t.TempDir(), "w.riskbook", "cctld")
	wantRefusal(t, riskbook(t, "", "assessment", "compare", ws), "No assessment was closed")
	wantSuccess(t, riskbook(t, "", "assessment", "close", ws, "--name", "2025 annual"), ExitOK)
	r := riskbook(t, "", "assessment", "compare", ws)
	wantSuccess(t, r, ExitOK)
	if !strings.Contains(r.stdout, "Changes since “2025 annual”") || !strings.Contains(r.stdout, "Nothing changed") {
		t.Errorf("compare right after closing: got %q", r.stdout)
	}

	w, err := workspace.Open(context.Background(), ws)
	if err != nil {
		t.Fatal(err)
	}
	rk, err := w.RiskByRef(context.Background(), "R-001")
	if err == nil {
		rk.Residual = risk.Score{Likelihood: 5, Consequence: 5}
		err = w.UpdateRisk(context.Background(), &rk)
	}
	w.Close()
	if err != nil {
		t.Fatal(err)
	}
	wantSuccess(t, riskbook(t, "", "assessment", "close", ws, "--name", "2026 annual"), ExitOK)
	r = riskbook(t, "", "assessment", "compare", ws, "2025 annual", "2026 annual")
	wantSuccess(t, r, ExitOK)
	for _, want := range []string{"Changes from “2025 annual” to “2026 annual”", "Residual level up (1)", "R-001",
		"→ Critical (L5×C5)", "Movements on the residual matrix", "→ L5×C5 Critical: 1 risk (R-001)"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("compare: got %q, want it to say %q", r.stdout, want)
		}
	}
	wantRefusal(t, riskbook(t, "", "assessment", "compare", ws, "2024"), "“2025 annual”, “2026 annual”, today")
	wantRefusal(t, riskbook(t, "", "assessment", "compare", ws, "2026 annual", "2025 annual"), "closed after")
	wantRefusal(t, riskbook(t, "", "assessment", "compare", ws, "a", "b", "c"), "expects a workspace FILE")
	wantRefusal(t, riskbook(t, "", "assessment", "compare", ws, "--name", "x"), "--name goes with close")
}
