package sqlite

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"

	"riskbook/bcp"
	"riskbook/risk"
)

// validRisk returns a risk that the default criteria accept, with no
// reference so that the store gives it the next one.
func validRisk() risk.Risk {
	return risk.Risk{
		Title:           "Registry database lost",
		Owner:           "Ana",
		Inherent:        risk.Score{Likelihood: 3, Consequence: 4},
		Residual:        risk.Score{Likelihood: 2, Consequence: 3},
		Treatment:       risk.Reduce,
		ReviewFrequency: risk.Quarterly,
		Status:          risk.Treating,
		Confidence:      risk.ConfidenceB,
	}
}

// fullRisk returns a risk with every field set: an accepted risk above
// appetite (residual L4×C5 is Critical), justified above its inherent
// consequence, with actions in a deliberate order.
func fullRisk() risk.Risk {
	return risk.Risk{
		Ref:           "R-001",
		Title:         "Rủi ro mất điện at the primary site",
		Identified:    risk.Date{Year: 2025, Month: time.November, Day: 20},
		Description:   "The primary site loses power.\nThe UPS lasts 20 minutes.",
		Category:      "Availability",
		Cause:         "Regional grid failure",
		Vulnerability: "One feed, no generator",
		Consequence:   "Registry and zone signing stop",
		Owner:         "Technical lead",
		Inherent:      risk.Score{Likelihood: 4, Consequence: 4},
		Residual:      risk.Score{Likelihood: 4, Consequence: 5},
		Target:        risk.Score{Likelihood: 2, Consequence: 3},
		Justification: "The failover link adds a dependency on the second site.",
		Treatment:     risk.Accept,
		// Unsorted, duplicated and padded: the store keeps A.5.7, A.5.30, A.8.13.
		Controls:             []string{"A.8.13", "A.5.30", " A.5.7", "A.5.7"},
		ControlEffectiveness: risk.PartiallyEffective,
		Acceptance: risk.Acceptance{
			Approver:  "Board",
			Date:      risk.Date{Year: 2026, Month: time.January, Day: 10},
			Expiry:    risk.Date{Year: 2026, Month: time.December, Day: 31},
			Rationale: "A generator costs more than the outages it prevents.",
		},
		ReviewFrequency: risk.Quarterly,
		LastReview:      risk.Date{Year: 2026, Month: time.January, Day: 15},
		Status:          risk.Accepted,
		Source:          "Workshop 2026-01",
		Confidence:      risk.ConfidenceB,
		Actions: []risk.Action{
			{Title: "Get generator quotes", Owner: "Bo", Due: risk.Date{Year: 2026, Month: time.April, Day: 30}, Status: risk.InProgress, Progress: 40},
			{Title: "Test the UPS", Owner: "Ana", Due: risk.Date{Year: 2026, Month: time.February, Day: 1}, Status: risk.Done},
			{Title: "Write the power-loss playbook", Owner: "Cy", Status: risk.Planned},
		},
	}
}

