package app

import (
	"slices"
	"strings"
	"testing"
	"time"

	"riskbook/bcp"
	"riskbook/i18n"
)

// TestDurationsReadBackInEveryLanguage: a duration the app writes in a
// language ("1,5 h", "2 semaines") is read back as the same duration, in a
// field or in the impact criteria's list of time horizons.
func TestDurationsReadBackInEveryLanguage(t *testing.T) {
	defer i18n.SetDefault(i18n.Default().Lang())
	ds := []bcp.Duration{bcp.Duration(30 * time.Minute), bcp.Duration(90 * time.Minute), bcp.Hours(4), bcp.Hours(24),
		bcp.Hours(36), bcp.Hours(24 * 7), bcp.Hours(24 * 14), bcp.Hours(24 * 30)}
	for _, l := range i18n.Langs() {
		i18n.SetDefault(l)
		var names []string
		for _, d := range ds {
			s := durationName(d)
			names = append(names, s)
			got, err := bcp.ParseDuration(s)
			if err != nil || bcp.Duration(got) != d {
				t.Errorf("%s: %q reads back as %v (%v), want %v", l, s, got, err, d)
			}
		}
		f := newBIASettingsForm(bcp.DefaultSettings())
		f.horizons.SetText(strings.Join(names, ", "))
		s, err := f.settings()
		if err != nil || !slices.Equal(s.Horizons, ds) {
			t.Errorf("%s: horizons %q read as %v (%v), want %v", l, f.horizons.Text, s.Horizons, err, ds)
		}
	}
}

func TestSplitHorizons(t *testing.T) {
	for in, want := range map[string][]string{
		"1 h, 4 h, 1 day": {"1 h", " 4 h", " 1 day"},
		"1,5 h, 4 h":      {"1,5 h", " 4 h"},
		"1h,4h":           {"1h", "4h"},
		"":                {""},
	} {
		if got := splitHorizons(in); !slices.Equal(got, want) {
			t.Errorf("splitHorizons(%q) = %q, want %q", in, got, want)
		}
	}
}
