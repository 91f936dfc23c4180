//go:build (linux || freebsd || netbsd || openbsd || dragonfly) && !wayland

package main

import (
	"net"
	"path/filepath"
	"strconv"
	"testing"
)

// The desktop app says why it cannot show its window, instead of the
// toolkit stopping with a stack trace: no display set, or one that does
// not answer; a display that answers, on this machine or over the
// network, and one it cannot make out, are left to the toolkit.
func TestDisplayProblem(t *testing.T) {
	dir := t.TempDir()
	defer func(d string) { xSocketDir = d }(xSocketDir)
	xSocketDir = dir
	local, err := net.Listen("unix", filepath.Join(dir, "X42"))
	if err != nil {
		t.Fatal(err)
	}
	defer local.Close()
	remote, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer remote.Close()
	port := remote.Addr().(*net.TCPAddr).Port
	if port <= 6000 {
		t.Skipf("port %d is below X's range", port)
	}
	for _, c := range []struct {
		display string
		refused bool
	}{
		{"", true},
		{":42", false},
		{":42.0", false},
		{"unix:42", false},
		{":43", true},
		{"127.0.0.1:" + strconv.Itoa(port-6000), false},
		{"127.0.0.1:" + strconv.Itoa(port-6000) + ".1", false},
		{"/private/tmp/launch-x/org.xquartz:0", false}, // left to the toolkit
		{"no display", false},
	} {
		err := displayProblem(func(k string) string { return map[string]string{"DISPLAY": c.display}[k] })
		if (err != nil) != c.refused {
			t.Errorf("DISPLAY=%q: got %v, refused %v", c.display, err, c.refused)
		}
	}
}