func riskJSON(t testing.TB, r risk.Risk) string {
	t.Helper()
	s, err := canonicalJSON(r)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// assertSameRisk compares every stored field, including the IDs the JSON
// form leaves out.
func assertSameRisk(t testing.TB, got, want risk.Risk) {
	t.Helper()
	if g, w := riskJSON(t, got), riskJSON(t, want); g != w {
		t.Errorf("got risk\n%s\nwant\n%s", g, w)
	}
	if got.ID != want.ID {
		t.Errorf("got ID %d, want %d", got.ID, want.ID)
	}
	if len(got.Actions) == len(want.Actions) {
		for i := range got.Actions {
			if got.Actions[i].ID != want.Actions[i].ID {
				t.Errorf("action %d: got ID %d, want %d", i, got.Actions[i].ID, want.Actions[i].ID)
			}
		}
	}
}

func createRisk(t testing.TB, db *DB, r risk.Risk) risk.Risk {
	t.Helper()
	if err := db.CreateRisk(context.Background(), &r); err != nil {
		t.Fatalf("CreateRisk %s: %v", r.Ref, err)
	}
	return r
}

func changeRows(t testing.TB, db *DB) []Change {
	t.Helper()
	cs, err := db.Changes(context.Background(), ChangeFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return cs
}

func TestRiskRoundTrip(t *testing.T) {
	ctx := context.Background()
	db, _ := newWorkspace(t, TemplateBlank)
	clk := newClock(db)
	created := clk.now()

	r := fullRisk()
	if err := db.CreateRisk(ctx, &r); err != nil {
		t.Fatal(err)
	}
	if r.ID == 0 {
		t.Fatal("CreateRisk left the ID zero")
	}
	if !r.Created.Equal(created) || !r.Updated.Equal(created) {
		t.Errorf("got created %v, updated %v; want both %v (db.Now)", r.Created, r.Updated, created)
	}
	if got, want := strings.Join(r.Controls, " "), "A.5.7 A.5.30 A.8.13"; got != want {
		t.Errorf("got controls %q, want %q", got, want)
	}
	if want := (risk.Date{Year: 2026, Month: time.April, Day: 15}); r.NextReview != want {
		t.Errorf("got next review %s, want %s (last review + one quarter)", r.NextReview, want)
	}
	if r.Actions[1].Progress != 100 {
		t.Errorf("done action: got progress %d, want 100", r.Actions[1].Progress)
	}
	for i, a := range r.Actions {
		if a.ID == 0 {
			t.Errorf("action %d has no ID", i)
		}
	}

	got, err := db.Risk(ctx, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	assertSameRisk(t, got, r)
	byRef, err := db.RiskByRef(ctx, " r-001 ")
	if err != nil {
		t.Fatal(err)
	}
	assertSameRisk(t, byRef, r)

	// Change every field; keep two actions in a new order and add one.
	updated := clk.advance(time.Hour)
	u := got.Clone()
	u.Ref = "R-007"
	u.Title = "Power loss at the primary site"
	u.Description = "Changed description."
	u.Category = "Facilities"
	u.Cause = "Storm"
	u.Vulnerability = "Old UPS"
	u.Consequence = "Outage"
	u.Owner = "Facilities manager"
	u.Inherent = risk.Score{Likelihood: 5, Consequence: 5}
	u.Residual = risk.Score{Likelihood: 3, Consequence: 3}
	u.Target = risk.Score{Likelihood: 2, Consequence: 2}
	u.Justification = ""
	u.Treatment = risk.Reduce
	u.Controls = []string{"A.8.14", "A.7.11"}
	u.ControlEffectiveness = risk.Effective
	u.Acceptance = risk.Acceptance{}
	u.ReviewFrequency = risk.Monthly
	u.LastReview = risk.Date{Year: 2026, Month: time.February, Day: 10}
	u.Status = risk.Treating
	u.Source = "Audit 2026"
	u.Confidence = risk.ConfidenceC
	u.Actions = []risk.Action{got.Actions[2], got.Actions[0],
		{Title: "Buy a generator", Owner: "Bo", Due: risk.Date{Year: 2026, Month: time.September, Day: 1}}}
	u.Actions[1].Progress = 80
	if err := db.UpdateRisk(ctx, &u); err != nil {
		t.Fatal(err)
	}
	if !u.Created.Equal(created) || !u.Updated.Equal(updated) {
		t.Errorf("after update: got created %v, updated %v; want %v, %v", u.Created, u.Updated, created, updated)
	}
	if u.Actions[0].ID != got.Actions[2].ID || u.Actions[1].ID != got.Actions[0].ID || u.Actions[2].ID == 0 {
		t.Errorf("action IDs after reordering: got %d %d %d, want %d %d and a new one",
			u.Actions[0].ID, u.Actions[1].ID, u.Actions[2].ID, got.Actions[2].ID, got.Actions[0].ID)
	}
	if u.Actions[2].Status != risk.Planned {
		t.Errorf("new action: got status %q, want %q", u.Actions[2].Status, risk.Planned)
	}
	if want := (risk.Date{Year: 2026, Month: time.March, Day: 10}); u.NextReview != want {
		t.Errorf("got next review %s, want %s", u.NextReview, want)
	}
	got2, err := db.Risk(ctx, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	assertSameRisk(t, got2, u)
	if got, want := strings.Join(got2.Controls, " "), "A.7.11 A.8.14"; got != want {
		t.Errorf("got controls %q, want %q", got, want)
	}
	if _, err := db.RiskByRef(ctx, "R-001"); risk.ErrorCode(err) != risk.ENOTFOUND {
		t.Errorf("old reference after renaming: got %v, want not found", err)
	}

	// Saving it again unchanged logs nothing and keeps Updated.
	n := len(changeRows(t, db))
	clk.advance(time.Hour)
	same := got2.Clone()
	if err := db.UpdateRisk(ctx, &same); err != nil {
		t.Fatal(err)
	}
	if got := len(changeRows(t, db)); got != n {
		t.Errorf("unchanged update: got %d change-log rows, want %d", got, n)
	}
	got3, err := db.Risk(ctx, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !got3.Updated.Equal(updated) || !same.Updated.Equal(updated) {
		t.Errorf("unchanged update: got updated %v (returned %v), want %v", got3.Updated, same.Updated, updated)
	}

	if err := db.DeleteRisk(ctx, r.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Risk(ctx, r.ID); risk.ErrorCode(err) != risk.ENOTFOUND {
		t.Errorf("Risk after delete: got %v, want not found", err)
	}
	for _, table := range []string{"actions", "risk_controls"} {
		if n := count(t, db.read, "SELECT count(*) FROM "+table+" WHERE risk_id = ?", r.ID); n != 0 {
			t.Errorf("%s: got %d rows of the deleted risk, want 0", table, n)
		}
	}
	if err := db.DeleteRisk(ctx, r.ID); risk.ErrorCode(err) != risk.ENOTFOUND {
		t.Errorf("second delete: got %v, want not found", err)
	}
	if err := db.UpdateRisk(ctx, &u); risk.ErrorCode(err) != risk.ENOTFOUND {
		t.Errorf("update after delete: got %v, want not found", err)
	}
}

func TestRisksOrder(t *testing.T) {
	ctx := context.Background()
	db, _ := newWorkspace(t, TemplateBlank)
	for _, ref := range []string{"R-10", "R-2", "R-001", "A-1"} {
		r := validRisk()
		r.Ref = ref
		createRisk(t, db, r)
	}
	rs, err := db.Risks(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range rs {
		got = append(got, r.Ref)
	}
	if strings.Join(got, " ") != "A-1 R-001 R-2 R-10" {
		t.Errorf("got order %q, want natural order A-1 R-001 R-2 R-10", got)
	}
}

func TestNextRef(t *testing.T) {
	tests := []struct {
		name string
		refs []string
		want string
	}{
		{"Empty", nil, "R-001"},
		{"AfterOne", []string{"R-001"}, "R-002"},
		{"AfterNine", []string{"R-001", "R-009"}, "R-010"},
		{"HighestNotLatest", []string{"R-120", "R-003"}, "R-121"},
		{"IgnoresOtherSeries", []string{"R-004", "X-500", "RISK-900", "R-12a", "DNS-R-50"}, "R-005"},
		{"LowerCase", []string{"r-020"}, "R-021"},
		{"BeyondThreeDigits", []string{"R-9999"}, "R-10000"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			db, _ := newWorkspace(t, TemplateBlank)
			for _, ref := range tt.refs {
				r := validRisk()
				r.Ref = ref
				createRisk(t, db, r)
			}
			got, err := db.NextRef(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("got NextRef %q, want %q", got, tt.want)
			}
			r := createRisk(t, db, validRisk())
			if r.Ref != tt.want {
				t.Errorf("CreateRisk without a reference: got %q, want %q", r.Ref, tt.want)
			}
		})
	}
}

// TestRiskRefused checks refusals: the code and sentence, and that nothing,
// not even a change-log row, was written.
func TestRiskRefused(t *testing.T) {
	c := risk.DefaultCriteria()
	ruleMessage := func(r risk.Risk) string {
		r.Normalize()
		return risk.ErrorMessage(risk.Validate(&r, &c))
	}
	aboveInherent := validRisk()
	aboveInherent.Ref = "R-050"
	aboveInherent.Residual = risk.Score{Likelihood: 4, Consequence: 4}
	noApprover := fullRisk()
	noApprover.Ref = "R-051"
	noApprover.Acceptance.Approver = ""

	tests := []struct {
		name      string
		edit      func(r *risk.Risk)
		code      string
		fragments []string
	}{
		{"DuplicateRef", func(r *risk.Risk) { r.Ref = "R-001" }, risk.ECONFLICT, []string{"R-001", "already used"}},
		{"DuplicateRefOtherCase", func(r *risk.Risk) { r.Ref = "r-001" }, risk.ECONFLICT, []string{"r-001", "already used"}},
		{"UnknownControl", func(r *risk.Risk) { r.Ref = "R-052"; r.Controls = []string{"A.5.1", "A.99.1"} }, risk.EINVALID, []string{"R-052", "A.99.1", "not in the control catalog"}},
		{"ResidualAboveInherent", func(r *risk.Risk) { *r = aboveInherent }, risk.EINVALID, []string{ruleMessage(aboveInherent)}},
		{"AcceptedWithoutApprover", func(r *risk.Risk) { *r = noApprover }, risk.EINVALID, []string{ruleMessage(noApprover)}},
		{"NoTitle", func(r *risk.Risk) { r.Ref = "R-053"; r.Title = "  " }, risk.EINVALID, []string{"R-053", "no title"}},
		{"ScoreOutsideScale", func(r *risk.Risk) { r.Ref = "R-054"; r.Inherent = risk.Score{Likelihood: 6, Consequence: 1} }, risk.EINVALID, []string{"R-054", "outside the scales"}},
		{"BadActionProgress", func(r *risk.Risk) {
			r.Ref = "R-055"
			r.Actions = []risk.Action{{Title: "Half done", Status: risk.InProgress, Progress: 150}}
		}, risk.EINVALID, []string{"R-055", "Half done", "between 0 and 100"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			db, _ := newWorkspace(t, TemplateBlank)
			first := validRisk()
			first.Ref = "R-001"
			first = createRisk(t, db, first)
			other := validRisk()
			other.Ref = "R-002"
			other = createRisk(t, db, other)
			before := changeRows(t, db)

			t.Run("Create", func(t *testing.T) {
				r := validRisk()
				tt.edit(&r)
				wantErr(t, db.CreateRisk(ctx, &r), tt.code, tt.fragments...)
				if n := count(t, db.read, "SELECT count(*) FROM risks"); n != 2 {
					t.Errorf("got %d risks, want 2", n)
				}
				if n := count(t, db.read, "SELECT count(*) FROM actions"); n != 0 {
					t.Errorf("got %d actions, want 0", n)
				}
				if got := changeRows(t, db); len(got) != len(before) {
					t.Errorf("got %d change-log rows, want %d", len(got), len(before))
				}
			})
			t.Run("Update", func(t *testing.T) {
				r := other.Clone()
				tt.edit(&r)
				r.ID = other.ID
				wantErr(t, db.UpdateRisk(ctx, &r), tt.code, tt.fragments...)
				got, err := db.Risk(ctx, other.ID)
				if err != nil {
					t.Fatal(err)
				}
				assertSameRisk(t, got, other)
				if got := changeRows(t, db); len(got) != len(before) {
					t.Errorf("got %d change-log rows, want %d", len(got), len(before))
				}
			})
		})
	}
}

// TestUpdateUnchangedEmptyLists: a form that hands back a risk with empty
// rather than nil lists has changed nothing.
func TestUpdateUnchangedEmptyLists(t *testing.T) {
	ctx := context.Background()
	db, _ := newWorkspace(t, TemplateBlank)
	r := createRisk(t, db, validRisk())
	n := len(changeRows(t, db))
	same := r.Clone()
	same.Controls = []string{}
	same.Actions = []risk.Action{}
	if err := db.UpdateRisk(ctx, &same); err != nil {
		t.Fatal(err)
	}
	if got := changeRows(t, db); len(got) != n {
		t.Errorf("got %d change-log rows, want %d: %+v", len(got), n, got[len(got)-1])
	}
}

// TestChangeLogMatchesState: after any sequence of edits, the last change
// logged for each entity must be exactly its stored state, or Load would
// record phantom edits and an auditor could not trust the history.
func TestChangeLogMatchesState(t *testing.T) {
	tests := []struct {
		name string
		bug  string
		edit func(t *testing.T, db *DB)
	}{
		{"StarterKit", "", func(t *testing.T, db *DB) {}},
		{"CreateUpdateDelete", "", func(t *testing.T, db *DB) {
			r := fullRisk()
			r.Ref = "R-901"
			r = createRisk(t, db, r)
			r.Title = "Changed"
			if err := db.UpdateRisk(context.Background(), &r); err != nil {
				t.Fatal(err)
			}
			gone := createRisk(t, db, validRisk())
			if err := db.DeleteRisk(context.Background(), gone.ID); err != nil {
				t.Fatal(err)
			}
		}},
		{"CreatedGivenByCaller",
			"bug: CreateRisk logs a caller-supplied Created as given (zone, nanoseconds) but stores it as UTC seconds; see report",
			func(t *testing.T, db *DB) {
				r := validRisk()
				r.Created = time.Date(2025, time.May, 2, 10, 4, 5, 123456789, time.FixedZone("ICT", 7*3600))
				createRisk(t, db, r)
			}},
		{"EmptyLists",
			"bug: CreateRisk logs empty non-nil Controls/Actions as [] but reads them back as null; see report",
			func(t *testing.T, db *DB) {
				r := validRisk()
				r.Controls = []string{}
				r.Actions = []risk.Action{}
				createRisk(t, db, r)
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db, _ := newWorkspace(t, TemplateCcTLD)
			tt.edit(t, db)
			assertLogMatchesState(t, db)
		})
	}
}

// assertLogMatchesState compares each entity's stored state with the
// "after" of its last change-log row.
func assertLogMatchesState(t testing.TB, db *DB) {
	t.Helper()
	d, err := db.Dump(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	assertDumpConsistent(t, d)
}

// assertDumpConsistent checks, within one dump, that the last change logged
// for every risk, SoA entry, setting, catalog, activity, resource, playbook
// and the criteria and BIA settings is exactly its state, and that nothing
// the log says exists is missing.
func assertDumpConsistent(t testing.TB, d *Dump) {
	t.Helper()
	last := map[[2]string]string{}
	for _, c := range d.ChangeLog {
		last[[2]string{c.Entity, c.Key}] = c.Change.After
		// A rename moves the history to the new reference.
		var was struct {
			Ref string `json:"ref"`
		}
		if c.Action == ActionUpdate && renamable[c.Entity] && json.Unmarshal(c.Before, &was) == nil && was.Ref != c.Key {
			last[[2]string{c.Entity, was.Ref}] = ""
		}
	}
	check := func(entity, key string, v any) {
		t.Helper()
		j, err := canonicalJSON(v)
		if err != nil {
			t.Fatal(err)
		}
		k := [2]string{entity, key}
		if got := last[k]; got != j {
			t.Errorf("%s %s: last logged state\n%s\nstored state\n%s", entity, key, got, j)
		}
		delete(last, k)
	}
	for _, r := range d.Risks {
		check("risk", r.Ref, r)
	}
	for _, e := range d.SoA {
		check("soa", e.Control, e)
	}
	for k, v := range d.Settings {
		check("setting", k, v)
	}
	check("criteria", "criteria", d.Criteria)
	for _, c := range d.Catalogs {
		check("catalog", c.ID, c)
	}
	// BIA settings never saved are the defaults, which nothing logged.
	if _, logged := last[[2]string{"bia-settings", "bia-settings"}]; logged {
		check("bia-settings", "bia-settings", d.BIASettings)
	} else if same, err := equalJSON(d.BIASettings, bcp.DefaultSettings()); err != nil || !same {
		t.Errorf("BIA settings: got %+v, never logged, want the defaults (%v)", d.BIASettings, err)
	}
	for _, a := range d.Activities {
		check("activity", a.Ref, a)
	}
	for _, r := range d.Resources {
		check("resource", r.Ref, r)
	}
	for _, p := range d.Playbooks {
		check("playbook", p.Ref, p)
	}
	for _, ex := range d.Exercises {
		check("exercise", ex.Ref, ex)
	}
	for _, c := range d.Contacts {
		check("contact", c.Ref, c)
	}
	for _, doc := range d.Documents {
		check(EntityDocument, strconv.Itoa(doc.Issue), doc)
	}
	for _, a := range d.Assessments {
		check(EntityAssessment, a.Name, a.Assessment)
	}
	for k, after := range last {
		if after != "" {
			t.Errorf("%s %s: the change log says it exists, but the workspace has no such %s", k[0], k[1], k[0])
		}
	}
}
