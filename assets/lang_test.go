package assets_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"slices"
	"strings"
	"testing"

	"riskbook/assets"
	"riskbook/bcp"
)

// notYetTranslated are the files of the starter content a language does
// not have yet, by language. The list only shrinks: a file listed here
// that exists fails the test, so that the list is emptied as the files
// land. A language missing any of the playbooks its workspace template
// holds is not offered (assets.Languages).
var notYetTranslated = map[string][]string{}

// sameValue are the fields whose value the code reads or matches — enums,
// references, identifiers, durations, colours: a translation copies them
// byte for byte. Paths are as pathOf writes them: "[]" for any index, "*"
// for any key.
var sameValue = map[string]bool{
	// templates/cctld.json
	".risks[].ref": true, ".risks[].threatens[]": true, ".risks[].controls[]": true,
	".risks[].treatment": true, ".risks[].control_effectiveness": true, ".risks[].review_frequency": true,
	".risks[].status": true, ".risks[].confidence": true, ".risks[].actions[].status": true,
	".soa[].control": true, ".soa[].status": true,
	".bia.settings.horizons[]": true, ".bia.settings.severities[].colour": true,
	".bia.resources[].ref": true, ".bia.resources[].standby": true, ".bia.resources[].kind": true, ".bia.resources[].sites[]": true,
	".bia.resources[].achievable_rto": true, ".bia.resources[].achievable_rpo": true,
	".bia.resources[].contract_rto": true, ".bia.resources[].backup_interval": true,
	".bia.activities[].ref": true, ".bia.activities[].upstream[]": true, ".bia.activities[].resources[]": true,
	".bia.activities[].rto": true, ".bia.activities[].rpo": true, ".bia.activities[].mtpd_override": true,
	".contacts[].ref": true, ".contacts[].kind": true, ".contacts[].channels[].kind": true,
	".contacts[].resources[]": true, ".contacts[].calls_next[]": true,
	".team[].contact": true, ".playbooks.templates[]": true,
	".playbooks.roles.*.primary": true, ".playbooks.roles.*.alternate": true,
	// playbooks/*.json
	".ref": true, ".activities[]": true, ".resources[]": true, ".risks[]": true, ".version": true,
	".phases[].phase": true, ".phases[].steps[].when": true, ".phases[].steps[].restores[]": true,
	".communications[].audience": true, ".communications[].approved_by": true,
	".roles[].primary": true, ".roles[].alternate": true,
}

// sameUnlessBlank are values copied as they are, except a blank, which is
// written in the language: a contact's address or number.
var sameUnlessBlank = map[string]bool{".contacts[].channels[].value": true}

// translatedKeys are the objects whose keys are text a person reads (the
// starter kit's role names), paired with the English keys by position.
var translatedKeys = map[string]string{".playbooks.roles": "role"}

// terms are the texts the code matches by name, by group: each English
// term must have one translation throughout a language's files, or roles,
// owners, impact categories and regions stop matching.
var terms = map[string]string{
	".roles[].name": "role", ".phases[].steps[].who": "role", ".may_declare[]": "role",
	".team[].job": "owner", ".team[].owns[]": "owner", ".risks[].owner": "owner",
	".risks[].actions[].owner": "owner", ".bia.activities[].owner": "owner", ".owner": "owner",
	".bia.settings.categories[]": "impact", ".bia.activities[].impacts[].category": "impact",
	".bia.settings.severities[].label": "severity",
	".risks[].category":                "category",
	".bia.settings.primary_region":     "region", ".bia.resources[].region": "region",
}

