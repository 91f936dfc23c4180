package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// importSample is a register as people keep them: a title above the
// header, a blank row, a score column to cross-check, a comments column no
// field takes, a row with neither title nor reference, and a likelihood
// that is not on any scale.
const importSample = "Risk register 2026\n\n" +
	"Ref,Risk,Likelihood (1-5),Impact (1-5),Risk Score,Owner,Status,Comments\n" +
	"R-1,Fire in the server room,3,4,12,Ana,Open,check the extinguishers\n" +
	"R-2,Flood,2,5,11,Bea,In progress,\n" +
	",,,,,,,stray note\n" +
	"R-3,Theft,often,2,,Cy,,\n"

// importChanges returns the workspace's change-log rows about imports.
func importChanges(t *testing.T, ws string) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, c := range readDump(t, ws).ChangeLog {
		if c.Entity != "import" {
			continue
		}
		var after map[string]any
		if err := json.Unmarshal(c.After, &after); err != nil {
			t.Fatal(err)
		}
		after["key"] = c.Key
		out = append(out, after)
	}
	return out
}

func wantContains(t *testing.T, what, got string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(got, w) {
			t.Errorf("%s: want %q in\n%s", what, w, got)
		}
	}
}

func wantVerified(t *testing.T, ws string) {
	t.Helper()
	r := riskbook(t, "", "verify", ws)
	wantSuccess(t, r, ExitOK)
	wantContains(t, "verify", r.stdout, "File integrity: ok", "hash chain intact")
	if strings.Contains(r.stdout, "differs") {
		t.Errorf("verify found drift:\n%s", r.stdout)
	}
}

func TestImportSamplesCLI(t *testing.T) {
	samples := []struct {
		name, path string
		risks      int
		want       []string
	}{
		{"SharedCSV", filepath.Join("..", "shared", "samples", "register-text-levels.csv"), 8,
			[]string{`"Risk ID"`, "→ ref", `"high" → 4 (Likely)`, "create   R-01     Phishing Attack", "notes kept: Existing Controls:"}},
		{"SharedXLSX", filepath.Join("..", "shared", "samples", "register-basic.xlsx"), 2,
			[]string{`"Risk"`, "→ title", "create   (new)    Ransomware", `disagrees: Risk Level: the sheet says "Critical"`}},
		{"TestdataCSV", filepath.Join("export", "testdata", "import", "register-text-levels.csv"), 4,
			[]string{"create   R-01     Phishing Attack"}},
	}
	for _, s := range samples {
		t.Run(s.name, func(t *testing.T) {
			if _, err := os.Stat(s.path); err != nil {
				t.Skipf("sample not present: %v", err)
			}
			ws := newWorkspace(t, t.TempDir(), "w.riskbook", "blank")
			before := len(readDump(t, ws).ChangeLog)
			r := riskbook(t, "", "import", ws, s.path, "--dry-run")
			wantSuccess(t, r, ExitOK)
			wantContains(t, "dry run", r.stdout, append(s.want, "Dry run: nothing was written.")...)
			if n := len(readDump(t, ws).ChangeLog); n != before {
				t.Errorf("the dry run wrote %d change-log rows", n-before)
			}
			r = riskbook(t, "", "import", ws, s.path)
			wantSuccess(t, r, ExitOK)
			wantContains(t, "import", r.stdout, "Created: ", "Change log: row ", "import of "+filepath.Base(s.path))
			rs, _ := storedRisks(t, ws)
			if len(rs) != s.risks {
				t.Errorf("got %d risks, want %d", len(rs), s.risks)
			}
			imports := importChanges(t, ws)
			if len(imports) != 1 || imports[0]["key"] != filepath.Base(s.path) || len(imports[0]["created"].([]any)) != s.risks {
				t.Errorf("got import rows %v, want one of %s creating %d risks", imports, filepath.Base(s.path), s.risks)
			}
			if sha, _ := imports[0]["sha256"].(string); len(sha) != 64 || !strings.Contains(r.stdout, sha) {
				t.Errorf("got sha256 %q in the change log, want the file's, as printed", sha)
			}
			wantVerified(t, ws)
		})
	}
}

