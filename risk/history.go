package risk

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"
)

// FieldChange is one field a change gave a new value: Field is its path
// as findings name fields ("title", "acceptance.expiry", "actions[1].due"),
// Before and After its values as text ("" for none).
type FieldChange struct {
	Field  string
	Before string
	After  string
}

// HistoryEntry is one change of a record as a reader follows it: who, when,
// what they did (create, update, delete), under which reference, and the
// fields that changed.
type HistoryEntry struct {
	At     time.Time
	Actor  string
	Action string
	Key    string
	Fields []FieldChange
}

// historyNoise are the fields every change touches or no person sets:
// listing them would bury what changed.
var historyNoise = map[string]bool{"updated": true, "created": true, "id": true}

// DiffJSON compares two versions of a record, each as JSON ("" for none,
// as before a creation or after a deletion), and returns the fields whose
// values differ, in field order. Lists of plain values (controls,
// participants) are one field, written as the values joined by commas;
// lists of objects (actions, steps) are compared item by item.
func DiffJSON(before, after string) ([]FieldChange, error) {
	b, err := flattenJSON(before)
	if err != nil {
		return nil, fmt.Errorf("read the earlier version: %w", err)
	}
	a, err := flattenJSON(after)
	if err != nil {
		return nil, fmt.Errorf("read the later version: %w", err)
	}
	keys := map[string]bool{}
	for k := range b {
		keys[k] = true
	}
	for k := range a {
		keys[k] = true
	}
	var out []FieldChange
	for _, k := range slices.SortedFunc(maps.Keys(keys), CompareRefs) {
		if b[k] != a[k] {
			out = append(out, FieldChange{Field: k, Before: b[k], After: a[k]})
		}
	}
	return out, nil
}

// flattenJSON maps each field path of a JSON object to its value as text,
// leaving out empty values and the noise fields.
func flattenJSON(s string) (map[string]string, error) {
	out := map[string]string{}
	if strings.TrimSpace(s) == "" {
		return out, nil
	}
	dec := json.NewDecoder(bytes.NewReader([]byte(s)))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	flatten(out, "", v)
	return out, nil
}

func flatten(out map[string]string, path string, v any) {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			if path == "" && historyNoise[k] {
				continue
			}
			p := k
			if path != "" {
				p = path + "." + k
			}
			flatten(out, p, e)
		}
	case []any:
		if plainList(x) {
			var parts []string
			for _, e := range x {
				if t := scalarText(e); t != "" {
					parts = append(parts, t)
				}
			}
			if len(parts) > 0 {
				out[path] = strings.Join(parts, ", ")
			}
			return
		}
		for i, e := range x {
			flatten(out, fmt.Sprintf("%s[%d]", path, i), e)
		}
	default:
		if t := scalarText(x); t != "" {
			out[path] = t
		}
	}
}

// plainList reports whether a list holds no object or list.
func plainList(xs []any) bool {
	for _, e := range xs {
		switch e.(type) {
		case map[string]any, []any:
			return false
		}
	}
	return true
}

// scalarText writes a JSON value as text. Zero values (null, "", 0,
// false) are none, as they are throughout a workspace: an unset score is
// 0, an unset date "".
func scalarText(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case json.Number:
		if f, err := x.Float64(); err == nil && f == 0 {
			return ""
		}
		return x.String()
	case bool:
		if x {
			return "yes"
		}
		return ""
	}
	return fmt.Sprint(v)
}
