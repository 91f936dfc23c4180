package sqlite

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"riskbook/bcp"
	"riskbook/risk"
)

// testTemplate has a BIA whose links point forward (an ICT system listed
// before its sites) and in a circle (two activities needing each other).
const testTemplate = `{
  "name": "Test",
  "description": "A template for the store's tests",
  "bia": {
    "settings": {
      "categories": ["Stability", "Money"],
      "horizons": ["1 h", "1 day", "1 week"],
      "severities": [
        {"label": "Low", "description": "", "colour": "#00FF00"},
        {"label": "Medium", "description": "", "colour": "#FFFF00"},
        {"label": "High", "description": "", "colour": "#FF0000"}
      ],
      "intolerable": 3,
      "top_priority": 1,
      "primary_region": "Hà Nội"
    },
    "resources": [
      {"ref": "RES-01", "name": "Signer", "kind": "ict", "sites": ["RES-03", "RES-02"], "achievable_rto": "4h", "standby": "warm"},
      {"ref": "RES-02", "name": "Head office", "kind": "site", "region": "Hà Nội"},
      {"ref": "RES-03", "name": "DR site", "kind": "site", "region": "Đà Nẵng"},
      {"ref": "RES-04", "name": "Anycast provider", "kind": "supplier", "capacity_confirmed_days_ago": 400}
    ],
    "activities": [
      {"ref": "ACT-01", "name": "DNS", "priority": 1, "upstream": ["ACT-02"], "resources": ["RES-01"],
       "impacts": [{"category": "Stability", "severities": [1, 3, 3]}], "rto": "4 h", "approved_days_ago": 30},
      {"ref": "ACT-02", "name": "Zone generation", "upstream": ["ACT-03"]},
      {"ref": "ACT-03", "name": "Registry database", "upstream": ["ACT-02"]}
    ]
  },
  "risks": [
    {"ref": "R-001", "title": "Signer lost", "owner": "Ana", "inherent": {"likelihood": 3, "consequence": 4},
     "residual": {"likelihood": 2, "consequence": 3}, "treatment": "reduce", "review_frequency": "quarterly",
     "status": "treating", "confidence": "B", "threatens": ["act-01", "RES-04"]}
  ],
  "soa": []
}`

func TestTemplateBIA(t *testing.T) {
	ctx := context.Background()
	tmpl, err := parseTemplate([]byte(testTemplate))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "t"+Extension)
	db, err := createFrom(ctx, path, tmpl, NewWorkspace{User: "Tester"})
	if err != nil {
		t.Fatal(err)
	}
	closeOnCleanup(t, db)
	today := risk.DateOf(time.Now())
	b := mustBIA(t, db)
	if got := mustJSON(t, b.Settings); got != mustJSON(t, tmpl.BIA.Settings) {
		t.Errorf("got settings %s, want the template's", got)
	}
	if got := strings.Join(resourceByRef(t, db, "RES-01").Sites, " "); got != "RES-02 RES-03" {
		t.Errorf("RES-01 sites: got %q, want RES-02 RES-03", got)
	}
	if got, want := resourceByRef(t, db, "RES-04").CapacityConfirmed, today.AddDays(-400); got != want {
		t.Errorf("RES-04 capacity confirmed: got %s, want %s", got, want)
	}
	a := activityByRef(t, db, "ACT-01")
	if a.Approved != today.AddDays(-30) || a.RTO != bcp.Hours(4) || !slices.Equal(a.Upstream, []string{"ACT-02"}) {
		t.Errorf("ACT-01: got approved %s, RTO %s, upstream %q", a.Approved, a.RTO, a.Upstream)
	}
	for ref, up := range map[string]string{"ACT-02": "ACT-03", "ACT-03": "ACT-02"} {
		if got := activityByRef(t, db, ref).Upstream; !slices.Equal(got, []string{up}) {
			t.Errorf("%s upstream: got %q, want %s", ref, got, up)
		}
	}
	r, err := db.RiskByRef(ctx, "R-001")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(r.Threatens, []string{"ACT-01", "RES-04"}) {
		t.Errorf("R-001 threatens %q, want ACT-01 RES-04", r.Threatens)
	}
	// One creation each, what is linked to first; activities in a circle
	// get their remaining links in an update.
	var got []string
	for _, c := range changeRows(t, db) {
		if c.Entity == "resource" || c.Entity == "activity" || c.Entity == "bia-settings" || c.Entity == "risk" {
			got = append(got, c.Key+" "+c.Action)
		}
	}
	want := []string{"bia-settings create", "RES-02 create", "RES-03 create", "RES-01 create", "RES-04 create",
		"ACT-02 create", "ACT-01 create", "ACT-03 create", "ACT-02 update", "R-001 create"}
	if !slices.Equal(got, want) {
		t.Errorf("got log\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if cs := changeRows(t, db); cs[0].Actor != "Tester" {
		t.Errorf("got actor %q, want Tester", cs[0].Actor)
	}
	var rules []string
	for _, fd := range bcp.Check(b, today) {
		rules = append(rules, fd.Rule+" "+fd.Ref)
	}
	for _, want := range []string{"upstream-cycle ACT-02", "supplier-capacity-stale RES-04"} {
		if !slices.Contains(rules, want) {
			t.Errorf("got findings %q, want %s", rules, want)
		}
	}
	assertLogMatchesState(t, db)
	assertVerifies(t, db)
	assertRoundTrip(t, db)
}

func TestTemplateRefusals(t *testing.T) {
	tests := []struct {
		name, old, new string
		fragments      []string
	}{
		{"UnknownField", `"approved_days_ago": 30`, `"aproved_days_ago": 30`, []string{"aproved_days_ago"}},
		{"UnknownThreat", `"threatens": ["act-01", "RES-04"]`, `"threatens": ["ACT-09"]`, []string{"R-001", "ACT-09"}},
		{"UnknownUpstream", `"upstream": ["ACT-03"]`, `"upstream": ["ACT-04"]`, []string{"ACT-02", "ACT-04"}},
		{"SiteNotASite", `"sites": ["RES-03", "RES-02"]`, `"sites": ["RES-03", "RES-04"]`, []string{"RES-01", "RES-04", "not a site"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !strings.Contains(testTemplate, tt.old) {
				t.Fatalf("template has no %s", tt.old)
			}
			raw := strings.Replace(testTemplate, tt.old, tt.new, 1)
			dir := t.TempDir()
			tmpl, err := parseTemplate([]byte(raw))
			if err == nil {
				var db *DB
				if db, err = createFrom(context.Background(), filepath.Join(dir, "t"+Extension), tmpl, NewWorkspace{}); err == nil {
					closeDB(t, db)
				}
			}
			if err == nil {
				t.Fatal("got no error")
			}
			for _, f := range tt.fragments {
				if !strings.Contains(err.Error(), f) {
					t.Errorf("got %v, want it to mention %s", err, f)
				}
			}
			assertDir(t, dir)
		})
	}
}
