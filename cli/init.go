package cli

import (
	"context"
	"flag"
	"fmt"
	"path/filepath"
	"strings"

	"riskbook/i18n"
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
		name: "init", args: "FILE", summary: i18n.T("cli.init.summary"),
		detail: i18n.T("cli.init.detail"),
		nargs:  1,
		flags: func(fs *flag.FlagSet) any {
			o := &initOptions{}
			fs.StringVar(&o.template, "template", workspace.TemplateCcTLD, i18n.T("cli.init.flag.template"))
			fs.StringVar(&o.lang, "lang", "", i18n.T("cli.init.flag.lang", i18n.Args{"Langs": strings.Join(workspace.ContentLanguages(), ", ")}))
			fs.StringVar(&o.user, "user", "", i18n.T("cli.init.flag.user"))
			fs.StringVar(&o.org, "org", "", i18n.T("cli.init.flag.org"))
			fs.StringVar(&o.tld, "tld", "", i18n.T("cli.init.flag.tld"))
			fs.Var(&o.people, "person", i18n.T("cli.init.flag.person"))
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
	fmt.Fprintln(e.Stdout, i18n.T("cli.init.created", i18n.Args{"Path": path, "Template": o.template, "Language": workspace.LanguageName(o.lang),
		"Risks": i18n.N("cli.count.risks", len(rs)), "Activities": i18n.N("cli.count.activities", len(bia.Activities)),
		"Resources": i18n.N("cli.count.resources", len(bia.Resources)), "Playbooks": i18n.N("cli.count.playbooks", len(pbs)),
		"Contacts": i18n.N("cli.count.contacts", len(cs))}))
	fmt.Fprintln(e.Stdout, i18n.T("cli.init.next", i18n.Args{"Path": path}))
	return ExitOK, nil
}
