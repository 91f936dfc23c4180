package sqlite

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"time"

	"riskbook/i18n"
	"riskbook/risk"
	"riskbook/safefile"
)

// EntitySalvage is the change-log entity of a salvage: the event that made
// a workspace from what could be read of a damaged one. Its row lists the
// ranges of the history that were lost, and verification accepts the
// breaks of the hash chain there — and only there — as marked.
const EntitySalvage = "salvage"

// SalvageReport says what a salvage found in a damaged workspace, what it
// put in the new one, and what it could not.
type SalvageReport struct {
	Source, Out string
	// Pages is how many pages the damaged file should have; Missing, how
	// many of them are not there (a file cut short).
	Pages, Missing int
	// Counts are, per kind of entity, how many the new workspace holds and
	// where they came from.
	Counts []SalvageCount
	// Changes is how many change-log rows were recovered; Gaps, the ranges
	// of rows that were lost.
	Changes int
	Gaps    []Gap
	// Lost are entities known to have existed (named by another) that
	// could not be recovered; Stale, entities brought back as the history
	// last recorded them, whose later changes may be lost.
	Lost, Stale []LostRecord
	// Unrestored are entities recovered but refused by the rules when put
	// in the new workspace.
	Unrestored []Unrestored
	// UnreadableRows counts rows in readable pages that could not be read;
	// UnassignedPages, pages of rows that fit more than one table.
	UnreadableRows, UnassignedPages int
	// Problems are what else could not be read, in sentences.
	Problems []string
	// None are the kinds of record (nouns, as in Counts) of which the new
	// workspace holds none: the damaged one had none, or lost them all.
	None []string
}

// SalvageCount is how many entities of one kind a salvage put in the new
// workspace: FromHistory of them only the change log still held, and
// AsRecorded of them are as it last recorded them.
type SalvageCount struct {
	Noun                           string
	Total, FromHistory, AsRecorded int
}

// Gap is a range of change-log rows that were lost.
type Gap struct {
	From int64 `json:"from"`
	To   int64 `json:"to"`
}

// LostRecord is an entity a salvage could not bring back as it was.
type LostRecord struct {
	Kind, Ref, Why string
}

func (rep *SalvageReport) count(noun string) *SalvageCount {
	for i := range rep.Counts {
		if rep.Counts[i].Noun == noun {
			return &rep.Counts[i]
		}
	}
	rep.Counts = append(rep.Counts, SalvageCount{Noun: noun})
	return &rep.Counts[len(rep.Counts)-1]
}

func (rep *SalvageReport) lost(kind, ref, why string) {
	if !slices.ContainsFunc(rep.Lost, func(l LostRecord) bool { return l.Kind == kind && sameRef(l.Ref, ref) }) {
		rep.Lost = append(rep.Lost, LostRecord{Kind: kind, Ref: ref, Why: why})
	}
}

// salvageRecord is what the change log keeps of a salvage.
type salvageRecord struct {
	Source     string `json:"source"`
	Gaps       []Gap  `json:"gaps"`
	Lost       int    `json:"lost"`
	AsRecorded int    `json:"as_recorded"`
}

// Salvage writes a new workspace at out with every record that can still
// be read from the damaged workspace at src, which it only reads: the rows
// of its pages, read without SQLite so that a file cut short or with
// unreadable pages gives up what it still holds, completed from the
// states the change log recorded. The report lists what came back and
// what could not. The history keeps every change-log row recovered; where
// rows were lost, the new workspace's change log records the salvage and
// the ranges lost, so verification tells those breaks of the hash chain
// from tampering. out must not exist.
func Salvage(ctx context.Context, src, out string) (*SalvageReport, error) {
	if err := createNew(out); err != nil {
		return nil, err
	}
	f, err := readRawFile(src)
	if err != nil {
		return nil, explain(risk.OpRead, src, err)
	}
	if f.pages == 0 {
		return nil, (&risk.FileError{Fault: risk.FaultDamaged, Op: risk.OpRead, Path: src,
			Detail: risk.T("store.detail.nothing_readable")}).Person()
	}
	rep := &SalvageReport{Source: src, Out: out, Pages: expectedPages(f)}
	rep.Missing = rep.Pages - f.pages
	version := headerVersion(f)
	if version == 0 {
		version = SchemaVersion()
		rep.Problems = append(rep.Problems, i18n.T("salvage.problem.header"))
	}
	d, err := recoverDump(ctx, f, version, rep)
	if err != nil {
		return nil, err
	}
	applyHistory(d, rep)
	sanitize(d, rep)
	info := salvageRecord{Source: filepath.Base(src), Gaps: rep.Gaps, Lost: len(rep.Lost), AsRecorded: len(rep.Stale)}
	err = build(ctx, out, func(db *DB) error {
		return db.update(ctx, func(tx *Tx) error {
			tx.skipped = &rep.Unrestored
			if err := tx.restore(ctx, d); err != nil {
				return err
			}
			if err := tx.logChange(ctx, EntitySalvage, filepath.Base(src), ActionCreate, nil, info); err != nil {
				return err
			}
			return tx.reconcile(ctx)
		})
	})
	if err != nil {
		return nil, err
	}
	return rep, rep.countResult(ctx, out)
}

