package sqlite

import (
	"context"
	"encoding/json"
	"slices"
	"strings"

	"riskbook/assets"
	"riskbook/bcp"
	"riskbook/i18n"
	"riskbook/risk"
)

// readSalvaged reads a workspace built from recovered rows as a dump,
// one kind at a time and, when a kind cannot be read as a whole, one row
// at a time: a row that cannot be read is left out and said. What cannot
// be read at all is replaced by what a new workspace starts with.
func readSalvaged(ctx context.Context, q queryer, rep *SalvageReport) *Dump {
	d := &Dump{Format: DumpFormat, Version: DumpVersion}
	var err error
	note := func(what string, err error) {
		rep.Problems = append(rep.Problems, i18n.T("salvage.problem.part", i18n.Args{"What": what, "Error": risk.ErrorMessage(err)}))
	}
	if d.Settings, err = settings(ctx, q); err != nil {
		note(i18n.T("salvage.part.settings"), err)
		d.Settings = map[string]string{}
	}
	if d.Criteria, err = criteria(ctx, q); err != nil {
		note(i18n.T("salvage.part.criteria"), err)
	}
	if d.Catalogs, err = catalogs(ctx, q); err != nil {
		note(i18n.T("salvage.part.catalogs"), err)
	}
	if entries, err := soa(ctx, q); err != nil {
		note(i18n.T("salvage.part.soa"), err)
	} else {
		for _, e := range entries {
			if !e.Updated.IsZero() {
				d.SoA = append(d.SoA, e)
			}
		}
	}
	if d.BIASettings, _, err = biaSettings(ctx, q); err != nil {
		note(i18n.T("salvage.part.bia_settings"), err)
		d.BIASettings = bcp.DefaultSettings()
	}
	d.Activities = eachRow(ctx, q, "activities", activities, rep)
	d.Resources = eachRow(ctx, q, "resources", resources, rep)
	d.Risks = eachRow(ctx, q, "risks", risks, rep)
	d.Playbooks = eachRow(ctx, q, "playbooks", playbooks, rep)
	d.Exercises = eachRow(ctx, q, "exercises", exercises, rep)
	d.Activations = eachRow(ctx, q, "activations", activations, rep)
	d.Contacts = eachRow(ctx, q, "contacts", contacts, rep)
	d.Assessments = salvageAssessments(ctx, q, rep)
	rows := eachRow(ctx, q, "changelog", func(ctx context.Context, q queryer, where string, arg any) ([]Change, error) {
		if where == "" {
			return changes(ctx, q, ChangeFilter{})
		}
		return changes(ctx, q, ChangeFilter{ID: arg.(int64)})
	}, rep)
	for _, c := range rows {
		d.ChangeLog = append(d.ChangeLog, changeJSON{Change: c, Before: rawOrNull(c.Before), After: rawOrNull(c.After)})
	}
	return d
}

// salvageAssessments reads the closed assessments whose records still
// match their digest; one that cannot be read, or was changed, is left out
// and said.
func salvageAssessments(ctx context.Context, q queryer, rep *SalvageReport) []AssessmentDump {
	list, err := assessments(ctx, q)
	if err != nil {
		rep.Problems = append(rep.Problems, i18n.T("salvage.problem.part", i18n.Args{"What": i18n.T("salvage.part.assessments"), "Error": risk.ErrorMessage(err)}))
		return nil
	}
	var out []AssessmentDump
	for _, meta := range list {
		a, raw, err := assessmentJSON(ctx, q, meta.Name)
		if err != nil {
			rep.Problems = append(rep.Problems, i18n.T("salvage.problem.part", i18n.Args{"What": i18n.T("salvage.part.assessment", i18n.Args{"Name": meta.Name}), "Error": risk.ErrorMessage(err)}))
			continue
		}
		out = append(out, AssessmentDump{Assessment: a, Records: raw})
	}
	return out
}

// eachRow loads a table's entities with load, all at once or, when that
// fails, row by row.
func eachRow[T any](ctx context.Context, q queryer, table string,
	load func(context.Context, queryer, string, any) ([]T, error), rep *SalvageReport) []T {
	all, err := load(ctx, q, "", nil)
	if err == nil {
		return all
	}
	rows, err := q.QueryContext(ctx, "SELECT id FROM "+table+" ORDER BY id")
	if err != nil {
		rep.Problems = append(rep.Problems, i18n.T("salvage.problem.part", i18n.Args{"What": tablePart(table), "Error": risk.ErrorMessage(err)}))
		return nil
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if rows.Scan(&id) == nil {
			ids = append(ids, id)
		}
	}
	rows.Close()
	var out []T
	for _, id := range ids {
		one, err := load(ctx, q, "id = ?", id)
		if err != nil {
			rep.UnreadableRows++
			continue
		}
		out = append(out, one...)
	}
	return out
}

