package sqlite

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"

	"riskbook/bcp"
	"riskbook/risk"
)

// riskColumns are the risks table's columns in the order riskValues and
// scanRisk use.
var riskColumns = []string{"ref", "title", "description", "category", "cause", "vulnerability", "consequence", "owner",
	"inherent_l", "inherent_c", "residual_l", "residual_c", "target_l", "target_c", "justification",
	"treatment", "control_effectiveness", "acceptance_approver", "acceptance_date", "acceptance_expiry",
	"acceptance_rationale", "review_frequency", "last_review", "next_review", "status", "source", "confidence",
	"created", "updated", "identified"}

func riskValues(r *risk.Risk) []any {
	return []any{r.Ref, r.Title, r.Description, r.Category, r.Cause, r.Vulnerability, r.Consequence, r.Owner,
		r.Inherent.Likelihood, r.Inherent.Consequence, r.Residual.Likelihood, r.Residual.Consequence,
		r.Target.Likelihood, r.Target.Consequence, r.Justification,
		string(r.Treatment), string(r.ControlEffectiveness), r.Acceptance.Approver, r.Acceptance.Date.String(),
		r.Acceptance.Expiry.String(), r.Acceptance.Rationale, string(r.ReviewFrequency), r.LastReview.String(),
		r.NextReview.String(), string(r.Status), r.Source, string(r.Confidence),
		formatTime(r.Created), formatTime(r.Updated), r.Identified.String()}
}

var (
	insertRiskSQL = fmt.Sprintf("INSERT INTO risks (%s) VALUES (%s) RETURNING id",
		strings.Join(riskColumns, ", "), strings.TrimSuffix(strings.Repeat("?, ", len(riskColumns)), ", "))
	updateRiskSQL = fmt.Sprintf("UPDATE risks SET %s = ? WHERE id = ?", strings.Join(riskColumns, " = ?, "))
	selectRiskSQL = "SELECT id, " + strings.Join(riskColumns, ", ") + " FROM risks"
)

type rowScanner interface{ Scan(dest ...any) error }

func scanRisk(s rowScanner) (risk.Risk, error) {
	var r risk.Risk
	var treatment, effectiveness, frequency, status, confidence string
	var accDate, accExpiry, last, next, created, updated, identified string
	err := s.Scan(&r.ID, &r.Ref, &r.Title, &r.Description, &r.Category, &r.Cause, &r.Vulnerability, &r.Consequence, &r.Owner,
		&r.Inherent.Likelihood, &r.Inherent.Consequence, &r.Residual.Likelihood, &r.Residual.Consequence,
		&r.Target.Likelihood, &r.Target.Consequence, &r.Justification,
		&treatment, &effectiveness, &r.Acceptance.Approver, &accDate, &accExpiry, &r.Acceptance.Rationale,
		&frequency, &last, &next, &status, &r.Source, &confidence, &created, &updated, &identified)
	if err != nil {
		return r, err
	}
	r.Treatment, r.ControlEffectiveness = risk.Treatment(treatment), risk.Effectiveness(effectiveness)
	r.ReviewFrequency, r.Status, r.Confidence = risk.Frequency(frequency), risk.Status(status), risk.Confidence(confidence)
	for _, d := range []struct {
		dst *risk.Date
		src string
	}{{&r.Acceptance.Date, accDate}, {&r.Acceptance.Expiry, accExpiry}, {&r.LastReview, last}, {&r.NextReview, next}, {&r.Identified, identified}} {
		if *d.dst, err = risk.ParseDate(d.src); err != nil {
			return r, fmt.Errorf("risk %s: %w", r.Ref, err)
		}
	}
	if err := parseStamps("risk", r.Ref, created, updated, &r.Created, &r.Updated); err != nil {
		return r, err
	}
	return r, nil
}

// Risks returns every risk with its actions and control links, in natural
// reference order.
func (db *DB) Risks(ctx context.Context) ([]risk.Risk, error) {
	v, err := risks(ctx, db.read, "", nil)
	return v, db.readErr(err)
}

