package watch_test

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kqlhunt/kqlhunt/rules"
	"github.com/kqlhunt/kqlhunt/watch/internal/enginetest"
	"github.com/kqlhunt/kqlhunt/watch/sink"
)

// event renders test event n as a Defender JSON row; every 17th event is
// a positive of the collection rule. The command line carries "evt-N".
func event(n int, ts time.Time) (line []byte, device string, positive bool) {
	device = fmt.Sprintf("host-%02d", n%23)
	file, cmd := "notepad.exe", fmt.Sprintf("notepad.exe C:\\notes\\evt-%d.txt", n)
	if n%17 == 0 {
		file, cmd = "robocopy.exe", fmt.Sprintf("robocopy C:\\Users D:\\stage /MIR evt-%d", n)
		positive = true
	}
	row := map[string]any{"Timestamp": ts.Format(time.RFC3339Nano), "DeviceId": "id-" + device,
		"DeviceName": device, "AccountName": "user", "FileName": file,
		"ProcessCommandLine": cmd, "InitiatingProcessFileName": "explorer.exe",
		"InitiatingProcessCommandLine": "explorer.exe", "ReportId": n}
	line, _ = json.Marshal(row)
	return line, device, positive
}

// testRules are a realtime filter (the seed-rule stand-in) and a rule that
// alerts on every event.
func testRules() ([]*rules.Rule, enginetest.Engine) {
	eng := enginetest.Engine{"coll": enginetest.Collection(), "all": enginetest.All()}
	rs := []*rules.Rule{
		{ID: "coll", Name: "collection", Kind: "Scheduled", QueryFrequency: time.Hour,
			QueryPeriod: 24 * time.Hour, Severity: "Medium",
			Query: "DeviceProcessEvents | where FileName =~ 'robocopy.exe' | project Timestamp"},
		{ID: "all", Name: "everything", Kind: "Hunting",
			Query: "DeviceProcessEvents | project Timestamp, ProcessCommandLine"},
	}
	return rs, eng
}

// got is one alert as a test reads it back.
type got struct {
	Rule   struct{ ID string } `json:"rule"`
	Mode   string              `json:"mode"`
	Stream string              `json:"stream"`
	Row    map[string]any      `json:"row"`
	Rows   []map[string]any    `json:"rows"`
	Time   string              `json:"time"`
}

// eventID reads N back from "evt-N" in an alert row's command line.
func (g *got) eventID() int {
	cmd, _ := g.Row["ProcessCommandLine"].(string)
	i := strings.Index(cmd, "evt-")
	if i < 0 {
		return -1
	}
	end := i + 4
	for end < len(cmd) && cmd[end] >= '0' && cmd[end] <= '9' {
		end++
	}
	n, _ := strconv.Atoi(cmd[i+4 : end])
	return n
}

// memSink keeps the alerts delivered to it.
type memSink struct {
	mu     sync.Mutex
	alerts []got
	notify chan struct{}
}

func newMemSink() *memSink { return &memSink{notify: make(chan struct{}, 1)} }

func (m *memSink) Name() string { return "memory" }
func (m *memSink) Close() error { return nil }

func (m *memSink) Send(_ context.Context, as []sink.Alert) error {
	m.mu.Lock()
	for _, a := range as {
		var g got
		if err := json.Unmarshal(a.JSON, &g); err != nil {
			m.mu.Unlock()
			return &sink.Permanent{Err: err}
		}
		m.alerts = append(m.alerts, g)
	}
	m.mu.Unlock()
	select {
	case m.notify <- struct{}{}:
	default:
	}
	return nil
}

func (m *memSink) snapshot() []got {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]got(nil), m.alerts...)
}

// waitFor waits until cond holds over the alerts, failing after timeout.
// The timeout is a deadline for a test that is otherwise stuck, not a
// measure of anything.
func (m *memSink) waitFor(t *testing.T, timeout time.Duration, what string,
	cond func([]got) bool) {
	t.Helper()
	deadline := time.After(timeout)
	for !cond(m.snapshot()) {
		select {
		case <-m.notify:
		case <-time.After(50 * time.Millisecond):
		case <-deadline:
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}

// testLog returns a logger writing to the test log when -v is given.
func testLog(t *testing.T, name string) *slog.Logger {
	if !testing.Verbose() {
		return slog.New(slog.DiscardHandler)
	}
	return slog.New(slog.NewTextHandler(tWriter{t, name},
		&slog.HandlerOptions{Level: slog.LevelDebug}))
}

type tWriter struct {
	t    *testing.T
	name string
}

func (w tWriter) Write(b []byte) (int, error) {
	w.t.Log(w.name + ": " + strings.TrimSpace(string(b)))
	return len(b), nil
}
