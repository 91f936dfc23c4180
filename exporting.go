package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"riskbook/app"
	"riskbook/bcp"
	"riskbook/export"
	"riskbook/importer"
	"riskbook/risk"
	"riskbook/sqlite"
)

// exportInput reads everything an export needs from one consistent
// snapshot of the workspace, with the SHA-256 of its dump as the digest.
func exportInput(ctx context.Context, db *sqlite.DB, level export.Level) (*export.Input, error) {
	now, err := export.Now()
	if err != nil {
		return nil, err
	}
	d, err := db.Dump(ctx)
	if err != nil {
		return nil, err
	}
	var dump bytes.Buffer
	if err := d.WriteJSON(&dump); err != nil {
		return nil, err
	}
	sum := sha256.Sum256(dump.Bytes())
	author, err := db.Actor(ctx)
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
		Workspace:   filepath.Base(db.Path()),
		Author:      author,
		Creator:     "Riskbook " + version,
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

// exportRequest is one export: where each format goes.
type exportRequest struct {
	level export.Level
	pdf   string
	xlsx  string
	pack  string // the network-down pack, a PDF
	// tabletop and incident, when set, make pdf the tabletop kit of that
	// playbook or the record of that incident.
	tabletop, incident string
}

// runExportRequest builds the report and the network-down pack that are
// asked for, from one snapshot of the workspace, and only then writes them.
func runExportRequest(ctx context.Context, db *sqlite.DB, req exportRequest) error {
	if req.pdf == "" && req.xlsx == "" && req.pack == "" {
		return risk.Errorf(risk.EINVALID, "say what to write: --pdf OUT.pdf, --xlsx OUT.xlsx, --pack OUT.pdf, or any of them together")
	}
	in, err := exportInput(ctx, db, req.level)
	if err != nil {
		return err
	}
	var r, pack *export.Report
	if req.pdf != "" || req.xlsx != "" {
		switch {
		case req.tabletop != "":
			r, err = export.BuildTabletop(in, req.tabletop)
		case req.incident != "":
			r, err = export.BuildIncident(in, req.incident)
		default:
			r, err = export.Build(in)
		}
		if err != nil {
			return err
		}
	}
	if req.pack != "" {
		if pack, err = export.BuildPack(in); err != nil {
			return err
		}
	}
	if req.pdf != "" {
		if err := export.WriteFile(req.pdf, func(w io.Writer) error { return export.WritePDF(w, r) }); err != nil {
			return err
		}
	}
	if req.xlsx != "" {
		if err := export.WriteFile(req.xlsx, func(w io.Writer) error { return export.WriteXLSX(w, r) }); err != nil {
			return err
		}
	}
	if req.pack != "" {
		if err := export.WriteFile(req.pack, func(w io.Writer) error { return export.WritePDF(w, pack) }); err != nil {
			return err
		}
	}
	return nil
}

// workspace is an open workspace as the desktop app sees it: the store,
// plus exports, which need both the store and the renderers.
type workspace struct{ *sqlite.DB }

var _ app.Workspace = workspace{}

// Export writes the workspace's report to the given files.
func (w workspace) Export(ctx context.Context, level export.Level, pdf, xlsx string) error {
	return runExportRequest(ctx, w.DB, exportRequest{level: level, pdf: pdf, xlsx: xlsx})
}

// ImportRegister applies an import plan in one transaction and says what
// it did in one sentence. Rows whose reference matches an existing risk
// update it, and only when update is set.
func (w workspace) ImportRegister(ctx context.Context, plan *importer.ImportPlan, update bool) (string, error) {
	imp, matching := importOf(plan)
	if len(matching) > 0 && !update {
		return "", risk.Errorf(risk.EINVALID, "%d rows of %s have references already in the workspace (%s); allow updates to update those risks, or give the rows new references.", len(matching), plan.Source, refList(matching))
	}
	res, err := w.DB.ImportRegister(ctx, imp)
	if err != nil {
		return "", err
	}
	return importSummary(imp, res), nil
}

// importSummary says in one sentence what an import wrote.
func importSummary(imp sqlite.Import, res sqlite.ImportResult) string {
	var parts []string
	count := func(n int, one, many string) string {
		if n == 1 {
			return "1 " + one
		}
		return fmt.Sprintf("%d %s", n, many)
	}
	if len(imp.Create) > 0 || len(imp.Update) == 0 && len(imp.Activities)+len(imp.Resources) == 0 {
		parts = append(parts, "created "+count(len(res.Created), "risk", "risks"))
	}
	if len(imp.Update) > 0 {
		same := len(imp.Update) - len(res.Updated)
		if len(res.Updated) > 0 {
			parts = append(parts, "updated "+count(len(res.Updated), "risk", "risks"))
		}
		if same > 0 {
			parts = append(parts, "left "+count(same, "risk", "risks")+" unchanged, as "+map[bool]string{true: "it", false: "they"}[same == 1]+" already held what the file gives")
		}
	}
	if len(imp.Activities) > 0 {
		parts = append(parts, "created "+count(len(res.Activities), "activity", "activities"))
	}
	if len(imp.Resources) > 0 {
		parts = append(parts, "created "+count(len(res.Resources), "ICT system", "ICT systems"))
	}
	s := "Imported " + filepath.Base(imp.Source) + ": "
	if len(parts) > 1 {
		return s + strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1] + "."
	}
	return s + parts[0] + "."
}
