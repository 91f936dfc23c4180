package bcp

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"riskbook/i18n"
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
func ExerciseTypeName(t ExerciseType) string { return ExerciseTypeText(t).In(i18n.Default()) }

// ExerciseTypeText is ExerciseTypeName in any language.
func ExerciseTypeText(t ExerciseType) risk.Localizer {
	switch t {
	case Tabletop:
		return risk.T("rules.bcp.exercise_type.tabletop")
	case Walkthrough:
		return risk.T("rules.bcp.exercise_type.walkthrough")
	case Simulation:
		return risk.T("rules.bcp.exercise_type.simulation")
	case Failover:
		return risk.T("rules.bcp.exercise_type.failover")
	}
	return risk.Text(string(t))
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
func (f *Finding) Label(i int) string { return f.LabelText(i).In(i18n.Default()) }

// LabelText is Label in any language.
func (f *Finding) LabelText(i int) risk.Localizer {
	if f.ID > 0 {
		return risk.Text(fmt.Sprintf("F%d", f.ID))
	}
	return risk.T("rules.bcp.finding_numbered", risk.Args{"N": i + 1})
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
	// The risk's texts are written in the language of the person who
	// raises it, as if they had typed them.
	source := i18n.T("rules.bcp.finding_risk.source", risk.Args{"Ref": ex.Ref})
	if !ex.Date.IsZero() {
		source = i18n.T("rules.bcp.finding_risk.source_dated", risk.Args{"Ref": ex.Ref, "Date": ex.Date})
	}
	desc := text
	if ex.Title != "" {
		desc = i18n.T("rules.bcp.finding_risk.description", risk.Args{"Ref": ex.Ref, "Title": ex.Title,
			"Type": strings.ToLower(ExerciseTypeName(ex.Type)), "Text": text})
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
			c.add(risk.SeverityInfo, "playbook-exercise-date-stale", p.Ref, "last_exercised", orNever(d, p.LastExercised))
		}
	}
	risk.SortFindings(c.out)
	return c.out
}

// orNever is the finding about a playbook exercised on d whose last
// exercise date says last, which may be none.
func orNever(d, last risk.Date) risk.Msg {
	if last.IsZero() {
		return risk.T("rules.bcp.playbook_exercise_date_never", risk.Args{"Date": d})
	}
	return risk.T("rules.bcp.playbook_exercise_date_stale", risk.Args{"Date": d, "Last": last})
}

// exercise checks one exercise.
func (c *checker) exercise(ex *Exercise) {
	ref := ex.Ref
	if ref == "" {
		ref = risk.NoRef()
		c.block("exercise-reference-missing", ref, "ref", risk.T("rules.bcp.exercise_reference_missing"))
	}
	c.recorded(ref, ex.recorded()...)
	if ex.Title == "" {
		c.block("exercise-title-missing", ref, "title", risk.T("rules.bcp.exercise_title_missing"))
	}
	switch {
	case ex.Type == "":
		c.block("exercise-type-missing", ref, "type", risk.T("rules.bcp.exercise_type_missing"))
	case !slices.Contains(ExerciseTypes, ex.Type):
		c.block("exercise-type-unknown", ref, "type", risk.T("rules.bcp.exercise_type_unknown", risk.Args{"Type": risk.Quote(ex.Type)}))
	}
	if ex.Date.IsZero() {
		c.block("exercise-date-missing", ref, "date", risk.T("rules.bcp.exercise_date_missing"))
	}
	for i, pb := range ex.Playbooks {
		if !c.refs.Has(RefPlaybook, pb) {
			c.guard("exercise-playbook-unknown", ref, fmt.Sprintf("playbooks[%d]", i),
				risk.T("rules.bcp.exercise_playbook_unknown", risk.Args{"Ref": pb}))
		}
	}
	c.exerciseDates(ref, ex)
	c.results(ref, ex)
	c.findings(ref, ex)
	c.improvementActions(ref, ex)
	if !c.today.IsZero() && ex.ReportDate.IsZero() && !ex.Date.IsZero() && c.today.After(ex.ReportDue()) {
		c.add(risk.SeverityWarning, "exercise-report-overdue", ref, "report_date",
			risk.T("rules.bcp.exercise_report_overdue", risk.Args{"Date": ex.Date, "Due": ex.ReportDue()}))
	}
}

