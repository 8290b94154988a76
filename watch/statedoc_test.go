package watch

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestStateArrivals looks up the saved arrival times of lines read again.
func TestStateArrivals(t *testing.T) {
	t0 := time.Date(2026, 3, 14, 9, 0, 0, 0, time.UTC)
	now := t0.Add(time.Hour)
	f := &fileDoc{Offset: 100, End: 400, Arrivals: []arrivalDoc{{100, t0}, {250, t0.Add(time.Minute)}}}
	tests := []struct {
		off  int64
		want time.Time
	}{
		{100, t0}, {249, t0}, {250, t0.Add(time.Minute)}, {399, t0.Add(time.Minute)},
		{400, now}, {50, t0},
	}
	for _, tc := range tests {
		if got := f.arrival(tc.off, now); !got.Equal(tc.want) {
			t.Errorf("arrival at %d: %v, want %v", tc.off, got, tc.want)
		}
	}
	from := arrivalsFrom(f.Arrivals, 200)
	if len(from) != 2 || from[0].Offset != 200 || !from[0].Time.Equal(t0) || from[1].Offset != 250 {
		t.Errorf("arrivals from 200: %v", from)
	}
}

// TestStateWrite replaces the state file and leaves no temporary file.
func TestStateWrite(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "state.json")
	const empty = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
	for i := range 3 {
		doc := &stateDoc{Version: stateVersion, Files: []*fileDoc{{Path: "/x", Offset: int64(i),
			End: int64(i), HeadSHA256: empty}}}
		if err := doc.write(path); err != nil {
			t.Fatal(err)
		}
	}
	doc, err := readState(path)
	if err != nil || len(doc.Files) != 1 || doc.Files[0].Offset != 2 {
		t.Fatalf("read back %+v, %v", doc, err)
	}
	names, _ := os.ReadDir(dir)
	if len(names) != 1 {
		t.Errorf("folder holds %d files, want the state file only", len(names))
	}
	if doc, err := readState(filepath.Join(dir, "absent.json")); doc != nil || err != nil {
		t.Errorf("a missing state file: %v, %v", doc, err)
	}
}

// FuzzReadState reads arbitrary bytes as a state file: an error or a
// document, never a panic.
func FuzzReadState(f *testing.F) {
	f.Add([]byte(`{"version":1,"files":[{"path":"/x","offset":3,"end":9}],"folders":[{"dir":"/d"}]}`))
	f.Add([]byte(`{"version":1,"files":[null],"folders":[null],"given":[{"name":""}]}`))
	f.Add([]byte(`{"version":1,"files":[{"path":"/x","offset":-1,"arrivals":[{"offset":5}]}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(t.TempDir(), "state.json")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		doc, err := readState(path)
		if err == nil && doc == nil {
			t.Fatal("no document and no error for an existing file")
		}
	})
}