// RiskRows returns the register's row (risk.RowOf) of every risk, in
// natural reference order, read in one snapshot a batch at a time: the
// whole risks, their descriptions and actions, are never held together.
func (db *DB) RiskRows(ctx context.Context) ([]risk.Row, error) {
	s, err := db.Snapshot(ctx)
	if err != nil {
		return nil, err
	}
	defer s.Close()
	n, err := s.RiskCount(ctx)
	if err != nil {
		return nil, err
	}
	rows := make([]risk.Row, 0, n)
	err = s.EachRisk(ctx, func(r *risk.Risk) error {
		rows = append(rows, risk.RowOf(r))
		return nil
	})
	if err != nil {
		return nil, err
	}
	return rows, nil
}

// Risk returns the risk with the given ID.
func (db *DB) Risk(ctx context.Context, id int64) (risk.Risk, error) {
	rs, err := risks(ctx, db.read, "id = ?", id)
	if err != nil {
		return risk.Risk{}, db.readErr(err)
	}
	if len(rs) == 0 {
		return risk.Risk{}, gone("risk", "")
	}
	return rs[0], nil
}

// RiskByRef returns the risk with the given reference (case-insensitive).
func (db *DB) RiskByRef(ctx context.Context, ref string) (risk.Risk, error) {
	rs, err := risks(ctx, db.read, "ref = ?", strings.TrimSpace(ref))
	if err != nil {
		return risk.Risk{}, db.readErr(err)
	}
	if len(rs) == 0 {
		return risk.Risk{}, risk.Err(risk.ENOTFOUND, risk.T("store.risk.unknown", risk.Args{"Ref": ref}))
	}
	return rs[0], nil
}

// risks loads risks matching an optional condition on the risks table, with
// their control links and actions, in natural reference order.
func risks(ctx context.Context, q queryer, where string, arg any) ([]risk.Risk, error) {
	return loadRisks(ctx, q, where, arg, 0)
}

// loadRisks is risks when the caller knows how many risks the condition
// selects (size; 0 when it does not).
func loadRisks(ctx context.Context, q queryer, where string, arg any, size int) ([]risk.Risk, error) {
	rs, err := loadEntities(ctx, q, "risks", selectRiskSQL, where, arg, size, scanRisk, func(r *risk.Risk) int64 { return r.ID })
	if err != nil {
		return nil, err
	}
	if err := loadControlLinks(ctx, q, rs.sub, rs.args, rs.list, rs.index); err != nil {
		return nil, err
	}
	if err := loadActions(ctx, q, rs.sub, rs.args, rs.list, rs.index); err != nil {
		return nil, err
	}
	err = rs.addRefs(ctx, q, `SELECT t.risk_id, coalesce(a.ref, r.ref) FROM risk_threats t
		LEFT JOIN activities a ON a.id = t.activity_id LEFT JOIN resources r ON r.id = t.resource_id
		WHERE t.risk_id`, func(r *risk.Risk) *[]string { return &r.Threatens })
	if err != nil {
		return nil, fmt.Errorf("read what risks threaten: %w", err)
	}
	slices.SortFunc(rs.list, func(a, b risk.Risk) int { return risk.CompareRefs(a.Ref, b.Ref) })
	return rs.list, nil
}

