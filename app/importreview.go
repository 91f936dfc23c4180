package app

import (
	"cmp"
	"context"
	"errors"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"riskbook/i18n"
	"riskbook/importer"
	"riskbook/risk"
)

// updateLabel is the check that lets an import update existing risks.
func updateLabel() string { return i18n.T("wizard.review.update") }

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
	r.update = widget.NewCheck(updateLabel(), w.setUpdate)
	r.detail = wrapLabel("")
	r.list = widget.NewList(func() int { return len(w.review.items) }, newReviewRow, w.updateReviewRow)
	r.list.OnSelected = func(id widget.ListItemID) { w.review.detail.SetText(w.review.items[id].text()) }
	top := container.NewVBox(r.counts, r.before, r.update, w.buildQuestions())
	return container.NewBorder(top, r.detail, nil, nil, r.list)
}

func (it reviewItem) rowText() string {
	if it.row == 0 && it.what != "" {
		return i18n.T("wizard.review.creates")
	}
	if it.row == 0 {
		return i18n.T("wizard.review.sheet")
	}
	return i18n.T("wizard.review.row", i18n.Args{"N": strconv.Itoa(it.row)})
}

func (it reviewItem) text() string {
	s := it.rowText()
	if it.what != "" {
		s += " (" + it.what + ")"
	}
	return s + ": " + it.msg
}

func newReviewRow() fyne.CanvasObject {
	row, what, msg := widget.NewLabel(i18n.T("wizard.review.row", i18n.Args{"N": "10000"})), widget.NewLabel(""), widget.NewLabel("")
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
	r.counts.SetText(i18n.T("wizard.review.checking"))
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
		r.counts.SetText(i18n.T("wizard.review.nothing"))
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
		again := i18n.T("wizard.review.again")
		if r.tally.Create > 0 {
			again = i18n.N("wizard.review.againadds", r.tally.Create)
		}
		at := w.importedAt.Local()
		when := i18n.T("wizard.review.when", i18n.Args{"Date": i18n.Default().LongDate(at), "Time": at.Format("15:04")})
		r.before.SetText(i18n.T("wizard.review.before", i18n.Args{"When": when, "Again": again, "Tick": updateLabel()}))
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
		r.detail.SetText(i18n.T("wizard.review.select"))
	} else {
		r.detail.SetText(i18n.T("wizard.review.noproblem"))
	}
	w.updateButtons()
}

func (w *importWizard) countsText() string {
	r, p := &w.review, w.plan
	var parts []string
	if len(p.Activities)+len(p.Resources) > 0 {
		parts = append(parts, i18n.T("wizard.review.createbia", i18n.Args{
			"Activities": i18n.N("wizard.review.activities", len(p.Activities)),
			"Systems":    i18n.N("wizard.review.systems", len(p.Resources))}))
	} else {
		create := i18n.N("wizard.review.create", r.tally.Create)
		if r.tally.Unscored > 0 {
			create = i18n.T("wizard.review.unscored", i18n.Args{"Create": create, "N": r.tally.Unscored})
		}
		parts = append(parts, create, i18n.N("wizard.review.updates", r.tally.Update-r.tally.Unchanged),
			i18n.N("wizard.review.skips", r.tally.Skipped))
		if r.tally.Unchanged > 0 {
			parts = append(parts, i18n.N("wizard.review.unchanged", r.tally.Unchanged))
		}
	}
	parts = append(parts, i18n.N("wizard.review.blocking", len(r.tally.BlockingRows)))
	if n := len(r.tally.DisagreeingRows); n > 0 {
		parts = append(parts, i18n.N("wizard.review.disagreeing", n))
	}
	if n := len(p.Damage); n > 0 {
		parts = append(parts, i18n.N("wizard.review.damage", n))
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
		msg := sentence(pb.Message.String())
		if pb.Column != "" {
			msg = i18n.T("wizard.review.column", i18n.Args{"Column": pb.Column, "Message": msg})
		}
		if disagreement {
			msg = i18n.T("wizard.review.disagrees", i18n.Args{"Message": msg})
		}
		items = append(items, reviewItem{row: pb.Row, what: byRow[pb.Row], msg: msg, blocking: pb.Blocking, disagreement: disagreement})
	}
	needs := map[int][]string{}
	for _, n := range p.Needs {
		needs[n.Activity] = append(needs[n.Activity], p.Resources[n.Resource].Name)
	}
	for i, a := range p.Activities {
		msg := i18n.T("wizard.review.activity", i18n.Args{"RTO": orDash(durationName(a.RTO)), "RPO": orDash(durationName(a.RPO))})
		if n := needs[i]; len(n) > 0 {
			msg = i18n.T("wizard.review.needs", i18n.Args{"Activity": msg, "Systems": strings.Join(n, ", ")})
		}
		items = append(items, reviewItem{what: a.Name, msg: msg})
	}
	for _, r := range p.Resources {
		items = append(items, reviewItem{what: r.Name, msg: i18n.T("wizard.review.system",
			i18n.Args{"RTO": orDash(durationName(r.AchievableRTO)), "RPO": orDash(durationName(r.AchievableRPO))})})
	}
	for _, d := range p.Damage {
		items = append(items, reviewItem{row: d.Row, what: d.Where(), msg: i18n.T("wizard.review.damaged", i18n.Args{"Message": sentence(d.Message.String())}), blocking: true})
	}
	for _, pr := range p.Risks {
		if len(pr.Changes) == 0 {
			continue
		}
		changes := make([]string, len(pr.Changes))
		for i, c := range pr.Changes {
			changes[i] = c.String()
		}
		items = append(items, reviewItem{row: pr.Row, what: byRow[pr.Row], msg: i18n.T("wizard.review.updatechanges", i18n.Args{"Changes": strings.Join(changes, "; ")})})
	}
	if len(p.Bandings) > 0 && p.Quantitative == importer.QuantitativeBand {
		for _, pr := range p.Risks {
			if !pr.Risk.Inherent.IsZero() {
				items = append(items, reviewItem{row: pr.Row, what: byRow[pr.Row], msg: i18n.T("wizard.review.scored", i18n.Args{"Score": scoreName(pr.Risk.Inherent)})})
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
		return i18n.T("wizard.review.checkingrows")
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
		return i18n.N("wizard.review.refused.blocking", len(r.Tally.BlockingRows), i18n.Args{"Rows": importer.RowList(r.Tally.BlockingRows)})
	case importer.RefusedEmpty:
		return i18n.T("wizard.review.refused.empty")
	case importer.RefusedAgain:
		return i18n.T("wizard.review.refused.again", i18n.Args{"Tick": updateLabel()})
	case importer.RefusedExisting:
		return i18n.N("wizard.review.refused.existing", r.Tally.Update, i18n.Args{"Tick": updateLabel()})
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
	runLong(w.app, i18n.T("wizard.importing"), i18n.T("wizard.importing.explain"),
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
		w.say(i18n.T("wizard.stopped"))
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
	show := i18n.T("wizard.finished.risks")
	if len(w.plan.Risks) == 0 {
		show = i18n.T("wizard.finished.activities")
	}
	d := dialog.NewCustomConfirm(i18n.T("wizard.finished"), show, i18n.T("wizard.close"), wrapLabel(summary), func(ok bool) {
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
