package watch_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/kqlhunt/kqlhunt/rules"
	"github.com/kqlhunt/kqlhunt/watch"
	"github.com/kqlhunt/kqlhunt/watch/clock"
	"github.com/kqlhunt/kqlhunt/watch/internal/enginetest"
	"github.com/kqlhunt/kqlhunt/watch/kafka"
	"github.com/kqlhunt/kqlhunt/watch/sink"
)

// TestKeyedThreshold runs a rule keyed by DeviceId on one instance that
// holds four partitions, each with one device. The rule's threshold (more
// than 3 result rows) counts the whole run, as Sentinel counts it: one
// alert per run holding the four devices, although no partition alone has
// more than one row; with suppression, the runs after an alert are quiet
// whatever partition they would come from.
func TestKeyedThreshold(t *testing.T) {
	t0 := time.Date(2026, 3, 14, 9, 0, 0, 0, time.UTC)
	tests := []struct {
		name     string
		suppress time.Duration
		want     []string
	}{
		{"no suppression", 0, []string{"09:05", "09:10", "09:15"}},
		{"suppression 10m", 10 * time.Minute, []string{"09:05", "09:15"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			addrs, prod := cluster(t, []kgo.Opt{kgo.RecordPartitioner(kgo.ManualPartitioner())})
			for i := range 20 {
				dev := fmt.Sprintf("id-%d", i%4)
				line := fmt.Sprintf(`{"DeviceName":"host-%d","DeviceId":%q}`, i%4, dev)
				err := prod.ProduceSync(context.Background(), &kgo.Record{Topic: "events",
					Partition: int32(i % 4), Key: []byte(dev), Value: []byte(line),
					Timestamp: t0}).FirstErr()
				if err != nil {
					t.Fatal(err)
				}
			}
			clk := clock.NewManual(t0)
			mem := newMemSink()
			eng := enginetest.Engine{"count": enginetest.CountBy("DeviceId", -1)}
			rule := &rules.Rule{ID: "count", Kind: "Scheduled", QueryFrequency: 5 * time.Minute,
				QueryPeriod: time.Hour, TriggerOperator: "gt", TriggerThreshold: 3,
				SuppressionEnabled: tc.suppress > 0, SuppressionDuration: tc.suppress,
				Query: "DeviceProcessEvents | summarize count() by DeviceId"}
			in := startInstance(t, &watch.Config{
				Kafka: &watch.KafkaInput{Config: kafka.Config{Brokers: addrs}, Topic: "events",
					Group: "g"},
				Rules: []*rules.Rule{rule}, Engine: eng, Sinks: []sink.Sink{mem},
				Listen: "off", Clock: clk, Log: testLog(t, "keyed")})
			deadline := time.Now().Add(30 * time.Second)
			for in.s.Stats().Records < 20 {
				if time.Now().After(deadline) {
					t.Fatal("timed out reading the events")
				}
				time.Sleep(5 * time.Millisecond)
			}
			for i, at := range []time.Duration{5, 10, 15} {
				clk.Set(t0.Add(at * time.Minute))
				n := i + 1
				if tc.suppress > 0 && n > 1 {
					n--
				}
				mem.waitFor(t, 30*time.Second, fmt.Sprintf("the run at +%dm", at),
					func(gs []got) bool { return len(gs) >= n })
			}
			if err := in.stop(); err != nil {
				t.Fatal(err)
			}
			gs := mem.snapshot()
			if got := runs(gs); fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Errorf("runs alerting %v, want %v", got, tc.want)
			}
			for _, g := range gs {
				if len(g.Rows) != 4 {
					t.Errorf("alert at %s holds %d rows, want the 4 devices", g.Time, len(g.Rows))
				}
			}
		})
	}
}
