package workspace

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"time"

	"riskbook/i18n"
	"riskbook/risk"
	"riskbook/safefile"
	"riskbook/sqlite"
)

// DataDir is the folder where Riskbook keeps files of its own — the
// automatic backups and the log — readable by their owner only: the
// RISKBOOK_DATA environment variable when set, otherwise the system's
// place for application data (LocalAppData\Riskbook on Windows,
// ~/Library/Application Support/Riskbook on macOS, $XDG_DATA_HOME/riskbook
// or ~/.local/share/riskbook elsewhere).
func DataDir() (string, error) {
	if d := os.Getenv("RISKBOOK_DATA"); d != "" {
		return d, nil
	}
	home, err := os.UserHomeDir()
	switch runtime.GOOS {
	case "windows":
		if d := os.Getenv("LOCALAPPDATA"); d != "" {
			return filepath.Join(d, "Riskbook"), nil
		}
	case "darwin":
		if err == nil {
			return filepath.Join(home, "Library", "Application Support", "Riskbook"), nil
		}
	default:
		if d := os.Getenv("XDG_DATA_HOME"); d != "" {
			return filepath.Join(d, "riskbook"), nil
		}
	}
	if err != nil {
		return "", fmt.Errorf("find the folder for Riskbook's data: %w", err)
	}
	return filepath.Join(home, ".local", "share", "riskbook"), nil
}

// How long automatic backups are kept: one a day for a week, and the
// first of each month for a year.
const (
	KeepDays   = 7
	KeepMonths = 12
)

// Backups are the automatic rolling copies of the workspaces Riskbook
// writes to, one folder per workspace under Dir. A copy is made with
// SQLite's online backup when a workspace is opened for writing (unless
// there is one of that day already) and again, replacing that day's, when
// it is closed after changes; older copies thin out to one a day for
// KeepDays days and one a month for KeepMonths months. The newest copy is
// never removed, however old.
type Backups struct {
	Dir string
	// Now returns the current time; tests replace it.
	Now func() time.Time
}

// NewBackups keeps backups in the folder "backups" of the data folder.
func NewBackups(dataDir string) *Backups {
	return &Backups{Dir: filepath.Join(dataDir, "backups"), Now: time.Now}
}

// Backup is one copy of a workspace.
type Backup struct {
	Path string
	// Day is the day the copy is of; Taken, when it was written.
	Day, Taken time.Time
	// BeforeRestore marks the copy kept of a file replaced by a restore.
	BeforeRestore bool
	Size          int64
}

// Label names a backup in a list, in the reader's language: "Thursday 5
// March 2026, 14:02" ("jeudi 5 mars 2026, 14:02"), with "(kept before a
// restore)" after a copy kept of a replaced file.
func (b Backup) Label() string { return b.LabelIn(i18n.Default()) }

// LabelIn is Label in p's language.
func (b Backup) LabelIn(p *i18n.Printer) string {
	s := p.When(b.Taken.Local())
	if b.BeforeRestore {
		s = p.T("backup.label.kept", i18n.Args{"When": s})
	}
	return s
}

const dayLayout = "2006-01-02"

// backupName matches "NAME 2026-03-05.riskbook" and
// "NAME 2026-03-05 14.30.12 before restore.riskbook".
var backupName = regexp.MustCompile(`^.* (\d{4}-\d{2}-\d{2})( \d{2}\.\d{2}\.\d{2} before restore)?` + regexp.QuoteMeta(sqlite.Extension) + `$`)

// Folder is where the backups of the workspace at path are kept: a folder
// named after the workspace and a digest of its full path, so that two
// workspaces of the same name never share one.
func (b *Backups) Folder(path string) string {
	abs, err := filepath.Abs(path)
	if err != nil {
		abs = path
	}
	sum := sha256.Sum256([]byte(abs))
	return filepath.Join(b.Dir, baseName(path)+" "+hex.EncodeToString(sum[:4]))
}

func baseName(path string) string {
	if IsServer(path) {
		return sqlite.ServerLabel(path)
	}
	return strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
}

