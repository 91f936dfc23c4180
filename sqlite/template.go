package sqlite

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"

	"riskbook/assets"
	"riskbook/bcp"
	"riskbook/risk"
)

// Template names for Create.
const (
	TemplateBlank = "blank" // criteria and control catalog only
	TemplateCcTLD = "cctld" // plus the ccTLD starter register
)

// template is the format of assets/templates/*.json: a BIA, risks and SoA
// entries whose dates are given relative to the day the workspace is made,
// so the starter kit never ships stale; the contacts and playbooks of a
// plan in the box; and the team, the jobs the first start's people take.
type template struct {
	Name        string             `json:"name"`
	Description string             `json:"description"`
	BIA         *templateBIA       `json:"bia"`
	Risks       []templateRisk     `json:"risks"`
	SoA         []templateSoAItem  `json:"soa"`
	Team        []templateSlot     `json:"team"`
	Contacts    []bcp.Contact      `json:"contacts"`
	Playbooks   *templatePlaybooks `json:"playbooks"`
	// language is the language the template is written in, which its
	// playbooks are taken in.
	language string
}

// templateBIA is a template's business impact analysis. Links may point
// forward: resources and activities are created in an order that puts what
// is linked to first.
type templateBIA struct {
	Settings   *bcp.Settings      `json:"settings"` // bcp.DefaultSettings when absent
	Resources  []templateResource `json:"resources"`
	Activities []templateActivity `json:"activities"`
}

type templateResource struct {
	bcp.Resource
	CapacityConfirmedDaysAgo *int `json:"capacity_confirmed_days_ago"`
}

type templateActivity struct {
	bcp.Activity
	ApprovedDaysAgo *int `json:"approved_days_ago"`
}

type templateRisk struct {
	risk.Risk
	Acceptance *struct {
		Approver      string `json:"approver"`
		Rationale     string `json:"rationale"`
		ExpiresInDays int    `json:"expires_in_days"`
	} `json:"acceptance"`
	Actions []struct {
		risk.Action
		DueInDays int `json:"due_in_days"`
	} `json:"actions"`
}

type templateSoAItem struct {
	Control       string `json:"control"`
	Applicable    bool   `json:"applicable"`
	Justification string `json:"justification"`
	Status        string `json:"status"`
}

// CreateFromTemplate makes a new workspace at path holding the default
// criteria and BIA settings, the ISO/IEC 27001:2022 Annex A catalog and,
// unless the template is blank, the template's BIA, risks, Statement of
// Applicability, contacts and playbooks. Everything it adds is in the
// change log, as made by the current user.
func CreateFromTemplate(ctx context.Context, path, name string) (*DB, error) {
	return CreateFromTemplateAs(ctx, path, name, "")
}

// CreateFromTemplateAs is CreateFromTemplate with the workspace's user name
// set first, so that the whole history of the new workspace names that user.
func CreateFromTemplateAs(ctx context.Context, path, name, user string) (*DB, error) {
	return Create(ctx, path, NewWorkspace{Template: name, User: user})
}

// NewWorkspace is what a new workspace starts with.
type NewWorkspace struct {
	Template string // cctld or blank
	// Language is the language of the starter content (assets.Languages);
	// empty for English.
	Language string
	// User is the name the change log records; empty for the
	// operating-system user.
	User string
	// People take the jobs of the template's team (see personalise).
	People []bcp.Member
	// Settings are stored with the rest, in the same transaction: the
	// organisation profile the first start asked for.
	Settings map[string]string
}

// Create makes a new workspace at path as nw says, in one transaction
// whose every change the change log records as made by nw.User.
func Create(ctx context.Context, path string, nw NewWorkspace) (*DB, error) {
	if nw.Language == "" {
		nw.Language = assets.DefaultLanguage
	}
	tmpl, err := loadTemplate(nw.Template, nw.Language)
	if err != nil {
		return nil, err
	}
	if nw.Language != assets.DefaultLanguage {
		settings := maps.Clone(nw.Settings)
		if settings == nil {
			settings = map[string]string{}
		}
		settings[SettingContentLanguage] = nw.Language
		nw.Settings = settings
	}
	return createFrom(ctx, path, tmpl, nw)
}

