package app

import (
	"context"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"riskbook/bcp"
	"riskbook/i18n"
	"riskbook/risk"
)

// exercisesStore is what the Exercises screen needs: the exercises, the
// playbooks they play, and the BIA and risks their results and findings
// are judged against and raise.
type exercisesStore interface {
	biaRiskReader
	Playbooks(ctx context.Context) ([]bcp.Playbook, error)
	Exercises(ctx context.Context) ([]bcp.Exercise, error)
	CreateExercise(ctx context.Context, ex *bcp.Exercise) error
	UpdateExercise(ctx context.Context, ex *bcp.Exercise) error
	DeleteExercise(ctx context.Context, id int64) error
	RaiseRiskFromFinding(ctx context.Context, exerciseID int64, findingIndex int) (risk.Risk, bcp.Exercise, error)
}

// exercisesModel is what the screen loads, with the warnings the rules
// find in each exercise counted once.
type exercisesModel struct {
	exercises []bcp.Exercise
	playbooks []bcp.Playbook
	bia       *bcp.BIA
	risks     []risk.Risk
	warnings  map[string]int // by upper-cased exercise ref
}

func newExercisesModel(exs []bcp.Exercise, pbs []bcp.Playbook, b *bcp.BIA, risks []risk.Risk, today risk.Date) exercisesModel {
	m := exercisesModel{exercises: exs, playbooks: pbs, bia: b, risks: risks, warnings: map[string]int{}}
	for _, f := range bcp.CheckExercises(exs, pbs, b, today) {
		if f.Severity >= risk.SeverityWarning {
			m.warnings[strings.ToUpper(f.Ref)]++
		}
	}
	return m
}

// exercisesScreen lists the exercises and edits the selected one.
type exercisesScreen struct {
	*entityList[bcp.Exercise]
	store exercisesStore
	today func() risk.Date

	data   exercisesModel
	editor *exerciseEditor
	root   fyne.CanvasObject
}

func newExercisesScreen(store exercisesStore, a *App) *exercisesScreen {
	s := &exercisesScreen{store: store, today: func() risk.Date { return risk.DateOf(time.Now()) },
		data: exercisesModel{bia: &bcp.BIA{Settings: bcp.DefaultSettings()}}}
	s.entityList = &entityList[bcp.Exercise]{app: a, owner: s,
		words: entityWords{kind: exerciseKind,
			search: i18n.T("exercises.search"),
			none:   i18n.T("exercises.none"),
			// A row: the reference, the title over the type, date, report
			// and open actions, and the marker of warnings.
			refSample: "EX-00", titleSample: i18n.T("exercises.sample.title"), detailSample: i18n.T("exercises.sample.detail"),
			markerSample: warningCount(2), marker: widget.WarningImportance,
			deleted: i18n.T("exercises.deleted")},
		items:  func() []bcp.Exercise { return s.data.exercises },
		id:     func(ex *bcp.Exercise) int64 { return ex.ID },
		ref:    func(ex *bcp.Exercise) string { return ex.Ref },
		title:  func(ex *bcp.Exercise) string { return ex.Title },
		detail: func(ex *bcp.Exercise) string { return exerciseSummary(ex, a.dates) },
		match: func(ex *bcp.Exercise) string {
			return ex.Ref + " " + ex.Title + " " + ex.Scenario + " " + strings.Join(ex.Playbooks, " ")
		},
		marker: func(ex *bcp.Exercise) (string, bool) {
			n := s.data.warnings[strings.ToUpper(ex.Ref)]
			return warningCount(n), n > 0
		},
		show: func(ex *bcp.Exercise) {
			s.editor.show(*ex, s.data.playbooks, s.data.bia, s.data.risks)
		},
		remove: store.DeleteExercise,
		reload: s.reload,
	}
	s.build()
	return s
}

