package workspace

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"riskbook/export"
	"riskbook/sqlite/pgtest"
)

// BenchmarkServerWorkspace sets the register of 10,000 risks on a
// PostgreSQL server (the test server of package pgtest, on this machine)
// beside the same workspace in a file, and times on each what a person
// waits for: opening it for writing, listing the register as the Risks
// screen reads it, one edit committed, and the full XLSX and PDF.
//
// The test server runs without fsync (pgtest); set RISKBOOK_BENCH_SERVER
// to the connection string of an empty database on a real server to
// measure there instead.
//
//	RISKBOOK_POSTGRES=required go test ./workspace -run XXX -bench ServerWorkspace -benchtime 10x
func BenchmarkServerWorkspace(b *testing.B) {
	ctx := context.Background()
	b.Setenv("SOURCE_DATE_EPOCH", "1700000000")
	file := filepath.Join(b.TempDir(), "register.riskbook")
	copyFile(b, benchWorkspace(b, 10_000), file)
	server := os.Getenv("RISKBOOK_BENCH_SERVER")
	if server == "" {
		server = pgtest.EmptyURL(b)
	}
	if _, err := Push(ctx, file, server); err != nil {
		b.Fatal(err)
	}
	for _, ws := range []struct{ name, target string }{{"File", file}, {"Server", server}} {
		b.Run(ws.name+"/Open", func(b *testing.B) {
			for b.Loop() {
				w, err := Open(ctx, ws.target)
				if err != nil {
					b.Fatal(err)
				}
				w.Close()
			}
		})
		w, err := Open(ctx, ws.target)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(ws.name+"/List", func(b *testing.B) {
			for b.Loop() {
				reg, err := w.Register(ctx)
				if err != nil || len(reg.Risks) != 10_000 {
					b.Fatalf("%v, %d risks", err, len(reg.Risks))
				}
			}
		})
		b.Run(ws.name+"/Edit", func(b *testing.B) {
			r, err := w.RiskByRef(ctx, "R-5000")
			if err != nil {
				b.Fatal(err)
			}
			i := 0
			for b.Loop() {
				i++
				r.Title = fmt.Sprintf("Edited %d times", i)
				if err := w.UpdateRisk(ctx, &r); err != nil {
					b.Fatal(err)
				}
			}
		})
		for _, format := range []string{"XLSX", "PDF"} {
			b.Run(ws.name+"/Export"+format, func(b *testing.B) {
				out := filepath.Join(b.TempDir(), "out."+format)
				req := export.Request{Level: export.Full, XLSX: out}
				if format == "PDF" {
					req = export.Request{Level: export.Full, PDF: out}
				}
				for b.Loop() {
					if _, err := w.Export(ctx, req); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
		w.Close()
	}
}
