package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"riskbook/bcp"
	"riskbook/export"
	"riskbook/risk"
	"riskbook/sqlite"
)

// Exit statuses.
const (
	exitOK       = 0
	exitFindings = 1 // check found errors, verify found damage
	exitUsage    = 2 // bad input or a failure: one sentence on stderr
)

// command is one subcommand of the riskbook binary.
type command struct {
	name    string
	args    string // synopsis of the positional arguments
	summary string
	detail  string
	nargs   int
	flags   func(*flag.FlagSet) any
	run     func(ctx context.Context, env *env, args []string, opts any) (int, error)
}

// env is what a command reads and writes besides the file system.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	now            func() time.Time
	desktop        func(path string) // starts the desktop app; replaced in tests
}

func commands() []*command {
	return []*command{
		openCommand(), initCommand(), checkCommand(), exportCommand(), dumpCommand(), loadCommand(),
		verifyCommand(), backupCommand(), versionCommand(), rescoreCommand(), importCommand(),
	}
}

const usageHead = `Riskbook keeps your risk register, Statement of Applicability, business
impact analysis and continuity playbooks in one local workspace file.

Usage:
  riskbook                          start the desktop app on the last workspace
  riskbook COMMAND [arguments]

Commands:
`

func usage(w io.Writer) {
	fmt.Fprint(w, usageHead)
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-8s %-26s %s\n", c.name, c.args, c.summary)
	}
	fmt.Fprint(w, "\nRun riskbook COMMAND --help for a command's options.\n")
}

// run executes the command line and returns the exit status.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr, now: time.Now, desktop: runDesktop}
	if len(args) == 0 {
		args = []string{"open"}
	}
	switch args[0] {
	case "-h", "-help", "--help", "help":
		usage(stdout)
		return exitOK
	case "-version", "--version":
		args[0] = "version"
	}
	for _, c := range commands() {
		if c.name == args[0] {
			return c.execute(ctx, e, args[1:])
		}
	}
	fmt.Fprintf(stderr, "riskbook: unknown command %q; run riskbook --help to see the commands.\n", args[0])
	return exitUsage
}

func (c *command) execute(ctx context.Context, e *env, args []string) int {
	fs := flag.NewFlagSet(c.name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	var opts any
	if c.flags != nil {
		opts = c.flags(fs)
	}
	positional, err := parseInterspersed(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		c.help(e.stdout, fs)
		return exitOK
	}
	if err == nil && c.nargs >= 0 && len(positional) != c.nargs {
		err = fmt.Errorf("expects %s", describeArgs(c))
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "riskbook %s: %s; run riskbook %s --help for usage.\n", c.name, strings.TrimSuffix(err.Error(), "."), c.name)
		return exitUsage
	}
	code, err := c.run(ctx, e, positional, opts)
	if err != nil {
		fmt.Fprintf(e.stderr, "riskbook %s: %s\n", c.name, sentence(err))
		return exitUsage
	}
	return code
}

func describeArgs(c *command) string {
	if c.nargs == 0 {
		return "no arguments"
	}
	return fmt.Sprintf("%d argument%s: %s", c.nargs, map[bool]string{true: "s"}[c.nargs > 1], c.args)
}

// sentence turns an error into the one sentence a person sees.
func sentence(err error) string {
	msg := risk.ErrorMessage(err)
	if !strings.HasSuffix(msg, ".") {
		msg += "."
	}
	return msg
}

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

func (c *command) help(w io.Writer, fs *flag.FlagSet) {
	fmt.Fprintf(w, "Usage: riskbook %s %s\n\n%s\n", c.name, c.args, c.summary)
	if c.detail != "" {
		fmt.Fprintf(w, "\n%s\n", c.detail)
	}
	hasFlags := false
	fs.VisitAll(func(*flag.Flag) { hasFlags = true })
	if hasFlags {
		fmt.Fprint(w, "\nOptions:\n")
		fs.SetOutput(w)
		fs.PrintDefaults()
		fs.SetOutput(io.Discard)
	}
}

func openCommand() *command {
	return &command{
		name: "open", args: "[FILE]", summary: "start the desktop app on FILE (or on the last workspace)",
		detail: `Without FILE, the app reopens the last workspace; on the very first run it creates
one from the ccTLD starter kit in your documents folder (Documents/Riskbook/Riskbook.riskbook).`,
		nargs: -1,
		run: func(ctx context.Context, e *env, args []string, _ any) (int, error) {
			if len(args) > 1 {
				return exitUsage, risk.Errorf(risk.EINVALID, "open takes one workspace file, not %d", len(args))
			}
			path := ""
			if len(args) == 1 {
				path = args[0]
			}
			e.desktop(path)
			return exitOK, nil
		},
	}
}

