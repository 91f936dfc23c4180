package app

import (
	"context"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"riskbook/i18n"
	"riskbook/risk"
)

// Closed assessments: File → Close Assessment… freezes the records under a
// name; File → Assessments… lists those closed and opens one, read-only,
// in a window of its own, where every screen shows the records as they
// were and File → Export writes the assessment's documents.

// closeAssessmentDialog asks for the name of the assessment to close, and
// closes it.
func (a *App) closeAssessmentDialog() {
	if a.ws == nil {
		return
	}
	ws := a.ws
	closed, err := ws.Assessments(context.Background())
	if err != nil {
		a.showError(err)
		return
	}
	intro := wrapLabel(i18n.T("shell.assess.close.intro"))
	name := a.newDialogEntry()
	name.SetText(suggestAssessmentName(closed, time.Now()))
	name.Validator = func(s string) error {
		_, err := risk.CheckAssessmentName(s, closed)
		if err != nil {
			return fmt.Errorf("%s", message(err))
		}
		return nil
	}
	name.AlwaysShowValidationError = true
	var d *dialog.CustomDialog
	closeBtn := widget.NewButtonWithIcon(i18n.T("shell.assess.close.action"), theme.ConfirmIcon(), nil)
	closeBtn.Importance = widget.HighImportance
	cancel := widget.NewButton(i18n.T("shell.cancel"), func() { d.Hide() })
	confirm := func() {
		if name.Validate() != nil {
			return
		}
		d.Hide()
		a.closeAssessment(ws, name.Text)
	}
	closeBtn.OnTapped = confirm
	name.OnChanged = func(s string) {
		if name.Validate() == nil {
			closeBtn.Enable()
		} else {
			closeBtn.Disable()
		}
	}
	form := widget.NewForm(widget.NewFormItem(i18n.T("shell.setup.name"), name))
	content := container.NewBorder(intro, container.NewCenter(container.NewHBox(cancel, closeBtn)), nil, nil, container.NewVBox(form))
	d = dialog.NewCustomWithoutButtons(i18n.T("shell.assess.close.title"), content, a.win)
	d.Resize(fyne.NewSize(min(600, a.win.Canvas().Size().Width-40), d.MinSize().Height+40))
	a.present(a.win, d, confirm, name)
}

// suggestAssessmentName is the name the dialog starts with: "2026 annual"
// for this year, unless an assessment has it already.
func suggestAssessmentName(closed []risk.Assessment, now time.Time) string {
	name := i18n.T("shell.assess.annual", i18n.Args{"Year": strconv.Itoa(now.Year())})
	if _, taken := risk.FindAssessment(closed, name); taken {
		return ""
	}
	return name
}

// closeAssessment closes the assessment off the UI goroutine, showing
// that it works, and says when it is done.
func (a *App) closeAssessment(ws Workspace, name string) {
	done := a.working(i18n.T("shell.assess.closing"))
	async(a, func(ctx context.Context) (risk.Assessment, error) {
		return ws.CloseAssessment(ctx, name)
	}, func(as risk.Assessment, err error) {
		done()
		if err != nil {
			a.showError(err)
			return
		}
		a.notify(i18n.T("shell.assess.closed", i18n.Args{"Name": as.Name}))
	})
}

