package app

import (
	"context"
	"maps"
	"slices"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"riskbook/bcp"
	"riskbook/i18n"
	"riskbook/risk"
)

// riskRow is a risk as the table shows it: its row (risk.RowOf: what the
// columns show and the filter matches, not the whole risk) and its levels.
// Rows are never changed in place: a filter run reads them off the UI
// goroutine.
type riskRow struct {
	*risk.Row
	inherent risk.Level
	residual risk.Level
}

// registerData is what the register loads from the workspace.
type registerData struct {
	criteria risk.Criteria
	rows     []risk.Row // as loaded: the table's rows hold them as saved since
	controls []risk.Control
	bia      *bcp.BIA // the activities and resources a risk can threaten
	// openID is the risk in the editor when the load began, 0 if none;
	// open is that risk read again, nil when it is gone.
	openID int64
	open   *risk.Risk
}

// risksScreen is the risk register: a filterable, sortable table of every
// risk, and the editor of the selected one beside it, in a tab or in a
// window of its own (see placement).
type risksScreen struct {
	store RiskStore
	app   *App
	today func() risk.Date
	// newBtn makes a new risk: disabled in a read-only workspace.
	newBtn *widget.Button

	data    registerData
	loaded  bool         // the first load has arrived
	opening int64        // a risk asked for before the first load arrived
	rows    []*riskRow   // every risk, in sort order; replaced, never changed in place
	showing registerView // what the table shows
	filter  risk.Filter
	sortBy  risk.SortKey
	desc    bool
	// filterRun numbers the filter runs; a run that is not the latest
	// stops and is dropped.
	filterRun atomic.Uint64

	columns []column
	visible []int     // the columns shown, indexes into columns (fitColumns)
	widths  []float32 // their widths
	// tableWidth is the width the columns were last fitted to.
	tableWidth float32

	search    *widget.Entry
	level     *widget.Select
	owner     *widget.Select
	status    *widget.Select
	category  *widget.Select
	overdue   *widget.Check
	count     *widget.Label
	table     *widget.Table
	empty     *fyne.Container
	emptyText *widget.Label
	register  fyne.CanvasObject // the filters over the table
	editor    *riskEditor
	place     placement
	root      *fyne.Container
	split     *container.Split // beside
	tabs      *editorTabs      // in a tab
	window    fyne.Window      // in a window, made on first use
	selected  int64            // ID of the risk in the editor, 0 when closed
}

// The filters' first options, which filter nothing.
func allLevels() string     { return i18n.T("risks.filter.all_levels") }
func allOwners() string     { return i18n.T("risks.filter.all_owners") }
func allStatuses() string   { return i18n.T("risks.filter.all_statuses") }
func allCategories() string { return i18n.T("risks.filter.all_categories") }

func newRisksScreen(store RiskStore, a *App) *risksScreen {
	s := &risksScreen{store: store, app: a, today: func() risk.Date { return risk.DateOf(time.Now()) },
		columns: registerColumns(), place: a.riskEditorPlacement()}
	measureColumns(s.columns, risk.DefaultCriteria().Levels, a.dates, nil)
	s.build()
	return s
}

func (s *risksScreen) build() {
	s.search = widget.NewEntry()
	s.search.SetPlaceHolder(i18n.T("risks.search.hint"))
	s.search.OnChanged = s.onSearch
	// Until the register is read the filters already say what they will
	// say, rather than "(Select one)".
	s.level = widget.NewSelect([]string{allLevels()}, func(string) { s.onFilterSelect() })
	s.owner = widget.NewSelect([]string{allOwners()}, func(string) { s.onFilterSelect() })
	s.status = widget.NewSelect([]string{allStatuses()}, func(string) { s.onFilterSelect() })
	s.category = widget.NewSelect([]string{allCategories()}, func(string) { s.onFilterSelect() })
	for sel, all := range map[*widget.Select]string{s.level: allLevels(), s.owner: allOwners(), s.status: allStatuses(), s.category: allCategories()} {
		selectQuietly(sel, all)
	}
	s.overdue = widget.NewCheck(i18n.T("risks.filter.overdue"), func(on bool) { s.filter.Overdue = on; s.applyFilter(true) })
	clear := widget.NewButtonWithIcon("", theme.ContentClearIcon(), s.clearFilter)
	newRisk := widget.NewButtonWithIcon(i18n.T("risks.new"), theme.ContentAddIcon(), s.newRisk)
	newRisk.Importance = widget.HighImportance
	s.newBtn = newRisk
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
	s.table.OnSelected = func(id widget.TableCellID) {
		if id.Row >= 0 && id.Row < len(s.showing.shown) {
			s.openRisk(s.showing.row(id.Row).ID)
		}
	}

	s.emptyText = widget.NewLabel("")
	s.emptyText.Alignment = fyne.TextAlignCenter
	s.empty = container.NewCenter(s.emptyText)
	s.updateEmpty()

	s.editor = newRiskEditor(s.store, s.app, s.onSaved, s.closeEditor, s.app.request(s.deleteRisk))
	// The filters fold onto a second line rather than clip when the
	// register is narrow; each keeps the width of its longest choice.
	filters := newFlow(false, atLeastWide(selectWidth([]string{allLevels()}), s.level), atLeastWide(selectWidth([]string{allOwners()}), s.owner),
		atLeastWide(selectWidth([]string{allStatuses()}), s.status), atLeastWide(selectWidth([]string{allCategories()}), s.category),
		s.overdue, clear)
	top := container.NewVBox(
		container.NewBorder(nil, nil, nil, container.NewHBox(s.count, newRisk), s.search),
		filters)
	s.register = container.NewBorder(top, nil, nil, nil,
		container.New(registerLayout{s}, s.table, s.empty))
	s.root = container.NewStack()
	s.arrange()
}

