package watch_test

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/kqlhunt/kqlhunt/rules"
	"github.com/kqlhunt/kqlhunt/watch"
	"github.com/kqlhunt/kqlhunt/watch/clock"
	"github.com/kqlhunt/kqlhunt/watch/internal/enginetest"
	"github.com/kqlhunt/kqlhunt/watch/sink"
)

// TestStateQuickRestarts restarts watch twice in a row, the second
// instance stopped soon after it read the file again: the lines read
// again keep their first arrival times through both restarts, so the
// scheduled run after a line still alerts on it.
func TestStateQuickRestarts(t *testing.T) {
	t0 := time.Date(2026, 3, 14, 17, 5, 0, 0, time.UTC)
	dir := t.TempDir()
	file, state := filepath.Join(dir, "f.jsonl"), filepath.Join(dir, "st.json")
	mem := newMemSink()
	rs, eng := allOnly()
	eng["sched"] = enginetest.CountBy("ProcessCommandLine", -1)
	sched := &rules.Rule{ID: "sched", Kind: "Scheduled", QueryFrequency: time.Minute,
		QueryPeriod: time.Minute, TriggerOperator: "gt", TriggerThreshold: 0,
		Query: "DeviceProcessEvents | summarize count() by ProcessCommandLine"}
	start := func(name string, at time.Time) (*instance, *clock.Manual) {
		clk := clock.NewManual(at)
		return startInstance(t, &watch.Config{Files: []string{file}, State: state,
			Rules: []*rules.Rule{rs[0], sched}, Engine: eng, Sinks: []sink.Sink{mem},
			Clock: clk, Listen: "off", Log: testLog(t, name)}), clk
	}
	write := func(n int) {
		f, err := os.OpenFile(file, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(f, `{"DeviceName":"host-A","ProcessCommandLine":"evt-%d"}`+"\n", n)
		f.Close()
	}
	// schedRows counts, by event, the rows of the runs at hh:mm.
	schedRows := func(hhmm string) map[string]int {
		out := map[string]int{}
		for _, g := range mem.snapshot() {
			tm, _ := time.Parse(time.RFC3339Nano, g.Time)
			if g.Rule.ID == "sched" && tm.Format("15:04") == hhmm {
				for _, r := range g.Rows {
					out[fmt.Sprint(r["ProcessCommandLine"])]++
				}
			}
		}
		return out
	}
	timesSeen := func(n, times int) func([]got) bool {
		return func(gs []got) bool { return seen(gs, "all")[n] >= times }
	}

	// A reads u1 (event 1) at 17:05:17, alerts on it at 17:06, reads u2
	// (event 2) at 17:06:05 and stops at 17:06:07.
	write(1)
	a, clk := start("A", t0.Add(17*time.Second))
	mem.waitFor(t, 30*time.Second, "u1 read by A", timesSeen(1, 1))
	clk.Set(t0.Add(time.Minute))
	mem.waitFor(t, 30*time.Second, "run of 17:06", func([]got) bool {
		return schedRows("17:06")["evt-1"] == 1
	})
	clk.Set(t0.Add(65 * time.Second))
	write(2)
	mem.waitFor(t, 30*time.Second, "u2 read by A", timesSeen(2, 1))
	clk.Set(t0.Add(67 * time.Second))
	if err := a.stop(); err != nil {
		t.Fatal(err)
	}

	// B reads the file again and is stopped at once.
	b, _ := start("B", t0.Add(68*time.Second))
	mem.waitFor(t, 30*time.Second, "u2 read by B", timesSeen(2, 2))
	if err := b.stop(); err != nil {
		t.Fatal(err)
	}
	st := readSaved(t, state)
	if len(st.Files) != 1 || len(st.Files[0].Arrivals) == 0 ||
		!st.Files[0].Arrivals[len(st.Files[0].Arrivals)-1].Time.Equal(t0.Add(65*time.Second)) {
		t.Errorf("saved by B: %+v, want u2's arrival at 17:06:05 kept", st.Files)
	}

	// C reads it again; the run of 17:07 alerts on u2.
	c, clk := start("C", t0.Add(71*time.Second))
	mem.waitFor(t, 30*time.Second, "u2 read by C", timesSeen(2, 3))
	clk.Set(t0.Add(2*time.Minute + 30*time.Second))
	mem.waitFor(t, 30*time.Second, "run of 17:07 alerting on u2", func([]got) bool {
		return schedRows("17:07")["evt-2"] == 1
	})
	if err := c.stop(); err != nil {
		t.Fatal(err)
	}
	if n := schedRows("17:06")["evt-1"]; n != 1 {
		t.Errorf("run of 17:06 alerted %d times on u1, want once", n)
	}
}

// TestStateFolderDeleted deletes a file of a watched folder once read:
// the state file, saved periodically, forgets it.
func TestStateFolderDeleted(t *testing.T) {
	root := t.TempDir()
	dir, state := filepath.Join(root, "in"), filepath.Join(root, "state.json")
	os.Mkdir(dir, 0o755)
	a, b := filepath.Join(dir, "a.jsonl"), filepath.Join(dir, "b.jsonl")
	appendEvents(t, a, 0, 3, time.Now())
	appendEvents(t, b, 3, 5, time.Now())
	mem := newMemSink()
	rs, eng := allOnly()
	in := startInstance(t, &watch.Config{Folders: []string{dir}, State: state, Rules: rs,
		Engine: eng, Sinks: []sink.Sink{mem}, Listen: "off", CommitInterval: 20 * time.Millisecond,
		Log: testLog(t, "folder")})
	defer in.stop()
	waitSeen(t, mem, "both files", 0, 5)
	os.Remove(a)
	deadline := time.Now().Add(30 * time.Second)
	for {
		var st savedState
		if _, err := os.Stat(state); err == nil {
			st = readSaved(t, state)
		}
		if len(st.Files) == 1 && st.Files[0].Path == b {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("saved files %+v, want only %s", st.Files, b)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
