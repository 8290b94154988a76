package detect_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/kqlhunt/kqlhunt/rules"
	"github.com/kqlhunt/kqlhunt/value"
	"github.com/kqlhunt/kqlhunt/watch/detect"
	"github.com/kqlhunt/kqlhunt/watch/internal/enginetest"
	"github.com/kqlhunt/kqlhunt/watch/window"
)

var t0 = time.Date(2026, 3, 14, 9, 0, 0, 0, time.UTC)

// arrival is one test event: a device seen at a time.
type arrival struct {
	at     time.Time
	device string
}

// traffic returns events over two hours: a steady trickle from five
// devices and bursts from two, so counts cross the threshold now and then.
func traffic() []arrival {
	r := rand.New(rand.NewPCG(1, 2))
	var evs []arrival
	for s := 0; s < 2*3600; s += 7 + r.IntN(40) {
		dev := fmt.Sprintf("host-%d", r.IntN(5))
		evs = append(evs, arrival{t0.Add(time.Duration(s) * time.Second), dev})
		if s > 1500 && s < 2400 || s > 5000 && s < 5300 {
			evs = append(evs, arrival{t0.Add(time.Duration(s)*time.Second + time.Second), "burst"})
		}
	}
	return evs
}

// countRule alerts when more than one device has over 12 events in the
// last hour, checked every 5 minutes.
func countRule(suppress time.Duration) *rules.Rule {
	return &rules.Rule{ID: "count", Kind: "Scheduled", QueryFrequency: 5 * time.Minute,
		QueryPeriod: time.Hour, TriggerOperator: "gt", TriggerThreshold: 1,
		SuppressionEnabled: suppress > 0, SuppressionDuration: suppress,
		Query: "DeviceProcessEvents | summarize count() by DeviceName | where count_ > 12"}
}

// expected computes, by brute force, the run times at which Sentinel's
// runs of countRule raise an alert, for runs from start to end.
func expected(evs []arrival, start, end time.Time, suppress time.Duration) []time.Time {
	var out []time.Time
	var until time.Time
	for t := start; !t.After(end); t = t.Add(5 * time.Minute) {
		if t.Before(until) {
			continue
		}
		counts := map[string]int{}
		for _, e := range evs {
			if !e.at.Before(t.Add(-time.Hour)) && e.at.Before(t) {
				counts[e.device]++
			}
		}
		n := 0
		for _, c := range counts {
			if c > 12 {
				n++
			}
		}
		if n > 1 {
			out = append(out, t)
			if suppress > 0 {
				until = t.Add(suppress)
			}
		}
	}
	return out
}

func newDetector(t *testing.T, suppress time.Duration) *detect.Detector {
	eng := enginetest.Engine{"count": enginetest.CountBy("DeviceName", 12)}
	d := detect.New(eng, []*rules.Rule{countRule(suppress)}, detect.Options{})
	if len(d.Skipped) > 0 {
		t.Fatal(d.Skipped)
	}
	return d
}

// feed adds evs[from:to] to p as one event each, ticking the partition
// every 30 seconds of arrival time, and returns the alerts' run times.
func feed(t *testing.T, p *detect.Partition, evs []arrival, from, to int) []time.Time {
	t.Helper()
	ctx := context.Background()
	var got []time.Time
	tick := func(now time.Time) {
		as, err := p.Tick(ctx, now, now)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range as {
			got = append(got, a.Time)
		}
	}
	for i := from; i < to; i++ {
		e := evs[i]
		tick(e.at)
		row := []value.Value{value.NewString(e.device)}
		ev := detect.Event{Table: enginetest.Table, Row: row, Arrival: e.at, Offset: int64(i)}
		if _, _, err := p.Add(ctx, []detect.Event{ev}, e.at); err != nil {
			t.Fatal(err)
		}
	}
	return got
}

func TestScheduledCount(t *testing.T) {
	evs := traffic()
	end := t0.Add(2 * time.Hour)
	for _, suppress := range []time.Duration{0, 30 * time.Minute} {
		t.Run(fmt.Sprintf("suppress=%s", suppress), func(t *testing.T) {
			d := newDetector(t, suppress)
			p := d.NewPartition("local", window.NewBudget(0))
			p.Start(t0, nil)
			got := feed(t, p, evs, 0, len(evs))
			as, err := p.Tick(context.Background(), end, end)
			if err != nil {
				t.Fatal(err)
			}
			for _, a := range as {
				got = append(got, a.Time)
			}
			want := expected(evs, t0, end, suppress)
			if len(want) == 0 || len(want) > 20 {
				t.Fatalf("test data gives %d alerting runs; want a few", len(want))
			}
			if !slices.Equal(got, want) {
				t.Errorf("alerts at\n%v\nwant\n%v", got, want)
			}
		})
	}
}

