package app

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"riskbook/importer"
	"riskbook/risk"
)

// updateLabel is the check that lets an import update existing risks.
const updateLabel = "Update existing risks with the same reference"

// reviewStep is step 5: what the import would do, every row with a problem
// or a disagreement, and the Import button's conditions.
type reviewStep struct {
	counts *widget.Label
	before *widget.Label
	update *widget.Check
	list   *widget.List
	detail *widget.Label
	items  []reviewItem
	// gen numbers the plans asked for: a late answer to an older one is
	// dropped.
	gen int
	err error // why there is no plan
	// tally of the current plan.
	tally     importer.Tally
	questions questions
}

// reviewItem is one line of the review list.
type reviewItem struct {
	row          int
	what, msg    string
	blocking     bool
	disagreement bool
}

func (w *importWizard) buildReview() fyne.CanvasObject {
	r := &w.review
	r.counts = boldLabel("")
	r.counts.Wrapping = fyne.TextWrapWord
	r.before = wrapLabel("")
	r.before.Importance = widget.WarningImportance
	r.update = widget.NewCheck(updateLabel, w.setUpdate)
	r.detail = wrapLabel("")
	r.list = widget.NewList(func() int { return len(w.review.items) }, newReviewRow, w.updateReviewRow)
	r.list.OnSelected = func(id widget.ListItemID) { w.review.detail.SetText(w.review.items[id].text()) }
	top := container.NewVBox(r.counts, r.before, r.update, w.buildQuestions())
	return container.NewBorder(top, r.detail, nil, nil, r.list)
}

func (it reviewItem) rowText() string {
	if it.row == 0 && it.what != "" {
		return "Creates"
	}
	if it.row == 0 {
		return "Sheet"
	}
	return "Row " + strconv.Itoa(it.row)
}

func (it reviewItem) text() string {
	s := it.rowText()
	if it.what != "" {
		s += " (" + it.what + ")"
	}
	return s + ": " + it.msg
}

func newReviewRow() fyne.CanvasObject {
	row, what, msg := widget.NewLabel("Row 10000"), widget.NewLabel(""), widget.NewLabel("")
	what.Truncation, msg.Truncation = fyne.TextTruncateEllipsis, fyne.TextTruncateEllipsis
	left := container.NewGridWrap(fyne.NewSize(100, row.MinSize().Height), row)
	mid := container.NewGridWrap(fyne.NewSize(260, row.MinSize().Height), what)
	return container.NewBorder(nil, nil, container.NewHBox(left, mid), nil, msg)
}

func (w *importWizard) updateReviewRow(id widget.ListItemID, o fyne.CanvasObject) {
	it := w.review.items[id]
	box := o.(*fyne.Container)
	msg := box.Objects[0].(*widget.Label)
	lead := box.Objects[1].(*fyne.Container)
	row := lead.Objects[0].(*fyne.Container).Objects[0].(*widget.Label)
	what := lead.Objects[1].(*fyne.Container).Objects[0].(*widget.Label)
	row.SetText(it.rowText())
	what.SetText(it.what)
	msg.Importance = widget.MediumImportance
	switch {
	case it.blocking:
		msg.Importance = widget.DangerImportance
	case it.disagreement:
		msg.Importance = widget.WarningImportance
	}
	msg.SetText(it.msg)
}

// showReview plans the import off the UI goroutine.
func (w *importWizard) showReview() {
	r := &w.review
	r.gen++
	gen := r.gen
	w.plan, r.items, r.err = nil, nil, nil
	r.counts.SetText("Checking every row…")
	r.before.Hide()
	r.update.Hide()
	r.questions.box.Objects = nil
	r.questions.box.Refresh()
	r.detail.SetText("")
	r.list.Refresh()
	src, m, crit, existing := w.src, cloneMapping(w.m), w.crit, w.existing
	today := risk.DateOf(time.Now())
	async(w.app, func(context.Context) (*importer.ImportPlan, error) {
		return importer.Plan(src, m, &crit, existing, today)
	}, func(p *importer.ImportPlan, err error) {
		if gen != w.review.gen || w.step != stepReview {
			return
		}
		w.plan, w.review.err = p, err
		w.applyReview()
	})
}

func cloneMapping(m importer.Mapping) importer.Mapping {
	m.Columns = slices.Clone(m.Columns)
	vals := make(map[string]map[string]string, len(m.Values))
	for f, v := range m.Values {
		vals[f] = maps.Clone(v)
	}
	m.Values = vals
	return m
}

