package watch_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/kqlhunt/kqlhunt/rules"
	"github.com/kqlhunt/kqlhunt/watch"
	"github.com/kqlhunt/kqlhunt/watch/clock"
	"github.com/kqlhunt/kqlhunt/watch/internal/enginetest"
	"github.com/kqlhunt/kqlhunt/watch/kafka"
	"github.com/kqlhunt/kqlhunt/watch/sink"
)

// burstTraffic is two hours of events from t0, one a minute spread over
// eight quiet devices (under 13 an hour each), and bursts of 15 events of
// one device at minutes 20 (id-burst-1) and 75 (id-burst-2).
func burstTraffic(t0 time.Time) (at []time.Time, dev []string) {
	for m := range 120 {
		ts := t0.Add(time.Duration(m)*time.Minute + 10*time.Second)
		at, dev = append(at, ts), append(dev, fmt.Sprintf("id-%d", m%8))
		for _, b := range []int{20, 75} {
			if m == b {
				for i := range 15 {
					at = append(at, ts.Add(time.Duration(i)*time.Second))
					dev = append(dev, fmt.Sprintf("id-burst-%d", b/50+1))
				}
			}
		}
	}
	return at, dev
}

// sentinelRuns is what Sentinel's runs every 5 minutes from t0+5m to end
// of "summarize count() by DeviceId | where count_ > 12" over the last
// hour return: the devices of each run that has rows.
func sentinelRuns(at []time.Time, dev []string, t0, end time.Time) map[string][]string {
	out := map[string][]string{}
	for t := t0.Add(5 * time.Minute); !t.After(end); t = t.Add(5 * time.Minute) {
		counts := map[string]int{}
		for i := range at {
			if !at[i].Before(t.Add(-time.Hour)) && at[i].Before(t) {
				counts[dev[i]]++
			}
		}
		var hot []string
		for d, n := range counts {
			if n > 12 {
				hot = append(hot, d)
			}
		}
		if len(hot) > 0 {
			slices.Sort(hot)
			out[t.Format("15:04")] = hot
		}
	}
	return out
}

// TestKafkaScheduledCrash runs a keyed scheduled rule (every 5 minutes
// over the last hour) over two hours of events on four partitions, with a
// controllable clock; the instance is killed at 10:07:30, mid-window, and
// a new one resumes from the committed checkpoints, rebuilding its
// windows by replay. Together they raise exactly the alerts of Sentinel's
// runs, each with the same devices.
func TestKafkaScheduledCrash(t *testing.T) {
	t0 := time.Date(2026, 3, 14, 9, 0, 0, 0, time.UTC)
	end := t0.Add(2 * time.Hour)
	at, dev := burstTraffic(t0)
	want := sentinelRuns(at, dev, t0, end)
	if len(want) < 10 {
		t.Fatalf("test data gives %d alerting runs; want more", len(want))
	}
	addrs, prod := cluster(t, nil, kfake.GroupMinSessionTimeout(100*time.Millisecond))
	var recs []*kgo.Record
	for i := range at {
		recs = append(recs, &kgo.Record{Topic: "events", Key: []byte(dev[i]), Timestamp: at[i],
			Value: fmt.Appendf(nil, `{"DeviceId":%q,"DeviceName":"n"}`, dev[i])})
	}
	if err := prod.ProduceSync(context.Background(), recs...).FirstErr(); err != nil {
		t.Fatal(err)
	}
	clk := clock.NewManual(t0)
	mem := newMemSink()
	eng := enginetest.Engine{"count": enginetest.CountBy("DeviceId", 12)}
	rule := &rules.Rule{ID: "count", Kind: "Scheduled", QueryFrequency: 5 * time.Minute,
		QueryPeriod: time.Hour, Query: "DeviceProcessEvents | summarize count() by DeviceId" +
			" | where count_ > 12"}
	start := func(name string) *instance {
		return startInstance(t, &watch.Config{
			Kafka: &watch.KafkaInput{Config: kafka.Config{Brokers: addrs}, Topic: "events",
				Group: "g", SessionTimeout: 600 * time.Millisecond},
			Rules: []*rules.Rule{rule}, Engine: eng, Sinks: []sink.Sink{mem}, Listen: "off",
			Clock: clk, CommitInterval: 20 * time.Millisecond, Log: testLog(t, name)})
	}
	// advance moves the clock in 5-minute steps to until, waiting at each
	// step for the alerts Sentinel's run there raises.
	advance := func(from, until time.Time) {
		for ts := from; !ts.After(until); ts = ts.Add(5 * time.Minute) {
			clk.Set(ts)
			n := 0
			for k := range want {
				if tm, _ := time.Parse("15:04", k); tm.Hour()*60+tm.Minute() <=
					ts.Hour()*60+ts.Minute() {
					n++
				}
			}
			mem.waitFor(t, 30*time.Second, "the run at "+ts.Format("15:04"),
				func(gs []got) bool { return len(distinctRuns(gs)) >= n })
		}
	}
	a := start("a")
	deadline := time.Now().Add(30 * time.Second)
	for a.s.Stats().Records < int64(len(at)) {
		if time.Now().After(deadline) {
			t.Fatal("timed out reading the events")
		}
		time.Sleep(5 * time.Millisecond)
	}
	advance(t0.Add(5*time.Minute), t0.Add(65*time.Minute))
	clk.Set(t0.Add(67*time.Minute + 30*time.Second))
	// Kill once the checkpoints say the next run is 10:10: the 10:05 alert
	// is delivered and committed.
	var committed map[int32]int64
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		offs, metas, err := kafka.FetchCommitted(context.Background(), prod, "g", "events",
			[]int32{0, 1, 2, 3})
		if err != nil {
			t.Fatal(err)
		}
		next := 0
		for _, m := range metas {
			if kafka.DecodeResume(m, []string{"count"})["count"].Equal(t0.Add(70 * time.Minute)) {
				next++
			}
		}
		if next == 4 {
			committed = offs
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("checkpoints %v %v never reached the 10:10 run", offs, metas)
		}
	}
	a.kill(t)
	before := len(mem.snapshot())

	b := start("b")
	advance(t0.Add(70*time.Minute), end)
	if err := b.stop(); err != nil {
		t.Fatal(err)
	}
	gs := mem.snapshot()
	got := map[string][]string{}
	for _, g := range gs {
		tm, _ := time.Parse(time.RFC3339Nano, g.Time)
		var devs []string
		for _, r := range g.Rows {
			devs = append(devs, fmt.Sprint(r["DeviceId"]))
		}
		slices.Sort(devs)
		k := tm.Format("15:04")
		if prev, ok := got[k]; ok && !slices.Equal(prev, devs) {
			t.Errorf("run %s raised twice with different rows: %v and %v", k, prev, devs)
		}
		got[k] = devs
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("alerting runs\n%v\nwant Sentinel's\n%v", got, want)
	}
	// The checkpoint kept the hour the next run needs, and no more: the
	// new instance ran nothing before 10:10, the run after the kill.
	for _, g := range gs[before:] {
		if tm, _ := time.Parse(time.RFC3339Nano, g.Time); tm.Before(t0.Add(70 * time.Minute)) {
			t.Errorf("run %s raised again after the restart", tm.Format("15:04"))
		}
	}
	t.Logf("%d alerts for %d alerting runs; checkpoints at the kill %v", len(gs), len(want),
		committed)
}

// distinctRuns lists the distinct run times of the alerts.
func distinctRuns(gs []got) []string {
	var out []string
	for _, k := range runs(gs) {
		if !slices.Contains(out, k) {
			out = append(out, k)
		}
	}
	return out
}