// TestScheduledCrash stops a partition mid-window, as a crash would, and
// starts a new one from the checkpoint (oldest offset still needed and
// the rule's resume time): the alerts of both together are Sentinel's.
func TestScheduledCrash(t *testing.T) {
	evs := traffic()
	end := t0.Add(2 * time.Hour)
	crashAt := t0.Add(67*time.Minute + 30*time.Second)
	crash := slices.IndexFunc(evs, func(a arrival) bool { return !a.at.Before(crashAt) })
	d := newDetector(t, 0)
	p := d.NewPartition("p0", window.NewBudget(0))
	p.Start(t0, nil)
	got := feed(t, p, evs, 0, crash)
	floor, ok := p.Oldest()
	if !ok {
		t.Fatal("no events held at the crash")
	}
	resume := p.Resume(nil)
	p.Close()

	q := d.NewPartition("p0", window.NewBudget(0))
	q.Start(evs[floor].at, resume)
	// Replay: events before the crash arrive again, then the rest.
	got = append(got, feed(t, q, evs, int(floor), len(evs))...)
	as, _ := q.Tick(context.Background(), end, end)
	for _, a := range as {
		got = append(got, a.Time)
	}
	want := expected(evs, t0, end, 0)
	if !slices.Equal(got, want) {
		t.Errorf("alerts at\n%v\nwant\n%v", got, want)
	}
}

func TestMemoryCap(t *testing.T) {
	d := newDetector(t, 0)
	row := []value.Value{value.NewString("host")}
	budget := window.NewBudget(100 * window.Size(row))
	p := d.NewPartition("p", budget)
	p.Start(t0, nil)
	var evs []detect.Event
	for i := range 150 {
		evs = append(evs, detect.Event{Table: enginetest.Table, Row: row,
			Arrival: t0.Add(time.Duration(i) * time.Second), Offset: int64(i)})
	}
	_, dropped, _ := p.Add(context.Background(), evs, t0)
	if dropped != 50 || budget.Dropped() != 50 || p.Len() != 100 {
		t.Errorf("dropped %d (budget %d), held %d; want 50, 50, 100", dropped,
			budget.Dropped(), p.Len())
	}
	if off, _ := p.Oldest(); off != 50 {
		t.Errorf("oldest offset %d, want 50", off)
	}
}

func TestRealtime(t *testing.T) {
	eng := enginetest.Engine{"coll": enginetest.Collection()}
	r := &rules.Rule{ID: "coll", Kind: "Scheduled", QueryFrequency: time.Hour,
		QueryPeriod: 24 * time.Hour, Query: "DeviceProcessEvents | where FileName =~ 'x' " +
			"| project Timestamp, DeviceName | sort by Timestamp desc"}
	d := detect.New(eng, []*rules.Rule{r}, detect.Options{Realtime: true})
	if d.Rules[0].Mode != detect.ModeRealtime || d.Stored(enginetest.Table) {
		t.Fatalf("mode %s, stored %v", d.Rules[0].Mode, d.Stored(enginetest.Table))
	}
	p := d.NewPartition("p", window.NewBudget(0))
	mk := func(file, cmd string, off int64) detect.Event {
		row := []value.Value{value.NewDateTime(t0), value.NewString("h"), value.NewString("u"),
			value.NewString(file), value.NewString(cmd), value.NewString(""), value.NewString("")}
		return detect.Event{Table: enginetest.Table, Row: row, Arrival: t0, Offset: off}
	}
	as, _, err := p.Add(context.Background(), []detect.Event{
		mk("cmd.exe", "cmd /c dir /s *.docx", 7), mk("notepad.exe", "notepad a.txt", 8),
		mk("robocopy.exe", "robocopy a b /MIR", 9)}, t0)
	if err != nil || len(as) != 2 || as[0].Offset != 7 {
		t.Fatalf("alerts %d (err %v), want 2 from offset 7", len(as), err)
	}
}