// exerciseDates refuses what an exercise cannot hold: results, findings,
// finished actions or a report before it took place, a report dated
// before the exercise or in the future.
func (c *checker) exerciseDates(ref string, ex *Exercise) {
	if ex.Date.InFuture(c.today) {
		var held []risk.Localizer
		if len(ex.Results) > 0 {
			held = append(held, risk.T("rules.bcp.held.results"))
		}
		if len(ex.Findings) > 0 {
			held = append(held, risk.T("rules.bcp.held.findings"))
		}
		if slices.ContainsFunc(ex.Actions, func(a ImprovementAction) bool { return a.Status == risk.Done }) {
			held = append(held, risk.T("rules.bcp.held.finished_actions"))
		}
		if !ex.ReportDate.IsZero() {
			held = append(held, risk.T("rules.bcp.held.report"))
		}
		if len(held) > 0 {
			c.guard("exercise-not-held-yet", ref, "date",
				risk.T("rules.bcp.exercise_not_held_yet", risk.Args{"Date": ex.Date, "Held": risk.And(held...)}))
		}
	}
	switch {
	case ex.ReportDate.IsZero():
	case !ex.Date.IsZero() && ex.ReportDate.Before(ex.Date):
		c.guard("exercise-report-before-exercise", ref, "report_date",
			risk.T("rules.bcp.exercise_report_before_exercise", risk.Args{"Date": ex.ReportDate, "Exercise": ex.Date}))
	case ex.ReportDate.InFuture(c.today):
		c.guard("exercise-report-in-future", ref, "report_date",
			risk.T("rules.bcp.exercise_report_in_future", risk.Args{"Date": ex.ReportDate}))
	}
}

// joinAnd joins references as a sentence does: "a, b and c".
func joinAnd(words []string) risk.Localizer {
	ls := make([]risk.Localizer, len(words))
	for i, w := range words {
		ls[i] = risk.Text(w)
	}
	return risk.And(ls...)
}

// results judges what the exercise achieved against the BIA: an activity
// against its RTO and RPO, an ICT system against what it is recorded to
// achieve.
func (c *checker) results(ref string, ex *Exercise) {
	for i, r := range ex.Results {
		field := func(name string) string { return fmt.Sprintf("results[%d].%s", i, name) }
		if r.Activity == "" {
			c.add(risk.SeverityWarning, "result-activity-missing", ref, field("activity"), risk.T("rules.bcp.result_activity_missing", risk.Args{"N": i + 1}))
			continue
		}
		if !c.refs.Has(RefActivity, r.Activity) && !c.refs.Has(RefResource, r.Activity) {
			c.guard("result-activity-unknown", ref, field("activity"),
				risk.T("rules.bcp.result_activity_unknown", risk.Args{"N": i + 1, "Ref": r.Activity}))
			continue
		}
		missed := func(rule, field, what, name string, achieved, target Duration, m func(risk.Args) risk.Msg) {
			if target > 0 && achieved > target {
				c.add(risk.SeverityWarning, rule, ref, field, m(risk.Args{"Ref": what, "Name": name, "Achieved": achieved, "Target": target}))
			}
		}
		if a := c.activities[strings.ToUpper(r.Activity)]; a != nil {
			missed("exercise-rto-missed", field("achieved_rto"), a.Ref, a.Name, r.AchievedRTO, a.RTO,
				func(args risk.Args) risk.Msg { return risk.T("rules.bcp.exercise_rto_missed", args) })
			missed("exercise-rpo-missed", field("achieved_rpo"), a.Ref, a.Name, r.AchievedRPO, a.RPO,
				func(args risk.Args) risk.Msg { return risk.T("rules.bcp.exercise_rpo_missed", args) })
		}
		if x := c.resources[strings.ToUpper(r.Activity)]; x != nil {
			missed("exercise-achievable-rto-missed", field("achieved_rto"), x.Ref, x.Name, r.AchievedRTO, x.AchievableRTO,
				func(args risk.Args) risk.Msg { return risk.T("rules.bcp.exercise_achievable_rto_missed", args) })
			missed("exercise-achievable-rpo-missed", field("achieved_rpo"), x.Ref, x.Name, r.AchievedRPO, x.AchievableRPO,
				func(args risk.Args) risk.Msg { return risk.T("rules.bcp.exercise_achievable_rpo_missed", args) })
		}
	}
}

