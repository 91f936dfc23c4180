package bcp

import (
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"riskbook/i18n"
	"riskbook/risk"
)

// written are the rules whose findings the tests wrote in every language
// (inEveryLanguage), for TestMain to tell which rule none of them broke.
var written sync.Map

// inEveryLanguage writes every finding of fs in French and Spanish and
// fails t on a text left in English, a placeholder left as it is, a value
// missing or a message identifier shown instead of its text. Every rule
// test goes through it (assertFindings), so every rule a test breaks is
// written in every language.
func inEveryLanguage(t *testing.T, fs []risk.Finding) {
	t.Helper()
	for _, f := range fs {
		written.Store(f.Rule, true)
		if f.Text.IsZero() {
			t.Errorf("%s (%s): the finding keeps no message of the catalogue, only %q", f.Rule, f.Ref, f.Message)
			continue
		}
		if got := f.In(i18n.For(i18n.English)); got != f.Message {
			t.Errorf("%s: In(English) = %q, Message = %q", f.Rule, got, f.Message)
		}
		if os.Getenv("SHOWLANG") != "" {
			fmt.Fprintf(os.Stderr, "@@%s\t%s\n   FR %s\n   ES %s\n", f.Rule, f.Message, f.In(i18n.For(i18n.French)), f.In(i18n.For(i18n.Spanish)))
		}
		for _, l := range []i18n.Lang{i18n.French, i18n.Spanish} {
			got := f.In(i18n.For(l))
			if why := i18n.Unwritten(got); why != "" {
				t.Errorf("%s in %s %s: %q", f.Rule, l, why, got)
			}
			if got == f.Message {
				t.Errorf("%s in %s is the English text: %q", f.Rule, l, got)
			}
		}
	}
}

// TestMain runs the tests, then, when they all ran and passed, fails on a
// rule of the package that gives findings none of them wrote in every
// language: the walk over the rules.
func TestMain(m *testing.M) {
	flag.Parse()
	code := m.Run()
	if code == 0 && flag.Lookup("test.run").Value.String() == "" && !testing.Short() {
		if missing := unwrittenRules(); len(missing) > 0 {
			fmt.Fprintf(os.Stderr, "FAIL: no test wrote a finding of these rules in every language (break them in a rule test): %s\n", strings.Join(missing, ", "))
			code = 1
		}
	}
	os.Exit(code)
}

// unwrittenRules are the rules the package's code makes findings of —
// the rule literal of each call of add, block, guard and NewFinding —
// that no test wrote.
func unwrittenRules() []string {
	rule := regexp.MustCompile(`^[a-z]+(-[a-z]+)+$`)
	files, _ := filepath.Glob("*.go")
	fset := token.NewFileSet()
	var out []string
	seen := map[string]bool{}
	for _, path := range files {
		if strings.HasSuffix(path, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return []string{err.Error()}
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			name := ""
			switch fun := call.Fun.(type) {
			case *ast.Ident:
				name = fun.Name
			case *ast.SelectorExpr:
				name = fun.Sel.Name
			}
			if name != "add" && name != "block" && name != "guard" && name != "future" && name != "NewFinding" {
				return true
			}
			for _, a := range call.Args {
				lit, ok := a.(*ast.BasicLit)
				if !ok || lit.Kind != token.STRING {
					continue
				}
				if s, _ := strconv.Unquote(lit.Value); rule.MatchString(s) && !seen[s] {
					seen[s] = true
					if _, ok := written.Load(s); !ok {
						out = append(out, s)
					}
				}
			}
			return true
		})
	}
	sort.Strings(out)
	return out
}