type initOptions struct {
	template string
	user     string
}

func initCommand() *command {
	return &command{
		name: "init", args: "FILE", summary: "create a new workspace file",
		detail: `The blank template holds the default 5×5 risk criteria and the ISO/IEC 27001:2022
Annex A control catalog. The cctld template adds a starter register of the risks
a small ccTLD registry faces, scored, with owners, controls and treatment actions,
and a starter Statement of Applicability. Review and rescore it for your registry.`,
		nargs: 1,
		flags: func(fs *flag.FlagSet) any {
			o := &initOptions{}
			fs.StringVar(&o.template, "template", sqlite.TemplateCcTLD, "starter content: cctld or blank")
			fs.StringVar(&o.user, "user", "", "the name recorded in the change log for edits to this workspace (default: your login name)")
			return o
		},
		run: runInit,
	}
}

func runInit(ctx context.Context, e *env, args []string, opts any) (int, error) {
	o := opts.(*initOptions)
	path := args[0]
	if filepath.Ext(path) == "" {
		path += sqlite.Extension
	}
	if o.template != sqlite.TemplateBlank && o.template != sqlite.TemplateCcTLD {
		return exitUsage, risk.Errorf(risk.EINVALID, "--template %q is not a template; choose cctld or blank", o.template)
	}
	db, err := sqlite.CreateFromTemplateAs(ctx, path, o.template, o.user)
	if err != nil {
		return exitUsage, err
	}
	defer db.Close()
	rs, err := db.Risks(ctx)
	if err != nil {
		return exitUsage, err
	}
	bia, err := db.BIA(ctx)
	if err != nil {
		return exitUsage, err
	}
	fmt.Fprintf(e.stdout, "Created %s from the %s template: %d risks, %d activities and %d resources, the ISO/IEC 27001:2022 Annex A catalog.\n",
		path, o.template, len(rs), len(bia.Activities), len(bia.Resources))
	fmt.Fprintf(e.stdout, "Next: riskbook check %s   (what needs attention)\n      riskbook open %s    (work in the app)\n", path, path)
	return exitOK, nil
}

type checkOptions struct {
	min string
}

func checkCommand() *command {
	return &command{
		name: "check", args: "FILE", summary: "list what needs attention: rule breaches, gaps an auditor will find",
		detail: `Checks the risk register, the Statement of Applicability, the business impact
analysis (RTO within MTPD, upstream recovery, ICT readiness gaps, single points of
failure, recovery sites outside the home region, supplier confirmations), the
playbooks (trained alternates, key people, top-priority activities covered, approved
statements, exercised within a year) and the exercises (achieved RTOs against the
BIA, reports due 90 days after, overdue improvement actions). Each finding names the
risk, control, activity, resource, playbook or exercise, what is wrong and what to
do, and the rule's identifier in brackets. The exit status is 1 when there is any error.`,
		nargs: 1,
		flags: func(fs *flag.FlagSet) any {
			o := &checkOptions{}
			fs.StringVar(&o.min, "min", "info", "show findings of at least this severity: info, warning or error")
			return o
		},
		run: runCheck,
	}
}

