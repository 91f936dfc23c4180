package importer

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"riskbook/bcp"
	"riskbook/risk"
)

// shapePlan reads testdata/shapes/name and plans it with the proposed
// mapping, edited by edit when it is not nil.
func shapePlan(t *testing.T, name string, edit func(*Mapping), existing ...risk.Risk) *ImportPlan {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "shapes", name))
	if err != nil {
		t.Fatal(err)
	}
	src, err := ReadSource(name, data)
	if err != nil {
		t.Fatalf("ReadSource: %v", err)
	}
	return planSource(t, src, edit, existing...)
}

// scores lists each planned risk's inherent score, "-" for none.
func scores(p *ImportPlan) string {
	var out []string
	for _, pr := range p.Risks {
		s := pr.Risk.Inherent.String()
		if s == "" {
			s = "-"
		}
		out = append(out, s)
	}
	return strings.Join(out, " ")
}

func refusalKind(p *ImportPlan, c Consent) RefusalKind {
	if r := p.Refuse(c, time.Time{}); r != nil {
		return r.Kind
	}
	return 0
}

// TestShapes plans a register of each shape the import meets and checks
// the scores it reads, the evidence it gives and whether it refuses.
func TestShapes(t *testing.T) {
	stored := []risk.Risk{
		{Ref: "R-001", Title: "DDoS on the name servers", Inherent: risk.Score{Likelihood: 5, Consequence: 5},
			Residual: risk.Score{Likelihood: 4, Consequence: 4}, Status: risk.Treating, Owner: "Ops"},
		{Ref: "R-002", Title: "Registry compromise", Inherent: risk.Score{Likelihood: 3, Consequence: 5},
			Residual: risk.Score{Likelihood: 3, Consequence: 4}, Status: risk.Open, Owner: "Sec"},
	}
	tests := []struct {
		name, file string
		edit       func(*Mapping)
		existing   []risk.Risk
		scores     string   // inherent scores in row order ("" not checked)
		evidence   []string // substrings of the evidence
		refused    RefusalKind
		consent    Consent
		check      func(t *testing.T, p *ImportPlan)
	}{
		{name: "NumbersNoHint", file: "numbers-no-hint.csv",
			scores:   "L4×C4 L3×C5 L2×C3 L2×C4 L3×C4 L2×C2 L1×C5 L3×C3 L4×C2 L2×C5 L4×C5 L2×C4",
			evidence: []string{"as written, on the workspace's 1–5 scale", `reproduces the sheet's own "Rating" on 12 of 12 rows`, `"Score" equals "Likelihood" × "Impact" on 12 of 12 rows`}},
		{name: "NumbersHint", file: "numbers-hint.csv", scores: "L4×C4 L3×C5 L2×C3 L2×C4 L2×C2",
			evidence: []string{"on the 1–5 scale the header names"}},
		{name: "OneToThreeByRatings", file: "scale-1-3.csv", scores: "L5×C5 L3×C3 L1×C3 L3×C5 L5×C1 L1×C1",
			evidence: []string{"on a 1–3 scale (1→1, 2→3, 3→5)", `reproduces the sheet's own "Risk Level" on 5 of 6 rows (read otherwise, on 2)`}},
		{name: "OneToTen", file: "scale-1-10.csv", scores: "L4×C5 L2×C2 L1×C3 L3×C4 L3×C1",
			evidence: []string{"on a 1–10 scale", "the header names no scale"}},
		{name: "Words", file: "words.csv", scores: "L4×C4 L3×C2 L1×C3 L5×C5"},
		{name: "Mixed", file: "mixed.csv", scores: "L4×C4 L2×C2 L1×C3 L5×C5"},
		{name: "Disagree", file: "disagree.csv", refused: RefusedDisagreement,
			evidence: []string{`reproduces the sheet's own "Rating" on 0 of 5 rows`},
			check: func(t *testing.T, p *ImportPlan) {
				r := p.Refuse(Consent{}, time.Time{})
				if want := `the mapping does not reproduce the sheet's own "Rating" and "Score" on 5 of 5 rows (rows 2, 3, 4, 5 and 6)`; r.Error() != want {
					t.Errorf("got %q, want %q", r.Error(), want)
				}
			}},
		{name: "DisagreeAccepted", file: "disagree.csv", consent: Consent{Disagreements: true}},
		{name: "Quantitative", file: "quantitative.csv", refused: RefusedQuestion,
			scores:   "L2×C4 L1×C2 L1×C5 L1×C2 L1×C5 L3×C1",
			evidence: []string{`"Schedule impact?" holds only yes/no answers`, `"Probability" holds percentages`, `"Cost impact ($)" holds money amounts`},
			check: func(t *testing.T, p *ImportPlan) {
				if len(p.Bandings) != 2 || p.Bandings[0].Bands.Unit != UnitPercent || p.Bandings[1].Bands.Unit != UnitMoney {
					t.Errorf("got bandings %+v, want percent then money", p.Bandings)
				}
				r := p.Refuse(Consent{}, time.Time{})
				if want := `"Probability" holds percentages and "Cost impact ($)" money amounts, not steps of the workspace's scales`; r.Error() != want {
					t.Errorf("got %q, want %q", r.Error(), want)
				}
			}},
		{name: "QuantitativeBanded", file: "quantitative.csv", edit: func(m *Mapping) { m.Quantitative = QuantitativeBand },
			scores: "L2×C4 L1×C2 L1×C5 L1×C2 L1×C5 L3×C1"},
		{name: "QuantitativeUnscored", file: "quantitative.csv", edit: func(m *Mapping) { m.Quantitative = QuantitativeUnscored },
			scores: "- - - - - -",
			check: func(t *testing.T, p *ImportPlan) {
				if got := p.Tally().Unscored; got != 6 {
					t.Errorf("got %d unscored, want 6", got)
				}
			}},
		{name: "UnclosedQuote", file: "unclosed-quote.csv", refused: RefusedDamaged,
			check: func(t *testing.T, p *ImportPlan) {
				if len(p.Damage) != 1 || p.Damage[0].Line != 2 || !strings.Contains(p.Damage[0].Message.String(), "never closed") {
					t.Errorf("got damage %+v, want the quote of line 2", p.Damage)
				}
			}},
		{name: "Ragged", file: "ragged.csv", refused: RefusedDamaged,
			check: func(t *testing.T, p *ImportPlan) {
				if len(p.Damage) != 2 || p.Damage[0].Where() != "line 3" || p.Damage[1].Where() != "line 4" {
					t.Errorf("got damage %+v, want lines 3 and 4", p.Damage)
				}
			}},
		{name: "RaggedAccepted", file: "ragged.csv", consent: Consent{Damage: true}, scores: "L4×C4 L2×C3 - L5×C5"},
		{name: "RepeatedHeader", file: "repeated-header.csv", refused: RefusedDamaged, scores: "L4×C4 L2×C3 L2×C2",
			check: func(t *testing.T, p *ImportPlan) {
				if len(p.Damage) != 1 || p.Damage[0].Row != 4 || !strings.Contains(p.Damage[0].Message.String(), "repeats the header") {
					t.Errorf("got damage %+v, want row 4 repeating the header", p.Damage)
				}
			}},
		{name: "Dates", file: "dates.csv", check: func(t *testing.T, p *ImportPlan) {
			r1, r2 := p.Risks[0].Risk, p.Risks[1].Risk
			if got := r1.Identified; got != (risk.Date{Year: 2024, Month: 3, Day: 1}) {
				t.Errorf("identified: got %v", got)
			}
			if r1.LastReview != (risk.Date{Year: 2025, Month: 9, Day: 1}) || r1.NextReview != (risk.Date{Year: 2026, Month: 3, Day: 1}) {
				t.Errorf("reviews: got last %v next %v", r1.LastReview, r1.NextReview)
			}
			if len(r1.Actions) != 1 || r1.Actions[0].Due != (risk.Date{Year: 2026, Month: 6, Day: 30}) {
				t.Errorf("target date with an action: got %+v, want its due date", r1.Actions)
			}
			if r2.LastReview != (risk.Date{Year: 2025, Month: 10, Day: 1}) || len(r2.Actions) != 0 {
				t.Errorf("row 3: got %+v", r2)
			}
			if !strings.Contains(problemsOf(p), "not one annual cycle after its last review") {
				t.Errorf("got problems\n%s, want the target date that is no review cycle", problemsOf(p))
			}
		}},
		{name: "TargetIsNextReview", file: "dates.csv", edit: func(m *Mapping) {
			m.Columns[3].Field = "" // no last review: the target date is the next review
		}, check: func(t *testing.T, p *ImportPlan) {
			if r2 := p.Risks[1].Risk; r2.NextReview != (risk.Date{Year: 2026, Month: 4, Day: 30}) {
				t.Errorf("got next review %v, want the target date 2026-04-30", r2.NextReview)
			}
		}},
		{name: "Residual", file: "residual.csv", scores: "L4×C4 L5×C5 L3×C3",
			evidence: []string{`"Residual score" equals "Residual likelihood" × "Residual impact" on 2 of 3 rows`},
			check: func(t *testing.T, p *ImportPlan) {
				if len(p.Disagreements) != 1 || p.Disagreements[0].Row != 4 || p.Disagreements[0].Column != "Residual score" {
					t.Errorf("got disagreements %+v, want row 4's residual score", p.Disagreements)
				}
				if got := p.Risks[1].Risk.Residual; got != (risk.Score{Likelihood: 3, Consequence: 4}) {
					t.Errorf("got residual %v", got)
				}
			}},
		{name: "DuplicateColumns", file: "duplicate-columns.csv", check: func(t *testing.T, p *ImportPlan) {
			if !strings.Contains(problemsOf(p), `Columns D and E are both called "Notes"`) || p.Risks[0].Notes != "Notes (D): first\nNotes (E): second" {
				t.Errorf("got notes %q, problems\n%s", p.Risks[0].Notes, problemsOf(p))
			}
		}},
		{name: "UpdateBreaksRule", file: "update-scores.csv", existing: stored, refused: RefusedBlocking, consent: Consent{Update: true},
			check: func(t *testing.T, p *ImportPlan) {
				r1, r2 := p.Risks[0], p.Risks[1]
				if !r1.Blocking || !strings.Contains(msgs(r1.Problems), "the residual score L4×C4 is above the inherent score L2×C3") {
					t.Errorf("row 2: got %+v, want the residual rule broken by the update", r1)
				}
				if r2.Blocking || len(r2.Changes) != 1 || r2.Changes[0].String() != "inherent L3×C5 High → L5×C5 Critical" {
					t.Errorf("row 3: got %+v, want one change of the inherent score", r2)
				}
				if r2.Risk.Title != "" || r2.Risk.Status != "" || !r2.Risk.Residual.IsZero() {
					t.Errorf("row 3: an update sets only what the row gives; got %+v", r2.Risk)
				}
			}},
		{name: "SystemsAsActivities", file: "systems.csv", check: func(t *testing.T, p *ImportPlan) {
			if p.BIA != BIAActivities || len(p.Activities) != 3 || len(p.Resources) != 3 || len(p.Needs) != 3 {
				t.Fatalf("got %s, %d activities, %d systems, %d needs", p.BIA, len(p.Activities), len(p.Resources), len(p.Needs))
			}
			if a := p.Activities[1]; a.Name != "Authoritative DNS" || a.RTO != bcp.Hours(1) || a.RPO != bcp.Duration(15*time.Minute) {
				t.Errorf("got %+v", a)
			}
			if n := p.Needs[2]; p.Resources[n.Resource].Name != "Website" || p.Resources[n.Resource].Kind != bcp.ICT {
				t.Errorf("got need %+v", n)
			}
		}},
		{name: "SystemsAsSystems", file: "systems.csv", edit: func(m *Mapping) { m.BIA = BIASystems }, check: func(t *testing.T, p *ImportPlan) {
			if len(p.Activities) != 0 || len(p.Resources) != 3 || p.Resources[0].AchievableRTO != bcp.Hours(4) {
				t.Errorf("got %d activities, systems %+v", len(p.Activities), p.Resources)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := shapePlan(t, tt.file, tt.edit, tt.existing...)
			if tt.scores != "" && scores(p) != tt.scores {
				t.Errorf("got scores %s, want %s; evidence %q; problems\n%s", scores(p), tt.scores, p.Evidence, problemsOf(p))
			}
			ev := msgs(p.Evidence)
			for _, want := range tt.evidence {
				if !strings.Contains(ev, want) {
					t.Errorf("evidence lacks %q; got\n%s", want, ev)
				}
			}
			if got := refusalKind(p, tt.consent); got != tt.refused {
				t.Errorf("got refusal %v (%v), want %v", got, p.Refuse(tt.consent, time.Time{}), tt.refused)
			}
			if tt.check != nil {
				tt.check(t, p)
			}
		})
	}
}

// TestYesNoNeverAScore refuses a yes/no column mapped to a score by hand.
func TestYesNoNeverAScore(t *testing.T) {
	c := risk.DefaultCriteria()
	src := csvSource(t, "Ref,Title,Happened?\nR1,Fire,Yes\nR2,Flood,No\n")
	m, err := ProposeMapping(src, "", &c)
	if err != nil {
		t.Fatal(err)
	}
	m.Columns[2].Field = FieldInherentLikelihood
	if _, err := Plan(src, m, &c, nil, importToday); err == nil || !strings.Contains(err.Error(), "holds only yes/no answers") {
		t.Errorf("got %v, want the yes/no refusal", err)
	}
}

// TestReadSourceLimits refuses a cell longer than a spreadsheet cell, in
// CSV and in XLSX, with one sentence naming where.
func TestReadSourceLimits(t *testing.T) {
	big := strings.Repeat("x", 5<<20)
	_, err := ReadSource("big.csv", []byte("Ref,Title\nR1,"+big+"\n"))
	if err == nil || !strings.Contains(err.Error(), "a cell of 5,242,880 characters at line 2") {
		t.Errorf("CSV: got %v", err)
	}
	f := excelize.NewFile()
	set(t, f, "Sheet1", "A1", "Title")
	set(t, f, "Sheet1", "A2", strings.Repeat("y", MaxCellChars)) // excelize caps what it writes
	data := workbook(t, f)
	if _, err := ReadSource("ok.xlsx", data); err != nil {
		t.Errorf("XLSX at the limit: got %v", err)
	}
}

func TestExcerpt(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"short", "short"},
		{"line\nbreaks  and   spaces", "line brea…"},
		{strings.Repeat("é", 100), strings.Repeat("é", 9) + "…"},
	} {
		if got := Excerpt(tt.in, 10); got != tt.want {
			t.Errorf("Excerpt(%q): got %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestParseAmount reads the amounts registers write.
func TestParseAmount(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want float64
		ok   bool
	}{
		{"$1,200,000", 1200000, true}, {"250k", 250000, true}, {"1.2M", 1200000, true}, {"35%", 35, true},
		{"EUR 40 000", 40000, true}, {"1.200.000", 1200000, true}, {"1,234.5", 1234.5, true}, {"0.35", 0.35, true},
		{"£5bn", 5e9, true}, {"lots", 0, false}, {"-5", 0, false},
	} {
		got, ok := parseAmount(tt.in)
		if ok != tt.ok || ok && got != tt.want {
			t.Errorf("parseAmount(%q): got %v %v, want %v %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

// TestProposeBands proposes bands from the scale's descriptions when they
// give bounds, else equal bands for probabilities and the data's spread
// for money.
func TestProposeBands(t *testing.T) {
	c := risk.DefaultCriteria()
	described := append([]risk.ScaleLevel(nil), c.Likelihood...)
	for i, d := range []string{"Less than 5% a year", "5–25%", "25–50%", "50–80%", "Over 80%"} {
		described[i].Description = d
	}
	for _, tt := range []struct {
		name    string
		unit    string
		amounts []float64
		levels  []risk.ScaleLevel
		want    string
	}{
		{"Descriptions", UnitPercent, nil, described, "up to 5% → 1 Rare, up to 25% → 2 Unlikely, up to 50% → 3 Possible, up to 80% → 4 Likely, above 80% → 5 Almost certain"},
		{"EqualPercent", UnitPercent, nil, c.Likelihood, "up to 20% → 1 Rare, up to 40% → 2 Unlikely, up to 60% → 3 Possible, up to 80% → 4 Likely, above 80% → 5 Almost certain"},
		{"EqualFraction", UnitFraction, nil, c.Likelihood, "up to 0.2 → 1 Rare, up to 0.4 → 2 Unlikely, up to 0.6 → 3 Possible, up to 0.8 → 4 Likely, above 0.8 → 5 Almost certain"},
		{"MoneySpread", UnitMoney, []float64{1000, 1000000}, c.Consequence, "up to 4,000 → 1 Negligible, up to 16,000 → 2 Minor, up to 63,000 → 3 Moderate, up to 250,000 → 4 Major, above 250,000 → 5 Severe"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := proposeBands(tt.unit, tt.amounts, tt.levels).Describe(tt.levels); got != tt.want {
				t.Errorf("got %s\nwant %s", got, tt.want)
			}
		})
	}
}
