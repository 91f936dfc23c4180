package app

import (
	"context"
	"fmt"
	"slices"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"riskbook/app/widgets"
	"riskbook/bcp"
	"riskbook/risk"
)

// column is one column of the register table.
type column struct {
	title string
	width float32
	key   risk.SortKey
	text  func(r *riskRow) string // nil for level chips
	level func(r *riskRow) risk.Level
}

// riskRow is a risk as the table shows it, with what filtering needs
// computed once.
type riskRow struct {
	risk     *risk.Risk
	search   string
	inherent risk.Level
	residual risk.Level
}

// registerData is what the register loads from the workspace.
type registerData struct {
	criteria risk.Criteria
	risks    []risk.Risk
	controls []risk.Control
	bia      *bcp.BIA // the activities and resources a risk can threaten
}

// risksScreen is the risk register: a filterable, sortable table of every
// risk, and the editor of the selected one.
type risksScreen struct {
	store RiskStore
	app   *App
	today func() risk.Date

	data   registerData
	rows   []riskRow // every risk, in sort order
	shown  []int     // indexes into rows that pass the filter
	filter risk.Filter
	sortBy risk.SortKey
	desc   bool

	columns  []column
	search   *widget.Entry
	level    *widget.Select
	owner    *widget.Select
	status   *widget.Select
	category *widget.Select
	overdue  *widget.Check
	count    *widget.Label
	table    *widget.Table
	empty    *fyne.Container
	editor   *riskEditor
	split    *container.Split
	root     fyne.CanvasObject
	selected int64 // ID of the risk in the editor, 0 when closed
}

const (
	allLevels     = "All levels"
	allOwners     = "All owners"
	allStatuses   = "All statuses"
	allCategories = "All categories"
)

func newRisksScreen(store RiskStore, a *App) *risksScreen {
	s := &risksScreen{store: store, app: a, today: func() risk.Date { return risk.DateOf(time.Now()) }}
	s.columns = []column{
		{title: "Ref", width: 72, key: risk.ByRef, text: func(r *riskRow) string { return r.risk.Ref }},
		{title: "Title", width: 300, key: risk.ByTitle, text: func(r *riskRow) string { return r.risk.Title }},
		{title: "Owner", width: 140, key: risk.ByOwner, text: func(r *riskRow) string { return r.risk.Owner }},
		{title: "Category", width: 112, key: risk.ByCategory, text: func(r *riskRow) string { return r.risk.Category }},
		{title: "Inherent", width: 92, key: risk.ByInherent, level: func(r *riskRow) risk.Level { return r.inherent }},
		{title: "Residual", width: 92, key: risk.ByResidual, level: func(r *riskRow) risk.Level { return r.residual }},
		{title: "Treatment", width: 90, key: risk.ByTreatment, text: func(r *riskRow) string { return string(r.risk.Treatment) }},
		{title: "Status", width: 94, key: risk.ByStatus, text: func(r *riskRow) string { return string(r.risk.Status) }},
		{title: "Next review", width: 104, key: risk.ByNextReview, text: func(r *riskRow) string { return r.risk.NextReview.String() }},
	}
	s.build()
	return s
}

