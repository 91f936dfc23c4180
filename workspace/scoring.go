package workspace

import (
	"context"
	"io"

	"riskbook/export"
	"riskbook/i18n"
	"riskbook/risk"
)

// ScoringWorkbook writes the workbook of one owner's risks, to score in a
// spreadsheet without Riskbook, and returns how many risks it holds and the
// owner's name as the register spells it. It is written in lang (see
// documentLanguage).
func (w *Workspace) ScoringWorkbook(ctx context.Context, owner, out string, lang i18n.Lang) (n int, name string, err error) {
	now, err := export.Now()
	if err != nil {
		return 0, "", err
	}
	rs, err := w.Risks(ctx)
	if err != nil {
		return 0, "", err
	}
	mine, name, err := export.OwnerRisks(rs, owner)
	if err != nil {
		return 0, "", err
	}
	c, err := w.Criteria(ctx)
	if err != nil {
		return 0, "", err
	}
	settings, err := w.Settings(ctx)
	if err != nil {
		return 0, "", err
	}
	author, err := w.Actor(ctx)
	if err != nil {
		return 0, "", err
	}
	profile := export.ProfileFrom(settings)
	in := export.ScoringInput{Owner: owner, Risks: rs, Criteria: c, Workspace: w.Name(),
		Organisation: profile.Organisation, Classification: profile.Classification, Author: author,
		Creator: "Riskbook " + Version, Now: now, Printer: i18n.For(documentLanguage(lang, settings))}
	if err := export.WritePrivate(out, func(f io.Writer) error { return export.WriteScoring(f, in) }); err != nil {
		return 0, "", err
	}
	return len(mine), name, nil
}

// Rescoring is a scoring workbook read back against the workspace: the
// changes per risk, and how many risks change and how many problems keep
// the changes from being applied.
type Rescoring struct {
	Owner   string
	Changes []export.ScoringChange
	Changed int
	// Problems counts what must be fixed first: a value not in the list, a
	// value changed in Riskbook since the export, a rule a changed risk
	// would break.
	Problems int
	risks    []risk.Risk
}

// ReadScoring reads back a scoring workbook (named book, for messages) and
// compares it with the workspace. Nothing is written.
func (w *Workspace) ReadScoring(ctx context.Context, book string, data []byte) (*Rescoring, error) {
	sheet, err := export.ReadScoring(data)
	if err != nil {
		return nil, err
	}
	if sheet.Workspace != w.Name() {
		return nil, risk.Err(risk.EINVALID, risk.T("workspace.scoring.other_workspace", risk.Args{"Book": book, "From": sheet.Workspace, "Workspace": w.Name()}))
	}
	rs, err := w.Risks(ctx)
	if err != nil {
		return nil, err
	}
	c, err := w.Criteria(ctx)
	if err != nil {
		return nil, err
	}
	changes, err := export.ScoringDiff(sheet, rs, &c)
	if err != nil {
		return nil, err
	}
	s := &Rescoring{Owner: sheet.Owner, Changes: changes, risks: rs}
	for _, ch := range changes {
		s.Problems += len(ch.Problems)
		if !ch.Empty() {
			s.Changed++
		}
	}
	return s, nil
}

// ApplyScoring saves the changes of a workbook read back, in one
// transaction, each risk logged; comments are dated today. It refuses when
// there is any problem, and returns the number of risks updated.
func (w *Workspace) ApplyScoring(ctx context.Context, s *Rescoring, book string, today risk.Date) (int, error) {
	if s.Problems > 0 {
		return 0, risk.Err(risk.EINVALID, risk.N("workspace.scoring.problems", s.Problems, risk.Args{"Book": book}))
	}
	byRef := map[string]risk.Risk{}
	for _, r := range s.risks {
		byRef[r.Ref] = r
	}
	var updated []risk.Risk
	for _, ch := range s.Changes {
		if ch.Empty() {
			continue
		}
		r := byRef[ch.Ref].Clone()
		ch.On = today
		export.Apply(&r, ch)
		updated = append(updated, r)
	}
	if len(updated) == 0 {
		return 0, nil
	}
	if err := w.UpdateRisks(ctx, updated); err != nil {
		return 0, err
	}
	return len(updated), nil
}
