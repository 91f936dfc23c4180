package sqlite

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"riskbook/bcp"
	"riskbook/risk"
)

func dumpJSON(t testing.TB, db *DB) []byte {
	t.Helper()
	d, err := db.Dump(context.Background())
	if err != nil {
		t.Fatalf("Dump: %v", err)
	}
	var buf bytes.Buffer
	if err := d.WriteJSON(&buf); err != nil {
		t.Fatalf("WriteJSON: %v", err)
	}
	assertDumpBytes(t, db, d, buf.Bytes())
	return buf.Bytes()
}

// assertDumpBytes checks that the dump written a batch at a time, and the
// dump made canonical as a whole the way it was before records were made
// canonical one by one, are both exactly want.
func assertDumpBytes(t testing.TB, db *DB, d *Dump, want []byte) {
	t.Helper()
	var streamed bytes.Buffer
	if err := db.WriteDump(context.Background(), &streamed); err != nil {
		t.Fatalf("WriteDump: %v", err)
	}
	if !bytes.Equal(streamed.Bytes(), want) {
		t.Fatalf("WriteDump differs from WriteJSON:\n%s", firstDifference(want, streamed.Bytes()))
	}
	raw, err := marshal(d, "")
	if err != nil {
		t.Fatal(err)
	}
	ref, err := referenceCanonical(raw, "  ", 0)
	if err != nil {
		t.Fatal(err)
	}
	if ref = append(ref, '\n'); !bytes.Equal(ref, want) {
		t.Fatalf("WriteJSON differs from the whole dump made canonical at once:\n%s", firstDifference(ref, want))
	}
}

