package workspace

import (
	"context"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"riskbook/bcp"
	"riskbook/export"
	"riskbook/risk"
)

// changeStarter makes the changes of a year in the starter workspace's
// live records: R-001 treated down to Low and accepted, R-002 deleted, a new
// risk above the appetite, a planned control implemented, ACT-01's RTO halved.
func changeStarter(t *testing.T, w *Workspace) {
	t.Helper()
	ctx := context.Background()
	r, err := w.RiskByRef(ctx, "R-001")
	if err != nil {
		t.Fatal(err)
	}
	r.Residual = risk.Score{Likelihood: 1, Consequence: 1}
	r.Treatment, r.Status = risk.Accept, risk.Accepted
	r.Acceptance = risk.Acceptance{Approver: "Board", Date: risk.DateOf(time.Now()), Expiry: risk.DateOf(time.Now()).AddDays(300), Rationale: "cheap enough"}
	if err := w.UpdateRisk(ctx, &r); err != nil {
		t.Fatal(err)
	}
	gone, err := w.RiskByRef(ctx, "R-002")
	if err != nil {
		t.Fatal(err)
	}
	if err := w.DeleteRisk(ctx, gone.ID); err != nil {
		t.Fatal(err)
	}
	added := risk.Risk{Title: "New vendor lock-in", Owner: "Ana", Inherent: risk.Score{Likelihood: 5, Consequence: 5},
		Residual: risk.Score{Likelihood: 5, Consequence: 5}, Treatment: risk.Reduce, Status: risk.Treating, ReviewFrequency: risk.Quarterly,
		Actions: []risk.Action{{Title: "Second vendor", Owner: "Ana", Due: risk.DateOf(time.Now()).AddDays(60)}}}
	if added.Ref, err = w.NextRef(ctx); err != nil {
		t.Fatal(err)
	}
	if err := w.CreateRisk(ctx, &added); err != nil {
		t.Fatal(err)
	}
	soa, err := w.SoA(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range soa {
		if e.Applicable == risk.Applicable && e.Implementation != risk.Implemented {
			e.Implementation = risk.Implemented
			if err := w.UpdateSoA(ctx, &e); err != nil {
				t.Fatal(err)
			}
			break
		}
	}
	acts, err := w.Activities(ctx)
	if err != nil {
		t.Fatal(err)
	}
	a := acts[0]
	a.RTO /= 2
	if err := w.UpdateActivity(ctx, &a); err != nil {
		t.Fatal(err)
	}
}

// TestCompare: the baseline against today, two assessments against each
// other, and the refusals: no assessment yet, an unknown name, the later
// point first.
func TestCompare(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 12, 5, 10, 0, 0, 0, time.UTC)
	w := newStarter(t, bcp.Setup{Organisation: "Registry of .xx"})
	if _, err := w.Compare(ctx, "", "", now); err == nil || !strings.Contains(err.Error(), "No assessment was closed") {
		t.Fatalf("compare without an assessment: got %v, want a refusal", err)
	}
	if _, err := w.CloseAssessment(ctx, "2025 annual"); err != nil {
		t.Fatal(err)
	}
	c, err := w.Compare(ctx, "", "", now)
	if err != nil {
		t.Fatal(err)
	}
	if c.From.Name() != "2025 annual" || c.To.Name() != risk.Today || !c.To.At.Equal(now) || !c.Empty() {
		t.Fatalf("right after closing: got %s → %s at %v, empty %v; want 2025 annual → today, nothing changed", c.From.Name(), c.To.Name(), c.To.At, c.Empty())
	}
	changeStarter(t, w)
	if _, err := w.CloseAssessment(ctx, "2026 annual"); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ from, to string }{{"2025 ANNUAL", "2026 annual"}, {"2025 annual", "today"}} {
		c, err := w.Compare(ctx, tt.from, tt.to, now)
		if err != nil {
			t.Fatal(err)
		}
		want := map[risk.ChangeKind]int{risk.RiskNew: 1, risk.RiskRemoved: 1, risk.TreatmentKind: 1, risk.AcceptanceKind: 1,
			risk.StatusKind: 1, risk.SoAStatus: 1, bcp.ActivityTargets: 1}
		for k, n := range want {
			if got := c.Count(k); got != n {
				t.Errorf("%s → %s, %s: got %d, want %d", tt.from, tt.to, k, got, n)
			}
		}
		if c.Count(risk.ResidualDown)+c.Count(risk.Rescored) != 1 {
			t.Errorf("%s → %s: R-001's residual score moved, got no change of it", tt.from, tt.to)
		}
	}
	if c, err := w.Compare(ctx, "2026 annual", "", now); err != nil || !c.Empty() {
		t.Errorf("the last assessment against today: got %v, %+v; want nothing changed", err, c)
	}
	refusals := []struct{ from, to, says string }{
		{"2024", "", "name one of “2025 annual”, “2026 annual”, today"},
		{"2026 annual", "2025 annual", "was closed after"},
		{"today", "2025 annual", "name the assessment first"},
	}
	for _, tt := range refusals {
		_, err := w.Compare(ctx, tt.from, tt.to, now)
		if err == nil || !strings.Contains(risk.ErrorMessage(err), tt.says) {
			t.Errorf("compare %q with %q: got %v, want a refusal saying %q", tt.from, tt.to, err, tt.says)
		}
	}
}

// TestExportChangesSince: once an assessment is closed, the full workbook
// has a Changes sheet and the full PDF a "Changes since" section with the
// movement matrix; the summary has neither.
func TestExportChangesSince(t *testing.T) {
	ctx := context.Background()
	w := newStarter(t, bcp.Setup{Organisation: "Registry of .xx"})
	if _, err := w.CloseAssessment(ctx, "2025 annual"); err != nil {
		t.Fatal(err)
	}
	changeStarter(t, w)
	dir := t.TempDir()
	req := export.Request{Level: export.Full, PDF: filepath.Join(dir, "full.pdf"), XLSX: filepath.Join(dir, "full.xlsx")}
	if _, err := w.Export(ctx, req); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(req.XLSX)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := f.GetRows("Changes")
	f.Close()
	if err != nil {
		t.Fatalf("the workbook has no Changes sheet: %v", err)
	}
	var text strings.Builder
	for _, row := range rows {
		text.WriteString(strings.Join(row, "\t") + "\n")
	}
	for _, want := range []string{"Changes since “2025 annual”", "New risks\tR-023\tNew vendor lock-in", "Removed risks\tR-002",
		"Treatment changed\tR-001", "reduce\taccept", "MTPD, RTO or RPO changed\tACT-01", "Control implementation changed"} {
		if !strings.Contains(text.String(), want) {
			t.Errorf("the Changes sheet lacks %q:\n%s", want, text.String())
		}
	}
	if tool, err := exec.LookPath("pdftotext"); err == nil {
		out, err := exec.Command(tool, "-layout", req.PDF, "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"Changes since “2025 annual”", "Residual risk: where the risks moved", "The records that changed"} {
			if !strings.Contains(string(out), want) {
				t.Errorf("the PDF lacks %q", want)
			}
		}
	}
	sum := export.Request{Level: export.Summary, XLSX: filepath.Join(dir, "summary.xlsx")}
	if _, err := w.Export(ctx, sum); err != nil {
		t.Fatal(err)
	}
	if f, err := excelize.OpenFile(sum.XLSX); err == nil {
		if idx, _ := f.GetSheetIndex("Changes"); idx >= 0 {
			t.Error("the summary workbook has a Changes sheet")
		}
		f.Close()
	}
}
