package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestAssessmentCommands closes an assessment, lists it, refuses a second
// of the same name and a close without a name, and exports it twice to the
// same bytes.
func TestAssessmentCommands(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	ws := newWorkspace(t, dir, "w.riskbook", "cctld")

	r := riskbook(t, "", "assessment", "list", ws)
	wantSuccess(t, r, ExitOK)
	if !strings.Contains(r.stdout, "No assessment was closed") {
		t.Errorf("list of none: got %q", r.stdout)
	}
	r = riskbook(t, "", "assessment", "close", ws, "--name", "2026 annual")
	wantSuccess(t, r, ExitOK)
	if !strings.Contains(r.stdout, `Closed the assessment "2026 annual"`) || !strings.Contains(r.stdout, "SHA-256 of its records: ") {
		t.Errorf("close: got %q", r.stdout)
	}
	wantRefusal(t, riskbook(t, "", "assessment", "close", ws, "--name", "2026 ANNUAL"), "already closed")
	wantRefusal(t, riskbook(t, "", "assessment", "close", ws), "--name")
	wantRefusal(t, riskbook(t, "", "assessment", "reopen", ws), "close, list or compare")
	wantRefusal(t, riskbook(t, "", "assessment", "list", ws, "--name", "x"), "not with list")

	r = riskbook(t, "", "assessment", "list", ws)
	wantSuccess(t, r, ExitOK)
	if !strings.Contains(r.stdout, "2026 annual") || !strings.Contains(r.stdout, "the baseline") {
		t.Errorf("list: got %q", r.stdout)
	}

	pdf := filepath.Join(dir, "a.pdf")
	wantSuccess(t, riskbook(t, "", "export", ws, "--assessment", "2026 annual", "--pdf", pdf), ExitOK)
	first, err := os.ReadFile(pdf)
	if err != nil {
		t.Fatal(err)
	}
	wantSuccess(t, riskbook(t, "", "export", ws, "--assessment", "2026 annual", "--pdf", pdf), ExitOK)
	if again, _ := os.ReadFile(pdf); !bytes.Equal(first, again) {
		t.Error("two exports of the assessment differ")
	}
	wantRefusal(t, riskbook(t, "", "export", ws, "--assessment", "2025", "--pdf", pdf), "No assessment called")
	wantRefusal(t, riskbook(t, "", "export", ws, "--assessment", "2026 annual", "--scoring", filepath.Join(dir, "s.xlsx"), "--owner", "x"), "--assessment")
}
