package risk

import (
	"cmp"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

// checkToday returns the day the rule tests run on.
func checkToday() Date { return Date{2026, time.March, 1} }

// validRisk returns a risk that breaks no rule on checkToday under the
// default criteria: residual L2×C3 is Medium, at the appetite.
func validRisk(t *testing.T) Risk {
	t.Helper()
	return Risk{
		Ref:                  "R-001",
		Title:                "Registry database lost",
		Owner:                "Ana",
		Confidence:           ConfidenceB,
		Inherent:             Score{4, 4},
		Residual:             Score{2, 3},
		Target:               Score{1, 3},
		Treatment:            Reduce,
		Controls:             []string{"A.5.1"},
		ControlEffectiveness: PartiallyEffective,
		ReviewFrequency:      Quarterly,
		LastReview:           Date{2026, time.January, 15},
		NextReview:           Date{2026, time.April, 15},
		Status:               Treating,
		Actions: []Action{
			{Title: "Add a standby database", Owner: "Bo", Due: Date{2026, time.June, 30}, Status: InProgress, Progress: 40},
		},
	}
}

// acceptAbove makes r a formally accepted risk whose residual score (L4×C4,
// High) is above the default appetite, with a complete acceptance.
func acceptAbove(r *Risk) {
	r.Treatment = Accept
	r.Status = Accepted
	r.Residual = Score{4, 4}
	r.Actions = nil
	r.Acceptance = Acceptance{
		Approver:  "Board",
		Date:      Date{2026, time.January, 10},
		Expiry:    Date{2026, time.December, 31},
		Rationale: "Treatment costs more than the loss it prevents.",
	}
}

// want is the part of a Finding a rule test asserts; the message is checked
// separately by fragment.
type want struct {
	Ref      string
	Rule     string
	Field    string
	Severity Severity
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

func (w want) on(ref string) want { w.Ref = ref; return w }

// blk, errf, warn and info build the expected findings of each severity;
// errf is an error that does not block saving.
func blk(rule, field string) want {
	return want{Rule: rule, Field: field, Severity: SeverityError, Blocking: true}
}

// grd is an error a save may not bring in (Finding.Guard).
func grd(rule, field string) want {
	return want{Rule: rule, Field: field, Severity: SeverityError, Guard: true}
}

func errf(rule, field string) want {
	return want{Rule: rule, Field: field, Severity: SeverityError}
}

func warn(rule, field string) want {
	return want{Rule: rule, Field: field, Severity: SeverityWarning}
}

func info(rule, field string) want {
	return want{Rule: rule, Field: field, Severity: SeverityInfo}
}

// assertFindings fails t unless fs holds exactly the findings in ws, in any
// order, and, when msg is set, one of them has a message containing msg.
func assertFindings(t *testing.T, fs []Finding, ws []want, msg string) {
	t.Helper()
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
	if msg == "" {
		return
	}
	var msgs []string
	for _, f := range fs {
		msgs = append(msgs, f.Message)
	}
	if !slices.ContainsFunc(msgs, func(m string) bool { return strings.Contains(m, msg) }) {
		t.Errorf("got messages %q, want one containing %q", msgs, msg)
	}
}

func TestCheck(t *testing.T) {
	three := func(t *testing.T) Criteria { t.Helper(); return scaleCriteria(t, 3) }
	seven := func(t *testing.T) Criteria { t.Helper(); return scaleCriteria(t, 7) }
	tests := []struct {
		name    string
		crit    func(t *testing.T) Criteria // nil: DefaultCriteria
		modify  func(r *Risk)
		noToday bool
		want    []want
		msg     string
	}{
		{name: "Valid", modify: func(*Risk) {}},
		{name: "ValidWithoutToday", modify: func(*Risk) {}, noToday: true},

		// Identity.
		{name: "ReferenceMissing", modify: func(r *Risk) { r.Ref = "" },
			want: []want{blk("reference-missing", "ref")}},
		{name: "TitleMissing", modify: func(r *Risk) { r.Title = "" },
			want: []want{blk("title-missing", "title")}},
		{name: "OwnerMissing", modify: func(r *Risk) { r.Owner = "" },
			want: []want{warn("owner-missing", "owner")}},
		{name: "ConfidenceMissing", modify: func(r *Risk) { r.Confidence = "" },
			want: []want{info("confidence-missing", "confidence")}},

		// Enumerations.
		{name: "TreatmentUnknown", modify: func(r *Risk) { r.Treatment = "mitigate" },
			want: []want{blk("value-unknown", "treatment")},
			msg:  `treatment "mitigate" is not one of reduce, avoid, transfer, accept`},
		{name: "TreatmentWrongCase", modify: func(r *Risk) { r.Treatment = "Reduce" },
			want: []want{blk("value-unknown", "treatment")}},
		{name: "StatusUnknown", modify: func(r *Risk) { r.Status = "archived" },
			want: []want{blk("value-unknown", "status")}},
		{name: "ConfidenceUnknown", modify: func(r *Risk) { r.Confidence = "E" },
			want: []want{blk("value-unknown", "confidence")}},
		{name: "FrequencyUnknown", modify: func(r *Risk) { r.ReviewFrequency = "weekly" },
			want: []want{blk("value-unknown", "review_frequency")},
			msg:  `review frequency "weekly" is not one of monthly, quarterly, semiannual, annual`},
		{name: "ControlEffectivenessUnknown", modify: func(r *Risk) { r.ControlEffectiveness = "strong" },
			want: []want{blk("value-unknown", "control_effectiveness")}},
		{name: "ActionStatusUnknown", modify: func(r *Risk) { r.Actions[0].Status = "blocked" },
			want: []want{blk("value-unknown", "actions[0].status")},
			msg:  `action "Add a standby database" has status "blocked"`},

		// Scores against the scales.
		{name: "InherentLikelihoodAboveScale", modify: func(r *Risk) { r.Inherent = Score{6, 3} },
			want: []want{blk("score-outside-scale", "inherent")},
			msg:  "the inherent score L6×C3 is outside the scales; likelihood must be 1–5 and consequence 1–5"},
		{name: "InherentConsequenceAboveScale", modify: func(r *Risk) { r.Inherent = Score{3, 6} },
			want: []want{blk("score-outside-scale", "inherent")}},
		{name: "ResidualLikelihoodZero", modify: func(r *Risk) { r.Residual = Score{0, 2} },
			want: []want{blk("score-outside-scale", "residual")}},
		{name: "ResidualNegative", modify: func(r *Risk) { r.Residual = Score{-1, 2} },
			want: []want{blk("score-outside-scale", "residual")}},
		{name: "TargetConsequenceAboveScale", modify: func(r *Risk) { r.Target = Score{1, 9} },
			want: []want{blk("score-outside-scale", "target")}},
		{name: "AllScoresOutsideScale", modify: func(r *Risk) {
			r.Inherent, r.Residual, r.Target = Score{9, 9}, Score{8, 8}, Score{7, 7}
		}, want: []want{
			blk("score-outside-scale", "inherent"),
			blk("score-outside-scale", "residual"),
			blk("score-outside-scale", "target"),
		}},
		{name: "ThreeLevelScaleLikelihoodFour", crit: three, modify: func(r *Risk) {
			r.Inherent, r.Residual, r.Target = Score{4, 1}, Score{1, 1}, Score{}
		}, want: []want{blk("score-outside-scale", "inherent")},
			msg: "likelihood must be 1–3 and consequence 1–3"},
		{name: "ThreeLevelScaleConsequenceFour", crit: three, modify: func(r *Risk) {
			r.Inherent, r.Residual, r.Target = Score{3, 3}, Score{1, 4}, Score{}
		}, want: []want{blk("score-outside-scale", "residual")}},
		{name: "ThreeLevelScaleTopCorner", crit: three, modify: func(r *Risk) {
			r.Inherent, r.Residual, r.Target = Score{3, 3}, Score{2, 2}, Score{1, 1}
		}},
		{name: "SevenLevelScaleLikelihoodEight", crit: seven, modify: func(r *Risk) { r.Inherent = Score{8, 1} },
			want: []want{blk("score-outside-scale", "inherent")},
			msg:  "likelihood must be 1–7 and consequence 1–7"},
		{name: "SevenLevelScaleConsequenceEight", crit: seven, modify: func(r *Risk) { r.Target = Score{1, 8} },
			want: []want{blk("score-outside-scale", "target")}},
		{name: "SevenLevelScaleTopCorner", crit: seven, modify: func(r *Risk) { r.Inherent = Score{7, 7} }},

		// Residual against inherent, target against residual.
		{name: "ResidualAboveInherent", modify: func(r *Risk) { r.Inherent = Score{2, 2} },
			want: []want{blk("residual-above-inherent", "residual")},
			msg:  "the residual score L2×C3 is above the inherent score L2×C2"},
		{name: "ResidualLikelihoodAboveInherent", modify: func(r *Risk) {
			r.Inherent, r.Residual, r.Target = Score{2, 3}, Score{3, 1}, Score{1, 1}
		}, want: []want{blk("residual-above-inherent", "residual")}},
		{name: "ResidualAboveInherentJustified", modify: func(r *Risk) {
			r.Inherent = Score{2, 2}
			r.Justification = "The new replication link is itself a single point of failure."
		}, want: []want{info("residual-above-inherent-justified", "residual")},
			msg: "justified: The new replication link"},
		{name: "ResidualAboveInherentBlankJustification", modify: func(r *Risk) {
			r.Inherent = Score{2, 2}
			r.Justification = " \n\t"
		}, want: []want{blk("residual-above-inherent", "residual")}},
		{name: "ResidualAboveInherentOutsideScale", modify: func(r *Risk) { r.Inherent = Score{2, 6} },
			want: []want{blk("score-outside-scale", "inherent")}},
		{name: "ResidualEqualsInherent", modify: func(r *Risk) { r.Residual = Score{4, 4} }},
		{name: "TargetAboveResidual", modify: func(r *Risk) { r.Target = Score{3, 3} },
			want: []want{warn("target-above-residual", "target")},
			msg:  "the target score L3×C3 is above the residual score L2×C3"},
		{name: "TargetLikelihoodAboveResidual", modify: func(r *Risk) { r.Target = Score{3, 1} },
			want: []want{warn("target-above-residual", "target")}},
		{name: "TargetConsequenceAboveResidual", modify: func(r *Risk) { r.Target = Score{1, 4} },
			want: []want{warn("target-above-residual", "target")}},
		{name: "TargetEqualsResidual", modify: func(r *Risk) { r.Target = Score{2, 3} }},
		{name: "TargetUnset", modify: func(r *Risk) { r.Target = Score{} }},
		{name: "NotAssessed", modify: func(r *Risk) { r.Inherent = Score{} },
			want: []want{warn("not-assessed", "inherent")}},
		{name: "ResidualNotAssessed", modify: func(r *Risk) { r.Residual = Score{} },
			want: []want{warn("residual-not-assessed", "residual")}},

		// Treatment decision against the appetite.
		{name: "AboveAppetiteUndecided", modify: func(r *Risk) { r.Residual = Score{4, 4}; r.Treatment = "" },
			want: []want{errf("above-appetite-undecided", "treatment")},
			msg:  "the residual level High is above the risk appetite and no treatment is chosen"},
		{name: "AboveAppetiteNoActions", modify: func(r *Risk) { r.Residual = Score{4, 4}; r.Actions = nil },
			want: []want{errf("above-appetite-no-actions", "actions")},
			msg:  "the residual level High is above the risk appetite but no treatment action is open"},
		{name: "AboveAppetiteOnlyDoneAndCancelledActions", modify: func(r *Risk) {
			r.Inherent, r.Residual = Score{5, 5}, Score{5, 5}
			r.Actions = []Action{
				{Title: "Buy a second server", Status: Done, Progress: 100},
				{Title: "Move to the cloud", Status: Cancelled},
			}
		}, want: []want{errf("above-appetite-no-actions", "actions")}, msg: "the residual level Critical"},
		{name: "AboveAppetiteOpenAction", modify: func(r *Risk) {
			r.Residual = Score{4, 4}
			r.Actions = append(r.Actions, Action{Title: "Old work", Status: Done, Progress: 100})
			r.Actions[0].Status = Planned
		}},
		{name: "AboveAppetiteNoControls", modify: func(r *Risk) { r.Residual = Score{4, 4}; r.Controls = nil },
			want: []want{info("no-controls", "controls")}},
		{name: "WithinAppetiteNoActionsOrControls", modify: func(r *Risk) { r.Actions = nil; r.Controls = nil; r.Treatment = "" }},

		// Formal acceptance.
		{name: "AcceptedAboveAppetite", modify: acceptAbove},
		{name: "AcceptedWithoutApprover", modify: func(r *Risk) { acceptAbove(r); r.Acceptance.Approver = "" },
			want: []want{blk("acceptance-approver-missing", "acceptance.approver")}},
		{name: "AcceptedWithoutExpiry", modify: func(r *Risk) { acceptAbove(r); r.Acceptance.Expiry = Date{} },
			want: []want{blk("acceptance-expiry-missing", "acceptance.expiry")}},
		{name: "AcceptedWithoutDate", modify: func(r *Risk) { acceptAbove(r); r.Acceptance.Date = Date{} },
			want: []want{warn("acceptance-date-missing", "acceptance.date")}},
		{name: "AcceptedWithoutRationale", modify: func(r *Risk) { acceptAbove(r); r.Acceptance.Rationale = "" },
			want: []want{warn("acceptance-rationale-missing", "acceptance.rationale")}},
		{name: "AcceptedWithoutAcceptance", modify: func(r *Risk) { acceptAbove(r); r.Acceptance = Acceptance{} },
			want: []want{
				blk("acceptance-approver-missing", "acceptance.approver"),
				blk("acceptance-expiry-missing", "acceptance.expiry"),
				warn("acceptance-date-missing", "acceptance.date"),
				warn("acceptance-rationale-missing", "acceptance.rationale"),
			}},
		{name: "AcceptedStatusWithReduceTreatment", modify: func(r *Risk) {
			acceptAbove(r)
			r.Treatment = Reduce
			r.Acceptance = Acceptance{}
		}, want: []want{
			blk("acceptance-approver-missing", "acceptance.approver"),
			blk("acceptance-expiry-missing", "acceptance.expiry"),
			warn("acceptance-date-missing", "acceptance.date"),
			warn("acceptance-rationale-missing", "acceptance.rationale"),
		}},
		{name: "AcceptTreatmentWhileOpen", modify: func(r *Risk) {
			acceptAbove(r)
			r.Status = Open
			r.Acceptance.Approver = ""
		}, want: []want{blk("acceptance-approver-missing", "acceptance.approver")}},
		{name: "AcceptanceExpiryBeforeDate", noToday: true, modify: func(r *Risk) {
			acceptAbove(r)
			r.Acceptance.Date = Date{2026, time.June, 1}
			r.Acceptance.Expiry = Date{2026, time.May, 1}
		}, want: []want{grd("acceptance-expiry-before-date", "acceptance.expiry")},
			msg: "the acceptance expires on 2026-05-01, before it was approved on 2026-06-01"},
		{name: "AcceptanceExpired", modify: func(r *Risk) {
			acceptAbove(r)
			r.Acceptance.Date = Date{2025, time.January, 10}
			r.Acceptance.Expiry = Date{2026, time.February, 28}
		}, want: []want{errf("acceptance-expired", "acceptance.expiry")},
			msg: "the acceptance expired on 2026-02-28"},
		{name: "AcceptanceExpiredWithoutToday", noToday: true, modify: func(r *Risk) {
			acceptAbove(r)
			r.Acceptance.Date = Date{2025, time.January, 10}
			r.Acceptance.Expiry = Date{2026, time.February, 28}
		}},
		{name: "AcceptanceExpiresToday", modify: func(r *Risk) { acceptAbove(r); r.Acceptance.Expiry = checkToday() }},
		{name: "AcceptedWithinAppetite", modify: func(r *Risk) {
			r.Treatment, r.Status = Accept, Accepted
			r.Actions = nil
		}},
		{name: "AcceptedWithinAppetiteExpiredAcceptance", modify: func(r *Risk) {
			r.Treatment, r.Status = Accept, Accepted
			r.Actions = nil
			r.Acceptance = Acceptance{Approver: "Ana", Date: Date{2025, time.January, 1}, Expiry: Date{2025, time.June, 1}}
		}, want: []want{warn("acceptance-expired", "acceptance.expiry")}},
		{name: "ExpiredAcceptanceOfRiskNoLongerAccepted", modify: func(r *Risk) {
			r.Acceptance = Acceptance{Approver: "Ana", Date: Date{2025, time.January, 1}, Expiry: Date{2025, time.June, 1}}
		}},
		{name: "AcceptanceDateInFuture", modify: func(r *Risk) {
			acceptAbove(r)
			r.Acceptance.Date = Date{2026, time.March, 10}
		}, want: []want{grd("acceptance-date-in-future", "acceptance.date")},
			msg: "the acceptance is dated 2026-03-10, which has not come yet"},
		{name: "AcceptanceDatedTomorrow", modify: func(r *Risk) {
			acceptAbove(r)
			r.Acceptance.Date = checkToday().AddDays(1)
		}},
		{name: "AcceptanceBeforeIdentified", modify: func(r *Risk) {
			acceptAbove(r)
			r.Identified = Date{2026, time.January, 12}
		}, want: []want{grd("acceptance-before-identified", "acceptance.date")},
			msg: "the acceptance is dated 2026-01-10, before the risk was identified on 2026-01-12"},
		{name: "AcceptanceBeforeRecordedWhenIdentifiedEarlier", modify: func(r *Risk) {
			acceptAbove(r)
			r.Created = time.Date(2026, time.February, 1, 9, 0, 0, 0, time.UTC)
			r.Identified = Date{2025, time.November, 3}
		}},
		{name: "AcceptanceBeforeRecorded", modify: func(r *Risk) {
			acceptAbove(r)
			r.Created = time.Date(2026, time.January, 12, 9, 0, 0, 0, time.UTC)
		}, want: []want{grd("acceptance-before-identified", "acceptance.date")},
			msg: "before the risk was identified on 2026-01-12"},

		// Dates that cannot be.
		{name: "IdentifiedInFuture", modify: func(r *Risk) { r.Identified = Date{2027, time.January, 1} },
			want: []want{grd("identified-in-future", "identified"),
				grd("review-before-identified", "last_review"),
				grd("action-due-before-identified", "actions[0].due")}},
		{name: "IdentifiedInFutureWithoutToday", noToday: true, modify: func(r *Risk) {
			r.Identified = Date{2027, time.January, 1}
			r.LastReview, r.Actions = Date{}, nil
		}},
		{name: "ReviewInFuture", modify: func(r *Risk) { r.LastReview = Date{2026, time.April, 2} },
			want: []want{grd("review-in-future", "last_review")},
			msg:  "the last review is dated 2026-04-02, which has not come yet"},
		{name: "ReviewBeforeIdentified", modify: func(r *Risk) { r.Identified = Date{2026, time.February, 1} },
			want: []want{grd("review-before-identified", "last_review")},
			msg:  "the last review is dated 2026-01-15, before the risk was identified on 2026-02-01"},
		{name: "ReviewOnTheDayIdentified", modify: func(r *Risk) { r.Identified = r.LastReview }},
		{name: "ActionDueBeforeIdentified", modify: func(r *Risk) {
			r.Identified = Date{2026, time.January, 1}
			r.Actions[0].Due = Date{2023, time.June, 30}
			r.Actions[0].Status = Done
		}, want: []want{grd("action-due-before-identified", "actions[0].due")},
			msg: `action "Add a standby database" is due on 2023-06-30, before the risk was identified on 2026-01-01`},

		// Review.
		{name: "ReviewOverdue", modify: func(r *Risk) { r.NextReview = Date{2026, time.February, 1} },
			want: []want{warn("review-overdue", "next_review")},
			msg:  "the review was due on 2026-02-01 (28 days ago)"},
		{name: "ReviewDueToday", modify: func(r *Risk) { r.NextReview = checkToday() }},
		{name: "ReviewOverdueWithoutToday", noToday: true, modify: func(r *Risk) { r.NextReview = Date{2026, time.February, 1} }},
		{name: "ReviewFrequencyMissing", modify: func(r *Risk) {
			r.ReviewFrequency = ""
			r.NextReview = Date{2026, time.February, 1}
		}, want: []want{warn("review-frequency-missing", "review_frequency")}},

		// Closed risks.
		{name: "ClosedSkipsDecisionAndReview", modify: func(r *Risk) {
			r.Status = Closed
			r.Residual = Score{4, 4}
			r.Treatment = ""
			r.Controls = nil
			r.Owner, r.Confidence = "", ""
			r.ReviewFrequency = ""
			r.NextReview = Date{2025, time.January, 1}
		}},
		{name: "ClosedSkipsAcceptance", modify: func(r *Risk) {
			acceptAbove(r)
			r.Status = Closed
			r.Acceptance = Acceptance{Expiry: Date{2025, time.January, 1}}
		}},
		{name: "ClosedSkipsOverdueReview", modify: func(r *Risk) {
			r.Status = Closed
			r.NextReview = Date{2025, time.January, 1}
		}},
		{name: "ClosedUnscored", modify: func(r *Risk) { r.Status = Closed; r.Inherent, r.Residual = Score{}, Score{} }},
		{name: "ClosedResidualAboveInherent", modify: func(r *Risk) { r.Status = Closed; r.Inherent = Score{1, 1} }},
		{name: "ClosedStillChecksScale", modify: func(r *Risk) { r.Status = Closed; r.Residual = Score{6, 1} },
			want: []want{blk("score-outside-scale", "residual")}},
		{name: "ClosedStillChecksActions", modify: func(r *Risk) { r.Status = Closed; r.Actions[0].Progress = 101 },
			want: []want{blk("action-progress-range", "actions[0].progress")}},

		// Actions.
		{name: "ActionTitleMissing", modify: func(r *Risk) { r.Actions[0].Title = "" },
			want: []want{blk("action-title-missing", "actions[0].title")},
			msg:  "action 1 has no title"},
		{name: "ActionProgressNegative", modify: func(r *Risk) { r.Actions[0].Progress = -1 },
			want: []want{blk("action-progress-range", "actions[0].progress")},
			msg:  `action "Add a standby database" is -1% complete`},
		{name: "ActionProgressAbove100", modify: func(r *Risk) { r.Actions[0].Progress = 101 },
			want: []want{blk("action-progress-range", "actions[0].progress")},
			msg:  "is 101% complete"},
		{name: "ActionProgressBounds", modify: func(r *Risk) {
			r.Actions[0].Progress = 0
			r.Actions = append(r.Actions, Action{Title: "Old work", Status: Done, Progress: 100})
		}},
		{name: "ActionOverdue", modify: func(r *Risk) { r.Actions[0].Due = Date{2026, time.February, 28} },
			want: []want{warn("action-overdue", "actions[0].due")},
			msg:  `action "Add a standby database" was due on 2026-02-28 and is not done`},
		{name: "ActionDueToday", modify: func(r *Risk) { r.Actions[0].Due = checkToday() }},
		{name: "ActionOverdueWithoutToday", noToday: true, modify: func(r *Risk) { r.Actions[0].Due = Date{2026, time.February, 28} }},
		{name: "DoneActionPastDueWithoutOwner", modify: func(r *Risk) {
			r.Actions[0] = Action{Title: "Old work", Status: Done, Progress: 100, Due: Date{2025, time.January, 1}}
		}},
		{name: "CancelledActionWithoutOwnerOrDue", modify: func(r *Risk) {
			r.Actions[0] = Action{Title: "Dropped", Status: Cancelled}
		}},
		{name: "OpenActionWithoutOwner", modify: func(r *Risk) { r.Actions[0].Owner = "" },
			want: []want{warn("action-owner-missing", "actions[0].owner")}},
		{name: "OpenActionWithoutDue", modify: func(r *Risk) { r.Actions[0].Due = Date{} },
			want: []want{warn("action-due-missing", "actions[0].due")}},
		{name: "ActionWithoutStatusIsOpen", modify: func(r *Risk) { r.Actions[0].Status = ""; r.Actions[0].Owner = "" },
			want: []want{warn("action-owner-missing", "actions[0].owner")}},
		{name: "SecondActionWithoutOwner", modify: func(r *Risk) {
			r.Actions = append(r.Actions, Action{Title: "Test failover", Due: Date{2026, time.July, 1}, Status: Planned})
		}, want: []want{warn("action-owner-missing", "actions[1].owner")},
			msg: `action "Test failover" has no owner`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := DefaultCriteria()
			if tt.crit != nil {
				c = tt.crit(t)
			}
			r := validRisk(t)
			tt.modify(&r)
			today := checkToday()
			if tt.noToday {
				today = Date{}
			}
			ref := r.Ref
			if ref == "" {
				ref = "(no reference)"
			}
			ws := make([]want, len(tt.want))
			for i, w := range tt.want {
				ws[i] = w.on(ref)
			}
			assertFindings(t, Check(&r, &c, today), ws, tt.msg)
		})
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name   string
		modify func(r *Risk)
		want   string // message of the *Error; "" means valid
	}{
		{name: "Valid", modify: func(*Risk) {}},
		{name: "WarningsOnly", modify: func(r *Risk) { r.Owner = ""; r.Actions[0].Due = Date{} }},
		{name: "NonBlockingErrorsOnly", modify: func(r *Risk) { r.Residual = Score{4, 4}; r.Treatment = "" }},
		{name: "ExpiredAcceptanceIgnored", modify: func(r *Risk) {
			acceptAbove(r)
			r.Acceptance.Date = Date{2019, time.January, 1}
			r.Acceptance.Expiry = Date{2020, time.January, 1}
		}},
		{name: "ReferenceMissing", modify: func(r *Risk) { r.Ref = "" },
			want: "(no reference): the risk has no reference; give it one such as R-001"},
		{name: "TitleMissing", modify: func(r *Risk) { r.Title = "" },
			want: "R-001: the risk has no title; say in a few words what could happen"},
		{name: "FirstBlockingWins", modify: func(r *Risk) {
			r.Title = ""
			r.Treatment = "mitigate"
			r.Actions[0].Progress = -1
		}, want: "R-001: the risk has no title; say in a few words what could happen"},
		{name: "EnumBeforeScore", modify: func(r *Risk) { r.Treatment = "mitigate"; r.Inherent = Score{9, 9} },
			want: `R-001: treatment "mitigate" is not one of reduce, avoid, transfer, accept`},
		{name: "ResidualAboveInherent", modify: func(r *Risk) { r.Inherent = Score{1, 1} },
			want: "R-001: the residual score L2×C3 is above the inherent score L1×C1; lower it, or write a justification for why the controls add exposure"},
		{name: "AcceptedWithoutApprover", modify: func(r *Risk) { acceptAbove(r); r.Acceptance.Approver = "" },
			want: "R-001: the risk is accepted above appetite but no approver is named; name who accepted it"},
		{name: "ActionProgressAbove100", modify: func(r *Risk) { r.Actions[0].Progress = 101 },
			want: `R-001: action "Add a standby database" is 101% complete; progress must be between 0 and 100`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := DefaultCriteria()
			r := validRisk(t)
			tt.modify(&r)
			err := Validate(&r, &c)
			if tt.want == "" {
				if err != nil {
					t.Fatalf("got error %q, want nil", err)
				}
				return
			}
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("got %T %v, want *Error", err, err)
			}
			if e.Code != EINVALID {
				t.Errorf("got code %q, want %q", e.Code, EINVALID)
			}
			if got := ErrorCode(err); got != EINVALID {
				t.Errorf("ErrorCode: got %q, want %q", got, EINVALID)
			}
			if got := ErrorMessage(err); got != tt.want {
				t.Errorf("ErrorMessage: got %q, want %q", got, tt.want)
			}
			if got := err.Error(); got != tt.want {
				t.Errorf("Error(): got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestErrorCodeAndMessage(t *testing.T) {
	tests := []struct {
		name        string
		err         error
		wantCode    string
		wantMessage string // for internal errors, a prefix
	}{
		{name: "Nil", err: nil, wantCode: "", wantMessage: ""},
		{name: "DomainError", err: Errorf(ENOTFOUND, "Risk %s does not exist.", "R-009"),
			wantCode: ENOTFOUND, wantMessage: "Risk R-009 does not exist."},
		{name: "Wrapped", err: fmt.Errorf("save risk R-001: %w", Errorf(ECONFLICT, "Another risk is called R-001.")),
			wantCode: ECONFLICT, wantMessage: "Another risk is called R-001."},
		{name: "DoublyWrapped", err: fmt.Errorf("import: %w", fmt.Errorf("row 3: %w", Errorf(EINVALID, "Bad row."))),
			wantCode: EINVALID, wantMessage: "Bad row."},
		{name: "Internal", err: errors.New("disk I/O error"), wantCode: EINTERNAL, wantMessage: "Internal error"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ErrorCode(tt.err); got != tt.wantCode {
				t.Errorf("ErrorCode: got %q, want %q", got, tt.wantCode)
			}
			got := ErrorMessage(tt.err)
			if tt.wantCode == EINTERNAL {
				if !strings.HasPrefix(got, tt.wantMessage) {
					t.Errorf("ErrorMessage: got %q, want it to start with %q", got, tt.wantMessage)
				}
				return
			}
			if got != tt.wantMessage {
				t.Errorf("ErrorMessage: got %q, want %q", got, tt.wantMessage)
			}
		})
	}
}

// validRegister returns a register that breaks no rule on checkToday: two
// risks linked to decided, justified controls.
func validRegister(t *testing.T) Register {
	t.Helper()
	r1 := validRisk(t)
	r2 := validRisk(t)
	r2.Ref = "R-002"
	r2.Controls = []string{"A.5.1", "A.5.2"}
	return Register{
		Criteria: DefaultCriteria(),
		Catalog:  testCatalog(t).Controls,
		SoA: []SoAEntry{
			{Control: "A.5.1", Applicable: Applicable, Justification: "Required by R-001 and R-002.", Implementation: Implemented},
			{Control: "A.5.2", Applicable: Applicable, Justification: "Roles are assigned.", Implementation: PartlyImplemented},
			{Control: "A.8.1", Applicable: NotApplicable, Justification: "No endpoint devices hold registry data."},
		},
		Risks: []Risk{r1, r2},
	}
}

func TestCheckRegister(t *testing.T) {
	tests := []struct {
		name   string
		modify func(reg *Register)
		want   []want
		msg    string
	}{
		{name: "Valid", modify: func(*Register) {}},
		{name: "NoRisks", modify: func(reg *Register) { reg.Risks = nil }},
		{name: "DuplicateRefsCaseInsensitive", modify: func(reg *Register) { reg.Risks[1].Ref = "r-001" },
			want: []want{blk("reference-duplicate", "ref").on("R-001")},
			msg:  "2 risks share this reference"},
		{name: "ThreeRisksShareRef", modify: func(reg *Register) {
			reg.Risks[1].Ref = "R-001"
			reg.Risks = append(reg.Risks, reg.Risks[0].Clone())
		}, want: []want{blk("reference-duplicate", "ref").on("R-001")},
			msg: "3 risks share this reference"},
		{name: "EmptyRefsAreNotDuplicates", modify: func(reg *Register) { reg.Risks[0].Ref, reg.Risks[1].Ref = "", "" },
			want: []want{
				blk("reference-missing", "ref").on("(no reference)"),
				blk("reference-missing", "ref").on("(no reference)"),
			}},
		{name: "UnknownControlLink", modify: func(reg *Register) { reg.Risks[0].Controls = []string{"A.5.1", "A.9.9"} },
			want: []want{blk("control-unknown", "controls").on("R-001")},
			msg:  "control A.9.9 is not in the control catalog"},
		{name: "ControlLinkWrongCase", modify: func(reg *Register) { reg.Risks[1].Controls = []string{"A.5.1", "a.5.2"} },
			want: []want{blk("control-unknown", "controls").on("R-002")},
			msg:  "control a.5.2 is not in the control catalog"},
		{name: "SoAUndecided", modify: func(reg *Register) { reg.SoA = reg.SoA[:2] },
			want: []want{info("soa-undecided", "applicable")},
			msg:  "1 of 3 controls have no applicability decision yet"},
		{name: "SoAEmpty", modify: func(reg *Register) { reg.SoA = nil },
			want: []want{
				warn("soa-linked-undecided", "applicable").on("A.5.1"),
				warn("soa-linked-undecided", "applicable").on("A.5.2"),
				info("soa-undecided", "applicable"),
			}, msg: "3 of 3 controls"},
		{name: "SoALinkedButUndecided", modify: func(reg *Register) { reg.SoA = reg.SoA[1:] },
			want: []want{
				warn("soa-linked-undecided", "applicable").on("A.5.1"),
				info("soa-undecided", "applicable"),
			}, msg: "risks R-001, R-002 rely on this control but the Statement of Applicability has no decision for it"},
		{name: "SoAJustificationMissing", modify: func(reg *Register) { reg.SoA[1].Justification = " " },
			want: []want{warn("soa-justification-missing", "justification").on("A.5.2")},
			msg:  "the control is marked applicable without a justification"},
		{name: "SoAExclusionWithoutJustification", modify: func(reg *Register) { reg.SoA[2].Justification = "" },
			want: []want{warn("soa-justification-missing", "justification").on("A.8.1")},
			msg:  "the control is marked not-applicable without a justification"},
		{name: "SoAExcludedButLinked", modify: func(reg *Register) {
			reg.SoA[0] = SoAEntry{Control: "A.5.1", Applicable: NotApplicable, Justification: "Covered by the group policy."}
		}, want: []want{warn("soa-excluded-but-linked", "applicable").on("A.5.1")},
			msg: "the control is marked not applicable, yet risks R-001, R-002 rely on it"},
		{name: "SoAInvalidEntry", modify: func(reg *Register) { reg.SoA[2].Implementation = Implemented },
			want: []want{blk("soa-invalid", "implementation").on("A.8.1")},
			msg:  "Control A.8.1 is marked not applicable, so it cannot have an implementation status"},
		{name: "SoAUnknownApplicability", modify: func(reg *Register) { reg.SoA[1].Applicable = "maybe" },
			want: []want{blk("soa-invalid", "applicable").on("A.5.2")},
			msg:  `Control A.5.2 has applicability "maybe"`},
		{name: "SoAStatusMissing", modify: func(reg *Register) { reg.SoA[1].Implementation = "" },
			want: []want{info("soa-status-missing", "implementation").on("A.5.2")}},
		{name: "SoAEntryOutsideCatalog", modify: func(reg *Register) {
			reg.SoA = append(reg.SoA, SoAEntry{Control: "A.9.9", Applicable: "maybe"})
		}},
		{name: "CriteriaInvalid", modify: func(reg *Register) { reg.Criteria.Levels[0].Colour = "green" },
			want: []want{blk("criteria-invalid", "")},
			msg:  `Risk level "Low" has colour "green"`},
		{name: "MatrixNotMonotone", modify: func(reg *Register) { reg.Criteria.Matrix[0][1] = 3 },
			want: []want{warn("matrix-not-monotone", "matrix"), warn("matrix-not-monotone", "matrix")},
			msg:  "In the risk matrix, likelihood 1 × consequence 3 is a lower level than likelihood 1 × consequence 2; a worse score should never give a lower level."},
		{name: "RiskFindingsIncluded", modify: func(reg *Register) {
			reg.Risks[1].Title = ""
			reg.Risks[0].Actions[0].Due = Date{2026, time.February, 1}
		}, want: []want{
			blk("title-missing", "title").on("R-002"),
			warn("action-overdue", "actions[0].due").on("R-001"),
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reg := validRegister(t)
			tt.modify(&reg)
			fs := CheckRegister(&reg, checkToday())
			assertFindings(t, fs, tt.want, tt.msg)
			assertSorted(t, fs)
		})
	}
}

// assertSorted fails t unless fs runs from errors to infos and, within a
// severity, in natural reference order.
func assertSorted(t *testing.T, fs []Finding) {
	t.Helper()
	for i := 1; i < len(fs); i++ {
		a, b := fs[i-1], fs[i]
		if a.Severity < b.Severity || (a.Severity == b.Severity && CompareRefs(a.Ref, b.Ref) > 0) {
			t.Errorf("finding %d (%v) comes before finding %d (%v), want the other way round", i-1, a, i, b)
		}
	}
}

func TestCheckRegisterOrder(t *testing.T) {
	reg := validRegister(t)
	r10 := validRisk(t)
	r10.Ref = "R-10"
	r10.Title = ""
	r10.Owner = ""
	reg.Risks = append(reg.Risks, r10)
	reg.Risks[1].Ref = "R-2"
	reg.Risks[1].Owner = ""
	reg.Risks[1].Actions[0].Progress = 200
	reg.SoA = reg.SoA[:2]
	var got []string
	for _, f := range CheckRegister(&reg, checkToday()) {
		got = append(got, fmt.Sprintf("%s %s %s", f.Severity, f.Ref, f.Rule))
	}
	want := []string{
		"error R-2 action-progress-range",
		"error R-10 title-missing",
		"warning R-2 owner-missing",
		"warning R-10 owner-missing",
		"info  soa-undecided",
	}
	if !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestSortFindings(t *testing.T) {
	f := func(sev Severity, ref, field, rule, msg string) Finding {
		return Finding{Severity: sev, Ref: ref, Field: field, Rule: rule, Message: msg}
	}
	tests := []struct {
		name string
		in   []Finding
		want []Finding
	}{
		{name: "Empty"},
		{name: "ErrorsFirst", in: []Finding{
			f(SeverityInfo, "R-1", "a", "a", ""),
			f(SeverityWarning, "R-1", "a", "a", ""),
			f(SeverityError, "R-1", "a", "a", ""),
		}, want: []Finding{
			f(SeverityError, "R-1", "a", "a", ""),
			f(SeverityWarning, "R-1", "a", "a", ""),
			f(SeverityInfo, "R-1", "a", "a", ""),
		}},
		{name: "SeverityBeforeRef", in: []Finding{
			f(SeverityWarning, "R-1", "", "", ""),
			f(SeverityError, "R-9", "", "", ""),
		}, want: []Finding{
			f(SeverityError, "R-9", "", "", ""),
			f(SeverityWarning, "R-1", "", "", ""),
		}},
		{name: "NaturalRefOrder", in: []Finding{
			f(SeverityError, "R-10", "", "", ""),
			f(SeverityError, "R-2", "", "", ""),
			f(SeverityError, "", "", "", ""),
			f(SeverityError, "A.5.10", "", "", ""),
			f(SeverityError, "A.5.9", "", "", ""),
		}, want: []Finding{
			f(SeverityError, "", "", "", ""),
			f(SeverityError, "A.5.9", "", "", ""),
			f(SeverityError, "A.5.10", "", "", ""),
			f(SeverityError, "R-2", "", "", ""),
			f(SeverityError, "R-10", "", "", ""),
		}},
		{name: "FieldThenRule", in: []Finding{
			f(SeverityWarning, "R-1", "title", "a-rule", ""),
			f(SeverityWarning, "R-1", "owner", "z-rule", ""),
			f(SeverityWarning, "R-1", "owner", "b-rule", ""),
		}, want: []Finding{
			f(SeverityWarning, "R-1", "owner", "b-rule", ""),
			f(SeverityWarning, "R-1", "owner", "z-rule", ""),
			f(SeverityWarning, "R-1", "title", "a-rule", ""),
		}},
		{name: "StableForTies", in: []Finding{
			f(SeverityWarning, "R-1", "due", "action-overdue", "first"),
			f(SeverityError, "R-1", "title", "title-missing", ""),
			f(SeverityWarning, "R-1", "due", "action-overdue", "second"),
		}, want: []Finding{
			f(SeverityError, "R-1", "title", "title-missing", ""),
			f(SeverityWarning, "R-1", "due", "action-overdue", "first"),
			f(SeverityWarning, "R-1", "due", "action-overdue", "second"),
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := slices.Clone(tt.in)
			SortFindings(got)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestCompareRefs(t *testing.T) {
	tests := []struct {
		name string
		a, b string
		want int
	}{
		{name: "NumberOrderNotTextOrder", a: "R-2", b: "R-10", want: -1},
		{name: "AnnexNumberOrder", a: "A.5.9", b: "A.5.10", want: -1},
		{name: "ThemeBeforeControl", a: "A.8.1", b: "A.5.37", want: 1},
		{name: "Equal", a: "R-001", b: "R-001", want: 0},
		{name: "BothEmpty", a: "", b: "", want: 0},
		{name: "EmptyFirst", a: "", b: "R-1", want: -1},
		{name: "LeadingZerosTieBrokenByText", a: "R-007", b: "R-7", want: -1},
		{name: "LeadingZerosStillNumeric", a: "R-007", b: "R-8", want: -1},
		{name: "PaddedAgainstLonger", a: "R-099", b: "R-100", want: -1},
		{name: "PrefixFirst", a: "R-1", b: "R-1a", want: -1},
		{name: "SuffixLetters", a: "R-1b", b: "R-1a", want: 1},
		{name: "DifferentPrefix", a: "A-9", b: "B-1", want: -1},
		{name: "DigitBeforeLetter", a: "R-1", b: "R-A", want: -1},
		{name: "CaseSensitive", a: "r-1", b: "R-1", want: 1},
		{name: "BigNumbers", a: "R-99999999999999999999", b: "R-100000000000000000000", want: -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := CompareRefs(tt.a, tt.b); got != tt.want {
				t.Errorf("CompareRefs(%q, %q): got %d, want %d", tt.a, tt.b, got, tt.want)
			}
			if got := CompareRefs(tt.b, tt.a); got != -tt.want {
				t.Errorf("CompareRefs(%q, %q): got %d, want %d", tt.b, tt.a, got, -tt.want)
			}
		})
	}
}

func TestCompareRefsSorts(t *testing.T) {
	refs := []string{"A.5.37", "R-10", "A.8.1", "R-2", "A.5.10", "R-1", "A.5.9", "R-100"}
	slices.SortFunc(refs, CompareRefs)
	want := []string{"A.5.9", "A.5.10", "A.5.37", "A.8.1", "R-1", "R-2", "R-10", "R-100"}
	if !slices.Equal(refs, want) {
		t.Errorf("got %q, want %q", refs, want)
	}
}

func TestFindingString(t *testing.T) {
	tests := []struct {
		name string
		f    Finding
		want string
	}{
		{name: "WithRef", f: Finding{Severity: SeverityError, Ref: "R-001", Rule: "title-missing", Message: "no title"},
			want: "error: R-001: no title [title-missing]"},
		{name: "WithoutRef", f: Finding{Severity: SeverityInfo, Rule: "soa-undecided", Message: "3 undecided"},
			want: "info: 3 undecided [soa-undecided]"},
		{name: "Warning", f: Finding{Severity: SeverityWarning, Ref: "A.5.1", Rule: "r", Message: "m"},
			want: "warning: A.5.1: m [r]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.f.String(); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestNormalizeDropsDuplicateControlsThatCompareEqualNaturally(t *testing.T) {
	r := Risk{Controls: []string{"A.5.01", "A.5.1", "A.5.01"}}
	r.Normalize()
	want := []string{"A.5.01", "A.5.1"}
	if !slices.Equal(r.Controls, want) {
		t.Errorf("got %v, want %v", r.Controls, want)
	}
}

func TestAdmit(t *testing.T) {
	c := DefaultCriteria()
	future := func(r *Risk) { r.LastReview = Date{2026, time.May, 1} }
	tests := []struct {
		name   string
		before func(r *Risk) // nil: a new risk
		after  func(r *Risk)
		want   string // fragment of the refusal, "" to admit
	}{
		{name: "NewValid", after: func(*Risk) {}},
		{name: "NewWithImpossibleDate", after: future, want: "R-001: the last review is dated 2026-05-01"},
		{name: "NewBlocking", after: func(r *Risk) { r.Title = "" }, want: "R-001: the risk has no title"},
		{name: "UnchangedImpossibleDateKept", before: future, after: future},
		{name: "OtherFieldEditedWithImpossibleDateKept", before: future, after: func(r *Risk) {
			future(r)
			r.Title = "Registry database lost or corrupted"
		}},
		{name: "ImpossibleDateMovedToAnother", before: future, after: func(r *Risk) {
			r.LastReview = Date{2026, time.June, 1}
		}, want: "the last review is dated 2026-06-01"},
		{name: "ImpossibleDateCorrected", before: future, after: func(*Risk) {}},
		{name: "ImpossibleDateBroughtIn", before: func(*Risk) {}, after: future, want: "which has not come yet"},
		{name: "BlockingRefusedEvenWhenStored", before: func(r *Risk) { r.Title = "" }, after: func(r *Risk) { r.Title = "" },
			want: "the risk has no title"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			after := validRisk(t)
			tt.after(&after)
			var before *Risk
			if tt.before != nil {
				b := validRisk(t)
				tt.before(&b)
				before = &b
			}
			err := Admit(before, &after, &c, checkToday())
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("got %v, want the save admitted", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Errorf("got %v, want a refusal containing %q", err, tt.want)
			case err != nil && ErrorCode(err) != EINVALID:
				t.Errorf("got code %s, want %s", ErrorCode(err), EINVALID)
			}
		})
	}
}

// TestQuietCheck: the check a save makes (Validate, Admit of a new risk)
// finds exactly what Check finds, only without writing each finding's
// sentence; its Text still says it.
func TestQuietCheck(t *testing.T) {
	c := DefaultCriteria()
	for name, modify := range map[string]func(r *Risk){
		"Valid":       func(*Risk) {},
		"Warnings":    func(r *Risk) { r.Owner = ""; r.Actions[0].Due = Date{} },
		"Blocking":    func(r *Risk) { r.Title = ""; r.Treatment = "mitigate"; r.Actions[0].Progress = -1 },
		"Guard":       func(r *Risk) { r.LastReview = Date{2999, time.January, 1} },
		"NoReference": func(r *Risk) { r.Ref = ""; r.Inherent = Score{1, 1} },
	} {
		t.Run(name, func(t *testing.T) {
			r := validRisk(t)
			modify(&r)
			today := Date{2026, time.March, 1}
			want, got := Check(&r, &c, today), CheckQuietly(&r, &c, today)
			if len(got) != len(want) {
				t.Fatalf("quiet check found %d findings, Check %d", len(got), len(want))
			}
			for i := range want {
				if got[i].Message != "" {
					t.Errorf("quiet finding %d has the sentence %q", i, got[i].Message)
				}
				if got[i].Text.String() != want[i].Message {
					t.Errorf("quiet finding %d says %q, Check's %q", i, got[i].Text.String(), want[i].Message)
				}
				got[i].Message = want[i].Message
				if got[i].Key() != want[i].Key() || got[i].Err().Error() != want[i].Err().Error() {
					t.Errorf("quiet finding %d is %v, Check's %v", i, got[i], want[i])
				}
			}
			if len(want) == 0 && name != "Valid" {
				t.Error("the case finds nothing")
			}
		})
	}
}
