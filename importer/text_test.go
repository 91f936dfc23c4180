package importer

import (
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"riskbook/i18n"
	"riskbook/risk"
)

// msgs writes messages in the default language, one a line.
func msgs(ms []risk.Msg) string {
	s := make([]string, len(ms))
	for i, m := range ms {
		s[i] = m.String()
	}
	return strings.Join(s, "\n")
}

// writePlan writes every sentence of a plan in p's language: the
// evidence, the bands, the damage, the problems and disagreements, each
// row's problems and changes, and why it would be refused.
func writePlan(p *i18n.Printer, plan *ImportPlan) []string {
	var out []string
	for _, e := range plan.Evidence {
		out = append(out, e.In(p))
	}
	for _, b := range plan.Bandings {
		out = append(out, b.In(p))
	}
	for _, d := range plan.Damage {
		out = append(out, d.WhereIn(p), d.Message.In(p))
	}
	for _, pb := range append(slices.Clone(plan.Problems), plan.Disagreements...) {
		out = append(out, pb.Column, pb.Message.In(p))
	}
	for _, pr := range plan.Risks {
		for _, m := range pr.Problems {
			out = append(out, m.In(p))
		}
		for _, c := range pr.Changes {
			out = append(out, c.In(p))
		}
	}
	for _, c := range []Consent{{}, {Damage: true}, {Damage: true, Disagreements: true}, {Damage: true, Disagreements: true, Update: true}} {
		if r := plan.Refuse(c, time.Time{}); r != nil {
			out = append(out, r.In(p))
		}
	}
	return out
}

// englishSentences are the fixed parts of the importer's English messages
// (the text between placeholders) that are long enough to be told apart
// from a person's own text: one of them in a French or Spanish plan is an
// English sentence left untranslated.
func englishSentences(t *testing.T) []string {
	t.Helper()
	data, err := fs.ReadFile(i18n.Files, i18n.Dir+"/importer.en.json")
	if err != nil {
		t.Fatal(err)
	}
	var msgs map[string]any
	if err := json.Unmarshal(data, &msgs); err != nil {
		t.Fatal(err)
	}
	var texts []string
	for _, m := range msgs {
		switch m := m.(type) {
		case string:
			texts = append(texts, m)
		case map[string]any:
			for _, f := range m {
				texts = append(texts, f.(string))
			}
		}
	}
	var out []string
	for _, s := range texts {
		for _, part := range regexp.MustCompile(`\{\{[^}]*\}\}`).Split(s, -1) {
			part = strings.Trim(part, " .,:;()")
			if len(strings.Fields(part)) >= 2 && len(part) >= 8 {
				out = append(out, part)
			}
		}
	}
	if len(out) < 100 {
		t.Fatalf("found %d English sentences in importer.en.json: the reading is broken", len(out))
	}
	return out
}

