package sqlite

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"riskbook/bcp"
	"riskbook/risk"
)

// resourceColumns are the resources table's columns in the order
// resourceValues and scanResource use.
var resourceColumns = []string{"ref", "name", "kind", "description", "alternates", "contacts", "region",
	"achievable_rto", "achievable_rpo", "backup_interval", "replication", "standby", "sla", "contract_rto",
	"capacity_confirmed", "created", "updated"}

func resourceValues(r *bcp.Resource) []any {
	return []any{r.Ref, r.Name, string(r.Kind), r.Description, r.Alternates, r.Contacts, r.Region,
		minutes(r.AchievableRTO), minutes(r.AchievableRPO), minutes(r.BackupInterval), r.Replication, string(r.Standby),
		r.SLA, minutes(r.ContractRTO), r.CapacityConfirmed.String(), formatTime(r.Created), formatTime(r.Updated)}
}

var (
	insertResourceSQL = fmt.Sprintf("INSERT INTO resources (%s) VALUES (%s) RETURNING id",
		strings.Join(resourceColumns, ", "), strings.TrimSuffix(strings.Repeat("?, ", len(resourceColumns)), ", "))
	updateResourceSQL = fmt.Sprintf("UPDATE resources SET %s = ? WHERE id = ?", strings.Join(resourceColumns, " = ?, "))
	selectResourceSQL = "SELECT id, " + strings.Join(resourceColumns, ", ") + " FROM resources"
)

func scanResource(s rowScanner) (bcp.Resource, error) {
	var r bcp.Resource
	var kind, standby, confirmed, created, updated string
	var rto, rpo, backup, contract int64
	err := s.Scan(&r.ID, &r.Ref, &r.Name, &kind, &r.Description, &r.Alternates, &r.Contacts, &r.Region,
		&rto, &rpo, &backup, &r.Replication, &standby, &r.SLA, &contract, &confirmed, &created, &updated)
	if err != nil {
		return r, err
	}
	r.Kind, r.Standby = bcp.Kind(kind), bcp.Standby(standby)
	r.AchievableRTO, r.AchievableRPO = fromMinutes(rto), fromMinutes(rpo)
	r.BackupInterval, r.ContractRTO = fromMinutes(backup), fromMinutes(contract)
	if r.CapacityConfirmed, err = risk.ParseDate(confirmed); err != nil {
		return r, fmt.Errorf("resource %s: %w", r.Ref, err)
	}
	if err := parseStamps("resource", r.Ref, created, updated, &r.Created, &r.Updated); err != nil {
		return r, err
	}
	return r, nil
}

// Resources returns every resource with the sites it runs at, in natural
// reference order.
func (db *DB) Resources(ctx context.Context) ([]bcp.Resource, error) {
	v, err := resources(ctx, db.read, "", nil)
	return v, db.readErr(err)
}

// resources loads resources matching an optional condition on the
// resources table, with their sites, in natural reference order.
func resources(ctx context.Context, q queryer, where string, arg any) ([]bcp.Resource, error) {
	rs, err := loadEntities(ctx, q, "resources", selectResourceSQL, where, arg, 0, scanResource,
		func(r *bcp.Resource) int64 { return r.ID })
	if err != nil {
		return nil, err
	}
	err = rs.addRefs(ctx, q, `SELECT l.resource_id, s.ref FROM resource_sites l JOIN resources s ON s.id = l.site_id
		WHERE l.resource_id`, func(r *bcp.Resource) *[]string { return &r.Sites })
	if err != nil {
		return nil, fmt.Errorf("read sites of resources: %w", err)
	}
	slices.SortFunc(rs.list, func(a, b bcp.Resource) int { return risk.CompareRefs(a.Ref, b.Ref) })
	return rs.list, nil
}

// CreateResource validates r and stores it as a new resource, filling in
// its ID, timestamps and, when empty, its reference (the next RES-NN).
func (db *DB) CreateResource(ctx context.Context, r *bcp.Resource) error {
	return db.update(ctx, func(tx *Tx) error { return tx.createResource(ctx, r) })
}

func (tx *Tx) createResource(ctx context.Context, r *bcp.Resource) error {
	err := tx.stampNew(&r.Ref, &r.Created, &r.Updated, func() (string, error) { return nextBIARef(ctx, tx, "RES-") })
	if err != nil {
		return err
	}
	b, idx, err := tx.biaAndRefs(ctx)
	if err != nil {
		return err
	}
	prepareResource(r)
	if err := idx.checkUnique(r.Ref, 0, false); err != nil {
		return err
	}
	if err := checkResource(r, 0, b, idx); err != nil {
		return err
	}
	if err := bcp.AdmitResource(nil, r, b, tx.today()); err != nil {
		return err
	}
	if err := tx.insertResource(ctx, r); err != nil {
		return err
	}
	if err := tx.saveResourceLinks(ctx, r, idx); err != nil {
		return err
	}
	return tx.logChange(ctx, "resource", r.Ref, ActionCreate, nil, r)
}

// UpdateResource validates r and saves it over the stored resource with the
// same ID. Saving an unchanged resource changes nothing and logs nothing. A
// new reference is carried into the activities, resources, risks and
// playbooks that name it, each logged as an update.
func (db *DB) UpdateResource(ctx context.Context, r *bcp.Resource) error {
	return db.update(ctx, func(tx *Tx) error { return tx.updateResource(ctx, r) })
}

