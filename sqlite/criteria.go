package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"riskbook/risk"
)

// Criteria returns the workspace's risk criteria.
func (db *DB) Criteria(ctx context.Context) (risk.Criteria, error) {
	v, err := criteria(ctx, db.read)
	return v, db.readErr(err)
}

func criteria(ctx context.Context, q queryer) (risk.Criteria, error) {
	var body string
	var version int
	err := q.QueryRowContext(ctx, "SELECT version, body FROM criteria WHERE id = 1").Scan(&version, &body)
	if errors.Is(err, sql.ErrNoRows) {
		return risk.Criteria{}, risk.Err(risk.ENOTFOUND, risk.T("store.criteria.missing"))
	}
	if err != nil {
		return risk.Criteria{}, fmt.Errorf("read criteria: %w", err)
	}
	var c risk.Criteria
	if err := json.Unmarshal([]byte(body), &c); err != nil {
		return risk.Criteria{}, fmt.Errorf("decode criteria: %w", err)
	}
	c.Version = version
	return c, nil
}

// SetCriteria replaces the risk criteria after validating them, increments
// their version and records the change. Callers should first tell the user
// how many risks change level (risk.Criteria.Changed).
func (db *DB) SetCriteria(ctx context.Context, c risk.Criteria) error {
	return db.update(ctx, func(tx *Tx) error { return tx.setCriteria(ctx, c) })
}

func (tx *Tx) setCriteria(ctx context.Context, c risk.Criteria) error {
	if err := c.Validate(); err != nil {
		return err
	}
	rs, err := risks(ctx, tx, "", nil)
	if err != nil {
		return err
	}
	if err := c.ValidateFor(rs); err != nil {
		return err
	}
	old, err := criteria(ctx, tx)
	action := ActionUpdate
	var before any = old
	switch {
	case risk.ErrorCode(err) == risk.ENOTFOUND:
		action, before = ActionCreate, nil
	case err != nil:
		return err
	}
	if action == ActionUpdate {
		c.Version = old.Version
		if same, err := equalJSON(old, c); err != nil || same {
			return err
		}
	}
	c.Version = old.Version + 1
	body, err := canonicalJSON(c)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO criteria (id, version, body) VALUES (1, ?, ?)
		ON CONFLICT (id) DO UPDATE SET version = excluded.version, body = excluded.body`,
		c.Version, body); err != nil {
		return fmt.Errorf("save criteria: %w", err)
	}
	return tx.logChange(ctx, "criteria", "criteria", action, before, c)
}
