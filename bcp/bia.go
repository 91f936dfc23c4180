// Package bcp is Riskbook's business-continuity domain: the business impact
// analysis of ISO 22301 8.2.2 (activities, their impacts over time, MTPD,
// RTO, RPO, MBCO and the resources they depend on), the ICT readiness view
// of ISO/IEC 27031 (required against achievable recovery), the playbooks,
// their activations, the contacts they call on and the exercises that test
// them (ISO 22301 8.4, 8.5). Every rule a person can break in these records
// is here, with a table test, as findings the editors show next to the
// field; workspace.go is the one check of a whole workspace that riskbook
// check, the dashboard and the exports share. It imports only the standard
// library and risk.
package bcp

import (
	"slices"
	"strings"
	"time"

	"riskbook/risk"
)

// Severity is one step of the impact scale; index 1 is the mildest.
type Severity struct {
	Label       string `json:"label"`
	Description string `json:"description"`
	Colour      string `json:"colour"` // #RRGGBB
}

// Settings are a workspace's BIA criteria: what impacts are assessed, over
// which horizons, on which scale, and from which severity an impact is
// intolerable.
type Settings struct {
	Categories []string   `json:"categories"`
	Horizons   []Duration `json:"horizons"` // ascending
	Severities []Severity `json:"severities"`
	// Intolerable is the severity (1-based) from which an impact can no
	// longer be accepted: the first horizon reaching it is the MTPD.
	Intolerable int `json:"intolerable"`
	// TopPriority is the priority rank (1 = highest) up to which an
	// activity counts as top priority for single points of failure.
	TopPriority int `json:"top_priority"`
	// PrimaryRegion is where the organisation's main sites are; critical
	// ICT needs a site outside it.
	PrimaryRegion string `json:"primary_region"`
}

// DefaultSettings are the BIA criteria a registry starts with.
func DefaultSettings() Settings {
	return Settings{
		Categories: []string{"DNS and operational stability", "Registrants and registrars", "Reputation",
			"Legal and regulatory", "Financial"},
		Horizons: []Duration{Hours(1), Hours(4), Hours(24), Hours(72), Duration(Week), Duration(Month)},
		Severities: []Severity{
			{"Negligible", "No noticeable effect.", "#2E7D32"},
			{"Minor", "Noticed by a few; absorbed in normal work.", "#9E9D24"},
			{"Moderate", "Noticed widely; complaints, extra work, small costs.", "#F9A825"},
			{"Major", "Serious harm: lost registrations, regulator questions, press.", "#EF6C00"},
			{"Severe", "Cannot be tolerated: the TLD's stability, legal standing or trust is at stake.", "#C62828"},
		},
		Intolerable: 4,
		TopPriority: 2,
	}
}

// Validate checks the settings are usable.
func (s *Settings) Validate() error {
	if len(s.Categories) == 0 {
		return risk.Err(risk.EINVALID, risk.T("rules.bcp.settings.no_category"))
	}
	seen := map[string]bool{}
	for _, c := range s.Categories {
		k := strings.ToLower(strings.TrimSpace(c))
		if k == "" || seen[k] {
			return risk.Err(risk.EINVALID, risk.T("rules.bcp.settings.category_twice", risk.Args{"Category": risk.Quote(c)}))
		}
		seen[k] = true
	}
	if len(s.Horizons) == 0 {
		return risk.Err(risk.EINVALID, risk.T("rules.bcp.settings.no_horizon"))
	}
	for i, h := range s.Horizons {
		if h <= 0 || i > 0 && h <= s.Horizons[i-1] {
			return risk.Err(risk.EINVALID, risk.T("rules.bcp.settings.horizon_order", risk.Args{"Horizon": h}))
		}
		if time.Duration(h).Round(time.Minute) > maxDuration {
			return risk.Err(risk.EINVALID, risk.T("rules.bcp.settings.horizon_long", risk.Args{"Horizon": h}))
		}
	}
	if n := len(s.Severities); n < 3 || n > 7 {
		return risk.Err(risk.EINVALID, risk.T("rules.bcp.settings.scale_size", risk.Args{"Levels": n}))
	}
	if s.Intolerable < 1 || s.Intolerable > len(s.Severities) {
		return risk.Err(risk.EINVALID, risk.T("rules.bcp.settings.intolerable", risk.Args{"Levels": len(s.Severities)}))
	}
	if s.TopPriority < 1 {
		return risk.Err(risk.EINVALID, risk.T("rules.bcp.settings.top_priority"))
	}
	return nil
}