func (s *risksScreen) view() fyne.CanvasObject { return s.root }

// reload fetches the register off the UI goroutine and shows it.
func (s *risksScreen) reload() {
	open := s.selected
	async(s.app, func(ctx context.Context) (registerData, error) { return s.load(ctx, open) }, s.apply)
}

// load reads the register's rows, what the editor needs beside a risk,
// and the risk open in the editor, whose rows keep less than it shows.
func (s *risksScreen) load(ctx context.Context, open int64) (registerData, error) {
	d := registerData{openID: open}
	var err error
	if d.criteria, err = s.store.Criteria(ctx); err != nil {
		return d, err
	}
	// The default criteria's names in the reader's language; the
	// organisation's own as written.
	d.criteria = d.criteria.Localised(i18n.Default())
	if d.rows, err = s.store.RiskRows(ctx); err != nil {
		return d, err
	}
	if d.controls, err = s.store.Controls(ctx); err != nil {
		return d, err
	}
	if d.bia, err = s.store.BIA(ctx); err != nil {
		return d, err
	}
	if open != 0 {
		r, err := s.store.Risk(ctx, open)
		switch {
		case err == nil:
			d.open = &r
		case risk.ErrorCode(err) != risk.ENOTFOUND:
			return d, err
		}
	}
	return d, nil
}

func (s *risksScreen) apply(d registerData, err error) {
	if err != nil {
		s.app.showError(err)
		return
	}
	s.data = d
	s.setRows()
	if s.selected != 0 {
		_, ok := s.find(s.selected)
		switch {
		case !ok || d.openID == s.selected && d.open == nil:
			s.closeEditor()
		case d.open != nil && d.open.ID == s.selected:
			s.editor.show(*d.open, d.criteria, d.controls, s.choices())
		}
		// Otherwise the risk was opened while the register was read: the
		// editor shows it as read then.
	}
	s.data.open = nil
	if id := s.opening; id != 0 {
		s.opening = 0
		s.openRisk(id)
	}
}

// setRows makes the table's rows of s.data.rows, sorted, and shows those
// the filter lets through.
func (s *risksScreen) setRows() {
	rows := make([]*riskRow, len(s.data.rows))
	held := make([]riskRow, len(s.data.rows))
	refs := make([]string, len(s.data.rows))
	for i := range s.data.rows {
		rows[i] = s.fillRow(&held[i], &s.data.rows[i])
		refs[i] = s.data.rows[i].Ref
	}
	measureColumns(s.columns, s.data.criteria.Levels, s.app.dates, refs)
	s.refit()
	s.rows = s.sorted(rows)
	first := !s.loaded
	s.loaded = true
	s.refreshFilterOptions()
	s.applyFilter(first)
}

// fillRow sets row to r with its levels.
func (s *risksScreen) fillRow(row *riskRow, r *risk.Row) *riskRow {
	row.Row = r
	row.inherent, _ = s.data.criteria.LevelOf(r.Inherent)
	row.residual, _ = s.data.criteria.LevelOf(r.Residual)
	return row
}

// latestRows copies the rows as the table holds them, edits included, for
// a change that rebuilds them (a new risk, a deleted one).
func (s *risksScreen) latestRows() []risk.Row {
	out := make([]risk.Row, len(s.rows))
	for i := range s.rows {
		out[i] = *s.rows[i].Row
	}
	return out
}

// find is the row of the risk with the given ID.
func (s *risksScreen) find(id int64) (*riskRow, bool) {
	for _, row := range s.rows {
		if row.ID == id {
			return row, true
		}
	}
	return nil, false
}

