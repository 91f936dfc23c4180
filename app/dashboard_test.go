package app

import (
	"cmp"
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"riskbook/bcp"
	"riskbook/export"
	"riskbook/i18n"
	"riskbook/risk"
)

// dashToday is the day the test workspaces are made: the starter kit's dates
// are relative to it.
func dashToday() risk.Date { return risk.DateOf(time.Now()) }

// dashModelOf computes the dashboard model of ws on today.
func dashModelOf(t *testing.T, ws dashboardStore, today risk.Date) dashboardModel {
	t.Helper()
	now := time.Date(today.Year, today.Month, today.Day, 12, 0, 0, 0, time.Local)
	m, err := loadDashboardModel(context.Background(), ws, "test", now)
	if err != nil {
		t.Fatalf("check the workspace: %v", err)
	}
	return m
}

// showDashboard returns the dashboard of a, reloaded as of today.
func showDashboard(t *testing.T, a *App, today risk.Date) *dashboardScreen {
	t.Helper()
	s, ok := a.sections[0].scr.(*dashboardScreen)
	if !ok {
		t.Fatalf("section 0 is %T, want the dashboard", a.sections[0].scr)
	}
	s.now = func() time.Time { return time.Date(today.Year, today.Month, today.Day, 12, 0, 0, 0, time.Local) }
	s.reload()
	return s
}

// dashTexts collects the text of every label and hyperlink under o.
func dashTexts(o fyne.CanvasObject) []string {
	var out []string
	dashWalk(o, func(o fyne.CanvasObject) {
		switch w := o.(type) {
		case *widget.Label:
			out = append(out, w.Text)
		case *widget.Hyperlink:
			out = append(out, w.Text)
		}
	})
	return out
}

// dashLink finds the hyperlink under o whose text starts with prefix.
func dashLink(t *testing.T, o fyne.CanvasObject, prefix string) *widget.Hyperlink {
	t.Helper()
	var found *widget.Hyperlink
	dashWalk(o, func(o fyne.CanvasObject) {
		if l, ok := o.(*widget.Hyperlink); ok && found == nil && strings.HasPrefix(l.Text, prefix) {
			found = l
		}
	})
	if found == nil {
		t.Fatalf("no link starting %q; texts: %q", prefix, dashTexts(o))
	}
	return found
}

// dashTap taps l on its text: a hyperlink ignores taps beside its text.
func dashTap(l *widget.Hyperlink) {
	test.TapAt(l, fyne.NewPos(theme.InnerPadding()+2, l.Size().Height/2))
}

func dashWalk(o fyne.CanvasObject, visit func(fyne.CanvasObject)) {
	visit(o)
	switch w := o.(type) {
	case *fyne.Container:
		for _, c := range w.Objects {
			dashWalk(c, visit)
		}
	case *widget.Label, *widget.Hyperlink:
	case fyne.Widget:
		for _, c := range test.WidgetRenderer(w).Objects() {
			dashWalk(c, visit)
		}
	}
}

func TestDashboardLevelCounts(t *testing.T) {
	ctx := context.Background()
	ws := newTestWorkspace(t, "cctld")
	t.Cleanup(func() { ws.Close() })
	rs, err := ws.Risks(ctx)
	if err != nil {
		t.Fatalf("read risks: %v", err)
	}
	// A closed risk must drop out of every count.
	closed := rs[0]
	closed.Status = risk.Closed
	if err := ws.UpdateRisk(ctx, &closed); err != nil {
		t.Fatalf("close %s: %v", closed.Ref, err)
	}
	if rs, err = ws.Risks(ctx); err != nil {
		t.Fatalf("read risks: %v", err)
	}
	c, err := ws.Criteria(ctx)
	if err != nil {
		t.Fatalf("read criteria: %v", err)
	}
	wantInherent, wantResidual := map[int]int{}, map[int]int{}
	open := 0
	for _, r := range rs {
		if r.Status == risk.Closed {
			continue
		}
		open++
		wantInherent[c.Matrix[r.Inherent.Likelihood-1][r.Inherent.Consequence-1]]++
		wantResidual[c.Matrix[r.Residual.Likelihood-1][r.Residual.Consequence-1]]++
	}

	m := dashModelOf(t, ws, dashToday())
	if m.Risks != open || open != len(rs)-1 {
		t.Errorf("model counts %d risks, want %d open of %d", m.Risks, open, len(rs))
	}
	if len(m.Levels) != len(c.Levels) {
		t.Fatalf("got %d level rows, want %d", len(m.Levels), len(c.Levels))
	}
	for i, l := range m.Levels {
		if want := len(c.Levels) - i; l.Level.Rank != want {
			t.Errorf("row %d is rank %d, want %d (highest first)", i, l.Level.Rank, want)
		}
		if l.Inherent != wantInherent[l.Level.Rank] || l.Residual != wantResidual[l.Level.Rank] {
			t.Errorf("%s: got inherent %d residual %d, want %d and %d", l.Level.Label,
				l.Inherent, l.Residual, wantInherent[l.Level.Rank], wantResidual[l.Level.Rank])
		}
	}
	if got, want := m.summary(), dashPlural(open, "risk")+" · "; !strings.HasPrefix(got, want) {
		t.Errorf("summary %q, want it to start %q", got, want)
	}
}

