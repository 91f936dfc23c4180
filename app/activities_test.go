package app

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"riskbook/app/widgets"
	"riskbook/bcp"
	"riskbook/i18n"
	"riskbook/risk"
	"riskbook/workspace"
)

// storedBIA reads the BIA back through the store.
func storedBIA(t *testing.T, db *workspace.Workspace) *bcp.BIA {
	t.Helper()
	b, err := db.BIA(context.Background())
	if err != nil {
		t.Fatalf("read BIA: %v", err)
	}
	return b
}

func storedActivity(t *testing.T, db *workspace.Workspace, ref string) bcp.Activity {
	t.Helper()
	for _, a := range storedBIA(t, db).Activities {
		if a.Ref == ref {
			return a
		}
	}
	t.Fatalf("no stored activity %s", ref)
	return bcp.Activity{}
}

func storedResource(t *testing.T, db *workspace.Workspace, ref string) bcp.Resource {
	t.Helper()
	for _, r := range storedBIA(t, db).Resources {
		if r.Ref == ref {
			return r
		}
	}
	t.Fatalf("no stored resource %s", ref)
	return bcp.Resource{}
}

// openActivity shows the Activities screen with the editor on ref.
func openActivity(t *testing.T, a *App, db *workspace.Workspace, ref string) *activityEditor {
	t.Helper()
	a.showActivity(storedActivity(t, db, ref).ID)
	if a.activities == nil || a.activities.editor.draft.Ref != ref {
		t.Fatalf("editor does not show %s", ref)
	}
	return a.activities.editor
}

// gridCell returns the widget of one cell of an impact grid with
// horizons columns: the grid's tappable parts are its cells, row by row.
func gridCell(t *testing.T, g *widgets.ImpactGrid, horizons, category, horizon int) fyne.Tappable {
	t.Helper()
	var found fyne.Tappable
	i := 0
	dashWalk(g, func(o fyne.CanvasObject) {
		if tp, ok := o.(fyne.Tappable); ok {
			if i == category*horizons+horizon {
				found = tp
			}
			i++
		}
	})
	if found == nil {
		t.Fatalf("no cell %d,%d in the grid", category, horizon)
	}
	return found
}

func TestImpactGridClickChangesStoredImpactsAndMTPD(t *testing.T) {
	db := newTestWorkspace(t, "cctld")
	a := newTestApp(t, db)
	e := openActivity(t, a, db, "ACT-02")
	const dns = "DNS and operational stability"
	before := storedActivity(t, db, "ACT-02")
	if got := before.Severity(dns, 2); got != 3 {
		t.Fatalf("test data: ACT-02 DNS at 1 day is %d, want 3 (Moderate)", got)
	}
	if want := "MTPD 3 days — DNS and operational stability reaches Major at 3 days"; e.mtpd.Text != want {
		t.Fatalf("MTPD before: got %q, want %q", e.mtpd.Text, want)
	}
	w := test.NewTempWindow(t, a.activities.view())
	w.Resize(fyne.NewSize(1280, 800))

	test.Tap(gridCell(t, e.grid, len(e.bia.Settings.Horizons), 0, 2)) // 1 day: Moderate → Major

	after := storedActivity(t, db, "ACT-02")
	if got := after.Severity(dns, 2); got != 4 {
		t.Errorf("stored DNS impact at 1 day: got %d, want 4", got)
	}
	if got := after.Severity(dns, 3); got != 4 {
		t.Errorf("stored DNS impact at 3 days changed to %d, want 4", got)
	}
	if want := "MTPD 1 day — DNS and operational stability reaches Major at 1 day"; e.mtpd.Text != want {
		t.Errorf("MTPD after: got %q, want %q", e.mtpd.Text, want)
	}
	if got := e.grid.MTPDHorizon(); got != 2 {
		t.Errorf("grid marks MTPD at horizon %d, want 2", got)
	}
	if !strings.Contains(activityTargets(&after, &storedBIA(t, db).Settings), "MTPD 1 day") {
		t.Errorf("list line: got %q, want MTPD 1 day", activityTargets(&after, &storedBIA(t, db).Settings))
	}
}

