package sqlite

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"

	"riskbook/bcp"
	"riskbook/risk"
)

// Dump format identifiers. The format is documented in docs/workspace-json.md;
// DumpVersion changes only when a reader of the old format would misread or
// refuse the new one: version 2 added the business impact analysis, version
// 3 the playbooks, version 4 the evidence an auditor relies on (the day a
// risk was identified, findings tracked to closure, the document issues),
// version 5 the closed assessments. Every older version is still read.
const (
	DumpFormat  = "riskbook-workspace"
	DumpVersion = 5
)

// Dump is the whole workspace as one JSON document.
type Dump struct {
	Format    string            `json:"format"`
	Version   int               `json:"version"`
	Settings  map[string]string `json:"settings"`
	Criteria  risk.Criteria     `json:"criteria"`
	Catalogs  []risk.Catalog    `json:"catalogs"`
	SoA       []risk.SoAEntry   `json:"soa"`
	Risks     []risk.Risk       `json:"risks"`
	ChangeLog []changeJSON      `json:"changelog"`
	// BIASettings are the defaults when the workspace never set them.
	BIASettings bcp.Settings   `json:"bia_settings"`
	Activities  []bcp.Activity `json:"activities"`
	Resources   []bcp.Resource `json:"resources"`
	Playbooks   []bcp.Playbook `json:"playbooks"`
	// Exercises are the rehearsals of the playbooks (still version 3).
	Exercises []bcp.Exercise `json:"exercises"`
	// Activations are the records of playbooks declared (still version 3).
	Activations []bcp.Activation `json:"activations"`
	// Contacts are the people and organisations to call, with the call
	// tree (still version 3).
	Contacts []bcp.Contact `json:"contacts"`
	// Documents are the issues of the full document (version 4).
	Documents []Document `json:"documents"`
	// Assessments are the closed assessments, each with its records, in
	// the order they were closed (version 5).
	Assessments []AssessmentDump `json:"assessments"`
}

// Dump reads the whole workspace, in one read transaction so that it is a
// consistent snapshot even while the app is writing.
func (db *DB) Dump(ctx context.Context) (*Dump, error) {
	tx, err := db.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, db.readErr(fmt.Errorf("begin read: %w", err))
	}
	defer tx.Rollback()
	d, err := readDump(ctx, tx)
	return d, db.readErr(err)
}

