package bcp

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"riskbook/risk"
)

// checkToday is the day the rule tests run on.
func checkToday() risk.Date { return risk.Date{Year: 2026, Month: time.March, Day: 1} }

// validBIA returns a BIA that breaks no rule on checkToday. Under the
// default settings (intolerable from Major, top priority 1–2) with the
// primary region Madrid:
//
//   - ACT-01 Authoritative DNS, priority 1, MTPD 4 h, RTO 1 h, RPO 1 h,
//     needs ACT-02, the on-call engineer RES-01 and the DNS platform RES-10;
//   - ACT-02 Registry database, priority 2, MTPD 4 h, RTO 1 h, RPO 15 min,
//     needs the database RES-11 and the transit supplier RES-40;
//   - ACT-03 Newsletter, priority 3, MTPD 1 week, RTO 3 days, needs a
//     person RES-02 and a printer RES-30, neither with an alternate.
//
// The ICT systems run in Madrid (RES-20) and Frankfurt (RES-21).
func validBIA(t *testing.T) BIA {
	t.Helper()
	s := DefaultSettings()
	s.PrimaryRegion = "Madrid"
	dns, reg, rep := s.Categories[0], s.Categories[1], s.Categories[2]
	return BIA{
		Settings: s,
		Activities: []Activity{
			{
				Ref: "ACT-01", Name: "Authoritative DNS", Owner: "Ana", Priority: 1,
				Upstream:  []string{"ACT-02"},
				Resources: []string{"RES-01", "RES-10"},
				Impacts:   []Impact{{dns, []int{3, 5, 5, 5, 5, 5}}, {rep, []int{1, 3, 4, 5, 5, 5}}},
				RTO:       Hours(1), RPO: Hours(1),
			},
			{
				Ref: "ACT-02", Name: "Registry database", Owner: "Bo", Priority: 2,
				Resources: []string{"RES-11", "RES-40"},
				Impacts:   []Impact{{reg, []int{2, 4, 5, 5, 5, 5}}},
				RTO:       Hours(1), RPO: Duration(15 * time.Minute),
			},
			{
				Ref: "ACT-03", Name: "Newsletter", Owner: "Carla", Priority: 3,
				Resources: []string{"RES-02", "RES-30"},
				Impacts:   []Impact{{rep, []int{1, 1, 2, 3, 4, 4}}},
				RTO:       Hours(72),
			},
		},
		Resources: []Resource{
			{Ref: "RES-01", Name: "On-call engineer", Kind: Person, Alternates: "Second on-call engineer"},
			{Ref: "RES-02", Name: "Editor", Kind: Person},
			{Ref: "RES-10", Name: "DNS platform", Kind: ICT, Alternates: "Anycast nodes elsewhere",
				AchievableRTO: Hours(1), AchievableRPO: Duration(15 * time.Minute), Standby: HotStandby,
				Sites: []string{"RES-20", "RES-21"}},
			{Ref: "RES-11", Name: "SRS database", Kind: ICT, Alternates: "Replica",
				AchievableRTO: Hours(1), AchievableRPO: Duration(15 * time.Minute), Standby: WarmStandby,
				Sites: []string{"RES-20", "RES-21"}},
			{Ref: "RES-20", Name: "Madrid data centre", Kind: Site, Region: "Madrid", Alternates: "Frankfurt"},
			{Ref: "RES-21", Name: "Frankfurt data centre", Kind: Site, Region: "Frankfurt", Alternates: "Madrid"},
			{Ref: "RES-30", Name: "Printer", Kind: Equipment},
			{Ref: "RES-40", Name: "Transit provider", Kind: Supplier, Alternates: "Second carrier",
				CapacityConfirmed: risk.Date{Year: 2025, Month: time.December, Day: 1}},
		},
	}
}

// act and res return the activity or resource of b with the reference,
// failing t when there is none.
func act(t *testing.T, b *BIA, ref string) *Activity {
	t.Helper()
	for i := range b.Activities {
		if b.Activities[i].Ref == ref {
			return &b.Activities[i]
		}
	}
	t.Fatalf("no activity %s in the test BIA", ref)
	return nil
}

func res(t *testing.T, b *BIA, ref string) *Resource {
	t.Helper()
	for i := range b.Resources {
		if b.Resources[i].Ref == ref {
			return &b.Resources[i]
		}
	}
	t.Fatalf("no resource %s in the test BIA", ref)
	return nil
}

// want is the part of a Finding a rule test asserts; the message is checked
// separately by fragment.
type want struct {
	Ref      string
	Rule     string
	Field    string
	Severity risk.Severity
	Blocking bool
	Guard    bool
}

func (w want) String() string {
	b := ""
	if w.Blocking {
		b = " blocking"
	}
	if w.Guard {
		b += " guard"
	}
	return fmt.Sprintf("%s %s/%s/%s%s", w.Severity, w.Ref, w.Rule, w.Field, b)
}

// blk, errf, warn and info build the expected findings of each severity;
// errf is an error that does not block saving.
func blk(ref, rule, field string) want {
	return want{Ref: ref, Rule: rule, Field: field, Severity: risk.SeverityError, Blocking: true}
}

// grd is an error a save may not bring in (risk.Finding.Guard).
func grd(ref, rule, field string) want {
	return want{Ref: ref, Rule: rule, Field: field, Severity: risk.SeverityError, Guard: true}
}

func errf(ref, rule, field string) want {
	return want{Ref: ref, Rule: rule, Field: field, Severity: risk.SeverityError}
}

func warn(ref, rule, field string) want {
	return want{Ref: ref, Rule: rule, Field: field, Severity: risk.SeverityWarning}
}

func info(ref, rule, field string) want {
	return want{Ref: ref, Rule: rule, Field: field, Severity: risk.SeverityInfo}
}

// assertFindings fails t unless fs holds exactly the findings in ws, in any
// order, and every fragment in msgs is in one of their messages.
func assertFindings(t *testing.T, fs []risk.Finding, ws []want, msgs ...string) {
	t.Helper()
	inEveryLanguage(t, fs)
	got := make([]want, len(fs))
	for i, f := range fs {
		got[i] = want{Ref: f.Ref, Rule: f.Rule, Field: f.Field, Severity: f.Severity, Blocking: f.Blocking, Guard: f.Guard}
	}
	order := func(a, b want) int {
		return cmp.Or(cmp.Compare(a.Ref, b.Ref), cmp.Compare(a.Rule, b.Rule), cmp.Compare(a.Field, b.Field))
	}
	ws = slices.Clone(ws)
	slices.SortFunc(got, order)
	slices.SortFunc(ws, order)
	if !slices.Equal(got, ws) {
		t.Errorf("got findings %v, want %v", got, ws)
	}
	var texts []string
	for _, f := range fs {
		texts = append(texts, f.Message)
	}
	for _, m := range msgs {
		if !slices.ContainsFunc(texts, func(s string) bool { return strings.Contains(s, m) }) {
			t.Errorf("got messages %q, want one containing %q", texts, m)
		}
	}
}