// TestTranslatedContent: every file under templates/<lang>/ and
// playbooks/<lang>/ has exactly its English file's structure, references,
// identifiers, numbers and enum values; every text a person reads is
// translated and none is left empty; a blank stays a blank; and each term
// the code matches by name has one translation throughout the language.
func TestTranslatedContent(t *testing.T) {
	langs := languageDirs(t)
	if len(langs) == 0 {
		t.Fatal("no translated starter content under templates/ or playbooks/")
	}
	for _, lang := range langs {
		t.Run(lang, func(t *testing.T) {
			tr := map[string]map[string]string{} // group → English term → translation
			for _, dir := range []string{"templates", "playbooks"} {
				english := jsonFiles(t, dir)
				for _, name := range english {
					file := path.Join(dir, lang, name)
					pending := slices.Contains(notYetTranslated[lang], file)
					b, err := os.ReadFile(file)
					switch {
					case err != nil && pending:
						continue
					case err != nil:
						t.Errorf("%s is missing: translate %s, or list it in notYetTranslated", file, path.Join(dir, name))
						continue
					case pending:
						t.Errorf("%s exists: take it off notYetTranslated", file)
					}
					want := readNode(t, path.Join(dir, name))
					got, err := parseNode(b)
					if err != nil {
						t.Errorf("%s: %v", file, err)
						continue
					}
					c := &comparer{t: t, file: file, terms: tr}
					c.compare(want, got, "", "")
				}
				for _, name := range jsonFiles(t, path.Join(dir, lang)) {
					if !slices.Contains(english, name) {
						t.Errorf("%s has no English file %s", path.Join(dir, lang, name), path.Join(dir, name))
					}
				}
			}
		})
	}
}

// TestLanguagesOffered: a language is offered exactly when its starter
// content is whole, and an unknown one is refused with those there are.
func TestLanguagesOffered(t *testing.T) {
	offered := assets.Languages()
	if offered[0] != assets.DefaultLanguage {
		t.Errorf("Languages() = %v, want English first", offered)
	}
	for _, lang := range languageDirs(t) {
		whole := true
		for _, name := range assets.StarterPlaybooks() {
			if slices.Contains(notYetTranslated[lang], "playbooks/"+lang+"/"+name+".json") {
				whole = false
			}
		}
		if slices.Contains(notYetTranslated[lang], "templates/"+lang+"/cctld.json") {
			whole = false
		}
		if whole != slices.Contains(offered, lang) {
			t.Errorf("language %s: whole %v, offered %v (%v)", lang, whole, !whole, offered)
		}
		if !whole {
			continue
		}
		if _, err := assets.TemplateIn("cctld", lang); err != nil {
			t.Error(err)
		}
		names, bodies, err := assets.PlaybookTemplatesIn(lang)
		if err != nil || len(names) != len(bodies) || len(names) == 0 {
			t.Errorf("PlaybookTemplatesIn(%s) = %d names, %d bodies, %v", lang, len(names), len(bodies), err)
		}
		if assets.LanguageName(lang) == lang {
			t.Errorf("language %s has no name to offer it by", lang)
		}
	}
	names, _ := assets.PlaybookTemplates()
	if slices.ContainsFunc(names, func(n string) bool { return !strings.Contains(n, "-") }) {
		t.Errorf("the English playbook templates include a language folder: %v", names)
	}
	err := assets.CheckLanguage("de")
	if err == nil {
		t.Fatal("German was accepted")
	}
	for _, lang := range offered {
		if !strings.Contains(err.Error(), lang) {
			t.Errorf("the refusal %q does not offer %s", err, lang)
		}
	}
	if _, err := assets.TemplateIn("cctld", "xx"); err == nil {
		t.Error("an unknown language gave a template")
	}
	if _, _, err := assets.PlaybookTemplatesIn("xx"); err == nil {
		t.Error("an unknown language gave playbook templates")
	}
	for in, want := range map[string]string{"fr_FR.UTF-8": "fr", "fr-CA": "fr", "en_GB": "en", "de_DE": "", "C": "", "": ""} {
		if want != "" && !slices.Contains(offered, want) {
			continue
		}
		if got := assets.LanguageOfLocale(in); got != want {
			t.Errorf("LanguageOfLocale(%q) = %q, want %q", in, got, want)
		}
	}
}

// languageDirs lists the language folders under templates/ and playbooks/.
func languageDirs(t *testing.T) []string {
	t.Helper()
	var out []string
	for _, dir := range []string{"templates", "playbooks"} {
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if e.IsDir() && !slices.Contains(out, e.Name()) {
				out = append(out, e.Name())
			}
		}
	}
	slices.Sort(out)
	return out
}

func jsonFiles(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		if !e.IsDir() && strings.HasSuffix(e.Name(), ".json") {
			out = append(out, e.Name())
		}
	}
	return out
}

// node is a JSON value that keeps the order of an object's keys.
type node struct {
	kind string // object, array, string, literal (number, bool, null)
	keys []string
	vals []*node
	text string
}

func readNode(t *testing.T, file string) *node {
	t.Helper()
	b, err := fs.ReadFile(os.DirFS("."), file)
	if err != nil {
		t.Fatal(err)
	}
	n, err := parseNode(b)
	if err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	return n
}

