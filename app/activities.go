package app

import (
	"context"
	"fmt"
	"slices"
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
	store activitiesStore
	app   *App
	today func() risk.Date

	data     activitiesModel
	shown    []int // indexes into data.bia.Activities
	selected int64 // ID of the activity in the editor, 0 when closed

	search *widget.Entry
	count  *widget.Label
	list   *widget.List
	empty  *widget.Label
	editor *activityEditor
	// settings is the impact criteria dialog last opened.
	settings *biaSettingsForm
	split    *container.Split
	root     fyne.CanvasObject
}

func newActivitiesScreen(store activitiesStore, a *App) *activitiesScreen {
	s := &activitiesScreen{store: store, app: a, today: func() risk.Date { return risk.DateOf(time.Now()) },
		data: activitiesModel{bia: &bcp.BIA{Settings: bcp.DefaultSettings()}}}
	s.build()
	return s
}

func (s *activitiesScreen) build() {
	s.search = widget.NewEntry()
	s.search.SetPlaceHolder("Search reference, name, owner or description")
	s.search.OnChanged = func(string) { s.refilter() }
	s.count = widget.NewLabel("")
	criteria := widget.NewButtonWithIcon("Impact criteria…", theme.SettingsIcon(), s.editSettings)
	add := widget.NewButtonWithIcon("New activity", theme.ContentAddIcon(), s.newActivity)
	add.Importance = widget.HighImportance
	s.list = widget.NewList(func() int { return len(s.shown) }, s.createRow, s.updateRow)
	s.list.OnSelected = func(id widget.ListItemID) {
		if id >= 0 && id < len(s.shown) {
			s.open(s.data.bia.Activities[s.shown[id]].ID)
		}
	}
	s.empty = wrapLabel("")
	s.empty.Alignment = fyne.TextAlignCenter
	s.empty.Hide()
	s.editor = newActivityEditor(s.store, s.app, s.saved, s.closeEditor, s.deleteActivity)
	s.editor.today = func() risk.Date { return s.today() }
	top := container.NewVBox(
		container.NewBorder(nil, nil, nil, container.NewHBox(criteria, add), s.count),
		s.search)
	left := container.NewBorder(top, nil, nil, nil,
		container.NewStack(s.list, container.NewVBox(layout.NewSpacer(), s.empty, layout.NewSpacer())))
	s.split = container.NewHSplit(left, s.editor.view())
	s.split.Offset = 0.42
	s.editor.view().Hide()
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
	if err != nil {
		s.count.SetText("The activities could not be read.")
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

func (s *activitiesScreen) find(id int64) (*bcp.Activity, bool) {
	for i := range s.data.bia.Activities {
		if s.data.bia.Activities[i].ID == id {
			return &s.data.bia.Activities[i], true
		}
	}
	return nil, false
}

// refilter recomputes the rows the search shows.
func (s *activitiesScreen) refilter() {
	text := strings.ToLower(strings.TrimSpace(s.search.Text))
	s.shown = s.shown[:0]
	for i, a := range s.data.bia.Activities {
		hay := strings.ToLower(a.Ref + " " + a.Name + " " + a.Owner + " " + a.Description)
		if text == "" || strings.Contains(hay, text) {
			s.shown = append(s.shown, i)
		}
	}
	total := len(s.data.bia.Activities)
	s.count.SetText(fmt.Sprintf("%d of %s", len(s.shown), countOf(total, "activity", "activities")))
	switch {
	case total == 0:
		s.empty.SetText("No activity yet.\nAdd what your organisation must keep running with New activity, starting with the most urgent.")
		s.empty.Show()
	case len(s.shown) == 0:
		s.empty.SetText("No activity matches the search. Clear the search field to see them all.")
		s.empty.Show()
	default:
		s.empty.Hide()
	}
	s.list.UnselectAll()
	s.list.Refresh()
	s.markSelection()
}

func (s *activitiesScreen) markSelection() {
	for row, i := range s.shown {
		if s.data.bia.Activities[i].ID == s.selected {
			on := s.list.OnSelected
			s.list.OnSelected = nil
			s.list.Select(row)
			s.list.OnSelected = on
			return
		}
	}
}

// createRow builds a row: the reference, the name over the targets, and
// the gap marker.
func (s *activitiesScreen) createRow() fyne.CanvasObject {
	ref := widget.NewLabelWithStyle("ACT-00", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	name := widget.NewLabel("Name")
	name.Truncation = fyne.TextTruncateEllipsis
	targets := widget.NewLabel("Priority · MTPD · RTO · RPO")
	targets.SizeName = theme.SizeNameCaptionText
	targets.Truncation = fyne.TextTruncateEllipsis
	gap := widget.NewLabelWithStyle("ICT gap", fyne.TextAlignTrailing, fyne.TextStyle{Bold: true})
	gap.Importance = widget.DangerImportance
	lines := container.New(layout.NewCustomPaddedVBoxLayout(-2*theme.InnerPadding()), name, targets)
	return container.NewBorder(nil, nil, atLeastWide(refSlotWidth("ACT-000"), ref), gap, lines)
}

func (s *activitiesScreen) updateRow(id widget.ListItemID, o fyne.CanvasObject) {
	if id >= len(s.shown) {
		return
	}
	a := &s.data.bia.Activities[s.shown[id]]
	row := o.(*fyne.Container)
	lines := row.Objects[0].(*fyne.Container)
	lines.Objects[0].(*widget.Label).SetText(a.Name)
	lines.Objects[1].(*widget.Label).SetText(activityTargets(a, &s.data.bia.Settings))
	row.Objects[1].(*fyne.Container).Objects[1].(*widget.Label).SetText(a.Ref)
	gap := row.Objects[2].(*widget.Label)
	gap.Hidden = !s.data.gaps[a.Ref]
	gap.Refresh()
}

// activityTargets is the one line of figures under an activity's name.
func activityTargets(a *bcp.Activity, st *bcp.Settings) string {
	prio := "not ranked"
	if a.Priority > 0 {
		prio = fmt.Sprintf("priority %d", a.Priority)
	}
	mtpd, _ := a.MTPD(st)
	return fmt.Sprintf("%s · MTPD %s · RTO %s · RPO %s", capitalise(prio), orDash(mtpd.String()), orDash(a.RTO.String()), orDash(a.RPO.String()))
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// open shows the activity in the editor; before the list is loaded it is
// remembered and opened once it is.
func (s *activitiesScreen) open(id int64) {
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
		if s.data.bia.Activities[i].ID == id {
			s.list.ScrollTo(row)
		}
	}
}

func (s *activitiesScreen) showEditor() {
	a, _ := s.find(s.selected)
	s.editor.show(*a, s.data.bia, threatsTo(s.data.risks, a.Ref))
	s.editor.view().Show()
	s.split.Refresh()
}

// closeEditor saves what is pending and hides the editor.
func (s *activitiesScreen) closeEditor() {
	s.editor.flush()
	s.selected = 0
	s.editor.view().Hide()
	s.list.UnselectAll()
	s.split.Refresh()
}

// flush saves what the editor holds; the app calls it before closing.
func (s *activitiesScreen) flush() { s.editor.flush() }

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
	a := bcp.Activity{Name: "New activity"}
	if err := s.store.CreateActivity(context.Background(), &a); err != nil {
		s.app.showError(err)
		return
	}
	s.data.bia.Activities = append(s.data.bia.Activities, a)
	s.search.SetText("")
	s.selected = a.ID
	s.apply(newActivitiesModel(s.data.bia, s.data.risks), nil)
	s.open(a.ID)
	s.editor.focusName()
	s.app.changed(s)
	s.app.notify(fmt.Sprintf("Created %s. Name it, then fill in its impacts over time.", a.Ref))
}

// deleteActivity asks, then deletes the activity in the editor.
func (s *activitiesScreen) deleteActivity() {
	a, ok := s.find(s.selected)
	if !ok {
		return
	}
	id, ref := a.ID, a.Ref
	dialog.ShowConfirm("Delete "+ref+"?",
		fmt.Sprintf("%s — %s\n\nThe activity is removed from the BIA, from the upstream lists of other activities\nand from the risks that threaten it. The change log keeps a record of what it was.", ref, a.Name),
		func(ok bool) {
			if ok {
				s.confirmDelete(id, ref)
			}
		}, s.app.win)
}

func (s *activitiesScreen) confirmDelete(id int64, ref string) {
	s.editor.discard()
	if err := s.store.DeleteActivity(context.Background(), id); err != nil {
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

// editSettings opens the impact criteria; saving them reloads every screen.
func (s *activitiesScreen) editSettings() {
	s.editor.flush()
	s.settings = showBIASettings(s.app.win, s.data.bia.Settings, s.saveSettings)
}

func (s *activitiesScreen) saveSettings(st bcp.Settings) error {
	if err := s.store.SetBIASettings(context.Background(), st); err != nil {
		return err
	}
	s.reload()
	s.app.changed(s)
	s.app.notify("Saved the impact criteria.")
	return nil
}
