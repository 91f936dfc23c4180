package sqlite

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math/bits"
	"os"
	"path/filepath"
	"strings"
	"time"

	"riskbook/i18n"
	"riskbook/risk"
	"riskbook/safefile"
)

// Open opens an existing workspace for reading and writing, applying any
// migrations it lacks. It refuses, without changing the file, anything that
// is not a workspace of a schema this build knows, a damaged workspace, a
// workspace that cannot be written (the error holds a *risk.FileError
// with FaultReadOnly: open it with OpenReadOnly), and a workspace that
// another process has open for writing.
func Open(ctx context.Context, path string) (*DB, error) {
	if IsServer(path) {
		return openServer(ctx, path, true)
	}
	if _, err := readHeader(path); err != nil {
		return nil, err
	}
	if err := safefile.Writable(path); err != nil {
		fe := &risk.FileError{Fault: risk.FaultReadOnly, Op: risk.OpOpen, Path: path, Err: err}
		if ro := (*safefile.ReadOnlyError)(nil); errors.As(err, &ro) {
			fe.Detail = ro.ReasonText()
		}
		return nil, fe.Person()
	}
	opened, err := os.Stat(path)
	if err != nil {
		return nil, explain(risk.OpOpen, path, err)
	}
	lock, err := acquireLock(path)
	if err != nil {
		return nil, err
	}
	db, err := connect(path, modeWrite)
	if err != nil {
		lock.release()
		return nil, err
	}
	db.lock, db.opened = lock, opened
	if err := db.checkStamp(ctx); err != nil {
		db.Close()
		return nil, err
	}
	if err := db.quickCheck(ctx); err != nil {
		db.Close()
		return nil, err
	}
	if err := db.migrate(ctx); err != nil {
		db.Close()
		if re := (*risk.Error)(nil); errors.As(explain(risk.OpSave, path, err), &re) {
			return nil, re
		}
		return nil, fmt.Errorf("upgrade %s: %w", path, err)
	}
	db.openedPages = db.pageCount(ctx)
	return db, nil
}

func (db *DB) pageCount(ctx context.Context) int64 {
	var n int64
	db.write.QueryRowContext(ctx, "PRAGMA page_count").Scan(&n) // 0 when unknown: no compaction
	return n
}

// Compaction: a workspace that grew by a quarter while it was open for
// writing (an import, a day of work on a small register) is rewritten
// table by table when it is closed. Rows written together — a risk and its
// change-log row — otherwise lie interleaved through the file; compacted,
// the current records come first and their history after them, so a file
// later cut short (a copy stopped halfway) loses history before records.
// The first import into a workspace without risks writes them so already
// (laidOut), and is not compacted again.
const (
	compactGrowth   = 4   // grew by at least 1/compactGrowth
	compactMinPages = 128 // and is at least this many pages
)

// compactIfGrown compacts the workspace on closing; it is skipped when
// another process is reading the file.
func (db *DB) compactIfGrown(ctx context.Context) {
	if db.write == nil || db.openedPages == 0 || db.server != nil {
		return
	}
	n := db.pageCount(ctx)
	if n < compactMinPages || n-db.openedPages < db.openedPages/compactGrowth {
		return
	}
	db.write.ExecContext(ctx, "VACUUM") // best effort: the file is whole either way
}

// laidOut tells the compaction on closing that the file's growth so far is
// laid out already as compacting would lay it out: a first import into a
// workspace without risks writes its records first and their history after
// them, and rewriting the file on closing would take as long again as the
// import for the same layout.
func (db *DB) laidOut(ctx context.Context) {
	if db.write != nil && db.openedPages != 0 && db.server == nil {
		if n := db.pageCount(ctx); n != 0 {
			db.openedPages = n
		}
	}
}

