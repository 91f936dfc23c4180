//go:build windows

package safefile

import (
	"errors"
	"os"
	"path/filepath"

	"golang.org/x/sys/windows"
)

func isDiskFull(err error) bool {
	return errors.Is(err, windows.ERROR_DISK_FULL) || errors.Is(err, windows.ERROR_HANDLE_DISK_FULL)
}

func isReadOnly(err error) bool {
	return errors.Is(err, windows.ERROR_WRITE_PROTECT) || errors.Is(err, windows.ERROR_NOT_READY)
}

func isNameTooLong(err error) bool {
	return errors.Is(err, windows.ERROR_FILENAME_EXCED_RANGE) || errors.Is(err, windows.ERROR_BUFFER_OVERFLOW)
}

func isDeviceError(err error) bool {
	return errors.Is(err, windows.ERROR_DEV_NOT_EXIST) || errors.Is(err, windows.ERROR_NETNAME_DELETED) ||
		errors.Is(err, windows.ERROR_UNEXP_NET_ERR) || errors.Is(err, windows.ERROR_CRC)
}

// canWrite checks a file's read-only attribute, and a folder by making
// and removing a temporary file in it: Windows has no access(2) that
// answers for shares and write-protected media.
func canWrite(path string) error {
	st, err := os.Stat(path)
	if err != nil {
		return err
	}
	if !st.IsDir() {
		if st.Mode().Perm()&0o200 == 0 {
			return &fsError{op: "write", path: path, err: os.ErrPermission}
		}
		return nil
	}
	f, err := os.CreateTemp(path, "."+filepath.Base(path)+tempMark+"*.tmp")
	if err != nil {
		return err
	}
	f.Close()
	return os.Remove(f.Name())
}

// freeSpace is how many bytes the folder's disk has free for this user.
func freeSpace(dir string) (uint64, error) {
	p, err := windows.UTF16PtrFromString(dir)
	if err != nil {
		return 0, err
	}
	var avail, total, free uint64
	if err := windows.GetDiskFreeSpaceEx(p, &avail, &total, &free); err != nil {
		return 0, err
	}
	return avail, nil
}
