package app

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"riskbook/bcp"
	"riskbook/risk"
	"riskbook/workspace"
)

func TestDashboardShowsBIAItems(t *testing.T) {
	db := newTestWorkspace(t, "cctld")
	withoutAlternate(t, db, "RES-01") // the technical lead nobody stands in for
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

// TestDashboardChecksCountPlaybooks: the checks card counts what riskbook
// check reports, playbook findings included. The starter kit has no
// playbooks, so its top-priority activities are warned about until one is
// made from a template.
func TestDashboardChecksCountPlaybooks(t *testing.T) {
	ctx := context.Background()
	db := newTestWorkspace(t, "cctld")
	a := newTestApp(t, db)
	today := dashToday()
	warnings := func() (all, playbooks int) {
		t.Helper()
		pbs, err := db.Playbooks(ctx)
		if err != nil {
			t.Fatal(err)
		}
		b := storedBIA(t, db)
		for _, f := range bcp.CheckPlaybooks(pbs, b, today) {
			if f.Severity == risk.SeverityWarning {
				playbooks++
			}
		}
		_, fs, err := db.Check(ctx, time.Date(today.Year, today.Month, today.Day, 12, 0, 0, 0, time.Local))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range fs {
			if f.Severity == risk.SeverityWarning {
				all++
			}
		}
		return all, playbooks
	}
	before, fromPlaybooks := warnings()
	if fromPlaybooks == 0 {
		t.Fatal("test data: the starter kit gives no playbook warning; the test could not fail")
	}
	s := showDashboard(t, a, today)
	if want := dashPlural(before, "warning"); !slices.ContainsFunc(dashTexts(s.checks), func(t string) bool { return strings.Contains(t, want) }) {
		t.Errorf("checks card: got %q, want %s", dashTexts(s.checks), want)
	}

	if _, err := db.CreatePlaybookFromTemplate(ctx, "ddos-name-servers"); err != nil {
		t.Fatal(err)
	}
	after, _ := warnings()
	if after == before {
		t.Fatal("test data: a new playbook changes no warning count; the test could not fail")
	}
	s = showDashboard(t, a, today)
	if want := dashPlural(after, "warning"); !slices.ContainsFunc(dashTexts(s.checks), func(t string) bool { return strings.Contains(t, want) }) {
		t.Errorf("checks card after a playbook: got %q, want %s", dashTexts(s.checks), want)
	}
}

// withoutAlternate clears a resource's alternates: the starter kit leaves a
// blank there, and a single point of failure needs none at all.
func withoutAlternate(t *testing.T, db *workspace.Workspace, ref string) {
	t.Helper()
	ctx := context.Background()
	rs, err := db.Resources(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rs {
		if r.Ref == ref {
			r.Alternates = ""
			if err := db.UpdateResource(ctx, &r); err != nil {
				t.Fatal(err)
			}
			return
		}
	}
	t.Fatalf("no resource %s", ref)
}
