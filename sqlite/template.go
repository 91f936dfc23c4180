package sqlite

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"riskbook/assets"
	"riskbook/risk"
)

// Template names for Create.
const (
	TemplateBlank = "blank" // criteria and control catalog only
	TemplateCcTLD = "cctld" // plus the ccTLD starter register
)

// template is the format of assets/templates/*.json: risks and SoA entries
// whose dates are given relative to the day the workspace is made, so the
// starter kit never ships stale.
type template struct {
	Name        string            `json:"name"`
	Description string            `json:"description"`
	Risks       []templateRisk    `json:"risks"`
	SoA         []templateSoAItem `json:"soa"`
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
// criteria, the ISO/IEC 27001:2022 Annex A catalog and, unless the template
// is blank, the template's risks and Statement of Applicability. Everything
// it adds is in the change log, as made by the current user.
func CreateFromTemplate(ctx context.Context, path, name string) (*DB, error) {
	return CreateFromTemplateAs(ctx, path, name, "")
}

// CreateFromTemplateAs is CreateFromTemplate with the workspace's user name
// set first, so that the whole history of the new workspace names that user.
func CreateFromTemplateAs(ctx context.Context, path, name, user string) (*DB, error) {
	var tmpl template
	if name != TemplateBlank {
		raw, err := assets.Template(name)
		if err != nil {
			return nil, risk.Errorf(risk.EINVALID, "Unknown template %q; choose blank or %s.", name, TemplateCcTLD)
		}
		if err := json.Unmarshal(raw, &tmpl); err != nil {
			return nil, fmt.Errorf("template %s: %w", name, err)
		}
	}
	catalog, err := builtinCatalog(assets.DefaultCatalog)
	if err != nil {
		return nil, err
	}
	if err := createNew(path); err != nil {
		return nil, err
	}
	err = build(ctx, path, func(db *DB) error {
		return db.update(ctx, func(tx *Tx) error {
			if err := tx.setSetting(ctx, SettingUserName, strings.TrimSpace(user)); err != nil {
				return err
			}
			if err := tx.setCriteria(ctx, risk.DefaultCriteria()); err != nil {
				return err
			}
			if err := tx.addCatalog(ctx, catalog); err != nil {
				return err
			}
			return tx.applyTemplate(ctx, &tmpl)
		})
	})
	if err != nil {
		return nil, err
	}
	return Open(ctx, path)
}

// createNew refuses a path that already exists.
func createNew(path string) error {
	if exists(path) {
		return risk.Errorf(risk.ECONFLICT, "%s already exists; choose another file name or move the existing file away.", path)
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

func (tx *Tx) applyTemplate(ctx context.Context, t *template) error {
	today := risk.DateOf(tx.now)
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
	return nil
}
