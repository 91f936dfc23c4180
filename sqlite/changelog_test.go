package sqlite

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"riskbook/risk"
)

// TestChangeLogRows runs one store change per step and checks that each
// appends exactly one row saying who changed what, and how.
func TestChangeLogRows(t *testing.T) {
	ctx := context.Background()
	db, _ := newWorkspace(t, TemplateBlank)
	clk := newClock(db)
	me := osUser()
	var riskID int64
	raised := risk.DefaultCriteria()
	raised.Appetite = 3

	steps := []struct {
		name   string
		do     func() error
		entity string
		key    string
		action string
		actor  string
		before any // field (the whole value when field is "") of before; nil when empty
		after  any // the same of after
		field  string
	}{
		{"SettingCreate", func() error { return db.SetSetting(ctx, "organisation", "  Example ccTLD ") },
			"setting", "organisation", ActionCreate, me, nil, "Example ccTLD", ""},
		{"SettingUpdate", func() error { return db.SetSetting(ctx, "organisation", "Example registry") },
			"setting", "organisation", ActionUpdate, me, "Example ccTLD", "Example registry", ""},
		// The change that sets the user name is still made by the OS user.
		{"UserName", func() error { return db.SetSetting(ctx, SettingUserName, "Alice Nguyễn") },
			// The actor is read when the change is logged, so naming yourself is
			// recorded under the new name, and removing the name under the login.
			"setting", SettingUserName, ActionCreate, "Alice Nguyễn", nil, "Alice Nguyễn", ""},
		{"RiskCreate", func() error {
			r := validRisk()
			r.Title = "Original title"
			err := db.CreateRisk(ctx, &r)
			riskID = r.ID
			return err
		}, "risk", "R-001", ActionCreate, "Alice Nguyễn", nil, "Original title", "title"},
		{"RiskUpdate", func() error {
			r, err := db.Risk(ctx, riskID)
			if err != nil {
				return err
			}
			r.Title = "New title"
			return db.UpdateRisk(ctx, &r)
		}, "risk", "R-001", ActionUpdate, "Alice Nguyễn", "Original title", "New title", "title"},
		{"SoACreate", func() error {
			return db.UpdateSoA(ctx, &risk.SoAEntry{Control: "A.5.1", Applicable: risk.Applicable, Justification: "Required", Implementation: risk.ImplPlanned})
		}, "soa", "A.5.1", ActionCreate, "Alice Nguyễn", nil, "planned", "implementation"},
		{"SoAUpdate", func() error {
			return db.UpdateSoA(ctx, &risk.SoAEntry{Control: "A.5.1", Applicable: risk.Applicable, Justification: "Required", Implementation: risk.Implemented})
		}, "soa", "A.5.1", ActionUpdate, "Alice Nguyễn", "planned", "implemented", "implementation"},
		{"CriteriaUpdate", func() error { return db.SetCriteria(ctx, raised) },
			"criteria", "criteria", ActionUpdate, "Alice Nguyễn", json.Number("2"), json.Number("3"), "appetite"},
		{"RiskDelete", func() error { return db.DeleteRisk(ctx, riskID) },
			"risk", "R-001", ActionDelete, "Alice Nguyễn", "New title", nil, "title"},
		{"SettingDelete", func() error { return db.SetSetting(ctx, "organisation", "") },
			"setting", "organisation", ActionDelete, "Alice Nguyễn", "Example registry", nil, ""},
		{"UserNameDelete", func() error { return db.SetSetting(ctx, SettingUserName, " ") },
			"setting", SettingUserName, ActionDelete, me, "Alice Nguyễn", nil, ""},
		{"BackToOSUser", func() error {
			r := validRisk()
			r.Title = "After the user name went"
			return db.CreateRisk(ctx, &r)
		}, "risk", "R-002", ActionCreate, me, nil, "After the user name went", "title"}, // R-001 was deleted; its reference is not reused
	}
	if onServer() {
		// On a server the change log names the login, whatever the
		// workspace's user name says (TestTeamActorIsTheLogin).
		for i := range steps {
			steps[i].actor = db.Login()
		}
	}
	prev := changeRows(t, db)
	for _, s := range steps {
		at := clk.advance(time.Minute)
		if err := s.do(); err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		rows := changeRows(t, db)
		if len(rows) != len(prev)+1 {
			t.Fatalf("%s: got %d new change-log rows, want 1", s.name, len(rows)-len(prev))
		}
		c := rows[len(rows)-1]
		if c.Entity != s.entity || c.Key != s.key || c.Action != s.action || c.Actor != s.actor {
			t.Errorf("%s: got %s %s %s by %q, want %s %s %s by %q", s.name, c.Entity, c.Key, c.Action, c.Actor,
				s.entity, s.key, s.action, s.actor)
		}
		if !c.At.Equal(at) {
			t.Errorf("%s: got time %v, want %v (db.Now)", s.name, c.At, at)
		}
		if last := prev[len(prev)-1]; c.ID != last.ID+1 || c.PrevHash != last.Hash {
			t.Errorf("%s: got ID %d after %d, prev_hash %s, want it chained to %s", s.name, c.ID, last.ID, c.PrevHash, last.Hash)
		}
		if got := decodeField(t, c.Before, s.field); got != s.before {
			t.Errorf("%s: before %q: got %v, want %v", s.name, c.Before, got, s.before)
		}
		if got := decodeField(t, c.After, s.field); got != s.after {
			t.Errorf("%s: after %q: got %v, want %v", s.name, c.After, got, s.after)
		}
		prev = rows
	}

	t.Run("NoOpsLogNothing", func(t *testing.T) {
		n := len(changeRows(t, db))
		for name, do := range map[string]func() error{
			"SameSetting": func() error { return db.SetSetting(ctx, "x", "") },
			"SameSoA": func() error {
				return db.UpdateSoA(ctx, &risk.SoAEntry{Control: "A.5.1", Applicable: risk.Applicable, Justification: " Required ", Implementation: risk.Implemented})
			},
			"UndecidedSoA": func() error { return db.UpdateSoA(ctx, &risk.SoAEntry{Control: "A.5.2"}) },
			"UnchangedRisk": func() error {
				r, err := db.RiskByRef(ctx, "R-002")
				if err != nil {
					return err
				}
				return db.UpdateRisk(ctx, &r)
			},
		} {
			if err := do(); err != nil {
				t.Errorf("%s: %v", name, err)
			}
		}
		if got := len(changeRows(t, db)); got != n {
			t.Errorf("got %d change-log rows, want %d", got, n)
		}
	})

	v, err := db.Verify(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !v.OK() || v.Changes != len(changeRows(t, db)) {
		t.Errorf("Verify: got %+v, want ok over every row", v)
	}
}

// decodeField decodes doc with numbers kept as json.Number, and returns the
// named field, or the whole value when name is empty.
func decodeField(t testing.TB, doc, name string) any {
	t.Helper()
	if doc == "" {
		return nil
	}
	dec := json.NewDecoder(strings.NewReader(doc))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("change JSON %q: %v", doc, err)
	}
	if name == "" {
		return v
	}
	m, ok := v.(map[string]any)
	if !ok {
		t.Fatalf("change JSON %q is not an object", doc)
	}
	return m[name]
}

