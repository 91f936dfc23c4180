package bcp

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"riskbook/risk"
)

func TestPhaseName(t *testing.T) {
	want := []string{"Detect and assess", "Activate", "Contain and continue", "Recover", "Return to normal", "Post-incident review"}
	if len(Phases) != len(want) {
		t.Fatalf("got %d phases, want %d", len(Phases), len(want))
	}
	for i, p := range Phases {
		t.Run(string(p), func(t *testing.T) {
			if got := PhaseName(p); got != want[i] {
				t.Errorf("PhaseName(%q): got %q, want %q", p, got, want[i])
			}
		})
	}
	if got := PhaseName("later"); got != "later" {
		t.Errorf("PhaseName(later): got %q, want the value itself", got)
	}
}

func TestAudienceName(t *testing.T) {
	want := []string{"Internal", "Registrars", "Registrants and the public", "Regulator and government", "IANA", "TLD-OPS and CERT"}
	if len(Audiences) != len(want) {
		t.Fatalf("got %d audiences, want %d", len(Audiences), len(want))
	}
	for i, a := range Audiences {
		t.Run(string(a), func(t *testing.T) {
			if got := AudienceName(a); got != want[i] {
				t.Errorf("AudienceName(%q): got %q, want %q", a, got, want[i])
			}
		})
	}
	if got := AudienceName("press"); got != "press" {
		t.Errorf("AudienceName(press): got %q, want the value itself", got)
	}
}

func TestPlaybookNormalize(t *testing.T) {
	tests := []struct {
		name string
		in   Playbook
		want Playbook
	}{
		{name: "Trim",
			in:   Playbook{Ref: " PB-01 ", Title: "\tDDoS\n", Version: " 1.0", Owner: "Ana "},
			want: Playbook{Ref: "PB-01", Title: "DDoS", Version: "1.0", Owner: "Ana"}},
		{name: "SortRefsNaturally",
			in: Playbook{Activities: []string{"ACT-10", "ACT-2"}, Resources: []string{"RES-100", "RES-9", "RES-9"},
				Risks: []string{" R-010", "R-2", ""}},
			want: Playbook{Activities: []string{"ACT-2", "ACT-10"}, Resources: []string{"RES-9", "RES-100"},
				Risks: []string{"R-2", "R-010"}}},
		{name: "ListsKeepTheirOrder",
			in:   Playbook{MayDeclare: []string{" Technical lead", "", "Incident lead"}, OutOfBand: []string{"SMS", " ", "Satellite phone "}},
			want: Playbook{MayDeclare: []string{"Technical lead", "Incident lead"}, OutOfBand: []string{"SMS", "Satellite phone"}}},
		{name: "Roles",
			in:   Playbook{Roles: []Role{{Name: " Incident lead ", Responsibilities: " Leads. ", Primary: " Ana", Alternate: "Bo "}}},
			want: Playbook{Roles: []Role{{Name: "Incident lead", Responsibilities: " Leads. ", Primary: "Ana", Alternate: "Bo"}}}},
		{name: "Steps",
			in: Playbook{Phases: []PhaseSteps{{Phase: " recover ", Steps: []Step{
				{What: " Restore ", Who: " Technical lead ", Where: " Office ", How: " Carefully. ", Checklist: []string{" one ", "", "two"}},
				{What: "Check", Checklist: []string{" "}},
			}}}},
			want: Playbook{Phases: []PhaseSteps{{Phase: PhaseRecover, Steps: []Step{
				{What: "Restore", Who: "Technical lead", Where: "Office", How: " Carefully. ", Checklist: []string{"one", "two"}},
				{What: "Check"},
			}}}}},
		{name: "EmptyPhaseKept",
			in:   Playbook{Phases: []PhaseSteps{{Phase: PhaseReview, Steps: []Step{}}}},
			want: Playbook{Phases: []PhaseSteps{{Phase: PhaseReview}}}},
		{name: "Communications",
			in:   Playbook{Communications: []Communication{{Audience: " registrars", Channel: " Email ", OutOfBand: " SMS ", Statement: " We know. ", ApprovedBy: " Board "}}},
			want: Playbook{Communications: []Communication{{Audience: AudienceRegistrars, Channel: "Email", OutOfBand: "SMS", Statement: " We know. ", ApprovedBy: "Board"}}}},
		{name: "EmptyListsNil",
			in: Playbook{Activities: []string{}, Resources: []string{" "}, Risks: []string{}, MayDeclare: []string{""}, OutOfBand: []string{},
				Roles: []Role{}, Phases: []PhaseSteps{}, Communications: []Communication{}},
			want: Playbook{}},
		{name: "ProseUntouched",
			in:   Playbook{Scenario: " s ", Scope: " s ", ActivationCriteria: " a "},
			want: Playbook{Scenario: " s ", Scope: " s ", ActivationCriteria: " a "}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := tt.in
			p.Normalize()
			if !reflect.DeepEqual(p, tt.want) {
				t.Errorf("got %#v, want %#v", p, tt.want)
			}
			p.Normalize()
			if !reflect.DeepEqual(p, tt.want) {
				t.Errorf("normalized twice: got %#v, want %#v", p, tt.want)
			}
		})
	}
}

