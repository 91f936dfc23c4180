package bcp

import (
	"time"

	"riskbook/risk"
)

// Workspace is every record of a workspace that the whole-workspace check
// reads: the risk register with its criteria and Statement of
// Applicability, the business impact analysis, the playbooks with their
// activations, the exercises and the contacts.
type Workspace struct {
	Register    *risk.Register
	BIA         *BIA
	Playbooks   []Playbook
	Exercises   []Exercise
	Activations []Activation
	Contacts    []Contact
}

// Check is the one whole-workspace check: every rule of the register, the
// business impact analysis, the playbooks, the exercises, the incident
// records and the contacts, with every reference between them and every
// date they hold, and the blanks of the starter kit still to fill in,
// sorted errors first. riskbook check, the
// dashboard and the exports all read their findings from here, so they
// cannot disagree.
func (w *Workspace) Check(now time.Time) []risk.Finding {
	today := risk.DateOf(now)
	b := w.BIA
	if b == nil {
		b = &BIA{}
	}
	var fs []risk.Finding
	if w.Register != nil {
		fs = append(fs, risk.CheckRegister(w.Register, today)...)
	}
	refs := w.Refs()
	fs = append(fs, Check(b, today)...)
	fs = append(fs, CheckPlaybooks(w.Playbooks, b, today)...)
	fs = append(fs, checkExercises(w.Exercises, w.Playbooks, b, refs, today)...)
	fs = append(fs, checkActivations(w.Activations, refs, now)...)
	fs = append(fs, CheckContacts(w.Contacts, w.Playbooks, b)...)
	fs = append(fs, w.CheckBlanks()...)
	risk.SortFindings(fs)
	return fs
}

// Decided counts the controls of the Statement of Applicability with an
// applicability decision.
func (w *Workspace) Decided() int {
	n := 0
	if w.Register != nil {
		for _, s := range w.Register.SoA {
			if s.Applicable != "" {
				n++
			}
		}
	}
	return n
}
