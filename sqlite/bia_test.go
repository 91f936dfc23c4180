package sqlite

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"riskbook/bcp"
	"riskbook/risk"
)

// biaFixture is a small BIA in a blank workspace: two sites, an ICT system
// running at both, a person with no alternate; zone generation (ACT-01) and
// DNS (ACT-02), which needs it; and a risk threatening DNS and the main site.
type biaFixture struct {
	site, dr, signer, person bcp.Resource
	zone, dns                bcp.Activity
	risk                     risk.Risk
}

func dur(t testing.TB, s string) bcp.Duration {
	t.Helper()
	d, err := bcp.ParseDuration(s)
	if err != nil {
		t.Fatal(err)
	}
	return bcp.Duration(d)
}

// grid returns an impact grid on the default settings in which one
// category reaches severity 4 (intolerable) at horizon index h.
func grid(h int) []bcp.Impact {
	row := []int{1, 2, 3, 3, 3, 3}
	for i := h; i < len(row); i++ {
		row[i] = 4
	}
	return []bcp.Impact{{Category: "DNS and operational stability", Severities: row}, {Category: "Reputation", Severities: []int{1, 1, 2}}}
}

func createResource(t testing.TB, db *DB, r bcp.Resource) bcp.Resource {
	t.Helper()
	if err := db.CreateResource(context.Background(), &r); err != nil {
		t.Fatalf("CreateResource %s: %v", r.Name, err)
	}
	return r
}

func createActivity(t testing.TB, db *DB, a bcp.Activity) bcp.Activity {
	t.Helper()
	if err := db.CreateActivity(context.Background(), &a); err != nil {
		t.Fatalf("CreateActivity %s: %v", a.Name, err)
	}
	return a
}

// addBIA builds the fixture with references the store chooses, so that it
// also works on top of the starter kit.
func addBIA(t testing.TB, db *DB) *biaFixture {
	t.Helper()
	f := &biaFixture{}
	f.site = createResource(t, db, bcp.Resource{Name: "Head office server room", Kind: bcp.Site, Region: "Hà Nội",
		Alternates: "The DR site"})
	f.dr = createResource(t, db, bcp.Resource{Name: "DR site", Kind: bcp.Site, Region: "Đà Nẵng", Alternates: "Head office"})
	f.signer = createResource(t, db, bcp.Resource{Name: "Zone signer (HSM)", Kind: bcp.ICT, AchievableRTO: bcp.Hours(8),
		AchievableRPO: bcp.Hours(1), BackupInterval: bcp.Hours(24), Replication: "Nightly key backup", Standby: bcp.ColdStandby,
		Sites: []string{f.dr.Ref, f.site.Ref}, Alternates: "Signing on the DR HSM"})
	f.person = createResource(t, db, bcp.Resource{Name: "DNSSEC operator", Kind: bcp.Person, Contacts: "+84 24 0000 0000"})
	f.zone = createActivity(t, db, bcp.Activity{Name: "Zone generation and DNSSEC signing", Owner: "Technical lead", Priority: 1,
		Resources: []string{f.signer.Ref, f.person.Ref}, Impacts: grid(2), RTO: bcp.Hours(4), RPO: bcp.Hours(1)})
	f.dns = createActivity(t, db, bcp.Activity{Name: "Authoritative DNS", Owner: "Technical lead", Priority: 1,
		Upstream: []string{f.zone.Ref}, Resources: []string{f.signer.Ref}, Impacts: grid(1), RTO: bcp.Hours(2)})
	r := validRisk()
	r.Threatens = []string{f.dns.Ref, f.site.Ref}
	f.risk = createRisk(t, db, r)
	return f
}

