package export

import (
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"riskbook/bcp"
	"riskbook/i18n"
	"riskbook/risk"
)

// Profile is the organisation and document information an export carries.
// It lives in the workspace's settings.
type Profile struct {
	Organisation   string
	TLDs           string
	Title          string
	Version        string
	Classification string
	Owner          string
	Approver       string
}

// Settings keys of the profile.
const (
	SettingOrganisation   = "org.name"
	SettingTLDs           = "org.tlds"
	SettingTitle          = "doc.title"
	SettingVersion        = "doc.version"
	SettingClassification = "doc.classification"
	SettingOwner          = "doc.owner"
	SettingApprover       = "doc.approver"
	// SettingUserName is the name of the person working in the workspace:
	// the change log records it for every edit, and the documents print it
	// as who exported them (the store's own key for it, repeated here for
	// the profile a screen edits).
	SettingUserName = "user_name"
)

// ProfileFrom reads a profile from workspace settings, with defaults for
// what is not set.
func ProfileFrom(settings map[string]string) Profile {
	get := func(key, fallback string) string {
		if v := strings.TrimSpace(settings[key]); v != "" {
			return v
		}
		return fallback
	}
	return Profile{
		Organisation:   get(SettingOrganisation, ""),
		TLDs:           get(SettingTLDs, ""),
		Title:          get(SettingTitle, defaultTitle),
		Version:        get(SettingVersion, "0.1"),
		Classification: get(SettingClassification, defaultClassification),
		Owner:          get(SettingOwner, ""),
		Approver:       get(SettingApprover, ""),
	}
}

// Change is a change-log row as an export shows it.
type Change struct {
	ID     int64
	At     time.Time
	Actor  string
	Entity string
	Key    string
	Action string
	Value  string // for a setting, its new value; for a team change, the role given or taken
}

// Input is everything a report is built from.
type Input struct {
	Profile  Profile
	Criteria risk.Criteria
	Catalogs []risk.Catalog
	SoA      []risk.SoAEntry
	// Risks are the register, read once to count and again for each table
	// that lists it (see Risks).
	Risks Risks
	// Changes is the change log, read only where a document prints it.
	Changes ChangeLog
	// BIA is the business impact analysis; nil or one without activities
	// and resources adds no BIA section.
	BIA *bcp.BIA
	// Playbooks are the continuity playbooks, in reference order.
	Playbooks []bcp.Playbook
	// Exercises are the rehearsals of the playbooks, in reference order.
	Exercises []bcp.Exercise
	// Activations are the records of playbooks declared, in reference
	// order: the incident records.
	Activations []bcp.Activation
	// Contacts are the people and organisations to call, with the call
	// tree; only the full report and the pack show them.
	Contacts []bcp.Contact
	// Issues are the issues of the full document the workspace recorded,
	// oldest first; Issue is the one this export is (0 when it was not
	// recorded, NotRecorded then saying why).
	Issues      []Issue
	Issue       int
	NotRecorded string
	// Trend is the indicators over time, oldest first; the full document
	// shows them when there are at least two points.
	Trend []bcp.TrendPoint
	// Assessment, when set, is the closed assessment the document shows,
	// as it was closed: Now is then its closing time and Digest its digest.
	Assessment *risk.Assessment
	// Since, when set, is what changed from the baseline (the assessment
	// closed last) to the records exported: the full document's "Changes
	// since" section and the workbook's Changes sheet.
	Since *bcp.Comparison
	// Digest is the hex SHA-256 of the workspace dump. Build reads it only
	// after it has read Risks once to count the register, so a store may
	// compute it in that same read.
	Digest    string
	Workspace string // the workspace's file name
	Author    string // who exports
	Creator   string // "Riskbook 0.1.0"
	Now       time.Time
	Level     Level
	// Printer writes the document's fixed texts, numbers and dates in the
	// language it was asked for; nil writes English.
	Printer *i18n.Printer
}

// Now returns the export time: SOURCE_DATE_EPOCH when it is set (the
// reproducible-builds convention), else the current time, in UTC to the
// second.
func Now() (time.Time, error) {
	if v, ok := os.LookupEnv("SOURCE_DATE_EPOCH"); ok {
		secs, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
		if err != nil || secs < 0 {
			return time.Time{}, risk.Errorf(risk.EINVALID, "SOURCE_DATE_EPOCH is %q; set it to a number of seconds since 1970, or unset it", v)
		}
		return time.Unix(secs, 0).UTC(), nil
	}
	return time.Now().UTC().Truncate(time.Second), nil
}