// In a French window the risks-by-level card names the default levels in
// French, as the chips of the other cards do.
func TestDashboardLevelsInFrench(t *testing.T) {
	inLanguage(t, i18n.French)
	ws := newTestWorkspace(t, "cctld")
	t.Cleanup(func() { ws.Close() })
	m := dashModelOf(t, ws, dashToday())
	var got []string
	for _, l := range m.Levels {
		got = append(got, l.Level.Label)
	}
	if want := []string{"Critique", "Élevé", "Moyen", "Faible"}; !slices.Equal(got, want) {
		t.Errorf("level rows %q, want %q", got, want)
	}
}

func TestDashboardUndecidedAboveAppetite(t *testing.T) {
	ws := newTestWorkspace(t, "cctld")
	t.Cleanup(func() { ws.Close() })
	// R-017 is above appetite and to be reduced; without its actions,
	// nothing is decided for it.
	r := storedRiskByRef(t, ws, "R-017")
	r.Actions = nil
	if err := ws.UpdateRisk(context.Background(), &r); err != nil {
		t.Fatal(err)
	}
	m := dashModelOf(t, ws, dashToday())
	var refs []string
	for _, r := range m.Undecided {
		refs = append(refs, r.Ref)
	}
	i := slices.Index(refs, "R-017")
	if i < 0 {
		t.Fatalf("undecided risks %v, want R-017 (reduce with no action) among them", refs)
	}
	if got := m.Undecided[i].Reason; got != decisionReasons["above-appetite-no-actions"]() {
		t.Errorf("R-017 reason %q, want %q", got, decisionReasons["above-appetite-no-actions"]())
	}
	// R-007 is accepted above appetite with an approver and an expiry.
	if slices.Contains(refs, "R-007") {
		t.Errorf("undecided risks %v include R-007, which is formally accepted", refs)
	}
}

func TestDashboardOverdue(t *testing.T) {
	ws := newTestWorkspace(t, "cctld")
	t.Cleanup(func() { ws.Close() })
	today := dashToday()

	m := dashModelOf(t, ws, today)
	if len(m.OverdueReviews) != 0 || len(m.OverdueActions) != 0 {
		t.Errorf("a new workspace has %d overdue reviews and %d overdue actions, want none", len(m.OverdueReviews), len(m.OverdueActions))
	}
	// Three weeks on, the starter kit's actions due in 14 and 20 days are
	// late, unless done.
	m = dashModelOf(t, ws, today.AddDays(21))
	var got []string
	for _, o := range m.OverdueActions {
		got = append(got, o.Ref)
	}
	if want := []string{"R-016", "R-003"}; !slices.Equal(got, want) {
		t.Errorf("overdue actions on %v, want %v (most overdue first)", got, want)
	}

	// An annual review falls due exactly a year on, so look one day later.
	m = dashModelOf(t, ws, today.AddMonths(12).AddDays(1))
	got = nil
	for _, o := range m.OverdueReviews {
		got = append(got, o.Ref)
	}
	slices.SortFunc(got, risk.CompareRefs)
	rs, err := ws.Risks(context.Background())
	if err != nil {
		t.Fatalf("read risks: %v", err)
	}
	var want []string
	for _, r := range rs {
		if r.Status != risk.Closed {
			want = append(want, r.Ref)
		}
	}
	slices.SortFunc(want, risk.CompareRefs)
	if !slices.Equal(got, want) {
		t.Errorf("a year on, overdue reviews are %v, want every open risk %v", got, want)
	}
	if m.Overdue != len(want) {
		t.Errorf("summary counts %d overdue, want %d", m.Overdue, len(want))
	}
}

