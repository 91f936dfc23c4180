package export

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"riskbook/assets"
	"riskbook/bcp"
	"riskbook/risk"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

var exportTime = time.Date(2026, 3, 31, 9, 30, 0, 0, time.UTC)

// sampleInput is a small register with fixed dates, unicode text and a
// formula-like title.
func sampleInput(t testing.TB, level Level) *Input {
	t.Helper()
	raw, err := assets.Catalog(assets.DefaultCatalog)
	if err != nil {
		t.Fatal(err)
	}
	var catalog risk.Catalog
	if err := json.Unmarshal(raw, &catalog); err != nil {
		t.Fatal(err)
	}
	day := func(m time.Month, d int) risk.Date { return risk.Date{Year: 2026, Month: m, Day: d} }
	created := time.Date(2026, 1, 5, 10, 0, 0, 0, time.UTC)
	risks := []risk.Risk{
		{Ref: "R-001", Title: "DDoS attack overwhelms the name servers", Category: "Availability", Owner: "Nguyễn Thị Minh",
			Description: "A flood of queries takes the name servers down.", Cause: "Botnets", Vulnerability: "One anycast provider",
			Consequence: "Names stop resolving", Inherent: risk.Score{Likelihood: 4, Consequence: 5}, Residual: risk.Score{Likelihood: 3, Consequence: 4},
			Target: risk.Score{Likelihood: 2, Consequence: 3}, Treatment: risk.Reduce, Controls: []string{"A.5.30", "A.8.20"},
			ControlEffectiveness: risk.PartiallyEffective, ReviewFrequency: risk.Quarterly, LastReview: day(1, 10), NextReview: day(4, 10),
			Status: risk.Treating, Source: "TLD-OPS alerts", Confidence: risk.ConfidenceB, Created: created, Updated: created,
			Actions: []risk.Action{
				{Title: "Sign a second anycast provider", Owner: "Nguyễn Thị Minh", Due: day(3, 1), Status: risk.InProgress, Progress: 40},
				{Title: "Rate-limit responses", Owner: "Технический руководитель", Due: day(6, 30), Status: risk.Done, Progress: 100},
			}},
		{Ref: "R-002", Title: "Mất điện khu vực làm gián đoạn đăng ký tên miền", Category: "Facilities", Owner: "Operations engineer",
			Inherent: risk.Score{Likelihood: 3, Consequence: 4}, Residual: risk.Score{Likelihood: 2, Consequence: 4},
			Treatment: risk.Accept, Acceptance: risk.Acceptance{Approver: "Board", Date: day(1, 20), Expiry: day(12, 31), Rationale: "Budget"},
			ReviewFrequency: risk.Annual, NextReview: day(1, 5), Status: risk.Accepted, Confidence: risk.ConfidenceC, Created: created, Updated: created},
		{Ref: "R-003", Title: "Отказ поставщика anycast DNS", Category: "Supplier", Owner: "Registry manager",
			Inherent: risk.Score{Likelihood: 2, Consequence: 3}, Residual: risk.Score{Likelihood: 2, Consequence: 2},
			Treatment: risk.Transfer, ReviewFrequency: risk.Semiannual, NextReview: day(7, 5), Status: risk.Monitoring, Created: created, Updated: created},
		{Ref: "R-004", Title: "=SUM(A1) looks like a formula", Category: "Security", Owner: "@security",
			Inherent: risk.Score{Likelihood: 5, Consequence: 5}, Residual: risk.Score{Likelihood: 4, Consequence: 5},
			Treatment: risk.Reduce, ReviewFrequency: risk.Monthly, NextReview: day(2, 5), Status: risk.Open, Created: created, Updated: created},
	}
	risks[0].Threatens = []string{"ACT-01", "RES-05"}
	risks[1].Threatens = []string{"RES-02"}
	risks[2].Threatens = []string{"ACT-01", "RES-05"}
	return &Input{
		BIA:       sampleBIA(),
		Playbooks: []bcp.Playbook{samplePlaybook()},
		Profile: Profile{Organisation: "Registry of .xx", TLDs: ".xx", Title: "Risk register and Statement of Applicability",
			Version: "1.2", Classification: "Confidential", Owner: "Registry manager", Approver: "Board of directors"},
		Criteria: risk.DefaultCriteria(),
		Catalogs: []risk.Catalog{catalog},
		SoA: []risk.SoAEntry{
			{Control: "A.5.30", Applicable: risk.Applicable, Justification: "Registry services must survive incidents", Implementation: risk.PartlyImplemented},
			{Control: "A.7.6", Applicable: risk.NotApplicable, Justification: "No secure areas of our own"},
		},
		Risks: RiskList(risks),
		Changes: ChangeList{
			{ID: 1, At: created, Actor: "Nguyễn Thị Minh", Entity: "criteria", Key: "criteria", Action: "create"},
			{ID: 2, At: created, Actor: "Nguyễn Thị Minh", Entity: "setting", Key: SettingVersion, Action: "create", Value: "1.0"},
			{ID: 3, At: created.Add(24 * time.Hour), Actor: "Ana", Entity: "risk", Key: "R-001", Action: "update"},
			{ID: 4, At: created.Add(24 * time.Hour), Actor: "Ana", Entity: "document", Key: "1", Action: "create"},
			{ID: 5, At: created.Add(48 * time.Hour), Actor: "Ana", Entity: "setting", Key: SettingVersion, Action: "update", Value: "1.2"},
			{ID: 6, At: created.Add(48 * time.Hour), Actor: "Ana", Entity: "risk", Key: "R-004", Action: "create"},
			{ID: 7, At: created.Add(48 * time.Hour), Actor: "Ana", Entity: "risk", Key: "R-001", Action: "update"},
			{ID: 8, At: created.Add(49 * time.Hour), Actor: "Ana", Entity: "risk", Key: "R-001", Action: "update"},
			{ID: 9, At: created.Add(49 * time.Hour), Actor: "Ana", Entity: "document", Key: "2", Action: "create"},
		},
		Issues: []Issue{
			{Number: 1, Version: "1.0", Exported: created.Add(24 * time.Hour), By: "Ana", Through: 3},
			{Number: 2, Version: "1.2", Exported: exportTime, By: "Ana", Through: 8},
		},
		Issue:     2,
		Digest:    strings.Repeat("ab", 32),
		Workspace: "registry.riskbook",
		Author:    "Ana",
		Creator:   "Riskbook test",
		Now:       exportTime,
		Level:     level,
	}
}

