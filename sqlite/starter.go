package sqlite

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"riskbook/assets"
	"riskbook/bcp"
)

// The starter kit's team: the people its playbooks, call tree and owners
// name. Until the first start's answers fill them in, they are contacts
// whose names and numbers are blanks; the answers put real people in their
// place, so that the roles, owners, contacts and call tree of a new
// workspace name them from its first line of history.

// templateSlot is one job of the starter kit's team.
type templateSlot struct {
	// Job is the job as the first start offers it: "Technical lead".
	Job string `json:"job"`
	// Contact is the reference of the contact that holds the job.
	Contact string `json:"contact"`
	// Owns are the owner names of risks, actions, activities and
	// playbooks that the job's holder becomes.
	Owns []string `json:"owns"`
	// Merge folds the job into the first person when people are given but
	// nobody takes it: in a team of one, that person does everything. A
	// job that does not merge (the board chair, a stand-in from outside)
	// keeps its blanks until someone is named.
	Merge bool `json:"merge"`
}

// templatePlaybooks are the playbooks a starter kit holds: built-in
// playbook templates, with their roles given to the team's contacts.
type templatePlaybooks struct {
	Templates []string                `json:"templates"`
	Roles     map[string]templateRole `json:"roles"` // by role name
	// ApprovedBy is written against every statement nobody has approved:
	// a blank, until the operator's own management approves it.
	ApprovedBy string `json:"approved_by"`
}

type templateRole struct {
	Primary   string `json:"primary"`
	Alternate string `json:"alternate"`
}

// TemplateJobs returns the jobs of a template's team written in a language
// (empty for English), in the order the first start offers them; none for
// blank.
func TemplateJobs(name, lang string) ([]string, error) {
	if lang == "" {
		lang = assets.DefaultLanguage
	}
	t, err := loadTemplate(name, lang)
	if err != nil {
		return nil, err
	}
	var jobs []string
	for _, s := range t.Team {
		jobs = append(jobs, s.Job)
	}
	return jobs, nil
}

// personalise puts people into the template's team: each person takes the
// job they chose or, without one, the first job nobody has taken; their
// contact gets their name, phone and e-mail; the jobs nobody takes that
// merge are folded into the first person, and people beyond the team get
// contacts of their own, called by the first. It returns the new owner
// name of each owner name the team's jobs own. Without people the
// template is left as it is.
func (t *template) personalise(people []bcp.Member) map[string]string {
	if len(people) == 0 {
		return nil
	}
	taken := make([]int, len(t.Team)) // slot → person index + 1
	var extra []bcp.Member
	assign := func(i int, p bcp.Member) bool {
		for s := range t.Team {
			if taken[s] == 0 && (p.Job == "" || strings.EqualFold(t.Team[s].Job, p.Job)) {
				taken[s] = i + 1
				return true
			}
		}
		return false
	}
	for i, p := range people { // the jobs chosen first, so a free pick cannot take them
		if p.Job != "" && !assign(i, p) {
			extra = append(extra, p)
		}
	}
	for i, p := range people {
		if p.Job == "" && !assign(i, p) {
			extra = append(extra, p)
		}
	}
	owners := map[string]string{}
	// The first person's contact, by reference: merging moves contacts
	// within the slice, so no pointer into it survives a merge.
	first := t.slotOf(taken, 0)
	for s, slot := range t.Team {
		c := t.contact(slot.Contact)
		switch {
		case c == nil:
			continue
		case taken[s] > 0:
			p := people[taken[s]-1]
			fillPerson(c, p)
			for _, job := range append([]string{slot.Job}, slot.Owns...) {
				owners[job] = p.Name
			}
		case slot.Merge && first != "":
			for _, job := range append([]string{slot.Job}, slot.Owns...) {
				owners[job] = people[0].Name
			}
			t.mergeContact(c.Ref, first)
		}
	}
	for _, p := range extra {
		c := bcp.Contact{Ref: t.nextContactRef(), Kind: bcp.ContactPerson, Role: p.Job}
		fillPerson(&c, p)
		t.Contacts = append(t.Contacts, c)
		if caller := t.contact(first); caller != nil {
			caller.CallsNext = append(caller.CallsNext, c.Ref)
		}
	}
	t.renameOwners(owners)
	t.standInForEachOther(taken, people)
	return owners
}

// standInForEachOther gives a role whose holder and alternate became the
// same person, once jobs were folded together, another of the people
// given as its alternate: in a team of two, each covers the other. A team
// of one has nobody else, and the role keeps the finding it deserves.
func (t *template) standInForEachOther(taken []int, people []bcp.Member) {
	if t.Playbooks == nil {
		return
	}
	var given []string // the contacts of the people given, in their order
	for i := range people {
		if ref := t.slotOf(taken, i); ref != "" {
			given = append(given, ref)
		}
	}
	for name, r := range t.Playbooks.Roles {
		if !strings.EqualFold(r.Primary, r.Alternate) {
			continue
		}
		for _, ref := range given {
			if !strings.EqualFold(ref, r.Primary) {
				r.Alternate = ref
				break
			}
		}
		t.Playbooks.Roles[name] = r
	}
}

// slotOf returns the contact reference of the job person i took.
func (t *template) slotOf(taken []int, i int) string {
	for s, p := range taken {
		if p == i+1 {
			return t.Team[s].Contact
		}
	}
	return ""
}

func (t *template) contact(ref string) *bcp.Contact {
	for i := range t.Contacts {
		if ref != "" && strings.EqualFold(t.Contacts[i].Ref, ref) {
			return &t.Contacts[i]
		}
	}
	return nil
}

