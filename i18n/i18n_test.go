package i18n

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	gi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

// catalogue reads every message file as JSON: area → language → id → the
// message (a string, or an object of plural forms).
func catalogue(t *testing.T) map[string]map[Lang]map[string]any {
	t.Helper()
	out := map[string]map[Lang]map[string]any{}
	entries, err := fs.ReadDir(Files, Dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		parts := strings.Split(e.Name(), ".")
		if len(parts) != 3 || parts[2] != "json" {
			t.Errorf("%s: a message file is named AREA.LANG.json", e.Name())
			continue
		}
		area, lang := parts[0], Lang(parts[1])
		if !slices.Contains(Langs(), lang) {
			t.Errorf("%s: %q is not one of the languages Langs lists", e.Name(), lang)
		}
		b, err := fs.ReadFile(Files, Dir+"/"+e.Name())
		if err != nil {
			t.Fatal(err)
		}
		var msgs map[string]any
		if err := json.Unmarshal(b, &msgs); err != nil {
			t.Errorf("%s: %v", e.Name(), err)
			continue
		}
		if out[area] == nil {
			out[area] = map[Lang]map[string]any{}
		}
		out[area][lang] = msgs
	}
	return out
}

var placeholder = regexp.MustCompile(`\{\{\s*\.(\w+)\s*\}\}`)

// placeholders are the names a message's texts replace, all forms together.
func placeholders(m any) []string {
	var texts []string
	switch m := m.(type) {
	case string:
		texts = []string{m}
	case map[string]any:
		for _, v := range m {
			if s, ok := v.(string); ok {
				texts = append(texts, s)
			}
		}
	}
	var names []string
	for _, s := range texts {
		for _, g := range placeholder.FindAllStringSubmatch(s, -1) {
			if !slices.Contains(names, g[1]) {
				names = append(names, g[1])
			}
		}
	}
	slices.Sort(names)
	return names
}

// TestEveryMessageInEveryLanguage is the test a missing translation fails:
// every language holds every message of English, no other, not empty, with
// the same placeholders, and a message identifier belongs to one area.
func TestEveryMessageInEveryLanguage(t *testing.T) {
	seen := map[string]string{}
	for area, langs := range catalogue(t) {
		en := langs[English]
		if en == nil {
			t.Errorf("area %s has no English file (%s.en.json)", area, area)
			continue
		}
		for id := range en {
			if other, ok := seen[id]; ok {
				t.Errorf("message %s is in both %s and %s", id, other, area)
			}
			seen[id] = area
		}
		for _, l := range Langs() {
			msgs := langs[l]
			if msgs == nil {
				t.Errorf("%s.%s.json is missing", area, l)
				continue
			}
			for id, m := range en {
				tr, ok := msgs[id]
				switch {
				case !ok:
					t.Errorf("%s.%s.json lacks %s", area, l, id)
				case empty(tr):
					t.Errorf("%s.%s.json: %s is empty", area, l, id)
				case !slices.Equal(placeholders(tr), placeholders(m)):
					t.Errorf("%s.%s.json: %s uses %v, English uses %v", area, l, id, placeholders(tr), placeholders(m))
				}
				if _, plural := m.(map[string]any); plural {
					if _, ok := tr.(map[string]any); !ok && tr != nil {
						t.Errorf("%s.%s.json: %s has plural forms in English, give them here too", area, l, id)
					}
				}
			}
			for id := range msgs {
				if _, ok := en[id]; !ok {
					t.Errorf("%s.%s.json has %s, which English does not", area, l, id)
				}
			}
		}
	}
}

func empty(m any) bool {
	switch m := m.(type) {
	case string:
		return strings.TrimSpace(m) == ""
	case map[string]any:
		s, _ := m["other"].(string)
		return strings.TrimSpace(s) == ""
	}
	return true
}

