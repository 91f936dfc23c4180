package workspace

import (
	"context"
	"slices"
	"time"

	"riskbook/risk"
)

// Starting the next year from the last (issue 17): the last closed
// assessment is the baseline a comparison starts from when none is named,
// and the reviews that have come due since it are the first work of the
// next round.

// ReviewsSinceBaseline lists the reviews due since the last closed
// assessment, as of now.
func (w *Workspace) ReviewsSinceBaseline(ctx context.Context, now time.Time) (*risk.SinceBaseline, error) {
	list, err := w.Assessments(ctx)
	if err != nil {
		return nil, err
	}
	return reviewsSince(ctx, w, list, now)
}

// ReviewsSinceBaseline lists the reviews that were due, when the
// assessment was closed, since the one closed before it.
func (v *AssessmentView) ReviewsSinceBaseline(ctx context.Context, _ time.Time) (*risk.SinceBaseline, error) {
	list, err := v.Of.Assessments(ctx)
	if err != nil {
		return nil, err
	}
	list = slices.DeleteFunc(list, func(a risk.Assessment) bool { return a.Through >= v.Assessment.Through })
	return reviewsSince(ctx, v.Workspace, list, v.Assessment.Closed)
}

// reviewsSince lists the reviews of w's register due since the last of
// the assessments list holds, as of now.
func reviewsSince(ctx context.Context, w *Workspace, list []risk.Assessment, now time.Time) (*risk.SinceBaseline, error) {
	out := &risk.SinceBaseline{}
	if out.Baseline, out.HasBaseline = risk.Baseline(list); !out.HasBaseline {
		return out, nil
	}
	reg, err := w.Register(ctx)
	if err != nil {
		return nil, err
	}
	out.Reviews = risk.ReviewsDueSince(reg.Risks, risk.DateOf(out.Baseline.Closed), risk.DateOf(now))
	return out, nil
}
