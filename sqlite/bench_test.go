package sqlite

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"riskbook/risk"
)

// The budgets these benchmarks measure (DESIGN.md, "Budgets"): for 10,000
// risks and 2,000 actions, one edit committed with fsync ≤ 10 ms, open to
// first frame ≤ 0.5 s, memory ≤ 300 MB.

const (
	benchRisks       = 10_000
	benchActionEvery = 5 // one action on every fifth risk: 2,000 actions
)

// benchRisk returns the i-th risk of a synthetic register: valid, with
// varied scores, two control links and, on every fifth risk, an action.
func benchRisk(i int, controls []risk.Control) risk.Risk {
	l, c := 1+i%5, 1+(i/5)%5
	r := risk.Risk{
		Ref:   fmt.Sprintf("R-%03d", i+1),
		Title: fmt.Sprintf("Loss of service %d after a failure of component %d", i, i%97),
		Description: "A synthetic risk for measuring the store: a paragraph of the length people " +
			"write in the description field, naming the service, the cause and what follows.",
		Category:        []string{"Availability", "Integrity", "Confidentiality", "People"}[i%4],
		Cause:           "Component failure",
		Vulnerability:   "Single instance",
		Consequence:     "Service unavailable",
		Owner:           fmt.Sprintf("Owner %d", i%12),
		Inherent:        risk.Score{Likelihood: l, Consequence: c},
		Residual:        risk.Score{Likelihood: max(1, l-1), Consequence: max(1, c-1)},
		Treatment:       risk.Reduce,
		Controls:        []string{controls[i%len(controls)].ID, controls[(i*7+3)%len(controls)].ID},
		ReviewFrequency: risk.Quarterly,
		LastReview:      risk.Date{Year: 2026, Month: time.January, Day: 1 + i%28},
		Status:          risk.Treating,
		Confidence:      risk.Confidences[i%4],
	}
	if i%benchActionEvery == 0 {
		r.Actions = []risk.Action{{Title: "Add a second instance", Owner: r.Owner,
			Due: risk.Date{Year: 2026, Month: time.June, Day: 1 + i%28}, Status: risk.InProgress, Progress: i % 100}}
	}
	return r
}

