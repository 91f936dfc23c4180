package sqlite

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"riskbook/bcp"
	"riskbook/risk"
)

// activityColumns are the activities table's columns in the order
// activityValues and scanActivity use.
var activityColumns = []string{"ref", "name", "description", "owner", "priority", "peak_periods", "impacts",
	"mtpd_override", "mtpd_reason", "rto", "rpo", "mbco", "approved", "created", "updated"}

func activityValues(a *bcp.Activity) ([]any, error) {
	impacts, err := canonicalJSON(a.Impacts)
	if err != nil {
		return nil, fmt.Errorf("encode impacts of %s: %w", a.Ref, err)
	}
	return []any{a.Ref, a.Name, a.Description, a.Owner, a.Priority, a.PeakPeriods, impacts,
		minutes(a.MTPDOverride), a.MTPDReason, minutes(a.RTO), minutes(a.RPO), a.MBCO, a.Approved.String(),
		formatTime(a.Created), formatTime(a.Updated)}, nil
}

var (
	insertActivitySQL = fmt.Sprintf("INSERT INTO activities (%s) VALUES (%s) RETURNING id",
		strings.Join(activityColumns, ", "), strings.TrimSuffix(strings.Repeat("?, ", len(activityColumns)), ", "))
	updateActivitySQL = fmt.Sprintf("UPDATE activities SET %s = ? WHERE id = ?", strings.Join(activityColumns, " = ?, "))
	selectActivitySQL = "SELECT id, " + strings.Join(activityColumns, ", ") + " FROM activities"
)

func scanActivity(s rowScanner) (bcp.Activity, error) {
	var a bcp.Activity
	var impacts, approved, created, updated string
	var mtpd, rto, rpo int64
	err := s.Scan(&a.ID, &a.Ref, &a.Name, &a.Description, &a.Owner, &a.Priority, &a.PeakPeriods, &impacts,
		&mtpd, &a.MTPDReason, &rto, &rpo, &a.MBCO, &approved, &created, &updated)
	if err != nil {
		return a, err
	}
	if a.Impacts, err = decodeImpacts(impacts); err != nil {
		return a, fmt.Errorf("activity %s: malformed impacts: %w", a.Ref, err)
	}
	a.MTPDOverride, a.RTO, a.RPO = fromMinutes(mtpd), fromMinutes(rto), fromMinutes(rpo)
	if a.Approved, err = risk.ParseDate(approved); err != nil {
		return a, fmt.Errorf("activity %s: %w", a.Ref, err)
	}
	if err := parseStamps("activity", a.Ref, created, updated, &a.Created, &a.Updated); err != nil {
		return a, err
	}
	return a, nil
}

// decodeImpacts reads the impacts column. It holds the canonical JSON this
// package writes, which quickImpacts reads directly: encoding/json took a
// third of the time of loading a large BIA. Anything else goes to
// encoding/json.
func decodeImpacts(s string) ([]bcp.Impact, error) {
	if out, ok := quickImpacts(s); ok {
		return out, nil
	}
	var out []bcp.Impact
	err := json.Unmarshal([]byte(s), &out)
	return out, err
}

// quickImpacts reads [{"category":"…","severities":[…]}, …] or null, as
// canonicalJSON writes it, reporting false for anything it is not sure of
// (escapes in a category, numbers JSON would not accept).
func quickImpacts(s string) ([]bcp.Impact, bool) {
	const head, mid = `{"category":"`, `","severities":`
	if s == "null" {
		return nil, true
	}
	rest, ok := strings.CutPrefix(s, "[")
	if !ok || rest == "]" {
		return nil, false
	}
	var out []bcp.Impact
	for {
		if rest, ok = strings.CutPrefix(rest, head); !ok {
			return nil, false
		}
		end := strings.IndexByte(rest, '"')
		if end < 0 || !plainText(rest[:end]) {
			return nil, false
		}
		im := bcp.Impact{Category: rest[:end]}
		if rest, ok = strings.CutPrefix(rest[end:], mid); !ok {
			return nil, false
		}
		if after, isNull := strings.CutPrefix(rest, "null"); isNull {
			rest = after
		} else {
			list, after, found := strings.Cut(rest, "]")
			list, ok = strings.CutPrefix(list, "[")
			if !found || !ok {
				return nil, false
			}
			if im.Severities, ok = quickInts(list); !ok {
				return nil, false
			}
			rest = after
		}
		if rest, ok = strings.CutPrefix(rest, "}"); !ok {
			return nil, false
		}
		out = append(out, im)
		if rest == "]" {
			return out, true
		}
		if rest, ok = strings.CutPrefix(rest, ","); !ok {
			return nil, false
		}
	}
}