// sampleBIA is a small BIA: three activities (one not assessed, one with
// its MTPD set by hand), five resources, one ICT readiness gap (the signer
// recovers in 24 h, zone signing needs 4 h) and one single point of failure
// (the technical lead).
func sampleBIA() *bcp.BIA {
	s := bcp.DefaultSettings()
	s.PrimaryRegion = "Hanoi"
	h := bcp.Hours
	return &bcp.BIA{Settings: s,
		Resources: []bcp.Resource{
			{Ref: "RES-01", Name: "Nguyễn Thị Minh, technical lead", Kind: bcp.Person, Contacts: "+84 24 3900 0001, minh@nic.example"},
			{Ref: "RES-02", Name: "Main office", Kind: bcp.Site, Region: "Hanoi", Alternates: "Staff work from home over the VPN"},
			{Ref: "RES-03", Name: "Frankfurt data centre", Kind: bcp.Site, Region: "Frankfurt", Alternates: "The main office's server room"},
			{Ref: "RES-04", Name: "DNSSEC signer", Kind: bcp.ICT, Alternates: "Rebuild from the runbook; keys in escrow",
				AchievableRTO: h(24), AchievableRPO: h(1), BackupInterval: h(1), Replication: "none", Standby: bcp.ColdStandby,
				Sites: []string{"RES-02"}},
			{Ref: "RES-05", Name: "Anycast DNS provider", Kind: bcp.Supplier, Alternates: "Our own two name servers carry the zone",
				SLA: "100% of queries answered", ContractRTO: h(1), Contacts: "noc@anycast.example, +49 69 0000 000",
				CapacityConfirmed: risk.Date{Year: 2024, Month: 11, Day: 2}},
		},
		Activities: []bcp.Activity{
			{Ref: "ACT-01", Name: "Authoritative DNS resolution", Owner: "Nguyễn Thị Minh", Priority: 1,
				Upstream: []string{"ACT-02"}, Resources: []string{"RES-01", "RES-03", "RES-05"},
				Impacts: []bcp.Impact{
					{Category: "DNS and operational stability", Severities: []int{3, 4, 5, 5, 5, 5}},
					{Category: "Registrants and registrars", Severities: []int{2, 3, 4, 5, 5, 5}},
					{Category: "Reputation", Severities: []int{2, 3, 4, 4, 5, 5}},
					{Category: "Legal and regulatory", Severities: []int{1, 2, 3, 4, 4, 5}},
					{Category: "Financial", Severities: []int{1, 1, 2, 3, 3, 4}},
				},
				RTO: h(4), RPO: h(1), MBCO: "The zone answers from at least two name servers", PeakPeriods: "None",
				Approved: risk.Date{Year: 2026, Month: 2, Day: 1}},
			{Ref: "ACT-02", Name: "Zone generation and DNSSEC signing", Owner: "Nguyễn Thị Minh", Priority: 1,
				Resources: []string{"RES-01", "RES-02", "RES-04"},
				Impacts: []bcp.Impact{
					{Category: "DNS and operational stability", Severities: []int{1, 2, 4, 5, 5, 5}},
					{Category: "Registrants and registrars", Severities: []int{1, 1, 2, 3, 4, 5}},
				},
				MTPDOverride: h(72), MTPDReason: "Signatures stay valid for seven days, so the last signed zone keeps resolving",
				RTO: h(4), RPO: h(1), MBCO: "Signed zone published twice a day"},
			{Ref: "ACT-03", Name: "Registrar support", Owner: "Ana", Priority: 3, Resources: []string{"RES-02"},
				RTO: h(72), MBCO: "=Answer urgent requests within a day"},
		},
	}
}

