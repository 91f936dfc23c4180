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

// Finding is something an exercise found that needs attention.
type Finding struct {
	Text     string `json:"text"`
	Severity string `json:"severity"` // low, medium or high
	// Risk is the reference of the risk the finding raised or updated.
	Risk string `json:"risk"`
}

// ImprovementAction is what the team will do about a finding.
type ImprovementAction struct {
	Title  string            `json:"title"`
	Owner  string            `json:"owner"`
	Due    risk.Date         `json:"due"`
	Status risk.ActionStatus `json:"status"`
}

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
	for i := range ex.Findings {
		f := &ex.Findings[i]
		f.Text, f.Risk = strings.TrimSpace(f.Text), strings.TrimSpace(f.Risk)
		f.Severity = strings.ToLower(strings.TrimSpace(f.Severity))
	}
	for i := range ex.Actions {
		a := &ex.Actions[i]
		a.Title, a.Owner = strings.TrimSpace(a.Title), strings.TrimSpace(a.Owner)
		if a.Status == "" {
			a.Status = risk.Planned
		}
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
	return ex
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
// error: what a store refuses to save.
func ValidateExercise(ex *Exercise) error {
	c := newChecker(&BIA{}, risk.Date{})
	c.exercise(ex, nil)
	return firstBlocking(c.out)
}

// CheckExercises applies every exercise rule: achieved recovery times
// against the BIA's RTOs, reports and improvement actions past their dates
// (judged only with a non-zero today), and playbooks whose last exercise
// date is older than the latest exercise that played them (also judged
// only with a today, which tells exercises held from exercises planned). b may be nil.
func CheckExercises(exs []Exercise, pbs []Playbook, b *BIA, today risk.Date) []risk.Finding {
	if b == nil {
		b = &BIA{}
	}
	c := newChecker(b, today)
	known := map[string]bool{}
	for _, p := range pbs {
		known[strings.ToUpper(p.Ref)] = true
	}
	for i := range exs {
		c.exercise(&exs[i], known)
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

// exercise checks one exercise; known are the upper-cased references of
// the playbooks, nil when they are not to be checked.
func (c *checker) exercise(ex *Exercise, known map[string]bool) {
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
	for _, pb := range ex.Playbooks {
		if known != nil && !known[strings.ToUpper(pb)] {
			c.add(risk.SeverityWarning, "exercise-playbook-unknown", ref, "playbooks", "playbook %s does not exist any more; pick the playbooks the exercise played", pb)
		}
	}
	for i, r := range ex.Results {
		field := func(name string) string { return fmt.Sprintf("results[%d].%s", i, name) }
		if r.Activity == "" {
			c.add(risk.SeverityWarning, "result-activity-missing", ref, field("activity"), "result %d names no activity; say which activity it measured", i+1)
			continue
		}
		a := c.activities[strings.ToUpper(r.Activity)]
		if a == nil {
			if len(c.activities) > 0 {
				c.add(risk.SeverityWarning, "result-activity-unknown", ref, field("activity"), "result %d is for activity %s, which does not exist", i+1, r.Activity)
			}
			continue
		}
		if a.RTO > 0 && r.AchievedRTO > a.RTO {
			c.add(risk.SeverityWarning, "exercise-rto-missed", ref, field("achieved_rto"),
				"%s (%s) was recovered in %s, longer than its RTO of %s; record a finding and an improvement action", a.Ref, a.Name, r.AchievedRTO, a.RTO)
		}
		if a.RPO > 0 && r.AchievedRPO > a.RPO {
			c.add(risk.SeverityWarning, "exercise-rpo-missed", ref, field("achieved_rpo"),
				"%s (%s) lost %s of data, more than its RPO of %s; record a finding and an improvement action", a.Ref, a.Name, r.AchievedRPO, a.RPO)
		}
	}
	for i, f := range ex.Findings {
		if f.Text == "" {
			c.add(risk.SeverityWarning, "finding-text-missing", ref, fmt.Sprintf("findings[%d].text", i), "finding %d says nothing; write what the exercise showed", i+1)
		}
		if f.Severity != "" && !slices.Contains(FindingSeverities, f.Severity) {
			c.block("finding-severity-unknown", ref, fmt.Sprintf("findings[%d].severity", i), "finding %d has severity %q; choose low, medium or high", i+1, f.Severity)
		}
	}
	for i, a := range ex.Actions {
		field := func(name string) string { return fmt.Sprintf("actions[%d].%s", i, name) }
		if a.Status != "" && !slices.Contains(risk.ActionStatuses, a.Status) {
			c.block("improvement-action-status-unknown", ref, field("status"), "improvement action %d has status %q; choose planned, in-progress, done or cancelled", i+1, a.Status)
		}
		if a.Title == "" {
			c.add(risk.SeverityWarning, "improvement-action-title-missing", ref, field("title"), "improvement action %d has no title; say what will be done", i+1)
		}
		if !c.today.IsZero() && a.Overdue(c.today) {
			c.add(risk.SeverityWarning, "improvement-action-overdue", ref, field("due"),
				"the improvement action %q was due on %s and is not done; finish it or set a new date", cmp.Or(a.Title, fmt.Sprint(i+1)), a.Due)
		}
	}
	if !c.today.IsZero() && ex.ReportDate.IsZero() && !ex.Date.IsZero() && c.today.After(ex.ReportDue()) {
		c.add(risk.SeverityWarning, "exercise-report-overdue", ref, "report_date",
			"the report of the exercise of %s was due on %s and is not recorded; write it and record its date", ex.Date, ex.ReportDue())
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