func TestCheckValid(t *testing.T) {
	for _, today := range []risk.Date{checkToday(), {}} {
		t.Run("Today"+today.String(), func(t *testing.T) {
			b := validBIA(t)
			assertFindings(t, Check(&b, today), nil)
		})
	}
}

func TestCheckActivity(t *testing.T) {
	tests := []struct {
		name   string
		modify func(t *testing.T, b *BIA)
		want   []want
		msgs   []string
	}{
		// Identity.
		{name: "ReferenceMissing", modify: func(t *testing.T, b *BIA) { act(t, b, "ACT-03").Ref = "" },
			want: []want{blk("(no reference)", "activity-reference-missing", "ref")},
			msgs: []string{"the activity has no reference; give it one such as ACT-01"}},
		{name: "NameMissing", modify: func(t *testing.T, b *BIA) { act(t, b, "ACT-03").Name = "" },
			want: []want{blk("ACT-03", "activity-name-missing", "name")}},
		{name: "OwnerMissing", modify: func(t *testing.T, b *BIA) { act(t, b, "ACT-03").Owner = "" },
			want: []want{warn("ACT-03", "activity-owner-missing", "owner")},
			msgs: []string{"no owner is named"}},

		// The impact grid.
		{name: "ImpactAboveScale", modify: func(t *testing.T, b *BIA) { act(t, b, "ACT-01").Impacts[0].Severities[2] = 6 },
			want: []want{blk("ACT-01", "impact-outside-scale", "impacts")},
			msgs: []string{"an impact of 6 is outside the scale of 5 levels"}},
		{name: "ImpactNegative", modify: func(t *testing.T, b *BIA) { act(t, b, "ACT-01").Impacts[0].Severities[0] = -1 },
			want: []want{blk("ACT-01", "impact-outside-scale", "impacts")},
			msgs: []string{"an impact of -1 is outside the scale of 5 levels"}},
		{name: "ImpactOutsideScaleOncePerRow", modify: func(t *testing.T, b *BIA) {
			a := act(t, b, "ACT-01")
			a.Impacts[0].Severities[2], a.Impacts[0].Severities[3] = 6, 7
		}, want: []want{blk("ACT-01", "impact-outside-scale", "impacts")}},
		{name: "ImpactOutsideScaleInTwoRows", modify: func(t *testing.T, b *BIA) {
			a := act(t, b, "ACT-01")
			a.Impacts[0].Severities[2], a.Impacts[1].Severities[5] = 6, 9
		}, want: []want{
			blk("ACT-01", "impact-outside-scale", "impacts"),
			blk("ACT-01", "impact-outside-scale", "impacts"),
		}},
		{name: "ImpactTopOfSmallerScale", modify: func(t *testing.T, b *BIA) {
			b.Settings.Severities = b.Settings.Severities[:3]
			b.Settings.Intolerable = 3
		}, want: []want{
			blk("ACT-01", "impact-outside-scale", "impacts"),
			blk("ACT-01", "impact-outside-scale", "impacts"),
			blk("ACT-02", "impact-outside-scale", "impacts"),
			blk("ACT-03", "impact-outside-scale", "impacts"),
		}, msgs: []string{"an impact of 5 is outside the scale of 3 levels", "an impact of 4 is outside the scale of 3 levels"}},
		{name: "ImpactCategoryUnknown", modify: func(t *testing.T, b *BIA) {
			a := act(t, b, "ACT-03")
			a.Impacts = append(a.Impacts, Impact{"Weather", []int{1}})
		}, want: []want{warn("ACT-03", "impact-category-unknown", "impacts")},
			msgs: []string{`impacts are recorded for "Weather", which is not an impact category any more`}},
		{name: "ImpactCategoryOtherCase", modify: func(t *testing.T, b *BIA) {
			act(t, b, "ACT-03").Impacts[0].Category = "reputation"
		}, want: []want{
			warn("ACT-03", "impact-category-unknown", "impacts"),
			// Its severities no longer count, so nothing is intolerable.
			info("ACT-03", "never-intolerable", "impacts"),
		}},
		{name: "ImpactsNotAssessed", modify: func(t *testing.T, b *BIA) { act(t, b, "ACT-03").Impacts = nil },
			want: []want{warn("ACT-03", "impacts-not-assessed", "impacts")},
			msgs: []string{"the impacts over time are not assessed, so there is no MTPD"}},
		{name: "ImpactsNotAssessedButOverridden", modify: func(t *testing.T, b *BIA) {
			a := act(t, b, "ACT-03")
			a.Impacts, a.MTPDOverride, a.MTPDReason = nil, Duration(Week), "Agreed with marketing."
		}},
		{name: "NeverIntolerable", modify: func(t *testing.T, b *BIA) {
			act(t, b, "ACT-03").Impacts[0].Severities = []int{1, 1, 2, 3, 3, 3}
		}, want: []want{info("ACT-03", "never-intolerable", "impacts")},
			msgs: []string{"no impact becomes intolerable within 1 month"}},
		{name: "NeverIntolerableAllZero", modify: func(t *testing.T, b *BIA) {
			act(t, b, "ACT-03").Impacts[0].Severities = []int{0, 0, 0, 0, 0, 0}
		}, want: []want{info("ACT-03", "never-intolerable", "impacts")}},

		// MTPD and RTO.
		{name: "RTOAboveMTPD", modify: func(t *testing.T, b *BIA) { act(t, b, "ACT-01").RTO = Hours(5) },
			want: []want{blk("ACT-01", "rto-above-mtpd", "rto")},
			msgs: []string{"the RTO (5 h) is longer than the MTPD (4 h)"}},
		{name: "RTOEqualsMTPD", modify: func(t *testing.T, b *BIA) { act(t, b, "ACT-01").RTO = Hours(4) }},
		{name: "RTOOneMinuteAboveMTPD", modify: func(t *testing.T, b *BIA) {
			act(t, b, "ACT-01").RTO = Duration(4*time.Hour + time.Minute)
		}, want: []want{blk("ACT-01", "rto-above-mtpd", "rto")},
			msgs: []string{"the RTO (4 h 1 min) is longer than the MTPD (4 h)"}},
		{name: "RTOAboveOverriddenMTPD", modify: func(t *testing.T, b *BIA) {
			a := act(t, b, "ACT-03")
			a.MTPDOverride, a.MTPDReason = Hours(48), "Printing deadline."
		}, want: []want{blk("ACT-03", "rto-above-mtpd", "rto")},
			msgs: []string{"the RTO (3 days) is longer than the MTPD (2 days)"}},
		{name: "RTOWithinOverrideAboveDerived", modify: func(t *testing.T, b *BIA) {
			a := act(t, b, "ACT-01")
			a.RTO, a.MTPDOverride, a.MTPDReason = Hours(8), Hours(24), "Resolvers cache for a day."
		}},
		{name: "RTOAboveMTPDWithUnexplainedOverride", modify: func(t *testing.T, b *BIA) {
			act(t, b, "ACT-03").MTPDOverride = Hours(24)
		}, want: []want{
			blk("ACT-03", "mtpd-override-unexplained", "mtpd_reason"),
			blk("ACT-03", "rto-above-mtpd", "rto"),
		}, msgs: []string{"the MTPD is set by hand to 1 day without a reason", "the RTO (3 days) is longer than the MTPD (1 day)"}},
		{name: "MTPDOverrideUnexplained", modify: func(t *testing.T, b *BIA) { act(t, b, "ACT-01").MTPDOverride = Hours(8) },
			want: []want{blk("ACT-01", "mtpd-override-unexplained", "mtpd_reason")},
			msgs: []string{"the MTPD is set by hand to 8 h without a reason; say why it differs from the impact assessment"}},
		{name: "MTPDOverrideBlankReason", modify: func(t *testing.T, b *BIA) {
			a := act(t, b, "ACT-01")
			a.MTPDOverride, a.MTPDReason = Hours(8), " \n\t"
		}, want: []want{blk("ACT-01", "mtpd-override-unexplained", "mtpd_reason")}},
		{name: "MTPDOverrideExplained", modify: func(t *testing.T, b *BIA) {
			a := act(t, b, "ACT-01")
			a.MTPDOverride, a.MTPDReason = Hours(8), "Resolvers cache for 8 h."
		}},
		{name: "MTPDReasonWithoutOverride", modify: func(t *testing.T, b *BIA) { act(t, b, "ACT-01").MTPDReason = "Old note." }},
		{name: "RTOMissing", modify: func(t *testing.T, b *BIA) { act(t, b, "ACT-03").RTO = 0 },
			want: []want{warn("ACT-03", "rto-missing", "rto")},
			msgs: []string{"no RTO is set; say how soon the activity must be running again"}},
		{name: "RTOMissingSkipsRecoveryRules", modify: func(t *testing.T, b *BIA) {
			act(t, b, "ACT-01").RTO = 0
			res(t, b, "RES-10").AchievableRTO = Hours(48)
		}, want: []want{warn("ACT-01", "rto-missing", "rto")}},

		// Upstream activities and resources.
		{name: "UpstreamSelf", modify: func(t *testing.T, b *BIA) {
			a := act(t, b, "ACT-03")
			a.Upstream = append(a.Upstream, "ACT-03")
		}, want: []want{
			blk("ACT-03", "upstream-self", "upstream"),
			warn("ACT-03", "upstream-cycle", "upstream"),
		}, msgs: []string{"an activity cannot be upstream of itself", "ACT-03 → ACT-03"}},
		{name: "UpstreamSelfOtherCase", modify: func(t *testing.T, b *BIA) {
			a := act(t, b, "ACT-03")
			a.Upstream = append(a.Upstream, "act-03")
		}, want: []want{
			blk("ACT-03", "upstream-self", "upstream"),
			warn("ACT-03", "upstream-cycle", "upstream"),
		}},
		{name: "UpstreamUnknown", modify: func(t *testing.T, b *BIA) {
			a := act(t, b, "ACT-01")
			a.Upstream = append(a.Upstream, "ACT-99")
		}, want: []want{blk("ACT-01", "upstream-unknown", "upstream")},
			msgs: []string{"upstream activity ACT-99 does not exist"}},
		{name: "UpstreamOtherCase", modify: func(t *testing.T, b *BIA) { act(t, b, "ACT-01").Upstream = []string{"act-02"} }},
		{name: "UpstreamIsAResource", modify: func(t *testing.T, b *BIA) { act(t, b, "ACT-01").Upstream = []string{"RES-10"} },
			want: []want{blk("ACT-01", "upstream-unknown", "upstream")}},
		{name: "ResourceUnknown", modify: func(t *testing.T, b *BIA) {
			a := act(t, b, "ACT-01")
			a.Resources = append(a.Resources, "RES-99")
		}, want: []want{blk("ACT-01", "resource-unknown", "resources")},
			msgs: []string{"resource RES-99 does not exist"}},
		{name: "ResourceIsAnActivity", modify: func(t *testing.T, b *BIA) {
			a := act(t, b, "ACT-01")
			a.Resources = append(a.Resources, "ACT-02")
		}, want: []want{blk("ACT-01", "resource-unknown", "resources")}},
		{name: "ResourceOtherCase", modify: func(t *testing.T, b *BIA) { act(t, b, "ACT-01").Resources = []string{"res-01", "res-10"} }},
		{name: "UpstreamRecoversLater", modify: func(t *testing.T, b *BIA) { act(t, b, "ACT-02").RTO = Hours(2) },
			want: []want{errf("ACT-01", "upstream-recovers-later", "upstream")},
			msgs: []string{"it needs ACT-02 (Registry database), which recovers in 2 h, later than this activity's RTO of 1 h"}},
		{name: "UpstreamRecoversSooner", modify: func(t *testing.T, b *BIA) { act(t, b, "ACT-01").RTO = Hours(2) }},
		{name: "UpstreamWithoutRTO", modify: func(t *testing.T, b *BIA) { act(t, b, "ACT-02").RTO = 0 },
			want: []want{warn("ACT-02", "rto-missing", "rto")}},
		{name: "UpstreamCycle", modify: func(t *testing.T, b *BIA) { act(t, b, "ACT-02").Upstream = []string{"ACT-01"} },
			want: []want{warn("ACT-01", "upstream-cycle", "upstream")},
			msgs: []string{"activities depend on each other in a circle: ACT-01 → ACT-02 → ACT-01"}},
		{name: "UpstreamCycleOtherCase", modify: func(t *testing.T, b *BIA) { act(t, b, "ACT-02").Upstream = []string{"act-01"} },
			want: []want{warn("ACT-01", "upstream-cycle", "upstream")},
			msgs: []string{"ACT-01 → ACT-02 → ACT-01"}},
		{name: "UpstreamCycleOfThree", modify: func(t *testing.T, b *BIA) {
			act(t, b, "ACT-02").Upstream = []string{"ACT-03"}
			act(t, b, "ACT-03").Upstream = []string{"ACT-01"}
		}, want: []want{
			warn("ACT-01", "upstream-cycle", "upstream"),
			errf("ACT-02", "upstream-recovers-later", "upstream"),
		}, msgs: []string{"ACT-01 → ACT-02 → ACT-03 → ACT-01", "which recovers in 3 days, later than this activity's RTO of 1 h"}},
		{name: "UpstreamDiamondIsNoCycle", modify: func(t *testing.T, b *BIA) {
			act(t, b, "ACT-01").Upstream = []string{"ACT-02", "ACT-03"}
			act(t, b, "ACT-02").Upstream = []string{"ACT-03"}
			act(t, b, "ACT-03").RTO = Hours(1)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := validBIA(t)
			tt.modify(t, &b)
			assertFindings(t, Check(&b, checkToday()), tt.want, tt.msgs...)
		})
	}
}

