package sqlite

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"unicode/utf8"
)

// The canonical JSON of the change log and the dump: object keys sorted,
// strings escaped as encoding/json escapes them without HTML escaping,
// numbers as written. It used to be made by decoding into interface values
// and encoding them again, which allocated a map per object and dominated
// every dump, export and import; canonical rewrites the JSON in one pass
// over its bytes instead, and gives the same bytes (FuzzCanonical checks it
// against that older way).

// canonical appends the canonical form of the JSON value src to dst. With
// indent set it is laid out as json.Indent lays out a value found depth
// levels deep with that indent and no prefix; without, it is compact.
func canonical(dst, src []byte, indent string, depth int) ([]byte, error) {
	c := canonicalizer{src: src, indent: indent}
	var err error
	c.i = skipSpace(src, 0)
	if dst, err = c.value(dst, depth); err != nil {
		return dst, err
	}
	if skipSpace(src, c.i) != len(src) {
		return dst, errors.New("canonical json: data after the value")
	}
	return dst, nil
}

type canonicalizer struct {
	src    []byte
	i      int
	indent string
	// keys and scratch are reused for sorting an object's members.
	keys    []member
	sorting []member
	scratch []byte
}

// member is an object member as written to dst: its decoded key and where
// the member (key, colon and value) lies in dst.
type member struct {
	key        []byte
	start, end int
}

var errSyntax = errors.New("canonical json: invalid JSON")

func skipSpace(src []byte, i int) int {
	for i < len(src) {
		switch src[i] {
		case ' ', '\t', '\n', '\r':
			i++
		default:
			return i
		}
	}
	return i
}

func (c *canonicalizer) newline(dst []byte, depth int) []byte {
	if c.indent == "" {
		return dst
	}
	dst = append(dst, '\n')
	for range depth {
		dst = append(dst, c.indent...)
	}
	return dst
}

func (c *canonicalizer) value(dst []byte, depth int) ([]byte, error) {
	if c.i >= len(c.src) {
		return dst, errSyntax
	}
	switch b := c.src[c.i]; {
	case b == '{':
		return c.object(dst, depth)
	case b == '[':
		return c.array(dst, depth)
	case b == '"':
		s, plain, next, err := stringAt(c.src, c.i)
		if err != nil {
			return dst, err
		}
		if plain {
			// Written as encoding/json would write it: as it is.
			dst = append(dst, c.src[c.i:next]...)
		} else {
			dst = appendString(dst, string(s))
		}
		c.i = next
		return dst, nil
	case b == '-' || b >= '0' && b <= '9':
		end := numberEnd(c.src, c.i)
		if end < 0 {
			return dst, errSyntax
		}
		dst = append(dst, c.src[c.i:end]...)
		c.i = end
		return dst, nil
	default:
		for _, lit := range []string{"true", "false", "null"} {
			if bytes.HasPrefix(c.src[c.i:], []byte(lit)) {
				c.i += len(lit)
				return append(dst, lit...), nil
			}
		}
		return dst, errSyntax
	}
}

// open writes the opening bracket of the object or array at c.i, and its
// closing one too when it is empty.
func (c *canonicalizer) open(dst []byte, closing byte) ([]byte, bool) {
	dst = append(dst, c.src[c.i])
	c.i = skipSpace(c.src, c.i+1)
	if c.i < len(c.src) && c.src[c.i] == closing {
		c.i++
		return append(dst, closing), true
	}
	return dst, false
}

func (c *canonicalizer) array(dst []byte, depth int) ([]byte, error) {
	dst, empty := c.open(dst, ']')
	if empty {
		return dst, nil
	}
	for n := 0; ; n++ {
		if n > 0 {
			dst = append(dst, ',')
		}
		dst = c.newline(dst, depth+1)
		var err error
		if dst, err = c.value(dst, depth+1); err != nil {
			return dst, err
		}
		c.i = skipSpace(c.src, c.i)
		if c.i >= len(c.src) {
			return dst, errSyntax
		}
		switch c.src[c.i] {
		case ',':
			c.i = skipSpace(c.src, c.i+1)
		case ']':
			c.i++
			dst = c.newline(dst, depth)
			return append(dst, ']'), nil
		default:
			return dst, errSyntax
		}
	}
}