// samplePlaybook is a short playbook for ACT-01: one role with an
// alternate, one without anyone named, steps in two phases, a
// pre-approved statement and two out-of-band channels.
func samplePlaybook() bcp.Playbook {
	return bcp.Playbook{Ref: "PB-01", Title: "DDoS attack on the name servers", Version: "1.0", Owner: "Registry manager",
		Scenario:           "A flood of queries saturates the name servers.",
		Scope:              "Keeps authoritative DNS answering.",
		Activities:         []string{"ACT-01"},
		Resources:          []string{"RES-05"},
		Risks:              []string{"R-001"},
		ActivationCriteria: "Names fail to resolve from two monitoring points for 10 minutes.",
		MayDeclare:         []string{"Incident lead"},
		Roles: []bcp.Role{
			{Name: "Incident lead", Responsibilities: "Declares, keeps the decision log.", Primary: "Lê Văn Hùng", Alternate: "Ana"},
			{Name: "Technical lead", Responsibilities: "Works with the anycast NOC."},
		},
		Phases: []bcp.PhaseSteps{
			{Phase: bcp.PhaseDetect, Steps: []bcp.Step{
				{What: "Confirm names fail from outside", Who: "Technical lead", When: bcp.Duration(10 * time.Minute),
					Where: "A laptop on mobile data", How: "dig @ns1 xx SOA from two networks",
					Checklist: []string{"Query every name server", "Note the start time"}},
			}},
			{Phase: bcp.PhaseContain, Steps: []bcp.Step{
				{What: "Call the anycast provider's NOC", Who: "Technical lead", Checklist: []string{"Ticket number noted"}},
				{What: "Tell registrars", Who: "Incident lead", When: bcp.Hours(1)},
			}},
		},
		Communications: []bcp.Communication{
			{Audience: bcp.AudienceRegistrars, Channel: "Registrar mailing list", OutOfBand: "SMS to each registrar's emergency number",
				Statement: "Names under .xx may fail to resolve; we are working with our DNS providers.", ApprovedBy: "Board of directors"},
			{Audience: bcp.AudienceInternal, Channel: "Chat"},
		},
		OutOfBand:     []string{"Signal group \"xx-incident\" on personal phones", "Satellite phone +870 000 000"},
		Approved:      risk.Date{Year: 2026, Month: 2, Day: 1},
		LastExercised: risk.Date{Year: 2025, Month: 11, Day: 20},
	}
}

