package app

import (
	"context"
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"riskbook/bcp"
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
	RaiseRiskFromFinding(ctx context.Context, exerciseID int64, findingIndex int) (risk.Risk, error)
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
	store exercisesStore
	app   *App
	today func() risk.Date

	data     exercisesModel
	shown    []int // indexes into data.exercises
	selected int64 // ID of the exercise in the editor, 0 when closed

	search *widget.Entry
	count  *widget.Label
	list   *widget.List
	empty  *widget.Label
	editor *exerciseEditor
	split  *container.Split
	root   fyne.CanvasObject
}

func newExercisesScreen(store exercisesStore, a *App) *exercisesScreen {
	s := &exercisesScreen{store: store, app: a, today: func() risk.Date { return risk.DateOf(time.Now()) },
		data: exercisesModel{bia: &bcp.BIA{Settings: bcp.DefaultSettings()}}}
	s.build()
	return s
}

func (s *exercisesScreen) build() {
	s.search = widget.NewEntry()
	s.search.SetPlaceHolder("Search reference, title, scenario or playbook")
	s.search.OnChanged = func(string) { s.refilter() }
	s.count = widget.NewLabel("")
	add := widget.NewButtonWithIcon("New exercise", theme.ContentAddIcon(), s.newExercise)
	add.Importance = widget.HighImportance
	s.list = widget.NewList(func() int { return len(s.shown) }, s.createRow, s.updateRow)
	s.list.OnSelected = func(id widget.ListItemID) {
		if id >= 0 && id < len(s.shown) {
			s.open(s.data.exercises[s.shown[id]].ID)
		}
	}
	s.empty = wrapLabel("")
	s.empty.Alignment = fyne.TextAlignCenter
	s.empty.Hide()
	s.editor = newExerciseEditor(s.store, s.app, s.saved, s.closeEditor, s.deleteExercise)
	s.editor.today = func() risk.Date { return s.today() }
	top := container.NewVBox(container.NewBorder(nil, nil, nil, add, s.count), s.search)
	left := container.NewBorder(top, nil, nil, nil,
		container.NewStack(s.list, container.NewVBox(layout.NewSpacer(), s.empty, layout.NewSpacer())))
	s.split = container.NewHSplit(left, s.editor.view())
	s.split.Offset = 0.36
	s.editor.view().Hide()
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
	if err != nil {
		s.count.SetText("The exercises could not be read.")
		s.app.showError(err)
		return
	}
	s.data = m
	s.refilter()
	if s.selected == 0 {
		return
	}
	if _, ok := s.find(s.selected); ok {
		s.showEditor()
	} else {
		s.closeEditor()
	}
}

func (s *exercisesScreen) find(id int64) (*bcp.Exercise, bool) {
	for i := range s.data.exercises {
		if s.data.exercises[i].ID == id {
			return &s.data.exercises[i], true
		}
	}
	return nil, false
}

// refilter recomputes the rows the search shows.
func (s *exercisesScreen) refilter() {
	text := strings.ToLower(strings.TrimSpace(s.search.Text))
	s.shown = s.shown[:0]
	for i, ex := range s.data.exercises {
		hay := strings.ToLower(ex.Ref + " " + ex.Title + " " + ex.Scenario + " " + strings.Join(ex.Playbooks, " "))
		if text == "" || strings.Contains(hay, text) {
			s.shown = append(s.shown, i)
		}
	}
	total := len(s.data.exercises)
	s.count.SetText(fmt.Sprintf("%d of %s", len(s.shown), countOf(total, "exercise", "exercises")))
	switch {
	case total == 0:
		s.empty.SetText("No exercise yet.\nChoose New exercise to record a tabletop, walkthrough, simulation or failover:\nwhat was played, what it achieved, what it found and what will be done.")
		s.empty.Show()
	case len(s.shown) == 0:
		s.empty.SetText("No exercise matches the search. Clear the search field to see them all.")
		s.empty.Show()
	default:
		s.empty.Hide()
	}
	s.list.UnselectAll()
	s.list.Refresh()
	s.markSelection()
}

func (s *exercisesScreen) markSelection() {
	for row, i := range s.shown {
		if s.data.exercises[i].ID == s.selected {
			on := s.list.OnSelected
			s.list.OnSelected = nil
			s.list.Select(row)
			s.list.OnSelected = on
			return
		}
	}
}