// plainText reports whether s is valid UTF-8 that JSON holds unescaped.
func plainText(s string) bool {
	return utf8.ValidString(s) && !strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 || r == '\\' })
}

// quickInts reads comma-separated integers as JSON writes them.
func quickInts(list string) ([]int, bool) {
	out := []int{}
	if list == "" {
		return out, true
	}
	for f := range strings.SplitSeq(list, ",") {
		digits := strings.TrimPrefix(f, "-")
		if digits == "" || digits[0] == '0' && len(digits) > 1 || strings.ContainsFunc(digits, func(r rune) bool { return r < '0' || r > '9' }) {
			return nil, false
		}
		n, err := strconv.Atoi(f)
		if err != nil {
			return nil, false
		}
		out = append(out, n)
	}
	return out, true
}

// Activities returns every activity with its upstream activities and
// resources, in natural reference order.
func (db *DB) Activities(ctx context.Context) ([]bcp.Activity, error) {
	v, err := activities(ctx, db.read, "", nil)
	return v, db.readErr(err)
}

// activities loads activities matching an optional condition on the
// activities table, with their links, in natural reference order.
func activities(ctx context.Context, q queryer, where string, arg any) ([]bcp.Activity, error) {
	as, err := loadEntities(ctx, q, "activities", selectActivitySQL, where, arg, 0, scanActivity,
		func(a *bcp.Activity) int64 { return a.ID })
	if err != nil {
		return nil, err
	}
	err = as.addRefs(ctx, q, `SELECT l.activity_id, u.ref FROM activity_upstream l JOIN activities u ON u.id = l.upstream_id
		WHERE l.activity_id`, func(a *bcp.Activity) *[]string { return &a.Upstream })
	if err != nil {
		return nil, fmt.Errorf("read upstream activities: %w", err)
	}
	err = as.addRefs(ctx, q, `SELECT l.activity_id, r.ref FROM activity_resources l JOIN resources r ON r.id = l.resource_id
		WHERE l.activity_id`, func(a *bcp.Activity) *[]string { return &a.Resources })
	if err != nil {
		return nil, fmt.Errorf("read resources of activities: %w", err)
	}
	slices.SortFunc(as.list, func(a, b bcp.Activity) int { return risk.CompareRefs(a.Ref, b.Ref) })
	return as.list, nil
}

// CreateActivity validates a and stores it as a new activity, filling in
// its ID, timestamps and, when empty, its reference (the next ACT-NN).
func (db *DB) CreateActivity(ctx context.Context, a *bcp.Activity) error {
	return db.update(ctx, func(tx *Tx) error { return tx.createActivity(ctx, a) })
}

func (tx *Tx) createActivity(ctx context.Context, a *bcp.Activity) error {
	err := tx.stampNew(&a.Ref, &a.Created, &a.Updated, func() (string, error) { return nextBIARef(ctx, tx, "ACT-") })
	if err != nil {
		return err
	}
	b, idx, err := tx.biaAndRefs(ctx)
	if err != nil {
		return err
	}
	prepareActivity(a)
	if err := idx.checkUnique(a.Ref, 0, true); err != nil {
		return err
	}
	if err := checkActivity(a, 0, b, idx); err != nil {
		return err
	}
	if err := bcp.AdmitActivity(nil, a, b, tx.today()); err != nil {
		return err
	}
	if err := tx.insertActivity(ctx, a); err != nil {
		return err
	}
	if err := tx.saveActivityLinks(ctx, a, idx); err != nil {
		return err
	}
	return tx.logChange(ctx, "activity", a.Ref, ActionCreate, nil, a)
}

