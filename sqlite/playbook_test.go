package sqlite

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"riskbook/assets"
	"riskbook/bcp"
	"riskbook/risk"
)

// fullPlaybook has every field set, with references in odd case, padded,
// duplicated and unsorted, names padded, blank list entries and a target
// time that is not a whole number of minutes.
func fullPlaybook(f *biaFixture) bcp.Playbook {
	return bcp.Playbook{
		Title:              " DNSSEC signing failure ",
		Scenario:           unicodeText,
		Scope:              "Zone generation and signing; DNS keeps answering with the last signed zone.",
		Activities:         []string{strings.ToLower(f.dns.Ref), f.zone.Ref, " " + f.dns.Ref},
		Resources:          []string{f.signer.Ref, strings.ToLower(f.person.Ref), ""},
		Risks:              []string{strings.ToLower(f.risk.Ref)},
		ActivationCriteria: "Signatures within 48 hours of expiry, or a validation failure reported by a resolver operator.",
		MayDeclare:         []string{" Incident lead ", ""},
		Roles: []bcp.Role{
			{Name: " Incident lead ", Responsibilities: "Declares, decides, keeps the log.", Primary: " Nguyễn Văn Ánh ", Alternate: "Trần Bảo"},
			{Name: "Technical lead", Responsibilities: "Runs the signer.", Primary: "Đặng Thị Cúc", Alternate: "Lê Dũng"},
		},
		Phases: []bcp.PhaseSteps{
			{Phase: " detect ", Steps: []bcp.Step{{What: " Confirm with two validating resolvers ", Who: "Technical lead",
				When: bcp.Duration(15*time.Minute + 20*time.Second), Where: " Any laptop ", How: "dig +dnssec SOA; compare RRSIG expiry.",
				Checklist: []string{" Expiry noted ", "", "Resolvers named"}}}},
			{Phase: bcp.PhaseActivate, Steps: []bcp.Step{{What: "Declare the incident", Who: "incident lead", When: bcp.Hours(1)}}},
			{Phase: bcp.PhaseRecover, Steps: []bcp.Step{{What: "Re-sign the zone on the DR HSM", Who: "Technical lead", When: bcp.Hours(4),
				Where: "DR site", How: "Follow the signer runbook, section 3.", Checklist: []string{"Zone serial increased"}}}},
			{Phase: bcp.PhaseReview, Steps: []bcp.Step{{What: "Write the incident report", Who: "Incident lead", When: bcp.Duration(bcp.Week)}}},
		},
		Communications: []bcp.Communication{
			{Audience: " internal ", Channel: " Phone bridge ", OutOfBand: "Signal group"},
			{Audience: bcp.AudienceRegistrars, Channel: "Registrar list", OutOfBand: "SMS", Statement: "Some names may fail to validate; we are re-signing.", ApprovedBy: " Board "},
			{Audience: bcp.AudiencePublic, Channel: "Website banner", Statement: "Some names may not resolve for validating users.", ApprovedBy: "Board"},
		},
		OutOfBand:     []string{" Satellite phone +881 000 ", "", "Signal group"},
		Version:       " 1.2 ",
		Owner:         " Registry manager ",
		Approved:      risk.Date{Year: 2026, Month: time.January, Day: 31},
		LastExercised: risk.Date{Year: 2025, Month: time.November, Day: 3},
	}
}

func createPlaybook(t testing.TB, db *DB, p bcp.Playbook) bcp.Playbook {
	t.Helper()
	if err := db.CreatePlaybook(context.Background(), &p); err != nil {
		t.Fatalf("CreatePlaybook %s: %v", p.Title, err)
	}
	return p
}

