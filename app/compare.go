package app

import (
	"context"
	"path/filepath"
	"slices"
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

// The Compare window (issue 17): pick two points — closed assessments or
// today — and see what changed between them, grouped by kind with counts
// and filtered by kind or text, and where the risks moved on the matrix.
// The comparison is the workspace's (Workspace.Compare), written by
// export.ChangesOf as the command line and the documents write it.

// compareWindow is the Compare window of a workspace.
type compareWindow struct {
	a    *App
	ws   Workspace
	win  fyne.Window
	list []risk.Assessment // newest first

	from, to *widget.Select
	title    *widget.Label
	points   *widget.Label
	notes    *widget.Label
	search   *widget.Entry
	kinds    *widget.List
	rows     *widget.List
	tabs     *container.AppTabs

	moveMode  *widget.RadioGroup
	minCount  *widget.Select
	movement  *widgets.MovementMap
	moveList  *widget.List
	moveRefs  *widget.Label
	moveNote  *widget.Label
	moveShown []risk.Move

	cmp   *bcp.Comparison
	ch    *export.Changes
	kind  int // index of the kind shown in ch.Groups, -1 for all
	shown []changeItem
	// fetching counts the comparisons asked for, so that only the last
	// one asked for is shown.
	fetching int
}

// changeItem is a line of the list of changes: a kind's heading (row nil)
// or a record.
type changeItem struct {
	group *export.ChangeGroup
	row   *export.ChangeRow
}

// compareDialog opens the Compare window from the baseline to today, or
// brings it back.
func (a *App) compareDialog() { a.openCompare("", "") }

// openCompare opens the Compare window on from and to (names of
// assessments, "today", or "" for the defaults), or brings the open one
// back and shows them.
func (a *App) openCompare(from, to string) {
	if a.ws == nil {
		return
	}
	if a.comparing != nil && a.comparing.ws == a.ws {
		a.comparing.win.Show()
		a.comparing.win.RequestFocus()
		if from != "" {
			a.comparing.pick(from, to)
		}
		return
	}
	a.closeCompare()
	c := &compareWindow{a: a, ws: a.ws, kind: -1}
	c.win = a.fyne.NewWindow(i18n.T("compare.app.window", i18n.Args{"Workspace": strings.TrimSuffix(filepath.Base(a.ws.Path()), workspaceExt)}))
	c.build()
	c.win.SetCloseIntercept(a.closeCompare)
	size := a.win.Canvas().Size()
	c.win.Resize(fyne.NewSize(max(1000, min(1360, size.Width)), max(680, min(860, size.Height))))
	a.comparing = c
	c.win.Show()
	async(a, func(ctx context.Context) ([]risk.Assessment, error) {
		return c.ws.Assessments(ctx)
	}, func(list []risk.Assessment, err error) {
		if err != nil {
			c.refuse(err)
			return
		}
		c.setAssessments(list, from, to)
	})
}

// closeCompare closes the Compare window, with the workspace it compares.
func (a *App) closeCompare() {
	if a.comparing == nil {
		return
	}
	a.comparing.win.Close()
	a.comparing = nil
}

func (c *compareWindow) build() {
	c.from = widget.NewSelect(nil, nil)
	c.to = widget.NewSelect(nil, nil)
	c.title = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	c.title.SizeName = theme.SizeNameSubHeadingText
	c.points = widget.NewLabel("")
	c.points.Wrapping = fyne.TextWrapWord
	c.notes = wrapLabel("")
	c.notes.Importance = widget.WarningImportance
	c.notes.Hide()
	c.search = widget.NewEntry()
	c.search.SetPlaceHolder(i18n.T("compare.app.search"))
	c.search.OnChanged = func(string) { c.showRows() }

	c.kinds = widget.NewList(c.kindCount, c.newKindItem, c.updateKindItem)
	c.kinds.OnSelected = func(i widget.ListItemID) {
		c.kind = i - 1
		c.showRows()
	}
	c.rows = widget.NewList(func() int { return len(c.shown) }, c.newRowItem, c.updateRowItem)
	c.rows.OnSelected = c.openRow

	pickers := container.NewHBox(widget.NewLabel(i18n.T("compare.from")), c.from, widget.NewLabel(i18n.T("compare.to")), c.to)
	head := container.NewVBox(container.NewBorder(nil, nil, nil, pickers, c.title), c.points, c.notes)
	rowsPane := container.NewBorder(c.search, nil, nil, nil, c.rows)
	split := container.NewHSplit(c.kinds, rowsPane)
	split.Offset = 0.3
	c.tabs = container.NewAppTabs(
		container.NewTabItem(i18n.T("compare.app.tab.changes"), split),
		container.NewTabItem(i18n.T("compare.app.tab.movement"), c.buildMovement()),
	)
	c.win.SetContent(container.NewBorder(container.NewPadded(head), nil, nil, nil, c.tabs))
}

// buildMovement is the Movement tab: the map, and beside it what it
// shows, a filter of thin arrows, the arrows listed busiest first and the
// risks of the one selected.
func (c *compareWindow) buildMovement() fyne.CanvasObject {
	c.movement = widgets.NewMovementMap(risk.DefaultCriteria())
	c.moveMode = widget.NewRadioGroup([]string{i18n.T("compare.app.mode.residual"), i18n.T("compare.app.mode.inherent"), i18n.T("compare.app.mode.controls")}, nil)
	c.moveMode.SetSelected(i18n.T("compare.app.mode.residual"))
	c.moveMode.Required = true
	c.moveMode.OnChanged = func(string) { c.showMovement() }
	counts := []string{i18n.T("compare.app.min.all"), i18n.T("compare.app.min.n", i18n.Args{"N": 2}),
		i18n.T("compare.app.min.n", i18n.Args{"N": 5}), i18n.T("compare.app.min.n", i18n.Args{"N": 10})}
	c.minCount = widget.NewSelect(counts, func(s string) {
		c.movement.SetMinCount([]int{1, 2, 5, 10}[slices.Index(counts, s)])
	})
	c.minCount.SetSelected(counts[0])
	c.moveList = widget.NewList(func() int { return len(c.moveShown) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("L5×C5 Critical → L5×C5 Critical · 1,000 risks")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(i widget.ListItemID, o fyne.CanvasObject) { o.(*widget.Label).SetText(c.moveText(c.moveShown[i])) })
	c.moveList.OnSelected = func(i widget.ListItemID) {
		c.movement.SetHighlight(i)
		c.moveRefs.SetText(strings.Join(c.moveShown[i].Refs, ", "))
	}
	c.moveList.OnUnselected = func(widget.ListItemID) {
		c.movement.SetHighlight(-1)
		c.moveRefs.SetText("")
	}
	c.moveRefs = wrapLabel("")
	c.moveNote = wrapLabel("")
	c.moveNote.Importance = widget.WarningImportance
	c.moveNote.Hide()
	legend := wrapLabel(i18n.T("compare.app.legend"))
	legend.SizeName = theme.SizeNameCaptionText
	side := container.NewBorder(
		container.NewVBox(c.moveMode, container.NewBorder(nil, nil, widget.NewLabel(i18n.T("compare.app.min")), nil, c.minCount), legend,
			widget.NewLabelWithStyle(i18n.T("compare.app.arrows"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})),
		container.NewVScroll(c.moveRefs), nil, nil, c.moveList)
	split := container.NewHSplit(container.NewBorder(c.moveNote, nil, nil, nil, container.NewPadded(c.movement)), side)
	split.Offset = 0.62
	return split
}

// setAssessments offers the closed assessments and today at both ends, and
// compares from and to (the baseline and today when empty).
func (c *compareWindow) setAssessments(list []risk.Assessment, from, to string) {
	c.list = slices.Clone(list)
	slices.Reverse(c.list)
	options := []string{c.todayName()}
	for _, as := range c.list {
		options = append(options, as.Name)
	}
	c.from.Options, c.to.Options = options, options
	if len(list) == 0 {
		c.refuse(risk.Errorf(risk.EINVALID, "%s", i18n.T("compare.err.no_assessment", i18n.Args{"Workspace": filepath.Base(c.ws.Path())})))
		return
	}
	c.pick(from, to)
	c.from.OnChanged = func(string) { c.compare() }
	c.to.OnChanged = func(string) { c.compare() }
}

// pick selects from and to in the pickers (the baseline and today when
// empty) and compares them.
func (c *compareWindow) pick(from, to string) {
	if from == "" {
		if b, ok := risk.Baseline(c.list); ok {
			from = b.Name
		}
	}
	if to == "" || strings.EqualFold(to, risk.Today) {
		to = c.todayName()
	}
	c.from.OnChanged, c.to.OnChanged = nil, nil
	c.from.SetSelected(from)
	c.to.SetSelected(to)
	c.from.OnChanged = func(string) { c.compare() }
	c.to.OnChanged = func(string) { c.compare() }
	c.compare()
}

// todayName is how the pickers name the live records.
func (c *compareWindow) todayName() string { return i18n.T("compare.app.today") }

// pointName is the name Workspace.Compare takes for a picker's choice.
func (c *compareWindow) pointName(s string) string {
	if s == c.todayName() {
		return risk.Today
	}
	return s
}

// compare reads the comparison the pickers ask for, off the UI goroutine.
func (c *compareWindow) compare() {
	from, to := c.pointName(c.from.Selected), c.pointName(c.to.Selected)
	if from == "" || to == "" {
		return
	}
	c.fetching++
	asked := c.fetching
	c.title.SetText(i18n.T("compare.app.reading"))
	async(c.a, func(ctx context.Context) (*bcp.Comparison, error) {
		return c.ws.Compare(ctx, from, to, time.Now().UTC().Truncate(time.Second))
	}, func(cmp *bcp.Comparison, err error) {
		if asked != c.fetching || c.a.comparing != c {
			return
		}
		if err != nil {
			c.refuse(err)
			return
		}
		c.show(cmp)
	})
}

// refuse shows why there is nothing to compare, in place of the changes.
func (c *compareWindow) refuse(err error) {
	c.cmp, c.ch = nil, nil
	c.title.SetText(i18n.T("compare.app.none"))
	c.points.SetText(message(err))
	c.notes.Hide()
	c.kinds.Refresh()
	c.showRows()
	c.showMovement()
}

// show shows a comparison.
func (c *compareWindow) show(cmp *bcp.Comparison) {
	c.cmp, c.ch = cmp, export.ChangesOf(cmp, i18n.Default())
	c.title.SetText(c.ch.Title)
	c.points.SetText(i18n.T("compare.app.point", i18n.Args{"Label": i18n.T("compare.from"), "Point": c.ch.From}) + "\n" +
		i18n.T("compare.app.point", i18n.Args{"Label": i18n.T("compare.to"), "Point": c.ch.To}))
	if len(c.ch.Notes) > 0 {
		c.notes.SetText(strings.Join(c.ch.Notes, "\n"))
		c.notes.Show()
	} else {
		c.notes.Hide()
	}
	c.kind = -1
	c.kinds.Refresh()
	c.kinds.Select(0)
	c.showRows()
	c.showMovement()
}

// kindCount is the number of lines of the kinds list: all changes, then
// every kind.
func (c *compareWindow) kindCount() int {
	if c.ch == nil {
		return 0
	}
	return len(c.ch.Groups) + 1
}

func (c *compareWindow) newKindItem() fyne.CanvasObject {
	name := widget.NewLabel("Acceptance granted, withdrawn or renewed")
	name.Truncation = fyne.TextTruncateEllipsis
	count := widget.NewLabelWithStyle("1,000", fyne.TextAlignTrailing, fyne.TextStyle{Bold: true})
	return container.NewBorder(nil, nil, nil, count, name)
}

func (c *compareWindow) updateKindItem(i widget.ListItemID, o fyne.CanvasObject) {
	box := o.(*fyne.Container)
	name, count := box.Objects[0].(*widget.Label), box.Objects[1].(*widget.Label)
	n, text := c.ch.Total, i18n.T("compare.app.all")
	if i > 0 {
		g := &c.ch.Groups[i-1]
		n, text = len(g.Rows), g.Title
	}
	name.SetText(text)
	count.SetText(i18n.Default().Int(n))
	imp := widget.MediumImportance
	if n == 0 {
		imp = widget.LowImportance
	}
	name.Importance, count.Importance = imp, imp
	name.Refresh()
	count.Refresh()
}

// showRows lists the changes of the kind chosen, or of every kind under
// headings, that hold the text searched for.
func (c *compareWindow) showRows() {
	c.shown = c.shown[:0]
	if c.ch != nil {
		q := strings.ToLower(strings.TrimSpace(c.search.Text))
		for gi := range c.ch.Groups {
			g := &c.ch.Groups[gi]
			if c.kind >= 0 && c.kind != gi {
				continue
			}
			var rows []changeItem
			for ri := range g.Rows {
				r := &g.Rows[ri]
				if q == "" || strings.Contains(strings.ToLower(r.Ref+" "+r.Title+" "+r.Before+" "+r.After+" "+r.Note), q) {
					rows = append(rows, changeItem{group: g, row: r})
				}
			}
			if len(rows) == 0 && (c.kind < 0 || q != "") {
				continue
			}
			c.shown = append(c.shown, changeItem{group: g})
			c.shown = append(c.shown, rows...)
		}
		if len(c.shown) == 0 {
			c.shown = append(c.shown, changeItem{})
		}
	}
	c.rows.Refresh()
	c.rows.ScrollToTop()
}

// newRowItem is a line of the changes: a record on two lines (reference
// and title; what it was and is), or a heading on one, centred.
func (c *compareWindow) newRowItem() fyne.CanvasObject {
	top := widget.NewLabelWithStyle("R-001  Title", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	top.Truncation = fyne.TextTruncateEllipsis
	bottom := widget.NewLabel("High (L4×C4) → Medium (L2×C4) · appetite Medium")
	bottom.Truncation = fyne.TextTruncateEllipsis
	heading := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	heading.Truncation = fyne.TextTruncateEllipsis
	return container.NewStack(container.NewVBox(top, bottom), container.NewVBox(layout.NewSpacer(), heading, layout.NewSpacer()))
}

func (c *compareWindow) updateRowItem(i widget.ListItemID, o fyne.CanvasObject) {
	stack := o.(*fyne.Container)
	record, headBox := stack.Objects[0].(*fyne.Container), stack.Objects[1].(*fyne.Container)
	top, bottom := record.Objects[0].(*widget.Label), record.Objects[1].(*widget.Label)
	heading := headBox.Objects[1].(*widget.Label)
	it := c.shown[i]
	record.Hidden, headBox.Hidden = it.row == nil, it.row != nil
	switch {
	case it.group == nil:
		heading.SetText(i18n.T("compare.nothing"))
		heading.Importance = widget.LowImportance
	case it.row == nil && len(it.group.Rows) == 0:
		heading.SetText(it.group.Title + " — " + i18n.T("compare.app.kind_none"))
		heading.Importance = widget.LowImportance
	case it.row == nil:
		heading.SetText(it.group.Title + " (" + i18n.Default().Int(len(it.group.Rows)) + ")")
		heading.Importance = widget.HighImportance
	default:
		top.SetText(it.row.Ref + "   " + it.row.Title)
		bottom.SetText(changeText(it.row))
	}
	heading.Refresh()
	stack.Refresh()
}

// openRow opens, in the main window, the risk a row of the changes is
// about: only a risk of today's records (the comparison runs to today and
// the risk was not removed) is there to open.
func (c *compareWindow) openRow(i widget.ListItemID) {
	c.rows.Unselect(i)
	if i >= len(c.shown) || c.cmp == nil || c.cmp.To.Assessment != nil {
		return
	}
	it := c.shown[i]
	if it.row == nil || it.group == nil || !opensRisk(it.group.Kind) {
		return
	}
	// The later point is today's records, read with their identifiers.
	if c.cmp.After == nil || c.cmp.After.Register == nil {
		return
	}
	for _, r := range c.cmp.After.Register.Risks {
		if strings.EqualFold(r.Ref, it.row.Ref) {
			c.a.showRisk(r.ID)
			c.a.win.RequestFocus()
			return
		}
	}
}

// opensRisk reports whether the rows of a kind of change are risks that
// are still in the register.
func opensRisk(k risk.ChangeKind) bool {
	switch k {
	case risk.RiskNew, risk.NowAbove, risk.NowWithin, risk.ResidualUp, risk.ResidualDown, risk.InherentUp, risk.InherentDown,
		risk.Rescored, risk.TreatmentKind, risk.AcceptanceKind, risk.StatusKind:
		return true
	}
	return false
}

// changeText is a row's "before → after · note".
func changeText(r *export.ChangeRow) string {
	s := r.Before + r.After
	if r.Before != "" && r.After != "" {
		s = r.Before + " → " + r.After
	}
	if r.Note != "" {
		if s != "" {
			s += " · "
		}
		s += r.Note
	}
	return s
}

// showMovement draws the movements the mode asks for.
func (c *compareWindow) showMovement() {
	c.moveShown = nil
	c.moveRefs.SetText("")
	c.moveNote.Hide()
	if c.cmp == nil {
		c.movement.Set(risk.DefaultCriteria(), nil, nil)
		c.moveList.Refresh()
		return
	}
	crit := c.cmp.After.Register.Criteria.Localised(i18n.Default())
	residual := c.moveMode.Selected != i18n.T("compare.app.mode.inherent")
	var moves []risk.Move
	switch c.moveMode.Selected {
	case i18n.T("compare.app.mode.controls"):
		moves = c.cmp.ControlEffect()
	case i18n.T("compare.app.mode.inherent"):
		moves = c.cmp.InherentMoves()
	default:
		moves = c.cmp.Moves()
	}
	if !c.cmp.SameScales && c.moveMode.Selected != i18n.T("compare.app.mode.controls") {
		c.moveNote.SetText(c.ch.Scales)
		c.moveNote.Show()
	}
	counts := map[risk.Score]int{}
	for _, r := range c.cmp.After.Register.Risks {
		s := r.Residual
		if !residual {
			s = r.Inherent
		}
		if r.Status != risk.Closed && !s.IsZero() {
			counts[s]++
		}
	}
	for _, m := range moves {
		if !m.Stayed() {
			c.moveShown = append(c.moveShown, m)
		}
	}
	c.movement.Set(crit, counts, c.moveShown)
	c.moveList.UnselectAll()
	c.moveList.Refresh()
}

// moveText is an arrow's line in the list: "L4×C4 High → L2×C4 Medium · 12 risks".
func (c *compareWindow) moveText(m risk.Move) string {
	after := c.cmp.After.Register.Criteria.Localised(i18n.Default())
	crit := &after
	cell := func(s risk.Score) string {
		if l, ok := crit.LevelOf(s); ok {
			return scoreName(s) + " " + l.Label
		}
		return scoreName(s)
	}
	return cell(m.From) + " → " + cell(m.To) + " · " + i18n.N("compare.app.risks", len(m.Refs))
}
