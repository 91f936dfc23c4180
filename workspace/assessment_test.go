package workspace

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"riskbook/bcp"
	"riskbook/export"
	"riskbook/risk"
)

// closeStarter closes an assessment of the starter workspace, then changes
// the title of R-001 in the live records.
func closeStarter(t *testing.T) (*Workspace, risk.Assessment, string) {
	t.Helper()
	ctx := context.Background()
	w := newStarter(t, bcp.Setup{Organisation: "Registry of .xx"})
	a, err := w.CloseAssessment(ctx, "2026 annual")
	if err != nil {
		t.Fatal(err)
	}
	r, err := w.RiskByRef(ctx, "R-001")
	if err != nil {
		t.Fatal(err)
	}
	was := r.Title
	r.Title = "Renamed after the closing"
	if err := w.UpdateRisk(ctx, &r); err != nil {
		t.Fatal(err)
	}
	return w, a, was
}

// TestExportAssessment: an assessment's documents show its records as they
// were closed, say which assessment they are, carry its digest, and are
// the same bytes each time; no issue of the document is recorded.
func TestExportAssessment(t *testing.T) {
	ctx := context.Background()
	w, a, was := closeStarter(t)
	dir := t.TempDir()
	req := export.Request{Level: export.Full, PDF: filepath.Join(dir, "a.pdf"), XLSX: filepath.Join(dir, "a.xlsx")}
	if _, err := w.ExportAssessment(ctx, "2026 ANNUAL", req); err != nil {
		t.Fatalf("ExportAssessment: %v", err)
	}
	first, err := os.ReadFile(req.PDF)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.ExportAssessment(ctx, "2026 annual", req); err != nil {
		t.Fatal(err)
	}
	if again, _ := os.ReadFile(req.PDF); !bytes.Equal(first, again) {
		t.Error("two exports of the same assessment differ")
	}
	if docs, err := w.Documents(ctx); err != nil || len(docs) != 0 {
		t.Errorf("exporting an assessment recorded document issues: %+v, %v", docs, err)
	}
	f, err := excelize.OpenFile(req.XLSX)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("Risks")
	if err != nil {
		t.Fatal(err)
	}
	var text strings.Builder
	for _, row := range rows {
		text.WriteString(strings.Join(row, "\t") + "\n")
	}
	if !strings.Contains(text.String(), was) || strings.Contains(text.String(), "Renamed after the closing") {
		t.Errorf("the workbook's register is not the one closed: want %q and not the later title", was)
	}
	props, err := f.GetDocProps()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"The closed assessment 2026 annual, closed on " + a.Closed.Format("2006-01-02"), a.Digest} {
		if !strings.Contains(props.Description, want) {
			t.Errorf("workbook description %q lacks %q", props.Description, want)
		}
	}
	if _, err := w.ExportAssessment(ctx, "2025 annual", req); risk.ErrorCode(err) != risk.ENOTFOUND {
		t.Errorf("an assessment never closed: got %v", err)
	}
}

// TestOpenAssessment: an assessment opens read-only with its records, says
// why it cannot change, exports as the assessment, and leaves nothing
// behind once closed.
func TestOpenAssessment(t *testing.T) {
	ctx := context.Background()
	w, a, was := closeStarter(t)
	v, err := w.OpenAssessment(ctx, a.Name)
	if err != nil {
		t.Fatalf("OpenAssessment: %v", err)
	}
	r, err := v.RiskByRef(ctx, "R-001")
	if err != nil || r.Title != was {
		t.Errorf("the assessment's R-001: got %q, %v; want %q", r.Title, err, was)
	}
	if why := v.ReadOnly(); !strings.Contains(why, "2026 annual") || !strings.Contains(why, "never changed") {
		t.Errorf("ReadOnly: got %q", why)
	}
	if err := v.UpdateRisk(ctx, &r); err == nil {
		t.Error("an assessment opened to be looked at took an edit")
	}
	path := v.Path()
	if err := v.Close(); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		if _, err := os.Stat(p); !os.IsNotExist(err) {
			t.Errorf("%s is left behind (%v)", p, err)
		}
	}
}
