package importer

import (
	"fmt"
	"path/filepath"
	"strings"

	"riskbook/risk"
)

// Outcome is what an applied import wrote: the references created and
// updated, and the change-log row that records it.
type Outcome struct {
	Source     string
	SHA256     string
	Created    []string
	Updated    []string
	Unchanged  int // rows that updated a risk already holding what they give
	Unscored   int // new risks without an inherent score
	Activities []string
	Resources  []string
	// LogRow and Actor are the change-log row of the import and who made it.
	LogRow int64
	Actor  string
}

// Summary says in one sentence what the import wrote.
func (o *Outcome) Summary() string {
	var created, parts []string
	if len(o.Created) > 0 || len(o.Updated)+o.Unchanged+len(o.Activities)+len(o.Resources) == 0 {
		risks := risk.Count(len(o.Created), "risk", "risks")
		switch {
		case o.Unscored == 1 && len(o.Created) == 1:
			risks += " (UNSCORED)"
		case o.Unscored > 0 && o.Unscored == len(o.Created):
			risks += " (all UNSCORED)"
		case o.Unscored > 0:
			risks += fmt.Sprintf(" (%d UNSCORED)", o.Unscored)
		}
		created = append(created, risks)
	}
	if len(o.Activities) > 0 {
		created = append(created, risk.Count(len(o.Activities), "activity", "activities"))
	}
	if len(o.Resources) > 0 {
		created = append(created, risk.Count(len(o.Resources), "ICT system", "ICT systems"))
	}
	if len(created) > 0 {
		parts = append(parts, "created "+joinAnd(created))
	}
	if len(o.Updated) > 0 {
		parts = append(parts, "updated "+risk.Count(len(o.Updated), "risk", "risks"))
	}
	if o.Unchanged > 0 {
		parts = append(parts, "left "+risk.Count(o.Unchanged, "risk", "risks")+" unchanged, as "+
			map[bool]string{true: "it", false: "they"}[o.Unchanged == 1]+" already held what the file gives")
	}
	s := "Imported " + filepath.Base(o.Source) + ": "
	if len(parts) > 1 {
		return s + strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1] + "."
	}
	return s + parts[0] + "."
}

// Lines lists the references written, one kind a line, each with at most
// a few references and a count of the rest, so that a 10,000-row import
// stays readable.
func (o *Outcome) Lines() []string {
	var out []string
	for _, l := range []struct {
		what string
		refs []string
	}{{"Created", o.Created}, {"Updated", o.Updated}, {"Created activities", o.Activities}, {"Created ICT systems", o.Resources}} {
		if len(l.refs) > 0 {
			out = append(out, fmt.Sprintf("%s %d: %s", l.what, len(l.refs), RefList(l.refs)))
		}
	}
	return out
}
