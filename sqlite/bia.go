package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"riskbook/bcp"
	"riskbook/risk"
)

// The business impact analysis: its settings, activities and resources.
// Links between them are stored by row ID (migration 002), so a rename
// carries every reference along; the change log, which records entities by
// reference, then gets an update for each activity, resource, risk and
// playbook whose JSON the rename or a deletion changed.

// BIASettings returns the workspace's BIA criteria; bcp.DefaultSettings
// when they were never saved.
func (db *DB) BIASettings(ctx context.Context) (bcp.Settings, error) {
	s, _, err := biaSettings(ctx, db.read)
	return s, db.readErr(err)
}

// biaSettings returns the stored settings and true, or the defaults and
// false when none are stored (a workspace made before the BIA existed).
func biaSettings(ctx context.Context, q queryer) (bcp.Settings, bool, error) {
	var body string
	err := q.QueryRowContext(ctx, "SELECT body FROM bia_settings WHERE id = 1").Scan(&body)
	if errors.Is(err, sql.ErrNoRows) {
		return bcp.DefaultSettings(), false, nil
	}
	if err != nil {
		return bcp.Settings{}, false, fmt.Errorf("read BIA settings: %w", err)
	}
	var s bcp.Settings
	if err := json.Unmarshal([]byte(body), &s); err != nil {
		return bcp.Settings{}, false, fmt.Errorf("decode BIA settings: %w", err)
	}
	return s, true, nil
}

// SetBIASettings validates and saves the BIA criteria and records the
// change. It refuses a scale that would leave recorded impacts above it.
func (db *DB) SetBIASettings(ctx context.Context, s bcp.Settings) error {
	return db.update(ctx, func(tx *Tx) error { return tx.setBIASettings(ctx, s) })
}

func (tx *Tx) setBIASettings(ctx context.Context, s bcp.Settings) error {
	if err := checkSettings(&s); err != nil {
		return err
	}
	old, stored, err := biaSettings(ctx, tx)
	if err != nil {
		return err
	}
	if stored {
		if same, err := equalJSON(old, s); err != nil || same {
			return err
		}
	}
	acts, err := activities(ctx, tx, "", nil)
	if err != nil {
		return err
	}
	if err := s.ValidateFor(acts); err != nil {
		return err
	}
	if err := tx.saveBIASettings(ctx, s); err != nil {
		return err
	}
	if !stored {
		return tx.logChange(ctx, "bia-settings", "bia-settings", ActionCreate, nil, s)
	}
	return tx.logChange(ctx, "bia-settings", "bia-settings", ActionUpdate, old, s)
}