func TestCheckResource(t *testing.T) {
	tests := []struct {
		name   string
		modify func(t *testing.T, b *BIA)
		want   []want
		msgs   []string
	}{
		{name: "ReferenceMissing", modify: func(t *testing.T, b *BIA) {
			b.Resources = append(b.Resources, Resource{Name: "Spare laptop", Kind: Equipment})
		}, want: []want{blk("(no reference)", "resource-reference-missing", "ref")},
			msgs: []string{"the resource has no reference; give it one such as RES-01"}},
		{name: "NameMissing", modify: func(t *testing.T, b *BIA) { res(t, b, "RES-30").Name = "" },
			want: []want{blk("RES-30", "resource-name-missing", "name")}},
		{name: "KindUnknown", modify: func(t *testing.T, b *BIA) { res(t, b, "RES-30").Kind = "vendor" },
			want: []want{blk("RES-30", "resource-kind-unknown", "kind")},
			msgs: []string{`kind "vendor" is not one of person, site, ict, supplier, equipment`}},
		{name: "KindEmpty", modify: func(t *testing.T, b *BIA) { res(t, b, "RES-30").Kind = "" },
			want: []want{blk("RES-30", "resource-kind-unknown", "kind")}},
		{name: "KindOtherCase", modify: func(t *testing.T, b *BIA) { res(t, b, "RES-30").Kind = "Equipment" },
			want: []want{blk("RES-30", "resource-kind-unknown", "kind")}},
		{name: "StandbyUnknown", modify: func(t *testing.T, b *BIA) { res(t, b, "RES-10").Standby = "lukewarm" },
			want: []want{blk("RES-10", "standby-unknown", "standby")},
			msgs: []string{`stand-by "lukewarm" is not one of none, cold, warm, hot`}},
		{name: "StandbyEmpty", modify: func(t *testing.T, b *BIA) { res(t, b, "RES-10").Standby = "" }},
		{name: "StandbyNoneAndCold", modify: func(t *testing.T, b *BIA) {
			res(t, b, "RES-10").Standby = NoStandby
			res(t, b, "RES-11").Standby = ColdStandby
		}},
		{name: "SiteUnknown", modify: func(t *testing.T, b *BIA) {
			r := res(t, b, "RES-10")
			r.Sites = append(r.Sites, "RES-99")
		}, want: []want{blk("RES-10", "site-unknown", "sites")},
			msgs: []string{"site RES-99 does not exist"}},
		{name: "SiteNotASite", modify: func(t *testing.T, b *BIA) {
			r := res(t, b, "RES-10")
			r.Sites = append(r.Sites, "RES-11")
		}, want: []want{blk("RES-10", "site-not-a-site", "sites"), blk("RES-11", "site-in-use", "kind")},
			msgs: []string{"RES-11 is not a site", "RES-11 is a site that RES-10 runs at"}},
		{name: "SiteIsAnActivity", modify: func(t *testing.T, b *BIA) {
			r := res(t, b, "RES-10")
			r.Sites = append(r.Sites, "ACT-01")
		}, want: []want{blk("RES-10", "site-unknown", "sites")}},
		{name: "SiteOtherCase", modify: func(t *testing.T, b *BIA) { res(t, b, "RES-10").Sites = []string{"res-20", "res-21"} }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := validBIA(t)
			tt.modify(t, &b)
			assertFindings(t, Check(&b, checkToday()), tt.want, tt.msgs...)
		})
	}
}