// createRow builds a row: the reference, the title over the type, date,
// report and open actions, and the marker of warnings.
func (s *exercisesScreen) createRow() fyne.CanvasObject {
	ref := widget.NewLabelWithStyle("EX-00", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title := widget.NewLabel("Title")
	title.Truncation = fyne.TextTruncateEllipsis
	detail := widget.NewLabel("Type · date · report")
	detail.SizeName = theme.SizeNameCaptionText
	detail.Truncation = fyne.TextTruncateEllipsis
	warn := widget.NewLabelWithStyle("2 warnings", fyne.TextAlignTrailing, fyne.TextStyle{Bold: true})
	warn.Importance = widget.WarningImportance
	lines := container.New(layout.NewCustomPaddedVBoxLayout(-2*theme.InnerPadding()), title, detail)
	return container.NewBorder(nil, nil, atLeastWide(refSlotWidth("EX-000"), ref), warn, lines)
}

func (s *exercisesScreen) updateRow(id widget.ListItemID, o fyne.CanvasObject) {
	if id >= len(s.shown) {
		return
	}
	ex := &s.data.exercises[s.shown[id]]
	row := o.(*fyne.Container)
	lines := row.Objects[0].(*fyne.Container)
	lines.Objects[0].(*widget.Label).SetText(ex.Title)
	lines.Objects[1].(*widget.Label).SetText(exerciseSummary(ex))
	row.Objects[1].(*fyne.Container).Objects[1].(*widget.Label).SetText(ex.Ref)
	warn := row.Objects[2].(*widget.Label)
	n := s.data.warnings[strings.ToUpper(ex.Ref)]
	warn.SetText(countOf(n, "warning", "warnings"))
	warn.Hidden = n == 0
	warn.Refresh()
}

// exerciseSummary is the line under an exercise's title: type, date,
// report due or done, open improvement actions.
func exerciseSummary(ex *bcp.Exercise) string {
	parts := []string{bcp.ExerciseTypeName(ex.Type), ex.Date.String()}
	if ex.ReportDate.IsZero() {
		parts = append(parts, "report due "+ex.ReportDue().String())
	} else {
		parts = append(parts, "report done "+ex.ReportDate.String())
	}
	parts = append(parts, countOf(ex.OpenActions(), "open action", "open actions"))
	return strings.Join(parts, " · ")
}

// open shows the exercise in the editor; before the list is loaded it is
// remembered and opened once it is.
func (s *exercisesScreen) open(id int64) {
	if s.selected != 0 && s.selected != id {
		s.editor.flush()
	}
	s.selected = id
	if _, ok := s.find(id); !ok {
		return
	}
	s.showEditor()
	s.markSelection()
	for row, i := range s.shown {
		if s.data.exercises[i].ID == id {
			s.list.ScrollTo(row)
		}
	}
}

func (s *exercisesScreen) showEditor() {
	ex, _ := s.find(s.selected)
	s.editor.show(*ex, s.data.playbooks, s.data.bia, s.data.risks)
	s.editor.view().Show()
	s.split.Refresh()
}

// closeEditor saves what is pending and hides the editor.
func (s *exercisesScreen) closeEditor() {
	s.editor.flush()
	s.selected = 0
	s.editor.view().Hide()
	s.list.UnselectAll()
	s.split.Refresh()
}

// flush saves what the editor holds; the app calls it before closing.
func (s *exercisesScreen) flush() { s.editor.flush() }

// saved puts a stored exercise back in the list and tells other screens;
// raised is true when the store also created a risk.
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
	ex := bcp.Exercise{Title: "New exercise", Type: bcp.Tabletop, Date: s.today()}
	if p := stalestPlaybook(s.data.playbooks); p != nil {
		ex.Title = "Tabletop: " + p.Title
		ex.Playbooks = []string{p.Ref}
		ex.Scenario = p.Scenario
	}
	if err := s.store.CreateExercise(context.Background(), &ex); err != nil {
		s.app.showError(err)
		return
	}
	s.data.exercises = append(s.data.exercises, ex)
	s.search.SetText("")
	s.selected = ex.ID
	s.apply(newExercisesModel(s.data.exercises, s.data.playbooks, s.data.bia, s.data.risks, s.today()), nil)
	s.open(ex.ID)
	s.app.changed(s)
	s.editor.focusTitle()
	s.app.notify(fmt.Sprintf("Created %s. Say what was played and who took part; record results, findings and improvement actions afterwards.", ex.Ref))
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

// deleteExercise asks, then deletes the exercise in the editor.
func (s *exercisesScreen) deleteExercise() {
	ex, ok := s.find(s.selected)
	if !ok {
		return
	}
	id, ref := ex.ID, ex.Ref
	dialog.ShowConfirm("Delete "+ref+"?",
		fmt.Sprintf("%s — %s\n\nThe exercise, its results, findings and improvement actions are removed.\nRisks its findings raised stay in the register. The change log keeps a record of what it was.", ref, ex.Title),
		func(ok bool) {
			if ok {
				s.confirmDelete(id, ref)
			}
		}, s.app.win)
}

func (s *exercisesScreen) confirmDelete(id int64, ref string) {
	s.editor.discard()
	if err := s.store.DeleteExercise(context.Background(), id); err != nil {
		s.app.showError(err)
		return
	}
	s.selected = 0
	s.editor.view().Hide()
	s.split.Refresh()
	s.reload()
	s.app.changed(s)
	s.app.notify(fmt.Sprintf("Deleted %s.", ref))
}