func (tx *Tx) saveBIASettings(ctx context.Context, s bcp.Settings) error {
	body, err := canonicalJSON(s)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO bia_settings (id, body) VALUES (1, ?)
		ON CONFLICT (id) DO UPDATE SET body = excluded.body`, body); err != nil {
		return fmt.Errorf("save BIA settings: %w", err)
	}
	return nil
}

// checkSettings rounds the horizons to the minute, as they are stored, and
// validates the settings.
func checkSettings(s *bcp.Settings) error {
	for i := range s.Horizons {
		roundDurations(&s.Horizons[i])
	}
	return s.Validate()
}

// BIA returns the settings, activities and resources from one consistent
// snapshot, for the rules and the readiness view.
func (db *DB) BIA(ctx context.Context) (*bcp.BIA, error) {
	tx, err := db.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, db.readErr(fmt.Errorf("begin read: %w", err))
	}
	defer tx.Rollback()
	b, err := loadBIA(ctx, tx)
	return b, db.readErr(err)
}

func loadBIA(ctx context.Context, q queryer) (*bcp.BIA, error) {
	s, _, err := biaSettings(ctx, q)
	if err != nil {
		return nil, err
	}
	b := &bcp.BIA{Settings: s}
	if b.Activities, err = activities(ctx, q, "", nil); err != nil {
		return nil, err
	}
	if b.Resources, err = resources(ctx, q, "", nil); err != nil {
		return nil, err
	}
	return b, nil
}

// biaRef is what a reference names: an activity or a resource.
type biaRef struct {
	id       int64
	ref      string // as stored
	activity bool
	kind     bcp.Kind // of a resource
}

func (r biaRef) isActivity() bool { return r.activity }

// refIndex maps upper-cased references of activities and resources to what
// they name; references are unique across both, ignoring case.
type refIndex map[string]biaRef

func refKey(ref string) string { return strings.ToUpper(strings.TrimSpace(ref)) }

// indexOf indexes the references of a BIA read from the store.
func indexOf(b *bcp.BIA) refIndex {
	idx := refIndex{}
	for _, a := range b.Activities {
		idx[refKey(a.Ref)] = biaRef{id: a.ID, ref: a.Ref, activity: true}
	}
	for _, r := range b.Resources {
		idx[refKey(r.Ref)] = biaRef{id: r.ID, ref: r.Ref, kind: r.Kind}
	}
	return idx
}

func loadRefs(ctx context.Context, q queryer) (refIndex, error) {
	rows, err := q.QueryContext(ctx, "SELECT id, ref, 1, '' FROM activities UNION ALL SELECT id, ref, 0, kind FROM resources")
	if err != nil {
		return nil, fmt.Errorf("read BIA references: %w", err)
	}
	defer rows.Close()
	idx := refIndex{}
	for rows.Next() {
		var r biaRef
		var kind string
		if err := rows.Scan(&r.id, &r.ref, &r.activity, &kind); err != nil {
			return nil, fmt.Errorf("read BIA references: %w", err)
		}
		r.kind = bcp.Kind(kind)
		idx[refKey(r.ref)] = r
	}
	return idx, rows.Err()
}

// checkUnique refuses a reference another activity or resource has. id is
// the row of the activity (or resource) being saved, zero when new.
func (idx refIndex) checkUnique(ref string, id int64, activity bool) error {
	other, ok := idx[refKey(ref)]
	if !ok || other.id == id && other.isActivity() == activity {
		return nil
	}
	args := risk.Args{"Ref": ref, "Other": other.ref}
	switch {
	case !other.isActivity() && activity:
		return risk.Err(risk.ECONFLICT, risk.T("store.ref_taken.resource", args))
	case !other.isActivity():
		return risk.Err(risk.ECONFLICT, risk.T("store.ref_taken.another_resource", args))
	case !activity:
		return risk.Err(risk.ECONFLICT, risk.T("store.ref_taken.activity", args))
	}
	return risk.Err(risk.ECONFLICT, risk.T("store.ref_taken.another_activity", args))
}

// canonicalRefs sorts and de-duplicates references, nil when there are none.
func canonicalRefs(refs []string) []string {
	if len(refs) == 0 {
		return nil
	}
	slices.SortFunc(refs, risk.CompareRefs)
	return slices.Compact(refs)
}

// roundDurations rounds durations to the minute, as they are stored. A
// negative one is left as it is, for the domain's rules to refuse.
func roundDurations(ds ...*bcp.Duration) {
	for _, d := range ds {
		if *d > 0 {
			*d = bcp.Duration(time.Duration(*d).Round(time.Minute))
		}
	}
}

func minutes(d bcp.Duration) int64 { return int64(time.Duration(d) / time.Minute) }

func fromMinutes(m int64) bcp.Duration { return bcp.Duration(time.Duration(m) * time.Minute) }

// nextBIARef returns the next free reference in a series such as ACT-01:
// two digits, more when needed. References ever used by an activity or a
// resource are not reused, as with risks.
func nextBIARef(ctx context.Context, q queryer, prefix string) (string, error) {
	return nextInSeries(ctx, q, `SELECT ref FROM activities UNION ALL SELECT ref FROM resources
		UNION ALL SELECT key FROM changelog WHERE entity IN ('activity', 'resource')`, prefix, 2)
}

// dependents are the entities whose references to an activity or resource
// change when it is renamed or deleted, as they were before.
type dependents struct {
	activities []bcp.Activity
	resources  []bcp.Resource
	risks      []risk.Risk
	playbooks  []bcp.Playbook
}

// dependentsOf finds what refers to target in b, the risks and the
// playbooks.
func (tx *Tx) dependentsOf(ctx context.Context, b *bcp.BIA, target biaRef) (*dependents, error) {
	d := &dependents{}
	for _, a := range b.Activities {
		list := a.Resources
		if target.isActivity() {
			list = a.Upstream
		}
		if slices.Contains(list, target.ref) {
			d.activities = append(d.activities, a)
		}
	}
	if !target.isActivity() {
		for _, r := range b.Resources {
			if slices.Contains(r.Sites, target.ref) {
				d.resources = append(d.resources, r)
			}
		}
	}
	column := "resource_id"
	if target.isActivity() {
		column = "activity_id"
	}
	var err error
	if d.risks, err = risks(ctx, tx, "id IN (SELECT risk_id FROM risk_threats WHERE "+column+" = ?)", target.id); err != nil {
		return nil, err
	}
	table := "playbook_resources"
	if target.isActivity() {
		table = "playbook_activities"
	}
	if d.playbooks, err = playbooksLinking(ctx, tx, table, column, target.id); err != nil {
		return nil, err
	}
	return d, nil
}

// logDependents marks the dependents updated now and logs each one's change,
// read back after the rename or deletion.
func (tx *Tx) logDependents(ctx context.Context, d *dependents) error {
	for _, a := range d.activities {
		if err := touchAndLog(ctx, tx, "activity", "activities", a.ID, a, activities, func(a *bcp.Activity) string { return a.Ref }); err != nil {
			return err
		}
	}
	for _, r := range d.resources {
		if err := touchAndLog(ctx, tx, "resource", "resources", r.ID, r, resources, func(r *bcp.Resource) string { return r.Ref }); err != nil {
			return err
		}
	}
	for _, r := range d.risks {
		if err := touchAndLog(ctx, tx, "risk", "risks", r.ID, r, risks, func(r *risk.Risk) string { return r.Ref }); err != nil {
			return err
		}
	}
	for _, p := range d.playbooks {
		if err := touchAndLog(ctx, tx, "playbook", "playbooks", p.ID, p, playbooks, func(p *bcp.Playbook) string { return p.Ref }); err != nil {
			return err
		}
	}
	return nil
}

// touchAndLog gives a row a new update time (restamp), reads it back and
// logs the change from before.
func touchAndLog[T any](ctx context.Context, tx *Tx, entity, table string, id int64, before T,
	read func(context.Context, queryer, string, any) ([]T, error), ref func(*T) string) error {
	var stamp string
	if err := tx.QueryRowContext(ctx, "SELECT updated FROM "+table+" WHERE id = ?", id).Scan(&stamp); err != nil {
		return fmt.Errorf("read %s %s: %w", entity, ref(&before), err)
	}
	prev, err := parseTime(stamp)
	if err != nil {
		return fmt.Errorf("%s %s: malformed update time %q", entity, ref(&before), stamp)
	}
	if _, err := tx.ExecContext(ctx, "UPDATE "+table+" SET updated = ? WHERE id = ?", formatTime(tx.restamp(prev)), id); err != nil {
		return fmt.Errorf("save %s %s: %w", entity, ref(&before), err)
	}
	after, err := read(ctx, tx, "id = ?", id)
	if err != nil || len(after) == 0 {
		return err
	}
	return tx.logChange(ctx, entity, ref(&after[0]), ActionUpdate, before, after[0])
}

// restoreBIA writes a dump's BIA into an empty workspace. Rows come first
// and links after, since links may point forward. The settings are stored
// when the dump's change log records them or they differ from the
// defaults, so that a workspace that never set them dumps and loads alike.
func (tx *Tx) restoreBIA(ctx context.Context, d *Dump) error {
	b := &bcp.BIA{Settings: bcp.DefaultSettings(), Activities: d.Activities, Resources: d.Resources}
	logged := slices.ContainsFunc(d.ChangeLog, func(c changeJSON) bool { return c.Entity == "bia-settings" })
	zero, err := equalJSON(d.BIASettings, bcp.Settings{})
	if err != nil {
		return err
	}
	if !zero {
		if err := checkSettings(&d.BIASettings); err != nil {
			return err
		}
		b.Settings = d.BIASettings
	}
	def, err := equalJSON(b.Settings, bcp.DefaultSettings())
	if err != nil {
		return err
	}
	if logged || !def {
		if err := tx.saveBIASettings(ctx, b.Settings); err != nil {
			return err
		}
	}
	idx := refIndex{}
	for i := range b.Resources {
		r := &b.Resources[i]
		err := tx.entity(ctx, "resource", r.Ref, func() error {
			prepareResource(r)
			if err := idx.checkUnique(r.Ref, 0, false); err != nil {
				return err
			}
			if err := tx.insertResource(ctx, r); err != nil {
				return err
			}
			idx[refKey(r.Ref)] = biaRef{id: r.ID, ref: r.Ref, kind: r.Kind}
			return nil
		})
		if err != nil {
			return err
		}
	}
	for i := range b.Activities {
		a := &b.Activities[i]
		err := tx.entity(ctx, "activity", a.Ref, func() error {
			prepareActivity(a)
			if err := idx.checkUnique(a.Ref, 0, true); err != nil {
				return err
			}
			if err := tx.insertActivity(ctx, a); err != nil {
				return err
			}
			idx[refKey(a.Ref)] = biaRef{id: a.ID, ref: a.Ref, activity: true}
			return nil
		})
		if err != nil {
			return err
		}
	}
	for i := range b.Resources {
		r := &b.Resources[i]
		err := tx.entity(ctx, "resource", r.Ref, func() error {
			if err := checkResource(r, r.ID, b, idx); err != nil {
				return err
			}
			return tx.saveResourceLinks(ctx, r, idx)
		})
		if err != nil {
			return err
		}
	}
	for i := range b.Activities {
		a := &b.Activities[i]
		err := tx.entity(ctx, "activity", a.Ref, func() error {
			if err := checkActivity(a, a.ID, b, idx); err != nil {
				return err
			}
			return tx.saveActivityLinks(ctx, a, idx)
		})
		if err != nil {
			return err
		}
	}
	return nil
}
