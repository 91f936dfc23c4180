package risk

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// Severity says how much a finding matters.
type Severity int

// Severities, least severe first.
const (
	SeverityInfo Severity = iota
	SeverityWarning
	SeverityError
)

func (s Severity) String() string {
	switch s {
	case SeverityError:
		return "error"
	case SeverityWarning:
		return "warning"
	}
	return "info"
}

// Finding is what a rule says about one risk, action or control.
type Finding struct {
	Severity Severity
	// Rule is a stable identifier such as "residual-above-inherent".
	Rule string
	// Ref names what the finding is about: a risk reference or a control ID.
	Ref string
	// Field names the field to fix ("residual", "acceptance.approver",
	// "actions[2].progress"), so a form can show the message beside it.
	Field string
	// Message is one sentence a person can act on.
	Message string
	// Blocking findings make the record invalid: a store refuses to save it.
	// Others are audit findings the record may carry while work goes on.
	Blocking bool
	// Cause, when set, is the sentence every finding of one cause shares,
	// where each Message says what it means in one place ("Ana is the only
	// one who can act as Incident lead…" for each of her steps): findings
	// of the same rule and cause are one thing to fix (see GroupFindings).
	Cause string
	// Guard findings say the record holds something impossible: a date
	// that cannot be (a review held in the future, an action due before
	// the risk was identified) or a reference to a record that does not
	// exist. A store refuses a save that brings a new one in (Admit), but
	// a record that already carries one — stored by an earlier version,
	// loaded from a dump, or left by a deletion — keeps it, so that
	// nothing is lost and the record can still be corrected; check reports
	// it and the exports mark it.
	Guard bool
}

func (f Finding) String() string {
	if f.Ref == "" {
		return fmt.Sprintf("%s: %s [%s]", f.Severity, f.Message, f.Rule)
	}
	return fmt.Sprintf("%s: %s: %s [%s]", f.Severity, f.Ref, f.Message, f.Rule)
}

// findings collects findings about one subject.
type findings struct {
	ref string
	out []Finding
}

func (fs *findings) add(sev Severity, rule, field, format string, args ...any) {
	fs.out = append(fs.out, Finding{Severity: sev, Rule: rule, Ref: fs.ref, Field: field,
		Message: fmt.Sprintf(format, args...)})
}

// block adds a blocking error.
func (fs *findings) block(rule, field, format string, args ...any) {
	fs.add(SeverityError, rule, field, format, args...)
	fs.out[len(fs.out)-1].Blocking = true
}

// guard adds an error a save may not bring in (Finding.Guard).
func (fs *findings) guard(rule, field, format string, args ...any) {
	fs.add(SeverityError, rule, field, format, args...)
	fs.out[len(fs.out)-1].Guard = true
}

// Validate returns the first blocking finding about r as an *Error, or nil
// when r may be saved.
func Validate(r *Risk, c *Criteria) error {
	for _, f := range Check(r, c, Date{}) {
		if f.Blocking {
			return &Error{Code: EINVALID, Message: f.Ref + ": " + f.Message}
		}
	}
	return nil
}

// Admit returns the first finding a store must refuse when r is saved
// over before (nil for a new risk): a blocking finding, or a guard finding
// that before did not already have. today is the day of the save.
func Admit(before, r *Risk, c *Criteria, today Date) error {
	var old []Finding
	if before != nil {
		old = Check(before, c, today)
	}
	return AdmitFindings(old, Check(r, c, today))
}

// AdmitFindings returns, as an *Error, the first finding of now that makes
// a save invalid: a blocking one, or a guard one that was not among old
// (the findings of the record as stored). A guard finding is the same one
// when its subject, rule, field and message are; a changed date gives a
// changed message, so moving an impossible date to another impossible
// date is refused too.
func AdmitFindings(old, now []Finding) error {
	had := map[Finding]bool{}
	for _, f := range old {
		if f.Guard {
			had[f] = true
		}
	}
	for _, f := range now {
		if f.Blocking || f.Guard && !had[f] {
			return &Error{Code: EINVALID, Message: f.Ref + ": " + f.Message}
		}
	}
	return nil
}

// Check applies every per-risk rule to r. With a zero today, the rules that
// depend on the date (overdue reviews and actions, expired acceptances,
// dates in the future) are skipped.
func Check(r *Risk, c *Criteria, today Date) []Finding {
	ref := r.Ref
	if ref == "" {
		ref = "(no reference)"
	}
	fs := &findings{ref: ref}
	checkIdentity(fs, r)
	checkEnums(fs, r)
	checkScores(fs, r, c)
	checkDecision(fs, r, c, today)
	checkReview(fs, r, today)
	checkDates(fs, r, today)
	for i := range r.Actions {
		checkAction(fs, i, &r.Actions[i], today)
	}
	return fs.out
}

