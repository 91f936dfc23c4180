package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"riskbook/bcp"
	"riskbook/export"
	"riskbook/i18n"
	"riskbook/importer"
	"riskbook/risk"
	"riskbook/safefile"
	"riskbook/workspace"
)

// Every check of a flag's value, and of flags that do not go together,
// lives in this file, so that the commands only do their work.

// parseInterspersed lets flags follow positional arguments, as people type
// them: riskbook init w.riskbook --template blank.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, flagError(err)
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return positional, nil
		}
		if rest[0] == "--" {
			return append(positional, rest[1:]...), nil
		}
		positional = append(positional, rest[0])
		args = rest[1:]
	}
}

// flagError says a refusal of the flag package in the messages' language.
func flagError(err error) error {
	msg := err.Error()
	for prefix, id := range map[string]string{
		"flag provided but not defined: ": "cli.flag.undefined",
		"flag needs an argument: ":        "cli.flag.needs_value",
	} {
		if name, ok := strings.CutPrefix(msg, prefix); ok {
			return errors.New(i18n.T(id, i18n.Args{"Flag": "-" + strings.TrimLeft(name, "-")}))
		}
	}
	return err
}

// setFlag is a string flag that remembers whether it was given, so that
// --level full given on purpose is refused where no level applies.
type setFlag struct {
	value *string
	set   *bool
}

func (f setFlag) String() string {
	if f.value == nil {
		return ""
	}
	return *f.value
}

func (f setFlag) Set(s string) error {
	*f.value, *f.set = s, true
	return nil
}

// listFlag is a flag that may be given more than once.
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ", ") }

func (l *listFlag) Set(s string) error {
	*l = append(*l, s)
	return nil
}

// setup turns init's --org, --tld and --person into the first start's
// answers. A person is "NAME; PHONE; E-MAIL; JOB": the parts are told apart
// by what they hold (an @ is an e-mail address, mostly digits a phone
// number, one of the starter kit's jobs a job), so any but the name may be
// left out or come in any order.
func (o *initOptions) setup() (bcp.Setup, error) {
	s := bcp.Setup{Organisation: o.org, TLDs: o.tld, Language: o.lang}
	if len(o.people) > 0 && o.template == workspace.TemplateBlank {
		return s, risk.Errorf(risk.EINVALID, "%s", i18n.T("cli.init.person_blank"))
	}
	jobs, err := workspace.StarterJobs(o.template, o.lang)
	if err != nil {
		return s, err
	}
	for _, raw := range o.people {
		var p bcp.Member
		for _, part := range strings.Split(raw, ";") {
			part = strings.TrimSpace(part)
			switch {
			case part == "":
			case strings.Contains(part, "@") && p.Email == "":
				p.Email = part
			case isPhoneLike(part) && p.Phone == "":
				p.Phone = part
			case slices.ContainsFunc(jobs, func(j string) bool { return strings.EqualFold(j, part) }) && p.Job == "":
				p.Job = part
			case p.Name == "":
				p.Name = part
			default:
				return s, risk.Errorf(risk.EINVALID, "%s", i18n.T("cli.init.person_parts", i18n.Args{"Person": fmt.Sprintf("%q", raw), "Jobs": strings.Join(jobs, ", ")}))
			}
		}
		s.People = append(s.People, p)
	}
	return s, nil
}

// isPhoneLike tells a phone number from a name: it starts with + or a
// digit.
func isPhoneLike(s string) bool {
	return s != "" && (s[0] == '+' || s[0] >= '0' && s[0] <= '9' || s[0] == '(')
}

// templateOf checks --template.
func templateOf(name string) error {
	if name != workspace.TemplateBlank && name != workspace.TemplateCcTLD {
		return risk.Errorf(risk.EINVALID, "%s", i18n.T("cli.init.template", i18n.Args{"Template": fmt.Sprintf("%q", name)}))
	}
	return nil
}

// severityOf reads --min.
func severityOf(name string) (risk.Severity, error) {
	min := map[string]risk.Severity{"info": risk.SeverityInfo, "warning": risk.SeverityWarning, "error": risk.SeverityError}
	floor, ok := min[name]
	if !ok {
		return 0, risk.Errorf(risk.EINVALID, "%s", i18n.T("cli.check.min", i18n.Args{"Min": fmt.Sprintf("%q", name)}))
	}
	return floor, nil
}