// TestEveryMessageWrites writes every message in every language, every
// plural one for counts of every plural form, and fails on any error of
// the library: a plural form a language needs and lacks, a broken template.
func TestEveryMessageWrites(t *testing.T) {
	b := gi18n.NewBundle(language.English)
	b.RegisterUnmarshalFunc("json", json.Unmarshal)
	entries, _ := fs.ReadDir(Files, Dir)
	for _, e := range entries {
		data, _ := fs.ReadFile(Files, Dir+"/"+e.Name())
		if _, err := b.ParseMessageFileBytes(data, e.Name()); err != nil {
			t.Fatalf("%s: %v", e.Name(), err)
		}
	}
	for area, langs := range catalogue(t) {
		for _, l := range Langs() {
			loc := gi18n.NewLocalizer(b, string(l))
			for id, m := range langs[l] {
				data := map[string]any{}
				for _, name := range placeholders(m) {
					data[name] = "x"
				}
				if _, plural := m.(map[string]any); plural {
					for _, n := range []int{0, 1, 2, 5, 21, 1000000} {
						if _, err := loc.Localize(&gi18n.LocalizeConfig{MessageID: id, TemplateData: data, PluralCount: n}); err != nil {
							t.Errorf("%s.%s.json: %s for %d: %v", area, l, id, n, err)
						}
					}
					continue
				}
				if _, err := loc.Localize(&gi18n.LocalizeConfig{MessageID: id, TemplateData: data}); err != nil {
					t.Errorf("%s.%s.json: %s: %v", area, l, id, err)
				}
			}
		}
	}
}

