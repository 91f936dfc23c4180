// Package localeenv runs before the GUI toolkit reads the locale, so that a
// "C.UTF-8" or "POSIX.UTF-8" locale — the C locale with a character set,
// common on servers and in containers — reads as the C locale it is.
//
// It is a module of its own because of when it must run: Go initialises
// packages in the order of their import paths, once their imports are
// ready, and Fyne's lang package parses the locale in its init, logging
// three lines of error on every command when it meets "C.UTF-8". An import
// path that sorts before "fyne.io" is initialised first; a path inside the
// riskbook module cannot. Import it for its side effect, from main only.
package localeenv

import (
	"os"
	"strings"
)

func init() { Normalise(os.Getenv, os.Setenv) }

// Normalise rewrites the variable that decides the language of messages
// (LC_ALL, else LC_MESSAGES, else LANG) when it names the C or POSIX
// locale with a character set: LC_ALL and LC_MESSAGES become "C"; for LANG,
// LC_MESSAGES=C is set, so that the character set of LANG still holds for
// everything else.
func Normalise(getenv func(string) string, setenv func(string, string) error) {
	for _, name := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		v := getenv(name)
		if v == "" {
			continue
		}
		base, _, _ := strings.Cut(v, ".")
		base, _, _ = strings.Cut(base, "@")
		if v == base || (base != "C" && base != "POSIX") {
			return
		}
		if name == "LANG" {
			name = "LC_MESSAGES"
		}
		_ = setenv(name, "C") // a failure leaves the locale as it was
		return
	}
}