// kindOf is how the salvage finds, replaces and removes the entities of
// one kind of the change log in a dump.
type kindOf struct {
	noun, plural string
	has          func(d *Dump, key string) bool
	set          func(d *Dump, key string, after []byte) error
	drop         func(d *Dump, key string)
	// stamp is the entity's update time as the change log writes it;
	// false for kinds without one.
	stamp func(d *Dump, key string) (string, bool)
}

func unstamped(*Dump, string) (string, bool) { return "", false }

func sameRef(a, b string) bool { return strings.EqualFold(strings.TrimSpace(a), strings.TrimSpace(b)) }

// listKind is the kindOf for entities kept in a list of the dump.
func listKind[T any](noun, plural string, list func(*Dump) *[]T, key func(*T) string) kindOf {
	find := func(d *Dump, k string) int {
		return slices.IndexFunc(*list(d), func(v T) bool { return sameRef(key(&v), k) })
	}
	return kindOf{noun: noun, plural: plural,
		has: func(d *Dump, k string) bool { return find(d, k) >= 0 },
		set: func(d *Dump, k string, after []byte) error {
			var v T
			if err := json.Unmarshal(after, &v); err != nil {
				return err
			}
			if i := find(d, k); i >= 0 {
				(*list(d))[i] = v
			} else {
				*list(d) = append(*list(d), v)
			}
			return nil
		},
		drop: func(d *Dump, k string) {
			*list(d) = slices.DeleteFunc(*list(d), func(v T) bool { return sameRef(key(&v), k) })
		},
		stamp: func(d *Dump, k string) (string, bool) {
			i := find(d, k)
			if i < 0 {
				return "", false
			}
			b, err := json.Marshal((*list(d))[i])
			if err != nil {
				return "", false
			}
			u := updatedOf(string(b))
			return u, u != ""
		},
	}
}

// salvageKinds are the entities the change log records with their whole
// state, keyed by the change log's entity names.
var salvageKinds = map[string]kindOf{
	"risk":       listKind("risk", "risks", func(d *Dump) *[]risk.Risk { return &d.Risks }, func(r *risk.Risk) string { return r.Ref }),
	"activity":   listKind("activity", "activities", func(d *Dump) *[]bcp.Activity { return &d.Activities }, func(a *bcp.Activity) string { return a.Ref }),
	"resource":   listKind("resource", "resources", func(d *Dump) *[]bcp.Resource { return &d.Resources }, func(r *bcp.Resource) string { return r.Ref }),
	"playbook":   listKind("playbook", "playbooks", func(d *Dump) *[]bcp.Playbook { return &d.Playbooks }, func(p *bcp.Playbook) string { return p.Ref }),
	"exercise":   listKind("exercise", "exercises", func(d *Dump) *[]bcp.Exercise { return &d.Exercises }, func(e *bcp.Exercise) string { return e.Ref }),
	"activation": listKind("incident record", "incident records", func(d *Dump) *[]bcp.Activation { return &d.Activations }, func(a *bcp.Activation) string { return a.Ref }),
	"contact":    listKind("contact", "contacts", func(d *Dump) *[]bcp.Contact { return &d.Contacts }, func(c *bcp.Contact) string { return c.Ref }),
	"soa":        listKind("Statement of Applicability entry", "Statement of Applicability entries", func(d *Dump) *[]risk.SoAEntry { return &d.SoA }, func(e *risk.SoAEntry) string { return e.Control }),
	"catalog":    listKind("control catalog", "control catalogs", func(d *Dump) *[]risk.Catalog { return &d.Catalogs }, func(c *risk.Catalog) string { return c.ID }),
	"setting": {noun: "setting", plural: "settings",
		has: func(d *Dump, k string) bool { _, ok := d.Settings[k]; return ok },
		set: func(d *Dump, k string, after []byte) error {
			var v string
			if err := json.Unmarshal(after, &v); err != nil {
				return err
			}
			d.Settings[k] = v
			return nil
		},
		drop: func(d *Dump, k string) { delete(d.Settings, k) }, stamp: unstamped},
	"criteria": {noun: "risk criteria", plural: "risk criteria",
		has:  func(d *Dump, _ string) bool { return d.Criteria.Validate() == nil },
		set:  func(d *Dump, _ string, after []byte) error { return json.Unmarshal(after, &d.Criteria) },
		drop: func(*Dump, string) {}, stamp: unstamped},
	"bia-settings": {noun: "BIA settings", plural: "BIA settings",
		has:  func(*Dump, string) bool { return true },
		set:  func(d *Dump, _ string, after []byte) error { return json.Unmarshal(after, &d.BIASettings) },
		drop: func(*Dump, string) {}, stamp: unstamped},
}

