package sqlite

import (
	"context"
	"fmt"

	"riskbook/risk"
)

// TallyRisks gives t every risk of the snapshot with what a risk.Tally
// counts of it — its status, inherent and residual scores, next review,
// and its actions' due dates and statuses — and nothing else: the
// indicators of today without reading the register whole.
func (s *Snapshot) TallyRisks(ctx context.Context, t *risk.Tally) error {
	actions, err := tallyActions(ctx, s.tx)
	if err != nil {
		return s.db.readErr(err)
	}
	rows, err := s.tx.QueryContext(ctx, "SELECT id, ref, status, inherent_l, inherent_c, residual_l, residual_c, next_review FROM risks ORDER BY id")
	if err != nil {
		return s.db.readErr(fmt.Errorf("read risks: %w", err))
	}
	defer rows.Close()
	var r risk.Risk
	for rows.Next() {
		var id int64
		var status, next string
		if err := rows.Scan(&id, &r.Ref, &status, &r.Inherent.Likelihood, &r.Inherent.Consequence,
			&r.Residual.Likelihood, &r.Residual.Consequence, &next); err != nil {
			return s.db.readErr(fmt.Errorf("read risks: %w", err))
		}
		r.Status = risk.Status(status)
		if r.NextReview, err = risk.ParseDate(next); err != nil {
			return s.db.readErr(fmt.Errorf("risk %s: %w", r.Ref, err))
		}
		r.Actions = actions[id]
		t.Add(&r)
	}
	if err := rows.Err(); err != nil {
		return s.db.readErr(fmt.Errorf("read risks: %w", err))
	}
	return nil
}

// tallyActions reads the due date and status of every action, by risk.
func tallyActions(ctx context.Context, q queryer) (map[int64][]risk.Action, error) {
	rows, err := q.QueryContext(ctx, "SELECT risk_id, due, status FROM actions ORDER BY risk_id, position")
	if err != nil {
		return nil, fmt.Errorf("read actions: %w", err)
	}
	defer rows.Close()
	out := map[int64][]risk.Action{}
	for rows.Next() {
		var id int64
		var due, status string
		if err := rows.Scan(&id, &due, &status); err != nil {
			return nil, fmt.Errorf("read actions: %w", err)
		}
		a := risk.Action{Status: risk.ActionStatus(status)}
		if a.Due, err = risk.ParseDate(due); err != nil {
			return nil, fmt.Errorf("action of risk %d: %w", id, err)
		}
		out[id] = append(out[id], a)
	}
	return out, rows.Err()
}