// List returns the backups of the workspace at path, newest first.
func (b *Backups) List(path string) ([]Backup, error) {
	dir := b.Folder(path)
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, safefile.Explain(risk.OpRead, dir, err)
	}
	var out []Backup
	for _, e := range entries {
		m := backupName.FindStringSubmatch(e.Name())
		if m == nil || e.IsDir() {
			continue
		}
		day, err := time.ParseInLocation(dayLayout, m[1], time.Local)
		info, ierr := e.Info()
		if err != nil || ierr != nil {
			continue
		}
		out = append(out, Backup{Path: filepath.Join(dir, e.Name()), Day: day, Taken: info.ModTime(),
			BeforeRestore: m[2] != "", Size: info.Size()})
	}
	slices.SortFunc(out, func(a, b Backup) int { return b.Taken.Compare(a.Taken) })
	return out, nil
}

// Take writes today's backup of w, replacing one taken earlier today only
// when replace is set, and thins out the older ones. It reports whether it
// wrote a copy.
func (b *Backups) Take(ctx context.Context, w *Workspace, replace bool) (bool, error) {
	now := b.Now()
	dir := b.Folder(w.Path())
	path := filepath.Join(dir, baseName(w.Path())+" "+now.Format(dayLayout)+sqlite.Extension)
	if _, err := os.Stat(path); err == nil && (!replace || sameHistory(ctx, w, path)) {
		return false, nil
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return false, safefile.Explain(risk.OpWrite, path, err)
	}
	if err := w.Backup(ctx, path); err != nil {
		return false, err
	}
	// The file's time is when the copy was made, for the list; a test
	// clock moves it too.
	if err := os.Chtimes(path, now, now); err != nil {
		return true, safefile.Explain(risk.OpWrite, path, err)
	}
	return true, b.prune(w.Path(), now)
}

// sameHistory reports whether the backup at path ends its change log
// where w does: w has not changed since.
func sameHistory(ctx context.Context, w *Workspace, path string) bool {
	head, err := w.Changes(ctx, sqlite.ChangeFilter{Limit: 1})
	if err != nil {
		return false
	}
	b, err := OpenReadOnly(ctx, path)
	if err != nil {
		return false
	}
	defer b.Close()
	bhead, err := b.Changes(ctx, sqlite.ChangeFilter{Limit: 1})
	return err == nil && len(head) == len(bhead) && (len(head) == 0 || head[0].Hash == bhead[0].Hash)
}

// prune removes the backups the rotation no longer keeps.
func (b *Backups) prune(path string, now time.Time) error {
	list, err := b.List(path)
	if err != nil {
		return err
	}
	for _, bk := range list[min(1, len(list)):] { // the newest always stays
		if !keep(bk, list, now) {
			if err := os.Remove(bk.Path); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return safefile.Explain(risk.OpWrite, bk.Path, err)
			}
		}
	}
	return nil
}

// keep says whether the rotation keeps bk: every backup of the last
// KeepDays days, and the first backup of each of the last KeepMonths
// months.
func keep(bk Backup, all []Backup, now time.Time) bool {
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, now.Location())
	if !bk.Day.Before(today.AddDate(0, 0, -(KeepDays - 1))) {
		return true
	}
	months := (now.Year()-bk.Day.Year())*12 + int(now.Month()) - int(bk.Day.Month())
	if months >= KeepMonths {
		return false
	}
	for _, other := range all {
		if other.Day.Year() == bk.Day.Year() && other.Day.Month() == bk.Day.Month() &&
			(other.Day.Before(bk.Day) || other.Day.Equal(bk.Day) && other.Taken.Before(bk.Taken)) {
			return false // an earlier backup is the month's
		}
	}
	return true
}

// Restore puts a copy of the backup at backup in place of the workspace at path,
// which must not be open for writing anywhere. The file it replaces is
// first kept among the backups (KeptBefore names it), so that the restore
// can itself be undone.
func (b *Backups) Restore(ctx context.Context, backup, path string) (kept string, err error) {
	now := b.Now()
	if _, err := os.Stat(path); err == nil {
		dir := b.Folder(path)
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return "", safefile.Explain(risk.OpWrite, dir, err)
		}
		kept = filepath.Join(dir, baseName(path)+" "+now.Format(dayLayout+" 15.04.05")+" before restore"+sqlite.Extension)
	}
	if err := sqlite.Restore(ctx, backup, path, kept); err != nil {
		return "", err
	}
	return kept, nil
}
