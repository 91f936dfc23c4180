package bcp

import (
	"strings"
	"testing"
)

// validContacts are a call tree that breaks no rule: Ana (C-01) calls Bo
// (C-02) and the anycast NOC (C-03); Bo calls Carla (C-04). Each person
// has two channels, one out of band.
func validContacts() []Contact {
	mobile := func(v string) Channel { return Channel{Kind: "mobile", Value: v, OutOfBand: true} }
	email := func(v string) Channel { return Channel{Kind: "email", Value: v} }
	return []Contact{
		{Ref: "C-01", Name: "Ana", Kind: ContactPerson, Role: "Incident lead", Channels: []Channel{mobile("+351 910"), email("ana@nic.example")},
			Resources: []string{"RES-01"}, CallsNext: []string{"C-02", "C-03"}},
		{Ref: "C-02", Name: "Bo", Kind: ContactPerson, Channels: []Channel{mobile("+351 920"), email("bo@nic.example")}, CallsNext: []string{"C-04"}},
		{Ref: "C-03", Name: "Anycast NOC", Kind: ContactOrganisation, Organisation: "Anycast Ltd", Channels: []Channel{{Kind: "phone", Value: "+44 20", Note: "24/7"}}},
		{Ref: "C-04", Name: "Carla", Kind: ContactPerson, Channels: []Channel{mobile("+351 930"), {Kind: "signal", Value: "@carla", OutOfBand: true}}},
	}
}

func TestCheckContacts(t *testing.T) {
	pb := []Playbook{{Ref: "PB-01", Roles: []Role{{Name: "Incident lead", Primary: "ana", Alternate: "C-02"}, {Name: "Vendor", Primary: "Anycast NOC"}}}}
	bia := &BIA{Resources: []Resource{{Ref: "RES-01", Name: "Ana", Kind: Person}}}
	tests := []struct {
		name string
		edit func([]Contact) []Contact
		want []want
		msgs []string
	}{
		{"valid", func(cs []Contact) []Contact { return cs }, []want{warn("C-03", "contact-no-out-of-band", "channels")},
			[]string{"Anycast NOC is named for Vendor of PB-01"}},
		{"identity missing", func(cs []Contact) []Contact {
			cs[3].Ref, cs[3].Name, cs[3].Kind = "", "", "robot"
			cs[1].CallsNext = nil
			return cs
		}, []want{
			warn("C-03", "contact-no-out-of-band", "channels"),
			blk("(no reference)", "contact-reference-missing", "ref"),
			blk("(no reference)", "contact-name-missing", "name"),
			blk("(no reference)", "contact-kind-unknown", "kind"),
		}, nil},
		{"no channel", func(cs []Contact) []Contact { cs[3].Channels = nil; return cs }, []want{
			warn("C-03", "contact-no-out-of-band", "channels"), warn("C-04", "contact-no-channel", "channels"),
		}, []string{"no way to reach Carla"}},
		{"single channel person", func(cs []Contact) []Contact { cs[3].Channels = cs[3].Channels[:1]; return cs }, []want{
			warn("C-03", "contact-no-out-of-band", "channels"), info("C-04", "contact-single-channel", "channels"),
		}, []string{"only one way"}},
		{"role contact without out-of-band", func(cs []Contact) []Contact { cs[1].Channels[0].OutOfBand = false; return cs }, []want{
			warn("C-02", "contact-no-out-of-band", "channels"), warn("C-03", "contact-no-out-of-band", "channels"),
		}, []string{"Bo is named for Incident lead of PB-01"}},
		{"channel kind and value", func(cs []Contact) []Contact { cs[0].Channels[1] = Channel{Kind: "pigeon"}; return cs }, []want{
			warn("C-03", "contact-no-out-of-band", "channels"),
			blk("C-01", "channel-kind-unknown", "channels[1].kind"), warn("C-01", "channel-value-missing", "channels[1].value"),
		}, nil},
		{"call unknown and self", func(cs []Contact) []Contact { cs[2].CallsNext = []string{"C-03", "C-99"}; return cs }, []want{
			warn("C-03", "contact-no-out-of-band", "channels"),
			blk("C-03", "contact-calls-itself", "calls_next"), blk("C-03", "contact-call-unknown", "calls_next"),
		}, []string{"calls C-99, which does not exist"}},
		{"cycle", func(cs []Contact) []Contact { cs[3].CallsNext = []string{"C-02"}; return cs }, []want{
			warn("C-03", "contact-no-out-of-band", "channels"), warn("C-02", "contact-call-cycle", "calls_next"),
		}, []string{"C-02 → C-04 → C-02"}},
		{"resource unknown", func(cs []Contact) []Contact { cs[1].Resources = []string{"RES-09"}; return cs }, []want{
			warn("C-03", "contact-no-out-of-band", "channels"), grd("C-02", "contact-resource-unknown", "resources[0]"),
		}, nil},
		{"holder not a contact", func(cs []Contact) []Contact { return cs[1:] }, []want{
			warn("C-03", "contact-no-out-of-band", "channels"), warn("PB-01", "role-holder-unreachable", "roles[0].primary"),
		}, []string{"the role Incident lead is held by ana, who is not in the contacts"}},
		{"holder without a number", func(cs []Contact) []Contact { cs[0].Channels = cs[0].Channels[1:]; return cs }, []want{
			warn("C-03", "contact-no-out-of-band", "channels"), warn("C-01", "contact-no-out-of-band", "channels"),
			info("C-01", "contact-single-channel", "channels"), warn("PB-01", "role-holder-unreachable", "roles[0].primary"),
		}, []string{"the role Incident lead is held by Ana (C-01), who has no phone number"}},
		{"holder number still to fill in", func(cs []Contact) []Contact { cs[0].Channels[0].Value = ToFillInHint("Ana's mobile"); return cs }, []want{
			warn("C-03", "contact-no-out-of-band", "channels"),
		}, nil},
		{"alternate without a number", func(cs []Contact) []Contact { cs[1].Channels = cs[1].Channels[1:]; return cs }, []want{
			warn("C-03", "contact-no-out-of-band", "channels"), warn("C-02", "contact-no-out-of-band", "channels"),
			info("C-02", "contact-single-channel", "channels"), info("PB-01", "role-alternate-unreachable", "roles[0].alternate"),
		}, []string{"the role Incident lead is stood in for by Bo (C-02), who has no phone number"}},
		{"duplicate reference", func(cs []Contact) []Contact { cs[3].Ref = "c-02"; cs[1].CallsNext = nil; return cs }, []want{
			warn("C-03", "contact-no-out-of-band", "channels"), blk("C-02", "contact-reference-duplicate", "ref"),
		}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cs := tt.edit(validContacts())
			assertFindings(t, CheckContacts(cs, pb, bia), tt.want, tt.msgs...)
		})
	}
}

