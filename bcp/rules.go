package bcp

import (
	"fmt"
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

func (c *checker) add(sev risk.Severity, rule, ref, field, format string, args ...any) *risk.Finding {
	c.out = append(c.out, risk.Finding{Severity: sev, Rule: rule, Ref: ref, Field: field, Message: fmt.Sprintf(format, args...)})
	return &c.out[len(c.out)-1]
}

func (c *checker) block(rule, ref, field, format string, args ...any) {
	c.add(risk.SeverityError, rule, ref, field, format, args...).Blocking = true
}

// guard adds an error a save may not bring in (risk.Finding.Guard).
func (c *checker) guard(rule, ref, field, format string, args ...any) {
	c.add(risk.SeverityError, rule, ref, field, format, args...).Guard = true
}

// future refuses a date that has not come yet for something done (an
// approval, a confirmation), as a guard finding.
func (c *checker) future(d risk.Date, rule, ref, field, what string) {
	if d.InFuture(c.today) {
		c.guard(rule, ref, field, "%s is dated %s, which has not come yet; record it once it has happened", what, d)
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
		case f.Ref == "" || f.Ref == noRef:
			return &risk.Error{Code: risk.EINVALID, Message: strings.ToUpper(f.Message[:1]) + f.Message[1:]}
		default:
			return &risk.Error{Code: risk.EINVALID, Message: f.Ref + ": " + f.Message}
		}
	}
	return nil
}

// noRef stands for the reference of a record that has none yet.
const noRef = "(no reference)"

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
		c.out = append(c.out, risk.Finding{Severity: risk.SeverityError, Rule: "bia-settings-invalid", Message: risk.ErrorMessage(err), Blocking: true})
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
			c.block("bia-reference-duplicate", first[key], "ref", "%d activities or resources share this reference; give each its own", n)
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
		c.block("activity-reference-missing", "(no reference)", "ref", "the activity has no reference; give it one such as ACT-01")
		ref = "(no reference)"
	}
	if a.Name == "" {
		c.block("activity-name-missing", ref, "name", "the activity has no name; say what the organisation does, e.g. Authoritative DNS")
	}
	s := &c.bia.Settings
	for _, im := range a.Impacts {
		if !slices.Contains(s.Categories, im.Category) {
			c.add(risk.SeverityWarning, "impact-category-unknown", ref, "impacts", "impacts are recorded for %q, which is not an impact category any more", im.Category)
		}
		for _, v := range im.Severities {
			if v < 0 || v > len(s.Severities) {
				c.block("impact-outside-scale", ref, "impacts", "an impact of %d is outside the scale of %d levels", v, len(s.Severities))
				break
			}
		}
	}
	if a.MTPDOverride > 0 && strings.TrimSpace(a.MTPDReason) == "" {
		c.block("mtpd-override-unexplained", ref, "mtpd_reason", "the MTPD is set by hand to %s without a reason; say why it differs from the impact assessment", a.MTPDOverride)
	}
	mtpd, ok := a.MTPD(s)
	switch {
	case !ok && len(a.Impacts) == 0:
		c.add(risk.SeverityWarning, "impacts-not-assessed", ref, "impacts", "the impacts over time are not assessed, so there is no MTPD; fill in the impact grid")
	case !ok:
		c.add(risk.SeverityInfo, "never-intolerable", ref, "impacts", "no impact becomes intolerable within %s; check the grid or set the MTPD by hand", s.Horizons[len(s.Horizons)-1])
	case a.RTO > mtpd:
		c.block("rto-above-mtpd", ref, "rto", "the RTO (%s) is longer than the MTPD (%s); recovery must come before the disruption becomes intolerable", a.RTO, mtpd)
	}
	if a.RTO == 0 {
		c.add(risk.SeverityWarning, "rto-missing", ref, "rto", "no RTO is set; say how soon the activity must be running again")
	}
	if a.Owner == "" {
		c.add(risk.SeverityWarning, "activity-owner-missing", ref, "owner", "no owner is named")
	}
	if a.Priority < 0 {
		c.block("priority-negative", ref, "priority", "the priority must be a rank from 1 (highest), or 0 for not ranked")
	}
	c.recorded(ref, a.recorded()...)
	c.future(a.Approved, "activity-approved-in-future", ref, "approved", "the approval of the activity's impact assessment")
	for _, u := range a.Upstream {
		if strings.EqualFold(u, a.Ref) {
			c.block("upstream-self", ref, "upstream", "an activity cannot be upstream of itself; remove %s from its upstream activities", u)
		} else if c.activities[strings.ToUpper(u)] == nil && len(c.activities) > 0 {
			c.block("upstream-unknown", ref, "upstream", "upstream activity %s does not exist", u)
		}
	}
	for _, r := range a.Resources {
		if c.resources[strings.ToUpper(r)] == nil && len(c.resources) > 0 {
			c.block("resource-unknown", ref, "resources", "resource %s does not exist", r)
		}
	}
	for _, u := range a.Upstream {
		up := c.activities[strings.ToUpper(u)]
		if up != nil && up.RTO > 0 && a.RTO > 0 && up.RTO > a.RTO {
			c.add(risk.SeverityError, "upstream-recovers-later", ref, "upstream",
				"it needs %s (%s), which recovers in %s, later than this activity's RTO of %s", up.Ref, up.Name, up.RTO, a.RTO)
		}
	}
}