func TestImportDryRunCLI(t *testing.T) {
	dir := t.TempDir()
	ws := newWorkspace(t, dir, "w.riskbook", "blank")
	src := filepath.Join(dir, "register.csv")
	writeFile(t, src, importSample)
	dump := dumpOf(t, ws)
	r := riskbook(t, "", "import", ws, src, "--dry-run")
	wantSuccess(t, r, ExitOK)
	wantContains(t, "dry run", r.stdout,
		`register.csv: sheet "register.csv", header on row 3, SHA-256 `,
		"Column mapping (proposed; --save-map OUT.json to edit it):\n",
		`  A   "Ref"              → ref`+"\n",
		`  H   "Comments"         → (kept in the notes)`+"\n",
		"Value mapping (proposed):\n",
		`  status: "in progress" → treating, "open" → open`+"\n",
		"  row 4     create   R-1      Fire in the server room\n            notes kept: Comments: check the extinguishers\n",
		"  row 5     create   R-2      Flood\n            disagrees: Risk Score: the sheet's score is 11 but its own Likelihood (1-5) × Impact (1-5) is 10\n",
		"  row 6     skip     the row has no title and no reference, so it was skipped\n",
		"  row 7     create   R-3      Theft\n            UNSCORED: no likelihood and consequence could be read\n            problem: \"often\" is not on the likelihood scale of 1–5",
		"How the values were read:\n  Numbers in \"Likelihood (1-5)\" and \"Impact (1-5)\" are read: likelihood on the 1–5 scale the header names",
		"  sheet     The sheet gives no residual score for 2 new risks",
		"3 to create (1 UNSCORED), 0 to update, 1 skipped, 0 refused, 1 row disagreeing with the sheet's own ratings or scores.\n",
		"Dry run: nothing was written. To import: riskbook import "+ws+" "+src+"\n")
	if got := dumpOf(t, ws); got != dump {
		t.Error("the dry run changed the workspace")
	}
	// A dry run of a file the import would refuse exits 1 and says why.
	writeFile(t, src, importSample+"R-1,Fire again,2,2,,Ana,,\n")
	r = riskbook(t, "", "import", ws, src, "--dry-run")
	wantSuccess(t, r, ExitFindings)
	wantContains(t, "blocking dry run", r.stdout, "row 8     REFUSED  R-1      Fire again\n            problem: reference R-1 is also on row 4",
		"The import would be refused: row 8 of register.csv has a blocking problem")
}

func TestImportTwiceCLI(t *testing.T) {
	dir := t.TempDir()
	ws := newWorkspace(t, dir, "w.riskbook", "blank")
	src := filepath.Join(dir, "register.csv")
	writeFile(t, src, importSample)
	r := riskbook(t, "", "import", ws, src)
	wantSuccess(t, r, ExitOK)
	wantContains(t, "first import", r.stdout, "Created 3: R-1, R-2, R-3\n", "import of register.csv")
	dump := dumpOf(t, ws)

	// The same file again: refused, nothing written.
	r = riskbook(t, "", "import", ws, src)
	if r.code != ExitUsage || strings.Count(r.stderr, "\n") != 1 {
		t.Fatalf("second import: got exit %d, stderr %q; want 2 and one sentence", r.code, r.stderr)
	}
	wantContains(t, "second import", r.stderr, "register.csv was already imported on ", "--update")
	if dumpOf(t, ws) != dump {
		t.Error("the refused second import changed the workspace")
	}
	r = riskbook(t, "", "import", ws, src, "--dry-run")
	wantSuccess(t, r, ExitFindings)
	wantContains(t, "second dry run", r.stdout, "exists   R-1", "already in the workspace: --update to update it",
		"Note: this file was already imported on ")

	// With --update the rows update their risks; an unchanged file changes
	// none, and the import is still recorded.
	r = riskbook(t, "", "import", ws, src, "--update")
	wantSuccess(t, r, ExitOK)
	wantContains(t, "update unchanged", r.stdout, "0 to create, 0 to update, 1 skipped, 0 refused, 3 unchanged", "same     R-1", "Unchanged: 3 of the risks to update")
	if imports := importChanges(t, ws); len(imports) != 2 {
		t.Errorf("got %d import rows, want 2", len(imports))
	}

	// A changed file: its rows match existing risks, so --update is needed;
	// with it, only what the rows fill in changes.
	writeFile(t, src, strings.Replace(importSample, "R-2,Flood,2,5,11,Bea,In progress,", "R-2,Flood,2,5,10,Dee,,", 1))
	r = riskbook(t, "", "import", ws, src)
	if r.code != ExitUsage || !strings.Contains(r.stderr, "3 rows of register.csv have references already in the workspace (R-1, R-2, R-3)") {
		t.Errorf("changed file without --update: got exit %d, stderr %q", r.code, r.stderr)
	}
	r = riskbook(t, "", "import", ws, src, "--update")
	wantSuccess(t, r, ExitOK)
	wantContains(t, "update", r.stdout, "Updated 1: R-2\n", "Unchanged: 2 of the risks")
	rs, _ := storedRisks(t, ws)
	if got := rs["R-2"]; got.Owner != "Dee" || got.Status != "treating" || got.Residual.Likelihood != 2 || got.Residual.Consequence != 5 {
		t.Errorf("got R-2 %+v; want owner Dee, status and residual kept", got)
	}
	if len(rs) != 3 {
		t.Errorf("got %d risks, want 3: updates add none", len(rs))
	}
	wantVerified(t, ws)
}