func parseNode(b []byte) (*node, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	n, err := decodeNode(dec)
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("data after the JSON value")
	}
	return n, nil
}

func decodeNode(dec *json.Decoder) (*node, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch v := tok.(type) {
	case json.Delim:
		n := &node{kind: "array"}
		if v == '{' {
			n.kind = "object"
		}
		for dec.More() {
			if n.kind == "object" {
				k, err := dec.Token()
				if err != nil {
					return nil, err
				}
				n.keys = append(n.keys, k.(string))
			}
			c, err := decodeNode(dec)
			if err != nil {
				return nil, err
			}
			n.vals = append(n.vals, c)
		}
		_, err := dec.Token() // the closing delimiter
		return n, err
	case string:
		return &node{kind: "string", text: v}, nil
	default:
		return &node{kind: "literal", text: fmt.Sprint(v)}, nil
	}
}

type comparer struct {
	t     *testing.T
	file  string
	terms map[string]map[string]string
}

// compare walks the English value want and its translation got; at is the
// path with indices for messages, pattern the path with "[]" and "*".
func (c *comparer) compare(want, got *node, at, pattern string) {
	if want.kind != got.kind {
		c.t.Errorf("%s %s: a %s, want a %s as in English", c.file, at, got.kind, want.kind)
		return
	}
	switch want.kind {
	case "object":
		group, translated := translatedKeys[pattern]
		if !translated && !slices.Equal(want.keys, got.keys) {
			c.t.Errorf("%s %s: keys %v, want %v as in English", c.file, at, got.keys, want.keys)
			return
		}
		if len(want.keys) != len(got.keys) {
			c.t.Errorf("%s %s: %d keys, want %d as in English", c.file, at, len(got.keys), len(want.keys))
			return
		}
		for i, k := range want.keys {
			sub := pattern + "." + k
			if translated {
				c.term(group, k, got.keys[i], at+"."+got.keys[i])
				sub = pattern + ".*"
			}
			c.compare(want.vals[i], got.vals[i], at+"."+got.keys[i], sub)
		}
	case "array":
		if len(want.vals) != len(got.vals) {
			c.t.Errorf("%s %s: %d items, want %d as in English", c.file, at, len(got.vals), len(want.vals))
			return
		}
		for i := range want.vals {
			c.compare(want.vals[i], got.vals[i], fmt.Sprintf("%s[%d]", at, i), pattern+"[]")
		}
	case "literal":
		if want.text != got.text {
			c.t.Errorf("%s %s: %s, want %s as in English", c.file, at, got.text, want.text)
		}
	case "string":
		c.text(want.text, got.text, at, pattern)
	}
}

func (c *comparer) text(want, got, at, pattern string) {
	switch {
	case sameValue[pattern] || sameUnlessBlank[pattern] && !bcp.IsToFillIn(want):
		if want != got {
			c.t.Errorf("%s %s: %q, want %q as in English (the code reads this value)", c.file, at, got, want)
		}
		return
	case strings.TrimSpace(want) == "" || strings.TrimSpace(got) == "":
		if strings.TrimSpace(want) != strings.TrimSpace(got) {
			c.t.Errorf("%s %s: %q, but English has %q", c.file, at, got, want)
		}
		return
	case bcp.IsToFillIn(want) != bcp.IsToFillIn(got):
		c.t.Errorf("%s %s: %q, but English %q (a blank stays a blank, and only a blank is one)", c.file, at, got, want)
	case want == got && len(strings.Fields(want)) >= 4:
		c.t.Errorf("%s %s: still in English: %q", c.file, at, got)
	}
	if group, ok := terms[pattern]; ok {
		c.term(group, want, got, at)
	}
}

// term records the translation of an English term the code matches by
// name, and fails a second, different one.
func (c *comparer) term(group, english, translated, at string) {
	m := c.terms[group]
	if m == nil {
		m = map[string]string{}
		c.terms[group] = m
	}
	key := strings.ToLower(english)
	if prev, ok := m[key]; ok && !strings.EqualFold(prev, translated) {
		c.t.Errorf("%s %s: %q translates the %s %q, translated %q elsewhere; use one translation", c.file, at, translated, group, english, prev)
		return
	}
	m[key] = translated
}
