package bcp

import (
	"slices"
	"strings"

	"riskbook/risk"
)

// Rules of the BIA. Findings use the risk package's Finding, so that check,
// the app and the exports show both registers alike.

// CapacityConfirmationAge is how old a supplier's confirmation of its
// crisis capacity may be before it must be asked again.
const CapacityConfirmationAge = 12 // months

type checker struct {
	bia        *BIA
	today      risk.Date
	activities map[string]*Activity
	resources  map[string]*Resource
	// refs are the workspace's records, for the record references the
	// rules judge; nil judges none.
	refs *Refs
	out  []risk.Finding
}

func (c *checker) add(sev risk.Severity, rule, ref, field string, m risk.Msg) *risk.Finding {
	c.out = append(c.out, risk.NewFinding(sev, rule, ref, field, m))
	return &c.out[len(c.out)-1]
}

func (c *checker) block(rule, ref, field string, m risk.Msg) {
	c.add(risk.SeverityError, rule, ref, field, m).Blocking = true
}

// guard adds an error a save may not bring in (risk.Finding.Guard).
func (c *checker) guard(rule, ref, field string, m risk.Msg) {
	c.add(risk.SeverityError, rule, ref, field, m).Guard = true
}

// future refuses a date that has not come yet for something done (an
// approval, a confirmation), as a guard finding; what names it.
func (c *checker) future(d risk.Date, rule, ref, field string, what risk.Msg) {
	if d.InFuture(c.today) {
		c.guard(rule, ref, field, risk.T("rules.bcp.dated_in_future", risk.Args{"What": what, "Date": d}))
	}
}

// ValidateActivity returns the first blocking finding about a as an error:
// what a store refuses to save.
func ValidateActivity(a *Activity, b *BIA) error {
	// The activity rules index the horizons and the scale; without usable
	// settings they would panic or judge against nothing.
	if err := b.Settings.Validate(); err != nil {
		return err
	}
	c := newChecker(b, risk.Date{})
	c.activity(a)
	return firstBlocking(c.out)
}

// ValidateResource returns the first blocking finding about r as an error.
func ValidateResource(r *Resource, b *BIA) error {
	c := newChecker(b, risk.Date{})
	c.resource(r)
	return firstBlocking(c.out)
}

func firstBlocking(fs []risk.Finding) error {
	for _, f := range fs {
		switch {
		case !f.Blocking:
		case f.Ref == "" || f.Ref == risk.NoRef():
			return risk.Err(risk.EINVALID, risk.Capital{Localizer: f.Text})
		default:
			return f.Err()
		}
	}
	return nil
}

func newChecker(b *BIA, today risk.Date) *checker {
	c := &checker{bia: b, today: today, activities: map[string]*Activity{}, resources: map[string]*Resource{}}
	for i := range b.Activities {
		c.activities[strings.ToUpper(b.Activities[i].Ref)] = &b.Activities[i]
	}
	for i := range b.Resources {
		c.resources[strings.ToUpper(b.Resources[i].Ref)] = &b.Resources[i]
	}
	return c
}

// Check applies every BIA rule. With a zero today, date rules are skipped.
func Check(b *BIA, today risk.Date) []risk.Finding {
	c := newChecker(b, today)
	if err := b.Settings.Validate(); err != nil {
		c.block("bia-settings-invalid", "", "", risk.T("rules.as_is", risk.Args{"Text": err}))
		return c.out
	}
	seen := map[string]int{}
	first := map[string]string{} // the reference as first written, for the finding
	note := func(ref string) {
		key := strings.ToUpper(ref)
		if seen[key]++; seen[key] == 1 {
			first[key] = ref
		}
	}
	for i := range b.Activities {
		c.activity(&b.Activities[i])
		note(b.Activities[i].Ref)
	}
	for i := range b.Resources {
		c.resource(&b.Resources[i])
		note(b.Resources[i].Ref)
	}
	for key, n := range seen {
		// Missing references are reported on their own.
		if n > 1 && key != "" {
			c.block("bia-reference-duplicate", first[key], "ref", risk.N("rules.bcp.bia_reference_duplicate", n))
		}
	}
	c.cycles()
	c.readiness()
	c.singlePoints()
	c.thirdSite()
	c.suppliers()
	risk.SortFindings(c.out)
	return c.out
}

