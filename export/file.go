package export

import (
	"io"

	"riskbook/safefile"
)

// WriteFile writes a document under a temporary name in the destination
// folder and renames it into place once it is complete and flushed (see
// safefile.Write): a failure leaves the old file, or none, and no
// temporary file; a full disk is told as such, a document that could not
// be built as that.
func WriteFile(path string, write func(io.Writer) error) error {
	return safefile.Write(path, write)
}
