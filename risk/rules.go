package risk

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"riskbook/i18n"
)

// Severity says how much a finding matters.
type Severity int

// Severities, least severe first.
const (
	SeverityInfo Severity = iota
	SeverityWarning
	SeverityError
)

// In names the severity in p's language: "error", "erreur", "error".
func (s Severity) In(p *i18n.Printer) string {
	switch s {
	case SeverityError:
		return p.T("rules.severity.error")
	case SeverityWarning:
		return p.T("rules.severity.warning")
	}
	return p.T("rules.severity.info")
}

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
	// Message is one sentence a person can act on, written in the default
	// language when the finding is made.
	Message string
	// Text is Message as a message of the catalogue, to write it in another
	// language (In); zero for a finding made without one, which every
	// language shows as Message.
	Text Msg
	// Blocking findings make the record invalid: a store refuses to save it.
	// Others are audit findings the record may carry while work goes on.
	Blocking bool
	// Cause, when set, is the sentence every finding of one cause shares,
	// where each Message says what it means in one place ("Ana is the only
	// one who can act as Incident lead…" for each of her steps): findings
	// of the same rule and cause are one thing to fix (see GroupFindings).
	Cause string
	// CauseText is Cause as a message of the catalogue.
	CauseText Msg
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

// In writes the finding's message in p's language.
func (f Finding) In(p *i18n.Printer) string {
	if f.Text.IsZero() {
		return f.Message
	}
	return f.Text.In(p)
}

// CauseIn writes the finding's cause in p's language ("" when it has none).
func (f Finding) CauseIn(p *i18n.Printer) string {
	if f.CauseText.IsZero() {
		return f.Cause
	}
	return f.CauseText.In(p)
}

// Say sets the finding's message, in the default language and as kept.
func (f *Finding) Say(m Msg) {
	f.Text, f.Message = m, m.String()
}

// Because sets the finding's cause, in the default language and as kept.
func (f *Finding) Because(m Msg) {
	f.CauseText, f.Cause = m, m.String()
}

// Err is the finding as an error: its subject, then its message.
func (f Finding) Err() *Error {
	return Err(EINVALID, T("rules.finding.subject", Args{"Ref": f.Ref, "Message": f.localizer()}))
}

// localizer is the finding's message as a Localizer: its Text, or its
// Message as it was written.
func (f Finding) localizer() Localizer {
	if f.Text.IsZero() {
		return Text(f.Message)
	}
	return f.Text
}

func (f Finding) String() string {
	if f.Ref == "" {
		return fmt.Sprintf("%s: %s [%s]", f.Severity, f.Message, f.Rule)
	}
	return fmt.Sprintf("%s: %s: %s [%s]", f.Severity, f.Ref, f.Message, f.Rule)
}

// NewFinding is a finding with its message, written in the default
// language and kept to write it in another (Finding.In).
func NewFinding(sev Severity, rule, ref, field string, m Msg) Finding {
	f := Finding{Severity: sev, Rule: rule, Ref: ref, Field: field}
	f.Say(m)
	return f
}

// findings collects findings about one subject.
type findings struct {
	ref string
	out []Finding
	// quiet leaves the findings' Message empty (their Text says it): for a
	// caller that only turns the first refusing one into an error, writing
	// every warning's sentence is most of the cost of a check.
	quiet bool
}

func (fs *findings) add(sev Severity, rule, field string, m Msg) {
	if fs.quiet {
		fs.out = append(fs.out, Finding{Severity: sev, Rule: rule, Ref: fs.ref, Field: field, Text: m})
		return
	}
	fs.out = append(fs.out, NewFinding(sev, rule, fs.ref, field, m))
}

// block adds a blocking error.
func (fs *findings) block(rule, field string, m Msg) {
	fs.add(SeverityError, rule, field, m)
	fs.out[len(fs.out)-1].Blocking = true
}

// guard adds an error a save may not bring in (Finding.Guard).
func (fs *findings) guard(rule, field string, m Msg) {
	fs.add(SeverityError, rule, field, m)
	fs.out[len(fs.out)-1].Guard = true
}

// Validate returns the first blocking finding about r as an *Error, or nil
// when r may be saved.
func Validate(r *Risk, c *Criteria) error {
	for _, f := range check(r, c, Date{}, true) {
		if f.Blocking {
			return f.Err()
		}
	}
	return nil
}