// loadTemplate reads the built-in template with the name in a language;
// blank is the empty template.
func loadTemplate(name, lang string) (*template, error) {
	if err := assets.CheckLanguage(lang); err != nil {
		return nil, risk.Errorf(risk.EINVALID, "%s.", upperFirst(err.Error()))
	}
	if name == TemplateBlank {
		return &template{}, nil
	}
	raw, err := assets.TemplateIn(name, lang)
	if err != nil {
		return nil, risk.Err(risk.EINVALID, risk.T("store.template.unknown", risk.Args{"Name": risk.Quote(name), "Template": TemplateCcTLD}))
	}
	t, err := parseTemplate(raw)
	if err != nil {
		return nil, fmt.Errorf("template %s (%s): %w", name, lang, err)
	}
	t.language = lang
	return t, nil
}

// upperFirst writes s with a capital first letter, as a sentence starts.
func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// parseTemplate reads a template, refusing fields it does not know: a typo
// in the starter kit must fail its tests, not vanish.
func parseTemplate(raw []byte) (*template, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	var t template
	if err := dec.Decode(&t); err != nil {
		return nil, err
	}
	return &t, nil
}

func createFrom(ctx context.Context, path string, tmpl *template, nw NewWorkspace) (*DB, error) {
	catalog, err := builtinCatalog(assets.DefaultCatalog)
	if err != nil {
		return nil, err
	}
	if err := createNew(path); err != nil {
		return nil, err
	}
	err = build(ctx, path, func(db *DB) error {
		return db.update(ctx, func(tx *Tx) error {
			if err := tx.setSetting(ctx, SettingUserName, strings.TrimSpace(nw.User)); err != nil {
				return err
			}
			keys := slices.Sorted(maps.Keys(nw.Settings))
			for _, k := range keys {
				if err := tx.setSetting(ctx, k, strings.TrimSpace(nw.Settings[k])); err != nil {
					return err
				}
			}
			if err := tx.setCriteria(ctx, risk.DefaultCriteria()); err != nil {
				return err
			}
			if err := tx.addCatalog(ctx, catalog); err != nil {
				return err
			}
			return tx.applyTemplate(ctx, tmpl, nw.People)
		})
	})
	if err != nil {
		return nil, err
	}
	return Open(ctx, path)
}

// createNew refuses a path that already exists.
func createNew(path string) error {
	if !IsServer(path) && exists(path) {
		return risk.Err(risk.ECONFLICT, risk.T("store.file_exists", risk.Args{"Path": path}))
	}
	return nil
}

func builtinCatalog(id string) (risk.Catalog, error) {
	raw, err := assets.Catalog(id)
	if err != nil {
		return risk.Catalog{}, err
	}
	var c risk.Catalog
	if err := json.Unmarshal(raw, &c); err != nil {
		return risk.Catalog{}, fmt.Errorf("catalog %s: %w", id, err)
	}
	return c, nil
}

func (tx *Tx) applyTemplate(ctx context.Context, t *template, people []bcp.Member) error {
	today := risk.DateOf(tx.now)
	owners := t.personalise(people)
	// The BIA first: risks name the activities and resources they threaten.
	if err := tx.applyTemplateBIA(ctx, t.BIA, today); err != nil {
		return err
	}
	for _, tr := range t.Risks {
		r := tr.Risk
		if a := tr.Acceptance; a != nil {
			r.Acceptance = risk.Acceptance{Approver: a.Approver, Rationale: a.Rationale, Date: today,
				Expiry: today.AddDays(a.ExpiresInDays)}
		}
		r.Actions = nil
		for _, ta := range tr.Actions {
			a := ta.Action
			a.Due = today.AddDays(ta.DueInDays)
			r.Actions = append(r.Actions, a)
		}
		// A starter risk with an action already late was known by then.
		if known := r.KnownBy(); !known.IsZero() && known.Before(today) {
			r.Identified = known
		}
		if err := tx.createRisk(ctx, &r); err != nil {
			return fmt.Errorf("template risk %s: %w", tr.Ref, err)
		}
	}
	for _, s := range t.SoA {
		e := risk.SoAEntry{Control: s.Control, Justification: s.Justification, Applicable: risk.NotApplicable}
		if s.Applicable {
			e.Applicable, e.Implementation = risk.Applicable, risk.Implementation(s.Status)
		}
		if err := tx.updateSoA(ctx, &e); err != nil {
			return fmt.Errorf("template statement of applicability %s: %w", s.Control, err)
		}
	}
	if err := tx.applyTemplateContacts(ctx, t.Contacts); err != nil {
		return err
	}
	return tx.applyTemplatePlaybooks(ctx, t.Playbooks, t.language, t.Contacts, owners)
}

