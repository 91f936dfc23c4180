package sqlite

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"riskbook/assets"
	"riskbook/bcp"
	"riskbook/risk"
)

// Playbooks (migration 003). The scalar fields have columns; what is read
// and written whole (roles, phases, communications, out-of-band channels,
// who may declare) is one canonical JSON body. The activities, resources and
// risks a playbook names are links by row ID, so renaming or deleting one of
// them carries through, logged as an update of the playbook.

// playbookColumns are the playbooks table's columns in the order
// playbookValues and scanPlaybook use.
var playbookColumns = []string{"ref", "title", "scenario", "scope", "activation_criteria", "version", "owner",
	"approved", "last_exercised", "body", "created", "updated"}

// playbookBody is what the body column holds.
type playbookBody struct {
	MayDeclare     []string            `json:"may_declare"`
	Roles          []bcp.Role          `json:"roles"`
	Phases         []bcp.PhaseSteps    `json:"phases"`
	Communications []bcp.Communication `json:"communications"`
	OutOfBand      []string            `json:"out_of_band"`
}

func playbookValues(p *bcp.Playbook) ([]any, error) {
	body, err := canonicalJSON(playbookBody{MayDeclare: p.MayDeclare, Roles: p.Roles, Phases: p.Phases,
		Communications: p.Communications, OutOfBand: p.OutOfBand})
	if err != nil {
		return nil, fmt.Errorf("encode playbook %s: %w", p.Ref, err)
	}
	return []any{p.Ref, p.Title, p.Scenario, p.Scope, p.ActivationCriteria, p.Version, p.Owner,
		p.Approved.String(), p.LastExercised.String(), body, formatTime(p.Created), formatTime(p.Updated)}, nil
}

var (
	insertPlaybookSQL = fmt.Sprintf("INSERT INTO playbooks (%s) VALUES (%s) RETURNING id",
		strings.Join(playbookColumns, ", "), strings.TrimSuffix(strings.Repeat("?, ", len(playbookColumns)), ", "))
	updatePlaybookSQL = fmt.Sprintf("UPDATE playbooks SET %s = ? WHERE id = ?", strings.Join(playbookColumns, " = ?, "))
	selectPlaybookSQL = "SELECT id, " + strings.Join(playbookColumns, ", ") + " FROM playbooks"
)

func scanPlaybook(s rowScanner) (bcp.Playbook, error) {
	var p bcp.Playbook
	var approved, exercised, body, created, updated string
	err := s.Scan(&p.ID, &p.Ref, &p.Title, &p.Scenario, &p.Scope, &p.ActivationCriteria, &p.Version, &p.Owner,
		&approved, &exercised, &body, &created, &updated)
	if err != nil {
		return p, err
	}
	var b playbookBody
	if err := json.Unmarshal([]byte(body), &b); err != nil {
		return p, fmt.Errorf("playbook %s: malformed body: %w", p.Ref, err)
	}
	p.MayDeclare, p.Roles, p.Phases, p.Communications, p.OutOfBand = b.MayDeclare, b.Roles, b.Phases, b.Communications, b.OutOfBand
	if p.Approved, err = risk.ParseDate(approved); err != nil {
		return p, fmt.Errorf("playbook %s: %w", p.Ref, err)
	}
	if p.LastExercised, err = risk.ParseDate(exercised); err != nil {
		return p, fmt.Errorf("playbook %s: %w", p.Ref, err)
	}
	if err := parseStamps("playbook", p.Ref, created, updated, &p.Created, &p.Updated); err != nil {
		return p, err
	}
	return p, nil
}

// Playbooks returns every playbook with the activities, resources and risks
// it names, in natural reference order.
func (db *DB) Playbooks(ctx context.Context) ([]bcp.Playbook, error) {
	v, err := playbooks(ctx, db.read, "", nil)
	return v, db.readErr(err)
}