func readDump(ctx context.Context, q queryer) (*Dump, error) {
	d, err := readDumpParts(ctx, q)
	if err != nil {
		return nil, err
	}
	if d.Risks, err = risks(ctx, q, "", nil); err != nil {
		return nil, err
	}
	err = eachAssessmentDump(ctx, q, func(a *AssessmentDump) error {
		d.Assessments = append(d.Assessments, *a)
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = eachChange(ctx, q, 0, func(c *Change) error {
		d.ChangeLog = append(d.ChangeLog, changeJSON{Change: *c, Before: rawOrNull(c.Before), After: rawOrNull(c.After)})
		return nil
	})
	if err != nil {
		return nil, err
	}
	return d, nil
}

// readDumpParts reads everything of the dump but the two parts that grow
// with the years, the risks and the change log.
func readDumpParts(ctx context.Context, q queryer) (*Dump, error) {
	d := &Dump{Format: DumpFormat, Version: DumpVersion}
	var err error
	if d.Settings, err = settings(ctx, q); err != nil {
		return nil, err
	}
	if d.Criteria, err = criteria(ctx, q); err != nil {
		return nil, err
	}
	if d.Catalogs, err = catalogs(ctx, q); err != nil {
		return nil, err
	}
	entries, err := soa(ctx, q)
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		if !e.Updated.IsZero() {
			d.SoA = append(d.SoA, e)
		}
	}
	if d.BIASettings, _, err = biaSettings(ctx, q); err != nil {
		return nil, err
	}
	if d.Activities, err = activities(ctx, q, "", nil); err != nil {
		return nil, err
	}
	if d.Resources, err = resources(ctx, q, "", nil); err != nil {
		return nil, err
	}
	if d.Playbooks, err = playbooks(ctx, q, "", nil); err != nil {
		return nil, err
	}
	if d.Exercises, err = exercises(ctx, q, "", nil); err != nil {
		return nil, err
	}
	if d.Activations, err = activations(ctx, q, "", nil); err != nil {
		return nil, err
	}
	if d.Contacts, err = contacts(ctx, q, "", nil); err != nil {
		return nil, err
	}
	if d.Documents, err = documents(ctx, q); err != nil {
		return nil, err
	}
	return d, nil
}

// WriteJSON writes d as stable JSON: object keys sorted, two-space indent,
// rows in a fixed order, dates in ISO 8601. The same workspace always gives
// the same bytes, so dumps diff well under version control.
func (d *Dump) WriteJSON(w io.Writer) error {
	return writeDump(w, append(dumpMembers(d),
		dumpMember{"risks", func(e *dumpWriter) error { return e.value(d.Risks) }},
		dumpMember{"changelog", func(e *dumpWriter) error { return e.value(d.ChangeLog) }},
		dumpMember{"assessments", func(e *dumpWriter) error {
			e.begin()
			for i := range d.Assessments {
				if err := e.elementWith(func(dst []byte) ([]byte, error) { return appendAssessment(dst, &d.Assessments[i]) }); err != nil {
					return err
				}
			}
			return e.end()
		}}))
}

// ReadDump parses a workspace dump, refusing unknown fields and other
// formats with a sentence that says where the problem is.
func ReadDump(r io.Reader, name string) (*Dump, error) {
	raw, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	var head struct {
		Format  string `json:"format"`
		Version int    `json:"version"`
	}
	if err := json.Unmarshal(raw, &head); err != nil {
		return nil, jsonError(name, raw, err)
	}
	if head.Format != DumpFormat {
		return nil, risk.Err(risk.EINVALID, risk.T("store.dump.format", risk.Args{"Name": name, "Format": risk.Quote(head.Format), "Want": risk.Quote(DumpFormat)}))
	}
	if head.Version < 1 {
		return nil, risk.Err(risk.EINVALID, risk.T("store.dump.version_missing", risk.Args{"Name": name}))
	}
	if head.Version > DumpVersion {
		return nil, risk.Err(risk.EINVALID, risk.T("store.dump.version_newer", risk.Args{"Name": name, "Version": head.Version, "Max": DumpVersion}))
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	var d Dump
	if err := dec.Decode(&d); err != nil {
		return nil, jsonError(name, raw, err)
	}
	return &d, nil
}

// jsonError turns a decoding error into a sentence naming the line.
func jsonError(name string, raw []byte, err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	var re *risk.Error
	switch {
	case errors.As(err, &re):
		return risk.Err(risk.EINVALID, risk.T("store.dump.subject", risk.Args{"Name": name, "Error": error(re)}))
	case errors.As(err, &syn):
		return risk.Err(risk.EINVALID, risk.T("store.dump.syntax", risk.Args{"Name": name, "Line": lineOf(raw, syn.Offset), "Detail": syn.Error()}))
	case errors.As(err, &typ):
		return risk.Err(risk.EINVALID, risk.T("store.dump.type", risk.Args{"Name": name, "Line": lineOf(raw, typ.Offset), "Field": risk.Quote(typ.Field), "Type": typ.Type.String(), "Value": typ.Value}))
	case strings.HasPrefix(err.Error(), "json: unknown field"):
		return risk.Err(risk.EINVALID, risk.T("store.dump.unknown_field", risk.Args{"Name": name, "Detail": strings.TrimPrefix(err.Error(), "json: ")}))
	}
	return risk.Err(risk.EINVALID, risk.T("store.dump.unreadable", risk.Args{"Name": name, "Detail": err.Error()}))
}

func lineOf(raw []byte, offset int64) int {
	if offset > int64(len(raw)) {
		offset = int64(len(raw))
	}
	return bytes.Count(raw[:offset], []byte("\n")) + 1
}

// Load makes a new workspace at path from a dump. The change log is
// restored row for row, so its hash chain still verifies; whatever the dump
// holds that its change log does not explain (a hand edit of the JSON, say)
// is then recorded as a change by the current user. The workspace is built
// under a temporary name, so a refused dump leaves nothing behind.
func Load(ctx context.Context, d *Dump, path string) error {
	if err := createNew(path); err != nil {
		return err
	}
	return build(ctx, path, func(db *DB) error {
		return db.update(ctx, func(tx *Tx) error {
			if err := tx.restore(ctx, d); err != nil {
				return err
			}
			return tx.reconcile(ctx)
		})
	})
}

func (tx *Tx) restore(ctx context.Context, d *Dump) error {
	for k, v := range d.Settings {
		if _, err := tx.ExecContext(ctx, "INSERT INTO settings (key, value) VALUES (?, ?)", k, v); err != nil {
			return fmt.Errorf("restore setting %s: %w", k, err)
		}
	}
	if err := d.Criteria.Validate(); err != nil {
		return err
	}
	body, err := canonicalJSON(d.Criteria)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO criteria (id, version, body) VALUES (1, ?, ?)", d.Criteria.Version, body); err != nil {
		return fmt.Errorf("restore criteria: %w", err)
	}
	for _, c := range d.Catalogs {
		if err := tx.entity(ctx, "catalog", c.ID, func() error { return tx.insertCatalog(ctx, c) }); err != nil {
			return err
		}
	}
	for _, e := range d.SoA {
		err := tx.entity(ctx, "soa", e.Control, func() error {
			if err := e.Validate(); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, "INSERT INTO soa (control, applicable, justification, implementation, updated) VALUES (?, ?, ?, ?, ?)",
				e.Control, e.Applicable, e.Justification, e.Implementation, formatTime(e.Updated)); err != nil {
				return fmt.Errorf("restore statement of applicability entry %s: %w", e.Control, err)
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	// Before the risks, which name the activities and resources they threaten.
	if err := tx.restoreBIA(ctx, d); err != nil {
		return err
	}
	for i := range d.Risks {
		r := &d.Risks[i]
		err := tx.entity(ctx, "risk", r.Ref, func() error {
			if err := tx.validateRisk(ctx, r, 0); err != nil {
				return err
			}
			if err := tx.QueryRowContext(ctx, insertRiskSQL, riskValues(r)...).Scan(&r.ID); err != nil {
				return fmt.Errorf("restore risk %s: %w", r.Ref, err)
			}
			return tx.saveRiskChildren(ctx, r, false)
		})
		if err != nil {
			return err
		}
	}
	// After the activities, resources and risks they name.
	if err := tx.restorePlaybooks(ctx, d); err != nil {
		return err
	}
	if err := tx.restoreExercises(ctx, d); err != nil {
		return err
	}
	if err := tx.restoreActivations(ctx, d); err != nil {
		return err
	}
	if err := tx.restoreContacts(ctx, d); err != nil {
		return err
	}
	if err := tx.restoreDocuments(ctx, d); err != nil {
		return err
	}
	if err := tx.restoreAssessments(ctx, d); err != nil {
		return err
	}
	for _, c := range d.ChangeLog {
		row := c.Change
		if row.Before, err = rawToCanonical(c.Before); err != nil {
			return fmt.Errorf("restore change-log row %d: %w", row.ID, err)
		}
		if row.After, err = rawToCanonical(c.After); err != nil {
			return fmt.Errorf("restore change-log row %d: %w", row.ID, err)
		}
		if err := insertChange(ctx, tx, &row); err != nil {
			return err
		}
	}
	// The change log's last row and next ID are read again by the next row
	// logged.
	tx.head = nil
	return nil
}

func rawToCanonical(m json.RawMessage) (string, error) {
	if len(m) == 0 || string(m) == "null" {
		return "", nil
	}
	return canonicalJSON(m)
}

// reconcile logs the difference between the workspace's content and what
// its change log says it should be.
func (tx *Tx) reconcile(ctx context.Context) error {
	ds, err := drift(ctx, tx)
	if err != nil {
		return err
	}
	for _, d := range ds {
		if err := tx.logChange(ctx, d.Entity, d.Key, d.Action, rawOrNil(d.Was), rawOrNil(d.Now)); err != nil {
			return err
		}
	}
	return nil
}

func rawOrNil(s string) any {
	if s == "" {
		return nil
	}
	return json.RawMessage(s)
}

// Drift is an entity whose stored state is not what the change log says:
// for every entity, the "after" of its last change must be its current state.
type Drift struct {
	Entity, Key string
	Action      string // the change that would explain the state: create, update or delete
	Was, Now    string // canonical JSON; "" for none
}

// drift compares every entity with its last change-log row.
func drift(ctx context.Context, q queryer) ([]Drift, error) {
	current, err := snapshotOf(ctx, q)
	if err != nil {
		return nil, err
	}
	logged := map[[2]string]string{}
	var order [][2]string
	rows, err := q.QueryContext(ctx, "SELECT entity, key, action, before, after FROM changelog ORDER BY id")
	if err != nil {
		return nil, fmt.Errorf("read change log: %w", err)
	}
	for rows.Next() {
		var k [2]string
		var action, before, after string
		if err := rows.Scan(&k[0], &k[1], &action, &before, &after); err != nil {
			rows.Close()
			return nil, fmt.Errorf("read change log: %w", err)
		}
		if records[k[0]] {
			continue // an event, not an entity with a state
		}
		if _, seen := logged[k]; !seen {
			order = append(order, k)
		}
		logged[k] = after
		// An update that changed a reference moves the entity's history to
		// the new reference: the old one no longer exists.
		var was struct {
			Ref string `json:"ref"`
		}
		if action == ActionUpdate && renamable[k[0]] && json.Unmarshal([]byte(before), &was) == nil && was.Ref != k[1] {
			logged[[2]string{k[0], was.Ref}] = ""
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var out []Drift
	for _, s := range current.items {
		k := [2]string{s.entity, s.key}
		was, seen := logged[k]
		switch {
		case !seen || was == "":
			out = append(out, Drift{s.entity, s.key, ActionCreate, "", s.json})
		case was != s.json:
			out = append(out, Drift{s.entity, s.key, ActionUpdate, was, s.json})
		}
	}
	for _, k := range order {
		if was := logged[k]; was != "" && !current.has[k] {
			out = append(out, Drift{k[0], k[1], ActionDelete, was, ""})
		}
	}
	return out, nil
}

// renamable are the entities whose key is a reference that can change.
var renamable = map[string]bool{"risk": true, "activity": true, "resource": true, "playbook": true, "exercise": true, "contact": true}

type snapshotItem struct{ entity, key, json string }

type snapshot struct {
	items []snapshotItem
	has   map[[2]string]bool
}

// snapshotOf encodes every logged entity's current state as the change log
// would record it, in dump order.
func snapshotOf(ctx context.Context, q queryer) (*snapshot, error) {
	s := &snapshot{has: map[[2]string]bool{}}
	add := func(entity, key string, v any) error {
		j, err := canonicalJSON(v)
		if err != nil {
			return err
		}
		s.items = append(s.items, snapshotItem{entity, key, j})
		s.has[[2]string{entity, key}] = true
		return nil
	}
	d, err := readDump(ctx, q)
	if err != nil {
		return nil, err
	}
	keys := slices.Sorted(maps.Keys(d.Settings))
	for _, k := range keys {
		if err := add("setting", k, d.Settings[k]); err != nil {
			return nil, err
		}
	}
	if err := add("criteria", "criteria", d.Criteria); err != nil {
		return nil, err
	}
	for _, cat := range d.Catalogs {
		if err := add("catalog", cat.ID, cat); err != nil {
			return nil, err
		}
	}
	for _, e := range d.SoA {
		if err := add("soa", e.Control, e); err != nil {
			return nil, err
		}
	}
	// Settings never saved are the defaults, which nothing logged.
	if _, stored, err := biaSettings(ctx, q); err != nil {
		return nil, err
	} else if stored {
		if err := add("bia-settings", "bia-settings", d.BIASettings); err != nil {
			return nil, err
		}
	}
	for _, r := range d.Resources {
		if err := add("resource", r.Ref, r); err != nil {
			return nil, err
		}
	}
	for _, a := range d.Activities {
		if err := add("activity", a.Ref, a); err != nil {
			return nil, err
		}
	}
	for _, r := range d.Risks {
		if err := add("risk", r.Ref, r); err != nil {
			return nil, err
		}
	}
	for _, p := range d.Playbooks {
		if err := add("playbook", p.Ref, p); err != nil {
			return nil, err
		}
	}
	for _, ex := range d.Exercises {
		if err := add("exercise", ex.Ref, ex); err != nil {
			return nil, err
		}
	}
	for _, a := range d.Activations {
		if err := add("activation", a.Ref, a); err != nil {
			return nil, err
		}
	}
	for _, c := range d.Contacts {
		if err := add("contact", c.Ref, c); err != nil {
			return nil, err
		}
	}
	for _, doc := range d.Documents {
		if err := add(EntityDocument, strconv.Itoa(doc.Issue), doc); err != nil {
			return nil, err
		}
	}
	for _, a := range d.Assessments {
		if err := add(EntityAssessment, a.Name, a.Assessment); err != nil {
			return nil, err
		}
	}
	return s, nil
}
