package sqlite

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"riskbook/risk"
	"riskbook/sqlite/pgtest"
)

// holdEnv makes the test binary, run again as a child, hold the workspace
// it names open for writing until its standard input closes: the "other
// process" of the lock tests.
const holdEnv = "RISKBOOK_TEST_HOLD"

func TestMain(m *testing.M) {
	if path := os.Getenv(holdEnv); path != "" {
		os.Exit(holdWorkspace(path))
	}
	pgtest.Template(serverTemplate)
	code := m.Run()
	pgtest.Stop()
	os.Exit(code)
}

func holdWorkspace(path string) int {
	db, err := Open(context.Background(), path)
	if err != nil {
		fmt.Fprintln(os.Stderr, "hold:", err)
		return 1
	}
	fmt.Println("ready")
	io.Copy(io.Discard, os.Stdin) // returns when the parent closes the pipe
	if err := db.Close(); err != nil {
		fmt.Fprintln(os.Stderr, "hold:", err)
		return 1
	}
	return 0
}

// holderProc is a child process holding a workspace open for writing.
type holderProc struct {
	cmd    *exec.Cmd
	stdin  io.WriteCloser // kept open: the child holds the workspace until it closes
	stderr bytes.Buffer
	done   chan error
	exited bool
}

// startHolder runs the test binary as a child that opens path for writing,
// and returns once the child holds it.
func startHolder(t *testing.T, path string) *holderProc {
	t.Helper()
	h := &holderProc{done: make(chan error, 1)}
	h.cmd = exec.Command(os.Args[0], "-test.run=^$")
	h.cmd.Env = append(os.Environ(), holdEnv+"="+path)
	h.cmd.Stderr = &h.stderr
	var err error
	if h.stdin, err = h.cmd.StdinPipe(); err != nil {
		t.Fatal(err)
	}
	out, err := h.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := h.cmd.Start(); err != nil {
		t.Fatalf("start holder: %v", err)
	}
	ready := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(out).ReadString('\n')
		ready <- line
	}()
	var line string
	select {
	case line = <-ready:
	case <-time.After(30 * time.Second):
	}
	go func() { h.done <- h.cmd.Wait() }()
	t.Cleanup(func() { h.kill(t) })
	if strings.TrimSpace(line) != "ready" {
		h.kill(t)
		t.Fatalf("holder did not open %s: got %q, stderr %q", path, line, h.stderr.String())
	}
	return h
}

// kill ends the child the hard way, as a crash would: no Close, no cleanup.
func (h *holderProc) kill(t *testing.T) {
	t.Helper()
	if h.exited {
		return
	}
	h.exited = true
	if err := h.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Errorf("kill holder: %v", err)
	}
	select {
	case err := <-h.done:
		var exit *exec.ExitError
		if !errors.As(err, &exit) || exit.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
			t.Errorf("holder ended with %v, want killed by SIGKILL (stderr %q)", err, h.stderr.String())
		}
	case <-time.After(30 * time.Second):
		t.Error("holder did not exit after SIGKILL")
	}
}

func TestOpenHeldByAnotherProcess(t *testing.T) {
	fileOnly(t)
	ctx := context.Background()
	db, path := newWorkspace(t, TemplateBlank)
	closeDB(t, db)
	h := startHolder(t, path)
	pid := h.cmd.Process.Pid

	ageFile(t, path)
	before := stateOf(t, path)
	db, err := Open(ctx, path)
	if err == nil {
		db.Close()
	}
	wantErr(t, err, risk.ECONFLICT, path, "another process", "process "+strconv.Itoa(pid))
	assertUnchanged(t, path, before)

	t.Run("ReadOnlyStillWorks", func(t *testing.T) {
		ro := openRO(t, path)
		if _, err := ro.Criteria(ctx); err != nil {
			t.Errorf("read while another process writes: %v", err)
		}
	})

	h.kill(t)
	db = openRW(t, path)
	if err := db.SetSetting(ctx, SettingUserName, "after the crash"); err != nil {
		t.Errorf("write after the holder crashed: %v", err)
	}
	if got := lockHolderPID(t, path); got != os.Getpid() {
		t.Errorf("lock file names process %d, want this process %d", got, os.Getpid())
	}
	if v, err := db.Verify(ctx); err != nil || !v.OK() {
		t.Errorf("Verify after the holder crashed: %+v, %v", v, err)
	}
}

func lockHolderPID(t *testing.T, path string) int {
	t.Helper()
	b, err := os.ReadFile(lockPath(path))
	if err != nil {
		t.Fatalf("read lock file: %v", err)
	}
	var h holder
	if err := json.Unmarshal(b, &h); err != nil {
		t.Fatalf("lock file %q: %v", b, err)
	}
	return h.PID
}

func TestOpenTwiceInOneProcess(t *testing.T) {
	fileOnly(t)
	ctx := context.Background()
	db, path := newWorkspace(t, TemplateBlank)
	second, err := Open(ctx, path)
	if err == nil {
		second.Close()
	}
	wantErr(t, err, risk.ECONFLICT, path, "in this Riskbook")

	// The refused Open must not have disturbed the first one.
	if err := db.SetSetting(ctx, "organisation", "Example ccTLD"); err != nil {
		t.Errorf("first handle after a refused second Open: %v", err)
	}
	if !exists(lockPath(path)) {
		t.Error("the refused Open removed the holder's lock file")
	}

	ro := openRO(t, path)
	got, err := ro.Setting(ctx, "organisation")
	if err != nil || got != "Example ccTLD" {
		t.Errorf("read-only handle beside the writer: got %q, %v; want %q", got, err, "Example ccTLD")
	}
}

func TestCloseReleasesLock(t *testing.T) {
	fileOnly(t)
	db, path := newWorkspace(t, TemplateBlank)
	st, err := os.Stat(lockPath(path))
	if err != nil {
		t.Fatalf("lock file while open: %v", err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("got lock file mode %v, want 0600", st.Mode().Perm())
	}
	if got := lockHolderPID(t, path); got != os.Getpid() {
		t.Errorf("lock file names process %d, want %d", got, os.Getpid())
	}
	closeDB(t, db)
	assertNoSidecars(t, path)
	assertDir(t, filepath.Dir(path), filepath.Base(path))
	again := openRW(t, path)
	closeDB(t, again)
	assertNoSidecars(t, path)
}

// TestStaleLockFile: a lock file left by a crash, with nobody holding the
// lock, must not keep anyone out.
func TestStaleLockFile(t *testing.T) {
	fileOnly(t)
	db, path := newWorkspace(t, TemplateBlank)
	closeDB(t, db)
	writeFile(t, lockPath(path), `{"pid":999999,"user":"ghost","host":"gone","program":"riskbook","since":"2020-01-01T00:00:00Z"}`+"\n")
	db = openRW(t, path)
	if got := lockHolderPID(t, path); got != os.Getpid() {
		t.Errorf("lock file names process %d, want %d", got, os.Getpid())
	}
	closeDB(t, db)
	assertNoSidecars(t, path)
}
