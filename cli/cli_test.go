package cli

import (
	"bytes"
	"database/sql"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	_ "modernc.org/sqlite" // the raw connection that tampers with a workspace

	"riskbook/sqlite"
	"riskbook/workspace"
)

// allCommands is every command the CLI must offer, spelled out here so that
// dropping one from commands() fails a test.
var allCommands = []string{"open", "init", "check", "dump", "load", "verify", "backup", "backups", "restore", "salvage", "version", "rescore", "import"}

func TestHelp(t *testing.T) {
	t.Parallel()
	for _, flag := range []string{"--help", "help", "-h", "-help"} {
		t.Run("Top"+flag, func(t *testing.T) {
			r := riskbook(t, "", flag)
			wantSuccess(t, r, ExitOK)
			for _, name := range allCommands {
				if !regexp.MustCompile(`(?m)^  ` + name + ` `).MatchString(r.stdout) {
					t.Errorf("riskbook %s: command %q missing from:\n%s", flag, name, r.stdout)
				}
			}
		})
	}
	for _, name := range allCommands {
		for _, flag := range []string{"--help", "-h"} {
			t.Run(name+flag, func(t *testing.T) {
				r := riskbook(t, "", name, flag)
				wantSuccess(t, r, ExitOK)
				if want := "Usage: riskbook " + name; !strings.HasPrefix(r.stdout, want) {
					t.Errorf("got stdout %q, want it to start with %q", r.stdout, want)
				}
			})
		}
	}
	t.Run("HelpAfterFileDoesNothing", func(t *testing.T) {
		dir := t.TempDir()
		r := riskbook(t, "", "init", filepath.Join(dir, "w.riskbook"), "--help")
		wantSuccess(t, r, ExitOK)
		wantDir(t, dir)
	})
}

func TestUsageErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	ws := filepath.Join(dir, "w.riskbook")
	tests := []struct {
		name string
		args []string
		want string // part of the one sentence on stderr
	}{
		{"UnknownCommand", []string{"frob"}, `unknown command "frob"`},
		{"UnknownDashCommand", []string{"-x"}, `unknown command "-x"`},
		{"InitNoArgs", []string{"init"}, "expects 1 argument: FILE"},
		{"InitTwoArgs", []string{"init", ws, ws}, "expects 1 argument: FILE"},
		{"CheckNoArgs", []string{"check"}, "expects 1 argument"},
		{"LoadOneArg", []string{"load", ws}, "expects 2 arguments: DUMP.json FILE"},
		{"BackupOneArg", []string{"backup", ws}, "expects 2 arguments: FILE OUT"},
		{"VerifyTwoArgs", []string{"verify", ws, ws}, "expects 1 argument"},
		{"VersionExtraArg", []string{"version", "now"}, "expects no arguments"},
		{"UnknownFlag", []string{"init", ws, "--bogus"}, "there is no option -bogus"},
		{"UnknownFlagBeforeFile", []string{"check", "--colour", ws}, "-colour"},
		{"FlagWithoutValue", []string{"dump", ws, "--out"}, "the option -out needs a value"},
		{"BadTemplate", []string{"init", ws, "--template", "nope"}, `--template "nope" is not a template`},
		{"BadLanguage", []string{"init", ws, "--lang", "de"}, `--lang: the starter content is not written in "de"; choose one of en (English)`},
		{"JobOfAnotherLanguage", []string{"init", ws, "--lang", "en", "--person", "Ana; Responsable technique; Board chair"}, "more than a name"},
		{"BadSeverity", []string{"check", "--min", "loud", ws}, `--min "loud" is not a severity`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := riskbook(t, "", tt.args...)
			wantRefusal(t, r, tt.want)
		})
	}
	wantDir(t, dir) // init --template nope made nothing
}