func TestImportMapRoundTripCLI(t *testing.T) {
	dir := t.TempDir()
	ws := newWorkspace(t, dir, "w.riskbook", "blank")
	src := filepath.Join(dir, "register.csv")
	writeFile(t, src, importSample)
	mapFile := filepath.Join(dir, "map.json")
	r := riskbook(t, "", "import", ws, src, "--dry-run", "--save-map", mapFile)
	wantSuccess(t, r, ExitOK)
	wantContains(t, "save map", r.stdout, "Mapping saved to "+mapFile)
	var m map[string]any
	if err := json.Unmarshal([]byte(readFile(t, mapFile)), &m); err != nil {
		t.Fatal(err)
	}
	// The user keeps the owners in the notes and says that "often" is 4.
	cols := m["columns"].([]any)
	cols[5].(map[string]any)["field"] = ""
	m["values"].(map[string]any)["inherent_likelihood"].(map[string]any)["often"] = "4"
	edited, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, mapFile, string(edited))

	r = riskbook(t, "", "import", ws, src, "--map", mapFile, "--dry-run")
	wantSuccess(t, r, ExitOK)
	wantContains(t, "map dry run", r.stdout, "Mapping: read from "+mapFile, "notes kept: Owner: Cy", "--map "+mapFile+"\n")
	if strings.Contains(r.stdout, "Column mapping (proposed") || strings.Contains(r.stdout, `"often"`) {
		t.Errorf("with --map, the proposal is not printed and often is mapped:\n%s", r.stdout)
	}
	r = riskbook(t, "", "import", ws, src, "--map", mapFile)
	wantSuccess(t, r, ExitOK)
	rs, _ := storedRisks(t, ws)
	if got := rs["R-3"]; got.Owner != "" || !strings.Contains(got.Description, "Owner: Cy") {
		t.Errorf("got R-3 %+v; want no owner and the owner in the notes", got)
	}
	// A mapping saved again from --map is the same mapping.
	again := filepath.Join(dir, "again.json")
	r = riskbook(t, "", "import", ws, src, "--map", mapFile, "--save-map", again, "--dry-run", "--update")
	wantSuccess(t, r, ExitOK)
	var a, b map[string]any
	json.Unmarshal([]byte(readFile(t, again)), &a)
	json.Unmarshal(edited, &b)
	if ja, _ := json.Marshal(a); string(ja) != string(must(json.Marshal(b))) {
		t.Errorf("the mapping did not round-trip:\n%s\nvs\n%s", readFile(t, again), edited)
	}
	// A mapping made for another layout is refused.
	other := filepath.Join(dir, "other.csv")
	writeFile(t, other, "Moved\n\nTitle,Owner\nFire,Ana\n")
	wantRefusal(t, riskbook(t, "", "import", ws, other, "--map", mapFile, "--sheet", "other.csv"), "the mapping expects")
	writeFile(t, mapFile, `{"sheet": "register.csv"}`)
	wantRefusal(t, riskbook(t, "", "import", ws, src, "--map", mapFile), "header_row")
}