// activity checks one activity on its own: references, RTO against MTPD.
func (c *checker) activity(a *Activity) {
	ref := a.Ref
	if ref == "" {
		ref = risk.NoRef()
		c.block("activity-reference-missing", ref, "ref", risk.T("rules.bcp.activity_reference_missing"))
	}
	if a.Name == "" {
		c.block("activity-name-missing", ref, "name", risk.T("rules.bcp.activity_name_missing"))
	}
	s := &c.bia.Settings
	for _, im := range a.Impacts {
		if !slices.Contains(s.Categories, im.Category) {
			c.add(risk.SeverityWarning, "impact-category-unknown", ref, "impacts", risk.T("rules.bcp.impact_category_unknown", risk.Args{"Category": risk.Quote(im.Category)}))
		}
		for _, v := range im.Severities {
			if v < 0 || v > len(s.Severities) {
				c.block("impact-outside-scale", ref, "impacts", risk.T("rules.bcp.impact_outside_scale", risk.Args{"Impact": v, "Levels": len(s.Severities)}))
				break
			}
		}
	}
	if a.MTPDOverride > 0 && strings.TrimSpace(a.MTPDReason) == "" {
		c.block("mtpd-override-unexplained", ref, "mtpd_reason", risk.T("rules.bcp.mtpd_override_unexplained", risk.Args{"MTPD": a.MTPDOverride}))
	}
	mtpd, ok := a.MTPD(s)
	switch {
	case !ok && len(a.Impacts) == 0:
		c.add(risk.SeverityWarning, "impacts-not-assessed", ref, "impacts", risk.T("rules.bcp.impacts_not_assessed"))
	case !ok:
		c.add(risk.SeverityInfo, "never-intolerable", ref, "impacts", risk.T("rules.bcp.never_intolerable", risk.Args{"Horizon": s.Horizons[len(s.Horizons)-1]}))
	case a.RTO > mtpd:
		c.block("rto-above-mtpd", ref, "rto", risk.T("rules.bcp.rto_above_mtpd", risk.Args{"RTO": a.RTO, "MTPD": mtpd}))
	}
	if a.RTO == 0 {
		c.add(risk.SeverityWarning, "rto-missing", ref, "rto", risk.T("rules.bcp.rto_missing"))
	}
	if a.Owner == "" {
		c.add(risk.SeverityWarning, "activity-owner-missing", ref, "owner", risk.T("rules.bcp.activity_owner_missing"))
	}
	if a.Priority < 0 {
		c.block("priority-negative", ref, "priority", risk.T("rules.bcp.priority_negative"))
	}
	c.recorded(ref, a.recorded()...)
	c.future(a.Approved, "activity-approved-in-future", ref, "approved", risk.T("rules.bcp.what.activity_approval"))
	for _, u := range a.Upstream {
		if strings.EqualFold(u, a.Ref) {
			c.block("upstream-self", ref, "upstream", risk.T("rules.bcp.upstream_self", risk.Args{"Ref": u}))
		} else if c.activities[strings.ToUpper(u)] == nil && len(c.activities) > 0 {
			c.block("upstream-unknown", ref, "upstream", risk.T("rules.bcp.upstream_unknown", risk.Args{"Ref": u}))
		}
	}
	for _, r := range a.Resources {
		if c.resources[strings.ToUpper(r)] == nil && len(c.resources) > 0 {
			c.block("resource-unknown", ref, "resources", risk.T("rules.bcp.resource_unknown", risk.Args{"Ref": r}))
		}
	}
	for _, u := range a.Upstream {
		up := c.activities[strings.ToUpper(u)]
		if up != nil && up.RTO > 0 && a.RTO > 0 && up.RTO > a.RTO {
			c.add(risk.SeverityError, "upstream-recovers-later", ref, "upstream", risk.T("rules.bcp.upstream_recovers_later",
				risk.Args{"Ref": up.Ref, "Name": up.Name, "UpstreamRTO": up.RTO, "RTO": a.RTO}))
		}
	}
}

