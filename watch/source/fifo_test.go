//go:build unix

package source

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"sync"
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

// TestFollowUnreadable follows a path it cannot open yet (a symbolic link
// to itself, which fails for root too): the error is reported once, and
// the file put there later is read.
func TestFollowUnreadable(t *testing.T) {
	path := filepath.Join(t.TempDir(), "f.jsonl")
	if err := os.Symlink(path, path); err != nil {
		t.Skipf("no symbolic links here: %v", err)
	}
	faults := &faultList{}
	ready := make(chan struct{})
	f := &Follower{Path: path, Poll: 5 * time.Millisecond, Faults: faults,
		Ready: func() { close(ready) }}
	var mu sync.Mutex
	var lines []string
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- f.Run(ctx, func(r Record) {
			if !r.Mark {
				mu.Lock()
				lines = append(lines, string(r.Data))
				mu.Unlock()
			}
		})
	}()
	<-ready
	time.Sleep(50 * time.Millisecond) // several checks, one report
	os.Remove(path)
	appendFile(t, path, "l1\n")
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(5 * time.Millisecond) {
		mu.Lock()
		n := len(lines)
		mu.Unlock()
		if n == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the file was not read once readable")
		}
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if len(faults.origins) != 1 {
		t.Errorf("%d faults reported, want 1", len(faults.origins))
	}
}

// TestPipe reads a named pipe given by path to its end, line by line.
func TestPipe(t *testing.T) {
	path := filepath.Join(t.TempDir(), "p.jsonl")
	if err := syscall.Mkfifo(path, 0o644); err != nil {
		t.Skipf("no named pipes here: %v", err)
	}
	go func() {
		w, err := os.OpenFile(path, os.O_WRONLY, 0)
		if err != nil {
			return
		}
		w.WriteString("p1\np2\np3")
		w.Close()
	}()
	c := &collector{}
	if err := (&Pipe{Path: path}).Run(context.Background(), c.handle); err != nil {
		t.Fatal(err)
	}
	if got := c.take(); !slices.Equal(got, []string{"p1", "p2", "p3"}) {
		t.Errorf("lines %q", got)
	}
}
