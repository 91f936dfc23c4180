package app

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"riskbook/i18n"
	"riskbook/importer"
	"riskbook/risk"
)

// The questions of the review step: what an import needs the person to
// say before it goes ahead. The import engine decides when each is asked
// (importer.ImportPlan.Refuse); the wizard only asks. The answers are
// told apart by their labels.

func bandLabel() string       { return i18n.T("wizard.q.band") }
func unscoredLabel() string   { return i18n.T("wizard.q.unscored") }
func activitiesLabel() string { return i18n.T("wizard.q.activities") }
func systemsLabel() string    { return i18n.T("wizard.q.systems") }
func damageLabel() string     { return i18n.T("wizard.q.damage") }

// questions are the review step's questions and the evidence the mapping
// rests on.
type questions struct {
	box      *fyne.Container
	evidence *widget.Label
	quant    *widget.RadioGroup
	bands    *widget.Label
	bia      *widget.RadioGroup
	disagree *widget.Check
	damage   *widget.Check
}

func (w *importWizard) buildQuestions() *fyne.Container {
	q := &w.review.questions
	q.evidence = wrapLabel("")
	q.bands = wrapLabel("")
	q.quant = widget.NewRadioGroup([]string{bandLabel(), unscoredLabel()}, nil)
	q.bia = widget.NewRadioGroup([]string{activitiesLabel(), systemsLabel()}, nil)
	q.disagree = widget.NewCheck("", nil)
	q.damage = widget.NewCheck(damageLabel(), nil)
	q.box = container.NewVBox()
	return q.box
}

// evidenceText is how the values were read, one sentence a line.
func evidenceText(ev []risk.Msg) string {
	if len(ev) == 0 {
		return ""
	}
	lines := make([]string, len(ev))
	for i, e := range ev {
		lines[i] = e.String()
	}
	return i18n.T("wizard.q.evidence", i18n.Args{"Lines": strings.Join(lines, "\n• ")})
}

// showQuestions shows the questions the plan asks, each set to the
// current answer without firing its callback.
func (w *importWizard) showQuestions(p *importer.ImportPlan) {
	q := &w.review.questions
	q.box.Objects = nil
	if ev := evidenceText(p.Evidence); ev != "" {
		q.evidence.SetText(ev)
		q.box.Add(q.evidence)
	}
	if len(p.Bandings) > 0 {
		var lines []string
		for _, b := range p.Bandings {
			lines = append(lines, b.Describe())
		}
		q.bands.SetText(i18n.T("wizard.q.bands", i18n.Args{"Lines": strings.Join(lines, "\n• ")}))
		q.quant.OnChanged = nil
		q.quant.SetSelected(map[string]string{importer.QuantitativeBand: bandLabel(), importer.QuantitativeUnscored: unscoredLabel()}[w.m.Quantitative])
		q.quant.OnChanged = w.answerQuantitative
		q.box.Add(boldLabel(i18n.T("wizard.q.amounts")))
		q.box.Add(q.bands)
		q.box.Add(q.quant)
	}
	if len(p.Activities)+len(p.Resources) > 0 {
		q.bia.OnChanged = nil
		q.bia.SetSelected(map[string]string{importer.BIASystems: systemsLabel()}[p.BIA])
		if q.bia.Selected == "" {
			q.bia.SetSelected(activitiesLabel())
		}
		q.bia.OnChanged = w.answerBIA
		q.box.Add(boldLabel(i18n.T("wizard.q.rowis")))
		q.box.Add(q.bia)
	}
	t := w.review.tally
	if n := len(t.DisagreeingRows); n > importer.FewDisagreements {
		q.disagree.Text = i18n.N("wizard.q.disagree", n)
		q.disagree.OnChanged = nil
		q.disagree.SetChecked(w.acceptDisagreements)
		q.disagree.OnChanged = func(on bool) { w.acceptDisagreements = on; w.updateButtons() }
		q.disagree.Refresh()
		q.box.Add(q.disagree)
	}
	if len(p.Damage) > 0 {
		q.damage.OnChanged = nil
		q.damage.SetChecked(w.acceptDamage)
		q.damage.OnChanged = func(on bool) { w.acceptDamage = on; w.updateButtons() }
		q.box.Add(q.damage)
	}
	q.box.Refresh()
}

// answerQuantitative records whether the amounts are banded and plans
// again: the scores change.
func (w *importWizard) answerQuantitative(label string) {
	w.m.Quantitative = map[string]string{bandLabel(): importer.QuantitativeBand, unscoredLabel(): importer.QuantitativeUnscored}[label]
	w.showReview()
}

// answerBIA records what the rows of a recovery-target sheet become, and
// plans again.
func (w *importWizard) answerBIA(label string) {
	w.m.BIA = map[string]string{activitiesLabel(): importer.BIAActivities, systemsLabel(): importer.BIASystems}[label]
	w.showReview()
}

// questionAdvice is what to do about a refusal the questions answer.
func (w *importWizard) questionAdvice(r *importer.Refusal) (string, bool) {
	switch r.Kind {
	case importer.RefusedDamaged:
		return i18n.T("wizard.q.damaged", i18n.Args{"Reason": capitalise(r.Error()), "Tick": damageLabel()}), true
	case importer.RefusedQuestion:
		return i18n.T("wizard.q.question", i18n.Args{"Reason": capitalise(r.Error())}), true
	case importer.RefusedDisagreement:
		return i18n.T("wizard.q.disagreement", i18n.Args{"Reason": capitalise(r.Error())}), true
	}
	return "", false
}
