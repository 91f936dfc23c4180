package app

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"riskbook/risk"
	"riskbook/sqlite"
	"riskbook/workspace"
)

// registerOn returns the Risks screen of an app on a fresh cctld workspace.
func registerOn(t *testing.T) (*risksScreen, *workspace.Workspace) {
	t.Helper()
	db := newTestWorkspace(t, "cctld")
	a := newTestApp(t, db)
	a.selectSection("Risks")
	if a.risks == nil {
		t.Fatal("Risks screen not built")
	}
	return a.risks, db
}

func storedRisk(t *testing.T, db *workspace.Workspace, id int64) risk.Risk {
	t.Helper()
	r, err := db.Risk(context.Background(), id)
	if err != nil {
		t.Fatalf("read risk %d: %v", id, err)
	}
	return r
}

func TestRegisterShowsEveryRisk(t *testing.T) {
	s, db := registerOn(t)
	rs, err := db.Risks(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(s.showing.shown), len(rs); got != want {
		t.Fatalf("rows shown: got %d, want %d", got, want)
	}
	if got, want := s.count.Text, fmt.Sprintf("%d of %d risks", len(rs), len(rs)); got != want {
		t.Errorf("count: got %q, want %q", got, want)
	}
	if got := s.shownRefs()[0]; got != "R-001" {
		t.Errorf("first row: got %s, want R-001", got)
	}
}

func TestRegisterSearchAsYouType(t *testing.T) {
	s, db := registerOn(t)
	rs, _ := db.Risks(context.Background())
	test.Type(s.search, "dnssec")
	var want []string
	for i := range rs {
		if strings.Contains(risk.SearchText(&rs[i]), "dnssec") {
			want = append(want, rs[i].Ref)
		}
	}
	if len(want) == 0 || len(want) == len(rs) {
		t.Fatalf("test data: %d of %d risks mention dnssec; want some but not all", len(want), len(rs))
	}
	if got := s.shownRefs(); !slices.Equal(got, want) {
		t.Errorf("search dnssec: got %v, want %v", got, want)
	}
	s.clearFilter()
	if got := len(s.showing.shown); got != len(rs) {
		t.Errorf("after clearing: got %d rows, want %d", got, len(rs))
	}
	test.Type(s.search, "no such words anywhere")
	if len(s.showing.shown) != 0 || !s.empty.Visible() {
		t.Errorf("no match: got %d rows, empty state visible %v; want 0 and true", len(s.showing.shown), s.empty.Visible())
	}
}

func TestRegisterFilters(t *testing.T) {
	s, db := registerOn(t)
	// Three weeks on, two of the starter kit's actions are late.
	later := risk.DateOf(time.Now()).AddDays(21)
	s.today = func() risk.Date { return later }
	rs, _ := db.Risks(context.Background())
	c, _ := db.Criteria(context.Background())
	tests := []struct {
		name   string
		set    func()
		filter func(r *risk.Risk) bool
	}{
		{"LevelHigh", func() { s.level.SetSelected("High") }, func(r *risk.Risk) bool {
			l, _ := c.LevelOf(r.Residual)
			return l.Label == "High"
		}},
		{"OwnerTechnicalLead", func() { s.owner.SetSelected("Technical lead") }, func(r *risk.Risk) bool { return r.Owner == "Technical lead" }},
		{"StatusOpen", func() { s.status.SetSelected("open") }, func(r *risk.Risk) bool { return r.Status == risk.Open }},
		{"CategorySupplier", func() { s.category.SetSelected("Supplier") }, func(r *risk.Risk) bool { return r.Category == "Supplier" }},
		{"Overdue", func() { s.overdue.SetChecked(true) }, func(r *risk.Risk) bool { return risk.IsOverdue(r, s.today()) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s.clearFilter()
			tt.set()
			var want []string
			for i := range rs {
				if tt.filter(&rs[i]) {
					want = append(want, rs[i].Ref)
				}
			}
			if len(want) == 0 {
				t.Fatalf("test data has no risk for filter %s", tt.name)
			}
			if got := s.shownRefs(); !slices.Equal(got, want) {
				t.Errorf("got %v, want %v", got, want)
			}
		})
	}
}

func TestRegisterSortsByColumn(t *testing.T) {
	s, _ := registerOn(t)
	s.sortOn(risk.ByResidual) // levels sort worst first
	first := *s.showing.row(0)
	for i := range s.showing.shown {
		if r := s.showing.row(i); r.residual.Rank > first.residual.Rank {
			t.Fatalf("sorted by residual: %s (%s) comes after %s (%s)", r.Ref, r.residual.Label, first.Ref, first.residual.Label)
		}
	}
	s.sortOn(risk.ByResidual)
	if last := s.showing.row(len(s.showing.shown) - 1); last.residual.Rank < first.residual.Rank {
		t.Errorf("reversed sort: last row %s is %s, want the highest level %s", last.Ref, last.residual.Label, first.residual.Label)
	}
	s.sortOn(risk.ByRef)
	if got := s.shownRefs(); !slices.IsSortedFunc(got, risk.CompareRefs) {
		t.Errorf("sorted by reference: got %v", got)
	}
}

func TestNewRiskIsStoredAndEdited(t *testing.T) {
	s, db := registerOn(t)
	before := len(s.rows)
	s.newRisk()
	if got := len(s.rows); got != before+1 {
		t.Fatalf("rows after New risk: got %d, want %d", got, before+1)
	}
	id := s.selected
	if id == 0 || !s.editor.view().Visible() {
		t.Fatal("the editor did not open on the new risk")
	}
	if r := storedRisk(t, db, id); r.Ref != fmt.Sprintf("R-%03d", before+1) {
		t.Errorf("new reference: got %s, want R-%03d", r.Ref, before+1)
	}

	s.editor.title.SetText("")
	test.Type(s.editor.title, "Registry HSM fails during key rollover")
	s.editor.flush()
	test.Type(s.editor.owner, "Technical lead")
	s.editor.flush()
	s.editor.inherent.matrix.TapCell(risk.Score{Likelihood: 3, Consequence: 5})
	s.editor.residual.matrix.TapCell(risk.Score{Likelihood: 2, Consequence: 4})

	r := storedRisk(t, db, id)
	if r.Title != "Registry HSM fails during key rollover" || r.Owner != "Technical lead" {
		t.Errorf("stored title/owner: got %q / %q", r.Title, r.Owner)
	}
	if want := (risk.Score{Likelihood: 3, Consequence: 5}); r.Inherent != want {
		t.Errorf("stored inherent: got %v, want %v", r.Inherent, want)
	}
	if want := (risk.Score{Likelihood: 2, Consequence: 4}); r.Residual != want {
		t.Errorf("stored residual: got %v, want %v", r.Residual, want)
	}
	if row := s.rows[slices.IndexFunc(s.rows, func(r *riskRow) bool { return r.ID == id })]; row.residual.Label != "Medium" {
		t.Errorf("table residual level after the edit: got %q, want Medium", row.residual.Label)
	}
}

func TestBlockingRuleKeepsEditUnsavedUntilFixed(t *testing.T) {
	s, db := registerOn(t)
	r, ok := storedRiskWhere(t, s, func(r *risk.Risk) bool { return r.Inherent.Likelihood < 5 && r.Justification == "" })
	if !ok {
		t.Fatal("test data: no risk with room above its inherent likelihood")
	}
	id := r.ID
	s.openRisk(id)
	orig := storedRisk(t, db, id)
	above := risk.Score{Likelihood: min(orig.Inherent.Likelihood+1, 5), Consequence: orig.Inherent.Consequence}
	if above == orig.Inherent {
		t.Fatalf("test data: %s inherent %v leaves no room above", orig.Ref, orig.Inherent)
	}
	s.editor.residual.matrix.TapCell(above)
	if got := storedRisk(t, db, id).Residual; got != orig.Residual {
		t.Fatalf("residual above inherent was saved: got %v, want unchanged %v", got, orig.Residual)
	}
	if !s.editor.banner.Visible() || !strings.Contains(s.editor.messages.label("residual").Text, "above the inherent") {
		t.Errorf("the rule's message is not shown: banner %q, field %q", s.editor.banner.Text, s.editor.messages.label("residual").Text)
	}
	test.Type(s.editor.justification, "The new monitoring agent adds an attack surface.")
	s.editor.flush()
	if got := storedRisk(t, db, id); got.Residual != above || got.Justification == "" {
		t.Errorf("after justifying: got residual %v, justification %q; want %v and the text", got.Residual, got.Justification, above)
	}
	if s.editor.banner.Visible() {
		t.Errorf("banner still shown after the save: %q", s.editor.banner.Text)
	}
}

func TestActionsAreEditedInline(t *testing.T) {
	s, db := registerOn(t)
	id := s.rows[0].ID
	s.openRisk(id)
	n := len(storedRisk(t, db, id).Actions)
	s.editor.actions.add()
	r := storedRisk(t, db, id)
	if len(r.Actions) != n+1 || r.Actions[n].Title != "New action" {
		t.Fatalf("after add: got %d actions (last %q), want %d ending with New action", len(r.Actions), r.Actions[len(r.Actions)-1].Title, n+1)
	}
	s.editor.actions.move(n, -1)
	r = storedRisk(t, db, id)
	if r.Actions[n-1].Title != "New action" {
		t.Errorf("after moving up: action %d is %q, want New action", n, r.Actions[n-1].Title)
	}
	s.editor.actions.remove(n - 1)
	if got := len(storedRisk(t, db, id).Actions); got != n {
		t.Errorf("after remove: got %d actions, want %d", got, n)
	}
}

func TestDeleteAndDuplicate(t *testing.T) {
	s, db := registerOn(t)
	ctx := context.Background()
	id := s.rows[1].ID
	ref := s.rows[1].Ref
	s.openRisk(id)
	s.duplicateRisk()
	dup := storedRisk(t, db, s.selected)
	if dup.ID == id || dup.Title != "Copy of "+storedRisk(t, db, id).Title {
		t.Errorf("duplicate: got %s %q", dup.Ref, dup.Title)
	}
	s.openRisk(id)
	s.confirmDelete(id, ref)
	if _, err := db.Risk(ctx, id); risk.ErrorCode(err) != risk.ENOTFOUND {
		t.Errorf("deleted risk still readable: err %v", err)
	}
	if slices.Contains(s.shownRefs(), ref) {
		t.Errorf("deleted %s still in the table", ref)
	}
	log, err := db.Changes(ctx, sqlite.ChangeFilter{Entity: "risk", Key: ref})
	if err != nil || len(log) == 0 || log[len(log)-1].Action != sqlite.ActionDelete {
		t.Errorf("change log of %s: got %v (err %v), want a delete last", ref, log, err)
	}
}

func TestNextAndPreviousRisk(t *testing.T) {
	s, _ := registerOn(t)
	s.step(1)
	if got := s.selected; got != s.showing.row(0).ID {
		t.Fatalf("first step: got risk %d, want the first row", got)
	}
	s.step(1)
	s.step(1)
	s.step(-1)
	if got, want := s.selected, s.showing.row(1).ID; got != want {
		t.Errorf("after +1 +1 -1: got %d, want %d", got, want)
	}
}

// BenchmarkRegisterFilter measures one keystroke in the search field of a
// register of 10,000 and 50,000 risks. Keystroke is what typing waits for:
// the work left on the UI goroutine once matching runs in the background.
// Result is the whole of it: matching every risk and refreshing the table.
func BenchmarkRegisterFilter(b *testing.B) {
	queries := []string{"d", "dn", "dns", "dns p", "dns po", "dns pow", "dns powe", "dns power"}
	for _, n := range []int{10000, 50000} {
		a := New(test.NewTempApp(b), newTestWorkspaces(b), "bench")
		a.background = func(f func()) { f() }
		s := newRisksScreen(nil, a)
		s.apply(benchRegister(n), nil)
		b.Run(fmt.Sprintf("%d/Result", n), func(b *testing.B) {
			a.background = func(f func()) { f() }
			for i := range b.N {
				s.onSearch(queries[i%len(queries)])
			}
		})
		b.Run(fmt.Sprintf("%d/Keystroke", n), func(b *testing.B) {
			a.background = func(func()) {} // the run happens elsewhere
			for i := range b.N {
				s.onSearch(queries[i%len(queries)])
			}
		})
	}
}

// benchRegister is a register of n risks with varied words, owners and
// levels.
func benchRegister(n int) registerData {
	d := registerData{criteria: risk.DefaultCriteria(), rows: make([]risk.Row, n)}
	for i := range n {
		r := benchRisk(i)
		d.rows[i] = risk.RowOf(&r)
	}
	return d
}

// benchRisk is the i-th risk of benchRegister.
func benchRisk(i int) risk.Risk {
	words := []string{"dns", "registry", "power", "vendor", "staff", "backup", "key", "ddos"}
	return risk.Risk{ID: int64(i + 1), Ref: fmt.Sprintf("R-%05d", i+1),
		Title:       fmt.Sprintf("Risk %d about %s and %s", i, words[i%8], words[(i/8)%8]),
		Description: "A longer description of what could happen to the " + words[(i/3)%8] + " service, and why.",
		Owner:       fmt.Sprintf("Owner %d", i%20),
		Inherent:    risk.Score{Likelihood: i%5 + 1, Consequence: (i/5)%5 + 1},
		Residual:    risk.Score{Likelihood: i%3 + 1, Consequence: (i/3)%5 + 1},
		Status:      risk.Open}
}

// BenchmarkRegisterEdit measures what one committed edit costs the UI
// goroutine of a register of 10,000 and 50,000 risks once the store has
// saved it: the saved risk put back into the table, the filter choices and
// the table refreshed. The store's part, the commit with fsync, is
// sqlite's BenchmarkEditCommit.
func BenchmarkRegisterEdit(b *testing.B) {
	for _, n := range []int{10000, 50000} {
		a := New(test.NewTempApp(b), newTestWorkspaces(b), "bench")
		a.background = func(f func()) { f() }
		s := newRisksScreen(nil, a)
		s.apply(benchRegister(n), nil)
		r := benchRisk(n / 2)
		title := r.Title
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			b.ReportAllocs()
			for i := range b.N {
				r.Title = fmt.Sprintf("%s (edit %d)", title, i)
				s.onSaved(r)
			}
		})
	}
}

// storedRiskWhere is the first risk of the register's rows, read whole
// from its store, that ok accepts.
func storedRiskWhere(t *testing.T, s *risksScreen, ok func(*risk.Risk) bool) (risk.Risk, bool) {
	t.Helper()
	for _, row := range s.rows {
		r, err := s.store.Risk(t.Context(), row.ID)
		if err != nil {
			t.Fatalf("read %s: %v", row.Ref, err)
		}
		if ok(&r) {
			return r, true
		}
	}
	return risk.Risk{}, false
}
