package export

import (
	"fmt"
	"strings"
	"time"

	"riskbook/i18n"
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
	// Lang is the language the documents are written in; empty, the
	// workspace's (Workspace.DocumentLanguage).
	Lang i18n.Lang
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

// Outcome is what an export tells the person who made it, besides the
// files it wrote.
type Outcome struct {
	// Issue is the issue of the full document the export printed (0 for
	// any other document); NewIssue is set when the export recorded it.
	Issue    int
	NewIssue bool
	// NotRecorded says why a full export was not recorded as an issue.
	NotRecorded string
	// Unprintable are the characters the PDF could not draw, each printed
	// as a replacement mark: no embedded font has them.
	Unprintable []Unprintable
	// Note is what else the person should know about what was written
	// (what a scoring workbook holds).
	Note string
}

// Unprintable is a character no embedded font has, with the first place
// it appears.
type Unprintable struct {
	Rune  rune
	Where string
}

// Notes are the sentences the person exporting should read: the issue
// recorded, and the warnings.
func (o *Outcome) Notes() []string {
	var out []string
	switch {
	case o == nil:
		return nil
	case o.NewIssue:
		out = append(out, i18n.T("export.outcome.issue", i18n.Args{"Issue": o.Issue}))
	case o.Issue > 0:
		out = append(out, i18n.T("export.outcome.same_issue", i18n.Args{"Issue": o.Issue}))
	case o.NotRecorded != "":
		out = append(out, i18n.T("export.outcome.not_recorded", i18n.Args{"Why": o.NotRecorded}))
	}
	if o.Note != "" {
		out = append(out, o.Note)
	}
	if len(o.Unprintable) > 0 {
		out = append(out, UnprintableWarning(o.Unprintable))
	}
	return out
}

// UnprintableWarning is the sentence that lists the characters a PDF could
// not draw.
func UnprintableWarning(us []Unprintable) string {
	var parts []string
	for i, u := range us {
		if i == 8 {
			parts = append(parts, i18n.N("export.revision.more", len(us)-i))
			break
		}
		parts = append(parts, i18n.T("export.outcome.unprintable.char", i18n.Args{"Char": fmt.Sprintf("%c (U+%04X)", u.Rune, u.Rune), "Where": u.Where}))
	}
	return i18n.N("export.outcome.unprintable", len(us), i18n.Args{"Chars": strings.Join(parts, "; ")})
}
