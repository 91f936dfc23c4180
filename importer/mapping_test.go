package importer

import (
	"fmt"
	"maps"
	"strings"
	"testing"

	"riskbook/risk"
)

// csvSource reads CSV text as a Source, failing the test on error.
func csvSource(t testing.TB, text string) *Source {
	t.Helper()
	src, err := ReadSource("r.csv", []byte(text))
	if err != nil {
		t.Fatalf("ReadSource: %v", err)
	}
	return src
}

func TestProposeMappingHeaders(t *testing.T) {
	tests := []struct {
		name   string
		header string
		want   []string
	}{
		{"Sample", "Risk ID,Asset/Area,Threat,Vulnerability,Likelihood,Impact,Risk Rating,Existing Controls,Recommended Mitigation,Owner,Status",
			[]string{"ref", "category", "title", "vulnerability", "inherent_likelihood", "inherent_consequence", "level", "controls", "actions", "owner", "status"}},
		{"CaseAndTrailingSpaces", "RISK ID ,risk title, Owner ,LIKELIHOOD,impact ",
			[]string{"ref", "title", "owner", "inherent_likelihood", "inherent_consequence"}},
		{"ScaleInParentheses", "No.,Risk Title: Description,Likelihood (1-5),Impact (1-5),Score",
			[]string{"ref", "title", "inherent_likelihood", "inherent_consequence", "score"}},
		{"Letters", "#,Risk,L,I,L x I", []string{"ref", "title", "inherent_likelihood", "inherent_consequence", "score"}},
		{"ProbabilitySeverity", "Ref,Hazard,Probability,Severity,Risk Level", []string{"ref", "title", "inherent_likelihood", "inherent_consequence", "level"}},
		{"TitleAndDescription", "ID,Risk,Risk description,Owner", []string{"ref", "title", "description", "owner"}},
		{"DescriptionStandsInForTitle", "ID,Risk description,Owner", []string{"ref", "title", "owner"}},
		{"DescriptionBeforeTitle", "Risk description,Risk Title", []string{"description", "title"}},
		{"Residual", "Risk,Inherent likelihood,Inherent impact,Residual Likelihood,Residual Impact,Likelihood after controls",
			[]string{"title", "inherent_likelihood", "inherent_consequence", "residual_likelihood", "residual_consequence", ""}},
		{"ResidualKeywords", "Risk,Likelihood,Impact,Net likelihood,Net impact",
			[]string{"title", "inherent_likelihood", "inherent_consequence", "residual_likelihood", "residual_consequence"}},
		{"Treatment", "Risk,Treatment,Treatment Plan,Target Date,Responsible", []string{"title", "treatment", "actions", "action_due", "owner"}},
		{"ActionsAndDeadline", "Risk,Mitigation,Deadline,Domain", []string{"title", "actions", "action_due", "category"}},
		{"DuplicateKeepsFirst", "Risk,Owner,Risk owner", []string{"title", "owner", ""}},
		{"Unknown", "Risk,Comments,Whatever", []string{"title", "", ""}},
		{"Review", "Risk,Review frequency,Next review date,Source,Cause", []string{"title", "review_frequency", "next_review", "source", "cause"}},
		{"BIA", "Process,RTO (hours),RPO,MTPD,Owner", []string{"activity", "rto", "rpo", "mtpd", "owner"}},
		{"BIASystems", "Application,Target RTO,Target RPO", []string{"system", "rto", "rpo"}},
		{"ProcessIsCategoryOutsideBIA", "Risk,Process,Likelihood", []string{"title", "", "inherent_likelihood"}},
	}
	c := risk.DefaultCriteria()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			row := strings.Repeat("x,", strings.Count(tt.header, ",")) + "x"
			m, err := ProposeMapping(csvSource(t, tt.header+"\n"+row+"\n"), "", &c)
			if err != nil {
				t.Fatalf("ProposeMapping: %v", err)
			}
			var got []string
			for _, col := range m.Columns {
				got = append(got, col.Field)
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestProposeMappingByValues(t *testing.T) {
	c := risk.DefaultCriteria()
	tests := []struct {
		name string
		csv  string
		want []string
	}{
		{"RiskColumnOfLevels", "Threat description,Likelihood,Impact,Risk\nA fire,2,3,High\nA flood,1,1,Low\n",
			[]string{"title", "inherent_likelihood", "inherent_consequence", "level"}},
		{"ImpactProse", "Risk,Likelihood,Impact\nFire,3,The hall burns down and we lose a week\nFlood,2,Wet carpets and some sadness in the office\n",
			[]string{"title", "inherent_likelihood", "consequence"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := ProposeMapping(csvSource(t, tt.csv), "", &c)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, col := range m.Columns {
				got = append(got, col.Field)
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestFindTable(t *testing.T) {
	tests := []struct {
		name string
		csv  string
		want int
		ok   bool
	}{
		{"FirstRow", "ID,Title\nR-1,Fire\n", 1, true},
		{"BlankRowsAbove", "\n\n,,\nID,Title\nR-1,Fire\n", 4, true},
		{"MergedTitle", "Risk register,Risk register,Risk register\nID,Title,Owner\nR-1,Fire,Ann\n", 2, true},
		{"TitleNotesAndBlankRow", "ACME risk register\nPrepared by,Ann,,,\n,,,,\nRef,Threat,L,I,Owner\nR-1,Fire,1,2,Ann\n", 4, true},
		{"UnknownHeaderWords", "Our list\n\nAlpha,Beta,Gamma\n1,2,3\n", 3, true},
		{"HeaderOnly", "ID,Title\n", 0, false},
		{"NumbersOnly", "1,2\n3,4\n", 0, false},
		{"SingleColumn", "Title\nFire\n", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := csvSource(t, tt.csv)
			got, ok := FindTable(&src.Sheets[0])
			if got != tt.want || ok != tt.ok {
				t.Errorf("got %d %v, want %d %v", got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestProposeValues(t *testing.T) {
	c := risk.DefaultCriteria()
	three := c
	three.Likelihood = c.Likelihood[:3]
	tests := []struct {
		name   string
		field  string
		header string
		vals   []string
		crit   *risk.Criteria
		want   map[string]string
	}{
		{"SameScale", FieldInherentLikelihood, "Likelihood", []string{"1", "3", "5"}, &c, map[string]string{"1": "1", "3": "3", "5": "5"}},
		// Without a header or ratings to say otherwise, numbers that fit the
		// workspace scale are read as written: 2 stays 2, never 3.
		{"OneToThree", FieldInherentLikelihood, "Likelihood", []string{"1", "2", "3"}, &c, map[string]string{"1": "1", "2": "2", "3": "3"}},
		{"OneToThreeHinted", FieldInherentLikelihood, "Likelihood (1-3)", []string{"1", "2", "3"}, &c, map[string]string{"1": "1", "2": "3", "3": "5"}},
		{"OneToTen", FieldInherentConsequence, "Impact", []string{"1", "2", "5", "6", "8", "10"}, &c,
			map[string]string{"1": "1", "2": "1", "5": "3", "6": "3", "8": "4", "10": "5"}},
		{"HeaderHint", FieldInherentLikelihood, "Likelihood (1-4)", []string{"1", "4"}, &c, map[string]string{"1": "1", "4": "5"}},
		{"HeaderOutOf", FieldInherentLikelihood, "Likelihood /10", []string{"2", "5"}, &c, map[string]string{"2": "1", "5": "3"}},
		// Percentages and probabilities are banded (Mapping.Bands), not
		// mapped value by value.
		{"Percentages", FieldInherentLikelihood, "Probability", []string{"5%", "20%"}, &c, map[string]string{}},
		{"PercentNumbers", FieldInherentLikelihood, "Probability", []string{"10", "45", "90"}, &c, map[string]string{"10": "1", "45": "3", "90": "5"}},
		{"LowMediumHigh", FieldInherentLikelihood, "Likelihood", []string{"low", "medium", "high", "very high", "very low", "med", "h"}, &c,
			map[string]string{"low": "2", "medium": "3", "high": "4", "very high": "5", "very low": "1", "med": "3", "h": "4"}},
		{"LowMediumHighOnThree", FieldInherentLikelihood, "Likelihood", []string{"low", "medium", "high"}, &three,
			map[string]string{"low": "1", "medium": "2", "high": "3"}},
		{"ScaleLabels", FieldInherentLikelihood, "Likelihood", []string{"rare", "almost certain", "likely (4)"}, &c,
			map[string]string{"rare": "1", "almost certain": "5", "likely (4)": "4"}},
		{"ConsequenceLabels", FieldResidualConsequence, "Residual impact", []string{"negligible", "severe", "major"}, &c,
			map[string]string{"negligible": "1", "severe": "5", "major": "4"}},
		{"NumberWithLabel", FieldInherentLikelihood, "Likelihood", []string{"4 - likely", "2: unlikely"}, &c, map[string]string{"4 - likely": "4", "2: unlikely": "2"}},
		{"UnknownLeftOut", FieldInherentLikelihood, "Likelihood", []string{"sometimes", "3"}, &c, map[string]string{"3": "3"}},
		{"Statuses", FieldStatus, "Status", []string{"open", "in progress", "in-progress", "closed", "mitigated", "accepted", "monitoring", "weird"}, &c,
			map[string]string{"open": "open", "in progress": "treating", "in-progress": "treating", "closed": "closed", "mitigated": "monitoring", "accepted": "accepted", "monitoring": "monitoring"}},
		{"Treatments", FieldTreatment, "Treatment", []string{"mitigate", "reduce", "avoid", "transfer", "share", "insure", "accept", "tolerate"}, &c,
			map[string]string{"mitigate": "reduce", "reduce": "reduce", "avoid": "avoid", "transfer": "transfer", "share": "transfer", "insure": "transfer", "accept": "accept", "tolerate": "accept"}},
		{"Frequencies", FieldReviewFrequency, "Review", []string{"monthly", "quarterly", "6-monthly", "yearly"}, &c,
			map[string]string{"monthly": "monthly", "quarterly": "quarterly", "6-monthly": "semiannual", "yearly": "annual"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := proposeValues(tt.field, tt.header, tt.vals, tt.crit)
			if !maps.Equal(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestProposeSheet(t *testing.T) {
	src := &Source{Name: "w.xlsx", Sheets: []Sheet{
		{Name: "Instructions", Rows: [][]SourceCell{{{Text: "Fill in the register"}}, {{Text: "Thanks"}}}},
		{Name: "Lists", Rows: [][]SourceCell{{{Text: "Levels"}, {Text: "Colours"}}, {{Text: "Low"}, {Text: "Green"}}}},
		{Name: "Register", Rows: [][]SourceCell{{{Text: "ID"}, {Text: "Risk"}, {Text: "Owner"}}, {{Text: "R-1"}, {Text: "Fire"}, {Text: "Ann"}}}},
	}}
	if got := ProposeSheet(src); got != "Register" {
		t.Errorf("got %q, want Register", got)
	}
	if got := ProposeSheet(&Source{}); got != "" {
		t.Errorf("no sheets: got %q, want empty", got)
	}
}

func TestProposeMappingRefuses(t *testing.T) {
	c := risk.DefaultCriteria()
	src := csvSource(t, "just a title\n")
	if _, err := ProposeMapping(src, "", &c); err == nil || !strings.Contains(err.Error(), "no header row") {
		t.Errorf("no header: got %v", err)
	}
	if _, err := ProposeMapping(src, "Nope", &c); err == nil || !strings.Contains(err.Error(), `no sheet called "Nope"`) {
		t.Errorf("unknown sheet: got %v", err)
	}
}

func TestMappingJSONRoundTrip(t *testing.T) {
	c := risk.DefaultCriteria()
	m, err := ProposeMapping(csvSource(t, "ID,Risk,Likelihood,Status\nR-1,Fire,High,Open\n"), "", &c)
	if err != nil {
		t.Fatal(err)
	}
	back, err := LoadMapping(m.JSON())
	if err != nil {
		t.Fatalf("LoadMapping: %v", err)
	}
	if string(back.JSON()) != string(m.JSON()) {
		t.Errorf("got %s, want %s", back.JSON(), m.JSON())
	}
}

func TestLoadMappingRefuses(t *testing.T) {
	tests := []struct {
		name, json, want string
	}{
		{"NotJSON", "{", "not a valid mapping"},
		{"UnknownKey", `{"sheet":"S","header_row":1,"columns":[{"header":"A","field":"title"}],"colour":1}`, "not a valid mapping"},
		{"Trailing", `{"sheet":"S","header_row":1,"columns":[{"header":"A","field":"title"}]} {}`, "data after the mapping"},
		{"NoHeaderRow", `{"sheet":"S","columns":[{"header":"A","field":"title"}]}`, "no header_row"},
		{"NoColumns", `{"sheet":"S","header_row":1}`, "maps no columns"},
		{"UnknownField", `{"sheet":"S","header_row":1,"columns":[{"header":"A","field":"titel"}]}`, `maps to "titel"`},
		{"DuplicateField", `{"sheet":"S","header_row":1,"columns":[{"header":"A","field":"title"},{"header":"B","field":"title"}]}`, "both map to"},
		{"ValuesForTextField", `{"sheet":"S","header_row":1,"columns":[{"header":"A","field":"title"}],"values":{"title":{"a":"b"}}}`, "takes none"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := LoadMapping([]byte(tt.json))
			if err == nil || !strings.Contains(err.Error(), tt.want) || risk.ErrorCode(err) != risk.EINVALID {
				t.Errorf("got %v, want an invalid error containing %q", err, tt.want)
			}
		})
	}
}

func FuzzLoadMapping(f *testing.F) {
	f.Add(`{"sheet":"S","header_row":1,"columns":[{"header":"A","field":"title"}],"values":{"status":{"open":"open"}}}`)
	f.Add(`{"header_row":-1}`)
	// The mappings proposed for real registers, as --save-map writes them.
	c := risk.DefaultCriteria()
	for _, seed := range realSeeds(f) {
		src, err := ReadSource(seed.name, seed.data)
		if err != nil {
			continue
		}
		if m, err := ProposeMapping(src, "", &c); err == nil {
			f.Add(string(m.JSON()))
		}
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := LoadMapping([]byte(s))
		if err != nil {
			if risk.ErrorCode(err) != risk.EINVALID {
				t.Fatalf("got a non-person error %v", err)
			}
			return
		}
		if _, err := LoadMapping(m.JSON()); err != nil {
			t.Fatalf("a loaded mapping does not load again: %v", err)
		}
	})
}