// TestWriteDumpInBatches checks a register of several batches, created in
// an order that is not its reference order: the dump lists it in natural
// reference order, the same bytes as WriteJSON.
func TestWriteDumpInBatches(t *testing.T) {
	ctx := context.Background()
	db, _ := newWorkspace(t, TemplateBlank)
	controls, err := db.Controls(ctx)
	if err != nil {
		t.Fatal(err)
	}
	n := 2*riskBatch + 37
	err = db.update(ctx, func(tx *Tx) error {
		for k := range n {
			i := (k * 389) % n // every index once, out of order
			r := benchRisk(i, controls)
			r.Ref = fmt.Sprintf("R-%d", i+1) // R-9 before R-10: natural order
			if err := tx.createRisk(ctx, &r); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	raw := dumpJSON(t, db)
	var d Dump
	if err := json.Unmarshal(raw, &d); err != nil {
		t.Fatal(err)
	}
	if len(d.Risks) != n || d.Risks[8].Ref != "R-9" || d.Risks[9].Ref != "R-10" || d.Risks[n-1].Ref != fmt.Sprintf("R-%d", n) {
		t.Errorf("got %d risks, R-9 and R-10 as %s and %s, the last %s", len(d.Risks), d.Risks[8].Ref, d.Risks[9].Ref, d.Risks[n-1].Ref)
	}
}

// loadJSON reads a dump and loads it into a new workspace at path, as
// riskbook load does.
func loadJSON(raw []byte, path string) error {
	d, err := ReadDump(bytes.NewReader(raw), "dump.json")
	if err != nil {
		return err
	}
	return Load(context.Background(), d, path)
}

// unicodeText is text that must come through every layer unchanged.
const unicodeText = "Rủi ro mất điện — Риск — خطر — ⚡🔥 — <script>&amp; \"quoted\" 'single' \\ back\nsecond line\r\n\ttabbed\u2028after a line separator"

// edits are changes applied to a workspace before it is dumped.
var edits = map[string]func(t *testing.T, db *DB){
	"Unicode": func(t *testing.T, db *DB) {
		ctx := context.Background()
		for k, v := range map[string]string{SettingUserName: "Nguyễn Văn Ánh", "organisation": "Trung tâm Internet Việt Nam <VNNIC> & “friends”"} {
			if err := db.SetSetting(ctx, k, v); err != nil {
				t.Fatal(err)
			}
		}
		r := fullRisk()
		r.Ref = "R-900"
		r.Title = "Rủi ro mất điện"
		r.Description, r.Cause, r.Consequence = unicodeText, "Риск", "خطر"
		r.Owner = "Đặng Thị 🔑"
		r.Actions[0].Title = "Mua máy phát điện <&>"
		createRisk(t, db, r)
		if err := db.UpdateSoA(ctx, &risk.SoAEntry{Control: "A.7.11", Applicable: risk.Applicable, Justification: unicodeText, Implementation: risk.ImplPlanned}); err != nil {
			t.Fatal(err)
		}
	},
	"Edited": func(t *testing.T, db *DB) {
		ctx := context.Background()
		clk := newClock(db)
		rs, err := db.Risks(ctx)
		if err != nil {
			t.Fatal(err)
		}
		clk.advance(time.Hour)
		r := rs[2]
		r.Title += " (rescored)"
		r.Residual = risk.Score{Likelihood: 1, Consequence: 1}
		r.Actions = r.Actions[1:]
		if err := db.UpdateRisk(ctx, &r); err != nil {
			t.Fatal(err)
		}
		clk.advance(time.Hour)
		if err := db.DeleteRisk(ctx, rs[4].ID); err != nil {
			t.Fatal(err)
		}
		createRisk(t, db, validRisk())
		c := risk.DefaultCriteria()
		c.Appetite = 3
		if err := db.SetCriteria(ctx, c); err != nil {
			t.Fatal(err)
		}
		if err := db.SetSetting(ctx, "organisation", "Example"); err != nil {
			t.Fatal(err)
		}
		if err := db.SetSetting(ctx, "organisation", ""); err != nil {
			t.Fatal(err)
		}
		if err := db.UpdateSoA(ctx, &risk.SoAEntry{Control: "A.5.1", Applicable: risk.NotApplicable, Justification: "Covered by the parent body"}); err != nil {
			t.Fatal(err)
		}
		if err := db.AddCatalog(ctx, risk.Catalog{ID: "local", Name: "Local controls", Themes: []risk.Theme{{ID: "L", Name: "Local"}},
			Controls: []risk.Control{{ID: "L-1", Theme: "L", Title: "Registrar lock on the TLD's own names"}}}); err != nil {
			t.Fatal(err)
		}
	},
	"RenamedRisk": func(t *testing.T, db *DB) {
		r, err := db.RiskByRef(context.Background(), "R-003")
		if err != nil {
			t.Fatal(err)
		}
		r.Ref = "DNS-001"
		if err := db.UpdateRisk(context.Background(), &r); err != nil {
			t.Fatal(err)
		}
	},
	"EmptyLists": func(t *testing.T, db *DB) {
		r := validRisk()
		r.Controls, r.Actions = []string{}, []risk.Action{}
		createRisk(t, db, r)
	},
	"BIA": func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := addBIA(t, db)
		s, err := db.BIASettings(ctx)
		if err != nil {
			t.Fatal(err)
		}
		s.PrimaryRegion = "Hà Nội"
		if err := db.SetBIASettings(ctx, s); err != nil {
			t.Fatal(err)
		}
		a := fullActivity(f)
		a.Ref = ""
		a = createActivity(t, db, a)
		a.Ref = "REG-1"
		if err := db.UpdateActivity(ctx, &a); err != nil {
			t.Fatal(err)
		}
		if err := db.DeleteResource(ctx, f.site.ID); err != nil {
			t.Fatal(err)
		}
		r := fullRisk()
		r.Ref = "R-901"
		r.Threatens = []string{"REG-1", f.person.Ref, f.dns.Ref}
		createRisk(t, db, r)
	},
	"Playbooks": func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := addBIA(t, db)
		p := createPlaybook(t, db, fullPlaybook(f))
		for _, name := range []string{"dnssec-failure", "primary-site-loss"} {
			if _, err := db.CreatePlaybookFromTemplate(ctx, name); err != nil {
				t.Fatal(err)
			}
		}
		p.Ref = "PB-DNSSEC"
		if err := db.UpdatePlaybook(ctx, &p); err != nil {
			t.Fatal(err)
		}
		zone := activityByRef(t, db, f.zone.Ref)
		zone.Ref = "ZONE"
		if err := db.UpdateActivity(ctx, &zone); err != nil {
			t.Fatal(err)
		}
		if err := db.DeleteRisk(ctx, f.risk.ID); err != nil {
			t.Fatal(err)
		}
		gone := createPlaybook(t, db, bcp.Playbook{Title: "Loss of key people"})
		if err := db.DeletePlaybook(ctx, gone.ID); err != nil {
			t.Fatal(err)
		}
	},
	"CreatedGivenByCaller": func(t *testing.T, db *DB) {
		r := validRisk()
		r.Created = time.Date(2025, time.May, 2, 10, 4, 5, 123456789, time.FixedZone("ICT", 7*3600))
		createRisk(t, db, r)
	},
}

func TestDumpLoadRoundTrip(t *testing.T) {
	tests := []struct {
		name     string
		template string
		edit     string
		bug      string
	}{
		{"Blank", TemplateBlank, "", ""},
		{"CcTLD", TemplateCcTLD, "", ""},
		{"Unicode", TemplateCcTLD, "Unicode", ""},
		{"Edited", TemplateCcTLD, "Edited", ""},
		{"RenamedRisk", TemplateCcTLD, "RenamedRisk",
			"bug: after a risk's reference changes, Load's reconcile logs a phantom delete of the old reference; see report"},
		{"EmptyLists", TemplateBlank, "EmptyLists",
			"bug: a risk created with empty non-nil lists is logged with [] but dumped with null, so Load logs a phantom update; see report"},
		{"BIA", TemplateBlank, "BIA", ""},
		{"BIAOnStarterKit", TemplateCcTLD, "BIA", ""},
		{"Playbooks", TemplateBlank, "Playbooks", ""},
		{"PlaybooksOnStarterKit", TemplateCcTLD, "Playbooks", ""},
		{"CreatedGivenByCaller", TemplateBlank, "CreatedGivenByCaller",
			"bug: a caller-supplied Created is logged unnormalised but stored as UTC seconds, so Load logs a phantom update; see report"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db, _ := newWorkspace(t, tt.template)
			if tt.edit != "" {
				edits[tt.edit](t, db)
			}
			first := dumpJSON(t, db)
			if again := dumpJSON(t, db); !bytes.Equal(again, first) {
				t.Fatal("two dumps of the same workspace differ")
			}
			dir := t.TempDir()
			path := filepath.Join(dir, "loaded"+Extension)
			if err := loadJSON(first, path); err != nil {
				t.Fatalf("Load: %v", err)
			}
			assertDir(t, dir, filepath.Base(path))
			if st, err := os.Stat(path); err != nil || st.Mode().Perm() != 0o600 {
				t.Errorf("loaded file: got %v, %v; want mode 0600", st.Mode().Perm(), err)
			}
			loaded := openRO(t, path)
			v, err := loaded.Verify(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if !v.OK() {
				t.Errorf("Verify after Load: got %+v", v)
			}
			second := dumpJSON(t, loaded)
			if !bytes.Equal(second, first) {
				t.Errorf("dump → load → dump differs:\n%s", firstDifference(first, second))
			}
		})
	}
}

// firstDifference shows the first differing line of two dumps with context.
func firstDifference(a, b []byte) string {
	la, lb := strings.Split(string(a), "\n"), strings.Split(string(b), "\n")
	for i := 0; i < len(la) && i < len(lb); i++ {
		if la[i] != lb[i] {
			lo := max(0, i-3)
			return fmt.Sprintf("line %d:\n  first:  %s\n  second: %s\ncontext:\n%s", i+1, la[i], lb[i], strings.Join(lb[lo:min(len(lb), i+8)], "\n"))
		}
	}
	short, long := la, lb
	if len(la) > len(lb) {
		short, long = lb, la
	}
	tail := long[len(short):]
	if len(tail) > 20 {
		tail = tail[:20]
	}
	return fmt.Sprintf("lengths differ: %d and %d lines; the longer goes on with:\n%s", len(la), len(lb), strings.Join(tail, "\n"))
}

func TestDumpFormat(t *testing.T) {
	db, _ := newWorkspace(t, TemplateCcTLD)
	edits["Unicode"](t, db)
	raw := dumpJSON(t, db)
	text := string(raw)

	if !strings.HasPrefix(text, "{\n  \"activations\": null,\n  \"activities\": [\n") || !strings.HasSuffix(text, "\n}\n") {
		t.Errorf("dump does not start with sorted, two-space-indented keys or end with a newline: %.40q … %q", text, text[len(text)-10:])
	}
	for _, want := range []string{`"format": "riskbook-workspace"`, `"Rủi ro mất điện"`, "Риск", "خطر", "⚡🔥", "<script>&amp;",
		`\"quoted\"`, `second line\r\n\ttabbed`, `"last_review": "2026-01-15"`, `"next_review": "2026-04-15"`,
		`"bia_settings": {`, `"horizons": [` + "\n      \"1 h\",", `"threatens": [` + "\n        \"ACT-"} {
		if !strings.Contains(text, want) {
			t.Errorf("dump does not contain %s", want)
		}
	}
	for _, escaped := range []string{`\u003c`, `\u003e`, `\u0026`} {
		if strings.Contains(text, escaped) {
			t.Errorf("dump HTML-escapes text (%s): it should read as written", escaped)
		}
	}
	if n := assertKeysSorted(t, raw); n < 1000 {
		t.Errorf("checked only %d keys, want the whole dump walked", n)
	}
	var d Dump
	if err := json.Unmarshal(raw, &d); err != nil {
		t.Fatal(err)
	}
	if d.Format != DumpFormat || d.Version != DumpVersion || len(d.Risks) < 15 || len(d.ChangeLog) < len(d.Risks) {
		t.Errorf("got format %q version %d, %d risks, %d changes", d.Format, d.Version, len(d.Risks), len(d.ChangeLog))
	}
}

// assertKeysSorted walks every token of a JSON document and checks that the
// keys of each object are in strictly increasing byte order. It returns the
// number of keys checked.
func assertKeysSorted(t testing.TB, raw []byte) int {
	t.Helper()
	type frame struct {
		object, wantKey, seen bool
		last                  string
		path                  string
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	var stack []*frame
	valueDone := func() {
		if n := len(stack); n > 0 && stack[n-1].object {
			stack[n-1].wantKey = true
		}
	}
	keys := 0
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("walk dump: %v", err)
		}
		if n := len(stack); n > 0 && stack[n-1].wantKey {
			top := stack[n-1]
			if tok == json.Delim('}') {
				stack = stack[:n-1]
				valueDone()
				continue
			}
			key := tok.(string)
			if top.seen && key <= top.last {
				t.Errorf("in %s: key %q follows %q; keys must be sorted", top.path, key, top.last)
			}
			top.seen, top.last, top.wantKey = true, key, false
			keys++
			continue
		}
		path := ""
		if n := len(stack); n > 0 {
			path = stack[n-1].path + "/" + stack[n-1].last
		}
		switch tok {
		case json.Delim('{'):
			stack = append(stack, &frame{object: true, wantKey: true, path: path})
		case json.Delim('['):
			stack = append(stack, &frame{path: path})
		case json.Delim(']'):
			stack = stack[:len(stack)-1]
			valueDone()
		default:
			valueDone()
		}
	}
	return keys
}

