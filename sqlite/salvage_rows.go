package sqlite

import (
	"context"
	"encoding/binary"
	"fmt"
	"slices"
	"strings"
	"time"
)

// tableShape is a table as its rows are stored: the columns in record
// order, which of them is the rowid, and what each may hold. A row read
// from a page is matched against the shapes to tell which table it is of.
type tableShape struct {
	name         string
	cols         []shapeColumn // in record order
	withoutRowid bool
	rowidCol     int // the INTEGER PRIMARY KEY column, stored as NULL; -1 if none
}

type shapeColumn struct {
	name    string
	typ     string // INTEGER, TEXT, REAL, BLOB or ANY: every workspace table is STRICT
	notNull bool
	pk      int // position in the primary key, 0 if not in it
}

// tableShapes reads the shapes of the tables of db, which holds the schema
// of the damaged file's version.
func tableShapes(ctx context.Context, db *DB) (map[string]*tableShape, error) {
	rows, err := db.write.QueryContext(ctx, `SELECT name, wr FROM pragma_table_list
		WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite_%'`)
	if err != nil {
		return nil, fmt.Errorf("read the schema: %w", err)
	}
	shapes := map[string]*tableShape{}
	for rows.Next() {
		s := &tableShape{rowidCol: -1}
		if err := rows.Scan(&s.name, &s.withoutRowid); err != nil {
			rows.Close()
			return nil, err
		}
		shapes[s.name] = s
	}
	rows.Close()
	for _, s := range shapes {
		cols, err := db.write.QueryContext(ctx, "SELECT name, upper(type), \"notnull\", pk FROM pragma_table_info(?) ORDER BY cid", s.name)
		if err != nil {
			return nil, err
		}
		for cols.Next() {
			var c shapeColumn
			if err := cols.Scan(&c.name, &c.typ, &c.notNull, &c.pk); err != nil {
				cols.Close()
				return nil, err
			}
			s.cols = append(s.cols, c)
		}
		cols.Close()
		if s.withoutRowid {
			// The record holds the primary key first, in key order.
			slices.SortStableFunc(s.cols, func(a, b shapeColumn) int {
				switch {
				case a.pk > 0 && b.pk > 0:
					return a.pk - b.pk
				case a.pk > 0:
					return -1
				case b.pk > 0:
					return 1
				}
				return 0
			})
		} else if keys := pkColumns(s.cols); len(keys) == 1 && s.cols[keys[0]].typ == "INTEGER" {
			s.rowidCol = keys[0]
		}
	}
	return shapes, nil
}

func pkColumns(cols []shapeColumn) []int {
	var out []int
	for i, c := range cols {
		if c.pk > 0 {
			out = append(out, i)
		}
	}
	return out
}

// fits reports whether a row read from a page can be a row of the table:
// as many values, each of the column's type, and plausible where the
// column's name says what it holds (a time, a hash).
func (s *tableShape) fits(vals []any) bool {
	if len(vals) != len(s.cols) {
		return false
	}
	for i, v := range vals {
		c := s.cols[i]
		if i == s.rowidCol {
			if v != nil {
				return false
			}
			continue
		}
		if v == nil {
			if c.notNull {
				return false
			}
			continue
		}
		if !typeFits(c.typ, v) || !plausible(c.name, v) {
			return false
		}
	}
	return true
}

func typeFits(typ string, v any) bool {
	switch v.(type) {
	case int64:
		return typ == "INTEGER" || typ == "REAL" || typ == "ANY"
	case float64:
		return typ == "REAL" || typ == "ANY"
	case string:
		return typ == "TEXT" || typ == "ANY"
	case []byte:
		return typ == "BLOB" || typ == "ANY"
	}
	return false
}

// plausible tells rows of tables with the same column types apart by what
// their columns hold: the change log's hashes and times, an entity's
// stamps.
func plausible(col string, v any) bool {
	s, ok := v.(string)
	if !ok {
		return true
	}
	switch col {
	case "hash":
		return isHash(s)
	case "prev_hash":
		return s == "" || isHash(s)
	case "at", "created", "updated", "applied", "declared_at":
		_, err := time.Parse(time.RFC3339, s)
		return err == nil
	}
	return true
}

func isHash(s string) bool {
	return len(s) == 64 && strings.Trim(s, "0123456789abcdef") == ""
}

// recovered are the rows a salvage read, per table: first those reached
// through their table's b-tree, then those of pages no tree reaches any
// more, matched to a table by their shape.
type recovered struct {
	rows map[string][]rawRow
	// reached counts, per table, the rows reached through its b-tree.
	reached map[string]int
	// lost counts rows in readable pages that could not be decoded, and
	// pages that look like table pages but match no table or several.
	lostRows, lostPages int
}

