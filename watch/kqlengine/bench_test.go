package kqlengine_test

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/kqlhunt/kqlhunt/rules"
	"github.com/kqlhunt/kqlhunt/watch"
	"github.com/kqlhunt/kqlhunt/watch/clock"
	"github.com/kqlhunt/kqlhunt/watch/kafka"
	"github.com/kqlhunt/kqlhunt/watch/kqlengine"
	"github.com/kqlhunt/kqlhunt/watch/sink"
)

// benchN is the rows per benchmark iteration.
const benchN = 100_000

// BenchmarkKafkaSeedRule measures events per second through the Kafka
// path (producer, in-process broker and one watch instance sharing the
// machine) for the seed rule T1119 evaluated per event (--realtime).
//
//	go run ./bench/gen -n 100000 -o /tmp/dpe.jsonl
//	KQLHUNT_BENCH_ROWS=/tmp/dpe.jsonl go test ./watch/kqlengine -run - \
//	    -bench KafkaSeedRule -benchtime 3x
func BenchmarkKafkaSeedRule(b *testing.B) { benchKafka(b, false) }

// BenchmarkKafkaSeedRuleConsume is BenchmarkKafkaSeedRule with the topic
// written before watch starts: the broker and one watch instance share the
// machine, the producer does not.
func BenchmarkKafkaSeedRuleConsume(b *testing.B) { benchKafka(b, true) }

// benchKafka runs watch over benchN rows through an in-process broker,
// produced while it reads, or before (preload).
func benchKafka(b *testing.B, preload bool) {
	rows, day := benchRows(b, benchN)
	size := 0
	for _, r := range rows {
		size += len(r)
	}
	c, err := kfake.NewCluster(kfake.NumBrokers(1), kfake.AllowAutoTopicCreation(),
		kfake.DefaultNumPartitions(4), kfake.DataDir(b.TempDir()))
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	prod, err := kgo.NewClient(kgo.SeedBrokers(c.ListenAddrs()...),
		kgo.ProducerLinger(5*time.Millisecond),
		kgo.AllowAutoTopicCreation(), kgo.ProducerBatchCompression(kgo.NoCompression()))
	if err != nil {
		b.Fatal(err)
	}
	defer prod.Close()
	b.ResetTimer()
	var alerts int64
	for i := range b.N {
		topic := fmt.Sprintf("events-%d", i)
		var clk clock.Clock = clock.Real()
		if !day.IsZero() {
			clk = clock.NewManual(day)
		}
		cnt := &counter{}
		s, err := watch.New(&watch.Config{
			Kafka: &watch.KafkaInput{Config: kafka.Config{Brokers: c.ListenAddrs()},
				Topic: topic, Group: fmt.Sprintf("bench-%d", i)},
			Realtime: true, Rules: []*rules.Rule{seed(b)}, Engine: kqlengine.Engine{},
			Sinks: []sink.Sink{cnt}, Listen: "off", Clock: clk})
		if err != nil {
			b.Fatal(err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		var perr error
		var mu sync.Mutex
		produce := func() {
			for n, r := range rows {
				prod.Produce(ctx, &kgo.Record{Topic: topic, Key: []byte{byte(n)}, Value: r},
					func(_ *kgo.Record, err error) {
						mu.Lock()
						perr = cmp.Or(perr, err)
						mu.Unlock()
					})
			}
			prod.Flush(ctx)
			if perr != nil {
				b.Fatal(perr)
			}
		}
		if preload {
			produce()
		}
		start := time.Now()
		go func() { done <- s.Run(ctx) }()
		if !preload {
			produce()
		}
		for s.Stats().Records < int64(len(rows)) {
			time.Sleep(time.Millisecond)
		}
		elapsed := time.Since(start)
		cancel()
		<-done
		alerts = s.Stats().Alerts
		b.ReportMetric(float64(len(rows))/elapsed.Seconds(), "events/s")
	}
	b.ReportMetric(float64(size)/float64(len(rows)), "bytes/row")
	b.ReportMetric(float64(alerts), "alerts")
}

// BenchmarkRealtimeLatency measures the time from producing a record to
// its realtime alert reaching a sink, at a steady 2,000 events/s with one
// positive in 50; it reports percentiles.
//
//	go test ./watch/kqlengine -run - -bench RealtimeLatency -benchtime 1x
func BenchmarkRealtimeLatency(b *testing.B) {
	c, err := kfake.NewCluster(kfake.NumBrokers(1), kfake.SeedTopics(4, "events"))
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	prod, err := kgo.NewClient(kgo.SeedBrokers(c.ListenAddrs()...),
		kgo.ProducerLinger(0))
	if err != nil {
		b.Fatal(err)
	}
	defer prod.Close()
	cnt := &counter{}
	s, err := watch.New(&watch.Config{
		Kafka: &watch.KafkaInput{Config: kafka.Config{Brokers: c.ListenAddrs()},
			Topic: "events", Group: "latency", Start: "latest"},
		Realtime: true, Rules: []*rules.Rule{seed(b)}, Engine: kqlengine.Engine{},
		Sinks: []sink.Sink{cnt}, Listen: "off"})
	if err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx) }()
	time.Sleep(time.Second) // let the group settle before timing
	b.ResetTimer()
	const rate, seconds = 2000, 5
	tick := time.NewTicker(time.Second / 100)
	sent := 0
	for sent < rate*seconds*b.N {
		<-tick.C
		for range rate / 100 {
			prod.Produce(ctx, &kgo.Record{Topic: "events", Value: row(sent, time.Now())}, nil)
			sent++
		}
	}
	tick.Stop()
	want := sent / 50
	for cnt.len() < want {
		time.Sleep(time.Millisecond)
	}
	cancel()
	<-done
	var lat []time.Duration
	for i, a := range cnt.alerts {
		var al struct{ Row struct{ Timestamp time.Time } }
		if err := json.Unmarshal(a, &al); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, cnt.at[i].Sub(al.Row.Timestamp))
	}
	slices.Sort(lat)
	pct := func(p float64) float64 {
		return float64(lat[int(p*float64(len(lat)-1))].Microseconds()) / 1000
	}
	b.ReportMetric(pct(0.5), "p50-ms")
	b.ReportMetric(pct(0.9), "p90-ms")
	b.ReportMetric(pct(0.99), "p99-ms")
	b.ReportMetric(pct(1), "max-ms")
}