func runCheck(ctx context.Context, e *env, args []string, opts any) (int, error) {
	o := opts.(*checkOptions)
	min := map[string]risk.Severity{"info": risk.SeverityInfo, "warning": risk.SeverityWarning, "error": risk.SeverityError}
	floor, ok := min[o.min]
	if !ok {
		return exitUsage, risk.Errorf(risk.EINVALID, "--min %q is not a severity; choose info, warning or error", o.min)
	}
	db, err := sqlite.OpenReadOnly(ctx, args[0])
	if err != nil {
		return exitUsage, err
	}
	defer db.Close()
	reg, err := db.Register(ctx)
	if err != nil {
		return exitUsage, err
	}
	bia, err := db.BIA(ctx)
	if err != nil {
		return exitUsage, err
	}
	pbs, err := db.Playbooks(ctx)
	if err != nil {
		return exitUsage, err
	}
	today := risk.DateOf(e.now())
	findings := append(risk.CheckRegister(reg, today), bcp.Check(bia, today)...)
	findings = append(findings, bcp.CheckPlaybooks(pbs, bia, today)...)
	exs, err := db.Exercises(ctx)
	if err != nil {
		return exitUsage, err
	}
	findings = append(findings, bcp.CheckExercises(exs, pbs, bia, today)...)
	acts, err := db.Activations(ctx)
	if err != nil {
		return exitUsage, err
	}
	findings = append(findings, bcp.CheckActivations(acts, e.now())...)
	contacts, err := db.Contacts(ctx)
	if err != nil {
		return exitUsage, err
	}
	findings = append(findings, bcp.CheckContacts(contacts, pbs, bia)...)
	risk.SortFindings(findings)
	counts := map[risk.Severity]int{}
	for _, f := range findings {
		counts[f.Severity]++
		if f.Severity < floor {
			continue
		}
		ref := f.Ref
		if ref == "" {
			ref = "-"
		}
		fmt.Fprintf(e.stdout, "%-8s %-8s %s [%s]\n", f.Severity, ref, f.Message, f.Rule)
	}
	decided := 0
	for _, s := range reg.SoA {
		if s.Applicable != "" {
			decided++
		}
	}
	fmt.Fprintf(e.stdout, "\n%s: %d risks, %d of %d controls decided in the Statement of Applicability, %d activities and %d resources in the business impact analysis, %s.\n",
		args[0], len(reg.Risks), decided, len(reg.Catalog), len(bia.Activities), len(bia.Resources), plural(len(pbs), "playbook"))
	fmt.Fprintf(e.stdout, "%s, %s, %s.\n", plural(counts[risk.SeverityError], "error"),
		plural(counts[risk.SeverityWarning], "warning"), plural(counts[risk.SeverityInfo], "note"))
	if counts[risk.SeverityError] > 0 {
		return exitFindings, nil
	}
	return exitOK, nil
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

func exportCommand() *command {
	return &command{
		name: "export", args: "FILE", summary: "write audit-ready PDF and/or Excel documents of the workspace, the network-down pack, a tabletop kit or an incident record",
		detail: `--level full (the default) is the complete document for auditors: criteria, heat
maps, every risk, the treatment plan, the Statement of Applicability, the business
impact analysis (activities, impacts over time, resources, ICT readiness gaps and
single points of failure) and the change log. --level summary is a public evidence
summary: criteria, counts per level, treatment progress and continuity counts, with
no individual risk, activity or name. Both carry the continuity playbooks: the full
document prints each one on its own pages (roles, steps with target times and
checklists, communications) and adds the Playbooks and Steps sheets; the summary
only counts them.
--pack OUT.pdf writes the network-down pack: a short PDF to print and keep at hand
with, for each playbook, the out-of-band channels, the call tree (each role's
primary and alternate), the pre-approved statements and the step checklists, and
nothing else. It names people, so it is never part of a --level summary export.
--tabletop PB-01 --pdf OUT.pdf writes, instead of the document, the tabletop exercise
kit of one playbook: facilitator notes, the scenario, a card per role, timed injects
(from the playbook's latest exercise with injects, else one per phase), discussion
questions per phase with room for answers, a notes sheet and a findings form.
--incident ACV-01 --pdf OUT.pdf writes the record of one incident: trigger,
declaration, decision log and steps. Neither goes with --xlsx, --pack or --level.
--scoring OUT.xlsx --owner NAME writes, on its own, a workbook of that owner's risks
with drop-down lists for the scores, the treatment and the status, to fill in in
Excel without Riskbook; riskbook rescore reads it back.
With SOURCE_DATE_EPOCH set, every date in the documents is that time, and two exports
of the same workspace are byte-identical.`,
		nargs: 1,
		flags: func(fs *flag.FlagSet) any {
			o := &exportOptions{}
			fs.StringVar(&o.pdf, "pdf", "", "write the PDF document to this file")
			fs.StringVar(&o.xlsx, "xlsx", "", "write the Excel workbook to this file")
			fs.StringVar(&o.pack, "pack", "", "write the network-down pack (PDF) to this file")
			o.level = string(export.Full)
			fs.Var(setFlag{&o.level, &o.levelSet}, "level", "`full` or summary")
			fs.StringVar(&o.tabletop, "tabletop", "", "with --pdf, write the tabletop exercise kit of this playbook (PB-01) instead")
			fs.StringVar(&o.incident, "incident", "", "with --pdf, write the record of this incident (ACV-01) instead")
			fs.StringVar(&o.scoring, "scoring", "", "with --owner, write that owner's scoring workbook (Excel) to this file instead")
			fs.StringVar(&o.owner, "owner", "", "with --scoring, whose risks the scoring workbook holds")
			return o
		},
		run: runExport,
	}
}

type exportOptions struct {
	pdf, xlsx, pack, level, tabletop, incident string
	scoring, owner                             string // the scoring workbook of one owner's risks
	levelSet                                   bool   // --level was given
}

func runExport(ctx context.Context, e *env, args []string, opts any) (int, error) {
	o := opts.(*exportOptions)
	if err := refuseScoringCombinations(o); err != nil {
		return exitUsage, err
	}
	if o.scoring != "" {
		return runScoringExport(ctx, e, args[0], o)
	}
	if err := refuseKitCombinations(o); err != nil {
		return exitUsage, err
	}
	level := export.Level(o.level)
	if level != export.Full && level != export.Summary {
		return exitUsage, risk.Errorf(risk.EINVALID, "--level %q is not a level; choose full or summary", o.level)
	}
	if o.pdf == "" && o.xlsx == "" && o.pack == "" {
		return exitUsage, risk.Errorf(risk.EINVALID, "say what to write: --pdf OUT.pdf, --xlsx OUT.xlsx, --pack OUT.pdf, or any of them together")
	}
	if o.pack != "" && level == export.Summary {
		return exitUsage, risk.Errorf(risk.EINVALID, "the network-down pack names people and their phones, so it cannot go with --level summary; write it in a separate run")
	}
	outs := []string{o.pdf, o.xlsx, o.pack}
	for i, out := range outs {
		for _, other := range outs[:i] {
			if out != "" && other != "" && filepath.Clean(out) == filepath.Clean(other) {
				return exitUsage, risk.Errorf(risk.EINVALID, "%s is given twice; write each document to its own file", out)
			}
		}
	}
	for _, out := range outs {
		if err := refuseOverwritingWorkspace(out); out != "" && err != nil {
			return exitUsage, err
		}
	}
	db, err := sqlite.OpenReadOnly(ctx, args[0])
	if err != nil {
		return exitUsage, err
	}
	defer db.Close()
	if err := runExportRequest(ctx, db, exportRequest{level: level, pdf: o.pdf, xlsx: o.xlsx, pack: o.pack, tabletop: o.tabletop, incident: o.incident}); err != nil {
		return exitUsage, err
	}
	for _, out := range outs {
		if out != "" {
			fmt.Fprintf(e.stdout, "Wrote %s.\n", out)
		}
	}
	return exitOK, nil
}

type dumpOptions struct{ out string }

func dumpCommand() *command {
	return &command{
		name: "dump", args: "FILE", summary: "write the whole workspace as JSON (to keep in version control)",
		detail: `The JSON is stable: keys and rows sorted, dates in ISO 8601, so two dumps of the
same workspace are identical and dumps diff cleanly year to year. The format is
described in docs/workspace-json.md. riskbook load turns a dump back into a workspace.`,
		nargs: 1,
		flags: func(fs *flag.FlagSet) any {
			o := &dumpOptions{}
			fs.StringVar(&o.out, "out", "", "write to this file instead of standard output")
			return o
		},
		run: runDump,
	}
}

func runDump(ctx context.Context, e *env, args []string, opts any) (int, error) {
	o := opts.(*dumpOptions)
	db, err := sqlite.OpenReadOnly(ctx, args[0])
	if err != nil {
		return exitUsage, err
	}
	defer db.Close()
	d, err := db.Dump(ctx)
	if err != nil {
		return exitUsage, err
	}
	if o.out == "" {
		return exitOK, d.WriteJSON(e.stdout)
	}
	if err := refuseOverwritingWorkspace(o.out); err != nil {
		return exitUsage, err
	}
	return exitOK, export.WriteFile(o.out, d.WriteJSON)
}

// refuseOverwritingWorkspace refuses an output path that holds a SQLite
// database: a dump written there would destroy a workspace.
func refuseOverwritingWorkspace(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return nil // nothing there, or nothing readable to lose
	}
	defer f.Close()
	head := make([]byte, 16)
	if n, _ := io.ReadFull(f, head); n == 16 && string(head) == "SQLite format 3\x00" {
		return risk.Errorf(risk.EINVALID, "%s is a database, not a place for a dump; choose a new name such as %s.json", path, strings.TrimSuffix(path, filepath.Ext(path)))
	}
	return nil
}

