package cli

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"riskbook/sqlite/pgtest"
)

func TestMain(m *testing.M) {
	code := m.Run()
	pgtest.Stop()
	os.Exit(code)
}

// TestPushPull: a workspace file goes to a server and comes back with
// everything, its change log verifying at every step; the commands that
// read a workspace read it on the server alike.
func TestPushPull(t *testing.T) {
	url := pgtest.EmptyURL(t)
	dir := t.TempDir()
	ws := newWorkspace(t, dir, "w.riskbook", "cctld")
	wantSuccess(t, riskbook(t, "", "assessment", "close", ws, "--name", "2026 annual"), ExitOK)
	original := dumpOf(t, ws)

	r := riskbook(t, "", "push", ws, url)
	wantSuccess(t, r, ExitOK)
	for _, w := range []string{"Copied " + ws + " to " + url, "1 closed assessment", "hash chain intact."} {
		if !strings.Contains(r.stdout, w) {
			t.Errorf("push: got %q, want %q", r.stdout, w)
		}
	}
	if strings.Contains(r.stdout, "File integrity") {
		t.Errorf("push: a server has no file integrity to report: %q", r.stdout)
	}
	if got := dumpOf(t, url); got != original {
		t.Error("the workspace on the server dumps differently from the file it was pushed from")
	}
	r = riskbook(t, "", "verify", url)
	wantSuccess(t, r, ExitOK)
	if !strings.Contains(r.stdout, "hash chain intact") {
		t.Errorf("verify on the server: %q", r.stdout)
	}
	fileCheck, serverCheck := riskbook(t, "", "check", ws), riskbook(t, "", "check", url)
	if fileCheck.code != serverCheck.code || strings.ReplaceAll(serverCheck.stdout, url, ws) != fileCheck.stdout {
		t.Errorf("check differs on the server:\n%s\nfile:\n%s", serverCheck.stdout, fileCheck.stdout)
	}
	wantSuccess(t, riskbook(t, "", "export", url, "--assessment", "2026 annual", "--xlsx", filepath.Join(dir, "a.xlsx")), ExitOK)

	// A second push into the same database is refused; the first stays.
	other := newWorkspace(t, dir, "other.riskbook", "blank")
	wantRefusal(t, riskbook(t, "", "push", other, url), "already holds a workspace", "riskbook pull")
	if got := dumpOf(t, url); got != original {
		t.Error("the refused push changed the workspace on the server")
	}

	// Back to a file: the same dump, verifying.
	back := filepath.Join(dir, "back.riskbook")
	r = riskbook(t, "", "pull", url, back)
	wantSuccess(t, r, ExitOK)
	if !strings.Contains(r.stdout, "File integrity: ok") || !strings.Contains(r.stdout, "hash chain intact.") {
		t.Errorf("pull: got %q", r.stdout)
	}
	if got := dumpOf(t, back); got != original {
		t.Error("the pulled file dumps differently from the original")
	}
	wantRefusal(t, riskbook(t, "", "pull", url, back), "already exists")
	wantDir(t, dir, "a.xlsx", "back.riskbook", "other.riskbook", "w.riskbook")
}

// TestPushPullRefusals: each command names what it copies from and to.
func TestPushPullRefusals(t *testing.T) {
	dir := t.TempDir()
	ws := newWorkspace(t, dir, "w.riskbook", "blank")
	const server = "postgres://nobody:hunter2@127.0.0.1:1/w"
	for _, tt := range []struct {
		args  []string
		wants []string
	}{
		{[]string{"push", ws, filepath.Join(dir, "copy.riskbook")}, []string{"is not a server", "riskbook backup"}},
		{[]string{"push", server, server}, []string{"already on a server", "riskbook pull"}},
		{[]string{"pull", ws, filepath.Join(dir, "copy.riskbook")}, []string{"is not a server"}},
		{[]string{"pull", server, server}, []string{"is a server", "riskbook push"}},
		{[]string{"pull", server, ws}, []string{"already exists"}},
		{[]string{"push", ws, server + "?connect_timeout=5"}, []string{"Could not reach the server"}},
	} {
		r := riskbook(t, "", tt.args...)
		wantRefusal(t, r, tt.wants...)
		if strings.Contains(r.stderr, "hunter2") {
			t.Errorf("%v: the refusal shows the password: %q", tt.args, r.stderr)
		}
	}
	wantDir(t, dir, "w.riskbook")
}

// TestServerPassword: a login that needs a password gets it from
// PGPASSWORD, the pgpass file or the question on a terminal, in that
// order; without any, the refusal says where to put it.
func TestServerPassword(t *testing.T) {
	dir := t.TempDir()
	ws := newWorkspace(t, dir, "w.riskbook", "blank")
	admin := pgtest.EmptyURL(t)
	wantSuccess(t, riskbook(t, "", "push", ws, admin), ExitOK)
	url := pgtest.PasswordLogin(t, admin, "pwuser", "s3cret")
	t.Setenv("PGPASSFILE", filepath.Join(dir, "no-pgpass"))
	t.Setenv("PGPASSWORD", "")

	asked := 0
	withPrompt := func(answer string, err error, args ...string) cliResult {
		t.Helper()
		r := riskbookEnv(t, &Env{Password: func(server string) (string, error) {
			asked++
			if !strings.Contains(server, "pwuser@127.0.0.1") || strings.Contains(server, "s3cret") {
				t.Errorf("asked the password of %q", server)
			}
			return answer, err
		}}, args...)
		return r
	}

	wantRefusal(t, riskbook(t, "", "verify", url), "refused the login", "PGPASSWORD")
	wantSuccess(t, withPrompt("s3cret", nil, "verify", url), ExitOK)
	if asked != 1 {
		t.Errorf("asked %d times, want once", asked)
	}
	wantRefusal(t, withPrompt("wrong", nil, "verify", url), "refused the login")
	wantRefusal(t, withPrompt("", errors.New("no answer"), "verify", url), "no answer")

	t.Setenv("PGPASSWORD", "s3cret")
	asked = 0
	wantSuccess(t, withPrompt("wrong", nil, "verify", url), ExitOK)
	t.Setenv("PGPASSWORD", "")
	pgpass := filepath.Join(dir, "pgpass")
	writeFile(t, pgpass, "127.0.0.1:*:*:pwuser:s3cret\n")
	if err := os.Chmod(pgpass, 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PGPASSFILE", pgpass)
	wantSuccess(t, withPrompt("wrong", nil, "verify", url), ExitOK)
	if asked != 0 {
		t.Errorf("asked for a password that PGPASSWORD or the pgpass file gave")
	}
}
