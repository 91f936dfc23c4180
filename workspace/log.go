package workspace

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"time"
)

// LogName is the log's file name in the data folder.
const LogName = "riskbook.log"

// logLimit is the size past which the log starts afresh, the previous one
// kept as riskbook.log.1.
const logLimit = 1 << 20

// Log is the file where Riskbook writes the technical detail behind the
// sentences it shows — what a person sends when they report a problem.
// The file is made, readable by its owner only, at the first line written.
type Log struct {
	Path string
	mu   sync.Mutex
}

// NewLog is the log in the data folder.
func NewLog(dataDir string) *Log { return &Log{Path: filepath.Join(dataDir, LogName)} }

// Write appends p as it is; Log is an io.Writer for the standard logger.
func (l *Log) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if st, err := os.Stat(l.Path); err == nil && st.Size() > logLimit {
		os.Rename(l.Path, l.Path+".1")
	}
	if err := os.MkdirAll(filepath.Dir(l.Path), 0o700); err != nil {
		return 0, err
	}
	f, err := os.OpenFile(l.Path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return 0, err
	}
	n, err := f.Write(p)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return n, err
}

// Printf writes one dated line.
func (l *Log) Printf(format string, args ...any) {
	fmt.Fprintf(Dated(l), format+"\n", args...)
}

// logTime is how the log dates a line: the ISO 8601 date every list and
// field of Riskbook shows, and the time to the second.
const logTime = "2006-01-02 15:04:05"

// Dated writes to w each write it is given, a line or a few, behind the
// time it is written: the standard logger (with its own date turned off)
// and Printf date the log's lines alike.
func Dated(w io.Writer) io.Writer { return dated{w} }

type dated struct{ w io.Writer }

func (d dated) Write(p []byte) (int, error) {
	if _, err := d.w.Write(append([]byte(time.Now().Format(logTime)+" "), p...)); err != nil {
		return 0, err
	}
	return len(p), nil
}
