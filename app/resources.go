package app

import (
	"context"
	"image/color"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"riskbook/bcp"
	"riskbook/i18n"
	"riskbook/risk"
)

// resourcesStore is what the Resources screen needs.
type resourcesStore interface {
	BIA(ctx context.Context) (*bcp.BIA, error)
	Risks(ctx context.Context) ([]risk.Risk, error)
	CreateResource(ctx context.Context, r *bcp.Resource) error
	UpdateResource(ctx context.Context, r *bcp.Resource) error
	DeleteResource(ctx context.Context, id int64) error
}

// resourcesModel is what the screen loads, with the single points of
// failure and who needs what worked out once.
type resourcesModel struct {
	bia   *bcp.BIA
	risks []risk.Risk
	spof  map[string]bool // resource refs that are single points of failure
	// neededBy lists, per resource ref, the activities that need it.
	neededBy map[string][]*bcp.Activity
}

func newResourcesModel(b *bcp.BIA, risks []risk.Risk) resourcesModel {
	m := resourcesModel{bia: b, risks: risks, spof: map[string]bool{}, neededBy: map[string][]*bcp.Activity{}}
	for _, sp := range bcp.SinglePoints(b) {
		m.spof[sp.Resource.Ref] = true
	}
	for i := range b.Activities {
		for _, ref := range b.Activities[i].Resources {
			key := strings.ToUpper(ref)
			m.neededBy[key] = append(m.neededBy[key], &b.Activities[i])
		}
	}
	return m
}

// resourceRow is a line of the list: a kind's header when header is set,
// otherwise the resource at index.
type resourceRow struct {
	header bool
	kind   bcp.Kind
	index  int
}

// resourcesScreen lists the resources activities depend on, grouped by
// kind, and edits the selected one.
type resourcesScreen struct {
	store resourcesStore
	app   *App
	today func() risk.Date

	data     resourcesModel
	rows     []resourceRow
	selected int64

	search *widget.Entry
	count  *widget.Label
	add    *widget.Button
	list   *widget.List
	empty  *widget.Label
	editor *resourceEditor
	split  *container.Split
	root   fyne.CanvasObject
}

func newResourcesScreen(store resourcesStore, a *App) *resourcesScreen {
	s := &resourcesScreen{store: store, app: a, today: func() risk.Date { return risk.DateOf(time.Now()) }}
	s.data = newResourcesModel(&bcp.BIA{Settings: bcp.DefaultSettings()}, nil)
	s.build()
	return s
}

func (s *resourcesScreen) build() {
	s.search = widget.NewEntry()
	s.search.SetPlaceHolder(i18n.T("bia.resources.search"))
	s.search.OnChanged = func(string) { s.refilter() }
	s.count = widget.NewLabel("")
	s.add = widget.NewButtonWithIcon(i18n.T("bia.resources.new"), theme.ContentAddIcon(), s.chooseKind)
	s.add.Importance = widget.HighImportance
	s.list = widget.NewList(func() int { return len(s.rows) }, s.createRow, s.updateRow)
	s.list.OnSelected = s.onSelected
	s.empty = wrapLabel("")
	s.empty.Alignment = fyne.TextAlignCenter
	s.empty.Hide()
	s.editor = newResourceEditor(s.store, s.app, s.saved, s.closeEditor, s.deleteResource)
	s.editor.today = func() risk.Date { return s.today() }
	top := container.NewVBox(container.NewBorder(nil, nil, nil, s.add, s.count), s.search)
	left := container.NewBorder(top, nil, nil, nil,
		container.NewStack(s.list, container.NewVBox(layout.NewSpacer(), s.empty, layout.NewSpacer())))
	s.split = container.NewHSplit(left, s.editor.view())
	s.split.Offset = 0.42
	s.editor.view().Hide()
	s.root = s.split
}

func (s *resourcesScreen) view() fyne.CanvasObject { return s.root }

func (s *resourcesScreen) reload() { async(s.app, s.fetch, s.apply) }

func (s *resourcesScreen) fetch(ctx context.Context) (resourcesModel, error) {
	return fetchBIAModel(ctx, s.store, newResourcesModel)
}