func TestInit(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		args      []string // after "init"; FILE stands for the path given
		given     string
		created   string
		template  string
		wantRisks bool
	}{
		{"DefaultTemplate", []string{"FILE"}, "w.riskbook", "w.riskbook", "cctld", true},
		{"BlankFlagAfterFile", []string{"FILE", "--template", "blank"}, "w.riskbook", "w.riskbook", "blank", false},
		{"BlankFlagBeforeFile", []string{"--template=blank", "FILE"}, "w.riskbook", "w.riskbook", "blank", false},
		{"CctldExplicit", []string{"FILE", "-template", "cctld"}, "w.riskbook", "w.riskbook", "cctld", true},
		{"AddsExtension", []string{"FILE"}, "registry", "registry.riskbook", "cctld", true},
		{"KeepsOtherExtension", []string{"FILE", "--template", "blank"}, "registry.db", "registry.db", "blank", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			given, created := filepath.Join(dir, tt.given), filepath.Join(dir, tt.created)
			args := []string{"init"}
			for _, a := range tt.args {
				args = append(args, strings.ReplaceAll(a, "FILE", given))
			}
			r := riskbook(t, "", args...)
			wantSuccess(t, r, ExitOK)
			if want := "Created " + created + " from the " + tt.template + " template"; !strings.Contains(r.stdout, want) {
				t.Errorf("got stdout %q, want it to contain %q", r.stdout, want)
			}
			wantDir(t, dir, tt.created)
			d := readDump(t, created)
			if got := len(d.Risks) > 0; got != tt.wantRisks {
				t.Errorf("got %d risks, want risks: %v", len(d.Risks), tt.wantRisks)
			}
			wantSuccess(t, riskbook(t, "", "verify", created), ExitOK)
		})
	}
}

// TestInitLanguage: init --lang writes the starter content in the language
// asked for, takes the jobs of that language's kit, and the workspace
// remembers its language.
func TestInitLanguage(t *testing.T) {
	t.Parallel()
	for _, lang := range workspace.ContentLanguages()[1:] {
		t.Run(lang, func(t *testing.T) {
			t.Parallel()
			jobs, err := workspace.StarterJobs(workspace.TemplateCcTLD, lang)
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(t.TempDir(), "w.riskbook")
			r := riskbook(t, "", "init", path, "--lang", lang, "--person", "Ana Lima; +1 555 0101; "+jobs[1])
			wantSuccess(t, r, ExitOK)
			if want := "template in " + workspace.LanguageName(lang); !strings.Contains(r.stdout, want) {
				t.Errorf("got stdout %q, want it to say %q", r.stdout, want)
			}
			d := readDump(t, path)
			if got := d.Settings[sqlite.SettingContentLanguage]; got != lang {
				t.Errorf("content language %q, want %q", got, lang)
			}
			english, err := workspace.StarterJobs(workspace.TemplateCcTLD, "")
			if err != nil {
				t.Fatal(err)
			}
			owners := map[string]bool{}
			for _, raw := range d.Risks {
				var rk struct{ Owner string }
				if err := json.Unmarshal(raw, &rk); err != nil {
					t.Fatal(err)
				}
				owners[rk.Owner] = true
			}
			if owners[english[1]] || !owners["Ana Lima"] {
				t.Errorf("risk owners %v: want Ana Lima, %s, and not the English job %s", owners, jobs[1], english[1])
			}
			wantSuccess(t, riskbook(t, "", "verify", path), ExitOK)
		})
	}
}

func TestInitUser(t *testing.T) {
	t.Parallel()
	const user = "Ana Nguyễn"
	path := filepath.Join(t.TempDir(), "w.riskbook")
	wantSuccess(t, riskbook(t, "", "init", path, "--user", user), ExitOK)
	d := readDump(t, path)

	t.Run("Setting", func(t *testing.T) {
		if got := d.Settings[sqlite.SettingUserName]; got != user {
			t.Errorf("got setting %s = %q, want %q", sqlite.SettingUserName, got, user)
		}
		want, _ := json.Marshal(user)
		for _, c := range d.ChangeLog {
			if c.Entity == "setting" && c.Key == sqlite.SettingUserName && bytes.Equal(c.After, want) {
				return
			}
		}
		t.Errorf("got no change-log row setting %s to %s, want one", sqlite.SettingUserName, want)
	})
	t.Run("Actor", func(t *testing.T) {
		for _, c := range d.ChangeLog {
			if c.Actor != user {
				t.Errorf("change-log row %d (%s %s): got actor %q, want %q", c.ID, c.Entity, c.Key, c.Actor, user)
			}
		}
	})
}

