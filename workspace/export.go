package workspace

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"

	"riskbook/bcp"
	"riskbook/export"
	"riskbook/risk"
)

// ExportInput reads everything an export needs from one consistent
// snapshot of the workspace, with the SHA-256 of its dump as the digest.
func (w *Workspace) ExportInput(ctx context.Context, level export.Level) (*export.Input, error) {
	now, err := export.Now()
	if err != nil {
		return nil, err
	}
	d, err := w.Dump(ctx)
	if err != nil {
		return nil, err
	}
	var dump bytes.Buffer
	if err := d.WriteJSON(&dump); err != nil {
		return nil, err
	}
	sum := sha256.Sum256(dump.Bytes())
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
		Risks:       d.Risks,
		BIA:         &bcp.BIA{Settings: d.BIASettings, Activities: d.Activities, Resources: d.Resources},
		Playbooks:   d.Playbooks,
		Exercises:   d.Exercises,
		Activations: d.Activations,
		Contacts:    d.Contacts,
		Digest:      hex.EncodeToString(sum[:]),
		Workspace:   w.Name(),
		Author:      author,
		Creator:     "Riskbook " + Version,
		Now:         now,
		Level:       level,
	}
	for _, doc := range d.Documents {
		in.Issues = append(in.Issues, export.Issue{Number: doc.Issue, Version: doc.Version, Exported: doc.Exported, By: doc.By, Through: doc.Through})
	}
	for _, c := range d.ChangeLog {
		ch := export.Change{ID: c.ID, At: c.At, Actor: c.Actor, Entity: c.Entity, Key: c.Key, Action: c.Action}
		if c.Entity == "setting" {
			var v string
			if json.Unmarshal(c.After, &v) == nil {
				ch.Value = v
			}
		}
		in.Changes = append(in.Changes, ch)
	}
	return in, nil
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

// recordIssue records the issue a full export prints, when the workspace
// can be written; otherwise it says why not.
func (w *Workspace) recordIssue(ctx context.Context, out *export.Outcome) error {
	if !w.Writable() {
		out.NotRecorded = "the workspace could not be written (it is open for writing elsewhere, or its file or folder is read-only); export it where it can be written to record the issue"
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
// the workspace, and only then writes them, each to a temporary file
// renamed into place. A full export first records the issue of the
// document it prints (when the workspace changed since the last one), so
// that the document's revision table lists itself. The outcome says which
// issue was printed and which characters the PDF could not draw.
func (w *Workspace) Export(ctx context.Context, req export.Request) (*export.Outcome, error) {
	if len(req.Paths()) == 0 {
		return nil, risk.Errorf(risk.EINVALID, "nothing to export: choose a PDF, a workbook or the network-down pack")
	}
	out := &export.Outcome{}
	if isIssue(req) {
		if err := w.recordIssue(ctx, out); err != nil {
			return nil, err
		}
	}
	in, err := w.ExportInput(ctx, req.Level)
	if err != nil {
		return nil, err
	}
	in.Issue, in.NotRecorded = out.Issue, out.NotRecorded
	var r, pack *export.Report
	if req.PDF != "" || req.XLSX != "" {
		switch {
		case req.Tabletop != "":
			r, err = export.BuildTabletop(in, req.Tabletop)
		case req.Incident != "":
			r, err = export.BuildIncident(in, req.Incident)
		default:
			r, err = export.Build(in)
		}
		if err != nil {
			return nil, err
		}
	}
	if req.Pack != "" {
		if pack, err = export.BuildPack(in); err != nil {
			return nil, err
		}
	}
	writes := []struct {
		path   string
		level  export.Level
		report *export.Report
		write  func(io.Writer) error
	}{
		{req.PDF, req.DocumentLevel(), r, func(out io.Writer) error { return export.WritePDF(out, r) }},
		{req.XLSX, req.DocumentLevel(), nil, func(out io.Writer) error { return export.WriteXLSX(out, r) }},
		{req.Pack, export.Pack, pack, func(out io.Writer) error { return export.WritePDF(out, pack) }},
	}
	for _, wr := range writes {
		if wr.path == "" {
			continue
		}
		// A document with names, numbers or single risks is as private as
		// the workspace; only the summary is meant for anyone.
		if err := export.WriteDocument(wr.path, wr.level, wr.write); err != nil {
			return nil, err
		}
		if wr.report != nil {
			us, err := export.UnprintableIn(wr.report)
			if err != nil {
				return nil, err
			}
			out.Unprintable = mergeUnprintable(out.Unprintable, us)
		}
	}
	return out, nil
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
