package app

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"riskbook/importer"
	"riskbook/risk"
)

// The questions of the review step: what an import needs the person to
// say before it goes ahead. The import engine decides when each is asked
// (importer.ImportPlan.Refuse); the wizard only asks.
const (
	bandLabel       = "Score the amounts in the bands shown"
	unscoredLabel   = "Import these risks unscored, and score them in the register"
	activitiesLabel = "Activities with these recovery targets, each needing its ICT system"
	systemsLabel    = "ICT systems that can achieve these recovery times"
	damageLabel     = "Import the file as it was read, despite the damage listed below"
)

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
	q.quant = widget.NewRadioGroup([]string{bandLabel, unscoredLabel}, nil)
	q.bia = widget.NewRadioGroup([]string{activitiesLabel, systemsLabel}, nil)
	q.disagree = widget.NewCheck("", nil)
	q.damage = widget.NewCheck(damageLabel, nil)
	q.box = container.NewVBox()
	return q.box
}

// evidenceText is how the values were read, one sentence a line.
func evidenceText(ev []string) string {
	if len(ev) == 0 {
		return ""
	}
	return "How the values were read:\n• " + strings.Join(ev, "\n• ")
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
		q.bands.SetText("• " + strings.Join(lines, "\n• ") + "\nTo change the bands, save the mapping on the Columns step, edit its \"bands\" and load it again.")
		q.quant.OnChanged = nil
		q.quant.SetSelected(map[string]string{importer.QuantitativeBand: bandLabel, importer.QuantitativeUnscored: unscoredLabel}[w.m.Quantitative])
		q.quant.OnChanged = w.answerQuantitative
		q.box.Add(boldLabel("Some score columns hold amounts, not steps of the scales: score them in these bands, or import these risks unscored?"))
		q.box.Add(q.bands)
		q.box.Add(q.quant)
	}
	if len(p.Activities)+len(p.Resources) > 0 {
		q.bia.OnChanged = nil
		q.bia.SetSelected(map[string]string{importer.BIASystems: systemsLabel}[p.BIA])
		if q.bia.Selected == "" {
			q.bia.SetSelected(activitiesLabel)
		}
		q.bia.OnChanged = w.answerBIA
		q.box.Add(boldLabel("Each row of the sheet is:"))
		q.box.Add(q.bia)
	}
	t := w.review.tally
	if n := len(t.DisagreeingRows); n > importer.FewDisagreements {
		q.disagree.Text = fmt.Sprintf("Import anyway: the workspace matrix rates the %s that disagree with the sheet's own ratings (in orange below)",
			risk.Count(n, "row", "rows"))
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
	w.m.Quantitative = map[string]string{bandLabel: importer.QuantitativeBand, unscoredLabel: importer.QuantitativeUnscored}[label]
	w.showReview()
}

// answerBIA records what the rows of a recovery-target sheet become, and
// plans again.
func (w *importWizard) answerBIA(label string) {
	w.m.BIA = map[string]string{activitiesLabel: importer.BIAActivities, systemsLabel: importer.BIASystems}[label]
	w.showReview()
}

// questionAdvice is what to do about a refusal the questions answer.
func (w *importWizard) questionAdvice(r *importer.Refusal) (string, bool) {
	switch r.Kind {
	case importer.RefusedDamaged:
		return fmt.Sprintf("%s. Repair the file and choose it again, or tick \"%s\".", sentenceCase(r.Error()), damageLabel), true
	case importer.RefusedQuestion:
		return sentenceCase(r.Error()) + ": choose above whether to score them in the bands shown or to import these risks unscored.", true
	case importer.RefusedDisagreement:
		return fmt.Sprintf("%s. Correct the value mapping with Back, or tick \"Import anyway\" to let the workspace matrix rate those risks.", sentenceCase(r.Error())), true
	}
	return "", false
}

func sentenceCase(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
