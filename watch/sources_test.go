package watch_test

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestSourceGivenTwice names one file three ways and its folder too: each
// line is evaluated once.
func TestSourceGivenTwice(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "events.jsonl")
	appendEvents(t, file, 0, 10, time.Now())
	wd, _ := os.Getwd()
	rel, err := filepath.Rel(wd, file)
	if err != nil {
		t.Skip("no relative path to the temporary folder")
	}
	mem := newMemSink()
	cfg := fileConfig(t, "twice", file, "", mem)
	cfg.Files = []string{file, rel, filepath.Join(dir, ".", "events.jsonl")}
	cfg.Folders = []string{dir}
	in := startInstance(t, cfg)
	waitSeen(t, mem, "the lines", 0, 10)
	time.Sleep(300 * time.Millisecond) // a second reading would show by now
	if err := in.stop(); err != nil {
		t.Fatal(err)
	}
	checkOnce(t, mem, 0, 10)
}
