package app

import (
	"strings"
	"testing"

	"riskbook/i18n"
)

// In a French window the Criteria screen of an English-made workspace shows
// the default criteria's names in French on the matrix and in the appetite,
// keeps the stored English names in the fields (saying why and how they
// are shown), and saves what the fields hold.
func TestCriteriaDefaultsInFrench(t *testing.T) {
	inLanguage(t, i18n.French)
	s, db := newCriteriaTest(t)
	if got := s.matrix.Criteria().Levels[1].Label; got != "Moyen" {
		t.Errorf("matrix level: got %q, want Moyen", got)
	}
	if got := s.matrix.Criteria().Likelihood[2].Label; got != "Possible" {
		t.Errorf("matrix likelihood: got %q", got)
	}
	if got := s.appetite.Selected; !strings.Contains(got, "Moyen") && !strings.Contains(got, "Faible") && !strings.Contains(got, "Élevé") {
		t.Errorf("appetite: got %q, want a French level name", got)
	}
	if got := s.levels.labels[1].Text; got != "Medium" {
		t.Errorf("level field: got %q, want the stored Medium", got)
	}
	if got := s.consequence.labels[1].Text; got != "Minor" {
		t.Errorf("consequence field: got %q, want the stored Minor", got)
	}
	for name, note := range map[string][2]string{"levels": {s.levels.note.Text, "Low s’affiche «\u202fFaible\u202f»"},
		"consequence": {s.consequence.note.Text, "Negligible s’affiche «\u202fNégligeable\u202f»"}} {
		if !strings.Contains(note[0], note[1]) {
			t.Errorf("%s note: %q, want it to say %q", name, note[0], note[1])
		}
	}
	if s.levels.note.Hidden {
		t.Error("the levels note is hidden")
	}
	// A name of the organisation's own is shown as written everywhere.
	s.levels.labels[1].SetText("Moderate risk")
	if got := s.matrix.Criteria().Levels[1].Label; got != "Moderate risk" {
		t.Errorf("own name on the matrix: got %q", got)
	}
	s.onConfirm(true)
	if got := storedCriteria(t, db).Levels[1].Label; got != "Moderate risk" {
		t.Errorf("stored: got %q", got)
	}
	// In English there is nothing to explain.
	i18n.SetDefault(i18n.English)
	s.resetDraft()
	if !s.levels.note.Hidden || !s.consequence.note.Hidden {
		t.Errorf("notes shown in English: %q %q", s.levels.note.Text, s.consequence.note.Text)
	}
}
