package sqlite

import (
	"bufio"
	"cmp"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
	"unsafe"
)

// The dump's JSON, written member by member. WriteJSON used to make the
// whole document canonical at once, which held the workspace several times
// over in memory; a record's canonical form does not depend on the records
// around it, so each is made canonical on its own and laid out at its
// depth, and the bytes are the same (TestWriteDumpMatchesReference).

// dumpIndent is the indent of the dump's layout.
const dumpIndent = "  "

// dumpMember is a member of the dump's top-level object and how to write
// its value.
type dumpMember struct {
	key   string
	write func(e *dumpWriter) error
}

// dumpMembers are the members of d but its risks and change log, which
// the caller writes as it reads them.
func dumpMembers(d *Dump) []dumpMember {
	whole := func(key string, v any) dumpMember {
		return dumpMember{key, func(e *dumpWriter) error { return e.value(v) }}
	}
	return []dumpMember{
		whole("format", d.Format),
		whole("version", d.Version),
		whole("settings", d.Settings),
		whole("criteria", d.Criteria),
		whole("catalogs", d.Catalogs),
		whole("soa", d.SoA),
		whole("bia_settings", d.BIASettings),
		whole("activities", d.Activities),
		whole("resources", d.Resources),
		whole("playbooks", d.Playbooks),
		whole("exercises", d.Exercises),
		whole("activations", d.Activations),
		whole("contacts", d.Contacts),
		whole("documents", d.Documents),
	}
}

// writeDump writes the top-level object, its members in key order, and a
// final new line.
func writeDump(w io.Writer, members []dumpMember) error {
	members = slices.Clone(members)
	slices.SortFunc(members, func(a, b dumpMember) int { return strings.Compare(a.key, b.key) })
	e := &dumpWriter{w: bufio.NewWriterSize(w, 256<<10)}
	e.w.WriteByte('{')
	for i, m := range members {
		if i > 0 {
			e.w.WriteByte(',')
		}
		e.w.WriteString("\n" + dumpIndent)
		e.buf = appendString(e.buf[:0], m.key)
		e.w.Write(e.buf)
		e.w.WriteString(": ")
		if err := m.write(e); err != nil {
			return fmt.Errorf("encode workspace: %s: %w", m.key, err)
		}
	}
	e.w.WriteString("\n}\n")
	return e.w.Flush()
}

// dumpWriter writes one member's value: a whole value, or an array one
// element at a time.
type dumpWriter struct {
	w     *bufio.Writer
	buf   []byte
	elems int
}

// value writes v whole, one level deep.
func (e *dumpWriter) value(v any) error {
	raw, err := marshal(v, "")
	if err != nil {
		return err
	}
	if e.buf, err = canonical(e.buf[:0], raw, dumpIndent, 1); err != nil {
		return err
	}
	_, err = e.w.Write(e.buf)
	return err
}

// begin starts an array written element by element; without elements it
// is null, as a nil slice is.
func (e *dumpWriter) begin() { e.elems = 0 }

// element writes v as the array's next element.
func (e *dumpWriter) element(v any) error {
	return e.elementWith(func(dst []byte) ([]byte, error) { return appendCanonical(dst, v, dumpIndent, 2) })
}

// elementWith writes the next element as appendTo appends it, canonical
// and laid out two levels deep.
func (e *dumpWriter) elementWith(appendTo func(dst []byte) ([]byte, error)) error {
	if e.elems == 0 {
		e.w.WriteByte('[')
	} else {
		e.w.WriteByte(',')
	}
	e.elems++
	e.w.WriteString("\n" + dumpIndent + dumpIndent)
	var err error
	if e.buf, err = appendTo(e.buf[:0]); err != nil {
		return err
	}
	_, err = e.w.Write(e.buf)
	return err
}

// end closes the array.
func (e *dumpWriter) end() error {
	if e.elems == 0 {
		_, err := e.w.WriteString("null")
		return err
	}
	_, err := e.w.WriteString("\n" + dumpIndent + "]")
	return err
}

// appendChange appends a change-log row as the dump holds it, two levels
// deep: the same bytes as making changeJSON canonical, without encoding
// the row through reflection (the change log is the larger half of a dump).
// The members are in key order.
func appendChange(dst []byte, c *Change) ([]byte, error) {
	o := jsonObject{dst: dst, c: canonicalizer{indent: dumpIndent}, depth: 2}
	o.open()
	o.str("action", c.Action)
	o.str("actor", c.Actor)
	o.raw("after", c.After)
	o.time("at", c.At)
	o.raw("before", c.Before)
	o.str("entity", c.Entity)
	o.str("hash", c.Hash)
	o.int("id", c.ID)
	o.str("key", c.Key)
	o.str("prev_hash", c.PrevHash)
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
	// A conversion to runes replaces each such byte, one for one.
	return appendString(dst, string([]rune(s)))
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

func (o *jsonObject) int(k string, v int64) {
	o.key(k)
	o.dst = strconv.AppendInt(o.dst, v, 10)
}

// raw writes the JSON text v made canonical; null when v is "".
func (o *jsonObject) raw(k, v string) {
	o.key(k)
	if v == "" || o.err != nil {
		o.dst = append(o.dst, "null"...)
		return
	}
	// canonical only reads its source: the text is read in place rather
	// than copied (a risk's whole record, for each change-log row).
	var err error
	if o.dst, err = canonical(o.dst, unsafe.Slice(unsafe.StringData(v), len(v)), o.c.indent, o.depth+1); err != nil {
		o.err = cmp.Or(o.err, err)
	}
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
