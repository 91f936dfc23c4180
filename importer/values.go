package importer

import (
	"math"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"riskbook/risk"
)

// lmhWords are the words people use for sizes without a scale, by step of
// five: 1 very low … 5 very high. They are spread over a workspace scale by
// lmhIndex, after the scale's own labels had their chance.
var lmhWords = map[string]int{
	"very low": 1, "vl": 1, "very unlikely": 1, "minimal": 1, "insignificant": 1, "remote": 1,
	"negligible": 1, "rare": 1, "very rare": 1, "lowest": 1,
	"low": 2, "l": 2, "lo": 2, "minor": 2, "unlikely": 2, "small": 2,
	"medium": 3, "med": 3, "m": 3, "moderate": 3, "possible": 3, "mod": 3, "average": 3, "mid": 3,
	"high": 4, "h": 4, "hi": 4, "major": 4, "likely": 4, "significant": 4, "probable": 4, "serious": 4,
	"very high": 5, "vh": 5, "almost certain": 5, "extreme": 5, "critical": 5, "severe": 5,
	"catastrophic": 5, "very likely": 5, "certain": 5, "highest": 5,
}

// lmhIndex spreads a five-step word onto an n-step scale around its middle:
// on 5 steps Low→2, Medium→3, High→4, and the "very" words take the ends.
func lmhIndex(step, n int) int {
	mid := (n + 1) / 2
	switch step {
	case 1:
		return 1
	case 2:
		return max(1, mid-1)
	case 3:
		return mid
	case 4:
		return min(n, mid+1)
	}
	return n
}

var statusWords = map[string]risk.Status{
	"open": risk.Open, "new": risk.Open, "identified": risk.Open, "draft": risk.Open, "active": risk.Open,
	"raised": risk.Open, "not started": risk.Open, "to do": risk.Open, "todo": risk.Open,
	"in progress": risk.Treating, "treating": risk.Treating, "ongoing": risk.Treating,
	"being treated": risk.Treating, "under treatment": risk.Treating, "wip": risk.Treating,
	"in treatment": risk.Treating, "started": risk.Treating, "mitigating": risk.Treating,
	"monitoring": risk.Monitoring, "monitor": risk.Monitoring, "monitored": risk.Monitoring,
	"watch": risk.Monitoring, "mitigated": risk.Monitoring, "treated": risk.Monitoring,
	"under review": risk.Monitoring, "controlled": risk.Monitoring,
	"accepted": risk.Accepted, "tolerated": risk.Accepted, "retained": risk.Accepted, "accept": risk.Accepted,
	"closed": risk.Closed, "done": risk.Closed, "complete": risk.Closed, "completed": risk.Closed,
	"resolved": risk.Closed, "retired": risk.Closed, "inactive": risk.Closed, "archived": risk.Closed,
	"eliminated": risk.Closed, "no longer relevant": risk.Closed,
}

var treatmentWords = map[string]risk.Treatment{
	"reduce": risk.Reduce, "mitigate": risk.Reduce, "mitigation": risk.Reduce, "treat": risk.Reduce,
	"modify": risk.Reduce, "control": risk.Reduce, "reduction": risk.Reduce, "minimise": risk.Reduce,
	"minimize": risk.Reduce, "lessen": risk.Reduce,
	"avoid": risk.Avoid, "terminate": risk.Avoid, "eliminate": risk.Avoid, "avoidance": risk.Avoid, "stop": risk.Avoid,
	"transfer": risk.Transfer, "share": risk.Transfer, "insure": risk.Transfer, "insurance": risk.Transfer,
	"outsource": risk.Transfer, "transferred": risk.Transfer, "shared": risk.Transfer,
	"accept": risk.Accept, "tolerate": risk.Accept, "retain": risk.Accept, "accepted": risk.Accept,
	"acceptance": risk.Accept, "tolerated": risk.Accept, "retained": risk.Accept,
}

var frequencyWords = map[string]risk.Frequency{
	"monthly": risk.Monthly, "every month": risk.Monthly, "1 month": risk.Monthly,
	"quarterly": risk.Quarterly, "every quarter": risk.Quarterly, "3 monthly": risk.Quarterly,
	"3 months": risk.Quarterly, "every 3 months": risk.Quarterly,
	"semiannual": risk.Semiannual, "semi annual": risk.Semiannual, "semi annually": risk.Semiannual,
	"biannual": risk.Semiannual, "bi annual": risk.Semiannual, "half yearly": risk.Semiannual,
	"6 monthly": risk.Semiannual, "six monthly": risk.Semiannual, "6 months": risk.Semiannual,
	"every 6 months": risk.Semiannual, "twice a year": risk.Semiannual,
	"annual": risk.Annual, "annually": risk.Annual, "yearly": risk.Annual, "once a year": risk.Annual,
	"12 monthly": risk.Annual, "12 months": risk.Annual, "every year": risk.Annual,
}

