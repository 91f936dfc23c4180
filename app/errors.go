package app

import (
	"errors"

	"riskbook/risk"
)

// message is the one sentence the app shows for err: a fault of a file
// told in the app's own terms — its menus and buttons, never a command —
// any other error meant for a person as it is, and a fault of Riskbook
// itself as such, its detail left to the log (Help → Show Log).
func message(err error) string {
	if fe := (*risk.FileError)(nil); errors.As(err, &fe) {
		return fe.What() + "; " + fileAdvice(fe) + "."
	}
	if risk.ErrorCode(err) == risk.EINTERNAL {
		return "Riskbook could not finish this because of a fault in Riskbook itself, not in your data; Help → Show Log has the details to report."
	}
	return risk.ErrorMessage(err)
}

// fileAdvice is what to do about a fault of a file, in the app's terms.
func fileAdvice(fe *risk.FileError) string {
	switch fe.Fault {
	case risk.FaultDamaged:
		return "restore one of its backups (File → Backups…) or salvage what can still be read (File → Salvage a Damaged Workspace…)"
	case risk.FaultMissing:
		if fe.Op == risk.OpOpen {
			return "it may have been moved or renamed: open it from where it is now (File → Open…), or create a new workspace (File → New Workspace)"
		}
	case risk.FaultNotWorkspace:
		return "open a .riskbook file (File → Open…), or create a new workspace (File → New Workspace)"
	case risk.FaultReadOnly:
		if fe.Op != risk.OpWrite {
			return "to edit it, make a copy you can change with Edit a Copy… at the top of the window"
		}
	case risk.FaultLocked:
		if fe.Detail != nil {
			return "close it there first"
		}
	case risk.FaultMoved:
		return "your change is still on screen: open the workspace from where it is now (File → Open…) and make it again"
	case risk.FaultDiskFull:
		if fe.Op == risk.OpSave {
			return "free some space on that disk; your change stays on screen and is saved with your next edit"
		}
	}
	return fe.Advice()
}
