package detect

import (
	"context"
	"slices"
	"time"

	"github.com/kqlhunt/kqlhunt/mapping"
	"github.com/kqlhunt/kqlhunt/value"
	"github.com/kqlhunt/kqlhunt/watch/window"
)

// A Sysmon 1 event and a Security 4688 event of one process become two
// DeviceProcessEvents rows, each from its own message. hunt merges the
// two into one row (package mapping); here, a scheduled or NRT run
// merges the pairs its window holds, as hunt's Merger pairs them (see
// mergeRows), and realtime rules hold each such row up to the merge wait
// for its partner: the merged row is evaluated once when the partner
// comes, the lone row when the wait is over (on the next batch or tick).
// Held rows count as needed for checkpoints (Oldest, Need).
//
// Known gaps: the two rows of a pair meet only on one partition (a Kafka
// topic keyed by device, or the local stream); rows read from whole files
// of a watched folder carry no origin, so they are merged within each
// file (by package input, as hunt does) but not across files.

// waiting is a realtime row held for its partner.
type waiting struct {
	ev    Event
	until time.Time // end of its wait
	done  bool      // merged with its partner
}

// heldRows are a partition's realtime rows waiting for their partner.
type heldRows struct {
	pool  mapping.Pool[*waiting]
	queue []*waiting // in arrival order, hence in order of their ends
}

// window calls push with the rows of table that arrived in [from, to),
// in batches, process rows merged by pairs unless merging is off.
func (p *Partition) window(table string, from, to time.Time, push func([][]value.Value)) {
	if !p.d.merge || table != mapping.ProcessTable {
		p.store.Window(table, from, to, p.d.batch, push)
		return
	}
	rows := mergeRows(p.store.Entries(table, from, to))
	for len(rows) > 0 {
		n := min(len(rows), p.d.batch)
		push(rows[:n:n])
		rows = rows[n:]
	}
}

// mergeRows returns the rows of es in arrival order, each Sysmon 1 / 4688
// pair as one row where the Sysmon row stands: each 4688 row, in arrival
// order, takes the closest Sysmon row not yet taken (mapping.Pool), as
// hunt's Merger does. The stored rows are not changed.
func mergeRows(es []window.Entry) [][]value.Value {
	rows := make([][]value.Value, len(es))
	var sysmon mapping.Pool[int]
	for i, e := range es {
		rows[i] = e.Row
		if e.Origin != nil && e.Origin.Sysmon {
			sysmon.Add(e.Origin.Key, true, i)
		}
	}
	if sysmon.Len() == 0 {
		return rows
	}
	merged := false
	for i, e := range es {
		if e.Origin == nil || e.Origin.Sysmon {
			continue
		}
		if j, ok := sysmon.Take(e.Origin.Key, false); ok {
			rows[j] = fill(rows[j], e.Row)
			rows[i], merged = nil, true
		}
	}
	if merged {
		rows = slices.DeleteFunc(rows, func(r []value.Value) bool { return r == nil })
	}
	return rows
}

// fill returns a copy of the Sysmon row s with its empty columns filled
// from the 4688 row k.
func fill(s, k []value.Value) []value.Value {
	row := slices.Clone(s)
	mapping.FillGaps(row, k)
	return row
}

// hold takes a batch's events and returns those realtime rules evaluate
// now: rows whose merge wait is over at now, oldest first, then the
// batch's, where each Sysmon 1 or 4688 row is held for its partner or,
// its partner being held, replaced by the pair's merged row (at the
// partner's arrival and offset). With no merge wait it returns evs.
func (p *Partition) hold(evs []Event, now time.Time) []Event {
	if p.d.wait <= 0 {
		return evs
	}
	out := p.expired(now, false)
	for _, e := range evs {
		o := e.Origin
		if e.Table != mapping.ProcessTable || o == nil {
			out = append(out, e)
			continue
		}
		if w, ok := p.held.pool.Take(o.Key, o.Sysmon); ok {
			w.done = true
			s, k := w.ev.Row, e.Row // the held Sysmon row, the arriving 4688 row
			if o.Sysmon {
				s, k = e.Row, w.ev.Row
			}
			out = append(out, Event{Table: e.Table, Row: fill(s, k), Arrival: w.ev.Arrival,
				Offset: w.ev.Offset})
			continue
		}
		w := &waiting{ev: e, until: now.Add(p.d.wait)}
		p.held.pool.Add(o.Key, o.Sysmon, w)
		p.held.queue = append(p.held.queue, w)
	}
	p.held.trim()
	return out
}

// trim drops the rows merged with their partner from the head of the
// queue, so that its head is the oldest row still held.
func (h *heldRows) trim() {
	for len(h.queue) > 0 && h.queue[0].done {
		h.queue[0] = nil
		h.queue = h.queue[1:]
	}
}

// expired removes from the held rows those whose wait is over at now (all
// of them when all is set) and returns them, oldest first; rows merged
// meanwhile are dropped.
func (p *Partition) expired(now time.Time, all bool) []Event {
	h := &p.held
	var out []Event
	for len(h.queue) > 0 {
		w := h.queue[0]
		if !w.done && !all && w.until.After(now) {
			break
		}
		h.queue[0] = nil
		h.queue = h.queue[1:]
		if !w.done {
			h.pool.Remove(w.ev.Origin.Key, w)
			out = append(out, w.ev)
		}
	}
	if len(h.queue) == 0 {
		h.queue = nil
	}
	return out
}

// Expire evaluates the realtime rules over the rows whose merge wait is
// over at now: the pipeline calls it on its ticks, so a lone row waits
// no longer than the wait and a tick, events coming or not.
func (p *Partition) Expire(ctx context.Context, now time.Time) ([]Alert, error) {
	return p.realtime(ctx, p.expired(now, false), now)
}

// Flush evaluates the realtime rules over every row held for a partner,
// its wait over or not: for a stream that ends, which no one replays.
func (p *Partition) Flush(ctx context.Context, now time.Time) ([]Alert, error) {
	return p.realtime(ctx, p.expired(now, true), now)
}

// oldestHeld returns the stream position and the arrival of the oldest
// row held for a partner.
func (p *Partition) oldestHeld() (int64, time.Time, bool) {
	if q := p.held.queue; len(q) > 0 {
		return q[0].ev.Offset, q[0].ev.Arrival, true
	}
	return 0, time.Time{}, false
}

// minTime returns the earlier of a and b.
func minTime(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

// maxTime returns the later of a and b.
func maxTime(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}
