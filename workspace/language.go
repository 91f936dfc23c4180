package workspace

import (
	"github.com/jeandeaual/go-locale"

	"riskbook/assets"
)

// The starter content — the register, the BIA, the SoA's justifications,
// the playbooks and the contacts of a new workspace — is written in
// English, French and Spanish; a workspace keeps the language it was made
// in for the playbook templates it adds later.

// ContentLanguages lists the languages the starter content is written in,
// English first.
func ContentLanguages() []string { return assets.Languages() }

// LanguageName is a language's name as its speakers write it: "Français".
func LanguageName(lang string) string { return assets.LanguageName(lang) }

// CheckContentLanguage refuses, in one sentence listing those there are, a
// language the starter content is not written in.
func CheckContentLanguage(lang string) error { return assets.CheckLanguage(lang) }

// DefaultContentLanguage is the language of the starter content when none
// is chosen: the first of the system's preferred languages it is written
// in, else English.
func DefaultContentLanguage() string {
	locales, _ := locale.GetLocales() // none when the system says nothing
	return contentLanguageFor(locales)
}

func contentLanguageFor(locales []string) string {
	for _, l := range locales {
		if lang := assets.LanguageOfLocale(l); lang != "" {
			return lang
		}
	}
	return assets.DefaultLanguage
}