func TestDashboardTapTopRiskOpensRisks(t *testing.T) {
	ws := newTestWorkspace(t, "cctld")
	a := newTestApp(t, ws)
	s := showDashboard(t, a, dashToday())
	w := test.NewTempWindow(t, s.view())
	w.Resize(fyne.NewSize(1280, 800))
	m := dashModelOf(t, ws, dashToday())
	if len(m.Top) != dashTopRisks {
		t.Fatalf("got %d top risks, want %d", len(m.Top), dashTopRisks)
	}
	if a.current != 0 {
		t.Fatalf("app shows section %d before the tap, want the dashboard", a.current)
	}
	dashTap(dashLink(t, s.top, m.Top[0].Ref+" "))
	if a.current != 1 {
		t.Errorf("after tapping %s the app shows section %d, want 1 (Risks)", m.Top[0].Ref, a.current)
	}
}

func TestDashboardMoreOverdueOpensFilteredRisks(t *testing.T) {
	ws := newTestWorkspace(t, "cctld")
	a := newTestApp(t, ws)
	s := showDashboard(t, a, dashToday().AddMonths(12).AddDays(1))
	w := test.NewTempWindow(t, s.view())
	w.Resize(fyne.NewSize(1280, 800))
	items := 0
	dashWalk(s.overdue, func(o fyne.CanvasObject) {
		if l, ok := o.(*widget.Hyperlink); ok && strings.HasPrefix(l.Text, "R-") {
			items++
		}
	})
	if items != dashListCap {
		t.Errorf("the overdue card lists %d items, want %d (the cap)", items, dashListCap)
	}
	dashTap(dashLink(t, s.overdue, "and "))
	if a.current != 1 {
		t.Errorf("after tapping \"and N more\" the app shows section %d, want 1 (Risks)", a.current)
	}
}

func TestDashboardBlankShowsEmptyStates(t *testing.T) {
	ws := newTestWorkspace(t, "blank")
	a := newTestApp(t, ws)
	s := showDashboard(t, a, dashToday())
	w := test.NewTempWindow(t, s.view())
	w.Resize(fyne.NewSize(1280, 800))
	texts := dashTexts(s.view())
	for _, want := range []string{
		"No overdue reviews.",
		"No overdue actions.",
		"No open risks yet.",
		"No open risk has a residual score yet.",
		"No risk is above appetite.",
		"No control has a decision yet",
		"No errors",
	} {
		if !slices.ContainsFunc(texts, func(s string) bool { return strings.HasPrefix(s, want) }) {
			t.Errorf("blank dashboard does not show %q; it shows %q", want, texts)
		}
	}
}

func TestDashboardTitle(t *testing.T) {
	tests := []struct {
		org, tlds, want string
	}{
		{"", "", "registry"},
		{"", ".xx", "registry"},
		{"Registry of .xx", ".xx", "Registry of .xx"},
		{"Network Information Centre", ".xx, .yy", "Network Information Centre · .xx, .yy"},
	}
	for _, tt := range tests {
		got := dashboardTitle(map[string]string{export.SettingOrganisation: tt.org, export.SettingTLDs: tt.tlds}, "/w/registry.riskbook")
		if got != tt.want {
			t.Errorf("dashboardTitle(%q, %q) = %q, want %q", tt.org, tt.tlds, got, tt.want)
		}
	}
}

// TestDashboardCountsBlanks: the Checks card counts the starter kit's
// blanks as riskbook check does, and a blank workspace has none.
func TestDashboardCountsBlanks(t *testing.T) {
	for _, tt := range []struct {
		template string
		want     bool
	}{{"cctld", true}, {"blank", false}} {
		db := newTestWorkspace(t, tt.template)
		a := newTestApp(t, db)
		s := showDashboard(t, a, dashToday())
		rec, _, err := db.Check(context.Background(), time.Now())
		if err != nil {
			t.Fatal(err)
		}
		line := dashPlural(rec.CountBlanks(), "blank") + " of the starter kit still to fill in"
		got := slices.ContainsFunc(dashTexts(s.checks), func(t string) bool { return strings.HasPrefix(t, line) })
		if got != tt.want {
			t.Errorf("%s: the card shows %q; want %q shown %v", tt.template, dashTexts(s.checks), line, tt.want)
		}
	}
}

