package source

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/kqlhunt/kqlhunt/schema"
	"github.com/kqlhunt/kqlhunt/value"
)

// wholeLog records the files read whole, with their content, and the
// faults reported; sources call it from their goroutines.
type wholeLog struct {
	mu     sync.Mutex
	reads  []string // base name and content of each read
	faults []error
}

func (l *wholeLog) read(_ context.Context, p string, _ map[string][]schema.Column,
	emit func(string, [][]value.Value)) error {
	b, err := os.ReadFile(p)
	if err != nil {
		return err
	}
	l.mu.Lock()
	l.reads = append(l.reads, filepath.Base(p)+":"+string(b))
	l.mu.Unlock()
	emit("Event", nil)
	return nil
}

func (l *wholeLog) Fault(_ string, err error) {
	l.mu.Lock()
	l.faults = append(l.faults, err)
	l.mu.Unlock()
}

// state returns copies of the reads and faults so far.
func (l *wholeLog) state() ([]string, []error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.Clone(l.reads), slices.Clone(l.faults)
}

// TestFolderSettle copies a file into a folder in two parts across polls:
// it is read once, whole; a change after that is reported, once, and a file
// put in its place is read.
func TestFolderSettle(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "c.xml")
	l := &wholeLog{}
	s := &Folder{Dir: dir, Read: l.read, Faults: l, Settle: 2 * time.Second}
	s.init(time.Second)
	clock := time.Now()
	s.whole.now = func() time.Time { return clock }
	c := &collector{}
	ctx := context.Background()
	scan := func(after time.Duration) {
		clock = clock.Add(after)
		s.scan(ctx, c.handle, false)
	}
	check := func(step string, reads []string, faults int) {
		t.Helper()
		r, f := l.state()
		if !slices.Equal(r, reads) || len(f) != faults {
			t.Fatalf("%s: reads %q, faults %v", step, r, f)
		}
		for _, err := range f {
			if !errors.Is(err, ErrChanged) {
				t.Errorf("%s: fault %v, want ErrChanged", step, err)
			}
		}
	}
	s.scan(ctx, c.handle, true)
	appendFile(t, path, "<first half")
	scan(0)
	scan(time.Second)
	check("first half", nil, 0)
	appendFile(t, path, " second half>")
	scan(time.Second) // the settle time after the first half was seen, but it grew
	check("grown", nil, 0)
	scan(time.Second)
	check("settling", nil, 0)
	scan(time.Second)
	check("settled", []string{"c.xml:<first half second half>"}, 0)
	appendFile(t, path, "<late>")
	scan(time.Second)
	appendFile(t, path, "<later>")
	scan(time.Second)
	check("changed after read", []string{"c.xml:<first half second half>"}, 1)

	next := filepath.Join(dir, "next.tmp")
	appendFile(t, next, "<new file>")
	if err := os.Rename(next, path); err != nil {
		t.Fatal(err)
	}
	scan(time.Second)
	scan(DefaultSettle)
	check("replaced", []string{"c.xml:<first half second half>", "c.xml:<new file>"}, 1)
	marks := 0
	for _, r := range c.recs {
		if r.Mark && r.File != nil && r.File.Whole {
			marks++
		}
	}
	if marks != 2 {
		t.Errorf("%d marks of files read whole, want 2", marks)
	}
}

// TestWholeFile reads a file given by name whole once it has settled,
// though written in two parts, and reports a later change.
func TestWholeFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "given.evtx")
	l := &wholeLog{}
	ready := make(chan struct{})
	s := &WholeFile{Path: path, Read: l.read, Faults: l, Poll: 5 * time.Millisecond,
		Settle: 200 * time.Millisecond, Ready: func() { close(ready) }}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	var mu sync.Mutex
	var recs []Record
	go func() {
		done <- s.Run(ctx, func(r Record) {
			mu.Lock()
			recs = append(recs, r)
			mu.Unlock()
		})
	}()
	<-ready
	appendFile(t, path, "part 1;")
	time.Sleep(50 * time.Millisecond)
	appendFile(t, path, "part 2")
	waitFor := func(what string, ok func(reads []string, faults []error) bool) {
		t.Helper()
		for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(5 * time.Millisecond) {
			if r, f := l.state(); ok(r, f) {
				return
			} else if time.Now().After(deadline) {
				t.Fatalf("%s: reads %q, faults %v", what, r, f)
			}
		}
	}
	waitFor("read", func(r []string, _ []error) bool { return len(r) > 0 })
	appendFile(t, path, "; part 3")
	waitFor("change", func(r []string, f []error) bool {
		return slices.Equal(r, []string{"given.evtx:part 1;part 2"}) &&
			len(f) == 1 && errors.Is(f[0], ErrChanged)
	})
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if n := len(recs); n != 2 || recs[0].Table != "Event" || !recs[1].Mark || !recs[1].File.Whole {
		t.Errorf("records %+v, want the rows and a mark", recs)
	}
}

// TestWholeFileFromEnd passes over the file present at start.
func TestWholeFileFromEnd(t *testing.T) {
	path := filepath.Join(t.TempDir(), "given.xml")
	appendFile(t, path, "<old>")
	l := &wholeLog{}
	s := &WholeFile{Path: path, Read: l.read, Faults: l, FromEnd: true,
		Poll: 5 * time.Millisecond, Settle: 10 * time.Millisecond}
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	c := &collector{}
	if err := s.Run(ctx, c.handle); err != nil {
		t.Fatal(err)
	}
	if r, f := l.state(); len(r) != 0 || len(f) != 0 {
		t.Errorf("reads %q, faults %v", r, f)
	}
	if len(c.recs) != 1 || !c.recs[0].Mark {
		t.Errorf("records %+v, want one mark", c.recs)
	}
}
