package sqlite

import (
	"bytes"
	"encoding/json"
	"testing"
)

// referenceCanonical is how canonical JSON was made before canonical: the
// value decoded into interface values (numbers kept as written) and
// encoded again, then laid out by json.Indent.
func referenceCanonical(src []byte, indent string, depth int) ([]byte, error) {
	dec := json.NewDecoder(bytes.NewReader(src))
	dec.UseNumber()
	var generic any
	if err := dec.Decode(&generic); err != nil {
		return nil, err
	}
	if len(bytes.TrimLeft(src[dec.InputOffset():], " \t\r\n")) > 0 {
		return nil, errSyntax
	}
	flat, err := marshal(generic, "")
	if err != nil || indent == "" {
		return flat, err
	}
	prefix := ""
	for range depth {
		prefix += indent
	}
	var out bytes.Buffer
	err = json.Indent(&out, flat, prefix, indent)
	return out.Bytes(), err
}

var canonicalCases = []string{
	`{}`, `[]`, `null`, `true`, `-0.5e+10`, `"x"`,
	`{"b":1,"a":2}`,
	`{"a":{"z":[1,2,{"y":null,"x":[]}],"b":{}},"A":"\u00e9\n\t\"\\\u2028 \u0001<>&"}`,
	`{"k":1,"k":2,"j":3}`,
	` { "b" : [ 1 , 2 ] , "a" : "\ud83d\ude00" } `,
	"{\"bad\":\"\xff\xfe\",\"ok\":\"caf\u00e9 \u0639\u0631\u0628\u064a\"}",
	`{"\u0062":1,"a":2}`,
	`{"0":{"00":{}},"1":"\b0\f\u001f"}`,
	`[{"id":1,"at":"2026-03-01T12:00:00Z","before":null,"after":{"title":"Loss","scores":[1,5]}}]`,
}

// TestCanonicalMatchesReference checks canonical, compact and indented at
// several depths, against the older way of making canonical JSON.
func TestCanonicalMatchesReference(t *testing.T) {
	for _, src := range canonicalCases {
		for _, lay := range []struct {
			indent string
			depth  int
		}{{"", 0}, {"  ", 0}, {"  ", 2}} {
			want, werr := referenceCanonical([]byte(src), lay.indent, lay.depth)
			got, gerr := canonical(nil, []byte(src), lay.indent, lay.depth)
			if (werr != nil) != (gerr != nil) {
				t.Fatalf("%q (indent %q, depth %d): got error %v, want %v", src, lay.indent, lay.depth, gerr, werr)
			}
			if werr == nil && !bytes.Equal(got, want) {
				t.Errorf("%q (indent %q, depth %d):\ngot  %s\nwant %s", src, lay.indent, lay.depth, got, want)
			}
		}
	}
}

// TestCanonicalRefusesInvalid checks that what is not JSON is refused.
func TestCanonicalRefusesInvalid(t *testing.T) {
	for _, src := range []string{``, `{`, `[1,]`, `{"a"}`, `{"a":1,}`, `01`, `1.`, `"\x01"`, `"abc`, `tru`, `{} {}`, `[1 2]`} {
		if got, err := canonical(nil, []byte(src), "", 0); err == nil {
			t.Errorf("%q: got %s, want an error", src, got)
		}
	}
}

// FuzzCanonical checks canonical against the older way on any input the
// older way accepts: the change log's hashes and the dump's digest depend
// on every byte.
func FuzzCanonical(f *testing.F) {
	for _, c := range canonicalCases {
		f.Add([]byte(c), uint8(0))
		f.Add([]byte(c), uint8(3))
	}
	f.Fuzz(func(t *testing.T, src []byte, depth uint8) {
		indent := ""
		if depth > 0 {
			indent = "  "
		}
		d := int(depth % 8)
		want, werr := referenceCanonical(src, indent, d)
		if werr != nil {
			return
		}
		got, err := canonical(nil, src, indent, d)
		if err != nil {
			t.Fatalf("%q: got error %v, want %s", src, err, want)
		}
		if !bytes.Equal(got, want) {
			t.Fatalf("%q:\ngot  %s\nwant %s", src, got, want)
		}
	})
}
