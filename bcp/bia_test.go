package bcp

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"riskbook/risk"
)

// scale returns n severity levels.
func scale(n int) []Severity {
	out := make([]Severity, n)
	for i := range out {
		out[i] = Severity{Label: fmt.Sprintf("Level %d", i+1), Colour: "#808080"}
	}
	return out
}

func TestDefaultSettings(t *testing.T) {
	s := DefaultSettings()
	if err := s.Validate(); err != nil {
		t.Fatalf("DefaultSettings().Validate(): got %v, want nil", err)
	}
	if got, want := len(s.Horizons), 6; got != want {
		t.Errorf("got %d horizons, want %d", got, want)
	}
	if got, want := s.Horizons[0], Hours(1); got != want {
		t.Errorf("got first horizon %v, want %v", got, want)
	}
	if got, want := s.Horizons[len(s.Horizons)-1], Duration(Month); got != want {
		t.Errorf("got last horizon %v, want %v", got, want)
	}
	if s.Intolerable != 4 || s.Severities[s.Intolerable-1].Label != "Major" {
		t.Errorf("got intolerable level %d, want 4 (Major)", s.Intolerable)
	}
}

func TestSettingsValidate(t *testing.T) {
	tests := []struct {
		name   string
		modify func(s *Settings)
		msg    string // "" for valid
	}{
		{name: "Default", modify: func(*Settings) {}},
		{name: "OneCategory", modify: func(s *Settings) { s.Categories = []string{"Financial"} }},
		{name: "OneHorizon", modify: func(s *Settings) { s.Horizons = []Duration{Hours(4)} }},
		{name: "ThreeSeverities", modify: func(s *Settings) { s.Severities = scale(3); s.Intolerable = 3 }},
		{name: "SevenSeverities", modify: func(s *Settings) { s.Severities = scale(7); s.Intolerable = 7 }},
		{name: "IntolerableLowest", modify: func(s *Settings) { s.Intolerable = 1 }},
		{name: "IntolerableHighest", modify: func(s *Settings) { s.Intolerable = 5 }},
		{name: "TopPriorityOne", modify: func(s *Settings) { s.TopPriority = 1 }},
		{name: "PrimaryRegion", modify: func(s *Settings) { s.PrimaryRegion = "Madrid" }},

		{name: "NoCategories", modify: func(s *Settings) { s.Categories = nil },
			msg: "The BIA needs at least one impact category"},
		{name: "EmptyCategory", modify: func(s *Settings) { s.Categories = append(s.Categories, " ") },
			msg: `Impact category " " is empty or appears twice`},
		{name: "DuplicateCategory", modify: func(s *Settings) { s.Categories = append(s.Categories, "Financial") },
			msg: `Impact category "Financial" is empty or appears twice`},
		{name: "DuplicateCategoryOtherCase", modify: func(s *Settings) { s.Categories = append(s.Categories, " reputation ") },
			msg: `Impact category " reputation " is empty or appears twice`},
		{name: "NoHorizons", modify: func(s *Settings) { s.Horizons = nil },
			msg: "The BIA needs at least one time horizon"},
		{name: "ZeroHorizon", modify: func(s *Settings) { s.Horizons = []Duration{0, Hours(4)} },
			msg: "Time horizons must be positive and in increasing order"},
		{name: "NegativeHorizon", modify: func(s *Settings) { s.Horizons = []Duration{Hours(-1), Hours(4)} },
			msg: "Time horizons must be positive and in increasing order"},
		{name: "DecreasingHorizons", modify: func(s *Settings) { s.Horizons = []Duration{Hours(4), Hours(24), Hours(8)} },
			msg: "Time horizons must be positive and in increasing order; 8 h is not."},
		{name: "RepeatedHorizon", modify: func(s *Settings) { s.Horizons = []Duration{Hours(4), Hours(4)} },
			msg: "Time horizons must be positive and in increasing order; 4 h is not."},
		{name: "TwoSeverities", modify: func(s *Settings) { s.Severities = scale(2); s.Intolerable = 2 },
			msg: "The impact scale has 2 levels; use between 3 and 7."},
		{name: "EightSeverities", modify: func(s *Settings) { s.Severities = scale(8) },
			msg: "The impact scale has 8 levels; use between 3 and 7."},
		{name: "NoSeverities", modify: func(s *Settings) { s.Severities = nil },
			msg: "The impact scale has 0 levels"},
		{name: "IntolerableZero", modify: func(s *Settings) { s.Intolerable = 0 },
			msg: "The intolerable impact must be one of the 5 severity levels."},
		{name: "IntolerableAboveScale", modify: func(s *Settings) { s.Intolerable = 6 },
			msg: "The intolerable impact must be one of the 5 severity levels."},
		{name: "IntolerableAboveShortScale", modify: func(s *Settings) { s.Severities = scale(3); s.Intolerable = 4 },
			msg: "one of the 3 severity levels"},
		{name: "TopPriorityZero", modify: func(s *Settings) { s.TopPriority = 0 },
			msg: "The top-priority rank must be 1 or more."},
		{name: "TopPriorityNegative", modify: func(s *Settings) { s.TopPriority = -1 },
			msg: "The top-priority rank must be 1 or more."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := DefaultSettings()
			tt.modify(&s)
			checkErr(t, s.Validate(), tt.msg)
		})
	}
}