func TestRTOAboveMTPDIsRefused(t *testing.T) {
	db := newTestWorkspace(t, "cctld")
	a := newTestApp(t, db)
	e := openActivity(t, a, db, "ACT-02")
	before := storedActivity(t, db, "ACT-02")

	e.rto.entry.SetText("")
	test.Type(e.rto.entry, "1 week")
	e.rto.entry.FocusLost()

	if !e.banner.Visible() || !strings.Contains(e.banner.Text, "longer than the MTPD") {
		t.Errorf("banner: visible %v, text %q; want the RTO-above-MTPD message", e.banner.Visible(), e.banner.Text)
	}
	msg := e.messages.label("rto")
	if !msg.Visible() || !strings.Contains(msg.Text, "RTO (1 week) is longer than the MTPD (3 days)") {
		t.Errorf("message by the RTO: visible %v, text %q", msg.Visible(), msg.Text)
	}
	if got := storedActivity(t, db, "ACT-02").RTO; got != before.RTO {
		t.Errorf("stored RTO: got %s, want %s unchanged", got, before.RTO)
	}

	// Fixing it saves it.
	e.rto.entry.SetText("")
	test.Type(e.rto.entry, "2 days")
	e.rto.entry.FocusLost()
	if got := storedActivity(t, db, "ACT-02").RTO; got != bcp.Duration(2*bcp.Day) {
		t.Errorf("stored RTO after fixing: got %s, want 2 days", got)
	}
	if e.banner.Visible() {
		t.Errorf("banner still shown: %q", e.banner.Text)
	}
}

func TestDurationTextThatIsNoDurationIsNotSaved(t *testing.T) {
	db := newTestWorkspace(t, "cctld")
	a := newTestApp(t, db)
	e := openActivity(t, a, db, "ACT-04")
	before := storedActivity(t, db, "ACT-04")
	for _, f := range []*durationField{e.rpo, e.rto} {
		f.entry.SetText("")
		test.Type(f.entry, "soon")
		f.entry.FocusLost()
		if !f.problem.Visible() || !strings.Contains(f.problem.Text, `"soon" is not a duration`) {
			t.Errorf("parse error: visible %v, text %q", f.problem.Visible(), f.problem.Text)
		}
	}
	after := storedActivity(t, db, "ACT-04")
	if after.RTO != before.RTO || after.RPO != before.RPO {
		t.Errorf("stored RTO/RPO: got %s/%s, want %s/%s", after.RTO, after.RPO, before.RTO, before.RPO)
	}
	e.rpo.entry.SetText("")
	test.Type(e.rpo.entry, "30min")
	e.rpo.entry.FocusLost()
	if got := storedActivity(t, db, "ACT-04").RPO; got != bcp.Duration(30*time.Minute) {
		t.Errorf("stored RPO: got %s, want 30 min", got)
	}
	if e.rpo.problem.Visible() {
		t.Errorf("parse error still shown: %q", e.rpo.problem.Text)
	}
}

func TestRiskLinkedFromEditorShowsUnderActivity(t *testing.T) {
	db := newTestWorkspace(t, "cctld")
	a := newTestApp(t, db)
	e := openActivity(t, a, db, "ACT-05")
	if risksShown(e.threats) != nil && slices.Contains(risksShown(e.threats), "R-011") {
		t.Fatal("test data: R-011 already threatens ACT-05")
	}
	r := storedRiskByRef(t, db, "R-011")
	a.showRisk(r.ID)
	pick := a.risks.editor.threatens
	var line string
	for _, o := range pick.options {
		if o.Ref == "ACT-05" {
			line = o.line()
		}
	}
	if line == "" {
		t.Fatal("the Threatens picker does not offer ACT-05")
	}
	pick.pick.SetText(line)

	if got := storedRiskByRef(t, db, "R-011").Threatens; !slices.Contains(got, "ACT-05") {
		t.Fatalf("stored Threatens: got %v, want ACT-05 in it", got)
	}
	a.showActivity(storedActivity(t, db, "ACT-05").ID)
	shown := risksShown(a.activities.editor.threats)
	if !slices.ContainsFunc(shown, func(s string) bool { return strings.HasPrefix(s, "R-011 ") }) {
		t.Fatalf("risks under ACT-05: got %q, want R-011", shown)
	}
	for _, o := range a.activities.editor.threats.Objects {
		if l, ok := o.(*widget.Hyperlink); ok && strings.HasPrefix(l.Text, "R-011") {
			l.OnTapped()
		}
	}
	if a.sections[a.current].name != "Risks" || a.risks.selected != r.ID {
		t.Errorf("tapping R-011: got section %s with risk %d, want Risks with %d", a.sections[a.current].name, a.risks.selected, r.ID)
	}

	// Unlinking from the risk editor removes it again.
	pick.unlink("ACT-05")
	if got := storedRiskByRef(t, db, "R-011").Threatens; slices.Contains(got, "ACT-05") {
		t.Errorf("after unlink: stored Threatens %v still has ACT-05", got)
	}
}