func loadCommand() *command {
	return &command{
		name: "load", args: "DUMP.json FILE", summary: "make a new workspace FILE from a JSON dump",
		detail: `FILE must not exist yet. The change log is restored as it was, so riskbook verify
still passes; anything in the JSON that its change log does not explain (a hand
edit) is recorded as a change made by you.`,
		nargs: 2,
		run:   runLoad,
	}
}

func runLoad(ctx context.Context, e *env, args []string, _ any) (int, error) {
	src, dst := args[0], args[1]
	var r io.Reader = e.stdin
	name := "standard input"
	if src != "-" {
		name = src
		f, err := os.Open(src)
		if err != nil {
			return exitUsage, risk.Errorf(risk.EINVALID, "Cannot read %s (%v)", src, errors.Unwrap(err))
		}
		defer f.Close()
		r = f
	}
	d, err := sqlite.ReadDump(r, name)
	if err != nil {
		return exitUsage, err
	}
	if err := sqlite.Load(ctx, d, dst); err != nil {
		return exitUsage, err
	}
	fmt.Fprintf(e.stdout, "Loaded %s into %s: %d risks, %d change-log rows.\n", src, dst, len(d.Risks), len(d.ChangeLog))
	return exitOK, nil
}

func verifyCommand() *command {
	return &command{
		name: "verify", args: "FILE", summary: "check the file's integrity and its change log's hash chain",
		detail: `Runs SQLite's integrity check and recomputes the SHA-256 chain of the change log.
If a row was edited, removed or inserted outside Riskbook, names the first such row.
The exit status is 1 when anything is wrong.`,
		nargs: 1,
		run:   runVerify,
	}
}

