package watch

import (
	"context"
	"log/slog"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/kqlhunt/kqlhunt/mapping"
	"github.com/kqlhunt/kqlhunt/value"
	"github.com/kqlhunt/kqlhunt/watch/clock"
	"github.com/kqlhunt/kqlhunt/watch/decode"
	"github.com/kqlhunt/kqlhunt/watch/detect"
	"github.com/kqlhunt/kqlhunt/watch/kafka"
	"github.com/kqlhunt/kqlhunt/watch/sink"
	"github.com/kqlhunt/kqlhunt/watch/window"
)

// pipeline runs one set of rules over the streams of one consumer (the
// local sources, or one Kafka consumer group): decode, store, evaluate,
// hand alerts to the dispatcher, and track what is still needed so that
// checkpoints never pass an event an undelivered alert or a window needs.
type pipeline struct {
	name   string
	det    *detect.Detector
	dec    *decode.Decoder
	tg     map[string]int // index of TimeGenerated per table, where requested
	budget *window.Budget
	clock  clock.Clock
	disp   *sink.Dispatcher
	m      *metrics
	log    *slog.Logger
	lim    *limiter
	stale  *staleCheck // nil: some rule reads its whole window

	mu    sync.Mutex // guards parts and shared
	parts map[string]*stream
	// merged pipelines run their rules over all streams at once, in shared.
	merged bool
	shared *detect.Partition
	// Others gather their partitions' scheduled results (see gather.go).
	gathered   map[runKey]*gathering
	suppressed map[string]time.Time // per rule: no alert for runs before

	pmu     sync.Mutex // guards pending and seq
	pending map[uint64]pendingAlert
	seq     uint64

	records, events, alerts atomic.Int64 // totals, for Stats
}

// stream is the state of one partition.
type stream struct {
	p      *detect.Partition
	next   int64 // offset after the last record processed (-1: none yet)
	hwm    int64 // high watermark last seen (-1: unknown)
	lastTS time.Time
	resume map[string]time.Time // from the committed checkpoint
	// hold is the first offset of a batch whose evaluation failed (-1:
	// none): checkpoints stay before it, so a restart evaluates it again.
	hold int64
	// samples are the first records of batches (merged pipelines only).
	samples []sample
}

// pendingAlert is an alert handed to the sinks and not yet delivered.
type pendingAlert struct {
	stream string
	offset int64
	rule   string
	run    time.Time
	mode   string
}

// record is one input unit of a stream.
type record struct {
	data    []byte
	table   string
	rows    [][]value.Value
	arrival time.Time
	offset  int64
	source  string
	// origin and pos locate a local record for messages: its path ("-"
	// for standard input) and byte position there.
	origin string
	pos    int64
}

func newPipeline(name string, det *detect.Detector, dec *decode.Decoder, b *window.Budget,
	c clock.Clock, d *sink.Dispatcher, m *metrics, log *slog.Logger) *pipeline {
	pl := &pipeline{name: name, det: det, dec: dec, tg: columnIndex(det, "TimeGenerated"),
		budget: b, clock: c,
		disp: d, m: m, log: log, lim: newLimiter(c, 10*time.Second),
		parts: map[string]*stream{}, pending: map[uint64]pendingAlert{},
		stale: newStaleCheck(det)}
	return pl
}

// columnIndex returns, per table the rules read, where the named column
// sits in its rows (tables without it are left out).
func columnIndex(det *detect.Detector, name string) map[string]int {
	out := map[string]int{}
	for table, cols := range det.Tables() {
		for i, col := range cols {
			if col.Name == name {
				out[table] = i
			}
		}
	}
	return out
}

// open adds a stream, resuming its rules' schedules from resume.
func (pl *pipeline) open(name string, resume map[string]time.Time) {
	pl.mu.Lock()
	defer pl.mu.Unlock()
	if old := pl.parts[name]; old != nil && !pl.merged {
		old.p.Close()
	}
	s := &stream{next: -1, hwm: -1, resume: resume, hold: -1}
	if pl.merged {
		s.p = pl.sharedPartition()
	} else {
		s.p = pl.det.NewPartition(name, pl.budget)
		s.p.Gather()
	}
	pl.parts[name] = s
}

// drop removes a stream (revoked or lost) and forgets its pending alerts;
// those still reach the sinks, and the new owner replays from the last
// checkpoint, so they may arrive twice.
func (pl *pipeline) drop(name string) {
	pl.mu.Lock()
	if s := pl.parts[name]; s != nil {
		if !pl.merged {
			s.p.Close()
		}
		delete(pl.parts, name)
	}
	pl.mu.Unlock()
	pl.pmu.Lock()
	for id, p := range pl.pending {
		if p.stream == name {
			delete(pl.pending, id)
		}
	}
	pl.pmu.Unlock()
}