// Build makes the report for in.Level.
func Build(in *Input) (*Report, error) {
	if err := in.Criteria.Validate(); err != nil {
		return nil, err
	}
	switch in.Level {
	case Full, Summary:
	default:
		return nil, risk.Errorf(risk.EINVALID, "export level %q is not known; choose full or summary", in.Level)
	}
	b := newBuilder(in)
	b.refs = refsOf(in)
	b.index()
	if err := b.countRegister(); err != nil {
		return nil, err
	}
	b.bia = newBIAData(in, b.docLang, b.stats.threats, b.today)
	b.playbooks = newPlaybookData(in, b.docLang)
	r := &Report{Meta: b.meta(), Levels: slices.Clone(b.crit.Levels), Digest: in.Digest, Printer: b.p}
	r.Revisions = b.revisions()
	if in.Level == Summary {
		r.Sections = []Section{b.summaryOverview(), b.criteria(), b.heatMap(), b.treatmentProgress(), b.soaSummary()}
		if b.bia != nil || len(in.Playbooks) > 0 {
			r.Sections = append(r.Sections, b.continuity())
		}
	} else {
		// The order an auditor reads in: risks and their treatment, the
		// controls, then continuity (BIA, impacts, resources, readiness,
		// the playbooks), and the change log last. How the indicators
		// moved follows the overview of where they stand.
		r.Sections = []Section{b.overview()}
		if s, ok := b.trends(); ok {
			r.Sections = append(r.Sections, s)
		}
		r.Sections = append(r.Sections, b.criteria(), b.heatMap())
		if s, ok := b.changes(); ok {
			r.Sections = append(r.Sections, s)
		}
		r.Sections = append(r.Sections, b.register(), b.registerPrint(), b.riskDetails(), b.treatmentPlan(), b.soa())
		r.Sections = append(r.Sections, b.biaSections()...)
		r.Sections = append(r.Sections, b.playbookSections()...)
		r.Sections = append(r.Sections, b.contactSections()...)
		r.Sections = append(r.Sections, b.exerciseSections()...)
		r.Sections = append(r.Sections, b.incidentSections()...)
		r.Sections = append(r.Sections, b.changeLog())
	}
	if b.err != nil {
		return nil, b.err
	}
	return r, nil
}

// builder holds the input and what several sections derive from it.
type builder struct {
	docLang
	in *Input
	// crit are the criteria, their default texts in the document's
	// language (Criteria.Localised).
	crit      risk.Criteria
	today     risk.Date
	stats     *registerStats
	controls  map[string]risk.Control
	themes    map[string]string
	bia       *biaData // nil without a BIA
	playbooks *playbookData
	refs      *bcp.Refs // the records references are looked up in
	missing   bool      // a reference marked MissingMark since the last note
	// err is the first error reading the workspace while building;
	// Build returns it.
	err error
}

// newBuilder starts building a document of in, in its language.
func newBuilder(in *Input) *builder {
	b := &builder{docLang: newDocLang(in.Printer), in: in, today: risk.DateOf(in.Now)}
	b.crit = in.Criteria.Localised(b.p)
	return b
}

// check keeps the first error of reading the workspace.
func (b *builder) check(err error) {
	if err != nil && b.err == nil {
		b.err = err
	}
}

func (b *builder) index() {
	b.controls, b.themes = map[string]risk.Control{}, map[string]string{}
	for _, c := range b.in.Catalogs {
		for _, t := range c.Themes {
			b.themes[t.ID] = t.Name
		}
		for _, ctl := range c.Controls {
			b.controls[ctl.ID] = ctl
		}
	}
}

func (b *builder) meta() Meta {
	p := b.in.Profile
	m := Meta{Title: b.docTitle(p.Title), Organisation: p.Organisation, TLDs: p.TLDs, Version: p.Version,
		Date: b.in.Now, Classification: b.classification(p.Classification), Owner: p.Owner, Approver: p.Approver,
		Author: b.in.Author, Creator: b.in.Creator, Workspace: b.in.Workspace, Level: b.in.Level, Assessment: b.assessmentLine(b.in.Assessment),
		Subject: b.T("export.meta.subject")}
	if b.bia != nil {
		m.Subject = b.T("export.meta.subject.bia")
	}
	if b.in.Level == Summary {
		m.Title = b.T("export.meta.summary.title")
		m.Subject = b.T("export.meta.summary.subject")
		m.Classification = b.T("export.classification.public")
		m.Owner, m.Approver, m.Author = "", "", ""
	}
	return m
}

// assessmentLine says which closed assessment a document shows: "2026
// annual, closed on 2026-12-05 by Ana Silva"; "" for the live records.
func (l docLang) assessmentLine(a *risk.Assessment) string {
	switch {
	case a == nil:
		return ""
	case a.By != "":
		return l.T("export.assessment.line.by", i18n.Args{"Name": a.Name, "Day": l.dayOf(a.Closed), "By": a.By})
	}
	return l.T("export.assessment.line", i18n.Args{"Name": a.Name, "Day": l.dayOf(a.Closed)})
}

// The profile's defaults, which a document writes in its own language.
const (
	defaultTitle          = "Risk register and Statement of Applicability"
	defaultClassification = "Confidential"
)

// docTitle is the document's title: the one the organisation gave it, or
// the default in the document's language.
func (l docLang) docTitle(title string) string {
	if title == defaultTitle {
		return l.T("export.meta.title")
	}
	return title
}

// classification is the document's marking: the organisation's own, or
// the default (Confidential) in the document's language.
func (l docLang) classification(c string) string {
	if c == defaultClassification {
		return l.T("export.classification.confidential")
	}
	return c
}

func (b *builder) levelCell(s risk.Score) Cell {
	l, ok := b.crit.LevelOf(s)
	if !ok {
		return Cell{Text: "—"}
	}
	return Cell{Text: l.Label, Colour: l.Colour}
}

func text(s string) Cell { return Cell{Text: s} }

func number(n int) Cell { return Cell{Text: strconv.Itoa(n), Number: float64(n)} }

func date(d risk.Date) Cell { return Cell{Text: d.String(), Date: d} }
