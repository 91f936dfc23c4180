//go:build (linux || freebsd || netbsd || openbsd || dragonfly) && !wayland

package main

import (
	"errors"

	"riskbook/i18n"
)

// displayProblem says, in one sentence, why the desktop app cannot show
// its window here before it tries: no X display is set (a server, a
// session over SSH without X forwarding). It does not connect to the
// display to see whether it answers: an X server with no other client
// resets when one leaves, and the toolkit connecting meanwhile fails.
func displayProblem(getenv func(string) string) error {
	if getenv("DISPLAY") == "" {
		return errors.New(i18n.T("cli.open.no_display"))
	}
	return nil
}

// displayFailed is the sentence for a toolkit that could not open the
// display DISPLAY names.
func displayFailed(getenv func(string) string) error {
	return errors.New(i18n.T("cli.open.display_unreachable", i18n.Args{"Display": getenv("DISPLAY")}))
}
