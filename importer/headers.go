package importer

import (
	"strconv"
	"strings"
	"unicode"

	"riskbook/risk"
)

// headerSynonyms maps a normalised header (see normHeader) to its field:
// the ways people title columns in the registers they bring.
var headerSynonyms = map[string]string{
	"risk id": FieldRef, "id": FieldRef, "ref": FieldRef, "ref no": FieldRef, "reference": FieldRef,
	"risk ref": FieldRef, "risk reference": FieldRef, "no": FieldRef, "nr": FieldRef,
	"number": FieldRef, "risk no": FieldRef, "risk number": FieldRef, "risk nr": FieldRef,
	"risk code": FieldRef, "code": FieldRef, "risk": FieldTitle,

	"threat": FieldTitle, "risk title": FieldTitle, "title": FieldTitle, "risk name": FieldTitle,
	"name": FieldTitle, "risk title description": FieldTitle, "hazard": FieldTitle,
	"risk event": FieldTitle, "event": FieldTitle, "threat event": FieldTitle, "issue": FieldTitle,
	"risk statement": FieldTitle, "risk summary": FieldTitle, "short description": FieldTitle,

	"description": FieldDescription, "risk description": FieldDescription, "details": FieldDescription,
	"risk details": FieldDescription, "detail": FieldDescription, "scenario": FieldDescription,
	"threat description": FieldDescription, "risk scenario": FieldDescription,

	"asset area": FieldCategory, "asset": FieldCategory, "area": FieldCategory,
	"category": FieldCategory, "domain": FieldCategory, "risk category": FieldCategory,
	"type": FieldCategory, "risk type": FieldCategory, "business area": FieldCategory,
	"department": FieldCategory, "asset group": FieldCategory, "risk area": FieldCategory,
	"risk domain": FieldCategory, "asset category": FieldCategory,

	"cause": FieldCause, "causes": FieldCause, "root cause": FieldCause, "risk cause": FieldCause,
	"trigger": FieldCause, "triggers": FieldCause, "threat source": FieldCause,
	"vulnerability": FieldVulnerability, "vulnerabilities": FieldVulnerability, "weakness": FieldVulnerability,
	"consequences": FieldConsequence, "effect": FieldConsequence, "effects": FieldConsequence,
	"impact description": FieldConsequence, "consequence description": FieldConsequence,
	"potential impact": FieldConsequence, "business impact": FieldConsequence,

	"owner": FieldOwner, "risk owner": FieldOwner, "responsible": FieldOwner,
	"responsibility": FieldOwner, "accountable": FieldOwner, "owned by": FieldOwner,
	"assigned to": FieldOwner, "responsible person": FieldOwner, "risk manager": FieldOwner,

	"likelihood": FieldInherentLikelihood, "probability": FieldInherentLikelihood,
	"l": FieldInherentLikelihood, "p": FieldInherentLikelihood, "prob": FieldInherentLikelihood,
	"likelihood score": FieldInherentLikelihood, "likelihood rating": FieldInherentLikelihood,
	"inherent likelihood": FieldInherentLikelihood, "inherent probability": FieldInherentLikelihood,
	"impact": FieldInherentConsequence, "consequence": FieldInherentConsequence,
	"severity": FieldInherentConsequence, "i": FieldInherentConsequence, "c": FieldInherentConsequence,
	"s": FieldInherentConsequence, "impact score": FieldInherentConsequence,
	"impact rating": FieldInherentConsequence, "inherent impact": FieldInherentConsequence,
	"inherent consequence": FieldInherentConsequence, "consequence rating": FieldInherentConsequence,
	"residual likelihood": FieldResidualLikelihood, "residual probability": FieldResidualLikelihood,
	"residual l": FieldResidualLikelihood, "rl": FieldResidualLikelihood,
	"residual impact": FieldResidualConsequence, "residual consequence": FieldResidualConsequence,
	"residual severity": FieldResidualConsequence, "residual i": FieldResidualConsequence,
	"residual c": FieldResidualConsequence, "ri": FieldResidualConsequence,

	"treatment": FieldTreatment, "treatment option": FieldTreatment, "risk treatment": FieldTreatment,
	"risk response": FieldTreatment, "response": FieldTreatment, "treatment strategy": FieldTreatment,
	"response strategy": FieldTreatment, "strategy": FieldTreatment, "decision": FieldTreatment,
	"treatment decision": FieldTreatment,

	"existing controls": FieldControls, "controls": FieldControls, "current controls": FieldControls,
	"control": FieldControls, "controls in place": FieldControls, "mitigating controls": FieldControls,
	"control ids": FieldControls, "annex a controls": FieldControls, "iso 27001 controls": FieldControls,
	"applicable controls": FieldControls, "existing control": FieldControls, "key controls": FieldControls,

	"treatment plan": FieldActions, "recommended mitigation": FieldActions, "mitigation": FieldActions,
	"action": FieldActions, "actions": FieldActions, "mitigation plan": FieldActions,
	"mitigation actions": FieldActions, "treatment actions": FieldActions, "planned actions": FieldActions,
	"recommended actions": FieldActions, "action plan": FieldActions, "mitigations": FieldActions,
	"recommendation": FieldActions, "recommendations": FieldActions, "mitigation strategy": FieldActions,
	"response plan": FieldActions, "treatment action": FieldActions, "further actions": FieldActions,
	"additional controls": FieldActions, "proposed controls": FieldActions, "next steps": FieldActions,

	"target date": FieldActionDue, "due": FieldActionDue, "deadline": FieldActionDue,
	"due date": FieldActionDue, "target": FieldActionDue, "completion date": FieldActionDue,
	"target completion date": FieldActionDue, "action due": FieldActionDue, "action due date": FieldActionDue,
	"date due": FieldActionDue, "by when": FieldActionDue,

	"status": FieldStatus, "risk status": FieldStatus, "state": FieldStatus,
	"review frequency": FieldReviewFrequency, "frequency of review": FieldReviewFrequency,
	"review cycle": FieldReviewFrequency, "review period": FieldReviewFrequency,
	"next review": FieldNextReview, "next review date": FieldNextReview, "review date": FieldNextReview,
	"review by": FieldNextReview, "next review due": FieldNextReview, "review due": FieldNextReview,
	"last review": FieldLastReview, "last review date": FieldLastReview, "last reviewed": FieldLastReview,
	"date last reviewed": FieldLastReview, "reviewed on": FieldLastReview, "date reviewed": FieldLastReview,
	"previous review": FieldLastReview, "last assessed": FieldLastReview, "last assessment": FieldLastReview,
	"date identified": FieldIdentified, "identified": FieldIdentified, "identified on": FieldIdentified,
	"date raised": FieldIdentified, "raised on": FieldIdentified, "date opened": FieldIdentified,
	"date logged": FieldIdentified, "logged on": FieldIdentified, "date added": FieldIdentified,
	"identification date": FieldIdentified, "date of identification": FieldIdentified, "created": FieldIdentified,
	"created on": FieldIdentified, "date created": FieldIdentified, "raised": FieldIdentified, "opened": FieldIdentified,
	"source": FieldSource, "risk source": FieldSource, "identified by": FieldSource, "origin": FieldSource,

	"risk rating": FieldLevel, "rating": FieldLevel, "level": FieldLevel, "risk level": FieldLevel,
	"inherent risk": FieldLevel, "inherent risk rating": FieldLevel, "inherent rating": FieldLevel,
	"inherent risk level": FieldLevel, "risk priority": FieldLevel,
	"residual rating": FieldResidualLevel, "residual risk": FieldResidualLevel, "residual risk rating": FieldResidualLevel,
	"residual level": FieldResidualLevel, "residual risk level": FieldResidualLevel, "net risk": FieldResidualLevel,
	"net rating": FieldResidualLevel, "net risk rating": FieldResidualLevel, "current rating": FieldResidualLevel,
	"residual score": FieldResidualScore, "residual risk score": FieldResidualScore, "net score": FieldResidualScore,
	"net risk score": FieldResidualScore, "current score": FieldResidualScore,
	"score": FieldScore, "risk score": FieldScore, "inherent score": FieldScore,
	"inherent risk score": FieldScore, "rpn": FieldScore, "risk value": FieldScore,
	"l x i": FieldScore, "lxi": FieldScore, "l x c": FieldScore, "p x i": FieldScore,
	"likelihood x impact": FieldScore, "rating score": FieldScore,

	"rto": FieldRTO, "recovery time objective": FieldRTO, "target rto": FieldRTO,
	"rpo": FieldRPO, "recovery point objective": FieldRPO, "target rpo": FieldRPO,
	"mtpd": FieldMTPD, "mtd": FieldMTPD, "mao": FieldMTPD, "maximum tolerable period of disruption": FieldMTPD,
	"maximum tolerable downtime": FieldMTPD, "maximum acceptable outage": FieldMTPD,
	"achievable rto": FieldAchievableRTO, "actual rto": FieldAchievableRTO, "current rto": FieldAchievableRTO,
	"tested rto": FieldAchievableRTO, "rta": FieldAchievableRTO, "recovery time actual": FieldAchievableRTO,
	"recovery time capability": FieldAchievableRTO, "achievable rpo": FieldAchievableRPO,
	"actual rpo": FieldAchievableRPO, "current rpo": FieldAchievableRPO, "tested rpo": FieldAchievableRPO,
	"rpa": FieldAchievableRPO, "recovery point actual": FieldAchievableRPO,
}