func TestCheckReadiness(t *testing.T) {
	tests := []struct {
		name   string
		modify func(t *testing.T, b *BIA)
		want   []want
		msgs   []string
	}{
		{name: "RTOGap", modify: func(t *testing.T, b *BIA) { res(t, b, "RES-10").AchievableRTO = Hours(2) },
			want: []want{errf("ACT-01", "ict-readiness-gap", "resources")},
			msgs: []string{"ICT readiness gap: RES-10 (DNS platform) can be recovered in 2 h, but the activity's RTO is 1 h"}},
		{name: "RTOMet", modify: func(t *testing.T, b *BIA) { res(t, b, "RES-10").AchievableRTO = Duration(30 * time.Minute) }},
		{name: "RPOGap", modify: func(t *testing.T, b *BIA) { res(t, b, "RES-11").AchievableRPO = Hours(1) },
			want: []want{errf("ACT-02", "ict-readiness-gap", "resources")},
			msgs: []string{"ICT readiness gap: RES-11 (SRS database) may lose up to 1 h of data, but the activity's RPO is 15 min"}},
		{name: "RPOEqual", modify: func(t *testing.T, b *BIA) { act(t, b, "ACT-01").RPO = Duration(15 * time.Minute) }},
		{name: "RPONotRequired", modify: func(t *testing.T, b *BIA) { act(t, b, "ACT-02").RPO = 0 }},
		{name: "RTOAndRPOGaps", modify: func(t *testing.T, b *BIA) {
			r := res(t, b, "RES-11")
			r.AchievableRTO, r.AchievableRPO = Hours(24), Hours(24)
		}, want: []want{
			errf("ACT-02", "ict-readiness-gap", "resources"),
			errf("ACT-02", "ict-readiness-gap", "resources"),
		}, msgs: []string{"can be recovered in 1 day, but the activity's RTO is 1 h", "may lose up to 1 day of data, but the activity's RPO is 15 min"}},
		{name: "ReadinessUnknown", modify: func(t *testing.T, b *BIA) { res(t, b, "RES-10").AchievableRTO = 0 },
			want: []want{warn("ACT-01", "ict-readiness-unknown", "resources")},
			msgs: []string{"ICT readiness unknown: RES-10 (DNS platform) has no achievable RTO recorded, so the RTO of 1 h cannot be shown to be met"}},
		{name: "AchievableRPOUnknown", modify: func(t *testing.T, b *BIA) { res(t, b, "RES-10").AchievableRPO = 0 }},
		{name: "NotICT", modify: func(t *testing.T, b *BIA) {
			r := res(t, b, "RES-01")
			r.AchievableRTO, r.AchievableRPO = Hours(48), Hours(48)
		}},
		{name: "GapPerActivity", modify: func(t *testing.T, b *BIA) {
			res(t, b, "RES-10").AchievableRTO = Hours(2)
			a := act(t, b, "ACT-02")
			a.Resources = append(a.Resources, "RES-10")
		}, want: []want{
			errf("ACT-01", "ict-readiness-gap", "resources"),
			errf("ACT-02", "ict-readiness-gap", "resources"),
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := validBIA(t)
			tt.modify(t, &b)
			assertFindings(t, Check(&b, checkToday()), tt.want, tt.msgs...)
		})
	}
}

