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

//go:embed catalogs/*.json templates/*.json playbooks/*.json icon.png
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

// Template returns the JSON of a built-in workspace template.
func Template(name string) ([]byte, error) {
	b, err := fs.ReadFile(files, "templates/"+name+".json")
	if err != nil {
		return nil, fmt.Errorf("no built-in template %q; choose one of %s", name, strings.Join(Templates(), ", "))
	}
	return b, nil
}

// Templates lists the names of the built-in workspace templates, sorted.
// "blank" is not among them: it is the absence of a template.
func Templates() []string {
	entries, _ := fs.ReadDir(files, "templates") // the directory is embedded, so it exists
	var out []string
	for _, e := range entries {
		out = append(out, strings.TrimSuffix(e.Name(), ".json"))
	}
	slices.Sort(out)
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

// PlaybookTemplates returns the built-in playbook templates as JSON, keyed
// by file name without extension ("ddos-name-servers"), in name order.
// They are data: a template is added or translated by adding a file.
func PlaybookTemplates() (names []string, bodies [][]byte) {
	entries, _ := fs.ReadDir(files, "playbooks") // the directory is embedded, so it exists
	for _, e := range entries {
		b, err := fs.ReadFile(files, "playbooks/"+e.Name())
		if err != nil {
			continue
		}
		names = append(names, strings.TrimSuffix(e.Name(), ".json"))
		bodies = append(bodies, b)
	}
	return names, bodies
}