// biaSynonyms apply on a sheet with RTO, RPO or MTPD columns, where
// "Process" or "Service" name an activity rather than a risk's category.
var biaSynonyms = map[string]string{
	"activity": FieldActivity, "activity name": FieldActivity, "critical activity": FieldActivity,
	"business activity": FieldActivity, "process": FieldActivity, "process name": FieldActivity,
	"business process": FieldActivity, "service": FieldActivity, "business service": FieldActivity,
	"function": FieldActivity, "business function": FieldActivity, "name": FieldActivity,
	"prioritised activity": FieldActivity, "prioritized activity": FieldActivity,
	"system": FieldSystem, "system name": FieldSystem, "application": FieldSystem,
	"ict system": FieldSystem, "it system": FieldSystem, "app": FieldSystem, "platform": FieldSystem,
	"it service": FieldSystem, "asset": FieldSystem,
}

// normHeader lower-cases a header and keeps its words: "Owner " → "owner",
// "Risk Title: Description" → "risk title description", "No." → "no".
// short drops parenthesised text: "Likelihood (1-5)" → "likelihood".
func normHeader(h string) (full, short string) {
	h = strings.ReplaceAll(strings.ToLower(h), "&", " and ")
	words := func(s string) string {
		return strings.Join(strings.FieldsFunc(s, func(r rune) bool {
			return !unicode.IsLetter(r) && !unicode.IsDigit(r)
		}), " ")
	}
	var b strings.Builder
	depth := 0
	for _, r := range h {
		switch {
		case r == '(' || r == '[':
			depth++
		case r == ')' || r == ']':
			depth = max(0, depth-1)
		case depth == 0:
			b.WriteRune(r)
		}
	}
	return words(h), words(b.String())
}

