package workspace

import (
	"context"
	"errors"
	"strings"
	"sync"
	"time"

	"riskbook/bcp"
	"riskbook/i18n"
	"riskbook/risk"
)

// Compare reads what changed in the records from the point called from to
// the point called to: each the name of a closed assessment (whatever the
// case) or "today" for the live records as they are at now. An empty from
// is the baseline, the assessment closed last; an empty to is today. A
// name no assessment has, a workspace without any assessment to start
// from, or a later point named first are refused with a sentence.
func (w *Workspace) Compare(ctx context.Context, from, to string, now time.Time) (*bcp.Comparison, error) {
	list, err := w.Assessments(ctx)
	if err != nil {
		return nil, err
	}
	if strings.TrimSpace(from) == "" {
		last, ok := risk.Baseline(list)
		if !ok {
			return nil, risk.Errorf(risk.EINVALID, "%s", i18n.T("compare.err.no_assessment", i18n.Args{"Workspace": w.Name()}))
		}
		from = last.Name
	}
	if strings.TrimSpace(to) == "" {
		to = risk.Today
	}
	pf, err := point(list, from, now)
	if err != nil {
		return nil, err
	}
	pt, err := point(list, to, now)
	if err != nil {
		return nil, err
	}
	if err := bcp.CheckOrder(pf, pt); err != nil {
		return nil, err
	}
	// The two points are read side by side: most of a comparison's time
	// is uncompressing and parsing a closed assessment's records.
	var before, after *bcp.Workspace
	var errBefore, errAfter error
	var wg sync.WaitGroup
	wg.Go(func() { before, errBefore = w.recordsAt(ctx, pf) })
	after, errAfter = w.recordsAt(ctx, pt)
	wg.Wait()
	if err := errors.Join(errBefore, errAfter); err != nil {
		return nil, err
	}
	return bcp.Compare(pf, pt, before, after), nil
}

// point finds the point called name: today, or a closed assessment.
func point(list []risk.Assessment, name string, now time.Time) (bcp.Point, error) {
	if strings.EqualFold(strings.TrimSpace(name), risk.Today) {
		return bcp.Point{At: now}, nil
	}
	a, ok := risk.FindAssessment(list, name)
	if !ok {
		if len(list) == 0 {
			return bcp.Point{}, risk.Errorf(risk.ENOTFOUND, "%s", i18n.T("compare.err.unknown_none", i18n.Args{"Name": name}))
		}
		names := make([]string, 0, len(list)+1)
		for _, a := range list {
			names = append(names, "“"+a.Name+"”")
		}
		names = append(names, risk.Today)
		return bcp.Point{}, risk.Errorf(risk.ENOTFOUND, "%s", i18n.T("compare.err.unknown", i18n.Args{"Name": name, "Known": strings.Join(names, ", ")}))
	}
	return bcp.Point{Assessment: &a, At: a.Closed}, nil
}

// recordsAt reads the records at point p.
func (w *Workspace) recordsAt(ctx context.Context, p bcp.Point) (*bcp.Workspace, error) {
	if p.Assessment == nil {
		return w.Records(ctx)
	}
	_, rec, err := w.AssessmentRecords(ctx, p.Assessment.Name)
	return rec, err
}

// since is what changed from the baseline to the records as they are at
// now, for the full document; nil when no assessment was closed.
func (w *Workspace) since(ctx context.Context, now time.Time) (*bcp.Comparison, error) {
	list, err := w.Assessments(ctx)
	if err != nil || len(list) == 0 {
		return nil, err
	}
	return w.Compare(ctx, "", risk.Today, now)
}
