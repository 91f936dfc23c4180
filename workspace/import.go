package workspace

import (
	"context"
	"time"

	"riskbook/importer"
	"riskbook/risk"
	"riskbook/sqlite"
)

// ImportContext is what a plan is made against: the workspace's criteria
// and risks, and when the same file (by SHA-256) was imported before.
type ImportContext struct {
	Criteria   risk.Criteria
	Existing   []risk.Risk
	ImportedAt time.Time // zero when the file was never imported
}

// ImportContext reads what planning an import of the file with this
// SHA-256 needs.
func (w *Workspace) ImportContext(ctx context.Context, sha256 string) (*ImportContext, error) {
	var ic ImportContext
	var err error
	if ic.Criteria, err = w.Criteria(ctx); err != nil {
		return nil, err
	}
	if ic.Existing, err = w.Risks(ctx); err != nil {
		return nil, err
	}
	when, ok, err := w.ImportedBefore(ctx, sha256)
	if err != nil {
		return nil, err
	}
	if ok {
		ic.ImportedAt = when
	}
	return &ic, nil
}

// PlanImport plans an import of src with the mapping m against the
// workspace as it is now. Nothing is written.
func (w *Workspace) PlanImport(ctx context.Context, src *importer.Source, m importer.Mapping, today risk.Date) (*importer.ImportPlan, *ImportContext, error) {
	ic, err := w.ImportContext(ctx, src.SHA256)
	if err != nil {
		return nil, nil, err
	}
	plan, err := importer.Plan(src, m, &ic.Criteria, ic.Existing, today)
	if err != nil {
		return nil, nil, err
	}
	return plan, ic, nil
}

// Import applies a plan in one transaction, all or nothing, after the one
// decision of whether it may go ahead (importer.ImportPlan.Refuse) with
// what the person consented to: rows whose reference is an existing risk's
// update it, and a file imported before is imported again, only with
// consent.Update; a damaged sheet, or one whose own ratings the mapping
// misses on more than a few rows, only with consent. A refusal comes back
// as an error whose chain holds the *importer.Refusal.
//
// Progress goes to the context's progress function (risk.WithProgress);
// cancelling the context rolls the import back, all of it.
func (w *Workspace) Import(ctx context.Context, plan *importer.ImportPlan, consent importer.Consent) (_ *importer.Outcome, err error) {
	defer func() {
		if err != nil && ctx.Err() != nil {
			err = ctx.Err()
		}
	}()
	when, _, err := w.ImportedBefore(ctx, plan.SHA256)
	if err != nil {
		return nil, err
	}
	if r := plan.Refuse(consent, when); r != nil {
		return nil, r.Err()
	}
	imp := storeImport(plan)
	res, err := w.ImportRegister(ctx, imp)
	if err != nil {
		return nil, err
	}
	out := &importer.Outcome{Source: plan.Source, SHA256: plan.SHA256, Created: res.Created, Updated: res.Updated,
		Unchanged: len(imp.Update) - len(res.Updated), Activities: res.Activities, Resources: res.Resources,
		Unscored: plan.Tally().Unscored}
	cs, err := w.Changes(ctx, sqlite.ChangeFilter{Entity: sqlite.EntityImport, Limit: 1})
	if err != nil {
		return nil, err
	}
	if len(cs) == 1 {
		out.LogRow, out.Actor = cs[0].ID, cs[0].Actor
	}
	return out, nil
}

// storeImport turns a plan into what the store writes: rows whose
// reference is an existing risk's become updates of that risk, the others
// new risks.
func storeImport(plan *importer.ImportPlan) sqlite.Import {
	imp := sqlite.Import{Source: plan.Source, SHA256: plan.SHA256, Activities: plan.Activities, Resources: plan.Resources}
	for _, n := range plan.Needs {
		imp.Needs = append(imp.Needs, sqlite.ImportNeed{Activity: n.Activity, Resource: n.Resource})
	}
	updates := 0
	for _, pr := range plan.Risks {
		if pr.UpdateOf != "" {
			updates++
		}
	}
	imp.Create = make([]risk.Risk, 0, len(plan.Risks)-updates)
	for _, pr := range plan.Risks {
		r := pr.Risk.Clone()
		if pr.UpdateOf != "" {
			r.Ref = pr.UpdateOf
			imp.Update = append(imp.Update, r)
			continue
		}
		imp.Create = append(imp.Create, r)
	}
	return imp
}
