package app

import (
	"context"
	"os"
	"path/filepath"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"riskbook/i18n"
	"riskbook/importer"
	"riskbook/risk"
)

// importStore is what the import wizard needs: the criteria and risks to
// plan against, and the import itself.
type importStore interface {
	Importer
	Criteria(ctx context.Context) (risk.Criteria, error)
	Risks(ctx context.Context) ([]risk.Risk, error)
}

// Wizard steps.
const (
	stepFile = iota
	stepSheet
	stepColumns
	stepValues
	stepReview
	stepCount
)

// stepTitle names step i.
func stepTitle(i int) string {
	switch i {
	case stepFile:
		return i18n.T("wizard.step.file")
	case stepSheet:
		return i18n.T("wizard.step.sheet")
	case stepColumns:
		return i18n.T("wizard.step.columns")
	case stepValues:
		return i18n.T("wizard.step.values")
	}
	return i18n.T("wizard.step.review")
}

// maxImportFile bounds what is read into memory: a register is a few
// megabytes, and ReadSource refuses more than 100,000 rows anyway.
const maxImportFile = 200 << 20

// importWizard is File → Import…: a large dialog stepping from the file to
// the column and value mapping to a review of every row, with Back and
// Next. Nothing is written until Import on the last step.
type importWizard struct {
	store importStore
	app   *App
	dlg   *dialog.CustomDialog

	step int
	path string
	src  *importer.Source
	crit risk.Criteria
	// existing risks, planned against: same references become updates.
	existing []risk.Risk
	m        importer.Mapping
	plan     *importer.ImportPlan
	// importedAt is when this file was imported before, if it was.
	importedAt time.Time
	imported   bool
	// The person's consent on the review step.
	update, acceptDisagreements, acceptDamage bool

	title   *widget.Label
	message *widget.Label // one sentence: what went wrong or what to do
	body    *fyne.Container
	back    *widget.Button
	next    *widget.Button
	buttons *fyne.Container // cancel, back and next
	steps   [stepCount]fyne.CanvasObject

	file    fileStep
	sheet   sheetStep
	columns columnStep
	values  valueStep
	review  reviewStep
}

// importDialog opens the import wizard on the current workspace.
func (a *App) importDialog() {
	if a.ws == nil {
		return
	}
	newImportWizard(a.ws, a).show()
}

func newImportWizard(store importStore, a *App) *importWizard {
	w := &importWizard{store: store, app: a}
	w.title = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	w.message = wrapLabel("")
	w.message.Importance = widget.DangerImportance
	w.message.Hide()
	w.back = widget.NewButtonWithIcon(i18n.T("wizard.back"), theme.NavigateBackIcon(), w.goBack)
	w.next = widget.NewButtonWithIcon(i18n.T("wizard.next"), theme.NavigateNextIcon(), w.goNext)
	w.next.IconPlacement = widget.ButtonIconTrailingText
	w.next.Importance = widget.HighImportance
	cancel := widget.NewButton(i18n.T("wizard.cancel"), w.close)
	w.steps = [stepCount]fyne.CanvasObject{w.buildFile(), w.buildSheet(), w.buildColumns(), w.buildValues(), w.buildReview()}
	w.body = container.NewStack()
	w.buttons = container.NewBorder(nil, nil, cancel, container.NewHBox(w.back, w.next))
	content := container.NewBorder(container.NewVBox(w.title, widget.NewSeparator()),
		container.NewVBox(w.message, w.buttons), nil, nil, w.body)
	w.dlg = dialog.NewCustomWithoutButtons(i18n.T("wizard.title"), content, a.win)
	w.setStep(stepFile)
	return w
}

func (w *importWizard) show() {
	size := w.app.win.Canvas().Size()
	w.dlg.Resize(fyne.NewSize(max(900, size.Width-80), max(600, size.Height-80)))
	// Enter goes to the next step, or imports on the last; Escape cancels.
	w.app.present(w.app.win, w.dlg, func() {
		if !w.next.Disabled() {
			w.next.OnTapped()
		}
	}, nil)
}

func (w *importWizard) close() { w.dlg.Hide() }

// setStep shows step i, refreshing it from the wizard's state.
func (w *importWizard) setStep(i int) {
	w.step = i
	w.say("")
	w.title.SetText(i18n.T("wizard.step", i18n.Args{"N": i + 1, "Count": stepCount, "Title": stepTitle(i)}))
	switch i {
	case stepSheet:
		w.showSheet()
	case stepColumns:
		w.showColumns()
	case stepValues:
		w.showValues()
	case stepReview:
		w.showReview()
	}
	w.body.Objects = []fyne.CanvasObject{w.steps[i]}
	w.body.Refresh()
	w.updateButtons()
}

