package workspace

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"riskbook/bcp"
	"riskbook/export"
	"riskbook/risk"
	"riskbook/sqlite"
)

// personalising are the rules a brand-new starter workspace may break: each
// asks the operator for something only they know or decide. Any other
// finding on a new workspace is a flaw of the starter kit itself.
var personalising = map[string]string{
	"to-fill-in":                    "a blank of the starter kit: a name, a number, an approver",
	"playbook-not-exercised":        "only the operator can run the first tabletop exercise",
	"soa-undecided":                 "only the operator can decide whether a control applies",
	"supplier-capacity-unconfirmed": "only the supplier can confirm its crisis capacity",
	"ict-readiness-unknown":         "only the operator can time a rebuild of their own system",
}

func newStarter(t *testing.T, s bcp.Setup) *Workspace {
	t.Helper()
	w, err := CreateFor(context.Background(), filepath.Join(t.TempDir(), "w.riskbook"), TemplateCcTLD, "", s)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	return w
}

// TestStarterPlan: the starter kit holds the playbooks of the five
// scenarios that restore the top-priority activities, linked to their
// activities and risks, with every role held by a contact of the team, and
// the contacts every ccTLD calls.
func TestStarterPlan(t *testing.T) {
	ctx := context.Background()
	w := newStarter(t, bcp.Setup{})
	rec, _, err := w.Check(ctx, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"PB-01": "DDoS attack on the name servers",
		"PB-02": "Registry system compromise",
		"PB-03": "Registry database loss or corruption",
		"PB-04": "DNSSEC signing failure or key compromise",
		"PB-05": "Loss of the primary site",
	}
	if len(rec.Playbooks) != len(want) {
		t.Fatalf("got %d playbooks, want %d", len(rec.Playbooks), len(want))
	}
	for _, p := range rec.Playbooks {
		if want[p.Ref] != p.Title {
			t.Errorf("%s is %q, want %q", p.Ref, p.Title, want[p.Ref])
		}
		if len(p.Activities) == 0 || len(p.Risks) == 0 || len(p.Resources) == 0 {
			t.Errorf("%s links %d activities, %d risks and %d resources; want some of each", p.Ref, len(p.Activities), len(p.Risks), len(p.Resources))
		}
		for _, r := range p.Roles {
			for _, who := range []string{r.Primary, r.Alternate} {
				if bcp.FindContact(rec.Contacts, who) == nil {
					t.Errorf("%s: role %s is held by %q, not a contact of the team", p.Ref, r.Name, who)
				}
			}
			if !r.HasAlternate() {
				t.Errorf("%s: role %s has no alternate", p.Ref, r.Name)
			}
		}
	}
	for _, a := range rec.BIA.Activities {
		if a.Priority < 1 || a.Priority > rec.BIA.Settings.TopPriority {
			continue
		}
		if !slices.ContainsFunc(rec.Playbooks, func(p bcp.Playbook) bool { return p.Covers(a.Ref) }) {
			t.Errorf("top-priority %s (%s) is restored by no starter playbook", a.Ref, a.Name)
		}
	}
	parties := []struct{ name, fact string }{
		{"IANA root zone management", "root-mgmt@iana.org"},
		{"TLD-OPS", "https://ccnso.icann.org/en/resources/tld-ops-secure-communication.htm"},
		{"CERT", ""},
		{"regulator", ""},
		{"anycast", ""},
		{"hosting provider", ""},
		{"registrars", ""},
	}
	for _, party := range parties {
		i := slices.IndexFunc(rec.Contacts, func(c bcp.Contact) bool {
			return strings.Contains(strings.ToLower(c.Name+" "+c.Role), strings.ToLower(party.name))
		})
		if i < 0 {
			t.Errorf("no starter contact for %s", party.name)
			continue
		}
		c := rec.Contacts[i]
		if c.Kind != bcp.ContactOrganisation {
			t.Errorf("%s is a %s, want an organisation", c.Ref, c.Kind)
		}
		if party.fact != "" && !slices.ContainsFunc(c.Channels, func(ch bcp.Channel) bool { return ch.Value == party.fact }) {
			t.Errorf("%s (%s): want the public channel %s filled in, got %+v", c.Ref, c.Name, party.fact, c.Channels)
		}
		if len(bcp.Blanks(&c)) == 0 && party.fact == "" {
			t.Errorf("%s (%s) has no blank, but only the operator knows its details", c.Ref, c.Name)
		}
	}
	if calls := bcp.CallLines(bcp.CallTree(rec.Contacts)); len(calls) == 0 || calls[0].Contact.Ref != "C-01" || calls[0].Level != 0 {
		t.Errorf("the call tree should start at the registry manager, C-01; got %+v", calls)
	}
	for _, l := range bcp.CallLines(bcp.CallTree(rec.Contacts)) {
		if l.Level == 0 && l.Contact.Ref != "C-01" {
			t.Errorf("%s (%s) is called by nobody", l.Contact.Ref, l.Contact.Name)
		}
	}
}