// decodeAll decodes records into events, in parallel for large batches.
func (pl *pipeline) decodeAll(recs []record) []detect.Event {
	workers := runtime.GOMAXPROCS(0)
	if len(recs) < 256 || workers < 2 {
		return pl.decodeRange(recs)
	}
	parts := make([][]detect.Event, workers)
	var wg sync.WaitGroup
	size := (len(recs) + workers - 1) / workers
	for w := range workers {
		lo, hi := w*size, min((w+1)*size, len(recs))
		if lo >= hi {
			break
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			parts[w] = pl.decodeRange(recs[lo:hi])
		}()
	}
	wg.Wait()
	var out []detect.Event
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

// decodeRange decodes records in order, filling TimeGenerated with the
// arrival time where the input has none.
func (pl *pipeline) decodeRange(recs []record) []detect.Event {
	evs := make([]detect.Event, 0, len(recs))
	for i := range recs {
		r := &recs[i]
		emit := func(table string, row []value.Value, o *mapping.Origin) {
			if j, ok := pl.tg[table]; ok && row[j].IsNull() {
				row[j] = value.NewDateTime(r.arrival)
			}
			evs = append(evs, detect.Event{Table: table, Row: row, Arrival: r.arrival,
				Offset: r.offset, Origin: o})
		}
		if r.rows != nil {
			for _, row := range r.rows {
				emit(r.table, row, nil)
			}
			continue
		}
		if _, err := pl.dec.Decode(r.data, emit); err != nil {
			pl.m.decodeErrors.WithLabelValues(r.source).Inc()
			if pl.lim.allow("decode") {
				if r.origin != "" {
					pl.log.Warn("undecodable message", "pipeline", pl.name, "origin", r.origin,
						"byte", r.pos, "err", err)
				} else {
					pl.log.Warn("undecodable message", "pipeline", pl.name, "source", r.source,
						"offset", r.offset, "err", err)
				}
			}
		}
	}
	return evs
}

// process decodes and evaluates a batch of one stream's records.
func (pl *pipeline) process(ctx context.Context, name string, recs []record) error {
	if len(recs) == 0 {
		return nil
	}
	evs := pl.decodeAll(recs)
	pl.checkStale(evs, pl.clock.Now())
	pl.records.Add(int64(len(recs)))
	pl.events.Add(int64(len(evs)))
	if len(evs) > 0 {
		pl.m.events.WithLabelValues(recs[0].source).Add(float64(len(evs)))
	}
	pl.mu.Lock()
	s := pl.parts[name]
	if s == nil {
		pl.mu.Unlock()
		if pl.lim.allow("unowned") {
			pl.log.Warn("records of a partition not held; skipped", "stream", name)
		}
		return nil
	}
	if !s.p.Started() {
		s.p.Start(recs[0].arrival, s.resume)
	}
	start := time.Now()
	alerts, dropped, err := s.p.Add(ctx, evs, pl.clock.Now())
	pl.m.evalSeconds.WithLabelValues(detect.ModeRealtime).Observe(time.Since(start).Seconds())
	last := recs[len(recs)-1]
	s.next, s.lastTS = last.offset+1, last.arrival
	if pl.merged {
		s.samples = append(s.samples, sample{recs[0].arrival, recs[0].offset})
	}
	if err != nil && s.hold < 0 {
		s.hold = recs[0].offset
	}
	pl.mu.Unlock()
	if dropped > 0 {
		pl.m.dropped.Add(float64(dropped))
		if pl.lim.allow("drop") {
			pl.log.Warn("window store full: oldest events dropped", "pipeline", pl.name,
				"dropped_total", pl.budget.Dropped())
		}
	}
	pl.ruleError(err)
	return pl.emit(ctx, alerts, nil)
}

// tick runs the scheduled runs that are due.
func (pl *pipeline) tick(ctx context.Context) error {
	if err := pl.expire(ctx, false); err != nil {
		return err
	}
	now := pl.clock.Now()
	var alerts []detect.Alert
	pl.mu.Lock()
	start := time.Now()
	held := 0
	if pl.merged {
		as, err := pl.tickMerged(ctx, now)
		pl.ruleError(err)
		alerts = as
		if pl.shared != nil {
			held = pl.shared.Len()
		}
	}
	for _, s := range pl.parts {
		if pl.merged {
			break
		}
		wm := now
		if s.hwm >= 0 && s.next < s.hwm {
			wm = s.lastTS
		}
		as, err := s.p.Tick(ctx, now, wm)
		pl.ruleError(err)
		pl.gather(as)
		held += s.p.Len()
	}
	var ids [][]uint64
	if !pl.merged {
		alerts, ids = pl.judged()
	}
	pl.mu.Unlock()
	if pl.det.Scheduled() {
		pl.m.evalSeconds.WithLabelValues(detect.ModeScheduled).Observe(time.Since(start).Seconds())
	}
	pl.m.windowEvents.Set(float64(held))
	pl.m.windowBytes.Set(float64(pl.budget.Used()))
	return pl.emit(ctx, alerts, ids)
}

func (pl *pipeline) ruleError(err error) {
	if err != nil && pl.lim.allow("rule") {
		pl.log.Error("rule evaluation failed", "pipeline", pl.name, "err", err)
	}
}

// emit renders alerts, records them as pending and queues them. An alert
// whose entry in held is set has been recorded as pending already, under
// those ids.
func (pl *pipeline) emit(ctx context.Context, alerts []detect.Alert, held [][]uint64) error {
	if len(alerts) == 0 {
		return nil
	}
	now := pl.clock.Now()
	pl.alerts.Add(int64(len(alerts)))
	batch := &sink.Batch{Alerts: make([]sink.Alert, len(alerts))}
	ids := make([]uint64, 0, len(alerts))
	pl.pmu.Lock()
	for i := range alerts {
		a := &alerts[i]
		batch.Alerts[i] = render(a)
		if i < len(held) && held[i] != nil {
			ids = append(ids, held[i]...)
		} else {
			pl.seq++
			ids = append(ids, pl.seq)
			pl.pending[pl.seq] = pendingAlert{stream: a.Stream, offset: a.Offset,
				rule: a.Rule.Rule.ID, run: a.Time, mode: a.Rule.Mode}
		}
		pl.m.alerts.WithLabelValues(a.Rule.Rule.ID).Inc()
		if a.Rule.Mode == detect.ModeRealtime {
			pl.m.alertLatency.Observe(now.Sub(a.To).Seconds())
		}
	}
	pl.pmu.Unlock()
	batch.Done = func() {
		pl.pmu.Lock()
		for _, id := range ids {
			delete(pl.pending, id)
		}
		pl.pmu.Unlock()
	}
	return pl.disp.Submit(ctx, batch)
}

// checkpoint returns, for each stream, the first offset still needed (by
// a window, an undelivered alert, or not yet read) and the rules' resume
// times; streams with nothing read yet are left out.
func (pl *pipeline) checkpoint() map[string]kafka.Commit {
	pl.pmu.Lock()
	floor := map[string]int64{}
	runs := map[string]map[string]time.Time{}
	for _, p := range pl.pending {
		if f, ok := floor[p.stream]; !ok || p.offset < f {
			floor[p.stream] = p.offset
		}
		if p.mode == detect.ModeRealtime {
			continue
		}
		if runs[p.stream] == nil {
			runs[p.stream] = map[string]time.Time{}
		}
		if t, ok := runs[p.stream][p.rule]; !ok || p.run.Before(t) {
			runs[p.stream][p.rule] = p.run
		}
	}
	pl.pmu.Unlock()
	pl.mu.Lock()
	defer pl.mu.Unlock()
	if pl.merged {
		f, ok := floor[mergedName]
		return pl.checkpointMerged(runs[mergedName], f, ok)
	}
	out := map[string]kafka.Commit{}
	for name, s := range pl.parts {
		if s.next < 0 {
			continue
		}
		off := s.next
		if o, ok := s.p.Oldest(); ok && o < off {
			off = o
		}
		if f, ok := floor[name]; ok && f < off {
			off = f
		}
		if s.hold >= 0 && s.hold < off {
			off = s.hold
		}
		out[name] = kafka.Commit{Offset: off, Resume: s.p.Resume(runs[name])}
	}
	return out
}

// waitDelivered waits until no alert of the named streams is pending, or
// ctx ends.
func (pl *pipeline) waitDelivered(ctx context.Context, names []string) {
	for {
		n := 0
		pl.pmu.Lock()
		for _, p := range pl.pending {
			for _, name := range names {
				if p.stream == name {
					n++
				}
			}
		}
		pl.pmu.Unlock()
		if n == 0 {
			return
		}
		t := time.NewTimer(5 * time.Millisecond)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-t.C:
		}
	}
}

// pendingCount returns how many alerts await delivery.
func (pl *pipeline) pendingCount() int {
	pl.pmu.Lock()
	defer pl.pmu.Unlock()
	return len(pl.pending)
}

// watermark records a partition's high watermark (for the completeness of
// windows and the lag metric).
func (pl *pipeline) watermark(name string, hwm int64) {
	pl.mu.Lock()
	defer pl.mu.Unlock()
	s := pl.parts[name]
	if s == nil {
		return
	}
	s.hwm = hwm
	next := max(s.next, 0)
	pl.m.lag.WithLabelValues(name).Set(float64(max(hwm-next, 0)))
}