func TestVerifyUntouched(t *testing.T) {
	for _, tmpl := range []string{TemplateBlank, TemplateCcTLD} {
		t.Run(tmpl, func(t *testing.T) {
			db, path := newWorkspace(t, tmpl)
			n := len(changeRows(t, db))
			closeDB(t, db)
			ro := openRO(t, path)
			v, err := ro.Verify(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if !v.OK() || v.Integrity != "ok" || v.Broken != nil || v.Reason != "" {
				t.Errorf("got %+v, want an intact workspace", v)
			}
			if v.Changes != n || n < 2 {
				t.Errorf("got %d rows checked, want %d (at least criteria and catalog)", v.Changes, n)
			}
		})
	}
}

// TestVerifyTamper edits a closed workspace behind Riskbook's back, as
// someone covering their tracks would, and checks Verify names the first row
// that no longer fits.
func TestVerifyTamper(t *testing.T) {
	// build makes rows 1 criteria, 2 catalog, 3 BIA settings, 4–6 risks
	// R-001..R-003, 7 update of R-002, 8 a setting.
	build := func(t *testing.T) string {
		t.Helper()
		ctx := context.Background()
		db, path := newWorkspace(t, TemplateBlank)
		for _, title := range []string{"First risk", "Original title", "Third risk"} {
			r := validRisk()
			r.Title = title
			createRisk(t, db, r)
		}
		r, err := db.RiskByRef(ctx, "R-002")
		if err != nil {
			t.Fatal(err)
		}
		r.Owner = "Bo"
		if err := db.UpdateRisk(ctx, &r); err != nil {
			t.Fatal(err)
		}
		if err := db.SetSetting(ctx, "organisation", "Example"); err != nil {
			t.Fatal(err)
		}
		rows := changeRows(t, db)
		if len(rows) != 8 || rows[6].Key != "R-002" || rows[6].Action != ActionUpdate {
			t.Fatalf("set-up: got %d rows, want the 8 the cases rely on", len(rows))
		}
		closeDB(t, db)
		return path
	}
	tests := []struct {
		name   string
		tamper func(t *testing.T, path string)
		broken int64
		reason string
	}{
		{"EditAfter", func(t *testing.T, path string) {
			rawExec(t, rawDB(t, path), "UPDATE changelog SET after = replace(after, 'Original title', 'Harmless title') WHERE id = 5")
		}, 5, "edited"},
		{"EditActor", func(t *testing.T, path string) {
			rawExec(t, rawDB(t, path), "UPDATE changelog SET actor = 'someone else' WHERE id = 7")
		}, 7, "edited"},
		{"EditTime", func(t *testing.T, path string) {
			rawExec(t, rawDB(t, path), "UPDATE changelog SET at = '2020-01-01T00:00:00Z' WHERE id = 3")
		}, 3, "edited"},
		{"DeleteMiddleRow", func(t *testing.T, path string) {
			rawExec(t, rawDB(t, path), "DELETE FROM changelog WHERE id = 4")
		}, 5, "removed"},
		{"DeleteFirstRow", func(t *testing.T, path string) {
			rawExec(t, rawDB(t, path), "DELETE FROM changelog WHERE id = 1")
		}, 2, "removed"},
		{"RewriteRowAndItsHash", func(t *testing.T, path string) {
			raw := rawDB(t, path)
			rawExec(t, raw, "UPDATE risks SET title = 'Harmless title' WHERE ref = 'R-002'")
			rows, err := changes(context.Background(), raw, ChangeFilter{})
			if err != nil {
				t.Fatal(err)
			}
			c := rows[6]
			if !strings.Contains(c.After, `"title":"Original title"`) {
				t.Fatalf("row 7 after %q does not hold the title", c.After)
			}
			c.After = strings.Replace(c.After, `"title":"Original title"`, `"title":"Harmless title"`, 1)
			c.Hash = c.computeHash()
			rawExec(t, raw, "UPDATE changelog SET after = ?, hash = ? WHERE id = ?", c.After, c.Hash, c.ID)
		}, 8, "removed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := build(t)
			tt.tamper(t, path)
			db := openRO(t, path)
			v, err := db.Verify(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if v.Integrity != "ok" {
				t.Errorf("got integrity %q, want ok", v.Integrity)
			}
			if v.OK() || v.Broken == nil {
				t.Fatalf("got %+v, want the chain broken at row %d", v, tt.broken)
			}
			if v.Broken.ID != tt.broken {
				t.Errorf("got first broken row %d, want %d", v.Broken.ID, tt.broken)
			}
			if !strings.Contains(v.Reason, tt.reason) {
				t.Errorf("got reason %q, want it to mention %q", v.Reason, tt.reason)
			}
		})
	}
}

// TestVerifyFindsContentEditedOutsideRiskbook: a row changed in the risks
// table with the change log left alone is reported, named by entity and key.
func TestVerifyFindsContentEditedOutsideRiskbook(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name   string
		tamper string
		entity string
		key    string
		action string
	}{
		{"TitleEdited", "UPDATE risks SET title = 'Nothing to see' WHERE ref = 'R-003'", "risk", "R-003", ActionUpdate},
		// R-019 is a risk no starter playbook answers: removing a linked one
		// also changes the playbook, a second drift.
		{"RiskRemoved", "DELETE FROM risks WHERE ref = 'R-019'", "risk", "R-019", ActionDelete},
		{"SoAEdited", "UPDATE soa SET justification = 'changed' WHERE control = 'A.5.1'", "soa", "A.5.1", ActionUpdate},
		{"ActivityEdited", "UPDATE activities SET rto = rto + 60 WHERE ref = 'ACT-01'", "activity", "ACT-01", ActionUpdate},
		{"ResourceEdited", "UPDATE resources SET alternates = '' WHERE ref = 'RES-02'", "resource", "RES-02", ActionUpdate},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db, path := newWorkspace(t, TemplateCcTLD)
			if v, err := db.Verify(ctx); err != nil || !v.OK() {
				t.Fatalf("untouched workspace: got %+v, %v; want OK", v, err)
			}
			db.Close()
			raw := rawDB(t, path)
			rawExec(t, raw, tt.tamper)
			raw.Close()
			ro, err := OpenReadOnly(ctx, path)
			if err != nil {
				t.Fatal(err)
			}
			defer ro.Close()
			v, err := ro.Verify(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if v.OK() || v.Broken != nil || len(v.Drift) != 1 {
				t.Fatalf("got OK %v, broken %v, drift %+v; want exactly one drift", v.OK(), v.Broken, v.Drift)
			}
			if d := v.Drift[0]; d.Entity != tt.entity || d.Key != tt.key || d.Action != tt.action {
				t.Errorf("got drift %s %s %s, want %s %s %s", d.Entity, d.Key, d.Action, tt.entity, tt.key, tt.action)
			}
		})
	}
}
