package watch_test

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/kqlhunt/kqlhunt/watch"
	"github.com/kqlhunt/kqlhunt/watch/kafka"
	"github.com/kqlhunt/kqlhunt/watch/sink"
)

// produced records where each test event went.
type produced struct {
	part   map[int]int32
	offset map[int]int64
	pos    map[int]bool
}

func produce(t *testing.T, cl *kgo.Client, p *produced, topic string, from, to int) {
	t.Helper()
	var recs []*kgo.Record
	base := time.Now().UTC()
	for n := from; n < to; n++ {
		line, dev, pos := event(n, base)
		recs = append(recs, &kgo.Record{Topic: topic, Key: []byte("id-" + dev), Value: line})
		p.pos[n] = pos
	}
	res := cl.ProduceSync(context.Background(), recs...)
	if err := res.FirstErr(); err != nil {
		t.Fatal(err)
	}
	// Results come in completion order, not in the order produced.
	for _, r := range res {
		var row struct{ ReportId int }
		if err := json.Unmarshal(r.Record.Value, &row); err != nil {
			t.Fatal(err)
		}
		p.part[row.ReportId], p.offset[row.ReportId] = r.Record.Partition, r.Record.Offset
	}
}

// cluster starts a one-broker in-process Kafka cluster with the topic
// "events" in four partitions, and a client of it made with copts; both
// close with the test.
func cluster(t *testing.T, copts []kgo.Opt, opts ...kfake.Opt) ([]string, *kgo.Client) {
	t.Helper()
	c, err := kfake.NewCluster(append(opts, kfake.NumBrokers(1),
		kfake.SeedTopics(4, "events"))...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	addrs := c.ListenAddrs()
	cl, err := kgo.NewClient(append(copts, kgo.SeedBrokers(addrs...))...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(cl.Close)
	return addrs, cl
}

// instance is a running watch service.
type instance struct {
	s      *watch.Service
	cancel context.CancelFunc
	done   chan error
}

func startInstance(t *testing.T, cfg *watch.Config) *instance {
	t.Helper()
	s, err := watch.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	in := &instance{s: s, cancel: cancel, done: make(chan error, 1)}
	go func() { in.done <- s.Run(ctx) }()
	return in
}

// stop shuts down gracefully and returns Run's error.
func (in *instance) stop() error {
	in.cancel()
	return <-in.done
}

// kill stops as a crash would.
func (in *instance) kill(t *testing.T) {
	in.s.Kill()
	if err := <-in.done; !errors.Is(err, watch.ErrKilled) {
		t.Fatalf("killed instance returned %v", err)
	}
	in.cancel()
}

func groupConfig(t *testing.T, kc kafka.Config, id string, mem sink.Sink) *watch.Config {
	rs, eng := testRules()
	return &watch.Config{
		Kafka: &watch.KafkaInput{Config: kc, Topic: "events",
			Group: "g", InstanceID: id, SessionTimeout: 600 * time.Millisecond},
		Realtime: true, Rules: rs, Engine: eng, Sinks: []sink.Sink{mem}, Listen: "off",
		CommitInterval: 100 * time.Millisecond, RetryMin: time.Millisecond,
		Log: testLog(t, id),
	}
}

// TestKafkaGroupCrash runs two instances in one consumer group, kills one
// mid-stream, restarts it, and checks that every event was evaluated,
// every positive alerted, and that repeated alerts come only from records
// after the killed instance's last checkpoint: on a plain broker, and on
// one that wants what the Event Hubs Kafka endpoint wants (TLS, SASL PLAIN
// with user $ConnectionString and the connection string as password).
func TestKafkaGroupCrash(t *testing.T) {
	t.Run("plaintext", func(t *testing.T) { groupCrash(t, kafka.Config{}) })
	t.Run("event hubs", func(t *testing.T) {
		const conn = "Endpoint=sb://kqlhunt-test.servicebus.windows.net/;" +
			"SharedAccessKeyName=listen;SharedAccessKey=bm90LWEtcmVhbC1rZXk=;EntityPath=events"
		tc, ca := loopbackTLS(t)
		t.Setenv("KQLHUNT_TEST_EH", conn)
		groupCrash(t, kafka.Config{EventHubs: true, CAFile: ca, PasswordEnv: "KQLHUNT_TEST_EH"},
			kfake.EnableSASL(), kfake.Superuser("PLAIN", "$ConnectionString", conn),
			kfake.TLS(tc))
	})
}

// groupCrash is TestKafkaGroupCrash on a cluster made with opts, read with
// kc (its brokers filled in).
func groupCrash(t *testing.T, kc kafka.Config, opts ...kfake.Opt) {
	c, err := kfake.NewCluster(append(opts, kfake.NumBrokers(1), kfake.SeedTopics(4, "events"),
		kfake.GroupMinSessionTimeout(100*time.Millisecond))...)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	kc.Brokers = c.ListenAddrs()
	copts, err := kc.Options()
	if err != nil {
		t.Fatal(err)
	}
	prod, err := kgo.NewClient(copts...)
	if err != nil {
		t.Fatal(err)
	}
	defer prod.Close()
	p := &produced{part: map[int]int32{}, offset: map[int]int64{}, pos: map[int]bool{}}
	mem := newMemSink()
	const total = 4500
	produce(t, prod, p, "events", 0, 1500)
	a := startInstance(t, groupConfig(t, kc, "a", mem))
	b := startInstance(t, groupConfig(t, kc, "b", mem))
	mem.waitFor(t, 30*time.Second, "first events", func(gs []got) bool {
		return len(seen(gs, "all")) == 1500
	})
	waitCommitted(t, prod, 1500)
	produce(t, prod, p, "events", 1500, 3000)
	mem.waitFor(t, 30*time.Second, "events after the first checkpoint", func(gs []got) bool {
		return len(seen(gs, "all")) >= 1800
	})
	b.kill(t)
	committed, _, err := kafka.FetchCommitted(context.Background(), prod, "g", "events",
		[]int32{0, 1, 2, 3})
	if err != nil {
		t.Fatal(err)
	}
	produce(t, prod, p, "events", 3000, total)
	b = startInstance(t, groupConfig(t, kc, "b", mem))
	mem.waitFor(t, 60*time.Second, "every event", func(gs []got) bool {
		return len(seen(gs, "all")) == total
	})
	if err := a.stop(); err != nil {
		t.Error(err)
	}
	if err := b.stop(); err != nil {
		t.Error(err)
	}

	gs := mem.snapshot()
	all, coll := seen(gs, "all"), seen(gs, "coll")
	perPart := map[int32]int{}
	for n := range all {
		perPart[p.part[n]]++
	}
	want := map[int32]int{}
	for n := range total {
		want[p.part[n]]++
		if p.pos[n] && coll[n] == 0 {
			t.Errorf("positive event %d not alerted", n)
		}
		if !p.pos[n] && coll[n] > 0 {
			t.Errorf("negative event %d alerted", n)
		}
	}
	for part, n := range want {
		if perPart[part] != n {
			t.Errorf("partition %d: %d events evaluated, want %d", part, perPart[part], n)
		}
	}
	dups := 0
	for _, counts := range []map[int]int{all, coll} {
		for n, k := range counts {
			if k == 1 {
				continue
			}
			dups += k - 1
			if p.offset[n] < committed[p.part[n]] {
				t.Errorf("event %d (partition %d offset %d) alerted %d times, but it is "+
					"before the checkpoint %d", n, p.part[n], p.offset[n], k,
					committed[p.part[n]])
			}
		}
	}
	t.Logf("%d alerts, %d repeated; checkpoints at the kill %v", len(gs), dups, committed)
}

// waitCommitted waits until the group's checkpoints cover n records.
func waitCommitted(t *testing.T, cl *kgo.Client, n int64) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		offs, _, err := kafka.FetchCommitted(context.Background(), cl, "g", "events",
			[]int32{0, 1, 2, 3})
		if err != nil {
			t.Fatal(err)
		}
		var sum int64
		for _, o := range offs {
			sum += o
		}
		if sum == n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("checkpoints cover %d records, want %d", sum, n)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// seen counts the alerts of rule per event id.
func seen(gs []got, rule string) map[int]int {
	out := map[int]int{}
	for i := range gs {
		if gs[i].Rule.ID == rule {
			out[gs[i].eventID()]++
		}
	}
	return out
}
