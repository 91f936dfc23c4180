package workspace

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"path/filepath"

	"riskbook/bcp"
	"riskbook/export"
	"riskbook/i18n"
	"riskbook/risk"
	"riskbook/sqlite"
)

// An export reads the workspace in one snapshot (a read transaction, so
// the documents show one state even while the app writes): the small parts
// whole, the register and the change log as sources that read the snapshot
// a batch at a time when a document lists them. The digest is the SHA-256
// of the dump streamed from the same snapshot, in the same read as the
// register is first counted. Memory stays that of a batch and of the
// document being written, whatever the register's size.

// exportInput reads what an export needs from the snapshot, but for the
// digest: the register's first read computes it (snapshotRisks), to write
// in lang (see documentLanguage). Progress goes to steps; cancelling the
// context stops the reading.
func (w *Workspace) exportInput(ctx context.Context, s *sqlite.Snapshot, level export.Level, lang i18n.Lang, steps *exportSteps) (*export.Input, error) {
	now, err := export.Now()
	if err != nil {
		return nil, err
	}
	d, err := s.Parts(ctx)
	if err != nil {
		return nil, err
	}
	n, err := s.RiskCount(ctx)
	if err != nil {
		return nil, err
	}
	sum, err := s.ChangeSummary(ctx)
	if err != nil {
		return nil, err
	}
	steps.reading(n, sum.Rows)
	profile := export.ProfileFrom(d.Settings)
	author, err := w.author(ctx, profile)
	if err != nil {
		return nil, err
	}
	in := &export.Input{
		Profile:     profile,
		Criteria:    d.Criteria,
		Catalogs:    d.Catalogs,
		SoA:         d.SoA,
		Changes:     &snapshotLog{ctx: ctx, s: s, summary: export.ChangeSummary(sum)},
		BIA:         &bcp.BIA{Settings: d.BIASettings, Activities: d.Activities, Resources: d.Resources},
		Playbooks:   d.Playbooks,
		Exercises:   d.Exercises,
		Activations: d.Activations,
		Contacts:    d.Contacts,
		Workspace:   w.Name(),
		Author:      author,
		Creator:     "Riskbook " + Version,
		Now:         now,
		Level:       level,
	}
	if level == export.Full {
		if in.Since, err = w.since(ctx, now); err != nil {
			return nil, err
		}
	}
	in.Risks = &snapshotRisks{ctx: ctx, s: s, n: n, in: in, progress: steps.dumping}
	for _, doc := range d.Documents {
		in.Issues = append(in.Issues, export.Issue{Number: doc.Issue, Version: doc.Version, Exported: doc.Exported, By: doc.By, Through: doc.Through})
	}
	in.Printer = i18n.For(documentLanguage(lang, d.Settings))
	return in, nil
}

// documentLanguage is the language a document is written in: the one
// asked for; else the workspace's content language, the language its
// starter content was written in (settings holds it when the workspace was
// made in one); else the language the person reads Riskbook in, which is
// English unless the system or the person chose French or Spanish.
func documentLanguage(asked i18n.Lang, settings map[string]string) i18n.Lang {
	if asked != "" {
		return asked
	}
	if l, err := i18n.Parse(settings[sqlite.SettingContentLanguage]); err == nil && settings[sqlite.SettingContentLanguage] != "" {
		return l
	}
	return i18n.Default().Lang()
}

// DocumentLanguage is the language a document of the workspace is written
// in when none is chosen (see documentLanguage): what the export dialog
// and riskbook export offer first.
func (w *Workspace) DocumentLanguage(ctx context.Context) (i18n.Lang, error) {
	settings, err := w.Settings(ctx)
	if err != nil {
		return "", err
	}
	return documentLanguage("", settings), nil
}

// exportChange is a change-log row as a document shows it: a setting's
// new value, no record's content.
func exportChange(c *sqlite.Change) export.Change {
	ch := export.Change{ID: c.ID, At: c.At, Actor: c.Actor, Entity: c.Entity, Key: c.Key, Action: c.Action}
	switch c.Entity {
	case "setting":
		var v string
		if json.Unmarshal([]byte(c.After), &v) == nil {
			ch.Value = v
		}
	case sqlite.EntityTeam:
		var v struct {
			Role string `json:"role"`
		}
		if json.Unmarshal([]byte(c.After), &v) == nil || json.Unmarshal([]byte(c.Before), &v) == nil {
			ch.Value = v.Role
		}
	}
	return ch
}

// snapshotRisks is the register as an export reads it, from the snapshot.
// Its first read streams the whole dump into the digest and sets
// in.Digest, handing over each risk as the dump goes by: export.Build
// counts the register before it reads the digest, so the two share one
// read. An export that does not read the register computes the digest
// with digest.
type snapshotRisks struct {
	ctx      context.Context
	s        *sqlite.Snapshot
	n        int
	in       *export.Input // whose Digest the first read sets
	progress func(risk.Progress)
	dumped   bool
}

func (r *snapshotRisks) Len() int { return r.n }

