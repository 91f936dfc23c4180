package app

import (
	"slices"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"riskbook/app/widgets"
	"riskbook/i18n"
	"riskbook/risk"
)

// scorePicker chooses a likelihood × consequence score by clicking a cell
// of a small risk matrix, and shows the resulting level.
type scorePicker struct {
	criteria risk.Criteria
	score    risk.Score
	matrix   *widgets.Matrix
	chip     *widgets.Chip
	label    *widget.Label
	root     fyne.CanvasObject
	onPick   func(risk.Score)
}

func newScorePicker(clearable bool, onPick func(risk.Score)) *scorePicker {
	p := &scorePicker{onPick: onPick, chip: widgets.NewChip(), label: widget.NewLabel("")}
	p.matrix = widgets.NewMatrix(risk.DefaultCriteria(), p.pick)
	p.matrix.SetCompact(true)
	status := container.NewHBox(p.chip, p.label)
	if clearable {
		clear := widget.NewButtonWithIcon("", theme.ContentClearIcon(), func() { p.pick(risk.Score{}) })
		clear.Importance = widget.LowImportance
		status.Add(clear)
	}
	p.root = container.NewVBox(p.matrix, status)
	return p
}

func (p *scorePicker) view() fyne.CanvasObject { return p.root }

// set shows a score without reporting it.
func (p *scorePicker) set(c risk.Criteria, s risk.Score) {
	p.criteria, p.score = c, s
	p.matrix.SetCriteria(c)
	p.matrix.SetSelected(s)
	p.showLevel()
}

// pick is a click on a cell (or the clear button).
func (p *scorePicker) pick(s risk.Score) {
	if s == p.score {
		return
	}
	p.score = s
	p.matrix.SetSelected(s)
	p.showLevel()
	p.onPick(s)
}

func (p *scorePicker) showLevel() {
	l, ok := p.criteria.LevelOf(p.score)
	if !ok {
		p.chip.SetLevel("", "")
		p.label.SetText(i18n.T("risks.score.none"))
		return
	}
	p.chip.SetLevel(l.Label, l.Colour)
	p.label.SetText(p.criteria.Likelihood[p.score.Likelihood-1].Label + " × " + p.criteria.Consequence[p.score.Consequence-1].Label)
}

// levelName is level n (from 1) of a scale of the criteria, named label,
// as the app writes it beside its number: "4 — Likely".
func levelName(n int, label string) string {
	return strconv.Itoa(n) + " — " + label
}

// scaleShown writes a stored level of the scale the criteria give now
// (as the screen shows them: risk.Criteria.Localised) as levelName does; no score ("0") as the editor says it; a level
// the scale does not have as stored.
func scaleShown(scale func() []risk.ScaleLevel) func(stored string) string {
	return func(stored string) string {
		n, err := strconv.Atoi(stored)
		levels := scale()
		switch {
		case err != nil || n < 0 || n > len(levels):
			return stored
		case n == 0:
			return i18n.T("risks.score.none")
		}
		return levelName(n, levels[n-1].Label)
	}
}

// sortedRefs returns refs in natural order.
func sortedRefs(refs []string) []string {
	out := slices.Clone(refs)
	slices.SortFunc(out, risk.CompareRefs)
	return out
}