func (tx *Tx) updateResource(ctx context.Context, r *bcp.Resource) error {
	b, idx, err := tx.biaAndRefs(ctx)
	if err != nil {
		return err
	}
	i := slices.IndexFunc(b.Resources, func(x bcp.Resource) bool { return x.ID == r.ID })
	if i < 0 {
		return gone("resource", r.Ref)
	}
	before := b.Resources[i]
	read := r.Updated
	r.Created, r.Updated = before.Created, before.Updated
	prepareResource(r)
	if err := idx.checkUnique(r.Ref, r.ID, false); err != nil {
		return err
	}
	if err := checkResource(r, r.ID, b, idx); err != nil {
		return err
	}
	if err := bcp.AdmitResource(&before, r, b, tx.today()); err != nil {
		return err
	}
	if same, err := equalJSON(before, *r); err != nil || same {
		return err
	}
	if err := tx.unchanged(ctx, "resource", before.Ref, &r.Updated, read, before.Updated, before); err != nil {
		return err
	}
	deps := &dependents{}
	if r.Ref != before.Ref {
		if deps, err = tx.dependentsOf(ctx, b, biaRef{id: r.ID, ref: before.Ref, kind: before.Kind}); err != nil {
			return err
		}
	}
	r.Updated = tx.restamp(before.Updated)
	if _, err := tx.ExecContext(ctx, updateResourceSQL, append(resourceValues(r), r.ID)...); err != nil {
		return fmt.Errorf("save resource %s: %w", r.Ref, err)
	}
	if err := tx.saveResourceLinks(ctx, r, idx); err != nil {
		return err
	}
	if err := tx.logChange(ctx, "resource", r.Ref, ActionUpdate, before, r); err != nil {
		return err
	}
	if err := tx.logDependents(ctx, deps); err != nil {
		return err
	}
	return tx.renameRecordRefs(ctx, bcp.RefResource, before.Ref, r.Ref)
}

// DeleteResource removes a resource. It is also removed from the activities
// that need it, the ICT systems that run at it, the risks that threaten it
// and the playbooks that restore it, each of which is logged as an update;
// the change log keeps what it was.
func (db *DB) DeleteResource(ctx context.Context, id int64) error {
	return db.update(ctx, func(tx *Tx) error {
		b, err := loadBIA(ctx, tx)
		if err != nil {
			return err
		}
		i := slices.IndexFunc(b.Resources, func(x bcp.Resource) bool { return x.ID == id })
		if i < 0 {
			return gone("resource", "")
		}
		old := b.Resources[i]
		deps, err := tx.dependentsOf(ctx, b, biaRef{id: id, ref: old.Ref, kind: old.Kind})
		if err != nil {
			return err
		}
		// Foreign keys remove its links.
		if _, err := tx.ExecContext(ctx, "DELETE FROM resources WHERE id = ?", id); err != nil {
			return fmt.Errorf("delete resource %s: %w", old.Ref, err)
		}
		if err := tx.logChange(ctx, "resource", old.Ref, ActionDelete, old, nil); err != nil {
			return err
		}
		return tx.logDependents(ctx, deps)
	})
}

// prepareResource normalises r as it is stored; the domain's rules judge
// it once its sites are resolved (checkResource).
func prepareResource(r *bcp.Resource) {
	r.Normalize()
	roundDurations(&r.AchievableRTO, &r.AchievableRPO, &r.BackupInterval, &r.ContractRTO)
}

// checkResource resolves r's sites to their stored references, refusing
// those that do not exist even in an empty BIA, then applies the domain
// rules. id is r's row, zero when new.
func checkResource(r *bcp.Resource, id int64, b *bcp.BIA, idx refIndex) error {
	for i, s := range r.Sites {
		t, ok := idx[refKey(s)]
		switch {
		case strings.EqualFold(s, r.Ref):
			continue // the domain's site-self rule refuses it
		case ok && !t.isActivity() && id != 0 && t.id == id:
			r.Sites[i] = r.Ref // itself under the reference it is losing, refused alike
			continue
		case !ok:
			return risk.Err(risk.EINVALID, risk.T("store.resource.site_unknown", risk.Args{"Ref": r.Ref, "Site": s}))
		case t.kind != bcp.Site:
			return risk.Err(risk.EINVALID, risk.T("store.resource.not_a_site", risk.Args{"Ref": r.Ref, "Site": s}))
		}
		r.Sites[i] = t.ref
	}
	r.Sites = canonicalRefs(r.Sites)
	return bcp.ValidateResource(r, b)
}

func (tx *Tx) insertResource(ctx context.Context, r *bcp.Resource) error {
	if err := tx.QueryRowContext(ctx, insertResourceSQL, resourceValues(r)...).Scan(&r.ID); err != nil {
		return fmt.Errorf("save resource %s: %w", r.Ref, err)
	}
	return nil
}

// saveResourceLinks replaces the sites a resource runs at; its references
// are already resolved against idx.
func (tx *Tx) saveResourceLinks(ctx context.Context, r *bcp.Resource, idx refIndex) error {
	if _, err := tx.ExecContext(ctx, "DELETE FROM resource_sites WHERE resource_id = ?", r.ID); err != nil {
		return fmt.Errorf("save sites of %s: %w", r.Ref, err)
	}
	for _, s := range r.Sites {
		if _, err := tx.ExecContext(ctx, "INSERT INTO resource_sites (resource_id, site_id) VALUES (?, ?)", r.ID, idx[refKey(s)].id); err != nil {
			return fmt.Errorf("link %s to site %s: %w", r.Ref, s, err)
		}
	}
	return nil
}
