package app

import (
	"errors"

	"riskbook/i18n"
	"riskbook/risk"
)

// message is the one sentence the app shows for err: a fault of a file
// told in the app's own terms — its menus and buttons, never a command —
// any other error meant for a person as it is, and a fault of Riskbook
// itself as such, its detail left to the log (Help → Show Log).
func message(err error) string {
	if fe := (*risk.FileError)(nil); errors.As(err, &fe) {
		return i18n.T("shell.error.file", i18n.Args{"What": fe.What(), "Advice": fileAdvice(fe)})
	}
	if risk.ErrorCode(err) == risk.EINTERNAL {
		return i18n.T("shell.error.internal")
	}
	return risk.ErrorMessage(err)
}

// fileAdvice is what to do about a fault of a file, in the app's terms.
func fileAdvice(fe *risk.FileError) string {
	switch fe.Fault {
	case risk.FaultDamaged:
		return i18n.T("shell.advice.damaged")
	case risk.FaultMissing:
		if fe.Op == risk.OpOpen {
			return i18n.T("shell.advice.missing")
		}
	case risk.FaultNotWorkspace:
		return i18n.T("shell.advice.not_workspace")
	case risk.FaultReadOnly:
		if fe.Op != risk.OpWrite {
			return i18n.T("shell.advice.read_only")
		}
	case risk.FaultLocked:
		if fe.Detail != nil {
			return i18n.T("shell.advice.locked")
		}
	case risk.FaultMoved:
		return i18n.T("shell.advice.moved")
	case risk.FaultDiskFull:
		if fe.Op == risk.OpSave {
			return i18n.T("shell.advice.disk_full")
		}
	}
	return fe.Advice()
}