func TestCheckSinglePoints(t *testing.T) {
	addHSM := func(t *testing.T, b *BIA) {
		t.Helper()
		b.Resources = append(b.Resources, Resource{Ref: "RES-31", Name: "HSM", Kind: Equipment})
		a := act(t, b, "ACT-02")
		a.Resources = append(a.Resources, "RES-31")
	}
	tests := []struct {
		name   string
		modify func(t *testing.T, b *BIA)
		want   []want
		msgs   []string
	}{
		{name: "Person", modify: func(t *testing.T, b *BIA) { res(t, b, "RES-01").Alternates = "" },
			want: []want{errf("RES-01", "single-point-of-failure", "alternates")},
			msgs: []string{"On-call engineer is a person with no trained alternate, needed by top-priority ACT-01; name and train a stand-in"}},
		{name: "Equipment", modify: addHSM,
			want: []want{warn("RES-31", "single-point-of-failure", "alternates")},
			msgs: []string{"HSM has no alternate or workaround, and top-priority ACT-02 need it; record one"}},
		{name: "ICT", modify: func(t *testing.T, b *BIA) { res(t, b, "RES-10").Alternates = "" },
			want: []want{warn("RES-10", "single-point-of-failure", "alternates")}},
		{name: "Supplier", modify: func(t *testing.T, b *BIA) { res(t, b, "RES-40").Alternates = "" },
			want: []want{warn("RES-40", "single-point-of-failure", "alternates")}},
		{name: "NeededByTwo", modify: func(t *testing.T, b *BIA) {
			res(t, b, "RES-01").Alternates = ""
			a := act(t, b, "ACT-02")
			a.Resources = append(a.Resources, "res-01")
		}, want: []want{errf("RES-01", "single-point-of-failure", "alternates")},
			msgs: []string{"needed by top-priority ACT-01, ACT-02"}},
		{name: "LastTopPriority", modify: func(t *testing.T, b *BIA) { act(t, b, "ACT-03").Priority = 2 },
			want: []want{
				errf("RES-02", "single-point-of-failure", "alternates"),
				warn("RES-30", "single-point-of-failure", "alternates"),
			}, msgs: []string{"Editor is a person", "Printer has no alternate"}},
		{name: "WiderTopPriority", modify: func(t *testing.T, b *BIA) { b.Settings.TopPriority = 3 },
			want: []want{
				errf("RES-02", "single-point-of-failure", "alternates"),
				warn("RES-30", "single-point-of-failure", "alternates"),
			}},
		{name: "NarrowerTopPriority", modify: func(t *testing.T, b *BIA) {
			b.Settings.TopPriority = 1
			addHSM(t, b)
		}},
		{name: "NotRanked", modify: func(t *testing.T, b *BIA) {
			addHSM(t, b)
			act(t, b, "ACT-02").Priority = 0
		}},
		{name: "NegativePriority", modify: func(t *testing.T, b *BIA) {
			addHSM(t, b)
			act(t, b, "ACT-02").Priority = -1
		}, want: []want{blk("ACT-02", "priority-negative", "priority")}},
		{name: "WithAlternate", modify: func(t *testing.T, b *BIA) {
			addHSM(t, b)
			res(t, b, "RES-31").Alternates = "Second HSM in Frankfurt"
		}},
		{name: "NotNeeded", modify: func(t *testing.T, b *BIA) {
			b.Resources = append(b.Resources, Resource{Ref: "RES-32", Name: "Old server", Kind: Equipment})
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := validBIA(t)
			tt.modify(t, &b)
			assertFindings(t, Check(&b, checkToday()), tt.want, tt.msgs...)
		})
	}
}

func TestCheckSiteOutsideRegion(t *testing.T) {
	tests := []struct {
		name   string
		modify func(t *testing.T, b *BIA)
		want   []want
		msgs   []string
	}{
		{name: "OnlyPrimary", modify: func(t *testing.T, b *BIA) { res(t, b, "RES-10").Sites = []string{"RES-20"} },
			want: []want{warn("RES-10", "no-site-outside-region", "sites")},
			msgs: []string{"no site outside the primary region (Madrid) is recorded for DNS platform; a critical system needs a recovery site elsewhere"}},
		{name: "NoSites", modify: func(t *testing.T, b *BIA) { res(t, b, "RES-11").Sites = nil },
			want: []want{warn("RES-11", "no-site-outside-region", "sites")}},
		{name: "OtherSiteSameRegionOtherCase", modify: func(t *testing.T, b *BIA) { res(t, b, "RES-21").Region = "MADRID" },
			want: []want{
				warn("RES-10", "no-site-outside-region", "sites"),
				warn("RES-11", "no-site-outside-region", "sites"),
			}},
		{name: "OtherSiteWithoutRegion", modify: func(t *testing.T, b *BIA) { res(t, b, "RES-21").Region = "" },
			want: []want{
				warn("RES-10", "no-site-outside-region", "sites"),
				warn("RES-11", "no-site-outside-region", "sites"),
			}},
		{name: "OnlyOutside", modify: func(t *testing.T, b *BIA) { res(t, b, "RES-10").Sites = []string{"RES-21"} }},
		{name: "PrimaryRegionPadded", modify: func(t *testing.T, b *BIA) {
			b.Settings.PrimaryRegion = " Madrid "
			res(t, b, "RES-10").Sites = []string{"RES-20"}
		}, want: []want{warn("RES-10", "no-site-outside-region", "sites")}},
		{name: "PrimaryRegionEmpty", modify: func(t *testing.T, b *BIA) {
			b.Settings.PrimaryRegion = ""
			res(t, b, "RES-10").Sites = nil
			res(t, b, "RES-11").Sites = []string{"RES-20"}
		}},
		{name: "PrimaryRegionBlank", modify: func(t *testing.T, b *BIA) {
			b.Settings.PrimaryRegion = "  "
			res(t, b, "RES-10").Sites = nil
		}},
		{name: "NotTopPriority", modify: func(t *testing.T, b *BIA) {
			b.Resources = append(b.Resources, Resource{Ref: "RES-12", Name: "Mailing list server", Kind: ICT,
				Alternates: "Hosted list", AchievableRTO: Hours(24), Sites: []string{"RES-20"}})
			a := act(t, b, "ACT-03")
			a.Resources = append(a.Resources, "RES-12")
		}},
		{name: "NotRanked", modify: func(t *testing.T, b *BIA) {
			res(t, b, "RES-11").Sites = []string{"RES-20"}
			act(t, b, "ACT-02").Priority = 0
		}},
		{name: "NotICT", modify: func(t *testing.T, b *BIA) {
			a := act(t, b, "ACT-01")
			a.Resources = append(a.Resources, "RES-20")
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := validBIA(t)
			tt.modify(t, &b)
			assertFindings(t, Check(&b, checkToday()), tt.want, tt.msgs...)
		})
	}
}