// biaAndRefs loads the BIA a change is validated against.
func (tx *Tx) biaAndRefs(ctx context.Context) (*bcp.BIA, refIndex, error) {
	b, err := loadBIA(ctx, tx)
	if err != nil {
		return nil, nil, err
	}
	return b, indexOf(b), nil
}

// UpdateActivity validates a and saves it over the stored activity with the
// same ID. Saving an unchanged activity changes nothing and logs nothing. A
// new reference is carried into the activities that need it, the risks
// that threaten it and the playbooks that restore it, each logged as an
// update.
func (db *DB) UpdateActivity(ctx context.Context, a *bcp.Activity) error {
	return db.update(ctx, func(tx *Tx) error { return tx.updateActivity(ctx, a) })
}

func (tx *Tx) updateActivity(ctx context.Context, a *bcp.Activity) error {
	b, idx, err := tx.biaAndRefs(ctx)
	if err != nil {
		return err
	}
	i := slices.IndexFunc(b.Activities, func(x bcp.Activity) bool { return x.ID == a.ID })
	if i < 0 {
		return gone("activity", a.Ref)
	}
	before := b.Activities[i]
	read := a.Updated
	a.Created, a.Updated = before.Created, before.Updated
	prepareActivity(a)
	if err := idx.checkUnique(a.Ref, a.ID, true); err != nil {
		return err
	}
	if err := checkActivity(a, a.ID, b, idx); err != nil {
		return err
	}
	if err := bcp.AdmitActivity(&before, a, b, tx.today()); err != nil {
		return err
	}
	if same, err := equalJSON(before, *a); err != nil || same {
		return err
	}
	if err := tx.unchanged(ctx, "activity", before.Ref, &a.Updated, read, before.Updated, before); err != nil {
		return err
	}
	deps := &dependents{}
	if a.Ref != before.Ref {
		if deps, err = tx.dependentsOf(ctx, b, biaRef{id: a.ID, ref: before.Ref, activity: true}); err != nil {
			return err
		}
	}
	a.Updated = tx.restamp(before.Updated)
	vals, err := activityValues(a)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, updateActivitySQL, append(vals, a.ID)...); err != nil {
		return fmt.Errorf("save activity %s: %w", a.Ref, err)
	}
	if err := tx.saveActivityLinks(ctx, a, idx); err != nil {
		return err
	}
	if err := tx.logChange(ctx, "activity", a.Ref, ActionUpdate, before, a); err != nil {
		return err
	}
	if err := tx.rewriteRestores(ctx, deps.playbooks, before.Ref, a.Ref); err != nil {
		return err
	}
	if err := tx.logDependents(ctx, deps); err != nil {
		return err
	}
	return tx.renameRecordRefs(ctx, bcp.RefActivity, before.Ref, a.Ref)
}

// DeleteActivity removes an activity. It is also removed from the upstream
// activities of the others, the risks that threaten it and the playbooks
// that restore it, each of which is logged as an update; the change log
// keeps what it was.
func (db *DB) DeleteActivity(ctx context.Context, id int64) error {
	return db.update(ctx, func(tx *Tx) error {
		b, err := loadBIA(ctx, tx)
		if err != nil {
			return err
		}
		i := slices.IndexFunc(b.Activities, func(x bcp.Activity) bool { return x.ID == id })
		if i < 0 {
			return gone("activity", "")
		}
		old := b.Activities[i]
		deps, err := tx.dependentsOf(ctx, b, biaRef{id: id, ref: old.Ref, activity: true})
		if err != nil {
			return err
		}
		// Foreign keys remove its links.
		if _, err := tx.ExecContext(ctx, "DELETE FROM activities WHERE id = ?", id); err != nil {
			return fmt.Errorf("delete activity %s: %w", old.Ref, err)
		}
		if err := tx.logChange(ctx, "activity", old.Ref, ActionDelete, old, nil); err != nil {
			return err
		}
		if err := tx.rewriteRestores(ctx, deps.playbooks, old.Ref, ""); err != nil {
			return err
		}
		return tx.logDependents(ctx, deps)
	})
}

