package watch_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kqlhunt/kqlhunt/watch"
	"github.com/kqlhunt/kqlhunt/watch/sink"
)

// TestGivenWholeFiles reads an EVTX and an XML file given as sources
// whole, through ReadFile, rather than following them as lines.
func TestGivenWholeFiles(t *testing.T) {
	dir := t.TempDir()
	evtx, xml := filepath.Join(dir, "a.evtx"), filepath.Join(dir, "b.XML")
	os.WriteFile(evtx, []byte("1000 1001"), 0o644)
	os.WriteFile(xml, []byte("2000"), 0o644)
	mem := newMemSink()
	ev := &evtxReader{reads: map[string]int{}}
	rs, eng := allOnly()
	in := startInstance(t, &watch.Config{Files: []string{evtx, xml}, ReadFile: ev.read, Rules: rs,
		Engine: eng, Sinks: []sink.Sink{mem}, Listen: "off", Log: testLog(t, "given")})
	waitSeen(t, mem, "the EVTX file", 1000, 1002)
	waitSeen(t, mem, "the XML file", 2000, 2001)
	time.Sleep(50 * time.Millisecond)
	if err := in.stop(); err != nil {
		t.Fatal(err)
	}
	checkOnce(t, mem, 1000, 1002)
	checkOnce(t, mem, 2000, 2001)
}

// TestGivenWholeFileState restarts watch with a state file on an EVTX
// file given as a source: read once, recorded, and not read again.
func TestGivenWholeFileState(t *testing.T) {
	dir := t.TempDir()
	evtx, state := filepath.Join(dir, "a.evtx"), filepath.Join(dir, "state.json")
	os.WriteFile(evtx, []byte("1000 1001"), 0o644)
	// Written an hour ago: complete, so read as soon as it is seen.
	old := time.Now().Add(-time.Hour)
	os.Chtimes(evtx, old, old)
	mem := newMemSink()
	ev := &evtxReader{reads: map[string]int{}}
	config := func(name string) *watch.Config {
		rs, eng := allOnly()
		return &watch.Config{Files: []string{evtx}, State: state, ReadFile: ev.read, Rules: rs,
			Engine: eng, Sinks: []sink.Sink{mem}, Listen: "off", Log: testLog(t, name)}
	}
	in := startInstance(t, config("run1"))
	waitSeen(t, mem, "the EVTX file", 1000, 1002)
	if err := in.stop(); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(state)
	if !strings.Contains(string(data), `"given"`) {
		t.Fatalf("the state file does not record the file:\n%s", data)
	}
	in = startInstance(t, config("run2"))
	time.Sleep(500 * time.Millisecond) // a second reading would start at once
	if err := in.stop(); err != nil {
		t.Fatal(err)
	}
	checkOnce(t, mem, 1000, 1002)
	ev.mu.Lock()
	defer ev.mu.Unlock()
	if ev.reads["a.evtx"] != 1 {
		t.Errorf("reads %v, want a.evtx once", ev.reads)
	}
}
