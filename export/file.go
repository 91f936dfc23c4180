package export

import (
	"io"

	"riskbook/safefile"
)

// WriteFile writes a file anyone may read (a mapping, a summary meant for
// the public) under a temporary name in the destination folder and renames
// it into place once it is complete and flushed (see safefile.Write): a
// failure leaves the old file, or none, and no temporary file; a full disk
// is told as such, a document that could not be built as that.
func WriteFile(path string, write func(io.Writer) error) error {
	return safefile.Write(path, write)
}

// WritePrivate is WriteFile for a file only its owner may read (mode
// 0600), like the workspace it comes from: a full document, the
// network-down pack, a scoring workbook, a dump. The file is never
// readable by others, not even while it is written.
func WritePrivate(path string, write func(io.Writer) error) error {
	return safefile.WriteMode(path, 0o600, write)
}

// WriteDocument writes a document of the level with the permissions the
// level calls for (see Level.Private).
func WriteDocument(path string, l Level, write func(io.Writer) error) error {
	if l.Private() {
		return WritePrivate(path, write)
	}
	return WriteFile(path, write)
}

// Private reports whether a document of level l is for the organisation
// only: every level but the summary, which holds no individual risk, name
// or contact and is meant to be handed out.
func (l Level) Private() bool { return l != Summary }
