package workspace

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"riskbook/export"
	"riskbook/i18n"
	"riskbook/risk"
)

// Closing and comparing assessments (issue 17) on the registers of package
// benchdata: closing copies the records once, a batch of risks at a time
// (no change log); comparing two assessments of 10,000 risks, or one with
// today, stays well under a second.
//
//	go test ./workspace -run XXX -bench Assessment -benchmem

var assessmentSizes = []int{1_000, 10_000}

// benchAssessments copies the register of n risks into a workspace of its
// own and closes "2025" and "2026" in it, a tenth of the risks re-scored
// between them and another tenth after "2026".
func benchAssessments(b *testing.B, n int) *Workspace {
	b.Helper()
	ctx := context.Background()
	path := filepath.Join(b.TempDir(), "w.riskbook")
	copyFile(b, benchWorkspace(b, n), path)
	w, err := Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { w.Close() })
	if _, err := w.CloseAssessment(ctx, "2025"); err != nil {
		b.Fatal(err)
	}
	rescoreTenth(b, w, 0)
	if _, err := w.CloseAssessment(ctx, "2026"); err != nil {
		b.Fatal(err)
	}
	rescoreTenth(b, w, 5)
	return w
}

// rescoreTenth lowers the residual likelihood of every tenth risk, from the
// offset-th, that is not at the lowest already.
func rescoreTenth(b *testing.B, w *Workspace, offset int) {
	b.Helper()
	ctx := context.Background()
	rs, err := w.Risks(ctx)
	if err != nil {
		b.Fatal(err)
	}
	var changed []risk.Risk
	for i := offset; i < len(rs); i += 10 {
		r := rs[i]
		if r.Residual.Likelihood > 1 {
			r.Residual.Likelihood--
			changed = append(changed, r)
		}
	}
	if err := w.UpdateRisks(ctx, changed); err != nil {
		b.Fatal(err)
	}
}

func copyFile(tb testing.TB, from, to string) {
	tb.Helper()
	in, err := os.Open(from)
	if err != nil {
		tb.Fatal(err)
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		tb.Fatal(err)
	}
	if err := out.Close(); err != nil {
		tb.Fatal(err)
	}
}

// BenchmarkAssessment closes an assessment, and compares two assessments
// and an assessment with today, as riskbook assessment close and compare
// do (the comparison written as text included).
func BenchmarkAssessment(b *testing.B) {
	now := time.Date(2026, 12, 5, 12, 0, 0, 0, time.UTC)
	for _, n := range assessmentSizes {
		b.Run(fmt.Sprintf("Close/%d", n), func(b *testing.B) {
			w := benchAssessments(b, n)
			b.ReportAllocs()
			peak := startPeakHeap()
			i := 0
			for b.Loop() {
				i++
				if _, err := w.CloseAssessment(context.Background(), fmt.Sprintf("bench %d", i)); err != nil {
					b.Fatal(err)
				}
			}
			peak.report(b)
		})
		for _, pair := range [][2]string{{"2025", "2026"}, {"2025", "today"}} {
			b.Run(fmt.Sprintf("Compare/%s-%s/%d", pair[0], pair[1], n), func(b *testing.B) {
				w := benchAssessments(b, n)
				b.ReportAllocs()
				peak := startPeakHeap()
				var changed int
				for b.Loop() {
					c, err := w.Compare(context.Background(), pair[0], pair[1], now)
					if err != nil {
						b.Fatal(err)
					}
					changed = export.ChangesOf(c, i18n.For(i18n.English)).Total
				}
				peak.report(b)
				if changed == 0 || changed > n/5 {
					b.Fatalf("got %d risks changed, want some and at most a fifth of %d", changed, n)
				}
				b.ReportMetric(float64(changed), "changed")
			})
		}
	}
}
