package app

import (
	"riskbook/bcp"
	"riskbook/i18n"
	"riskbook/risk"
)

// The texts the continuity screens share: counts of findings and the
// names, in the reader's language, of the fixed values a record stores in
// English (a contact's kind, a channel's). What is stored stays the value.

// warningCount is a list row's marker of warnings, "2 warnings".
func warningCount(n int) string { return i18n.N("continuity.warnings", n) }

// errorCount is a list row's marker of errors, "2 errors".
func errorCount(n int) string { return i18n.N("continuity.errors", n) }

// valueNames offers a fixed list of stored values by their names: a
// choice shows names, and the value chosen is stored.
type valueNames struct {
	values []string
	names  []string
}

func newValueNames(values []string, name func(string) string) valueNames {
	v := valueNames{values: values}
	for _, x := range values {
		v.names = append(v.names, name(x))
	}
	return v
}

// name is the name of value; a value not in the list (written by another
// version) is shown as it is stored.
func (v valueNames) name(value string) string {
	for i, x := range v.values {
		if x == value {
			return v.names[i]
		}
	}
	return value
}

// contactKindName names a contact's kind.
func contactKindName(k string) string {
	switch k {
	case bcp.ContactPerson:
		return i18n.T("continuity.contactkind.person")
	case bcp.ContactOrganisation:
		return i18n.T("continuity.contactkind.organisation")
	}
	return k
}

// channelKindName names a kind of channel.
func channelKindName(k string) string {
	switch k {
	case "phone":
		return i18n.T("continuity.channel.phone")
	case "mobile":
		return i18n.T("continuity.channel.mobile")
	case "email":
		return i18n.T("continuity.channel.email")
	case "signal":
		return i18n.T("continuity.channel.signal")
	case "satellite":
		return i18n.T("continuity.channel.satellite")
	case "radio":
		return i18n.T("continuity.channel.radio")
	case "in-person":
		return i18n.T("continuity.channel.inperson")
	case "other":
		return i18n.T("continuity.channel.other")
	}
	return k
}

// severityName names the severity of an exercise's finding.
func severityName(s string) string {
	switch s {
	case "low":
		return i18n.T("continuity.severity.low")
	case "medium":
		return i18n.T("continuity.severity.medium")
	case "high":
		return i18n.T("continuity.severity.high")
	}
	return s
}

// findingStatusName names the status a person gives a finding.
func findingStatusName(s string) string {
	switch s {
	case bcp.FindingOpen:
		return i18n.T("continuity.findingstatus.open")
	case bcp.FindingClosed:
		return i18n.T("continuity.findingstatus.closed")
	}
	return s
}

// findingStateName names where a finding stands.
func findingStateName(s bcp.FindingState) string {
	switch s {
	case bcp.StateOpen:
		return i18n.T("continuity.findingstate.open")
	case bcp.StateOverdue:
		return i18n.T("continuity.findingstate.overdue")
	case bcp.StateReady:
		return i18n.T("continuity.findingstate.ready")
	case bcp.StateClosed:
		return i18n.T("continuity.findingstate.closed")
	}
	return string(s)
}

// actionStatusName names the status of a treatment or improvement action.
func actionStatusName(s string) string {
	switch risk.ActionStatus(s) {
	case risk.Planned:
		return i18n.T("continuity.actionstatus.planned")
	case risk.InProgress:
		return i18n.T("continuity.actionstatus.inprogress")
	case risk.Done:
		return i18n.T("continuity.actionstatus.done")
	case risk.Cancelled:
		return i18n.T("continuity.actionstatus.cancelled")
	}
	return s
}