// resource checks one resource on its own.
func (c *checker) resource(r *Resource) {
	ref := r.Ref
	if ref == "" {
		c.block("resource-reference-missing", "(no reference)", "ref", "the resource has no reference; give it one such as RES-01")
		ref = "(no reference)"
	}
	if r.Name == "" {
		c.block("resource-name-missing", ref, "name", "the resource has no name")
	}
	if !slices.Contains(Kinds, r.Kind) {
		c.block("resource-kind-unknown", ref, "kind", "kind %q is not one of person, site, ict, supplier, equipment", r.Kind)
	}
	if r.Standby != "" && !slices.Contains(Standbys, r.Standby) {
		c.block("standby-unknown", ref, "standby", "stand-by %q is not one of none, cold, warm, hot", r.Standby)
	}
	c.recorded(ref, r.recorded()...)
	c.siteInUse(ref, r)
	c.future(r.CapacityConfirmed, "capacity-confirmed-in-future", ref, "capacity_confirmed", "the supplier's confirmation of its crisis capacity")
	for _, s := range r.Sites {
		site := c.resources[strings.ToUpper(s)]
		if strings.EqualFold(s, r.Ref) {
			c.block("site-self", ref, "sites", "a resource cannot run at itself; remove %s from its sites", s)
		} else if site == nil && len(c.resources) > 0 {
			c.block("site-unknown", ref, "sites", "site %s does not exist", s)
		} else if site != nil && site.Kind != Site {
			c.block("site-not-a-site", ref, "sites", "%s is not a site", s)
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
		runs := "runs"
		if len(users) > 1 {
			runs = "run"
		}
		c.block("site-in-use", ref, "kind", "%s is a site that %s %s at; remove it from their sites before changing its kind", r.Ref, risk.RefList(users, 5), runs)
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
			c.add(risk.SeverityWarning, "upstream-cycle", ref, "upstream", "activities depend on each other in a circle: %s", strings.Join(append(path, ref), " → "))
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
		for _, gap := range g.Gaps {
			if strings.HasPrefix(gap, ReadinessUnknown) {
				// Not shown to be met is not shown to fail: measure it.
				c.add(risk.SeverityWarning, "ict-readiness-unknown", g.Activity.Ref, "resources", "%s", gap)
				continue
			}
			c.add(risk.SeverityError, "ict-readiness-gap", g.Activity.Ref, "resources", "%s", gap)
		}
	}
}

// ReadinessUnknown starts the sentences of Readiness about a system whose
// achievable recovery is not recorded; the others are gaps.
const ReadinessUnknown = "ICT readiness unknown: "

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
	Gaps                         []string
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
			if a.RTO > 0 && r.AchievableRTO > a.RTO {
				row.Gaps = append(row.Gaps, fmt.Sprintf("ICT readiness gap: %s (%s) can be recovered in %s, but the activity's RTO is %s", r.Ref, r.Name, r.AchievableRTO, a.RTO))
			}
			if a.RPO > 0 && r.AchievableRPO > a.RPO {
				row.Gaps = append(row.Gaps, fmt.Sprintf("ICT readiness gap: %s (%s) may lose up to %s of data, but the activity's RPO is %s", r.Ref, r.Name, r.AchievableRPO, a.RPO))
			}
			if a.RTO > 0 && r.AchievableRTO == 0 {
				row.Gaps = append(row.Gaps, fmt.Sprintf(ReadinessUnknown+"%s (%s) has no achievable RTO recorded, so the RTO of %s cannot be shown to be met", r.Ref, r.Name, a.RTO))
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
			c.add(risk.SeverityError, "single-point-of-failure", r.Ref, "alternates",
				"%s is a person with no trained alternate, needed by top-priority %s; name and train a stand-in", r.Name, strings.Join(sp.Activities, ", "))
			continue
		}
		c.add(risk.SeverityWarning, "single-point-of-failure", r.Ref, "alternates",
			"%s has no alternate or workaround, and top-priority %s need it; record one", r.Name, strings.Join(sp.Activities, ", "))
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
			c.add(risk.SeverityWarning, "no-site-outside-region", r.Ref, "sites",
				"no site outside the primary region (%s) is recorded for %s; a critical system needs a recovery site elsewhere", primary, r.Name)
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
			c.add(risk.SeverityWarning, "supplier-capacity-unconfirmed", r.Ref, "capacity_confirmed",
				"%s has never confirmed it can support us in a crisis; ask them and record the date", r.Name)
		case !c.today.IsZero() && r.CapacityConfirmed.AddMonths(CapacityConfirmationAge).Before(c.today):
			c.add(risk.SeverityWarning, "supplier-capacity-stale", r.Ref, "capacity_confirmed",
				"%s last confirmed its crisis capacity on %s, more than %d months ago; ask again", r.Name, r.CapacityConfirmed, CapacityConfirmationAge)
		}
	}
}
