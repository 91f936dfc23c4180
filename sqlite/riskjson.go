package sqlite

import (
	"cmp"
	"strconv"
	"time"
	"unicode/utf8"

	"riskbook/risk"
)

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

// jsonObject writes objects and arrays laid out as canonical lays them
// out, the caller giving the members in key order.
type jsonObject struct {
	dst   []byte
	c     canonicalizer // for its layout only
	depth int           // of the object being written
	// members counts the members written of each open object or array,
	// the innermost last.
	members []int
	err     error // the first value that could not be written
}

func (o *jsonObject) open() {
	o.dst = append(o.dst, '{')
	o.members = append(o.members, 0)
}

func (o *jsonObject) close() {
	o.end('}')
}

// end closes the object or array open, as "{}" or "[]" when it is empty.
func (o *jsonObject) end(closing byte) {
	n := o.members[len(o.members)-1]
	o.members = o.members[:len(o.members)-1]
	if n > 0 {
		o.dst = o.c.newline(o.dst, o.depth)
	}
	o.dst = append(o.dst, closing)
}

// next starts the next member or element of what is open.
func (o *jsonObject) next() {
	n := &o.members[len(o.members)-1]
	if *n++; *n > 1 {
		o.dst = append(o.dst, ',')
	}
	o.dst = o.c.newline(o.dst, o.depth+1)
}

// key starts the member k, whose value the caller writes next, one level
// deeper.
func (o *jsonObject) key(k string) {
	o.next()
	o.dst = append(o.dst, '"')
	o.dst = append(o.dst, k...)
	o.dst = append(o.dst, '"', ':')
	if o.c.indent != "" {
		o.dst = append(o.dst, ' ')
	}
}

// nested writes a value one level deeper than the open object or array.
func (o *jsonObject) nested(write func()) {
	o.depth++
	write()
	o.depth--
}

func (o *jsonObject) str(k, v string) {
	o.key(k)
	o.dst = appendCanonicalString(o.dst, v)
}

// appendCanonicalString writes s as canonical writes the string encoding/json
// wrote for it: as appendString does, but for each byte that is not UTF-8
// the replacement character itself, where encoding/json writes its escape
// (which canonical reads back).
func appendCanonicalString(dst []byte, s string) []byte {
	if utf8.ValidString(s) {
		return appendString(dst, s)
	}
	valid := make([]byte, 0, len(s)+8)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			valid = utf8.AppendRune(valid, utf8.RuneError)
		} else {
			valid = append(valid, s[i:i+size]...)
		}
		i += size
	}
	return appendString(dst, string(valid))
}

// time writes t as time.Time encodes itself, refusing what it refuses (a
// year of more than four digits).
func (o *jsonObject) time(k string, t time.Time) {
	o.key(k)
	o.dst = append(o.dst, '"')
	b, err := t.AppendText(o.dst)
	if err != nil {
		o.err = cmp.Or(o.err, err)
		return
	}
	o.dst = append(b, '"')
}

func (o *jsonObject) int(k string, v int) {
	o.key(k)
	o.dst = strconv.AppendInt(o.dst, int64(v), 10)
}

func (o *jsonObject) score(s risk.Score) {
	o.nested(func() {
		o.open()
		o.int("consequence", s.Consequence)
		o.int("likelihood", s.Likelihood)
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

// array writes n elements, each written by elem, as an array; a nil one
// (null) when null.
func (o *jsonObject) array(null bool, n int, elem func(i int)) {
	if null {
		o.dst = append(o.dst, "null"...)
		return
	}
	o.nested(func() {
		o.dst = append(o.dst, '[')
		o.members = append(o.members, 0)
		for i := range n {
			o.next()
			elem(i)
		}
		o.end(']')
	})
}

func (o *jsonObject) strings(ss []string) {
	o.array(ss == nil, len(ss), func(i int) { o.dst = appendCanonicalString(o.dst, ss[i]) })
}

func (o *jsonObject) actions(as []risk.Action) {
	o.array(as == nil, len(as), func(i int) {
		a := &as[i]
		o.nested(func() {
			o.open()
			o.str("due", a.Due.String())
			o.str("owner", a.Owner)
			o.int("progress", a.Progress)
			o.str("status", string(a.Status))
			o.str("title", a.Title)
			o.close()
		})
	})
}
