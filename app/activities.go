package app

import (
	"context"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"riskbook/bcp"
	"riskbook/i18n"
	"riskbook/risk"
)

// activitiesStore is what the Activities screen needs: the BIA, the risks
// that threaten activities, and the writes of activities and criteria.
type activitiesStore interface {
	BIA(ctx context.Context) (*bcp.BIA, error)
	Risks(ctx context.Context) ([]risk.Risk, error)
	SetBIASettings(ctx context.Context, s bcp.Settings) error
	CreateActivity(ctx context.Context, a *bcp.Activity) error
	UpdateActivity(ctx context.Context, a *bcp.Activity) error
	DeleteActivity(ctx context.Context, id int64) error
}

// activitiesModel is what the screen loads: the BIA and the risks, with
// what the list shows worked out once.
type activitiesModel struct {
	bia   *bcp.BIA
	risks []risk.Risk
	gaps  map[string]bool // activity refs with an ICT readiness gap
}

func newActivitiesModel(b *bcp.BIA, risks []risk.Risk) activitiesModel {
	m := activitiesModel{bia: b, risks: risks, gaps: map[string]bool{}}
	for _, row := range bcp.Readiness(b) {
		if len(row.Gaps) > 0 {
			m.gaps[row.Activity.Ref] = true
		}
	}
	return m
}

// biaRiskReader reads what the activity and resource screens show.
type biaRiskReader interface {
	BIA(ctx context.Context) (*bcp.BIA, error)
	Risks(ctx context.Context) ([]risk.Risk, error)
}

// fetchBIAModel reads the BIA and the risks and works a screen's model out
// of them.
func fetchBIAModel[M any](ctx context.Context, store biaRiskReader, model func(*bcp.BIA, []risk.Risk) M) (M, error) {
	var none M
	b, err := store.BIA(ctx)
	if err != nil {
		return none, err
	}
	rs, err := store.Risks(ctx)
	if err != nil {
		return none, err
	}
	return model(b, rs), nil
}

// threatsTo lists the risks that name ref among what they threaten.
func threatsTo(risks []risk.Risk, ref string) []linkedRisk {
	var out []linkedRisk
	for _, r := range risks {
		if slices.ContainsFunc(r.Threatens, func(t string) bool { return strings.EqualFold(t, ref) }) {
			out = append(out, linkedRisk{ID: r.ID, Ref: r.Ref, Title: r.Title})
		}
	}
	return out
}

// activitiesScreen is the BIA's list of prioritised activities and the
// editor of the selected one.
type activitiesScreen struct {
	*entityList[bcp.Activity]
	store activitiesStore
	today func() risk.Date

	data   activitiesModel
	editor *activityEditor
	// settings is the impact criteria dialog last opened.
	settings *biaSettingsForm
	root     fyne.CanvasObject
}

func newActivitiesScreen(store activitiesStore, a *App) *activitiesScreen {
	s := &activitiesScreen{store: store, today: func() risk.Date { return risk.DateOf(time.Now()) },
		data: activitiesModel{bia: &bcp.BIA{Settings: bcp.DefaultSettings()}}}
	s.entityList = &entityList[bcp.Activity]{app: a, owner: s,
		words: entityWords{kind: activityKind,
			search: i18n.T("bia.activities.search"),
			none:   i18n.T("bia.activities.none"),
			// A row: the reference, the name over the targets, and the gap
			// marker.
			refSample: "ACT-00", titleSample: i18n.T("bia.activities.sample.title"), detailSample: i18n.T("bia.activities.sample.detail"),
			markerSample: i18n.T("bia.activities.gap"), marker: widget.DangerImportance,
			deleted: i18n.T("bia.activities.deleted")},
		items:  func() []bcp.Activity { return s.data.bia.Activities },
		id:     func(a *bcp.Activity) int64 { return a.ID },
		ref:    func(a *bcp.Activity) string { return a.Ref },
		title:  func(a *bcp.Activity) string { return a.Name },
		detail: func(a *bcp.Activity) string { return activityTargets(a, &s.data.bia.Settings) },
		match:  func(a *bcp.Activity) string { return a.Ref + " " + a.Name + " " + a.Owner + " " + a.Description },
		marker: func(a *bcp.Activity) (string, bool) { return i18n.T("bia.activities.gap"), s.data.gaps[a.Ref] },
		show: func(a *bcp.Activity) {
			s.editor.show(*a, s.data.bia, threatsTo(s.data.risks, a.Ref))
		},
		remove: store.DeleteActivity,
		reload: s.reload,
	}
	s.build()
	return s
}