// recoverRows reads every row it can from the damaged file.
func recoverRows(f *rawFile, shapes map[string]*tableShape) *recovered {
	rec := &recovered{rows: map[string][]rawRow{}, reached: map[string]int{}}
	seen := map[int]bool{}
	overflow := map[int]bool{}
	keys := map[string]map[string]bool{}
	add := func(s *tableShape, r rawRow) bool {
		if keys[s.name] == nil {
			keys[s.name] = map[string]bool{}
		}
		k := fmt.Sprint(r.rowid)
		if s.withoutRowid {
			k = fmt.Sprint(r.values)
		}
		if keys[s.name][k] {
			return false
		}
		keys[s.name][k] = true
		rec.rows[s.name] = append(rec.rows[s.name], r)
		return true
	}
	// The schema itself is the table b-tree on page 1.
	roots := map[string]int{}
	f.walk(1, seen, func(leaf int) {
		rows, _ := f.leafRows(leaf, overflow)
		for _, r := range rows {
			if len(r.values) == 5 {
				name, _ := r.values[1].(string)
				root, _ := r.values[3].(int64)
				if name != "" && root > 1 {
					roots[name] = int(root)
				}
			}
		}
	})
	names := make([]string, 0, len(roots))
	for name := range roots {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		s := shapes[name]
		f.walk(roots[name], seen, func(leaf int) {
			if s == nil {
				return // an index: its pages are only marked as seen
			}
			rows, lost := f.leafRows(leaf, overflow)
			rec.lostRows += lost
			for _, r := range rows {
				if !s.fits(r.values) {
					rec.lostRows++
				} else if add(s, r) {
					rec.reached[name]++
				}
			}
		})
	}
	free := f.freePages()
	for n := 2; n <= f.pages; n++ {
		typ := f.pageType(n)
		if seen[n] || free[n] || overflow[n] || (typ != pageTableLeaf && typ != pageIndexLeaf) {
			continue
		}
		own := map[int]bool{}
		rows, _ := f.leafRows(n, own)
		if len(rows) == 0 {
			continue
		}
		var match *tableShape
		for _, s := range shapes {
			if s.withoutRowid != (typ == pageIndexLeaf) || !allFit(s, rows) {
				continue
			}
			if match != nil {
				match = nil
				rec.lostPages++ // the rows fit more than one table
				break
			}
			match = s
		}
		if match == nil {
			continue
		}
		for p := range own {
			overflow[p] = true
		}
		for _, r := range rows {
			add(match, r)
		}
	}
	return rec
}

func allFit(s *tableShape, rows []rawRow) bool {
	for _, r := range rows {
		if !s.fits(r.values) {
			return false
		}
	}
	return true
}

// insertRows writes the recovered rows into db, whose schema is the
// damaged file's, without checking foreign keys: a row whose parent was
// lost is dropped later, when the workspace is read back. A row that
// breaks a constraint (a reference used twice) is left out.
func insertRows(ctx context.Context, db *DB, shapes map[string]*tableShape, rec *recovered) error {
	if _, err := db.write.ExecContext(ctx, "PRAGMA foreign_keys = OFF"); err != nil {
		return err
	}
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for name, rows := range rec.rows {
		s := shapes[name]
		cols := make([]string, len(s.cols))
		marks := make([]string, len(s.cols))
		for i, c := range s.cols {
			cols[i], marks[i] = `"`+c.name+`"`, "?"
		}
		if !s.withoutRowid && s.rowidCol < 0 {
			cols, marks = append([]string{"rowid"}, cols...), append([]string{"?"}, marks...)
		}
		for i, r := range rows {
			// What a table's own b-tree reached replaces what the migrations
			// put there; a row of a lost page never replaces another.
			verb := "INSERT OR IGNORE"
			if i < rec.reached[name] {
				verb = "INSERT OR REPLACE"
			}
			args := append([]any(nil), r.values...)
			if s.rowidCol >= 0 {
				args[s.rowidCol] = r.rowid
			} else if !s.withoutRowid {
				args = append([]any{r.rowid}, args...)
			}
			q := verb + " INTO \"" + name + "\" (" + strings.Join(cols, ", ") + ") VALUES (" + strings.Join(marks, ", ") + ")"
			if _, err := tx.ExecContext(ctx, q, args...); err != nil {
				rec.lostRows++
			}
		}
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	_, err = db.write.ExecContext(ctx, "PRAGMA foreign_keys = ON")
	return err
}

// headerVersion is the schema version in a file's header, or 0 when the
// header cannot be trusted.
func headerVersion(f *rawFile) int {
	if len(f.data) < 100 || string(f.data[:16]) != string(sqliteMagic) {
		return 0
	}
	v := int(binary.BigEndian.Uint32(f.data[60:64]))
	if v < 1 || v > SchemaVersion() {
		return 0
	}
	return v
}

// expectedPages is how many pages the file should have, by its header.
func expectedPages(f *rawFile) int {
	if len(f.data) >= 100 && binary.BigEndian.Uint32(f.data[24:28]) == binary.BigEndian.Uint32(f.data[92:96]) {
		if n := int(binary.BigEndian.Uint32(f.data[28:32])); n > f.pages {
			return n
		}
	}
	return f.pages
}

// dropOrphans removes the recovered rows whose parent row was lost — an
// action of a lost risk, a link to a lost activity — repeating until none
// is left, since removing one can orphan another.
func dropOrphans(ctx context.Context, db *DB, shapes map[string]*tableShape) error {
	type fk struct{ table, from, parent, to string }
	var fks []fk
	for name := range shapes {
		rows, err := db.write.QueryContext(ctx, `SELECT "table", "from", coalesce("to", '') FROM pragma_foreign_key_list(?)`, name)
		if err != nil {
			return err
		}
		for rows.Next() {
			k := fk{table: name}
			if err := rows.Scan(&k.parent, &k.from, &k.to); err != nil {
				rows.Close()
				return err
			}
			if k.to == "" {
				k.to = "rowid"
			}
			fks = append(fks, k)
		}
		rows.Close()
	}
	slices.SortFunc(fks, func(a, b fk) int { return strings.Compare(a.table+a.from, b.table+b.from) })
	for {
		removed := int64(0)
		for _, k := range fks {
			res, err := db.write.ExecContext(ctx, fmt.Sprintf(`DELETE FROM "%s" WHERE "%s" IS NOT NULL AND "%s" NOT IN (SELECT "%s" FROM "%s")`,
				k.table, k.from, k.from, k.to, k.parent))
			if err != nil {
				return err
			}
			n, _ := res.RowsAffected()
			removed += n
		}
		if removed == 0 {
			return nil
		}
	}
}
