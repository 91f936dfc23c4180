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
	author, err := w.Actor(ctx)
	if err != nil {
		return nil, err
	}
	in := &export.Input{
		Profile:     export.ProfileFrom(d.Settings),
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

// Export builds the documents the request asks for from one snapshot of
// the workspace, and only then writes them, each to a temporary file
// renamed into place.
func (w *Workspace) Export(ctx context.Context, req export.Request) error {
	if len(req.Paths()) == 0 {
		return risk.Errorf(risk.EINVALID, "nothing to export: choose a PDF, a workbook or the network-down pack")
	}
	in, err := w.ExportInput(ctx, req.Level)
	if err != nil {
		return err
	}
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
			return err
		}
	}
	if req.Pack != "" {
		if pack, err = export.BuildPack(in); err != nil {
			return err
		}
	}
	writes := []struct {
		path  string
		level export.Level
		write func(io.Writer) error
	}{
		{req.PDF, req.DocumentLevel(), func(out io.Writer) error { return export.WritePDF(out, r) }},
		{req.XLSX, req.DocumentLevel(), func(out io.Writer) error { return export.WriteXLSX(out, r) }},
		{req.Pack, export.Pack, func(out io.Writer) error { return export.WritePDF(out, pack) }},
	}
	for _, wr := range writes {
		if wr.path == "" {
			continue
		}
		// A document with names, numbers or single risks is as private as
		// the workspace; only the summary is meant for anyone.
		if err := export.WriteDocument(wr.path, wr.level, wr.write); err != nil {
			return err
		}
	}
	return nil
}