// headerField returns the field a header names and how sure the match is:
// 3 exact, 2 without the parenthesised part, 1 by keywords, 0 none.
func headerField(h string, bia bool) (string, int) {
	if strings.TrimSpace(h) == "#" {
		return FieldRef, 3
	}
	full, short := normHeader(h)
	if full == "" {
		return "", 0
	}
	for _, try := range []struct {
		key      string
		strength int
	}{{full, 3}, {short, 2}} {
		if bia {
			if f, ok := biaSynonyms[try.key]; ok {
				return f, try.strength
			}
		}
		if f, ok := headerSynonyms[try.key]; ok {
			return f, try.strength
		}
	}
	if f := keywordField(full); f != "" {
		return f, 1
	}
	return "", 0
}

// keywordField matches headers no synonym covers by their words:
// "Likelihood after controls", "Net impact", "Risk owner name".
func keywordField(full string) string {
	has := func(ws ...string) bool {
		for _, w := range strings.Fields(full) {
			for _, x := range ws {
				if w == x {
					return true
				}
			}
		}
		return false
	}
	residual := has("residual", "net", "post", "after", "current", "treated")
	achievable := has("achievable", "actual", "current", "tested", "achieved", "capability")
	switch {
	case has("rto") && achievable:
		return FieldAchievableRTO
	case has("rpo") && achievable:
		return FieldAchievableRPO
	case has("rto"):
		return FieldRTO
	case has("rpo"):
		return FieldRPO
	case has("mtpd", "mtd", "mao"):
		return FieldMTPD
	case has("score", "rpn") && !has("likelihood", "probability", "impact", "consequence", "severity"):
		if residual {
			return FieldResidualScore
		}
		return FieldScore
	case has("rating", "level") && !has("likelihood", "probability", "impact", "consequence", "severity"):
		if residual {
			return FieldResidualLevel
		}
		return FieldLevel
	case has("identified", "raised", "logged"):
		return FieldIdentified
	case has("review", "reviewed") && has("last", "previous", "reviewed"):
		return FieldLastReview
	case has("review") && has("next", "due"):
		return FieldNextReview
	case has("likelihood", "probability"):
		if residual {
			return FieldResidualLikelihood
		}
		return FieldInherentLikelihood
	case has("impact", "consequence", "severity"):
		if residual {
			return FieldResidualConsequence
		}
		return FieldInherentConsequence
	case has("owner"):
		return FieldOwner
	case has("mitigation", "mitigations", "actions"):
		return FieldActions
	case has("controls"):
		return FieldControls
	}
	return ""
}