func mustPlaybook(t testing.TB, db *DB, id int64) bcp.Playbook {
	t.Helper()
	p, err := db.Playbook(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// assertNoZeroField fails when a field of v is its zero value: a round trip
// of "every field" that leaves one out cannot catch its loss.
func assertNoZeroField(t testing.TB, v any) {
	t.Helper()
	rv := reflect.ValueOf(v)
	for i := range rv.NumField() {
		if rv.Field(i).IsZero() {
			t.Errorf("%s is not set; the round trip does not cover it", rv.Type().Field(i).Name)
		}
	}
}

func TestPlaybookRoundTrip(t *testing.T) {
	ctx := context.Background()
	db, _ := newWorkspace(t, TemplateBlank)
	clk := newClock(db)
	f := addBIA(t, db)
	created := clk.advance(time.Minute)

	n := len(changeRows(t, db))
	p := createPlaybook(t, db, fullPlaybook(f))
	assertNoZeroField(t, p)
	if p.ID == 0 || p.Ref != "PB-01" || p.Title != "DNSSEC signing failure" || p.Owner != "Registry manager" || p.Version != "1.2" {
		t.Errorf("got ID %d, ref %q, title %q, owner %q, version %q; want an ID, PB-01 and trimmed text", p.ID, p.Ref, p.Title, p.Owner, p.Version)
	}
	if !p.Created.Equal(created) || !p.Updated.Equal(created) {
		t.Errorf("got created %v, updated %v; want both %v", p.Created, p.Updated, created)
	}
	for _, l := range []struct {
		name      string
		got, want []string
	}{
		{"activities", p.Activities, []string{f.zone.Ref, f.dns.Ref}},
		{"resources", p.Resources, []string{f.signer.Ref, f.person.Ref}},
		{"risks", p.Risks, []string{f.risk.Ref}},
		{"may declare", p.MayDeclare, []string{"Incident lead"}},
		{"out of band", p.OutOfBand, []string{"Satellite phone +881 000", "Signal group"}},
		{"checklist", p.Phases[0].Steps[0].Checklist, []string{"Expiry noted", "Resolvers named"}},
	} {
		if !slices.Equal(l.got, l.want) {
			t.Errorf("%s: got %q, want %q", l.name, l.got, l.want)
		}
	}
	if got := p.Phases[0].Steps[0].When; got != bcp.Duration(15*time.Minute) {
		t.Errorf("got target time %s, want 15 min (stored to the minute)", got)
	}
	if p.Phases[0].Phase != bcp.PhaseDetect || p.Communications[0].Audience != bcp.AudienceInternal || p.Roles[0].Primary != "Nguyễn Văn Ánh" {
		t.Errorf("got phase %q, audience %q, primary %q; want them trimmed", p.Phases[0].Phase, p.Communications[0].Audience, p.Roles[0].Primary)
	}
	assertSameJSON(t, "stored playbook", mustPlaybook(t, db, p.ID), p)
	assertLogged(t, db, n, "playbook PB-01 create")

	// Saving it unchanged logs nothing, even with empty lists for nil ones.
	same := mustPlaybook(t, db, p.ID)
	same.Roles[0].Primary = " " + same.Roles[0].Primary
	same.Phases[1].Steps[0].Checklist = []string{}
	clk.advance(time.Minute)
	if err := db.UpdatePlaybook(ctx, &same); err != nil {
		t.Fatal(err)
	}
	assertLogged(t, db, n, "playbook PB-01 create")

	edited := clk.advance(time.Hour)
	p.Title, p.Ref, p.Risks = "DNSSEC key compromise", "PB-10", nil
	if err := db.UpdatePlaybook(ctx, &p); err != nil {
		t.Fatal(err)
	}
	got := mustPlaybook(t, db, p.ID)
	if got.Title != "DNSSEC key compromise" || got.Risks != nil || !got.Updated.Equal(edited) || !got.Created.Equal(created) {
		t.Errorf("got title %q, risks %q, created %v, updated %v", got.Title, got.Risks, got.Created, got.Updated)
	}
	assertLogged(t, db, n, "playbook PB-01 create", "playbook PB-10 update")

	second := fullPlaybook(f)
	second.Ref = " PB-07 "
	second = createPlaybook(t, db, second)
	pbs, err := db.Playbooks(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var refs []string
	for _, p := range pbs {
		refs = append(refs, p.Ref)
	}
	if want := []string{"PB-07", "PB-10"}; !slices.Equal(refs, want) {
		t.Errorf("got playbooks %q, want %q", refs, want)
	}
	assertLogMatchesState(t, db)
	assertVerifies(t, db)
	assertRoundTrip(t, db)

	n = len(changeRows(t, db))
	if err := db.DeletePlaybook(ctx, p.ID); err != nil {
		t.Fatal(err)
	}
	assertLogged(t, db, n, "playbook PB-10 delete")
	if _, err := db.Playbook(ctx, p.ID); risk.ErrorCode(err) != risk.ENOTFOUND {
		t.Errorf("Playbook after delete: got %v, want not found", err)
	}
	wantErr(t, db.DeletePlaybook(ctx, p.ID), risk.ENOTFOUND, "no longer exists")
	if n := count(t, db.read, "SELECT count(*) FROM playbook_activities WHERE playbook_id = ?", p.ID); n != 0 {
		t.Errorf("got %d activity links of the deleted playbook, want 0", n)
	}
	// The deleted playbook's reference is not given out again.
	if p := createPlaybook(t, db, bcp.Playbook{Title: "Loss of the primary site"}); p.Ref != "PB-11" {
		t.Errorf("got reference %s, want PB-11", p.Ref)
	}
	assertLogMatchesState(t, db)
	assertVerifies(t, db)
}

// TestPlaybookRefused: a playbook that breaks a rule or names what does not
// exist is refused with a sentence; nothing is written or logged.
func TestPlaybookRefused(t *testing.T) {
	ctx := context.Background()
	db, _ := newWorkspace(t, TemplateBlank)
	f := addBIA(t, db)
	stored := createPlaybook(t, db, fullPlaybook(f))
	other := fullPlaybook(f)
	other.Ref = "PB-02"
	createPlaybook(t, db, other)

	tests := []struct {
		name      string
		edit      func(p *bcp.Playbook)
		code      string
		fragments []string
	}{
		{"NoTitle", func(p *bcp.Playbook) { p.Title = " " }, risk.EINVALID, []string{"no title"}},
		{"UnknownActivity", func(p *bcp.Playbook) { p.Activities = append(p.Activities, "ACT-99") }, risk.EINVALID, []string{"ACT-99", "does not exist"}},
		{"ResourceAsActivity", func(p *bcp.Playbook) { p.Activities = []string{f.signer.Ref} }, risk.EINVALID, []string{"activity " + f.signer.Ref, "does not exist"}},
		{"UnknownResource", func(p *bcp.Playbook) { p.Resources = []string{"RES-99"} }, risk.EINVALID, []string{"resource RES-99", "does not exist"}},
		{"ActivityAsResource", func(p *bcp.Playbook) { p.Resources = []string{f.zone.Ref} }, risk.EINVALID, []string{"resource " + f.zone.Ref}},
		{"UnknownRisk", func(p *bcp.Playbook) { p.Risks = []string{"R-999"} }, risk.EINVALID, []string{"risk R-999", "does not exist"}},
		{"StepRoleUnknown", func(p *bcp.Playbook) { p.Phases[1].Steps[0].Who = "Janitor" }, risk.EINVALID, []string{"Janitor"}},
		{"DeclarerUnknown", func(p *bcp.Playbook) { p.MayDeclare = []string{"Board"} }, risk.EINVALID, []string{"Board", "may declare"}},
		{"DuplicateRef", func(p *bcp.Playbook) { p.Ref = "pb-02" }, risk.ECONFLICT, []string{"pb-02", "already used", "PB-02"}},
		{"NegativeTime", func(p *bcp.Playbook) { p.Phases[2].Steps[0].When = -bcp.Hours(1) }, risk.EINVALID, []string{"step 1 of Recover", "negative"}},
		{"TimeTooLong", func(p *bcp.Playbook) { p.Phases[2].Steps[0].When = bcp.Hours(24 * 365 * 11) }, risk.EINVALID, []string{"too long"}},
		{"NotACalendarDate", func(p *bcp.Playbook) { p.LastExercised = risk.Date{Year: 2026, Month: time.February, Day: 30} }, risk.EINVALID,
			[]string{"last exercise", "2026-02-30", "not a calendar date"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, update := range []bool{false, true} {
				p := mustPlaybook(t, db, stored.ID)
				if !update {
					p.ID, p.Ref = 0, ""
				}
				tt.edit(&p)
				n, rows := len(changeRows(t, db)), count(t, db.read, "SELECT count(*) FROM playbooks")
				err := db.CreatePlaybook(ctx, &p)
				if update {
					err = db.UpdatePlaybook(ctx, &p)
				}
				wantErr(t, err, tt.code, tt.fragments...)
				assertLogged(t, db, n)
				if got := count(t, db.read, "SELECT count(*) FROM playbooks"); got != rows {
					t.Errorf("got %d playbooks, want %d", got, rows)
				}
				assertSameJSON(t, "stored playbook", mustPlaybook(t, db, stored.ID), stored)
			}
		})
	}

	t.Run("NoRef", func(t *testing.T) {
		p := mustPlaybook(t, db, stored.ID)
		p.Ref = " "
		n := len(changeRows(t, db))
		wantErr(t, db.UpdatePlaybook(ctx, &p), risk.EINVALID, "has no reference", "PB-01")
		assertLogged(t, db, n)
	})
	t.Run("Gone", func(t *testing.T) {
		p := mustPlaybook(t, db, stored.ID)
		p.ID = 999
		wantErr(t, db.UpdatePlaybook(ctx, &p), risk.ENOTFOUND, "no longer exists")
	})
}

// TestPlaybookFromTemplate: every shipped template makes a playbook on the
// starter kit, keeping the references the workspace has; on a blank
// workspace the references are dropped, not refused.
func TestPlaybookFromTemplate(t *testing.T) {
	ctx := context.Background()
	names, bodies := assets.PlaybookTemplates()
	if len(names) != 8 {
		t.Fatalf("got %d playbook templates, want 8", len(names))
	}
	db, _ := newWorkspace(t, TemplateCcTLD)
	b := mustBIA(t, db)
	rs, err := db.Risks(ctx)
	if err != nil {
		t.Fatal(err)
	}
	starter, err := db.Playbooks(ctx) // the starter kit's own come first
	if err != nil {
		t.Fatal(err)
	}
	has := map[string]bool{}
	for _, a := range b.Activities {
		has["activity "+a.Ref] = true
	}
	for _, r := range b.Resources {
		has["resource "+r.Ref] = true
	}
	for _, r := range rs {
		has["risk "+r.Ref] = true
	}
	known := func(kind string, refs []string) []string {
		return slices.DeleteFunc(slices.Clone(refs), func(r string) bool { return !has[kind+" "+r] })
	}

	n := len(changeRows(t, db))
	var want []string
	var pbs []bcp.Playbook
	for i, name := range names {
		t.Run(name, func(t *testing.T) {
			var tmpl bcp.Playbook
			dec := json.NewDecoder(bytes.NewReader(bodies[i]))
			dec.DisallowUnknownFields()
			if err := dec.Decode(&tmpl); err != nil {
				t.Fatal(err)
			}
			p, err := db.CreatePlaybookFromTemplate(ctx, name)
			if err != nil {
				t.Fatalf("CreatePlaybookFromTemplate: %v", err)
			}
			if ref := fmt.Sprintf("PB-%02d", len(starter)+i+1); p.Ref != ref || p.Title != strings.TrimSpace(tmpl.Title) {
				t.Errorf("got %s %q, want %s %q", p.Ref, p.Title, ref, tmpl.Title)
			}
			want = append(want, "playbook "+p.Ref+" create")
			if len(p.Activities) == 0 {
				t.Errorf("got no activities; the template should name some of the starter kit's")
			}
			for _, l := range []struct {
				kind      string
				got, want []string
			}{{"activity", p.Activities, tmpl.Activities}, {"resource", p.Resources, tmpl.Resources}, {"risk", p.Risks, tmpl.Risks}} {
				if w := canonicalRefs(known(l.kind, l.want)); !slices.Equal(l.got, w) {
					t.Errorf("%s references: got %q, want %q", l.kind, l.got, w)
				}
			}
			assertSameJSON(t, "stored playbook", mustPlaybook(t, db, p.ID), *p)
			pbs = append(pbs, *p)
		})
	}
	assertLogged(t, db, n, want...)
	for _, f := range bcp.CheckPlaybooks(pbs, b, risk.DateOf(time.Now())) {
		if f.Blocking {
			t.Errorf("got blocking finding %s on %s: %s", f.Rule, f.Ref, f.Message)
		}
	}
	assertLogMatchesState(t, db)
	assertVerifies(t, db)
	assertRoundTrip(t, db)

	t.Run("BlankWorkspace", func(t *testing.T) {
		blank, _ := newWorkspace(t, TemplateBlank)
		p, err := blank.CreatePlaybookFromTemplate(ctx, "dnssec-failure")
		if err != nil {
			t.Fatal(err)
		}
		if p.Ref != "PB-01" || p.Activities != nil || p.Resources != nil || p.Risks != nil {
			t.Errorf("got %s naming %q, %q, %q; want PB-01 naming nothing", p.Ref, p.Activities, p.Resources, p.Risks)
		}
		assertVerifies(t, blank)
	})
	t.Run("InTheWorkspaceLanguage", func(t *testing.T) {
		if lang, err := db.ContentLanguage(ctx); err != nil || lang != "en" {
			t.Errorf("an English starter's language: %q, %v", lang, err)
		}
		for _, lang := range assets.Languages()[1:] {
			other, err := Create(ctx, filepath.Join(t.TempDir(), lang+".riskbook"), NewWorkspace{Template: TemplateBlank, Language: lang})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { other.Close() })
			if got, err := other.ContentLanguage(ctx); err != nil || got != lang {
				t.Errorf("%s workspace remembers %q, %v", lang, got, err)
			}
			names, bodies, err := assets.PlaybookTemplatesIn(lang)
			if err != nil {
				t.Fatal(err)
			}
			var tmpl bcp.Playbook
			if err := json.Unmarshal(bodies[0], &tmpl); err != nil {
				t.Fatal(err)
			}
			p, err := other.CreatePlaybookFromTemplate(ctx, names[0])
			if err != nil {
				t.Fatal(err)
			}
			if p.Title != tmpl.Title || p.Title == englishTitle(t, names[0]) {
				t.Errorf("%s workspace: template %s made %q, want %q", lang, names[0], p.Title, tmpl.Title)
			}
		}
		_, err := Create(ctx, filepath.Join(t.TempDir(), "de.riskbook"), NewWorkspace{Template: TemplateCcTLD, Language: "de"})
		wantErr(t, err, risk.EINVALID, `"de"`, "en (English)")
	})
	t.Run("Unknown", func(t *testing.T) {
		n := len(changeRows(t, db))
		_, err := db.CreatePlaybookFromTemplate(ctx, "alien-invasion")
		wantErr(t, err, risk.EINVALID, "alien-invasion", "ddos-name-servers")
		assertLogged(t, db, n)
	})
}

// englishTitle is the title of the English playbook template with the name.
func englishTitle(t *testing.T, name string) string {
	t.Helper()
	names, bodies := assets.PlaybookTemplates()
	var p bcp.Playbook
	if err := json.Unmarshal(bodies[slices.Index(names, name)], &p); err != nil {
		t.Fatal(err)
	}
	return p.Title
}

// TestPlaybookLinksFollow: renaming or deleting an activity, resource or
// risk a playbook names carries into the playbook, logged as its update.
func TestPlaybookLinksFollow(t *testing.T) {
	ctx := context.Background()
	db, _ := newWorkspace(t, TemplateBlank)
	clk := newClock(db)
	f := addBIA(t, db)
	p := createPlaybook(t, db, fullPlaybook(f))

	renamed := clk.advance(time.Hour)
	n := len(changeRows(t, db))
	zone := activityByRef(t, db, f.zone.Ref)
	zone.Ref = "ZONE"
	if err := db.UpdateActivity(ctx, &zone); err != nil {
		t.Fatal(err)
	}
	got := mustPlaybook(t, db, p.ID)
	if want := []string{f.dns.Ref, "ZONE"}; !slices.Equal(got.Activities, want) || !got.Updated.Equal(renamed) {
		t.Errorf("got activities %q, updated %v; want %q, %v", got.Activities, got.Updated, want, renamed)
	}
	assertLogged(t, db, n, "activity ZONE update", "activity "+f.dns.Ref+" update", "playbook PB-01 update")

	n = len(changeRows(t, db))
	r, err := db.Risk(ctx, f.risk.ID)
	if err != nil {
		t.Fatal(err)
	}
	r.Ref = "R-DNS"
	if err := db.UpdateRisk(ctx, &r); err != nil {
		t.Fatal(err)
	}
	if got := mustPlaybook(t, db, p.ID).Risks; !slices.Equal(got, []string{"R-DNS"}) {
		t.Errorf("got risks %q, want R-DNS", got)
	}
	assertLogged(t, db, n, "risk R-DNS update", "playbook PB-01 update")

	deleted := clk.advance(time.Hour)
	for _, tt := range []struct {
		name   string
		delete func() error
		logged string
	}{
		{"Activity", func() error { return db.DeleteActivity(ctx, f.zone.ID) }, "activity ZONE delete"},
		{"Resource", func() error { return db.DeleteResource(ctx, f.person.ID) }, "resource " + f.person.Ref + " delete"},
		{"Risk", func() error { return db.DeleteRisk(ctx, f.risk.ID) }, "risk R-DNS delete"},
	} {
		n = len(changeRows(t, db))
		if err := tt.delete(); err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		rows := logged(t, db, n)
		if len(rows) == 0 || rows[0] != tt.logged || rows[len(rows)-1] != "playbook PB-01 update" {
			t.Errorf("%s: got change-log rows %q, want %s first and the playbook's update last", tt.name, rows, tt.logged)
		}
	}
	// Three changes within one second: each version of the playbook has a
	// stamp of its own, a second after the one before.
	deleted = deleted.Add(2 * time.Second)
	got = mustPlaybook(t, db, p.ID)
	if !slices.Equal(got.Activities, []string{f.dns.Ref}) || !slices.Equal(got.Resources, []string{f.signer.Ref}) || got.Risks != nil ||
		!got.Updated.Equal(deleted) {
		t.Errorf("got activities %q, resources %q, risks %q, updated %v; want %s, %s, none, %v",
			got.Activities, got.Resources, got.Risks, got.Updated, f.dns.Ref, f.signer.Ref, deleted)
	}
	for _, table := range []string{"playbook_activities", "playbook_resources", "playbook_risks"} {
		want := 1
		if table == "playbook_risks" {
			want = 0
		}
		if n := count(t, db.read, "SELECT count(*) FROM "+table); n != want {
			t.Errorf("got %d rows in %s, want %d", n, table, want)
		}
	}
	assertLogMatchesState(t, db)
	assertVerifies(t, db)
	assertRoundTrip(t, db)
}

// TestVerifyFindsPlaybookEditedOutsideRiskbook: playbook rows and links
// changed with the change log left alone are reported.
func TestVerifyFindsPlaybookEditedOutsideRiskbook(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name   string
		tamper string
		want   []string // entity key action
	}{
		{"TitleEdited", "UPDATE playbooks SET title = 'Edited' WHERE ref = 'PB-01'", []string{"playbook PB-01 update"}},
		{"StepEdited", "UPDATE playbooks SET body = replace(body, 'Declare the incident', 'Panic')", []string{"playbook PB-01 update"}},
		{"RiskUnlinked", "DELETE FROM playbook_risks", []string{"playbook PB-01 update"}},
		{"ActivityLinked", "INSERT INTO playbook_activities (playbook_id, activity_id) SELECT p.id, a.id FROM playbooks p, activities a WHERE a.ref = 'ACT-01' AND p.ref = 'PB-02'",
			[]string{"playbook PB-02 update"}},
		{"Renamed", "UPDATE playbooks SET ref = 'PB-09' WHERE ref = 'PB-01'", []string{"playbook PB-09 create", "playbook PB-01 delete"}},
		{"Deleted", "DELETE FROM playbooks WHERE ref = 'PB-02'", []string{"playbook PB-02 delete"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db, path := newWorkspace(t, TemplateBlank)
			f := addBIA(t, db)
			createPlaybook(t, db, fullPlaybook(f))
			createPlaybook(t, db, bcp.Playbook{Title: "Loss of the primary site"})
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

// TestWorkspaceBeforePlaybooks: a workspace made before migration 003 opens
// with no playbooks, and a dump of format version 2 still loads.
func TestWorkspaceBeforePlaybooks(t *testing.T) {
	fileOnly(t)
	ctx := context.Background()
	db, path := newWorkspace(t, TemplateBlank)
	addBIA(t, db)
	closeDB(t, db)
	raw := rawDB(t, path)
	for _, q := range []string{"DROP TABLE playbook_risks", "DROP TABLE playbook_resources", "DROP TABLE playbook_activities",
		"DROP TABLE trend_memo", "DELETE FROM migrations WHERE version = 10",
		"DROP TABLE assessments", "DELETE FROM migrations WHERE version = 9",
		"DELETE FROM migrations WHERE version = 8", "DROP TABLE documents", "ALTER TABLE risks DROP COLUMN identified", "DELETE FROM migrations WHERE version = 7",
		"DROP TABLE contacts", "DELETE FROM migrations WHERE version = 6",
		"DROP TABLE exercises", "DELETE FROM migrations WHERE version = 5",
		"DROP TABLE activations", "DELETE FROM migrations WHERE version = 4", "DROP TABLE playbooks", "DELETE FROM migrations WHERE version = 3", "PRAGMA user_version = 2"} {
		rawExec(t, raw, q)
	}
	raw.Close()

	db = openRW(t, path)
	if v := count(t, db.read, "PRAGMA user_version"); v != SchemaVersion() {
		t.Errorf("after opening: got user_version %d, want %d", v, SchemaVersion())
	}
	if pbs, err := db.Playbooks(ctx); err != nil || pbs != nil {
		t.Errorf("got playbooks %v (%v), want none", pbs, err)
	}
	assertVerifies(t, db)
	first := assertRoundTrip(t, db)

	var doc map[string]any
	if err := json.Unmarshal(first, &doc); err != nil {
		t.Fatal(err)
	}
	delete(doc, "playbooks")
	doc["version"] = 2
	old, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "v2"+Extension)
	if err := loadJSON(old, p); err != nil {
		t.Fatalf("Load of a version 2 dump: %v", err)
	}
	loaded := openRO(t, p)
	assertVerifies(t, loaded)
	if got := dumpJSON(t, loaded); !bytes.Equal(got, first) {
		t.Errorf("version 2 dump loaded, dumped again:\n%s", firstDifference(first, got))
	}
}
