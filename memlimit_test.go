package main

import (
	"math"
	"runtime/debug"
	"testing"
)

// TestDesktopMemoryLimit: the desktop app keeps its Go memory within
// desktopMemoryLimit unless GOMEMLIMIT sets a limit of its own.
func TestDesktopMemoryLimit(t *testing.T) {
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(math.MaxInt64))
	limitDesktopMemory(func(k string) string { return map[string]string{"GOMEMLIMIT": "1GiB"}[k] })
	if got := debug.SetMemoryLimit(-1); got != math.MaxInt64 {
		t.Errorf("with GOMEMLIMIT set, the limit became %d; want the runtime's own left alone", got)
	}
	limitDesktopMemory(func(string) string { return "" })
	if got := debug.SetMemoryLimit(-1); got != desktopMemoryLimit {
		t.Errorf("without GOMEMLIMIT the limit is %d, want %d", got, desktopMemoryLimit)
	}
}