// applyReview shows the plan: counts, the imported-before warning, the
// update check and the problem list.
func (w *importWizard) applyReview() {
	r := &w.review
	if r.err != nil {
		r.counts.SetText("Nothing can be imported with this mapping.")
		w.updateButtons()
		return
	}
	p := w.plan
	r.tally = p.Tally()
	r.counts.SetText(w.countsText())
	r.update.OnChanged = nil
	r.update.SetChecked(w.update)
	r.update.OnChanged = w.setUpdate
	r.update.Hidden = r.tally.Update == 0 && !w.imported
	r.update.Refresh()
	if w.imported {
		again := "updates the risks whose reference matches"
		if r.tally.Create > 0 {
			again += " and adds " + risk.Count(r.tally.Create, "risk", "risks") + " again"
		}
		r.before.SetText(fmt.Sprintf("This file was already imported on %s. Importing it again %s: tick \"%s\" to confirm.",
			w.importedAt.Local().Format("2 January 2006 at 15:04"), again, updateLabel))
		r.before.Show()
	}
	w.showQuestions(p)
	// The questions change the height of the top: lay the step out again,
	// or the list paints under them.
	w.steps[stepReview].Refresh()
	r.items = reviewItems(p)
	r.list.UnselectAll()
	r.list.Refresh()
	if len(r.items) > 0 {
		r.detail.SetText("Select a line to read its whole message.")
	} else {
		r.detail.SetText("No row has a problem.")
	}
	w.updateButtons()
}

func (w *importWizard) countsText() string {
	r, p := &w.review, w.plan
	var parts []string
	if len(p.Activities)+len(p.Resources) > 0 {
		parts = append(parts, fmt.Sprintf("Create %s and %s", risk.Count(len(p.Activities), "activity", "activities"),
			risk.Count(len(p.Resources), "ICT system", "ICT systems")))
	} else {
		create := fmt.Sprintf("Create %s", risk.Count(r.tally.Create, "risk", "risks"))
		if r.tally.Unscored > 0 {
			create += fmt.Sprintf(" (%d UNSCORED)", r.tally.Unscored)
		}
		parts = append(parts, create,
			"update "+risk.Count(r.tally.Update-r.tally.Unchanged, "existing risk", "existing risks"), fmt.Sprintf("skip %s", risk.Count(r.tally.Skipped, "row", "rows")))
		if r.tally.Unchanged > 0 {
			parts = append(parts, risk.Count(r.tally.Unchanged, "risk unchanged", "risks unchanged"))
		}
	}
	parts = append(parts, risk.Count(len(r.tally.BlockingRows), "row blocking", "rows blocking"))
	if n := len(r.tally.DisagreeingRows); n > 0 {
		parts = append(parts, risk.Count(n, "row disagreeing with the sheet's own ratings", "rows disagreeing with the sheet's own ratings"))
	}
	if n := len(p.Damage); n > 0 {
		parts = append(parts, risk.Count(n, "place of damage", "places of damage"))
	}
	return strings.Join(parts, " · ")
}

// reviewItems lists the plan's problems and disagreements by row.
func reviewItems(p *importer.ImportPlan) []reviewItem {
	byRow := map[int]string{}
	for _, pr := range p.Risks {
		title := pr.Risk.Title
		if title == "" {
			title = pr.StoredTitle
		}
		byRow[pr.Row] = importer.Excerpt(pr.Risk.Ref+" "+title, 80)
	}
	var items []reviewItem
	add := func(pb importer.RowProblem, disagreement bool) {
		msg := sentence(pb.Message)
		if pb.Column != "" {
			msg = pb.Column + ": " + msg
		}
		if disagreement {
			msg = "Disagrees — " + msg
		}
		items = append(items, reviewItem{row: pb.Row, what: byRow[pb.Row], msg: msg, blocking: pb.Blocking, disagreement: disagreement})
	}
	needs := map[int][]string{}
	for _, n := range p.Needs {
		needs[n.Activity] = append(needs[n.Activity], p.Resources[n.Resource].Name)
	}
	for i, a := range p.Activities {
		msg := fmt.Sprintf("Activity — required RTO %s, RPO %s", orDash(a.RTO.String()), orDash(a.RPO.String()))
		if n := needs[i]; len(n) > 0 {
			msg += "; needs " + strings.Join(n, ", ")
		}
		items = append(items, reviewItem{what: a.Name, msg: msg})
	}
	for _, r := range p.Resources {
		items = append(items, reviewItem{what: r.Name, msg: fmt.Sprintf("ICT system — achievable RTO %s, RPO %s", orDash(r.AchievableRTO.String()), orDash(r.AchievableRPO.String()))})
	}
	for _, d := range p.Damage {
		items = append(items, reviewItem{row: d.Row, what: d.Where(), msg: "Damaged — " + sentence(d.Message), blocking: true})
	}
	for _, pr := range p.Risks {
		if len(pr.Changes) == 0 {
			continue
		}
		changes := make([]string, len(pr.Changes))
		for i, c := range pr.Changes {
			changes[i] = c.String()
		}
		items = append(items, reviewItem{row: pr.Row, what: byRow[pr.Row], msg: "Update — " + strings.Join(changes, "; ")})
	}
	if len(p.Bandings) > 0 && p.Quantitative == importer.QuantitativeBand {
		for _, pr := range p.Risks {
			if !pr.Risk.Inherent.IsZero() {
				items = append(items, reviewItem{row: pr.Row, what: byRow[pr.Row], msg: "Scored " + pr.Risk.Inherent.String() + " in the bands"})
			}
		}
	}
	for _, pb := range p.Problems {
		add(pb, false)
	}
	for _, pb := range p.Disagreements {
		add(pb, true)
	}
	slices.SortStableFunc(items, func(a, b reviewItem) int { return cmp.Compare(a.row, b.row) })
	return items
}

