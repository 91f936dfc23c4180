// Package workspace holds the use cases that the desktop app and the command
// line share on an open workspace: the whole-workspace check, the exports,
// planning and applying an import, the scoring workbook and its reading back,
// and backups. Both front ends call these functions and only show their
// results, so the dashboard and riskbook check, or the import wizard and
// riskbook import, cannot disagree. The rules themselves live in risk/ and
// bcp/, the storage in sqlite/, the documents in export/ and the reading of
// spreadsheets in importer/; this package puts them together.
package workspace

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"time"

	"riskbook/bcp"
	"riskbook/export"
	"riskbook/i18n"
	"riskbook/risk"
	"riskbook/safefile"
	"riskbook/sqlite"
)

// Version is Riskbook's version, written into every document's metadata
// and shown by riskbook version and Help → About. Its one source is
// FyneApp.toml, which the packaging command reads too: main sets Version
// from that file before anything else runs. Packages tested on their own
// see "dev".
var Version = "dev"

// Workspace is an open workspace file: its store and the use cases on it.
type Workspace struct {
	*sqlite.DB
	// why says why a workspace that OpenOrRead opened read-only cannot be
	// changed, when the store does not know it.
	why risk.Localizer
	// trends keeps the last trend computed, which the dashboard asks for
	// each time it is shown.
	trends trendCache
	// offline is set on the local copy of a server workspace opened
	// because its server could not be reached (offline.go).
	offline *Offline
}

// Open opens a workspace for reading and writing; a second writer is told
// who holds it.
func Open(ctx context.Context, path string) (*Workspace, error) {
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		return nil, err
	}
	return &Workspace{DB: db}, nil
}

// OpenReadOnly opens a workspace for reading only, without taking the
// writer lock.
func OpenReadOnly(ctx context.Context, path string) (*Workspace, error) {
	db, err := sqlite.OpenReadOnly(ctx, path)
	if err != nil {
		return nil, err
	}
	return &Workspace{DB: db}, nil
}

// OpenOrRead opens a workspace for writing when it can. One that cannot
// be written — on read-only media, in a folder you may not write to, open
// for writing in another Riskbook, on a full disk — opens read-only
// instead, and ReadOnly says why; every other refusal is returned.
func OpenOrRead(ctx context.Context, path string) (*Workspace, error) {
	if !IsServer(path) {
		sweep(path)
	}
	w, err := Open(ctx, path)
	if err == nil {
		return w, nil
	}
	var fe *risk.FileError
	if !errors.As(err, &fe) {
		return nil, err
	}
	var why risk.Localizer
	switch fe.Fault {
	case risk.FaultReadOnly:
		why = fe.Detail
	case risk.FaultLocked:
		why = risk.T("workspace.read_only.locked", risk.Args{"Holder": fe.Detail})
		if fe.Detail == nil {
			why = risk.T("workspace.read_only.busy")
		}
	case risk.FaultDiskFull:
		why = risk.T("workspace.read_only.disk_full")
	default:
		return nil, err
	}
	r, rerr := OpenReadOnly(ctx, path)
	if rerr != nil {
		return nil, err
	}
	if why != nil {
		r.why = why
	}
	return r, nil
}

// sweep removes the temporary files of Riskbook's own that a crash left
// beside the workspace at path (exports, backups, new workspaces) or in
// the temporary folder (private copies of read-only workspaces): only
// Riskbook's, by their names, and only stale ones, by their age.
func sweep(path string) {
	now := time.Now()
	safefile.Sweep(filepath.Dir(path), now, safefile.StaleAge)
	safefile.Sweep(os.TempDir(), now, 24*time.Hour)
}

// ReadOnly says why the workspace cannot be changed ("its disk is
// read-only"), or "" when it can.
func (w *Workspace) ReadOnly() string {
	if w.why != nil && w.DB.ReadOnly() != "" {
		return w.why.In(i18n.Default())
	}
	return w.DB.ReadOnly()
}

// Extension is the file name extension of a workspace, ".riskbook".
const Extension = sqlite.Extension

// Template names the starter content of a new workspace.
const (
	TemplateCcTLD = sqlite.TemplateCcTLD
	TemplateBlank = sqlite.TemplateBlank
)

// Create makes a new workspace at path from a template (cctld or blank);
// user, when not empty, is the name its change log records.
func Create(ctx context.Context, path, template, user string) (*Workspace, error) {
	return CreateFor(ctx, path, template, user, bcp.Setup{})
}

// CreateFor makes a new workspace at path from a template, made out to the
// organisation and people of the first start's answers: the organisation
// and its top-level domains in the profile the documents print, and the
// people in the template's team (its roles, owners, contacts and call
// tree). The change log names user or, when user is empty, the first
// person, from its first line. Answers that break a rule of
// bcp.CheckSetup are refused, and nothing is created.
func CreateFor(ctx context.Context, path, template, user string, s bcp.Setup) (*Workspace, error) {
	s.Normalize()
	jobs, err := sqlite.TemplateJobs(template, s.Language)
	if err != nil {
		return nil, err
	}
	if err := bcp.ValidateSetup(&s, jobs); err != nil {
		return nil, err
	}
	nw := sqlite.NewWorkspace{Template: template, Language: s.Language, User: user, People: s.People, Settings: map[string]string{
		export.SettingOrganisation: s.Organisation,
		export.SettingTLDs:         s.TLDs,
	}}
	if len(s.People) > 0 {
		if nw.User == "" {
			nw.User = s.People[0].Name
		}
		nw.Settings[export.SettingOwner] = s.People[0].Name
	}
	db, err := sqlite.Create(ctx, path, nw)
	if err != nil {
		return nil, err
	}
	return &Workspace{DB: db}, nil
}

