package app

import (
	"cmp"
	"context"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"riskbook/app/widgets"
	"riskbook/bcp"
	"riskbook/export"
	"riskbook/i18n"
	"riskbook/risk"
)

// dashboardStore is what the dashboard reads: the workspace's records and
// their findings in one call — the check riskbook check runs — so the
// counts and the check summary describe the same data.
type dashboardStore interface {
	Checker
	Trends
	Path() string
	// Connection names a workspace on a server (and its local copy) as
	// the title bar does; "" for a file.
	Connection() (where, login string)
	Settings(ctx context.Context) (map[string]string, error)
}

// Caps keep every card readable at a glance; the Risks screen has the rest.
const (
	dashTopRisks    = 5
	dashListCap     = 8
	dashTopFindings = 3
)

// dashboardScreen is the first screen a risk owner sees: what needs doing
// today, and where the register stands.
type dashboardScreen struct {
	store dashboardStore
	app   *App
	// now is injected so tests can move the calendar.
	now func() time.Time

	title, summary                               *widget.Label
	needs, overdue, checks, top, levels, soaCard *widget.Card
	bia                                          *widget.Card
	// trends and since show the history: the indicators over time and the
	// reviews due since the last closed assessment.
	trends, since *widget.Card
	content       fyne.CanvasObject
	// chipW is the widest level chip, so rows of chips and text line up.
	chipW float32
}

func newDashboard(ws Workspace, a *App) *dashboardScreen {
	s := &dashboardScreen{store: ws, app: a, now: time.Now}
	s.title = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	s.title.SizeName = theme.SizeNameHeadingText
	s.title.Truncation = fyne.TextTruncateEllipsis
	s.summary = widget.NewLabel(i18n.T("dash.loading"))
	s.summary.SizeName = theme.SizeNameSubHeadingText
	s.summary.Wrapping = fyne.TextWrapWord
	// Subtitles stay short: a card's subtitle does not wrap, and the
	// two columns must fit the narrowest window (960 wide).
	s.needs = widget.NewCard(i18n.T("dash.needs"), i18n.T("dash.needs.sub"), nil)
	s.overdue = widget.NewCard(i18n.T("dash.overdue"), i18n.T("dash.overdue.sub"), nil)
	s.checks = widget.NewCard(i18n.T("dash.checks"), i18n.T("dash.checks.sub"), nil)
	s.top = widget.NewCard(i18n.T("dash.top"), i18n.T("dash.top.sub"), nil)
	s.levels = widget.NewCard(i18n.T("dash.levels"), i18n.T("dash.levels.sub"), nil)
	s.soaCard = widget.NewCard(i18n.T("dash.soa"), i18n.T("dash.soa.sub"), nil)
	s.bia = widget.NewCard(i18n.T("dash.bia"), i18n.T("dash.bia.sub"), nil)
	s.trends = widget.NewCard(i18n.T("trend.dash.title"), i18n.T("trend.dash.subtitle"), dashNote(i18n.T("trend.dash.loading")))
	s.since = widget.NewCard(i18n.T("trend.since.title"), "", nil)
	left := container.NewVBox(s.needs, s.overdue, s.since, s.checks, s.bia)
	right := container.NewVBox(s.top, s.levels, s.soaCard)
	s.content = container.NewVScroll(container.NewPadded(container.NewVBox(
		s.title, s.summary, s.trends, container.NewGridWithColumns(2, left, right))))
	return s
}

func (s *dashboardScreen) view() fyne.CanvasObject { return s.content }

func (s *dashboardScreen) reload() {
	now := s.now()
	async(s.app, func(ctx context.Context) (dashboardModel, error) {
		settings, err := s.store.Settings(ctx)
		if err != nil {
			return dashboardModel{}, err
		}
		name := s.store.Path()
		if where, _ := s.store.Connection(); where != "" {
			name = where // the server's workspace, not its local copy's file
		}
		return loadDashboardModel(ctx, s.store, dashboardTitle(settings, name), now)
	}, s.apply)
	// The cards first: the history replays the change log, which takes
	// longer (loads take turns).
	s.reloadHistory(now)
}