// checkDates refuses dates that cannot be: a risk identified, reviewed or
// accepted in the future, or reviewed, accepted or given an action due
// before it was identified.
func checkDates(fs *findings, r *Risk, today Date) {
	id := r.IdentifiedOn()
	if r.Identified.InFuture(today) {
		fs.guard("identified-in-future", "identified", "the risk is identified on %s, which has not come yet; write the day it was identified", r.Identified)
	}
	if r.LastReview.InFuture(today) {
		fs.guard("review-in-future", "last_review", "the last review is dated %s, which has not come yet; record a review once it is held", r.LastReview)
	} else if !id.IsZero() && !r.LastReview.IsZero() && r.LastReview.Before(id) {
		fs.guard("review-before-identified", "last_review", "the last review is dated %s, before the risk was identified on %s; correct the review date, or the day the risk was identified", r.LastReview, id)
	}
	a := r.Acceptance
	if a.Date.InFuture(today) {
		fs.guard("acceptance-date-in-future", "acceptance.date", "the acceptance is dated %s, which has not come yet; record it once it is approved", a.Date)
	} else if !id.IsZero() && !a.Date.IsZero() && a.Date.Before(id) {
		fs.guard("acceptance-before-identified", "acceptance.date", "the acceptance is dated %s, before the risk was identified on %s; a risk cannot be accepted before it is known", a.Date, id)
	}
	if !a.Date.IsZero() && !a.Expiry.IsZero() && a.Expiry.Before(a.Date) {
		fs.guard("acceptance-expiry-before-date", "acceptance.expiry", "the acceptance expires on %s, before it was approved on %s; correct one of the dates", a.Expiry, a.Date)
	}
	if id.IsZero() {
		return
	}
	for i, ac := range r.Actions {
		if !ac.Due.IsZero() && ac.Due.Before(id) {
			fs.guard("action-due-before-identified", fmt.Sprintf("actions[%d].due", i), "%s is due on %s, before the risk was identified on %s; correct the due date", actionLabel(i, &ac), ac.Due, id)
		}
	}
}

func actionLabel(i int, a *Action) string {
	if a.Title != "" {
		return fmt.Sprintf("action %q", a.Title)
	}
	return fmt.Sprintf("action %d", i+1)
}

func checkIdentity(fs *findings, r *Risk) {
	if r.Ref == "" {
		fs.block("reference-missing", "ref", "the risk has no reference; give it one such as R-001")
	}
	if r.Title == "" {
		fs.block("title-missing", "title", "the risk has no title; say in a few words what could happen")
	}
	if r.Owner == "" && r.Status != Closed {
		fs.add(SeverityWarning, "owner-missing", "owner", "no owner is named; every risk needs someone accountable for it")
	}
	if r.Confidence == "" && r.Status != Closed {
		fs.add(SeverityInfo, "confidence-missing", "confidence", "the evidence behind the scores is not graded; choose a confidence from A (direct sources) to D (weak signal)")
	}
}

func checkEnums(fs *findings, r *Risk) {
	enum := func(field string, v string, allowed []string) {
		if v != "" && !slices.Contains(allowed, v) {
			fs.block("value-unknown", field, "%s %q is not one of %s", strings.ReplaceAll(field, "_", " "), v, strings.Join(allowed, ", "))
		}
	}
	enum("treatment", string(r.Treatment), names(Treatments))
	enum("control_effectiveness", string(r.ControlEffectiveness), names(Effectivenesses))
	enum("status", string(r.Status), names(Statuses))
	enum("confidence", string(r.Confidence), names(Confidences))
	enum("review_frequency", string(r.ReviewFrequency), names(Frequencies))
}

func names[T ~string](vs []T) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = string(v)
	}
	return out
}