func TestInitRefuses(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		existing string // file made before init, with content "keep me"
		given    string
		want     string
	}{
		{"ExistingFile", "w.riskbook", "w.riskbook", "already exists"},
		{"ExistingAfterExtension", "w.riskbook", "w", "w.riskbook already exists"},
		{"ExistingNonWorkspace", "notes.txt", "notes.txt", "already exists"},
		{"MissingFolder", "", "nope/w.riskbook", "does not exist"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			var keep []string
			if tt.existing != "" {
				writeFile(t, filepath.Join(dir, tt.existing), "keep me")
				keep = append(keep, tt.existing)
			}
			r := riskbook(t, "", "init", filepath.Join(dir, tt.given))
			wantRefusal(t, r, tt.want)
			wantDir(t, dir, keep...)
			if tt.existing != "" {
				if got := readFile(t, filepath.Join(dir, tt.existing)); got != "keep me" {
					t.Errorf("got %s holding %q, want it unchanged", tt.existing, got)
				}
			}
		})
	}
}

// summaryLine is check's last line.
var summaryLine = regexp.MustCompile(`(?m)^(\d+) errors?, (\d+) warnings?, (\d+) notes?\.\n\z`)

func TestCheck(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	cctld := newWorkspace(t, dir, "cctld.riskbook", "cctld")
	blank := newWorkspace(t, dir, "blank.riskbook", "blank")
	// A registry of one: the starter's roles have nobody to stand in.
	alone := filepath.Join(dir, "alone.riskbook")
	wantSuccess(t, riskbook(t, "", "init", alone, "--person", "Ana Silva; ana@nic.example; Registry manager"), ExitOK)
	tests := []struct {
		name      string
		args      []string
		wantCode  int
		wantRules []string // rules that must appear as error lines
		hidden    []string // severities the summary counts but no line shows
		warnings  []string // rules that must appear as warning lines
		playbooks string
	}{
		// A new workspace shows what the operator must fill in, and nothing
		// that is wrong with the starter kit itself.
		{"Cctld", []string{cctld}, ExitOK, nil, nil, []string{"to-fill-in", "playbook-not-exercised"}, "5 playbooks"},
		{"Alone", []string{alone}, ExitFindings, []string{"role-alternate-same-person", "key-person"}, nil, []string{"role-holder-unreachable"}, "5 playbooks"},
		{"AloneMinWarning", []string{"--min", "warning", alone}, ExitFindings, []string{"key-person"}, []string{"info"}, nil, "5 playbooks"},
		{"AloneMinErrorAfterFile", []string{alone, "--min", "error"}, ExitFindings, []string{"key-person"}, []string{"warning", "info"}, nil, "5 playbooks"},
		{"Blank", []string{blank}, ExitOK, nil, nil, nil, "0 playbooks"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := riskbook(t, "", append([]string{"check"}, tt.args...)...)
			wantSuccess(t, r, tt.wantCode)
			m := summaryLine.FindStringSubmatch(r.stdout)
			if m == nil {
				t.Fatalf("got stdout\n%s\nwant it to end with a line \"N errors, N warnings, N notes.\"", r.stdout)
			}
			counted := map[string]int{"error": atoi(t, m[1]), "warning": atoi(t, m[2]), "info": atoi(t, m[3])}
			if (counted["error"] > 0) != (tt.wantCode == ExitFindings) {
				t.Errorf("got exit %d with %d errors counted", r.code, counted["error"])
			}
			shown, rules := findingLines(r.stdout)
			for sev, n := range counted {
				switch {
				case slices.Contains(tt.hidden, sev) && (n == 0 || shown[sev] != 0):
					t.Errorf("%s: got %d lines of %d counted, want 0 lines of more than 0", sev, shown[sev], n)
				case !slices.Contains(tt.hidden, sev) && (shown[sev] > n || (n > 0) != (shown[sev] > 0)):
					t.Errorf("%s: got %d lines, want one per cause of the %d the summary counts", sev, shown[sev], n)
				}
			}
			for _, rule := range tt.wantRules {
				if !slices.Contains(rules["error"], rule) {
					t.Errorf("got error rules %v, want [%s] among them", rules["error"], rule)
				}
			}
			for _, rule := range tt.warnings {
				if !slices.Contains(rules["warning"], rule) {
					t.Errorf("got warning rules %v, want [%s] among them", rules["warning"], rule)
				}
			}
			if line, twice := repeatedCause(r.stdout); twice {
				t.Errorf("one cause on two lines: %q", line)
			}
			if blanks := strings.Contains(r.stdout, "blanks of the starter kit still to fill in"); blanks != (tt.playbooks != "0 playbooks") {
				t.Errorf("the count of blanks shown: %v; want it for a starter workspace only", blanks)
			}
			if !strings.Contains(r.stdout, "in the business impact analysis, "+tt.playbooks+".\n") {
				t.Errorf("got stdout\n%s\nwant the summary to count the playbooks", r.stdout)
			}
		})
	}
}