func loadControlLinks(ctx context.Context, q queryer, sub string, args []any, out []risk.Risk, index map[int64]int) error {
	rows, err := q.QueryContext(ctx, "SELECT risk_id, control FROM risk_controls WHERE risk_id IN ("+sub+") ORDER BY risk_id, control", args...)
	if err != nil {
		return fmt.Errorf("read control links: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var control string
		if err := rows.Scan(&id, &control); err != nil {
			return fmt.Errorf("read control links: %w", err)
		}
		r := &out[index[id]]
		r.Controls = append(r.Controls, control)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	for i := range out {
		slices.SortFunc(out[i].Controls, risk.CompareRefs)
	}
	return nil
}

func loadActions(ctx context.Context, q queryer, sub string, args []any, out []risk.Risk, index map[int64]int) error {
	rows, err := q.QueryContext(ctx, "SELECT id, risk_id, title, owner, due, status, progress FROM actions WHERE risk_id IN ("+sub+") ORDER BY risk_id, position", args...)
	if err != nil {
		return fmt.Errorf("read actions: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var a risk.Action
		var riskID int64
		var due, status string
		if err := rows.Scan(&a.ID, &riskID, &a.Title, &a.Owner, &due, &status, &a.Progress); err != nil {
			return fmt.Errorf("read actions: %w", err)
		}
		a.Status = risk.ActionStatus(status)
		if a.Due, err = risk.ParseDate(due); err != nil {
			return fmt.Errorf("action %d: %w", a.ID, err)
		}
		r := &out[index[riskID]]
		r.Actions = append(r.Actions, a)
	}
	return rows.Err()
}

// CreateRisk validates r and stores it as a new risk, filling in its ID,
// timestamps, derived next review and, when empty, its reference.
func (db *DB) CreateRisk(ctx context.Context, r *risk.Risk) error {
	return db.update(ctx, func(tx *Tx) error { return tx.createRisk(ctx, r) })
}

func (tx *Tx) createRisk(ctx context.Context, r *risk.Risk) error {
	if err := tx.insertRisk(ctx, r); err != nil {
		return err
	}
	return tx.logChange(ctx, "risk", r.Ref, ActionCreate, nil, r)
}

// insertRisk is createRisk without its change-log row, which the caller
// must log in the same transaction (an import logs its risks after writing
// them all).
func (tx *Tx) insertRisk(ctx context.Context, r *risk.Risk) error {
	err := tx.stampNew(&r.Ref, &r.Created, &r.Updated, func() (string, error) { return nextRef(ctx, tx) })
	if err != nil {
		return err
	}
	if err := tx.validateRisk(ctx, r, 0); err != nil {
		return err
	}
	if err := tx.admitRisk(ctx, nil, r); err != nil {
		return err
	}
	if err := tx.queryRow(ctx, insertRiskSQL, riskValues(r)...).Scan(&r.ID); err != nil {
		return fmt.Errorf("save risk %s: %w", r.Ref, err)
	}
	return tx.saveRiskChildren(ctx, r, false)
}

// UpdateRisk validates r and saves it over the stored risk with the same ID.
// Saving an unchanged risk changes nothing and logs nothing. A new
// reference is carried into the playbooks that answer the risk, each logged
// as an update.
func (db *DB) UpdateRisk(ctx context.Context, r *risk.Risk) error {
	return db.update(ctx, func(tx *Tx) error { return tx.updateRisk(ctx, r) })
}

func (tx *Tx) updateRisk(ctx context.Context, r *risk.Risk) error {
	old, err := risks(ctx, tx, "id = ?", r.ID)
	if err != nil {
		return err
	}
	if len(old) == 0 {
		return gone("risk", r.Ref)
	}
	before := old[0]
	read := r.Updated
	r.Created = before.Created
	r.Updated = before.Updated
	if err := tx.validateRisk(ctx, r, r.ID); err != nil {
		return err
	}
	if err := tx.admitRisk(ctx, &before, r); err != nil {
		return err
	}
	same, err := equalJSON(before, *r)
	if err != nil || same {
		return err
	}
	if err := tx.unchanged(ctx, "risk", before.Ref, &r.Updated, read, before.Updated, before); err != nil {
		return err
	}
	deps := &dependents{}
	if r.Ref != before.Ref {
		if deps.playbooks, err = playbooksLinking(ctx, tx, "playbook_risks", "risk_id", r.ID); err != nil {
			return err
		}
	}
	r.Updated = tx.restamp(before.Updated)
	res, err := tx.ExecContext(ctx, updateRiskSQL, append(riskValues(r), r.ID)...)
	if err != nil {
		return fmt.Errorf("save risk %s: %w", r.Ref, err)
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		// Read a moment ago in this transaction, the risk is there: on a
		// server, row-level security left it out of a risk owner's reach.
		if err == nil && tx.db.server != nil {
			err = tx.db.server.refusedRisk(tx.db.path, before.Ref, before.Owner)
		}
		return cmp.Or(err, gone("risk", r.Ref))
	}
	if err := tx.saveRiskChildren(ctx, r, true); err != nil {
		return err
	}
	if err := tx.logChange(ctx, "risk", r.Ref, ActionUpdate, before, r); err != nil {
		return err
	}
	if err := tx.logDependents(ctx, deps); err != nil {
		return err
	}
	return tx.renameRecordRefs(ctx, bcp.RefRisk, before.Ref, r.Ref)
}

// UpdateRisks saves several risks in one transaction, all or none: every
// one is validated before any is written, then each is saved as
// UpdateRisk saves it (an unchanged one logs nothing), each logged.
func (db *DB) UpdateRisks(ctx context.Context, rs []risk.Risk) error {
	return db.update(ctx, func(tx *Tx) error {
		for i := range rs {
			r := rs[i].Clone()
			if err := tx.validateRisk(ctx, &r, r.ID); err != nil {
				return err
			}
		}
		for i := range rs {
			if err := tx.updateRisk(ctx, &rs[i]); err != nil {
				return err
			}
		}
		return nil
	})
}

func equalJSON(a, b any) (bool, error) {
	ja, err := canonicalJSON(a)
	if err != nil {
		return false, err
	}
	jb, err := canonicalJSON(b)
	return ja == jb, err
}

// DeleteRisk removes a risk with its actions and control links; the change
// log keeps what it was. It is also removed from the playbooks that answer
// it, each of which is logged as an update.
func (db *DB) DeleteRisk(ctx context.Context, id int64) error {
	return db.update(ctx, func(tx *Tx) error {
		old, err := risks(ctx, tx, "id = ?", id)
		if err != nil {
			return err
		}
		if len(old) == 0 {
			return gone("risk", "")
		}
		deps := &dependents{}
		if deps.playbooks, err = playbooksLinking(ctx, tx, "playbook_risks", "risk_id", id); err != nil {
			return err
		}
		// Foreign keys remove its links.
		if _, err := tx.ExecContext(ctx, "DELETE FROM risks WHERE id = ?", id); err != nil {
			return fmt.Errorf("delete risk %s: %w", old[0].Ref, err)
		}
		if err := tx.logChange(ctx, "risk", old[0].Ref, ActionDelete, old[0], nil); err != nil {
			return err
		}
		return tx.logDependents(ctx, deps)
	})
}

// criteria returns the criteria risks are judged by: the cached ones of a
// bulk write, else those stored.
func (tx *Tx) criteria(ctx context.Context) (*risk.Criteria, error) {
	if tx.crit != nil {
		return tx.crit, nil
	}
	stored, err := criteria(ctx, tx)
	if err != nil {
		return nil, err
	}
	return &stored, nil
}

// today is the calendar day of the transaction, by which dates that have
// not come yet are judged.
func (tx *Tx) today() risk.Date { return risk.DateOf(tx.now) }

// admitRisk refuses a save of r over before (nil when new) that brings in
// an impossible date (risk.Admit). A restored risk is not judged: what an
// earlier version stored must load.
func (tx *Tx) admitRisk(ctx context.Context, before, r *risk.Risk) error {
	c, err := tx.criteria(ctx)
	if err != nil {
		return err
	}
	return risk.Admit(before, r, c, tx.today())
}

// validateRisk normalises r and applies the domain rules plus those only the
// store can check: a unique reference, and control links and threatened
// activities and resources that exist.
func (tx *Tx) validateRisk(ctx context.Context, r *risk.Risk, id int64) error {
	r.Normalize()
	c, err := tx.criteria(ctx)
	if err != nil {
		return err
	}
	if err := risk.Validate(r, c); err != nil {
		return err
	}
	var other string
	err = tx.queryRow(ctx, "SELECT ref FROM risks WHERE ref = ? AND id != ?", r.Ref, id).Scan(&other)
	switch {
	case err == nil:
		return risk.Err(risk.ECONFLICT, risk.T("store.ref_taken.risk", risk.Args{"Ref": r.Ref}))
	case !errors.Is(err, sql.ErrNoRows):
		return fmt.Errorf("check reference %s: %w", r.Ref, err)
	}
	for _, ctl := range r.Controls {
		var n int
		if err := tx.queryRow(ctx, "SELECT count(*) FROM controls WHERE id = ?", ctl).Scan(&n); err != nil {
			return fmt.Errorf("check control %s: %w", ctl, err)
		}
		if n == 0 {
			return risk.Err(risk.EINVALID, risk.T("store.risk.control_unknown", risk.Args{"Ref": r.Ref, "Control": ctl}))
		}
	}
	return resolveThreatens(ctx, tx, r)
}

// resolveThreatens replaces the references of what r threatens with the
// stored ones, refusing those that name no activity or resource.
func resolveThreatens(ctx context.Context, q queryer, r *risk.Risk) error {
	if len(r.Threatens) == 0 {
		return nil
	}
	idx, err := loadRefs(ctx, q)
	if err != nil {
		return err
	}
	for i, ref := range r.Threatens {
		t, ok := idx[refKey(ref)]
		if !ok {
			return risk.Err(risk.EINVALID, risk.T("store.risk.threatens_unknown", risk.Args{"Ref": r.Ref, "Other": ref}))
		}
		r.Threatens[i] = t.ref
	}
	r.Threatens = canonicalRefs(r.Threatens)
	return nil
}

// saveRiskChildren writes a risk's control links, threat links and
// actions, replacing the stored ones of a risk saved before (a new risk has
// none to delete: an import of 50,000 spares 150,000 statements). Actions
// keep their IDs; new ones get fresh IDs.
func (tx *Tx) saveRiskChildren(ctx context.Context, r *risk.Risk, replace bool) error {
	if replace {
		for _, q := range []string{"DELETE FROM risk_threats WHERE risk_id = ?",
			"DELETE FROM risk_controls WHERE risk_id = ?", "DELETE FROM actions WHERE risk_id = ?"} {
			if _, err := tx.exec(ctx, q, r.ID); err != nil {
				return fmt.Errorf("save the links and actions of %s: %w", r.Ref, err)
			}
		}
	}
	// References are resolved to stored ones and unique across activities
	// and resources, so exactly one of the two matches.
	for _, ref := range r.Threatens {
		if _, err := tx.exec(ctx, `INSERT INTO risk_threats (risk_id, activity_id, resource_id)
			VALUES (?1, (SELECT id FROM activities WHERE ref = ?2), (SELECT id FROM resources WHERE ref = ?2))`, r.ID, ref); err != nil {
			return fmt.Errorf("link %s to %s: %w", r.Ref, ref, err)
		}
	}
	for _, ctl := range r.Controls {
		if _, err := tx.exec(ctx, "INSERT INTO risk_controls (risk_id, control) VALUES (?, ?)", r.ID, ctl); err != nil {
			return fmt.Errorf("link %s to %s: %w", r.Ref, ctl, err)
		}
	}
	for i := range r.Actions {
		a := &r.Actions[i]
		// An action keeps its row ID through edits; a new one is given one.
		query, args := `INSERT INTO actions (risk_id, position, title, owner, due, status, progress)
			VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			[]any{r.ID, i + 1, a.Title, a.Owner, a.Due.String(), string(a.Status), a.Progress}
		if a.ID != 0 {
			query = `INSERT INTO actions (id, risk_id, position, title, owner, due, status, progress)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`
			args = append([]any{a.ID}, args...)
		}
		err := tx.queryRow(ctx, query, args...).Scan(&a.ID)
		if err != nil {
			return fmt.Errorf("save action %q of %s: %w", a.Title, r.Ref, err)
		}
	}
	return nil
}

// NextRef returns the next free reference in the R-001 series. References
// of deleted risks are not reused: the change log is kept by reference, and
// two risks must not share one history.
func (db *DB) NextRef(ctx context.Context) (string, error) {
	v, err := nextRef(ctx, db.read)
	return v, db.readErr(err)
}

func nextRef(ctx context.Context, q queryer) (string, error) {
	return nextInSeries(ctx, q, "SELECT ref FROM risks UNION ALL SELECT key FROM changelog WHERE entity = 'risk'", "R-", 3)
}

// Register loads everything the register-wide rules need.
func (db *DB) Register(ctx context.Context) (*risk.Register, error) {
	reg, err := db.RegisterBesideRisks(ctx)
	if err != nil {
		return nil, err
	}
	if reg.Risks, err = db.Risks(ctx); err != nil {
		return nil, err
	}
	return reg, nil
}

// RegisterBesideRisks returns the register's criteria, control catalog and
// Statement of Applicability, without its risks, for a reader that goes
// through the risks a batch at a time (Snapshot.EachRisk).
func (db *DB) RegisterBesideRisks(ctx context.Context) (*risk.Register, error) {
	c, err := db.Criteria(ctx)
	if err != nil {
		return nil, err
	}
	controls, err := db.Controls(ctx)
	if err != nil {
		return nil, err
	}
	soa, err := db.SoA(ctx)
	if err != nil {
		return nil, err
	}
	return &risk.Register{Criteria: c, Catalog: controls, SoA: soa}, nil
}
