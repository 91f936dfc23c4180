package risk

import (
	"testing"

	"riskbook/i18n"
)

func TestFixed(t *testing.T) {
	fr := i18n.For(i18n.French)
	for _, c := range []struct {
		kind, value, id, en, fr string
	}{
		{"status", "treating", "export.value.status.treating", "treating", "en traitement"},
		{"action", "in-progress", "export.value.action.in_progress", "in-progress", "en cours"},
		{"frequency", "quarterly", "export.value.frequency.quarterly", "quarterly", "trimestrielle"},
		{"status", "someday", "export.value.status.someday", "someday", "someday"}, // a newer file's: as stored
		{"status", "", "export.value.status.", "", ""},
	} {
		f := Fixed{Kind: c.kind, Value: c.value}
		if got := FixedID(c.kind, c.value); got != c.id {
			t.Errorf("FixedID(%q, %q) = %q, want %q", c.kind, c.value, got, c.id)
		}
		if got := f.In(i18n.For(i18n.English)); got != c.en {
			t.Errorf("%v in English: %q, want %q", f, got, c.en)
		}
		if got := f.In(fr); got != c.fr {
			t.Errorf("%v in French: %q, want %q", f, got, c.fr)
		}
	}
}