// sorted returns rows in a new slice, in the order of the current sort
// key, using the domain's order.
func (s *risksScreen) sorted(rows []*riskRow) []*riskRow {
	out := slices.Clone(rows)
	slices.SortStableFunc(out, func(a, b *riskRow) int {
		return risk.OrderRows(a.Row, b.Row, s.sortBy, s.desc, &s.data.criteria)
	})
	return out
}

// onSearch follows the search field, one keystroke at a time.
func (s *risksScreen) onSearch(text string) {
	s.filter.Text = text
	s.applyFilter(true)
}

// markSelection highlights the row of the risk in the editor, if shown.
func (s *risksScreen) markSelection() {
	s.table.Refresh()
	if s.selected == 0 {
		return
	}
	if row := s.shownAt(s.selected); row >= 0 {
		onSelected := s.table.OnSelected
		s.table.OnSelected = nil
		s.table.Select(widget.TableCellID{Row: row, Col: 0})
		s.table.OnSelected = onSelected
	}
}

// sortOn sorts by a column; a second tap on the same column reverses it.
func (s *risksScreen) sortOn(key risk.SortKey) {
	if s.sortBy == key {
		s.desc = !s.desc
	} else {
		s.sortBy, s.desc = key, key == risk.ByInherent || key == risk.ByResidual
	}
	s.rows = s.sorted(s.rows)
	s.refit() // the arrow moves to another column
	s.applyFilter(true)
}

// refit fits the columns again at the width they had, after their widths
// changed; the table's container may need a new smallest width too.
func (s *risksScreen) refit() {
	s.visible, s.widths = nil, nil
	if s.tableWidth > 0 {
		s.fitColumns(s.tableWidth)
	}
	s.register.Refresh()
}

// refreshFilterOptions fills the filter drop-downs from the data, keeping
// the current choices.
func (s *risksScreen) refreshFilterOptions() {
	levels := []string{allLevels()}
	for i := len(s.data.criteria.Levels) - 1; i >= 0; i-- {
		levels = append(levels, s.data.criteria.Levels[i].Label)
	}
	owners, categories := nameSet{}, nameSet{}
	for _, row := range s.rows {
		owners.add(row.Owner)
		categories.add(row.Category)
	}
	statuses := append([]string{allStatuses()}, fixedNames("status", risk.Statuses)...)
	setOptions(s.level, levels)
	setOptions(s.owner, append([]string{allOwners()}, owners.sorted()...))
	setOptions(s.status, statuses)
	setOptions(s.category, append([]string{allCategories()}, categories.sorted()...))
}

// nameSet collects the distinct names of a register's rows, for the
// drop-downs and suggestions: a look-up per row, whatever the number of
// owners, where a list would be searched for each of 50,000 risks.
type nameSet map[string]struct{}

func (n nameSet) add(v string) {
	if v != "" {
		n[v] = struct{}{}
	}
}

// sorted lists the names in order.
func (n nameSet) sorted() []string { return slices.Sorted(maps.Keys(n)) }

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
	s.filter.Owner = choice(s.owner.Selected, allOwners())
	s.filter.Status = ""
	if i := s.status.SelectedIndex(); i > 0 {
		s.filter.Status = risk.Statuses[i-1]
	}
	s.filter.Category = choice(s.category.Selected, allCategories())
	s.applyFilter(true)
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
	s.search.OnChanged = s.onSearch
	level := allLevels()
	if l, ok := s.data.criteria.Level(f.Level); ok {
		level = l.Label
	}
	for sel, v := range map[*widget.Select]string{s.level: level, s.owner: or(f.Owner, allOwners()),
		s.status: or(fixedName("status", f.Status), allStatuses()), s.category: or(f.Category, allCategories())} {
		selectQuietly(sel, v)
	}
	onOverdue := s.overdue.OnChanged
	s.overdue.OnChanged = nil
	s.overdue.SetChecked(f.Overdue)
	s.overdue.OnChanged = onOverdue
	s.applyFilter(true)
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
	owners, categories := nameSet{}, nameSet{}
	for _, row := range s.rows {
		owners.add(row.Owner)
		categories.add(row.Category)
		for _, o := range row.ActionOwners {
			owners.add(o)
		}
	}
	return editorChoices{bia: s.data.bia, owners: owners.sorted(), categories: categories.sorted()}
}

// openRisk shows the risk in the editor.
func (s *risksScreen) openRisk(id int64) {
	if s.selected != 0 && s.selected != id {
		s.editor.flush()
	}
	if !s.loaded {
		// Shown from another screen or window while the register is
		// still being read: it opens when the register arrives.
		s.opening = id
		return
	}
	if _, ok := s.find(id); !ok {
		return
	}
	// The row holds what the table shows; the editor gets the whole risk.
	r, err := s.store.Risk(context.Background(), id)
	if err != nil {
		s.app.showError(err)
		return
	}
	s.selected = id
	s.editor.show(r, s.data.criteria, s.data.controls, s.choices())
	s.showEditor(r.Ref, r.Title)
	s.app.freeze()
	s.markSelection()
	if row := s.shownAt(id); row >= 0 {
		s.table.ScrollTo(widget.TableCellID{Row: row, Col: 0})
	}
}

