package watch_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kqlhunt/kqlhunt/rules"
	"github.com/kqlhunt/kqlhunt/schema"
	"github.com/kqlhunt/kqlhunt/value"
	"github.com/kqlhunt/kqlhunt/watch"
	"github.com/kqlhunt/kqlhunt/watch/clock"
	"github.com/kqlhunt/kqlhunt/watch/internal/enginetest"
	"github.com/kqlhunt/kqlhunt/watch/sink"
)

// savedState is the part of the state file the tests read back.
type savedState struct {
	Version int
	Resume  map[string]time.Time
	Files   []struct {
		Path        string
		Offset, End int64
		Arrivals    []struct {
			Offset int64
			Time   time.Time
		}
	}
	Folders []struct {
		Dir  string
		Read []struct{ Name string }
	}
}

// readSaved reads a state file back.
func readSaved(t *testing.T, path string) savedState {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var st savedState
	if err := json.Unmarshal(data, &st); err != nil {
		t.Fatalf("state file: %v\n%s", err, data)
	}
	return st
}

// appendEvents appends test events from..to-1 to a file and returns the
// offset of each line, by event number.
func appendEvents(t *testing.T, path string, from, to int, ts time.Time) map[int]int64 {
	t.Helper()
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	st, _ := f.Stat()
	off, offs := st.Size(), map[int]int64{}
	for n := from; n < to; n++ {
		line, _, _ := event(n, ts)
		offs[n] = off
		f.Write(append(line, '\n'))
		off += int64(len(line)) + 1
	}
	return offs
}

// allOnly is the rule alerting on every event, alone.
func allOnly() ([]*rules.Rule, enginetest.Engine) {
	rs, eng := testRules()
	return []*rules.Rule{rs[1]}, eng
}

// fileConfig watches one file with a state file.
func fileConfig(t *testing.T, name, file, state string, mem *memSink) *watch.Config {
	rs, eng := allOnly()
	return &watch.Config{Files: []string{file}, State: state, Rules: rs, Engine: eng,
		Sinks: []sink.Sink{mem}, Listen: "off", Log: testLog(t, name)}
}

// waitSeen waits until the rule "all" has seen each of events from..to-1.
func waitSeen(t *testing.T, mem *memSink, what string, from, to int) {
	t.Helper()
	mem.waitFor(t, 30*time.Second, what, func(gs []got) bool {
		all := seen(gs, "all")
		for n := from; n < to; n++ {
			if all[n] == 0 {
				return false
			}
		}
		return true
	})
}

// checkOnce fails unless each of events from..to-1 was seen exactly once.
func checkOnce(t *testing.T, mem *memSink, from, to int) {
	t.Helper()
	all := seen(mem.snapshot(), "all")
	for n := from; n < to; n++ {
		if all[n] != 1 {
			t.Errorf("event %d seen %d times, want once", n, all[n])
		}
	}
}