// resource checks one resource on its own.
func (c *checker) resource(r *Resource) {
	ref := r.Ref
	if ref == "" {
		ref = risk.NoRef()
		c.block("resource-reference-missing", ref, "ref", risk.T("rules.bcp.resource_reference_missing"))
	}
	if r.Name == "" {
		c.block("resource-name-missing", ref, "name", risk.T("rules.bcp.resource_name_missing"))
	}
	if !slices.Contains(Kinds, r.Kind) {
		c.block("resource-kind-unknown", ref, "kind", risk.T("rules.bcp.resource_kind_unknown", risk.Args{"Kind": risk.Quote(r.Kind)}))
	}
	if r.Standby != "" && !slices.Contains(Standbys, r.Standby) {
		c.block("standby-unknown", ref, "standby", risk.T("rules.bcp.standby_unknown", risk.Args{"Standby": risk.Quote(r.Standby)}))
	}
	c.recorded(ref, r.recorded()...)
	c.siteInUse(ref, r)
	c.future(r.CapacityConfirmed, "capacity-confirmed-in-future", ref, "capacity_confirmed", risk.T("rules.bcp.what.capacity_confirmation"))
	for _, s := range r.Sites {
		site := c.resources[strings.ToUpper(s)]
		if strings.EqualFold(s, r.Ref) {
			c.block("site-self", ref, "sites", risk.T("rules.bcp.site_self", risk.Args{"Ref": s}))
		} else if site == nil && len(c.resources) > 0 {
			c.block("site-unknown", ref, "sites", risk.T("rules.bcp.site_unknown", risk.Args{"Ref": s}))
		} else if site != nil && site.Kind != Site {
			c.block("site-not-a-site", ref, "sites", risk.T("rules.bcp.site_not_a_site", risk.Args{"Ref": s}))
		}
	}
}

// siteInUse blocks a resource that is no site any more while others still
// run at it, under its reference or, when it is being renamed, the one the
// BIA knows it by.
func (c *checker) siteInUse(ref string, r *Resource) {
	if r.Kind == Site || r.Ref == "" {
		return
	}
	self := func(o *Resource) bool { return r.ID != 0 && o.ID == r.ID || strings.EqualFold(o.Ref, r.Ref) }
	names := []string{r.Ref}
	for i := range c.bia.Resources {
		if o := &c.bia.Resources[i]; self(o) {
			names = append(names, o.Ref)
		}
	}
	var users []string
	for i := range c.bia.Resources {
		o := &c.bia.Resources[i]
		if !self(o) && slices.ContainsFunc(o.Sites, func(s string) bool {
			return slices.ContainsFunc(names, func(n string) bool { return strings.EqualFold(s, n) })
		}) {
			users = append(users, o.Ref)
		}
	}
	if len(users) > 0 {
		c.block("site-in-use", ref, "kind", risk.N("rules.bcp.site_in_use", len(users), risk.Args{"Ref": r.Ref, "Users": risk.Refs(users, 5)}))
	}
}

// cycles reports activities that depend on themselves through others.
func (c *checker) cycles() {
	state := map[string]int{} // 1 visiting, 2 done
	var visit func(ref string, path []string) bool
	visit = func(ref string, path []string) bool {
		key := strings.ToUpper(ref)
		switch state[key] {
		case 1:
			// Report on the activity as it spells its own reference, not
			// as the upstream list does.
			if a := c.activities[key]; a != nil {
				ref = a.Ref
			}
			c.add(risk.SeverityWarning, "upstream-cycle", ref, "upstream", risk.T("rules.bcp.upstream_cycle", risk.Args{"Cycle": strings.Join(append(path, ref), " → ")}))
			return true
		case 2:
			return false
		}
		state[key] = 1
		if a := c.activities[key]; a != nil {
			for _, u := range a.Upstream {
				if visit(u, append(path, ref)) {
					state[key] = 2
					return true
				}
			}
		}
		state[key] = 2
		return false
	}
	for _, a := range c.bia.Activities {
		visit(a.Ref, nil)
	}
}