// repeatedCause returns a finding line whose message and rule another
// line repeats for another record: check says one cause once.
func repeatedCause(stdout string) (string, bool) {
	seen := map[string]bool{}
	for line := range strings.Lines(stdout) {
		if strings.TrimSpace(line) == "" {
			break
		}
		f := strings.Fields(line)
		msg := strings.TrimSpace(strings.TrimPrefix(line, f[0]))
		if i := strings.Index(msg, ": "); i >= 0 && strings.Contains(msg[:i], ",") {
			msg = msg[i+2:] // several records, then the message
		} else {
			msg = strings.TrimSpace(strings.TrimPrefix(msg, strings.Fields(msg)[0]))
		}
		if seen[msg] {
			return line, true
		}
		seen[msg] = true
	}
	return "", false
}

// findingLines counts check's finding lines by severity and collects their
// rules.
func findingLines(stdout string) (map[string]int, map[string][]string) {
	shown, rules := map[string]int{}, map[string][]string{}
	rule := regexp.MustCompile(`\[([a-z-]+)\]$`)
	for line := range strings.Lines(stdout) {
		f := strings.Fields(line)
		if len(f) == 0 {
			break // the blank line before the summary
		}
		shown[f[0]]++
		if m := rule.FindStringSubmatch(strings.TrimSpace(line)); m != nil {
			rules[f[0]] = append(rules[f[0]], m[1])
		}
	}
	return shown, rules
}

func TestNotAWorkspace(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	files := []struct {
		name, content string
		want          string
	}{
		{"missing.riskbook", "", "does not exist"},
		{"empty.riskbook", "", "is empty"},
		{"notes.txt", "a risk register in prose\n", "not a SQLite database"},
		{"dump.json", `{"format": "riskbook-workspace", "version": 1}`, "not a SQLite database"},
		{"other.db", "", "not a Riskbook workspace"},
		{"folder", "", "is a folder"},
	}
	writeFile(t, filepath.Join(dir, "empty.riskbook"), "")
	writeFile(t, filepath.Join(dir, "notes.txt"), files[2].content)
	writeFile(t, filepath.Join(dir, "dump.json"), files[3].content)
	execSQL(t, filepath.Join(dir, "other.db"), "CREATE TABLE risks (title TEXT)")
	if err := os.Mkdir(filepath.Join(dir, "folder"), 0o755); err != nil {
		t.Fatal(err)
	}
	before := snapshotDir(t, dir)
	for _, cmd := range []string{"check", "dump", "verify", "backup"} {
		for _, f := range files {
			t.Run(cmd+"/"+f.name, func(t *testing.T) {
				args := []string{cmd, filepath.Join(dir, f.name)}
				if cmd == "backup" {
					args = append(args, filepath.Join(dir, "copy.riskbook"))
				}
				wantRefusal(t, riskbook(t, "", args...), f.want, f.name)
			})
		}
	}
	if after := snapshotDir(t, dir); !maps.Equal(before, after) {
		t.Errorf("got folder %v after the refusals, want it unchanged: %v", after, before)
	}
}

