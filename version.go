package main

import (
	_ "embed"
	"fmt"

	"github.com/BurntSushi/toml"
)

// FyneApp.toml is the one place Riskbook's version is written: the
// packaging command (fyne package) reads it for the installers' metadata,
// and the program reads the same file, embedded, for riskbook version,
// Help → About and every document it writes. They cannot differ.
//
//go:embed FyneApp.toml
var fyneApp []byte

// appVersion is the version FyneApp.toml gives.
func appVersion(raw []byte) (string, error) {
	var meta struct {
		Details struct {
			Version string
		}
	}
	if _, err := toml.Decode(string(raw), &meta); err != nil {
		return "", fmt.Errorf("read FyneApp.toml: %w", err)
	}
	if meta.Details.Version == "" {
		return "", fmt.Errorf("FyneApp.toml gives no [Details] Version")
	}
	return meta.Details.Version, nil
}
