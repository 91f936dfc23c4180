package sqlite

import (
	"bytes"
	"compress/gzip"
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// The trend's memo (issue 17): the indicators of the months that are over
// and of the closed assessments never change, since they come from
// change-log rows, which are never changed, and from frozen records. The
// workspace layer keeps what it computed here, with the last change-log
// row it counted, so that a document or the dashboard does not replay the
// whole history each time. The store keeps the bytes and says whether
// they still hold; what they mean is the workspace layer's.

// TrendMemo returns the memo of the given version of its content and the
// last change-log row it counts; false when there is none, when it is of
// another version, or when that row is no longer the one it counted (the
// history was replaced).
func (s *Snapshot) TrendMemo(ctx context.Context, version int) (data []byte, through int64, ok bool, err error) {
	var packed []byte
	err = s.tx.QueryRowContext(ctx, `SELECT m.data, m.through FROM trend_memo m
		JOIN changelog c ON c.id = m.through AND c.hash = m.hash
		WHERE m.version = ?`, version).Scan(&packed, &through)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, 0, false, nil
	}
	if err != nil {
		return nil, 0, false, s.db.readErr(fmt.Errorf("read trend memo: %w", err))
	}
	data, err = unpack(packed)
	if err != nil {
		// Damaged: as good as none; the next memo replaces it.
		return nil, 0, false, nil
	}
	return data, through, true, nil
}

// KeepTrendMemo replaces the memo with data, of the given version of its
// content, counting the change log up to the row through. It records no
// change: the memo is derived from the change log, not a record. A row
// through that is not in the change log keeps nothing.
func (db *DB) KeepTrendMemo(ctx context.Context, version int, through int64, data []byte) error {
	var packed bytes.Buffer
	zw, err := gzip.NewWriterLevel(&packed, gzip.BestSpeed)
	if err != nil {
		return err
	}
	if _, err := zw.Write(data); err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return err
	}
	return db.update(ctx, func(tx *Tx) error {
		var hash string
		err := tx.QueryRowContext(ctx, "SELECT hash FROM changelog WHERE id = ?", through).Scan(&hash)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("read change log: %w", err)
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM trend_memo"); err != nil {
			return fmt.Errorf("replace trend memo: %w", err)
		}
		if _, err := tx.ExecContext(ctx, "INSERT INTO trend_memo (version, through, hash, data) VALUES (?, ?, ?, ?)",
			version, through, hash, packed.Bytes()); err != nil {
			return fmt.Errorf("replace trend memo: %w", err)
		}
		return nil
	})
}
