package app

import (
	"context"
	"fmt"
	"path/filepath"
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
	intro := wrapLabel("Closing an assessment keeps a read-only copy of the records as they are now — the register with its criteria and Statement of Applicability, the business impact analysis, the playbooks, exercises, incident records and contacts — under a name, with its SHA-256 digest and your name. The change log records the closing. Work goes on in the live records; the assessment is never changed, and later ones are compared with it.")
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
	closeBtn := widget.NewButtonWithIcon("Close Assessment", theme.ConfirmIcon(), nil)
	closeBtn.Importance = widget.HighImportance
	cancel := widget.NewButton("Cancel", func() { d.Hide() })
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
	form := widget.NewForm(widget.NewFormItem("Name", name))
	content := container.NewBorder(intro, container.NewCenter(container.NewHBox(cancel, closeBtn)), nil, nil, container.NewVBox(form))
	d = dialog.NewCustomWithoutButtons("Close an assessment", content, a.win)
	d.Resize(fyne.NewSize(min(600, a.win.Canvas().Size().Width-40), d.MinSize().Height+40))
	a.present(a.win, d, confirm, name)
}

// suggestAssessmentName is the name the dialog starts with: "2026 annual"
// for this year, unless an assessment has it already.
func suggestAssessmentName(closed []risk.Assessment, now time.Time) string {
	name := fmt.Sprintf("%d annual", now.Year())
	if _, taken := risk.FindAssessment(closed, name); taken {
		return ""
	}
	return name
}

// closeAssessment closes the assessment off the UI goroutine, showing
// that it works, and says when it is done.
func (a *App) closeAssessment(ws Workspace, name string) {
	wait := dialog.NewCustomWithoutButtons("Closing the assessment", widget.NewProgressBarInfinite(), a.win)
	a.busy(a.win, wait)
	async(a, func(ctx context.Context) (risk.Assessment, error) {
		return ws.CloseAssessment(ctx, name)
	}, func(as risk.Assessment, err error) {
		wait.Hide()
		if err != nil {
			a.showError(err)
			return
		}
		a.notify(fmt.Sprintf("Closed the assessment “%s”: File → Assessments… opens it.", as.Name))
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
	intro := wrapLabel("Each closed assessment is a read-only copy of the records as they were when it was closed. Open one to look at it, check it and export its documents exactly as they were.")
	empty := wrapLabel("No assessment was closed in " + filepath.Base(a.ws.Path()) + " yet. File → Close Assessment… closes one.")
	selected := -1
	open := widget.NewButtonWithIcon("Open", theme.FolderOpenIcon(), nil)
	open.Importance = widget.HighImportance
	open.Disable()
	compare := widget.NewButtonWithIcon(i18n.T("compare.app.compare_button"), theme.ContentCopyIcon(), nil)
	compare.Disable()
	rows := widget.NewList(func() int { return len(list) },
		func() fyne.CanvasObject {
			name := widget.NewLabelWithStyle("2026 annual", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
			name.Truncation = fyne.TextTruncateEllipsis
			facts := widget.NewLabel("closed on 2026-12-05 by someone")
			facts.Truncation = fyne.TextTruncateEllipsis
			return container.NewVBox(name, facts)
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			as := list[i]
			box := o.(*fyne.Container)
			name := as.Name
			if i == 0 {
				name += " — the baseline of comparisons"
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
	closeBtn := widget.NewButton("Close", func() { d.Hide() })
	content := container.NewBorder(intro, container.NewCenter(container.NewHBox(closeBtn, compare, open)), nil, nil, body)
	d = dialog.NewCustomWithoutButtons("Assessments of "+filepath.Base(a.ws.Path()), content, a.win)
	d.Resize(fyne.NewSize(min(640, a.win.Canvas().Size().Width-40), min(480, a.win.Canvas().Size().Height-60)))
	a.present(a.win, d, openSelected, nil)
}

// assessmentFacts is an assessment's line under its name: when, who, and
// the start of its digest.
func assessmentFacts(as risk.Assessment) string {
	s := "closed on " + as.Closed.Local().Format("2006-01-02 15:04")
	if as.By != "" {
		s += " by " + as.By
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
	wait := dialog.NewCustomWithoutButtons("Opening the assessment", widget.NewProgressBarInfinite(), a.win)
	a.busy(a.win, wait)
	async(a, func(ctx context.Context) (Workspace, error) {
		return a.workspaces.OpenAssessment(ctx, ws, name)
	}, func(view Workspace, err error) {
		wait.Hide()
		if err != nil {
			a.showError(err)
			return
		}
		v := New(a.fyne, a.workspaces, a.version)
		v.viewing = true
		v.viewState = "The assessment “" + name + "” of " + filepath.Base(ws.Path()) + " — read-only · " + filepath.Dir(ws.Path())
		v.background = a.background
		v.win.SetCloseIntercept(v.closeViewer)
		v.setWorkspace(view)
		v.win.SetTitle(name + " — assessment of " + strings.TrimSuffix(filepath.Base(ws.Path()), workspaceExt) + " — Riskbook")
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
	return why + ": you can view, check and export it."
}
