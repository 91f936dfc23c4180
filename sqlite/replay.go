package sqlite

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"time"

	"riskbook/bcp"
	"riskbook/risk"
)

// Replaying the change log: every row holds the whole state of the entity
// it changed, so the records as they stood at any moment are the last
// state each entity was given before it. This is how the indicators of
// past months are computed without any copy having been kept.

// Replay is what a replay of the change log tells as it goes.
type Replay struct {
	// Before is called before each row is applied, with the row's time
	// and the records as they stood after every earlier row: the moment
	// to take what the records were just before at.
	Before func(at time.Time, st *ReplayState) error
	// Risk is called for each row that creates, changes or deletes a
	// risk, with the versions before and after (nil for none).
	Risk func(seq int64, at time.Time, before, after *risk.Risk)
}

// ReplayState is the records as a replay of the change log has rebuilt
// them so far.
type ReplayState struct {
	// Seq and At are the last row applied (0 and zero before the first).
	Seq int64
	At  time.Time
	// Unreadable counts the rows whose state could not be read: the
	// entity they changed keeps its earlier state.
	Unreadable int
	// Salvaged are the times of the salvages the log records: a salvage
	// lists what a damaged file lost, so the history before it may miss
	// changes.
	Salvaged []time.Time

	settings    map[string]string
	criteria    risk.Criteria
	biaSettings bcp.Settings
	catalogs    map[string]*risk.Catalog
	soa         map[string]*risk.SoAEntry
	risks       map[string]*risk.Risk
	activities  map[string]*bcp.Activity
	resources   map[string]*bcp.Resource
	playbooks   map[string]*bcp.Playbook
	exercises   map[string]*bcp.Exercise
	activations map[string]*bcp.Activation
	contacts    map[string]*bcp.Contact
}

func newReplayState() *ReplayState {
	return &ReplayState{
		settings: map[string]string{}, biaSettings: bcp.DefaultSettings(),
		catalogs: map[string]*risk.Catalog{}, soa: map[string]*risk.SoAEntry{}, risks: map[string]*risk.Risk{},
		activities: map[string]*bcp.Activity{}, resources: map[string]*bcp.Resource{}, playbooks: map[string]*bcp.Playbook{},
		exercises: map[string]*bcp.Exercise{}, activations: map[string]*bcp.Activation{}, contacts: map[string]*bcp.Contact{},
	}
}

// Records returns the records as they stand in the replay, each list in
// reference order, as the domain reads them.
func (st *ReplayState) Records() *Dump {
	d := &Dump{Format: DumpFormat, Version: DumpVersion, Settings: maps.Clone(st.settings),
		Criteria: st.criteria, BIASettings: st.biaSettings}
	for _, c := range sortedValues(st.catalogs, func(c *risk.Catalog) string { return c.ID }) {
		d.Catalogs = append(d.Catalogs, c)
	}
	d.SoA = sortedValues(st.soa, func(e *risk.SoAEntry) string { return e.Control })
	d.Risks = sortedValues(st.risks, func(r *risk.Risk) string { return r.Ref })
	d.Activities = sortedValues(st.activities, func(a *bcp.Activity) string { return a.Ref })
	d.Resources = sortedValues(st.resources, func(r *bcp.Resource) string { return r.Ref })
	d.Playbooks = sortedValues(st.playbooks, func(p *bcp.Playbook) string { return p.Ref })
	d.Exercises = sortedValues(st.exercises, func(e *bcp.Exercise) string { return e.Ref })
	d.Activations = sortedValues(st.activations, func(a *bcp.Activation) string { return a.Ref })
	d.Contacts = sortedValues(st.contacts, func(c *bcp.Contact) string { return c.Ref })
	return d
}

func sortedValues[T any](m map[string]*T, ref func(*T) string) []T {
	if len(m) == 0 {
		return nil // as the store reads an empty list
	}
	// Pointers are sorted, not records: a risk is a large struct to move.
	ps := slices.Collect(maps.Values(m))
	slices.SortFunc(ps, func(a, b *T) int { return risk.CompareRefs(ref(a), ref(b)) })
	out := make([]T, len(ps))
	for i, p := range ps {
		out[i] = *p
	}
	return out
}

// Head is the last row of the change log, 0 when it is empty: what has
// not changed since the same head was read has not changed at all, since
// every change of the records is logged.
func (s *Snapshot) Head(ctx context.Context) (int64, error) {
	var id int64
	if err := s.tx.QueryRowContext(ctx, "SELECT coalesce(max(id), 0) FROM changelog").Scan(&id); err != nil {
		return 0, s.db.readErr(fmt.Errorf("read change log: %w", err))
	}
	return id, nil
}

// Replay reads the change log oldest first, up to and including the row
// through (every row when through is 0), rebuilding the records as it
// goes and telling r, and returns the records as they stand after the
// last row read.
func (s *Snapshot) Replay(ctx context.Context, through int64, r Replay) (*ReplayState, error) {
	st := newReplayState()
	q := "SELECT id, at, actor, entity, key, action, before, after, prev_hash, hash FROM changelog"
	var args []any
	if through > 0 {
		q += " WHERE id <= ?"
		args = append(args, through)
	}
	err := scanChanges(ctx, s.tx, q+" ORDER BY id", args, func(c *Change) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		if r.Before != nil {
			if err := r.Before(c.At, st); err != nil {
				return err
			}
		}
		st.apply(c, r.Risk)
		st.Seq, st.At = c.ID, c.At
		return nil
	})
	if err != nil {
		return nil, s.db.readErr(err)
	}
	return st, nil
}

