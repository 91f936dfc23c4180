package risk

import "context"

// Progress is how far a long piece of work has got — an export, an import
// — for a progress bar: Done of Total, in whatever units the work counts,
// at the step Step names ("Writing registry.pdf").
type Progress struct {
	Step        string
	Done, Total int
}

// Fraction is Done/Total, from 0 to 1.
func (p Progress) Fraction() float64 {
	if p.Total <= 0 {
		return 0
	}
	return min(max(float64(p.Done)/float64(p.Total), 0), 1)
}

type progressKey struct{}

// WithProgress returns a context whose long work tells fn how far it has
// got. fn is called often, from the goroutine doing the work: it should
// only note the value, and let whoever shows it do so at its own pace.
// The work is cancelled the usual way, by cancelling the context.
func WithProgress(ctx context.Context, fn func(Progress)) context.Context {
	return context.WithValue(ctx, progressKey{}, fn)
}

// ReportProgress tells the context's progress function, if any, how far
// the work has got.
func ReportProgress(ctx context.Context, p Progress) {
	if fn, ok := ctx.Value(progressKey{}).(func(Progress)); ok {
		fn(p)
	}
}

// ProgressOf returns the context's progress function, or nil.
func ProgressOf(ctx context.Context) func(Progress) {
	fn, _ := ctx.Value(progressKey{}).(func(Progress))
	return fn
}