func TestDumpLoadRoundTrip(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	ws := newWorkspace(t, dir, "w.riskbook", "cctld")
	r := riskbook(t, "", "dump", ws)
	wantSuccess(t, r, ExitOK)
	dump := r.stdout
	var head struct {
		Format  string `json:"format"`
		Version int    `json:"version"`
	}
	if err := json.Unmarshal([]byte(dump), &head); err != nil || head.Format != sqlite.DumpFormat || head.Version != sqlite.DumpVersion {
		t.Fatalf("got dump head %+v (%v), want format %q version %d", head, err, sqlite.DumpFormat, sqlite.DumpVersion)
	}
	out := filepath.Join(dir, "w.json")
	r = riskbook(t, "", "dump", ws, "--out", out)
	wantSuccess(t, r, ExitOK)
	if r.stdout != "" {
		t.Errorf("dump --out: got stdout %q, want none", r.stdout)
	}
	if got := readFile(t, out); got != dump {
		t.Fatalf("dump --out differs from dump to stdout")
	}

	tests := []struct {
		name  string
		src   string
		stdin string
	}{
		{"FromFile", out, ""},
		{"FromStdin", "-", dump},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			loaded := filepath.Join(dir, tt.name+".riskbook")
			r := riskbook(t, tt.stdin, "load", tt.src, loaded)
			wantSuccess(t, r, ExitOK)
			if !strings.HasPrefix(r.stdout, "Loaded ") {
				t.Errorf("got stdout %q, want \"Loaded …\"", r.stdout)
			}
			wantSuccess(t, riskbook(t, "", "verify", loaded), ExitOK)
			if got := dumpOf(t, loaded); got != dump {
				t.Errorf("dump of the loaded workspace differs from the dump it was loaded from:\n%s", firstDiff(got, dump))
			}
		})
	}
	wantDir(t, dir, "w.riskbook", "w.json", "FromFile.riskbook", "FromStdin.riskbook")
}

func TestLoadHandEdit(t *testing.T) {
	t.Parallel()
	const user = "Ana Nguyễn"
	dir := t.TempDir()
	ws := filepath.Join(dir, "w.riskbook")
	wantSuccess(t, riskbook(t, "", "init", ws, "--user", user), ExitOK)
	edited := editDump(t, dumpOf(t, ws), func(d map[string]any) {
		d["risks"].([]any)[0].(map[string]any)["title"] = "Edited by hand"
	})
	loaded := filepath.Join(dir, "loaded.riskbook")
	wantSuccess(t, riskbook(t, edited, "load", "-", loaded), ExitOK)
	wantSuccess(t, riskbook(t, "", "verify", loaded), ExitOK)
	d := readDump(t, loaded)
	last := d.ChangeLog[len(d.ChangeLog)-1]
	if last.Entity != "risk" || last.Action != "update" || !bytes.Contains(last.After, []byte(`"Edited by hand"`)) {
		t.Fatalf("got last change-log row %d %s %s %s, want the hand edit of the title as a risk update", last.ID, last.Action, last.Entity, last.Key)
	}
	t.Run("Actor", func(t *testing.T) {
		if last.Actor != user {
			t.Errorf("got actor %q for the hand edit, want %q", last.Actor, user)
		}
	})
}

func TestLoadRefuses(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	ws := newWorkspace(t, dir, "w.riskbook", "cctld")
	dump := dumpOf(t, ws)
	writeFile(t, filepath.Join(dir, "taken.riskbook"), "keep me")
	tests := []struct {
		name     string
		input    string // given as a file and on stdin
		existing string // the target, in dir; "" for new.riskbook in a folder of its own
		missing  bool   // the target's folder does not exist
		want     string
	}{
		{name: "ExistingTarget", input: dump, existing: "taken.riskbook", want: "already exists"},
		{name: "ExistingWorkspace", input: dump, existing: "w.riskbook", want: "already exists"},
		{name: "NotADump", input: `{"risks": []}`, want: "not a Riskbook workspace dump"},
		{name: "Empty", input: "", want: "not valid JSON"},
		{name: "NotJSON", input: "format: riskbook-workspace\n", want: "not valid JSON at line 1"},
		{name: "NewerVersion", input: editDump(t, dump, func(d map[string]any) { d["version"] = sqlite.DumpVersion + 1 }),
			want: "newer than this Riskbook reads"},
		{name: "UnknownField", input: editDump(t, dump, func(d map[string]any) { d["colour"] = "red" }), want: `"colour"`},
		{name: "WrongType", input: editDump(t, dump, func(d map[string]any) { d["risks"] = "none" }), want: `field "risks"`},
		{name: "ScoreOutsideScale", input: editDump(t, dump, func(d map[string]any) {
			d["risks"].([]any)[0].(map[string]any)["inherent"] = map[string]any{"likelihood": 9, "consequence": 1}
		}), want: "outside the scales"},
		{name: "MissingFolder", input: dump, missing: true, want: "does not exist"},
	}
	before := snapshotDir(t, dir)
	for _, tt := range tests {
		for _, src := range []string{"File", "Stdin"} {
			t.Run(tt.name+src, func(t *testing.T) {
				arg, stdin := "-", tt.input
				if src == "File" {
					arg, stdin = filepath.Join(t.TempDir(), "in.json"), ""
					writeFile(t, arg, tt.input)
				}
				targetDir := t.TempDir()
				target := filepath.Join(targetDir, "new.riskbook")
				switch {
				case tt.existing != "":
					target = filepath.Join(dir, tt.existing)
				case tt.missing:
					target = filepath.Join(targetDir, "nope", "new.riskbook")
				}
				r := riskbook(t, stdin, "load", arg, target)
				wantRefusal(t, r, tt.want)
				wantDir(t, targetDir)
				if after := snapshotDir(t, dir); !maps.Equal(before, after) {
					t.Errorf("got folder %v, want it unchanged: %v", keys(after), keys(before))
				}
			})
		}
	}
	t.Run("MissingSource", func(t *testing.T) {
		targetDir := t.TempDir()
		r := riskbook(t, "", "load", filepath.Join(dir, "missing.json"), filepath.Join(targetDir, "new.riskbook"))
		wantRefusal(t, r, "does not exist", "missing.json")
		wantDir(t, targetDir)
	})
}

