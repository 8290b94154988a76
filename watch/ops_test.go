package watch_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/kqlhunt/kqlhunt/watch"
	"github.com/kqlhunt/kqlhunt/watch/kafka"
	"github.com/kqlhunt/kqlhunt/watch/sink"
)

// TestOps checks /healthz and /metrics on a loopback address, and that a
// graceful stop delivers what was read.
func TestOps(t *testing.T) {
	pr, pw := io.Pipe()
	mem := newMemSink()
	rs, eng := testRules()
	in := startInstance(t, &watch.Config{Files: []string{"-"}, Stdin: pr, Realtime: true,
		Rules: rs, Engine: eng, Sinks: []sink.Sink{mem}, Listen: "127.0.0.1:0"})
	for i := range 40 {
		line, _, _ := event(i, time.Now())
		pw.Write(append(line, '\n'))
	}
	pw.Write([]byte("not json\n"))
	mem.waitFor(t, 30*time.Second, "alerts", func(gs []got) bool { return len(gs) == 43 })
	addr := in.s.Addr()
	if !strings.HasPrefix(addr, "127.0.0.1:") {
		t.Fatalf("listening on %q", addr)
	}
	get := func(path string) (int, string) {
		resp, err := http.Get("http://" + addr + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if code, body := get("/healthz"); code != 200 || body != "ok\n" {
		t.Errorf("healthz %d %q", code, body)
	}
	// The sink counter moves just after the sink returns: read the metrics
	// until it has, or the deadline for a stuck test passes.
	var missing []string
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		_, metrics := get("/metrics")
		missing = missing[:0]
		for _, want := range []string{`kqlhunt_watch_events_total{source="stdin"} 40`,
			`kqlhunt_watch_decode_errors_total{source="stdin"} 1`,
			`kqlhunt_watch_alerts_total{rule="coll"} 3`,
			"kqlhunt_watch_evaluation_seconds_bucket",
			"kqlhunt_watch_alert_latency_seconds_count", "kqlhunt_watch_window_bytes",
			`kqlhunt_watch_sink_alerts_total{sink="memory"} 43`} {
			if !strings.Contains(metrics, want) {
				missing = append(missing, want)
			}
		}
		if len(missing) == 0 || time.Now().After(deadline) {
			break
		}
	}
	for _, m := range missing {
		t.Errorf("metrics lack %s", m)
	}
	if err := in.stop(); err != nil {
		t.Fatal(err)
	}
	pw.Close()
}

// TestRepartition copies Streaming API batches into a topic keyed by
// DeviceId, from which the rules read.
func TestRepartition(t *testing.T) {
	c, err := kfake.NewCluster(kfake.NumBrokers(1), kfake.SeedTopics(3, "raw", "keyed"))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	addrs := c.ListenAddrs()
	cl, err := kgo.NewClient(kgo.SeedBrokers(addrs...), kgo.ConsumeTopics("keyed"),
		kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()))
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	const total = 120
	for m := range 4 {
		var recs []json.RawMessage
		for i := range total / 4 {
			line, _, _ := event(m*total/4+i, time.Now())
			rec, _ := json.Marshal(map[string]any{"category": "AdvancedHunting-DeviceProcessEvents",
				"properties": json.RawMessage(line)})
			recs = append(recs, rec)
		}
		msg, _ := json.Marshal(map[string]any{"records": recs})
		if err := cl.ProduceSync(context.Background(), &kgo.Record{Topic: "raw", Value: msg}).
			FirstErr(); err != nil {
			t.Fatal(err)
		}
	}
	mem := newMemSink()
	rs, eng := testRules()
	in := startInstance(t, &watch.Config{
		Kafka: &watch.KafkaInput{Config: kafka.Config{Brokers: addrs}, Topic: "raw",
			Group: "rp", Repartition: "keyed"},
		Realtime: true, Rules: rs, Engine: eng, Sinks: []sink.Sink{mem}, Listen: "off",
		Log: testLog(t, "rp")})
	mem.waitFor(t, 30*time.Second, "every event", func(gs []got) bool {
		return len(seen(gs, "all")) == total
	})
	if err := in.stop(); err != nil {
		t.Fatal(err)
	}
	partOf := map[string]int32{}
	n := 0
	for n < total {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		fs := cl.PollFetches(ctx)
		timedOut := ctx.Err() != nil
		cancel()
		if fs.IsClientClosed() || timedOut {
			t.Fatalf("read %d keyed records, want %d", n, total)
		}
		fs.EachRecord(func(r *kgo.Record) {
			n++
			var rec struct{ Properties struct{ DeviceId string } }
			json.Unmarshal(r.Value, &rec)
			if string(r.Key) != rec.Properties.DeviceId || len(r.Key) == 0 {
				t.Errorf("key %q for device %q", r.Key, rec.Properties.DeviceId)
			}
			if p, ok := partOf[string(r.Key)]; ok && p != r.Partition {
				t.Errorf("key %s in partitions %d and %d", r.Key, p, r.Partition)
			}
			partOf[string(r.Key)] = r.Partition
		})
	}
}
