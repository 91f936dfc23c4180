// Package assets holds Riskbook's embedded data: control catalogs, workspace
// templates, playbook templates, the fonts the PDF embeds and the
// application icon. It exposes bytes only; the packages that understand a
// format parse it.
package assets

import (
	"embed"
	"fmt"
	"io/fs"
	"slices"
	"strings"
)

//go:embed catalogs/*.json templates playbooks icon.png
var files embed.FS

// Icon is the application icon, 512×512 PNG.
//
//go:embed icon.png
var Icon []byte

// DefaultCatalog is the identifier of the catalog every workspace starts with.
const DefaultCatalog = "iso27001-2022"

// Catalog returns the JSON of a built-in control catalog.
func Catalog(id string) ([]byte, error) {
	b, err := fs.ReadFile(files, "catalogs/"+id+".json")
	if err != nil {
		return nil, fmt.Errorf("no built-in catalog %q", id)
	}
	return b, nil
}

// Template returns the JSON of a built-in workspace template in English.
func Template(name string) ([]byte, error) { return TemplateIn(name, DefaultLanguage) }

// TemplateIn returns the JSON of a built-in workspace template written in
// a language (see Languages); an unknown language or template is refused.
func TemplateIn(name, lang string) ([]byte, error) {
	if err := CheckLanguage(lang); err != nil {
		return nil, err
	}
	b, err := fs.ReadFile(files, "templates/"+langDir(lang)+name+".json")
	if err != nil {
		return nil, fmt.Errorf("no built-in template %q; choose one of %s", name, strings.Join(Templates(), ", "))
	}
	return b, nil
}

// Templates lists the names of the built-in workspace templates, sorted.
// "blank" is not among them: it is the absence of a template.
func Templates() []string {
	out, _ := jsonNames("templates")
	return out
}

// FontRegular and FontBold are Noto Sans (SIL Open Font License 1.1, see
// fonts/OFL.txt), the TrueType fonts the PDF export embeds so that Latin,
// Vietnamese, Greek and Cyrillic names print as written.
var (
	//go:embed fonts/NotoSans-Regular.ttf
	FontRegular []byte
	//go:embed fonts/NotoSans-Bold.ttf
	FontBold []byte
)

// FontArabicRegular, FontArabicBold, FontHebrewRegular and FontHebrewBold
// are Noto Sans Arabic and Noto Sans Hebrew (SIL Open Font License 1.1, see
// fonts/OFL.txt): the PDF export draws Arabic and Hebrew with them, shaped
// and right to left.
var (
	//go:embed fonts/NotoSansArabic-Regular.ttf
	FontArabicRegular []byte
	//go:embed fonts/NotoSansArabic-Bold.ttf
	FontArabicBold []byte
	//go:embed fonts/NotoSansHebrew-Regular.ttf
	FontHebrewRegular []byte
	//go:embed fonts/NotoSansHebrew-Bold.ttf
	FontHebrewBold []byte
)

// PlaybookTemplates returns the built-in playbook templates in English as
// JSON, keyed by file name without extension ("ddos-name-servers"), in name
// order. They are data: a template is added or translated by adding a file.
func PlaybookTemplates() (names []string, bodies [][]byte) {
	names, bodies, _ = PlaybookTemplatesIn(DefaultLanguage)
	return names, bodies
}

// PlaybookTemplatesIn returns the built-in playbook templates written in a
// language, as PlaybookTemplates does; an unknown language is refused.
// Only the templates translated into the language are there: nothing is
// ever given in another language than the one asked for.
func PlaybookTemplatesIn(lang string) (names []string, bodies [][]byte, err error) {
	if err := CheckLanguage(lang); err != nil {
		return nil, nil, err
	}
	dir := "playbooks/" + langDir(lang)
	list, _ := jsonNames(dir)
	for _, name := range list {
		b, err := fs.ReadFile(files, dir+name+".json")
		if err != nil {
			continue
		}
		names = append(names, name)
		bodies = append(bodies, b)
	}
	return names, bodies, nil
}

// jsonNames lists the JSON files of an embedded directory, without their
// extension, sorted; the directories of other languages are not among them.
func jsonNames(dir string) ([]string, error) {
	entries, err := fs.ReadDir(files, strings.TrimSuffix(dir, "/"))
	var out []string
	for _, e := range entries {
		if !e.IsDir() && strings.HasSuffix(e.Name(), ".json") {
			out = append(out, strings.TrimSuffix(e.Name(), ".json"))
		}
	}
	slices.Sort(out)
	return out, err
}
