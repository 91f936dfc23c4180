package bcp

import (
	"fmt"
	"slices"
	"strings"
	"unicode"

	"riskbook/risk"
)

// Setup is what Riskbook asks on its very first start, each part
// skippable: the organisation, its top-level domains and its people. The
// starter kit is then made with their names in the roles, owners,
// contacts and call tree, so that the first documents and the first lines
// of the change log already carry real names.
type Setup struct {
	Organisation string
	TLDs         string // ".xx, .xn--…", as written
	People       []Member
	// Language is the language the starter content is written in ("fr");
	// empty for English.
	Language string
}

// Member is one of the organisation's people: who they are, the job they
// hold in the starter kit's team, and how to reach them at any hour.
type Member struct {
	Name  string
	Job   string // one of the starter kit's jobs, e.g. "Technical lead"; empty for none
	Phone string // the number they answer out of hours
	Email string
}

// MaxSetupPeople is how many people the first start asks for: the starter
// kit is made for a registry run by one to five people; others are added
// in Contacts.
const MaxSetupPeople = 5

// Normalize trims every answer, drops the people rows left empty and
// writes the top-level domains one way: ".xx, .yy".
func (s *Setup) Normalize() {
	s.Organisation = strings.TrimSpace(s.Organisation)
	s.TLDs = NormalizeTLDs(s.TLDs)
	var people []Member
	for _, p := range s.People {
		p.Name, p.Job = strings.TrimSpace(p.Name), strings.TrimSpace(p.Job)
		p.Phone, p.Email = strings.TrimSpace(p.Phone), strings.TrimSpace(p.Email)
		if p.Name == "" && p.Phone == "" && p.Email == "" {
			continue
		}
		people = append(people, p)
	}
	s.People = people
}

// Empty reports whether every question was skipped.
func (s *Setup) Empty() bool {
	return s.Organisation == "" && s.TLDs == "" && len(s.People) == 0
}

// NormalizeTLDs writes a list of top-level domains one way: lower case,
// each with its leading dot, separated by ", ". Commas, semicolons and
// spaces all separate.
func NormalizeTLDs(s string) string {
	fields := strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || unicode.IsSpace(r) })
	var out []string
	for _, f := range fields {
		f = "." + strings.ToLower(strings.Trim(f, "."))
		if f != "." && !slices.Contains(out, f) {
			out = append(out, f)
		}
	}
	return strings.Join(out, ", ")
}

// CheckSetup applies the rules of the first-start answers against the
// starter kit's jobs, each finding naming its field ("tlds",
// "people[1].phone") so that the form shows it in place. Every finding
// blocks: the workspace is made only from answers that hold.
func CheckSetup(s *Setup, jobs []string) []risk.Finding {
	var out []risk.Finding
	add := func(field string, m risk.Msg) {
		f := risk.NewFinding(risk.SeverityError, "setup-invalid", "setup", field, m)
		f.Blocking = true
		out = append(out, f)
	}
	person := func(i int, name string) risk.Localizer {
		if strings.TrimSpace(name) != "" {
			return risk.Text(name)
		}
		return risk.T("rules.bcp.setup.person", risk.Args{"N": i + 1})
	}
	for _, t := range strings.Split(s.TLDs, ", ") {
		if t != "" && !validTLD(t) {
			add("tlds", risk.T("rules.bcp.setup.tld_invalid", risk.Args{"TLD": t}))
		}
	}
	if len(s.People) > MaxSetupPeople {
		add("people", risk.N("rules.bcp.setup.too_many_people", len(s.People), risk.Args{"Max": MaxSetupPeople}))
	}
	holder := map[string]int{}
	for i, p := range s.People {
		field := func(name string) string { return fmt.Sprintf("people[%d].%s", i, name) }
		n := i + 1
		if p.Name == "" {
			add(field("name"), risk.T("rules.bcp.setup.name_missing", risk.Args{"N": n}))
		}
		if p.Job != "" && !slices.ContainsFunc(jobs, func(j string) bool { return strings.EqualFold(j, p.Job) }) {
			add(field("job"), risk.T("rules.bcp.setup.job_unknown", risk.Args{"Job": p.Job, "Jobs": strings.Join(jobs, ", ")}))
		} else if p.Job != "" {
			key := strings.ToLower(p.Job)
			if first, ok := holder[key]; ok {
				add(field("job"), risk.T("rules.bcp.setup.job_twice", risk.Args{"First": person(first, s.People[first].Name), "Second": person(i, p.Name), "Job": p.Job}))
			} else {
				holder[key] = i
			}
		}
		if p.Phone != "" && !validPhone(p.Phone) {
			add(field("phone"), risk.T("rules.bcp.phone_invalid", risk.Args{"Value": risk.Quote(p.Phone)}))
		}
		if p.Email != "" && !validEmail(p.Email) {
			add(field("email"), risk.T("rules.bcp.setup.email_invalid", risk.Args{"Value": risk.Quote(p.Email)}))
		}
	}
	return out
}

// ValidateSetup returns the first finding of CheckSetup as an error, one
// sentence for the person who gave the answers.
func ValidateSetup(s *Setup, jobs []string) error {
	fs := CheckSetup(s, jobs)
	if len(fs) == 0 {
		return nil
	}
	return risk.Err(risk.EINVALID, risk.T("rules.sentence", risk.Args{"Text": risk.Capital{Localizer: fs[0].Text}}))
}

// validTLD accepts ".xx", IDN labels in their own script and their
// xn-- form: letters, digits and inner hyphens, up to 63 characters.
func validTLD(t string) bool {
	label := strings.TrimPrefix(t, ".")
	if label == "" || len(label) > 63 || strings.HasPrefix(label, "-") || strings.HasSuffix(label, "-") {
		return false
	}
	for _, r := range label {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '-' && !unicode.Is(unicode.Mn, r) && !unicode.Is(unicode.Mc, r) {
			return false
		}
	}
	return true
}

// validPhone accepts what people write for a number: digits with spaces,
// dots, dashes, brackets, a leading + and an extension; at least six digits.
func validPhone(p string) bool {
	digits := 0
	for i, r := range p {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == '+' && i == 0, r == ' ', r == '-', r == '.', r == '(', r == ')', r == '/':
		case r == 'x' || r == 'X':
		default:
			return false
		}
	}
	return digits >= 6
}

func validEmail(e string) bool {
	local, domain, ok := strings.Cut(e, "@")
	return ok && local != "" && strings.Contains(strings.Trim(domain, "."), ".") && !strings.ContainsAny(e, " \t<>,;")
}
