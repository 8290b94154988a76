// Package testenv finds the shared test data (../shared) for tests and
// skips tests cleanly where it is absent.
package testenv

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// SharedDir returns the shared data folder: $KQLHUNT_SHARED, else
// ../shared beside the module root. It returns "" when that folder does
// not exist.
func SharedDir() string {
	dir := os.Getenv("KQLHUNT_SHARED")
	if dir == "" {
		_, file, _, _ := runtime.Caller(0)
		root := filepath.Join(filepath.Dir(file), "..", "..")
		dir = filepath.Join(root, "..", "shared")
	}
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return ""
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return dir
	}
	return abs
}

// Shared returns the path of rel inside the shared data folder, skipping
// the test with a clear message when the folder or the file is absent.
func Shared(tb testing.TB, rel string) string {
	tb.Helper()
	dir := SharedDir()
	if dir == "" {
		tb.Skip("shared data not found: set KQLHUNT_SHARED or put ../shared beside the repository")
	}
	p := filepath.Join(dir, rel)
	if _, err := os.Stat(p); err != nil {
		tb.Skipf("shared data file %s not found: %v", rel, err)
	}
	return p
}
