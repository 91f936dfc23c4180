package risk

import (
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"riskbook/i18n"
)

// ruleFindings is a register that breaks every register-wide and per-risk
// rule of the package at least once, and its findings on checkToday.
func ruleFindings(t *testing.T) []Finding {
	t.Helper()
	reg := validRegister(t)
	bad := func(ref string, modify func(r *Risk)) {
		r := validRisk(t)
		r.Ref = ref
		modify(&r)
		reg.Risks = append(reg.Risks, r)
	}
	bad("", func(r *Risk) { r.Title = ""; r.Owner = ""; r.Confidence = "" })
	bad("R-010", func(r *Risk) {
		r.Treatment, r.Status, r.ControlEffectiveness, r.Confidence, r.ReviewFrequency = "cure", "limbo", "magic", "Z", "hourly"
	})
	bad("R-011", func(r *Risk) { r.Inherent, r.Residual, r.Target = Score{9, 9}, Score{6, 1}, Score{1, 7} })
	bad("R-012", func(r *Risk) { r.Inherent = Score{} })
	bad("R-013", func(r *Risk) { r.Residual = Score{} })
	bad("R-014", func(r *Risk) { r.Inherent, r.Residual, r.Target = Score{2, 2}, Score{3, 3}, Score{4, 4} })
	bad("R-015", func(r *Risk) {
		r.Inherent, r.Residual = Score{2, 2}, Score{2, 3}
		r.Justification = "Outsourcing adds exposure."
	})
	bad("R-016", func(r *Risk) {
		acceptAbove(r)
		r.Acceptance = Acceptance{Expiry: Date{2026, time.January, 1}}
		r.Controls = nil
	})
	bad("R-017", func(r *Risk) { acceptAbove(r); r.Acceptance.Approver, r.Acceptance.Expiry = "", Date{} })
	bad("R-018", func(r *Risk) { r.Residual, r.Treatment = Score{4, 4}, "" })
	bad("R-019", func(r *Risk) { r.Residual, r.Actions = Score{4, 4}, nil })
	bad("R-020", func(r *Risk) { r.ReviewFrequency = "" })
	bad("R-021", func(r *Risk) { r.NextReview = Date{2025, time.February, 28} })
	bad("R-022", func(r *Risk) {
		r.Actions = []Action{{Status: "paused", Progress: 140}, {Title: "Buy a generator", Due: Date{2026, time.February, 1}, Status: Planned}}
	})
	bad("R-023", func(r *Risk) { r.Actions = []Action{{Title: "Write the plan", Status: Planned}} })
	bad("R-024", func(r *Risk) {
		r.Identified = Date{2027, time.January, 1}
		r.LastReview = Date{2027, time.February, 1}
		r.Acceptance = Acceptance{Date: Date{2027, time.March, 1}}
	})
	bad("R-025", func(r *Risk) {
		r.Identified = Date{2025, time.June, 1}
		r.LastReview = Date{2025, time.May, 1}
		r.Acceptance = Acceptance{Date: Date{2025, time.April, 1}, Expiry: Date{2025, time.March, 1}}
		r.Actions[0].Due = Date{2025, time.January, 1}
	})
	bad("R-026", func(r *Risk) { r.Controls = []string{"A.9.99"} })
	bad("R-002", func(r *Risk) {})
	reg.Criteria.Matrix[1][0], reg.Criteria.Matrix[0][0] = 1, 2
	reg.Criteria.Levels[0].Colour = "red"
	reg.SoA = append(reg.SoA[:1],
		SoAEntry{Control: "A.5.2", Applicable: "perhaps", Implementation: "someday"},
		SoAEntry{Control: "A.8.1", Applicable: NotApplicable, Implementation: Implemented})
	reg.Catalog = append(reg.Catalog, Control{ID: "A.5.9", Title: "Inventory"}, Control{ID: "A.5.10", Title: "Use of information"})
	reg.SoA = append(reg.SoA, SoAEntry{Control: "A.5.9", Applicable: Applicable})
	reg.Risks[0].Controls = append(reg.Risks[0].Controls, "A.5.10")
	reg.Risks[1].Controls = append(reg.Risks[1].Controls, "A.8.1")
	return CheckRegister(&reg, checkToday())
}

// sourceRules are the rule identifiers the package's code gives its
// findings: the string literal a finding is made with.
func sourceRules(t *testing.T, dir string) map[string]bool {
	t.Helper()
	rule := regexp.MustCompile(`^[a-z]+(-[a-z]+)+$`)
	out := map[string]bool{}
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	for _, path := range files {
		if strings.HasSuffix(path, "_test.go") {
			continue
		}
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		f, err := parser.ParseFile(fset, path, src, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			for _, a := range call.Args {
				if lit, ok := a.(*ast.BasicLit); ok && lit.Kind == token.STRING {
					if s, _ := strconv.Unquote(lit.Value); rule.MatchString(s) && isFindingCall(call) {
						out[s] = true
					}
				}
			}
			return true
		})
	}
	return out
}

// isFindingCall reports whether call makes a finding: NewFinding, or a
// checker's add, block, guard or similar, whose last argument is a message.
func isFindingCall(call *ast.CallExpr) bool {
	name := ""
	switch fun := call.Fun.(type) {
	case *ast.Ident:
		name = fun.Name
	case *ast.SelectorExpr:
		name = fun.Sel.Name
	}
	switch name {
	case "NewFinding", "add", "block", "guard", "warn", "note", "info", "err", "finding":
		return true
	}
	return false
}