// ValidateFor refuses settings whose impact scale would leave any of acts
// with an impact above it: the impacts are lowered first, then the scale.
func (s *Settings) ValidateFor(acts []Activity) error {
	n := len(s.Severities)
	var refs []string
	for _, a := range acts {
		if slices.ContainsFunc(a.Impacts, func(im Impact) bool { return slices.Max(append([]int{0}, im.Severities...)) > n }) {
			refs = append(refs, a.Ref)
		}
	}
	if len(refs) > 0 {
		return risk.Err(risk.EINVALID, risk.N("rules.bcp.settings.scale_leaves", len(refs), risk.Args{"Levels": n, "Refs": risk.Refs(refs, 5)}))
	}
	return nil
}

// Impact is one category's row of an activity's impact grid: a severity
// (1-based, 0 = not assessed) per horizon.
type Impact struct {
	Category   string `json:"category"`
	Severities []int  `json:"severities"`
}

// Activity is a prioritised activity or service (ISO 22301 8.2.2).
type Activity struct {
	ID          int64    `json:"-"`
	Ref         string   `json:"ref"` // ACT-01
	Name        string   `json:"name"`
	Description string   `json:"description"`
	Owner       string   `json:"owner"`
	Priority    int      `json:"priority"` // 1 = highest; 0 = not ranked
	PeakPeriods string   `json:"peak_periods"`
	Upstream    []string `json:"upstream"`  // refs of activities this one needs
	Resources   []string `json:"resources"` // refs of resources this one needs
	Impacts     []Impact `json:"impacts"`
	// MTPDOverride replaces the MTPD derived from the impacts; it needs a
	// reason.
	MTPDOverride Duration  `json:"mtpd_override"`
	MTPDReason   string    `json:"mtpd_reason"`
	RTO          Duration  `json:"rto"`
	RPO          Duration  `json:"rpo"`
	MBCO         string    `json:"mbco"` // minimum capacity or service level to run at
	Approved     risk.Date `json:"approved"`
	Created      time.Time `json:"created"`
	Updated      time.Time `json:"updated"`
}

// Severity returns the assessed severity of a category at horizon index h,
// 0 when not assessed.
func (a *Activity) Severity(category string, h int) int {
	for _, im := range a.Impacts {
		if im.Category == category && h < len(im.Severities) {
			return im.Severities[h]
		}
	}
	return 0
}

// SetSeverity records a severity in the impact grid.
func (a *Activity) SetSeverity(category string, h, severity int) {
	for i := range a.Impacts {
		if a.Impacts[i].Category == category {
			for len(a.Impacts[i].Severities) <= h {
				a.Impacts[i].Severities = append(a.Impacts[i].Severities, 0)
			}
			a.Impacts[i].Severities[h] = severity
			return
		}
	}
	row := Impact{Category: category, Severities: make([]int, h+1)}
	row.Severities[h] = severity
	a.Impacts = append(a.Impacts, row)
}

// DerivedMTPD is the first horizon at which any category's impact reaches
// the intolerable severity, and false when none does.
func (a *Activity) DerivedMTPD(s *Settings) (Duration, bool) {
	for h, d := range s.Horizons {
		for _, c := range s.Categories {
			if a.Severity(c, h) >= s.Intolerable {
				return d, true
			}
		}
	}
	return 0, false
}

// MTPD is the maximum tolerable period of disruption: the override when
// set, else the derived value.
func (a *Activity) MTPD(s *Settings) (Duration, bool) {
	if a.MTPDOverride > 0 {
		return a.MTPDOverride, true
	}
	return a.DerivedMTPD(s)
}

// Clone returns a deep copy of a, so a draft never shares memory with the
// activity it was made from.
func (a Activity) Clone() Activity {
	a.Upstream = slices.Clone(a.Upstream)
	a.Resources = slices.Clone(a.Resources)
	impacts := a.Impacts
	a.Impacts = nil
	for _, im := range impacts {
		a.Impacts = append(a.Impacts, Impact{Category: im.Category, Severities: slices.Clone(im.Severities)})
	}
	return a
}

// Normalize trims text and sorts and de-duplicates references.
func (a *Activity) Normalize() {
	a.Ref, a.Name, a.Owner = strings.TrimSpace(a.Ref), strings.TrimSpace(a.Name), strings.TrimSpace(a.Owner)
	a.Upstream = refs(a.Upstream)
	a.Resources = refs(a.Resources)
	if len(a.Impacts) == 0 {
		a.Impacts = nil
	}
}

func refs(in []string) []string {
	var out []string
	for _, r := range in {
		if r = strings.TrimSpace(r); r != "" {
			out = append(out, r)
		}
	}
	slices.SortFunc(out, risk.CompareRefs)
	return slices.Compact(out)
}

