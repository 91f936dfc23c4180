package app

import (
	"slices"
	"strings"
	"testing"
)

func TestDashboardShowsBIAItems(t *testing.T) {
	db := newTestWorkspace(t, "cctld")
	a := newTestApp(t, db)
	s := showDashboard(t, a, dashToday())
	b := storedBIA(t, db)
	want := newBIASummary(b)
	if len(want.Gaps) == 0 || len(want.SPOFs) == 0 {
		t.Fatalf("test data: %d gaps and %d single points; want some of each", len(want.Gaps), len(want.SPOFs))
	}
	texts := dashTexts(s.bia)
	for _, g := range want.Gaps {
		if !slices.Contains(texts, g.Ref+"  "+g.Name) {
			t.Errorf("gap of %s not shown; texts %q", g.Ref, texts)
		}
	}
	if !slices.ContainsFunc(texts, func(t string) bool { return strings.HasPrefix(t, "Person with no trained alternate, needed by") }) {
		t.Errorf("the person single point is not explained; texts %q", texts)
	}

	dashTap(dashLink(t, s.bia, want.Gaps[0].Ref))
	if got := a.sections[a.current].name; got != "Readiness" {
		t.Errorf("a gap opens %s, want Readiness", got)
	}
	a.selectSection("Dashboard")
	dashTap(dashLink(t, s.bia, want.SPOFs[0].Ref))
	if got := a.sections[a.current].name; got != "Resources" || a.resources.editor.draft.Ref != want.SPOFs[0].Ref {
		t.Errorf("a single point opens %s on %s, want Resources on %s", got, a.resources.editor.draft.Ref, want.SPOFs[0].Ref)
	}
}

func TestDashboardBIAGoodNews(t *testing.T) {
	db := newTestWorkspace(t, "blank")
	a := newTestApp(t, db)
	s := showDashboard(t, a, dashToday())
	texts := dashTexts(s.bia)
	if !slices.ContainsFunc(texts, func(t string) bool { return strings.HasPrefix(t, "No activity in the business impact analysis yet") }) {
		t.Errorf("blank workspace: got %q, want the empty state", texts)
	}
}
