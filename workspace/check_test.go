package workspace

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"riskbook/bcp"
	"riskbook/risk"
)

// TestCheckEachFindsWhatCheckFinds: the check that reads the register a
// batch at a time (riskbook check, the dashboard) gives the findings of
// the check over the whole records, keeps exactly those asked for, in the
// same order, counts them all, and hands every risk to the caller.
func TestCheckEachFindsWhatCheckFinds(t *testing.T) {
	ctx := context.Background()
	w := newStarter(t, bcp.Setup{})
	// Two years on, reviews and actions are overdue: findings of every
	// severity.
	now := time.Now().AddDate(2, 0, 0)
	_, all, err := w.Check(ctx, now)
	if err != nil {
		t.Fatal(err)
	}
	var want risk.FindingCounts
	for i := range all {
		want.Count(&all[i])
	}
	if want.Errors == 0 || want.Warnings == 0 || want.Infos == 0 {
		t.Fatalf("counts %+v: want findings of every severity to compare", want)
	}
	keeps := map[string]func(*risk.Finding) bool{
		"all":      nil,
		"errors":   func(f *risk.Finding) bool { return f.Severity == risk.SeverityError },
		"warnings": func(f *risk.Finding) bool { return f.Severity >= risk.SeverityWarning },
		"guards":   func(f *risk.Finding) bool { return f.Guard },
		"none":     func(*risk.Finding) bool { return false },
	}
	for name, keep := range keeps {
		var seen []string
		rec, c, err := w.CheckEach(ctx, now, keep, func(rec *bcp.Workspace) func(*risk.Risk) {
			if rec.Register == nil || len(rec.Register.Risks) != 0 {
				t.Errorf("%s: the records given before the risks hold %v", name, rec.Register)
			}
			return func(r *risk.Risk) { seen = append(seen, r.Ref) }
		})
		if err != nil {
			t.Fatal(err)
		}
		if c.Counts != want {
			t.Errorf("%s: counts %+v, want %+v", name, c.Counts, want)
		}
		var kept []risk.Finding
		for i := range all {
			if keep == nil || keep(&all[i]) {
				kept = append(kept, all[i])
			}
		}
		if got, wantText := fmt.Sprint(c.Findings), fmt.Sprint(kept); got != wantText {
			t.Errorf("%s: kept\n%s\nwant\n%s", name, got, wantText)
		}
		rs, err := w.Risks(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var refs []string
		for _, r := range rs {
			refs = append(refs, r.Ref)
		}
		if !slices.Equal(seen, refs) || c.Risks != len(rs) {
			t.Errorf("%s: saw %v (%d counted), want every risk %v", name, seen, c.Risks, refs)
		}
		if len(rec.Register.Risks) != 0 {
			t.Errorf("%s: the records returned hold %d risks, want none", name, len(rec.Register.Risks))
		}
		if whole, _, _ := w.Check(ctx, now); whole.CountBlanks() != c.Blanks {
			t.Errorf("%s: %d blanks counted, want %d", name, c.Blanks, whole.CountBlanks())
		}
	}
}
