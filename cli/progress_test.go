package cli

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"riskbook/workspace"
)

// TestProgressOnATerminal: an export that runs past its first second
// shows its progress on a terminal's standard error, one line rewritten in
// place and cleared at the end; the same export into a pipe or a file
// writes nothing there.
func TestProgressOnATerminal(t *testing.T) {
	dir := t.TempDir()
	path := newWorkspace(t, dir, "w"+workspace.Extension, "cctld")
	for _, terminal := range []bool{true, false} {
		var stdout, stderr bytes.Buffer
		clock := time.Date(2026, time.March, 1, 12, 0, 0, 0, time.UTC)
		// Each reading of the clock is a second later: the work is slow.
		now := func() time.Time { clock = clock.Add(time.Second); return clock }
		e := &Env{Stdout: &stdout, Stderr: &stderr, Terminal: terminal, Now: now}
		code := Run(t.Context(), []string{"export", path, "--pdf", filepath.Join(dir, "w.pdf")}, e)
		if code != ExitOK {
			t.Fatalf("terminal %v: exit %d, stderr %q", terminal, code, stderr.String())
		}
		got := stderr.String()
		switch {
		case terminal && (!strings.Contains(got, "\r\x1b[KExporting: Writing w.pdf, ") || !strings.HasSuffix(got, "\r\x1b[K")):
			t.Errorf("on a terminal: got stderr %q, want the progress line rewritten and cleared", got)
		case !terminal && got != "":
			t.Errorf("not on a terminal: got stderr %q, want none", got)
		}
	}
}