// Setup is the first start's answers (see bcp.Setup), named here so that
// main can pass them on without reaching below the workspace layer.
type Setup = bcp.Setup

// StarterJobs lists the jobs of a template's team written in a language
// (empty for English), which the first start offers each person; none for
// blank.
func StarterJobs(template, lang string) ([]string, error) { return sqlite.TemplateJobs(template, lang) }

// Name is the workspace's file name, as documents and workbooks record it.
func (w *Workspace) Name() string {
	if IsServer(w.Path()) {
		return sqlite.ServerLabel(w.Path())
	}
	if w.offline != nil {
		return w.offline.Label
	}
	return filepath.Base(w.Path())
}

// Records reads every record the whole-workspace check needs.
func (w *Workspace) Records(ctx context.Context) (*bcp.Workspace, error) {
	rec, err := w.recordsBesideRisks(ctx)
	if err != nil {
		return nil, err
	}
	if rec.Register.Risks, err = w.Risks(ctx); err != nil {
		return nil, err
	}
	return rec, nil
}

// recordsBesideRisks reads the records of Records but the register's
// risks.
func (w *Workspace) recordsBesideRisks(ctx context.Context) (*bcp.Workspace, error) {
	reg, err := w.RegisterBesideRisks(ctx)
	if err != nil {
		return nil, err
	}
	rec := &bcp.Workspace{Register: reg}
	if rec.BIA, err = w.BIA(ctx); err != nil {
		return nil, err
	}
	if rec.Playbooks, err = w.Playbooks(ctx); err != nil {
		return nil, err
	}
	if rec.Exercises, err = w.Exercises(ctx); err != nil {
		return nil, err
	}
	if rec.Activations, err = w.Activations(ctx); err != nil {
		return nil, err
	}
	if rec.Contacts, err = w.Contacts(ctx); err != nil {
		return nil, err
	}
	return rec, nil
}

// Check reads the workspace and applies every rule to it: what riskbook
// check prints and what the dashboard's Checks card counts.
func (w *Workspace) Check(ctx context.Context, now time.Time) (*bcp.Workspace, []risk.Finding, error) {
	rec, err := w.Records(ctx)
	if err != nil {
		return nil, nil, err
	}
	return rec, rec.Check(now), nil
}

// CheckEach is Check reading the register's risks a batch at a time, each
// checked as it is read, so the whole register is never held: the records
// it returns hold the register's criteria, catalog and Statement of
// Applicability but no risks; Checked counts them. The same rules as
// Check, the same findings, of which only those keep wants are kept
// (every one when keep is nil; Checked counts them all). When with is not nil, it is given those
// records before the first risk is read, and what it returns (when not
// nil) sees every risk after its check; it must not keep the risk.
func (w *Workspace) CheckEach(ctx context.Context, now time.Time, keep func(*risk.Finding) bool, with func(rec *bcp.Workspace) func(*risk.Risk)) (*bcp.Workspace, bcp.Checked, error) {
	rec, err := w.recordsBesideRisks(ctx)
	if err != nil {
		return nil, bcp.Checked{}, err
	}
	var see func(*risk.Risk)
	if with != nil {
		see = with(rec)
	}
	snap, err := w.Snapshot(ctx)
	if err != nil {
		return nil, bcp.Checked{}, err
	}
	defer snap.Close()
	c, err := rec.CheckEach(now, keep, func(check func(*risk.Risk)) error {
		return snap.EachRisk(ctx, func(r *risk.Risk) error {
			check(r)
			if see != nil {
				see(r)
			}
			return nil
		})
	})
	return rec, c, err
}

// DumpVersion is the format of the workspace JSON this build writes.
const DumpVersion = sqlite.DumpVersion

// SchemaVersion is the workspace schema this build writes.
func SchemaVersion() int { return sqlite.SchemaVersion() }

// Loaded is what a load made: how many risks and change-log rows the new
// workspace holds, and what it keeps that a save would refuse today.
type Loaded struct {
	Risks, Changes int
	// Kept are the guard findings of the loaded workspace: dates that
	// cannot be and references to records that do not exist, which the
	// dump held and the load kept as written (risk.Finding.Guard).
	Kept []risk.Finding
}

// Load makes a new workspace at path from a JSON dump read from r (named
// name in messages), and checks it as riskbook check would on now: a dump
// written by any earlier version loads, and what it holds that a save
// would refuse today is reported, not dropped.
func Load(ctx context.Context, r io.Reader, name, path string, now time.Time) (*Loaded, error) {
	d, err := sqlite.ReadDump(r, name)
	if err != nil {
		return nil, err
	}
	if err := sqlite.Load(ctx, d, path); err != nil {
		return nil, err
	}
	out := &Loaded{Risks: len(d.Risks), Changes: len(d.ChangeLog)}
	w, err := OpenReadOnly(ctx, path)
	if err != nil {
		return nil, err
	}
	defer w.Close()
	_, c, err := w.CheckEach(ctx, now, func(f *risk.Finding) bool { return f.Guard }, nil)
	if err != nil {
		return nil, err
	}
	for _, f := range c.Findings {
		if f.Guard {
			out.Kept = append(out.Kept, f)
		}
	}
	return out, nil
}
