package sqlite

import (
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"riskbook/risk"
)

// appendRisk writes the bytes encoding a risk and making it canonical
// writes, compact and laid out, for risks whose every field (found by
// reflection, so that a field added to risk.Risk is tried too) holds
// random values: text that needs escaping, nil and empty lists, zero and
// set dates, times in other zones.
func TestAppendRiskMatchesCanonical(t *testing.T) {
	rng := rand.New(rand.NewPCG(16, 2026))
	for i := range 3000 {
		var r risk.Risk
		fillRandom(rng, reflect.ValueOf(&r).Elem())
		raw, err := marshal(&r, "")
		if err != nil {
			t.Fatal(err)
		}
		// A risk handed over by value (a deleted one's image) is the same.
		byValue, err := canonicalJSON(r)
		if want, _ := canonical(nil, raw, "", 0); err != nil || byValue != string(want) {
			t.Fatalf("risk %d by value: %v\n got %s\nwant %s", i, err, byValue, want)
		}
		for _, layout := range []struct {
			indent string
			depth  int
		}{{"", 0}, {dumpIndent, 2}, {dumpIndent, 0}} {
			want, err := canonical(nil, raw, layout.indent, layout.depth)
			if err != nil {
				t.Fatal(err)
			}
			got, err := appendRisk([]byte("prefix"), &r, layout.indent, layout.depth)
			if err != nil {
				t.Fatalf("risk %d: %v", i, err)
			}
			if string(got) != "prefix"+string(want) {
				t.Fatalf("risk %d, indent %q depth %d:\n got %s\nwant %s", i, layout.indent, layout.depth, got[len("prefix"):], want)
			}
		}
	}
}

// appendChange writes the bytes encoding a change-log row as the dump
// holds it and making it canonical writes, for rows whose every field is
// random (their before and after images random risks, or none).
func TestAppendChangeMatchesCanonical(t *testing.T) {
	rng := rand.New(rand.NewPCG(19, 2026))
	for i := range 2000 {
		var c Change
		fillRandom(rng, reflect.ValueOf(&c).Elem())
		for _, image := range []*string{&c.Before, &c.After} {
			*image = ""
			if rng.IntN(3) > 0 {
				var r risk.Risk
				fillRandom(rng, reflect.ValueOf(&r).Elem())
				raw, err := marshal(&r, "") // as an older version stored it: not canonical
				if err != nil {
					t.Fatal(err)
				}
				*image = string(raw)
			}
		}
		raw, err := marshal(changeJSON{Change: c, Before: rawOrNull(c.Before), After: rawOrNull(c.After)}, "")
		if err != nil {
			t.Fatal(err)
		}
		want, err := canonical(nil, raw, dumpIndent, 2)
		if err != nil {
			t.Fatal(err)
		}
		got, err := appendChange(nil, &c)
		if err != nil {
			t.Fatalf("row %d: %v", i, err)
		}
		if string(got) != string(want) {
			t.Fatalf("row %d:\n got %s\nwant %s", i, got, want)
		}
	}
}

// A time encoding/json refuses is refused.
func TestAppendRiskRefusesWhatEncodingRefuses(t *testing.T) {
	r := risk.Risk{Ref: "R-1", Created: time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)}
	if _, err := marshal(&r, ""); err == nil {
		t.Fatal("encoding/json took a year of five digits")
	}
	if got, err := appendRisk([]byte("x"), &r, "", 0); err == nil {
		t.Errorf("appendRisk took a year of five digits: %s", got)
	}
}

// fillRandom sets v, and everything in it, to random values.
func fillRandom(rng *rand.Rand, v reflect.Value) {
	if v.Type() == reflect.TypeFor[time.Time]() {
		if rng.IntN(6) == 0 {
			v.Set(reflect.ValueOf(time.Time{}))
			return
		}
		zone := time.FixedZone("", (rng.IntN(27*60)-12*60)*60)
		if rng.IntN(2) == 0 {
			zone = time.UTC
		}
		at := time.Unix(rng.Int64N(4_000_000_000), rng.Int64N(1e9)*int64(rng.IntN(2))).In(zone)
		v.Set(reflect.ValueOf(at))
		return
	}
	if v.Type() == reflect.TypeFor[risk.Date]() {
		if rng.IntN(3) > 0 {
			v.Set(reflect.ValueOf(risk.Date{Year: 1990 + rng.IntN(60), Month: time.Month(1 + rng.IntN(12)), Day: 1 + rng.IntN(28)}))
		}
		return
	}
	switch v.Kind() {
	case reflect.String:
		v.SetString(randomText(rng))
	case reflect.Int, reflect.Int64, reflect.Int32:
		v.SetInt(rng.Int64N(2000) - 500)
	case reflect.Bool:
		v.SetBool(rng.IntN(2) == 0)
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				fillRandom(rng, v.Field(i))
			}
		}
	case reflect.Slice:
		switch n := rng.IntN(5); n {
		case 0: // nil
		default:
			s := reflect.MakeSlice(v.Type(), n-1, n-1)
			for i := range s.Len() {
				fillRandom(rng, s.Index(i))
			}
			v.Set(s)
		}
	default:
		panic("fillRandom: no random " + v.Type().String())
	}
}

// randomText is text of the kinds people and spreadsheets write, with what
// JSON must escape.
func randomText(rng *rand.Rand) string {
	pieces := []string{"", "DNS", " outage ", "Zone signing", "é", "Điện", "Сервер", "خادم",
		`"quoted"`, `back\slash`, "line\nbreak", "tab\t", "\r", "\x01", "\x7f", "<a&b>",
		"\u2028", "\u2029", "\xff", "\xe2\x82", "😀", "R-001", "A.5.1"}
	s := ""
	for range rng.IntN(5) {
		s += pieces[rng.IntN(len(pieces))]
	}
	return s
}