// fillPerson writes a person into a contact: the name, and the number and
// address in place of the blank mobile and e-mail channels. A channel the
// person gave nothing for goes, so that no blank is left for them.
func fillPerson(c *bcp.Contact, p bcp.Member) {
	c.Name = p.Name
	values := map[string]string{"mobile": p.Phone, "email": p.Email}
	var chans []bcp.Channel
	done := map[string]bool{}
	for _, ch := range c.Channels {
		v, ok := values[ch.Kind]
		if ok && (bcp.IsToFillIn(ch.Value) || ch.Value == "") {
			if v == "" || done[ch.Kind] {
				continue
			}
			ch.Value, done[ch.Kind] = v, true
		}
		chans = append(chans, ch)
	}
	for _, kind := range []string{"mobile", "email"} {
		if v := values[kind]; v != "" && !done[kind] {
			chans = append(chans, bcp.Channel{Kind: kind, Value: v, OutOfBand: kind == "mobile"})
		}
	}
	c.Channels = chans
}

// mergeContact folds the contact from into the contact to: its jobs,
// resources and calls, and every role and call that named it.
func (t *template) mergeContact(from, to string) {
	src, dst := t.contact(from), t.contact(to)
	if src == nil || dst == nil || src == dst {
		return
	}
	if src.Role != "" {
		dst.Role = strings.TrimPrefix(dst.Role+"; "+src.Role, "; ")
	}
	dst.Resources = append(dst.Resources, src.Resources...)
	dst.CallsNext = append(dst.CallsNext, src.CallsNext...)
	t.Contacts = slices.DeleteFunc(t.Contacts, func(c bcp.Contact) bool { return strings.EqualFold(c.Ref, from) })
	rename := func(s string) string {
		if strings.EqualFold(s, from) {
			return to
		}
		return s
	}
	for i := range t.Contacts {
		c := &t.Contacts[i]
		var calls []string
		for _, r := range c.CallsNext {
			if r = rename(r); !strings.EqualFold(r, c.Ref) && !slices.Contains(calls, r) {
				calls = append(calls, r)
			}
		}
		c.CallsNext = calls
	}
	if t.Playbooks != nil {
		for name, r := range t.Playbooks.Roles {
			t.Playbooks.Roles[name] = templateRole{Primary: rename(r.Primary), Alternate: rename(r.Alternate)}
		}
	}
}

// nextContactRef is the next C-NN after the template's contacts.
func (t *template) nextContactRef() string {
	n := 0
	for _, c := range t.Contacts {
		var k int
		if _, err := fmt.Sscanf(c.Ref, "C-%d", &k); err == nil {
			n = max(n, k)
		}
	}
	return fmt.Sprintf("C-%02d", n+1)
}

// renameOwners gives the risks, their actions and the activities the
// people's names in place of the jobs they own.
func (t *template) renameOwners(owners map[string]string) {
	for i := range t.Risks {
		r := &t.Risks[i]
		r.Owner = ownerOf(owners, r.Owner)
		for j := range r.Actions {
			r.Actions[j].Owner = ownerOf(owners, r.Actions[j].Owner)
		}
	}
	if t.BIA != nil {
		for i := range t.BIA.Activities {
			a := &t.BIA.Activities[i]
			a.Owner = ownerOf(owners, a.Owner)
		}
	}
}

// ownerOf is the person who owns what the job owned, or the job itself.
func ownerOf(owners map[string]string, job string) string {
	for k, v := range owners {
		if strings.EqualFold(k, job) {
			return v
		}
	}
	return job
}

// applyTemplatePlaybooks stores the starter playbooks: each built-in
// template with its roles given to the team's contacts, by name as people
// read them (a blank name until it is filled in; the roles follow it), and
// its owner renamed. Every
// activity, resource and risk a starter playbook names must exist: the
// starter kit is tested to link them all.
func (tx *Tx) applyTemplatePlaybooks(ctx context.Context, t *templatePlaybooks, lang string, contacts []bcp.Contact, owners map[string]string) error {
	if t == nil {
		return nil
	}
	for _, name := range t.Templates {
		p, err := playbookTemplate(name, lang)
		if err != nil {
			return err
		}
		for i := range p.Roles {
			r := &p.Roles[i]
			for role, holders := range t.Roles {
				if strings.EqualFold(role, r.Name) {
					r.Primary, r.Alternate = holderName(contacts, holders.Primary), holderName(contacts, holders.Alternate)
				}
			}
		}
		p.Owner = ownerOf(owners, p.Owner)
		for i := range p.Communications {
			if c := &p.Communications[i]; c.ApprovedBy == "" && strings.TrimSpace(c.Statement) != "" {
				c.ApprovedBy = t.ApprovedBy
			}
		}
		if err := tx.createPlaybook(ctx, p); err != nil {
			return fmt.Errorf("template playbook %s: %w", name, err)
		}
	}
	return nil
}

// holderName is the name of the contact with the reference, as a role
// names it.
func holderName(cs []bcp.Contact, ref string) string {
	if c := bcp.FindContact(cs, ref); c != nil && c.Name != "" {
		return c.Name
	}
	return ref
}

// applyTemplateContacts stores the starter contacts, each after the
// contacts it calls.
func (tx *Tx) applyTemplateContacts(ctx context.Context, cs []bcp.Contact) error {
	return createLinked(cs, func(c *bcp.Contact) (string, *[]string) { return c.Ref, &c.CallsNext },
		func(c *bcp.Contact) error { return wrapRef("template contact", c.Ref, tx.createContact(ctx, c)) },
		func(c *bcp.Contact) error { return wrapRef("template contact", c.Ref, tx.updateContact(ctx, c)) })
}
