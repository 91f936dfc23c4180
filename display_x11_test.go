//go:build (linux || freebsd || netbsd || openbsd || dragonfly) && !wayland

package main

import "testing"

// Without DISPLAY the desktop app says so before the toolkit starts; a
// display that is set is left to the toolkit (see
// TestDesktopWithoutDisplay for one that does not answer).
func TestDisplayProblem(t *testing.T) {
	for display, refused := range map[string]bool{"": true, ":0": false, "localhost:10.0": false} {
		err := displayProblem(func(k string) string { return map[string]string{"DISPLAY": display}[k] })
		if (err != nil) != refused {
			t.Errorf("DISPLAY=%q: got %v, refused %v", display, err, refused)
		}
	}
}
