//go:build !((linux || freebsd || netbsd || openbsd || dragonfly) && !wayland)

package main

// displayProblem is nil where the desktop always has a display (Windows,
// macOS) or where the toolkit finds it itself (Wayland).
func displayProblem(func(string) string) error { return nil }

// displayFailed is nil: there, a toolkit that cannot start is a fault.
func displayFailed(func(string) string) error { return nil }