func must(b []byte, err error) []byte {
	if err != nil {
		panic(err)
	}
	return b
}

func TestImportRefusesCLI(t *testing.T) {
	dir := t.TempDir()
	ws := newWorkspace(t, dir, "w.riskbook", "blank")
	dump := dumpOf(t, ws)
	bad := filepath.Join(dir, "register.xlsx")
	writeFile(t, bad, "this is not a workbook")
	empty := filepath.Join(dir, "empty.csv")
	writeFile(t, empty, "\n\n")
	wantRefusal(t, riskbook(t, "", "import", ws, bad), "register.xlsx is not a spreadsheet")
	wantRefusal(t, riskbook(t, "", "import", ws, bad, "--dry-run"), "register.xlsx is not a spreadsheet")
	wantRefusal(t, riskbook(t, "", "import", ws, empty), "empty.csv is empty")
	wantRefusal(t, riskbook(t, "", "import", ws, filepath.Join(dir, "missing.csv")), "does not exist")
	wantRefusal(t, riskbook(t, "", "import", ws), "expects 2 arguments")
	wantRefusal(t, riskbook(t, "", "import", ws, empty, "--save-map", ws), "is a database")

	// A file with a blocking row: the plan is shown, one sentence refuses
	// it, and nothing is written.
	blocked := filepath.Join(dir, "blocked.csv")
	writeFile(t, blocked, importSample+"R-1,Fire again,2,2,,Ana,,\n")
	r := riskbook(t, "", "import", ws, blocked)
	if r.code != ExitUsage || strings.Count(r.stderr, "\n") != 1 || !strings.HasSuffix(r.stderr, ".\n") {
		t.Errorf("got exit %d, stderr %q; want 2 and one sentence", r.code, r.stderr)
	}
	wantContains(t, "blocked", r.stderr, "row 8 of blocked.csv has a blocking problem, so nothing was imported")
	wantContains(t, "blocked plan", r.stdout, "REFUSED  R-1      Fire again")
	if dumpOf(t, ws) != dump {
		t.Error("a refused import changed the workspace")
	}
}

// shape is a register of one shape from the importer's test data.
func shape(name string) string { return filepath.Join("..", "importer", "testdata", "shapes", name) }

// TestImportQuestionsCLI checks each refusal that asks the person: one
// sentence on stderr naming what and how to proceed, nothing written;
// with the flag that answers it, the import goes ahead.
func TestImportQuestionsCLI(t *testing.T) {
	for _, tt := range []struct {
		name, file, answer string
		refusal            []string
		created            string
	}{
		{"Disagreements", "disagree.csv", "--accept-disagreements",
			[]string{`the mapping does not reproduce the sheet's own "Rating" and "Score" on 5 of 5 rows (rows 2, 3, 4, 5 and 6), so nothing was imported;`, "--save-map OUT.json", "--accept-disagreements"},
			"Created 5: D1, D2, D3, D4, D5\n"},
		{"Quantitative", "quantitative.csv", "--band",
			[]string{`"Probability" holds percentages and "Cost impact ($)" money amounts, not steps of the workspace's scales, so nothing was imported;`, "--band", "--unscored"},
			"Created 6: Q1, Q2, Q3, Q4, Q5 and 1 more\n"},
		{"UnclosedQuote", "unclosed-quote.csv", "--accept-damage",
			[]string{"unclosed-quote.csv is damaged at line 2: a quote opened on line 2 is never closed", "--accept-damage"}, "Created 1: R1\n"},
		{"RepeatedHeader", "repeated-header.csv", "--accept-damage",
			[]string{"repeated-header.csv is damaged at line 4: row 4 repeats the header of row 1"}, "Created 3: R1, R2, R3\n"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ws := newWorkspace(t, t.TempDir(), "w.riskbook", "blank")
			dump := dumpOf(t, ws)
			r := riskbook(t, "", "import", ws, shape(tt.file))
			if r.code != ExitUsage || strings.Count(r.stderr, "\n") != 1 {
				t.Fatalf("got exit %d, stderr %q; want 2 and one sentence", r.code, r.stderr)
			}
			wantContains(t, "refusal", r.stderr, tt.refusal...)
			if dumpOf(t, ws) != dump {
				t.Fatal("a refused import changed the workspace")
			}
			r = riskbook(t, "", "import", ws, shape(tt.file), tt.answer)
			wantSuccess(t, r, ExitOK)
			wantContains(t, "answered", r.stdout, tt.created)
			if rs, _ := storedRisks(t, ws); tt.file == "quantitative.csv" {
				if q1 := rs["Q1"]; q1.Residual.Likelihood != 2 || q1.Residual.Consequence != 4 {
					t.Errorf("Q1 (35%%, $250,000): got residual %+v, want L2×C4 from the bands (the inherent, copied)", q1.Residual)
				}
			}
			wantVerified(t, ws)
		})
	}
}

