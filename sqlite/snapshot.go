package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"riskbook/risk"
)

// Snapshot is one consistent read of the workspace, even while the app
// writes to it: a read transaction in which the parts that grow with the
// years — the risks and the change log — are read a batch at a time, so
// that a dump or an export of any size holds only a batch in memory. Close
// it when done.
type Snapshot struct {
	db *DB
	tx *sql.Tx
}

// Snapshot starts a consistent read of the workspace.
func (db *DB) Snapshot(ctx context.Context) (*Snapshot, error) {
	tx, err := db.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, db.readErr(fmt.Errorf("begin read: %w", err))
	}
	return &Snapshot{db: db, tx: tx}, nil
}

// Close ends the read.
func (s *Snapshot) Close() error {
	err := s.tx.Rollback()
	if err == sql.ErrTxDone {
		return nil
	}
	return err
}

// WriteDump writes the workspace as riskbook dump does, the same bytes as
// Dump.WriteJSON, reading it a batch at a time: what the documents' digest
// is the SHA-256 of.
func (db *DB) WriteDump(ctx context.Context, w io.Writer) error {
	s, err := db.Snapshot(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	return s.WriteDump(ctx, w)
}

// WriteDump writes the snapshot as riskbook dump does. Progress, in
// records (risks and change-log rows), goes to the context's progress
// function; cancelling the context stops the dump.
func (s *Snapshot) WriteDump(ctx context.Context, w io.Writer) error {
	return s.WriteDumpSeeing(ctx, w, nil)
}

// WriteDumpSeeing writes the snapshot as WriteDump does and hands each
// risk, in reference order, to see as it is written (when see is not
// nil): a caller that needs the register and the dump, such as an export
// and its digest, reads the register once. An error from see stops the
// dump and is returned. see must not keep r.
func (s *Snapshot) WriteDumpSeeing(ctx context.Context, w io.Writer, see func(r *risk.Risk) error) error {
	d, err := s.Parts(ctx)
	if err != nil {
		return err
	}
	progress := risk.Progress{Step: "Writing the dump"}
	report := risk.ProgressOf(ctx)
	if report != nil {
		risks, err := s.RiskCount(ctx)
		if err != nil {
			return err
		}
		sum, err := s.ChangeSummary(ctx)
		if err != nil {
			return err
		}
		progress.Total = risks + sum.Rows
		report(progress)
	}
	record := func() error {
		if report != nil {
			progress.Done++
			report(progress)
		}
		return ctx.Err()
	}
	members := append(dumpMembers(d),
		dumpMember{"risks", func(e *dumpWriter) error {
			e.begin()
			err := s.EachRisk(ctx, func(r *risk.Risk) error {
				if err := record(); err != nil {
					return err
				}
				if err := e.element(r); err != nil {
					return err
				}
				if see != nil {
					return see(r)
				}
				return nil
			})
			if err != nil {
				return err
			}
			return e.end()
		}},
		dumpMember{"changelog", func(e *dumpWriter) error {
			e.begin()
			err := s.EachChange(ctx, 0, func(c *Change) error {
				if err := record(); err != nil {
					return err
				}
				return e.elementWith(func(dst []byte) ([]byte, error) { return appendChange(dst, c) })
			})
			if err != nil {
				return err
			}
			return e.end()
		}},
		dumpMember{"assessments", func(e *dumpWriter) error {
			e.begin()
			err := eachAssessmentDump(ctx, s.tx, func(a *AssessmentDump) error {
				return e.elementWith(func(dst []byte) ([]byte, error) { return appendAssessment(dst, a) })
			})
			if err != nil {
				return err
			}
			return e.end()
		}})
	return s.db.readErr(writeDump(w, members))
}

// Parts reads everything of the workspace but its risks and change log:
// the settings, criteria, catalogs, SoA, BIA, playbooks, exercises,
// activations and contacts, as a Dump without Risks and ChangeLog.
func (s *Snapshot) Parts(ctx context.Context) (*Dump, error) {
	d, err := readDumpParts(ctx, s.tx)
	return d, s.db.readErr(err)
}

// riskBatch is how many risks are read at a time: enough to keep the
// queries few, few enough to hold a batch in a megabyte or two.
const riskBatch = 512

// EachRisk calls fn with every risk, with its actions and links, in
// natural reference order, as Risks returns them. In a workspace file the
// next batch of risks is read while fn takes the current one (a second
// core reads the file while the first writes the document); fn must not
// keep r.
func (s *Snapshot) EachRisk(ctx context.Context, fn func(*risk.Risk) error) error {
	return s.db.readErr(eachRiskAhead(ctx, s.tx, s.readsAhead(), fn))
}

// readsAhead says whether the snapshot's reads may run on a goroutine of
// their own while the caller takes what was read (readAhead): in a
// workspace file, where SQLite lets one connection step several queries
// in turn. A server's connection answers one query at a time, and fn may
// ask the snapshot for something meanwhile.
func (s *Snapshot) readsAhead() bool { return s.db.server == nil }

// scanChanges is scanChanges reading ahead of fn where the snapshot can.
func (s *Snapshot) scanChanges(ctx context.Context, q string, args []any, fn func(*Change) error) error {
	if s.readsAhead() {
		return s.db.readErr(scanChangesAhead(ctx, s.tx, q, args, fn))
	}
	return s.db.readErr(scanChanges(ctx, s.tx, q, args, fn))
}

func eachRisk(ctx context.Context, q queryer, fn func(*risk.Risk) error) error {
	return eachRiskAhead(ctx, q, false, fn)
}

// eachRiskAhead is eachRisk reading, when ahead is set, the next batch on
// a goroutine of its own while fn takes the current one (readAhead).
func eachRiskAhead(ctx context.Context, q queryer, ahead bool, fn func(*risk.Risk) error) error {
	type key struct {
		id  int64
		ref string
	}
	var keys []key
	rows, err := q.QueryContext(ctx, "SELECT id, ref FROM risks")
	if err != nil {
		return fmt.Errorf("read risks: %w", err)
	}
	for rows.Next() {
		var k key
		if err := rows.Scan(&k.id, &k.ref); err != nil {
			rows.Close()
			return fmt.Errorf("read risks: %w", err)
		}
		keys = append(keys, k)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read risks: %w", err)
	}
	slices.SortFunc(keys, func(a, b key) int { return risk.CompareRefs(a.ref, b.ref) })
	var ids strings.Builder
	load := func(from int) ([]risk.Risk, error) {
		batch := keys[from:min(from+riskBatch, len(keys))]
		ids.Reset()
		lo, hi := batch[0].id, batch[0].id
		for _, k := range batch {
			lo, hi = min(lo, k.id), max(hi, k.id)
		}
		if hi-lo+1 == int64(len(batch)) {
			// The batch is every risk from lo to hi, as in a register
			// numbered in the order it was written: two numbers for the
			// database to read rather than hundreds in each query.
			fmt.Fprintf(&ids, "id BETWEEN %d AND %d", lo, hi)
			return loadRisks(ctx, q, ids.String(), nil, len(batch))
		}
		ids.WriteString("id IN (")
		for i, k := range batch {
			if i > 0 {
				ids.WriteByte(',')
			}
			ids.WriteString(strconv.FormatInt(k.id, 10)) // numbers only: nothing to escape
		}
		ids.WriteByte(')')
		return loadRisks(ctx, q, ids.String(), nil, len(batch))
	}
	each := func(rs []risk.Risk) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		for i := range rs {
			if err := fn(&rs[i]); err != nil {
				return err
			}
		}
		return nil
	}
	if !ahead || len(keys) <= riskBatch {
		for from := 0; from < len(keys); from += riskBatch {
			rs, err := load(from)
			if err != nil {
				return err
			}
			if err := each(rs); err != nil {
				return err
			}
		}
		return nil
	}
	return readAhead(func(send func([]risk.Risk) bool) error {
		for from := 0; from < len(keys); from += riskBatch {
			rs, err := load(from)
			if err != nil {
				return err
			}
			if !send(rs) {
				return errStopped
			}
		}
		return nil
	}, each)
}