// TestEveryRuleInEveryLanguage writes a finding of every rule of the
// package in French and Spanish: whole sentences, every value in its
// place, none left in English.
func TestEveryRuleInEveryLanguage(t *testing.T) {
	fs := ruleFindings(t)
	seen := map[string]bool{}
	for _, f := range fs {
		seen[f.Rule] = true
		if f.Text.IsZero() {
			t.Errorf("%s (%s): the finding keeps no message of the catalogue, only %q", f.Rule, f.Ref, f.Message)
			continue
		}
		if got := f.In(i18n.For(i18n.English)); got != f.Message {
			t.Errorf("%s: In(English) = %q, Message = %q", f.Rule, got, f.Message)
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
	for r := range sourceRules(t, ".") {
		if !seen[r] {
			t.Errorf("rule %s gave no finding here: add a case that breaks it", r)
		}
	}
}

func TestUserTextIsNeverTranslated(t *testing.T) {
	r := validRisk(t)
	r.Actions[0].Title = "Acheter un onduleur"
	r.Actions[0].Owner = ""
	fs := Check(&r, func() *Criteria { c := DefaultCriteria(); return &c }(), checkToday())
	if len(fs) != 1 {
		t.Fatalf("got %v, want one finding", fs)
	}
	tests := []struct {
		lang i18n.Lang
		want string
	}{
		{i18n.English, `action "Acheter un onduleur" has no owner; name who will do it`},
		{i18n.French, "l’action «\u202fAcheter un onduleur\u202f» n’a pas de responsable\u202f; désignez qui la mènera"},
		{i18n.Spanish, "la acción «Acheter un onduleur» no tiene responsable; indique quién la llevará a cabo"},
	}
	for _, tt := range tests {
		if got := fs[0].In(i18n.For(tt.lang)); got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.lang, got, tt.want)
		}
	}
}

// TestFileErrorsInEveryLanguage writes every fault of every operation,
// with and without a detail, in every language: one sentence naming the
// file, whose message identifiers all exist.
func TestFileErrorsInEveryLanguage(t *testing.T) {
	for f := FaultDiskFull; f <= FaultNotWorkspace+1; f++ {
		for _, op := range []FileOp{OpOpen, OpRead, OpSave, OpWrite} {
			for _, detail := range []Localizer{nil, T("rules.read_only.disk")} {
				fe := &FileError{Fault: f, Op: op, Path: "/srv/registre.riskbook", Detail: detail}
				for _, l := range i18n.Langs() {
					got := fe.In(i18n.For(l))
					if why := i18n.Unwritten(got); why != "" {
						t.Errorf("fault %d, op %d, %s %s: %q", f, op, l, why, got)
					}
					if !strings.Contains(got, "registre.riskbook") || !strings.HasSuffix(got, ".") {
						t.Errorf("fault %d, op %d, %s: %q is not a sentence naming the file", f, op, l, got)
					}
				}
			}
		}
	}
}

func TestErrorInLanguages(t *testing.T) {
	err := error(Err(EINVALID, T("rules.date_invalid", Args{"Value": Quote("31/02")})))
	tests := []struct {
		lang i18n.Lang
		want string
	}{
		{i18n.English, `"31/02" is not a date; write it as YYYY-MM-DD, for example 2026-03-31`},
		{i18n.French, "«\u202f31/02\u202f» n’est pas une date\u202f; écrivez-la sous la forme AAAA-MM-JJ, par exemple 2026-03-31"},
		{i18n.Spanish, "«31/02» no es una fecha; escríbala como AAAA-MM-DD, por ejemplo 2026-03-31"},
	}
	for _, tt := range tests {
		if got := ErrorMessageIn(i18n.For(tt.lang), err); got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.lang, got, tt.want)
		}
	}
	if got := ErrorMessageIn(i18n.For(i18n.French), errors.New("disk I/O")); got != "Erreur interne\u00a0: disk I/O" {
		t.Errorf("an internal error in French: got %q", got)
	}
	if got := ErrorMessageIn(i18n.For(i18n.French), Errorf(EINVALID, "kept as written")); got != "kept as written" {
		t.Errorf("an Errorf message in French: got %q", got)
	}
}

func TestNumbersInMessages(t *testing.T) {
	tests := []struct {
		lang i18n.Lang
		n    int
		want string
	}{
		{i18n.English, 12000, "12000"},
		{i18n.French, 1096, "1096"},
		{i18n.French, 12000, "12\u00a0000"},
		{i18n.Spanish, 12000, "12.000"},
	}
	for _, tt := range tests {
		if got := Num(tt.n).In(i18n.For(tt.lang)); got != tt.want {
			t.Errorf("%s: Num(%d) = %q, want %q", tt.lang, tt.n, got, tt.want)
		}
	}
	refs := []string{"R-1", "R-2", "R-3", "R-4"}
	if got := Refs(refs, 2).In(i18n.For(i18n.French)); got != "R-1, R-2 et 2 autres" {
		t.Errorf("Refs in French = %q", got)
	}
	if got := RefList(refs, 2); got != "R-1, R-2 and 2 more" {
		t.Errorf("RefList = %q", got)
	}
}
