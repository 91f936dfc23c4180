package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"riskbook/risk"
)

// EntityDocument is the change-log entity of an issue of the full
// document; its key is the issue number.
const EntityDocument = "document"

// Document is one issue of the full document (migration 007): each full
// export of a workspace that changed since the previous issue records one,
// so that the revision table can list every version a reader may hold.
type Document struct {
	Issue    int       `json:"issue"`
	Version  string    `json:"version"`  // the document version the profile gave it
	Exported time.Time `json:"exported"` // the export time (SOURCE_DATE_EPOCH when set)
	By       string    `json:"exported_by"`
	// Through is the last change-log row the issue covers: what changed
	// between two issues is the rows in between.
	Through int64 `json:"through"`
}

// Documents returns every issue of the full document, oldest first.
func (db *DB) Documents(ctx context.Context) ([]Document, error) { return documents(ctx, db.read) }

func documents(ctx context.Context, q queryer) ([]Document, error) {
	rows, err := q.QueryContext(ctx, "SELECT issue, version, exported, exported_by, through FROM documents ORDER BY issue")
	if err != nil {
		return nil, fmt.Errorf("read document issues: %w", err)
	}
	defer rows.Close()
	var out []Document
	for rows.Next() {
		var d Document
		var at string
		if err := rows.Scan(&d.Issue, &d.Version, &at, &d.By, &d.Through); err != nil {
			return nil, fmt.Errorf("read document issues: %w", err)
		}
		if d.Exported, err = parseTime(at); err != nil {
			return nil, fmt.Errorf("document issue %d: malformed time %q", d.Issue, at)
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// RecordDocument records the issue a full export is about to print: a new
// one carrying version, exported at the time at by the person named by,
// unless nothing changed since the last issue, which the export then is
// again (so that exporting twice gives the same document). It returns the
// issue and whether it is new.
func (db *DB) RecordDocument(ctx context.Context, version, by string, at time.Time) (Document, bool, error) {
	var doc Document
	var created bool
	err := db.update(ctx, func(tx *Tx) error {
		var err error
		doc, created, err = tx.recordDocument(ctx, strings.TrimSpace(version), strings.TrimSpace(by), at)
		return err
	})
	return doc, created, err
}

func (tx *Tx) recordDocument(ctx context.Context, version, by string, at time.Time) (Document, bool, error) {
	var last Document
	var exported string
	err := tx.QueryRowContext(ctx, "SELECT issue, version, exported, exported_by, through FROM documents ORDER BY issue DESC LIMIT 1").
		Scan(&last.Issue, &last.Version, &exported, &last.By, &last.Through)
	switch {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		return Document{}, false, fmt.Errorf("read document issues: %w", err)
	default:
		if last.Exported, err = parseTime(exported); err != nil {
			return Document{}, false, fmt.Errorf("document issue %d: malformed time %q", last.Issue, exported)
		}
	}
	var head int64
	if err := tx.QueryRowContext(ctx, "SELECT coalesce(max(id), 0) FROM changelog WHERE entity != ?", EntityDocument).Scan(&head); err != nil {
		return Document{}, false, fmt.Errorf("read change log: %w", err)
	}
	if last.Issue > 0 && head <= last.Through && version == last.Version {
		return last, false, nil
	}
	if err := tx.QueryRowContext(ctx, "SELECT coalesce(max(id), 0) FROM changelog").Scan(&head); err != nil {
		return Document{}, false, fmt.Errorf("read change log: %w", err)
	}
	doc := Document{Issue: last.Issue + 1, Version: version, Exported: at.UTC().Truncate(time.Second), By: by, Through: head}
	if err := tx.insertDocument(ctx, doc); err != nil {
		return Document{}, false, err
	}
	return doc, true, tx.logChange(ctx, EntityDocument, strconv.Itoa(doc.Issue), ActionCreate, nil, doc)
}

func (tx *Tx) insertDocument(ctx context.Context, d Document) error {
	_, err := tx.ExecContext(ctx, "INSERT INTO documents (issue, version, exported, exported_by, through) VALUES (?, ?, ?, ?, ?)",
		d.Issue, d.Version, formatTime(d.Exported), d.By, d.Through)
	if err != nil {
		return fmt.Errorf("record document issue %d: %w", d.Issue, err)
	}
	return nil
}

// restoreDocuments writes a dump's document issues.
func (tx *Tx) restoreDocuments(ctx context.Context, d *Dump) error {
	for i, doc := range d.Documents {
		if doc.Issue != i+1 {
			return risk.Err(risk.EINVALID, risk.T("store.dump.document_issue", risk.Args{"N": i + 1, "Issue": doc.Issue}))
		}
		if err := tx.insertDocument(ctx, doc); err != nil {
			return err
		}
	}
	return nil
}
