package sqlite

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"testing"

	"riskbook/risk"
)

// TestEachRiskReadsAhead: a snapshot's EachRisk, which in a workspace file
// reads the next batch while fn takes the current one, gives every risk as
// Risks does, in the same order; it stops where fn or the context stops
// it, and the snapshot answers fn meanwhile and after. The risks of a
// register written out of reference order are read by their IDs, a batch
// at a time; those of one written in order, a range of IDs at a time, and
// a batch with a gap (a deleted risk) by its IDs.
func TestEachRiskReadsAhead(t *testing.T) {
	ctx := context.Background()
	registers := []struct {
		name string
		make func(t *testing.T) (*DB, int)
	}{
		{"out of order", func(t *testing.T) (*DB, int) {
			n := 3*riskBatch + 37
			return workspaceOfRisks(t, n), n
		}},
		{"in order with a gap", func(t *testing.T) (*DB, int) {
			n := 3*riskBatch + 5
			db := workspaceOfRisksIn(t, n, func(k int) int { return k })
			gap, err := db.RiskByRef(ctx, fmt.Sprintf("R-%d", riskBatch+100))
			if err != nil {
				t.Fatal(err)
			}
			if err := db.DeleteRisk(ctx, gap.ID); err != nil {
				t.Fatal(err)
			}
			return db, n - 1
		}},
	}
	for _, reg := range registers {
		t.Run(reg.name, func(t *testing.T) {
			db, n := reg.make(t)
			want, err := db.Risks(ctx)
			if err != nil {
				t.Fatal(err)
			}
			s, err := db.Snapshot(ctx)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()

			var got []risk.Risk
			err = s.EachRisk(ctx, func(r *risk.Risk) error {
				if len(got)%200 == 0 { // the snapshot answers fn while the next batch is read
					if c, err := s.RiskCount(ctx); err != nil || c != n {
						return fmt.Errorf("count during the read: %d, %v", c, err)
					}
				}
				got = append(got, *r)
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != n || !reflect.DeepEqual(got, want) {
				t.Fatalf("EachRisk gave %d risks, Risks %d; equal: %v", len(got), len(want), reflect.DeepEqual(got, want))
			}
			assertStops(t, s, n, riskBatch+10, func(ctx context.Context, fn func() error) error {
				return s.EachRisk(ctx, func(*risk.Risk) error { return fn() })
			})
		})
	}
}

// TestEachChangeReadsAhead: the same for the change log, whole and between
// two rows.
func TestEachChangeReadsAhead(t *testing.T) {
	ctx := context.Background()
	db := workspaceOfRisks(t, 2*changeBatch+11)
	var want []Change
	if err := eachChange(ctx, db.read, 0, func(c *Change) error { want = append(want, *c); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(want) < 2*changeBatch+11 {
		t.Fatalf("only %d change-log rows", len(want))
	}
	s, err := db.Snapshot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, from := range []int{0, 1, changeBatch, len(want) - 1, len(want)} {
		var got []Change
		if err := s.EachChange(ctx, from, func(c *Change) error { got = append(got, *c); return nil }); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want[from:]) && len(got)+len(want[from:]) > 0 {
			t.Errorf("EachChange from %d gave %d rows, want %d; equal: %v", from, len(got), len(want[from:]), reflect.DeepEqual(got, want[from:]))
		}
	}
	lo, hi := want[3].ID, want[2*changeBatch+5].ID
	var got []Change
	if err := s.ChangesBetween(ctx, lo, hi, func(c *Change) error { got = append(got, *c); return nil }); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want[4:2*changeBatch+6]) {
		t.Errorf("ChangesBetween(%d, %d) gave %d rows, want %d", lo, hi, len(got), 2*changeBatch+2)
	}
	assertStops(t, s, len(want), changeBatch+10, func(ctx context.Context, fn func() error) error {
		return s.EachChange(ctx, 0, func(*Change) error { return fn() })
	})
}

// assertStops checks that each, a read of total items through s, stops
// when its fn fails at the at-th item, leaving s answering, and when its
// context is cancelled (a server may drop the connection then: s is not
// asked anything after).
func assertStops(t *testing.T, s *Snapshot, total, at int, each func(ctx context.Context, fn func() error) error) {
	t.Helper()
	ctx := context.Background()
	stop := errors.New("enough")
	seen := 0
	err := each(ctx, func() error {
		if seen++; seen == at {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || seen != at {
		t.Errorf("stopped by fn: err %v after %d items, want %d", err, seen, at)
	}
	if _, err := s.RiskCount(ctx); err != nil {
		t.Errorf("after a read stopped by fn: %v", err)
	}
	cctx, cancel := context.WithCancel(ctx)
	seen = 0
	err = each(cctx, func() error {
		if seen++; seen == 5 {
			cancel()
		}
		return nil
	})
	if !errors.Is(err, context.Canceled) || seen >= total {
		t.Errorf("cancelled: err %v after %d of %d items", err, seen, total)
	}
}

// TestRiskRows: the register's rows are the rows of the risks Risks
// returns, in the same order, read a batch at a time (more than one
// batch here, out of creation order, with actions and control links).
func TestRiskRows(t *testing.T) {
	ctx := context.Background()
	n := 2*riskBatch + 5
	db := workspaceOfRisks(t, n)
	rs, err := db.Risks(ctx)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := db.RiskRows(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != n || len(rs) != n {
		t.Fatalf("got %d rows of %d risks, want %d", len(rows), len(rs), n)
	}
	actions := 0
	for i := range rs {
		actions += len(rs[i].Actions)
		if want := risk.RowOf(&rs[i]); !reflect.DeepEqual(rows[i], want) {
			t.Fatalf("row %d: got %+v, want %+v", i, rows[i], want)
		}
	}
	if actions == 0 {
		t.Fatal("test data: no risk has an action")
	}
}

// workspaceOfRisks is a new workspace holding n risks, made out of
// reference order.
func workspaceOfRisks(t *testing.T, n int) *DB {
	t.Helper()
	return workspaceOfRisksIn(t, n, func(k int) int { return (k * 389) % n }) // every index once, out of order
}

// workspaceOfRisksIn is workspaceOfRisks writing the risks in the order
// of their index at(k), the k-th written.
func workspaceOfRisksIn(t *testing.T, n int, at func(k int) int) *DB {
	t.Helper()
	ctx := context.Background()
	db, _ := newWorkspace(t, TemplateBlank)
	controls, err := db.Controls(ctx)
	if err != nil {
		t.Fatal(err)
	}
	err = db.update(ctx, func(tx *Tx) error {
		for k := range n {
			i := at(k)
			r := benchRisk(i, controls)
			r.Ref = fmt.Sprintf("R-%d", i+1)
			if err := tx.createRisk(ctx, &r); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return db
}