func (s *activitiesScreen) build() {
	criteria := widget.NewButtonWithIcon(i18n.T("bia.activities.criteria"), theme.SettingsIcon(), s.editSettings)
	add := widget.NewButtonWithIcon(i18n.T("bia.activities.new"), theme.ContentAddIcon(), s.newActivity)
	add.Importance = widget.HighImportance
	s.editor = newActivityEditor(s.store, s.app, s.saved, s.closeEditor, s.deleteSelected)
	s.editor.today = func() risk.Date { return s.today() }
	s.ed = s.editor
	// The two buttons fold onto two lines rather than widen the window.
	s.buildSplit(newFlow(false, criteria, add), s.editor.view(), 0.42)
	s.root = s.split
}

func (s *activitiesScreen) view() fyne.CanvasObject { return s.root }

// reload fetches the BIA and the risks; an edit in progress is kept.
func (s *activitiesScreen) reload() {
	async(s.app, s.fetch, s.apply)
}

func (s *activitiesScreen) fetch(ctx context.Context) (activitiesModel, error) {
	return fetchBIAModel(ctx, s.store, newActivitiesModel)
}

func (s *activitiesScreen) apply(m activitiesModel, err error) {
	if s.failed(err) {
		return
	}
	s.data = m
	s.refilter()
	s.reopen()
}

// activityTargets is the one line of figures under an activity's name.
func activityTargets(a *bcp.Activity, st *bcp.Settings) string {
	prio := i18n.T("bia.activities.unranked")
	if a.Priority > 0 {
		prio = i18n.T("bia.activities.priority", i18n.Args{"N": a.Priority})
	}
	mtpd, _ := a.MTPD(st)
	return i18n.T("bia.activities.targets", i18n.Args{"Priority": prio, "MTPD": orDash(durationName(mtpd)),
		"RTO": orDash(durationName(a.RTO)), "RPO": orDash(durationName(a.RPO))})
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// saved puts a stored activity back in the list and tells other screens.
func (s *activitiesScreen) saved(a bcp.Activity) {
	if cur, ok := s.find(a.ID); ok {
		*cur = a
	}
	s.data = newActivitiesModel(s.data.bia, s.data.risks)
	s.list.Refresh()
	s.app.changed(s)
}

// newActivity creates an activity with the next reference and opens it.
func (s *activitiesScreen) newActivity() {
	s.editor.flush()
	a := bcp.Activity{Name: i18n.T("bia.activities.new.name")}
	if err := s.store.CreateActivity(context.Background(), &a); err != nil {
		s.app.showError(err)
		return
	}
	s.data.bia.Activities = append(s.data.bia.Activities, a)
	s.created(a.ID, func() { s.apply(newActivitiesModel(s.data.bia, s.data.risks), nil) })
	s.editor.focusName()
	s.app.notify(i18n.T("bia.activities.created", i18n.Args{"Ref": a.Ref}))
}

// editSettings opens the impact criteria; saving them reloads every screen.
func (s *activitiesScreen) editSettings() {
	s.editor.flush()
	s.settings = showBIASettings(s.app, s.data.bia.Settings, s.saveSettings)
}

func (s *activitiesScreen) saveSettings(st bcp.Settings) error {
	if err := s.store.SetBIASettings(context.Background(), st); err != nil {
		return err
	}
	s.reload()
	s.app.changed(s)
	s.app.notify(i18n.T("bia.settings.saved"))
	return nil
}
