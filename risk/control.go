package risk

import (
	"slices"
	"strings"
	"time"
)

// Catalog is a control catalog such as ISO/IEC 27001:2022 Annex A:
// identifiers and titles grouped in themes.
type Catalog struct {
	ID       string    `json:"id"`
	Name     string    `json:"name"`
	Themes   []Theme   `json:"themes"`
	Controls []Control `json:"controls"`
}

// Theme groups controls ("Organizational controls").
type Theme struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// Control is one control of a catalog. Its ID is unique across catalogs.
type Control struct {
	ID    string `json:"id"`
	Theme string `json:"theme"`
	Title string `json:"title"`
}

// Validate checks that every control has an identifier, a title and a known
// theme, and that identifiers are unique.
func (c *Catalog) Validate() error {
	if strings.TrimSpace(c.ID) == "" || strings.TrimSpace(c.Name) == "" {
		return Err(EINVALID, T("rules.catalog_unnamed"))
	}
	themes := map[string]bool{}
	for _, t := range c.Themes {
		themes[t.ID] = true
	}
	seen := map[string]bool{}
	for i, ctl := range c.Controls {
		switch {
		case strings.TrimSpace(ctl.ID) == "":
			return Err(EINVALID, T("rules.catalog_control_no_id", Args{"N": i + 1, "Catalog": c.Name}))
		case seen[ctl.ID]:
			return Err(EINVALID, T("rules.catalog_control_twice", Args{"Control": ctl.ID, "Catalog": c.Name}))
		case strings.TrimSpace(ctl.Title) == "":
			return Err(EINVALID, T("rules.catalog_control_no_title", Args{"Control": ctl.ID, "Catalog": c.Name}))
		case !themes[ctl.Theme]:
			return Err(EINVALID, T("rules.catalog_theme_unknown", Args{"Control": ctl.ID, "Catalog": c.Name, "Theme": Quote(ctl.Theme)}))
		}
		seen[ctl.ID] = true
	}
	return nil
}

// Applicability is a Statement of Applicability decision for one control.
type Applicability string

// Applicability decisions; the zero value means "not yet decided".
const (
	Applicable    Applicability = "applicable"
	NotApplicable Applicability = "not-applicable"
)

// Applicabilities lists the decisions a form offers.
var Applicabilities = []Applicability{Applicable, NotApplicable}

// Implementation is how far an applicable control is implemented.
type Implementation string

// Implementation statuses.
const (
	NotStarted        Implementation = "not-started"
	ImplPlanned       Implementation = "planned"
	PartlyImplemented Implementation = "partial"
	Implemented       Implementation = "implemented"
)

// Implementations lists implementation statuses, least advanced first.
var Implementations = []Implementation{NotStarted, ImplPlanned, PartlyImplemented, Implemented}

// SoAEntry is one control's line in the Statement of Applicability. The risks
// it is linked to are the risks whose Controls name it.
type SoAEntry struct {
	Control        string         `json:"control"`
	Applicable     Applicability  `json:"applicable"`
	Justification  string         `json:"justification"`
	Implementation Implementation `json:"implementation"`
	Updated        time.Time      `json:"updated"`
}

// Normalize trims the justification, as the entry is stored.
func (e *SoAEntry) Normalize() {
	e.Justification = strings.TrimSpace(e.Justification)
}

// Validate returns the first blocking finding about the entry as an
// *Error, or nil when it may be saved: its enumerations are known and an
// excluded control has no implementation status.
func (e *SoAEntry) Validate() error {
	for _, f := range CheckSoAEntry(e, nil) {
		if f.Blocking {
			return Err(EINVALID, f.Text)
		}
	}
	return nil
}

// CheckSoAEntry applies the rules of the Statement of Applicability to one
// control's entry; linked are the references of the risks that rely on the
// control. An entry never decided has only the control set.
func CheckSoAEntry(e *SoAEntry, linked []string) []Finding {
	var out []Finding
	add := func(sev Severity, rule, field string, blocking bool, m Msg) {
		f := NewFinding(sev, rule, e.Control, field, m)
		f.Blocking = blocking
		out = append(out, f)
	}
	if !slices.Contains(Applicabilities, e.Applicable) && e.Applicable != "" {
		add(SeverityError, "soa-invalid", "applicable", true,
			T("rules.soa_applicability_unknown", Args{"Control": e.Control, "Value": Quote(e.Applicable)}))
	}
	if !slices.Contains(Implementations, e.Implementation) && e.Implementation != "" {
		add(SeverityError, "soa-invalid", "implementation", true,
			T("rules.soa_implementation_unknown", Args{"Control": e.Control, "Value": Quote(e.Implementation)}))
	} else if e.Applicable == NotApplicable && e.Implementation != "" {
		add(SeverityError, "soa-invalid", "implementation", true,
			T("rules.soa_excluded_with_status", Args{"Control": e.Control}))
	}
	refs := strings.Join(linked, ", ")
	switch {
	case e.Applicable == "":
		if len(linked) > 0 {
			add(SeverityWarning, "soa-linked-undecided", "applicable", false,
				T("rules.soa_linked_undecided", Args{"Risks": refs}))
		}
	case strings.TrimSpace(e.Justification) == "":
		add(SeverityWarning, "soa-justification-missing", "justification", false,
			T("rules.soa_justification_missing", Args{"Applicability": applicability(e.Applicable)}))
	}
	if e.Applicable == NotApplicable && len(linked) > 0 {
		add(SeverityWarning, "soa-excluded-but-linked", "applicable", false,
			T("rules.soa_excluded_but_linked", Args{"Risks": refs}))
	}
	if e.Applicable == Applicable && e.Implementation == "" {
		add(SeverityInfo, "soa-status-missing", "implementation", false,
			T("rules.soa_status_missing"))
	}
	return out
}

// applicability names a decision of the Statement of Applicability in a
// sentence: "applicable", "not applicable".
func applicability(a Applicability) Localizer {
	switch a {
	case Applicable:
		return T("rules.soa.applicable")
	case NotApplicable:
		return T("rules.soa.not_applicable")
	}
	return Text(a)
}