// Admit returns the first finding a store must refuse when r is saved
// over before (nil for a new risk): a blocking finding, or a guard finding
// that before did not already have. today is the day of the save.
func Admit(before, r *Risk, c *Criteria, today Date) error {
	if before == nil {
		// Nothing to compare with: no finding's message is needed.
		return AdmitFindings(nil, check(r, c, today, true))
	}
	return AdmitFindings(Check(before, c, today), Check(r, c, today))
}

// AdmitFindings returns, as an *Error, the first finding of now that makes
// a save invalid: a blocking one, or a guard one that was not among old
// (the findings of the record as stored). A guard finding is the same one
// when its subject, rule, field and message are; a changed date gives a
// changed message, so moving an impossible date to another impossible
// date is refused too.
func AdmitFindings(old, now []Finding) error {
	had := map[FindingKey]bool{}
	for _, f := range old {
		if f.Guard {
			had[f.Key()] = true
		}
	}
	for _, f := range now {
		if f.Blocking || f.Guard && !had[f.Key()] {
			return f.Err()
		}
	}
	return nil
}

// FindingKey is what makes two findings the same one: their subject,
// rule, field, severity and message.
type FindingKey struct {
	Severity                  Severity
	Rule, Ref, Field, Message string
	Blocking, Guard           bool
}

// Key is f's FindingKey.
func (f Finding) Key() FindingKey {
	return FindingKey{f.Severity, f.Rule, f.Ref, f.Field, f.Message, f.Blocking, f.Guard}
}

// Check applies every per-risk rule to r. With a zero today, the rules that
// depend on the date (overdue reviews and actions, expired acceptances,
// dates in the future) are skipped.
func Check(r *Risk, c *Criteria, today Date) []Finding { return check(r, c, today, false) }

// CheckQuietly is Check leaving the findings' Message empty (their Text
// can say it): for a caller that reads only their severity, rule and
// field, such as a document counting what needs a decision.
func CheckQuietly(r *Risk, c *Criteria, today Date) []Finding { return check(r, c, today, true) }

