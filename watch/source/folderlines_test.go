package source

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"
)

// faultList keeps the faults reported.
type faultList struct{ origins []string }

func (l *faultList) Fault(origin string, _ error) { l.origins = append(l.origins, origin) }

// openFiles counts this process's descriptors open on path (deleted or
// not); ok is false where /proc/self/fd does not list them.
func openFiles(path string) (n int, ok bool) {
	ents, err := os.ReadDir("/proc/self/fd")
	if runtime.GOOS != "linux" || err != nil {
		return 0, false
	}
	for _, e := range ents {
		if to, err := os.Readlink(filepath.Join("/proc/self/fd", e.Name())); err == nil &&
			strings.TrimSuffix(to, " (deleted)") == path {
			n++
		}
	}
	return n, true
}

// TestFolderDeleted deletes a followed file, then the whole folder: each
// file is read to its end (its last line even without newline) and
// closed, and the folder gone is reported once.
func TestFolderDeleted(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "logs")
	os.MkdirAll(filepath.Join(dir, "sub"), 0o755)
	a, b := filepath.Join(dir, "sub", "a.jsonl"), filepath.Join(dir, "b.jsonl")
	appendFile(t, a, "a1\n")
	appendFile(t, b, "b1\n")
	faults := &faultList{}
	s := &Folder{Dir: dir, Faults: faults}
	s.init(time.Second)
	c := &collector{}
	ctx := context.Background()
	s.scan(ctx, c.handle, false)
	if got := c.take(); !slices.Equal(got, []string{"b1", "a1"}) {
		t.Errorf("lines %q", got)
	}
	_, proc := openFiles(a)
	if n, _ := openFiles(a); proc && n != 1 {
		t.Fatalf("%d descriptors open on %s before deletion, want 1", n, a)
	}

	appendFile(t, a, "a2")
	os.Remove(a)
	s.scan(ctx, c.handle, false)
	if got := c.take(); !slices.Equal(got, []string{"a2"}) {
		t.Errorf("lines of the deleted file %q, want its last line", got)
	}
	if n, _ := openFiles(a); n != 0 || s.follows[a] != nil {
		t.Errorf("deleted file: %d descriptors open, followed %v", n, s.follows[a] != nil)
	}

	appendFile(t, b, "b2\n")
	os.RemoveAll(dir)
	s.scan(ctx, c.handle, false)
	s.scan(ctx, c.handle, false)
	if got := c.take(); !slices.Equal(got, []string{"b2"}) {
		t.Errorf("lines of the deleted folder %q", got)
	}
	if n, _ := openFiles(b); n != 0 || len(s.follows) != 0 {
		t.Errorf("deleted folder: %d descriptors open, %d files followed", n, len(s.follows))
	}
	if !slices.Equal(faults.origins, []string{dir}) {
		t.Errorf("faults %q, want the folder once", faults.origins)
	}
}

// TestFollowOpenFails starts following a path it cannot open at first
// (a symbolic link to itself here, too many open files in the field): the
// fault is returned, and once it can, it opens the file as at the first
// look (here from its end).
func TestFollowOpenFails(t *testing.T) {
	path := filepath.Join(t.TempDir(), "e.jsonl")
	if err := os.Symlink(path, path); err != nil {
		t.Skip("no symbolic links:", err)
	}
	f := &Follower{Path: path, FromEnd: true}
	defer f.Close()
	c := &collector{}
	if err := f.Step(c.handle); err == nil {
		t.Fatal("no error opening a link to itself")
	}
	os.Remove(path)
	appendFile(t, path, "old\n")
	if err := f.Step(c.handle); err != nil {
		t.Fatal(err)
	}
	if got := c.take(); len(got) != 0 {
		t.Errorf("lines %q, want none (from the end)", got)
	}
}

// TestFolderRenamed renames a followed file to another name the folder
// watches, as a rotation does, then appends to it: the lines already read
// are not read again, and the new one is read once.
func TestFolderRenamed(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "app.jsonl"), filepath.Join(dir, "app-1.jsonl")
	appendFile(t, a, "u1\nu2\npart")
	s := &Folder{Dir: dir, Faults: &faultList{}}
	s.init(time.Second)
	c := &collector{}
	ctx := context.Background()
	s.scan(ctx, c.handle, false)
	if got := c.take(); !slices.Equal(got, []string{"u1", "u2"}) {
		t.Fatalf("lines %q", got)
	}
	if err := os.Rename(a, b); err != nil {
		t.Fatal(err)
	}
	appendFile(t, b, "ial\nu3\n")
	s.scan(ctx, c.handle, false)
	if got := c.take(); !slices.Equal(got, []string{"partial", "u3"}) {
		t.Errorf("after the rename: lines %q, want partial and u3 only", got)
	}
	if len(s.follows) != 1 || s.follows[b] == nil {
		t.Errorf("followed %v, want %s only", s.follows, b)
	}
}

// TestFolderLink puts a symbolic link to a followed file beside it: the
// file's lines are read once.
func TestFolderLink(t *testing.T) {
	dir := t.TempDir()
	a := filepath.Join(dir, "a.jsonl")
	appendFile(t, a, "l1\n")
	if err := os.Symlink(a, filepath.Join(dir, "current.jsonl")); err != nil {
		t.Skipf("no symbolic links here: %v", err)
	}
	s := &Folder{Dir: dir, Faults: &faultList{}}
	s.init(time.Second)
	c := &collector{}
	s.scan(context.Background(), c.handle, false)
	appendFile(t, a, "l2\n")
	s.scan(context.Background(), c.handle, false)
	if got := c.take(); !slices.Equal(got, []string{"l1", "l2"}) {
		t.Errorf("lines %q, want each once", got)
	}
}

// TestFollowRewrittenSameHead truncates a followed file and writes it
// again, longer, between two checks, with the same first 64 bytes: the
// bytes before the read position differ, so it is read from its start.
func TestFollowRewrittenSameHead(t *testing.T) {
	path := filepath.Join(t.TempDir(), "f.jsonl")
	same := strings.Repeat("x", 70)
	appendFile(t, path, same+" u11\n"+same+" u12\n")
	f := &Follower{Path: path}
	c := &collector{}
	if err := f.Step(c.handle); err != nil {
		t.Fatal(err)
	}
	c.take()
	os.WriteFile(path, []byte(same+" u21\n"+same+" u22\n"+same+" u23\n"), 0o644)
	if err := f.Step(c.handle); err != nil {
		t.Fatal(err)
	}
	want := []string{same + " u21", same + " u22", same + " u23"}
	if got := c.take(); !slices.Equal(got, want) {
		t.Errorf("after the rewrite: %d lines %q, want u21, u22, u23", len(got), got)
	}
}
