package assets

import (
	"encoding/json"
	"testing"
)

func TestEmbeddedDataIsThere(t *testing.T) {
	if len(Icon) == 0 {
		t.Error("no icon")
	}
	if _, err := Catalog(DefaultCatalog); err != nil {
		t.Error(err)
	}
	if _, err := Template("cctld"); err != nil {
		t.Error(err)
	}
	if _, err := Template("nope"); err == nil {
		t.Error("an unknown template was found")
	}
	names, bodies := PlaybookTemplates()
	if len(names) < 8 || len(names) != len(bodies) {
		t.Fatalf("playbook templates: got %d names and %d bodies, want at least 8 of each", len(names), len(bodies))
	}
	for i, b := range bodies {
		if !json.Valid(b) {
			t.Errorf("playbook template %s is not valid JSON", names[i])
		}
	}
	if len(FontRegular) == 0 || len(FontBold) == 0 {
		t.Error("fonts missing")
	}
}