// lastReplace replaces the last occurrence of old in s: in a dump, the
// risks come after the change log, so the last occurrence of a risk's field
// is in the register rather than in its history.
func lastReplace(t testing.TB, s, old, new string) string {
	t.Helper()
	i := strings.LastIndex(s, old)
	if i < 0 {
		t.Fatalf("dump has no %q", old)
	}
	return s[:i] + new + s[i+len(old):]
}

// version is the top-level "version" member as a dump writes it.
func version(n int) string { return fmt.Sprintf(`"version": %d`, n) }

func TestLoadRefusals(t *testing.T) {
	db, _ := newWorkspace(t, TemplateCcTLD)
	good := string(dumpJSON(t, db))
	atLine := func(n int, junk string) string {
		lines := strings.Split(good, "\n")
		l := lines[n-1]
		indent := len(l) - len(strings.TrimLeft(l, " "))
		lines[n-1] = l[:indent] + junk + l[indent:]
		return strings.Join(lines, "\n")
	}
	editDump := func(edit func(d *Dump)) func(t *testing.T) string {
		return func(t *testing.T) string {
			d, err := ReadDump(strings.NewReader(good), "dump.json")
			if err != nil {
				t.Fatal(err)
			}
			edit(d)
			var buf bytes.Buffer
			if err := d.WriteJSON(&buf); err != nil {
				t.Fatal(err)
			}
			return buf.String()
		}
	}
	text := func(s string) func(t *testing.T) string { return func(*testing.T) string { return s } }

	tests := []struct {
		name      string
		dump      func(t *testing.T) string
		existing  bool // a file is already at the target
		code      string
		fragments []string
		bug       string
	}{
		{"ExistingTarget", text(good), true, risk.ECONFLICT, []string{"already exists"}, ""},
		{"OtherFormat", text(strings.Replace(good, `"format": "riskbook-workspace"`, `"format": "x"`, 1)), false,
			risk.EINVALID, []string{"dump.json", `"x"`, "not a Riskbook workspace dump"}, ""},
		{"NewerVersion", func(t *testing.T) string { return lastReplace(t, good, version(DumpVersion), version(DumpVersion+1)) }, false,
			risk.EINVALID, []string{"dump.json", fmt.Sprintf("version %d", DumpVersion+1), "update Riskbook"}, ""},
		{"UnknownTopField", text(strings.Replace(good, `"format": "riskbook-workspace",`, `"format": "riskbook-workspace", "colour_scheme": "dark",`, 1)), false,
			risk.EINVALID, []string{"dump.json", "colour_scheme"}, ""},
		{"UnknownRiskField", func(t *testing.T) string {
			return lastReplace(t, good, `"ref": "R-003",`, `"ref": "R-003", "likelyhood": 3,`)
		}, false,
			risk.EINVALID, []string{"dump.json", "likelyhood"}, ""},
		{"MalformedJSON", text(atLine(40, "@")), false, risk.EINVALID, []string{"dump.json", "line 40"}, ""},
		{"Truncated", text(good[:len(good)/2]), false, risk.EINVALID, []string{"dump.json"}, ""},
		{"WrongType", func(t *testing.T) string { return lastReplace(t, good, version(DumpVersion), `"version": "1"`) }, false,
			risk.EINVALID, []string{"dump.json", `"version"`, "line"}, ""},
		{"InvalidRisk", editDump(func(d *Dump) { d.Risks[2].Title = "" }), false,
			risk.EINVALID, []string{"R-003", "no title"}, buildErrorLost},
		{"DuplicateRef", editDump(func(d *Dump) { d.Risks[3].Ref = "r-001" }), false,
			risk.ECONFLICT, []string{"r-001"}, buildErrorLost},
		{"UnknownControl", editDump(func(d *Dump) { d.Risks[0].Controls = append(d.Risks[0].Controls, "A.99.9") }), false,
			risk.EINVALID, []string{"R-001", "A.99.9"}, buildErrorLost},
		{"InvalidCriteria", editDump(func(d *Dump) { d.Criteria.Appetite = 9 }), false,
			risk.EINVALID, []string{"appetite"}, buildErrorLost},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			raw := tt.dump(t)
			dir := t.TempDir()
			path := filepath.Join(dir, "new"+Extension)
			if tt.existing {
				writeFile(t, path, "keep me")
				ageFile(t, path)
			}
			before := stateOf(t, path)
			wantErr(t, loadJSON([]byte(raw), path), tt.code, tt.fragments...)
			assertUnchanged(t, path, before)
			if tt.existing {
				assertDir(t, dir, filepath.Base(path))
			} else {
				assertDir(t, dir)
			}
		})
	}
}

