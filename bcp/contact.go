package bcp

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"time"

	"riskbook/risk"
)

// Contacts are the people and organisations a playbook's team calls in a
// crisis (issue 6, item 3): each with its channels, the usual ones and
// those that still work when the network is down, the BIA resources it is
// (the person, the supplier), and whom it calls next in the call tree.

// Contact kinds.
const (
	ContactPerson       = "person"
	ContactOrganisation = "organisation"
)

// ContactKinds lists the contact kinds in the order a form offers them.
var ContactKinds = []string{ContactPerson, ContactOrganisation}

// ChannelKinds are the ways to reach a contact, in the order a form offers
// them.
var ChannelKinds = []string{"phone", "mobile", "email", "signal", "satellite", "radio", "in-person", "other"}

// Channel is one way to reach a contact. OutOfBand marks a channel that
// works when the registry's own network, e-mail and chat do not (a
// personal mobile, a satellite phone, a messaging group, a radio).
type Channel struct {
	Kind      string `json:"kind"`
	Value     string `json:"value"` // the number, address or handle
	OutOfBand bool   `json:"out_of_band"`
	Note      string `json:"note"` // e.g. "24/7 NOC", "office hours only"
}

// Contact is a person or organisation to call in a crisis.
type Contact struct {
	ID           int64     `json:"-"`
	Ref          string    `json:"ref"` // C-01
	Name         string    `json:"name"`
	Kind         string    `json:"kind"` // person or organisation
	Organisation string    `json:"organisation"`
	Role         string    `json:"role"`
	Channels     []Channel `json:"channels"`
	// Resources are the refs of the BIA resources the contact is: the
	// person or the supplier.
	Resources []string `json:"resources"`
	Notes     string   `json:"notes"`
	// CallsNext are the refs of the contacts this one calls in the call
	// tree.
	CallsNext []string  `json:"calls_next"`
	Created   time.Time `json:"created"`
	Updated   time.Time `json:"updated"`
}

// Normalize trims names and short text, gives a contact without a kind
// the kind person and a channel without a kind the kind other, drops
// channels with neither a value nor a note, sorts and de-duplicates the
// references, and makes empty lists nil. Notes are kept as written.
func (c *Contact) Normalize() {
	c.Ref, c.Name = strings.TrimSpace(c.Ref), strings.TrimSpace(c.Name)
	c.Kind = strings.ToLower(strings.TrimSpace(c.Kind))
	if c.Kind == "" {
		c.Kind = ContactPerson
	}
	c.Organisation, c.Role = strings.TrimSpace(c.Organisation), strings.TrimSpace(c.Role)
	var chans []Channel
	for _, ch := range c.Channels {
		ch.Kind = strings.ToLower(strings.TrimSpace(ch.Kind))
		ch.Value, ch.Note = strings.TrimSpace(ch.Value), strings.TrimSpace(ch.Note)
		if ch.Value == "" && ch.Note == "" {
			continue
		}
		if ch.Kind == "" {
			ch.Kind = "other"
		}
		chans = append(chans, ch)
	}
	c.Channels = chans
	c.Resources, c.CallsNext = refs(c.Resources), refs(c.CallsNext)
}

// Clone returns a deep copy of c.
func (c Contact) Clone() Contact {
	c.Channels = slices.Clone(c.Channels)
	c.Resources = slices.Clone(c.Resources)
	c.CallsNext = slices.Clone(c.CallsNext)
	return c
}

// OutOfBand returns the contact's out-of-band channels, in order.
func (c *Contact) OutOfBand() []Channel {
	var out []Channel
	for _, ch := range c.Channels {
		if ch.OutOfBand {
			out = append(out, ch)
		}
	}
	return out
}

// Is reports whether name, as a playbook role writes it, names the
// contact: its name or its reference, without regard to case.
func (c *Contact) Is(name string) bool {
	name = strings.TrimSpace(name)
	return name != "" && (strings.EqualFold(name, c.Name) || strings.EqualFold(name, c.Ref))
}