// TestStateResume stops watch three times: killed after a periodic save,
// stopped gracefully, and restarted; each line is evaluated once.
func TestStateResume(t *testing.T) {
	dir := t.TempDir()
	file, state := filepath.Join(dir, "events.jsonl"), filepath.Join(dir, "state.json")
	mem := newMemSink()
	appendEvents(t, file, 0, 100, time.Now())
	cfg := fileConfig(t, "run1", file, state, mem)
	cfg.CommitInterval = 20 * time.Millisecond
	in := startInstance(t, cfg)
	waitSeen(t, mem, "first lines", 0, 100)
	size := fileSize(t, file)
	deadline := time.Now().Add(30 * time.Second)
	for {
		if _, err := os.Stat(state); err == nil {
			if st := readSaved(t, state); len(st.Files) == 1 && st.Files[0].Offset == size {
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatal("no periodic save at the end of the file")
		}
		time.Sleep(10 * time.Millisecond)
	}
	in.kill(t)

	appendEvents(t, file, 100, 150, time.Now())
	in = startInstance(t, fileConfig(t, "run2", file, state, mem))
	waitSeen(t, mem, "lines written while stopped", 100, 150)
	if err := in.stop(); err != nil {
		t.Fatal(err)
	}
	st := readSaved(t, state)
	if size := fileSize(t, file); st.Version != 1 || len(st.Files) != 1 ||
		st.Files[0].Offset != size || st.Files[0].End != size {
		t.Fatalf("saved %+v, want offset and end %d", st, size)
	}
	if abs, _ := filepath.Abs(file); st.Files[0].Path != abs {
		t.Errorf("saved path %s, want %s", st.Files[0].Path, abs)
	}

	appendEvents(t, file, 150, 160, time.Now())
	in = startInstance(t, fileConfig(t, "run3", file, state, mem))
	waitSeen(t, mem, "last lines", 150, 160)
	if err := in.stop(); err != nil {
		t.Fatal(err)
	}
	checkOnce(t, mem, 0, 160)
}

func fileSize(t *testing.T, path string) int64 {
	t.Helper()
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return st.Size()
}

// TestStateChangedWhileDown reads a file from its start when it is not
// the file saved any more.
func TestStateChangedWhileDown(t *testing.T) {
	tests := []struct {
		name   string
		change func(t *testing.T, file string)
	}{
		{"rotated", func(t *testing.T, file string) {
			if err := os.Rename(file, file+".1"); err != nil {
				t.Fatal(err)
			}
			appendEvents(t, file, 100, 130, time.Now())
		}},
		{"truncated", func(t *testing.T, file string) {
			if err := os.Truncate(file, 0); err != nil {
				t.Fatal(err)
			}
			appendEvents(t, file, 100, 103, time.Now())
		}},
		{"rewritten longer", func(t *testing.T, file string) {
			os.Remove(file + ".new")
			appendEvents(t, file+".new", 100, 130, time.Now())
			data, _ := os.ReadFile(file + ".new")
			if err := os.WriteFile(file, data, 0o644); err != nil {
				t.Fatal(err)
			}
		}},
		// The same first line, so the same first 64 bytes: the bytes
		// before the saved offset tell the file was written again.
		{"rewritten longer, same start", func(t *testing.T, file string) {
			first, _, _ := bytes.Cut(must(os.ReadFile(file)), []byte("\n"))
			os.Remove(file + ".new")
			appendEvents(t, file+".new", 100, 130, time.Now())
			data := append(append(first, '\n'), must(os.ReadFile(file+".new"))...)
			if err := os.WriteFile(file, data, 0o644); err != nil {
				t.Fatal(err)
			}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			file, state := filepath.Join(dir, "e.jsonl"), filepath.Join(dir, "state.json")
			mem := newMemSink()
			appendEvents(t, file, 0, 20, time.Now())
			in := startInstance(t, fileConfig(t, "before", file, state, mem))
			waitSeen(t, mem, "first lines", 0, 20)
			if err := in.stop(); err != nil {
				t.Fatal(err)
			}
			tc.change(t, file)
			last := 103
			if tc.name != "truncated" {
				last = 130
			}
			in = startInstance(t, fileConfig(t, "after", file, state, mem))
			waitSeen(t, mem, "the new file", 100, last)
			if err := in.stop(); err != nil {
				t.Fatal(err)
			}
			if tc.name == "rewritten longer, same start" {
				checkOnce(t, mem, 1, 20) // line 0 is in the new file too
			} else {
				checkOnce(t, mem, 0, 20)
			}
			checkOnce(t, mem, 100, last)
		})
	}
}

// must returns v, for reads a test has just made possible.
func must[T any](v T, _ error) T { return v }

// TestStateCorrupt refuses a state file it cannot read, naming it.
func TestStateCorrupt(t *testing.T) {
	tests := []struct{ name, content, want string }{
		{"not JSON", "{\"version\":1,\"files\":[", "corrupt"},
		{"empty", "", "corrupt"},
		{"other version", `{"version":99}`, "version 99"},
		{"bad entry", `{"version":1,"files":[{"path":"/x","offset":5,"end":1}]}`, "corrupt"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			state := filepath.Join(dir, "state.json")
			if err := os.WriteFile(state, []byte(tc.content), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := watch.New(fileConfig(t, "corrupt", filepath.Join(dir, "e.jsonl"), state,
				newMemSink()))
			if err == nil || !strings.Contains(err.Error(), state) ||
				!strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one naming %s and saying %q", err, state, tc.want)
			}
		})
	}
	_, err := watch.New(fileConfig(t, "corrupt", "e.jsonl",
		filepath.Join(t.TempDir(), "missing", "state.json"), newMemSink()))
	if err == nil || !strings.Contains(err.Error(), "folder does not exist") {
		t.Errorf("state file in a missing folder: %v", err)
	}
}

// evtxReader stands in for the EVTX reader: a file holds event numbers,
// separated by spaces; it counts the reads of each file.
type evtxReader struct {
	mu    sync.Mutex
	reads map[string]int
}

func (r *evtxReader) read(_ context.Context, path string, tables map[string][]schema.Column,
	emit func(string, [][]value.Value)) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	r.mu.Lock()
	r.reads[filepath.Base(path)]++
	r.mu.Unlock()
	cols := tables[enginetest.Table]
	var rows [][]value.Value
	for _, n := range strings.Fields(string(data)) {
		row := make([]value.Value, len(cols))
		for i, c := range cols {
			row[i] = value.Null(c.Type)
			if c.Name == "ProcessCommandLine" {
				row[i] = value.NewString("evt-" + n)
			}
		}
		rows = append(rows, row)
	}
	emit(enginetest.Table, rows)
	return nil
}

