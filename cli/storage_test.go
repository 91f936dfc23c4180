package cli

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"riskbook/safefile/disktest"
)

// riskbookWithData runs a command with Riskbook's data folder at data, as
// the binary does: commands that change a workspace back it up first.
func riskbookWithData(t *testing.T, data string, args ...string) cliResult {
	t.Helper()
	var stdout, stderr, log bytes.Buffer
	env := &Env{Stdin: strings.NewReader(""), Stdout: &stdout, Stderr: &stderr, DataDir: data,
		Desktop: func(string) error { t.Error("a command started the desktop app"); return nil },
		Log:     func(format string, args ...any) { log.WriteString(strings.TrimSpace(format) + "\n") }}
	code := Run(t.Context(), args, env)
	return cliResult{code, stdout.String(), stderr.String()}
}

// sample is a register written by others, for imports.
const sample = "/work/shared/samples/register-text-levels.csv"

func sampleRegister(t *testing.T) string {
	t.Helper()
	if _, err := os.Stat(sample); err == nil {
		return sample
	}
	p := filepath.Join(t.TempDir(), "register.csv")
	if err := os.WriteFile(p, []byte("Ref,Title,Owner,Likelihood,Impact\nX-1,Registrar portal phishing,Ana,Likely,Major\nX-2,Loss of the signing key,Ben,Rare,Severe\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestReadOnlyFolder: every reading command works on a workspace in a
// folder that cannot be written and leaves nothing beside it; a command
// that would change it says why it cannot and what to do, in commands.
func TestReadOnlyFolder(t *testing.T) {
	var ws string
	dir := disktest.ReadOnlyDir(t, func(dir string) {
		ws = filepath.Join(dir, "registry.riskbook")
		wantSuccess(t, riskbook(t, "", "init", ws), ExitOK)
	})
	before := snapshotDir(t, dir)
	out := t.TempDir()
	for _, args := range [][]string{
		{"check", ws},
		{"verify", ws},
		{"dump", ws, "--out", filepath.Join(out, "w.json")},
		{"export", ws, "--pdf", filepath.Join(out, "w.pdf"), "--xlsx", filepath.Join(out, "w.xlsx")},
		{"backup", ws, filepath.Join(out, "copy.riskbook")},
	} {
		r := riskbook(t, "", args...)
		if r.stderr != "" || r.code == ExitUsage {
			t.Errorf("riskbook %s on a read-only folder: exit %d, %q", args[0], r.code, r.stderr)
		}
	}
	r := riskbook(t, "", "import", ws, sampleRegister(t))
	// The copy it proposes is one that can be made: not in the read-only
	// folder, but in the current one (the package's, which can be written).
	wantRefusal(t, r, ws, "cannot be changed", "riskbook backup "+ws+" 'registry copy.riskbook' and work on the copy")
	if got := snapshotDir(t, dir); !equalMaps(got, before) {
		t.Errorf("the read-only folder changed: %q, was %q", keys(got), keys(before))
	}
}

func equalMaps(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

// bigRegister writes a register of n long risks to import.
func bigRegister(t *testing.T, n int) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("Ref,Title,Owner,Description,Likelihood,Impact\n")
	for i := range n {
		fmt.Fprintf(&b, "X-%d,Loss of service %d,Ana,%s,Likely,Major\n", i+1, i, strings.Repeat("A long description that takes room. ", 20))
	}
	p := filepath.Join(t.TempDir(), "big.csv")
	if err := os.WriteFile(p, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestDiskFullImport: an import onto a full disk — full before it starts,
// or filled by the import itself — is refused with one sentence in the
// user's terms; the workspace keeps what it had and nothing is left
// beside it.
func TestDiskFullImport(t *testing.T) {
	tests := []struct {
		name  string
		keep  int
		rows  int
		wants []string
	}{
		{"FullBeforeOpening", 0, 20, []string{"is full", "free some space"}},
		{"FilledByTheImport", 400 << 10, 3000, []string{"is full", "nothing was saved", "free some space"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := disktest.SmallDisk(t, 3<<20)
			ws := filepath.Join(dir, "registry.riskbook")
			wantSuccess(t, riskbook(t, "", "init", ws), ExitOK)
			src := bigRegister(t, tt.rows)
			disktest.Fill(t, dir, tt.keep)
			before := snapshotDir(t, dir)
			// The plan is printed before the import is tried.
			r := riskbook(t, "", "import", ws, src)
			if r.code != ExitUsage || strings.Count(r.stderr, "\n") != 1 {
				t.Errorf("got exit %d, stderr %q; want exit %d and one sentence", r.code, r.stderr, ExitUsage)
			}
			for _, w := range append(tt.wants, ws) {
				if !strings.Contains(r.stderr, w) {
					t.Errorf("got stderr %q, want it to contain %q", r.stderr, w)
				}
			}
			if strings.Contains(r.stderr, "Internal error") || strings.Contains(r.stderr, "(13)") {
				t.Errorf("got %q, want no technical detail", r.stderr)
			}
			if got := snapshotDir(t, dir); !equalMaps(got, before) {
				t.Errorf("the folder changed: %q, was %q", keys(got), keys(before))
			}
			wantSuccess(t, riskbook(t, "", "verify", ws), ExitOK)
		})
	}
}

// TestDamagedWorkspaceCommands: a workspace cut in half is refused by the
// commands with what to do; verify reports it as a finding; salvage
// rescues what remains into a new workspace that the commands accept.
func TestDamagedWorkspaceCommands(t *testing.T) {
	dir := t.TempDir()
	ws := filepath.Join(dir, "registry.riskbook")
	wantSuccess(t, riskbook(t, "", "init", ws), ExitOK)
	st, err := os.Stat(ws)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(ws, st.Size()/2); err != nil {
		t.Fatal(err)
	}
	before := snapshotDir(t, dir)

	r := riskbook(t, "", "check", ws)
	wantRefusal(t, r, ws+" is damaged", "cut short", "riskbook salvage "+ws, "riskbook restore "+ws)
	if strings.Contains(r.stderr, "riskbook verify") {
		t.Errorf("got %q: the advice must not send the user in a circle", r.stderr)
	}
	r = riskbook(t, "", "verify", ws)
	if r.code != ExitFindings || !strings.Contains(r.stdout, "File integrity: damaged (it is cut short") ||
		!strings.Contains(r.stdout, "riskbook salvage") {
		t.Errorf("verify of a damaged file: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}

	out := filepath.Join(t.TempDir(), "salvaged.riskbook")
	r = riskbook(t, "", "salvage", ws, out)
	wantSuccess(t, r, ExitOK)
	// The starter kit's second half holds its playbooks and contacts: the
	// report says that none came back, and where they may still be.
	for _, want := range []string{"Salvaged registry.riskbook into " + out, "cut short", "Recovered:", "Change log:",
		"None found in what remains: playbooks", "latest backup may still hold them"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("salvage printed %q, want it to contain %q", r.stdout, want)
		}
	}
	wantSuccess(t, riskbook(t, "", "verify", out), ExitOK)
	if r := riskbook(t, "", "check", out); r.code == ExitUsage {
		t.Errorf("check of the salvaged workspace: %q", r.stderr)
	}
	if got := snapshotDir(t, dir); !equalMaps(got, before) {
		t.Error("the damaged workspace or its folder changed")
	}
	wantRefusal(t, riskbook(t, "", "salvage", ws, out), out, "choose another file name")
}

// TestExportSweepsKilledExports: an export killed halfway left its
// temporary file; the next export to that folder removes it, and only it.
func TestExportSweepsKilledExports(t *testing.T) {
	dir := t.TempDir()
	ws := filepath.Join(dir, "registry.riskbook")
	wantSuccess(t, riskbook(t, "", "init", ws), ExitOK)
	left := filepath.Join(dir, ".report.pdf.riskbook-4711.tmp")
	theirs := filepath.Join(dir, ".report.pdf.4711.tmp")
	for _, p := range []string{left, theirs} {
		if err := os.WriteFile(p, nil, 0o600); err != nil {
			t.Fatal(err)
		}
		old := time.Now().Add(-3 * time.Hour)
		if err := os.Chtimes(p, old, old); err != nil {
			t.Fatal(err)
		}
	}
	wantSuccess(t, riskbook(t, "", "export", ws, "--pdf", filepath.Join(dir, "report.pdf")), ExitOK)
	wantDir(t, dir, "registry.riskbook", "report.pdf", ".report.pdf.4711.tmp")
}

// TestAutomaticBackupAndRestore: an import first backs the workspace up;
// restore puts the backup back only when asked to replace, keeping the
// file it replaces.
func TestAutomaticBackupAndRestore(t *testing.T) {
	dir := t.TempDir()
	data := t.TempDir()
	ws := filepath.Join(dir, "registry.riskbook")
	wantSuccess(t, riskbookWithData(t, data, "init", ws), ExitOK)
	r := riskbookWithData(t, data, "backups", ws)
	wantSuccess(t, r, ExitOK)
	if !strings.Contains(r.stdout, "No automatic backups") {
		t.Errorf("backups before any change: %q", r.stdout)
	}
	wantSuccess(t, riskbookWithData(t, data, "import", ws, sampleRegister(t)), ExitOK)
	r = riskbookWithData(t, data, "backups", ws)
	wantSuccess(t, r, ExitOK)
	if strings.Count(r.stdout, ".riskbook\n") != 1 {
		t.Fatalf("backups after an import: %q, want one", r.stdout)
	}
	wantRefusal(t, riskbookWithData(t, data, "restore", ws), ws+" exists", "--replace")
	r = riskbookWithData(t, data, "restore", ws, "--replace")
	wantSuccess(t, r, ExitOK)
	if !strings.Contains(r.stdout, "kept as") {
		t.Errorf("restore: %q, want where the replaced file is kept", r.stdout)
	}
	wantDir(t, dir, "registry.riskbook")
	r = riskbookWithData(t, data, "backups", ws)
	if strings.Count(r.stdout, ".riskbook\n") != 2 || !strings.Contains(r.stdout, "before a restore") {
		t.Errorf("backups after the restore: %q", r.stdout)
	}
}