// exportOptions are riskbook export's flags.
// check refuses an assessment verb or flag that does not fit: close
// needs --name, list takes none.
func (o *assessmentOptions) check(args []string) error {
	if len(args) == 0 {
		return risk.Errorf(risk.EINVALID, "%s", i18n.T("cli.assessment.what"))
	}
	if args[0] == "compare" {
		return o.checkCompare(args[1:])
	}
	switch args[0] {
	case "close", "list":
	default:
		return risk.Errorf(risk.EINVALID, "%s", i18n.T("cli.assessment.verb", i18n.Args{"Verb": fmt.Sprintf("%q", args[0])}))
	}
	if len(args) != 2 {
		return risk.Errorf(risk.EINVALID, "%s", i18n.T("cli.assessment.file", i18n.Args{"Verb": args[0]}))
	}
	if args[0] == "close" && o.name == "" {
		return risk.Errorf(risk.EINVALID, "%s", i18n.T("cli.assessment.name"))
	}
	if args[0] == "list" && o.name != "" {
		return risk.Errorf(risk.EINVALID, "%s", i18n.T("cli.assessment.name_list"))
	}
	return nil
}

type exportOptions struct {
	pdf, xlsx, pack, level, tabletop, incident string
	scoring, owner                             string // the scoring workbook of one owner's risks
	assessment                                 string // the closed assessment to export instead of the live records
	levelSet                                   bool   // --level was given
	lang                                       string // the documents' language; "" for the workspace's
}

// docLang reads --lang: the language the documents are written in, or ""
// for the workspace's (Workspace.DocumentLanguage).
func (o *exportOptions) docLang() (i18n.Lang, error) {
	if strings.TrimSpace(o.lang) == "" {
		return "", nil
	}
	l, err := i18n.Parse(o.lang)
	if err != nil {
		return "", risk.Errorf(risk.EINVALID, "--lang: %s", err)
	}
	return l, nil
}

// request checks export's flags and turns them into the export they ask
// for. The scoring workbook is checked by checkScoring, and written on its
// own.
func (o *exportOptions) request() (export.Request, error) {
	if err := o.checkKit(); err != nil {
		return export.Request{}, err
	}
	level := export.Level(o.level)
	if level != export.Full && level != export.Summary {
		return export.Request{}, risk.Errorf(risk.EINVALID, "%s", i18n.T("cli.export.level", i18n.Args{"Level": fmt.Sprintf("%q", o.level)}))
	}
	if o.pdf == "" && o.xlsx == "" && o.pack == "" {
		return export.Request{}, risk.Errorf(risk.EINVALID, "%s", i18n.T("cli.export.what"))
	}
	if o.pack != "" && level == export.Summary {
		return export.Request{}, risk.Errorf(risk.EINVALID, "%s", i18n.T("cli.export.pack_summary"))
	}
	lang, err := o.docLang()
	if err != nil {
		return export.Request{}, err
	}
	req := export.Request{Level: level, PDF: o.pdf, XLSX: o.xlsx, Pack: o.pack, Tabletop: o.tabletop, Incident: o.incident, Lang: lang}
	outs := req.Paths()
	for i, out := range outs {
		for _, other := range outs[:i] {
			if filepath.Clean(out) == filepath.Clean(other) {
				return export.Request{}, risk.Errorf(risk.EINVALID, "%s", i18n.T("cli.export.twice", i18n.Args{"Path": out}))
			}
		}
		if err := refuseOverwritingWorkspace(out); err != nil {
			return export.Request{}, err
		}
	}
	return req, nil
}

// checkKit refuses what does not go with --tabletop or --incident: they
// make --pdf one playbook's kit or one incident's record, which has no
// workbook, no pack and no level.
func (o *exportOptions) checkKit() error {
	name, ref := "--tabletop", o.tabletop
	if ref == "" {
		name, ref = "--incident", o.incident
	}
	switch {
	case o.tabletop != "" && o.incident != "":
		return risk.Errorf(risk.EINVALID, "%s", i18n.T("cli.export.kit_both"))
	case ref == "":
		return nil
	case o.xlsx != "" || o.pack != "" || o.levelSet:
		return risk.Errorf(risk.EINVALID, "%s", i18n.T("cli.export.kit_alone", i18n.Args{"Flag": name, "Ref": ref}))
	case o.pdf == "":
		return risk.Errorf(risk.EINVALID, "%s", i18n.T("cli.export.kit_where", i18n.Args{"Flag": name, "Ref": ref}))
	}
	return nil
}

// checkScoring refuses what does not go with --scoring, and --owner
// without it: the scoring workbook is one owner's, written alone.
func (o *exportOptions) checkScoring() error {
	switch {
	case o.scoring == "" && o.owner != "":
		return risk.Errorf(risk.EINVALID, "%s", i18n.T("cli.export.owner_alone"))
	case o.scoring == "":
		return nil
	case o.pdf != "" || o.xlsx != "" || o.pack != "" || o.tabletop != "" || o.incident != "" || o.levelSet || o.assessment != "":
		return risk.Errorf(risk.EINVALID, "%s", i18n.T("cli.export.scoring_alone"))
	case strings.TrimSpace(o.owner) == "":
		return risk.Errorf(risk.EINVALID, "%s", i18n.T("cli.export.scoring_owner", i18n.Args{"Path": o.scoring}))
	}
	return refuseOverwritingWorkspace(o.scoring)
}