// dashPlural writes "1 error", "2 errors", as the English dashboard does.
func dashPlural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// TestDashboardListsInTheRegisterOrder builds the model from risks handed
// one at a time in no particular order and expects the lists the register
// sorted by residual level gives: the top risks and the undecided ones
// worst first (ties by reference), the overdue lines most overdue first,
// then by reference.
func TestDashboardListsInTheRegisterOrder(t *testing.T) {
	today := risk.Date{Year: 2026, Month: time.March, Day: 10}
	crit := risk.DefaultCriteria()
	var rs []risk.Risk
	for i := range 240 {
		r := risk.Risk{ID: int64(i + 1), Ref: fmt.Sprintf("R-%d", i+1), Title: fmt.Sprintf("Risk %d", i+1), Owner: "Ana",
			Inherent: risk.Score{Likelihood: 5, Consequence: 5},
			Residual: risk.Score{Likelihood: i%5 + 1, Consequence: (i/5)%5 + 1}, Status: risk.Open,
			NextReview: today.AddDays(-(i % 4))}
		switch i % 7 {
		case 0:
			r.Status = risk.Closed
		case 1:
			r.Residual = risk.Score{}
		case 2:
			r.Treatment = risk.Reduce
		}
		for j := range i % 3 {
			r.Actions = append(r.Actions, risk.Action{Title: fmt.Sprintf("Action %d", j), Owner: "Ben", Due: today.AddDays(-(i+j)%3 - 1), Status: risk.Planned})
		}
		rs = append(rs, r)
	}
	rand.New(rand.NewPCG(1, 2)).Shuffle(len(rs), func(i, j int) { rs[i], rs[j] = rs[j], rs[i] })
	rec := &bcp.Workspace{Register: &risk.Register{Criteria: crit}, BIA: &bcp.BIA{}}
	b := newDashboardBuilder("test", rec, today)
	for i := range rs {
		b.add(&rs[i])
	}
	m := b.model(bcp.Checked{})

	// What the register shows sorted by residual level, descending.
	c := crit.Localised(i18n.Default())
	var open []risk.Risk
	for _, r := range rs {
		if r.Status != risk.Closed {
			open = append(open, r)
		}
	}
	risk.SortRisks(open, risk.ByResidual, true, &c)
	var top, undecided []string
	var reviews, actions []dashOverdue
	for i := range open {
		r := &open[i]
		if _, scored := c.LevelOf(r.Residual); scored && len(top) < dashTopRisks {
			top = append(top, r.Ref)
		}
		if c.AboveAppetite(r.Residual) && slices.ContainsFunc(risk.Check(r, &c, today), func(f risk.Finding) bool { return decisionReasons[f.Rule] != nil }) {
			undecided = append(undecided, r.Ref)
		}
		if r.NextReview.Before(today) {
			reviews = append(reviews, dashOverdue{Ref: r.Ref, Days: r.NextReview.DaysUntil(today)})
		}
		for _, a := range r.Actions {
			if a.Overdue(today) {
				actions = append(actions, dashOverdue{Ref: r.Ref, What: a.Title, Days: a.Due.DaysUntil(today)})
			}
		}
	}
	byDays := func(x, y dashOverdue) int { return cmp.Or(cmp.Compare(y.Days, x.Days), risk.CompareRefs(x.Ref, y.Ref)) }
	slices.SortStableFunc(reviews, byDays)
	slices.SortStableFunc(actions, byDays)

	refs := func(rs []dashRisk) []string {
		var out []string
		for _, r := range rs {
			out = append(out, r.Ref)
		}
		return out
	}
	lines := func(os []dashOverdue) []string {
		var out []string
		for _, o := range os {
			out = append(out, fmt.Sprintf("%s %s %d", o.Ref, o.What, o.Days))
		}
		return out
	}
	if got := refs(m.Top); !slices.Equal(got, top) {
		t.Errorf("top risks %v, want %v", got, top)
	}
	if got := refs(m.Undecided); !slices.Equal(got, undecided) || len(undecided) < 10 {
		t.Errorf("undecided risks %v, want %v", got, undecided)
	}
	for i := range m.OverdueReviews {
		m.OverdueReviews[i].What = ""
	}
	if got, want := lines(m.OverdueReviews), lines(reviews); !slices.Equal(got, want) || len(want) < 10 {
		t.Errorf("overdue reviews %v, want %v", got, want)
	}
	if got, want := lines(m.OverdueActions), lines(actions); !slices.Equal(got, want) || len(want) < 10 {
		t.Errorf("overdue actions %v, want %v", got, want)
	}
	if m.Risks != len(open) {
		t.Errorf("counted %d open risks, want %d", m.Risks, len(open))
	}
}
