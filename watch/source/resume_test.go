package source

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// TestFollowPositions checks the offsets, ends and files of the records a
// Follower hands out, and the marks at each new file.
func TestFollowPositions(t *testing.T) {
	path := filepath.Join(t.TempDir(), "e.jsonl")
	appendFile(t, path, "a\n\nbb\r\ncc")
	f := &Follower{Path: path}
	defer f.Close()
	c := &collector{}
	type pos struct {
		data     string
		off, end int64
		mark     bool
	}
	read := func() ([]pos, []*File) {
		var out []pos
		var files []*File
		for _, r := range c.recs {
			out = append(out, pos{string(r.Data), r.Offset, r.End, r.Mark})
			if len(files) == 0 || files[len(files)-1] != r.File {
				files = append(files, r.File)
			}
		}
		c.recs, c.lines = nil, nil
		return out, files
	}
	if err := f.Step(c.handle); err != nil {
		t.Fatal(err)
	}
	got, files := read()
	want := []pos{{"", 0, 0, true}, {"a", 0, 2, false}, {"bb", 3, 7, false}}
	if !slices.Equal(got, want) || len(files) != 1 {
		t.Fatalf("first step: %v in %d files, want %v", got, len(files), want)
	}
	if f.Pos() != 7 {
		t.Errorf("Pos %d, want 7", f.Pos())
	}
	first := files[0]
	appendFile(t, path, "c\n")
	if err := os.Rename(path, path+".1"); err != nil {
		t.Fatal(err)
	}
	appendFile(t, path, "d\n")
	f.Step(c.handle)
	got, files = read()
	want = []pos{{"ccc", 7, 11, false}, {"", 0, 0, true}, {"d", 0, 2, false}}
	if !slices.Equal(got, want) || len(files) != 2 || files[0] != first {
		t.Fatalf("rotation: %v in %d files, want %v", got, len(files), want)
	}
	second := files[1]
	if err := os.Truncate(path, 0); err != nil {
		t.Fatal(err)
	}
	appendFile(t, path, "e\n")
	f.Step(c.handle)
	got, files = read()
	want = []pos{{"", 0, 0, true}, {"e", 0, 2, false}}
	if !slices.Equal(got, want) || len(files) != 1 || files[0] == second {
		t.Fatalf("truncation: %v in %d files, want %v in a new file", got, len(files), want)
	}
	if id := files[0].ID(); id.HeadLen != 2 {
		t.Errorf("head of %d bytes, want 2", id.HeadLen)
	}
}

// TestFollowResumeIdentity resumes at a saved position only in the file
// saved.
func TestFollowResumeIdentity(t *testing.T) {
	const text = "line one\nline two\nline three\n"
	save := func(t *testing.T, path string) *Position {
		t.Helper()
		f := &Follower{Path: path}
		defer f.Close()
		c := &collector{}
		f.Step(c.handle)
		return &Position{Offset: 9, ID: c.recs[0].File.ID()}
	}
	tests := []struct {
		name   string
		change func(t *testing.T, path string)
		want   []string
	}{
		{"same file, grown", func(t *testing.T, path string) { appendFile(t, path, "four\n") },
			[]string{"line two", "line three", "four"}},
		{"rotated", func(t *testing.T, path string) {
			os.Rename(path, path+".1")
			appendFile(t, path, "new one\nnew two\nnew three\n")
		}, []string{"new one", "new two", "new three"}},
		{"truncated", func(t *testing.T, path string) {
			os.Truncate(path, 0)
			appendFile(t, path, "x\n")
		}, []string{"x"}},
		{"rewritten in place", func(t *testing.T, path string) {
			os.WriteFile(path, []byte("LINE ONE\nline two\nline three\nfour\n"), 0o644)
		}, []string{"LINE ONE", "line two", "line three", "four"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "e.jsonl")
			appendFile(t, path, text)
			p := save(t, path)
			tc.change(t, path)
			f := &Follower{Path: path, Resume: p, FromEnd: true}
			defer f.Close()
			c := &collector{}
			if err := f.Step(c.handle); err != nil {
				t.Fatal(err)
			}
			if got := c.take(); !slices.Equal(got, tc.want) {
				t.Errorf("read %q, want %q", got, tc.want)
			}
			resumed := c.recs[0].File.Resumed == p
			if resumed != (tc.name == "same file, grown") {
				t.Errorf("resumed %v", resumed)
			}
		})
	}
}
