package sqlite

import (
	"bufio"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"
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
	const depth = 2
	c2 := canonicalizer{indent: dumpIndent}
	var err error
	members := 0
	key := func(k string) {
		if members++; members > 1 {
			dst = append(dst, ',')
		}
		dst = c2.newline(dst, depth+1)
		dst = append(dst, '"')
		dst = append(dst, k...)
		dst = append(dst, `": `...)
	}
	str := func(k, v string) {
		key(k)
		dst = appendString(dst, v)
	}
	raw := func(k, v string) {
		key(k)
		if v == "" || err != nil {
			dst = append(dst, "null"...)
			return
		}
		// canonical only reads its source: the row's text is read in
		// place rather than copied (a risk's whole record, for each row).
		dst, err = canonical(dst, unsafe.Slice(unsafe.StringData(v), len(v)), dumpIndent, depth+1)
	}
	dst = append(dst, '{')
	str("action", c.Action)
	str("actor", c.Actor)
	raw("after", c.After)
	str("at", c.At.Format(time.RFC3339Nano)) // as time.Time encodes itself
	raw("before", c.Before)
	str("entity", c.Entity)
	str("hash", c.Hash)
	key("id")
	dst = strconv.AppendInt(dst, c.ID, 10)
	str("key", c.Key)
	str("prev_hash", c.PrevHash)
	dst = c2.newline(dst, depth)
	dst = append(dst, '}')
	return dst, err
}
