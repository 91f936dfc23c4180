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
	field, what string
	duration    Duration
	date        risk.Date
	isDate      bool
}

// durationAt is a duration of a record, for checker.recorded.
func durationAt(field, what string, d Duration) recorded {
	return recorded{field: field, what: what, duration: d}
}

// dateAt is a date of a record, for checker.recorded.
func dateAt(field, what string, d risk.Date) recorded {
	return recorded{field: field, what: what, date: d, isDate: true}
}

// recorded blocks the durations and dates of the record ref that cannot be
// recorded.
func (c *checker) recorded(ref string, vs ...recorded) {
	for _, v := range vs {
		switch {
		case v.isDate && !v.date.Valid():
			c.block("date-not-calendar", ref, v.field, "the %s %04d-%02d-%02d is not a calendar date; pick a day that exists",
				v.what, v.date.Year, v.date.Month, v.date.Day)
		case v.isDate:
		case v.duration < 0:
			c.block("duration-negative", ref, v.field, "the %s cannot be negative", v.what)
		case time.Duration(v.duration).Round(time.Minute) > maxDuration:
			c.block("duration-too-long", ref, v.field, "the %s of %s is too long; durations go up to 10 years", v.what, v.duration)
		}
	}
}

func (a *Activity) recorded() []recorded {
	return []recorded{durationAt("mtpd_override", "MTPD", a.MTPDOverride), durationAt("rto", "RTO", a.RTO),
		durationAt("rpo", "RPO", a.RPO), dateAt("approved", "approval date", a.Approved)}
}

func (r *Resource) recorded() []recorded {
	return []recorded{durationAt("achievable_rto", "achievable RTO", r.AchievableRTO),
		durationAt("achievable_rpo", "achievable RPO", r.AchievableRPO),
		durationAt("backup_interval", "backup interval", r.BackupInterval),
		durationAt("contract_rto", "contract RTO", r.ContractRTO),
		dateAt("capacity_confirmed", "date of the last capacity confirmation", r.CapacityConfirmed)}
}

func (ex *Exercise) recorded() []recorded {
	vs := []recorded{dateAt("date", "exercise date", ex.Date), dateAt("report_date", "report date", ex.ReportDate)}
	for i, in := range ex.Injects {
		vs = append(vs, durationAt("injects", fmt.Sprintf("time of inject %d", i+1), in.At))
	}
	for i, r := range ex.Results {
		vs = append(vs, durationAt(fmt.Sprintf("results[%d].achieved_rto", i), fmt.Sprintf("achieved RTO of result %d", i+1), r.AchievedRTO),
			durationAt(fmt.Sprintf("results[%d].achieved_rpo", i), fmt.Sprintf("achieved RPO of result %d", i+1), r.AchievedRPO))
	}
	for i, a := range ex.Actions {
		vs = append(vs, dateAt(fmt.Sprintf("actions[%d].due", i), fmt.Sprintf("due date of improvement action %d", i+1), a.Due))
	}
	return vs
}

func (p *Playbook) recorded() []recorded {
	vs := []recorded{dateAt("approved", "approval date", p.Approved), dateAt("last_exercised", "date of the last exercise", p.LastExercised)}
	for i, ph := range p.Phases {
		for j, s := range ph.Steps {
			vs = append(vs, durationAt(fmt.Sprintf("phases[%d].steps[%d].when", i, j),
				fmt.Sprintf("target time of step %d of %s", j+1, PhaseName(ph.Phase)), s.When))
		}
	}
	return vs
}