// checkErr fails t unless err is nil when want is empty, or an EINVALID
// error whose message contains want.
func checkErr(t *testing.T, err error, want string) {
	t.Helper()
	if want == "" {
		if err != nil {
			t.Errorf("got error %v, want nil", err)
		}
		return
	}
	if err == nil {
		t.Fatalf("got nil, want an error containing %q", want)
	}
	if code := risk.ErrorCode(err); code != risk.EINVALID {
		t.Errorf("got code %q, want %q", code, risk.EINVALID)
	}
	if msg := risk.ErrorMessage(err); !strings.Contains(msg, want) {
		t.Errorf("got message %q, want it to contain %q", msg, want)
	}
}

func TestActivitySetSeverity(t *testing.T) {
	tests := []struct {
		name    string
		impacts []Impact
		cat     string
		h, sev  int
		want    []Impact
	}{
		{name: "NewRowFirstHorizon", cat: "Financial", h: 0, sev: 3,
			want: []Impact{{"Financial", []int{3}}}},
		{name: "NewRowLaterHorizon", cat: "Financial", h: 2, sev: 4,
			want: []Impact{{"Financial", []int{0, 0, 4}}}},
		{name: "NewRowAfterOthers", impacts: []Impact{{"Reputation", []int{1}}}, cat: "Financial", h: 1, sev: 2,
			want: []Impact{{"Reputation", []int{1}}, {"Financial", []int{0, 2}}}},
		{name: "ExistingRowOverwrite", impacts: []Impact{{"Financial", []int{1, 2, 3}}}, cat: "Financial", h: 1, sev: 5,
			want: []Impact{{"Financial", []int{1, 5, 3}}}},
		{name: "ExtendShortRow", impacts: []Impact{{"Financial", []int{1}}}, cat: "Financial", h: 3, sev: 4,
			want: []Impact{{"Financial", []int{1, 0, 0, 4}}}},
		{name: "ExtendEmptyRow", impacts: []Impact{{"Financial", nil}}, cat: "Financial", h: 0, sev: 2,
			want: []Impact{{"Financial", []int{2}}}},
		{name: "SecondRowOnly", impacts: []Impact{{"Reputation", []int{1, 1}}, {"Financial", []int{2, 2}}}, cat: "Financial", h: 0, sev: 4,
			want: []Impact{{"Reputation", []int{1, 1}}, {"Financial", []int{4, 2}}}},
		{name: "ClearToZero", impacts: []Impact{{"Financial", []int{3}}}, cat: "Financial", h: 0, sev: 0,
			want: []Impact{{"Financial", []int{0}}}},
		{name: "CategoryIsCaseSensitive", impacts: []Impact{{"Financial", []int{3}}}, cat: "financial", h: 0, sev: 1,
			want: []Impact{{"Financial", []int{3}}, {"financial", []int{1}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := Activity{Impacts: tt.impacts}
			a.SetSeverity(tt.cat, tt.h, tt.sev)
			if !impactsEqual(a.Impacts, tt.want) {
				t.Errorf("got impacts %v, want %v", a.Impacts, tt.want)
			}
			if got := a.Severity(tt.cat, tt.h); got != tt.sev {
				t.Errorf("Severity(%q, %d) after SetSeverity: got %d, want %d", tt.cat, tt.h, got, tt.sev)
			}
		})
	}
}

func impactsEqual(a, b []Impact) bool {
	return slices.EqualFunc(a, b, func(x, y Impact) bool {
		return x.Category == y.Category && slices.Equal(x.Severities, y.Severities)
	})
}

func TestActivitySeverity(t *testing.T) {
	a := Activity{Impacts: []Impact{
		{"Financial", []int{1, 2, 3}},
		{"Reputation", []int{4}},
	}}
	tests := []struct {
		name string
		cat  string
		h    int
		want int
	}{
		{"FirstHorizon", "Financial", 0, 1},
		{"LastHorizon", "Financial", 2, 3},
		{"BeyondRow", "Financial", 3, 0},
		{"SecondRow", "Reputation", 0, 4},
		{"SecondRowBeyond", "Reputation", 1, 0},
		{"UnknownCategory", "Legal", 0, 0},
		{"OtherCase", "financial", 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := a.Severity(tt.cat, tt.h); got != tt.want {
				t.Errorf("Severity(%q, %d): got %d, want %d", tt.cat, tt.h, got, tt.want)
			}
		})
	}
}