func TestCheckSuppliers(t *testing.T) {
	on := func(y int, m time.Month, d int) risk.Date { return risk.Date{Year: y, Month: m, Day: d} }
	tests := []struct {
		name      string
		confirmed risk.Date
		today     risk.Date
		want      []want
		msgs      []string
	}{
		{name: "Unconfirmed", today: checkToday(),
			want: []want{warn("RES-40", "supplier-capacity-unconfirmed", "capacity_confirmed")},
			msgs: []string{"Transit provider has never confirmed it can support us in a crisis; ask them and record the date"}},
		{name: "UnconfirmedWithoutToday",
			want: []want{warn("RES-40", "supplier-capacity-unconfirmed", "capacity_confirmed")}},
		{name: "ThirteenMonthsAgo", confirmed: on(2025, time.February, 1), today: checkToday(),
			want: []want{warn("RES-40", "supplier-capacity-stale", "capacity_confirmed")},
			msgs: []string{"Transit provider last confirmed its crisis capacity on 2025-02-01, more than 12 months ago; ask again"}},
		{name: "TwelveMonthsAndADay", confirmed: on(2025, time.February, 28), today: checkToday(),
			want: []want{warn("RES-40", "supplier-capacity-stale", "capacity_confirmed")}},
		{name: "ExactlyTwelveMonths", confirmed: on(2025, time.March, 1), today: checkToday()},
		{name: "ElevenMonthsAgo", confirmed: on(2025, time.April, 1), today: checkToday()},
		{name: "Today", confirmed: checkToday(), today: checkToday()},
		{name: "StaleWithoutToday", confirmed: on(2025, time.February, 1)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := validBIA(t)
			res(t, &b, "RES-40").CapacityConfirmed = tt.confirmed
			assertFindings(t, Check(&b, tt.today), tt.want, tt.msgs...)
		})
	}
}

func TestCheckReferenceDuplicate(t *testing.T) {
	tests := []struct {
		name   string
		modify func(t *testing.T, b *BIA)
		want   []want
		msgs   []string
	}{
		{name: "ActivityAndResource", modify: func(t *testing.T, b *BIA) {
			b.Resources = append(b.Resources, Resource{Ref: "act-01", Name: "Spare laptop", Kind: Equipment})
		}, want: []want{blk("ACT-01", "bia-reference-duplicate", "ref")},
			msgs: []string{"2 activities or resources share this reference; give each its own"}},
		{name: "TwoActivities", modify: func(t *testing.T, b *BIA) {
			dup := *act(t, b, "ACT-03")
			b.Activities = append(b.Activities, dup)
		}, want: []want{blk("ACT-03", "bia-reference-duplicate", "ref")}},
		{name: "ThreeResourcesFirstSpellingKept", modify: func(t *testing.T, b *BIA) {
			b.Resources = append(b.Resources,
				Resource{Ref: "res-50", Name: "A", Kind: Equipment},
				Resource{Ref: "RES-50", Name: "B", Kind: Equipment},
				Resource{Ref: "Res-50", Name: "C", Kind: Equipment})
		}, want: []want{blk("res-50", "bia-reference-duplicate", "ref")},
			msgs: []string{"3 activities or resources share this reference"}},
		{name: "MissingReferencesAreNotDuplicates", modify: func(t *testing.T, b *BIA) {
			act(t, b, "ACT-03").Ref = ""
			b.Resources = append(b.Resources, Resource{Name: "Spare laptop", Kind: Equipment})
		}, want: []want{
			blk("(no reference)", "activity-reference-missing", "ref"),
			blk("(no reference)", "resource-reference-missing", "ref"),
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := validBIA(t)
			tt.modify(t, &b)
			assertFindings(t, Check(&b, checkToday()), tt.want, tt.msgs...)
		})
	}
}

func TestCheckSettingsInvalid(t *testing.T) {
	b := validBIA(t)
	b.Settings.Horizons = nil
	act(t, &b, "ACT-01").Name = "" // not reported: nothing is checked against unusable settings
	fs := Check(&b, checkToday())
	assertFindings(t, fs, []want{blk("", "bia-settings-invalid", "")}, "The BIA needs at least one time horizon")
}

func TestCheckEmpty(t *testing.T) {
	b := BIA{Settings: DefaultSettings()}
	if fs := Check(&b, checkToday()); len(fs) != 0 {
		t.Errorf("got findings %v, want none", fs)
	}
}

