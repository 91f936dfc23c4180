package bcp

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"riskbook/risk"
)

// ExerciseType is how an exercise tests a plan (ISO 22301 8.5), from
// talking it through to really failing over.
type ExerciseType string

// Exercise types, lightest first.
const (
	Tabletop    ExerciseType = "tabletop"
	Walkthrough ExerciseType = "walkthrough"
	Simulation  ExerciseType = "simulation"
	Failover    ExerciseType = "failover"
)

// ExerciseTypes lists the types in the order a form offers them.
var ExerciseTypes = []ExerciseType{Tabletop, Walkthrough, Simulation, Failover}

// ExerciseTypeName names an exercise type for people.
func ExerciseTypeName(t ExerciseType) string {
	switch t {
	case Tabletop:
		return "Tabletop"
	case Walkthrough:
		return "Walkthrough"
	case Simulation:
		return "Simulation"
	case Failover:
		return "Full failover"
	}
	return string(t)
}

// FindingSeverities are the grades of an exercise finding, least first.
var FindingSeverities = []string{"low", "medium", "high"}

// ExerciseReportDays is how long after an exercise its report is due.
const ExerciseReportDays = 90

// Inject is a scenario event the facilitator brings in during the
// exercise, At after it starts.
type Inject struct {
	At   Duration `json:"at"`
	Text string   `json:"text"`
}

// Result is what an exercise showed about one activity's recovery.
type Result struct {
	Activity    string   `json:"activity"` // ACT ref
	AchievedRTO Duration `json:"achieved_rto"`
	AchievedRPO Duration `json:"achieved_rpo"`
	Note        string   `json:"note"`
}

// Finding statuses: a finding is open until the team closes it, with the
// day it did.
const (
	FindingOpen   = "open"
	FindingClosed = "closed"
)

// FindingStatuses lists the statuses a finding can have.
var FindingStatuses = []string{FindingOpen, FindingClosed}

// Finding is something an exercise found that needs attention, tracked to
// its closure: the improvement actions that close it name its ID.
type Finding struct {
	// ID numbers the finding within its exercise (F1, F2…), so that
	// actions keep naming it when findings are reordered or removed; zero
	// until the finding is first saved.
	ID       int    `json:"id,omitzero"`
	Text     string `json:"text"`
	Severity string `json:"severity"` // low, medium or high
	// Risk is the reference of the risk the finding raised or updated.
	Risk string `json:"risk"`
	// Status is open (also when empty) or closed; Closed is the day it
	// was closed.
	Status string    `json:"status,omitempty"`
	Closed risk.Date `json:"closed,omitzero"`
}

// Label names the finding for people: F1, or "finding 1" for one not yet
// numbered (i is its position).
func (f *Finding) Label(i int) string {
	if f.ID > 0 {
		return fmt.Sprintf("F%d", f.ID)
	}
	return fmt.Sprintf("finding %d", i+1)
}

// IsClosed reports whether the team closed the finding.
func (f *Finding) IsClosed() bool { return f.Status == FindingClosed }

// ImprovementAction is what the team will do about a finding.
type ImprovementAction struct {
	Title  string            `json:"title"`
	Owner  string            `json:"owner"`
	Due    risk.Date         `json:"due"`
	Status risk.ActionStatus `json:"status"`
	// Findings are the IDs of the findings the action closes, ascending.
	Findings []int `json:"findings,omitempty"`
}

// Closes reports whether the action closes the finding with the ID.
func (a *ImprovementAction) Closes(id int) bool { return id > 0 && slices.Contains(a.Findings, id) }

// Overdue reports whether an open action's due date is before today.
func (a ImprovementAction) Overdue(today risk.Date) bool {
	return risk.Action{Due: a.Due, Status: a.Status}.Overdue(today)
}

// Exercise is one rehearsal of the playbooks (ISO 22301 8.5): what was
// played, by whom, what it achieved against the BIA's targets, what it
// found and what will be done about it.
type Exercise struct {
	ID           int64               `json:"-"`
	Ref          string              `json:"ref"` // EX-01
	Title        string              `json:"title"`
	Type         ExerciseType        `json:"type"`
	Date         risk.Date           `json:"date"`
	Playbooks    []string            `json:"playbooks"` // PB refs
	Scenario     string              `json:"scenario"`
	Injects      []Inject            `json:"injects"`
	Participants []string            `json:"participants"`
	Objectives   []string            `json:"objectives"`
	Results      []Result            `json:"results"`
	Findings     []Finding           `json:"findings"`
	Actions      []ImprovementAction `json:"actions"`
	ReportDate   risk.Date           `json:"report_date"`
	Created      time.Time           `json:"created"`
	Updated      time.Time           `json:"updated"`
}