func TestPlaybookClone(t *testing.T) {
	orig := validPlaybooks(t)[0]
	c := orig.Clone()
	if !reflect.DeepEqual(c, orig) {
		t.Fatalf("got clone %#v, want %#v", c, orig)
	}
	c.Activities[0] = "ACT-99"
	c.Resources[0] = "RES-99"
	c.MayDeclare[0] = "Nobody"
	c.Roles[0].Primary = "Zed"
	c.Phases[2].Steps[0].Checklist[0] = "changed"
	c.Phases[2].Steps[0].What = "changed"
	c.Phases[0].Phase = PhaseReview
	c.Communications[1].Statement = "changed"
	c.OutOfBand[0] = "changed"
	if want := validPlaybooks(t)[0]; !reflect.DeepEqual(orig, want) {
		t.Errorf("changing the clone changed the original: got %#v, want %#v", orig, want)
	}
}

func TestPlaybookRole(t *testing.T) {
	p := validPlaybooks(t)[0]
	tests := []struct {
		name, in, want string // want "" for none
	}{
		{"Exact", "Incident lead", "Incident lead"},
		{"OtherCase", "TECHNICAL LEAD", "Technical lead"},
		{"Spaces", " Incident lead ", "Incident lead"},
		{"Unknown", "Press officer", ""},
		{"Empty", "", ""},
		{"Person", "Ana", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := p.Role(tt.in)
			switch {
			case tt.want == "" && r != nil:
				t.Errorf("Role(%q): got %q, want none", tt.in, r.Name)
			case tt.want != "" && (r == nil || r.Name != tt.want):
				t.Errorf("Role(%q): got %v, want %q", tt.in, r, tt.want)
			}
		})
	}
	t.Run("EmptyNameMatchesNoNamelessRole", func(t *testing.T) {
		p := Playbook{Roles: []Role{{Primary: "Ana"}}}
		if r := p.Role(""); r != nil {
			t.Errorf("Role(\"\"): got %+v, want none", r)
		}
	})
}

func TestRoleHasAlternate(t *testing.T) {
	tests := []struct {
		name string
		role Role
		want bool
	}{
		{"Both", Role{Primary: "Ana", Alternate: "Bo"}, true},
		{"NoAlternate", Role{Primary: "Ana"}, false},
		{"SamePerson", Role{Primary: "Ana", Alternate: "Ana"}, false},
		{"SamePersonOtherCase", Role{Primary: "C-01", Alternate: " c-01"}, false},
		{"AlternateOnly", Role{Alternate: "Bo"}, true},
		{"Neither", Role{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.role.HasAlternate(); got != tt.want {
				t.Errorf("HasAlternate(%+v): got %v, want %v", tt.role, got, tt.want)
			}
		})
	}
}

func TestPlaybookCovers(t *testing.T) {
	p := Playbook{Activities: []string{"ACT-01", "ACT-10"}}
	tests := []struct {
		ref  string
		want bool
	}{{"ACT-01", true}, {"act-10", true}, {"ACT-1", false}, {"ACT-02", false}, {"", false}}
	for _, tt := range tests {
		t.Run("Ref"+tt.ref, func(t *testing.T) {
			if got := p.Covers(tt.ref); got != tt.want {
				t.Errorf("Covers(%q): got %v, want %v", tt.ref, got, tt.want)
			}
		})
	}
}

