package cli

import (
	"os"
	"path/filepath"
	"strings"

	"riskbook/risk"
	"riskbook/safefile"
)

// fileAdvice is what to do about a fault of a file, in commands: the
// neutral advice of risk.FileError where a command says it better.
func fileAdvice(fe *risk.FileError) string {
	p := quote(fe.Path)
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
		if copyName := writableCopy(fe.Path); fe.Op != risk.OpWrite && copyName != "" {
			return "copy it to a folder you can write to with riskbook backup " + p + " " + quote(copyName) + " and work on the copy"
		}
	case risk.FaultLocked:
		if fe.Detail != "" {
			return "close it there first; reading commands (check, export, dump, verify) work meanwhile"
		}
	}
	return fe.Advice()
}

// writableCopy names a copy of the workspace at path that can be made and
// changed: beside it when only the file is read-only, else in the current
// folder or the home folder, whichever takes new files first; "" when none
// does.
func writableCopy(path string) string {
	name := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path)) + " copy.riskbook"
	if dir := filepath.Dir(path); safefile.FolderWritable(dir) {
		return filepath.Join(dir, name)
	}
	if safefile.FolderWritable(".") {
		return name
	}
	if home, err := os.UserHomeDir(); err == nil && safefile.FolderWritable(home) {
		return filepath.Join(home, name)
	}
	return ""
}

// quote puts a path in quotes when a shell would split it.
func quote(path string) string {
	if strings.ContainsAny(path, " \t'\"$&|;()<>*?") {
		return "'" + strings.ReplaceAll(path, "'", `'\''`) + "'"
	}
	return path
}