// recoverDump reads the rows of the damaged file into a scratch workspace
// of its schema version, brings that up to date and reads it back.
func recoverDump(ctx context.Context, f *rawFile, version int, rep *SalvageReport) (*Dump, error) {
	tf, err := safefile.CreateTemp(os.TempDir(), "salvage"+Extension)
	if err != nil {
		return nil, safefile.Explain(risk.OpWrite, os.TempDir(), err)
	}
	tmp := tf.Name()
	tf.Close()
	defer removeWorkspaceFiles(tmp)
	scratch, err := connect(tmp, modeWrite)
	if err != nil {
		return nil, err
	}
	defer scratch.Close()
	scratch.Now = time.Now
	if _, err := scratch.write.ExecContext(ctx, fmt.Sprintf("PRAGMA application_id = %d", ApplicationID)); err != nil {
		return nil, err
	}
	if err := scratch.migrateTo(ctx, version); err != nil {
		return nil, fmt.Errorf("make the salvage's schema: %w", err)
	}
	shapes, err := tableShapes(ctx, scratch)
	if err != nil {
		return nil, err
	}
	rec := recoverRows(f, shapes)
	rep.UnreadableRows, rep.UnassignedPages = rec.lostRows, rec.lostPages
	if err := insertRows(ctx, scratch, shapes, rec); err != nil {
		return nil, fmt.Errorf("gather the salvaged rows: %w", err)
	}
	if err := dropOrphans(ctx, scratch, shapes); err != nil {
		return nil, fmt.Errorf("gather the salvaged rows: %w", err)
	}
	if err := scratch.migrate(ctx); err != nil {
		return nil, fmt.Errorf("bring the salvaged rows up to date: %w", err)
	}
	d := readSalvaged(ctx, scratch.write, rep)
	rep.Changes = len(d.ChangeLog)
	rep.Gaps = gapsOf(d.ChangeLog)
	return d, nil
}

// gapsOf finds the ranges of change-log rows missing from rows, which are
// in ID order.
func gapsOf(rows []changeJSON) []Gap {
	var out []Gap
	next := int64(1)
	for _, c := range rows {
		if c.ID > next {
			out = append(out, Gap{From: next, To: c.ID - 1})
		}
		next = c.ID + 1
	}
	return out
}

// countResult counts what the new workspace holds, per kind.
func (rep *SalvageReport) countResult(ctx context.Context, out string) error {
	db, err := OpenReadOnly(ctx, out)
	if err != nil {
		return err
	}
	defer db.Close()
	d, err := db.Dump(ctx)
	if err != nil {
		return err
	}
	for _, k := range []struct {
		noun string
		n    int
	}{{"risk", len(d.Risks)}, {"activity", len(d.Activities)}, {"resource", len(d.Resources)},
		{"playbook", len(d.Playbooks)}, {"exercise", len(d.Exercises)}, {"incident record", len(d.Activations)},
		{"contact", len(d.Contacts)}, {"Statement of Applicability entry", len(d.SoA)}} {
		rep.count(k.noun).Total = k.n
		if k.n == 0 {
			rep.None = append(rep.None, k.noun)
		}
	}
	rep.Counts = slices.DeleteFunc(rep.Counts, func(c SalvageCount) bool { return c.Total == 0 && c.FromHistory == 0 })
	return nil
}

// markedGaps are the ranges of lost change-log rows that salvages
// recorded.
func markedGaps(changes []Change) map[Gap]bool {
	out := map[Gap]bool{}
	for _, c := range changes {
		if c.Entity != EntitySalvage {
			continue
		}
		var rec salvageRecord
		if json.Unmarshal([]byte(c.After), &rec) == nil {
			for _, g := range rec.Gaps {
				out[g] = true
			}
		}
	}
	return out
}