func TestDurationsInEveryLanguage(t *testing.T) {
	tests := []struct {
		in   string
		want time.Duration
	}{
		{"2 jours", 2 * Day},
		{"1 jour", Day},
		{"3 j", 3 * Day},
		{"1 sem.", Week},
		{"2 semaines", 2 * Week},
		{"6 mois", 6 * Month},
		{"1 an", Year},
		{"2 ans", 2 * Year},
		{"4 heures", 4 * time.Hour},
		{"1,5 h", 90 * time.Minute},
		{"30 mn", 30 * time.Minute},
		{"1 jour et 12 heures", 36 * time.Hour},
		{"3 días", 3 * Day},
		{"3 dias", 3 * Day},
		{"1 día y 12 horas", 36 * time.Hour},
		{"2 semanas", 2 * Week},
		{"1 mes", Month},
		{"3 meses", 3 * Month},
		{"1 año", Year},
		{"45 minutos", 45 * time.Minute},
		{"2,25 h", 135 * time.Minute},
		{"4 h", 4 * time.Hour},
		{"2 days", 2 * Day},
	}
	for _, tt := range tests {
		got, err := ParseDuration(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ParseDuration(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
	for _, in := range []string{"1,500 min", "2 jours et", "1 día y", "3 lunes"} {
		if got, err := ParseDuration(in); err == nil {
			t.Errorf("ParseDuration(%q) = %v, want an error", in, got)
		}
	}
	formats := []struct {
		d          time.Duration
		en, fr, es string
	}{
		{30 * time.Minute, "30 min", "30 min", "30 min"},
		{4 * time.Hour, "4 h", "4 h", "4 h"},
		{Day, "1 day", "1 jour", "1 día"},
		{2 * Day, "2 days", "2 jours", "2 días"},
		{36 * time.Hour, "1 day 12 h", "1 jour 12 h", "1 día 12 h"},
		{Week, "1 week", "1 semaine", "1 semana"},
		{3 * Week, "3 weeks", "3 semaines", "3 semanas"},
		{Month, "1 month", "1 mois", "1 mes"},
		{6 * Month, "6 months", "6 mois", "6 meses"},
		{3650 * Day, "3650 days", "3650 jours", "3650 días"},
	}
	for _, tt := range formats {
		for l, want := range map[i18n.Lang]string{i18n.English: tt.en, i18n.French: tt.fr, i18n.Spanish: tt.es} {
			got := Duration(tt.d).In(i18n.For(l))
			if got != want {
				t.Errorf("%s: %v written %q, want %q", l, tt.d, got, want)
			}
			// What a person reads in any language reads back as the same
			// duration, and the stored form stays English.
			if back, err := ParseDuration(got); err != nil || back != tt.d {
				t.Errorf("%s: %q reads back as %v, %v", l, got, back, err)
			}
		}
		if b, _ := Duration(tt.d).MarshalText(); string(b) != tt.en {
			t.Errorf("stored form of %v = %q, want %q", tt.d, b, tt.en)
		}
	}
	msg := risk.ErrorMessageIn(i18n.For(i18n.French), func() error { _, err := ParseDuration("4 parsecs"); return err }())
	if !strings.Contains(msg, "n’est pas une durée") || !strings.Contains(msg, "«\u202f4 parsecs\u202f»") {
		t.Errorf("French refusal = %q", msg)
	}
}

func TestBlankMarkInEveryLanguage(t *testing.T) {
	for _, l := range i18n.Langs() {
		if mark := ToFillInIn(i18n.For(l)); !IsToFillIn(mark) {
			t.Errorf("%s: the blank %q is not recognised as one", l, mark)
		}
	}
}

// TestRulesOtherTestsDoNotWrite breaks the rules the rule tests judge
// through errors rather than findings — the incident records' — and a few
// others, so that their findings are written in every language too.
func TestRulesOtherTestsDoNotWrite(t *testing.T) {
	p := pb(t, validPlaybooks(t), "PB-01")
	bad := NewActivation(p, "", "Carla", declaredAt)
	bad.Ref = ""
	bad.Tick(2, "Dan", declaredAt.Add(-time.Minute))
	bad.ClosedAt = declaredAt.Add(-time.Hour)
	undated := NewActivation(p, "Resolution fails", "", time.Time{})
	undated.Ref, undated.Playbook = "ACV-02", ""
	open := NewActivation(p, "Resolution fails", "Ana", declaredAt)
	open.Ref, open.Playbook = "ACV-03", "PB-99"
	c := &checker{}
	c.activation(&bad, p, time.Time{})
	c.activation(&undated, nil, time.Time{})
	fs := append(c.out, checkActivations([]Activation{open}, refsOf(validPlaybooks(t), nil), declaredAt.Add(30*24*time.Hour))...)

	b := validBIA(t)
	ex := validExercise()
	ex.Results = append(ex.Results, Result{})
	ex.Findings[0].Risk = "R-404"
	ex.Actions = append(ex.Actions, ImprovementAction{Status: risk.Planned})
	refs := refsOf(validPlaybooks(t), &b)
	refs.Judge(RefRisk)
	fs = append(fs, checkExercises([]Exercise{ex}, validPlaybooks(t), &b, refs, checkToday())...)
	inEveryLanguage(t, fs)
	for _, rule := range []string{"activation-reference-missing", "activation-trigger-missing", "activation-declarer-not-allowed",
		"activation-step-before-declared", "activation-closed-before-declared", "activation-declarer-missing", "activation-time-missing",
		"activation-playbook-missing", "activation-playbook-unknown", "activation-open-long",
		"result-activity-missing", "finding-risk-unknown", "improvement-action-title-missing"} {
		if !slicesContainsRule(fs, rule) {
			t.Errorf("no finding of %s among %v", rule, fs)
		}
	}
}

func slicesContainsRule(fs []risk.Finding, rule string) bool {
	for _, f := range fs {
		if f.Rule == rule {
			return true
		}
	}
	return false
}