// FindContact returns the contact a name or reference names, or nil.
func FindContact(cs []Contact, name string) *Contact {
	for i := range cs {
		if cs[i].Is(name) {
			return &cs[i]
		}
	}
	return nil
}

// numberKinds are the channels a person can be called on: what a role's
// holder must have for the printed call tree to be of any use at 3 a.m.
var numberKinds = []string{"phone", "mobile", "satellite"}

// IsNumber reports whether a channel is a number to call: a phone, a
// mobile or a satellite phone.
func IsNumber(ch Channel) bool { return slices.Contains(numberKinds, ch.Kind) }

// Numbers returns the contact's channels that are numbers to call, in
// order, leaving out those still to fill in.
func (c *Contact) Numbers() []Channel {
	var out []Channel
	for _, ch := range c.Channels {
		if IsNumber(ch) && strings.TrimSpace(ch.Value) != "" && !IsToFillIn(ch.Value) {
			out = append(out, ch)
		}
	}
	return out
}

// ValidateNumber refuses what cannot be a number to call: a person types
// digits with spaces, dots, dashes, brackets, a leading + and an extension.
func ValidateNumber(v string) error {
	if !validPhone(strings.TrimSpace(v)) {
		return risk.Err(risk.EINVALID, risk.T("rules.bcp.phone_invalid", risk.Args{"Value": risk.Quote(strings.TrimSpace(v))}))
	}
	return nil
}

// SetNumber writes the number to call the contact on: over the first
// phone, mobile or satellite number, a blank of the starter kit first;
// without one, as a new mobile number that works with the network down,
// the one a role's holder answers at 3 a.m.
func (c *Contact) SetNumber(v string) {
	v = strings.TrimSpace(v)
	at := slices.IndexFunc(c.Channels, func(ch Channel) bool { return IsNumber(ch) && IsToFillIn(ch.Value) })
	if at < 0 {
		at = slices.IndexFunc(c.Channels, IsNumber)
	}
	if at >= 0 {
		c.Channels[at].Value = v
		return
	}
	c.Channels = append(c.Channels, Channel{Kind: "mobile", Value: v, OutOfBand: true})
}

// Number is the number a contact is called on first: its first phone,
// mobile or satellite number written; "" when it has none.
func (c *Contact) Number() string {
	if ns := c.Numbers(); len(ns) > 0 {
		return ns[0].Value
	}
	return ""
}

// HolderName names whoever a playbook role names, as people read it: the
// contact's name with its reference when who names a contact, else who as
// written.
func HolderName(cs []Contact, who string) string {
	c := FindContact(cs, who)
	if c == nil {
		return strings.TrimSpace(who)
	}
	if c.Name == "" {
		return c.Ref
	}
	return c.Name + " (" + c.Ref + ")"
}

// ChannelLine writes a channel for people: "mobile +351 912 000 000 (24/7)".
func ChannelLine(ch Channel) string {
	s := strings.TrimSpace(ch.Kind + " " + ch.Value)
	if ch.Note != "" {
		s += " (" + ch.Note + ")"
	}
	return s
}

// ValidateContact returns the first blocking finding about c on its own
// as an error: what a store refuses to save. Whether the contacts it calls
// exist is the store's to check.
func ValidateContact(c *Contact) error {
	ch := newChecker(&BIA{}, risk.Date{})
	ch.contact(c, nil)
	return firstBlocking(ch.out)
}