func TestDumpOutRefuses(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	ws := newWorkspace(t, dir, "w.riskbook", "blank")
	t.Run("MissingFolder", func(t *testing.T) {
		r := riskbook(t, "", "dump", ws, "--out", filepath.Join(dir, "nope", "w.json"))
		wantRefusal(t, r, "does not exist", "nope")
		wantDir(t, dir, "w.riskbook")
	})
	t.Run("OntoItsWorkspace", func(t *testing.T) {
		before := readFile(t, ws)
		r := riskbook(t, "", "dump", ws, "--out", ws)
		wantRefusal(t, r, "w.riskbook")
		if readFile(t, ws) != before {
			t.Errorf("got %s changed, want it untouched", ws)
		}
		wantDir(t, dir, "w.riskbook")
	})
}

func TestVerify(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		tamper   string // SQL run on the workspace with a raw connection
		wantCode int
		want     []string
	}{
		{"Fresh", "", ExitOK, []string{"File integrity: ok\n", "hash chain intact."}},
		{"EditedAfter", `UPDATE changelog SET after = '{"title":"nothing to see"}' WHERE id = 5`, ExitFindings,
			[]string{"BROKEN at row 5 (", "the row was edited", "restore the workspace from a backup"}},
		{"EditedActor", "UPDATE changelog SET actor = 'mallory' WHERE id = 5", ExitFindings,
			[]string{"BROKEN at row 5 (", "by mallory", "the row was edited"}},
		{"DeletedRow", "DELETE FROM changelog WHERE id = 5", ExitFindings,
			[]string{"BROKEN at row 6 (", "a row was removed, inserted or reordered"}},
		{"EditedRisk", "UPDATE risks SET title = 'nothing to see' WHERE ref = 'R-001'", ExitFindings,
			[]string{"hash chain intact", "risk R-001 differs from its change log", "edited outside Riskbook"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			ws := newWorkspace(t, dir, "w.riskbook", "cctld")
			if tt.tamper != "" {
				execSQL(t, ws, tt.tamper)
			}
			r := riskbook(t, "", "verify", ws)
			wantSuccess(t, r, tt.wantCode)
			for _, w := range tt.want {
				if !strings.Contains(r.stdout, w) {
					t.Errorf("got stdout\n%s\nwant it to contain %q", r.stdout, w)
				}
			}
			wantDir(t, dir, "w.riskbook")
		})
	}
}

