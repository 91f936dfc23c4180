package cli

import (
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"riskbook/i18n"
)

// These tests change the language of the messages, which is the
// process's, so none of them runs in parallel with the others.

// untranslated finds what a message left unwritten: an identifier of the
// catalogue, an empty placeholder, a template that did not run.
var untranslated = regexp.MustCompile(`\bcli\.[a-z_]+\.[a-z_.]+|<no value>|\{\{|%!`)

func TestHelpInEveryLanguage(t *testing.T) {
	english := map[string]string{}
	for _, l := range i18n.Langs() {
		for _, name := range append([]string{""}, allCommands...) {
			args := []string{"--lang", string(l), name, "--help"}
			if name == "" {
				args = []string{"--lang", string(l), "--help"}
			}
			r := riskbook(t, "", args...)
			wantSuccess(t, r, ExitOK)
			if m := untranslated.FindString(r.stdout); m != "" {
				t.Errorf("%s: %q is left in:\n%s", strings.Join(args, " "), m, r.stdout)
			}
			if l == i18n.English {
				english[name] = r.stdout
			} else if r.stdout == english[name] {
				t.Errorf("%s: the help is the English one", strings.Join(args, " "))
			}
		}
	}
	if i18n.Default().Lang() != i18n.English {
		t.Errorf("after the commands, the messages are in %s, want them back in English", i18n.Default().Lang())
	}
}

func TestCheckInEveryLanguage(t *testing.T) {
	ws := newWorkspace(t, t.TempDir(), "w.riskbook", "cctld")
	want := map[i18n.Lang]string{
		i18n.English: " decided in the Statement of Applicability",
		i18n.French:  " décidées dans la déclaration d'applicabilité",
		i18n.Spanish: " decididos en la Declaración de Aplicabilidad",
	}
	for _, l := range i18n.Langs() {
		// Before the command, and among its options.
		for _, args := range [][]string{{"--lang", string(l), "check", ws}, {"check", ws, "--lang=" + string(l)}} {
			r := riskbook(t, "", args...)
			if r.code == ExitUsage || r.stderr != "" {
				t.Fatalf("%v: exit %d, stderr %q", args, r.code, r.stderr)
			}
			if !strings.Contains(r.stdout, want[l]) {
				t.Errorf("%v: the totals are not in %s:\n%s", args, l, r.stdout)
			}
			if m := untranslated.FindString(r.stdout); m != "" {
				t.Errorf("%v: %q is left in the output", args, m)
			}
		}
	}
}

func TestLanguageRefused(t *testing.T) {
	ws := filepath.Join(t.TempDir(), "w.riskbook")
	for _, args := range [][]string{{"--lang", "de", "check", ws}, {"--lang=klingon", "version"}, {"check", ws, "--lang", "de"}, {"--lang"}} {
		r := riskbook(t, "", args...)
		wantRefusal(t, r, "Riskbook does not speak")
	}
}

// init's --lang is the language of the starter content; it leaves the
// messages in the language chosen before the command.
func TestInitLangIsTheContents(t *testing.T) {
	dir := t.TempDir()
	r := riskbook(t, "", "--lang", "es", "init", filepath.Join(dir, "w.riskbook"), "--lang", "fr")
	wantSuccess(t, r, ExitOK)
	if !strings.HasPrefix(r.stdout, "Creado ") || !strings.Contains(r.stdout, "cctld") {
		t.Errorf("the messages are not in Spanish:\n%s", r.stdout)
	}
	r = riskbook(t, "", "init", filepath.Join(dir, "v.riskbook"), "--lang", "fr")
	wantSuccess(t, r, ExitOK)
	if !strings.HasPrefix(r.stdout, "Created ") {
		t.Errorf("init --lang fr changed the language of the messages:\n%s", r.stdout)
	}
}

func TestUsageErrorInFrench(t *testing.T) {
	r := riskbook(t, "", "--lang", "fr", "check")
	wantRefusal(t, r, "attend 1 argument\u00a0: FILE", "lancez riskbook check --help")
	r = riskbook(t, "", "--lang", "fr", "dump", "x", "--out")
	wantRefusal(t, r, "l'option -out demande une valeur")
}