// ReportDue is the date the exercise report is due: ExerciseReportDays
// after the exercise.
func (ex *Exercise) ReportDue() risk.Date {
	if ex.Date.IsZero() {
		return risk.Date{}
	}
	return ex.Date.AddDays(ExerciseReportDays)
}

// OpenActions counts the improvement actions neither done nor cancelled.
func (ex *Exercise) OpenActions() int {
	n := 0
	for _, a := range ex.Actions {
		if (risk.Action{Status: a.Status}).IsOpen() {
			n++
		}
	}
	return n
}

// Normalize trims names and short text, sorts and de-duplicates the
// playbook references, drops blank list entries, gives actions without a
// status the status planned, and makes empty lists nil. Prose (scenario,
// injects, notes, findings) keeps its inner lines.
func (ex *Exercise) Normalize() {
	ex.Ref, ex.Title = strings.TrimSpace(ex.Ref), strings.TrimSpace(ex.Title)
	ex.Type = ExerciseType(strings.TrimSpace(string(ex.Type)))
	ex.Playbooks = refs(ex.Playbooks)
	ex.Participants, ex.Objectives = texts(ex.Participants), texts(ex.Objectives)
	for i := range ex.Injects {
		ex.Injects[i].Text = strings.TrimSpace(ex.Injects[i].Text)
	}
	for i := range ex.Results {
		r := &ex.Results[i]
		r.Activity, r.Note = strings.TrimSpace(r.Activity), strings.TrimSpace(r.Note)
	}
	next := 1
	for _, f := range ex.Findings {
		next = max(next, f.ID+1)
	}
	for i := range ex.Findings {
		f := &ex.Findings[i]
		f.Text, f.Risk = strings.TrimSpace(f.Text), strings.TrimSpace(f.Risk)
		f.Severity = strings.ToLower(strings.TrimSpace(f.Severity))
		f.Status = strings.ToLower(strings.TrimSpace(f.Status))
		if f.Status == FindingOpen {
			f.Status = "" // open is the default, stored as nothing
		}
		if f.ID <= 0 {
			f.ID, next = next, next+1
		}
	}
	for i := range ex.Actions {
		a := &ex.Actions[i]
		a.Title, a.Owner = strings.TrimSpace(a.Title), strings.TrimSpace(a.Owner)
		if a.Status == "" {
			a.Status = risk.Planned
		}
		slices.Sort(a.Findings)
		a.Findings = nilIfEmpty(slices.Compact(a.Findings))
	}
	ex.Injects = nilIfEmpty(ex.Injects)
	ex.Results = nilIfEmpty(ex.Results)
	ex.Findings = nilIfEmpty(ex.Findings)
	ex.Actions = nilIfEmpty(ex.Actions)
}

// Clone returns a deep copy of ex.
func (ex Exercise) Clone() Exercise {
	ex.Playbooks = slices.Clone(ex.Playbooks)
	ex.Injects = slices.Clone(ex.Injects)
	ex.Participants = slices.Clone(ex.Participants)
	ex.Objectives = slices.Clone(ex.Objectives)
	ex.Results = slices.Clone(ex.Results)
	ex.Findings = slices.Clone(ex.Findings)
	ex.Actions = slices.Clone(ex.Actions)
	for i := range ex.Actions {
		ex.Actions[i].Findings = slices.Clone(ex.Actions[i].Findings)
	}
	return ex
}

// AddFinding appends f as a new finding with the next free number.
func (ex *Exercise) AddFinding(f Finding) {
	f.ID = 1
	for _, x := range ex.Findings {
		f.ID = max(f.ID, x.ID+1)
	}
	ex.Findings = append(ex.Findings, f)
}