func (s *risksScreen) build() {
	s.search = widget.NewEntry()
	s.search.SetPlaceHolder("Search title, cause, owner, controls… (Ctrl+F)")
	s.search.OnChanged = func(text string) { s.filter.Text = text; s.applyFilter() }
	s.level = widget.NewSelect(nil, func(string) { s.onFilterSelect() })
	s.owner = widget.NewSelect(nil, func(string) { s.onFilterSelect() })
	s.status = widget.NewSelect(nil, func(string) { s.onFilterSelect() })
	s.category = widget.NewSelect(nil, func(string) { s.onFilterSelect() })
	s.overdue = widget.NewCheck("Overdue", func(on bool) { s.filter.Overdue = on; s.applyFilter() })
	clear := widget.NewButtonWithIcon("", theme.ContentClearIcon(), s.clearFilter)
	newRisk := widget.NewButtonWithIcon("New risk", theme.ContentAddIcon(), s.newRisk)
	newRisk.Importance = widget.HighImportance
	s.count = widget.NewLabel("")

	s.table = widget.NewTableWithHeaders(s.tableSize, s.createCell, s.updateCell)
	s.table.ShowHeaderColumn = false
	s.table.CreateHeader = func() fyne.CanvasObject {
		b := widget.NewButton("", nil)
		b.Alignment = widget.ButtonAlignLeading
		b.Importance = widget.LowImportance
		return b
	}
	s.table.UpdateHeader = s.updateHeader
	for i, c := range s.columns {
		s.table.SetColumnWidth(i, c.width)
	}
	s.table.OnSelected = func(id widget.TableCellID) {
		if id.Row >= 0 && id.Row < len(s.shown) {
			s.openRisk(s.rows[s.shown[id.Row]].risk.ID)
		}
	}

	emptyText := widget.NewLabel("")
	emptyText.Alignment = fyne.TextAlignCenter
	emptyText.Wrapping = fyne.TextWrapWord
	s.empty = container.NewCenter(emptyText)
	s.empty.Hide()

	s.editor = newRiskEditor(s.store, s.app, s.onSaved, s.closeEditor, s.deleteRisk)
	filters := container.NewHBox(s.level, s.owner, s.status, s.category, s.overdue, clear)
	top := container.NewVBox(
		container.NewBorder(nil, nil, nil, container.NewHBox(s.count, newRisk), s.search),
		// Filters scroll sideways rather than force a wide window when the
		// editor takes half of it.
		container.NewHScroll(filters))
	register := container.NewBorder(top, nil, nil, nil, container.NewStack(s.table, s.empty))
	s.split = container.NewHSplit(register, s.editor.view())
	s.split.Offset = 0.5
	s.editor.view().Hide()
	s.root = s.split
}

func (s *risksScreen) view() fyne.CanvasObject { return s.root }

// reload fetches the register off the UI goroutine and shows it.
func (s *risksScreen) reload() {
	async(s.app, s.load, s.apply)
}

func (s *risksScreen) load(ctx context.Context) (registerData, error) {
	var d registerData
	var err error
	if d.criteria, err = s.store.Criteria(ctx); err != nil {
		return d, err
	}
	if d.risks, err = s.store.Risks(ctx); err != nil {
		return d, err
	}
	if d.controls, err = s.store.Controls(ctx); err != nil {
		return d, err
	}
	d.bia, err = s.store.BIA(ctx)
	return d, err
}

func (s *risksScreen) apply(d registerData, err error) {
	if err != nil {
		s.app.showError(err)
		return
	}
	s.data = d
	s.rows = make([]riskRow, len(d.risks))
	for i := range d.risks {
		s.rows[i] = s.makeRow(&s.data.risks[i])
	}
	s.sortRows()
	s.refreshFilterOptions()
	s.applyFilter()
	if s.selected != 0 {
		if r, ok := s.find(s.selected); ok {
			s.editor.show(*r, d.criteria, d.controls, s.choices())
		} else {
			s.closeEditor()
		}
	}
}

func (s *risksScreen) makeRow(r *risk.Risk) riskRow {
	row := riskRow{risk: r, search: risk.SearchText(r)}
	row.inherent, _ = s.data.criteria.LevelOf(r.Inherent)
	row.residual, _ = s.data.criteria.LevelOf(r.Residual)
	return row
}

func (s *risksScreen) find(id int64) (*risk.Risk, bool) {
	for i := range s.rows {
		if s.rows[i].risk.ID == id {
			return s.rows[i].risk, true
		}
	}
	return nil, false
}

// sortRows orders rows by the current sort key, using the domain's order.
func (s *risksScreen) sortRows() {
	byID := make(map[int64]riskRow, len(s.rows))
	rs := make([]risk.Risk, len(s.rows))
	for i, row := range s.rows {
		byID[row.risk.ID] = row
		rs[i] = *row.risk
	}
	risk.SortRisks(rs, s.sortBy, s.desc, &s.data.criteria)
	for i := range rs {
		s.rows[i] = byID[rs[i].ID]
	}
}

