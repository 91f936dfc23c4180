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

	"riskbook/i18n"
	"riskbook/risk"
)

// controlsScreen is the Controls & SoA section: the control catalog grouped by
// theme, filtered on the left, and the Statement of Applicability entry of the
// selected control on the right.
type controlsScreen struct {
	store ControlStore
	a     *App

	data     controlsModel
	rows     []controlRow // the filtered list, theme headers included
	selected string       // control ID shown in the detail panel
	idWidth  float32      // width of the ID column, fitted to the longest ID

	progress *widget.Label
	search   *widget.Entry
	applSel  *widget.Select
	implSel  *widget.Select
	list     *widget.List
	empty    *fyne.Container

	detail *controlDetail
	root   fyne.CanvasObject
}

// controlsModel is the plain data the screen shows.
type controlsModel struct {
	themes  []controlTheme
	entries map[string]risk.SoAEntry
	linked  map[string][]linkedRisk // control ID → risks naming it
}

// controlTheme is one theme of a catalog with its controls.
type controlTheme struct {
	ID, Name string
	Controls []risk.Control
}

// linkedRisk is a risk as the SoA lists it.
type linkedRisk struct {
	ID         int64
	Ref, Title string
}

// controlRow is a line of the list: a theme header when theme is set,
// otherwise a control.
type controlRow struct {
	theme   *controlTheme
	control risk.Control
}

// soaApplicabilityFilters are the choices of the applicability filter; the
// first shows everything.
func soaApplicabilityFilters() []string {
	return []string{i18n.T("controls.filter.anyapplicability"), i18n.T("controls.undecided"),
		i18n.T("controls.applicable"), i18n.T("controls.notapplicable")}
}

// soaImplementationFilters are the choices of the implementation filter:
// everything, no status, then each status.
func soaImplementationFilters() []string {
	return append([]string{i18n.T("controls.filter.anyimplementation"), i18n.T("controls.filter.nostatus")},
		soaImplementationStatuses()...)
}

// soaApplicabilityChoices are the applicability buttons of an entry.
func soaApplicabilityChoices() []string {
	return []string{i18n.T("controls.applicable"), i18n.T("controls.notapplicable"), i18n.T("controls.undecided")}
}

// soaImplementationStatuses name risk.Implementations, in their order.
func soaImplementationStatuses() []string {
	return []string{i18n.T("controls.impl.notstarted"), i18n.T("controls.impl.planned"),
		i18n.T("controls.impl.partial"), i18n.T("controls.impl.implemented")}
}

func newControlsScreen(ws Workspace, a *App) *controlsScreen {
	s := &controlsScreen{store: ws, a: a, data: controlsModel{
		entries: map[string]risk.SoAEntry{}, linked: map[string][]linkedRisk{}}}
	s.detail = newControlDetail(s)
	s.build()
	return s
}

