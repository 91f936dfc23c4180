package risk

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// day parses an ISO date that the test itself spells, failing the test when
// it does not parse.
func day(t *testing.T, s string) Date {
	t.Helper()
	d, err := ParseDate(s)
	if err != nil {
		t.Fatalf("ParseDate(%q): %v", s, err)
	}
	return d
}

func TestParseDate(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    Date
		wantErr bool
	}{
		{name: "Valid", in: "2026-03-31", want: Date{2026, time.March, 31}},
		{name: "LeapDay", in: "2024-02-29", want: Date{2024, time.February, 29}},
		{name: "FirstDayOfYear", in: "2027-01-01", want: Date{2027, time.January, 1}},
		{name: "EarlyYear", in: "0999-12-31", want: Date{999, time.December, 31}},
		{name: "Empty", in: "", want: Date{}},
		{name: "NotALeapYear", in: "2026-02-29", wantErr: true},
		{name: "MonthThirteen", in: "2026-13-01", wantErr: true},
		{name: "MonthZero", in: "2026-00-10", wantErr: true},
		{name: "DayThirtyTwo", in: "2026-01-32", wantErr: true},
		{name: "EuropeanOrder", in: "31/03/2026", wantErr: true},
		{name: "SingleDigitMonth", in: "2026-3-31", wantErr: true},
		{name: "LeadingSpace", in: " 2026-03-31", wantErr: true},
		{name: "TrailingTime", in: "2026-03-31T10:00:00Z", wantErr: true},
		{name: "Word", in: "tomorrow", wantErr: true},
		{name: "Blank", in: " ", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseDate(tt.in)
			if tt.wantErr {
				if err == nil {
					t.Fatalf("ParseDate(%q): got %v, nil error, want an error", tt.in, got)
				}
				if code := ErrorCode(err); code != EINVALID {
					t.Errorf("got code %q, want %q", code, EINVALID)
				}
				if msg := ErrorMessage(err); !strings.Contains(msg, `"`+tt.in+`" is not a date`) {
					t.Errorf("got message %q, want it to quote the input", msg)
				}
				if !got.IsZero() {
					t.Errorf("got %v with the error, want the zero Date", got)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseDate(%q): got error %v, want nil", tt.in, err)
			}
			if got != tt.want {
				t.Errorf("ParseDate(%q): got %#v, want %#v", tt.in, got, tt.want)
			}
			if s := got.String(); s != tt.in {
				t.Errorf("String(): got %q, want %q", s, tt.in)
			}
		})
	}
}

func TestDateOf(t *testing.T) {
	tests := []struct {
		name string
		in   time.Time
		want string
	}{
		{name: "UTCMidnight", in: time.Date(2026, 3, 31, 0, 0, 0, 0, time.UTC), want: "2026-03-31"},
		{name: "LateEveningEastOfUTC", in: time.Date(2026, 3, 31, 23, 30, 0, 0, time.FixedZone("CEST", 2*3600)), want: "2026-03-31"},
		{name: "EarlyMorningWestOfUTC", in: time.Date(2026, 4, 1, 0, 30, 0, 0, time.FixedZone("EDT", -4*3600)), want: "2026-04-01"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := DateOf(tt.in).String(); got != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
}

func TestDateAddMonths(t *testing.T) {
	tests := []struct {
		name string
		from string
		n    int
		want string
	}{
		{name: "PlainMonth", from: "2026-03-15", n: 1, want: "2026-04-15"},
		{name: "ClampToFebruary", from: "2026-01-31", n: 1, want: "2026-02-28"},
		{name: "ClampToLeapFebruary", from: "2024-01-31", n: 1, want: "2024-02-29"},
		{name: "ClampToThirtyDays", from: "2026-03-31", n: 1, want: "2026-04-30"},
		{name: "TwelveMonthsAcrossYear", from: "2026-05-10", n: 12, want: "2027-05-10"},
		{name: "QuarterAcrossYearEnd", from: "2026-11-30", n: 3, want: "2027-02-28"},
		{name: "LeapDayPlusYear", from: "2024-02-29", n: 12, want: "2025-02-28"},
		{name: "Zero", from: "2026-01-31", n: 0, want: "2026-01-31"},
		{name: "MinusOne", from: "2026-03-31", n: -1, want: "2026-02-28"},
		{name: "MinusOneAcrossYear", from: "2026-01-15", n: -1, want: "2025-12-15"},
		{name: "MinusTwelve", from: "2024-02-29", n: -12, want: "2023-02-28"},
		{name: "MinusThirteen", from: "2026-01-31", n: -13, want: "2024-12-31"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := day(t, tt.from).AddMonths(tt.n).String(); got != tt.want {
				t.Errorf("%s + %d months: got %s, want %s", tt.from, tt.n, got, tt.want)
			}
		})
	}
}

func TestDateAddDays(t *testing.T) {
	tests := []struct {
		name string
		from string
		n    int
		want string
	}{
		{name: "NextDay", from: "2026-03-15", n: 1, want: "2026-03-16"},
		{name: "AcrossMonthEnd", from: "2026-01-31", n: 1, want: "2026-02-01"},
		{name: "IntoLeapDay", from: "2024-02-28", n: 1, want: "2024-02-29"},
		{name: "SkipsMissingLeapDay", from: "2026-02-28", n: 1, want: "2026-03-01"},
		{name: "BackAcrossYear", from: "2026-01-01", n: -1, want: "2025-12-31"},
		{name: "Zero", from: "2026-06-30", n: 0, want: "2026-06-30"},
		{name: "LeapYear", from: "2024-01-01", n: 366, want: "2025-01-01"},
		{name: "AcrossSummerTime", from: "2026-03-28", n: 2, want: "2026-03-30"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := day(t, tt.from).AddDays(tt.n).String(); got != tt.want {
				t.Errorf("%s + %d days: got %s, want %s", tt.from, tt.n, got, tt.want)
			}
		})
	}
}