// applyFilter recomputes which rows are shown. It runs on every keystroke
// in the search field, so it only compares prepared strings.
func (s *risksScreen) applyFilter() {
	m := s.filter.Compile(&s.data.criteria, s.today())
	s.shown = s.shown[:0]
	for i := range s.rows {
		if m.Match(s.rows[i].risk, s.rows[i].search) {
			s.shown = append(s.shown, i)
		}
	}
	s.count.SetText(fmt.Sprintf("%d of %d risks", len(s.shown), len(s.rows)))
	s.updateEmpty()
	s.table.UnselectAll()
	s.markSelection() // refreshes the table once
}

func (s *risksScreen) updateEmpty() {
	label := s.empty.Objects[0].(*widget.Label)
	switch {
	case len(s.rows) == 0:
		label.SetText("The register is empty.\nAdd the first risk with New risk (Ctrl+N).")
	case len(s.shown) == 0:
		label.SetText("No risk matches the search and filters.\nClear them with the ✕ button to see every risk.")
	default:
		s.empty.Hide()
		return
	}
	s.empty.Show()
}

// markSelection highlights the row of the risk in the editor, if shown.
func (s *risksScreen) markSelection() {
	s.table.Refresh()
	if s.selected == 0 {
		return
	}
	for row, i := range s.shown {
		if s.rows[i].risk.ID == s.selected {
			onSelected := s.table.OnSelected
			s.table.OnSelected = nil
			s.table.Select(widget.TableCellID{Row: row, Col: 0})
			s.table.OnSelected = onSelected
			return
		}
	}
}

func (s *risksScreen) tableSize() (int, int) { return len(s.shown), len(s.columns) }

func (s *risksScreen) createCell() fyne.CanvasObject {
	label := widget.NewLabel("")
	label.Truncation = fyne.TextTruncateEllipsis
	// The table selects one cell; the background marks the whole row of
	// the risk in the editor.
	bg := canvas.NewRectangle(theme.Color(theme.ColorNameSelection))
	return container.NewStack(bg, label, widgets.NewChip())
}

func (s *risksScreen) updateCell(id widget.TableCellID, o fyne.CanvasObject) {
	if id.Row >= len(s.shown) || id.Col >= len(s.columns) {
		return
	}
	row := &s.rows[s.shown[id.Row]]
	c := s.columns[id.Col]
	stack := o.(*fyne.Container)
	bg, label, chip := stack.Objects[0].(*canvas.Rectangle), stack.Objects[1].(*widget.Label), stack.Objects[2].(*widgets.Chip)
	bg.FillColor = theme.Color(theme.ColorNameSelection)
	bg.Hidden = row.risk.ID != s.selected
	bg.Refresh()
	if c.level != nil {
		l := c.level(row)
		chip.SetLevel(l.Label, l.Colour)
		label.Hide()
		chip.Show()
		return
	}
	chip.Hide()
	label.Show()
	label.SetText(c.text(row))
	label.Importance = widget.MediumImportance
	if c.key == risk.ByNextReview && row.risk.Status != risk.Closed && !row.risk.NextReview.IsZero() && row.risk.NextReview.Before(s.today()) {
		label.Importance = widget.DangerImportance
	}
	label.Refresh()
}

func (s *risksScreen) updateHeader(id widget.TableCellID, o fyne.CanvasObject) {
	b := o.(*widget.Button)
	if id.Col < 0 || id.Col >= len(s.columns) {
		b.SetText("")
		return
	}
	c := s.columns[id.Col]
	text := c.title
	b.SetIcon(nil)
	if c.key == s.sortBy {
		if s.desc {
			b.SetIcon(theme.MenuDropDownIcon())
		} else {
			b.SetIcon(theme.MenuDropUpIcon())
		}
	}
	b.SetText(text)
	b.OnTapped = func() { s.sortOn(c.key) }
}

// sortOn sorts by a column; a second tap on the same column reverses it.
func (s *risksScreen) sortOn(key risk.SortKey) {
	if s.sortBy == key {
		s.desc = !s.desc
	} else {
		s.sortBy, s.desc = key, key == risk.ByInherent || key == risk.ByResidual
	}
	s.sortRows()
	s.applyFilter()
}