func checkScores(fs *findings, r *Risk, c *Criteria) {
	valid := func(field string, s Score) bool {
		if s.IsZero() || c.InRange(s) {
			return true
		}
		fs.block("score-outside-scale", field, "the %s score %s is outside the scales; likelihood must be 1–%d and consequence 1–%d",
			field, s, len(c.Likelihood), len(c.Consequence))
		return false
	}
	okI, okR, okT := valid("inherent", r.Inherent), valid("residual", r.Residual), valid("target", r.Target)
	if r.Status == Closed {
		return
	}
	if r.Inherent.IsZero() {
		fs.add(SeverityWarning, "not-assessed", "inherent", "the inherent risk is not scored; choose its likelihood and consequence")
		return
	}
	if r.Residual.IsZero() {
		fs.add(SeverityWarning, "residual-not-assessed", "residual", "the residual risk is not scored; score it with the existing controls in place")
		return
	}
	if okI && okR && (r.Residual.Likelihood > r.Inherent.Likelihood || r.Residual.Consequence > r.Inherent.Consequence) {
		if strings.TrimSpace(r.Justification) == "" {
			fs.block("residual-above-inherent", "residual", "the residual score %s is above the inherent score %s; lower it, or write a justification for why the controls add exposure",
				r.Residual, r.Inherent)
		} else {
			fs.add(SeverityInfo, "residual-above-inherent-justified", "residual", "the residual score %s is above the inherent score %s, justified: %s", r.Residual, r.Inherent, r.Justification)
		}
	}
	if okR && okT && !r.Target.IsZero() && (r.Target.Likelihood > r.Residual.Likelihood || r.Target.Consequence > r.Residual.Consequence) {
		fs.add(SeverityWarning, "target-above-residual", "target", "the target score %s is above the residual score %s; a target is where treatment should take the risk", r.Target, r.Residual)
	}
}

func checkDecision(fs *findings, r *Risk, c *Criteria, today Date) {
	if r.Status == Closed {
		return
	}
	accepting := r.Accepting()
	above := c.AboveAppetite(r.Residual)
	a := r.Acceptance
	if accepting && a.Expired(today) {
		// An expired acceptance above appetite leaves the risk undecided.
		sev := SeverityWarning
		if above {
			sev = SeverityError
		}
		fs.add(sev, "acceptance-expired", "acceptance.expiry", "the acceptance expired on %s; review the risk and renew or withdraw the acceptance", a.Expiry)
	}
	if accepting && above {
		if a.Approver == "" {
			fs.block("acceptance-approver-missing", "acceptance.approver", "the risk is accepted above appetite but no approver is named; name who accepted it")
		}
		if a.Expiry.IsZero() {
			fs.block("acceptance-expiry-missing", "acceptance.expiry", "the risk is accepted above appetite without an expiry date; set when the acceptance must be reconsidered")
		}
		if a.Date.IsZero() {
			fs.add(SeverityWarning, "acceptance-date-missing", "acceptance.date", "the acceptance has no date; record when it was approved")
		}
		if a.Rationale == "" {
			fs.add(SeverityWarning, "acceptance-rationale-missing", "acceptance.rationale", "the acceptance has no rationale; say why the risk is retained")
		}
	}
	if above {
		lvl, _ := c.LevelOf(r.Residual)
		switch {
		case accepting:
		case r.Treatment == "":
			fs.add(SeverityError, "above-appetite-undecided", "treatment", "the residual level %s is above the risk appetite and no treatment is chosen; choose reduce, avoid or transfer with actions, or accept it formally", lvl.Label)
		case len(r.OpenActions()) == 0:
			fs.add(SeverityError, "above-appetite-no-actions", "actions", "the residual level %s is above the risk appetite but no treatment action is open; add an action with an owner and a due date, or accept the risk formally", lvl.Label)
		}
		if len(r.Controls) == 0 {
			fs.add(SeverityInfo, "no-controls", "controls", "no existing controls are linked; link the Annex A controls the residual score relies on")
		}
	}
}

func checkReview(fs *findings, r *Risk, today Date) {
	if r.Status == Closed {
		return
	}
	if r.ReviewFrequency == "" {
		fs.add(SeverityWarning, "review-frequency-missing", "review_frequency", "no review frequency is set; choose how often the risk is reviewed")
		return
	}
	if !today.IsZero() && !r.NextReview.IsZero() && r.NextReview.Before(today) {
		fs.add(SeverityWarning, "review-overdue", "next_review", "the review was due on %s (%d days ago); review the risk and record the date", r.NextReview, r.NextReview.DaysUntil(today))
	}
}

func checkAction(fs *findings, i int, a *Action, today Date) {
	field := func(name string) string { return fmt.Sprintf("actions[%d].%s", i, name) }
	label := actionLabel(i, a)
	if a.Title == "" {
		fs.block("action-title-missing", field("title"), "%s has no title; say what will be done", label)
	}
	if a.Status != "" && !slices.Contains(ActionStatuses, a.Status) {
		fs.block("value-unknown", field("status"), "%s has status %q; choose planned, in-progress, done or cancelled", label, a.Status)
	}
	if a.Progress < 0 || a.Progress > 100 {
		fs.block("action-progress-range", field("progress"), "%s is %d%% complete; progress must be between 0 and 100", label, a.Progress)
	}
	if !a.IsOpen() {
		return
	}
	if a.Owner == "" {
		fs.add(SeverityWarning, "action-owner-missing", field("owner"), "%s has no owner; name who will do it", label)
	}
	if a.Due.IsZero() {
		fs.add(SeverityWarning, "action-due-missing", field("due"), "%s has no due date; set when it must be done", label)
	} else if a.Overdue(today) {
		fs.add(SeverityWarning, "action-overdue", field("due"), "%s was due on %s and is not done; finish it or set a new due date", label, a.Due)
	}
}