// Playbook returns the playbook with the given ID.
func (db *DB) Playbook(ctx context.Context, id int64) (bcp.Playbook, error) {
	pbs, err := playbooks(ctx, db.read, "id = ?", id)
	if err != nil {
		return bcp.Playbook{}, db.readErr(err)
	}
	if len(pbs) == 0 {
		return bcp.Playbook{}, gone("playbook", "")
	}
	return pbs[0], nil
}

// playbooks loads playbooks matching an optional condition on the
// playbooks table, with their links, in natural reference order.
func playbooks(ctx context.Context, q queryer, where string, arg any) ([]bcp.Playbook, error) {
	pbs, err := loadEntities(ctx, q, "playbooks", selectPlaybookSQL, where, arg, 0, scanPlaybook,
		func(p *bcp.Playbook) int64 { return p.ID })
	if err != nil {
		return nil, err
	}
	for _, l := range []struct {
		what, query string
		refs        func(*bcp.Playbook) *[]string
	}{
		{"activities", `SELECT l.playbook_id, a.ref FROM playbook_activities l JOIN activities a ON a.id = l.activity_id
			WHERE l.playbook_id`, func(p *bcp.Playbook) *[]string { return &p.Activities }},
		{"resources", `SELECT l.playbook_id, r.ref FROM playbook_resources l JOIN resources r ON r.id = l.resource_id
			WHERE l.playbook_id`, func(p *bcp.Playbook) *[]string { return &p.Resources }},
		{"risks", `SELECT l.playbook_id, r.ref FROM playbook_risks l JOIN risks r ON r.id = l.risk_id
			WHERE l.playbook_id`, func(p *bcp.Playbook) *[]string { return &p.Risks }},
	} {
		if err := pbs.addRefs(ctx, q, l.query, l.refs); err != nil {
			return nil, fmt.Errorf("read %s of playbooks: %w", l.what, err)
		}
	}
	slices.SortFunc(pbs.list, func(a, b bcp.Playbook) int { return risk.CompareRefs(a.Ref, b.Ref) })
	return pbs.list, nil
}

// playbooksLinking returns the playbooks with a link in table whose column
// is id: those that name an activity, a resource or a risk.
func playbooksLinking(ctx context.Context, q queryer, table, column string, id int64) ([]bcp.Playbook, error) {
	return playbooks(ctx, q, "id IN (SELECT playbook_id FROM "+table+" WHERE "+column+" = ?)", id)
}

// CreatePlaybook validates p and stores it as a new playbook, filling in
// its ID, timestamps and, when empty, its reference (the next PB-NN). The
// activities, resources and risks it names must exist.
func (db *DB) CreatePlaybook(ctx context.Context, p *bcp.Playbook) error {
	return db.update(ctx, func(tx *Tx) error { return tx.createPlaybook(ctx, p) })
}

func (tx *Tx) createPlaybook(ctx context.Context, p *bcp.Playbook) error {
	err := tx.stampNew(&p.Ref, &p.Created, &p.Updated, func() (string, error) { return nextPlaybookRef(ctx, tx) })
	if err != nil {
		return err
	}
	idx, err := loadPlaybookTargets(ctx, tx)
	if err != nil {
		return err
	}
	if err := tx.checkPlaybook(ctx, p, 0, idx); err != nil {
		return err
	}
	if err := bcp.AdmitPlaybook(nil, p, tx.today()); err != nil {
		return err
	}
	if err := tx.insertPlaybook(ctx, p); err != nil {
		return err
	}
	if err := tx.savePlaybookLinks(ctx, p, idx); err != nil {
		return err
	}
	return tx.logChange(ctx, "playbook", p.Ref, ActionCreate, nil, p)
}

// UpdatePlaybook validates p and saves it over the stored playbook with the
// same ID. Saving an unchanged playbook changes nothing and logs nothing.
func (db *DB) UpdatePlaybook(ctx context.Context, p *bcp.Playbook) error {
	return db.update(ctx, func(tx *Tx) error { return tx.updatePlaybook(ctx, p) })
}

