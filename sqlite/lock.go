package sqlite

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"riskbook/risk"
)

// lockFile is the writer lock of a workspace: a file next to it, named
// after it with ".lock" added, held with an OS lock for as long as a process
// has the workspace open for writing. The OS drops the lock when the process
// dies, so a crash never leaves a workspace locked; the file's content says
// who holds it, for the message another process shows.
type lockFile struct {
	f    *os.File
	path string
}

// holder describes the process holding a lock.
type holder struct {
	PID     int    `json:"pid"`
	User    string `json:"user"`
	Host    string `json:"host"`
	Program string `json:"program"`
	Since   string `json:"since"`
}

func lockPath(path string) string { return path + ".lock" }

func acquireLock(path string) (*lockFile, error) {
	lp := lockPath(path)
	for attempt := 0; ; attempt++ {
		f, err := os.OpenFile(lp, os.O_RDWR|os.O_CREATE, 0o600)
		if err != nil {
			return nil, explain(risk.OpOpen, path, err)
		}
		if err := lockExclusive(f); err != nil {
			f.Close()
			if errors.Is(err, errLocked) {
				return nil, (&risk.FileError{Fault: risk.FaultLocked, Op: risk.OpOpen, Path: path,
					Detail: describeHolder(lp), Err: err}).Person()
			}
			return nil, fmt.Errorf("lock %s: %w", lp, err)
		}
		// The previous holder may have removed the file between our open and
		// our lock: then we locked a file nobody else can see. Start again.
		if same, _ := sameFile(f, lp); !same && attempt < 3 {
			unlock(f)
			f.Close()
			continue
		}
		h := holder{PID: os.Getpid(), User: osUser(), Program: filepath.Base(os.Args[0]), Since: formatTime(time.Now())}
		h.Host, _ = os.Hostname()
		b, _ := json.Marshal(h) // a struct of strings and ints always marshals
		if err := f.Truncate(0); err == nil {
			f.WriteAt(append(b, '\n'), 0) // the content is informative only
		}
		return &lockFile{f: f, path: lp}, nil
	}
}

func sameFile(f *os.File, path string) (bool, error) {
	a, err := f.Stat()
	if err != nil {
		return false, err
	}
	b, err := os.Stat(path)
	if err != nil {
		return false, err
	}
	return os.SameFile(a, b), nil
}

// describeHolder says who holds a lock: "in another process (riskbook,
// process 4711 of alice on host x, since …)", or "in this Riskbook".
func describeHolder(lp string) risk.Msg {
	b, err := os.ReadFile(lp)
	var h holder
	if err != nil || json.Unmarshal(b, &h) != nil || h.PID == 0 {
		return risk.T("store.holder.unknown")
	}
	if h.PID == os.Getpid() {
		return risk.T("store.holder.self")
	}
	since := ""
	if t, err := parseTime(h.Since); err == nil && !t.IsZero() {
		since = t.Local().Format("2006-01-02 15:04")
	}
	return risk.T("store.holder.process", risk.Args{"Program": h.Program, "PID": strconv.Itoa(h.PID),
		"User": h.User, "Host": h.Host, "Since": since})
}

func (l *lockFile) release() {
	if l == nil || l.f == nil {
		return
	}
	// Remove before unlocking, so a process that gets the lock next writes
	// its own holder into a new file rather than into one being removed.
	os.Remove(l.path)
	unlock(l.f)
	l.f.Close()
	l.f = nil
}

// osUser is the login name of the person running Riskbook.
// osFullName is the full name of the operating-system account, or "" when
// it has none worth printing: empty, or its login again (root).
func osFullName() string {
	u, err := user.Current()
	if err != nil {
		return ""
	}
	name, _, _ := strings.Cut(u.Name, ",") // GECOS: name, room, phone…
	name = strings.TrimSpace(name)
	if strings.EqualFold(name, u.Username) {
		return ""
	}
	return name
}

func osUser() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	for _, k := range []string{"USER", "USERNAME", "LOGNAME"} {
		if v := os.Getenv(k); v != "" {
			return v
		}
	}
	return "unknown"
}