// fillRisks adds risks from..to-1 in one transaction: a quick way to a big
// register, not what the app does.
func fillRisks(tb testing.TB, db *DB, from, to int) {
	tb.Helper()
	ctx := context.Background()
	controls, err := db.Controls(ctx)
	if err != nil {
		tb.Fatal(err)
	}
	err = db.update(ctx, func(tx *Tx) error {
		for i := from; i < to; i++ {
			r := benchRisk(i, controls)
			if err := tx.createRisk(ctx, &r); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		tb.Fatalf("fill risks: %v", err)
	}
}

// bigWorkspace returns a workspace open for writing with benchRisks risks.
func bigWorkspace(b *testing.B) (*DB, string) {
	b.Helper()
	db, path := newWorkspace(b, TemplateBlank)
	fillRisks(b, db, 0, benchRisks)
	return db, path
}

func reportFileSize(b *testing.B, path string) {
	b.Helper()
	var size int64
	for _, suffix := range []string{"", "-wal"} {
		if st, err := os.Stat(path + suffix); err == nil {
			size += st.Size()
		}
	}
	b.ReportMetric(float64(size)/1e6, "MB-file")
}

// BenchmarkCreate10000Risks measures adding risks to a register that holds
// 10,000 already. PerCommit is what the app does: one CreateRisk, one
// transaction and fsync per risk; AutoRef also lets the store pick the next
// reference. Bulk builds a whole 10,000-risk register in one transaction
// per iteration and reports the cost per risk.
func BenchmarkCreate10000Risks(b *testing.B) {
	ctx := context.Background()
	for _, auto := range []bool{false, true} {
		name := "PerCommit"
		if auto {
			name = "PerCommitAutoRef"
		}
		b.Run(name, func(b *testing.B) {
			db, path := bigWorkspace(b)
			controls, err := db.Controls(ctx)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			i := benchRisks
			for b.Loop() {
				r := benchRisk(i, controls)
				if auto {
					r.Ref = ""
				}
				if err := db.CreateRisk(ctx, &r); err != nil {
					b.Fatal(err)
				}
				i++
			}
			b.StopTimer()
			reportFileSize(b, path)
		})
	}
	b.Run("Bulk", func(b *testing.B) {
		b.ReportAllocs()
		n := 0
		for b.Loop() {
			b.StopTimer()
			path := filepath.Join(b.TempDir(), "bulk"+Extension)
			db, err := CreateFromTemplate(ctx, path, TemplateBlank)
			if err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
			fillRisks(b, db, 0, benchRisks)
			b.StopTimer()
			if err := db.Close(); err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
			n++
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(n*benchRisks), "ns/risk")
	})
}

// BenchmarkListRisks10000 loads the whole register with its actions and
// control links, as the register screen does on open.
func BenchmarkListRisks10000(b *testing.B) {
	ctx := context.Background()
	db, path := bigWorkspace(b)
	closeDB(b, db)
	db = openRO(b, path)
	var rs []risk.Risk
	b.ReportAllocs()
	for b.Loop() {
		var err error
		if rs, err = db.Risks(ctx); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	actions := 0
	for _, r := range rs {
		actions += len(r.Actions)
	}
	if len(rs) != benchRisks || actions != benchRisks/benchActionEvery {
		b.Fatalf("got %d risks and %d actions, want %d and %d", len(rs), actions, benchRisks, benchRisks/benchActionEvery)
	}
	var m runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&m)
	b.ReportMetric(float64(m.HeapInuse)/1e6, "MB-heap")
	runtime.KeepAlive(rs)
	reportFileSize(b, path)
}

// BenchmarkEditCommit is one user edit: UpdateRisk on a 10,000-risk
// register, committed with fsync (synchronous=FULL).
func BenchmarkEditCommit(b *testing.B) {
	ctx := context.Background()
	db, _ := bigWorkspace(b)
	var sync int
	if err := db.write.QueryRowContext(ctx, "PRAGMA synchronous").Scan(&sync); err != nil {
		b.Fatal(err)
	}
	if sync != 2 {
		b.Fatalf("got synchronous=%d, want 2 (FULL)", sync)
	}
	r, err := db.RiskByRef(ctx, "R-5000")
	if err != nil {
		b.Fatal(err)
	}
	title := r.Title
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		r.Title = fmt.Sprintf("%s (edit %d)", title, i)
		if err := db.UpdateRisk(ctx, &r); err != nil {
			b.Fatal(err)
		}
		i++
	}
	b.StopTimer()
	if n := len(changeRows(b, db)); n != benchRisks+2+i {
		b.Fatalf("got %d change-log rows, want %d: every edit logged once", n, benchRisks+2+i)
	}
}

// BenchmarkCheckRegister10000 applies every rule to a 10,000-risk register:
// Rules on a register already in memory, LoadAndCheck reading it first, as
// riskbook check does.
func BenchmarkCheckRegister10000(b *testing.B) {
	ctx := context.Background()
	db, path := bigWorkspace(b)
	closeDB(b, db)
	db = openRO(b, path)
	today := risk.Date{Year: 2026, Month: time.March, Day: 1}
	b.Run("Rules", func(b *testing.B) {
		reg, err := db.Register(ctx)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		var fs []risk.Finding
		for b.Loop() {
			fs = risk.CheckRegister(reg, today)
		}
		for _, f := range fs {
			if f.Blocking {
				b.Fatalf("blocking finding in the synthetic register: %s", f)
			}
		}
	})
	b.Run("LoadAndCheck", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			reg, err := db.Register(ctx)
			if err != nil {
				b.Fatal(err)
			}
			risk.CheckRegister(reg, today)
		}
	})
}

// BenchmarkOpen10000 opens a 10,000-risk workspace for writing and lists its
// register: the storage part of "open to first frame".
func BenchmarkOpen10000(b *testing.B) {
	ctx := context.Background()
	db, path := bigWorkspace(b)
	closeDB(b, db)
	b.ReportAllocs()
	for b.Loop() {
		db, err := Open(ctx, path)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := db.Risks(ctx); err != nil {
			b.Fatal(err)
		}
		if err := db.Close(); err != nil {
			b.Fatal(err)
		}
	}
}
