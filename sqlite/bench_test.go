package sqlite

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"riskbook/bcp"
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
		Identified:      risk.Date{Year: 2025, Month: time.December, Day: 1},
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
func bigWorkspace(b *testing.B) (*DB, string) { return workspaceOf(b, benchRisks) }

// workspaceOf returns a workspace open for writing with n risks.
func workspaceOf(b *testing.B, n int) (*DB, string) {
	b.Helper()
	db, path := newWorkspace(b, TemplateBlank)
	fillRisks(b, db, 0, n)
	return db, path
}

// benchBothSizes runs fn as a sub-benchmark on 10,000 and on 50,000 risks.
func benchBothSizes(b *testing.B, fn func(b *testing.B, n int)) {
	for _, n := range []int{benchRisks, 5 * benchRisks} {
		b.Run(fmt.Sprint(n), func(b *testing.B) { fn(b, n) })
	}
}

// reportHeap reports the heap in use once collected: what the benchmark's
// result holds (keep it alive past the call).
func reportHeap(b *testing.B) {
	var m runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&m)
	b.ReportMetric(float64(m.HeapInuse)/1e6, "MB-heap")
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

// BenchmarkListRisks loads the whole register of 10,000 and of 50,000
// risks with its actions and control links (Risks), the register's rows
// (RiskRows, what the register screen reads on open), and goes through it
// a batch at a time (Snapshot.EachRisk, what riskbook check and the
// dashboard read).
func BenchmarkListRisks(b *testing.B) {
	benchBothSizes(b, func(b *testing.B, n int) {
		ctx := context.Background()
		db, path := workspaceOf(b, n)
		closeDB(b, db)
		db = openRO(b, path)
		wantActions := n / benchActionEvery
		b.Run("Whole", func(b *testing.B) {
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
			if len(rs) != n || actions != wantActions {
				b.Fatalf("got %d risks and %d actions, want %d and %d", len(rs), actions, n, wantActions)
			}
			reportHeap(b)
			runtime.KeepAlive(rs)
			reportFileSize(b, path)
		})
		b.Run("Rows", func(b *testing.B) {
			var rows []risk.Row
			b.ReportAllocs()
			for b.Loop() {
				var err error
				if rows, err = db.RiskRows(ctx); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			if len(rows) != n {
				b.Fatalf("got %d rows, want %d", len(rows), n)
			}
			reportHeap(b)
			runtime.KeepAlive(rows)
		})
		b.Run("Each", func(b *testing.B) {
			b.ReportAllocs()
			risks, actions := 0, 0
			for b.Loop() {
				risks, actions = 0, 0
				eachRiskOf(b, db, func(r *risk.Risk) {
					risks++
					actions += len(r.Actions)
				})
			}
			if risks != n || actions != wantActions {
				b.Fatalf("got %d risks and %d actions, want %d and %d", risks, actions, n, wantActions)
			}
		})
	})
}

// eachRiskOf hands every risk of db to fn, a batch at a time.
func eachRiskOf(b *testing.B, db *DB, fn func(*risk.Risk)) {
	b.Helper()
	ctx := context.Background()
	s, err := db.Snapshot(ctx)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	if err := s.EachRisk(ctx, func(r *risk.Risk) error { fn(r); return nil }); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkEditCommit is one user edit: UpdateRisk on a register of 10,000
// and of 50,000 risks, committed with fsync (synchronous=FULL).
func BenchmarkEditCommit(b *testing.B) {
	benchBothSizes(b, func(b *testing.B, n int) {
		ctx := context.Background()
		db, _ := workspaceOf(b, n)
		var sync int
		if err := db.write.QueryRowContext(ctx, "PRAGMA synchronous").Scan(&sync); err != nil {
			b.Fatal(err)
		}
		if sync != 2 {
			b.Fatalf("got synchronous=%d, want 2 (FULL)", sync)
		}
		r, err := db.RiskByRef(ctx, fmt.Sprintf("R-%03d", n/2))
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
		// A blank workspace logs its criteria, catalog and BIA settings.
		if got := len(changeRows(b, db)); got != n+3+i {
			b.Fatalf("got %d change-log rows, want %d: every edit logged once", got, n+3+i)
		}
	})
}

// BenchmarkCheckRegister applies every rule to a register of 10,000 and
// of 50,000 risks: Rules on a register already in memory, LoadAndCheck
// reading it whole first, Each checking it as it is read a batch at a time,
// as riskbook check and the dashboard do.
func BenchmarkCheckRegister(b *testing.B) {
	benchBothSizes(b, func(b *testing.B, n int) {
		ctx := context.Background()
		db, path := workspaceOf(b, n)
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
		b.Run("Each", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				reg, err := db.RegisterBesideRisks(ctx)
				if err != nil {
					b.Fatal(err)
				}
				c := risk.NewRegisterCheck(reg, today, nil)
				eachRiskOf(b, db, c.Add)
				c.Findings()
			}
		})
	})
}

// BenchmarkOpen opens a workspace of 10,000 and of 50,000 risks for
// writing and lists its register: the storage part of "open to first
// frame".
func BenchmarkOpen(b *testing.B) {
	benchBothSizes(b, func(b *testing.B, n int) {
		ctx := context.Background()
		db, path := workspaceOf(b, n)
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
	})
}

const (
	benchActivities = 300
	benchResources  = 100
)

