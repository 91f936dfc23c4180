//go:build (linux || freebsd || netbsd || openbsd || dragonfly) && !wayland

package main

import (
	"errors"
	"net"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"riskbook/i18n"
)

// xSocketDir is where an X server on this machine listens.
var xSocketDir = "/tmp/.X11-unix"

// displayProblem says, in one sentence, why the desktop app cannot show
// its window here: no X display is set (a server, a session over SSH
// without X forwarding), or the one set does not answer. The toolkit
// would otherwise stop with a stack trace. A display it cannot make out
// is left to the toolkit.
func displayProblem(getenv func(string) string) error {
	d := getenv("DISPLAY")
	if d == "" {
		return errors.New(i18n.T("cli.open.no_display"))
	}
	if network, address, ok := xAddress(d); ok && !answers(network, address) {
		return errors.New(i18n.T("cli.open.display_unreachable", i18n.Args{"Display": d}))
	}
	return nil
}

// xAddress is where the X server of display d ("[host]:number[.screen]")
// listens: its socket on this machine, or port 6000 + number on host.
func xAddress(d string) (network, address string, ok bool) {
	i := strings.LastIndexByte(d, ':')
	if i < 0 {
		return "", "", false
	}
	host, num := d[:i], d[i+1:]
	num, _, _ = strings.Cut(num, ".")
	n, err := strconv.Atoi(num)
	if err != nil || n < 0 || strings.Contains(host, "/") {
		return "", "", false
	}
	switch host {
	case "", "unix":
		return "unix", filepath.Join(xSocketDir, "X"+num), true
	}
	return "tcp", net.JoinHostPort(host, strconv.Itoa(6000+n)), true
}

// answers reports whether something accepts a connection at address; a
// local X server may listen on its abstract socket only.
func answers(network, address string) bool {
	addresses := []string{address}
	if network == "unix" {
		addresses = append(addresses, "@"+address)
	}
	for _, a := range addresses {
		if c, err := net.DialTimeout(network, a, 2*time.Second); err == nil {
			c.Close()
			return true
		}
	}
	return false
}
