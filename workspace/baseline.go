package workspace

import (
	"context"
	"time"

	"riskbook/risk"
)

// Starting the next year from the last (issue 17): the last closed
// assessment is the baseline a comparison starts from when none is named,
// and the reviews that have come due since it are the first work of the
// next round.

// SinceBaseline is the work due since the last closed assessment.
type SinceBaseline struct {
	// Baseline is the last closed assessment; HasBaseline is false when no
	// assessment was closed yet, and then nothing is listed.
	Baseline    risk.Assessment
	HasBaseline bool
	// Reviews are the open risks whose review has come due and was not
	// held, those due since the baseline first.
	Reviews []risk.ReviewDue
}

// Since counts the reviews that fell due after the baseline was closed;
// the others were already due then and were carried over.
func (s *SinceBaseline) Since() int {
	n := 0
	for _, r := range s.Reviews {
		if !r.Carried {
			n++
		}
	}
	return n
}

// ReviewsSinceBaseline lists the reviews due since the last closed
// assessment, as of now.
func (w *Workspace) ReviewsSinceBaseline(ctx context.Context, now time.Time) (*SinceBaseline, error) {
	list, err := w.Assessments(ctx)
	if err != nil {
		return nil, err
	}
	out := &SinceBaseline{}
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
