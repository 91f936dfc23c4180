package workspace

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"sync"
	"testing"
	"time"

	"riskbook/benchdata"
	"riskbook/export"
	"riskbook/importer"
	"riskbook/risk"
	"riskbook/sqlite/pgtest"
)

// The budgets these benchmarks measure (issue 16, DESIGN.md "Budgets"), on
// the registers of package benchdata: at 10,000 risks an XLSX export within
// 0.8 s, a PDF within 1.2 s and a dump within 0.6 s, each under 150 MB; at
// 50,000 risks each within 5.5 times its 10,000-risk time and under 400 MB;
// an import of 50,000 rows within 4 s. scripts/bench times the same work as
// whole commands, with the process's peak memory.
//
//	go test ./workspace -run XXX -bench . -benchmem
//	go test ./workspace -run XXX -bench 'Export/10000' -benchmem
//
// Set RISKBOOK_BENCH_DIR to a folder to keep the workspaces there between
// runs instead of importing them again.

var benchSizes = []int{1_000, 10_000, 50_000}

// benchRegisters are the registers' CSV bytes and the workspaces made from
// them, built once per size and shared by every benchmark of the run.
var benchRegisters = struct {
	sync.Mutex
	dir  string
	csv  map[int][]byte
	path map[int]string
}{csv: map[int][]byte{}, path: map[int]string{}}

func TestMain(m *testing.M) {
	code := m.Run()
	pgtest.Stop()
	if benchRegisters.dir != "" {
		os.RemoveAll(benchRegisters.dir)
	}
	os.Exit(code)
}

// benchCSV returns the register of n risks as CSV.
func benchCSV(b testing.TB, n int) []byte {
	b.Helper()
	benchRegisters.Lock()
	defer benchRegisters.Unlock()
	if data, ok := benchRegisters.csv[n]; ok {
		return data
	}
	var buf bytes.Buffer
	if err := benchdata.Write(&buf, n); err != nil {
		b.Fatal(err)
	}
	benchRegisters.csv[n] = buf.Bytes()
	return buf.Bytes()
}

// benchWorkspace returns the path of a blank workspace holding the register
// of n risks, imported as riskbook import does.
func benchWorkspace(b *testing.B, n int) string {
	b.Helper()
	data := benchCSV(b, n)
	benchRegisters.Lock()
	defer benchRegisters.Unlock()
	if p, ok := benchRegisters.path[n]; ok {
		return p
	}
	// RISKBOOK_BENCH_DIR keeps the workspaces from one run to the next.
	keep := os.Getenv("RISKBOOK_BENCH_DIR")
	dir := keep
	if dir == "" {
		if benchRegisters.dir == "" {
			tmp, err := os.MkdirTemp("", "riskbook-bench-")
			if err != nil {
				b.Fatal(err)
			}
			benchRegisters.dir = tmp
		}
		dir = benchRegisters.dir
	}
	path := filepath.Join(dir, fmt.Sprintf("register-%d.riskbook", n))
	if _, err := os.Stat(path); keep == "" || err != nil {
		importRegister(b, path, data)
	}
	benchRegisters.path[n] = path
	return path
}

// importRegister makes a blank workspace at path and imports the register
// data into it.
func importRegister(b testing.TB, path string, data []byte) {
	b.Helper()
	ctx := context.Background()
	w, err := Create(ctx, path, TemplateBlank, "Bench")
	if err != nil {
		b.Fatal(err)
	}
	defer w.Close()
	src, err := importer.ReadSource("register.csv", data)
	if err != nil {
		b.Fatal(err)
	}
	plan, _, err := w.PlanImport(ctx, src, benchMapping(b, w, src), risk.Date{Year: 2026, Month: 3, Day: 1})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := w.Import(ctx, plan, importer.Consent{}); err != nil {
		b.Fatal(err)
	}
}

func benchMapping(b testing.TB, w *Workspace, src *importer.Source) importer.Mapping {
	b.Helper()
	c, err := w.Criteria(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	m, err := importer.ProposeMapping(src, "", &c)
	if err != nil {
		b.Fatal(err)
	}
	return m
}

// peakHeap samples the heap while the benchmark runs and reports its
// highest point, in MB: what the work holds at once, where -benchmem says
// what it allocated in all.
type peakHeap struct {
	stop chan struct{}
	done chan uint64
}

func startPeakHeap() *peakHeap {
	runtime.GC()
	p := &peakHeap{stop: make(chan struct{}), done: make(chan uint64)}
	go func() {
		sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		var peak uint64
		tick := time.NewTicker(2 * time.Millisecond)
		defer tick.Stop()
		for {
			metrics.Read(sample)
			peak = max(peak, sample[0].Value.Uint64())
			select {
			case <-p.stop:
				p.done <- peak
				return
			case <-tick.C:
			}
		}
	}()
	return p
}

func (p *peakHeap) report(b *testing.B) {
	close(p.stop)
	b.ReportMetric(float64(<-p.done)/1e6, "MB-peak-heap")
}

// benchEach runs fn as a sub-benchmark per register size on its workspace,
// open read-only as the commands open it.
func benchEach(b *testing.B, fn func(b *testing.B, w *Workspace)) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			path := benchWorkspace(b, n)
			w, err := OpenReadOnly(context.Background(), path)
			if err != nil {
				b.Fatal(err)
			}
			defer w.Close()
			b.ReportAllocs()
			peak := startPeakHeap()
			fn(b, w)
			peak.report(b)
		})
	}
}

// BenchmarkExport writes the full document of each register, as riskbook
// export --xlsx and --pdf do.
func BenchmarkExport(b *testing.B) {
	b.Setenv("SOURCE_DATE_EPOCH", "1700000000")
	for _, format := range []string{"XLSX", "PDF"} {
		b.Run(format, func(b *testing.B) {
			benchEach(b, func(b *testing.B, w *Workspace) {
				out := filepath.Join(b.TempDir(), "out."+format)
				req := export.Request{Level: export.Full}
				if format == "PDF" {
					req.PDF = out
				} else {
					req.XLSX = out
				}
				for b.Loop() {
					if _, err := w.Export(context.Background(), req); err != nil {
						b.Fatal(err)
					}
				}
				b.StopTimer()
				if st, err := os.Stat(out); err != nil || st.Size() == 0 {
					b.Fatalf("no document written: %v", err)
				}
			})
		})
	}
}

// BenchmarkDump writes each workspace as riskbook dump does, into a hash.
func BenchmarkDump(b *testing.B) {
	benchEach(b, func(b *testing.B, w *Workspace) {
		for b.Loop() {
			h := sha256.New()
			if err := w.WriteDump(context.Background(), h); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkCheck applies every rule to each workspace, as riskbook check
// and the dashboard do: the register checked as it is read.
func BenchmarkCheck(b *testing.B) {
	now := time.Date(2026, time.March, 1, 12, 0, 0, 0, time.UTC)
	benchEach(b, func(b *testing.B, w *Workspace) {
		for b.Loop() {
			if _, _, err := w.CheckEach(context.Background(), now, nil, nil); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkImport imports each register into a new blank workspace, as
// riskbook import does: reading the file, planning, and the one
// transaction that stores every risk and logs it.
func BenchmarkImport(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			data := benchCSV(b, n)
			dir := b.TempDir()
			b.ReportAllocs()
			peak := startPeakHeap()
			i := 0
			for b.Loop() {
				importRegister(b, filepath.Join(dir, fmt.Sprintf("import-%d.riskbook", i)), data)
				i++
			}
			peak.report(b)
		})
	}
}
