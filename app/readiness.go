package app

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"riskbook/bcp"
	"riskbook/i18n"
)

// readinessStore is what the Readiness screen reads.
type readinessStore interface {
	BIA(ctx context.Context) (*bcp.BIA, error)
}

// readinessModel is the ICT readiness view of the BIA: every activity's
// required against achievable recovery, most important first, and the
// single points of failure, people first.
type readinessModel struct {
	rows  []bcp.ReadinessRow
	spofs []bcp.SinglePoint
	gaps  int // activities with at least one gap
}

func newReadinessModel(b *bcp.BIA) readinessModel {
	m := readinessModel{rows: bcp.Readiness(b), spofs: bcp.SinglePoints(b)}
	slices.SortStableFunc(m.rows, func(x, y bcp.ReadinessRow) int {
		return cmp.Compare(rankOrder(x.Activity.Priority), rankOrder(y.Activity.Priority))
	})
	for _, r := range m.rows {
		if len(r.Gaps) > 0 {
			m.gaps++
		}
	}
	return m
}

// rankOrder puts unranked activities (0) after every ranked one.
func rankOrder(p int) int {
	if p < 1 {
		return 1 << 30
	}
	return p
}

// readinessColumns are the widths of the figure columns right of the
// activity's name: priority, then required and achievable RTO and RPO.
var readinessColumns = []float32{80, 112, 136, 112, 136}

// readinessScreen compares what each activity requires with what the ICT
// systems behind it can achieve (ISO/IEC 27031), and lists the single
// points of failure.
type readinessScreen struct {
	store readinessStore
	app   *App
	data  readinessModel

	summary   *widget.Label
	good      *fyne.Container
	rows      *widget.List
	noRows    *widget.Label
	spofTitle *widget.Label
	spofs     *widget.List
	noSpofs   fyne.CanvasObject
	root      fyne.CanvasObject
}

