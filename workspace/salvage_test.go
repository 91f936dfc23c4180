package workspace

import (
	"strings"
	"testing"

	"riskbook/i18n"
	"riskbook/sqlite"
)

// TestSalvageLinesInEveryLanguage writes a report that takes every turn of
// the salvage's sentences: English as it always was, French and Spanish
// with no English left and no message missing.
func TestSalvageLinesInEveryLanguage(t *testing.T) {
	r := &SalvageReport{Source: "/x/registry.riskbook", Out: "new.riskbook", Pages: 40, Missing: 3,
		Counts: []sqlite.SalvageCount{{Noun: "risk", Total: 12, FromHistory: 2}, {Noun: "incident record", Total: 1},
			{Noun: "Statement of Applicability entry", Total: 93}, {Noun: "setting", Total: 2, AsRecorded: 2}},
		Changes: 310, Gaps: []sqlite.Gap{{From: 120, To: 180}, {From: 300, To: 300}},
		Lost:           []sqlite.LostRecord{{Kind: "control", Ref: "A.5.1", Why: "named by R-001"}, {Kind: "activity or resource", Ref: "ACT-09"}},
		Stale:          []sqlite.LostRecord{{Kind: "risk", Ref: "R-004", Why: "as last recorded, on 2026-01-02"}},
		Unrestored:     []sqlite.Unrestored{{Kind: "activation", Ref: "ACV-01", Why: "the incident has no trigger."}},
		UnreadableRows: 1, UnassignedPages: 2,
		Problems: []string{"file header: damaged; read as a workspace of this Riskbook's version"},
		None:     []string{"playbook", "exercise"}}
	want := []string{
		"Salvaged registry.riskbook into new.riskbook.",
		"The damaged file is cut short: 3 of its 40 pages are missing.",
		"Recovered: 12 risks (2 from the change log), 1 incident record, 93 Statement of Applicability entries, 2 settings (2 from the change log).",
		"Change log: 310 rows recovered; rows 120–180 and 300 lost (the new workspace's history marks where).",
		"Whatever the missing part of the file held is lost, and what remains cannot tell what that was: records made or changed last are the likeliest to be missing.",
		"None found in what remains: playbooks and exercises; if the workspace had any, they were lost with the damage, and its latest backup may still hold them.",
		"Brought back as the change log last recorded them, so a later change may be missing: risk R-004 (as last recorded, on 2026-01-02).",
		"Could not be recovered: control A.5.1 (named by R-001) and activity or resource ACT-09.",
		"Recovered but not restored, activation ACV-01: the incident has no trigger.",
		"Not readable in what remains of the damaged file: 1 row and 2 pages whose rows fit more than one table.",
		"File header: damaged; read as a workspace of this Riskbook's version.",
		"Check the new workspace, then use it in place of the damaged one, which is left as it was.",
	}
	got := SalvageLinesIn(i18n.For(i18n.English), r)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("English: got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	english := []string{"Salvaged", "cut short", "Recovered", "Change log", "from the change log", "rows", "Whatever", "None found",
		"Brought back", "Could not", "not restored", "Not readable", "whose rows", "Check the new", "incident record", "activity or resource",
		"Statement of Applicability", "settings", "activation"}
	for _, l := range []i18n.Lang{i18n.French, i18n.Spanish} {
		text := strings.Join(SalvageLinesIn(i18n.For(l), r), "\n")
		for _, e := range english {
			if strings.Contains(text, e) {
				t.Errorf("%s: %q left in\n%s", l, e, text)
			}
		}
		if strings.Contains(text, "salvage.") {
			t.Errorf("%s: a message is missing in\n%s", l, text)
		}
	}
}
