package assets

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"slices"
	"strings"
)

// The starter content — the workspace templates and the playbook
// templates — exists in several languages. English is at the top of
// templates/ and playbooks/; every other language is a folder of its own
// named by its ISO 639-1 code (templates/fr/cctld.json,
// playbooks/fr/ddos-name-servers.json) holding the same files with the same
// structure, references and values, only the text a person reads
// translated. A language is offered once its folder holds every built-in
// workspace template and every playbook those templates hold.

// DefaultLanguage is the language of the starter content when none is
// chosen, and the language of the workspaces made before there was a
// choice.
const DefaultLanguage = "en"

// languageNames are the languages' names as their speakers write them.
var languageNames = map[string]string{"en": "English", "es": "Español", "fr": "Français"}

// LanguageName is a language's name as its speakers write it ("Français"),
// or its code when Riskbook has no name for it.
func LanguageName(lang string) string {
	if n, ok := languageNames[lang]; ok {
		return n
	}
	return lang
}

// Languages lists the codes of the languages the starter content is
// written in: English first, then the others in code order.
func Languages() []string {
	out := []string{DefaultLanguage}
	entries, _ := fs.ReadDir(files, "templates") // the directory is embedded, so it exists
	for _, e := range entries {
		if e.IsDir() && complete(e.Name()) {
			out = append(out, e.Name())
		}
	}
	slices.Sort(out[1:])
	return out
}

// complete reports whether a language's folder holds every workspace
// template and every playbook template they hold.
func complete(lang string) bool {
	for _, name := range Templates() {
		if _, err := fs.Stat(files, "templates/"+lang+"/"+name+".json"); err != nil {
			return false
		}
	}
	for _, name := range StarterPlaybooks() {
		if _, err := fs.Stat(files, "playbooks/"+lang+"/"+name+".json"); err != nil {
			return false
		}
	}
	return true
}

// StarterPlaybooks lists the playbook templates the English workspace
// templates hold, by file name, sorted.
func StarterPlaybooks() []string {
	var out []string
	for _, name := range Templates() {
		b, err := fs.ReadFile(files, "templates/"+name+".json")
		if err != nil {
			continue
		}
		for _, p := range playbooksOf(b) {
			if !slices.Contains(out, p) {
				out = append(out, p)
			}
		}
	}
	slices.Sort(out)
	return out
}

// CheckLanguage refuses a language the starter content is not written in,
// in one sentence that lists those it is.
func CheckLanguage(lang string) error {
	if slices.Contains(Languages(), lang) {
		return nil
	}
	var names []string
	for _, l := range Languages() {
		names = append(names, l+" ("+LanguageName(l)+")")
	}
	return fmt.Errorf("the starter content is not written in %q; choose one of %s", lang, strings.Join(names, ", "))
}

// LanguageOfLocale is the language of the starter content a locale
// ("fr_CA.UTF-8", "es-419", "fr") asks for, "" when the content is not
// written in it.
func LanguageOfLocale(locale string) string {
	base := strings.ToLower(strings.TrimSpace(locale))
	if i := strings.IndexAny(base, "_-.@"); i >= 0 {
		base = base[:i]
	}
	if slices.Contains(Languages(), base) {
		return base
	}
	return ""
}

// langDir is the folder of a language under templates/ and playbooks/,
// with its slash; "" for English.
func langDir(lang string) string {
	if lang == DefaultLanguage {
		return ""
	}
	return lang + "/"
}

// playbooksOf lists the playbook templates a workspace template holds.
func playbooksOf(template []byte) []string {
	var t struct {
		Playbooks struct {
			Templates []string `json:"templates"`
		} `json:"playbooks"`
	}
	_ = json.Unmarshal(template, &t) // a broken template fails the assets tests
	return t.Playbooks.Templates
}
