package watch_test

import (
	"os"
	"path/filepath"
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