// TestPlanInFrenchAndSpanish plans the sample registers and every shape of
// sheet the importer knows, with updates of stored risks, and writes the
// plans, their refusals and an import's outcome in French and in Spanish:
// no English sentence of the importer may be left, and no message missing.
func TestPlanInFrenchAndSpanish(t *testing.T) {
	english := englishSentences(t)
	stored := []risk.Risk{
		{Ref: "R-001", Title: "DDoS on the name servers", Inherent: risk.Score{Likelihood: 5, Consequence: 5},
			Residual: risk.Score{Likelihood: 4, Consequence: 4}, Status: risk.Treating, Owner: "Ops", Treatment: risk.Reduce},
		{Ref: "R-002", Title: "Registry compromise", Inherent: risk.Score{Likelihood: 3, Consequence: 5},
			Residual: risk.Score{Likelihood: 3, Consequence: 4}, Status: risk.Open, Owner: "Sec"},
		{Ref: "R-01", Title: "Phishing", Status: risk.Closed, ReviewFrequency: risk.Annual},
	}
	var plans []*ImportPlan
	for _, dir := range []string{filepath.Join("..", "..", "shared", "samples"), filepath.Join("testdata", "samples"), filepath.Join("testdata", "shapes")} {
		entries, err := os.ReadDir(dir)
		if os.IsNotExist(err) {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			data, err := os.ReadFile(filepath.Join(dir, e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			src, err := ReadSource(e.Name(), data)
			if err != nil {
				t.Fatalf("%s: %v", e.Name(), err)
			}
			for _, edit := range []func(*Mapping){nil, func(m *Mapping) { m.BIA, m.Quantitative = BIASystems, QuantitativeUnscored }} {
				plans = append(plans, planSource(t, src, edit, stored...))
			}
		}
	}
	if len(plans) < 30 {
		t.Fatalf("planned %d sheets: the samples were not found", len(plans))
	}
	refusals := []*Refusal{
		{Kind: RefusedAgain, Source: "r.csv", When: time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)},
		{Kind: RefusedExisting, Source: "r.csv", Tally: Tally{Update: 7, Updates: []string{"R-1", "R-2", "R-3", "R-4", "R-5", "R-6", "R-7"}}},
		{Kind: RefusedBlocking, Source: "r.csv", Tally: Tally{BlockingRows: []int{2, 3, 4, 5, 6, 7, 8, 9, 10, 11}}},
		{Kind: RefusedEmpty, Source: "r.csv"},
		{Kind: 99},
	}
	outcomes := []*Outcome{
		{Source: "/tmp/r.csv", Created: []string{"R-1", "R-2", "R-3", "R-4", "R-5", "R-6"}, Unscored: 2, Updated: []string{"R-9"}, Unchanged: 3},
		{Source: "r.csv", Created: []string{"R-1"}, Unscored: 1, Unchanged: 1},
		{Source: "r.csv", Created: []string{"R-1", "R-2"}, Unscored: 2},
		{Source: "bia.xlsx", Activities: []string{"A-1", "A-2"}, Resources: []string{"S-1"}},
		{Source: "empty.csv"},
	}
	defer i18n.SetDefault(i18n.Default().Lang())
	for _, lang := range []i18n.Lang{i18n.French, i18n.Spanish} {
		t.Run(string(lang), func(t *testing.T) {
			p := i18n.For(lang)
			i18n.SetDefault(lang) // the column names and notes a plan writes as it is made
			var out []string
			for _, plan := range plans {
				out = append(out, writePlan(p, plan)...)
			}
			for _, r := range refusals {
				out = append(out, r.In(p), r.Err().(*risk.Error).In(p))
			}
			for _, o := range outcomes {
				out = append(out, o.SummaryIn(p))
				out = append(out, o.Lines()...)
			}
			out = append(out, RowList(nil), RowList([]int{4}))
			seen := map[string]bool{}
			for _, s := range out {
				if strings.Contains(s, "importer.") || strings.Contains(s, "export.") || strings.Contains(s, "rules.") {
					t.Errorf("a message is missing: %q", s)
				}
				for _, e := range english {
					if strings.Contains(s, e) && !seen[e] {
						seen[e] = true
						t.Errorf("English left in %s: %q in %q", lang, e, s)
					}
				}
			}
			if len(out) < 200 {
				t.Errorf("wrote only %d texts", len(out))
			}
		})
	}
}

// TestChangeValuesInEveryLanguage: every treatment, status and review
// frequency an update may change is named in each language, not stored
// English.
func TestChangeValuesInEveryLanguage(t *testing.T) {
	var values []risk.Fixed
	for _, v := range risk.Treatments {
		values = append(values, risk.Fixed{Kind: "treatment", Value: string(v)})
	}
	for _, v := range risk.Statuses {
		values = append(values, risk.Fixed{Kind: "status", Value: string(v)})
	}
	for _, v := range risk.Frequencies {
		values = append(values, risk.Fixed{Kind: "frequency", Value: string(v)})
	}
	for _, v := range values {
		if got := v.In(i18n.For(i18n.French)); got == v.Value && v.Value != "accept" {
			t.Errorf("%s %q is not named in French", v.Kind, v.Value)
		}
	}
}