// OpenReadOnly opens a workspace for reading only, without taking the
// writer lock: dump, check, verify and export work while the app has the
// file open, and on a file that cannot be written at all — on a
// write-protected stick, a read-only share, a CD — without leaving anything
// beside it:
//
//   - a workspace that can be written is read through connections that
//     refuse to write, which see what a writer elsewhere commits; the last
//     to close removes SQLite's -wal and -shm files again;
//   - one that cannot be written is opened immutable, SQLite's open for
//     files nothing can change, which needs no journal files;
//   - one with a journal SQLite cannot read in place (a -wal file without
//     its -shm on read-only media), and one made by an older Riskbook, is
//     read from a private copy in the temporary folder — brought up to
//     date there — which goes when the workspace is closed.
//
// ReadOnly then says why the workspace cannot be changed.
func OpenReadOnly(ctx context.Context, path string) (*DB, error) {
	if IsServer(path) {
		return openServer(ctx, path, false)
	}
	h, err := readHeader(path)
	if err != nil {
		return nil, err
	}
	why := safefile.Writable(path)
	var db *DB
	switch {
	case h.version < SchemaVersion():
		db, err = openCopy(ctx, path, why == nil)
	case why == nil:
		// A disk too full for SQLite's shared-memory index: nothing can
		// write the file either, so it is read as it is.
		if db, err = connect(path, modeShared); err != nil && !hasJournal(path) && isFault(err, risk.FaultDiskFull) {
			db, err = connect(path, modeImmutable)
		}
	case !hasJournal(path):
		db, err = connect(path, modeImmutable)
	default:
		if db, err = connect(path, modeReadOnly); err != nil {
			db, err = openCopy(ctx, path, false)
		}
	}
	if err != nil {
		return nil, err
	}
	db.readOnly = risk.T("store.read_only.opened")
	if ro := (*safefile.ReadOnlyError)(nil); errors.As(why, &ro) {
		db.readOnly = ro.ReasonText()
	}
	if err := db.checkStamp(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// quickCheck runs SQLite's quick check, which reads every page: Riskbook
// never writes to a damaged file, where a change could lose more.
func (db *DB) quickCheck(ctx context.Context) error {
	var result string
	if err := db.read.QueryRowContext(ctx, "PRAGMA quick_check(1)").Scan(&result); err != nil {
		return explain(risk.OpOpen, db.path, err)
	}
	if result != "ok" {
		return (&risk.FileError{Fault: risk.FaultDamaged, Op: risk.OpOpen, Path: db.path,
			Detail: risk.T("store.detail.unreadable_part"), Err: errors.New(result)}).Person()
	}
	return nil
}

// ReadOnly says why the workspace cannot be changed through db ("its disk
// is read-only"), or "" when it can.
func (db *DB) ReadOnly() string {
	if db.write != nil || db.readOnly == nil {
		return ""
	}
	return db.readOnly.In(i18n.Default())
}

// hasJournal reports whether a write-ahead log with content lies beside
// the workspace: changes not yet copied into the file itself.
func hasJournal(path string) bool {
	st, err := os.Stat(path + "-wal")
	return err == nil && st.Size() > 0
}

// openCopy reads the workspace from a private copy in the temporary
// folder, migrated to this build's schema. live says that SQLite may open
// the file itself (copied then with its online backup, consistent even
// while it is written); otherwise the file and its journal are copied as
// they are, which is safe because nothing can write them.
func openCopy(ctx context.Context, path string, live bool) (db *DB, err error) {
	f, err := safefile.CreateTemp(os.TempDir(), filepath.Base(path))
	if err != nil {
		return nil, explain(risk.OpOpen, path, err)
	}
	tmp := f.Name()
	f.Close()
	defer func() {
		if err != nil {
			removeWorkspaceFiles(tmp)
		}
	}()
	if err := copyForReading(ctx, path, tmp, live); err != nil {
		return nil, err
	}
	work, err := connect(tmp, modeWrite)
	if err != nil {
		return nil, err
	}
	work.Now = time.Now
	err = work.migrate(ctx)
	if cerr := work.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, fmt.Errorf("bring a copy of %s up to date: %w", path, err)
	}
	db, err = connect(tmp, modeImmutable)
	if err != nil {
		return nil, err
	}
	db.path, db.copy = path, tmp
	return db, nil
}

func copyForReading(ctx context.Context, path, tmp string, live bool) error {
	if live {
		src, err := connect(path, modeShared)
		if err == nil {
			err = src.onlineCopy(ctx, tmp)
			src.Close()
		}
		return err
	}
	if err := copyFile(path, tmp); err != nil {
		return explain(risk.OpRead, path, err)
	}
	if hasJournal(path) {
		if err := copyFile(path+"-wal", tmp+"-wal"); err != nil {
			return explain(risk.OpRead, path, err)
		}
	}
	return nil
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// connection modes of a workspace file.
type openMode int

const (
	modeWrite     openMode = iota // the one writer: WAL, full sync, immediate transactions
	modeShared                    // readers beside a writer: they refuse to write but share its WAL
	modeReadOnly                  // SQLite's read-only open, for a file whose journal is readable in place
	modeImmutable                 // SQLite's open for a file nothing can change: no locks, no journal files
	modeCopy                      // the target of an online backup: a plain connection, no pragmas
)

// dsn builds the connection string. The path is escaped for a file: URI;
// nothing else in it comes from outside, since pragma values run as SQL.
func dsn(path string, mode openMode) string {
	p := filepath.ToSlash(path)
	if vol := filepath.VolumeName(path); vol != "" {
		p = "/" + p
	}
	p = strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(p)
	q := "_pragma=busy_timeout(5000)&_pragma=foreign_keys(1)&_time_format=sqlite"
	switch mode {
	case modeShared:
		// query_only rather than mode=ro: a reader that closes last must be
		// able to checkpoint and remove the -wal and -shm files, or they are
		// left next to the workspace. The journal mode is left as the file
		// has it, so reading a backup does not convert it.
		return "file:" + p + "?" + q + "&_pragma=query_only(1)"
	case modeReadOnly:
		return "file:" + p + "?mode=ro&" + q
	case modeImmutable:
		return "file:" + p + "?mode=ro&immutable=1&" + q
	case modeCopy:
		return "file:" + p
	}
	return "file:" + p + "?" + q + "&_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)&_txlock=immediate"
}

func isFault(err error, f risk.Fault) bool {
	fe := (*risk.FileError)(nil)
	return errors.As(err, &fe) && fe.Fault == f
}

// connect opens the connections of a workspace: readers only, or readers
// and the single writer. The journal files SQLite makes beside a file it
// then fails to open are removed again.
func connect(path string, mode openMode) (*DB, error) {
	var made []string
	for _, suffix := range []string{"-wal", "-shm"} {
		if !exists(path + suffix) {
			made = append(made, path+suffix)
		}
	}
	db, err := connectFiles(path, mode)
	if err != nil {
		for _, p := range made {
			// The index is only ever rebuilt; a log is removed only empty.
			if st, serr := os.Stat(p); serr == nil && (st.Size() == 0 || strings.HasSuffix(p, "-shm")) {
				os.Remove(p)
			}
		}
	}
	return db, err
}

func connectFiles(path string, mode openMode) (*DB, error) {
	db := &DB{path: path, Now: time.Now}
	readMode := mode
	if mode == modeWrite {
		readMode = modeShared
	}
	var err error
	if db.read, err = sql.Open("sqlite", dsn(path, readMode)); err != nil {
		return nil, err
	}
	db.read.SetMaxOpenConns(4)
	if mode == modeWrite {
		if db.write, err = sql.Open("sqlite", dsn(path, modeWrite)); err != nil {
			db.read.Close()
			return nil, err
		}
		db.write.SetMaxOpenConns(1)
		db.write.SetConnMaxIdleTime(0)
		// Open the writer first: it puts the file in WAL mode before any
		// reader looks at it.
		if err := db.write.Ping(); err != nil {
			db.Close()
			return nil, explain(risk.OpOpen, path, err)
		}
	}
	// Reading the schema finds out at once whether the file can be read.
	var n int
	if err := db.read.QueryRow("SELECT count(*) FROM sqlite_schema").Scan(&n); err != nil {
		db.Close()
		return nil, explain(risk.OpOpen, path, err)
	}
	return db, nil
}

// Close closes the connections, releases the writer lock and removes the
// private copy a read-only workspace was read from.
func (db *DB) Close() error {
	db.compactIfGrown(context.Background())
	var errs []error
	if db.read != nil {
		errs = append(errs, db.read.Close())
	}
	if db.write != nil {
		errs = append(errs, db.write.Close())
	}
	if db.lock != nil {
		db.lock.release()
		db.lock = nil
	}
	if db.copy != "" {
		removeWorkspaceFiles(db.copy)
		db.copy = ""
	}
	return errors.Join(errs...)
}

func (db *DB) checkStamp(ctx context.Context) error {
	conn := db.read
	if db.write != nil {
		conn = db.write
	}
	var app, version int
	if err := conn.QueryRowContext(ctx, "PRAGMA application_id").Scan(&app); err != nil {
		return explain(risk.OpOpen, db.path, err)
	}
	if err := conn.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return explain(risk.OpOpen, db.path, err)
	}
	return stampError(db.path, uint32(app), version)
}

func stampError(path string, app uint32, version int) error {
	if app != ApplicationID {
		return (&risk.FileError{Fault: risk.FaultNotWorkspace, Op: risk.OpOpen, Path: path,
			Detail: risk.T("store.detail.other_program")}).Person()
	}
	if version > SchemaVersion() {
		return risk.Err(risk.EINVALID, risk.T("store.open.newer", risk.Args{"Path": path, "Version": version, "Max": SchemaVersion()}))
	}
	return nil
}

// sqliteMagic starts every SQLite database file.
var sqliteMagic = []byte("SQLite format 3\x00")

// fileHeader is what the first 100 bytes of a workspace file say.
type fileHeader struct {
	pageSize int
	pages    int // the size of the database in pages, when the header says it reliably
	version  int // the schema version (user_version)
}

// readHeader reads the 100-byte database header without opening the file
// as a database, so files Riskbook refuses are never touched. Besides
// telling a workspace from other files, it finds a workspace cut short: a
// copy that stopped halfway, a stick pulled out too early.
func readHeader(path string) (fileHeader, error) {
	var h fileHeader
	f, err := os.Open(path)
	if err != nil {
		return h, explain(risk.OpOpen, path, err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return h, explain(risk.OpOpen, path, err)
	}
	if st.IsDir() {
		return h, risk.Err(risk.EINVALID, risk.T("store.open.folder", risk.Args{"Path": path}))
	}
	var b [100]byte
	n, err := io.ReadFull(f, b[:])
	if err != nil && n == 0 {
		if errors.Is(err, io.EOF) {
			return h, notWorkspace(path, risk.T("store.detail.empty"))
		}
		return h, explain(risk.OpOpen, path, err)
	}
	if n < len(b) || !bytes.Equal(b[:16], sqliteMagic) {
		if n == len(b) && nearly(b[:16], sqliteMagic) && strings.EqualFold(filepath.Ext(path), Extension) {
			return h, damaged(path, risk.T("store.detail.header_damaged"))
		}
		return h, notWorkspace(path, risk.T("store.detail.not_sqlite"))
	}
	h.pageSize = int(binary.BigEndian.Uint16(b[16:18]))
	if h.pageSize == 1 {
		h.pageSize = 65536
	}
	h.version = int(binary.BigEndian.Uint32(b[60:64]))
	// The page count is reliable when the change counter matches the
	// "version valid for" number (SQLite 3.7.0 and later always write both).
	if binary.BigEndian.Uint32(b[24:28]) == binary.BigEndian.Uint32(b[92:96]) {
		h.pages = int(binary.BigEndian.Uint32(b[28:32]))
	}
	if err := stampError(path, binary.BigEndian.Uint32(b[68:72]), h.version); err != nil {
		return h, err
	}
	// A write-ahead log may hold the pages the file lacks.
	if want := int64(h.pages) * int64(h.pageSize); st.Size() < want && !hasJournal(path) {
		return h, damaged(path, risk.T("store.detail.cut_short_of", risk.Args{"Have": size(st.Size()), "Want": size(want)}))
	}
	return h, nil
}

// nearly reports whether a and b differ in a few bits only: a damaged
// header rather than another kind of file.
func nearly(a, b []byte) bool {
	diff := 0
	for i := range a {
		diff += bits.OnesCount8(a[i] ^ b[i])
	}
	return diff <= 4
}

func notWorkspace(path string, detail risk.Msg) error {
	return (&risk.FileError{Fault: risk.FaultNotWorkspace, Op: risk.OpOpen, Path: path, Detail: detail}).Person()
}

func damaged(path string, detail risk.Msg) error {
	return (&risk.FileError{Fault: risk.FaultDamaged, Op: risk.OpOpen, Path: path, Detail: detail}).Person()
}

// size writes a file size as a person reads it.
func size(n int64) risk.Msg {
	switch {
	case n >= 10<<20:
		return risk.T("store.size.mb", risk.Args{"N": int(n >> 20)})
	case n >= 10<<10:
		return risk.T("store.size.kb", risk.Args{"N": int(n >> 10)})
	}
	return risk.N("store.size.bytes", int(n))
}

func exists(path string) bool {
	_, err := os.Lstat(path)
	return err == nil
}

func removeWorkspaceFiles(path string) {
	for _, suffix := range []string{"", "-wal", "-shm", "-journal"} {
		os.Remove(path + suffix)
	}
}
