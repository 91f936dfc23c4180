package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/BurntSushi/toml"

	"riskbook/benchdata"
	"riskbook/cli"
	"riskbook/i18n"
	"riskbook/workspace"
)

// TestMain lets a test run the real binary: the test binary runs main()
// when RISKBOOK_RUN_MAIN is set, with every package initialised as in the
// shipped program, the toolkit included.
func TestMain(m *testing.M) {
	if os.Getenv("RISKBOOK_RUN_MAIN") == "1" {
		os.Args = append([]string{"riskbook"}, os.Args[1:]...)
		main()
	}
	os.Exit(m.Run())
}

// TestQuietInEveryLocale runs commands as a person would, as the whole
// program, under the locales people have: a command that succeeds writes
// nothing to standard error, and a refusal writes one sentence.
func TestQuietInEveryLocale(t *testing.T) {
	locales := []struct {
		name string
		env  []string
	}{
		{"LangCUTF8", []string{"LANG=C.UTF-8"}},
		{"LangC", []string{"LANG=C"}},
		{"LangPOSIX", []string{"LANG=POSIX"}},
		{"Unset", nil},
		{"French", []string{"LANG=fr_FR.UTF-8"}},
		{"LCAllCUTF8", []string{"LC_ALL=C.UTF-8", "LANG=en_US.UTF-8"}},
	}
	dir := t.TempDir()
	ws := filepath.Join(dir, "w.riskbook")
	for i, loc := range locales {
		t.Run(loc.name, func(t *testing.T) {
			if i == 0 {
				wantQuiet(t, loc.env, "init", ws, "--user", "Ana")
			}
			wantQuiet(t, loc.env, "version")
			wantQuiet(t, loc.env, "verify", ws)
			wantQuiet(t, loc.env, "export", ws, "--xlsx", filepath.Join(dir, loc.name+".xlsx"))
			code, stderr := riskbookMain(t, loc.env, "check", filepath.Join(dir, "missing.riskbook"))
			if code != 2 || bytes.Count(stderr, []byte("\n")) != 1 {
				t.Errorf("check of a missing file: got exit %d, stderr %q; want 2 and one sentence", code, stderr)
			}
		})
	}
}

func wantQuiet(t *testing.T, env []string, args ...string) {
	t.Helper()
	if code, stderr := riskbookMain(t, env, args...); code != 0 || len(stderr) != 0 {
		t.Errorf("riskbook %q: got exit %d, stderr %q; want 0 and nothing", args, code, stderr)
	}
}

// mainCommand is the program run with args, in a home of its own and with
// no locale variables.
func mainCommand(t *testing.T, args ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = []string{"RISKBOOK_RUN_MAIN=1", "HOME=" + t.TempDir(), "PATH=" + os.Getenv("PATH")}
	return cmd
}

// riskbookMain runs the program with only the given locale variables.
func riskbookMain(t *testing.T, env []string, args ...string) (int, []byte) {
	t.Helper()
	cmd := mainCommand(t, args...)
	cmd.Env = append(cmd.Env, env...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode(), stderr.Bytes()
	}
	if err != nil {
		t.Fatalf("run %q: %v", args, err)
	}
	return 0, stderr.Bytes()
}

// TestVersionFromFyneApp: riskbook version, the desktop app's About and the
// documents show the version of FyneApp.toml, which the packaging command
// reads, so the program and its installer cannot disagree.
func TestVersionFromFyneApp(t *testing.T) {
	var meta struct{ Details struct{ Version string } }
	if _, err := toml.DecodeFile("FyneApp.toml", &meta); err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`^\d+\.\d+\.\d+$`).MatchString(meta.Details.Version) {
		t.Fatalf("FyneApp.toml gives version %q; fyne package wants x.y.z", meta.Details.Version)
	}
	if v, err := appVersion(fyneApp); err != nil || v != meta.Details.Version {
		t.Errorf("embedded version: got %q, %v; want %q", v, err, meta.Details.Version)
	}
	out, err := mainCommand(t, "version").Output()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(out), "riskbook "+meta.Details.Version+" ") {
		t.Errorf("riskbook version says %q, want version %s", out, meta.Details.Version)
	}
	if workspace.Version != "dev" {
		t.Errorf("workspace.Version defaults to %q: a second place for the version; want dev until main sets it", workspace.Version)
	}
	for _, bad := range [][]byte{[]byte("[Details]\nName = \"Riskbook\"\n"), []byte("not toml = = =")} {
		if _, err := appVersion(bad); err == nil {
			t.Errorf("appVersion(%q) gave no error", bad)
		}
	}
}