func TestDateDaysUntil(t *testing.T) {
	tests := []struct {
		name     string
		from, to string
		want     int
	}{
		{name: "SameDay", from: "2026-03-01", to: "2026-03-01", want: 0},
		{name: "NextDay", from: "2026-03-01", to: "2026-03-02", want: 1},
		{name: "PreviousDay", from: "2026-03-01", to: "2026-02-28", want: -1},
		{name: "LeapFebruary", from: "2024-02-01", to: "2024-03-01", want: 29},
		{name: "LeapYear", from: "2024-01-01", to: "2025-01-01", want: 366},
		{name: "CommonYearBackwards", from: "2026-01-01", to: "2025-01-01", want: -365},
		// A mistyped year (1700 for 2026) must still give a true count:
		// time.Duration cannot hold more than about 292 years.
		{name: "AcrossCenturies", from: "1700-01-01", to: "2026-01-01", want: 119069},
		{name: "WholeRange", from: "0001-01-01", to: "9999-12-31", want: 3652058},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := day(t, tt.from).DaysUntil(day(t, tt.to)); got != tt.want {
				t.Errorf("%s until %s: got %d days, want %d", tt.from, tt.to, got, tt.want)
			}
		})
	}
}

func TestDateBeforeAfter(t *testing.T) {
	tests := []struct {
		name       string
		d, e       string
		wantBefore bool
		wantAfter  bool
	}{
		{name: "Earlier", d: "2026-03-01", e: "2026-03-02", wantBefore: true},
		{name: "Later", d: "2026-03-02", e: "2026-03-01", wantAfter: true},
		{name: "SameDay", d: "2026-03-01", e: "2026-03-01"},
		{name: "EarlierYearLaterMonth", d: "2025-12-31", e: "2026-01-01", wantBefore: true},
		{name: "LaterMonthEarlierDay", d: "2026-04-01", e: "2026-03-31", wantAfter: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, e := day(t, tt.d), day(t, tt.e)
			if got := d.Before(e); got != tt.wantBefore {
				t.Errorf("%s.Before(%s): got %v, want %v", d, e, got, tt.wantBefore)
			}
			if got := d.After(e); got != tt.wantAfter {
				t.Errorf("%s.After(%s): got %v, want %v", d, e, got, tt.wantAfter)
			}
		})
	}
}

func TestDateString(t *testing.T) {
	tests := []struct {
		name     string
		d        Date
		want     string
		wantZero bool
	}{
		{name: "Zero", d: Date{}, want: "", wantZero: true},
		{name: "Padded", d: Date{999, time.January, 5}, want: "0999-01-05"},
		{name: "Plain", d: Date{2026, time.December, 31}, want: "2026-12-31"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.d.String(); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
			if got := tt.d.IsZero(); got != tt.wantZero {
				t.Errorf("IsZero: got %v, want %v", got, tt.wantZero)
			}
		})
	}
}

