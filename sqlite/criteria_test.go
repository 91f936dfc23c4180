package sqlite

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"riskbook/risk"
)

func TestSetCriteria(t *testing.T) {
	ctx := context.Background()
	invalid := []struct {
		name     string
		edit     func(c *risk.Criteria)
		fragment string
	}{
		{"TwoLikelihoodLevels", func(c *risk.Criteria) { c.Likelihood = c.Likelihood[:2] }, "likelihood scale has 2 levels"},
		{"MatrixRowMissing", func(c *risk.Criteria) { c.Matrix = c.Matrix[:4] }, "4 likelihood rows"},
		{"CellWithoutLevel", func(c *risk.Criteria) { c.Matrix[2][3] = 9 }, "likelihood 3 × consequence 4"},
		{"AppetiteNotALevel", func(c *risk.Criteria) { c.Appetite = 5 }, "appetite"},
		{"BadColour", func(c *risk.Criteria) { c.Levels[0].Colour = "green" }, `"green"`},
		{"DuplicateLevel", func(c *risk.Criteria) { c.Levels[1].Label = "low" }, "Two risk levels"},
	}
	for _, tt := range invalid {
		t.Run("Refuses"+tt.name, func(t *testing.T) {
			db, _ := newWorkspace(t, TemplateCcTLD)
			before, err := db.Criteria(ctx)
			if err != nil {
				t.Fatal(err)
			}
			rows := len(changeRows(t, db))
			c := risk.DefaultCriteria()
			tt.edit(&c)
			wantErr(t, db.SetCriteria(ctx, c), risk.EINVALID, tt.fragment)
			after, err := db.Criteria(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if g, w := mustJSON(t, after), mustJSON(t, before); g != w {
				t.Errorf("criteria changed by a refused update:\n%s\nwant\n%s", g, w)
			}
			if got := len(changeRows(t, db)); got != rows {
				t.Errorf("got %d change-log rows, want %d", got, rows)
			}
		})
	}

	t.Run("VersionIncrements", func(t *testing.T) {
		db, _ := newWorkspace(t, TemplateCcTLD)
		for want := 2; want <= 3; want++ {
			c := risk.DefaultCriteria()
			c.Appetite = want + 1 // a different criteria each time
			c.Version = 42        // ignored: the store numbers versions
			if err := db.SetCriteria(ctx, c); err != nil {
				t.Fatal(err)
			}
			got, err := db.Criteria(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if got.Version != want || got.Appetite != want+1 {
				t.Errorf("got version %d appetite %d, want %d and %d", got.Version, got.Appetite, want, want+1)
			}
			rows := changeRows(t, db)
			last := rows[len(rows)-1]
			if last.Entity != "criteria" || last.Action != ActionUpdate {
				t.Fatalf("got last change %s %s, want a criteria update", last.Entity, last.Action)
			}
			if b, a := decodeField(t, last.Before, "version"), decodeField(t, last.After, "version"); b != jsonInt(want-1) || a != jsonInt(want) {
				t.Errorf("got logged versions %v → %v, want %d → %d", b, a, want-1, want)
			}
		}
		assertLogMatchesState(t, db)
	})
}

func mustJSON(t testing.TB, v any) string {
	t.Helper()
	s, err := canonicalJSON(v)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func jsonInt(n int) json.Number { return json.Number(strconv.Itoa(n)) }

func TestSetCriteriaRefusesScalesThatLeaveRisksOutside(t *testing.T) {
	ctx := context.Background()
	db, _ := newWorkspace(t, TemplateCcTLD)
	c := risk.DefaultCriteria()
	c.Likelihood = c.Likelihood[:4]
	c.Matrix = c.Matrix[:4]
	rows := len(changeRows(t, db))
	err := db.SetCriteria(ctx, c)
	if risk.ErrorCode(err) != risk.EINVALID || !strings.Contains(risk.ErrorMessage(err), "R-001") {
		t.Fatalf("got %v, want a refusal naming R-001", err)
	}
	got, _ := db.Criteria(ctx)
	if len(got.Likelihood) != 5 || len(changeRows(t, db)) != rows {
		t.Errorf("refused criteria changed something: %d likelihood levels, %d change-log rows (want 5, %d)", len(got.Likelihood), len(changeRows(t, db)), rows)
	}
}