// RemoveFinding removes finding i and the actions' links to it: an action
// no longer closes a finding that is gone.
func (ex *Exercise) RemoveFinding(i int) {
	id := ex.Findings[i].ID
	ex.Findings = slices.Delete(ex.Findings, i, i+1)
	for j := range ex.Actions {
		a := &ex.Actions[j]
		a.Findings = nilIfEmpty(slices.DeleteFunc(a.Findings, func(f int) bool { return f == id }))
	}
}

// Closing returns the improvement actions that close finding i.
func (ex *Exercise) Closing(i int) []ImprovementAction {
	var out []ImprovementAction
	for _, a := range ex.Actions {
		if a.Closes(ex.Findings[i].ID) {
			out = append(out, a)
		}
	}
	return out
}

// FindingState is where a finding stands on its way to closure.
type FindingState string

// Finding states, as the exports and the dashboard show them.
const (
	// StateOpen: nothing closes it yet, or its actions are under way.
	StateOpen FindingState = "open"
	// StateOverdue: open, and an action that closes it is past its due
	// date.
	StateOverdue FindingState = "overdue"
	// StateReady: open, but every action that closes it is finished.
	StateReady FindingState = "ready to close"
	// StateClosed: the team closed it.
	StateClosed FindingState = "closed"
)

// State says where finding i stands on today (a zero today never makes
// it overdue).
func (ex *Exercise) State(i int, today risk.Date) FindingState {
	if ex.Findings[i].IsClosed() {
		return StateClosed
	}
	closing := ex.Closing(i)
	finished := len(closing) > 0
	for _, a := range closing {
		if !today.IsZero() && a.Overdue(today) {
			return StateOverdue
		}
		finished = finished && !(risk.Action{Status: a.Status}).IsOpen()
	}
	if finished {
		return StateReady
	}
	return StateOpen
}

// LatestExercises maps each playbook's upper-cased reference to the date
// of the latest exercise that played it.
func LatestExercises(exs []Exercise) map[string]risk.Date {
	out := map[string]risk.Date{}
	for _, ex := range exs {
		for _, pb := range ex.Playbooks {
			key := strings.ToUpper(pb)
			if d := out[key]; d.IsZero() || d.Before(ex.Date) {
				out[key] = ex.Date
			}
		}
	}
	return out
}

// FindingRisk drafts the new risk a finding of ex raises: titled after the
// finding, its source the exercise, open, with strong (B) evidence — the
// team saw it happen. The store gives it its reference.
func FindingRisk(f Finding, ex *Exercise) risk.Risk {
	text := strings.TrimSpace(f.Text)
	title, _, _ := strings.Cut(text, "\n")
	title = strings.TrimRight(strings.TrimSpace(title), ".")
	if r := []rune(title); len(r) > 120 {
		title = strings.TrimSpace(string(r[:119])) + "…"
	}
	source := "Exercise " + ex.Ref
	if !ex.Date.IsZero() {
		source += " on " + ex.Date.String()
	}
	desc := text
	if ex.Title != "" {
		desc = fmt.Sprintf("Found in exercise %s (%s, %s): %s", ex.Ref, ex.Title, strings.ToLower(ExerciseTypeName(ex.Type)), text)
	}
	return risk.Risk{Title: title, Description: desc, Source: source, Status: risk.Open, Confidence: risk.ConfidenceB}
}

// ValidateExercise returns the first blocking finding about ex as an
// error: what a store refuses to save whatever the record held before.
// AdmitExercise adds the dates and references a save may not bring in.
func ValidateExercise(ex *Exercise) error {
	c := newChecker(&BIA{}, risk.Date{})
	c.exercise(ex)
	return firstBlocking(c.out)
}

// CheckExercises applies every exercise rule: achieved recovery times
// against the BIA's RTOs, dates that cannot be and reports and improvement
// actions past their dates (judged only with a non-zero today), findings
// on their way to closure, references to playbooks, activities and
// resources that do not exist, and playbooks whose last exercise date is
// older than the latest exercise that played them (also judged only with
// a today, which tells exercises held from exercises planned). b may be
// nil; then results are not judged against activities and resources. The
// risks findings raised are judged by the whole-workspace check, which
// knows the register.
func CheckExercises(exs []Exercise, pbs []Playbook, b *BIA, today risk.Date) []risk.Finding {
	return checkExercises(exs, pbs, b, refsOf(pbs, b), today)
}