// Kind is a kind of resource.
type Kind string

// Resource kinds.
const (
	Person    Kind = "person"
	Site      Kind = "site"
	ICT       Kind = "ict"
	Supplier  Kind = "supplier"
	Equipment Kind = "equipment"
)

// Kinds lists the resource kinds in the order screens show them.
var Kinds = []Kind{Person, Site, ICT, Supplier, Equipment}

// KindName names a kind for people.
func KindName(k Kind) string {
	switch k {
	case Person:
		return "People"
	case Site:
		return "Sites and facilities"
	case ICT:
		return "ICT systems and data"
	case Supplier:
		return "Suppliers"
	case Equipment:
		return "Equipment"
	}
	return string(k)
}

// Standby is how an ICT system's stand-by is kept.
type Standby string

// Stand-by types, slowest to recover first.
const (
	NoStandby   Standby = "none"
	ColdStandby Standby = "cold"
	WarmStandby Standby = "warm"
	HotStandby  Standby = "hot"
)

// Standbys lists the stand-by types.
var Standbys = []Standby{NoStandby, ColdStandby, WarmStandby, HotStandby}

// Resource is something activities depend on: a person, a site, an ICT
// system, a supplier or equipment.
type Resource struct {
	ID          int64  `json:"-"`
	Ref         string `json:"ref"` // RES-01
	Name        string `json:"name"`
	Kind        Kind   `json:"kind"`
	Description string `json:"description"`
	// Alternates says who or what stands in, or the workaround; empty means
	// there is none.
	Alternates string `json:"alternates"`
	Contacts   string `json:"contacts"` // people and suppliers
	Region     string `json:"region"`   // sites
	// ICT systems and data: what recovery they can achieve, and how.
	AchievableRTO  Duration `json:"achievable_rto"`
	AchievableRPO  Duration `json:"achievable_rpo"`
	BackupInterval Duration `json:"backup_interval"`
	Replication    string   `json:"replication"`
	Standby        Standby  `json:"standby"`
	Sites          []string `json:"sites"` // refs of the sites it runs at
	// Suppliers.
	SLA               string    `json:"sla"`
	ContractRTO       Duration  `json:"contract_rto"`
	CapacityConfirmed risk.Date `json:"capacity_confirmed"`
	Created           time.Time `json:"created"`
	Updated           time.Time `json:"updated"`
}

// Normalize trims text and sorts site references.
func (r *Resource) Normalize() {
	r.Ref, r.Name = strings.TrimSpace(r.Ref), strings.TrimSpace(r.Name)
	r.Alternates = strings.TrimSpace(r.Alternates)
	r.Region = strings.TrimSpace(r.Region)
	r.Sites = refs(r.Sites)
}

// HasAlternate reports whether someone or something can stand in.
func (r *Resource) HasAlternate() bool { return r.Alternates != "" }

// Clone returns a copy of r with its own slice of sites.
func (r Resource) Clone() Resource {
	r.Sites = slices.Clone(r.Sites)
	return r
}

// BIA is everything the BIA rules look at.
type BIA struct {
	Settings   Settings
	Activities []Activity
	Resources  []Resource
}

// Activity returns the activity with the reference ref, matched without
// regard to case, or nil.
func (b *BIA) Activity(ref string) *Activity {
	for i := range b.Activities {
		if strings.EqualFold(b.Activities[i].Ref, ref) {
			return &b.Activities[i]
		}
	}
	return nil
}

// WithActivity returns a copy of b with a in the place of the activity
// with its ID: the BIA as it will be once a is saved, for the rules to
// look at.
func (b *BIA) WithActivity(a Activity) *BIA {
	c := *b
	c.Activities = replaced(b.Activities, a, func(x *Activity) int64 { return x.ID })
	return &c
}

// WithResource returns a copy of b with r in the place of the resource
// with its ID, like WithActivity.
func (b *BIA) WithResource(r Resource) *BIA {
	c := *b
	c.Resources = replaced(b.Resources, r, func(x *Resource) int64 { return x.ID })
	return &c
}

// replaced returns a copy of list with x in the place of the item with
// x's ID.
func replaced[T any](list []T, x T, id func(*T) int64) []T {
	out := slices.Clone(list)
	for i := range out {
		if id(&out[i]) == id(&x) {
			out[i] = x
		}
	}
	return out
}

// Resource returns the resource with the reference ref, matched without
// regard to case, or nil.
func (b *BIA) Resource(ref string) *Resource {
	for i := range b.Resources {
		if strings.EqualFold(b.Resources[i].Ref, ref) {
			return &b.Resources[i]
		}
	}
	return nil
}
