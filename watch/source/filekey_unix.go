//go:build unix

package source

import (
	"os"
	"syscall"
)

// fileKey returns a file's device and inode numbers.
func fileKey(info os.FileInfo) (dev, ino uint64, ok bool) {
	st, ok := info.Sys().(*syscall.Stat_t)
	if !ok {
		return 0, 0, false
	}
	return uint64(st.Dev), uint64(st.Ino), true
}
