//go:build unix

package watch

import (
	"errors"
	"os"
	"syscall"
)

// lockState takes an exclusive lock on FILE.lock beside the state file, so
// that two instances never share one state file; the lock goes with the
// returned file (closed, or the process gone).
func lockState(path string) (*os.File, error) {
	f, err := os.OpenFile(path+".lock", os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, stateError(path, "cannot create its lock: %v", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, stateError(path, "in use by another kqlhunt watch (%s.lock is locked)",
				path)
		}
		return nil, stateError(path, "cannot lock: %v", err)
	}
	return f, nil
}