// object writes the members in the order they come, each after a comma
// and a new line, and only then, when the keys were not in order already
// (or one repeats, where the last one counts), rewrites them sorted.
func (c *canonicalizer) object(dst []byte, depth int) ([]byte, error) {
	dst, empty := c.open(dst, '}')
	if empty {
		return dst, nil
	}
	base := len(c.keys)
	defer func() { c.keys = c.keys[:base] }()
	sorted := true
	for {
		if c.i >= len(c.src) || c.src[c.i] != '"' {
			return dst, errSyntax
		}
		keyAt := c.i
		key, plain, next, err := stringAt(c.src, c.i)
		if err != nil {
			return dst, err
		}
		c.i = skipSpace(c.src, next)
		if c.i >= len(c.src) || c.src[c.i] != ':' {
			return dst, errSyntax
		}
		c.i = skipSpace(c.src, c.i+1)
		if n := len(c.keys); n > base && bytes.Compare(c.keys[n-1].key, key) >= 0 {
			sorted = false
		}
		start := len(dst)
		dst = c.newline(dst, depth+1)
		if plain {
			dst = append(dst, c.src[keyAt:next]...)
		} else {
			dst = appendString(dst, string(key))
		}
		dst = append(dst, ':')
		if c.indent != "" {
			dst = append(dst, ' ')
		}
		if dst, err = c.value(dst, depth+1); err != nil {
			return dst, err
		}
		c.keys = append(c.keys, member{key: key, start: start, end: len(dst)})
		c.i = skipSpace(c.src, c.i)
		if c.i >= len(c.src) {
			return dst, errSyntax
		}
		if c.src[c.i] == '}' {
			c.i++
			break
		}
		if c.src[c.i] != ',' {
			return dst, errSyntax
		}
		dst = append(dst, ',')
		c.i = skipSpace(c.src, c.i+1)
	}
	if !sorted {
		dst = c.sortMembers(dst, c.keys[base:])
	}
	dst = c.newline(dst, depth)
	return append(dst, '}'), nil
}

// sortMembers rewrites the members ms, which end dst, in key order,
// keeping only the last of members with the same key.
func (c *canonicalizer) sortMembers(dst []byte, ms []member) []byte {
	from := ms[0].start
	c.scratch = append(c.scratch[:0], dst[from:]...)
	old := c.scratch
	c.sorting = append(c.sorting[:0], ms...)
	ms = c.sorting
	slices.SortStableFunc(ms, func(a, b member) int { return bytes.Compare(a.key, b.key) })
	dst = dst[:from]
	for k, m := range ms {
		if k+1 < len(ms) && bytes.Equal(ms[k+1].key, m.key) {
			continue
		}
		if len(dst) > from {
			dst = append(dst, ',')
		}
		part := old[m.start-from : m.end-from]
		// Each member was written after the comma that separated it from
		// the one before, so it starts with its own new line.
		dst = append(dst, part...)
	}
	return dst
}

// stringAt decodes the JSON string starting at src[i], which is a quote,
// and returns it with the index after its closing quote. plain says that
// it holds nothing encoding/json would write otherwise (an escape, invalid
// UTF-8, a line or paragraph separator): its text is then src's own bytes
// between the quotes, not a copy. Others are decoded as encoding/json
// decodes them.
func stringAt(src []byte, i int) (s []byte, plain bool, next int, err error) {
	j := i + 1
	plain = true
	for j < len(src) {
		b := src[j]
		switch {
		case b == '"':
			if plain {
				return src[i+1 : j], true, j + 1, nil
			}
			var v string
			if err := json.Unmarshal(src[i:j+1], &v); err != nil {
				return nil, false, 0, fmt.Errorf("canonical json: %w", err)
			}
			return []byte(v), false, j + 1, nil
		case b == '\\':
			plain = false
			j += 2
			continue
		case b < 0x20:
			return nil, false, 0, errSyntax
		case b >= utf8.RuneSelf:
			r, size := utf8.DecodeRune(src[j:])
			if r == utf8.RuneError && size == 1 || r == '\u2028' || r == '\u2029' {
				plain = false
			}
			j += size
			continue
		}
		j++
	}
	return nil, false, 0, errSyntax
}

// appendString writes s as a JSON string the way encoding/json does with
// HTML escaping off.
func appendString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		b := s[i]
		if b < utf8.RuneSelf {
			if b >= 0x20 && b != '"' && b != '\\' {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch b {
			case '\\', '"':
				dst = append(dst, '\\', b)
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[b>>4], hexDigits[b&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

const hexDigits = "0123456789abcdef"

// numberEnd returns the index after the JSON number at src[i], or -1 when
// there is none.
func numberEnd(src []byte, i int) int {
	digits := func(i int) int {
		j := i
		for j < len(src) && src[j] >= '0' && src[j] <= '9' {
			j++
		}
		return j
	}
	if src[i] == '-' {
		i++
	}
	switch {
	case i < len(src) && src[i] == '0':
		i++
	case i < len(src) && src[i] >= '1' && src[i] <= '9':
		i = digits(i)
	default:
		return -1
	}
	if i < len(src) && src[i] == '.' {
		j := digits(i + 1)
		if j == i+1 {
			return -1
		}
		i = j
	}
	if i < len(src) && (src[i] == 'e' || src[i] == 'E') {
		i++
		if i < len(src) && (src[i] == '+' || src[i] == '-') {
			i++
		}
		j := digits(i)
		if j == i {
			return -1
		}
		i = j
	}
	return i
}
