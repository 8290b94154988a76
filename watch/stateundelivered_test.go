package watch_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kqlhunt/kqlhunt/watch"
	"github.com/kqlhunt/kqlhunt/watch/sink"
)

// downSink refuses every batch, as an unreachable webhook would, and
// counts the attempts.
type downSink struct{ tries atomic.Int64 }

func (d *downSink) Name() string { return "down" }
func (d *downSink) Close() error { return nil }
func (d *downSink) Send(context.Context, []sink.Alert) error {
	d.tries.Add(1)
	return errors.New("connection refused")
}

// TestStateUndelivered keeps the saved position before the lines whose
// realtime alerts never reached the sink: killed, then restarted with a
// sink that works, watch raises every one of them.
func TestStateUndelivered(t *testing.T) {
	dir := t.TempDir()
	file, state := filepath.Join(dir, "events.jsonl"), filepath.Join(dir, "state.json")
	appendEvents(t, file, 0, 40, time.Now())
	down := &downSink{}
	cfg := fileConfig(t, "down", file, state, nil)
	cfg.Sinks = []sink.Sink{down}
	cfg.CommitInterval = 20 * time.Millisecond
	cfg.RetryMin, cfg.RetryMax = time.Millisecond, 5*time.Millisecond
	in := startInstance(t, cfg)
	deadline := time.Now().Add(30 * time.Second)
	for in.s.Stats().Records < 40 || down.tries.Load() < 3 {
		if time.Now().After(deadline) {
			t.Fatal("timed out reading the lines")
		}
		time.Sleep(5 * time.Millisecond)
	}
	for {
		if _, err := os.Stat(state); err == nil {
			if st := readSaved(t, state); len(st.Files) == 1 {
				if st.Files[0].Offset != 0 {
					t.Fatalf("saved offset %d with every alert undelivered, want 0",
						st.Files[0].Offset)
				}
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatal("no periodic save")
		}
		time.Sleep(10 * time.Millisecond)
	}
	in.kill(t)

	mem := newMemSink()
	in = startInstance(t, fileConfig(t, "up", file, state, mem))
	waitSeen(t, mem, "the lines alerted again", 0, 40)
	if err := in.stop(); err != nil {
		t.Fatal(err)
	}
	checkOnce(t, mem, 0, 40)
}

// TestStateLocked refuses a second instance on a state file in use, and
// takes it once the first has stopped.
func TestStateLocked(t *testing.T) {
	dir := t.TempDir()
	file, state := filepath.Join(dir, "events.jsonl"), filepath.Join(dir, "state.json")
	appendEvents(t, file, 0, 5, time.Now())
	mem := newMemSink()
	in := startInstance(t, fileConfig(t, "first", file, state, mem))
	_, err := watch.New(fileConfig(t, "second", file, state, mem))
	if err == nil || !strings.Contains(err.Error(), "in use by another kqlhunt watch") {
		t.Fatalf("second instance on one state file: %v", err)
	}
	if err := in.stop(); err != nil {
		t.Fatal(err)
	}
	in = startInstance(t, fileConfig(t, "third", file, state, mem))
	if err := in.stop(); err != nil {
		t.Fatal(err)
	}
}

// TestStopLosesAlerts ends standard input while the only sink refuses
// every batch: Run says how many alerts were not delivered, so the stop
// is not taken for a clean one.
func TestStopLosesAlerts(t *testing.T) {
	var in strings.Builder
	for n := range 3 {
		line, _, _ := event(n, time.Now())
		in.Write(append(line, '\n'))
	}
	rs, eng := allOnly()
	s, err := watch.New(&watch.Config{Files: []string{"-"}, Stdin: strings.NewReader(in.String()),
		Rules: rs, Engine: eng, Sinks: []sink.Sink{&downSink{}}, Listen: "off",
		RetryMin: time.Millisecond, ShutdownTimeout: 50 * time.Millisecond,
		Log: testLog(t, "lost")})
	if err != nil {
		t.Fatal(err)
	}
	err = s.Run(context.Background())
	if err == nil || !strings.Contains(err.Error(), "3 alerts not delivered") {
		t.Fatalf("Run returned %v, want 3 alerts not delivered", err)
	}
}
