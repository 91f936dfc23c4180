package sqlite

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"riskbook/bcp"
	"riskbook/risk"
)

// Activations (migration 004): the record of each time a playbook was
// declared. The playbook is named by reference, as text, so that the record
// outlives the playbook; renaming the playbook carries to its activations.
// The steps and the decision log are one canonical JSON body. The decision
// log is an incident record: entries are added, never rewritten.

var activationColumns = []string{"ref", "playbook", "trigger", "declared_by", "declared_at", "closed_at", "body", "created", "updated"}

// activationBody is what the body column holds.
type activationBody struct {
	Steps []bcp.StepRecord `json:"steps"`
	Log   []bcp.LogEntry   `json:"log"`
}

var (
	insertActivationSQL = fmt.Sprintf("INSERT INTO activations (%s) VALUES (%s) RETURNING id",
		strings.Join(activationColumns, ", "), strings.TrimSuffix(strings.Repeat("?, ", len(activationColumns)), ", "))
	updateActivationSQL = fmt.Sprintf("UPDATE activations SET %s = ? WHERE id = ?", strings.Join(activationColumns, " = ?, "))
	selectActivationSQL = "SELECT id, " + strings.Join(activationColumns, ", ") + " FROM activations"
)

// optionalTime is a stored time that may be unset: "" for zero.
func optionalTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return formatTime(t)
}

func activationValues(a *bcp.Activation) ([]any, error) {
	body, err := canonicalJSON(activationBody{Steps: a.Steps, Log: a.Log})
	if err != nil {
		return nil, fmt.Errorf("encode activation %s: %w", a.Ref, err)
	}
	return []any{a.Ref, a.Playbook, a.Trigger, a.DeclaredBy, formatTime(a.DeclaredAt), optionalTime(a.ClosedAt),
		body, formatTime(a.Created), formatTime(a.Updated)}, nil
}

func scanActivation(s rowScanner) (bcp.Activation, error) {
	var a bcp.Activation
	var declared, closed, body, created, updated string
	if err := s.Scan(&a.ID, &a.Ref, &a.Playbook, &a.Trigger, &a.DeclaredBy, &declared, &closed, &body, &created, &updated); err != nil {
		return a, err
	}
	var b activationBody
	if err := json.Unmarshal([]byte(body), &b); err != nil {
		return a, fmt.Errorf("activation %s: malformed body: %w", a.Ref, err)
	}
	a.Steps, a.Log = b.Steps, b.Log
	for _, t := range []struct {
		to   *time.Time
		from string
		what string
	}{
		{&a.DeclaredAt, declared, "declaration time"}, {&a.ClosedAt, closed, "closing time"},
		{&a.Created, created, "creation time"}, {&a.Updated, updated, "update time"},
	} {
		v, err := parseTime(t.from)
		if err != nil {
			return a, fmt.Errorf("activation %s: malformed %s %q", a.Ref, t.what, t.from)
		}
		*t.to = v
	}
	a.Normalize() // zero times read back as the zero time, in UTC otherwise
	return a, nil
}

// Activations returns every activation record in natural reference order.
func (db *DB) Activations(ctx context.Context) ([]bcp.Activation, error) {
	v, err := activations(ctx, db.read, "", nil)
	return v, db.readErr(err)
}

// Activation returns the activation with the given ID.
func (db *DB) Activation(ctx context.Context, id int64) (bcp.Activation, error) {
	as, err := activations(ctx, db.read, "id = ?", id)
	if err != nil {
		return bcp.Activation{}, db.readErr(err)
	}
	if len(as) == 0 {
		return bcp.Activation{}, gone("activation", "")
	}
	return as[0], nil
}

func activations(ctx context.Context, q queryer, where string, arg any) ([]bcp.Activation, error) {
	as, err := loadEntities(ctx, q, "activations", selectActivationSQL, where, arg, 0, scanActivation,
		func(a *bcp.Activation) int64 { return a.ID })
	if err != nil {
		return nil, err
	}
	slices.SortFunc(as.list, func(a, b bcp.Activation) int { return risk.CompareRefs(a.Ref, b.Ref) })
	return as.list, nil
}

// CreateActivation validates a and stores it as a new activation of the
// playbook it names, which must exist, filling in its ID, timestamps and,
// when empty, its reference (the next ACV-NN). A zero declaration time is
// now. Who declared it must be allowed to by the playbook (bcp.Declarers).
func (db *DB) CreateActivation(ctx context.Context, a *bcp.Activation) error {
	return db.update(ctx, func(tx *Tx) error {
		*a = a.Clone()
		if a.DeclaredAt.IsZero() {
			a.DeclaredAt = tx.now
		}
		err := tx.stampNew(&a.Ref, &a.Created, &a.Updated, func() (string, error) { return nextActivationRef(ctx, tx) })
		if err != nil {
			return err
		}
		a.Normalize()
		pbs, err := playbooks(ctx, tx, "ref = ?", a.Playbook)
		if err != nil {
			return err
		}
		if len(pbs) == 0 {
			return risk.Err(risk.EINVALID, risk.T("store.activation.playbook_unknown", risk.Args{"Playbook": a.Playbook}))
		}
		a.Playbook = pbs[0].Ref
		if err := bcp.AdmitActivation(nil, a, &pbs[0], tx.now); err != nil {
			return err
		}
		if err := tx.insertActivation(ctx, a); err != nil {
			return err
		}
		return tx.logChange(ctx, "activation", a.Ref, ActionCreate, nil, a)
	})
}

