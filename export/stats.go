package export

import (
	"strings"

	"riskbook/bcp"
	"riskbook/risk"
)

// registerStats is everything the sections say of the register as a whole,
// counted in one pass over it: the overview's glance and level counts, the
// heat maps, the treatment figures, the risks each control and each BIA
// record are linked to.
type registerStats struct {
	risks, open int
	// Of the open risks: above appetite, of which without a complete
	// treatment decision; with overdue reviews or actions.
	above, undecided, overdue int
	// Open risks per level rank, inherent and residual, and per score.
	inherentRank, residualRank   map[int]int
	inherentScore, residualScore map[risk.Score]int
	// treated counts open risks per treatment option ("" undecided).
	treated map[risk.Treatment]int
	// Every risk's actions: how many, open, done, overdue.
	actions, actionsOpen, actionsDone, actionsOverdue int
	// The open risks' actions, per status, and how many are overdue.
	openActions        map[risk.ActionStatus]int
	openActionsTotal   int
	openActionsOverdue int
	// linked maps a control to the references of the risks relying on it.
	linked map[string][]string
	// threats maps an activity or resource reference, upper case, to the
	// references of the risks threatening it.
	threats map[string][]string
	// details are the risks the PDF sets out in full, in reference order.
	details []risk.Risk
}

// countRegister reads the register once.
func (b *builder) countRegister() error {
	c := &b.crit
	st := &registerStats{
		inherentRank: map[int]int{}, residualRank: map[int]int{},
		inherentScore: map[risk.Score]int{}, residualScore: map[risk.Score]int{},
		treated: map[risk.Treatment]int{}, openActions: map[risk.ActionStatus]int{},
		linked: map[string][]string{}, threats: map[string][]string{},
	}
	var picker detailPicker
	err := b.in.Risks.Each(func(r *risk.Risk) error {
		st.risks++
		b.refs.Add(bcp.RefRisk, r.Ref)
		for _, id := range r.Controls {
			st.linked[id] = append(st.linked[id], r.Ref)
		}
		for _, t := range r.Threatens {
			k := strings.ToUpper(t)
			st.threats[k] = append(st.threats[k], r.Ref)
		}
		for _, a := range r.Actions {
			st.actions++
			if a.Overdue(b.today) {
				st.actionsOverdue++
			}
			if a.IsOpen() {
				st.actionsOpen++
			} else if a.Status == risk.Done {
				st.actionsDone++
			}
		}
		if r.Status == risk.Closed {
			picker.add(r, false, 0)
			return nil
		}
		st.open++
		findings := risk.CheckQuietly(r, c, b.today) // severities and rules only
		rank := 0
		if l, ok := c.LevelOf(r.Residual); ok {
			rank = l.Rank
		}
		picker.add(r, needsCard(r, c, findings), rank)
		if c.AboveAppetite(r.Residual) {
			st.above++
			if undecided(findings) {
				st.undecided++
			}
		}
		if risk.IsOverdue(r, b.today) {
			st.overdue++
		}
		if l, ok := c.LevelOf(r.Inherent); ok {
			st.inherentRank[l.Rank]++
		}
		if l, ok := c.LevelOf(r.Residual); ok {
			st.residualRank[l.Rank]++
		}
		st.inherentScore[r.Inherent]++
		st.residualScore[r.Residual]++
		st.treated[r.Treatment]++
		for _, a := range r.Actions {
			st.openActions[a.Status]++
			st.openActionsTotal++
			if a.Overdue(b.today) {
				st.openActionsOverdue++
			}
		}
		return nil
	})
	st.details = picker.chosen()
	b.stats = st
	return err
}

// undecided reports whether the findings of an open risk above appetite
// say it lacks a complete treatment decision: above appetite without
// treatment or acceptance, or its acceptance without approver or expiry.
func undecided(findings []risk.Finding) bool {
	for _, f := range findings {
		if strings.HasPrefix(f.Rule, "above-appetite-") || strings.HasPrefix(f.Rule, "acceptance-approver") || strings.HasPrefix(f.Rule, "acceptance-expiry") {
			return true
		}
	}
	return false
}
