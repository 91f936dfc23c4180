package main

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// layers says which of the module's packages each package may import: the
// arrows of the layout the README draws, risk ← bcp ← {sqlite, export,
// importer} ← workspace ← {cli, main}, with app seeing the workspace only
// through the interfaces it declares; safefile, below them all, writes the
// files. A package not listed here fails the test until its place in the
// layout is decided.
var layers = map[string][]string{
	"i18n":        {},
	"risk":        {"i18n"},
	"bcp":         {"risk", "i18n"},
	"assets":      {},
	"safefile":    {"risk"},
	"sqlite":      {"risk", "bcp", "assets", "safefile", "i18n"},
	"export":      {"risk", "bcp", "assets", "safefile", "i18n"},
	"importer":    {"risk", "bcp", "i18n"},
	"workspace":   {"risk", "bcp", "assets", "safefile", "sqlite", "export", "importer", "i18n"},
	"cli":         {"risk", "bcp", "export", "importer", "safefile", "workspace", "i18n"},
	"app/widgets": {"risk", "bcp", "i18n"},
	"app":         {"risk", "bcp", "assets", "export", "importer", "app/widgets", "i18n"},
	".":           {"app", "assets", "cli", "workspace", "i18n"},
	// Helpers for tests of writing files; only tests import them.
	"safefile/disktest": {},
	// The PostgreSQL server the tests of server workspaces run on.
	"sqlite/pgtest": {},
	// The synthetic registers benchmarks and scripts/bench measure on.
	"benchdata":           {},
	"benchdata/registers": {"benchdata"},
}

// TestLayout fails when a package imports one of the module's packages its
// layer may not: a rule reaching up, the app reaching round the workspace
// layer, a command talking to the store directly. Tests may import more.
func TestLayout(t *testing.T) {
	seen := map[string]bool{}
	err := filepath.WalkDir(".", func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		// localeenv and third_party hold modules of their own.
		if d.IsDir() && (strings.HasPrefix(d.Name(), ".") && path != "." || d.Name() == "testdata" || d.Name() == "localeenv" || path == "third_party") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		pkg := filepath.ToSlash(filepath.Dir(path))
		allowed, ok := layers[pkg]
		if !ok {
			t.Errorf("package %s has no place in the layout; add it to layers and to the README's Layout", pkg)
			return nil
		}
		seen[pkg] = true
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		for _, imp := range f.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			dep, ok := strings.CutPrefix(p, "riskbook/")
			if ok && !slices.Contains(allowed, dep) {
				t.Errorf("%s imports riskbook/%s, which its layer may not (allowed: %s)", path, dep, strings.Join(allowed, ", "))
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for pkg := range layers {
		if !seen[pkg] {
			t.Errorf("layers lists %s, which holds no Go file any more", pkg)
		}
	}
}