// applyHistory completes the recovered entities from the change log,
// whose rows hold each entity's whole state after every change:
//
//   - a recovered entity whose last recorded state has the same update
//     time is that state: the recorded one replaces the row, which may
//     have lost its actions or links; a row updated later is kept;
//   - an entity whose row was lost comes back as last recorded — counted
//     as possibly out of date when the file lost anything, since a later
//     change may have been lost with it;
//   - an entity the history last records as deleted stays deleted, unless
//     its row was updated after the deletion (made again later).
func applyHistory(d *Dump, rep *SalvageReport) {
	damaged := rep.Missing > 0 || rep.UnreadableRows > 0 || rep.UnassignedPages > 0 || len(rep.Gaps) > 0
	type key struct{ entity, ref string }
	last := map[key]Change{}
	var order []key
	note := func(k key, c Change) {
		if _, seen := last[k]; !seen {
			order = append(order, k)
		}
		last[k] = c
	}
	for _, cj := range d.ChangeLog {
		c := cj.Change
		if _, ok := salvageKinds[c.Entity]; !ok {
			continue
		}
		note(key{c.Entity, refKey(c.Key)}, c)
		// A change of reference moves the history to the new one.
		var was struct {
			Ref string `json:"ref"`
		}
		if c.Action == ActionUpdate && renamable[c.Entity] && json.Unmarshal([]byte(c.Before), &was) == nil &&
			was.Ref != "" && !sameRef(was.Ref, c.Key) {
			note(key{c.Entity, refKey(was.Ref)}, Change{ID: c.ID, At: c.At, Entity: c.Entity, Key: was.Ref, Action: ActionDelete})
		}
	}
	for _, k := range order {
		c := last[k]
		kind := salvageKinds[k.entity]
		stamp, stamped := kind.stamp(d, c.Key)
		switch present := kind.has(d, c.Key); {
		case c.Action == ActionDelete:
			if present && (!stamped || stamp <= formatTime(c.At)) {
				kind.drop(d, c.Key) // a deleted row, read from a page not yet reused
			}
		case present:
			if stamped && stamp == updatedOf(c.After) {
				kind.set(d, c.Key, []byte(c.After))
			}
		case kind.set(d, c.Key, []byte(c.After)) != nil:
		case damaged:
			rep.count(kind.noun).AsRecorded++
			rep.Stale = append(rep.Stale, LostRecord{Kind: kind.noun, Ref: c.Key,
				Why: i18n.T("salvage.why.as_recorded", i18n.Args{"Date": c.At.Local().Format("2006-01-02")})})
		default:
			rep.count(kind.noun).FromHistory++
		}
	}
}

// updatedOf reads the update time of an entity's state as the change log
// records it, "" when it has none.
func updatedOf(state string) string {
	var v struct {
		Updated string `json:"updated"`
	}
	if json.Unmarshal([]byte(state), &v) != nil {
		return ""
	}
	return v.Updated
}