// check is Check, leaving the findings' Message empty when quiet.
func check(r *Risk, c *Criteria, today Date, quiet bool) []Finding {
	ref := r.Ref
	if ref == "" {
		ref = NoRef()
	}
	fs := &findings{ref: ref, quiet: quiet}
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

// NoRef stands for the reference of a record that has none yet, in the
// default language: "(no reference)".
func NoRef() string { return i18n.T("rules.no_ref") }

// checkDates refuses dates that cannot be: a risk identified, reviewed or
// accepted in the future, or reviewed, accepted or given an action due
// before it was identified.
func checkDates(fs *findings, r *Risk, today Date) {
	id := r.IdentifiedOn()
	if r.Identified.InFuture(today) {
		fs.guard("identified-in-future", "identified", T("rules.identified_in_future", Args{"Date": r.Identified}))
	}
	if r.LastReview.InFuture(today) {
		fs.guard("review-in-future", "last_review", T("rules.review_in_future", Args{"Date": r.LastReview}))
	} else if !id.IsZero() && !r.LastReview.IsZero() && r.LastReview.Before(id) {
		fs.guard("review-before-identified", "last_review", T("rules.review_before_identified", Args{"Date": r.LastReview, "Identified": id}))
	}
	a := r.Acceptance
	if a.Date.InFuture(today) {
		fs.guard("acceptance-date-in-future", "acceptance.date", T("rules.acceptance_date_in_future", Args{"Date": a.Date}))
	} else if !id.IsZero() && !a.Date.IsZero() && a.Date.Before(id) {
		fs.guard("acceptance-before-identified", "acceptance.date", T("rules.acceptance_before_identified", Args{"Date": a.Date, "Identified": id}))
	}
	if !a.Date.IsZero() && !a.Expiry.IsZero() && a.Expiry.Before(a.Date) {
		fs.guard("acceptance-expiry-before-date", "acceptance.expiry", T("rules.acceptance_expiry_before_date", Args{"Expiry": a.Expiry, "Date": a.Date}))
	}
	if id.IsZero() {
		return
	}
	for i, ac := range r.Actions {
		if !ac.Due.IsZero() && ac.Due.Before(id) {
			fs.guard("action-due-before-identified", fmt.Sprintf("actions[%d].due", i), T("rules.action_due_before_identified", Args{"Action": actionLabel(i, &ac), "Due": ac.Due, "Identified": id}))
		}
	}
}

// actionLabel names an action in a finding that opens with it: action
// "Buy a UPS", or action 2 when it has no title.
func actionLabel(i int, a *Action) Msg {
	if a.Title != "" {
		return T("rules.action.titled", Args{"Title": Quote(a.Title)})
	}
	return T("rules.action.numbered", Args{"N": i + 1})
}

func checkIdentity(fs *findings, r *Risk) {
	if r.Ref == "" {
		fs.block("reference-missing", "ref", T("rules.reference_missing"))
	}
	if r.Title == "" {
		fs.block("title-missing", "title", T("rules.title_missing"))
	}
	if r.Owner == "" && r.Status != Closed {
		fs.add(SeverityWarning, "owner-missing", "owner", T("rules.owner_missing"))
	}
	if r.Confidence == "" && r.Status != Closed {
		fs.add(SeverityInfo, "confidence-missing", "confidence", T("rules.confidence_missing"))
	}
}

func checkEnums(fs *findings, r *Risk) {
	enum := func(field string, name Msg, v string, allowed []string) {
		if v != "" && !slices.Contains(allowed, v) {
			fs.block("value-unknown", field, T("rules.value_unknown", Args{"Field": name, "Value": Quote(v), "Allowed": strings.Join(allowed, ", ")}))
		}
	}
	enum("treatment", T("rules.field.treatment"), string(r.Treatment), names(Treatments))
	enum("control_effectiveness", T("rules.field.control_effectiveness"), string(r.ControlEffectiveness), names(Effectivenesses))
	enum("status", T("rules.field.status"), string(r.Status), names(Statuses))
	enum("confidence", T("rules.field.confidence"), string(r.Confidence), names(Confidences))
	enum("review_frequency", T("rules.field.review_frequency"), string(r.ReviewFrequency), names(Frequencies))
}

func names[T ~string](vs []T) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = string(v)
	}
	return out
}

func checkScores(fs *findings, r *Risk, c *Criteria) {
	valid := func(field string, name Msg, s Score) bool {
		if s.IsZero() || c.InRange(s) {
			return true
		}
		fs.block("score-outside-scale", field, T("rules.score_outside_scale", Args{"Which": name, "Score": s,
			"Likelihood": len(c.Likelihood), "Consequence": len(c.Consequence)}))
		return false
	}
	okI := valid("inherent", T("rules.score.inherent"), r.Inherent)
	okR := valid("residual", T("rules.score.residual"), r.Residual)
	okT := valid("target", T("rules.score.target"), r.Target)
	if r.Status == Closed {
		return
	}
	if r.Inherent.IsZero() {
		fs.add(SeverityWarning, "not-assessed", "inherent", T("rules.not_assessed"))
		return
	}
	if r.Residual.IsZero() {
		fs.add(SeverityWarning, "residual-not-assessed", "residual", T("rules.residual_not_assessed"))
		return
	}
	if okI && okR && (r.Residual.Likelihood > r.Inherent.Likelihood || r.Residual.Consequence > r.Inherent.Consequence) {
		if strings.TrimSpace(r.Justification) == "" {
			fs.block("residual-above-inherent", "residual", T("rules.residual_above_inherent", Args{"Residual": r.Residual, "Inherent": r.Inherent}))
		} else {
			fs.add(SeverityInfo, "residual-above-inherent-justified", "residual", T("rules.residual_above_inherent_justified",
				Args{"Residual": r.Residual, "Inherent": r.Inherent, "Justification": r.Justification}))
		}
	}
	if okR && okT && !r.Target.IsZero() && (r.Target.Likelihood > r.Residual.Likelihood || r.Target.Consequence > r.Residual.Consequence) {
		fs.add(SeverityWarning, "target-above-residual", "target", T("rules.target_above_residual", Args{"Target": r.Target, "Residual": r.Residual}))
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
		fs.add(sev, "acceptance-expired", "acceptance.expiry", T("rules.acceptance_expired", Args{"Expiry": a.Expiry}))
	}
	if accepting && above {
		if a.Approver == "" {
			fs.block("acceptance-approver-missing", "acceptance.approver", T("rules.acceptance_approver_missing"))
		}
		if a.Expiry.IsZero() {
			fs.block("acceptance-expiry-missing", "acceptance.expiry", T("rules.acceptance_expiry_missing"))
		}
		if a.Date.IsZero() {
			fs.add(SeverityWarning, "acceptance-date-missing", "acceptance.date", T("rules.acceptance_date_missing"))
		}
		if a.Rationale == "" {
			fs.add(SeverityWarning, "acceptance-rationale-missing", "acceptance.rationale", T("rules.acceptance_rationale_missing"))
		}
	}
	if above {
		lvl, _ := c.LevelOf(r.Residual)
		switch {
		case accepting:
		case r.Treatment == "":
			fs.add(SeverityError, "above-appetite-undecided", "treatment", T("rules.above_appetite_undecided", Args{"Level": Text(lvl.Label)}))
		case len(r.OpenActions()) == 0:
			fs.add(SeverityError, "above-appetite-no-actions", "actions", T("rules.above_appetite_no_actions", Args{"Level": Text(lvl.Label)}))
		}
		if len(r.Controls) == 0 {
			fs.add(SeverityInfo, "no-controls", "controls", T("rules.no_controls"))
		}
	}
}

