package export

import (
	"testing"
	"time"
)

func TestDocumentName(t *testing.T) {
	day := time.Date(2026, 12, 4, 15, 0, 0, 0, time.UTC)
	tests := []struct {
		name, org, workspace, want string
	}{
		{"Organisation", "Registry of .xx", "Riskbook", "Registry of .xx risk register 2026-12-04"},
		{"NoOrganisation", "", "Riskbook", "Riskbook risk register 2026-12-04"},
		{"StarterBlank", "[to fill in: your organisation]", "nic", "nic risk register 2026-12-04"},
		{"SlashesAndColons", "ACME / NIC: .xx", "w", "ACME NIC .xx risk register 2026-12-04"},
		{"Unicode", "Trung tâm Internet Việt Nam", "w", "Trung tâm Internet Việt Nam risk register 2026-12-04"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := DocumentName(tt.org, tt.workspace, "risk register", day); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}