func (s *exercisesScreen) build() {
	add := widget.NewButtonWithIcon(i18n.T("exercises.new"), theme.ContentAddIcon(), s.newExercise)
	add.Importance = widget.HighImportance
	s.editor = newExerciseEditor(s.store, s.app, s.saved, s.closeEditor, s.deleteSelected)
	s.editor.today = func() risk.Date { return s.today() }
	s.ed = s.editor
	s.buildSplit(add, s.editor.view(), 0.36)
	s.root = s.split
}

func (s *exercisesScreen) view() fyne.CanvasObject { return s.root }

// reload fetches the exercises, playbooks, BIA and risks; an edit in
// progress is kept.
func (s *exercisesScreen) reload() { async(s.app, s.fetch, s.apply) }

func (s *exercisesScreen) fetch(ctx context.Context) (exercisesModel, error) {
	exs, err := s.store.Exercises(ctx)
	if err != nil {
		return exercisesModel{}, err
	}
	pbs, err := s.store.Playbooks(ctx)
	if err != nil {
		return exercisesModel{}, err
	}
	today := s.today()
	return fetchBIAModel(ctx, s.store, func(b *bcp.BIA, rs []risk.Risk) exercisesModel {
		return newExercisesModel(exs, pbs, b, rs, today)
	})
}

func (s *exercisesScreen) apply(m exercisesModel, err error) {
	if s.failed(err) {
		return
	}
	s.data = m
	s.refilter()
	s.reopen()
}

// exerciseSummary is the line under an exercise's title: type, date,
// report due or done, open improvement actions.
func exerciseSummary(ex *bcp.Exercise, dates dateFormat) string {
	parts := []string{bcp.ExerciseTypeName(ex.Type), dates.show(ex.Date)}
	if ex.ReportDate.IsZero() {
		parts = append(parts, i18n.T("exercises.summary.reportdue", i18n.Args{"Date": dates.show(ex.ReportDue())}))
	} else {
		parts = append(parts, i18n.T("exercises.summary.reportdone", i18n.Args{"Date": dates.show(ex.ReportDate)}))
	}
	parts = append(parts, i18n.N("exercises.summary.openactions", ex.OpenActions()))
	return strings.Join(parts, " · ")
}

// saved puts a stored exercise back in the list and tells other screens.
func (s *exercisesScreen) saved(ex bcp.Exercise) {
	if cur, ok := s.find(ex.ID); ok {
		*cur = ex
	}
	s.data = newExercisesModel(s.data.exercises, s.data.playbooks, s.data.bia, s.data.risks, s.today())
	s.list.Refresh()
	s.app.changed(s)
}

// newExercise stores a tabletop exercise of today, playing the playbook
// exercised longest ago, and opens it.
func (s *exercisesScreen) newExercise() {
	s.editor.flush()
	ex := bcp.Exercise{Title: i18n.T("exercises.new.title"), Type: bcp.Tabletop, Date: s.today()}
	if p := stalestPlaybook(s.data.playbooks); p != nil {
		ex.Title = i18n.T("exercises.new.tabletop", i18n.Args{"Playbook": p.Title})
		ex.Playbooks = []string{p.Ref}
		ex.Scenario = p.Scenario
	}
	if err := s.store.CreateExercise(context.Background(), &ex); err != nil {
		s.app.showError(err)
		return
	}
	s.data.exercises = append(s.data.exercises, ex)
	s.created(ex.ID, func() {
		s.apply(newExercisesModel(s.data.exercises, s.data.playbooks, s.data.bia, s.data.risks, s.today()), nil)
	})
	s.editor.focusTitle()
	s.app.notify(i18n.T("exercises.created", i18n.Args{"Ref": ex.Ref}))
}

// stalestPlaybook is the playbook never exercised or exercised longest
// ago, the likeliest to rehearse next; nil without playbooks.
func stalestPlaybook(pbs []bcp.Playbook) *bcp.Playbook {
	var out *bcp.Playbook
	for i := range pbs {
		p := &pbs[i]
		if out == nil || p.LastExercised.Before(out.LastExercised) {
			out = p
		}
	}
	return out
}
