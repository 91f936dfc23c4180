package bcp

import (
	"fmt"
	"time"

	"riskbook/risk"
)

// The durations and dates of a record must be what Riskbook can write down
// and read back: a duration is whole minutes from zero up to ten years
// (what ParseDuration reads), a date a day of the calendar (not 31
// February). These rules block: a store refuses a record that breaks one,
// and an editor shows why next to the field.

// recorded is one duration or date of a record: the field its findings are
// shown at and what a sentence calls it ("RTO", "approval date").
type recorded struct {
	field    string
	what     risk.Msg
	duration Duration
	date     risk.Date
	isDate   bool
}

// durationAt is a duration of a record, for checker.recorded.
func durationAt(field string, what risk.Msg, d Duration) recorded {
	return recorded{field: field, what: what, duration: d}
}

// dateAt is a date of a record, for checker.recorded.
func dateAt(field string, what risk.Msg, d risk.Date) recorded {
	return recorded{field: field, what: what, date: d, isDate: true}
}

// recorded blocks the durations and dates of the record ref that cannot be
// recorded.
func (c *checker) recorded(ref string, vs ...recorded) {
	for _, v := range vs {
		switch {
		case v.isDate && !v.date.Valid():
			c.block("date-not-calendar", ref, v.field, risk.T("rules.bcp.date_not_calendar", risk.Args{"What": v.what,
				"Date": fmt.Sprintf("%04d-%02d-%02d", v.date.Year, v.date.Month, v.date.Day)}))
		case v.isDate:
		case v.duration < 0:
			c.block("duration-negative", ref, v.field, risk.T("rules.bcp.duration_negative", risk.Args{"What": v.what}))
		case time.Duration(v.duration).Round(time.Minute) > maxDuration:
			c.block("duration-too-long", ref, v.field, risk.T("rules.bcp.duration_too_long", risk.Args{"What": v.what, "Duration": v.duration}))
		}
	}
}

func (a *Activity) recorded() []recorded {
	return []recorded{durationAt("mtpd_override", risk.T("rules.bcp.what.mtpd"), a.MTPDOverride), durationAt("rto", risk.T("rules.bcp.what.rto"), a.RTO),
		durationAt("rpo", risk.T("rules.bcp.what.rpo"), a.RPO), dateAt("approved", risk.T("rules.bcp.what.approval_date"), a.Approved)}
}

func (r *Resource) recorded() []recorded {
	return []recorded{durationAt("achievable_rto", risk.T("rules.bcp.what.achievable_rto"), r.AchievableRTO),
		durationAt("achievable_rpo", risk.T("rules.bcp.what.achievable_rpo"), r.AchievableRPO),
		durationAt("backup_interval", risk.T("rules.bcp.what.backup_interval"), r.BackupInterval),
		durationAt("contract_rto", risk.T("rules.bcp.what.contract_rto"), r.ContractRTO),
		dateAt("capacity_confirmed", risk.T("rules.bcp.what.capacity_confirmed"), r.CapacityConfirmed)}
}

func (ex *Exercise) recorded() []recorded {
	vs := []recorded{dateAt("date", risk.T("rules.bcp.what.exercise_date"), ex.Date), dateAt("report_date", risk.T("rules.bcp.what.report_date"), ex.ReportDate)}
	for i, in := range ex.Injects {
		vs = append(vs, durationAt("injects", risk.T("rules.bcp.what.inject_time", risk.Args{"N": i + 1}), in.At))
	}
	for i, r := range ex.Results {
		vs = append(vs, durationAt(fmt.Sprintf("results[%d].achieved_rto", i), risk.T("rules.bcp.what.achieved_rto", risk.Args{"N": i + 1}), r.AchievedRTO),
			durationAt(fmt.Sprintf("results[%d].achieved_rpo", i), risk.T("rules.bcp.what.achieved_rpo", risk.Args{"N": i + 1}), r.AchievedRPO))
	}
	for i, a := range ex.Actions {
		vs = append(vs, dateAt(fmt.Sprintf("actions[%d].due", i), risk.T("rules.bcp.what.action_due", risk.Args{"N": i + 1}), a.Due))
	}
	return vs
}

func (p *Playbook) recorded() []recorded {
	vs := []recorded{dateAt("approved", risk.T("rules.bcp.what.approval_date"), p.Approved), dateAt("last_exercised", risk.T("rules.bcp.what.last_exercised"), p.LastExercised)}
	for i, ph := range p.Phases {
		for j, s := range ph.Steps {
			vs = append(vs, durationAt(fmt.Sprintf("phases[%d].steps[%d].when", i, j),
				risk.T("rules.bcp.what.step_time", risk.Args{"N": j + 1, "Phase": PhaseText(ph.Phase)}), s.When))
		}
	}
	return vs
}