func newReadinessScreen(store readinessStore, a *App) *readinessScreen {
	s := &readinessScreen{store: store, app: a}
	s.summary = widget.NewLabelWithStyle(i18n.T("dash.readiness.loading"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	s.summary.Wrapping = fyne.TextWrapWord
	s.good = container.NewVBox()
	s.rows = widget.NewList(func() int { return len(s.data.rows) }, s.createRow, s.updateRow)
	s.rows.OnSelected = s.openActivity
	s.noRows = wrapLabel(i18n.T("dash.readiness.none"))
	s.noRows.Hide()
	s.spofTitle = readinessHeading(i18n.T("dash.bia.spofs"))
	s.spofs = widget.NewList(func() int { return len(s.data.spofs) }, s.createSpof, s.updateSpof)
	s.spofs.OnSelected = s.openResource
	s.noSpofs = dashGoodNews(i18n.T("dash.readiness.spofs.none"))
	s.noSpofs.Hide()

	top := container.NewBorder(
		container.NewVBox(readinessHeading(i18n.T("dash.readiness.heading")), s.header()), nil, nil, nil,
		container.NewStack(s.rows, container.NewVBox(s.noRows)))
	bottom := container.NewBorder(container.NewVBox(s.spofTitle, s.noSpofs), nil, nil, nil, s.spofs)
	split := container.NewVSplit(top, bottom)
	split.Offset = 0.72
	s.root = container.NewBorder(container.NewPadded(container.NewVBox(s.summary, s.good)), nil, nil, nil, split)
	return s
}

func readinessHeading(text string) *widget.Label {
	l := widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	l.SizeName = theme.SizeNameSubHeadingText
	return l
}

func (s *readinessScreen) view() fyne.CanvasObject { return s.root }

func (s *readinessScreen) reload() {
	async(s.app, func(ctx context.Context) (readinessModel, error) {
		b, err := s.store.BIA(ctx)
		if err != nil {
			return readinessModel{}, err
		}
		return newReadinessModel(b), nil
	}, s.apply)
}

func (s *readinessScreen) apply(m readinessModel, err error) {
	if err != nil {
		s.summary.SetText(i18n.T("dash.readiness.unreadable"))
		s.app.showError(err)
		return
	}
	s.data = m
	s.summary.SetText(m.summary())
	s.good.RemoveAll()
	if len(m.rows) > 0 && m.gaps == 0 {
		s.good.Add(dashGoodNews(i18n.T("dash.readiness.gaps.none")))
	}
	s.noRows.Hidden = len(m.rows) > 0
	if len(m.spofs) > 0 {
		s.noSpofs.Hide()
	} else {
		s.noSpofs.Show()
	}
	s.spofTitle.SetText(i18n.T("dash.readiness.spofs.count", i18n.Args{"Count": i18n.Default().Int(len(m.spofs))}))
	s.rows.UnselectAll()
	s.rows.Refresh()
	s.spofs.UnselectAll()
	s.spofs.Refresh()
	s.root.Refresh()
}

// summary is the one line at the top of the screen.
func (m readinessModel) summary() string {
	if len(m.rows) == 0 {
		return i18n.T("dash.readiness.nothing")
	}
	return i18n.N("dash.readiness.summary.gaps", len(m.rows), i18n.Args{"Gaps": i18n.Default().Int(m.gaps)}) +
		" · " + i18n.N("dash.readiness.summary.spofs", len(m.spofs))
}

// header names the columns of the activity rows.
func (s *readinessScreen) header() fyne.CanvasObject {
	titles := []string{i18n.T("dash.readiness.col.activity"), i18n.T("dash.readiness.col.priority"), i18n.T("dash.readiness.col.rto_needed"),
		i18n.T("dash.readiness.col.rto_achievable"), i18n.T("dash.readiness.col.rpo_needed"), i18n.T("dash.readiness.col.rpo_achievable")}
	var objs []fyne.CanvasObject
	for _, t := range titles {
		objs = append(objs, widget.NewLabelWithStyle(t, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	}
	return container.New(&columnsLayout{widths: readinessColumns}, objs...)
}

func (s *readinessScreen) createRow() fyne.CanvasObject {
	var cells []fyne.CanvasObject
	for range 6 {
		l := widget.NewLabel("")
		l.Truncation = fyne.TextTruncateEllipsis
		cells = append(cells, l)
	}
	gap := widget.NewLabel("")
	gap.Truncation = fyne.TextTruncateEllipsis
	gap.SizeName = theme.SizeNameCaptionText
	return container.New(layout.NewCustomPaddedVBoxLayout(-2*theme.InnerPadding()),
		container.New(&columnsLayout{widths: readinessColumns}, cells...), gap)
}

func (s *readinessScreen) updateRow(id widget.ListItemID, o fyne.CanvasObject) {
	if id >= len(s.data.rows) {
		return
	}
	r := &s.data.rows[id]
	a := r.Activity
	box := o.(*fyne.Container)
	cells := box.Objects[0].(*fyne.Container).Objects
	texts := []string{a.Ref + "  " + a.Name, orDash(priorityText(a.Priority)), orDash(durationName(a.RTO)),
		orDash(durationName(r.AchievableRTO)), orDash(durationName(a.RPO)), orDash(durationName(r.AchievableRPO))}
	for i, t := range texts {
		l := cells[i].(*widget.Label)
		l.Importance = widget.MediumImportance
		l.SetText(t)
	}
	setShortfall(cells[3].(*widget.Label), a.RTO, r.AchievableRTO)
	setShortfall(cells[5].(*widget.Label), a.RPO, r.AchievableRPO)
	gap := box.Objects[1].(*widget.Label)
	gap.Importance = widget.MediumImportance
	switch {
	case len(r.Gaps) > 0:
		text := r.Gaps[0]
		if len(r.Gaps) > 1 {
			text = i18n.N("dash.bia.gap_more", len(r.Gaps)-1, i18n.Args{"Gap": text})
		}
		gap.Importance = widget.DangerImportance
		if r.GapTexts[0].Unknown {
			gap.Importance = widget.WarningImportance
		}
		gap.SetText(text)
	case len(r.Systems) == 0:
		gap.SetText(i18n.T("dash.readiness.no_systems"))
	case a.RTO == 0 && a.RPO == 0:
		gap.SetText(i18n.T("dash.readiness.no_targets"))
	default:
		gap.SetText(i18n.N("dash.readiness.ready", len(r.Systems), i18n.Args{"Systems": systemsText(r.Systems)}))
	}
}

func priorityText(p int) string {
	if p < 1 {
		return ""
	}
	return fmt.Sprint(p)
}

// setShortfall colours an achievable figure that misses the requirement.
func setShortfall(l *widget.Label, required, achievable bcp.Duration) {
	l.Importance = widget.MediumImportance
	if required > 0 && achievable > required {
		l.Importance = widget.DangerImportance
	}
	l.Refresh()
}

func systemsText(rs []*bcp.Resource) string {
	var refs []string
	for _, r := range rs {
		refs = append(refs, r.Ref)
	}
	if len(refs) == 1 {
		return refs[0]
	}
	return strings.Join(refs, ", ")
}

func (s *readinessScreen) createSpof() fyne.CanvasObject {
	name := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	name.Truncation = fyne.TextTruncateEllipsis
	kind := widget.NewLabel("")
	detail := widget.NewLabel("")
	detail.Truncation = fyne.TextTruncateEllipsis
	detail.SizeName = theme.SizeNameCaptionText
	return container.New(layout.NewCustomPaddedVBoxLayout(-2*theme.InnerPadding()),
		container.NewBorder(nil, nil, nil, kind, name), detail)
}

func (s *readinessScreen) updateSpof(id widget.ListItemID, o fyne.CanvasObject) {
	if id >= len(s.data.spofs) {
		return
	}
	sp := s.data.spofs[id]
	r := sp.Resource
	box := o.(*fyne.Container)
	line := box.Objects[0].(*fyne.Container)
	name, kind := line.Objects[0].(*widget.Label), line.Objects[1].(*widget.Label)
	detail := box.Objects[1].(*widget.Label)
	name.SetText(r.Ref + "  " + r.Name)
	kind.SetText(capitalise(kindSingular(r.Kind)))
	args := i18n.Args{"Activities": strings.Join(sp.Activities, ", ")}
	detail.SetText(i18n.T("dash.readiness.spof", args))
	detail.Importance = widget.WarningImportance
	if r.Kind == bcp.Person {
		detail.SetText(i18n.T("dash.readiness.spof.person", args))
		detail.Importance = widget.DangerImportance
	}
}

func (s *readinessScreen) openActivity(id widget.ListItemID) {
	s.rows.UnselectAll()
	if id < len(s.data.rows) {
		s.app.showActivity(s.data.rows[id].Activity.ID)
	}
}

func (s *readinessScreen) openResource(id widget.ListItemID) {
	s.spofs.UnselectAll()
	if id < len(s.data.spofs) {
		s.app.showResource(s.data.spofs[id].Resource.ID)
	}
}

// columnsLayout puts its objects in a row: the first takes the width the
// others, of fixed widths, leave. Rows and their header share the widths
// so columns line up.
type columnsLayout struct{ widths []float32 }

func (l *columnsLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	fixed := float32(0)
	for _, w := range l.widths {
		fixed += w
	}
	x := float32(0)
	for i, o := range objs {
		w := size.Width - fixed
		if i > 0 && i-1 < len(l.widths) {
			w = l.widths[i-1]
		}
		o.Move(fyne.NewPos(x, 0))
		o.Resize(fyne.NewSize(max(w, 0), size.Height))
		x += w
	}
}

func (l *columnsLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	w, h := float32(160), float32(0)
	for _, x := range l.widths {
		w += x
	}
	for _, o := range objs {
		h = max(h, o.MinSize().Height)
	}
	return fyne.NewSize(w, h)
}