func TestBackup(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	ws := newWorkspace(t, dir, "w.riskbook", "cctld")
	dump := dumpOf(t, ws)
	writeFile(t, filepath.Join(dir, "old.riskbook"), "last year's copy")
	tests := []struct {
		name, out string
	}{
		{"NewFile", "copy.riskbook"},
		{"ReplacesFile", "old.riskbook"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := filepath.Join(dir, tt.out)
			r := riskbook(t, "", "backup", ws, out)
			wantSuccess(t, r, ExitOK)
			wantSuccess(t, riskbook(t, "", "verify", out), ExitOK)
			if got := dumpOf(t, out); got != dump {
				t.Errorf("dump of the backup differs from the workspace's:\n%s", firstDiff(got, dump))
			}
		})
	}
	wantDir(t, dir, "w.riskbook", "copy.riskbook", "old.riskbook")

	refusals := []struct {
		name, out, want string
	}{
		{"OntoItself", ws, "another file than"},
		{"OntoItselfByAnotherPath", dir + string(filepath.Separator) + "." + string(filepath.Separator) + "w.riskbook", "another file than"},
		{"MissingFolder", filepath.Join(dir, "nope", "copy.riskbook"), "does not exist"},
	}
	before := snapshotDir(t, dir)
	for _, tt := range refusals {
		t.Run(tt.name, func(t *testing.T) {
			wantRefusal(t, riskbook(t, "", "backup", ws, tt.out), tt.want)
			if after := snapshotDir(t, dir); !maps.Equal(before, after) {
				t.Errorf("got folder %v, want it unchanged: %v", keys(after), keys(before))
			}
		})
	}
	wantSuccess(t, riskbook(t, "", "verify", ws), ExitOK)
}

func TestVersion(t *testing.T) {
	t.Parallel()
	want := fmt.Sprintf("riskbook %s (workspace schema %d, dump format %d)\n", workspace.Version, sqlite.SchemaVersion(), sqlite.DumpVersion)
	for _, arg := range []string{"version", "--version", "-version"} {
		t.Run(arg, func(t *testing.T) {
			r := riskbook(t, "", arg)
			wantSuccess(t, r, ExitOK)
			if r.stdout != want {
				t.Errorf("got %q, want %q", r.stdout, want)
			}
		})
	}
}

// TestOpen stays small: open starts the desktop app, which a test replaces,
// so only what happens before the app starts is checked here.
func TestOpen(t *testing.T) {
	t.Parallel()
	t.Run("TwoFiles", func(t *testing.T) {
		r := riskbook(t, "", "open", "a.riskbook", "b.riskbook")
		if r.code == ExitOK || r.stdout != "" || strings.Count(r.stderr, "\n") != 1 {
			t.Errorf("got exit %d, stdout %q, stderr %q; want non-zero, no stdout and one line on stderr", r.code, r.stdout, r.stderr)
		}
	})
	t.Run("StartsDesktopOnFile", func(t *testing.T) {
		var got []string
		var stdout, stderr bytes.Buffer
		e := &Env{Stdout: &stdout, Stderr: &stderr, Desktop: func(path string) error { got = append(got, path); return nil }}
		code := openCommand().execute(t.Context(), e, []string{"w.riskbook"})
		if code != ExitOK || !slices.Equal(got, []string{"w.riskbook"}) || stderr.Len() != 0 {
			t.Errorf("got exit %d, desktop started on %q, stderr %q; want exit 0, once on w.riskbook, no stderr", code, got, stderr.String())
		}
	})
}

// cliResult is what one run of the command line did.
type cliResult struct {
	code           int
	stdout, stderr string
}

// riskbook runs the command line with stdin as standard input.
func riskbook(t *testing.T, stdin string, args ...string) cliResult {
	t.Helper()
	return riskbookEnv(t, &Env{Stdin: strings.NewReader(stdin)}, args...)
}

// riskbookEnv runs the command line in e, whose output it collects.
func riskbookEnv(t *testing.T, e *Env, args ...string) cliResult {
	t.Helper()
	var stdout, stderr bytes.Buffer
	e.Stdout, e.Stderr = &stdout, &stderr
	if e.Stdin == nil {
		e.Stdin = strings.NewReader("")
	}
	e.Desktop = func(string) error { t.Error("a command started the desktop app"); return nil }
	code := Run(t.Context(), args, e)
	return cliResult{code, stdout.String(), stderr.String()}
}

// wantSuccess fails unless r exited with code and wrote nothing to stderr.
func wantSuccess(t *testing.T, r cliResult, code int) {
	t.Helper()
	if r.code != code || r.stderr != "" {
		t.Fatalf("got exit %d, stderr %q; want exit %d and no stderr (stdout %q)", r.code, r.stderr, code, r.stdout)
	}
}

