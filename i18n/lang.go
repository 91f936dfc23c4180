package i18n

import (
	"errors"
	"strings"

	"github.com/jeandeaual/go-locale"
	"golang.org/x/text/language"
)

// Parse reads a language as a person or a setting writes it: a code ("fr"),
// a locale ("fr_FR.UTF-8", "es-MX") or the language's own name. A language
// Riskbook does not speak is refused with one sentence naming those it
// does, in the default language.
func Parse(s string) (Lang, error) {
	v := strings.TrimSpace(s)
	for _, l := range Langs() {
		if strings.EqualFold(v, l.Name()) {
			return l, nil
		}
	}
	if l, ok := fromLocale(v); ok {
		return l, nil
	}
	return "", errors.New(T("lang.unknown", Args{"Lang": s, "Choices": choices()}))
}

func choices() string {
	var cs []string
	for _, l := range Langs() {
		cs = append(cs, string(l))
	}
	return strings.Join(cs, ", ")
}

// fromLocale reads a POSIX locale or a BCP 47 tag: its language, when
// Riskbook speaks it.
func fromLocale(s string) (Lang, bool) {
	base, _, _ := strings.Cut(s, ".") // fr_FR.UTF-8
	base, _, _ = strings.Cut(base, "@")
	base = strings.ReplaceAll(base, "_", "-")
	if base == "" || base == "C" || base == "POSIX" {
		return "", false
	}
	tag, err := language.Parse(base)
	if err != nil {
		return "", false
	}
	b, _ := tag.Base()
	for _, l := range Langs() {
		if b.String() == string(l) {
			return l, true
		}
	}
	return "", false
}

// System is the language of the person's system — the first of their
// preferred languages Riskbook speaks — or English.
func System() Lang {
	locs, err := locale.GetLocales()
	if err != nil {
		return English
	}
	return FromLocales(locs)
}

// FromLocales is the first of locales, in order of preference, that
// Riskbook speaks, or English.
func FromLocales(locales []string) Lang {
	for _, s := range locales {
		if l, ok := fromLocale(s); ok {
			return l
		}
	}
	return English
}
