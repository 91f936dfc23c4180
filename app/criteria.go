package app

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"riskbook/app/widgets"
	"riskbook/i18n"
	"riskbook/risk"
)

// criteriaScreen edits the workspace's risk criteria: the two scales, the
// risk levels, the matrix and the appetite. Edits go to a draft; nothing is
// stored until the person has seen how many risk scores change level and
// confirmed, because a criteria change rewrites what every score means.
type criteriaScreen struct {
	store CriteriaStore
	a     *App

	stored risk.Criteria
	draft  risk.Criteria
	risks  []risk.Risk

	title    *widget.Label
	status   *widget.Label
	problem  *widget.Label
	warnings *widget.Label
	applyBtn *widget.Button
	discard  *widget.Button
	confirm  *dialog.ConfirmDialog // the last confirmation asked for

	matrix      *widgets.Matrix
	appetite    *widget.Select
	levels      *levelsEditor
	likelihood  *scaleEditor
	consequence *scaleEditor
	root        fyne.CanvasObject
}

// criteriaModel is what the screen loads: the stored criteria and the risks
// whose scores they give meaning to.
type criteriaModel struct {
	criteria risk.Criteria
	risks    []risk.Risk
}

func newCriteriaScreen(ws Workspace, a *App) *criteriaScreen {
	s := &criteriaScreen{store: ws, a: a}
	s.levels = newLevelsEditor(s)
	s.likelihood = newScaleEditor(s, true)
	s.consequence = newScaleEditor(s, false)
	s.build()
	return s
}