// readiness compares each activity's RTO and RPO with what the ICT
// systems it needs can achieve (ISO/IEC 27031).
func (c *checker) readiness() {
	for _, g := range Readiness(c.bia) {
		for _, gap := range g.GapTexts {
			if gap.Unknown {
				// Not shown to be met is not shown to fail: measure it.
				c.add(risk.SeverityWarning, "ict-readiness-unknown", g.Activity.Ref, "resources", gap.Text)
				continue
			}
			c.add(risk.SeverityError, "ict-readiness-gap", g.Activity.Ref, "resources", gap.Text)
		}
	}
}

// ReadinessGap is one gap of an activity's ICT readiness, or a system
// whose achievable recovery is not recorded (Unknown), as a message.
type ReadinessGap struct {
	Unknown bool
	// Text is the whole sentence, Detail the same without the words that
	// say it is a gap or an unknown (for a table whose column says so).
	Text, Detail risk.Msg
}

// ReadinessRow is one activity's required against achievable recovery.
type ReadinessRow struct {
	Activity *Activity
	MTPD     Duration
	// Systems are the ICT systems the activity needs.
	Systems []*Resource
	// AchievableRTO and AchievableRPO are the slowest of the systems'
	// figures (what the activity can actually count on); zero when no
	// system states one.
	AchievableRTO, AchievableRPO Duration
	// Gaps are the sentences of GapTexts in the default language.
	Gaps []string
	// GapTexts are the gaps as messages, to write in any language.
	GapTexts []ReadinessGap
}

// Readiness lists every activity with its required and achievable recovery
// and the ICT readiness gaps.
func Readiness(b *BIA) []ReadinessRow {
	res := map[string]*Resource{}
	for i := range b.Resources {
		res[strings.ToUpper(b.Resources[i].Ref)] = &b.Resources[i]
	}
	var out []ReadinessRow
	for i := range b.Activities {
		a := &b.Activities[i]
		row := ReadinessRow{Activity: a}
		row.MTPD, _ = a.MTPD(&b.Settings)
		for _, ref := range a.Resources {
			r := res[strings.ToUpper(ref)]
			if r == nil || r.Kind != ICT {
				continue
			}
			row.Systems = append(row.Systems, r)
			row.AchievableRTO = max(row.AchievableRTO, r.AchievableRTO)
			row.AchievableRPO = max(row.AchievableRPO, r.AchievableRPO)
			gap := func(unknown bool, detail risk.Msg) {
				m := risk.T("rules.bcp.readiness_gap", risk.Args{"Detail": detail})
				if unknown {
					m = risk.T("rules.bcp.readiness_unknown", risk.Args{"Detail": detail})
				}
				row.GapTexts = append(row.GapTexts, ReadinessGap{Unknown: unknown, Text: m, Detail: detail})
				row.Gaps = append(row.Gaps, m.String())
			}
			if a.RTO > 0 && r.AchievableRTO > a.RTO {
				gap(false, risk.T("rules.bcp.readiness_gap_rto", risk.Args{"Ref": r.Ref, "Name": r.Name, "Achievable": r.AchievableRTO, "RTO": a.RTO}))
			}
			if a.RPO > 0 && r.AchievableRPO > a.RPO {
				gap(false, risk.T("rules.bcp.readiness_gap_rpo", risk.Args{"Ref": r.Ref, "Name": r.Name, "Achievable": r.AchievableRPO, "RPO": a.RPO}))
			}
			if a.RTO > 0 && r.AchievableRTO == 0 {
				gap(true, risk.T("rules.bcp.readiness_unknown_rto", risk.Args{"Ref": r.Ref, "Name": r.Name, "RTO": a.RTO}))
			}
		}
		out = append(out, row)
	}
	return out
}

