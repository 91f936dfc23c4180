package workspace

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"riskbook/benchdata"
	"riskbook/export"
	"riskbook/i18n"
	"riskbook/risk"
)

var updateGolden = flag.Bool("update", false, "rewrite testdata/starter-exports.sha256 with the bytes exported now")

// starterGolden lists the SHA-256 of every document exported from the
// starter workspace in testdata/starter.json.gz with SOURCE_DATE_EPOCH set.
const starterGolden = "testdata/starter-exports.sha256"

// TestStarterExportsUnchanged pins the bytes of the starter workspace's
// documents: the full and summary PDF and workbook, the network-down pack,
// a tabletop kit, a scoring workbook and the dump. How the documents are
// produced (streamed, batched, in parallel) must not change a byte of
// them; a change of what they print must be deliberate, reviewed in the
// documents themselves, and recorded here with -update.
func TestStarterExportsUnchanged(t *testing.T) {
	t.Setenv("SOURCE_DATE_EPOCH", "1700000000")
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "starter.riskbook")
	f, err := os.Open("testdata/starter.json.gz")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Load(ctx, zr, "starter.json", path, time.Date(2026, time.March, 1, 12, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	w, err := OpenReadOnly(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	out := func(name string) string { return filepath.Join(dir, name) }
	requests := []export.Request{
		{Level: export.Full, PDF: out("full.pdf"), XLSX: out("full.xlsx"), Pack: out("pack.pdf"), Lang: i18n.English},
		{Level: export.Summary, PDF: out("summary.pdf"), XLSX: out("summary.xlsx"), Lang: i18n.English},
		{Level: export.Full, PDF: out("tabletop-PB-01.pdf"), Tabletop: "PB-01", Lang: i18n.English},
	}
	for _, req := range requests {
		if _, err := w.Export(ctx, req); err != nil {
			t.Fatalf("export %v: %v", req.Paths(), err)
		}
	}
	if _, _, err := w.ScoringWorkbook(ctx, "Registry manager", out("scoring.xlsx"), i18n.English); err != nil {
		t.Fatal(err)
	}
	dump, err := os.Create(out("dump.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := w.WriteDump(ctx, dump); err != nil {
		t.Fatal(err)
	}
	if err := dump.Close(); err != nil {
		t.Fatal(err)
	}

	got := map[string]string{}
	for _, name := range []string{"full.pdf", "full.xlsx", "pack.pdf", "summary.pdf", "summary.xlsx", "tabletop-PB-01.pdf", "scoring.xlsx", "dump.json"} {
		data, err := os.ReadFile(out(name))
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(data)
		got[name] = hex.EncodeToString(sum[:])
	}
	if *updateGolden {
		var b strings.Builder
		for _, name := range slices.Sorted(maps.Keys(got)) {
			fmt.Fprintf(&b, "%s  %s\n", got[name], name)
		}
		if err := os.WriteFile(starterGolden, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want := readSums(t, starterGolden)
	for name, sum := range got {
		if want[name] != sum {
			t.Errorf("%s: got SHA-256 %s, want %s: the document's bytes changed; if that is intended, look at the document, then run go test ./workspace -run TestStarterExportsUnchanged -update", name, sum, want[name])
		}
	}
	for name := range want {
		if _, ok := got[name]; !ok {
			t.Errorf("%s is pinned in %s but no longer exported", name, starterGolden)
		}
	}
}

// readSums reads a file in sha256sum's format: a hex digest, two spaces,
// a name.
func readSums(t *testing.T, path string) map[string]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	defer f.Close()
	sums := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		sum, name, ok := strings.Cut(sc.Text(), "  ")
		if !ok {
			t.Fatalf("%s: line %q is not a digest and a name", path, sc.Text())
		}
		sums[name] = sum
	}
	if err := sc.Err(); err != nil && err != io.EOF {
		t.Fatal(err)
	}
	return sums
}

// TestExportProgressAndCancel follows an export of a register of a few
// batches: progress only goes forward and ends at the whole, and an export
// cancelled while it writes a document stops with the context's error and
// leaves no file, finished or not, in the folder. The steps are named in
// the reader's language (here French), whatever the document's.
func TestExportProgressAndCancel(t *testing.T) {
	defer i18n.SetDefault(i18n.Default().Lang())
	i18n.SetDefault(i18n.French)
	var reg bytes.Buffer
	if err := benchdata.Write(&reg, 1200); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "register.riskbook")
	importRegister(t, path, reg.Bytes())
	w, err := OpenReadOnly(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	t.Setenv("SOURCE_DATE_EPOCH", "1700000000")
	for _, format := range []string{"pdf", "xlsx"} {
		t.Run(format, func(t *testing.T) {
			dir := t.TempDir()
			req := export.Request{Level: export.Full}
			if format == "pdf" {
				req.PDF = filepath.Join(dir, "register.pdf")
			} else {
				req.XLSX = filepath.Join(dir, "register.xlsx")
			}
			var last risk.Progress
			steps := map[string]bool{}
			ctx := risk.WithProgress(context.Background(), func(p risk.Progress) {
				if p.Done < last.Done || p.Total != last.Total && last.Total != 0 {
					t.Fatalf("progress went from %+v to %+v", last, p)
				}
				last = p
				steps[p.Step] = true
			})
			if _, err := w.Export(ctx, req); err != nil {
				t.Fatal(err)
			}
			if last.Done != last.Total || !steps["Lecture de l’espace de travail"] || !steps["Écriture du fichier register."+format] {
				t.Errorf("progress ended at %+v after steps %v", last, steps)
			}

			cancelled, cancel := context.WithCancel(context.Background())
			defer cancel()
			ctx = risk.WithProgress(cancelled, func(p risk.Progress) {
				if strings.HasPrefix(p.Step, "Écriture") && p.Fraction() > 0.75 {
					cancel()
				}
			})
			if err := os.Remove(req.Paths()[0]); err != nil {
				t.Fatal(err)
			}
			if _, err := w.Export(ctx, req); !errors.Is(err, context.Canceled) {
				t.Fatalf("cancelled export: got %v, want %v", err, context.Canceled)
			}
			if left, _ := os.ReadDir(dir); len(left) != 0 {
				t.Errorf("a cancelled export left %v", left)
			}
		})
	}
}