func TestBuildMatchesGolden(t *testing.T) {
	for _, level := range []Level{Full, Summary} {
		t.Run(string(level), func(t *testing.T) {
			r, err := Build(sampleInput(t, level))
			if err != nil {
				t.Fatal(err)
			}
			got, err := json.MarshalIndent(materialized(t, r), "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", "report_"+string(level)+".json")
			if *update {
				if err := os.WriteFile(golden, append(got, '\n'), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./export -run TestBuildMatchesGolden -update to create it)", err)
			}
			if string(want) != string(got)+"\n" {
				t.Errorf("report differs from %s; if the change is intended, run with -update and review the diff", golden)
			}
		})
	}
}

func TestSummaryNamesNoOneAndNoRisk(t *testing.T) {
	in := sampleInput(t, Summary)
	r, err := Build(in)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(materialized(t, r))
	doc := string(b)
	var secret []string
	for _, x := range in.Risks.(RiskList) {
		secret = append(secret, x.Ref, x.Title, x.Owner)
		for _, a := range x.Actions {
			secret = append(secret, a.Title, a.Owner)
		}
	}
	for _, c := range in.Changes.(ChangeList) {
		secret = append(secret, c.Actor)
	}
	for _, a := range in.BIA.Activities {
		secret = append(secret, a.Ref, a.Name, a.Owner, a.MBCO, a.MTPDReason)
	}
	for _, r := range in.BIA.Resources {
		secret = append(secret, r.Ref, r.Name, r.Contacts, r.Alternates)
	}
	for _, p := range in.Playbooks {
		secret = append(secret, p.Ref, p.Title, p.Owner, p.Scenario, p.ActivationCriteria)
		secret = append(secret, p.OutOfBand...)
		for _, r := range p.Roles {
			secret = append(secret, r.Name, r.Primary, r.Alternate)
		}
		for _, c := range p.Communications {
			secret = append(secret, c.Statement, c.OutOfBand, c.ApprovedBy)
		}
	}
	secret = append(secret, in.Profile.Owner, in.Profile.Approver, in.Author)
	for _, s := range secret {
		if s != "" && strings.Contains(doc, s) {
			t.Errorf("the public summary contains %q", s)
		}
	}
	if r.Meta.Classification != "Public" {
		t.Errorf("summary classification: got %q, want Public", r.Meta.Classification)
	}
}

func TestFullReportHasEverySection(t *testing.T) {
	r, err := Build(sampleInput(t, Full))
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, s := range r.Sections {
		ids = append(ids, s.ID)
	}
	if got, want := strings.Join(ids, ","), "overview,criteria,heatmap,risks,register-print,risk-details,actions,soa,bia,impacts,resources,readiness,playbooks,playbook-PB-01,steps,changes"; got != want {
		t.Errorf("sections: got %s, want %s", got, want)
	}
	if got := len(r.Revisions); got != 2 || r.Revisions[0].Version != "1.0" || r.Revisions[1].Version != "1.2" || !r.Revisions[1].Current ||
		r.Revisions[1].Description != "This document. Changed since issue 1: 1 risk added (R-004); 1 risk changed (R-001); 1 setting changed (doc.version)." {
		t.Errorf("revisions: got %+v", r.Revisions)
	}
	r = materialized(t, r)
	reg := r.Sections[3].Blocks[1].Table
	if len(reg.Rows) != 4 || reg.Rows[3][1].Text != "=SUM(A1) looks like a formula" {
		t.Errorf("register rows: got %d, last title %q", len(reg.Rows), reg.Rows[3][1].Text)
	}
	soa := sectionByID(r, "soa").Blocks[1].Table
	if len(soa.Rows) != 93 {
		t.Errorf("SoA rows: got %d, want 93", len(soa.Rows))
	}
}

func TestBuildRefusesBadInput(t *testing.T) {
	in := sampleInput(t, "draft")
	if _, err := Build(in); risk.ErrorCode(err) != risk.EINVALID {
		t.Errorf("unknown level: got %v, want a refusal", err)
	}
	in = sampleInput(t, Full)
	in.Criteria.Appetite = 9
	if _, err := Build(in); risk.ErrorCode(err) != risk.EINVALID {
		t.Errorf("invalid criteria: got %v, want a refusal", err)
	}
}