// Register is everything the register-wide rules look at.
type Register struct {
	Criteria Criteria
	Catalog  []Control
	SoA      []SoAEntry
	Risks    []Risk
}

// CheckRegister applies every rule to the whole register: each risk's own
// rules, unique references, control links, and the Statement of
// Applicability. Findings come sorted: errors first, then by subject.
func CheckRegister(reg *Register, today Date) []Finding {
	var out []Finding
	if err := reg.Criteria.Validate(); err != nil {
		out = append(out, Finding{Severity: SeverityError, Rule: "criteria-invalid", Message: ErrorMessage(err), Blocking: true})
	}
	for _, w := range reg.Criteria.MatrixWarnings() {
		out = append(out, Finding{Severity: SeverityWarning, Rule: "matrix-not-monotone", Field: "matrix", Message: "In the risk matrix, " + w + "; a worse score should never give a lower level."})
	}
	known := map[string]bool{}
	for _, c := range reg.Catalog {
		known[c.ID] = true
	}
	refs := map[string]int{}
	firstRef := map[string]string{}
	linked := map[string][]string{}
	for i := range reg.Risks {
		r := &reg.Risks[i]
		out = append(out, Check(r, &reg.Criteria, today)...)
		key := strings.ToUpper(r.Ref)
		refs[key]++
		if _, ok := firstRef[key]; !ok {
			firstRef[key] = r.Ref
		}
		for _, id := range r.Controls {
			if !known[id] {
				out = append(out, Finding{Severity: SeverityError, Rule: "control-unknown", Ref: r.Ref, Field: "controls", Blocking: true,
					Message: fmt.Sprintf("control %s is not in the control catalog; pick a control from the catalog", id)})
			}
			linked[id] = append(linked[id], r.Ref)
		}
	}
	for key, n := range refs {
		if n > 1 && key != "" {
			out = append(out, Finding{Severity: SeverityError, Rule: "reference-duplicate", Ref: firstRef[key], Field: "ref", Blocking: true,
				Message: fmt.Sprintf("%d risks share this reference; give each risk its own", n)})
		}
	}
	out = append(out, checkSoA(reg, linked)...)
	SortFindings(out)
	return out
}

func checkSoA(reg *Register, linked map[string][]string) []Finding {
	var out []Finding
	entries := map[string]SoAEntry{}
	for _, e := range reg.SoA {
		entries[e.Control] = e
	}
	undecided := 0
	for _, c := range reg.Catalog {
		e := entries[c.ID]
		e.Control = c.ID
		if e.Applicable == "" {
			undecided++
		}
		out = append(out, CheckSoAEntry(&e, linked[c.ID])...)
	}
	if undecided > 0 {
		out = append(out, Finding{Severity: SeverityInfo, Rule: "soa-undecided", Field: "applicable",
			Message: fmt.Sprintf("%d of %d controls have no applicability decision yet; the Statement of Applicability needs a decision and a justification for every control", undecided, len(reg.Catalog))})
	}
	return out
}

// SortFindings orders findings by severity (errors first), then subject, then
// rule, so reports read the same every time.
func SortFindings(fs []Finding) {
	slices.SortStableFunc(fs, func(a, b Finding) int {
		return cmp.Or(
			cmp.Compare(b.Severity, a.Severity),
			CompareRefs(a.Ref, b.Ref),
			cmp.Compare(a.Field, b.Field),
			cmp.Compare(a.Rule, b.Rule),
		)
	})
}

// CompareRefs orders references naturally: R-2 before R-10, A.5.9 before
// A.5.10. References that differ only in leading zeros are
// ordered by their text, so the order is total.
func CompareRefs(a, b string) int {
	return cmp.Or(compareNatural(a, b), strings.Compare(a, b))
}

func compareNatural(a, b string) int {
	for a != "" && b != "" {
		da, db := leadingDigits(a), leadingDigits(b)
		if da != "" && db != "" {
			na, nb := strings.TrimLeft(da, "0"), strings.TrimLeft(db, "0")
			if c := cmp.Or(cmp.Compare(len(na), len(nb)), cmp.Compare(na, nb)); c != 0 {
				return c
			}
			a, b = a[len(da):], b[len(db):]
			continue
		}
		if a[0] != b[0] {
			return cmp.Compare(a[0], b[0])
		}
		a, b = a[1:], b[1:]
	}
	return cmp.Compare(len(a), len(b))
}

func leadingDigits(s string) string {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return s[:i]
}
