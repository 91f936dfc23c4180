package workspace

import (
	"log"
	"os"
	"regexp"
	"strings"
	"testing"
)

// TestLogDatesLinesAlike: the lines the commands write (Printf) and those
// the desktop app's standard logger writes through Dated carry the same
// date, the ISO 8601 one Riskbook shows everywhere.
func TestLogDatesLinesAlike(t *testing.T) {
	l := NewLog(t.TempDir())
	l.Printf("riskbook check %s: %s", "w.riskbook", "damaged")
	std := log.New(Dated(l), "", 0)
	std.Printf("open workspace: %s", "w.riskbook is damaged")
	data, err := os.ReadFile(l.Path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	want := regexp.MustCompile(`^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} (riskbook check w\.riskbook: damaged|open workspace: w\.riskbook is damaged)$`)
	if len(lines) != 2 {
		t.Fatalf("got %d lines %q, want 2", len(lines), lines)
	}
	for _, line := range lines {
		if !want.MatchString(line) {
			t.Errorf("got line %q, want it dated YYYY-MM-DD hh:mm:ss", line)
		}
	}
	if st, err := os.Stat(l.Path); err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("the log is %v (%v), want readable by its owner only", st.Mode().Perm(), err)
	}
}