// refreshFilterOptions fills the filter drop-downs from the data, keeping
// the current choices.
func (s *risksScreen) refreshFilterOptions() {
	levels := []string{allLevels}
	for i := len(s.data.criteria.Levels) - 1; i >= 0; i-- {
		levels = append(levels, s.data.criteria.Levels[i].Label)
	}
	var owners, categories []string
	for _, row := range s.rows {
		owners = appendUnique(owners, row.risk.Owner)
		categories = appendUnique(categories, row.risk.Category)
	}
	slices.Sort(owners)
	slices.Sort(categories)
	statuses := []string{allStatuses}
	for _, st := range risk.Statuses {
		statuses = append(statuses, string(st))
	}
	setOptions(s.level, levels)
	setOptions(s.owner, append([]string{allOwners}, owners...))
	setOptions(s.status, statuses)
	setOptions(s.category, append([]string{allCategories}, categories...))
}

func appendUnique(list []string, v string) []string {
	if v == "" || slices.Contains(list, v) {
		return list
	}
	return append(list, v)
}

// setOptions replaces a select's options without firing its callback, and
// keeps the selection when it is still offered.
func setOptions(sel *widget.Select, options []string) {
	onChanged := sel.OnChanged
	sel.OnChanged = nil
	current := sel.Selected
	sel.Options = options
	if !slices.Contains(options, current) {
		current = options[0]
	}
	sel.SetSelected(current)
	sel.OnChanged = onChanged
	sel.Refresh()
}

func (s *risksScreen) onFilterSelect() {
	s.filter.Level = 0
	for _, l := range s.data.criteria.Levels {
		if l.Label == s.level.Selected {
			s.filter.Level = l.Rank
		}
	}
	s.filter.Owner = choice(s.owner.Selected, allOwners)
	s.filter.Status = risk.Status(choice(s.status.Selected, allStatuses))
	s.filter.Category = choice(s.category.Selected, allCategories)
	s.applyFilter()
}

func choice(selected, all string) string {
	if selected == all {
		return ""
	}
	return selected
}

func (s *risksScreen) clearFilter() { s.setFilter(risk.Filter{}) }

// setFilter shows the register with f applied, reflected in the controls.
func (s *risksScreen) setFilter(f risk.Filter) {
	s.filter = f
	s.search.OnChanged = nil
	s.search.SetText(f.Text)
	s.search.OnChanged = func(text string) { s.filter.Text = text; s.applyFilter() }
	level := allLevels
	if l, ok := s.data.criteria.Level(f.Level); ok {
		level = l.Label
	}
	for sel, v := range map[*widget.Select]string{s.level: level, s.owner: or(f.Owner, allOwners),
		s.status: or(string(f.Status), allStatuses), s.category: or(f.Category, allCategories)} {
		onChanged := sel.OnChanged
		sel.OnChanged = nil
		sel.SetSelected(v)
		sel.OnChanged = onChanged
	}
	onOverdue := s.overdue.OnChanged
	s.overdue.OnChanged = nil
	s.overdue.SetChecked(f.Overdue)
	s.overdue.OnChanged = onOverdue
	s.applyFilter()
}

func or(v, fallback string) string {
	if v == "" {
		return fallback
	}
	return v
}

// choices lists the owners and categories in use, for the editor's
// suggestions.
func (s *risksScreen) choices() editorChoices {
	c := editorChoices{bia: s.data.bia}
	for _, row := range s.rows {
		c.owners = appendUnique(c.owners, row.risk.Owner)
		c.categories = appendUnique(c.categories, row.risk.Category)
		for _, a := range row.risk.Actions {
			c.owners = appendUnique(c.owners, a.Owner)
		}
	}
	slices.Sort(c.owners)
	slices.Sort(c.categories)
	return c
}

// openRisk shows the risk in the editor.
func (s *risksScreen) openRisk(id int64) {
	if s.selected != 0 && s.selected != id {
		s.editor.flush()
	}
	r, ok := s.find(id)
	if !ok {
		return
	}
	s.selected = id
	s.editor.show(*r, s.data.criteria, s.data.controls, s.choices())
	s.editor.view().Show()
	s.split.Refresh()
	s.markSelection()
	s.scrollToSelected()
}

func (s *risksScreen) scrollToSelected() {
	for row, i := range s.shown {
		if s.rows[i].risk.ID == s.selected {
			s.table.ScrollTo(widget.TableCellID{Row: row, Col: 0})
			return
		}
	}
}

