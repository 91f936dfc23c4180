package risk

import (
	"testing"

	"riskbook/i18n"
)

// TestDefaultCriteriaTexts: every text of the default criteria is a
// message whose English is that text, and reads otherwise in French and
// Spanish; a text the organisation wrote stays as written.
func TestDefaultCriteriaTexts(t *testing.T) {
	d := DefaultCriteria()
	var texts []string
	for _, s := range [][]ScaleLevel{d.Likelihood, d.Consequence} {
		for _, l := range s {
			texts = append(texts, l.Label, l.Description)
			if l.Frequency != "" {
				texts = append(texts, l.Frequency)
			}
		}
	}
	for _, l := range d.Levels {
		texts = append(texts, l.Label)
	}
	if len(texts) != len(defaultCriteriaTexts) {
		t.Errorf("the default criteria have %d texts, %d messages", len(texts), len(defaultCriteriaTexts))
	}
	for _, s := range texts {
		id, ok := defaultCriteriaTexts[s]
		if !ok || !i18n.Has(id) {
			t.Errorf("%q has no message (%q)", s, id)
			continue
		}
		if got := DefaultCriteriaText(i18n.For(i18n.English), s); got != s {
			t.Errorf("English of %q is %q", s, got)
		}
		for _, l := range []i18n.Lang{i18n.French, i18n.Spanish} {
			if got := DefaultCriteriaText(i18n.For(l), s); got == id || got == "" {
				t.Errorf("%s of %q is %q", l, s, got)
			}
		}
	}
	c := d
	c.Levels = append([]Level(nil), d.Levels...)
	c.Levels[2].Label = "Élevé (comité)"
	fr := c.Localised(i18n.For(i18n.French))
	if fr.Levels[0].Label != "Faible" || fr.Levels[2].Label != "Élevé (comité)" {
		t.Errorf("French levels %v", fr.Levels)
	}
	if d.Levels[0].Label != "Low" || c.Likelihood[0].Label != "Rare" {
		t.Error("Localised changed the criteria it was given")
	}
}
