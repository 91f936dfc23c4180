package sqlite

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"riskbook/risk"
)

// Tx is one write transaction: every store method that changes the
// workspace runs inside one, so an edit and its change-log row are committed
// together or not at all.
type Tx struct {
	*sql.Tx
	db    *DB
	now   time.Time
	actor string  // who the change log names, read at the first change
	head  *string // hash of the last change-log row, once read
	// nextID is the ID the next change-log row takes, read with head.
	nextID int64
	// crit caches the criteria for a bulk write that does not change them
	// (an import); nil reads them for every risk validated.
	crit *risk.Criteria
	// skipped, in a salvage, collects the entities that could not be
	// restored instead of ending the restore; nil everywhere else.
	skipped *[]Unrestored
	// stmts are the statements exec and queryRow prepared, by their SQL.
	stmts map[string]*sql.Stmt
}

// maxStmts bounds how many statements a transaction keeps prepared.
const maxStmts = 32

// stmt returns query prepared in the transaction, preparing it the first
// time: SQLite spends longer parsing a statement than running a small one,
// and an import runs the same few statements for every row. Only
// statements whose results are read at once (exec, queryRow) go through
// here: a prepared statement run again would reset an open cursor.
func (tx *Tx) stmt(ctx context.Context, query string) (*sql.Stmt, error) {
	if st, ok := tx.stmts[query]; ok {
		return st, nil
	}
	st, err := tx.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	if tx.stmts == nil || len(tx.stmts) >= maxStmts {
		for _, old := range tx.stmts {
			old.Close()
		}
		tx.stmts = map[string]*sql.Stmt{}
	}
	tx.stmts[query] = st
	return st, nil
}

// exec runs a statement that returns no rows, prepared once per
// transaction.
func (tx *Tx) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	st, err := tx.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	return st.ExecContext(ctx, args...)
}

// queryRow runs a query for one row, prepared once per transaction; the
// row is read by its Scan.
func (tx *Tx) queryRow(ctx context.Context, query string, args ...any) rowScanner {
	st, err := tx.stmt(ctx, query)
	if err != nil {
		return errRow{err}
	}
	return st.QueryRowContext(ctx, args...)
}

// errRow is a row whose query could not be prepared.
type errRow struct{ err error }

func (r errRow) Scan(...any) error { return r.err }

// Unrestored is an entity a salvage found but could not put in the new
// workspace, with why.
type Unrestored struct {
	Kind, Ref, Why string
}

// entity restores one entity with fn. In a salvage, an entity that cannot
// be restored is rolled back, recorded and left out; anywhere else its
// error ends the restore.
func (tx *Tx) entity(ctx context.Context, kind, ref string, fn func() error) error {
	if tx.skipped == nil {
		return fn()
	}
	if _, err := tx.ExecContext(ctx, "SAVEPOINT entity"); err != nil {
		return err
	}
	if err := fn(); err != nil {
		if _, rerr := tx.ExecContext(ctx, "ROLLBACK TO entity"); rerr != nil {
			return rerr
		}
		*tx.skipped = append(*tx.skipped, Unrestored{Kind: kind, Ref: ref, Why: risk.ErrorMessage(err)})
	}
	_, err := tx.ExecContext(ctx, "RELEASE entity")
	return err
}

// update runs fn in a write transaction and commits it when fn returns nil.
func (db *DB) update(ctx context.Context, fn func(*Tx) error) error {
	if db.write == nil {
		return (&risk.FileError{Fault: risk.FaultReadOnly, Op: risk.OpSave, Path: db.path, Detail: db.readOnly}).Person()
	}
	// SQLite would go on writing to a file that was moved or deleted, and
	// the change would be lost with it.
	if db.opened != nil && !sameFileInfo(db.path, db.opened) {
		return risk.FileErr(risk.FaultMoved, risk.OpSave, db.path, nil)
	}
	sqlTx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return explain(risk.OpSave, db.path, fmt.Errorf("begin: %w", err))
	}
	defer sqlTx.Rollback()
	if db.server != nil {
		// Writers on a server take turns, as SQLite's single writer does.
		if _, err := sqlTx.ExecContext(ctx, "SELECT pg_advisory_xact_lock(?)", writerLock); err != nil {
			return db.serverErr(err)
		}
	}
	tx := &Tx{Tx: sqlTx, db: db, now: db.Now().UTC().Truncate(time.Second)}
	if err := fn(tx); err != nil {
		if db.server != nil {
			err = db.server.refusal(db.path, err)
		}
		return explain(risk.OpSave, db.path, err)
	}
	if err := sqlTx.Commit(); err != nil {
		return explain(risk.OpSave, db.path, fmt.Errorf("commit: %w", err))
	}
	return nil
}

// queryer is what read helpers need: a transaction or a connection pool.
type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// canonicalJSON encodes v compactly with object keys sorted and no HTML
// escaping. Encoding its own output again gives the same bytes, which keeps
// change-log hashes valid through dump and load. A nil v encodes as "".
func canonicalJSON(v any) (string, error) {
	if v == nil {
		return "", nil
	}
	out, err := appendCanonical(nil, v, "", 0)
	return string(out), err
}

// appendCanonical appends the canonical JSON of v laid out depth levels
// deep with indent (compact without one): a risk, most of what a workspace
// encodes, through appendRisk; anything else encoded and made canonical.
func appendCanonical(dst []byte, v any, indent string, depth int) ([]byte, error) {
	switch r := v.(type) {
	case *risk.Risk:
		if r != nil {
			return appendRisk(dst, r, indent, depth)
		}
	case risk.Risk:
		return appendRisk(dst, &r, indent, depth)
	}
	raw, err := marshal(v, "")
	if err != nil {
		return dst, err
	}
	return canonical(dst, raw, indent, depth)
}

// marshal encodes v without HTML escaping, indenting when indent is set.
func marshal(v any, indent string) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if indent != "" {
		enc.SetIndent("", indent)
	}
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(buf.Bytes(), "\n"), nil
}
