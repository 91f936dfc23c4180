package app

import (
	"bytes"
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"riskbook/bcp"
	"riskbook/cli"
	"riskbook/risk"
)

// TestDashboardChecksEqualCheckCommand ties the dashboard's Checks card to
// riskbook check: on the starter workspace, and on one edited to break
// rules of every part (an open incident declared long ago among them, which
// the dashboard once left out), the card shows exactly the counts the
// command prints.
func TestDashboardChecksEqualCheckCommand(t *testing.T) {
	now := time.Now()
	edits := []struct {
		name string
		edit func(t *testing.T, ws *testWorkspace)
	}{
		{"Starter", func(*testing.T, *testWorkspace) {}},
		{"Edited", editEveryPart},
	}
	for _, tt := range edits {
		t.Run(tt.name, func(t *testing.T) {
			db := newTestWorkspace(t, "cctld")
			ws := &testWorkspace{Workspace: db}
			tt.edit(t, ws)
			a := newTestApp(t, db)
			s := showDashboard(t, a, risk.DateOf(now))
			s.now = func() time.Time { return now }
			s.reload()
			card := strings.Join(dashTexts(s.checks), "\n")

			var stdout, stderr bytes.Buffer
			code := cli.Run(context.Background(), []string{"check", db.Path()}, &cli.Env{Stdout: &stdout, Stderr: &stderr,
				Now: func() time.Time { return now }, Desktop: func(string) error { t.Error("check started the desktop app"); return nil }})
			if stderr.Len() != 0 || code == cli.ExitUsage {
				t.Fatalf("riskbook check: exit %d, stderr %q", code, stderr.String())
			}
			m := regexp.MustCompile(`(?m)^(\d+) errors?, (\d+) warnings?, (\d+) notes?\.$`).FindStringSubmatch(stdout.String())
			if m == nil {
				t.Fatalf("no counts line in riskbook check's output:\n%s", stdout.String())
			}
			want := fmt.Sprintf("%s · %s · %s", dashPlural(atoi(m[1]), "error"), dashPlural(atoi(m[2]), "warning"), dashPlural(atoi(m[3]), "note"))
			if !strings.Contains(card, want) {
				t.Errorf("the Checks card reads\n%s\nbut riskbook check counts %q", card, want)
			}
			if tt.name == "Edited" && !strings.Contains(stdout.String(), "[activation-open-long]") {
				t.Errorf("the edited workspace should have an incident open too long; check printed\n%s", stdout.String())
			}
		})
	}
}

func atoi(s string) int {
	var n int
	fmt.Sscan(s, &n)
	return n
}

// editEveryPart breaks a rule in the register, the BIA, the playbooks and
// the incident records.
func editEveryPart(t *testing.T, ws *testWorkspace) {
	t.Helper()
	ctx := context.Background()
	rs, err := ws.Risks(ctx)
	if err != nil {
		t.Fatal(err)
	}
	r := rs[0]
	r.NextReview = risk.DateOf(time.Now()).AddDays(-40)
	if err := ws.UpdateRisk(ctx, &r); err != nil {
		t.Fatalf("update %s: %v", r.Ref, err)
	}
	acts, err := ws.Activities(ctx)
	if err != nil {
		t.Fatal(err)
	}
	a := acts[0]
	a.RTO = 0
	if err := ws.UpdateActivity(ctx, &a); err != nil {
		t.Fatalf("update %s: %v", a.Ref, err)
	}
	p, err := ws.CreatePlaybookFromTemplate(ctx, "ddos-name-servers")
	if err != nil {
		t.Fatal(err)
	}
	declarers := bcp.Declarers(p)
	if len(declarers) == 0 {
		t.Fatal("the template names nobody who may declare it")
	}
	act := bcp.NewActivation(p, "resolution failing from two monitoring points", declarers[0], time.Now().Add(-60*24*time.Hour))
	if err := ws.CreateActivation(ctx, &act); err != nil {
		t.Fatalf("create activation: %v", err)
	}
}
