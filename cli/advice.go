package cli

import (
	"path/filepath"
	"strings"

	"riskbook/risk"
)

// fileAdvice is what to do about a fault of a file, in commands: the
// neutral advice of risk.FileError where a command says it better.
func fileAdvice(fe *risk.FileError) string {
	p := quote(fe.Path)
	copyName := quote(strings.TrimSuffix(fe.Path, filepath.Ext(fe.Path)) + " copy.riskbook")
	switch fe.Fault {
	case risk.FaultDamaged:
		return "restore its latest automatic backup with riskbook restore " + p +
			" (riskbook backups " + p + " lists them), or rescue what can still be read with riskbook salvage " + p + " NEW.riskbook"
	case risk.FaultMissing:
		if fe.Op == risk.OpOpen {
			return "check the path, or create a workspace with riskbook init " + p
		}
	case risk.FaultNotWorkspace:
		return "give a .riskbook file, or create a workspace with riskbook init"
	case risk.FaultReadOnly:
		if fe.Op != risk.OpWrite {
			return "copy it to a folder you can write to with riskbook backup " + p + " " + copyName + " and work on the copy"
		}
	case risk.FaultLocked:
		if fe.Detail != "" {
			return "close it there first; reading commands (check, export, dump, verify) work meanwhile"
		}
	}
	return fe.Advice()
}

// quote puts a path in quotes when a shell would split it.
func quote(path string) string {
	if strings.ContainsAny(path, " \t'\"$&|;()<>*?") {
		return "'" + strings.ReplaceAll(path, "'", `'\''`) + "'"
	}
	return path
}
