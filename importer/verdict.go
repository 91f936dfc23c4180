package importer

import (
	"slices"
	"time"

	"riskbook/i18n"
	"riskbook/risk"
)

// Tally counts what a plan would do, row by row.
type Tally struct {
	Create, Update, Skipped int
	// BlockingRows are the rows with a blocking problem, in sheet order.
	BlockingRows  []int
	Rows          int // data rows read
	Activities    int
	Resources     int
	Disagreements int
	// DisagreeingRows are the rows whose own rating or score the
	// workspace matrix does not reproduce, and DisagreeingColumns their
	// columns, in sheet order.
	DisagreeingRows    []int
	DisagreeingColumns []string
	// Unscored is the number of new risks that come in without an
	// inherent score.
	Unscored int
	// Unchanged is the number of updates that change nothing.
	Unchanged int
	// DamagedRows are the rows (or lines) where the structure is broken.
	Damaged []Damage
	// Updates are the references of the existing risks the plan updates.
	Updates []string
}

// Tally counts the plan: risks to create and update, rows skipped, rows
// with a blocking problem, BIA records and disagreements.
func (p *ImportPlan) Tally() Tally {
	t := Tally{Activities: len(p.Activities), Resources: len(p.Resources), Disagreements: len(p.Disagreements), Rows: p.Rows}
	blocking := map[int]bool{}
	for _, pr := range p.Risks {
		switch {
		case pr.UpdateOf != "":
			t.Update++
			t.Updates = append(t.Updates, pr.UpdateOf)
			if len(pr.Changes) == 0 {
				t.Unchanged++
			}
		default:
			t.Create++
			if pr.Risk.Inherent.IsZero() {
				t.Unscored++
			}
		}
		if pr.Blocking {
			blocking[pr.Row] = true
		}
	}
	for _, pb := range p.Problems {
		if pb.Skipped {
			t.Skipped++
		}
		if pb.Blocking {
			blocking[pb.Row] = true
		}
	}
	for row := range blocking {
		t.BlockingRows = append(t.BlockingRows, row)
	}
	slices.Sort(t.BlockingRows)
	rows, cols := map[int]bool{}, map[string]bool{}
	for _, d := range p.Disagreements {
		if !rows[d.Row] {
			rows[d.Row] = true
			t.DisagreeingRows = append(t.DisagreeingRows, d.Row)
		}
		if !cols[d.Column] {
			cols[d.Column] = true
			t.DisagreeingColumns = append(t.DisagreeingColumns, d.Column)
		}
	}
	slices.Sort(t.DisagreeingRows)
	t.Damaged = p.Damage
	return t
}

// FewDisagreements is how many rows may disagree with the workspace matrix
// before an import needs the person's word: a register whose own ratings
// the mapping misses on more rows is more likely mapped wrong than rated
// differently.
const FewDisagreements = 2

// Consent is what the person agreed to, each lifting one refusal; the
// command line gives it with flags, the wizard with its questions.
type Consent struct {
	// Update lets rows update the existing risks whose reference they
	// repeat, and a file be imported again.
	Update bool
	// Disagreements lets the import go ahead although the mapping does not
	// reproduce the sheet's own ratings or scores on more than a few rows:
	// the workspace matrix rates those risks.
	Disagreements bool
	// Damage lets a sheet whose structure is broken be imported as read.
	Damage bool
}

// Records is the number of records the plan writes.
func (t Tally) Records() int { return t.Create + t.Update + t.Activities + t.Resources }

// RefusalKind says why an import may not go ahead.
type RefusalKind int

// The reasons an import is refused, in the order they are decided.
const (
	RefusedDamaged      RefusalKind = iota + 1 // the file's structure is broken, and that is not accepted
	RefusedQuestion                            // score columns hold amounts, and no one said whether to band them
	RefusedBlocking                            // a row has a blocking problem
	RefusedDisagreement                        // more than a few rows disagree with the sheet's own ratings, not accepted
	RefusedEmpty                               // no row to import
	RefusedAgain                               // the same file was imported before, and updates are not allowed
	RefusedExisting                            // rows update existing risks, and updates are not allowed
)

