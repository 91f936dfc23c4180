package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"riskbook/bcp"
	"riskbook/i18n"
	"riskbook/risk"
)

// EntityImport is the change-log entity of an import: a record of what one
// spreadsheet import wrote, not an entity with a state of its own, so
// Verify does not look for it in the workspace.
const EntityImport = "import"

// records are the change-log entities that record an event rather than an
// entity's state: drift checks skip them.
var records = map[string]bool{EntityImport: true, EntitySalvage: true, EntityTeam: true}

// Import is what an import writes.
type Import struct {
	Source, SHA256 string
	Create         []risk.Risk // new risks (empty Ref → next R-NNN)
	// Update are existing risks by Ref (case-insensitive): only their
	// non-empty fields replace the stored risk's (risk.MergeImported).
	Update     []risk.Risk
	Activities []bcp.Activity // new activities (empty Ref → next ACT-NN)
	Resources  []bcp.Resource // new resources
	// Needs link new activities to new resources, by index into Activities
	// and Resources: their references are only known once written.
	Needs []ImportNeed
}

// ImportNeed says that Activities[Activity] needs Resources[Resource].
type ImportNeed struct{ Activity, Resource int }

// ImportResult lists the references an import created and updated. Updated
// holds only the risks the import changed: an update that matches what is
// stored changes and logs nothing.
type ImportResult struct{ Created, Updated, Activities, Resources []string } // refs

// importRecord is the change-log row of an import (its after).
type importRecord struct {
	SHA256     string   `json:"sha256"`
	Created    []string `json:"created"`
	Updated    []string `json:"updated"`
	Activities []string `json:"activities"`
	Resources  []string `json:"resources"`
}

