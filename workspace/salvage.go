package workspace

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"riskbook/risk"
	"riskbook/sqlite"
)

// SalvageReport says what a salvage recovered and what it could not.
type SalvageReport = sqlite.SalvageReport

// Salvage writes a new workspace at out with every record that can still
// be read from the damaged workspace at src, which is only read.
func Salvage(ctx context.Context, src, out string) (*SalvageReport, error) {
	return sqlite.Salvage(ctx, src, out)
}

// SalvageLines are the sentences both front ends show after a salvage:
// what came back, what came back possibly out of date, what was lost.
func SalvageLines(r *SalvageReport) []string {
	var out []string
	add := func(format string, args ...any) { out = append(out, fmt.Sprintf(format, args...)) }
	add("Salvaged %s into %s.", filepath.Base(r.Source), r.Out)
	if r.Missing > 0 {
		add("The damaged file is cut short: %d of its %d pages are missing.", r.Missing, r.Pages)
	}
	var got []string
	for _, c := range r.Counts {
		s := risk.Count(c.Total, c.Noun, plural(c.Noun))
		if c.FromHistory+c.AsRecorded > 0 {
			s += fmt.Sprintf(" (%d from the change log)", c.FromHistory+c.AsRecorded)
		}
		got = append(got, s)
	}
	if len(got) > 0 {
		add("Recovered: %s.", strings.Join(got, ", "))
	}
	switch {
	case len(r.Gaps) > 0:
		add("Change log: %s recovered; %s lost (the new workspace's history marks where).", risk.Count(r.Changes, "row", "rows"), gapList(r.Gaps))
	default:
		add("Change log: %s recovered.", risk.Count(r.Changes, "row", "rows"))
	}
	if r.Missing > 0 {
		add("Whatever the missing part of the file held is lost, and what remains cannot tell what that was: records made or changed last are the likeliest to be missing.")
	}
	if damaged := r.Missing > 0 || r.UnreadableRows > 0 || r.UnassignedPages > 0; damaged && len(r.None) > 0 {
		var kinds []string
		for _, n := range r.None {
			kinds = append(kinds, plural(n))
		}
		add("None found in what remains: %s; if the workspace had any, they were lost with the damage, and its latest backup may still hold them.", joinAnd(kinds))
	}
	if len(r.Stale) > 0 {
		add("Brought back as the change log last recorded them, so a later change may be missing: %s.", recordList(r.Stale))
	}
	if len(r.Lost) > 0 {
		add("Could not be recovered: %s.", recordList(r.Lost))
	}
	for _, u := range r.Unrestored {
		add("Recovered but not restored, %s %s: %s", u.Kind, u.Ref, strings.TrimSuffix(u.Why, ".")+".")
	}
	var unread []string
	if r.UnreadableRows > 0 {
		unread = append(unread, risk.Count(r.UnreadableRows, "row", "rows"))
	}
	if r.UnassignedPages > 0 {
		unread = append(unread, risk.Count(r.UnassignedPages, "page whose rows fit more than one table", "pages whose rows fit more than one table"))
	}
	if len(unread) > 0 {
		add("Not readable in what remains of the damaged file: %s.", joinAnd(unread))
	}
	for _, p := range r.Problems {
		add("%s.", strings.TrimSuffix(upperFirst(p), "."))
	}
	add("Check the new workspace, then use it in place of the damaged one, which is left as it was.")
	return out
}

func plural(noun string) string {
	switch {
	case strings.HasSuffix(noun, "y") && !strings.HasSuffix(noun, "ey"):
		return noun[:len(noun)-1] + "ies"
	case strings.HasSuffix(noun, "s"):
		return noun + "es"
	}
	return noun + "s"
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// gapList writes "rows 120–180 and 300" for the ranges of rows lost.
func gapList(gaps []sqlite.Gap) string {
	var parts []string
	for _, g := range gaps {
		if g.From == g.To {
			parts = append(parts, fmt.Sprint(g.From))
		} else {
			parts = append(parts, fmt.Sprintf("%d–%d", g.From, g.To))
		}
	}
	return "rows " + joinAnd(parts)
}

// recordList names up to twelve records, then says how many more.
func recordList(list []sqlite.LostRecord) string {
	var parts []string
	for _, l := range list[:min(len(list), 12)] {
		s := l.Kind + " " + l.Ref
		if l.Why != "" {
			s += " (" + l.Why + ")"
		}
		parts = append(parts, s)
	}
	if n := len(list) - 12; n > 0 {
		parts = append(parts, fmt.Sprintf("%d more", n))
	}
	return joinAnd(parts)
}

func joinAnd(parts []string) string {
	if len(parts) < 2 {
		return strings.Join(parts, "")
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}