// closeEditor saves what is pending and hides the editor.
func (s *risksScreen) closeEditor() {
	s.editor.flush()
	s.selected = 0
	s.editor.view().Hide()
	s.table.UnselectAll()
	s.split.Refresh()
}

// flush saves whatever the editor holds that is not saved yet.
func (s *risksScreen) flush() { s.editor.flush() }

// onSaved puts a saved risk back into the table and tells the other screens.
func (s *risksScreen) onSaved(r risk.Risk) {
	for i := range s.data.risks {
		if s.data.risks[i].ID == r.ID {
			s.data.risks[i] = r
		}
	}
	for i := range s.rows {
		if s.rows[i].risk.ID == r.ID {
			s.rows[i] = s.makeRow(s.rows[i].risk)
		}
	}
	s.refreshFilterOptions()
	s.table.Refresh()
	s.app.changed(s)
}

// step moves the editor to the next or previous risk in the table.
func (s *risksScreen) step(delta int) {
	if len(s.shown) == 0 {
		return
	}
	at := -1
	for row, i := range s.shown {
		if s.rows[i].risk.ID == s.selected {
			at = row
		}
	}
	next := min(max(at+delta, 0), len(s.shown)-1)
	if at == -1 {
		next = 0
	}
	s.openRisk(s.rows[s.shown[next]].risk.ID)
}

func (s *risksScreen) focusSearch() { s.app.win.Canvas().Focus(s.search) }

// newRisk creates a risk with the next reference and opens it.
func (s *risksScreen) newRisk() {
	s.create(risk.Risk{Title: "New risk", Status: risk.Open, ReviewFrequency: risk.Quarterly})
}

// duplicateRisk copies the risk in the editor under a new reference.
func (s *risksScreen) duplicateRisk() {
	r, ok := s.find(s.selected)
	if !ok {
		s.app.notify("Open a risk first, then duplicate it.")
		return
	}
	c := r.Clone()
	c.ID, c.Ref, c.Created = 0, "", time.Time{}
	c.Title = "Copy of " + r.Title
	c.Acceptance = risk.Acceptance{}
	if c.Treatment == risk.Accept {
		c.Treatment = ""
	}
	if c.Status == risk.Accepted {
		c.Status = risk.Open
	}
	for i := range c.Actions {
		c.Actions[i].ID = 0
	}
	s.create(c)
}

func (s *risksScreen) create(r risk.Risk) {
	s.editor.flush()
	if err := s.store.CreateRisk(context.Background(), &r); err != nil {
		s.app.showError(err)
		return
	}
	s.data.risks = append(s.data.risks, r)
	s.apply(s.data, nil)
	s.setFilter(risk.Filter{})
	s.openRisk(r.ID)
	s.editor.focusTitle()
	s.app.changed(s)
	s.app.notify(fmt.Sprintf("Created %s.", r.Ref))
}

// deleteRisk asks, then deletes the risk in the editor.
func (s *risksScreen) deleteRisk() {
	r, ok := s.find(s.selected)
	if !ok {
		s.app.notify("Open a risk first, then delete it.")
		return
	}
	id, ref, title := r.ID, r.Ref, r.Title
	dialog.ShowConfirm("Delete "+ref+"?",
		fmt.Sprintf("%s — %s\n\nThe risk and its treatment actions are removed from the register.\nThe change log keeps a record of what it was.", ref, title),
		func(ok bool) {
			if ok {
				s.confirmDelete(id, ref)
			}
		}, s.app.win)
}

func (s *risksScreen) confirmDelete(id int64, ref string) {
	s.editor.discard()
	if err := s.store.DeleteRisk(context.Background(), id); err != nil {
		s.app.showError(err)
		return
	}
	s.selected = 0
	s.editor.view().Hide()
	s.data.risks = slices.DeleteFunc(s.data.risks, func(r risk.Risk) bool { return r.ID == id })
	s.apply(s.data, nil)
	s.app.changed(s)
	s.app.notify(fmt.Sprintf("Deleted %s.", ref))
}

// shownRefs lists the references of the rows shown, in order.
func (s *risksScreen) shownRefs() []string {
	out := make([]string, len(s.shown))
	for i, idx := range s.shown {
		out[i] = s.rows[idx].risk.Ref
	}
	return out
}
