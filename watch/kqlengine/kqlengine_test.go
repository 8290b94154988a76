package kqlengine_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kqlhunt/kqlhunt/rules"
	"github.com/kqlhunt/kqlhunt/watch"
	"github.com/kqlhunt/kqlhunt/watch/kqlengine"
	"github.com/kqlhunt/kqlhunt/watch/sink"
)

// row renders a DeviceProcessEvents row; every 50th is a T1119 positive
// (robocopy mirroring a folder).
func row(n int, ts time.Time) []byte {
	file, cmd := "svchost.exe", fmt.Sprintf("svchost.exe -k netsvcs -p -s Schedule %d", n)
	if n%50 == 0 {
		file, cmd = "robocopy.exe", fmt.Sprintf(`robocopy C:\Users\u%d\Documents E:\x /MIR`, n)
	}
	b, _ := json.Marshal(map[string]any{"Timestamp": ts.UTC().Format(time.RFC3339Nano),
		"DeviceId": fmt.Sprintf("%040x", n%250), "DeviceName": fmt.Sprintf("ws-%03d", n%250),
		"ActionType": "ProcessCreated", "FileName": file, "ProcessCommandLine": cmd,
		"AccountName": "user", "AccountDomain": "contoso", "ProcessId": n,
		"InitiatingProcessFileName": "services.exe", "ReportId": n,
		"InitiatingProcessCommandLine": `C:\Windows\system32\services.exe`})
	return b
}

// counter is a sink that counts alerts and keeps their JSON.
type counter struct {
	mu     sync.Mutex
	alerts [][]byte
	at     []time.Time
}

func (c *counter) Name() string { return "count" }
func (c *counter) Close() error { return nil }
func (c *counter) Send(_ context.Context, as []sink.Alert) error {
	now := time.Now()
	c.mu.Lock()
	for _, a := range as {
		c.alerts = append(c.alerts, a.JSON)
		c.at = append(c.at, now)
	}
	c.mu.Unlock()
	return nil
}

func (c *counter) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.alerts)
}

func seed(t testing.TB) *rules.Rule {
	r, ok := rules.BuiltinByID("T1119")
	if !ok {
		t.Fatal("no built-in T1119")
	}
	return r
}

// TestSeedRuleRealtime runs the built-in T1119 with the KQL engine per
// event over standard input.
func TestSeedRuleRealtime(t *testing.T) {
	pr, pw := io.Pipe()
	c := &counter{}
	s, err := watch.New(&watch.Config{Files: []string{"-"}, Stdin: pr, Realtime: true,
		Rules: []*rules.Rule{seed(t)}, Engine: kqlengine.Engine{}, Sinks: []sink.Sink{c},
		Listen: "off"})
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Skipped()) > 0 {
		t.Fatal(s.Skipped())
	}
	done := make(chan error, 1)
	go func() { done <- s.Run(context.Background()) }()
	w := bufio.NewWriter(pw)
	now := time.Now()
	for n := range 1000 {
		w.Write(row(n, now))
		w.WriteByte('\n')
	}
	w.Flush()
	pw.Close()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if c.len() != 20 {
		t.Fatalf("%d alerts, want 20", c.len())
	}
	var a struct {
		Mode string
		Rule struct{ ID string }
		Row  map[string]any
	}
	if err := json.Unmarshal(c.alerts[0], &a); err != nil {
		t.Fatal(err)
	}
	if a.Mode != "realtime" || a.Rule.ID != "T1119" || a.Row["FileName"] != "robocopy.exe" ||
		a.Row["AutoColl_MassCopy"] != true {
		t.Errorf("alert %s", c.alerts[0])
	}
}

// TestSeedRuleScheduled runs T1119 as its YAML says, every hour over the
// last day: one alert holding every positive row.
func TestSeedRuleScheduled(t *testing.T) {
	pr, pw := io.Pipe()
	c := &counter{}
	clk := newClock(time.Date(2026, 3, 14, 9, 30, 0, 0, time.UTC))
	s, err := watch.New(&watch.Config{Files: []string{"-"}, Stdin: pr,
		Rules: []*rules.Rule{seed(t)}, Engine: kqlengine.Engine{}, Sinks: []sink.Sink{c},
		Listen: "off", Clock: clk})
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- s.Run(context.Background()) }()
	for n := range 500 {
		pw.Write(append(row(n, clk.Now()), '\n'))
	}
	waitUntil(t, "events read", func() bool { return s.Stats().Events == 500 })
	clk.Set(time.Date(2026, 3, 14, 10, 0, 0, 0, time.UTC))
	waitUntil(t, "the 10:00 run", func() bool { return c.len() == 1 })
	pw.Close()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	var a struct {
		Mode  string
		Count int
	}
	json.Unmarshal(c.alerts[0], &a)
	if c.len() != 1 || a.Mode != "Scheduled" || a.Count != 10 {
		t.Errorf("%d alerts, first %s", c.len(), c.alerts[0])
	}
}

// waitUntil polls cond, failing after a deadline meant only for a stuck
// test.
func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(time.Millisecond)
	}
}

// benchRows returns n rows: lines of the file KQLHUNT_BENCH_ROWS (as
// bench/gen writes them) when set, else rows made here.
func benchRows(tb testing.TB, n int) ([][]byte, time.Time) {
	path := os.Getenv("KQLHUNT_BENCH_ROWS")
	if path == "" {
		out := make([][]byte, n)
		now := time.Now()
		for i := range out {
			out[i] = row(i, now)
		}
		return out, time.Time{}
	}
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	var out [][]byte
	for len(out) < n && sc.Scan() {
		out = append(out, append([]byte(nil), sc.Bytes()...))
	}
	// bench/gen spreads rows over 2025-03-14: evaluate as on the next day.
	return out, time.Date(2025, 3, 15, 0, 0, 0, 0, time.UTC)
}

// TestStaleEvents replays events stamped two days ago into a realtime
// T1119, whose ago(24h) cannot reach them: no alert, and one warning that
// says why and what to do instead. Recent events raise no warning.
func TestStaleEvents(t *testing.T) {
	for _, tc := range []struct {
		name string
		age  time.Duration
		warn int
	}{{"two days old", 48 * time.Hour, 1}, {"recent", time.Minute, 0}} {
		t.Run(tc.name, func(t *testing.T) {
			var logs strings.Builder
			var mu sync.Mutex
			log := slog.New(slog.NewTextHandler(lockedWriter{&mu, &logs}, nil))
			c := &counter{}
			var in bytes.Buffer
			for n := range 200 {
				in.Write(row(n, time.Now().Add(-tc.age)))
				in.WriteByte('\n')
			}
			s, err := watch.New(&watch.Config{Files: []string{"-"}, Stdin: &in, Realtime: true,
				Rules: []*rules.Rule{seed(t)}, Engine: kqlengine.Engine{},
				Sinks: []sink.Sink{c}, Listen: "off", Log: log})
			if err != nil {
				t.Fatal(err)
			}
			if err := s.Run(context.Background()); err != nil {
				t.Fatal(err)
			}
			mu.Lock()
			got := strings.Count(logs.String(), "older than the rules look back")
			mu.Unlock()
			if got != tc.warn {
				t.Errorf("%d warnings, want %d; log:\n%s", got, tc.warn, logs.String())
			}
			if want := 4 * (1 - tc.warn); c.len() != want {
				t.Errorf("%d alerts, want %d", c.len(), want)
			}
		})
	}
}

// lockedWriter serialises writes to a shared builder.
type lockedWriter struct {
	mu *sync.Mutex
	b  *strings.Builder
}

func (w lockedWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.Write(p)
}