// dashboardTitle names the organisation the workspace is about, with its
// top-level domains, or else the file.
func dashboardTitle(settings map[string]string, path string) string {
	org, tlds := strings.TrimSpace(settings[export.SettingOrganisation]), strings.TrimSpace(settings[export.SettingTLDs])
	switch {
	case org == "":
		return workspaceName(path)
	case tlds == "" || strings.Contains(strings.ToLower(org), strings.ToLower(tlds)):
		return org
	}
	return org + " · " + tlds
}

// workspaceName is the file name a person gave the workspace.
func workspaceName(path string) string {
	return strings.TrimSuffix(filepath.Base(path), workspaceExt)
}

func (s *dashboardScreen) apply(m dashboardModel, err error) {
	if err != nil {
		s.summary.SetText(i18n.T("dash.load_failed", i18n.Args{"Error": message(err)}))
		s.app.showError(err)
		return
	}
	s.chipW = chipWidth(m.Levels)
	s.title.SetText(m.Name)
	s.summary.SetText(m.summary())
	s.needs.SetSubTitle(i18n.T("dash.needs.sub.appetite", i18n.Args{"Appetite": m.Appetite}))
	s.needs.SetContent(s.needsView(m))
	s.overdue.SetContent(s.overdueView(m))
	s.checks.SetContent(s.checksView(m.Checks))
	s.top.SetContent(s.topView(m))
	s.levels.SetContent(s.levelsView(m))
	s.soaCard.SetContent(s.soaView(m.SoA))
	s.bia.SetContent(s.biaView(m.BIA))
}

func (s *dashboardScreen) needsView(m dashboardModel) fyne.CanvasObject {
	switch {
	case m.AboveAppetite == 0:
		return dashGoodNews(i18n.T("dash.needs.none"))
	case len(m.Undecided) == 0:
		return dashGoodNews(i18n.T("dash.needs.all_decided"))
	}
	box := container.NewVBox()
	shown := min(len(m.Undecided), dashListCap)
	for _, r := range m.Undecided[:shown] {
		box.Add(s.riskRow(r, r.Reason))
	}
	s.addMore(box, len(m.Undecided)-shown, nil)
	return box
}

func (s *dashboardScreen) topView(m dashboardModel) fyne.CanvasObject {
	if len(m.Top) == 0 {
		return dashNote(i18n.T("dash.top.none"))
	}
	box := container.NewVBox()
	for _, r := range m.Top {
		owner := r.Owner
		if owner == "" {
			owner = i18n.T("dash.no_owner")
		}
		box.Add(s.riskRow(r, owner+" · "+r.Score))
	}
	return box
}

// overdueView lists overdue reviews and actions within one budget of
// dashListCap lines, sharing it when both lists are long.
func (s *dashboardScreen) overdueView(m dashboardModel) fyne.CanvasObject {
	nActions := min(len(m.OverdueActions), max(dashListCap/2, dashListCap-len(m.OverdueReviews)))
	nReviews := min(len(m.OverdueReviews), dashListCap-nActions)
	box := container.NewVBox(dashSubheading(i18n.T("dash.reviews")))
	s.addOverdue(box, m.OverdueReviews, nReviews, i18n.T("dash.reviews.none"))
	box.Add(dashSubheading(i18n.T("dash.actions")))
	s.addOverdue(box, m.OverdueActions, nActions, i18n.T("dash.actions.none"))
	return box
}

// addOverdue adds the first shown items, or the good news when there are none.
func (s *dashboardScreen) addOverdue(box *fyne.Container, items []dashOverdue, shown int, empty string) {
	if len(items) == 0 {
		box.Add(dashGoodNews(empty))
	}
	for _, o := range items[:shown] {
		box.Add(s.overdueRow(o))
	}
	s.addMore(box, len(items)-shown, &risk.Filter{Overdue: true})
}

