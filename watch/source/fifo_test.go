//go:build unix

package source

import (
	"context"
	"path/filepath"
	"slices"
	"syscall"
	"testing"
	"time"
)

// TestFolderSkipsPipes puts a named pipe called x.jsonl in a watched
// folder: the scan does not wait on it, and reads the files beside it.
func TestFolderSkipsPipes(t *testing.T) {
	dir := t.TempDir()
	if err := syscall.Mkfifo(filepath.Join(dir, "x.jsonl"), 0o644); err != nil {
		t.Skipf("no named pipes here: %v", err)
	}
	appendFile(t, filepath.Join(dir, "y.jsonl"), "y1\n")
	s := &Folder{Dir: dir, Faults: &faultList{}}
	s.init(time.Second)
	c := &collector{}
	done := make(chan struct{})
	go func() { s.scan(context.Background(), c.handle, false); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("the scan is stuck on the named pipe")
	}
	if got := c.take(); !slices.Equal(got, []string{"y1"}) {
		t.Errorf("lines %q", got)
	}
}