// CheckContacts applies every contact rule: names and channels, calls to
// contacts that do not exist, call-tree cycles, resources that do not
// exist (when b is given), and the contacts a playbook's roles name
// without an out-of-band channel. pbs and b may be nil.
func CheckContacts(cs []Contact, pbs []Playbook, b *BIA) []risk.Finding {
	refs := refsOf(pbs, b)
	if b == nil {
		b = &BIA{}
	}
	c := newChecker(b, risk.Date{})
	c.refs = refs
	known := map[string]int{}
	for _, x := range cs {
		known[strings.ToUpper(x.Ref)]++
	}
	for i := range cs {
		c.contact(&cs[i], known)
	}
	for key, n := range known {
		if n > 1 && key != "" {
			c.block("contact-reference-duplicate", key, "ref", risk.N("rules.bcp.contact_reference_duplicate", n))
		}
	}
	// The contacts the playbooks' roles name must be reachable with the
	// network down.
	named := map[*Contact][]risk.Localizer{}
	var order []*Contact
	for _, p := range pbs {
		for _, r := range p.Roles {
			for _, who := range []string{r.Primary, r.Alternate} {
				x := FindContact(cs, who)
				if x == nil {
					continue
				}
				use := risk.T("rules.bcp.role_of", risk.Args{"Role": r.Name, "Playbook": p.Ref})
				if r.Name == "" {
					use = risk.T("rules.bcp.a_role_of", risk.Args{"Playbook": p.Ref})
				}
				if _, ok := named[x]; !ok {
					order = append(order, x)
				}
				if !slices.ContainsFunc(named[x], func(l risk.Localizer) bool { return reflect.DeepEqual(l, use) }) {
					named[x] = append(named[x], use)
				}
			}
		}
	}
	for _, x := range order {
		if len(x.OutOfBand()) == 0 {
			c.add(risk.SeverityWarning, "contact-no-out-of-band", x.Ref, "channels",
				risk.T("rules.bcp.contact_no_out_of_band", risk.Args{"Name": or(x.Name, x.Ref), "Uses": named[x]}))
		}
	}
	c.reachable(cs, pbs)
	for _, cycle := range CallCycles(cs) {
		c.add(risk.SeverityWarning, "contact-call-cycle", cycle[0], "calls_next",
			risk.T("rules.bcp.contact_call_cycle", risk.Args{"Cycle": strings.Join(append(cycle, cycle[0]), " → ")}))
	}
	risk.SortFindings(c.out)
	return c.out
}

// reachable reports each playbook role whose holder has no number to call:
// someone who is not in the contacts, or a contact with no phone, mobile
// or satellite number written. The holder is a warning, the alternate a
// note: the pack prints both, and a role nobody can be called for is only
// a name on paper.
func (c *checker) reachable(cs []Contact, pbs []Playbook) {
	for _, p := range pbs {
		for i, r := range p.Roles {
			holders := []struct {
				who, field, rule string
				sev              risk.Severity
				missing, noPhone func(risk.Args) risk.Msg
			}{
				{r.Primary, "primary", "role-holder-unreachable", risk.SeverityWarning,
					func(a risk.Args) risk.Msg { return risk.T("rules.bcp.role_holder_not_contact", a) },
					func(a risk.Args) risk.Msg { return risk.T("rules.bcp.role_holder_no_phone", a) }},
				{r.Alternate, "alternate", "role-alternate-unreachable", risk.SeverityInfo,
					func(a risk.Args) risk.Msg { return risk.T("rules.bcp.role_alternate_not_contact", a) },
					func(a risk.Args) risk.Msg { return risk.T("rules.bcp.role_alternate_no_phone", a) }},
			}
			for _, h := range holders {
				if h.who == "" || IsToFillIn(h.who) || (h.field == "alternate" && !r.HasAlternate()) {
					continue // no one named: the role rules and the blanks say so
				}
				field := fmt.Sprintf("roles[%d].%s", i, h.field)
				name := roleName(i, &p.Roles[i])
				x := FindContact(cs, h.who)
				switch {
				case x == nil:
					c.add(h.sev, h.rule, p.Ref, field, h.missing(risk.Args{"Role": name, "Who": h.who}))
				case len(x.Numbers()) == 0 && !numberBlank(x):
					c.add(h.sev, h.rule, p.Ref, field, h.noPhone(risk.Args{"Role": name, "Who": HolderName(cs, h.who)}))
				}
			}
		}
	}
}