// prepareActivity normalises a as it is stored; the domain's rules judge
// it once its links are resolved (checkActivity).
func prepareActivity(a *bcp.Activity) {
	a.Normalize()
	// A copy, so that normalising does not reach into the caller's grid.
	a.Impacts = slices.Clone(a.Impacts)
	for i := range a.Impacts {
		if len(a.Impacts[i].Severities) == 0 {
			a.Impacts[i].Severities = nil
		}
	}
	roundDurations(&a.MTPDOverride, &a.RTO, &a.RPO)
}

// checkActivity resolves a's upstream activities and resources to their
// stored references, refusing those that do not exist even in an empty BIA,
// then applies the domain rules. id is a's row, zero when new.
func checkActivity(a *bcp.Activity, id int64, b *bcp.BIA, idx refIndex) error {
	for i, u := range a.Upstream {
		t, ok := idx[refKey(u)]
		switch {
		case strings.EqualFold(u, a.Ref):
			continue // the domain's upstream-self rule refuses it
		case ok && t.isActivity() && id != 0 && t.id == id:
			a.Upstream[i] = a.Ref // itself under the reference it is losing, refused alike
			continue
		case !ok:
			return risk.Err(risk.EINVALID, risk.T("store.activity.upstream_unknown", risk.Args{"Ref": a.Ref, "Upstream": u}))
		case !t.isActivity():
			return risk.Err(risk.EINVALID, risk.T("store.activity.upstream_is_resource", risk.Args{"Ref": a.Ref, "Upstream": u}))
		}
		a.Upstream[i] = t.ref
	}
	a.Upstream = canonicalRefs(a.Upstream)
	for i, r := range a.Resources {
		t, ok := idx[refKey(r)]
		switch {
		case !ok:
			return risk.Err(risk.EINVALID, risk.T("store.activity.resource_unknown", risk.Args{"Ref": a.Ref, "Resource": r}))
		case t.isActivity():
			return risk.Err(risk.EINVALID, risk.T("store.activity.resource_is_activity", risk.Args{"Ref": a.Ref, "Resource": r}))
		}
		a.Resources[i] = t.ref
	}
	a.Resources = canonicalRefs(a.Resources)
	return bcp.ValidateActivity(a, b)
}

func (tx *Tx) insertActivity(ctx context.Context, a *bcp.Activity) error {
	vals, err := activityValues(a)
	if err != nil {
		return err
	}
	if err := tx.QueryRowContext(ctx, insertActivitySQL, vals...).Scan(&a.ID); err != nil {
		return fmt.Errorf("save activity %s: %w", a.Ref, err)
	}
	return nil
}

// saveActivityLinks replaces an activity's links; its references are
// already resolved against idx.
func (tx *Tx) saveActivityLinks(ctx context.Context, a *bcp.Activity, idx refIndex) error {
	if _, err := tx.ExecContext(ctx, "DELETE FROM activity_upstream WHERE activity_id = ?", a.ID); err != nil {
		return fmt.Errorf("save upstream activities of %s: %w", a.Ref, err)
	}
	for _, u := range a.Upstream {
		if _, err := tx.ExecContext(ctx, "INSERT INTO activity_upstream (activity_id, upstream_id) VALUES (?, ?)", a.ID, idx[refKey(u)].id); err != nil {
			return fmt.Errorf("link %s to upstream %s: %w", a.Ref, u, err)
		}
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM activity_resources WHERE activity_id = ?", a.ID); err != nil {
		return fmt.Errorf("save resources of %s: %w", a.Ref, err)
	}
	for _, r := range a.Resources {
		if _, err := tx.ExecContext(ctx, "INSERT INTO activity_resources (activity_id, resource_id) VALUES (?, ?)", a.ID, idx[refKey(r)].id); err != nil {
			return fmt.Errorf("link %s to resource %s: %w", a.Ref, r, err)
		}
	}
	return nil
}
