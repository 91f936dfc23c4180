package risk

import (
	"strings"
	"testing"
	"time"
)

func TestCheckAssessmentName(t *testing.T) {
	closed := []Assessment{{Name: "2025 annual", Closed: time.Date(2025, 12, 1, 9, 0, 0, 0, time.UTC)}}
	tests := []struct {
		name, in, want, code, says string
	}{
		{"Plain", "2026 annual", "2026 annual", "", ""},
		{"Trimmed", "  Q1 review ", "Q1 review", "", ""},
		{"Unicode", "Đánh giá 2026", "Đánh giá 2026", "", ""},
		{"Empty", "   ", "", EINVALID, "needs a name"},
		{"TooLong", strings.Repeat("x", MaxAssessmentName+1), "", EINVALID, "longer than 80"},
		{"LongestAllowed", strings.Repeat("é", MaxAssessmentName), strings.Repeat("é", MaxAssessmentName), "", ""},
		{"LineBreak", "2026\nannual", "", EINVALID, "line break"},
		{"Tab", "2026\tannual", "", EINVALID, "control character"},
		{"Today", "Today", "", EINVALID, "live records"},
		{"Duplicate", "2025 Annual", "", ECONFLICT, "already closed on 2025-12-01"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := CheckAssessmentName(tt.in, closed)
			if ErrorCode(err) != tt.code {
				t.Fatalf("got error %v (code %q), want code %q", err, ErrorCode(err), tt.code)
			}
			if err != nil && !strings.Contains(err.Error(), tt.says) {
				t.Errorf("got %q, want it to say %q", err, tt.says)
			}
			if got != tt.want {
				t.Errorf("got name %q, want %q", got, tt.want)
			}
		})
	}
}

func TestBaseline(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2026, 1, d, 0, 0, 0, 0, time.UTC) }
	tests := []struct {
		name string
		list []Assessment
		want string
	}{
		{"None", nil, ""},
		{"One", []Assessment{{Name: "a", Closed: day(1)}}, "a"},
		{"Latest", []Assessment{{Name: "b", Closed: day(5)}, {Name: "a", Closed: day(1)}}, "b"},
		{"SameSecondLaterHistory", []Assessment{{Name: "a", Closed: day(1), Through: 9}, {Name: "b", Closed: day(1), Through: 3}}, "a"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := Baseline(tt.list)
			if ok != (tt.want != "") || got.Name != tt.want {
				t.Errorf("got %q, %v; want %q", got.Name, ok, tt.want)
			}
		})
	}
}
