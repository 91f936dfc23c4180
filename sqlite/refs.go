package sqlite

import (
	"context"
	"fmt"

	"riskbook/bcp"
)

// Record references (bcp.RefKind) are kept as text: the playbooks an
// exercise played, the activities and resources its results measured, the
// risks its findings raised, the resources a contact is. The store judges
// them when a record is saved (bcp.AdmitExercise, bcp.AdmitContact) and
// carries renames into them; a deletion leaves them naming nothing, which
// check reports and the exports mark.

// recordRefs reads the references of every record a record reference can
// name.
func recordRefs(ctx context.Context, q queryer) (*bcp.Refs, error) {
	refs := bcp.NewRefs()
	for _, k := range []struct {
		kind  bcp.RefKind
		table string
	}{
		{bcp.RefRisk, "risks"}, {bcp.RefActivity, "activities"}, {bcp.RefResource, "resources"},
		{bcp.RefPlaybook, "playbooks"}, {bcp.RefContact, "contacts"},
	} {
		refs.Judge(k.kind)
		rows, err := q.QueryContext(ctx, "SELECT ref FROM "+k.table)
		if err != nil {
			return nil, fmt.Errorf("read references of %s: %w", k.table, err)
		}
		for rows.Next() {
			var ref string
			if err := rows.Scan(&ref); err != nil {
				rows.Close()
				return nil, fmt.Errorf("read references of %s: %w", k.table, err)
			}
			refs.Add(k.kind, ref)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("read references of %s: %w", k.table, err)
		}
	}
	return refs, nil
}

// renameRecordRefs carries a record's new reference into the exercises,
// contacts and incident records that name it, each logged as an update.
func (tx *Tx) renameRecordRefs(ctx context.Context, kind bcp.RefKind, from, to string) error {
	if from == to {
		return nil
	}
	exs, err := exercises(ctx, tx, "", nil)
	if err != nil {
		return err
	}
	for i := range exs {
		before := exs[i].Clone()
		ex := &exs[i]
		if !ex.RenameRef(kind, from, to) {
			continue
		}
		ex.Normalize()
		ex.Updated = tx.restamp(ex.Updated)
		vals, err := exerciseValues(ex)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, updateExerciseSQL, append(vals, ex.ID)...); err != nil {
			return fmt.Errorf("carry %s into exercise %s: %w", to, ex.Ref, err)
		}
		if err := tx.logChange(ctx, "exercise", ex.Ref, ActionUpdate, before, ex); err != nil {
			return err
		}
	}
	if kind == bcp.RefResource {
		cs, err := contacts(ctx, tx, "", nil)
		if err != nil {
			return err
		}
		for i := range cs {
			before := cs[i].Clone()
			c := &cs[i]
			if !c.RenameRef(kind, from, to) {
				continue
			}
			c.Normalize()
			c.Updated = tx.restamp(c.Updated)
			if err := tx.saveContact(ctx, c); err != nil {
				return err
			}
			if err := tx.logChange(ctx, "contact", c.Ref, ActionUpdate, before, c); err != nil {
				return err
			}
		}
	}
	if kind == bcp.RefPlaybook {
		return tx.renameActivationsPlaybook(ctx, from, to)
	}
	return nil
}

// rewriteRestores carries a renamed activity (to its new reference) or a
// deleted one (to "") into the steps of the playbooks that restore it,
// before those playbooks are logged as dependents of the change.
func (tx *Tx) rewriteRestores(ctx context.Context, pbs []bcp.Playbook, from, to string) error {
	for _, old := range pbs {
		now, err := playbooks(ctx, tx, "id = ?", old.ID)
		if err != nil || len(now) == 0 {
			return err
		}
		p := now[0].Clone()
		if to != "" {
			p.RenameRef(bcp.RefActivity, from, to)
		}
		p.Normalize()
		if same, err := equalJSON(now[0], p); err != nil || same {
			if err != nil {
				return err
			}
			continue
		}
		vals, err := playbookValues(&p)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, updatePlaybookSQL, append(vals, p.ID)...); err != nil {
			return fmt.Errorf("carry %s into the steps of playbook %s: %w", from, p.Ref, err)
		}
	}
	return nil
}
