package bcp

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"riskbook/i18n"
)

// Every text of the default settings and of the English starter kit's
// BIA settings has its message, so that it is shown in French and
// Spanish; the organisation's own texts are shown as written.
func TestDefaultSettingsText(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "assets", "templates", "cctld.json"))
	if err != nil {
		t.Fatal(err)
	}
	var kit struct {
		BIA struct {
			Settings Settings `json:"settings"`
		} `json:"bia"`
	}
	if err := json.Unmarshal(b, &kit); err != nil {
		t.Fatal(err)
	}
	if len(kit.BIA.Settings.Categories) == 0 {
		t.Fatal("the starter kit's BIA settings were not found")
	}
	fr := i18n.For(i18n.French)
	for name, s := range map[string]Settings{"DefaultSettings": DefaultSettings(), "starter kit": kit.BIA.Settings} {
		shown := s.Localised(fr)
		for i, c := range s.Categories {
			if shown.Categories[i] == c {
				t.Errorf("%s: category %q is shown in English in French", name, c)
			}
		}
		for i, sv := range s.Severities {
			if got := shown.Severities[i]; got.Label == sv.Label || got.Description == sv.Description || got.Colour != sv.Colour {
				t.Errorf("%s: severity %q shown in French as %+v", name, sv.Label, got)
			}
		}
		if s.Categories[0] != DefaultSettings().Categories[0] {
			t.Errorf("%s: Localised changed the stored settings", name)
		}
	}
	if got := DefaultSettingsText(fr, "Reputation"); got != "Réputation" {
		t.Errorf("Reputation in French: %q", got)
	}
	if got := DefaultSettingsText(i18n.For(i18n.Spanish), "Major"); got != "Mayor" {
		t.Errorf("Major in Spanish: %q", got)
	}
	for _, own := range []string{"Reputational", "Safety of staff", ""} {
		if got := DefaultSettingsText(fr, own); got != own {
			t.Errorf("own text %q shown as %q", own, got)
		}
	}
}