// applyTemplateBIA saves the template's BIA settings (the defaults when it
// has none, so that every new workspace records the criteria it started
// with), then its resources and activities, each created once and logged
// once: whatever a link needs is created before it.
func (tx *Tx) applyTemplateBIA(ctx context.Context, t *templateBIA, today risk.Date) error {
	if t == nil {
		t = &templateBIA{}
	}
	s := bcp.DefaultSettings()
	if t.Settings != nil {
		s = *t.Settings
	}
	if err := tx.setBIASettings(ctx, s); err != nil {
		return fmt.Errorf("template BIA settings: %w", err)
	}
	res := make([]bcp.Resource, len(t.Resources))
	for i, tr := range t.Resources {
		res[i] = tr.Resource
		if n := tr.CapacityConfirmedDaysAgo; n != nil {
			res[i].CapacityConfirmed = today.AddDays(-*n)
		}
	}
	err := createLinked(res, func(r *bcp.Resource) (string, *[]string) { return r.Ref, &r.Sites },
		func(r *bcp.Resource) error { return wrapRef("template resource", r.Ref, tx.createResource(ctx, r)) },
		func(r *bcp.Resource) error { return wrapRef("template resource", r.Ref, tx.updateResource(ctx, r)) })
	if err != nil {
		return err
	}
	acts := make([]bcp.Activity, len(t.Activities))
	for i, ta := range t.Activities {
		acts[i] = ta.Activity
		if n := ta.ApprovedDaysAgo; n != nil {
			acts[i].Approved = today.AddDays(-*n)
		}
	}
	return createLinked(acts, func(a *bcp.Activity) (string, *[]string) { return a.Ref, &a.Upstream },
		func(a *bcp.Activity) error { return wrapRef("template activity", a.Ref, tx.createActivity(ctx, a)) },
		func(a *bcp.Activity) error { return wrapRef("template activity", a.Ref, tx.updateActivity(ctx, a)) })
}

func wrapRef(what, ref string, err error) error {
	if err != nil {
		return fmt.Errorf("%s %s: %w", what, ref, err)
	}
	return nil
}

// createLinked creates items in their order, except that an item comes
// after the items it links to. Items that link in a circle cannot all come
// after each other: one of the circle is created without its links to those
// not yet created and updated with them at the end.
func createLinked[T any](items []T, links func(*T) (string, *[]string), create, update func(*T) error) error {
	pending := map[string]int{} // reference → index, until created
	for i := range items {
		if ref, _ := links(&items[i]); ref != "" {
			pending[refKey(ref)] = i
		}
	}
	// waiting returns the links of item i to items not yet created.
	waiting := func(i int) []string {
		ref, to := links(&items[i])
		var out []string
		for _, r := range *to {
			if j, ok := pending[refKey(r)]; ok && refKey(r) != refKey(ref) && j != i {
				out = append(out, r)
			}
		}
		return out
	}
	done := make([]bool, len(items))
	var later []int
	for left := len(items); left > 0; left-- {
		next := -1
		for i := range items {
			if !done[i] && len(waiting(i)) == 0 {
				next = i
				break
			}
		}
		if next < 0 {
			// Every item left waits for another: follow the waits from the
			// first one until they come round; that item is in a circle.
			seen := map[int]bool{}
			next = slices.Index(done, false)
			for !seen[next] {
				seen[next] = true
				next = pending[refKey(waiting(next)[0])]
			}
		}
		ref, to := links(&items[next])
		full, deferred := *to, waiting(next)
		if len(deferred) > 0 {
			*to = slices.DeleteFunc(slices.Clone(full), func(r string) bool { return slices.Contains(deferred, r) })
			later = append(later, next)
		}
		if err := create(&items[next]); err != nil {
			return err
		}
		if len(deferred) > 0 {
			*to = full
		}
		done[next] = true
		delete(pending, refKey(ref))
	}
	for _, i := range later {
		if err := update(&items[i]); err != nil {
			return err
		}
	}
	return nil
}