func TestNowHonoursSourceDateEpoch(t *testing.T) {
	t.Setenv("SOURCE_DATE_EPOCH", "1767225600")
	got, err := Now()
	if err != nil || !got.Equal(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("got %v, %v; want 2026-01-01T00:00:00Z", got, err)
	}
	t.Setenv("SOURCE_DATE_EPOCH", "yesterday")
	if _, err := Now(); risk.ErrorCode(err) != risk.EINVALID {
		t.Errorf("bad value: got %v, want a refusal", err)
	}
}

func TestWriteFileLeavesNothingOnFailure(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.pdf")
	if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	// A document that could not be built is not blamed on the disk.
	err := WriteFile(path, func(w io.Writer) error {
		w.Write([]byte("half"))
		return errors.New("table layout failed")
	})
	if risk.ErrorCode(err) != risk.EINTERNAL || strings.Contains(risk.ErrorMessage(err), "space") {
		t.Fatalf("got %v, want the renderer's own failure", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "old" {
		t.Errorf("the old file changed: %q", b)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("files left: %v", entries)
	}
	if err := WriteFile(filepath.Join(dir, "missing", "x.pdf"), func(io.Writer) error { return nil }); risk.ErrorCode(err) != risk.EINVALID || !strings.Contains(risk.ErrorMessage(err), "does not exist") {
		t.Errorf("missing folder: got %v", err)
	}
	if err := WriteFile(path, func(w io.Writer) error { _, err := w.Write([]byte("new")); return err }); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(path); string(b) != "new" {
		t.Errorf("replaced file: got %q", b)
	}
}

func TestRevisions(t *testing.T) {
	tests := []struct {
		name  string
		level Level
		edit  func(in *Input)
		want  []string // each revision's description
	}{
		{name: "FullNamesTheRecords", level: Full, want: []string{
			"First issue of the document.",
			"This document. Changed since issue 1: 1 risk added (R-004); 1 risk changed (R-001); 1 setting changed (doc.version).",
		}},
		{name: "SummaryOnlyCounts", level: Summary, want: []string{
			"First issue of the document.",
			"This document. Changed since issue 1: 1 risk added; 1 risk changed; 1 setting changed.",
		}},
		{name: "NotRecorded", level: Full, edit: func(in *Input) {
			in.Issues, in.Issue, in.NotRecorded = in.Issues[:1], 0, "the workspace was open in another window"
		}, want: []string{
			"First issue of the document.",
			"This document, not recorded as an issue (the workspace was open in another window). Changed since issue 1: 1 risk added (R-004); 1 risk changed (R-001); 1 setting changed (doc.version).",
		}},
		{name: "NoIssueYet", level: Full, edit: func(in *Input) { in.Issues, in.Issue = nil, 0 },
			want: []string{"This document, not recorded as an issue."}},
		{name: "ManyRecordsAreCounted", level: Full, edit: func(in *Input) {
			for i := 0; i < 14; i++ {
				in.Changes = append(in.Changes.(ChangeList), Change{ID: int64(10 + i), Entity: "risk", Key: fmt.Sprintf("R-%03d", 100+i), Action: "delete"})
			}
			in.Issues = append(in.Issues, Issue{Number: 3, Version: "1.3", Exported: exportTime, Through: 30})
			in.Issue = 3
		}, want: []string{
			"First issue of the document.",
			"Changed since issue 1: 1 risk added (R-004); 1 risk changed (R-001); 1 setting changed (doc.version).",
			"This document. Changed since issue 2: 14 risks deleted (R-100, R-101, R-102, R-103, R-104, R-105, R-106, R-107, R-108, R-109, R-110, R-111 and 2 more).",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := sampleInput(t, tt.level)
			if tt.edit != nil {
				tt.edit(in)
			}
			r, err := Build(in)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, v := range r.Revisions {
				got = append(got, v.Description)
				if tt.level == Summary && v.Author != "" {
					t.Errorf("the summary names %q", v.Author)
				}
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
	pack, err := BuildPack(sampleInput(t, Full))
	if err != nil {
		t.Fatal(err)
	}
	if n := len(pack.Revisions); n != 1 || !strings.Contains(pack.Revisions[0].Description, "last issued as issue 2 (version 1.2)") {
		t.Errorf("pack revisions: %+v", pack.Revisions)
	}
}

// TestFullAndSummaryExplainTheirDifferences: the two documents count
// treatment actions differently, and each says so with the numbers.
func TestFullAndSummaryExplainTheirDifferences(t *testing.T) {
	edit := func(in *Input) {
		in.Risks.(RiskList)[2].Status = risk.Closed
		in.Risks.(RiskList)[2].Actions = []risk.Action{{Title: "Second provider signed", Status: risk.Done, Progress: 100}}
	}
	full, summary := sampleInput(t, Full), sampleInput(t, Summary)
	edit(full)
	edit(summary)
	rf, err := Build(full)
	if err != nil {
		t.Fatal(err)
	}
	rs, err := Build(summary)
	if err != nil {
		t.Fatal(err)
	}
	plan := sectionByID(rf, "actions").Blocks[0].Paragraph
	if !strings.Contains(plan, "3 treatment actions:") || !strings.Contains(plan, "1 action belongs to closed risks") {
		t.Errorf("full treatment plan: %q", plan)
	}
	if !strings.Contains(plan, "the public summary counts only the 2 actions of open risks") {
		t.Errorf("full treatment plan does not say what the summary counts: %q", plan)
	}
	progress := sectionByID(rs, "treatment").Blocks[0].Paragraph
	if !strings.Contains(progress, "Of 2 treatment actions") || !strings.Contains(progress, "the full document also lists the 1 action of closed risks, as the record of what was done, so its total is 3") {
		t.Errorf("summary treatment progress: %q", progress)
	}
	var differs bool
	for _, b := range sectionByID(rs, "overview").Blocks {
		differs = differs || b.Heading == "How this summary differs from the full document"
	}
	if !differs {
		t.Error("the summary does not say how it differs from the full document")
	}
}

// materialized returns r with the rows of every table read into Rows, as
// a report held them before tables read their rows from the workspace: the
// report's golden files and text searches see every row.
func materialized(tb testing.TB, r *Report) *Report {
	tb.Helper()
	out := *r
	out.Sections = slices.Clone(r.Sections)
	for i := range out.Sections {
		s := &out.Sections[i]
		s.Blocks = slices.Clone(s.Blocks)
		for j := range s.Blocks {
			t := s.Blocks[j].Table
			if t == nil || t.Source == nil {
				continue
			}
			c := *t
			c.Source = nil
			err := t.EachRow(0, func(row []Cell) error {
				c.Rows = append(c.Rows, slices.Clone(row))
				return nil
			})
			if err != nil {
				tb.Fatal(err)
			}
			s.Blocks[j].Table = &c
		}
	}
	return &out
}

// digestOnFirstRead is a register whose first read also computes the
// digest, as the workspace streams its dump into the hash while Build
// counts the register.
type digestOnFirstRead struct {
	RiskList
	in    *Input
	reads int
}

func (d *digestOnFirstRead) Each(fn func(*risk.Risk) error) error {
	d.reads++
	if d.reads == 1 {
		d.in.Digest = "digest of the first read"
	}
	return d.RiskList.Each(fn)
}

// Build reads the register once to count it, and only then the digest.
func TestBuildReadsTheDigestAfterCountingTheRegister(t *testing.T) {
	for _, level := range []Level{Full, Summary} {
		t.Run(string(level), func(t *testing.T) {
			in := sampleInput(t, level)
			list := in.Risks.(RiskList)
			reg := &digestOnFirstRead{RiskList: list, in: in}
			in.Risks, in.Digest = reg, ""
			r, err := Build(in)
			if err != nil {
				t.Fatal(err)
			}
			if reg.reads != 1 {
				t.Errorf("Build read the register %d times, want once", reg.reads)
			}
			if r.Digest != "digest of the first read" {
				t.Errorf("the report's digest is %q, want the one the register's first read computed", r.Digest)
			}
		})
	}
}