// benchResource returns the i-th resource of a synthetic BIA: 10 sites,
// then ICT systems at two sites each, people, suppliers and equipment.
func benchResource(i int) bcp.Resource {
	r := bcp.Resource{Ref: fmt.Sprintf("RES-%03d", i+1), Name: fmt.Sprintf("Resource %d", i),
		Description: "A synthetic resource with a description of the length people write."}
	switch {
	case i < 10:
		r.Kind, r.Region = bcp.Site, []string{"North", "South"}[i%2]
	case i < 50:
		r.Kind, r.Standby = bcp.ICT, bcp.Standbys[i%4]
		r.AchievableRTO, r.AchievableRPO, r.BackupInterval = bcp.Hours(1+i%24), bcp.Hours(1+i%4), bcp.Hours(24)
		r.Sites = []string{fmt.Sprintf("RES-%03d", 1+i%10), fmt.Sprintf("RES-%03d", 1+(i+3)%10)}
	case i < 70:
		r.Kind = bcp.Person
	case i < 90:
		r.Kind, r.SLA, r.ContractRTO = bcp.Supplier, "Next business day", bcp.Hours(24)
		r.CapacityConfirmed = risk.Date{Year: 2025, Month: time.Month(1 + i%12), Day: 1}
	default:
		r.Kind = bcp.Equipment
	}
	if i%3 != 0 {
		r.Alternates = "A stand-in"
	}
	return r
}

// benchActivity returns the i-th activity: a full impact grid on the
// default settings, three resources and up to two earlier activities
// upstream.
func benchActivity(i int, s *bcp.Settings) bcp.Activity {
	a := bcp.Activity{Ref: fmt.Sprintf("ACT-%03d", i+1), Name: fmt.Sprintf("Activity %d", i), Owner: fmt.Sprintf("Owner %d", i%12),
		Description: "A synthetic activity with a description of the length people write.", Priority: 1 + i%5,
		RTO: bcp.Hours(1 + i%4), RPO: bcp.Hours(1 + i%2)}
	for c, cat := range s.Categories {
		row := make([]int, len(s.Horizons))
		for h := range row {
			row[h] = min(len(s.Severities), 1+(h+c+i)%3+h/2)
		}
		a.Impacts = append(a.Impacts, bcp.Impact{Category: cat, Severities: row})
	}
	for k := range 3 {
		a.Resources = append(a.Resources, fmt.Sprintf("RES-%03d", 1+(i*7+k*31)%benchResources))
	}
	for _, j := range []int{i - 1, i / 2} {
		if j >= 0 && j < i {
			a.Upstream = append(a.Upstream, fmt.Sprintf("ACT-%03d", j+1))
		}
	}
	return a
}

// fillBIA adds the synthetic BIA in one transaction.
func fillBIA(tb testing.TB, db *DB) {
	tb.Helper()
	ctx := context.Background()
	s := bcp.DefaultSettings()
	err := db.update(ctx, func(tx *Tx) error {
		for i := range benchResources {
			r := benchResource(i)
			if err := tx.createResource(ctx, &r); err != nil {
				return err
			}
		}
		for i := range benchActivities {
			a := benchActivity(i, &s)
			if m := mustMTPD(&a, &s); a.RTO > m {
				a.RTO = m
			}
			if err := tx.createActivity(ctx, &a); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		tb.Fatalf("fill BIA: %v", err)
	}
}

func mustMTPD(a *bcp.Activity, s *bcp.Settings) bcp.Duration {
	d, ok := a.MTPD(s)
	if !ok {
		return bcp.Duration(bcp.Month)
	}
	return d
}

// BenchmarkBIA300 measures a BIA of 300 activities and 100 resources:
// LoadAndCheck reads it and applies every BIA rule, as riskbook check and
// the readiness screen do; Rules is the check alone; EditCommit is one
// UpdateActivity, which validates against the whole BIA, committed with
// fsync.
func BenchmarkBIA300(b *testing.B) {
	ctx := context.Background()
	db, path := newWorkspace(b, TemplateBlank)
	fillBIA(b, db)
	today := risk.Date{Year: 2026, Month: time.March, Day: 1}
	b.Run("EditCommit", func(b *testing.B) {
		a := activityByRef(b, db, "ACT-150")
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			a.Description = fmt.Sprintf("Edit %d", i)
			if err := db.UpdateActivity(ctx, &a); err != nil {
				b.Fatal(err)
			}
			i++
		}
	})
	closeDB(b, db)
	db = openRO(b, path)
	b.Run("LoadAndCheck", func(b *testing.B) {
		b.ReportAllocs()
		var fs []risk.Finding
		for b.Loop() {
			bia, err := db.BIA(ctx)
			if err != nil {
				b.Fatal(err)
			}
			fs = bcp.Check(bia, today)
		}
		b.StopTimer()
		for _, f := range fs {
			if f.Blocking {
				b.Fatalf("blocking finding in the synthetic BIA: %s", f)
			}
		}
		b.ReportMetric(float64(len(fs)), "findings")
	})
	b.Run("Rules", func(b *testing.B) {
		bia, err := db.BIA(ctx)
		if err != nil {
			b.Fatal(err)
		}
		if len(bia.Activities) != benchActivities || len(bia.Resources) != benchResources {
			b.Fatalf("got %d activities and %d resources", len(bia.Activities), len(bia.Resources))
		}
		b.ReportAllocs()
		for b.Loop() {
			bcp.Check(bia, today)
		}
	})
}
