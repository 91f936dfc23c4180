package i18n

import (
	"encoding/json"
	"io/fs"
	"path"
	"regexp"
	"strings"
	"sync"
)

// idLike is a word written as the catalogue's identifiers are: lower-case
// parts joined by dots (rules.title_missing, export.date.short).
var idLike = regexp.MustCompile(`\b[a-z][a-z0-9_]*(\.[a-z0-9_]+)+\b`)

var (
	prefixesOnce sync.Once
	prefixes     map[string]bool
)

// idPrefixes are the first parts of the identifiers of the English files
// (rules, export, date…): a word that starts with one of them and reads
// like an identifier is one, whether the catalogue holds it or not.
func idPrefixes() map[string]bool {
	prefixesOnce.Do(func() {
		prefixes = map[string]bool{}
		names, _ := fs.Glob(Files, path.Join(Dir, "*."+string(English)+".json"))
		for _, name := range names {
			b, err := fs.ReadFile(Files, name)
			if err != nil {
				continue
			}
			var msgs map[string]json.RawMessage
			if json.Unmarshal(b, &msgs) != nil {
				continue
			}
			for id := range msgs {
				first, _, _ := strings.Cut(id, ".")
				prefixes[first] = true
			}
		}
	})
	return prefixes
}

// Unwritten says what is wrong with a text a message wrote for a person —
// it is empty, keeps a placeholder ({{.Ref}}), misses a value ("<no
// value>") or shows a message identifier instead of its text — or ""
// when nothing is. The tests of every package that writes messages use
// it, so they all fail on the same faults.
func Unwritten(s string) string {
	switch {
	case strings.TrimSpace(s) == "":
		return "is empty"
	case strings.Contains(s, "{{") || strings.Contains(s, "}}"):
		return "keeps a placeholder"
	case strings.Contains(s, "<no value>"):
		return "misses a value"
	}
	for _, w := range idLike.FindAllString(s, -1) {
		first, _, _ := strings.Cut(w, ".")
		if idPrefixes()[first] {
			return "shows the message identifier " + w
		}
	}
	return ""
}