func TestDateJSON(t *testing.T) {
	type record struct {
		Due  Date `json:"due"`
		Done Date `json:"done"`
	}
	tests := []struct {
		name string
		in   record
		want string
	}{
		{name: "BothSet", in: record{Due: Date{2026, time.March, 31}, Done: Date{2026, time.April, 2}},
			want: `{"due":"2026-03-31","done":"2026-04-02"}`},
		{name: "ZeroMarshalsEmpty", in: record{Due: Date{2026, time.March, 31}},
			want: `{"due":"2026-03-31","done":""}`},
		{name: "AllZero", in: record{}, want: `{"due":"","done":""}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := json.Marshal(tt.in)
			if err != nil {
				t.Fatalf("marshal: %v", err)
			}
			if string(b) != tt.want {
				t.Errorf("marshal: got %s, want %s", b, tt.want)
			}
			var back record
			if err := json.Unmarshal(b, &back); err != nil {
				t.Fatalf("unmarshal %s: %v", b, err)
			}
			if back != tt.in {
				t.Errorf("round trip: got %+v, want %+v", back, tt.in)
			}
		})
	}
}

func TestDateUnmarshalJSONInvalid(t *testing.T) {
	tests := []struct {
		name string
		in   string
	}{
		{name: "EuropeanOrder", in: `{"due":"31/03/2026"}`},
		{name: "ImpossibleDay", in: `{"due":"2026-02-30"}`},
		{name: "Timestamp", in: `{"due":"2026-03-31T00:00:00Z"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var v struct {
				Due Date `json:"due"`
			}
			err := json.Unmarshal([]byte(tt.in), &v)
			if got := ErrorCode(err); got != EINVALID {
				t.Errorf("got code %q (error %v), want %q", got, err, EINVALID)
			}
			if !v.Due.IsZero() {
				t.Errorf("got %v, want the zero Date", v.Due)
			}
		})
	}
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"", "2026-03-31", "2024-02-29", "2026-02-29", "0000-01-01", "9999-12-31",
		"31/03/2026", "2026-3-31", "2026-03-31T00:00:00Z", " 2026-03-31", "+2026-03-31", "-001-01-01"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		if err != nil {
			if code := ErrorCode(err); code != EINVALID {
				t.Fatalf("ParseDate(%q): got code %q, want %q", s, code, EINVALID)
			}
			return
		}
		if got := d.String(); got != s {
			t.Fatalf("ParseDate(%q).String(): got %q, want %q", s, got, s)
		}
		back, err := ParseDate(d.String())
		if err != nil || back != d {
			t.Fatalf("ParseDate(%q) again: got %v, %v, want %v, nil", d.String(), back, err, d)
		}
		if next := d.AddDays(1); !next.After(d) || d.DaysUntil(next) != 1 {
			t.Fatalf("%v + 1 day: got %v (%d days later), want the next day", d, next, d.DaysUntil(next))
		}
	})
}

func TestDateValid(t *testing.T) {
	tests := []struct {
		name string
		d    Date
		want bool
	}{
		{"Zero", Date{}, true},
		{"Ordinary", Date{2026, time.March, 31}, true},
		{"LeapDay", Date{2028, time.February, 29}, true},
		{"NotLeapYear", Date{2026, time.February, 29}, false},
		{"ThirtyFirstOfApril", Date{2026, time.April, 31}, false},
		{"MonthThirteen", Date{2026, 13, 1}, false},
		{"DayZero", Date{2026, time.May, 0}, false},
		{"FiveDigitYear", Date{12026, time.May, 1}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.d.Valid(); got != tt.want {
				t.Errorf("%+v.Valid() = %v, want %v", tt.d, got, tt.want)
			}
		})
	}
}

func TestDateInFuture(t *testing.T) {
	today := Date{2026, time.March, 31}
	tests := []struct {
		name  string
		d     Date
		today Date
		want  bool
	}{
		{"Yesterday", Date{2026, time.March, 30}, today, false},
		{"Today", today, today, false},
		{"TomorrowIsTodayEastOfUTC", Date{2026, time.April, 1}, today, false},
		{"DayAfterTomorrow", Date{2026, time.April, 2}, today, true},
		{"NextYear", Date{2027, time.January, 1}, today, true},
		{"ZeroDate", Date{}, today, false},
		{"ZeroToday", Date{2099, time.January, 1}, Date{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.d.InFuture(tt.today); got != tt.want {
				t.Errorf("%s.InFuture(%s) = %v, want %v", tt.d, tt.today, got, tt.want)
			}
		})
	}
}
