package app

import (
	"strings"
	"testing"

	"riskbook/bcp"
	"riskbook/i18n"
	"riskbook/risk"
)

// TestValueNamesInEveryLanguage names every stored value of the fixed
// lists the continuity screens offer, in every language: a value added to
// a list without a name would show as stored, in English.
func TestValueNamesInEveryLanguage(t *testing.T) {
	lists := []struct {
		name   string
		values []string
		namer  func(string) string
	}{
		{"contact kinds", bcp.ContactKinds, contactKindName},
		{"channel kinds", bcp.ChannelKinds, channelKindName},
		{"finding severities", bcp.FindingSeverities, severityName},
		{"finding statuses", bcp.FindingStatuses, findingStatusName},
		{"action statuses", names(risk.ActionStatuses), actionStatusName},
		{"stand-bys", names(bcp.Standbys), standbyLabel},
		{"resource kinds", names(bcp.Kinds), func(k string) string { return kindMenuName(bcp.Kind(k)) }},
		{"finding states", []string{string(bcp.StateOpen), string(bcp.StateOverdue), string(bcp.StateReady), string(bcp.StateClosed)},
			func(s string) string { return findingStateName(bcp.FindingState(s)) }},
	}
	t.Cleanup(func() { i18n.SetDefault(i18n.English) })
	for _, l := range []i18n.Lang{i18n.French, i18n.Spanish} {
		i18n.SetDefault(l)
		for _, list := range lists {
			seen := map[string]string{}
			for _, v := range list.values {
				got := list.namer(v)
				if got == "" || strings.Contains(got, ".") && !strings.Contains(got, " ") {
					t.Errorf("%s: %s %q is named %q", l, list.name, v, got)
				}
				if other, ok := seen[got]; ok {
					t.Errorf("%s: %s %q and %q are both named %q", l, list.name, v, other, got)
				}
				seen[got] = v
			}
		}
	}
}

func TestValueNamesKeepTheStoredValue(t *testing.T) {
	inLanguage(t, i18n.French)
	v := newValueNames(bcp.ChannelKinds, channelKindName)
	if got := v.name("in-person"); got != "en personne" {
		t.Errorf("name(in-person) = %q, want %q", got, "en personne")
	}
	if got := v.name("carrier pigeon"); got != "carrier pigeon" {
		t.Errorf("a value of no list is shown as stored: got %q", got)
	}
	i := 0
	for ; v.values[i] != "in-person"; i++ {
	}
	if v.names[i] != "en personne" {
		t.Errorf("names and values are out of step: %q for %q", v.names[i], v.values[i])
	}
}

func TestCapitalise(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"person", "Person"},
		{"équipement", "Équipement"},
		{"ñandú", "Ñandú"},
		{"1 h", "1 h"},
		{"\xffbad", "\xffbad"},
	}
	for _, tt := range tests {
		if got := capitalise(tt.in); got != tt.want {
			t.Errorf("capitalise(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