func (s *resourcesScreen) apply(m resourcesModel, err error) {
	if err != nil {
		s.count.SetText(i18n.T("bia.resources.unreadable"))
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

func (s *resourcesScreen) find(id int64) (*bcp.Resource, bool) {
	for i := range s.data.bia.Resources {
		if s.data.bia.Resources[i].ID == id {
			return &s.data.bia.Resources[i], true
		}
	}
	return nil, false
}

// refilter rebuilds the rows: each kind with a match gets its header.
func (s *resourcesScreen) refilter() {
	text := strings.ToLower(strings.TrimSpace(s.search.Text))
	s.rows = s.rows[:0]
	shown := 0
	for _, k := range bcp.Kinds {
		header := len(s.rows)
		for i, r := range s.data.bia.Resources {
			hay := strings.ToLower(r.Ref + " " + r.Name + " " + r.Alternates + " " + r.Contacts + " " + r.Description)
			if r.Kind != k || text != "" && !strings.Contains(hay, text) {
				continue
			}
			if len(s.rows) == header {
				s.rows = append(s.rows, resourceRow{header: true, kind: k})
			}
			s.rows = append(s.rows, resourceRow{kind: k, index: i})
			shown++
		}
	}
	total := len(s.data.bia.Resources)
	summary := i18n.N("bia.resources.count", total, i18n.Args{"Shown": i18n.Default().Int(shown)})
	if n := len(s.data.spof); n > 0 {
		summary += " · " + i18n.N("bia.resources.spofs", n)
	}
	s.count.SetText(summary)
	switch {
	case total == 0:
		s.empty.SetText(i18n.T("bia.resources.none"))
		s.empty.Show()
	case shown == 0:
		s.empty.SetText(i18n.T("bia.resources.nomatch"))
		s.empty.Show()
	default:
		s.empty.Hide()
	}
	s.list.UnselectAll()
	s.list.Refresh()
	s.markSelection()
}

func (s *resourcesScreen) markSelection() {
	for i, row := range s.rows {
		if !row.header && s.data.bia.Resources[row.index].ID == s.selected {
			on := s.list.OnSelected
			s.list.OnSelected = nil
			s.list.Select(i)
			s.list.OnSelected = on
			return
		}
	}
}

func (s *resourcesScreen) onSelected(id widget.ListItemID) {
	if id < 0 || id >= len(s.rows) || s.rows[id].header {
		// Kind headers are not selectable; keep the current resource.
		s.list.Unselect(id)
		s.markSelection()
		return
	}
	s.open(s.data.bia.Resources[s.rows[id].index].ID)
}

// createRow builds a row: the reference, the name over what it is needed
// for, and the single-point-of-failure marker, on a background that marks
// kind headers.
func (s *resourcesScreen) createRow() fyne.CanvasObject {
	bg := canvas.NewRectangle(color.Transparent)
	ref := widget.NewLabelWithStyle("RES-00", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	// A fixed slot keeps names lined up whatever the reference's length,
	// and keeps kind headers from shifting when rows are recycled.
	slot := atLeastWide(refSlotWidth("RES-000"), ref)
	name := widget.NewLabel(i18n.T("bia.resources.sample.name"))
	name.Truncation = fyne.TextTruncateEllipsis
	detail := widget.NewLabel(i18n.T("bia.resources.sample.detail"))
	detail.SizeName = theme.SizeNameCaptionText
	detail.Truncation = fyne.TextTruncateEllipsis
	spof := widget.NewLabelWithStyle(i18n.T("bia.resources.spof"), fyne.TextAlignTrailing, fyne.TextStyle{Bold: true})
	spof.SizeName = theme.SizeNameCaptionText
	lines := container.New(layout.NewCustomPaddedVBoxLayout(-2*theme.InnerPadding()), name, detail)
	return container.NewStack(bg, container.NewBorder(nil, nil, slot, spof, lines))
}

func (s *resourcesScreen) updateRow(id widget.ListItemID, o fyne.CanvasObject) {
	if id >= len(s.rows) {
		return
	}
	stack := o.(*fyne.Container)
	bg := stack.Objects[0].(*canvas.Rectangle)
	row := stack.Objects[1].(*fyne.Container)
	lines := row.Objects[0].(*fyne.Container)
	name, detail := lines.Objects[0].(*widget.Label), lines.Objects[1].(*widget.Label)
	ref := row.Objects[1].(*fyne.Container).Objects[1].(*widget.Label)
	spof := row.Objects[2].(*widget.Label)
	r := s.rows[id]
	if r.header {
		// A header reads from the left edge: the kind in the reference's
		// slot, which widens for it, and its counts beside it.
		bg.FillColor = theme.Color(theme.ColorNameInputBackground)
		ref.SetText(fixedName("kind", r.kind))
		name.SetText(s.kindSummary(r.kind))
		detail.SetText("")
		spof.Hide()
		bg.Refresh()
		row.Refresh()
		return
	}
	res := &s.data.bia.Resources[r.index]
	bg.FillColor = color.Transparent
	ref.SetText(res.Ref)
	name.SetText(res.Name)
	detail.SetText(s.resourceSummary(res))
	spof.Hidden = !s.data.spof[res.Ref]
	spof.Importance = widget.WarningImportance
	if res.Kind == bcp.Person {
		spof.Importance = widget.DangerImportance
	}
	spof.Refresh()
	bg.Refresh()
	row.Refresh()
}

// refSlotWidth fits a bold reference like sample in a list row.
func refSlotWidth(sample string) float32 {
	return fyne.MeasureText(sample, theme.TextSize(), fyne.TextStyle{Bold: true}).Width + 2*theme.InnerPadding()
}

func (s *resourcesScreen) kindSummary(k bcp.Kind) string {
	n, spofs := 0, 0
	for _, r := range s.data.bia.Resources {
		if r.Kind == k {
			n++
			if s.data.spof[r.Ref] {
				spofs++
			}
		}
	}
	text := i18n.N("bia.resources.kindcount", n)
	if spofs > 0 {
		text += " · " + i18n.N("bia.resources.spofs", spofs)
	}
	return text
}

// resourceSummary is the line under a resource's name: what needs it and
// whether anything stands in.
func (s *resourcesScreen) resourceSummary(r *bcp.Resource) string {
	needed := i18n.T("bia.resources.neededby.none")
	if n := len(s.data.neededBy[strings.ToUpper(r.Ref)]); n > 0 {
		needed = i18n.N("bia.resources.neededby", n)
	}
	alt := i18n.T("bia.resources.noalternate")
	if r.HasAlternate() {
		alt = i18n.T("bia.resources.alternate", i18n.Args{"Alternate": firstLine(r.Alternates)})
	}
	return needed + " · " + alt
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

// open shows the resource in the editor; before the list is loaded it is
// remembered and opened once it is.
func (s *resourcesScreen) open(id int64) {
	if s.selected != 0 && s.selected != id {
		s.editor.flush()
	}
	s.selected = id
	if _, ok := s.find(id); !ok {
		return
	}
	s.showEditor()
	s.markSelection()
	for i, row := range s.rows {
		if !row.header && s.data.bia.Resources[row.index].ID == id {
			s.list.ScrollTo(i)
		}
	}
}

func (s *resourcesScreen) showEditor() {
	r, _ := s.find(s.selected)
	s.editor.show(*r, s.data.bia, s.data.neededBy[strings.ToUpper(r.Ref)], threatsTo(s.data.risks, r.Ref))
	s.editor.view().Show()
	s.split.Refresh()
	s.app.freeze()
}

func (s *resourcesScreen) closeEditor() {
	s.editor.flush()
	s.selected = 0
	s.editor.view().Hide()
	s.list.UnselectAll()
	s.split.Refresh()
}

// flush saves what the editor holds; the app calls it before closing.
func (s *resourcesScreen) flush() { s.editor.flush() }

// saved puts a stored resource back in the list and tells other screens.
func (s *resourcesScreen) saved(r bcp.Resource) {
	if cur, ok := s.find(r.ID); ok {
		*cur = r
	}
	s.data = newResourcesModel(s.data.bia, s.data.risks)
	s.refilter()
	s.app.changed(s)
}

// chooseKind asks which kind of resource to add.
func (s *resourcesScreen) chooseKind() {
	var items []*fyne.MenuItem
	for _, k := range bcp.Kinds {
		items = append(items, fyne.NewMenuItem(kindMenuName(k), func() { s.newResource(k) }))
	}
	c := s.app.win.Canvas()
	pos := s.app.fyne.Driver().AbsolutePositionForObject(s.add).Add(fyne.NewPos(0, s.add.Size().Height))
	widget.ShowPopUpMenuAtPosition(fyne.NewMenu("", items...), c, pos)
}

// kindSingular names one resource of a kind.
func kindSingular(k bcp.Kind) string {
	switch k {
	case bcp.Person:
		return i18n.T("bia.kind.person")
	case bcp.Site:
		return i18n.T("bia.kind.site")
	case bcp.ICT:
		return i18n.T("bia.kind.ict")
	case bcp.Supplier:
		return i18n.T("bia.kind.supplier")
	case bcp.Equipment:
		return i18n.T("bia.kind.equipment")
	}
	return string(k)
}

// kindMenuName names a resource kind as a menu item or a choice does.
func kindMenuName(k bcp.Kind) string {
	switch k {
	case bcp.Person:
		return i18n.T("bia.kind.menu.person")
	case bcp.Site:
		return i18n.T("bia.kind.menu.site")
	case bcp.ICT:
		return i18n.T("bia.kind.menu.ict")
	case bcp.Supplier:
		return i18n.T("bia.kind.menu.supplier")
	case bcp.Equipment:
		return i18n.T("bia.kind.menu.equipment")
	}
	return string(k)
}

// newResourceName is the name a new resource of kind k starts with.
func newResourceName(k bcp.Kind) string {
	switch k {
	case bcp.Person:
		return i18n.T("bia.resources.newname.person")
	case bcp.Site:
		return i18n.T("bia.resources.newname.site")
	case bcp.ICT:
		return i18n.T("bia.resources.newname.ict")
	case bcp.Supplier:
		return i18n.T("bia.resources.newname.supplier")
	case bcp.Equipment:
		return i18n.T("bia.resources.newname.equipment")
	}
	return string(k)
}

// newResource creates a resource of kind k with the next reference and
// opens it.
func (s *resourcesScreen) newResource(k bcp.Kind) {
	s.editor.flush()
	r := bcp.Resource{Name: newResourceName(k), Kind: k}
	if k == bcp.ICT {
		r.Standby = bcp.NoStandby
	}
	if err := s.store.CreateResource(context.Background(), &r); err != nil {
		s.app.showError(err)
		return
	}
	s.data.bia.Resources = append(s.data.bia.Resources, r)
	s.search.SetText("")
	s.selected = r.ID
	s.apply(newResourcesModel(s.data.bia, s.data.risks), nil)
	s.open(r.ID)
	s.editor.focusName()
	s.app.changed(s)
	s.app.notify(i18n.T("bia.resources.created", i18n.Args{"Ref": r.Ref}))
}

// deleteResource asks, then deletes the resource in the editor.
func (s *resourcesScreen) deleteResource() {
	r, ok := s.find(s.selected)
	if !ok {
		return
	}
	id, ref := r.ID, r.Ref
	s.app.confirm(s.app.win, i18n.T("bia.resources.delete.title", i18n.Args{"Ref": ref}),
		i18n.T("bia.resources.delete.message", i18n.Args{"Ref": ref, "Name": r.Name}),
		i18n.T("bia.resources.delete"), func() { s.confirmDelete(id, ref) })
}

func (s *resourcesScreen) confirmDelete(id int64, ref string) {
	s.editor.discard()
	if err := s.store.DeleteResource(context.Background(), id); err != nil {
		s.app.showError(err)
		return
	}
	s.selected = 0
	s.editor.view().Hide()
	s.split.Refresh()
	s.reload()
	s.app.changed(s)
	s.app.notify(i18n.T("bia.resources.deleted", i18n.Args{"Ref": ref}))
}