func (w *importWizard) updateButtons() {
	// Next becomes Import and back, which changes its width: lay the two
	// out again.
	defer w.buttons.Refresh()
	w.back.Hidden = w.step == stepFile
	w.back.Refresh()
	if w.step == stepReview {
		w.next.SetText(i18n.T("wizard.import"))
		w.next.SetIcon(theme.DownloadIcon())
		w.setEnabled(w.next, w.canImport())
		if w.plan != nil || w.review.err != nil {
			w.say(w.blocked())
		}
		return
	}
	w.next.SetText(i18n.T("wizard.next"))
	w.next.SetIcon(theme.NavigateNextIcon())
	w.setEnabled(w.next, w.src != nil)
}

func (w *importWizard) setEnabled(b *widget.Button, on bool) {
	if on {
		b.Enable()
	} else {
		b.Disable()
	}
}

func (w *importWizard) goBack() {
	if w.step > stepFile {
		w.setStep(w.step - 1)
	}
}

func (w *importWizard) goNext() {
	switch {
	case w.step == stepReview:
		w.runImport()
	case w.step == stepSheet && w.m.HeaderRow < 1:
		w.say(i18n.T("wizard.needheader"))
	default:
		w.setStep(w.step + 1)
	}
}

// say shows one sentence under the step ("" hides it).
func (w *importWizard) say(msg string) {
	w.message.SetText(msg)
	w.message.Hidden = msg == ""
	w.message.Refresh()
}

// fileStep is step 1: the file and what reading it found.
type fileStep struct {
	chosen  *widget.Label
	loading *widget.ProgressBarInfinite
}

func (w *importWizard) buildFile() fyne.CanvasObject {
	intro := wrapLabel(i18n.T("wizard.file.intro"))
	w.file.chosen = widget.NewLabel(i18n.T("wizard.file.none"))
	w.file.chosen.Truncation = fyne.TextTruncateEllipsis
	w.file.loading = widget.NewProgressBarInfinite()
	w.file.loading.Stop()
	w.file.loading.Hide()
	choose := widget.NewButtonWithIcon(i18n.T("wizard.file.choose"), theme.FolderOpenIcon(), w.chooseFile)
	choose.Importance = widget.HighImportance
	return container.NewVBox(intro, container.NewBorder(nil, nil, choose, nil, w.file.chosen), w.file.loading)
}

// chooseFile asks for the spreadsheet, starting in its folder once one was
// chosen.
func (w *importWizard) chooseFile() {
	dir := w.app.workspaceDir()
	if w.path != "" {
		dir = filepath.Dir(w.path)
	}
	w.app.chooseFile(dir, []string{".csv", ".tsv", ".xlsx"}, w.openFile)
}

// importSource is what reading a file gives the wizard.
type importSource struct {
	src        *importer.Source
	crit       risk.Criteria
	existing   []risk.Risk
	importedAt time.Time
	imported   bool
}

// openFile reads and parses the file off the UI goroutine, with the
// workspace's criteria and risks, then proposes the sheet and mapping.
func (w *importWizard) openFile(path string) {
	w.say("")
	w.file.chosen.SetText(i18n.T("wizard.file.reading", i18n.Args{"File": filepath.Base(path)}))
	w.file.loading.Show()
	w.file.loading.Start()
	store := w.store
	async(w.app, func(ctx context.Context) (importSource, error) {
		return readImportSource(ctx, store, path)
	}, func(s importSource, err error) {
		w.file.loading.Stop()
		w.file.loading.Hide()
		if err != nil {
			w.file.chosen.SetText(i18n.T("wizard.file.none"))
			w.say(errSentence(err))
			return
		}
		w.path, w.src, w.crit, w.existing = path, s.src, s.crit, s.existing
		w.importedAt, w.imported = s.importedAt, s.imported
		w.update, w.acceptDisagreements, w.acceptDamage = false, false, false
		w.file.chosen.SetText(path)
		w.proposeSheet()
		w.setStep(stepSheet)
	})
}

func readImportSource(ctx context.Context, store importStore, path string) (importSource, error) {
	var s importSource
	st, err := os.Stat(path)
	if err != nil {
		return s, unreadableImport(path, err)
	}
	if st.Size() > maxImportFile {
		return s, risk.Errorf(risk.EINVALID, "%s", i18n.T("wizard.file.toolarge", i18n.Args{"File": filepath.Base(path), "MB": maxImportFile >> 20}))
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return s, unreadableImport(path, err)
	}
	if s.src, err = importer.ReadSource(filepath.Base(path), data); err != nil {
		return s, err
	}
	if s.crit, err = store.Criteria(ctx); err != nil {
		return s, err
	}
	if s.existing, err = store.Risks(ctx); err != nil {
		return s, err
	}
	s.importedAt, s.imported, err = store.ImportedBefore(ctx, s.src.SHA256)
	return s, err
}

// unreadableImport says that the file at path could not be read, and why.
func unreadableImport(path string, err error) error {
	return risk.Errorf(risk.EINVALID, "%s", i18n.T("wizard.file.unreadable", i18n.Args{"File": filepath.Base(path), "Reason": err.Error()}))
}
