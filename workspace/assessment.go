package workspace

import (
	"context"
	"errors"
	"os"
	"time"

	"riskbook/bcp"
	"riskbook/export"
	"riskbook/i18n"
	"riskbook/risk"
	"riskbook/safefile"
	"riskbook/sqlite"
)

// Closed assessments (issue 17): the records frozen under a name, listed,
// exported on their own exactly as they were, opened read-only and
// compared with one another or with today.

// AssessmentRecords reads the records of the closed assessment called name
// as the whole-workspace check and the comparisons read the live ones.
func (w *Workspace) AssessmentRecords(ctx context.Context, name string) (risk.Assessment, *bcp.Workspace, error) {
	a, d, err := w.DB.AssessmentRecords(ctx, name)
	if err != nil {
		return a, nil, err
	}
	return a, recordsOf(d), nil
}

// recordsOf is a dump's records as the domain reads them.
func recordsOf(d *sqlite.Dump) *bcp.Workspace {
	reg := &risk.Register{Criteria: d.Criteria, SoA: d.SoA, Risks: d.Risks}
	for _, c := range d.Catalogs {
		reg.Catalog = append(reg.Catalog, c.Controls...)
	}
	return &bcp.Workspace{
		Register:    reg,
		BIA:         &bcp.BIA{Settings: d.BIASettings, Activities: d.Activities, Resources: d.Resources},
		Playbooks:   d.Playbooks,
		Exercises:   d.Exercises,
		Activations: d.Activations,
		Contacts:    d.Contacts,
	}
}

// ExportAssessment writes the documents req asks for of the closed
// assessment called name, exactly as it was: its records, dated the day it
// was closed, with its digest, the change log and the issues of the
// document as they stood then. It records no issue of the document, and
// the same assessment always gives the same documents.
func (w *Workspace) ExportAssessment(ctx context.Context, name string, req export.Request) (_ *export.Outcome, err error) {
	defer func() {
		if err != nil && ctx.Err() != nil {
			err = ctx.Err()
		}
	}()
	if len(req.Paths()) == 0 {
		return nil, risk.Err(risk.EINVALID, risk.T("workspace.export.nothing"))
	}
	a, d, err := w.DB.AssessmentRecords(ctx, name)
	if err != nil {
		return nil, err
	}
	s, err := w.Snapshot(ctx)
	if err != nil {
		return nil, err
	}
	defer s.Close()
	sum, err := s.ChangeSummaryThrough(ctx, a.Through)
	if err != nil {
		return nil, err
	}
	docs, err := w.Documents(ctx)
	if err != nil {
		return nil, err
	}
	profile := export.ProfileFrom(d.Settings)
	author, err := w.author(ctx, profile)
	if err != nil {
		return nil, err
	}
	in := &export.Input{
		Profile:     profile,
		Criteria:    d.Criteria,
		Catalogs:    d.Catalogs,
		SoA:         d.SoA,
		Risks:       export.RiskList(d.Risks),
		Changes:     &snapshotLog{ctx: ctx, s: s, summary: export.ChangeSummary(sum), through: a.Through},
		BIA:         &bcp.BIA{Settings: d.BIASettings, Activities: d.Activities, Resources: d.Resources},
		Playbooks:   d.Playbooks,
		Exercises:   d.Exercises,
		Activations: d.Activations,
		Contacts:    d.Contacts,
		Assessment:  &a,
		Digest:      a.Digest,
		Workspace:   w.Name(),
		Author:      author,
		Creator:     "Riskbook " + Version,
		Now:         a.Closed,
		Level:       req.Level,
		Printer:     i18n.For(documentLanguage(req.Lang, d.Settings)),
	}
	for _, doc := range docs {
		if doc.Through <= a.Through {
			in.Issues = append(in.Issues, export.Issue{Number: doc.Issue, Version: doc.Version, Exported: doc.Exported, By: doc.By, Through: doc.Through})
		}
	}
	if req.DocumentLevel() == export.Full && (req.PDF != "" || req.XLSX != "") {
		t, err := w.AssessmentTrend(ctx, a.Name)
		if err != nil {
			return nil, err
		}
		in.Trend = t.Points
	}
	steps := &exportSteps{report: risk.ProgressOf(ctx), total: len(req.Paths())}
	steps.step = -1
	out := &export.Outcome{}
	if err := render(ctx, req, in, steps, out); err != nil {
		return nil, err
	}
	return out, ctx.Err()
}

// AssessmentView is a closed assessment opened to be looked at: its
// records in a private temporary workspace opened read-only, which every
// screen reads as it reads a workspace. Its documents are those of the
// assessment (ExportAssessment). Close removes the temporary copy.
type AssessmentView struct {
	*Workspace
	// Of is the workspace the assessment was closed in.
	Of         *Workspace
	Assessment risk.Assessment
}

// OpenAssessment opens the closed assessment called name to be looked at.
func (w *Workspace) OpenAssessment(ctx context.Context, name string) (*AssessmentView, error) {
	a, d, err := w.DB.AssessmentRecords(ctx, name)
	if err != nil {
		return nil, err
	}
	f, err := safefile.CreateTemp(os.TempDir(), "assessment"+Extension)
	if err != nil {
		return nil, safefile.Explain(risk.OpWrite, os.TempDir(), err)
	}
	path := f.Name()
	f.Close()
	if err := os.Remove(path); err != nil {
		return nil, safefile.Explain(risk.OpWrite, path, err)
	}
	if err := sqlite.Load(ctx, d, path); err != nil {
		removeWorkspaceFile(path)
		return nil, err
	}
	ro, err := OpenReadOnly(ctx, path)
	if err != nil {
		removeWorkspaceFile(path)
		return nil, err
	}
	ro.why = risk.T("workspace.read_only.assessment", risk.Args{"Name": a.Name, "Workspace": w.Name(), "Date": a.Closed.Format("2006-01-02")})
	return &AssessmentView{Workspace: ro, Of: w, Assessment: a}, nil
}

// ReadOnly says that the assessment is never changed.
func (v *AssessmentView) ReadOnly() string { return v.why.In(i18n.Default()) }

// Export writes the documents of the assessment as it was closed.
func (v *AssessmentView) Export(ctx context.Context, req export.Request) (*export.Outcome, error) {
	return v.Of.ExportAssessment(ctx, v.Assessment.Name, req)
}

// Trend is the indicators over time as they stood when the assessment
// was closed.
func (v *AssessmentView) Trend(ctx context.Context, _ time.Time) (*bcp.Trend, error) {
	return v.Of.AssessmentTrend(ctx, v.Assessment.Name)
}

// Close closes the temporary copy and removes it.
func (v *AssessmentView) Close() error {
	err := v.Workspace.Close()
	return errors.Join(err, removeWorkspaceFile(v.Path()))
}

// removeWorkspaceFile removes a workspace file and what SQLite keeps
// beside it.
func removeWorkspaceFile(path string) error {
	var errs []error
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}