// TestImportUnscoredCLI imports a quantitative register unscored, and says
// so loudly.
func TestImportUnscoredCLI(t *testing.T) {
	ws := newWorkspace(t, t.TempDir(), "w.riskbook", "blank")
	r := riskbook(t, "", "import", ws, shape("quantitative.csv"), "--unscored")
	wantSuccess(t, r, ExitOK)
	wantContains(t, "unscored", r.stdout, "6 to create (6 UNSCORED)", "UNSCORED: 6 risks came in without an inherent score")
	wantRefusal(t, riskbook(t, "", "import", ws, shape("quantitative.csv"), "--unscored", "--band"), "choose one")
}

// TestImportUpdateOnlyScoresCLI updates existing risks from a sheet of
// references and inherent scores: the plan shows old → new per risk, and
// the rule the update would break is reported on its row before anything
// is written.
func TestImportUpdateOnlyScoresCLI(t *testing.T) {
	ws := newWorkspace(t, t.TempDir(), "w.riskbook", "cctld")
	r := riskbook(t, "", "import", ws, shape("update-scores.csv"), "--update", "--dry-run")
	wantSuccess(t, r, ExitFindings)
	wantContains(t, "plan", r.stdout,
		"row 2     REFUSED  R-001    DDoS attack overwhelms the TLD's name servers\n",
		"change: inherent L5×C5 Critical → L2×C3 Medium\n",
		"problem: the residual score L4×C4 is above the inherent score L2×C3; lower it, or write a justification for why the controls add exposure; the sheet changes the inherent score but not the stored residual one, so add the residual scores to the sheet",
		"row 3     update   R-002",
		"change: inherent L3×C5 High → L5×C5 Critical\n")
	if strings.Contains(r.stdout, "residual score is set to its inherent") {
		t.Error("an update keeps the stored residual score; the plan must not say it is set to the inherent one")
	}
}

// TestImportSystemsCLI imports a sheet of systems with recovery targets as
// activities needing those systems, so that readiness shows them.
func TestImportSystemsCLI(t *testing.T) {
	ws := newWorkspace(t, t.TempDir(), "w.riskbook", "blank")
	r := riskbook(t, "", "import", ws, shape("systems.csv"))
	wantSuccess(t, r, ExitOK)
	wantContains(t, "import", r.stdout, "activity  (new)    Authoritative DNS  required RTO 1 h, RPO 15 min, MTPD —; needs Authoritative DNS",
		"Created activities 3:", "Created ICT systems 3:")
	r = riskbook(t, "", "check", ws)
	wantContains(t, "check", r.stdout, "has no achievable RTO recorded, so the RTO of 1 h cannot be shown to be met")
	ws2 := newWorkspace(t, t.TempDir(), "w.riskbook", "blank")
	r = riskbook(t, "", "import", ws2, shape("systems.csv"), "--bia", "systems")
	wantSuccess(t, r, ExitOK)
	wantContains(t, "systems", r.stdout, "system    (new)    Registry database  achievable RTO 4 h, RPO 1 h", "Created ICT systems 3:")
	wantRefusal(t, riskbook(t, "", "import", ws2, shape("systems.csv"), "--bia", "both"), `--bia "both" is not a choice`)
}