func (s *controlsScreen) build() {
	s.progress = widget.NewLabelWithStyle(i18n.T("controls.loading"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	s.progress.Wrapping = fyne.TextWrapWord
	s.search = widget.NewEntry()
	s.search.SetPlaceHolder(i18n.T("controls.search"))
	s.search.OnChanged = func(string) { s.refilter() }
	s.applSel = widget.NewSelect(soaApplicabilityFilters(), nil)
	s.applSel.SetSelectedIndex(0)
	s.applSel.OnChanged = func(string) { s.refilter() }
	s.implSel = widget.NewSelect(soaImplementationFilters(), nil)
	s.implSel.SetSelectedIndex(0)
	s.implSel.OnChanged = func(string) { s.refilter() }
	s.idWidth = fyne.MeasureText("A.8.34", theme.TextSize(), fyne.TextStyle{Bold: true}).Width + 2*theme.InnerPadding()

	s.list = widget.NewList(func() int { return len(s.rows) }, s.createRow, s.updateRow)
	s.list.OnSelected = s.onSelected
	msg := widget.NewLabel(i18n.T("controls.nomatch"))
	msg.Wrapping = fyne.TextWrapWord
	msg.Alignment = fyne.TextAlignCenter
	s.empty = container.NewVBox(layout.NewSpacer(), msg,
		container.NewCenter(widget.NewButton(i18n.T("controls.clearfilters"), s.clearFilters)), layout.NewSpacer())
	s.empty.Hide()

	// The search has a line of its own: beside two filters whose choices
	// run longer in French and Spanish, it would shrink to a few letters.
	filters := container.NewVBox(s.search, container.NewGridWithColumns(2, s.applSel, s.implSel))
	left := container.NewBorder(container.NewVBox(s.progress, filters), nil, nil, nil,
		container.NewStack(s.list, s.empty))
	split := container.NewHSplit(left, s.detail.view())
	split.Offset = 0.52
	s.root = split
}

func (s *controlsScreen) view() fyne.CanvasObject { return s.root }

// reload saves a justification still being typed, then fetches the catalog,
// the SoA and the risks.
func (s *controlsScreen) reload() {
	s.flush()
	async(s.a, s.fetch, s.apply)
}

func (s *controlsScreen) fetch(ctx context.Context) (controlsModel, error) {
	cats, err := s.store.Catalogs(ctx)
	if err != nil {
		return controlsModel{}, err
	}
	soa, err := s.store.SoA(ctx)
	if err != nil {
		return controlsModel{}, err
	}
	risks, err := s.store.Risks(ctx)
	if err != nil {
		return controlsModel{}, err
	}
	return newControlsModel(cats, soa, risks), nil
}

func newControlsModel(cats []risk.Catalog, soa []risk.SoAEntry, risks []risk.Risk) controlsModel {
	m := controlsModel{entries: map[string]risk.SoAEntry{}, linked: map[string][]linkedRisk{}}
	for _, cat := range cats {
		for _, th := range cat.Themes {
			t := controlTheme{ID: th.ID, Name: th.Name}
			for _, c := range cat.Controls {
				if c.Theme == th.ID {
					t.Controls = append(t.Controls, c)
				}
			}
			m.themes = append(m.themes, t)
		}
	}
	for _, e := range soa {
		m.entries[e.Control] = e
	}
	for _, r := range risks {
		for _, id := range r.Controls {
			m.linked[id] = append(m.linked[id], linkedRisk{ID: r.ID, Ref: r.Ref, Title: r.Title})
		}
	}
	return m
}

func (s *controlsScreen) apply(m controlsModel, err error) {
	if err != nil {
		s.progress.SetText(i18n.T("controls.unreadable"))
		s.a.showError(err)
		return
	}
	s.data = m
	s.fitIDWidth()
	s.refilter()
	s.detail.show(s.selected)
}

// fitIDWidth sizes the ID column for the longest identifier, so titles line
// up for any catalog.
func (s *controlsScreen) fitIDWidth() {
	style := fyne.TextStyle{Bold: true}
	for _, t := range s.data.themes {
		for _, c := range t.Controls {
			w := fyne.MeasureText(c.ID, theme.TextSize(), style).Width + 2*theme.InnerPadding()
			s.idWidth = max(s.idWidth, w)
		}
	}
}

// entry returns the stored SoA entry of a control; a control never decided
// has an empty one.
func (s *controlsScreen) entry(id string) risk.SoAEntry {
	e, ok := s.data.entries[id]
	if !ok {
		e.Control = id
	}
	return e
}

func (s *controlsScreen) control(id string) (risk.Control, string, bool) {
	for _, t := range s.data.themes {
		for _, c := range t.Controls {
			if c.ID == id {
				return c, t.Name, true
			}
		}
	}
	return risk.Control{}, "", false
}

// refilter rebuilds the visible rows from the filters and the progress line.
func (s *controlsScreen) refilter() {
	text := strings.ToLower(strings.TrimSpace(s.search.Text))
	s.rows = s.rows[:0]
	for i := range s.data.themes {
		t := &s.data.themes[i]
		header := len(s.rows)
		for _, c := range t.Controls {
			if s.matches(c, text) {
				if len(s.rows) == header {
					s.rows = append(s.rows, controlRow{theme: t})
				}
				s.rows = append(s.rows, controlRow{control: c})
			}
		}
	}
	s.empty.Hidden = len(s.rows) > 0
	s.empty.Refresh()
	s.list.UnselectAll()
	s.list.Refresh()
	s.selectRow()
	s.progress.SetText(s.progressText())
}

func (s *controlsScreen) matches(c risk.Control, text string) bool {
	if text != "" && !strings.Contains(strings.ToLower(c.ID), text) &&
		!strings.Contains(strings.ToLower(c.Title), text) {
		return false
	}
	e := s.entry(c.ID)
	if i := s.applSel.SelectedIndex(); i > 0 && soaApplicabilityLabel(e.Applicable) != s.applSel.Options[i] {
		return false
	}
	switch i := s.implSel.SelectedIndex(); {
	case i == 1:
		return e.Implementation == ""
	case i > 1:
		return soaImplementationLabel(e.Implementation) == s.implSel.Options[i]
	}
	return true
}

func (s *controlsScreen) clearFilters() {
	s.search.SetText("")
	s.applSel.SetSelectedIndex(0)
	s.implSel.SetSelectedIndex(0)
}

// selectRow highlights the selected control's row if the filters show it,
// without going through onSelected.
func (s *controlsScreen) selectRow() {
	for i, r := range s.rows {
		if r.theme == nil && r.control.ID == s.selected {
			on := s.list.OnSelected
			s.list.OnSelected = nil
			s.list.Select(i)
			s.list.OnSelected = on
			return
		}
	}
}

func (s *controlsScreen) progressText() string {
	var total, decided, applicable, excluded, implemented int
	for _, t := range s.data.themes {
		for _, c := range t.Controls {
			total++
			switch e := s.entry(c.ID); e.Applicable {
			case risk.Applicable:
				decided++
				applicable++
				if e.Implementation == risk.Implemented {
					implemented++
				}
			case risk.NotApplicable:
				decided++
				excluded++
			}
		}
	}
	if total == 0 {
		return i18n.T("controls.nocatalog")
	}
	return i18n.T("controls.progress", i18n.Args{"Decided": decided, "Total": total, "Applicable": applicable,
		"Excluded": excluded, "Implemented": implemented})
}

func (s *controlsScreen) onSelected(id widget.ListItemID) {
	if id < 0 || id >= len(s.rows) || s.rows[id].theme != nil {
		// Theme headers are not selectable; keep the current control.
		s.list.Unselect(id)
		s.selectRow()
		return
	}
	s.flush()
	s.selected = s.rows[id].control.ID
	s.detail.show(s.selected)
}

// flush saves a justification still being typed. The app calls it before
// closing the workspace.
func (s *controlsScreen) flush() { s.detail.flush() }

// saved records a stored entry in the model and shows it everywhere.
func (s *controlsScreen) saved(e risk.SoAEntry) {
	s.data.entries[e.Control] = e
	s.progress.SetText(s.progressText())
	s.list.Refresh()
	s.a.changed(s)
}

// createRow builds a list row: [ID] title over status · count, on a
// background that marks theme headers.
func (s *controlsScreen) createRow() fyne.CanvasObject {
	bg := canvas.NewRectangle(color.Transparent)
	idSpace := canvas.NewRectangle(color.Transparent)
	id := widget.NewLabelWithStyle("A.8.34", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title := widget.NewLabel(i18n.T("controls.sample.title"))
	title.Truncation = fyne.TextTruncateEllipsis
	status := widget.NewLabel(i18n.T("controls.sample.status"))
	status.SizeName = theme.SizeNameCaptionText
	status.Truncation = fyne.TextTruncateEllipsis
	count := widget.NewLabel(linkedRiskCount(0))
	count.SizeName = theme.SizeNameCaptionText
	lines := container.New(layout.NewCustomPaddedVBoxLayout(-2*theme.InnerPadding()),
		title, container.NewBorder(nil, nil, nil, count, status))
	return container.NewStack(bg, container.NewBorder(nil, nil, container.NewStack(idSpace, id), nil, lines))
}

func (s *controlsScreen) updateRow(i widget.ListItemID, o fyne.CanvasObject) {
	stack := o.(*fyne.Container)
	bg := stack.Objects[0].(*canvas.Rectangle)
	row := stack.Objects[1].(*fyne.Container)
	idBox := row.Objects[1].(*fyne.Container)
	idBox.Objects[0].(*canvas.Rectangle).SetMinSize(fyne.NewSize(s.idWidth, 0))
	id := idBox.Objects[1].(*widget.Label)
	lines := row.Objects[0].(*fyne.Container)
	title := lines.Objects[0].(*widget.Label)
	second := lines.Objects[1].(*fyne.Container)
	status, count := second.Objects[0].(*widget.Label), second.Objects[1].(*widget.Label)
	if i >= len(s.rows) {
		return
	}
	r := s.rows[i]
	if r.theme != nil {
		bg.FillColor = theme.Color(theme.ColorNameInputBackground)
		id.SetText(r.theme.ID)
		title.TextStyle.Bold = true
		title.SetText(r.theme.Name)
		status.SetText(s.themeSummary(r.theme))
		count.SetText("")
	} else {
		e := s.entry(r.control.ID)
		bg.FillColor = color.Transparent
		id.SetText(r.control.ID)
		title.TextStyle.Bold = false
		title.SetText(r.control.Title)
		status.Importance = widget.MediumImportance
		if e.Applicable == "" {
			status.Importance = widget.WarningImportance
		}
		status.SetText(soaStatusText(e))
		n := len(s.data.linked[r.control.ID])
		count.Importance = widget.MediumImportance
		if n == 0 {
			count.Importance = widget.LowImportance
		}
		count.SetText(linkedRiskCount(n))
	}
	bg.Refresh()
}

func (s *controlsScreen) themeSummary(t *controlTheme) string {
	decided := 0
	for _, c := range t.Controls {
		if s.entry(c.ID).Applicable != "" {
			decided++
		}
	}
	return i18n.T("controls.theme.summary", i18n.Args{"Controls": len(t.Controls), "Decided": decided})
}

// soaStatusText is a control's applicability and implementation in words.
func soaStatusText(e risk.SoAEntry) string {
	text := soaApplicabilityLabel(e.Applicable)
	if e.Implementation != "" {
		text += " · " + soaImplementationLabel(e.Implementation)
	}
	return text
}

func soaApplicabilityLabel(a risk.Applicability) string {
	switch a {
	case risk.Applicable:
		return i18n.T("controls.applicable")
	case risk.NotApplicable:
		return i18n.T("controls.notapplicable")
	}
	return i18n.T("controls.undecided")
}

func soaApplicabilityOf(label string) risk.Applicability {
	for _, a := range risk.Applicabilities {
		if soaApplicabilityLabel(a) == label {
			return a
		}
	}
	return ""
}

func soaImplementationLabel(i risk.Implementation) string {
	for n, v := range risk.Implementations {
		if v == i {
			return soaImplementationStatuses()[n]
		}
	}
	return string(i)
}

func soaImplementationOf(label string) risk.Implementation {
	for n, l := range soaImplementationStatuses() {
		if l == label {
			return risk.Implementations[n]
		}
	}
	return ""
}

// linkedRiskCount counts the risks that name a control, "no linked risks"
// for none.
func linkedRiskCount(n int) string {
	if n == 0 {
		return i18n.T("controls.linked.none")
	}
	return i18n.N("controls.linked", n)
}

// controlDetail is the right-hand panel: the SoA entry of one control,
// edited with the shared editor machinery (draftEditor) like every other
// record. A refused entry stays on screen, with the reason next to its
// field, until it is fixed.
type controlDetail struct {
	draftEditor[risk.SoAEntry]
	s *controlsScreen

	themeName      *widget.Label
	applicability  *widget.RadioGroup
	justification  *commitEntry
	implementation *widget.Select
	linkedTitle    *widget.Label
	linked         *widget.List
	noLinked       *widget.Label
	risks          []linkedRisk

	form, none fyne.CanvasObject
}

func newControlDetail(s *controlsScreen) *controlDetail {
	d := &controlDetail{s: s}
	d.init(draftSpec[risk.SoAEntry]{
		dates: s.a.dates,
		key:   func(e *risk.SoAEntry) any { return e.Control },
		clone: func(e risk.SoAEntry) risk.SoAEntry { return e },
		title: func(e *risk.SoAEntry) string {
			c, _, _ := s.control(e.Control)
			return c.ID + "  " + c.Title
		},
		check: func(e risk.SoAEntry) []risk.Finding {
			e.Normalize()
			var refs []string
			for _, r := range s.data.linked[e.Control] {
				refs = append(refs, r.Ref)
			}
			return risk.CheckSoAEntry(&e, refs)
		},
		fill:    d.fill,
		derived: d.showImplementation,
		store: func(ctx context.Context, e *risk.SoAEntry) error {
			e.Normalize()
			return s.store.UpdateSoA(ctx, e)
		},
		copyBack: func(draft *risk.SoAEntry, stored risk.SoAEntry) { draft.Updated = stored.Updated },
		stamp:    func(x *risk.SoAEntry) *time.Time { return &x.Updated },
		awaiting: s.a.awaitChoice,
		onSaved:  s.saved,
	})
	d.heading.Truncation = fyne.TextTruncateOff
	d.heading.Wrapping = fyne.TextWrapWord
	d.themeName = widget.NewLabel("")
	x := &d.draft
	choices := soaApplicabilityChoices()
	d.applicability = d.radio(choices, func(v string) string { return soaApplicabilityLabel(risk.Applicability(v)) }, func(i int) {
		x.Applicable = soaApplicabilityOf(choices[i])
		if x.Applicable == risk.NotApplicable {
			// An excluded control has no implementation status.
			x.Implementation = ""
			d.quietly(func() { selectQuietly(d.implementation, "") })
		}
	})
	d.applicability.Required = true
	d.justification = d.entry(true, i18n.T("controls.justification.hint"), func(v string) { x.Justification = v })
	d.justification.setRows(4)
	d.implementation = d.choice(soaImplementationStatuses(), func(v string) string { return soaImplementationLabel(risk.Implementation(v)) }, func(i int) { x.Implementation = risk.Implementations[i] })
	d.implementation.PlaceHolder = i18n.T("controls.implementation.hint")
	d.linkedTitle = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	d.linked = widget.NewList(func() int { return len(d.risks) }, d.createLinked, d.updateLinked)
	d.linked.OnSelected = d.openRisk
	d.noLinked = widget.NewLabel(i18n.T("controls.nolinked"))
	d.noLinked.Wrapping = fyne.TextWrapWord

	field := func(text string) *widget.Label {
		return widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	m := d.messages
	top := container.NewVBox(d.heading, d.themeName, d.banner, m.label(""), widget.NewSeparator(),
		field(i18n.T("controls.field.applicability")), d.applicability, m.label("applicable"),
		field(i18n.T("controls.field.justification")), d.justification, m.label("justification"),
		field(i18n.T("controls.field.implementation")), d.implementation, m.label("implementation"),
		widget.NewSeparator(), d.linkedTitle)
	d.form = container.NewBorder(top, nil, nil, nil, container.NewStack(d.linked, d.noLinked))
	none := widget.NewLabel(i18n.T("controls.select"))
	none.Wrapping = fyne.TextWrapWord
	none.Alignment = fyne.TextAlignCenter
	d.none = container.NewVBox(layout.NewSpacer(), none, layout.NewSpacer())
	d.form.Hide()
	return d
}

func (d *controlDetail) view() fyne.CanvasObject {
	return container.NewPadded(container.NewStack(d.form, d.none))
}

// show fills the panel with a control's stored entry. An edit not yet
// saved for the same control is kept, so a reload never eats a
// justification.
func (d *controlDetail) show(id string) {
	_, themeName, ok := d.s.control(id)
	if !ok {
		d.unload()
		d.form.Hide()
		d.none.Show()
		return
	}
	d.themeName.SetText(themeName)
	d.risks = d.s.data.linked[id]
	d.linkedTitle.SetText(i18n.T("controls.linkedtitle", i18n.Args{"N": len(d.risks)}))
	d.linked.UnselectAll()
	d.linked.Refresh()
	d.noLinked.Hidden = len(d.risks) > 0
	d.noLinked.Refresh()
	d.load(d.s.entry(id))
	d.none.Hide()
	d.form.Show()
}

// fill shows the draft's applicability, justification and implementation.
func (d *controlDetail) fill() {
	e := &d.draft
	d.applicability.SetSelected(soaApplicabilityLabel(e.Applicable))
	d.justification.setQuietly(e.Justification)
	impl := ""
	if e.Implementation != "" {
		impl = soaImplementationLabel(e.Implementation)
	}
	selectQuietly(d.implementation, impl)
}

// showImplementation offers an implementation status only for a control
// that is not excluded.
func (d *controlDetail) showImplementation() {
	if d.draft.Applicable == risk.NotApplicable {
		d.implementation.Disable()
	} else {
		d.implementation.Enable()
	}
}

func (d *controlDetail) createLinked() fyne.CanvasObject {
	l := widget.NewLabel("R-000  Title")
	l.Truncation = fyne.TextTruncateEllipsis
	return l
}

func (d *controlDetail) updateLinked(i widget.ListItemID, o fyne.CanvasObject) {
	if i < len(d.risks) {
		o.(*widget.Label).SetText(d.risks[i].Ref + "  " + d.risks[i].Title)
	}
}

func (d *controlDetail) openRisk(i widget.ListItemID) {
	d.linked.UnselectAll()
	if i < len(d.risks) {
		d.s.a.showRisk(d.risks[i].ID)
	}
}

// selectWidth is the width a Select needs to show its longest option whole:
// Fyne sizes a Select for its placeholder, not its options.
func selectWidth(options []string) float32 {
	w := float32(0)
	for _, o := range options {
		w = max(w, fyne.MeasureText(o, theme.TextSize(), fyne.TextStyle{}).Width)
	}
	return w + theme.IconInlineSize() + 4*theme.InnerPadding()
}

// atLeastWide gives o a minimum width.
func atLeastWide(width float32, o fyne.CanvasObject) *fyne.Container {
	space := canvas.NewRectangle(color.Transparent)
	space.SetMinSize(fyne.NewSize(width, 0))
	return container.NewStack(space, o)
}
