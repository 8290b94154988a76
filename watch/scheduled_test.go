package watch_test

import (
	"fmt"
	"io"
	"testing"
	"time"

	"github.com/kqlhunt/kqlhunt/rules"
	"github.com/kqlhunt/kqlhunt/watch"
	"github.com/kqlhunt/kqlhunt/watch/clock"
	"github.com/kqlhunt/kqlhunt/watch/internal/enginetest"
	"github.com/kqlhunt/kqlhunt/watch/sink"
)

// TestScheduledService runs a summarize count() by DeviceName rule every
// 5 minutes over the last hour on standard input, with the manual clock:
// events arrive at 09:00; the runs from 09:05 to 10:00 see them.
func TestScheduledService(t *testing.T) {
	t0 := time.Date(2026, 3, 14, 9, 0, 0, 0, time.UTC)
	tests := []struct {
		name     string
		suppress time.Duration
		want     []string
	}{
		{"no suppression", 0, []string{"09:05", "09:10", "09:15", "09:20", "09:25", "09:30",
			"09:35", "09:40", "09:45", "09:50", "09:55", "10:00"}},
		{"suppression 30m", 30 * time.Minute, []string{"09:05", "09:35"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			clk := clock.NewManual(t0)
			pr, pw := io.Pipe()
			mem := newMemSink()
			rs, eng := testRules()
			eng["count"] = enginetest.CountBy("DeviceName", 12)
			count := &rules.Rule{ID: "count", Kind: "Scheduled", QueryFrequency: 5 * time.Minute,
				QueryPeriod: time.Hour, TriggerOperator: "gt", TriggerThreshold: 0,
				SuppressionEnabled: tc.suppress > 0, SuppressionDuration: tc.suppress,
				Query: "DeviceProcessEvents | summarize count() by DeviceName | where count_ > 12"}
			in := startInstance(t, &watch.Config{Files: []string{"-"}, Stdin: pr,
				Rules: []*rules.Rule{rs[1], count}, Engine: eng, Sinks: []sink.Sink{mem},
				Clock: clk, Listen: "off", Log: testLog(t, "sched")})
			for i := range 25 {
				line, _, _ := event(i, t0)
				if i < 20 {
					line = []byte(fmt.Sprintf(`{"DeviceName":"host-A","ProcessCommandLine":`+
						`"evt-%d"}`, i))
				}
				pw.Write(append(line, '\n'))
			}
			mem.waitFor(t, 30*time.Second, "events read", func(gs []got) bool {
				return len(seen(gs, "all")) == 25
			})
			clk.Set(t0.Add(5 * time.Minute))
			mem.waitFor(t, 30*time.Second, "first run", func(gs []got) bool {
				return len(runs(gs)) == 1
			})
			clk.Set(t0.Add(65*time.Minute + 30*time.Second))
			mem.waitFor(t, 30*time.Second, "catch-up runs", func(gs []got) bool {
				return len(runs(gs)) == len(tc.want)
			})
			pw.Close()
			if err := <-in.done; err != nil {
				t.Fatal(err)
			}
			got := runs(mem.snapshot())
			if fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Errorf("runs alerting %v, want %v", got, tc.want)
			}
			for _, a := range mem.snapshot() {
				if a.Rule.ID == "count" &&
					(len(a.Rows) != 1 || a.Rows[0]["DeviceName"] != "host-A") {
					t.Errorf("alert rows %v", a.Rows)
				}
			}
		})
	}
}

// runs lists the times (HH:MM) of the count rule's alerts.
func runs(gs []got) []string {
	var out []string
	for _, g := range gs {
		if g.Rule.ID == "count" {
			tm, _ := time.Parse(time.RFC3339Nano, g.Time)
			out = append(out, tm.Format("15:04"))
		}
	}
	return out
}
