package sqlite

import "riskbook/risk"

// appendRisk appends r as its canonical JSON, laid out depth levels deep
// with indent (compact without one): the same bytes as encoding r and
// making it canonical, without reflection or sorting. A register's risks
// are most of a dump, and an import writes one image of each to the change
// log (TestAppendRiskMatchesCanonical compares the two on every field).
// The members are in key order.
func appendRisk(dst []byte, r *risk.Risk, indent string, depth int) ([]byte, error) {
	o := jsonObject{dst: dst, c: canonicalizer{indent: indent}, depth: depth}
	o.open()
	o.key("acceptance")
	o.acceptance(r.Acceptance)
	o.key("actions")
	o.actions(r.Actions)
	o.str("category", r.Category)
	o.str("cause", r.Cause)
	o.str("confidence", string(r.Confidence))
	o.str("consequence", r.Consequence)
	o.str("control_effectiveness", string(r.ControlEffectiveness))
	o.key("controls")
	o.strings(r.Controls)
	o.time("created", r.Created)
	o.str("description", r.Description)
	if !r.Identified.IsZero() { // omitzero
		o.str("identified", r.Identified.String())
	}
	o.key("inherent")
	o.score(r.Inherent)
	o.str("justification", r.Justification)
	o.str("last_review", r.LastReview.String())
	o.str("next_review", r.NextReview.String())
	o.str("owner", r.Owner)
	o.str("ref", r.Ref)
	o.key("residual")
	o.score(r.Residual)
	o.str("review_frequency", string(r.ReviewFrequency))
	o.str("source", r.Source)
	o.str("status", string(r.Status))
	o.key("target")
	o.score(r.Target)
	o.key("threatens")
	o.strings(r.Threatens)
	o.str("title", r.Title)
	o.str("treatment", string(r.Treatment))
	o.time("updated", r.Updated)
	o.str("vulnerability", r.Vulnerability)
	o.close()
	return o.dst, o.err
}

func (o *jsonObject) score(s risk.Score) {
	o.nested(func() {
		o.open()
		o.int("consequence", int64(s.Consequence))
		o.int("likelihood", int64(s.Likelihood))
		o.close()
	})
}

func (o *jsonObject) acceptance(a risk.Acceptance) {
	o.nested(func() {
		o.open()
		o.str("approver", a.Approver)
		o.str("date", a.Date.String())
		o.str("expiry", a.Expiry.String())
		o.str("rationale", a.Rationale)
		o.close()
	})
}

func (o *jsonObject) actions(as []risk.Action) {
	o.array(as == nil, len(as), func(i int) {
		a := &as[i]
		o.nested(func() {
			o.open()
			o.str("due", a.Due.String())
			o.str("owner", a.Owner)
			o.int("progress", int64(a.Progress))
			o.str("status", string(a.Status))
			o.str("title", a.Title)
			o.close()
		})
	})
}
