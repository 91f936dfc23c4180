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
	c, _ := w.CheckEach(now, nil, func(see func(*risk.Risk)) error {
		if w.Register != nil {
			for i := range w.Register.Risks {
				see(&w.Register.Risks[i])
			}
		}
		return nil
	})
	return c.Findings
}

// Checked is what the whole-workspace check found, and what it counted on
// the way.
type Checked struct {
	// Findings are those the check was asked to keep, sorted errors
	// first.
	Findings []risk.Finding
	// Counts counts every finding by severity, kept or not.
	Counts risk.FindingCounts
	// Risks counts the risks checked.
	Risks int
	// Blanks counts the fields still holding a blank of the starter kit,
	// over the whole workspace (CountBlanks).
	Blanks int
}

// CheckEach is Check with the register's risks handed one at a time by
// each, which calls see with every risk (w.Register's criteria, catalog
// and Statement of Applicability are read, its Risks are not): a register
// too large to hold whole is checked as it is read, by the same rules.
// see does not keep a risk. Only the findings keep wants are kept (every
// one when keep is nil); all are counted. An error from each stops the
// check and is returned.
func (w *Workspace) CheckEach(now time.Time, keep func(*risk.Finding) bool, each func(see func(*risk.Risk)) error) (Checked, error) {
	today := risk.DateOf(now)
	b := w.BIA
	if b == nil {
		b = &BIA{}
	}
	var reg *risk.RegisterCheck
	if w.Register != nil {
		reg = risk.NewRegisterCheck(w.Register, today, keep)
	}
	refs := w.refsBesideRisks()
	var out Checked
	riskBlanks := risk.NewKept(keep)
	err := each(func(r *risk.Risk) {
		out.Risks++
		if reg != nil {
			reg.Add(r)
		}
		refs.Add(RefRisk, r.Ref)
		if bs := Blanks(r); len(bs) > 0 {
			riskBlanks.Add(blankFinding(r.Ref, bs))
			out.Blanks += len(bs)
		}
	})
	if err != nil {
		return Checked{}, err
	}
	w.addContactRefs(refs)
	fs := risk.NewKept(keep)
	if reg != nil {
		fs = reg.Done()
	}
	fs.Add(Check(b, today)...)
	fs.Add(CheckPlaybooks(w.Playbooks, b, today)...)
	fs.Add(checkExercises(w.Exercises, w.Playbooks, b, refs, today)...)
	fs.Add(checkActivations(w.Activations, refs, now)...)
	fs.Add(CheckContacts(w.Contacts, w.Playbooks, b)...)
	fs.Join(riskBlanks)
	w.eachRecordBesideRisks(func(ref string, record any) {
		if bs := Blanks(record); len(bs) > 0 {
			fs.Add(blankFinding(ref, bs))
			out.Blanks += len(bs)
		}
	})
	risk.SortFindings(fs.Findings)
	out.Findings, out.Counts = fs.Findings, fs.Counts
	return out, nil
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
