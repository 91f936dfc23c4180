package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"riskbook/i18n"
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

// TestStoppedWithCtrlC: an export stopped with Ctrl+C says so in one
// sentence, exits 130 and leaves no file, whole or partial, where it wrote.
func TestStoppedWithCtrlC(t *testing.T) {
	dir := t.TempDir()
	path := newWorkspace(t, dir, "w"+workspace.Extension, "cctld")
	out := t.TempDir()
	ctx, stop := context.WithCancel(t.Context())
	defer stop()
	var stdout, stderr bytes.Buffer
	clock, calls := time.Date(2026, time.March, 1, 12, 0, 0, 0, time.UTC), 0
	// Each reading of the clock is a second later; the person presses
	// Ctrl+C once the progress has shown a few times.
	now := func() time.Time {
		if calls++; calls == 5 {
			stop()
		}
		clock = clock.Add(time.Second)
		return clock
	}
	e := &Env{Stdout: &stdout, Stderr: &stderr, Terminal: true, Now: now}
	code := Run(ctx, []string{"export", path, "--pdf", filepath.Join(out, "w.pdf")}, e)
	line := stderr.String()[strings.LastIndex(stderr.String(), "\x1b[K")+len("\x1b[K"):]
	if code != ExitStopped || line != "riskbook export: "+i18n.T("stop.cli")+"\n" {
		t.Errorf("got exit %d and last stderr line %q; want exit %d and %q", code, line, ExitStopped, "riskbook export: "+i18n.T("stop.cli"))
	}
	if left, _ := os.ReadDir(out); len(left) != 0 {
		t.Errorf("the stopped export left %v", left)
	}
}
