package cli

import (
	"reflect"
	"strings"
	"testing"
)

// TestTrendCommand: a new workspace has today's point only, and says that
// history is yet to come; the table heads its columns with the indicators
// and ends with what each counts. After an assessment is closed, the list
// of assessments ends with the reviews due since it.
func TestTrendCommand(t *testing.T) {
	t.Parallel()
	ws := newWorkspace(t, t.TempDir(), "w.riskbook", "cctld")
	r := riskbook(t, "", "trend", ws)
	wantSuccess(t, r, ExitOK)
	for _, want := range []string{"Indicators of w.riskbook at 1 point in time:", "Point in time", "Within", "appetite",
		"Today", "There is no history yet", "What each indicator counts", "Open findings: Findings of exercises not yet closed."} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("trend: no %q in\n%s", want, r.stdout)
		}
	}
	wantRefusal(t, riskbook(t, "", "trend"), "")

	wantSuccess(t, riskbook(t, "", "assessment", "close", ws, "--name", "2026 annual"), ExitOK)
	r = riskbook(t, "", "assessment", "list", ws)
	wantSuccess(t, r, ExitOK)
	if !strings.Contains(r.stdout, "No review has come due since the last assessment, “2026 annual”.") {
		t.Errorf("assessment list: got\n%s", r.stdout)
	}
	r = riskbook(t, "", "trend", ws)
	wantSuccess(t, r, ExitOK)
	if !strings.Contains(r.stdout, "at 2 points in time") || !strings.Contains(r.stdout, "“2026 annual”") {
		t.Errorf("trend with an assessment: got\n%s", r.stdout)
	}
}

func TestWrapWords(t *testing.T) {
	for _, tc := range []struct {
		name, s string
		want    []string
	}{
		{"Short", "Open findings", []string{"Open", "findings"}},
		{"Fits", "SoA decided", []string{"SoA", "decided"}},
		{"LongWord", "Top-priority activities covered", []string{"Top-priority", "activities", "covered"}},
		{"Joined", "Days to close an action", []string{"Days to", "close an", "action"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := wrapWords(tc.s, 10); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}
