package bcp

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"

	"riskbook/risk"
)

func TestParseDuration(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want time.Duration
	}{
		{"Empty", "", 0},
		{"Blank", "  \t ", 0},
		{"HoursShort", "4h", 4 * time.Hour},
		{"HoursSpaced", "4 h", 4 * time.Hour},
		{"HoursWord", "4 hours", 4 * time.Hour},
		{"HourSingular", "1 hour", time.Hour},
		{"HoursHr", "2 hr", 2 * time.Hour},
		{"HoursHrs", "2hrs", 2 * time.Hour},
		{"MinutesMin", "30 min", 30 * time.Minute},
		{"MinutesM", "30m", 30 * time.Minute},
		{"MinutesMins", "45 mins", 45 * time.Minute},
		{"MinutesWord", "90 minutes", 90 * time.Minute},
		{"DaysWord", "2 days", 2 * Day},
		{"DaysShort", "2d", 2 * Day},
		{"DaySingular", "1 day", Day},
		{"WeekWord", "1 week", Week},
		{"WeeksWord", "2 weeks", 2 * Week},
		{"WeeksShort", "3w", 3 * Week},
		{"WeeksWk", "1 wk", Week},
		{"MonthWord", "1 month", Month},
		{"MonthsShort", "2mo", 2 * Month},
		{"MonthsMth", "3 mth", 3 * Month},
		{"FractionalHours", "1.5 h", 90 * time.Minute},
		{"FractionalDay", "0.5 day", 12 * time.Hour},
		{"LeadingDot", ".5h", 30 * time.Minute},
		{"DayAndHours", "1 day 12 hours", 36 * time.Hour},
		{"DayCommaHours", "1 day, 12 h", 36 * time.Hour},
		{"DayAndWordHours", "1 day and 12 hours", 36 * time.Hour},
		{"HoursMinutesRunTogether", "4h30m", 4*time.Hour + 30*time.Minute},
		{"ThreeParts", "1 week 2 days 3 h", Week + 2*Day + 3*time.Hour},
		{"UpperCaseAndPadding", " 4H ", 4 * time.Hour},
		{"MixedCase", "2 Days", 2 * Day},
		{"RoundsToMinute", "0.51 min", time.Minute},
		{"TenYears", "3650 days", 3650 * Day},
		{"HoursHrsSpaced", "2 hrs", 2 * time.Hour},
		{"HoursHrsFullStop", "2 hrs.", 2 * time.Hour},
		{"MinutesFullStop", "15 min.", 15 * time.Minute},
		{"FullStopThenMore", "1 hr. 30 min", 90 * time.Minute},
		{"FullStopComma", "1 day., 2 h", 26 * time.Hour},
		{"MonthsMths", "2 mths", 2 * Month},
		{"MonthsMos", "6 mos", 6 * Month},
		{"YearWord", "1 year", Year},
		{"YearsYrs", "2 yrs", 2 * Year},
		{"YearShort", "1y", Year},
		{"TenYearsWord", "10 years", 10 * Year},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseDuration(tt.in)
			if err != nil {
				t.Fatalf("ParseDuration(%q): got error %v, want %v", tt.in, err, tt.want)
			}
			if got != tt.want {
				t.Errorf("ParseDuration(%q): got %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}

func TestParseDurationInvalid(t *testing.T) {
	tests := []struct {
		name string
		in   string
	}{
		{"NumberOnly", "4"},
		{"UnitOnly", "h"},
		{"Words", "four hours"},
		{"Negative", "-2h"},
		{"Zero", "0h"},
		{"ZeroSum", "0 h 0 min"},
		{"UnknownUnit", "4 parsecs"},
		{"Years", "11 years"},
		{"FullStopBeforeNumber", "4 h.5"},
		{"TwoFullStops", "4 hrs.."},
		{"Huge", "5000 days"},
		{"JustOverTenYears", "3650 days 1 min"},
		{"DoubleDot", "1..5h"},
		{"TwoDots", "1.2.3 h"},
		{"DotOnly", ". h"},
		{"TrailingNumber", "4h 30"},
		{"TrailingAnd", "4h and"},
		{"Seconds", "30 s"},
		{"Tab", "4\thours"},
		{"BelowHalfMinute", "0.4 min"},
		{"Tiny", "0.001h"},
		// A huge term would overflow int64 and wrap round to a small value.
		{"HugeTermWraps", "99999999999999999999 min 99999999999999999999 min 4 h"},
		{"SumWrapsToMinutes", "2562047 h 2562047 h 2 h"},
		{"ManyDigits", strings.Repeat("9", 400) + " h"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseDuration(tt.in)
			if err == nil {
				t.Fatalf("ParseDuration(%q): got %v, want an error", tt.in, got)
			}
			if got != 0 {
				t.Errorf("ParseDuration(%q): got %v with the error, want 0", tt.in, got)
			}
			if code := risk.ErrorCode(err); code != risk.EINVALID {
				t.Errorf("ParseDuration(%q): got code %q, want %q", tt.in, code, risk.EINVALID)
			}
			msg := risk.ErrorMessage(err)
			for _, frag := range []string{strconv.Quote(tt.in), "is not a duration", "for example 30 min, 4h, 2 days or 1 week"} {
				if !strings.Contains(msg, frag) {
					t.Errorf("ParseDuration(%q): got message %q, want it to contain %q", tt.in, msg, frag)
				}
			}
		})
	}
}

func TestFormatDuration(t *testing.T) {
	tests := []struct {
		name string
		in   time.Duration
		want string
	}{
		{"Zero", 0, ""},
		{"Negative", -time.Hour, ""},
		{"ThirtyMinutes", 30 * time.Minute, "30 min"},
		{"OneMinute", time.Minute, "1 min"},
		{"RoundsSeconds", 90 * time.Second, "2 min"},
		{"FourHours", 4 * time.Hour, "4 h"},
		{"NinetyMinutes", 90 * time.Minute, "1 h 30 min"},
		{"OneDay", 24 * time.Hour, "1 day"},
		{"DayAndAHalf", 36 * time.Hour, "1 day 12 h"},
		{"DayHourMinute", Day + time.Hour + time.Minute, "1 day 1 h 1 min"},
		{"DayAndMinutes", Day + 5*time.Minute, "1 day 5 min"},
		{"ThreeDays", 72 * time.Hour, "3 days"},
		{"EightDays", 8 * Day, "8 days"},
		{"OneWeek", 7 * Day, "1 week"},
		{"TwoWeeks", 14 * Day, "2 weeks"},
		{"OneMonth", 30 * Day, "1 month"},
		{"ThirtyFiveDays", 35 * Day, "5 weeks"},
		{"SixtyDays", 60 * Day, "2 months"},
		{"MonthBeatsWeeks", 210 * Day, "7 months"},
		{"MonthAndAnHour", Month + time.Hour, "30 days 1 h"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := FormatDuration(tt.in); got != tt.want {
				t.Errorf("FormatDuration(%v): got %q, want %q", tt.in, got, tt.want)
			}
			if got := Duration(tt.in).String(); got != tt.want {
				t.Errorf("Duration(%v).String(): got %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestDurationRoundTrip(t *testing.T) {
	ds := []time.Duration{time.Minute, 30 * time.Minute, 59 * time.Minute, time.Hour, 90 * time.Minute,
		4 * time.Hour, 23*time.Hour + 59*time.Minute, Day, 36 * time.Hour, 3 * Day, 6*Day + 23*time.Hour,
		Week, 8 * Day, 2 * Week, Month, Month + time.Minute, 45 * Day, 365 * Day, 3650 * Day}
	// Every minute of the first two days and every hour of the first year.
	for m := time.Duration(1); m <= 2*24*60; m++ {
		ds = append(ds, m*time.Minute)
	}
	for h := time.Duration(1); h <= 365*24; h++ {
		ds = append(ds, h*time.Hour)
	}
	for _, d := range ds {
		s := FormatDuration(d)
		got, err := ParseDuration(s)
		if err != nil {
			t.Fatalf("ParseDuration(FormatDuration(%v) = %q): got error %v, want %v", d, s, err, d)
		}
		if got != d {
			t.Fatalf("ParseDuration(FormatDuration(%v) = %q): got %v, want %v", d, s, got, d)
		}
	}
}

func TestHours(t *testing.T) {
	tests := []struct {
		name string
		n    int
		want Duration
	}{
		{"Zero", 0, 0},
		{"One", 1, Duration(time.Hour)},
		{"Day", 24, Duration(Day)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Hours(tt.n); got != tt.want {
				t.Errorf("Hours(%d): got %v, want %v", tt.n, time.Duration(got), time.Duration(tt.want))
			}
		})
	}
}

// timed is a struct holding Durations the way workspace records do.
type timed struct {
	RTO  Duration `json:"rto"`
	MTPD Duration `json:"mtpd"`
}

func TestDurationJSON(t *testing.T) {
	tests := []struct {
		name string
		in   timed
		want string
	}{
		{"Zero", timed{}, `{"rto":"","mtpd":""}`},
		{"Hours", timed{RTO: Hours(4), MTPD: Hours(24)}, `{"rto":"4 h","mtpd":"1 day"}`},
		{"Mixed", timed{RTO: Duration(90 * time.Minute), MTPD: Duration(36 * time.Hour)}, `{"rto":"1 h 30 min","mtpd":"1 day 12 h"}`},
		{"WeeksAndMonths", timed{RTO: Duration(2 * Week), MTPD: Duration(Month)}, `{"rto":"2 weeks","mtpd":"1 month"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := json.Marshal(tt.in)
			if err != nil {
				t.Fatalf("marshal %+v: %v", tt.in, err)
			}
			if string(b) != tt.want {
				t.Errorf("marshal %+v: got %s, want %s", tt.in, b, tt.want)
			}
			var got timed
			if err := json.Unmarshal(b, &got); err != nil {
				t.Fatalf("unmarshal %s: %v", b, err)
			}
			if got != tt.in {
				t.Errorf("unmarshal %s: got %+v, want %+v", b, got, tt.in)
			}
		})
	}
}

func TestDurationUnmarshalJSON(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want timed
	}{
		{"HumanForms", `{"rto":"4 hours","mtpd":"2d"}`, timed{RTO: Hours(4), MTPD: Duration(2 * Day)}},
		{"Compound", `{"rto":"1 day and 12 hours"}`, timed{RTO: Hours(36)}},
		{"Missing", `{}`, timed{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got timed
			if err := json.Unmarshal([]byte(tt.in), &got); err != nil {
				t.Fatalf("unmarshal %s: %v", tt.in, err)
			}
			if got != tt.want {
				t.Errorf("unmarshal %s: got %+v, want %+v", tt.in, got, tt.want)
			}
		})
	}
}

func TestDurationUnmarshalJSONInvalid(t *testing.T) {
	tests := []struct {
		name string
		in   string
	}{
		{"Words", `{"rto":"four hours"}`},
		{"NoUnit", `{"rto":"4"}`},
		{"Negative", `{"rto":"-1h"}`},
		{"Number", `{"rto":14400000000000}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got timed
			if err := json.Unmarshal([]byte(tt.in), &got); err == nil {
				t.Errorf("unmarshal %s: got %+v, want an error", tt.in, got)
			}
		})
	}
}

func TestDurationUnmarshalTextKeepsValueOnError(t *testing.T) {
	d := Hours(4)
	if err := d.UnmarshalText([]byte("soon")); risk.ErrorCode(err) != risk.EINVALID {
		t.Fatalf("UnmarshalText(soon): got error %v, want code %q", err, risk.EINVALID)
	}
	if d != Hours(4) {
		t.Errorf("UnmarshalText(soon): got %v, want the value left at 4 h", d)
	}
}

func FuzzParseDuration(f *testing.F) {
	for _, s := range []string{"", "4h", "4 h", "4 hours", "30 min", "90 minutes", "2 days", "1 week", "1 month",
		"1.5 h", "1 day 12 hours", "1 day, 12 h", "1 day and 12 hours", " 4H ", "4", "h", "-2h", "0h",
		"4 parsecs", "5000 days", "1..5h", "0.001h", "2562047 h 2562047 h 2 h", "3650 days", "1mo 1w 1d 1h 1m"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDuration(s)
		if err != nil {
			if code := risk.ErrorCode(err); code != risk.EINVALID {
				t.Fatalf("ParseDuration(%q): got code %q, want %q", s, code, risk.EINVALID)
			}
			return
		}
		if strings.TrimSpace(s) == "" {
			if d != 0 {
				t.Fatalf("ParseDuration(%q): got %v, want 0", s, d)
			}
			return
		}
		if d <= 0 || d > 3650*Day || d%time.Minute != 0 {
			t.Fatalf("ParseDuration(%q): got %v, want whole minutes in (0, 10 years]", s, d)
		}
		text := FormatDuration(d)
		back, err := ParseDuration(text)
		if err != nil || back != d {
			t.Fatalf("ParseDuration(FormatDuration(%v) = %q): got %v, %v, want %v", d, text, back, err, d)
		}
	})
}