// wantRefusal fails unless r exited 2 with nothing on stdout and one line on
// stderr: a sentence ending with a period that contains every one of wants.
func wantRefusal(t *testing.T, r cliResult, wants ...string) {
	t.Helper()
	if r.code != ExitUsage {
		t.Errorf("got exit %d, want %d", r.code, ExitUsage)
	}
	if r.stdout != "" {
		t.Errorf("got stdout %q, want none", r.stdout)
	}
	if strings.Count(r.stderr, "\n") != 1 || !strings.HasSuffix(r.stderr, ".\n") || strings.HasSuffix(r.stderr, "..\n") {
		t.Errorf("got stderr %q, want one line ending with one period", r.stderr)
	}
	for _, w := range wants {
		if !strings.Contains(r.stderr, w) {
			t.Errorf("got stderr %q, want it to contain %q", r.stderr, w)
		}
	}
}

// newWorkspace runs riskbook init and returns the workspace's path.
func newWorkspace(t *testing.T, dir, name, template string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	wantSuccess(t, riskbook(t, "", "init", path, "--template", template), ExitOK)
	return path
}

// dumpOf returns riskbook dump's output for path.
func dumpOf(t *testing.T, path string) string {
	t.Helper()
	r := riskbook(t, "", "dump", path)
	wantSuccess(t, r, ExitOK)
	return r.stdout
}

// dumpDoc is the part of a dump the tests look into.
type dumpDoc struct {
	Settings  map[string]string `json:"settings"`
	Risks     []json.RawMessage `json:"risks"`
	ChangeLog []struct {
		ID     int64           `json:"id"`
		Actor  string          `json:"actor"`
		Entity string          `json:"entity"`
		Key    string          `json:"key"`
		Action string          `json:"action"`
		After  json.RawMessage `json:"after"`
	} `json:"changelog"`
}

func readDump(t *testing.T, path string) dumpDoc {
	t.Helper()
	var d dumpDoc
	if err := json.Unmarshal([]byte(dumpOf(t, path)), &d); err != nil {
		t.Fatalf("dump of %s: %v", path, err)
	}
	if len(d.ChangeLog) == 0 {
		t.Fatalf("dump of %s has no change log", path)
	}
	return d
}

// editDump returns dump changed by edit, as a person editing the JSON would.
func editDump(t *testing.T, dump string, edit func(map[string]any)) string {
	t.Helper()
	var d map[string]any
	if err := json.Unmarshal([]byte(dump), &d); err != nil {
		t.Fatal(err)
	}
	edit(d)
	out, err := json.MarshalIndent(d, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

// execSQL runs one statement on a SQLite file behind Riskbook's back and
// fails unless it changed exactly one row or created a table.
func execSQL(t *testing.T, path, query string) {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	res, err := db.Exec(query)
	if err != nil {
		db.Close()
		t.Fatalf("%s: %v", query, err)
	}
	n, err := res.RowsAffected()
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		t.Fatal(err)
	}
	if n != 1 && !strings.HasPrefix(query, "CREATE") {
		t.Fatalf("%s: changed %d rows, want 1", query, n)
	}
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func atoi(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// wantDir fails unless dir holds exactly the named entries: no temporary
// files, no -wal, -shm or .lock files left behind.
func wantDir(t *testing.T, dir string, names ...string) {
	t.Helper()
	got := keys(snapshotDir(t, dir))
	want := slices.Sorted(slices.Values(names))
	if !slices.Equal(got, want) {
		t.Errorf("got %s holding %q, want %q", dir, got, want)
	}
}

// snapshotDir maps the name of each entry of dir to its content ("/" for a
// folder).
func snapshotDir(t *testing.T, dir string) map[string]string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, e := range entries {
		if e.IsDir() {
			out[e.Name()] = "/"
			continue
		}
		out[e.Name()] = readFile(t, filepath.Join(dir, e.Name()))
	}
	return out
}

func keys(m map[string]string) []string { return slices.Sorted(maps.Keys(m)) }

// firstDiff shows the first line where got and want differ.
func firstDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := range min(len(g), len(w)) {
		if g[i] != w[i] {
			return fmt.Sprintf("line %d: got %q, want %q", i+1, g[i], w[i])
		}
	}
	return fmt.Sprintf("got %d lines, want %d", len(g), len(w))
}