// numberBlank reports whether a contact's number is a blank the starter
// kit left: the contact's own finding already counts it.
func numberBlank(x *Contact) bool {
	return slices.ContainsFunc(x.Channels, func(ch Channel) bool {
		return IsNumber(ch) && IsToFillIn(ch.Value)
	})
}

func or(s, fallback string) string {
	if strings.TrimSpace(s) == "" {
		return fallback
	}
	return s
}

// contact checks one contact; known counts the contacts by upper-cased
// reference, nil when calls are not to be checked.
func (c *checker) contact(x *Contact, known map[string]int) {
	ref := x.Ref
	if ref == "" {
		ref = risk.NoRef()
		c.block("contact-reference-missing", ref, "ref", risk.T("rules.bcp.contact_reference_missing"))
	}
	if x.Name == "" {
		c.block("contact-name-missing", ref, "name", risk.T("rules.bcp.contact_name_missing"))
	}
	if x.Kind != "" && !slices.Contains(ContactKinds, x.Kind) {
		c.block("contact-kind-unknown", ref, "kind", risk.T("rules.bcp.contact_kind_unknown", risk.Args{"Kind": risk.Quote(x.Kind)}))
	}
	for i, ch := range x.Channels {
		field := func(name string) string { return fmt.Sprintf("channels[%d].%s", i, name) }
		if ch.Kind != "" && !slices.Contains(ChannelKinds, ch.Kind) {
			c.block("channel-kind-unknown", ref, field("kind"), risk.T("rules.bcp.channel_kind_unknown", risk.Args{"N": i + 1, "Kind": risk.Quote(ch.Kind), "Kinds": strings.Join(ChannelKinds, ", ")}))
		}
		if strings.TrimSpace(ch.Value) == "" {
			c.add(risk.SeverityWarning, "channel-value-missing", ref, field("value"), risk.T("rules.bcp.channel_value_missing", risk.Args{"N": i + 1}))
		}
	}
	switch {
	case len(x.Channels) == 0:
		m := risk.T("rules.bcp.contact_no_channel", risk.Args{"Name": x.Name})
		if strings.TrimSpace(x.Name) == "" {
			m = risk.T("rules.bcp.contact_no_channel.unnamed")
		}
		c.add(risk.SeverityWarning, "contact-no-channel", ref, "channels", m)
	case len(x.Channels) == 1 && x.Kind == ContactPerson:
		m := risk.T("rules.bcp.contact_single_channel", risk.Args{"Name": x.Name})
		if strings.TrimSpace(x.Name) == "" {
			m = risk.T("rules.bcp.contact_single_channel.unnamed")
		}
		c.add(risk.SeverityInfo, "contact-single-channel", ref, "channels", m)
	}
	for _, to := range x.CallsNext {
		switch {
		case strings.EqualFold(to, x.Ref):
			c.block("contact-calls-itself", ref, "calls_next", risk.T("rules.bcp.contact_calls_itself"))
		case known != nil && known[strings.ToUpper(to)] == 0:
			c.block("contact-call-unknown", ref, "calls_next", risk.T("rules.bcp.contact_call_unknown", risk.Args{"Ref": to}))
		}
	}
	for i, r := range x.Resources {
		if !c.refs.Has(RefResource, r) {
			c.guard("contact-resource-unknown", ref, fmt.Sprintf("resources[%d]", i),
				risk.T("rules.bcp.contact_resource_unknown", risk.Args{"Ref": r}))
		}
	}
}

// CallNode is one contact in the call tree with the contacts it calls.
// Repeat marks a contact already shown elsewhere in the tree (called by
// more than one, or in a cycle): its calls are shown only the first time.
type CallNode struct {
	Contact *Contact
	Calls   []CallNode
	Repeat  bool
}

