package cli

import (
	"context"
	"flag"
	"fmt"
	"path/filepath"
	"strings"

	"riskbook/risk"
	"riskbook/workspace"
)

type initOptions struct {
	template string
	lang     string
	user     string
	org, tld string
	people   listFlag // --person, up to five
}

func initCommand() *command {
	return &command{
		name: "init", args: "FILE", summary: "create a new workspace file",
		detail: `The blank template holds the default 5×5 risk criteria and the ISO/IEC 27001:2022
Annex A control catalog. The cctld template adds a starter register of the risks
a small ccTLD registry faces, scored, with owners, controls and treatment actions,
a starter Statement of Applicability and business impact analysis, the playbooks of
the five scenarios that stop a registry's top-priority services, and the contacts
every ccTLD calls, with blanks marked [to fill in] where only you know the answer.
--org, --tld and --person answer what the desktop app asks on its first start:
the organisation and its top-level domains go on every document, and each person
("NAME; PHONE; E-MAIL; JOB", any part but the name optional, the job one of the
starter kit's: Registry manager, Technical lead, Support and finance officer,
Technical stand-in, Board chair) takes a job of the starter kit's team, with
their name in its roles, owners, contacts and call tree. The first person is the
one the change log names, unless --user says otherwise.
--lang chooses the language the starter content is written in: en, es or fr
(English, Spanish, French); by default the language of the system's locale when
the content is written in it, else English. The starter kit's jobs are then the
jobs of that language's kit (fr: Gestionnaire du registre, Responsable technique,
…); the playbook templates the workspace adds later are in the same language.`,
		nargs: 1,
		flags: func(fs *flag.FlagSet) any {
			o := &initOptions{}
			fs.StringVar(&o.template, "template", workspace.TemplateCcTLD, "starter content: cctld or blank")
			fs.StringVar(&o.lang, "lang", "", "the language of the starter content: "+strings.Join(workspace.ContentLanguages(), ", ")+" (default: the system's language when it is one of them, else en)")
			fs.StringVar(&o.user, "user", "", "the name recorded in the change log for edits to this workspace (default: the first --person, or your login name)")
			fs.StringVar(&o.org, "org", "", "the organisation's name, printed on every document")
			fs.StringVar(&o.tld, "tld", "", "the organisation's top-level domains, e.g. \".xx, .xn--…\"")
			fs.Var(&o.people, "person", "one of the organisation's people, `\"NAME; PHONE; E-MAIL; JOB\"`; repeat for up to five")
			return o
		},
		run: runInit,
	}
}

func runInit(ctx context.Context, e *Env, args []string, opts any) (int, error) {
	o := opts.(*initOptions)
	path := args[0]
	if filepath.Ext(path) == "" {
		path += workspace.Extension
	}
	if err := templateOf(o.template); err != nil {
		return ExitUsage, err
	}
	if o.lang == "" {
		o.lang = workspace.DefaultContentLanguage()
	}
	if err := workspace.CheckContentLanguage(o.lang); err != nil {
		return ExitUsage, risk.Errorf(risk.EINVALID, "--lang: %s", err)
	}
	setup, err := o.setup()
	if err != nil {
		return ExitUsage, err
	}
	w, err := workspace.CreateFor(ctx, path, o.template, o.user, setup)
	if err != nil {
		return ExitUsage, err
	}
	defer w.Close()
	rs, err := w.Risks(ctx)
	if err != nil {
		return ExitUsage, err
	}
	bia, err := w.BIA(ctx)
	if err != nil {
		return ExitUsage, err
	}
	pbs, err := w.Playbooks(ctx)
	if err != nil {
		return ExitUsage, err
	}
	cs, err := w.Contacts(ctx)
	if err != nil {
		return ExitUsage, err
	}
	fmt.Fprintf(e.Stdout, "Created %s from the %s template in %s: %s, %s and %s, %s, %s, the ISO/IEC 27001:2022 Annex A catalog.\n",
		path, o.template, workspace.LanguageName(o.lang), plural(len(rs), "risk"), risk.Count(len(bia.Activities), "activity", "activities"), plural(len(bia.Resources), "resource"),
		plural(len(pbs), "playbook"), plural(len(cs), "contact"))
	fmt.Fprintf(e.Stdout, "Next: riskbook check %s   (what needs attention)\n      riskbook open %s    (work in the app)\n", path, path)
	return ExitOK, nil
}