func TestValidateContact(t *testing.T) {
	c := validContacts()[0]
	if err := ValidateContact(&c); err != nil {
		t.Errorf("valid contact: %v", err)
	}
	c.Name = ""
	if err := ValidateContact(&c); err == nil || !strings.Contains(err.Error(), "no name") {
		t.Errorf("contact without a name: %v", err)
	}
}

func TestContactNormalize(t *testing.T) {
	c := Contact{Ref: " C-01 ", Name: " Ana ", Channels: []Channel{{Kind: " Mobile ", Value: " +351 "}, {}, {Value: "x"}},
		CallsNext: []string{"C-10", "C-2", "C-2", " "}}
	c.Normalize()
	if c.Ref != "C-01" || c.Name != "Ana" || c.Kind != ContactPerson {
		t.Errorf("identity: %+v", c)
	}
	if len(c.Channels) != 2 || c.Channels[0].Kind != "mobile" || c.Channels[0].Value != "+351" || c.Channels[1].Kind != "other" {
		t.Errorf("channels: %+v", c.Channels)
	}
	if strings.Join(c.CallsNext, ",") != "C-2,C-10" {
		t.Errorf("calls next: %q", c.CallsNext)
	}
	if c.Resources != nil {
		t.Errorf("resources: %q", c.Resources)
	}
}

func lines(tree []CallNode) string {
	var out []string
	for _, l := range CallLines(tree) {
		s := strings.Repeat("  ", l.Level) + l.Contact.Ref
		if l.Repeat {
			s += "*"
		}
		out = append(out, s)
	}
	return strings.Join(out, "\n")
}