// apply gives the entity a row changed the state the row records.
func (st *ReplayState) apply(c *Change, onRisk func(int64, time.Time, *risk.Risk, *risk.Risk)) {
	if c.Entity == EntitySalvage {
		st.Salvaged = append(st.Salvaged, c.At)
		return
	}
	key := refKey(c.Key)
	// An update that changed a reference moves the entity to the new one.
	oldKey := key
	if c.Action == ActionUpdate && renamable[c.Entity] {
		var was struct {
			Ref string `json:"ref"`
		}
		if json.Unmarshal([]byte(c.Before), &was) == nil && was.Ref != "" {
			oldKey = refKey(was.Ref)
		}
	}
	var ok bool
	switch c.Entity {
	case "setting":
		ok = replaySetting(st.settings, c)
	case "criteria":
		ok = c.Action == ActionDelete || json.Unmarshal([]byte(c.After), &st.criteria) == nil
	case "bia-settings":
		ok = c.Action == ActionDelete || json.Unmarshal([]byte(c.After), &st.biaSettings) == nil
	case "catalog":
		_, ok = replayEntity(st.catalogs, c, key, key)
	case "soa":
		_, ok = replayEntity(st.soa, c, key, key)
	case "risk":
		var before *risk.Risk
		before, ok = replayEntity(st.risks, c, oldKey, key)
		if ok && onRisk != nil {
			onRisk(c.ID, c.At, before, st.risks[key])
		}
	case "activity":
		_, ok = replayEntity(st.activities, c, oldKey, key)
	case "resource":
		_, ok = replayEntity(st.resources, c, oldKey, key)
	case "playbook":
		_, ok = replayEntity(st.playbooks, c, oldKey, key)
	case "exercise":
		_, ok = replayEntity(st.exercises, c, oldKey, key)
	case "activation":
		_, ok = replayEntity(st.activations, c, oldKey, key)
	case "contact":
		_, ok = replayEntity(st.contacts, c, oldKey, key)
	default:
		ok = true // an event (an import, a document issued, an assessment closed), not a record
	}
	if !ok {
		st.Unreadable++
	}
}

// replayEntity gives the entity at oldKey the state a row records, under
// key, and returns the state it had; false when the state cannot be read.
func replayEntity[T any](m map[string]*T, c *Change, oldKey, key string) (*T, bool) {
	before := m[oldKey]
	if c.Action == ActionDelete {
		delete(m, key)
		return before, true
	}
	v := new(T)
	if err := json.Unmarshal([]byte(c.After), v); err != nil {
		return before, false
	}
	delete(m, oldKey)
	m[key] = v
	return before, true
}

func replaySetting(m map[string]string, c *Change) bool {
	if c.Action == ActionDelete {
		delete(m, c.Key)
		return true
	}
	var v string
	if err := json.Unmarshal([]byte(c.After), &v); err != nil {
		return false
	}
	m[c.Key] = v
	return true
}

// RiskChanges tells fn of every row after the row after that creates,
// changes or deletes a risk, with the versions the row records before and
// after (nil for none), as Replay tells its Risk, without rebuilding any
// record: what resumes a replay's account of the risks' history. It
// returns the last row read (after when there is none) and the times of
// the salvages recorded after it.
func (s *Snapshot) RiskChanges(ctx context.Context, after int64, fn func(seq int64, at time.Time, before, after *risk.Risk)) (last int64, salvaged []time.Time, err error) {
	last = after
	err = scanChanges(ctx, s.tx, "SELECT id, at, actor, entity, key, action, before, after, prev_hash, hash FROM changelog WHERE id > ? ORDER BY id",
		[]any{after}, func(c *Change) error {
			if err := ctx.Err(); err != nil {
				return err
			}
			last = c.ID
			switch c.Entity {
			case EntitySalvage:
				salvaged = append(salvaged, c.At)
			case "risk":
				// A version before that cannot be read is none, as
				// Replay has none when it could not read the row that
				// made it.
				was, _ := riskState(c.Before)
				is, ok := riskState(c.After)
				if !ok || (c.Action != ActionDelete && is == nil) {
					return nil // unreadable, as Replay leaves it
				}
				if c.Action == ActionDelete {
					is = nil
				}
				fn(c.ID, c.At, was, is)
			}
			return nil
		})
	if err != nil {
		return 0, nil, s.db.readErr(err)
	}
	return last, salvaged, nil
}

// riskState reads the version of a risk a change-log row records, nil for
// none; false when it cannot be read.
func riskState(state string) (*risk.Risk, bool) {
	if state == "" {
		return nil, true
	}
	r := new(risk.Risk)
	if err := json.Unmarshal([]byte(state), r); err != nil {
		return nil, false
	}
	return r, true
}