// TestStarterCheck: a brand-new workspace's check reports only what the
// operator must personalise, and counts the blanks until they are filled.
func TestStarterCheck(t *testing.T) {
	ctx := context.Background()
	w := newStarter(t, bcp.Setup{})
	rec, fs, err := w.Check(ctx, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	blanks := 0
	for _, f := range fs {
		if _, ok := personalising[f.Rule]; !ok {
			t.Errorf("a new workspace breaks %s on %s: %s", f.Rule, f.Ref, f.Message)
		}
		if f.Rule == "to-fill-in" {
			blanks++
		}
	}
	if blanks == 0 || rec.CountBlanks() < blanks {
		t.Fatalf("got %d to-fill-in findings over %d blanks; want the starter's blanks counted", blanks, rec.CountBlanks())
	}
	// Filling in a contact takes its finding away.
	c := rec.Contacts[slices.IndexFunc(rec.Contacts, func(c bcp.Contact) bool { return c.Ref == "C-08" })]
	c.Name, c.Channels = "CERT-XX", []bcp.Channel{{Kind: "phone", Value: "+1 555 0100", OutOfBand: true}, {Kind: "email", Value: "incident@cert.example"}}
	if err := w.UpdateContact(ctx, &c); err != nil {
		t.Fatal(err)
	}
	rec2, fs, err := w.Check(ctx, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if slices.ContainsFunc(fs, func(f risk.Finding) bool { return f.Ref == "C-08" }) {
		t.Errorf("C-08 filled in still has a finding")
	}
	if got, want := rec2.CountBlanks(), rec.CountBlanks()-3; got != want {
		t.Errorf("blanks after filling in C-08: got %d, want %d", got, want)
	}
}

// TestStarterNameFollowsIntoRoles: writing a name over a contact's blank
// puts it in every role the contact holds, and the playbooks' blanks go.
func TestStarterNameFollowsIntoRoles(t *testing.T) {
	ctx := context.Background()
	w := newStarter(t, bcp.Setup{})
	cs, err := w.Contacts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	c := *bcp.FindContact(cs, "C-05")
	blank := c.Name
	c.Name = "Carla Reis"
	if err := w.UpdateContact(ctx, &c); err != nil {
		t.Fatal(err)
	}
	pbs, err := w.Playbooks(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range pbs {
		if r := p.Role("Technical lead"); r == nil || r.Alternate != "Carla Reis" {
			t.Errorf("%s: technical lead alternate %+v, want Carla Reis", p.Ref, r)
		}
		for _, b := range bcp.Blanks(&p) {
			if b.Hint == strings.Trim(strings.TrimPrefix(blank, "[to fill in:"), " ]") {
				t.Errorf("%s still holds the stand-in's blank at %s", p.Ref, b.Field)
			}
		}
	}
}

// TestStarterSoA: the Statement of Applicability says nothing the starter
// workspace contradicts: the playbooks and contacts it claims exist.
func TestStarterSoA(t *testing.T) {
	ctx := context.Background()
	w := newStarter(t, bcp.Setup{})
	soa, err := w.SoA(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range soa {
		switch e.Control {
		case "A.5.24":
			for _, s := range []string{"DDoS", "compromise", "database", "DNSSEC", "primary site"} {
				if !strings.Contains(e.Justification, s) {
					t.Errorf("A.5.24 does not name the %s playbook: %q", s, e.Justification)
				}
			}
		case "A.5.5":
			if strings.Contains(e.Justification, "not yet in the playbook") {
				t.Errorf("A.5.5 says the contacts are not in the playbooks: %q", e.Justification)
			}
		}
	}
}

// TestCreateFor: the first start's answers put the organisation in the
// profile and the people in the roles, owners, contacts and call tree, and
// the change log names the first person from its first line.
func TestCreateFor(t *testing.T) {
	ctx := context.Background()
	ana := bcp.Member{Name: "Ana Silva", Phone: "+351 912 000 001", Email: "ana@nic.example"}
	bo := bcp.Member{Name: "Bo Tran", Job: "Technical lead", Phone: "+351 912 000 002"}
	w := newStarter(t, bcp.Setup{Organisation: "Registry of .xx", TLDs: "XX, .xn--p1ai", People: []bcp.Member{ana, bo}})
	settings, err := w.Settings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for key, want := range map[string]string{export.SettingOrganisation: "Registry of .xx", export.SettingTLDs: ".xx, .xn--p1ai",
		export.SettingOwner: "Ana Silva", sqlite.SettingUserName: "Ana Silva"} {
		if settings[key] != want {
			t.Errorf("setting %s: got %q, want %q", key, settings[key], want)
		}
	}
	changes, err := w.Changes(ctx, sqlite.ChangeFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range changes {
		if c.Actor != "Ana Silva" {
			t.Fatalf("change %d (%s %s) by %q, want Ana Silva", c.ID, c.Entity, c.Key, c.Actor)
		}
	}
	rec, fs, err := w.Check(ctx, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	cs := rec.Contacts
	manager, tech := bcp.FindContact(cs, "Ana Silva"), bcp.FindContact(cs, "Bo Tran")
	if manager == nil || manager.Ref != "C-01" || tech == nil || tech.Ref != "C-02" {
		t.Fatalf("got manager %+v and technical lead %+v, want Ana as C-01 and Bo as C-02", manager, tech)
	}
	if len(bcp.Blanks(manager)) != 0 || len(bcp.Blanks(tech)) != 0 {
		t.Errorf("the people given still have blanks: %+v %+v", bcp.Blanks(manager), bcp.Blanks(tech))
	}
	if n := manager.Numbers(); len(n) != 1 || n[0].Value != ana.Phone || !n[0].OutOfBand {
		t.Errorf("Ana's numbers: got %+v, want her phone, out of band", n)
	}
	if len(tech.Numbers()) != 1 || slices.ContainsFunc(tech.Channels, func(ch bcp.Channel) bool { return ch.Kind == "email" }) {
		t.Errorf("Bo gave a phone and no e-mail: got %+v", tech.Channels)
	}
	// Nobody took the support and finance job: Ana, the first, does it.
	if bcp.FindContact(cs, "C-03") != nil || !slices.Contains(manager.Resources, "RES-04") {
		t.Errorf("the support and finance officer should be folded into Ana: C-03 %+v, Ana's resources %q", bcp.FindContact(cs, "C-03"), manager.Resources)
	}
	standIn := bcp.FindContact(cs, "C-05")
	for _, p := range rec.Playbooks {
		for _, r := range p.Roles {
			if bcp.FindContact(cs, r.Primary) == nil || bcp.FindContact(cs, r.Alternate) == nil {
				t.Errorf("%s: role %s is held by %q and %q, not both contacts", p.Ref, r.Name, r.Primary, r.Alternate)
			}
		}
		if r := p.Role("Support and finance"); r != nil && r.Primary != "Ana Silva" {
			t.Errorf("%s: support and finance held by %q, want Ana Silva, who took over the job", p.Ref, r.Primary)
		}
		if r := p.Role("Technical lead"); r != nil && (r.Primary != "Bo Tran" || r.Alternate != standIn.Name) {
			t.Errorf("%s: technical lead %s / %s, want Bo Tran / %s", p.Ref, r.Primary, r.Alternate, standIn.Name)
		}
	}
	owners := map[string]bool{}
	for _, r := range rec.Register.Risks {
		owners[r.Owner] = true
	}
	for _, job := range []string{"Registry manager", "Technical lead", "Security officer", "Finance & administration", "Communications lead"} {
		if owners[job] {
			t.Errorf("a risk is still owned by the job %q", job)
		}
	}
	if !owners["Ana Silva"] || !owners["Bo Tran"] || !owners["Operations engineer"] {
		t.Errorf("owners %v: want Ana Silva, Bo Tran, and the stand-in's job left for nobody was named", owners)
	}
	for _, f := range fs {
		if f.Rule == "role-holder-unreachable" {
			t.Errorf("%s: %s", f.Ref, f.Message)
		}
	}
}

// TestCreateForOnePerson: in a team of one, the one person holds every
// job; the roles the plan has no one else for show as the findings they
// are.
func TestCreateForOnePerson(t *testing.T) {
	ctx := context.Background()
	w := newStarter(t, bcp.Setup{People: []bcp.Member{{Name: "Ana Silva", Job: "Technical lead", Email: "ana@nic.example"}}})
	rec, fs, err := w.Check(ctx, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	for _, ref := range []string{"C-01", "C-03"} {
		if bcp.FindContact(rec.Contacts, ref) != nil {
			t.Errorf("%s should be folded into Ana", ref)
		}
	}
	ana := bcp.FindContact(rec.Contacts, "Ana Silva")
	if ana == nil || ana.Ref != "C-02" {
		t.Fatalf("got %+v, want Ana as C-02, the technical lead", ana)
	}
	if !slices.Contains(ana.CallsNext, "C-09") || slices.Contains(ana.CallsNext, "C-02") {
		t.Errorf("Ana calls %q: want the manager's calls (C-09) and never herself", ana.CallsNext)
	}
	rules := map[string]bool{}
	for _, f := range fs {
		rules[f.Rule] = true
	}
	for _, rule := range []string{"role-alternate-same-person", "role-holder-unreachable"} {
		if !rules[rule] {
			t.Errorf("want a %s finding: Ana is incident lead and her own alternate, and gave no phone", rule)
		}
	}
}

// TestCreateForRefusals: answers that break a rule create nothing.
func TestCreateForRefusals(t *testing.T) {
	tests := []struct {
		name  string
		setup bcp.Setup
		want  string
	}{
		{"BadTLD", bcp.Setup{TLDs: ".x_x"}, ".x_x is not a top-level domain"},
		{"NoName", bcp.Setup{People: []bcp.Member{{Phone: "+351 912 000 001"}}}, "Person 1 has a phone number or an e-mail address but no name"},
		{"UnknownJob", bcp.Setup{People: []bcp.Member{{Name: "Ana", Job: "Astronaut"}}}, "Astronaut is not one of the starter kit's jobs"},
		{"SameJob", bcp.Setup{People: []bcp.Member{{Name: "Ana", Job: "Technical lead"}, {Name: "Bo", Job: "technical lead"}}}, "Ana and Bo are both given the job"},
		{"BadPhone", bcp.Setup{People: []bcp.Member{{Name: "Ana", Phone: "call me"}}}, `"call me" is not a phone number`},
		{"TooMany", bcp.Setup{People: []bcp.Member{{Name: "A"}, {Name: "B"}, {Name: "C"}, {Name: "D"}, {Name: "E"}, {Name: "F"}}}, "6 people are given"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "w.riskbook")
			_, err := CreateFor(context.Background(), path, TemplateCcTLD, "", tt.setup)
			if err == nil || !strings.Contains(risk.ErrorMessage(err), tt.want) {
				t.Fatalf("got %v, want an error saying %q", err, tt.want)
			}
			if _, statErr := filepath.Glob(path + "*"); statErr != nil {
				t.Fatal(statErr)
			}
			if m, _ := filepath.Glob(path + "*"); len(m) > 0 {
				t.Errorf("refused answers left %q behind", m)
			}
		})
	}
}

// TestCreateForFivePeople: people beyond the team's jobs get contacts of
// their own in the call tree; the blank template takes the people as
// contacts too.
func TestCreateForFivePeople(t *testing.T) {
	ctx := context.Background()
	people := []bcp.Member{{Name: "Ana"}, {Name: "Bo"}, {Name: "Cy"}, {Name: "Di"}, {Name: "Ed"}}
	people[4].Job = "Board chair"
	w := newStarter(t, bcp.Setup{People: people})
	cs, err := w.Contacts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for ref, name := range map[string]string{"C-01": "Ana", "C-02": "Bo", "C-03": "Cy", "C-05": "Di", "C-04": "Ed"} {
		if c := bcp.FindContact(cs, ref); c == nil || c.Name != name {
			t.Errorf("%s: got %+v, want %s", ref, c, name)
		}
	}
	blank, err := CreateFor(ctx, filepath.Join(t.TempDir(), "b.riskbook"), TemplateBlank, "", bcp.Setup{People: people[:2]})
	if err != nil {
		t.Fatal(err)
	}
	defer blank.Close()
	if cs, err := blank.Contacts(ctx); err != nil || len(cs) != 2 || cs[0].Name != "Ana" {
		t.Errorf("blank workspace contacts: got %+v, %v; want Ana and Bo", cs, err)
	}
}

// TestStarterInEveryLanguage: the starter workspace made in each language
// its content is written in passes check with the same counts as the
// English one — the same records, the same findings by rule and record,
// the same blanks — with and without the first start's people, and
// remembers its language for the playbook templates it adds later.
func TestStarterInEveryLanguage(t *testing.T) {
	ctx := context.Background()
	people := []bcp.Member{{Name: "Ana Lima", Phone: "+1 555 0101", Email: "ana@nic.example"}, {Name: "Bruno Diaz"}}
	for _, who := range [][]bcp.Member{nil, people} {
		counts := func(lang string) (string, *Workspace) {
			w := newStarter(t, bcp.Setup{Language: lang, People: who})
			rec, fs, err := w.Check(ctx, time.Now())
			if err != nil {
				t.Fatal(err)
			}
			var b strings.Builder
			fmt.Fprintf(&b, "%d risks, %d activities, %d resources, %d playbooks, %d contacts, %d exercises, %d blanks\n",
				len(rec.Register.Risks), len(rec.BIA.Activities), len(rec.BIA.Resources), len(rec.Playbooks),
				len(rec.Contacts), len(rec.Exercises), rec.CountBlanks())
			for _, f := range fs {
				fmt.Fprintf(&b, "%s %s %s %v\n", f.Rule, f.Ref, f.Field, f.Severity)
			}
			return b.String(), w
		}
		english, _ := counts("")
		for _, lang := range ContentLanguages()[1:] {
			got, w := counts(lang)
			if got != english {
				t.Errorf("%s starter (%d people): check gives\n%s\nwant as in English\n%s", lang, len(who), got, english)
			}
			if l, err := w.ContentLanguage(ctx); err != nil || l != lang {
				t.Errorf("%s starter remembers the language %q (%v)", lang, l, err)
			}
			jobs, err := StarterJobs(TemplateCcTLD, lang)
			if err != nil {
				t.Fatal(err)
			}
			english, _ := StarterJobs(TemplateCcTLD, "")
			if len(jobs) != len(english) || slices.Equal(jobs, english) {
				t.Errorf("%s starter offers the jobs %v; want its own, as many as %v", lang, jobs, english)
			}
		}
	}
}

// TestStarterLanguageRefused: a language the starter content is not
// written in is refused, naming those it is, and nothing is created.
func TestStarterLanguageRefused(t *testing.T) {
	at := filepath.Join(t.TempDir(), "w.riskbook")
	_, err := CreateFor(context.Background(), at, TemplateCcTLD, "", bcp.Setup{Language: "de"})
	if err == nil || !strings.Contains(err.Error(), "en (English)") {
		t.Fatalf("German: got %v, want a refusal that lists the languages", err)
	}
	if _, serr := os.Stat(at); serr == nil {
		t.Error("a refused language still created the workspace")
	}
}

func TestContentLanguageForLocale(t *testing.T) {
	for _, tt := range []struct {
		locales []string
		want    string
	}{
		{nil, "en"},
		{[]string{"de-DE", "en-GB"}, "en"},
		{[]string{"de-DE"}, "en"},
		{[]string{"fr-FR"}, "fr"},
		{[]string{"pt-BR", "es-AR"}, "es"},
	} {
		if !slices.Contains(ContentLanguages(), tt.want) {
			continue
		}
		if got := contentLanguageFor(tt.locales); got != tt.want {
			t.Errorf("contentLanguageFor(%v) = %q, want %q", tt.locales, got, tt.want)
		}
	}
}