func (s *dashboardScreen) checksView(c checkSummary) fyne.CanvasObject {
	counts := widget.NewLabel(i18n.N("dash.checks.errors", c.Errors) + " · " + i18n.N("dash.checks.warnings", c.Warnings) +
		" · " + i18n.N("dash.checks.notes", c.Infos))
	box := container.NewVBox(counts)
	if c.Blanks > 0 {
		blanks := widget.NewLabel(i18n.N("dash.checks.blanks", c.Blanks))
		blanks.Wrapping = fyne.TextWrapWord
		blanks.Importance = widget.WarningImportance
		box.Add(blanks)
	}
	if c.Errors == 0 {
		box.Add(dashGoodNews(i18n.T("dash.checks.no_errors")))
		return box
	}
	for _, f := range c.Top {
		text := f.Message
		if f.Ref != "" {
			text = f.Ref + ": " + text
		}
		box.Add(s.link(text, f.ID))
	}
	if more := c.Errors - c.TopCount; more > 0 {
		box.Add(dashNote(i18n.N("dash.checks.more_errors", more)))
	}
	return box
}

func (s *dashboardScreen) soaView(p risk.SoAProgress) fyne.CanvasObject {
	if p.Total == 0 {
		return dashNote(i18n.T("dash.soa.no_catalog"))
	}
	box := container.NewVBox(dashNote(i18n.N("dash.soa.decided", p.Total, i18n.Args{"Decided": i18n.Default().Int(p.Decided), "Applicable": i18n.Default().Int(p.Applicable)})),
		dashBar(p.Decided, p.Total))
	switch {
	case p.Decided == 0:
		box.Add(dashNote(i18n.T("dash.soa.none_decided")))
	case p.Applicable > 0:
		box.Add(dashNote(i18n.N("dash.soa.implemented", p.Applicable, i18n.Args{"Implemented": i18n.Default().Int(p.Implemented)})))
		box.Add(dashBar(p.Implemented, p.Applicable))
	}
	open := widget.NewHyperlink(i18n.T("dash.soa.open"), nil)
	open.OnTapped = func() { s.app.selectSection("Controls & SoA") }
	box.Add(open)
	return box
}