func (tx *Tx) updatePlaybook(ctx context.Context, p *bcp.Playbook) error {
	old, err := playbooks(ctx, tx, "id = ?", p.ID)
	if err != nil {
		return err
	}
	if len(old) == 0 {
		return gone("playbook", p.Ref)
	}
	before := old[0]
	read := p.Updated
	p.Created, p.Updated = before.Created, before.Updated
	idx, err := loadPlaybookTargets(ctx, tx)
	if err != nil {
		return err
	}
	if err := tx.checkPlaybook(ctx, p, p.ID, idx); err != nil {
		return err
	}
	if err := bcp.AdmitPlaybook(&before, p, tx.today()); err != nil {
		return err
	}
	if same, err := equalJSON(before, *p); err != nil || same {
		return err
	}
	if err := tx.unchanged(ctx, "playbook", before.Ref, &p.Updated, read, before.Updated, before); err != nil {
		return err
	}
	p.Updated = tx.restamp(before.Updated)
	vals, err := playbookValues(p)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, updatePlaybookSQL, append(vals, p.ID)...); err != nil {
		return fmt.Errorf("save playbook %s: %w", p.Ref, err)
	}
	if err := tx.savePlaybookLinks(ctx, p, idx); err != nil {
		return err
	}
	if err := tx.logChange(ctx, "playbook", p.Ref, ActionUpdate, before, p); err != nil {
		return err
	}
	// The exercises and activations of the playbook follow a new reference.
	return tx.renameRecordRefs(ctx, bcp.RefPlaybook, before.Ref, p.Ref)
}

// DeletePlaybook removes a playbook with its links; the change log keeps
// what it was.
func (db *DB) DeletePlaybook(ctx context.Context, id int64) error {
	return db.update(ctx, func(tx *Tx) error {
		old, err := playbooks(ctx, tx, "id = ?", id)
		if err != nil {
			return err
		}
		if len(old) == 0 {
			return gone("playbook", "")
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM playbooks WHERE id = ?", id); err != nil {
			return fmt.Errorf("delete playbook %s: %w", old[0].Ref, err)
		}
		return tx.logChange(ctx, "playbook", old[0].Ref, ActionDelete, old[0], nil)
	})
}