// A command the system asks to end (kill, a shutdown) stops as Ctrl+C
// stops it: it says so, and keeps nothing of the file it was writing, not
// even its temporary one.
func TestTerminatedExportKeepsNothing(t *testing.T) {
	dir := t.TempDir()
	ws, csv := filepath.Join(dir, "w.riskbook"), filepath.Join(dir, "register.csv")
	var data bytes.Buffer
	if err := benchdata.Write(&data, 10_000); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(csv, data.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	wantQuiet(t, nil, "init", ws, "--template", "blank")
	if code, stderr := riskbookMain(t, nil, "import", ws, csv); code != 0 {
		t.Fatalf("import: exit %d: %s", code, stderr)
	}
	out := filepath.Join(t.TempDir(), "register.xlsx")
	cmd := mainCommand(t, "export", ws, "--xlsx", out)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Asked to end once it writes the workbook's temporary file.
	for deadline := time.Now().Add(time.Minute); ; time.Sleep(time.Millisecond) {
		tmp, _ := filepath.Glob(filepath.Join(filepath.Dir(out), "*.tmp"))
		if len(tmp) > 0 || time.Now().After(deadline) {
			break
		}
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	err := cmd.Wait()
	ee, ok := err.(*exec.ExitError)
	if !ok || ee.ExitCode() != cli.ExitStopped {
		t.Fatalf("export asked to end: got %v, stderr %q; want exit %d", err, stderr.String(), cli.ExitStopped)
	}
	if want := "riskbook export: " + i18n.T("stop.cli") + "\n"; stderr.String() != want {
		t.Errorf("stderr %q, want %q", stderr.String(), want)
	}
	if left, _ := os.ReadDir(filepath.Dir(out)); len(left) > 0 {
		t.Errorf("left behind: %v", left)
	}
}

// Without a display to show its window on, the desktop app says so in one
// sentence and exits with status 2; the toolkit used to stop with a stack
// trace. With no DISPLAY it says so before the toolkit starts; with one
// that does not answer, once the toolkit has failed to open it (after the
// toolkit's own line in the log).
func TestDesktopWithoutDisplay(t *testing.T) {
	if displayProblem(func(string) string { return "" }) == nil {
		t.Skip("this system always has a display")
	}
	code, stderr := riskbookMain(t, []string{"DISPLAY="}, "open", filepath.Join(t.TempDir(), "w.riskbook"))
	if want := "riskbook open: " + i18n.T("cli.open.no_display") + "\n"; code != 2 || string(stderr) != want {
		t.Errorf("no DISPLAY: got exit %d, stderr %q; want 2 and %q", code, stderr, want)
	}
	display := ":4242" // no server answers there
	if _, err := os.Stat("/tmp/.X11-unix/X4242"); err == nil {
		t.Skip("a display :4242 exists")
	}
	code, stderr = riskbookMain(t, []string{"DISPLAY=" + display}, "open", filepath.Join(t.TempDir(), "w.riskbook"))
	want := "riskbook open: " + i18n.T("cli.open.display_unreachable", i18n.Args{"Display": display}) + "\n"
	if code != 2 || !strings.HasSuffix(string(stderr), want) || bytes.Contains(stderr, []byte("goroutine")) {
		t.Errorf("DISPLAY=%s: got exit %d, stderr %q; want 2 and %q last", display, code, stderr, want)
	}
}