// assessmentsDialog lists the closed assessments and opens the one chosen.
func (a *App) assessmentsDialog() {
	if a.ws == nil {
		return
	}
	list, err := a.ws.Assessments(context.Background())
	if err != nil {
		a.showError(err)
		return
	}
	// Newest first: the one a person looks for is usually the last.
	for i, j := 0, len(list)-1; i < j; i, j = i+1, j-1 {
		list[i], list[j] = list[j], list[i]
	}
	intro := wrapLabel(i18n.T("shell.assess.list.intro"))
	empty := wrapLabel(i18n.T("shell.assess.list.none", i18n.Args{"Name": filepath.Base(a.ws.Path())}))
	selected := -1
	open := widget.NewButtonWithIcon(i18n.T("shell.assess.open"), theme.FolderOpenIcon(), nil)
	open.Importance = widget.HighImportance
	open.Disable()
	compare := widget.NewButtonWithIcon(i18n.T("compare.app.compare_button"), theme.ContentCopyIcon(), nil)
	compare.Disable()
	rows := widget.NewList(func() int { return len(list) },
		func() fyne.CanvasObject {
			name := widget.NewLabelWithStyle(i18n.T("shell.assess.annual", i18n.Args{"Year": "2026"}), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
			name.Truncation = fyne.TextTruncateEllipsis
			facts := widget.NewLabel(i18n.T("shell.assess.facts.by", i18n.Args{"When": "2026-12-05 23:59", "By": i18n.T("shell.history.someone")}))
			facts.Truncation = fyne.TextTruncateEllipsis
			return container.NewVBox(name, facts)
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			as := list[i]
			box := o.(*fyne.Container)
			name := as.Name
			if i == 0 {
				name = i18n.T("shell.assess.baseline", i18n.Args{"Name": name})
			}
			box.Objects[0].(*widget.Label).SetText(name)
			box.Objects[1].(*widget.Label).SetText(assessmentFacts(as))
		})
	var d *dialog.CustomDialog
	openSelected := func() {
		if selected < 0 || selected >= len(list) {
			return
		}
		d.Hide()
		a.openAssessment(list[selected].Name)
	}
	open.OnTapped = openSelected
	compare.OnTapped = func() {
		if selected >= 0 && selected < len(list) {
			d.Hide()
			a.openCompare(list[selected].Name, risk.Today)
		}
	}
	rows.OnSelected = func(i widget.ListItemID) {
		selected = i
		open.Enable()
		compare.Enable()
	}
	body := container.NewStack(rows)
	if len(list) == 0 {
		body = container.NewStack(empty)
	}
	closeBtn := widget.NewButton(i18n.T("shell.close"), func() { d.Hide() })
	content := container.NewBorder(intro, container.NewCenter(container.NewHBox(closeBtn, compare, open)), nil, nil, body)
	d = dialog.NewCustomWithoutButtons(i18n.T("shell.assess.list.title", i18n.Args{"Name": filepath.Base(a.ws.Path())}), content, a.win)
	d.Resize(fyne.NewSize(min(640, a.win.Canvas().Size().Width-40), min(480, a.win.Canvas().Size().Height-60)))
	a.present(a.win, d, openSelected, nil)
}

// assessmentFacts is an assessment's line under its name: when, who, and
// the start of its digest.
func assessmentFacts(as risk.Assessment) string {
	args := i18n.Args{"When": as.Closed.Local().Format("2006-01-02 15:04"), "By": as.By}
	s := i18n.T("shell.assess.facts", args)
	if as.By != "" {
		s = i18n.T("shell.assess.facts.by", args)
	}
	if len(as.Digest) >= 16 {
		s += " · SHA-256 " + as.Digest[:16] + "…"
	}
	return s
}

// openAssessment opens a closed assessment read-only in a window of its
// own.
func (a *App) openAssessment(name string) {
	ws := a.ws
	done := a.working(i18n.T("shell.assess.opening"))
	async(a, func(ctx context.Context) (Workspace, error) {
		return a.workspaces.OpenAssessment(ctx, ws, name)
	}, func(view Workspace, err error) {
		done()
		if err != nil {
			a.showError(err)
			return
		}
		v := New(a.fyne, a.workspaces, a.version)
		v.viewing = true
		v.viewState = func() string {
			return i18n.T("shell.assess.status", i18n.Args{"Name": name, "File": filepath.Base(ws.Path()), "Folder": filepath.Dir(ws.Path())})
		}
		v.background = a.background
		v.win.SetCloseIntercept(v.closeViewer)
		v.setWorkspace(view)
		v.win.SetTitle(i18n.T("shell.assess.window", i18n.Args{"Name": name, "Workspace": strings.TrimSuffix(filepath.Base(ws.Path()), workspaceExt)}))
		a.viewers = append(a.viewers, v)
		v.win.Show()
	})
}

// closeViewer closes an assessment's window and the copy it shows.
func (a *App) closeViewer() {
	a.closeWorkspace()
	a.win.Close()
}

// closeViewers closes the windows of the assessments opened from a.
func (a *App) closeViewers() {
	for _, v := range a.viewers {
		if v.ws != nil {
			v.closeViewer()
		}
	}
	a.viewers = nil
}

// viewingSentence is the strip's sentence in an assessment's window.
func viewingSentence(why string) string {
	why = strings.TrimSuffix(why, ".")
	if rest, ok := strings.CutPrefix(why, "it is "); ok {
		why = "This is " + rest
	}
	return i18n.T("shell.assess.viewing", i18n.Args{"Why": capitalise(why)})
}