// CreatePlaybookFromTemplate stores a new playbook made from the built-in
// template with the name (assets.PlaybookTemplates, e.g.
// "ddos-name-servers") and returns it. It gets the next free reference,
// whatever the template's. The template names activities, resources and
// risks of the ccTLD starter kit; those this workspace does not have (as an
// activity, a resource or a risk respectively) are dropped rather than
// refused, so that a template fits any workspace and the team links its own.
// The template is written in the workspace's content language.
func (db *DB) CreatePlaybookFromTemplate(ctx context.Context, name string) (*bcp.Playbook, error) {
	var p *bcp.Playbook
	err := db.update(ctx, func(tx *Tx) error {
		lang, err := contentLanguage(ctx, tx)
		if err != nil {
			return err
		}
		if p, err = playbookTemplate(name, lang); err != nil {
			return err
		}
		idx, err := loadPlaybookTargets(ctx, tx)
		if err != nil {
			return err
		}
		idx.keepKnown(p)
		return tx.createPlaybook(ctx, p)
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

// ContentLanguage is the language the workspace's starter content is
// written in, and the playbook templates it adds: "en" unless it was made
// in another.
func (db *DB) ContentLanguage(ctx context.Context) (string, error) {
	lang, err := contentLanguage(ctx, db.read)
	return lang, db.readErr(err)
}

func contentLanguage(ctx context.Context, q queryer) (string, error) {
	lang, err := setting(ctx, q, SettingContentLanguage)
	if lang == "" {
		lang = assets.DefaultLanguage
	}
	return lang, err
}

// playbookTemplate returns the built-in playbook template with the name
// written in a language, ready to store.
func playbookTemplate(name, lang string) (*bcp.Playbook, error) {
	names, bodies, err := assets.PlaybookTemplatesIn(lang)
	if err != nil {
		return nil, risk.Errorf(risk.EINVALID, "%s.", upperFirst(err.Error()))
	}
	i := slices.Index(names, name)
	if i < 0 {
		return nil, risk.Err(risk.EINVALID, risk.T("store.playbook.template_unknown", risk.Args{"Name": risk.Quote(name), "Names": strings.Join(names, ", ")}))
	}
	p, err := parsePlaybookTemplate(bodies[i])
	if err != nil {
		return nil, fmt.Errorf("playbook template %s: %w", name, err)
	}
	return p, nil
}

// parsePlaybookTemplate reads a playbook template, refusing fields it does
// not know and anything after the playbook: a typo in a template must fail
// its tests, not vanish. What the store assigns is cleared.
func parsePlaybookTemplate(raw []byte) (*bcp.Playbook, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	var p bcp.Playbook
	if err := dec.Decode(&p); err != nil {
		return nil, err
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, errors.New("data after the playbook")
	}
	p.ID, p.Ref = 0, ""
	p.Created, p.Updated = time.Time{}, time.Time{}
	return &p, nil
}

// nextPlaybookRef returns the next free reference in the PB-01 series.
// References of deleted playbooks are not reused, as with risks.
func nextPlaybookRef(ctx context.Context, q queryer) (string, error) {
	return nextInSeries(ctx, q, "SELECT ref FROM playbooks UNION ALL SELECT key FROM changelog WHERE entity = 'playbook'", "PB-", 2)
}

// playbookTargets is what a playbook's references can name: the BIA's
// activities and resources, and the risks by upper-cased reference.
type playbookTargets struct {
	bia   refIndex
	risks map[string]biaRef
}

func loadPlaybookTargets(ctx context.Context, q queryer) (*playbookTargets, error) {
	bia, err := loadRefs(ctx, q)
	if err != nil {
		return nil, err
	}
	t := &playbookTargets{bia: bia, risks: map[string]biaRef{}}
	err = links(ctx, q, "SELECT id, ref FROM risks", nil, func(id int64, ref string) {
		t.risks[refKey(ref)] = biaRef{id: id, ref: ref}
	})
	if err != nil {
		return nil, fmt.Errorf("read risk references: %w", err)
	}
	return t, nil
}

// activity, resource and risk return what ref names when it is of that
// kind.
func (t *playbookTargets) activity(ref string) (biaRef, bool) {
	r, ok := t.bia[refKey(ref)]
	return r, ok && r.isActivity()
}

func (t *playbookTargets) resource(ref string) (biaRef, bool) {
	r, ok := t.bia[refKey(ref)]
	return r, ok && !r.isActivity()
}

func (t *playbookTargets) risk(ref string) (biaRef, bool) {
	r, ok := t.risks[refKey(ref)]
	return r, ok
}

// keepKnown drops the references of p that name nothing of their kind.
func (t *playbookTargets) keepKnown(p *bcp.Playbook) {
	keep := func(refs []string, find func(string) (biaRef, bool)) []string {
		return slices.DeleteFunc(slices.Clone(refs), func(r string) bool { _, ok := find(r); return !ok })
	}
	p.Activities, p.Resources, p.Risks = keep(p.Activities, t.activity), keep(p.Resources, t.resource), keep(p.Risks, t.risk)
}

// resolve replaces p's references with the stored ones, refusing those
// that name nothing of their kind.
func (t *playbookTargets) resolve(p *bcp.Playbook) error {
	for i, ref := range p.Activities {
		r, ok := t.activity(ref)
		if !ok {
			return risk.Err(risk.EINVALID, risk.T("store.playbook.activity_unknown", risk.Args{"Ref": p.Ref, "Other": ref}))
		}
		p.Activities[i] = r.ref
	}
	for i, ref := range p.Resources {
		r, ok := t.resource(ref)
		if !ok {
			return risk.Err(risk.EINVALID, risk.T("store.playbook.resource_unknown", risk.Args{"Ref": p.Ref, "Other": ref}))
		}
		p.Resources[i] = r.ref
	}
	for i, ref := range p.Risks {
		r, ok := t.risk(ref)
		if !ok {
			return risk.Err(risk.EINVALID, risk.T("store.playbook.risk_unknown", risk.Args{"Ref": p.Ref, "Other": ref}))
		}
		p.Risks[i] = r.ref
	}
	p.Activities, p.Resources, p.Risks = canonicalRefs(p.Activities), canonicalRefs(p.Resources), canonicalRefs(p.Risks)
	return nil
}

// checkPlaybook normalises p as it is stored and refuses what breaks a
// blocking rule, a reference another playbook has, or a link to nothing.
// id is p's row, zero when new.
func (tx *Tx) checkPlaybook(ctx context.Context, p *bcp.Playbook, id int64, t *playbookTargets) error {
	preparePlaybook(p)
	if err := bcp.ValidatePlaybook(p); err != nil {
		return err
	}
	var other string
	err := tx.QueryRowContext(ctx, "SELECT ref FROM playbooks WHERE ref = ? AND id != ?", p.Ref, id).Scan(&other)
	switch {
	case err == nil:
		return risk.Err(risk.ECONFLICT, risk.T("store.ref_taken.playbook", risk.Args{"Ref": p.Ref, "Other": other}))
	case !errors.Is(err, sql.ErrNoRows):
		return fmt.Errorf("check reference %s: %w", p.Ref, err)
	}
	return t.resolve(p)
}

// preparePlaybook normalises a copy of p's lists, so that normalising does
// not reach into the caller's, and rounds its target times as they are
// stored.
func preparePlaybook(p *bcp.Playbook) {
	*p = p.Clone()
	p.Normalize()
	for i := range p.Phases {
		for j := range p.Phases[i].Steps {
			roundDurations(&p.Phases[i].Steps[j].When)
		}
	}
}

func (tx *Tx) insertPlaybook(ctx context.Context, p *bcp.Playbook) error {
	vals, err := playbookValues(p)
	if err != nil {
		return err
	}
	if err := tx.QueryRowContext(ctx, insertPlaybookSQL, vals...).Scan(&p.ID); err != nil {
		return fmt.Errorf("save playbook %s: %w", p.Ref, err)
	}
	return nil
}

// savePlaybookLinks replaces a playbook's links; its references are
// already resolved against t.
func (tx *Tx) savePlaybookLinks(ctx context.Context, p *bcp.Playbook, t *playbookTargets) error {
	for _, l := range []struct {
		table, column string
		refs          []string
		find          func(string) (biaRef, bool)
	}{
		{"playbook_activities", "activity_id", p.Activities, t.activity},
		{"playbook_resources", "resource_id", p.Resources, t.resource},
		{"playbook_risks", "risk_id", p.Risks, t.risk},
	} {
		if _, err := tx.ExecContext(ctx, "DELETE FROM "+l.table+" WHERE playbook_id = ?", p.ID); err != nil {
			return fmt.Errorf("save links of %s: %w", p.Ref, err)
		}
		for _, ref := range l.refs {
			r, ok := l.find(ref)
			if !ok {
				return fmt.Errorf("link %s to %s: not resolved", p.Ref, ref)
			}
			if _, err := tx.ExecContext(ctx, "INSERT INTO "+l.table+" (playbook_id, "+l.column+") VALUES (?, ?)", p.ID, r.id); err != nil {
				return fmt.Errorf("link %s to %s: %w", p.Ref, ref, err)
			}
		}
	}
	return nil
}

// restorePlaybooks writes a dump's playbooks into a workspace that already
// holds its activities, resources and risks.
func (tx *Tx) restorePlaybooks(ctx context.Context, d *Dump) error {
	t, err := loadPlaybookTargets(ctx, tx)
	if err != nil {
		return err
	}
	for i := range d.Playbooks {
		p := &d.Playbooks[i]
		err := tx.entity(ctx, "playbook", p.Ref, func() error {
			if err := tx.checkPlaybook(ctx, p, 0, t); err != nil {
				return err
			}
			if err := tx.insertPlaybook(ctx, p); err != nil {
				return err
			}
			return tx.savePlaybookLinks(ctx, p, t)
		})
		if err != nil {
			return err
		}
	}
	return nil
}