// UpdateActivation saves a over the stored activation with the same ID:
// steps ticked, unticked or annotated, entries added to the decision log,
// the incident closed or reopened, the trigger or declarer corrected. The
// reference, the playbook and the steps themselves cannot change, and the
// log's existing entries cannot be rewritten or removed. Saving an
// unchanged activation changes nothing and logs nothing.
func (db *DB) UpdateActivation(ctx context.Context, a *bcp.Activation) error {
	return db.update(ctx, func(tx *Tx) error {
		old, err := activations(ctx, tx, "id = ?", a.ID)
		if err != nil {
			return err
		}
		if len(old) == 0 {
			return gone("activation", a.Ref)
		}
		before := old[0]
		read := a.Updated
		*a = a.Clone()
		a.Normalize()
		a.Created, a.Updated = before.Created, before.Updated
		if err := bcp.KeepFrame(&before, a); err != nil {
			return err
		}
		// The declarer is judged against the playbook only when it changes:
		// the playbook's roles may have changed since the declaration.
		var p *bcp.Playbook
		if !strings.EqualFold(before.DeclaredBy, a.DeclaredBy) {
			pbs, err := playbooks(ctx, tx, "ref = ?", a.Playbook)
			if err != nil {
				return err
			}
			if len(pbs) > 0 {
				p = &pbs[0]
			}
		}
		if err := bcp.AdmitActivation(&before, a, p, tx.now); err != nil {
			return err
		}
		if same, err := equalJSON(before, *a); err != nil || same {
			return err
		}
		if err := tx.unchanged(ctx, "activation", before.Ref, &a.Updated, read, before.Updated, before); err != nil {
			return err
		}
		a.Updated = tx.restamp(before.Updated)
		vals, err := activationValues(a)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, updateActivationSQL, append(vals, a.ID)...); err != nil {
			return fmt.Errorf("save activation %s: %w", a.Ref, err)
		}
		return tx.logChange(ctx, "activation", a.Ref, ActionUpdate, before, a)
	})
}

func (tx *Tx) insertActivation(ctx context.Context, a *bcp.Activation) error {
	var other string
	if err := tx.QueryRowContext(ctx, "SELECT ref FROM activations WHERE ref = ?", a.Ref).Scan(&other); err == nil {
		return risk.Err(risk.ECONFLICT, risk.T("store.ref_taken.activation", risk.Args{"Ref": a.Ref, "Other": other}))
	}
	vals, err := activationValues(a)
	if err != nil {
		return err
	}
	if err := tx.QueryRowContext(ctx, insertActivationSQL, vals...).Scan(&a.ID); err != nil {
		return fmt.Errorf("save activation %s: %w", a.Ref, err)
	}
	return nil
}

// nextActivationRef returns the next free reference in the ACV-01 series.
func nextActivationRef(ctx context.Context, q queryer) (string, error) {
	return nextInSeries(ctx, q, "SELECT ref FROM activations UNION ALL SELECT key FROM changelog WHERE entity = 'activation'", "ACV-", 2)
}

// renameActivationsPlaybook carries a playbook's new reference to its
// activations, logging each as an update.
func (tx *Tx) renameActivationsPlaybook(ctx context.Context, from, to string) error {
	if from == to {
		return nil
	}
	as, err := activations(ctx, tx, "playbook = ?", from)
	if err != nil {
		return err
	}
	for i := range as {
		before := as[i].Clone()
		a := &as[i]
		a.Playbook, a.Updated = to, tx.restamp(a.Updated)
		if _, err := tx.ExecContext(ctx, "UPDATE activations SET playbook = ?, updated = ? WHERE id = ?", to, formatTime(a.Updated), a.ID); err != nil {
			return fmt.Errorf("rename the playbook of activation %s: %w", a.Ref, err)
		}
		if err := tx.logChange(ctx, "activation", a.Ref, ActionUpdate, before, a); err != nil {
			return err
		}
	}
	return nil
}

// restoreActivations writes a dump's activations. Their playbooks may have
// been deleted since, so who declared them is not judged again.
func (tx *Tx) restoreActivations(ctx context.Context, d *Dump) error {
	for i := range d.Activations {
		a := &d.Activations[i]
		err := tx.entity(ctx, "activation", a.Ref, func() error {
			a.Normalize()
			if err := bcp.ValidateActivation(a, nil); err != nil {
				return err
			}
			return tx.insertActivation(ctx, a)
		})
		if err != nil {
			return err
		}
	}
	return nil
}
