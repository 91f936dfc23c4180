package risk

import (
	"fmt"
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
		return Errorf(EINVALID, "The control catalog has no identifier or name; give it both.")
	}
	themes := map[string]bool{}
	for _, t := range c.Themes {
		themes[t.ID] = true
	}
	seen := map[string]bool{}
	for i, ctl := range c.Controls {
		switch {
		case strings.TrimSpace(ctl.ID) == "":
			return Errorf(EINVALID, "Control %d of catalog %s has no identifier.", i+1, c.Name)
		case seen[ctl.ID]:
			return Errorf(EINVALID, "Control %s appears twice in catalog %s.", ctl.ID, c.Name)
		case strings.TrimSpace(ctl.Title) == "":
			return Errorf(EINVALID, "Control %s of catalog %s has no title.", ctl.ID, c.Name)
		case !themes[ctl.Theme]:
			return Errorf(EINVALID, "Control %s of catalog %s is in theme %q, which the catalog does not define.", ctl.ID, c.Name, ctl.Theme)
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
			return Errorf(EINVALID, "%s", f.Message)
		}
	}
	return nil
}

// CheckSoAEntry applies the rules of the Statement of Applicability to one
// control's entry; linked are the references of the risks that rely on the
// control. An entry never decided has only the control set.
func CheckSoAEntry(e *SoAEntry, linked []string) []Finding {
	var out []Finding
	add := func(sev Severity, rule, field string, blocking bool, format string, args ...any) {
		out = append(out, Finding{Severity: sev, Rule: rule, Ref: e.Control, Field: field, Blocking: blocking,
			Message: fmt.Sprintf(format, args...)})
	}
	if !slices.Contains(Applicabilities, e.Applicable) && e.Applicable != "" {
		add(SeverityError, "soa-invalid", "applicable", true,
			"Control %s has applicability %q; choose applicable or not-applicable.", e.Control, e.Applicable)
	}
	if !slices.Contains(Implementations, e.Implementation) && e.Implementation != "" {
		add(SeverityError, "soa-invalid", "implementation", true,
			"Control %s has implementation status %q; choose not-started, planned, partial or implemented.", e.Control, e.Implementation)
	} else if e.Applicable == NotApplicable && e.Implementation != "" {
		add(SeverityError, "soa-invalid", "implementation", true,
			"Control %s is marked not applicable, so it cannot have an implementation status; clear the status or mark it applicable.", e.Control)
	}
	refs := strings.Join(linked, ", ")
	switch {
	case e.Applicable == "":
		if len(linked) > 0 {
			add(SeverityWarning, "soa-linked-undecided", "applicable", false,
				"risks %s rely on this control but the Statement of Applicability has no decision for it; mark it applicable", refs)
		}
	case strings.TrimSpace(e.Justification) == "":
		add(SeverityWarning, "soa-justification-missing", "justification", false,
			"the control is marked %s without a justification; say why it is included or excluded", e.Applicable)
	}
	if e.Applicable == NotApplicable && len(linked) > 0 {
		add(SeverityWarning, "soa-excluded-but-linked", "applicable", false,
			"the control is marked not applicable, yet risks %s rely on it; include it or unlink it", refs)
	}
	if e.Applicable == Applicable && e.Implementation == "" {
		add(SeverityInfo, "soa-status-missing", "implementation", false,
			"the control is applicable but its implementation status is not recorded")
	}
	return out
}