// RiskCount is how many risks the workspace holds.
func (s *Snapshot) RiskCount(ctx context.Context) (int, error) {
	var n int
	err := s.tx.QueryRowContext(ctx, "SELECT count(*) FROM risks").Scan(&n)
	return n, s.db.readErr(err)
}

// EachChange calls fn with every change-log row from the offset-th on
// (counting from 0), oldest first. The row fn gets is reused for the next.
func (s *Snapshot) EachChange(ctx context.Context, offset int, fn func(*Change) error) error {
	return s.scanChanges(ctx, eachChangeSQL, []any{offset}, fn)
}

// ChangesBetween calls fn with the change-log rows whose ID is above from
// and at most to, oldest first. The row fn gets is reused for the next.
func (s *Snapshot) ChangesBetween(ctx context.Context, from, to int64, fn func(*Change) error) error {
	return s.scanChanges(ctx, "SELECT id, at, actor, entity, key, action, before, after, prev_hash, hash FROM changelog WHERE id > ? AND id <= ? ORDER BY id",
		[]any{from, to}, fn)
}

// ChangeSummary is what a document says of the change log as a whole.
type ChangeSummary struct {
	Rows        int
	Actors      int // distinct names
	First, Last time.Time
}

// ChangeSummary counts the change log's rows and the people who made
// them, and finds its first and last times.
func (s *Snapshot) ChangeSummary(ctx context.Context) (ChangeSummary, error) {
	return s.ChangeSummaryThrough(ctx, math.MaxInt64)
}

// ChangeSummaryThrough is ChangeSummary of the rows up to the one whose ID
// is through: the change log as it was then.
func (s *Snapshot) ChangeSummaryThrough(ctx context.Context, through int64) (ChangeSummary, error) {
	var sum ChangeSummary
	var first, last sql.NullString
	err := s.tx.QueryRowContext(ctx, `SELECT count(*), count(DISTINCT actor),
		(SELECT at FROM changelog WHERE id <= ?1 ORDER BY id LIMIT 1), (SELECT at FROM changelog WHERE id <= ?1 ORDER BY id DESC LIMIT 1)
		FROM changelog WHERE id <= ?1`, through).
		Scan(&sum.Rows, &sum.Actors, &first, &last)
	if err != nil {
		return sum, s.db.readErr(fmt.Errorf("read change log: %w", err))
	}
	for _, t := range []struct {
		dst *time.Time
		src sql.NullString
	}{{&sum.First, first}, {&sum.Last, last}} {
		if t.src.Valid {
			if *t.dst, err = parseTime(t.src.String); err != nil {
				return sum, fmt.Errorf("change log: malformed time %q", t.src.String)
			}
		}
	}
	return sum, nil
}
