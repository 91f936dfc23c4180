package bcp

import (
	"testing"
)

var starterJobs = []string{"Registry manager", "Technical lead", "Support and finance officer", "Technical stand-in", "Board chair"}

func TestNormalizeTLDs(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"xx", ".xx"},
		{".XX", ".xx"},
		{"xx, .yy;zz  .xx", ".xx, .yy, .zz"},
		{" .рф , xn--p1ai ", ".рф, .xn--p1ai"},
		{"..xx.", ".xx"},
		{", ,", ""},
	}
	for _, tt := range tests {
		if got := NormalizeTLDs(tt.in); got != tt.want {
			t.Errorf("NormalizeTLDs(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSetupNormalize(t *testing.T) {
	s := Setup{Organisation: "  Registry of .xx ", TLDs: "XX", People: []Member{
		{Name: " Ana ", Phone: " +351 912 "}, {}, {Name: " ", Email: " "}, {Name: "Bo", Job: " Technical lead "},
	}}
	s.Normalize()
	if s.Organisation != "Registry of .xx" || s.TLDs != ".xx" || len(s.People) != 2 ||
		s.People[0] != (Member{Name: "Ana", Phone: "+351 912"}) || s.People[1].Job != "Technical lead" {
		t.Errorf("got %+v", s)
	}
	if s.Empty() {
		t.Error("Empty() with answers")
	}
	empty := Setup{People: []Member{{}}}
	empty.Normalize()
	if !empty.Empty() {
		t.Errorf("a setup of empty rows is not Empty: %+v", empty)
	}
}

func TestCheckSetup(t *testing.T) {
	tests := []struct {
		name  string
		setup Setup
		want  []want
		msgs  []string
	}{
		{"Skipped", Setup{}, nil, nil},
		{"Valid", Setup{Organisation: "Registry of .xx", TLDs: ".xx, .рф, .xn--p1ai", People: []Member{
			{Name: "Ana", Job: "registry manager", Phone: "+351 (21) 000-0000 x12", Email: "ana@nic.example"},
			{Name: "Bo", Phone: "021 000 000"},
		}}, nil, nil},
		{"TLD", Setup{TLDs: ".xx, .-bad, .a_b"}, []want{blk("setup", "setup-invalid", "tlds"), blk("setup", "setup-invalid", "tlds")},
			[]string{".-bad is not a top-level domain", ".a_b is not a top-level domain"}},
		{"NoName", Setup{People: []Member{{Name: "Ana"}, {Email: "bo@nic.example"}}}, []want{blk("setup", "setup-invalid", "people[1].name")},
			[]string{"person 2 has a phone number or an e-mail address but no name"}},
		{"UnknownJob", Setup{People: []Member{{Name: "Ana", Job: "Astronaut"}}}, []want{blk("setup", "setup-invalid", "people[0].job")},
			[]string{"Astronaut is not one of the starter kit's jobs"}},
		{"JobTwice", Setup{People: []Member{{Name: "Ana", Job: "Board chair"}, {Name: "Bo", Job: "board chair"}}}, []want{blk("setup", "setup-invalid", "people[1].job")},
			[]string{"Ana and Bo are both given the job board chair"}},
		{"Phone", Setup{People: []Member{{Name: "Ana", Phone: "12345"}, {Name: "Bo", Phone: "+351 91a"}}}, []want{
			blk("setup", "setup-invalid", "people[0].phone"), blk("setup", "setup-invalid", "people[1].phone"),
		}, []string{`"12345" is not a phone number`}},
		{"Email", Setup{People: []Member{{Name: "Ana", Email: "ana"}, {Name: "Bo", Email: "bo@localhost"}, {Name: "Cy", Email: "c y@x.org"}}}, []want{
			blk("setup", "setup-invalid", "people[0].email"), blk("setup", "setup-invalid", "people[1].email"), blk("setup", "setup-invalid", "people[2].email"),
		}, []string{`"ana" is not an e-mail address`}},
		{"TooMany", Setup{People: []Member{{Name: "A"}, {Name: "B"}, {Name: "C"}, {Name: "D"}, {Name: "E"}, {Name: "F"}}}, []want{blk("setup", "setup-invalid", "people")},
			[]string{"6 people are given; name up to 5 here"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assertFindings(t, CheckSetup(&tt.setup, starterJobs), tt.want, tt.msgs...)
			if err := ValidateSetup(&tt.setup, starterJobs); (err != nil) != (len(tt.want) > 0) {
				t.Errorf("ValidateSetup: got %v, want an error %v", err, len(tt.want) > 0)
			}
		})
	}
}

// FuzzSetup: whatever is typed into the first start's questions, checking
// it neither panics nor passes a row without a name.
func FuzzSetup(f *testing.F) {
	f.Add("Registry of .xx", ".xx, .рф", "Ana", "Technical lead", "+351 912", "ana@nic.example")
	f.Add("", "..", "", "", "x", "@")
	f.Fuzz(func(t *testing.T, org, tlds, name, job, phone, email string) {
		s := Setup{Organisation: org, TLDs: tlds, People: []Member{{Name: name, Job: job, Phone: phone, Email: email}}}
		s.Normalize()
		fs := CheckSetup(&s, starterJobs)
		if len(s.People) == 1 && s.People[0].Name == "" && len(fs) == 0 {
			t.Errorf("a person without a name passed: %+v", s)
		}
	})
}
