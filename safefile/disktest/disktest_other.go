//go:build !linux

package disktest

import (
	"errors"
	"testing"
)

func mount(t testing.TB, dir, opts string) {
	t.Skip("small and read-only file systems are made on Linux only")
}

func remountReadOnly(t testing.TB, dir string) { mount(t, dir, "") }

func freeBytes(dir string) (uint64, error) { return 0, errors.New("not on this system") }