// proposeFields maps each header cell to a field, one column per field:
// the surest match wins, the others are kept in the notes. A description
// column stands in for a missing title; a "title" column holding only
// level words is the level; a score column holding prose is the
// consequence text; a level column holding numbers is the score; a column
// of yes/no answers is never a score. evidence says what the values
// changed.
func proposeFields(header []SourceCell, data [][]SourceCell, c *risk.Criteria) (fields []string, evidence []risk.Msg) {
	bia := false
	for _, h := range header {
		switch f, _ := headerField(h.Text, false); f {
		case FieldRTO, FieldRPO, FieldMTPD, FieldAchievableRTO, FieldAchievableRPO:
			bia = true
		}
	}
	fields = make([]string, len(header))
	strengths := make([]int, len(header))
	owner := map[string]int{}
	for j, h := range header {
		f, s := headerField(h.Text, bia)
		if !bia && isBIAField(f) && !isRecoveryField(f) {
			f = ""
		}
		if isScoreField(f) && classify(h.Text, distinct(data, j), false) == kindYesNo {
			evidence = append(evidence, risk.T("importer.evidence.yes_no", risk.Args{"Column": risk.Quote(columnName(h.Text, j))}))
			f = ""
		}
		if f == "" {
			continue
		}
		if k, taken := owner[f]; taken {
			if strengths[k] >= s {
				continue
			}
			fields[k] = ""
		}
		fields[j], strengths[j], owner[f] = f, s, j
	}
	move := func(from, to string) {
		if j, ok := owner[from]; ok {
			if _, taken := owner[to]; !taken {
				fields[j] = to
				delete(owner, from)
				owner[to] = j
			}
		}
	}
	if j, ok := owner[FieldTitle]; ok && allLevelWords(distinct(data, j), c) {
		move(FieldTitle, FieldLevel)
	}
	if _, ok := owner[FieldTitle]; !ok && !bia {
		move(FieldDescription, FieldTitle)
	}
	for from, to := range map[string]string{FieldLevel: FieldScore, FieldResidualLevel: FieldResidualScore} {
		if j, ok := owner[from]; ok && allNumbers(distinct(data, j)) {
			move(from, to)
		}
	}
	for _, f := range []string{FieldInherentConsequence, FieldInherentLikelihood} {
		j, ok := owner[f]
		if !ok || !prose(distinct(data, j), f, header[j].Text, c) {
			continue
		}
		if f == FieldInherentConsequence {
			move(f, FieldConsequence)
		}
		if fields[j] == f {
			fields[j] = ""
			delete(owner, f)
		}
	}
	return fields, evidence
}

func allNumbers(vals []string) bool {
	for _, v := range vals {
		if !isNumber(v) {
			return false
		}
	}
	return len(vals) > 0
}

// allLevelWords reports whether every value is a risk level or a
// Low/Medium/High word.
func allLevelWords(vals []string, c *risk.Criteria) bool {
	if len(vals) == 0 {
		return false
	}
	for _, v := range vals {
		if _, ok := levelByLabel(c, v); ok {
			continue
		}
		if _, ok := lmhWords[v]; !ok {
			return false
		}
	}
	return true
}

// prose reports whether a score column holds sentences rather than scores:
// most values map to no scale step and some are long.
func prose(vals []string, field, header string, c *risk.Criteria) bool {
	if len(vals) == 0 {
		return false
	}
	mapped := len(proposeValues(field, header, vals, c))
	long := 0
	for _, v := range vals {
		if len(v) > 25 {
			long++
		}
	}
	return 2*mapped < len(vals) && long > 0
}

func levelByLabel(c *risk.Criteria, v string) (risk.Level, bool) {
	for _, l := range c.Levels {
		if strings.EqualFold(strings.TrimSpace(l.Label), strings.TrimSpace(v)) {
			return l, true
		}
	}
	return risk.Level{}, false
}

func isNumber(s string) bool {
	_, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	return err == nil
}
