package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"riskbook/risk"
)

// Several people may edit one workspace at once: on a server, or in two
// windows on one file. An editor reads a record, the person edits it, and
// the edit comes back with the record's Updated stamp as it was read. The
// store compares that stamp with the stored one inside the write
// transaction and refuses an edit made on a record changed meanwhile
// (risk.Stale), so no change is ever overwritten unseen. Each update gives
// the record a later stamp than the one it had, even within one second,
// so that the stamp tells every version of a record apart.

// ErrUnreachable is behind the refusal of a server workspace whose server
// could not be reached (errors.Is): the network is down, or the server.
var ErrUnreachable = errors.New("the server could not be reached")

// unchanged refuses an edit of the record kind/ref read when it was
// stamped read, if the stored record, stamped stored, changed since:
// theirs is the stored record, handed to the editor with who changed it.
// A zero read stamp claims no read (a record built whole, not edited from
// one read), and is not compared. stamp is the edit's own stamp, which
// the update has set to the stored one: a refusal puts read back, so that
// the same edit saved again is refused again.
func (tx *Tx) unchanged(ctx context.Context, kind, ref string, stamp *time.Time, read, stored time.Time, theirs any) error {
	if read.IsZero() || read.Equal(stored) {
		return nil
	}
	*stamp = read
	by, err := lastActor(ctx, tx, kind, ref)
	if err != nil {
		return err
	}
	return risk.StaleErr(&risk.Stale{Kind: kind, Ref: ref, Theirs: theirs, By: by, At: stored})
}

// lastActor is who made the last change to the record kind/ref, by the
// change log.
func lastActor(ctx context.Context, q queryer, kind, ref string) (string, error) {
	var actor string
	err := q.QueryRowContext(ctx, "SELECT actor FROM changelog WHERE entity = ? AND key = ? ORDER BY id DESC LIMIT 1",
		kind, ref).Scan(&actor)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("read change log: %w", err)
	}
	return actor, nil
}

// restamp is the Updated stamp of a record saved now whose stored stamp
// is prev: now, or a second after prev when prev is not earlier (an
// edit within the second of the last one, or a clock behind another
// computer's), so that every version of a record has a stamp of its own.
func (tx *Tx) restamp(prev time.Time) time.Time {
	if tx.now.After(prev) {
		return tx.now
	}
	return prev.Add(time.Second)
}

// Connection says where a workspace on a server is, by its short name
// (ServerLabel: "registry@db.example.org"), and as whom it is connected:
// the database login, which the server's roles judge. Both are empty for
// a workspace file.
func (db *DB) Connection() (where, login string) {
	if db.server == nil {
		return "", ""
	}
	return ServerLabel(db.path), db.server.config.User
}