// TestLoadHandEdit: a title changed in the JSON by hand is taken in and
// recorded as one update by the person loading it; the chain still holds.
func TestLoadHandEdit(t *testing.T) {
	ctx := context.Background()
	db, _ := newWorkspace(t, TemplateCcTLD)
	orig, err := db.RiskByRef(ctx, "R-005")
	if err != nil {
		t.Fatal(err)
	}
	raw := string(dumpJSON(t, db))
	rows := len(changeRows(t, db))
	edited := lastReplace(t, raw, fmt.Sprintf(`"title": %q`, orig.Title), `"title": "Edited by hand: Rủi ro"`)

	path := filepath.Join(t.TempDir(), "edited"+Extension)
	if err := loadJSON([]byte(edited), path); err != nil {
		t.Fatal(err)
	}
	loaded := openRO(t, path)
	got, err := loaded.RiskByRef(ctx, "R-005")
	if err != nil {
		t.Fatal(err)
	}
	if got.Title != "Edited by hand: Rủi ro" {
		t.Errorf("got title %q, want the edited one", got.Title)
	}
	cs := changeRows(t, loaded)
	if len(cs) != rows+1 {
		t.Fatalf("got %d change-log rows, want %d (the original ones and one for the edit)", len(cs), rows+1)
	}
	c := cs[len(cs)-1]
	if c.Entity != "risk" || c.Key != "R-005" || c.Action != ActionUpdate || c.Actor != osUser() {
		t.Errorf("got %s %s %s by %q, want risk R-005 update by %q", c.Entity, c.Key, c.Action, c.Actor, osUser())
	}
	if b, a := decodeField(t, c.Before, "title"), decodeField(t, c.After, "title"); b != orig.Title || a != "Edited by hand: Rủi ro" {
		t.Errorf("got logged title %q → %q, want %q → the edited one", b, a, orig.Title)
	}
	v, err := loaded.Verify(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !v.OK() {
		t.Errorf("Verify after loading a hand edit: %+v", v)
	}

	// Dumping and loading the result again records nothing more.
	again := filepath.Join(t.TempDir(), "again"+Extension)
	if err := loadJSON(dumpJSON(t, loaded), again); err != nil {
		t.Fatal(err)
	}
	if n := len(changeRows(t, openRO(t, again))); n != rows+1 {
		t.Errorf("second load: got %d change-log rows, want %d", n, rows+1)
	}
}

// TestDumpWhileWriting: a dump taken while the app writes is one snapshot,
// whose change log explains exactly its content.
func TestDumpWhileWriting(t *testing.T) {
	ctx := context.Background()
	writer, path := newWorkspace(t, TemplateCcTLD)
	reader := openRO(t, path)
	done := make(chan error, 1)
	go func() {
		for i := range 40 {
			r := validRisk()
			r.Ref = fmt.Sprintf("W-%03d", i)
			if err := writer.CreateRisk(ctx, &r); err != nil {
				done <- err
				return
			}
			r.Title += " (edited)"
			if err := writer.UpdateRisk(ctx, &r); err != nil {
				done <- err
				return
			}
		}
		done <- nil
	}()
	for range 5 {
		d, err := reader.Dump(ctx)
		if err != nil {
			t.Fatal(err)
		}
		assertDumpConsistent(t, d)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	assertLogMatchesState(t, reader)
}

// FuzzReadDump: ReadDump reads files from outside. Whatever it is given, it
// must not panic, must refuse with a sentence naming the file, and what it
// accepts must write back out and read again the same.
func FuzzReadDump(f *testing.F) {
	db, _ := newWorkspace(f, TemplateBlank)
	r := fullRisk()
	createRisk(f, db, r)
	good := dumpJSON(f, db)
	f.Add(good)
	// The starter workspace's dump: every kind of record a real workspace
	// holds, the playbooks, contacts and BIA with them.
	starter, _ := newWorkspace(f, TemplateCcTLD)
	f.Add(dumpJSON(f, starter))
	f.Add([]byte(`{"format":"riskbook-workspace","version":1}`))
	f.Add([]byte(`{"format":"riskbook-workspace","version":1,"risks":[{"ref":"R-1","actions":[{"due":"2026-02-30"}]}]}`))
	f.Add([]byte(`{"format":"riskbook-workspace","version":1,"risks":[{"created":"yesterday"}]}`))
	f.Add([]byte(`{"format":"riskbook-workspace","version":1,"changelog":[{"before":{"a":1},"after":[1,2]}]}`))
	f.Add([]byte(`{"format":"x"}`))
	f.Add([]byte(`{"format":"riskbook-workspace","version":99}`))
	f.Add([]byte(`[]`))
	f.Add([]byte(``))
	f.Add([]byte("{\n\"format\": \"riskbook-workspace\",\n\"version\": 1,\n\"risks\": [\n{\"ref\": 5}]}"))
	f.Fuzz(func(t *testing.T, raw []byte) {
		d, err := ReadDump(bytes.NewReader(raw), "in.json")
		if err != nil {
			if code := risk.ErrorCode(err); code != risk.EINVALID {
				t.Fatalf("got code %q (%v), want %q", code, err, risk.EINVALID)
			}
			if msg := risk.ErrorMessage(err); !strings.Contains(msg, "in.json") {
				t.Fatalf("message %q does not name the file", msg)
			}
			return
		}
		var first bytes.Buffer
		if err := d.WriteJSON(&first); err != nil {
			return // content that cannot be written back (such as a malformed change row) is Load's to refuse
		}
		d2, err := ReadDump(bytes.NewReader(first.Bytes()), "out.json")
		if err != nil {
			t.Fatalf("a dump written by WriteJSON does not read back: %v\n%s", err, first.Bytes())
		}
		var second bytes.Buffer
		if err := d2.WriteJSON(&second); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(first.Bytes(), second.Bytes()) {
			t.Fatalf("write → read → write differs:\n%s", firstDifference(first.Bytes(), second.Bytes()))
		}
	})
}

// assertRoundTrip dumps db, loads the dump into a new workspace and checks
// that it verifies and dumps to the same bytes.
func assertRoundTrip(t testing.TB, db *DB) []byte {
	t.Helper()
	first := dumpJSON(t, db)
	path := filepath.Join(t.TempDir(), "loaded"+Extension)
	if err := loadJSON(first, path); err != nil {
		t.Fatalf("Load: %v", err)
	}
	loaded := openRO(t, path)
	assertVerifies(t, loaded)
	if second := dumpJSON(t, loaded); !bytes.Equal(second, first) {
		t.Errorf("dump → load → dump differs:\n%s", firstDifference(first, second))
	}
	return first
}

// TestLoadBIARefusals: a dump whose BIA or playbooks break the rules is
// refused with a sentence, and nothing is left behind.
func TestLoadBIARefusals(t *testing.T) {
	db, _ := newWorkspace(t, TemplateBlank)
	f := addBIA(t, db)
	createPlaybook(t, db, fullPlaybook(f))
	good := string(dumpJSON(t, db))
	edit := func(fn func(d *Dump)) string {
		d, err := ReadDump(strings.NewReader(good), "dump.json")
		if err != nil {
			t.Fatal(err)
		}
		fn(d)
		var buf bytes.Buffer
		if err := d.WriteJSON(&buf); err != nil {
			t.Fatal(err)
		}
		return buf.String()
	}
	tests := []struct {
		name      string
		dump      string
		code      string
		fragments []string
	}{
		{"DuplicateAcrossKinds", edit(func(d *Dump) { d.Resources[3].Ref = "act-01" }), risk.ECONFLICT, []string{"act-01", "already used"}},
		{"DuplicateActivities", edit(func(d *Dump) { d.Activities[1].Ref = "act-01" }), risk.ECONFLICT, []string{"act-01", "another activity"}},
		{"UnknownUpstream", edit(func(d *Dump) { d.Activities[1].Upstream = []string{"ACT-99"} }), risk.EINVALID, []string{"ACT-02", "ACT-99"}},
		{"UnknownSite", edit(func(d *Dump) { d.Resources[2].Sites = []string{"RES-99"} }), risk.EINVALID, []string{"RES-03", "RES-99"}},
		{"UnknownThreat", edit(func(d *Dump) { d.Risks[0].Threatens = []string{"ACT-77"} }), risk.EINVALID, []string{"R-001", "ACT-77"}},
		{"RTOAboveMTPD", edit(func(d *Dump) { d.Activities[1].RTO = bcp.Hours(48) }), risk.EINVALID, []string{"ACT-02", "MTPD"}},
		{"InvalidSettings", edit(func(d *Dump) { d.BIASettings.Intolerable = 0 }), risk.EINVALID, []string{"intolerable"}},
		{"UnknownPlaybookActivity", edit(func(d *Dump) { d.Playbooks[0].Activities = []string{"ACT-77"} }), risk.EINVALID, []string{"PB-01", "ACT-77"}},
		{"UnknownPlaybookRisk", edit(func(d *Dump) { d.Playbooks[0].Risks = []string{"R-077"} }), risk.EINVALID, []string{"PB-01", "R-077"}},
		{"InvalidPlaybook", edit(func(d *Dump) { d.Playbooks[0].Roles[1].Name = "" }), risk.EINVALID, []string{"PB-01", "role 2 has no name"}},
		{"DuplicatePlaybooks", edit(func(d *Dump) { d.Playbooks = append(d.Playbooks, d.Playbooks[0]) }), risk.ECONFLICT, []string{"PB-01", "already used"}},
		// The first occurrence is the activity's own; later ones are in its history.
		{"NotADuration", strings.Replace(good, `"rto": "2 h"`, `"rto": "soon"`, 1), risk.EINVALID, []string{"dump.json", `"soon"`, "not a duration"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			wantErr(t, loadJSON([]byte(tt.dump), filepath.Join(dir, "new"+Extension)), tt.code, tt.fragments...)
			assertDir(t, dir)
		})
	}
}