func (r *snapshotRisks) Each(fn func(*risk.Risk) error) error {
	if !r.dumped {
		return r.dump(fn)
	}
	return r.s.EachRisk(r.ctx, func(x *risk.Risk) error {
		if err := r.ctx.Err(); err != nil {
			return err
		}
		return fn(x)
	})
}

// digest makes sure in.Digest is set, streaming the dump when the register
// was not read yet.
func (r *snapshotRisks) digest() error {
	if r.dumped {
		return nil
	}
	return r.dump(nil)
}

// dump streams the dump into the digest, handing each risk to fn.
func (r *snapshotRisks) dump(fn func(*risk.Risk) error) error {
	h := sha256.New()
	if err := r.s.WriteDumpSeeing(risk.WithProgress(r.ctx, r.progress), h, fn); err != nil {
		return err
	}
	r.dumped = true
	r.in.Digest = hex.EncodeToString(h.Sum(nil))
	return nil
}

// snapshotLog is the change log as an export reads it, from the snapshot.
type snapshotLog struct {
	ctx     context.Context
	s       *sqlite.Snapshot
	summary export.ChangeSummary
	// through, when not 0, is the last row the log shows: the change log
	// as it was when an assessment was closed.
	through int64
}

func (l *snapshotLog) Summary() export.ChangeSummary { return l.summary }

func (l *snapshotLog) Each(from int, fn func(*export.Change) error) error {
	return l.s.EachChange(l.ctx, from, l.row(fn))
}

func (l *snapshotLog) Between(from, to int64, fn func(*export.Change) error) error {
	if l.through != 0 {
		to = min(to, l.through)
	}
	return l.s.ChangesBetween(l.ctx, from, to, l.row(fn))
}

func (l *snapshotLog) row(fn func(*export.Change) error) func(*sqlite.Change) error {
	return func(c *sqlite.Change) error {
		if err := l.ctx.Err(); err != nil {
			return err
		}
		if l.through != 0 && c.ID > l.through {
			return nil // after the closing
		}
		ch := exportChange(c)
		return fn(&ch)
	}
}

// author is who a document says exported it: the person working in the
// workspace (its user name, or the operating-system account's full name),
// else the document's owner from the profile; never a login such as root.
func (w *Workspace) author(ctx context.Context, p export.Profile) (string, error) {
	name, err := w.PersonName(ctx)
	if err != nil || name != "" {
		return name, err
	}
	return p.Owner, nil
}

// isIssue reports whether the request prints the full document: what
// records an issue.
func isIssue(req export.Request) bool {
	return req.Level == export.Full && req.Tabletop == "" && req.Incident == "" && (req.PDF != "" || req.XLSX != "")
}

// notRecorded says in p's language why a full export cannot record its
// issue: the login's role on a server, or a workspace that cannot be
// written; "" when it can.
func (w *Workspace) notRecorded(p *i18n.Printer) string {
	switch {
	case w.RoleForbidsIssues():
		return p.T("team.not_recorded", i18n.Args{"Login": w.Login(), "Role": w.TeamRole().DescribedIn(p)})
	case !w.Writable():
		return p.T("export.not_recorded.unwritable")
	}
	return ""
}

// recordIssue records the issue a full export prints, when the workspace
// can be written; otherwise it says why not.
func (w *Workspace) recordIssue(ctx context.Context, out *export.Outcome) error {
	if why := w.notRecorded(i18n.Default()); why != "" {
		out.NotRecorded = why
		return nil
	}
	now, err := export.Now()
	if err != nil {
		return err
	}
	settings, err := w.Settings(ctx)
	if err != nil {
		return err
	}
	profile := export.ProfileFrom(settings)
	by, err := w.author(ctx, profile)
	if err != nil {
		return err
	}
	doc, created, err := w.RecordDocument(ctx, profile.Version, by, now)
	if err != nil {
		return err
	}
	out.Issue, out.NewIssue = doc.Issue, created
	return nil
}

// Export builds the documents the request asks for from one snapshot of
// the workspace and writes them, each to a temporary file renamed into
// place once complete. A full export first records the issue of the
// document it prints (when the workspace changed since the last one), so
// that the document's revision table lists itself. The outcome says which
// issue was printed and which characters the PDF could not draw.
// Progress goes to the context's progress function (risk.WithProgress);
// cancelling the context stops the export and leaves no file of the
// document being written.
func (w *Workspace) Export(ctx context.Context, req export.Request) (_ *export.Outcome, err error) {
	defer func() {
		// However the store or a renderer phrased the interruption.
		if err != nil && ctx.Err() != nil {
			err = ctx.Err()
		}
	}()
	if len(req.Paths()) == 0 {
		return nil, risk.Err(risk.EINVALID, risk.T("workspace.export.nothing"))
	}
	out := &export.Outcome{}
	if isIssue(req) {
		if err := w.recordIssue(ctx, out); err != nil {
			return nil, err
		}
	}
	s, err := w.Snapshot(ctx)
	if err != nil {
		return nil, err
	}
	defer s.Close()
	steps := &exportSteps{report: risk.ProgressOf(ctx), total: 1 + len(req.Paths())}
	in, err := w.exportInput(ctx, s, req.Level, req.Lang, steps)
	if err != nil {
		return nil, err
	}
	in.Issue = out.Issue
	if out.NotRecorded != "" {
		// The same reason, in the document's language.
		in.NotRecorded = w.notRecorded(in.Printer)
	}
	if req.DocumentLevel() == export.Full && (req.PDF != "" || req.XLSX != "") {
		t, err := w.Trend(ctx, in.Now)
		if err != nil {
			return nil, err
		}
		in.Trend = t.Points
	}
	if err := render(ctx, req, in, steps, out); err != nil {
		return nil, err
	}
	return out, ctx.Err()
}