// ImportRegister writes an import in one transaction, all or nothing: each
// risk, activity and resource is validated, saved and logged as an edit
// would be, then one change-log row (entity "import", key the source file's
// base name, action create) records the file's SHA-256 and the references
// written. The first row refused refuses the whole import, with a sentence
// naming its reference and title.
func (db *DB) ImportRegister(ctx context.Context, imp Import) (ImportResult, error) {
	var res ImportResult
	name := filepath.Base(strings.TrimSpace(imp.Source))
	if name == "" || name == "." || name == string(filepath.Separator) {
		return res, risk.Err(risk.EINVALID, risk.T("store.import.unnamed"))
	}
	if len(imp.Create)+len(imp.Update)+len(imp.Activities)+len(imp.Resources) == 0 {
		return res, risk.Err(risk.EINVALID, risk.T("store.import.nothing", risk.Args{"Name": name}))
	}
	// Progress counts the records written; a cancelled context rolls the
	// whole import back.
	// The new risks count twice: written, then logged.
	progress := risk.Progress{Step: i18n.T("progress.importing"),
		Total: len(imp.Resources) + len(imp.Activities) + 2*len(imp.Create) + len(imp.Update)}
	written := func() error {
		progress.Done++
		risk.ReportProgress(ctx, progress)
		return ctx.Err()
	}
	first := false // the workspace held no risks before the import
	err := db.update(ctx, func(tx *Tx) error {
		res = ImportResult{}
		progress.Done = 0
		c, err := criteria(ctx, tx)
		if err != nil {
			return err
		}
		tx.crit = &c
		// Resources first, then activities, which may need them; risks last,
		// which may threaten either.
		for i := range imp.Resources {
			r := imp.Resources[i]
			r.ID = 0
			if err := tx.createResource(ctx, &r); err != nil {
				return refused("resource", r.Ref, r.Name, err)
			}
			res.Resources = append(res.Resources, r.Ref)
			if err := written(); err != nil {
				return err
			}
		}
		for i := range imp.Activities {
			a := imp.Activities[i]
			a.ID = 0
			a.Resources = append([]string(nil), a.Resources...)
			for _, n := range imp.Needs {
				if n.Activity == i && n.Resource >= 0 && n.Resource < len(res.Resources) {
					a.Resources = append(a.Resources, res.Resources[n.Resource])
				}
			}
			if err := tx.createActivity(ctx, &a); err != nil {
				return refused("activity", a.Ref, a.Name, err)
			}
			res.Activities = append(res.Activities, a.Ref)
			if err := written(); err != nil {
				return err
			}
		}
		refs, err := newRefAllocator(ctx, tx, imp.Create)
		if err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, "SELECT NOT EXISTS (SELECT 1 FROM risks)").Scan(&first); err != nil {
			return fmt.Errorf("read the register: %w", err)
		}
		// The new risks are all written first, then their change-log rows,
		// in the same order: the records lie together in the file and their
		// history after them, as a compaction would lay them out.
		made := make([]risk.Risk, 0, len(imp.Create))
		for i := range imp.Create {
			r := imp.Create[i].Clone()
			r.ID = 0
			if strings.TrimSpace(r.Ref) == "" {
				r.Ref = refs.next()
			}
			if err := tx.insertRisk(ctx, &r); err != nil {
				return refused("risk", r.Ref, r.Title, err)
			}
			made = append(made, r)
			res.Created = append(res.Created, r.Ref)
			if err := written(); err != nil {
				return err
			}
		}
		// Each risk's change-log image is encoded on a second goroutine a
		// batch ahead of the rows written (the encoding is an eighth of
		// the import's processor time).
		logged := 0
		if err := readAhead(func(send func([]string) bool) error {
			batch := make([]string, 0, encodeBatch)
			for j := range made {
				a, err := canonicalJSON(&made[j])
				if err != nil {
					return fmt.Errorf("encode risk %s: %w", made[j].Ref, err)
				}
				if batch = append(batch, a); len(batch) == encodeBatch || j == len(made)-1 {
					if !send(batch) {
						return errStopped
					}
					batch = make([]string, 0, encodeBatch)
				}
			}
			return nil
		}, func(batch []string) error {
			for _, a := range batch {
				if err := tx.logEncoded(ctx, "risk", made[logged].Ref, ActionCreate, "", a); err != nil {
					return err
				}
				logged++
				if err := written(); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			return err
		}
		made = nil
		for i := range imp.Update {
			ref, changed, err := tx.mergeRisk(ctx, imp.Update[i])
			if err != nil {
				return refused("risk", imp.Update[i].Ref, imp.Update[i].Title, err)
			}
			if changed {
				res.Updated = append(res.Updated, ref)
			}
			if err := written(); err != nil {
				return err
			}
		}
		rec := importRecord{SHA256: strings.ToLower(strings.TrimSpace(imp.SHA256)), Created: nonNil(res.Created), Updated: nonNil(res.Updated),
			Activities: nonNil(res.Activities), Resources: nonNil(res.Resources)}
		return tx.logChange(ctx, EntityImport, name, ActionCreate, nil, rec)
	})
	if err != nil {
		return ImportResult{}, err
	}
	if first && len(res.Created) > 0 {
		db.laidOut(ctx)
	}
	return res, nil
}

// encodeBatch is how many change-log images an import encodes at a time,
// ahead of the rows it writes.
const encodeBatch = 64

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// refused makes err the sentence of a refused import: the row's reference
// and title first, then what is wrong.
func refused(what, ref, title string, err error) error {
	var e *risk.Error
	if !errors.As(err, &e) {
		return fmt.Errorf("import %s %s: %w", what, ref, err)
	}
	var label risk.Localizer = kindText(what)
	if ref != "" {
		label = risk.T("store.import.label", risk.Args{"Kind": kindText(what), "Ref": ref})
	}
	if title != "" {
		label = risk.T("store.import.label_titled", risk.Args{"Label": label, "Title": risk.Quote(title)})
	}
	return risk.Err(e.Code, risk.T("store.import.refused", risk.Args{"What": label, "Reason": refusal{e, ref}}))
}

// refusal is the reason a record of an import was refused: its error's
// message without the record's reference it opens with, as a sentence.
type refusal struct {
	err *risk.Error
	ref string
}

func (r refusal) In(p *i18n.Printer) string {
	msg := r.err.In(p)
	for _, sep := range []string{": ", "\u00a0: "} {
		msg = strings.TrimPrefix(msg, r.ref+sep)
	}
	if !strings.HasSuffix(msg, ".") {
		msg += "."
	}
	return msg
}

// mergeRisk applies an imported risk to the stored one with the same
// reference, as Import.Update says, and saves it. changed is false when the
// merge left the risk as it was.
func (tx *Tx) mergeRisk(ctx context.Context, in risk.Risk) (ref string, changed bool, err error) {
	ref = strings.TrimSpace(in.Ref)
	if ref == "" {
		return "", false, risk.Err(risk.EINVALID, risk.T("store.import.update_no_ref"))
	}
	old, err := risks(ctx, tx, "ref = ?", ref)
	if err != nil {
		return ref, false, err
	}
	if len(old) == 0 {
		return ref, false, risk.Err(risk.ENOTFOUND, risk.T("store.import.update_unknown", risk.Args{"Ref": ref}))
	}
	r := old[0].Clone()
	risk.MergeImported(&r, in)
	head := ""
	if tx.head != nil {
		head = *tx.head
	}
	if err := tx.updateRisk(ctx, &r); err != nil {
		return r.Ref, false, err
	}
	return r.Ref, tx.head != nil && *tx.head != head, nil
}

// refAllocator gives out the next references of the R-NNN series for the
// risks of an import, reading the series once instead of once per risk
// (which made a 10,000-row import quadratic), and skipping the references
// the import's other rows give themselves.
type refAllocator struct {
	n     int
	taken map[string]bool
}

func newRefAllocator(ctx context.Context, tx *Tx, create []risk.Risk) (*refAllocator, error) {
	a := &refAllocator{taken: map[string]bool{}}
	need := false
	for _, r := range create {
		if ref := strings.TrimSpace(r.Ref); ref != "" {
			a.taken[strings.ToUpper(ref)] = true
		} else {
			need = true
		}
	}
	if !need {
		return a, nil
	}
	first, err := nextRef(ctx, tx)
	if err != nil {
		return nil, err
	}
	if a.n, err = strconv.Atoi(strings.TrimPrefix(first, "R-")); err != nil {
		return nil, fmt.Errorf("next reference %q: %w", first, err)
	}
	return a, nil
}

func (a *refAllocator) next() string {
	for {
		ref := fmt.Sprintf("R-%03d", a.n)
		a.n++
		if !a.taken[ref] {
			return ref
		}
	}
}

// ImportedBefore reports when a file with this SHA-256 was last imported
// into the workspace, from the change log's import rows.
func (db *DB) ImportedBefore(ctx context.Context, sha256 string) (when time.Time, ok bool, err error) {
	sha256 = strings.ToLower(strings.TrimSpace(sha256))
	if sha256 == "" {
		return time.Time{}, false, nil
	}
	var at string
	// The row's after is canonical JSON, compact with sorted keys: the
	// file's digest is written in it exactly so.
	err = db.read.QueryRowContext(ctx, `SELECT at FROM changelog WHERE entity = ? AND action = ?
		AND after LIKE ? ORDER BY id DESC LIMIT 1`,
		EntityImport, ActionCreate, `%"sha256":"`+sha256+`"%`).Scan(&at)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return time.Time{}, false, nil
	case err != nil:
		return time.Time{}, false, db.readErr(fmt.Errorf("read change log: %w", err))
	}
	when, err = parseTime(at)
	if err != nil {
		return time.Time{}, false, fmt.Errorf("change-log import row has a malformed time %q", at)
	}
	return when, true, nil
}
