package detect

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/kqlhunt/kqlhunt/schema"
	"github.com/kqlhunt/kqlhunt/value"
	"github.com/kqlhunt/kqlhunt/watch/window"
)

// Alert is what one rule raised: for a scheduled or NRT run, one alert
// holding every row the run returned (Sentinel's default grouping of all
// events into a single alert); for a realtime rule, one alert per row.
type Alert struct {
	Rule *Rule
	// Stream names the partition that raised it.
	Stream string
	// Time is the run time, or for realtime the time the event was seen.
	Time time.Time
	// From and To bound the arrival times of the run's window.
	From, To time.Time
	Columns  []schema.Column
	Rows     [][]value.Value
	// Offset is the oldest stream position the alert depends on: the
	// stream must be replayed from there if the alert is not delivered.
	Offset int64
}

// Partition is the detection state of one stream: its window store, and
// each scheduled rule's next run and suppression.
type Partition struct {
	d      *Detector
	name   string
	store  *window.Store
	sched  []*schedule
	start  bool
	failed int64
	// gather leaves trigger and suppression to the caller: Tick returns
	// every run's result, even an empty one (see Gather).
	gather bool
	held   heldRows // realtime rows waiting for their partner (merge.go)
}

// schedule is one scheduled rule's state on a partition.
type schedule struct {
	r          *Rule
	next       time.Time
	suppressed time.Time // no run before this time (suppression)
}

// NewPartition returns the state of a new stream named name.
func (d *Detector) NewPartition(name string, budget *window.Budget) *Partition {
	p := &Partition{d: d, name: name, store: window.NewStore(budget)}
	for _, r := range d.Rules {
		if r.Mode != ModeRealtime {
			p.sched = append(p.sched, &schedule{r: r})
		}
	}
	return p
}

// Gather makes Tick return the result of every run, trigger and
// suppression not applied: the caller judges the results of the
// partitions it holds together, as Sentinel judges one run's whole result.
func (p *Partition) Gather() { p.gather = true }

// NextRun returns the time of the named rule's next run.
func (p *Partition) NextRun(id string) (time.Time, bool) {
	for _, s := range p.sched {
		if s.r.Rule.ID == id {
			return s.next, p.start
		}
	}
	return time.Time{}, false
}

// Close releases the partition's events.
func (p *Partition) Close() { p.store.Close(); p.held = heldRows{} }

// Start fixes the schedules: each rule's first run is the first multiple of
// its frequency (counted from the Unix epoch) at or after t, or at or after
// its entry in resume (from a committed checkpoint) when it has one. Runs
// are aligned so that an instance restarted, or another instance taking
// the stream over, keeps the same run times. Only the first call counts.
func (p *Partition) Start(t time.Time, resume map[string]time.Time) {
	if p.start {
		return
	}
	p.start = true
	for _, s := range p.sched {
		from := t
		if r, ok := resume[s.r.Rule.ID]; ok {
			from = r
		}
		s.next = alignFrom(from, s.r.Every)
	}
}

// Resume returns, per scheduled rule, the run time from which it must run
// again after a restart: its next run, or the earliest run whose alert
// pending (not yet delivered) holds, whichever is earlier.
func (p *Partition) Resume(pending map[string]time.Time) map[string]time.Time {
	out := make(map[string]time.Time, len(p.sched))
	for _, s := range p.sched {
		t := s.next
		if a, ok := pending[s.r.Rule.ID]; ok && a.Before(t) {
			t = a
		}
		out[s.r.Rule.ID] = t
	}
	return out
}

// Started reports whether Start has been called.
func (p *Partition) Started() bool { return p.start }

// alignFrom returns the first multiple of every at or after t.
func alignFrom(t time.Time, every time.Duration) time.Time {
	n, e := t.UnixNano(), int64(every)
	k := n / e
	if k*e < n {
		k++
	}
	return time.Unix(0, k*e).UTC()
}

// Add takes decoded events, stores those scheduled rules need, and
// evaluates realtime rules over them at now. With a merge wait, the
// Sysmon 1 and 4688 rows wait for their partner first (see hold). It
// returns the realtime alerts and how many stored events the memory
// budget dropped.
func (p *Partition) Add(ctx context.Context, evs []Event, now time.Time) ([]Alert, int, error) {
	if len(evs) == 0 {
		return nil, 0, nil
	}
	dropped := 0
	for _, e := range evs {
		if p.d.stored[e.Table] {
			dropped += p.store.Add(e.Table, window.Entry{Arrival: e.Arrival, Offset: e.Offset,
				Row: e.Row, Origin: e.Origin})
		}
	}
	alerts, err := p.realtime(ctx, p.hold(evs, now), now)
	return alerts, dropped, err
}

