package cli

import (
	"os"
	"path/filepath"
	"strings"

	"riskbook/i18n"
	"riskbook/risk"
	"riskbook/safefile"
)

// fileAdvice is what to do about a fault of a file, in commands: the
// neutral advice of risk.FileError where a command says it better.
func fileAdvice(fe *risk.FileError) string {
	p := quote(fe.Path)
	switch fe.Fault {
	case risk.FaultDamaged:
		return i18n.T("cli.advice.damaged", i18n.Args{"Path": p})
	case risk.FaultMissing:
		if fe.Op == risk.OpOpen {
			return i18n.T("cli.advice.missing", i18n.Args{"Path": p})
		}
	case risk.FaultNotWorkspace:
		return i18n.T("cli.advice.not_workspace")
	case risk.FaultReadOnly:
		if copyName := writableCopy(fe.Path); fe.Op != risk.OpWrite && copyName != "" {
			return i18n.T("cli.advice.read_only", i18n.Args{"Path": p, "Copy": quote(copyName)})
		}
	case risk.FaultLocked:
		if fe.Detail != nil {
			return i18n.T("cli.advice.locked")
		}
	}
	return fe.Advice()
}

// writableCopy names a copy of the workspace at path that can be made and
// changed: beside it when only the file is read-only, else in the current
// folder or the home folder, whichever takes new files first; "" when none
// does.
func writableCopy(path string) string {
	name := i18n.T("cli.advice.copy_name", i18n.Args{"Name": strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))}) + ".riskbook"
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
