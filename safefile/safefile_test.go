package safefile

import (
	"bufio"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"riskbook/risk"
	"riskbook/safefile/disktest"
)

// killEnv makes the test binary, run again as a child, start writing the
// file it names and wait, half-way, to be killed.
const killEnv = "RISKBOOK_TEST_KILLED_WRITE"

func TestMain(m *testing.M) {
	if path := os.Getenv(killEnv); path != "" {
		Write(path, func(w io.Writer) error {
			w.Write([]byte("half a document"))
			os.Stdout.WriteString("writing\n")
			select {} // until killed
		})
		os.Exit(1)
	}
	os.Exit(m.Run())
}

func TestIsTemp(t *testing.T) {
	tests := []struct {
		name string
		want bool
	}{
		{".report.pdf.riskbook-123456.tmp", true},
		{".w.riskbook.riskbook-9.tmp-wal", true},
		{".w.riskbook.riskbook-9.tmp-journal", true},
		{"report.pdf.riskbook-123456.tmp", false}, // not hidden: not ours
		{".report.pdf.123456.tmp", false},         // another program's
		{".report.pdf.riskbook-12a.tmp", false},
		{".riskbook-1.tmp", false},
		{".report.pdf.riskbook-.tmp", false},
		{"w.riskbook", false},
	}
	for _, tt := range tests {
		if got := IsTemp(tt.name); got != tt.want {
			t.Errorf("IsTemp(%q) = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestSweepRemovesOnlyOurStaleFiles(t *testing.T) {
	dir := t.TempDir()
	now := time.Now()
	old := now.Add(-2 * StaleAge)
	files := map[string]time.Time{
		".a.pdf.riskbook-1.tmp":          old, // a killed export: goes
		".w.riskbook.riskbook-2.tmp":     old, // a killed backup: goes
		".w.riskbook.riskbook-2.tmp-wal": old, // and its journal
		".b.pdf.riskbook-3.tmp":          now, // being written now: stays
		".b.pdf.4.tmp":                   old, // another program's: stays
		"notes.txt":                      old,
	}
	for name, mtime := range files {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, mtime, mtime); err != nil {
			t.Fatal(err)
		}
	}
	got := Sweep(dir, now, StaleAge)
	slices.Sort(got)
	want := []string{".a.pdf.riskbook-1.tmp", ".w.riskbook.riskbook-2.tmp", ".w.riskbook.riskbook-2.tmp-wal"}
	if !slices.Equal(got, want) {
		t.Errorf("removed %q, want %q", got, want)
	}
	left := names(t, dir)
	if wantLeft := []string{".b.pdf.4.tmp", ".b.pdf.riskbook-3.tmp", "notes.txt"}; !slices.Equal(left, wantLeft) {
		t.Errorf("left %q, want %q", left, wantLeft)
	}
}

// TestKilledWrite: a process killed while writing a document leaves its
// temporary file, never a half document under the real name; the next
// sweep removes the temporary once it is stale.
func TestKilledWrite(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.pdf")
	if err := os.WriteFile(path, []byte("the previous export"), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), killEnv+"="+path)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, _ := bufio.NewReader(out).ReadString('\n')
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()
	if line != "writing\n" {
		t.Fatalf("the child did not start writing: %q", line)
	}
	if b, _ := os.ReadFile(path); string(b) != "the previous export" {
		t.Errorf("the killed write changed %s: %q", path, b)
	}
	left := names(t, dir)
	if len(left) != 2 || !IsTemp(left[0]) {
		t.Fatalf("after the kill the folder holds %q, want out.pdf and one temporary file", left)
	}
	if got := Sweep(dir, time.Now(), StaleAge); len(got) != 0 {
		t.Errorf("a fresh temporary was swept: %q", got)
	}
	if got := Sweep(dir, time.Now().Add(2*StaleAge), StaleAge); !slices.Equal(got, left[:1]) {
		t.Errorf("swept %q, want %q", got, left[:1])
	}
	if got := names(t, dir); !slices.Equal(got, []string{"out.pdf"}) {
		t.Errorf("after the sweep the folder holds %q", got)
	}
}

func TestWriteFailures(t *testing.T) {
	t.Run("RendererFailureIsNotTheDisk", func(t *testing.T) {
		dir := t.TempDir()
		path := filepath.Join(dir, "out.pdf")
		boom := errors.New("font has no glyph")
		err := Write(path, func(w io.Writer) error { w.Write([]byte("half")); return boom })
		if !errors.Is(err, boom) || risk.ErrorCode(err) != risk.EINTERNAL {
			t.Errorf("got %v, want the renderer's error as it is", err)
		}
		if got := names(t, dir); len(got) != 0 {
			t.Errorf("left %q", got)
		}
	})
	t.Run("DiskFull", func(t *testing.T) {
		dir := disktest.SmallDisk(t, 256<<10)
		path := filepath.Join(dir, "out.pdf")
		if err := os.WriteFile(path, []byte("the previous export"), 0o644); err != nil {
			t.Fatal(err)
		}
		ballast := disktest.Fill(t, dir, 8<<10)
		err := Write(path, func(w io.Writer) error {
			_, err := w.Write(make([]byte, 64<<10))
			return err
		})
		wantFault(t, err, risk.FaultDiskFull, path, "disk is full")
		if b, _ := os.ReadFile(path); string(b) != "the previous export" {
			t.Errorf("the old file changed: %q", b)
		}
		if got := names(t, dir); !slices.Equal(got, []string{filepath.Base(ballast), "out.pdf"}) {
			t.Errorf("left %q", got)
		}
	})
	t.Run("ReadOnlyFolder", func(t *testing.T) {
		dir := disktest.ReadOnlyDir(t, func(string) {})
		path := filepath.Join(dir, "out.pdf")
		err := Write(path, func(w io.Writer) error { _, err := w.Write([]byte("x")); return err })
		var fe *risk.FileError
		if !errors.As(err, &fe) || (fe.Fault != risk.FaultReadOnly && fe.Fault != risk.FaultPermission) {
			t.Fatalf("got %v, want a read-only or permission fault", err)
		}
		if msg := risk.ErrorMessage(err); !strings.Contains(msg, path) || !strings.Contains(msg, "choose") {
			t.Errorf("got %q, want the file named and what to do", msg)
		}
		if got := names(t, dir); len(got) != 0 {
			t.Errorf("left %q", got)
		}
	})
	t.Run("PathTooLong", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), strings.Repeat("x", 300)+".pdf")
		err := Write(path, func(w io.Writer) error { return nil })
		wantFault(t, err, risk.FaultPathTooLong, path, "too long")
	})
}

func wantFault(t *testing.T, err error, fault risk.Fault, path, fragment string) {
	t.Helper()
	var fe *risk.FileError
	if !errors.As(err, &fe) || fe.Fault != fault {
		t.Fatalf("got %v, want fault %d", err, fault)
	}
	msg := risk.ErrorMessage(err)
	if !strings.Contains(msg, path) || !strings.Contains(msg, fragment) {
		t.Errorf("got %q, want it to name %s and say %q", msg, path, fragment)
	}
	if strings.Count(msg, ". ") > 0 || strings.Contains(msg, "(") && strings.Contains(msg, "errno") {
		t.Errorf("got %q, want one sentence without technical detail", msg)
	}
}

func names(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	slices.Sort(out)
	return out
}
