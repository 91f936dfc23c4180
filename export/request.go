package export

import (
	"strings"
	"time"
)

// Request is one export: which documents to write and where. An empty path
// leaves that document out. Tabletop or Incident, when set, make PDF the
// tabletop kit of that playbook or the record of that incident instead of
// the workspace's document.
type Request struct {
	Level    Level
	PDF      string
	XLSX     string
	Pack     string // the network-down pack, a PDF
	Tabletop string // a playbook's reference
	Incident string // an incident record's reference
}

// Paths are the files the request writes, in the order PDF, XLSX, pack.
func (r Request) Paths() []string {
	var out []string
	for _, p := range []string{r.PDF, r.XLSX, r.Pack} {
		if p != "" {
			out = append(out, p)
		}
	}
	return out
}

// DocumentLevel is the level of the document PDF and XLSX hold: the
// tabletop kit or the incident record when the request asks for one, else
// the request's level. The file's permissions follow it (Level.Private).
func (r Request) DocumentLevel() Level {
	switch {
	case r.Tabletop != "":
		return Tabletop
	case r.Incident != "":
		return Incident
	}
	return r.Level
}

// DocumentName is the file name, without extension, a document is offered
// under: the organisation, what the document is and the day ("Registry of
// .xx risk register 2026-12-04"), so that documents of several
// organisations, or several issues, never share a name. Without an
// organisation the workspace's name stands in. The day is ISO 8601 whatever
// the display format, so that the files sort by date; characters file
// systems refuse are left out.
func DocumentName(organisation, workspace, what string, day time.Time) string {
	who := strings.TrimSpace(organisation)
	if who == "" || strings.HasPrefix(who, "[") { // unset, or a blank of the starter kit
		who = workspace
	}
	who = strings.Join(strings.FieldsFunc(who, func(r rune) bool {
		return strings.ContainsRune(`/\:*?"<>|`, r) || r <= ' '
	}), " ")
	return strings.TrimSpace(who + " " + what + " " + day.Format(time.DateOnly))
}
