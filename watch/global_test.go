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

// TestGlobalRule runs a rule that groups by DeviceName (not the key) on
// two instances: it runs on one of them over all partitions, so a device
// whose events are spread over the partitions is counted whole.
func TestGlobalRule(t *testing.T) {
	t0 := time.Date(2026, 3, 14, 9, 0, 0, 0, time.UTC)
	addrs, prod := cluster(t, nil)
	for i := range 20 {
		line := fmt.Sprintf(`{"DeviceName":"host-A","DeviceId":"id-%d"}`, i)
		err := prod.ProduceSync(context.Background(), &kgo.Record{Topic: "events",
			Key: []byte(fmt.Sprint(i)), Value: []byte(line), Timestamp: t0}).FirstErr()
		if err != nil {
			t.Fatal(err)
		}
	}
	clk := clock.NewManual(t0)
	mem := newMemSink()
	eng := enginetest.Engine{"count": enginetest.CountBy("DeviceName", 12)}
	rule := &rules.Rule{ID: "count", Kind: "Scheduled", QueryFrequency: 5 * time.Minute,
		QueryPeriod: time.Hour,
		Query:       "DeviceProcessEvents | summarize count() by DeviceName | where count_ > 12"}
	var ins []*instance
	var svcs []*watch.Service
	for _, id := range []string{"a", "b"} {
		in := startInstance(t, &watch.Config{
			Kafka: &watch.KafkaInput{Config: kafka.Config{Brokers: addrs}, Topic: "events",
				Group: "g"},
			Rules: []*rules.Rule{rule}, Engine: eng, Sinks: []sink.Sink{mem}, Listen: "off",
			Clock: clk, Log: testLog(t, id)})
		ins, svcs = append(ins, in), append(svcs, in.s)
	}
	deadline := time.Now().Add(30 * time.Second)
	for svcs[0].Stats().Records+svcs[1].Stats().Records < 20 {
		if time.Now().After(deadline) {
			t.Fatal("timed out reading the events")
		}
		time.Sleep(5 * time.Millisecond)
	}
	clk.Set(t0.Add(5 * time.Minute))
	mem.waitFor(t, 30*time.Second, "the 09:05 run", func(gs []got) bool { return len(gs) >= 1 })
	for _, in := range ins {
		if err := in.stop(); err != nil {
			t.Fatal(err)
		}
	}
	gs := mem.snapshot()
	if len(gs) != 1 || len(gs[0].Rows) != 1 || gs[0].Rows[0]["count_"] != float64(20) {
		t.Fatalf("alerts %+v, want one counting 20 events of host-A", gs)
	}
}