// realtime evaluates the realtime rules over evs at now: an alert per
// result row, which depends on every event of evs.
func (p *Partition) realtime(ctx context.Context, evs []Event, now time.Time) ([]Alert, error) {
	if len(evs) == 0 {
		return nil, nil
	}
	from, to, offset := evs[0].Arrival, evs[0].Arrival, evs[0].Offset
	for _, e := range evs[1:] {
		from, to, offset = minTime(from, e.Arrival), maxTime(to, e.Arrival), min(offset, e.Offset)
	}
	var alerts []Alert
	var errs []error
	for _, r := range p.d.Rules {
		if r.Mode != ModeRealtime {
			continue
		}
		run := r.Query.Start(ctx, now)
		pushed := false
		for _, u := range r.uses {
			rows := make([][]value.Value, 0, len(evs))
			for _, e := range evs {
				if e.Table == u.table {
					rows = append(rows, e.Row)
				}
			}
			if len(rows) > 0 {
				run.Push(u.table, u.project(rows))
				pushed = true
			}
		}
		if !pushed {
			continue
		}
		res, err := run.Finish()
		if err != nil {
			errs = append(errs, fmt.Errorf("rule %s: %w", r.Rule.ID, err))
			continue
		}
		for _, row := range res {
			alerts = append(alerts, Alert{Rule: r, Stream: p.name, Time: now,
				From: from, To: to, Columns: r.Query.Columns(), Rows: [][]value.Value{row},
				Offset: offset})
		}
	}
	return alerts, errors.Join(errs...)
}

// Tick runs every scheduled run that is due at now and whose window is
// complete: the stream has been read up to watermark, so events that
// arrived before the run time are all in. Runs missed while the stream
// lagged are run in order, each with now() at its own run time.
func (p *Partition) Tick(ctx context.Context, now, watermark time.Time) ([]Alert, error) {
	if !p.start {
		return nil, nil
	}
	var alerts []Alert
	var errs []error
	for _, s := range p.sched {
		for !s.next.After(now) && !s.next.After(watermark) {
			t := s.next
			s.next = t.Add(s.r.Every)
			if !p.gather && t.Before(s.suppressed) {
				continue
			}
			a, err := p.run(ctx, s.r, t)
			if err != nil {
				errs = append(errs, err)
				continue
			}
			if a != nil {
				alerts = append(alerts, *a)
				if !p.gather && s.r.Rule.SuppressionEnabled && s.r.Rule.SuppressionDuration > 0 {
					s.suppressed = t.Add(s.r.Rule.SuppressionDuration)
				}
			}
		}
	}
	p.evict()
	return alerts, errors.Join(errs...)
}

// run evaluates rule r over the window ending at t.
func (p *Partition) run(ctx context.Context, r *Rule, t time.Time) (*Alert, error) {
	from := t.Add(-r.Period)
	oldest, _ := p.store.Oldest()
	run := r.Query.Start(ctx, t)
	for _, u := range r.uses {
		p.window(u.table, from, t, func(rows [][]value.Value) {
			run.Push(u.table, u.project(rows))
		})
	}
	res, err := run.Finish()
	if err != nil {
		p.failed++
		return nil, fmt.Errorf("rule %s run at %s: %w", r.Rule.ID, t.Format(time.RFC3339), err)
	}
	if !p.gather && !r.Rule.Triggered(len(res)) {
		return nil, nil
	}
	return &Alert{Rule: r, Stream: p.name, Time: t, From: from, To: t,
		Columns: r.Query.Columns(), Rows: res, Offset: oldest}, nil
}

// evict drops events no rule's next window needs.
func (p *Partition) evict() {
	cut := map[string]time.Time{}
	for _, s := range p.sched {
		from := s.next.Add(-s.r.Period)
		for _, u := range s.r.uses {
			if c, ok := cut[u.table]; !ok || from.Before(c) {
				cut[u.table] = from
			}
		}
	}
	for table, c := range cut {
		p.store.Evict(table, c)
	}
}

// Oldest returns the oldest stream position the windows, or the realtime
// rules' merge wait, still hold.
func (p *Partition) Oldest() (int64, bool) {
	off, ok := p.store.Oldest()
	if h, _, held := p.oldestHeld(); held && (!ok || h < off) {
		off, ok = h, true
	}
	return off, ok
}

// Len returns how many events the windows hold.
func (p *Partition) Len() int { return p.store.Len() }

// Next returns the earliest next run time, if any rule is scheduled.
func (p *Partition) Next() (time.Time, bool) {
	var best time.Time
	for _, s := range p.sched {
		if best.IsZero() || s.next.Before(best) {
			best = s.next
		}
	}
	return best, p.start && !best.IsZero()
}

// Need returns the earliest arrival time a run still to come needs: the
// start of the window of each rule's resume run (see Resume), or the
// arrival of a row held for its partner (realtime merge wait); false when
// there is none.
func (p *Partition) Need(pending map[string]time.Time) (time.Time, bool) {
	var need time.Time
	for id, t := range p.Resume(pending) {
		for _, s := range p.sched {
			if s.r.Rule.ID == id {
				if from := t.Add(-s.r.Period); need.IsZero() || from.Before(need) {
					need = from
				}
			}
		}
	}
	if _, at, ok := p.oldestHeld(); ok && (need.IsZero() || at.Before(need)) {
		need = at
	}
	return need, !need.IsZero()
}