// TestEveryKeyInTheCode reads the module's Go code for the messages it
// asks for by a literal identifier — calls of T and N whose first argument
// is a string of the form word.word… — and fails on one no English file
// holds.
func TestEveryKeyInTheCode(t *testing.T) {
	en := map[string]bool{}
	for _, langs := range catalogue(t) {
		for id := range langs[English] {
			en[id] = true
		}
	}
	key := regexp.MustCompile(`^[a-z][a-z0-9_]*(\.[a-zA-Z0-9_]+)+$`)
	fset := token.NewFileSet()
	asked := 0
	err := filepath.WalkDir("..", func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && path != ".." && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) == 0 {
				return true
			}
			var name string
			switch fun := call.Fun.(type) {
			case *ast.SelectorExpr:
				name = fun.Sel.Name
			case *ast.Ident: // T and N inside the package that declares them (risk)
				name = fun.Name
			}
			if name != "T" && name != "N" {
				return true
			}
			lit, ok := call.Args[0].(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			id, err := strconv.Unquote(lit.Value)
			if err != nil || !key.MatchString(id) {
				return true
			}
			asked++
			if !en[id] {
				t.Errorf("%s asks for message %s, which no English file holds", fset.Position(lit.Pos()), id)
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if asked == 0 {
		t.Error("found no message asked for in the code: the walk is broken")
	}
}

func TestParse(t *testing.T) {
	tests := []struct {
		in   string
		want Lang
		ok   bool
	}{
		{"en", English, true},
		{"fr", French, true},
		{"es", Spanish, true},
		{"FR", French, true},
		{"fr_FR.UTF-8", French, true},
		{"es-MX", Spanish, true},
		{"es_419", Spanish, true},
		{"en_GB@euro", English, true},
		{"Français", French, true},
		{"español", Spanish, true},
		{" fr ", French, true},
		{"de", "", false},
		{"C", "", false},
		{"", "", false},
		{"klingon", "", false},
	}
	for _, tt := range tests {
		got, err := Parse(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("Parse(%q) = %q, %v; want %q (ok %v)", tt.in, got, err, tt.want, tt.ok)
		}
		if err != nil && (!strings.Contains(err.Error(), "en, fr, es") || strings.Count(err.Error(), ". ") > 0) {
			t.Errorf("Parse(%q): %q is not one sentence naming the choices", tt.in, err)
		}
	}
}

func TestFromLocales(t *testing.T) {
	tests := []struct {
		in   []string
		want Lang
	}{
		{nil, English},
		{[]string{"C"}, English},
		{[]string{"de_DE.UTF-8", "fr_FR"}, French},
		{[]string{"es-AR"}, Spanish},
		{[]string{"pt-BR", "ja"}, English},
	}
	for _, tt := range tests {
		if got := FromLocales(tt.in); got != tt.want {
			t.Errorf("FromLocales(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestNumbersAndDates(t *testing.T) {
	day := time.Date(2026, time.December, 5, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		lang                Lang
		n, pct, dated, when string
	}{
		{English, "10,000", "50%", "5 December 2026", "Saturday 5 December 2026, 14:02"},
		{French, "10\u00a0000", "50\u202f%", "5 décembre 2026", "samedi 5 décembre 2026, 14:02"},
		{Spanish, "10.000", "50\u00a0%", "5 de diciembre de 2026", "sábado, 5 de diciembre de 2026, 14:02"},
	}
	for _, tt := range tests {
		p := For(tt.lang)
		if got := p.Int(10000); got != tt.n {
			t.Errorf("%s: Int(10000) = %q, want %q", tt.lang, got, tt.n)
		}
		if got := p.Percent(0.5); got != tt.pct {
			t.Errorf("%s: Percent(0.5) = %q, want %q", tt.lang, got, tt.pct)
		}
		if got := p.LongDate(day); got != tt.dated {
			t.Errorf("%s: LongDate = %q, want %q", tt.lang, got, tt.dated)
		}
		if got := p.When(day.Add(14*time.Hour + 2*time.Minute)); got != tt.when {
			t.Errorf("%s: When = %q, want %q", tt.lang, got, tt.when)
		}
	}
}

// The first of a month is written as each language writes it: 1er in
// French, a plain 1 elsewhere; other days keep their number.
func TestFirstOfTheMonth(t *testing.T) {
	first := time.Date(2026, time.January, 1, 9, 30, 0, 0, time.UTC)
	tests := []struct {
		lang                  Lang
		dated, when, eleventh string
	}{
		{English, "1 January 2026", "Thursday 1 January 2026, 09:30", "11 January 2026"},
		{French, "1er janvier 2026", "jeudi 1er janvier 2026, 09:30", "11 janvier 2026"},
		{Spanish, "1 de enero de 2026", "jueves, 1 de enero de 2026, 09:30", "11 de enero de 2026"},
	}
	for _, tt := range tests {
		p := For(tt.lang)
		if got := p.LongDate(first); got != tt.dated {
			t.Errorf("%s: LongDate(1 January) = %q, want %q", tt.lang, got, tt.dated)
		}
		if got := p.When(first); got != tt.when {
			t.Errorf("%s: When(1 January) = %q, want %q", tt.lang, got, tt.when)
		}
		if got := p.LongDate(first.AddDate(0, 0, 10)); got != tt.eleventh {
			t.Errorf("%s: LongDate(11 January) = %q, want %q", tt.lang, got, tt.eleventh)
		}
	}
}

func TestDefault(t *testing.T) {
	SetDefault(French)
	t.Cleanup(func() { SetDefault(English) })
	if got := T("date.month.8"); got != "août" {
		t.Errorf("T in French = %q", got)
	}
	if !Has("date.month.8") || Has("no.such.message") {
		t.Error("Has does not tell the catalogue's messages from others")
	}
}

func TestPlural(t *testing.T) {
	tests := []struct {
		lang Lang
		n    int
		want string
	}{
		{English, 1, "1 day"},
		{English, 0, "0 days"},
		{English, 10000, "10,000 days"},
		{French, 0, "0 jour"},
		{French, 1, "1 jour"},
		{French, 2, "2 jours"},
		{French, 1000000, "1\u00a0000\u00a0000 de jours"},
		{Spanish, 1, "1 día"},
		{Spanish, 3, "3 días"},
		{Spanish, 1000000, "1.000.000 de días"},
	}
	for _, tt := range tests {
		if got := For(tt.lang).N("unit.days", tt.n); got != tt.want {
			t.Errorf("%s: N(unit.days, %d) = %q, want %q", tt.lang, tt.n, got, tt.want)
		}
	}
}

func TestUnwritten(t *testing.T) {
	tests := []struct {
		text string
		bad  bool
	}{
		{"Le risque R-001 n’a pas de titre.", false},
		{"Voir www.example.org et w.riskbook, 1.5 h", false},
		{"", true},
		{"  ", true},
		{"Le risque {{.Ref}} n’a pas de titre.", true},
		{"Le risque <no value> n’a pas de titre.", true},
		{"rules.title_missing", true},
		{"Erreur : export.no.such.message", true}, // an identifier no file holds is one too
	}
	for _, tt := range tests {
		if got := Unwritten(tt.text); (got != "") != tt.bad {
			t.Errorf("Unwritten(%q) = %q, want a fault: %v", tt.text, got, tt.bad)
		}
	}
}