// TestStateFolder does not read a folder's files twice across a restart.
func TestStateFolder(t *testing.T) {
	root := t.TempDir()
	dir, state := filepath.Join(root, "in"), filepath.Join(root, "state.json")
	os.Mkdir(dir, 0o755)
	os.WriteFile(filepath.Join(dir, "a.evtx"), []byte("1000 1001"), 0o644)
	appendEvents(t, filepath.Join(dir, "b.jsonl"), 0, 5, time.Now())
	mem := newMemSink()
	ev := &evtxReader{reads: map[string]int{}}
	config := func(name string) *watch.Config {
		rs, eng := allOnly()
		return &watch.Config{Folders: []string{dir}, State: state, ReadFile: ev.read, Rules: rs,
			Engine: eng, Sinks: []sink.Sink{mem}, Listen: "off", Log: testLog(t, name)}
	}
	cfg := config("run1")
	cfg.CommitInterval = 20 * time.Millisecond
	in := startInstance(t, cfg)
	waitSeen(t, mem, "the JSON lines", 0, 5)
	waitSeen(t, mem, "the EVTX file", 1000, 1002)
	// The EVTX file is recorded once its alerts are delivered; a stop
	// before that would read it again after the restart.
	deadline := time.Now().Add(30 * time.Second)
	for {
		if _, err := os.Stat(state); err == nil {
			st := readSaved(t, state)
			if len(st.Folders) == 1 && len(st.Folders[0].Read) == 1 &&
				st.Folders[0].Read[0].Name == "a.evtx" {
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatal("the EVTX file is not recorded as read")
		}
		time.Sleep(10 * time.Millisecond)
	}
	if err := in.stop(); err != nil {
		t.Fatal(err)
	}
	if st := readSaved(t, state); len(st.Files) != 1 ||
		st.Files[0].Offset != fileSize(t, filepath.Join(dir, "b.jsonl")) {
		t.Fatalf("saved files %+v", st.Files)
	}

	os.WriteFile(filepath.Join(dir, "c.evtx"), []byte("2000"), 0o644)
	appendEvents(t, filepath.Join(dir, "b.jsonl"), 5, 7, time.Now())
	in = startInstance(t, config("run2"))
	waitSeen(t, mem, "the new lines", 5, 7)
	waitSeen(t, mem, "the new EVTX file", 2000, 2001)
	// A file deleted while watched leaves the list at the next save.
	os.Remove(filepath.Join(dir, "a.evtx"))
	if err := in.stop(); err != nil {
		t.Fatal(err)
	}
	if st := readSaved(t, state); len(st.Folders) != 1 || len(st.Folders[0].Read) != 1 ||
		st.Folders[0].Read[0].Name != "c.evtx" {
		t.Errorf("saved folders %+v, want c.evtx read only", st.Folders)
	}
	checkOnce(t, mem, 0, 7)
	checkOnce(t, mem, 1000, 1002)
	checkOnce(t, mem, 2000, 2001)
	ev.mu.Lock()
	defer ev.mu.Unlock()
	if fmt.Sprint(ev.reads) != "map[a.evtx:1 c.evtx:1]" {
		t.Errorf("reads %v", ev.reads)
	}
}

// TestStateScheduledReplay restarts a scheduled rule (every 5 minutes over
// the last 10): the lines its window holds are saved as still needed,
// read again with their first arrival times, and the runs missed while
// watch was stopped see them; lines out of the window are not read again.
func TestStateScheduledReplay(t *testing.T) {
	t0 := time.Date(2026, 3, 14, 9, 0, 0, 0, time.UTC)
	dir := t.TempDir()
	file, state := filepath.Join(dir, "e.jsonl"), filepath.Join(dir, "state.json")
	mem := newMemSink()
	rs, eng := allOnly()
	eng["count"] = enginetest.CountBy("DeviceName", -1)
	count := &rules.Rule{ID: "count", Kind: "Scheduled", QueryFrequency: 5 * time.Minute,
		QueryPeriod: 10 * time.Minute, TriggerOperator: "gt", TriggerThreshold: 0,
		Query: "DeviceProcessEvents | summarize count() by DeviceName"}
	config := func(name string, clk *clock.Manual) *watch.Config {
		return &watch.Config{Files: []string{file}, State: state,
			Rules: []*rules.Rule{rs[0], count}, Engine: eng, Sinks: []sink.Sink{mem},
			Clock: clk, Listen: "off", Log: testLog(t, name)}
	}
	host := func(from, to int) {
		f, _ := os.OpenFile(file, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
		for n := from; n < to; n++ {
			fmt.Fprintf(f, `{"DeviceName":"host-A","ProcessCommandLine":"evt-%d"}`+"\n", n)
		}
		f.Close()
	}
	clk := clock.NewManual(t0)
	host(0, 10)
	in := startInstance(t, config("before", clk))
	waitSeen(t, mem, "first lines", 0, 10)
	// At 09:12, lines no rule reads; at 09:15:30, lines 10 to 14; at
	// 09:20:30, lines 15 to 19. The run of 09:15 drops the first lines
	// from the window, that of 09:20 sees lines 10 to 14.
	clk.Set(t0.Add(12 * time.Minute))
	mem.waitFor(t, 30*time.Second, "runs of 09:05 and 09:10", func(gs []got) bool {
		return len(runs(gs)) == 2
	})
	spacer := fileSize(t, file)
	f, _ := os.OpenFile(file, os.O_APPEND|os.O_WRONLY, 0o644)
	f.WriteString("not an event\nnor this\n")
	f.Close()
	for in.s.Stats().Records < 12 {
		time.Sleep(5 * time.Millisecond)
	}
	clk.Set(t0.Add(15*time.Minute + 30*time.Second))
	line10 := fileSize(t, file)
	host(10, 15)
	waitSeen(t, mem, "lines of 09:15", 10, 15)
	clk.Set(t0.Add(20*time.Minute + 30*time.Second))
	mem.waitFor(t, 30*time.Second, "run of 09:20", func(gs []got) bool {
		return len(runs(gs)) == 3
	})
	line15 := fileSize(t, file)
	host(15, 20)
	waitSeen(t, mem, "lines of 09:20", 15, 20)
	if err := in.stop(); err != nil {
		t.Fatal(err)
	}
	st := readSaved(t, state)
	// The saved offset is before line 10 and not before the lines out of
	// every window (a merged pipeline's checkpoint keeps whole batches).
	if len(st.Files) != 1 || st.Files[0].Offset > line10 || st.Files[0].Offset < spacer ||
		st.Files[0].End != fileSize(t, file) {
		t.Fatalf("saved %+v, want an offset from %d to %d", st.Files, spacer, line10)
	}
	arrival := func(off int64) time.Time {
		var at time.Time
		for _, a := range st.Files[0].Arrivals {
			if a.Offset <= off {
				at = a.Time
			}
		}
		return at
	}
	if a10, a15 := arrival(line10), arrival(line15); !a10.Equal(t0.Add(930*time.Second)) ||
		!a15.Equal(t0.Add(1230*time.Second)) {
		t.Errorf("saved arrivals %+v: %v for line 10, %v for line 15", st.Files[0].Arrivals,
			a10, a15)
	}
	if r := st.Resume["count"]; !r.Equal(t0.Add(25 * time.Minute)) {
		t.Errorf("resume at %v, want 09:25", r)
	}

	// Down until 09:40: the runs of 09:25 to 09:40 were missed.
	clk = clock.NewManual(t0.Add(40 * time.Minute))
	in = startInstance(t, config("after", clk))
	mem.waitFor(t, 30*time.Second, "lines read again", func(gs []got) bool {
		return seen(gs, "all")[19] == 2
	})
	deadline := time.Now().Add(30 * time.Second)
	for len(runs(mem.snapshot())) < 5 {
		if time.Now().After(deadline) {
			t.Fatalf("runs %v, want the missed runs of 09:25 and 09:30", runs(mem.snapshot()))
		}
		clk.Advance(time.Second)
		time.Sleep(20 * time.Millisecond)
	}
	if err := in.stop(); err != nil {
		t.Fatal(err)
	}
	want := map[string]float64{"09:05": 10, "09:10": 10, "09:20": 5, "09:25": 10, "09:30": 5}
	gs := mem.snapshot()
	if got := fmt.Sprint(runs(gs)); got != "[09:05 09:10 09:20 09:25 09:30]" {
		t.Errorf("runs %s", got)
	}
	for _, a := range gs {
		tm, _ := time.Parse(time.RFC3339Nano, a.Time)
		if n := want[tm.Format("15:04")]; a.Rule.ID == "count" &&
			(len(a.Rows) != 1 || a.Rows[0]["count_"] != n) {
			t.Errorf("run at %s rows %v, want host-A %v times", a.Time, a.Rows, n)
		}
	}
	checkOnce(t, mem, 0, 10)
}
