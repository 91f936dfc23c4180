package risk

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Assessment is a closed assessment: a named, dated, read-only copy of the
// workspace's records (the register with its criteria and Statement of
// Applicability, the business impact analysis, the playbooks, exercises,
// incident records and contacts) taken when the organisation closed a
// round of assessment, such as "2026 annual". It is never edited; work
// goes on in the live records, and later assessments are compared with it.
type Assessment struct {
	Name   string    `json:"name"`
	Closed time.Time `json:"closed"`    // when it was closed, UTC to the second
	By     string    `json:"closed_by"` // who closed it, as the change log names them
	// Through is the last change-log row before the closing: the history
	// that led to the records it holds.
	Through int64 `json:"through"`
	// Digest is the hex SHA-256 of the records as they were closed, in the
	// canonical JSON of riskbook dump.
	Digest string `json:"digest"`
}

// MaxAssessmentName is the longest name an assessment may have, in
// characters: it heads documents and sheets.
const MaxAssessmentName = 80

// Today names the live records where an assessment's name is expected, as
// in "compare 2026 annual with today"; no assessment may be called so.
const Today = "today"

// CheckAssessmentName is the rule a new assessment's name follows: not
// empty, at most MaxAssessmentName characters of printable text, not
// "today", and not the name of an assessment already closed, whatever the
// case. It returns the name trimmed.
func CheckAssessmentName(name string, closed []Assessment) (string, error) {
	name = strings.TrimSpace(name)
	switch {
	case name == "":
		return "", Err(EINVALID, T("rules.assessment_unnamed"))
	case utf8.RuneCountInString(name) > MaxAssessmentName:
		return "", Err(EINVALID, T("rules.assessment_name_long", Args{"Name": Quote(name), "Max": MaxAssessmentName}))
	case strings.ContainsFunc(name, func(r rune) bool { return !unicode.IsPrint(r) && r != ' ' }):
		return "", Err(EINVALID, T("rules.assessment_name_control", Args{"Name": Quote(name)}))
	case strings.EqualFold(name, Today):
		return "", Err(EINVALID, T("rules.assessment_name_today", Args{"Name": Quote(Today)}))
	}
	if a, ok := FindAssessment(closed, name); ok {
		return "", Err(ECONFLICT, T("rules.assessment_name_taken", Args{"Name": Quote(a.Name), "Date": a.Closed.Format("2006-01-02")}))
	}
	return name, nil
}

// FindAssessment finds an assessment by name, whatever the case.
func FindAssessment(list []Assessment, name string) (Assessment, bool) {
	name = strings.TrimSpace(name)
	for _, a := range list {
		if strings.EqualFold(a.Name, name) {
			return a, true
		}
	}
	return Assessment{}, false
}

// Baseline is the assessment a comparison starts from when none is named:
// the one closed last, or false when none was.
func Baseline(list []Assessment) (Assessment, bool) {
	var last Assessment
	found := false
	for _, a := range list {
		if !found || a.Closed.After(last.Closed) || (a.Closed.Equal(last.Closed) && a.Through > last.Through) {
			last, found = a, true
		}
	}
	return last, found
}