func TestCheckSorted(t *testing.T) {
	b := validBIA(t)
	res(t, &b, "RES-01").Alternates = ""                  // error RES-01
	act(t, &b, "ACT-03").Owner = ""                       // warning ACT-03
	act(t, &b, "ACT-01").RTO = Hours(5)                   // blocking error ACT-01
	act(t, &b, "ACT-02").Impacts[0].Category = "Politics" // warning and info ACT-02
	res(t, &b, "RES-40").CapacityConfirmed = risk.Date{}  // warning RES-40
	fs := Check(&b, checkToday())
	var got []string
	for _, f := range fs {
		got = append(got, f.Severity.String()+" "+f.Ref+" "+f.Rule)
	}
	want := []string{
		"error ACT-01 rto-above-mtpd",
		"error RES-01 single-point-of-failure",
		"warning ACT-02 impact-category-unknown",
		"warning ACT-03 activity-owner-missing",
		"warning RES-40 supplier-capacity-unconfirmed",
		"info ACT-02 never-intolerable",
	}
	if !slices.Equal(got, want) {
		t.Errorf("got findings in order\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestValidateActivity(t *testing.T) {
	tests := []struct {
		name   string
		modify func(t *testing.T, b *BIA) *Activity // returns the activity to validate
		msg    string                               // "" for nil
	}{
		{name: "Valid", modify: func(t *testing.T, b *BIA) *Activity { return act(t, b, "ACT-01") }},
		{name: "OnlyWarnings", modify: func(t *testing.T, b *BIA) *Activity {
			a := act(t, b, "ACT-03")
			a.Owner, a.RTO, a.Impacts = "", 0, nil
			return a
		}},
		{name: "NonBlockingErrors", modify: func(t *testing.T, b *BIA) *Activity {
			act(t, b, "ACT-02").RTO = Hours(2) // upstream recovers later
			res(t, b, "RES-10").AchievableRTO = Hours(3)
			return act(t, b, "ACT-01")
		}},
		{name: "RTOAboveMTPD", modify: func(t *testing.T, b *BIA) *Activity {
			a := act(t, b, "ACT-01")
			a.RTO = Hours(5)
			return a
		}, msg: "ACT-01: the RTO (5 h) is longer than the MTPD (4 h); recovery must come before the disruption becomes intolerable"},
		{name: "FirstBlockingWins", modify: func(t *testing.T, b *BIA) *Activity {
			a := act(t, b, "ACT-01")
			a.Name, a.RTO = "", Hours(5)
			return a
		}, msg: "ACT-01: the activity has no name"},
		{name: "ReferenceMissing", modify: func(t *testing.T, b *BIA) *Activity {
			return &Activity{Name: "Escrow deposits", RTO: Hours(24), Impacts: []Impact{{"Financial", []int{1, 1, 4}}}}
		}, msg: "The activity has no reference; give it one such as ACT-01"},
		{name: "NewActivityKnownRefs", modify: func(t *testing.T, b *BIA) *Activity {
			return &Activity{Ref: "ACT-04", Name: "Escrow deposits", Upstream: []string{"ACT-02"}, Resources: []string{"RES-11"}}
		}},
		{name: "NewActivityUnknownUpstream", modify: func(t *testing.T, b *BIA) *Activity {
			return &Activity{Ref: "ACT-04", Name: "Escrow deposits", Upstream: []string{"ACT-09"}}
		}, msg: "ACT-04: upstream activity ACT-09 does not exist"},
		{name: "NewActivityUnknownResource", modify: func(t *testing.T, b *BIA) *Activity {
			return &Activity{Ref: "ACT-04", Name: "Escrow deposits", Resources: []string{"RES-09"}}
		}, msg: "ACT-04: resource RES-09 does not exist"},
		{name: "EmptyBIASkipsReferenceChecks", modify: func(t *testing.T, b *BIA) *Activity {
			b.Activities, b.Resources = nil, nil
			return &Activity{Ref: "ACT-01", Name: "DNS", Upstream: []string{"ACT-02"}, Resources: []string{"RES-01"}}
		}},
		{name: "ImpactOutsideScale", modify: func(t *testing.T, b *BIA) *Activity {
			a := act(t, b, "ACT-02")
			a.Impacts[0].Severities[0] = 8
			return a
		}, msg: "ACT-02: an impact of 8 is outside the scale of 5 levels"},
		{name: "OverrideUnexplained", modify: func(t *testing.T, b *BIA) *Activity {
			a := act(t, b, "ACT-02")
			a.MTPDOverride = Hours(2)
			return a
		}, msg: "ACT-02: the MTPD is set by hand to 2 h without a reason"},
		{name: "UpstreamSelf", modify: func(t *testing.T, b *BIA) *Activity {
			a := act(t, b, "ACT-02")
			a.Upstream = []string{"act-02"}
			return a
		}, msg: "ACT-02: an activity cannot be upstream of itself"},
		// Settings without horizons would make the never-intolerable
		// message index an empty slice.
		{name: "SettingsInvalid", modify: func(t *testing.T, b *BIA) *Activity {
			b.Settings = Settings{}
			return act(t, b, "ACT-03")
		}, msg: "The BIA needs at least one impact category"},
		{name: "ZeroBIA", modify: func(t *testing.T, b *BIA) *Activity {
			*b = BIA{}
			return &Activity{Ref: "ACT-01", Name: "DNS", Impacts: []Impact{{"Financial", []int{1}}}}
		}, msg: "The BIA needs at least one impact category"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := validBIA(t)
			a := tt.modify(t, &b)
			err := ValidateActivity(a, &b)
			checkErr(t, err, tt.msg)
			if tt.msg != "" && !strings.HasPrefix(risk.ErrorMessage(err), tt.msg) {
				t.Errorf("got message %q, want it to start with %q", risk.ErrorMessage(err), tt.msg)
			}
		})
	}
}

func TestValidateResource(t *testing.T) {
	tests := []struct {
		name   string
		modify func(t *testing.T, b *BIA) *Resource
		msg    string
	}{
		{name: "Valid", modify: func(t *testing.T, b *BIA) *Resource { return res(t, b, "RES-10") }},
		{name: "SinglePointIsNotBlocking", modify: func(t *testing.T, b *BIA) *Resource {
			r := res(t, b, "RES-01")
			r.Alternates = ""
			return r
		}},
		{name: "SupplierUnconfirmedIsNotBlocking", modify: func(t *testing.T, b *BIA) *Resource {
			r := res(t, b, "RES-40")
			r.CapacityConfirmed = risk.Date{}
			return r
		}},
		{name: "KindUnknown", modify: func(t *testing.T, b *BIA) *Resource {
			r := res(t, b, "RES-30")
			r.Kind = "vendor"
			return r
		}, msg: `RES-30: kind "vendor" is not one of person, site, ict, supplier, equipment`},
		{name: "StandbyUnknown", modify: func(t *testing.T, b *BIA) *Resource {
			r := res(t, b, "RES-11")
			r.Standby = "tepid"
			return r
		}, msg: `RES-11: stand-by "tepid" is not one of none, cold, warm, hot`},
		{name: "SiteUnknown", modify: func(t *testing.T, b *BIA) *Resource {
			return &Resource{Ref: "RES-12", Name: "Mail", Kind: ICT, Sites: []string{"RES-29"}}
		}, msg: "RES-12: site RES-29 does not exist"},
		{name: "SiteNotASite", modify: func(t *testing.T, b *BIA) *Resource {
			return &Resource{Ref: "RES-12", Name: "Mail", Kind: ICT, Sites: []string{"RES-01"}}
		}, msg: "RES-12: RES-01 is not a site"},
		{name: "FirstBlockingWins", modify: func(t *testing.T, b *BIA) *Resource {
			return &Resource{Ref: "RES-12", Kind: "server", Sites: []string{"RES-29"}}
		}, msg: "RES-12: the resource has no name"},
		{name: "ReferenceMissing", modify: func(t *testing.T, b *BIA) *Resource {
			return &Resource{Name: "Mail", Kind: ICT}
		}, msg: "The resource has no reference; give it one such as RES-01"},
		{name: "EmptyBIASkipsSiteCheck", modify: func(t *testing.T, b *BIA) *Resource {
			*b = BIA{}
			return &Resource{Ref: "RES-12", Name: "Mail", Kind: ICT, Sites: []string{"RES-29"}}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := validBIA(t)
			r := tt.modify(t, &b)
			err := ValidateResource(r, &b)
			checkErr(t, err, tt.msg)
			if tt.msg != "" && !strings.HasPrefix(risk.ErrorMessage(err), tt.msg) {
				t.Errorf("got message %q, want it to start with %q", risk.ErrorMessage(err), tt.msg)
			}
		})
	}
}

// readinessRow is the part of a ReadinessRow a test compares.
type readinessRow struct {
	Activity      string
	MTPD          Duration
	Systems       string // refs, comma-separated
	AchievableRTO Duration
	AchievableRPO Duration
	Gaps          int
}

func rowOf(r ReadinessRow) readinessRow {
	var systems []string
	for _, s := range r.Systems {
		systems = append(systems, s.Ref)
	}
	return readinessRow{r.Activity.Ref, r.MTPD, strings.Join(systems, ","), r.AchievableRTO, r.AchievableRPO, len(r.Gaps)}
}

func TestReadiness(t *testing.T) {
	tests := []struct {
		name   string
		modify func(t *testing.T, b *BIA)
		want   []readinessRow
		gaps   []string // fragments of ACT-01's gaps, in order
	}{
		{name: "Valid", modify: func(*testing.T, *BIA) {}, want: []readinessRow{
			{"ACT-01", Hours(4), "RES-10", Hours(1), Duration(15 * time.Minute), 0},
			{"ACT-02", Hours(4), "RES-11", Hours(1), Duration(15 * time.Minute), 0},
			{"ACT-03", Duration(Week), "", 0, 0, 0},
		}},
		{name: "SlowestSystem", modify: func(t *testing.T, b *BIA) {
			a := act(t, b, "ACT-01")
			a.RTO, a.RPO = Hours(4), Hours(4)
			a.Resources = append(a.Resources, "RES-11")
			res(t, b, "RES-10").AchievableRPO = Hours(2)
			res(t, b, "RES-11").AchievableRTO = Hours(3)
		}, want: []readinessRow{
			{"ACT-01", Hours(4), "RES-10,RES-11", Hours(3), Hours(2), 0},
			{"ACT-02", Hours(4), "RES-11", Hours(3), Duration(15 * time.Minute), 1},
			{"ACT-03", Duration(Week), "", 0, 0, 0},
		}},
		{name: "GapsListed", modify: func(t *testing.T, b *BIA) {
			a := act(t, b, "ACT-01")
			a.Resources = append(a.Resources, "RES-11")
			r := res(t, b, "RES-10")
			r.AchievableRTO, r.AchievableRPO = Hours(2), Hours(3)
			res(t, b, "RES-11").AchievableRTO = 0
		}, want: []readinessRow{
			{"ACT-01", Hours(4), "RES-10,RES-11", Hours(2), Hours(3), 3},
			{"ACT-02", Hours(4), "RES-11", 0, Duration(15 * time.Minute), 1},
			{"ACT-03", Duration(Week), "", 0, 0, 0},
		}, gaps: []string{
			"RES-10 (DNS platform) can be recovered in 2 h, but the activity's RTO is 1 h",
			"RES-10 (DNS platform) may lose up to 3 h of data, but the activity's RPO is 1 h",
			"RES-11 (SRS database) has no achievable RTO recorded, so the RTO of 1 h cannot be shown to be met",
		}},
		{name: "MTPDOverrideAndUnknownAndOtherKinds", modify: func(t *testing.T, b *BIA) {
			a := act(t, b, "ACT-01")
			a.MTPDOverride, a.MTPDReason = Hours(8), "Caches."
			a.Resources = []string{"res-10", "RES-99", "RES-20", "RES-01"}
			act(t, b, "ACT-03").Impacts = nil
		}, want: []readinessRow{
			{"ACT-01", Hours(8), "RES-10", Hours(1), Duration(15 * time.Minute), 0},
			{"ACT-02", Hours(4), "RES-11", Hours(1), Duration(15 * time.Minute), 0},
			{"ACT-03", 0, "", 0, 0, 0},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := validBIA(t)
			tt.modify(t, &b)
			rows := Readiness(&b)
			var got []readinessRow
			for _, r := range rows {
				got = append(got, rowOf(r))
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("got rows\n%+v\nwant\n%+v", got, tt.want)
			}
			if len(rows) == 0 || tt.gaps == nil {
				return
			}
			gaps := rows[0].Gaps
			if len(gaps) != len(tt.gaps) {
				t.Fatalf("got gaps %q, want %d", gaps, len(tt.gaps))
			}
			for i, frag := range tt.gaps {
				if !strings.Contains(gaps[i], frag) {
					t.Errorf("got gap %d %q, want it to contain %q", i, gaps[i], frag)
				}
			}
		})
	}
}

func TestReadinessRowPointsIntoBIA(t *testing.T) {
	b := validBIA(t)
	rows := Readiness(&b)
	if rows[0].Activity != &b.Activities[0] {
		t.Errorf("got activity %p, want %p", rows[0].Activity, &b.Activities[0])
	}
	if rows[0].Systems[0] != res(t, &b, "RES-10") {
		t.Errorf("got system %p, want the BIA's RES-10", rows[0].Systems[0])
	}
}

func TestSinglePoints(t *testing.T) {
	tests := []struct {
		name   string
		modify func(t *testing.T, b *BIA)
		want   []string // "REF: ACT-01,ACT-02"
	}{
		{name: "None", modify: func(*testing.T, *BIA) {}},
		{name: "PeopleFirst", modify: func(t *testing.T, b *BIA) {
			b.Resources = append(b.Resources,
				Resource{Ref: "RES-50", Name: "HSM", Kind: Equipment},
				Resource{Ref: "RES-51", Name: "Registrar portal", Kind: ICT},
				Resource{Ref: "RES-52", Name: "Dana", Kind: Person},
				Resource{Ref: "RES-53", Name: "Escrow agent", Kind: Supplier},
				Resource{Ref: "RES-54", Name: "Office", Kind: Site},
				Resource{Ref: "RES-55", Name: "Eve", Kind: Person},
			)
			act(t, b, "ACT-01").Resources = []string{"RES-50", "RES-51", "RES-52", "RES-53", "RES-54", "RES-55"}
			act(t, b, "ACT-02").Resources = []string{"RES-55", "RES-50"}
		}, want: []string{
			"RES-52: ACT-01",
			"RES-55: ACT-01,ACT-02",
			"RES-54: ACT-01",
			"RES-51: ACT-01",
			"RES-53: ACT-01",
			"RES-50: ACT-01,ACT-02",
		}},
		{name: "OnlyTopPriority", modify: func(t *testing.T, b *BIA) {
			res(t, b, "RES-02").Alternates = "" // needed by ACT-03 only, priority 3
			act(t, b, "ACT-01").Resources = append(act(t, b, "ACT-01").Resources, "RES-30")
		}, want: []string{"RES-30: ACT-01"}},
		{name: "UnknownResourceIgnored", modify: func(t *testing.T, b *BIA) {
			act(t, b, "ACT-01").Resources = []string{"RES-99"}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := validBIA(t)
			tt.modify(t, &b)
			var got []string
			for _, sp := range SinglePoints(&b) {
				got = append(got, sp.Resource.Ref+": "+strings.Join(sp.Activities, ","))
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("got single points %q, want %q", got, tt.want)
			}
		})
	}
}