// words lower-cases v and keeps its words: "In-Progress" → "in progress".
func words(v string) string {
	return strings.Join(strings.FieldsFunc(strings.ToLower(v), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}), " ")
}

// ValueKind is the kind of fixed value (risk.Fixed) the values of field
// are mapped to — "treatment", "status", "frequency" — so that a mapped
// value is named as everywhere else; "" for a field whose values are not
// one of Riskbook's fixed lists (scores map to levels of the criteria).
func ValueKind(field string) string {
	switch field {
	case FieldTreatment:
		return "treatment"
	case FieldStatus:
		return "status"
	case FieldReviewFrequency:
		return "frequency"
	}
	return ""
}

// proposeValues proposes workspace values for a column's distinct values
// (lower-cased): scale indexes for scores, enum values for the others.
// Values it cannot place are left out, for the person to map.
func proposeValues(field, header string, vals []string, c *risk.Criteria) map[string]string {
	out := map[string]string{}
	switch field {
	case FieldInherentLikelihood, FieldResidualLikelihood:
		proposeScale(out, header, vals, c.Likelihood)
	case FieldInherentConsequence, FieldResidualConsequence:
		proposeScale(out, header, vals, c.Consequence)
	case FieldTreatment:
		proposeEnum(out, vals, treatmentWords)
	case FieldStatus:
		proposeEnum(out, vals, statusWords)
	case FieldReviewFrequency:
		proposeEnum(out, vals, frequencyWords)
	}
	return out
}

func proposeEnum[T ~string](out map[string]string, vals []string, table map[string]T) {
	for _, v := range vals {
		if e, ok := table[words(v)]; ok {
			out[v] = string(e)
		}
	}
}

var (
	rangeHint = regexp.MustCompile(`(\d+)\s*(?:-|–|—|to|\.\.)\s*(\d+)`)
	outOfHint = regexp.MustCompile(`(?:/|out of)\s*(\d+)`)
)

func clamp(i, n int) int { return max(1, min(n, i)) }

type srcNumber struct {
	v       float64
	percent bool
}

// parseNumber reads "3", "2.5", "75%", and a number leading a label:
// "4 - Likely", "3 (Possible)", "2: Minor".
func parseNumber(s string) (srcNumber, bool) {
	s = strings.TrimSpace(s)
	if p, ok := strings.CutSuffix(s, "%"); ok {
		v, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		return srcNumber{v, true}, err == nil && v >= 0 && !math.IsInf(v, 0)
	}
	if v, err := strconv.ParseFloat(s, 64); err == nil {
		return srcNumber{v, false}, v >= 0 && !math.IsInf(v, 0) && !math.IsNaN(v)
	}
	i := strings.IndexFunc(s, func(r rune) bool { return !unicode.IsDigit(r) })
	if i <= 0 {
		return srcNumber{}, false
	}
	rest := strings.TrimSpace(s[i:])
	if r, _ := utf8.DecodeRuneInString(rest); rest == "" || unicode.IsDigit(r) || r == '.' || r == ',' || r == '/' {
		return srcNumber{}, false
	}
	v, err := strconv.ParseFloat(s[:i], 64)
	return srcNumber{v, false}, err == nil
}

// proposeScale maps scale labels, Low/Medium/High words and numbers onto
// the workspace scale.
func proposeScale(out map[string]string, header string, vals []string, levels []risk.ScaleLevel) {
	n := len(levels)
	if n == 0 {
		return
	}
	var nums []srcNumber
	var numKeys []string
	for _, v := range vals {
		if i, ok := labelIndex(v, levels); ok {
			out[v] = strconv.Itoa(i)
			continue
		}
		if x, ok := parseNumber(v); ok {
			nums = append(nums, x)
			numKeys = append(numKeys, v)
			continue
		}
		if step, ok := lmhWords[words(stripParens(v))]; ok {
			out[v] = strconv.Itoa(lmhIndex(step, n))
		}
	}
	if len(nums) == 0 {
		return
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, x := range nums {
		lo, hi = min(lo, x.v), max(hi, x.v)
	}
	s := candidateScales(header, lo, hi, n)[0]
	for i, x := range nums {
		if !x.percent {
			out[numKeys[i]] = strconv.Itoa(s.place(x.v, n))
		}
	}
}

func labelIndex(v string, levels []risk.ScaleLevel) (int, bool) {
	w, ws := words(v), words(stripParens(v))
	for i, l := range levels {
		if lw := words(l.Label); lw == w || lw == ws {
			return i + 1, true
		}
	}
	return 0, false
}

func stripParens(s string) string {
	if i := strings.IndexAny(s, "(["); i > 0 {
		return s[:i]
	}
	return s
}