// SinglePoint is a resource with no alternate that top-priority activities
// need.
type SinglePoint struct {
	Resource   *Resource
	Activities []string // refs of the top-priority activities needing it
}

// SinglePoints lists the single points of failure, people first.
func SinglePoints(b *BIA) []SinglePoint {
	needed := map[string][]string{}
	for i := range b.Activities {
		a := &b.Activities[i]
		if !b.Settings.IsTop(a) {
			continue
		}
		for _, r := range a.Resources {
			needed[strings.ToUpper(r)] = append(needed[strings.ToUpper(r)], a.Ref)
		}
	}
	var out []SinglePoint
	for i := range b.Resources {
		r := &b.Resources[i]
		if acts := needed[strings.ToUpper(r.Ref)]; len(acts) > 0 && !r.HasAlternate() {
			out = append(out, SinglePoint{Resource: r, Activities: acts})
		}
	}
	slices.SortStableFunc(out, func(x, y SinglePoint) int {
		return slices.Index(Kinds, x.Resource.Kind) - slices.Index(Kinds, y.Resource.Kind)
	})
	return out
}

func (c *checker) singlePoints() {
	for _, sp := range SinglePoints(c.bia) {
		r := sp.Resource
		if r.Kind == Person {
			c.add(risk.SeverityError, "single-point-of-failure", r.Ref, "alternates", risk.T("rules.bcp.single_point_person",
				risk.Args{"Name": r.Name, "Activities": strings.Join(sp.Activities, ", ")}))
			continue
		}
		c.add(risk.SeverityWarning, "single-point-of-failure", r.Ref, "alternates", risk.T("rules.bcp.single_point",
			risk.Args{"Name": r.Name, "Activities": strings.Join(sp.Activities, ", ")}))
	}
}

// thirdSite warns when a critical ICT system runs only in the primary
// region (SSR2 expects a disaster-recovery site outside it).
func (c *checker) thirdSite() {
	primary := strings.TrimSpace(c.bia.Settings.PrimaryRegion)
	if primary == "" {
		return
	}
	critical := map[string]bool{}
	for i := range c.bia.Activities {
		if a := &c.bia.Activities[i]; c.bia.Settings.IsTop(a) {
			for _, r := range a.Resources {
				critical[strings.ToUpper(r)] = true
			}
		}
	}
	for i := range c.bia.Resources {
		r := &c.bia.Resources[i]
		if r.Kind != ICT || !critical[strings.ToUpper(r.Ref)] {
			continue
		}
		outside := false
		for _, s := range r.Sites {
			if site := c.resources[strings.ToUpper(s)]; site != nil && site.Region != "" && !strings.EqualFold(site.Region, primary) {
				outside = true
			}
		}
		if !outside {
			c.add(risk.SeverityWarning, "no-site-outside-region", r.Ref, "sites", risk.T("rules.bcp.no_site_outside_region",
				risk.Args{"Region": primary, "Name": r.Name}))
		}
	}
}

// suppliers warns when a supplier's crisis capacity was never confirmed or
// not within the last twelve months.
func (c *checker) suppliers() {
	for i := range c.bia.Resources {
		r := &c.bia.Resources[i]
		if r.Kind != Supplier {
			continue
		}
		switch {
		case r.CapacityConfirmed.IsZero():
			c.add(risk.SeverityWarning, "supplier-capacity-unconfirmed", r.Ref, "capacity_confirmed", risk.T("rules.bcp.supplier_capacity_unconfirmed",
				risk.Args{"Name": r.Name}))
		case !c.today.IsZero() && r.CapacityConfirmed.AddMonths(CapacityConfirmationAge).Before(c.today):
			c.add(risk.SeverityWarning, "supplier-capacity-stale", r.Ref, "capacity_confirmed", risk.N("rules.bcp.supplier_capacity_stale",
				CapacityConfirmationAge, risk.Args{"Name": r.Name, "Date": r.CapacityConfirmed}))
		}
	}
}