// Refusal is why an import may not go ahead. Its Error is a neutral
// sentence; each front end adds how to proceed in its own terms (a flag,
// a tick box).
type Refusal struct {
	Kind   RefusalKind
	Source string
	Tally  Tally
	When   time.Time // when the file was imported before (RefusedAgain)
	// Bandings are the columns of amounts (RefusedQuestion).
	Bandings []Banding
}

// Error is the refusal's sentence in the default language.
func (r *Refusal) Error() string { return r.In(i18n.Default()) }

// In writes the refusal's sentence in p's language.
func (r *Refusal) In(p *i18n.Printer) string { return r.msg().In(p) }

func (r *Refusal) msg() risk.Msg {
	switch r.Kind {
	case RefusedDamaged:
		d := r.Tally.Damaged
		if len(d) == 1 {
			return risk.T("importer.refused.damaged", risk.Args{"Source": r.Source, "Where": d[0].where(), "Message": d[0].Message})
		}
		return risk.T("importer.refused.damaged_many", risk.Args{"Source": r.Source, "N": len(d), "Where": d[0].where(), "Message": d[0].Message})
	case RefusedQuestion:
		cols := make([]risk.Localizer, len(r.Bandings))
		for i, b := range r.Bandings {
			cols[i] = risk.T("importer.refused.question.more", risk.Args{"Column": risk.Quote(b.Column), "Unit": unitName(b.Bands.Unit)})
			if i == 0 {
				cols[i] = risk.T("importer.refused.question.first", risk.Args{"Column": risk.Quote(b.Column), "Unit": unitName(b.Bands.Unit)})
			}
		}
		return risk.T("importer.refused.question", risk.Args{"Columns": risk.And(cols...)})
	case RefusedDisagreement:
		return risk.T("importer.refused.disagreement", risk.Args{"Columns": quoted(r.Tally.DisagreeingColumns),
			"N": len(r.Tally.DisagreeingRows), "Rows": r.Tally.Rows, "List": Rows(r.Tally.DisagreeingRows)})
	case RefusedBlocking:
		return risk.N("importer.refused.blocking", len(r.Tally.BlockingRows), risk.Args{"Rows": Rows(r.Tally.BlockingRows), "Source": r.Source})
	case RefusedEmpty:
		return risk.T("importer.refused.empty", risk.Args{"Source": r.Source})
	case RefusedExisting:
		return risk.N("importer.refused.existing", r.Tally.Update, risk.Args{"Source": r.Source, "Refs": risk.Refs(r.Tally.Updates, 5)})
	case RefusedAgain:
		return risk.T("importer.refused.again", risk.Args{"Source": r.Source, "When": r.When.Local().Format("2006-01-02 15:04")})
	}
	return risk.T("importer.refused.other")
}

// Err is the refusal as an error meant for a person: its sentence, with
// the refusal behind it for errors.As.
func (r *Refusal) Err() error {
	return &risk.Error{Code: risk.EINVALID, Message: r.Error(), Text: r, Err: r}
}

// Refuse decides whether the plan may be applied: a sound structure (or
// consent to import it as read), an answer for columns of amounts, no
// blocking problem, the sheet's own ratings reproduced but on a few rows
// (or consent to the disagreements), something to import, and — unless
// update is consented to — no file imported before and no row that
// updates an existing risk (importedAt is zero when it was not). It
// returns nil when the import may go ahead.
func (p *ImportPlan) Refuse(c Consent, importedAt time.Time) *Refusal {
	t := p.Tally()
	r := &Refusal{Source: p.Source, Tally: t, When: importedAt, Bandings: p.Bandings}
	switch {
	case len(t.Damaged) > 0 && !c.Damage:
		r.Kind = RefusedDamaged
	case len(p.Bandings) > 0 && p.Quantitative == "":
		r.Kind = RefusedQuestion
	case len(t.BlockingRows) > 0:
		r.Kind = RefusedBlocking
	case len(t.DisagreeingRows) > FewDisagreements && !c.Disagreements:
		r.Kind = RefusedDisagreement
	case t.Records() == 0:
		r.Kind = RefusedEmpty
	case !importedAt.IsZero() && !c.Update:
		r.Kind = RefusedAgain
	case t.Update > 0 && !c.Update:
		r.Kind = RefusedExisting
	default:
		return nil
	}
	return r
}
