// Package disktest makes small real file systems for tests: a folder that
// cannot be written, as on a write-protected stick or a read-only share,
// and a disk that fills up. Where the system does not let a test make one
// (mounting needs root on Linux), the test is skipped, not faked.
package disktest

import (
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// ReadOnlyDir makes a folder, lets fill put files in it while it can
// still be written, then makes it and its files read-only for this
// process, and returns it. Cleanup makes it writable again, so
// t.TempDir can remove it.
func ReadOnlyDir(t testing.TB, fill func(dir string)) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "readonly")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if os.Geteuid() != 0 {
		fill(dir)
		protect(t, dir)
		return dir
	}
	// Permissions do not stop root: only a read-only file system does.
	mount(t, dir, "size=8m")
	fill(dir)
	remountReadOnly(t, dir)
	return dir
}

// protect takes write permission from dir and the files in it.
func protect(t testing.TB, dir string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		p := filepath.Join(dir, e.Name())
		if err := os.Chmod(p, 0o444); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.Chmod(p, 0o644) })
	}
	if err := os.Chmod(dir, 0o555); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(dir, 0o755) })
}

// SmallDisk mounts a file system of about size bytes (rounded up to whole
// pages) and returns its folder. Only root can, so others skip.
func SmallDisk(t testing.TB, size int) string {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("making a small disk needs root")
	}
	dir := filepath.Join(t.TempDir(), "small")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	mount(t, dir, "size="+strconv.Itoa(size))
	return dir
}

// Fill writes into dir until its disk is full, leaving about keep bytes
// free, and returns the name of the file that takes the space.
func Fill(t testing.TB, dir string, keep int) string {
	t.Helper()
	path := filepath.Join(dir, "ballast")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	chunk := make([]byte, 4096)
	for {
		free, err := freeBytes(dir)
		if err != nil {
			t.Fatal(err)
		}
		if free <= uint64(keep) {
			return path
		}
		if _, err := f.Write(chunk); err != nil {
			return path
		}
	}
}