// levelsView shows inherent and residual counts side by side, on one scale,
// so the effect of the existing controls reads at a glance.
func (s *dashboardScreen) levelsView(m dashboardModel) fyne.CanvasObject {
	top := 1
	for _, l := range m.Levels {
		top = max(top, l.Inherent, l.Residual)
	}
	heading := func(t string) *widget.Label {
		return widget.NewLabelWithStyle(t, fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	}
	rows := []fyne.CanvasObject{layout.NewSpacer(), container.NewGridWithColumns(2, heading(i18n.T("risks.col.inherent")), heading(i18n.T("risks.col.residual")))}
	for _, l := range m.Levels {
		rows = append(rows, levelChip(l.Level, s.chipW), container.NewGridWithColumns(2,
			dashCountBar(l.Inherent, top), dashCountBar(l.Residual, top)))
	}
	box := container.NewVBox(container.New(layout.NewFormLayout(), rows...))
	if m.Unscored > 0 {
		box.Add(dashNote(i18n.N("dash.levels.unscored", m.Unscored)))
	}
	return box
}

// riskRow is a clickable risk with its residual level and one line of detail.
func (s *dashboardScreen) riskRow(r dashRisk, detail string) fyne.CanvasObject {
	return container.NewBorder(nil, nil, levelChip(r.Level, s.chipW), nil, s.linkWithDetail(r.Ref+"  "+r.Title, r.ID, detail))
}

// overdueRow is a clickable overdue item: what, when it was due, who acts.
func (s *dashboardScreen) overdueRow(o dashOverdue) fyne.CanvasObject {
	due := s.app.dates.show(o.Due)
	detail := i18n.N("dash.overdue.review", o.Days, i18n.Args{"Due": due})
	if o.IsAction {
		detail = i18n.N("dash.overdue.action", o.Days, i18n.Args{"Due": due})
	}
	if o.Owner != "" {
		detail += " · " + o.Owner
	}
	return s.linkWithDetail(o.Ref+"  "+o.What, o.ID, detail)
}

// linkWithDetail is a link to a risk with a line of small print under it,
// held close so the two read as one item.
func (s *dashboardScreen) linkWithDetail(text string, id int64, detail string) fyne.CanvasObject {
	return container.New(layout.NewCustomPaddedVBoxLayout(-theme.Padding()*2), s.link(text, id), dashMuted(detail))
}

// link opens risk id when tapped; with no risk behind it, it is plain text.
func (s *dashboardScreen) link(text string, id int64) fyne.CanvasObject {
	if id == 0 {
		return dashNote(text)
	}
	l := widget.NewHyperlink(text, nil)
	l.Wrapping = fyne.TextWrapWord
	l.OnTapped = func() { s.app.showRisk(id) }
	return l
}

// addMore says how many items a card left out, linking to the Risks
// screen filtered to them when a filter can select them.
func (s *dashboardScreen) addMore(box *fyne.Container, more int, f *risk.Filter) {
	if more <= 0 {
		return
	}
	if f == nil {
		box.Add(dashNote(i18n.N("dash.more", more)))
		return
	}
	l := widget.NewHyperlink(i18n.N("dash.more.risks", more), nil)
	l.OnTapped = func() { s.app.showRisks(*f) }
	box.Add(l)
}

// dashBar is a bar of n out of total. Its text sits outside, in a label:
// white text on the bar's pale track is hard to read in the light theme.
func dashBar(n, total int) *widget.ProgressBar {
	b := widget.NewProgressBar()
	b.Max = float64(max(total, 1)) // a zero range would divide by zero
	b.TextFormatter = func() string { return "" }
	b.SetValue(float64(n))
	return b
}

// countBar is a bar with its count beside it, in a slot wide enough for
// four digits so that bars in a column keep the same length.
func dashCountBar(n, top int) fyne.CanvasObject {
	count := widget.NewLabelWithStyle(strconv.Itoa(n), fyne.TextAlignTrailing, fyne.TextStyle{})
	slot := widget.NewLabel("0000").MinSize()
	return container.NewBorder(nil, nil, nil, container.NewGridWrap(slot, count), dashBar(n, top))
}

// dashNote is a sentence that wraps, so it never widens its card.
func dashNote(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	return l
}

// dashGoodNews is an empty list's message, with a tick in the success
// colour; the text keeps the foreground colour so it reads in both themes.
func dashGoodNews(text string) fyne.CanvasObject {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	tick := widget.NewIcon(theme.NewSuccessThemedResource(theme.ConfirmIcon()))
	return container.NewBorder(nil, nil, tick, nil, l)
}

// dashSubheading titles a list within a card.
func dashSubheading(text string) *widget.Label {
	return widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
}

// dashMuted is small print under an item.
func dashMuted(text string) *widget.Label {
	l := dashNote(text)
	l.SizeName = theme.SizeNameCaptionText
	return l
}

// levelChip shows a level in a fixed-width slot, so the text beside chips
// of different lengths lines up.
func levelChip(l risk.Level, width float32) fyne.CanvasObject {
	c := widgets.NewChip()
	c.SetLevel(l.Label, l.Colour)
	slot := container.NewGridWrap(fyne.NewSize(width, c.MinSize().Height), c)
	return container.NewPadded(container.NewCenter(slot))
}

// chipWidth fits the widest level chip.
func chipWidth(levels []risk.LevelCount) float32 {
	w := float32(0)
	for _, l := range levels {
		c := widgets.NewChip()
		c.SetLevel(l.Level.Label, l.Level.Colour)
		w = max(w, c.MinSize().Width)
	}
	return w
}

// dashboardModel is everything the dashboard shows, as plain data computed
// from the register and the date, so it can be tested without widgets.
// Closed risks count nowhere.
type dashboardModel struct {
	Name     string
	Appetite string // label of the appetite level
	// Risks, AboveAppetite and Overdue count the risks that are not closed.
	Risks, AboveAppetite, Overdue int
	Levels                        []risk.LevelCount // highest rank first
	Unscored                      int               // risks missing an inherent or residual score
	Top                           []dashRisk        // highest residual first, at most dashTopRisks
	Undecided                     []dashRisk        // above appetite and not decided, worst first
	OverdueReviews                []dashOverdue
	OverdueActions                []dashOverdue // most overdue first, like the reviews
	SoA                           risk.SoAProgress
	Checks                        checkSummary
	BIA                           biaSummary
}

// dashRisk is a risk as a dashboard line.
type dashRisk struct {
	ID                       int64
	Ref, Title, Owner, Score string
	Level                    risk.Level // residual
	Reason                   string     // why it needs a decision
}

// dashOverdue is a review or an action past its date.
type dashOverdue struct {
	ID       int64
	Ref      string
	What     string // the risk's title for a review, the action's for an action
	Owner    string // who must act: the risk's owner, or the action's
	Due      risk.Date
	Days     int
	IsAction bool
	residual risk.Score // the risk's, for the order of one reference's lines
}

// checkSummary counts register findings by severity.
type checkSummary struct {
	Errors, Warnings, Infos int
	// Blanks counts the starter kit's "[to fill in]" still in the
	// workspace, as riskbook check does.
	Blanks   int
	Top      []dashFinding // the first errors, one per cause
	TopCount int           // how many errors Top holds
}

// dashFinding is the findings of one cause (risk.FindingGroup): the
// records they are about, the first of which opens with ID (0 when it is
// no risk), and how many findings the cause gave.
type dashFinding struct {
	ID           int64
	Ref, Message string
	Count        int
}

// decisionReasons are the risk package's rules for an above-appetite risk
// that still lacks a decision, each said in a few words.
var decisionReasons = map[string]func() string{
	"above-appetite-undecided":    func() string { return i18n.T("dash.reason.undecided") },
	"above-appetite-no-actions":   func() string { return i18n.T("dash.reason.no_actions") },
	"acceptance-approver-missing": func() string { return i18n.T("dash.reason.no_approver") },
	"acceptance-expiry-missing":   func() string { return i18n.T("dash.reason.no_expiry") },
}

// loadDashboardModel runs the whole-workspace check of now on store and
// builds the model from the risks as the check reads them, one at a time:
// the register is never held whole, nor the findings the Checks card only
// counts (it names errors only).
func loadDashboardModel(ctx context.Context, store Checker, name string, now time.Time) (dashboardModel, error) {
	var b *dashboardBuilder
	errors := func(f *risk.Finding) bool { return f.Severity == risk.SeverityError }
	_, checked, err := store.CheckEach(ctx, now, errors, func(rec *bcp.Workspace) func(*risk.Risk) {
		b = newDashboardBuilder(name, rec, risk.DateOf(now))
		return b.add
	})
	if err != nil {
		return dashboardModel{}, err
	}
	return b.model(checked), nil
}

// dashboardBuilder makes the model from the risks handed to add one at a
// time, keeping only what the cards show.
type dashboardBuilder struct {
	m     dashboardModel
	rec   *bcp.Workspace
	c     *risk.Criteria // localised
	today risk.Date
	tally *risk.Tally
	// ids finds the risk a finding is about.
	ids map[string]int64
	// top and undecided are in the order the risks came; model sorts
	// them worst first.
	top, undecided []rankedRisk
}

// rankedRisk is a dashboard line with the residual score it sorts by.
type rankedRisk struct {
	dashRisk
	residual risk.Score
}

// worstFirst orders risks as the register sorted by residual level,
// descending, does: highest level, then highest likelihood × consequence,
// then by reference.
func worstFirst(c *risk.Criteria, a, b rankedRisk) int {
	return cmp.Or(c.CompareScores(b.residual, a.residual), risk.CompareRefs(a.Ref, b.Ref))
}

func newDashboardBuilder(name string, rec *bcp.Workspace, today risk.Date) *dashboardBuilder {
	crit := rec.Register.Criteria.Localised(i18n.Default())
	b := &dashboardBuilder{m: dashboardModel{Name: name}, rec: rec, c: &crit, today: today,
		tally: risk.NewTally(&crit, today), ids: map[string]int64{}}
	if l, ok := b.c.Level(b.c.Appetite); ok {
		b.m.Appetite = l.Label
	}
	return b
}

// add counts one risk of the register and files it, when it is open, under
// the lists it belongs to. r is not kept.
func (b *dashboardBuilder) add(r *risk.Risk) {
	b.tally.Add(r)
	b.ids[r.Ref] = r.ID
	if r.Status == risk.Closed {
		return
	}
	m, c, today := &b.m, b.c, b.today
	level, scored := c.LevelOf(r.Residual)
	item := rankedRisk{dashRisk{ID: r.ID, Ref: r.Ref, Title: r.Title, Owner: r.Owner, Score: scoreName(r.Residual), Level: level}, r.Residual}
	if scored {
		// Keep the dashTopRisks worst, in order; a tie goes after the
		// risks that came first.
		i := len(b.top)
		for i > 0 && worstFirst(c, item, b.top[i-1]) < 0 {
			i--
		}
		if i < dashTopRisks {
			b.top = slices.Insert(b.top, i, item)
			b.top = b.top[:min(len(b.top), dashTopRisks)]
		}
	}
	if c.AboveAppetite(r.Residual) {
		m.AboveAppetite++
		var reasons []string
		for _, f := range risk.Check(r, c, today) {
			if why, ok := decisionReasons[f.Rule]; ok {
				reasons = append(reasons, why())
			}
		}
		if len(reasons) > 0 {
			item.Reason = strings.Join(reasons, i18n.T("dash.reason.sep"))
			b.undecided = append(b.undecided, item)
		}
	}
	if risk.IsOverdue(r, today) {
		m.Overdue++
	}
	if risk.IsReviewLate(r, today) {
		m.OverdueReviews = append(m.OverdueReviews, dashOverdue{ID: r.ID, Ref: r.Ref, What: r.Title, Owner: r.Owner,
			Due: r.NextReview, Days: r.NextReview.DaysUntil(today), residual: r.Residual})
	}
	for _, a := range r.Actions {
		if a.Overdue(today) {
			m.OverdueActions = append(m.OverdueActions, dashOverdue{ID: r.ID, Ref: r.Ref, What: a.Title, Owner: a.Owner,
				Due: a.Due, Days: a.Due.DaysUntil(today), IsAction: true, residual: r.Residual})
		}
	}
}

// model ends the build with what the check found.
func (b *dashboardBuilder) model(checked bcp.Checked) dashboardModel {
	m := b.m
	fig := b.tally.Figures()
	m.Risks, m.Levels, m.Unscored = fig.Open, fig.Levels, fig.Unscored
	slices.SortStableFunc(b.undecided, func(x, y rankedRisk) int { return worstFirst(b.c, x, y) })
	for _, r := range b.top {
		m.Top = append(m.Top, r.dashRisk)
	}
	for _, r := range b.undecided {
		m.Undecided = append(m.Undecided, r.dashRisk)
	}
	b.sortOverdue(m.OverdueReviews)
	b.sortOverdue(m.OverdueActions)
	reg := b.rec.Register
	m.SoA = risk.SoAProgressOf(reg)
	m.Checks = summarizeChecks(checked, b.ids)
	m.Checks.Blanks = checked.Blanks
	m.BIA = newBIASummary(b.rec.BIA)
	return m
}

// sortOverdue puts the most overdue first, then by reference, then (for
// one reference held by several risks) the worst first.
func (b *dashboardBuilder) sortOverdue(os []dashOverdue) {
	slices.SortStableFunc(os, func(x, y dashOverdue) int {
		return cmp.Or(cmp.Compare(y.Days, x.Days), risk.CompareRefs(x.Ref, y.Ref), b.c.CompareScores(y.residual, x.residual))
	})
}

// summarizeChecks counts the findings and keeps the first errors (the
// findings come sorted errors first), linked to their risks (ids by
// reference).
func summarizeChecks(c bcp.Checked, ids map[string]int64) checkSummary {
	s := checkSummary{Errors: c.Counts.Errors, Warnings: c.Counts.Warnings, Infos: c.Counts.Infos}
	for _, g := range risk.GroupFindings(c.Findings) {
		if g.Severity != risk.SeverityError || len(s.Top) == dashTopFindings {
			break
		}
		s.Top = append(s.Top, dashFinding{ID: ids[g.Ref], Ref: g.Affects(), Message: g.Message, Count: g.Count})
		s.TopCount += g.Count
	}
	return s
}

// summary is the one line under the workspace name.
func (m dashboardModel) summary() string {
	if m.Risks == 0 {
		return i18n.T("dash.summary.none")
	}
	return i18n.N("dash.summary", m.Risks, i18n.Args{"Above": i18n.Default().Int(m.AboveAppetite), "Overdue": i18n.Default().Int(m.Overdue)})
}
