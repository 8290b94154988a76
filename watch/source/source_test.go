package source

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kqlhunt/kqlhunt/schema"
	"github.com/kqlhunt/kqlhunt/value"
)

// collector gathers the lines handed out, and the other records.
type collector struct {
	lines []string
	recs  []Record
}

func (c *collector) handle(r Record) {
	c.recs = append(c.recs, r)
	if !r.Mark {
		c.lines = append(c.lines, string(r.Data))
	}
}

func (c *collector) take() []string {
	l := c.lines
	c.lines = nil
	return l
}

func appendFile(t *testing.T, path, text string) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString(text); err != nil {
		t.Fatal(err)
	}
	f.Close()
}

func TestFollow(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "events.jsonl")
	f := &Follower{Path: path}
	defer f.Close()
	c := &collector{}
	steps := []struct {
		name string
		do   func()
		want []string
	}{
		{"missing file", func() {}, nil},
		{"created", func() { appendFile(t, path, "a\nb\n") }, []string{"a", "b"}},
		{"append", func() { appendFile(t, path, "c\r\n") }, []string{"c"}},
		{"partial line waits", func() { appendFile(t, path, `{"x":`) }, nil},
		{"partial completed", func() { appendFile(t, path, "1}\nd\n") },
			[]string{`{"x":1}`, "d"}},
		{"rotation by rename", func() {
			appendFile(t, path, "e\nlast-unterminated")
			if err := os.Rename(path, path+".1"); err != nil {
				t.Fatal(err)
			}
			appendFile(t, path, "f\n")
		}, []string{"e", "last-unterminated", "f"}},
		{"renamed away, old file grows", func() {
			if err := os.Rename(path, path+".2"); err != nil {
				t.Fatal(err)
			}
			appendFile(t, path+".2", "g\n")
		}, []string{"g"}},
		{"new file appears", func() { appendFile(t, path, "h\n") }, []string{"h"}},
		{"truncation", func() {
			if err := os.Truncate(path, 0); err != nil {
				t.Fatal(err)
			}
			appendFile(t, path, "i\n")
		}, []string{"i"}},
		{"nothing new", func() {}, nil},
	}
	for _, s := range steps {
		s.do()
		if err := f.Step(c.handle); err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		if got := c.take(); !slices.Equal(got, s.want) {
			t.Errorf("%s: got %q, want %q", s.name, got, s.want)
		}
	}
}

func TestFollowResume(t *testing.T) {
	path := filepath.Join(t.TempDir(), "e.jsonl")
	appendFile(t, path, "a\nb\npart")
	f := &Follower{Path: path}
	c := &collector{}
	f.Step(c.handle)
	pos := f.Pos()
	f.Close()
	if pos != 4 {
		t.Fatalf("pos %d, want 4", pos)
	}
	appendFile(t, path, "ial\nc\n")
	g := &Follower{Path: path, Start: pos}
	defer g.Close()
	c.take()
	g.Step(c.handle)
	if got := c.take(); !slices.Equal(got, []string{"partial", "c"}) {
		t.Errorf("resumed: %q", got)
	}
	h := &Follower{Path: path, FromEnd: true}
	defer h.Close()
	h.Step(c.handle)
	appendFile(t, path, "d\n")
	h.Step(c.handle)
	if got := c.take(); !slices.Equal(got, []string{"d"}) {
		t.Errorf("from end: %q", got)
	}
}

func TestReader(t *testing.T) {
	c := &collector{}
	long := strings.Repeat("x", 300<<10)
	r := &Reader{R: strings.NewReader("a\n\nb\r\n" + long + "\nlast")}
	if err := r.Run(context.Background(), c.handle); err != nil {
		t.Fatal(err)
	}
	if got := c.take(); len(got) != 4 || got[2] != long || got[3] != "last" {
		t.Errorf("got %d lines", len(got))
	}
}

func TestFolderScan(t *testing.T) {
	dir := t.TempDir()
	appendFile(t, filepath.Join(dir, "old.jsonl"), "old\n")
	var whole []string
	read := func(_ context.Context, p string, _ map[string][]schema.Column,
		emit func(string, [][]value.Value)) error {
		whole = append(whole, filepath.Base(p))
		emit("Event", nil)
		return nil
	}
	s := &Folder{Dir: dir, Read: read}
	s.init(time.Second)
	clock := time.Now()
	s.whole.now = func() time.Time { return clock }
	c := &collector{}
	ctx := context.Background()
	s.scan(ctx, c.handle, true)
	appendFile(t, filepath.Join(dir, "old.jsonl"), "new\n")
	appendFile(t, filepath.Join(dir, "n.jsonl"), "n1\n")
	appendFile(t, filepath.Join(dir, "a.evtx"), "ElfFile")
	s.scan(ctx, c.handle, false)
	if got := c.take(); !slices.Equal(got, []string{"n1", "new"}) {
		t.Errorf("lines %q", got)
	}
	s.scan(ctx, c.handle, false) // not settled yet
	if len(whole) != 0 {
		t.Errorf("read before settled: %q", whole)
	}
	clock = clock.Add(DefaultSettle)
	s.scan(ctx, c.handle, false) // settled: read now
	s.scan(ctx, c.handle, false)
	if !slices.Equal(whole, []string{"a.evtx"}) {
		t.Errorf("whole files read: %q", whole)
	}
}
