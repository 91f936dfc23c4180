package sqlite

import (
	"bufio"
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"riskbook/sqlite/pgtest"
)

// The store contract: this package's tests of what a workspace holds and
// refuses run against both backends. Run normally they use workspace
// files; TestContractOnServer runs the test binary again with storeEnv
// set, and then every workspace the tests make (newTarget) is a fresh
// database on a real PostgreSQL server. Tests of what only a file has —
// its lock, its pages, read-only media, backups and salvage — say so
// with fileOnly and are skipped there.
const storeEnv = "RISKBOOK_TEST_STORE"

// onServer reports whether this run tests server workspaces.
func onServer() bool { return os.Getenv(storeEnv) == "server" }

// fileOnly skips a test of a property only workspace files have when the
// contract runs on a server.
func fileOnly(t testing.TB) {
	t.Helper()
	if onServer() {
		t.Skip("a property of workspace files, not of the store contract")
	}
}

// newTarget returns where a test's new workspace goes: a file in a fresh
// temporary folder, or a fresh database on the test server.
func newTarget(t testing.TB) string {
	t.Helper()
	if onServer() {
		return pgtest.URL(t)
	}
	return fileTarget(t)
}

// serverTemplate gives the test server's databases the workspace schema
// (no workspace in it), so that each test's database is a copy instead of
// a migration; TestServerSchemaMatchesFile migrates an empty one.
func serverTemplate(url string) error {
	db, err := connectServer(context.Background(), url, true)
	if err != nil {
		return err
	}
	defer db.Close()
	return db.migrateServer(context.Background())
}

// fileTarget returns a new workspace file's path in a fresh temporary folder.
func fileTarget(t testing.TB) string {
	return filepath.Join(t.TempDir(), "w"+Extension)
}

// minContract is how many tests must pass on the server for the contract
// run to count: fewer means the tests were not found, not that they pass.
const minContract = 60

func TestContractOnServer(t *testing.T) {
	if onServer() {
		t.Skip("this is the server run")
	}
	if testing.Short() {
		t.Skip("the contract on a server runs without -short")
	}
	pgtest.Available(t)
	args := []string{"-test.v", "-test.run=^Test", "-test.skip=^TestContractOnServer$|^TestOpenHeldByAnotherProcess$"}
	// The server run ends before this one's deadline, so that it says
	// which of its tests was still running.
	if end, ok := t.Deadline(); ok {
		left := max(time.Until(end)-30*time.Second, time.Second)
		args = append(args, "-test.timeout="+left.Truncate(time.Second).String())
	}
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), storeEnv+"=server")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	passed, skipped := 0, 0
	var failed []string
	sc := bufio.NewScanner(bytes.NewReader(out.Bytes()))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		switch {
		case strings.HasPrefix(line, "--- PASS: Test") && !strings.Contains(line, "/"):
			passed++
		case strings.HasPrefix(line, "--- SKIP: Test") && !strings.Contains(line, "/"):
			skipped++
		case strings.HasPrefix(line, "--- FAIL: "):
			failed = append(failed, strings.Fields(line)[2])
		}
	}
	if err != nil || len(failed) > 0 {
		t.Fatalf("the store contract fails on a server (%v; failed: %s):\n%s", err, strings.Join(failed, ", "), out.String())
	}
	if passed < minContract {
		t.Fatalf("only %d tests passed on the server (%d skipped), fewer than %d:\n%s", passed, skipped, minContract, out.String())
	}
	t.Logf("the store contract passes on PostgreSQL: %d tests passed, %d of files only skipped", passed, skipped)
}
