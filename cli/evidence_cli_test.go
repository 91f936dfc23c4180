package cli

import (
	"encoding/json"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// brokenRecords are records as a hand-edited dump, or a deletion, leaves
// them: every kind of impossible date and reference to nothing. Dates in
// the past are 2020–2025, in the future 2099, whatever day the test runs.
const brokenRecords = `{
 "playbooks": [{
  "ref": "PB-01", "title": "DDoS on the name servers", "scenario": "", "scope": "",
  "activities": ["ACT-01"], "resources": null, "risks": null,
  "activation_criteria": "Resolution fails from two monitoring points.", "may_declare": ["Incident lead"],
  "roles": [{"name": "Incident lead", "responsibilities": "", "primary": "Amira", "alternate": "Bilal"}],
  "phases": [{"phase": "recover", "steps": [{"what": "Restore resolution", "who": "Incident lead", "when": "6 h", "where": "", "how": "", "checklist": null, "restores": ["ACT-01"]}]}],
  "communications": null, "out_of_band": ["Satellite phone"], "version": "1.0", "owner": "Amira",
  "approved": "2099-01-01", "last_exercised": "2099-02-01",
  "created": "2024-01-01T09:00:00Z", "updated": "2024-01-01T09:00:00Z"
 }],
 "exercises": [{
  "ref": "EX-01", "title": "Tabletop: DDoS", "type": "tabletop", "date": "2025-06-10",
  "playbooks": ["PB-01", "PB-99"], "scenario": "", "injects": null, "participants": null, "objectives": null,
  "results": [{"activity": "ACT-77", "achieved_rto": "", "achieved_rpo": "", "note": ""},
              {"activity": "RES-404", "achieved_rto": "", "achieved_rpo": "", "note": ""}],
  "findings": [{"id": 1, "text": "Nobody had the NOC's number.", "severity": "high", "risk": "R-999"},
               {"id": 2, "text": "Closed too early.", "severity": "low", "risk": "", "status": "closed", "closed": "2025-06-01"},
               {"id": 3, "text": "Closed in the future.", "severity": "low", "risk": "", "status": "closed", "closed": "2099-01-01"}],
  "actions": [{"title": "Put the number in the call tree", "owner": "Bilal", "due": "2025-06-01", "status": "planned", "findings": [1, 2, 9]}],
  "report_date": "2025-05-01",
  "created": "2025-06-10T09:00:00Z", "updated": "2025-06-10T09:00:00Z"
 }, {
  "ref": "EX-02", "title": "Failover next year", "type": "failover", "date": "2099-03-01",
  "playbooks": null, "scenario": "", "injects": null, "participants": null, "objectives": null,
  "results": [{"activity": "ACT-01", "achieved_rto": "10 min", "achieved_rpo": "", "note": ""}],
  "findings": null, "actions": null, "report_date": "2099-03-05",
  "created": "2025-06-10T09:00:00Z", "updated": "2025-06-10T09:00:00Z"
 }],
 "activations": [{
  "ref": "ACV-01", "playbook": "PB-07", "trigger": "Resolution failing", "declared_by": "Amira",
  "declared_at": "2099-01-01T10:00:00Z", "closed_at": "2099-01-02T10:00:00Z",
  "steps": [{"phase": "recover", "index": 1, "what": "Restore", "who": "Incident lead", "done": "2099-01-01T11:00:00Z", "by": "Amira", "note": ""}],
  "log": [{"at": "2099-01-01T10:30:00Z", "by": "Amira", "text": "Called the NOC"}],
  "created": "2025-06-10T09:00:00Z", "updated": "2025-06-10T09:00:00Z"
 }],
 "contacts": [{
  "ref": "C-01", "name": "Amira", "kind": "person", "organisation": "", "role": "",
  "channels": [{"kind": "mobile", "value": "+216 00 000 000", "out_of_band": true, "note": ""}],
  "resources": ["RES-404"], "notes": "", "calls_next": null,
  "created": "2025-06-10T09:00:00Z", "updated": "2025-06-10T09:00:00Z"
 }]
}`

// TestLoadThenCheckReportsEveryBrokenRecord: a workspace built through
// load with every kind of broken record loads (nothing is lost), load
// lists what it kept, and check reports each one.
func TestLoadThenCheckReportsEveryBrokenRecord(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	ws := newWorkspace(t, dir, "w.riskbook", "cctld")
	var extra map[string]any
	if err := json.Unmarshal([]byte(brokenRecords), &extra); err != nil {
		t.Fatal(err)
	}
	edited := editDump(t, dumpOf(t, ws), func(d map[string]any) {
		for k, v := range extra {
			d[k] = v
		}
		risks := d["risks"].([]any)
		set := func(i int, edit func(r map[string]any)) { edit(risks[i].(map[string]any)) }
		set(0, func(r map[string]any) { r["identified"] = "2099-01-01" }) // identified in the future
		set(1, func(r map[string]any) { r["last_review"] = "2099-01-01" })
		set(2, func(r map[string]any) { r["identified"] = "2025-01-01"; r["last_review"] = "2024-01-01" })
		set(3, func(r map[string]any) {
			r["identified"] = "2025-01-01"
			r["treatment"], r["status"] = "accept", "accepted"
			r["actions"] = []any{}
			r["acceptance"] = map[string]any{"approver": "Board", "date": "2024-12-01", "expiry": "2024-11-01", "rationale": "Cost"}
		})
		set(4, func(r map[string]any) {
			r["treatment"], r["status"] = "accept", "accepted"
			r["actions"] = []any{}
			r["acceptance"] = map[string]any{"approver": "Board", "date": "2099-01-01", "expiry": "2099-12-31", "rationale": "Cost"}
		})
		set(5, func(r map[string]any) {
			r["identified"] = "2024-01-01"
			r["residual"] = map[string]any{"likelihood": 4, "consequence": 5}
			r["treatment"], r["status"] = "accept", "accepted"
			r["actions"] = []any{}
			r["acceptance"] = map[string]any{"approver": "Board", "date": "2024-02-01", "expiry": "2025-02-01", "rationale": "Cost"}
		})
		set(6, func(r map[string]any) {
			r["identified"] = "2025-01-01"
			r["actions"] = []any{map[string]any{"title": "Long ago", "owner": "Bilal", "due": "2021-01-01", "status": "done", "progress": 100}}
		})
		acts := d["activities"].([]any)
		acts[1].(map[string]any)["approved"] = "2099-01-01"
		res := d["resources"].([]any)
		for _, x := range res {
			if r := x.(map[string]any); r["kind"] == "supplier" {
				r["capacity_confirmed"] = "2099-01-01"
				break
			}
		}
	})
	loaded := filepath.Join(dir, "broken.riskbook")
	r := riskbook(t, edited, "load", "-", loaded)
	wantSuccess(t, r, ExitOK)
	if !strings.Contains(r.stdout, "that Riskbook would refuse to save today; they are kept as written") {
		t.Errorf("load does not list what it kept:\n%s", r.stdout)
	}
	check := riskbook(t, "", "check", loaded)
	if check.code != ExitFindings {
		t.Fatalf("check exited %d, want %d\n%s%s", check.code, ExitFindings, check.stdout, check.stderr)
	}
	for _, want := range []struct{ ref, rule string }{
		{"R-001", "identified-in-future"},
		{"R-002", "review-in-future"},
		{"R-003", "review-before-identified"},
		{"R-004", "acceptance-expiry-before-date"},
		{"R-004", "acceptance-before-identified"},
		{"R-005", "acceptance-date-in-future"},
		{"R-006", "acceptance-expired"},
		{"R-007", "action-due-before-identified"},
		{"ACT-02", "activity-approved-in-future"},
		{"PB-01", "playbook-approved-in-future"},
		{"PB-01", "playbook-exercised-in-future"},
		{"PB-01", "plan-misses-rto"},
		{"EX-01", "exercise-playbook-unknown"},
		{"EX-01", "result-activity-unknown"},
		{"EX-01", "finding-risk-unknown"},
		{"EX-01", "finding-closed-before-exercise"},
		{"EX-01", "finding-closed-in-future"},
		{"EX-01", "finding-closed-action-open"},
		{"EX-01", "improvement-action-finding-unknown"},
		{"EX-01", "improvement-action-due-before-exercise"},
		{"EX-01", "exercise-report-before-exercise"},
		{"EX-02", "exercise-not-held-yet"},
		{"EX-02", "exercise-report-in-future"},
		{"ACV-01", "activation-playbook-unknown"},
		{"ACV-01", "activation-declared-in-future"},
		{"ACV-01", "activation-closed-in-future"},
		{"ACV-01", "activation-step-in-future"},
		{"ACV-01", "activation-log-in-future"},
		{"C-01", "contact-resource-unknown"},
	} {
		found := false
		for _, line := range strings.Split(check.stdout, "\n") {
			fields := strings.Fields(line)
			if len(fields) > 1 && fields[1] == want.ref && strings.HasSuffix(line, "["+want.rule+"]") {
				found = true
			}
		}
		if !found {
			t.Errorf("check does not report %s %s", want.ref, want.rule)
		}
	}
	if t.Failed() || testing.Verbose() {
		t.Logf("load:\n%s\ncheck:\n%s", r.stdout, check.stdout)
	}
	// The broken records export, each reference to nothing marked.
	pdf := filepath.Join(dir, "broken.pdf")
	wantSuccess(t, riskbook(t, "", "export", loaded, "--xlsx", filepath.Join(dir, "broken.xlsx")), ExitOK)
	ex := riskbook(t, "", "export", loaded, "--pdf", pdf)
	if ex.code != ExitOK {
		t.Fatalf("export: %d %s", ex.code, ex.stderr)
	}
	text := pdfText(t, pdf)
	for _, want := range []string{"PB-99 (missing)", "ACT-77 (missing)", "RES-404 (missing)", "R-999 (missing)", "F9 (missing)", "PB-07 (missing)"} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF does not mark %q", want)
		}
	}
	// R-006's acceptance, in its detail card, as evidence: approver, dates,
	// rationale, and that it expired.
	for _, want := range []string{"Accepted by Board", "Acceptance EXPIRED on 2025-02-01", "Approved on 2024-02-01",
		"Expires on 2025-02-01", "Rationale Cost", "Identified 2024-01-01"} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF does not show the acceptance: %q", want)
		}
	}
}

// pdfText is the text pdftotext reads from a PDF, words joined by single
// spaces; the test is skipped without pdftotext.
func pdfText(t *testing.T, path string) string {
	t.Helper()
	tool, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Skip("pdftotext (poppler-utils) is not installed; the export package reads the PDF's text without it")
	}
	b, err := exec.Command(tool, "-enc", "UTF-8", path, "-").CombinedOutput()
	if err != nil {
		t.Fatalf("pdftotext: %v\n%s", err, b)
	}
	return strings.Join(strings.Fields(string(b)), " ")
}