func activityByRef(t testing.TB, db *DB, ref string) bcp.Activity {
	t.Helper()
	as, err := db.Activities(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(as, func(a bcp.Activity) bool { return a.Ref == ref })
	if i < 0 {
		t.Fatalf("no activity %s", ref)
	}
	return as[i]
}

func resourceByRef(t testing.TB, db *DB, ref string) bcp.Resource {
	t.Helper()
	rs, err := db.Resources(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(rs, func(r bcp.Resource) bool { return r.Ref == ref })
	if i < 0 {
		t.Fatalf("no resource %s", ref)
	}
	return rs[i]
}

func assertSameJSON(t testing.TB, what string, got, want any) {
	t.Helper()
	g, w := mustJSON(t, got), mustJSON(t, want)
	if g != w {
		t.Errorf("%s: got\n%s\nwant\n%s", what, g, w)
	}
}

// logged returns "entity key action" for each change-log row after n.
func logged(t testing.TB, db *DB, n int) []string {
	t.Helper()
	var out []string
	for _, c := range changeRows(t, db)[n:] {
		out = append(out, c.Entity+" "+c.Key+" "+c.Action)
	}
	return out
}

func assertLogged(t testing.TB, db *DB, n int, want ...string) {
	t.Helper()
	if got := logged(t, db, n); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got change-log rows\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func assertVerifies(t testing.TB, db *DB) {
	t.Helper()
	v, err := db.Verify(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if !v.OK() {
		t.Errorf("Verify: got %+v", v)
	}
}

func TestBIASettings(t *testing.T) {
	ctx := context.Background()
	db, _ := newWorkspace(t, TemplateBlank)
	got, err := db.BIASettings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	assertSameJSON(t, "new workspace", got, bcp.DefaultSettings())
	if cs, err := db.Changes(ctx, ChangeFilter{Entity: "bia-settings"}); err != nil || len(cs) != 1 || cs[0].Action != ActionCreate {
		t.Errorf("got %+v, %v; want the settings a new workspace starts with logged as created", cs, err)
	}

	s := bcp.DefaultSettings()
	s.Categories = append(s.Categories, "Sức khỏe — health")
	s.Horizons = []bcp.Duration{bcp.Duration(50 * time.Second), bcp.Hours(4), dur(t, "2 days")}
	s.PrimaryRegion = "Hà Nội"
	s.TopPriority = 3
	n := len(changeRows(t, db))
	if err := db.SetBIASettings(ctx, s); err != nil {
		t.Fatal(err)
	}
	if got, want := s.Horizons[0], bcp.Duration(time.Minute); got != want {
		t.Errorf("got first horizon %v, want it rounded to %v as stored", got, want)
	}
	got, err = db.BIASettings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	assertSameJSON(t, "after SetBIASettings", got, s)
	assertLogged(t, db, n, "bia-settings bia-settings update")
	c := changeRows(t, db)[n]
	if c.Before != mustJSON(t, bcp.DefaultSettings()) || c.After != mustJSON(t, s) {
		t.Errorf("got logged %s → %s", c.Before, c.After)
	}
	if err := db.SetBIASettings(ctx, got); err != nil {
		t.Fatal(err)
	}
	assertLogged(t, db, n, "bia-settings bia-settings update")

	f := addBIA(t, db)
	n = len(changeRows(t, db))
	tests := []struct {
		name      string
		edit      func(s *bcp.Settings)
		fragments []string
	}{
		{"NoCategories", func(s *bcp.Settings) { s.Categories = nil }, []string{"at least one impact category"}},
		{"HorizonsOutOfOrder", func(s *bcp.Settings) { s.Horizons = []bcp.Duration{bcp.Hours(4), bcp.Hours(1)} }, []string{"increasing order"}},
		{"HorizonsSameAfterRounding", func(s *bcp.Settings) {
			s.Horizons = []bcp.Duration{bcp.Duration(61 * time.Second), bcp.Duration(80 * time.Second)}
		}, []string{"increasing order"}},
		{"HorizonTooLong", func(s *bcp.Settings) { s.Horizons = append(s.Horizons, bcp.Duration(11*365*bcp.Day)) }, []string{"too long"}},
		{"IntolerableOutsideScale", func(s *bcp.Settings) { s.Intolerable = 9 }, []string{"intolerable"}},
		{"ScaleBelowRecordedImpacts", func(s *bcp.Settings) { s.Severities = s.Severities[:3]; s.Intolerable = 3 },
			[]string{"3 levels", "2 activities", f.zone.Ref + ", " + f.dns.Ref}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := got
			s.Categories = slices.Clone(s.Categories)
			s.Horizons = slices.Clone(s.Horizons)
			tt.edit(&s)
			wantErr(t, db.SetBIASettings(ctx, s), risk.EINVALID, tt.fragments...)
			if now, err := db.BIASettings(ctx); err != nil || mustJSON(t, now) != mustJSON(t, got) {
				t.Errorf("settings changed by a refused save: %+v, %v", now, err)
			}
			assertLogged(t, db, n)
		})
	}
}

func TestBIA(t *testing.T) {
	ctx := context.Background()
	db, _ := newWorkspace(t, TemplateBlank)
	f := addBIA(t, db)
	b, err := db.BIA(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var refs []string
	for _, a := range b.Activities {
		refs = append(refs, a.Ref)
	}
	for _, r := range b.Resources {
		refs = append(refs, r.Ref)
	}
	if got := strings.Join(refs, " "); got != "ACT-01 ACT-02 RES-01 RES-02 RES-03 RES-04" {
		t.Errorf("got %s, want the activities and resources in reference order", got)
	}
	assertSameJSON(t, "settings", b.Settings, bcp.DefaultSettings())
	var rules []string
	for _, fd := range bcp.Check(b, risk.Date{Year: 2026, Month: time.March, Day: 1}) {
		rules = append(rules, fd.Rule+" "+fd.Ref)
	}
	for _, want := range []string{"single-point-of-failure " + f.person.Ref, "ict-readiness-gap " + f.zone.Ref} {
		if !slices.Contains(rules, want) {
			t.Errorf("got findings %q, want %s", rules, want)
		}
	}
}

// TestBIARefused checks refusals: the code and sentence, and that nothing,
// not even a change-log row, was written.
func TestBIARefused(t *testing.T) {
	type activityCase struct {
		name      string
		edit      func(a *bcp.Activity, f *biaFixture)
		code      string
		fragments []string
	}
	activityCases := []activityCase{
		{"DuplicateRef", func(a *bcp.Activity, f *biaFixture) { a.Ref = f.zone.Ref }, risk.ECONFLICT, []string{"ACT-01", "another activity"}},
		{"RefOfAResource", func(a *bcp.Activity, f *biaFixture) { a.Ref = "res-01" }, risk.ECONFLICT, []string{"res-01", "resource RES-01"}},
		{"UnknownUpstream", func(a *bcp.Activity, f *biaFixture) { a.Upstream = []string{"ACT-99"} }, risk.EINVALID, []string{"ACT-99", "does not exist"}},
		{"UpstreamIsAResource", func(a *bcp.Activity, f *biaFixture) { a.Upstream = []string{f.site.Ref} }, risk.EINVALID, []string{"RES-01", "is a resource"}},
		{"UpstreamSelf", func(a *bcp.Activity, f *biaFixture) { a.Upstream = []string{strings.ToLower(a.Ref)} }, risk.EINVALID, []string{"upstream of itself"}},
		{"UnknownResource", func(a *bcp.Activity, f *biaFixture) { a.Resources = []string{"RES-99"} }, risk.EINVALID, []string{"RES-99", "does not exist"}},
		{"ResourceIsAnActivity", func(a *bcp.Activity, f *biaFixture) { a.Resources = []string{f.zone.Ref} }, risk.EINVALID, []string{"ACT-01", "is an activity"}},
		{"NoName", func(a *bcp.Activity, f *biaFixture) { a.Name = " " }, risk.EINVALID, []string{"no name"}},
		{"RTOAboveMTPD", func(a *bcp.Activity, f *biaFixture) { a.Impacts = grid(1); a.RTO = bcp.Hours(24) }, risk.EINVALID, []string{"longer than the MTPD (4 h)"}},
		{"OverrideUnexplained", func(a *bcp.Activity, f *biaFixture) { a.MTPDOverride = bcp.Hours(8) }, risk.EINVALID, []string{"without a reason"}},
		{"ImpactOutsideScale", func(a *bcp.Activity, f *biaFixture) {
			a.Impacts = []bcp.Impact{{Category: "Financial", Severities: []int{9}}}
		},
			risk.EINVALID, []string{"outside the scale"}},
		{"NegativeRTO", func(a *bcp.Activity, f *biaFixture) { a.RTO = -bcp.Hours(1) }, risk.EINVALID, []string{"RTO cannot be negative"}},
		{"RPOTooLong", func(a *bcp.Activity, f *biaFixture) { a.RPO = bcp.Duration(11 * 365 * bcp.Day) }, risk.EINVALID, []string{"RPO", "too long"}},
		{"NotADate", func(a *bcp.Activity, f *biaFixture) {
			a.Approved = risk.Date{Year: 2026, Month: time.February, Day: 30}
		},
			risk.EINVALID, []string{"2026-02-30", "not a calendar date"}},
		{"NegativePriority", func(a *bcp.Activity, f *biaFixture) { a.Priority = -1 }, risk.EINVALID, []string{"priority"}},
	}
	for _, tt := range activityCases {
		t.Run("Activity"+tt.name, func(t *testing.T) {
			ctx := context.Background()
			db, _ := newWorkspace(t, TemplateBlank)
			f := addBIA(t, db)
			before, rows := mustJSON(t, mustBIA(t, db)), len(changeRows(t, db))
			assertNothingWritten := func(t *testing.T) {
				t.Helper()
				if got := mustJSON(t, mustBIA(t, db)); got != before {
					t.Errorf("the BIA changed:\n%s\nwant\n%s", got, before)
				}
				assertLogged(t, db, rows)
			}
			t.Run("Create", func(t *testing.T) {
				a := bcp.Activity{Ref: "ACT-50", Name: "Billing", Owner: "Finance", Impacts: grid(4), RTO: bcp.Hours(24)}
				tt.edit(&a, f)
				wantErr(t, db.CreateActivity(ctx, &a), tt.code, tt.fragments...)
				assertNothingWritten(t)
			})
			t.Run("Update", func(t *testing.T) {
				a := activityByRef(t, db, f.dns.Ref)
				tt.edit(&a, f)
				wantErr(t, db.UpdateActivity(ctx, &a), tt.code, tt.fragments...)
				assertNothingWritten(t)
			})
		})
	}

	type resourceCase struct {
		name      string
		edit      func(r *bcp.Resource, f *biaFixture)
		code      string
		fragments []string
	}
	resourceCases := []resourceCase{
		{"DuplicateRef", func(r *bcp.Resource, f *biaFixture) { r.Ref = strings.ToLower(f.site.Ref) }, risk.ECONFLICT, []string{"res-01", "another resource"}},
		{"RefOfAnActivity", func(r *bcp.Resource, f *biaFixture) { r.Ref = f.zone.Ref }, risk.ECONFLICT, []string{"ACT-01", "activity ACT-01"}},
		{"UnknownSite", func(r *bcp.Resource, f *biaFixture) { r.Sites = []string{"RES-99"} }, risk.EINVALID, []string{"RES-99", "does not exist"}},
		{"SiteNotASite", func(r *bcp.Resource, f *biaFixture) { r.Sites = []string{f.person.Ref} }, risk.EINVALID, []string{"RES-04", "is not a site"}},
		{"SiteIsAnActivity", func(r *bcp.Resource, f *biaFixture) { r.Sites = []string{f.zone.Ref} }, risk.EINVALID, []string{"ACT-01", "is not a site"}},
		{"OwnSite", func(r *bcp.Resource, f *biaFixture) { r.Sites = []string{r.Ref} }, risk.EINVALID, []string{"cannot run at itself"}},
		{"UnknownKind", func(r *bcp.Resource, f *biaFixture) { r.Kind = "building" }, risk.EINVALID, []string{`"building"`}},
		{"UnknownStandby", func(r *bcp.Resource, f *biaFixture) { r.Standby = "lukewarm" }, risk.EINVALID, []string{`"lukewarm"`}},
		{"NoName", func(r *bcp.Resource, f *biaFixture) { r.Name = "" }, risk.EINVALID, []string{"no name"}},
		{"NegativeBackupInterval", func(r *bcp.Resource, f *biaFixture) { r.BackupInterval = -1 }, risk.EINVALID, []string{"backup interval cannot be negative"}},
		{"NotADate", func(r *bcp.Resource, f *biaFixture) { r.CapacityConfirmed = risk.Date{Year: 2026, Month: 13, Day: 1} },
			risk.EINVALID, []string{"not a calendar date"}},
	}
	for _, tt := range resourceCases {
		t.Run("Resource"+tt.name, func(t *testing.T) {
			ctx := context.Background()
			db, _ := newWorkspace(t, TemplateBlank)
			f := addBIA(t, db)
			before, rows := mustJSON(t, mustBIA(t, db)), len(changeRows(t, db))
			assertNothingWritten := func(t *testing.T) {
				t.Helper()
				if got := mustJSON(t, mustBIA(t, db)); got != before {
					t.Errorf("the BIA changed:\n%s\nwant\n%s", got, before)
				}
				assertLogged(t, db, rows)
			}
			t.Run("Create", func(t *testing.T) {
				r := bcp.Resource{Ref: "RES-50", Name: "Backup server", Kind: bcp.ICT}
				tt.edit(&r, f)
				wantErr(t, db.CreateResource(ctx, &r), tt.code, tt.fragments...)
				assertNothingWritten(t)
			})
			t.Run("Update", func(t *testing.T) {
				r := resourceByRef(t, db, f.signer.Ref)
				tt.edit(&r, f)
				wantErr(t, db.UpdateResource(ctx, &r), tt.code, tt.fragments...)
				assertNothingWritten(t)
			})
		})
	}

	t.Run("UpstreamSelfUnderOldRef", func(t *testing.T) {
		db, _ := newWorkspace(t, TemplateBlank)
		f := addBIA(t, db)
		rows := len(changeRows(t, db))
		a := activityByRef(t, db, f.dns.Ref)
		a.Ref, a.Upstream = "DNS", []string{f.dns.Ref}
		wantErr(t, db.UpdateActivity(context.Background(), &a), risk.EINVALID, "DNS", "upstream of itself")
		assertLogged(t, db, rows)
	})
	t.Run("SiteInUseChangesKind", func(t *testing.T) {
		db, _ := newWorkspace(t, TemplateBlank)
		f := addBIA(t, db)
		rows := len(changeRows(t, db))
		r := resourceByRef(t, db, f.dr.Ref)
		r.Kind = bcp.Equipment
		wantErr(t, db.UpdateResource(context.Background(), &r), risk.EINVALID, f.dr.Ref, f.signer.Ref, "remove it from their sites")
		assertLogged(t, db, rows)
	})
}

func mustBIA(t testing.TB, db *DB) *bcp.BIA {
	t.Helper()
	b, err := db.BIA(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestUnknownRefsInEmptyBIA: the domain rules check references only against
// a BIA that has some; the store refuses unknown ones always.
func TestUnknownRefsInEmptyBIA(t *testing.T) {
	ctx := context.Background()
	db, _ := newWorkspace(t, TemplateBlank)
	a := bcp.Activity{Name: "DNS", Upstream: []string{"ACT-02"}}
	wantErr(t, db.CreateActivity(ctx, &a), risk.EINVALID, "ACT-02", "does not exist")
	a = bcp.Activity{Name: "DNS", Resources: []string{"RES-01"}}
	wantErr(t, db.CreateActivity(ctx, &a), risk.EINVALID, "RES-01", "does not exist")
	r := bcp.Resource{Name: "Signer", Kind: bcp.ICT, Sites: []string{"RES-02"}}
	wantErr(t, db.CreateResource(ctx, &r), risk.EINVALID, "RES-02", "does not exist")
	rk := validRisk()
	rk.Threatens = []string{"ACT-01"}
	wantErr(t, db.CreateRisk(ctx, &rk), risk.EINVALID, "R-001", "ACT-01", "not an activity or resource")
	if n := count(t, db.read, "SELECT count(*) FROM risks"); n != 0 {
		t.Errorf("got %d risks, want 0", n)
	}
}

func TestNextBIARef(t *testing.T) {
	ctx := context.Background()
	db, _ := newWorkspace(t, TemplateBlank)
	refsOf := func(as []bcp.Activity) string {
		var out []string
		for _, a := range as {
			out = append(out, a.Ref)
		}
		return strings.Join(out, " ")
	}
	var made []bcp.Activity
	for range 3 {
		made = append(made, createActivity(t, db, bcp.Activity{Name: "Activity"}))
	}
	if got := refsOf(made); got != "ACT-01 ACT-02 ACT-03" {
		t.Errorf("got %s, want ACT-01 ACT-02 ACT-03", got)
	}
	if r := createResource(t, db, bcp.Resource{Name: "Office", Kind: bcp.Site}); r.Ref != "RES-01" {
		t.Errorf("first resource: got %s, want RES-01", r.Ref)
	}
	// A deleted reference is not reused, nor one renamed away.
	if err := db.DeleteActivity(ctx, made[2].ID); err != nil {
		t.Fatal(err)
	}
	if a := createActivity(t, db, bcp.Activity{Name: "Activity"}); a.Ref != "ACT-04" {
		t.Errorf("after deleting ACT-03: got %s, want ACT-04", a.Ref)
	}
	createActivity(t, db, bcp.Activity{Ref: "act-99", Name: "Activity"})
	createActivity(t, db, bcp.Activity{Ref: "ACT-1x", Name: "Activity"})
	if a := createActivity(t, db, bcp.Activity{Name: "Activity"}); a.Ref != "ACT-100" {
		t.Errorf("after act-99: got %s, want ACT-100", a.Ref)
	}
	if r := createResource(t, db, bcp.Resource{Ref: "RES-07", Name: "Server", Kind: bcp.ICT}); r.Ref != "RES-07" {
		t.Errorf("got %s, want the given RES-07", r.Ref)
	}
	if r := createResource(t, db, bcp.Resource{Name: "Server", Kind: bcp.ICT}); r.Ref != "RES-08" {
		t.Errorf("got %s, want RES-08", r.Ref)
	}
}

// TestRenameCarriesReferences: a new reference shows in everything that
// names the activity or resource, and each of those is logged as updated.
func TestRenameCarriesReferences(t *testing.T) {
	ctx := context.Background()
	db, _ := newWorkspace(t, TemplateBlank)
	f := addBIA(t, db)

	n := len(changeRows(t, db))
	a := activityByRef(t, db, f.dns.Ref)
	a.Ref = "DNS-1"
	if err := db.UpdateActivity(ctx, &a); err != nil {
		t.Fatal(err)
	}
	r, err := db.Risk(ctx, f.risk.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(r.Threatens, " "); got != "DNS-1 "+f.site.Ref {
		t.Errorf("risk threatens %q, want DNS-1 and %s", got, f.site.Ref)
	}
	assertLogged(t, db, n, "activity DNS-1 update", "risk "+f.risk.Ref+" update")

	n = len(changeRows(t, db))
	z := activityByRef(t, db, f.zone.Ref)
	z.Ref = "zone"
	if err := db.UpdateActivity(ctx, &z); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(activityByRef(t, db, "DNS-1").Upstream, " "); got != "zone" {
		t.Errorf("DNS-1 upstream: got %q, want zone", got)
	}
	assertLogged(t, db, n, "activity zone update", "activity DNS-1 update")

	n = len(changeRows(t, db))
	s := resourceByRef(t, db, f.site.Ref)
	s.Ref = "SITE-HN"
	if err := db.UpdateResource(ctx, &s); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(resourceByRef(t, db, f.signer.Ref).Sites, " "); got != f.dr.Ref+" SITE-HN" {
		t.Errorf("signer sites: got %q, want %s SITE-HN", got, f.dr.Ref)
	}
	assertLogged(t, db, n, "resource SITE-HN update", "resource "+f.signer.Ref+" update", "risk "+f.risk.Ref+" update")

	n = len(changeRows(t, db))
	sg := resourceByRef(t, db, f.signer.Ref)
	sg.Ref = strings.ToLower(sg.Ref) // a change of case is a rename too
	if err := db.UpdateResource(ctx, &sg); err != nil {
		t.Fatal(err)
	}
	for _, ref := range []string{"zone", "DNS-1"} {
		if a := activityByRef(t, db, ref); !slices.Contains(a.Resources, sg.Ref) {
			t.Errorf("%s resources: got %q, want %s among them", ref, a.Resources, sg.Ref)
		}
	}
	assertLogged(t, db, n, "resource "+sg.Ref+" update", "activity DNS-1 update", "activity zone update")

	assertLogMatchesState(t, db)
	assertVerifies(t, db)
	assertRoundTrip(t, db)
}

// TestDeleteRemovesReferences: deleting an activity or resource removes it
// from everything that names it, each logged as updated.
func TestDeleteRemovesReferences(t *testing.T) {
	ctx := context.Background()
	db, _ := newWorkspace(t, TemplateBlank)
	clk := newClock(db)
	f := addBIA(t, db)

	deleted := clk.advance(time.Hour)
	n := len(changeRows(t, db))
	if err := db.DeleteActivity(ctx, f.zone.ID); err != nil {
		t.Fatal(err)
	}
	dns := activityByRef(t, db, f.dns.Ref)
	if dns.Upstream != nil || !dns.Updated.Equal(deleted) {
		t.Errorf("DNS: got upstream %q, updated %v; want none, %v", dns.Upstream, dns.Updated, deleted)
	}
	assertLogged(t, db, n, "activity "+f.zone.Ref+" delete", "activity "+f.dns.Ref+" update")

	n = len(changeRows(t, db))
	if err := db.DeleteResource(ctx, f.site.ID); err != nil {
		t.Fatal(err)
	}
	if got := resourceByRef(t, db, f.signer.Ref).Sites; !slices.Equal(got, []string{f.dr.Ref}) {
		t.Errorf("signer sites: got %q, want only %s", got, f.dr.Ref)
	}
	r, err := db.Risk(ctx, f.risk.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(r.Threatens, []string{f.dns.Ref}) || !r.Updated.Equal(deleted) {
		t.Errorf("risk: got threatens %q, updated %v; want only %s, %v", r.Threatens, r.Updated, f.dns.Ref, deleted)
	}
	assertLogged(t, db, n, "resource "+f.site.Ref+" delete", "resource "+f.signer.Ref+" update", "risk "+f.risk.Ref+" update")

	n = len(changeRows(t, db))
	if err := db.DeleteResource(ctx, f.signer.ID); err != nil {
		t.Fatal(err)
	}
	assertLogged(t, db, n, "resource "+f.signer.Ref+" delete", "activity "+f.dns.Ref+" update")

	n = len(changeRows(t, db))
	if err := db.DeleteActivity(ctx, f.dns.ID); err != nil {
		t.Fatal(err)
	}
	assertLogged(t, db, n, "activity "+f.dns.Ref+" delete", "risk "+f.risk.Ref+" update")
	if r, err := db.Risk(ctx, f.risk.ID); err != nil || r.Threatens != nil {
		t.Errorf("risk: got threatens %q (%v), want none", r.Threatens, err)
	}
	if n := count(t, db.read, "SELECT count(*) FROM risk_threats"); n != 0 {
		t.Errorf("got %d threat links, want 0", n)
	}
	assertLogMatchesState(t, db)
	assertVerifies(t, db)
	assertRoundTrip(t, db)
}

func TestRiskThreatens(t *testing.T) {
	ctx := context.Background()
	db, _ := newWorkspace(t, TemplateBlank)
	f := addBIA(t, db)
	r := validRisk()
	r.Threatens = []string{strings.ToLower(f.signer.Ref), " " + f.zone.Ref, f.zone.Ref, ""}
	r = createRisk(t, db, r)
	if got, want := strings.Join(r.Threatens, " "), f.zone.Ref+" "+f.signer.Ref; got != want {
		t.Errorf("got threatens %q, want %q", got, want)
	}
	got, err := db.Risk(ctx, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	assertSameRisk(t, got, r)
	assertLogMatchesState(t, db)

	n := len(changeRows(t, db))
	bad := got.Clone()
	bad.Threatens = append(bad.Threatens, "RES-99")
	wantErr(t, db.UpdateRisk(ctx, &bad), risk.EINVALID, r.Ref, "RES-99", "not an activity or resource")
	assertLogged(t, db, n)

	none := got.Clone()
	none.Threatens = []string{}
	if err := db.UpdateRisk(ctx, &none); err != nil {
		t.Fatal(err)
	}
	if got, err := db.Risk(ctx, r.ID); err != nil || got.Threatens != nil {
		t.Errorf("got threatens %q (%v), want none", got.Threatens, err)
	}
	assertLogged(t, db, n, "risk "+r.Ref+" update")
	if err := db.DeleteRisk(ctx, f.risk.ID); err != nil {
		t.Fatal(err)
	}
	if n := count(t, db.read, "SELECT count(*) FROM risk_threats"); n != 0 {
		t.Errorf("got %d threat links after deleting the risks' links, want 0", n)
	}
}

// TestVerifyFindsBIAEditedOutsideRiskbook: BIA rows changed with the change
// log left alone are reported, named by entity and key.
func TestVerifyFindsBIAEditedOutsideRiskbook(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name   string
		tamper string
		want   []string // entity key action
	}{
		{"ActivityEdited", "UPDATE activities SET rto = 1 WHERE ref = 'ACT-02'", []string{"activity ACT-02 update"}},
		{"ImpactsEdited", "UPDATE activities SET impacts = replace(impacts, '4', '2') WHERE ref = 'ACT-01'", []string{"activity ACT-01 update"}},
		{"UpstreamRemoved", "DELETE FROM activity_upstream", []string{"activity ACT-02 update"}},
		{"ResourceEdited", "UPDATE resources SET alternates = '' WHERE ref = 'RES-03'", []string{"resource RES-03 update"}},
		{"ThreatRemoved", "DELETE FROM risk_threats WHERE activity_id IS NOT NULL", []string{"risk R-001 update"}},
		{"SettingsEdited", "UPDATE bia_settings SET body = replace(body, '\"intolerable\":4', '\"intolerable\":5')", []string{"bia-settings bia-settings update"}},
		{"ActivityRenamed", "UPDATE activities SET ref = 'ACT-09' WHERE ref = 'ACT-01'",
			[]string{"activity ACT-02 update", "activity ACT-09 create", "activity ACT-01 delete"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db, path := newWorkspace(t, TemplateBlank)
			addBIA(t, db)
			assertVerifies(t, db)
			closeDB(t, db)
			raw := rawDB(t, path)
			rawExec(t, raw, tt.tamper)
			raw.Close()
			v, err := openRO(t, path).Verify(ctx)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, d := range v.Drift {
				got = append(got, d.Entity+" "+d.Key+" "+d.Action)
			}
			if v.Broken != nil || !slices.Equal(got, tt.want) {
				t.Errorf("got broken %v, drift %q; want drift %q", v.Broken, got, tt.want)
			}
		})
	}
}

// TestWorkspaceBeforeBIA: a workspace made before migration 002 opens, has
// the default BIA settings without anything logged, and dumps and loads
// alike; so does a dump of format version 1.
func TestWorkspaceBeforeBIA(t *testing.T) {
	fileOnly(t)
	ctx := context.Background()
	db, path := newWorkspace(t, TemplateBlank)
	if cs := changeRows(t, db); cs[len(cs)-1].Entity != "bia-settings" {
		t.Fatalf("the last change-log row of a blank workspace is %s, want the BIA settings the test removes", cs[len(cs)-1].Entity)
	}
	closeDB(t, db)
	// What migrations 002 and 003 added goes, as if the workspace were made
	// before them.
	raw := rawDB(t, path)
	for _, q := range []string{"DROP TABLE playbook_risks", "DROP TABLE playbook_resources", "DROP TABLE playbook_activities",
		"DROP TABLE trend_memo", "DELETE FROM migrations WHERE version = 10",
		"DROP TABLE assessments", "DELETE FROM migrations WHERE version = 9",
		"DELETE FROM migrations WHERE version = 8", "DROP TABLE documents", "ALTER TABLE risks DROP COLUMN identified", "DELETE FROM migrations WHERE version = 7",
		"DROP TABLE contacts", "DELETE FROM migrations WHERE version = 6",
		"DROP TABLE exercises", "DELETE FROM migrations WHERE version = 5",
		"DROP TABLE activations", "DELETE FROM migrations WHERE version = 4", "DROP TABLE playbooks", "DELETE FROM migrations WHERE version = 3", "DROP TABLE risk_threats", "DROP TABLE resource_sites", "DROP TABLE activity_resources",
		"DROP TABLE activity_upstream", "DROP TABLE activities", "DROP TABLE resources", "DROP TABLE bia_settings",
		"DELETE FROM changelog WHERE entity = 'bia-settings'", "DELETE FROM migrations WHERE version = 2", "PRAGMA user_version = 1"} {
		rawExec(t, raw, q)
	}
	raw.Close()
	if v, _ := header(t, path); v != 1 {
		t.Fatalf("got user_version %d, want 1", v)
	}

	db = openRW(t, path)
	if v := count(t, db.read, "PRAGMA user_version"); v != SchemaVersion() {
		t.Errorf("after opening: got user_version %d, want %d", v, SchemaVersion())
	}
	s, err := db.BIASettings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	assertSameJSON(t, "settings", s, bcp.DefaultSettings())
	assertVerifies(t, db)
	first := assertRoundTrip(t, db)

	// The same workspace as an older Riskbook dumped it.
	var doc map[string]any
	if err := json.Unmarshal(first, &doc); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"bia_settings", "activities", "resources", "playbooks"} {
		delete(doc, k)
	}
	doc["version"] = 1
	old, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "v1"+Extension)
	if err := loadJSON(old, p); err != nil {
		t.Fatalf("Load of a version 1 dump: %v", err)
	}
	loaded := openRO(t, p)
	assertVerifies(t, loaded)
	if got := dumpJSON(t, loaded); !bytes.Equal(got, first) {
		t.Errorf("version 1 dump loaded, dumped again:\n%s", firstDifference(first, got))
	}

	// Saving the settings then records them as created.
	n := len(changeRows(t, db))
	s.PrimaryRegion = "Hà Nội"
	if err := db.SetBIASettings(ctx, s); err != nil {
		t.Fatal(err)
	}
	assertLogged(t, db, n, "bia-settings bia-settings create")
	addBIA(t, db)
	assertVerifies(t, db)
	assertRoundTrip(t, db)
}
