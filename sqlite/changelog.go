package sqlite

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"riskbook/risk"
	"strconv"
	"time"
)

// Change is one row of the change log: who changed what, when, and the
// entity before and after (canonical JSON, empty for a creation or deletion).
type Change struct {
	ID       int64     `json:"id"`
	At       time.Time `json:"at"`
	Actor    string    `json:"actor"`
	Entity   string    `json:"entity"` // risk, criteria, soa, catalog, setting, workspace, bia-settings, activity, resource, playbook, …; import records one spreadsheet import (key: the file name)
	Key      string    `json:"key"`    // the entity's reference: R-001, A.5.1, ACT-01, PB-01, a setting name
	Action   string    `json:"action"` // create, update, delete
	Before   string    `json:"-"`
	After    string    `json:"-"`
	PrevHash string    `json:"prev_hash"`
	Hash     string    `json:"hash"`
}

// Change-log actions.
const (
	ActionCreate = "create"
	ActionUpdate = "update"
	ActionDelete = "delete"
)

// computeHash chains a row to its predecessor: SHA-256 over the previous
// hash and every field, each prefixed with its length so that no two
// different rows encode alike.
func (c *Change) computeHash() string {
	h := sha256.New()
	for _, f := range []string{c.PrevHash, strconv.FormatInt(c.ID, 10), formatTime(c.At), c.Actor,
		c.Entity, c.Key, c.Action, c.Before, c.After} {
		fmt.Fprintf(h, "%d:%s;", len(f), f)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// logChange appends a change-log row for an entity going from before to
// after; either may be nil. A change that changes nothing is not logged.
func (tx *Tx) logChange(ctx context.Context, entity, key, action string, before, after any) error {
	b, err := canonicalJSON(before)
	if err != nil {
		return fmt.Errorf("encode %s %s: %w", entity, key, err)
	}
	a, err := canonicalJSON(after)
	if err != nil {
		return fmt.Errorf("encode %s %s: %w", entity, key, err)
	}
	if action == ActionUpdate && a == b {
		return nil
	}
	return tx.logEncoded(ctx, entity, key, action, b, a)
}

// logEncoded appends a change whose before and after images are already
// canonical JSON (canonicalJSON; "" for none).
func (tx *Tx) logEncoded(ctx context.Context, entity, key, action, b, a string) error {
	var err error
	if tx.actor == "" {
		// Read inside the transaction, so that a user name set by the same
		// transaction (a new workspace, a load) already counts.
		if tx.actor, err = tx.db.actor(ctx, tx); err != nil {
			return err
		}
	}
	if tx.head == nil {
		// The last row's hash and the next ID, read once per transaction:
		// the transaction is the only writer until it ends, and every row
		// it appends goes through here.
		head, err := changeHead(ctx, tx)
		if err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, "SELECT coalesce(max(id), 0) + 1 FROM changelog").Scan(&tx.nextID); err != nil {
			return fmt.Errorf("read change log: %w", err)
		}
		tx.head = &head
	}
	c := Change{ID: tx.nextID, At: tx.now, Actor: tx.actor, Entity: entity, Key: key, Action: action,
		Before: b, After: a, PrevHash: *tx.head}
	c.Hash = c.computeHash()
	if err := insertChange(ctx, tx, &c); err != nil {
		return err
	}
	tx.head = &c.Hash
	tx.nextID++
	return nil
}

func insertChange(ctx context.Context, tx *Tx, c *Change) error {
	_, err := tx.exec(ctx, `INSERT INTO changelog (id, at, actor, entity, key, action, before, after, prev_hash, hash)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		c.ID, formatTime(c.At), c.Actor, c.Entity, c.Key, c.Action, c.Before, c.After, c.PrevHash, c.Hash)
	if err != nil {
		return fmt.Errorf("append to change log: %w", err)
	}
	return nil
}

// ChangeHead is the hash of the change log's last row, "" when the log is
// empty: two workspaces with the same head hold the same records, every
// change of a record being logged and each row's hash covering all those
// before it.
func (db *DB) ChangeHead(ctx context.Context) (string, error) {
	head, err := changeHead(ctx, db.read)
	return head, db.readErr(err)
}

func changeHead(ctx context.Context, q queryer) (string, error) {
	var head string
	err := q.QueryRowContext(ctx, "SELECT hash FROM changelog ORDER BY id DESC LIMIT 1").Scan(&head)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("read change log: %w", err)
	}
	return head, nil
}

// ChangeFilter narrows a change-log query. The zero filter returns all rows.
type ChangeFilter struct {
	ID     int64 // the one row with this ID
	Entity string
	Key    string
	Limit  int // newest first when set
}

// Changes returns change-log rows, oldest first (newest first when a limit
// is given).
func (db *DB) Changes(ctx context.Context, f ChangeFilter) ([]Change, error) {
	v, err := changes(ctx, db.read, f)
	return v, db.readErr(err)
}

func changes(ctx context.Context, qr queryer, f ChangeFilter) ([]Change, error) {
	q := "SELECT id, at, actor, entity, key, action, before, after, prev_hash, hash FROM changelog WHERE 1=1"
	var args []any
	if f.ID != 0 {
		q += " AND id = ?"
		args = append(args, f.ID)
	}
	if f.Entity != "" {
		q += " AND entity = ?"
		args = append(args, f.Entity)
	}
	if f.Key != "" {
		q += " AND key = ?"
		args = append(args, f.Key)
	}
	if f.Limit > 0 {
		q += " ORDER BY id DESC LIMIT ?"
		args = append(args, f.Limit)
	} else {
		q += " ORDER BY id"
	}
	var out []Change
	err := scanChanges(ctx, qr, q, args, func(c *Change) error {
		out = append(out, *c)
		return nil
	})
	return out, err
}

// eachChange calls fn with every change-log row from the offset-th on
// (counting from 0), oldest first, one row in memory at a time.
func eachChange(ctx context.Context, qr queryer, offset int, fn func(*Change) error) error {
	return scanChanges(ctx, qr, eachChangeSQL, []any{offset}, fn)
}

const eachChangeSQL = "SELECT id, at, actor, entity, key, action, before, after, prev_hash, hash FROM changelog ORDER BY id LIMIT -1 OFFSET ?"

func scanChanges(ctx context.Context, qr queryer, q string, args []any, fn func(*Change) error) error {
	rows, err := qr.QueryContext(ctx, q, args...)
	if err != nil {
		return fmt.Errorf("read change log: %w", err)
	}
	defer rows.Close()
	var c Change
	var at string
	for rows.Next() {
		if err := rows.Scan(&c.ID, &at, &c.Actor, &c.Entity, &c.Key, &c.Action, &c.Before, &c.After, &c.PrevHash, &c.Hash); err != nil {
			return fmt.Errorf("read change log: %w", err)
		}
		if c.At, err = parseTime(at); err != nil {
			return fmt.Errorf("change-log row %d has a malformed time %q", c.ID, at)
		}
		if err := fn(&c); err != nil {
			return err
		}
		// A server's driver hands out rows it has already received
		// without looking at the context: a cancel is seen here.
		if err := ctx.Err(); err != nil {
			return err
		}
	}
	return rows.Err()
}

// Verification is the result of Verify.
type Verification struct {
	Integrity string // "ok", or what SQLite's integrity check found
	Changes   int    // change-log rows checked
	// Broken is the first change-log row whose hash or link does not match,
	// nil when the chain is intact.
	Broken *Change
	// Reason says what is wrong with Broken.
	Reason string
	// Salvaged are the ranges of rows lost to damage that a salvage
	// recorded: the chain breaks there, marked, and holds everywhere else.
	Salvaged []Gap
	// Drift lists entities whose stored state differs from what the change
	// log says: content edited outside Riskbook.
	Drift []Drift
}

// OK reports whether the file, the change log and the content are intact.
func (v *Verification) OK() bool { return v.Integrity == "ok" && v.Broken == nil && len(v.Drift) == 0 }

// Verify runs SQLite's integrity check and walks the change-log hash chain.
func (db *DB) Verify(ctx context.Context) (*Verification, error) {
	v := &Verification{}
	var err error
	if v.Integrity, err = db.integrity(ctx); err != nil {
		return nil, explain(risk.OpRead, db.path, err)
	}
	tx, err := db.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, fmt.Errorf("begin read: %w", err)
	}
	defer tx.Rollback()
	changes, err := changes(ctx, tx, ChangeFilter{})
	if err != nil {
		return nil, err
	}
	v.Changes = len(changes)
	v.Broken, v.Reason, v.Salvaged = verifyChain(changes)
	if v.Integrity == "ok" {
		if v.Drift, err = drift(ctx, tx); err != nil {
			return nil, err
		}
	}
	return v, nil
}

// integrity runs SQLite's integrity check: "ok", or what it found.
func (db *DB) integrity(ctx context.Context) (string, error) {
	if db.server != nil {
		// The server keeps its own storage whole; what Riskbook can check
		// is that every table of the workspace reads.
		return "ok", nil
	}
	rows, err := db.read.QueryContext(ctx, "PRAGMA integrity_check")
	if err != nil {
		return "", fmt.Errorf("integrity check: %w", err)
	}
	defer rows.Close()
	var msgs []string
	for rows.Next() {
		var m string
		if err := rows.Scan(&m); err != nil {
			return "", fmt.Errorf("integrity check: %w", err)
		}
		msgs = append(msgs, m)
	}
	if err := rows.Err(); err != nil {
		return "", fmt.Errorf("integrity check: %w", err)
	}
	if len(msgs) == 1 {
		return msgs[0], nil
	}
	return fmt.Sprint(msgs), nil
}

// verifyChain returns the first row that breaks the chain and why, and
// the breaks a salvage marked, which it passes over.
func verifyChain(changes []Change) (*Change, string, []Gap) {
	marked := markedGaps(changes)
	var passed []Gap
	prev, prevID := "", int64(0)
	for i := range changes {
		c := &changes[i]
		if c.PrevHash != prev {
			gap := Gap{From: prevID + 1, To: c.ID - 1}
			if c.ID <= prevID+1 || !marked[gap] {
				return c, "it does not follow the row before it: a row was removed, inserted or reordered", passed
			}
			passed = append(passed, gap)
		}
		if c.computeHash() != c.Hash {
			return c, "its content no longer matches its hash: the row was edited", passed
		}
		prev, prevID = c.Hash, c.ID
	}
	return nil, "", passed
}

// changeJSON is the dump form of a change: before and after as JSON values.
type changeJSON struct {
	Change
	Before json.RawMessage `json:"before"`
	After  json.RawMessage `json:"after"`
}

func rawOrNull(s string) json.RawMessage {
	if s == "" {
		return json.RawMessage("null")
	}
	return json.RawMessage(s)
}
