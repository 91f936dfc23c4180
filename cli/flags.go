package cli

import (
	"flag"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"riskbook/bcp"
	"riskbook/export"
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
			return nil, err
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
		return s, risk.Errorf(risk.EINVALID, "--person fills in the team of the cctld starter kit; the blank template has none, so add people in Contacts")
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
				return s, risk.Errorf(risk.EINVALID, "--person %q has more than a name, a phone number, an e-mail address and a job (%s); separate them with semicolons", raw, strings.Join(jobs, ", "))
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
		return risk.Errorf(risk.EINVALID, "--template %q is not a template; choose cctld or blank", name)
	}
	return nil
}

// severityOf reads --min.
func severityOf(name string) (risk.Severity, error) {
	min := map[string]risk.Severity{"info": risk.SeverityInfo, "warning": risk.SeverityWarning, "error": risk.SeverityError}
	floor, ok := min[name]
	if !ok {
		return 0, risk.Errorf(risk.EINVALID, "--min %q is not a severity; choose info, warning or error", name)
	}
	return floor, nil
}

// exportOptions are riskbook export's flags.
// check refuses an assessment verb or flag that does not fit: close
// needs --name, list takes none.
func (o *assessmentOptions) check(args []string) error {
	if len(args) == 0 {
		return risk.Errorf(risk.EINVALID, "say what to do: riskbook assessment close FILE --name NAME, or riskbook assessment list FILE")
	}
	switch args[0] {
	case "close", "list":
	default:
		return risk.Errorf(risk.EINVALID, "%q is not something riskbook assessment does; use close or list", args[0])
	}
	if len(args) != 2 {
		return risk.Errorf(risk.EINVALID, "riskbook assessment %s expects one workspace FILE", args[0])
	}
	if args[0] == "close" && o.name == "" {
		return risk.Errorf(risk.EINVALID, "name the assessment to close with --name, such as --name \"2026 annual\"")
	}
	if args[0] == "list" && o.name != "" {
		return risk.Errorf(risk.EINVALID, "--name goes with close, not with list")
	}
	return nil
}

type exportOptions struct {
	pdf, xlsx, pack, level, tabletop, incident string
	scoring, owner                             string // the scoring workbook of one owner's risks
	assessment                                 string // the closed assessment to export instead of the live records
	levelSet                                   bool   // --level was given
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
		return export.Request{}, risk.Errorf(risk.EINVALID, "--level %q is not a level; choose full or summary", o.level)
	}
	if o.pdf == "" && o.xlsx == "" && o.pack == "" {
		return export.Request{}, risk.Errorf(risk.EINVALID, "say what to write: --pdf OUT.pdf, --xlsx OUT.xlsx, --pack OUT.pdf, or any of them together")
	}
	if o.pack != "" && level == export.Summary {
		return export.Request{}, risk.Errorf(risk.EINVALID, "the network-down pack names people and their phones, so it cannot go with --level summary; write it in a separate run")
	}
	req := export.Request{Level: level, PDF: o.pdf, XLSX: o.xlsx, Pack: o.pack, Tabletop: o.tabletop, Incident: o.incident}
	outs := req.Paths()
	for i, out := range outs {
		for _, other := range outs[:i] {
			if filepath.Clean(out) == filepath.Clean(other) {
				return export.Request{}, risk.Errorf(risk.EINVALID, "%s is given twice; write each document to its own file", out)
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
		return risk.Errorf(risk.EINVALID, "--tabletop and --incident each write their own PDF; run riskbook export once for each")
	case ref == "":
		return nil
	case o.xlsx != "" || o.pack != "" || o.levelSet:
		return risk.Errorf(risk.EINVALID, "%s %s writes one PDF with --pdf, so --xlsx, --pack and --level do not go with it; write those in a separate run", name, ref)
	case o.pdf == "":
		return risk.Errorf(risk.EINVALID, "say where to write it: %s %s --pdf OUT.pdf", name, ref)
	}
	return nil
}

// checkScoring refuses what does not go with --scoring, and --owner
// without it: the scoring workbook is one owner's, written alone.
func (o *exportOptions) checkScoring() error {
	switch {
	case o.scoring == "" && o.owner != "":
		return risk.Errorf(risk.EINVALID, "--owner says whose scoring workbook to write; give it with --scoring OUT.xlsx")
	case o.scoring == "":
		return nil
	case o.pdf != "" || o.xlsx != "" || o.pack != "" || o.tabletop != "" || o.incident != "" || o.levelSet || o.assessment != "":
		return risk.Errorf(risk.EINVALID, "--scoring writes one owner's scoring workbook of the live register on its own, so --pdf, --xlsx, --pack, --tabletop, --incident, --level and --assessment do not go with it; write those in a separate run")
	case strings.TrimSpace(o.owner) == "":
		return risk.Errorf(risk.EINVALID, "say whose risks go in the scoring workbook: --scoring %s --owner NAME", o.scoring)
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
		return risk.Errorf(risk.EINVALID, "--band scores the amounts in bands and --unscored leaves them unscored; choose one")
	case o.bia != "" && o.bia != importer.BIAActivities && o.bia != importer.BIASystems:
		return risk.Errorf(risk.EINVALID, "--bia %q is not a choice; use activities (the rows are activities with these recovery targets) or systems (ICT systems that can achieve them)", o.bia)
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
		return risk.Errorf(risk.EINVALID, "%s is a database, perhaps a workspace, and writing there would destroy it; choose another file name", path)
	}
	return nil
}

// backup checks restore's flags against FILE and its backups, and picks
// the backup to restore.
func (o *restoreOptions) backup(path string, list []workspace.Backup) (workspace.Backup, error) {
	if len(list) == 0 {
		return workspace.Backup{}, risk.Errorf(risk.EINVALID, "There is no automatic backup of %s to restore; Riskbook makes one the first time it changes a workspace each day", path)
	}
	bk := list[0]
	if o.from != "" {
		i := slices.IndexFunc(list, func(b workspace.Backup) bool { return safefile.Same(b.Path, o.from) })
		if i < 0 {
			return workspace.Backup{}, risk.Errorf(risk.EINVALID, "--from %s is not an automatic backup of %s; riskbook backups %s lists them", o.from, path, path)
		}
		bk = list[i]
	}
	if _, err := os.Stat(path); err == nil && !o.replace {
		return workspace.Backup{}, risk.Errorf(risk.EINVALID, "%s exists; add --replace to replace it with the backup of %s (the file replaced is kept among the backups)", path, bk.Label())
	}
	return bk, nil
}