// sanitize makes the salvaged dump whole enough to load: criteria and a
// catalog where they were lost, one entity per reference, and no link to
// an entity that was not recovered — each such link is said in the
// report, since the entity it names is lost.
func sanitize(d *Dump, rep *SalvageReport) {
	if d.Criteria.Validate() != nil {
		d.Criteria = risk.DefaultCriteria()
		rep.Problems = append(rep.Problems, i18n.T("salvage.problem.criteria_lost"))
	}
	if len(d.Catalogs) == 0 {
		if c, err := builtinCatalog(assets.DefaultCatalog); err == nil {
			d.Catalogs = []risk.Catalog{c}
			rep.Problems = append(rep.Problems, i18n.T("salvage.problem.catalog_lost"))
		}
	}
	controls := map[string]bool{}
	for _, c := range d.Catalogs {
		for _, ctl := range c.Controls {
			controls[ctl.ID] = true
		}
	}
	d.SoA = slices.DeleteFunc(d.SoA, func(e risk.SoAEntry) bool { return !controls[e.Control] })
	d.Activities = uniqueRefs(d.Activities, func(a *bcp.Activity) string { return a.Ref })
	d.Resources = uniqueRefs(d.Resources, func(r *bcp.Resource) string { return r.Ref })
	d.Risks = uniqueRefs(d.Risks, func(r *risk.Risk) string { return r.Ref })
	d.Playbooks = uniqueRefs(d.Playbooks, func(p *bcp.Playbook) string { return p.Ref })
	d.Exercises = uniqueRefs(d.Exercises, func(e *bcp.Exercise) string { return e.Ref })
	d.Activations = uniqueRefs(d.Activations, func(a *bcp.Activation) string { return a.Ref })
	d.Contacts = uniqueRefs(d.Contacts, func(c *bcp.Contact) string { return c.Ref })

	acts := refSet(d.Activities, func(a *bcp.Activity) string { return a.Ref })
	ress := refSet(d.Resources, func(r *bcp.Resource) string { return r.Ref })
	rsks := refSet(d.Risks, func(r *risk.Risk) string { return r.Ref })
	pbs := refSet(d.Playbooks, func(p *bcp.Playbook) string { return p.Ref })
	cons := refSet(d.Contacts, func(c *bcp.Contact) string { return c.Ref })
	either := func(ref string) bool { return acts[refKey(ref)] || ress[refKey(ref)] }
	keep := func(by string, refs *[]string, known func(string) bool, kind string) {
		*refs = slices.DeleteFunc(*refs, func(ref string) bool {
			if known(ref) {
				return false
			}
			rep.lost(kind, ref, i18n.T("salvage.why.named_by", i18n.Args{"Ref": by}))
			return true
		})
	}
	in := func(set map[string]bool) func(string) bool { return func(ref string) bool { return set[refKey(ref)] } }
	for i := range d.Risks {
		r := &d.Risks[i]
		keep(r.Ref, &r.Controls, func(id string) bool { return controls[id] }, "control")
		keep(r.Ref, &r.Threatens, either, "activity or resource")
	}
	for i := range d.Activities {
		a := &d.Activities[i]
		keep(a.Ref, &a.Upstream, in(acts), "activity")
		keep(a.Ref, &a.Resources, in(ress), "resource")
	}
	for i := range d.Resources {
		keep(d.Resources[i].Ref, &d.Resources[i].Sites, in(ress), "resource")
	}
	for i := range d.Playbooks {
		p := &d.Playbooks[i]
		keep(p.Ref, &p.Activities, in(acts), "activity")
		keep(p.Ref, &p.Resources, in(ress), "resource")
		keep(p.Ref, &p.Risks, in(rsks), "risk")
	}
	for i := range d.Exercises {
		ex := &d.Exercises[i]
		keep(ex.Ref, &ex.Playbooks, in(pbs), "playbook")
		for j := range ex.Findings {
			if f := &ex.Findings[j]; f.Risk != "" && !rsks[refKey(f.Risk)] {
				rep.lost("risk", f.Risk, i18n.T("salvage.why.named_by", i18n.Args{"Ref": ex.Ref}))
				f.Risk = ""
			}
		}
	}
	for i := range d.Contacts {
		c := &d.Contacts[i]
		keep(c.Ref, &c.Resources, in(ress), "resource")
		keep(c.Ref, &c.CallsNext, in(cons), "contact")
	}
	sortByRef(d.Activities, func(a *bcp.Activity) string { return a.Ref })
	sortByRef(d.Resources, func(r *bcp.Resource) string { return r.Ref })
	sortByRef(d.Risks, func(r *risk.Risk) string { return r.Ref })
	sortByRef(d.Playbooks, func(p *bcp.Playbook) string { return p.Ref })
	sortByRef(d.Exercises, func(e *bcp.Exercise) string { return e.Ref })
	sortByRef(d.Activations, func(a *bcp.Activation) string { return a.Ref })
	sortByRef(d.Contacts, func(c *bcp.Contact) string { return c.Ref })
}

func uniqueRefs[T any](list []T, ref func(*T) string) []T {
	seen := map[string]bool{}
	return slices.DeleteFunc(list, func(v T) bool {
		k := refKey(ref(&v))
		dup := seen[k]
		seen[k] = true
		return dup
	})
}

func refSet[T any](list []T, ref func(*T) string) map[string]bool {
	out := map[string]bool{}
	for i := range list {
		out[refKey(ref(&list[i]))] = true
	}
	return out
}

func sortByRef[T any](list []T, ref func(*T) string) {
	slices.SortStableFunc(list, func(a, b T) int { return risk.CompareRefs(ref(&a), ref(&b)) })
}

// tablePart names a table of the workspace in the salvage report: its
// records ("incident records" for activations).
func tablePart(table string) string {
	switch table {
	case "activities":
		return i18n.T("salvage.part.activities")
	case "resources":
		return i18n.T("salvage.part.resources")
	case "risks":
		return i18n.T("salvage.part.risks")
	case "playbooks":
		return i18n.T("salvage.part.playbooks")
	case "exercises":
		return i18n.T("salvage.part.exercises")
	case "activations":
		return i18n.T("salvage.part.activations")
	case "contacts":
		return i18n.T("salvage.part.contacts")
	case "changelog":
		return i18n.T("salvage.part.changelog")
	}
	return table
}