func (w *importWizard) setUpdate(on bool) {
	w.update = on
	w.updateButtons()
}

// canImport says whether Import may run, and blocked why not, in one
// sentence.
func (w *importWizard) canImport() bool { return w.blocked() == "" }

func (w *importWizard) blocked() string {
	switch {
	case w.review.err != nil:
		return errSentence(w.review.err)
	case w.plan == nil:
		return "Checking the rows…"
	}
	var at time.Time
	if w.imported {
		at = w.importedAt
	}
	if r := w.plan.Refuse(w.consent(), at); r != nil {
		return w.refusalAdvice(r)
	}
	return ""
}

// refusalAdvice is why the import cannot go ahead, with what to do in the
// wizard.
func (w *importWizard) refusalAdvice(r *importer.Refusal) string {
	if advice, ok := w.questionAdvice(r); ok {
		return advice
	}
	switch r.Kind {
	case importer.RefusedBlocking:
		return fmt.Sprintf("Import is not possible while %s %s blocking problems (in red): fix them in the spreadsheet and choose the file again, or change the column or value mapping with Back.",
			importer.RowList(r.Tally.BlockingRows), map[bool]string{true: "has", false: "have"}[len(r.Tally.BlockingRows) == 1])
	case importer.RefusedEmpty:
		return "Nothing to import: no row below the header has a title or a reference. Check the header row and the column mapping with Back."
	case importer.RefusedAgain:
		return fmt.Sprintf("This file was imported before: tick \"%s\" to import it again.", updateLabel)
	case importer.RefusedExisting:
		return fmt.Sprintf("%s already in the workspace: tick \"%s\" to update them, or give them new references in the spreadsheet.",
			risk.Count(r.Tally.Update, "row has a reference", "rows have references"), updateLabel)
	}
	return sentence(r.Error())
}

// runImport applies the plan off the UI goroutine with a progress dialog.
func (w *importWizard) runImport() {
	if !w.canImport() {
		w.say(w.blocked())
		return
	}
	w.app.flush()
	store, plan, consent := w.store, w.plan, w.consent()
	runLong(w.app, "Importing…", "Writing the import to the workspace in one transaction: all of it, or, if you stop it, nothing.",
		func(ctx context.Context) (string, error) {
			res, err := store.Import(ctx, plan, consent)
			if err != nil {
				return "", err
			}
			return res.Summary(), nil
		}, w.importDone)
}

// importDone tells how an import ended.
func (w *importWizard) importDone(summary string, err error, stopped bool) {
	if stopped {
		w.say("The import was stopped; nothing was written. Import again when you are ready.")
		return
	}
	if r := (*importer.Refusal)(nil); errors.As(err, &r) {
		w.say(w.refusalAdvice(r))
		return
	}
	if err != nil {
		w.say(errSentence(err))
		return
	}
	w.imported, w.importedAt = true, time.Now()
	w.close()
	w.app.notify(summary)
	w.app.changed(nil)
	w.finished(summary)
}

// finished reports the import and offers the screen that shows it.
func (w *importWizard) finished(summary string) {
	show := "Show risks"
	if len(w.plan.Risks) == 0 {
		show = "Show activities"
	}
	d := dialog.NewCustomConfirm("Import finished", show, "Close", wrapLabel(summary), func(ok bool) {
		if ok {
			w.showImported()
		}
	}, w.app.win)
	d.Resize(fyne.NewSize(520, 200))
	w.app.present(w.app.win, d, d.Confirm, nil)
}

// showImported opens the screen with what was imported.
func (w *importWizard) showImported() {
	if len(w.plan.Risks) == 0 {
		w.app.selectSection("Activities")
		return
	}
	w.app.selectSection("Risks")
}

// consent is what the person agreed to in the review step.
func (w *importWizard) consent() importer.Consent {
	return importer.Consent{Update: w.update, Disagreements: w.acceptDisagreements, Damage: w.acceptDamage}
}