// threeCategories are settings with three categories over horizons 1 h,
// 4 h, 1 day, 3 days and 1 week, intolerable from 4 of 5.
func threeCategories() Settings {
	return Settings{
		Categories:  []string{"Operations", "Legal", "Reputation"},
		Horizons:    []Duration{Hours(1), Hours(4), Hours(24), Hours(72), Duration(Week)},
		Severities:  scale(5),
		Intolerable: 4,
		TopPriority: 2,
	}
}

func TestActivityDerivedMTPD(t *testing.T) {
	tests := []struct {
		name    string
		impacts []Impact
		modify  func(s *Settings)
		want    Duration
		ok      bool
	}{
		{name: "NotAssessed"},
		{name: "NeverIntolerable", impacts: []Impact{
			{"Operations", []int{1, 2, 3, 3, 3}},
			{"Legal", []int{1, 1, 1, 1, 1}},
		}},
		{name: "AllZero", impacts: []Impact{{"Operations", []int{0, 0, 0, 0, 0}}}},
		{name: "ExactlyIntolerable", impacts: []Impact{{"Operations", []int{1, 2, 4, 4, 5}}},
			want: Hours(24), ok: true},
		{name: "AboveIntolerable", impacts: []Impact{{"Operations", []int{1, 5, 5, 5, 5}}},
			want: Hours(4), ok: true},
		{name: "FirstHorizon", impacts: []Impact{{"Operations", []int{4}}},
			want: Hours(1), ok: true},
		{name: "LastHorizon", impacts: []Impact{{"Operations", []int{1, 1, 1, 1, 4}}},
			want: Duration(Week), ok: true},
		{name: "OneBelowIntolerable", impacts: []Impact{{"Operations", []int{3, 3, 3, 3, 3}}}},
		{name: "LaterCategoryEarlierWins", impacts: []Impact{
			{"Operations", []int{1, 2, 3, 4, 5}},
			{"Legal", []int{1, 1, 1, 1, 1}},
			{"Reputation", []int{2, 4, 4, 4, 4}},
		}, want: Hours(4), ok: true},
		{name: "RowOrderDoesNotMatter", impacts: []Impact{
			{"Reputation", []int{1, 1, 4}},
			{"Operations", []int{1, 4}},
		}, want: Hours(4), ok: true},
		{name: "IntolerableThenEases", impacts: []Impact{{"Operations", []int{5, 3}}},
			want: Hours(1), ok: true},
		{name: "UnknownCategoryIgnored", impacts: []Impact{{"Weather", []int{5, 5, 5, 5, 5}}}},
		{name: "BeyondLastHorizonIgnored", impacts: []Impact{{"Operations", []int{1, 1, 1, 1, 1, 5}}}},
		{name: "LowerIntolerable", impacts: []Impact{{"Legal", []int{1, 2, 3}}},
			modify: func(s *Settings) { s.Intolerable = 2 }, want: Hours(4), ok: true},
		{name: "IntolerableAtTopOfScale", impacts: []Impact{{"Legal", []int{4, 4, 5}}},
			modify: func(s *Settings) { s.Intolerable = 5 }, want: Hours(24), ok: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := threeCategories()
			if tt.modify != nil {
				tt.modify(&s)
			}
			a := Activity{Impacts: tt.impacts}
			got, ok := a.DerivedMTPD(&s)
			if got != tt.want || ok != tt.ok {
				t.Errorf("DerivedMTPD: got %q, %t, want %q, %t", got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestActivityMTPD(t *testing.T) {
	intolerableAt4h := []Impact{{"Operations", []int{1, 4}}}
	tests := []struct {
		name     string
		impacts  []Impact
		override Duration
		want     Duration
		ok       bool
	}{
		{name: "Derived", impacts: intolerableAt4h, want: Hours(4), ok: true},
		{name: "OverrideLonger", impacts: intolerableAt4h, override: Hours(24), want: Hours(24), ok: true},
		{name: "OverrideShorter", impacts: intolerableAt4h, override: Duration(30 * time.Minute), want: Duration(30 * time.Minute), ok: true},
		{name: "OverrideWithoutImpacts", override: Hours(8), want: Hours(8), ok: true},
		{name: "NeitherSet"},
		{name: "NegativeOverrideIgnored", impacts: intolerableAt4h, override: Hours(-2), want: Hours(4), ok: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := threeCategories()
			a := Activity{Impacts: tt.impacts, MTPDOverride: tt.override}
			got, ok := a.MTPD(&s)
			if got != tt.want || ok != tt.ok {
				t.Errorf("MTPD: got %q, %t, want %q, %t", got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestActivityNormalize(t *testing.T) {
	tests := []struct {
		name string
		in   Activity
		want Activity
	}{
		{name: "Trim",
			in:   Activity{Ref: " ACT-01 ", Name: "\tAuthoritative DNS\n", Owner: "  Ana "},
			want: Activity{Ref: "ACT-01", Name: "Authoritative DNS", Owner: "Ana"}},
		{name: "SortNaturally",
			in:   Activity{Upstream: []string{"ACT-10", "ACT-2", "ACT-1"}, Resources: []string{"RES-100", "RES-9", "RES-10"}},
			want: Activity{Upstream: []string{"ACT-1", "ACT-2", "ACT-10"}, Resources: []string{"RES-9", "RES-10", "RES-100"}}},
		{name: "Dedupe",
			in:   Activity{Upstream: []string{"ACT-2", "ACT-1", "ACT-2", " ACT-1 "}, Resources: []string{"RES-1", "RES-1"}},
			want: Activity{Upstream: []string{"ACT-1", "ACT-2"}, Resources: []string{"RES-1"}}},
		{name: "DropBlank",
			in:   Activity{Upstream: []string{"", " ", "ACT-3"}, Resources: []string{"\t"}},
			want: Activity{Upstream: []string{"ACT-3"}}},
		{name: "LeadingZerosKept",
			in:   Activity{Resources: []string{"RES-007", "RES-7", "RES-10"}},
			want: Activity{Resources: []string{"RES-007", "RES-7", "RES-10"}}},
		{name: "EmptyImpactsNil",
			in:   Activity{Impacts: []Impact{}},
			want: Activity{}},
		{name: "ImpactsKept",
			in:   Activity{Impacts: []Impact{{"Financial", []int{1, 2}}}},
			want: Activity{Impacts: []Impact{{"Financial", []int{1, 2}}}}},
		{name: "OtherTextUntouched",
			in:   Activity{Description: " d ", MTPDReason: " r ", MBCO: " 50% "},
			want: Activity{Description: " d ", MTPDReason: " r ", MBCO: " 50% "}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := tt.in
			a.Normalize()
			assertActivity(t, a, tt.want)
			a.Normalize()
			assertActivity(t, a, tt.want)
		})
	}
}

func assertActivity(t *testing.T, got, want Activity) {
	t.Helper()
	if got.Ref != want.Ref || got.Name != want.Name || got.Owner != want.Owner ||
		got.Description != want.Description || got.MTPDReason != want.MTPDReason || got.MBCO != want.MBCO {
		t.Errorf("got text %q/%q/%q/%q/%q/%q, want %q/%q/%q/%q/%q/%q",
			got.Ref, got.Name, got.Owner, got.Description, got.MTPDReason, got.MBCO,
			want.Ref, want.Name, want.Owner, want.Description, want.MTPDReason, want.MBCO)
	}
	if !slices.Equal(got.Upstream, want.Upstream) {
		t.Errorf("got upstream %q, want %q", got.Upstream, want.Upstream)
	}
	if !slices.Equal(got.Resources, want.Resources) {
		t.Errorf("got resources %q, want %q", got.Resources, want.Resources)
	}
	if (got.Impacts == nil) != (want.Impacts == nil) || !impactsEqual(got.Impacts, want.Impacts) {
		t.Errorf("got impacts %#v, want %#v", got.Impacts, want.Impacts)
	}
}

func TestResourceNormalize(t *testing.T) {
	tests := []struct {
		name string
		in   Resource
		want Resource
	}{
		{name: "Trim",
			in:   Resource{Ref: " RES-01 ", Name: " Ana ", Alternates: "  ", Region: " Madrid "},
			want: Resource{Ref: "RES-01", Name: "Ana", Region: "Madrid"}},
		{name: "Sites",
			in:   Resource{Sites: []string{"SITE-10", " SITE-2", "SITE-2", ""}},
			want: Resource{Sites: []string{"SITE-2", "SITE-10"}}},
		{name: "NoSites",
			in:   Resource{Sites: []string{" "}},
			want: Resource{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := tt.in
			r.Normalize()
			if r.Ref != tt.want.Ref || r.Name != tt.want.Name || r.Alternates != tt.want.Alternates || r.Region != tt.want.Region {
				t.Errorf("got %q/%q/%q/%q, want %q/%q/%q/%q", r.Ref, r.Name, r.Alternates, r.Region,
					tt.want.Ref, tt.want.Name, tt.want.Alternates, tt.want.Region)
			}
			if !slices.Equal(r.Sites, tt.want.Sites) {
				t.Errorf("got sites %q, want %q", r.Sites, tt.want.Sites)
			}
		})
	}
}

func TestResourceHasAlternate(t *testing.T) {
	tests := []struct {
		name       string
		alternates string
		want       bool
	}{
		{"None", "", false},
		{"Named", "Bo covers on-call", true},
		{"BlankAfterNormalize", "   ", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Resource{Alternates: tt.alternates}
			r.Normalize()
			if got := r.HasAlternate(); got != tt.want {
				t.Errorf("HasAlternate(%q): got %t, want %t", tt.alternates, got, tt.want)
			}
		})
	}
}

func TestKindName(t *testing.T) {
	tests := []struct {
		kind Kind
		want string
	}{
		{Person, "People"},
		{Site, "Sites and facilities"},
		{ICT, "ICT systems and data"},
		{Supplier, "Suppliers"},
		{Equipment, "Equipment"},
		{"robot", "robot"},
	}
	for _, tt := range tests {
		t.Run(string(tt.kind), func(t *testing.T) {
			if got := KindName(tt.kind); got != tt.want {
				t.Errorf("KindName(%q): got %q, want %q", tt.kind, got, tt.want)
			}
		})
	}
	for _, k := range Kinds {
		if KindName(k) == string(k) {
			t.Errorf("KindName(%q): got the raw kind, want a name for people", k)
		}
	}
}

func TestActivityClone(t *testing.T) {
	a := Activity{Ref: "ACT-01", Upstream: []string{"ACT-02"}, Resources: []string{"RES-01"},
		Impacts: []Impact{{Category: "Financial", Severities: []int{1, 2}}}}
	c := a.Clone()
	c.Upstream[0], c.Resources[0], c.Impacts[0].Severities[0] = "ACT-09", "RES-09", 4
	if a.Upstream[0] != "ACT-02" || a.Resources[0] != "RES-01" || a.Impacts[0].Severities[0] != 1 {
		t.Errorf("changing the clone changed the original: %+v", a)
	}
	if got := (Activity{}).Clone(); got.Impacts != nil || got.Upstream != nil {
		t.Errorf("clone of an empty activity: %+v, want nil slices", got)
	}
}

func TestResourceClone(t *testing.T) {
	r := Resource{Ref: "RES-01", Sites: []string{"RES-02"}}
	c := r.Clone()
	c.Sites[0] = "RES-09"
	if r.Sites[0] != "RES-02" {
		t.Errorf("changing the clone changed the original: %v", r.Sites)
	}
}

func TestBIALookupAndReplace(t *testing.T) {
	b := &BIA{
		Activities: []Activity{{ID: 1, Ref: "ACT-01", Name: "DNS"}, {ID: 2, Ref: "ACT-02", Name: "EPP"}},
		Resources:  []Resource{{ID: 7, Ref: "RES-01", Name: "Primary site"}},
	}
	if a := b.Activity("act-02"); a == nil || a.Name != "EPP" {
		t.Errorf("Activity(act-02) = %v, want EPP", a)
	}
	if b.Activity("ACT-03") != nil || b.Resource("ACT-01") != nil {
		t.Error("a reference that names nothing of the kind found something")
	}
	if r := b.Resource("RES-01"); r == nil || r.ID != 7 {
		t.Errorf("Resource(RES-01) = %v, want ID 7", r)
	}
	wa := b.WithActivity(Activity{ID: 2, Ref: "ACT-02", Name: "Registrar EPP"})
	if wa.Activities[1].Name != "Registrar EPP" || b.Activities[1].Name != "EPP" || len(wa.Activities) != 2 {
		t.Errorf("WithActivity: got %q, original %q", wa.Activities[1].Name, b.Activities[1].Name)
	}
	wr := b.WithResource(Resource{ID: 7, Ref: "RES-01", Name: "Main site"})
	if wr.Resources[0].Name != "Main site" || b.Resources[0].Name != "Primary site" {
		t.Errorf("WithResource: got %q, original %q", wr.Resources[0].Name, b.Resources[0].Name)
	}
}