func checkExercises(exs []Exercise, pbs []Playbook, b *BIA, refs *Refs, today risk.Date) []risk.Finding {
	if b == nil {
		b = &BIA{}
	}
	c := newChecker(b, today)
	c.refs = refs
	for i := range exs {
		c.exercise(&exs[i])
	}
	latest := LatestExercises(exs)
	for _, p := range pbs {
		d, ok := latest[strings.ToUpper(p.Ref)]
		if c.today.IsZero() || d.After(c.today) {
			ok = false // a planned exercise has not exercised anything yet
		}
		if ok && !d.IsZero() && (p.LastExercised.IsZero() || p.LastExercised.Before(d)) {
			c.add(risk.SeverityInfo, "playbook-exercise-date-stale", p.Ref, "last_exercised",
				"the playbook was exercised on %s, but its last exercise date says %s; update it", d, orNever(p.LastExercised))
		}
	}
	risk.SortFindings(c.out)
	return c.out
}

func orNever(d risk.Date) string {
	if d.IsZero() {
		return "never"
	}
	return d.String()
}

// exercise checks one exercise.
func (c *checker) exercise(ex *Exercise) {
	ref := ex.Ref
	if ref == "" {
		ref = "(no reference)"
		c.block("exercise-reference-missing", ref, "ref", "the exercise has no reference; give it one such as EX-01")
	}
	c.recorded(ref, ex.recorded()...)
	if ex.Title == "" {
		c.block("exercise-title-missing", ref, "title", "the exercise has no title; name it, e.g. Tabletop: DDoS on the name servers")
	}
	switch {
	case ex.Type == "":
		c.block("exercise-type-missing", ref, "type", "the exercise has no type; choose tabletop, walkthrough, simulation or failover")
	case !slices.Contains(ExerciseTypes, ex.Type):
		c.block("exercise-type-unknown", ref, "type", "exercise type %q is not one of tabletop, walkthrough, simulation, failover", ex.Type)
	}
	if ex.Date.IsZero() {
		c.block("exercise-date-missing", ref, "date", "the exercise has no date; say when it took place or is planned")
	}
	for i, pb := range ex.Playbooks {
		if !c.refs.Has(RefPlaybook, pb) {
			c.guard("exercise-playbook-unknown", ref, fmt.Sprintf("playbooks[%d]", i),
				"playbook %s does not exist (deleted, or never there); pick the playbooks the exercise played", pb)
		}
	}
	c.exerciseDates(ref, ex)
	c.results(ref, ex)
	c.findings(ref, ex)
	c.improvementActions(ref, ex)
	if !c.today.IsZero() && ex.ReportDate.IsZero() && !ex.Date.IsZero() && c.today.After(ex.ReportDue()) {
		c.add(risk.SeverityWarning, "exercise-report-overdue", ref, "report_date",
			"the report of the exercise of %s was due on %s and is not recorded; write it and record its date", ex.Date, ex.ReportDue())
	}
}

// exerciseDates refuses what an exercise cannot hold: results, findings,
// finished actions or a report before it took place, a report dated
// before the exercise or in the future.
func (c *checker) exerciseDates(ref string, ex *Exercise) {
	if ex.Date.InFuture(c.today) {
		var held []string
		if len(ex.Results) > 0 {
			held = append(held, "results")
		}
		if len(ex.Findings) > 0 {
			held = append(held, "findings")
		}
		if slices.ContainsFunc(ex.Actions, func(a ImprovementAction) bool { return a.Status == risk.Done }) {
			held = append(held, "finished improvement actions")
		}
		if !ex.ReportDate.IsZero() {
			held = append(held, "a report")
		}
		if len(held) > 0 {
			c.guard("exercise-not-held-yet", ref, "date",
				"the exercise is dated %s, which has not come yet, but it already records %s; record them after the exercise, or correct its date",
				ex.Date, joinAnd(held))
		}
	}
	switch {
	case ex.ReportDate.IsZero():
	case !ex.Date.IsZero() && ex.ReportDate.Before(ex.Date):
		c.guard("exercise-report-before-exercise", ref, "report_date",
			"the report is dated %s, before the exercise on %s; a report comes after the exercise it reports on", ex.ReportDate, ex.Date)
	case ex.ReportDate.InFuture(c.today):
		c.guard("exercise-report-in-future", ref, "report_date",
			"the report is dated %s, which has not come yet; record its date once it is written", ex.ReportDate)
	}
}