// importOptions are riskbook import's flags.
type importOptions struct {
	sheet, mapFile, saveMap, bia string
	dryRun, update               bool
	all                          bool // list every row of the plan
	// The answers to the import's questions.
	band, unscored, acceptDisagreements, acceptDamage bool
}

// check refuses flags that contradict each other or name nothing.
func (o *importOptions) check() error {
	switch {
	case o.band && o.unscored:
		return risk.Errorf(risk.EINVALID, "%s", i18n.T("cli.import.band_unscored"))
	case o.bia != "" && o.bia != importer.BIAActivities && o.bia != importer.BIASystems:
		return risk.Errorf(risk.EINVALID, "%s", i18n.T("cli.import.bia", i18n.Args{"BIA": fmt.Sprintf("%q", o.bia)}))
	case o.saveMap != "":
		return refuseOverwritingWorkspace(o.saveMap)
	}
	return nil
}

// consent is what the flags agree to.
func (o *importOptions) consent() importer.Consent {
	return importer.Consent{Update: o.update, Disagreements: o.acceptDisagreements, Damage: o.acceptDamage}
}

// answer records the flags' answers in the mapping, so that a saved
// mapping keeps them.
func (o *importOptions) answer(m *importer.Mapping) {
	switch {
	case o.band:
		m.Quantitative = importer.QuantitativeBand
	case o.unscored:
		m.Quantitative = importer.QuantitativeUnscored
	}
	if o.bia != "" {
		m.BIA = o.bia
	}
}

// refuseOverwritingWorkspace refuses an output path that holds a SQLite
// database: a document written there would destroy a workspace.
func refuseOverwritingWorkspace(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return nil // nothing there, or nothing readable to lose
	}
	defer f.Close()
	head := make([]byte, 16)
	if n, _ := io.ReadFull(f, head); n == 16 && string(head) == "SQLite format 3\x00" {
		return risk.Errorf(risk.EINVALID, "%s", i18n.T("cli.out_is_database", i18n.Args{"Path": path}))
	}
	return nil
}

// backup checks restore's flags against FILE and its backups, and picks
// the backup to restore.
func (o *restoreOptions) backup(path string, list []workspace.Backup) (workspace.Backup, error) {
	if len(list) == 0 {
		return workspace.Backup{}, risk.Errorf(risk.EINVALID, "%s", i18n.T("cli.restore.none", i18n.Args{"Path": path}))
	}
	bk := list[0]
	if o.from != "" {
		i := slices.IndexFunc(list, func(b workspace.Backup) bool { return safefile.Same(b.Path, o.from) })
		if i < 0 {
			return workspace.Backup{}, risk.Errorf(risk.EINVALID, "%s", i18n.T("cli.restore.from", i18n.Args{"From": o.from, "Path": path}))
		}
		bk = list[i]
	}
	if _, err := os.Stat(path); err == nil && !o.replace {
		return workspace.Backup{}, risk.Errorf(risk.EINVALID, "%s", i18n.T("cli.restore.exists", i18n.Args{"Path": path, "Backup": bk.Label()}))
	}
	return bk, nil
}

// check reads riskbook server's arguments: a verb, the server and, for
// grant and revoke, the login and the role; it returns the role granted.
func (o *serverOptions) check(args []string) (workspace.TeamRole, error) {
	if len(args) == 0 {
		return "", risk.Errorf(risk.EINVALID, "%s", i18n.T("team.cli.what"))
	}
	want := map[string]string{"setup": "postgres://…", "team": "postgres://…",
		"grant": "postgres://… LOGIN ROLE", "revoke": "postgres://… LOGIN"}[args[0]]
	if want == "" {
		return "", risk.Errorf(risk.EINVALID, "%s", i18n.T("team.cli.verb", i18n.Args{"Verb": fmt.Sprintf("%q", args[0])}))
	}
	if len(args)-1 != len(strings.Fields(want)) {
		return "", risk.Errorf(risk.EINVALID, "%s", i18n.T("team.cli.args", i18n.Args{"Verb": args[0], "Args": want}))
	}
	if args[0] != "grant" {
		if len(o.owners) > 0 {
			return "", risk.Errorf(risk.EINVALID, "%s", i18n.T("team.cli.owner_grant_only"))
		}
		return "", nil
	}
	return workspace.ParseTeamRole(args[3])
}
