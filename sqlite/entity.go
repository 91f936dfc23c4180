package sqlite

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"riskbook/risk"
)

// entityRows are the rows of one table that loadEntities read, with what
// loading their link rows needs.
type entityRows[T any] struct {
	list  []T
	index map[int64]int // a row's ID to its position in list
	sub   string        // selects the IDs of the rows read
	args  []any         // sub's arguments
}

// loadEntities reads the rows of table that match an optional condition,
// selectSQL being the table's SELECT without a WHERE, scanning each with
// scan; id gives a scanned row's ID. size is how many rows the condition
// selects when the caller knows, else 0: the list is made that long at
// once (a whole table is counted first), instead of growing and copying
// its rows again and again, which costs most for a long register.
func loadEntities[T any](ctx context.Context, q queryer, table, selectSQL, where string, arg any, size int,
	scan func(rowScanner) (T, error), id func(*T) int64) (*entityRows[T], error) {
	query, args := selectSQL, []any{}
	sub := "SELECT id FROM " + table
	if where != "" {
		query += " WHERE " + where
		sub += " WHERE " + where
		if arg != nil {
			args = append(args, arg)
		}
	}
	if size == 0 && where == "" {
		if err := q.QueryRowContext(ctx, "SELECT count(*) FROM "+table).Scan(&size); err != nil {
			return nil, fmt.Errorf("read %s: %w", table, err)
		}
	}
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", table, err)
	}
	// Closed before the link rows are read: the writer has one connection.
	defer rows.Close()
	e := &entityRows[T]{index: make(map[int64]int, size), sub: sub, args: args}
	if size > 0 {
		e.list = make([]T, 0, size) // none stays nil, as a dump writes it
	}
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", table, err)
		}
		e.index[id(&v)] = len(e.list)
		e.list = append(e.list, v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read %s: %w", table, err)
	}
	return e, nil
}

// addRefs reads link rows into the list refs gives of each row read, in
// natural reference order. query selects (owner ID, reference) pairs and
// ends with the owner ID column, which addRefs limits to the rows read.
func (e *entityRows[T]) addRefs(ctx context.Context, q queryer, query string, refs func(*T) *[]string) error {
	err := links(ctx, q, query+" IN ("+e.sub+")", e.args, func(id int64, ref string) {
		list := refs(&e.list[e.index[id]])
		*list = append(*list, ref)
	})
	if err != nil {
		return err
	}
	for i := range e.list {
		slices.SortFunc(*refs(&e.list[i]), risk.CompareRefs)
	}
	return nil
}

// links reads (owner ID, reference) pairs and hands them to add.
func links(ctx context.Context, q queryer, query string, args []any, add func(owner int64, ref string)) error {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var ref string
		if err := rows.Scan(&id, &ref); err != nil {
			return err
		}
		add(id, ref)
	}
	return rows.Err()
}

// nextInSeries returns the next free reference in a series: prefix, then a
// number of at least width digits. used selects, as column ref, every
// reference the series could have given out, including those in the change
// log, so that none is reused.
func nextInSeries(ctx context.Context, q queryer, used, prefix string, width int) (string, error) {
	var high int
	n := len(prefix)
	err := q.QueryRowContext(ctx, `SELECT coalesce(max(CAST(substr(ref, ?) AS INTEGER)), 0) FROM (`+used+`) AS used
		WHERE upper(substr(ref, 1, ?)) = ? AND length(ref) > ? AND ltrim(substr(ref, ?), '0123456789') = ''`,
		n+1, n, prefix, n, n+1).Scan(&high)
	if err != nil {
		return "", fmt.Errorf("read references: %w", err)
	}
	return fmt.Sprintf("%s%0*d", prefix, width, high+1), nil
}

// stampNew readies a new entity's reference and times: a blank reference
// becomes the one next gives, a zero creation time now. Times are stored
// to the second in UTC, and the change log records what is stored.
func (tx *Tx) stampNew(ref *string, created, updated *time.Time, next func() (string, error)) error {
	if strings.TrimSpace(*ref) == "" {
		r, err := next()
		if err != nil {
			return err
		}
		*ref = r
	}
	if created.IsZero() {
		*created = tx.now
	}
	*created = created.UTC().Truncate(time.Second)
	*updated = tx.now
	return nil
}

// parseStamps reads an entity's creation and update times as stored.
func parseStamps(noun, ref, created, updated string, c, u *time.Time) error {
	var err error
	if *c, err = parseTime(created); err != nil {
		return fmt.Errorf("%s %s: malformed creation time %q", noun, ref, created)
	}
	if *u, err = parseTime(updated); err != nil {
		return fmt.Errorf("%s %s: malformed update time %q", noun, ref, updated)
	}
	return nil
}

// gone is the sentence for an entity deleted meanwhile, by another window
// or process: noun is its kind ("risk"), ref its reference when known.
func gone(noun, ref string) error {
	if ref == "" {
		switch noun {
		case "risk":
			return risk.Err(risk.ENOTFOUND, risk.T("store.gone.risk"))
		case "activity":
			return risk.Err(risk.ENOTFOUND, risk.T("store.gone.activity"))
		case "resource":
			return risk.Err(risk.ENOTFOUND, risk.T("store.gone.resource"))
		case "playbook":
			return risk.Err(risk.ENOTFOUND, risk.T("store.gone.playbook"))
		case "activation":
			return risk.Err(risk.ENOTFOUND, risk.T("store.gone.activation"))
		case "contact":
			return risk.Err(risk.ENOTFOUND, risk.T("store.gone.contact"))
		case "exercise":
			return risk.Err(risk.ENOTFOUND, risk.T("store.gone.exercise"))
		}
	}
	return risk.Err(risk.ENOTFOUND, risk.T("store.gone.ref", risk.Args{"Kind": risk.Capital{Localizer: kindText(noun)}, "Ref": ref}))
}

// kindText names a kind of record in a sentence: "risk", "le risque",
// "el riesgo".
func kindText(noun string) risk.Localizer {
	switch noun {
	case "risk":
		return risk.T("store.kind.risk")
	case "activity":
		return risk.T("store.kind.activity")
	case "resource":
		return risk.T("store.kind.resource")
	case "playbook":
		return risk.T("store.kind.playbook")
	case "activation":
		return risk.T("store.kind.activation")
	case "contact":
		return risk.T("store.kind.contact")
	case "exercise":
		return risk.T("store.kind.exercise")
	}
	return risk.Text(noun)
}