// render builds the documents req asks for from in and writes each to a
// temporary file renamed into place once complete, noting in out the
// characters the PDF could not draw. Cancelling ctx stops the writing.
func render(ctx context.Context, req export.Request, in *export.Input, steps *exportSteps, out *export.Outcome) error {
	var err error
	var r, pack *export.Report
	if req.PDF != "" || req.XLSX != "" {
		switch {
		case req.Tabletop != "":
			if err := digest(in); err != nil {
				return err
			}
			r, err = export.BuildTabletop(in, req.Tabletop)
		case req.Incident != "":
			if err := digest(in); err != nil {
				return err
			}
			r, err = export.BuildIncident(in, req.Incident)
		default:
			r, err = export.Build(in)
		}
		if err != nil {
			return err
		}
	}
	if req.Pack != "" {
		if err := digest(in); err != nil {
			return err
		}
		if pack, err = export.BuildPack(in); err != nil {
			return err
		}
	}
	writes := []struct {
		path   string
		level  export.Level
		report *export.Report
		pdf    bool
	}{
		{req.PDF, req.DocumentLevel(), r, true},
		{req.XLSX, req.DocumentLevel(), r, false},
		{req.Pack, export.Pack, pack, true},
	}
	for _, wr := range writes {
		if wr.path == "" {
			continue
		}
		wr.report.Progress = steps.writing(wr.path)
		wr.report.Stop = ctx.Err
		write := func(out io.Writer) error { return export.WriteXLSX(out, wr.report) }
		if wr.pdf {
			write = func(out io.Writer) error { return export.WritePDF(out, wr.report) }
		}
		// A document with names, numbers or single risks is as private as
		// the workspace; only the summary is meant for anyone.
		if err := export.WriteDocument(wr.path, wr.level, write); err != nil {
			return err
		}
		if wr.pdf {
			us, err := export.UnprintableIn(wr.report)
			if err != nil {
				return err
			}
			out.Unprintable = mergeUnprintable(out.Unprintable, us)
		}
	}
	return nil
}

// digest makes sure in.Digest is set, for the documents that do not read
// the register: the first read of a snapshot's register sets it.
func digest(in *export.Input) error {
	if r, ok := in.Risks.(*snapshotRisks); ok {
		return r.digest()
	}
	return nil
}

// exportSteps tells the context's progress function how far an export has
// got, as one bar: reading the workspace (the digest and the counts) is a
// step, and so is each document; within a step, the rows gone through.
type exportSteps struct {
	report func(risk.Progress)
	total  int // steps
	step   int // the current one, from 0
	name   string
	done   int // rows of this step
	of     int
}

// progressScale is how many units a step counts for in Progress.
const progressScale = 1000

func (e *exportSteps) tell() {
	if e.report == nil {
		return
	}
	frac := 0.0
	if e.of > 0 {
		frac = min(float64(e.done)/float64(e.of), 1)
	}
	e.report(risk.Progress{Step: e.name, Done: e.step*progressScale + int(frac*progressScale), Total: e.total * progressScale})
}

// reading starts the first step: the dump is streamed into the digest
// (risks and change-log rows) as the register is counted.
func (e *exportSteps) reading(risks, changes int) {
	e.name, e.done, e.of = i18n.T("progress.reading"), 0, risks+changes
	e.tell()
}

// dumping follows the dump streamed into the digest.
func (e *exportSteps) dumping(p risk.Progress) {
	e.done = p.Done
	e.tell()
}

// writing starts the step of writing path and returns what the renderer
// tells of its rows.
func (e *exportSteps) writing(path string) func(done, total int) {
	e.step++
	e.name, e.done, e.of = i18n.T("progress.writing", i18n.Args{"File": filepath.Base(path)}), 0, 0
	e.tell()
	return func(done, total int) {
		e.done, e.of = done, total
		e.tell()
	}
}

// mergeUnprintable adds the characters of more not already in us.
func mergeUnprintable(us, more []export.Unprintable) []export.Unprintable {
	for _, m := range more {
		seen := false
		for _, u := range us {
			seen = seen || u.Rune == m.Rune
		}
		if !seen {
			us = append(us, m)
		}
	}
	return us
}