func (s *criteriaScreen) build() {
	s.title = widget.NewLabelWithStyle(i18n.T("criteria.title"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	s.status = widget.NewLabel(i18n.T("criteria.loading"))
	s.status.Wrapping = fyne.TextWrapWord
	s.problem = fieldErrorLabel()
	s.warnings = widget.NewLabel("")
	s.warnings.Importance = widget.WarningImportance
	s.warnings.Wrapping = fyne.TextWrapWord
	s.warnings.Hide()
	s.applyBtn = widget.NewButton(i18n.T("criteria.apply"), s.apply)
	s.applyBtn.Importance = widget.HighImportance
	s.discard = widget.NewButton(i18n.T("criteria.discard"), s.discardDraft)
	s.applyBtn.Disable()
	s.discard.Disable()

	s.matrix = widgets.NewMatrix(risk.Criteria{}, s.onCell)
	s.appetite = widget.NewSelect(nil, s.onAppetite)
	hint := widget.NewLabel(i18n.T("criteria.matrix.hint"))
	hint.Wrapping = fyne.TextWrapWord
	appetiteHelp := widget.NewLabel(i18n.T("criteria.appetite.help"))
	appetiteHelp.Wrapping = fyne.TextWrapWord
	appetiteRow := container.NewBorder(nil, nil,
		widget.NewLabelWithStyle(i18n.T("criteria.appetite"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), nil,
		container.NewBorder(nil, nil, atLeastWide(200, s.appetite), nil, appetiteHelp))
	matrixTab := container.NewBorder(hint, appetiteRow, nil, nil, s.matrix)

	tabs := container.NewAppTabs(
		// The matrix fills the tab, and scrolls on a window too low for
		// it with the hints of the longer languages above and below.
		container.NewTabItem(i18n.T("criteria.tab.matrix"), container.NewVScroll(container.NewPadded(matrixTab))),
		container.NewTabItem(i18n.T("criteria.tab.levels"), container.NewVScroll(s.levels.view())),
		container.NewTabItem(i18n.T("criteria.tab.likelihood"), container.NewVScroll(s.likelihood.view())),
		container.NewTabItem(i18n.T("criteria.tab.consequence"), container.NewVScroll(s.consequence.view())),
	)
	header := container.NewVBox(
		container.NewBorder(nil, nil, nil, container.NewHBox(s.discard, s.applyBtn), s.title),
		s.status, s.problem, s.warnings)
	s.root = container.NewBorder(header, nil, nil, nil, tabs)
}

func (s *criteriaScreen) view() fyne.CanvasObject { return s.root }

// reload fetches the stored criteria and the risks. A draft with unsaved
// edits is kept: a change elsewhere must not throw away the person's work.
func (s *criteriaScreen) reload() {
	async(s.a, s.fetch, s.load)
}

func (s *criteriaScreen) fetch(ctx context.Context) (criteriaModel, error) {
	c, err := s.store.Criteria(ctx)
	if err != nil {
		return criteriaModel{}, err
	}
	rs, err := s.store.Risks(ctx)
	if err != nil {
		return criteriaModel{}, err
	}
	return criteriaModel{criteria: c, risks: rs}, nil
}

func (s *criteriaScreen) load(m criteriaModel, err error) {
	if err != nil {
		s.status.SetText(i18n.T("criteria.unreadable"))
		s.a.showError(err)
		return
	}
	clean := !s.dirty()
	s.stored, s.risks = m.criteria, m.risks
	if clean {
		s.resetDraft()
		return
	}
	s.draftChanged()
}

func (s *criteriaScreen) dirty() bool { return !reflect.DeepEqual(s.draft, s.stored) }

// resetDraft starts the draft again from the stored criteria.
func (s *criteriaScreen) resetDraft() {
	s.draft = cloneCriteria(s.stored)
	s.levels.rebuild()
	s.likelihood.rebuild()
	s.consequence.rebuild()
	s.draftChanged()
}

func (s *criteriaScreen) discardDraft() { s.resetDraft() }

// draftChanged shows the draft and what applying it would do.
func (s *criteriaScreen) draftChanged() {
	// The matrix and the appetite show the default criteria's names in the
	// reader's language; the fields keep them as stored (defaultsNote).
	s.matrix.SetCriteria(cloneCriteria(s.draft).Localised(i18n.Default()))
	s.refreshAppetite()
	s.levels.showNote()
	s.likelihood.showNote()
	s.consequence.showNote()
	s.title.SetText(i18n.T("criteria.version", i18n.Args{"Version": s.stored.Version}))
	dirty := s.dirty()
	if dirty {
		s.applyBtn.Enable()
		s.discard.Enable()
		if n := s.changedScores(); n == 0 {
			s.status.SetText(i18n.T("criteria.unsaved.none"))
		} else {
			s.status.SetText(i18n.N("criteria.unsaved", n))
		}
	} else {
		s.applyBtn.Disable()
		s.discard.Disable()
		s.status.SetText(i18n.T("criteria.stored"))
	}
	s.setProblem(s.refusal())
	s.showWarnings(s.draft.MatrixWarnings())
}

// scores are the scores whose level a criteria change can move.
func (s *criteriaScreen) scores() []risk.Score {
	out := make([]risk.Score, 0, 2*len(s.risks))
	for _, r := range s.risks {
		out = append(out, r.Inherent, r.Residual)
	}
	return out
}

// changedScores is how many risk scores the draft moves to another level.
func (s *criteriaScreen) changedScores() int {
	return s.stored.Changed(&s.draft, s.scores())
}

// refusal is why the draft cannot be applied, or "".
func (s *criteriaScreen) refusal() string {
	if err := s.draft.Validate(); err != nil {
		return risk.ErrorMessage(err)
	}
	refs := s.draft.OutOfScale(s.risks)
	if len(refs) == 0 {
		return ""
	}
	names := strings.Join(refs[:min(len(refs), 5)], ", ")
	if len(refs) > 5 {
		names = i18n.T("criteria.more", i18n.Args{"Refs": names, "N": len(refs) - 5})
	}
	if len(refs) == 1 {
		return i18n.T("criteria.outofscale.one", i18n.Args{"Refs": names})
	}
	return i18n.T("criteria.outofscale.many", i18n.Args{"Refs": names})
}

func (s *criteriaScreen) setProblem(msg string) {
	s.problem.SetText(msg)
	s.problem.Hidden = msg == ""
	s.problem.Refresh()
}

func (s *criteriaScreen) showWarnings(ws []string) {
	if len(ws) == 0 {
		s.warnings.Hide()
		return
	}
	shown := strings.Join(ws[:min(len(ws), 3)], "; ")
	text := i18n.T("criteria.warnings", i18n.Args{"Warnings": shown})
	if len(ws) > 3 {
		text = i18n.T("criteria.warnings.more", i18n.Args{"Warnings": shown, "N": len(ws) - 3})
	}
	s.warnings.SetText(text)
	s.warnings.Show()
}

// apply asks for confirmation, saying how many scores change level, unless
// the draft breaks a rule.
func (s *criteriaScreen) apply() {
	if msg := s.refusal(); msg != "" {
		s.setProblem(msg)
		return
	}
	version := i18n.Args{"Version": s.stored.Version + 1}
	msg := i18n.T("criteria.confirm.none", version)
	if n := s.changedScores(); n > 0 {
		msg = i18n.N("criteria.confirm", n, version)
	}
	s.confirm = dialog.NewConfirm(i18n.T("criteria.confirm.title"), msg, s.onConfirm, s.a.win)
	s.confirm.SetConfirmText(i18n.T("criteria.confirm.ok"))
	s.confirm.SetDismissText(i18n.T("criteria.confirm.cancel"))
	s.a.present(s.a.win, s.confirm, s.confirm.Confirm, nil)
}

func (s *criteriaScreen) onConfirm(ok bool) {
	if !ok {
		return
	}
	applied := cloneCriteria(s.draft)
	changed := s.changedScores()
	if err := s.store.SetCriteria(context.Background(), applied); err != nil {
		if risk.ErrorCode(err) == risk.EINVALID {
			s.setProblem(message(err))
			return
		}
		s.a.showError(err)
		return
	}
	// The draft is now what is stored; reload picks up the new version.
	s.stored = applied
	version := i18n.Args{"Version": applied.Version + 1}
	if changed == 0 {
		s.a.notify(i18n.T("criteria.applied.none", version))
	} else {
		s.a.notify(i18n.N("criteria.applied", changed, version))
	}
	s.a.changed(s)
	s.reload()
}

// onCell moves a matrix cell to the next level, round to the lowest.
func (s *criteriaScreen) onCell(sc risk.Score) {
	if len(s.draft.Levels) == 0 {
		return
	}
	row := s.draft.Matrix[sc.Likelihood-1]
	row[sc.Consequence-1] = row[sc.Consequence-1]%len(s.draft.Levels) + 1
	s.draftChanged()
}

func (s *criteriaScreen) onAppetite(string) {
	if i := s.appetite.SelectedIndex(); i >= 0 {
		s.draft.Appetite = i + 1
		s.draftChanged()
	}
}

// refreshAppetite offers the draft's levels, keeping the appetite chosen.
func (s *criteriaScreen) refreshAppetite() {
	opts := make([]string, len(s.draft.Levels))
	for i, l := range s.draft.Levels {
		opts[i] = fmt.Sprintf("%d · %s", l.Rank, risk.DefaultCriteriaText(i18n.Default(), l.Label))
	}
	on := s.appetite.OnChanged
	s.appetite.OnChanged = nil
	s.appetite.SetOptions(opts)
	s.appetite.ClearSelected()
	s.appetite.SetSelectedIndex(s.draft.Appetite - 1)
	s.appetite.OnChanged = on
}

// cloneCriteria returns a deep copy, so the draft never shares a slice with
// the stored criteria or the matrix widget.
func cloneCriteria(c risk.Criteria) risk.Criteria {
	c.Likelihood = slices.Clone(c.Likelihood)
	c.Consequence = slices.Clone(c.Consequence)
	c.Levels = slices.Clone(c.Levels)
	if c.Matrix != nil {
		m := make([][]int, len(c.Matrix))
		for i, row := range c.Matrix {
			m[i] = slices.Clone(row)
		}
		c.Matrix = m
	}
	return c
}

// criteriaColumn is a fixed-width column of the editors' rows, so that
// entries line up under their headings.
func criteriaColumn(width float32, o fyne.CanvasObject) fyne.CanvasObject {
	return atLeastWide(width, container.NewVBox(o))
}

// defaultsNote says, in a window whose language is not English, that the
// fields hold texts of the default criteria as they are stored, in
// English, and how they are shown: the stored text is what lets every
// reader of a shared workspace, and every document, see them in their own
// language, so a field must not turn it into a French or Spanish text of
// the organisation's own. It is "" when none of texts is such a text.
func defaultsNote(texts ...string) string {
	p := i18n.Default()
	for _, t := range texts {
		if shown := risk.DefaultCriteriaText(p, t); shown != t {
			return i18n.T("criteria_defaults.note", i18n.Args{"Stored": t, "Shown": shown})
		}
	}
	return ""
}

// setNote shows a note under an editor, or hides it when there is none.
func setNote(l *widget.Label, text string) {
	l.SetText(text)
	l.Hidden = text == ""
	l.Refresh()
}

func criteriaHeading(text string) *widget.Label {
	return widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
}

// criteriaHint is a wrapped explanation under an editor.
func criteriaHint(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	return l
}

// scaleEditor edits the likelihood or the consequence scale of the draft.
// Levels are added and removed at the top only: scores are stored as level
// numbers, so inserting or deleting below would silently move every score
// above it to another level.
type scaleEditor struct {
	s          *criteriaScreen
	likelihood bool

	rows   *fyne.Container
	labels []*widget.Entry // by level, lowest first
	add    *widget.Button
	remove *widget.Button
	note   *widget.Label // defaultsNote
}

func newScaleEditor(s *criteriaScreen, likelihood bool) *scaleEditor {
	e := &scaleEditor{s: s, likelihood: likelihood, rows: container.NewVBox(), note: criteriaHint("")}
	e.add = widget.NewButton(i18n.T("criteria.addlevel"), e.addLevel)
	e.remove = widget.NewButton(i18n.T("criteria.removetop"), e.removeLevel)
	return e
}

func (e *scaleEditor) name() string {
	if e.likelihood {
		return "likelihood"
	}
	return "consequence"
}

func (e *scaleEditor) scale() *[]risk.ScaleLevel {
	if e.likelihood {
		return &e.s.draft.Likelihood
	}
	return &e.s.draft.Consequence
}

func (e *scaleEditor) view() fyne.CanvasObject {
	var freq fyne.CanvasObject
	if e.likelihood {
		freq = criteriaColumn(240, criteriaHeading(i18n.T("criteria.frequency")))
	}
	header := container.NewBorder(nil, nil,
		container.NewHBox(criteriaColumn(40, criteriaHeading(i18n.T("criteria.no"))), criteriaColumn(220, criteriaHeading(i18n.T("criteria.label")))),
		freq, criteriaHeading(i18n.T("criteria.description")))
	hint := criteriaHint(i18n.T("criteria.scale.hint", i18n.Args{"Min": risk.MinScaleLevels, "Max": risk.MaxScaleLevels}))
	return container.NewVBox(header, e.rows, container.NewHBox(e.add, e.remove), hint, e.note)
}

// showNote says how the scale's default texts are shown, if it has any.
func (e *scaleEditor) showNote() {
	var texts []string
	for _, l := range *e.scale() {
		texts = append(texts, l.Label, l.Description, l.Frequency)
	}
	setNote(e.note, defaultsNote(texts...))
}

// rebuild makes one row per level, highest first as on the matrix.
func (e *scaleEditor) rebuild() {
	levels := *e.scale()
	e.rows.RemoveAll()
	e.labels = make([]*widget.Entry, len(levels))
	for i := len(levels) - 1; i >= 0; i-- {
		e.rows.Add(e.row(i, levels[i]))
	}
	n := len(levels)
	e.add.SetText(i18n.T("criteria.addleveln", i18n.Args{"N": n + 1}))
	e.remove.SetText(i18n.T("criteria.removeleveln", i18n.Args{"N": n}))
	setEnabled(e.add, n < risk.MaxScaleLevels)
	setEnabled(e.remove, n > risk.MinScaleLevels)
}

func (e *scaleEditor) row(i int, l risk.ScaleLevel) fyne.CanvasObject {
	label := widget.NewEntry()
	label.SetText(l.Label)
	label.OnChanged = func(t string) { (*e.scale())[i].Label = t; e.s.draftChanged() }
	e.labels[i] = label
	desc := newCommitEntry(true, nil)
	desc.setRows(2)
	desc.SetText(l.Description)
	desc.OnChanged = func(t string) { (*e.scale())[i].Description = t; e.s.draftChanged() }
	var freq fyne.CanvasObject
	if e.likelihood {
		f := widget.NewEntry()
		f.SetText(l.Frequency)
		f.SetPlaceHolder(i18n.T("criteria.frequency.hint"))
		f.OnChanged = func(t string) { (*e.scale())[i].Frequency = t; e.s.draftChanged() }
		freq = criteriaColumn(240, f)
	}
	return container.NewBorder(nil, nil,
		container.NewHBox(criteriaColumn(40, widget.NewLabel(fmt.Sprint(i+1))), criteriaColumn(220, label)),
		freq, desc)
}

// addLevel adds a level at the top; the new matrix row or column starts as
// a copy of the one below, the closest guess of what it should be.
func (e *scaleEditor) addLevel() {
	levels := e.scale()
	*levels = append(*levels, risk.ScaleLevel{Label: i18n.T("criteria.newlevel", i18n.Args{"N": len(*levels) + 1})})
	m := &e.s.draft.Matrix
	if e.likelihood {
		*m = append(*m, slices.Clone((*m)[len(*m)-1]))
	} else {
		for i, row := range *m {
			(*m)[i] = append(row, row[len(row)-1])
		}
	}
	e.rebuild()
	e.s.draftChanged()
}

func (e *scaleEditor) removeLevel() {
	levels := e.scale()
	*levels = (*levels)[:len(*levels)-1]
	m := &e.s.draft.Matrix
	if e.likelihood {
		*m = (*m)[:len(*m)-1]
	} else {
		for i, row := range *m {
			(*m)[i] = row[:len(row)-1]
		}
	}
	e.rebuild()
	e.s.draftChanged()
}

func setEnabled(b *widget.Button, on bool) {
	if on {
		b.Enable()
	} else {
		b.Disable()
	}
}

// levelsEditor edits the risk levels of the draft, highest rank first.
// Matrix cells and the appetite follow a level when it moves, and fall to
// the level below when theirs is removed.
type levelsEditor struct {
	s       *criteriaScreen
	rows    *fyne.Container
	labels  []*widget.Entry // by rank, lowest first
	colours []*widget.Entry
	add     *widget.Button
	note    *widget.Label // defaultsNote
}

func newLevelsEditor(s *criteriaScreen) *levelsEditor {
	e := &levelsEditor{s: s, rows: container.NewVBox(), note: criteriaHint("")}
	e.add = widget.NewButton(i18n.T("criteria.addlevel"), e.addLevel)
	return e
}

func (e *levelsEditor) view() fyne.CanvasObject {
	header := container.NewHBox(criteriaColumn(40, criteriaHeading(i18n.T("criteria.rank"))),
		criteriaColumn(220, criteriaHeading(i18n.T("criteria.label"))), criteriaColumn(240, criteriaHeading(i18n.T("criteria.colour"))))
	hint := criteriaHint(i18n.T("criteria.levels.hint"))
	return container.NewVBox(header, e.rows, container.NewHBox(e.add), hint, e.note)
}

// showNote says how the default level names are shown, if there are any.
func (e *levelsEditor) showNote() {
	var texts []string
	for _, l := range e.s.draft.Levels {
		texts = append(texts, l.Label)
	}
	setNote(e.note, defaultsNote(texts...))
}

func (e *levelsEditor) rebuild() {
	levels := e.s.draft.Levels
	e.rows.RemoveAll()
	e.labels = make([]*widget.Entry, len(levels))
	e.colours = make([]*widget.Entry, len(levels))
	for i := len(levels) - 1; i >= 0; i-- {
		e.rows.Add(e.row(i, levels[i]))
	}
}

func (e *levelsEditor) row(i int, l risk.Level) fyne.CanvasObject {
	n := len(e.s.draft.Levels)
	label := widget.NewEntry()
	label.SetText(l.Label)
	label.OnChanged = func(t string) { e.s.draft.Levels[i].Label = t; e.s.draftChanged() }
	e.labels[i] = label
	swatch := widgets.NewChip()
	swatch.SetLevel(" ", l.Colour)
	colour := widget.NewEntry()
	colour.SetText(l.Colour)
	colour.OnChanged = func(t string) {
		e.s.draft.Levels[i].Colour = strings.TrimSpace(t)
		swatch.SetLevel(" ", strings.TrimSpace(t))
		e.s.draftChanged()
	}
	e.colours[i] = colour
	up := widget.NewButton(i18n.T("criteria.rankhigher"), func() { e.swap(i, i+1) })
	down := widget.NewButton(i18n.T("criteria.ranklower"), func() { e.swap(i-1, i) })
	remove := widget.NewButton(i18n.T("criteria.remove"), func() { e.removeLevel(i) })
	setEnabled(up, i < n-1)
	setEnabled(down, i > 0)
	setEnabled(remove, n > 2)
	return container.NewHBox(criteriaColumn(40, widget.NewLabel(fmt.Sprint(i+1))), criteriaColumn(220, label),
		criteriaColumn(130, colour), container.NewCenter(swatch), up, down, remove)
}

func (e *levelsEditor) addLevel() {
	d := &e.s.draft
	d.Levels = append(d.Levels, risk.Level{Label: i18n.T("criteria.newlevel", i18n.Args{"N": len(d.Levels) + 1}), Colour: "#6A1B9A", Rank: len(d.Levels) + 1})
	e.rebuild()
	e.s.draftChanged()
}

// swap exchanges the levels at indexes i and j = i+1; cells and the
// appetite keep the level they had.
func (e *levelsEditor) swap(i, j int) {
	d := &e.s.draft
	d.Levels[i], d.Levels[j] = d.Levels[j], d.Levels[i]
	d.Levels[i].Rank, d.Levels[j].Rank = i+1, j+1
	e.remap(func(rank int) int {
		switch rank {
		case i + 1:
			return j + 1
		case j + 1:
			return i + 1
		}
		return rank
	})
}

// removeLevel drops the level at index i; its cells and the appetite move to
// the level below (or above, for the lowest).
func (e *levelsEditor) removeLevel(i int) {
	d := &e.s.draft
	d.Levels = slices.Delete(d.Levels, i, i+1)
	for k := range d.Levels {
		d.Levels[k].Rank = k + 1
	}
	gone := i + 1
	e.remap(func(rank int) int {
		switch {
		case rank == gone:
			return max(gone-1, 1)
		case rank > gone:
			return rank - 1
		}
		return rank
	})
}

func (e *levelsEditor) remap(f func(int) int) {
	d := &e.s.draft
	for _, row := range d.Matrix {
		for k, rank := range row {
			row[k] = f(rank)
		}
	}
	d.Appetite = f(d.Appetite)
	e.rebuild()
	e.s.draftChanged()
}
