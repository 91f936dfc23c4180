package sqlite

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

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

// changesChannel is the channel the server's change log notifies
// (postgres/005_changes_notify.sql).
const changesChannel = "riskbook_changes"

// sessionName is the application name of one open server workspace's
// connections: "Riskbook" and a random tag, which the change log's
// notifications carry so that a workspace tells its own changes from
// others'.
func sessionName() string {
	b := make([]byte, 6)
	rand.Read(b)
	return "Riskbook " + hex.EncodeToString(b)
}

// changesSettle is how long Watch gathers notifications after the first
// before it reports them: an import or a rename notifies several kinds at
// once, and a screen reloads once.
const changesSettle = 150 * time.Millisecond

// reconnectFirst and reconnectMost bound the wait between two attempts
// to listen again after the connection was lost: it doubles from the first
// to the most.
var (
	reconnectFirst = time.Second
	reconnectMost  = 30 * time.Second
)

// Watch reports the changes other Riskbooks make to a workspace on a
// server: it listens on a connection of its own and calls changed, from
// its own goroutine, with the kinds of record changed (the change log's
// entities: "risk", "playbook", …, sorted) a moment after they are
// committed. The workspace's own changes are not reported.
//
// A lost connection is made again, waiting a second, then twice as long
// each time up to half a minute: paused is called with the error once it
// is lost, and changed with nil kinds once listening again, since
// anything may have changed meanwhile. Watch returns nil when ctx ends,
// or the server's refusal of the login or the database, which waiting
// does not mend. On a workspace file it returns nil at once: a file has
// one writer, this one.
func (db *DB) Watch(ctx context.Context, changed func(kinds []string), paused func(err error)) error {
	if db.server == nil {
		return nil
	}
	wait := reconnectFirst
	lost := false
	for {
		err := db.listen(ctx, func() {
			wait = reconnectFirst
			if lost {
				lost = false
				changed(nil)
			}
		}, changed)
		if ctx.Err() != nil {
			return nil
		}
		if err = db.serverErr(err); lasting(err) {
			return err
		}
		if !lost {
			lost = true
			paused(err)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(wait):
		}
		wait = min(2*wait, reconnectMost)
	}
}

// lasting tells a refusal waiting does not mend (a login or a database
// the server refuses) from a connection lost or a server out of reach.
func lasting(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && (strings.HasPrefix(pe.Code, "28") || pe.Code == "3D000")
}

// listen listens for the change log's notifications on one connection
// until ctx ends or the connection is lost, calling listening once it
// listens and changed with the kinds others changed; it returns the error
// that ended it.
func (db *DB) listen(ctx context.Context, listening func(), changed func(kinds []string)) error {
	cfg := db.server.config.Copy()
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return err
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(ctx, "LISTEN "+changesChannel); err != nil {
		return err
	}
	listening()
	own := cfg.RuntimeParams["application_name"] + " "
	// The connection is read by one goroutine; a wait is never cut short,
	// which would close the connection.
	payloads, ended := make(chan string), make(chan error, 1)
	go func() {
		for {
			n, err := conn.WaitForNotification(ctx)
			if err != nil {
				ended <- err
				return
			}
			select {
			case payloads <- n.Payload:
			case <-ctx.Done():
			}
		}
	}()
	kinds := map[string]bool{}
	var settled <-chan time.Time
	for {
		select {
		case p := <-payloads:
			// "Riskbook TAG ENTITY": no entity holds a space.
			i := strings.LastIndexByte(p, ' ')
			if i < 0 || strings.HasPrefix(p, own) {
				continue
			}
			kind := p[i+1:]
			kinds[kind] = true
			if settled == nil {
				settled = time.After(changesSettle)
			}
		case <-settled:
			changed(slices.Sorted(maps.Keys(kinds)))
			kinds, settled = map[string]bool{}, nil
		case err := <-ended:
			if len(kinds) > 0 {
				changed(slices.Sorted(maps.Keys(kinds)))
			}
			return err
		}
	}
}