// findings judges each finding and its way to closure.
func (c *checker) findings(ref string, ex *Exercise) {
	ids := map[int]int{}
	for i, f := range ex.Findings {
		field := func(name string) string { return fmt.Sprintf("findings[%d].%s", i, name) }
		label := f.LabelText(i)

		if f.ID > 0 {
			if ids[f.ID]++; ids[f.ID] == 2 {
				c.block("finding-id-duplicate", ref, field("id"), risk.T("rules.bcp.finding_id_duplicate", risk.Args{"Finding": label}))
			}
		}
		if f.Text == "" {
			c.add(risk.SeverityWarning, "finding-text-missing", ref, field("text"), risk.T("rules.bcp.finding_text_missing", risk.Args{"Finding": label}))
		}
		if f.Severity != "" && !slices.Contains(FindingSeverities, f.Severity) {
			c.block("finding-severity-unknown", ref, field("severity"), risk.T("rules.bcp.finding_severity_unknown", risk.Args{"Finding": label, "Severity": risk.Quote(f.Severity)}))
		}
		if f.Status != "" && !slices.Contains(FindingStatuses, f.Status) {
			c.block("finding-status-unknown", ref, field("status"), risk.T("rules.bcp.finding_status_unknown", risk.Args{"Finding": label, "Status": risk.Quote(f.Status)}))
		}
		if f.Risk != "" && !c.refs.Has(RefRisk, f.Risk) {
			c.guard("finding-risk-unknown", ref, field("risk"),
				risk.T("rules.bcp.finding_risk_unknown", risk.Args{"Finding": label, "Risk": f.Risk}))
		}
		closing := ex.Closing(i)
		switch {
		case f.IsClosed():
			for _, a := range closing {
				if (risk.Action{Status: a.Status}).IsOpen() {
					c.add(risk.SeverityError, "finding-closed-action-open", ref, field("status"),
						risk.T("rules.bcp.finding_closed_action_open", risk.Args{"Finding": label, "Action": risk.Quote(a.Title), "Status": risk.ActionStatusText(a.Status)}))
				}
			}
			if f.Closed.IsZero() {
				c.add(risk.SeverityWarning, "finding-closed-undated", ref, field("closed"), risk.T("rules.bcp.finding_closed_undated", risk.Args{"Finding": label}))
			}
		case !f.Closed.IsZero():
			c.add(risk.SeverityWarning, "finding-open-with-closing-date", ref, field("status"),
				risk.T("rules.bcp.finding_open_with_closing_date", risk.Args{"Finding": label, "Date": f.Closed}))
		case len(closing) == 0 && f.Risk == "" && f.Text != "":
			c.add(risk.SeverityWarning, "finding-unaddressed", ref, field("text"),
				risk.T("rules.bcp.finding_unaddressed", risk.Args{"Finding": label}))
		default:
			switch ex.State(i, c.today) {
			case StateOverdue:
				c.add(risk.SeverityWarning, "finding-overdue", ref, field("status"),
					risk.T("rules.bcp.finding_overdue", risk.Args{"Finding": label}))
			case StateReady:
				c.add(risk.SeverityInfo, "finding-ready-to-close", ref, field("status"),
					risk.T("rules.bcp.finding_ready_to_close", risk.Args{"Finding": label}))
			}
		}
		if !f.Closed.IsZero() {
			switch {
			case !ex.Date.IsZero() && f.Closed.Before(ex.Date):
				c.guard("finding-closed-before-exercise", ref, field("closed"),
					risk.T("rules.bcp.finding_closed_before_exercise", risk.Args{"Finding": label, "Date": f.Closed, "Exercise": ex.Date}))
			case f.Closed.InFuture(c.today):
				c.guard("finding-closed-in-future", ref, field("closed"),
					risk.T("rules.bcp.finding_closed_in_future", risk.Args{"Finding": label, "Date": f.Closed}))
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
		var name risk.Localizer = risk.Quote(a.Title)
		if a.Title == "" {
			name = risk.Quote(fmt.Sprint(i + 1))
		}
		if a.Status != "" && !slices.Contains(risk.ActionStatuses, a.Status) {
			c.block("improvement-action-status-unknown", ref, field("status"), risk.T("rules.bcp.improvement_action_status_unknown", risk.Args{"N": i + 1, "Status": risk.Quote(a.Status)}))
		}
		if a.Title == "" {
			c.add(risk.SeverityWarning, "improvement-action-title-missing", ref, field("title"), risk.T("rules.bcp.improvement_action_title_missing", risk.Args{"N": i + 1}))
		}
		for _, id := range a.Findings {
			if !ids[id] {
				c.guard("improvement-action-finding-unknown", ref, field("findings"),
					risk.T("rules.bcp.improvement_action_finding_unknown", risk.Args{"Action": name, "Finding": fmt.Sprintf("F%d", id)}))
			}
		}
		switch {
		case !a.Due.IsZero() && !ex.Date.IsZero() && a.Due.Before(ex.Date):
			c.guard("improvement-action-due-before-exercise", ref, field("due"),
				risk.T("rules.bcp.improvement_action_due_before_exercise", risk.Args{"Action": name, "Due": a.Due, "Exercise": ex.Date}))
		case !c.today.IsZero() && a.Overdue(c.today):
			c.add(risk.SeverityWarning, "improvement-action-overdue", ref, field("due"),
				risk.T("rules.bcp.improvement_action_overdue", risk.Args{"Action": name, "Due": a.Due}))
		}
	}
}

// CanRaise says whether finding i of ex may raise a risk: it must exist,
// not have raised one already, and say something.
func (ex *Exercise) CanRaise(i int) error {
	switch {
	case i < 0 || i >= len(ex.Findings):
		return risk.Err(risk.ENOTFOUND, risk.T("rules.bcp.no_such_finding", risk.Args{"Ref": ex.Ref, "N": i + 1}))
	case ex.Findings[i].Risk != "":
		return risk.Err(risk.ECONFLICT, risk.T("rules.bcp.finding_already_raised", risk.Args{"N": i + 1, "Ref": ex.Ref, "Risk": ex.Findings[i].Risk}))
	case strings.TrimSpace(ex.Findings[i].Text) == "":
		return risk.Err(risk.EINVALID, risk.T("rules.bcp.finding_empty", risk.Args{"N": i + 1, "Ref": ex.Ref}))
	}
	return nil
}