// closeEditor saves what is pending and closes the editor.
func (s *risksScreen) closeEditor() {
	s.editor.flush()
	s.selected = 0
	s.hideEditor()
	s.table.UnselectAll()
	s.table.Refresh()
}

// flush saves whatever the editor holds that is not saved yet.
func (s *risksScreen) flush() { s.editor.flush() }

// onSaved puts a saved risk back into the table and tells the other
// screens. The rows are copied, not changed in place, because a filter run
// may be reading them (a copy of the pointers: the rows themselves are
// never changed); the saved risk stays where it is, even when it no
// longer matches the filter, so that it does not vanish while edited.
func (s *risksScreen) onSaved(r risk.Risk) {
	savedRow := risk.RowOf(&r)
	row := s.fillRow(&riskRow{}, &savedRow)
	saved := func(rows []*riskRow) []*riskRow {
		out := slices.Clone(rows)
		for i := range out {
			if out[i].ID == r.ID {
				out[i] = row
			}
		}
		return out
	}
	showingAll := sameRows(s.showing.rows, s.rows)
	s.rows = saved(s.rows)
	if showingAll {
		s.showing.rows = s.rows
	} else {
		s.showing.rows = saved(s.showing.rows)
	}
	s.refreshFilterOptions()
	s.retitle(r.Ref, r.Title)
	s.table.Refresh()
	s.app.changed(s)
}

// sameRows says whether a and b are the same rows, not only equal ones.
func sameRows(a, b []*riskRow) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
}

// step moves the editor to the next or previous risk in the table.
func (s *risksScreen) step(delta int) {
	if len(s.showing.shown) == 0 {
		return
	}
	at := s.shownAt(s.selected)
	next := min(max(at+delta, 0), len(s.showing.shown)-1)
	if at == -1 {
		next = 0
	}
	s.openRisk(s.showing.row(next).ID)
}

// focusSearch puts the cursor in the search field, showing the register
// first when the editor hides it.
func (s *risksScreen) focusSearch() {
	if s.tabs != nil {
		s.tabs.pick(false)
	}
	s.app.win.RequestFocus()
	s.app.win.Canvas().Focus(s.search)
}

// newRisk creates a risk with the next reference and opens it.
func (s *risksScreen) newRisk() {
	s.create(risk.Risk{Title: i18n.T("risks.new.title"), Status: risk.Open, ReviewFrequency: risk.Quarterly})
}

// duplicateRisk copies the risk in the editor, as saved, under a new
// reference.
func (s *risksScreen) duplicateRisk() {
	if _, ok := s.find(s.selected); !ok {
		s.app.notify(i18n.T("risks.duplicate.none"))
		return
	}
	r, err := s.store.Risk(context.Background(), s.selected)
	if err != nil {
		s.app.showError(err)
		return
	}
	c := r.Clone()
	c.ID, c.Ref, c.Created = 0, "", time.Time{}
	c.Title = i18n.T("risks.duplicate.title", i18n.Args{"Title": r.Title})
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
	s.data.rows = append(s.latestRows(), risk.RowOf(&r))
	s.setRows()
	s.setFilter(risk.Filter{})
	s.openRisk(r.ID)
	s.editor.focusTitle()
	s.app.changed(s)
	s.app.notify(i18n.T("risks.created", i18n.Args{"Ref": r.Ref}))
}

// deleteRisk asks, then deletes the risk in the editor.
func (s *risksScreen) deleteRisk() {
	r, ok := s.find(s.selected)
	if !ok {
		s.app.notify(i18n.T("risks.delete.none"))
		return
	}
	id, ref, title := r.ID, r.Ref, r.Title
	s.app.confirm(s.editorWindow(), i18n.T("risks.delete.title", i18n.Args{"Ref": ref}),
		i18n.T("risks.delete.body", i18n.Args{"Ref": ref, "Title": title}),
		i18n.T("risks.delete.action"), func() { s.confirmDelete(id, ref) })
}

func (s *risksScreen) confirmDelete(id int64, ref string) {
	s.editor.discard()
	if err := s.store.DeleteRisk(context.Background(), id); err != nil {
		s.app.showError(err)
		return
	}
	s.selected = 0
	s.hideEditor()
	s.data.rows = slices.DeleteFunc(s.latestRows(), func(r risk.Row) bool { return r.ID == id })
	s.setRows()
	s.app.changed(s)
	s.app.notify(i18n.T("risks.deleted", i18n.Args{"Ref": ref}))
}