// TestImportPlanStaysShortCLI: a plan of hundreds of rows lists a screenful,
// the rows that need attention first, and counts the rest; --all lists
// every row.
func TestImportPlanStaysShortCLI(t *testing.T) {
	dir := t.TempDir()
	ws := newWorkspace(t, dir, "w.riskbook", "blank")
	src := filepath.Join(dir, "register.csv")
	var b strings.Builder
	b.WriteString("Ref,Risk,Likelihood,Impact,Owner\n")
	const rows = 300
	for i := 1; i <= rows; i++ {
		likelihood := "3"
		if i == 250 {
			likelihood = "often" // the one row with a problem, far down the file
		}
		fmt.Fprintf(&b, "R-%d,Risk number %d,%s,2,Ana\n", i, i, likelihood)
	}
	writeFile(t, src, b.String())

	r := riskbook(t, "", "import", ws, src, "--dry-run")
	wantSuccess(t, r, ExitOK)
	if got := strings.Count(r.stdout, "\n  row "); got != planRowsShown {
		t.Errorf("got %d plan rows listed, want %d", got, planRowsShown)
	}
	wantContains(t, "short plan", r.stdout,
		"  row 251   create   R-250    Risk number 250\n", // the problem row, although beyond the first 20
		fmt.Sprintf("  … and %d more rows, counted below (--all lists every row).\n", rows-planRowsShown),
		"300 to create (1 UNSCORED)")
	if strings.Contains(r.stdout, "R-21 ") {
		t.Errorf("row 22 (R-21) listed although 20 rows were shown before it:\n%s", r.stdout)
	}

	r = riskbook(t, "", "import", ws, src, "--dry-run", "--all")
	wantSuccess(t, r, ExitOK)
	if got := strings.Count(r.stdout, "\n  row "); got != rows {
		t.Errorf("--all: got %d plan rows listed, want %d", got, rows)
	}
	if strings.Contains(r.stdout, "more rows") {
		t.Error("--all still counts rows instead of listing them")
	}
}

// TestImportPlanNamesValuesCLI: the plan names the statuses, treatments
// and review frequencies a column's values become as the app does, in the
// reader's language, never as stored ("treating").
func TestImportPlanNamesValuesCLI(t *testing.T) {
	dir := t.TempDir()
	ws := newWorkspace(t, dir, "w.riskbook", "blank")
	src := filepath.Join(dir, "register.csv")
	writeFile(t, src, importSample)
	wantSuccess(t, riskbook(t, "", "import", ws, src), ExitOK)
	writeFile(t, src, strings.Replace(importSample, "R-2,Flood,2,5,11,Bea,In progress,", "R-2,Flood,2,5,11,Bea,Monitoring,", 1))
	for lang, want := range map[string][]string{
		"en": {`"open" → open`, `"monitoring" → monitoring`, "change: status treating → monitoring"},
		"fr": {`"open" → ouvert`, `"monitoring" → sous surveillance`, "modification\u00a0: statut\u00a0: en traitement → sous surveillance"},
		"es": {`"open" → abierto`, `"monitoring" → en seguimiento`, "cambio: estado: en tratamiento → en seguimiento"},
	} {
		r := riskbook(t, "", "--lang", lang, "import", ws, src, "--update", "--dry-run")
		if r.code != ExitOK && r.code != ExitFindings {
			t.Fatalf("%s: exit %d, stderr %q", lang, r.code, r.stderr)
		}
		wantContains(t, lang, r.stdout, want...)
		if lang != "en" && strings.Contains(r.stdout, "→ monitoring") {
			t.Errorf("%s: a status is named as stored:\n%s", lang, r.stdout)
		}
	}
}