func checkReview(fs *findings, r *Risk, today Date) {
	if r.Status == Closed {
		return
	}
	if r.ReviewFrequency == "" {
		fs.add(SeverityWarning, "review-frequency-missing", "review_frequency", T("rules.review_frequency_missing"))
		return
	}
	if !today.IsZero() && !r.NextReview.IsZero() && r.NextReview.Before(today) {
		fs.add(SeverityWarning, "review-overdue", "next_review", N("rules.review_overdue", r.NextReview.DaysUntil(today), Args{"Date": r.NextReview}))
	}
}

func checkAction(fs *findings, i int, a *Action, today Date) {
	field := func(name string) string { return fmt.Sprintf("actions[%d].%s", i, name) }
	label := actionLabel(i, a)
	if a.Title == "" {
		fs.block("action-title-missing", field("title"), T("rules.action_title_missing", Args{"Action": label}))
	}
	if a.Status != "" && !slices.Contains(ActionStatuses, a.Status) {
		fs.block("value-unknown", field("status"), T("rules.action_status_unknown", Args{"Action": label, "Status": Quote(a.Status)}))
	}
	if a.Progress < 0 || a.Progress > 100 {
		fs.block("action-progress-range", field("progress"), T("rules.action_progress_range", Args{"Action": label, "Progress": a.Progress}))
	}
	if !a.IsOpen() {
		return
	}
	if a.Owner == "" {
		fs.add(SeverityWarning, "action-owner-missing", field("owner"), T("rules.action_owner_missing", Args{"Action": label}))
	}
	if a.Due.IsZero() {
		fs.add(SeverityWarning, "action-due-missing", field("due"), T("rules.action_due_missing", Args{"Action": label}))
	} else if a.Overdue(today) {
		fs.add(SeverityWarning, "action-overdue", field("due"), T("rules.action_overdue", Args{"Action": label, "Due": a.Due}))
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
	c := NewRegisterCheck(reg, today, nil)
	for i := range reg.Risks {
		c.Add(&reg.Risks[i])
	}
	return c.Findings()
}

// FindingCounts counts findings by severity.
type FindingCounts struct{ Errors, Warnings, Infos int }

// Count counts one finding.
func (n *FindingCounts) Count(f *Finding) {
	switch f.Severity {
	case SeverityError:
		n.Errors++
	case SeverityWarning:
		n.Warnings++
	default:
		n.Infos++
	}
}

// Of is how many findings of the severity were counted.
func (n FindingCounts) Of(s Severity) int {
	switch s {
	case SeverityError:
		return n.Errors
	case SeverityWarning:
		return n.Warnings
	}
	return n.Infos
}

// Kept gathers the findings keep wants (every one when keep is nil) and
// counts them all, kept or not: a reader that shows only some findings
// of a large workspace and counts the rest holds only those it shows.
type Kept struct {
	keep     func(*Finding) bool
	Findings []Finding
	Counts   FindingCounts
}

// NewKept gathers what keep wants; nil keeps every finding.
func NewKept(keep func(*Finding) bool) *Kept { return &Kept{keep: keep} }

// Add counts the findings and keeps those wanted. A kept finding made
// quietly (CheckQuietly) gets its message written: only what is kept is
// ever read.
func (k *Kept) Add(fs ...Finding) {
	for i := range fs {
		f := &fs[i]
		k.Counts.Count(f)
		if k.keep == nil || k.keep(f) {
			if f.Message == "" && !f.Text.IsZero() {
				f.Say(f.Text)
			}
			k.Findings = append(k.Findings, *f)
		}
	}
}

// Join adds what o kept and counted.
func (k *Kept) Join(o *Kept) {
	k.Findings = append(k.Findings, o.Findings...)
	k.Counts.Errors += o.Counts.Errors
	k.Counts.Warnings += o.Counts.Warnings
	k.Counts.Infos += o.Counts.Infos
}

// RegisterCheck is CheckRegister over risks handed one at a time, so a
// register too large to hold whole is checked as it is read: the same
// rules, the same findings in the same order.
type RegisterCheck struct {
	reg   *Register
	today Date
	out   *Kept
	known map[string]bool // the catalog's controls
	// refs counts each reference (upper-cased), firstRef keeps it as the
	// first risk wrote it, linked lists the risks of each control.
	refs     map[string]int
	firstRef map[string]string
	linked   map[string][]string
}

// NewRegisterCheck starts the check of reg's criteria, catalog and
// Statement of Applicability; its risks (reg.Risks is not read) are given
// to Add. Findings returns the findings keep wants (every one when keep is
// nil); Counts counts them all.
func NewRegisterCheck(reg *Register, today Date, keep func(*Finding) bool) *RegisterCheck {
	c := &RegisterCheck{reg: reg, today: today, out: NewKept(keep), known: map[string]bool{},
		refs: map[string]int{}, firstRef: map[string]string{}, linked: map[string][]string{}}
	if err := reg.Criteria.Validate(); err != nil {
		f := NewFinding(SeverityError, "criteria-invalid", "", "", T("rules.as_is", Args{"Text": err}))
		f.Blocking = true
		c.out.Add(f)
	}
	for _, w := range reg.Criteria.MatrixProblems() {
		c.out.Add(NewFinding(SeverityWarning, "matrix-not-monotone", "", "matrix", T("rules.matrix_not_monotone", Args{"Cell": w})))
	}
	for _, x := range reg.Catalog {
		c.known[x.ID] = true
	}
	return c
}

// Add checks one risk of the register; r is not kept.
func (c *RegisterCheck) Add(r *Risk) {
	// Quietly: the findings kept get their message (Kept.Add).
	c.out.Add(CheckQuietly(r, &c.reg.Criteria, c.today)...)
	key := strings.ToUpper(r.Ref)
	c.refs[key]++
	if _, ok := c.firstRef[key]; !ok {
		c.firstRef[key] = r.Ref
	}
	for _, id := range r.Controls {
		if !c.known[id] {
			f := NewFinding(SeverityError, "control-unknown", r.Ref, "controls", T("rules.control_unknown", Args{"Control": id}))
			f.Blocking = true
			c.out.Add(f)
		}
		c.linked[id] = append(c.linked[id], r.Ref)
	}
}

// Findings ends the check: what the risks added gave, with the rules over
// the whole register (duplicate references, the Statement of
// Applicability), sorted errors first, then by subject. Call it once.
func (c *RegisterCheck) Findings() []Finding { return c.Done().Findings }

// Done is Findings with every finding counted by severity, kept or not.
// Call it once.
func (c *RegisterCheck) Done() *Kept {
	for key, n := range c.refs {
		if n > 1 && key != "" {
			f := NewFinding(SeverityError, "reference-duplicate", c.firstRef[key], "ref", N("rules.reference_duplicate", n))
			f.Blocking = true
			c.out.Add(f)
		}
	}
	c.out.Add(checkSoA(c.reg, c.linked)...)
	SortFindings(c.out.Findings)
	return c.out
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
		out = append(out, NewFinding(SeverityInfo, "soa-undecided", "", "applicable", N("rules.soa_undecided", undecided, Args{"Total": len(reg.Catalog)})))
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
