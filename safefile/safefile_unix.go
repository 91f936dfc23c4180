//go:build unix

package safefile

import (
	"errors"
	"syscall"
)

func isDiskFull(err error) bool {
	return errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EDQUOT)
}

func isReadOnly(err error) bool { return errors.Is(err, syscall.EROFS) }

func isNameTooLong(err error) bool { return errors.Is(err, syscall.ENAMETOOLONG) }

func isDeviceError(err error) bool {
	return errors.Is(err, syscall.EIO) || errors.Is(err, syscall.ENXIO) || errors.Is(err, syscall.ENODEV) ||
		errors.Is(err, syscall.ESTALE)
}

// canWrite asks the system, without writing anything, whether path may be
// written: access(2) answers for permissions and read-only file systems
// alike.
func canWrite(path string) error {
	if err := syscall.Access(path, 2 /* W_OK */); err != nil {
		return &fsError{op: "write", path: path, err: err}
	}
	return nil
}

// freeSpace is how many bytes the folder's disk has free for this user.
func freeSpace(dir string) (uint64, error) {
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil {
		return 0, err
	}
	return uint64(st.Bavail) * uint64(st.Bsize), nil
}