func TestPlaybookStepCount(t *testing.T) {
	tests := []struct {
		name string
		p    Playbook
		want int
	}{
		{"Empty", Playbook{}, 0},
		{"EmptyPhase", Playbook{Phases: []PhaseSteps{{Phase: PhaseDetect}}}, 0},
		{"Valid", validPlaybooks(t)[0], 6},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.p.StepCount(); got != tt.want {
				t.Errorf("got %d steps, want %d", got, tt.want)
			}
		})
	}
}

// decodeStrict decodes one playbook from b, refusing unknown fields and
// trailing data, as a template loader should.
func decodeStrict(b []byte) (Playbook, error) {
	var p Playbook
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil {
		return p, err
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return p, errors.New("data after the playbook")
	}
	return p, nil
}

func TestPlaybookJSON(t *testing.T) {
	p := validPlaybooks(t)[0]
	p.ID = 7
	p.Approved = risk.Date{Year: 2025, Month: time.May, Day: 2}
	p.Created = time.Date(2025, time.May, 1, 9, 0, 0, 0, time.UTC)
	p.Updated = p.Created.Add(time.Hour)
	b, err := json.Marshal(p)
	if err != nil {
		t.Fatalf("marshal: %v", err)
	}
	for _, frag := range []string{`"ref":"PB-01"`, `"activation_criteria":`, `"may_declare":["Incident lead"]`,
		`"out_of_band":["Satellite phone +881 000"]`, `"last_exercised":"2025-06-15"`, `"approved":"2025-05-02"`,
		`"when":"5 min"`, `"approved_by":"Board"`, `"phase":"detect"`, `"audience":"registrars"`} {
		if !strings.Contains(string(b), frag) {
			t.Errorf("got JSON %s, want it to contain %s", b, frag)
		}
	}
	if strings.Contains(string(b), `"id"`) || strings.Contains(string(b), `"ID"`) {
		t.Errorf("got JSON %s, want no ID", b)
	}
	got, err := decodeStrict(b)
	if err != nil {
		t.Fatalf("decode %s: %v", b, err)
	}
	p.ID = 0
	if !reflect.DeepEqual(got, p) {
		t.Errorf("round trip: got %#v, want %#v", got, p)
	}
}

func TestPlaybookJSONStrict(t *testing.T) {
	tests := []struct {
		name, in string
	}{
		{"UnknownField", `{"ref":"PB-01","tittle":"DDoS"}`},
		{"UnknownStepField", `{"phases":[{"phase":"detect","steps":[{"what":"x","owner":"y"}]}]}`},
		{"BadDuration", `{"phases":[{"phase":"detect","steps":[{"what":"x","when":"soon"}]}]}`},
		{"BadDate", `{"last_exercised":"15/06/2025"}`},
		{"Trailing", `{"ref":"PB-01"}{}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := decodeStrict([]byte(tt.in)); err == nil {
				t.Errorf("decode %s: got nil error, want one", tt.in)
			}
		})
	}
}

// templateCount is how many scenario templates ship (issue 6 asks for at
// least eight).
const templateCount = 8

// TestPlaybookTemplates checks every shipped template decodes strictly, is
// a valid playbook, and is a complete draft: only what a team fills in
// after copying it (people, owner, approvals, exercises) may be missing.
func TestPlaybookTemplates(t *testing.T) {
	paths, err := filepath.Glob("../assets/playbooks/*.json")
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) < templateCount {
		t.Errorf("got %d playbook templates, want at least %d", len(paths), templateCount)
	}
	fillIn := []string{"role-unassigned", "playbook-owner-missing", "playbook-not-exercised", "statement-not-approved"}
	for _, path := range paths {
		t.Run(strings.TrimSuffix(filepath.Base(path), ".json"), func(t *testing.T) {
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			p, err := decodeStrict(b)
			if err != nil {
				t.Fatalf("decode %s: %v", path, err)
			}
			if err := ValidatePlaybook(&p); err != nil {
				t.Errorf("validate %s: %v", path, err)
			}
			for _, f := range CheckPlaybooks([]Playbook{p}, nil, risk.Date{}) {
				if !slices.Contains(fillIn, f.Rule) {
					t.Errorf("got %s %s at %s: %s; a template should be a complete draft", f.Severity, f.Rule, f.Field, f.Message)
				}
			}
			for _, r := range p.Roles {
				if r.Primary != "" || r.Alternate != "" {
					t.Errorf("role %s names %q and %q; a template leaves people for the team to fill in", r.Name, r.Primary, r.Alternate)
				}
			}
		})
	}
}