// risksShown lists the texts of the risk links in a box.
func risksShown(box *fyne.Container) []string {
	var out []string
	for _, o := range box.Objects {
		if l, ok := o.(*widget.Hyperlink); ok {
			out = append(out, l.Text)
		}
	}
	return out
}

func storedRiskByRef(t *testing.T, db *workspace.Workspace, ref string) risk.Risk {
	t.Helper()
	rs, err := db.Risks(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rs {
		if r.Ref == ref {
			return r
		}
	}
	t.Fatalf("no risk %s", ref)
	return risk.Risk{}
}

func TestNewAndDeleteActivity(t *testing.T) {
	db := newTestWorkspace(t, "cctld")
	a := newTestApp(t, db)
	a.selectSection("Activities")
	s := a.activities
	n := len(storedBIA(t, db).Activities)
	s.newActivity()
	b := storedBIA(t, db)
	if len(b.Activities) != n+1 {
		t.Fatalf("activities after New: got %d, want %d", len(b.Activities), n+1)
	}
	created := b.Activities[len(b.Activities)-1]
	if created.Ref != "ACT-11" || s.editor.draft.ID != created.ID {
		t.Fatalf("created %s (editor on %d), want ACT-11 open", created.Ref, s.editor.draft.ID)
	}
	if got := len(s.shown); got != n+1 {
		t.Errorf("rows: got %d, want %d", got, n+1)
	}
	e := s.editor
	// The placeholder name is selected, so typing replaces it.
	test.Type(e.name, "Registrar onboarding")
	e.flush()
	if got := storedActivity(t, db, "ACT-11").Name; got != "Registrar onboarding" {
		t.Errorf("stored name: got %q", got)
	}
	s.confirmDelete(created.ID, created.Ref)
	if got := len(storedBIA(t, db).Activities); got != n {
		t.Errorf("activities after Delete: got %d, want %d", got, n)
	}
	if e.view().Visible() {
		t.Error("editor still open on a deleted activity")
	}
}

func TestSearchActivities(t *testing.T) {
	db := newTestWorkspace(t, "cctld")
	a := newTestApp(t, db)
	a.selectSection("Activities")
	s := a.activities
	test.Type(s.search, "DNSSEC")
	var got, want []string
	for _, i := range s.shown {
		got = append(got, s.data.bia.Activities[i].Ref)
	}
	for _, act := range storedBIA(t, db).Activities {
		if strings.Contains(strings.ToLower(act.Name+act.Description), "dnssec") {
			want = append(want, act.Ref)
		}
	}
	if len(want) == 0 || len(want) == len(storedBIA(t, db).Activities) {
		t.Fatalf("test data: %d activities mention DNSSEC; want some but not all", len(want))
	}
	if !slices.Equal(got, want) {
		t.Errorf("search DNSSEC: got %v, want %v", got, want)
	}
	s.search.SetText("no such activity")
	if len(s.shown) != 0 || !s.empty.Visible() {
		t.Errorf("no match: %d rows, empty state %v", len(s.shown), s.empty.Visible())
	}
}

func TestBIASettingsRefusedAndSaved(t *testing.T) {
	db := newTestWorkspace(t, "cctld")
	a := newTestApp(t, db)
	a.selectSection("Activities")
	s := a.activities
	before := storedBIA(t, db).Settings

	f := showBIASettings(a, before, s.saveSettings)
	f.horizons.SetText("4 h, 1 h")
	f.submit()
	if !f.problem.Visible() || !strings.Contains(f.problem.Text, "increasing order") {
		t.Errorf("refusal: visible %v, text %q", f.problem.Visible(), f.problem.Text)
	}
	f.horizons.SetText("1 h, in a while")
	f.submit()
	if !strings.Contains(f.problem.Text, "not a duration") {
		t.Errorf("bad duration: got %q", f.problem.Text)
	}
	if got := storedBIA(t, db).Settings; !slices.Equal(got.Horizons, before.Horizons) {
		t.Fatalf("refused settings were stored: horizons %v", got.Horizons)
	}

	f.horizons.SetText("1h, 4h, 1 day, 3 days, 1 week, 1 month, 3 months")
	f.categories.SetText(f.categories.Text + "\nSafety")
	f.submit()
	got := storedBIA(t, db).Settings
	if len(got.Horizons) != 7 || got.Horizons[6] != bcp.Duration(3*bcp.Month) || !slices.Contains(got.Categories, "Safety") {
		t.Errorf("stored settings: horizons %v, categories %v", got.Horizons, got.Categories)
	}
	if got.Severities[0].Colour != before.Severities[0].Colour || got.Intolerable != before.Intolerable {
		t.Errorf("scale changed: %+v, intolerable %d", got.Severities[0], got.Intolerable)
	}
	if n := len(s.data.bia.Settings.Horizons); n != 7 {
		t.Errorf("screen shows %d horizons after saving, want 7", n)
	}
}

func TestMTPDText(t *testing.T) {
	s := bcp.DefaultSettings()
	dns := s.Categories[0]
	with := func(f func(a *bcp.Activity)) *bcp.Activity {
		a := &bcp.Activity{}
		f(a)
		return a
	}
	for _, tt := range []struct {
		name string
		a    *bcp.Activity
		want string
	}{
		{"NotAssessed", with(func(*bcp.Activity) {}), "No MTPD yet: fill in the grid to find when a disruption becomes intolerable."},
		{"Derived", with(func(a *bcp.Activity) { a.SetSeverity(dns, 1, 4) }), "MTPD 4 h — DNS and operational stability reaches Major at 4 h"},
		{"NeverIntolerable", with(func(a *bcp.Activity) { a.SetSeverity(dns, 5, 3) }), "No MTPD: no impact reaches Major within 1 month. Check the grid, or set the MTPD by hand."},
		{"Override", with(func(a *bcp.Activity) { a.SetSeverity(dns, 2, 5); a.MTPDOverride = bcp.Hours(12) }),
			"MTPD 12 h, set by hand; the impacts give 1 day (DNS and operational stability reaches Severe at 1 day)"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := mtpdText(tt.a, &s); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// In French the MTPD line names the default category and severity in
// French (the organisation's own as written) and finds the impact under
// the stored name.
func TestMTPDTextInFrench(t *testing.T) {
	inLanguage(t, i18n.French)
	s := bcp.DefaultSettings()
	a := &bcp.Activity{}
	a.SetSeverity(s.Categories[0], 1, 4)
	if got, want := mtpdText(a, &s), "DMIA 4 h — Stabilité du DNS et de l'exploitation atteint Majeur au bout de 4 h"; strings.NewReplacer("\u202f", " ", "\u00a0", " ").Replace(got) != want {
		t.Errorf("got %q, want %q", got, want)
	}
	s.Categories[0] = "Our own DNS"
	a = &bcp.Activity{}
	a.SetSeverity("Our own DNS", 1, 4)
	if got := mtpdText(a, &s); !strings.Contains(got, "Our own DNS atteint Majeur") {
		t.Errorf("own category: got %q", got)
	}
}