// joinAnd joins words as a sentence does: "a, b and c".
func joinAnd(words []string) string {
	if len(words) < 2 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:len(words)-1], ", ") + " and " + words[len(words)-1]
}

// results judges what the exercise achieved against the BIA: an activity
// against its RTO and RPO, an ICT system against what it is recorded to
// achieve.
func (c *checker) results(ref string, ex *Exercise) {
	for i, r := range ex.Results {
		field := func(name string) string { return fmt.Sprintf("results[%d].%s", i, name) }
		if r.Activity == "" {
			c.add(risk.SeverityWarning, "result-activity-missing", ref, field("activity"), "result %d names no activity; say which activity it measured", i+1)
			continue
		}
		if !c.refs.Has(RefActivity, r.Activity) && !c.refs.Has(RefResource, r.Activity) {
			c.guard("result-activity-unknown", ref, field("activity"),
				"result %d is for %s, which is neither an activity nor a resource (deleted, or never there); pick what the exercise measured", i+1, r.Activity)
			continue
		}
		missed := func(rule, field, name string, achieved, target Duration, format string) {
			if target > 0 && achieved > target {
				c.add(risk.SeverityWarning, rule, ref, field, format, name, achieved, target)
			}
		}
		if a := c.activities[strings.ToUpper(r.Activity)]; a != nil {
			name := a.Ref + " (" + a.Name + ")"
			missed("exercise-rto-missed", field("achieved_rto"), name, r.AchievedRTO, a.RTO,
				"%s was recovered in %s, longer than its RTO of %s; record a finding and an improvement action")
			missed("exercise-rpo-missed", field("achieved_rpo"), name, r.AchievedRPO, a.RPO,
				"%s lost %s of data, more than its RPO of %s; record a finding and an improvement action")
		}
		if x := c.resources[strings.ToUpper(r.Activity)]; x != nil {
			name := x.Ref + " (" + x.Name + ")"
			missed("exercise-achievable-rto-missed", field("achieved_rto"), name, r.AchievedRTO, x.AchievableRTO,
				"%s was recovered in %s, longer than the %s recorded as achievable; correct the resource's achievable RTO or record an improvement action")
			missed("exercise-achievable-rpo-missed", field("achieved_rpo"), name, r.AchievedRPO, x.AchievableRPO,
				"%s lost %s of data, more than the %s recorded as achievable; correct the resource's achievable RPO or record an improvement action")
		}
	}
}

