package bcp

import (
	"slices"
	"testing"

	"riskbook/risk"
)

func TestIsToFillIn(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"[to fill in]", true},
		{"[To fill in: the CERT's number]", true},
		{"+351 [to fill in]", true},
		{"the form to fill in", false},
		{"", false},
		{"+351 912 000 000", false},
		{"[à compléter]", true},
		{"[À compléter : le numéro 24/7 du CERT]", true},
		{"[por completar: el número del CERT]", true},
		{"le formulaire à compléter", false},
		{"un campo por completar", false},
	}
	for _, tt := range tests {
		if got := IsToFillIn(tt.in); got != tt.want {
			t.Errorf("IsToFillIn(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestBlanks(t *testing.T) {
	c := Contact{Ref: "C-08", Name: "National CERT", Organisation: ToFillInHint("the CERT's name"),
		Channels: []Channel{
			{Kind: "phone", Value: ToFillInHint("the CERT's 24/7 incident number")},
			{Kind: "email", Value: "cert@example.org"},
			{Kind: "email", Value: ToFillIn},
		}}
	got := Blanks(&c)
	want := []Blank{
		{Field: "organisation", Hint: "the CERT's name"},
		{Field: "channels[0].value", Hint: "the CERT's 24/7 incident number"},
		{Field: "channels[2].value"},
	}
	if !slices.Equal(got, want) {
		t.Errorf("Blanks = %+v, want %+v", got, want)
	}
	p := Playbook{Ref: "PB-01", Roles: []Role{{Name: "Incident lead", Primary: "C-01"}, {Name: "Stand-in", Alternate: ToFillIn}},
		Phases: []PhaseSteps{{Phase: PhaseDetect, Steps: []Step{{What: "Call", Checklist: []string{"ok", ToFillInHint("the NOC's number")}}}}}}
	got = Blanks(p)
	want = []Blank{{Field: "roles[1].alternate"}, {Field: "phases[0].steps[0].checklist[1]", Hint: "the NOC's number"}}
	if !slices.Equal(got, want) {
		t.Errorf("Blanks = %+v, want %+v", got, want)
	}
	if got := Blanks(&Contact{Ref: "C-01", Name: "Ana"}); got != nil {
		t.Errorf("Blanks of a filled-in contact = %+v, want none", got)
	}
}

// TestBlanksInEveryLanguage: the hint of a blank is read whatever the
// language of the starter kit that wrote it.
func TestBlanksInEveryLanguage(t *testing.T) {
	for in, want := range map[string]string{
		"[à compléter : le numéro 24/7 du CERT]":    "le numéro 24/7 du CERT",
		"+33 [À compléter]":                         "",
		"[por completar: el número del CERT]":       "el número del CERT",
		"[to fill in: who] and [à compléter : qui]": "who",
	} {
		got := Blanks(&Contact{Ref: "C-01", Name: in})
		if len(got) != 1 || got[0].Hint != want {
			t.Errorf("Blanks of %q = %+v, want one with the hint %q", in, got, want)
		}
	}
}

func TestCheckBlanks(t *testing.T) {
	w := &Workspace{
		Register: &risk.Register{Risks: []risk.Risk{{Ref: "R-001", Owner: ToFillInHint("who owns it")}}},
		BIA:      &BIA{Resources: []Resource{{Ref: "RES-01", Alternates: ToFillIn}}},
		Contacts: []Contact{{Ref: "C-01", Name: ToFillInHint("your name"), Channels: []Channel{{Kind: "mobile", Value: ToFillInHint("your mobile")}, {Kind: "email", Value: ToFillInHint("your name")}}}},
	}
	assertFindings(t, w.CheckBlanks(), []want{
		warn("R-001", "to-fill-in", "owner"), warn("RES-01", "to-fill-in", "alternates"), warn("C-01", "to-fill-in", "name"),
	}, "still to fill in from the starter kit: your name; your mobile", "still to fill in from the starter kit: alternates")
	if got := w.CountBlanks(); got != 5 {
		t.Errorf("CountBlanks = %d, want 5", got)
	}
	w.Contacts[0] = Contact{Ref: "C-01", Name: "Ana"}
	if got := w.CountBlanks(); got != 2 {
		t.Errorf("CountBlanks after filling in C-01 = %d, want 2", got)
	}
}