func runVerify(ctx context.Context, e *env, args []string, _ any) (int, error) {
	db, err := sqlite.OpenReadOnly(ctx, args[0])
	if err != nil {
		return exitUsage, err
	}
	defer db.Close()
	v, err := db.Verify(ctx)
	if err != nil {
		return exitUsage, err
	}
	fmt.Fprintf(e.stdout, "File integrity: %s\n", v.Integrity)
	if v.Broken != nil {
		b := v.Broken
		fmt.Fprintf(e.stdout, "Change log: BROKEN at row %d (%s, %s %s %s by %s): %s.\n", b.ID,
			b.At.Format(time.RFC3339), b.Action, b.Entity, b.Key, b.Actor, v.Reason)
		fmt.Fprintln(e.stdout, "The history from that row on cannot be trusted; restore the workspace from a backup.")
	} else {
		fmt.Fprintf(e.stdout, "Change log: %d rows, hash chain intact.\n", v.Changes)
	}
	for _, d := range v.Drift {
		fmt.Fprintf(e.stdout, "Content: %s %s differs from its change log (as if %sd outside Riskbook).\n", d.Entity, d.Key, strings.TrimSuffix(d.Action, "e"))
	}
	if len(v.Drift) > 0 {
		fmt.Fprintln(e.stdout, "The workspace was edited outside Riskbook; compare it with a backup before trusting it.")
	}
	if !v.OK() {
		return exitFindings, nil
	}
	return exitOK, nil
}

func backupCommand() *command {
	return &command{
		name: "backup", args: "FILE OUT", summary: "write a consistent copy of FILE to OUT, even while it is open",
		detail: `The copy is checked before it is put in place; an existing OUT is replaced only
by a complete, verified copy.`,
		nargs: 2,
		run:   runBackup,
	}
}

func runBackup(ctx context.Context, e *env, args []string, _ any) (int, error) {
	db, err := sqlite.OpenReadOnly(ctx, args[0])
	if err != nil {
		return exitUsage, err
	}
	defer db.Close()
	if err := db.Backup(ctx, args[1]); err != nil {
		return exitUsage, err
	}
	fmt.Fprintf(e.stdout, "Backed up %s to %s.\n", args[0], args[1])
	return exitOK, nil
}

func versionCommand() *command {
	return &command{
		name: "version", summary: "print Riskbook's version and the workspace schema it writes",
		run: func(_ context.Context, e *env, _ []string, _ any) (int, error) {
			fmt.Fprintf(e.stdout, "riskbook %s (workspace schema %d, dump format %d)\n", version, sqlite.SchemaVersion(), sqlite.DumpVersion)
			return exitOK, nil
		},
	}
}
