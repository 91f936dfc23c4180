package bcp

import (
	"slices"
	"sync"

	"riskbook/i18n"
)

// The default BIA settings' texts — the impact categories, the names of
// the severities and their descriptions, as DefaultSettings and the
// English starter kit write them — are messages of the catalogue
// (default_bia.*), so that a workspace made in English shows them in the
// reader's language; a text the organisation wrote or changed is its own
// and stays as written. As for the default risk criteria
// (risk.DefaultCriteriaText), this is for display only: impacts are
// recorded under the stored category name, and the BIA settings editor
// shows and saves the stored texts.

// defaultSettingsIDs are the messages of the default texts; each one's
// English text is the stored text it stands for.
var defaultSettingsIDs = func() []string {
	var ids []string
	for _, c := range []string{"dns", "registrants", "reputation", "legal", "financial"} {
		ids = append(ids, "default_bia.category."+c)
	}
	for _, s := range []string{"negligible", "minor", "moderate", "major", "severe"} {
		ids = append(ids, "default_bia.severity."+s, "default_bia.severity."+s+".description",
			"default_bia.severity."+s+".template")
	}
	return ids
}()

var (
	defaultSettingsOnce  sync.Once
	defaultSettingsTexts map[string]string // English text → message
)

// DefaultSettingsText writes s in p's language when it is a text of the
// default BIA settings (a category named "Reputation", a severity named
// "Major" or described as the default describes it), and returns any
// other text as written.
func DefaultSettingsText(p *i18n.Printer, s string) string {
	defaultSettingsOnce.Do(func() {
		en := i18n.For(i18n.English)
		defaultSettingsTexts = make(map[string]string, len(defaultSettingsIDs))
		for _, id := range defaultSettingsIDs {
			defaultSettingsTexts[en.T(id)] = id
		}
	})
	if id, ok := defaultSettingsTexts[s]; ok {
		return p.T(id)
	}
	return s
}

// Localised returns a copy of s whose texts of the default settings are
// written in p's language (DefaultSettingsText), to show them: never store
// it, nor look impacts up by its category names (Category gives the stored
// name of a category shown at an index). Horizons, colours and thresholds
// are unchanged.
func (s Settings) Localised(p *i18n.Printer) Settings {
	s.Categories = slices.Clone(s.Categories)
	for i, c := range s.Categories {
		s.Categories[i] = DefaultSettingsText(p, c)
	}
	s.Severities = slices.Clone(s.Severities)
	for i := range s.Severities {
		s.Severities[i].Label = DefaultSettingsText(p, s.Severities[i].Label)
		s.Severities[i].Description = DefaultSettingsText(p, s.Severities[i].Description)
	}
	return s
}
