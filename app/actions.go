package app

import (
	"fmt"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"riskbook/i18n"
	"riskbook/risk"
)

// actionList edits a risk's treatment actions inline: add, edit, complete,
// reorder and remove. It writes into the editor's draft.
type actionList struct {
	editor *riskEditor
	owners []string
	rows   *fyne.Container
	root   fyne.CanvasObject
}

func newActionList(e *riskEditor) *actionList {
	l := &actionList{editor: e, rows: container.NewVBox()}
	add := widget.NewButtonWithIcon(i18n.T("risks.actions.add"), theme.ContentAddIcon(), l.add)
	title := widget.NewLabelWithStyle(i18n.T("risks.actions.title"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.Wrapping = fyne.TextWrapWord // beside its button in a narrow editor, in any language
	l.root = container.NewVBox(container.NewBorder(nil, nil, nil, add, title), l.rows)
	// An action's fields show by their placeholders and choices.
	for key, name := range map[string]string{
		"title": i18n.T("risks.actions.what"), "owner": i18n.T("risks.field.owner"), "due": i18n.T("exercises.field.due"),
		"status": i18n.T("exercises.field.status"), "progress": i18n.T("export.col.progress"),
	} {
		e.messages.name("actions[]."+key, name)
	}
	e.messages.showsAt("actions[].due", e.spec.dates.shown)
	e.messages.showsAt("actions[].status", fixedShown("action"))
	return l
}

func (l *actionList) view() fyne.CanvasObject { return l.root }

func (l *actionList) actions() *[]risk.Action { return &l.editor.draft.Actions }

// refill rebuilds the rows from the draft's actions.
func (l *actionList) refill() {
	l.editor.fillRows(l.rows, "actions", len(*l.actions()), l.row, i18n.T("risks.actions.none"))
}

// row builds the widgets of action i. Callbacks find the action by index,
// which stays valid because every reorder or removal rebuilds the rows.
func (l *actionList) row(i int) fyne.CanvasObject {
	a := (*l.actions())[i]
	e := l.editor
	at := func() *risk.Action { return &(*l.actions())[i] }

	title := newCommitEntry(true, e.flush)
	title.setRows(2)
	title.SetText(a.Title)
	title.SetPlaceHolder(i18n.T("risks.actions.what"))
	title.OnChanged = func(v string) { at().Title = v; e.edited(false) }

	owner := widget.NewSelectEntry(l.owners)
	owner.SetText(a.Owner)
	owner.SetPlaceHolder(i18n.T("risks.field.owner"))
	owner.OnChanged = func(v string) {
		if !e.loading {
			at().Owner = v
			e.edited(false)
		}
	}
	owner.OnSubmitted = func(string) { e.flush() }

	due := e.dateField(func(d risk.Date) { at().Due = d })
	due.setDate(a.Due)

	progress := widget.NewLabel(percent(a.Progress))
	slider := widget.NewSlider(0, 100)
	slider.Step = 5
	slider.SetValue(float64(a.Progress))
	slider.OnChanged = func(v float64) { progress.SetText(percent(int(v))) }
	status := widget.NewSelect(fixedNames("action", risk.ActionStatuses), nil)
	status.SetSelected(fixedName("action", a.Status))
	slider.OnChangeEnded = func(v float64) {
		if e.loading {
			return
		}
		at().Progress = int(v)
		if at().Status == risk.Planned && v > 0 {
			at().Status = risk.InProgress
		}
		e.edited(true)
		l.refill()
	}
	status.OnChanged = func(string) {
		if e.loading || status.SelectedIndex() < 0 {
			return
		}
		at().Status = risk.ActionStatuses[status.SelectedIndex()]
		at().Normalize()
		e.edited(true)
		l.refill()
	}

	complete := l.button(theme.ConfirmIcon(), a.IsOpen(), func() {
		at().Status = risk.Done
		at().Normalize()
		e.edited(true)
		l.refill()
	})
	up := l.button(theme.MoveUpIcon(), i > 0, func() { l.move(i, -1) })
	down := l.button(theme.MoveDownIcon(), i < len(*l.actions())-1, func() { l.move(i, 1) })
	remove := l.button(theme.DeleteIcon(), true, func() { l.remove(i) })

	tools := container.NewHBox(complete, up, down, remove)
	line1 := container.NewBorder(nil, nil, widget.NewLabel(fmt.Sprintf("%d.", i+1)), tools, title)
	line2 := container.NewGridWithColumns(2, owner, due, status, container.NewBorder(nil, nil, nil, progress, slider))
	card := container.NewVBox(line1, line2)
	if a.Overdue(e.today()) {
		warn := widget.NewLabel(i18n.T("risks.actions.overdue", i18n.Args{"Day": e.spec.dates.show(a.Due)}))
		warn.Importance = widget.DangerImportance
		card.Add(warn)
	}
	return container.NewVBox(card, widget.NewSeparator())
}

func (l *actionList) button(icon fyne.Resource, enabled bool, tapped func()) *widget.Button {
	b := widget.NewButtonWithIcon("", icon, tapped)
	b.Importance = widget.LowImportance
	if !enabled {
		b.Disable()
	}
	return b
}

func (l *actionList) add() {
	*l.actions() = append(*l.actions(), risk.Action{Title: i18n.T("risks.actions.new"), Status: risk.Planned,
		Owner: l.editor.draft.Owner, Due: l.editor.today().AddDays(30)})
	l.editor.edited(true)
	l.refill()
}

func (l *actionList) move(i, delta int) {
	as := *l.actions()
	j := i + delta
	if j < 0 || j >= len(as) {
		return
	}
	as[i], as[j] = as[j], as[i]
	l.editor.edited(true)
	l.refill()
}

func (l *actionList) remove(i int) {
	*l.actions() = slices.Delete(*l.actions(), i, i+1)
	l.editor.edited(true)
	l.refill()
}

// percent writes an action's progress, a whole percentage, as the
// language in use writes one (50%, 50 %).
func percent(n int) string { return i18n.Default().Percent(float64(n) / 100) }
