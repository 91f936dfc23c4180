package sqlite

import (
	"context"
	"encoding/json"
	"fmt"

	"riskbook/risk"
)

// Catalogs returns the control catalogs with their controls, in the order
// they were added.
func (db *DB) Catalogs(ctx context.Context) ([]risk.Catalog, error) {
	v, err := catalogs(ctx, db.read)
	return v, db.readErr(err)
}

func catalogs(ctx context.Context, q queryer) ([]risk.Catalog, error) {
	rows, err := q.QueryContext(ctx, "SELECT id, name, themes FROM catalogs ORDER BY position")
	if err != nil {
		return nil, fmt.Errorf("read catalogs: %w", err)
	}
	defer rows.Close()
	var out []risk.Catalog
	for rows.Next() {
		var c risk.Catalog
		var themes string
		if err := rows.Scan(&c.ID, &c.Name, &themes); err != nil {
			return nil, fmt.Errorf("read catalogs: %w", err)
		}
		if err := json.Unmarshal([]byte(themes), &c.Themes); err != nil {
			return nil, fmt.Errorf("decode themes of catalog %s: %w", c.ID, err)
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	controls, err := controls(ctx, q)
	if err != nil {
		return nil, err
	}
	for i := range out {
		for _, c := range controls {
			if c.catalog == out[i].ID {
				out[i].Controls = append(out[i].Controls, c.Control)
			}
		}
	}
	return out, nil
}

type catalogControl struct {
	risk.Control
	catalog string
}

func controls(ctx context.Context, q queryer) ([]catalogControl, error) {
	rows, err := q.QueryContext(ctx, `SELECT c.id, c.catalog, c.theme, c.title FROM controls c
		JOIN catalogs k ON k.id = c.catalog ORDER BY k.position, c.position`)
	if err != nil {
		return nil, fmt.Errorf("read controls: %w", err)
	}
	defer rows.Close()
	var out []catalogControl
	for rows.Next() {
		var c catalogControl
		if err := rows.Scan(&c.ID, &c.catalog, &c.Theme, &c.Title); err != nil {
			return nil, fmt.Errorf("read controls: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// Controls returns every control of every catalog, in catalog order.
func (db *DB) Controls(ctx context.Context) ([]risk.Control, error) {
	cs, err := controls(ctx, db.read)
	if err != nil {
		return nil, db.readErr(err)
	}
	out := make([]risk.Control, len(cs))
	for i, c := range cs {
		out[i] = c.Control
	}
	return out, nil
}

// AddCatalog adds a control catalog. Control identifiers must be unique
// across catalogs, since risks link to controls by identifier.
func (db *DB) AddCatalog(ctx context.Context, c risk.Catalog) error {
	return db.update(ctx, func(tx *Tx) error { return tx.addCatalog(ctx, c) })
}

func (tx *Tx) addCatalog(ctx context.Context, c risk.Catalog) error {
	if err := tx.insertCatalog(ctx, c); err != nil {
		return err
	}
	return tx.logChange(ctx, "catalog", c.ID, ActionCreate, nil, c)
}

// insertCatalog validates and stores a catalog after the ones already there.
func (tx *Tx) insertCatalog(ctx context.Context, c risk.Catalog) error {
	if err := c.Validate(); err != nil {
		return err
	}
	var pos, clash int
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM catalogs WHERE id = ?", c.ID).Scan(&clash); err != nil {
		return fmt.Errorf("read catalogs: %w", err)
	}
	if clash > 0 {
		return risk.Err(risk.ECONFLICT, risk.T("store.catalog.exists", risk.Args{"Catalog": c.Name}))
	}
	if err := tx.QueryRowContext(ctx, "SELECT coalesce(max(position), 0) + 1 FROM catalogs").Scan(&pos); err != nil {
		return fmt.Errorf("read catalogs: %w", err)
	}
	themes, err := canonicalJSON(c.Themes)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO catalogs (id, name, themes, position) VALUES (?, ?, ?, ?)", c.ID, c.Name, themes, pos); err != nil {
		return fmt.Errorf("save catalog %s: %w", c.ID, err)
	}
	for i, ctl := range c.Controls {
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM controls WHERE id = ?", ctl.ID).Scan(&clash); err != nil {
			return fmt.Errorf("read controls: %w", err)
		}
		if clash > 0 {
			return risk.Err(risk.ECONFLICT, risk.T("store.catalog.control_elsewhere", risk.Args{"Control": ctl.ID, "Catalog": c.Name}))
		}
		if _, err := tx.ExecContext(ctx, "INSERT INTO controls (id, catalog, theme, title, position) VALUES (?, ?, ?, ?, ?)",
			ctl.ID, c.ID, ctl.Theme, ctl.Title, i+1); err != nil {
			return fmt.Errorf("save control %s: %w", ctl.ID, err)
		}
	}
	return nil
}

// SoA returns the Statement of Applicability: one entry for every control of
// every catalog, in catalog order; controls without a decision yet have an
// entry with only Control set.
func (db *DB) SoA(ctx context.Context) ([]risk.SoAEntry, error) {
	v, err := soa(ctx, db.read)
	return v, db.readErr(err)
}

func soa(ctx context.Context, q queryer) ([]risk.SoAEntry, error) {
	rows, err := q.QueryContext(ctx, `SELECT c.id, coalesce(s.applicable, ''), coalesce(s.justification, ''),
		coalesce(s.implementation, ''), coalesce(s.updated, '')
		FROM controls c JOIN catalogs k ON k.id = c.catalog LEFT JOIN soa s ON s.control = c.id
		ORDER BY k.position, c.position`)
	if err != nil {
		return nil, fmt.Errorf("read statement of applicability: %w", err)
	}
	defer rows.Close()
	var out []risk.SoAEntry
	for rows.Next() {
		var e risk.SoAEntry
		var updated string
		if err := rows.Scan(&e.Control, &e.Applicable, &e.Justification, &e.Implementation, &updated); err != nil {
			return nil, fmt.Errorf("read statement of applicability: %w", err)
		}
		if e.Updated, err = parseTime(updated); err != nil {
			return nil, fmt.Errorf("statement of applicability entry %s has a malformed time", e.Control)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// UpdateSoA records the applicability decision for one control; e gets
// the stamp it is stored with.
func (db *DB) UpdateSoA(ctx context.Context, e *risk.SoAEntry) error {
	return db.update(ctx, func(tx *Tx) error { return tx.updateSoA(ctx, e) })
}

func (tx *Tx) updateSoA(ctx context.Context, e *risk.SoAEntry) error {
	e.Normalize()
	if err := e.Validate(); err != nil {
		return err
	}
	var old risk.SoAEntry
	var updated string
	var exists, known int
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM controls WHERE id = ?", e.Control).Scan(&known); err != nil {
		return fmt.Errorf("read controls: %w", err)
	}
	if known == 0 {
		return risk.Err(risk.ENOTFOUND, risk.T("store.control.unknown", risk.Args{"Control": e.Control}))
	}
	err := tx.QueryRowContext(ctx, `SELECT count(*), coalesce(max(applicable), ''), coalesce(max(justification), ''),
		coalesce(max(implementation), ''), coalesce(max(updated), '') FROM soa WHERE control = ?`, e.Control).
		Scan(&exists, &old.Applicable, &old.Justification, &old.Implementation, &updated)
	if err != nil {
		return fmt.Errorf("read statement of applicability: %w", err)
	}
	old.Control = e.Control
	old.Updated, _ = parseTime(updated)
	if old.Applicable == e.Applicable && old.Justification == e.Justification && old.Implementation == e.Implementation {
		*e = old
		return nil
	}
	if exists > 0 {
		if err := tx.unchanged(ctx, "soa", e.Control, &e.Updated, e.Updated, old.Updated, old); err != nil {
			return err
		}
	}
	e.Updated = tx.restamp(old.Updated)
	if _, err := tx.ExecContext(ctx, `INSERT INTO soa (control, applicable, justification, implementation, updated) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (control) DO UPDATE SET applicable = excluded.applicable, justification = excluded.justification,
		implementation = excluded.implementation, updated = excluded.updated`,
		e.Control, e.Applicable, e.Justification, e.Implementation, formatTime(e.Updated)); err != nil {
		return fmt.Errorf("save statement of applicability entry %s: %w", e.Control, err)
	}
	if exists == 0 {
		return tx.logChange(ctx, "soa", e.Control, ActionCreate, nil, e)
	}
	return tx.logChange(ctx, "soa", e.Control, ActionUpdate, old, e)
}