// findings judges each finding and its way to closure.
func (c *checker) findings(ref string, ex *Exercise) {
	ids := map[int]int{}
	for i, f := range ex.Findings {
		field := func(name string) string { return fmt.Sprintf("findings[%d].%s", i, name) }
		label := f.Label(i)
		if f.ID > 0 {
			if ids[f.ID]++; ids[f.ID] == 2 {
				c.block("finding-id-duplicate", ref, field("id"), "two findings are numbered %s; give each its own number", label)
			}
		}
		if f.Text == "" {
			c.add(risk.SeverityWarning, "finding-text-missing", ref, field("text"), "%s says nothing; write what the exercise showed", label)
		}
		if f.Severity != "" && !slices.Contains(FindingSeverities, f.Severity) {
			c.block("finding-severity-unknown", ref, field("severity"), "%s has severity %q; choose low, medium or high", label, f.Severity)
		}
		if f.Status != "" && !slices.Contains(FindingStatuses, f.Status) {
			c.block("finding-status-unknown", ref, field("status"), "%s has status %q; choose open or closed", label, f.Status)
		}
		if f.Risk != "" && !c.refs.Has(RefRisk, f.Risk) {
			c.guard("finding-risk-unknown", ref, field("risk"),
				"%s names risk %s, which does not exist (deleted, or never there); pick the risk it raised or clear it", label, f.Risk)
		}
		closing := ex.Closing(i)
		switch {
		case f.IsClosed():
			for _, a := range closing {
				if (risk.Action{Status: a.Status}).IsOpen() {
					c.add(risk.SeverityError, "finding-closed-action-open", ref, field("status"),
						"%s is closed, but the improvement action %q that closes it is still %s; finish the action or reopen the finding", label, a.Title, a.Status)
				}
			}
			if f.Closed.IsZero() {
				c.add(risk.SeverityWarning, "finding-closed-undated", ref, field("closed"), "%s is closed without the day it was closed; record it", label)
			}
		case !f.Closed.IsZero():
			c.add(risk.SeverityWarning, "finding-open-with-closing-date", ref, field("status"),
				"%s has a closing date (%s) but is still open; close it or clear the date", label, f.Closed)
		case len(closing) == 0 && f.Risk == "" && f.Text != "":
			c.add(risk.SeverityWarning, "finding-unaddressed", ref, field("text"),
				"%s is open with no improvement action to close it and no risk raised; add an action that closes it, or raise a risk", label)
		default:
			switch ex.State(i, c.today) {
			case StateOverdue:
				c.add(risk.SeverityWarning, "finding-overdue", ref, field("status"),
					"%s is open and an improvement action that closes it is past its due date; finish the action or set a new date", label)
			case StateReady:
				c.add(risk.SeverityInfo, "finding-ready-to-close", ref, field("status"),
					"every improvement action that closes %s is finished; close the finding and record the day", label)
			}
		}
		if !f.Closed.IsZero() {
			switch {
			case !ex.Date.IsZero() && f.Closed.Before(ex.Date):
				c.guard("finding-closed-before-exercise", ref, field("closed"),
					"%s is closed on %s, before the exercise on %s found it; correct the date", label, f.Closed, ex.Date)
			case f.Closed.InFuture(c.today):
				c.guard("finding-closed-in-future", ref, field("closed"),
					"%s is closed on %s, which has not come yet; record the closure once it happens", label, f.Closed)
			}
		}
	}
}

// improvementActions judges the actions: their status, their dates and
// the findings they close.
func (c *checker) improvementActions(ref string, ex *Exercise) {
	ids := map[int]bool{}
	for _, f := range ex.Findings {
		ids[f.ID] = true
	}
	for i, a := range ex.Actions {
		field := func(name string) string { return fmt.Sprintf("actions[%d].%s", i, name) }
		name := cmp.Or(a.Title, fmt.Sprint(i+1))
		if a.Status != "" && !slices.Contains(risk.ActionStatuses, a.Status) {
			c.block("improvement-action-status-unknown", ref, field("status"), "improvement action %d has status %q; choose planned, in-progress, done or cancelled", i+1, a.Status)
		}
		if a.Title == "" {
			c.add(risk.SeverityWarning, "improvement-action-title-missing", ref, field("title"), "improvement action %d has no title; say what will be done", i+1)
		}
		for _, id := range a.Findings {
			if !ids[id] {
				c.guard("improvement-action-finding-unknown", ref, field("findings"),
					"the improvement action %q closes finding F%d, which the exercise does not have; pick one of its findings", name, id)
			}
		}
		switch {
		case !a.Due.IsZero() && !ex.Date.IsZero() && a.Due.Before(ex.Date):
			c.guard("improvement-action-due-before-exercise", ref, field("due"),
				"the improvement action %q is due on %s, before the exercise on %s that called for it; correct the due date", name, a.Due, ex.Date)
		case !c.today.IsZero() && a.Overdue(c.today):
			c.add(risk.SeverityWarning, "improvement-action-overdue", ref, field("due"),
				"the improvement action %q was due on %s and is not done; finish it or set a new date", name, a.Due)
		}
	}
}

// CanRaise says whether finding i of ex may raise a risk: it must exist,
// not have raised one already, and say something.
func (ex *Exercise) CanRaise(i int) error {
	switch {
	case i < 0 || i >= len(ex.Findings):
		return risk.Errorf(risk.ENOTFOUND, "%s has no finding %d; it may have been removed.", ex.Ref, i+1)
	case ex.Findings[i].Risk != "":
		return risk.Errorf(risk.ECONFLICT, "Finding %d of %s already raised risk %s; open that risk to update it.", i+1, ex.Ref, ex.Findings[i].Risk)
	case strings.TrimSpace(ex.Findings[i].Text) == "":
		return risk.Errorf(risk.EINVALID, "Finding %d of %s says nothing yet; write what the exercise showed before raising a risk from it.", i+1, ex.Ref)
	}
	return nil
}