func TestCallTree(t *testing.T) {
	tests := []struct {
		name string
		edit func([]Contact)
		want string
	}{
		{"tree", func([]Contact) {}, "C-01\n  C-02\n    C-04\n  C-03"},
		{"two roots", func(cs []Contact) { cs[0].CallsNext = []string{"C-02"} }, "C-01\n  C-02\n    C-04\nC-03"},
		{"called twice", func(cs []Contact) { cs[2].CallsNext = []string{"C-04"} }, "C-01\n  C-02\n    C-04\n  C-03\n    C-04*"},
		{"cycle below a root", func(cs []Contact) { cs[3].CallsNext = []string{"C-02"} }, "C-01\n  C-02\n    C-04\n      C-02*\n  C-03"},
		{"cycle alone", func(cs []Contact) { cs[0].CallsNext = []string{"C-03"}; cs[3].CallsNext = []string{"C-02"} },
			"C-01\n  C-03\nC-02\n  C-04\n    C-02*"},
		{"unknown and self", func(cs []Contact) { cs[2].CallsNext = []string{"C-03", "C-99"} }, "C-01\n  C-02\n    C-04\n  C-03"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cs := validContacts()
			tt.edit(cs)
			if got := lines(CallTree(cs)); got != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
	if got := CallTree(nil); got != nil {
		t.Errorf("no contacts: %v", got)
	}
}

func TestCallCycles(t *testing.T) {
	cs := validContacts()
	cs[3].CallsNext = []string{"C-01"}
	got := CallCycles(cs)
	if len(got) != 1 || strings.Join(got[0], " ") != "C-01 C-02 C-04" {
		t.Errorf("cycles: %q", got)
	}
	if got := CallCycles(validContacts()); got != nil {
		t.Errorf("no cycle: %q", got)
	}
}

func TestContactHelpers(t *testing.T) {
	cs := validContacts()
	if x := FindContact(cs, " carla "); x == nil || x.Ref != "C-04" {
		t.Errorf("find by name: %v", x)
	}
	if x := FindContact(cs, "c-03"); x == nil || x.Name != "Anycast NOC" {
		t.Errorf("find by ref: %v", x)
	}
	if FindContact(cs, "") != nil || FindContact(cs, "Zed") != nil {
		t.Error("found a contact for nothing")
	}
	if got := len(cs[3].OutOfBand()); got != 2 {
		t.Errorf("out of band: %d", got)
	}
	if got := ChannelLine(cs[2].Channels[0]); got != "phone +44 20 (24/7)" {
		t.Errorf("channel line: %q", got)
	}
	cl := cs[0].Clone()
	cl.Channels[0].Value = "changed"
	if cs[0].Channels[0].Value == "changed" {
		t.Error("clone shares channels")
	}
}

func TestSetNumber(t *testing.T) {
	tests := []struct {
		name string
		in   []Channel
		want []Channel
	}{
		{"None", []Channel{{Kind: "email", Value: "a@x.org"}},
			[]Channel{{Kind: "email", Value: "a@x.org"}, {Kind: "mobile", Value: "+351 910", OutOfBand: true}}},
		{"BlankFirst", []Channel{{Kind: "phone", Value: "+1 555"}, {Kind: "mobile", Value: ToFillIn, OutOfBand: true}},
			[]Channel{{Kind: "phone", Value: "+1 555"}, {Kind: "mobile", Value: "+351 910", OutOfBand: true}}},
		{"Replaces", []Channel{{Kind: "email", Value: "a@x.org"}, {Kind: "satellite", Value: "+870"}},
			[]Channel{{Kind: "email", Value: "a@x.org"}, {Kind: "satellite", Value: "+351 910"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := Contact{Channels: tt.in}
			c.SetNumber(" +351 910 ")
			if len(c.Channels) != len(tt.want) {
				t.Fatalf("got %+v, want %+v", c.Channels, tt.want)
			}
			for i := range tt.want {
				if c.Channels[i] != tt.want[i] {
					t.Errorf("channel %d: got %+v, want %+v", i, c.Channels[i], tt.want[i])
				}
			}
			if c.Number() != "+351 910" && tt.name != "BlankFirst" {
				t.Errorf("Number() = %q", c.Number())
			}
		})
	}
	for _, v := range []string{"+351 912 000 001", "(021) 555-0100 x12"} {
		if err := ValidateNumber(v); err != nil {
			t.Errorf("ValidateNumber(%q): %v", v, err)
		}
	}
	for _, v := range []string{"call me", "12", ""} {
		if err := ValidateNumber(v); err == nil {
			t.Errorf("ValidateNumber(%q) passed", v)
		}
	}
}