// CallTree arranges the contacts for printing: the roots are the contacts
// nobody calls, in reference order, each followed by the contacts it calls
// next. Contacts only reachable through a cycle start a tree of their own,
// so every contact appears. Calls to contacts that do not exist are left
// out. The tree points into cs.
func CallTree(cs []Contact) []CallNode {
	byRef := map[string]*Contact{}
	called := map[string]bool{}
	for i := range cs {
		byRef[strings.ToUpper(cs[i].Ref)] = &cs[i]
	}
	for _, x := range cs {
		for _, to := range x.CallsNext {
			if !strings.EqualFold(to, x.Ref) {
				called[strings.ToUpper(to)] = true
			}
		}
	}
	order := make([]*Contact, 0, len(cs))
	for i := range cs {
		order = append(order, &cs[i])
	}
	slices.SortStableFunc(order, func(a, b *Contact) int { return risk.CompareRefs(a.Ref, b.Ref) })
	seen := map[*Contact]bool{}
	var walk func(x *Contact) CallNode
	walk = func(x *Contact) CallNode {
		n := CallNode{Contact: x}
		if seen[x] {
			n.Repeat = true
			return n
		}
		seen[x] = true
		for _, to := range x.CallsNext {
			if y := byRef[strings.ToUpper(to)]; y != nil && y != x {
				n.Calls = append(n.Calls, walk(y))
			}
		}
		return n
	}
	var out []CallNode
	for _, x := range order {
		if !called[strings.ToUpper(x.Ref)] {
			out = append(out, walk(x))
		}
	}
	for _, x := range order {
		if !seen[x] {
			out = append(out, walk(x))
		}
	}
	return out
}

// CallLine is one line of a printed call tree: a contact at a depth (0 for
// a root).
type CallLine struct {
	Level   int
	Contact *Contact
	Repeat  bool
}

// CallLines flattens a call tree into the lines it prints as, depth first.
func CallLines(tree []CallNode) []CallLine {
	var out []CallLine
	var walk func(ns []CallNode, level int)
	walk = func(ns []CallNode, level int) {
		for _, n := range ns {
			out = append(out, CallLine{Level: level, Contact: n.Contact, Repeat: n.Repeat})
			walk(n.Calls, level+1)
		}
	}
	walk(tree, 0)
	return out
}

// CallCycles returns each cycle of the call tree once, as the references
// of its contacts starting from the one with the lowest reference.
func CallCycles(cs []Contact) [][]string {
	byRef := map[string]*Contact{}
	for i := range cs {
		byRef[strings.ToUpper(cs[i].Ref)] = &cs[i]
	}
	order := make([]*Contact, 0, len(cs))
	for i := range cs {
		order = append(order, &cs[i])
	}
	slices.SortStableFunc(order, func(a, b *Contact) int { return risk.CompareRefs(a.Ref, b.Ref) })
	const (
		white = iota
		grey
		black
	)
	colour := map[*Contact]int{}
	var path []*Contact
	found := map[string]bool{}
	var out [][]string
	var visit func(x *Contact)
	visit = func(x *Contact) {
		colour[x] = grey
		path = append(path, x)
		for _, to := range x.CallsNext {
			y := byRef[strings.ToUpper(to)]
			if y == nil || y == x {
				continue // reported on their own
			}
			switch colour[y] {
			case white:
				visit(y)
			case grey:
				at := slices.Index(path, y)
				var cycle []string
				for _, z := range path[at:] {
					cycle = append(cycle, z.Ref)
				}
				// Start at the lowest reference, so one cycle reads one way.
				low := 0
				for i := range cycle {
					if risk.CompareRefs(cycle[i], cycle[low]) < 0 {
						low = i
					}
				}
				cycle = append(cycle[low:], cycle[:low]...)
				if key := strings.ToUpper(strings.Join(cycle, " ")); !found[key] {
					found[key] = true
					out = append(out, cycle)
				}
			}
		}
		path = path[:len(path)-1]
		colour[x] = black
	}
	for _, x := range order {
		if colour[x] == white {
			visit(x)
		}
	}
	return out
}
